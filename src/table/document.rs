//! One output path: a result becomes a [`Document`] of named parts — Arrow tables and small
//! values (the pack, the day, the summary) — once, and one writer per [`Format`] writes any
//! document: JSON (streamed, a table row by row), JSON lines and CSV (a document's table), XLSX
//! (a sheet per table).
//! The command-line tool and Python's `to_json` use the same writers.

use arrow_array::RecordBatch;
use serde_json::Value;
use std::str::FromStr;

/// An output format, the same names in every command (`--format`). Each command writes the
/// formats that suit its result (see [`Format::parse_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The human-readable report (Chinese first), ID numbers masked.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per row of the result's main table.
    Jsonl,
    /// The result's main table as CSV (UTF-8 with a BOM, so Excel opens it).
    Csv,
    /// Markdown.
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// TOML (rule packs).
    Toml,
    /// An Excel workbook: a summary sheet and a sheet per table (written to a file only).
    Xlsx,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Markdown,
        Format::Html,
        Format::Toml,
        Format::Xlsx,
    ];

    /// The format's name (`text`, `json`, `jsonl`, `csv`, `markdown`, `html`, `toml`,
    /// `xlsx`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Toml => "toml",
            Format::Xlsx => "xlsx",
        }
    }

    /// Reads a format name, accepting only those of `allowed` (a command's formats).
    pub fn parse_for(text: &str, allowed: &[Format]) -> Result<Format, String> {
        let names: Vec<&str> = allowed.iter().map(|f| f.as_str()).collect();
        match text.parse::<Format>() {
            Ok(f) if allowed.contains(&f) => Ok(f),
            _ => Err(format!(
                "不支持的格式 / unsupported format {text:?} (this command writes: {})",
                names.join(", ")
            )),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        let t = s.trim().to_ascii_lowercase();
        let t = match t.as_str() {
            "md" => "markdown",
            "ndjson" => "jsonl",
            other => other,
        };
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == t)
            .ok_or_else(|| format!("unknown format {s:?}"))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A part of a document.
#[derive(Debug, Clone)]
pub enum Part {
    /// A small value written as it is (the pack, the day, a summary with nested counts).
    Value(Value),
    /// A table, written row by row: each row an object of its columns, in order. A text
    /// column whose field metadata says `huanjie.json = true` holds JSON and is written as
    /// JSON (a finding's parameters and evidence); a null in a column whose metadata says
    /// `huanjie.omit_null = true` leaves the key out of that row.
    Table(RecordBatch),
}

/// A result as named parts, in the order they are written.
#[derive(Debug, Clone, Default)]
pub struct Document {
    parts: Vec<(String, Part)>,
}

impl Document {
    /// An empty document.
    pub fn new() -> Document {
        Document::default()
    }

    /// Adds a value.
    pub fn value(mut self, name: &str, value: impl Into<Value>) -> Document {
        self.parts
            .push((name.to_string(), Part::Value(value.into())));
        self
    }

    /// Adds anything serde can write, as a value (`null` if it cannot be).
    pub fn serialized(self, name: &str, value: &impl serde::Serialize) -> Document {
        let v = serde_json::to_value(value).unwrap_or(Value::Null);
        self.value(name, v)
    }

    /// Adds a table.
    pub fn table(mut self, name: &str, batch: RecordBatch) -> Document {
        self.parts.push((name.to_string(), Part::Table(batch)));
        self
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[(String, Part)] {
        &self.parts
    }

    /// The table named `name`.
    pub fn get_table(&self, name: &str) -> Option<&RecordBatch> {
        self.parts.iter().find_map(|(n, p)| match p {
            Part::Table(b) if n == name => Some(b),
            _ => None,
        })
    }
}
