//! Results as Arrow record batches (docs/outputs.md "Findings"): typed even when empty. In Arrow,
//! `parameters` and `evidence` are JSON text.

use crate::check::Summary;
use crate::date::to_days;
use crate::finding::{Finding, Findings, Outcome, PersonKey};
use crate::provenance::Provenance;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use std::sync::Arc;

/// Appends a person key: the full number, or masked.
fn append_key(b: &mut StringBuilder, key: &Option<PersonKey>, mask: bool) {
    match key {
        Some(PersonKey::Id(id)) if !mask => {
            let bytes = id.to_bytes();
            b.append_value(std::str::from_utf8(&bytes).unwrap_or_default());
        }
        Some(k) => b.append_value(k.display(mask)),
        None => b.append_null(),
    }
}

/// A column of person keys, written without a `String` per row.
fn keys<'a>(
    keys: impl Iterator<Item = &'a Option<PersonKey>>,
    n: usize,
    mask: bool,
) -> StringArray {
    let mut b = StringBuilder::with_capacity(n, n * 18);
    for k in keys {
        append_key(&mut b, k, mask);
    }
    b.finish()
}

/// Appends a division code (`buf`: a scratch string).
fn append_code(
    b: &mut StringBuilder,
    code: &Option<crate::division::DivisionCode>,
    buf: &mut String,
) {
    match code {
        Some(c) => {
            use std::fmt::Write;
            buf.clear();
            let _ = write!(buf, "{c}");
            b.append_value(&*buf);
        }
        None => b.append_null(),
    }
}

/// A column of division codes, written without a `String` per row.
fn codes<'a>(
    codes: impl Iterator<Item = &'a Option<crate::division::DivisionCode>>,
    n: usize,
) -> StringArray {
    let mut b = StringBuilder::with_capacity(n, n * 12);
    let mut buf = String::with_capacity(12);
    for c in codes {
        append_code(&mut b, c, &mut buf);
    }
    b.finish()
}

/// The schema of the findings table.
pub fn findings_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("rule", DataType::Utf8, false),
        Field::new("severity", DataType::Utf8, false),
        Field::new("id_number", DataType::Utf8, true),
        Field::new("row", DataType::Int64, true),
        Field::new("roster_row", DataType::Int64, true),
        Field::new("unit_code", DataType::Utf8, true),
        Field::new("body", DataType::Utf8, true),
        Field::new("role", DataType::Utf8, true),
        Field::new("message_zh", DataType::Utf8, false),
        Field::new("message_en", DataType::Utf8, false),
        Field::new("reference", DataType::Utf8, false),
        super::write::json_text_field("parameters", false),
        Field::new("eligible_from", DataType::Date32, true),
        super::write::json_text_field("evidence", false),
        Field::new("line", DataType::Int64, true),
        Field::new("source", DataType::Utf8, true),
        Field::new("name", DataType::Utf8, true),
    ]))
}

/// The findings as one record batch; `mask` masks the ID numbers. (`line` and `source` are
/// null: the tables came from memory; see [`findings_batch_at`].)
pub fn findings_batch(findings: &Findings, mask: bool) -> Result<RecordBatch, ArrowError> {
    findings_batch_at(findings, mask, &Provenance::default())
}

/// The `name` column: each row's person's name, masked with `mask` (马*强).
fn names<'a, T: 'a>(
    items: impl Iterator<Item = &'a T>,
    n: usize,
    mask: bool,
    name: impl Fn(&'a T) -> Option<&'a str>,
) -> ArrayRef {
    let mut b = StringBuilder::with_capacity(n, 0);
    for item in items {
        match name(item) {
            Some(v) if mask => b.append_value(crate::people::mask_name(v)),
            Some(v) => b.append_value(v),
            None => b.append_null(),
        }
    }
    Arc::new(b.finish())
}

/// The line and source columns of rows placed by `place`.
fn place_columns<'a, T: 'a>(
    items: impl Iterator<Item = &'a T>,
    n: usize,
    place: impl Fn(&'a T) -> Option<(Option<u32>, &'a str)>,
) -> (ArrayRef, ArrayRef) {
    let mut lines = Int64Builder::with_capacity(n);
    let mut sources = StringBuilder::with_capacity(n, 0);
    for item in items {
        match place(item) {
            Some((line, source)) => {
                lines.append_option(line.map(i64::from));
                sources.append_value(source);
            }
            None => {
                lines.append_null();
                sources.append_null();
            }
        }
    }
    (Arc::new(lines.finish()), Arc::new(sources.finish()))
}

/// The findings as one record batch, each with the `line` and `source` of the row it is
/// about (and its evidence's rows with theirs), from `provenance`.
pub fn findings_batch_at(
    findings: &Findings,
    mask: bool,
    provenance: &Provenance,
) -> Result<RecordBatch, ArrowError> {
    let (line, source) = place_columns(findings.iter(), findings.len(), |f| {
        provenance.of_finding(f)
    });
    let s = |f: fn(&Finding) -> Option<String>| -> ArrayRef {
        Arc::new(findings.iter().map(f).collect::<StringArray>())
    };
    // Columns of texts the findings hold: copied into the column, no `String` per row.
    let held = |f: fn(&Finding) -> Option<&str>| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(findings.len(), findings.len() * 8);
        for x in findings {
            b.append_option(f(x));
        }
        Arc::new(b.finish())
    };
    let cols: Vec<ArrayRef> = vec![
        held(|f| Some(&f.rule)),
        held(|f| Some(f.severity.as_str())),
        Arc::new(keys(
            findings.iter().map(|f| &f.id_number),
            findings.len(),
            mask,
        )),
        Arc::new(
            findings
                .iter()
                .map(|f| f.row.map(i64::from))
                .collect::<Int64Array>(),
        ),
        Arc::new(
            findings
                .iter()
                .map(|f| f.roster_row.map(i64::from))
                .collect::<Int64Array>(),
        ),
        Arc::new(codes(findings.iter().map(|f| &f.unit_code), findings.len())),
        held(|f| f.body.map(|b| b.as_str())),
        held(|f| f.role.map(|r| r.as_str())),
        s(|f| Some(f.message_zh())),
        s(|f| Some(f.message_en())),
        held(|f| Some(&f.reference)),
        {
            // Findings of one rule share their parameters: write each shared list once.
            let mut cache: std::collections::HashMap<(usize, usize), String> =
                std::collections::HashMap::new();
            let mut b = arrow_array::builder::StringBuilder::new();
            for f in findings {
                let key = (f.parameters.as_ptr() as usize, f.parameters.len());
                let text = cache.entry(key).or_insert_with(|| {
                    serde_json::to_string(&f.parameters).unwrap_or_else(|_| "[]".into())
                });
                b.append_value(text.as_str());
            }
            Arc::new(b.finish()) as ArrayRef
        },
        Arc::new(
            findings
                .iter()
                .map(|f| f.eligible_from.map(to_days))
                .collect::<Date32Array>(),
        ),
        Arc::new(
            findings
                .iter()
                .map(|f| Some(crate::render::evidence_json_at(f, mask, provenance)))
                .collect::<StringArray>(),
        ),
        line,
        source,
        names(findings.iter(), findings.len(), mask, |f| {
            provenance.name_of_finding(f)
        }),
    ];
    RecordBatch::try_new(findings_schema(), cols)
}

/// The schema of the outcomes table.
pub fn outcomes_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id_number", DataType::Utf8, true),
        Field::new("row", DataType::Int64, true),
        Field::new("roster_row", DataType::Int64, true),
        Field::new("unit_code", DataType::Utf8, true),
        Field::new("outcome", DataType::Utf8, false),
        Field::new(
            "rules",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        ),
        Field::new("should_not", DataType::Boolean, false),
        Field::new("eligible_from", DataType::Date32, true),
        Field::new("line", DataType::Int64, true),
        Field::new("source", DataType::Utf8, true),
        Field::new("name", DataType::Utf8, true),
    ]))
}

/// The outcomes as one record batch; `mask` masks the ID numbers. (`line` and `source` are
/// null: see [`outcomes_batch_at`].)
pub fn outcomes_batch(outcomes: &[Outcome], mask: bool) -> Result<RecordBatch, ArrowError> {
    outcomes_batch_at(outcomes, mask, &Provenance::default())
}

/// The outcomes as one record batch, each with its person's `line` and `source` from
/// `provenance`.
pub fn outcomes_batch_at(
    outcomes: &[Outcome],
    mask: bool,
    provenance: &Provenance,
) -> Result<RecordBatch, ArrowError> {
    // Ranges of persons in parallel, each read once into all its columns; then joined.
    let parts = crate::par::map_ranges(outcomes.len(), |range| {
        outcomes.get(range).map_or_else(
            || Ok(RecordBatch::new_empty(outcomes_schema())),
            |o| outcomes_part(o, mask, provenance),
        )
    });
    let parts = parts.into_iter().collect::<Result<Vec<_>, _>>()?;
    match parts.as_slice() {
        [one] => Ok(one.clone()),
        _ => arrow_select::concat::concat_batches(&outcomes_schema(), &parts),
    }
}

/// The outcomes table of `outcomes`, in one pass.
fn outcomes_part(
    outcomes: &[Outcome],
    mask: bool,
    provenance: &Provenance,
) -> Result<RecordBatch, ArrowError> {
    let n = outcomes.len();
    let mut id_number = StringBuilder::with_capacity(n, n * 18);
    let (mut row, mut roster_row) = (
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    let mut unit_code = StringBuilder::with_capacity(n, n * 12);
    let mut outcome = StringBuilder::with_capacity(n, n * 8);
    let mut rules = ListBuilder::new(StringBuilder::new()).with_field(Arc::new(Field::new(
        "item",
        DataType::Utf8,
        true,
    )));
    let mut should_not = BooleanBuilder::with_capacity(n);
    let mut eligible_from = Date32Builder::with_capacity(n);
    let mut buf = String::with_capacity(12);
    for o in outcomes {
        append_key(&mut id_number, &o.id_number, mask);
        row.append_option(o.row.map(i64::from));
        roster_row.append_option(o.roster_row.map(i64::from));
        append_code(&mut unit_code, &o.unit_code, &mut buf);
        outcome.append_value(o.outcome.as_str());
        for r in &o.rules {
            rules.values().append_value(r);
        }
        rules.append(true);
        should_not.append_value(o.should_not);
        eligible_from.append_option(o.eligible_from.map(to_days));
    }
    let cols: Vec<ArrayRef> = vec![
        Arc::new(id_number.finish()),
        Arc::new(row.finish()),
        Arc::new(roster_row.finish()),
        Arc::new(unit_code.finish()),
        Arc::new(outcome.finish()),
        Arc::new(rules.finish()),
        Arc::new(should_not.finish()),
        Arc::new(eligible_from.finish()),
    ];
    let (line, source) = place_columns(outcomes.iter(), n, |o| provenance.of_outcome(o));
    let name = names(outcomes.iter(), n, mask, |o| provenance.name_of_outcome(o));
    let mut cols = cols;
    cols.extend([line, source, name]);
    RecordBatch::try_new(outcomes_schema(), cols)
}

/// The summary as a one-row record batch of counts.
pub fn summary_batch(summary: &Summary) -> Result<RecordBatch, ArrowError> {
    let counts = [
        ("persons", summary.persons),
        ("eligible", summary.eligible),
        ("ineligible", summary.ineligible),
        ("should_not", summary.should_not),
        ("needs_review", summary.needs_review),
        ("findings", summary.findings),
        ("records_after_as_of", summary.records_after_as_of),
        ("records_unattributed", summary.records_unattributed),
    ];
    let fields: Vec<Field> = counts
        .iter()
        .map(|(n, _)| Field::new(*n, DataType::Int64, false))
        .collect();
    let cols: Vec<ArrayRef> = counts
        .iter()
        .map(|(_, v)| Arc::new(Int64Array::from(vec![*v as i64])) as ArrayRef)
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
}
