//! Reading Arrow columns of any common type as the cells the domain columns need: text,
//! dates (text in the docs/tables.md formats, `date32`, `date64`, timestamps), ID numbers (text or
//! numbers a spreadsheet produced).

use crate::date::{PartialDate, from_days, parse_date_text};
use crate::id::{IdError, ResidentId};
use crate::people::{Cell, IdCell, IdColumn};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type};
use arrow_array::{Array, ArrayRef, Date32Array, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::{ArrowError, DataType};

/// A short text held whole as a map key that compares and hashes as a few numbers (without a
/// byte-by-byte comparison): labels, codes and yes/no cells, up to 32 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShortText {
    words: [u64; 4],
    len: u8,
}

impl ShortText {
    /// The key of `text`; `None` when it is longer than 32 bytes.
    pub(crate) fn of(text: &str) -> Option<ShortText> {
        let b = text.as_bytes();
        let n = b.len();
        let at = |i: usize| -> u64 {
            b.get(i..)
                .and_then(|rest| rest.first_chunk::<8>())
                .map_or(0, |w| u64::from_le_bytes(*w))
        };
        let last = || b.last_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w));
        // Overlapping reads that together cover every byte; with the length they are the text.
        let words = match n {
            0 => [0; 4],
            1..=3 => {
                let byte = |i: usize| u64::from(b.get(i).copied().unwrap_or(0));
                [byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0, 0, 0]
            }
            4..=7 => {
                let first = b.first_chunk::<4>().map_or(0, |w| u32::from_le_bytes(*w));
                let last = b.last_chunk::<4>().map_or(0, |w| u32::from_le_bytes(*w));
                [u64::from(first) | u64::from(last) << 32, 0, 0, 0]
            }
            8..=16 => [at(0), last(), 0, 0],
            17..=24 => [at(0), at(8), last(), 0],
            25..=32 => [at(0), at(8), at(16), last()],
            _ => return None,
        };
        Some(ShortText {
            words,
            len: n as u8,
        })
    }
}

impl std::hash::Hash for ShortText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let [a, b, c, d] = self.words;
        state.write_u64(a ^ b.rotate_left(16) ^ c.rotate_left(32) ^ d.rotate_left(48));
        state.write_u64(u64::from(self.len));
    }
}

/// A column read as text, whatever its Arrow type.
pub(crate) enum TextCol {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl TextCol {
    /// The text at row `i` (`None` when null).
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        match self {
            TextCol::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            TextCol::Large(a) => a.is_valid(i).then(|| a.value(i)),
            TextCol::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// Formats a spreadsheet number as text: whole numbers without a fraction, except those of
/// 16 digits or more, which can only be ID numbers that lost digits in floating point and
/// keep the exponent form so that they are reported as such.
pub fn format_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.is_finite() && f.fract() == 0.0 {
        format!("{f:e}")
    } else {
        format!("{f}")
    }
}

/// Reads any column as text.
pub(crate) fn text_col(array: &ArrayRef) -> Result<TextCol, ArrowError> {
    Ok(match array.data_type() {
        DataType::Utf8 => TextCol::Utf8(array.as_string::<i32>().clone()),
        DataType::LargeUtf8 => TextCol::Large(array.as_string::<i64>().clone()),
        DataType::Utf8View => TextCol::View(array.as_string_view().clone()),
        DataType::Float64 => TextCol::Utf8(
            array
                .as_primitive::<Float64Type>()
                .iter()
                .map(|v| v.map(format_number))
                .collect(),
        ),
        DataType::Float32 => TextCol::Utf8(
            array
                .as_primitive::<Float32Type>()
                .iter()
                .map(|v| v.map(|f| format_number(f as f64)))
                .collect(),
        ),
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(..) => {
            let days = arrow_cast::cast(array, &DataType::Date32)?;
            let days: &Date32Array = days.as_primitive();
            TextCol::Utf8(
                days.iter()
                    .map(|d| d.and_then(from_days).map(|d| d.to_string()))
                    .collect(),
            )
        }
        DataType::Dictionary(_, _) => {
            let plain = arrow_cast::cast(array, &DataType::Utf8)?;
            return text_col(&plain);
        }
        _ => TextCol::Utf8(
            arrow_cast::cast(array, &DataType::Utf8)?
                .as_string::<i32>()
                .clone(),
        ),
    })
}

/// A column read as dates.
pub(crate) enum DateCol {
    Days(Date32Array),
    Text(TextCol),
}

impl DateCol {
    /// The cell at `i`; `allow_month` accepts a month-only date (birth dates).
    pub(crate) fn get(&self, i: usize, allow_month: bool) -> Cell<PartialDate> {
        match self {
            DateCol::Days(a) => {
                if a.is_null(i) {
                    Cell::Missing
                } else {
                    from_days(a.value(i))
                        .map_or(Cell::Invalid, |d| Cell::Value(PartialDate::Day(d)))
                }
            }
            DateCol::Text(t) => Cell::read(t.get(i), |s| parse_date_text(s, allow_month).ok_or(())),
        }
    }
    /// A full date at `i`, through `memo` (dates repeat: a day number is converted once).
    pub(crate) fn day_with(&self, i: usize, memo: &mut DayMemo) -> Cell<chrono::NaiveDate> {
        match self {
            DateCol::Days(a) if a.is_valid(i) => {
                let days = a.value(i);
                let slot = (days as u32 as usize) % DAY_MEMO;
                match memo.0.get(slot) {
                    Some(&(d, date)) if d == days => date,
                    _ => {
                        let date = from_days(days).map_or(Cell::Invalid, Cell::Value);
                        if let Some(s) = memo.0.get_mut(slot) {
                            *s = (days, date);
                        }
                        date
                    }
                }
            }
            _ => self.day(i),
        }
    }

    /// A full date at `i`.
    pub(crate) fn day(&self, i: usize) -> Cell<chrono::NaiveDate> {
        match self.get(i, false) {
            Cell::Value(PartialDate::Day(d)) => Cell::Value(d),
            Cell::Value(PartialDate::Month(..)) | Cell::Invalid => Cell::Invalid,
            Cell::Missing => Cell::Missing,
        }
    }
}

/// How many day numbers a [`DayMemo`] holds.
const DAY_MEMO: usize = 4096;

/// Day numbers already converted, by day number modulo [`DAY_MEMO`].
pub(crate) struct DayMemo(Vec<(i32, Cell<chrono::NaiveDate>)>);

impl Default for DayMemo {
    fn default() -> Self {
        // An empty slot holds a day number that cannot fall into it: 0, but 1 in slot 0.
        let mut slots = vec![(0, Cell::Missing); DAY_MEMO];
        if let Some(first) = slots.first_mut() {
            *first = (1, Cell::Missing);
        }
        DayMemo(slots)
    }
}

/// Reads any column as dates.
pub(crate) fn date_col(array: &ArrayRef) -> Result<DateCol, ArrowError> {
    Ok(match array.data_type() {
        DataType::Date32 => DateCol::Days(array.as_primitive().clone()),
        DataType::Date64 | DataType::Timestamp(..) => DateCol::Days(
            arrow_cast::cast(array, &DataType::Date32)?
                .as_primitive()
                .clone(),
        ),
        _ => DateCol::Text(text_col(array)?),
    })
}

/// Appends an ID column's cells, whatever its type. Numbers that do not validate were stored
/// as numbers by a spreadsheet (they cannot carry an `X`, and floats lose digits).
pub(crate) fn push_ids(out: &mut IdColumn, array: &ArrayRef) -> Result<(), ArrowError> {
    let numeric = array.data_type().is_numeric();
    let text = text_col(array)?;
    let parse = |i: usize| -> IdCell {
        match text.get(i).map(unwrap_formula) {
            None => Err(IdError::Empty),
            Some(t) => match ResidentId::parse(t) {
                Err(IdError::Empty) => Err(IdError::Empty),
                Err(_) if numeric || crate::people::numeric_id_prefix(t).is_some() => {
                    Err(IdError::StoredAsNumber)
                }
                other => other,
            },
        }
    };
    let start = out.cells.len();
    crate::par::append(
        &mut out.cells,
        crate::par::rows(array.len(), || (), |_, i| parse(i)),
    );
    // The text of the numbers that do not validate, kept for the results (only those rows).
    for (i, cell) in out.cells.iter().enumerate().skip(start) {
        if let Err(e) = cell
            && *e != IdError::Empty
            && let Some(t) = text.get(i - start).map(unwrap_formula)
        {
            if *e == IdError::StoredAsNumber
                && let Some(prefix) = crate::people::numeric_id_prefix(t)
            {
                out.numeric.insert(i, prefix);
            }
            out.invalid_text.insert(i, t.trim().to_string());
        }
    }
    Ok(())
}

/// An ID cell written with Excel's text trick `="640121…"`: the text inside.
fn unwrap_formula(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("=\"")
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::ShortText;
    use proptest::prelude::*;

    proptest! {
        /// Dates read through the memo are the dates read one by one, also where day numbers
        /// share a slot (steps of 4096 days) and for nulls and days beyond the calendar.
        #[test]
        fn dates_through_the_memo_are_the_dates(
            days in proptest::collection::vec(
                prop_oneof![
                    (-3i32..3).prop_map(|k| 18_000 + k * 4096),
                    any::<i32>(),
                    -1000i32..1000,
                ].prop_map(Some).boxed().prop_union(Just(None).boxed()),
                0..200,
            ),
        ) {
            let col = super::DateCol::Days(arrow_array::Date32Array::from(days.clone()));
            let mut memo = super::DayMemo::default();
            for i in 0..days.len() {
                prop_assert_eq!(col.day_with(i, &mut memo), col.day(i));
            }
        }

        /// Two texts have one key exactly when they are equal (texts of 0 to 40 bytes, from a
        /// small alphabet so that equal and near-equal ones are frequent).
        #[test]
        fn a_short_text_key_is_the_text(a in "[ab是]{0,13}", b in "[ab是]{0,13}") {
            match (ShortText::of(&a), ShortText::of(&b)) {
                (Some(x), Some(y)) => prop_assert_eq!(x == y, a == b),
                (x, y) => prop_assert!(a.len() > 32 || b.len() > 32, "{:?} {:?}", x, y),
            }
        }
    }
}
