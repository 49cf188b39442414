//! The ties a family sheet declares (家庭成员及主要社会关系, docs/domain.md §5.1): parent, child,
//! spouse and sibling — the edges of every kinship path, shared by the family graph and the
//! evidence of findings.

use serde::{Deserialize, Serialize};

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

/// What the relative is to the person: the four declared facts of docs/domain.md §5.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tie {
    /// The relative is the person's parent (父亲, 母亲).
    Parent,
    /// The relative is the person's child (儿子, 女儿).
    Child,
    /// The relative is the person's spouse (丈夫, 妻子).
    Spouse,
    /// The relative is the person's sibling (兄弟姐妹); their parents need not be known.
    Sibling,
}

/// How a parent–child or sibling tie came about (民法典 arts. 1072, 1111).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Lineage {
    /// By birth (血亲) — the default.
    #[default]
    Blood,
    /// By adoption (养): full legal kinship, 拟制血亲 (民法典 art. 1111).
    Adoptive,
    /// A supported step relation (继): links only the step-parent and the step-child
    /// (民法典 art. 1072), one step, not through to anyone else.
    Step,
}

impl Lineage {
    /// Reads `blood`/`adoptive`/`step` or 血亲/亲生, 养/收养, 继.
    pub fn parse(label: &str) -> Option<Lineage> {
        match label.trim().to_lowercase().as_str() {
            "blood" | "血亲" | "亲生" | "自然血亲" | "生" => Some(Lineage::Blood),
            "adoptive" | "adopted" | "adoption" | "养" | "收养" | "养父母" | "拟制血亲" => {
                Some(Lineage::Adoptive)
            }
            "step" | "继" | "继亲" | "继父母" | "有扶养关系的继父母子女" => {
                Some(Lineage::Step)
            }
            _ => None,
        }
    }
    /// `blood`, `adoptive`, `step`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lineage::Blood => "blood",
            Lineage::Adoptive => "adoptive",
            Lineage::Step => "step",
        }
    }
}

impl Tie {
    /// The same tie seen from the other end (a parent's child is the child's parent).
    pub fn reversed(self) -> Tie {
        match self {
            Tie::Parent => Tie::Child,
            Tie::Child => Tie::Parent,
            t => t,
        }
    }
}

impl From<Edge> for Tie {
    /// The tie a path's edge follows.
    fn from(e: Edge) -> Tie {
        match e {
            Edge::Parent => Tie::Parent,
            Edge::Child => Tie::Child,
            Edge::Spouse => Tie::Spouse,
            Edge::Sibling => Tie::Sibling,
        }
    }
}
