//! The province's report's numbers as an Arrow table (`hj.report(...).numbers`).

use crate::report::Report;
use arrow_array::{ArrayRef, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use std::sync::Arc;

/// The numbers of `report`, one row each in the order printed: `number` (as printed),
/// `figure`, `level`, `code`, `kind`, `num`, `den`, `previous_num`, `previous_den`, `reading`
/// (null where a number has no such part: a count of the joint review has no group and no
/// denominator).
pub fn report_numbers_batch(report: &Report) -> Result<RecordBatch, ArrowError> {
    let n = &report.numbers;
    let text = |f: &dyn Fn(usize) -> Option<String>| -> ArrayRef {
        Arc::new((0..n.len()).map(f).collect::<StringArray>())
    };
    let int = |f: &dyn Fn(usize) -> Option<u64>| -> ArrayRef {
        Arc::new((0..n.len()).map(f).collect::<UInt64Array>())
    };
    let columns: Vec<ArrayRef> = vec![
        text(&|i| Some(n[i].number.clone())),
        text(&|i| Some(n[i].figure.clone())),
        text(&|i| n[i].level.map(|l| l.as_str().to_string())),
        text(&|i| n[i].code.map(|c| c.to_string())),
        text(&|i| n[i].kind.map(|k| k.as_str().to_string())),
        int(&|i| Some(n[i].num)),
        int(&|i| n[i].den),
        int(&|i| n[i].previous_num),
        int(&|i| n[i].previous_den),
        text(&|i| Some(n[i].reading.clone())),
    ];
    let schema = Schema::new(vec![
        Field::new("number", DataType::Utf8, false),
        Field::new("figure", DataType::Utf8, false),
        Field::new("level", DataType::Utf8, true),
        Field::new("code", DataType::Utf8, true),
        Field::new("kind", DataType::Utf8, true),
        Field::new("num", DataType::UInt64, false),
        Field::new("den", DataType::UInt64, true),
        Field::new("previous_num", DataType::UInt64, true),
        Field::new("previous_den", DataType::UInt64, true),
        Field::new("reading", DataType::Utf8, false),
    ]);
    RecordBatch::try_new(Arc::new(schema), columns)
}
