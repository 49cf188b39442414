//! The count of nominations as the clerk reads it (docs/domain.md §7): per unit, body and role
//! the nominees by nominations with who became a formal candidate, the participation figures,
//! then the findings. ID numbers and names are masked unless asked otherwise.

use crate::audit::Audit;
use crate::nominate::{NominationReport, NomineeOutcome, Participation};

/// The count of nominations as text; `mask` masks ID numbers and names.
pub fn nomination_text(report: &NominationReport, audit: &Audit, mask: bool) -> String {
    let mut out = String::new();
    // (writing to a String cannot fail)
    let _ = write_nomination_text(report, audit, mask, &mut out);
    out
}

fn participation_line(p: &Participation) -> String {
    let kind = p.kind.map_or("合计 all".to_string(), |k| {
        format!("{} {}", k.label_zh(), k.as_str())
    });
    format!(
        "{kind}: 提名人 persons {} · 联名人数（按填报）counted {} · 组织提名 organisation {}",
        p.persons, p.counted, p.organisation_nominations
    )
}

/// [`nomination_text`] written to `out` line by line.
pub fn write_nomination_text(
    report: &NominationReport,
    audit: &Audit,
    mask: bool,
    out: &mut impl std::fmt::Write,
) -> std::fmt::Result {
    writeln!(
        out,
        "huanjie count --nominations · 规则包 pack {} · 基准日 as of {}",
        audit.pack.name, audit.as_of
    )?;
    for s in &report.slates {
        let seats = s
            .seats
            .map_or_else(|| "未给出 not given".to_string(), |n| n.to_string());
        writeln!(
            out,
            "{} {} {} · 职数 seats {seats} · 差额 margin {}–{} · 正式候选人 formal {}",
            s.unit_code,
            s.body.label_zh(),
            s.role.label_zh(),
            s.margin_min,
            s.margin_max,
            s.formal
        )?;
        for n in &s.nominees {
            let id = if mask {
                n.id.masked()
            } else {
                n.id.to_string()
            };
            let name = match &n.name {
                Some(t) if mask => format!(" {}", crate::id::mask_text(t)),
                Some(t) => format!(" {t}"),
                None => String::new(),
            };
            let mark = match n.outcome {
                NomineeOutcome::Formal => "✓",
                NomineeOutcome::Tied => "=",
                NomineeOutcome::Undecided => "?",
                NomineeOutcome::NotFormal => " ",
            };
            writeln!(
                out,
                "  {mark} {}. {id}{name} · 提名 nominations {} · {} {}",
                n.rank,
                n.nominations,
                n.outcome.label_zh(),
                n.outcome.as_str()
            )?;
        }
    }
    let mut unit: Option<Option<crate::division::DivisionCode>> = None;
    for p in &report.participation {
        if unit != Some(p.unit_code) {
            let head = p
                .unit_code
                .map_or("全部单位 all units".to_string(), |c| c.to_string());
            writeln!(out, "{head} 参与提名 who nominated")?;
            unit = Some(p.unit_code);
        }
        writeln!(out, "  {}", participation_line(p))?;
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
        "提名 rows {} · 未计入 not counted {} · 职位 slates {} · 被提名人 nominees {} · 正式候选人 formal {} · 并列未定 tied {} · 差额不足 short {} · findings {}",
        s.rows,
        s.rows_not_counted,
        s.slates,
        s.nominees,
        s.formal,
        s.tied,
        s.short_slates,
        s.findings
    )?;
    Ok(())
}
