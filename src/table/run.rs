//! One entry point for both front ends: tables as Arrow record batches → a check report.

use crate::check::{CheckInput, CheckOptions, CheckReport, check};
use crate::error::{Error, Location};
use crate::pack::RulePack;
use arrow_array::RecordBatch;

/// An input table: its batches and where it came from (for messages).
#[derive(Debug, Clone, Copy)]
pub struct TableInput<'a> {
    /// The batches (one schema).
    pub batches: &'a [RecordBatch],
    /// The table's role and file, for messages.
    pub at: &'a Location,
}

/// The tables of a check.
#[derive(Debug, Clone, Copy)]
pub struct CheckTables<'a> {
    /// `people`.
    pub people: TableInput<'a>,
    /// `roster`, when given.
    pub roster: Option<TableInput<'a>>,
    /// `records`, when given.
    pub records: Option<TableInput<'a>>,
    /// `relations`, when given.
    pub relations: Option<TableInput<'a>>,
    /// `units`, when given (composition: seats, smaller groups, households, election days).
    pub units: Option<TableInput<'a>>,
}

/// Reads the tables into domain columns and checks them.
pub fn check_tables(
    tables: CheckTables<'_>,
    pack: &RulePack,
    options: CheckOptions,
) -> Result<CheckReport, Error> {
    let people = super::people_from_batches(tables.people.batches, tables.people.at)?;
    let roster = tables
        .roster
        .map(|t| super::roster_from_batches(t.batches, t.at))
        .transpose()?;
    let records = tables
        .records
        .map(|t| super::records_from_batches(t.batches, t.at, pack))
        .transpose()?;
    let relations = tables
        .relations
        .map(|t| super::relations_from_batches(t.batches, t.at))
        .transpose()?;
    let units = tables
        .units
        .map(|t| super::units_from_batches(t.batches, t.at))
        .transpose()?;
    let report = check(
        CheckInput {
            people: &people,
            roster: roster.as_ref(),
            records: records.as_ref(),
            relations: relations.as_ref(),
            units: units.as_ref(),
        },
        pack,
        options,
    );
    // The core names the relations table; the front end knows its file.
    match (report, tables.relations) {
        (Err(Error::Input(crate::error::InputError::BadValue { at, what })), Some(t))
            if at.table == "relations" =>
        {
            Err(Error::Input(crate::error::InputError::BadValue {
                at: Location {
                    file: t.at.file.clone(),
                    ..at
                },
                what,
            }))
        }
        (r, _) => r,
    }
}
