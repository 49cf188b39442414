//! Results as Arrow record batches (DATA.md "Results"): typed even when empty. In Arrow,
//! `parameters` and `evidence` are JSON text.

use crate::check::Summary;
use crate::date::to_days;
use crate::finding::{Finding, Findings, Outcome, PersonKey};
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, BooleanArray, Date32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use std::sync::Arc;

/// A column of person keys, written without a `String` per row.
fn keys<'a>(
    keys: impl Iterator<Item = &'a Option<PersonKey>>,
    n: usize,
    mask: bool,
) -> StringArray {
    let mut b = StringBuilder::with_capacity(n, n * 18);
    for k in keys {
        match k {
            Some(PersonKey::Id(id)) if !mask => {
                let bytes = id.to_bytes();
                b.append_value(std::str::from_utf8(&bytes).unwrap_or_default());
            }
            Some(k) => b.append_value(k.display(mask)),
            None => b.append_null(),
        }
    }
    b.finish()
}

/// A column of division codes, written without a `String` per row.
fn codes<'a>(
    codes: impl Iterator<Item = &'a Option<crate::division::DivisionCode>>,
    n: usize,
) -> StringArray {
    let mut b = StringBuilder::with_capacity(n, n * 12);
    let mut buf = String::with_capacity(12);
    for c in codes {
        match c {
            Some(c) => {
                use std::fmt::Write;
                buf.clear();
                let _ = write!(buf, "{c}");
                b.append_value(&buf);
            }
            None => b.append_null(),
        }
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
        Field::new("parameters", DataType::Utf8, false),
        Field::new("eligible_from", DataType::Date32, true),
        Field::new("evidence", DataType::Utf8, false),
    ]))
}

/// The findings as one record batch; `mask` masks the ID numbers.
pub fn findings_batch(findings: &Findings, mask: bool) -> Result<RecordBatch, ArrowError> {
    let s = |f: fn(&Finding) -> Option<String>| -> ArrayRef {
        Arc::new(findings.iter().map(f).collect::<StringArray>())
    };
    let cols: Vec<ArrayRef> = vec![
        s(|f| Some(f.rule.to_string())),
        s(|f| Some(f.severity.as_str().to_string())),
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
        s(|f| f.body.map(|b| b.as_str().to_string())),
        s(|f| f.role.map(|r| r.as_str().to_string())),
        s(|f| Some(f.message_zh())),
        s(|f| Some(f.message_en())),
        s(|f| Some(f.reference.to_string())),
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
                .map(|f| Some(crate::render::evidence_json(f, mask)))
                .collect::<StringArray>(),
        ),
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
    ]))
}

/// The outcomes as one record batch; `mask` masks the ID numbers.
pub fn outcomes_batch(outcomes: &[Outcome], mask: bool) -> Result<RecordBatch, ArrowError> {
    // The ID numbers, the rules and the other columns are built side by side.
    let list_of_rules =
        || -> ArrayRef {
            let mut rules = ListBuilder::new(StringBuilder::new())
                .with_field(Arc::new(Field::new("item", DataType::Utf8, true)));
            for o in outcomes {
                for r in &o.rules {
                    rules.values().append_value(r);
                }
                rules.append(true);
            }
            Arc::new(rules.finish())
        };
    let the_rest = || -> [ArrayRef; 6] {
        [
            Arc::new(
                outcomes
                    .iter()
                    .map(|o| o.row.map(i64::from))
                    .collect::<Int64Array>(),
            ),
            Arc::new(
                outcomes
                    .iter()
                    .map(|o| o.roster_row.map(i64::from))
                    .collect::<Int64Array>(),
            ),
            Arc::new(codes(outcomes.iter().map(|o| &o.unit_code), outcomes.len())),
            Arc::new(
                outcomes
                    .iter()
                    .map(|o| Some(o.outcome.as_str()))
                    .collect::<StringArray>(),
            ),
            Arc::new(
                outcomes
                    .iter()
                    .map(|o| Some(o.should_not))
                    .collect::<BooleanArray>(),
            ),
            Arc::new(
                outcomes
                    .iter()
                    .map(|o| o.eligible_from.map(to_days))
                    .collect::<Date32Array>(),
            ),
        ]
    };
    let ids = || -> ArrayRef {
        Arc::new(keys(
            outcomes.iter().map(|o| &o.id_number),
            outcomes.len(),
            mask,
        ))
    };
    let (
        id_number,
        (
            rules,
            [
                row,
                roster_row,
                unit_code,
                outcome,
                should_not,
                eligible_from,
            ],
        ),
    ) = crate::par::join(ids, || crate::par::join(list_of_rules, the_rest));
    let cols: Vec<ArrayRef> = vec![
        id_number,
        row,
        roster_row,
        unit_code,
        outcome,
        rules,
        should_not,
        eligible_from,
    ];
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
