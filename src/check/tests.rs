//! The outcomes-only path against the full check, inside the crate, where the record pass
//! holds only two rule codes as bits: small runs take the bit path, larger ones the fallback.

use super::*;
use crate::people::PersonRow;
use crate::vetting::RecordRow;

fn run(kinds: &[(&str, &str)]) -> (CheckReport, Verdicts) {
    let pack = RulePack::builtin("cn-2021").unwrap();
    let as_of = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
    let ids: Vec<String> = [(1980, 3, 12), (2005, 2, 28), (1960, 12, 31)]
        .iter()
        .enumerate()
        .map(|(i, (y, m, d))| {
            crate::id::from_parts(
                640121,
                NaiveDate::from_ymd_opt(*y, *m, *d).unwrap(),
                10 + i as u16,
            )
            .unwrap()
            .to_string()
        })
        .collect();
    let mut people = People::default();
    for id in &ids {
        people.push(&PersonRow {
            id_number: Some(id),
            ..Default::default()
        });
    }
    let mut records = Records::default();
    for (i, (kind, date)) in kinds.iter().enumerate() {
        records.push(
            &RecordRow {
                id_number: Some(&ids[i % ids.len()]),
                kind: Some(kind),
                date: Some(date),
                ..Default::default()
            },
            &pack,
        );
    }
    let input = CheckInput {
        people: &people,
        roster: None,
        records: Some(&records),
        relations: None,
        units: None,
    };
    let options = CheckOptions::new(as_of);
    (
        check(input, &pack, options).unwrap(),
        check_outcomes(input, &pack, options).unwrap(),
    )
}

#[test]
fn both_paths_agree_with_few_and_with_many_rule_codes() {
    let few = [("vice", "2020-05-01"), ("vice", "2019-05-01")];
    let many = [
        ("vice", "2020-05-01"),
        ("criminal_penalty", "2018-05-01"),
        ("dishonest_debtor", "2020-01-01"),
        ("under_investigation", "2020-11-01"),
        ("酒驾", "2020-11-01"),
        ("long_absence", "2020-02-30"),
    ];
    for kinds in [&few[..], &many[..]] {
        let (full, fast) = run(kinds);
        assert!(
            full.summary.by_rule.len() >= kinds.len().min(3),
            "{:?}",
            full.summary
        );
        assert_eq!(fast.outcomes, full.outcomes);
        assert_eq!(fast.summary, full.summary);
    }
}

/// The findings handed out chunk by chunk, whatever the chunk's size, are the report's, in
/// its order.
#[test]
fn findings_in_chunks_are_the_report_s() {
    let pack = RulePack::builtin("cn-2021").unwrap();
    let as_of = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
    let mut people = People::default();
    let mut records = Records::default();
    let ids: Vec<String> = (0..23u16)
        .map(|i| {
            let birth = NaiveDate::from_ymd_opt(1950 + i32::from(i) * 3, 1 + u32::from(i % 12), 1);
            crate::id::from_parts(640121, birth.unwrap(), 100 + i)
                .unwrap()
                .to_string()
        })
        .collect();
    for (i, id) in ids.iter().enumerate() {
        people.push(&PersonRow {
            id_number: Some(id),
            ..Default::default()
        });
        if i % 3 == 0 {
            records.push(
                &RecordRow {
                    id_number: Some(id),
                    kind: Some("vice"),
                    date: Some("2020-05-01"),
                    ..Default::default()
                },
                &pack,
            );
        }
    }
    // A record of no one, and an invalid ID number: findings after the persons'.
    records.push(
        &RecordRow {
            id_number: Some("640121199001010000"),
            kind: Some("vice"),
            date: Some("2020-05-01"),
            ..Default::default()
        },
        &pack,
    );
    people.push(&PersonRow {
        id_number: Some("123"),
        ..Default::default()
    });
    let input = CheckInput {
        people: &people,
        roster: None,
        records: Some(&records),
        relations: None,
        units: None,
    };
    let prepared = Prepared::new(input, &pack, CheckOptions::new(as_of)).unwrap();
    let whole: Vec<Finding> = prepared.report().findings.iter().cloned().collect();
    assert!(whole.len() > 10);
    let verdicts = prepared.outcomes();
    for persons in [1, 2, 5, 7, 24, 1000] {
        let mut got = Vec::new();
        let summary = prepared
            .outcomes_in_chunks(persons, |o| {
                assert!(o.len() <= persons);
                got.extend_from_slice(o);
                Ok::<(), ()>(())
            })
            .unwrap();
        assert_eq!(
            (got, summary),
            (verdicts.outcomes.clone(), verdicts.summary.clone())
        );
    }
    for persons in [1, 2, 5, 7, 24, 1000] {
        let mut got: Vec<Finding> = Vec::new();
        prepared
            .findings_in_chunks(persons, |f| {
                got.extend(f.iter().cloned());
                Ok::<(), ()>(())
            })
            .unwrap();
        assert_eq!(got, whole, "chunks of {persons}");
    }
}
