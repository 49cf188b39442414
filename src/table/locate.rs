//! Finding the table in what a clerk hands over (docs/tables.md "Finding the table"): title
//! rows above the header are skipped, a two-row merged header is joined, blank rows are
//! skipped, footer rows (合计, 备注, 填表人 …) are not data — and every header and every skipped
//! row is accounted for, with the line the clerk sees.

use super::columns::{TableRole, header_meanings, is_cjk, normalize_header};
use crate::audit::{ColumnUse, SkipReason, SkippedRow};
use crate::error::{InputError, Location, ProblemKind};

/// One non-blank row as read: its 1-based line and its cells (trimmed; empty as `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawRow {
    /// The line the clerk sees (in a workbook, the sheet's row number).
    pub(crate) line: u32,
    /// The cells, left to right.
    pub(crate) cells: Vec<Option<String>>,
}

/// How many non-blank rows at the top are searched for the header.
const HEADER_SEARCH: usize = 30;

/// What opens a row below the data that is not a person (after NFKC normalisation, spaces
/// removed, lower case).
const FOOTER_WORDS: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "共计",
    "备注",
    "说明",
    "注:",
    "附注",
    "填表人",
    "填报人",
    "审核人",
    "审批人",
    "制表人",
    "制表",
    "填表日期",
    "填报日期",
    "负责人",
    "联系人",
    "联系电话",
    "经办人",
    "(盖章)",
    "单位(盖章)",
    "total",
    "subtotal",
    "note:",
];

/// The first characters of [`FOOTER_WORDS`] (lower case, half width).
const FOOTER_OPENINGS: &str = "合小总共备说注附填审制负联经(单tsn";

/// The table found in a sheet or a text file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Located {
    /// The header's lines (one, or two for a merged header).
    pub(crate) header_lines: Vec<u32>,
    /// Every header position: its label and the column it is read as.
    pub(crate) columns: Vec<ColumnUse>,
    /// The labels of the columns read, in order (a subset of `columns`).
    pub(crate) labels: Vec<String>,
    /// The cells of the columns read, column by column.
    pub(crate) data: Vec<Vec<Option<String>>>,
    /// The line of each data row.
    pub(crate) lines: Vec<u32>,
    /// The rows that are not data.
    pub(crate) skipped: Vec<SkippedRow>,
    /// Positions without a header (or with one no column has) that hold data.
    pub(crate) ignored: Vec<String>,
}

/// Why no header was found: the closest row and what it lacked.
#[derive(Debug, Clone)]
pub(crate) struct NoHeader {
    /// The line of the row that mapped most columns, if any row mapped one.
    pub(crate) closest: Option<u32>,
    /// The required columns that row lacks (all of them when no row mapped any).
    pub(crate) missing: Vec<String>,
}

/// A header position: its label and the column it means within the table, if any.
type Labels = Vec<(String, Option<&'static str>)>;

fn text(cell: &Option<String>) -> Option<&str> {
    cell.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The column a label means within `role`; an error when it could mean two.
fn meaning(
    label: &str,
    role: TableRole,
    at: &Location,
) -> Result<Option<&'static str>, InputError> {
    let m = header_meanings(label, role.columns());
    if m.len() > 1 {
        return Err(InputError::bad(
            at.clone(),
            ProblemKind::DuplicateColumn,
            format!(
                "表头 {label:?} 可指多列 the header could mean several columns: {}",
                m.join(", ")
            ),
        ));
    }
    Ok(m.first().copied())
}

fn labels_of(
    cells: &[Option<String>],
    role: TableRole,
    at: &Location,
) -> Result<Labels, InputError> {
    cells
        .iter()
        .map(|c| {
            let label = text(c).unwrap_or_default().to_string();
            let m = meaning(&label, role, at)?;
            Ok((label, m))
        })
        .collect()
}

/// A two-row header joined: under a merged upper cell (基本信息 over 姓名/性别/公民身份号码)
/// the lower label, or upper+lower where the lower alone means nothing or repeats (本人/亲属
/// over 身份证号码); a cell merged down the two rows (序号) keeps its upper label.
fn joined(
    upper: &[Option<String>],
    lower: &[Option<String>],
    role: TableRole,
    at: &Location,
) -> Result<Labels, InputError> {
    let width = upper.len().max(lower.len());
    let cell = |row: &[Option<String>], j: usize| row.get(j).and_then(text).map(str::to_string);
    let lowers: Vec<String> = (0..width)
        .map(|j| {
            cell(lower, j)
                .map(|l| normalize_header(&l))
                .unwrap_or_default()
        })
        .collect();
    let mut carried: Option<String> = None;
    let mut out = Vec::with_capacity(width);
    for j in 0..width {
        let up = cell(upper, j);
        if up.is_some() {
            carried = up.clone();
        }
        let label = match cell(lower, j) {
            None => up.unwrap_or_default(),
            Some(low) => {
                let repeated = lowers.iter().filter(|l| **l == lowers[j]).count() > 1;
                let over = up.or_else(|| carried.clone());
                let combined = over.as_ref().map(|u| format!("{u}{low}"));
                if !repeated && meaning(&low, role, at)?.is_some() {
                    low
                } else if let Some(c) =
                    combined.filter(|c| repeated || header_meanings(c, role.columns()).len() == 1)
                {
                    c
                } else {
                    low
                }
            }
        };
        let m = meaning(&label, role, at)?;
        out.push((label, m));
    }
    Ok(out)
}

fn mapped(labels: &Labels) -> usize {
    labels.iter().filter(|(_, m)| m.is_some()).count()
}

fn has_required(labels: &Labels, role: TableRole) -> bool {
    role.required()
        .iter()
        .all(|r| labels.iter().any(|(_, m)| *m == Some(*r)))
}

/// Finds the header among the first rows: the first row (or pair of rows) holding every
/// required column. Returns the labels and how many rows the header takes.
fn find_header(
    rows: &[RawRow],
    role: TableRole,
    at: &Location,
) -> Result<Result<(usize, usize, Labels), NoHeader>, InputError> {
    let mut closest: Option<(usize, u32, Vec<String>)> = None;
    for (k, row) in rows.iter().enumerate().take(HEADER_SEARCH) {
        let single = labels_of(&row.cells, role, at)?;
        // Two header rows: the next row holds headers too, and this one is not a title (it
        // names a column, or groups several: 序号 | 基本信息 …).
        let filled = row.cells.iter().filter(|c| text(c).is_some()).count();
        if let Some(next) = rows.get(k + 1)
            && (mapped(&single) > 0 || filled >= 2)
            && mapped(&labels_of(&next.cells, role, at)?) > 0
        {
            let double = joined(&row.cells, &next.cells, role, at)?;
            if has_required(&double, role) {
                return Ok(Ok((k, 2, double)));
            }
        }
        if has_required(&single, role) {
            return Ok(Ok((k, 1, single)));
        }
        let n = mapped(&single);
        if n > 0 && closest.as_ref().is_none_or(|(best, _, _)| n > *best) {
            let missing = role
                .required()
                .iter()
                .filter(|r| !single.iter().any(|(_, m)| m == &Some(**r)))
                .map(|r| r.to_string())
                .collect();
            closest = Some((n, row.line, missing));
        }
    }
    Ok(Err(match closest {
        Some((_, line, missing)) => NoHeader {
            closest: Some(line),
            missing,
        },
        None => NoHeader {
            closest: None,
            missing: role.required().iter().map(|r| r.to_string()).collect(),
        },
    }))
}

/// Whether a row below the data is a footer: its first cell opens with 合计, 备注, 填表人 ….
fn is_footer(row: &RawRow) -> bool {
    let Some(first) = row.cells.iter().find_map(text) else {
        return false;
    };
    // Most rows open with a number, a name or an ID: normalise only a cell that could open
    // with a footer word (in full or half width).
    let opening = first.chars().next().map(|c| {
        let half = match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
            c => c,
        };
        half.to_ascii_lowercase()
    });
    if !opening.is_some_and(|c| FOOTER_OPENINGS.contains(c)) {
        return false;
    }
    let n = normalize_header(first).to_lowercase();
    FOOTER_WORDS.iter().any(|w| n.starts_with(w))
}

/// Whether an ID cell holds something that could be a number (15 or more digits or X).
fn looks_like_id(cell: Option<&str>) -> bool {
    cell.is_some_and(|c| {
        c.chars()
            .filter(|ch| ch.is_ascii_digit() || matches!(ch, 'x' | 'X' | '０'..='９'))
            .count()
            >= 15
    })
}

impl NoHeader {
    /// The error for a file in which no row holds the table's required columns: the closest
    /// row and the headers accepted.
    pub(crate) fn into_error(self, at: &Location) -> InputError {
        InputError::MissingColumns {
            at: Location {
                line: self.closest.map(|l| l as usize),
                ..at.clone()
            },
            accepted: super::columns::accepted_headers(&self.missing),
            columns: self.missing,
        }
    }
}

/// Finds the table in `rows` (every non-blank row of a sheet or file, in order). `Ok(Err)`
/// when no row holds the table's required columns.
pub(crate) fn locate(
    rows: impl IntoIterator<Item = Result<RawRow, InputError>>,
    role: TableRole,
    at: &Location,
) -> Result<Result<Located, NoHeader>, InputError> {
    let mut rows = rows.into_iter();
    let mut head: Vec<RawRow> = Vec::with_capacity(HEADER_SEARCH + 1);
    for row in rows.by_ref() {
        head.push(row?);
        if head.len() > HEADER_SEARCH {
            break;
        }
    }
    let (k, height, labels) = match find_header(&head, role, at)? {
        Ok(found) => found,
        Err(miss) => return Ok(Err(miss)),
    };
    let header_lines: Vec<u32> = head[k..k + height].iter().map(|r| r.line).collect();
    let here = Location {
        line: header_lines.first().map(|l| *l as usize),
        ..at.clone()
    };
    // Two headers meaning one column: an error naming both.
    let mut seen: Vec<(&'static str, &str)> = Vec::new();
    for (label, m) in &labels {
        if let Some(c) = m {
            if let Some((_, first)) = seen.iter().find(|(s, _)| s == c) {
                return Err(InputError::DuplicateColumn {
                    at: here,
                    canonical: c.to_string(),
                    first: first.to_string(),
                    second: label.clone(),
                });
            }
            seen.push((c, label));
        }
    }
    let read: Vec<usize> = (0..labels.len())
        .filter(|&j| labels[j].1.is_some())
        .collect();
    let id_at = labels.iter().position(|(_, m)| *m == Some("id_number"));
    let mut out = Located {
        header_lines,
        columns: labels
            .iter()
            .enumerate()
            .map(|(j, (l, m))| ColumnUse {
                header: if l.is_empty() {
                    format!("column_{}", j + 1)
                } else {
                    l.clone()
                },
                column: m.map(str::to_string),
            })
            .collect(),
        labels: read.iter().map(|&j| labels[j].0.clone()).collect(),
        data: vec![Vec::new(); read.len()],
        ..Located::default()
    };
    out.skipped.extend(head[..k].iter().map(|r| SkippedRow {
        line: r.line,
        reason: SkipReason::Title,
    }));
    // Which unread positions hold data (to list them as ignored).
    let mut unread_with_data: Vec<bool> = Vec::new();
    let mut after_footer = false;
    let rest = head.into_iter().skip(k + height).map(Ok).chain(rows);
    for row in rest {
        let row = row?;
        let id_cell = id_at.and_then(|j| row.cells.get(j)).and_then(text);
        let filled = row.cells.iter().filter(|c| text(c).is_some()).count();
        // Below a footer, only a row with an ID number is data again.
        let reason = if is_footer(&row) || (after_footer && !looks_like_id(id_cell)) {
            Some(SkipReason::Footer)
        } else if id_cell.is_some_and(|c| c.chars().any(is_cjk)) && filled <= 2 {
            Some(SkipReason::Annotation)
        } else if !row
            .cells
            .iter()
            .enumerate()
            .any(|(j, c)| labels.get(j).is_some_and(|(_, m)| m.is_some()) && text(c).is_some())
        {
            // Only unread cells filled: a numbered row of an unfilled template (序号 alone).
            Some(SkipReason::Blank)
        } else {
            None
        };
        if let Some(reason) = reason {
            after_footer |= reason == SkipReason::Footer;
            out.skipped.push(SkippedRow {
                line: row.line,
                reason,
            });
            continue;
        }
        for (j, c) in row.cells.iter().enumerate() {
            let unread = labels.get(j).is_none_or(|(_, m)| m.is_none());
            if unread && text(c).is_some() {
                if unread_with_data.len() <= j {
                    unread_with_data.resize(j + 1, false);
                }
                unread_with_data[j] = true;
            }
        }
        let mut cells = row.cells;
        for (col, &j) in out.data.iter_mut().zip(&read) {
            col.push(
                cells
                    .get_mut(j)
                    .and_then(Option::take)
                    .filter(|s| !s.trim().is_empty()),
            );
        }
        out.lines.push(row.line);
    }
    out.ignored = unread_with_data
        .iter()
        .enumerate()
        .filter(|(_, used)| **used)
        .map(|(j, _)| match labels.get(j) {
            Some((l, _)) if !l.is_empty() => l.clone(),
            _ => format!("column_{}", j + 1),
        })
        .collect();
    // Headers that name nothing are listed even when their column is empty.
    for (l, m) in &labels {
        if m.is_none() && !l.is_empty() && !out.ignored.contains(l) {
            out.ignored.push(l.clone());
        }
    }
    Ok(Ok(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[(u32, &[&str])]) -> Vec<Result<RawRow, InputError>> {
        lines
            .iter()
            .map(|(line, cells)| {
                Ok(RawRow {
                    line: *line,
                    cells: cells
                        .iter()
                        .map(|c| Some(c.to_string()).filter(|c| !c.is_empty()))
                        .collect(),
                })
            })
            .collect()
    }

    const ID: &str = "11010519491231002X";

    #[test]
    fn a_title_row_and_a_footer_are_not_data() {
        let at = Location::table("people");
        let t = locate(
            rows(&[
                (1, &["XX乡第十二届村民委员会候选人资格联审表"]),
                (3, &["序号", "姓名", "身份证号码"]),
                (4, &["1", "张三", ID]),
                (6, &["2", "李四", ID]),
                (7, &["合计", "2人", ""]),
                (8, &["说明：以上人员", "", ""]),
            ]),
            TableRole::People,
            &at,
        )
        .unwrap()
        .unwrap();
        assert_eq!(t.header_lines, vec![3]);
        assert_eq!(t.lines, vec![4, 6]);
        assert_eq!(t.labels, vec!["姓名", "身份证号码"]);
        assert_eq!(t.ignored, vec!["序号"]);
        let skipped: Vec<(u32, SkipReason)> =
            t.skipped.iter().map(|s| (s.line, s.reason)).collect();
        assert_eq!(
            skipped,
            vec![
                (1, SkipReason::Title),
                (7, SkipReason::Footer),
                (8, SkipReason::Footer)
            ]
        );
    }

    #[test]
    fn a_merged_two_row_header_is_joined() {
        let at = Location::table("relations");
        let t = locate(
            rows(&[
                (1, &["本人", "", "亲属", "", "称谓"]),
                (2, &["姓名", "身份证号码", "姓名", "身份证号码", ""]),
                (3, &["张三", ID, "李四", ID, "妻子"]),
            ]),
            TableRole::Relations,
            &at,
        )
        .unwrap()
        .unwrap();
        assert_eq!(t.header_lines, vec![1, 2]);
        assert_eq!(t.labels, vec!["本人身份证号码", "亲属身份证号码", "称谓"]);
        let at = Location::table("people");
        let t = locate(
            rows(&[
                (1, &["序号", "基本信息", "", ""]),
                (2, &["", "姓名", "性别", "公民身份号码"]),
                (3, &["1", "张三", "男", ID]),
            ]),
            TableRole::People,
            &at,
        )
        .unwrap()
        .unwrap();
        assert_eq!(t.labels, vec!["姓名", "性别", "公民身份号码"]);
        assert_eq!(t.lines, vec![3]);
    }

    /// Every footer word opens with a character the quick test lets through.
    #[test]
    fn footer_openings_cover_the_words() {
        for w in FOOTER_WORDS {
            let c = w.chars().next().unwrap();
            assert!(FOOTER_OPENINGS.contains(c), "{w}");
        }
    }

    #[test]
    fn no_header_names_the_closest_row() {
        let at = Location::table("people");
        let miss = locate(
            rows(&[(1, &["标题"]), (2, &["姓名", "性别"]), (3, &["张三", "男"])]),
            TableRole::People,
            &at,
        )
        .unwrap()
        .unwrap_err();
        assert_eq!(miss.closest, Some(2));
        assert_eq!(miss.missing, vec!["id_number"]);
    }

    #[test]
    fn an_annotation_in_the_id_column_is_not_a_person_but_a_person_without_id_is() {
        let at = Location::table("people");
        let t = locate(
            rows(&[
                (1, &["姓名", "身份证号码", "性别"]),
                (2, &["张三", "无", "男"]),
                (3, &["", "以下空白", ""]),
            ]),
            TableRole::People,
            &at,
        )
        .unwrap()
        .unwrap();
        assert_eq!(t.lines, vec![2]);
        assert_eq!(t.skipped[0].reason, SkipReason::Annotation);
    }
}
