//! Election-day commands: `voters`, `count`, `apportion`, `recall`, `stats`.

use super::{
    Fatal, Privacy, Reading, emit, infos, input, load_pack, located, parse_day, provenance,
    read_table, read_tables, text_or_json, xlsx_needs_file,
};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use huanjie::apportion::Method;
use huanjie::audit::Audit;
use huanjie::table::{
    self as t, CountTables, Format, NominationTables, VotersTables, apportion_table, count_tables,
    nomination_tables, voters_tables,
};
use std::path::PathBuf;

formats!(voters_formats: Text, Json, Jsonl, Csv, Xlsx);
formats!(count_formats: Text, Json, Xlsx);
formats!(apportion_formats: Text, Json, Csv, Xlsx);
formats!(stats_formats: Text, Json, Csv, Html, Xlsx);

#[derive(Args)]
pub(crate) struct CountArgs {
    /// The tally sheets: one row per unit, body and round (1 first ballot, 2 另行选举). Needed
    /// with --votes for the count of votes.
    #[arg(long, requires = "votes")]
    tallies: Option<PathBuf>,
    /// The votes: one row per candidate and role.
    #[arg(long, requires = "tallies")]
    votes: Option<PathBuf>,
    /// The nominations (提名): one row per nominee, role and nominator (or number of
    /// nominators); the count of nominations makes the formal candidates (正式候选人).
    #[arg(long)]
    nominations: Option<PathBuf>,
    /// The election day for pack values where the units table gives none.
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// The roster: its candidates are the slate, so votes for anyone else are write-ins.
    #[arg(long)]
    roster: Option<PathBuf>,
    /// The voter register: its rows per unit are checked against the tallies' registered voters.
    #[arg(long)]
    register: Option<PathBuf>,
    /// Units: each unit's election day, and seats (where a tally gives none; the nomination
    /// stage's slates are cut at the seats plus the margin).
    #[arg(long)]
    units: Option<PathBuf>,
    /// A built-in pack name, or a pack file (.toml/.json).
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// text, json or xlsx (a workbook: summary, rounds, elected, second-round candidates, ties,
    /// findings; with --nominations slates, nominees, participation; needs --output).
    #[arg(long, default_value = "text", value_parser = count_formats)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    privacy: Privacy,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_count(a: CountArgs) -> Result<u8, Fatal> {
    xlsx_needs_file(a.format, a.output.as_deref())?;
    if a.nominations.is_none() && (a.tallies.is_none() || a.votes.is_none()) {
        return Err(Fatal(
            "count needs a stage: --tallies and --votes (the count of votes), --nominations (the count of nominations), or both"
                .into(),
        ));
    }
    let pack = load_pack(&a.pack)?;
    let opts = a.reading.options();
    let opt =
        |p: &Option<PathBuf>, t: &str| p.as_deref().map(|p| read_table(p, t, &opts)).transpose();
    let tallies = opt(&a.tallies, "tallies")?;
    let votes = opt(&a.votes, "votes")?;
    let nominations = opt(&a.nominations, "nominations")?;
    let roster = opt(&a.roster, "roster")?;
    let register = opt(&a.register, "register")?;
    let units = opt(&a.units, "units")?;
    let all = [
        tallies.as_ref(),
        votes.as_ref(),
        roster.as_ref(),
        register.as_ref(),
        units.as_ref(),
        nominations.as_ref(),
    ];
    let nominated = match &nominations {
        Some(n) => Some(
            nomination_tables(
                NominationTables {
                    nominations: input(n),
                    units: units.as_ref().map(input),
                },
                &pack,
                a.as_of,
            )
            .map_err(|e| located(e, &provenance(&all)))?,
        ),
        None => None,
    };
    let counted = match (&tallies, &votes) {
        (Some(tallies), Some(votes)) => Some(
            count_tables(
                CountTables {
                    tallies: input(tallies),
                    votes: input(votes),
                    roster: roster.as_ref().map(input),
                    register: register.as_ref().map(input),
                    units: units.as_ref().map(input),
                },
                &pack,
                a.as_of,
            )
            .map_err(|e| located(e, &provenance(&all)))?,
        ),
        _ => None,
    };
    let audit = Audit::new(&pack, a.as_of, infos(&all));
    let lines = provenance(&all);
    // Written as it is turned into text (JSON a unit at a time; text line by line).
    let (format, mask) = match a.format {
        f @ (Format::Json | Format::Xlsx) => (f, a.privacy.mask_ids),
        _ => (Format::Text, !a.privacy.show_ids),
    };
    emit(a.output.as_deref(), |mut w| {
        match (&counted, &nominated, format) {
            (Some(report), None, _) => t::write_count(report, &audit, (format, mask), &mut w)?,
            (_, Some(n), Format::Text) => {
                w.write_all(huanjie::render::nomination_text(n, &audit, mask).as_bytes())?;
                if let Some(report) = &counted {
                    t::write_count(report, &audit, (format, mask), &mut w)?;
                }
            }
            (c, n, Format::Xlsx) => {
                if let Some(doc) =
                    t::count_stages_xlsx_document(c.as_ref(), n.as_ref(), &audit, mask, &lines)?
                {
                    t::write_xlsx(&doc, &mut w)?;
                }
            }
            (c, n, _) => {
                if let Some(doc) =
                    t::count_stages_document(c.as_ref(), n.as_ref(), &audit, mask, &lines)?
                {
                    t::write_json(&doc, true, &mut w)?;
                }
            }
        }
        Ok(())
    })?;
    let clear = counted.as_ref().is_none_or(|r| r.all_clear())
        && nominated.as_ref().is_none_or(|r| r.all_clear());
    Ok(u8::from(!clear))
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    Hamilton,
    Dhondt,
    SainteLague,
    HuntingtonHill,
}

#[derive(Args)]
pub(crate) struct ApportionArgs {
    /// The weights: group (村民小组), weight or households (户数), and optionally min_seats.
    #[arg(long)]
    weights: PathBuf,
    /// The seats to share.
    #[arg(long)]
    seats: u32,
    /// The method.
    #[arg(long, value_enum)]
    method: MethodArg,
    /// text, json, csv or xlsx (needs --output).
    #[arg(long, default_value = "text", value_parser = apportion_formats)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_apportion(a: ApportionArgs) -> Result<u8, Fatal> {
    xlsx_needs_file(a.format, a.output.as_deref())?;
    let method = match a.method {
        MethodArg::Hamilton => Method::Hamilton,
        MethodArg::Dhondt => Method::DHondt,
        MethodArg::SainteLague => Method::SainteLague,
        MethodArg::HuntingtonHill => Method::HuntingtonHill,
    };
    let weights = read_table(&a.weights, "weights", &a.reading.options())?;
    let result = apportion_table(input(&weights), a.seats, method)?;
    emit(a.output.as_deref(), |mut w| {
        match a.format {
            Format::Json => t::write_json(&t::object_document(&result), true, &mut w)?,
            Format::Csv => t::write_csv(&t::apportionment_batch(&result)?, &mut w)?,
            Format::Xlsx => t::write_xlsx(&t::apportion_xlsx_document(&result)?, &mut w)?,
            _ => w.write_all(huanjie::render::apportion_text(&result).as_bytes())?,
        }
        Ok(())
    })?;
    Ok(0)
}

#[derive(Clone, Copy, ValueEnum)]
enum ProposedBy {
    Voters,
    Representatives,
}

#[derive(Args)]
pub(crate) struct RecallArgs {
    /// Registered voters.
    #[arg(long)]
    registered: u64,
    /// Voters who voted on the recall.
    #[arg(long)]
    voted: u64,
    /// Votes for the recall.
    #[arg(long)]
    yes: u64,
    /// Signatories of the proposal.
    #[arg(long)]
    proposers: Option<u64>,
    /// Who signed the proposal.
    #[arg(long, value_enum, default_value = "voters")]
    proposed_by: ProposedBy,
    /// All representatives (with --proposed-by representatives).
    #[arg(long)]
    representatives: Option<u64>,
    /// The day of the vote (the pack values in force).
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// A built-in pack name, or a pack file.
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// text or json.
    #[arg(long, default_value = "text", value_parser = text_or_json)]
    format: Format,
}

pub(crate) fn run_recall(a: RecallArgs) -> Result<u8, Fatal> {
    use huanjie::count::{Proposers, RecallInput, recall};
    let pack = load_pack(&a.pack)?;
    let proposers = match (a.proposers, a.proposed_by) {
        (None, _) => None,
        (Some(signed), ProposedBy::Voters) => Some(Proposers::Voters { signed }),
        (Some(signed), ProposedBy::Representatives) => Some(Proposers::Representatives {
            signed,
            total: a.representatives.ok_or_else(|| {
                Fatal("--proposed-by representatives needs --representatives N".into())
            })?,
        }),
    };
    let r = recall(
        RecallInput {
            registered: a.registered,
            proposers,
            voted: a.voted,
            yes: a.yes,
        },
        &pack,
        a.as_of,
    )?;
    if a.format == Format::Json {
        emit(None, |mut w| {
            Ok(t::write_json(&t::object_document(&r), true, &mut w)?)
        })?;
        return Ok(u8::from(!r.passed));
    }
    let text = {
        {
            let yn = |b: bool| if b { "是 yes" } else { "否 no" };
            let mut out = format!("huanjie recall · 规则包 pack {} · {}\n", pack.name, a.as_of);
            if let (Some(p), Some(ok)) = (r.proposal, r.proposal_ok) {
                out.push_str(&format!(
                    "提议 proposal {}/{} ({}%) 达到法定人数 enough: {}\n",
                    p.num,
                    p.den,
                    p.percent_string(1).unwrap_or_default(),
                    yn(ok)
                ));
            }
            out.push_str(&format!(
                "投票 turnout {}/{} ({}%) 有效 valid: {}\n赞成 for {}/{} ({}%) 通过 passed: {}\n",
                r.turnout.num,
                r.turnout.den,
                r.turnout.percent_string(1).unwrap_or_default(),
                yn(r.valid),
                r.support.num,
                r.support.den,
                r.support.percent_string(1).unwrap_or_default(),
                yn(r.passed)
            ));
            out
        }
    };
    emit(None, |w| Ok(w.write_all(text.as_bytes())?))?;
    Ok(u8::from(!r.passed))
}

#[derive(Args)]
pub(crate) struct VotersArgs {
    /// The voter register (选民名单): id_number, unit_code, category, residence_since, consent.
    #[arg(long)]
    register: PathBuf,
    /// The election day where the units table gives none.
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// Vetting records: deprivations of political rights bar voting. May be given several
    /// times (one file per department).
    #[arg(long)]
    records: Vec<PathBuf>,
    /// Written proxy votes (委托投票): unit_code, principal, proxy (AV-05).
    #[arg(long)]
    proxies: Option<PathBuf>,
    /// Family facts, to check that each proxy is a close relative of the principal. May be
    /// given several times.
    #[arg(long)]
    relations: Vec<PathBuf>,
    /// Units: election days, the list's publication date, registered voters.
    #[arg(long)]
    units: Option<PathBuf>,
    /// People: a recorded sex or birth date contradicting a voter's ID number is reported.
    #[arg(long)]
    people: Option<PathBuf>,
    /// A built-in pack name, or a pack file (.toml/.json).
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// text (the clerk's report), json (one document), jsonl or csv (the findings), xlsx (a
    /// workbook: summary, units, findings; needs --output).
    #[arg(long, default_value = "text", value_parser = voters_formats)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    privacy: Privacy,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_voters(a: VotersArgs) -> Result<u8, Fatal> {
    xlsx_needs_file(a.format, a.output.as_deref())?;
    let pack = load_pack(&a.pack)?;
    let opts = a.reading.options();
    let register = read_table(&a.register, "register", &opts)?;
    let opt =
        |p: &Option<PathBuf>, t: &str| p.as_deref().map(|p| read_table(p, t, &opts)).transpose();
    let records = read_tables(&a.records, "records", &opts)?;
    let proxies = opt(&a.proxies, "proxies")?;
    let relations = read_tables(&a.relations, "relations", &opts)?;
    let units = opt(&a.units, "units")?;
    let people = opt(&a.people, "people")?;
    let report = voters_tables(
        VotersTables {
            register: input(&register),
            records: records.as_ref().map(input),
            units: units.as_ref().map(input),
            proxies: proxies.as_ref().map(input),
            relations: relations.as_ref().map(input),
            people: people.as_ref().map(input),
        },
        &pack,
        a.as_of,
    );
    let sources = provenance(&[
        Some(&register),
        records.as_ref(),
        units.as_ref(),
        proxies.as_ref(),
        relations.as_ref(),
        people.as_ref(),
    ]);
    let report = report.map_err(|e| located(e, &sources))?;
    let sources = sources.for_voters();
    let infos = infos(&[
        Some(&register),
        records.as_ref(),
        proxies.as_ref(),
        relations.as_ref(),
        units.as_ref(),
        people.as_ref(),
    ]);
    let audit = Audit::new(&pack, a.as_of, infos);
    let mask = a.privacy.mask_ids;
    // Written a chunk of findings at a time (text masks ID numbers unless asked not to).
    let (format, mask) = match a.format {
        f @ (Format::Json | Format::Jsonl | Format::Csv | Format::Xlsx) => (f, mask),
        _ => (Format::Text, !a.privacy.show_ids),
    };
    emit(a.output.as_deref(), |mut w| {
        t::write_voters(&report, &audit, (format, mask), &sources, &mut w)?;
        Ok(())
    })?;
    let clear = report
        .findings
        .iter()
        .all(|f| f.severity == huanjie::Severity::Warning);
    Ok(u8::from(!clear))
}

#[derive(Clone, Copy, ValueEnum)]
enum ByLevel {
    Unit,
    Township,
    County,
    Prefecture,
    Province,
}

/// The tables the statistics read, as `stats` and `report` take them.
#[derive(Args)]
pub(crate) struct StatsInputArgs {
    /// People: education (sex and age come from the ID numbers).
    #[arg(long)]
    people: PathBuf,
    /// The roster of the term: its elected members (status elected).
    #[arg(long)]
    roster: PathBuf,
    /// The election day where the units table gives none (ages are taken on it).
    #[arg(long, value_parser = parse_day)]
    pub(crate) as_of: NaiveDate,
    /// Only roster rows of this term (届次, the year it began).
    #[arg(long)]
    pub(crate) term: Option<u16>,
    /// Units: kinds, election days, units without elected members, and the round's facts (new
    /// and complex units, running funds, the round's status).
    #[arg(long)]
    units: Option<PathBuf>,
    /// First-round tallies: participation.
    #[arg(long)]
    tallies: Option<PathBuf>,
    /// Votes (with --tallies): the count, for first-ballot success.
    #[arg(long, requires = "tallies")]
    votes: Option<PathBuf>,
    /// A built-in pack name, or a pack file: the count's rules and the backgrounds (来源).
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// The previous term's roster: re-elected and new members; with --previous-as-of, every
    /// figure against the previous term's and the "两升一降" verdict.
    #[arg(long)]
    previous: Option<PathBuf>,
    /// The previous term's election day: its ages are taken on it, not on --as-of.
    #[arg(long, requires = "previous", value_parser = parse_day)]
    pub(crate) previous_as_of: Option<NaiveDate>,
    /// Division names (`code,name,level,parent` CSV) instead of the bundled Ningxia table.
    #[arg(long)]
    divisions: Option<PathBuf>,
}

/// The statistics' tables as read, with the pack and the division names.
pub(crate) struct StatsFiles {
    pub(crate) people: super::Loaded,
    pub(crate) roster: super::Loaded,
    pub(crate) units: Option<super::Loaded>,
    tallies: Option<super::Loaded>,
    previous: Option<super::Loaded>,
    votes: Option<super::Loaded>,
    pub(crate) pack: huanjie::RulePack,
    names: huanjie::stats::DivisionNames,
}

impl StatsInputArgs {
    /// Reads the tables given, the pack and the division names.
    pub(crate) fn read(&self, reading: &Reading) -> Result<StatsFiles, Fatal> {
        let opts = reading.options();
        let opt = |p: &Option<PathBuf>, t: &str| {
            p.as_deref().map(|p| read_table(p, t, &opts)).transpose()
        };
        Ok(StatsFiles {
            people: read_table(&self.people, "people", &opts)?,
            roster: read_table(&self.roster, "roster", &opts)?,
            units: opt(&self.units, "units")?,
            tallies: opt(&self.tallies, "tallies")?,
            previous: opt(&self.previous, "roster")?,
            votes: opt(&self.votes, "votes")?,
            pack: load_pack(&self.pack)?,
            names: division_names(self.divisions.as_deref(), reading)?,
        })
    }
}

impl StatsFiles {
    /// The tables read, in the order they are named.
    pub(crate) fn tables(&self) -> [Option<&super::Loaded>; 6] {
        [
            Some(&self.people),
            Some(&self.roster),
            self.units.as_ref(),
            self.tallies.as_ref(),
            self.votes.as_ref(),
            self.previous.as_ref(),
        ]
    }

    /// The statistics (and, with `previous_as_of`, the changes); an error names the file and
    /// line it comes from.
    pub(crate) fn stats(
        &self,
        options: &huanjie::stats::StatsOptions,
        previous_as_of: Option<NaiveDate>,
    ) -> Result<t::StatsResult, Fatal> {
        Ok(t::stats_tables(
            t::StatsTables {
                people: input(&self.people),
                roster: input(&self.roster),
                units: self.units.as_ref().map(input),
                tallies: self.tallies.as_ref().map(input),
                previous: self.previous.as_ref().map(input),
                votes: self.votes.as_ref().map(input),
            },
            options,
            previous_as_of,
            &self.names,
            &self.pack,
        )
        .map_err(|e| located(e, &provenance(&self.tables())))?)
    }
}

#[derive(Args)]
pub(crate) struct StatsArgs {
    #[command(flatten)]
    tables: StatsInputArgs,
    /// One level only (default: every level, unit to province).
    #[arg(long, value_enum)]
    by: Option<ByLevel>,
    /// Decimals of the percentages and means.
    #[arg(long, default_value_t = 1)]
    decimals: u32,
    /// Age bands besides the default three (35 or under, 36–59, 60 or over): each n adds the
    /// share aged n or under (`--age-bands 40,45`: age_40_or_under, age_45_or_under).
    #[arg(long, value_parser = |t: &str| huanjie::stats::age_bands(t).map(AgeBands))]
    age_bands: Option<AgeBands>,
    /// text, json, csv (every figure, one row each), html (one self-contained report) or xlsx
    /// (a workbook: summary, figures, verdicts; needs --output).
    #[arg(long, default_value = "text", value_parser = stats_formats)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    reading: Reading,
}

/// Division names for reports: `--divisions` (a `code,name,level,parent` CSV, read within the
/// file limit), else the bundled Ningxia table.
pub(crate) fn division_names(
    path: Option<&std::path::Path>,
    reading: &Reading,
) -> Result<huanjie::stats::DivisionNames, Fatal> {
    let Some(p) = path else {
        return Ok(huanjie::stats::DivisionNames::ningxia());
    };
    let at = huanjie::Location {
        file: Some(p.display().to_string()),
        ..huanjie::Location::table("divisions")
    };
    let bytes = huanjie::table::read_bounded(p, reading.limits().file_bytes, &at)
        .map_err(|e| Fatal(e.to_string()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Fatal(format!("{at}: 不是 UTF-8 文本 not UTF-8 text")))?;
    let (names, unreadable) = huanjie::stats::DivisionNames::from_csv(&text);
    if unreadable > 0 {
        // (the groups of those lines print their codes without a name)
        eprintln!(
            "huanjie: {at}: {unreadable} 行区划代码无法识别，未采用 lines without a readable code left out"
        );
    }
    Ok(names)
}

/// `--age-bands`: the extra bands, sorted and distinct.
#[derive(Debug, Clone)]
pub(crate) struct AgeBands(Vec<u32>);

pub(crate) fn run_stats(a: StatsArgs) -> Result<u8, Fatal> {
    use huanjie::division::Level;
    use huanjie::stats::StatsOptions;
    xlsx_needs_file(a.format, a.output.as_deref())?;
    let files = a.tables.read(&a.reading)?;
    let mut options = StatsOptions::new(a.tables.as_of);
    options.term = a.tables.term;
    options.age_bands = a.age_bands.clone().map(|b| b.0).unwrap_or_default();
    if let Some(by) = a.by {
        options.levels = vec![match by {
            ByLevel::Unit => Level::Village,
            ByLevel::Township => Level::Township,
            ByLevel::County => Level::County,
            ByLevel::Prefecture => Level::Prefecture,
            ByLevel::Province => Level::Province,
        }];
    }
    let result = files.stats(&options, a.tables.previous_as_of)?;
    // Written figure by figure (HTML, a page to print, whole).
    let format = match a.format {
        f @ (Format::Html | Format::Json | Format::Csv | Format::Xlsx) => f,
        _ => Format::Text,
    };
    if format == Format::Html {
        // The page's head: the day(s), the pack and the files read.
        let mut head = huanjie::stats::HtmlHead::new(
            a.tables.as_of,
            &files.pack.name,
            infos(&files.tables())
                .iter()
                .map(|i| format!("{} ({})", i.name, i.table))
                .collect(),
        );
        head.previous_as_of = a.tables.previous_as_of;
        let page = huanjie::stats::stats_html_page(
            &result.report,
            result.changes.as_deref(),
            a.decimals,
            "换届统计 election statistics",
            &head,
        );
        emit(a.output.as_deref(), |w| Ok(w.write_all(page.as_bytes())?))?;
        return Ok(0);
    }
    emit(a.output.as_deref(), |mut w| {
        t::write_stats(&result, a.decimals, (format, a.tables.as_of), &mut w)?;
        Ok(())
    })?;
    Ok(0)
}
