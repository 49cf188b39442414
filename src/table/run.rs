//! One entry point for both front ends: tables as Arrow record batches → a check report.

use crate::check::{CheckInput, CheckOptions, CheckReport, Verdicts, check, check_outcomes};
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

/// The tables of a check read into domain columns.
#[derive(Debug, Clone, Default)]
pub struct ReadTables {
    /// `people`.
    pub people: crate::people::People,
    /// `roster`, when given.
    pub roster: Option<crate::roster::Roster>,
    /// `records`, when given (kinds and grades resolved against the pack).
    pub records: Option<crate::vetting::Records>,
    /// `relations`, when given.
    pub relations: Option<crate::kinship::Relations>,
    /// `units`, when given.
    pub units: Option<crate::units::Units>,
}

impl ReadTables {
    /// Reads `tables`, resolving record kinds against `pack`; dates outside the pack's
    /// plausible dates on `as_of` are unreadable cells ([`crate::date::DateBounds`]).
    pub fn read(
        tables: CheckTables<'_>,
        pack: &RulePack,
        as_of: chrono::NaiveDate,
    ) -> Result<Self, Error> {
        let mut read = Self::read_columns(tables, pack)?;
        let bounds = pack.date_bounds(as_of)?;
        read.people.bound_dates(&bounds);
        if let Some(r) = read.records.as_mut() {
            r.bound_dates(&bounds);
        }
        if let Some(r) = read.relations.as_mut() {
            r.bound_dates(&bounds);
        }
        if let Some(u) = read.units.as_mut() {
            u.bound_dates(&bounds);
        }
        // ID numbers Excel stored as numbers, matched on the 15 digits kept.
        if let Some(records) = read.records.as_mut() {
            records.attribute_numeric_ids(&read.people.id);
        }
        if let Some(roster) = read.roster.as_mut() {
            roster.attribute_numeric_ids(&read.people.id);
        }
        Ok(read)
    }

    fn read_columns(tables: CheckTables<'_>, pack: &RulePack) -> Result<Self, Error> {
        Ok(ReadTables {
            people: super::people_from_batches(tables.people.batches, tables.people.at)?,
            roster: tables
                .roster
                .map(|t| super::roster_from_batches(t.batches, t.at))
                .transpose()?,
            records: tables
                .records
                .map(|t| super::records_from_batches(t.batches, t.at, pack))
                .transpose()?,
            relations: tables
                .relations
                .map(|t| super::relations_from_batches(t.batches, t.at))
                .transpose()?,
            units: tables
                .units
                .map(|t| super::units_from_batches(t.batches, t.at))
                .transpose()?,
        })
    }

    /// The tables as the input of a check.
    pub fn input(&self) -> CheckInput<'_> {
        CheckInput {
            people: &self.people,
            roster: self.roster.as_ref(),
            records: self.records.as_ref(),
            relations: self.relations.as_ref(),
            units: self.units.as_ref(),
        }
    }
}

/// The core names the relations table; the front end knows its file.
fn with_relations_file<T>(result: Result<T, Error>, tables: &CheckTables<'_>) -> Result<T, Error> {
    match (result, tables.relations) {
        (Err(Error::Input(mut e)), Some(t)) if e.location().table == "relations" => {
            let at = e.location_mut();
            if at.file.is_none() {
                at.file = t.at.file.clone();
                at.sheet = t.at.sheet.clone();
            }
            Err(Error::Input(e))
        }
        (r, _) => r,
    }
}

/// Reads the tables into domain columns, prepares the check and hands it to `then` (which
/// streams it out: [`super::write_check`]), so that no report is built whole.
pub fn with_prepared_check<R>(
    tables: CheckTables<'_>,
    pack: &RulePack,
    options: CheckOptions,
    then: impl FnOnce(&crate::check::Prepared<'_>) -> R,
) -> Result<R, Error> {
    with_prepared_review(tables, pack, options, Vec::new(), then)
}

/// [`with_prepared_check`] with findings a front end made before the check (the joint
/// review's answers: see [`crate::check::Reported`]), each on its person.
pub fn with_prepared_review<R>(
    tables: CheckTables<'_>,
    pack: &RulePack,
    options: CheckOptions,
    reported: Vec<crate::check::Reported>,
    then: impl FnOnce(&crate::check::Prepared<'_>) -> R,
) -> Result<R, Error> {
    let read = ReadTables::read(tables, pack, options.as_of)?;
    let prepared = with_relations_file(
        crate::check::Prepared::with_reported(read.input(), pack, options, reported),
        &tables,
    )?;
    Ok(then(&prepared))
}

/// Reads the tables into domain columns and checks them (every finding built).
pub fn check_tables(
    tables: CheckTables<'_>,
    pack: &RulePack,
    options: CheckOptions,
) -> Result<CheckReport, Error> {
    let read = ReadTables::read(tables, pack, options.as_of)?;
    with_relations_file(check(read.input(), pack, options), &tables)
}

/// Reads the tables and gives only the outcomes and the summary ([`check_outcomes`]).
pub fn check_outcomes_tables(
    tables: CheckTables<'_>,
    pack: &RulePack,
    options: CheckOptions,
) -> Result<Verdicts, Error> {
    let read = ReadTables::read(tables, pack, options.as_of)?;
    with_relations_file(check_outcomes(read.input(), pack, options), &tables)
}
