//! The count's results: per unit, body and round, and a summary (docs/tables.md, issue "the count").

use super::elect::Candidate;
use crate::division::DivisionCode;
use crate::finding::{Finding, ParamUse};
use crate::ratio::Ratio;
use crate::roster::{Body, Role};
use chrono::NaiveDate;
use serde::Serialize;

/// Why a round does not stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Not more than half of the registered voters voted (组织法 art. 15: "过半数").
    Turnout,
    /// More voters voted than are registered.
    VotedExceedsRegistered,
    /// More ballots returned than voters who voted: the election is void.
    BallotsExceedVoted,
    /// More ballots returned than issued: the election is void.
    BallotsExceedIssued,
    /// A second round after a first round that did not stand (a void election is held again,
    /// not continued by 另行选举).
    FirstRoundInvalid,
}

impl Reason {
    /// The reason in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Reason::Turnout => "参加投票的选民未过登记选民半数",
            Reason::VotedExceedsRegistered => "参加投票人数多于登记选民数",
            Reason::BallotsExceedVoted => "收回选票多于投票人数，选举无效",
            Reason::BallotsExceedIssued => "收回选票多于发出选票，选举无效",
            Reason::FirstRoundInvalid => "第一轮选举无效，应重新选举而非另行选举",
        }
    }
}

/// One person's count for a role: elected, or a second-round candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// Who.
    pub candidate: Candidate,
    /// The role.
    pub role: Role,
    /// The votes counted for the role (with votes added downward when the pack says so).
    pub votes: u64,
    /// The `votes` row of the role's own count (`None` when the total comes only from roles
    /// above).
    pub row: Option<u32>,
    /// Whether the person was not on the slate (另选他人).
    pub write_in: bool,
}

/// Candidates tied at the last seat(s) of a role: the seats stay unfilled.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TieEntry {
    /// The role.
    pub role: Role,
    /// The votes each has.
    pub votes: u64,
    /// The seats they contest.
    pub seats: u64,
    /// The tied candidates.
    pub candidates: Vec<Candidate>,
}

/// One round of one body's election in one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoundResult {
    /// The unit.
    pub unit_code: DivisionCode,
    /// The body elected.
    pub body: Body,
    /// 1 (first ballot) or 2 (另行选举).
    pub round: u8,
    /// The `tallies` row.
    pub tally_row: u32,
    /// The day whose pack values applied (the unit's election day, else the run's `as_of`).
    pub as_of: NaiveDate,
    /// Whether the round stands.
    pub valid: bool,
    /// Why not, when it does not.
    pub reasons: Vec<Reason>,
    /// Registered voters.
    pub registered: u64,
    /// Voters who voted.
    pub voted: u64,
    /// Ballots returned.
    pub ballots_returned: u64,
    /// Invalid ballots, when the tally gives them.
    pub ballots_invalid: Option<u64>,
    /// The seats contested per role (in the order of [`ROLES`]).
    pub seats: [u64; 3],
    /// Those elected in this round.
    pub elected: Vec<Entry>,
    /// Seats left after this round, per role.
    pub unfilled: [u64; 3],
    /// After a first round with seats left: the second-round candidates.
    pub runoff: Vec<Entry>,
    /// Ties at the last seat.
    pub ties: Vec<TieEntry>,
}

impl RoundResult {
    /// voted ÷ registered.
    pub fn turnout(&self) -> Ratio {
        Ratio::new(self.voted, self.registered)
    }
    /// Seats left after the round, all roles.
    pub fn unfilled_total(&self) -> u64 {
        self.unfilled.iter().sum()
    }
}

/// Counts over the whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CountSummary {
    /// Elections counted (one per unit and body).
    pub elections: u64,
    /// Elections whose first round stands.
    pub valid_first_round: u64,
    /// Elections that do not stand (first round invalid, or its second round invalid).
    pub invalid: u64,
    /// Elections whose first round stands and fills every seat (一次选举成功).
    pub first_ballot_success: Ratio,
    /// Seats to fill.
    pub seats: u64,
    /// Seats filled after the last round.
    pub filled: u64,
    /// Seats left after the last round.
    pub unfilled: u64,
    /// Ties at a last seat, all rounds.
    pub ties: u64,
    /// Findings (no woman elected, write-ins, registered voters that disagree).
    pub findings: u64,
}

/// The result of a count (empty by default: no elections counted).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CountReport {
    /// One per unit, body and round, in unit, body, round order.
    pub rounds: Vec<RoundResult>,
    /// Unit-level findings.
    pub findings: Vec<Finding>,
    /// The summary.
    pub summary: CountSummary,
    /// The pack values used, once each.
    pub parameters: Vec<ParamUse>,
}

impl CountReport {
    /// Whether every election stands, every seat is filled after the last round and nothing
    /// but warnings was found (exit status 0).
    pub fn all_clear(&self) -> bool {
        self.summary.invalid == 0
            && self.summary.unfilled == 0
            && self
                .findings
                .iter()
                .all(|f| f.severity == crate::rules::Severity::Warning)
    }
}
