//! Kinship (docs/domain.md §5): the family graph built from the `relations` table, the relation
//! classes between two persons with their evidence paths and readable descriptions, the named
//! relation sets, and close-relative avoidance (AV-01 …) over a roster.
//!
//! ```
//! use huanjie::kinship::{FamilyGraph, RelationRow, Relations};
//! use huanjie::error::Location;
//!
//! let mut rel = Relations::default();
//! // "key:" names a person without a known ID number.
//! rel.push(&RelationRow { person: Some("key:A"), relative: Some("key:S"), relation: Some("妻子"), ..Default::default() });
//! rel.push(&RelationRow { person: Some("key:S"), relative: Some("key:B"), relation: Some("弟弟"), ..Default::default() });
//! let g = FamilyGraph::build(&rel, "2021-01-15".parse().unwrap(), &Location::default()).unwrap();
//! let (a, b) = (g.find("key:A").unwrap(), g.find("key:B").unwrap());
//! let r = g.relation(a, b);
//! assert_eq!(r.classes[0].kind.name(), "near_affinal");
//! assert_eq!(huanjie::kinship::describe(&g, &r.classes[0].path).0, "妻子的兄弟");
//! ```

mod avoidance;
mod classify;
mod describe;
mod expand;
mod graph;
mod naming;
mod readings;
mod relations;
mod report;
mod sets;
mod sheets;
mod terms;

pub use crate::pack::{AvoidanceCase, AvoidanceRule, FallsOn, Seats};
pub(crate) use avoidance::avoidance_findings;
pub use classify::{AffinalShape, ClassKind, Edge, KinClass, KinPath, PathStep, Relation, Side};
pub use describe::describe;
pub use expand::{Inferred, TermMismatch};
pub use graph::{FamilyGraph, KinProblem, Link, Node};
pub use naming::{Term, entry_of_chain, term_of};
pub use readings::{chain_classes, chain_rows};
pub use relations::{
    KeyTable, Kin, KinColumn, Lineage, RelationLabel, RelationLabelError, RelationRow, Relations,
    Tie,
};
pub use report::{class_json, path_json, relation_json, terms_of};
pub use sets::{RelationSet, sets_of};
pub use terms::{
    Age, BUILTIN_TERMS, Chain, ChainLink, RelationWord, TermEntry, Vocabulary, vocabulary,
};
