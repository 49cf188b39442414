//! Bounds on what one input file may ask of the machine: its size, the decompressed size of
//! a workbook's parts, the cells of a sheet, the text of one cell, the rows of a table. Each is
//! a default that a run raises (`--limit rows=100000000`, Python `limits={"rows": …}`); going
//! over one is an error naming the file and the limit, raised before the memory is taken.

use crate::error::{InputError, Location, ProblemKind};
use std::io::Read;

/// The bounds of one run's reading (docs/tables.md "Limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one input file (or pack, or divisions list) as stored.
    pub file_bytes: u64,
    /// Bytes of one part of an XLSX workbook once decompressed (a sheet, the shared strings).
    pub part_bytes: u64,
    /// Cell positions of one sheet: each row counted from column A to its last cell.
    pub cells: u64,
    /// Characters of one cell (Excel itself holds at most 32,767).
    pub cell_chars: u64,
    /// Rows of one table file.
    pub rows: u64,
}

impl Default for Limits {
    /// 4 GiB files and parts, 100 million cells a sheet, 32,767 characters a cell (Excel's
    /// own limit), 50 million rows a file: far above a province's register, far below what
    /// exhausts a 16 GiB machine.
    fn default() -> Self {
        Limits {
            file_bytes: 4 << 30,
            part_bytes: 4 << 30,
            cells: 100_000_000,
            cell_chars: 32_767,
            rows: 50_000_000,
        }
    }
}

/// The names of the limits, as `--limit NAME=N` and Python's `limits={NAME: N}` spell them.
pub const LIMIT_NAMES: [&str; 5] = ["file_bytes", "part_bytes", "cells", "cell_chars", "rows"];

impl Limits {
    /// Sets the limit `name` (one of [`LIMIT_NAMES`]); `false` for an unknown name.
    pub fn set(&mut self, name: &str, value: u64) -> bool {
        let slot = match name {
            "file_bytes" => &mut self.file_bytes,
            "part_bytes" => &mut self.part_bytes,
            "cells" => &mut self.cells,
            "cell_chars" => &mut self.cell_chars,
            "rows" => &mut self.rows,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// Reads `NAME=N` (`N` may end in K, M or G, powers of 1024 for bytes and of 1000 for
    /// counts) into these limits.
    pub fn set_text(&mut self, text: &str) -> Result<(), String> {
        let bad = || {
            format!(
                "上限应写作 NAME=N a limit is NAME=N, NAME one of {}",
                LIMIT_NAMES.join(", ")
            )
        };
        let (name, value) = text.split_once('=').ok_or_else(bad)?;
        let name = name.trim();
        let bytes = name.ends_with("_bytes");
        let value = value.trim();
        let (digits, unit) = match value.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            Some((i, _)) => value.split_at(i),
            None => (value, ""),
        };
        let scale: u64 = match (unit.to_ascii_uppercase().as_str(), bytes) {
            ("", _) => 1,
            ("K", true) => 1 << 10,
            ("M", true) => 1 << 20,
            ("G", true) => 1 << 30,
            ("K", false) => 1_000,
            ("M", false) => 1_000_000,
            ("G", false) => 1_000_000_000,
            _ => return Err(bad()),
        };
        let n = digits
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(scale))
            .ok_or_else(bad)?;
        if self.set(name, n) {
            Ok(())
        } else {
            Err(bad())
        }
    }
}

/// The error for going over limit `name` (`what` says what went over, in both languages).
pub(crate) fn too_large(at: &Location, name: &str, limit: u64, what: &str) -> InputError {
    InputError::bad(
        at.clone(),
        ProblemKind::TooLarge,
        format!(
            "{what}，超过上限 {name} = {limit} exceeds the limit {name} = {limit} \
             (提高上限 raise it: --limit {name}=N; Python limits={{\"{name}\": N}})"
        ),
    )
}

/// Reads a whole file, at most `limits.file_bytes` of it: a larger file (or an endless
/// source such as a pipe or a device) is an error, not a process the kernel stops.
pub fn read_bounded(
    path: &std::path::Path,
    limit: u64,
    at: &Location,
) -> Result<Vec<u8>, InputError> {
    let unreadable = |e: std::io::Error| InputError::Unreadable {
        at: at.clone(),
        what: match e.kind() {
            std::io::ErrorKind::NotFound => "文件不存在 the file does not exist".to_string(),
            _ => crate::error::io_reason(&e),
        },
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // (sized from the file's length, as std::fs::read does, so a large file is not copied
    // while the buffer grows; a device or pipe says 0 and grows)
    let hint = file
        .metadata()
        .map_or(0, |m| m.len())
        .min(limit.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(
            at,
            "file_bytes",
            limit,
            "文件过大 the file is too large",
        ));
    }
    Ok(bytes)
}

/// Checks the declared decompressed size of every part of a zip container (an XLSX
/// workbook) against `limit` before any part is read: a small file that unpacks into
/// gigabytes of XML is refused at once.
pub(crate) fn check_parts(bytes: &[u8], limit: u64, at: &Location) -> Result<(), InputError> {
    // (a file that is not a zip is left to the workbook reader, which says so)
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            continue;
        };
        if part.size() > limit {
            return Err(too_large(
                at,
                "part_bytes",
                limit,
                // (the size is the file's own claim: not repeated, as nothing of a file is)
                "工作簿的一个部分解压后过大 a part of the workbook unpacks to too many bytes",
            ));
        }
    }
    Ok(())
}

/// Passes rows on while they stay within `limits` (rows per file, characters per cell).
pub(crate) fn bounded_rows<'a>(
    rows: impl Iterator<Item = Result<super::locate::RawRow, InputError>> + 'a,
    limits: Limits,
    at: &'a Location,
) -> impl Iterator<Item = Result<super::locate::RawRow, InputError>> + 'a {
    let mut n: u64 = 0;
    rows.map(move |row| {
        let row = row?;
        n = n.saturating_add(1);
        if n > limits.rows {
            return Err(too_large(
                &Location {
                    line: Some(row.line as usize),
                    ..at.clone()
                },
                "rows",
                limits.rows,
                "行数过多 too many rows",
            ));
        }
        if let Some(j) = row
            .cells
            .iter()
            .position(|c| c.as_deref().is_some_and(|t| too_long(t, limits.cell_chars)))
        {
            return Err(too_large(
                &Location {
                    line: Some(row.line as usize),
                    column: Some(format!("column_{}", j + 1)),
                    ..at.clone()
                },
                "cell_chars",
                limits.cell_chars,
                "单元格文字过长 a cell holds too much text",
            ));
        }
        Ok(row)
    })
}

/// Whether `text` has more than `limit` characters (counted only when its bytes could).
pub(crate) fn too_long(text: &str, limit: u64) -> bool {
    text.len() as u64 > limit && text.chars().count() as u64 > limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_set_by_name_with_units() {
        let mut l = Limits::default();
        l.set_text("rows=2M").unwrap();
        l.set_text("file_bytes=1G").unwrap();
        l.set_text("cell_chars=10").unwrap();
        assert_eq!(l.rows, 2_000_000);
        assert_eq!(l.file_bytes, 1 << 30);
        assert_eq!(l.cell_chars, 10);
        assert!(l.set_text("rows").is_err());
        assert!(l.set_text("nothing=3").is_err());
        assert!(l.set_text("rows=99999999999999999999").is_err());
        assert!(l.set_text("rows=5T").is_err());
    }

    #[test]
    fn text_length_is_counted_in_characters() {
        assert!(!too_long("是是是", 3));
        assert!(too_long("是是是是", 3));
        assert!(too_long("abcd", 3));
    }
}
