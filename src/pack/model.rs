//! The rule pack's data model, its parsing, `extends` resolution and content hash.

use super::params::Series;
use crate::error::PackError;
use crate::rules::RuleSpec;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

use crate::rules::Severity;

/// What a record kind's `end_date` means (docs/domain.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EndDateMeaning {
    /// The kind has no end date (a judgment, a decision).
    #[default]
    None,
    /// The last day of a period (期满): the status still holds on it.
    LastDay,
    /// The day an event ended the status (移出, 结案, 返回, 离婚): it no longer holds from then.
    StatusEnded,
}

/// A kind of vetting record: the contract between the joint review's data and the packs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordKindDef {
    /// The English code (`party_sanction`).
    pub code: String,
    /// The Chinese label (`党纪处分`).
    pub label_zh: String,
    /// Other labels the tables may use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// What `end_date` means for this kind.
    #[serde(default)]
    pub end_date: EndDateMeaning,
}

/// A sanction grade of a record kind (处分种类), e.g. 党纪 警告.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeDef {
    /// The record kind this grade belongs to.
    pub kind: String,
    /// The English code (`serious_warning`).
    pub code: String,
    /// The labels the tables use (`严重警告`).
    pub labels: Vec<String>,
}

/// What happens when a window item's record lacks the `end_date` it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MissingEnd {
    /// The status is taken as still holding (an open investigation, a deprivation for life).
    #[default]
    Applies,
    /// A human must look (an organizational handling without its period).
    Review,
}

/// When a record makes an item apply: the mechanisms the code knows; the numbers are
/// parameters of the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Window {
    /// Any such record, for good.
    Always,
    /// From the record's date through the period the parameter gives ("近N年内").
    Within {
        /// The parameter holding the period.
        parameter: String,
    },
    /// Records dated on or after the date the parameter gives (the current term's start).
    Since {
        /// The parameter holding the date.
        parameter: String,
    },
    /// A sanction's influence period by its grade: parameter `<prefix>.<grade code>`.
    InfluencePeriod {
        /// The parameter prefix (`influence.party_sanction`).
        prefix: String,
    },
    /// While the status holds, by the kind's `end_date` meaning.
    WhileInForce {
        /// What a missing `end_date` means.
        #[serde(default)]
        missing_end: MissingEnd,
    },
    /// Until the record is marked rectified (an empty `rectified` needs review).
    UntilRectified,
    /// A person-level test, not a record: younger than the parameter's age on `as_of`.
    AgeBelow {
        /// The parameter holding the minimum age.
        parameter: String,
    },
}

/// One part of an item: the record kinds it covers and its window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Test {
    /// The record kinds (codes) this part covers; empty for person-level tests.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// When such a record makes the item apply.
    pub window: Window,
}

/// An item of a negative list, or a statutory bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The stable code (`NEG-03`, `STAT-AGE`).
    pub code: String,
    /// The item's wording in Chinese (abridged from the source).
    pub title_zh: String,
    /// The item in English.
    pub title_en: String,
    /// How strongly it bars.
    pub severity: Severity,
    /// The legal source.
    pub reference: String,
    /// The first day the item is in force.
    pub from: NaiveDate,
    /// The last day it is in force, when it was repealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// Its parts.
    pub tests: Vec<Test>,
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

impl Item {
    /// Whether the item is in force on `as_of`.
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.from <= as_of && self.until.is_none_or(|u| as_of <= u)
    }
}

/// A rule pack as written (before `extends` is resolved) or resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    /// The pack's name (`cn-2021`).
    pub name: String,
    /// What it is, in a line.
    #[serde(default)]
    pub title: String,
    /// Where it applies (`CN`, `CN-NX`, or a division code).
    pub jurisdiction: String,
    /// The pack it builds on (a built-in name); cleared once resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// The chain of packs this one was resolved from, base first (filled on resolution).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved_from: Vec<String>,
    /// The pack's sources.
    #[serde(default)]
    pub reference: String,
    /// Record kinds.
    #[serde(default)]
    pub kinds: Vec<RecordKindDef>,
    /// Sanction grades.
    #[serde(default)]
    pub grades: Vec<GradeDef>,
    /// Negative-list items and statutory bars.
    #[serde(default)]
    pub items: Vec<Item>,
    /// Named parameter series.
    #[serde(default)]
    pub parameters: BTreeMap<String, Series>,
    /// Named relation sets (docs/domain.md §5.1), replaced whole by name under `extends`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation_sets: Vec<super::RelationSet>,
    /// Close-relative avoidance rules (docs/domain.md §5.2), replaced whole by code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avoidance: Vec<super::AvoidanceRule>,
    /// The departments of the county joint review (docs/domain.md §4.1), replaced whole by
    /// code under `extends`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<super::DepartmentDef>,
    /// Where elected members come from (来源), as the statistics count them; replaced whole
    /// by code under `extends`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backgrounds: Vec<super::BackgroundDef>,
    /// The rules of the other mechanisms (composition, the count, the register, proxies,
    /// the data); in an extending pack, also changes to any rule of the base by code (see
    /// [`RuleSpec`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleSpec>,
}

impl RulePack {
    /// Reads a pack from TOML, without resolving `extends`.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<RulePack, PackError> {
        toml::from_str(text).map_err(|e| PackError::Syntax {
            pack: origin.to_string(),
            what: e.to_string(),
        })
    }

    /// Reads a pack from JSON, without resolving `extends`.
    pub fn from_json_str(text: &str, origin: &str) -> Result<RulePack, PackError> {
        serde_json::from_str(text).map_err(|e| PackError::Syntax {
            pack: origin.to_string(),
            what: e.to_string(),
        })
    }

    /// The value of parameter `name` in force on `as_of`, read by `read`, with the record of
    /// its use for a finding or an audit. A missing or unreadable value is an error: the
    /// computations that call this (the count, composition) cannot go on without it.
    pub fn param<T>(
        &self,
        name: &str,
        as_of: chrono::NaiveDate,
        read: impl Fn(&super::ParamValue) -> Option<T>,
    ) -> Result<(T, crate::finding::ParamUse), PackError> {
        let v = self
            .parameters
            .get(name)
            .and_then(|s| s.at(as_of))
            .ok_or_else(|| PackError::NoValue {
                pack: self.name.clone(),
                parameter: name.to_string(),
                as_of,
            })?;
        let t = read(&v.value).ok_or_else(|| PackError::Invalid {
            pack: self.name.clone(),
            what: format!(
                "parameter {name} has a value of the wrong kind ({})",
                v.value
            ),
        })?;
        Ok((
            t,
            crate::finding::ParamUse {
                name: name.to_string(),
                value: v.value.to_string(),
                effective: v.from,
                reference: v.reference.clone(),
            },
        ))
    }

    /// The plausible dates in force on `as_of` (`data.dates.*`, see
    /// [`crate::date::DateBounds`]).
    pub fn date_bounds(
        &self,
        as_of: chrono::NaiveDate,
    ) -> Result<crate::date::DateBounds, PackError> {
        let date = super::ParamValue::as_date;
        Ok(crate::date::DateBounds {
            earliest: self.param("data.dates.earliest", as_of, date)?.0,
            latest: self.param("data.dates.latest", as_of, date)?.0,
            earliest_birth: self.param("data.dates.earliest_birth", as_of, date)?.0,
        })
    }

    /// The index of a record kind by its code.
    pub fn kind_index(&self, code: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.code == code)
    }

    /// Finds a record kind by its code, Chinese label or an alias.
    pub fn find_kind(&self, label: &str) -> Option<usize> {
        let l = label.trim();
        self.kinds.iter().position(|k| {
            k.code.eq_ignore_ascii_case(l) || k.label_zh == l || k.aliases.iter().any(|a| a == l)
        })
    }

    /// The department named by `text` (its code, Chinese name or an alias).
    pub fn find_department(&self, text: &str) -> Option<usize> {
        self.departments.iter().position(|d| d.is_named(text))
    }

    /// Finds a grade of `kind` by its code or a label.
    pub fn find_grade(&self, kind: &str, label: &str) -> Option<usize> {
        let l = label.trim();
        self.grades.iter().position(|g| {
            g.kind == kind && (g.code.eq_ignore_ascii_case(l) || g.labels.iter().any(|x| x == l))
        })
    }

    /// The SHA-256 of the resolved pack's canonical JSON, in hex: it changes whenever any
    /// value, date or reference does.
    pub fn content_hash(&self) -> String {
        let canonical = serde_json::to_vec(self).unwrap_or_default();
        let digest = Sha256::digest(&canonical);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The pack as TOML.
    pub fn to_toml(&self) -> Result<String, PackError> {
        toml::to_string(self).map_err(|e| PackError::Syntax {
            pack: self.name.clone(),
            what: e.to_string(),
        })
    }

    /// The pack as pretty JSON.
    pub fn to_json(&self) -> Result<String, PackError> {
        serde_json::to_string_pretty(self).map_err(|e| PackError::Syntax {
            pack: self.name.clone(),
            what: e.to_string(),
        })
    }
}
