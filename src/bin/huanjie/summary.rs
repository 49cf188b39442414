//! `huanjie report`: the summary of the round a civil-affairs department publishes (the
//! province's report), made from the statistics, and optionally the count of nominations and
//! the joint review; every number traced to its figure.

use super::{Fatal, Reading, emit, input, load_pack, located, parse_day, provenance, read_table};
use chrono::NaiveDate;
use clap::Args;
use huanjie::report::{ReportInputs, ReportOptions, province_report};
use huanjie::table::Format;
use std::path::PathBuf;

formats!(report_formats: Text, Markdown, Html, Json);

#[derive(Args)]
pub(crate) struct ReportArgs {
    /// People: education (sex and age come from the ID numbers).
    #[arg(long)]
    people: PathBuf,
    /// The roster of the term: its elected members (status elected).
    #[arg(long)]
    roster: PathBuf,
    /// The election day where the units table gives none (ages are taken on it).
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// Only roster rows of this term (届次, the year it began).
    #[arg(long)]
    term: Option<u16>,
    /// Units: kinds, election days, new and complex units, running funds, the round's status.
    #[arg(long)]
    units: Option<PathBuf>,
    /// First-round tallies: participation (without them, no participation sentence).
    #[arg(long)]
    tallies: Option<PathBuf>,
    /// Votes (with --tallies): the count.
    #[arg(long, requires = "tallies")]
    votes: Option<PathBuf>,
    /// A built-in pack name, or a pack file.
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// The previous term's roster; with --previous-as-of, the change ("两升一降").
    #[arg(long)]
    previous: Option<PathBuf>,
    /// The previous term's election day.
    #[arg(long, requires = "previous", value_parser = parse_day)]
    previous_as_of: Option<NaiveDate>,
    /// Division names (`code,name,level,parent` CSV) instead of the bundled Ningxia table.
    #[arg(long)]
    divisions: Option<PathBuf>,
    /// The nominations (提名): who took part in nominating.
    #[arg(long)]
    nominations: Option<PathBuf>,
    /// The joint review's records (with --relations or alone): the screened-out candidates.
    #[arg(long)]
    records: Option<PathBuf>,
    /// The relations (close-relative avoidance), with --records.
    #[arg(long, requires = "records")]
    relations: Option<PathBuf>,
    /// One group (a division or unit code); default the highest level present (the province).
    #[arg(long)]
    code: Option<String>,
    /// A sentence's decimals, `NAME=N`, repeatable (participation, one_shoulder,
    /// women_members, women_directors, education, age, voters_wan, nominators_wan, funds_wan).
    #[arg(long, value_name = "NAME=N")]
    precision: Vec<String>,
    /// text, markdown, html (one self-contained page) or json (the paragraphs and the numbers).
    #[arg(long, default_value = "text", value_parser = report_formats)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_report(a: ReportArgs) -> Result<u8, Fatal> {
    use huanjie::stats::StatsOptions;
    let mut options = ReportOptions::new(a.as_of);
    options.previous_as_of = a.previous_as_of;
    if let Some(c) = &a.code {
        options.code = Some(
            huanjie::division::DivisionCode::parse(c)
                .map_err(|_| Fatal(format!("--code {c}: 不是区划代码 not a division code")))?,
        );
    }
    for p in &a.precision {
        let ok = p
            .split_once('=')
            .and_then(|(k, v)| Some((k.trim(), v.trim().parse::<u32>().ok()?)))
            .is_some_and(|(k, v)| options.precision.set(k, v));
        if !ok {
            return Err(Fatal(format!(
                "--precision {p}: NAME=N with a known name and at most 6 decimals"
            )));
        }
    }
    let opts = a.reading.options();
    let people = read_table(&a.people, "people", &opts)?;
    let roster = read_table(&a.roster, "roster", &opts)?;
    let opt =
        |p: &Option<PathBuf>, t: &str| p.as_deref().map(|p| read_table(p, t, &opts)).transpose();
    let units = opt(&a.units, "units")?;
    let tallies = opt(&a.tallies, "tallies")?;
    let previous = opt(&a.previous, "roster")?;
    let votes = opt(&a.votes, "votes")?;
    let nominations = opt(&a.nominations, "nominations")?;
    let records = opt(&a.records, "records")?;
    let relations = opt(&a.relations, "relations")?;
    let pack = load_pack(&a.pack)?;
    let names = super::election::division_names(a.divisions.as_deref(), &a.reading)?;
    let all = provenance(&[
        Some(&people),
        Some(&roster),
        units.as_ref(),
        tallies.as_ref(),
        votes.as_ref(),
        previous.as_ref(),
        nominations.as_ref(),
        records.as_ref(),
        relations.as_ref(),
    ]);
    let mut stats_options = StatsOptions::new(a.as_of);
    stats_options.term = a.term;
    let stats = huanjie::table::stats_tables(
        huanjie::table::StatsTables {
            people: input(&people),
            roster: input(&roster),
            units: units.as_ref().map(input),
            tallies: tallies.as_ref().map(input),
            previous: previous.as_ref().map(input),
            votes: votes.as_ref().map(input),
        },
        &stats_options,
        a.previous_as_of,
        &names,
        &pack,
    )
    .map_err(|e| located(e, &all))?;
    let nominated = match &nominations {
        Some(n) => Some(
            huanjie::table::nomination_tables(
                huanjie::table::NominationTables {
                    nominations: input(n),
                    units: units.as_ref().map(input),
                },
                &pack,
                a.as_of,
            )
            .map_err(|e| located(e, &all))?,
        ),
        None => None,
    };
    let screened = match &records {
        Some(r) => Some(
            huanjie::table::check_tables(
                huanjie::table::CheckTables {
                    people: input(&people),
                    roster: Some(input(&roster)),
                    records: Some(input(r)),
                    relations: relations.as_ref().map(input),
                    units: units.as_ref().map(input),
                },
                &pack,
                huanjie::check::CheckOptions::new(a.as_of),
            )
            .map_err(|e| located(e, &all))?
            .screened_out(),
        ),
        None => None,
    };
    let mut inputs = ReportInputs::new(&stats.report);
    inputs.changes = stats.changes.as_deref();
    inputs.screened = screened.as_ref();
    inputs.nominations = nominated.as_ref();
    let report = province_report(inputs, &options).ok_or_else(|| {
        Fatal(match &a.code {
            Some(c) => format!("--code {c}: 统计中没有该单位 no figure of this group"),
            None => "统计中没有数字 the statistics hold no figure".into(),
        })
    })?;
    let text = match a.format {
        Format::Markdown => report.markdown(),
        Format::Html => report.html(),
        Format::Json => report.to_json(),
        _ => report.text(),
    };
    emit(a.output.as_deref(), |w| Ok(w.write_all(text.as_bytes())?))?;
    Ok(0)
}
