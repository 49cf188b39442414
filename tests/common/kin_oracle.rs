//! The brute-force definitions of docs/domain.md §5.1 (the oracle the fast classifier is
//! checked against), shared by the kinship tests.

#![allow(dead_code)]

use huanjie::kinship::{AffinalShape, ClassKind, FamilyGraph, Lineage, Side};
use std::collections::{BTreeSet, HashSet};

/// A family as facts: (child, parent, lineage), marriages (a, b, counts on as_of), sibling
/// pairs. Persons are `key:p<i>`; a parent always has a higher index than the child.
#[derive(Debug, Clone)]
pub struct Family {
    pub n: usize,
    pub parents: Vec<(usize, usize, Lineage)>,
    pub marriages: Vec<(usize, usize, bool)>,
    pub siblings: Vec<(usize, usize)>,
}

/// The brute-force definitions of docs/domain.md §5.1 over the facts.
pub struct Oracle {
    /// Full (blood or adoptive) parents, with each sibling group as an extra node `n + g`.
    full: Vec<Vec<usize>>,
    step: Vec<(usize, usize)>,
    spouse: HashSet<(usize, usize)>,
}

impl Oracle {
    pub fn new(f: &Family) -> Oracle {
        // Sibling groups: connected components of the sibling pairs.
        let mut comp: Vec<usize> = (0..f.n).collect();
        fn root(c: &mut Vec<usize>, x: usize) -> usize {
            if c[x] == x {
                x
            } else {
                let r = root(c, c[x]);
                c[x] = r;
                r
            }
        }
        for &(a, b) in &f.siblings {
            let (ra, rb) = (root(&mut comp, a), root(&mut comp, b));
            comp[ra.max(rb)] = ra.min(rb);
        }
        let mut full = vec![Vec::new(); 2 * f.n];
        let in_pair: HashSet<usize> = f.siblings.iter().flat_map(|&(a, b)| [a, b]).collect();
        for (x, parents) in full.iter_mut().enumerate().take(f.n) {
            if in_pair.contains(&x) {
                let r = root(&mut comp, x);
                parents.push(f.n + r);
            }
        }
        let mut step = Vec::new();
        for &(c, p, l) in &f.parents {
            match l {
                Lineage::Step => step.push((c, p)),
                _ => full[c].push(p),
            }
        }
        let mut spouse = HashSet::new();
        for &(a, b, counts) in &f.marriages {
            if counts {
                spouse.insert((a, b));
                spouse.insert((b, a));
            }
        }
        Oracle { full, step, spouse }
    }

    /// Every chain of full parent links upwards from x (x first), up to `depth` links.
    fn chains(&self, x: usize, depth: usize) -> Vec<Vec<usize>> {
        let mut out = vec![vec![x]];
        let mut i = 0;
        while i < out.len() {
            let c = out[i].clone();
            if c.len() <= depth {
                for &p in &self.full[*c.last().unwrap()] {
                    let mut d = c.clone();
                    d.push(p);
                    out.push(d);
                }
            }
            i += 1;
        }
        out
    }

    fn collateral(&self, a: usize, b: usize) -> BTreeSet<(u8, u8)> {
        let mut out = BTreeSet::new();
        for ca in self.chains(a, 2).into_iter().filter(|c| c.len() >= 2) {
            for cb in self.chains(b, 2).into_iter().filter(|c| c.len() >= 2) {
                let (ta, tb) = (ca.last().unwrap(), cb.last().unwrap());
                let disjoint = ca[..ca.len() - 1]
                    .iter()
                    .all(|x| !cb[..cb.len() - 1].contains(x));
                if ta == tb && disjoint && a != b {
                    out.insert(((ca.len() - 1) as u8, (cb.len() - 1) as u8));
                }
            }
        }
        out
    }
    fn sibling(&self, a: usize, b: usize) -> bool {
        self.collateral(a, b).contains(&(1, 1))
    }
    fn coll3(&self, a: usize, b: usize) -> bool {
        !self.collateral(a, b).is_empty()
    }
    fn spouses(&self, a: usize, n: usize) -> Vec<usize> {
        (0..n).filter(|&b| self.spouse.contains(&(a, b))).collect()
    }
    fn is_parent(&self, p: usize, c: usize) -> bool {
        self.full[c].contains(&p)
    }

    fn affinal(&self, a: usize, b: usize, n: usize) -> BTreeSet<AffinalShape> {
        let mut out = BTreeSet::new();
        for s in self.spouses(a, n) {
            if s != b && self.is_parent(b, s) {
                out.insert(AffinalShape::SpouseParent);
            }
            if s != b && self.sibling(s, b) {
                out.insert(AffinalShape::SpouseSibling);
            }
            for x in self.spouses(b, n) {
                if x != a && x != s && s != b && self.sibling(s, x) {
                    out.insert(AffinalShape::SpouseSiblingSpouse);
                }
            }
        }
        for x in self.spouses(b, n) {
            if x != a && self.is_parent(a, x) {
                out.insert(AffinalShape::ChildSpouse);
            }
            if x != a && self.coll3(a, x) {
                out.insert(AffinalShape::Collateral3Spouse);
            }
        }
        for c in 0..n {
            if c == b || !self.is_parent(a, c) {
                continue;
            }
            for y in self.spouses(c, n) {
                if y != a && y != b && self.is_parent(b, y) {
                    out.insert(AffinalShape::ChildSpouseParent);
                }
            }
        }
        out
    }

    /// The classes as comparable tuples: (name, detail).
    pub fn classes(&self, a: usize, b: usize, n: usize) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if self.spouse.contains(&(a, b)) {
            out.insert("spouse".to_string());
        }
        // Lineal: the shortest full line either way, or a direct step link.
        let up = |x: usize, y: usize| {
            self.chains(x, n)
                .iter()
                .filter(|c| c.len() >= 2 && *c.last().unwrap() == y)
                .map(|c| c.len() - 1)
                .min()
        };
        let mut lineal: Option<(usize, bool, bool)> = None; // steps, b is ancestor, step
        for (x, y, anc) in [(a, b, true), (b, a, false)] {
            if let Some(s) = up(x, y) {
                lineal = Some((s, anc, false));
            }
        }
        for (x, y, anc) in [(a, b, true), (b, a, false)] {
            if self.step.contains(&(x, y)) && lineal.is_none_or(|(s, ..)| s > 1) {
                lineal = Some((1, anc, true));
            }
        }
        if let Some((s, anc, step)) = lineal {
            out.insert(format!("lineal {s} {anc} {step}"));
        }
        for (x, y) in self.collateral(a, b) {
            out.insert(format!("collateral3 {x} {y}"));
        }
        for s in self.affinal(a, b, n) {
            out.insert(format!("near_affinal {} a", s.as_str()));
        }
        for s in self.affinal(b, a, n) {
            out.insert(format!("near_affinal {} b", s.as_str()));
        }
        out
    }
}

pub fn fast_classes(g: &FamilyGraph, a: u32, b: u32) -> BTreeSet<String> {
    fast_classes_within(g, a, b, u32::MAX)
}

pub fn fast_classes_within(g: &FamilyGraph, a: u32, b: u32, limit: u32) -> BTreeSet<String> {
    g.relation_within(a, b, limit)
        .classes
        .iter()
        .map(|c| match c.kind {
            ClassKind::Spouse => "spouse".to_string(),
            ClassKind::Lineal {
                steps,
                b_is_ancestor,
                lineage,
            } => format!(
                "lineal {steps} {b_is_ancestor} {}",
                lineage == Lineage::Step
            ),
            ClassKind::Collateral3 { a, b } => format!("collateral3 {a} {b}"),
            ClassKind::NearAffinal { shape, side } => format!(
                "near_affinal {} {}",
                shape.as_str(),
                if side == Side::A { "a" } else { "b" }
            ),
        })
        .collect()
}
