//! HTML for notebooks: fragments that style only themselves. Every rule of their style sheet is
//! scoped to a wrapper element with the class [`CLASS`], so that a result shown in a notebook
//! never restyles the notebook (no `body`, `td` … selectors of its own). The standalone pages
//! (`StatsResult.to_html()`, `huanjie stats --format html`) keep their page-level styles.

use huanjie::Findings;
use huanjie::audit::Audit;
use pyo3::prelude::*;
use std::fmt::Write;

/// The class of the wrapper element every notebook fragment sits in.
pub(crate) const CLASS: &str = "huanjie-report";

/// Text escaped for HTML (element content and quoted attribute values).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Removes `/* … */` comments.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .find("*/")
            .map_or("", |j| &rest[i + 2 + j + 2..]);
    }
    out.push_str(rest);
    out
}

/// One selector scoped to the wrapper: the page's own elements (`html`, `body`, `:root`) stand
/// for the wrapper itself, every other selector applies inside it.
fn scope_selector(s: &str) -> String {
    let wrapper = format!(".{CLASS}");
    let boundary = |rest: &str| {
        rest.is_empty()
            || rest.starts_with(|c: char| {
                c.is_whitespace() || matches!(c, '>' | '+' | '~' | '.' | ':' | '[' | '#')
            })
    };
    if let Some(rest) = s.strip_prefix(&wrapper)
        && boundary(rest)
        && !rest.starts_with(':')
    {
        return s.to_string();
    }
    for root in ["html", "body", ":root"] {
        if let Some(rest) = s.strip_prefix(root)
            && boundary(rest)
        {
            // `html body td`: the second page element is the wrapper too.
            let rest = rest.trim_start();
            let rest = rest
                .strip_prefix("body")
                .filter(|r| boundary(r))
                .unwrap_or(rest);
            return if rest.is_empty() {
                wrapper
            } else if rest.starts_with(['.', ':', '[', '#']) {
                format!("{wrapper}{rest}")
            } else {
                format!("{wrapper} {}", rest.trim_start())
            };
        }
    }
    format!("{wrapper} {s}")
}

/// A style sheet with every rule scoped to the wrapper. At-rules (`@media`, `@import`, …) are
/// left out: the fragments need none.
pub(crate) fn scope_css(css: &str) -> String {
    let css = without_comments(css);
    let mut out = String::with_capacity(css.len() + 64);
    let mut rest = css.as_str();
    while let Some(open) = rest.find('{') {
        // (a statement such as `@import …;` before the rule is dropped)
        // (a stray `}` before the rule closes nothing: what precedes it is dropped too)
        let head = &rest[..open];
        let head = head.rsplit_once('}').map_or(head, |(_, s)| s);
        let selectors = head.rsplit_once(';').map_or(head, |(_, s)| s).trim();
        let after = &rest[open + 1..];
        if selectors.starts_with('@') {
            // The whole block, nested braces included.
            let mut depth = 1usize;
            let mut end = after.len();
            for (i, c) in after.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            rest = &after[end.min(after.len())..];
            continue;
        }
        let close = after.find('}').unwrap_or(after.len());
        let body = &after[..close];
        let scoped: Vec<String> = selectors
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(scope_selector)
            .collect();
        // (a rule whose body opens another brace is malformed: dropped)
        if !scoped.is_empty() && !body.contains('{') {
            let _ = write!(out, "{}{{{}}}", scoped.join(","), body.trim());
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out
}

/// The first `<tag …>…</tag>` of `page` (tag names in any case): where it starts, its content,
/// and where it ends. An element left open runs to the end of the page (as a browser reads it).
fn inside<'a>(page: &'a str, tag: &str) -> Option<(usize, &'a str, usize)> {
    // (ASCII lower-casing keeps every byte where it is)
    let lower = page.to_ascii_lowercase();
    let start = lower.find(&format!("<{tag}"))?;
    let content = lower[start..]
        .find('>')
        .map_or(page.len(), |i| start + i + 1);
    let (end, after) = match lower[content..].find(&format!("</{tag}")) {
        Some(i) => {
            let close = content + i;
            let after = lower[close..]
                .find('>')
                .map_or(page.len(), |j| close + j + 1);
            (close, after)
        }
        None => (page.len(), page.len()),
    };
    Some((start, &page[content..end], after))
}

/// A standalone HTML page as a notebook fragment: its body inside `<div class="huanjie-report">`
/// with its style sheets scoped to that element; the `<head>` (title, meta) is left out.
pub(crate) fn fragment(page: &str) -> String {
    let mut css = String::new();
    let mut rest = page;
    let mut stripped = String::with_capacity(page.len());
    while let Some((start, sheet, end)) = inside(rest, "style") {
        css.push_str(sheet);
        stripped.push_str(&rest[..start]);
        rest = &rest[end..];
    }
    stripped.push_str(rest);
    let body = match inside(&stripped, "body") {
        Some((_, body, _)) => body.to_string(),
        None => {
            // No body: everything but the head and the document's own tags.
            let mut s = stripped.clone();
            if let Some((start, _, end)) = inside(&s, "head") {
                s.replace_range(start..end, "");
            }
            for tag in ["<!DOCTYPE html>", "<!doctype html>", "</html>"] {
                s = s.replace(tag, "");
            }
            if let Some(start) = s.find("<html")
                && let Some(len) = s[start..].find('>')
            {
                s.replace_range(start..start + len + 1, "");
            }
            s
        }
    };
    // (`<` has no place in a style sheet: none may open or close an element)
    format!(
        "<div class=\"{CLASS}\"><style>{}</style>{}</div>",
        scope_css(&css).replace('<', ""),
        body.trim()
    )
}

/// A standalone HTML page (`StatsResult.to_html()`, the demo's report) as a notebook fragment
/// whose style applies only inside it.
#[pyfunction]
pub(crate) fn notebook_html(page: &str) -> String {
    fragment(page)
}

/// The style of the check's notebook view (scoped by [`fragment`]).
const CHECK_CSS: &str = "body{font-family:sans-serif}\
    table{border-collapse:collapse;margin:0.5em 0}\
    td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\
    th{background:#eee}td.n{text-align:right}\
    .cannot,.should_not{color:#b22222}.review{color:#b8860b}\
    p.more{color:#666}";

/// The check's notebook view: the summary (persons by outcome, findings by severity) and the
/// first `limit` findings (ID numbers masked; rule, severity and the messages), escaped.
pub(crate) fn check_html(
    summary: &huanjie::Summary,
    findings: &Findings,
    audit: &Audit,
    exit_code: i32,
    limit: usize,
) -> String {
    let mut out = String::from("<!DOCTYPE html><html><head><style>");
    out.push_str(CHECK_CSS);
    out.push_str("</style></head><body>");
    let _ = write!(
        out,
        "<p><b>huanjie check</b> · pack {} · as_of {} · exit code {exit_code}</p>",
        esc(&audit.pack.name),
        esc(&audit.as_of.to_string()),
    );
    out.push_str(
        "<table><tr><th>persons 人数</th><th>eligible 符合</th><th>ineligible 不符合</th>\
         <th>of which should_not 不宜</th><th>needs_review 待核</th><th>findings 发现</th></tr>",
    );
    let _ = write!(
        out,
        "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
         <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr></table>",
        summary.persons,
        summary.eligible,
        summary.ineligible,
        summary.should_not,
        summary.needs_review,
        summary.findings
    );
    if !summary.by_severity.is_empty() {
        let by: Vec<String> = summary
            .by_severity
            .iter()
            .map(|(k, v)| format!("{} {v}", esc(k)))
            .collect();
        let _ = write!(out, "<p>findings by severity: {}</p>", by.join(" · "));
    }
    if findings.is_empty() {
        out.push_str("<p>no findings 无发现</p>");
    } else {
        out.push_str(
            "<table><tr><th>id_number</th><th>row</th><th>rule</th><th>severity</th>\
             <th>message_zh</th><th>message_en</th></tr>",
        );
        for f in findings.iter().take(limit) {
            let sev = f.severity.as_str();
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
                f.id_number
                    .as_ref()
                    .map_or_else(String::new, |k| esc(&k.masked())),
                f.row.map_or_else(String::new, |r| r.to_string()),
                esc(&f.rule),
                esc(sev),
                esc(sev),
                esc(&f.message_zh()),
                esc(&f.message_en()),
            );
        }
        out.push_str("</table>");
        if findings.len() > limit {
            let _ = write!(
                out,
                "<p class=\"more\">… and {} more findings (res.findings has them all; ID numbers are masked here)</p>",
                findings.len() - limit
            );
        }
    }
    out.push_str("</body></html>");
    fragment(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_are_scoped() {
        let css = "body{margin:0}td,th{padding:1px}/* x */td.l{a:b}@media print{td{c:d}}\
                   html body p{e:f}body.dark td{g:h}";
        assert_eq!(
            scope_css(css),
            ".huanjie-report{margin:0}.huanjie-report td,.huanjie-report th{padding:1px}\
             .huanjie-report td.l{a:b}.huanjie-report p{e:f}.huanjie-report.dark td{g:h}"
        );
    }

    #[test]
    fn a_page_becomes_a_fragment() {
        let page = "<!DOCTYPE html><html><head><title>t</title><style>td{x:y}</style></head>\
                    <body><h1>t</h1></body></html>";
        assert_eq!(
            fragment(page),
            "<div class=\"huanjie-report\"><style>.huanjie-report td{x:y}</style><h1>t</h1></div>"
        );
        // an element left open runs to the end; tag names in any case
        assert_eq!(
            fragment("<BODY><p>x</p><Style>td{a:b}"),
            "<div class=\"huanjie-report\"><style>.huanjie-report td{a:b}</style><p>x</p></div>"
        );
    }
}
