//! The statistics as a document (`stats --format json`, `hj.stats(...).to_json()`) and as the
//! clerk's text: every figure per level, unit and kind with its text at the chosen decimals, and
//! with a previous term, its change and the "两升一降" verdict.

use super::document::Document;
use super::stats_out::{StatsResult, figure_text};
use chrono::NaiveDate;
use std::collections::HashMap;

type FigureKey = (
    crate::division::Level,
    crate::division::DivisionCode,
    crate::stats::KindFilter,
    &'static str,
);
type GroupKey = (
    crate::division::Level,
    crate::division::DivisionCode,
    crate::stats::KindFilter,
);

/// Each figure's change, by its key.
fn changes_by_key(result: &StatsResult) -> HashMap<FigureKey, &crate::stats::Change> {
    result
        .changes
        .iter()
        .flatten()
        .map(|c| ((c.level, c.code, c.kind, c.figure), c))
        .collect()
}

/// The "两升一降" verdicts in the statistics' own order (level, code, kind).
pub(super) fn verdicts(result: &StatsResult) -> Vec<(GroupKey, Option<bool>)> {
    result
        .changes
        .as_deref()
        .map(crate::stats::two_up_one_down)
        .unwrap_or_default()
        .into_iter()
        .map(|(l, c, k, v)| ((l, c, k), v))
        .collect()
}

/// `{huanjie, as_of, decimals, skipped_invalid_id, skipped_no_unit, unreadable_unit_days,
/// figures, two_up_one_down}`;
/// a figure with a previous term's value also carries `previous`, `change` and
/// `change_relative_percent`.
pub fn stats_document(result: &StatsResult, decimals: u32, as_of: NaiveDate) -> Document {
    let changes = changes_by_key(result);
    let figures: Vec<serde_json::Value> = result
        .report
        .figures
        .iter()
        .map(|f| figure_json(f, &changes, decimals))
        .collect();
    stats_head(result, decimals, as_of)
        .value("figures", figures)
        .value("two_up_one_down", verdicts_json(result))
}

/// [`stats_document`] written figure by figure (the same bytes as [`super::write_json`] of it,
/// pretty): the figures are never all held as JSON values.
pub fn write_stats_json(
    result: &StatsResult,
    decimals: u32,
    as_of: NaiveDate,
    out: &mut impl std::io::Write,
) -> Result<(), arrow_schema::ArrowError> {
    let changes = changes_by_key(result);
    let mut json = super::write::JsonParts::new(out, true)?;
    json.document(&stats_head(result, decimals, as_of))?;
    json.table_begin("figures")?;
    for f in &result.report.figures {
        json.item(&figure_json(f, &changes, decimals))?;
    }
    json.table_end()?;
    json.value("two_up_one_down", &verdicts_json(result).into())?;
    json.finish()
}

/// The document's parts before the figures.
pub(super) fn stats_head(result: &StatsResult, decimals: u32, as_of: NaiveDate) -> Document {
    let report = &result.report;
    Document::new()
        .value("huanjie", crate::VERSION)
        .serialized("as_of", &as_of)
        .value("decimals", decimals)
        .value("skipped_invalid_id", report.skipped_invalid_id)
        .value("skipped_no_unit", report.skipped_no_unit)
        .value("unreadable_unit_days", report.unreadable_unit_days)
        .serialized("unreadable", &report.unreadable)
}

/// The "两升一降" verdicts as JSON objects.
fn verdicts_json(result: &StatsResult) -> Vec<serde_json::Value> {
    verdicts(result)
        .into_iter()
        .map(|((l, c, k), v)| serde_json::json!({"level": l.as_str(), "code": c.to_string(), "kind": k.as_str(), "two_up_one_down": v}))
        .collect()
}

/// One figure as a JSON object, with its change where there is one.
fn figure_json(
    f: &crate::stats::Figure,
    changes: &HashMap<FigureKey, &crate::stats::Change>,
    decimals: u32,
) -> serde_json::Value {
    let mut v = serde_json::json!({
        "level": f.level.as_str(), "code": f.code.to_string(), "name": f.name,
        "kind": f.kind.as_str(), "figure": f.figure, "num": f.num, "den": f.den,
        "text": figure_text(f, decimals),
    });
    if let (Some(c), Some(o)) = (
        changes.get(&(f.level, f.code, f.kind, f.figure)),
        v.as_object_mut(),
    ) {
        o.insert(
            "previous".into(),
            serde_json::json!({"num": c.previous.0, "den": c.previous.1}),
        );
        o.insert("change".into(), c.change_text(decimals).into());
        o.insert(
            "change_num".into(),
            c.head_count_change()
                .and_then(|n| i64::try_from(n).ok())
                .into(),
        );
        o.insert(
            "change_relative_percent".into(),
            c.relative_text(decimals).into(),
        );
    }
    v
}

/// The statistics as the clerk reads them: a heading per level, unit and kind (with its
/// "两升一降" verdict), a line per figure (with its change against the previous term).
pub fn stats_text(result: &StatsResult, decimals: u32, as_of: NaiveDate) -> String {
    let mut out = String::new();
    // (writing to a String cannot fail)
    let _ = write_stats_text(result, decimals, as_of, &mut out);
    out
}

/// [`stats_text`] written to `out` line by line (the command-line tool streams it).
pub fn write_stats_text(
    result: &StatsResult,
    decimals: u32,
    as_of: NaiveDate,
    out: &mut impl std::fmt::Write,
) -> std::fmt::Result {
    let report = &result.report;
    let changes = changes_by_key(result);
    let verdicts: HashMap<GroupKey, Option<bool>> = verdicts(result).into_iter().collect();
    let fig_text =
        |f: &crate::stats::Figure| figure_text(f, decimals).unwrap_or_else(|| "—".into());
    writeln!(out, "huanjie stats · 基准日 as of {as_of}")?;
    let mut last: Option<(String, &str)> = None;
    for f in &report.figures {
        let head = (f.code.to_string(), f.kind.as_str());
        if last.as_ref() != Some(&head) {
            let verdict = match verdicts.get(&(f.level, f.code, f.kind)) {
                Some(Some(true)) => " · 两升一降 yes",
                Some(Some(false)) => " · 两升一降 no",
                _ => "",
            };
            writeln!(
                out,
                "{} {} {} · {}{verdict}",
                f.level.as_str(),
                f.code,
                f.name.as_deref().unwrap_or_default(),
                f.kind.as_str()
            )?;
            last = Some(head);
        }
        let label = f.labels().0;
        let shown = if f.is_share() {
            format!("{}% ({}/{})", fig_text(f), f.num, f.den)
        } else if crate::stats::is_mean(f.figure) || crate::stats::is_least(f.figure) {
            format!("{} ({}/{})", fig_text(f), f.num, f.den)
        } else {
            fig_text(f)
        };
        let delta = changes
            .get(&(f.level, f.code, f.kind, f.figure))
            .map(|c| {
                let unit = if c.is_share() { " pp" } else { "" };
                let heads = match c.head_count_change() {
                    Some(n) if c.is_share() => format!(" ({n:+})"),
                    _ => String::new(),
                };
                format!(
                    " · 较上届 vs previous {}{unit}{heads}, {}",
                    c.change_text(decimals).unwrap_or_else(|| "—".into()),
                    c.relative_text(decimals)
                        .map_or_else(|| "—".into(), |r| format!("{r}%"))
                )
            })
            .unwrap_or_default();
        writeln!(out, "  {label} {}: {shown}{delta}", f.figure)?;
    }
    if report.skipped_invalid_id + report.skipped_no_unit > 0 {
        writeln!(
            out,
            "未计入 left out: {} roster rows with an invalid ID number, {} without a unit code",
            report.skipped_invalid_id, report.skipped_no_unit
        )?;
    }
    if report.unreadable_unit_days > 0 {
        writeln!(
            out,
            "注：{0}个单位的选举日期无法识别，年龄按基准日计算 / note: the election day of {0} units cannot be read; their ages are counted on as_of",
            report.unreadable_unit_days
        )?;
    }
    for u in &report.unreadable {
        writeln!(
            out,
            "注：{0}表“{1}”列有{2}个单元格无法识别，未计入 / note: {2} cells of column {1:?} of table {0} cannot be read and are left out",
            u.table, u.column, u.cells
        )?;
    }
    Ok(())
}
