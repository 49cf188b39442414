//! What each reading of a term means: the relation classes (docs/domain.md §5.1) its chain gives
//! between the person and the relative, found by the classifier itself on the chain written as
//! rows of the four ties through named persons. Two readings of one term are interchangeable
//! when their classes are the same (姨夫: 近姻亲 either way); otherwise the term needs review.

use super::classify::ClassKind;
use super::graph::FamilyGraph;
use super::relations::{RelationRow, Relations};
use super::terms::{Chain, vocabulary};
use std::sync::OnceLock;

/// The rows of the four ties that write a chain through named persons `key:<prefix>0` (the
/// person) … `key:<prefix>k` (the relative).
pub fn chain_rows(chain: &Chain, prefix: &str) -> Vec<(String, String, &'static str)> {
    chain
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                format!("key:{prefix}{i}"),
                format!("key:{prefix}{}", i + 1),
                l.words().0,
            )
        })
        .collect()
}

/// The classes a chain gives between its ends, as sorted canonical strings (`spouse`,
/// `lineal <steps> <ancestor|descendant>`, `collateral3 <a> <b>`, `near_affinal`).
pub fn chain_classes(chain: &Chain) -> Vec<String> {
    let mut rel = Relations::default();
    for (p, q, w) in chain_rows(chain, "") {
        rel.push(&RelationRow {
            person: Some(&p),
            relative: Some(&q),
            relation: Some(w),
            ..Default::default()
        });
    }
    // The reference date only decides marriages with dates; these rows have none.
    let as_of = chrono::NaiveDate::MIN;
    // (Every word of these rows has one reading: no signature is asked for.)
    let (g, _) = FamilyGraph::build_once(&rel, as_of, &Default::default(), &|_| String::new());
    let (Some(a), Some(b)) = (
        g.find("key:0"),
        g.find(&format!("key:{}", chain.links.len())),
    ) else {
        return Vec::new();
    };
    let mut out: Vec<String> = g
        .relation(a, b)
        .classes
        .iter()
        .map(|c| match c.kind {
            ClassKind::Spouse => "spouse".to_string(),
            ClassKind::Lineal {
                steps,
                b_is_ancestor,
                ..
            } => format!(
                "lineal {steps} {}",
                if b_is_ancestor {
                    "ancestor"
                } else {
                    "descendant"
                }
            ),
            ClassKind::Collateral3 { a, b } => format!("collateral3 {a} {b}"),
            ClassKind::NearAffinal { .. } => "near_affinal".to_string(),
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The classes of every vocabulary entry, computed once.
fn all() -> &'static [String] {
    static S: OnceLock<Vec<String>> = OnceLock::new();
    S.get_or_init(|| {
        vocabulary()
            .entries()
            .iter()
            .map(|e| chain_classes(&e.chain).join("; "))
            .collect()
    })
}

/// The classes of a vocabulary entry's chain, joined (`near_affinal`; empty: none).
pub fn signature(entry: u32) -> &'static str {
    all().get(entry as usize).map_or("", String::as_str)
}

/// The classes of an entry for a reviewer, in Chinese and English (近姻亲 / near_affinal;
/// 不属近亲属 / no close relation).
pub fn classes_text(entry: u32) -> (String, String) {
    let s = signature(entry);
    if s.is_empty() {
        return ("不属近亲属".into(), "no close relation".into());
    }
    let mut zh: Vec<&str> = s
        .split("; ")
        .map(|c| match c.split(' ').next() {
            Some("spouse") => "夫妻",
            Some("lineal") => "直系血亲",
            Some("collateral3") => "三代以内旁系血亲",
            _ => "近姻亲",
        })
        .collect();
    zh.dedup();
    (zh.join("、"), s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_of_known_terms() {
        let c = |t: &str| chain_classes(&Chain::parse(t).unwrap());
        assert_eq!(c("w,f"), vec!["near_affinal"]);
        assert_eq!(c("f,f"), vec!["lineal 2 ancestor"]);
        assert_eq!(c("f,xb,s&o"), vec!["collateral3 2 2"]);
        assert_eq!(c("m,m,xb"), Vec::<String>::new());
        assert_eq!(c("h,m,xb"), vec!["near_affinal"]);
        assert_eq!(c("m,xs,h"), c("w,xs,h"), "姨夫 either way");
    }
}
