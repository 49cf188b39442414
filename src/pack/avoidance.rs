//! Close-relative avoidance rules (docs/domain.md §5.2) as pack data: which bodies a rule pairs,
//! which relation set counts, and on whom a finding falls with what severity. The pairing
//! itself is the kinship mechanism's (see `kinship::avoidance`).

use crate::roster::{Body, Status};
use crate::rules::Severity;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The roster rows one side of an avoidance rule covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seats {
    /// The bodies.
    pub bodies: Vec<Body>,
    /// Only rows of this status (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// On whom an avoidance finding falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FallsOn {
    /// The row of the rule's first side.
    First,
    /// The row of the rule's second side.
    Second,
    /// Both rows.
    Both,
}

/// What a pair gives, by the statuses of its two rows (the first case that matches).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvoidanceCase {
    /// The first row's status (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<Status>,
    /// The second row's status (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second: Option<Status>,
    /// On whom the finding falls.
    pub on: FallsOn,
    /// How strongly.
    pub severity: Severity,
}

/// An avoidance rule (AV-01 …): two sides of roster rows, a relation set, and the cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvoidanceRule {
    /// The stable code (`AV-01`).
    pub code: String,
    /// The rule in Chinese.
    pub title_zh: String,
    /// The rule in English.
    pub title_en: String,
    /// The legal source.
    pub reference: String,
    /// The first day in force.
    pub from: NaiveDate,
    /// The last day in force, when repealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The relation set; absent: the same person on both sides (AV-06).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<String>,
    /// The first side.
    pub first: Seats,
    /// The second side.
    pub second: Seats,
    /// What a pair gives, by statuses.
    pub cases: Vec<AvoidanceCase>,
    /// What it checks, in a few lines (for the rule catalogue).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What the reviewer should do about a finding, in Chinese.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action_zh: String,
    /// The same in English.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action_en: String,
}

impl AvoidanceRule {
    /// Whether the rule is in force on `as_of`.
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.from <= as_of && self.until.is_none_or(|u| as_of <= u)
    }
}
