//! `--format xlsx` end to end: every command's workbook read back with calamine holds, cell for
//! cell, what its JSON or CSV holds — ID numbers as text, dates as dates, numbers as numbers —
//! under two header rows (Chinese, English); every column of every result table has a Chinese
//! header.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huanjie-xlsx-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The command's JSON (or CSV) on standard output and its workbook, read back.
fn both(
    args: &[&str],
    other: &str,
    name: &str,
) -> (String, Xlsx<std::io::BufReader<std::fs::File>>) {
    let o = run(&[args, &["--format", other]].concat());
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    let path = scratch(name).join(format!("{name}.xlsx"));
    let path_text = path.to_string_lossy().into_owned();
    let x = run(&[args, &["--format", "xlsx", "--output", &path_text]].concat());
    assert_eq!(
        x.status.code(),
        o.status.code(),
        "{}",
        String::from_utf8_lossy(&x.stderr)
    );
    assert!(x.stdout.is_empty(), "a workbook goes to its file only");
    (text, calamine::open_workbook(&path).unwrap())
}

/// A sheet's rows: its two header rows checked (Chinese, then English), the English names and
/// the data rows.
fn sheet<R: std::io::Read + std::io::Seek>(
    x: &mut Xlsx<R>,
    name: &str,
) -> (Vec<String>, Vec<Vec<Data>>) {
    let range = x
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert!(rows.len() >= 2, "{name}: two header rows");
    let en: Vec<String> = rows[1].iter().map(ToString::to_string).collect();
    let zh: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    if name == huanjie::table::SUMMARY_SHEET {
        assert_eq!(zh, ["项目", "名称", "值"]);
        assert_eq!(en, ["key", "label", "value"]);
        return (en, rows[2..].to_vec());
    }
    for (z, e) in zh.iter().zip(&en) {
        assert_eq!(
            huanjie::table::column_zh(e),
            Some(z.as_str()),
            "{name}: column {e} has the Chinese header {z}"
        );
    }
    (en, rows[2..].to_vec())
}

/// The day of an Excel date cell.
fn day(d: &Data) -> Option<NaiveDate> {
    match d {
        Data::DateTime(t) => {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            #[allow(clippy::cast_possible_truncation)]
            base.checked_add_signed(chrono::Duration::days(t.as_f64() as i64))
        }
        _ => None,
    }
}

/// The columns holding JSON text (a finding's parameters and evidence).
const JSON_COLUMNS: &[&str] = &["parameters", "evidence"];

/// A cell against the JSON value of the same field.
fn same(column: &str, cell: &Data, v: &Value) {
    let cell = match cell {
        // (calamine gives a row's missing trailing cells as empty strings)
        Data::String(s) if s.is_empty() => &Data::Empty,
        c => c,
    };
    match v {
        Value::Null => assert_eq!(cell, &Data::Empty, "{column}"),
        Value::Bool(b) => assert_eq!(
            cell,
            &Data::String(if *b { "是" } else { "否" }.into()),
            "{column}"
        ),
        Value::Number(n) => assert_eq!(cell, &Data::Float(n.as_f64().unwrap()), "{column}"),
        Value::String(s) if huanjie::table::DATE_COLUMNS.contains(&column) => {
            let expected = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            assert!(expected.is_some(), "{column}: {s}");
            assert_eq!(day(cell), expected, "{column}: {cell:?} is the day {s}");
        }
        Value::String(s) if s.is_empty() => assert_eq!(cell, &Data::Empty, "{column}"),
        Value::String(s) => assert_eq!(cell, &Data::String(s.clone()), "{column}"),
        Value::Array(items)
            if !JSON_COLUMNS.contains(&column)
                && items.iter().all(|i| !i.is_object() && !i.is_array()) =>
        {
            let joined: Vec<String> = items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect();
            let expected = match joined.join("、") {
                j if j.is_empty() => Data::Empty,
                j => Data::String(j),
            };
            assert_eq!(cell, &expected, "{column}");
        }
        other => {
            // JSON text, as the table holds it
            let Data::String(text) = cell else {
                panic!("{column}: {cell:?} is not JSON text")
            };
            let back: Value = serde_json::from_str(text).unwrap();
            assert_eq!(&back, other, "{column}");
        }
    }
}

/// Every data row of a sheet against the JSON array of its rows.
fn rows_match(en: &[String], rows: &[Vec<Data>], json: &Value, what: &str) {
    let json = json
        .as_array()
        .unwrap_or_else(|| panic!("{what}: an array"));
    assert_eq!(rows.len(), json.len(), "{what}: as many rows");
    for (row, obj) in rows.iter().zip(json) {
        let keys = obj.as_object().unwrap().keys();
        assert!(
            keys.clone().all(|k| en.contains(k)),
            "{what}: every field a column ({keys:?} in {en:?})"
        );
        for (c, column) in en.iter().enumerate() {
            let cell = row.get(c).cloned().unwrap_or(Data::Empty);
            same(column, &cell, obj.get(column).unwrap_or(&Value::Null));
        }
    }
}

fn check_args() -> Vec<String> {
    vec![
        "check".into(),
        "--people".into(),
        data("people.csv"),
        "--roster".into(),
        data("roster.csv"),
        "--records".into(),
        data("records.csv"),
        "--relations".into(),
        data("relations.csv"),
        "--units".into(),
        data("units.csv"),
        "--as-of".into(),
        "2021-01-15".into(),
    ]
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn check_as_xlsx_holds_the_json_cell_for_cell() {
    let args = check_args();
    let (json, mut x) = both(&strs(&args), "json", "check");
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        x.sheet_names(),
        ["概况 summary", "审查结论 outcomes", "审查发现 findings"]
    );
    let (en, rows) = sheet(&mut x, "审查结论 outcomes");
    rows_match(&en, &rows, &doc["outcomes"], "outcomes");
    let (en, rows) = sheet(&mut x, "审查发现 findings");
    rows_match(&en, &rows, &doc["findings"], "findings");
    // ID numbers are text, all 18 characters.
    let id = en.iter().position(|c| c == "id_number").unwrap();
    let first = rows.iter().find(|r| r[id] != Data::Empty).unwrap();
    assert!(
        matches!(&first[id], Data::String(s) if s.len() == 18),
        "{:?}",
        first[id]
    );
    // The summary sheet: the summary's counts as numbers, as_of as a date.
    let (_, summary) = sheet(&mut x, "概况 summary");
    let value = |key: &str| {
        summary
            .iter()
            .find(|r| r[0] == Data::String(key.into()))
            .map(|r| r[2].clone())
            .unwrap_or_else(|| panic!("summary key {key}"))
    };
    assert_eq!(
        value("summary.persons"),
        Data::Float(doc["summary"]["persons"].as_f64().unwrap())
    );
    assert_eq!(
        day(&value("as_of")),
        NaiveDate::from_ymd_opt(2021, 1, 15),
        "as_of is a date"
    );
    assert_eq!(value("pack.name"), Data::String("cn-2021".into()));
    let said = value("sheets.findings").to_string();
    assert!(
        said.starts_with(&format!("{} 行 rows", rows.len())),
        "{said}"
    );
}

#[test]
fn check_as_xlsx_masks_ids_when_asked_and_needs_a_file() {
    let mut args = check_args();
    args.push("--mask-ids".into());
    let (json, mut x) = both(&strs(&args), "json", "check-masked");
    let doc: Value = serde_json::from_str(&json).unwrap();
    let (en, rows) = sheet(&mut x, "审查发现 findings");
    rows_match(&en, &rows, &doc["findings"], "masked findings");
    assert!(json.contains("********"));

    let o = run(&[strs(&check_args()), vec!["--format", "xlsx"]].concat());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("xlsx needs --output FILE.xlsx"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn voters_as_xlsx_holds_the_json() {
    let (register, records, proxies, relations, units) = (
        data("register.csv"),
        data("records.csv"),
        data("proxies.csv"),
        data("relations.csv"),
        data("units.csv"),
    );
    let args = [
        "voters",
        "--register",
        &register,
        "--records",
        &records,
        "--proxies",
        &proxies,
        "--relations",
        &relations,
        "--units",
        &units,
        "--as-of",
        "2021-01-15",
    ];
    let (json, mut x) = both(&args, "json", "voters");
    let doc: Value = serde_json::from_str(&json).unwrap();
    let (en, rows) = sheet(&mut x, "选区汇总 units");
    rows_match(&en, &rows, &doc["units"], "units");
    assert!(en.contains(&"election_date".to_string()));
    let (en, rows) = sheet(&mut x, "审查发现 findings");
    assert!(!rows.is_empty());
    rows_match(&en, &rows, &doc["findings"], "voters findings");
}

#[test]
fn count_as_xlsx_holds_the_json() {
    let (tallies, votes, roster, units) = (
        data("tallies.csv"),
        data("votes.csv"),
        data("roster.csv"),
        data("units.csv"),
    );
    let args = [
        "count",
        "--tallies",
        &tallies,
        "--votes",
        &votes,
        "--roster",
        &roster,
        "--units",
        &units,
        "--as-of",
        "2021-01-15",
    ];
    let (json, mut x) = both(&args, "json", "count");
    let doc: Value = serde_json::from_str(&json).unwrap();
    let (en, rows) = sheet(&mut x, "审查发现 findings");
    rows_match(&en, &rows, &doc["findings"], "count findings");
    // One row per unit, body and round, as the document's units.
    let (en, rows) = sheet(&mut x, "计票结果 rounds");
    let units = doc["units"].as_array().unwrap();
    assert_eq!(rows.len(), units.len());
    for (row, unit) in rows.iter().zip(units) {
        for column in ["unit_code", "body", "round", "valid", "registered", "voted"] {
            let c = en.iter().position(|e| e == column).unwrap();
            same(column, &row[c], &unit[column]);
        }
        let c = en.iter().position(|e| e == "turnout_num").unwrap();
        same("turnout_num", &row[c], &unit["turnout"]["num"]);
    }
    // The elected, with their full ID numbers as text.
    let (en, rows) = sheet(&mut x, "当选人员 elected");
    let elected: Vec<&Value> = units
        .iter()
        .flat_map(|u| u["elected"].as_array().unwrap())
        .collect();
    assert_eq!(rows.len(), elected.len());
    for (row, e) in rows.iter().zip(elected) {
        for column in ["id_number", "role", "votes", "write_in"] {
            let c = en.iter().position(|x| x == column).unwrap();
            same(column, &row[c], &e[column]);
        }
    }
}

/// CSV text cells against a sheet's cells: numbers equal as numbers, 是/否 for true/false.
fn csv_match(csv: &str, en: &[String], rows: &[Vec<Data>]) {
    let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, en, "the English header row is the CSV's");
    let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows.len(), "as many rows");
    for (rec, row) in records.iter().zip(rows) {
        for (c, text) in rec.iter().enumerate() {
            let cell = row.get(c).cloned().unwrap_or(Data::Empty);
            match cell {
                Data::Empty => assert_eq!(text, "", "{}", en[c]),
                Data::String(s) if s.is_empty() => assert_eq!(text, "", "{}", en[c]),
                Data::Float(v) => assert_eq!(text.parse::<f64>().unwrap(), v, "{}", en[c]),
                Data::String(s) if s == "是" || s == "否" => {
                    assert_eq!(text, if s == "是" { "true" } else { "false" }, "{}", en[c]);
                }
                Data::String(s) => assert_eq!(text, s, "{}", en[c]),
                other => panic!("{}: {other:?}", en[c]),
            }
        }
    }
}

#[test]
fn stats_as_xlsx_holds_the_csv() {
    let (people, elected, previous, tallies) = (
        data("people.csv"),
        data("elected.csv"),
        data("previous.csv"),
        data("tallies.csv"),
    );
    let args = [
        "stats",
        "--people",
        &people,
        "--roster",
        &elected,
        "--tallies",
        &tallies,
        "--previous",
        &previous,
        "--previous-as-of",
        "2018-01-20",
        "--as-of",
        "2021-01-15",
    ];
    let (csv, mut x) = both(&args, "csv", "stats");
    let (en, rows) = sheet(&mut x, "统计指标 figures");
    assert!(en.contains(&"change_relative_percent".to_string()));
    csv_match(&csv, &en, &rows);
    let (en, rows) = sheet(&mut x, "两升一降 two_up_one_down");
    assert_eq!(en, ["level", "code", "kind", "two_up_one_down"]);
    assert!(!rows.is_empty());
}

#[test]
fn apportion_as_xlsx_holds_the_csv() {
    let groups = data("groups.csv");
    let args = [
        "apportion",
        "--weights",
        &groups,
        "--seats",
        "50",
        "--method",
        "sainte-lague",
    ];
    let (csv, mut x) = both(&args, "csv", "apportion");
    let (en, rows) = sheet(&mut x, "名额分配 shares");
    csv_match(&csv, &en, &rows);
    let (_, summary) = sheet(&mut x, "概况 summary");
    assert!(
        summary
            .iter()
            .any(|r| r[0] == Data::String("seats".into()) && r[2] == Data::Float(50.0))
    );
}

#[test]
fn every_column_of_every_result_table_has_a_chinese_header() {
    use huanjie::table as t;
    let pack = huanjie::RulePack::builtin(huanjie::pack::DEFAULT_PACK).unwrap();
    let rules = huanjie::render::rules::select(&pack, None);
    let mut schemas = vec![
        t::findings_schema(),
        t::outcomes_schema(),
        t::ids_table_schema(),
        t::ids_batch(&["640121198501140427".into()], None)
            .unwrap()
            .schema(),
        t::summary_batch(&huanjie::Summary::default())
            .unwrap()
            .schema(),
        t::rules_batch(&pack, &rules, None).unwrap().schema(),
        t::finding_lines(&huanjie::finding::Findings::default(), "cn-2021", false)
            .unwrap()
            .schema(),
        t::slates_batch(&Default::default()).unwrap().schema(),
        t::nominees_batch(&Default::default(), false)
            .unwrap()
            .schema(),
        t::participation_batch(&Default::default())
            .unwrap()
            .schema(),
    ];
    // and every table sheet of every command's workbook (the count's, the register's, the
    // statistics' with a previous term, the apportionment's) — checked as they are read
    let mut missing = Vec::new();
    for s in schemas.drain(..) {
        for f in s.fields() {
            if t::column_zh(f.name()).is_none() {
                missing.push(f.name().clone());
            }
        }
    }
    assert!(missing.is_empty(), "no Chinese header for {missing:?}");
    // (the tests above read every sheet through `sheet`, which holds each header to the map;
    // the Python-only tables are checked here)
    let (tallies, votes) = (data("tallies.csv"), data("votes.csv"));
    let (_, mut x) = both(
        &[
            "count",
            "--tallies",
            &tallies,
            "--votes",
            &votes,
            "--as-of",
            "2021-01-15",
        ],
        "json",
        "count-headers",
    );
    for name in x.sheet_names() {
        let _ = sheet(&mut x, &name);
    }
}
