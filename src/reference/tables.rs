//! Building the synthetic tables as Arrow record batches in the shapes of docs/tables.md, each marked
//! synthetic in its schema metadata.

use arrow_array::builder::{Date32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// A column's type.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Text,
    Int,
    Date,
}

/// One cell of a row being added.
pub(crate) enum Cell<'a> {
    T(&'a str),
    I(i64),
    D(NaiveDate),
    Null,
}

enum Col {
    Text(StringBuilder),
    Int(Int64Builder),
    Date(Date32Builder),
}

/// A table being built row by row.
pub(crate) struct TableBuilder {
    name: &'static str,
    fields: Vec<Field>,
    cols: Vec<Col>,
}

fn days(d: NaiveDate) -> i32 {
    // Days since 1970-01-01 (Arrow date32).
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((d - epoch).num_days()).unwrap_or(0)
}

impl TableBuilder {
    /// A table with these columns.
    pub(crate) fn new(name: &'static str, columns: &[(&'static str, Kind)]) -> TableBuilder {
        let fields = columns
            .iter()
            .map(|(n, k)| {
                let t = match k {
                    Kind::Text => DataType::Utf8,
                    Kind::Int => DataType::Int64,
                    Kind::Date => DataType::Date32,
                };
                Field::new(*n, t, true)
            })
            .collect();
        let cols = columns
            .iter()
            .map(|(_, k)| match k {
                Kind::Text => Col::Text(StringBuilder::new()),
                Kind::Int => Col::Int(Int64Builder::new()),
                Kind::Date => Col::Date(Date32Builder::new()),
            })
            .collect();
        TableBuilder { name, fields, cols }
    }

    /// Adds a row; a cell of the wrong type, or a missing cell, is added as null.
    pub(crate) fn row(&mut self, cells: &[Cell<'_>]) {
        for (i, col) in self.cols.iter_mut().enumerate() {
            let cell = cells.get(i).unwrap_or(&Cell::Null);
            match (col, cell) {
                (Col::Text(b), Cell::T(s)) => b.append_value(s),
                (Col::Text(b), _) => b.append_null(),
                (Col::Int(b), Cell::I(v)) => b.append_value(*v),
                (Col::Int(b), _) => b.append_null(),
                (Col::Date(b), Cell::D(d)) => b.append_value(days(*d)),
                (Col::Date(b), _) => b.append_null(),
            }
        }
    }

    /// The finished batch, with the data set's metadata.
    pub(crate) fn finish(self, dataset: &str, seed: u64) -> Result<RecordBatch, ArrowError> {
        let arrays: Vec<ArrayRef> = self
            .cols
            .into_iter()
            .map(|c| -> ArrayRef {
                match c {
                    Col::Text(mut b) => Arc::new(b.finish()),
                    Col::Int(mut b) => Arc::new(b.finish()),
                    Col::Date(mut b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let metadata = HashMap::from([
            ("huanjie.synthetic".to_string(), "true".to_string()),
            ("huanjie.dataset".to_string(), dataset.to_string()),
            ("huanjie.seed".to_string(), seed.to_string()),
            ("huanjie.table".to_string(), self.name.to_string()),
            (
                "huanjie.note".to_string(),
                "synthetic data: every person, ID number and name is invented".to_string(),
            ),
        ]);
        RecordBatch::try_new(
            Arc::new(Schema::new_with_metadata(self.fields, metadata)),
            arrays,
        )
    }
}
