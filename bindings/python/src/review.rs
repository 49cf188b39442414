//! `huanjie.review.request` and `huanjie.review.collect`: the joint review as a round trip with
//! the departments, from frames or files, as `huanjie review` does on the command line.

use crate::errors::{HuanjieError, to_py};
use crate::packs::RulePack;
use crate::run::{CheckBatches, Memory, NativeCheck, as_date, run_check};
use huanjie::CheckOptions;
use huanjie::error::Location;
use huanjie::review::{Manifest, candidates, select_departments};
use huanjie::table::{AnswerFile, CollectedAnswers, FileSpec, ReadOptions};
use pyo3::prelude::*;
use std::path::PathBuf;

fn pack_or_default(pack: Option<&RulePack>, name: Option<&str>) -> PyResult<huanjie::RulePack> {
    match (pack, name) {
        (Some(p), _) => Ok(p.0.clone()),
        (None, Some(n)) => huanjie::RulePack::builtin(n).map_err(|e| to_py(e.into())),
        (None, None) => {
            huanjie::RulePack::builtin(huanjie::pack::DEFAULT_PACK).map_err(|e| to_py(e.into()))
        }
    }
}

/// The request's manifest as JSON text; with `out`, the workbooks and manifest.json written
/// there.
#[pyfunction]
#[pyo3(signature = (people, roster, *, as_of, out=None, departments=None, pack=None))]
pub(crate) fn review_request(
    py: Python<'_>,
    people: &Bound<'_, PyAny>,
    roster: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    out: Option<PathBuf>,
    departments: Option<Vec<String>>,
    pack: Option<&RulePack>,
) -> PyResult<String> {
    let as_of = as_date(as_of, "as_of")?;
    let pack = pack_or_default(pack, None)?;
    let people_t = crate::input::table(people, "people")?;
    let roster_t = crate::input::table(roster, "roster")?;
    py.detach(|| {
        let err = |e: huanjie::Error| e;
        let people_cols = huanjie::table::people_from_batches(&people_t.batches, &people_t.at)
            .map_err(|e| err(e.into()))?;
        let mut roster_cols = huanjie::table::roster_from_batches(&roster_t.batches, &roster_t.at)
            .map_err(|e| err(e.into()))?;
        roster_cols.attribute_numeric_ids(&people_cols.id);
        let chosen = select_departments(&pack, departments.as_deref())?;
        let manifest = Manifest::new(&pack, as_of, &chosen, candidates(&roster_cols));
        if let Some(dir) = &out {
            let by_id =
                huanjie::table::names_by_id(&people_t.batches, &people_t.at, &people_cols.id)?;
            let names: Vec<_> = manifest
                .candidates
                .iter()
                .map(|c| by_id.get(&c.id_number).cloned())
                .collect();
            let units = manifest
                .candidates
                .iter()
                .filter_map(|c| c.unit_code.as_deref())
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            huanjie::table::write_review_request(
                dir,
                &manifest,
                &names,
                &format!("{units}个村（社区）"),
            )
            .map_err(|e| {
                huanjie::Error::Input(huanjie::InputError::bad(
                    Location {
                        table: "review request".into(),
                        file: Some(dir.display().to_string()),
                        ..Location::default()
                    },
                    huanjie::ProblemKind::Other,
                    huanjie::error::io_reason(&e),
                ))
            })?;
        }
        serde_json::to_string_pretty(&manifest).map_err(|e| {
            huanjie::Error::Input(huanjie::InputError::bad(
                Location::table("manifest"),
                huanjie::ProblemKind::Other,
                e.to_string(),
            ))
        })
    })
    .map_err(to_py)
}

/// The answers read back and checked: the check, the departments' tallies and the records'
/// origins (JSON text each).
#[pyfunction]
#[pyo3(signature = (manifest, answers, people, roster=None, relations=None, units=None, *, as_of, pack=None, strict=false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn review_collect(
    py: Python<'_>,
    manifest: &str,
    answers: Vec<(Option<String>, Bound<'_, PyAny>)>,
    people: &Bound<'_, PyAny>,
    roster: Option<&Bound<'_, PyAny>>,
    relations: Option<&Bound<'_, PyAny>>,
    units: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    pack: Option<&RulePack>,
    strict: bool,
) -> PyResult<(NativeCheck, String, String)> {
    let as_of = as_date(as_of, "as_of")?;
    let manifest: Manifest = serde_json::from_str(manifest).map_err(|e| {
        HuanjieError::new_err(format!(
            "not a review request's manifest (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let pack = pack_or_default(pack, Some(&manifest.pack))?;
    let collected = collect(py, &manifest, answers, &pack, as_of)?;
    let mut memory = Memory::default();
    let people_b = memory.read(people, "people")?;
    let roster_b = match roster {
        Some(r) => memory.read(r, "roster")?,
        None => {
            return Err(HuanjieError::new_err(
                "review.collect needs the roster the request was made from",
            ));
        }
    };
    let relations_b = memory.optional(relations, "relations")?;
    let units_b = memory.optional(units, "units")?;
    memory
        .inputs
        .extend(collected.answers.infos.iter().cloned());
    memory
        .provenance
        .insert("answers", collected.answers.sources.clone());
    memory
        .provenance
        .insert("records", collected.records.sources.clone());
    let departments = huanjie::table::departments_json(&collected).to_string();
    let records = huanjie::table::answer_records_json(&collected).to_string();
    let batches = CheckBatches {
        people: people_b,
        roster: Some(roster_b),
        records: Some(collected.records.batches.clone()),
        relations: relations_b,
        units: units_b,
    };
    let reported = collected.assessment.reported.clone();
    let check = run_check(
        py,
        memory,
        batches,
        pack,
        CheckOptions { as_of, strict },
        reported,
    )?;
    Ok((check, departments, records))
}

/// The answers: all files (a path each; the name, when given, says whose it is) or all
/// frames (named by a department or a file name).
fn collect(
    py: Python<'_>,
    manifest: &Manifest,
    answers: Vec<(Option<String>, Bound<'_, PyAny>)>,
    pack: &huanjie::RulePack,
    as_of: chrono::NaiveDate,
) -> PyResult<CollectedAnswers> {
    let paths: Vec<Option<PathBuf>> = answers
        .iter()
        .map(|(_, v)| {
            if v.is_instance_of::<pyo3::types::PyString>()
                || v.hasattr("__fspath__").unwrap_or(false)
            {
                v.extract::<PathBuf>().ok()
            } else {
                None
            }
        })
        .collect();
    if paths.iter().all(Option::is_some) {
        let files: Vec<AnswerFile> = answers
            .iter()
            .zip(paths)
            .filter_map(|((name, _), p)| {
                p.map(|p| AnswerFile {
                    spec: FileSpec::parse(&p.to_string_lossy()),
                    department: name.clone(),
                })
            })
            .collect();
        return py
            .detach(|| {
                huanjie::table::read_answers(&files, manifest, pack, as_of, &ReadOptions::default())
            })
            .map_err(to_py);
    }
    if paths.iter().any(Option::is_some) {
        return Err(HuanjieError::new_err(
            "give the answers all as files or all as frames",
        ));
    }
    let mut frames = Vec::with_capacity(answers.len());
    for (i, (name, obj)) in answers.iter().enumerate() {
        let name = name.clone().ok_or_else(|| {
            HuanjieError::new_err(format!("answer frame {i} needs a department's name"))
        })?;
        frames.push((name, crate::input::batches(obj, "answers")?));
    }
    py.detach(|| huanjie::table::answers_from_frames(frames, manifest, pack, as_of))
        .map_err(to_py)
}
