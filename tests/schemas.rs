//! Every JSON document the command-line tool prints matches its JSON Schema in `docs/schema/`
//! (draft 2020-12): each command is run on the example data with `--format json` (and
//! `--format jsonl` for `check`), in the variants that fill the documents' optional parts, and
//! the output is validated. The schemas themselves must be valid, each must be used here, and
//! they must be able to fail.

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
const SCHEMAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema");
/// The schemas' `$id`s are this followed by the file name.
const BASE: &str = "https://huanjie.invalid/schema/";
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// One invocation of the tool and the schema its output must match.
struct Case {
    /// A name for failure messages.
    name: &'static str,
    /// The schema file in `docs/schema/`.
    schema: &'static str,
    /// A JSON pointer into it (`/$defs/finding`), or empty for the whole schema.
    pointer: &'static str,
    /// The arguments; `@name` is the example data file `name`.
    args: &'static [&'static str],
    /// Standard input, when the command reads it.
    stdin: Option<&'static str>,
    /// Whether the output is JSON lines (each line validated) rather than one document.
    lines: bool,
}

const fn doc(name: &'static str, schema: &'static str, args: &'static [&'static str]) -> Case {
    Case {
        name,
        schema,
        pointer: "",
        args,
        stdin: None,
        lines: false,
    }
}

/// Every case but the demo (see [`demo_matches_its_schema`]).
const CASES: &[Case] = &[
    doc(
        "review collect: two departments, one candidate unanswered",
        "review.json",
        &[
            "review",
            "collect",
            "--request",
            "@review",
            "--answers",
            "@review/公安局.csv",
            "@review/法院.csv",
            "--people",
            "@people.csv",
            "--roster",
            "@roster.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "check: people only",
        "check.json",
        &[
            "check",
            "--people",
            "@people.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "check: people, roster, records",
        "check.json",
        &[
            "check",
            "--people",
            "@people.csv",
            "--roster",
            "@roster.csv",
            "--records",
            "@records.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "check: + relations and units",
        "check.json",
        &[
            "check",
            "--people",
            "@people.csv",
            "--roster",
            "@roster.csv",
            "--records",
            "@records.csv",
            "--relations",
            "@relations.csv",
            "--units",
            "@units.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "check: + relations and units, --mask-ids",
        "check.json",
        &[
            "check",
            "--people",
            "@people.csv",
            "--roster",
            "@roster.csv",
            "--records",
            "@records.csv",
            "--relations",
            "@relations.csv",
            "--units",
            "@units.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
            "--mask-ids",
        ],
    ),
    Case {
        name: "check: JSON lines",
        schema: "check.json",
        pointer: "/$defs/finding",
        args: &[
            "check",
            "--people",
            "@people.csv",
            "--roster",
            "@roster.csv",
            "--records",
            "@records.csv",
            "--relations",
            "@relations.csv",
            "--units",
            "@units.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "jsonl",
        ],
        stdin: None,
        lines: true,
    },
    Case {
        name: "check: JSON lines, --mask-ids",
        schema: "check.json",
        pointer: "/$defs/finding",
        args: &[
            "check",
            "--people",
            "@people.csv",
            "--roster",
            "@roster.csv",
            "--records",
            "@records.csv",
            "--relations",
            "@relations.csv",
            "--units",
            "@units.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "jsonl",
            "--mask-ids",
        ],
        stdin: None,
        lines: true,
    },
    doc(
        "kin: two persons (near in-laws)",
        "kin.json",
        &[
            "kin",
            "640121197203180514",
            "64012119791130088X",
            "--relations",
            "@relations.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "kin: two persons, divorced (not related), --mask-ids",
        "kin.json",
        &[
            "kin",
            "640122198308080158",
            "640122197702030269",
            "--relations",
            "@relations.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
            "--mask-ids",
        ],
    ),
    doc(
        "kin: two persons, spouses before the divorce",
        "kin.json",
        &[
            "kin",
            "640122198308080158",
            "640122197702030269",
            "--relations",
            "@relations.csv",
            "--as-of",
            "2019-01-01",
            "--format",
            "json",
        ],
    ),
    doc(
        "kin: a sheet with compound terms (岳父 through the wife, 嫂子 through an inferred brother)",
        "kin.json",
        &[
            "kin",
            "640121197203180514",
            "--relations",
            "@relations.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "kin: one person's relatives (official_avoidance)",
        "kin.json",
        &[
            "kin",
            "640121200301160917",
            "--relations",
            "@relations.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "kin: one person's relatives (committee_close), --mask-ids",
        "kin.json",
        &[
            "kin",
            "640121200301160917",
            "--relations",
            "@relations.csv",
            "--as-of",
            "2021-01-15",
            "--set",
            "committee_close",
            "--format",
            "json",
            "--mask-ids",
        ],
    ),
    doc(
        "kin: a person without relatives (divorced before as_of)",
        "kin.json",
        &[
            "kin",
            "640122198308080158",
            "--relations",
            "@relations.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "voters: register only",
        "voters.json",
        &[
            "voters",
            "--register",
            "@register.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "voters: + records, proxies, relations, units, people",
        "voters.json",
        &[
            "voters",
            "--register",
            "@register.csv",
            "--records",
            "@records.csv",
            "--proxies",
            "@proxies.csv",
            "--relations",
            "@relations.csv",
            "--units",
            "@units.csv",
            "--people",
            "@people.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "voters: + proxies, relations, units, --mask-ids",
        "voters.json",
        &[
            "voters",
            "--register",
            "@register.csv",
            "--proxies",
            "@proxies.csv",
            "--relations",
            "@relations.csv",
            "--units",
            "@units.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
            "--mask-ids",
        ],
    ),
    doc(
        "count: tallies and votes",
        "count.json",
        &[
            "count",
            "--tallies",
            "@tallies.csv",
            "--votes",
            "@votes.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "count: + roster and register",
        "count.json",
        &[
            "count",
            "--tallies",
            "@tallies.csv",
            "--votes",
            "@votes.csv",
            "--roster",
            "@roster.csv",
            "--register",
            "@register.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "count: + roster, register, units, --mask-ids",
        "count.json",
        &[
            "count",
            "--tallies",
            "@tallies.csv",
            "--votes",
            "@votes.csv",
            "--roster",
            "@roster.csv",
            "--register",
            "@register.csv",
            "--units",
            "@units.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
            "--mask-ids",
        ],
    ),
    doc(
        "count: nominations and units",
        "nominations.json",
        &[
            "count",
            "--nominations",
            "@nominations.csv",
            "--units",
            "@units.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "count: nominations without units, --mask-ids",
        "nominations.json",
        &[
            "count",
            "--nominations",
            "@nominations.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
            "--mask-ids",
        ],
    ),
    doc(
        "count: tallies and votes beside the nominations",
        "count.json",
        &[
            "count",
            "--tallies",
            "@tallies.csv",
            "--votes",
            "@votes.csv",
            "--nominations",
            "@nominations.csv",
            "--units",
            "@units.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "stats: people and elected",
        "stats.json",
        &[
            "stats",
            "--people",
            "@people.csv",
            "--roster",
            "@elected.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "stats: + previous term, units, tallies, votes",
        "stats.json",
        &[
            "stats",
            "--people",
            "@people.csv",
            "--roster",
            "@elected.csv",
            "--units",
            "@units.csv",
            "--tallies",
            "@tallies.csv",
            "--votes",
            "@votes.csv",
            "--previous",
            "@previous.csv",
            "--previous-as-of",
            "2018-01-20",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "stats: previous term, by county, no decimals",
        "stats.json",
        &[
            "stats",
            "--people",
            "@people.csv",
            "--roster",
            "@elected.csv",
            "--previous",
            "@previous.csv",
            "--previous-as-of",
            "2018-01-20",
            "--as-of",
            "2021-01-15",
            "--by",
            "county",
            "--decimals",
            "0",
            "--format",
            "json",
        ],
    ),
    doc(
        "report: people and elected",
        "report.json",
        &[
            "report",
            "--people",
            "@people.csv",
            "--roster",
            "@elected.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "report: + previous term, units, tallies, votes, nominations, the review",
        "report.json",
        &[
            "report",
            "--people",
            "@people.csv",
            "--roster",
            "@elected.csv",
            "--units",
            "@units.csv",
            "--tallies",
            "@tallies.csv",
            "--votes",
            "@votes.csv",
            "--previous",
            "@previous.csv",
            "--previous-as-of",
            "2018-01-20",
            "--nominations",
            "@nominations.csv",
            "--records",
            "@records.csv",
            "--relations",
            "@relations.csv",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc("rules: all", "rules.json", &["rules", "--format", "json"]),
    doc(
        "rules: one code on a day",
        "rules.json",
        &[
            "rules",
            "NEG-03",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "rules: a family with relation sets, another pack",
        "rules.json",
        &[
            "rules",
            "AV",
            "--pack",
            "ningxia-2021",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    doc(
        "rules: a family with cases",
        "rules.json",
        &["rules", "COMP", "--format", "json"],
    ),
    doc(
        "id: valid, invalid, legacy, too short",
        "id.json",
        &[
            "id",
            "11010519491231002X",
            "110105194912310021",
            "110105491231002",
            "123",
            "--format",
            "json",
        ],
    ),
    doc(
        "id: residence permits, Taiwan's province code, year 0000, no province",
        "id.json",
        &[
            "id",
            "810000199001010019",
            "820000199001020024",
            "83000019900103003X",
            "710000199001040054",
            "640121000001010013",
            "99012119800101001X",
            "--format",
            "json",
        ],
    ),
    doc(
        "id: born after --as-of",
        "id.json",
        &[
            "id",
            "11010519491231002X",
            "110105202101160010",
            "--as-of",
            "2021-01-15",
            "--format",
            "json",
        ],
    ),
    Case {
        name: "id: standard input",
        schema: "id.json",
        pointer: "",
        args: &["id", "-", "--format", "json"],
        stdin: Some("53010219200508011X\n110105194912310021\n\n"),
        lines: false,
    },
];

/// The demo: 3 million synthetic rows, so it has a test of its own.
const DEMO: Case = doc("demo", "demo.json", &["demo", "--format", "json"]);

fn schema_path(name: &str) -> PathBuf {
    PathBuf::from(SCHEMAS).join(name)
}

/// Every schema file: (file name, document).
fn schema_files() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = std::fs::read_dir(SCHEMAS)
        .expect("docs/schema exists")
        .map(|e| {
            let path = e.expect("a directory entry").path();
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let v: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("docs/schema/{name} is not JSON: {e}"));
            (name, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A registry of every schema under its `$id`, so that `check.json#/$defs/...` resolves
/// offline.
fn registry() -> Registry<'static> {
    let mut builder = Registry::new();
    for (name, schema) in schema_files() {
        builder = builder
            .add(format!("{BASE}{name}"), schema)
            .unwrap_or_else(|e| panic!("docs/schema/{name}: {e}"));
    }
    builder.prepare().expect("the schemas form a registry")
}

/// A validator for `schema` (a file name) at `pointer`, dates and other formats asserted.
fn validator(registry: &Registry<'_>, schema: &str, pointer: &str) -> Validator {
    let root = if pointer.is_empty() {
        format!("{BASE}{schema}")
    } else {
        format!("{BASE}{schema}#{pointer}")
    };
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry)
        .should_validate_formats(true)
        .build(&serde_json::json!({ "$ref": root }))
        .unwrap_or_else(|e| panic!("{root} (docs/schema/{schema}) does not compile: {e}"))
}

/// The validator's errors for `instance`, one line each: where in the document, what, and
/// where in the schema.
fn errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| {
            format!(
                "at {:?}: {} (schema {})",
                e.instance_path().as_str(),
                e,
                e.evaluation_path().as_str()
            )
        })
        .collect()
}

fn args_of(case: &Case) -> Vec<String> {
    case.args
        .iter()
        .map(|a| match a.strip_prefix('@') {
            Some(file) => format!("{DATA}/{file}"),
            None => (*a).to_string(),
        })
        .collect()
}

/// Runs the case's command and returns its standard output (exit status 0 or 1: 2 is a
/// failure to run).
fn output(case: &Case) -> String {
    let mut child = Command::new(BIN)
        .args(args_of(case))
        .stdin(if case.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(input) = case.stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("the binary finishes");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}: `huanjie {}` exited with {:?}: {}",
        case.name,
        case.args.join(" "),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The documents a case prints: one, or one per line.
fn documents(case: &Case, text: &str) -> Vec<Value> {
    let parse = |t: &str| -> Value {
        serde_json::from_str(t).unwrap_or_else(|e| panic!("{}: not JSON ({e}): {t}", case.name))
    };
    if case.lines {
        text.lines().map(parse).collect()
    } else {
        vec![parse(text)]
    }
}

/// Runs a case and validates what it prints; returns the documents.
fn validate_case(registry: &Registry<'_>, case: &Case) -> Vec<Value> {
    let v = validator(registry, case.schema, case.pointer);
    let docs = documents(case, &output(case));
    assert!(!docs.is_empty(), "{}: printed nothing", case.name);
    for (i, d) in docs.iter().enumerate() {
        let errs = errors(&v, d);
        assert!(
            errs.is_empty(),
            "{} (`huanjie {}`{}) does not match docs/schema/{}{}{}:\n  {}",
            case.name,
            case.args.join(" "),
            if case.lines {
                format!(", line {}", i + 1)
            } else {
                String::new()
            },
            case.schema,
            if case.pointer.is_empty() { "" } else { "#" },
            case.pointer,
            errs.join("\n  ")
        );
    }
    docs
}

fn validate_cases_of(schema: &str) -> Vec<Value> {
    let registry = registry();
    let cases: Vec<&Case> = CASES.iter().filter(|c| c.schema == schema).collect();
    assert!(!cases.is_empty(), "no case for {schema}");
    cases
        .into_iter()
        .flat_map(|c| validate_case(&registry, c))
        .collect()
}

#[test]
fn check_json_and_jsonl_match_their_schema() {
    let docs = validate_cases_of("check.json");
    // The variants reach the optional parts: records, rows (a slate), relation paths and
    // findings without evidence (cells are reached by voters and count).
    let mut evidence = BTreeSet::new();
    for d in &docs {
        let findings = match d.get("findings") {
            Some(Value::Array(f)) => f.clone(),
            _ => vec![d.clone()],
        };
        for f in findings {
            evidence.insert(f["evidence"]["type"].as_str().unwrap_or("null").to_string());
        }
    }
    for t in ["record", "rows", "relation", "null"] {
        assert!(
            evidence.contains(t),
            "no finding with evidence {t}: {evidence:?}"
        );
    }
}

#[test]
fn review_json_matches_its_schema() {
    let docs = validate_cases_of("review.json");
    let rules: BTreeSet<String> = docs[0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect();
    assert!(rules.contains("REVIEW-UNANSWERED") && rules.contains("NEG-02"));
    assert_eq!(docs[0]["answer_records"].as_array().map(Vec::len), Some(3));
}

#[test]
fn kin_json_matches_its_schema_for_one_and_two_persons() {
    let docs = validate_cases_of("kin.json");
    assert!(docs.iter().any(Value::is_object), "a relation object");
    assert!(
        docs.iter()
            .any(|d| d.as_array().is_some_and(|a| !a.is_empty())),
        "a non-empty relatives list"
    );
}

#[test]
fn voters_json_matches_its_schema() {
    let docs = validate_cases_of("voters.json");
    assert!(
        docs.iter().any(|d| d["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["rule"] == "AV-05"))),
        "the proxies are checked"
    );
}

#[test]
fn count_json_matches_its_schema() {
    let docs = validate_cases_of("count.json");
    assert!(
        docs.iter().any(|d| d["units"]
            .as_array()
            .is_some_and(|u| u.iter().any(|u| u["round"] == 2))),
        "a second round"
    );
}

#[test]
fn nominations_json_matches_its_schema() {
    let docs = validate_cases_of("nominations.json");
    assert!(
        docs.iter().any(|d| d["nominees"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["outcome"] == "undecided"))),
        "a slate without seats"
    );
    assert!(
        docs.iter().any(|d| d["participation"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["unit_code"].is_null()))),
        "the totals"
    );
}

#[test]
fn stats_json_matches_its_schema() {
    let docs = validate_cases_of("stats.json");
    assert!(
        docs.iter().any(|d| d["figures"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f.get("previous").is_some()))),
        "figures against the previous term"
    );
    assert!(
        docs.iter().any(|d| d["two_up_one_down"]
            .as_array()
            .is_some_and(|v| !v.is_empty())),
        "两升一降 verdicts"
    );
}

#[test]
fn report_json_matches_its_schema() {
    let docs = validate_cases_of("report.json");
    assert!(
        docs.iter().any(|d| d["numbers"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["level"].is_null()))),
        "a number that is no figure of a group (the review)"
    );
    assert!(
        docs.iter()
            .any(|d| d["previous_as_of"].is_string() && d["paragraphs"].is_array()),
        "a report against the previous term"
    );
}

#[test]
fn rules_json_matches_its_schema() {
    let docs = validate_cases_of("rules.json");
    let rules: Vec<&Value> = docs
        .iter()
        .flat_map(|d| d["rules"].as_array().into_iter().flatten())
        .collect();
    assert!(rules.iter().any(|r| r["in_force"].is_boolean()));
    assert!(rules.iter().any(|r| r["in_force"].is_null()));
    assert!(
        rules
            .iter()
            .any(|r| r["cases"].as_array().is_some_and(|c| !c.is_empty()))
    );
    assert!(rules.iter().any(|r| {
        r["parameters"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p.get("relation_set").is_some()))
    }));
}

#[test]
fn id_json_matches_its_schema() {
    let docs = validate_cases_of("id.json");
    let results: Vec<&Value> = docs
        .iter()
        .flat_map(|d| d.as_array().into_iter().flatten())
        .collect();
    assert!(results.iter().any(|r| r["valid"] == true));
    assert!(results.iter().any(|r| r["valid"] == false));
    assert!(results.iter().any(|r| r["legacy"] == true));
    for permit in ["hong_kong", "macao", "taiwan"] {
        assert!(results.iter().any(|r| r["residence_permit"] == permit));
    }
}

/// The demo builds the 3-million-row reference data set; the CLI has no smaller path.
#[test]
fn demo_matches_its_schema() {
    let started = Instant::now();
    let docs = validate_case(&registry(), &DEMO);
    assert!(!docs[0]["figures"].as_array().is_none_or(Vec::is_empty));
    eprintln!("demo: {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn every_schema_is_a_valid_2020_12_schema_used_by_a_case() {
    let files = schema_files();
    let names: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for (name, schema) in &files {
        assert!(
            name.ends_with(".json"),
            "docs/schema/{name}: only schemas here"
        );
        assert_eq!(
            schema["$schema"], DRAFT_2020_12,
            "docs/schema/{name}: $schema"
        );
        assert_eq!(
            schema["$id"],
            format!("{BASE}{name}"),
            "docs/schema/{name}: $id"
        );
        for key in ["title", "description"] {
            assert!(
                schema[key].as_str().is_some_and(|t| !t.is_empty()),
                "docs/schema/{name}: no {key}"
            );
        }
        if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
            panic!(
                "docs/schema/{name} is not a valid draft 2020-12 schema: at {:?}: {e}",
                e.instance_path().as_str()
            );
        }
    }
    // Each compiles with its references resolved, and each is some case's schema.
    let registry = registry();
    let used: BTreeSet<&str> = CASES
        .iter()
        .chain(std::iter::once(&DEMO))
        .map(|c| c.schema)
        .collect();
    for name in &names {
        validator(&registry, name, "");
        assert!(used.contains(name), "docs/schema/{name} is used by no case");
    }
    for name in &used {
        assert!(
            schema_path(name).is_file(),
            "a case uses docs/schema/{name}, which does not exist"
        );
        assert!(names.contains(name));
    }
}

/// A finding as `check` prints it, and its JSON line.
fn a_check_document() -> (Value, Value) {
    let registry = registry();
    let doc = CASES
        .iter()
        .find(|c| c.schema == "check.json" && !c.lines)
        .map(|c| validate_case(&registry, c))
        .and_then(|d| d.into_iter().next())
        .expect("a check document");
    let line = CASES
        .iter()
        .find(|c| c.lines)
        .map(|c| validate_case(&registry, c))
        .and_then(|d| d.into_iter().next())
        .expect("a JSON line");
    (doc, line)
}

#[test]
fn the_schemas_reject_what_the_tool_never_prints() {
    let registry = registry();
    let check = validator(&registry, "check.json", "");
    let finding = validator(&registry, "check.json", "/$defs/finding");
    let (doc, line) = a_check_document();

    // A severity outside the vocabulary, in the document and in a JSON line.
    let mut bad = doc.clone();
    bad["findings"][0]["severity"] = "fatal".into();
    let errs = errors(&check, &bad);
    assert!(
        errs.iter().any(|e| e.contains("\"/findings/0/severity\"")),
        "{errs:?}"
    );
    let mut bad_line = line.clone();
    bad_line["severity"] = "fatal".into();
    let errs = errors(&finding, &bad_line);
    assert!(errs.iter().any(|e| e.contains("\"/severity\"")), "{errs:?}");

    // An unknown key where the code fixes the keys; a missing required key.
    let mut bad = doc.clone();
    bad["summary"]["surprise"] = 1.into();
    assert!(!check.is_valid(&bad));
    let mut bad = doc.clone();
    if let Some(o) = bad["outcomes"][0].as_object_mut() {
        o.remove("outcome");
    }
    assert!(!check.is_valid(&bad));
    // A date that is not a date; an outcome outside the vocabulary.
    let mut bad = doc.clone();
    bad["as_of"] = "2021-02-30".into();
    assert!(!check.is_valid(&bad));
    let mut bad = doc.clone();
    bad["outcomes"][0]["outcome"] = "maybe".into();
    assert!(!check.is_valid(&bad));
    // The document's findings carry no pack; a JSON line must.
    let mut bad = doc;
    bad["findings"][0]["pack"] = "cn-2021".into();
    assert!(!check.is_valid(&bad));
    let mut bad_line = line;
    if let Some(o) = bad_line.as_object_mut() {
        o.remove("pack");
    }
    assert!(!finding.is_valid(&bad_line));
}
