//! Named relation sets (RULES.md §5.1): which classes a rule counts as "close relatives".
//! Sets are pack data, so a province can widen one; the built-in packs define
//! `civil_code_close` (近亲属, 民法典 art. 1045), `committee_close` (宁夏村民委员会选举办法) and
//! `official_avoidance` (公务员法 art. 74).

use super::classify::{ClassKind, Relation};
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
    /// Whether a class falls in the set.
    pub fn contains(&self, class: ClassKind) -> bool {
        match class {
            ClassKind::Spouse => self.spouse,
            ClassKind::Lineal { steps, .. } => steps <= self.lineal_steps,
            ClassKind::Collateral3 { a, b } => a.max(b) <= self.collateral_steps,
            ClassKind::NearAffinal { .. } => self.near_affinal,
        }
    }
    /// Whether any class of a relation falls in the set.
    pub fn holds(&self, relation: &Relation) -> bool {
        relation.classes.iter().any(|c| self.contains(c.kind))
    }
    /// The deepest lineal line the set needs followed (at least two generations, which the
    /// other classes need).
    pub fn depth(&self) -> u32 {
        self.lineal_steps.max(2)
    }
}

/// The names of the sets in force on `as_of` that a relation falls in.
pub fn sets_of<'a>(relation: &Relation, sets: &'a [RelationSet], as_of: NaiveDate) -> Vec<&'a str> {
    sets.iter()
        .filter(|s| s.in_force(as_of) && s.holds(relation))
        .map(|s| s.name.as_str())
        .collect()
}
