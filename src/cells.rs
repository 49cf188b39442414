//! Typed cells: what a column's cell holds once read (a value, nothing, or something that
//! cannot be read — which the rules turn into a `review` finding naming the column), and the
//! readers of cells that every table shares.

/// A cell of a typed column: absent, read, or present but unreadable (which the rules turn
/// into a `review` finding naming the column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cell<T> {
    /// Empty, or the column is absent.
    #[default]
    Missing,
    /// A value that was read.
    Value(T),
    /// Present but not readable as this column's type.
    Invalid,
}

impl<T: Copy> Cell<T> {
    /// The value, when there is one.
    pub fn value(self) -> Option<T> {
        match self {
            Cell::Value(v) => Some(v),
            _ => None,
        }
    }
    /// From an optional text and a parser: empty → `Missing`, parsed → `Value`, else `Invalid`.
    pub fn read<E>(text: Option<&str>, parse: impl FnOnce(&str) -> Result<T, E>) -> Cell<T> {
        match text.map(str::trim) {
            None | Some("") => Cell::Missing,
            Some(t) => parse(t).map_or(Cell::Invalid, Cell::Value),
        }
    }
}

/// The cell of an optional column at `row` (absent columns are empty vectors).
pub fn cell_at<T: Copy>(column: &[Cell<T>], row: usize) -> Cell<T> {
    column.get(row).copied().unwrap_or(Cell::Missing)
}

/// Reads a count: a whole number, not negative ("12", "12.0" from a spreadsheet, "1,234").
pub fn parse_count(text: &str) -> Option<u64> {
    let t = text.trim();
    // The common cell, digits only, is read without copying.
    if !t.is_empty() && t.len() < 20 && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    let t = t.replace([',', '，'], "");
    let t = t.strip_suffix(".0").unwrap_or(&t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}
