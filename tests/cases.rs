//! The data-driven cases of `tests/cases/*.json`, shared with pytest
//! (`bindings/python/tests/test_cases.py`): every item of the negative list and every
//! statutory bar inside and just outside its window, and the data problems that need review.

use huanjie::error::Location;
use huanjie::table::{
    CheckTables, TableInput, batch_from_json_rows, check_outcomes_tables, check_tables,
};
use huanjie::{CheckOptions, RulePack};
use serde_json::{Map, Value};

mod common;
use common::messages_and_outside;

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

fn load(file: &str) -> Value {
    let path = format!("{}/tests/cases/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn vetting_cases() {
    check_cases(&load("vetting.json"), 50);
}

#[test]
fn avoidance_cases() {
    check_cases(&load("avoidance.json"), 15);
}

#[test]
fn review_cases() {
    check_cases(&load("review.json"), 6);
}

/// A case's `review`: the request (`departments`, or all; the roster's candidates), the
/// answers (`answers`: `[name, rows]` pairs, a department's name or a file name each) read back,
/// then the check on what they report, with their findings; the report and the outcomes-only
/// verdicts.
fn review_report(
    review: &Value,
    tables: CheckTables<'_>,
    pack: &RulePack,
    as_of: chrono::NaiveDate,
) -> (huanjie::CheckReport, huanjie::check::Verdicts) {
    use huanjie::review::{Manifest, candidates, select_departments};
    let names: Option<Vec<String>> = review["departments"].as_array().map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    });
    let chosen = select_departments(pack, names.as_deref()).unwrap();
    let roster_tables = tables.roster.unwrap();
    let roster =
        huanjie::table::roster_from_batches(roster_tables.batches, roster_tables.at).unwrap();
    let manifest = Manifest::new(pack, as_of, &chosen, candidates(&roster));
    let at = Location::table("answers");
    let frames: Vec<(String, Vec<arrow_array::RecordBatch>)> = review["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let name = pair[0].as_str().unwrap().to_string();
            (
                name,
                vec![batch_from_json_rows(&rows(&pair[1]), &at).unwrap()],
            )
        })
        .collect();
    let collected = huanjie::table::answers_from_frames(frames, &manifest, pack, as_of).unwrap();
    let tables = CheckTables {
        records: Some(TableInput {
            batches: &collected.records.batches,
            at: &collected.records.at,
        }),
        ..tables
    };
    let reported = collected.assessment.reported.clone();
    huanjie::table::with_prepared_review(tables, pack, CheckOptions::new(as_of), reported, |p| {
        (p.report(), p.outcomes())
    })
    .unwrap()
}

#[test]
fn composition_cases() {
    check_cases(&load("composition.json"), 15);
}

/// The canonical string of a class object of `relation_json`.
fn class_key(c: &Value) -> String {
    let s = |k: &str| match &c[k] {
        Value::String(t) => t.clone(),
        v => v.to_string(),
    };
    match c["class"].as_str().unwrap_or("") {
        "lineal" => format!("lineal {} {} {}", s("steps"), s("b_is"), s("lineage")),
        "collateral3" => format!("collateral3 {} {}", s("a"), s("b")),
        "near_affinal" => format!("near_affinal {} {}", s("shape"), s("side")),
        other => other.to_string(),
    }
}

#[test]
fn kinship_cases() {
    use huanjie::kinship::{FamilyGraph, Relation, relation_json};
    let doc = load("kinship.json");
    let terms = load("kinship_terms.json");
    let cases: Vec<&Value> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .chain(terms["cases"].as_array().unwrap())
        .collect();
    assert!(cases.len() > 300);
    let pack = RulePack::builtin("cn-2021").unwrap();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let at = Location {
            table: "relations".into(),
            ..Location::default()
        };
        let batch = batch_from_json_rows(&rows(&case["relations"]), &at).unwrap();
        let relations = huanjie::table::relations_from_batches(&[batch], &at).unwrap();
        let as_of = case["as_of"].as_str().unwrap().parse().unwrap();
        let (g, problems) = FamilyGraph::build_checked(&relations, as_of).unwrap();
        let (a, b) = (case["a"].as_str().unwrap(), case["b"].as_str().unwrap());
        let relation = match (g.find(a), g.find(b)) {
            (Some(x), Some(y)) => g.relation(x, y),
            _ => Relation::unrelated(),
        };
        let got = relation_json(&g, &relation, &pack.relation_sets, a, b, false);
        let mut classes: Vec<String> = got["classes"]
            .as_array()
            .unwrap()
            .iter()
            .map(class_key)
            .collect();
        classes.sort();
        let want = &case["expect"];
        let mut got_cmp = serde_json::json!({
            "classes": classes,
            "sets": got["sets"],
            "description_zh": got["description_zh"],
            "description_en": got["description_en"],
        });
        // The standard terms and the rows left out, where a case states them.
        let problems: Vec<Value> = problems
            .iter()
            .map(|p| serde_json::json!([p.rows().first(), p.code()]))
            .collect();
        for key in [
            "term_zh",
            "term_en",
            "reverse_term_zh",
            "reverse_term_en",
            "problems",
        ] {
            if want.get(key).is_some() {
                got_cmp[key] = if key == "problems" {
                    Value::from(problems.clone())
                } else {
                    got[key].clone()
                };
            }
        }
        if &got_cmp != want {
            failures.push(format!("{name}: {got_cmp} != {want}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn check_cases(doc: &Value, at_least: usize) {
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() > at_least);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let pack = RulePack::builtin(case["pack"].as_str().unwrap_or("cn-2021")).unwrap();
        let as_of = case["as_of"].as_str().unwrap().parse().unwrap();
        let at = |t: &str| Location {
            table: t.into(),
            ..Location::default()
        };
        let (pa, ra, ca, la) = (at("people"), at("roster"), at("records"), at("relations"));
        let ua = at("units");
        let units = case
            .get("units")
            .map(|r| vec![batch_from_json_rows(&rows(r), &ua).unwrap()]);
        let people = vec![batch_from_json_rows(&rows(&case["people"]), &pa).unwrap()];
        let roster = case
            .get("roster")
            .map(|r| vec![batch_from_json_rows(&rows(r), &ra).unwrap()]);
        let records = case
            .get("records")
            .map(|r| vec![batch_from_json_rows(&rows(r), &ca).unwrap()]);
        let relations = case
            .get("relations")
            .map(|r| vec![batch_from_json_rows(&rows(r), &la).unwrap()]);
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
            relations: relations.as_deref().map(|b| TableInput {
                batches: b,
                at: &la,
            }),
            units: units.as_deref().map(|b| TableInput {
                batches: b,
                at: &ua,
            }),
        };
        let (report, verdicts) = match case.get("review") {
            // The joint review's round trip: the answers collected, then the check.
            Some(review) => review_report(review, tables, &pack, as_of),
            None => (
                check_tables(tables, &pack, CheckOptions::new(as_of)).unwrap(),
                // The outcomes-only path must agree with the full check on every case.
                check_outcomes_tables(tables, &pack, CheckOptions::new(as_of)).unwrap(),
            ),
        };
        if verdicts.outcomes != report.outcomes || verdicts.summary != report.summary {
            failures.push(format!(
                "{name}: check_outcomes {:?} / {:?} != check {:?} / {:?}",
                verdicts.outcomes, verdicts.summary, report.outcomes, report.summary
            ));
        }
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
        // Person-level cases leave the unit-level composition findings (COMP-…) to the cases
        // that ask for them.
        let composition = case["composition"].as_bool().unwrap_or(false);
        let mut got_f: Vec<Key> = got["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(finding_key)
            .filter(|k| composition || !k.1.starts_with("COMP-"))
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
        let got_all: Vec<&Value> = got["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| composition || !f["rule"].as_str().unwrap_or("").starts_with("COMP-"))
            .collect();
        failures.extend(messages_and_outside(name, case, &got_all));
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every rule the built-in packs declare has a case inside its condition, whose messages are
/// compared, and a case just outside it (`outside`), across the shared case files.
#[test]
fn every_rule_has_a_case_inside_and_just_outside() {
    let mut inside = std::collections::BTreeSet::new();
    let mut outside = std::collections::BTreeSet::new();
    for file in [
        "vetting.json",
        "avoidance.json",
        "composition.json",
        "count.json",
        "nominations.json",
        "voters.json",
        "review.json",
    ] {
        for case in load(file)["cases"].as_array().unwrap() {
            for m in case["expect"]["messages"].as_array().into_iter().flatten() {
                inside.insert(m[0].as_str().unwrap_or_default().to_string());
            }
            for c in case["outside"].as_array().into_iter().flatten() {
                outside.insert(c.as_str().unwrap_or_default().to_string());
            }
        }
    }
    let mut missing = Vec::new();
    for (name, _) in huanjie::pack::BUILTIN_PACKS {
        for r in RulePack::builtin(name).unwrap().catalogue() {
            if !inside.contains(r.code) {
                missing.push(format!("{}: no case inside it (with its messages)", r.code));
            }
            if !outside.contains(r.code) {
                missing.push(format!("{}: no case just outside it", r.code));
            }
        }
    }
    missing.dedup();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
