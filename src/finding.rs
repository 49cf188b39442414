//! Findings and outcomes: the results of a check (DATA.md "Results").
//!
//! A finding is one rule that applies to one person (or one unit), with everything a reviewer
//! needs to see why: the rule's code and severity, a bilingual message, the legal reference,
//! the pack values used with their effective dates, the first day it no longer applies, and
//! the evidence (the record or relation path, with its table and row).

use crate::division::DivisionCode;
use crate::id::ResidentId;
use crate::pack::Severity;
use crate::roster::{Body, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whom a finding is about: a valid ID number, or the text of one that did not validate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonKey {
    /// A valid number.
    Id(ResidentId),
    /// The cleaned text of an invalid number (shown masked to humans).
    Text(String),
}

impl PersonKey {
    /// The full number (or text), for machine outputs that join back.
    pub fn full(&self) -> String {
        match self {
            PersonKey::Id(id) => id.to_string(),
            PersonKey::Text(t) => t.clone(),
        }
    }
    /// The masked form for humans.
    pub fn masked(&self) -> String {
        match self {
            PersonKey::Id(id) => id.masked(),
            PersonKey::Text(t) => crate::id::mask_text(t),
        }
    }
    /// The form to print: masked unless `show` is set.
    pub fn display(&self, mask: bool) -> String {
        if mask { self.masked() } else { self.full() }
    }
}

impl fmt::Display for PersonKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full())
    }
}

impl Serialize for PersonKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.full())
    }
}

impl<'de> Deserialize<'de> for PersonKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(ResidentId::parse(&s).map_or(PersonKey::Text(s), PersonKey::Id))
    }
}

/// A pack value that a finding used: its name, the value and the day it took effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamUse {
    /// The parameter's name in the pack.
    pub name: String,
    /// The value as the pack writes it.
    pub value: String,
    /// The first day of the value.
    pub effective: NaiveDate,
    /// The legal source of the value.
    pub reference: String,
}

/// Why a finding holds: a row of an input table, or a set of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Evidence {
    /// A vetting record.
    Record {
        /// `records`.
        table: String,
        /// The 0-based row.
        row: u32,
        /// The record kind's code (or the unknown label).
        kind: String,
        /// The decision date.
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
        /// The end date.
        #[serde(skip_serializing_if = "Option::is_none")]
        end_date: Option<NaiveDate>,
        /// The grade's code.
        #[serde(skip_serializing_if = "Option::is_none")]
        grade: Option<String>,
        /// Whether rectified.
        #[serde(skip_serializing_if = "Option::is_none")]
        rectified: Option<bool>,
    },
    /// A cell of a table.
    Cell {
        /// The table.
        table: String,
        /// The 0-based row.
        row: u32,
        /// The column as the table's header spells it.
        column: String,
    },
    /// Several rows of one table (duplicates).
    Rows {
        /// The table.
        table: String,
        /// The 0-based rows.
        rows: Vec<u32>,
    },
}

/// One rule that applies: the unit of every result huanjie gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable code (`NEG-03`, `STAT-AGE`, `DATA-ID`, …).
    pub rule: String,
    /// How strongly it bars.
    pub severity: Severity,
    /// The person (null for unit-level findings).
    pub id_number: Option<PersonKey>,
    /// The person's 0-based row in `people` (null when they have none).
    pub row: Option<u32>,
    /// The person's first row in `roster`.
    pub roster_row: Option<u32>,
    /// The unit of that roster row.
    pub unit_code: Option<DivisionCode>,
    /// The body of that roster row.
    pub body: Option<Body>,
    /// The role of that roster row.
    pub role: Option<Role>,
    /// The finding in Chinese.
    pub message_zh: String,
    /// The finding in English.
    pub message_en: String,
    /// The legal source.
    pub reference: String,
    /// The pack values used, with their effective dates.
    pub parameters: Vec<ParamUse>,
    /// For a window: the first day it no longer applies.
    pub eligible_from: Option<NaiveDate>,
    /// What triggered it.
    pub evidence: Vec<Evidence>,
}

/// A person's outcome (RULES.md §4): decided by the most severe finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// No finding bars the person.
    Eligible,
    /// A `cannot` or `should_not` finding applies.
    Ineligible,
    /// No item bars, but a human must decide.
    NeedsReview,
}

impl OutcomeKind {
    /// `eligible`, `ineligible`, `needs_review`.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Eligible => "eligible",
            OutcomeKind::Ineligible => "ineligible",
            OutcomeKind::NeedsReview => "needs_review",
        }
    }
    /// 可以参选, 不能参选, 需复核.
    pub fn label_zh(self) -> &'static str {
        match self {
            OutcomeKind::Eligible => "可以参选",
            OutcomeKind::Ineligible => "不能参选",
            OutcomeKind::NeedsReview => "需复核",
        }
    }
    /// The outcome that findings of these severities give.
    pub fn from_severities(severities: impl IntoIterator<Item = Severity>) -> OutcomeKind {
        let mut out = OutcomeKind::Eligible;
        for s in severities {
            match s {
                Severity::Cannot | Severity::ShouldNot => return OutcomeKind::Ineligible,
                Severity::Review => out = OutcomeKind::NeedsReview,
                Severity::Warning => {}
            }
        }
        out
    }
}

/// The outcome for one person vetted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The person.
    pub id_number: Option<PersonKey>,
    /// The 0-based row in `people` (null when the person has none).
    pub row: Option<u32>,
    /// The first roster row.
    pub roster_row: Option<u32>,
    /// The unit of that roster row.
    pub unit_code: Option<DivisionCode>,
    /// eligible / ineligible / needs_review.
    pub outcome: OutcomeKind,
    /// The codes of every rule found, sorted, each once.
    pub rules: Vec<String>,
    /// Whether a `should_not` (不宜) finding applies.
    pub should_not: bool,
    /// For an ineligible person barred only by windows: the first day every one has passed.
    pub eligible_from: Option<NaiveDate>,
}
