//! The standard term of a relation (docs/kinship-terms.md): the evidence path read as a chain —
//! the sexes from the ID numbers and the family sheets, the elder and the younger from the
//! birth dates — and looked up in the kinship vocabulary, the most specific chain first
//! (哥哥 before 兄弟; 堂兄 before 堂兄弟). "B is A's 岳父" and, the other way, "A is B's 女婿".

use super::classify::{Edge, KinPath};
use super::graph::FamilyGraph;
use super::relations::{Kin, Lineage, Tie};
use super::terms::{Age, Chain, ChainLink, vocabulary};
use crate::person::Sex;

/// A standard kinship term: the vocabulary entry and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The vocabulary entry.
    pub entry: u32,
    /// The standard term (岳父; 养父 for an adoptive father).
    pub zh: String,
    /// The standard term in English ("father-in-law (wife's father)").
    pub en: String,
}

fn birth(g: &FamilyGraph, node: u32) -> Option<chrono::NaiveDate> {
    match g.kin(node) {
        Some(Kin::Id(id)) => id.birth_date(),
        _ => None,
    }
}

fn other(s: Sex) -> Sex {
    match s {
        Sex::Male => Sex::Female,
        Sex::Female => Sex::Male,
    }
}

/// The links of a path as the vocabulary writes them (a parent's other child is a sibling),
/// each with how the person it reaches compares in age with the path's first person.
fn links(g: &FamilyGraph, path: &KinPath) -> Vec<(ChainLink, Option<Age>)> {
    let first = birth(g, path.from);
    let nodes = path.nodes();
    let mut out = Vec::new();
    let steps = &path.steps;
    let mut i = 0;
    while i < steps.len() {
        let s = &steps[i];
        let from = nodes[i];
        let via_parent = s.edge == Edge::Parent
            && steps.get(i + 1).is_some_and(|n| n.edge == Edge::Child)
            && s.lineage != Lineage::Step
            && steps[i + 1].lineage != Lineage::Step;
        let (tie, to, skip) = if via_parent {
            (Tie::Sibling, steps[i + 1].node, 2)
        } else {
            (Tie::from(s.edge), s.node, 1)
        };
        let sex = g.sex(to).or(match tie {
            Tie::Spouse => g.sex(from).map(other),
            _ => None,
        });
        // The ages from the birth dates, else from the term of the row that declared the
        // step (the 伯父 row says the father's brother is the elder).
        let told = if skip == 1 {
            s.rows.iter().find_map(|&row| g.step_ages(row, from, to))
        } else {
            None
        };
        let age = match tie {
            Tie::Sibling => Age::of(birth(g, to), birth(g, from)).or(told.and_then(|t| t.0)),
            _ => None,
        };
        let to_first =
            Age::of(birth(g, to), first).or(told.filter(|t| t.2 == path.from).and_then(|t| t.1));
        out.push((ChainLink { tie, sex, age }, to_first));
        i += skip;
    }
    out
}

/// The chain keys a list of links may be written as, most specific first: a sibling's
/// elder or younger before the plain sibling; a child's age mark against the first person
/// (堂兄 `f,xb,s&o`) before none.
/// None for more links than the vocabulary's longest chain: the keys grow with the path and
/// double at each sibling of known age, and no entry could match them.
fn keys(links: &[(ChainLink, Option<Age>)], ego: Option<Sex>) -> Vec<String> {
    if links.len() > vocabulary().longest_chain() {
        return Vec::new();
    }
    let mut variants: Vec<Vec<String>> = vec![Vec::new()];
    for (i, (l, to_first)) in links.iter().enumerate() {
        let mut codes = vec![l.code().to_string()];
        if l.tie == Tie::Sibling && l.age.is_some() {
            codes.push(ChainLink { age: None, ..*l }.code().to_string());
        }
        if i > 0
            && l.tie == Tie::Child
            && let Some(a) = to_first
        {
            let mark = if *a == Age::Older { "&o" } else { "&l" };
            codes = codes
                .iter()
                .map(|c| format!("{c}{mark}"))
                .chain(codes.iter().cloned())
                .collect();
        }
        variants = variants
            .into_iter()
            .flat_map(|v| {
                codes.iter().map(move |c| {
                    let mut v = v.clone();
                    v.push(c.clone());
                    v
                })
            })
            .collect();
    }
    let mut out = Vec::new();
    for v in variants {
        let key = v.join(",");
        if let Some(s) = ego {
            out.push(format!("{},{key}", if s == Sex::Male { "1" } else { "0" }));
        }
        out.push(key);
    }
    out
}

/// The vocabulary entry naming a chain: the chain itself, else the nearest more general one
/// (an elder brother's chain falls back to a brother's).
pub fn entry_of_chain(chain: &Chain) -> Option<u32> {
    let links: Vec<(ChainLink, Option<Age>)> = chain
        .links
        .iter()
        .copied()
        .zip(chain.to_person.iter().copied())
        .collect();
    let vocab = vocabulary();
    keys(&links, chain.ego_sex)
        .iter()
        .find_map(|k| vocab.by_chain(k))
}

/// The standard term of what the path's last person is to its first, when the vocabulary has
/// one for its chain.
pub fn term_of(g: &FamilyGraph, path: &KinPath) -> Option<Term> {
    let vocab = vocabulary();
    let links = links(g, path);
    if links.is_empty() {
        return None;
    }
    let entry = keys(&links, g.sex(path.from))
        .iter()
        .find_map(|k| vocab.by_chain(k))?;
    let e = vocab.entry(entry)?;
    let (mut zh, mut en) = (e.term_zh().to_string(), e.en.clone());
    // 养父, 继女: the lineage of a single parent–child link.
    if let [s] = path.steps.as_slice()
        && matches!(s.edge, Edge::Parent | Edge::Child)
    {
        let short: String = zh.chars().take(1).collect();
        match s.lineage {
            Lineage::Adoptive => (zh, en) = (format!("养{short}"), format!("adoptive {en}")),
            Lineage::Step => (zh, en) = (format!("继{short}"), format!("step{en}")),
            Lineage::Blood => {}
        }
    }
    Some(Term { entry, zh, en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_go_from_specific_to_general() {
        let l = |c: &str, a| (ChainLink::parse(c).unwrap(), a);
        assert_eq!(
            keys(&[l("f", None), l("ob", None)], None),
            vec!["f,ob", "f,xb"]
        );
        assert_eq!(
            keys(
                &[l("f", None), l("xb", None), l("s", Some(Age::Older))],
                Some(Sex::Male)
            ),
            vec!["1,f,xb,s&o", "f,xb,s&o", "1,f,xb,s", "f,xb,s"]
        );
    }

    #[test]
    fn a_path_longer_than_every_chain_has_no_keys() {
        // Forty elder brothers in a row would be 2^40 keys written out.
        let elder = (ChainLink::parse("ob").unwrap(), Some(Age::Older));
        let longest = vocabulary().longest_chain();
        assert!((2..10).contains(&longest), "{longest}");
        assert!(keys(&[elder; 40], Some(Sex::Male)).is_empty());
        assert!(!keys(&vec![elder; longest], Some(Sex::Male)).is_empty());
    }
}
