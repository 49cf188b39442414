//! The command-line tool end to end: formats, exit codes, encodings, XLSX, masking.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huanjie-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example_ids() -> Vec<String> {
    std::fs::read_to_string(data("people.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

fn check_args<'a>(
    extra: &[&'a str],
    people: &'a str,
    records: &'a str,
    roster: &'a str,
) -> Vec<&'a str> {
    let mut v = vec![
        "check",
        "--people",
        people,
        "--records",
        records,
        "--roster",
        roster,
        "--as-of",
        "2021-01-15",
    ];
    v.extend_from_slice(extra);
    v
}

#[test]
fn text_output_is_for_clerks_and_masks_ids() {
    let (p, r, ro) = (data("people.csv"), data("records.csv"), data("roster.csv"));
    let o = run(&check_args(&[], &p, &r, &ro));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("cn-2021"), "names the pack");
    assert!(
        out.contains("NEG-02")
            && out.contains("STAT-AGE")
            && out.contains("不能")
            && out.contains("cannot")
    );
    assert!(out.contains("第3行/line 3"), "spreadsheet line numbers");
    assert!(out.contains("2021-09-11起可参选 may stand from 2021-09-11"));
    for id in example_ids() {
        assert!(!out.contains(&id), "text output shows a full ID");
    }
    let shown = run(&check_args(&["--show-ids"], &p, &r, &ro));
    assert!(
        example_ids()
            .iter()
            .any(|id| stdout(&shown).contains(id.as_str()))
    );
}

#[test]
fn json_document_has_the_contract_shape() {
    let (p, r, ro) = (data("people.csv"), data("records.csv"), data("roster.csv"));
    let o = run(&check_args(&["--format", "json"], &p, &r, &ro));
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["pack"]["name"], "cn-2021");
    assert_eq!(doc["pack"]["jurisdiction"], "CN");
    assert_eq!(doc["pack"]["hash"].as_str().unwrap().len(), 64);
    assert_eq!(doc["as_of"], "2021-01-15");
    assert!(doc["huanjie"].is_string());
    let audit = &doc["summary"]["audit"];
    assert_eq!(audit["inputs"].as_array().unwrap().len(), 3);
    assert_eq!(audit["inputs"][0]["rows"], 12);
    assert_eq!(audit["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(doc["summary"]["persons"], 12);
    assert_eq!(doc["summary"]["ineligible"], 6);
    assert_eq!(doc["summary"]["needs_review"], 3);
    let outcomes = doc["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 12);
    for key in ["id_number", "row", "unit_code", "outcome", "rules"] {
        assert!(outcomes[0].get(key).is_some(), "outcome has {key}");
    }
    let f = &doc["findings"][0];
    for key in [
        "rule",
        "severity",
        "id_number",
        "row",
        "roster_row",
        "unit_code",
        "body",
        "role",
        "message_zh",
        "message_en",
        "reference",
        "parameters",
        "eligible_from",
        "evidence",
    ] {
        assert!(f.get(key).is_some(), "finding has {key}");
    }
    let text = stdout(&o);
    assert!(
        example_ids().iter().any(|id| text.contains(id.as_str())),
        "JSON carries full IDs for joining"
    );
    let masked = run(&check_args(
        &["--format", "json", "--mask-ids"],
        &p,
        &r,
        &ro,
    ));
    for id in example_ids() {
        assert!(!stdout(&masked).contains(&id));
    }
}

#[test]
fn jsonl_and_csv_outputs() {
    let (p, r, ro) = (data("people.csv"), data("records.csv"), data("roster.csv"));
    let o = run(&check_args(&["--format", "jsonl"], &p, &r, &ro));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 9);
    assert!(
        lines
            .iter()
            .all(|l| l["pack"] == "cn-2021" && l["rule"].is_string())
    );
    let dir = scratch("csv");
    let out = dir.join("findings.csv");
    let o = run(&check_args(
        &["--format", "csv", "--output", out.to_str().unwrap()],
        &p,
        &r,
        &ro,
    ));
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFrule,severity,id_number"),
        "UTF-8 with BOM for Excel"
    );
    assert_eq!(String::from_utf8_lossy(&bytes).lines().count(), 10);
}

#[test]
fn a_gbk_encoded_csv_reads_like_utf8() {
    let dir = scratch("gbk");
    let text = std::fs::read_to_string(data("people.csv")).unwrap();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let path = dir.join("people-gbk.csv");
    std::fs::write(&path, &gbk).unwrap();
    let utf8 = run(&[
        "check",
        "--people",
        &data("people.csv"),
        "--records",
        &data("records.csv"),
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    let gbk = run(&[
        "check",
        "--people",
        path.to_str().unwrap(),
        "--records",
        &data("records.csv"),
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    let a: serde_json::Value = serde_json::from_slice(&utf8.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&gbk.stdout).unwrap();
    // The same, but for the file each row names.
    let same = |v: &serde_json::Value| {
        let mut v = v.clone();
        for row in v.as_array_mut().into_iter().flatten() {
            row["source"] = serde_json::Value::Null;
            if let Some(e) = row.get_mut("evidence").and_then(|e| e.as_object_mut()) {
                e.remove("source");
            }
        }
        v
    };
    assert_eq!(same(&a["outcomes"]), same(&b["outcomes"]));
    assert_eq!(same(&a["findings"]), same(&b["findings"]));
    // An explicit wrong encoding is a clear error.
    let o = run(&[
        "check",
        "--people",
        path.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
        "--encoding",
        "utf-8",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("people"));
}

fn write_xlsx(path: &Path, ids: &[String]) {
    use rust_xlsxwriter::{ExcelDateTime, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["身份证号码", "姓  名", "性别", "出生年月"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, id) in ids.iter().enumerate() {
        let row = r as u32 + 1;
        if r == 1 {
            // Excel turned this one into a number.
            ws.write_number(row, 0, id.parse::<f64>().unwrap()).unwrap();
        } else {
            ws.write_string(row, 0, id).unwrap();
        }
        ws.write_string(row, 1, "某某").unwrap();
        let birth = &id[6..14];
        let d = ExcelDateTime::from_ymd(
            birth[..4].parse().unwrap(),
            birth[4..6].parse().unwrap(),
            birth[6..].parse().unwrap(),
        )
        .unwrap();
        let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        ws.write_datetime_with_format(row, 3, &d, &fmt).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn an_xlsx_with_chinese_headers_and_a_number_id() {
    let dir = scratch("xlsx");
    let ids: Vec<String> = example_ids()
        .into_iter()
        .filter(|i| !i.ends_with('X'))
        .take(3)
        .collect();
    let path = dir.join("people.xlsx");
    write_xlsx(&path, &ids);
    let o = run(&[
        "check",
        "--people",
        path.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)));
    let findings = doc["findings"].as_array().unwrap();
    let id_finding = findings
        .iter()
        .find(|f| f["rule"] == "DATA-ID")
        .expect("the number-stored ID is reported");
    assert_eq!(id_finding["row"], 1);
    assert!(
        id_finding["message_en"]
            .as_str()
            .unwrap()
            .contains("stored as a number")
    );
    assert!(
        !findings.iter().any(|f| f["rule"] == "DATA-BIRTH"),
        "Excel date cells read as dates"
    );
    assert_eq!(doc["outcomes"][0]["outcome"], "eligible");
}

#[test]
fn unusable_input_exits_2_naming_table_and_column() {
    let dir = scratch("bad");
    let path = dir.join("no-id.csv");
    std::fs::write(&path, "姓名,性别\n张三,男\n").unwrap();
    let o = run(&[
        "check",
        "--people",
        path.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("people") && err.contains("id_number") && err.contains("no-id.csv"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line");
    let dup = dir.join("dup.csv");
    std::fs::write(&dup, "身份证号码,id_number\n1,2\n").unwrap();
    let o = run(&[
        "check",
        "--people",
        dup.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("身份证号码") && stderr(&o).contains("id_number"));
    let o = run(&[
        "check",
        "--people",
        "/nonexistent/people.csv",
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "check",
        "--people",
        &data("people.csv"),
        "--as-of",
        "2021-02-30",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "check",
        "--people",
        &data("people.csv"),
        "--as-of",
        "2021-01-15",
        "--pack",
        "atlantis-2021",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("atlantis-2021"));
}

#[test]
fn clean_data_exits_0() {
    let dir = scratch("clean");
    let ids = example_ids();
    let path = dir.join("people.csv");
    std::fs::write(&path, format!("身份证号码\n{}\n{}\n", ids[0], ids[3])).unwrap();
    let records = dir.join("records.csv");
    std::fs::write(
        &records,
        format!(
            "身份证号码,类别,决定日期,截止日期\n{},失信被执行人,2018-03-01,2020-06-30\n",
            ids[0]
        ),
    )
    .unwrap();
    let o = run(&[
        "check",
        "--people",
        path.to_str().unwrap(),
        "--records",
        records.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn the_id_command() {
    let o = run(&["id", "11010519491231002X", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[0]["sex"], "female");
    assert_eq!(v[0]["birth_date"], "1949-12-31");
    assert_eq!(v[0]["address_code"], "110105");
    let o = run_stdin(&["id", "-"], "53010219200508011X\n110105194912310021\n");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("530102********011X") && !out.contains("53010219200508011X"));
    assert!(!out.contains("110105194912310021"));
    // Born the day after --as-of (a number otherwise valid).
    let o = run(&["id", "640121202101160014"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&[
        "id",
        "640121202101160014",
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["valid"], false);
    assert_eq!(
        v[0]["error"],
        "the ID number's birth date lies after the reference date"
    );
}

/// Year 0000 (a date of the proleptic calendar) and a prefix that names no province are
/// invalid, in text and JSON, without the number in the message.
#[test]
fn id_rejects_years_before_1880_and_unknown_provinces() {
    for (number, zh, en) in [
        (
            "640121000001010013",
            "出生年份早于1880年",
            "the ID number's birth year is before 1880",
        ),
        (
            "640121187901010118",
            "出生年份早于1880年",
            "the ID number's birth year is before 1880",
        ),
        (
            "99012119800101001X",
            "不属于任何省级行政区划",
            "the ID number's address code names no province-level division (GB/T 2260)",
        ),
    ] {
        let o = run(&["id", number]);
        assert_eq!(o.status.code(), Some(1), "{number}");
        let out = stdout(&o);
        assert!(
            out.contains("无效 invalid") && out.contains(zh) && out.contains(en),
            "{out}"
        );
        assert!(!out.contains("born") && !out.contains(number), "{out}");
        let o = run(&["id", number, "--format", "json"]);
        assert_eq!(o.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v[0]["valid"], false);
        assert_eq!(v[0]["error"], en);
        assert_eq!(v[0]["birth_date"], serde_json::Value::Null);
        assert_eq!(v[0]["legacy"], serde_json::Value::Null);
        assert_eq!(v[0]["residence_permit"], serde_json::Value::Null);
    }
    // The first year accepted.
    let o = run(&["id", "440524188001010014", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
}

/// The residence permits of Hong Kong, Macao and Taiwan residents are valid numbers, shown as
/// such; Taiwan's province code 71 is not a permit.
#[test]
fn id_shows_residence_permits() {
    let numbers = [
        (
            "810000199001010019",
            Some("hong_kong"),
            "香港居民居住证 Hong Kong residence permit",
        ),
        (
            "820000199001020024",
            Some("macao"),
            "澳门居民居住证 Macao residence permit",
        ),
        (
            "83000019900103003X",
            Some("taiwan"),
            "台湾居民居住证 Taiwan residence permit",
        ),
        ("710000199001040054", None, "居住证"),
        ("64012119800101001X", None, "居住证"),
    ];
    let args: Vec<&str> = numbers.iter().map(|n| n.0).collect();
    let o = run(&[&["id"][..], &args].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), numbers.len());
    for ((_, permit, label), line) in numbers.iter().zip(&lines) {
        assert!(line.contains("有效 valid"), "{line}");
        assert_eq!(line.contains(label), permit.is_some(), "{line}");
    }
    let o = run(&[&["id"][..], &args, &["--format", "json"]].concat());
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for (i, (number, permit, _)) in numbers.iter().enumerate() {
        assert_eq!(v[i]["id_number"], *number);
        assert_eq!(v[i]["valid"], true);
        assert_eq!(v[i]["legacy"], false);
        assert_eq!(v[i]["residence_permit"], serde_json::json!(permit));
    }
    let o = run(&["id", "110105491231002", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["legacy"], true);
    assert_eq!(v[0]["id_number"], "11010519491231002X");
}

/// A person whose number has year 0000 or no province is not eligible in `check`: the
/// number is reported invalid (DATA-ID) and the person needs review.
#[test]
fn check_reports_impossible_numbers_as_invalid() {
    let dir = scratch("impossible-ids");
    let people = dir.join("people.csv");
    std::fs::write(
        &people,
        "身份证号码,姓名\n640121000001010013,甲\n99012119800101001X,乙\n64012119800101001X,丙\n",
    )
    .unwrap();
    let people = people.to_string_lossy().into_owned();
    let o = run(&[
        "check",
        "--people",
        &people,
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let outcomes = v["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 3);
    for (i, outcome) in outcomes.iter().enumerate() {
        let has_data_id = outcome["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "DATA-ID");
        if i < 2 {
            assert_eq!(outcome["outcome"], "needs_review", "{outcome}");
            assert!(has_data_id, "{outcome}");
        } else {
            assert_eq!(outcome["outcome"], "eligible", "{outcome}");
            assert!(!has_data_id, "{outcome}");
        }
    }
    let findings = v["findings"].as_array().unwrap();
    let messages: Vec<String> = findings
        .iter()
        .filter(|f| f["rule"] == "DATA-ID")
        .map(|f| f.to_string())
        .collect();
    assert_eq!(messages.len(), 2, "{findings:?}");
    assert!(messages[0].contains("before 1880") && messages[0].contains("早于1880年"));
    assert!(messages[1].contains("province-level division"));
    // The text report says the same, masked.
    let o = run(&["check", "--people", &people, "--as-of", "2021-01-15"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("DATA-ID") && !text.contains("640121000001010013"),
        "{text}"
    );
}

/// `huanjie id -` answers as it reads: output arrives while standard input is still open
/// (a version that read everything first would time out here), in input order.
#[test]
fn id_streams_standard_input_in_order() {
    use std::io::Read;
    use std::sync::mpsc;
    use std::time::Duration;
    let valid = "64012119800101001X";
    let invalid = "640121198001010010";
    let n = 4000;
    for format in ["text", "json"] {
        let mut child = Command::new(BIN)
            .args(["id", "-", "--format", format])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (close_tx, close_rx) = mpsc::channel::<()>();
        let writer = std::thread::spawn(move || {
            for i in 0..n {
                let line = if i % 3 == 2 { invalid } else { valid };
                writeln!(stdin, "{line}").unwrap();
            }
            stdin.flush().unwrap();
            // Keep standard input open until the reader has seen output (or a minute).
            let _ = close_rx.recv_timeout(Duration::from_secs(60));
            drop(stdin);
        });
        let (first_tx, first_rx) = mpsc::channel::<()>();
        let reader = std::thread::spawn(move || {
            let mut all = Vec::new();
            let mut buf = [0u8; 8192];
            let mut told = false;
            loop {
                let k = stdout.read(&mut buf).unwrap();
                if k == 0 {
                    break;
                }
                all.extend_from_slice(&buf[..k]);
                if !told {
                    let _ = first_tx.send(());
                    told = true;
                }
            }
            all
        });
        let streamed = first_rx.recv_timeout(Duration::from_secs(30)).is_ok();
        let _ = close_tx.send(());
        writer.join().unwrap();
        let out = reader.join().unwrap();
        let status = child.wait().unwrap();
        assert!(
            streamed,
            "{format}: no output before standard input was closed"
        );
        assert_eq!(status.code(), Some(1), "{format}");
        let out = String::from_utf8(out).unwrap();
        if format == "text" {
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines.len(), n, "{format}");
            for (i, line) in lines.iter().enumerate() {
                assert_eq!(
                    line.contains("无效 invalid"),
                    i % 3 == 2,
                    "line {i}: {line}"
                );
            }
        } else {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            let rows = v.as_array().unwrap();
            assert_eq!(rows.len(), n);
            for (i, row) in rows.iter().enumerate() {
                assert_eq!(row["valid"], i % 3 != 2, "row {i}");
                let input = if i % 3 == 2 { invalid } else { valid };
                assert_eq!(row["input"], input, "row {i}");
            }
        }
    }
}

/// Exit status: 0 when every number is valid, 1 when any is not, 2 when none is given (no
/// output then); arguments and standard input are read in order.
#[test]
fn id_exit_status_and_argument_order() {
    let o = run_stdin(
        &["id", "-"],
        "64012119800101001X\n\n  440524188001010014  \n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).lines().count(), 2);
    let o = run_stdin(&["id", "-", "--format", "json"], "\n  \n");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("no ID numbers given"));
    let o = run_stdin(&["id", "-"], "");
    assert_eq!(o.status.code(), Some(2));
    let o = run_stdin(
        &["id", "123", "-", "11010519491231002X", "--format", "json"],
        "440524188001010014\n640121000001010013\n",
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let inputs: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["input"].as_str().unwrap())
        .collect();
    assert_eq!(
        inputs,
        [
            "123",
            "440524188001010014",
            "640121000001010013",
            "11010519491231002X"
        ]
    );
    let valid: Vec<bool> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["valid"].as_bool().unwrap())
        .collect();
    assert_eq!(valid, [false, true, false, true]);
}

#[test]
fn the_pack_command() {
    let o = run(&["pack", "list"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("cn-2021 (default)") && stdout(&o).contains("ningxia-2021"));
    let o = run(&["pack", "show", "ningxia-2021"]);
    let out = stdout(&o);
    assert!(out.starts_with("# rule pack ningxia-2021"));
    assert!(out.contains("NEG-10") && out.contains("resolved_from"));
    let o = run(&["pack", "show", "cn-2021", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["name"], "cn-2021");
    // A pack file extending a built-in one.
    let dir = scratch("pack");
    let file = dir.join("local.toml");
    std::fs::write(
        &file,
        "name = \"local\"\njurisdiction = \"640121\"\nextends = \"ningxia-2021\"\n",
    )
    .unwrap();
    let o = run(&[
        "check",
        "--people",
        &data("people.csv"),
        "--as-of",
        "2021-01-15",
        "--pack",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["pack"]["name"], "local");
}

#[test]
fn check_with_relations_adds_avoidance() {
    let o = run(&[
        "check",
        "--people",
        &data("people.csv"),
        "--roster",
        &data("roster.csv"),
        "--relations",
        &data("relations.csv"),
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let av: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "AV-01")
        .collect();
    // Father and son (0134, 0917) and an adoptive father and daughter (0777, 0624): both sides.
    assert_eq!(av.len(), 4);
    // Every path starts at the person the finding is about and ends at the other person.
    for f in &av {
        let path = f["evidence"]["path"].as_array().unwrap();
        assert_eq!(path[0]["id_number"], f["id_number"]);
        assert_ne!(path.last().unwrap()["id_number"], f["id_number"]);
    }
    let ev = &av[0]["evidence"];
    assert_eq!(ev["type"], "relation");
    assert_eq!(ev["set"], "committee_close");
    assert!(ev["path"].as_array().unwrap().len() >= 2);
    // Divorced before as_of (roster lines 11–12) and a wife's sister (not committee_close): no AV.
    assert!(av.iter().all(|f| f["unit_code"] == "640121100201"));
    let inputs = doc["summary"]["audit"]["inputs"].as_array().unwrap();
    assert!(inputs.iter().any(|i| i["table"] == "relations"));
    // Masked JSON masks the path too.
    let o = run(&[
        "check",
        "--people",
        &data("people.csv"),
        "--roster",
        &data("roster.csv"),
        "--relations",
        &data("relations.csv"),
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
        "--mask-ids",
    ]);
    assert!(!stdout(&o).contains("640121200301160917"));
}

#[test]
fn the_kin_command() {
    let rel = data("relations.csv");
    let o = run(&[
        "kin",
        "640121197203180514",
        "64012119791130088X",
        "--relations",
        &rel,
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for key in [
        "a",
        "b",
        "classes",
        "sets",
        "path",
        "description_zh",
        "description_en",
    ] {
        assert!(doc.get(key).is_some(), "{key}");
    }
    assert_eq!(doc["description_zh"], "妻子的姐妹");
    assert_eq!(doc["sets"], serde_json::json!(["official_avoidance"]));
    assert_eq!(doc["classes"][0]["class"], "near_affinal");
    // Text masks the numbers and the keys.
    let o = run_stdin(
        &["kin", "-", "--relations", &rel, "--as-of", "2021-01-15"],
        "640121197203180514\n64012119791130088X\n",
    );
    let text = stdout(&o);
    assert!(
        text.contains("妻子的姐妹") && !text.contains("640121197203180514"),
        "{text}"
    );
    assert!(!text.contains("刘福之妻"));
    // Relatives in a set.
    let o = run(&[
        "kin",
        "640121200301160917",
        "--relations",
        &rel,
        "--as-of",
        "2021-01-15",
        "--set",
        "committee_close",
        "--format",
        "json",
    ]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    // Divorced on 2019-06-30: unrelated on 2021-01-15, spouses on 2019-01-01.
    let pair = ["640122198308080158", "640122197702030269"];
    let on = |d: &str| {
        let o = run(&[
            "kin",
            pair[0],
            pair[1],
            "--relations",
            &rel,
            "--as-of",
            d,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["classes"].as_array().unwrap().len()
    };
    assert_eq!((on("2021-01-15"), on("2019-01-01")), (0, 1));
    // A broken table exits 2 naming the file and line, never the number.
    let bad = scratch("kin").join("bad.csv");
    std::fs::write(&bad, "本人,亲属,称谓\nkey:a,key:b,父亲\nkey:b,key:a,父亲\n").unwrap();
    let o = run(&[
        "kin",
        "key:a",
        "key:b",
        "--relations",
        bad.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.csv") && stderr(&o).contains("cycle"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_count_command() {
    let (tallies, votes, roster) = (data("tallies.csv"), data("votes.csv"), data("roster.csv"));
    let base = [
        "count",
        "--tallies",
        &tallies,
        "--votes",
        &votes,
        "--as-of",
        "2021-01-15",
    ];
    let o = run(&base);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("第2轮 round 2"), "{text}");
    assert!(text.contains("640121********0427 560票"), "{text}");
    assert!(!text.contains("640121198501140427"), "text masks IDs");
    let mut args = base.to_vec();
    args.extend(["--format", "json", "--roster", &roster]);
    let o = run(&args);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["pack"]["name"], "cn-2021");
    assert_eq!(doc["units"].as_array().unwrap().len(), 3);
    let u = &doc["units"][0];
    for key in [
        "unit_code",
        "body",
        "round",
        "valid",
        "reasons",
        "registered",
        "voted",
        "turnout",
        "elected",
        "unfilled",
        "runoff",
        "ties",
    ] {
        assert!(u.get(key).is_some(), "missing {key}");
    }
    assert_eq!(u["turnout"]["num"], 1100);
    assert_eq!(u["unfilled"]["member"], 1);
    assert_eq!(doc["summary"]["filled"], 8);
    assert_eq!(
        doc["summary"]["audit"]["inputs"].as_array().unwrap().len(),
        3
    );
    // The write-in by name lost, so it is not a finding; the slate is known from the roster.
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    args.push("--mask-ids");
    let masked = stdout(&run(&args));
    assert!(!masked.contains("640121198501140427"));
}

#[test]
fn count_exits_1_for_an_invalid_election_and_2_for_bad_input() {
    let dir = scratch("count");
    let tallies = dir.join("tallies.csv");
    std::fs::write(
        &tallies,
        "区划代码,组织,轮次,登记选民数,参加投票人数,收回选票,委员职数\n640121100201,村委会,1,100,50,50,1\n",
    )
    .unwrap();
    let votes = dir.join("votes.csv");
    std::fs::write(
        &votes,
        "区划代码,组织,轮次,身份证号码,职务,得票数\n640121100201,村委会,1,640121198006210248,委员,40\n",
    )
    .unwrap();
    let (t, v) = (tallies.to_str().unwrap(), votes.to_str().unwrap());
    let o = run(&[
        "count",
        "--tallies",
        t,
        "--votes",
        v,
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("未过登记选民半数"), "{}", stdout(&o));
    std::fs::write(
        &votes,
        "区划代码,组织,轮次,身份证号码,职务,得票数\n640121100201,村委会,1,640121198006210248,委员,-4\n",
    )
    .unwrap();
    let o = run(&[
        "count",
        "--tallies",
        t,
        "--votes",
        v,
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("votes.csv") && e.contains("line 2 (row 0)") && e.contains("得票数"),
        "{e}"
    );
    assert!(!e.contains("640121198006210248"), "{e}");
}

#[test]
fn the_apportion_and_recall_commands() {
    let groups = data("groups.csv");
    let o = run(&[
        "apportion",
        "--weights",
        &groups,
        "--seats",
        "50",
        "--method",
        "sainte-lague",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let seats: u64 = doc["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["seats"].as_u64().unwrap())
        .sum();
    assert_eq!(seats, 50);
    assert_eq!(doc["method"], "sainte-lague");
    let o = run(&[
        "apportion",
        "--weights",
        &groups,
        "--seats",
        "3",
        "--method",
        "dhondt",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "five minimums of 1 exceed 3 seats"
    );
    assert!(
        stderr(&o).contains("minimum seats add up to 5"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "recall",
        "--registered",
        "1000",
        "--voted",
        "501",
        "--yes",
        "251",
        "--as-of",
        "2022-05-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["passed"], true);
    let o = run(&[
        "recall",
        "--registered",
        "1000",
        "--voted",
        "500",
        "--yes",
        "400",
        "--as-of",
        "2022-05-01",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "half the voters is not more than half"
    );
}

#[test]
fn the_voters_command() {
    let (register, records, proxies, relations) = (
        data("register.csv"),
        data("records.csv"),
        data("proxies.csv"),
        data("relations.csv"),
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
        "--as-of",
        "2021-01-15",
    ];
    let o = run(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("VOTER-AGE") && text.contains("VOTER-TWO-UNITS"),
        "{text}"
    );
    assert!(!text.contains("640121200301160917"), "text masks IDs");
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&run(&json_args))).unwrap();
    assert_eq!(doc["summary"]["rows"], 14);
    assert_eq!(doc["summary"]["in_two_units"], 1);
    assert_eq!(doc["units"][0]["eligible"], 7);
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules.iter().filter(|r| **r == "AV-05").count(), 2);
}

#[test]
fn the_stats_command() {
    let (people, elected, tallies) = (data("people.csv"), data("elected.csv"), data("tallies.csv"));
    let args = [
        "stats",
        "--people",
        &people,
        "--roster",
        &elected,
        "--tallies",
        &tallies,
        "--as-of",
        "2021-01-15",
    ];
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("province 640000 宁夏回族自治区"), "{text}");
    assert!(
        text.contains("交叉任职比例 cross_appointment: 25.0% (2/8)"),
        "{text}"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json", "--by", "county", "--decimals", "2"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&run(&json_args))).unwrap();
    let figures = doc["figures"].as_array().unwrap();
    assert!(figures.iter().all(|f| f["level"] == "county"));
    let women = figures
        .iter()
        .find(|f| f["code"] == "640121" && f["figure"] == "women" && f["kind"] == "all")
        .unwrap();
    assert_eq!(women["text"], "60.00");
}

#[test]
fn stats_against_the_previous_term() {
    let (people, elected, previous) = (
        data("people.csv"),
        data("elected.csv"),
        data("previous.csv"),
    );
    let o = run(&[
        "stats",
        "--people",
        &people,
        "--roster",
        &elected,
        "--previous",
        &previous,
        "--previous-as-of",
        "2018-01-20",
        "--as-of",
        "2021-01-15",
        "--by",
        "province",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let fig = |k: &str| {
        doc["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["figure"] == k && f["kind"] == "all")
            .unwrap()
            .clone()
    };
    // Women 1 of 6 → 4 of 8: +33.3 points, +200.0 % relative — two different numbers, labelled.
    assert_eq!(fig("women")["change"], "+33.3");
    assert_eq!(fig("women")["change_relative_percent"], "+200.0");
    assert_eq!(
        fig("mean_age")["change"].as_str().unwrap().chars().next(),
        Some('-')
    );
    let verdict = doc["two_up_one_down"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["kind"] == "all")
        .unwrap();
    assert_eq!(verdict["two_up_one_down"], true);
    // --previous-as-of without --previous is a usage error.
    let o = run(&[
        "stats",
        "--people",
        &people,
        "--roster",
        &elected,
        "--previous-as-of",
        "2018-01-20",
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn stats_html_is_one_self_contained_file() {
    let (people, elected, previous) = (
        data("people.csv"),
        data("elected.csv"),
        data("previous.csv"),
    );
    let out = scratch("html").join("report.html");
    let o = run(&[
        "stats",
        "--people",
        &people,
        "--roster",
        &elected,
        "--previous",
        &previous,
        "--previous-as-of",
        "2018-01-20",
        "--as-of",
        "2021-01-15",
        "--format",
        "html",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.matches("<svg").count() >= 3, "charts inline");
    for outside in ["<script", "src=", "href=", "@import", "url("] {
        assert!(
            !html.contains(outside),
            "{outside}: nothing loads from outside"
        );
    }
    assert!(html.contains("两升一降 是 yes"));
    assert!(html.contains("永宁县"));
}

#[test]
fn check_with_units_adds_the_slate_margins() {
    let (p, r, ro, u) = (
        data("people.csv"),
        data("records.csv"),
        data("roster.csv"),
        data("units.csv"),
    );
    let o = run(&check_args(
        &["--format", "json", "--units", &u],
        &p,
        &r,
        &ro,
    ));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let slate: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "COMP-SLATE")
        .collect();
    // 杨和村: one candidate each for 主任 and 副主任 (cannot), seven for three 委员 (review);
    // 通贵村: one for 主任, two for two 委员 (cannot).
    let got: Vec<(&str, &str)> = slate
        .iter()
        .map(|f| {
            (
                f["unit_code"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("640121100201", "cannot"),
            ("640121100201", "cannot"),
            ("640121100201", "review"),
            ("640122101202", "cannot"),
            ("640122101202", "cannot")
        ]
    );
    assert!(slate.iter().all(|f| f["id_number"].is_null()));
}

#[test]
fn demo_prints_the_seed_report_side_by_side_and_writes_every_table() {
    let dir = scratch("demo");
    let o = run(&["demo", "--format", "json", "--out", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["dataset"], "ningxia-2021");
    let figures = doc["figures"].as_array().unwrap();
    for f in figures {
        for key in [
            "key",
            "label_zh",
            "label_en",
            "published",
            "computed",
            "decimals",
            "match",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    let by_key = |k: &str| figures.iter().find(|f| f["key"] == k).unwrap().clone();
    let d = by_key("women_percent.village_committee_directors");
    assert_eq!(
        (d["published"].as_f64(), d["computed"].as_f64()),
        (Some(9.83), Some(9.83))
    );
    assert_eq!(d["decimals"], 2);
    assert_eq!(by_key("voters_took_part")["computed"], 2_720_000);
    assert_eq!(by_key("new_communities")["match"], true);
    assert!(
        figures
            .iter()
            .all(|f| f["reading"].as_str().is_some_and(|r| !r.is_empty()))
    );
    assert!(figures.iter().all(|f| f["match"] != false));
    // Every table as CSV with a BOM; the HTML report in one file with nothing to fetch.
    for name in [
        "units",
        "people",
        "roster",
        "previous",
        "records",
        "relations",
        "proxies",
        "register",
        "tallies",
        "votes",
        "findings",
        "outcomes",
        "count_rounds",
        "stats",
        "figures",
    ] {
        let bytes = std::fs::read(dir.join(format!("{name}.csv"))).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name}.csv has no BOM");
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("<svg"));
    for fetch in ["<script src", "<link", "@import", "url(http"] {
        assert!(
            !html.contains(fetch),
            "report.html fetches something: {fetch}"
        );
    }
    // Text: one line per figure, and the not computable ones listed apart.
    let t = run(&["demo"]);
    assert_eq!(t.status.code(), Some(0));
    let text = stdout(&t);
    assert!(text.contains("9.83") && text.contains("25 of 25 figures match"));
    assert!(text.contains("读法 how each figure is read") && !text.contains("not computed"));
    assert!(!text.contains("MISMATCH"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_rules_command() {
    // One rule in text: the code, severity, titles, source, checks and action.
    let o = run(&["rules", "NEG-03"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "NEG-03 不能 cannot",
        "十不选",
        "依据 reference",
        "处理 action",
    ] {
        assert!(out.contains(needle), "{needle} not in {out}");
    }
    // A family, as JSON, on a day: every rule with in_force.
    let o = run(&[
        "rules",
        "COMP",
        "--format",
        "json",
        "--as-of",
        "2005年1月1日",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .all(|r| r["code"].as_str().unwrap().starts_with("COMP-"))
    );
    let women = rules.iter().find(|r| r["code"] == "COMP-WOMEN").unwrap();
    assert_eq!(women["in_force"], false);
    assert_eq!(v["as_of"], "2005-01-01");
    // The pack's own values: Ningxia's odd-sized committees.
    let o = run(&[
        "rules",
        "COMP-SIZE",
        "--pack",
        "ningxia-2021",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let params = v["rules"][0]["parameters"].as_array().unwrap();
    let odd = params
        .iter()
        .find(|p| p["name"] == "composition.village_committee.size_odd")
        .unwrap();
    assert_eq!(odd["values"][0]["value"], true);
    // Markdown of every built-in pack is docs/rules.md.
    let o = run(&["rules", "--format", "markdown", "--all-packs"]);
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
    assert!(
        stdout(&o) == doc,
        "`huanjie rules --format markdown --all-packs` differs from docs/rules.md"
    );
    // An unknown code: exit 2, naming the codes there are.
    let o = run(&["rules", "NEG-99"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("NEG-01"), "{}", stderr(&o));
}

/// `… | head -1`: the reader closes standard output after one line; the run ends quietly with
/// 141 (128 + SIGPIPE), as a shell reports a process ended by a closed pipe — no panic (101),
/// no error message. Standard error is the same closed pipe, as with `2>&1`.
#[test]
fn a_closed_standard_output_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    let ids = "640121198006210248\n".repeat(200_000);
    let input = scratch("pipe").join("ids.txt");
    std::fs::write(&input, ids).unwrap();
    let mut child = Command::new(BIN)
        .args(["id", "-"])
        .stdin(std::fs::File::open(&input).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let mut first = String::new();
    BufReader::new(out).read_line(&mut first).unwrap();
    drop(err); // (standard error closed too)
    let status = child.wait().unwrap();
    assert!(first.contains("有效 valid"), "{first}");
    assert_eq!(status.code(), Some(141), "{status:?}");
}

/// `--output` writes the whole document or nothing: a run that fails keeps the file that was
/// there, and no temporary file is left beside it.
#[test]
fn output_files_are_written_whole_or_not_at_all() {
    let dir = scratch("atomic");
    let out = dir.join("findings.json");
    std::fs::write(&out, "old").unwrap();
    let o = run(&[
        "check",
        "--people",
        &data("people.csv"),
        "--records",
        &data("records.csv"),
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(doc["findings"].as_array().is_some_and(|f| !f.is_empty()));
    // A run that cannot read its input leaves the previous output as it was.
    std::fs::write(&out, "old").unwrap();
    let o = run(&[
        "check",
        "--people",
        &data("no-such-file.csv"),
        "--as-of",
        "2021-01-15",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `kin` for a person the relations table does not name: an error saying so (exit 2), never
/// "not related" — nothing is known of their family.
#[test]
fn kin_for_a_person_the_relations_do_not_name_says_so() {
    let o = run(&[
        "kin",
        "640121198003120132",
        "640121197503120134",
        "--relations",
        &data("relations.csv"),
        "--as-of",
        "2021-01-15",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(e.contains("not in the relations table"), "{e}");
    assert!(!e.contains("640121198003120132") && !stdout(&o).contains("not related"));
}

/// Dates near the end of the calendar (an election on 262142-12-31) or day counts no calendar
/// holds: the objection and answer days cannot be counted (shown as —), and nothing panics.
#[test]
fn date_arithmetic_at_the_end_of_the_calendar_does_not_panic() {
    let dir = scratch("calendar");
    let units = dir.join("units.csv");
    std::fs::write(
        &units,
        "unit_code,election_date,register_published\n640121100201,262142-12-31,262142-12-25\n",
    )
    .unwrap();
    let o = run(&[
        "voters",
        "--register",
        &data("register.csv"),
        "--units",
        units.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
    ]);
    assert_ne!(o.status.code(), Some(101), "{}", stderr(&o));
    // (such days lie outside the plausible dates: unreadable cells, each a finding)
    assert!(stdout(&o).contains("DATA-VALUE"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("VOTER-TIMELINE"), "{}", stdout(&o));
    // Day counts no calendar holds, from a pack: the days after are shown as —.
    let pack = dir.join("days.toml");
    std::fs::write(
        &pack,
        "name = \"days\"\nextends = \"cn-2021\"\njurisdiction = \"test\"\n\
         [parameters.\"voters.objection_days\"]\ndescription = \"test\"\n\
         values = [{ from = \"2010-10-28\", value = 1000000000000000, reference = \"test\" }]\n",
    )
    .unwrap();
    std::fs::write(
        &units,
        "unit_code,election_date,register_published\n640121100201,2021-01-15,2021-01-10\n",
    )
    .unwrap();
    let o = run(&[
        "voters",
        "--register",
        &data("register.csv"),
        "--units",
        units.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
        "--pack",
        pack.to_str().unwrap(),
    ]);
    assert_ne!(o.status.code(), Some(101), "{}", stderr(&o));
    assert!(stdout(&o).contains("VOTER-TIMELINE"), "{}", stdout(&o));
    assert!(stdout(&o).contains("答复至—"), "{}", stdout(&o));
}

/// A JSON-lines row that gives a key twice is an error naming the line and the key — never the
/// last value kept without a word — and an object's other errors never quote a cell.
#[test]
fn a_json_lines_key_given_twice_is_an_error() {
    let dir = scratch("jsonl");
    let dup = dir.join("people.jsonl");
    std::fs::write(
        &dup,
        "{\"id_number\":\"640121198006210248\"}\n{\"id_number\":\"640121198006210248\",\"id_number\":\"640121197503120134\"}\n",
    )
    .unwrap();
    let o = check_people(dup.as_path());
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("line 2") && e.contains("\"id_number\""), "{e}");
    assert!(!e.contains("640121"), "{e}");
    let odd = dir.join("odd.jsonl");
    std::fs::write(&odd, "\"640121198006210248\"\n").unwrap();
    let o = check_people(odd.as_path());
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("640121"), "{}", stderr(&o));
}

/// A stray opening quote in a note swallows the rows below it into one cell: an error naming
/// the line where it opened, not fewer persons without a word. A note that really runs over
/// two lines (no delimiter on its second line) is read as one cell.
#[test]
fn a_quote_left_open_is_an_error_naming_its_line() {
    let dir = scratch("quote");
    let open = dir.join("people.csv");
    std::fs::write(
        &open,
        "身份证号码,姓名,备注\n640121198006210248,李秀英,\"待核\n640121197503120134,马志强,\n640121198003120132,王,\n",
    )
    .unwrap();
    let o = check_people(open.as_path());
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(e.contains("line 2") && e.contains("not closed"), "{e}");
    let note = dir.join("note.csv");
    std::fs::write(
        &note,
        "身份证号码,姓名,备注\n640121198006210248,李秀英,\"第一行\n第二行\"\n640121197503120134,马志强,\n",
    )
    .unwrap();
    let o = check_people(note.as_path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("共审查2人"), "{}", stdout(&o));
}

/// `huanjie check --people FILE --as-of 2021-01-15`.
fn check_people(file: &Path) -> Output {
    run(&[
        "check",
        "--people",
        file.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
    ])
}

/// A roster whose 区划代码 is merged down a village's rows (the usual layout) is read as Excel
/// shows it: every row of the range has the code, so no one drops out of the unit.
#[test]
fn a_cell_merged_down_rows_is_read_on_every_row() {
    let dir = scratch("merged");
    let roster = dir.join("roster.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    for (c, h) in ["区划代码", "身份证号码", "组织", "职务"]
        .iter()
        .enumerate()
    {
        s.write(0, c as u16, *h).unwrap();
    }
    let ids = [
        "640121197503120134",
        "640121198006210248",
        "640121198003120132",
    ];
    let roles = ["主任", "委员", "委员"];
    for (k, (id, role)) in ids.iter().zip(roles).enumerate() {
        let r = k as u32 + 1;
        s.write(r, 1, *id).unwrap();
        s.write(r, 2, "村委会").unwrap();
        s.write(r, 3, role).unwrap();
    }
    s.merge_range(1, 0, 3, 0, "640121100201", &rust_xlsxwriter::Format::new())
        .unwrap();
    wb.save(&roster).unwrap();
    let people = dir.join("people.csv");
    std::fs::write(&people, format!("身份证号码\n{}\n", ids.join("\n"))).unwrap();
    let o = run(&[
        "check",
        "--people",
        people.to_str().unwrap(),
        "--roster",
        roster.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let units: Vec<&str> = doc["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["unit_code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(units, ["640121100201"; 3], "{}", stderr(&o));
}

#[test]
fn count_with_nominations_alone_or_beside_the_votes() {
    let (nominations, units) = (data("nominations.csv"), data("units.csv"));
    let base = [
        "count",
        "--nominations",
        &nominations,
        "--units",
        &units,
        "--as-of",
        "2021-01-15",
    ];
    let o = run(&base);
    // The example's members' slate has no margin (NOM-SHORT, cannot): exit 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("正式候选人 formal"), "{text}");
    assert!(text.contains("NOM-SHORT cannot"), "{text}");
    assert!(text.contains("参与提名 who nominated"), "{text}");
    // Text masks ID numbers and names.
    assert!(!text.contains("640121197503121006"), "{text}");
    assert!(!text.contains("马志强"), "{text}");
    let mut args = base.to_vec();
    args.extend(["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&run(&args))).unwrap();
    let nominees = doc["nominees"].as_array().unwrap();
    let first = &nominees[0];
    assert_eq!(first["id_number"], "640121197503121006");
    assert_eq!(
        first["nominations"], 3,
        "a nominator listed twice counts once"
    );
    assert_eq!(first["outcome"], "formal");
    assert_eq!(doc["summary"]["slates"], 3);
    assert_eq!(doc["slates"].as_array().unwrap().len(), 3);
    let total = doc["participation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["unit_code"].is_null() && p["nominator_kind"].is_null())
        .unwrap()
        .clone();
    // Distinct over both units: two nominators nominate in both.
    assert_eq!(total["nominator_persons"], 11);
    assert_eq!(total["nominators_counted"], 7);
    assert_eq!(doc["findings"][0]["rule"], "NOM-SHORT");
    args.push("--mask-ids");
    let masked = stdout(&run(&args));
    assert!(!masked.contains("640121197503121006"));
    // Beside the count of votes: the count's document with the nomination stage's parts.
    let (tallies, votes) = (data("tallies.csv"), data("votes.csv"));
    let mut both = base.to_vec();
    both.extend(["--tallies", &tallies, "--votes", &votes, "--format", "json"]);
    let o = run(&both);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["units"].as_array().unwrap().len(), 3);
    assert_eq!(doc["nomination_summary"]["slates"], 3);
    assert!(doc["nomination_findings"].as_array().is_some());
    // XLSX needs a file; with one it is written.
    let dir = scratch("nominations");
    let out = dir.join("count.xlsx");
    let mut x = base.to_vec();
    x.extend(["--format", "xlsx", "--output", out.to_str().unwrap()]);
    let o = run(&x);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
}

#[test]
fn count_needs_a_stage() {
    let o = run(&["count", "--as-of", "2021-01-15"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--nominations"), "{}", stderr(&o));
    let tallies = data("tallies.csv");
    let o = run(&["count", "--tallies", &tallies, "--as-of", "2021-01-15"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--votes"), "{}", stderr(&o));
}

#[test]
fn an_unreadable_nomination_is_reported_with_its_line_and_column() {
    let dir = scratch("nominations-bad");
    let file = dir.join("nominations.csv");
    std::fs::write(
        &file,
        "区划代码,组织,职务,身份证号码,提名人类别,提名人数\n640121100201,村委会,主任,640121197503120134,村民代表,两人\n640121100201,村委会,主任,640121198006210248,村民代表,3\n",
    )
    .unwrap();
    let o = run(&[
        "count",
        "--nominations",
        file.to_str().unwrap(),
        "--as-of",
        "2021-01-15",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    // The bad row, and (no units table) the role without seats.
    assert!(rules.contains(&"NOM-ROW"), "{rules:?}");
    assert!(rules.contains(&"NOM-SEATS"), "{rules:?}");
    let bad = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "NOM-ROW")
        .unwrap();
    assert_eq!(bad["evidence"]["column"], "提名人数");
    // The line the clerk sees (the header is line 1).
    assert_eq!(bad["line"], 2, "{bad}");
    assert!(!bad["message_zh"].as_str().unwrap().contains("640121"));
}

#[test]
fn the_report_command_on_the_demo_tables() {
    let dir = scratch("report");
    let d = dir.to_str().unwrap();
    let o = run(&["demo", "--format", "json", "--out", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The demo writes the province's report and puts it, the figures and the review in its page.
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    assert!(
        md.contains("272万选民参加投票") && md.contains("## 数字来源"),
        "{md}"
    );
    let page = std::fs::read_to_string(dir.join("report.html")).unwrap();
    for needle in [
        "统计日 as of 2021-03-31",
        "规则包 pack ningxia-2021",
        "people (",
        "公布数与计算数 published and computed",
        "women_percent.village_committee_directors",
        "联审 the joint review",
        "全区<span class=\"n\"",
        "上届 previous term",
    ] {
        assert!(page.contains(needle), "{needle} not in report.html");
    }
    let f = |n: &str| dir.join(format!("{n}.csv")).to_str().unwrap().to_string();
    let (people, roster, units, tallies, votes, previous, nominations, records, relations) = (
        f("people"),
        f("roster"),
        f("units"),
        f("tallies"),
        f("votes"),
        f("previous"),
        f("nominations"),
        f("records"),
        f("relations"),
    );
    let args = [
        "report",
        "--people",
        &people,
        "--roster",
        &roster,
        "--units",
        &units,
        "--tallies",
        &tallies,
        "--votes",
        &votes,
        "--previous",
        &previous,
        "--previous-as-of",
        "2017-10-01",
        "--nominations",
        &nominations,
        "--records",
        &records,
        "--relations",
        &relations,
        "--as-of",
        "2021-03-31",
        "--term",
        "2021",
        "--pack",
        "ningxia-2021",
    ];
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "全区2207个村、642个社区全面完成换届。",
        "272万选民参加投票，村委会选举参选率90%，居委会选举参选率91.2%",
        "村“一肩挑”比例75.5%，社区97.4%",
        "村委会成员中女性占36.9%，女性村委会主任占9.83%",
        "联审排查不合格人选959人，因近亲属回避72人",
        "4.8万名代表",
        "1.8万名居民",
        "新设社区81个",
        "新增享受补贴人员2359人",
        "80个情况复杂村",
        "村级运转经费由11万元提高到16万元以上",
        "两升一降",
        "数字来源 sources of the numbers",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
    // No ID number in the report.
    assert!(
        !text
            .chars()
            .collect::<Vec<_>>()
            .windows(15)
            .any(|w| w.iter().all(char::is_ascii_digit))
    );
    let mut html_args = args.to_vec();
    html_args.extend(["--format", "html"]);
    let html = stdout(&run(&html_args));
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains("title=\"one_shoulder · province 640000 · village"),
        "{html}"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json", "--precision", "one_shoulder=2"]);
    let o = run(&json_args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["code"], "640000");
    let numbers = doc["numbers"].as_array().unwrap();
    let one = numbers
        .iter()
        .find(|n| n["figure"] == "one_shoulder" && n["kind"] == "village")
        .unwrap();
    assert_eq!(
        one["number"]
            .as_str()
            .unwrap()
            .split('.')
            .nth(1)
            .map(str::len),
        Some(3)
    );
    assert!(
        doc["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["topic"] == "review")
    );
    // Without the review's inputs, no review paragraph; without tallies, no participation.
    let bare = run(&[
        "report",
        "--people",
        &people,
        "--roster",
        &roster,
        "--units",
        &units,
        "--as-of",
        "2021-03-31",
        "--term",
        "2021",
        "--format",
        "markdown",
    ]);
    assert_eq!(bare.status.code(), Some(0), "{}", stderr(&bare));
    let md = stdout(&bare);
    assert!(
        md.starts_with("# ")
            && !md.contains("联审")
            && !md.contains("参选率")
            && !md.contains("两升一降"),
        "{md}"
    );
    assert!(md.contains("75.5%"), "{md}");
    // A bad precision or code is an error.
    let o = run(&[
        "report",
        "--people",
        &people,
        "--roster",
        &roster,
        "--as-of",
        "2021-03-31",
        "--precision",
        "nothing=2",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_stats_page_names_its_day_pack_and_inputs() {
    let (people, elected, previous) = (
        data("people.csv"),
        data("elected.csv"),
        data("previous.csv"),
    );
    let o = run(&[
        "stats",
        "--people",
        &people,
        "--roster",
        &elected,
        "--previous",
        &previous,
        "--previous-as-of",
        "2018-01-20",
        "--as-of",
        "2021-01-15",
        "--format",
        "html",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    for needle in [
        "统计日 as of 2021-01-15",
        "上届统计日 previous term as of 2018-01-20",
        "规则包 pack cn-2021",
        "people.csv (people)",
        "elected.csv (roster)",
        "class=\"prev\"",
        "#4682b4",
    ] {
        assert!(html.contains(needle), "{needle} not in\n{html}");
    }
}
