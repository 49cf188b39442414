//! The data-driven count cases of `tests/cases/count.json` (shared with pytest,
//! `bindings/python/tests/test_cases.py`): the statutory boundaries of docs/domain.md §7 and the bad
//! input that must be an error naming the table, row and column.

use huanjie::RulePack;
use huanjie::audit::Audit;
use huanjie::error::{Error, InputError, Location};
use huanjie::table::{CountTables, TableInput, batch_from_json_rows, count_tables};
use serde_json::{Map, Value, json};

mod common;
use common::messages_and_outside;

fn rows(v: &Value) -> Vec<Map<String, Value>> {
    v.as_array()
        .map(|a| a.iter().filter_map(|r| r.as_object().cloned()).collect())
        .unwrap_or_default()
}

fn load(file: &str) -> Value {
    let path = format!("{}/tests/cases/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn who(e: &Value) -> Value {
    match e["id_number"].as_str() {
        Some(id) => json!(id),
        None => json!(format!("name:{}", e["name"].as_str().unwrap_or(""))),
    }
}

/// The parts of one round the cases compare, in the cases' compact shapes.
fn compact(u: &Value) -> Map<String, Value> {
    let entries = |k: &str| -> Value {
        u[k].as_array()
            .unwrap()
            .iter()
            .map(|e| json!([who(e), e["role"], e["votes"]]))
            .collect()
    };
    let ties: Value = u["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let c: Vec<Value> = t["candidates"]
                .as_array()
                .unwrap()
                .iter()
                .map(who)
                .collect();
            json!([t["role"], t["votes"], t["seats"], c])
        })
        .collect();
    let mut m = Map::new();
    for k in ["unit_code", "body", "round", "valid", "reasons", "unfilled"] {
        m.insert(k.into(), u[k].clone());
    }
    m.insert("elected".into(), entries("elected"));
    m.insert("runoff".into(), entries("runoff"));
    m.insert("ties".into(), ties);
    m
}

/// Compares a count document with a case's expectations (only the keys the case gives).
fn compare(doc: &Value, want: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let units = doc["units"].as_array().unwrap();
    if let Some(wu) = want["units"].as_array() {
        if units.len() != wu.len() {
            out.push(format!("{} rounds, expected {}", units.len(), wu.len()));
        }
        for (g, w) in units.iter().zip(wu) {
            let g = compact(g);
            for (k, v) in w.as_object().unwrap() {
                if g.get(k) != Some(v) {
                    out.push(format!("{k}: got {:?}, expected {v}", g.get(k)));
                }
            }
        }
    }
    if let Some(ws) = want["summary"].as_object() {
        for (k, v) in ws {
            let g = &doc["summary"][k];
            let same = match v {
                Value::Object(o) => o.iter().all(|(kk, vv)| &g[kk] == vv),
                _ => g == v,
            };
            if !same {
                out.push(format!("summary.{k}: got {g}, expected {v}"));
            }
        }
    }
    if let Some(wf) = want["findings"].as_array() {
        let mut g: Vec<String> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| json!([f["rule"], f["severity"], f["id_number"]]).to_string())
            .collect();
        let mut w: Vec<String> = wf.iter().map(|f| f.to_string()).collect();
        g.sort();
        w.sort();
        if g != w {
            out.push(format!("findings: got {g:?}, expected {w:?}"));
        }
    }
    out
}

fn pack_of(case: &Value) -> RulePack {
    match case["pack_toml"].as_str() {
        Some(t) => RulePack::parse(t, "case").unwrap(),
        None => RulePack::builtin(case["pack"].as_str().unwrap_or("cn-2021")).unwrap(),
    }
}

#[test]
fn count_cases() {
    let doc = load("count.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let pack = pack_of(case);
        let as_of = case["as_of"].as_str().unwrap().parse().unwrap();
        let at = |t: &str| Location {
            table: t.into(),
            ..Location::default()
        };
        let locs = [at("tallies"), at("votes"), at("roster"), at("register")];
        let batches: Vec<Option<Vec<_>>> = ["tallies", "votes", "roster", "register"]
            .iter()
            .zip(&locs)
            .map(|(k, l)| {
                case.get(*k)
                    .map(|r| vec![batch_from_json_rows(&rows(r), l).unwrap()])
            })
            .collect();
        let input = |i: usize| {
            batches[i].as_deref().map(|b| TableInput {
                batches: b,
                at: &locs[i],
            })
        };
        let result = count_tables(
            CountTables {
                tallies: input(0).unwrap(),
                votes: input(1).unwrap(),
                roster: input(2),
                register: input(3),
                units: None,
            },
            &pack,
            as_of,
        );
        let want = &case["expect"];
        match (result, want.get("error")) {
            (Ok(report), None) => {
                let audit = Audit::new(&pack, as_of, vec![]);
                let text = huanjie::table::json_string(
                    &huanjie::table::count_document(&report, &audit, false).unwrap(),
                    true,
                )
                .unwrap();
                let doc: Value = serde_json::from_str(&text).unwrap();
                for problem in compare(&doc, want) {
                    failures.push(format!("{name}: {problem}"));
                }
                let findings: Vec<&Value> = doc["findings"].as_array().unwrap().iter().collect();
                failures.extend(messages_and_outside(name, case, &findings));
            }
            (Ok(_), Some(e)) => failures.push(format!("{name}: no error, expected {e}")),
            (Err(e), None) => failures.push(format!("{name}: unexpected error {e}")),
            (Err(Error::Input(InputError::BadValue { at, kind, what })), Some(w)) => {
                let text = format!("{at}: {what}");
                let ok = at.table == w["table"].as_str().unwrap()
                    && at.row.map(|r| r as u64) == w["row"].as_u64()
                    && w["column"]
                        .as_str()
                        .is_none_or(|c| at.column.as_deref() == Some(c))
                    && text.contains(w["contains"].as_str().unwrap())
                    && w["kind"].as_str().is_none_or(|k| kind.as_str() == k);
                if !ok {
                    failures.push(format!("{name}: error {text:?} does not match {w}"));
                }
                // Errors never carry the ID numbers of the case.
                for r in rows(&case["votes"]) {
                    if let Some(id) = r.get("id_number").and_then(Value::as_str) {
                        assert!(!text.contains(id), "{name}: {text}");
                    }
                }
            }
            (Err(e), Some(w)) => failures.push(format!("{name}: error {e} is not {w}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn voters_cases() {
    use huanjie::table::{VotersTables, voters_tables};
    let doc = load("voters.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 25);
    let mut failures = Vec::new();
    let names = [
        "register",
        "records",
        "units",
        "proxies",
        "relations",
        "people",
    ];
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let pack = pack_of(case);
        let as_of = case["as_of"].as_str().unwrap().parse().unwrap();
        let locs: Vec<Location> = names
            .iter()
            .map(|t| Location {
                table: (*t).into(),
                ..Location::default()
            })
            .collect();
        let batches: Vec<Option<Vec<_>>> = names
            .iter()
            .zip(&locs)
            .map(|(k, l)| {
                case.get(*k)
                    .map(|r| vec![batch_from_json_rows(&rows(r), l).unwrap()])
            })
            .collect();
        let input = |i: usize| {
            batches[i].as_deref().map(|b| TableInput {
                batches: b,
                at: &locs[i],
            })
        };
        let report = match voters_tables(
            VotersTables {
                register: input(0).unwrap(),
                records: input(1),
                units: input(2),
                proxies: input(3),
                relations: input(4),
                people: input(5),
            },
            &pack,
            as_of,
        ) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: unexpected error {e}"));
                continue;
            }
        };
        let mut got: Vec<String> = report
            .findings
            .iter()
            .map(|f| json!([f.rule.as_ref(), f.severity.as_str(), f.row]).to_string())
            .collect();
        let mut want: Vec<String> = case["expect"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.to_string())
            .collect();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!("{name}: findings {got:?} != {want:?}"));
        }
        let doc = serde_json::to_value(&report.findings).unwrap();
        let findings: Vec<&Value> = doc.as_array().unwrap().iter().collect();
        failures.extend(messages_and_outside(name, case, &findings));
        if let Some(units) = case["expect"]["units"].as_array() {
            let got = serde_json::to_value(&report.units).unwrap();
            for (g, w) in got.as_array().unwrap().iter().zip(units) {
                for (k, v) in w.as_object().unwrap() {
                    if &g[k] != v {
                        failures.push(format!("{name}: units.{k} {} != {v}", g[k]));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The data-driven cases of `tests/cases/nominations.json` (shared with pytest,
/// `bindings/python/tests/test_nominations.py`): the count of nominations into formal
/// candidates, ties at the cut, short slates, rows that do not count.
#[test]
fn nomination_cases() {
    use huanjie::table::{NominationTables, nomination_document, nomination_tables};
    let doc = load("nominations.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let pack = pack_of(case);
        let as_of = case["as_of"].as_str().unwrap().parse().unwrap();
        let at = |t: &str| Location {
            table: t.into(),
            ..Location::default()
        };
        let (ln, lu) = (at("nominations"), at("units"));
        let nb = vec![batch_from_json_rows(&rows(&case["nominations"]), &ln).unwrap()];
        let ub = case
            .get("units")
            .map(|u| vec![batch_from_json_rows(&rows(u), &lu).unwrap()]);
        let report = nomination_tables(
            NominationTables {
                nominations: TableInput {
                    batches: &nb,
                    at: &ln,
                },
                units: ub.as_deref().map(|b| TableInput {
                    batches: b,
                    at: &lu,
                }),
            },
            &pack,
            as_of,
        );
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: unexpected error {e}"));
                continue;
            }
        };
        let audit = Audit::new(&pack, as_of, vec![]);
        let text = huanjie::table::json_string(
            &nomination_document(&report, &audit, false).unwrap(),
            true,
        )
        .unwrap();
        let got: Value = serde_json::from_str(&text).unwrap();
        let want = &case["expect"];
        // Slates with their nominees, in the cases' compact shape.
        let nominees = got["nominees"].as_array().unwrap();
        let slates: Vec<Map<String, Value>> = got["slates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let mut m = s.as_object().unwrap().clone();
                let list: Vec<Value> = nominees
                    .iter()
                    .filter(|n| ["unit_code", "body", "role"].iter().all(|k| n[*k] == s[*k]))
                    .map(|n| json!([n["id_number"], n["nominations"], n["rank"], n["outcome"]]))
                    .collect();
                m.insert("nominees".into(), Value::Array(list));
                m
            })
            .collect();
        if let Some(ws) = want["slates"].as_array() {
            if ws.len() != slates.len() {
                failures.push(format!(
                    "{name}: {} slates, expected {}",
                    slates.len(),
                    ws.len()
                ));
            }
            for (g, w) in slates.iter().zip(ws) {
                for (k, v) in w.as_object().unwrap() {
                    if g.get(k) != Some(v) {
                        failures.push(format!("{name}: {k}: got {:?}, expected {v}", g.get(k)));
                    }
                }
            }
        }
        if let Some(wp) = want.get("participation") {
            let gp: Vec<Value> = got["participation"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    json!([
                        p["unit_code"],
                        p["nominator_kind"],
                        p["nominator_persons"],
                        p["nominators_counted"],
                        p["organisation_nominations"]
                    ])
                })
                .collect();
            if &Value::Array(gp.clone()) != wp {
                failures.push(format!("{name}: participation {gp:?}, expected {wp}"));
            }
        }
        if let Some(ws) = want["summary"].as_object() {
            for (k, v) in ws {
                if &got["summary"][k] != v {
                    failures.push(format!(
                        "{name}: summary.{k}: got {}, expected {v}",
                        got["summary"][k]
                    ));
                }
            }
        }
        if let Some(wf) = want["findings"].as_array() {
            let mut g: Vec<String> = got["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| json!([f["rule"], f["severity"], f["id_number"]]).to_string())
                .collect();
            let mut w: Vec<String> = wf.iter().map(|f| f.to_string()).collect();
            g.sort();
            w.sort();
            if g != w {
                failures.push(format!("{name}: findings: got {g:?}, expected {w:?}"));
            }
        }
        let findings: Vec<&Value> = got["findings"].as_array().unwrap().iter().collect();
        failures.extend(messages_and_outside(name, case, &findings));
        // Neither an ID number of the case nor a name appears in a message.
        for f in &findings {
            let text = format!("{} {}", f["message_zh"], f["message_en"]);
            for r in rows(&case["nominations"]) {
                for v in r
                    .values()
                    .filter_map(Value::as_str)
                    .filter(|v| v.len() >= 15)
                {
                    assert!(!text.contains(v), "{name}: {text}");
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
