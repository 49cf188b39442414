//! Named relation sets (docs/domain.md §5.1) as pack data: which classes a rule counts as "close
//! relatives". A province can widen one; the built-in packs define `civil_code_close` (近亲属,
//! 民法典 art. 1045), `committee_close` (宁夏村民委员会选举办法) and `official_avoidance`
//! (公务员法 art. 74). What a set holds of a relation is the kinship mechanism's (see
//! `kinship::sets`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A named set of relation classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationSet {
    /// The set's name (`civil_code_close`).
    pub name: String,
    /// Its name in Chinese (近亲属).
    pub title_zh: String,
    /// Its name in English.
    pub title_en: String,
    /// The legal source.
    pub reference: String,
    /// The first day the set is in force.
    pub from: NaiveDate,
    /// The last day, when it was repealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// Whether spouses count.
    #[serde(default)]
    pub spouse: bool,
    /// Lineal relatives up to this many generations either way (0: none; 2: grandparents
    /// and grandchildren). A supported step relation counts as one step (民法典 art. 1072).
    #[serde(default)]
    pub lineal_steps: u32,
    /// Collateral relatives whose common ancestor is at most this many steps above each
    /// (0: none; 1: siblings; 2: all of collateral3).
    #[serde(default)]
    pub collateral_steps: u8,
    /// Whether near in-laws (近姻亲) count.
    #[serde(default)]
    pub near_affinal: bool,
}

impl RelationSet {
    /// Whether the set is in force on `as_of`.
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.from <= as_of && self.until.is_none_or(|u| as_of <= u)
    }
}
