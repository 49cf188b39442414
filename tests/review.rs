//! The joint review's round trip with the departments (docs/review.md): the request workbooks
//! as a department opens them, answers filled the way departments fill them (columns reordered,
//! a sheet of their own, a footer, two records on two rows, a candidate left out, a department
//! that never answered), read back into exactly the findings the same records give through
//! `check`.

use calamine::{Data, Reader, Xlsx};
use huanjie::review::{Manifest, candidates, select_departments};
use huanjie::table::TableRole;
use huanjie::table::{
    AnswerFile, CheckTables, FileSpec, ReadOptions, TableInput, read_answers, read_files,
    with_prepared_review, write_review_request,
};
use huanjie::{CheckOptions, CheckReport, RulePack};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
const BIN: &str = env!("CARGO_BIN_EXE_huanjie");
const AS_OF: &str = "2021-01-15";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huanjie-review-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn as_of() -> chrono::NaiveDate {
    AS_OF.parse().unwrap()
}

fn read(path: &Path, role: TableRole) -> huanjie::table::TableFiles {
    read_files(&[FileSpec::from(path)], role, &ReadOptions::default()).unwrap()
}

/// The request for the example candidates: the departments named, the workbooks written.
fn request(dir: &Path, departments: &[&str]) -> Manifest {
    let pack = RulePack::builtin("cn-2021").unwrap();
    let people = read(&Path::new(DATA).join("people.csv"), TableRole::People);
    let roster = read(&Path::new(DATA).join("roster.csv"), TableRole::Roster);
    let roster = huanjie::table::roster_from_batches(&roster.batches, &roster.at).unwrap();
    let names: Vec<String> = departments.iter().map(|s| s.to_string()).collect();
    let chosen = select_departments(&pack, Some(&names)).unwrap();
    let manifest = Manifest::new(&pack, as_of(), &chosen, candidates(&roster));
    let person_names = huanjie::table::person_names(&people.batches, &people.at).unwrap();
    let people_cols = huanjie::table::people_from_batches(&people.batches, &people.at).unwrap();
    let names: Vec<_> = manifest
        .candidates
        .iter()
        .map(|c| {
            people_cols
                .id
                .cells
                .iter()
                .position(|x| x.as_ref().is_ok_and(|id| id.to_string() == c.id_number))
                .and_then(|r| person_names[r].clone())
        })
        .collect();
    write_review_request(dir, &manifest, &names, "640121").unwrap();
    manifest
}

#[test]
fn the_request_workbooks_hold_every_candidate_as_text_with_the_departments_lists() {
    let dir = scratch("request");
    let manifest = request(&dir, &["纪委监委", "公安局", "法院"]);
    assert_eq!(manifest.departments.len(), 3);
    assert_eq!(manifest.candidates.len(), 12);
    for d in &manifest.departments {
        let path = dir.join(&d.file);
        let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let sheet = book.worksheet_range_at(0).unwrap().unwrap();
        // Title rows, then the header of exactly the request's columns.
        let header: Vec<String> = (0..13)
            .map(|c| {
                sheet
                    .get_value((2, c))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(header, huanjie::table::REQUEST_COLUMNS);
        let ids: Vec<&Data> = (3..3 + 12)
            .filter_map(|r| sheet.get_value((r, 1)))
            .collect();
        assert_eq!(ids.len(), 12, "{}", d.file);
        for (id, c) in ids.iter().zip(&manifest.candidates) {
            assert_eq!(
                **id,
                Data::String(c.id_number.clone()),
                "an ID cell is text"
            );
        }
        // The drop-down lists: 有/无, the department's kinds, 是/否.
        let xml = sheet_xml(&path);
        assert!(xml.contains("<formula1>\"有,无\"</formula1>"), "{}", d.file);
        let kinds: Vec<&str> = d.record_kinds.iter().map(|k| k.label_zh.as_str()).collect();
        assert!(xml.contains(&format!("<formula1>\"{}\"</formula1>", kinds.join(","))));
        assert!(xml.contains("<formula1>\"是,否\"</formula1>"));
        assert!(
            xml.contains("<sheetProtection"),
            "the filled columns are locked"
        );
    }
    let written: Manifest =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(written, manifest);
}

fn input(t: &huanjie::table::TableFiles) -> TableInput<'_> {
    TableInput {
        batches: &t.batches,
        at: &t.at,
    }
}

fn sheet_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    xml
}

/// An answer row: ID, 有/无, kind, date, end date, grade, 文号.
type Row<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

/// Writes a department's answer: `title` rows above a header in `order` (indices into the
/// seven fields), the rows, then a footer; dates as Excel dates.
fn answer(path: &Path, sheet: &str, title: bool, order: &[usize], rows: &[Row<'_>]) {
    let headers = [
        "身份证号码",
        "有无记录",
        "记录类别",
        "决定日期",
        "截止日期",
        "处分种类",
        "文号",
    ];
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut r = 0;
    if title {
        ws.write_string(0, 0, "村（社区）“两委”换届候选人资格联审表")
            .unwrap();
        ws.write_string(1, 0, "联审部门：（盖章）").unwrap();
        r = 2;
    }
    for (c, &i) in order.iter().enumerate() {
        ws.write_string(r, c as u16, headers[i]).unwrap();
    }
    for row in rows {
        r += 1;
        let cells = [row.0, row.1, row.2, row.3, row.4, row.5, row.6];
        for (c, &i) in order.iter().enumerate() {
            let v = cells[i];
            if v.is_empty() {
                continue;
            }
            if (i == 3 || i == 4)
                && let Ok(d) = ExcelDateTime::parse_from_str(v)
            {
                ws.write_datetime_with_format(r, c as u16, d, &date)
                    .unwrap();
            } else {
                ws.write_string(r, c as u16, v).unwrap();
            }
        }
    }
    ws.write_string(r + 2, 0, "填表人：　　　审核人：").unwrap();
    book.save(path).unwrap();
}

const ID_0134: &str = "640121197503120134";
const ID_0248: &str = "640121198006210248";
const ID_0350: &str = "640121196809020350";
const ID_0427: &str = "640121198501140427";
const ID_0777: &str = "640121196604250777";
const ID_0373: &str = "640122196205200373";
const ID_0158: &str = "640122198308080158";
const ID_0269: &str = "640122197702030269";

/// Every candidate of `m`: `有` rows from `records` (ID → rows), `无` for the others except
/// `left_out`.
fn rows_for<'a>(m: &'a Manifest, records: &[Row<'a>], left_out: &[&str]) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for c in &m.candidates {
        let id = c.id_number.as_str();
        if left_out.contains(&id) {
            continue;
        }
        let mine: Vec<Row<'a>> = records.iter().copied().filter(|r| r.0 == id).collect();
        if mine.is_empty() {
            out.push((id, "无", "", "", "", "", ""));
        } else {
            out.extend(mine);
        }
    }
    out
}

/// The NEG- and STAT- findings of a report, as comparable rows.
fn bars(report: &CheckReport) -> BTreeSet<(String, String, Option<chrono::NaiveDate>, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("NEG-") || f.rule.starts_with("STAT-"))
        .map(|f| {
            (
                f.id_number.as_ref().map(|k| k.full()).unwrap_or_default(),
                f.rule.to_string(),
                f.eligible_from,
                f.message_zh(),
            )
        })
        .collect()
}

#[test]
fn answers_filled_as_departments_fill_them_come_back_as_the_records_they_report() {
    let dir = scratch("round-trip");
    let departments = ["纪委监委", "组织部", "公安局", "检察院", "法院"];
    let m = request(&dir, &departments);
    let discipline: Vec<Row<'_>> = vec![
        (
            ID_0350,
            "有",
            "党纪处分",
            "2020-03-10",
            "",
            "严重警告",
            "宁纪发〔2020〕3号",
        ),
        (
            ID_0350,
            "有",
            "政务处分",
            "2020-03-10",
            "",
            "记过",
            "宁监发〔2020〕4号",
        ),
        (
            ID_0427,
            "有",
            "政务处分",
            "2020-05-20",
            "",
            "警告",
            "宁监发〔2020〕9号",
        ),
        (ID_0269, "有", "党纪处分", "2020-09-01", "", "", ""),
    ];
    let organization: Vec<Row<'_>> = vec![(ID_0777, "有", "不合格党员", "2018-01-15", "", "", "")];
    let police: Vec<Row<'_>> = vec![
        (
            ID_0248,
            "有",
            "刑事处罚",
            "2012-03-01",
            "",
            "",
            "(2012)宁0121刑初12号",
        ),
        (ID_0158, "有", "酒驾", "2020-10-01", "", "", ""),
    ];
    let procuratorate: Vec<Row<'_>> = vec![(ID_0248, "有", "刑事处罚", "2012-03-01", "", "", "")];
    // 纪委监委: the request's own file, columns reordered (有无记录 first), title rows kept.
    let files = [
        (
            dir.join("01-纪委监委.xlsx"),
            "纪委监委",
            true,
            vec![1, 0, 6, 2, 3, 4, 5],
            rows_for(&m, &discipline, &[]),
        ),
        // 组织部: a workbook of its own, named for the department, sheet "Sheet1", no title.
        (
            dir.join("组织部联审意见.xlsx"),
            "Sheet1",
            false,
            vec![0, 2, 3, 1, 4, 5, 6],
            rows_for(&m, &organization, &[]),
        ),
        (
            dir.join("03-公安局.xlsx"),
            "公安局",
            true,
            vec![0, 1, 2, 3, 4, 5, 6],
            rows_for(&m, &police, &[]),
        ),
        // 检察院 leaves one candidate out.
        (
            dir.join("04-检察院.xlsx"),
            "检察院",
            true,
            vec![0, 1, 2, 3, 4, 5, 6],
            rows_for(&m, &procuratorate, &[ID_0373]),
        ),
        // 法院 never answers.
    ];
    for (path, sheet, title, order, rows) in &files {
        answer(path, sheet, *title, order, rows);
    }
    let pack = RulePack::builtin("cn-2021").unwrap();
    // In another order than the request's.
    let given: Vec<AnswerFile> = files
        .iter()
        .rev()
        .map(|f| AnswerFile::parse(&f.0.to_string_lossy()))
        .collect();
    let collected = read_answers(&given, &m, &pack, as_of(), &ReadOptions::default()).unwrap();

    // Exactly the right candidate × department pairs are unanswered.
    let unanswered: BTreeSet<(String, String)> = collected
        .assessment
        .reported
        .iter()
        .filter(|r| &*r.rule.code == "REVIEW-UNANSWERED")
        .map(|r| (r.id_number.as_ref().unwrap().full(), r.zh.clone()))
        .collect();
    let mut want: BTreeSet<(String, String)> = m
        .candidates
        .iter()
        .map(|c| {
            (
                c.id_number.clone(),
                "法院未对该候选人出具联审意见".to_string(),
            )
        })
        .collect();
    want.insert((ID_0373.into(), "检察院未对该候选人出具联审意见".into()));
    assert_eq!(unanswered, want);
    assert!(
        collected
            .assessment
            .reported
            .iter()
            .all(|r| &*r.rule.code == "REVIEW-UNANSWERED"),
        "nothing else: {:?}",
        collected
            .assessment
            .reported
            .iter()
            .map(|r| r.rule.code.clone())
            .collect::<Vec<_>>()
    );
    let tally: Vec<(String, u64, u64, u64)> = collected
        .assessment
        .departments
        .iter()
        .map(|d| (d.name_zh.clone(), d.answered, d.unanswered, d.records))
        .collect();
    assert_eq!(
        tally,
        vec![
            ("纪委监委".into(), 12, 0, 4),
            ("组织部".into(), 12, 0, 1),
            ("公安局".into(), 12, 0, 2),
            ("检察院".into(), 11, 1, 1),
            ("法院".into(), 0, 12, 0),
        ]
    );
    // Each record keeps its department, 文号, file and line.
    let first = collected
        .origins
        .iter()
        .position(|o| o.department == "discipline")
        .unwrap();
    assert_eq!(
        collected.origins[first].document_no.as_deref(),
        Some("宁纪发〔2020〕3号")
    );
    assert_eq!(
        collected.records.sources.label(first),
        Some(format!("{}#纪委监委", files[0].0.display()).as_str())
    );
    assert_eq!(collected.records.sources.line(first), Some(6)); // title 2 + header + 0134, 0248

    // The check on the answers …
    let people = read(&Path::new(DATA).join("people.csv"), TableRole::People);
    let roster = read(&Path::new(DATA).join("roster.csv"), TableRole::Roster);
    let tables = CheckTables {
        people: input(&people),
        roster: Some(input(&roster)),
        records: Some(input(&collected.records)),
        relations: None,
        units: None,
    };
    let options = CheckOptions::new(as_of());
    let reported = collected.assessment.reported.clone();
    let (review, verdicts) = with_prepared_review(tables, &pack, options, reported, |p| {
        (p.report(), p.outcomes())
    })
    .unwrap();
    assert_eq!(verdicts.outcomes, review.outcomes);
    // … bars exactly as the same records merged by hand into one records table through check.
    let merged = dir.join("merged.csv");
    let mut csv = String::from("身份证号码,类别,决定日期,截止日期,处分种类\n");
    for r in discipline
        .iter()
        .chain(&organization)
        .chain(&police)
        .chain(&procuratorate)
    {
        csv.push_str(&format!("{},{},{},{},{}\n", r.0, r.2, r.3, r.4, r.5));
    }
    std::fs::write(&merged, csv).unwrap();
    let records = read(&merged, TableRole::Records);
    let by_hand = huanjie::table::check_tables(
        CheckTables {
            records: Some(input(&records)),
            ..tables
        },
        &pack,
        options,
    )
    .unwrap();
    assert_eq!(bars(&review), bars(&by_hand));
    assert!(
        bars(&review)
            .iter()
            .any(|b| b.1 == "NEG-02" && b.0 == ID_0248)
    );
    // Nobody is eligible while the court has not answered.
    assert!(
        review
            .outcomes
            .iter()
            .all(|o| o.outcome != huanjie::finding::OutcomeKind::Eligible)
    );
    let _ = ID_0134;
}

#[test]
fn the_command_line_round_trip_names_the_unanswered_departments() {
    let dir = scratch("cli");
    let out = std::process::Command::new(BIN)
        .args([
            "review",
            "request",
            "--people",
            &format!("{DATA}/people.csv"),
            "--roster",
            &format!("{DATA}/roster.csv"),
            "--as-of",
            AS_OF,
            "--out",
            &dir.to_string_lossy(),
            "--departments",
            "公安局,法院",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: Manifest =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let rows = rows_for(&m, &[], &[]);
    let police = dir.join("police.xlsx");
    answer(&police, "Sheet1", false, &[0, 1, 2, 3, 4, 5, 6], &rows);
    let out = std::process::Command::new(BIN)
        .args([
            "review",
            "collect",
            "--request",
            &dir.to_string_lossy(),
            "--answers",
            &format!("公安局={}", police.display()),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &doc["departments"];
    assert_eq!(d[0]["name_zh"], "公安局");
    assert_eq!(d[0]["answered"], 12);
    assert_eq!(d[1]["name_zh"], "法院");
    assert_eq!(d[1]["unanswered"], 12);
    let unanswered = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "REVIEW-UNANSWERED")
        .count();
    assert_eq!(unanswered, 12);
    // Text starts with the departments' table and masks ID numbers.
    let out = std::process::Command::new(BIN)
        .args([
            "review",
            "collect",
            "--request",
            &dir.to_string_lossy(),
            "--answers",
            &format!("公安局={}", police.display()),
            "--as-of",
            AS_OF,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("联审部门答复"), "{text}");
    assert!(!text.contains(ID_0248));
    // An answer whose department cannot be told is said, not dropped.
    let unnamed = dir.join("answers.xlsx");
    answer(&unnamed, "Sheet1", false, &[0, 1, 2, 3, 4, 5, 6], &rows);
    let out = std::process::Command::new(BIN)
        .args([
            "review",
            "collect",
            "--request",
            &dir.to_string_lossy(),
            "--answers",
            &unnamed.to_string_lossy(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "REVIEW-UNKNOWN-FILE")
    );
}

/// The documents of a collected review: the ledger read back, the forms (printed to PDF where
/// Chromium is installed), the notice in stroke order.
#[test]
fn the_ledger_the_forms_and_the_notice() {
    let dir = scratch("documents");
    let m = request(&dir, &["公安局", "法院"]);
    let police: Vec<Row<'_>> = vec![(
        ID_0248,
        "有",
        "刑事处罚",
        "2012-03-01",
        "",
        "",
        "(2012)宁0121刑初12号",
    )];
    answer(
        &dir.join("公安局.xlsx"),
        "Sheet1",
        false,
        &[0, 1, 2, 3, 4, 5, 6],
        &rows_for(&m, &police, &[]),
    );
    answer(
        &dir.join("法院.xlsx"),
        "Sheet1",
        false,
        &[0, 1, 2, 3, 4, 5, 6],
        &rows_for(&m, &[], &[ID_0350]),
    );
    let ledger = dir.join("台账.xlsx");
    let forms = dir.join("联审表.html");
    let out = std::process::Command::new(BIN)
        .args([
            "review",
            "collect",
            "--request",
            &dir.to_string_lossy(),
            "--answers",
            &dir.join("公安局.xlsx").to_string_lossy(),
            &dir.join("法院.xlsx").to_string_lossy(),
            "--people",
            &format!("{DATA}/people.csv"),
            "--roster",
            &format!("{DATA}/roster.csv"),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--ledger",
            &ledger.to_string_lossy(),
            "--forms",
            &forms.to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // The ledger: a row per candidate, each department's conclusion, the outcome.
    let mut book: Xlsx<_> = calamine::open_workbook(&ledger).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["联审台账".to_string(), "审查发现".to_string()]
    );
    let sheet = book.worksheet_range("联审台账").unwrap();
    let header: Vec<String> = (0..10)
        .map(|c| {
            sheet
                .get_value((1, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        &header[..8],
        [
            "序号",
            "区划代码",
            "姓名",
            "身份证号码",
            "拟任职务",
            "公安局",
            "法院",
            "联审结论"
        ]
    );
    let row_of = |id: &str| {
        (2..14)
            .find(|&r| sheet.get_value((r, 3)) == Some(&Data::String(id.into())))
            .unwrap()
    };
    let cell = |r: u32, c: u32| {
        sheet
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let r = row_of(ID_0248);
    assert_eq!(
        (cell(r, 2), cell(r, 5), cell(r, 6), cell(r, 7)),
        (
            "李秀英".into(),
            "有：刑事处罚".into(),
            "无".into(),
            "不能参选".into()
        )
    );
    let r = row_of(ID_0350);
    assert_eq!(
        (cell(r, 5), cell(r, 6), cell(r, 7)),
        ("无".into(), "未答复".into(), "需复核".into())
    );
    let findings = book.worksheet_range("审查发现").unwrap();
    assert_eq!(
        findings.height() - 1,
        doc["findings"].as_array().unwrap().len(),
        "every finding on the second sheet"
    );

    // The forms: a page per candidate, IDs masked, the court's silence said once.
    let html = std::fs::read_to_string(&forms).unwrap();
    assert_eq!(html.matches("<section class=\"form\">").count(), 12);
    assert!(!html.contains(ID_0248) && html.contains("640121********0248"));
    assert!(html.contains("(2012)宁0121刑初12号"));
    assert!(html.contains("尚未答复的部门（1个）：法院"));
    if let Some(pages) = pdf_pages(&forms, &dir.join("联审表.pdf")) {
        assert_eq!(pages, 12, "one A4 page per candidate");
    }

    // The notice: by unit, body and role, names by the strokes of the surname; no ID number.
    let notice = dir.join("公示.html");
    let out = std::process::Command::new(BIN)
        .args([
            "notice",
            "--people",
            &format!("{DATA}/people.csv"),
            "--roster",
            &format!("{DATA}/roster.csv"),
            "--as-of",
            AS_OF,
            "--output",
            &notice.to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&notice).unwrap();
    assert!(!html.contains(ID_0248));
    let members = html.split("村民委员会委员候选人").nth(1).unwrap();
    let order: Vec<usize> = ["王建军", "刘福", "张丽", "李秀英", "周玉梅", "赵永平"]
        .iter()
        .map(|n| members.find(n).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "王 4 · 刘 6 · 张 7 · 李 7 · 周 8 · 赵 9"
    );
}

/// The pages of `html` printed to PDF by headless Chromium, when it is installed.
fn pdf_pages(html: &Path, pdf: &Path) -> Option<usize> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })?;
    let status = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html)
        .output()
        .ok()?;
    if !status.status.success() {
        return None;
    }
    let bytes = std::fs::read(pdf).ok()?;
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    Some(count(b"/Type /Page") - count(b"/Type /Pages"))
}
