//! Who is elected on one count sheet: the statutory thresholds applied role by role, ties at
//! the last seat left unresolved, and the candidates of the second round (村民委员会组织法
//! art. 15; docs/domain.md §7).
//!
//! Pure functions over one sheet's marks: no tables, no errors — the sheet has been checked
//! before it gets here.

use crate::id::ResidentId;
use crate::roster::Role;
use std::sync::Arc;

/// The roles a 村委会, 居委会 or supervision committee election fills, in the order seats are
/// decided (and votes are added downward when the pack says so).
pub const ROLES: [Role; 3] = [Role::Director, Role::DeputyDirector, Role::Member];

/// The position of a role in [`ROLES`].
pub fn role_index(role: Role) -> Option<usize> {
    ROLES.iter().position(|r| *r == role)
}

/// Who a vote is for: a person by ID number, or a write-in (另选他人) known only by name.
/// Ordered as the numbers read (persons first), then names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Candidate {
    /// A person with a valid ID number.
    Id(ResidentId),
    /// A write-in by name only.
    Name(Arc<str>),
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            (Candidate::Id(a), Candidate::Id(b)) => a.to_bytes().cmp(&b.to_bytes()),
            (Candidate::Id(_), Candidate::Name(_)) => std::cmp::Ordering::Less,
            (Candidate::Name(_), Candidate::Id(_)) => std::cmp::Ordering::Greater,
            (Candidate::Name(a), Candidate::Name(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Candidate {
    /// The ID number, when known.
    pub fn id(&self) -> Option<ResidentId> {
        match self {
            Candidate::Id(id) => Some(*id),
            Candidate::Name(_) => None,
        }
    }
}

/// One candidate's marks on one sheet: votes per role of [`ROLES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    /// The candidate.
    pub candidate: Candidate,
    /// Votes for director, deputy director, member (`None`: no row for that role).
    pub votes: [Option<u64>; 3],
    /// The `votes` row of each.
    pub rows: [Option<u32>; 3],
    /// Whether the votes for that role were for a person not standing for it (另选他人: not on
    /// the slate, or in a second round not among its candidates).
    pub write_in: [bool; 3],
    /// Whether the votes for that role may not count (a write-in where the pack allows none).
    pub barred: [bool; 3],
}

impl Marks {
    /// The candidate's total for role `r`: its own votes, plus (adding downward) the votes for
    /// the roles above it. `None` when the candidate is not in that role's count at all.
    pub fn total(&self, r: usize, add_downward: bool) -> Option<u64> {
        let own = self.votes.get(r).copied().flatten();
        if !add_downward {
            return own.filter(|_| !self.barred.get(r).copied().unwrap_or(true));
        }
        let mut any = false;
        let mut sum = 0u64;
        for i in 0..=r.min(2) {
            if let Some(v) = self.votes[i]
                && !self.barred[i]
            {
                any = true;
                sum = sum.saturating_add(v);
            }
        }
        any.then_some(sum)
    }
}

/// A candidate's standing for one role: the index into the sheet's marks and the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Index into the marks.
    pub marks: usize,
    /// The role.
    pub role: usize,
    /// The total counted for the role.
    pub votes: u64,
}

/// Candidates tied at the last seat(s) of a role: none of them is elected, and the seats they
/// contest stay unfilled (never broken silently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    /// The role.
    pub role: usize,
    /// The votes each of them has.
    pub votes: u64,
    /// The seats they contest.
    pub seats: u64,
    /// The tied candidates (indexes into the marks).
    pub marks: Vec<usize>,
}

/// The result of one round on one sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Outcome {
    /// Those elected, role by role, highest first.
    pub elected: Vec<Standing>,
    /// Seats left per role.
    pub unfilled: [u64; 3],
    /// Ties at the last seat.
    pub ties: Vec<Tie>,
}

/// Elects, role by role in the order of [`ROLES`], the candidates whose total `qualifies`,
/// highest first, up to the seats — skipping anyone already elected (in this round or in
/// `excluded`). When the last seats cannot be given without choosing among candidates with
/// equal totals, none of those is elected and the seats stay unfilled.
pub fn elect(
    marks: &[Marks],
    seats: [u64; 3],
    qualifies: impl Fn(u64) -> bool,
    add_downward: bool,
    excluded: impl Fn(usize) -> bool,
) -> Outcome {
    let mut out = Outcome::default();
    let mut taken = vec![false; marks.len()];
    for (r, &want) in seats.iter().enumerate() {
        if want == 0 {
            continue;
        }
        let mut field: Vec<Standing> = ranked(marks, r, add_downward, |i| taken[i] || excluded(i))
            .into_iter()
            .filter(|s| qualifies(s.votes))
            .collect();
        let k = usize::try_from(want).unwrap_or(usize::MAX);
        if field.len() > k {
            let cut = field[k - 1].votes;
            if field[k].votes == cut {
                let tied: Vec<usize> = field
                    .iter()
                    .filter(|s| s.votes == cut)
                    .map(|s| s.marks)
                    .collect();
                field.retain(|s| s.votes > cut);
                out.ties.push(Tie {
                    role: r,
                    votes: cut,
                    seats: want - field.len() as u64,
                    marks: tied,
                });
            } else {
                field.truncate(k);
            }
        }
        for s in &field {
            taken[s.marks] = true;
        }
        out.unfilled[r] = want - field.len() as u64;
        out.elected.extend(field);
    }
    out
}

/// Everyone in role `r`'s count not `skip`ped, highest total first (then by candidate, so the
/// listing does not depend on row order).
pub fn ranked(
    marks: &[Marks],
    r: usize,
    add_downward: bool,
    skip: impl Fn(usize) -> bool,
) -> Vec<Standing> {
    let mut v: Vec<Standing> = marks
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip(*i))
        .filter_map(|(i, m)| {
            m.total(r, add_downward).map(|votes| Standing {
                marks: i,
                role: r,
                votes,
            })
        })
        .collect();
    v.sort_by(|a, b| {
        b.votes
            .cmp(&a.votes)
            .then_with(|| marks[a.marks].candidate.cmp(&marks[b.marks].candidate))
    });
    v
}

/// The second-round (另行选举) candidates of each role left with unfilled seats: the highest
/// of those not elected, as many as the unfilled seats plus one, plus anyone tied with the
/// last of them (docs/domain.md §7).
pub fn runoff(marks: &[Marks], outcome: &Outcome, add_downward: bool) -> Vec<Standing> {
    let elected: Vec<usize> = outcome.elected.iter().map(|s| s.marks).collect();
    let mut out = Vec::new();
    for (r, &left) in outcome.unfilled.iter().enumerate() {
        if left == 0 {
            continue;
        }
        let field = ranked(marks, r, add_downward, |i| elected.contains(&i));
        let n = usize::try_from(left + 1).unwrap_or(usize::MAX);
        let Some(last) = field
            .get(n.min(field.len()).saturating_sub(1))
            .map(|s| s.votes)
        else {
            continue;
        };
        out.extend(
            field
                .iter()
                .enumerate()
                .take_while(|(i, s)| *i < n || s.votes == last)
                .map(|(_, s)| *s),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, d: Option<u64>, dd: Option<u64>, mem: Option<u64>) -> Marks {
        Marks {
            candidate: Candidate::Name(name.into()),
            votes: [d, dd, mem],
            rows: [None; 3],
            write_in: [false; 3],
            barred: [false; 3],
        }
    }

    #[test]
    fn more_than_half_and_ties() {
        let voted = 100;
        let half = |v: u64| 2 * v > voted;
        let marks = vec![m("a", Some(50), None, None), m("b", Some(51), None, None)];
        let o = elect(&marks, [1, 0, 0], half, false, |_| false);
        assert_eq!(o.elected.len(), 1);
        assert_eq!(o.elected[0].marks, 1);
        // Exactly half loses.
        let o = elect(&marks[..1], [1, 0, 0], half, false, |_| false);
        assert_eq!(o.unfilled, [1, 0, 0]);
        // A tie at the last seat: nobody elected, the seat unfilled.
        let marks = vec![
            m("a", None, None, Some(70)),
            m("b", None, None, Some(60)),
            m("c", None, None, Some(60)),
        ];
        let o = elect(&marks, [0, 0, 2], half, false, |_| false);
        assert_eq!(o.elected.len(), 1);
        assert_eq!(o.unfilled, [0, 0, 1]);
        assert_eq!(o.ties[0].marks, vec![1, 2]);
        let r = runoff(&marks, &o, false);
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn adding_downward_skips_those_elected() {
        let voted = 100;
        let half = |v: u64| 2 * v > voted;
        let marks = vec![
            m("a", Some(80), None, None),
            m("b", Some(30), Some(25), None),
        ];
        let o = elect(&marks, [1, 1, 0], half, true, |_| false);
        assert_eq!(o.elected.len(), 2);
        assert_eq!(o.elected[1].votes, 55);
        let o = elect(&marks, [1, 1, 0], half, false, |_| false);
        assert_eq!(o.elected.len(), 1);
    }
}
