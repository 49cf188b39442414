//! The report as plain text, Markdown, a self-contained HTML page (the styling of the
//! statistics page, no script, no network) and JSON; text and Markdown end with the table of
//! the numbers and their sources, HTML gives each number a tooltip and a footnote.

use super::model::{Report, ReportNumber, Segment};
use crate::stats::escape_html as esc;
use serde_json::{Value, json};
use std::fmt::Write;

/// The columns of the table of numbers.
const HEAD: [&str; 9] = [
    "#",
    "数字 number",
    "来源 figure",
    "级别 level",
    "代码 code",
    "范围 kind",
    "分子 num",
    "分母 den",
    "读法 reading",
];

fn row(i: usize, n: &ReportNumber) -> [String; 9] {
    let opt = |v: Option<u64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let mut den = opt(n.den);
    if let (Some(pn), Some(pd)) = (n.previous_num, n.previous_den) {
        let _ = write!(den, " (上届 previous {pn}/{pd})");
    }
    [
        (i + 1).to_string(),
        n.number.clone(),
        n.figure.clone(),
        n.level
            .map_or_else(|| "—".into(), |l| l.as_str().to_string()),
        n.code.map_or_else(|| "—".into(), |c| c.to_string()),
        n.kind
            .map_or_else(|| "—".into(), |k| k.as_str().to_string()),
        n.num.to_string(),
        den,
        n.reading.clone(),
    ]
}

/// A number's tooltip: its figure, group, num and den.
fn title(n: &ReportNumber) -> String {
    let mut t = n.figure.clone();
    if let (Some(l), Some(c), Some(k)) = (n.level, n.code, n.kind) {
        let _ = write!(t, " · {} {c} · {}", l.as_str(), k.as_str());
    }
    let _ = write!(t, " · num {}", n.num);
    if let Some(d) = n.den {
        let _ = write!(t, " · den {d}");
    }
    if let (Some(pn), Some(pd)) = (n.previous_num, n.previous_den) {
        let _ = write!(t, " · previous {pn}/{pd}");
    }
    let _ = write!(t, " · {}", n.reading);
    t
}

impl Report {
    /// The head line: the statistics' day and the previous term's.
    fn head(&self) -> String {
        let mut s = format!("统计日 as of {}", self.as_of);
        if let Some(p) = self.previous_as_of {
            let _ = write!(s, "；上届 previous term {p}");
        }
        let _ = write!(s, "；{} {}", self.level.as_str(), self.code);
        s
    }

    /// The paragraphs as plain text, one per line.
    pub fn paragraphs_text(&self) -> Vec<String> {
        self.paragraphs
            .iter()
            .map(|p| p.text(&self.numbers))
            .collect()
    }

    /// The report as plain text: the title, the head, the paragraphs, then the numbers and
    /// their sources.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n{}\n\n", self.title, self.head());
        for p in self.paragraphs_text() {
            out.push_str(&p);
            out.push('\n');
        }
        out.push_str("\n数字来源 sources of the numbers\n");
        out.push_str(&HEAD.join("\t"));
        out.push('\n');
        for (i, n) in self.numbers.iter().enumerate() {
            out.push_str(&row(i, n).join("\t"));
            out.push('\n');
        }
        out
    }

    /// The report as Markdown: a heading, the paragraphs, then a table of the numbers and
    /// their sources.
    pub fn markdown(&self) -> String {
        let cell = |s: &str| s.replace('|', "\\|");
        let mut out = format!("# {}\n\n{}\n\n", cell(&self.title), self.head());
        for p in self.paragraphs_text() {
            out.push_str(&p);
            out.push_str("\n\n");
        }
        out.push_str("## 数字来源 Sources of the numbers\n\n| ");
        out.push_str(&HEAD.join(" | "));
        out.push_str(" |\n|");
        out.push_str(&"---|".repeat(HEAD.len()));
        out.push('\n');
        for (i, n) in self.numbers.iter().enumerate() {
            let r = row(i, n);
            out.push_str("| ");
            out.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
            out.push_str(" |\n");
        }
        out
    }

    /// The report as one self-contained HTML page: each number with a tooltip naming its
    /// figure, num and den, and a footnote to the table of sources.
    pub fn html(&self) -> String {
        let mut out = String::from(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>",
        );
        out.push_str(&esc(&self.title));
        out.push_str("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}td.l{text-align:left}p.s{line-height:1.8}span.n{border-bottom:1px dotted #b22222;color:#b22222}sup a{text-decoration:none;color:#555}</style></head><body>");
        out.push_str(&self.html_body());
        out.push_str("</body></html>\n");
        out
    }

    /// The report as a piece of HTML (a heading, the paragraphs, the sources), for a page
    /// that holds other parts too.
    pub fn html_body(&self) -> String {
        let mut out = format!("<h2>{}</h2><p>{}</p>", esc(&self.title), esc(&self.head()));
        for p in &self.paragraphs {
            out.push_str("<p class=\"s\">");
            for s in &p.segments {
                match s {
                    Segment::Text(t) => out.push_str(&esc(t)),
                    Segment::Number(i) => {
                        if let Some(n) = self.numbers.get(*i) {
                            let _ = write!(
                                out,
                                "<span class=\"n\" title=\"{}\">{}</span><sup><a href=\"#n{}\">{}</a></sup>",
                                esc(&title(n)),
                                esc(&n.number),
                                i + 1,
                                i + 1
                            );
                        }
                    }
                }
            }
            out.push_str("</p>");
        }
        out.push_str("<h3>数字来源 sources of the numbers</h3><table><tr>");
        for h in HEAD {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr>");
        for (i, n) in self.numbers.iter().enumerate() {
            let _ = write!(out, "<tr id=\"n{}\">", i + 1);
            for (j, c) in row(i, n).iter().enumerate() {
                let class = if matches!(j, 2 | 8) {
                    " class=\"l\""
                } else {
                    ""
                };
                let _ = write!(out, "<td{class}>{}</td>", esc(c));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
        out
    }

    /// The report as a JSON value: `{title, level, code, name, as_of, previous_as_of,
    /// paragraphs: [{topic, text, numbers}], numbers: [{number, figure, level, code, kind,
    /// num, den, previous_num, previous_den, reading}]}` (docs/schema/report.json).
    pub fn to_value(&self) -> Value {
        let paragraphs: Vec<Value> = self
            .paragraphs
            .iter()
            .map(|p| {
                json!({
                    "topic": p.topic,
                    "text": p.text(&self.numbers),
                    "numbers": p.segments.iter().filter_map(|s| match s {
                        Segment::Number(i) => Some(*i),
                        Segment::Text(_) => None,
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
        let numbers: Vec<Value> = self
            .numbers
            .iter()
            .map(|n| {
                json!({
                    "number": n.number,
                    "figure": n.figure,
                    "level": n.level.map(|l| l.as_str()),
                    "code": n.code.map(|c| c.to_string()),
                    "kind": n.kind.map(|k| k.as_str()),
                    "num": n.num,
                    "den": n.den,
                    "previous_num": n.previous_num,
                    "previous_den": n.previous_den,
                    "reading": n.reading,
                })
            })
            .collect();
        json!({
            "title": self.title,
            "level": self.level.as_str(),
            "code": self.code.to_string(),
            "name": self.name,
            "as_of": self.as_of.to_string(),
            "previous_as_of": self.previous_as_of.map(|d| d.to_string()),
            "paragraphs": paragraphs,
            "numbers": numbers,
        })
    }

    /// The report as pretty-printed JSON (see [`Report::to_value`]).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.to_value()).unwrap_or_default();
        s.push('\n');
        s
    }
}
