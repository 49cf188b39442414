//! The count (计票): from the tally sheets and the votes to who is elected, round by round —
//! and recall (罢免). 村民委员会组织法 arts. 15–16; docs/domain.md §7.
//!
//! - An election stands when more than half of the registered voters voted (`2·voted >
//!   registered`) and no more ballots came back than voters voted (or ballots were issued —
//!   a pack value per body); otherwise it is void.
//! - In the first round a candidate wins with more than half of the votes of those who voted
//!   (`2·votes > voted`), highest first, up to the seats of the role.
//! - Seats left go to a second round (另行选举) among the highest losers — the unfilled seats
//!   plus one, plus anyone tied at the cut-off — where the most votes win with at least one
//!   third of the ballots cast (`3·votes ≥ returned`, the base a pack value).
//! - A tie at the last seat is never broken: the tied candidates are reported and the seat
//!   counts as unfilled.

mod elect;
mod recall;
mod report;
mod rules;
mod run;
mod tables;

pub use elect::{Candidate, ROLES, role_index};
pub use recall::{Proposers, Recall, RecallInput, recall};
pub use report::{CountReport, CountSummary, Entry, Reason, RoundResult, TieEntry};
pub use run::{CountInput, count};
pub use tables::{Tallies, TallyRow, VoteRow, Votes, parse_count, parse_round};
