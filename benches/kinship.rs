//! The extreme single queries of the kinship benchmark (issue 3), through the Rust API: a
//! 100,000-generation chain and a person with 10,000 children (each married).
//!
//! `cargo bench --bench kinship` — the province-wide run and the networkx baseline are in
//! `benches/bench_kinship.py`.

use huanjie::error::Location;
use huanjie::kinship::{FamilyGraph, RelationRow, Relations};
use std::time::Instant;

fn graph(rows: &[(String, String, &str)]) -> FamilyGraph {
    let mut r = Relations::default();
    for (p, q, rel) in rows {
        r.push(&RelationRow {
            person: Some(p),
            relative: Some(q),
            relation: Some(rel),
            ..Default::default()
        });
    }
    let as_of = "2021-01-15".parse().expect("a date");
    FamilyGraph::build(&r, as_of, &Location::default()).expect("well formed")
}

fn time(name: &str, g: &FamilyGraph, a: &str, b: &str) {
    let (x, y) = (g.find(a).expect("a"), g.find(b).expect("b"));
    let mut best = f64::MAX;
    let mut classes = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let r = g.relation(x, y);
        best = best.min(t.elapsed().as_secs_f64());
        classes = r.classes.len();
    }
    let t = Instant::now();
    let r = g.relation(x, y);
    let json = huanjie::kinship::relation_json(g, &r, &[], a, b, false).to_string();
    let with_json = t.elapsed().as_secs_f64();
    println!(
        "{name}: relation() {:.3} ms ({classes} class(es)); with its JSON answer ({} bytes) {:.1} ms",
        best * 1e3,
        json.len(),
        with_json * 1e3
    );
}

fn main() {
    let n = 100_000;
    let chain: Vec<(String, String, &str)> = (0..n)
        .map(|i| (format!("key:c{i}"), format!("key:c{}", i + 1), "父亲"))
        .collect();
    let g = graph(&chain);
    time(
        "100,000-generation chain",
        &g,
        "key:c0",
        &format!("key:c{n}"),
    );
    let mut fan: Vec<(String, String, &str)> = (0..10_000)
        .map(|i| ("key:root".to_string(), format!("key:k{i}"), "子女"))
        .collect();
    fan.extend((0..10_000).map(|i| (format!("key:k{i}"), format!("key:s{i}"), "配偶")));
    let g = graph(&fan);
    time("10,000 children: two of them", &g, "key:k1", "key:k9999");
    time(
        "10,000 children: the parent and a child's spouse",
        &g,
        "key:root",
        "key:s5000",
    );
    time(
        "10,000 children: two children's spouses",
        &g,
        "key:s1",
        "key:s9999",
    );
}
