//! A table handed over in memory (a DataFrame, an Arrow table) as one frame or several — one
//! per department, as `records=[df_police, df_court]` — read as the files of a table are
//! (docs/tables.md "Several files per table"): blank rows skipped and listed, the frames'
//! columns aligned, each row keeping the frame it came from.

use super::columns::{TableRole, canonical_column};
use super::convert::resolve_headers;
use super::files::{TableFiles, align, table_columns};
use crate::audit::{InputInfo, SkipReason, SkippedRow};
use crate::error::{InputError, Location};
use crate::provenance::{RowSource, RowSources};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type};
use arrow_array::{Array, BooleanArray, RecordBatch};
use arrow_schema::{ArrowError, DataType};

/// Reads the frames of one table (`table` names it in results and the audit: `records`, and
/// `records[2]` for the third of several frames). Each frame is one or more record batches.
///
/// A row with no cell filled in the columns the table reads is blank: it is left out and
/// listed in the frame's audit entry (`skipped_rows`, reason `blank`, `line` its 1-based
/// position in the frame), so that `row` in results counts the rows read, as for a file. Each
/// row's `source` is its frame (`records`, or `records[2]` of several); a frame has no lines,
/// but each row keeps its position in its frame (the clerk's text shows it).
pub fn memory_table(
    parts: Vec<Vec<RecordBatch>>,
    role: TableRole,
    table: &str,
) -> Result<TableFiles, InputError> {
    let several = parts.len() > 1;
    let label = |i: usize| {
        if several {
            format!("{table}[{i}]")
        } else {
            table.to_string()
        }
    };
    let columns = table_columns(parts.iter().flatten(), role);
    let at = Location::table(table);
    let mut out = TableFiles {
        batches: Vec::new(),
        sources: RowSources::default(),
        infos: Vec::with_capacity(parts.len()),
        at: at.clone(),
    };
    for (i, part) in parts.into_iter().enumerate() {
        let part_at = Location::table(&label(i));
        let mut skipped = Vec::new();
        let mut positions: Vec<u32> = Vec::new();
        let mut seen = 0u32;
        for batch in part {
            if several {
                // Each frame must be a table on its own: its required columns, no column twice.
                resolve_headers(&batch.schema(), role, &part_at)?;
            }
            let n = u32::try_from(batch.num_rows()).map_err(|_| too_long(&part_at))?;
            let (kept, blank) =
                without_blank_rows(batch, role).map_err(|e| InputError::Unreadable {
                    at: part_at.clone(),
                    what: e.to_string(),
                })?;
            let mut blank = blank.into_iter().peekable();
            for r in 0..n {
                if blank.next_if_eq(&r).is_some() {
                    skipped.push(SkippedRow {
                        line: seen.saturating_add(r).saturating_add(1),
                        reason: SkipReason::Blank,
                    });
                } else {
                    positions.push(seen.saturating_add(r));
                }
            }
            seen = seen.saturating_add(n);
            let kept = if several {
                align(kept, &columns, role, &at)?
            } else {
                kept
            };
            out.batches.push(kept);
        }
        let source = RowSource {
            file: label(i),
            sheet: None,
        };
        out.sources.push_frame(source, &positions);
        let mut info = InputInfo::memory(table, positions.len() as u64);
        if several {
            info.name = label(i);
        }
        info.skipped_rows = skipped;
        out.infos.push(info);
    }
    Ok(out)
}

fn too_long(at: &Location) -> InputError {
    InputError::Unreadable {
        at: at.clone(),
        what: "more than 4,294,967,295 rows in one batch".into(),
    }
}

/// The batch without its blank rows (no cell filled in a column `role` reads), and the
/// 0-based positions of those rows. A batch without blank rows is returned as it is.
fn without_blank_rows(
    batch: RecordBatch,
    role: TableRole,
) -> Result<(RecordBatch, Vec<u32>), ArrowError> {
    let read: Vec<&dyn Array> = batch
        .schema()
        .fields()
        .iter()
        .zip(batch.columns())
        .filter(|(f, _)| canonical_column(f.name(), role.columns()).is_some())
        .map(|(_, a)| a.as_ref())
        .collect();
    if read.is_empty() {
        return Ok((batch, Vec::new()));
    }
    // Column by column (each column's type looked at once), rows already filled skipped.
    let mut filled = vec![false; batch.num_rows()];
    for a in read {
        mark_filled(a, &mut filled);
    }
    let blank: Vec<u32> = filled
        .iter()
        .enumerate()
        .filter(|(_, f)| !**f)
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
    if blank.is_empty() {
        return Ok((batch, blank));
    }
    let kept = arrow_select::filter::filter_record_batch(&batch, &BooleanArray::from(filled))?;
    Ok((kept, blank))
}

/// Marks the rows where a column holds something: not null, not NaN, not blank text.
fn mark_filled(a: &dyn Array, filled: &mut [bool]) {
    fn mark(a: &dyn Array, filled: &mut [bool], holds: impl Fn(usize) -> bool) {
        for (i, f) in filled.iter_mut().enumerate() {
            if !*f && a.is_valid(i) && holds(i) {
                *f = true;
            }
        }
    }
    match a.data_type() {
        DataType::Utf8 => {
            let s = a.as_string::<i32>();
            mark(a, filled, |i| !s.value(i).trim().is_empty());
        }
        DataType::LargeUtf8 => {
            let s = a.as_string::<i64>();
            mark(a, filled, |i| !s.value(i).trim().is_empty());
        }
        DataType::Utf8View => {
            let s = a.as_string_view();
            mark(a, filled, |i| !s.value(i).trim().is_empty());
        }
        DataType::Float64 => {
            let v = a.as_primitive::<Float64Type>();
            mark(a, filled, |i| !v.value(i).is_nan());
        }
        DataType::Float32 => {
            let v = a.as_primitive::<Float32Type>();
            mark(a, filled, |i| !v.value(i).is_nan());
        }
        _ => mark(a, filled, |_| true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, StringArray};
    use std::sync::Arc;

    fn batch(cols: &[(&str, Vec<Option<&str>>)]) -> RecordBatch {
        RecordBatch::try_from_iter(cols.iter().map(|(n, v)| {
            let a: ArrayRef = Arc::new(StringArray::from(v.clone()));
            (*n, a)
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn blank_rows_are_left_out_and_listed() {
        let b = batch(&[
            ("身份证号码", vec![Some("1"), None, Some(" "), Some("2")]),
            ("序号", vec![Some("1"), Some("2"), Some("3"), Some("4")]),
        ]);
        let t = memory_table(vec![vec![b]], TableRole::People, "people")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.batches[0].num_rows(), 2);
        let lines: Vec<u32> = t.infos[0].skipped_rows.iter().map(|s| s.line).collect();
        assert_eq!(
            lines,
            [2, 3],
            "a 序号 alone (a numbered template row) is no person"
        );
        assert_eq!(t.infos[0].rows, 2);
        assert_eq!(t.sources.label(1), Some("people"));
        assert_eq!(
            t.sources.frame_position(1),
            Some(3),
            "its place in the frame"
        );
        assert_eq!(t.sources.line(1), None, "a frame has no lines");
    }

    #[test]
    fn several_frames_are_aligned_and_keep_their_source() {
        let a = batch(&[
            ("id_number", vec![Some("1")]),
            ("kind", vec![Some("刑事处罚")]),
        ]);
        let b = batch(&[
            ("类别", vec![Some("行政拘留"), None]),
            ("身份证号", vec![Some("2"), None]),
            ("决定日期", vec![Some("2020-01-01"), None]),
        ]);
        let t = memory_table(vec![vec![a], vec![b]], TableRole::Records, "records")
            .unwrap_or_else(|e| panic!("{e}"));
        let names = |b: &RecordBatch| -> Vec<String> {
            b.schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect()
        };
        assert_eq!(names(&t.batches[0]), names(&t.batches[1]));
        assert_eq!(names(&t.batches[0]), ["id_number", "kind", "决定日期"]);
        assert_eq!(t.sources.label(1), Some("records[1]"));
        assert_eq!(t.sources.line(1), None);
        assert_eq!(t.infos[1].name, "records[1]");
        assert_eq!(t.infos[1].skipped_rows.len(), 1);
    }

    #[test]
    fn each_frame_needs_the_required_columns() {
        let a = batch(&[("id_number", vec![Some("1")]), ("kind", vec![Some("x")])]);
        let b = batch(&[("kind", vec![Some("x")])]);
        let e = memory_table(vec![vec![a], vec![b]], TableRole::Records, "records")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("records[1]"), "{e}");
    }
}
