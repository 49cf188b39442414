//! `huanjie`: the command-line tool (docs/tables.md "Command-line tool").
//!
//! Exit status: 0 nothing `cannot`, `should_not` or `review` found; 1 at least one; 2 unusable
//! input or usage, with a one-line reason naming the file, row and column — never the
//! personal data itself.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use huanjie::audit::{Audit, InputInfo};
use huanjie::table::Format;
use huanjie::table::{
    CheckTables, FileSpec, Provenance, ReadOptions, TableInput, TableRole, read_files,
};
use huanjie::{CheckOptions, ResidentId, RulePack};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Declares the `--format` parser of a command: the formats it writes, by the one set of names.
macro_rules! formats {
    ($name:ident: $($f:ident),+) => {
        pub(crate) fn $name(text: &str) -> Result<Format, String> {
            Format::parse_for(text, &[$(Format::$f),+])
        }
    };
}

mod atomic;
mod demo;
mod election;
mod review;
mod summary;

#[derive(Parser)]
#[command(
    name = "huanjie",
    version,
    about = "换届: the rules of China's village and community committee elections"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate resident ID numbers (as arguments, or one per line on stdin with `-`).
    Id(IdArgs),
    /// Vet candidates: the negative list and the statutory bars (县级联审).
    Check(CheckArgs),
    /// Kinship: how two persons are related, or everyone in a relation set to one person.
    Kin(KinArgs),
    /// The voter register (选民名单): eligibility, categories, double registration, proxies (AV-05).
    Voters(election::VotersArgs),
    /// The count (计票): validity, winners, unfilled seats, second rounds (另行选举), ties.
    Count(election::CountArgs),
    /// Share seats among groups by weight (representatives among villager groups by households).
    Apportion(election::ApportionArgs),
    /// Statistics of the elected members (docs/domain.md §8), per unit and rolled up by level.
    Stats(election::StatsArgs),
    /// The summary of the round a province publishes (换届工作情况): units, participation,
    /// 一肩挑, women, education and age, the review, nomination, the round's facts, 两升一降 —
    /// every number traced to its figure.
    Report(summary::ReportArgs),
    /// Recall (罢免): whether a proposal is enough, the vote stands and the recall passes.
    Recall(election::RecallArgs),
    /// The joint review with the departments (县级联审): write the request workbooks, read
    /// the answers back.
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// The published lists: the 候选人名单公示 (or, with --elected, the 当选人员公告) per unit,
    /// body and role, names by the strokes of the surname (姓氏笔画为序).
    Notice(review::NoticeArgs),
    /// List or show the rule packs.
    #[command(subcommand)]
    Pack(PackCommand),
    /// The rule catalogue: every code huanjie reports, with its severity, legal source, dates,
    /// what it checks and what the reviewer should do.
    Rules(RulesArgs),
    /// The Ningxia 2020–21 reference run: synthetic data, the whole pipeline, the seed report's
    /// figures beside the computed ones (exit 1 if a computable figure does not match).
    Demo(demo::DemoArgs),
}

#[derive(Args)]
struct KinArgs {
    /// The person (an ID number or key:<text>); `-` reads A (and B) from standard input, one per line.
    a: String,
    /// The other person; without it, every relative of A in --set is listed.
    b: Option<String>,
    /// The relations table (CSV, XLSX or JSON lines).
    #[arg(long)]
    relations: PathBuf,
    /// The reference date (marriages count between their start and end dates).
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// The relation set to list relatives in (without B).
    #[arg(long, default_value = "official_avoidance")]
    set: String,
    /// A built-in pack name, or a pack file (.toml/.json): where the relation sets come from.
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// text or json.
    #[arg(long, default_value = "text", value_parser = text_or_json)]
    format: Format,
    #[command(flatten)]
    privacy: Privacy,
    #[command(flatten)]
    reading: Reading,
}

#[derive(Args)]
struct IdArgs {
    /// ID numbers; `-` reads them from standard input, one per line (keeps them out of shell history).
    ids: Vec<String>,
    /// Also reject birth dates after this date.
    #[arg(long, value_parser = parse_day)]
    as_of: Option<NaiveDate>,
    /// text or json (an array: one object per ID number).
    #[arg(long, default_value = "text", value_parser = text_or_json)]
    format: Format,
    /// Print full numbers in text output.
    #[arg(long)]
    show_ids: bool,
}

formats!(text_or_json: Text, Json);
formats!(table_formats: Text, Json, Jsonl, Csv, Xlsx);
formats!(rules_formats: Text, Json, Markdown);
formats!(pack_formats: Toml, Json);

#[derive(Args)]
struct CheckArgs {
    /// The people table (CSV, TSV, XLSX or JSON lines; `file.xlsx#sheet` picks a sheet by
    /// name or number).
    #[arg(long)]
    people: PathBuf,
    /// The roster: candidates and members. With it, only persons on the roster are vetted.
    /// May be given several times (one file per township).
    #[arg(long)]
    roster: Vec<PathBuf>,
    /// The joint review's vetting records; may be given several times (one file per
    /// department): each record keeps its file and line.
    #[arg(long)]
    records: Vec<PathBuf>,
    /// Family facts (家庭成员): adds close-relative avoidance (AV-…) over the roster. May be
    /// given several times.
    #[arg(long)]
    relations: Vec<PathBuf>,
    /// Units (seats, smaller ethnic groups, households, election days): the composition checks
    /// (COMP-…) of the slate and the 村民代表会议; sizes and women are checked without it.
    #[arg(long)]
    units: Option<PathBuf>,
    /// The reference date (normally the election day), e.g. 2021-01-15.
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// A built-in pack name, or a pack file (.toml/.json).
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// Error (exit 2) instead of a review finding when a pack value is missing on --as-of.
    #[arg(long)]
    strict: bool,
    /// text (the clerk's report), json (one document), jsonl or csv (the findings), xlsx (a
    /// workbook: summary, outcomes, findings; needs --output).
    #[arg(long, default_value = "text", value_parser = table_formats)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    privacy: Privacy,
    #[command(flatten)]
    reading: Reading,
}

/// `--format xlsx` writes a workbook to a file: without `--output` it is a usage error (a
/// workbook is not written to a terminal or a pipe).
pub(crate) fn xlsx_needs_file(format: Format, output: Option<&Path>) -> Result<(), Fatal> {
    if format == Format::Xlsx && output.is_none() {
        return Err(Fatal(
            "xlsx needs --output FILE.xlsx (工作簿须写入文件 a workbook is written to a file)"
                .into(),
        ));
    }
    Ok(())
}

/// How ID numbers are shown (docs/tables.md: machine formats full, text masked, unless asked).
#[derive(Args)]
struct Privacy {
    /// Mask ID numbers in json/jsonl/csv/xlsx output.
    #[arg(long, conflicts_with = "show_ids")]
    mask_ids: bool,
    /// Show full ID numbers in text output.
    #[arg(long)]
    show_ids: bool,
}

/// How input files are read.
#[derive(Args)]
struct Reading {
    /// The encoding of CSV/JSON-lines inputs (default: UTF-8 if valid, else GB18030).
    #[arg(long)]
    encoding: Option<String>,
    /// The XLSX sheet to read (a name or a 1-based number) for every file without its own
    /// `file.xlsx#sheet` (default: the first sheet holding the table's required columns).
    #[arg(long)]
    sheet: Option<String>,
    /// The separator of CSV/TSV/TXT inputs: comma, tab, semicolon or one character (default:
    /// detected).
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// Raises (or lowers) a bound on each file read, `NAME=N`: file_bytes (4G), part_bytes
    /// (4G, an XLSX part unpacked), cells (100M a sheet), cell_chars (32767), rows (50M);
    /// N may end in K, M or G. Repeat for several.
    #[arg(long = "limit", value_name = "NAME=N", value_parser = parse_limit)]
    limits: Vec<(String, u64)>,
}

impl Reading {
    fn options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding.clone(),
            sheet: self.sheet.clone(),
            delimiter: self.delimiter,
            limits: self.limits(),
        }
    }
    fn limits(&self) -> huanjie::table::Limits {
        let mut limits = huanjie::table::Limits::default();
        for (name, value) in &self.limits {
            limits.set(name, *value);
        }
        limits
    }
}

/// `NAME=N`, a bound of [`huanjie::table::Limits`].
fn parse_limit(text: &str) -> Result<(String, u64), String> {
    let mut limits = huanjie::table::Limits::default();
    limits.set_text(text)?;
    let name = text.split_once('=').map_or("", |(n, _)| n.trim());
    let value = match name {
        "file_bytes" => limits.file_bytes,
        "part_bytes" => limits.part_bytes,
        "cells" => limits.cells,
        "cell_chars" => limits.cell_chars,
        _ => limits.rows,
    };
    Ok((name.to_string(), value))
}

/// `comma`, `tab`, `semicolon`, or one ASCII character.
fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "comma" | "," => Ok(b','),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "semicolon" | ";" => Ok(b';'),
        t if t.len() == 1 && t.is_ascii() => Ok(t.as_bytes()[0]),
        _ => Err("分隔符应为 comma、tab、semicolon 或一个字符 a delimiter is comma, tab, semicolon or one character".into()),
    }
}

#[derive(Args)]
struct RulesArgs {
    /// One rule (`NEG-03`), or a family of them (`NEG`, `COMP`); all when absent.
    code: Option<String>,
    /// A built-in pack name, or a pack file (.toml/.json).
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// Say which rules are in force on this day.
    #[arg(long, value_parser = parse_day)]
    as_of: Option<NaiveDate>,
    /// text, json or markdown.
    #[arg(long, default_value = "text", value_parser = rules_formats)]
    format: Format,
    /// With `--format markdown`: every built-in pack, as docs/rules.md holds them.
    #[arg(long)]
    all_packs: bool,
}

#[derive(Subcommand)]
enum PackCommand {
    /// The built-in packs.
    List,
    /// One pack, resolved (its `extends` applied).
    Show {
        /// A built-in name or a pack file.
        name: String,
        /// toml or json.
        #[arg(long, default_value = "toml", value_parser = pack_formats)]
        format: Format,
    },
}

/// Reads a day as a cell would (`2021-01-15`, `2021/1/15`, `2021年1月15日`, `20210115` …).
pub(crate) fn parse_day(text: &str) -> Result<NaiveDate, String> {
    huanjie::date::parse_date(text).ok_or_else(|| {
        "不是日期 / not a date (e.g. 2021-01-15, 2021/1/15, 2021年1月15日)".to_string()
    })
}

/// A failure that ends the run with exit status 2.
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

/// The message of a run that ended because its reader closed standard output (`… | head`):
/// the run ends quietly with the status a shell gives a process ended by SIGPIPE.
const CLOSED_PIPE: &str = "\u{0}closed pipe";

/// The status of a run whose standard output was closed by its reader (128 + SIGPIPE).
const CLOSED_PIPE_STATUS: u8 = 141;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Id(a) => run_id(a),
        Command::Check(a) => run_check(a),
        Command::Kin(a) => run_kin(a),
        Command::Voters(a) => election::run_voters(a),
        Command::Count(a) => election::run_count(a),
        Command::Apportion(a) => election::run_apportion(a),
        Command::Recall(a) => election::run_recall(a),
        Command::Stats(a) => election::run_stats(a),
        Command::Report(a) => summary::run_report(a),
        Command::Review(c) => review::run_review(c),
        Command::Notice(a) => review::run_notice(a),
        Command::Pack(p) => run_pack(p),
        Command::Rules(a) => run_rules(a),
        Command::Demo(a) => demo::run_demo(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(msg)) if msg == CLOSED_PIPE => ExitCode::from(CLOSED_PIPE_STATUS),
        Err(Fatal(msg)) => {
            // (never `eprintln!`: it panics when standard error is a closed pipe too)
            let _ = writeln!(std::io::stderr(), "huanjie: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn load_pack(arg: &str) -> Result<RulePack, Fatal> {
    if arg.contains('/') || arg.ends_with(".toml") || arg.ends_with(".json") {
        Ok(RulePack::from_file(Path::new(arg))?)
    } else {
        Ok(RulePack::builtin(arg)?)
    }
}

fn write_out(path: Option<&Path>, bytes: &[u8]) -> Result<(), Fatal> {
    emit(path, |w| Ok(w.write_all(bytes)?))
}

/// Writes a command's output to `path` (or standard output) through `write`, buffered, so that
/// the writers stream a large result instead of building it in memory first.
///
/// A file is never left half-written: the output goes to a temporary file beside `path`, which
/// replaces `path` only once everything is written and flushed to disk; on any failure the
/// temporary file is removed and an existing `path` is kept as it was. A standard output
/// closed by its reader ends the run quietly ([`CLOSED_PIPE`]).
pub(crate) fn emit(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), Fatal>,
) -> Result<(), Fatal> {
    match path {
        Some(p) => crate::atomic::write_file(p, write),
        None => {
            let broken = std::cell::Cell::new(false);
            let mut w = std::io::BufWriter::new(PipeWatch {
                inner: std::io::stdout().lock(),
                broken: &broken,
            });
            let written = write(&mut w).and_then(|()| Ok(w.flush()?));
            match written {
                Err(_) if broken.get() => Err(Fatal(CLOSED_PIPE.into())),
                other => other,
            }
        }
    }
}

/// Standard output that notes when its reader has gone away (a broken pipe), so that the run
/// can end quietly rather than report a write error.
struct PipeWatch<'a, W: Write> {
    inner: W,
    broken: &'a std::cell::Cell<bool>,
}

impl<W: Write> PipeWatch<'_, W> {
    fn watch<T>(&self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.broken.set(true);
        }
        r
    }
}

impl<W: Write> Write for PipeWatch<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.watch(r)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.watch(r)
    }
}

/// The numbers `huanjie id` checks, one at a time and in order: the arguments, with standard
/// input read in place of each `-` (one number per line, trimmed, blank lines skipped).
struct IdInputs<'a> {
    args: std::slice::Iter<'a, String>,
    stdin: Option<std::io::StdinLock<'static>>,
    /// The line just read (reused: one line in memory at a time).
    line: String,
}

impl<'a> IdInputs<'a> {
    fn new(args: &'a [String]) -> IdInputs<'a> {
        IdInputs {
            args: args.iter(),
            stdin: None,
            line: String::new(),
        }
    }

    /// The next number; `None` after the last.
    fn next(&mut self) -> std::io::Result<Option<&str>> {
        loop {
            if let Some(stdin) = self.stdin.as_mut() {
                self.line.clear();
                // (a line is read at most 256 bytes at a time: endless input without a line
                // break is taken in pieces, each an invalid number, never held whole)
                if std::io::Read::take(&mut *stdin, 256).read_line(&mut self.line)? == 0 {
                    self.stdin = None;
                    continue;
                }
                if self.line.trim().is_empty() {
                    continue;
                }
                return Ok(Some(self.line.trim()));
            }
            match self.args.next() {
                None => return Ok(None),
                Some(a) if a == "-" => self.stdin = Some(std::io::stdin().lock()),
                Some(a) => return Ok(Some(a)),
            }
        }
    }
}

/// `huanjie id`: each number is checked and its result written as soon as it is read (text:
/// one line; JSON: one object of a streamed array), so that any number of IDs takes the
/// memory of one.
fn run_id(a: IdArgs) -> Result<u8, Fatal> {
    let mut inputs = IdInputs::new(&a.ids);
    let mut any_invalid = false;
    let mut rows = 0u64;
    emit(None, |out| {
        if a.format == Format::Json {
            let mut w = huanjie::table::IdJsonWriter::new(out);
            while let Some(text) = inputs.next()? {
                let checked = huanjie::table::check_id(text, a.as_of);
                any_invalid |= checked.is_err();
                w.write(text, &checked)?;
            }
            rows = w.rows();
            if rows > 0 {
                w.finish()?.flush()?;
            }
        } else {
            while let Some(text) = inputs.next()? {
                let checked = huanjie::table::check_id(text, a.as_of);
                any_invalid |= checked.is_err();
                write_id_line(out, text, &checked, a.show_ids)?;
                rows += 1;
            }
        }
        Ok(())
    })?;
    if rows == 0 {
        return Err(Fatal(
            "no ID numbers given (pass them as arguments, or `-` to read standard input)".into(),
        ));
    }
    Ok(u8::from(any_invalid))
}

/// One line of `huanjie id`'s text output: the number (masked unless `show_ids`), and what it
/// says or why it is not valid.
fn write_id_line(
    w: &mut (impl Write + ?Sized),
    input: &str,
    checked: &Result<ResidentId, huanjie::IdError>,
    show_ids: bool,
) -> std::io::Result<()> {
    match checked {
        Ok(id) => {
            if show_ids {
                write!(w, "{id}")?;
            } else {
                w.write_all(id.masked().as_bytes())?;
            }
            write!(
                w,
                "  有效 valid · {} {} · 出生 born {} · 地址码 address {:06}",
                id.sex().label_zh(),
                id.sex().as_str(),
                id.birth_date().map(|d| d.to_string()).unwrap_or_default(),
                id.address_code(),
            )?;
            if let Some(permit) = id.residence_permit() {
                write!(w, " · {} {}", permit.label_zh(), permit.label_en())?;
            }
            if id.is_legacy() {
                w.write_all(" · 15位旧号码已升级 upgraded from 15 digits".as_bytes())?;
            }
            writeln!(w)
        }
        Err(e) => {
            if show_ids {
                w.write_all(input.as_bytes())?;
            } else {
                w.write_all(huanjie::id::mask_text(input).as_bytes())?;
            }
            writeln!(w, "  无效 invalid · {} · {e}", e.message_zh())
        }
    }
}

fn run_check(a: CheckArgs) -> Result<u8, Fatal> {
    xlsx_needs_file(a.format, a.output.as_deref())?;
    let pack = load_pack(&a.pack)?;
    let opts = a.reading.options();
    let read = |path: &Path, table: &str| read_table(path, table, &opts);
    let people = read(&a.people, "people")?;
    let roster = read_tables(&a.roster, "roster", &opts)?;
    let records = read_tables(&a.records, "records", &opts)?;
    let relations = read_tables(&a.relations, "relations", &opts)?;
    let units = a.units.as_deref().map(|p| read(p, "units")).transpose()?;
    let tables = CheckTables {
        people: input(&people),
        roster: roster.as_ref().map(input),
        records: records.as_ref().map(input),
        relations: relations.as_ref().map(input),
        units: units.as_ref().map(input),
    };
    let loaded = [
        Some(&people),
        roster.as_ref(),
        records.as_ref(),
        relations.as_ref(),
        units.as_ref(),
    ];
    let mut provenance = provenance(&loaded);
    provenance.set_names(huanjie::table::person_names(&people.batches, &people.at)?);
    let options = CheckOptions {
        as_of: a.as_of,
        strict: a.strict,
    };
    let infos = infos(&loaded);
    let audit = Audit::new(&pack, a.as_of, infos);
    let mask = a.privacy.mask_ids;
    // Written as it is computed: the outcomes and findings of millions of persons in the
    // memory of one chunk. (Text masks ID numbers unless asked not to; the others show them
    // unless asked to mask.)
    let (format, mask) = match a.format {
        f @ (Format::Json | Format::Jsonl | Format::Csv | Format::Xlsx) => (f, mask),
        _ => (Format::Text, !a.privacy.show_ids),
    };
    let mut code = 0;
    huanjie::table::with_prepared_check(tables, &pack, options, |prepared| {
        emit(a.output.as_deref(), |mut w| {
            code =
                huanjie::table::write_check(prepared, &audit, format, mask, &provenance, &mut w)?;
            Ok(())
        })
    })
    .map_err(|e| located(e, &provenance))??;
    Ok(code as u8)
}

fn run_kin(a: KinArgs) -> Result<u8, Fatal> {
    let pack = load_pack(&a.pack)?;
    let opts = a.reading.options();
    let loaded = read_table(&a.relations, "relations", &opts)?;
    let provenance = provenance(&[Some(&loaded)]);
    let at = &loaded.at;
    let mut relations = huanjie::table::relations_from_batches(&loaded.batches, at)
        .map_err(|e| located(e.into(), &provenance))?;
    relations.bound_dates(&pack.date_bounds(a.as_of)?);
    // A cycle or two blood fathers stop the run; a row that cannot be read (an unknown term,
    // a term the ID numbers contradict, one with readings that differ) is left out and said.
    let (graph, problems) = huanjie::kinship::FamilyGraph::build_checked(&relations, a.as_of)
        .map_err(|e| located(e.into(), &provenance))?;
    for p in &problems {
        let mut e: huanjie::Error = p.to_error(at, &relations).into();
        provenance.complete(&mut e);
        eprintln!("huanjie kin: 未采用此行 row left out: {e}");
    }
    // The persons: from the arguments, or from standard input with `-`.
    let (pa, pb) = if a.a == "-" {
        // (two numbers are read, from at most 64 KiB: endless input is not held)
        let lines: Vec<String> = std::io::Read::take(std::io::stdin().lock(), 64 << 10)
            .lines()
            .map_while(Result::ok)
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .take(2)
            .collect();
        (
            lines.first().cloned().unwrap_or_default(),
            lines.get(1).cloned().or(a.b.clone()),
        )
    } else {
        (a.a.clone(), a.b.clone())
    };
    let check_person = |p: &str, which: &str| -> Result<(), Fatal> {
        if p.trim().starts_with("key:") {
            return Ok(());
        }
        ResidentId::parse(p)
            .map(|_| ())
            .map_err(|e| Fatal(format!("person {which}: {e}")))
    };
    check_person(&pa, "A")?;
    // A person the relations table does not name: nothing is known of their family, which is
    // not the same as "not related" (an unchecked person must not pass as cleared).
    let absent = |which: &str| {
        Fatal(format!(
            "人员 {which} 不在亲属关系表(relations)中，无从判断其亲属关系 person {which} is not in \
             the relations table: nothing is known of their family"
        ))
    };
    let json_mask = a.privacy.mask_ids;
    let text_mask = !a.privacy.show_ids;
    let show = |t: &str, mask: bool| {
        if mask {
            huanjie::PersonKey::Text(t.to_string()).masked()
        } else {
            t.to_string()
        }
    };
    let node_a = graph.find(&pa);
    let mut out = String::new();
    match pb {
        Some(pb) => {
            check_person(&pb, "B")?;
            let (Some(x), Some(y)) = (node_a, graph.find(&pb)) else {
                return Err(absent(if node_a.is_none() { "A" } else { "B" }));
            };
            if x == y {
                return Err(Fatal("A 与 B 是同一人 A and B are the same person".into()));
            }
            let relation = graph.relation(x, y);
            let doc = huanjie::kinship::relation_json(
                &graph,
                &relation,
                &pack.relation_sets,
                &pa,
                &pb,
                json_mask,
            );
            match a.format {
                Format::Json => {
                    let mut w = Vec::new();
                    huanjie::table::write_value_json(&doc, &mut w)?;
                    out = String::from_utf8_lossy(&w).into_owned();
                }
                _ => {
                    out.push_str(&format!(
                        "huanjie kin · 规则包 pack {} · 基准日 as of {}\n",
                        pack.name, a.as_of
                    ));
                    if relation.classes.is_empty() {
                        out.push_str(&format!(
                            "{} — {}: 无亲属关系 / not related\n",
                            show(&pa, text_mask),
                            show(&pb, text_mask)
                        ));
                    }
                    if let Some(c) = relation.shortest() {
                        let (term, reverse) = huanjie::kinship::terms_of(&graph, &c.path);
                        if let Some(t) = term {
                            out.push_str(&format!("B 是 A 的{} / B is A's {}\n", t.zh, t.en));
                        }
                        if let Some(t) = reverse {
                            out.push_str(&format!("A 是 B 的{} / A is B's {}\n", t.zh, t.en));
                        }
                    }
                    for c in &relation.classes {
                        let (zh, en) = huanjie::kinship::describe(&graph, &c.path);
                        let path: Vec<String> = c
                            .path
                            .nodes()
                            .iter()
                            .map(|&n| {
                                if text_mask {
                                    graph.kin_masked(n)
                                } else {
                                    graph.kin_text(n)
                                }
                            })
                            .collect();
                        out.push_str(&format!(
                            "{} {}｜B 是 A 的{zh} / B is A's {en}｜{}\n",
                            c.kind.name_zh(),
                            c.kind.detail(),
                            path.join(" → ")
                        ));
                    }
                    let sets = huanjie::kinship::sets_of(&relation, &pack.relation_sets, a.as_of);
                    out.push_str(&format!("sets: {}\n", sets.join(", ")));
                }
            }
        }
        None => {
            let set = pack
                .relation_sets
                .iter()
                .find(|s| s.name == a.set)
                .ok_or_else(|| {
                    Fatal(format!(
                        "pack {} has no relation set {:?} (it has: {})",
                        pack.name,
                        a.set,
                        pack.relation_sets
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            let list = graph.relatives(node_a.ok_or_else(|| absent("A"))?, set);
            let docs: Vec<serde_json::Value> = list
                .iter()
                .map(|r| {
                    let other = graph.kin_text(r.b);
                    huanjie::kinship::relation_json(
                        &graph,
                        r,
                        &pack.relation_sets,
                        &pa,
                        &other,
                        json_mask,
                    )
                })
                .collect();
            match a.format {
                Format::Json => {
                    let mut w = Vec::new();
                    huanjie::table::write_value_json(&serde_json::Value::from(docs), &mut w)?;
                    out = String::from_utf8_lossy(&w).into_owned();
                }
                _ => {
                    out.push_str(&format!(
                        "huanjie kin · 规则包 pack {} · 基准日 as of {} · {} {} ({})\n",
                        pack.name,
                        a.as_of,
                        set.title_zh,
                        set.name,
                        list.len()
                    ));
                    for r in &list {
                        let (zh, en) = r
                            .shortest()
                            .map(|c| huanjie::kinship::describe(&graph, &c.path))
                            .unwrap_or_default();
                        let who = if text_mask {
                            graph.kin_masked(r.b)
                        } else {
                            graph.kin_text(r.b)
                        };
                        let classes: Vec<&str> = r.classes.iter().map(|c| c.kind.name()).collect();
                        let term = r
                            .shortest()
                            .and_then(|c| huanjie::kinship::term_of(&graph, &c.path))
                            .map_or("—".to_string(), |t| t.zh);
                        out.push_str(&format!(
                            "{who}｜{term}｜{zh} / {en}｜{}\n",
                            classes.join(", ")
                        ));
                    }
                }
            }
        }
    }
    write_out(None, out.as_bytes())?;
    Ok(0)
}

pub(crate) type Loaded = huanjie::table::TableFiles;

/// The audit's inputs: every file read, in order.
pub(crate) fn infos(tables: &[Option<&Loaded>]) -> Vec<InputInfo> {
    tables
        .iter()
        .flatten()
        .flat_map(|t| t.infos.iter().cloned())
        .collect()
}

/// Where every row of the tables read came from.
pub(crate) fn provenance(tables: &[Option<&Loaded>]) -> Provenance {
    let mut p = Provenance::default();
    for t in tables.iter().flatten() {
        p.insert(&t.at.table, t.sources.clone());
    }
    p
}

/// An error with the file, sheet and line of the row it names.
pub(crate) fn located(mut e: huanjie::Error, provenance: &Provenance) -> huanjie::Error {
    provenance.complete(&mut e);
    e
}

fn role_of(table: &str) -> Result<TableRole, Fatal> {
    TableRole::ALL
        .into_iter()
        .find(|r| r.name() == table)
        .ok_or_else(|| Fatal(format!("unknown table {table}")))
}

/// Reads one input file (`file` or `file.xlsx#sheet`) as the table `table`.
pub(crate) fn read_table(path: &Path, table: &str, opts: &ReadOptions) -> Result<Loaded, Fatal> {
    let spec = FileSpec::parse(&path.to_string_lossy());
    Ok(read_files(&[spec], role_of(table)?, opts)?)
}

/// Reads the files given for one table (none: no table).
pub(crate) fn read_tables(
    paths: &[PathBuf],
    table: &str,
    opts: &ReadOptions,
) -> Result<Option<Loaded>, Fatal> {
    if paths.is_empty() {
        return Ok(None);
    }
    let specs: Vec<FileSpec> = paths
        .iter()
        .map(|p| FileSpec::parse(&p.to_string_lossy()))
        .collect();
    Ok(Some(read_files(&specs, role_of(table)?, opts)?))
}

pub(crate) fn input(t: &Loaded) -> TableInput<'_> {
    TableInput {
        batches: &t.batches,
        at: &t.at,
    }
}

fn run_rules(a: RulesArgs) -> Result<u8, Fatal> {
    use huanjie::render::rules as r;
    if a.all_packs {
        write_out(None, r::rules_document()?.as_bytes())?;
        return Ok(0);
    }
    let pack = load_pack(&a.pack)?;
    let rules = r::select(&pack, a.code.as_deref());
    if rules.is_empty() {
        let codes: Vec<&str> = pack.catalogue().iter().map(|r| r.code).collect();
        return Err(Fatal(format!(
            "规则包 {} 中没有规则 {} / pack {} has no rule {:?} (it has: {})",
            pack.name,
            a.code.as_deref().unwrap_or_default(),
            pack.name,
            a.code.as_deref().unwrap_or_default(),
            codes.join(", ")
        )));
    }
    emit(None, |mut w| {
        match a.format {
            Format::Json => huanjie::table::write_json(
                &huanjie::table::object_document(&r::rules_json(&pack, &rules, a.as_of)),
                true,
                &mut w,
            )?,
            Format::Markdown => w.write_all(r::rules_markdown(&pack, &rules).as_bytes())?,
            _ => w.write_all(r::rules_text(&pack, &rules, a.as_of).as_bytes())?,
        }
        Ok(())
    })?;
    Ok(0)
}

fn run_pack(p: PackCommand) -> Result<u8, Fatal> {
    match p {
        PackCommand::List => {
            let mut s = String::new();
            for (name, _) in huanjie::pack::BUILTIN_PACKS {
                let pack = RulePack::builtin(name)?;
                let default = if *name == huanjie::pack::DEFAULT_PACK {
                    " (default)"
                } else {
                    ""
                };
                s.push_str(&format!(
                    "{name}{default}\t{}\t{} items\tsha256 {}\n\t{}\n",
                    pack.jurisdiction,
                    pack.items.len(),
                    pack.content_hash(),
                    pack.title
                ));
            }
            write_out(None, s.as_bytes())?;
        }
        PackCommand::Show { name, format } => {
            let pack = load_pack(&name)?;
            let text = match format {
                Format::Toml => format!(
                    "# rule pack {} · sha256 {}\n{}",
                    pack.name,
                    pack.content_hash(),
                    pack.to_toml()?
                ),
                _ => format!("{}\n", pack.to_json()?),
            };
            write_out(None, text.as_bytes())?;
        }
    }
    Ok(0)
}
