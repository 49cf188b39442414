//! `check` written as it is computed (JSON, JSON lines, CSV) is, byte for byte, the document
//! built whole from the report.

use huanjie::audit::Audit;
use huanjie::check::CheckOptions;
use huanjie::table::{
    CheckTables, FileSpec, Format, Provenance, ReadOptions, TableInput, TableRole,
    check_document_at, check_tables, finding_lines_at, read_file, with_prepared_check, write_check,
    write_json, write_table,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

#[test]
fn the_streamed_check_is_the_document() {
    let read = |name: &str, role: TableRole| {
        let spec = FileSpec::parse(&format!("{DATA}/{name}"));
        let r = read_file(&spec, role, &ReadOptions::default()).unwrap();
        let at = huanjie::Location {
            file: Some(name.to_string()),
            ..huanjie::Location::table(role.name())
        };
        (vec![r.batch], at)
    };
    let (people, pa) = read("people.csv", TableRole::People);
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
        for format in [Format::Json, Format::Jsonl, Format::Csv] {
            let want = match format {
                Format::Json => whole.clone(),
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
        }
    }
}
