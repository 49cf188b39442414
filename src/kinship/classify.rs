//! Relation classes between two persons, each with its shortest evidence path (docs/domain.md §5.1).
//!
//! Let C be a common ancestor of A and B, `a` parent steps above A and `b` above B. A class
//! holds when **any** common ancestor satisfies it; the two lines of descent must meet only at
//! C (a parent is not "collateral" to their child through the grandparent above both).
//! `near_affinal` is the statutory enumeration read from either person's side. Only blood and
//! adoptive links carry kinship through; a step link relates the step-parent and step-child
//! alone.

use super::graph::{FamilyGraph, Link, Node};
use super::relations::Lineage;
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::BuildHasherDefault;

pub use crate::family::Edge;

/// One step of an evidence path: the person reached, how, and the relations rows declaring
/// the link (two for a sibling link: each sibling's row).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PathStep {
    /// The node reached.
    pub node: u32,
    /// How it is reached from the previous node.
    pub edge: Edge,
    /// Blood, adoptive or step.
    pub lineage: Lineage,
    /// The 0-based relations rows declaring the link.
    pub rows: Vec<u32>,
}

/// An evidence path from one person to another.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KinPath {
    /// The first person.
    pub from: u32,
    /// The steps to the last person.
    pub steps: Vec<PathStep>,
}

impl KinPath {
    /// The number of links.
    pub fn len(&self) -> usize {
        self.steps.len()
    }
    /// Whether the path has no links.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
    /// The last node.
    pub fn to(&self) -> u32 {
        self.steps.last().map_or(self.from, |s| s.node)
    }
    /// The nodes from first to last.
    pub fn nodes(&self) -> Vec<u32> {
        std::iter::once(self.from)
            .chain(self.steps.iter().map(|s| s.node))
            .collect()
    }
    /// The same path walked from its last node back to its first.
    pub fn reversed(&self) -> KinPath {
        let nodes = self.nodes();
        let mut steps = Vec::with_capacity(self.steps.len());
        for (i, s) in self.steps.iter().enumerate().rev() {
            steps.push(PathStep {
                node: nodes[i],
                edge: s.edge.reversed(),
                lineage: s.lineage,
                rows: s.rows.clone(),
            });
        }
        KinPath {
            from: self.to(),
            steps,
        }
    }
    fn then(mut self, more: KinPath) -> KinPath {
        self.steps.extend(more.steps);
        self
    }
    fn push(mut self, node: u32, edge: Edge, link: &Link) -> KinPath {
        self.steps.push(PathStep {
            node,
            edge,
            lineage: link.lineage,
            rows: vec![link.row],
        });
        self
    }
}

/// Which statutory shape of near in-law (近姻亲) a pair is, read from one person's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AffinalShape {
    /// 1. The spouse's parent (岳父母, 公婆).
    SpouseParent,
    /// 2. The spouse's sibling (妻兄弟, 夫姐妹).
    SpouseSibling,
    /// 2. The spouse's sibling's spouse (连襟, 妯娌).
    SpouseSiblingSpouse,
    /// 3. The child's spouse (儿媳, 女婿).
    ChildSpouse,
    /// 3. The child's spouse's parent (亲家).
    ChildSpouseParent,
    /// 4. The spouse of a collateral3 relative (伯母, 姑父, a cousin's spouse).
    Collateral3Spouse,
}

impl AffinalShape {
    /// The item of the enumeration (1–4) the shape belongs to.
    pub fn item(self) -> u8 {
        match self {
            AffinalShape::SpouseParent => 1,
            AffinalShape::SpouseSibling | AffinalShape::SpouseSiblingSpouse => 2,
            AffinalShape::ChildSpouse | AffinalShape::ChildSpouseParent => 3,
            AffinalShape::Collateral3Spouse => 4,
        }
    }
    /// The code (`spouse_parent`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            AffinalShape::SpouseParent => "spouse_parent",
            AffinalShape::SpouseSibling => "spouse_sibling",
            AffinalShape::SpouseSiblingSpouse => "spouse_sibling_spouse",
            AffinalShape::ChildSpouse => "child_spouse",
            AffinalShape::ChildSpouseParent => "child_spouse_parent",
            AffinalShape::Collateral3Spouse => "collateral3_spouse",
        }
    }
}

/// Whose side a near in-law relation is read from: `A` when B is in A's enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// B is in A's enumeration.
    A,
    /// A is in B's enumeration.
    B,
}

/// A relation class between A and B (docs/domain.md §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClassKind {
    /// 夫妻: a marriage that counts on the reference date.
    Spouse,
    /// 直系血亲: B is `steps` generations above A (`b_is_ancestor`) or below.
    Lineal {
        /// Parent steps between them.
        steps: u32,
        /// Whether B is the ancestor.
        b_is_ancestor: bool,
        /// Blood, adoptive (any adoptive link on the path) or step (one step-link).
        lineage: Lineage,
    },
    /// 三代以内旁系血亲: a common ancestor `a` steps above A and `b` above B (1 ≤ a, b ≤ 2).
    Collateral3 {
        /// Steps above A.
        a: u8,
        /// Steps above B.
        b: u8,
    },
    /// 近姻亲: one of the enumerated shapes, from one side.
    NearAffinal {
        /// The shape.
        shape: AffinalShape,
        /// Whose enumeration names the other.
        side: Side,
    },
}

impl ClassKind {
    /// `spouse`, `lineal`, `collateral3`, `near_affinal`.
    pub fn name(self) -> &'static str {
        match self {
            ClassKind::Spouse => "spouse",
            ClassKind::Lineal { .. } => "lineal",
            ClassKind::Collateral3 { .. } => "collateral3",
            ClassKind::NearAffinal { .. } => "near_affinal",
        }
    }
    /// The class with its details, for humans: `lineal (2 steps, B is the ancestor)`,
    /// `collateral3 (2, 1)`, `near_affinal (spouse_sibling, from A's side)`.
    pub fn detail(self) -> String {
        match self {
            ClassKind::Spouse => "spouse".into(),
            ClassKind::Lineal {
                steps,
                b_is_ancestor,
                lineage,
            } => format!(
                "lineal ({steps} step{}, B is the {}, {})",
                if steps == 1 { "" } else { "s" },
                if b_is_ancestor {
                    "ancestor"
                } else {
                    "descendant"
                },
                lineage.as_str()
            ),
            ClassKind::Collateral3 { a, b } => format!("collateral3 ({a}, {b})"),
            ClassKind::NearAffinal { shape, side } => format!(
                "near_affinal ({}, item {}, from {}'s side)",
                shape.as_str(),
                shape.item(),
                if side == Side::A { "A" } else { "B" }
            ),
        }
    }
    /// 夫妻, 直系血亲, 三代以内旁系血亲, 近姻亲.
    pub fn name_zh(self) -> &'static str {
        match self {
            ClassKind::Spouse => "夫妻",
            ClassKind::Lineal { .. } => "直系血亲",
            ClassKind::Collateral3 { .. } => "三代以内旁系血亲",
            ClassKind::NearAffinal { .. } => "近姻亲",
        }
    }
}

/// A class that holds, with its shortest evidence path from A to B.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KinClass {
    /// The class and its details.
    pub kind: ClassKind,
    /// The evidence.
    pub path: KinPath,
}

/// Every class that holds between two persons.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Relation {
    /// A's node.
    pub a: u32,
    /// B's node.
    pub b: u32,
    /// The classes, in the order spouse, lineal, collateral3, near_affinal.
    pub classes: Vec<KinClass>,
}

impl Relation {
    /// No relation: for a person the graph does not hold (nothing is known of them).
    pub fn unrelated() -> Relation {
        Relation {
            a: u32::MAX,
            b: u32::MAX,
            classes: Vec::new(),
        }
    }

    /// The class with the shortest path (the first such in class order).
    pub fn shortest(&self) -> Option<&KinClass> {
        self.classes.iter().min_by_key(|c| c.path.len())
    }
    /// Whether no class holds.
    pub fn is_unrelated(&self) -> bool {
        self.classes.is_empty()
    }
}

/// A path of up to two parent links above a person (blood or adoptive).
#[derive(Debug, Clone, Copy)]
struct Up {
    links: [Link; 2],
    len: u8,
}

impl Up {
    fn apex(&self) -> u32 {
        self.links[self.len as usize - 1].node
    }
    fn intermediate(&self) -> Option<u32> {
        (self.len == 2).then_some(self.links[0].node)
    }
}

fn full(l: &&Link) -> bool {
    l.lineage != Lineage::Step
}

impl FamilyGraph {
    fn full_parents(&self, x: u32) -> impl Iterator<Item = &Link> {
        self.parents(x).iter().filter(full)
    }
    fn full_children(&self, x: u32) -> impl Iterator<Item = &Link> {
        self.children(x).iter().filter(full)
    }
    fn is_group(&self, x: u32) -> bool {
        self.is_group_node(x)
    }

    fn ups(&self, x: u32) -> Vec<Up> {
        let mut out = Vec::new();
        for p in self.full_parents(x) {
            out.push(Up {
                links: [*p, *p],
                len: 1,
            });
        }
        for p in self.full_parents(x) {
            for g in self.full_parents(p.node) {
                out.push(Up {
                    links: [*p, *g],
                    len: 2,
                });
            }
        }
        out
    }

    /// A path from `x` up along `up` to its apex, then down to `y` along `down` reversed; a
    /// sibling group at the apex becomes one sibling step.
    fn arch(&self, x: u32, up: &Up, y: u32, down: &Up) -> KinPath {
        let mut path = KinPath {
            from: x,
            steps: Vec::new(),
        };
        let apex = up.apex();
        let group = self.is_group(apex);
        for l in &up.links[..up.len as usize - usize::from(group)] {
            path = path.push(l.node, Edge::Parent, l);
        }
        // Down: the nodes below the apex on y's line, from the apex downwards.
        let mut below: Vec<(u32, Link)> = Vec::new(); // (node reached, link used)
        let dl = &down.links[..down.len as usize];
        for i in (0..dl.len()).rev() {
            let node = if i == 0 { y } else { dl[i - 1].node };
            below.push((node, dl[i]));
        }
        for (i, (node, link)) in below.into_iter().enumerate() {
            if group && i == 0 {
                let up_link = up.links[up.len as usize - 1];
                let mut rows = vec![up_link.row, link.row];
                rows.sort_unstable();
                rows.dedup();
                path.steps.push(PathStep {
                    node,
                    edge: Edge::Sibling,
                    lineage: Lineage::Blood,
                    rows,
                });
            } else {
                path = path.push(node, Edge::Child, &link);
            }
        }
        path
    }

    /// Every (a, b) of collateral3 between `x` and `y`, each with its shortest path.
    fn collaterals(&self, x: u32, ux: &[Up], y: u32, uy: &[Up]) -> Vec<((u8, u8), KinPath)> {
        let mut found: Vec<((u8, u8), KinPath)> = Vec::new();
        for px in ux {
            for py in uy {
                if px.apex() != py.apex() || x == y {
                    continue;
                }
                // The two lines meet only at the apex.
                let line_x = [Some(x), px.intermediate()];
                let line_y = [Some(y), py.intermediate()];
                if line_x.iter().flatten().any(|n| line_y.contains(&Some(*n))) {
                    continue;
                }
                let ab = (px.len, py.len);
                let path = self.arch(x, px, y, py);
                match found.iter_mut().find(|(k, _)| *k == ab) {
                    Some((_, p)) if p.len() <= path.len() => {}
                    Some(slot) => slot.1 = path,
                    None => found.push((ab, path)),
                }
            }
        }
        found.sort_by_key(|(ab, _)| (ab.0 + ab.1, ab.0));
        found
    }

    /// The shortest collateral3 path from `x` to `y`.
    fn collateral3_path(&self, x: u32, ux: &[Up], y: u32, uy: &[Up]) -> Option<KinPath> {
        self.collaterals(x, ux, y, uy)
            .into_iter()
            .map(|(_, p)| p)
            .min_by_key(KinPath::len)
    }

    /// The shortest sibling path (collateral (1, 1)) from `x` to `y`.
    fn sibling_path(&self, x: u32, ux: &[Up], y: u32, uy: &[Up]) -> Option<KinPath> {
        // Siblings share a parent: a cheap test before any path is built.
        if !ux
            .iter()
            .any(|p| p.len == 1 && uy.iter().any(|q| q.len == 1 && q.apex() == p.apex()))
        {
            return None;
        }
        self.collaterals(x, ux, y, uy)
            .into_iter()
            .find(|(ab, _)| *ab == (1, 1))
            .map(|(_, p)| p)
    }

    /// The shortest line of blood or adoptive parent links from `x` up to `y`, at most
    /// `limit` steps (breadth first; each node once, so deep genealogies stay linear).
    fn line_up(&self, x: u32, y: u32, limit: u32) -> Option<KinPath> {
        // Each node reached once; `prev` is both the visited set and the way back.
        let mut prev: HashMap<u32, (u32, Link), BuildHasherDefault<crate::hash::IdHasher>> =
            HashMap::default();
        let mut queue = VecDeque::from([(x, 0u32)]);
        while let Some((v, d)) = queue.pop_front() {
            if v == y {
                let mut links = Vec::new();
                let mut at = y;
                while at != x {
                    // Every node the search reached has its way back in `prev`.
                    let &(from, link) = prev.get(&at)?;
                    links.push(link);
                    at = from;
                }
                let mut path = KinPath {
                    from: x,
                    steps: Vec::new(),
                };
                for l in links.iter().rev() {
                    path = path.push(l.node, Edge::Parent, l);
                }
                return Some(path);
            }
            if d >= limit {
                continue;
            }
            for l in self.full_parents(v) {
                if l.node != x
                    && !self.is_group(l.node)
                    && let std::collections::hash_map::Entry::Vacant(e) = prev.entry(l.node)
                {
                    e.insert((v, *l));
                    queue.push_back((l.node, d + 1));
                }
            }
        }
        None
    }

    /// The shortest line up from `x` to `y` among its up-paths of at most two links.
    fn line_in(&self, x: u32, ux: &[Up], y: u32) -> Option<KinPath> {
        let up = ux.iter().filter(|p| p.apex() == y).min_by_key(|p| p.len)?;
        let mut path = KinPath {
            from: x,
            steps: Vec::with_capacity(up.len as usize),
        };
        for l in &up.links[..up.len as usize] {
            path = path.push(l.node, Edge::Parent, l);
        }
        Some(path)
    }

    fn lineal(&self, a: u32, ua: &[Up], b: u32, ub: &[Up], limit: u32) -> Option<KinClass> {
        let mut best: Option<KinClass> = None;
        let mut consider = |c: KinClass| {
            if best.as_ref().is_none_or(|b| c.path.len() < b.path.len()) {
                best = Some(c);
            }
        };
        for (x, ux, y, b_is_ancestor) in [(a, ua, b, true), (b, ub, a, false)] {
            let line = if limit <= 2 {
                self.line_in(x, ux, y).filter(|p| p.len() <= limit as usize)
            } else {
                self.line_up(x, y, limit)
            };
            if let Some(p) = line {
                let lineage = if p.steps.iter().any(|s| s.lineage == Lineage::Adoptive) {
                    Lineage::Adoptive
                } else {
                    Lineage::Blood
                };
                let kind = ClassKind::Lineal {
                    steps: p.len() as u32,
                    b_is_ancestor,
                    lineage,
                };
                let path = if b_is_ancestor { p } else { p.reversed() };
                consider(KinClass { kind, path });
            }
        }
        // A step link: the step-parent and the step-child, one step.
        for (x, y, b_is_ancestor) in [(a, b, true), (b, a, false)] {
            if let Some(l) = self
                .parents(x)
                .iter()
                .find(|l| l.node == y && l.lineage == Lineage::Step)
            {
                let p = KinPath {
                    from: x,
                    steps: Vec::new(),
                }
                .push(y, Edge::Parent, l);
                let kind = ClassKind::Lineal {
                    steps: 1,
                    b_is_ancestor,
                    lineage: Lineage::Step,
                };
                let path = if b_is_ancestor { p } else { p.reversed() };
                consider(KinClass { kind, path });
            }
        }
        best
    }

    /// The near in-law shapes that name `y` in `x`'s enumeration, with paths from `x` to `y`.
    fn affinal_from(&self, x: u32, ux: &[Up], y: u32, uy: &[Up]) -> Vec<(AffinalShape, KinPath)> {
        let mut out = Vec::new();
        let start = || KinPath {
            from: x,
            steps: Vec::new(),
        };
        let spouses_x = self.spouses(x);
        let spouses_y = self.spouses(y);
        // 1. The spouse's parents; 2. the spouse's siblings and their spouses.
        for s in spouses_x.iter().filter(|s| s.node != y) {
            let us = self.ups(s.node);
            if let Some(p) = self.full_parents(s.node).find(|p| p.node == y) {
                out.push((
                    AffinalShape::SpouseParent,
                    start()
                        .push(s.node, Edge::Spouse, s)
                        .push(y, Edge::Parent, p),
                ));
            }
            if let Some(sib) = self.sibling_path(s.node, &us, y, uy) {
                out.push((
                    AffinalShape::SpouseSibling,
                    start().push(s.node, Edge::Spouse, s).then(sib),
                ));
            }
            let best = spouses_y
                .iter()
                .filter(|t| t.node != x && t.node != s.node)
                .filter_map(|t| {
                    self.sibling_path(s.node, &us, t.node, &self.ups(t.node))
                        .map(|sib| {
                            start()
                                .push(s.node, Edge::Spouse, s)
                                .then(sib)
                                .push(y, Edge::Spouse, t)
                        })
                })
                .min_by_key(KinPath::len);
            if let Some(p) = best {
                out.push((AffinalShape::SpouseSiblingSpouse, p));
            }
        }
        // 3. The children's spouses and those spouses' parents.
        for t in spouses_y.iter().filter(|t| t.node != x) {
            if let Some(c) = self.full_parents(t.node).find(|p| p.node == x) {
                out.push((
                    AffinalShape::ChildSpouse,
                    start()
                        .push(t.node, Edge::Child, c)
                        .push(y, Edge::Spouse, t),
                ));
            }
        }
        if let Some(p) = self.in_law_parent(x, y) {
            out.push((AffinalShape::ChildSpouseParent, p));
        }
        // 4. The spouses of one's collateral3 relatives.
        let best = spouses_y
            .iter()
            .filter(|t| t.node != x)
            .filter_map(|t| {
                self.collateral3_path(x, ux, t.node, &self.ups(t.node))
                    .map(|c| start().then(c).push(y, Edge::Spouse, t))
            })
            .min_by_key(KinPath::len);
        if let Some(p) = best {
            out.push((AffinalShape::Collateral3Spouse, p));
        }
        // One entry per shape: its shortest path (several spouses may each give one).
        out.sort_by_key(|(shape, p)| (*shape, p.len()));
        out.dedup_by_key(|(shape, _)| *shape);
        out
    }

    /// `x` —child→ C —spouse→ D —parent→ `y` (亲家), walked from the side with fewer children.
    fn in_law_parent(&self, x: u32, y: u32) -> Option<KinPath> {
        let from_x = self.children(x).len() <= self.children(y).len();
        let (p, q) = if from_x { (x, y) } else { (y, x) };
        for c in self.full_children(p) {
            if c.node == q {
                continue;
            }
            for d in self.spouses(c.node) {
                if d.node == p || d.node == q {
                    continue;
                }
                if let Some(up) = self.full_parents(d.node).find(|l| l.node == q) {
                    let path = KinPath {
                        from: p,
                        steps: Vec::new(),
                    }
                    .push(c.node, Edge::Child, c)
                    .push(d.node, Edge::Spouse, d)
                    .push(q, Edge::Parent, up);
                    return Some(if from_x { path } else { path.reversed() });
                }
            }
        }
        None
    }

    /// Every class that holds between `a` and `b` (docs/domain.md §5.1). Lineal lines are followed
    /// to any depth.
    pub fn relation(&self, a: u32, b: u32) -> Relation {
        self.relation_within(a, b, u32::MAX)
    }

    /// Every class between `a` and `b`, following lineal lines at most `lineal_limit` steps.
    pub fn relation_within(&self, a: u32, b: u32, lineal_limit: u32) -> Relation {
        let mut classes = Vec::new();
        let (a_person, b_person) = (
            matches!(self.node_kind(a), Some(Node::Person(_))),
            matches!(self.node_kind(b), Some(Node::Person(_))),
        );
        if a == b || !a_person || !b_person {
            return Relation { a, b, classes };
        }
        let start = KinPath {
            from: a,
            steps: Vec::new(),
        };
        if let Some(s) = self.spouses(a).iter().find(|s| s.node == b) {
            classes.push(KinClass {
                kind: ClassKind::Spouse,
                path: start.clone().push(b, Edge::Spouse, s),
            });
        }
        let (ua, ub) = (self.ups(a), self.ups(b));
        if let Some(c) = self.lineal(a, &ua, b, &ub, lineal_limit) {
            classes.push(c);
        }
        for ((x, y), path) in self.collaterals(a, &ua, b, &ub) {
            classes.push(KinClass {
                kind: ClassKind::Collateral3 { a: x, b: y },
                path,
            });
        }
        let mut affinal: Vec<KinClass> = self
            .affinal_from(a, &ua, b, &ub)
            .into_iter()
            .map(|(shape, path)| KinClass {
                kind: ClassKind::NearAffinal {
                    shape,
                    side: Side::A,
                },
                path,
            })
            .collect();
        affinal.extend(
            self.affinal_from(b, &ub, a, &ua)
                .into_iter()
                .map(|(shape, path)| KinClass {
                    kind: ClassKind::NearAffinal {
                        shape,
                        side: Side::B,
                    },
                    path: path.reversed(),
                }),
        );
        affinal.sort_by_key(|c| c.kind);
        classes.extend(affinal);
        Relation { a, b, classes }
    }

    /// Everyone who might stand in a class to `a` with lineal lines of at most `lineal_limit`
    /// steps: a superset, which [`FamilyGraph::relation_within`] then decides.
    pub fn neighbourhood(&self, a: u32, lineal_limit: u32) -> Vec<u32> {
        let mut out: HashSet<u32> = HashSet::new();
        // Up at most two links, then down at most two: siblings, uncles, cousins, nephews.
        let arc = |x: u32, out: &mut HashSet<u32>| {
            let mut tops = vec![x];
            for p in self.full_parents(x) {
                tops.push(p.node);
                tops.extend(self.full_parents(p.node).map(|g| g.node));
            }
            for t in tops {
                out.insert(t);
                for c in self.full_children(t) {
                    out.insert(c.node);
                    out.extend(self.full_children(c.node).map(|g| g.node));
                }
            }
        };
        arc(a, &mut out);
        let spouses: Vec<u32> = self.spouses(a).iter().map(|s| s.node).collect();
        for &s in &spouses {
            arc(s, &mut out);
        }
        // Spouses of all of those, and the parents of those spouses.
        let found: Vec<u32> = out.iter().copied().collect();
        for x in found {
            for s in self.spouses(x) {
                out.insert(s.node);
                out.extend(self.full_parents(s.node).map(|p| p.node));
            }
        }
        // Lineal lines to the limit, up and down apart, and step links.
        for upwards in [true, false] {
            let mut seen: HashSet<u32> = HashSet::from([a]);
            let mut frontier = vec![a];
            let mut depth = 0;
            while depth < lineal_limit && !frontier.is_empty() {
                let mut next = Vec::new();
                for v in frontier {
                    let links: Box<dyn Iterator<Item = &Link>> = if upwards {
                        Box::new(self.full_parents(v))
                    } else {
                        Box::new(self.full_children(v))
                    };
                    for l in links {
                        if seen.insert(l.node) {
                            out.insert(l.node);
                            next.push(l.node);
                        }
                    }
                }
                frontier = next;
                depth += 1;
            }
        }
        out.extend(self.parents(a).iter().map(|l| l.node));
        out.extend(self.children(a).iter().map(|l| l.node));
        out.remove(&a);
        let mut v: Vec<u32> = out
            .into_iter()
            .filter(|&n| !self.is_group(n) && self.inferred(n).is_none())
            .collect();
        v.sort_unstable();
        v
    }
}
