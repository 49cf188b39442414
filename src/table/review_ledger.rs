//! The 联审台账 (docs/review.md "Documents"): one row per candidate with each department's
//! conclusion and the outcome, and a second sheet with every finding — the ledger a county
//! keeps of its joint review.

use super::review_collect::CollectedAnswers;
use crate::check::CheckReport;
use crate::finding::{OutcomeKind, PersonKey};
use crate::review::{Conclusion, Manifest};
use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A department's conclusion on one candidate as the ledger writes it: 无, the record kinds
/// it reported, 未答复, or 需核实 (an answer a person must read).
pub fn conclusion_text(c: Conclusion, kinds: &[Arc<str>]) -> String {
    match c {
        Conclusion::Unanswered => "未答复".into(),
        Conclusion::NoRecord => "无".into(),
        Conclusion::Unclear => "需核实".into(),
        Conclusion::Records => {
            let mut seen: Vec<&str> = Vec::new();
            for k in kinds {
                if !seen.contains(&k.as_ref()) {
                    seen.push(k);
                }
            }
            if seen.is_empty() {
                "有".into()
            } else {
                format!("有：{}", seen.join("、"))
            }
        }
    }
}

/// The record kinds each candidate × department reported (by candidate ID text, then
/// department code).
pub(super) fn reported_kinds(
    collected: &CollectedAnswers,
) -> HashMap<(String, String), Vec<Arc<str>>> {
    let mut out: HashMap<(String, String), Vec<Arc<str>>> = HashMap::new();
    for o in &collected.origins {
        if let Some(id) = &o.id_number {
            out.entry((id.full(), o.department.clone()))
                .or_default()
                .extend(o.kind.clone());
        }
    }
    out
}

/// The 联审台账 of a review as an XLSX workbook's bytes: `names` gives each candidate's name
/// by ID number (full IDs: the ledger is the county's own record).
pub fn review_ledger(
    manifest: &Manifest,
    collected: &CollectedAnswers,
    report: &CheckReport,
    names: &HashMap<String, Arc<str>>,
) -> Result<Vec<u8>, XlsxError> {
    // (a sheet holds 1,048,576 rows: a larger review is an error, never a ledger cut short)
    if manifest.candidates.len() > super::EXCEL_ROWS as usize - 2
        || report.findings.len() > super::EXCEL_ROWS as usize - 1
    {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut book = Workbook::new();
    ledger_sheet(book.add_worksheet(), manifest, collected, report, names)?;
    findings_sheet(book.add_worksheet(), report, names)?;
    book.save_to_buffer()
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color("#DDEBF7")
}

fn ledger_sheet(
    sheet: &mut Worksheet,
    manifest: &Manifest,
    collected: &CollectedAnswers,
    report: &CheckReport,
    names: &HashMap<String, Arc<str>>,
) -> Result<(), XlsxError> {
    sheet.set_name("联审台账")?;
    let cell = Format::new().set_border(FormatBorder::Thin);
    let text = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("@");
    let date = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("yyyy-mm-dd");
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let mut headers: Vec<String> = ["序号", "区划代码", "姓名", "身份证号码", "拟任职务"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(manifest.departments.iter().map(|d| d.name_zh.clone()));
    headers.extend(
        ["联审结论", "适用规则", "可参选日期"]
            .iter()
            .map(|s| s.to_string()),
    );
    let last = (headers.len() - 1) as u16;
    sheet.merge_range(
        0,
        0,
        0,
        last,
        &format!(
            "村（社区）“两委”换届候选人县级联审台账（基准日期 {}）",
            manifest.as_of
        ),
        &title,
    )?;
    let head = header_format();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, h, &head)?;
    }
    let outcomes: HashMap<String, &crate::finding::Outcome> = report
        .outcomes
        .iter()
        .filter_map(|o| o.id_number.as_ref().map(|k| (k.full(), o)))
        .collect();
    let kinds = reported_kinds(collected);
    let first_dept = 5u16;
    let outcome_col = first_dept + manifest.departments.len() as u16;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() * 2).collect();
    for (i, c) in manifest.candidates.iter().enumerate() {
        let r = 2 + i as u32;
        let name = names.get(&c.id_number).map(|n| n.as_ref()).unwrap_or("");
        let row_cells: [(&str, &Format); 4] = [
            (c.unit_code.as_deref().unwrap_or(""), &text),
            (name, &text),
            (&c.id_number, &text),
            (&c.role, &text),
        ];
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        for (j, (v, f)) in row_cells.iter().enumerate() {
            sheet.write_string_with_format(r, 1 + j as u16, *v, f)?;
            widen(&mut widths, 1 + j, v);
        }
        let per = collected.assessment.conclusions.get(i);
        for (d, dept) in manifest.departments.iter().enumerate() {
            let conclusion = per.and_then(|p| p.get(d)).copied().unwrap_or_default();
            let k = kinds
                .get(&(c.id_number.clone(), dept.code.clone()))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let t = conclusion_text(conclusion, k);
            widen(&mut widths, first_dept as usize + d, &t);
            sheet.write_string_with_format(r, first_dept + d as u16, &t, &cell)?;
        }
        let o = outcomes.get(&c.id_number);
        let (label, rules, from) = match o {
            Some(o) => (
                o.outcome.label_zh(),
                o.rules
                    .iter()
                    .map(|r| r.as_ref())
                    .collect::<Vec<_>>()
                    .join("、"),
                o.eligible_from,
            ),
            None => ("未审查", String::new(), None),
        };
        sheet.write_string_with_format(r, outcome_col, label, &cell)?;
        sheet.write_string_with_format(r, outcome_col + 1, &rules, &cell)?;
        widen(&mut widths, outcome_col as usize + 1, &rules);
        match from {
            Some(d) => {
                sheet.write_datetime_with_format(r, outcome_col + 2, excel_date(d)?, &date)?;
            }
            None => {
                sheet.write_blank(r, outcome_col + 2, &cell)?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    let n = manifest.candidates.len() as u32;
    if n > 0 {
        for (text, color) in [
            (OutcomeKind::Ineligible.label_zh(), "#F8CBAD"),
            (OutcomeKind::NeedsReview.label_zh(), "#FFE699"),
            (OutcomeKind::Eligible.label_zh(), "#C6EFCE"),
        ] {
            let rule = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::Contains(text.to_string()))
                .set_format(Format::new().set_background_color(color));
            sheet.add_conditional_format(2, outcome_col, 1 + n, outcome_col, &rule)?;
        }
        let unanswered = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains("未答复".into()))
            .set_format(Format::new().set_font_color("#C00000"));
        sheet.add_conditional_format(2, first_dept, 1 + n, outcome_col - 1, &unanswered)?;
    }
    sheet.set_freeze_panes(2, 4)?;
    sheet.autofilter(1, 0, 1 + n.max(1), last)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_repeat_rows(0, 1)?;
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A day as Excel stores it.
pub(super) fn excel_date(
    d: chrono::NaiveDate,
) -> Result<rust_xlsxwriter::ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

fn widen(widths: &mut [usize], col: usize, text: &str) {
    let w: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    if let Some(x) = widths.get_mut(col) {
        *x = (*x).max(w);
    }
}

fn findings_sheet(
    sheet: &mut Worksheet,
    report: &CheckReport,
    names: &HashMap<String, Arc<str>>,
) -> Result<(), XlsxError> {
    sheet.set_name("审查发现")?;
    let head = header_format();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let headers = [
        "序号",
        "区划代码",
        "姓名",
        "身份证号码",
        "规则",
        "严重程度",
        "说明",
        "依据",
        "可参选日期",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        let r = 1 + i as u32;
        let id = f
            .id_number
            .as_ref()
            .map(PersonKey::full)
            .unwrap_or_default();
        let name = names.get(&id).map(|n| n.as_ref()).unwrap_or("");
        let unit = f.unit_code.map(|u| u.to_string()).unwrap_or_default();
        let values = [
            unit.as_str(),
            name,
            id.as_str(),
            f.rule.as_ref(),
            f.severity.label_zh(),
            &f.message_zh(),
            f.reference.as_ref(),
        ]
        .map(str::to_string);
        sheet.write_number(r, 0, (i + 1) as f64)?;
        for (j, v) in values.iter().enumerate() {
            sheet.write_string_with_format(r, 1 + j as u16, v, &text)?;
            let w: usize = v.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            let e = widths.entry(1 + j).or_insert(0);
            *e = (*e).max(w);
        }
        if let Some(d) = f.eligible_from {
            sheet.write_datetime_with_format(r, 8, excel_date(d)?, &date)?;
        }
    }
    for (c, h) in headers.iter().enumerate() {
        let w = widths
            .get(&c)
            .copied()
            .unwrap_or(0)
            .max(h.chars().count() * 2);
        sheet.set_column_width(c as u16, (w as f64 + 2.0).clamp(6.0, 70.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        report.findings.len().max(1) as u32,
        (headers.len() - 1) as u16,
    )?;
    Ok(())
}
