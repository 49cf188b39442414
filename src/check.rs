//! `check`: the county joint review of a candidate list (县级联审) — every person vetted
//! against the negative list and the statutory bars, with the data problems that stop a
//! decision reported as `review` findings. Later capabilities (avoidance, composition) add
//! their findings here.

use crate::error::Error;
use crate::finding::{Evidence, Finding, Outcome, OutcomeKind, PersonKey};
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
    /// Every finding, grouped by person in the order persons were vetted.
    pub findings: Vec<Finding>,
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
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

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
    let people = input.people;

    // people: first row per valid ID; conflicting duplicates are findings.
    let mut people_index: IdMap<u32> = IdMap::default();
    people_index.reserve(people.len());
    let mut duplicates: IdMap<Vec<u32>> = IdMap::default();
    for (row, cell) in people.id.cells.iter().enumerate() {
        if let Ok(id) = cell {
            match people_index.entry(id.to_u64()) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(row as u32);
                }
                std::collections::hash_map::Entry::Occupied(e) => {
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
    let mut vetted_index: IdMap<u32> = IdMap::default();
    let mut early: HashMap<usize, Vec<Finding>> = HashMap::new();
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
                roster_cell_findings(
                    roster,
                    rrow,
                    &vetted[v].subject,
                    early.entry(v).or_default(),
                );
            }
        }
        None => {
            for (prow, cell) in people.id.cells.iter().enumerate() {
                if let Ok(id) = cell
                    && people_index.get(&id.to_u64()) != Some(&(prow as u32))
                {
                    continue; // a later row of someone already vetted
                }
                if let Ok(id) = cell {
                    vetted_index.insert(id.to_u64(), vetted.len() as u32);
                }
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

    // The owner of every record, in one pass in table order.
    let mut summary = Summary::default();
    let mut orphan_findings = Vec::new();
    let mut owner: Vec<u32> = Vec::new();
    if let Some(records) = input.records {
        owner = vec![u32::MAX; records.len()];
        for (r, cell) in records.id.cells.iter().enumerate() {
            if let Some(d) = cell_at(&records.date, r).value()
                && d > as_of
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
                Ok(id) => match vetted_index.get(&id.to_u64()) {
                    Some(&v) => owner[r] = v,
                    None if people_index.contains_key(&id.to_u64()) => {} // in people, not on the roster
                    None => orphan_findings.push(crate::vetting_data::missing_person(
                        PersonKey::Id(*id),
                        at(),
                        "records",
                    )),
                },
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

    // Each person: data problems, the person-level bars, then every record.
    let mut findings: Vec<Finding> = Vec::new();
    let mut finding_owner: Vec<u32> = Vec::new();
    for (v, person) in vetted.iter().enumerate() {
        let s = &person.subject;
        if !early.is_empty()
            && let Some(mut e) = early.remove(&v)
        {
            findings.append(&mut e);
        }
        person_data_findings(input, s, &duplicates, as_of, &mut findings);
        list.vet_person(person.birth, s, &mut findings);
        if let Some(records) = input.records {
            for f in &facts[starts[v] as usize..starts[v + 1] as usize] {
                list.vet_record(records, f, s, &mut findings);
            }
        }
        finding_owner.resize(findings.len(), v as u32);
    }

    // Outcomes, tallied per person.
    let mut rule_ids = RuleIds::default();
    let mut tallies = vec![Tally::default(); vetted.len()];
    for (f, &v) in findings.iter().zip(&finding_owner) {
        let id = rule_ids.id(&f.rule);
        if let Some(t) = tallies.get_mut(v as usize) {
            t.add(f, id);
        }
    }
    findings.append(&mut orphan_findings);
    let mut per_rule = vec![0u64; rule_ids.names.len()];
    for f in &findings {
        let id = rule_ids.id(&f.rule);
        if id >= per_rule.len() {
            per_rule.resize(id + 1, 0);
        }
        per_rule[id] += 1;
    }
    for sev in [
        Severity::Cannot,
        Severity::ShouldNot,
        Severity::Review,
        Severity::Warning,
    ] {
        let n = findings.iter().filter(|f| f.severity == sev).count() as u64;
        if n > 0 {
            summary.by_severity.insert(sev.as_str().to_string(), n);
        }
    }
    for (id, n) in per_rule.iter().enumerate() {
        if *n > 0 {
            summary.by_rule.insert(rule_ids.names[id].to_string(), *n);
        }
    }
    let sorted = rule_ids.sorted();
    let outcomes: Vec<Outcome> = vetted
        .iter()
        .zip(&tallies)
        .map(|(p, t)| t.outcome(&p.subject, &sorted, &rule_ids.names))
        .collect();

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

/// Small integer ids for rule codes, so that each person's rules are a bit set.
#[derive(Default)]
struct RuleIds {
    names: Vec<Arc<str>>,
    index: HashMap<Arc<str>, usize, BuildHasherDefault<IdHasher>>,
}

impl RuleIds {
    fn id(&mut self, rule: &Arc<str>) -> usize {
        if let Some(&i) = self.index.get(rule) {
            return i;
        }
        self.names.push(rule.clone());
        self.index.insert(rule.clone(), self.names.len() - 1);
        self.names.len() - 1
    }
    /// The ids in the order of their codes.
    fn sorted(&self) -> Vec<usize> {
        let mut ids: Vec<usize> = (0..self.names.len()).collect();
        ids.sort_by(|a, b| self.names[*a].cmp(&self.names[*b]));
        ids
    }
}

/// What a person's findings add up to.
#[derive(Clone, Default)]
struct Tally {
    rules: u128,
    more_rules: Vec<usize>,
    cannot: bool,
    should_not: bool,
    review: bool,
    permanent: bool,
    eligible_from: Option<NaiveDate>,
}

impl Tally {
    fn add(&mut self, f: &Finding, rule: usize) {
        if rule < 128 {
            self.rules |= 1 << rule;
        } else if !self.more_rules.contains(&rule) {
            self.more_rules.push(rule);
        }
        match f.severity {
            Severity::Cannot => self.cannot = true,
            Severity::ShouldNot => self.should_not = true,
            Severity::Review => self.review = true,
            Severity::Warning => {}
        }
        if matches!(f.severity, Severity::Cannot | Severity::ShouldNot) {
            match f.eligible_from {
                None => self.permanent = true,
                Some(d) => self.eligible_from = self.eligible_from.max(Some(d)),
            }
        }
    }

    fn has(&self, rule: usize) -> bool {
        if rule < 128 {
            self.rules & (1 << rule) != 0
        } else {
            self.more_rules.contains(&rule)
        }
    }

    fn outcome(&self, s: &Subject, sorted: &[usize], names: &[Arc<str>]) -> Outcome {
        let outcome = if self.cannot || self.should_not {
            OutcomeKind::Ineligible
        } else if self.review {
            OutcomeKind::NeedsReview
        } else {
            OutcomeKind::Eligible
        };
        let rules = if self.rules == 0 && self.more_rules.is_empty() {
            Vec::new()
        } else {
            sorted
                .iter()
                .filter(|&&id| self.has(id))
                .map(|&id| names[id].clone())
                .collect()
        };
        Outcome {
            id_number: s.id_number.clone(),
            row: s.row,
            roster_row: s.roster_row,
            unit_code: s.unit_code,
            outcome,
            rules,
            should_not: self.should_not && !self.cannot,
            eligible_from: if outcome == OutcomeKind::Ineligible && !self.permanent {
                self.eligible_from
            } else {
                None
            },
        }
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
                s.id_number
                    .clone()
                    .unwrap_or(PersonKey::Text(String::new())),
                Evidence::Cell {
                    table: "roster",
                    row: s.roster_row.unwrap_or(0),
                    column: "id_number".into(),
                },
                "roster",
            ));
            if let Some(last) = out.last_mut() {
                *last = Finding {
                    roster_row: s.roster_row,
                    unit_code: s.unit_code,
                    body: s.body,
                    role: s.role,
                    ..last.clone()
                };
            }
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
        if let Some(rows) = duplicates.get(&id.to_u64()) {
            out.push(d::duplicate(s, rows.clone()));
        }
    }
}
