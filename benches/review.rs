//! The joint review's round trip at county and province scale (docs/review.md): writes people
//! and roster CSVs for N candidates in N/10 units, times `review request` (the 14 department
//! workbooks and the manifest), fills every department's answer (无 for most, a record for about
//! one candidate in fifty, one candidate left out by one department), and times `review collect`
//! (reading the 14 answers back, completeness, the check on their records, the JSON document) —
//! through the same library calls as the command-line tool. Median of three runs each.
//!
//! ```text
//! cargo bench --bench review -- [DIR] [CANDIDATES]      # default 3000 (a county of 300 units)
//! ```

use huanjie::review::{Manifest, candidates, select_departments};
use huanjie::table::{
    AnswerFile, CheckTables, FileSpec, ReadOptions, TableInput, TableRole, read_answers,
    read_files, with_prepared_review, write_review_request,
};
use huanjie::{CheckOptions, RulePack};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "common/ids.rs"]
mod ids;
use ids::id;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn unit(i: u64) -> String {
    let u = i / 10;
    format!("640121{:03}{:03}", 100 + u / 100, 200 + u % 100)
}

fn write_inputs(dir: &Path, n: u64) -> Result<()> {
    let mut people = std::io::BufWriter::new(std::fs::File::create(dir.join("people.csv"))?);
    let mut roster = std::io::BufWriter::new(std::fs::File::create(dir.join("roster.csv"))?);
    writeln!(people, "身份证号码,姓名,民族,文化程度,政治面貌")?;
    writeln!(roster, "身份证号码,区划代码,组织,职务")?;
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "马", "赵", "周", "丁"];
    for i in 0..n {
        let name = format!(
            "{}{}",
            surnames[(i % 10) as usize],
            ["明", "华", "兰", "军"][(i % 4) as usize]
        );
        writeln!(people, "{},{name},汉族,高中,群众", id(i))?;
        let role = match i % 10 {
            0 => "主任",
            1 => "副主任",
            _ => "委员",
        };
        writeln!(roster, "{},{},村委会,{role}", id(i), unit(i))?;
    }
    Ok(())
}

fn read(path: &Path, role: TableRole) -> Result<huanjie::table::TableFiles> {
    Ok(read_files(
        &[FileSpec::from(path)],
        role,
        &ReadOptions::default(),
    )?)
}

/// `review request`, as the tool does it.
fn request(dir: &Path, out: &Path, pack: &RulePack, as_of: chrono::NaiveDate) -> Result<Manifest> {
    let people = read(&dir.join("people.csv"), TableRole::People)?;
    let roster = read(&dir.join("roster.csv"), TableRole::Roster)?;
    let people_cols = huanjie::table::people_from_batches(&people.batches, &people.at)?;
    let mut roster_cols = huanjie::table::roster_from_batches(&roster.batches, &roster.at)?;
    roster_cols.attribute_numeric_ids(&people_cols.id);
    let by_id = huanjie::table::names_by_id(&people.batches, &people.at, &people_cols.id)?;
    let chosen = select_departments(pack, None)?;
    let manifest = Manifest::new(pack, as_of, &chosen, candidates(&roster_cols));
    let names: Vec<_> = manifest
        .candidates
        .iter()
        .map(|c| by_id.get(&c.id_number).cloned())
        .collect();
    write_review_request(out, &manifest, &names, "640121")?;
    Ok(manifest)
}

/// Each department's answer: 无, a record of its first kind for one candidate in fifty; the
/// last department leaves the first candidate out.
fn write_answers(out: &Path, m: &Manifest) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for (d, dept) in m.departments.iter().enumerate() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in ["身份证号码", "有无记录", "记录类别", "决定日期", "文号"]
            .iter()
            .enumerate()
        {
            ws.write(0, c as u16, *h)?;
        }
        let kind = dept
            .record_kinds
            .first()
            .map(|k| k.label_zh.as_str())
            .unwrap_or("");
        let mut r = 0u32;
        for (i, c) in m.candidates.iter().enumerate() {
            if d + 1 == m.departments.len() && i == 0 {
                continue;
            }
            r += 1;
            ws.write(r, 0, c.id_number.as_str())?;
            if (i + d * 7) % 50 == 0 {
                ws.write(r, 1, "有")?;
                ws.write(r, 2, kind)?;
                ws.write(r, 3, "2019-05-01")?;
                ws.write(r, 4, format!("文〔2019〕{i}号"))?;
            } else {
                ws.write(r, 1, "无")?;
            }
        }
        let path = out.join(format!("answer-{}.xlsx", dept.name_zh));
        book.save(&path)?;
        paths.push(path);
    }
    Ok(paths)
}

/// `review collect --format json`, as the tool does it (written to a sink).
fn collect(
    dir: &Path,
    out: &Path,
    answers: &[PathBuf],
    m: &Manifest,
    pack: &RulePack,
    as_of: chrono::NaiveDate,
) -> Result<(usize, i32)> {
    let files: Vec<AnswerFile> = answers
        .iter()
        .map(|p| AnswerFile::parse(&p.to_string_lossy()))
        .collect();
    let collected = read_answers(&files, m, pack, as_of, &ReadOptions::default())?;
    let people = read(&dir.join("people.csv"), TableRole::People)?;
    let roster = read(&dir.join("roster.csv"), TableRole::Roster)?;
    let tables = CheckTables {
        people: TableInput {
            batches: &people.batches,
            at: &people.at,
        },
        roster: Some(TableInput {
            batches: &roster.batches,
            at: &roster.at,
        }),
        records: Some(TableInput {
            batches: &collected.records.batches,
            at: &collected.records.at,
        }),
        relations: None,
        units: None,
    };
    let audit = huanjie::Audit::new(pack, as_of, Vec::new());
    let mut provenance = huanjie::table::Provenance::default();
    provenance.insert("records", collected.records.sources.clone());
    provenance.insert("answers", collected.answers.sources.clone());
    let reported = collected.assessment.reported.clone();
    let unanswered = reported
        .iter()
        .filter(|r| &*r.rule.code == "REVIEW-UNANSWERED")
        .count();
    let mut sink = std::io::sink();
    let code = with_prepared_review(tables, pack, CheckOptions::new(as_of), reported, |p| {
        huanjie::table::write_review(
            p,
            &collected,
            (&audit, &provenance),
            huanjie::table::Format::Json,
            false,
            &mut sink,
        )
    })??;
    let _ = out;
    Ok((unanswered, code))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let dir = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("huanjie-bench-review"));
    let n: u64 = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(3000);
    std::fs::create_dir_all(&dir)?;
    write_inputs(&dir, n)?;
    let pack = RulePack::builtin("cn-2021")?;
    let as_of: chrono::NaiveDate = "2021-01-15".parse()?;
    let out = dir.join("request");
    let mut times = Vec::new();
    let mut manifest = None;
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&out);
        let t = Instant::now();
        manifest = Some(request(&dir, &out, &pack, as_of)?);
        times.push(t.elapsed().as_secs_f64());
    }
    let m = manifest.ok_or("no manifest")?;
    let request_s = median(times);
    let bytes: u64 = std::fs::read_dir(&out)?
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    let answers = write_answers(&out, &m)?;
    let mut times = Vec::new();
    let mut result = (0, 0);
    for _ in 0..3 {
        let t = Instant::now();
        result = collect(&dir, &out, &answers, &m, &pack, as_of)?;
        times.push(t.elapsed().as_secs_f64());
    }
    println!(
        "review: {n} candidates × {} departments · request {:.2} s ({:.1} MB written) · collect {:.2} s ({} unanswered, exit {})",
        m.departments.len(),
        request_s,
        bytes as f64 / 1e6,
        median(times),
        result.0,
        result.1
    );
    Ok(())
}
