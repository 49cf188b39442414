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
    // The columns of all files, in order of first appearance, named as first spelled.
    let mut columns: Vec<(&'static str, String)> = Vec::new();
    for r in &read {
        for f in r.batch.schema().fields() {
            if let Some(c) = canonical_column(f.name(), role.columns())
                && !columns.iter().any(|(k, _)| *k == c)
            {
                columns.push((c, f.name().clone()));
            }
        }
    }
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(_, name)| Field::new(name, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
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
        let batch = if already_aligned(&columns, &r.batch, role) {
            r.batch
        } else {
            align(&r.batch, &columns, &schema, role, &out.at)?
        };
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

/// Whether a file's batch already has the table's columns in order and spelling.
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

/// A file's batch with the table's columns: its own under the table's spelling, empty ones for
/// the columns it lacks.
fn align(
    batch: &RecordBatch,
    columns: &[(&'static str, String)],
    schema: &Arc<Schema>,
    role: TableRole,
    at: &Location,
) -> Result<RecordBatch, InputError> {
    let own = batch.schema();
    let arrays: Vec<ArrayRef> = columns
        .iter()
        .map(|(c, _)| {
            own.fields()
                .iter()
                .position(|f| canonical_column(f.name(), role.columns()) == Some(c))
                .map_or_else(
                    || new_null_array(&DataType::Utf8, batch.num_rows()),
                    |i| batch.column(i).clone(),
                )
        })
        .collect();
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    RecordBatch::try_new_with_options(schema.clone(), arrays, &options).map_err(|e| {
        InputError::Unreadable {
            at: at.clone(),
            what: e.to_string(),
        }
    })
}
