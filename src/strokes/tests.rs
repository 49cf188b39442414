use super::*;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

#[test]
fn surnames_have_their_known_stroke_counts() {
    let known = [
        ('丁', 2),
        ('马', 3),
        ('王', 4),
        ('毛', 4),
        ('文', 4),
        ('方', 4),
        ('白', 5),
        ('石', 5),
        ('田', 5),
        ('刘', 6),
        ('朱', 6),
        ('孙', 6),
        ('李', 7),
        ('张', 7),
        ('杨', 7),
        ('何', 7),
        ('陈', 7),
        ('吴', 7),
        ('周', 8),
        ('郑', 8),
        ('金', 8),
        ('赵', 9),
        ('胡', 9),
        ('黄', 11),
        ('谢', 12),
        ('魏', 17),
    ];
    for (c, n) in known {
        assert_eq!(strokes(c), Some(n), "{c}");
    }
}

#[test]
fn the_table_covers_its_ranges_and_no_more() {
    // Both ends of each range, extension A, the simplified value where Unihan gives two
    // (范 8 for zh-Hans, 9 for zh-Hant; 骨 9/10), a compatibility ideograph.
    assert_eq!(strokes('\u{3400}'), Some(5));
    assert_eq!(strokes('䶮'), Some(9)); // U+4DAE, extension A, in the 通用规范汉字表
    assert_eq!(strokes('一'), Some(1));
    assert_eq!(strokes('范'), Some(8));
    assert_eq!(strokes('骨'), Some(9));
    assert_eq!(strokes('\u{F900}'), Some(10)); // 豈, a compatibility ideograph
    assert_eq!(strokes('\u{F9A8}'), Some(5));
    // Supplementary characters of the 通用规范汉字表.
    assert_eq!(strokes('𫖯'), Some(12)); // U+2B5AF
    assert_eq!(strokes('𬱖'), Some(11)); // U+2CC56
    // Without a count: the hexagrams inside the first range, characters outside the ranges.
    for c in [
        '\u{4DC0}',
        '\u{33FF}',
        '\u{A000}',
        '〇',
        '·',
        'a',
        'Z',
        '0',
        ' ',
        '\u{20000}',
    ] {
        assert_eq!(strokes(c), None, "U+{:04X}", u32::from(c));
    }
    assert_eq!(strokes(char::MAX), None);
}

#[test]
fn the_committed_table_is_the_generated_one() {
    let digest = Sha256::digest(table::BMP.as_slice());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, table::BMP_SHA256);
    let len: u32 = table::BMP_RANGES.iter().map(|(a, b)| b - a + 1).sum();
    assert_eq!(table::BMP.len(), len as usize);
    assert!(table::BMP.iter().filter(|&&n| n != 0).count() > 28_000);
    assert!(
        table::SUPPLEMENTARY
            .windows(2)
            .all(|w| w[0] >> 8 < w[1] >> 8)
    );
    assert!(
        table::SUPPLEMENTARY
            .iter()
            .all(|e| e >> 8 > 0xFFFF && e & 0xFF != 0)
    );
    assert_eq!(UNIHAN_VERSION, "15.0.0");
}

#[test]
fn a_published_list_in_stroke_order() {
    let mut names = ["赵六", "王五", "丁一", "李四", "张三"];
    sort_by_strokes(&mut names, |n| n);
    // 丁 2, 王 4, then 张 and 李 (both 7) by their second characters, 三 3 before 四 5; 赵 9.
    assert_eq!(names, ["丁一", "王五", "张三", "李四", "赵六"]);
}

#[test]
fn compound_surnames_are_their_first_characters() {
    let mut names = ["欧阳娜娜", "司马光", "王五", "诸葛亮", "上官婉儿"];
    sort_by_strokes(&mut names, |n| n);
    // 上 3, 王 4, 司 5, 欧 8, 诸 10.
    assert_eq!(names, ["上官婉儿", "王五", "司马光", "欧阳娜娜", "诸葛亮"]);
    assert_eq!(name_key("欧阳娜娜").surname_strokes(), Some(8));
}

#[test]
fn characters_without_a_count_come_after_at_their_position() {
    use Ordering::*;
    assert_eq!(compare_names("王五", "王a"), Less);
    assert_eq!(compare_names("王龘", "王1"), Less);
    assert_eq!(compare_names("Alice", "魏"), Greater);
    // Uncounted characters among themselves: by code point at their position.
    assert_eq!(compare_names("Alice", "Bob"), Less);
    assert_eq!(compare_names("Zoe", "alice"), Less);
    assert_eq!(compare_names("王b", "王ab"), Greater);
    // A name that is a prefix of another comes first, also before an uncounted character.
    assert_eq!(compare_names("王", "王五"), Less);
    assert_eq!(compare_names("王五", "王五a"), Less);
    assert_eq!(compare_names("", "丁"), Less);
    assert_eq!(compare_names("", ""), Equal);
    // The same strokes throughout: by code point (方 U+65B9 before 王 U+738B).
    assert_eq!(compare_names("方六", "王五"), Less);
}

#[test]
fn spaces_and_middle_dots_are_ignored() {
    use Ordering::*;
    assert_eq!(compare_names("  王五\t", "王五"), Equal);
    assert_eq!(compare_names("王 五", "王五"), Equal);
    assert_eq!(compare_names("王\u{3000}五", "王五"), Equal);
    for dot in ['·', '•', '‧', '・', '･'] {
        let name = format!("阿依古丽{dot}买买提");
        assert_eq!(compare_names(&name, "阿依古丽买买提"), Equal, "{name}");
    }
    let key = name_key(" 阿依古丽 · 买买提 ");
    assert_eq!(key.chars().iter().collect::<String>(), "阿依古丽买买提");
    assert_eq!(key.surname_strokes(), Some(7));
    assert_eq!(
        name_key("王a").strokes().collect::<Vec<_>>(),
        [Some(4), None]
    );
    assert_eq!(name_key(" ").surname_strokes(), None);
    // Other punctuation stays, and is uncounted.
    assert_eq!(compare_names("王-五", "王五"), Greater);
}

/// The alphabet of the property tests: counted characters with shared counts (王 方 五 六 文
/// 4; 李 张 7; 三 马 3), uncounted ones, and the separators that normalisation drops.
const ALPHABET: &[char] = &[
    '丁', '王', '方', '五', '六', '文', '李', '张', '三', '马', '𫖯', 'a', 'B', '1', '-', ' ', '·',
];

fn short_name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..5)
        .prop_map(|cs| cs.into_iter().collect())
}

/// A name from a small pool, so that a list holds names that compare equal.
fn some_name() -> impl Strategy<Value = String> {
    prop::sample::select(&["王五", "王 五", "李四", "张三", "方六", "a", ""][..])
        .prop_map(String::from)
}

/// The normalisation of the module's documentation, written out again.
fn normalised(name: &str) -> String {
    name.chars().filter(|&c| c != ' ' && c != '·').collect()
}

proptest! {
    /// The order is antisymmetric and agrees with the order of the keys.
    #[test]
    fn the_order_is_antisymmetric_and_agrees_with_the_keys(a in short_name(), b in short_name()) {
        let ab = compare_names(&a, &b);
        prop_assert_eq!(ab, compare_names(&b, &a).reverse());
        prop_assert_eq!(ab, name_key(&a).cmp(&name_key(&b)));
    }

    /// The order is transitive, whichever way round the three names are taken.
    #[test]
    fn the_order_is_transitive(a in short_name(), b in short_name(), c in short_name()) {
        let names = [&a, &b, &c];
        for (x, y, z) in [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)] {
            let (x, y, z) = (names[x], names[y], names[z]);
            if compare_names(x, y).is_le() && compare_names(y, z).is_le() {
                prop_assert!(compare_names(x, z).is_le(), "{x:?} <= {y:?} <= {z:?}");
            }
            if compare_names(x, y).is_eq() && compare_names(y, z).is_eq() {
                prop_assert!(compare_names(x, z).is_eq());
            }
        }
    }

    /// Two names compare equal exactly when they are the same after normalisation; a name and
    /// itself with spaces and dots put in are always equal.
    #[test]
    fn equal_exactly_when_the_same_after_normalisation(
        a in short_name(),
        b in short_name(),
        gaps in prop::collection::vec(prop::sample::select(&[' ', '·', '\u{3000}', '\t'][..]), 0..4),
        at in 0usize..8,
    ) {
        prop_assert_eq!(compare_names(&a, &b).is_eq(), normalised(&a) == normalised(&b));
        let mut chars: Vec<char> = a.chars().collect();
        for (i, g) in gaps.into_iter().enumerate() {
            let pos = (at + i * 3) % (chars.len() + 1);
            chars.insert(pos, g);
        }
        let spaced: String = chars.into_iter().collect();
        prop_assert_eq!(compare_names(&a, &spaced), Ordering::Equal);
    }

    /// The sort orders the records, and records whose names compare equal keep their order.
    #[test]
    fn the_sort_is_stable(names in prop::collection::vec(prop_oneof![short_name(), some_name()], 0..24)) {
        let mut records: Vec<(String, usize)> = names.into_iter().enumerate().map(|(i, n)| (n, i)).collect();
        sort_by_strokes(&mut records, |r| r.0.as_str());
        let mut indices: Vec<usize> = records.iter().map(|r| r.1).collect();
        for w in records.windows(2) {
            let order = compare_names(&w[0].0, &w[1].0);
            prop_assert!(order.is_le(), "{:?} before {:?}", w[0].0, w[1].0);
            if order.is_eq() {
                prop_assert!(w[0].1 < w[1].1, "{:?} moved past {:?}", w[1], w[0]);
            }
        }
        indices.sort_unstable();
        prop_assert!(indices.iter().enumerate().all(|(i, &j)| i == j));
    }
}
