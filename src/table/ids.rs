//! Resident ID numbers checked as a table (`huanjie id --format json`): one row per number
//! given, valid or not, with what it says or why it is not valid.

use crate::id::ResidentId;
use arrow_array::builder::{BooleanBuilder, Date32Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::NaiveDate;
use std::sync::Arc;

/// `input, valid, id_number, birth_date, sex, address_code, error` for each of `inputs`
/// (`as_of`: a birth date after it is invalid too).
pub fn ids_batch(inputs: &[String], as_of: Option<NaiveDate>) -> Result<RecordBatch, ArrowError> {
    let n = inputs.len();
    let mut input = StringBuilder::with_capacity(n, n * 18);
    let mut valid = BooleanBuilder::with_capacity(n);
    let mut id = StringBuilder::with_capacity(n, n * 18);
    let mut birth = Date32Builder::with_capacity(n);
    let mut sex = StringBuilder::with_capacity(n, n * 6);
    let mut address = StringBuilder::with_capacity(n, n * 6);
    let mut error = StringBuilder::new();
    for text in inputs {
        input.append_value(text);
        let parsed = match as_of {
            Some(d) => ResidentId::parse_as_of(text, d),
            None => ResidentId::parse(text),
        };
        match parsed {
            Ok(r) => {
                valid.append_value(true);
                id.append_value(r.to_string());
                birth.append_option(r.birth_date().map(crate::date::to_days));
                sex.append_value(r.sex().as_str());
                address.append_value(format!("{:06}", r.address_code()));
                error.append_null();
            }
            Err(e) => {
                valid.append_value(false);
                id.append_null();
                birth.append_null();
                sex.append_null();
                address.append_null();
                error.append_value(e.to_string());
            }
        }
    }
    let schema = Schema::new(vec![
        Field::new("input", DataType::Utf8, false),
        Field::new("valid", DataType::Boolean, false),
        Field::new("id_number", DataType::Utf8, true),
        Field::new("birth_date", DataType::Date32, true),
        Field::new("sex", DataType::Utf8, true),
        Field::new("address_code", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
    ]);
    let cols: Vec<ArrayRef> = vec![
        Arc::new(input.finish()),
        Arc::new(valid.finish()),
        Arc::new(id.finish()),
        Arc::new(birth.finish()),
        Arc::new(sex.finish()),
        Arc::new(address.finish()),
        Arc::new(error.finish()),
    ];
    RecordBatch::try_new(Arc::new(schema), cols)
}
