//! The statistics as one self-contained HTML file: tables and inline SVG charts (figures by
//! county, the age structure, this term against the previous), no script, no network.

use super::{Change, Figure, KindFilter, StatsReport, two_up_one_down};
use crate::division::Level;
use chrono::NaiveDate;
use std::fmt::Write;

/// The colour of this term in tables and charts.
const THIS_TERM: &str = "#b22222";
/// The colour of the previous term in tables and charts.
const PREVIOUS_TERM: &str = "#4682b4";

/// What the head of the statistics page states: the day(s), the pack and the inputs — so that a
/// printed page says what it was computed from — and any parts added after the figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HtmlHead {
    /// The statistics' day (`as_of`).
    pub as_of: Option<NaiveDate>,
    /// The previous term's day, when the previous term was given.
    pub previous_as_of: Option<NaiveDate>,
    /// The rule pack's name.
    pub pack: Option<String>,
    /// The input files (or "Python tables"), one per entry.
    pub inputs: Vec<String>,
    /// Parts of HTML added after the figures (a demo's published-versus-computed table, a
    /// review's summary, the province's report): (heading, HTML body). The body is written as
    /// given: the caller escapes it.
    pub sections: Vec<(String, String)>,
}

impl HtmlHead {
    /// A head with the day, the pack and the inputs.
    pub fn new(as_of: NaiveDate, pack: &str, inputs: Vec<String>) -> Self {
        HtmlHead {
            as_of: Some(as_of),
            previous_as_of: None,
            pack: Some(pack.to_string()),
            inputs,
            sections: Vec::new(),
        }
    }
}

/// `s` with the characters HTML gives a meaning to escaped.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars in this term's colour: (label, value in percent, text).
fn bars(title: &str, rows: &[(String, f64, String)]) -> String {
    let coloured: Vec<(String, f64, String, &str)> = rows
        .iter()
        .map(|(l, v, t)| (l.clone(), *v, t.clone(), THIS_TERM))
        .collect();
    coloured_bars(title, &coloured, "")
}

/// Horizontal bars: (label, value in percent, text, colour), after a legend.
fn coloured_bars(title: &str, rows: &[(String, f64, String, &str)], legend: &str) -> String {
    let h = 22 * rows.len() + 30;
    let mut s = format!(
        "<figure><figcaption>{}{legend}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"{h}\" role=\"img\">",
        esc(title)
    );
    for (i, (label, v, text, colour)) in rows.iter().enumerate() {
        let y = 20 + 22 * i;
        let w = (v.clamp(0.0, 100.0) * 3.6).round();
        let _ = write!(
            s,
            "<text x=\"150\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text><rect x=\"160\" y=\"{}\" width=\"{w}\" height=\"16\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            y + 12,
            esc(label),
            y,
            165.0 + w,
            y + 12,
            esc(text)
        );
    }
    s.push_str("</svg></figure>");
    s
}

fn value(f: &Figure) -> f64 {
    f.ratio().percent_f64().unwrap_or(0.0)
}

/// The report as one HTML document (without a head naming the day, pack and inputs: see
/// [`stats_html_page`]).
pub fn stats_html(
    report: &StatsReport,
    changes: Option<&[Change]>,
    decimals: u32,
    title: &str,
) -> String {
    stats_html_page(report, changes, decimals, title, &HtmlHead::default())
}

/// The previous term's value of a change, `None` when the previous term's tables do not hold
/// the figure: a share or a mean with no denominator, a count of none (a previous roster
/// without supervision committees or group leaders holds no count of them — "—", never 0).
fn previous_held(c: &Change) -> bool {
    if super::is_count(c.figure) {
        c.previous.0 > 0
    } else {
        c.previous.1 > 0
    }
}

/// The report as one HTML document whose head states the day(s), the pack and the inputs;
/// this term and the previous are told apart by colour as well as by label; the head's
/// sections are added after the figures.
pub fn stats_html_page(
    report: &StatsReport,
    changes: Option<&[Change]>,
    decimals: u32,
    title: &str,
    head: &HtmlHead,
) -> String {
    let mut out =
        String::from("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
    out.push_str(&esc(title));
    out.push_str("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}td.l{text-align:left}figure{margin:1em 0}th.prev,td.prev{background:#eaf2fa;color:#1f4e79}td.cur{color:#b22222}p.head{color:#333}span.key{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 .8em;vertical-align:middle}</style></head><body>");
    let _ = write!(out, "<h1>{}</h1>", esc(title));
    let mut facts = Vec::new();
    if let Some(d) = head.as_of {
        facts.push(format!("统计日 as of {d}"));
    }
    if let Some(d) = head.previous_as_of {
        facts.push(format!("上届统计日 previous term as of {d}"));
    }
    if let Some(p) = &head.pack {
        facts.push(format!("规则包 pack {p}"));
    }
    if !head.inputs.is_empty() {
        facts.push(format!("输入 inputs: {}", head.inputs.join(", ")));
    }
    if !facts.is_empty() {
        let _ = write!(out, "<p class=\"head\">{}</p>", esc(&facts.join(" · ")));
    }
    let legend = format!(
        "<span class=\"key\" style=\"background:{THIS_TERM}\"></span>本届 this term<span class=\"key\" style=\"background:{PREVIOUS_TERM}\"></span>上届 previous term"
    );
    if changes.is_some() {
        let _ = write!(out, "<p class=\"head\">{legend}</p>");
    }
    // The top-level groups: the highest level present.
    let top = report.figures.iter().map(|f| f.level).min();
    let verdicts = changes.map(two_up_one_down).unwrap_or_default();
    for f in report
        .figures
        .iter()
        .filter(|f| Some(f.level) == top && f.figure == "units")
    {
        let name = f
            .name
            .as_deref()
            .map_or_else(|| f.code.to_string(), str::to_string);
        let verdict = verdicts
            .iter()
            .find(|v| v.1 == f.code && v.2 == f.kind)
            .and_then(|v| v.3)
            .map_or(String::new(), |v| {
                format!(" · 两升一降 {}", if v { "是 yes" } else { "否 no" })
            });
        let _ = write!(
            out,
            "<h2>{} {} · {}{}</h2><table><tr><th>指标 figure</th><th class=\"cur\">本届 this term</th><th>分子 num</th><th>分母 den</th>{}</tr>",
            esc(&name),
            f.code,
            f.kind.as_str(),
            esc(&verdict),
            if changes.is_some() {
                "<th class=\"prev\">上届 previous</th><th>变化 change</th><th>相对变化 relative</th>"
            } else {
                ""
            }
        );
        for g in report
            .figures
            .iter()
            .filter(|g| g.level == f.level && g.code == f.code && g.kind == f.kind)
        {
            let (zh, en) = g.labels();
            let pct = if g.is_share() { "%" } else { "" };
            let _ = write!(
                out,
                "<tr><td class=\"l\">{} {}</td><td class=\"cur\">{}{pct}</td><td>{}</td><td>{}</td>",
                esc(zh),
                esc(en),
                g.text(decimals).unwrap_or_else(|| "—".into()),
                g.num,
                g.den
            );
            if let Some(cs) = changes {
                let c = cs
                    .iter()
                    .find(|c| {
                        c.level == g.level
                            && c.code == g.code
                            && c.kind == g.kind
                            && c.figure == g.figure
                    })
                    .filter(|c| previous_held(c));
                let prev = c.map(|c| Figure {
                    num: c.previous.0,
                    den: c.previous.1,
                    ..g.clone()
                });
                let _ = write!(
                    out,
                    "<td class=\"prev\">{}</td><td>{}</td><td>{}</td>",
                    prev.and_then(|p| p.text(decimals))
                        .map_or_else(|| "—".into(), |t| format!("{t}{pct}")),
                    c.and_then(|c| c.change_text(decimals)).map_or_else(
                        || "—".into(),
                        |t| format!("{t}{}", if g.is_share() { " pp" } else { "" })
                    ),
                    c.and_then(|c| c.relative_text(decimals))
                        .map_or_else(|| "—".into(), |r| format!("{r}%"))
                );
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
        // The age structure of the group.
        let band = |k: &str| {
            report.figures.iter().find(|g| {
                g.level == f.level && g.code == f.code && g.kind == f.kind && g.figure == k
            })
        };
        let ages: Vec<(String, f64, String)> =
            ["age_35_or_under", "age_36_to_59", "age_60_or_over"]
                .iter()
                .filter_map(|k| band(k))
                .map(|g| {
                    (
                        g.labels().0.to_string(),
                        value(&g),
                        format!("{}%", g.text(decimals).unwrap_or_default()),
                    )
                })
                .collect();
        out.push_str(&bars("年龄结构 age structure", &ages));
        if let Some(cs) = changes {
            let mut rows = Vec::new();
            for k in [
                "women",
                "education_senior_secondary",
                "education_college",
                "cross_appointment",
                "one_shoulder",
            ] {
                if let Some(c) = cs.iter().find(|c| {
                    c.level == f.level
                        && c.code == f.code
                        && c.kind == f.kind
                        && c.figure == k
                        && c.current.1 > 0
                        && previous_held(c)
                }) {
                    let label = super::figure_labels(k).0;
                    let now = crate::ratio::Ratio::new(c.current.0, c.current.1);
                    let before = crate::ratio::Ratio::new(c.previous.0, c.previous.1);
                    if let (Some(b), Some(n)) = (before.percent_f64(), now.percent_f64()) {
                        rows.push((
                            format!("{label} 上届"),
                            b,
                            format!("{}%", before.percent_string(decimals).unwrap_or_default()),
                            PREVIOUS_TERM,
                        ));
                        rows.push((
                            format!("{label} 本届"),
                            n,
                            format!("{}%", now.percent_string(decimals).unwrap_or_default()),
                            THIS_TERM,
                        ));
                    }
                }
            }
            if !rows.is_empty() {
                out.push_str(&coloured_bars(
                    "本届与上届 this term and the previous",
                    &rows,
                    &format!(" {legend}"),
                ));
            }
        }
    }
    // Figures by county.
    for (key, title) in [
        ("women", "女性占比（按县） women by county"),
        ("one_shoulder", "“一肩挑”比例（按县） 一肩挑 by county"),
        (
            "education_college",
            "大专及以上（按县） college or above by county",
        ),
    ] {
        let rows: Vec<(String, f64, String)> = report
            .figures
            .iter()
            .filter(|f| f.level == Level::County && f.kind == KindFilter::All && f.figure == key)
            .map(|f| {
                (
                    f.name
                        .as_deref()
                        .map_or_else(|| f.code.to_string(), str::to_string),
                    value(&f),
                    format!("{}%", f.text(decimals).unwrap_or_default()),
                )
            })
            .collect();
        if !rows.is_empty() {
            out.push_str(&bars(title, &rows));
        }
    }
    for (heading, body) in &head.sections {
        let _ = write!(out, "<h2>{}</h2>{body}", esc(heading));
    }
    out.push_str("<p>huanjie ");
    out.push_str(crate::VERSION);
    out.push_str(" · 比例为分子÷分母，四舍五入 (num ÷ den, rounded half up); roll-ups add numerators and denominators.</p></body></html>\n");
    out
}
