//! The `nominations` table (docs/tables.md) as typed columns: one row per nomination of a
//! nominee for a role of a unit's committee — by one nominator person (`nominator`), by a
//! number of nominators not listed one by one (`nominators`), or by an organisation (both
//! empty). 村民委员会组织法 art. 15; docs/domain.md §7.

use super::kind::NominatorKind;
use crate::cells::parse_count;
use crate::division::DivisionCode;
use crate::people::{Cell, IdColumn};
use crate::roster::{Body, Role};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Reads a number of nominators: a whole number of 1 or more (`0` nominators is no
/// nomination, and unreadable).
pub fn parse_nominators(text: &str) -> Option<u64> {
    parse_count(text).filter(|n| *n > 0)
}

/// The `nominations` table.
#[derive(Debug, Clone, Default)]
pub struct Nominations {
    /// unit_code (区划代码).
    pub unit_code: Vec<Cell<DivisionCode>>,
    /// body (组织): 村委会 or 居委会.
    pub body: Vec<Cell<Body>>,
    /// role (职务): 主任, 副主任, 委员.
    pub role: Vec<Cell<Role>>,
    /// id_number: the nominee (被提名人).
    pub id: IdColumn,
    /// name: the nominee's name, for the results.
    pub name: Vec<Option<Arc<str>>>,
    /// nominator_kind (提名人类别).
    pub nominator_kind: Vec<Cell<NominatorKind>>,
    /// nominator (提名人身份证号码): one nominator person per row.
    pub nominator: IdColumn,
    /// nominators (提名人数): how many nominators the row stands for, when not listed one by one.
    pub nominators: Vec<Cell<u64>>,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
    /// The file the table came from, for messages.
    pub source: Option<String>,
}

/// One nomination row given as text, for Rust programs without the table layer.
#[derive(Debug, Clone, Default)]
pub struct NominationRow<'a> {
    /// unit_code.
    pub unit_code: Option<&'a str>,
    /// body.
    pub body: Option<&'a str>,
    /// role.
    pub role: Option<&'a str>,
    /// id_number of the nominee.
    pub id_number: Option<&'a str>,
    /// name of the nominee.
    pub name: Option<&'a str>,
    /// nominator_kind.
    pub nominator_kind: Option<&'a str>,
    /// nominator: the nominator's ID number.
    pub nominator: Option<&'a str>,
    /// nominators: a number of nominators.
    pub nominators: Option<&'a str>,
}

impl Nominations {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.unit_code.len()
    }
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.unit_code.is_empty()
    }
    /// Appends a row given as text; absent cells are `Missing`.
    pub fn push(&mut self, r: &NominationRow<'_>) {
        self.unit_code
            .push(Cell::read(r.unit_code, DivisionCode::parse));
        self.body
            .push(Cell::read(r.body, |t| Body::parse(t).ok_or(())));
        self.role
            .push(Cell::read(r.role, |t| Role::parse(t).ok_or(())));
        self.id
            .push_text(r.id_number.filter(|t| !t.trim().is_empty()));
        self.name.push(
            r.name
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(Arc::from),
        );
        self.nominator_kind.push(Cell::read(r.nominator_kind, |t| {
            NominatorKind::parse(t).ok_or(())
        }));
        self.nominator
            .push_text(r.nominator.filter(|t| !t.trim().is_empty()));
        self.nominators
            .push(Cell::read(r.nominators, |t| parse_nominators(t).ok_or(())));
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        crate::people::header_of(&self.headers, canonical)
    }
}
