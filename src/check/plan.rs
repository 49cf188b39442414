//! The work before the rules: the people index, the persons vetted (in roster or people
//! order), each record's owner, each person's records side by side, and the findings that do
//! not come from the negative list (avoidance, unreadable roster cells, orphan records).
//! Both [`super::check`] and [`super::check_outcomes`] start from one [`Plan`].

use super::collect::Collect;
use super::data::{conflicting, kinship_findings, person_data_findings, roster_cell_findings};
use super::{CheckInput, CheckOptions};
use crate::division::DivisionCode;
use crate::error::Error;
use crate::finding::Sink;
use crate::finding::Subject;
use crate::finding::{Evidence, Finding, Outcome, PersonKey};
use crate::hash::IdMap;
use crate::pack::RulePack;
use crate::people::{IdCell, cell_at};
use crate::rules::codes;
use crate::vetting::{NegativeList, RecordFacts};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// A person vetted.
pub(super) struct Vetted {
    pub(super) subject: Subject,
    /// A valid ID's birth date, else a full birth date from `people`.
    pub(super) birth: Option<NaiveDate>,
}

/// Each person's records side by side: person `v`'s are `facts[starts[v]..starts[v + 1]]`.
pub(super) struct Grouped {
    starts: Vec<u32>,
    facts: Vec<RecordFacts>,
}

/// Everything the per-person pass reads.
pub(super) struct Plan<'a> {
    pub(super) input: CheckInput<'a>,
    pub(super) as_of: NaiveDate,
    /// The pack prepared for `as_of`.
    pub(super) list: NegativeList<'a>,
    /// Units whose own election day differs from `as_of`.
    unit_days: HashMap<DivisionCode, NaiveDate>,
    /// The pack prepared for each of those days.
    day_lists: BTreeMap<NaiveDate, NegativeList<'a>>,
    /// ID number → first row in `people`.
    pub(super) people_index: IdMap<u32>,
    /// ID numbers with conflicting rows in `people` → those rows.
    duplicates: IdMap<Vec<u32>>,
    /// The persons vetted, in order.
    vetted: Vec<Vetted>,
    /// Findings made before the rules (avoidance, roster cells), by person vetted.
    early: IdMap<Vec<Finding>>,
    /// Who is vetted under an ID number.
    owners: Owners,
    /// The latest election day (`as_of`, or a unit's own later day): records dated after it
    /// are facts for nobody.
    pub(super) latest: NaiveDate,
    /// Findings about relations rows that belong to nobody vetted.
    pub(super) orphan_findings: Vec<Finding>,
}

/// The person vetted under each ID number.
struct Owners {
    /// With a roster: ID number → person vetted.
    vetted_index: IdMap<u32>,
    /// Without: `people` row → person vetted (the people index maps ID numbers to rows).
    row_to_vetted: Vec<u32>,
    with_roster: bool,
}

/// Which person vetted each record belongs to, and the records that belong to nobody.
pub(super) struct RecordOwners {
    /// The person vetted each record belongs to (`u32::MAX`: nobody vetted, or dated after
    /// the last election day).
    owner: Vec<u32>,
    /// Findings about records that belong to nobody vetted, in table order.
    pub(super) orphan_findings: Vec<Finding>,
    /// Records dated after the last election day, not applied.
    pub(super) after_latest: u64,
}

impl Owners {
    /// The person vetted under ID number `key` (`people_index`: ID number → first `people`
    /// row).
    fn of(&self, key: u64, people_index: &IdMap<u32>) -> Option<u32> {
        if self.with_roster {
            self.vetted_index.get(&key).copied()
        } else {
            people_index
                .get(&key)
                .and_then(|&row| self.row_to_vetted.get(row as usize).copied())
        }
    }
}

impl<'a> Plan<'a> {
    /// Indexes the input and makes the findings that come before the rules.
    pub(super) fn new(
        input: CheckInput<'a>,
        pack: &'a RulePack,
        options: CheckOptions,
    ) -> Result<Self, Error> {
        let as_of = options.as_of;
        let list = NegativeList::prepare(pack, as_of, options.strict)?;
        // A unit's own election day (the units table) is its persons' `as_of` for the negative
        // list and the statutory bars (docs/tables.md "units"); the relations are read on the run's.
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
        // Without a roster: the person vetted of `people` row `prow`.
        let people_row = |prow: usize, cell: &IdCell| Vetted {
            birth: birth_of(cell, Some(prow as u32)),
            subject: Subject {
                id_number: key_of(cell, people.id.invalid_text.get(&prow)),
                row: Some(prow as u32),
                ..Subject::default()
            },
        };
        match input.roster {
            Some(roster) => {
                vetted.reserve(roster.id.len());
                // A people table is often the roster's persons in the roster's order: the people
                // row after the last one found is tried before the index.
                let mut next_prow = 0usize;
                let people_ids = &people.id.cells;
                for (rrow, cell) in roster.id.cells.iter().enumerate() {
                    // Err: the person vetted already (an ID number the roster repeats); Ok: a
                    // new person vetted, with the ID number when it validates.
                    let slot = match cell {
                        Ok(id) => match vetted_index.entry(id.to_u64()) {
                            std::collections::hash_map::Entry::Occupied(e) => Err(*e.get()),
                            std::collections::hash_map::Entry::Vacant(e) => {
                                e.insert(vetted.len() as u32);
                                Ok(Some(*id))
                            }
                        },
                        Err(_) => Ok(None),
                    };
                    let v = match slot {
                        Err(v) => v as usize,
                        Ok(id) => {
                            let prow = id.and_then(|id| {
                                let guess = people_ids
                                    .get(next_prow)
                                    .is_some_and(|c| c.as_ref().is_ok_and(|p| *p == id))
                                    && !later_row.get(next_prow).copied().unwrap_or(true);
                                let prow = if guess {
                                    Some(next_prow as u32)
                                } else {
                                    people_index.get(&id.to_u64()).copied()
                                };
                                if let Some(p) = prow {
                                    next_prow = p as usize + 1;
                                }
                                prow
                            });
                            let subject = Subject {
                                id_number: key_of(cell, roster.id.invalid_text.get(&rrow)),
                                row: prow,
                                roster_row: Some(rrow as u32),
                                unit_code: cell_at(&roster.unit_code, rrow).value(),
                                body: cell_at(&roster.body, rrow).value(),
                                role: cell_at(&roster.role, rrow).value(),
                            };
                            vetted.push(Vetted {
                                birth: birth_of(cell, prow),
                                subject,
                            });
                            vetted.len() - 1
                        }
                    };
                    // (Most rows have no unreadable cell: touch `early` only when one does.)
                    let mut bad = Vec::new();
                    roster_cell_findings(
                        roster,
                        rrow,
                        &vetted[v].subject,
                        list.data_rules(),
                        &mut bad,
                    );
                    if !bad.is_empty() {
                        early.entry(v as u64).or_default().extend(bad);
                    }
                }
            }
            None if !later_row.contains(&true) => {
                // Every row is a person vetted (no ID number repeats): built in parallel.
                let cells = &people.id.cells;
                vetted = crate::par::rows(
                    people.len(),
                    || (),
                    |_, prow| {
                        let cell = cells.get(prow).unwrap_or(&Err(crate::id::IdError::Empty));
                        people_row(prow, cell)
                    },
                );
                row_to_vetted = crate::par::rows(people.len(), || (), |_, prow| prow as u32);
            }
            None => {
                row_to_vetted = vec![u32::MAX; people.len()];
                for (prow, cell) in people.id.cells.iter().enumerate() {
                    if later_row[prow] {
                        continue; // a later row of someone already vetted
                    }
                    row_to_vetted[prow] = vetted.len() as u32;
                    vetted.push(people_row(prow, cell));
                }
            }
        }

        let owners = Owners {
            vetted_index,
            row_to_vetted,
            with_roster: input.roster.is_some(),
        };
        let mut orphan_findings = Vec::new();

        // Roster rows whose ID number a spreadsheet stored as a number, matched to one person.
        if let Some(roster) = input.roster
            && let Some(rule) = list.data_rules().get(codes::DATA_ID_NUMERIC, &[])
        {
            for (&r, fits) in &roster.numeric_matches {
                if let [one] = fits.as_slice()
                    && let Some(v) = owners.of(one.to_u64(), &people_index)
                {
                    let evidence = Evidence::Cell {
                        table: "roster",
                        row: r as u32,
                        column: roster.header("id_number"),
                    };
                    early.entry(u64::from(v)).or_default().push(
                        crate::vetting_data::numeric_row_id(
                            &rule,
                            &vetted[v as usize].subject,
                            ("候选人名单(roster)", "the roster"),
                            evidence,
                        ),
                    );
                }
            }
        }

        // Records whose ID number a spreadsheet stored as a number: each person they fit.
        if let Some(records) = input.records
            && let Some(rule) = list.data_rules().get(codes::DATA_ID_NUMERIC, &[])
        {
            for (&r, fits) in &records.numeric_matches {
                let evidence = Evidence::Cell {
                    table: "records",
                    row: r as u32,
                    column: records.header("id_number"),
                };
                for id in fits {
                    if let Some(v) = owners.of(id.to_u64(), &people_index) {
                        early.entry(u64::from(v)).or_default().push(
                            crate::vetting_data::numeric_id(
                                &rule,
                                &vetted[v as usize].subject,
                                fits.len(),
                                evidence.clone(),
                            ),
                        );
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
                    crate::kinship::Kin::Id(id) => owners.of(id.to_u64(), &people_index),
                    crate::kinship::Kin::Key(_) => None,
                })
                .collect();
                on.dedup();
                let Some(rule) = list.data_rules().get(codes::DATA_RELATION, &[]) else {
                    continue;
                };
                let finding =
                    |s: &Subject| crate::vetting_data::relation_problem(&rule, s, p, relations);
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
                    |v| vetted[v].subject.clone(),
                    &owners.vetted_index,
                    &mut early,
                );
            }
        } else if let Some(roster) = input.roster {
            kinship_findings(
                roster,
                None,
                pack,
                as_of,
                |v| vetted[v].subject.clone(),
                &owners.vetted_index,
                &mut early,
            );
        }

        Ok(Plan {
            input,
            as_of,
            list,
            unit_days,
            day_lists,
            people_index,
            duplicates,
            vetted,
            early,
            owners,
            latest,
            orphan_findings,
        })
    }

    /// Puts each finding a front end made on the person vetted under its ID number, after
    /// the findings made before the rules; the others go with the findings that belong to
    /// nobody vetted.
    pub(super) fn add_reported(&mut self, reported: Vec<super::Reported>) {
        for r in reported {
            let v = match &r.id_number {
                Some(PersonKey::Id(id)) => self.owners.of(id.to_u64(), &self.people_index),
                _ => None,
            };
            let subject = match v.and_then(|v| self.vetted.get(v as usize)) {
                Some(p) => p.subject.clone(),
                None => Subject {
                    id_number: r.id_number.clone(),
                    ..Subject::default()
                },
            };
            let f = crate::vetting_data::finding(&r.rule, &subject, r.zh, r.en, r.evidence);
            match v {
                Some(v) => self.early.entry(u64::from(v)).or_default().push(f),
                None => self.orphan_findings.push(f),
            }
        }
    }

    /// How many persons are vetted.
    pub(super) fn persons(&self) -> usize {
        self.vetted.len()
    }

    /// Which person vetted each record belongs to (looked up in parallel ranges), and the
    /// findings about records that belong to nobody vetted.
    pub(super) fn record_owners(&self) -> RecordOwners {
        let Some(records) = self.input.records else {
            return RecordOwners {
                owner: Vec::new(),
                orphan_findings: Vec::new(),
                after_latest: 0,
            };
        };
        let parts = crate::par::map_ranges(records.len(), |range| {
            range
                .map(|r| match &records.id.cells[r] {
                    Ok(id) if !self.after_latest(r) => self
                        .owners
                        .of(id.to_u64(), &self.people_index)
                        .unwrap_or(u32::MAX),
                    _ => u32::MAX,
                })
                .collect::<Vec<u32>>()
        });
        let owner = parts.concat();
        let mut after_latest = 0;
        let mut orphan_findings = Vec::new();
        for (r, &v) in owner.iter().enumerate() {
            if v != u32::MAX {
                continue;
            }
            if self.after_latest(r) {
                after_latest += 1;
            } else {
                orphan_findings.extend(self.orphan_record(r));
            }
        }
        RecordOwners {
            owner,
            orphan_findings,
            after_latest,
        }
    }

    /// Whether record `r` is dated after the last election day (a fact for nobody yet).
    pub(super) fn after_latest(&self, r: usize) -> bool {
        self.input
            .records
            .and_then(|records| cell_at(&records.date, r).value())
            .is_some_and(|d| d > self.latest)
    }

    /// The finding about record `r`, which belongs to nobody vetted: its person is missing
    /// from `people`, or its ID number is invalid. None when its person is in `people` but
    /// not on the roster.
    pub(super) fn orphan_record(&self, r: usize) -> Option<Finding> {
        let records = self.input.records?;
        let at = Evidence::Cell {
            table: "records",
            row: r as u32,
            column: records.header("id_number"),
        };
        let data = self.list.data_rules();
        match records.id.cells.get(r)? {
            Ok(id) if self.people_index.contains_key(&id.to_u64()) => None,
            Ok(id) => Some(crate::vetting_data::missing_person(
                &data.get(codes::DATA_MISSING_PERSON, &[])?,
                &Subject {
                    id_number: Some(PersonKey::Id(*id)),
                    ..Subject::default()
                },
                at,
                "records",
            )),
            Err(e) => {
                let id_number = records
                    .id
                    .invalid_text
                    .get(&r)
                    .map(|t| PersonKey::Text(t.clone()));
                Some(crate::vetting_data::invalid_id(
                    &data.get(codes::DATA_ID, &[])?,
                    &Subject {
                        id_number,
                        ..Subject::default()
                    },
                    e,
                    at,
                ))
            }
        }
    }

    /// The ID numbers of the persons vetted in `range` who have a valid one, with the person.
    pub(super) fn keys(&self, range: Range<usize>) -> impl Iterator<Item = (u64, u32)> + '_ {
        let first = range.start;
        self.vetted[range]
            .iter()
            .enumerate()
            .filter_map(move |(i, p)| match p.subject.id_number {
                Some(PersonKey::Id(id)) => Some((id.to_u64(), (first + i) as u32)),
                _ => None,
            })
    }

    /// Each person's records side by side (`owner`: each record's person vetted): one pass
    /// reads the record columns front to back and writes each record's cells into its
    /// person's slot (a counting sort, stable in table order), so that the rules then read
    /// persons and their records sequentially.
    pub(super) fn grouped(&self, owners: &RecordOwners) -> Grouped {
        let mut starts = vec![0u32; self.vetted.len() + 1];
        for &v in &owners.owner {
            if let Some(n) = starts.get_mut(v as usize + 1) {
                *n += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut facts = vec![RecordFacts::default(); starts.last().copied().unwrap_or(0) as usize];
        if let Some(records) = self.input.records {
            let mut next = starts.clone();
            for (r, &v) in owners.owner.iter().enumerate() {
                if let Some(slot) = next.get_mut(v as usize) {
                    facts[*slot as usize] = records.facts(r);
                    *slot += 1;
                }
            }
        }
        Grouped { starts, facts }
    }

    /// Whether some units have their own election day (then each record is judged on its
    /// person's day, see [`Plan::day_of`]).
    pub(super) fn by_day(&self) -> bool {
        !self.unit_days.is_empty()
    }

    /// The election day of person `s` and the pack prepared for it: their unit's own day, when
    /// the units table gives one, else `as_of`.
    pub(super) fn day_of(&self, s: &Subject) -> (NaiveDate, &NegativeList<'a>) {
        match (!self.unit_days.is_empty())
            .then(|| s.unit_code.and_then(|u| self.unit_days.get(&u)))
            .flatten()
            .and_then(|d| self.day_lists.get(d).map(|l| (*d, l)))
        {
            Some(found) => found,
            None => (self.as_of, &self.list),
        }
    }

    /// What person `v` gets before any record: the findings made before the rules, the data
    /// problems, and the person-level bars.
    pub(super) fn vet_person(&self, v: usize, sink: &mut impl Sink) {
        let Some(person) = self.vetted.get(v) else {
            return;
        };
        let s = &person.subject;
        // (Most runs have no early findings and no duplicates: skip the look-ups.)
        if let Some(e) = (!self.early.is_empty())
            .then(|| self.early.get(&(v as u64)))
            .flatten()
        {
            for f in e {
                sink.add(f.clone());
            }
        }
        person_data_findings(
            self.input,
            s,
            &self.duplicates,
            self.as_of,
            (self.list.data_rules(), &self.list.date_bounds()),
            sink,
        );
        self.day_of(s).1.vet_person(person.birth, s, sink);
    }

    /// Vets the persons in `range` into `sink`, one outcome each in order, with their records
    /// side by side in `grouped`; returns how many records are dated after their person's own
    /// election day (not applied).
    pub(super) fn vet<S: Collect>(
        &self,
        range: Range<usize>,
        grouped: &Grouped,
        sink: &mut S,
        outcomes: &mut Vec<Outcome>,
    ) -> u64 {
        let mut after_day = 0u64;
        for v in range {
            let s = &self.vetted[v].subject;
            sink.begin();
            self.vet_person(v, sink);
            if let Some(records) = self.input.records {
                let (day, list) = self.day_of(s);
                let (a, b) = (grouped.starts[v] as usize, grouped.starts[v + 1] as usize);
                for f in &grouped.facts[a..b] {
                    if !self.unit_days.is_empty() && f.date.value().is_some_and(|d| d > day) {
                        after_day += 1; // not yet a fact on this person's election day
                        continue;
                    }
                    list.vet_record(records, f, s, sink);
                }
            }
            outcomes.push(sink.outcome(s));
        }
        after_day
    }

    /// The subject of person `v`.
    pub(super) fn subject(&self, v: usize) -> Option<&Subject> {
        self.vetted.get(v).map(|p| &p.subject)
    }

    /// The composition findings (unit-level), with a roster.
    pub(super) fn composition(&self, pack: &RulePack) -> Result<Vec<Finding>, Error> {
        let Some(roster) = self.input.roster else {
            return Ok(Vec::new());
        };
        let people_row =
            |id: crate::ResidentId| self.people_index.get(&id.to_u64()).map(|&r| r as usize);
        crate::composition::composition_findings(
            &crate::composition::CompositionInput {
                roster,
                people: self.input.people,
                people_row: &people_row,
                units: self.input.units,
                as_of: self.as_of,
                convention: self.list.convention(),
            },
            pack,
        )
    }
}
