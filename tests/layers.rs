//! The crate's architecture, held against the code: the top-level modules of `src/` form
//! layers (docs/architecture.md), a `crate::` path only points to the same layer or one below,
//! the graph of top-level modules has no cycle, and within a module the files have none
//! either. A new `use crate::…` that points up, or closes a circle, fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first (docs/architecture.md).
const LAYERS: &[(&str, &[&str])] = &[
    (
        "base types",
        &[
            "date", "ratio", "id", "division", "person", "people", "roster", "units", "cells",
            "hash", "family", "par", "strokes",
        ],
    ),
    ("vocabulary", &["rules", "finding", "error"]),
    ("rule data", &["pack"]),
    (
        "mechanisms",
        &[
            "vetting",
            "vetting_data",
            "kinship",
            "composition",
            "count",
            "nominate",
            "apportion",
            "voters",
        ],
    ),
    ("the review", &["check", "review", "stats"]),
    ("results", &["audit", "provenance", "render", "report"]),
    ("edges", &["table", "reference"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without comments (line comments and doc comments), so that prose that
/// names a module is no dependency.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The identifiers that follow `prefix` in `code` (`crate::` → `pack`, `kinship`, …),
/// including those inside a `use crate::{a::…, b::…}` group.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let after = &rest[i + prefix.len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find("};").unwrap_or(group.len());
            let mut depth = 0usize;
            let mut item = String::new();
            for c in group[..end].chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth = depth.saturating_sub(1),
                    ',' if depth == 0 => {
                        out.insert(ident(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 || item.is_empty() {
                    item.push(c);
                }
            }
            out.insert(ident(item.trim()));
        } else {
            out.insert(ident(after));
        }
        rest = after;
    }
    out.remove("");
    out
}

/// The first cycle of a graph, if any.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut c = stack[at..].to_vec();
                    c.push(m.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0
            && let Some(c) = visit(n, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Top-level module → its files.
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut out: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src()).unwrap_or(&f).to_path_buf();
        let top = rel
            .components()
            .next()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .unwrap_or_default();
        if top == "lib" || top == "bin" {
            continue;
        }
        out.entry(top).or_default().push(f);
    }
    out
}

#[test]
fn every_top_level_module_has_a_layer() {
    let unplaced: Vec<String> = modules()
        .into_keys()
        .filter(|m| layer_of(m).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules without a layer (add them to LAYERS and docs/architecture.md): {unplaced:?}"
    );
}

#[test]
fn crate_paths_point_down_and_close_no_cycle() {
    let mods = modules();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut upward = Vec::new();
    for (m, files) in &mods {
        let deps = graph.entry(m.clone()).or_default();
        for f in files {
            for d in names_after(&code_of(f), "crate::") {
                if &d == m || !mods.contains_key(&d) {
                    continue;
                }
                if let (Some(a), Some(b)) = (layer_of(m), layer_of(&d))
                    && b > a
                {
                    upward.push(format!(
                        "{} ({}) uses crate::{d} ({})",
                        f.strip_prefix(src()).unwrap_or(f).display(),
                        LAYERS[a].0,
                        LAYERS[b].0
                    ));
                }
                deps.insert(d);
            }
        }
    }
    assert!(
        upward.is_empty(),
        "dependencies that point up a layer:\n{}",
        upward.join("\n")
    );
    if let Some(c) = cycle(&graph) {
        panic!("a cycle between top-level modules: {}", c.join(" → "));
    }
}

#[test]
fn the_files_of_a_module_close_no_cycle() {
    for (m, files) in modules() {
        if files.len() < 2 {
            continue;
        }
        // Sibling files (not mod.rs, which declares them all) and the siblings they name.
        let stem = |f: &Path| {
            f.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        };
        let siblings: BTreeSet<String> = files
            .iter()
            .map(|f| stem(f))
            .filter(|s| s != "mod")
            .collect();
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &files {
            let me = stem(f);
            if me == "mod" {
                continue;
            }
            let code = code_of(f);
            let mut deps: BTreeSet<String> = names_after(&code, "super::");
            deps.extend(names_after(&code, &format!("crate::{m}::")));
            graph.entry(me.clone()).or_default().extend(
                deps.into_iter()
                    .filter(|d| siblings.contains(d) && *d != me),
            );
        }
        if let Some(c) = cycle(&graph) {
            panic!("a cycle between the files of src/{m}/: {}", c.join(" → "));
        }
    }
}

#[test]
fn the_checker_sees_dependencies() {
    // The parser this test relies on, on the shapes the code uses.
    let code = "use crate::{pack::RulePack, rules::{Severity, codes}};\nlet x = crate::hash::IdMap::default();";
    let names = names_after(code, "crate::");
    for n in ["pack", "rules", "hash"] {
        assert!(names.contains(n), "{n} not seen in {names:?}");
    }
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("a".into());
    assert!(cycle(&g).is_some());
    g.entry("b".into()).or_default().clear();
    assert!(cycle(&g).is_none());
}
