//! The nomination stage's results: per unit, body and role the nominees ranked, with who
//! became a formal candidate (正式候选人); the participation figures; findings; a summary
//! (docs/domain.md §7).

use super::participation::Participation;
use crate::division::DivisionCode;
use crate::finding::{Finding, ParamUse};
use crate::id::ResidentId;
use crate::roster::{Body, Role};
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

/// What the count of nominations made of a nominee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NomineeOutcome {
    /// A formal candidate (正式候选人).
    Formal,
    /// Not among the most nominated.
    NotFormal,
    /// Tied with others across the cut of the slate: not taken (a tie is never broken).
    Tied,
    /// No slate could be made (the units table gives no seats for the role).
    Undecided,
}

impl NomineeOutcome {
    /// The English code.
    pub fn as_str(self) -> &'static str {
        match self {
            NomineeOutcome::Formal => "formal",
            NomineeOutcome::NotFormal => "not_formal",
            NomineeOutcome::Tied => "tied",
            NomineeOutcome::Undecided => "undecided",
        }
    }
    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            NomineeOutcome::Formal => "正式候选人",
            NomineeOutcome::NotFormal => "未确定为正式候选人",
            NomineeOutcome::Tied => "票数相同未确定",
            NomineeOutcome::Undecided => "无职数，未确定",
        }
    }
}

/// One nominee of one slate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Nominee {
    /// The nominee.
    pub id: ResidentId,
    /// The name the table gives.
    pub name: Option<Arc<str>>,
    /// Nominations: distinct persons + counted + organisations.
    pub nominations: u64,
    /// Distinct nominator persons.
    pub persons: u64,
    /// Nominators given as a number.
    pub counted: u64,
    /// Organisations' nominations.
    pub organisations: u64,
    /// 1 + the nominees of the slate with more nominations.
    pub rank: u32,
    /// What the count made of them.
    pub outcome: NomineeOutcome,
    /// The `nominations` rows that count for them.
    pub rows: Vec<u32>,
}

/// One unit's slate for one role of one body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Slate {
    /// The unit.
    pub unit_code: DivisionCode,
    /// The body.
    pub body: Body,
    /// The role.
    pub role: Role,
    /// The day whose pack values applied (the unit's election day, else the run's `as_of`).
    pub as_of: NaiveDate,
    /// The seats (the units table's); `None` when it gives none.
    pub seats: Option<u64>,
    /// The least margin (差额).
    pub margin_min: u64,
    /// The largest margin.
    pub margin_max: u64,
    /// Formal candidates.
    pub formal: u64,
    /// The nominees, most nominated first (then in ID order).
    pub nominees: Vec<Nominee>,
}

/// Counts over the whole stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NominationSummary {
    /// Rows of the nominations table.
    pub rows: u64,
    /// Rows that do not count (an unreadable or missing cell: a NOM-ROW finding each).
    pub rows_not_counted: u64,
    /// Slates (unit, body, role).
    pub slates: u64,
    /// Nominees (per slate).
    pub nominees: u64,
    /// Formal candidates.
    pub formal: u64,
    /// Nominees tied across a cut.
    pub tied: u64,
    /// Slates with fewer candidates than seats plus the least margin.
    pub short_slates: u64,
    /// Findings.
    pub findings: u64,
}

/// The result of the count of nominations (empty by default).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct NominationReport {
    /// One per unit, body and role, in that order.
    pub slates: Vec<Slate>,
    /// Who took part (see [`super::participation`]).
    pub participation: Vec<Participation>,
    /// Findings: rows that do not count, ties at a cut, short slates, roles without seats.
    pub findings: Vec<Finding>,
    /// The summary.
    pub summary: NominationSummary,
    /// The pack values used, once each.
    pub parameters: Vec<ParamUse>,
}

impl NominationReport {
    /// Whether nothing but warnings was found (exit status 0).
    pub fn all_clear(&self) -> bool {
        self.findings
            .iter()
            .all(|f| f.severity == crate::rules::Severity::Warning)
    }
}
