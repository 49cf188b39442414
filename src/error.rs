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

/// Where in the input a problem is: the table (and file and sheet), the 0-based data row, the
/// line a clerk sees, the column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The table's role (`people`, `records`, …).
    pub table: String,
    /// The file it came from, when there is one.
    pub file: Option<String>,
    /// The sheet of a workbook, when the file is one and the sheet is known.
    pub sheet: Option<String>,
    /// The 0-based data row (for joining back to a DataFrame).
    pub row: Option<usize>,
    /// The 1-based line the clerk sees in a spreadsheet or an editor, when the table came from
    /// a file (a frame handed over in memory has rows, not lines).
    pub line: Option<usize>,
    /// The column as the table's header spells it.
    pub column: Option<String>,
    /// The other 0-based data rows the problem involves (a cycle of parent links).
    pub related_rows: Vec<usize>,
    /// Their 1-based lines, when the table came from a file.
    pub related_lines: Vec<usize>,
}

impl Location {
    /// A location in table `table`, no further.
    pub fn table(table: &str) -> Location {
        Location {
            table: table.to_string(),
            ..Location::default()
        }
    }

    /// The 1-based line of the row in its file (none for a table handed over in memory).
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "表 table {}", self.table)?;
        if let Some(file) = &self.file {
            write!(f, " ({file})")?;
        }
        if let Some(sheet) = &self.sheet {
            write!(f, ", 工作表 sheet {sheet:?}")?;
        }
        match (self.row, self.line()) {
            (Some(row), Some(line)) => write!(f, ", 第 {line} 行 line {line} (row {row})")?,
            (None, Some(line)) => write!(f, ", 第 {line} 行 line {line}")?,
            (Some(row), None) => write!(f, ", 行号 row {row}")?,
            (None, None) => {}
        }
        let join =
            |v: &[usize], sep: &str| v.iter().map(usize::to_string).collect::<Vec<_>>().join(sep);
        if !self.related_lines.is_empty() {
            let (zh, en) = (
                join(&self.related_lines, "、"),
                join(&self.related_lines, ", "),
            );
            write!(f, "（另见第 {zh} 行 also lines {en}）")?;
        } else if !self.related_rows.is_empty() {
            write!(
                f,
                "（另见行号 also rows {}）",
                join(&self.related_rows, ", ")
            )?;
        }
        if let Some(col) = &self.column {
            write!(f, ", 列 column {col:?}")?;
        }
        Ok(())
    }
}

/// What was wrong with the input, as a stable name a program can branch on (the error's text
/// says it for people). In Python it is the exception's `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// A required column is absent.
    MissingColumn,
    /// Two headers mean the same column.
    DuplicateColumn,
    /// A required cell is empty.
    MissingValue,
    /// A cell cannot be read as its column's type (a count, a date, a label of the column's
    /// vocabulary).
    UnreadableValue,
    /// An ID number that does not validate where the run cannot go on without it.
    InvalidId,
    /// A value outside what the rules allow (a round 3, a negative count, seats that do not
    /// exist).
    OutOfRange,
    /// The same key on two rows where it must be unique.
    DuplicateRow,
    /// Values that contradict each other (more votes than ballots, more invalid ballots than
    /// returned).
    Contradiction,
    /// A row that needs another table's row that is not there (votes without their tally).
    MissingReference,
    /// The file cannot be read or decoded.
    UnreadableFile,
    /// The file is not well-formed (CSV, JSON lines).
    Malformed,
    /// The input goes over one of the run's limits (file size, cells, rows, text per cell).
    TooLarge,
    /// Anything else.
    Other,
}

impl ProblemKind {
    /// The name (`missing_column`, `unreadable_value`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::MissingColumn => "missing_column",
            ProblemKind::DuplicateColumn => "duplicate_column",
            ProblemKind::MissingValue => "missing_value",
            ProblemKind::UnreadableValue => "unreadable_value",
            ProblemKind::InvalidId => "invalid_id",
            ProblemKind::OutOfRange => "out_of_range",
            ProblemKind::DuplicateRow => "duplicate_row",
            ProblemKind::Contradiction => "contradiction",
            ProblemKind::MissingReference => "missing_reference",
            ProblemKind::UnreadableFile => "unreadable_file",
            ProblemKind::Malformed => "malformed",
            ProblemKind::TooLarge => "too_large",
            ProblemKind::Other => "other",
        }
    }
}

/// A table that cannot be used as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// Required columns are absent.
    #[error(
        "{at}: 缺少必需的列 missing required column(s) {}{}",
        .columns.join(", "),
        if .accepted.is_empty() { String::new() } else {
            format!("; 可用的表头 headers accepted: {}", .accepted.join("; "))
        }
    )]
    MissingColumns {
        /// The table (with the sheet, and the line of the row closest to a header).
        at: Location,
        /// The canonical names of the missing columns.
        columns: Vec<String>,
        /// The headers accepted for them, for the message.
        accepted: Vec<String>,
    },
    /// Two headers name the same canonical column.
    #[error(
        "{at}: 表头 {first:?} 和 {second:?} 都指列 {canonical} headers {first:?} and {second:?} both mean column {canonical}"
    )]
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
    /// A cell or a row that cannot be used and that the run cannot go on without.
    #[error("{at}: {what}")]
    BadValue {
        /// Where.
        at: Location,
        /// What kind of problem it is.
        kind: ProblemKind,
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

impl InputError {
    /// A problem with a value or a row.
    pub fn bad(at: Location, kind: ProblemKind, what: impl Into<String>) -> InputError {
        InputError::BadValue {
            at,
            kind,
            what: what.into(),
        }
    }

    /// Where the problem is.
    pub fn location(&self) -> &Location {
        match self {
            InputError::MissingColumns { at, .. }
            | InputError::DuplicateColumn { at, .. }
            | InputError::BadValue { at, .. }
            | InputError::Unreadable { at, .. } => at,
        }
    }

    /// Where the problem is, to change (a front end adds the file it read).
    pub fn location_mut(&mut self) -> &mut Location {
        match self {
            InputError::MissingColumns { at, .. }
            | InputError::DuplicateColumn { at, .. }
            | InputError::BadValue { at, .. }
            | InputError::Unreadable { at, .. } => at,
        }
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> ProblemKind {
        match self {
            InputError::MissingColumns { .. } => ProblemKind::MissingColumn,
            InputError::DuplicateColumn { .. } => ProblemKind::DuplicateColumn,
            InputError::BadValue { kind, .. } => *kind,
            InputError::Unreadable { .. } => ProblemKind::UnreadableFile,
        }
    }
}

impl Error {
    /// A stable name of what went wrong: the [`ProblemKind`] of an input error, else
    /// `unknown_pack`, `pack_syntax`, `pack_invalid`, `extends_cycle`, `no_value` or
    /// `invalid_id`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Input(e) => e.kind().as_str(),
            Error::Pack(PackError::UnknownPack(_)) => "unknown_pack",
            Error::Pack(PackError::Syntax { .. }) => "pack_syntax",
            Error::Pack(PackError::Invalid { .. }) => "pack_invalid",
            Error::Pack(PackError::ExtendsCycle(_)) => "extends_cycle",
            Error::Pack(PackError::NoValue { .. }) => "no_value",
            Error::Id(_) => "invalid_id",
        }
    }

    /// Where the problem is, for an input error.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Input(e) => Some(e.location()),
            _ => None,
        }
    }
}

/// A rule pack that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackError {
    /// No built-in pack has that name.
    #[error(
        "没有名为 {0:?} 的内置规则包 no built-in rule pack named {0:?} (内置 built-in: cn-2021, ningxia-2021)"
    )]
    UnknownPack(String),
    /// The TOML or JSON does not describe a pack.
    #[error("规则包 rule pack {pack}: 格式错误 syntax: {what}")]
    Syntax {
        /// The pack's name or file.
        pack: String,
        /// The parser's message.
        what: String,
    },
    /// The pack is well-formed but inconsistent (an unknown record kind in an item, …).
    #[error("规则包 rule pack {pack}: 内容有误 invalid: {what}")]
    Invalid {
        /// The pack.
        pack: String,
        /// What is wrong.
        what: String,
    },
    /// `extends` goes round in a circle.
    #[error("规则包 {0:?} 的继承链回到自身 rule pack {0:?} extends itself through its chain")]
    ExtendsCycle(String),
    /// Strict mode: a value needed on `as_of` does not exist.
    #[error(
        "规则包 rule pack {pack}: 参数 {parameter} 在 {as_of} 没有取值 parameter {parameter} has no value on {as_of}"
    )]
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
