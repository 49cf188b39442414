//! The count of nominations (预选) over whole tables: each nominee's nominations per unit,
//! body and role, the most nominated made formal candidates up to the seats plus the largest
//! margin, ties across the cut never broken, and findings for rows that do not count, ties,
//! short slates and roles without seats (村民委员会组织法 art. 15; docs/domain.md §7).

use super::cutoff::{cut, ranks};
use super::margins::{Margin, margins};
use super::participation::participation;
use super::report::{NominationReport, NominationSummary, Nominee, NomineeOutcome, Slate};
use super::table::Nominations;
use super::tally::{Problem, RowProblem, SlateKey, Tally, name_of, read_rows, tallies};
use crate::division::DivisionCode;
use crate::error::Error;
use crate::finding::{Evidence, Finding, Message, ParamUse, PersonKey};
use crate::id::ResidentId;
use crate::pack::RulePack;
use crate::people::Cell;
use crate::rules::codes;
use crate::units::Units;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The tables the count of nominations reads.
#[derive(Debug, Clone, Copy)]
pub struct NominationInput<'a> {
    /// The nominations.
    pub nominations: &'a Nominations,
    /// Units: each unit's seats per role (`seats_director`, `seats_deputy_director`,
    /// `seats_member`) and election day (its `as_of`).
    pub units: Option<&'a Units>,
}

struct Ctx<'a> {
    pack: &'a RulePack,
    as_of: NaiveDate,
    units: Option<(&'a Units, HashMap<DivisionCode, usize>)>,
    margins: BTreeMap<NaiveDate, Vec<Margin>>,
    findings: Vec<Finding>,
    params: Vec<ParamUse>,
}

impl Ctx<'_> {
    fn day(&self, unit: Option<DivisionCode>) -> NaiveDate {
        unit.and_then(|unit| {
            self.units
                .as_ref()
                .and_then(|(u, idx)| idx.get(&unit).and_then(|&r| u.election_date(r)))
        })
        .unwrap_or(self.as_of)
    }
    fn margin(&mut self, day: NaiveDate, role: crate::roster::Role) -> Result<Margin, Error> {
        if !self.margins.contains_key(&day) {
            let m = margins(self.pack, day)?;
            for p in m.iter().flat_map(|m| m.used.iter()) {
                if !self.params.contains(p) {
                    self.params.push(p.clone());
                }
            }
            self.margins.insert(day, m);
        }
        self.margins
            .get(&day)
            .and_then(|m| m.iter().find(|m| m.role == role))
            .cloned()
            .ok_or_else(|| {
                Error::Pack(crate::error::PackError::Invalid {
                    pack: self.pack.name.clone(),
                    what: format!("no slate margin for {}", role.as_str()),
                })
            })
    }
    /// A finding of rule `code` in the situation `cases` (its severity and reference from the
    /// pack on `day`; nothing when the rule is not in force then).
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        code: &str,
        cases: &[&str],
        day: NaiveDate,
        key: (
            Option<DivisionCode>,
            Option<crate::roster::Body>,
            Option<crate::roster::Role>,
        ),
        id: Option<ResidentId>,
        (zh, en): (String, String),
        parameters: Vec<ParamUse>,
        evidence: Evidence,
    ) {
        let Some(rule) = self.pack.rule_use(code, day, cases) else {
            return;
        };
        self.findings.push(Finding {
            rule: rule.code,
            severity: rule.severity,
            id_number: id.map(PersonKey::Id),
            row: None,
            roster_row: None,
            unit_code: key.0,
            body: key.1,
            role: key.2,
            message: Message::Text {
                zh: zh.into(),
                en: en.into(),
            },
            reference: rule.reference,
            parameters: parameters.into(),
            eligible_from: None,
            evidence: Some(evidence),
        });
    }
}

/// The words of a cell that keeps its row from counting.
fn row_words(p: &RowProblem, header: &str) -> (String, String) {
    let (zh, en) = match &p.problem {
        Problem::Missing => (format!("{header}为空"), format!("{header} is empty")),
        Problem::Unreadable if p.column == "nominators" => (
            format!("{header}不是1或以上的整数"),
            format!("{header} is not a whole number of 1 or more"),
        ),
        Problem::Unreadable => (
            format!("{header}无法识别"),
            format!("{header} cannot be read"),
        ),
        Problem::InvalidId(e) => (
            format!("{header}不是有效的身份证号码"),
            format!("{header} is not a valid ID number ({e})"),
        ),
        Problem::OutOfScope if p.column == "body" => (
            format!("{header}：提名只确定村委会、居委会的正式候选人"),
            format!("{header}: nominations make the slates of a 村委会 or 居委会 only"),
        ),
        Problem::OutOfScope => (
            format!("{header}：提名只确定主任、副主任、委员的正式候选人"),
            format!("{header}: nominations make the slates of 主任, 副主任 and 委员 only"),
        ),
        Problem::NoNominator => (
            "既无提名人身份证号码，也无提名人数".to_string(),
            "neither a nominator's ID number nor a number of nominators is given".to_string(),
        ),
    };
    (
        format!("{zh}，该条提名未计入"),
        format!("{en}: the nomination is not counted"),
    )
}

/// Counts the nominations: per unit, body and role, the nominees ranked by their nominations
/// and the formal candidates (正式候选人) chosen — the most nominated, up to the seats of the
/// units table plus the pack's largest margin (`composition.slate_margin.<role>.max`), a tie
/// across the cut never broken (the tied are all left out); findings for rows that do not
/// count (NOM-ROW), ties (NOM-TIE), slates short of the least margin (NOM-SHORT) and roles
/// without seats (NOM-SEATS); and the participation figures. `as_of` applies where the units
/// table gives no election day. 村民委员会组织法 art. 15.
pub fn nominate(
    input: NominationInput<'_>,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<NominationReport, Error> {
    let t = input.nominations;
    let mut ctx = Ctx {
        pack,
        as_of,
        units: input.units.map(|u| (u, u.index())),
        margins: BTreeMap::new(),
        findings: Vec::new(),
        params: Vec::new(),
    };
    // Cells of the units table that cannot be read (an election day among them: the unit is
    // judged on as_of, and the finding says so).
    if let Some(u) = input.units
        && let Some(rule) =
            crate::pack::RuleBook::new(pack, as_of, "data").get(codes::DATA_VALUE, &[])
    {
        let bounds = pack.date_bounds(as_of)?;
        ctx.findings
            .extend(crate::vetting_data::unit_cells(u, &rule, &bounds));
    }
    let (rows, problems) = read_rows(t);
    let mut not_counted: Vec<u32> = problems.iter().map(|p| p.row).collect();
    not_counted.dedup();
    for p in &problems {
        let header = t.header(p.column);
        let day = ctx.day(p.unit);
        let nominee =
            t.id.cells
                .get(p.row as usize)
                .and_then(|c| c.as_ref().ok().copied());
        ctx.push(
            codes::NOM_ROW,
            &[],
            day,
            (p.unit, p.body, p.role),
            nominee,
            row_words(p, &header),
            vec![],
            Evidence::Cell {
                table: "nominations",
                row: p.row,
                column: header,
            },
        );
    }
    let mut summary = NominationSummary {
        rows: t.len() as u64,
        rows_not_counted: not_counted.len() as u64,
        ..NominationSummary::default()
    };
    let mut slates = Vec::new();
    for (key, nominees) in tallies(&rows) {
        let slate = slate(&mut ctx, t, key, nominees)?;
        summary.slates += 1;
        summary.nominees += slate.nominees.len() as u64;
        summary.formal += slate.formal;
        summary.tied += slate
            .nominees
            .iter()
            .filter(|n| n.outcome == NomineeOutcome::Tied)
            .count() as u64;
        if let Some(s) = slate.seats
            && s > 0
            && slate.formal < s.saturating_add(slate.margin_min)
        {
            summary.short_slates += 1;
        }
        slates.push(slate);
    }
    summary.findings = ctx.findings.len() as u64;
    Ok(NominationReport {
        slates,
        participation: participation(&rows),
        findings: ctx.findings,
        summary,
        parameters: ctx.params,
    })
}

/// The seats of a role in the units table: `Ok(n)`, or why there are none (`Missing` — no
/// units table, no row for the unit, an empty cell — or `Invalid`).
fn seats(ctx: &Ctx<'_>, unit: DivisionCode, role: crate::roster::Role) -> Cell<u64> {
    match &ctx.units {
        Some((u, idx)) => idx.get(&unit).map_or(Cell::Missing, |&r| u.seats(r, role)),
        None => Cell::Missing,
    }
}

/// One slate: the nominees ranked and cut.
fn slate(
    ctx: &mut Ctx<'_>,
    t: &Nominations,
    (unit, body, role): SlateKey,
    nominees: BTreeMap<ResidentId, Tally>,
) -> Result<Slate, Error> {
    let day = ctx.day(Some(unit));
    let margin = ctx.margin(day, role)?;
    let mut list: Vec<(ResidentId, Tally)> = nominees.into_iter().collect();
    // Most nominated first; equal nominations in ID order (the order does not decide).
    list.sort_by(|a, b| {
        b.1.nominations()
            .cmp(&a.1.nominations())
            .then(a.0.cmp(&b.0))
    });
    let counts: Vec<u64> = list.iter().map(|(_, t)| t.nominations()).collect();
    let ranks = ranks(&counts);
    let seats_cell = seats(ctx, unit, role);
    let seats = seats_cell.value();
    let (zh_role, en_role) = (role.label_zh(), role.as_str());
    let all_rows = |range: std::ops::Range<usize>| -> Vec<u32> {
        let mut r: Vec<u32> = list[range]
            .iter()
            .flat_map(|(_, t)| t.rows.iter().copied())
            .collect();
        r.sort_unstable();
        r
    };
    let key = (Some(unit), Some(body), Some(role));
    let params = margin.used.to_vec();
    let mut outcomes = vec![NomineeOutcome::NotFormal; list.len()];
    let mut formal = 0u64;
    match seats {
        None => {
            outcomes.fill(NomineeOutcome::Undecided);
            let unreadable = matches!(seats_cell, Cell::Invalid);
            let column = format!("seats_{en_role}");
            let (zh, en) = if unreadable {
                (
                    format!("单位表的{zh_role}职数无法识别，无法确定{zh_role}正式候选人"),
                    format!(
                        "the units table's {column} cannot be read: no {en_role} slate is made"
                    ),
                )
            } else {
                (
                    format!("单位表未给出{zh_role}职数，无法确定{zh_role}正式候选人"),
                    format!("the units table gives no {column}: no {en_role} slate is made"),
                )
            };
            ctx.push(
                codes::NOM_SEATS,
                &[],
                day,
                key,
                None,
                (zh, en),
                vec![],
                Evidence::Rows {
                    table: "nominations",
                    rows: all_rows(0..list.len()),
                },
            );
        }
        Some(0) => {
            ctx.push(
                codes::NOM_SEATS,
                &[],
                day,
                key,
                None,
                (
                    format!("本届不设{zh_role}职位（职数为0），{}人被提名", list.len()),
                    format!(
                        "{} nominee(s) for {en_role}, a role with no seat (seats 0)",
                        list.len()
                    ),
                ),
                vec![],
                Evidence::Rows {
                    table: "nominations",
                    rows: all_rows(0..list.len()),
                },
            );
        }
        Some(s) => {
            let cap = s.saturating_add(margin.max);
            let c = cut(&counts, cap);
            for o in outcomes.iter_mut().take(c.formal) {
                *o = NomineeOutcome::Formal;
            }
            for o in outcomes.iter_mut().take(c.tied.end).skip(c.tied.start) {
                *o = NomineeOutcome::Tied;
            }
            formal = c.formal as u64;
            if !c.tied.is_empty() {
                let g = c.tied.len();
                let n = counts.get(c.tied.start).copied().unwrap_or(0);
                let open = cap.saturating_sub(formal);
                ctx.push(
                    codes::NOM_TIE,
                    &[],
                    day,
                    key,
                    None,
                    (
                        format!(
                            "{zh_role}被提名人中{g}人提名数相同（各{n}次），争{open}个正式候选人名额，并列者均未确定为正式候选人，应依本省选举办法另行确定"
                        ),
                        format!(
                            "{g} {en_role} nominees tie with {n} nominations each for {open} place(s) on the slate: the tie is not broken and none of them is taken"
                        ),
                    ),
                    params.clone(),
                    Evidence::Rows {
                        table: "nominations",
                        rows: all_rows(c.tied.clone()),
                    },
                );
            }
            let least = s.saturating_add(margin.min);
            if formal < least {
                let (cases, zh, en): (&[&str], String, String) = if formal <= s {
                    (
                        &[],
                        format!(
                            "{zh_role}正式候选人{formal}名，应选{s}名，未多于应选人数，不能实行差额选举"
                        ),
                        format!(
                            "{formal} formal candidate(s) for {s} {en_role} seat(s): not more candidates than seats, so the election cannot be competitive"
                        ),
                    )
                } else {
                    (
                        &["margin"],
                        format!(
                            "{zh_role}正式候选人{formal}名，应选{s}名，差额应为{}至{}名",
                            margin.min, margin.max
                        ),
                        format!(
                            "{formal} formal candidate(s) for {s} {en_role} seat(s): the margin should be {} to {}",
                            margin.min, margin.max
                        ),
                    )
                };
                ctx.push(
                    codes::NOM_SHORT,
                    cases,
                    day,
                    key,
                    None,
                    (zh, en),
                    params.clone(),
                    Evidence::Rows {
                        table: "nominations",
                        rows: all_rows(0..list.len()),
                    },
                );
            }
        }
    }
    let nominees = list
        .into_iter()
        .zip(ranks)
        .zip(outcomes)
        .map(|(((id, tally), rank), outcome)| Nominee {
            id,
            name: name_of(t, &tally.rows),
            nominations: tally.nominations(),
            persons: tally.persons.len() as u64,
            counted: tally.counted,
            organisations: tally.organisations.len() as u64,
            rank,
            outcome,
            rows: tally.rows,
        })
        .collect();
    Ok(Slate {
        unit_code: unit,
        body,
        role,
        as_of: day,
        seats,
        margin_min: margin.min,
        margin_max: margin.max,
        formal,
        nominees,
    })
}
