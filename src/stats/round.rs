//! The round's facts, unit by unit, and their figures: from the units table — set up this
//! round (新设), a complex situation (情况复杂), the running funds before and after (村级运转经费),
//! where the round stands (换届状态), a re-election (重新选举) — and from the count — every seat
//! filled in the first round, a second round (另行选举). A figure is reported only where its
//! column (or the count) is given; a unit whose cell is empty or unreadable is in neither
//! its numerator nor its denominator.

use crate::cells::{Cell, cell_at, column_given};
use crate::units::{RoundStatus, Units};

/// One unit's facts of the round.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RoundFacts {
    pub(super) new_unit: Option<bool>,
    pub(super) complex: Option<bool>,
    pub(super) funds_before: Option<u64>,
    pub(super) funds_after: Option<u64>,
    pub(super) status: Option<RoundStatus>,
    pub(super) reelection: Option<bool>,
    /// The count: the unit's committee election stood and filled every seat in round 1.
    pub(super) first_ballot: Option<bool>,
    /// The count: the unit's committee election had a second round (另行选举).
    pub(super) runoff: Option<bool>,
}

impl RoundFacts {
    /// The facts of row `r` of the units table.
    pub(super) fn of_row(units: &Units, r: usize) -> RoundFacts {
        RoundFacts {
            new_unit: cell_at(&units.new_unit, r).value(),
            complex: cell_at(&units.complex, r).value(),
            funds_before: cell_at(&units.funds_before, r).value(),
            funds_after: cell_at(&units.funds_after, r).value(),
            status: cell_at(&units.round_status, r).value(),
            reelection: cell_at(&units.reelection, r).value(),
            ..RoundFacts::default()
        }
    }
}

/// Which of the units table's round columns are given.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RoundColumns {
    new_unit: bool,
    complex: bool,
    funds_before: bool,
    funds_after: bool,
    status: bool,
    reelection: bool,
    count: bool,
}

impl RoundColumns {
    /// The columns `units` gives, and whether the count is given.
    pub(super) fn of(units: Option<&Units>, count: bool) -> RoundColumns {
        let Some(u) = units else {
            return RoundColumns {
                count,
                ..RoundColumns::default()
            };
        };
        let h = &u.headers;
        RoundColumns {
            new_unit: column_given(h, "new_unit", &u.new_unit),
            complex: column_given(h, "complex", &u.complex),
            funds_before: column_given(h, "funds_before", &u.funds_before),
            funds_after: column_given(h, "funds_after", &u.funds_after),
            status: column_given(h, "round_status", &u.round_status),
            reelection: column_given(h, "reelection", &u.reelection),
            count,
        }
    }
}

/// The unreadable cells of the round's columns of `units`: (canonical column, rows).
pub(super) fn unreadable(units: &Units) -> Vec<(&'static str, u64)> {
    let bad = |c: &[Cell<bool>]| c.iter().filter(|c| **c == Cell::Invalid).count() as u64;
    let bad_yuan = |c: &[Cell<u64>]| c.iter().filter(|c| **c == Cell::Invalid).count() as u64;
    let status = units
        .round_status
        .iter()
        .filter(|c| **c == Cell::Invalid)
        .count() as u64;
    [
        ("new_unit", bad(&units.new_unit)),
        ("complex", bad(&units.complex)),
        ("funds_before", bad_yuan(&units.funds_before)),
        ("funds_after", bad_yuan(&units.funds_after)),
        ("round_status", status),
        ("reelection", bad(&units.reelection)),
    ]
    .into_iter()
    .filter(|x| x.1 > 0)
    .collect()
}

/// A yes/no fact summed over units: (yes, known).
#[derive(Debug, Clone, Copy, Default)]
struct YesNo(u64, u64);

impl YesNo {
    fn add(&mut self, v: Option<bool>) {
        if let Some(v) = v {
            self.0 += u64::from(v);
            self.1 += 1;
        }
    }
}

/// A sum of money over units: (sum, units, least).
#[derive(Debug, Clone, Copy, Default)]
struct Money(u64, u64, Option<u64>);

impl Money {
    fn add(&mut self, v: Option<u64>) {
        if let Some(v) = v {
            self.0 = self.0.saturating_add(v);
            self.1 += 1;
            self.2 = Some(self.2.map_or(v, |m| m.min(v)));
        }
    }
}

/// The round's facts summed over a group of units.
#[derive(Debug, Clone, Default)]
pub(super) struct RoundSums {
    new_unit: YesNo,
    complex: YesNo,
    funds_before: Money,
    funds_after: Money,
    /// finished, unfinished, not started; and units with a status.
    status: [u64; 3],
    status_known: u64,
    reelection: YesNo,
    first_ballot: YesNo,
    runoff: YesNo,
}

impl RoundSums {
    /// Adds one unit.
    pub(super) fn add(&mut self, f: &RoundFacts) {
        self.new_unit.add(f.new_unit);
        self.complex.add(f.complex);
        self.funds_before.add(f.funds_before);
        self.funds_after.add(f.funds_after);
        if let Some(s) = f.status {
            self.status_known += 1;
            self.status[match s {
                RoundStatus::Finished => 0,
                RoundStatus::Unfinished => 1,
                RoundStatus::NotStarted => 2,
            }] += 1;
        }
        self.reelection.add(f.reelection);
        self.first_ballot.add(f.first_ballot);
        self.runoff.add(f.runoff);
    }

    /// Units whose committee filled every seat in the first round, and units counted.
    pub(super) fn first_ballot(&self) -> (u64, u64) {
        (self.first_ballot.0, self.first_ballot.1)
    }

    /// The figures of the columns given: (figure, num, den).
    pub(super) fn figures(&self, cols: RoundColumns, out: &mut Vec<(&'static str, u64, u64)>) {
        if cols.count {
            out.push((
                "units_first_ballot",
                self.first_ballot.0,
                self.first_ballot.1,
            ));
            out.push(("units_runoff", self.runoff.0, self.runoff.1));
        }
        if cols.reelection {
            out.push(("units_reelection", self.reelection.0, self.reelection.1));
        }
        if cols.status {
            let k = self.status_known;
            out.push(("units_finished", self.status[0], k));
            out.push(("units_unfinished", self.status[1], k));
            out.push(("units_not_started", self.status[2], k));
        }
        if cols.new_unit {
            out.push(("units_new", self.new_unit.0, self.new_unit.1));
        }
        if cols.complex {
            out.push(("units_complex", self.complex.0, self.complex.1));
        }
        for (given, m, mean, least) in [
            (
                cols.funds_before,
                self.funds_before,
                "mean_funds_before",
                "min_funds_before",
            ),
            (
                cols.funds_after,
                self.funds_after,
                "mean_funds_after",
                "min_funds_after",
            ),
        ] {
            if given {
                out.push((mean, m.0, m.1));
                out.push((least, m.2.unwrap_or(0), m.1));
            }
        }
    }
}
