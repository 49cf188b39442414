//! The voter register checked row by row (村民委员会组织法 arts. 13–14; RULES.md §7): valid ID
//! numbers, 18 or older on the unit's election day, not deprived of political rights, the
//! registration categories (category 3: one year's residence and the meeting's consent), and
//! nobody registered twice — in one unit or in two, across the whole register.
//!
//! The statutory bars come from the vetting engine itself (`STAT-AGE`, `STAT-RIGHTS`), so a
//! voter and a candidate are judged by the same rule and message.

use super::Register;
use crate::date::{AgeConvention, latest_birth_reaching};
use crate::division::DivisionCode;
use crate::error::Error;
use crate::finding::{Evidence, Finding, Findings, Message, ParamUse, PersonKey};
use crate::id::{IdError, ResidentId};
use crate::pack::{ParamValue, RulePack, Severity};
use crate::people::{Cell, cell_at};
use crate::units::Units;
use crate::vetting::{NegativeList, Records, Subject};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The tables the register check reads.
#[derive(Debug, Clone, Copy)]
pub struct VotersInput<'a> {
    /// The voter register.
    pub register: &'a Register,
    /// Vetting records: deprivations of political rights (剥夺政治权利) bar voting.
    pub records: Option<&'a Records>,
    /// Units: each unit's election day, publication date and registered voters.
    pub units: Option<&'a Units>,
    /// Written proxy votes (AV-05).
    pub proxies: Option<&'a super::Proxies>,
    /// Family facts, to check that each proxy is a close relative of the principal.
    pub relations: Option<&'a crate::kinship::Relations>,
}

/// The register's figures for one unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UnitVoters {
    /// The unit.
    pub unit_code: Option<DivisionCode>,
    /// Its election day (the `as_of` its rows were judged on).
    pub election_date: Option<NaiveDate>,
    /// Register rows.
    pub rows: u64,
    /// Rows with nothing found: eligible voters.
    pub eligible: u64,
    /// Rows with a bar (`cannot`).
    pub ineligible: u64,
    /// Rows to review.
    pub needs_review: u64,
}

/// Counts over the whole register.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VotersSummary {
    /// Register rows.
    pub rows: u64,
    /// Rows with nothing found.
    pub eligible: u64,
    /// Rows barred.
    pub ineligible: u64,
    /// Rows to review.
    pub needs_review: u64,
    /// Persons registered more than once in one unit.
    pub duplicated: u64,
    /// Persons registered in two or more units.
    pub in_two_units: u64,
    /// Findings.
    pub findings: u64,
}

/// The result of checking a register.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VotersReport {
    /// Row findings in register order, then the duplicates, then the units'.
    pub findings: Findings,
    /// Per register row: 0 eligible, 1 needs review, 2 ineligible.
    pub row_state: Vec<u8>,
    /// Per unit, in code order.
    pub units: Vec<UnitVoters>,
    /// The counts.
    pub summary: VotersSummary,
    /// The pack values used.
    pub parameters: Vec<ParamUse>,
}

/// One election day's rules.
struct Day<'p> {
    list: NegativeList<'p>,
    /// Born on or before this day: old enough.
    adult_born_by: Option<NaiveDate>,
    /// The residence a category-3 voter needs (一年以上).
    residence: crate::date::Period,
    /// The election day.
    day: NaiveDate,
}

fn row_finding(
    rule: &str,
    severity: Severity,
    subject: &Subject,
    zh: String,
    en: String,
    reference: &str,
    evidence: Option<Evidence>,
) -> Finding {
    let mut f = subject.finding(
        Arc::from(rule),
        severity,
        Message::Text {
            zh: zh.into(),
            en: en.into(),
        },
        Arc::from(reference),
    );
    f.evidence = evidence;
    f
}

fn severity_rank(f: &Finding) -> u8 {
    match f.severity {
        Severity::Cannot | Severity::ShouldNot => 2,
        Severity::Review => 1,
        Severity::Warning => 0,
    }
}

/// Checks the register. `as_of` is the election day where the units table gives none.
pub fn voters(
    input: VotersInput<'_>,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<VotersReport, Error> {
    let reg = input.register;
    let n = reg.len();
    let (min_age, min_use) = pack.param("STAT-AGE.minimum_age", as_of, |v: &ParamValue| {
        v.as_int().and_then(|i| u32::try_from(i).ok())
    })?;
    let (residence, residence_use) =
        pack.param("voters.category3.residence", as_of, ParamValue::as_period)?;
    let mut parameters = vec![min_use.clone(), residence_use.clone()];
    // Each unit's election day, and each day's rules.
    let unit_day: HashMap<DivisionCode, NaiveDate> = input
        .units
        .map(|u| {
            (0..u.len())
                .filter_map(|r| Some((cell_at(&u.unit_code, r).value()?, u.election_date(r)?)))
                .collect()
        })
        .unwrap_or_default();
    let mut days: BTreeMap<NaiveDate, Day<'_>> = BTreeMap::new();
    for d in unit_day.values().copied().chain([as_of]) {
        if days.contains_key(&d) {
            continue;
        }
        let list = NegativeList::prepare(pack, d, false)?;
        let convention: AgeConvention = list.convention();
        days.insert(
            d,
            Day {
                adult_born_by: latest_birth_reaching(min_age, d, convention),
                residence,
                day: d,
                list,
            },
        );
    }
    // Deprivations of political rights, by person.
    let rights_kind = pack.kind_index("political_rights_deprived");
    let mut rights: HashMap<u64, Vec<u32>> = HashMap::new();
    if let (Some(records), Some(k)) = (input.records, rights_kind) {
        for r in 0..records.len() {
            if cell_at(&records.kind, r) == Cell::Value(k as u16)
                && let Some(Ok(id)) = records.id.cells.get(r)
            {
                rights.entry(id.to_u64()).or_default().push(r as u32);
            }
        }
    }
    let day_of = |unit: Option<DivisionCode>| {
        unit.and_then(|u| unit_day.get(&u).copied())
            .unwrap_or(as_of)
    };
    let parts = crate::par::map_ranges(n, |range| {
        let mut out: Vec<Finding> = Vec::new();
        let mut state: Vec<u8> = Vec::with_capacity(range.len());
        let mut last_unit: Option<(Cell<DivisionCode>, NaiveDate)> = None;
        for row in range {
            let first = out.len();
            let unit_cell = cell_at(&reg.unit_code, row);
            let day = match last_unit {
                Some((c, d)) if c == unit_cell => d,
                _ => {
                    let d = day_of(unit_cell.value());
                    last_unit = Some((unit_cell, d));
                    d
                }
            };
            let Some(rules) = days.get(&day) else {
                state.push(0);
                continue;
            };
            let id_cell = reg.id.cells.get(row);
            let subject = || Subject {
                id_number: match id_cell {
                    Some(Ok(id)) => Some(PersonKey::Id(*id)),
                    _ => reg
                        .id
                        .invalid_text
                        .get(&row)
                        .map(|t| PersonKey::Text(t.clone())),
                },
                row: Some(row as u32),
                unit_code: unit_cell.value(),
                ..Subject::default()
            };
            let cell_evidence = |column: &str| Evidence::Cell {
                table: "register",
                row: row as u32,
                column: reg.header(column),
            };
            match id_cell {
                Some(Ok(id)) => {
                    let birth = id.birth_date();
                    if birth.is_none_or(|b| rules.adult_born_by.is_none_or(|by| b > by)) {
                        rules.list.vet_person(birth, &subject(), &mut out);
                    }
                    if let Some(recs) = rights.get(&id.to_u64())
                        && let Some(records) = input.records
                    {
                        let s = subject();
                        for &r in recs {
                            let f = records.facts(r as usize);
                            if f.date.value().is_some_and(|d| d > day) {
                                continue; // not yet a fact on election day
                            }
                            rules.list.vet_record(records, &f, &s, &mut out);
                        }
                    }
                }
                other => {
                    let what = match other {
                        Some(Err(IdError::Empty)) | None => "身份证号码为空".to_string(),
                        Some(Err(e)) => format!("身份证号码无效（{e}）"),
                        Some(Ok(_)) => String::new(),
                    };
                    out.push(row_finding(
                        "VOTER-ID",
                        Severity::Review,
                        &subject(),
                        format!("{what}，无法核实选民身份"),
                        "the ID number is missing or not valid: the voter cannot be identified"
                            .into(),
                        "村民委员会组织法 art. 13",
                        Some(cell_evidence("id_number")),
                    ));
                }
            }
            if !matches!(unit_cell, Cell::Value(_)) {
                out.push(row_finding(
                    "VOTER-UNIT",
                    Severity::Review,
                    &subject(),
                    "登记单位的区划代码为空或无法识别".into(),
                    "the unit code is missing or not a division code".into(),
                    "村民委员会组织法 art. 13",
                    Some(cell_evidence("unit_code")),
                ));
            }
            category_findings(reg, row, rules, &subject, &mut out, &residence_use);
            let worst = out[first..].iter().map(severity_rank).max().unwrap_or(0);
            state.push(worst);
        }
        (out, state)
    });
    let mut chunks = Vec::with_capacity(parts.len() + 2);
    let mut row_state = Vec::with_capacity(n);
    for (f, s) in parts {
        chunks.push(f);
        row_state.extend(s);
    }
    let mut summary = VotersSummary::default();
    let dups = duplicate_findings(reg, &mut row_state, &mut summary);
    chunks.push(dups);
    // Per unit.
    let mut per_unit: BTreeMap<Option<DivisionCode>, UnitVoters> = BTreeMap::new();
    for (row, &s) in row_state.iter().enumerate() {
        let unit = cell_at(&reg.unit_code, row).value();
        let u = per_unit.entry(unit).or_insert_with(|| UnitVoters {
            unit_code: unit,
            election_date: Some(day_of(unit)),
            ..UnitVoters::default()
        });
        u.rows += 1;
        match s {
            0 => u.eligible += 1,
            1 => u.needs_review += 1,
            _ => u.ineligible += 1,
        }
    }
    let units: Vec<UnitVoters> = per_unit.into_values().collect();
    chunks.push(unit_findings(
        input.units,
        &units,
        pack,
        as_of,
        &mut parameters,
    )?);
    if let Some(proxies) = input.proxies {
        let graph = match input.relations {
            Some(rel) => {
                let (g, problems) = crate::kinship::FamilyGraph::build_lenient(rel, as_of);
                let at = crate::error::Location {
                    table: "relations".into(),
                    ..Default::default()
                };
                if let Some(p) = problems.iter().find(|p| !p.is_row_local()) {
                    return Err(Error::Input(p.to_error(&at, rel)));
                }
                Some(g)
            }
            None => None,
        };
        chunks.push(super::proxy_findings(
            proxies,
            reg,
            &row_state,
            graph.as_ref(),
            pack,
            as_of,
        )?);
    }
    let findings = Findings::from_chunks(chunks);
    summary.rows = n as u64;
    summary.eligible = row_state.iter().filter(|&&s| s == 0).count() as u64;
    summary.needs_review = row_state.iter().filter(|&&s| s == 1).count() as u64;
    summary.ineligible = row_state.iter().filter(|&&s| s == 2).count() as u64;
    summary.findings = findings.len() as u64;
    Ok(VotersReport {
        findings,
        row_state,
        units,
        summary,
        parameters,
    })
}

/// Registration categories (art. 13): 1 and 2 need nothing more here; 3 needs one year's
/// residence (the pack's period) and the meeting's consent.
fn category_findings(
    reg: &Register,
    row: usize,
    rules: &Day<'_>,
    subject: &dyn Fn() -> Subject,
    out: &mut Vec<Finding>,
    residence_use: &ParamUse,
) {
    let evidence = |column: &str| {
        Some(Evidence::Cell {
            table: "register",
            row: row as u32,
            column: reg.header(column),
        })
    };
    let reference = "村民委员会组织法 art. 13";
    match cell_at(&reg.category, row) {
        Cell::Missing | Cell::Invalid => {
            out.push(row_finding(
                "VOTER-CATEGORY",
                Severity::Review,
                &subject(),
                "登记类别为空或不是1、2、3".into(),
                "the registration category is missing or not 1, 2 or 3".into(),
                reference,
                evidence("category"),
            ));
        }
        Cell::Value(3) => {
            match cell_at(&reg.residence_since, row) {
                // "居住一年以上": the period has run when its last day is before election day.
                Cell::Value(since) if rules.residence.last_day(since) < rules.day => {}
                Cell::Value(since) => {
                    let mut f = row_finding(
                        "VOTER-RESIDENCE",
                        Severity::Cannot,
                        &subject(),
                        format!("户籍不在本村，{since}起居住，至选举日未满一年"),
                        format!(
                            "category 3 (registered elsewhere): living in the unit since {since}, less than the period required by election day"
                        ),
                        reference,
                        evidence("residence_since"),
                    );
                    f.parameters = Arc::new([residence_use.clone()]);
                    out.push(f);
                }
                Cell::Missing | Cell::Invalid => out.push(row_finding(
                    "VOTER-RESIDENCE",
                    Severity::Review,
                    &subject(),
                    "第三类选民未填居住起始日期".into(),
                    "category 3 voter without a readable residence_since date".into(),
                    reference,
                    evidence("residence_since"),
                )),
            }
            match cell_at(&reg.consent, row) {
                Cell::Value(true) => {}
                Cell::Value(false) => out.push(row_finding(
                    "VOTER-CONSENT",
                    Severity::Cannot,
                    &subject(),
                    "第三类选民未经村民会议或村民代表会议同意".into(),
                    "category 3 voter without the consent of the villagers' meeting or representatives".into(),
                    reference,
                    evidence("consent"),
                )),
                Cell::Missing | Cell::Invalid => out.push(row_finding(
                    "VOTER-CONSENT",
                    Severity::Review,
                    &subject(),
                    "第三类选民未填是否经村民会议同意".into(),
                    "category 3 voter: consent not given".into(),
                    reference,
                    evidence("consent"),
                )),
            }
        }
        Cell::Value(_) => {}
    }
}

/// Everyone registered more than once: in one unit (`VOTER-DUPLICATE`) or in several
/// (`VOTER-TWO-UNITS`); a finding on every row of the person, naming all of their rows.
fn duplicate_findings(
    reg: &Register,
    row_state: &mut [u8],
    summary: &mut VotersSummary,
) -> Vec<Finding> {
    let mut keys: Vec<(u64, u32)> = reg
        .id
        .cells
        .iter()
        .enumerate()
        .filter_map(|(r, c)| c.as_ref().ok().map(|id| (id.to_u64(), r as u32)))
        .collect();
    crate::par::sort_unstable(&mut keys);
    let mut out = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while j < keys.len() && keys[j].0 == keys[i].0 {
            j += 1;
        }
        if j - i > 1 {
            let rows: Vec<u32> = keys[i..j].iter().map(|k| k.1).collect();
            let units: Vec<Option<DivisionCode>> = rows
                .iter()
                .map(|&r| cell_at(&reg.unit_code, r as usize).value())
                .collect();
            let two_units = units.iter().any(|u| *u != units[0]);
            if two_units {
                summary.in_two_units += 1;
            } else {
                summary.duplicated += 1;
            }
            let lines: Vec<String> = rows.iter().map(|r| (r + 2).to_string()).collect();
            let (lines_zh, lines_en) = (lines.join("、"), lines.join(", "));
            for (k, &r) in rows.iter().enumerate() {
                let subject = Subject {
                    id_number: ResidentId::from_u64(keys[i].0).map(PersonKey::Id),
                    row: Some(r),
                    unit_code: units[k],
                    ..Subject::default()
                };
                let (rule, zh, en) = if two_units {
                    (
                        "VOTER-TWO-UNITS",
                        format!("同一人在两个以上单位登记（名单第{lines_zh}行），不得重复登记"),
                        format!(
                            "registered in more than one unit (register lines {lines_en}): nobody may be registered twice"
                        ),
                    )
                } else {
                    (
                        "VOTER-DUPLICATE",
                        format!("同一人在本单位重复登记（名单第{lines_zh}行）"),
                        format!(
                            "registered more than once in the unit (register lines {lines_en})"
                        ),
                    )
                };
                out.push(row_finding(
                    rule,
                    Severity::Review,
                    &subject,
                    zh,
                    en,
                    "村民委员会组织法 art. 13: 不得重复登记",
                    Some(Evidence::Rows {
                        table: "register",
                        rows: rows.clone(),
                    }),
                ));
                if let Some(s) = row_state.get_mut(r as usize) {
                    *s = (*s).max(1);
                }
            }
        }
        i = j;
    }
    out.sort_by_key(|f| f.row);
    out
}

/// The units' timeline (art. 14: the list published at least 20 days before election day;
/// objections within 5 days of publication, answers within 3) and the registered voters they
/// state against the register's rows.
fn unit_findings(
    units: Option<&Units>,
    counted: &[UnitVoters],
    pack: &RulePack,
    as_of: NaiveDate,
    parameters: &mut Vec<ParamUse>,
) -> Result<Vec<Finding>, Error> {
    let Some(u) = units else {
        return Ok(Vec::new());
    };
    let int = |v: &ParamValue| v.as_int().and_then(|i| u64::try_from(i).ok());
    let (before, before_use) = pack.param("voters.register_published_days_before", as_of, int)?;
    let (objection, objection_use) = pack.param("voters.objection_days", as_of, int)?;
    let (answer, answer_use) = pack.param("voters.answer_days", as_of, int)?;
    parameters.extend([
        before_use.clone(),
        objection_use.clone(),
        answer_use.clone(),
    ]);
    let rows: HashMap<Option<DivisionCode>, u64> =
        counted.iter().map(|c| (c.unit_code, c.rows)).collect();
    let mut out = Vec::new();
    for r in 0..u.len() {
        let Some(unit) = cell_at(&u.unit_code, r).value() else {
            continue;
        };
        let subject = Subject {
            unit_code: Some(unit),
            ..Subject::default()
        };
        if let (Some(published), Some(day)) = (
            cell_at(&u.register_published, r).value(),
            u.election_date(r),
        ) {
            let days = (day - published).num_days();
            if days < i64::try_from(before).unwrap_or(i64::MAX) {
                let objections = published + chrono::Duration::days(objection as i64);
                let answers = objections + chrono::Duration::days(answer as i64);
                let mut f = row_finding(
                    "VOTER-TIMELINE",
                    Severity::Review,
                    &subject,
                    format!(
                        "选民名单{published}公布，距选举日{day}仅{days}日，应于选举日{before}日前公布（异议期至{objections}，答复至{answers}）"
                    ),
                    format!(
                        "the voter list was published on {published}, {days} days before election day {day}; the law requires {before} (objections until {objections}, answers until {answers})"
                    ),
                    "村民委员会组织法 art. 14",
                    Some(Evidence::Cell {
                        table: "units",
                        row: r as u32,
                        column: u.header("register_published"),
                    }),
                );
                f.parameters = Arc::new([
                    before_use.clone(),
                    objection_use.clone(),
                    answer_use.clone(),
                ]);
                out.push(f);
            }
        }
        if let Some(stated) = cell_at(&u.registered_voters, r).value() {
            let listed = rows.get(&Some(unit)).copied().unwrap_or(0);
            if stated != listed {
                out.push(row_finding(
                    "VOTER-COUNT",
                    Severity::Review,
                    &subject,
                    format!("单位登记选民数{stated}与选民名单{listed}行不符"),
                    format!("the units table states {stated} registered voters; the register has {listed} rows"),
                    "村民委员会组织法 art. 14",
                    Some(Evidence::Cell {
                        table: "units",
                        row: r as u32,
                        column: u.header("registered_voters"),
                    }),
                ));
            }
        }
    }
    Ok(out)
}
