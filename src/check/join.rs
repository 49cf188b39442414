//! The record pass of [`super::check_outcomes`] as a radix-partitioned join of the records
//! with the persons vetted.
//!
//! Records name their person by ID number in any order, so a plain pass (each record looks
//! up its person in one map of a million entries, then updates that person's state) waits on
//! memory at every record, twice. Here the records and the persons are first split by a hash
//! of the ID number into partitions of a few thousand persons, writing to a few hundred
//! buffers front to back; then each partition is joined and vetted on its own, with its look-up
//! table and its persons' state small enough to stay in the core's cache.

use super::collect::{RecordTally, RecordVerdicts, RuleCounts};
use super::plan::Plan;
use crate::hash::IdMap;
use crate::vetting::RecordFacts;

/// Persons per partition, about: few enough that a partition's look-up table and its
/// persons' state stay in a core's own cache.
const PERSONS_PER_PART: usize = 2048;
/// Partition bits at least (so that even small runs, and the tests, see several partitions)
/// and at most (beyond, the buffers written at once stop fitting the cache).
const BITS: std::ops::RangeInclusive<u32> = 3..=12;

/// The partition of ID number `key` among `1 << bits`: the top bits of a multiplicative hash.
fn part(key: u64, bits: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// What the record pass found.
pub(super) struct Joined {
    /// What the records gave each person (already counted); `None` when they gave more rule
    /// codes than [`RecordTally`] holds as bits.
    pub(super) verdicts: Option<RecordVerdicts>,
    /// The rows of the records that belong to nobody vetted, in table order.
    pub(super) orphans: Vec<u32>,
    /// Records dated after the last election day (facts for nobody yet).
    pub(super) after_latest: u64,
    /// Records dated after their own person's election day (not applied).
    pub(super) after_day: u64,
}

/// A thread's rows, by partition.
type Buckets<T> = Vec<Vec<T>>;

/// A thread's records, split.
struct Split {
    /// The records of a valid ID number with their cells, by partition.
    buckets: Buckets<(u64, RecordFacts)>,
    /// The rows of invalid ID numbers.
    invalid: Vec<u32>,
    /// How many are dated after the last election day.
    after_latest: u64,
}

/// `parts` empty buckets for about `rows` rows spread evenly.
fn buckets<T>(parts: usize, rows: usize) -> Buckets<T> {
    let each = rows / parts;
    (0..parts)
        .map(|_| Vec::with_capacity(each + each / 4 + 1))
        .collect()
}

/// Vets every record for its person, adding the findings' counts to `counts`.
pub(super) fn vet_records(plan: &Plan<'_>, counts: &mut RuleCounts) -> Joined {
    let Some(records) = plan.input.records else {
        return Joined {
            verdicts: Some(RecordVerdicts::default()),
            orphans: Vec::new(),
            after_latest: 0,
            after_day: 0,
        };
    };
    let persons = plan.persons();
    let bits = (persons / PERSONS_PER_PART)
        .max(1)
        .next_power_of_two()
        .trailing_zeros()
        .clamp(*BITS.start(), *BITS.end());
    let parts = 1usize << bits;

    // The persons vetted with a valid ID number, by partition (per thread, in order).
    let people: Vec<Buckets<(u64, u32)>> = crate::par::map_per_thread(persons, |range| {
        let mut out = buckets(parts, range.len());
        for (key, v) in plan.keys(range) {
            if let Some(b) = out.get_mut(part(key, bits)) {
                b.push((key, v));
            }
        }
        out
    });
    // The records with their cells, by partition; aside, the rows of invalid ID numbers (they
    // belong to nobody) and a count of those dated after the last election day.
    let split: Vec<Split> = crate::par::map_per_thread(records.len(), |range| {
        let mut out = Split {
            buckets: buckets(parts, range.len()),
            invalid: Vec::new(),
            after_latest: 0,
        };
        for r in range {
            if plan.after_latest(r) {
                out.after_latest += 1;
                continue;
            }
            match records.id.cells.get(r) {
                Some(Ok(id)) => {
                    let key = id.to_u64();
                    if let Some(b) = out.buckets.get_mut(part(key, bits)) {
                        b.push((key, records.facts(r)));
                    }
                }
                _ => out.invalid.push(r as u32),
            }
        }
        out
    });

    // Each partition on its own: its persons in a small table, then its records in table order.
    let by_day = plan.by_day();
    let joined = crate::par::map_parts(parts, records.len(), |range| {
        let mut tally = RecordTally::default();
        let (mut orphans, mut after_day) = (Vec::new(), 0u64);
        let mut index: IdMap<u32> = IdMap::default();
        let mut persons: Vec<u32> = Vec::new();
        for p in range {
            index.clear();
            persons.clear();
            for &(key, v) in people.iter().filter_map(|t| t.get(p)).flatten() {
                index.insert(key, persons.len() as u32);
                persons.push(v);
            }
            tally.start(persons.len());
            for (key, f) in split.iter().filter_map(|t| t.buckets.get(p)).flatten() {
                let Some(&i) = index.get(key) else {
                    orphans.push(f.row);
                    continue;
                };
                let Some(s) = persons
                    .get(i as usize)
                    .and_then(|&v| plan.subject(v as usize))
                else {
                    continue;
                };
                let list = if by_day {
                    let (day, list) = plan.day_of(s);
                    if f.date.value().is_some_and(|d| d > day) {
                        after_day += 1; // not yet a fact on this person's election day
                        continue;
                    }
                    list
                } else {
                    &plan.list
                };
                tally.person(i as usize);
                list.vet_record(records, f, s, &mut tally);
            }
            tally.finish(&persons);
        }
        (tally, orphans, after_day)
    });

    let mut orphans: Vec<u32> = Vec::new();
    let (mut after_latest, mut after_day) = (0, 0);
    for t in &split {
        orphans.extend(&t.invalid);
        after_latest += t.after_latest;
    }
    let mut tallies = Vec::with_capacity(joined.len());
    for (tally, o, after) in joined {
        tallies.push(tally);
        orphans.extend(o);
        after_day += after;
    }
    orphans.sort_unstable();
    Joined {
        verdicts: RecordTally::merge(tallies, persons, counts),
        orphans,
        after_latest,
        after_day,
    }
}
