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
        .map(|f| figure_json(&f, &changes, decimals))
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
        json.item(&figure_json(&f, &changes, decimals))?;
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

/// The printed columns of a batch of the long table.
struct TextColumns<'a> {
    label: arrow_array::TypedDictionaryArray<
        'a,
        arrow_array::types::Int16Type,
        arrow_array::StringArray,
    >,
    text: &'a arrow_array::StringArray,
    /// previous_num (non-null when there is a previous figure), change, change_num,
    /// change_relative_percent.
    change: Option<(
        &'a arrow_array::Int64Array,
        &'a arrow_array::StringArray,
        &'a arrow_array::Int64Array,
        &'a arrow_array::StringArray,
    )>,
}

impl<'a> TextColumns<'a> {
    fn of(b: &'a arrow_array::RecordBatch) -> Option<TextColumns<'a>> {
        use arrow_array::cast::AsArray;
        let col = |n: &str| b.column_by_name(n);
        let label = col("label_zh")?
            .as_dictionary_opt::<arrow_array::types::Int16Type>()?
            .downcast_dict::<arrow_array::StringArray>()?;
        let text = col("text")?.as_string_opt::<i32>()?;
        let change = match (
            col("previous_num"),
            col("change"),
            col("change_num"),
            col("change_relative_percent"),
        ) {
            (Some(p), Some(c), Some(n), Some(r)) => Some((
                p.as_primitive_opt::<arrow_array::types::Int64Type>()?,
                c.as_string_opt::<i32>()?,
                n.as_primitive_opt::<arrow_array::types::Int64Type>()?,
                r.as_string_opt::<i32>()?,
            )),
            _ => None,
        };
        Some(TextColumns {
            label,
            text,
            change,
        })
    }

    /// `  label figure: value (num/den) · 较上届 …` for row `i` (figure `f`).
    fn write_line(
        &self,
        out: &mut impl std::fmt::Write,
        i: usize,
        f: &crate::stats::Figure,
    ) -> std::fmt::Result {
        use arrow_array::{Array, ArrayAccessor};
        fn text(a: &arrow_array::StringArray, i: usize) -> Option<&str> {
            a.is_valid(i).then(|| a.value(i))
        }
        let value = text(self.text, i).unwrap_or("—");
        let label = if self.label.is_valid(i) {
            self.label.value(i)
        } else {
            ""
        };
        write!(out, "  {label} {}: ", f.figure)?;
        if f.is_share() {
            write!(out, "{value}% ({}/{})", f.num, f.den)?;
        } else if crate::stats::is_mean(f.figure) || crate::stats::is_least(f.figure) {
            write!(out, "{value} ({}/{})", f.num, f.den)?;
        } else {
            write!(out, "{value}")?;
        }
        if let Some((previous, change, heads, relative)) = &self.change
            && previous.is_valid(i)
        {
            let unit = if f.is_share() { " pp" } else { "" };
            let heads = if f.is_share() && heads.is_valid(i) {
                format!(" ({:+})", heads.value(i))
            } else {
                String::new()
            };
            let c = text(change, i).unwrap_or("—");
            let relative = text(relative, i).map_or_else(|| "—".into(), |r| format!("{r}%"));
            write!(out, " · 较上届 vs previous {c}{unit}{heads}, {relative}")?;
        }
        writeln!(out)
    }
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
    let verdicts: HashMap<GroupKey, Option<bool>> = verdicts(result).into_iter().collect();
    writeln!(out, "huanjie stats · 基准日 as of {as_of}")?;
    let mut last: Option<(crate::division::DivisionCode, crate::stats::KindFilter)> = None;
    // The printed values come from the long table's batches, a chunk at a time: the text says
    // what the CSV and the Arrow table say.
    let index = super::stats_out::change_index(result);
    let figures = &report.figures;
    for groups in figures.chunks(super::stats_out::STREAMED_FIGURES) {
        let batch =
            super::stats_out::figures_batch(index.as_ref(), decimals, figures, groups.clone())
                .map_err(|_| std::fmt::Error)?;
        let cols = TextColumns::of(&batch).ok_or(std::fmt::Error)?;
        let chunk = figures
            .groups_in(groups)
            .flat_map(|g| (0..g.keys.len()).filter_map(move |j| g.figure(j)));
        for (i, f) in chunk.enumerate() {
            if last != Some((f.code, f.kind)) {
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
                last = Some((f.code, f.kind));
            }
            cols.write_line(out, i, &f)?;
        }
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
