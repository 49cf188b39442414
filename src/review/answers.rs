//! The departments' answers as read back: which candidate × department pairs have an answer,
//! and the findings about those that do not (docs/domain.md §4.1).

use super::Manifest;
use crate::check::Reported;
use crate::finding::{Evidence, PersonKey};
use crate::pack::{RuleBook, RulePack};
use crate::rules::codes;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// What one answer row says (its 有无记录 cell, with what else it holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// 有: a record (also a row whose 有无记录 is empty but which names a record kind).
    Has,
    /// 无: no record.
    HasNot,
    /// Nothing said: the row is not an answer.
    Blank,
    /// 有无记录 holds something that is neither 有 nor 无: the department answered, a person
    /// must read what.
    Unreadable,
    /// 无, yet the row names a record kind: the department answered, a person must settle
    /// which holds.
    Contradictory,
}

/// One row of a department's answer, as the table layer read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    /// The department (index into the manifest's departments).
    pub department: usize,
    /// The row's ID number (a valid number, or the text of one that is not); `None` when
    /// empty.
    pub id_number: Option<PersonKey>,
    /// What it says.
    pub answer: Answer,
    /// Its 0-based row in the `answers` table (for its file, sheet and line).
    pub row: u32,
}

/// An answer file (or sheet) that is no department's of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownFile {
    /// The file (`file#sheet` for a sheet).
    pub file: String,
    /// Its data rows, none of which was read as an answer.
    pub rows: u64,
    /// Why, in English (`no department's name in the file name or title`).
    pub why: String,
}

/// One department's part of the answers (the `departments` of `review collect`'s JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentTally {
    /// The department's code.
    pub code: String,
    /// Its Chinese name.
    pub name_zh: String,
    /// Candidates it has answered for (无, a record, or an answer a person must read).
    pub answered: u64,
    /// Candidates it has not answered for.
    pub unanswered: u64,
    /// Records it reported (有 rows).
    pub records: u64,
    /// The files read as its answer.
    pub files: Vec<String>,
}

/// What the answers come to: the findings for the check, and each department's tally.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assessment {
    /// REVIEW-UNANSWERED, REVIEW-UNKNOWN-ROW, REVIEW-UNKNOWN-FILE and DATA-VALUE findings, in
    /// candidate order, then by row.
    pub reported: Vec<Reported>,
    /// One per department of the manifest, in its order.
    pub departments: Vec<DepartmentTally>,
    /// For each candidate of the manifest, per department: whether it answered (and what
    /// it found), the ledger's columns.
    pub conclusions: Vec<Vec<Conclusion>>,
}

/// A department's conclusion on one candidate, for the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// No answer.
    #[default]
    Unanswered,
    /// 无.
    NoRecord,
    /// One or more records.
    Records,
    /// An answer a person must read.
    Unclear,
}

/// Assesses `rows` (every answer row read, any order) against what `manifest` asked, on
/// `as_of` under `pack`: `files` gives each department's files (by manifest index),
/// `unknown` the files that are no department's, `id_header` and `answer_header` the
/// answers table's own headers (for the evidence).
pub fn assess(
    manifest: &Manifest,
    pack: &RulePack,
    as_of: NaiveDate,
    rows: &[AnswerRow],
    files: &[Vec<String>],
    unknown: &[UnknownFile],
    headers: (&str, &str),
) -> Assessment {
    let review = RuleBook::new(pack, as_of, "review");
    let data = RuleBook::new(pack, as_of, "data");
    let (id_header, answer_header) = headers;
    let keys: Vec<PersonKey> = manifest
        .candidates
        .iter()
        .map(|c| {
            crate::id::ResidentId::parse(&c.id_number)
                .map_or_else(|_| PersonKey::Text(c.id_number.clone()), PersonKey::Id)
        })
        .collect();
    let index: HashMap<&PersonKey, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let n = manifest.departments.len();
    let mut conclusions = vec![vec![Conclusion::Unanswered; n]; keys.len()];
    let mut records = vec![0u64; n];
    let mut reported = Vec::new();
    let mut by_row: Vec<&AnswerRow> = rows.iter().collect();
    by_row.sort_by_key(|r| r.row);
    let cell = |row: u32, column: &str| {
        Some(Evidence::Cell {
            table: "answers",
            row,
            column: column.to_string(),
        })
    };
    let dept_zh = |d: usize| {
        manifest
            .departments
            .get(d)
            .map_or("", |d| d.name_zh.as_str())
    };
    for r in &by_row {
        if r.department >= n {
            continue;
        }
        if r.answer == Answer::Has {
            records[r.department] += 1;
        }
        let candidate = r.id_number.as_ref().and_then(|k| index.get(k)).copied();
        let Some(c) = candidate else {
            if let Some(rule) = review.get(codes::REVIEW_UNKNOWN_ROW, &[]) {
                let (zh, en) = match &r.id_number {
                    None => (
                        format!("{}的答复中有一行未填身份证号码", dept_zh(r.department)),
                        format!(
                            "a row of the answer of the {} has no ID number",
                            dept_en(pack, manifest, r.department)
                        ),
                    ),
                    Some(_) => (
                        format!(
                            "{}的答复中有一行所填人员不在联审名单上",
                            dept_zh(r.department)
                        ),
                        format!(
                            "a row of the answer of the {} names someone not in the review request",
                            dept_en(pack, manifest, r.department)
                        ),
                    ),
                };
                reported.push(Reported {
                    id_number: r.id_number.clone(),
                    rule,
                    zh,
                    en,
                    evidence: cell(r.row, id_header),
                });
            }
            continue;
        };
        let now = match r.answer {
            Answer::Has => Conclusion::Records,
            Answer::HasNot => Conclusion::NoRecord,
            Answer::Blank => Conclusion::Unanswered,
            Answer::Unreadable | Answer::Contradictory => Conclusion::Unclear,
        };
        if let Some(slot) = conclusions.get_mut(c).and_then(|v| v.get_mut(r.department)) {
            *slot = merge(*slot, now);
        }
        if matches!(r.answer, Answer::Unreadable | Answer::Contradictory)
            && let Some(rule) = data.get(codes::DATA_VALUE, &[])
        {
            let (zh, en) = if r.answer == Answer::Unreadable {
                (
                    format!(
                        "{}答复的“有无记录”无法识别（应为“有”或“无”）",
                        dept_zh(r.department)
                    ),
                    format!(
                        "the has-record cell of the answer of the {} cannot be read (it should be 有 or 无)",
                        dept_en(pack, manifest, r.department)
                    ),
                )
            } else {
                (
                    format!("{}答复“无”记录，却填写了记录类别", dept_zh(r.department)),
                    format!(
                        "the answer of the {} says 无 (no record) yet names a record kind",
                        dept_en(pack, manifest, r.department)
                    ),
                )
            };
            reported.push(Reported {
                id_number: r.id_number.clone(),
                rule,
                zh,
                en,
                evidence: cell(r.row, answer_header),
            });
        }
    }
    if let Some(rule) = review.get(codes::REVIEW_UNANSWERED, &[]) {
        for (c, per) in conclusions.iter().enumerate() {
            for (d, conclusion) in per.iter().enumerate() {
                if *conclusion == Conclusion::Unanswered {
                    reported.push(Reported {
                        id_number: keys.get(c).cloned(),
                        rule: rule.clone(),
                        zh: format!("{}未对该候选人出具联审意见", dept_zh(d)),
                        en: format!(
                            "the {} has not answered for this candidate",
                            dept_en(pack, manifest, d)
                        ),
                        evidence: None,
                    });
                }
            }
        }
    }
    if let Some(rule) = review.get(codes::REVIEW_UNKNOWN_FILE, &[]) {
        for u in unknown {
            reported.push(Reported {
                id_number: None,
                rule: rule.clone(),
                zh: format!("答复文件 {} 不属于联审名单上的任何部门（{}行未读入）", u.file, u.rows),
                en: format!(
                    "answer file {} belongs to no department of the request ({}); its {} row(s) were not read",
                    u.file, u.why, u.rows
                ),
                evidence: None,
            });
        }
    }
    let departments = manifest
        .departments
        .iter()
        .enumerate()
        .map(|(d, dept)| {
            let answered = conclusions
                .iter()
                .filter(|per| per.get(d).is_some_and(|c| *c != Conclusion::Unanswered))
                .count() as u64;
            DepartmentTally {
                code: dept.code.clone(),
                name_zh: dept.name_zh.clone(),
                answered,
                unanswered: keys.len() as u64 - answered,
                records: records.get(d).copied().unwrap_or(0),
                files: files.get(d).cloned().unwrap_or_default(),
            }
        })
        .collect();
    Assessment {
        reported,
        departments,
        conclusions,
    }
}

/// Two answers of one department on one candidate: records beat 无, an unclear answer beats
/// both (a person must read it), anything beats none.
fn merge(a: Conclusion, b: Conclusion) -> Conclusion {
    use Conclusion::*;
    match (a, b) {
        (Unclear, _) | (_, Unclear) => Unclear,
        (Records, _) | (_, Records) => Records,
        (NoRecord, _) | (_, NoRecord) => NoRecord,
        _ => Unanswered,
    }
}

/// The English name of the manifest's department `d` (from the pack; its code otherwise).
fn dept_en(pack: &RulePack, manifest: &Manifest, d: usize) -> String {
    let code = manifest.departments.get(d).map_or("", |x| x.code.as_str());
    pack.departments
        .iter()
        .find(|x| x.code == code)
        .map_or_else(|| code.to_string(), |x| x.name_en.clone())
}
