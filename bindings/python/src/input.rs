//! Python objects → Arrow record batches: anything with the Arrow PyCapsule protocol (pandas,
//! polars, pyarrow, duckdb …) without a copy; a dict of columns or a list of dicts cell by cell
//! in Rust (never a Python loop).

use crate::errors::input;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use chrono::{NaiveDate, NaiveDateTime};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use pyo3_arrow::input::AnyRecordBatch;
use std::sync::Arc;

/// A table handed over from Python — one frame, or a list of frames (one per department:
/// `records=[df_police, df_court]`) — read as the table layer reads frames
/// ([`huanjie::table::memory_table`]): blank rows skipped and listed, the frames' columns
/// aligned, each row's frame kept as its `source`.
pub(crate) fn table(obj: &Bound<'_, PyAny>, table: &str) -> PyResult<huanjie::table::TableFiles> {
    let role =
        crate::frames::role_of(table).ok_or_else(|| input(table, "未知的表 unknown table"))?;
    let parts = match frames_of(obj, table)? {
        Some(frames) => frames
            .iter()
            .enumerate()
            .map(|(i, f)| batches(f, &format!("{table}[{i}]")))
            .collect::<PyResult<Vec<_>>>()?,
        None => vec![batches(obj, table)?],
    };
    huanjie::table::memory_table(parts, role, table).map_err(|e| crate::errors::to_py(e.into()))
}

/// The frames of a list or tuple of frames (each with the Arrow protocol); `None` for any
/// other object (a list of dicts is one table of rows).
fn frames_of<'py>(
    obj: &Bound<'py, PyAny>,
    table: &str,
) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    let py = obj.py();
    let items: Vec<Bound<'py, PyAny>> = if let Ok(list) = obj.cast::<PyList>() {
        list.iter().collect()
    } else if let Ok(tuple) = obj.cast::<PyTuple>() {
        tuple.iter().collect()
    } else {
        return Ok(None);
    };
    let is_frame = |o: &Bound<'py, PyAny>| -> PyResult<bool> {
        Ok(o.hasattr(intern!(py, "__arrow_c_stream__"))?
            || o.hasattr(intern!(py, "__arrow_c_array__"))?)
    };
    match items.first() {
        Some(first) if is_frame(first)? => {}
        _ => return Ok(None),
    }
    for (i, o) in items.iter().enumerate() {
        if !is_frame(o)? {
            return Err(input(
                table,
                format!(
                    "列表第 {i} 项不是数据表 item {i} of a list of frames is a {}, not a frame",
                    o.get_type().name()?
                ),
            ));
        }
    }
    Ok(Some(items))
}

/// The record batches of a table handed over from Python.
pub(crate) fn batches(obj: &Bound<'_, PyAny>, table: &str) -> PyResult<Vec<RecordBatch>> {
    let py = obj.py();
    if obj.hasattr(intern!(py, "__arrow_c_stream__"))?
        || obj.hasattr(intern!(py, "__arrow_c_array__"))?
    {
        // The exporting library's message may quote a cell (an ID number): never pass it on.
        let unreadable = || {
            input(
                table,
                "cannot read the table through the Arrow protocol (a column may mix types, \
                 e.g. numbers and text: convert it to one type such as str)",
            )
        };
        // Arrow data from another library is checked before any of it is read: a buffer
        // shorter than its length, offsets out of order or past the data, a child of the wrong
        // length (which would otherwise read out of bounds) is an `InputError`. A panic inside
        // the import itself is caught and is the same error.
        let invalid = || {
            input(
                table,
                "Arrow 数据无效 the Arrow data is not valid (a buffer, offset or child array does \
                 not match its length)",
            )
        };
        let imported = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> PyResult<_> {
            let any: AnyRecordBatch = obj.extract().map_err(|_| unreadable())?;
            let reader = any.into_reader().map_err(|_| unreadable())?;
            let schema = reader.schema();
            let mut out = Vec::new();
            for b in reader {
                out.push(b.map_err(|_| unreadable())?);
            }
            Ok((schema, out))
        }));
        let (schema, mut out) = imported.map_err(|_| invalid())??;
        // Every column of every batch in full (buffers, offsets, views, UTF-8, children).
        huanjie::table::validate_imported(&out).map_err(|_| invalid())?;
        if out.is_empty() {
            out.push(RecordBatch::new_empty(schema));
        }
        return Ok(out);
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        return dict_of_columns(dict, table).map(|b| vec![b]);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return list_of_dicts(list, table).map(|b| vec![b]);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return list_of_dicts(&PyList::new(py, tuple.iter())?, table).map(|b| vec![b]);
    }
    Err(input(
        table,
        format!(
            "expected a DataFrame or Arrow table (an object with __arrow_c_stream__), a dict of columns or a list of dicts, got {}",
            obj.get_type().name()?
        ),
    ))
}

/// One Python value as the text of a cell (`None` for null).
pub(crate) fn cell_text(v: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(s) = v.cast::<PyString>() {
        let s = s.to_cow()?.trim().to_string();
        return Ok((!s.is_empty()).then_some(s));
    }
    if v.cast::<PyBool>().is_ok() {
        return Ok(Some(v.extract::<bool>()?.to_string()));
    }
    if v.cast::<PyInt>().is_ok() {
        return Ok(Some(v.str()?.to_cow()?.into_owned()));
    }
    if v.cast::<PyFloat>().is_ok() {
        let f: f64 = v.extract()?;
        return Ok((!f.is_nan()).then(|| huanjie::table::format_number(f)));
    }
    if let Ok(dt) = v.extract::<NaiveDateTime>() {
        return Ok(Some(dt.date().to_string()));
    }
    if let Ok(d) = v.extract::<NaiveDate>() {
        return Ok(Some(d.to_string()));
    }
    Ok(Some(v.str()?.to_cow()?.into_owned()))
}

fn batch(
    table: &str,
    names: Vec<String>,
    columns: Vec<Vec<Option<String>>>,
) -> PyResult<RecordBatch> {
    if names.is_empty() {
        return Ok(RecordBatch::new_empty(Arc::new(Schema::empty())));
    }
    let fields: Vec<Field> = names
        .iter()
        .map(|n| Field::new(n, DataType::Utf8, true))
        .collect();
    let arrays: Vec<ArrayRef> = columns
        .into_iter()
        .map(|c| Arc::new(StringArray::from(c)) as ArrayRef)
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| input(table, e))
}

fn dict_of_columns(dict: &Bound<'_, PyDict>, table: &str) -> PyResult<RecordBatch> {
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for (k, v) in dict.iter() {
        let name = k.str()?.to_cow()?.into_owned();
        let mut col = Vec::new();
        for item in v
            .try_iter()
            .map_err(|_| input(table, format!("column {name:?} is not a sequence")))?
        {
            col.push(cell_text(&item?)?);
        }
        if let Some(first) = columns.first().map(Vec::len)
            && first != col.len()
        {
            return Err(input(
                table,
                format!(
                    "column {name:?} has {} values but the first column has {first}",
                    col.len()
                ),
            ));
        }
        names.push(name);
        columns.push(col);
    }
    batch(table, names, columns)
}

fn list_of_dicts(list: &Bound<'_, PyList>, table: &str) -> PyResult<RecordBatch> {
    let mut names: Vec<String> = Vec::new();
    let mut columns: Vec<Vec<Option<String>>> = Vec::new();
    for (row, item) in list.iter().enumerate() {
        let d = item
            .cast::<PyDict>()
            .map_err(|_| input(table, format!("row {row} is not a dict")))?;
        let mut seen = std::collections::HashSet::new();
        for (k, v) in d.iter() {
            let name = k.str()?.to_cow()?.into_owned();
            if !seen.insert(name.clone()) {
                return Err(input(
                    table,
                    format!("row {row} has two keys that both read as column {name:?}"),
                ));
            }
            let i = match names.iter().position(|n| *n == name) {
                Some(i) => i,
                None => {
                    names.push(name);
                    columns.push(vec![None; row]);
                    names.len() - 1
                }
            };
            columns[i].push(cell_text(&v)?);
        }
        for c in columns.iter_mut() {
            if c.len() < row + 1 {
                c.push(None);
            }
        }
    }
    batch(table, names, columns)
}
