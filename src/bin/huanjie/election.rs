//! Election-day commands: `count`, `apportion`, `recall`.

use super::{
    Fatal, IdFormat, Privacy, Reading, infos, input, load_pack, parse_day, read_table, write_out,
};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use huanjie::apportion::Method;
use huanjie::audit::Audit;
use huanjie::count::{CountReport, Entry, ROLES};
use huanjie::render::CountJson;
use huanjie::table::{CountTables, VotersTables, apportion_table, count_tables, voters_tables};
use std::path::PathBuf;

#[derive(Args)]
pub(crate) struct CountArgs {
    /// The tally sheets: one row per unit, body and round (1 first ballot, 2 另行选举).
    #[arg(long)]
    tallies: PathBuf,
    /// The votes: one row per candidate and role.
    #[arg(long)]
    votes: PathBuf,
    /// The election day for pack values where the units table gives none.
    #[arg(long, value_parser = parse_day)]
    as_of: NaiveDate,
    /// The roster: its candidates are the slate, so votes for anyone else are write-ins.
    #[arg(long)]
    roster: Option<PathBuf>,
    /// The voter register: its rows per unit are checked against the tallies' registered voters.
    #[arg(long)]
    register: Option<PathBuf>,
    /// Units: each unit's election day, and seats where a tally gives none.
    #[arg(long)]
    units: Option<PathBuf>,
    /// A built-in pack name, or a pack file (.toml/.json).
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    #[arg(long, value_enum, default_value = "text")]
    format: IdFormat,
    #[command(flatten)]
    privacy: Privacy,
    #[command(flatten)]
    reading: Reading,
}

fn who(e: &huanjie::count::Candidate, mask: bool) -> String {
    match e {
        huanjie::count::Candidate::Id(id) => {
            if mask {
                id.masked()
            } else {
                id.to_string()
            }
        }
        huanjie::count::Candidate::Name(n) => {
            let n = if mask {
                huanjie::id::mask_text(n)
            } else {
                n.to_string()
            };
            format!("{n} (另选他人 write-in)")
        }
    }
}

fn entries(list: &[Entry], mask: bool) -> String {
    list.iter()
        .map(|e| {
            format!(
                "{} {} {}票",
                e.role.label_zh(),
                who(&e.candidate, mask),
                e.votes
            )
        })
        .collect::<Vec<_>>()
        .join("，")
}

fn count_text(report: &CountReport, audit: &Audit, mask: bool) -> String {
    let mut out = format!(
        "huanjie count · 规则包 pack {} · 基准日 as of {}\n",
        audit.pack.name, audit.as_of
    );
    for r in &report.rounds {
        let state = if r.valid {
            "有效 valid".to_string()
        } else {
            let why: Vec<&str> = r.reasons.iter().map(|x| x.label_zh()).collect();
            format!("无效 invalid（{}）", why.join("；"))
        };
        out.push_str(&format!(
            "{} {} 第{}轮 round {} · {state} · 参选率 turnout {}% ({}/{})\n",
            r.unit_code,
            r.body.label_zh(),
            r.round,
            r.round,
            r.turnout().percent_string(1).unwrap_or_else(|| "—".into()),
            r.voted,
            r.registered
        ));
        if !r.elected.is_empty() {
            out.push_str(&format!("  当选 elected: {}\n", entries(&r.elected, mask)));
        }
        let left: Vec<String> = ROLES
            .iter()
            .zip(r.unfilled)
            .filter(|(_, n)| *n > 0)
            .map(|(role, n)| format!("{} {n}", role.label_zh()))
            .collect();
        if !left.is_empty() {
            out.push_str(&format!("  缺额 unfilled: {}\n", left.join("，")));
        }
        for t in &r.ties {
            let names: Vec<String> = t.candidates.iter().map(|c| who(c, mask)).collect();
            out.push_str(&format!(
                "  票数相同 tie for {} {} seat(s) at {} votes: {}\n",
                t.role.label_zh(),
                t.seats,
                t.votes,
                names.join("，")
            ));
        }
        if !r.runoff.is_empty() {
            out.push_str(&format!(
                "  另行选举候选人 second-round candidates: {}\n",
                entries(&r.runoff, mask)
            ));
        }
    }
    for f in &report.findings {
        let person = f
            .id_number
            .as_ref()
            .map(|k| format!(" {}", k.display(mask)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}{} {} {}｜{} / {}\n",
            f.unit_code.map(|c| c.to_string()).unwrap_or_default(),
            person,
            f.rule,
            f.severity.as_str(),
            f.message_zh(),
            f.message_en()
        ));
    }
    let s = &report.summary;
    out.push_str(&format!(
        "选举{}个 elections {} · 首轮有效 valid first round {} · 无效 invalid {} · 一次选举成功 first-ballot success {}% · 职数 seats {} · 当选 filled {} · 缺额 unfilled {} · 平票 ties {} · findings {}\n",
        s.elections,
        s.elections,
        s.valid_first_round,
        s.invalid,
        s.first_ballot_success.percent_string(1).unwrap_or_else(|| "—".into()),
        s.seats,
        s.filled,
        s.unfilled,
        s.ties,
        s.findings
    ));
    out
}

pub(crate) fn run_count(a: CountArgs) -> Result<u8, Fatal> {
    let pack = load_pack(&a.pack)?;
    let opts = a.reading.options();
    let tallies = read_table(&a.tallies, "tallies", &opts)?;
    let votes = read_table(&a.votes, "votes", &opts)?;
    let opt =
        |p: &Option<PathBuf>, t: &str| p.as_deref().map(|p| read_table(p, t, &opts)).transpose();
    let roster = opt(&a.roster, "roster")?;
    let register = opt(&a.register, "register")?;
    let units = opt(&a.units, "units")?;
    let report = count_tables(
        CountTables {
            tallies: input(&tallies),
            votes: input(&votes),
            roster: roster.as_ref().map(input),
            register: register.as_ref().map(input),
            units: units.as_ref().map(input),
        },
        &pack,
        a.as_of,
    )?;
    let infos = infos(&[
        Some(&tallies),
        Some(&votes),
        roster.as_ref(),
        register.as_ref(),
        units.as_ref(),
    ]);
    let audit = Audit::new(&pack, a.as_of, infos);
    let text = match a.format {
        IdFormat::Text => count_text(&report, &audit, !a.privacy.show_ids),
        IdFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&CountJson {
                report: &report,
                audit: &audit,
                mask: a.privacy.mask_ids,
            })?
        ),
    };
    write_out(None, text.as_bytes())?;
    Ok(u8::from(!report.all_clear()))
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    Hamilton,
    Dhondt,
    SainteLague,
    HuntingtonHill,
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Text,
    Json,
    Csv,
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
    #[arg(long, value_enum, default_value = "text")]
    format: TableFormat,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_apportion(a: ApportionArgs) -> Result<u8, Fatal> {
    let method = match a.method {
        MethodArg::Hamilton => Method::Hamilton,
        MethodArg::Dhondt => Method::DHondt,
        MethodArg::SainteLague => Method::SainteLague,
        MethodArg::HuntingtonHill => Method::HuntingtonHill,
    };
    let weights = read_table(&a.weights, "weights", &a.reading.options())?;
    let result = apportion_table(input(&weights), a.seats, method)?;
    let text = match a.format {
        TableFormat::Json => format!("{}\n", serde_json::to_string_pretty(&result)?),
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
            w.write_record(["group", "weight", "min_seats", "quota", "seats", "tie"])?;
            for s in &result.shares {
                w.write_record([
                    s.group.clone(),
                    s.weight.to_string(),
                    s.min_seats.to_string(),
                    format!("{:.4}", s.quota_f64()),
                    s.seats.to_string(),
                    s.tie.to_string(),
                ])?;
            }
            String::from_utf8_lossy(&w.into_inner().map_err(|e| Fatal(e.to_string()))?).into_owned()
        }
        TableFormat::Text => {
            let mut out = format!(
                "huanjie apportion · {} · {} seats\n",
                result.method, result.seats
            );
            for s in &result.shares {
                out.push_str(&format!(
                    "{}\t权重 weight {}\t份额 quota {:.4}\t名额 seats {}{}\n",
                    s.group,
                    s.weight,
                    s.quota_f64(),
                    s.seats,
                    if s.tie {
                        "\t平局 tie (broken by larger weight, then order)"
                    } else {
                        ""
                    }
                ));
            }
            out
        }
    };
    write_out(None, text.as_bytes())?;
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
    #[arg(long, value_enum, default_value = "text")]
    format: IdFormat,
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
    let text = match a.format {
        IdFormat::Json => format!("{}\n", serde_json::to_string_pretty(&r)?),
        IdFormat::Text => {
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
    write_out(None, text.as_bytes())?;
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
    /// Vetting records: deprivations of political rights bar voting.
    #[arg(long)]
    records: Option<PathBuf>,
    /// Written proxy votes (委托投票): unit_code, principal, proxy (AV-05).
    #[arg(long)]
    proxies: Option<PathBuf>,
    /// Family facts, to check that each proxy is a close relative of the principal.
    #[arg(long)]
    relations: Option<PathBuf>,
    /// Units: election days, the list's publication date, registered voters.
    #[arg(long)]
    units: Option<PathBuf>,
    /// People: a recorded sex or birth date contradicting a voter's ID number is reported.
    #[arg(long)]
    people: Option<PathBuf>,
    /// A built-in pack name, or a pack file (.toml/.json).
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    #[arg(long, value_enum, default_value = "text")]
    format: TableFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    privacy: Privacy,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_voters(a: VotersArgs) -> Result<u8, Fatal> {
    let pack = load_pack(&a.pack)?;
    let opts = a.reading.options();
    let register = read_table(&a.register, "register", &opts)?;
    let opt =
        |p: &Option<PathBuf>, t: &str| p.as_deref().map(|p| read_table(p, t, &opts)).transpose();
    let records = opt(&a.records, "records")?;
    let proxies = opt(&a.proxies, "proxies")?;
    let relations = opt(&a.relations, "relations")?;
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
    )?;
    let infos = infos(&[
        Some(&register),
        records.as_ref(),
        proxies.as_ref(),
        relations.as_ref(),
        units.as_ref(),
        people.as_ref(),
    ]);
    let audit = Audit::new(&pack, a.as_of, infos);
    let bytes = match a.format {
        TableFormat::Json => {
            let mut summary = serde_json::to_value(&report.summary)?;
            if let Some(o) = summary.as_object_mut() {
                o.insert("audit".into(), serde_json::to_value(&audit)?);
            }
            let findings: Vec<serde_json::Value> = report
                .findings
                .iter()
                .map(|f| huanjie::render::finding_json(f, &pack.name, a.privacy.mask_ids))
                .collect();
            let doc = serde_json::json!({
                "huanjie": huanjie::VERSION,
                "pack": audit.pack,
                "as_of": a.as_of,
                "summary": summary,
                "units": report.units,
                "findings": findings,
                "parameters": report.parameters,
            });
            format!("{}\n", serde_json::to_string_pretty(&doc)?).into_bytes()
        }
        TableFormat::Csv => {
            huanjie::table::findings_csv(&report.findings, &pack.name, a.privacy.mask_ids)?
        }
        TableFormat::Text => {
            let mask = !a.privacy.show_ids;
            let mut out = format!(
                "huanjie voters · 规则包 pack {} · 基准日 as of {}\n",
                pack.name, a.as_of
            );
            for f in report.findings.iter() {
                let place = match (f.rule.starts_with("AV-"), f.row) {
                    (true, Some(r)) => format!("proxies 第{}行/line {}", r + 2, r + 2),
                    (false, Some(r)) => format!("register 第{}行/line {}", r + 2, r + 2),
                    _ => f.unit_code.map(|c| c.to_string()).unwrap_or_default(),
                };
                let who = f
                    .id_number
                    .as_ref()
                    .map(|k| k.display(mask))
                    .unwrap_or_else(|| "—".into());
                out.push_str(&format!(
                    "{place} {who} {} {}｜{} / {}\n",
                    f.rule,
                    f.severity.as_str(),
                    f.message_zh(),
                    f.message_en()
                ));
            }
            for u in &report.units {
                out.push_str(&format!(
                    "{} 选举日 {} · 登记 rows {} · 有选举权 eligible {} · 不具备 ineligible {} · 需复核 needs_review {}\n",
                    u.unit_code.map(|c| c.to_string()).unwrap_or_else(|| "—".into()),
                    u.election_date.map(|d| d.to_string()).unwrap_or_default(),
                    u.rows,
                    u.eligible,
                    u.ineligible,
                    u.needs_review
                ));
            }
            let s = &report.summary;
            out.push_str(&format!(
                "共{}行 rows {} · eligible {} · ineligible {} · needs_review {} · 本单位重复 duplicated {} · 跨单位重复 in two units {} · findings {}\n",
                s.rows, s.rows, s.eligible, s.ineligible, s.needs_review, s.duplicated, s.in_two_units, s.findings
            ));
            out.into_bytes()
        }
    };
    super::write_out(a.output.as_deref(), &bytes)?;
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

#[derive(Clone, Copy, ValueEnum)]
enum StatsFormat {
    Text,
    Json,
    Csv,
    /// One self-contained HTML file: tables and inline SVG charts.
    Html,
}

#[derive(Args)]
pub(crate) struct StatsArgs {
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
    /// Units: kinds, election days, units without elected members.
    #[arg(long)]
    units: Option<PathBuf>,
    /// First-round tallies: participation.
    #[arg(long)]
    tallies: Option<PathBuf>,
    /// Votes (with --tallies): the count, for first-ballot success.
    #[arg(long, requires = "tallies")]
    votes: Option<PathBuf>,
    /// A built-in pack name, or a pack file: the count's rules.
    #[arg(long, default_value = huanjie::pack::DEFAULT_PACK)]
    pack: String,
    /// The previous term's roster: re-elected and new members; with --previous-as-of, every
    /// figure against the previous term's and the "两升一降" verdict.
    #[arg(long)]
    previous: Option<PathBuf>,
    /// The previous term's election day: its ages are taken on it, not on --as-of.
    #[arg(long, requires = "previous", value_parser = parse_day)]
    previous_as_of: Option<NaiveDate>,
    /// One level only (default: every level, unit to province).
    #[arg(long, value_enum)]
    by: Option<ByLevel>,
    /// Decimals of the percentages and means.
    #[arg(long, default_value_t = 1)]
    decimals: u32,
    /// Division names (`code,name,level,parent` CSV) instead of the bundled Ningxia table.
    #[arg(long)]
    divisions: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: StatsFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    reading: Reading,
}

pub(crate) fn run_stats(a: StatsArgs) -> Result<u8, Fatal> {
    use huanjie::division::Level;
    use huanjie::stats::{DivisionNames, StatsOptions};
    let opts = a.reading.options();
    let people = read_table(&a.people, "people", &opts)?;
    let roster = read_table(&a.roster, "roster", &opts)?;
    let opt =
        |p: &Option<PathBuf>, t: &str| p.as_deref().map(|p| read_table(p, t, &opts)).transpose();
    let units = opt(&a.units, "units")?;
    let tallies = opt(&a.tallies, "tallies")?;
    let previous = opt(&a.previous, "roster")?;
    let votes = opt(&a.votes, "votes")?;
    let pack = load_pack(&a.pack)?;
    let names = match &a.divisions {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Fatal(format!("cannot read {}: {e}", p.display())))?;
            DivisionNames::from_csv(&text).0
        }
        None => DivisionNames::ningxia(),
    };
    let mut options = StatsOptions::new(a.as_of);
    options.term = a.term;
    if let Some(by) = a.by {
        options.levels = vec![match by {
            ByLevel::Unit => Level::Village,
            ByLevel::Township => Level::Township,
            ByLevel::County => Level::County,
            ByLevel::Prefecture => Level::Prefecture,
            ByLevel::Province => Level::Province,
        }];
    }
    let result = huanjie::table::stats_tables(
        huanjie::table::StatsTables {
            people: input(&people),
            roster: input(&roster),
            units: units.as_ref().map(input),
            tallies: tallies.as_ref().map(input),
            previous: previous.as_ref().map(input),
            votes: votes.as_ref().map(input),
        },
        &options,
        a.previous_as_of,
        &names,
        &pack,
    )?;
    let report = &result.report;
    let changes: std::collections::HashMap<_, &huanjie::stats::Change> = result
        .changes
        .iter()
        .flatten()
        .map(|c| ((c.level, c.code, c.kind, c.figure), c))
        .collect();
    let verdicts: std::collections::HashMap<_, Option<bool>> = result
        .changes
        .as_deref()
        .map(huanjie::stats::two_up_one_down)
        .unwrap_or_default()
        .into_iter()
        .map(|(l, c, k, v)| ((l, c, k), v))
        .collect();
    let fig_text = |f: &huanjie::stats::Figure| {
        huanjie::table::figure_text(f, a.decimals).unwrap_or_else(|| "—".into())
    };
    let text = match a.format {
        StatsFormat::Html => huanjie::stats::stats_html(
            report,
            result.changes.as_deref(),
            a.decimals,
            "换届统计 election statistics",
        ),
        StatsFormat::Json => {
            let figures: Vec<serde_json::Value> = report
                .figures
                .iter()
                .map(|f| {
                    let mut v = serde_json::json!({
                        "level": f.level.as_str(), "code": f.code.to_string(), "name": f.name,
                        "kind": f.kind.as_str(), "figure": f.figure, "num": f.num, "den": f.den,
                        "text": huanjie::table::figure_text(f, a.decimals),
                    });
                    if let (Some(c), Some(o)) = (
                        changes.get(&(f.level, f.code, f.kind, f.figure)),
                        v.as_object_mut(),
                    ) {
                        o.insert(
                            "previous".into(),
                            serde_json::json!({"num": c.previous.0, "den": c.previous.1}),
                        );
                        o.insert("change".into(), c.change_text(a.decimals).into());
                        o.insert(
                            "change_relative_percent".into(),
                            c.relative_text(a.decimals).into(),
                        );
                    }
                    v
                })
                .collect();
            let verdict_json: Vec<serde_json::Value> = verdicts
                .iter()
                .map(|((l, c, k), v)| serde_json::json!({"level": l.as_str(), "code": c.to_string(), "kind": k.as_str(), "two_up_one_down": v}))
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&serde_json::json!({
                    "huanjie": huanjie::VERSION,
                    "as_of": a.as_of,
                    "decimals": a.decimals,
                    "skipped_invalid_id": report.skipped_invalid_id,
                    "skipped_no_unit": report.skipped_no_unit,
                    "figures": figures,
                    "two_up_one_down": verdict_json,
                }))?
            )
        }
        StatsFormat::Csv => {
            let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
            w.write_record([
                "level", "code", "name", "kind", "figure", "num", "den", "text",
            ])?;
            for f in &report.figures {
                w.write_record([
                    f.level.as_str().to_string(),
                    f.code.to_string(),
                    f.name.as_deref().unwrap_or_default().to_string(),
                    f.kind.as_str().to_string(),
                    f.figure.to_string(),
                    f.num.to_string(),
                    f.den.to_string(),
                    fig_text(f),
                ])?;
            }
            String::from_utf8_lossy(&w.into_inner().map_err(|e| Fatal(e.to_string()))?).into_owned()
        }
        StatsFormat::Text => {
            let mut out = format!("huanjie stats · 基准日 as of {}\n", a.as_of);
            let mut last: Option<(String, &str)> = None;
            for f in &report.figures {
                let head = (f.code.to_string(), f.kind.as_str());
                if last.as_ref() != Some(&head) {
                    let verdict = match verdicts.get(&(f.level, f.code, f.kind)) {
                        Some(Some(true)) => " · 两升一降 yes",
                        Some(Some(false)) => " · 两升一降 no",
                        _ => "",
                    };
                    out.push_str(&format!(
                        "{} {} {} · {}{verdict}\n",
                        f.level.as_str(),
                        f.code,
                        f.name.as_deref().unwrap_or_default(),
                        f.kind.as_str()
                    ));
                    last = Some(head);
                }
                let label = huanjie::stats::FIGURES
                    .iter()
                    .find(|x| x.0 == f.figure)
                    .map_or("", |x| x.1);
                let shown = if f.is_share() {
                    format!("{}% ({}/{})", fig_text(f), f.num, f.den)
                } else if f.figure == "mean_age" {
                    format!("{} ({}/{})", fig_text(f), f.num, f.den)
                } else {
                    fig_text(f)
                };
                let delta = changes
                    .get(&(f.level, f.code, f.kind, f.figure))
                    .map(|c| {
                        let unit = if c.is_share() { " pp" } else { "" };
                        format!(
                            " · 较上届 vs previous {}{unit}, {}",
                            c.change_text(a.decimals).unwrap_or_else(|| "—".into()),
                            c.relative_text(a.decimals)
                                .map_or_else(|| "—".into(), |r| format!("{r}%"))
                        )
                    })
                    .unwrap_or_default();
                out.push_str(&format!("  {label} {}: {shown}{delta}\n", f.figure));
            }
            if report.skipped_invalid_id + report.skipped_no_unit > 0 {
                out.push_str(&format!(
                    "未计入 left out: {} roster rows with an invalid ID number, {} without a unit code\n",
                    report.skipped_invalid_id, report.skipped_no_unit
                ));
            }
            out
        }
    };
    write_out(a.output.as_deref(), text.as_bytes())?;
    Ok(0)
}
