//! Workbooks (XLSX, XLSM, XLSB; XLS and ODS as calamine reads them): the sheet holding the
//! table, read cell by cell within the run's [`Limits`] — never as the rectangle a sheet's
//! dimension claims — with cells merged down a column shown on every row, as Excel shows them.

use super::cells::format_number;
use super::columns::TableRole;
use super::limits::{Limits, too_large, too_long};
use super::locate::{Located, RawRow, locate};
use crate::error::{InputError, Location};
use calamine::Data;
use std::collections::HashMap;

/// A sheet's cells that hold something, by (0-based row, 0-based column), in order.
struct SheetCells(Vec<((u32, u32), Data)>);

impl SheetCells {
    /// The cell at `pos`, when it holds something.
    fn get(&self, pos: (u32, u32)) -> Option<&Data> {
        self.0
            .binary_search_by_key(&pos, |(p, _)| *p)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, d)| d)
    }
    /// The last row holding a cell.
    fn last_row(&self) -> Option<u32> {
        self.0.last().map(|((r, _), _)| *r)
    }
}

/// Reads the table from a workbook: the sheet named or numbered, else the first sheet that
/// holds the table's required columns. Numbers become text (see `format_number`), date cells
/// ISO dates.
pub(super) fn read_workbook(
    bytes: &[u8],
    sheet: Option<&str>,
    role: TableRole,
    limits: Limits,
    at: &Location,
) -> Result<(Option<String>, Located), InputError> {
    use calamine::{Reader, open_workbook_auto_from_rs};
    let unreadable = |what: String| InputError::Unreadable {
        at: at.clone(),
        what,
    };
    super::limits::check_parts(bytes, limits.part_bytes, at)?;
    super::ods_size::check_ods(bytes, limits, at)?;
    let mut wb = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        unreadable(format!(
            "无法打开工作簿 cannot open the workbook: {}",
            workbook_error(&e)
        ))
    })?;
    let names = wb.sheet_names();
    let chosen: Vec<String> = match sheet {
        Some(s) => {
            let by_name = names.iter().find(|n| n.as_str() == s).cloned();
            let by_number = s
                .parse::<usize>()
                .ok()
                .and_then(|k| k.checked_sub(1))
                .and_then(|k| names.get(k).cloned());
            match by_name.or(by_number) {
                Some(n) => vec![n],
                None => {
                    return Err(unreadable(format!(
                        "没有工作表 {s:?} no sheet named or numbered {s:?} (sheets: {})",
                        names.join(", ")
                    )));
                }
            }
        }
        None => names.clone(),
    };
    if chosen.is_empty() {
        return Err(unreadable(
            "工作簿没有工作表 the workbook has no sheet".into(),
        ));
    }
    let mut misses = Vec::new();
    for name in &chosen {
        let here = Location {
            sheet: Some(name.clone()),
            ..at.clone()
        };
        let cells = sheet_cells(&mut wb, name, limits, &here)?;
        let merged = vertical_merges(&mut wb, name, &cells).map_err(|e| {
            unreadable(format!(
                "无法读取工作表 {name:?} 的合并单元格 cannot read the merged cells of sheet {name:?}: {}",
                workbook_error(&e)
            ))
        })?;
        let rows = sheet_rows(&cells, &merged);
        match locate(
            super::limits::bounded_rows(rows, limits, &here),
            role,
            &here,
        )? {
            Ok(found) => return Ok((Some(name.clone()), found)),
            Err(miss) => misses.push((name.clone(), miss)),
        }
    }
    // No sheet holds the table: name each sheet and what it lacks.
    match misses.len() {
        1 => {
            let (name, miss) = misses.remove(0);
            Err(miss.into_error(&Location {
                sheet: Some(name),
                ..at.clone()
            }))
        }
        _ => {
            let missing: Vec<String> = role.required().iter().map(|c| c.to_string()).collect();
            Err(InputError::MissingColumns {
                at: Location {
                    sheet: Some(
                        misses
                            .iter()
                            .map(|(n, m)| match m.closest {
                                Some(l) => format!("{n} (closest: line {l})"),
                                None => n.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    ..at.clone()
                },
                accepted: super::columns::accepted_headers(&missing),
                columns: missing,
            })
        }
    }
}

/// The cells of sheet `name` that hold something, read one by one (XLSX and XLSB stream
/// their cells; XLS and ODS come whole from calamine), within `limits`: the number of cell
/// positions (each row from column A to its last cell) and the text of each cell.
fn sheet_cells<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Sheets<RS>,
    name: &str,
    limits: Limits,
    at: &Location,
) -> Result<SheetCells, InputError> {
    let cannot = |e: calamine::Error| InputError::Unreadable {
        at: at.clone(),
        what: format!(
            "无法读取工作表 cannot read sheet {name:?}: {}",
            workbook_error(&e)
        ),
    };
    let mut cells: Vec<((u32, u32), Data)> = Vec::new();
    let mut keep = |pos: (u32, u32), d: Data| -> Result<(), InputError> {
        if matches!(d, Data::Empty) {
            return Ok(());
        }
        if cells.len() as u64 >= limits.cells {
            return Err(too_large(
                at,
                "cells",
                limits.cells,
                "工作表的单元格过多 the sheet has too many cells",
            ));
        }
        if let Data::String(s) = &d
            && too_long(s, limits.cell_chars)
        {
            return Err(too_large(
                &Location {
                    line: Some(pos.0 as usize + 1),
                    column: Some(format!("column_{}", pos.1 as u64 + 1)),
                    ..at.clone()
                },
                "cell_chars",
                limits.cell_chars,
                "单元格文字过长 a cell holds too much text",
            ));
        }
        cells.push((pos, d));
        Ok(())
    };
    match wb {
        calamine::Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(r) => r,
                // (a chart sheet holds no table)
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(SheetCells(Vec::new())),
                Err(e) => return Err(cannot(e.into())),
            };
            while let Some(c) = reader.next_cell().map_err(|e| cannot(e.into()))? {
                keep(c.get_position(), Data::from(c.get_value().clone()))?;
            }
        }
        calamine::Sheets::Xlsb(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(|e| cannot(e.into()))?;
            while let Some(c) = reader.next_cell().map_err(|e| cannot(e.into()))? {
                keep(c.get_position(), Data::from(c.get_value().clone()))?;
            }
        }
        other => {
            use calamine::Reader;
            let range = other.worksheet_range(name).map_err(cannot)?;
            for (r, c, d) in range.used_cells() {
                let (r, c) = (u32::try_from(r), u32::try_from(c));
                if let (Ok(r), Ok(c)) = (r, c) {
                    keep(
                        (
                            r.saturating_add(range.start().map_or(0, |s| s.0)),
                            c.saturating_add(range.start().map_or(0, |s| s.1)),
                        ),
                        d.clone(),
                    )?;
                }
            }
        }
    }
    // (a cell given twice keeps its last value, as calamine's own ranges do)
    cells.sort_by_key(|(p, _)| *p);
    cells.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    // Each row is laid out from column A: bound the positions before they are made.
    let mut positions: u64 = 0;
    let mut i = 0;
    while let Some(((row, _), _)) = cells.get(i) {
        let end = i + cells[i..].partition_point(|((r, _), _)| r == row);
        let width = cells
            .get(end.saturating_sub(1))
            .map_or(0, |((_, c), _)| u64::from(*c) + 1);
        positions = positions.saturating_add(width);
        if positions > limits.cells {
            return Err(too_large(
                at,
                "cells",
                limits.cells,
                "工作表的单元格过多（每行从 A 列算到最后一个单元格） the sheet has too many cells (each row counted from column A to its last cell)",
            ));
        }
        i = end;
    }
    Ok(SheetCells(cells))
}

/// The sheet's non-blank rows, each from column A, with the merged cells filled in.
fn sheet_rows<'a>(
    cells: &'a SheetCells,
    merged: &'a HashMap<u32, Vec<(usize, String)>>,
) -> impl Iterator<Item = Result<RawRow, InputError>> + 'a {
    let all = &cells.0;
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let ((row, _), _) = all.get(i)?;
            let row = *row;
            let end = i + all[i..].partition_point(|((r, _), _)| *r == row);
            let here = all.get(i..end).unwrap_or_default();
            i = end;
            let width = here.last().map_or(0, |((_, c), _)| *c as usize + 1);
            let mut out: Vec<Option<String>> = vec![None; width];
            for ((_, c), d) in here {
                if let Some(slot) = out.get_mut(*c as usize) {
                    *slot = cell_text(d);
                }
            }
            if out.iter().all(Option::is_none) {
                continue;
            }
            for (column, value) in merged.get(&row).into_iter().flatten() {
                if let Some(c) = out.get_mut(*column)
                    && c.is_none()
                {
                    *c = Some(value.clone());
                }
            }
            return Some(Ok(RawRow {
                line: row.saturating_add(1),
                cells: out,
            }));
        }
    })
}

/// The cells under the first of each range merged down one column (区划代码 merged over a
/// village's rows, the usual layout), by 0-based sheet row: the merge's value, as Excel shows
/// it on every row of the range. (Ranges merged across columns — titles, grouped headers — are
/// left to the table finder.)
fn vertical_merges<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Sheets<RS>,
    name: &str,
    cells: &SheetCells,
) -> Result<HashMap<u32, Vec<(usize, String)>>, calamine::Error> {
    // (a sheet without merges has none to read; one whose merges cannot be read is an error,
    // not a table read as if nothing were merged)
    let regions = match wb {
        calamine::Sheets::Xlsx(x) => x
            .worksheet_merge_cells(name)
            .transpose()?
            .unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut out: HashMap<u32, Vec<(usize, String)>> = HashMap::new();
    for d in regions {
        let ((r0, c0), (r1, c1)) = (d.start, d.end);
        if c0 != c1 || r1 <= r0 {
            continue;
        }
        let Some(value) = cells.get((r0, c0)).and_then(cell_text) else {
            continue;
        };
        // (rows past the sheet's data add nothing: its last cell bounds the rows read)
        let last = r1.min(cells.last_row().unwrap_or(r0));
        for r in r0.saturating_add(1)..=last {
            out.entry(r).or_default().push((c0 as usize, value.clone()));
        }
    }
    Ok(out)
}

/// What is wrong with a workbook, in the project's own words: the reader's message can quote
/// a cell (an ID number, a name) and is never passed on.
fn workbook_error(e: &calamine::Error) -> &'static str {
    use calamine::{Error as E, XlsxError as X};
    match e {
        E::Io(_) | E::Xlsx(X::Io(_)) => "文件无法读取 the file cannot be read",
        E::Xlsx(X::Zip(_)) => "不是有效的 xlsx（zip）文件 not a valid xlsx (zip) file",
        E::Xlsx(X::Xml(_) | X::XmlAttr(_) | X::XmlEof(_) | X::UnexpectedNode(_)) => {
            "工作表的 XML 无效 the sheet's XML is not valid"
        }
        E::Xlsx(X::FileNotFound(_) | X::RelationshipNotFound) => {
            "工作簿缺少组成部分 a part of the workbook is missing"
        }
        E::Xlsx(_) => {
            "工作簿中有无法识别的单元格或数值 a cell or value of the workbook cannot be read"
        }
        E::Xls(_) | E::Xlsb(_) | E::Ods(_) => {
            "无法读取该格式的工作簿 the workbook cannot be read in this format"
        }
        _ => "工作簿无效 the workbook is not valid",
    }
}

/// A workbook cell as text.
fn cell_text(d: &Data) -> Option<String> {
    match d {
        Data::Empty => None,
        Data::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Data::Float(f) => Some(format_number(*f)),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(dt) => Some(
            excel_date(dt.as_f64()).map_or_else(|| format_number(dt.as_f64()), |d| d.to_string()),
        ),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(_) => Some("#ERROR".into()),
    }
}

/// The calendar date of an Excel serial date (days since 1899-12-30 in the 1900 system).
fn excel_date(serial: f64) -> Option<chrono::NaiveDate> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}
