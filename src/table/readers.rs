//! File readers: CSV (UTF-8 with or without BOM, else GB18030), XLSX (first sheet or a named
//! one), JSON lines — each into one Arrow record batch of text columns, so that everything
//! after reading is shared with the Python front end.

use super::cells::format_number;
use crate::audit::InputInfo;
use crate::error::{InputError, Location};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// An encoding label (`gbk`, `gb18030`, `utf-8`) overriding the detection.
    pub encoding: Option<String>,
    /// The XLSX sheet to read (default: the first).
    pub sheet: Option<String>,
}

/// Reads a table file by its extension (`.csv`/`.txt`, `.xlsx`/`.xlsm`, `.jsonl`/`.ndjson`/`.json`).
pub fn read_path(
    path: &Path,
    table: &str,
    options: &ReadOptions,
) -> Result<(RecordBatch, InputInfo), InputError> {
    let at = Location {
        table: table.to_string(),
        file: Some(path.display().to_string()),
        ..Location::default()
    };
    let bytes = std::fs::read(path).map_err(|e| InputError::Unreadable {
        at: at.clone(),
        what: e.kind().to_string(),
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let batch = match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" => read_xlsx(&bytes, options, &at)?,
        "jsonl" | "ndjson" | "json" => read_jsonl(&decode(&bytes, options, &at)?, &at)?,
        _ => read_csv(&decode(&bytes, options, &at)?, &at)?,
    };
    let sha = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let info = InputInfo {
        table: table.to_string(),
        name: path.display().to_string(),
        rows: batch.num_rows() as u64,
        sha256: Some(sha),
    };
    Ok((batch, info))
}

/// Decodes text: an explicit encoding, else UTF-8 (BOM stripped) when valid, else GB18030.
fn decode(bytes: &[u8], options: &ReadOptions, at: &Location) -> Result<String, InputError> {
    if let Some(label) = &options.encoding {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            InputError::Unreadable {
                at: at.clone(),
                what: format!("unknown encoding {label:?}"),
            }
        })?;
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(InputError::Unreadable {
                at: at.clone(),
                what: format!("the file is not valid {}", enc.name()),
            });
        }
        return Ok(text.into_owned());
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok(s.to_string());
    }
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    if bad {
        return Err(InputError::Unreadable {
            at: at.clone(),
            what: "the file is neither UTF-8 nor GB18030 text; give --encoding".into(),
        });
    }
    Ok(text.into_owned())
}

fn batch_of(
    headers: Vec<String>,
    columns: Vec<Vec<Option<String>>>,
    at: &Location,
) -> Result<RecordBatch, InputError> {
    let fields: Vec<Field> = headers
        .iter()
        .map(|h| Field::new(h, DataType::Utf8, true))
        .collect();
    let arrays: Vec<ArrayRef> = columns
        .into_iter()
        .map(|c| Arc::new(StringArray::from(c)) as ArrayRef)
        .collect();
    // A table with no columns (an empty list of rows) is an empty table, not an error.
    let rows = arrays.first().map_or(0, |a| a.len());
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
    RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), arrays, &options).map_err(
        |e| InputError::Unreadable {
            at: at.clone(),
            what: e.to_string(),
        },
    )
}

fn unique_headers(raw: Vec<String>) -> Vec<String> {
    // Arrow allows repeated names; blank headers get a placeholder so that they can be named.
    raw.into_iter()
        .enumerate()
        .map(|(i, h)| {
            if h.trim().is_empty() {
                format!("column_{}", i + 1)
            } else {
                h
            }
        })
        .collect()
}

/// Reads CSV text with a header row. Empty cells are null. Blank lines are skipped.
fn read_csv(text: &str, at: &Location) -> Result<RecordBatch, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| InputError::Unreadable {
            at: at.clone(),
            what: e.to_string(),
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let headers = unique_headers(headers);
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); headers.len()];
    for (row, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| InputError::Unreadable {
            at: Location {
                row: Some(row),
                ..at.clone()
            },
            what: csv_error(&e),
        })?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() > headers.len() && rec.iter().skip(headers.len()).any(|c| !c.trim().is_empty())
        {
            return Err(InputError::BadValue {
                at: Location {
                    row: Some(columns[0].len()),
                    ..at.clone()
                },
                kind: crate::error::ProblemKind::Malformed,
                what: format!(
                    "the line has {} cells but the header only {}",
                    rec.len(),
                    headers.len()
                ),
            });
        }
        for (i, col) in columns.iter_mut().enumerate() {
            let cell = rec
                .get(i)
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string);
            col.push(cell);
        }
    }
    batch_of(headers, columns, at)
}

fn csv_error(e: &csv::Error) -> String {
    // The csv crate's messages quote positions, not cell contents.
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the line is not valid text".into(),
        _ => e.to_string(),
    }
}

/// Reads the first (or the named) sheet of a workbook; the first non-empty row is the header.
/// Numbers become text (see `format_number`), date cells ISO dates.
fn read_xlsx(
    bytes: &[u8],
    options: &ReadOptions,
    at: &Location,
) -> Result<RecordBatch, InputError> {
    use calamine::{Data, Reader, open_workbook_auto_from_rs};
    let unreadable = |what: String| InputError::Unreadable {
        at: at.clone(),
        what,
    };
    let mut wb = open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(e.to_string()))?;
    let names = wb.sheet_names();
    let sheet = match &options.sheet {
        Some(s) => names
            .iter()
            .find(|n| *n == s)
            .cloned()
            .ok_or_else(|| unreadable(format!("no sheet named {s:?}")))?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable("the workbook has no sheet".into()))?,
    };
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| unreadable(e.to_string()))?;
    let cell_text = |d: &Data| -> Option<String> {
        match d {
            Data::Empty => None,
            Data::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Data::Float(f) => Some(format_number(*f)),
            Data::Int(i) => Some(i.to_string()),
            Data::Bool(b) => Some(b.to_string()),
            Data::DateTime(dt) => Some(
                excel_date(dt.as_f64())
                    .map_or_else(|| format_number(dt.as_f64()), |d| d.to_string()),
            ),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
            Data::Error(_) => Some("#ERROR".into()),
        }
    };
    let mut rows = range
        .rows()
        .skip_while(|r| r.iter().all(|c| matches!(c, Data::Empty)));
    let headers: Vec<String> = match rows.next() {
        Some(r) => r.iter().map(|c| cell_text(c).unwrap_or_default()).collect(),
        None => return batch_of(vec![], vec![], at),
    };
    let headers = unique_headers(headers);
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); headers.len()];
    for r in rows {
        if r.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        for (i, col) in columns.iter_mut().enumerate() {
            col.push(r.get(i).and_then(cell_text));
        }
    }
    batch_of(headers, columns, at)
}

/// Reads JSON lines: one object per line; keys in order of first appearance.
fn read_jsonl(text: &str, at: &Location) -> Result<RecordBatch, InputError> {
    let mut rows = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let here = Location {
            row: Some(rows.len()),
            ..at.clone()
        };
        let obj: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(line).map_err(|e| InputError::BadValue {
                at: here,
                kind: crate::error::ProblemKind::Malformed,
                what: format!(
                    "line {} is not a JSON object (column {})",
                    line_no + 1,
                    e.column()
                ),
            })?;
        rows.push(obj);
    }
    batch_from_json_rows(&rows, at)
}

/// A record batch of text columns from JSON objects (one per row; keys in order of first
/// appearance; numbers, booleans and strings become text, null an empty cell).
pub fn batch_from_json_rows(
    rows: &[serde_json::Map<String, serde_json::Value>],
    at: &Location,
) -> Result<RecordBatch, InputError> {
    let mut headers: Vec<String> = Vec::new();
    let mut columns: Vec<Vec<Option<String>>> = Vec::new();
    for (n, obj) in rows.iter().enumerate() {
        for (k, v) in obj {
            let i = match headers.iter().position(|h| h == k) {
                Some(i) => i,
                None => {
                    headers.push(k.clone());
                    columns.push(vec![None; n]);
                    headers.len() - 1
                }
            };
            let cell = match v {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => {
                    Some(s.trim().to_string()).filter(|s| !s.is_empty())
                }
                serde_json::Value::Bool(b) => Some(b.to_string()),
                serde_json::Value::Number(num) => {
                    Some(match (num.as_u64(), num.as_i64(), num.as_f64()) {
                        (Some(u), _, _) => u.to_string(),
                        (_, Some(i), _) => i.to_string(),
                        (_, _, Some(f)) => format_number(f),
                        _ => num.to_string(),
                    })
                }
                _ => {
                    return Err(InputError::BadValue {
                        at: Location {
                            row: Some(n),
                            column: Some(k.clone()),
                            ..at.clone()
                        },
                        kind: crate::error::ProblemKind::Malformed,
                        what: "a nested value where a cell was expected".into(),
                    });
                }
            };
            columns[i].push(cell);
        }
        for c in columns.iter_mut() {
            if c.len() < n + 1 {
                c.push(None);
            }
        }
    }
    batch_of(headers, columns, at)
}

/// The calendar date of an Excel serial date (days since 1899-12-30 in the 1900 system).
fn excel_date(serial: f64) -> Option<chrono::NaiveDate> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}
