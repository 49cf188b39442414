//! Property tests of the invariants the rules imply (docs/domain.md §1, §2, §4).

use chrono::{Datelike, Duration, NaiveDate};
use huanjie::date::{AgeConvention, Period, age_on, day_reaching_age};
use huanjie::id::{ResidentId, check_character_of, from_parts};
use huanjie::pack::{DatedValue, ParamValue, Series};
use huanjie::people::{People, PersonRow};
use huanjie::vetting::{RecordRow, Records};
use huanjie::{CheckInput, CheckOptions, OutcomeKind, RulePack, check};
use proptest::prelude::*;

fn date_strategy() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2030, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

/// An address code whose first two digits name a province-level division (GB/T 2260).
fn address_strategy() -> impl Strategy<Value = u32> {
    const PROVINCES: [u32; 35] = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
        52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ];
    (prop::sample::select(&PROVINCES[..]), 0u32..10_000).prop_map(|(p, rest)| p * 10_000 + rest)
}

fn body_strategy() -> impl Strategy<Value = String> {
    (address_strategy(), date_strategy(), 0u16..1000)
        .prop_map(|(a, b, s)| format!("{a:06}{:04}{:02}{:02}{s:03}", b.year(), b.month(), b.day()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_valid_body_with_its_check_character_round_trips(body in body_strategy()) {
        let c = check_character_of(&body).unwrap();
        let text = format!("{body}{c}");
        let id = ResidentId::parse(&text).unwrap();
        prop_assert_eq!(id.to_string(), text.clone());
        prop_assert_eq!(ResidentId::from_u64(id.to_u64()), Some(id));
        let lower = text.to_lowercase();
        prop_assert_eq!(ResidentId::parse(&lower).unwrap(), id);
    }

    #[test]
    fn every_single_substitution_is_rejected(body in body_strategy(), pos in 0usize..18, sub in 0usize..11) {
        let c = check_character_of(&body).unwrap();
        let text: Vec<char> = format!("{body}{c}").chars().collect();
        let alphabet: Vec<char> = "0123456789X".chars().collect();
        let new = alphabet[sub];
        prop_assume!(new != text[pos]);
        prop_assume!(pos == 17 || new != 'X');
        let mut changed = text.clone();
        changed[pos] = new;
        let s: String = changed.into_iter().collect();
        prop_assert!(ResidentId::parse(&s).is_err(), "accepted a substitution at {}", pos);
    }

    #[test]
    fn legacy_numbers_upgrade_and_round_trip(a in address_strategy(), y in 0u32..100, m in 1u32..=12, d in 1u32..=28, s in 0u32..1000) {
        let legacy = format!("{a:06}{y:02}{m:02}{d:02}{s:03}");
        let id = ResidentId::parse(&legacy).unwrap();
        let body = format!("{a:06}19{y:02}{m:02}{d:02}{s:03}");
        let full = format!("{body}{}", check_character_of(&body).unwrap());
        prop_assert_eq!(id.to_string(), full.clone());
        prop_assert_eq!(ResidentId::parse(&full).unwrap().to_string(), full);
        prop_assert!(id.is_legacy());
    }

    #[test]
    fn a_masked_id_shows_at_most_six_and_four(body in body_strategy()) {
        let text = format!("{body}{}", check_character_of(&body).unwrap());
        let masked = ResidentId::parse(&text).unwrap().masked();
        prop_assert_eq!(&masked[..6], &text[..6]);
        prop_assert_eq!(&masked[14..], &text[14..]);
        prop_assert_eq!(&masked[6..14], "********");
        prop_assert_eq!(huanjie::id::mask_text(&text), masked);
    }

    #[test]
    fn period_ends_are_monotone_and_exact(anchor in date_strategy(), n in 0u32..600) {
        let p = Period::months(n);
        let q = Period::months(n + 1);
        prop_assert!(p.last_day(anchor) <= q.last_day(anchor));
        let last = p.last_day(anchor);
        // The corresponding day, or the month's last day when there is none.
        prop_assert!(last.day() == anchor.day() || last.succ_opt().unwrap().day() == 1);
    }

    #[test]
    fn a_window_item_applies_on_its_last_day_and_not_the_day_after(anchor in (2015i32..2021, 1u32..=12, 1u32..=31).prop_filter_map("date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))) {
        let pack = RulePack::builtin("cn-2021").unwrap();
        let last = Period::years(3).last_day(anchor);
        prop_assume!(last >= NaiveDate::from_ymd_opt(2020, 12, 24).unwrap());
        let id = from_parts(640121, NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(), 11).unwrap().to_string();
        let mut people = People::default();
        people.push(&PersonRow { id_number: Some(&id), ..Default::default() });
        let mut records = Records::default();
        let date = anchor.to_string();
        records.push(&RecordRow { id_number: Some(&id), kind: Some("不合格党员"), date: Some(&date), ..Default::default() }, &pack);
        let on = |d| check(CheckInput { people: &people, roster: None, records: Some(&records), relations: None, units: None }, &pack, CheckOptions::new(d)).unwrap();
        let at_last = on(last);
        prop_assert_eq!(at_last.outcomes[0].outcome, OutcomeKind::Ineligible);
        prop_assert_eq!(at_last.outcomes[0].eligible_from, last.succ_opt());
        prop_assert_eq!(on(last.succ_opt().unwrap()).outcomes[0].outcome, OutcomeKind::Eligible);
    }

    #[test]
    fn the_two_age_conventions_differ_by_one_day(birth in date_strategy(), n in 1u32..100) {
        let a = day_reaching_age(birth, n, AgeConvention::BirthdayCounts);
        let b = day_reaching_age(birth, n, AgeConvention::DayAfterBirthday);
        prop_assert_eq!(b, a + Duration::days(1));
        prop_assert_eq!(age_on(birth, a, AgeConvention::BirthdayCounts), Some(n));
        prop_assert_eq!(age_on(birth, a - Duration::days(1), AgeConvention::BirthdayCounts), Some(n - 1));
        prop_assert_eq!(age_on(birth, b, AgeConvention::DayAfterBirthday), Some(n));
        prop_assert_eq!(age_on(birth, a, AgeConvention::DayAfterBirthday), Some(n - 1));
    }

    #[test]
    fn the_birth_cutoff_agrees_with_ages(birth in date_strategy(), as_of in date_strategy(), n in 0u32..100, criminal in any::<bool>()) {
        let conv = if criminal { AgeConvention::DayAfterBirthday } else { AgeConvention::BirthdayCounts };
        prop_assume!(birth <= as_of);
        let cutoff = huanjie::date::latest_birth_reaching(n, as_of, conv);
        let old_enough = age_on(birth, as_of, conv).unwrap_or(0) >= n;
        prop_assert_eq!(old_enough, cutoff.is_some_and(|c| birth <= c));
    }

    #[test]
    fn age_is_monotone(birth in date_strategy(), d1 in 0i64..40000, d2 in 0i64..40000) {
        let (lo, hi) = (d1.min(d2), d1.max(d2));
        let a = age_on(birth, birth + Duration::days(lo), AgeConvention::BirthdayCounts);
        let b = age_on(birth, birth + Duration::days(hi), AgeConvention::BirthdayCounts);
        prop_assert!(a <= b);
    }

    #[test]
    fn dated_lookup_is_piecewise_constant(starts in proptest::collection::btree_set(0i64..5000, 1..6), probe in 0i64..6000) {
        let base = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
        let values: Vec<DatedValue> = starts.iter().enumerate().map(|(i, s)| DatedValue {
            from: base + Duration::days(*s), until: None, value: ParamValue::Int(i as i64), reference: "r".into(),
        }).collect();
        let series = Series { description: String::new(), values: values.clone() };
        let day = base + Duration::days(probe);
        let expected = values.iter().filter(|v| v.from <= day).max_by_key(|v| v.from).map(|v| v.value.clone());
        prop_assert_eq!(series.at(day).map(|v| v.value.clone()), expected);
        for v in &values {
            prop_assert_eq!(series.at(v.from).map(|x| x.value.clone()), Some(v.value.clone()));
        }
    }
}

const KINDS: &[&str] = &[
    "criminal_penalty",
    "party_sanction",
    "government_sanction",
    "organizational_handling",
    "under_investigation",
    "unqualified_party_member",
    "long_absence",
    "misappropriation",
    "illegal_construction",
    "ecological_damage",
    "dishonest_debtor",
    "political_rights_deprived",
    "rated_incompetent",
    "vice",
    "酒驾",
];
const GRADES: &[&str] = &[
    "",
    "警告",
    "严重警告",
    "记过",
    "记大过",
    "撤职",
    "留党察看",
    "开除党籍",
    "开除",
    "通报",
];

#[derive(Debug, Clone)]
struct Rec {
    person: usize,
    kind: usize,
    date: Option<i64>,
    end: Option<i64>,
    grade: usize,
    rectified: Option<bool>,
}

fn rec_strategy() -> impl Strategy<Value = Rec> {
    (
        0usize..4,
        0..KINDS.len(),
        proptest::option::of(-3000i64..60),
        proptest::option::of(-800i64..800),
        0..GRADES.len(),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(person, kind, date, end, grade, rectified)| Rec {
            person,
            kind,
            date,
            end,
            grade,
            rectified,
        })
}

fn persons() -> Vec<String> {
    [(1980, 3, 12), (1975, 2, 28), (2003, 1, 20), (1960, 12, 31)]
        .iter()
        .enumerate()
        .map(|(i, (y, m, d))| {
            from_parts(
                640121,
                NaiveDate::from_ymd_opt(*y, *m, *d).unwrap(),
                10 + i as u16,
            )
            .unwrap()
            .to_string()
        })
        .collect()
}

fn run(recs: &[Rec], pack: &RulePack) -> huanjie::CheckReport {
    let as_of = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
    let ids = persons();
    let mut people = People::default();
    for id in &ids {
        people.push(&PersonRow {
            id_number: Some(id),
            ..Default::default()
        });
    }
    let mut records = Records::default();
    for r in recs {
        let date = r.date.map(|d| (as_of + Duration::days(d)).to_string());
        let end = r.end.map(|d| (as_of + Duration::days(d)).to_string());
        let rect = r.rectified.map(|b| if b { "是" } else { "否" });
        records.push(
            &RecordRow {
                id_number: Some(&ids[r.person]),
                kind: Some(KINDS[r.kind]),
                date: date.as_deref(),
                end_date: end.as_deref(),
                grade: Some(GRADES[r.grade]).filter(|g| !g.is_empty()),
                rectified: rect,
            },
            pack,
        );
    }
    check(
        CheckInput {
            people: &people,
            roster: None,
            records: Some(&records),
            relations: None,
            units: None,
        },
        pack,
        CheckOptions::new(as_of),
    )
    .unwrap()
}

fn finding_set(report: &huanjie::CheckReport) -> Vec<String> {
    let mut v: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let ev = f.evidence.iter().map(|e| match e {
                huanjie::Evidence::Record {
                    kind,
                    date,
                    end_date,
                    grade,
                    ..
                } => format!("{kind}/{date:?}/{end_date:?}/{grade:?}"),
                _ => String::new(),
            });
            format!(
                "{:?}|{}|{:?}|{:?}|{}",
                f.id_number,
                f.rule,
                f.severity,
                f.eligible_from,
                ev.collect::<Vec<_>>().join(";")
            )
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn shuffling_records_never_changes_the_findings(recs in proptest::collection::vec(rec_strategy(), 0..12), seed in any::<u64>()) {
        let pack = RulePack::builtin("cn-2021").unwrap();
        let a = run(&recs, &pack);
        let mut shuffled = recs.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let b = run(&shuffled, &pack);
        prop_assert_eq!(finding_set(&a), finding_set(&b));
        let oa: Vec<_> = a.outcomes.iter().map(|o| (o.id_number.clone(), o.outcome, o.rules.clone(), o.eligible_from)).collect();
        let ob: Vec<_> = b.outcomes.iter().map(|o| (o.id_number.clone(), o.outcome, o.rules.clone(), o.eligible_from)).collect();
        prop_assert_eq!(oa, ob);
    }

    #[test]
    fn adding_a_record_never_makes_anyone_eligible(recs in proptest::collection::vec(rec_strategy(), 0..10), extra in rec_strategy()) {
        let pack = RulePack::builtin("cn-2021").unwrap();
        let before = run(&recs, &pack);
        let mut more = recs.clone();
        more.push(extra);
        let after = run(&more, &pack);
        for (b, a) in before.outcomes.iter().zip(&after.outcomes) {
            if b.outcome == OutcomeKind::Ineligible {
                prop_assert_eq!(a.outcome, OutcomeKind::Ineligible);
            }
            if b.outcome != OutcomeKind::Eligible {
                prop_assert_ne!(a.outcome, OutcomeKind::Eligible);
            }
        }
    }
}

/// One row of `people` for the agreement property: an index into [`persons`] (4: an ID number
/// that does not validate, 5: an empty one) and cells that may contradict the ID.
fn people_row_strategy()
-> impl Strategy<Value = (usize, Option<&'static str>, Option<&'static str>)> {
    (
        0usize..6,
        proptest::option::of(prop_oneof![Just("男"), Just("女"), Just("?")]),
        proptest::option::of(prop_oneof![
            Just("1980-03-12"),
            Just("2003-01"),
            Just("1975-02-30")
        ]),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The outcomes-only path (`check_outcomes`, which builds no finding) gives exactly the
    /// outcomes and summary of the full check, whatever the data: duplicates, invalid IDs,
    /// contradictions, records of unknown persons and kinds, either pack, any day.
    #[test]
    fn the_outcomes_only_path_agrees_with_the_full_check(
        rows in proptest::collection::vec(people_row_strategy(), 0..7),
        recs in proptest::collection::vec(rec_strategy(), 0..14),
        orphans in proptest::collection::vec(0usize..3, 0..3),
        day in 0i64..2200,
        ningxia in any::<bool>(),
    ) {
        let pack = RulePack::builtin(if ningxia { "ningxia-2021" } else { "cn-2021" }).unwrap();
        let as_of = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + Duration::days(day);
        let mut ids = persons();
        ids.push("640121198003120011".into()); // fails the check character
        ids.push(String::new());
        let mut people = People::default();
        for (p, sex, birth) in &rows {
            people.push(&PersonRow {
                id_number: Some(&ids[*p]).filter(|t| !t.is_empty()).map(String::as_str),
                sex: *sex,
                birth_date: *birth,
                ..Default::default()
            });
        }
        let mut records = Records::default();
        let stranger = from_parts(640122, NaiveDate::from_ymd_opt(1970, 5, 5).unwrap(), 7)
            .unwrap()
            .to_string();
        for r in &recs {
            let date = r.date.map(|d| (as_of + Duration::days(d)).to_string());
            let end = r.end.map(|d| (as_of + Duration::days(d)).to_string());
            records.push(
                &RecordRow {
                    id_number: Some(&ids[r.person]),
                    kind: Some(KINDS[r.kind]),
                    date: date.as_deref(),
                    end_date: end.as_deref(),
                    grade: Some(GRADES[r.grade]).filter(|g| !g.is_empty()),
                    rectified: r.rectified.map(|b| if b { "是" } else { "否" }),
                },
                &pack,
            );
        }
        for o in &orphans {
            let id = [stranger.as_str(), ids[4].as_str(), "6401"][*o];
            records.push(&RecordRow { id_number: Some(id), kind: Some("vice"), date: Some("2020-02-30"), ..Default::default() }, &pack);
        }
        let input = CheckInput { people: &people, roster: None, records: Some(&records), relations: None, units: None };
        let full = check(input, &pack, CheckOptions::new(as_of)).unwrap();
        let fast = huanjie::check_outcomes(input, &pack, CheckOptions::new(as_of)).unwrap();
        prop_assert_eq!(&fast.outcomes, &full.outcomes);
        prop_assert_eq!(&fast.summary, &full.summary);
        prop_assert_eq!(fast.summary.exit_code(), full.exit_code());
    }
}

#[test]
fn packs_round_trip_through_toml_and_json() {
    for (name, _) in huanjie::pack::BUILTIN_PACKS {
        let pack = RulePack::builtin(name).unwrap();
        let toml = pack.to_toml().unwrap();
        let back = RulePack::parse(&toml, "toml").unwrap();
        assert!(back == pack, "{name} differs after a TOML round trip");
        assert_eq!(back.content_hash(), pack.content_hash());
        let json = pack.to_json().unwrap();
        let back = RulePack::parse(&json, "json").unwrap();
        assert!(back == pack, "{name} differs after a JSON round trip");
    }
}

#[test]
fn extends_replaces_items_and_series_whole() {
    let text = r#"
name = "test-province"
jurisdiction = "650000"
extends = "ningxia-2021"

[[items]]
code = "NEG-02"
title_zh = "刑满释放未满5年"
title_en = "Released from a sentence less than 5 years ago"
severity = "should_not"
reference = "test list, item 2"
from = "2020-01-01"
tests = [{ kinds = ["criminal_penalty"], window = { type = "within", parameter = "NEG-02.window" } }]

[parameters."NEG-02.window"]
values = [{ from = "2020-01-01", value = "5 years", reference = "test list" }]

[parameters."STAT-AGE.minimum_age"]
values = [{ from = "2020-01-01", value = 20, reference = "a test value" }]
"#;
    let pack = RulePack::parse(text, "test").unwrap();
    assert_eq!(
        pack.resolved_from,
        vec!["cn-2021".to_string(), "ningxia-2021".to_string()]
    );
    assert_eq!(pack.items.len(), 13);
    let neg02 = pack.items.iter().find(|i| i.code == "NEG-02").unwrap();
    assert_eq!(neg02.severity, huanjie::Severity::ShouldNot);
    assert_eq!(neg02.tests.len(), 1);
    let age = &pack.parameters["STAT-AGE.minimum_age"];
    assert_eq!(age.values.len(), 1, "a series is replaced whole");
    // Ningxia's own value survives from the middle of the chain.
    assert_eq!(
        pack.parameters["composition.village_committee.size_odd"].values[0].value,
        ParamValue::Bool(true)
    );
    assert_ne!(
        pack.content_hash(),
        RulePack::builtin("ningxia-2021").unwrap().content_hash()
    );

    // The replaced item applies with its own window and severity.
    let id = from_parts(640121, NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(), 11)
        .unwrap()
        .to_string();
    let mut people = People::default();
    people.push(&PersonRow {
        id_number: Some(&id),
        ..Default::default()
    });
    let mut records = Records::default();
    records.push(
        &RecordRow {
            id_number: Some(&id),
            kind: Some("criminal_penalty"),
            date: Some("2016-01-15"),
            ..Default::default()
        },
        &pack,
    );
    let as_of = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
    let r = check(
        CheckInput {
            people: &people,
            roster: None,
            records: Some(&records),
            relations: None,
            units: None,
        },
        &pack,
        CheckOptions::new(as_of),
    )
    .unwrap();
    assert_eq!(r.outcomes[0].outcome, OutcomeKind::Ineligible);
    assert!(r.outcomes[0].should_not);
    assert_eq!(r.summary.should_not, 1);
    assert_eq!(
        r.findings.get(0).unwrap().eligible_from,
        NaiveDate::from_ymd_opt(2021, 1, 16)
    );
    let r = check(
        CheckInput {
            people: &people,
            roster: None,
            records: Some(&records),
            relations: None,
            units: None,
        },
        &pack,
        CheckOptions::new(as_of + Duration::days(1)),
    )
    .unwrap();
    assert_eq!(r.outcomes[0].outcome, OutcomeKind::Eligible);
}

#[test]
fn bad_packs_are_errors() {
    assert!(RulePack::builtin("nowhere-2021").is_err());
    let cycle = "name = \"a\"\njurisdiction = \"CN\"\nextends = \"a\"\n";
    assert!(matches!(
        RulePack::parse(cycle, "a"),
        Err(huanjie::PackError::ExtendsCycle(_))
    ));
    let no_ref = r#"
name = "x"
jurisdiction = "CN"
extends = "cn-2021"
[[items]]
code = "NEG-99"
title_zh = "x"
title_en = "x"
severity = "cannot"
reference = ""
from = "2020-01-01"
tests = []
"#;
    assert!(matches!(
        RulePack::parse(no_ref, "x"),
        Err(huanjie::PackError::Invalid { .. })
    ));
    let unknown_kind = no_ref
        .replace("reference = \"\"", "reference = \"r\"")
        .replace(
            "tests = []",
            "tests = [{ kinds = [\"nope\"], window = { type = \"always\" } }]",
        );
    assert!(matches!(
        RulePack::parse(&unknown_kind, "x"),
        Err(huanjie::PackError::Invalid { .. })
    ));
}

#[test]
fn strict_mode_errors_where_the_default_reviews() {
    let pack = RulePack::builtin("cn-2021").unwrap();
    let people = People::default();
    let early = NaiveDate::from_ymd_opt(2020, 6, 1).unwrap();
    let err = check(
        CheckInput {
            people: &people,
            roster: None,
            records: None,
            relations: None,
            units: None,
        },
        &pack,
        CheckOptions {
            as_of: early,
            strict: true,
        },
    );
    assert!(matches!(
        err,
        Err(huanjie::Error::Pack(huanjie::PackError::NoValue { .. }))
    ));
    assert!(
        check(
            CheckInput {
                people: &people,
                roster: None,
                records: None,
                relations: None,
                units: None,
            },
            &pack,
            CheckOptions::new(early)
        )
        .is_ok()
    );
}
