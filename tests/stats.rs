//! Statistics (docs/domain.md §8): the shared formula cases of `tests/cases/stats.json` (with the
//! published Jiangxi counts), and properties — a roll-up equals the figures computed directly
//! on its part of the roster, shares stay within [0, 1], row order and duplicated rows change
//! nothing.

use huanjie::division::Level;
use huanjie::id::from_parts;
use huanjie::people::{People, PersonRow};
use huanjie::roster::{Roster, RosterRow};
use huanjie::stats::{DivisionNames, Figure, StatsInput, StatsOptions, stats};
use huanjie::table::figure_text;
use proptest::prelude::*;
use serde_json::Value;

fn id(i: u64, female: bool) -> String {
    // Distinct persons: index → (birth day, sequence) one to one, up to 4.5 million.
    let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
        + chrono::Duration::days((i % 10_000) as i64);
    // The sequence code's last digit gives the sex (odd men, even women).
    let seq = ((i / 10_000) % 450) as u16 * 2 + u16::from(!female) + 100;
    from_parts(640104, birth, seq).unwrap().to_string()
}

/// People and an elected roster with the case's counts: the first `both` persons sit on both
/// committees, then party-only and committee-only persons; the first `women` are women, the
/// first `educated` have senior secondary education.
fn build(case: &Value) -> (People, Roster) {
    let n = |k: &str| case[k].as_u64().unwrap();
    let (party, committee, both, women, educated, units) = (
        n("party"),
        n("committee"),
        n("both"),
        n("women"),
        n("educated"),
        n("units"),
    );
    let persons = party + committee - both;
    let mut people = People::default();
    let mut roster = Roster::default();
    for i in 0..persons {
        let female = i < women;
        // distinct persons: index → distinct (county, birth, sequence)
        let pid = id(i, female);
        people.push(&PersonRow {
            id_number: Some(&pid),
            education: Some(if i < educated { "高中" } else { "初中" }),
            ..Default::default()
        });
        let u = i % units;
        let unit = format!("640104{:03}{:03}", 100 + u / 200, 200 + u % 200);
        let on_party = i < party;
        let on_committee = i < both || i >= party;
        for (on, body) in [(on_party, "村党组织"), (on_committee, "村委会")] {
            if on {
                roster.push(&RosterRow {
                    id_number: Some(&pid),
                    unit_code: Some(&unit),
                    body: Some(body),
                    role: Some("委员"),
                    status: Some("当选"),
                    term: Some("2021"),
                });
            }
        }
    }
    (people, roster)
}

#[test]
fn formula_cases() {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/cases/stats.json"
        ))
        .unwrap(),
    )
    .unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let (people, roster) = build(case);
        let mut options = StatsOptions::new(case["as_of"].as_str().unwrap().parse().unwrap());
        options.levels = vec![Level::Province];
        let r = stats(
            StatsInput {
                people: &people,
                roster: &roster,
                units: None,
                tallies: None,
                previous: None,
                count: None,
            },
            &options,
            &DivisionNames::ningxia(),
        );
        assert_eq!((r.skipped_invalid_id, r.skipped_no_unit), (0, 0));
        for (key, want) in case["expect"].as_object().unwrap() {
            let f = r
                .figures
                .iter()
                .find(|f| f.figure == key && f.kind == huanjie::stats::KindFilter::All)
                .unwrap();
            assert_eq!(f.num, want["num"].as_u64().unwrap(), "{key}");
            if let Some(den) = want["den"].as_u64() {
                assert_eq!(f.den, den, "{key}");
            }
            assert_eq!(
                figure_text(f, 1).unwrap(),
                want["text"].as_str().unwrap(),
                "{key}"
            );
        }
    }
}

/// A random roster: (person, unit, body, role) with units in two counties and two townships;
/// bodies: the Party organisation, the committee, the supervision committee, a villager group.
fn rows() -> impl Strategy<Value = Vec<(u64, usize, usize, usize)>> {
    prop::collection::vec((0u64..30, 0usize..6, 0usize..4, 0usize..3), 0..60)
}

const UNITS: [&str; 6] = [
    "640104100201",
    "640104100202",
    "640104101201",
    "640121100201",
    "640121100101",
    "640121200201",
];

fn run(rows: &[(u64, usize, usize, usize)], levels: Vec<Level>) -> Vec<Figure> {
    let mut people = People::default();
    for p in 0..30 {
        let pid = id(p, p % 3 == 0);
        people.push(&PersonRow {
            id_number: Some(&pid),
            education: Some(["初中", "高中", "大专", "本科"][(p % 4) as usize]),
            ..Default::default()
        });
    }
    let mut roster = Roster::default();
    for &(p, u, b, r) in rows {
        let pid = id(p, p % 3 == 0);
        roster.push(&RosterRow {
            id_number: Some(&pid),
            unit_code: Some(UNITS[u]),
            body: Some(["村党组织", "村委会", "村务监督委员会", "村民小组"][b]),
            role: Some(
                [
                    ["书记", "委员", "副书记"],
                    ["主任", "委员", "副主任"],
                    ["主任", "委员", "委员"],
                    ["组长", "组长", "组长"],
                ][b][r],
            ),
            status: Some("当选"),
            term: Some("2021"),
        });
    }
    let mut options = StatsOptions::new("2021-01-15".parse().unwrap());
    options.levels = levels;
    stats(
        StatsInput {
            people: &people,
            roster: &roster,
            units: None,
            tallies: None,
            previous: None,
            count: None,
        },
        &options,
        &DivisionNames::ningxia(),
    )
    .figures
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_roll_up_is_the_figure_of_its_part(r in rows()) {
        let all = run(&r, vec![Level::County]);
        for county in ["640104", "640121"] {
            let part: Vec<_> = r.iter().copied().filter(|x| UNITS[x.1].starts_with(county)).collect();
            let direct = run(&part, vec![Level::Province]);
            let rolled: Vec<(&str, u64, u64, huanjie::stats::KindFilter)> = all
                .iter()
                .filter(|f| f.code.to_string().starts_with(county))
                .map(|f| (f.figure, f.num, f.den, f.kind))
                .collect();
            let want: Vec<(&str, u64, u64, huanjie::stats::KindFilter)> =
                direct.iter().map(|f| (f.figure, f.num, f.den, f.kind)).collect();
            prop_assert_eq!(rolled, want);
        }
    }

    #[test]
    fn shares_stay_in_bounds_and_persons_are_counted_once(r in rows(), seed in any::<u64>()) {
        let base = run(&r, vec![Level::Village, Level::Province]);
        for f in &base {
            if f.is_share() {
                prop_assert!(f.num <= f.den, "{} {} {}", f.figure, f.num, f.den);
            }
        }
        // Every row twice, and in another order: the same figures.
        let mut twice: Vec<_> = r.iter().chain(r.iter()).copied().collect();
        let mut x = seed | 1;
        for i in (1..twice.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            twice.swap(i, (x % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(run(&twice, vec![Level::Village, Level::Province]), base);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// The same figures in both terms: every change is nil (or undefined, for an empty base),
    /// so "两升一降" never holds.
    #[test]
    fn the_same_figures_twice_change_nothing(r in rows()) {
        use huanjie::stats::{compare, two_up_one_down};
        let now = run(&r, vec![Level::Province]);
        let report = huanjie::stats::StatsReport::from_figures;
        let same = compare(&report(now.clone()), &report(now.clone()));
        for c in &same {
            let d = c.direction();
            prop_assert!(d.is_none_or(|d| d == std::cmp::Ordering::Equal), "{}", c.figure);
        }
        prop_assert!(two_up_one_down(&same).iter().all(|v| v.3 != Some(true)));
    }
}
