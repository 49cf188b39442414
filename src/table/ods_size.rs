//! The size an ODS workbook unpacks to, counted before calamine opens it. calamine reads every
//! sheet of an ODS file when it opens it, and writes out each repeated row and column
//! (`table:number-rows-repeated`, `table:number-columns-repeated`) as cells of their own: an
//! 835-byte file can claim a million rows of a thousand cells. This pass reads `content.xml`
//! as it streams (nothing kept but counters) and counts the cell positions calamine would hold,
//! each twice (a value and a formula), against the `cells` limit — for the whole workbook, since
//! every sheet is read.

use super::limits::{Limits, too_large};
use crate::error::{InputError, Location};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Read};

/// Checks the cell positions an ODS workbook unpacks to against `limits.cells` before it is
/// opened. Anything but an ODS file (no `content.xml`), or XML that cannot be read, is left to
/// the workbook reader, which says what is wrong.
pub(crate) fn check_ods(bytes: &[u8], limits: Limits, at: &Location) -> Result<(), InputError> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let positions = positions(BufReader::new(content.take(limits.part_bytes)));
    if positions.saturating_mul(2) > limits.cells {
        return Err(too_large(
            at,
            "cells",
            limits.cells,
            "ODS 工作簿展开后的单元格过多 the ODS workbook unpacks to too many cells",
        ));
    }
    Ok(())
}

/// The cell positions calamine holds for the sheets of `content` (its `read_table` and
/// `get_range`): each row as read, then each sheet's rectangle from its first to its last row
/// holding something, repeated rows written out. Saturating: a claim beyond `u64` is `u64::MAX`.
fn positions(content: impl std::io::BufRead) -> u64 {
    let mut reader = quick_xml::Reader::from_reader(content);
    let (mut buf, mut total, mut sheet, mut row) =
        (Vec::new(), 0u64, Sheet::default(), Row::default());
    loop {
        let event = reader.read_event_into(&mut buf);
        match event {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                b"table:table" => sheet = Sheet::default(),
                b"table:table-row" => row = Row::new(repeats(&e, b"table:number-rows-repeated")),
                b"table:table-cell" | b"table:covered-table-cell" => {
                    // (a cell with content inside counts as holding something: an upper bound)
                    row.cell(repeats(&e, b"table:number-columns-repeated"), true);
                }
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"table:table-row" => {
                    Row::new(repeats(&e, b"table:number-rows-repeated")).end(&mut sheet)
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    let holds = has(&e, b"office:value-type") || has(&e, b"table:formula");
                    row.cell(repeats(&e, b"table:number-columns-repeated"), holds);
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                b"table:table-row" => std::mem::take(&mut row).end(&mut sheet),
                b"table:table" => total = total.saturating_add(std::mem::take(&mut sheet).end()),
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    total.saturating_add(sheet.end())
}

/// A repeat count (1 when absent or unreadable; calamine refuses the unreadable ones itself).
fn repeats(e: &BytesStart<'_>, name: &[u8]) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
        .unwrap_or(1)
}

fn has(e: &BytesStart<'_>, name: &[u8]) -> bool {
    matches!(e.try_get_attribute(name), Ok(Some(_)))
}

/// One `table:table-row` as calamine reads it: empty cells are written out only when another
/// cell follows them.
#[derive(Default)]
struct Row {
    repeats: u64,
    /// Cells written out.
    len: u64,
    /// Empty cells not written out yet.
    pending: u64,
    /// The first and one past the last position holding something.
    first: Option<u64>,
    end: u64,
}

impl Row {
    fn new(repeats: u64) -> Row {
        Row {
            repeats,
            ..Row::default()
        }
    }

    fn cell(&mut self, repeats: u64, holds: bool) {
        self.len = self.len.saturating_add(std::mem::take(&mut self.pending));
        if holds {
            self.first.get_or_insert(self.len);
            self.len = self.len.saturating_add(repeats);
            self.end = self.len;
        } else {
            self.pending = repeats;
        }
    }

    fn end(self, sheet: &mut Sheet) {
        sheet.read = sheet.read.saturating_add(self.len);
        match self.first {
            Some(first) => {
                sheet.col_min = sheet.col_min.min(first);
                sheet.col_end = sheet.col_end.max(self.end);
                // Rows between the first and this one, empty ones included, are written out.
                sheet.rows = sheet
                    .rows
                    .saturating_add(sheet.empty_since)
                    .saturating_add(self.repeats);
                sheet.empty_since = 0;
            }
            None if sheet.rows > 0 => {
                sheet.empty_since = sheet.empty_since.saturating_add(self.repeats)
            }
            None => {}
        }
    }
}

/// One `table:table`: the cells read row by row, and the rectangle written out.
struct Sheet {
    read: u64,
    rows: u64,
    empty_since: u64,
    col_min: u64,
    col_end: u64,
}

impl Default for Sheet {
    fn default() -> Sheet {
        Sheet {
            read: 0,
            rows: 0,
            empty_since: 0,
            col_min: u64::MAX,
            col_end: 0,
        }
    }
}

impl Sheet {
    fn end(self) -> u64 {
        // (empty rows are written out at the full width, from column 0)
        let width = self.col_end;
        self.read.saturating_add(self.rows.saturating_mul(width))
    }
}

#[cfg(test)]
mod tests {
    use super::positions;

    fn content(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn repeated_rows_and_columns_are_counted_as_calamine_writes_them_out() {
        let cell =
            r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
        let bomb = content(&format!(
            r#"<table:table-row>{cell}{cell}</table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
        ));
        // 2 + 1,000 read; 1,000,001 rows of 1,000 written out.
        assert_eq!(positions(bomb.as_bytes()), 1002 + 1_000_001 * 1000);
    }

    #[test]
    fn the_empty_rows_and_columns_a_spreadsheet_ends_with_are_not_counted() {
        let cell = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;
        let sheet = content(&format!(
            r#"<table:table-row>{cell}{cell}<table:table-cell table:number-columns-repeated="1022"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#
        ));
        assert_eq!(positions(sheet.as_bytes()), 2 + 2);
    }
}
