//! The count of nominations (docs/domain.md §7): the slate against a brute-force oracle written
//! from the definition, invariance under row order, and hand cases — duplicate nominators,
//! an unreadable cell, the participation figures of a set of units.

use huanjie::RulePack;
use huanjie::nominate::{
    NominationInput, NominationReport, NominationRow, Nominations, NominatorKind, NomineeOutcome,
    nominate, nominators_by_kind,
};
use huanjie::units::{UnitRow, Units};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const UNIT: &str = "640121100201";
const OTHER: &str = "640122101202";
/// Valid ID numbers: nominees.
const NOMINEES: [&str; 8] = [
    "640121197503120134",
    "640121198006210248",
    "640121196809020350",
    "640121198501140427",
    "640121197203180514",
    "640121199007070624",
    "640121196604250777",
    "64012119791130088X",
];
/// Valid ID numbers: nominators.
const NOMINATORS: [&str; 6] = [
    "640121199001012001",
    "640121199001012028",
    "640121199001012044",
    "640121199001012060",
    "640121199001012087",
    "640121199001012108",
];
const ROLES: [&str; 3] = ["主任", "副主任", "委员"];
/// cn-2021's margins (composition.slate_margin.<role>.min/max).
const MARGINS: [(u64, u64); 3] = [(1, 1), (1, 1), (1, 3)];

fn pack() -> &'static RulePack {
    static PACK: std::sync::OnceLock<RulePack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| RulePack::builtin("cn-2021").unwrap())
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2021, 1, 15).unwrap()
}

fn units(seats: [Option<u64>; 3]) -> Units {
    let s: Vec<String> = seats
        .iter()
        .map(|s| s.map(|n| n.to_string()).unwrap_or_default())
        .collect();
    let mut u = Units::default();
    u.push(&UnitRow {
        unit_code: Some(UNIT),
        election_date: Some("2021-01-15"),
        seats_director: Some(&s[0]),
        seats_deputy_director: Some(&s[1]),
        seats_member: Some(&s[2]),
        ..UnitRow::default()
    });
    u
}

/// Who a generated row is by.
#[derive(Debug, Clone, Copy)]
enum By {
    Person(usize),
    Count(u64),
    Party,
}

fn by() -> impl Strategy<Value = By> {
    prop_oneof![
        6 => (0usize..NOMINATORS.len()).prop_map(By::Person),
        2 => (1u64..4).prop_map(By::Count),
        1 => Just(By::Party),
    ]
}

fn table(rows: &[(usize, usize, By)]) -> Nominations {
    let mut t = Nominations::default();
    for (role, nominee, by) in rows {
        let n;
        let (kind, nominator, nominators) = match by {
            By::Person(p) => ("村民", Some(NOMINATORS[*p]), None),
            By::Count(c) => {
                n = c.to_string();
                ("村民代表", None, Some(n.as_str()))
            }
            By::Party => ("党组织", None, None),
        };
        t.push(&NominationRow {
            unit_code: Some(UNIT),
            body: Some("村委会"),
            role: Some(ROLES[*role]),
            id_number: Some(NOMINEES[*nominee]),
            nominator_kind: Some(kind),
            nominator,
            nominators,
            ..NominationRow::default()
        });
    }
    t
}

fn run(t: &Nominations, u: &Units) -> NominationReport {
    nominate(
        NominationInput {
            nominations: t,
            units: Some(u),
        },
        pack(),
        day(),
    )
    .unwrap()
}

/// The definition, written naively: a nominee's nominations are the distinct persons, plus the
/// numbers, plus one if an organisation nominated them; a nominee is formal when no more than
/// seats+max nominees have at least their nominations, tied when fewer than seats+max have
/// more but more than seats+max have at least as many.
fn oracle(
    rows: &[(usize, usize, By)],
    role: usize,
    cap: u64,
) -> BTreeMap<usize, (u64, u32, &'static str)> {
    let mut persons: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut counted: BTreeMap<usize, u64> = BTreeMap::new();
    let mut party: BTreeSet<usize> = BTreeSet::new();
    for (r, nominee, by) in rows.iter().filter(|x| x.0 == role) {
        let _ = r;
        persons.entry(*nominee).or_default();
        match by {
            By::Person(p) => {
                persons.entry(*nominee).or_default().insert(*p);
            }
            By::Count(c) => *counted.entry(*nominee).or_default() += c,
            By::Party => {
                party.insert(*nominee);
            }
        }
    }
    let n: BTreeMap<usize, u64> = persons
        .iter()
        .map(|(k, s)| {
            (
                *k,
                s.len() as u64
                    + counted.get(k).copied().unwrap_or(0)
                    + u64::from(party.contains(k)),
            )
        })
        .collect();
    n.iter()
        .map(|(k, v)| {
            let more = n.values().filter(|w| *w > v).count() as u64;
            let at_least = n.values().filter(|w| *w >= v).count() as u64;
            let outcome = if at_least <= cap {
                "formal"
            } else if more < cap {
                "tied"
            } else {
                "not_formal"
            };
            (*k, (*v, (more + 1) as u32, outcome))
        })
        .collect()
}

fn index_of(id: &str) -> usize {
    NOMINEES.iter().position(|n| *n == id).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The fast count equals the naive definition: nominations, ranks, outcomes, the number of
    /// formal candidates, and the findings of each slate.
    #[test]
    fn slate_equals_the_oracle(
        rows in prop::collection::vec((0usize..3, 0usize..8, by()), 0..40),
        seats in prop::array::uniform3(0u64..4),
    ) {
        let t = table(&rows);
        let report = run(&t, &units(seats.map(Some)));
        for (role, (min, max)) in MARGINS.iter().enumerate() {
            let cap = seats[role] + max;
            let want = oracle(&rows, role, cap);
            let slate = report.slates.iter().find(|s| s.role.label_zh() == ROLES[role]);
            let Some(slate) = slate else {
                prop_assert!(want.is_empty());
                continue;
            };
            let got: BTreeMap<usize, (u64, u32, &'static str)> = slate
                .nominees
                .iter()
                .map(|n| (index_of(&n.id.to_string()), (n.nominations, n.rank, n.outcome.as_str())))
                .collect();
            if seats[role] == 0 {
                prop_assert!(slate.nominees.iter().all(|n| n.outcome == NomineeOutcome::NotFormal));
                prop_assert!(report.findings.iter().any(|f| &*f.rule == "NOM-SEATS" && f.role == Some(slate.role)));
                continue;
            }
            prop_assert_eq!(&got, &want);
            // Most nominated first.
            prop_assert!(slate.nominees.windows(2).all(|w| w[0].nominations >= w[1].nominations));
            let formal = want.values().filter(|v| v.2 == "formal").count() as u64;
            prop_assert_eq!(slate.formal, formal);
            prop_assert!(formal <= cap);
            let tie = report.findings.iter().any(|f| &*f.rule == "NOM-TIE" && f.role == Some(slate.role));
            prop_assert_eq!(tie, want.values().any(|v| v.2 == "tied"));
            let short = report.findings.iter().find(|f| &*f.rule == "NOM-SHORT" && f.role == Some(slate.role));
            prop_assert_eq!(short.is_some(), formal < seats[role] + min);
            if let Some(f) = short {
                let want_severity = if formal <= seats[role] { "cannot" } else { "review" };
                prop_assert_eq!(f.severity.as_str(), want_severity);
            }
        }
    }

    /// The order of the rows changes nothing.
    #[test]
    fn row_order_does_not_matter(
        rows in prop::collection::vec((0usize..3, 0usize..8, by()), 0..30),
        seats in prop::array::uniform3(0u64..4),
        seed in any::<u64>(),
    ) {
        let mut shuffled = rows.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let u = units(seats.map(Some));
        let (a, b) = (run(&table(&rows), &u), run(&table(&shuffled), &u));
        let key = |r: &NominationReport| -> Vec<(String, u64, u32, &'static str)> {
            r.slates
                .iter()
                .flat_map(|s| s.nominees.iter().map(|n| (n.id.to_string(), n.nominations, n.rank, n.outcome.as_str())))
                .collect()
        };
        prop_assert_eq!(key(&a), key(&b));
        prop_assert_eq!(a.participation, b.participation);
        prop_assert_eq!(a.summary, b.summary);
    }
}

#[test]
fn the_same_nominator_twice_counts_once() {
    let rows = [
        (0, 0, By::Person(0)),
        (0, 0, By::Person(0)),
        (0, 0, By::Person(1)),
        (0, 1, By::Person(2)),
    ];
    let r = run(&table(&rows), &units([Some(1), Some(1), Some(3)]));
    let s = &r.slates[0];
    assert_eq!(s.nominees[0].nominations, 2);
    assert_eq!(s.nominees[0].persons, 2);
    assert_eq!(s.nominees[0].rows, vec![0, 1, 2]);
    assert_eq!(s.formal, 2);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

#[test]
fn an_unreadable_cell_is_a_finding_naming_the_column_not_the_person() {
    let mut t = table(&[(0, 0, By::Person(0)), (0, 1, By::Person(1))]);
    t.push(&NominationRow {
        unit_code: Some(UNIT),
        body: Some("村委会"),
        role: Some("主任"),
        id_number: Some(NOMINEES[2]),
        nominator_kind: Some("村民"),
        nominators: Some("两人"),
        ..NominationRow::default()
    });
    t.headers.insert("nominators".into(), "联名人数".into());
    let r = run(&t, &units([Some(1), Some(1), Some(3)]));
    let f: Vec<_> = r
        .findings
        .iter()
        .filter(|f| &*f.rule == "NOM-ROW")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity.as_str(), "review");
    assert!(
        f[0].message_zh().contains("联名人数"),
        "{}",
        f[0].message_zh()
    );
    assert!(matches!(
        &f[0].evidence,
        Some(huanjie::finding::Evidence::Cell { table: "nominations", row: 2, column }) if column == "联名人数"
    ));
    for id in NOMINEES.iter().chain(&NOMINATORS) {
        assert!(!f[0].message_zh().contains(id) && !f[0].message_en().contains(id));
    }
    assert_eq!(r.summary.rows_not_counted, 1);
    // The row that does not count is not on the slate.
    assert_eq!(r.slates[0].nominees.len(), 2);
    assert!(!r.all_clear());
}

#[test]
fn nominators_by_kind_of_a_set_of_units() {
    let mut t = table(&[
        (2, 0, By::Person(0)),
        (2, 1, By::Person(0)),
        (2, 1, By::Person(1)),
        (2, 2, By::Count(7)),
        (2, 3, By::Party),
    ]);
    t.push(&NominationRow {
        unit_code: Some(OTHER),
        body: Some("村委会"),
        role: Some("委员"),
        id_number: Some(NOMINEES[4]),
        nominator_kind: Some("户代表"),
        nominator: Some(NOMINATORS[3]),
        ..NominationRow::default()
    });
    let unit = huanjie::division::DivisionCode::parse(UNIT).unwrap();
    let only = nominators_by_kind(&t, Some(&[unit]));
    let line = |kind: Option<NominatorKind>| {
        only.iter()
            .find(|p| p.unit_code == Some(unit) && p.kind == kind)
            .cloned()
            .unwrap()
    };
    // One person nominating two nominees is one nominator.
    assert_eq!(line(Some(NominatorKind::Villager)).persons, 2);
    assert_eq!(line(Some(NominatorKind::VillagerRepresentative)).counted, 7);
    assert_eq!(
        line(Some(NominatorKind::PartyOrganisation)).organisation_nominations,
        1
    );
    let all = line(None);
    assert_eq!(
        (all.persons, all.counted, all.organisation_nominations),
        (2, 7, 1)
    );
    assert!(
        only.iter()
            .all(|p| p.unit_code != huanjie::division::DivisionCode::parse(OTHER).ok())
    );
    let every = nominators_by_kind(&t, None);
    let total = every
        .iter()
        .find(|p| p.unit_code.is_none() && p.kind.is_none())
        .unwrap();
    assert_eq!(total.persons, 3);
}

#[test]
fn a_person_nominating_in_two_units_is_one_person_in_the_totals() {
    // NOMINATORS[0] nominates as 村民 in UNIT and in OTHER: one nominator in each unit, one
    // over both.
    let mut t = table(&[(2, 0, By::Person(0))]);
    t.push(&NominationRow {
        unit_code: Some(OTHER),
        body: Some("村委会"),
        role: Some("委员"),
        id_number: Some(NOMINEES[4]),
        nominator_kind: Some("村民"),
        nominator: Some(NOMINATORS[0]),
        ..NominationRow::default()
    });
    let every = nominators_by_kind(&t, None);
    let units: Vec<_> = every
        .iter()
        .filter(|p| p.unit_code.is_some() && p.kind.is_none())
        .collect();
    assert_eq!(units.len(), 2);
    assert!(units.iter().all(|p| p.persons == 1));
    for kind in [Some(NominatorKind::Villager), None] {
        let total = every
            .iter()
            .find(|p| p.unit_code.is_none() && p.kind == kind)
            .unwrap();
        assert_eq!(total.persons, 1, "{kind:?}");
    }
}
