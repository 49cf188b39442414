//! Every result as a [`Document`] of named parts, once: the JSON document each command prints
//! (and Python's `to_json` returns) and the table its JSON lines and CSV hold.

use super::document::Document;
use super::write::with_constant;
use crate::audit::Audit;
use crate::check::CheckReport;
use crate::count::CountReport;
use crate::finding::Findings;
use crate::provenance::Provenance;
use crate::voters::VotersReport;
use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use serde_json::Value;

/// A summary (any serde value that is an object) with the audit block added under `audit`.
pub(super) fn summary_with_audit(summary: &impl serde::Serialize, audit: &Audit) -> Value {
    let mut v = serde_json::to_value(summary).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert(
            "audit".into(),
            serde_json::to_value(audit).unwrap_or(Value::Null),
        );
    }
    v
}

/// The head every document starts with: huanjie's version, the pack, the day.
pub(super) fn head(audit: &Audit) -> Document {
    Document::new()
        .value("huanjie", crate::VERSION)
        .serialized("pack", &audit.pack)
        .serialized("as_of", &audit.as_of)
}

/// The findings as the rows of JSON lines and CSV: every column of the findings table and the
/// pack's name, so every line says what produced it.
pub fn finding_lines(
    findings: &Findings,
    pack: &str,
    mask: bool,
) -> Result<RecordBatch, ArrowError> {
    finding_lines_at(findings, pack, mask, &Provenance::default())
}

/// [`finding_lines`] with each finding's `line` and `source` (and its evidence's).
pub fn finding_lines_at(
    findings: &Findings,
    pack: &str,
    mask: bool,
    provenance: &Provenance,
) -> Result<RecordBatch, ArrowError> {
    with_constant(
        &super::findings_batch_at(findings, mask, provenance)?,
        "pack",
        pack,
    )
}

/// `check`: `{huanjie, pack, as_of, summary (with the audit), outcomes, findings}`.
pub fn check_document(
    report: &CheckReport,
    audit: &Audit,
    mask: bool,
) -> Result<Document, ArrowError> {
    check_document_at(report, audit, mask, &Provenance::default())
}

/// [`check_document`] with every outcome's and finding's `line` and `source`.
pub fn check_document_at(
    report: &CheckReport,
    audit: &Audit,
    mask: bool,
    provenance: &Provenance,
) -> Result<Document, ArrowError> {
    Ok(head(audit)
        .value("summary", summary_with_audit(&report.summary, audit))
        .table(
            "outcomes",
            super::outcomes_batch_at(&report.outcomes, mask, provenance)?,
        )
        .table(
            "findings",
            super::findings_batch_at(&report.findings, mask, provenance)?,
        ))
}

/// `voters`: `{huanjie, pack, as_of, summary (with the audit), units, findings, parameters}`.
pub fn voters_document(
    report: &VotersReport,
    audit: &Audit,
    mask: bool,
) -> Result<Document, ArrowError> {
    voters_document_at(report, audit, mask, &Provenance::default())
}

/// [`voters_document`] with each finding's `line` and `source` (the register's, or the
/// proxies' for the proxy rule) from `provenance`.
pub fn voters_document_at(
    report: &VotersReport,
    audit: &Audit,
    mask: bool,
    provenance: &Provenance,
) -> Result<Document, ArrowError> {
    let provenance = provenance.clone().for_voters();
    Ok(head(audit)
        .value("summary", summary_with_audit(&report.summary, audit))
        .table("units", super::voter_units_batch(report)?)
        .table(
            "findings",
            finding_lines_at(&report.findings, &audit.pack.name, mask, &provenance)?,
        )
        .serialized("parameters", &report.parameters))
}

/// `count`: `{huanjie, pack, as_of, units (each round, with its elected, second-round
/// candidates and ties), summary (with first-ballot success and the audit), findings,
/// parameters}`.
pub fn count_document(
    report: &CountReport,
    audit: &Audit,
    mask: bool,
) -> Result<Document, ArrowError> {
    Ok(head(audit)
        .value("units", crate::render::count_rounds_json(report, mask))
        .value("summary", count_summary(report, audit))
        .table(
            "findings",
            finding_lines(
                &Findings::from(report.findings.clone()),
                &audit.pack.name,
                mask,
            )?,
        )
        .serialized("parameters", &report.parameters))
}

/// The summary of a count: first-ballot success as `{num, den, percent}`, then the audit.
pub(super) fn count_summary(report: &CountReport, audit: &Audit) -> Value {
    let mut summary = summary_with_audit(&report.summary, audit);
    if let Value::Object(m) = &mut summary {
        // (first-ballot success as {num, den, percent}, before the audit as it has always been)
        let audit_block = m.remove("audit");
        m.insert(
            "first_ballot_success".into(),
            crate::render::ratio_json(report.summary.first_ballot_success),
        );
        if let Some(a) = audit_block {
            m.insert("audit".into(), a);
        }
    }
    summary
}

/// A value that is a JSON object as a document of its keys (an apportionment, a demo run).
pub fn object_document(value: &impl serde::Serialize) -> Document {
    match serde_json::to_value(value) {
        Ok(Value::Object(m)) => m
            .into_iter()
            .fold(Document::new(), |d, (k, v)| d.value(&k, v)),
        Ok(other) => Document::new().value("value", other),
        Err(_) => Document::new(),
    }
}
