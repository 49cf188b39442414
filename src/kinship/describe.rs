//! Readable descriptions of an evidence path, in Chinese and English: what B is to A
//! ("配偶的兄弟 / spouse's brother", "父亲的兄弟的儿子 / father's brother's son").

use super::classify::{Edge, KinPath};
use super::graph::FamilyGraph;
use super::relations::Lineage;
use super::terms::ChainLink;
use crate::person::Sex;

fn word(edge: Edge, sex: Option<Sex>, lineage: Lineage) -> (String, String) {
    // (The link's own words: a path's sibling is told without elder or younger.)
    let (zh, en) = ChainLink {
        tie: edge.into(),
        sex,
        age: None,
    }
    .words();
    match (edge, lineage) {
        (Edge::Parent | Edge::Child, Lineage::Adoptive) => {
            // 养父, 养女: the first character of the word goes.
            let short: String = zh.chars().take(1).collect();
            (format!("养{short}"), format!("adoptive {en}"))
        }
        (Edge::Parent | Edge::Child, Lineage::Step) => {
            let short: String = zh.chars().take(1).collect();
            (format!("继{short}"), format!("step{en}"))
        }
        _ => (zh.to_string(), en.to_string()),
    }
}

/// The words of a path: a parent's child (other than oneself) reads as a sibling.
fn words(graph: &FamilyGraph, path: &KinPath) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let steps = &path.steps;
    let mut i = 0;
    while i < steps.len() {
        let s = &steps[i];
        if s.edge == Edge::Parent
            && steps.get(i + 1).is_some_and(|n| n.edge == Edge::Child)
            && s.lineage != Lineage::Step
            && steps[i + 1].lineage != Lineage::Step
        {
            let n = &steps[i + 1];
            out.push(word(Edge::Sibling, graph.sex(n.node), Lineage::Blood));
            i += 2;
        } else {
            out.push(word(s.edge, graph.sex(s.node), s.lineage));
            i += 1;
        }
    }
    out
}

/// What the path's last person is to its first, in Chinese and English.
pub fn describe(graph: &FamilyGraph, path: &KinPath) -> (String, String) {
    let w = words(graph, path);
    let zh = w
        .iter()
        .map(|(z, _)| z.as_str())
        .collect::<Vec<_>>()
        .join("的");
    let en = w
        .iter()
        .map(|(_, e)| e.as_str())
        .collect::<Vec<_>>()
        .join("'s ");
    (zh, en)
}
