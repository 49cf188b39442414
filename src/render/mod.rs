//! Results for people: the text a township clerk reads — for a check one line per finding,
//! Chinese and English, with the spreadsheet line and the day from which the person may stand;
//! the count, the register, an apportionment; the rule catalogue — and the JSON values a
//! document's parts are made of (a finding's evidence, a count's rounds). Human-readable text
//! masks ID numbers unless asked not to. The machine formats (JSON, JSON lines, CSV) are
//! written from Arrow tables by the table layer's writers.

mod apportion;
mod count;
mod nominate;
pub mod rules;
mod voters;

pub use apportion::apportion_text;
pub use count::{count_round_json, count_rounds_json, count_text, ratio_json, write_count_text};
pub use nominate::{nomination_text, write_nomination_text};
pub use voters::{voters_text, voters_text_at, write_voters_text_at};

use crate::audit::Audit;
use crate::check::CheckReport;
use crate::finding::{Finding, OutcomeKind};
use crate::provenance::Provenance;
use serde_json::Value;

fn mask_ids(v: &mut Value) {
    match v {
        Value::Object(map) => {
            // (A person a compound term inferred has no number: `inferred:妻子@row5` stays.)
            if let Some(Value::String(id)) = map.get_mut("id_number")
                && !id.starts_with("inferred:")
            {
                *id = crate::finding::PersonKey::Text(id.clone()).masked();
            }
            map.values_mut().for_each(mask_ids);
        }
        Value::Array(items) => items.iter_mut().for_each(mask_ids),
        _ => {}
    }
}

/// A finding's evidence as JSON text with the `line` and `source` of every row it names.
pub fn evidence_json_at(f: &Finding, mask: bool, provenance: &Provenance) -> String {
    if provenance.has_no_sources() {
        return evidence_json(f, mask);
    }
    let mut v = serde_json::to_value(&f.evidence).unwrap_or(Value::Null);
    if mask {
        mask_ids(&mut v);
    }
    provenance.annotate_evidence(&mut v);
    v.to_string()
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

/// Where a finding is, for the clerk: the file and line when the tables came from files; the
/// frame and the row's position there (as `df.iloc` counts) for frames handed over in memory.
pub(super) fn place(f: &Finding, provenance: &Provenance) -> String {
    match provenance.of_finding(f) {
        Some((Some(line), source)) => format!("{source} 第{line}行/line {line}"),
        Some((None, source)) => match provenance.frame_position_of_finding(f) {
            Some(p) => format!("{source} 行号/row {p}"),
            None => source.to_string(),
        },
        None => match (f.row, f.roster_row) {
            (Some(r), _) => format!("people 行号/row {r}"),
            (None, Some(r)) => format!("roster 行号/row {r}"),
            (None, None) => "—".to_string(),
        },
    }
}

/// Where a finding's evidence is, when it is not the row the finding is placed on: a record
/// of another file, a relations row, the other rows of a duplicate.
pub(super) fn evidence_place(f: &Finding, provenance: &Provenance) -> Option<String> {
    use crate::finding::Evidence;
    let rows: (&str, Vec<u32>) = match f.evidence.as_ref()? {
        Evidence::Record { table, row, .. } | Evidence::Cell { table, row, .. } => {
            (table, vec![*row])
        }
        Evidence::Rows { table, rows } => (table, rows.clone()),
        Evidence::Relation(r) => (
            r.table,
            r.path.iter().flat_map(|s| s.rows.iter().copied()).collect(),
        ),
    };
    let placed = provenance.of_finding(f);
    // (line, source) of each row; a row of a frame in memory has no line: its index instead.
    let mut at: Vec<(Option<u32>, &str, u32)> = rows
        .1
        .iter()
        .filter_map(|r| provenance.at(rows.0, *r).map(|(l, s)| (l, s, *r)))
        .filter(|(l, s, _)| Some((*l, *s)) != placed)
        .collect();
    at.dedup_by_key(|(l, s, r)| (*l, *s, l.is_none().then_some(*r)));
    let (first_line, source, _) = *at.first()?;
    let places: Vec<String> = at
        .iter()
        .filter(|(_, s, _)| *s == source)
        .map(|(l, _, r)| {
            l.or_else(|| provenance.frame_position(rows.0, *r))
                .unwrap_or(*r)
                .to_string()
        })
        .collect();
    Some(match first_line {
        Some(_) => format!(
            " · 依据 evidence {source} 第{}行/line {}",
            places.join("、"),
            places.join(", ")
        ),
        None => format!(" · 依据 evidence {source} 行号/row {}", places.join(", ")),
    })
}

/// Per input file: where the table was found, the rows skipped, and — once per file — the
/// columns not used.
pub fn inputs_text(audit: &Audit) -> String {
    let mut out = String::new();
    for i in &audit.inputs {
        if i.sha256.is_none() {
            continue;
        }
        let mut line = format!("输入 input {} · {}", i.table, i.name);
        if let Some(s) = &i.sheet {
            line.push_str(&format!(" · 工作表 sheet {s}"));
        }
        let header: Vec<String> = i.header_lines.iter().map(u32::to_string).collect();
        if !header.is_empty() {
            line.push_str(&format!(" · 表头 header line {}", header.join("–")));
        }
        match i.data_lines {
            Some([a, b]) if a == b => line.push_str(&format!(" · 数据 data line {a} (1 row)")),
            Some([a, b]) => line.push_str(&format!(" · 数据 data lines {a}–{b} ({} rows)", i.rows)),
            None => line.push_str(" · 无数据 no data"),
        }
        if !i.skipped_rows.is_empty() {
            let skipped: Vec<String> = i
                .skipped_rows
                .iter()
                .map(|s| format!("{} ({})", s.line, s.reason.label()))
                .collect();
            line.push_str(&format!(" · 跳过 skipped lines {}", skipped.join(", ")));
        }
        out.push_str(&line);
        out.push('\n');
        if !i.ignored.is_empty() {
            out.push_str(&format!(
                "  未使用的列 columns not used: {}\n",
                i.ignored.join(", ")
            ));
        }
    }
    out
}

/// The text report: a header naming huanjie, the pack and `as_of`; one line per finding; a
/// closing line of counts.
pub fn check_text(report: &CheckReport, audit: &Audit, mask: bool) -> String {
    check_text_at(report, audit, mask, &Provenance::default())
}

/// [`check_text`] naming each finding's file and line, after a block saying per input file
/// where the table was found and which columns were not used.
pub fn check_text_at(
    report: &CheckReport,
    audit: &Audit,
    mask: bool,
    provenance: &Provenance,
) -> String {
    let mut out = check_text_head(audit);
    // Grouped by person for reading: people rows first, then roster-only persons, then the rest.
    let mut shown: Vec<&crate::finding::Finding> = report.findings.iter().collect();
    shown.sort_by_key(|f| text_order(f));
    for f in shown {
        out.push_str(&finding_text_line(f, mask, provenance));
    }
    out.push_str(&check_text_tail(&report.summary));
    out
}

/// Where a finding stands in the text report: people rows first, then roster-only persons,
/// then the rest (a stable order: findings with one key keep theirs).
pub fn text_order(f: &crate::finding::Finding) -> (u8, u32) {
    match (f.row, f.roster_row) {
        (Some(r), _) => (0, r),
        (None, Some(r)) => (1, r),
        (None, None) => (2, 0),
    }
}

/// The text report's first lines: the version, the pack, the day, each input.
pub fn check_text_head(audit: &Audit) -> String {
    let hash = audit.pack.hash.get(..12).unwrap_or(&audit.pack.hash);
    let mut out = format!(
        "huanjie {} · 规则包 pack {} ({hash}) · 基准日 as of {}\n",
        audit.huanjie, audit.pack.name, audit.as_of
    );
    out.push_str(&inputs_text(audit));
    out
}

/// One finding's line of the text report.
pub fn finding_text_line(
    f: &crate::finding::Finding,
    mask: bool,
    provenance: &Provenance,
) -> String {
    let mut who = f
        .id_number
        .as_ref()
        .map(|k| k.display(mask))
        .unwrap_or_else(|| "—".into());
    if let Some(name) = provenance.name_of_finding(f) {
        who.push(' ');
        who.push_str(&if mask {
            crate::people::mask_name(name)
        } else {
            name.to_string()
        });
    }
    let mut line = format!(
        "{} {} {} {} {}｜{} / {}",
        place(f, provenance),
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
    if let Some(e) = evidence_place(f, provenance) {
        line.push_str(&e);
    }
    line.push('\n');
    line
}

/// The text report's last lines: the counts and the notes on the data.
pub fn check_text_tail(s: &crate::check::Summary) -> String {
    let mut out = String::new();
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
    for (column, n) in &s.unread_cells {
        out.push_str(&format!(
            "注：{column} 有{n}个单元格无法识别，本次审查的规则不使用该列，不影响结果 / note: {n} cells of {column} cannot be read; no rule of this check reads the column, so no outcome depends on them\n"
        ));
    }
    if s.records_unattributed > 0 {
        out.push_str(&format!(
            "另有{}条记录无法归属到人（身份证号码为空、无效或被存为数字），见上方 DATA-ID / {} records could not be attributed to anyone (ID number empty, invalid or stored as a number): see DATA-ID above\n",
            s.records_unattributed, s.records_unattributed
        ));
    }
    if s.records_after_as_of > 0 {
        out.push_str(&format!(
            "另有{}条记录日期晚于基准日，未适用 / {} records dated after as_of were not applied\n",
            s.records_after_as_of, s.records_after_as_of
        ));
    }
    out
}
