//! `huanjie.count`, `huanjie.apportion`, `huanjie.recall`.

use crate::errors::{HuanjieError, to_py};
use crate::packs::RulePack;
use crate::run::{Memory, arrow_err, as_date, save_xlsx, table_input as input, table_of};
use chrono::NaiveDate;
use huanjie::audit::Audit;
use huanjie::count::CountReport;
use huanjie::error::Location;
use huanjie::finding::Findings;
use huanjie::nominate::NominationReport;
use huanjie::table::{CountTables, NominationTables, TableInput};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// The pack given, else the default built-in pack.
pub(crate) fn pack_or_default(pack: Option<&RulePack>) -> PyResult<huanjie::RulePack> {
    match pack {
        Some(p) => Ok(p.0.clone()),
        None => {
            huanjie::RulePack::builtin(huanjie::pack::DEFAULT_PACK).map_err(|e| to_py(e.into()))
        }
    }
}

/// The result of a count, held natively; the Python `CountResult` wraps it. It holds the
/// count of votes (empty when no tallies were given) and the count of nominations (when
/// nominations were given).
#[pyclass(module = "huanjie", frozen)]
pub struct NativeCount {
    report: CountReport,
    counted: bool,
    nominations: Option<NominationReport>,
    audit: Audit,
    provenance: huanjie::table::Provenance,
}

impl NativeCount {
    /// The count of nominations, or an empty one when no nominations were given (its tables
    /// are typed and empty).
    fn nominated<T>(&self, f: impl FnOnce(&NominationReport) -> T) -> T {
        match &self.nominations {
            Some(n) => f(n),
            None => f(&NominationReport::default()),
        }
    }
}

#[pymethods]
impl NativeCount {
    /// One row per unit, body and round.
    fn rounds(&self) -> PyResult<PyTable> {
        table_of(huanjie::table::rounds_batch(&self.report).map_err(arrow_err)?)
    }
    /// One row per person elected.
    #[pyo3(signature = (mask=false))]
    fn elected(&self, mask: bool) -> PyResult<PyTable> {
        table_of(huanjie::table::entries_batch(&self.report, false, mask).map_err(arrow_err)?)
    }
    /// One row per second-round candidate.
    #[pyo3(signature = (mask=false))]
    fn runoff(&self, mask: bool) -> PyResult<PyTable> {
        table_of(huanjie::table::entries_batch(&self.report, true, mask).map_err(arrow_err)?)
    }
    /// One row per candidate in a tie at a last seat.
    #[pyo3(signature = (mask=false))]
    fn ties(&self, mask: bool) -> PyResult<PyTable> {
        table_of(huanjie::table::ties_batch(&self.report, mask).map_err(arrow_err)?)
    }
    /// The unit-level findings of the count of votes.
    #[pyo3(signature = (mask=false))]
    fn findings(&self, mask: bool) -> PyResult<PyTable> {
        let f = Findings::from_chunks(vec![self.report.findings.clone()]);
        table_of(huanjie::table::findings_batch(&f, mask).map_err(arrow_err)?)
    }
    /// The slates of the count of nominations: one row per unit, body and role.
    fn slates(&self) -> PyResult<PyTable> {
        table_of(
            self.nominated(huanjie::table::slates_batch)
                .map_err(arrow_err)?,
        )
    }
    /// The nominees of the count of nominations, most nominated first per slate.
    #[pyo3(signature = (mask=false))]
    fn nominees(&self, mask: bool) -> PyResult<PyTable> {
        table_of(
            self.nominated(|n| huanjie::table::nominees_batch(n, mask))
                .map_err(arrow_err)?,
        )
    }
    /// Who took part in nominating, per unit and nominator kind, and totals.
    fn participation(&self) -> PyResult<PyTable> {
        table_of(
            self.nominated(huanjie::table::participation_batch)
                .map_err(arrow_err)?,
        )
    }
    /// The findings of the count of nominations.
    #[pyo3(signature = (mask=false))]
    fn nomination_findings(&self, mask: bool) -> PyResult<PyTable> {
        let f = Findings::from_chunks(vec![self.nominated(|n| n.findings.clone())]);
        table_of(huanjie::table::findings_batch(&f, mask).map_err(arrow_err)?)
    }
    /// The CLI's JSON document.
    #[pyo3(signature = (mask=false))]
    fn to_json(&self, mask: bool) -> PyResult<String> {
        let doc = huanjie::table::count_stages_document(
            self.counted.then_some(&self.report),
            self.nominations.as_ref(),
            &self.audit,
            mask,
            &self.provenance,
        )
        .map_err(arrow_err)?
        .ok_or_else(|| HuanjieError::new_err("no stage was counted"))?;
        huanjie::table::json_string(&doc, false).map_err(arrow_err)
    }
    /// The CLI's workbook (`huanjie count --format xlsx`), written to `path`.
    #[pyo3(signature = (path, mask=false))]
    fn to_xlsx(&self, py: Python<'_>, path: std::path::PathBuf, mask: bool) -> PyResult<()> {
        save_xlsx(py, &path, || {
            huanjie::table::count_stages_xlsx_document(
                self.counted.then_some(&self.report),
                self.nominations.as_ref(),
                &self.audit,
                mask,
                &self.provenance,
            )
            .map(|d| d.unwrap_or_default())
        })
    }
    /// The clerk's text report (IDs masked unless `mask=False`).
    #[pyo3(signature = (mask=true))]
    fn to_text(&self, mask: bool) -> String {
        let mut out = String::new();
        if let Some(n) = &self.nominations {
            out.push_str(&huanjie::render::nomination_text(n, &self.audit, mask));
        }
        if self.counted {
            out.push_str(&huanjie::render::count_text(
                &self.report,
                &self.audit,
                mask,
            ));
        }
        out
    }
    /// The exit status the CLI would give.
    #[getter]
    fn exit_code(&self) -> i32 {
        let clear = (!self.counted || self.report.all_clear())
            && self.nominations.as_ref().is_none_or(|n| n.all_clear());
        i32::from(!clear)
    }
}

/// Counts the elections of `tallies` and `votes` and/or the nominations of `nominations`; see
/// the Python `huanjie.count`.
#[pyfunction]
#[pyo3(signature = (tallies=None, votes=None, roster=None, register=None, units=None, *, as_of, nominations=None, pack=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn count(
    py: Python<'_>,
    tallies: Option<&Bound<'_, PyAny>>,
    votes: Option<&Bound<'_, PyAny>>,
    roster: Option<&Bound<'_, PyAny>>,
    register: Option<&Bound<'_, PyAny>>,
    units: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    nominations: Option<&Bound<'_, PyAny>>,
    pack: Option<&RulePack>,
) -> PyResult<NativeCount> {
    let as_of = as_date(as_of, "as_of")?;
    let given = |t: Option<&Bound<'_, PyAny>>| t.is_some_and(|t| !t.is_none());
    let votes_stage = match (given(tallies), given(votes)) {
        (true, true) => true,
        (false, false) => false,
        _ => {
            return Err(HuanjieError::new_err(
                "the count of votes needs both tallies and votes",
            ));
        }
    };
    if !votes_stage && !given(nominations) {
        return Err(HuanjieError::new_err(
            "count needs a stage: tallies and votes (the count of votes), nominations (the count of nominations), or both",
        ));
    }
    let pack = pack_or_default(pack)?;
    let mut m = Memory::default();
    let (tb, vb) = (m.optional(tallies, "tallies")?, m.optional(votes, "votes")?);
    let (rb, gb, ub) = (
        m.optional(roster, "roster")?,
        m.optional(register, "register")?,
        m.optional(units, "units")?,
    );
    let nb = m.optional(nominations, "nominations")?;
    let at = |t: &str| Location {
        table: t.into(),
        ..Location::default()
    };
    let locs = [
        at("tallies"),
        at("votes"),
        at("roster"),
        at("register"),
        at("units"),
        at("nominations"),
    ];
    let result = py.detach(|| -> Result<_, huanjie::Error> {
        let nominated = match input(&nb, &locs[5]) {
            Some(n) => Some(huanjie::table::nomination_tables(
                NominationTables {
                    nominations: n,
                    units: input(&ub, &locs[4]),
                },
                &pack,
                as_of,
            )?),
            None => None,
        };
        let counted = match (input(&tb, &locs[0]), input(&vb, &locs[1])) {
            (Some(tallies), Some(votes)) => Some(huanjie::table::count_tables(
                CountTables {
                    tallies,
                    votes,
                    roster: input(&rb, &locs[2]),
                    register: input(&gb, &locs[3]),
                    units: input(&ub, &locs[4]),
                },
                &pack,
                as_of,
            )?),
            _ => None,
        };
        Ok((counted, nominated))
    });
    let (counted, nominated) = result.map_err(|mut e| {
        m.provenance.complete(&mut e);
        to_py(e)
    })?;
    Ok(NativeCount {
        counted: counted.is_some(),
        report: counted.unwrap_or_default(),
        nominations: nominated,
        audit: Audit::new(&pack, as_of, m.inputs),
        provenance: m.provenance,
    })
}

/// Shares `seats` among the groups of `weights` by `method`; see the Python `huanjie.apportion`.
#[pyfunction]
#[pyo3(signature = (weights, seats, method="hamilton"))]
pub(crate) fn apportion(weights: &Bound<'_, PyAny>, seats: u32, method: &str) -> PyResult<PyTable> {
    let m = huanjie::apportion::Method::parse(method).ok_or_else(|| {
        HuanjieError::new_err(format!(
            "unknown method {method:?}: hamilton, dhondt, sainte-lague or huntington-hill"
        ))
    })?;
    let batches = crate::input::table(weights, "weights")?.batches;
    let at = Location {
        table: "weights".into(),
        ..Location::default()
    };
    let a = huanjie::table::apportion_table(
        TableInput {
            batches: &batches,
            at: &at,
        },
        seats,
        m,
    )
    .map_err(to_py)?;
    table_of(huanjie::table::apportionment_batch(&a).map_err(arrow_err)?)
}

/// Decides a recall; returns the result as JSON text (the Python wrapper parses it).
#[pyfunction]
#[pyo3(signature = (*, registered, voted, yes, as_of, proposers=None, proposed_by="voters", representatives=None, pack=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn recall(
    registered: u64,
    voted: u64,
    yes: u64,
    as_of: &Bound<'_, PyAny>,
    proposers: Option<u64>,
    proposed_by: &str,
    representatives: Option<u64>,
    pack: Option<&RulePack>,
) -> PyResult<String> {
    use huanjie::count::{Proposers, RecallInput};
    let as_of = as_date(as_of, "as_of")?;
    let pack = pack_or_default(pack)?;
    let proposers = match (proposers, proposed_by) {
        (None, _) => None,
        (Some(signed), "voters") => Some(Proposers::Voters { signed }),
        (Some(signed), "representatives") => Some(Proposers::Representatives {
            signed,
            total: representatives.ok_or_else(|| {
                HuanjieError::new_err("proposed_by=\"representatives\" needs representatives=N")
            })?,
        }),
        (Some(_), other) => {
            return Err(HuanjieError::new_err(format!(
                "proposed_by must be \"voters\" or \"representatives\", not {other:?}"
            )));
        }
    };
    let r = huanjie::count::recall(
        RecallInput {
            registered,
            proposers,
            voted,
            yes,
        },
        &pack,
        as_of,
    )
    .map_err(to_py)?;
    serde_json::to_string(&r).map_err(|e| HuanjieError::new_err(e.to_string()))
}

/// The result of a register check, held natively; the Python `VotersResult` wraps it.
#[pyclass(module = "huanjie", frozen)]
pub struct NativeVoters {
    report: huanjie::voters::VotersReport,
    audit: Audit,
    /// Each row's frame (a register row's, a proxies row's).
    provenance: huanjie::table::Provenance,
}

#[pymethods]
impl NativeVoters {
    /// The findings (register rows, duplicates, units, proxies).
    #[pyo3(signature = (mask=false))]
    fn findings(&self, mask: bool) -> PyResult<PyTable> {
        let batch =
            huanjie::table::findings_batch_at(&self.report.findings, mask, &self.provenance);
        table_of(batch.map_err(arrow_err)?)
    }
    /// Per unit: rows, eligible, ineligible, needs_review.
    fn units(&self) -> PyResult<PyTable> {
        table_of(huanjie::table::voter_units_batch(&self.report).map_err(arrow_err)?)
    }
    /// One `outcome` per register row, aligned with the register.
    fn rows(&self) -> PyResult<PyTable> {
        table_of(huanjie::table::voter_rows_batch(&self.report).map_err(arrow_err)?)
    }
    /// The summary and the audit block as JSON text.
    fn summary_json(&self) -> PyResult<String> {
        let mut v = serde_json::to_value(&self.report.summary)
            .map_err(|e| HuanjieError::new_err(e.to_string()))?;
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "audit".into(),
                serde_json::to_value(&self.audit)
                    .map_err(|e| HuanjieError::new_err(e.to_string()))?,
            );
        }
        Ok(v.to_string())
    }
    /// The CLI's JSON document (`huanjie voters --format json`).
    #[pyo3(signature = (mask=false))]
    fn to_json(&self, mask: bool) -> PyResult<String> {
        let doc =
            huanjie::table::voters_document_at(&self.report, &self.audit, mask, &self.provenance)
                .map_err(arrow_err)?;
        huanjie::table::json_string(&doc, false).map_err(arrow_err)
    }
    /// The CLI's workbook (`huanjie voters --format xlsx`), written to `path`.
    #[pyo3(signature = (path, mask=false))]
    fn to_xlsx(&self, py: Python<'_>, path: std::path::PathBuf, mask: bool) -> PyResult<()> {
        save_xlsx(py, &path, || {
            huanjie::table::voters_document_at(&self.report, &self.audit, mask, &self.provenance)
        })
    }
    /// The clerk's text report (IDs masked unless `mask=False`).
    #[pyo3(signature = (mask=true))]
    fn to_text(&self, mask: bool) -> String {
        huanjie::render::voters_text_at(
            &self.report,
            &self.audit.pack.name,
            self.audit.as_of,
            mask,
            &self.provenance,
        )
    }
    /// The exit status the CLI would give.
    #[getter]
    fn exit_code(&self) -> i32 {
        i32::from(
            self.report
                .findings
                .iter()
                .any(|f| f.severity != huanjie::Severity::Warning),
        )
    }
}

/// Checks a voter register; see the Python `huanjie.voters`.
#[pyfunction]
#[pyo3(signature = (register, records=None, proxies=None, relations=None, units=None, people=None, *, as_of, pack=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn voters(
    py: Python<'_>,
    register: &Bound<'_, PyAny>,
    records: Option<&Bound<'_, PyAny>>,
    proxies: Option<&Bound<'_, PyAny>>,
    relations: Option<&Bound<'_, PyAny>>,
    units: Option<&Bound<'_, PyAny>>,
    people: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    pack: Option<&RulePack>,
) -> PyResult<NativeVoters> {
    let as_of = as_date(as_of, "as_of")?;
    let pack = pack_or_default(pack)?;
    let mut m = Memory::default();
    let rb = m.read(register, "register")?;
    let (cb, pb, lb, ub, eb) = (
        m.optional(records, "records")?,
        m.optional(proxies, "proxies")?,
        m.optional(relations, "relations")?,
        m.optional(units, "units")?,
        m.optional(people, "people")?,
    );
    let at = |t: &str| Location {
        table: t.into(),
        ..Location::default()
    };
    let locs = [
        at("register"),
        at("records"),
        at("proxies"),
        at("relations"),
        at("units"),
        at("people"),
    ];
    let report = py.detach(|| {
        huanjie::table::voters_tables(
            huanjie::table::VotersTables {
                register: TableInput {
                    batches: &rb,
                    at: &locs[0],
                },
                records: input(&cb, &locs[1]),
                proxies: input(&pb, &locs[2]),
                relations: input(&lb, &locs[3]),
                units: input(&ub, &locs[4]),
                people: input(&eb, &locs[5]),
            },
            &pack,
            as_of,
        )
    });
    let report = report.map_err(|mut e| {
        m.provenance.complete(&mut e);
        to_py(e)
    })?;
    Ok(NativeVoters {
        report,
        audit: Audit::new(&pack, as_of, m.inputs),
        provenance: m.provenance.for_voters(),
    })
}

/// Division names from `divisions` (the text of a `code,name,level,parent` CSV), else the
/// bundled Ningxia table; lines without a readable code are left out with a `UserWarning`.
pub(crate) fn division_names(
    py: Python<'_>,
    divisions: Option<&str>,
) -> PyResult<huanjie::stats::DivisionNames> {
    let Some(text) = divisions else {
        return Ok(huanjie::stats::DivisionNames::ningxia());
    };
    let (names, unreadable) = huanjie::stats::DivisionNames::from_csv(text);
    if unreadable > 0 {
        let warning = py.get_type::<pyo3::exceptions::PyUserWarning>();
        PyErr::warn(
            py,
            &warning,
            &std::ffi::CString::new(format!(
                "divisions: {unreadable} lines without a readable code left out"
            ))?,
            1,
        )?;
    }
    Ok(names)
}

/// The statistics, held natively; the Python `StatsResult` wraps it.
#[pyclass(module = "huanjie", frozen)]
pub struct NativeStats {
    result: huanjie::table::StatsResult,
    decimals: u32,
    as_of: NaiveDate,
    /// The previous term's day, the pack's name and the tables handed over (the HTML head).
    head: huanjie::stats::HtmlHead,
}

#[pymethods]
impl NativeStats {
    /// The long table.
    fn table(&self) -> PyResult<PyTable> {
        let batches =
            huanjie::table::stats_batches(&self.result, self.decimals).map_err(arrow_err)?;
        let schema = batches
            .first()
            .map(|b| b.schema())
            .ok_or_else(|| HuanjieError::new_err("no statistics table"))?;
        PyTable::try_new(batches, schema)
    }
    /// The CLI's JSON document (`huanjie stats --format json`).
    fn to_json(&self) -> PyResult<String> {
        let doc = huanjie::table::stats_document(&self.result, self.decimals, self.as_of);
        huanjie::table::json_string(&doc, false).map_err(arrow_err)
    }
    /// The CLI's workbook (`huanjie stats --format xlsx`), written to `path`.
    fn to_xlsx(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        save_xlsx(py, &path, || {
            huanjie::table::stats_xlsx_document(&self.result, self.decimals, self.as_of)
        })
    }
    /// The text report (`huanjie stats`).
    fn to_text(&self) -> String {
        huanjie::table::stats_text(&self.result, self.decimals, self.as_of)
    }
    /// The self-contained HTML report.
    #[pyo3(signature = (title="换届统计 election statistics"))]
    fn html(&self, title: &str) -> String {
        huanjie::stats::stats_html_page(
            &self.result.report,
            self.result.changes.as_deref(),
            self.decimals,
            title,
            &self.head,
        )
    }
}

/// Statistics of the elected members. See the Python `huanjie.stats`.
#[pyfunction]
#[pyo3(signature = (people, roster, units=None, tallies=None, previous=None, votes=None, *, as_of, previous_as_of=None, by=None, term=None, decimals=1, divisions=None, pack=None, age_bands=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn stats(
    py: Python<'_>,
    people: &Bound<'_, PyAny>,
    roster: &Bound<'_, PyAny>,
    units: Option<&Bound<'_, PyAny>>,
    tallies: Option<&Bound<'_, PyAny>>,
    previous: Option<&Bound<'_, PyAny>>,
    votes: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    previous_as_of: Option<&Bound<'_, PyAny>>,
    by: Option<&str>,
    term: Option<u16>,
    decimals: u32,
    divisions: Option<&str>,
    pack: Option<&RulePack>,
    age_bands: Option<Vec<u32>>,
) -> PyResult<NativeStats> {
    use huanjie::division::Level;
    let as_of = as_date(as_of, "as_of")?;
    let previous_as_of = previous_as_of
        .map(|d| as_date(d, "previous_as_of"))
        .transpose()?;
    if previous_as_of.is_some() && previous.is_none() {
        return Err(HuanjieError::new_err(
            "previous_as_of needs previous (the previous term's roster)",
        ));
    }
    if decimals > 6 {
        return Err(HuanjieError::new_err("decimals must be 0 to 6"));
    }
    let mut options = huanjie::stats::StatsOptions::new(as_of);
    options.term = term;
    options.age_bands = huanjie::stats::checked_age_bands(age_bands.unwrap_or_default())
        .map_err(HuanjieError::new_err)?;
    if let Some(by) = by {
        options.levels = vec![match by {
            "unit" => Level::Village,
            "township" => Level::Township,
            "county" => Level::County,
            "prefecture" => Level::Prefecture,
            "province" => Level::Province,
            other => {
                return Err(HuanjieError::new_err(format!(
                    "by must be unit, township, county, prefecture or province, not {other:?}"
                )));
            }
        }];
    }
    let names = division_names(py, divisions)?;
    let mut m = Memory::default();
    let (pb, rb) = (m.read(people, "people")?, m.read(roster, "roster")?);
    let (ub, tb, vb, wb) = (
        m.optional(units, "units")?,
        m.optional(tallies, "tallies")?,
        m.optional(previous, "previous")?,
        m.optional(votes, "votes")?,
    );
    let pack = pack_or_default(pack)?;
    let at = |t: &str| Location {
        table: t.into(),
        ..Location::default()
    };
    let locs = [
        at("people"),
        at("roster"),
        at("units"),
        at("tallies"),
        at("previous"),
        at("votes"),
    ];
    let report = py.detach(|| {
        huanjie::table::stats_tables(
            huanjie::table::StatsTables {
                people: TableInput {
                    batches: &pb,
                    at: &locs[0],
                },
                roster: TableInput {
                    batches: &rb,
                    at: &locs[1],
                },
                units: input(&ub, &locs[2]),
                tallies: input(&tb, &locs[3]),
                previous: input(&vb, &locs[4]),
                votes: input(&wb, &locs[5]),
            },
            &options,
            previous_as_of,
            &names,
            &pack,
        )
    });
    let result = report.map_err(to_py)?;
    let given = [
        ("people", true),
        ("roster", true),
        ("units", units.is_some()),
        ("tallies", tallies.is_some()),
        ("previous", previous.is_some()),
        ("votes", votes.is_some()),
    ];
    let mut head = huanjie::stats::HtmlHead::new(
        as_of,
        &pack.name,
        vec![format!(
            "Python tables: {}",
            given
                .iter()
                .filter(|g| g.1)
                .map(|g| g.0)
                .collect::<Vec<_>>()
                .join(", ")
        )],
    );
    head.previous_as_of = previous_as_of;
    Ok(NativeStats {
        result,
        decimals,
        as_of,
        head,
    })
}
