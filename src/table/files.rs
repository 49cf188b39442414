//! A table read from one or more files (one per department): each file found and accounted
//! for on its own, then their columns aligned so that the rows form one table that keeps
//! every row's source and line.

use super::columns::{TableRole, canonical_column};
use super::readers::{FileSpec, ReadOptions, read_file};
use crate::audit::InputInfo;
use crate::error::{InputError, Location};
use crate::provenance::{RowSource, RowSources};
use arrow_array::{ArrayRef, RecordBatch, new_null_array};
use arrow_schema::{DataType, Field, Schema};
use std::sync::Arc;

/// A table read from files.
#[derive(Debug, Clone)]
pub struct TableFiles {
    /// One batch per file, all with the same columns (named as the first file spelling
    /// each; a column a file lacks is empty there).
    pub batches: Vec<RecordBatch>,
    /// Each row's file, sheet and line.
    pub sources: RowSources,
    /// One audit entry per file.
    pub infos: Vec<InputInfo>,
    /// The table, for messages (the file, when there is one).
    pub at: Location,
}

/// Reads `specs` as one table of `role`.
pub fn read_files(
    specs: &[FileSpec],
    role: TableRole,
    options: &ReadOptions,
) -> Result<TableFiles, InputError> {
    let mut read = Vec::with_capacity(specs.len());
    for spec in specs {
        read.push(read_file(spec, role, options)?);
    }
    let columns = table_columns(read.iter().map(|r| &r.batch), role);
    let mut out = TableFiles {
        batches: Vec::with_capacity(read.len()),
        sources: RowSources::default(),
        infos: Vec::with_capacity(read.len()),
        at: Location {
            table: role.name().to_string(),
            file: (!specs.is_empty()).then(|| {
                specs
                    .iter()
                    .map(|s| s.path.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
            sheet: match read.as_slice() {
                [one] => one.info.sheet.clone(),
                _ => None,
            },
            ..Location::default()
        },
    };
    for r in read {
        let batch = align(r.batch, &columns, role, &out.at)?;
        out.sources.push(
            RowSource {
                file: r.info.name.clone(),
                sheet: r.info.sheet.clone(),
            },
            &r.lines,
        );
        out.infos.push(r.info);
        out.batches.push(batch);
    }
    Ok(out)
}

/// The columns of a table's parts (files, frames), in order of first appearance, each named
/// as first spelled.
pub(super) fn table_columns<'a>(
    batches: impl Iterator<Item = &'a RecordBatch>,
    role: TableRole,
) -> Vec<(&'static str, String)> {
    let mut columns: Vec<(&'static str, String)> = Vec::new();
    for b in batches {
        for f in b.schema().fields() {
            if let Some(c) = canonical_column(f.name(), role.columns())
                && !columns.iter().any(|(k, _)| *k == c)
            {
                columns.push((c, f.name().clone()));
            }
        }
    }
    columns
}

/// A part's batch with the table's `columns` (as [`table_columns`] gives them): its own
/// cells, of their own type, under the table's spelling, and empty text columns for those it
/// lacks; the columns the table does not read are left out.
pub(super) fn align(
    batch: RecordBatch,
    columns: &[(&'static str, String)],
    role: TableRole,
    at: &Location,
) -> Result<RecordBatch, InputError> {
    if already_aligned(columns, &batch, role) {
        return Ok(batch);
    }
    let own = batch.schema();
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns
        .iter()
        .map(|(c, name)| {
            let array = own
                .fields()
                .iter()
                .position(|f| canonical_column(f.name(), role.columns()) == Some(c))
                .map_or_else(
                    || new_null_array(&DataType::Utf8, batch.num_rows()),
                    |i| batch.column(i).clone(),
                );
            (Field::new(name, array.data_type().clone(), true), array)
        })
        .unzip();
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), arrays, &options).map_err(
        |e| InputError::Unreadable {
            at: at.clone(),
            what: e.to_string(),
        },
    )
}

/// Whether a part's batch already has the table's columns in order and spelling.
fn already_aligned(
    columns: &[(&'static str, String)],
    batch: &RecordBatch,
    role: TableRole,
) -> bool {
    let fields = batch.schema();
    fields.fields().len() == columns.len()
        && fields.fields().iter().zip(columns).all(|(f, (c, name))| {
            f.name() == name && canonical_column(f.name(), role.columns()) == Some(c)
        })
}
