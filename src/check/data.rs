//! The findings about the data and the roster that come before the rules: unreadable cells,
//! ID numbers that do not validate, contradictions with the ID number, duplicates in `people`,
//! persons missing from `people`, and close-relative avoidance.

use super::plan::Vetted;
use super::{CheckInput, IdMap};
use crate::finding::{Evidence, Finding, Sink};
use crate::id::ResidentId;
use crate::pack::RulePack;
use crate::people::{Cell, IdCell, People, cell_at};
use crate::roster::Roster;
use crate::vetting::Subject;
use chrono::NaiveDate;

/// Avoidance findings (AV-…) added to the persons they fall on.
pub(super) fn kinship_findings(
    roster: &Roster,
    graph: Option<&crate::kinship::FamilyGraph>,
    pack: &RulePack,
    as_of: NaiveDate,
    vetted: &[Vetted],
    vetted_index: &IdMap<u32>,
    early: &mut IdMap<Vec<Finding>>,
) {
    let vetted_of = |r: u32| -> Option<usize> {
        let id = roster.id.cells.get(r as usize)?.as_ref().ok()?;
        vetted_index.get(&id.to_u64()).map(|&v| v as usize)
    };
    let subject = |r: u32| -> Subject {
        vetted_of(r).map_or_else(Subject::default, |v| vetted[v].subject.clone())
    };
    for (r, f) in crate::kinship::avoidance_findings(roster, graph, pack, as_of, &subject) {
        if let Some(v) = vetted_of(r) {
            early.entry(v as u64).or_default().push(f);
        }
    }
}

/// Whether two rows of `people` with the same ID number disagree on any attribute given.
pub(super) fn conflicting(p: &People, a: usize, b: usize) -> bool {
    fn differs<T: Copy + PartialEq>(col: &[Cell<T>], a: usize, b: usize) -> bool {
        matches!((cell_at(col, a), cell_at(col, b)), (Cell::Value(x), Cell::Value(y)) if x != y)
    }
    differs(&p.sex, a, b)
        || differs(&p.birth_date, a, b)
        || differs(&p.ethnicity, a, b)
        || differs(&p.education, a, b)
        || differs(&p.party, a, b)
        || differs(&p.finance_skill, a, b)
}

pub(super) fn roster_cell_findings(roster: &Roster, r: usize, s: &Subject, out: &mut Vec<Finding>) {
    let invalid = [
        ("unit_code", cell_at(&roster.unit_code, r) == Cell::Invalid),
        ("body", cell_at(&roster.body, r) == Cell::Invalid),
        ("role", cell_at(&roster.role, r) == Cell::Invalid),
        ("status", cell_at(&roster.status, r) == Cell::Invalid),
        ("term", cell_at(&roster.term, r) == Cell::Invalid),
    ];
    for (col, bad) in invalid {
        if bad {
            out.push(crate::vetting_data::bad_cell(
                s,
                "roster",
                r,
                &roster.header(col),
            ));
        }
    }
}

pub(super) fn person_data_findings(
    input: CheckInput<'_>,
    s: &Subject,
    duplicates: &IdMap<Vec<u32>>,
    as_of: NaiveDate,
    out: &mut impl Sink,
) {
    let people = input.people;
    use crate::vetting_data as d;
    // The ID number itself.
    let (id_cell, table, row): (Option<IdCell>, &str, Option<u32>) =
        match (s.row, s.roster_row, input.roster) {
            (Some(p), _, _) => (people.id.cells.get(p as usize).cloned(), "people", Some(p)),
            (None, Some(r), Some(roster)) => {
                (roster.id.cells.get(r as usize).cloned(), "roster", Some(r))
            }
            _ => (None, "people", None),
        };
    let id: Option<ResidentId> = match id_cell {
        Some(Ok(id)) => match id.check_as_of(as_of) {
            Ok(()) => Some(id),
            Err(e) => {
                out.add(d::invalid_id(
                    s,
                    &e,
                    Evidence::Cell {
                        table,
                        row: row.unwrap_or(0),
                        column: people.header("id_number"),
                    },
                ));
                None
            }
        },
        Some(Err(e)) => {
            let column = if table == "people" {
                people.header("id_number")
            } else {
                "id_number".into()
            };
            out.add(d::invalid_id(
                s,
                &e,
                Evidence::Cell {
                    table,
                    row: row.unwrap_or(0),
                    column,
                },
            ));
            None
        }
        None => None,
    };
    let Some(prow) = s.row else {
        if input.roster.is_some() && id.is_some() {
            out.add(d::missing_person(
                s,
                Evidence::Cell {
                    table: "roster",
                    row: s.roster_row.unwrap_or(0),
                    column: "id_number".into(),
                },
                "roster",
            ));
        }
        return;
    };
    let p = prow as usize;
    for (col, bad) in [
        ("sex", cell_at(&people.sex, p) == Cell::Invalid),
        (
            "birth_date",
            cell_at(&people.birth_date, p) == Cell::Invalid,
        ),
        ("ethnicity", cell_at(&people.ethnicity, p) == Cell::Invalid),
        ("education", cell_at(&people.education, p) == Cell::Invalid),
        ("party", cell_at(&people.party, p) == Cell::Invalid),
        (
            "finance_skill",
            cell_at(&people.finance_skill, p) == Cell::Invalid,
        ),
    ] {
        if bad {
            out.add(d::bad_cell(s, "people", p, &people.header(col)));
        }
    }
    if let Some(id) = id {
        if let Cell::Value(sex) = cell_at(&people.sex, p)
            && sex != id.sex()
        {
            out.add(d::contradiction(
                s,
                "DATA-SEX",
                "性别",
                "sex",
                p,
                &people.header("sex"),
            ));
        }
        if let (Cell::Value(b), Some(idb)) = (cell_at(&people.birth_date, p), id.birth_date())
            && !b.matches(idb)
        {
            out.add(d::contradiction(
                s,
                "DATA-BIRTH",
                "出生日期",
                "birth date",
                p,
                &people.header("birth_date"),
            ));
        }
        if let Some(rows) = (!duplicates.is_empty())
            .then(|| duplicates.get(&id.to_u64()))
            .flatten()
        {
            out.add(d::duplicate(s, rows.clone()));
        }
    }
}
