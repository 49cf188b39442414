//! Readable descriptions of an evidence path, in Chinese and English: what B is to A
//! ("配偶的兄弟 / spouse's brother", "父亲的兄弟的儿子 / father's brother's son").

use super::classify::{Edge, KinPath};
use super::graph::FamilyGraph;
use super::relations::Lineage;
use crate::person::Sex;

fn word(edge: Edge, sex: Option<Sex>, lineage: Lineage) -> (String, String) {
    let (zh, en) = match (edge, sex) {
        (Edge::Parent, Some(Sex::Male)) => ("父亲", "father"),
        (Edge::Parent, Some(Sex::Female)) => ("母亲", "mother"),
        (Edge::Parent, None) => ("父母", "parent"),
        (Edge::Child, Some(Sex::Male)) => ("儿子", "son"),
        (Edge::Child, Some(Sex::Female)) => ("女儿", "daughter"),
        (Edge::Child, None) => ("子女", "child"),
        (Edge::Spouse, Some(Sex::Male)) => ("丈夫", "husband"),
        (Edge::Spouse, Some(Sex::Female)) => ("妻子", "wife"),
        (Edge::Spouse, None) => ("配偶", "spouse"),
        (Edge::Sibling, Some(Sex::Male)) => ("兄弟", "brother"),
        (Edge::Sibling, Some(Sex::Female)) => ("姐妹", "sister"),
        (Edge::Sibling, None) => ("兄弟姐妹", "sibling"),
    };
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
