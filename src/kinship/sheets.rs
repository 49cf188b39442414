//! Building the family graph from the family sheets (docs/domain.md §5.1,
//! docs/kinship-terms.md): every row's term read through the kinship vocabulary, its readings
//! compared by the classes they give, and a compound term whose persons between contradict
//! other rows left out as a row-local problem rather than stopping the run.

use super::graph::{FamilyGraph, KinProblem};
use super::relations::Relations;
use crate::error::{InputError, Location};
use chrono::NaiveDate;
use std::collections::HashMap;

impl FamilyGraph {
    /// Builds the graph, or the first problem as an error naming the table's row and column
    /// (and how many more there are).
    pub fn build(
        relations: &Relations,
        as_of: NaiveDate,
        at: &Location,
    ) -> Result<FamilyGraph, InputError> {
        let (graph, problems) = Self::build_lenient(relations, as_of);
        match problems.first() {
            None => Ok(graph),
            Some(p) => Err(match p.to_error(at, relations) {
                InputError::BadValue { at, kind, what } if problems.len() > 1 => {
                    InputError::BadValue {
                        at,
                        kind,
                        what: format!("{what} (and {} more problems)", problems.len() - 1),
                    }
                }
                e => e,
            }),
        }
    }

    /// [`FamilyGraph::build_lenient`], with a structural problem (a cycle, too many blood
    /// parents) as the error it is; the row-local problems come back for the caller to report.
    pub fn build_checked(
        relations: &Relations,
        as_of: NaiveDate,
    ) -> Result<(FamilyGraph, Vec<KinProblem>), InputError> {
        let (graph, problems) = FamilyGraph::build_lenient(relations, as_of);
        let at = Location {
            table: "relations".into(),
            ..Location::default()
        };
        match problems.iter().find(|p| !p.is_row_local()) {
            Some(p) => Err(p.to_error(&at, relations)),
            None => Ok((graph, problems)),
        }
    }

    /// Builds the graph from the rows that can be read, with every problem found. Rows with a
    /// row-local problem are left out of the graph; structural problems (cycles, too many
    /// blood parents) are reported with their links kept — except where a compound term
    /// (岳父, 孙子) inferred one of the links: that row then contradicts the others, is left
    /// out, and is a row-local problem ([`KinProblem::TermConflict`]).
    pub fn build_lenient(
        relations: &Relations,
        as_of: NaiveDate,
    ) -> (FamilyGraph, Vec<KinProblem>) {
        let mut excluded: HashMap<u32, Vec<u32>> = HashMap::new();
        loop {
            let (graph, mut problems) = Self::build_once(relations, as_of, &excluded, &|e| {
                super::readings::signature(e).to_string()
            });
            // What each reading of a term whose readings differ would mean.
            for p in &mut problems {
                if let KinProblem::AmbiguousTerm {
                    readings, meanings, ..
                } = p
                {
                    *meanings = readings
                        .iter()
                        .map(|&e| super::readings::classes_text(e))
                        .collect();
                }
            }
            let before = excluded.len();
            problems.retain(|p| {
                // A chain that gives a named person another sex: the row is left out too.
                if let KinProblem::TermConflict { row, rows } = p {
                    excluded.entry(*row).or_insert_with(|| rows.clone());
                    return false;
                }
                if p.is_row_local() {
                    return true;
                }
                let rows = p.rows();
                let compound: Vec<u32> = rows
                    .iter()
                    .copied()
                    .filter(|r| graph.compound_rows().binary_search(r).is_ok())
                    .collect();
                for &r in &compound {
                    excluded
                        .entry(r)
                        .or_insert_with(|| rows.iter().copied().filter(|&o| o != r).collect());
                }
                compound.is_empty()
            });
            if excluded.len() == before {
                let mut conflicts: Vec<KinProblem> = excluded
                    .into_iter()
                    .map(|(row, rows)| KinProblem::TermConflict { row, rows })
                    .collect();
                conflicts.sort_by_key(|p| p.rows().first().copied());
                problems.extend(conflicts);
                return (graph, problems);
            }
        }
    }
}
