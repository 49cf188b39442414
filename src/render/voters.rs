//! The voter register's check as the clerk reads it.

use crate::provenance::Provenance;
use crate::voters::VotersReport;
use chrono::NaiveDate;
use std::fmt::Write;

/// One line per finding (the register or proxies line, the masked ID number, the rule, the
/// message in Chinese and English), the units' figures, and the counts. `mask` masks ID
/// numbers. (Without the tables' provenance: rows by their index; see [`voters_text_at`].)
pub fn voters_text(report: &VotersReport, pack: &str, as_of: NaiveDate, mask: bool) -> String {
    voters_text_at(report, pack, as_of, mask, &Provenance::default())
}

/// [`voters_text`] with each finding placed on its file and line (the register's, or the
/// proxies' for the proxy rule), and its evidence's rows (a record, the other proxies rows).
pub fn voters_text_at(
    report: &VotersReport,
    pack: &str,
    as_of: NaiveDate,
    mask: bool,
    provenance: &Provenance,
) -> String {
    let mut out = String::new();
    // (writing to a String cannot fail)
    let _ = write_voters_text_at(report, (pack, as_of), mask, provenance, &mut out);
    out
}

/// [`voters_text_at`] written to `out` line by line (the command-line tool streams it).
pub fn write_voters_text_at(
    report: &VotersReport,
    (pack, as_of): (&str, NaiveDate),
    mask: bool,
    provenance: &Provenance,
    out: &mut impl Write,
) -> std::fmt::Result {
    let provenance = provenance.clone().for_voters();
    writeln!(
        out,
        "huanjie voters · 规则包 pack {pack} · 基准日 as of {as_of}"
    )?;
    for f in report.findings.iter() {
        let place = match (f.row, f.roster_row, &f.evidence) {
            (None, None, None) => f.unit_code.map(|c| c.to_string()).unwrap_or_default(),
            _ => super::place(f, &provenance),
        };
        let evidence = super::evidence_place(f, &provenance).unwrap_or_default();
        let who = f
            .id_number
            .as_ref()
            .map(|k| k.display(mask))
            .unwrap_or_else(|| "—".into());
        writeln!(
            out,
            "{place} {who} {} {}｜{} / {}{evidence}",
            f.rule,
            f.severity.as_str(),
            f.message_zh(),
            f.message_en()
        )?;
    }
    for u in &report.units {
        writeln!(
            out,
            "{} 选举日 {} · 登记 rows {} · 有选举权 eligible {} · 不具备 ineligible {} · 需复核 needs_review {}",
            u.unit_code
                .map(|c| c.to_string())
                .unwrap_or_else(|| "—".into()),
            u.election_date.map(|d| d.to_string()).unwrap_or_default(),
            u.rows,
            u.eligible,
            u.ineligible,
            u.needs_review
        )?;
    }
    let s = &report.summary;
    writeln!(
        out,
        "共{}行 rows {} · eligible {} · ineligible {} · needs_review {} · 本单位重复 duplicated {} · 跨单位重复 in two units {} · findings {}",
        s.rows,
        s.rows,
        s.eligible,
        s.ineligible,
        s.needs_review,
        s.duplicated,
        s.in_two_units,
        s.findings
    )?;
    Ok(())
}
