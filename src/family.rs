//! The ties a family sheet declares (家庭成员及主要社会关系, docs/domain.md §5.1): parent, child,
//! spouse and sibling — the edges of every kinship path, shared by the family graph and the
//! evidence of findings.

use serde::Serialize;

/// How a node on a path is reached from the node before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edge {
    /// It is the previous person's parent.
    Parent,
    /// It is the previous person's child.
    Child,
    /// It is the previous person's spouse.
    Spouse,
    /// It is the previous person's sibling through an unknown common parent.
    Sibling,
}

impl Edge {
    /// The same tie seen from the other end (a parent's child is the child's parent).
    pub fn reversed(self) -> Edge {
        match self {
            Edge::Parent => Edge::Child,
            Edge::Child => Edge::Parent,
            e => e,
        }
    }
}
