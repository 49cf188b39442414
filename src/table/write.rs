//! The writers of the one output path: a [`Document`] as JSON (streamed: a table is written
//! row by row), a table as JSON lines, a table as CSV. Every command and Python's `to_*` go
//! through them; none writes JSON or CSV by hand.

use super::document::{Document, Part};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use serde_json::{Map, Number, Value};
use std::io::Write;
use std::sync::Arc;

/// Field metadata: the text column holds JSON (written as JSON, not as a string).
pub const JSON_TEXT: &str = "huanjie.json";
/// Field metadata: a null leaves the key out of the row's object.
pub const OMIT_NULL: &str = "huanjie.omit_null";

/// `field` marked as holding JSON text.
pub fn json_text_field(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable).with_metadata(
        [(JSON_TEXT.to_string(), "true".to_string())]
            .into_iter()
            .collect(),
    )
}

fn flag(field: &Field, key: &str) -> bool {
    field.metadata().get(key).is_some_and(|v| v == "true")
}

fn io(e: std::io::Error) -> ArrowError {
    ArrowError::IoError(crate::error::io_reason(&e), e)
}

/// One cell as JSON.
fn cell(array: &ArrayRef, field: &Field, row: usize) -> Value {
    if array.is_null(row) {
        return Value::Null;
    }
    match array.data_type() {
        DataType::Utf8 => {
            let text = array.as_string::<i32>().value(row);
            if flag(field, JSON_TEXT) {
                serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
            } else {
                Value::String(text.to_string())
            }
        }
        DataType::LargeUtf8 => Value::String(array.as_string::<i64>().value(row).to_string()),
        DataType::Boolean => Value::Bool(array.as_boolean().value(row)),
        DataType::Int64 => Value::from(array.as_primitive::<Int64Type>().value(row)),
        DataType::UInt64 => Value::from(array.as_primitive::<UInt64Type>().value(row)),
        DataType::Float64 => Number::from_f64(array.as_primitive::<Float64Type>().value(row))
            .map_or(Value::Null, Value::Number),
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(row);
            crate::date::from_days(days).map_or(Value::Null, |d| Value::String(d.to_string()))
        }
        DataType::List(item) => {
            let list = array.as_list::<i32>();
            let values = list.value(row);
            (0..values.len())
                .map(|i| cell(&values, item, i))
                .collect::<Vec<_>>()
                .into()
        }
        _ => {
            // Any other type as its display text.
            let options = arrow_cast::display::FormatOptions::default();
            arrow_cast::display::ArrayFormatter::try_new(array.as_ref(), &options)
                .map_or(Value::Null, |f| Value::String(f.value(row).to_string()))
        }
    }
}

/// Row `row` of `batch` as a JSON object, its columns in order.
pub fn row_object(batch: &RecordBatch, row: usize) -> Map<String, Value> {
    let schema = batch.schema();
    let mut m = Map::with_capacity(batch.num_columns());
    for (array, field) in batch.columns().iter().zip(schema.fields()) {
        let v = cell(array, field, row);
        if v.is_null() && flag(field, OMIT_NULL) {
            continue;
        }
        m.insert(field.name().clone(), v);
    }
    m
}

/// `text` with every line after the first indented by `by` spaces (a pretty-printed value
/// placed inside another).
fn indented(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.replace('\n', &format!("\n{pad}"))
}

/// Writes `doc` as one JSON object (the keys in the document's order) and a newline:
/// pretty-printed with two-space indents (what the command line prints), or compact (one
/// line). Tables are written row by row, so a large table never becomes one JSON value in
/// memory.
pub fn write_json(doc: &Document, pretty: bool, out: &mut impl Write) -> Result<(), ArrowError> {
    let mut json = JsonParts::new(out, pretty)?;
    json.document(doc)?;
    json.finish()
}

/// One JSON object written part by part — values, and tables whose rows come batch by batch
/// — so that a result of millions of rows is written with the memory of one batch
/// ([`write_json`] writes a whole [`Document`] through it).
pub struct JsonParts<'w, W: Write> {
    out: &'w mut W,
    pretty: bool,
    parts: usize,
    /// Rows written of the table being written.
    rows: usize,
}

impl<'w, W: Write> JsonParts<'w, W> {
    /// Begins the object.
    pub fn new(out: &'w mut W, pretty: bool) -> Result<Self, ArrowError> {
        out.write_all(b"{").map_err(io)?;
        Ok(JsonParts {
            out,
            pretty,
            parts: 0,
            rows: 0,
        })
    }

    fn key(&mut self, name: &str) -> Result<(), ArrowError> {
        let key = serde_json::to_string(name).unwrap_or_default();
        let sep = match (self.pretty, self.parts) {
            (true, 0) => "\n  ",
            (true, _) => ",\n  ",
            (false, 0) => "",
            (false, _) => ",",
        };
        let colon = if self.pretty { ": " } else { ":" };
        self.parts += 1;
        write!(self.out, "{sep}{key}{colon}").map_err(io)
    }

    fn text(&self, v: &Value, indent: usize) -> String {
        if self.pretty {
            indented(
                &serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into()),
                indent,
            )
        } else {
            serde_json::to_string(v).unwrap_or_else(|_| "null".into())
        }
    }

    /// Every part of `doc`, in order.
    pub fn document(&mut self, doc: &Document) -> Result<(), ArrowError> {
        for (name, part) in doc.parts() {
            match part {
                Part::Value(v) => self.value(name, v)?,
                Part::Table(batch) => {
                    self.table_begin(name)?;
                    self.rows(batch)?;
                    self.table_end()?;
                }
            }
        }
        Ok(())
    }

    /// A value, whole.
    pub fn value(&mut self, name: &str, v: &Value) -> Result<(), ArrowError> {
        self.key(name)?;
        let text = self.text(v, 2);
        self.out.write_all(text.as_bytes()).map_err(io)
    }

    /// Begins a table: its rows follow ([`JsonParts::rows`]), then [`JsonParts::table_end`].
    pub fn table_begin(&mut self, name: &str) -> Result<(), ArrowError> {
        self.key(name)?;
        self.rows = 0;
        self.out.write_all(b"[").map_err(io)
    }

    /// The rows of `batch`, each an object of its columns.
    pub fn rows(&mut self, batch: &RecordBatch) -> Result<(), ArrowError> {
        for row in 0..batch.num_rows() {
            self.item(&Value::Object(row_object(batch, row)))?;
        }
        Ok(())
    }

    /// One more element of the array begun by [`JsonParts::table_begin`]: an array value
    /// written element by element is the same text as the whole value.
    pub fn item(&mut self, v: &Value) -> Result<(), ArrowError> {
        let sep = match (self.pretty, self.rows) {
            (true, 0) => "\n    ",
            (true, _) => ",\n    ",
            (false, 0) => "",
            (false, _) => ",",
        };
        let text = self.text(v, 4);
        write!(self.out, "{sep}{text}").map_err(io)?;
        self.rows += 1;
        Ok(())
    }

    /// Ends a table.
    pub fn table_end(&mut self) -> Result<(), ArrowError> {
        let end: &[u8] = if self.pretty && self.rows > 0 {
            b"\n  ]"
        } else {
            b"]"
        };
        self.out.write_all(end).map_err(io)
    }

    /// Ends the object and the line.
    pub fn finish(self) -> Result<(), ArrowError> {
        let end: &[u8] = if self.pretty && self.parts > 0 {
            b"\n}\n"
        } else {
            b"}\n"
        };
        self.out.write_all(end).map_err(io)
    }
}

/// `doc` as JSON text (see [`write_json`]).
pub fn json_string(doc: &Document, pretty: bool) -> Result<String, ArrowError> {
    let mut out = Vec::new();
    write_json(doc, pretty, &mut out)?;
    String::from_utf8(out).map_err(|e| ArrowError::ExternalError(Box::new(e)))
}

/// Writes `batch` as JSON lines: one compact object per row.
pub fn write_jsonl(batch: &RecordBatch, out: &mut impl Write) -> Result<(), ArrowError> {
    for row in 0..batch.num_rows() {
        let line = serde_json::to_string(&Value::Object(row_object(batch, row)))
            .map_err(|e| ArrowError::ExternalError(Box::new(e)))?;
        out.write_all(line.as_bytes()).map_err(io)?;
        out.write_all(b"\n").map_err(io)?;
    }
    Ok(())
}

/// Writes `batch` as CSV for Excel: UTF-8 with a BOM, a header line of the column names,
/// dates as `2021-01-15`, nulls as empty cells, JSON columns as their JSON text, and full ID
/// numbers as `="…"` (Excel keeps them as text; huanjie reads the form back).
pub fn write_csv(batch: &RecordBatch, out: &mut impl Write) -> Result<(), ArrowError> {
    write_csv_part(batch, true, out)
}

/// One table written as JSON lines or CSV batch by batch: the CSV byte-order mark and header
/// once, before the first batch.
pub struct LinesWriter {
    format: super::Format,
    first: bool,
}

impl LinesWriter {
    /// A table to be written as `format` (JSON lines or CSV).
    pub fn new(format: super::Format) -> LinesWriter {
        LinesWriter {
            format,
            first: true,
        }
    }

    /// The rows of the next batch.
    pub fn batch(&mut self, batch: &RecordBatch, out: &mut impl Write) -> Result<(), ArrowError> {
        let first = std::mem::replace(&mut self.first, false);
        match self.format {
            super::Format::Jsonl => write_jsonl(batch, out),
            _ => write_csv_part(batch, first, out),
        }
    }
}

/// Writes `batch` as CSV, with the byte-order mark and the header row when `first` (the
/// first batch of a table written batch by batch), else the rows alone.
pub fn write_csv_part(
    batch: &RecordBatch,
    first: bool,
    out: &mut impl Write,
) -> Result<(), ArrowError> {
    use arrow_cast::display::{ArrayFormatter, FormatOptions};
    let fail = |e: &dyn std::fmt::Display| ArrowError::CsvError(e.to_string());
    let schema = batch.schema();
    if first {
        out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    }
    let mut w = csv::Writer::from_writer(out);
    if first {
        w.write_record(schema.fields().iter().map(|f| f.name().as_str()))
            .map_err(|e| fail(&e))?;
    }
    let options = FormatOptions::default();
    let formatters: Vec<ArrayFormatter<'_>> = batch
        .columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
        .collect::<Result<_, _>>()?;
    // ID numbers as Excel's text formula ="…", so that opening the file keeps all 18
    // digits (huanjie reads the form back).
    let id_columns: Vec<bool> = schema
        .fields()
        .iter()
        .map(|f| f.name() == "id_number")
        .collect();
    let mut cells: Vec<String> = vec![String::new(); formatters.len()];
    for row in 0..batch.num_rows() {
        for ((cell, f), id) in cells.iter_mut().zip(&formatters).zip(&id_columns) {
            cell.clear();
            use std::fmt::Write;
            write!(cell, "{}", f.value(row)).map_err(|e| fail(&e))?;
            if *id && cell.len() >= 15 && cell.bytes().all(|b| b.is_ascii_digit() || b == b'X') {
                *cell = format!("=\"{cell}\"");
            }
        }
        w.write_record(&cells).map_err(|e| fail(&e))?;
    }
    w.flush().map_err(io)?;
    Ok(())
}

/// `batch` as CSV bytes (see [`write_csv`]: ID numbers written as `="…"`).
pub fn csv_bytes(batch: &RecordBatch) -> Result<Vec<u8>, ArrowError> {
    let mut out = Vec::new();
    write_csv(batch, &mut out)?;
    Ok(out)
}

/// Writes a table in `format`: JSON lines, CSV, or JSON (an array of its rows); a format that
/// is not a table's (text, Markdown, HTML, TOML) is an error.
pub fn write_table(
    format: super::Format,
    batch: &RecordBatch,
    out: &mut impl Write,
) -> Result<(), ArrowError> {
    match format {
        super::Format::Jsonl => write_jsonl(batch, out),
        super::Format::Csv => write_csv(batch, out),
        super::Format::Json => write_rows_json(batch, out),
        other => Err(ArrowError::InvalidArgumentError(format!(
            "a table is not written as {other}"
        ))),
    }
}

/// `batch` with a last column `name` holding `value` on every row (the pack's name on each
/// finding of a JSON-lines or CSV output, so every line says what produced it).
pub fn with_constant(
    batch: &RecordBatch,
    name: &str,
    value: &str,
) -> Result<RecordBatch, ArrowError> {
    let schema = batch.schema();
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new(name, DataType::Utf8, false));
    let mut cols: Vec<ArrayRef> = batch.columns().to_vec();
    cols.push(Arc::new(StringArray::from(vec![value; batch.num_rows()])));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
}

/// Writes a single JSON value, pretty-printed, and a newline (a kinship answer, a list of
/// relatives).
pub fn write_value_json(value: &Value, out: &mut impl Write) -> Result<(), ArrowError> {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    out.write_all(text.as_bytes()).map_err(io)?;
    out.write_all(b"\n").map_err(io)
}

/// Writes the rows of `batch` as one pretty-printed JSON array of objects, row by row.
pub fn write_rows_json(batch: &RecordBatch, out: &mut impl Write) -> Result<(), ArrowError> {
    if batch.num_rows() == 0 {
        return out.write_all(b"[]\n").map_err(io);
    }
    out.write_all(b"[").map_err(io)?;
    for row in 0..batch.num_rows() {
        let obj = Value::Object(row_object(batch, row));
        let text = serde_json::to_string_pretty(&obj).unwrap_or_else(|_| "null".into());
        let comma = if row == 0 { "\n" } else { ",\n" };
        write!(out, "{comma}  {}", indented(&text, 2)).map_err(io)?;
    }
    out.write_all(b"\n]\n").map_err(io)
}

/// Any record batch as CSV bytes for Excel (the name before the one output path).
#[deprecated(note = "use csv_bytes (or write_csv to stream)")]
pub fn batch_csv(batch: &RecordBatch) -> Result<Vec<u8>, ArrowError> {
    csv_bytes(batch)
}

/// The findings as CSV bytes with the pack's name on each row (the name before the one output
/// path).
#[deprecated(note = "use write_table(Format::Csv, &finding_lines(..)?, out)")]
pub fn findings_csv(
    findings: &crate::finding::Findings,
    pack: &str,
    mask: bool,
) -> Result<Vec<u8>, ArrowError> {
    csv_bytes(&super::finding_lines(findings, pack, mask)?)
}
