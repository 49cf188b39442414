//! Relations as JSON for the `kin` command and the Python `FamilyGraph` (docs/outputs.md "kin"):
//! `{"a", "b", "classes": [...], "sets": [...], "path": [...], "description_zh",
//! "description_en"}`, each class an object with its details, path and descriptions.

use super::classify::{ClassKind, KinPath, Relation, Side};
use super::describe::describe;
use super::graph::FamilyGraph;
use super::sets::{RelationSet, sets_of};
use serde_json::{Value, json};

/// A path as JSON: the first person, then each person with the link that reaches them.
pub fn path_json(g: &FamilyGraph, path: &KinPath, mask: bool) -> Value {
    let who = |n: u32| {
        if mask { g.kin_masked(n) } else { g.kin_text(n) }
    };
    let mut steps = vec![json!({"id_number": who(path.from), "edge": Value::Null})];
    for s in &path.steps {
        steps.push(json!({"id_number": who(s.node), "edge": s.edge, "lineage": s.lineage.as_str(), "rows": s.rows}));
    }
    Value::Array(steps)
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
    json!({
        "a": masked(a),
        "b": masked(b),
        "as_of": g.as_of(),
        "classes": relation.classes.iter().map(|c| class_json(g, c.kind, &c.path, mask)).collect::<Vec<_>>(),
        "sets": sets_of(relation, sets, g.as_of()),
        "path": shortest.map_or(Value::Array(vec![]), |c| path_json(g, &c.path, mask)),
        "description_zh": zh,
        "description_en": en,
    })
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
