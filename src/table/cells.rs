//! Reading Arrow columns of any common type as the cells the domain columns need: text,
//! dates (text in the DATA.md formats, `date32`, `date64`, timestamps), ID numbers (text or
//! numbers a spreadsheet produced).

use crate::date::{PartialDate, from_days, parse_date_text};
use crate::id::{IdError, ResidentId};
use crate::people::{Cell, IdCell, IdColumn};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type};
use arrow_array::{Array, ArrayRef, Date32Array, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::{ArrowError, DataType};

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
    /// A full date at `i`.
    pub(crate) fn day(&self, i: usize) -> Cell<chrono::NaiveDate> {
        match self.get(i, false) {
            Cell::Value(PartialDate::Day(d)) => Cell::Value(d),
            Cell::Value(PartialDate::Month(..)) | Cell::Invalid => Cell::Invalid,
            Cell::Missing => Cell::Missing,
        }
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
        match text.get(i) {
            None => Err(IdError::Empty),
            Some(t) => match ResidentId::parse(t) {
                Err(IdError::Empty) => Err(IdError::Empty),
                Err(_) if numeric => Err(IdError::StoredAsNumber),
                other => other,
            },
        }
    };
    let parts = crate::par::map_ranges(array.len(), |range| {
        range.map(parse).collect::<Vec<IdCell>>()
    });
    let start = out.cells.len();
    out.cells.reserve(array.len());
    for part in parts {
        out.cells.extend(part);
    }
    // The text of the numbers that do not validate, kept for the results (only those rows).
    for (i, cell) in out.cells.iter().enumerate().skip(start) {
        if let Err(e) = cell
            && *e != IdError::Empty
            && let Some(t) = text.get(i - start)
        {
            out.invalid_text.insert(i, t.trim().to_string());
        }
    }
    Ok(())
}
