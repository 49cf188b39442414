//! `check`: the county joint review of a candidate list (县级联审) — every person vetted
//! against the negative list and the statutory bars, with the data problems that stop a
//! decision reported as `review` findings. Later capabilities (avoidance, composition) add
//! their findings here.

use crate::division::DivisionCode;
use crate::error::Error;
use crate::finding::{Evidence, Finding, Findings, Outcome, OutcomeKind, PersonKey};
use crate::id::ResidentId;
use crate::pack::{RulePack, Severity};
use crate::people::{Cell, IdCell, People, cell_at};
use crate::roster::Roster;
use crate::vetting::{NegativeList, RecordFacts, Records, Subject};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// The tables a check reads. With a roster, the persons vetted are those with a roster row;
/// without one, every row of `people`.
#[derive(Debug, Clone, Copy)]
pub struct CheckInput<'a> {
    /// One row per person.
    pub people: &'a People,
    /// Candidates and members, when given.
    pub roster: Option<&'a Roster>,
    /// The joint review's vetting records, when given.
    pub records: Option<&'a Records>,
    /// Family facts for close-relative avoidance, when given (RULES.md §5). Avoidance pairs
    /// roster rows, so it needs a roster; AV-06 (the same person on the election committee
    /// and on the ballot) needs no relations.
    pub relations: Option<&'a crate::kinship::Relations>,
    /// Units (seats, smaller ethnic groups, households, election days), for the composition
    /// checks of RULES.md §6 (which also run on the roster alone, without what units give).
    pub units: Option<&'a crate::units::Units>,
}

/// How to check.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// The reference date (normally the election day). Nothing reads the clock.
    pub as_of: NaiveDate,
    /// Strict mode: a pack value missing on `as_of` is an error instead of a `review` finding.
    pub strict: bool,
}

impl CheckOptions {
    /// Default options on `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        CheckOptions {
            as_of,
            strict: false,
        }
    }
}

/// Counts of persons by outcome (DATA.md "Summary").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Persons vetted.
    pub persons: u64,
    /// Persons eligible.
    pub eligible: u64,
    /// Persons ineligible (including `should_not`).
    pub ineligible: u64,
    /// Of the ineligible, those barred only by `should_not` (不宜) items.
    pub should_not: u64,
    /// Persons needing review.
    pub needs_review: u64,
    /// Findings of all severities.
    pub findings: u64,
    /// Findings by severity.
    pub by_severity: std::collections::BTreeMap<String, u64>,
    /// Findings by rule code.
    pub by_rule: std::collections::BTreeMap<String, u64>,
    /// Records dated after `as_of`, which are not yet facts on `as_of` and were not applied.
    pub records_after_as_of: u64,
}

/// The result of a check: findings, one outcome per person vetted, and the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Every finding, grouped by person in the order persons were vetted, then the findings
    /// about records that belong to nobody vetted.
    pub findings: Findings,
    /// One outcome per person vetted.
    pub outcomes: Vec<Outcome>,
    /// The counts.
    pub summary: Summary,
}

impl CheckReport {
    /// The tool's exit status (DATA.md): 1 when any finding is `cannot`, `should_not` or
    /// `review`, else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(
            self.findings
                .iter()
                .any(|f| f.severity != Severity::Warning),
        )
    }
}

/// The persons a review bars, by why — the two figures civil-affairs reports publish (e.g.
/// Ningxia 2021: 959 by the joint review, 72 by close-relative avoidance).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ScreenedOut {
    /// Ineligible under the negative list or a statutory bar (a `cannot` or `should_not`
    /// finding of a `NEG-*` or `STAT-*` item), whatever else applies.
    pub negative_list: u64,
    /// Ineligible only through close-relative avoidance (`AV-*`).
    pub avoidance_only: u64,
    /// Ineligible for another reason (e.g. composition of a slate barring no one personally).
    pub other: u64,
}

impl CheckReport {
    /// Counts the ineligible persons by why (see [`ScreenedOut`]).
    pub fn screened_out(&self) -> ScreenedOut {
        let mut why: HashMap<&crate::finding::PersonKey, (bool, bool)> = HashMap::new();
        for f in self.findings.iter() {
            let (Some(key), true) = (
                f.id_number.as_ref(),
                matches!(f.severity, Severity::Cannot | Severity::ShouldNot),
            ) else {
                continue;
            };
            let e = why.entry(key).or_default();
            e.0 |= f.rule.starts_with("NEG-") || f.rule.starts_with("STAT-");
            e.1 |= f.rule.starts_with("AV-");
        }
        let mut out = ScreenedOut::default();
        for o in &self.outcomes {
            if o.outcome != crate::finding::OutcomeKind::Ineligible {
                continue;
            }
            match o.id_number.as_ref().and_then(|k| why.get(k)) {
                Some((true, _)) => out.negative_list += 1,
                Some((false, true)) => out.avoidance_only += 1,
                _ => out.other += 1,
            }
        }
        out
    }
}

/// A fast hasher for ID numbers, which are already well-spread integers.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (v ^ (v >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
/// A set of ID numbers (as `u64`) with [`IdHasher`].
pub(crate) type IdSet = std::collections::HashSet<u64, BuildHasherDefault<IdHasher>>;

struct Vetted {
    subject: Subject,
    /// A valid ID's birth date, else a full birth date from `people`.
    birth: Option<NaiveDate>,
}

/// Vets every person against `pack` on `options.as_of`.
pub fn check(
    input: CheckInput<'_>,
    pack: &RulePack,
    options: CheckOptions,
) -> Result<CheckReport, Error> {
    let as_of = options.as_of;
    let list = NegativeList::prepare(pack, as_of, options.strict)?;
    // A unit's own election day (the units table) is its persons' `as_of` for the negative
    // list and the statutory bars (DATA.md "units"); the relations are read on the run's.
    let unit_days: HashMap<DivisionCode, NaiveDate> = input
        .units
        .map(|u| {
            (0..u.len())
                .filter_map(|r| Some((cell_at(&u.unit_code, r).value()?, u.election_date(r)?)))
                .filter(|(_, d)| *d != as_of)
                .collect()
        })
        .unwrap_or_default();
    let mut day_lists: std::collections::BTreeMap<NaiveDate, NegativeList<'_>> =
        std::collections::BTreeMap::new();
    for d in unit_days.values() {
        if let std::collections::btree_map::Entry::Vacant(e) = day_lists.entry(*d) {
            e.insert(NegativeList::prepare(pack, *d, options.strict)?);
        }
    }
    // Records up to the latest day may be facts for someone.
    let latest = unit_days
        .values()
        .copied()
        .max()
        .map_or(as_of, |d| d.max(as_of));
    let people = input.people;

    // people: first row per valid ID; conflicting duplicates are findings.
    let mut people_index: IdMap<u32> = IdMap::default();
    people_index.reserve(people.len());
    let mut duplicates: IdMap<Vec<u32>> = IdMap::default();
    let mut later_row = vec![false; people.len()];
    for (row, cell) in people.id.cells.iter().enumerate() {
        if let Ok(id) = cell {
            match people_index.entry(id.to_u64()) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(row as u32);
                }
                std::collections::hash_map::Entry::Occupied(e) => {
                    later_row[row] = true;
                    let first = *e.get() as usize;
                    if conflicting(people, first, row) {
                        duplicates
                            .entry(id.to_u64())
                            .or_insert_with(|| vec![first as u32])
                            .push(row as u32);
                    }
                }
            }
        }
    }

    // The persons vetted, in roster order (with a roster) or people order.
    let mut vetted: Vec<Vetted> = Vec::new();
    // With a roster: ID → person vetted. Without: people row → person vetted (the people index
    // already maps IDs to rows).
    let mut vetted_index: IdMap<u32> = IdMap::default();
    vetted_index.reserve(input.roster.map_or(0, |r| r.id.len()));
    let mut row_to_vetted: Vec<u32> = Vec::new();
    let mut early: IdMap<Vec<Finding>> = IdMap::default();
    let key_of = |cell: &IdCell, text: Option<&String>| -> Option<PersonKey> {
        match cell {
            Ok(id) => Some(PersonKey::Id(*id)),
            Err(_) => text.map(|t| PersonKey::Text(t.clone())),
        }
    };
    let birth_of = |cell: &IdCell, prow: Option<u32>| -> Option<NaiveDate> {
        match cell {
            Ok(id) if id.check_as_of(as_of).is_ok() => id.birth_date(),
            _ => prow
                .and_then(|p| cell_at(&people.birth_date, p as usize).value())
                .and_then(|b| b.day()),
        }
    };
    match input.roster {
        Some(roster) => {
            for (rrow, cell) in roster.id.cells.iter().enumerate() {
                let existing = cell
                    .as_ref()
                    .ok()
                    .and_then(|id| vetted_index.get(&id.to_u64()).copied());
                let v = match existing {
                    Some(v) => v as usize,
                    None => {
                        let prow = cell
                            .as_ref()
                            .ok()
                            .and_then(|id| people_index.get(&id.to_u64()).copied());
                        let subject = Subject {
                            id_number: key_of(cell, roster.id.invalid_text.get(&rrow)),
                            row: prow,
                            roster_row: Some(rrow as u32),
                            unit_code: cell_at(&roster.unit_code, rrow).value(),
                            body: cell_at(&roster.body, rrow).value(),
                            role: cell_at(&roster.role, rrow).value(),
                        };
                        if let Ok(id) = cell {
                            vetted_index.insert(id.to_u64(), vetted.len() as u32);
                        }
                        vetted.push(Vetted {
                            birth: birth_of(cell, prow),
                            subject,
                        });
                        vetted.len() - 1
                    }
                };
                // (Most rows have no unreadable cell: touch `early` only when one does.)
                let mut bad = Vec::new();
                roster_cell_findings(roster, rrow, &vetted[v].subject, &mut bad);
                if !bad.is_empty() {
                    early.entry(v as u64).or_default().extend(bad);
                }
            }
        }
        None => {
            row_to_vetted = vec![u32::MAX; people.len()];
            for (prow, cell) in people.id.cells.iter().enumerate() {
                if later_row[prow] {
                    continue; // a later row of someone already vetted
                }
                row_to_vetted[prow] = vetted.len() as u32;
                vetted.push(Vetted {
                    birth: birth_of(cell, Some(prow as u32)),
                    subject: Subject {
                        id_number: key_of(cell, people.id.invalid_text.get(&prow)),
                        row: Some(prow as u32),
                        ..Subject::default()
                    },
                });
            }
        }
    }

    // The owner of every record (the person vetted it belongs to), looked up in parallel
    // ranges; records that belong to nobody vetted are sorted out afterwards.
    let with_roster = input.roster.is_some();
    let owner_of = |key: u64| -> Option<u32> {
        if with_roster {
            vetted_index.get(&key).copied()
        } else {
            people_index
                .get(&key)
                .and_then(|&row| row_to_vetted.get(row as usize).copied())
        }
    };
    let mut summary = Summary::default();
    let mut orphan_findings = Vec::new();
    let mut owner: Vec<u32> = Vec::new();
    if let Some(records) = input.records {
        let parts = crate::par::map_ranges(records.len(), |range| {
            range
                .map(|r| match &records.id.cells[r] {
                    Ok(id)
                        if cell_at(&records.date, r)
                            .value()
                            .is_none_or(|d| d <= latest) =>
                    {
                        owner_of(id.to_u64()).unwrap_or(u32::MAX)
                    }
                    _ => u32::MAX,
                })
                .collect::<Vec<u32>>()
        });
        owner = parts.concat();
        for (r, cell) in records.id.cells.iter().enumerate() {
            if owner[r] != u32::MAX {
                continue;
            }
            if let Some(d) = cell_at(&records.date, r).value()
                && d > latest
            {
                summary.records_after_as_of += 1;
                continue;
            }
            let at = || Evidence::Cell {
                table: "records",
                row: r as u32,
                column: records.header("id_number"),
            };
            match cell {
                Ok(id) if people_index.contains_key(&id.to_u64()) => {} // in people, not on the roster
                Ok(id) => orphan_findings.push(crate::vetting_data::missing_person(
                    &Subject {
                        id_number: Some(PersonKey::Id(*id)),
                        ..Subject::default()
                    },
                    at(),
                    "records",
                )),
                Err(e) => {
                    let id_number = records
                        .id
                        .invalid_text
                        .get(&r)
                        .map(|t| PersonKey::Text(t.clone()));
                    orphan_findings.push(crate::vetting_data::invalid_id(
                        &Subject {
                            id_number,
                            ..Subject::default()
                        },
                        e,
                        at(),
                    ));
                }
            }
        }
    }

    // Close-relative avoidance over the roster, and the relations rows that cannot be read.
    if let Some(relations) = input.relations {
        let (graph, problems) = crate::kinship::FamilyGraph::build_checked(relations, as_of)?;
        for p in &problems {
            let r = p.rows().first().copied().unwrap_or(0) as usize;
            let mut on: Vec<u32> = [
                relations.person.get(r).value(),
                relations.relative.get(r).value(),
            ]
            .into_iter()
            .flatten()
            .filter_map(|k| match k {
                crate::kinship::Kin::Id(id) => owner_of(id.to_u64()),
                crate::kinship::Kin::Key(_) => None,
            })
            .collect();
            on.dedup();
            let finding = |s: &Subject| crate::vetting_data::relation_problem(s, p, relations);
            if on.is_empty() {
                orphan_findings.push(finding(&Subject::default()));
            }
            for v in on {
                early
                    .entry(u64::from(v))
                    .or_default()
                    .push(finding(&vetted[v as usize].subject));
            }
        }
        if let Some(roster) = input.roster {
            kinship_findings(
                roster,
                Some(&graph),
                pack,
                as_of,
                &vetted,
                &vetted_index,
                &mut early,
            );
        }
    } else if let Some(roster) = input.roster {
        kinship_findings(
            roster,
            None,
            pack,
            as_of,
            &vetted,
            &vetted_index,
            &mut early,
        );
    }

    // Each person's records side by side: one pass reads the record columns front to back and
    // writes each record's cells into its person's slot (a counting sort, stable in table
    // order), so that the rules then read persons and their records sequentially.
    let mut starts = vec![0u32; vetted.len() + 1];
    for &v in &owner {
        if let Some(n) = starts.get_mut(v as usize + 1) {
            *n += 1;
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut facts = vec![RecordFacts::default(); starts.last().copied().unwrap_or(0) as usize];
    if let Some(records) = input.records {
        let mut next = starts.clone();
        for (r, &v) in owner.iter().enumerate() {
            if let Some(slot) = next.get_mut(v as usize) {
                facts[*slot as usize] = records.facts(r);
                *slot += 1;
            }
        }
    }

    // Each person: data problems, the person-level bars, then every record; in parallel
    // ranges of persons, concatenated in order.
    let parts = crate::par::map_ranges(vetted.len(), |range| {
        let mut findings: Vec<Finding> = Vec::new();
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(range.len());
        let mut after_day = 0u64;
        for v in range {
            let person = &vetted[v];
            let s = &person.subject;
            let first = findings.len();
            // The person's own election day, when their unit has one.
            let (day, list) = match (!unit_days.is_empty())
                .then(|| s.unit_code.and_then(|u| unit_days.get(&u)))
                .flatten()
                .and_then(|d| day_lists.get(d).map(|l| (*d, l)))
            {
                Some(found) => found,
                None => (as_of, &list),
            };
            // (Most runs have no early findings and no duplicates: skip the look-ups.)
            if let Some(e) = (!early.is_empty())
                .then(|| early.get(&(v as u64)))
                .flatten()
            {
                findings.extend(e.iter().cloned());
            }
            person_data_findings(input, s, &duplicates, as_of, &mut findings);
            list.vet_person(person.birth, s, &mut findings);
            if let Some(records) = input.records {
                for f in &facts[starts[v] as usize..starts[v + 1] as usize] {
                    if !unit_days.is_empty() && f.date.value().is_some_and(|d| d > day) {
                        after_day += 1; // not yet a fact on this person's election day
                        continue;
                    }
                    list.vet_record(records, f, s, &mut findings);
                }
            }
            outcomes.push(outcome_of(s, &findings[first..]));
        }
        (findings, outcomes, after_day)
    });
    let mut chunks = Vec::with_capacity(parts.len() + 1);
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(vetted.len());
    for (f, o, after) in parts {
        chunks.push(f);
        outcomes.extend(o);
        summary.records_after_as_of += after;
    }
    chunks.push(orphan_findings);
    // Composition: unit-level findings, after the persons'.
    if let Some(roster) = input.roster {
        let people_row =
            |id: crate::ResidentId| people_index.get(&id.to_u64()).map(|&r| r as usize);
        chunks.push(crate::composition::composition_findings(
            &crate::composition::CompositionInput {
                roster,
                people,
                people_row: &people_row,
                units: input.units,
                as_of,
                convention: list.convention(),
            },
            pack,
        )?);
    }
    let findings = Findings::from_chunks(chunks);
    let mut per_rule: HashMap<Arc<str>, u64, BuildHasherDefault<IdHasher>> = HashMap::default();
    let mut per_severity = [0u64; 4];
    for f in &findings {
        *per_rule.entry(f.rule.clone()).or_default() += 1;
        per_severity[f.severity as usize] += 1;
    }
    summary.by_rule = per_rule
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    for sev in [
        Severity::Cannot,
        Severity::ShouldNot,
        Severity::Review,
        Severity::Warning,
    ] {
        if per_severity[sev as usize] > 0 {
            summary
                .by_severity
                .insert(sev.as_str().to_string(), per_severity[sev as usize]);
        }
    }

    summary.persons = outcomes.len() as u64;
    for o in &outcomes {
        match o.outcome {
            OutcomeKind::Eligible => summary.eligible += 1,
            OutcomeKind::Ineligible => {
                summary.ineligible += 1;
                summary.should_not += u64::from(o.should_not);
            }
            OutcomeKind::NeedsReview => summary.needs_review += 1,
        }
    }
    summary.findings = findings.len() as u64;
    Ok(CheckReport {
        findings,
        outcomes,
        summary,
    })
}

/// Avoidance findings (AV-…) added to the persons they fall on.
fn kinship_findings(
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

fn outcome_of(s: &Subject, findings: &[Finding]) -> Outcome {
    if findings.is_empty() {
        return Outcome {
            id_number: s.id_number.clone(),
            row: s.row,
            roster_row: s.roster_row,
            unit_code: s.unit_code,
            outcome: OutcomeKind::Eligible,
            rules: Vec::new(),
            should_not: false,
            eligible_from: None,
        };
    }
    let (mut cannot, mut should_not, mut review, mut permanent) = (false, false, false, false);
    let mut eligible_from: Option<NaiveDate> = None;
    for f in findings {
        match f.severity {
            Severity::Cannot => cannot = true,
            Severity::ShouldNot => should_not = true,
            Severity::Review => review = true,
            Severity::Warning => {}
        }
        if matches!(f.severity, Severity::Cannot | Severity::ShouldNot) {
            match f.eligible_from {
                None => permanent = true,
                Some(d) => eligible_from = eligible_from.max(Some(d)),
            }
        }
    }
    let outcome = if cannot || should_not {
        OutcomeKind::Ineligible
    } else if review {
        OutcomeKind::NeedsReview
    } else {
        OutcomeKind::Eligible
    };
    let mut rules: Vec<Arc<str>> = findings.iter().map(|f| f.rule.clone()).collect();
    rules.sort_unstable();
    rules.dedup();
    Outcome {
        id_number: s.id_number.clone(),
        row: s.row,
        roster_row: s.roster_row,
        unit_code: s.unit_code,
        outcome,
        rules,
        should_not: should_not && !cannot,
        eligible_from: if outcome == OutcomeKind::Ineligible && !permanent {
            eligible_from
        } else {
            None
        },
    }
}

/// Whether two rows of `people` with the same ID number disagree on any attribute given.
fn conflicting(p: &People, a: usize, b: usize) -> bool {
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

fn roster_cell_findings(roster: &Roster, r: usize, s: &Subject, out: &mut Vec<Finding>) {
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

fn person_data_findings(
    input: CheckInput<'_>,
    s: &Subject,
    duplicates: &IdMap<Vec<u32>>,
    as_of: NaiveDate,
    out: &mut Vec<Finding>,
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
                out.push(d::invalid_id(
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
            out.push(d::invalid_id(
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
            out.push(d::missing_person(
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
            out.push(d::bad_cell(s, "people", p, &people.header(col)));
        }
    }
    if let Some(id) = id {
        if let Cell::Value(sex) = cell_at(&people.sex, p)
            && sex != id.sex()
        {
            out.push(d::contradiction(
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
            out.push(d::contradiction(
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
            out.push(d::duplicate(s, rows.clone()));
        }
    }
}
