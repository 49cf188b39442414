//! Columnar table I/O (feature `table`): one path for every front end.
//!
//! Files (CSV in UTF-8 or GB18030, XLSX, JSON lines) are read into Arrow record batches; Python
//! hands over Arrow directly. Either way the same code matches headers to canonical columns
//! (with their Chinese aliases), cleans cells, and fills the typed domain columns that the
//! rules work on. Results go back out as Arrow record batches, and are written as JSON, JSON
//! lines, CSV or XLSX.

mod ascii_column;
mod categories;
mod cells;
mod check_stream;
mod columns;
mod convert;
mod document;
mod documents;
mod election_out;
mod election_tables;
mod files;
mod ids;
mod imported;
mod limits;
mod locate;
mod memory;
mod nomination_out;
mod notice;
mod ods_size;
mod output;
mod readers;
mod report_out;
mod results_stream;
mod review_collect;
mod review_forms;
mod review_ledger;
mod review_out;
mod review_request;
mod rules_out;
mod run;
mod stats_doc;
mod stats_out;
mod workbook;
mod write;
mod xlsx_out;

pub use crate::provenance::{Provenance, RowSource, RowSources};
pub use cells::format_number;
pub use check_stream::{write_check, write_check_by};
pub use columns::{
    COLUMN_ALIASES, TableRole, accepted_headers, aliases_of, canonical_column, columns_markdown,
    header_meanings, normalize_header,
};
pub use convert::{
    HeaderMap, names_by_id, people_from_batches, person_names, records_from_batches,
    relations_from_batches, resolve_headers, roster_from_batches,
};
pub use document::{Document, Format, Part};
pub use documents::{
    check_document, check_document_at, count_document, finding_lines, finding_lines_at,
    object_document, voters_document, voters_document_at,
};
pub use election_out::{
    CountTables, VotersTables, apportion_table, apportionment_batch, count_tables, entries_batch,
    rounds_batch, ties_batch, voter_rows_batch, voter_units_batch, voters_tables,
};
pub use election_tables::{
    claims_from_batches, nominations_from_batches, proxies_from_batches, register_from_batches,
    tallies_from_batches, units_from_batches, votes_from_batches,
};
pub use files::{TableFiles, read_files};
pub use ids::{IdJsonWriter, check_id, ids_batch, ids_table, ids_table_of, ids_table_schema};
pub use imported::validate_imported;
pub use limits::{LIMIT_NAMES, Limits, read_bounded};
pub use memory::memory_table;
pub use nomination_out::{
    NominationTables, count_stages_document, count_stages_xlsx_document, nomination_document,
    nomination_document_at, nomination_tables, nominees_batch, participation_batch,
    participation_rows, slates_batch,
};
pub use notice::{Notice, NoticeEntry, NoticeKind, notice, notice_html, notice_xlsx};
pub use output::{
    findings_batch, findings_batch_at, findings_schema, outcomes_batch, outcomes_batch_at,
    outcomes_schema, summary_batch,
};
pub use readers::{
    FileSpec, ReadFile, ReadOptions, batch_from_json_rows, read_bytes, read_file, read_path,
};
pub use report_out::report_numbers_batch;
pub use results_stream::{write_count, write_stats, write_voters};
pub use review_collect::{
    AnswerFile, CollectedAnswers, RecordOrigin, answers_from_frames, read_answers,
};
pub use review_forms::review_forms;
pub use review_ledger::{conclusion_text, review_ledger};
pub use review_out::{answer_records_json, departments_json, departments_text, write_review};
pub use review_request::{REQUEST_COLUMNS, department_workbook, write_review_request};
pub use rules_out::rules_batch;
pub use run::{
    CheckTables, ReadTables, TableInput, check_outcomes_tables, check_tables, with_prepared_check,
    with_prepared_review,
};
pub use stats_doc::{stats_document, stats_text, write_stats_json, write_stats_text};
pub use stats_out::{
    StatsResult, StatsTables, figure_text, stats_batch, stats_batches, stats_tables,
    write_stats_csv,
};
pub use write::{
    JSON_TEXT, JsonParts, LinesWriter, OMIT_NULL, csv_bytes, json_string, json_text_field,
    row_object, with_constant, write_csv, write_csv_part, write_json, write_jsonl, write_rows_json,
    write_table, write_value_json,
};
#[allow(deprecated)]
pub use write::{batch_csv, findings_csv};
pub use xlsx_out::{
    COLUMN_NAMES, DATE_COLUMNS, EXCEL_ROWS, PART_NAMES, SUMMARY_SHEET, XlsxParts,
    apportion_xlsx_document, column_zh, count_xlsx_document, sheet_name, stats_xlsx_document,
    tables_document, write_xlsx,
};
