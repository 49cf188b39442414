//! The count's rounds as JSON (the `units` of `count --format json` and `hj.count(...).to_json()`):
//! per unit, body and round, with ID numbers and write-in names masked or not.

use crate::audit::Audit;
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

/// The rounds of a count as the `units` of its JSON document: per unit, body and round, its
/// validity, turnout, seats, the elected, the second-round candidates and the ties, with ID
/// numbers and write-in names masked or not.
pub fn count_rounds_json(report: &CountReport, mask: bool) -> serde_json::Value {
    let units: Vec<RoundJson<'_>> = report.rounds.iter().map(|u| RoundJson(u, mask)).collect();
    serde_json::to_value(&units).unwrap_or(serde_json::Value::Null)
}

/// One element of [`count_rounds_json`]: a unit's body and round.
pub fn count_round_json(round: &RoundResult, mask: bool) -> serde_json::Value {
    serde_json::to_value(RoundJson(round, mask)).unwrap_or(serde_json::Value::Null)
}

fn who(e: &Candidate, mask: bool) -> String {
    match e {
        Candidate::Id(id) => {
            if mask {
                id.masked()
            } else {
                id.to_string()
            }
        }
        Candidate::Name(n) => {
            let n = if mask {
                crate::id::mask_text(n)
            } else {
                n.to_string()
            };
            format!("{n} (另选他人 write-in)")
        }
    }
}

fn entries(list: &[Entry], mask: bool) -> String {
    list.iter()
        .map(|e| {
            format!(
                "{} {} {}票",
                e.role.label_zh(),
                who(&e.candidate, mask),
                e.votes
            )
        })
        .collect::<Vec<_>>()
        .join("，")
}

/// The count as the clerk reads it: per unit, body and round its validity, turnout, the
/// elected, the unfilled seats, ties and the second-round candidates; then the findings.
/// `mask` masks ID numbers and write-in names.
pub fn count_text(report: &CountReport, audit: &Audit, mask: bool) -> String {
    let mut out = String::new();
    // (writing to a String cannot fail)
    let _ = write_count_text(report, audit, mask, &mut out);
    out
}

/// [`count_text`] written to `out` line by line (the command-line tool streams it).
pub fn write_count_text(
    report: &CountReport,
    audit: &Audit,
    mask: bool,
    out: &mut impl std::fmt::Write,
) -> std::fmt::Result {
    writeln!(
        out,
        "huanjie count · 规则包 pack {} · 基准日 as of {}",
        audit.pack.name, audit.as_of
    )?;
    for r in &report.rounds {
        let state = if r.valid {
            "有效 valid".to_string()
        } else {
            let why: Vec<&str> = r.reasons.iter().map(|x| x.label_zh()).collect();
            format!("无效 invalid（{}）", why.join("；"))
        };
        writeln!(
            out,
            "{} {} 第{}轮 round {} · {state} · 参选率 turnout {}% ({}/{})",
            r.unit_code,
            r.body.label_zh(),
            r.round,
            r.round,
            r.turnout().percent_string(1).unwrap_or_else(|| "—".into()),
            r.voted,
            r.registered
        )?;
        if !r.elected.is_empty() {
            writeln!(out, "  当选 elected: {}", entries(&r.elected, mask))?;
        }
        let left: Vec<String> = ROLES
            .iter()
            .zip(r.unfilled)
            .filter(|(_, n)| *n > 0)
            .map(|(role, n)| format!("{} {n}", role.label_zh()))
            .collect();
        if !left.is_empty() {
            writeln!(out, "  缺额 unfilled: {}", left.join("，"))?;
        }
        for t in &r.ties {
            let names: Vec<String> = t.candidates.iter().map(|c| who(c, mask)).collect();
            writeln!(
                out,
                "  票数相同 tie for {} {} seat(s) at {} votes: {}",
                t.role.label_zh(),
                t.seats,
                t.votes,
                names.join("，")
            )?;
        }
        if !r.runoff.is_empty() {
            writeln!(
                out,
                "  另行选举候选人 second-round candidates: {}",
                entries(&r.runoff, mask)
            )?;
        }
    }
    for f in &report.findings {
        let person = f
            .id_number
            .as_ref()
            .map(|k| format!(" {}", k.display(mask)))
            .unwrap_or_default();
        writeln!(
            out,
            "{}{} {} {}｜{} / {}",
            f.unit_code.map(|c| c.to_string()).unwrap_or_default(),
            person,
            f.rule,
            f.severity.as_str(),
            f.message_zh(),
            f.message_en()
        )?;
    }
    let s = &report.summary;
    writeln!(
        out,
        "选举{}个 elections {} · 首轮有效 valid first round {} · 无效 invalid {} · 一次选举成功 first-ballot success {}% · 职数 seats {} · 当选 filled {} · 缺额 unfilled {} · 平票 ties {} · findings {}",
        s.elections,
        s.elections,
        s.valid_first_round,
        s.invalid,
        s.first_ballot_success
            .percent_string(1)
            .unwrap_or_else(|| "—".into()),
        s.seats,
        s.filled,
        s.unfilled,
        s.ties,
        s.findings
    )?;
    Ok(())
}
