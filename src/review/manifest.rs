//! What a review request asked: the departments, the record kinds each answers for, the
//! candidates (`manifest.json` beside the request workbooks).

use crate::error::PackError;
use crate::pack::RulePack;
use crate::people::cell_at;
use crate::roster::Roster;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A record kind as a request sheet offers it (a drop-down entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindLabel {
    /// The kind's code.
    pub code: String,
    /// Its Chinese label (what the department picks).
    pub label_zh: String,
}

/// A department asked, and its request workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedDepartment {
    /// The department's code in the pack.
    pub code: String,
    /// Its Chinese name.
    pub name_zh: String,
    /// Its request workbook, relative to the manifest's folder.
    pub file: String,
    /// The record kinds it answers for.
    pub record_kinds: Vec<KindLabel>,
    /// How many candidates it is asked about.
    pub candidates: u64,
}

/// A candidate asked about: one per person, whatever the number of seats they stand for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The ID number as the roster gives it (the full number: the manifest is the county's
    /// working file, like the request workbooks).
    pub id_number: String,
    /// The unit of the person's first roster row.
    #[serde(default)]
    pub unit_code: Option<String>,
    /// The seats stood for, in Chinese (`村委会主任、村党组织委员`).
    #[serde(default)]
    pub role: String,
}

/// What a review request asked of whom (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The reference date of the request.
    pub as_of: NaiveDate,
    /// The pack's name.
    pub pack: String,
    /// The pack's content hash, so that answers are read against the pack asked with.
    #[serde(default)]
    pub pack_sha256: String,
    /// The departments asked.
    pub departments: Vec<RequestedDepartment>,
    /// The candidates, in roster order.
    pub candidates: Vec<Candidate>,
    /// The files the request was made from (people, roster), which `review collect` reads
    /// again unless told otherwise; empty for tables handed over in memory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputRef>,
}

/// A file a request was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRef {
    /// The table (`people`, `roster`).
    pub table: String,
    /// The file, as an absolute path where it could be made one.
    pub file: String,
    /// The SHA-256 of its bytes when the request was made.
    pub sha256: Option<String>,
}

impl Manifest {
    /// A manifest asking `departments` (indices into the pack's) about `candidates`; each
    /// department's workbook is `NN-<name>.xlsx`.
    pub fn new(
        pack: &RulePack,
        as_of: NaiveDate,
        departments: &[usize],
        candidates: Vec<Candidate>,
    ) -> Manifest {
        let departments = departments
            .iter()
            .filter_map(|&d| pack.departments.get(d))
            .enumerate()
            .map(|(i, d)| RequestedDepartment {
                code: d.code.clone(),
                name_zh: d.name_zh.clone(),
                file: format!("{:02}-{}.xlsx", i + 1, d.name_zh),
                record_kinds: d
                    .kinds
                    .iter()
                    .filter_map(|k| pack.kind_index(k).and_then(|i| pack.kinds.get(i)))
                    .map(|k| KindLabel {
                        code: k.code.clone(),
                        label_zh: k.label_zh.clone(),
                    })
                    .collect(),
                candidates: candidates.len() as u64,
            })
            .collect();
        Manifest {
            as_of,
            pack: pack.name.clone(),
            pack_sha256: pack.content_hash(),
            departments,
            candidates,
            inputs: Vec::new(),
        }
    }
}

/// The departments a run asks: every department of the pack, or those `names` give (a code,
/// Chinese name or alias each), in the pack's order.
pub fn select_departments(
    pack: &RulePack,
    names: Option<&[String]>,
) -> Result<Vec<usize>, PackError> {
    if pack.departments.is_empty() {
        return Err(PackError::Invalid {
            pack: pack.name.clone(),
            what: "the pack has no departments for the joint review (extend cn-2021, or declare [[departments]])".into(),
        });
    }
    let Some(names) = names else {
        return Ok((0..pack.departments.len()).collect());
    };
    let mut chosen = Vec::new();
    for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match pack.find_department(n) {
            Some(i) => chosen.push(i),
            None => {
                let known: Vec<&str> = pack
                    .departments
                    .iter()
                    .map(|d| d.name_zh.as_str())
                    .collect();
                return Err(PackError::Invalid {
                    pack: pack.name.clone(),
                    what: format!(
                        "no department {n:?} in the pack (it has: {})",
                        known.join(", ")
                    ),
                });
            }
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(chosen)
}

/// The candidates of `roster`: one per person (a valid ID number, or the text of one that is
/// not) in order of first row, with every seat they stand for.
pub fn candidates(roster: &Roster) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (r, cell) in roster.id.cells.iter().enumerate() {
        let id = match cell {
            Ok(id) => id.to_string(),
            Err(_) => match roster.id.invalid_text.get(&r) {
                Some(t) => t.clone(),
                None => continue, // an empty ID cell: nobody to ask about (DATA-ID in the check)
            },
        };
        let seat = match (
            cell_at(&roster.body, r).value(),
            cell_at(&roster.role, r).value(),
        ) {
            (Some(b), Some(ro)) => format!("{}{}", b.label_zh(), ro.label_zh()),
            (Some(b), None) => b.label_zh().to_string(),
            (None, Some(ro)) => ro.label_zh().to_string(),
            (None, None) => String::new(),
        };
        match index.get(&id) {
            Some(&i) => {
                if let Some(c) = out.get_mut(i)
                    && !seat.is_empty()
                    && !c.role.split('、').any(|s| s == seat)
                {
                    if !c.role.is_empty() {
                        c.role.push('、');
                    }
                    c.role.push_str(&seat);
                }
            }
            None => {
                index.insert(id.clone(), out.len());
                out.push(Candidate {
                    id_number: id,
                    unit_code: cell_at(&roster.unit_code, r).value().map(|u| u.to_string()),
                    role: seat,
                });
            }
        }
    }
    out
}
