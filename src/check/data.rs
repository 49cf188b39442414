//! The findings about the data and the roster that come before the rules: unreadable cells,
//! ID numbers that do not validate, contradictions with the ID number, duplicates in `people`,
//! persons missing from `people`, and close-relative avoidance.

use super::CheckInput;
use crate::finding::Subject;
use crate::finding::{Evidence, Finding, Sink};
use crate::hash::IdMap;
use crate::id::ResidentId;
use crate::pack::{RuleBook, RulePack};
use crate::people::{Cell, IdCell, People, cell_at};
use crate::roster::Roster;
use crate::rules::codes;
use chrono::NaiveDate;

/// Avoidance findings (AV-…) added to the persons they fall on.
pub(super) fn kinship_findings(
    roster: &Roster,
    graph: Option<&crate::kinship::FamilyGraph>,
    pack: &RulePack,
    as_of: NaiveDate,
    subject_of: impl Fn(usize) -> Subject,
    vetted_index: &IdMap<u32>,
    early: &mut IdMap<Vec<Finding>>,
) {
    let vetted_of = |r: u32| -> Option<usize> {
        let id = roster.id.cells.get(r as usize)?.as_ref().ok()?;
        vetted_index.get(&id.to_u64()).map(|&v| v as usize)
    };
    let subject = |r: u32| -> Subject { vetted_of(r).map_or_else(Subject::default, &subject_of) };
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
        || differs(&p.party, a, b)
        || differs(&p.finance_skill, a, b)
}

pub(super) fn roster_cell_findings(
    roster: &Roster,
    r: usize,
    s: &Subject,
    data: &RuleBook,
    out: &mut Vec<Finding>,
) {
    let invalid = [
        ("unit_code", cell_at(&roster.unit_code, r) == Cell::Invalid),
        ("body", cell_at(&roster.body, r) == Cell::Invalid),
        ("role", cell_at(&roster.role, r) == Cell::Invalid),
        ("status", cell_at(&roster.status, r) == Cell::Invalid),
        ("term", cell_at(&roster.term, r) == Cell::Invalid),
    ];
    // A row without its unit (or, where the roster has the column, its body or role) drops
    // out of the avoidance pairs and the committee's composition: said, never silent.
    let missing = [
        ("unit_code", cell_at(&roster.unit_code, r) == Cell::Missing),
        (
            "body",
            cell_at(&roster.body, r) == Cell::Missing && roster.headers.contains_key("body"),
        ),
        (
            "role",
            cell_at(&roster.role, r) == Cell::Missing && roster.headers.contains_key("role"),
        ),
    ];
    // (The rule is looked up only for a row with a cell to say: most have none.)
    if !invalid.iter().chain(&missing).any(|(_, said)| *said) {
        return;
    }
    let Some(rule) = data.get(codes::DATA_VALUE, &[]) else {
        return;
    };
    for (col, bad) in invalid {
        if bad {
            out.push(crate::vetting_data::bad_cell(
                &rule,
                s,
                "roster",
                r,
                &roster.header(col),
            ));
        }
    }
    for (col, empty) in missing {
        if empty {
            out.push(crate::vetting_data::empty_roster_cell(
                &rule,
                s,
                r,
                &roster.header(col),
            ));
        }
    }
}

/// The findings about a person's data: an ID number that does not validate, a person missing
/// from `people`, unreadable cells, a sex or birth date contradicting the ID number, and
/// conflicting duplicates — each under its data rule of `data`.
pub(super) fn person_data_findings(
    input: CheckInput<'_>,
    s: &Subject,
    duplicates: &IdMap<Vec<u32>>,
    as_of: NaiveDate,
    (data, bounds): (&RuleBook, &crate::date::DateBounds),
    out: &mut impl Sink,
) {
    let people = input.people;
    use crate::vetting_data as d;
    let rule = |code: &str| data.get(code, &[]);
    // The ID number itself.
    let (id_cell, table, row): (Option<IdCell>, &str, Option<u32>) =
        match (s.row, s.roster_row, input.roster) {
            (Some(p), _, _) => (people.id.cells.get(p as usize).cloned(), "people", Some(p)),
            (None, Some(r), Some(roster)) => {
                (roster.id.cells.get(r as usize).cloned(), "roster", Some(r))
            }
            _ => (None, "people", None),
        };
    // A number that does not validate, or that validates but not on `as_of` (born after it).
    let (id, problem): (Option<ResidentId>, Option<(crate::id::IdError, String)>) = match id_cell {
        Some(Ok(id)) => match id.check_as_of(as_of) {
            Ok(()) => (Some(id), None),
            Err(e) => (None, Some((e, people.header("id_number")))),
        },
        Some(Err(e)) => {
            let column = if table == "people" {
                people.header("id_number")
            } else {
                "id_number".into()
            };
            (None, Some((e, column)))
        }
        None => (None, None),
    };
    // (the rule looked up only when there is a problem: this runs for every person)
    if let Some((e, column)) = problem
        && let Some(rule) = rule(codes::DATA_ID)
    {
        out.add(d::invalid_id(
            &rule,
            s,
            &e,
            Evidence::Cell {
                table,
                row: row.unwrap_or(0),
                column,
            },
        ));
    }
    let Some(prow) = s.row else {
        if input.roster.is_some()
            && id.is_some()
            && let Some(rule) = rule(codes::DATA_MISSING_PERSON)
        {
            out.add(d::missing_person(
                &rule,
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
    if cell_at(&people.birth_date, p) == Cell::Invalid
        && let Some(rule) = rule(codes::DATA_VALUE)
    {
        let span = bounds.birth_span();
        let column = people.header("birth_date");
        out.add(d::bad_date(&rule, s, ("people", p, &column), &span));
    }
    for (col, bad) in [
        ("sex", cell_at(&people.sex, p) == Cell::Invalid),
        ("ethnicity", cell_at(&people.ethnicity, p) == Cell::Invalid),
        ("party", cell_at(&people.party, p) == Cell::Invalid),
        (
            "finance_skill",
            cell_at(&people.finance_skill, p) == Cell::Invalid,
        ),
    ] {
        if bad && let Some(rule) = rule(codes::DATA_VALUE) {
            out.add(d::bad_cell(&rule, s, "people", p, &people.header(col)));
        }
    }
    if let Some(id) = id {
        if let Cell::Value(sex) = cell_at(&people.sex, p)
            && sex != id.sex()
            && let Some(rule) = rule(codes::DATA_SEX)
        {
            out.add(d::contradiction(
                &rule,
                s,
                "性别",
                "sex",
                p,
                &people.header("sex"),
            ));
        }
        if let (Cell::Value(b), Some(idb)) = (cell_at(&people.birth_date, p), id.birth_date())
            && !b.matches(idb)
            && let Some(rule) = rule(codes::DATA_BIRTH)
        {
            out.add(d::contradiction(
                &rule,
                s,
                "出生日期",
                "birth date",
                p,
                &people.header("birth_date"),
            ));
        }
        if let Some(rows) = (!duplicates.is_empty())
            .then(|| duplicates.get(&id.to_u64()))
            .flatten()
            && let Some(rule) = rule(codes::DATA_DUPLICATE)
        {
            out.add(d::duplicate(&rule, s, rows.clone()));
        }
    }
}
