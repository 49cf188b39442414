//! The `records` table (docs/tables.md): the joint review's vetting facts about persons.

use crate::pack::RulePack;
use crate::people::{Cell, IdColumn};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The `records` table as typed columns: kinds and grades are resolved against a pack.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// id_number.
    pub id: IdColumn,
    /// kind: index into the pack's record kinds; `Invalid` for a label the pack does not know.
    pub kind: Vec<Cell<u16>>,
    /// The labels of unknown kinds by row (record kinds are not personal data).
    pub unknown_kind: BTreeMap<usize, String>,
    /// date (决定日期 / 判决日期).
    pub date: Vec<Cell<NaiveDate>>,
    /// end_date, meaning per kind (docs/domain.md §4).
    pub end_date: Vec<Cell<NaiveDate>>,
    /// grade: index into the pack's grades; `Invalid` for a label the pack does not know.
    pub grade: Vec<Cell<u16>>,
    /// rectified (是否整改).
    pub rectified: Vec<Cell<bool>>,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
    /// For each record whose ID number a spreadsheet stored as a number: the persons of
    /// `people` whose numbers begin with the 15 digits it kept (see
    /// [`Records::attribute_numeric_ids`]).
    pub numeric_matches: BTreeMap<usize, Vec<crate::id::ResidentId>>,
}

/// One record's cells, copied out of the columns: what the rules read of a record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordFacts {
    /// The record's 0-based row.
    pub row: u32,
    /// Its kind (index into the pack's kinds).
    pub kind: Cell<u16>,
    /// Its grade (index into the pack's grades).
    pub grade: Cell<u16>,
    /// Whether rectified.
    pub rectified: Cell<bool>,
    /// The decision date.
    pub date: Cell<NaiveDate>,
    /// The end date.
    pub end_date: Cell<NaiveDate>,
}

/// One record given as text, for Rust programs without the table layer.
#[derive(Debug, Clone, Default)]
pub struct RecordRow<'a> {
    /// id_number.
    pub id_number: Option<&'a str>,
    /// kind: code or Chinese label.
    pub kind: Option<&'a str>,
    /// date.
    pub date: Option<&'a str>,
    /// end_date.
    pub end_date: Option<&'a str>,
    /// grade.
    pub grade: Option<&'a str>,
    /// rectified: yes/no.
    pub rectified: Option<&'a str>,
}

impl Records {
    /// Reads every date outside `bounds` as an unreadable cell (a `review` finding where the
    /// rules read it), never as a date in another century (see [`crate::date::DateBounds`]).
    pub fn bound_dates(&mut self, bounds: &crate::date::DateBounds) {
        bounds.days(&mut self.date);
        bounds.days(&mut self.end_date);
    }

    /// Matches the records whose ID number a spreadsheet stored as a number (docs/tables.md)
    /// on the 15 digits it kept against `people`: a record that fits one person is theirs;
    /// one that fits several or none stays unattributed. Every match is kept in
    /// `numeric_matches`, for the DATA-ID-NUMERIC findings.
    pub fn attribute_numeric_ids(&mut self, people: &IdColumn) {
        self.numeric_matches = self.id.attribute_numeric(people);
    }

    /// How many records belong to no one: their ID number is invalid, or was stored as a
    /// number and fits several persons or none.
    pub fn unattributed(&self) -> u64 {
        self.id.cells.iter().filter(|c| c.is_err()).count() as u64
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.id.len()
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }
    /// Appends a record given as text, resolving kind and grade against `pack`.
    pub fn push(&mut self, row: &RecordRow<'_>, pack: &RulePack) {
        self.id.push_text(row.id_number);
        self.push_kind_and_grade(row.kind, row.grade, pack);
        self.date.push(Cell::read(row.date, |t| {
            crate::date::parse_date(t).ok_or(())
        }));
        self.end_date.push(Cell::read(row.end_date, |t| {
            crate::date::parse_date(t).ok_or(())
        }));
        self.rectified.push(Cell::read(row.rectified, |t| {
            crate::person::parse_yes_no(t).ok_or(())
        }));
    }

    /// Appends the kind and grade cells of one row.
    pub fn push_kind_and_grade(
        &mut self,
        kind: Option<&str>,
        grade: Option<&str>,
        pack: &RulePack,
    ) {
        let (k, g) = resolve_kind_and_grade(kind, grade, pack);
        if let (Cell::Invalid, Some(label)) = (k, kind) {
            self.unknown_kind
                .insert(self.kind.len(), label.trim().to_string());
        }
        self.kind.push(k);
        self.grade.push(g);
    }

    /// The cells of row `r`.
    pub fn facts(&self, r: usize) -> RecordFacts {
        let at = |c: &[Cell<NaiveDate>]| c.get(r).copied().unwrap_or_default();
        RecordFacts {
            row: r as u32,
            kind: self.kind.get(r).copied().unwrap_or_default(),
            grade: self.grade.get(r).copied().unwrap_or_default(),
            rectified: self.rectified.get(r).copied().unwrap_or_default(),
            date: at(&self.date),
            end_date: at(&self.end_date),
        }
    }

    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        self.headers
            .get(canonical)
            .cloned()
            .unwrap_or_else(|| canonical.to_string())
    }
}

/// Resolves a record's kind and grade labels against `pack`: a kind the pack does not know is
/// `Invalid`; a grade is read within its kind (a grade of an unknown kind is left aside, since
/// the unknown kind is reported).
pub fn resolve_kind_and_grade(
    kind: Option<&str>,
    grade: Option<&str>,
    pack: &RulePack,
) -> (Cell<u16>, Cell<u16>) {
    let k = Cell::read(kind, |t| pack.find_kind(t).map(|k| k as u16).ok_or(()));
    let g = match k {
        Cell::Value(k) => {
            let code = &pack.kinds[k as usize].code;
            Cell::read(grade, |t| {
                pack.find_grade(code, t).map(|g| g as u16).ok_or(())
            })
        }
        _ => Cell::Missing,
    };
    (k, g)
}
