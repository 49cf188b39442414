//! Named relation sets (docs/domain.md §5.1): which classes a rule counts as "close relatives".
//! Sets are pack data, so a province can widen one; the built-in packs define
//! `civil_code_close` (近亲属, 民法典 art. 1045), `committee_close` (宁夏村民委员会选举办法) and
//! `official_avoidance` (公务员法 art. 74).

use super::classify::{ClassKind, Relation};
pub use crate::pack::RelationSet;
use chrono::NaiveDate;

impl RelationSet {
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
