//! `huanjie.FamilyGraph`: kinship classes and relatives from a relations table.

use crate::errors::{HuanjieError, to_py};
use crate::packs::RulePack;
use crate::run::as_date;
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use huanjie::error::Location;
use huanjie::kinship::{relation_json, sets_of};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::sync::Arc;

/// The family graph of a relations table on one reference date.
#[pyclass(frozen, module = "huanjie._huanjie")]
pub(crate) struct FamilyGraph {
    graph: huanjie::kinship::FamilyGraph,
    pack: huanjie::RulePack,
    /// The rows left out (unknown terms, terms the ID numbers contradict, …), as messages.
    problems: Vec<(u32, Option<String>, &'static str, String)>,
}

impl FamilyGraph {
    fn node(&self, who: &str, which: &str) -> PyResult<Option<u32>> {
        if !who.trim().starts_with("key:") {
            huanjie::ResidentId::parse(who).map_err(|e| {
                crate::errors::InvalidIdError::new_err(format!("person {which}: {e}"))
            })?;
        }
        Ok(self.graph.find(who))
    }
}

#[pymethods]
impl FamilyGraph {
    #[new]
    #[pyo3(signature = (relations, *, as_of, pack=None, strict=false))]
    fn new(
        py: Python<'_>,
        relations: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
        pack: Option<&RulePack>,
        strict: bool,
    ) -> PyResult<Self> {
        let as_of = as_date(as_of, "as_of")?;
        let pack = match pack {
            Some(p) => p.0.clone(),
            None => huanjie::RulePack::builtin(huanjie::pack::DEFAULT_PACK)
                .map_err(|e| to_py(e.into()))?,
        };
        let batches = crate::input::table(relations, "relations")?.batches;
        let at = Location {
            table: "relations".into(),
            ..Location::default()
        };
        // A cycle or two blood fathers raise; a row that cannot be read is left out and listed
        // in `problems` (with `strict=True`, the first of them raises).
        let (graph, problems) = py
            .detach(|| {
                let mut rel = huanjie::table::relations_from_batches(&batches, &at)?;
                rel.bound_dates(&pack.date_bounds(as_of)?);
                if strict {
                    let g = huanjie::kinship::FamilyGraph::build(&rel, as_of, &at)?;
                    return Ok::<_, huanjie::Error>((g, Vec::new()));
                }
                let (g, problems) = huanjie::kinship::FamilyGraph::build_checked(&rel, as_of)?;
                let problems = problems
                    .iter()
                    .map(|p| {
                        (
                            p.rows().first().copied().unwrap_or(0),
                            p.column().map(|c| rel.header(c)),
                            p.code(),
                            p.what(),
                        )
                    })
                    .collect();
                Ok((g, problems))
            })
            .map_err(to_py)?;
        Ok(FamilyGraph {
            graph,
            pack,
            problems,
        })
    }

    /// The rows left out of the graph, each a dict `row` (0-based), `column`, `kind`
    /// (`unreadable`, `term_mismatch`, `ambiguous_term`, `term_conflict`, …), `message`:
    /// an unknown term, a term the ID numbers contradict, a term whose readings differ
    /// (docs/kinship-terms.md). Empty when every row was read.
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, pyo3::types::PyDict>>> {
        self.problems
            .iter()
            .map(|(row, column, kind, message)| {
                let d = pyo3::types::PyDict::new(py);
                d.set_item("row", row)?;
                d.set_item("column", column)?;
                d.set_item("kind", kind)?;
                d.set_item("message", message)?;
                Ok(d)
            })
            .collect()
    }

    /// The reference date.
    #[getter]
    fn as_of(&self) -> chrono::NaiveDate {
        self.graph.as_of()
    }

    /// Every class between `a` and `b` (ID numbers or `key:<text>`), as a dict.
    #[pyo3(signature = (a, b, *, mask_ids=false))]
    fn relation<'py>(
        &self,
        py: Python<'py>,
        a: &str,
        b: &str,
        mask_ids: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (x, y) = (self.node(a, "a")?, self.node(b, "b")?);
        if x.is_some() && x == y {
            return Err(HuanjieError::new_err("a and b are the same person"));
        }
        let relation = match (x, y) {
            (Some(x), Some(y)) => self.graph.relation(x, y),
            _ => huanjie::kinship::Relation::unrelated(),
        };
        let mut doc = relation_json(
            &self.graph,
            &relation,
            &self.pack.relation_sets,
            a.trim(),
            b.trim(),
            mask_ids,
        );
        // A person the relations table does not name is not "not related": nothing is known
        // of their family. The result says which (`not_in_relations`: "a", "b").
        let absent: Vec<&str> = [(x, "a"), (y, "b")]
            .into_iter()
            .filter_map(|(n, w)| n.is_none().then_some(w))
            .collect();
        if let serde_json::Value::Object(m) = &mut doc {
            m.insert("not_in_relations".into(), absent.into());
        }
        py.import("json")?.call_method1("loads", (doc.to_string(),))
    }

    /// Everyone in the relation set `set` to the person `a`, nearest first: a table of
    /// `relative`, `classes`, `sets`, `steps`, `description_zh`, `description_en`, `path` (JSON).
    #[pyo3(signature = (a, *, set="official_avoidance", mask_ids=false))]
    fn relatives(&self, py: Python<'_>, a: &str, set: &str, mask_ids: bool) -> PyResult<PyTable> {
        let x = known(self.node(a, "a")?, "a")?;
        let rs = self
            .pack
            .relation_sets
            .iter()
            .find(|s| s.name == set)
            .ok_or_else(|| {
                HuanjieError::new_err(format!(
                    "pack {} has no relation set {set:?}",
                    self.pack.name
                ))
            })?;
        let list = py.detach(|| self.graph.relatives(x, rs));
        let who = |n: u32| {
            if mask_ids {
                self.graph.kin_masked(n)
            } else {
                self.graph.kin_text(n)
            }
        };
        let item = Arc::new(Field::new("item", DataType::Utf8, true));
        let mut classes = ListBuilder::new(StringBuilder::new()).with_field(item.clone());
        let mut sets = ListBuilder::new(StringBuilder::new()).with_field(item.clone());
        let (mut relative, mut steps, mut zh, mut en, mut path) =
            (vec![], vec![], vec![], vec![], vec![]);
        let (mut term_zh, mut term_en): (Vec<Option<String>>, Vec<Option<String>>) =
            (vec![], vec![]);
        for r in &list {
            relative.push(who(r.b));
            let mut names: Vec<&str> = Vec::new();
            for c in &r.classes {
                if !names.contains(&c.kind.name()) {
                    names.push(c.kind.name());
                }
            }
            names.iter().for_each(|n| classes.values().append_value(n));
            classes.append(true);
            sets_of(r, &self.pack.relation_sets, self.graph.as_of())
                .iter()
                .for_each(|n| sets.values().append_value(n));
            sets.append(true);
            let shortest = r.shortest();
            steps.push(shortest.map(|c| c.path.len() as i64));
            let term = shortest.and_then(|c| huanjie::kinship::term_of(&self.graph, &c.path));
            term_zh.push(term.as_ref().map(|t| t.zh.clone()));
            term_en.push(term.map(|t| t.en));
            let (z, e) = shortest
                .map(|c| huanjie::kinship::describe(&self.graph, &c.path))
                .unwrap_or_default();
            zh.push(z);
            en.push(e);
            path.push(
                shortest
                    .map(|c| {
                        huanjie::kinship::path_json(&self.graph, &c.path, mask_ids).to_string()
                    })
                    .unwrap_or_default(),
            );
        }
        let schema = Arc::new(Schema::new(vec![
            Field::new("relative", DataType::Utf8, false),
            Field::new("term_zh", DataType::Utf8, true),
            Field::new("term_en", DataType::Utf8, true),
            Field::new("classes", DataType::List(item.clone()), true),
            Field::new("sets", DataType::List(item), true),
            Field::new("steps", DataType::Int64, true),
            Field::new("description_zh", DataType::Utf8, false),
            Field::new("description_en", DataType::Utf8, false),
            Field::new("path", DataType::Utf8, false),
        ]));
        let cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(relative)),
            Arc::new(StringArray::from(term_zh)),
            Arc::new(StringArray::from(term_en)),
            Arc::new(classes.finish()),
            Arc::new(sets.finish()),
            Arc::new(Int64Array::from(steps)),
            Arc::new(StringArray::from(zh)),
            Arc::new(StringArray::from(en)),
            Arc::new(StringArray::from(path)),
        ];
        let batch = RecordBatch::try_new(schema.clone(), cols)
            .map_err(|e| HuanjieError::new_err(e.to_string()))?;
        PyTable::try_new(vec![batch], schema)
    }

    /// The number of nodes (persons and sibling groups).
    fn __len__(&self) -> usize {
        self.graph.node_count()
    }

    fn __repr__(&self) -> String {
        format!(
            "FamilyGraph(as_of={}, nodes={}, pack={})",
            self.graph.as_of(),
            self.graph.node_count(),
            self.pack.name
        )
    }
}

/// The node of a person the relations table names; an `InputError` for one it does not name:
/// nothing is known of their family, which is not "not related".
fn known(node: Option<u32>, which: &str) -> PyResult<u32> {
    node.ok_or_else(|| {
        crate::errors::input(
            "relations",
            format!(
                "人员 {which} 不在亲属关系表中，无从判断其亲属关系 person {which} is not in the \
                 relations table: nothing is known of their family"
            ),
        )
    })
}
