//! `check`: the county joint review of a candidate list (县级联审) — every person vetted
//! against the negative list and the statutory bars, with the data problems that stop a
//! decision reported as `review` findings. Later capabilities (avoidance, composition) add
//! their findings here.
//!
//! [`check`] builds every finding; [`check_outcomes`] gives the same outcomes and summary
//! without building any (the rules report to a [`crate::finding::Sink`]).

mod collect;
mod data;
mod join;
mod plan;

use collect::{Collect, Full, OutcomeCounts, RuleCounts, Tally};
use plan::Plan;

use crate::error::Error;
use crate::finding::Subject;
use crate::finding::{Finding, Findings, Outcome};
use crate::pack::RulePack;
use crate::people::People;
use crate::roster::Roster;
use crate::rules::Severity;
use crate::vetting::Records;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    /// Family facts for close-relative avoidance, when given (docs/domain.md §5). Avoidance pairs
    /// roster rows, so it needs a roster; AV-06 (the same person on the election committee
    /// and on the ballot) needs no relations.
    pub relations: Option<&'a crate::kinship::Relations>,
    /// Units (seats, smaller ethnic groups, households, election days), for the composition
    /// checks of docs/domain.md §6 (which also run on the roster alone, without what units give).
    pub units: Option<&'a crate::units::Units>,
}

/// A finding about a person that a front end made before the check — the joint review's
/// answers (docs/domain.md §4.1): a department that has not answered for a candidate, a row
/// that names someone not asked about. The check puts it on the person vetted under its ID
/// number, where there is one (in their outcome like any other finding), else among the
/// findings that belong to no one vetted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// Whom it is about (`None`: nobody, e.g. a file no department sent).
    pub id_number: Option<crate::finding::PersonKey>,
    /// The rule, its severity and its reference, from the pack ([`crate::pack::RuleBook`]).
    pub rule: crate::rules::RuleUse,
    /// The message in Chinese.
    pub zh: String,
    /// The message in English.
    pub en: String,
    /// What triggered it (an answer row's cell).
    pub evidence: Option<crate::finding::Evidence>,
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

/// Counts of persons by outcome (docs/outputs.md "Summary and audit").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
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
    /// Records that belong to no one: an ID number that is empty or invalid, or that a
    /// spreadsheet stored as a number and fits several persons or none (each is a `review`
    /// finding; the run exits 1 while any exists).
    #[serde(default)]
    pub records_unattributed: u64,
    /// Cells that cannot be read in columns no rule of the check reads (`people.education`):
    /// counted here, as a note on the data, and never a finding (statistics, which read
    /// them, report them as findings).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub unread_cells: std::collections::BTreeMap<String, u64>,
}

/// The notes on cells no rule of a check reads: `people.education` → how many cannot be read.
fn unread_cells(input: &CheckInput<'_>) -> std::collections::BTreeMap<String, u64> {
    let education = input
        .people
        .education
        .iter()
        .filter(|c| **c == crate::people::Cell::Invalid)
        .count() as u64;
    (education > 0)
        .then(|| ("people.education".to_string(), education))
        .into_iter()
        .collect()
}

/// The result of a check: findings, one outcome per person vetted, and the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
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
    /// The tool's exit status (docs/cli.md "Exit status"): 1 when any finding is `cannot`, `should_not` or
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
#[non_exhaustive]
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

/// A check prepared once: the people indexed, the persons vetted chosen, close-relative
/// avoidance and the composition of the committees done. Its outcomes
/// ([`Prepared::outcomes`]) and its full report ([`Prepared::report`]) both start from it, so a
/// caller that wants the outcomes at once and the findings later (Python's `hj.check`) pays
/// for the preparation — on a province with relations, mostly the family graph and
/// avoidance — only once.
///
/// ```
/// use huanjie::{CheckInput, CheckOptions, RulePack, check::Prepared};
/// use huanjie::people::{People, PersonRow};
///
/// let pack = RulePack::builtin("cn-2021").unwrap();
/// let mut people = People::default();
/// people.push(&PersonRow { id_number: Some("11010519491231002X"), ..Default::default() });
/// let input = CheckInput { people: &people, roster: None, records: None, relations: None, units: None };
/// let prepared = Prepared::new(input, &pack, CheckOptions::new("2021-01-15".parse().unwrap())).unwrap();
/// assert_eq!(prepared.outcomes().outcomes, prepared.report().outcomes);
/// ```
pub struct Prepared<'a> {
    plan: Plan<'a>,
    /// The composition findings (unit-level), made once.
    composition: Vec<Finding>,
}

impl<'a> Prepared<'a> {
    /// Indexes `input` and makes everything that does not depend on how findings are
    /// collected (avoidance, unreadable cells, composition).
    pub fn new(
        input: CheckInput<'a>,
        pack: &'a RulePack,
        options: CheckOptions,
    ) -> Result<Self, Error> {
        Self::with_reported(input, pack, options, Vec::new())
    }

    /// [`Prepared::new`], with findings a front end made before the check (see [`Reported`]):
    /// each on its person vetted, in their outcome.
    pub fn with_reported(
        input: CheckInput<'a>,
        pack: &'a RulePack,
        options: CheckOptions,
        reported: Vec<Reported>,
    ) -> Result<Self, Error> {
        let mut plan = Plan::new(input, pack, options)?;
        plan.add_reported(reported);
        let mut composition = plan.composition(pack)?;
        // Unreadable cells of the units table (an election day outside the plausible dates
        // among them), on their units.
        if let Some(units) = input.units
            && let Some(rule) = crate::pack::RuleBook::new(pack, options.as_of, "data")
                .get(crate::rules::codes::DATA_VALUE, &[])
        {
            let bounds = pack.date_bounds(options.as_of)?;
            composition.extend(crate::vetting_data::unit_cells(units, &rule, &bounds));
        }
        Ok(Prepared { plan, composition })
    }

    /// Whether the full report costs about what the outcomes alone do. Without records the
    /// rules find little beyond what preparing the check already built in full (avoidance,
    /// composition, unreadable cells) — a few person-level bars — so a caller that may want the
    /// findings should take [`Prepared::report`] at once rather than the outcomes first.
    pub fn findings_are_cheap(&self) -> bool {
        self.plan.input.records.is_none_or(|r| r.is_empty())
    }

    /// Every finding in full, one outcome per person and the summary (what [`check`] gives).
    pub fn report(&self) -> CheckReport {
        let plan = &self.plan;
        let owners = plan.record_owners();
        let grouped = plan.grouped(&owners);
        // Each person: data problems, the person-level bars, then every record; in parallel
        // ranges of persons, concatenated in order.
        let parts = crate::par::map_ranges(plan.persons(), |range| {
            let mut sink = Full::default();
            let mut outcomes = Vec::with_capacity(range.len());
            let after = plan.vet(range, &grouped, &mut sink, &mut outcomes);
            (sink.findings, outcomes, after)
        });
        let mut chunks = Vec::with_capacity(parts.len() + 3);
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(plan.persons());
        let mut after_day = 0;
        for (f, o, after) in parts {
            chunks.push(f);
            outcomes.extend(o);
            after_day += after;
        }
        // Composition: unit-level findings, after the persons'.
        let records_after_as_of = owners.after_latest + after_day;
        chunks.push(owners.orphan_findings);
        chunks.push(plan.orphan_findings.clone());
        chunks.push(self.composition.clone());
        let findings = Findings::from_chunks(chunks);
        let mut counts = RuleCounts::default();
        counts.add_findings(&findings);
        let mut summary = counts.summary(&OutcomeCounts::of(&outcomes), records_after_as_of);
        summary.records_unattributed = plan.input.records.map_or(0, |r| r.unattributed());
        summary.unread_cells = unread_cells(&plan.input);
        CheckReport {
            findings,
            outcomes,
            summary,
        }
    }

    /// Every finding of [`Prepared::report`], in its order, handed to `each` a chunk at a
    /// time: the findings of `persons` persons, …, then those of the records that belong to
    /// no one and the unit-level ones. Memory holds one chunk, not the report: what a writer
    /// streams out (`huanjie check --format json` on millions of persons).
    pub fn findings_in_chunks<E>(
        &self,
        persons: usize,
        mut each: impl FnMut(Findings) -> Result<(), E>,
    ) -> Result<(), E> {
        self.person_findings_in_chunks(persons, &mut each)?;
        each(self.other_findings())
    }

    /// The findings after the persons' in [`Prepared::report`]: those of the records that
    /// belong to no one, then the unit-level ones.
    pub fn other_findings(&self) -> Findings {
        Findings::from_chunks(vec![
            self.plan.record_owners().orphan_findings,
            self.plan.orphan_findings.clone(),
            self.composition.clone(),
        ])
    }

    /// The persons' findings of [`Prepared::report`], `persons` persons at a time (see
    /// [`Prepared::findings_in_chunks`]).
    pub fn person_findings_in_chunks<E>(
        &self,
        persons: usize,
        mut each: impl FnMut(Findings) -> Result<(), E>,
    ) -> Result<(), E> {
        let plan = &self.plan;
        let owners = plan.record_owners();
        let grouped = plan.grouped(&owners);
        in_chunks(plan.persons(), persons, |range| {
            let parts = crate::par::map_ranges(range.len(), |r| {
                let mut sink = Full::default();
                let mut outcomes = Vec::with_capacity(r.len());
                let persons = range.start + r.start..range.start + r.end;
                plan.vet(persons, &grouped, &mut sink, &mut outcomes);
                sink.findings
            });
            each(Findings::from_chunks(parts))
        })
    }

    /// The outcomes of [`Prepared::outcomes`], handed to `each` `persons` persons at a time and
    /// in their order, and the summary they add up to (the same as [`Prepared::outcomes`]'s):
    /// memory holds one chunk, not an outcome per person. A writer that must put the summary
    /// first calls it twice, once for the summary and once for the outcomes.
    pub fn outcomes_in_chunks<E>(
        &self,
        persons: usize,
        mut each: impl FnMut(&[Outcome]) -> Result<(), E>,
    ) -> Result<Summary, E> {
        let plan = &self.plan;
        let owners = plan.record_owners();
        let grouped = plan.grouped(&owners);
        let (mut counts, mut kinds, mut after_day) =
            (RuleCounts::default(), OutcomeCounts::default(), 0);
        in_chunks(plan.persons(), persons, |range| {
            let parts = crate::par::map_ranges(range.len(), |r| {
                let mut tally = Tally::default();
                let mut outcomes = Vec::with_capacity(r.len());
                let persons = range.start + r.start..range.start + r.end;
                let after = plan.vet(persons, &grouped, &mut tally, &mut outcomes);
                (tally, outcomes, after)
            });
            let mut chunk = Vec::with_capacity(range.len());
            for (tally, o, after) in parts {
                tally.add_counts_to(&mut counts);
                chunk.extend(o);
                after_day += after;
            }
            kinds.add(&chunk);
            each(&chunk)
        })?;
        counts.add_findings(&owners.orphan_findings);
        counts.add_findings(&plan.orphan_findings);
        counts.add_findings(&self.composition);
        let mut summary = counts.summary(&kinds, owners.after_latest + after_day);
        summary.records_unattributed = plan.input.records.map_or(0, |r| r.unattributed());
        summary.unread_cells = unread_cells(&plan.input);
        Ok(summary)
    }

    /// The outcomes and the summary without building a finding (what [`check_outcomes`]
    /// gives).
    pub fn outcomes(&self) -> Verdicts {
        let plan = &self.plan;
        let mut counts = RuleCounts::default();
        let mut outcomes: Vec<Outcome> = Vec::new();
        // The records, joined with their persons partition by partition; then each person's
        // own findings with what their records gave.
        let joined = join::vet_records(plan, &mut counts);
        let (orphans, after_latest, after_day) = match joined.verdicts {
            Some(records) => {
                // In parallel, written in place; each piece of work's counts are gathered as
                // it ends.
                let tallies = std::sync::Mutex::new(Vec::new());
                outcomes = crate::par::rows_gathering(
                    plan.persons(),
                    Tally::default,
                    |tally, v| {
                        tally.begin();
                        plan.vet_person(v, tally);
                        tally.absorb(&records, v);
                        match plan.subject(v) {
                            Some(s) => tally.outcome(s),
                            None => tally.outcome(&Subject::default()), // (every v has a subject)
                        }
                    },
                    |tally| {
                        tallies
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push(tally)
                    },
                );
                for tally in tallies
                    .into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                {
                    tally.add_counts_to(&mut counts);
                }
                let orphans: Vec<Finding> = joined
                    .orphans
                    .iter()
                    .filter_map(|&r| plan.orphan_record(r as usize))
                    .collect();
                (orphans, joined.after_latest, joined.after_day)
            }
            None => {
                // More rule codes than the record pass can hold as bits: persons one after the
                // other, with their records side by side.
                counts = RuleCounts::default();
                let owners = plan.record_owners();
                let grouped = plan.grouped(&owners);
                let parts = crate::par::map_ranges(plan.persons(), |range| {
                    let mut tally = Tally::default();
                    let mut outcomes = Vec::with_capacity(range.len());
                    let after = plan.vet(range, &grouped, &mut tally, &mut outcomes);
                    (tally, outcomes, after)
                });
                let mut after_day = 0;
                for (tally, o, after) in parts {
                    tally.add_counts_to(&mut counts);
                    outcomes.extend(o);
                    after_day += after;
                }
                (owners.orphan_findings, owners.after_latest, after_day)
            }
        };
        counts.add_findings(&orphans);
        counts.add_findings(&plan.orphan_findings);
        counts.add_findings(&self.composition);
        let mut summary = counts.summary(&OutcomeCounts::of(&outcomes), after_latest + after_day);
        summary.records_unattributed = plan.input.records.map_or(0, |r| r.unattributed());
        summary.unread_cells = unread_cells(&plan.input);
        Verdicts { outcomes, summary }
    }
}

/// Calls `each` on `0..n` cut into ranges of `size` (at least 1), in order, until one fails.
fn in_chunks<E>(
    n: usize,
    size: usize,
    mut each: impl FnMut(std::ops::Range<usize>) -> Result<(), E>,
) -> Result<(), E> {
    let mut start = 0;
    while start < n {
        let end = n.min(start.saturating_add(size.max(1)));
        each(start..end)?;
        start = end;
    }
    Ok(())
}

/// Vets every person against `pack` on `options.as_of`: every finding in full, one outcome
/// per person and the summary.
pub fn check(
    input: CheckInput<'_>,
    pack: &RulePack,
    options: CheckOptions,
) -> Result<CheckReport, Error> {
    Ok(Prepared::new(input, pack, options)?.report())
}

/// The outcomes of a check without its findings: what [`check`] gives less the findings
/// themselves. Equal to `check`'s outcomes and summary, and much cheaper when millions of
/// findings would be made (nothing but the outcomes is built; see [`crate::finding::Sink`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Verdicts {
    /// One outcome per person vetted, in the order of [`CheckReport::outcomes`].
    pub outcomes: Vec<Outcome>,
    /// The counts, findings included (counted, not built).
    pub summary: Summary,
}

impl Summary {
    /// The tool's exit status (docs/cli.md "Exit status"): 1 when any finding is `cannot`, `should_not` or
    /// `review`, else 0 (as [`CheckReport::exit_code`]).
    pub fn exit_code(&self) -> i32 {
        i32::from(
            self.by_severity
                .iter()
                .any(|(k, &n)| k != Severity::Warning.as_str() && n > 0),
        )
    }
}

/// Vets every person against `pack` on `options.as_of` and gives only the outcomes and the
/// summary: the same as [`check`] without building a finding.
pub fn check_outcomes(
    input: CheckInput<'_>,
    pack: &RulePack,
    options: CheckOptions,
) -> Result<Verdicts, Error> {
    Ok(Prepared::new(input, pack, options)?.outcomes())
}

#[cfg(test)]
mod tests;
