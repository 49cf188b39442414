//! `check` written as it is computed (docs/outputs.md): the outcomes a batch at a time, the
//! findings a chunk of persons at a time — JSON, JSON lines, CSV and XLSX in constant memory
//! beyond the check's own index, whatever the number of persons and findings.

use super::document::{Format, Part};
use super::documents::{head, summary_with_audit};
use super::write::{JsonParts, LinesWriter};
use super::xlsx_out::XlsxParts;
use crate::audit::Audit;
use crate::check::Prepared;
use crate::provenance::Provenance;
use crate::rules::Severity;
use arrow_schema::ArrowError;
use std::io::Write;

/// Outcomes written a batch at a time.
const OUTCOME_ROWS: usize = 65_536;
/// Persons vetted, and their findings written, a chunk at a time.
const PERSONS: usize = 32_768;

/// Writes the check of `prepared` to `out` in `format` — JSON (the document of
/// [`super::check_document_at`], the same bytes), JSON lines or CSV (the findings, as
/// [`super::finding_lines_at`]), XLSX (the document's summary on the first sheet, then a sheet
/// of outcomes and one of findings), text (as [`crate::render::check_text_at`]; `mask` masks
/// ID numbers and names) — as it is computed, and gives the exit status (docs/cli.md "Exit
/// status").
pub fn write_check(
    prepared: &Prepared<'_>,
    audit: &Audit,
    format: Format,
    mask: bool,
    provenance: &Provenance,
    out: &mut impl Write,
) -> Result<i32, ArrowError> {
    write_check_by(prepared, (audit, provenance), format, mask, PERSONS, out)
}

/// [`write_check`], vetting `persons` persons at a time (the output does not depend on it).
pub fn write_check_by(
    prepared: &Prepared<'_>,
    (audit, provenance): (&Audit, &Provenance),
    format: Format,
    mask: bool,
    persons: usize,
    out: &mut impl Write,
) -> Result<i32, ArrowError> {
    write_check_with(
        prepared,
        (audit, provenance),
        format,
        mask,
        persons,
        &[],
        out,
    )
}

/// [`write_check_by`] with `extra` values after the summary of the JSON document, or on the
/// summary sheet of the workbook (the departments of `review collect`); the other formats are
/// the check's.
pub(super) fn write_check_with(
    prepared: &Prepared<'_>,
    (audit, provenance): (&Audit, &Provenance),
    format: Format,
    mask: bool,
    persons: usize,
    extra: &[(&str, serde_json::Value)],
    out: &mut impl Write,
) -> Result<i32, ArrowError> {
    match format {
        Format::Json => {
            // The summary comes first: one pass counts, the next writes the outcomes.
            let summary = prepared.outcomes_in_chunks(persons, |_| Ok::<(), ArrowError>(()))?;
            let mut json = JsonParts::new(out, true)?;
            let top = head(audit).value("summary", summary_with_audit(&summary, audit));
            for (name, part) in top.parts() {
                if let Part::Value(v) = part {
                    json.value(name, v)?;
                }
            }
            for (name, v) in extra {
                json.value(name, v)?;
            }
            json.table_begin("outcomes")?;
            prepared.outcomes_in_chunks(persons, |outcomes| {
                for chunk in outcomes.chunks(OUTCOME_ROWS) {
                    json.rows(&super::outcomes_batch_at(chunk, mask, provenance)?)?;
                }
                Ok::<(), ArrowError>(())
            })?;
            json.table_end()?;
            json.table_begin("findings")?;
            prepared.findings_in_chunks(persons, |f| {
                json.rows(&super::findings_batch_at(&f, mask, provenance)?)
            })?;
            json.table_end()?;
            json.finish()?;
            Ok(summary.exit_code())
        }
        Format::Xlsx => {
            // As JSON: one pass counts the summary, the next writes the outcomes, the last
            // the findings, each sheet row by row.
            let summary = prepared.outcomes_in_chunks(persons, |_| Ok::<(), ArrowError>(()))?;
            let mut book = XlsxParts::new()?;
            let top = head(audit).value("summary", summary_with_audit(&summary, audit));
            book.document(&top)?;
            for (name, v) in extra {
                book.value(name, v);
            }
            book.table_begin("outcomes")?;
            // (an empty batch first: the header rows even when there is no row)
            book.rows(&super::outcomes_batch_at(&[], mask, provenance)?)?;
            prepared.outcomes_in_chunks(persons, |outcomes| {
                for chunk in outcomes.chunks(OUTCOME_ROWS) {
                    book.rows(&super::outcomes_batch_at(chunk, mask, provenance)?)?;
                }
                Ok::<(), ArrowError>(())
            })?;
            book.table_begin("findings")?;
            let none = crate::finding::Findings::default();
            book.rows(&super::findings_batch_at(&none, mask, provenance)?)?;
            prepared.findings_in_chunks(persons, |f| {
                book.rows(&super::findings_batch_at(&f, mask, provenance)?)
            })?;
            book.finish(out)?;
            Ok(summary.exit_code())
        }
        Format::Jsonl | Format::Csv => {
            let (mut lines, mut code) = (LinesWriter::new(format), 0);
            prepared.findings_in_chunks(persons, |f| {
                if f.iter().any(|x| x.severity != Severity::Warning) {
                    code = 1;
                }
                lines.batch(
                    &super::finding_lines_at(&f, &audit.pack.name, mask, provenance)?,
                    out,
                )
            })?;
            Ok(code)
        }
        Format::Text => {
            // The persons' findings come in the report's order, each chunk sorted for reading;
            // the few others (records of no one, units) are merged in where they belong.
            let summary = prepared.outcomes_in_chunks(persons, |_| Ok::<(), ArrowError>(()))?;
            let io = |e: std::io::Error| ArrowError::IoError(crate::error::io_reason(&e), e);
            use crate::render::{check_text_head, check_text_tail, finding_text_line, text_order};
            out.write_all(check_text_head(audit).as_bytes())
                .map_err(io)?;
            let others = prepared.other_findings();
            let mut tail: Vec<&crate::finding::Finding> = others.iter().collect();
            tail.sort_by_key(|f| text_order(f));
            let mut next = 0;
            prepared.person_findings_in_chunks(persons, |chunk| {
                let mut shown: Vec<&crate::finding::Finding> = chunk.iter().collect();
                shown.sort_by_key(|f| text_order(f));
                for f in shown {
                    while let Some(t) = tail.get(next).filter(|t| text_order(t) < text_order(f)) {
                        out.write_all(finding_text_line(t, mask, provenance).as_bytes())
                            .map_err(io)?;
                        next += 1;
                    }
                    out.write_all(finding_text_line(f, mask, provenance).as_bytes())
                        .map_err(io)?;
                }
                Ok::<(), ArrowError>(())
            })?;
            for t in tail.get(next..).unwrap_or_default() {
                out.write_all(finding_text_line(t, mask, provenance).as_bytes())
                    .map_err(io)?;
            }
            out.write_all(check_text_tail(&summary).as_bytes())
                .map_err(io)?;
            Ok(summary.exit_code())
        }
        other => Err(ArrowError::InvalidArgumentError(format!(
            "a check is not streamed as {other}"
        ))),
    }
}
