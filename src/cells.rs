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

/// Whether a table gives a column: its header is among `headers`, or a cell is not empty
/// (rows pushed without the table layer have no headers).
pub fn column_given<T: Copy + PartialEq>(
    headers: &std::collections::BTreeMap<String, String>,
    canonical: &str,
    column: &[Cell<T>],
) -> bool {
    headers.contains_key(canonical) || column.iter().any(|c| *c != Cell::Missing)
}

/// The cell of an optional column at `row` (absent columns are empty vectors).
pub fn cell_at<T: Copy>(column: &[Cell<T>], row: usize) -> Cell<T> {
    column.get(row).copied().unwrap_or(Cell::Missing)
}

/// A text column whose texts repeat (labels): each row's code, 0 for an empty cell, `k` for
/// `texts[k - 1]`; each distinct text (trimmed) is kept once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextCodes {
    /// One code per row (none when the column is absent).
    pub codes: Vec<u32>,
    /// The distinct texts.
    pub texts: Vec<std::sync::Arc<str>>,
    index: std::collections::HashMap<std::sync::Arc<str>, u32>,
}

impl TextCodes {
    /// Appends a row.
    pub fn push(&mut self, text: Option<&str>) {
        let code = match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => 0,
            Some(t) => match self.index.get(t) {
                Some(&c) => c,
                None => {
                    let t: std::sync::Arc<str> = std::sync::Arc::from(t);
                    self.texts.push(t.clone());
                    let c = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
                    self.index.insert(t, c);
                    c
                }
            },
        };
        self.codes.push(code);
    }
    /// The text of `row`, when given.
    pub fn get(&self, row: usize) -> Option<&str> {
        let c = *self.codes.get(row)?;
        let k = usize::try_from(c).ok()?.checked_sub(1)?;
        self.texts.get(k).map(|t| &**t)
    }
}

/// The largest sum of money read (10^12 yuan): beyond, a cell is unreadable, and sums of
/// cells cannot overflow.
pub const MAX_YUAN: u64 = 1_000_000_000_000;

/// Reads a sum of money in whole yuan: `110000`, `110,000`, `110000.00`, `110000元`, `11万`,
/// `11.5万元`. A fraction of a yuan other than zero, a negative or a sum above [`MAX_YUAN`]
/// is unreadable (`None`), never rounded.
pub fn parse_yuan(text: &str) -> Option<u64> {
    let t = text.trim().replace([',', '，', ' '], "");
    let t = t.strip_suffix('元').unwrap_or(&t);
    let (t, scale) = match t.strip_suffix('万') {
        Some(rest) => (rest, 10_000u64),
        None => (t, 1),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || whole.len() > 13
        || frac.len() > 4
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // The fraction in ten-thousandths of the unit, then the whole sum in ten-thousandths.
    let frac_units: u64 = format!("{frac:0<4}").parse().ok()?;
    let total = whole
        .parse::<u64>()
        .ok()?
        .checked_mul(10_000)?
        .checked_add(frac_units)?
        .checked_mul(scale)?;
    (total % 10_000 == 0)
        .then_some(total / 10_000)
        .filter(|&v| v <= MAX_YUAN)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_of_money_are_whole_yuan() {
        for (text, yuan) in [
            ("110000", Some(110_000)),
            ("110,000", Some(110_000)),
            ("110000.00", Some(110_000)),
            ("110000元", Some(110_000)),
            ("11万", Some(110_000)),
            ("11.5万元", Some(115_000)),
            ("16.0001万", Some(160_001)),
            ("1000000000000", Some(MAX_YUAN)),
            ("1000000000001", None),
            ("110000.5", None),
            ("16.00001万", None),
            ("-5", None),
            ("万", None),
            ("", None),
            ("十一万", None),
        ] {
            assert_eq!(parse_yuan(text), yuan, "{text}");
        }
    }
}
