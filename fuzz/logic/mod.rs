//! The bodies of the fuzz targets, shared by the targets (fuzz/fuzz_targets/) and by `cargo
//! test --test fuzz_corpora`, which replays every committed corpus through them. Each asserts
//! what every input must keep: no panic, no abort, memory within the fuzzer's bound (the
//! reading limits below), no error holding a run of 15 digits, and the round trips that exist.
#![allow(dead_code)]

pub mod family;
pub mod pack;
pub mod text_cells;
pub mod workbook;

use arrow_array::RecordBatch;
use huanjie::table::{Limits, ReadOptions, TableRole, read_bytes};
use huanjie::{Error, Location};

/// Small bounds: a fuzz input is at most a few kilobytes, and what it asks of memory must
/// stay far below the fuzzer's 2 GiB.
pub fn options() -> ReadOptions {
    ReadOptions {
        limits: Limits {
            file_bytes: 1 << 20,
            part_bytes: 16 << 20,
            cells: 1_000_000,
            cell_chars: 32_767,
            rows: 100_000,
        },
        ..ReadOptions::default()
    }
}

/// The day every target runs on.
pub fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2021, 1, 15).unwrap_or_default()
}

/// The longest run of ASCII digits in `text`.
pub fn longest_digit_run(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// Panics when an error's text holds a run of 15 or more digits (an ID number).
pub fn no_id_in(e: &dyn std::fmt::Display) {
    let text = e.to_string();
    assert!(
        longest_digit_run(&text) < 15,
        "an error holds a run of 15 digits: {text}"
    );
}

/// A table read from `bytes` as the file `name`: its batch and where it came from; an error
/// is checked for digit runs and dropped.
pub fn table(bytes: &[u8], name: &str, role: TableRole) -> Option<(Vec<RecordBatch>, Location)> {
    match read_bytes(bytes, name, role, &options()) {
        Ok(read) => {
            assert_eq!(read.lines.len(), read.batch.num_rows());
            let at = Location {
                file: Some(name.to_string()),
                ..Location::table(role.name())
            };
            Some((vec![read.batch], at))
        }
        Err(e) => {
            no_id_in(&e);
            None
        }
    }
}

/// A table of the examples (examples/data).
pub fn example(name: &str, bytes: &[u8], role: TableRole) -> (Vec<RecordBatch>, Location) {
    table(bytes, name, role).unwrap_or_else(|| (Vec::new(), Location::table(role.name())))
}

/// Checks an engine's error for digit runs.
pub fn checked<T>(result: Result<T, Error>) -> Option<T> {
    match result {
        Ok(t) => Some(t),
        Err(e) => {
            no_id_in(&e);
            None
        }
    }
}
