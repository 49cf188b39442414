//! Replays the fuzz corpora (the seeds of fuzz/seeds/<target>/, what fuzzing kept in
//! fuzz/corpus/<target>/, the inputs that found bugs in
//! fuzz/regressions/<target>/) through the targets' own bodies (fuzz/logic/): CI replays
//! them, it does not fuzz (docs/architecture.md "Fuzzing").

#[path = "../fuzz/logic/mod.rs"]
mod logic;

use std::path::Path;

const FUZZ: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz");

/// Every input of `target` through `run`; how many there were.
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let mut n = 0;
    for dir in ["seeds", "corpus", "regressions"] {
        let dir = Path::new(FUZZ).join(dir).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let name = file.display().to_string();
            let result = std::panic::catch_unwind(|| run(&data));
            assert!(result.is_ok(), "{target}: {name} fails");
            n += 1;
        }
    }
    n
}

#[test]
fn the_workbook_corpus_replays() {
    assert!(replay("workbook", logic::workbook::run) > 0);
}

#[test]
fn the_text_cells_corpus_replays() {
    assert!(replay("text_cells", logic::text_cells::run) > 0);
}

#[test]
fn the_pack_corpus_replays() {
    assert!(replay("pack", logic::pack::run) > 0);
}

#[test]
fn the_family_corpus_replays() {
    assert!(replay("family", logic::family::run) > 0);
}
