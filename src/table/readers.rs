//! File readers: CSV (UTF-8 with or without BOM, else GB18030), XLSX (first sheet or a named
//! one), JSON lines — each into one Arrow record batch of text columns, so that everything
//! after reading is shared with the Python front end.

use super::cells::format_number;
use super::columns::TableRole;
use super::limits::Limits;
use super::locate::{Located, RawRow, locate};
use crate::audit::InputInfo;
use crate::error::{InputError, Location, ProblemKind};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// An encoding label (`gbk`, `gb18030`, `utf-8`, `utf-16le`) overriding the detection.
    pub encoding: Option<String>,
    /// The XLSX sheet to read for every file without its own `#sheet` (a name, or a 1-based
    /// number); default: the first sheet holding the table's required columns.
    pub sheet: Option<String>,
    /// The separator of a text table, overriding the detection (comma, tab, semicolon).
    pub delimiter: Option<u8>,
    /// The bounds on each file read (size, cells, rows, text per cell).
    pub limits: Limits,
}

/// A file argument: its path and, for a workbook, the sheet (`人员.xlsx#2`,
/// `公安.xlsx#处罚记录`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    /// The file.
    pub path: PathBuf,
    /// The sheet's name or 1-based number.
    pub sheet: Option<String>,
}

impl FileSpec {
    /// Reads `file#sheet`: a path that exists as given is a path (even with a `#` in it);
    /// otherwise the text after the last `#` names the sheet.
    pub fn parse(arg: &str) -> FileSpec {
        if !Path::new(arg).exists()
            && let Some((file, sheet)) = arg.rsplit_once('#')
            && !file.is_empty()
            && !sheet.is_empty()
        {
            return FileSpec {
                path: PathBuf::from(file),
                sheet: Some(sheet.to_string()),
            };
        }
        FileSpec {
            path: PathBuf::from(arg),
            sheet: None,
        }
    }
}

impl From<&Path> for FileSpec {
    fn from(path: &Path) -> Self {
        FileSpec {
            path: path.to_path_buf(),
            sheet: None,
        }
    }
}

/// One file read as a table: the columns read (text), each row's line, and the audit entry
/// (sheet, header lines, every header's use, the rows skipped).
#[derive(Debug, Clone)]
pub struct ReadFile {
    /// The columns read, named as the file spells them.
    pub batch: RecordBatch,
    /// The line of each data row.
    pub lines: Vec<u32>,
    /// The audit entry.
    pub info: InputInfo,
}

/// Reads a table file by its extension (`.csv`/`.tsv`/`.txt`, `.xlsx`/`.xlsm`,
/// `.jsonl`/`.ndjson`/`.json`) as the table `table`, keeping only the columns that table
/// reads (the others are listed in the audit's `ignored`).
pub fn read_path(
    path: &Path,
    table: &str,
    options: &ReadOptions,
) -> Result<(RecordBatch, InputInfo), InputError> {
    let role = TableRole::ALL
        .into_iter()
        .find(|r| r.name() == table)
        .ok_or_else(|| {
            InputError::bad(Location::table(table), ProblemKind::Other, "unknown table")
        })?;
    let r = read_file(&FileSpec::from(path), role, options)?;
    Ok((r.batch, r.info))
}

/// Reads one file as a table of `role`: finds the sheet and the header, skips title, blank
/// and footer rows, and accounts for every header and row.
pub fn read_file(
    spec: &FileSpec,
    role: TableRole,
    options: &ReadOptions,
) -> Result<ReadFile, InputError> {
    let path = &spec.path;
    let at = Location {
        table: role.name().to_string(),
        file: Some(path.display().to_string()),
        ..Location::default()
    };
    let bytes = super::limits::read_bounded(path, options.limits.file_bytes, &at)?;
    let sheet = spec.sheet.clone().or_else(|| options.sheet.clone());
    let options = ReadOptions {
        sheet,
        ..options.clone()
    };
    read_bytes(&bytes, &path.display().to_string(), role, &options)
}

/// Reads a file's bytes (already in memory: an upload, a fuzzer's input) as a table of
/// `role`, in the format `name`'s extension says, exactly as [`read_file`] reads a file.
pub fn read_bytes(
    bytes: &[u8],
    name: &str,
    role: TableRole,
    options: &ReadOptions,
) -> Result<ReadFile, InputError> {
    let at = Location {
        table: role.name().to_string(),
        file: Some(name.to_string()),
        ..Location::default()
    };
    let limits = options.limits;
    if bytes.len() as u64 > limits.file_bytes {
        return Err(super::limits::too_large(
            &at,
            "file_bytes",
            limits.file_bytes,
            "文件过大 the file is too large",
        ));
    }
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let sheet = options.sheet.clone();
    let (sheet, found) = match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            super::workbook::read_workbook(bytes, sheet.as_deref(), role, limits, &at)?
        }
        "jsonl" | "ndjson" | "json" => (
            None,
            read_jsonl(&decode(bytes, options, &at)?, role, limits, &at)?,
        ),
        _ => {
            let text = decode(bytes, options, &at)?;
            let delimiter = options
                .delimiter
                .unwrap_or_else(|| detect_delimiter(&text, ext == "tsv"));
            let rows = super::limits::bounded_rows(csv_rows(&text, delimiter, &at), limits, &at);
            let found = locate(rows, role, &at)?.map_err(|miss| miss.into_error(&at))?;
            (None, found)
        }
    };
    let sha = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let at = Location {
        sheet: sheet.clone(),
        ..at
    };
    let batch = batch_of(found.labels, found.data, &at)?;
    let info = InputInfo {
        table: role.name().to_string(),
        name: name.to_string(),
        rows: batch.num_rows() as u64,
        sha256: Some(sha),
        sheet,
        header_lines: found.header_lines,
        data_lines: found
            .lines
            .first()
            .zip(found.lines.last())
            .map(|(a, b)| [*a, *b]),
        columns: found.columns,
        ignored: found.ignored,
        skipped_rows: found.skipped,
    };
    Ok(ReadFile {
        batch,
        lines: found.lines,
        info,
    })
}

/// Decodes text: an explicit encoding; else UTF-16 with its byte-order mark (Excel's "Unicode
/// text"); else UTF-8 (BOM stripped) when valid; else GB18030.
fn decode(bytes: &[u8], options: &ReadOptions, at: &Location) -> Result<String, InputError> {
    if let Some(label) = &options.encoding {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            InputError::Unreadable {
                at: at.clone(),
                what: format!("未知的编码 unknown encoding {label:?}"),
            }
        })?;
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(InputError::Unreadable {
                at: at.clone(),
                what: format!("文件不是 {0} 编码 the file is not valid {0}", enc.name()),
            });
        }
        return Ok(text.into_owned());
    }
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(enc) = utf16 {
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(InputError::Unreadable {
                at: at.clone(),
                what: format!("文件不是 {0} 编码 the file is not valid {0}", enc.name()),
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
            what: "文件既不是 UTF-8 也不是 GB18030 文本，请用 --encoding 指定 the file is neither UTF-8 nor GB18030 text; give --encoding".into(),
        });
    }
    Ok(text.into_owned())
}

/// The separator of a text table: of comma, tab and semicolon, the one found most often in
/// the first lines (a tab for `.tsv` files and for ties with it).
fn detect_delimiter(text: &str, tsv: bool) -> u8 {
    if tsv {
        return b'\t';
    }
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let count = |d: char| sample.iter().map(|l| l.matches(d).count()).sum::<usize>();
    let (tab, comma, semi) = (count('\t'), count(','), count(';'));
    if tab > 0 && tab >= comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// The non-blank rows of a text table with their lines (a quoted cell may span lines: a row's
/// line is the one it starts on).
fn csv_rows<'a>(
    text: &'a str,
    delimiter: u8,
    at: &'a Location,
) -> impl Iterator<Item = Result<RawRow, InputError>> + 'a {
    let reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    // The csv crate does not count blank lines: count lines from the byte offsets.
    let (mut at_byte, mut at_line) = (0usize, 1u32);
    let bytes = text.as_bytes();
    // (A record's position is where reading it began, before the blank lines it skipped.)
    let mut line_of = move |byte: usize| -> u32 {
        let mut end = byte.min(bytes.len());
        while matches!(bytes.get(end), Some(b'\n' | b'\r')) {
            end += 1;
        }
        if end > at_byte {
            let newlines = bytes[at_byte..end].iter().filter(|b| **b == b'\n').count();
            at_line = at_line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            at_byte = end;
        }
        at_line
    };
    // Where the last record began, to look for a quote left open at the end of the file.
    let last_start = std::rc::Rc::new(std::cell::Cell::new(None::<(usize, u32)>));
    let last_seen = last_start.clone();
    let rows = reader.into_records().filter_map(move |rec| {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| line_of(usize::try_from(p.byte()).unwrap_or(usize::MAX)) as usize);
                return Some(Err(InputError::Unreadable {
                    at: Location { line, ..at.clone() },
                    what: csv_error(&e),
                }));
            }
        };
        let start = rec
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let line = line_of(start);
        last_seen.set(Some((start, line)));
        if rec.iter().all(|c| c.trim().is_empty()) {
            return None;
        }
        // A quote left open swallows the lines below it into one cell (rows lost without a
        // word): a cell running over lines that hold the delimiter is such a quote.
        let sep = char::from(delimiter);
        if let Some(swallowed) = rec.iter().find(|c| {
            c.lines().skip(1).any(|l| l.contains(sep)) || c.lines().count() > MAX_CELL_LINES
        }) {
            let lines = swallowed.lines().count();
            return Some(Err(InputError::BadValue {
                at: Location {
                    line: Some(line as usize),
                    ..at.clone()
                },
                kind: ProblemKind::Malformed,
                what: format!(
                    "第 {line} 行有一个引号未闭合，吞并了下面 {} 行 a quote opened on line {line} \
                     is not closed: it runs over the next {} lines (rows, or more lines than a \
                     cell holds)",
                    lines.saturating_sub(1),
                    lines.saturating_sub(1)
                ),
            }));
        }
        let cells = rec
            .iter()
            .map(|c| {
                let c = c.trim().trim_start_matches('\u{feff}').trim();
                (!c.is_empty()).then(|| c.to_string())
            })
            .collect();
        Some(Ok(RawRow { line, cells }))
    });
    // A quote opened in the last record and never closed ends the file inside a cell.
    let end = std::iter::once_with(move || {
        let (start, line) = last_start.get()?;
        let open = unclosed_quote(bytes.get(start..)?, delimiter)?;
        let line = line.saturating_add(
            u32::try_from(bytes[start..start + open].iter().filter(|b| **b == b'\n').count())
                .unwrap_or(u32::MAX),
        );
        Some(Err(InputError::BadValue {
            at: Location {
                line: Some(line as usize),
                ..at.clone()
            },
            kind: ProblemKind::Malformed,
            what: format!(
                "第 {line} 行有一个引号直到文件末尾都未闭合 a quote opened on line {line} is never closed: \
                 the file ends inside it"
            ),
        }))
    })
    .flatten();
    rows.chain(end)
}

/// The most lines one quoted cell may run over: more is a quote left open.
const MAX_CELL_LINES: usize = 50;

/// Where a quote opened and never closed begins in `record` (the text from a record's first
/// byte to the end of the file), as the csv reader reads quotes: only at a cell's start, `""`
/// inside a quoted cell being one quote.
fn unclosed_quote(record: &[u8], delimiter: u8) -> Option<usize> {
    let (mut at_start, mut open) = (true, None);
    let mut i = 0;
    while let Some(&b) = record.get(i) {
        match open {
            Some(_) if b == b'"' && record.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => open = None,
            Some(_) => {}
            None if b == b'"' && at_start => open = Some(i),
            None => {}
        }
        at_start = open.is_none() && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    open
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

fn csv_error(e: &csv::Error) -> String {
    // The csv crate's messages quote positions, not cell contents.
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "这一行不是有效的文本 the line is not valid text".into(),
        _ => e.to_string(),
    }
}

/// Reads JSON lines: one object per line; keys (the headers) in order of first appearance.
/// The start of the message for a key given twice.
const TWICE: &str = "a key given twice: ";

/// A JSON object read with every key once: a key given twice is an error (serde_json would
/// keep the last value without a word, so a row would silently lose a cell).
struct UniqueKeys(serde_json::Map<String, serde_json::Value>);

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = UniqueKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<UniqueKeys, A::Error> {
                let mut m = serde_json::Map::new();
                while let Some(k) = a.next_key::<String>()? {
                    if m.contains_key(&k) {
                        return Err(serde::de::Error::custom(format_args!("{TWICE}{k:?}")));
                    }
                    let v: serde_json::Value = a.next_value()?;
                    m.insert(k, v);
                }
                Ok(UniqueKeys(m))
            }
        }
        d.deserialize_map(Visit)
    }
}

fn read_jsonl(
    text: &str,
    role: TableRole,
    limits: Limits,
    at: &Location,
) -> Result<Located, InputError> {
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = u32::try_from(line_no + 1).unwrap_or(u32::MAX);
        let here = Location {
            row: Some(rows.len()),
            line: Some(n as usize),
            ..at.clone()
        };
        if rows.len() as u64 >= limits.rows {
            return Err(super::limits::too_large(
                &here,
                "rows",
                limits.rows,
                "行数过多 too many rows",
            ));
        }
        if super::limits::too_long(line, limits.cell_chars.saturating_mul(64)) {
            return Err(super::limits::too_large(
                &here,
                "cell_chars",
                limits.cell_chars,
                "这一行的文字过长 the line holds too much text",
            ));
        }
        let obj: UniqueKeys = serde_json::from_str(line).map_err(|e| InputError::BadValue {
            at: here,
            kind: ProblemKind::Malformed,
            what: match e.classify() {
                // (our own message names the key: a header, never a cell's value; serde_json's
                // other messages can quote a value and are not passed on)
                serde_json::error::Category::Data if e.to_string().starts_with(TWICE) => {
                    format!("JSON 对象有重复的键 the JSON object repeats a key ({e})")
                }
                _ => format!(
                    "不是 JSON 对象 not a JSON object (character {})",
                    e.column()
                ),
            },
        })?;
        rows.push(obj.0);
        lines.push(n);
    }
    let batch = batch_from_json_rows(&rows, at)?;
    let mut out = Located {
        lines,
        ..Located::default()
    };
    let mut seen: Vec<(&'static str, String)> = Vec::new();
    for (field, array) in batch.schema().fields().iter().zip(batch.columns()) {
        let name = field.name().clone();
        let m = super::columns::canonical_column(&name, role.columns());
        out.columns.push(crate::audit::ColumnUse {
            header: name.clone(),
            column: m.map(str::to_string),
        });
        let Some(c) = m else {
            out.ignored.push(name);
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == c) {
            return Err(InputError::DuplicateColumn {
                at: at.clone(),
                canonical: c.to_string(),
                first: first.clone(),
                second: name,
            });
        }
        seen.push((c, name.clone()));
        let text = super::cells::text_col(array).map_err(|e| InputError::Unreadable {
            at: at.clone(),
            what: e.to_string(),
        })?;
        out.data.push(
            (0..array.len())
                .map(|i| text.get(i).map(str::to_string))
                .collect(),
        );
        out.labels.push(name);
    }
    let missing: Vec<String> = role
        .required()
        .iter()
        .filter(|r| !seen.iter().any(|(c, _)| c == *r))
        .map(|r| r.to_string())
        .collect();
    if !missing.is_empty() && !rows.is_empty() {
        return Err(InputError::MissingColumns {
            at: at.clone(),
            accepted: super::columns::accepted_headers(&missing),
            columns: missing,
        });
    }
    Ok(out)
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

#[cfg(test)]
mod line_tests {
    #[test]
    fn lines_count_blank_lines() {
        let at = crate::error::Location::table("people");
        let rows: Vec<_> = super::csv_rows("t\n\na,b\n1,2\n\n3,4\n", b',', &at)
            .map(|r| r.unwrap().line)
            .collect();
        assert_eq!(rows, vec![1, 3, 4, 6]);
    }
}
