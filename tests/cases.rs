//! The data-driven cases of `tests/cases/*.json`, shared with pytest
//! (`bindings/python/tests/test_cases.py`): every item of the negative list and every
//! statutory bar inside and just outside its window, and the data problems that need review.

use huanjie::error::Location;
use huanjie::table::{CheckTables, TableInput, batch_from_json_rows, check_tables};
use huanjie::{CheckOptions, RulePack};
use serde_json::{Map, Value};

fn rows(v: &Value) -> Vec<Map<String, Value>> {
    v.as_array()
        .map(|a| a.iter().filter_map(|r| r.as_object().cloned()).collect())
        .unwrap_or_default()
}

type Key = (String, String, String, Option<String>);

fn finding_key(f: &Value) -> Key {
    (
        f["id_number"].as_str().unwrap_or("").to_string(),
        f["rule"].as_str().unwrap_or("").to_string(),
        f["severity"].as_str().unwrap_or("").to_string(),
        f["eligible_from"].as_str().map(str::to_string),
    )
}

#[test]
fn vetting_cases() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cases/vetting.json"
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() > 50);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let pack = RulePack::builtin(case["pack"].as_str().unwrap_or("cn-2021")).unwrap();
        let as_of = case["as_of"].as_str().unwrap().parse().unwrap();
        let at = |t: &str| Location {
            table: t.into(),
            ..Location::default()
        };
        let (pa, ra, ca) = (at("people"), at("roster"), at("records"));
        let people = vec![batch_from_json_rows(&rows(&case["people"]), &pa).unwrap()];
        let roster = case
            .get("roster")
            .map(|r| vec![batch_from_json_rows(&rows(r), &ra).unwrap()]);
        let records = case
            .get("records")
            .map(|r| vec![batch_from_json_rows(&rows(r), &ca).unwrap()]);
        let tables = CheckTables {
            people: TableInput {
                batches: &people,
                at: &pa,
            },
            roster: roster.as_deref().map(|b| TableInput {
                batches: b,
                at: &ra,
            }),
            records: records.as_deref().map(|b| TableInput {
                batches: b,
                at: &ca,
            }),
        };
        let report = check_tables(tables, &pack, CheckOptions::new(as_of)).unwrap();
        let got = serde_json::to_value(&report).unwrap();
        let want = &case["expect"];
        let outcomes: Vec<Value> = got["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| serde_json::json!({"id_number": o["id_number"], "outcome": o["outcome"], "rules": o["rules"], "eligible_from": o["eligible_from"]}))
            .collect();
        if Value::Array(outcomes.clone()) != want["outcomes"] {
            failures.push(format!(
                "{name}: outcomes {outcomes:?} != {:?}",
                want["outcomes"]
            ));
        }
        let mut got_f: Vec<Key> = got["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(finding_key)
            .collect();
        let mut want_f: Vec<Key> = want["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(finding_key)
            .collect();
        got_f.sort();
        want_f.sort();
        if got_f != want_f {
            failures.push(format!("{name}: findings {got_f:?} != {want_f:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
