//! Published figures as cases (issue 20): the reports' counts of `tests/cases/published.json`
//! — 增城's and 白银's 2020–21 rounds, Shanxi's 2014–15 completion rate — rebuilt as tables
//! from each case's spec (the file's description) and compared with huanjie's province figures,
//! as `bindings/python/tests/test_published.py` does through `hj.stats`.

use chrono::{Datelike, NaiveDate};
use huanjie::division::Level;
use huanjie::id::from_parts;
use huanjie::people::{People, PersonRow};
use huanjie::roster::{Roster, RosterRow};
use huanjie::stats::{DivisionNames, KindFilter, StatsInput, StatsOptions, compare, stats};
use huanjie::units::{UnitRow, Units};
use serde_json::Value;

fn load() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/published.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn count(spec: &Value, key: &str) -> u64 {
    spec[key].as_u64().unwrap_or(0)
}

/// The `n`-th unit of `kind` in the case: 200 villages (200–399) or 199 communities (001–199)
/// a township, townships from 100.
fn unit_code(kind: &str, n: u64) -> String {
    let (per, first) = if kind == "village" {
        (200, 200)
    } else {
        (199, 1)
    };
    format!("640104{:03}{:03}", 100 + n / per, first + n % per)
}

/// The ID number of the `n`-th person of a term on `day`: young (aged 35 or under on `day`) or
/// 20 years older; the sequence's last digit gives the sex.
fn id(region: u32, n: u64, female: bool, young: bool, day: NaiveDate) -> String {
    let year = day.year() - if young { 30 } else { 50 };
    let birth =
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap() - chrono::Duration::days((n % 1000) as i64);
    let seq = 100 + ((n / 1000) % 400) as u16 * 2 + u16::from(!female);
    from_parts(region, birth, seq).unwrap().to_string()
}

/// One term's people and elected roster: each group's persons (`key`: `persons` or `previous`)
/// over its units, round-robin.
fn term(
    groups: &[(&Value, Vec<String>)],
    key: &str,
    region: u32,
    day: NaiveDate,
    people: &mut People,
) -> Roster {
    let mut roster = Roster::default();
    let mut n = 0u64;
    for (g, units) in groups {
        let p = &g[key];
        if p.is_null() {
            continue;
        }
        let (party, committee, both) = (count(p, "party"), count(p, "committee"), count(p, "both"));
        let one_shoulder = if key == "persons" {
            count(g, "one_shoulder")
        } else {
            count(p, "one_shoulder")
        };
        assert!(one_shoulder <= both && one_shoulder <= units.len() as u64);
        let village = g["kind"] == "village";
        let bodies = if village {
            ["村党组织", "村委会"]
        } else {
            ["社区党组织", "居委会"]
        };
        for i in 0..party + committee - both {
            let pid = id(region, n, i < count(p, "women"), i < count(p, "young"), day);
            n += 1;
            people.push(&PersonRow {
                id_number: Some(&pid),
                education: Some(if i < count(p, "college") {
                    "大专"
                } else {
                    "高中"
                }),
                ..Default::default()
            });
            let unit = &units[(i % units.len() as u64) as usize];
            let on = [i < party, i < both || i >= party];
            let roles = if i < one_shoulder {
                ["书记", "主任"]
            } else {
                ["委员", "委员"]
            };
            for b in 0..2 {
                if on[b] {
                    roster.push(&RosterRow {
                        id_number: Some(&pid),
                        unit_code: Some(unit),
                        body: Some(bodies[b]),
                        role: Some(roles[b]),
                        status: Some("当选"),
                        ..Default::default()
                    });
                }
            }
        }
    }
    roster
}

fn kind(text: Option<&str>) -> KindFilter {
    match text.unwrap_or("all") {
        "all" => KindFilter::All,
        "village" => KindFilter::Village,
        "community" => KindFilter::Community,
        other => panic!("kind {other}"),
    }
}

/// The failures of one case (empty: it passes).
fn run(case: &Value) -> Vec<String> {
    let day = |k: &str| case[k].as_str().map(|d| d.parse::<NaiveDate>().unwrap());
    let as_of = day("as_of").unwrap();
    let decimals = case["decimals"].as_u64().unwrap_or(1) as u32;
    // Units, numbered on by kind across the groups; their 换届状态 in order.
    let mut units = Units::default();
    let mut next = std::collections::HashMap::<String, u64>::new();
    let mut groups = Vec::new();
    for g in case["groups"].as_array().unwrap() {
        let k = g["kind"].as_str().unwrap();
        assert!(k == "village" || k == "community", "{k}");
        let mut statuses: Vec<&str> = Vec::new();
        for pair in g["round_status"].as_array().into_iter().flatten() {
            let n = pair[1].as_u64().unwrap() as usize;
            statuses.extend(std::iter::repeat_n(pair[0].as_str().unwrap(), n));
        }
        let size = g["units"].as_u64().unwrap();
        assert!(statuses.len() as u64 <= size);
        let start = next.entry(k.to_string()).or_default();
        let codes: Vec<String> = (*start..*start + size).map(|n| unit_code(k, n)).collect();
        *start += size;
        for (u, code) in codes.iter().enumerate() {
            units.push(&UnitRow {
                unit_code: Some(code),
                round_status: statuses.get(u).copied(),
                ..Default::default()
            });
        }
        groups.push((g, codes));
    }
    let mut people = People::default();
    let roster = term(&groups, "persons", 640104, as_of, &mut people);
    let previous_day = day("previous_as_of");
    let previous = previous_day.map(|d| term(&groups, "previous", 640121, d, &mut people));
    let mut options = StatsOptions::new(as_of);
    options.levels = vec![Level::Province];
    let names = DivisionNames::ningxia();
    let input = StatsInput {
        people: &people,
        roster: &roster,
        units: Some(&units),
        tallies: None,
        previous: previous.as_ref(),
        count: None,
    };
    let report = stats(input, &options, &names);
    assert_eq!((report.skipped_invalid_id, report.skipped_no_unit), (0, 0));
    // The previous term's figures as `huanjie stats --previous` computes them: on its own day,
    // without the units' days or this round's facts.
    let changes = previous.as_ref().map(|prev| {
        let mut o = options.clone();
        o.as_of = previous_day.unwrap();
        o.unit_days = false;
        o.round_facts = false;
        let before = stats(
            StatsInput {
                roster: prev,
                previous: None,
                ..input
            },
            &o,
            &names,
        );
        compare(&report, &before)
    });
    let name = case["name"].as_str().unwrap();
    let mut failures = Vec::new();
    for want in case["expect"].as_array().unwrap() {
        let figure = want["figure"].as_str().unwrap();
        let k = kind(want["kind"].as_str());
        let at = format!("{name}: {figure} ({})", k.as_str());
        let Some(f) = report
            .figures
            .iter()
            .find(|f| f.figure == figure && f.kind == k)
        else {
            failures.push(format!("{at}: no such figure"));
            continue;
        };
        let mut differs = |what: &str, got: String, expected: String| {
            if got != expected {
                failures.push(format!("{at}: {what} {got}, expected {expected}"));
            }
        };
        if let Some(n) = want["num"].as_u64() {
            differs("num", f.num.to_string(), n.to_string());
        }
        if let Some(d) = want["den"].as_u64() {
            differs("den", f.den.to_string(), d.to_string());
        }
        if let Some(t) = want["text"].as_str() {
            differs(
                "text",
                format!("{:?}", f.text(decimals)),
                format!("{:?}", Some(t)),
            );
        }
        if let Some(c) = want["change_num"].as_i64() {
            let got = changes
                .iter()
                .flatten()
                .find(|c| c.figure == figure && c.kind == k)
                .and_then(|c| c.head_count_change());
            differs(
                "change_num",
                format!("{got:?}"),
                format!("{:?}", Some(i128::from(c))),
            );
        }
    }
    failures
}

#[test]
fn published_cases() {
    let doc = load();
    assert!(doc["description"].as_str().is_some_and(|d| d.len() > 200));
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 3);
    let mut failures = Vec::new();
    for case in cases {
        for key in ["name", "published", "constructed", "as_of"] {
            assert!(case[key].is_string(), "{key} of {}", case["name"]);
        }
        for key in ["title", "publisher", "date", "url", "quote"] {
            assert!(
                case["source"][key].as_str().is_some_and(|s| !s.is_empty()),
                "source.{key} of {}",
                case["name"]
            );
        }
        failures.extend(run(case));
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The same specs, one published count off: the case fails (the runner compares every field).
#[test]
fn a_changed_count_fails() {
    let doc = load();
    for case in doc["cases"].as_array().unwrap() {
        for (i, want) in case["expect"].as_array().unwrap().iter().enumerate() {
            for key in ["num", "den", "change_num"] {
                if let Some(n) = want[key].as_i64() {
                    let mut bad = case.clone();
                    bad["expect"][i][key] = Value::from(n + 1);
                    assert!(!run(&bad).is_empty(), "{} {i} {key}", case["name"]);
                }
            }
        }
    }
}
