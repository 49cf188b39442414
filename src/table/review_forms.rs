//! The 候选人资格联审表 (docs/review.md "Documents"): one printable A4 page per candidate with
//! each department's conclusion and 文号, the findings with their legal source, and the boxes
//! for signatures and seals — one self-contained HTML file that a browser prints (or headless
//! Chromium turns into a PDF).

use super::review_collect::CollectedAnswers;
use super::review_ledger::{conclusion_text, reported_kinds};
use crate::check::CheckReport;
use crate::finding::{Finding, PersonKey};
use crate::review::{Conclusion, Manifest};
use crate::stats::escape_html as esc;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

const STYLE: &str = r#"
@page { size: A4 portrait; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; color: #000; }
.form { break-after: page; page-break-after: always; }
.form:last-of-type { break-after: auto; page-break-after: auto; }
h1 { text-align: center; font-size: 17pt; margin: 0 0 2mm 0; letter-spacing: 1pt; }
.meta { text-align: center; margin: 0 0 3mm 0; font-size: 9.5pt; }
h2 { font-size: 11.5pt; margin: 3mm 0 1.5mm 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 1.8mm; vertical-align: top; word-break: break-all; }
th { background: #eee; font-weight: bold; text-align: center; }
.who th { width: 16%; }
.depts col.d { width: 22%; } .depts col.c { width: 30%; } .depts col.n { width: 28%; } .depts col.s { width: 20%; }
.outcome { font-size: 12pt; font-weight: bold; margin: 3mm 0; }
.seal td { height: 30mm; width: 50%; }
.seal .date { display: block; text-align: right; margin-top: 18mm; }
.none { color: #444; }
.missing { font-weight: bold; margin: 2mm 0; }
@media screen { body { background: #ddd; } .form { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 14mm; box-shadow: 0 0 3mm #999; } }
"#;

/// The 文号 each candidate × department gave (by ID text, then department code), joined.
fn document_numbers(collected: &CollectedAnswers) -> HashMap<(String, String), Vec<Arc<str>>> {
    let mut out: HashMap<(String, String), Vec<Arc<str>>> = HashMap::new();
    for o in &collected.origins {
        if let (Some(id), Some(no)) = (&o.id_number, &o.document_no) {
            out.entry((id.full(), o.department.clone()))
                .or_default()
                .push(no.clone());
        }
    }
    out
}

/// The forms of a review as one HTML file: a page per candidate of `manifest`. `names` gives
/// names by ID number; `mask` masks ID numbers (as human-readable output does by default).
pub fn review_forms(
    manifest: &Manifest,
    collected: &CollectedAnswers,
    report: &CheckReport,
    names: &HashMap<String, Arc<str>>,
    mask: bool,
) -> String {
    let mut findings: HashMap<String, Vec<&Finding>> = HashMap::new();
    for f in report.findings.iter() {
        if let Some(k) = &f.id_number {
            findings.entry(k.full()).or_default().push(f);
        }
    }
    let outcomes: HashMap<String, &crate::finding::Outcome> = report
        .outcomes
        .iter()
        .filter_map(|o| o.id_number.as_ref().map(|k| (k.full(), o)))
        .collect();
    let kinds = reported_kinds(collected);
    let numbers = document_numbers(collected);
    let mut s = String::with_capacity(4096 * manifest.candidates.len().max(1));
    s.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>候选人资格联审表</title><style>");
    s.push_str(STYLE);
    s.push_str("</style></head><body>\n");
    for (i, c) in manifest.candidates.iter().enumerate() {
        let key = crate::id::ResidentId::parse(&c.id_number)
            .map_or_else(|_| PersonKey::Text(c.id_number.clone()), PersonKey::Id);
        let id = key.display(mask);
        let name = names.get(&c.id_number).map(|n| n.as_ref()).unwrap_or("");
        let _ = write!(
            s,
            "<section class=\"form\"><h1>村（社区）“两委”换届候选人资格联审表</h1>\
             <p class=\"meta\">基准日期 {} · 规则包 {} · 第 {} 份，共 {} 份</p>\
             <table class=\"who\"><tr><th>姓名</th><td>{}</td><th>身份证号码</th><td>{}</td></tr>\
             <tr><th>区划代码</th><td>{}</td><th>拟任职务</th><td>{}</td></tr></table>",
            manifest.as_of,
            esc(&manifest.pack),
            i + 1,
            manifest.candidates.len(),
            esc(name),
            esc(&id),
            esc(c.unit_code.as_deref().unwrap_or("")),
            esc(&c.role),
        );
        s.push_str("<h2>一、各联审部门意见</h2><table class=\"depts\"><colgroup><col class=\"d\"><col class=\"c\"><col class=\"n\"><col class=\"s\"></colgroup><tr><th>联审部门</th><th>结论</th><th>文号</th><th>经办人签字</th></tr>");
        let per = collected.assessment.conclusions.get(i);
        for (d, dept) in manifest.departments.iter().enumerate() {
            let conclusion = per.and_then(|p| p.get(d)).copied().unwrap_or_default();
            let k = (c.id_number.clone(), dept.code.clone());
            let text = conclusion_text(
                conclusion,
                kinds.get(&k).map(Vec::as_slice).unwrap_or_default(),
            );
            let nos = numbers
                .get(&k)
                .map(|v| v.iter().map(|x| x.as_ref()).collect::<Vec<_>>().join("；"))
                .unwrap_or_default();
            let class = if conclusion == Conclusion::Unanswered {
                " class=\"none\""
            } else {
                ""
            };
            let _ = write!(
                s,
                "<tr><td>{}</td><td{class}>{}</td><td>{}</td><td></td></tr>",
                esc(&dept.name_zh),
                esc(&text),
                esc(&nos)
            );
        }
        s.push_str("</table>");
        let unanswered: Vec<&str> = manifest
            .departments
            .iter()
            .enumerate()
            .filter(|(d, _)| {
                per.and_then(|p| p.get(*d)).copied().unwrap_or_default() == Conclusion::Unanswered
            })
            .map(|(_, dept)| dept.name_zh.as_str())
            .collect();
        if !unanswered.is_empty() {
            let _ = write!(
                s,
                "<p class=\"missing\">尚未答复的部门（{}个）：{}。各部门均答复前，不能视为通过联审（REVIEW-UNANSWERED）。</p>",
                unanswered.len(),
                esc(&unanswered.join("、"))
            );
        }
        s.push_str("<h2>二、审查发现</h2>");
        // (the unanswered departments are said above, once)
        let shown: Vec<&Finding> = findings
            .get(&c.id_number)
            .map(|l| {
                l.iter()
                    .copied()
                    .filter(|f| &*f.rule != crate::rules::codes::REVIEW_UNANSWERED)
                    .collect()
            })
            .unwrap_or_default();
        match Some(&shown) {
            Some(list) if !list.is_empty() => {
                s.push_str("<table><colgroup><col style=\"width:16%\"><col style=\"width:12%\"><col style=\"width:42%\"><col style=\"width:30%\"></colgroup><tr><th>规则</th><th>程度</th><th>说明</th><th>依据</th></tr>");
                for f in list {
                    let _ = write!(
                        s,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&f.rule),
                        esc(f.severity.label_zh()),
                        esc(&f.message_zh()),
                        esc(&f.reference)
                    );
                }
                s.push_str("</table>");
            }
            _ => s.push_str("<p class=\"none\">无</p>"),
        }
        let (outcome, from) = outcomes
            .get(&c.id_number)
            .map(|o| (o.outcome.label_zh(), o.eligible_from))
            .unwrap_or(("未审查", None));
        let _ = write!(s, "<p class=\"outcome\">联审结论：{outcome}");
        if let Some(d) = from {
            let _ = write!(s, "（{d}起可参选）");
        }
        s.push_str("</p><table class=\"seal\"><tr><td>乡镇（街道）党（工）委意见：<span class=\"date\">（盖章）　　年　　月　　日</span></td>\
                    <td>县级联审工作领导小组意见：<span class=\"date\">（盖章）　　年　　月　　日</span></td></tr></table></section>\n");
    }
    s.push_str("</body></html>\n");
    s
}
