//! The two ways a check collects what the rules find: [`Full`] keeps every finding (for
//! [`super::check`]); [`Tally`] keeps only what outcomes and the summary need (for
//! [`super::check_outcomes`]). Both decide a person's outcome with one [`Decision`], so the two
//! paths cannot disagree on an outcome.

use super::Summary;
use crate::finding::Subject;
use crate::finding::{Finding, Outcome, OutcomeKind, Sink};
use crate::hash::IdHasher;
use crate::rules::Severity;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// A sink that also ends each person with their outcome.
pub(super) trait Collect: Sink {
    /// Starts a person.
    fn begin(&mut self);
    /// The outcome of the person started last, from what was added since.
    fn outcome(&mut self, s: &Subject) -> Outcome;
}

/// What decides a person's outcome (docs/domain.md §4), gathered finding by finding: the most
/// severe finding decides; an ineligible person barred only by windows may stand from the day
/// the last window closes.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Decision {
    cannot: bool,
    should_not: bool,
    review: bool,
    /// A barring finding with no end.
    permanent: bool,
    /// The latest first-day-free of the barring findings.
    eligible_from: Option<NaiveDate>,
}

impl Decision {
    /// One finding.
    pub(super) fn add(&mut self, severity: Severity, eligible_from: Option<NaiveDate>) {
        match severity {
            Severity::Cannot => self.cannot = true,
            Severity::ShouldNot => self.should_not = true,
            Severity::Review => self.review = true,
            Severity::Warning => {}
        }
        if matches!(severity, Severity::Cannot | Severity::ShouldNot) {
            match eligible_from {
                None => self.permanent = true,
                Some(d) => self.eligible_from = self.eligible_from.max(Some(d)),
            }
        }
    }

    /// Both decisions as one (as if the findings of `other` were added to these).
    pub(super) fn merge(&mut self, other: &Decision) {
        self.cannot |= other.cannot;
        self.should_not |= other.should_not;
        self.review |= other.review;
        self.permanent |= other.permanent;
        self.eligible_from = self.eligible_from.max(other.eligible_from);
    }

    /// The outcome for `s`, with the rule codes found (sorted, each once).
    pub(super) fn outcome(self, s: &Subject, rules: Vec<Arc<str>>) -> Outcome {
        let outcome = if self.cannot || self.should_not {
            OutcomeKind::Ineligible
        } else if self.review {
            OutcomeKind::NeedsReview
        } else {
            OutcomeKind::Eligible
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

/// Keeps every finding.
#[derive(Debug, Default)]
pub(super) struct Full {
    /// The findings, in order.
    pub(super) findings: Vec<Finding>,
    /// Where the current person's findings start.
    first: usize,
}

impl Sink for Full {
    fn add_with(
        &mut self,
        rule: &Arc<str>,
        severity: Severity,
        eligible_from: Option<NaiveDate>,
        make: impl FnOnce() -> Finding,
    ) {
        self.findings.add_with(rule, severity, eligible_from, make);
    }
    fn add(&mut self, finding: Finding) {
        self.findings.add(finding);
    }
}

impl Collect for Full {
    fn begin(&mut self) {
        self.first = self.findings.len();
    }
    fn outcome(&mut self, s: &Subject) -> Outcome {
        let mine = self.findings.get(self.first..).unwrap_or_default();
        let mut decision = Decision::default();
        for f in mine {
            decision.add(f.severity, f.eligible_from);
        }
        let mut rules: Vec<Arc<str>> = mine.iter().map(|f| f.rule.clone()).collect();
        rules.sort_unstable();
        rules.dedup();
        decision.outcome(s, rules)
    }
}

/// How many rule codes the record pass holds as bits (fewer in unit tests, so that they also
/// take the fallback).
#[cfg(not(test))]
const BITS: u16 = 64;
#[cfg(test)]
const BITS: u16 = 2;

type PtrMap<V> = HashMap<usize, V, BuildHasherDefault<IdHasher>>;

/// A collector's own copy of every rule code it has seen, by index, so that threads never
/// share a reference count while they work; with the findings counted per code.
#[derive(Debug, Default)]
struct Names {
    /// The codes, by index.
    names: Vec<Arc<str>>,
    /// Code → index.
    by_name: HashMap<Arc<str>, u16>,
    /// The address of a code passed to `add_with` → (that code, kept so that the address is
    /// not reused while this map lives, and its index).
    by_ptr: PtrMap<(Arc<str>, u16)>,
    /// Findings by index.
    per_rule: Vec<u64>,
    /// Findings by severity.
    per_severity: [u64; 4],
}

impl Names {
    fn of_name(&mut self, rule: &str) -> u16 {
        if let Some(&i) = self.by_name.get(rule) {
            return i;
        }
        let i = self.names.len() as u16;
        let name: Arc<str> = Arc::from(rule);
        self.names.push(name.clone());
        self.by_name.insert(name, i);
        self.per_rule.push(0);
        i
    }

    fn of(&mut self, rule: &Arc<str>) -> u16 {
        let ptr = Arc::as_ptr(rule) as *const u8 as usize;
        match self.by_ptr.get(&ptr) {
            Some(&(_, i)) => i,
            None => {
                let i = self.of_name(rule);
                self.by_ptr.insert(ptr, (rule.clone(), i));
                i
            }
        }
    }

    fn count(&mut self, i: u16, severity: Severity) {
        if let Some(n) = self.per_rule.get_mut(i as usize) {
            *n += 1;
        }
        self.per_severity[severity as usize] += 1;
    }

    fn add_counts_to(&self, counts: &mut RuleCounts) {
        for (name, &n) in self.names.iter().zip(&self.per_rule) {
            counts.add_n(name, n);
        }
        for (total, n) in counts.per_severity.iter_mut().zip(self.per_severity) {
            *total += n;
        }
    }
}

/// Keeps counts and each person's rule codes, and builds no finding (persons one after the
/// other).
#[derive(Debug, Default)]
pub(super) struct Tally {
    names: Names,
    /// The current person's rules (indices) and decision.
    person: Vec<u16>,
    decision: Decision,
    /// Index in [`RecordVerdicts::names`] → index here (`u16::MAX`: not yet seen).
    from_records: Vec<u16>,
}

impl Tally {
    fn note(&mut self, i: u16, severity: Severity, eligible_from: Option<NaiveDate>) {
        self.names.count(i, severity);
        self.person.push(i);
        self.decision.add(severity, eligible_from);
    }

    /// Adds this tally's counts to `counts`.
    pub(super) fn add_counts_to(&self, counts: &mut RuleCounts) {
        self.names.add_counts_to(counts);
    }

    /// Adds what the records of person `v` gave (already counted) to the current person.
    pub(super) fn absorb(&mut self, records: &RecordVerdicts, v: usize) {
        let Some(&(bits, decision)) = records.persons.get(v) else {
            return;
        };
        if bits == 0 {
            return;
        }
        self.decision.merge(&decision);
        self.from_records.resize(records.names.len(), u16::MAX);
        let mut rest = bits;
        while rest != 0 {
            let g = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let local = match self.from_records.get(g) {
                Some(&i) if i != u16::MAX => i,
                _ => {
                    let i = self.names.of_name(&records.names[g]);
                    if let Some(slot) = self.from_records.get_mut(g) {
                        *slot = i;
                    }
                    i
                }
            };
            self.person.push(local);
        }
    }
}

impl Sink for Tally {
    fn add_with(
        &mut self,
        rule: &Arc<str>,
        severity: Severity,
        eligible_from: Option<NaiveDate>,
        _make: impl FnOnce() -> Finding,
    ) {
        let i = self.names.of(rule);
        self.note(i, severity, eligible_from);
    }
    fn add(&mut self, finding: Finding) {
        let i = self.names.of_name(&finding.rule);
        self.note(i, finding.severity, finding.eligible_from);
    }
}

impl Collect for Tally {
    fn begin(&mut self) {
        self.person.clear();
        self.decision = Decision::default();
    }
    fn outcome(&mut self, s: &Subject) -> Outcome {
        let names = &self.names.names;
        let mut rules = Vec::new();
        if !self.person.is_empty() {
            self.person
                .sort_unstable_by(|a, b| names.get(*a as usize).cmp(&names.get(*b as usize)));
            self.person.dedup();
            rules = self
                .person
                .iter()
                .filter_map(|&i| names.get(i as usize).cloned())
                .collect();
        }
        self.decision.outcome(s, rules)
    }
}

/// What the records gave each person, gathered partition by partition (one collector per
/// thread, see [`super::join`]): a decision and a set of rules, as bits over at most 64 rule
/// codes.
#[derive(Debug, Default)]
pub(super) struct RecordTally {
    names: Names,
    /// Whose records come now (an index into the partition's persons).
    current: usize,
    /// Per person of the partition being vetted: the rules as bits over `names`, and the
    /// decision.
    partition: Vec<(u64, Decision)>,
    /// The persons whose records gave something, over the partitions done: (person vetted,
    /// rules as bits, decision).
    found: Vec<(u32, u64, Decision)>,
    /// More than 64 rule codes: the bits cannot hold them, and the check falls back to vetting
    /// persons one after the other.
    overflow: bool,
}

impl RecordTally {
    /// Starts a partition of `persons` persons.
    pub(super) fn start(&mut self, persons: usize) {
        self.partition.clear();
        self.partition.resize(persons, (0, Decision::default()));
    }

    /// The findings that follow are about the partition's person `i`.
    pub(super) fn person(&mut self, i: usize) {
        self.current = i;
    }

    /// Ends the partition whose persons vetted are `persons`.
    pub(super) fn finish(&mut self, persons: &[u32]) {
        for (&v, &(bits, decision)) in persons.iter().zip(&self.partition) {
            if bits != 0 {
                self.found.push((v, bits, decision));
            }
        }
    }

    fn note(&mut self, i: u16, severity: Severity, eligible_from: Option<NaiveDate>) {
        self.names.count(i, severity);
        if i >= BITS {
            self.overflow = true;
            return;
        }
        if let Some((b, d)) = self.partition.get_mut(self.current) {
            *b |= 1 << i;
            d.add(severity, eligible_from);
        }
    }

    /// The collectors of all threads as one, over `persons` persons, with their counts added to
    /// `counts`; `None` when they saw more than 64 rule codes together.
    pub(super) fn merge(
        parts: Vec<RecordTally>,
        persons: usize,
        counts: &mut RuleCounts,
    ) -> Option<RecordVerdicts> {
        let mut names = Names::default();
        let mut merged = vec![(0u64, Decision::default()); persons];
        for part in parts {
            if part.overflow {
                return None;
            }
            part.names.add_counts_to(counts);
            let map: Vec<u16> = part.names.names.iter().map(|n| names.of_name(n)).collect();
            if map.iter().any(|&g| g >= BITS) {
                return None;
            }
            for (v, bits, decision) in part.found {
                let Some(to) = merged.get_mut(v as usize) else {
                    continue;
                };
                let mut rest = bits;
                while rest != 0 {
                    let l = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    to.0 |= 1 << map.get(l).copied().unwrap_or(0);
                }
                to.1.merge(&decision);
            }
        }
        Some(RecordVerdicts {
            names: names.names,
            persons: merged,
        })
    }
}

impl Sink for RecordTally {
    fn add_with(
        &mut self,
        rule: &Arc<str>,
        severity: Severity,
        eligible_from: Option<NaiveDate>,
        _make: impl FnOnce() -> Finding,
    ) {
        let i = self.names.of(rule);
        self.note(i, severity, eligible_from);
    }
    fn add(&mut self, finding: Finding) {
        let i = self.names.of_name(&finding.rule);
        self.note(i, finding.severity, finding.eligible_from);
    }
}

/// What the records gave each person (merged over the threads; already counted).
#[derive(Debug, Default)]
pub(super) struct RecordVerdicts {
    /// The rule codes the bits stand for.
    names: Vec<Arc<str>>,
    /// Per person: the rules as bits over `names`, and the decision.
    persons: Vec<(u64, Decision)>,
}

/// Findings counted by rule and by severity (for the summary).
#[derive(Debug, Default)]
pub(super) struct RuleCounts {
    per_rule: HashMap<Arc<str>, u64>,
    per_severity: [u64; 4],
}

impl RuleCounts {
    fn add_n(&mut self, rule: &Arc<str>, n: u64) {
        if n == 0 {
            return;
        }
        match self.per_rule.get_mut(&**rule) {
            Some(total) => *total += n,
            None => {
                self.per_rule.insert(rule.clone(), n);
            }
        }
    }

    /// Counts `findings`.
    pub(super) fn add_findings<'f>(&mut self, findings: impl IntoIterator<Item = &'f Finding>) {
        for f in findings {
            self.add_n(&f.rule, 1);
            self.per_severity[f.severity as usize] += 1;
        }
    }

    /// The summary of these counts, the outcomes and the records not applied.
    pub(super) fn summary(&self, outcomes: &OutcomeCounts, records_after_as_of: u64) -> Summary {
        let mut summary = Summary {
            records_after_as_of,
            persons: outcomes.persons,
            eligible: outcomes.eligible,
            ineligible: outcomes.ineligible,
            should_not: outcomes.should_not,
            needs_review: outcomes.needs_review,
            findings: self.per_severity.iter().sum(),
            by_rule: self
                .per_rule
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            ..Summary::default()
        };
        for sev in [
            Severity::Cannot,
            Severity::ShouldNot,
            Severity::Review,
            Severity::Warning,
        ] {
            let n = self.per_severity[sev as usize];
            if n > 0 {
                summary.by_severity.insert(sev.as_str().to_string(), n);
            }
        }
        summary
    }
}

/// The outcomes counted by kind, chunk after chunk.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct OutcomeCounts {
    persons: u64,
    eligible: u64,
    ineligible: u64,
    should_not: u64,
    needs_review: u64,
}

impl OutcomeCounts {
    /// The counts of `outcomes`.
    pub(super) fn of(outcomes: &[Outcome]) -> OutcomeCounts {
        let mut counts = OutcomeCounts::default();
        counts.add(outcomes);
        counts
    }

    /// Adds `outcomes` to the counts.
    pub(super) fn add(&mut self, outcomes: &[Outcome]) {
        for o in outcomes {
            self.persons += 1;
            match o.outcome {
                OutcomeKind::Eligible => self.eligible += 1,
                OutcomeKind::Ineligible => {
                    self.ineligible += 1;
                    self.should_not += u64::from(o.should_not);
                }
                OutcomeKind::NeedsReview => self.needs_review += 1,
            }
        }
    }
}
