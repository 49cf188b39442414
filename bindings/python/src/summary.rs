//! `huanjie.report`: the province's report (the summary of the round a civil-affairs
//! department publishes), every number traced to its figure.

use crate::errors::{HuanjieError, to_py};
use crate::packs::RulePack;
use crate::run::{Memory, arrow_err, as_date, table_input as input, table_of};
use huanjie::error::Location;
use huanjie::table::TableInput;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// The report, held natively; the Python `Report` wraps it.
#[pyclass(module = "huanjie", frozen)]
pub struct NativeReport {
    report: huanjie::report::Report,
}

#[pymethods]
impl NativeReport {
    /// Plain text, ending with the table of numbers and their sources.
    fn text(&self) -> String {
        self.report.text()
    }
    /// Markdown, ending with the table of numbers and their sources.
    fn markdown(&self) -> String {
        self.report.markdown()
    }
    /// One self-contained HTML page.
    fn html(&self) -> String {
        self.report.html()
    }
    /// The JSON document (`huanjie report --format json`).
    fn to_json(&self) -> String {
        self.report.to_json()
    }
    /// The paragraphs as plain text.
    fn paragraphs(&self) -> Vec<String> {
        self.report.paragraphs_text()
    }
    /// The traced numbers as a table.
    fn numbers(&self) -> PyResult<PyTable> {
        table_of(huanjie::table::report_numbers_batch(&self.report).map_err(arrow_err)?)
    }
}

/// The province's report; see the Python `huanjie.report`.
#[pyfunction]
#[pyo3(signature = (people, roster, units=None, tallies=None, previous=None, votes=None, *, as_of, previous_as_of=None, nominations=None, records=None, relations=None, term=None, pack=None, code=None, divisions=None, precision=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn report(
    py: Python<'_>,
    people: &Bound<'_, PyAny>,
    roster: &Bound<'_, PyAny>,
    units: Option<&Bound<'_, PyAny>>,
    tallies: Option<&Bound<'_, PyAny>>,
    previous: Option<&Bound<'_, PyAny>>,
    votes: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
    previous_as_of: Option<&Bound<'_, PyAny>>,
    nominations: Option<&Bound<'_, PyAny>>,
    records: Option<&Bound<'_, PyAny>>,
    relations: Option<&Bound<'_, PyAny>>,
    term: Option<u16>,
    pack: Option<&RulePack>,
    code: Option<&str>,
    divisions: Option<&str>,
    precision: Option<std::collections::BTreeMap<String, u32>>,
) -> PyResult<NativeReport> {
    let as_of = as_date(as_of, "as_of")?;
    let previous_as_of = previous_as_of
        .map(|d| as_date(d, "previous_as_of"))
        .transpose()?;
    if previous_as_of.is_some() && previous.is_none() {
        return Err(HuanjieError::new_err(
            "previous_as_of needs previous (the previous term's roster)",
        ));
    }
    if relations.is_some() && records.is_none() {
        return Err(HuanjieError::new_err(
            "relations needs records (the joint review's records)",
        ));
    }
    let mut options = huanjie::report::ReportOptions::new(as_of);
    options.previous_as_of = previous_as_of;
    if let Some(c) = code {
        options.code =
            Some(huanjie::division::DivisionCode::parse(c).map_err(|_| {
                HuanjieError::new_err(format!("code {c:?} is not a division code"))
            })?);
    }
    for (k, v) in precision.unwrap_or_default() {
        if !options.precision.set(&k, v) {
            return Err(HuanjieError::new_err(format!(
                "precision {k:?}={v}: a known sentence (participation, one_shoulder, women_members, women_directors, education, age, voters_wan, nominators_wan, funds_wan) and at most 6 decimals"
            )));
        }
    }
    let pack = crate::election::pack_or_default(pack)?;
    let names = crate::election::division_names(py, divisions)?;
    let mut m = Memory::default();
    let (pb, rb) = (m.read(people, "people")?, m.read(roster, "roster")?);
    let (ub, tb, vb, wb) = (
        m.optional(units, "units")?,
        m.optional(tallies, "tallies")?,
        m.optional(previous, "previous")?,
        m.optional(votes, "votes")?,
    );
    let (nb, cb, lb) = (
        m.optional(nominations, "nominations")?,
        m.optional(records, "records")?,
        m.optional(relations, "relations")?,
    );
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
        at("nominations"),
        at("records"),
        at("relations"),
    ];
    let mut stats_options = huanjie::stats::StatsOptions::new(as_of);
    stats_options.term = term;
    let built = py.detach(|| -> Result<_, huanjie::Error> {
        let people = TableInput {
            batches: &pb,
            at: &locs[0],
        };
        let roster = TableInput {
            batches: &rb,
            at: &locs[1],
        };
        let stats = huanjie::table::stats_tables(
            huanjie::table::StatsTables {
                people,
                roster,
                units: input(&ub, &locs[2]),
                tallies: input(&tb, &locs[3]),
                previous: input(&vb, &locs[4]),
                votes: input(&wb, &locs[5]),
            },
            &stats_options,
            previous_as_of,
            &names,
            &pack,
        )?;
        let nominated = match input(&nb, &locs[6]) {
            Some(n) => Some(huanjie::table::nomination_tables(
                huanjie::table::NominationTables {
                    nominations: n,
                    units: input(&ub, &locs[2]),
                },
                &pack,
                as_of,
            )?),
            None => None,
        };
        let screened = match input(&cb, &locs[7]) {
            Some(r) => Some(
                huanjie::table::check_tables(
                    huanjie::table::CheckTables {
                        people,
                        roster: Some(roster),
                        records: Some(r),
                        relations: input(&lb, &locs[8]),
                        units: input(&ub, &locs[2]),
                    },
                    &pack,
                    huanjie::check::CheckOptions::new(as_of),
                )?
                .screened_out(),
            ),
            None => None,
        };
        let mut inputs = huanjie::report::ReportInputs::new(&stats.report);
        inputs.changes = stats.changes.as_deref();
        inputs.screened = screened.as_ref();
        inputs.nominations = nominated.as_ref();
        Ok(huanjie::report::province_report(inputs, &options))
    });
    let built = built.map_err(|mut e| {
        m.provenance.complete(&mut e);
        to_py(e)
    })?;
    let report = built.ok_or_else(|| {
        HuanjieError::new_err(match code {
            Some(c) => format!("the statistics hold no figure of {c}"),
            None => "the statistics hold no figure".to_string(),
        })
    })?;
    Ok(NativeReport { report })
}
