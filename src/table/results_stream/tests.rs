//! Written as they are turned into text, `voters`, `count` and `stats` are, byte for byte,
//! their documents and texts built whole — whatever the chunk.

use super::*;
use crate::table::{
    CountTables, FileSpec, ReadOptions, StatsTables, TableInput, TableRole, VotersTables,
    count_document, count_tables, read_file, stats_batch, stats_document, stats_tables,
    voters_document_at, voters_tables, write_csv, write_json, write_table,
};
use chrono::NaiveDate;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

type Read = (Vec<RecordBatch>, crate::Location);

fn read(name: &str, role: TableRole) -> Read {
    let spec = FileSpec::parse(&format!("{DATA}/{name}"));
    let r = read_file(&spec, role, &ReadOptions::default()).unwrap();
    let at = crate::Location {
        file: Some(name.to_string()),
        ..crate::Location::table(role.name())
    };
    (vec![r.batch], at)
}

fn input(r: &Read) -> TableInput<'_> {
    TableInput {
        batches: &r.0,
        at: &r.1,
    }
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Chunks of one finding up to more than all of them.
const CHUNKS: [usize; 4] = [1, 2, 3, 100_000];

#[test]
fn the_streamed_voters_check_is_the_document() {
    let pack = crate::RulePack::builtin("cn-2021").unwrap();
    let as_of = day("2021-01-15");
    let register = read("register.csv", TableRole::Register);
    let proxies = read("proxies.csv", TableRole::Proxies);
    let records = read("records.csv", TableRole::Records);
    let relations = read("relations.csv", TableRole::Relations);
    let units = read("units.csv", TableRole::Units);
    let tables = VotersTables {
        register: input(&register),
        records: Some(input(&records)),
        units: Some(input(&units)),
        proxies: Some(input(&proxies)),
        relations: Some(input(&relations)),
        people: None,
    };
    let report = voters_tables(tables, &pack, as_of).unwrap();
    assert!(report.findings.len() > 3);
    let audit = Audit::new(&pack, as_of, Vec::new());
    let provenance = Provenance::default();
    for mask in [false, true] {
        let mut json = Vec::new();
        write_json(
            &voters_document_at(&report, &audit, mask, &provenance).unwrap(),
            true,
            &mut json,
        )
        .unwrap();
        let lines = finding_lines_at(&report.findings, &pack.name, mask, &provenance).unwrap();
        let text = crate::render::voters_text_at(&report, &pack.name, as_of, mask, &provenance);
        each_format_and_chunk(&json, text.as_bytes(), &lines, |format, chunk, got| {
            write_voters_by(&report, &audit, (format, mask), &provenance, chunk, got)
        });
        // The workbook, its findings a chunk at a time: the bytes of the document's.
        let mut whole = Vec::new();
        let doc = voters_document_at(&report, &audit, mask, &provenance).unwrap();
        crate::table::write_xlsx(&doc, &mut whole).unwrap();
        for chunk in CHUNKS {
            let mut got = Vec::new();
            write_voters_by(
                &report,
                &audit,
                (Format::Xlsx, mask),
                &provenance,
                chunk,
                &mut got,
            )
            .unwrap();
            assert!(got == whole, "xlsx chunk {chunk}");
        }
    }
}

/// Writes every format at every chunk with `write` and compares it with the whole document
/// (`json`), the text, and the findings' `lines` as JSON lines and CSV.
fn each_format_and_chunk(
    json: &[u8],
    text: &[u8],
    lines: &RecordBatch,
    write: impl Fn(Format, usize, &mut Vec<u8>) -> Result<(), ArrowError>,
) {
    for format in [Format::Json, Format::Jsonl, Format::Csv, Format::Text] {
        let want = match format {
            Format::Json => json.to_vec(),
            Format::Text => text.to_vec(),
            f => {
                let mut out = Vec::new();
                write_table(f, lines, &mut out).unwrap();
                out
            }
        };
        for chunk in CHUNKS {
            let mut got = Vec::new();
            write(format, chunk, &mut got).unwrap();
            assert!(got == want, "{format} chunk {chunk}");
        }
    }
}

#[test]
fn the_streamed_count_is_the_document() {
    let pack = crate::RulePack::builtin("cn-2021").unwrap();
    let as_of = day("2021-01-15");
    let tallies = read("tallies.csv", TableRole::Tallies);
    let votes = read("votes.csv", TableRole::Votes);
    let roster = read("roster.csv", TableRole::Roster);
    let register = read("register.csv", TableRole::Register);
    let units = read("units.csv", TableRole::Units);
    let tables = CountTables {
        tallies: input(&tallies),
        votes: input(&votes),
        roster: Some(input(&roster)),
        register: Some(input(&register)),
        units: Some(input(&units)),
    };
    let report = count_tables(tables, &pack, as_of).unwrap();
    assert!(!report.findings.is_empty() && report.rounds.len() > 1);
    let audit = Audit::new(&pack, as_of, Vec::new());
    for mask in [false, true] {
        let mut json = Vec::new();
        write_json(
            &count_document(&report, &audit, mask).unwrap(),
            true,
            &mut json,
        )
        .unwrap();
        let text = crate::render::count_text(&report, &audit, mask);
        let lines =
            finding_lines(&Findings::from(report.findings.clone()), &pack.name, mask).unwrap();
        each_format_and_chunk(&json, text.as_bytes(), &lines, |format, chunk, got| {
            write_count_by(&report, &audit, (format, mask), chunk, got)
        });
    }
}

#[test]
fn the_streamed_statistics_are_the_document() {
    let pack = crate::RulePack::builtin("cn-2021").unwrap();
    let as_of = day("2021-01-15");
    let people = read("people.csv", TableRole::People);
    let roster = read("elected.csv", TableRole::Roster);
    let previous = read("previous.csv", TableRole::Roster);
    let units = read("units.csv", TableRole::Units);
    let tables = StatsTables {
        people: input(&people),
        roster: input(&roster),
        units: Some(input(&units)),
        tallies: None,
        previous: Some(input(&previous)),
        votes: None,
    };
    let names = crate::stats::DivisionNames::ningxia();
    let options = crate::stats::StatsOptions::new(as_of);
    let result = stats_tables(tables, &options, Some(day("2018-01-15")), &names, &pack).unwrap();
    assert!(result.report.figures.len() > 3 && result.changes.is_some());
    for decimals in [0, 2] {
        let mut json = Vec::new();
        write_json(&stats_document(&result, decimals, as_of), true, &mut json).unwrap();
        let mut got = Vec::new();
        write_stats(&result, decimals, (Format::Json, as_of), &mut got).unwrap();
        assert!(got == json, "json, {decimals} decimals");
        let mut csv = Vec::new();
        write_csv(&stats_batch(&result, decimals).unwrap(), &mut csv).unwrap();
        for size in CHUNKS {
            let mut got = Vec::new();
            crate::table::stats_out::write_stats_csv_by(&result, decimals, size, &mut got).unwrap();
            assert!(got == csv, "csv, {decimals} decimals, chunk {size}");
        }
        let text = crate::table::stats_text(&result, decimals, as_of).into_bytes();
        let mut got = Vec::new();
        write_stats(&result, decimals, (Format::Text, as_of), &mut got).unwrap();
        assert!(got == text, "text, {decimals} decimals");
        // The page says its day at the top.
        let mut page = Vec::new();
        write_stats(&result, decimals, (Format::Html, as_of), &mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        let day = format!("统计日 as of {as_of}");
        assert!(
            page.find(&day).unwrap() < page.find("<table").unwrap(),
            "{decimals}"
        );
    }
}
