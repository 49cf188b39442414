//! The Ningxia 2020–21 reference data set and the demo: the pipeline run on the synthetic
//! tables reproduces every computable figure of the seed report, the tables are the same on
//! every run with the same seed, and the data are varied the way real rounds are.

#![cfg(feature = "reference")]

use huanjie::reference::{DEFAULT_SEED, demo, ningxia_2021};
use huanjie::{OutcomeKind, ResidentId};
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn the_demo_reproduces_the_seed_report_and_the_data_set_is_deterministic() {
    let data = ningxia_2021(DEFAULT_SEED).unwrap();
    let again = ningxia_2021(DEFAULT_SEED).unwrap();
    assert_eq!(data.tables.len(), again.tables.len());
    for ((n, a), (m, b)) in data.tables.iter().zip(&again.tables) {
        assert_eq!(n, m);
        assert!(a == b, "table {n} differs between two runs with one seed");
        assert_eq!(
            a.schema()
                .metadata()
                .get("huanjie.synthetic")
                .map(String::as_str),
            Some("true"),
            "{n}"
        );
    }
    // A small table's CSV bytes, twice.
    let units = |d: &huanjie::reference::ReferenceData| {
        huanjie::table::csv_bytes(d.table("units").unwrap()).unwrap()
    };
    assert_eq!(units(&data), units(&again));

    let run = demo(&data).unwrap();
    // The outcomes-only path agrees with the full check on the whole province (roster,
    // relations, units with their own election days, every record kind).
    let names = ["people", "roster", "records", "relations", "units"];
    let at: Vec<huanjie::error::Location> = names
        .iter()
        .map(|n| huanjie::error::Location {
            table: (*n).into(),
            ..Default::default()
        })
        .collect();
    let t = |name: &str| {
        let i = names.iter().position(|n| *n == name).unwrap();
        huanjie::table::TableInput {
            batches: std::slice::from_ref(data.table(name).unwrap()),
            at: &at[i],
        }
    };
    let verdicts = huanjie::table::check_outcomes_tables(
        huanjie::table::CheckTables {
            people: t("people"),
            roster: Some(t("roster")),
            records: Some(t("records")),
            relations: Some(t("relations")),
            units: Some(t("units")),
        },
        &huanjie::RulePack::builtin(huanjie::reference::PACK).unwrap(),
        huanjie::CheckOptions::new(huanjie::reference::AS_OF),
    )
    .unwrap();
    assert!(verdicts.outcomes == run.check.outcomes, "outcomes differ");
    assert_eq!(verdicts.summary, run.check.summary);
    let wrong: Vec<_> = run
        .figures
        .iter()
        .filter(|f| f.matches == Some(false))
        .collect();
    assert!(wrong.is_empty(), "figures that do not match: {wrong:#?}");
    let computed: BTreeSet<&str> = run
        .figures
        .iter()
        .filter(|f| f.matches.is_some())
        .map(|f| f.key.as_str())
        .collect();
    for key in [
        "units.villages",
        "units.communities",
        "voters_took_part",
        "participation_rate_percent.village_committees",
        "participation_rate_percent.residents_committees",
        "one_shoulder_percent.villages",
        "one_shoulder_percent.communities",
        "women_percent.village_committee_members",
        "women_percent.village_committee_directors",
        "screened_out.joint_review_negative_list",
        "screened_out.close_relative_avoidance",
        "supervision_committees.villages",
        "supervision_committees.communities",
        "group_leaders",
        "new_communities",
        "additional_subsidised_members",
        "complex_villages",
        "village_running_funds_yuan.before",
        "village_running_funds_yuan.after_at_least",
        "trend",
    ] {
        assert!(computed.contains(key), "{key} not computed");
    }
    // Each figure says how it is read.
    assert!(run.figures.iter().all(|f| !f.reading.is_empty()));
    // Every published figure is computed (25 of 25), and no *_implied entry is a figure.
    let not: Vec<&str> = run
        .figures
        .iter()
        .filter(|f| f.matches.is_none())
        .map(|f| f.key.as_str())
        .collect();
    assert!(not.is_empty(), "not computed: {not:?}");
    assert_eq!(run.figures.len(), 25);
    assert_eq!(run.nominations.summary.findings, 0);
    assert!(run.figures.iter().all(|f| !f.key.contains("implied")));

    // Varied like a real round.
    let second_rounds = run.count.rounds.iter().filter(|r| r.round == 2).count();
    let spoilt = run
        .count
        .rounds
        .iter()
        .filter(|r| r.ballots_invalid.unwrap_or(0) > 0)
        .count();
    assert!(
        second_rounds > 10 && spoilt > 100,
        "{second_rounds} {spoilt}"
    );
    let mut rules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in run.check.findings.iter() {
        if let Some(k) = &f.id_number {
            rules
                .entry(format!("{k:?}"))
                .or_default()
                .insert(f.rule.to_string());
        }
    }
    let several = rules
        .values()
        .filter(|r| r.iter().filter(|x| x.starts_with("NEG-")).count() >= 2)
        .count();
    assert!(several > 50, "only {several} candidates with several items");
    // Every item of the negative list, a statutory bar and every avoidance rule that bars.
    for rule in (1..=10)
        .map(|i| format!("NEG-{i:02}"))
        .chain(["STAT-RIGHTS".to_string()])
    {
        assert!(
            run.check.findings.iter().any(|f| *f.rule == *rule),
            "no {rule} finding"
        );
    }
    for av in ["AV-01", "AV-02", "AV-03", "AV-06"] {
        assert!(
            run.check.findings.iter().any(|f| &*f.rule == av),
            "no {av} finding"
        );
    }
    // AV-01 between two candidates is only a review.
    assert!(
        run.check
            .findings
            .iter()
            .any(|f| &*f.rule == "AV-01" && f.severity == huanjie::pack::Severity::Review)
    );
    assert!(
        run.check
            .outcomes
            .iter()
            .any(|o| o.outcome == OutcomeKind::NeedsReview)
    );
    // Every ID number in people is valid and its birth date plausible.
    let people = data.table("people").unwrap();
    let ids = people
        .column(0)
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .unwrap();
    for id in ids.iter().flatten() {
        let id = ResidentId::parse(id).unwrap();
        let born = id.birth_date().unwrap();
        assert!(born.to_string().as_str() > "1930" && born.to_string().as_str() < "2003");
    }
}

#[test]
fn another_seed_gives_other_tables_with_the_same_figures() {
    let a = ningxia_2021(7).unwrap();
    let b = ningxia_2021(8).unwrap();
    assert!(a.table("people") != b.table("people"));
    let run = demo(&a).unwrap();
    assert!(run.all_match(), "{:#?}", run.figures);
    // 25 of 25 with this seed too.
    assert!(run.figures.iter().all(|f| f.matches == Some(true)));
    assert_eq!(run.figures.len(), 25);
}
