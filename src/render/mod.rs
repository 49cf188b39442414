//! Results for people: the text a township clerk reads — for a check one line per finding,
//! Chinese and English, with the spreadsheet line and the day from which the person may stand;
//! the count, the register, an apportionment; the rule catalogue — and the JSON values a
//! document's parts are made of (a finding's evidence, a count's rounds). Human-readable text
//! masks ID numbers unless asked not to. The machine formats (JSON, JSON lines, CSV) are
//! written from Arrow tables by the table layer's writers.

mod apportion;
mod count;
pub mod rules;
mod voters;

pub use apportion::apportion_text;
pub use count::{count_rounds_json, count_text, ratio_json};
pub use voters::voters_text;

use crate::audit::Audit;
use crate::check::CheckReport;
use crate::finding::{Finding, OutcomeKind};
use serde_json::Value;

fn mask_ids(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get_mut("id_number") {
                *id = crate::finding::PersonKey::Text(id.clone()).masked();
            }
            map.values_mut().for_each(mask_ids);
        }
        Value::Array(items) => items.iter_mut().for_each(mask_ids),
        _ => {}
    }
}

/// A finding's evidence as JSON text (the Arrow and CSV `evidence` column); `mask` masks the
/// ID numbers on a relation path.
pub fn evidence_json(f: &Finding, mask: bool) -> String {
    if !mask {
        return serde_json::to_string(&f.evidence).unwrap_or_else(|_| "null".into());
    }
    let mut v = serde_json::to_value(&f.evidence).unwrap_or(Value::Null);
    if mask {
        mask_ids(&mut v);
    }
    v.to_string()
}

fn place(f_row: Option<u32>, roster_row: Option<u32>) -> String {
    match (f_row, roster_row) {
        (Some(r), _) => format!("people 第{}行/line {}", r + 2, r + 2),
        (None, Some(r)) => format!("roster 第{}行/line {}", r + 2, r + 2),
        (None, None) => "—".to_string(),
    }
}

/// The text report: a header naming huanjie, the pack and `as_of`; one line per finding; a
/// closing line of counts.
pub fn check_text(report: &CheckReport, audit: &Audit, mask: bool) -> String {
    let mut out = String::new();
    let hash = audit.pack.hash.get(..12).unwrap_or(&audit.pack.hash);
    out.push_str(&format!(
        "huanjie {} · 规则包 pack {} ({hash}) · 基准日 as of {}\n",
        audit.huanjie, audit.pack.name, audit.as_of
    ));
    // Grouped by person for reading: people rows first, then roster-only persons, then the rest.
    let mut shown: Vec<&crate::finding::Finding> = report.findings.iter().collect();
    shown.sort_by_key(|f| match (f.row, f.roster_row) {
        (Some(r), _) => (0, r),
        (None, Some(r)) => (1, r),
        (None, None) => (2, 0),
    });
    for f in shown {
        let who = f
            .id_number
            .as_ref()
            .map(|k| k.display(mask))
            .unwrap_or_else(|| "—".into());
        let mut line = format!(
            "{} {} {} {} {}｜{} / {}",
            place(f.row, f.roster_row),
            who,
            f.rule,
            f.severity.label_zh(),
            f.severity.as_str(),
            f.message_zh(),
            f.message_en()
        );
        if let Some(d) = f.eligible_from {
            line.push_str(&format!(" · {d}起可参选 may stand from {d}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    let s = &report.summary;
    out.push_str(&format!(
        "共审查{}人 vetted {} · {} eligible {} · {} ineligible {}（其中不宜 should_not {}） · {} needs_review {} · findings {}\n",
        s.persons,
        s.persons,
        OutcomeKind::Eligible.label_zh(),
        s.eligible,
        OutcomeKind::Ineligible.label_zh(),
        s.ineligible,
        s.should_not,
        OutcomeKind::NeedsReview.label_zh(),
        s.needs_review,
        s.findings
    ));
    if s.records_after_as_of > 0 {
        out.push_str(&format!(
            "另有{}条记录日期晚于基准日，未适用 / {} records dated after as_of were not applied\n",
            s.records_after_as_of, s.records_after_as_of
        ));
    }
    out
}
