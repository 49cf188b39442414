//! Who took part in nominating: per unit and nominator kind, the distinct nominator persons,
//! the nominators counted on rows that give only a number (not persons: the same person may
//! be on two such rows), and the organisations' nominations; then totals (docs/domain.md §7).

use super::kind::NominatorKind;
use super::table::Nominations;
use super::tally::{By, Nomination, read_rows};
use crate::division::DivisionCode;
use crate::id::ResidentId;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// One line of the participation figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Participation {
    /// The unit; `None` for the totals over every unit.
    pub unit_code: Option<DivisionCode>,
    /// The nominator kind; `None` for every kind together.
    pub kind: Option<NominatorKind>,
    /// Distinct nominator persons (by ID number) in the unit — in the totals, over every
    /// unit. Across kinds, a person is counted once; a person who nominates in two units is
    /// one person in the totals.
    pub persons: u64,
    /// Nominators given only as a number (提名人数) on rows that list no persons: counted as
    /// written, not distinct persons.
    pub counted: u64,
    /// Nominations by an organisation (党组织), one per nominee and role.
    pub organisation_nominations: u64,
}

#[derive(Default)]
struct Acc {
    persons: HashSet<ResidentId>,
    counted: u64,
    organisation: HashSet<(crate::roster::Body, crate::roster::Role, ResidentId)>,
}

impl Acc {
    fn add(&mut self, n: &Nomination) {
        match n.by {
            By::Person(p) => {
                self.persons.insert(p);
            }
            By::Count(c) => self.counted = self.counted.saturating_add(c),
            By::Organisation => {
                self.organisation.insert((n.body, n.role, n.nominee));
            }
        }
    }
    fn line(&self, unit: Option<DivisionCode>, kind: Option<NominatorKind>) -> Participation {
        Participation {
            unit_code: unit,
            kind,
            persons: self.persons.len() as u64,
            counted: self.counted,
            organisation_nominations: self.organisation.len() as u64,
        }
    }
}

/// The participation figures of nominations that count: per unit (in code order) a line per
/// kind present and a line for all kinds (`kind: None`); then per kind the figures over every
/// unit (`unit_code: None`: distinct persons over all units, not a sum of the units') and the
/// grand total.
pub fn participation(rows: &[Nomination]) -> Vec<Participation> {
    let mut per: BTreeMap<DivisionCode, BTreeMap<NominatorKind, Acc>> = BTreeMap::new();
    let mut all: BTreeMap<DivisionCode, Acc> = BTreeMap::new();
    let mut totals: BTreeMap<NominatorKind, Acc> = BTreeMap::new();
    let mut grand = Acc::default();
    for n in rows {
        per.entry(n.unit)
            .or_default()
            .entry(n.kind)
            .or_default()
            .add(n);
        all.entry(n.unit).or_default().add(n);
        totals.entry(n.kind).or_default().add(n);
        grand.add(n);
    }
    let mut out = Vec::new();
    for (unit, kinds) in &per {
        for (kind, acc) in kinds {
            out.push(acc.line(Some(*unit), Some(*kind)));
        }
        if let Some(acc) = all.get(unit) {
            out.push(acc.line(Some(*unit), None));
        }
    }
    out.extend(totals.iter().map(|(k, acc)| acc.line(None, Some(*k))));
    out.push(grand.line(None, None));
    out
}

/// The distinct nominators by kind of the units `units` (every unit when `None`), from a
/// nominations table: the figures of [`participation`] over the rows that count (a row with
/// an unreadable cell does not; [`super::nominate`] reports it). For a demo or a report that
/// wants only who took part.
pub fn nominators_by_kind(
    nominations: &Nominations,
    units: Option<&[DivisionCode]>,
) -> Vec<Participation> {
    let (rows, _) = read_rows(nominations);
    let rows: Vec<Nomination> = match units {
        None => rows,
        Some(u) => rows.into_iter().filter(|n| u.contains(&n.unit)).collect(),
    };
    participation(&rows)
}
