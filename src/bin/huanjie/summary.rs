//! `huanjie report`: the summary of the round a civil-affairs department publishes (the
//! province's report), made from the statistics, and optionally the count of nominations and
//! the joint review; every number traced to its figure.

use super::{Fatal, Reading, emit, input, located, provenance, read_table};
use clap::Args;
use huanjie::report::{ReportInputs, ReportOptions, province_report};
use huanjie::table::Format;
use std::path::PathBuf;

formats!(report_formats: Text, Markdown, Html, Json);

#[derive(Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    tables: super::election::StatsInputArgs,
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
    let (as_of, previous_as_of) = (a.tables.as_of, a.tables.previous_as_of);
    let mut options = ReportOptions::new(as_of);
    options.previous_as_of = previous_as_of;
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
    let files = a.tables.read(&a.reading)?;
    let opts = a.reading.options();
    let opt =
        |p: &Option<PathBuf>, t: &str| p.as_deref().map(|p| read_table(p, t, &opts)).transpose();
    let nominations = opt(&a.nominations, "nominations")?;
    let records = opt(&a.records, "records")?;
    let relations = opt(&a.relations, "relations")?;
    let [people, roster, units, tallies, votes, previous] = files.tables();
    let all = provenance(&[
        people,
        roster,
        units,
        tallies,
        votes,
        previous,
        nominations.as_ref(),
        records.as_ref(),
        relations.as_ref(),
    ]);
    let mut stats_options = StatsOptions::new(as_of);
    stats_options.term = a.tables.term;
    let stats = files.stats(&stats_options, previous_as_of)?;
    let (pack, units) = (&files.pack, files.units.as_ref());
    let nominated = match &nominations {
        Some(n) => Some(
            huanjie::table::nomination_tables(
                huanjie::table::NominationTables {
                    nominations: input(n),
                    units: units.map(input),
                },
                pack,
                as_of,
            )
            .map_err(|e| located(e, &all))?,
        ),
        None => None,
    };
    let screened = match &records {
        Some(r) => Some(
            huanjie::table::check_tables(
                huanjie::table::CheckTables {
                    people: input(&files.people),
                    roster: Some(input(&files.roster)),
                    records: Some(input(r)),
                    relations: relations.as_ref().map(input),
                    units: units.map(input),
                },
                pack,
                huanjie::check::CheckOptions::new(as_of),
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
