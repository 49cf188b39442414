//! `check` written as it is computed (JSON, JSON lines, CSV, text, XLSX) is, byte for byte, the
//! document built whole from the report, however many persons are vetted at a time.

use huanjie::audit::Audit;
use huanjie::check::CheckOptions;
use huanjie::table::{
    CheckTables, FileSpec, Format, Provenance, ReadOptions, TableInput, TableRole,
    check_document_at, check_tables, finding_lines_at, read_file, with_prepared_check, write_check,
    write_check_by, write_json, write_table,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

#[test]
fn the_streamed_check_is_the_document() {
    streamed_is_whole("people.csv");
}

/// Two persons in `people`: the roster's others are vetted from the roster alone, and most
/// records belong to no one (findings placed among and after the persons').
#[test]
fn the_streamed_check_is_the_document_with_roster_only_persons_and_orphan_records() {
    streamed_is_whole(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/hostile/people.csv"
    ));
}

fn streamed_is_whole(people_file: &str) {
    let read = |name: &str, role: TableRole| {
        let path = if name.starts_with('/') {
            name.to_string()
        } else {
            format!("{DATA}/{name}")
        };
        let spec = FileSpec::parse(&path);
        let r = read_file(&spec, role, &ReadOptions::default()).unwrap();
        let at = huanjie::Location {
            file: Some(name.to_string()),
            ..huanjie::Location::table(role.name())
        };
        (vec![r.batch], at)
    };
    let (people, pa) = read(people_file, TableRole::People);
    let (records, ra) = read("records.csv", TableRole::Records);
    let (roster, oa) = read("roster.csv", TableRole::Roster);
    let (relations, la) = read("relations.csv", TableRole::Relations);
    let (units, ua) = read("units.csv", TableRole::Units);
    let input = |batches, at| TableInput { batches, at };
    let tables = CheckTables {
        people: input(&people, &pa),
        roster: Some(input(&roster, &oa)),
        records: Some(input(&records, &ra)),
        relations: Some(input(&relations, &la)),
        units: Some(input(&units, &ua)),
    };
    let pack = huanjie::RulePack::builtin("cn-2021").unwrap();
    let as_of = "2021-01-15".parse().unwrap();
    let options = CheckOptions::new(as_of);
    let report = check_tables(tables, &pack, options).unwrap();
    assert!(report.findings.len() > 5);
    let audit = Audit::new(&pack, as_of, Vec::new());
    let provenance = Provenance::default();
    for mask in [false, true] {
        let mut whole = Vec::new();
        let doc = check_document_at(&report, &audit, mask, &provenance).unwrap();
        write_json(&doc, true, &mut whole).unwrap();
        let lines = finding_lines_at(&report.findings, &pack.name, mask, &provenance).unwrap();
        let text = huanjie::render::check_text_at(&report, &audit, mask, &provenance);
        let mut workbook = Vec::new();
        huanjie::table::write_xlsx(&doc, &mut workbook).unwrap();
        let formats = [
            Format::Json,
            Format::Jsonl,
            Format::Csv,
            Format::Text,
            Format::Xlsx,
        ];
        for format in formats {
            let want = match format {
                Format::Json => whole.clone(),
                Format::Text => text.clone().into_bytes(),
                Format::Xlsx => workbook.clone(),
                f => {
                    let mut out = Vec::new();
                    write_table(f, &lines, &mut out).unwrap();
                    out
                }
            };
            let mut got = Vec::new();
            let code = with_prepared_check(tables, &pack, options, |p| {
                write_check(p, &audit, format, mask, &provenance, &mut got)
            })
            .unwrap()
            .unwrap();
            assert_eq!(code, report.exit_code());
            assert!(got == want, "{format:?} differs");
            // Vetted a few persons at a time: the same bytes.
            for persons in [1, 2, 3] {
                let mut got = Vec::new();
                with_prepared_check(tables, &pack, options, |p| {
                    write_check_by(p, (&audit, &provenance), format, mask, persons, &mut got)
                })
                .unwrap()
                .unwrap();
                assert!(
                    got == want,
                    "{format:?} by {persons} differs:\n{}",
                    String::from_utf8_lossy(&got)
                );
            }
        }
    }
}
