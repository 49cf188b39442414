//! (d) The relations reader and the family graph: any bytes as a family sheet (CSV), built
//! into the graph on the fixed day (compound terms expanded, the rows that cannot be read left
//! out and said without an ID number), then every pair of its first persons classified — the
//! classes the same whichever way round the pair is asked — and named by their terms.

use huanjie::kinship::FamilyGraph;
use huanjie::table::{TableRole, relations_from_batches};

/// Reads `data` as relations and classifies pairs.
pub fn run(data: &[u8]) {
    let Some((batches, at)) = super::table(data, "fuzz.csv", TableRole::Relations) else {
        return;
    };
    let Some(mut relations) =
        super::checked(relations_from_batches(&batches, &at).map_err(Into::into))
    else {
        return;
    };
    relations.bound_dates(&huanjie::date::DateBounds::default());
    let graph = match FamilyGraph::build_checked(&relations, super::as_of()) {
        Ok((g, problems)) => {
            for p in &problems {
                super::no_id_in(&p.to_error(&at, &relations));
            }
            g
        }
        Err(e) => {
            super::no_id_in(&e);
            return;
        }
    };
    let n = graph.node_count().min(12) as u32;
    for a in 0..n {
        for b in 0..n {
            let there = graph.relation(a, b);
            let back = graph.relation(b, a);
            assert_eq!(
                there.classes.len(),
                back.classes.len(),
                "a relation has as many classes both ways"
            );
            if let Some(c) = there.shortest() {
                let _ = huanjie::kinship::terms_of(&graph, &c.path);
            }
        }
    }
}
