//! (b) The CSV and JSON-lines readers with the cell parsers: any bytes as a department's
//! records and as a list of people, checked against the examples; every field of the text
//! through the date, ID and yes/no parsers, with their round trips.

use chrono::Datelike;
use huanjie::check::CheckOptions;
use huanjie::table::{CheckTables, TableInput, TableRole, check_tables};

const PEOPLE: &[u8] = include_bytes!("../../examples/data/people.csv");
const RECORDS: &[u8] = include_bytes!("../../examples/data/records.csv");

/// Reads `data` as tables and cells.
pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        for field in text.lines().take(64).flat_map(|l| l.split([',', '\t'])) {
            cells(field);
        }
    }
    let Ok(pack) = huanjie::RulePack::builtin("cn-2021") else {
        return;
    };
    let (people, pa) = super::example("people.csv", PEOPLE, TableRole::People);
    let (records, ra) = super::example("records.csv", RECORDS, TableRole::Records);
    let options = CheckOptions::new(super::as_of());
    for (name, role) in [
        ("fuzz.csv", TableRole::Records),
        ("fuzz.jsonl", TableRole::Records),
        ("fuzz.csv", TableRole::People),
        ("fuzz.tsv", TableRole::Units),
    ] {
        let Some((batches, at)) = super::table(data, name, role) else {
            continue;
        };
        let fuzzed = TableInput {
            batches: &batches,
            at: &at,
        };
        let tables = CheckTables {
            people: if role == TableRole::People {
                fuzzed
            } else {
                TableInput {
                    batches: &people,
                    at: &pa,
                }
            },
            records: Some(if role == TableRole::Records {
                fuzzed
            } else {
                TableInput {
                    batches: &records,
                    at: &ra,
                }
            }),
            roster: None,
            relations: None,
            units: (role == TableRole::Units).then_some(fuzzed),
        };
        if let Some(report) = super::checked(check_tables(tables, &pack, options)) {
            let s = &report.summary;
            assert_eq!(
                s.persons,
                s.eligible + s.ineligible + s.needs_review,
                "every person vetted has one outcome"
            );
        }
    }
}

/// One cell through the parsers: what is read once is read the same way from its own text.
fn cells(field: &str) {
    if let Some(d) = huanjie::date::parse_date(field)
        && (1000..=9999).contains(&d.year())
    {
        assert_eq!(
            huanjie::date::parse_date(&d.to_string()),
            Some(d),
            "{field:?}"
        );
    }
    let _ = huanjie::date::parse_date_text(field, true);
    if let Ok(id) = huanjie::ResidentId::parse(field) {
        assert_eq!(huanjie::ResidentId::parse(&id.to_string()), Ok(id));
    }
    let _ = huanjie::person::parse_yes_no(field);
}
