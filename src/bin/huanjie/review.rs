//! `huanjie review request` and `huanjie review collect`: the joint review as a round trip
//! with the departments (docs/review.md).

use super::{
    Fatal, Loaded, Privacy, Reading, emit, infos, input, load_pack, located, parse_day, provenance,
    read_table, read_tables, table_formats, write_out,
};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use huanjie::audit::Audit;
use huanjie::review::{InputRef, Manifest, candidates, select_departments};
use huanjie::table::{AnswerFile, CheckTables, Format};
use huanjie::{CheckOptions, RulePack};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub(crate) enum ReviewCommand {
    /// Write the request to the departments: one XLSX per department (every candidate, the
    /// columns it fills, drop-down lists) and manifest.json.
    Request(RequestArgs),
    /// Read the departments' answers back, say who has not answered (REVIEW-UNANSWERED), and
    /// run the joint review on what they reported (as `check`).
    Collect(CollectArgs),
}

#[derive(Args)]
pub(crate) struct RequestArgs {
    /// The people table (names for the sheets).
    #[arg(long)]
    people: PathBuf,
    /// The roster: the candidates asked about. May be given several times.
    #[arg(long, required = true)]
    roster: Vec<PathBuf>,
    /// The reference date (normally the election day).
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// The folder to write the workbooks and manifest.json into (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// Only these departments (codes or Chinese names, comma-separated: 公安局,法院).
    #[arg(long, value_delimiter = ',')]
    departments: Option<Vec<String>>,
    /// A built-in pack name, or a pack file (.toml/.json): the departments and record kinds.
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    #[command(flatten)]
    reading: Reading,
}

#[derive(Args)]
pub(crate) struct CollectArgs {
    /// The request's folder (its manifest.json).
    #[arg(long)]
    request: PathBuf,
    /// The answer files, any order, any subset: `file.xlsx`, `file.xlsx#sheet`, or
    /// `公安局=file.xlsx` when the file name does not say whose it is.
    #[arg(long, required = true, num_args = 1..)]
    answers: Vec<String>,
    /// The reference date (normally the election day).
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// The people table (default: the one the request was made from, unchanged).
    #[arg(long)]
    people: Option<PathBuf>,
    /// The roster (default: the one the request was made from, unchanged).
    #[arg(long)]
    roster: Vec<PathBuf>,
    /// Family facts: adds close-relative avoidance, as `check`.
    #[arg(long)]
    relations: Vec<PathBuf>,
    /// Units: the composition checks, as `check`.
    #[arg(long)]
    units: Option<PathBuf>,
    /// A built-in pack name or a pack file (default: the request's).
    #[arg(long)]
    pack: Option<String>,
    /// Error (exit 2) instead of a review finding when a pack value is missing on --as-of.
    #[arg(long)]
    strict: bool,
    /// text (the departments' table, then the clerk's report), json (one document, with
    /// `departments`), jsonl or csv (the findings), xlsx (a workbook, the departments on its
    /// summary sheet; needs --output).
    #[arg(long, default_value = "text", value_parser = table_formats)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Also write the 联审台账 (XLSX): a row per candidate, each department's conclusion, the
    /// outcome; a second sheet with every finding.
    #[arg(long)]
    ledger: Option<PathBuf>,
    /// Also write the 候选人资格联审表 (HTML, one A4 page per candidate, to print or save as
    /// PDF); ID numbers masked unless --show-ids.
    #[arg(long)]
    forms: Option<PathBuf>,
    #[command(flatten)]
    privacy: Privacy,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_review(c: ReviewCommand) -> Result<u8, Fatal> {
    match c {
        ReviewCommand::Request(a) => run_request(a),
        ReviewCommand::Collect(a) => run_collect(a),
    }
}

fn run_request(a: RequestArgs) -> Result<u8, Fatal> {
    let pack = load_pack(&a.pack)?;
    let opts = a.reading.options();
    let people = read_table(&a.people, "people", &opts)?;
    let roster_files = read_tables(&a.roster, "roster", &opts)?
        .ok_or_else(|| Fatal("review request needs --roster".into()))?;
    let people_cols = huanjie::table::people_from_batches(&people.batches, &people.at)?;
    let by_id = names_by_id(&people, &people_cols)?;
    let mut roster = huanjie::table::roster_from_batches(&roster_files.batches, &roster_files.at)?;
    roster.attribute_numeric_ids(&people_cols.id);
    let chosen = select_departments(&pack, a.departments.as_deref())?;
    let mut manifest = Manifest::new(&pack, a.as_of, &chosen, candidates(&roster));
    manifest.inputs = input_refs(
        &[Some(&people), Some(&roster_files)],
        &[std::slice::from_ref(&a.people), &a.roster],
    );
    let candidate_names: Vec<Option<std::sync::Arc<str>>> = manifest
        .candidates
        .iter()
        .map(|c| by_id.get(&c.id_number).cloned())
        .collect();
    let scope = scope(&manifest);
    huanjie::table::write_review_request(&a.out, &manifest, &candidate_names, &scope)
        .map_err(|e| Fatal(format!("{}: {e}", a.out.display())))?;
    let mut s = format!(
        "联审请求 review request: {} 名候选人 candidates × {} 个部门 departments → {}\n",
        manifest.candidates.len(),
        manifest.departments.len(),
        a.out.display()
    );
    for d in &manifest.departments {
        s.push_str(&format!("  {}\t{}\n", d.file, d.code));
    }
    s.push_str("  manifest.json\n");
    write_out(None, s.as_bytes())?;
    Ok(0)
}

/// Each person's name (from `people`) by full ID number.
fn names_by_id(
    people: &Loaded,
    cols: &huanjie::people::People,
) -> Result<HashMap<String, std::sync::Arc<str>>, Fatal> {
    Ok(huanjie::table::names_by_id(
        &people.batches,
        &people.at,
        &cols.id,
    )?)
}

/// The units a request covers, for its title: the counties and the number of units.
fn scope(m: &Manifest) -> String {
    let units: BTreeSet<&str> = m
        .candidates
        .iter()
        .filter_map(|c| c.unit_code.as_deref())
        .collect();
    let counties: BTreeSet<&str> = units.iter().filter_map(|u| u.get(..6)).collect();
    let counties: Vec<&str> = counties.into_iter().collect();
    let shown = if counties.len() > 3 {
        format!(
            "{} 等{}个县级区划",
            counties[..3].join("、"),
            counties.len()
        )
    } else {
        counties.join("、")
    };
    format!("{shown}，{}个村（社区）", units.len())
}

/// The request's input files, with their digests.
fn input_refs(loaded: &[Option<&Loaded>], paths: &[&[PathBuf]]) -> Vec<InputRef> {
    let mut out = Vec::new();
    for (t, ps) in loaded.iter().zip(paths) {
        let Some(t) = t else { continue };
        for (info, p) in t.infos.iter().zip(ps.iter()) {
            let file = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            out.push(InputRef {
                table: info.table.clone(),
                file: file.display().to_string(),
                sha256: info.sha256.clone(),
            });
        }
    }
    out
}

/// The files of `table` the request was made from, each checked to be unchanged.
fn request_inputs(
    m: &Manifest,
    table: &str,
    opts: &huanjie::table::ReadOptions,
) -> Result<Vec<PathBuf>, Fatal> {
    let refs: Vec<&InputRef> = m.inputs.iter().filter(|i| i.table == table).collect();
    if refs.is_empty() {
        return Err(Fatal(format!(
            "the review request records no {table} file: give --{table}"
        )));
    }
    let mut out = Vec::new();
    for r in refs {
        let path = PathBuf::from(&r.file);
        let now = read_table(&path, table, opts)?;
        let same = now.infos.first().map(|i| &i.sha256) == Some(&r.sha256);
        if !same {
            return Err(Fatal(format!(
                "{}: the {table} file has changed since the review request was made; give --{table} to use it as it is now",
                r.file
            )));
        }
        out.push(path);
    }
    Ok(out)
}

fn read_manifest(dir: &Path) -> Result<Manifest, Fatal> {
    let path = if dir.is_dir() {
        dir.join("manifest.json")
    } else {
        dir.to_path_buf()
    };
    let text =
        std::fs::read_to_string(&path).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        Fatal(format!(
            "{}: not a review request's manifest (line {}, column {}: {})",
            path.display(),
            e.line(),
            e.column(),
            e.classify_kind()
        ))
    })
}

/// What kind of JSON problem (never the text itself).
trait Kind {
    fn classify_kind(&self) -> &'static str;
}

impl Kind for serde_json::Error {
    fn classify_kind(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "cannot be read",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "a field is missing or of the wrong type",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}

fn run_collect(a: CollectArgs) -> Result<u8, Fatal> {
    super::xlsx_needs_file(a.format, a.output.as_deref())?;
    let manifest = read_manifest(&a.request)?;
    let pack: RulePack = load_pack(a.pack.as_deref().unwrap_or(&manifest.pack))?;
    let opts = a.reading.options();
    let people_path = match &a.people {
        Some(p) => p.clone(),
        None => request_inputs(&manifest, "people", &opts)?
            .into_iter()
            .next()
            .ok_or_else(|| Fatal("no people file".into()))?,
    };
    let roster_paths = if a.roster.is_empty() {
        request_inputs(&manifest, "roster", &opts)?
    } else {
        a.roster.clone()
    };
    let files: Vec<AnswerFile> = a.answers.iter().map(|s| AnswerFile::parse(s)).collect();
    let collected = huanjie::table::read_answers(&files, &manifest, &pack, a.as_of, &opts)?;
    let people = read_table(&people_path, "people", &opts)?;
    let roster = read_tables(&roster_paths, "roster", &opts)?;
    let relations = read_tables(&a.relations, "relations", &opts)?;
    let units = a
        .units
        .as_deref()
        .map(|p| read_table(p, "units", &opts))
        .transpose()?;
    let tables = CheckTables {
        people: input(&people),
        roster: roster.as_ref().map(input),
        records: Some(input(&collected.records)),
        relations: relations.as_ref().map(input),
        units: units.as_ref().map(input),
    };
    let loaded = [
        Some(&people),
        roster.as_ref(),
        Some(&collected.answers),
        relations.as_ref(),
        units.as_ref(),
    ];
    let mut provenance = provenance(&loaded);
    provenance.insert("records", collected.records.sources.clone());
    provenance.set_names(huanjie::table::person_names(&people.batches, &people.at)?);
    let options = CheckOptions {
        as_of: a.as_of,
        strict: a.strict,
    };
    let audit = Audit::new(&pack, a.as_of, infos(&loaded));
    let (format, mask) = match a.format {
        f @ (Format::Json | Format::Jsonl | Format::Csv | Format::Xlsx) => (f, a.privacy.mask_ids),
        _ => (Format::Text, !a.privacy.show_ids),
    };
    let reported = collected.assessment.reported.clone();
    let names = if a.ledger.is_some() || a.forms.is_some() {
        let cols = huanjie::table::people_from_batches(&people.batches, &people.at)?;
        names_by_id(&people, &cols)?
    } else {
        HashMap::new()
    };
    let mut code = 0;
    huanjie::table::with_prepared_review(tables, &pack, options, reported, |prepared| {
        emit(a.output.as_deref(), |mut w| {
            code = huanjie::table::write_review(
                prepared,
                &collected,
                (&audit, &provenance),
                format,
                mask,
                &mut w,
            )?;
            Ok(())
        })?;
        if a.ledger.is_none() && a.forms.is_none() {
            return Ok(());
        }
        let report = prepared.report();
        if let Some(path) = &a.ledger {
            let bytes = huanjie::table::review_ledger(&manifest, &collected, &report, &names)
                .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
            emit(Some(path), |w| Ok(w.write_all(&bytes)?))?;
        }
        if let Some(path) = &a.forms {
            let html = huanjie::table::review_forms(
                &manifest,
                &collected,
                &report,
                &names,
                !a.privacy.show_ids,
            );
            emit(Some(path), |w| Ok(w.write_all(html.as_bytes())?))?;
        }
        Ok::<(), Fatal>(())
    })
    .map_err(|e| located(e, &provenance))??;
    Ok(code as u8)
}

formats!(notice_formats: Html, Xlsx);

#[derive(Args)]
pub(crate) struct NoticeArgs {
    /// The people table (names, sex, ethnicity, education, party).
    #[arg(long)]
    people: PathBuf,
    /// The roster: candidates (or, with --elected, those elected). May be given several times.
    #[arg(long, required = true)]
    roster: Vec<PathBuf>,
    /// Units: their names for the titles.
    #[arg(long)]
    units: Option<PathBuf>,
    /// The 当选人员公告 (roster rows whose status is 当选) instead of the 候选人名单公示.
    #[arg(long)]
    elected: bool,
    /// The day the notice is dated.
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// html (to print: a page per unit) or xlsx (a row per person).
    #[arg(long, default_value = "html", value_parser = notice_formats)]
    format: Format,
    /// Write to this file instead of standard output (required for xlsx).
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_notice(a: NoticeArgs) -> Result<u8, Fatal> {
    use huanjie::table::{NoticeKind, notice, notice_html, notice_xlsx};
    let opts = a.reading.options();
    let people = read_table(&a.people, "people", &opts)?;
    let roster = read_tables(&a.roster, "roster", &opts)?
        .ok_or_else(|| Fatal("notice needs --roster".into()))?;
    let people_cols = huanjie::table::people_from_batches(&people.batches, &people.at)?;
    let names = huanjie::table::person_names(&people.batches, &people.at)?;
    let mut roster_cols = huanjie::table::roster_from_batches(&roster.batches, &roster.at)?;
    roster_cols.attribute_numeric_ids(&people_cols.id);
    let mut unit_names = HashMap::new();
    if let Some(p) = &a.units {
        let units = read_table(p, "units", &opts)?;
        let u = huanjie::table::units_from_batches(&units.batches, &units.at)?;
        for (r, code) in u.unit_code.iter().enumerate() {
            if let (Some(code), Some(Some(name))) = (code.value(), u.name.get(r)) {
                unit_names.insert(code, name.to_string());
            }
        }
    }
    let kind = if a.elected {
        NoticeKind::Elected
    } else {
        NoticeKind::Candidates
    };
    let n = notice(kind, &people_cols, &names, &roster_cols, &unit_names);
    match a.format {
        Format::Html => {
            let html = notice_html(&n, kind, a.as_of);
            emit(a.output.as_deref(), |w| Ok(w.write_all(html.as_bytes())?))?;
        }
        _ => {
            let path = a
                .output
                .as_deref()
                .ok_or_else(|| Fatal("--format xlsx needs --output FILE.xlsx".into()))?;
            let bytes =
                notice_xlsx(&n, kind).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
            emit(Some(path), |w| Ok(w.write_all(&bytes)?))?;
        }
    }
    let mut said = format!("{}：{}人 listed", kind.title_zh(), n.entries.len());
    if n.other_status > 0 {
        said.push_str(&format!(
            "；另有{}行状态不同，未列入 ({} roster rows of another status left out)",
            n.other_status, n.other_status
        ));
    }
    if n.without_name > 0 {
        said.push_str(&format!(
            "；{}人在人员表中无姓名 ({} without a name in people)",
            n.without_name, n.without_name
        ));
    }
    let _ = writeln!(std::io::stderr(), "{said}");
    Ok(0)
}
