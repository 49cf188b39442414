//! Files as county offices and departments produce them (docs/tables.md "Finding the table"):
//! the corpus of tests/messy/ (written by `cargo run --example messy_corpus`) gives what
//! tests/messy/expected.json says, and properties over the example tables: blank rows, a title
//! row or an unknown column inserted anywhere, columns permuted, records split over several
//! files — no outcome changes, and every line moves exactly by the rows inserted above it.

use huanjie::check::CheckOptions;
use huanjie::table::{
    CheckTables, FileSpec, Provenance, ReadOptions, TableFiles, TableInput, TableRole,
    check_tables, read_files,
};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");
const MESSY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/messy");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// The corpus as committed and as the generator writes it now: both give the expected runs.
#[test]
fn the_messy_corpus_gives_what_is_expected() {
    let fresh = std::env::temp_dir().join(format!("huanjie-messy-{}", std::process::id()));
    let made = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "--example", "messy_corpus", "--"])
        .arg(&fresh)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status();
    let mut dirs = vec![PathBuf::from(MESSY)];
    if made.is_ok_and(|s| s.success()) {
        dirs.push(fresh);
    }
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{MESSY}/expected.json")).unwrap())
            .unwrap();
    for dir in dirs {
        for run in expected["runs"].as_array().unwrap() {
            check_run(&dir, run);
        }
    }
}

fn check_run(dir: &Path, run: &Value) {
    let path = |v: &Value| dir.join(v.as_str().unwrap()).display().to_string();
    let mut args = vec![
        "check".to_string(),
        "--people".into(),
        path(&run["people"]),
        "--as-of".into(),
        run["as_of"].as_str().unwrap().into(),
        "--format".into(),
        "json".into(),
    ];
    for r in run["records"].as_array().unwrap() {
        args.push("--records".into());
        args.push(path(r));
    }
    let o = std::process::Command::new(BIN)
        .args(&args)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
    let name = run["name"].as_str().unwrap();
    // Outcomes: line, name, outcome, rules (and the ID number where the file holds a full one).
    assert_eq!(
        doc["outcomes"].as_array().unwrap().len(),
        run["outcomes"].as_array().unwrap().len(),
        "{name}"
    );
    for (want, full) in run["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(doc["outcomes"].as_array().unwrap())
    {
        for key in ["line", "name", "outcome", "rules"] {
            assert_eq!(full[key], want[key], "{name}: {key} of {want}");
        }
        if let Some(id) = want.get("id_number") {
            assert_eq!(&full["id_number"], id, "{name}");
        }
        assert_eq!(
            file_name(full["source"].as_str().unwrap_or_default()),
            format!("{}#候选人", run["people"].as_str().unwrap()),
            "{name}"
        );
    }
    // Each record-based finding names its department's file and line.
    for want in run["evidence"].as_array().unwrap() {
        let found = doc["findings"].as_array().unwrap().iter().any(|f| {
            let e = &f["evidence"];
            f["rule"] == want["rule"]
                && e["line"] == want["line"]
                && file_name(e["source"].as_str().unwrap_or_default()) == want["source"]
        });
        assert!(found, "{name}: no finding {want}");
    }
    let summary = &doc["summary"];
    assert_eq!(
        summary["records_unattributed"], run["records_unattributed"],
        "{name}"
    );
    // The audit: per file, the sheet, the header and data lines, the rows skipped, the
    // columns not used.
    let inputs = summary["audit"]["inputs"].as_array().unwrap();
    for want in run["inputs"].as_array().unwrap() {
        let got = inputs
            .iter()
            .find(|i| file_name(i["name"].as_str().unwrap()) == want["name"])
            .unwrap_or_else(|| panic!("{name}: no input {}", want["name"]));
        for key in ["sheet", "header_lines", "data_lines", "rows"] {
            if want.get(key).is_some() {
                assert_eq!(got[key], want[key], "{name}: {key} of {}", want["name"]);
            }
        }
        let skipped: Vec<Value> = got["skipped_rows"]
            .as_array()
            .map(|s| {
                s.iter()
                    .map(|r| serde_json::json!([r["line"], r["reason"]]))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(Value::from(skipped), want["skipped_rows"], "{name}");
        assert_eq!(
            got.get("ignored").cloned().unwrap_or(Value::Array(vec![])),
            want["ignored"],
            "{name}"
        );
    }
}

/// A CSV table as rows of cells.
fn parse(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn write_csv(path: &Path, lines: &[Option<Vec<String>>]) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    for l in lines {
        match l {
            Some(cells) => w.write_record(cells).unwrap(),
            None => w.write_record([""]).unwrap(),
        }
    }
    w.flush().unwrap();
}

/// What a check gives, per person: ID number, line, outcome and rules; and per record-based
/// finding, its rule, person, and the record's source and line.
type Outcomes = Vec<(String, Option<u32>, String, Vec<String>)>;
type RecordFindings = Vec<(String, String, Option<(u32, String)>)>;

fn check(people: &Path, records: &[PathBuf]) -> (Outcomes, RecordFindings, Vec<String>) {
    let opts = ReadOptions::default();
    let people = read_files(&[FileSpec::from(people)], TableRole::People, &opts).unwrap();
    let specs: Vec<FileSpec> = records
        .iter()
        .map(|p| FileSpec::from(p.as_path()))
        .collect();
    let records: TableFiles = read_files(&specs, TableRole::Records, &opts).unwrap();
    let pack = huanjie::RulePack::builtin("cn-2021").unwrap();
    let report = check_tables(
        CheckTables {
            people: TableInput {
                batches: &people.batches,
                at: &people.at,
            },
            roster: None,
            records: Some(TableInput {
                batches: &records.batches,
                at: &records.at,
            }),
            relations: None,
            units: None,
        },
        &pack,
        CheckOptions {
            as_of: chrono::NaiveDate::from_ymd_opt(2021, 1, 15).unwrap(),
            strict: false,
        },
    )
    .unwrap();
    let mut p = Provenance::default();
    p.insert("people", people.sources.clone());
    p.insert("records", records.sources.clone());
    let outcomes = report
        .outcomes
        .iter()
        .map(|o| {
            (
                o.id_number
                    .as_ref()
                    .map(|k| k.display(false))
                    .unwrap_or_default(),
                p.of_outcome(o).and_then(|(l, _)| l),
                o.outcome.as_str().to_string(),
                o.rules.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect();
    let findings = report
        .findings
        .iter()
        .filter_map(|f| match &f.evidence {
            Some(huanjie::finding::Evidence::Record { table, row, .. }) => Some((
                f.rule.to_string(),
                f.id_number
                    .as_ref()
                    .map(|k| k.display(false))
                    .unwrap_or_default(),
                p.at(table, *row)
                    .and_then(|(l, s)| Some((l?, file_name(s).to_string()))),
            )),
            _ => None,
        })
        .collect();
    let ignored = people.infos[0].ignored.clone();
    (outcomes, findings, ignored)
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huanjie-messy-prop-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Blank rows, a title row and an unknown column inserted anywhere, the columns in any
    /// order: the same outcomes; every line moved by exactly the rows inserted above it; the
    /// unknown column only listed as not used.
    #[test]
    fn the_shape_of_a_file_changes_no_outcome(
        title in any::<bool>(),
        blanks in proptest::collection::vec(0usize..12, 0..4),
        unknown in proptest::option::of(0usize..8),
        order in Just((0usize..7).collect::<Vec<_>>()).prop_shuffle(),
        case in 0u32..1_000_000,
    ) {
        let dir = scratch(&format!("shape-{case}"));
        let people = parse(&std::fs::read_to_string(format!("{DATA}/people.csv")).unwrap());
        let records = PathBuf::from(format!("{DATA}/records.csv"));
        let base_path = dir.join("base.csv");
        write_csv(&base_path, &people.iter().cloned().map(Some).collect::<Vec<_>>());
        let (base, base_findings, base_ignored) = check(&base_path, std::slice::from_ref(&records));

        let width = people[0].len();
        let mut lines: Vec<Option<Vec<String>>> = Vec::new();
        if title {
            lines.push(Some(vec!["XX乡第十二届村民委员会候选人资格联审表".to_string()]));
        }
        for (i, row) in people.iter().enumerate() {
            // Blank lines before data row i - 1 (never above the header: that would be a
            // blank line of the title block, which moves nothing differently).
            if i > 0 {
                for _ in blanks.iter().filter(|b| **b == i - 1) {
                    lines.push(None);
                }
            }
            let mut cells: Vec<String> = order
                .iter()
                .filter(|&&c| c < width)
                .map(|&c| row[c].clone())
                .collect();
            if let Some(at) = unknown {
                let at = at.min(cells.len());
                cells.insert(at, if i == 0 { "籍贯".into() } else { "宁夏".into() });
            }
            lines.push(Some(cells));
        }
        let path = dir.join("people.csv");
        write_csv(&path, &lines);
        let (got, got_findings, ignored) = check(&path, std::slice::from_ref(&records));
        prop_assert_eq!(got.len(), base.len());
        for (k, (g, b)) in got.iter().zip(&base).enumerate() {
            let above = u32::from(title) + blanks.iter().filter(|x| **x <= k).count() as u32;
            prop_assert_eq!((&g.0, &g.2, &g.3), (&b.0, &b.2, &b.3));
            prop_assert_eq!(g.1, b.1.map(|l| l + above), "person {}", k);
        }
        prop_assert_eq!(got_findings, base_findings);
        let mut want = base_ignored.clone();
        if unknown.is_some() {
            want.push("籍贯".into());
        }
        let mut ignored = ignored;
        ignored.sort();
        want.sort();
        prop_assert_eq!(ignored, want);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Records split over several files (one per department): the same outcomes, and each
    /// record-based finding names the file and line its record is on.
    #[test]
    fn records_split_over_files_keep_their_sources(
        cuts in proptest::collection::btree_set(1usize..11, 0..4),
        case in 0u32..1_000_000,
    ) {
        let dir = scratch(&format!("split-{case}"));
        let people = PathBuf::from(format!("{DATA}/people.csv"));
        let records = parse(&std::fs::read_to_string(format!("{DATA}/records.csv")).unwrap());
        let (base, base_findings, _) = check(&people, &[PathBuf::from(format!("{DATA}/records.csv"))]);
        let data = &records[1..];
        let mut bounds: Vec<usize> = cuts.iter().copied().filter(|c| *c < data.len()).collect();
        bounds.insert(0, 0);
        bounds.push(data.len());
        let mut files = Vec::new();
        // Which file and line each record lands on.
        let mut placed: Vec<(u32, String)> = Vec::new();
        for (k, w) in bounds.windows(2).enumerate() {
            let name = format!("dept-{k}.csv");
            let mut lines = vec![Some(records[0].clone())];
            for (j, r) in data[w[0]..w[1]].iter().enumerate() {
                lines.push(Some(r.clone()));
                placed.push((j as u32 + 2, name.clone()));
            }
            let path = dir.join(&name);
            write_csv(&path, &lines);
            files.push(path);
        }
        let (got, got_findings, _) = check(&people, &files);
        prop_assert_eq!(&got, &base);
        prop_assert_eq!(got_findings.len(), base_findings.len());
        for (g, b) in got_findings.iter().zip(&base_findings) {
            prop_assert_eq!((&g.0, &g.1), (&b.0, &b.1));
            // The base line of a record is its row + 2: where it lands now.
            let row = b.2.as_ref().map(|(l, _)| *l as usize - 2).unwrap();
            prop_assert_eq!(g.2.clone(), Some(placed[row].clone()));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
