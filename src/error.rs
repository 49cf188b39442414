//! The errors of huanjie: unusable input or misuse. A disqualified candidate is *not* an error
//! but a [`crate::Finding`]. No error message carries a resident ID number or a name.

use chrono::NaiveDate;

/// Everything that stops huanjie from producing a result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A table cannot be used: a missing or doubled column, a cell that cannot be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A rule pack cannot be read, resolved, or lacks a value in strict mode.
    #[error(transparent)]
    Pack(#[from] PackError),
    /// A single ID number given directly (not in a table) is not valid.
    #[error(transparent)]
    Id(#[from] crate::id::IdError),
}

/// Where in the input a problem is: the table (and file), the 0-based data row, the column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The table's role (`people`, `records`, …).
    pub table: String,
    /// The file it came from, when there is one.
    pub file: Option<String>,
    /// The 0-based data row (the spreadsheet line is `row + 2`).
    pub row: Option<usize>,
    /// The column as the table's header spells it.
    pub column: Option<String>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "table {}", self.table)?;
        if let Some(file) = &self.file {
            write!(f, " ({file})")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row} (line {})", row + 2)?;
        }
        if let Some(col) = &self.column {
            write!(f, ", column {col:?}")?;
        }
        Ok(())
    }
}

/// A table that cannot be used as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// Required columns are absent.
    #[error("{at}: missing required column(s) {}", .columns.join(", "))]
    MissingColumns {
        /// The table.
        at: Location,
        /// The canonical names of the missing columns.
        columns: Vec<String>,
    },
    /// Two headers name the same canonical column.
    #[error("{at}: headers {first:?} and {second:?} both mean column {canonical}")]
    DuplicateColumn {
        /// The table.
        at: Location,
        /// The canonical column.
        canonical: String,
        /// The first header.
        first: String,
        /// The second header.
        second: String,
    },
    /// A cell that cannot be read and that the run cannot go on without.
    #[error("{at}: {what}")]
    BadValue {
        /// Where.
        at: Location,
        /// What is wrong, never the value itself when it may be personal data.
        what: String,
    },
    /// The file cannot be read or decoded.
    #[error("{at}: {what}")]
    Unreadable {
        /// Which file.
        at: Location,
        /// Why.
        what: String,
    },
}

/// A rule pack that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackError {
    /// No built-in pack has that name.
    #[error("no built-in rule pack named {0:?} (built-in: cn-2021, ningxia-2021)")]
    UnknownPack(String),
    /// The TOML or JSON does not describe a pack.
    #[error("rule pack {pack}: {what}")]
    Syntax {
        /// The pack's name or file.
        pack: String,
        /// The parser's message.
        what: String,
    },
    /// The pack is well-formed but inconsistent (an unknown record kind in an item, …).
    #[error("rule pack {pack}: {what}")]
    Invalid {
        /// The pack.
        pack: String,
        /// What is wrong.
        what: String,
    },
    /// `extends` goes round in a circle.
    #[error("rule pack {0:?} extends itself through its chain")]
    ExtendsCycle(String),
    /// Strict mode: a value needed on `as_of` does not exist.
    #[error("rule pack {pack}: parameter {parameter} has no value on {as_of}")]
    NoValue {
        /// The pack.
        pack: String,
        /// The parameter or item.
        parameter: String,
        /// The reference date.
        as_of: NaiveDate,
    },
}

/// `Result` with huanjie's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a file could not be read or written, in words that name neither the path nor any of
/// its content (the caller names the file).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在 / no such file".into(),
        K::PermissionDenied => "无权访问 / permission denied".into(),
        K::IsADirectory => "是目录而非文件 / is a directory".into(),
        K::InvalidData => "内容不是有效的文本 / not valid text".into(),
        K::StorageFull => "磁盘已满 / no space left on the device".into(),
        kind => format!("无法读写 / cannot be read or written ({kind})"),
    }
}
