//! `review collect`'s results (docs/review.md): the check's document with each department's
//! part and the records read from the answers; text starts with the departments' table.

use super::check_stream::write_check_with;
use super::document::Format;
use super::review_collect::CollectedAnswers;
use crate::audit::Audit;
use crate::check::Prepared;
use crate::provenance::Provenance;
use arrow_schema::ArrowError;
use serde_json::{Value, json};
use std::io::Write;

/// Persons vetted a chunk at a time (as `check`).
const PERSONS: usize = 32_768;

/// The `departments` of the JSON document: each department's answered, unanswered, records
/// and files.
pub fn departments_json(collected: &CollectedAnswers) -> Value {
    serde_json::to_value(&collected.assessment.departments).unwrap_or(Value::Null)
}

/// The `answer_records` of the JSON document: each record read from an answer, by its row of
/// the `records` table, with its department, 文号, file and line.
pub fn answer_records_json(collected: &CollectedAnswers) -> Value {
    let rows: Vec<Value> = collected
        .origins
        .iter()
        .enumerate()
        .map(|(row, o)| {
            json!({
                "row": row,
                "department": o.department,
                "document_no": o.document_no.as_deref(),
                "source": collected.records.sources.label(row),
                "line": collected.records.sources.line(row),
            })
        })
        .collect();
    Value::Array(rows)
}

/// The departments' table that starts the text output.
pub fn departments_text(collected: &CollectedAnswers) -> String {
    let mut s = String::from("联审部门答复 departments' answers\n");
    s.push_str(
        "  部门 department      已答复 answered  未答复 unanswered  记录 records  文件 files\n",
    );
    for d in &collected.assessment.departments {
        let files = if d.files.is_empty() {
            "（未收到 none）".to_string()
        } else {
            d.files.join(", ")
        };
        let pad = 12usize.saturating_sub(d.name_zh.chars().count() * 2);
        s.push_str(&format!(
            "  {}{}  {:>8}  {:>10}  {:>6}  {}\n",
            d.name_zh,
            " ".repeat(pad),
            d.answered,
            d.unanswered,
            d.records,
            files
        ));
    }
    s.push('\n');
    s
}

/// Writes the review of `prepared` (a check whose records and findings came from
/// `collected`) to `out` in `format`, as the check is written, and gives the exit status.
pub fn write_review(
    prepared: &Prepared<'_>,
    collected: &CollectedAnswers,
    (audit, provenance): (&Audit, &Provenance),
    format: Format,
    mask: bool,
    out: &mut impl Write,
) -> Result<i32, ArrowError> {
    if format == Format::Text {
        out.write_all(departments_text(collected).as_bytes())
            .map_err(|e| ArrowError::IoError(crate::error::io_reason(&e), e))?;
    }
    let extra = [
        ("departments", departments_json(collected)),
        ("answer_records", answer_records_json(collected)),
    ];
    write_check_with(
        prepared,
        (audit, provenance),
        format,
        mask,
        PERSONS,
        &extra,
        out,
    )
}
