//! Files as county offices produce them, read by the same table layer as the command line
//! (docs/tables.md "Finding the table"): the sheet, the header, title, blank and footer rows,
//! several files per table — with each row's file and line, and the audit of every file.

use crate::errors::to_py;
use huanjie::table::{FileSpec, ReadOptions, TableRole};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// What [`read_table`] hands to Python: the table, each row's line and source, the audit of
/// each file (JSON text).
type Read = (PyTable, Vec<Option<u32>>, Vec<Option<String>>, String);

/// Reads one or more files (`path` or `path#sheet`) as the table `table`: the columns read
/// (as the first file spells them), each row's line and source, and the audit entry of each
/// file as JSON text.
#[pyfunction]
#[pyo3(signature = (paths, table, *, sheet=None, encoding=None, delimiter=None, limits=None))]
pub(crate) fn read_table(
    py: Python<'_>,
    paths: Vec<String>,
    table: &str,
    sheet: Option<String>,
    encoding: Option<String>,
    delimiter: Option<String>,
    limits: Option<std::collections::BTreeMap<String, u64>>,
) -> PyResult<Read> {
    let mut bounds = huanjie::table::Limits::default();
    for (name, value) in limits.unwrap_or_default() {
        if !bounds.set(&name, value) {
            return Err(crate::errors::input(
                table,
                format!(
                    "未知的上限 unknown limit {name:?} (limits: {})",
                    huanjie::table::LIMIT_NAMES.join(", ")
                ),
            ));
        }
    }
    let role = TableRole::ALL
        .into_iter()
        .find(|r| r.name() == table)
        .ok_or_else(|| {
            crate::errors::input(table, "不是 huanjie 的表 not a table huanjie reads")
        })?;
    let delimiter = match delimiter.as_deref() {
        None => None,
        Some("comma" | ",") => Some(b','),
        Some("tab" | "\t") => Some(b'\t'),
        Some("semicolon" | ";") => Some(b';'),
        Some(d) if d.len() == 1 && d.is_ascii() => d.bytes().next(),
        Some(_) => {
            return Err(crate::errors::input(
                table,
                "分隔符应为 comma、tab、semicolon 或一个字符 a delimiter is comma, tab, semicolon or one character",
            ));
        }
    };
    let options = ReadOptions {
        encoding,
        sheet,
        delimiter,
        limits: bounds,
    };
    let specs: Vec<FileSpec> = paths.iter().map(|p| FileSpec::parse(p)).collect();
    let read = py
        .detach(|| huanjie::table::read_files(&specs, role, &options))
        .map_err(|e| to_py(e.into()))?;
    let rows = read.sources.len();
    let lines = (0..rows).map(|r| read.sources.line(r)).collect();
    let sources = (0..rows)
        .map(|r| read.sources.label(r).map(str::to_string))
        .collect();
    let inputs = serde_json::to_string(&read.infos).unwrap_or_else(|_| "[]".into());
    let schema = match read.batches.first() {
        Some(b) => b.schema(),
        None => std::sync::Arc::new(arrow_schema::Schema::empty()),
    };
    Ok((
        PyTable::try_new(read.batches, schema)?,
        lines,
        sources,
        inputs,
    ))
}
