//! Kinship (docs/domain.md §5.1): the fast classifier against a brute-force oracle of the
//! definitions on thousands of random families, and the properties the classes must have.

use huanjie::error::Location;
use huanjie::kinship::{ClassKind, Edge, FamilyGraph, KinProblem, Lineage, RelationRow, Relations};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashSet};

#[path = "common/kin_oracle.rs"]
mod kin_oracle;
use kin_oracle::{Family, Oracle, fast_classes, fast_classes_within};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn family() -> impl Strategy<Value = Family> {
    (3usize..10).prop_flat_map(|n| {
        let parent =
            (0..n, 0..n, 0u8..10).prop_filter_map("parent above child", move |(c, p, l)| {
                (c < p).then_some((
                    c,
                    p,
                    match l {
                        0 => Lineage::Adoptive,
                        1 => Lineage::Step,
                        _ => Lineage::Blood,
                    },
                ))
            });
        let pair = (0..n, 0..n).prop_filter("two persons", |(a, b)| a != b);
        (
            Just(n),
            prop::collection::vec(parent, 0..n * 2),
            prop::collection::vec((pair.clone(), any::<bool>()), 0..n / 2 + 2),
            prop::collection::vec(pair, 0..3),
        )
            .prop_map(|(n, parents, marriages, siblings)| {
                // At most two blood parents each; one link per (child, parent).
                let mut seen = HashSet::new();
                let mut blood = vec![0; n];
                let parents = parents
                    .into_iter()
                    .filter(|&(c, p, l)| {
                        if !seen.insert((c, p)) {
                            return false;
                        }
                        if l == Lineage::Blood {
                            blood[c] += 1;
                            return blood[c] <= 2;
                        }
                        true
                    })
                    .collect();
                Family {
                    n,
                    parents,
                    marriages: marriages
                        .into_iter()
                        .map(|((a, b), counts)| (a, b, counts))
                        .collect(),
                    siblings,
                }
            })
    })
}

/// A relations row as text: person, relative, relation, start and end dates.
type Row<'a> = (String, String, &'a str, Option<&'a str>, Option<&'a str>);
type RowRef<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);

fn key(i: usize) -> String {
    format!("key:p{i}")
}

/// The relations table of a family, rows in the given order (person names permuted by `name`).
fn relations(f: &Family, name: &dyn Fn(usize) -> String, reverse: bool) -> Relations {
    let mut rows: Vec<Row<'_>> = Vec::new();
    for &(c, p, l) in &f.parents {
        let word = match l {
            Lineage::Blood => "parent",
            Lineage::Adoptive => "养父母",
            Lineage::Step => "继父母",
        };
        rows.push((name(c), name(p), word, None, None));
    }
    for &(a, b, counts) in &f.marriages {
        let end = if counts { None } else { Some("2020-01-01") };
        rows.push((name(a), name(b), "spouse", Some("2000-01-01"), end));
    }
    for &(a, b) in &f.siblings {
        rows.push((name(a), name(b), "sibling", None, None));
    }
    if reverse {
        rows.reverse();
    }
    let mut r = Relations::default();
    for (p, q, rel, s, e) in &rows {
        r.push(&RelationRow {
            person: Some(p),
            relative: Some(q),
            relation: Some(rel),
            start_date: *s,
            end_date: *e,
            ..Default::default()
        });
    }
    r
}

/// Every step of every path is a link of the graph.
fn paths_are_links(g: &FamilyGraph, a: u32, b: u32) {
    for c in g.relation(a, b).classes {
        assert_eq!(c.path.from, a);
        assert_eq!(c.path.to(), b, "{:?}", c.kind);
        let mut prev = a;
        for s in &c.path.steps {
            let ok = match s.edge {
                Edge::Parent => g.parents(prev).iter().any(|l| l.node == s.node),
                Edge::Child => g.children(prev).iter().any(|l| l.node == s.node),
                Edge::Spouse => g.spouses(prev).iter().any(|l| l.node == s.node),
                Edge::Sibling => g.parents(prev).iter().any(|l| {
                    g.node_kind(l.node) == Some(huanjie::kinship::Node::SiblingGroup)
                        && g.children(l.node).iter().any(|m| m.node == s.node)
                }),
            };
            assert!(ok, "{:?} step {:?} is not a link", c.kind, s.edge);
            prev = s.node;
        }
    }
}

fn graph(f: &Family, name: &dyn Fn(usize) -> String, reverse: bool) -> FamilyGraph {
    FamilyGraph::build(
        &relations(f, name, reverse),
        day("2021-01-15"),
        &Location::default(),
    )
    .expect("random families are well formed")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_classifier_agrees_with_the_oracle(f in family()) {
        let g = graph(&f, &key, false);
        let o = Oracle::new(&f);
        for a in 0..f.n {
            for b in 0..f.n {
                if a == b { continue; }
                let (Some(x), Some(y)) = (g.find(&key(a)), g.find(&key(b))) else {
                    // Someone in no row relates to nobody.
                    prop_assert!(o.classes(a, b, f.n).is_empty());
                    continue;
                };
                prop_assert_eq!(fast_classes(&g, x, y), o.classes(a, b, f.n), "pair {} {}", a, b);
                paths_are_links(&g, x, y);
            }
        }
    }

    #[test]
    fn a_lineal_limit_only_drops_deeper_lines(f in family(), limit in 0u32..4) {
        let g = graph(&f, &key, false);
        for a in 0..g.node_count() as u32 {
            for b in 0..g.node_count() as u32 {
                let all = fast_classes(&g, a, b);
                let within: BTreeSet<String> = g
                    .relation_within(a, b, limit)
                    .classes
                    .iter()
                    .map(|c| match c.kind {
                        ClassKind::Lineal { steps, b_is_ancestor, lineage } => {
                            format!("lineal {steps} {b_is_ancestor} {}", lineage == Lineage::Step)
                        }
                        _ => String::new(),
                    })
                    .filter(|s| !s.is_empty())
                    .collect();
                let expected: BTreeSet<String> = all
                    .iter()
                    .filter(|c| c.starts_with("lineal"))
                    .filter(|c| {
                        let p: Vec<&str> = c.split(' ').collect();
                        p[3] == "true" || p[1].parse::<u32>().unwrap() <= limit
                    })
                    .cloned()
                    .collect();
                prop_assert_eq!(within, expected, "pair {} {} limit {}", a, b, limit);
                // The other classes do not depend on the limit.
                let others = |set: &BTreeSet<String>| -> BTreeSet<String> {
                    set.iter().filter(|c| !c.starts_with("lineal")).cloned().collect()
                };
                let within_all: BTreeSet<String> = fast_classes_within(&g, a, b, limit);
                prop_assert_eq!(others(&within_all), others(&all));
            }
        }
    }

    #[test]
    fn relations_are_symmetric(f in family()) {
        let g = graph(&f, &key, false);
        let mirror = |s: &str| -> String {
            let p: Vec<&str> = s.split(' ').collect();
            match p[0] {
                "lineal" => format!("lineal {} {} {}", p[1], p[2] != "true", p[3]),
                "collateral3" => format!("collateral3 {} {}", p[2], p[1]),
                "near_affinal" => format!("near_affinal {} {}", p[1], if p[2] == "a" { "b" } else { "a" }),
                _ => s.to_string(),
            }
        };
        for a in 0..g.node_count() as u32 {
            for b in 0..g.node_count() as u32 {
                let ab: BTreeSet<String> = fast_classes(&g, a, b).iter().map(|s| mirror(s)).collect();
                prop_assert_eq!(ab, fast_classes(&g, b, a));
            }
        }
    }

    #[test]
    fn renaming_and_reordering_change_nothing(f in family()) {
        let g1 = graph(&f, &key, false);
        let other = |i: usize| format!("key:someone-{}", 1000 - i);
        let g2 = graph(&f, &other, true);
        for a in 0..f.n {
            for b in 0..f.n {
                if let (Some(x), Some(y)) = (g1.find(&key(a)), g1.find(&key(b))) {
                    let (x2, y2) = (g2.find(&other(a)).unwrap(), g2.find(&other(b)).unwrap());
                    prop_assert_eq!(fast_classes(&g1, x, y), fast_classes(&g2, x2, y2));
                    let r1 = g1.relation(x, y);
                    let r2 = g2.relation(x2, y2);
                    let lens1: Vec<usize> = r1.classes.iter().map(|c| c.path.len()).collect();
                    let lens2: Vec<usize> = r2.classes.iter().map(|c| c.path.len()).collect();
                    prop_assert_eq!(lens1, lens2);
                }
            }
        }
    }

    #[test]
    fn adding_a_fact_never_removes_a_class(f in family(), extra in (0usize..10, 0usize..10, 0u8..3)) {
        let (c, p, kind) = (extra.0 % f.n, extra.1 % f.n, extra.2);
        prop_assume!(c != p);
        let mut more = f.clone();
        match kind {
            0 if c < p && !f.parents.iter().any(|&(x, y, _)| (x, y) == (c, p))
                && f.parents.iter().filter(|&&(x, _, l)| x == c && l == Lineage::Blood).count() < 2 =>
            {
                more.parents.push((c, p, Lineage::Blood))
            }
            1 => more.marriages.push((c, p, true)),
            2 => more.siblings.push((c, p)),
            _ => return Ok(()),
        }
        let (g1, g2) = (graph(&f, &key, false), graph(&more, &key, false));
        for a in 0..f.n {
            for b in 0..f.n {
                if let (Some(x), Some(y)) = (g1.find(&key(a)), g1.find(&key(b))) {
                    let before = fast_classes(&g1, x, y);
                    let after = fast_classes(&g2, g2.find(&key(a)).unwrap(), g2.find(&key(b)).unwrap());
                    // A shorter lineal line may replace a longer one; every other class stays.
                    for c in before.iter().filter(|c| !c.starts_with("lineal")) {
                        prop_assert!(after.contains(c), "{} lost {}", a, c);
                    }
                    if before.iter().any(|c| c.starts_with("lineal")) {
                        prop_assert!(after.iter().any(|c| c.starts_with("lineal")));
                    }
                }
            }
        }
    }
}

fn build(rows: &[(&str, &str, &str)]) -> FamilyGraph {
    let mut r = Relations::default();
    for (p, q, rel) in rows {
        r.push(&RelationRow {
            person: Some(p),
            relative: Some(q),
            relation: Some(rel),
            ..Default::default()
        });
    }
    FamilyGraph::build(&r, day("2021-01-15"), &Location::default()).unwrap()
}

fn problems(rows: &[RowRef<'_>]) -> Vec<KinProblem> {
    let mut r = Relations::default();
    for (p, q, rel, s, e) in rows {
        r.push(&RelationRow {
            person: Some(p),
            relative: Some(q),
            relation: Some(rel),
            start_date: *s,
            end_date: *e,
            ..Default::default()
        });
    }
    FamilyGraph::build_lenient(&r, day("2021-01-15")).1
}

#[test]
fn unrelated_components_never_relate() {
    let g = build(&[("key:a", "key:b", "父亲"), ("key:c", "key:d", "妻子")]);
    for x in ["key:a", "key:b"] {
        for y in ["key:c", "key:d"] {
            assert!(
                g.relation(g.find(x).unwrap(), g.find(y).unwrap())
                    .is_unrelated()
            );
        }
    }
}

#[test]
fn a_long_chain_and_a_large_family_answer_without_recursion() {
    // 100,000 generations: lineal at any depth, no stack overflow.
    let n = 100_000;
    let mut r = Relations::default();
    for i in 0..n {
        let (c, p) = (format!("key:g{i}"), format!("key:g{}", i + 1));
        r.push(&RelationRow {
            person: Some(&c),
            relative: Some(&p),
            relation: Some("父亲"),
            ..Default::default()
        });
    }
    let g = FamilyGraph::build(&r, day("2021-01-15"), &Location::default()).unwrap();
    let rel = g.relation(
        g.find("key:g0").unwrap(),
        g.find(&format!("key:g{n}")).unwrap(),
    );
    assert!(matches!(rel.classes[0].kind, ClassKind::Lineal { steps, .. } if steps == n as u32));
    // One person with 10,000 children.
    let mut r = Relations::default();
    for i in 0..10_000 {
        let c = format!("key:c{i}");
        r.push(&RelationRow {
            person: Some("key:root"),
            relative: Some(&c),
            relation: Some("子女"),
            ..Default::default()
        });
    }
    let g = FamilyGraph::build(&r, day("2021-01-15"), &Location::default()).unwrap();
    let rel = g.relation(g.find("key:c1").unwrap(), g.find("key:c9999").unwrap());
    assert_eq!(rel.classes.len(), 1);
    assert!(matches!(
        rel.classes[0].kind,
        ClassKind::Collateral3 { a: 1, b: 1 }
    ));
}

#[test]
fn structural_problems_are_found_with_their_rows() {
    // A cycle: a's father is b, b's father is c, c's father is a.
    let p = problems(&[
        ("key:a", "key:b", "父亲", None, None),
        ("key:b", "key:c", "父亲", None, None),
        ("key:c", "key:a", "父亲", None, None),
    ]);
    assert!(
        p.iter()
            .any(|x| matches!(x, KinProblem::Cycle { rows } if rows == &vec![0, 1, 2])),
        "{p:?}"
    );
    let p = problems(&[
        ("key:a", "key:b", "父亲", None, None),
        ("key:a", "key:c", "父亲", None, None),
    ]);
    assert!(matches!(&p[..], [KinProblem::TooManyBloodParents { rows }] if rows == &vec![0, 1]));
    // An adoptive father besides the blood father is fine.
    assert!(
        problems(&[
            ("key:a", "key:b", "父亲", None, None),
            ("key:a", "key:c", "养父", None, None),
        ])
        .is_empty()
    );
    let p = problems(&[("key:a", "key:a", "配偶", None, None)]);
    assert!(matches!(&p[..], [KinProblem::SelfRelation { row: 0 }]));
    let p = problems(&[(
        "key:a",
        "key:b",
        "配偶",
        Some("2010-01-01"),
        Some("2009-01-01"),
    )]);
    assert!(matches!(
        &p[..],
        [KinProblem::MarriageEndsBeforeStart { row: 0 }]
    ));
    let p = problems(&[("640104199001011234", "key:b", "父亲", None, None)]);
    assert!(matches!(
        &p[..],
        [KinProblem::Unreadable {
            row: 0,
            column: "person",
            ..
        }]
    ));
    // A compound term reads (issue 19); a word of no vocabulary does not.
    assert!(problems(&[("key:a", "key:b", "儿媳", None, None)]).is_empty());
    let p = problems(&[("key:a", "key:b", "朋友", None, None)]);
    assert!(matches!(
        &p[..],
        [KinProblem::Unreadable {
            row: 0,
            column: "relation",
            ..
        }]
    ));
    // The errors name the row and never the number.
    let mut r = Relations::default();
    r.push(&RelationRow {
        person: Some("640104199001011234"),
        relative: Some("key:b"),
        relation: Some("父亲"),
        ..Default::default()
    });
    let e = FamilyGraph::build(
        &r,
        day("2021-01-15"),
        &Location {
            table: "relations".into(),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("row 0") && e.contains("person") && !e.contains("640104199001011234"),
        "{e}"
    );
}
