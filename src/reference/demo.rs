//! The demo: huanjie's whole pipeline on the reference data set — the joint review with
//! avoidance, the register check, the count, the statistics against the previous term — and
//! the seed report's figures set beside what the pipeline computed.

use super::{AS_OF, DATASET, PACK, PREVIOUS_AS_OF, ReferenceData, TERM};
use crate::check::{CheckOptions, CheckReport, ScreenedOut};
use crate::count::CountReport;
use crate::division::{DivisionCode, Level};
use crate::error::{Error, Location};
use crate::pack::RulePack;
use crate::ratio::Ratio;
use crate::stats::{DivisionNames, KindFilter, StatsOptions, two_up_one_down};
use crate::table::{
    CheckTables, CountTables, StatsResult, StatsTables, TableInput, VotersTables, check_tables,
    count_tables, stats_tables, voters_tables,
};
use crate::voters::VotersReport;
use serde::Serialize;
use serde_json::Value;

/// The seed report's figures as published (`ningxia-2021-figures.json`).
pub const PUBLISHED_FIGURES: &str = include_str!("ningxia-2021-figures.json");

/// One published figure beside the pipeline's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DemoFigure {
    /// The dotted path in the figures file (`women_percent.village_committee_directors`).
    pub key: String,
    /// Chinese label.
    pub label_zh: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// As published.
    pub published: Value,
    /// As computed, rounded at the published precision (`null`: not computable from the
    /// election's tables).
    pub computed: Value,
    /// The published precision: decimals of a percentage, 0 for a count, −4 for a count
    /// published in 万 (to 10,000).
    pub decimals: i32,
    /// Whether the computed figure, rounded half up at that precision, equals the published
    /// one (`None`: not computed).
    #[serde(rename = "match")]
    pub matches: Option<bool>,
    /// The exact numerator and denominator behind the computed figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<(u64, u64)>,
    /// How the published figure is read from the pipeline's results (which figure, which
    /// units, which comparison).
    pub reading: String,
}

/// Everything the demo ran, and the figures.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DemoRun {
    /// The joint review (negative list, statutory bars, avoidance, composition).
    pub check: CheckReport,
    /// The voter register and the proxies.
    pub voters: VotersReport,
    /// The count.
    pub count: CountReport,
    /// The count of nominations (提名) into formal candidates, and who took part.
    pub nominations: crate::nominate::NominationReport,
    /// The statistics and their change against the previous term.
    pub stats: StatsResult,
    /// The screened-out persons, by why.
    pub screened: ScreenedOut,
    /// The seed report's figures beside the computed ones.
    pub figures: Vec<DemoFigure>,
    /// The pack used.
    pub pack: RulePack,
}

impl DemoRun {
    /// Whether every computable figure matches.
    pub fn all_match(&self) -> bool {
        self.figures.iter().all(|f| f.matches != Some(false))
    }

    /// The province's report (the summary a civil-affairs department publishes) of the run:
    /// the statistics against the previous term, the review's screened-out persons and the
    /// nominators, at the seed report's precision (`None` when the statistics hold no figure).
    pub fn report(&self) -> Option<crate::report::Report> {
        let mut inputs = crate::report::ReportInputs::new(&self.stats.report);
        inputs.changes = self.stats.changes.as_deref();
        inputs.screened = Some(&self.screened);
        inputs.nominations = Some(&self.nominations);
        let mut options = crate::report::ReportOptions::new(super::AS_OF);
        options.previous_as_of = Some(PREVIOUS_AS_OF);
        crate::report::province_report(inputs, &options)
    }
}

/// What a published figure is, and how the pipeline computes it.
enum Source {
    /// A statistics figure at the province for villages or communities: its share, or its
    /// numerator when a count.
    Stat(&'static str, KindFilter),
    /// The numerator of a statistics figure at the province (a head count of a share).
    StatNum(&'static str, KindFilter),
    /// A mean at the province, rounded at the published precision (in 万: to 10,000).
    Mean(&'static str, KindFilter),
    /// A least value at the province, which must be at least the published one.
    AtLeast(&'static str, KindFilter),
    /// The change of a figure's numerator against the previous term, at the province
    /// (persons).
    HeadCountChange(&'static str, KindFilter),
    /// Distinct persons who nominated as these kinds of nominator, over every unit (the sum
    /// of the kinds' totals), to 1,000 (published as 4.8万).
    Nominators(&'static [crate::nominate::NominatorKind]),
    /// The number of divisions at a level with units.
    Divisions(Level),
    /// Voters who voted in the first round, rounded to 10,000.
    TookPart,
    /// The review's screened-out persons: negative list (true) or avoidance only (false).
    Screened(bool),
    /// The negative list's items in the pack.
    NegativeItems,
    /// 两升一降 at the province.
    Trend,
}

const FIGURES: &[(&str, &str, &str, Source)] = &[
    (
        "units.villages",
        "村委会（个）",
        "villages",
        Source::Stat("units", KindFilter::Village),
    ),
    (
        "units.communities",
        "居委会（个）",
        "communities",
        Source::Stat("units", KindFilter::Community),
    ),
    (
        "units.prefectures",
        "地级市（个）",
        "prefecture-level cities",
        Source::Divisions(Level::Prefecture),
    ),
    (
        "units.counties",
        "县（市、区）",
        "county-level divisions",
        Source::Divisions(Level::County),
    ),
    (
        "voters_took_part",
        "参加投票选民（人）",
        "voters who took part",
        Source::TookPart,
    ),
    (
        "participation_rate_percent.village_committees",
        "村委会选举参选率",
        "participation, village committees",
        Source::Stat("participation", KindFilter::Village),
    ),
    (
        "participation_rate_percent.residents_committees",
        "居委会选举参选率",
        "participation, residents' committees",
        Source::Stat("participation", KindFilter::Community),
    ),
    (
        "one_shoulder_percent.villages",
        "村“一肩挑”比例",
        "一肩挑, villages",
        Source::Stat("one_shoulder", KindFilter::Village),
    ),
    (
        "one_shoulder_percent.communities",
        "社区“一肩挑”比例",
        "一肩挑, communities",
        Source::Stat("one_shoulder", KindFilter::Community),
    ),
    (
        "women_percent.village_committee_members",
        "村委会成员中女性占比",
        "women among village-committee members",
        Source::Stat("women_committee", KindFilter::Village),
    ),
    (
        "women_percent.village_committee_directors",
        "村委会主任中女性占比",
        "women among village-committee directors",
        Source::Stat("women_directors", KindFilter::Village),
    ),
    (
        "screened_out.joint_review_negative_list",
        "联审不合格（负面清单、法定条件）",
        "screened out by the joint review",
        Source::Screened(true),
    ),
    (
        "screened_out.close_relative_avoidance",
        "近亲属回避",
        "screened out only by close-relative avoidance",
        Source::Screened(false),
    ),
    (
        "negative_list_items",
        "负面清单条目",
        "items of the negative list",
        Source::NegativeItems,
    ),
    (
        "supervision_committees.villages",
        "村务监督委员会（个）",
        "village supervision committees",
        Source::Stat("supervision_committees", KindFilter::Village),
    ),
    (
        "supervision_committees.communities",
        "居务监督委员会（个）",
        "community supervision committees",
        Source::Stat("supervision_committees", KindFilter::Community),
    ),
    (
        "group_leaders",
        "村（居）民小组长",
        "group leaders",
        Source::Stat("group_leaders", KindFilter::All),
    ),
    (
        "took_part_in_nomination.representatives",
        "参与提名的代表",
        "representatives who took part in nominating",
        Source::Nominators(&[
            crate::nominate::NominatorKind::VillagerRepresentative,
            crate::nominate::NominatorKind::ResidentRepresentative,
        ]),
    ),
    (
        "took_part_in_nomination.residents",
        "参与提名的居民",
        "residents who took part in nominating",
        Source::Nominators(&[crate::nominate::NominatorKind::Resident]),
    ),
    (
        "new_communities",
        "新设社区",
        "new communities",
        Source::StatNum("units_new", KindFilter::Community),
    ),
    (
        "additional_subsidised_members",
        "新增享受补贴人员",
        "additional subsidised members",
        Source::HeadCountChange("subsidised", KindFilter::All),
    ),
    (
        "complex_villages",
        "情况复杂村",
        "villages with complex situations",
        Source::StatNum("units_complex", KindFilter::Village),
    ),
    (
        "village_running_funds_yuan.before",
        "村级运转经费（换届前）",
        "village running funds before (yuan)",
        Source::Mean("mean_funds_before", KindFilter::Village),
    ),
    (
        "village_running_funds_yuan.after_at_least",
        "村级运转经费（换届后，不低于）",
        "village running funds after, at least (yuan)",
        Source::AtLeast("min_funds_after", KindFilter::Village),
    ),
    (
        "trend",
        "两升一降",
        "education and women up, mean age down",
        Source::Trend,
    ),
];

fn lookup<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(v, |v, k| v.get(k))
}

/// The decimals a published number is written with (`9.83` → 2, `90.0` → 1, `959` → 0).
fn decimals_of(v: &Value) -> i32 {
    let text = v.to_string();
    text.split_once('.').map_or(0, |(_, d)| d.len() as i32)
}

/// A published percentage as an integer scaled by 10^decimals (`9.83` → 983), exactly.
fn scaled(v: &Value, decimals: i32) -> Option<u128> {
    let text = v.to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits = String::from(int);
    digits.push_str(frac);
    digits.extend(std::iter::repeat_n(
        '0',
        (decimals as usize).saturating_sub(frac.len()),
    ));
    digits.parse().ok()
}

fn number(scaled: u128, decimals: i32) -> Value {
    Ratio::scaled_text(scaled, decimals.max(0) as u32)
        .parse::<serde_json::Number>()
        .map_or(Value::Null, Value::Number)
}

/// Runs the pipeline on `data` and compares the seed report's figures.
pub fn demo(data: &ReferenceData) -> Result<DemoRun, Error> {
    let pack = RulePack::builtin(PACK)?;
    let input = |name: &'static str| -> Result<(&[arrow_array::RecordBatch], Location), Error> {
        let at = Location {
            table: name.to_string(),
            file: Some(format!("{DATASET} (seed {})", data.seed)),
            ..Location::default()
        };
        let batch = data.table(name).ok_or_else(|| {
            Error::Input(crate::error::InputError::bad(
                at.clone(),
                crate::error::ProblemKind::MissingReference,
                format!("the reference data set has no {name} table"),
            ))
        })?;
        Ok((std::slice::from_ref(batch), at))
    };
    let names = [
        "people",
        "roster",
        "records",
        "relations",
        "units",
        "register",
        "proxies",
        "tallies",
        "votes",
        "previous",
        "nominations",
    ];
    let loaded: Vec<(&[arrow_array::RecordBatch], Location)> =
        names.iter().map(|n| input(n)).collect::<Result<_, _>>()?;
    let t = |name: &str| -> TableInput<'_> {
        let i = names.iter().position(|n| *n == name).unwrap_or(0);
        TableInput {
            batches: loaded[i].0,
            at: &loaded[i].1,
        }
    };
    let check = check_tables(
        CheckTables {
            people: t("people"),
            roster: Some(t("roster")),
            records: Some(t("records")),
            relations: Some(t("relations")),
            units: Some(t("units")),
        },
        &pack,
        CheckOptions::new(AS_OF),
    )?;
    let voters = voters_tables(
        VotersTables {
            register: t("register"),
            records: Some(t("records")),
            units: Some(t("units")),
            proxies: Some(t("proxies")),
            relations: Some(t("relations")),
            people: None,
        },
        &pack,
        AS_OF,
    )?;
    let count = count_tables(
        CountTables {
            tallies: t("tallies"),
            votes: t("votes"),
            roster: Some(t("roster")),
            register: Some(t("register")),
            units: Some(t("units")),
        },
        &pack,
        AS_OF,
    )?;
    let nominations = crate::table::nomination_tables(
        crate::table::NominationTables {
            nominations: t("nominations"),
            units: Some(t("units")),
        },
        &pack,
        AS_OF,
    )?;
    let mut options = StatsOptions::new(AS_OF);
    options.term = u16::try_from(TERM).ok();
    let stats = stats_tables(
        StatsTables {
            people: t("people"),
            roster: t("roster"),
            units: Some(t("units")),
            tallies: Some(t("tallies")),
            previous: Some(t("previous")),
            votes: Some(t("votes")),
        },
        &options,
        Some(PREVIOUS_AS_OF),
        &DivisionNames::ningxia(),
        &pack,
    )?;
    let screened = check.screened_out();
    let published: Value = serde_json::from_str(PUBLISHED_FIGURES).unwrap_or(Value::Null);
    let province = DivisionCode::parse("640000").ok();
    let stat = |figure: &str, kind: KindFilter| {
        stats.report.figures.iter().find(|f| {
            f.level == Level::Province
                && Some(f.code) == province
                && f.kind == kind
                && f.figure == figure
        })
    };
    let trend = stats.changes.as_ref().and_then(|c| {
        two_up_one_down(c)
            .into_iter()
            .find(|(l, code, k, _)| {
                *l == Level::Province && Some(*code) == province && *k == KindFilter::All
            })
            .and_then(|x| x.3)
    });
    let mut figures = Vec::new();
    for (key, zh, en, source) in FIGURES {
        let Some(p) = lookup(&published, key) else {
            continue;
        };
        let mut decimals = decimals_of(p);
        let count_match = |n: u64| (Value::from(n), Some(Some(n) == p.as_u64()), Some((n, 1)));
        let (computed, matches, exact) = match source {
            Source::Stat(figure, kind) => match stat(figure, *kind) {
                Some(f) if crate::stats::is_count(f.figure) => count_match(f.num),
                Some(f) => {
                    let got = Ratio::new(f.num, f.den).percent_scaled(decimals as u32);
                    (
                        got.map_or(Value::Null, |g| number(g, decimals)),
                        Some(got.is_some() && got == scaled(p, decimals)),
                        Some((f.num, f.den)),
                    )
                }
                None => (Value::Null, Some(false), None),
            },
            Source::Divisions(level) => {
                let n = stats
                    .report
                    .figures
                    .iter()
                    .filter(|f| {
                        f.level == *level && f.kind == KindFilter::All && f.figure == "units"
                    })
                    .count() as u64;
                count_match(n)
            }
            Source::TookPart => {
                decimals = -4;
                match stat("participation", KindFilter::All) {
                    Some(f) => {
                        let rounded = (f.num + 5_000) / 10_000 * 10_000;
                        (
                            Value::from(rounded),
                            Some(Some(rounded) == p.as_u64()),
                            Some((f.num, 1)),
                        )
                    }
                    None => (Value::Null, Some(false), None),
                }
            }
            Source::Screened(negative) => count_match(if *negative {
                screened.negative_list
            } else {
                screened.avoidance_only
            }),
            Source::NegativeItems => count_match(
                pack.items
                    .iter()
                    .filter(|i| i.code.starts_with("NEG-") && i.in_force(AS_OF))
                    .count() as u64,
            ),
            Source::Trend => (
                trend.map_or(Value::Null, |t| {
                    Value::from(if t {
                        "两升一降"
                    } else {
                        "not 两升一降"
                    })
                }),
                Some(trend == Some(true)),
                None,
            ),
            Source::StatNum(figure, kind) => match stat(figure, *kind) {
                Some(f) => (
                    Value::from(f.num),
                    Some(Some(f.num) == p.as_u64()),
                    Some((f.num, f.den)),
                ),
                None => (Value::Null, Some(false), None),
            },
            Source::Mean(figure, kind) => {
                decimals = -4;
                match stat(figure, *kind).filter(|f| f.den > 0) {
                    Some(f) => {
                        // Half up to 10,000 (the seed writes 11万).
                        let step = 10_000u128 * u128::from(f.den);
                        let rounded = ((u128::from(f.num) * 2 + step) / (2 * step) * 10_000) as u64;
                        (
                            Value::from(rounded),
                            Some(Some(rounded) == p.as_u64()),
                            Some((f.num, f.den)),
                        )
                    }
                    None => (Value::Null, Some(false), None),
                }
            }
            Source::AtLeast(figure, kind) => match stat(figure, *kind).filter(|f| f.den > 0) {
                Some(f) => (
                    Value::from(f.num),
                    Some(p.as_u64().is_some_and(|least| f.num >= least)),
                    Some((f.num, f.den)),
                ),
                None => (Value::Null, Some(false), None),
            },
            Source::HeadCountChange(figure, kind) => {
                let change = stats.changes.as_ref().and_then(|cs| {
                    cs.iter().find(|c| {
                        c.level == Level::Province
                            && Some(c.code) == province
                            && c.kind == *kind
                            && c.figure == *figure
                    })
                });
                match change.and_then(|c| c.head_count_change().map(|n| (n, c))) {
                    Some((n, c)) => (
                        Value::from(i64::try_from(n).unwrap_or(i64::MAX)),
                        Some(i64::try_from(n).ok() == p.as_i64()),
                        Some((c.current.0, c.previous.0)),
                    ),
                    None => (Value::Null, Some(false), None),
                }
            }
            Source::Nominators(kinds) => {
                decimals = -3;
                let persons: u64 = nominations
                    .participation
                    .iter()
                    .filter(|p| p.unit_code.is_none() && p.kind.is_some_and(|k| kinds.contains(&k)))
                    .map(|p| p.persons)
                    .sum();
                let rounded = (persons + 500) / 1_000 * 1_000;
                (
                    Value::from(rounded),
                    Some(Some(rounded) == p.as_u64()),
                    Some((persons, 1)),
                )
            }
        };
        figures.push(DemoFigure {
            key: (*key).to_string(),
            label_zh: zh,
            label_en: en,
            published: p.clone(),
            computed,
            decimals,
            matches,
            exact,
            reading: reading(source),
        });
    }
    Ok(DemoRun {
        check,
        voters,
        count,
        nominations,
        stats,
        screened,
        figures,
        pack,
    })
}

/// How a published figure is read (the `reading` of [`DemoFigure`]).
fn reading(source: &Source) -> String {
    let at = |figure: &str, kind: &KindFilter| {
        let units = match kind {
            KindFilter::All => "villages and communities",
            KindFilter::Village => "villages",
            KindFilter::Community => "communities",
        };
        format!("stats figure `{figure}`, province 640000, {units}")
    };
    match source {
        Source::Stat(f, k) if crate::stats::is_count(f) => format!("{}: the count, equal", at(f, k)),
        Source::Stat(f, k) => format!(
            "{}: the share in percent, half up at the published decimals",
            at(f, k)
        ),
        Source::StatNum(f, k) => format!("{}: its numerator (a head count), equal", at(f, k)),
        Source::Mean(f, k) => format!("{}: the mean, half up to 10,000 (published in 万)", at(f, k)),
        Source::AtLeast(f, k) => format!(
            "{}: the least value, at least the published one",
            at(f, k)
        ),
        Source::HeadCountChange(f, k) => format!(
            "{}: this term's numerator less the previous term's (persons), equal",
            at(f, k)
        ),
        Source::Divisions(l) => format!(
            "the number of {} codes with units in the tables, equal",
            l.as_str()
        ),
        Source::TookPart => {
            "stats figure `participation`, province, all units: its numerator (voters who voted in the first round), half up to 10,000 (published as 272万)".into()
        }
        Source::Screened(true) => {
            "the joint review: persons screened out by the negative list or a statutory bar, equal".into()
        }
        Source::Screened(false) => {
            "the joint review: persons screened out by close-relative avoidance only, equal".into()
        }
        Source::NegativeItems => "the pack's NEG- items in force on as_of, equal".into(),
        Source::Trend => {
            "两升一降 at the province: education (senior secondary or above) and women up, mean age down, against the previous term".into()
        }
        Source::Nominators(kinds) => format!(
            "the count of nominations: distinct persons who nominated as {}, over every unit (the kinds' totals added), half up to 1,000 (published as 4.8万 / 1.8万)",
            kinds
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

/// A published or computed figure as the text of a cell: `—` when there is none.
fn shown(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The demo as a document (`huanjie demo --format json`): `{dataset, seed, pack, synthetic,
/// figures}`.
pub fn demo_document(data: &ReferenceData, run: &DemoRun) -> crate::table::Document {
    crate::table::Document::new()
        .value("dataset", DATASET)
        .value("seed", data.seed)
        .value("pack", run.pack.name.as_str())
        .value("synthetic", true)
        .serialized("figures", &run.figures)
}

/// The demo's HTML report (`report.html` of `huanjie demo --out`, `hj.demo()`): the statistics
/// with a head naming the days, the pack and the inputs (the synthetic tables), then the
/// province's report (every number with its source), the published figures beside the
/// computed ones (key, labels, published, computed, match, reading) and the joint review's
/// summary (persons, outcomes, screened out by why).
pub fn demo_html(data: &ReferenceData, run: &DemoRun) -> String {
    use crate::stats::escape_html as esc;
    use std::fmt::Write;
    let mut head = crate::stats::HtmlHead::new(
        AS_OF,
        &run.pack.name,
        data.tables
            .iter()
            .map(|(name, b)| {
                format!(
                    "{name} ({} rows, {DATASET} seed {})",
                    b.num_rows(),
                    data.seed
                )
            })
            .collect(),
    );
    head.previous_as_of = Some(PREVIOUS_AS_OF);
    if let Some(r) = run.report() {
        head.sections.push((
            "省级换届工作情况 the province's report".into(),
            r.html_body(),
        ));
    }
    let mut table = String::from(
        "<table><tr><th>key</th><th>指标</th><th>figure</th><th>公布 published</th><th>计算 computed</th><th>一致 match</th><th>读法 reading</th></tr>",
    );
    for f in &run.figures {
        let matched = match f.matches {
            Some(true) => "✓ yes",
            Some(false) => "✗ no",
            None => "—",
        };
        let _ = write!(
            table,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td></tr>",
            esc(&f.key),
            esc(f.label_zh),
            esc(f.label_en),
            esc(&shown(&f.published)),
            esc(&shown(&f.computed)),
            matched,
            esc(&f.reading)
        );
    }
    table.push_str("</table>");
    head.sections
        .push(("公布数与计算数 published and computed".into(), table));
    let c = &run.check.summary;
    let mut review = String::from("<table><tr><th>项目 item</th><th>人数 persons</th></tr>");
    for (label, n) in [
        ("审查人数 persons vetted", c.persons),
        ("合格 eligible", c.eligible),
        ("不合格 ineligible", c.ineligible),
        ("其中仅不宜 of which should-not only", c.should_not),
        ("待核实 needs review", c.needs_review),
        (
            "联审排查不合格（负面清单、法定条件） screened out: negative list",
            run.screened.negative_list,
        ),
        (
            "因近亲属回避 screened out: avoidance only",
            run.screened.avoidance_only,
        ),
        ("其他原因 screened out: other", run.screened.other),
        ("发现 findings", c.findings),
    ] {
        let _ = write!(
            review,
            "<tr><td class=\"l\">{}</td><td>{n}</td></tr>",
            esc(label)
        );
    }
    review.push_str("</table>");
    head.sections.push(("联审 the joint review".into(), review));
    crate::stats::stats_html_page(
        &run.stats.report,
        run.stats.changes.as_deref(),
        1,
        "宁夏 2020–21 换届统计（合成参考数据） Ningxia 2020–21 round, synthetic reference data",
        &head,
    )
}

/// The figures as a table (`figures.csv` of `huanjie demo --out`): key, labels, published,
/// computed (as text, `—` for none), decimals, match, reading (how the figure is read).
pub fn figures_batch(run: &DemoRun) -> Result<arrow_array::RecordBatch, arrow_schema::ArrowError> {
    use arrow_array::{ArrayRef, BooleanArray, Int32Array, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    let f = &run.figures;
    let text = |g: &dyn Fn(&DemoFigure) -> String| -> ArrayRef {
        std::sync::Arc::new(f.iter().map(|x| Some(g(x))).collect::<StringArray>())
    };
    let cols: Vec<ArrayRef> = vec![
        text(&|x| x.key.clone()),
        text(&|x| x.label_zh.to_string()),
        text(&|x| x.label_en.to_string()),
        text(&|x| shown(&x.published)),
        text(&|x| shown(&x.computed)),
        std::sync::Arc::new(f.iter().map(|x| Some(x.decimals)).collect::<Int32Array>()),
        std::sync::Arc::new(f.iter().map(|x| x.matches).collect::<BooleanArray>()),
        text(&|x| x.reading.clone()),
    ];
    let schema = Schema::new(vec![
        Field::new("key", DataType::Utf8, false),
        Field::new("label_zh", DataType::Utf8, false),
        Field::new("label_en", DataType::Utf8, false),
        Field::new("published", DataType::Utf8, false),
        Field::new("computed", DataType::Utf8, false),
        Field::new("decimals", DataType::Int32, false),
        Field::new("match", DataType::Boolean, true),
        Field::new("reading", DataType::Utf8, false),
    ]);
    arrow_array::RecordBatch::try_new(std::sync::Arc::new(schema), cols)
}
