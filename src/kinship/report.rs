//! Relations as JSON for the `kin` command and the Python `FamilyGraph` (docs/outputs.md "kin"):
//! `{"a", "b", "term_zh", "term_en", "reverse_term_zh", "reverse_term_en", "classes": [...],
//! "sets": [...], "path": [...], "description_zh", "description_en"}`, each class an object
//! with its details, term, path and descriptions. A person a compound term inferred is shown
//! as `inferred:<what>@row<r>` with an `inferred` object naming the row.

use super::classify::{ClassKind, KinPath, Relation, Side};
use super::describe::describe;
use super::graph::FamilyGraph;
use super::naming::{Term, term_of};
use super::sets::{RelationSet, sets_of};
use serde_json::{Value, json};

/// A path as JSON: the first person, then each person with the link that reaches them.
pub fn path_json(g: &FamilyGraph, path: &KinPath, mask: bool) -> Value {
    let who = |n: u32| {
        if mask { g.kin_masked(n) } else { g.kin_text(n) }
    };
    let mut steps = vec![json!({"id_number": who(path.from), "edge": Value::Null})];
    for s in &path.steps {
        let mut step = json!({"id_number": who(s.node), "edge": s.edge, "lineage": s.lineage.as_str(), "rows": s.rows});
        if let Value::Object(m) = &mut step {
            if let Some(p) = g.inferred(s.node) {
                let (zh, en) = p.description(super::terms::vocabulary());
                m.insert(
                    "inferred".into(),
                    json!({"row": p.row, "as_zh": zh, "as_en": en}),
                );
            }
            if s.rows
                .iter()
                .any(|r| g.agreeing_rows().binary_search(r).is_ok())
            {
                m.insert("readings_agree".into(), Value::Bool(true));
            }
        }
        steps.push(step);
    }
    Value::Array(steps)
}

/// The standard terms of a path both ways: what its last person is to its first, and what
/// the first is to the last.
pub fn terms_of(g: &FamilyGraph, path: &KinPath) -> (Option<Term>, Option<Term>) {
    (term_of(g, path), term_of(g, &path.reversed()))
}

fn term_fields(m: &mut serde_json::Map<String, Value>, terms: (Option<Term>, Option<Term>)) {
    let (t, r) = terms;
    m.insert("term_zh".into(), json!(t.as_ref().map(|t| &t.zh)));
    m.insert("term_en".into(), json!(t.as_ref().map(|t| &t.en)));
    m.insert("reverse_term_zh".into(), json!(r.as_ref().map(|t| &t.zh)));
    m.insert("reverse_term_en".into(), json!(r.as_ref().map(|t| &t.en)));
}

/// One class as JSON.
pub fn class_json(g: &FamilyGraph, kind: ClassKind, path: &KinPath, mask: bool) -> Value {
    let (zh, en) = describe(g, path);
    let mut v = json!({"class": kind.name(), "class_zh": kind.name_zh()});
    if let Value::Object(m) = &mut v {
        match kind {
            ClassKind::Spouse => {}
            ClassKind::Lineal {
                steps,
                b_is_ancestor,
                lineage,
            } => {
                m.insert("steps".into(), json!(steps));
                m.insert(
                    "b_is".into(),
                    json!(if b_is_ancestor {
                        "ancestor"
                    } else {
                        "descendant"
                    }),
                );
                m.insert("lineage".into(), json!(lineage.as_str()));
            }
            ClassKind::Collateral3 { a, b } => {
                m.insert("a".into(), json!(a));
                m.insert("b".into(), json!(b));
            }
            ClassKind::NearAffinal { shape, side } => {
                m.insert("shape".into(), json!(shape.as_str()));
                m.insert("item".into(), json!(shape.item()));
                m.insert(
                    "side".into(),
                    json!(if side == Side::A { "a" } else { "b" }),
                );
            }
        }
        term_fields(m, terms_of(g, path));
        m.insert("path".into(), path_json(g, path, mask));
        m.insert("description_zh".into(), json!(zh));
        m.insert("description_en".into(), json!(en));
    }
    v
}

/// A relation between two persons as JSON; `a` and `b` as given (or masked).
pub fn relation_json(
    g: &FamilyGraph,
    relation: &Relation,
    sets: &[RelationSet],
    a: &str,
    b: &str,
    mask: bool,
) -> Value {
    let shortest = relation.shortest();
    let (zh, en) = shortest.map(|c| describe(g, &c.path)).unwrap_or_default();
    let masked = |t: &str| {
        if mask {
            crate::finding::PersonKey::Text(t.to_string()).masked()
        } else {
            t.to_string()
        }
    };
    let mut doc = json!({
        "a": masked(a),
        "b": masked(b),
        "as_of": g.as_of(),
    });
    if let Value::Object(m) = &mut doc {
        term_fields(m, shortest.map_or((None, None), |c| terms_of(g, &c.path)));
        m.insert(
            "classes".into(),
            relation
                .classes
                .iter()
                .map(|c| class_json(g, c.kind, &c.path, mask))
                .collect(),
        );
        m.insert("sets".into(), json!(sets_of(relation, sets, g.as_of())));
        m.insert(
            "path".into(),
            shortest.map_or(Value::Array(vec![]), |c| path_json(g, &c.path, mask)),
        );
        m.insert("description_zh".into(), json!(zh));
        m.insert("description_en".into(), json!(en));
    }
    doc
}

impl FamilyGraph {
    /// Everyone in `set` to the person `a` (the reviewer's view of one candidate), nearest
    /// first, each with every class that holds.
    pub fn relatives(&self, a: u32, set: &RelationSet) -> Vec<Relation> {
        let mut out: Vec<Relation> = self
            .neighbourhood(a, set.depth())
            .into_iter()
            .map(|b| self.relation_within(a, b, set.depth()))
            .filter(|r| set.holds(r))
            .collect();
        out.sort_by_key(|r| (r.shortest().map_or(usize::MAX, |c| c.path.len()), r.b));
        out
    }
}
