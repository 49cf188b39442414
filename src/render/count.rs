//! The count's JSON document (`count --format json`, `hj.count(...).to_json()`): per unit,
//! body and round, with ID numbers and write-in names masked or not.

use crate::count::{Candidate, CountReport, Entry, ROLES, RoundResult, TieEntry};
use crate::ratio::Ratio;
use serde::Serialize;
use serde::ser::SerializeMap;

fn candidate_fields<M: SerializeMap>(m: &mut M, c: &Candidate, mask: bool) -> Result<(), M::Error> {
    match c {
        Candidate::Id(id) => {
            let shown = if mask { id.masked() } else { id.to_string() };
            m.serialize_entry("id_number", &shown)?;
        }
        Candidate::Name(n) => {
            m.serialize_entry("id_number", &None::<String>)?;
            let shown = if mask {
                crate::id::mask_text(n)
            } else {
                n.to_string()
            };
            m.serialize_entry("name", &shown)?;
        }
    }
    Ok(())
}

/// A view of a count report for JSON, with IDs masked or not.
pub struct CountJson<'a> {
    /// The report.
    pub report: &'a CountReport,
    /// The audit block: huanjie, pack, as_of, inputs.
    pub audit: &'a crate::audit::Audit,
    /// Whether to mask ID numbers and write-in names.
    pub mask: bool,
}

struct EntryJson<'a>(&'a Entry, bool);
impl Serialize for EntryJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        candidate_fields(&mut m, &self.0.candidate, self.1)?;
        m.serialize_entry("role", &self.0.role)?;
        m.serialize_entry("votes", &self.0.votes)?;
        m.serialize_entry("row", &self.0.row)?;
        m.serialize_entry("write_in", &self.0.write_in)?;
        m.end()
    }
}

struct CandidateJson<'a>(&'a Candidate, bool);
impl Serialize for CandidateJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        candidate_fields(&mut m, self.0, self.1)?;
        m.end()
    }
}

struct TieJson<'a>(&'a TieEntry, bool);
impl Serialize for TieJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("role", &self.0.role)?;
        m.serialize_entry("votes", &self.0.votes)?;
        m.serialize_entry("seats", &self.0.seats)?;
        let c: Vec<CandidateJson<'_>> = self
            .0
            .candidates
            .iter()
            .map(|c| CandidateJson(c, self.1))
            .collect();
        m.serialize_entry("candidates", &c)?;
        m.end()
    }
}

/// `{"num", "den", "percent"}` with the percent half up at one decimal.
pub fn ratio_json(r: Ratio) -> serde_json::Value {
    serde_json::json!({
        "num": r.num,
        "den": r.den,
        "percent": r.percent_string(1).and_then(|p| p.parse::<f64>().ok()),
    })
}

fn per_role(v: &[u64; 3]) -> serde_json::Map<String, serde_json::Value> {
    ROLES
        .iter()
        .zip(v)
        .map(|(r, n)| (r.as_str().to_string(), (*n).into()))
        .collect()
}

struct RoundJson<'a>(&'a RoundResult, bool);
impl Serialize for RoundJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (u, mask) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("unit_code", &u.unit_code)?;
        m.serialize_entry("body", &u.body)?;
        m.serialize_entry("round", &u.round)?;
        m.serialize_entry("tally_row", &u.tally_row)?;
        m.serialize_entry("as_of", &u.as_of)?;
        m.serialize_entry("valid", &u.valid)?;
        m.serialize_entry("reasons", &u.reasons)?;
        m.serialize_entry("registered", &u.registered)?;
        m.serialize_entry("voted", &u.voted)?;
        m.serialize_entry("ballots_returned", &u.ballots_returned)?;
        m.serialize_entry("ballots_invalid", &u.ballots_invalid)?;
        m.serialize_entry("turnout", &ratio_json(u.turnout()))?;
        m.serialize_entry("seats", &per_role(&u.seats))?;
        let e: Vec<EntryJson<'_>> = u.elected.iter().map(|e| EntryJson(e, mask)).collect();
        m.serialize_entry("elected", &e)?;
        m.serialize_entry("unfilled", &per_role(&u.unfilled))?;
        let r: Vec<EntryJson<'_>> = u.runoff.iter().map(|e| EntryJson(e, mask)).collect();
        m.serialize_entry("runoff", &r)?;
        let t: Vec<TieJson<'_>> = u.ties.iter().map(|t| TieJson(t, mask)).collect();
        m.serialize_entry("ties", &t)?;
        m.end()
    }
}

impl Serialize for CountJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("huanjie", crate::VERSION)?;
        m.serialize_entry("pack", &self.audit.pack)?;
        m.serialize_entry("as_of", &self.audit.as_of)?;
        let units: Vec<RoundJson<'_>> = self
            .report
            .rounds
            .iter()
            .map(|u| RoundJson(u, self.mask))
            .collect();
        m.serialize_entry("units", &units)?;
        let mut summary =
            serde_json::to_value(&self.report.summary).map_err(serde::ser::Error::custom)?;
        if let Some(o) = summary.as_object_mut() {
            o.insert(
                "first_ballot_success".into(),
                ratio_json(self.report.summary.first_ballot_success),
            );
            o.insert(
                "audit".into(),
                serde_json::to_value(self.audit).map_err(serde::ser::Error::custom)?,
            );
        }
        m.serialize_entry("summary", &summary)?;
        let findings: Vec<serde_json::Value> = self
            .report
            .findings
            .iter()
            .map(|f| crate::render::finding_json(f, &self.audit.pack.name, self.mask))
            .collect();
        m.serialize_entry("findings", &findings)?;
        m.serialize_entry("parameters", &self.report.parameters)?;
        m.end()
    }
}
