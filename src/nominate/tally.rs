//! The rows of a nominations table read into nominations — or into the problems that keep a
//! row from counting (an unreadable or missing cell, a body or role the stage does not fill) —
//! and each nominee's nominations counted (docs/domain.md §7).
//!
//! A nominee's nominations are the distinct nominator persons (the same person nominating the
//! same nominee twice counts once), plus the numbers of the rows that give a number of
//! nominators, plus one per organisation that nominated them.

use super::kind::NominatorKind;
use super::table::Nominations;
use crate::cells::Cell;
use crate::division::DivisionCode;
use crate::id::{IdError, ResidentId};
use crate::people::cell_at;
use crate::roster::{Body, Role};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The bodies whose candidates are nominated here: their seats are the units table's.
pub const NOMINATED_BODIES: [Body; 2] = [Body::VillageCommittee, Body::ResidentsCommittee];

/// The roles nominated for, in the order seats are decided.
pub const NOMINATED_ROLES: [Role; 3] = [Role::Director, Role::DeputyDirector, Role::Member];

/// Who a nomination row is by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// One nominator person (also the nominee of a self-nomination without a nominator).
    Person(ResidentId),
    /// A number of nominators not listed one by one (联名人数).
    Count(u64),
    /// An organisation (党组织): one nomination.
    Organisation,
}

/// One nomination that counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nomination {
    /// The 0-based row of the table.
    pub row: u32,
    /// The unit.
    pub unit: DivisionCode,
    /// The body.
    pub body: Body,
    /// The role.
    pub role: Role,
    /// The nominee.
    pub nominee: ResidentId,
    /// The nominator's kind.
    pub kind: NominatorKind,
    /// Who.
    pub by: By,
}

/// What is wrong with a cell that keeps its row from counting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The cell is empty and the row needs it.
    Missing,
    /// The cell cannot be read as its column's type.
    Unreadable,
    /// An ID number that does not validate (the error, never the number).
    InvalidId(IdError),
    /// A body or role whose seats are not nominated here.
    OutOfScope,
    /// A person's nomination that names neither a nominator nor a number of nominators.
    NoNominator,
}

/// A cell that keeps its row from counting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The 0-based row.
    pub row: u32,
    /// The canonical column.
    pub column: &'static str,
    /// What is wrong.
    pub problem: Problem,
    /// The row's unit, when it can be read.
    pub unit: Option<DivisionCode>,
    /// The row's body, when it can be read.
    pub body: Option<Body>,
    /// The row's role, when it can be read.
    pub role: Option<Role>,
}

fn id_cell(col: &crate::people::IdColumn, row: usize) -> Result<Option<ResidentId>, IdError> {
    match col.cells.get(row) {
        None | Some(Err(IdError::Empty)) => Ok(None),
        Some(Ok(id)) => Ok(Some(*id)),
        Some(Err(e)) => Err(e.clone()),
    }
}

/// Reads every row: the nominations that count, in row order, and the problems of the rows
/// that do not (every bad cell of a row, in column order).
pub fn read_rows(t: &Nominations) -> (Vec<Nomination>, Vec<RowProblem>) {
    let mut ok = Vec::with_capacity(t.len());
    let mut problems = Vec::new();
    for row in 0..t.len() {
        let row32 = u32::try_from(row).unwrap_or(u32::MAX);
        let unit = cell_at(&t.unit_code, row);
        let body = cell_at(&t.body, row);
        let role = cell_at(&t.role, row);
        let mut bad: Vec<(&'static str, Problem)> = Vec::new();
        let mut need = |column: &'static str, missing: bool, invalid: bool| {
            if missing {
                bad.push((column, Problem::Missing));
            } else if invalid {
                bad.push((column, Problem::Unreadable));
            }
        };
        need(
            "unit_code",
            matches!(unit, Cell::Missing),
            matches!(unit, Cell::Invalid),
        );
        need(
            "body",
            matches!(body, Cell::Missing),
            matches!(body, Cell::Invalid),
        );
        need(
            "role",
            matches!(role, Cell::Missing),
            matches!(role, Cell::Invalid),
        );
        if let Cell::Value(b) = body
            && !NOMINATED_BODIES.contains(&b)
        {
            bad.push(("body", Problem::OutOfScope));
        }
        if let Cell::Value(r) = role
            && !NOMINATED_ROLES.contains(&r)
        {
            bad.push(("role", Problem::OutOfScope));
        }
        let nominee = match id_cell(&t.id, row) {
            Ok(Some(id)) => Some(id),
            Ok(None) => {
                bad.push(("id_number", Problem::Missing));
                None
            }
            Err(e) => {
                bad.push(("id_number", Problem::InvalidId(e)));
                None
            }
        };
        let kind = cell_at(&t.nominator_kind, row);
        match kind {
            Cell::Missing => bad.push(("nominator_kind", Problem::Missing)),
            Cell::Invalid => bad.push(("nominator_kind", Problem::Unreadable)),
            Cell::Value(_) => {}
        }
        let count = cell_at(&t.nominators, row);
        if matches!(count, Cell::Invalid) {
            bad.push(("nominators", Problem::Unreadable));
        }
        let nominator = match id_cell(&t.nominator, row) {
            Ok(n) => n,
            Err(e) => {
                bad.push(("nominator", Problem::InvalidId(e)));
                None
            }
        };
        let by = match (kind.value(), count.value(), nominator, nominee) {
            (Some(k), _, _, _) if k.is_organisation() => Some(By::Organisation),
            (_, Some(n), _, _) => Some(By::Count(n)),
            (_, None, Some(p), _) => Some(By::Person(p)),
            (Some(NominatorKind::SelfNomination), None, None, Some(me)) => Some(By::Person(me)),
            (Some(_), None, None, _)
                if !bad
                    .iter()
                    .any(|(c, _)| *c == "nominator" || *c == "nominators") =>
            {
                bad.push(("nominator", Problem::NoNominator));
                None
            }
            _ => None,
        };
        match (
            unit.value(),
            body.value(),
            role.value(),
            nominee,
            kind.value(),
            by,
        ) {
            (Some(unit), Some(body), Some(role), Some(nominee), Some(kind), Some(by))
                if bad.is_empty() =>
            {
                ok.push(Nomination {
                    row: row32,
                    unit,
                    body,
                    role,
                    nominee,
                    kind,
                    by,
                });
            }
            _ => problems.extend(bad.into_iter().map(|(column, problem)| RowProblem {
                row: row32,
                column,
                problem,
                unit: unit.value(),
                body: body.value(),
                role: role.value(),
            })),
        }
    }
    (ok, problems)
}

/// One nominee's nominations for one role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The distinct nominator persons.
    pub persons: BTreeSet<ResidentId>,
    /// The sum of the rows that give a number of nominators.
    pub counted: u64,
    /// The organisations' nominations (one per organisation kind).
    pub organisations: BTreeSet<NominatorKind>,
    /// The rows that count.
    pub rows: Vec<u32>,
}

impl Tally {
    /// Nominations: distinct persons + counted + organisations.
    pub fn nominations(&self) -> u64 {
        (self.persons.len() as u64)
            .saturating_add(self.counted)
            .saturating_add(self.organisations.len() as u64)
    }
}

/// A slate's key: unit, body, role.
pub type SlateKey = (DivisionCode, Body, Role);

/// Each nominee's nominations, per unit, body and role (in code order), nominees in ID order.
pub fn tallies(rows: &[Nomination]) -> BTreeMap<SlateKey, BTreeMap<ResidentId, Tally>> {
    let mut out: BTreeMap<SlateKey, BTreeMap<ResidentId, Tally>> = BTreeMap::new();
    for n in rows {
        let t = out
            .entry((n.unit, n.body, n.role))
            .or_default()
            .entry(n.nominee)
            .or_default();
        match n.by {
            By::Person(p) => {
                t.persons.insert(p);
            }
            By::Count(c) => t.counted = t.counted.saturating_add(c),
            By::Organisation => {
                t.organisations.insert(n.kind);
            }
        }
        t.rows.push(n.row);
    }
    out
}

/// The nominee's name: the first non-empty name of their rows.
pub fn name_of(t: &Nominations, rows: &[u32]) -> Option<Arc<str>> {
    rows.iter()
        .find_map(|&r| t.name.get(r as usize).cloned().flatten())
}
