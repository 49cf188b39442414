//! `huanjie.check` and its native result.

use crate::errors::{HuanjieError, to_py};
use crate::frames::{Key, Lookup};
use crate::packs::RulePack;
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use huanjie::audit::{Audit, InputInfo};
use huanjie::check::Prepared;
use huanjie::error::Location;
use huanjie::table::{CheckTables, ReadTables, TableInput};
use huanjie::{CheckOptions, CheckReport, PersonKey};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::sync::Arc;

pub(crate) fn table_of(batch: RecordBatch) -> PyResult<PyTable> {
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)
}

pub(crate) fn arrow_err(e: arrow_schema::ArrowError) -> PyErr {
    HuanjieError::new_err(e.to_string())
}

/// Writes the workbook of the document `doc` makes to `path` (`to_excel`), the GIL released: a
/// file that cannot be created is an `OSError`.
pub(crate) fn save_xlsx(
    py: Python<'_>,
    path: &std::path::Path,
    doc: impl FnOnce() -> Result<huanjie::table::Document, arrow_schema::ArrowError> + Send,
) -> PyResult<()> {
    /// Why a workbook was not written.
    enum Unsaved {
        File(String),
        Writer(arrow_schema::ArrowError),
    }
    let written = py.detach(|| {
        let doc = doc().map_err(Unsaved::Writer)?;
        let file = std::fs::File::create(path).map_err(|e| {
            Unsaved::File(format!(
                "cannot write {}: {}",
                path.display(),
                huanjie::error::io_reason(&e)
            ))
        })?;
        let mut out = std::io::BufWriter::new(file);
        huanjie::table::write_xlsx(&doc, &mut out).map_err(Unsaved::Writer)
    });
    match written {
        Ok(()) => Ok(()),
        Err(Unsaved::File(why)) => Err(pyo3::exceptions::PyOSError::new_err(why)),
        Err(Unsaved::Writer(e)) => Err(arrow_err(e)),
    }
}

/// Reads a date given as `datetime.date` or ISO text.
pub(crate) fn as_date(v: &Bound<'_, PyAny>, what: &str) -> PyResult<NaiveDate> {
    if let Ok(d) = v.extract::<NaiveDate>() {
        return Ok(d);
    }
    if let Ok(s) = v.extract::<String>()
        && let Some(d) = huanjie::date::parse_date(&s)
    {
        return Ok(d);
    }
    Err(HuanjieError::new_err(format!(
        "{what} must be a date or a date text such as 2021-01-15"
    )))
}

/// A check's tables, read once into domain columns, and its pack.
struct Owned {
    tables: ReadTables,
    pack: huanjie::RulePack,
}

self_cell::self_cell!(
    /// The tables and the check prepared on them (people indexed, avoidance and composition
    /// done), kept so that the findings can be made when asked for without doing that again.
    struct Kept {
        owner: Owned,
        #[not_covariant]
        dependent: Prepared,
    }
);

/// Reads the check's tables (in memory, so without file names) and prepares the check.
fn prepare(
    tables: CheckBatches,
    pack: huanjie::RulePack,
    options: CheckOptions,
    reported: Vec<huanjie::check::Reported>,
) -> Result<Kept, huanjie::Error> {
    let read = tables.with_tables(|t| ReadTables::read(t, &pack, options.as_of))?;
    Kept::try_new(Owned { tables: read, pack }, |o| {
        Prepared::with_reported(o.tables.input(), &o.pack, options, reported)
    })
}

/// The Arrow tables of a check as handed over.
pub(crate) struct CheckBatches {
    pub(crate) people: Vec<RecordBatch>,
    pub(crate) roster: Option<Vec<RecordBatch>>,
    pub(crate) records: Option<Vec<RecordBatch>>,
    pub(crate) relations: Option<Vec<RecordBatch>>,
    pub(crate) units: Option<Vec<RecordBatch>>,
}

impl CheckBatches {
    /// Runs `f` on the tables (in memory, so without file names).
    fn with_tables<R>(&self, f: impl FnOnce(CheckTables<'_>) -> R) -> R {
        let at = |t: &str| Location {
            table: t.into(),
            ..Location::default()
        };
        let (pa, oa, ra, la, ua) = (
            at("people"),
            at("roster"),
            at("records"),
            at("relations"),
            at("units"),
        );
        f(CheckTables {
            people: TableInput {
                batches: &self.people,
                at: &pa,
            },
            roster: table_input(&self.roster, &oa),
            records: table_input(&self.records, &ra),
            relations: table_input(&self.relations, &la),
            units: table_input(&self.units, &ua),
        })
    }
}

/// The result of a check, held natively; the Python `CheckResult` wraps it.
///
/// The check is prepared once ([`huanjie::check::Prepared`]); the outcomes and the summary are
/// decided at once without building a finding; the findings are built the first time they are
/// asked for (`findings`, `to_json`, `to_text`), from the same prepared check. Where the
/// findings cost about what the outcomes do (no records: avoidance and composition are built
/// when the check is prepared), the full report is made at once and the outcomes come from it.
#[pyclass(module = "huanjie", frozen)]
pub struct NativeCheck {
    /// The outcomes and summary, when they were decided without the findings.
    verdicts: Option<huanjie::Verdicts>,
    /// The prepared check, until the full report is made from it (then it is let go: the
    /// tables and indexes it holds are not needed any more).
    kept: std::sync::Mutex<Option<Kept>>,
    report: std::sync::OnceLock<CheckReport>,
    audit: Audit,
    /// Each row's frame (for a list of frames) and each person's name.
    provenance: huanjie::table::Provenance,
}

impl NativeCheck {
    /// The full report, built on first use with the GIL released.
    fn report(&self, py: Python<'_>) -> PyResult<&CheckReport> {
        if let Some(r) = self.report.get() {
            return Ok(r);
        }
        let (kept, cell) = (&self.kept, &self.report);
        py.detach(|| {
            // The lock is held until the report is in its cell, so that a second caller finds
            // it there rather than an emptied prepared check.
            let mut guard = kept
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cell.get().is_none()
                && let Some(k) = guard.as_ref()
            {
                let _ = cell.set(k.with_dependent(|_, prepared| prepared.report()));
            }
            *guard = None;
        });
        self.report
            .get()
            .ok_or_else(|| HuanjieError::new_err("the check's findings are not available"))
    }

    /// The outcomes and the summary: decided without the findings, or from the full report.
    fn verdicts(&self) -> (&[huanjie::Outcome], &huanjie::Summary) {
        match (&self.verdicts, self.report.get()) {
            (Some(v), _) => (&v.outcomes, &v.summary),
            (None, Some(r)) => (&r.outcomes, &r.summary),
            // (one of the two is always set when the result is made)
            (None, None) => (&[], &EMPTY_SUMMARY),
        }
    }
}

static EMPTY_SUMMARY: std::sync::LazyLock<huanjie::Summary> =
    std::sync::LazyLock::new(huanjie::Summary::default);

#[pymethods]
impl NativeCheck {
    /// The findings table.
    #[pyo3(signature = (mask=false))]
    fn findings(&self, py: Python<'_>, mask: bool) -> PyResult<PyTable> {
        let report = self.report(py)?;
        let p = &self.provenance;
        let batch = py.detach(|| huanjie::table::findings_batch_at(&report.findings, mask, p));
        table_of(batch.map_err(arrow_err)?)
    }

    /// The outcomes table.
    #[pyo3(signature = (mask=false))]
    fn outcomes(&self, py: Python<'_>, mask: bool) -> PyResult<PyTable> {
        let outcomes = self.verdicts().0;
        let p = &self.provenance;
        let batch = py.detach(|| huanjie::table::outcomes_batch_at(outcomes, mask, p));
        table_of(batch.map_err(arrow_err)?)
    }

    /// The summary table (one row of counts).
    fn summary(&self) -> PyResult<PyTable> {
        table_of(huanjie::table::summary_batch(self.verdicts().1).map_err(arrow_err)?)
    }

    /// The audit block as JSON text.
    fn audit_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.audit).map_err(|e| HuanjieError::new_err(e.to_string()))
    }

    /// The whole result as the CLI's JSON document.
    #[pyo3(signature = (mask=false))]
    fn to_json(&self, py: Python<'_>, mask: bool) -> PyResult<String> {
        let report = self.report(py)?;
        let (audit, p) = (&self.audit, &self.provenance);
        py.detach(|| {
            let doc = huanjie::table::check_document_at(report, audit, mask, p)?;
            huanjie::table::json_string(&doc, false)
        })
        .map_err(arrow_err)
    }

    /// The CLI's workbook (`--format xlsx`), written to `path`; `extra` (a JSON object as
    /// text: `review collect`'s departments) goes on its summary sheet.
    #[pyo3(signature = (path, mask=false, extra=None))]
    fn to_xlsx(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        mask: bool,
        extra: Option<String>,
    ) -> PyResult<()> {
        let report = self.report(py)?;
        let (audit, p) = (&self.audit, &self.provenance);
        let extra: serde_json::Map<String, serde_json::Value> = match extra {
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| HuanjieError::new_err(format!("extra is not a JSON object: {e}")))?,
            None => serde_json::Map::new(),
        };
        save_xlsx(py, &path, || {
            let mut doc = huanjie::table::check_document_at(report, audit, mask, p)?;
            for (k, v) in extra {
                doc = doc.value(&k, v);
            }
            Ok(doc)
        })
    }

    /// The clerk's text report (IDs masked unless `mask=False`).
    #[pyo3(signature = (mask=true))]
    fn to_text(&self, py: Python<'_>, mask: bool) -> PyResult<String> {
        Ok(huanjie::render::check_text_at(
            self.report(py)?,
            &self.audit,
            mask,
            &self.provenance,
        ))
    }

    /// The exit status the CLI would give.
    #[getter]
    fn exit_code(&self) -> i32 {
        self.verdicts().1.exit_code()
    }

    /// `outcome` and `rules` for each ID number of `ids` (a column: a Series, an Arrow array
    /// or a list), joined on the normalised number; null where the number is empty or nobody
    /// vetted has it.
    fn annotation(&self, py: Python<'_>, ids: &Bound<'_, PyAny>) -> PyResult<PyTable> {
        let keys = crate::frames::keys_of(ids, "people")?;
        let outcomes = self.verdicts().0;
        let picked: Vec<Option<&huanjie::Outcome>> = py.detach(|| {
            // Valid numbers first, then the text of those that do not validate: a cell that
            // cleans to a valid number takes that person's outcome.
            let mut by_key = Lookup::with_capacity(outcomes.len());
            for o in outcomes {
                if let Some(PersonKey::Id(id)) = &o.id_number {
                    by_key.insert(Key::Id(id.to_u64()), o);
                }
            }
            for o in outcomes {
                if let Some(PersonKey::Text(t)) = &o.id_number
                    && let Some(k) = Key::of(t)
                {
                    by_key.insert(k, o);
                }
            }
            keys.iter()
                .map(|k| k.as_ref().and_then(|k| by_key.get(k)))
                .collect()
        });
        let item = Arc::new(Field::new("item", DataType::Utf8, true));
        let mut lb = ListBuilder::new(StringBuilder::new()).with_field(item.clone());
        let mut outcome = StringBuilder::with_capacity(picked.len(), picked.len() * 10);
        for o in &picked {
            match o {
                Some(o) => {
                    outcome.append_value(o.outcome.as_str());
                    o.rules.iter().for_each(|x| lb.values().append_value(x));
                    lb.append(true);
                }
                None => {
                    outcome.append_null();
                    lb.append(false);
                }
            }
        }
        let schema = Arc::new(Schema::new(vec![
            Field::new("outcome", DataType::Utf8, true),
            Field::new("rules", DataType::List(item), true),
        ]));
        let cols: Vec<ArrayRef> = vec![Arc::new(outcome.finish()), Arc::new(lb.finish())];
        table_of(RecordBatch::try_new(schema, cols).map_err(arrow_err)?)
    }

    /// The summary as the JSON document has it (the counts, findings by severity and by rule,
    /// the audit block), as JSON text.
    fn summary_json(&self) -> PyResult<String> {
        let err = |e: serde_json::Error| HuanjieError::new_err(e.to_string());
        let mut v = serde_json::to_value(self.verdicts().1).map_err(err)?;
        if let serde_json::Value::Object(m) = &mut v {
            m.insert(
                "audit".into(),
                serde_json::to_value(&self.audit).map_err(err)?,
            );
        }
        serde_json::to_string(&v).map_err(err)
    }

    /// The notebook view: the summary and the first `limit` findings (ID numbers masked).
    #[pyo3(signature = (limit=20))]
    fn html(&self, py: Python<'_>, limit: usize) -> PyResult<String> {
        let report = self.report(py)?;
        let summary = self.verdicts().1;
        Ok(crate::html::check_html(
            summary,
            &report.findings,
            &self.audit,
            summary.exit_code(),
            limit,
        ))
    }
}

/// The tables of a run as handed over (each one frame or a list of frames), their audit
/// entries, and each row's frame and person's name.
#[derive(Default)]
pub(crate) struct Memory {
    pub(crate) inputs: Vec<InputInfo>,
    pub(crate) provenance: huanjie::table::Provenance,
}

impl Memory {
    /// Reads `obj` as the table `table`: its batches, with its audit entries and sources kept.
    pub(crate) fn read(
        &mut self,
        obj: &Bound<'_, PyAny>,
        table: &str,
    ) -> PyResult<Vec<RecordBatch>> {
        let t = crate::input::table(obj, table)?;
        self.inputs.extend(t.infos);
        self.provenance.insert(table, t.sources);
        Ok(t.batches)
    }

    /// Reads an optional table.
    pub(crate) fn optional(
        &mut self,
        obj: Option<&Bound<'_, PyAny>>,
        table: &str,
    ) -> PyResult<Option<Vec<RecordBatch>>> {
        obj.map(|o| self.read(o, table)).transpose()
    }
}

/// Vets `people` (with `roster` and `records`) on `as_of`; see the Python `huanjie.check`.
#[pyfunction]
#[pyo3(signature = (people, roster=None, records=None, relations=None, units=None, *, as_of, pack=None, strict=false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn check(
    py: Python<'_>,
    people: &Bound<'_, PyAny>,
    roster: Option<&Bound<'_, PyAny>>,
    records: Option<&Bound<'_, PyAny>>,
    relations: Option<&Bound<'_, PyAny>>,
    units: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    pack: Option<&RulePack>,
    strict: bool,
) -> PyResult<NativeCheck> {
    let as_of = as_date(as_of, "as_of")?;
    let pack = match pack {
        Some(p) => p.0.clone(),
        None => {
            huanjie::RulePack::builtin(huanjie::pack::DEFAULT_PACK).map_err(|e| to_py(e.into()))?
        }
    };
    let mut memory = Memory::default();
    let people_b = memory.read(people, "people")?;
    let roster_b = memory.optional(roster, "roster")?;
    let records_b = memory.optional(records, "records")?;
    let relations_b = memory.optional(relations, "relations")?;
    let units_b = memory.optional(units, "units")?;
    let batches = CheckBatches {
        people: people_b,
        roster: roster_b,
        records: records_b,
        relations: relations_b,
        units: units_b,
    };
    run_check(
        py,
        memory,
        batches,
        pack,
        CheckOptions { as_of, strict },
        Vec::new(),
    )
}

/// Prepares the check of `batches` (with the findings a front end made before it), decides the
/// outcomes, and keeps what the findings need; `memory` holds the tables' audit entries and
/// sources.
pub(crate) fn run_check(
    py: Python<'_>,
    mut memory: Memory,
    batches: CheckBatches,
    pack: huanjie::RulePack,
    options: CheckOptions,
    reported: Vec<huanjie::check::Reported>,
) -> PyResult<NativeCheck> {
    let at = Location::table("people");
    let names = huanjie::table::person_names(&batches.people, &at).map_err(|e| to_py(e.into()))?;
    memory.provenance.set_names(names);
    let Memory { inputs, provenance } = memory;
    let audit = Audit::new(&pack, options.as_of, inputs);
    let (kept, verdicts, report) = py
        .detach(|| {
            let kept = prepare(batches, pack, options, reported)?;
            let (verdicts, report) = kept.with_dependent(|_, prepared| {
                if prepared.findings_are_cheap() {
                    (None, Some(prepared.report()))
                } else {
                    (Some(prepared.outcomes()), None)
                }
            });
            Ok::<_, huanjie::Error>((kept, verdicts, report))
        })
        .map_err(|mut e| {
            provenance.complete(&mut e);
            to_py(e)
        })?;
    let cell = std::sync::OnceLock::new();
    let kept = match report {
        Some(r) => {
            let _ = cell.set(r);
            None // the report is made: the prepared check is not needed
        }
        None => Some(kept),
    };
    Ok(NativeCheck {
        verdicts,
        kept: std::sync::Mutex::new(kept),
        report: cell,
        audit,
        provenance,
    })
}

/// Any table (Arrow, pandas, polars, a list of rows) as a workbook of one sheet `name`, with
/// the Chinese header of every column huanjie knows above the English one (`hj.to_excel`).
#[pyfunction]
#[pyo3(signature = (obj, path, name="table"))]
pub(crate) fn table_to_xlsx(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    path: std::path::PathBuf,
    name: &str,
) -> PyResult<()> {
    let batches = crate::input::batches(obj, name)?;
    save_xlsx(py, &path, || {
        huanjie::table::tables_document(name, &batches)
    })
}

/// Any supported table object as an Arrow table (what huanjie reads).
#[pyfunction]
#[pyo3(signature = (obj, table="table"))]
pub(crate) fn to_table(obj: &Bound<'_, PyAny>, table: &str) -> PyResult<PyTable> {
    let batches = crate::input::batches(obj, table)?;
    let schema = batches
        .first()
        .map(|b| b.schema())
        .unwrap_or_else(|| Arc::new(Schema::empty()));
    PyTable::try_new(batches, schema)
}

pub(crate) fn table_input<'a>(
    b: &'a Option<Vec<RecordBatch>>,
    at: &'a Location,
) -> Option<TableInput<'a>> {
    b.as_deref().map(|batches| TableInput { batches, at })
}

/// For the benchmarks: the seconds the Rust API takes from the Arrow tables (already handed
/// over) to the outcomes table (and the findings table with `findings`), measured inside Rust
/// on the same data as `check` — the "(a)" of the benchmarks, next to `check`'s own time.
#[pyfunction]
#[pyo3(signature = (people, records=None, *, as_of, roster=None, relations=None, findings=false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _rust_api_seconds(
    py: Python<'_>,
    people: &Bound<'_, PyAny>,
    records: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    roster: Option<&Bound<'_, PyAny>>,
    relations: Option<&Bound<'_, PyAny>>,
    findings: bool,
) -> PyResult<f64> {
    let as_of = as_date(as_of, "as_of")?;
    let pack =
        huanjie::RulePack::builtin(huanjie::pack::DEFAULT_PACK).map_err(|e| to_py(e.into()))?;
    let people_b = crate::input::batches(people, "people")?;
    let opt = |t: Option<&Bound<'_, PyAny>>, name: &str| {
        t.map(|t| crate::input::batches(t, name)).transpose()
    };
    let (records_b, roster_b, relations_b) = (
        opt(records, "records")?,
        opt(roster, "roster")?,
        opt(relations, "relations")?,
    );
    let batches = CheckBatches {
        people: people_b,
        roster: roster_b,
        records: records_b,
        relations: relations_b,
        units: None,
    };
    let options = CheckOptions {
        as_of,
        strict: false,
    };
    py.detach(|| {
        let t = std::time::Instant::now();
        // As `check`: the tables read and the check prepared once, the outcomes without
        // findings; with `findings`, the findings table as well (as `res.findings`).
        let kept = prepare(batches, pack, options, Vec::new()).map_err(to_py)?;
        let (outcomes, findings_table) = kept.with_dependent(|_, prepared| {
            if prepared.findings_are_cheap() {
                let report = prepared.report();
                let outcomes = huanjie::table::outcomes_batch(&report.outcomes, false);
                let findings_table =
                    findings.then(|| huanjie::table::findings_batch(&report.findings, false));
                return (outcomes, findings_table);
            }
            let verdicts = prepared.outcomes();
            let outcomes = huanjie::table::outcomes_batch(&verdicts.outcomes, false);
            let findings_table = findings.then(|| {
                let report = prepared.report();
                huanjie::table::findings_batch(&report.findings, false)
            });
            (outcomes, findings_table)
        });
        let outcomes = outcomes.map_err(arrow_err)?;
        let findings_table = findings_table.transpose().map_err(arrow_err)?;
        let secs = t.elapsed().as_secs_f64();
        drop((kept, outcomes, findings_table));
        Ok(secs)
    })
}
