//! The audit block of every result (docs/outputs.md "Summary and audit"): which huanjie, which pack (with its
//! content hash), which `as_of`, and each input's name, rows and SHA-256 — enough to reproduce
//! a decision later.

use crate::pack::RulePack;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The pack a result was computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PackInfo {
    /// The pack's name.
    pub name: String,
    /// Where it applies.
    pub jurisdiction: String,
    /// The SHA-256 of its resolved content.
    pub hash: String,
}

impl PackInfo {
    /// The identity of `pack`.
    pub fn of(pack: &RulePack) -> Self {
        PackInfo {
            name: pack.name.clone(),
            jurisdiction: pack.jurisdiction.clone(),
            hash: pack.content_hash(),
        }
    }
}

/// One input table as the audit records it: which file, and — for a file — where the table
/// was found in it and how every header and every row was used (docs/tables.md "Finding the
/// table").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// The table's role (`people`, …).
    pub table: String,
    /// The file name, or `<memory>` for a table handed over in memory.
    pub name: String,
    /// Data rows.
    pub rows: u64,
    /// SHA-256 of the file's bytes, in hex (null for in-memory tables).
    pub sha256: Option<String>,
    /// The sheet of a workbook the table was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based lines of the header (two for a merged two-row header).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header_lines: Vec<u32>,
    /// The first and the last line of data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_lines: Option<[u32; 2]>,
    /// Every header of the file, in order, with the column it was read as (null: not used).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnUse>,
    /// The headers that map to no column: never read, listed so that nothing is lost unsaid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<String>,
    /// The rows that are not data (a title above the header, a footer such as 合计 or 备注),
    /// with their lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_rows: Vec<SkippedRow>,
}

impl InputInfo {
    /// A table handed over in memory (from Python): `rows` data rows, no file.
    pub fn memory(table: &str, rows: u64) -> Self {
        InputInfo {
            table: table.to_string(),
            name: "<memory>".to_string(),
            rows,
            sha256: None,
            sheet: None,
            header_lines: Vec::new(),
            data_lines: None,
            columns: Vec::new(),
            ignored: Vec::new(),
            skipped_rows: Vec::new(),
        }
    }
}

/// How one header of a file was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnUse {
    /// The header as the file spells it (for a two-row header, the two labels joined).
    pub header: String,
    /// The canonical column it was read as; `None` when no column has that name.
    pub column: Option<String>,
}

/// A row of a file that is not data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// The 1-based line.
    pub line: u32,
    /// Why it is not data.
    pub reason: SkipReason,
}

/// Why a row is not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Above the header: a title or a subtitle (XX乡第十二届村民委员会候选人资格联审表).
    Title,
    /// A total, a note or a signature line below the data (合计, 小计, 备注, 说明, 填表人,
    /// 审核人, 制表日期 …).
    Footer,
    /// A row whose ID cell holds words, not a number, with little else (an annotation).
    Annotation,
    /// A row with no cell filled in the columns the table reads (a numbered row of an
    /// unfilled template: 序号 alone). Of a frame handed over in memory, `line` is the row's
    /// 1-based position in its frame. (Rows of a file with no cell at all are not listed.)
    Blank,
}

impl SkipReason {
    /// The reason in Chinese and English, for text output.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Title => "表头上方的标题 title above the header",
            SkipReason::Footer => "合计、备注或签名行 total, note or signature row",
            SkipReason::Annotation => "身份证号码栏为文字说明 the ID cell holds words",
            SkipReason::Blank => "所读各列均为空 no cell in the columns read",
        }
    }
}

/// The audit block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Audit {
    /// huanjie's version.
    pub huanjie: String,
    /// The pack used.
    pub pack: PackInfo,
    /// The reference date.
    pub as_of: NaiveDate,
    /// The inputs.
    pub inputs: Vec<InputInfo>,
}

impl Audit {
    /// The audit block for a run of `pack` on `as_of` over `inputs`.
    pub fn new(pack: &RulePack, as_of: NaiveDate, inputs: Vec<InputInfo>) -> Self {
        Audit {
            huanjie: crate::VERSION.to_string(),
            pack: PackInfo::of(pack),
            as_of,
            inputs,
        }
    }
}
