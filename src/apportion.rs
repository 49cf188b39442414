//! Apportionment: sharing a number of seats among groups by weight — in huanjie's domain, the
//! 村民代表 among villager groups (村民小组) by households (村民委员会组织法 art. 25: one
//! representative per 5–15 households, or several per group). docs/domain.md §6.
//!
//! Four methods, each exact (integer and rational arithmetic only):
//! - [`Method::Hamilton`] (largest remainder): each group gets the whole part of its quota
//!   `weight × seats ÷ total`, the seats left go to the largest remainders. Stays within quota.
//! - the divisor methods, seat by seat to the largest `weight ÷ d(s)` where `s` is the
//!   group's seats so far: [`Method::DHondt`] (Jefferson, `d = s + 1`),
//!   [`Method::SainteLague`] (Webster, `d = 2s + 1`), [`Method::HuntingtonHill`]
//!   (`d = √(s(s+1))`, so every group with weight gets its first seat before any gets a
//!   second). Divisor methods are house-monotone: one more seat never takes a seat away.
//!
//! Minimum seats (`min_seats`) are given first; a divisor method then goes on from them, and
//! Hamilton shares the rest among the groups its quota puts above their minimum. Ties are
//! broken by the larger weight, then by input order — and every group in a tie that decided a
//! seat is flagged, never broken silently.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// An apportionment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Largest remainder (最大余额法, Hamilton / Hare quota).
    Hamilton,
    /// D'Hondt (Jefferson): divisors 1, 2, 3, …
    #[serde(rename = "dhondt")]
    DHondt,
    /// Sainte-Laguë (Webster): divisors 1, 3, 5, …
    SainteLague,
    /// Huntington–Hill (equal proportions): divisors √(s(s+1)).
    HuntingtonHill,
}

impl Method {
    /// Reads `hamilton`, `dhondt` (`d'hondt`, `jefferson`), `sainte-lague` (`webster`),
    /// `huntington-hill`, or the Chinese 最大余额法.
    pub fn parse(text: &str) -> Option<Method> {
        let t = text.trim().to_lowercase().replace(['_', ' '], "-");
        Some(match t.as_str() {
            "hamilton" | "largest-remainder" | "hare" | "最大余额法" => Method::Hamilton,
            "dhondt" | "d'hondt" | "d-hondt" | "jefferson" => Method::DHondt,
            "sainte-lague" | "sainte-laguë" | "webster" => Method::SainteLague,
            "huntington-hill" | "hill" | "equal-proportions" => Method::HuntingtonHill,
            _ => return None,
        })
    }
    /// The method's name as the CLI spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Hamilton => "hamilton",
            Method::DHondt => "dhondt",
            Method::SainteLague => "sainte-lague",
            Method::HuntingtonHill => "huntington-hill",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The largest weight accepted: exact comparisons of Huntington–Hill priorities square the
/// weights, and 10¹² households is far beyond any village or country.
pub const MAX_WEIGHT: i64 = 1_000_000_000_000;
/// The most seats accepted in one apportionment.
pub const MAX_SEATS: u32 = 1_000_000;

/// One group's claim: its name, weight (households) and the seats it must get at least.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The group (村民小组) as the table names it.
    pub group: String,
    /// Its weight, e.g. households (户数). Must not be negative.
    pub weight: i64,
    /// The seats it gets at least (0 when none).
    #[serde(default)]
    pub min_seats: u32,
}

/// One group's share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Share {
    /// The group.
    pub group: String,
    /// Its weight.
    pub weight: u64,
    /// Its minimum.
    pub min_seats: u32,
    /// The exact quota `weight × seats ÷ total weight`, as (numerator, denominator).
    pub quota: (u128, u128),
    /// The seats it gets.
    pub seats: u32,
    /// Whether a tie that decided one of the seats involved this group (broken by the
    /// larger weight, then input order).
    pub tie: bool,
}

impl Share {
    /// The quota as a decimal, for display only.
    pub fn quota_f64(&self) -> f64 {
        if self.quota.1 == 0 {
            0.0
        } else {
            self.quota.0 as f64 / self.quota.1 as f64
        }
    }
}

/// The result: one share per claim, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Apportionment {
    /// The method used.
    pub method: Method,
    /// The seats shared.
    pub seats: u32,
    /// The shares, in the order of the claims.
    pub shares: Vec<Share>,
}

impl Apportionment {
    /// Whether any seat was decided by a tie.
    pub fn has_ties(&self) -> bool {
        self.shares.iter().any(|s| s.tie)
    }
}

/// Why claims cannot be apportioned. Groups are named by their 0-based position, since a
/// group's name may be a person's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApportionError {
    /// A weight below zero.
    #[error("claim {index}: the weight is negative")]
    NegativeWeight {
        /// The claim's 0-based position.
        index: usize,
    },
    /// A weight above [`MAX_WEIGHT`].
    #[error("claim {index}: the weight is above {MAX_WEIGHT}")]
    WeightTooLarge {
        /// The claim's 0-based position.
        index: usize,
    },
    /// More minimum seats than seats.
    #[error("the minimum seats add up to {minimum}, more than the {seats} seats")]
    MinimumsExceedSeats {
        /// The sum of the minimums.
        minimum: u64,
        /// The seats.
        seats: u32,
    },
    /// Seats to share beyond the minimums but no weight to share them by.
    #[error("{seats} seats to share but every weight is zero")]
    NoWeight {
        /// The seats.
        seats: u32,
    },
    /// More seats than [`MAX_SEATS`].
    #[error("{seats} seats is more than the {MAX_SEATS} huanjie apportions at once")]
    TooManySeats {
        /// The seats asked for.
        seats: u32,
    },
    /// No groups at all but seats to share.
    #[error("{seats} seats to share among no groups")]
    NoGroups {
        /// The seats.
        seats: u32,
    },
}

/// Shares `seats` among `claims` by `method`. The seats always add up to `seats`.
pub fn apportion(
    claims: &[Claim],
    seats: u32,
    method: Method,
) -> Result<Apportionment, ApportionError> {
    if seats > MAX_SEATS {
        return Err(ApportionError::TooManySeats { seats });
    }
    for (index, c) in claims.iter().enumerate() {
        if c.weight < 0 {
            return Err(ApportionError::NegativeWeight { index });
        }
        if c.weight > MAX_WEIGHT {
            return Err(ApportionError::WeightTooLarge { index });
        }
    }
    if claims.is_empty() && seats > 0 {
        return Err(ApportionError::NoGroups { seats });
    }
    let minimum: u64 = claims.iter().map(|c| u64::from(c.min_seats)).sum();
    if minimum > u64::from(seats) {
        return Err(ApportionError::MinimumsExceedSeats { minimum, seats });
    }
    let weights: Vec<u64> = claims.iter().map(|c| c.weight.unsigned_abs()).collect();
    let total: u64 = weights.iter().sum();
    if total == 0 && minimum < u64::from(seats) {
        return Err(ApportionError::NoWeight { seats });
    }
    let mut given: Vec<u32> = claims.iter().map(|c| c.min_seats).collect();
    let mut tie = vec![false; claims.len()];
    match method {
        Method::Hamilton => hamilton(&weights, seats, &mut given, &mut tie),
        _ => divisor(&weights, seats, method, &mut given, &mut tie),
    }
    let shares = claims
        .iter()
        .zip(given)
        .zip(tie)
        .zip(&weights)
        .map(|(((c, s), t), &w)| Share {
            group: c.group.clone(),
            weight: w,
            min_seats: c.min_seats,
            quota: reduce(u128::from(w) * u128::from(seats), u128::from(total)),
            seats: s,
            tie: t,
        })
        .collect();
    Ok(Apportionment {
        method,
        seats,
        shares,
    })
}

fn reduce(num: u128, den: u128) -> (u128, u128) {
    let (mut a, mut b) = (num, den);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    match (num.checked_div(a), den.checked_div(a)) {
        (Some(n), Some(d)) => (n, d),
        _ => (num, den),
    }
}

/// The order in which ties are broken: larger weight first, then earlier input.
fn tie_order(weights: &[u64], a: usize, b: usize) -> Ordering {
    weights[b].cmp(&weights[a]).then(a.cmp(&b))
}

/// Largest remainder. Groups whose minimum is above their whole quota keep the minimum and
/// drop out; the rest share the remaining seats by their own quotas, until no minimum binds.
fn hamilton(weights: &[u64], seats: u32, given: &mut [u32], tie: &mut [bool]) {
    let n = weights.len();
    let mut fixed = vec![false; n];
    loop {
        let free: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
        let fixed_seats: u64 = (0..n)
            .filter(|&i| fixed[i])
            .map(|i| u64::from(given[i]))
            .sum();
        let house = u64::from(seats) - fixed_seats;
        let total: u64 = free.iter().map(|&i| weights[i]).sum();
        if free.is_empty() {
            return;
        }
        if total == 0 {
            // Only minimums remain to be given (checked by the caller).
            return;
        }
        let scaled = |i: usize| u128::from(weights[i]) * u128::from(house);
        let mut lower: Vec<(usize, u64, u128)> = free
            .iter()
            .map(|&i| {
                let q = scaled(i);
                (i, (q / u128::from(total)) as u64, q % u128::from(total))
            })
            .collect();
        // A minimum that binds: fix it and share again without it.
        let mut binding = false;
        for &(i, floor, _) in &lower {
            if u64::from(given[i]) > floor {
                fixed[i] = true;
                binding = true;
            }
        }
        if binding {
            continue;
        }
        let left = house - lower.iter().map(|l| l.1).sum::<u64>();
        lower.sort_by(|a, b| b.2.cmp(&a.2).then(tie_order(weights, a.0, b.0)));
        for &(i, floor, _) in &lower {
            given[i] = u32::try_from(floor).unwrap_or(u32::MAX);
        }
        let cut = left as usize;
        for &(i, _, _) in lower.iter().take(cut) {
            given[i] += 1;
        }
        // A tie decided a seat when the last remainder served equals the first not served.
        if cut > 0
            && let (Some(last), Some(next)) = (lower.get(cut - 1), lower.get(cut))
            && last.2 == next.2
        {
            for l in lower.iter().filter(|l| l.2 == last.2) {
                tie[l.0] = true;
            }
        }
        return;
    }
}

/// The priority `weight ÷ d(s)` of a group holding `s` seats, compared exactly.
#[derive(Clone, Copy)]
struct Priority {
    weight: u64,
    seats: u32,
    method: Method,
}

impl Priority {
    /// Compares `a.weight / d(a.seats)` with `b.weight / d(b.seats)`.
    fn cmp(a: Priority, b: Priority) -> Ordering {
        let (wa, wb) = (u128::from(a.weight), u128::from(b.weight));
        let (sa, sb) = (u128::from(a.seats), u128::from(b.seats));
        match a.method {
            Method::DHondt => (wa * (sb + 1)).cmp(&(wb * (sa + 1))),
            Method::SainteLague => (wa * (2 * sb + 1)).cmp(&(wb * (2 * sa + 1))),
            Method::HuntingtonHill => {
                // d(0) = 0: a group with weight and no seat has infinite priority; among those,
                // the larger weight (by the tie rule) comes first.
                let (da, db) = (sa * (sa + 1), sb * (sb + 1));
                match (da == 0 && wa > 0, db == 0 && wb > 0) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    // wa/√da vs wb/√db ⇔ wa²·db vs wb²·da (weights ≤ 10¹², seats ≤ 10⁶: < 2¹²⁶).
                    (false, false) => (wa * wa * db).cmp(&(wb * wb * da)),
                }
            }
            Method::Hamilton => Ordering::Equal,
        }
    }
}

/// A group's next seat in the queue of [`divisor`]: its priority, then the tie rule (the larger
/// weight, then the earlier group).
#[derive(Clone, Copy)]
struct Next {
    group: usize,
    priority: Priority,
}

impl PartialEq for Next {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Next {}

impl PartialOrd for Next {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Next {
    fn cmp(&self, other: &Self) -> Ordering {
        Priority::cmp(self.priority, other.priority)
            .then(self.priority.weight.cmp(&other.priority.weight))
            .then(other.group.cmp(&self.group))
    }
}

/// Highest averages: every group's seats are its minimum or the number of its priorities above
/// one threshold (a state the seat-by-seat definition passes through, found in O(groups · log)
/// by [`start`]), then the last seats one by one from a priority queue, so that a million seats
/// among a thousand groups cost a few thousand queue steps rather than a million.
fn divisor(weights: &[u64], seats: u32, method: Method, given: &mut [u32], tie: &mut [bool]) {
    let minimums = given.to_vec();
    if let Some(begun) = start(weights, seats, method, &minimums) {
        given.copy_from_slice(&begun);
    }
    by_queue(weights, seats, method, given);
    flag_ties(weights, method, &minimums, given, tie);
}

/// `weight ÷ d(s)` of group `i` holding `s` seats.
fn priority(weights: &[u64], method: Method, i: usize, s: u32) -> Priority {
    Priority {
        weight: weights[i],
        seats: s,
        method,
    }
}

/// Seat by seat from `given` to `seats`, the groups in a priority queue: each seat costs
/// O(log groups).
fn by_queue(weights: &[u64], seats: u32, method: Method, given: &mut [u32]) {
    let n = weights.len();
    let given_now: u64 = given.iter().map(|&s| u64::from(s)).sum();
    let mut queue: std::collections::BinaryHeap<Next> = (0..n)
        .filter(|&i| weights[i] > 0)
        .map(|i| Next {
            group: i,
            priority: priority(weights, method, i, given[i]),
        })
        .collect();
    for _ in given_now..u64::from(seats) {
        let Some(best) = queue.pop() else { return };
        let b = best.group;
        given[b] = given[b].saturating_add(1);
        queue.push(Next {
            group: b,
            priority: priority(weights, method, b, given[b]),
        });
    }
}

/// Flags the groups of a tie that decided a seat: the last seat given (the smallest of the
/// seats above the minimums, in the queue's order) has the priority of a seat not given.
fn flag_ties(weights: &[u64], method: Method, minimums: &[u32], given: &[u32], tie: &mut [bool]) {
    let n = weights.len();
    let prio = |i: usize, s: u32| priority(weights, method, i, s);
    let last = (0..n)
        .filter(|&i| given[i] > minimums[i])
        .map(|i| Next {
            group: i,
            priority: prio(i, given[i] - 1),
        })
        .min();
    let Some(last) = last else { return };
    let cut = last.priority;
    let tied_next = (0..n)
        .filter(|&i| weights[i] > 0)
        .any(|i| Priority::cmp(prio(i, given[i]), cut).is_eq());
    if tied_next {
        for i in 0..n {
            let holds = given[i] > 0 && Priority::cmp(prio(i, given[i] - 1), cut).is_eq();
            let next = weights[i] > 0 && Priority::cmp(prio(i, given[i]), cut).is_eq();
            if holds || next {
                tie[i] = true;
            }
        }
    }
}

/// A state of the seat-by-seat definition close to the end: each group holds its minimum or
/// the number of its priorities strictly above a threshold `t`, whichever is more. Every seat
/// with a priority above `t` comes before every seat at or below it whatever the tie rule, so
/// the definition passes through this state when it has given no more than `seats`. The
/// threshold is the priority of one seat of the heaviest group, found by bisection in floating
/// point to leave about one seat per group to the queue; the counts are then made exact with
/// exact comparisons. `None` when no such state is found (the queue then starts from the
/// minimums).
fn start(weights: &[u64], seats: u32, method: Method, minimums: &[u32]) -> Option<Vec<u32>> {
    let n = weights.len();
    let heaviest = (0..n).max_by(|&a, &b| tie_order(weights, b, a))?;
    let top = weights[heaviest];
    if top == 0 {
        return None;
    }
    let floor: u64 = minimums.iter().map(|&m| u64::from(m)).sum();
    let room = u64::from(seats).checked_sub(floor)?;
    let target = u64::from(seats).saturating_sub(u64::try_from(n).ok()?);
    if room <= u64::try_from(n).ok()? || target <= floor {
        return None;
    }
    let estimate = |t: f64| -> u64 {
        (0..n)
            .map(|i| u64::from(minimums[i].max(count_estimate(method, weights[i], t, seats))))
            .sum()
    };
    // The largest threshold gives the fewest seats: find the smallest with at most `target`.
    let (mut low, mut high) = (1e-9_f64, (top as f64) * 4.0 + 1.0);
    for _ in 0..80 {
        let mid = (low * high).sqrt();
        if estimate(mid) > target {
            low = mid;
        } else {
            high = mid;
        }
    }
    let mut k = count_estimate(method, top, high, seats);
    for _ in 0..4 {
        let t = priority(weights, method, heaviest, k);
        let counts: Vec<u32> = (0..n)
            .map(|i| {
                let guess = count_estimate(method, weights[i], high, seats);
                minimums[i].max(count_above(weights, method, i, t, guess, seats))
            })
            .collect();
        if counts.iter().map(|&c| u64::from(c)).sum::<u64>() <= u64::from(seats) {
            return Some(counts);
        }
        k /= 2;
    }
    None
}

/// How many of a group's priorities `weight ÷ d(s)` are above `t`, in floating point: a guess
/// that [`count_above`] makes exact. Never above `cap`.
fn count_estimate(method: Method, weight: u64, t: f64, cap: u32) -> u32 {
    if weight == 0 {
        return 0;
    }
    let x = weight as f64 / t;
    let count = match method {
        Method::DHondt => (x.ceil() - 1.0).max(0.0),
        Method::SainteLague => ((x - 1.0) / 2.0).ceil().max(0.0),
        Method::HuntingtonHill => {
            let r = ((1.0 + 4.0 * x * x).sqrt() - 1.0) / 2.0;
            1.0 + (r.ceil() - 1.0).max(0.0)
        }
        Method::Hamilton => 0.0,
    };
    if count.is_finite() && count < f64::from(cap) {
        count as u32
    } else {
        cap
    }
}

/// The number of seats `s` (at most `cap`) whose priority for group `i` is strictly above
/// `t`, exactly: from `guess`, stepped down or up with exact comparisons (priorities fall as
/// `s` grows).
fn count_above(
    weights: &[u64],
    method: Method,
    i: usize,
    t: Priority,
    guess: u32,
    cap: u32,
) -> u32 {
    if weights[i] == 0 {
        return 0;
    }
    let above = |s: u32| Priority::cmp(priority(weights, method, i, s), t).is_gt();
    let mut g = guess.min(cap);
    while g > 0 && !above(g - 1) {
        g -= 1;
    }
    while g < cap && above(g) {
        g += 1;
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(ws: &[i64]) -> Vec<Claim> {
        ws.iter()
            .enumerate()
            .map(|(i, &w)| Claim {
                group: format!("g{i}"),
                weight: w,
                min_seats: 0,
            })
            .collect()
    }

    fn seats(a: &Apportionment) -> Vec<u32> {
        a.shares.iter().map(|s| s.seats).collect()
    }

    #[test]
    fn textbook_examples() {
        // The classic 4-party example: votes 100k, 80k, 30k, 20k for 8 seats.
        let c = claims(&[100_000, 80_000, 30_000, 20_000]);
        assert_eq!(
            seats(&apportion(&c, 8, Method::DHondt).unwrap()),
            [4, 3, 1, 0]
        );
        assert_eq!(
            seats(&apportion(&c, 8, Method::SainteLague).unwrap()),
            [3, 3, 1, 1]
        );
        assert_eq!(
            seats(&apportion(&c, 8, Method::Hamilton).unwrap()),
            [3, 3, 1, 1]
        );
        // Huntington–Hill gives every group a first seat.
        assert_eq!(
            seats(&apportion(&c, 8, Method::HuntingtonHill).unwrap()),
            [3, 3, 1, 1]
        );
    }

    #[test]
    fn ties_are_flagged_and_broken_by_weight_then_order() {
        let c = claims(&[10, 10, 10]);
        let a = apportion(&c, 2, Method::Hamilton).unwrap();
        assert_eq!(seats(&a), [1, 1, 0]);
        assert!(a.shares.iter().all(|s| s.tie));
        let a = apportion(&c, 3, Method::DHondt).unwrap();
        assert_eq!(seats(&a), [1, 1, 1]);
        assert!(!a.has_ties());
    }

    #[test]
    fn errors() {
        assert_eq!(
            apportion(&claims(&[5, -1]), 3, Method::Hamilton),
            Err(ApportionError::NegativeWeight { index: 1 })
        );
        let mut c = claims(&[5, 5]);
        c[0].min_seats = 2;
        c[1].min_seats = 2;
        assert!(matches!(
            apportion(&c, 3, Method::DHondt),
            Err(ApportionError::MinimumsExceedSeats {
                minimum: 4,
                seats: 3
            })
        ));
        assert!(matches!(
            apportion(&claims(&[0, 0]), 3, Method::SainteLague),
            Err(ApportionError::NoWeight { .. })
        ));
    }

    #[test]
    fn minimums_are_kept() {
        let mut c = claims(&[1000, 10, 10]);
        c[1].min_seats = 1;
        c[2].min_seats = 1;
        for m in [
            Method::Hamilton,
            Method::DHondt,
            Method::SainteLague,
            Method::HuntingtonHill,
        ] {
            let a = apportion(&c, 10, m).unwrap();
            assert_eq!(seats(&a), [8, 1, 1], "{m}");
        }
    }

    /// The definition, seat by seat with a scan of every group: the oracle of [`divisor`].
    /// Ties as the definition states them: the last seat given had the priority of a seat left.
    fn divisor_by_scan(
        weights: &[u64],
        seats: u32,
        method: Method,
        given: &mut [u32],
        tie: &mut [bool],
    ) {
        let n = weights.len();
        let given_now: u64 = given.iter().map(|&s| u64::from(s)).sum();
        let prio = |i: usize, s: u32| Priority {
            weight: weights[i],
            seats: s,
            method,
        };
        // Largest priority first, ties by weight then input order.
        let better = |a: usize, sa: u32, b: usize, sb: u32| {
            Priority::cmp(prio(a, sa), prio(b, sb)).then(tie_order(weights, b, a))
        };
        let mut last = None;
        for _ in given_now..u64::from(seats) {
            let best = (0..n).filter(|&i| weights[i] > 0).reduce(|a, b| {
                if better(b, given[b], a, given[a]) == Ordering::Greater {
                    b
                } else {
                    a
                }
            });
            let Some(b) = best else { break };
            last = Some((b, given[b]));
            given[b] += 1;
        }
        let Some((b, s)) = last else { return };
        let cut = prio(b, s);
        let same = |i: usize, s: u32| Priority::cmp(prio(i, s), cut).is_eq();
        if (0..n).any(|i| weights[i] > 0 && same(i, given[i])) {
            for i in 0..n {
                tie[i] = (given[i] > 0 && same(i, given[i] - 1))
                    || (weights[i] > 0 && same(i, given[i]));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// The queue gives every group the seats the definition does, ties (equal weights,
        /// equal priorities) included.
        #[test]
        fn the_queue_agrees_with_the_scan(
            weights in proptest::collection::vec(0u64..12, 1..9),
            minimums in proptest::collection::vec(0u32..3, 9),
            extra in 0u32..50,
        ) {
            agrees(&weights, &minimums[..weights.len()], extra)?;
        }

        /// The same with heavier weights and more seats, where the start above a threshold does
        /// most of the work: the seats are the definition's, the ties the queue's alone.
        #[test]
        fn the_start_agrees_with_the_scan(
            weights in proptest::collection::vec(
                proptest::prop_oneof![0u64..5, 1u64..1_000_000, Just(600_000u64)], 1..40),
            minimums in proptest::collection::vec(
                proptest::prop_oneof![Just(0u32), 0u32..40], 40),
            extra in 0u32..4000,
        ) {
            agrees(&weights, &minimums[..weights.len()], extra)?;
        }
    }

    use proptest::prelude::Just;

    fn agrees(
        weights: &[u64],
        minimums: &[u32],
        extra: u32,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        for method in [Method::DHondt, Method::SainteLague, Method::HuntingtonHill] {
            let seats = minimums.iter().sum::<u32>() + extra;
            let (mut fast, mut slow, mut queued) =
                (minimums.to_vec(), minimums.to_vec(), minimums.to_vec());
            let (mut tie, mut slow_tie) = (vec![false; weights.len()], vec![false; weights.len()]);
            divisor(weights, seats, method, &mut fast, &mut tie);
            divisor_by_scan(weights, seats, method, &mut slow, &mut slow_tie);
            by_queue(weights, seats, method, &mut queued);
            proptest::prop_assert_eq!(&fast, &slow, "{:?}", method);
            proptest::prop_assert_eq!(&queued, &slow, "{:?}", method);
            proptest::prop_assert_eq!(tie, slow_tie, "{:?}", method);
        }
        Ok(())
    }

    /// A million seats among a thousand groups: the start leaves the queue about a seat per
    /// group, and the seats add up.
    #[test]
    fn a_million_seats() {
        let weights: Vec<u64> = (1..=1000u64).map(|i| i * i % 9973 + 1).collect();
        let minimums = vec![0u32; weights.len()];
        for method in [Method::DHondt, Method::SainteLague, Method::HuntingtonHill] {
            let begun = start(&weights, MAX_SEATS, method, &minimums).unwrap();
            let sum: u64 = begun.iter().map(|&s| u64::from(s)).sum();
            assert!(
                sum <= u64::from(MAX_SEATS) && sum + 3000 >= u64::from(MAX_SEATS),
                "{method} {sum}"
            );
            let mut given = minimums.clone();
            divisor(
                &weights,
                MAX_SEATS,
                method,
                &mut given,
                &mut vec![false; weights.len()],
            );
            assert_eq!(
                given.iter().map(|&s| u64::from(s)).sum::<u64>(),
                u64::from(MAX_SEATS)
            );
        }
    }
}
