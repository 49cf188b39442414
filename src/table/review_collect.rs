//! Reading the departments' answers back (docs/review.md): each answer workbook found and
//! read with the table layer's tolerance (title rows, columns in any order, dates typed any
//! way, several rows per candidate), its department told from what the caller says, its
//! sheet name or its file name; the rows that report a record become the `records` table of
//! the check, each keeping its file, sheet and line.

use super::columns::TableRole;
use super::convert::Batches;
use super::files::{TableFiles, read_files};
use super::readers::{FileSpec, ReadOptions};
use crate::error::{Error, InputError, Location, PackError};
use crate::finding::PersonKey;
use crate::pack::RulePack;
use crate::review::{Answer, AnswerRow, Assessment, Manifest, UnknownFile, assess};
use arrow_array::{BooleanArray, RecordBatch};
use chrono::NaiveDate;
use std::sync::Arc;

/// An answer file as given: `file`, `file.xlsx#sheet`, or `DEPARTMENT=file` when the caller
/// says whose it is (a code, Chinese name or alias of the pack's departments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerFile {
    /// The file (and sheet).
    pub spec: FileSpec,
    /// The department, when the caller names it.
    pub department: Option<String>,
}

impl AnswerFile {
    /// Reads `DEPARTMENT=file`, or a plain `file` (whose department is told from its sheet
    /// or file name). A path that exists as given is a path, even with a `=` in it.
    pub fn parse(arg: &str) -> AnswerFile {
        if !std::path::Path::new(arg).exists()
            && let Some((dept, file)) = arg.split_once('=')
            && !dept.trim().is_empty()
        {
            return AnswerFile {
                spec: FileSpec::parse(file),
                department: Some(dept.trim().to_string()),
            };
        }
        AnswerFile {
            spec: FileSpec::parse(arg),
            department: None,
        }
    }
}

/// A record read from an answer: its department and document number (文号), by row of the
/// `records` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOrigin {
    /// The department's code.
    pub department: String,
    /// The 文号, when given.
    pub document_no: Option<Arc<str>>,
    /// Whom the record is about (as the answer gave it).
    pub id_number: Option<PersonKey>,
    /// The record kind as the answer wrote it (a label or a code).
    pub kind: Option<Arc<str>>,
}

/// The answers read back.
#[derive(Debug, Clone)]
pub struct CollectedAnswers {
    /// Every answer row, as one `answers` table (each row's file, sheet and line).
    pub answers: TableFiles,
    /// The rows that report a record, as a `records` table for the check.
    pub records: TableFiles,
    /// Each record's department and 文号, by row of `records`.
    pub origins: Vec<RecordOrigin>,
    /// The findings about missing answers, unknown rows and files, and each department's
    /// tally.
    pub assessment: Assessment,
}

/// Reads `files` as the answers to the request `manifest` (under `pack`, on `as_of`).
pub fn read_answers(
    files: &[AnswerFile],
    manifest: &Manifest,
    pack: &RulePack,
    as_of: NaiveDate,
    options: &ReadOptions,
) -> Result<CollectedAnswers, Error> {
    let specs: Vec<FileSpec> = files.iter().map(|f| f.spec.clone()).collect();
    let answers = read_files(&specs, TableRole::Answers, options)?;
    // Each file's department (index into the manifest's), or why it has none.
    let mut owners: Vec<Result<usize, String>> = Vec::with_capacity(files.len());
    for (f, info) in files.iter().zip(&answers.infos) {
        owners.push(match &f.department {
            Some(name) => Ok(named_department(name, manifest, pack)?),
            None => department_of(&info.name, info.sheet.as_deref(), manifest, pack),
        });
    }
    collect_answers(answers, &owners, manifest, pack, as_of)
}

/// The answers handed over in memory (from Python): one frame per department, named by the
/// department's code, Chinese name or alias — or by a file name that says whose it is, as a
/// file's is read (`04-公安局答复.xlsx`); a frame whose name names no department of the
/// request is a REVIEW-UNKNOWN-FILE finding, its rows unread.
pub fn answers_from_frames(
    frames: Vec<(String, Vec<RecordBatch>)>,
    manifest: &Manifest,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<CollectedAnswers, Error> {
    let mut owners = Vec::with_capacity(frames.len());
    let mut parts = Vec::with_capacity(frames.len());
    let names: Vec<String> = frames.iter().map(|(n, _)| n.clone()).collect();
    for (name, batches) in frames {
        owners.push(
            named_department(&name, manifest, pack)
                .or_else(|_| department_of(&name, None, manifest, pack))
                .map_err(|_| format!("the name {name:?} names no department of the request")),
        );
        parts.push(batches);
    }
    let mut answers = super::memory::memory_table(parts, TableRole::Answers, "answers")?;
    // Each frame's rows name it as the caller did (`公安局`), not by its position.
    answers.sources = answers.sources.renamed(&names);
    for (info, name) in answers.infos.iter_mut().zip(&names) {
        info.name = name.clone();
    }
    collect_answers(answers, &owners, manifest, pack, as_of)
}

/// The answers of `answers` (each source's department in `owners`, by source) assessed
/// against `manifest`.
fn collect_answers(
    answers: TableFiles,
    owners: &[Result<usize, String>],
    manifest: &Manifest,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<CollectedAnswers, Error> {
    let t = Batches::new(&answers.batches, TableRole::Answers, &answers.at)?;
    let mut ids = t.ids()?;
    ids.attribute_numeric(&candidate_ids(manifest));
    let has = t.free_texts("has_record")?;
    let kinds = t.free_texts("kind")?;
    let document_no = t.free_texts("document_no")?;
    let n = t.rows();
    let mut rows = Vec::with_capacity(n);
    let mut keep = vec![false; n];
    let mut origins = Vec::new();
    let mut dept_files: Vec<Vec<String>> = vec![Vec::new(); manifest.departments.len()];
    let mut unknown: Vec<UnknownFile> = Vec::new();
    for (s, source) in answers.sources.sources().iter().enumerate() {
        match owners.get(s) {
            Some(Ok(d)) => {
                if let Some(list) = dept_files.get_mut(*d) {
                    list.push(source.label());
                }
            }
            Some(Err(why)) => unknown.push(UnknownFile {
                file: source.label(),
                rows: 0,
                why: why.clone(),
            }),
            None => {}
        }
    }
    for r in 0..n {
        let s = answers.sources.source_index(r).unwrap_or(usize::MAX);
        let dept = match owners.get(s) {
            Some(Ok(d)) => *d,
            Some(Err(_)) => {
                let label = answers.sources.label(r).unwrap_or_default();
                if let Some(u) = unknown.iter_mut().find(|u| u.file == label) {
                    u.rows += 1;
                }
                continue;
            }
            None => continue,
        };
        let answer = answer_of(
            has.get(r).and_then(|h| h.as_deref()),
            kinds.get(r).is_some_and(|k| k.is_some()),
        );
        let id_number = match ids.cells.get(r) {
            Some(Ok(id)) => Some(PersonKey::Id(*id)),
            _ => ids.invalid_text.get(&r).map(|t| PersonKey::Text(t.clone())),
        };
        rows.push(AnswerRow {
            department: dept,
            id_number,
            answer,
            row: r as u32,
        });
        if answer == Answer::Has {
            if let Some(k) = keep.get_mut(r) {
                *k = true;
            }
            origins.push(RecordOrigin {
                department: manifest
                    .departments
                    .get(dept)
                    .map(|d| d.code.clone())
                    .unwrap_or_default(),
                document_no: document_no.get(r).cloned().flatten(),
                id_number: rows.last().and_then(|a: &AnswerRow| a.id_number.clone()),
                kind: kinds.get(r).cloned().flatten(),
            });
        }
    }
    let header = |c: &str, default: &str| {
        t.map
            .headers
            .get(c)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let (id_header, answer_header) = (
        header("id_number", "身份证号码"),
        header("has_record", "有无记录"),
    );
    let assessment = assess(
        manifest,
        pack,
        as_of,
        &rows,
        &dept_files,
        &unknown,
        (&id_header, &answer_header),
    );
    let records = record_rows(&answers, &keep)?;
    Ok(CollectedAnswers {
        answers,
        records,
        origins,
        assessment,
    })
}

/// What a row's 有无记录 says, with whether it names a record kind.
fn answer_of(has: Option<&str>, names_kind: bool) -> Answer {
    match has.map(str::trim) {
        None | Some("") => {
            if names_kind {
                Answer::Has
            } else {
                Answer::Blank
            }
        }
        Some(t) => match t {
            "有" | "是" | "有记录" | "yes" | "Yes" | "YES" | "Y" | "y" | "1" => Answer::Has,
            "无" | "否" | "没有" | "无记录" | "no" | "No" | "NO" | "N" | "n" | "0" => {
                if names_kind {
                    Answer::Contradictory
                } else {
                    Answer::HasNot
                }
            }
            _ => Answer::Unreadable,
        },
    }
}

/// The manifest's candidates as an ID column (for numbers a spreadsheet stored as numbers).
fn candidate_ids(manifest: &Manifest) -> crate::people::IdColumn {
    let mut ids = crate::people::IdColumn::default();
    for c in &manifest.candidates {
        ids.push_text(Some(&c.id_number));
    }
    ids
}

/// The manifest department a caller names.
fn named_department(name: &str, manifest: &Manifest, pack: &RulePack) -> Result<usize, PackError> {
    let code = pack
        .find_department(name)
        .and_then(|i| pack.departments.get(i))
        .map(|d| d.code.as_str());
    code.and_then(|c| manifest.departments.iter().position(|d| d.code == c))
        .ok_or_else(|| {
            let asked: Vec<&str> = manifest
                .departments
                .iter()
                .map(|d| d.name_zh.as_str())
                .collect();
            PackError::Invalid {
                pack: pack.name.clone(),
                what: format!(
                    "no department {name:?} in the review request (it asked: {})",
                    asked.join(", ")
                ),
            }
        })
}

/// The manifest department an answer file is for, told from its sheet name, then its file
/// name: the department whose name (or alias, or code) is the longest found there; none
/// (with why) when no name is found, or two departments' names are equally long.
fn department_of(
    file: &str,
    sheet: Option<&str>,
    manifest: &Manifest,
    pack: &RulePack,
) -> Result<usize, String> {
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    for text in sheet.into_iter().chain(std::iter::once(stem.as_str())) {
        let mut best: Option<(usize, usize)> = None; // (length, department)
        let mut tie = false;
        for (i, d) in manifest.departments.iter().enumerate() {
            let def = pack.departments.iter().find(|x| x.code == d.code);
            let names: Vec<&str> = match def {
                Some(def) => def.names(),
                None => vec![d.name_zh.as_str()],
            };
            let len = names
                .iter()
                .filter(|n| text.contains(**n))
                .map(|n| n.chars().count())
                .chain((text.contains(d.code.as_str()) && d.code.len() > 2).then_some(d.code.len()))
                .max();
            if let Some(len) = len {
                match best {
                    Some((l, _)) if l > len => {}
                    Some((l, _)) if l == len => tie = true,
                    _ => {
                        best = Some((len, i));
                        tie = false;
                    }
                }
            }
        }
        match (best, tie) {
            (Some((_, i)), false) => return Ok(i),
            (Some(_), true) => return Err(format!("{text:?} names two departments")),
            _ => {}
        }
    }
    Err("no department of the request is named in its sheet or file name; give it as DEPARTMENT=FILE".into())
}

/// `batch` with a 记录类别 column, empty when the answer had none (a department that answered
/// only 无 needs none; a 有 without a kind is then the check's DATA-KIND, not an error).
fn with_kind_column(batch: RecordBatch) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let schema = batch.schema();
    let columns = TableRole::Records.columns();
    if schema
        .fields()
        .iter()
        .any(|f| super::columns::canonical_column(f.name(), columns) == Some("kind"))
    {
        return Ok(batch);
    }
    let mut fields: Vec<arrow_schema::Field> =
        schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(arrow_schema::Field::new(
        "记录类别",
        arrow_schema::DataType::Utf8,
        true,
    ));
    let mut arrays = batch.columns().to_vec();
    arrays.push(arrow_array::new_null_array(
        &arrow_schema::DataType::Utf8,
        batch.num_rows(),
    ));
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    RecordBatch::try_new_with_options(
        std::sync::Arc::new(arrow_schema::Schema::new(fields)),
        arrays,
        &options,
    )
}

/// The answer rows kept (`keep`, by row) as a `records` table: the same columns, each row
/// with its file, sheet and line.
fn record_rows(answers: &TableFiles, keep: &[bool]) -> Result<TableFiles, InputError> {
    let mut batches = Vec::with_capacity(answers.batches.len());
    let mut start = 0usize;
    for batch in &answers.batches {
        let end = start + batch.num_rows();
        let mask = BooleanArray::from(keep.get(start..end).unwrap_or_default().to_vec());
        let filtered = arrow_select::filter::filter_record_batch(batch, &mask).map_err(|e| {
            InputError::Unreadable {
                at: answers.at.clone(),
                what: e.to_string(),
            }
        })?;
        batches.push(
            with_kind_column(filtered).map_err(|e| InputError::Unreadable {
                at: answers.at.clone(),
                what: e.to_string(),
            })?,
        );
        start = end;
    }
    Ok(TableFiles {
        batches,
        sources: answers.sources.subset(keep),
        infos: Vec::new(),
        at: Location {
            table: "records".into(),
            ..answers.at.clone()
        },
    })
}
