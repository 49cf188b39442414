//! `voters`, `count` and `stats` written as they are turned into text (docs/outputs.md
//! "Streaming"): JSON part by part, a table's rows a chunk at a time; JSON lines and CSV a chunk
//! of findings at a time; text line by line. The bytes are those of the documents
//! ([`super::voters_document_at`], [`super::count_document`], [`super::stats_document`]) and of
//! the texts; only the memory differs — the result itself, not its text as well.

use super::document::{Document, Format};
use super::documents::{finding_lines, finding_lines_at, head, summary_with_audit};
use super::write::{JsonParts, LinesWriter};
use super::xlsx_out::XlsxParts;
use crate::audit::Audit;
use crate::count::CountReport;
use crate::finding::{Finding, Findings};
use crate::provenance::Provenance;
use crate::voters::VotersReport;
use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use std::io::Write;

/// Findings turned into lines and written this many at a time.
const FINDINGS: usize = 65_536;

/// Writes the voter register's check of `report` in `format` — JSON (the document of
/// [`super::voters_document_at`]), JSON lines or CSV (its findings, as
/// [`super::finding_lines_at`]), or text (as [`crate::render::voters_text_at`]; `mask` masks
/// ID numbers and names) — a chunk of findings at a time.
pub fn write_voters(
    report: &VotersReport,
    audit: &Audit,
    (format, mask): (Format, bool),
    provenance: &Provenance,
    out: &mut impl Write,
) -> Result<(), ArrowError> {
    write_voters_by(report, audit, (format, mask), provenance, FINDINGS, out)
}

/// [`write_voters`], `chunk` findings at a time.
fn write_voters_by(
    report: &VotersReport,
    audit: &Audit,
    (format, mask): (Format, bool),
    provenance: &Provenance,
    chunk: usize,
    out: &mut impl Write,
) -> Result<(), ArrowError> {
    let provenance = provenance.clone().for_voters();
    let lines = |f: &Findings| finding_lines_at(f, &audit.pack.name, mask, &provenance);
    match format {
        Format::Json => {
            let mut json = JsonParts::new(out, true)?;
            json.document(
                &head(audit)
                    .value("summary", summary_with_audit(&report.summary, audit))
                    .table("units", super::voter_units_batch(report)?),
            )?;
            let findings = (report.findings.iter(), chunk);
            findings_then_parameters(json, findings, lines, &report.parameters)
        }
        Format::Xlsx => {
            let mut book = XlsxParts::new()?;
            book.document(
                &head(audit)
                    .value("summary", summary_with_audit(&report.summary, audit))
                    .table("units", super::voter_units_batch(report)?),
            )?;
            book.table_begin("findings")?;
            in_chunks(report.findings.iter(), chunk, |part| {
                book.rows(&lines(part)?)
            })?;
            book.document(&Document::new().serialized("parameters", &report.parameters))?;
            book.finish(out)
        }
        Format::Jsonl | Format::Csv => {
            finding_rows(format, report.findings.iter(), chunk, lines, out)
        }
        _ => text(out, |w| {
            crate::render::write_voters_text_at(
                report,
                (&audit.pack.name, audit.as_of),
                mask,
                &provenance,
                w,
            )
        }),
    }
}

/// Writes the count of `report` in `format` — JSON (the document of
/// [`super::count_document`], a unit's rounds at a time), JSON lines or CSV (its findings), or
/// text (as [`crate::render::count_text`]; `mask` masks ID numbers and write-in names).
pub fn write_count(
    report: &CountReport,
    audit: &Audit,
    (format, mask): (Format, bool),
    out: &mut impl Write,
) -> Result<(), ArrowError> {
    write_count_by(report, audit, (format, mask), FINDINGS, out)
}

/// [`write_count`], `chunk` findings at a time.
fn write_count_by(
    report: &CountReport,
    audit: &Audit,
    (format, mask): (Format, bool),
    chunk: usize,
    out: &mut impl Write,
) -> Result<(), ArrowError> {
    let lines = |f: &Findings| finding_lines(f, &audit.pack.name, mask);
    match format {
        Format::Json => {
            let mut json = JsonParts::new(out, true)?;
            json.document(&head(audit))?;
            json.table_begin("units")?;
            for round in &report.rounds {
                json.item(&crate::render::count_round_json(round, mask))?;
            }
            json.table_end()?;
            json.value("summary", &super::documents::count_summary(report, audit))?;
            let findings = (report.findings.iter(), chunk);
            findings_then_parameters(json, findings, lines, &report.parameters)
        }
        Format::Xlsx => super::write_xlsx(&super::count_xlsx_document(report, audit, mask)?, out),
        Format::Jsonl | Format::Csv => {
            finding_rows(format, report.findings.iter(), chunk, lines, out)
        }
        _ => text(out, |w| {
            crate::render::write_count_text(report, audit, mask, w)
        }),
    }
}

/// Writes the statistics of `result` in `format` — JSON (the document of
/// [`super::stats_document`], figure by figure), CSV (the table of [`super::stats_batch`], a
/// chunk of figures at a time) or text (as [`super::stats_text`]). HTML, a page to print, is
/// made whole ([`crate::stats::stats_html`]).
pub fn write_stats(
    result: &super::StatsResult,
    decimals: u32,
    (format, as_of): (Format, chrono::NaiveDate),
    out: &mut impl Write,
) -> Result<(), ArrowError> {
    match format {
        Format::Json => super::stats_doc::write_stats_json(result, decimals, as_of, out),
        Format::Csv => super::stats_out::write_stats_csv(result, decimals, out),
        Format::Xlsx => {
            super::write_xlsx(&super::stats_xlsx_document(result, decimals, as_of)?, out)
        }
        // The page's head says the day (the command-line tool and Python add the pack and the
        // inputs, which a caller of this function knows and it does not).
        Format::Html => out
            .write_all(
                crate::stats::stats_html_page(
                    &result.report,
                    result.changes.as_deref(),
                    decimals,
                    "换届统计 election statistics",
                    &crate::stats::HtmlHead {
                        as_of: Some(as_of),
                        ..crate::stats::HtmlHead::default()
                    },
                )
                .as_bytes(),
            )
            .map_err(io),
        _ => text(out, |w| {
            super::stats_doc::write_stats_text(result, decimals, as_of, w)
        }),
    }
}

/// The end of a JSON document: its `findings` table, a chunk at a time, then `parameters`.
fn findings_then_parameters<'f, W: Write>(
    mut json: JsonParts<'_, W>,
    (findings, chunk): (impl Iterator<Item = &'f Finding>, usize),
    lines: impl Fn(&Findings) -> Result<RecordBatch, ArrowError>,
    parameters: &impl serde::Serialize,
) -> Result<(), ArrowError> {
    json.table_begin("findings")?;
    in_chunks(findings, chunk, |part| json.rows(&lines(part)?))?;
    json.table_end()?;
    json.document(&Document::new().serialized("parameters", parameters))?;
    json.finish()
}

/// The findings as JSON lines or CSV (the header even when there is none), a chunk at a time.
fn finding_rows<'f>(
    format: Format,
    findings: impl Iterator<Item = &'f Finding>,
    chunk: usize,
    lines: impl Fn(&Findings) -> Result<RecordBatch, ArrowError>,
    out: &mut impl Write,
) -> Result<(), ArrowError> {
    let mut rows = LinesWriter::new(format);
    in_chunks(findings, chunk, |part| rows.batch(&lines(part)?, out))
}

/// Hands `findings` to `each` `size` at a time (once, empty, when there is none).
fn in_chunks<'f>(
    findings: impl Iterator<Item = &'f Finding>,
    size: usize,
    mut each: impl FnMut(&Findings) -> Result<(), ArrowError>,
) -> Result<(), ArrowError> {
    let size = size.max(1);
    let (mut chunk, mut any) = (Vec::with_capacity(size.min(FINDINGS)), false);
    for f in findings {
        chunk.push(f.clone());
        if chunk.len() == size {
            each(&Findings::from(std::mem::take(&mut chunk)))?;
            any = true;
        }
    }
    if !chunk.is_empty() || !any {
        each(&Findings::from(chunk))?;
    }
    Ok(())
}

/// Text written line by line through `write`, its I/O error kept.
fn text(
    out: &mut impl Write,
    write: impl FnOnce(&mut Lines<'_>) -> std::fmt::Result,
) -> Result<(), ArrowError> {
    let mut lines = Lines { out, error: None };
    let written = write(&mut lines);
    match (written, lines.error) {
        (_, Some(e)) => Err(io(e)),
        (Err(_), None) => Err(ArrowError::IoError(
            "the text could not be written".into(),
            std::io::Error::other("formatting failed"),
        )),
        (Ok(()), None) => Ok(()),
    }
}

/// A text writer over a byte writer, keeping the first I/O error.
struct Lines<'w> {
    out: &'w mut dyn Write,
    error: Option<std::io::Error>,
}

impl std::fmt::Write for Lines<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

fn io(e: std::io::Error) -> ArrowError {
    ArrowError::IoError(crate::error::io_reason(&e), e)
}

#[cfg(test)]
mod tests;
