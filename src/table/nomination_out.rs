//! The count of nominations as Arrow and documents: the slates, the nominees, the
//! participation figures — and the entry point that reads its tables (docs/outputs.md).

use super::document::Document;
use super::documents::{finding_lines_at, head, summary_with_audit};
use super::run::TableInput;
use crate::audit::Audit;
use crate::count::CountReport;
use crate::error::Error;
use crate::finding::Findings;
use crate::nominate::{NominationInput, NominationReport, nominate};
use crate::pack::RulePack;
use crate::provenance::Provenance;
use arrow_array::builder::{Date32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::NaiveDate;
use std::sync::Arc;

/// The tables of a count of nominations.
#[derive(Debug, Clone, Copy)]
pub struct NominationTables<'a> {
    /// `nominations`.
    pub nominations: TableInput<'a>,
    /// `units` (the seats per role, the election day), when given.
    pub units: Option<TableInput<'a>>,
}

/// Reads the tables and counts the nominations ([`crate::nominate::nominate`]).
pub fn nomination_tables(
    t: NominationTables<'_>,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<NominationReport, Error> {
    let nominations = super::nominations_from_batches(t.nominations.batches, t.nominations.at)?;
    let bounds = pack.date_bounds(as_of)?;
    let units = t
        .units
        .map(|u| super::units_from_batches(u.batches, u.at))
        .transpose()?
        .map(|mut u| {
            u.bound_dates(&bounds);
            u
        });
    nominate(
        NominationInput {
            nominations: &nominations,
            units: units.as_ref(),
        },
        pack,
        as_of,
    )
}

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// One row per unit, body and role: as_of (the day whose pack values applied), seats (null
/// when the units table gives none), margin_min, margin_max, nominees, formal, tied.
pub fn slates_batch(report: &NominationReport) -> Result<RecordBatch, ArrowError> {
    let s = &report.slates;
    let n = s.len();
    let (mut unit, mut body, mut role) = (
        StringBuilder::with_capacity(n, n * 12),
        StringBuilder::with_capacity(n, n * 16),
        StringBuilder::with_capacity(n, n * 8),
    );
    let mut day = Date32Builder::with_capacity(n);
    let mut ints: Vec<Int64Builder> = (0..6).map(|_| Int64Builder::with_capacity(n)).collect();
    for x in s {
        unit.append_value(x.unit_code.to_string());
        body.append_value(x.body.as_str());
        role.append_value(x.role.as_str());
        day.append_value(crate::date::to_days(x.as_of));
        let tied = x
            .nominees
            .iter()
            .filter(|n| n.outcome == crate::nominate::NomineeOutcome::Tied)
            .count() as u64;
        let values = [
            x.seats,
            Some(x.margin_min),
            Some(x.margin_max),
            Some(x.nominees.len() as u64),
            Some(x.formal),
            Some(tied),
        ];
        for (b, v) in ints.iter_mut().zip(values) {
            b.append_option(v.map(int));
        }
    }
    let mut fields = vec![
        Field::new("unit_code", DataType::Utf8, false),
        Field::new("body", DataType::Utf8, false),
        Field::new("role", DataType::Utf8, false),
        Field::new("as_of", DataType::Date32, false),
    ];
    for (name, nullable) in [
        ("seats", true),
        ("margin_min", false),
        ("margin_max", false),
        ("nominees", false),
        ("formal", false),
        ("tied", false),
    ] {
        fields.push(Field::new(name, DataType::Int64, nullable));
    }
    let mut cols: Vec<ArrayRef> = vec![
        Arc::new(unit.finish()),
        Arc::new(body.finish()),
        Arc::new(role.finish()),
        Arc::new(day.finish()),
    ];
    cols.extend(ints.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
}

/// One row per nominee of each slate, most nominated first: unit_code, body, role, rank,
/// id_number, name, nominations, nominator_persons, nominators_counted,
/// organisation_nominations, outcome (formal, not_formal, tied, undecided). `mask` masks ID
/// numbers and names.
pub fn nominees_batch(report: &NominationReport, mask: bool) -> Result<RecordBatch, ArrowError> {
    let n: usize = report.slates.iter().map(|s| s.nominees.len()).sum();
    let (mut unit, mut body, mut role, mut id, mut name, mut outcome) = (
        StringBuilder::with_capacity(n, n * 12),
        StringBuilder::with_capacity(n, n * 16),
        StringBuilder::with_capacity(n, n * 8),
        StringBuilder::with_capacity(n, n * 18),
        StringBuilder::new(),
        StringBuilder::with_capacity(n, n * 8),
    );
    let mut ints: Vec<Int64Builder> = (0..5).map(|_| Int64Builder::with_capacity(n)).collect();
    for s in &report.slates {
        for x in &s.nominees {
            unit.append_value(s.unit_code.to_string());
            body.append_value(s.body.as_str());
            role.append_value(s.role.as_str());
            id.append_value(if mask {
                x.id.masked()
            } else {
                x.id.to_string()
            });
            name.append_option(x.name.as_ref().map(|t| {
                if mask {
                    crate::id::mask_text(t)
                } else {
                    t.to_string()
                }
            }));
            outcome.append_value(x.outcome.as_str());
            let values = [
                u64::from(x.rank),
                x.nominations,
                x.persons,
                x.counted,
                x.organisations,
            ];
            for (b, v) in ints.iter_mut().zip(values) {
                b.append_value(int(v));
            }
        }
    }
    let mut ints: Vec<ArrayRef> = ints
        .iter_mut()
        .map(|b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    let counts = ints.split_off(1.min(ints.len()));
    let mut cols: Vec<ArrayRef> = vec![
        Arc::new(unit.finish()),
        Arc::new(body.finish()),
        Arc::new(role.finish()),
    ];
    cols.extend(ints);
    cols.push(Arc::new(id.finish()));
    cols.push(Arc::new(name.finish()));
    cols.extend(counts);
    cols.push(Arc::new(outcome.finish()));
    let schema = Schema::new(vec![
        Field::new("unit_code", DataType::Utf8, false),
        Field::new("body", DataType::Utf8, false),
        Field::new("role", DataType::Utf8, false),
        Field::new("rank", DataType::Int64, false),
        Field::new("id_number", DataType::Utf8, false),
        Field::new("name", DataType::Utf8, true),
        Field::new("nominations", DataType::Int64, false),
        Field::new("nominator_persons", DataType::Int64, false),
        Field::new("nominators_counted", DataType::Int64, false),
        Field::new("organisation_nominations", DataType::Int64, false),
        Field::new("outcome", DataType::Utf8, false),
    ]);
    RecordBatch::try_new(Arc::new(schema), cols)
}

/// Who took part in nominating: unit_code (null: every unit), nominator_kind (null: every
/// kind), nominator_persons (distinct persons), nominators_counted (numbers given on rows that
/// list no persons), organisation_nominations.
pub fn participation_batch(report: &NominationReport) -> Result<RecordBatch, ArrowError> {
    participation_rows(&report.participation)
}

/// [`participation_batch`] of any participation figures (those of
/// [`crate::nominate::nominators_by_kind`]).
pub fn participation_rows(
    rows: &[crate::nominate::Participation],
) -> Result<RecordBatch, ArrowError> {
    let n = rows.len();
    let (mut unit, mut kind) = (
        StringBuilder::with_capacity(n, n * 12),
        StringBuilder::with_capacity(n, n * 12),
    );
    let (mut persons, mut counted, mut orgs) = (
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    for p in rows {
        unit.append_option(p.unit_code.map(|c| c.to_string()));
        kind.append_option(p.kind.map(|k| k.as_str()));
        persons.append_value(int(p.persons));
        counted.append_value(int(p.counted));
        orgs.append_value(int(p.organisation_nominations));
    }
    let schema = Schema::new(vec![
        Field::new("unit_code", DataType::Utf8, true),
        Field::new("nominator_kind", DataType::Utf8, true),
        Field::new("nominator_persons", DataType::Int64, false),
        Field::new("nominators_counted", DataType::Int64, false),
        Field::new("organisation_nominations", DataType::Int64, false),
    ]);
    let cols: Vec<ArrayRef> = vec![
        Arc::new(unit.finish()),
        Arc::new(kind.finish()),
        Arc::new(persons.finish()),
        Arc::new(counted.finish()),
        Arc::new(orgs.finish()),
    ];
    RecordBatch::try_new(Arc::new(schema), cols)
}

/// The findings of the count of nominations as the rows of a findings table, each with the
/// `line` and `source` of the row its evidence names (from `provenance`).
fn nomination_findings(
    report: &NominationReport,
    audit: &Audit,
    mask: bool,
    provenance: &Provenance,
) -> Result<RecordBatch, ArrowError> {
    finding_lines_at(
        &Findings::from(report.findings.clone()),
        &audit.pack.name,
        mask,
        provenance,
    )
}

/// The count of nominations as a document: `{huanjie, pack, as_of, summary (with the audit),
/// slates, nominees, participation, findings, parameters}`.
pub fn nomination_document(
    report: &NominationReport,
    audit: &Audit,
    mask: bool,
) -> Result<Document, ArrowError> {
    nomination_document_at(report, audit, mask, &Provenance::default())
}

/// [`nomination_document`] with each finding's `line` and `source` (those of the nominations
/// row its evidence names) from `provenance`.
pub fn nomination_document_at(
    report: &NominationReport,
    audit: &Audit,
    mask: bool,
    provenance: &Provenance,
) -> Result<Document, ArrowError> {
    Ok(head(audit)
        .value("summary", summary_with_audit(&report.summary, audit))
        .table("slates", slates_batch(report)?)
        .table("nominees", nominees_batch(report, mask)?)
        .table("participation", participation_batch(report)?)
        .table(
            "findings",
            nomination_findings(report, audit, mask, provenance)?,
        )
        .serialized("parameters", &report.parameters))
}

/// The parts of the nomination stage beside a count's, named so that they do not collide:
/// `nomination_summary`, `slates`, `nominees`, `participation`, `nomination_findings`,
/// `nomination_parameters`.
fn with_nominations(
    doc: Document,
    report: &NominationReport,
    audit: &Audit,
    mask: bool,
    provenance: &Provenance,
) -> Result<Document, ArrowError> {
    Ok(doc
        .serialized("nomination_summary", &report.summary)
        .table("slates", slates_batch(report)?)
        .table("nominees", nominees_batch(report, mask)?)
        .table("participation", participation_batch(report)?)
        .table(
            "nomination_findings",
            nomination_findings(report, audit, mask, provenance)?,
        )
        .serialized("nomination_parameters", &report.parameters))
}

/// The document of `huanjie count` with the stages given: the count's
/// ([`super::count_document`]) with the nomination stage's parts after it, or the nomination
/// stage's alone ([`nomination_document_at`]). `None` when neither stage is given.
/// `provenance` gives the nomination findings their `line` and `source`.
pub fn count_stages_document(
    count: Option<&CountReport>,
    nominations: Option<&NominationReport>,
    audit: &Audit,
    mask: bool,
    provenance: &Provenance,
) -> Result<Option<Document>, ArrowError> {
    Ok(match (count, nominations) {
        (Some(c), None) => Some(super::count_document(c, audit, mask)?),
        (None, Some(n)) => Some(nomination_document_at(n, audit, mask, provenance)?),
        (Some(c), Some(n)) => Some(with_nominations(
            super::count_document(c, audit, mask)?,
            n,
            audit,
            mask,
            provenance,
        )?),
        (None, None) => None,
    })
}

/// The workbook of `huanjie count --format xlsx` with the stages given: the count's sheets
/// ([`super::count_xlsx_document`]) then the nomination stage's (slates, nominees,
/// participation, its findings), or the nomination stage's alone.
pub fn count_stages_xlsx_document(
    count: Option<&CountReport>,
    nominations: Option<&NominationReport>,
    audit: &Audit,
    mask: bool,
    provenance: &Provenance,
) -> Result<Option<Document>, ArrowError> {
    Ok(match (count, nominations) {
        (Some(c), None) => Some(super::count_xlsx_document(c, audit, mask)?),
        (None, Some(n)) => Some(nomination_document_at(n, audit, mask, provenance)?),
        (Some(c), Some(n)) => Some(with_nominations(
            super::count_xlsx_document(c, audit, mask)?,
            n,
            audit,
            mask,
            provenance,
        )?),
        (None, None) => None,
    })
}
