//! Findings as CSV for Excel: UTF-8 with a BOM, one row per finding, the pack named in a column.

use crate::finding::Findings;

/// The findings as CSV text with a BOM; `mask` masks the ID numbers.
pub fn findings_csv(findings: &Findings, pack: &str, mask: bool) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::from(&b"\xEF\xBB\xBF"[..]));
    w.write_record([
        "rule",
        "severity",
        "id_number",
        "row",
        "roster_row",
        "unit_code",
        "body",
        "role",
        "message_zh",
        "message_en",
        "reference",
        "parameters",
        "eligible_from",
        "evidence",
        "pack",
    ])?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    for f in findings {
        w.write_record([
            f.rule.to_string(),
            f.severity.as_str().to_string(),
            opt(f.id_number.as_ref().map(|k| k.display(mask))),
            opt(f.row.map(|r| r.to_string())),
            opt(f.roster_row.map(|r| r.to_string())),
            opt(f.unit_code.map(|c| c.to_string())),
            opt(f.body.map(|b| b.as_str().to_string())),
            opt(f.role.map(|r| r.as_str().to_string())),
            f.message_zh(),
            f.message_en(),
            f.reference.to_string(),
            serde_json::to_string(&f.parameters).unwrap_or_default(),
            opt(f.eligible_from.map(|d| d.to_string())),
            crate::render::evidence_json(f, mask),
            pack.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Any record batch as CSV text for Excel: UTF-8 with a BOM, a header line of the column
/// names, dates as `2021-01-15`, nulls as empty cells.
pub fn batch_csv(batch: &arrow_array::RecordBatch) -> Result<Vec<u8>, arrow_schema::ArrowError> {
    use arrow_cast::display::{ArrayFormatter, FormatOptions};
    let fail = |e: &dyn std::fmt::Display| arrow_schema::ArrowError::CsvError(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::from(&b"\xEF\xBB\xBF"[..]));
    let schema = batch.schema();
    w.write_record(schema.fields().iter().map(|f| f.name().as_str()))
        .map_err(|e| fail(&e))?;
    let options = FormatOptions::default();
    let formatters: Vec<ArrayFormatter<'_>> = batch
        .columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
        .collect::<Result<_, _>>()
        .map_err(|e| fail(&e))?;
    let mut cells: Vec<String> = vec![String::new(); formatters.len()];
    for row in 0..batch.num_rows() {
        for (cell, f) in cells.iter_mut().zip(&formatters) {
            cell.clear();
            use std::fmt::Write;
            write!(cell, "{}", f.value(row)).map_err(|e| fail(&e))?;
        }
        w.write_record(&cells).map_err(|e| fail(&e))?;
    }
    w.into_inner().map_err(|e| fail(&e))
}
