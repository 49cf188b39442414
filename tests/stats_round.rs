//! Statistics of the round's facts and of the members' allowance and backgrounds (issue 20):
//! on random units tables and rosters, each figure at the province equals its definition
//! counted straight from the rows, and at every level a roll-up equals the figure of the
//! union; unreadable cells are in neither numerator nor denominator and are reported.

use huanjie::Units;
use huanjie::division::Level;
use huanjie::id::from_parts;
use huanjie::pack::RulePack;
use huanjie::people::{People, PersonRow};
use huanjie::roster::{Roster, RosterRow};
use huanjie::stats::{DivisionNames, KindFilter, StatsInput, StatsOptions, StatsReport, stats};
use huanjie::units::UnitRow;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const UNITS: [&str; 4] = [
    "640104001001",
    "640104001002",
    "640105100201",
    "640105100202",
];
const YES_NO: [&str; 4] = ["是", "否", "", "也许"];
const FUNDS: [&str; 5] = ["110000", "11.5万", "", "很多", "160,000元"];
const FUNDS_YUAN: [Option<u64>; 5] = [Some(110_000), Some(115_000), None, None, Some(160_000)];
const STATUS: [&str; 5] = ["已完成", "进行中", "未开始", "", "暂停"];
const BACKGROUND: [&str; 5] = ["", "返乡", "退役军人", "返乡、退役军人", "宗教人士"];
const BODY: [&str; 2] = ["村党组织", "村委会"];

/// A unit's facts: new, complex, reelection (index in YES_NO), funds before and after (FUNDS),
/// status (STATUS).
type UnitFacts = (usize, usize, usize, usize, usize, usize);
/// A roster row: person, unit, body, subsidised (YES_NO), background (BACKGROUND).
type Row = (usize, usize, usize, usize, usize);

fn person(p: usize, day: u32) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
        + chrono::Duration::days(i64::from(day));
    from_parts(640104, birth, (p as u16) * 2 + 101)
        .unwrap()
        .to_string()
}

fn run(units: &[UnitFacts], days: &[u32], rows: &[Row], bands: &[u32]) -> StatsReport {
    let mut people = People::default();
    for (p, &d) in days.iter().enumerate() {
        let id = person(p, d);
        people.push(&PersonRow {
            id_number: Some(&id),
            ..Default::default()
        });
    }
    let mut u = Units::default();
    for (i, f) in units.iter().enumerate() {
        u.push(&UnitRow {
            unit_code: Some(UNITS[i]),
            new_unit: Some(YES_NO[f.0]),
            complex: Some(YES_NO[f.1]),
            reelection: Some(YES_NO[f.2]),
            funds_before: Some(FUNDS[f.3]),
            funds_after: Some(FUNDS[f.4]),
            round_status: Some(STATUS[f.5]),
            ..Default::default()
        });
    }
    let mut roster = Roster::default();
    for &(p, unit, body, sub, bg) in rows {
        let id = person(p, days[p]);
        roster.push(&RosterRow {
            id_number: Some(&id),
            unit_code: Some(UNITS[unit]),
            body: Some(BODY[body]),
            role: Some("委员"),
            status: Some("当选"),
            subsidised: Some(YES_NO[sub]),
            background: Some(BACKGROUND[bg]),
            ..Default::default()
        });
    }
    let mut options = StatsOptions::new("2021-01-15".parse().unwrap());
    options.age_bands = bands.to_vec();
    options.backgrounds = RulePack::builtin("cn-2021").unwrap().backgrounds;
    let input = StatsInput {
        people: &people,
        roster: &roster,
        units: Some(&u),
        tallies: None,
        previous: None,
        count: None,
    };
    stats(input, &options, &DivisionNames::ningxia())
}

/// The figures by their definitions, over the units `which` (indexes) and their rows.
fn oracle(
    units: &[UnitFacts],
    days: &[u32],
    rows: &[Row],
    bands: &[u32],
    which: &[usize],
) -> BTreeMap<String, (u64, u64)> {
    let mut out = BTreeMap::new();
    let yes_no = |i: usize| match i {
        0 => Some(true),
        1 => Some(false),
        _ => None,
    };
    let chosen: Vec<&UnitFacts> = which.iter().map(|&i| &units[i]).collect();
    let share = |f: &dyn Fn(&UnitFacts) -> Option<bool>| {
        let known: Vec<bool> = chosen.iter().filter_map(|u| f(u)).collect();
        (
            known.iter().filter(|&&b| b).count() as u64,
            known.len() as u64,
        )
    };
    out.insert("units_new".into(), share(&|u| yes_no(u.0)));
    out.insert("units_complex".into(), share(&|u| yes_no(u.1)));
    out.insert("units_reelection".into(), share(&|u| yes_no(u.2)));
    for (k, name) in [
        (0, "units_finished"),
        (1, "units_unfinished"),
        (2, "units_not_started"),
    ] {
        out.insert(name.into(), share(&|u| (u.5 < 3).then_some(u.5 == k)));
    }
    for (pick, mean, least) in [
        (0, "mean_funds_before", "min_funds_before"),
        (1, "mean_funds_after", "min_funds_after"),
    ] {
        let v: Vec<u64> = chosen
            .iter()
            .filter_map(|u| FUNDS_YUAN[if pick == 0 { u.3 } else { u.4 }])
            .collect();
        out.insert(mean.into(), (v.iter().sum(), v.len() as u64));
        out.insert(
            least.into(),
            (v.iter().min().copied().unwrap_or(0), v.len() as u64),
        );
    }
    // Members: distinct persons of the chosen units; a person's allowance is yes on any of
    // their rows, else no on any; their background is unknown when any row's is unreadable.
    let mut persons: BTreeMap<usize, (Option<bool>, u32, bool)> = BTreeMap::new();
    for &(p, unit, _, sub, bg) in rows.iter().filter(|r| which.contains(&r.1)) {
        let _ = unit;
        let e = persons.entry(p).or_insert((None, 0, false));
        e.0 = match (e.0, yes_no(sub)) {
            (Some(a), Some(b)) => Some(a || b),
            (a, b) => a.or(b),
        };
        match bg {
            1 => e.1 |= 0b10,
            2 => e.1 |= 0b1000,
            3 => e.1 |= 0b1010,
            4 => e.2 = true,
            _ => {}
        }
    }
    let known: Vec<bool> = persons.values().filter_map(|p| p.0).collect();
    out.insert(
        "subsidised".into(),
        (
            known.iter().filter(|&&b| b).count() as u64,
            known.len() as u64,
        ),
    );
    let readable: Vec<u32> = persons.values().filter(|p| !p.2).map(|p| p.1).collect();
    let defs = RulePack::builtin("cn-2021").unwrap().backgrounds;
    for (i, d) in defs.iter().enumerate() {
        out.insert(
            format!("background_{}", d.code),
            (
                readable.iter().filter(|&&b| b >> i & 1 == 1).count() as u64,
                readable.len() as u64,
            ),
        );
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
    let ages: Vec<u32> = persons
        .keys()
        .map(|&p| {
            let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
                + chrono::Duration::days(i64::from(days[p]));
            as_of.years_since(birth).unwrap()
        })
        .collect();
    for &b in bands {
        out.insert(
            format!("age_{b}_or_under"),
            (
                ages.iter().filter(|&&a| a <= b).count() as u64,
                ages.len() as u64,
            ),
        );
    }
    out
}

fn cases() -> impl Strategy<Value = (Vec<UnitFacts>, Vec<u32>, Vec<Row>, Vec<u32>)> {
    (
        prop::collection::vec(
            (
                0usize..4,
                0usize..4,
                0usize..4,
                0usize..5,
                0usize..5,
                0usize..5,
            ),
            4,
        ),
        prop::collection::vec(0u32..25_000, 12),
        prop::collection::vec(
            (0usize..12, 0usize..4, 0usize..2, 0usize..4, 0usize..5),
            0..30,
        ),
        prop::collection::btree_set(20u32..70, 0..4),
    )
        .prop_map(|(u, d, r, b)| (u, d, r, b.into_iter().collect()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn round_and_member_facts_are_their_definitions((units, days, rows, bands) in cases()) {
        let report = run(&units, &days, &rows, &bands);
        // Each group: the province (all four units), the two counties, each unit.
        let groups: Vec<(Level, &str, Vec<usize>)> = vec![
            (Level::Province, "640000", vec![0, 1, 2, 3]),
            (Level::County, "640104", vec![0, 1]),
            (Level::County, "640105", vec![2, 3]),
            (Level::Village, UNITS[0], vec![0]),
            (Level::Village, UNITS[3], vec![3]),
        ];
        for (level, code, which) in groups {
            let mut want = oracle(&units, &days, &rows, &bands, &which);
            // Rows pushed without a table have no headers: a column is given when a cell is.
            if rows.iter().all(|r| r.3 == 2) {
                want.remove("subsidised");
            }
            if rows.iter().all(|r| r.4 == 0) {
                want.retain(|k, _| !k.starts_with("background_"));
            }
            let empty = |f: &dyn Fn(&UnitFacts) -> bool| units.iter().all(f);
            for (gone, names) in [
                (empty(&|u| u.0 == 2), &["units_new"][..]),
                (empty(&|u| u.1 == 2), &["units_complex"][..]),
                (empty(&|u| u.2 == 2), &["units_reelection"][..]),
                (empty(&|u| u.3 == 2), &["mean_funds_before", "min_funds_before"][..]),
                (empty(&|u| u.4 == 2), &["mean_funds_after", "min_funds_after"][..]),
                (empty(&|u| u.5 == 3), &["units_finished", "units_unfinished", "units_not_started"][..]),
            ] {
                if gone {
                    for n in names {
                        want.remove(*n);
                    }
                }
            }
            let got: BTreeMap<String, (u64, u64)> = report
                .figures
                .iter()
                .filter(|f| f.level == level && f.code.to_string() == code && f.kind == KindFilter::All)
                .filter(|f| want.contains_key(f.figure))
                .map(|f| (f.figure.to_string(), (f.num, f.den)))
                .collect();
            // A unit without members has no member figures; every figure it has is right.
            for (k, v) in &got {
                prop_assert_eq!(Some(v), want.get(k), "{} {} {}", level.as_str(), code, k);
            }
            let has_members = rows.iter().any(|r| which.contains(&r.1));
            if has_members {
                prop_assert_eq!(got.len(), want.len(), "{} {}", level.as_str(), code);
            }
        }
        // Unreadable cells are said, table by table.
        let bad_units = units.iter().map(|u| {
            [u.0 == 3, u.1 == 3, u.2 == 3, u.3 == 3, u.4 == 3, u.5 == 4]
        });
        let mut per_column = [0u64; 6];
        for b in bad_units {
            for (n, x) in per_column.iter_mut().zip(b) {
                *n += u64::from(x);
            }
        }
        let said: BTreeSet<(String, u64)> = report
            .unreadable
            .iter()
            .filter(|u| u.table == "units")
            .map(|u| (u.column.clone(), u.cells))
            .collect();
        let want: BTreeSet<(String, u64)> = ["new_unit", "complex", "reelection", "funds_before", "funds_after", "round_status"]
            .iter()
            .zip(per_column)
            .filter(|x| x.1 > 0)
            .map(|(c, n)| (c.to_string(), n))
            .collect();
        prop_assert_eq!(said, want);
        let bad_bg = rows.iter().filter(|r| r.4 == 4).count() as u64;
        let said_bg = report.unreadable.iter().find(|u| u.column == "background").map_or(0, |u| u.cells);
        prop_assert_eq!(said_bg, bad_bg);
    }
}

#[test]
fn the_figures_name_their_columns_only_when_given() {
    // No units table, no roster allowance or background: none of the new figures.
    let mut people = People::default();
    let mut roster = Roster::default();
    let id = person(0, 100);
    people.push(&PersonRow {
        id_number: Some(&id),
        ..Default::default()
    });
    roster.push(&RosterRow {
        id_number: Some(&id),
        unit_code: Some(UNITS[0]),
        body: Some("村委会"),
        role: Some("主任"),
        status: Some("当选"),
        ..Default::default()
    });
    let options = StatsOptions::new("2021-01-15".parse().unwrap());
    let input = StatsInput {
        people: &people,
        roster: &roster,
        units: None,
        tallies: None,
        previous: None,
        count: None,
    };
    let report = stats(input, &options, &DivisionNames::ningxia());
    for f in &report.figures {
        assert!(
            !f.figure.starts_with("units_new")
                && !f.figure.starts_with("background_")
                && !f.figure.contains("funds")
                && f.figure != "subsidised",
            "{}",
            f.figure
        );
    }
}
