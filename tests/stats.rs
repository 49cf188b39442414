//! Statistics (docs/domain.md §8): the shared formula cases of `tests/cases/stats.json` (with the
//! published Jiangxi counts), and properties — a roll-up equals the figures computed directly
//! on its part of the roster, shares stay within [0, 1], row order and duplicated rows change
//! nothing.

use huanjie::division::Level;
use huanjie::id::from_parts;
use huanjie::people::{People, PersonRow};
use huanjie::roster::{Roster, RosterRow};
use huanjie::stats::{DivisionNames, Figure, StatsInput, StatsOptions, StatsReport, stats};
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
                    ..Default::default()
                });
            }
        }
    }
    (people, roster)
}

/// The statistics of people and an elected roster alone (no units, tallies, previous term or
/// count) on `as_of`, at `levels`.
fn stats_of(people: &People, roster: &Roster, as_of: &str, levels: Vec<Level>) -> StatsReport {
    let mut options = StatsOptions::new(as_of.parse().unwrap());
    options.levels = levels;
    let input = StatsInput {
        people,
        roster,
        units: None,
        tallies: None,
        previous: None,
        count: None,
    };
    stats(input, &options, &DivisionNames::ningxia())
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
        let as_of = case["as_of"].as_str().unwrap();
        let r = stats_of(&people, &roster, as_of, vec![Level::Province]);
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
                figure_text(&f, 1).unwrap(),
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
            ..Default::default()
        });
    }
    stats_of(&people, &roster, "2021-01-15", levels)
        .figures
        .to_vec()
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

/// A person of the oracle test: sex, birth day (days after 1950-01-01), education, party and
/// ethnicity (each an index into its labels; the last index is an empty cell).
type Facts = (bool, u32, usize, usize, usize);

const EDUCATION: [&str; 4] = ["初中", "高中", "大专", "本科"];
const PARTY: [&str; 4] = ["中共党员", "中共预备党员", "群众", "共青团员"];
const ETHNICITY: [&str; 3] = ["汉族", "回族", "蒙古族"];
const BODY: [&str; 4] = ["村党组织", "村委会", "村务监督委员会", "村民小组"];
const ROLE: [[&str; 3]; 4] = [
    ["书记", "委员", "副书记"],
    ["主任", "委员", "副主任"],
    ["主任", "委员", "委员"],
    ["组长", "组长", "组长"],
];

fn oracle_id(p: usize, f: &Facts) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
        + chrono::Duration::days(i64::from(f.1));
    // Distinct persons: the sequence code from the index, its last digit the sex.
    from_parts(640104, birth, (p as u16) * 2 + u16::from(!f.0) + 100)
        .unwrap()
        .to_string()
}

/// The new figures of issue 20 by their definitions, on the province, straight from the rows.
fn oracle(facts: &[Facts], rows: &[(u64, usize, usize, usize)]) -> Vec<(&'static str, u64, u64)> {
    use std::collections::{BTreeMap, BTreeSet};
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
    let age = |p: usize| {
        let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
            + chrono::Duration::days(i64::from(facts[p].1));
        u64::from(as_of.years_since(birth).unwrap())
    };
    let seat = |&(p, u, b, r): &(u64, usize, usize, usize)| (p as usize, u, BODY[b], ROLE[b][r]);
    let seats: Vec<_> = rows.iter().map(seat).collect();
    let members: BTreeSet<usize> = seats
        .iter()
        .filter(|s| s.2 == "村党组织" || s.2 == "村委会")
        .map(|s| s.0)
        .collect();
    let holds = |body: &str, role: &str| -> BTreeSet<usize> {
        seats
            .iter()
            .filter(|s| s.2 == body && s.3 == role)
            .map(|s| s.0)
            .collect()
    };
    let directors = holds("村委会", "主任");
    let secretaries = holds("村党组织", "书记");
    let one_shoulder: BTreeSet<usize> = seats
        .iter()
        .filter(|s| s.2 == "村党组织" && s.3 == "书记")
        .filter(|s| {
            seats
                .iter()
                .any(|t| t.0 == s.0 && t.1 == s.1 && t.2 == "村委会" && t.3 == "主任")
        })
        .map(|s| s.0)
        .collect();
    let share =
        |set: &BTreeSet<usize>, known: &dyn Fn(usize) -> bool, yes: &dyn Fn(usize) -> bool| {
            let k: Vec<usize> = set.iter().copied().filter(|&p| known(p)).collect();
            (k.iter().filter(|&&p| yes(p)).count() as u64, k.len() as u64)
        };
    let mean = |set: &BTreeSet<usize>| (set.iter().map(|&p| age(p)).sum::<u64>(), set.len() as u64);
    let college = |p: usize| facts[p].2 >= 2 && facts[p].2 < 4;
    let edu_known = |p: usize| facts[p].2 < 4;
    let (party, party_known) = share(&members, &|p| facts[p].3 < 4, &|p| facts[p].3 < 2);
    let (minority, eth_known) = share(&members, &|p| facts[p].4 < 3, &|p| {
        facts[p].4 > 0 && facts[p].4 < 3
    });
    let (dc, dk) = share(&directors, &edu_known, &college);
    let (sc, sk) = share(&secretaries, &edu_known, &college);
    // Units: by their members.
    let mut units: BTreeMap<usize, (bool, bool, bool)> = BTreeMap::new();
    for s in seats
        .iter()
        .filter(|s| s.2 == "村党组织" || s.2 == "村委会")
    {
        let e = units.entry(s.1).or_default();
        if s.2 == "村委会" {
            e.0 = true;
            e.1 |= facts[s.0].0; // a woman
        }
        e.2 |= age(s.0) <= 35;
    }
    let count =
        |f: &dyn Fn(&(bool, bool, bool)) -> bool| units.values().filter(|u| f(u)).count() as u64;
    let (ds, dn) = mean(&directors);
    let (ss, sn) = mean(&secretaries);
    let (os, on) = mean(&one_shoulder);
    vec![
        ("party_members", party, party_known),
        ("ethnic_minority", minority, eth_known),
        ("mean_age_directors", ds, dn),
        ("mean_age_secretaries", ss, sn),
        ("mean_age_one_shoulder", os, on),
        ("education_college_directors", dc, dk),
        ("education_college_secretaries", sc, sk),
        ("units_with_woman", count(&|u| u.1), count(&|u| u.0)),
        (
            "units_with_young_member",
            count(&|u| u.2),
            units.len() as u64,
        ),
    ]
}

fn facts() -> impl Strategy<Value = Vec<Facts>> {
    prop::collection::vec(
        (any::<bool>(), 0u32..18_000, 0usize..5, 0usize..5, 0usize..4),
        30,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Party members, minorities, the directors' and secretaries' ages and education, units
    /// with a woman or a young member: huanjie's province figures equal their definitions.
    #[test]
    fn the_new_figures_are_their_definitions(f in facts(), r in rows()) {
        let mut people = People::default();
        for (p, x) in f.iter().enumerate() {
            let pid = oracle_id(p, x);
            people.push(&PersonRow {
                id_number: Some(&pid),
                education: EDUCATION.get(x.2).copied(),
                party: PARTY.get(x.3).copied(),
                ethnicity: ETHNICITY.get(x.4).copied(),
                ..Default::default()
            });
        }
        let mut roster = Roster::default();
        for &(p, u, b, role) in &r {
            let pid = oracle_id(p as usize, &f[p as usize]);
            roster.push(&RosterRow {
                id_number: Some(&pid),
                unit_code: Some(UNITS[u]),
                body: Some(BODY[b]),
                role: Some(ROLE[b][role]),
                status: Some("当选"),
                term: Some("2021"),
                ..Default::default()
            });
        }
        let figures = stats_of(&people, &roster, "2021-01-15", vec![Level::Province]).figures;
        let ours: Vec<(&str, u64, u64)> = figures
            .iter()
            .filter(|x| x.kind == huanjie::stats::KindFilter::All)
            .filter(|x| oracle(&f, &r).iter().any(|o| o.0 == x.figure))
            .map(|x| (x.figure, x.num, x.den))
            .collect();
        if r.iter().any(|x| x.2 < 2) {
            prop_assert_eq!(ours, oracle(&f, &r));
        }
    }
}
