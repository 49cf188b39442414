//! Resident ID numbers checked as a table: `huanjie id --format json` (one row per number
//! given, valid or not, with what it says or why it is not valid), written as it goes by
//! [`IdJsonWriter`] or built at once by [`ids_batch`]; and a whole Arrow column of numbers
//! checked at once by [`ids_table`] (Python's `hj.ids`).

use crate::id::{IdError, ResidentId};
use arrow_array::builder::{BooleanBuilder, Date32Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, ArrowPrimitiveType, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;
use std::sync::{Arc, LazyLock};

/// Checks one number: parses it and, with `as_of`, rejects a birth date after that day.
pub fn check_id(text: &str, as_of: Option<NaiveDate>) -> Result<ResidentId, IdError> {
    match as_of {
        Some(d) => ResidentId::parse_as_of(text, d),
        None => ResidentId::parse(text),
    }
}

/// One row of `huanjie id --format json` (docs/schema/id.json), in its key order.
#[derive(Serialize)]
struct IdRow<'a> {
    input: &'a str,
    valid: bool,
    id_number: Option<&'a str>,
    birth_date: Option<NaiveDate>,
    sex: Option<&'static str>,
    address_code: Option<&'a str>,
    error: Option<String>,
    legacy: Option<bool>,
    residence_permit: Option<&'static str>,
}

impl<'a> IdRow<'a> {
    /// The row of `input`; `number` holds the normalised number's characters when valid.
    fn new(
        input: &'a str,
        checked: &Result<ResidentId, IdError>,
        number: &'a mut [u8; 18],
    ) -> IdRow<'a> {
        match checked {
            Ok(id) => {
                *number = id.to_bytes();
                // The 18 bytes are ASCII digits and `X`: always UTF-8.
                let text = std::str::from_utf8(&number[..]).unwrap_or_default();
                IdRow {
                    input,
                    valid: true,
                    id_number: Some(text),
                    birth_date: id.birth_date(),
                    sex: Some(id.sex().as_str()),
                    address_code: text.get(..6),
                    error: None,
                    legacy: Some(id.is_legacy()),
                    residence_permit: id.residence_permit().map(|p| p.as_str()),
                }
            }
            Err(e) => IdRow {
                input,
                valid: false,
                id_number: None,
                birth_date: None,
                sex: None,
                address_code: None,
                error: Some(e.to_string()),
                legacy: None,
                residence_permit: None,
            },
        }
    }
}

/// Writes `huanjie id --format json` as it goes: one pretty-printed object per number (the
/// shape of [`ids_batch`] through [`crate::table::write_rows_json`], byte for byte), so that
/// any number of IDs takes the memory of one.
///
/// ```
/// use huanjie::table::{IdJsonWriter, check_id};
/// let mut w = IdJsonWriter::new(Vec::new());
/// for text in ["11010519491231002X", "123"] {
///     w.write(text, &check_id(text, None)).unwrap();
/// }
/// let out = w.finish().unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v[0]["valid"], true);
/// assert_eq!(v[1]["error"], "the ID number has 3 characters; it needs 18 (or 15 for a legacy number)");
/// ```
pub struct IdJsonWriter<W: Write> {
    out: W,
    rows: u64,
    /// One object, pretty-printed (reused from row to row).
    object: Vec<u8>,
}

impl<W: Write> IdJsonWriter<W> {
    /// A writer of the array to `out` (nothing is written before the first row).
    pub fn new(out: W) -> IdJsonWriter<W> {
        IdJsonWriter {
            out,
            rows: 0,
            object: Vec::with_capacity(512),
        }
    }

    /// Writes the row of `input`, checked as `checked` (see [`check_id`]).
    pub fn write(
        &mut self,
        input: &str,
        checked: &Result<ResidentId, IdError>,
    ) -> std::io::Result<()> {
        let mut number = [0u8; 18];
        let row = IdRow::new(input, checked, &mut number);
        self.object.clear();
        serde_json::to_writer_pretty(&mut self.object, &row)?;
        self.out
            .write_all(if self.rows == 0 { b"[\n  " } else { b",\n  " })?;
        // Inside the array: every line after the first indented two more spaces (a JSON
        // string never holds a raw newline, so every newline is between two tokens).
        for (i, line) in self.object.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n  ")?;
            }
            self.out.write_all(line)?;
        }
        self.rows += 1;
        Ok(())
    }

    /// How many rows were written.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Closes the array (`[]` when no row was written) and returns the output, not flushed.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out
            .write_all(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })?;
        Ok(self.out)
    }
}

/// `input, valid, id_number, birth_date, sex, address_code, error, legacy, residence_permit`
/// for each of `inputs` (`as_of`: a birth date after it is invalid too) — the rows of
/// `huanjie id --format json`.
pub fn ids_batch(inputs: &[String], as_of: Option<NaiveDate>) -> Result<RecordBatch, ArrowError> {
    let n = inputs.len();
    let mut input = StringBuilder::with_capacity(n, n * 18);
    let mut out = Columns::with_capacity(n);
    let mut legacy = BooleanBuilder::with_capacity(n);
    for text in inputs {
        input.append_value(text);
        let checked = check_id(text, as_of);
        legacy.append_option(checked.as_ref().ok().map(|id| id.is_legacy()));
        out.push(&checked);
    }
    let schema = Schema::new(vec![
        Field::new("input", DataType::Utf8, false),
        Field::new("valid", DataType::Boolean, false),
        Field::new("id_number", DataType::Utf8, true),
        Field::new("birth_date", DataType::Date32, true),
        Field::new("sex", DataType::Utf8, true),
        Field::new("address_code", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
        Field::new("legacy", DataType::Boolean, true),
        Field::new("residence_permit", DataType::Utf8, true),
    ]);
    let [valid, id, birth, sex, address, error, permit] = out.finish();
    let cols: Vec<ArrayRef> = vec![
        Arc::new(input.finish()),
        valid,
        id,
        birth,
        sex,
        address,
        error,
        Arc::new(legacy.finish()),
        permit,
    ];
    RecordBatch::try_new(Arc::new(schema), cols)
}

/// The columns of a checked number that [`ids_batch`] and [`ids_table`] share.
struct Columns {
    valid: BooleanBuilder,
    id: StringBuilder,
    birth: Date32Builder,
    sex: StringBuilder,
    address: StringBuilder,
    error: StringBuilder,
    permit: StringBuilder,
}

impl Columns {
    fn with_capacity(n: usize) -> Columns {
        Columns {
            valid: BooleanBuilder::with_capacity(n),
            id: StringBuilder::with_capacity(n, n * 18),
            birth: Date32Builder::with_capacity(n),
            sex: StringBuilder::with_capacity(n, n * 6),
            address: StringBuilder::with_capacity(n, n * 6),
            error: StringBuilder::new(),
            permit: StringBuilder::new(),
        }
    }

    fn push(&mut self, checked: &Result<ResidentId, IdError>) {
        match checked {
            Ok(id) => {
                let number = id.to_bytes();
                // ASCII digits and `X`: always UTF-8.
                let text = std::str::from_utf8(&number).unwrap_or_default();
                self.valid.append_value(true);
                self.id.append_value(text);
                self.birth
                    .append_option(id.birth_date().map(crate::date::to_days));
                self.sex.append_value(id.sex().as_str());
                self.address.append_value(text.get(..6).unwrap_or_default());
                self.error.append_null();
                self.permit
                    .append_option(id.residence_permit().map(|p| p.as_str()));
            }
            Err(e) => {
                self.valid.append_value(false);
                self.id.append_null();
                self.birth.append_null();
                self.sex.append_null();
                self.address.append_null();
                self.error.append_value(error_text(e));
                self.permit.append_null();
            }
        }
    }

    /// The columns in the order of [`ids_table_schema`].
    fn table(self) -> Result<RecordBatch, ArrowError> {
        let [valid, id, birth, sex, address, error, permit] = self.finish();
        RecordBatch::try_new(
            ids_table_schema(),
            vec![id, valid, error, birth, sex, address, permit],
        )
    }

    /// valid, id_number, birth_date, sex, address code, error, residence permit.
    fn finish(mut self) -> [ArrayRef; 7] {
        [
            Arc::new(self.valid.finish()),
            Arc::new(self.id.finish()),
            Arc::new(self.birth.finish()),
            Arc::new(self.sex.finish()),
            Arc::new(self.address.finish()),
            Arc::new(self.error.finish()),
            Arc::new(self.permit.finish()),
        ]
    }
}

/// The message of `e`, made once per kind of error (most invalid numbers share a handful).
fn error_text(e: &IdError) -> std::borrow::Cow<'static, str> {
    static TEXTS: LazyLock<[String; 7]> = LazyLock::new(|| {
        [
            IdError::Empty,
            IdError::StoredAsNumber,
            IdError::CheckCharacter,
            IdError::AddressCode,
            IdError::BirthDate,
            IdError::BirthYear,
            IdError::BirthAfterAsOf,
        ]
        .map(|e| e.to_string())
    });
    let i = match e {
        IdError::Empty => 0,
        IdError::StoredAsNumber => 1,
        IdError::CheckCharacter => 2,
        IdError::AddressCode => 3,
        IdError::BirthDate => 4,
        IdError::BirthYear => 5,
        IdError::BirthAfterAsOf => 6,
        other => return other.to_string().into(),
    };
    std::borrow::Cow::Borrowed(TEXTS[i].as_str())
}

/// The schema of [`ids_table`]: `id_number` (the normalised 18 characters; null when
/// invalid), `valid`, `reason` (why not; null when valid), `birth_date`, `sex` (`male` or
/// `female`), `region` (the six-digit address code) and `residence_permit` (`hong_kong`,
/// `macao`, `taiwan`; null for a mainland resident's number).
pub fn ids_table_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id_number", DataType::Utf8, true),
        Field::new("valid", DataType::Boolean, false),
        Field::new("reason", DataType::Utf8, true),
        Field::new("birth_date", DataType::Date32, true),
        Field::new("sex", DataType::Utf8, true),
        Field::new("region", DataType::Utf8, true),
        Field::new("residence_permit", DataType::Utf8, true),
    ]))
}

/// A column of ID numbers checked at once (Python's `hj.ids`): one row of
/// [`ids_table_schema`] per value of `column`, in order, read in place.
///
/// Text (`Utf8`, `LargeUtf8`, `Utf8View`, or a dictionary of text) is parsed as
/// [`ResidentId::parse`] does; integers are their decimal digits; floating-point numbers are
/// invalid ([`IdError::StoredAsNumber`]: a spreadsheet stored the number as a number, which
/// cannot hold 18 digits); a null (or NaN) is [`IdError::Empty`]. With `as_of`, a birth date
/// after it is invalid too. An error only for a column of another type (dates, booleans…);
/// the message names the type, never a value. Long columns are split over the machine's cores
/// (the `parallel` feature); the rows stay in order.
pub fn ids_table(column: &dyn Array, as_of: Option<NaiveDate>) -> Result<RecordBatch, ArrowError> {
    let text = match column.data_type() {
        DataType::Dictionary(..)
        | DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => Some(arrow_cast::cast(column, &DataType::Utf8)?),
        _ => None,
    };
    let column = text.as_deref().unwrap_or(column);
    let mut parts = crate::par::map_ranges(column.len(), |r| {
        ids_table_part(column.slice(r.start, r.len()).as_ref(), as_of)
    })
    .into_iter()
    .collect::<Result<Vec<RecordBatch>, ArrowError>>()?;
    match parts.len() {
        0 => Ok(RecordBatch::new_empty(ids_table_schema())),
        1 => Ok(parts.remove(0)),
        _ => arrow_select::concat::concat_batches(&ids_table_schema(), &parts),
    }
}

/// [`ids_table`] of one piece of the column (not a dictionary or decimals: those are text by
/// then).
fn ids_table_part(column: &dyn Array, as_of: Option<NaiveDate>) -> Result<RecordBatch, ArrowError> {
    let mut out = Columns::with_capacity(column.len());
    let mut push_text = |t: Option<&str>| {
        out.push(&match t {
            None => Err(IdError::Empty),
            Some(t) => check_id(t, as_of),
        })
    };
    match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().iter().for_each(push_text),
        DataType::LargeUtf8 => column.as_string::<i64>().iter().for_each(push_text),
        DataType::Utf8View => column.as_string_view().iter().for_each(push_text),
        DataType::Null => (0..column.len()).for_each(|_| push_text(None)),
        DataType::Int8 => integers::<Int8Type>(column, &mut push_text),
        DataType::Int16 => integers::<Int16Type>(column, &mut push_text),
        DataType::Int32 => integers::<Int32Type>(column, &mut push_text),
        DataType::Int64 => integers::<Int64Type>(column, &mut push_text),
        DataType::UInt8 => integers::<UInt8Type>(column, &mut push_text),
        DataType::UInt16 => integers::<UInt16Type>(column, &mut push_text),
        DataType::UInt32 => integers::<UInt32Type>(column, &mut push_text),
        DataType::UInt64 => integers::<UInt64Type>(column, &mut push_text),
        DataType::Float16 | DataType::Float32 | DataType::Float64 => {
            // NaN is how pandas writes a missing number.
            let floats = arrow_cast::cast(column, &DataType::Float64)?;
            for v in floats.as_primitive::<arrow_array::types::Float64Type>() {
                out.push(&match v {
                    Some(f) if !f.is_nan() => Err(IdError::StoredAsNumber),
                    _ => Err(IdError::Empty),
                });
            }
        }
        other => {
            return Err(ArrowError::InvalidArgumentError(format!(
                "a column of ID numbers holds text or integers, not {other}"
            )));
        }
    }
    out.table()
}

/// The rows of [`ids_table_schema`] for numbers already checked, one per result, in order
/// (for values that are not an Arrow column, such as a Python list mixing text and numbers).
pub fn ids_table_of(
    checked: impl IntoIterator<Item = Result<ResidentId, IdError>>,
) -> Result<RecordBatch, ArrowError> {
    let checked = checked.into_iter();
    let mut out = Columns::with_capacity(checked.size_hint().0);
    for c in checked {
        out.push(&c);
    }
    out.table()
}

/// Each integer of `column` as its decimal digits (a null as `None`).
fn integers<T: ArrowPrimitiveType>(column: &dyn Array, push: &mut impl FnMut(Option<&str>))
where
    T::Native: std::fmt::Display,
{
    let mut digits = String::with_capacity(24);
    for v in column.as_primitive::<T>() {
        match v {
            None => push(None),
            Some(v) => {
                digits.clear();
                // Writing to a String cannot fail.
                let _ = write!(digits, "{v}");
                push(Some(&digits));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::write_rows_json;
    use arrow_array::{Float64Array, Int64Array, StringArray, StringViewArray};
    use proptest::prelude::*;

    fn inputs() -> impl Strategy<Value = Vec<String>> {
        let valid = (
            prop::sample::select(vec![110105u32, 640121, 810000, 820000, 830000, 710000]),
            0u64..50_000,
            0u16..1000,
        )
            .prop_map(|(a, d, s)| {
                let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(d);
                crate::id::from_parts(a, birth, s).unwrap().to_string()
            });
        let legacy = "[1-6][1-5][0-9]{4}[0-9]{2}0[1-9][0-2][1-8][0-9]{3}";
        let noise = "[0-9xX ]{0,20}|\"[^\\n]{0,4}|[0-9]{17}[0-9X]";
        prop::collection::vec(
            prop_oneof![
                valid,
                legacy.prop_map(String::from),
                noise.prop_map(String::from)
            ],
            0..20,
        )
    }

    proptest! {
        /// The streamed JSON is the batch written at once, byte for byte.
        #[test]
        fn the_stream_is_the_batch(inputs in inputs(), as_of in prop::option::of(0u64..50_000)) {
            let as_of = as_of.map(|d| NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(d));
            let mut batch = Vec::new();
            write_rows_json(&ids_batch(&inputs, as_of).unwrap(), &mut batch).unwrap();
            let mut w = IdJsonWriter::new(Vec::new());
            for text in &inputs {
                w.write(text, &check_id(text, as_of)).unwrap();
            }
            prop_assert_eq!(w.rows(), inputs.len() as u64);
            let streamed = w.finish().unwrap();
            prop_assert_eq!(String::from_utf8(streamed).unwrap(), String::from_utf8(batch).unwrap());
        }

        /// The table of a text column is the numbers parsed one by one, whichever text type.
        #[test]
        fn the_table_is_the_numbers_one_by_one(inputs in inputs()) {
            let utf8 = StringArray::from(inputs.clone());
            let view = StringViewArray::from(inputs.iter().map(String::as_str).collect::<Vec<_>>());
            let t = ids_table(&utf8, None).unwrap();
            prop_assert_eq!(&t, &ids_table(&view, None).unwrap());
            let checked = ids_table_of(inputs.iter().map(|x| ResidentId::parse(x))).unwrap();
            prop_assert_eq!(&t, &checked);
            let batch = ids_batch(&inputs, None).unwrap();
            // The shared columns are the same.
            for (table_col, batch_col) in [(0, 2), (1, 1), (2, 6), (3, 3), (4, 4), (5, 5), (6, 8)] {
                prop_assert_eq!(t.column(table_col), batch.column(batch_col));
            }
            for (i, text) in inputs.iter().enumerate() {
                let parsed = ResidentId::parse(text);
                prop_assert_eq!(t.column(1).as_boolean().value(i), parsed.is_ok());
            }
        }
    }

    /// A column long enough to be split over threads gives the rows in order.
    #[test]
    fn a_long_column_keeps_its_order() {
        let texts: Vec<String> = (0..40_000u64)
            .map(|i| {
                let birth = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Days::new(i);
                let id = crate::id::from_parts(640121, birth, (i % 1000) as u16).unwrap();
                if i % 7 == 0 {
                    format!("{}", id.to_u64())
                } else {
                    id.to_string()
                }
            })
            .collect();
        let column = StringArray::from(texts.clone());
        let t = ids_table(&column, None).unwrap();
        let one_by_one = ids_table_of(texts.iter().map(|x| ResidentId::parse(x))).unwrap();
        assert_eq!(t, one_by_one);
        assert_eq!(
            t.column(1).as_boolean().false_count(),
            40_000usize.div_ceil(7)
        );
        let dictionary: arrow_array::DictionaryArray<arrow_array::types::Int32Type> =
            texts.iter().map(String::as_str).collect();
        assert_eq!(ids_table(&dictionary, None).unwrap(), t);
    }

    #[test]
    fn integers_are_digits_and_floats_were_stored_as_numbers() {
        let ints = Int64Array::from(vec![Some(110105194912310021), None, Some(-5)]);
        let t = ids_table(&ints, None).unwrap();
        let reason = t.column(2).as_string::<i32>();
        assert_eq!(
            reason.value(0),
            IdError::CheckCharacter.to_string(),
            "the digits are read"
        );
        assert_eq!(reason.value(1), IdError::Empty.to_string());
        assert!(!t.column(1).as_boolean().value(2));
        let ok = Int64Array::from(vec![440524188001010014, 110105491231002]);
        let t = ids_table(&ok, None).unwrap();
        assert_eq!(t.column(1).as_boolean().true_count(), 2);
        let floats = Float64Array::from(vec![Some(4.405_241_880_010_1e17), None, Some(f64::NAN)]);
        let t = ids_table(&floats, None).unwrap();
        let reason = t.column(2).as_string::<i32>();
        assert_eq!(reason.value(0), IdError::StoredAsNumber.to_string());
        assert_eq!(reason.value(1), IdError::Empty.to_string());
        assert_eq!(reason.value(2), IdError::Empty.to_string());
        let dates = arrow_array::Date32Array::from(vec![1]);
        assert!(ids_table(&dates, None).is_err());
    }
}
