//! The voter register checked row by row (村民委员会组织法 arts. 13–14; docs/domain.md §7): valid ID
//! numbers, 18 or older on the unit's election day, not deprived of political rights, the
//! registration categories (category 3: one year's residence and the meeting's consent), and
//! nobody registered twice — in one unit or in two, across the whole register.
//!
//! The statutory bars come from the vetting engine itself (its `STAT-AGE` and `STAT-RIGHTS`,
//! reported as `VOTER-AGE` and `VOTER-RIGHTS`), so a voter and a candidate are judged by the
//! same rule, message and reference.

use super::Register;
use crate::date::{AgeConvention, latest_birth_reaching};
use crate::division::DivisionCode;
use crate::error::Error;
use crate::finding::Subject;
use crate::finding::{Evidence, Finding, Findings, Message, ParamUse, PersonKey};
use crate::id::{IdError, ResidentId};
use crate::pack::{ParamValue, RuleBook, RulePack};
use crate::people::{Cell, cell_at};
use crate::rules::{RuleUse, Severity, UNDECIDED, codes};
use crate::units::Units;
use crate::vetting::{NegativeList, Records};
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
    /// People: a recorded sex or birth date that contradicts a voter's ID number is a
    /// `review` finding (DATA-SEX, DATA-BIRTH), as in `check`.
    pub people: Option<&'a crate::people::People>,
}

/// The register's figures for one unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
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
    /// The register's rules in force on it.
    book: RuleBook,
    /// The data rules in force on it.
    data: RuleBook,
}

/// A finding of `rule` (none when it is not in force) about a register row or a unit.
fn row_finding(
    rule: Option<RuleUse>,
    subject: &Subject,
    zh: String,
    en: String,
    evidence: Option<Evidence>,
) -> Option<Finding> {
    let rule = rule?;
    let mut f = subject.finding(
        rule.code,
        rule.severity,
        Message::Text {
            zh: zh.into(),
            en: en.into(),
        },
        rule.reference,
    );
    f.evidence = evidence;
    Some(f)
}

fn severity_rank(f: &Finding) -> u8 {
    match f.severity {
        Severity::Cannot | Severity::ShouldNot => 2,
        Severity::Review => 1,
        Severity::Warning => 0,
    }
}

/// A register checked batch by batch (a file too large to hold is read in chunks): each
/// [`RegisterCheck::push`] returns the findings of its rows at once (rows numbered across the
/// batches); [`RegisterCheck::finish`] adds double registrations across every batch and the
/// units' figures. Memory held between batches: 16 bytes and one byte per row.
pub struct RegisterCheck<'a> {
    pack: &'a RulePack,
    as_of: NaiveDate,
    records: Option<&'a Records>,
    units: Option<&'a Units>,
    people: Option<(&'a crate::people::People, HashMap<u64, u32>)>,
    unit_day: HashMap<DivisionCode, NaiveDate>,
    days: BTreeMap<NaiveDate, Day<'a>>,
    rights: HashMap<u64, Vec<u32>>,
    /// Deprivation records whose ID number a spreadsheet stored as a number, by each voter
    /// they fit on the 15 digits kept: (record row, how many persons they fit).
    numeric: HashMap<u64, Vec<(u32, usize)>>,
    /// Deprivation records that belong to no one (ID number empty, invalid, or stored as a
    /// number that fits nobody on the register).
    unattributed: Vec<u32>,
    residence_use: ParamUse,
    parameters: Vec<ParamUse>,
    /// (person, row, unit index) of every row with a valid ID number.
    keys: Vec<(u64, u32, u32)>,
    unit_index: HashMap<Option<DivisionCode>, u32>,
    unit_list: Vec<UnitVoters>,
    row_state: Vec<u8>,
}

impl<'a> RegisterCheck<'a> {
    /// Prepares the rules of every election day (`as_of`, and the units' own days).
    pub fn new(
        pack: &'a RulePack,
        as_of: NaiveDate,
        records: Option<&'a Records>,
        units: Option<&'a Units>,
    ) -> Result<Self, Error> {
        let (min_age, min_use) = pack.param("STAT-AGE.minimum_age", as_of, |v: &ParamValue| {
            v.as_int().and_then(|i| u32::try_from(i).ok())
        })?;
        let (residence, residence_use) =
            pack.param("voters.category3.residence", as_of, ParamValue::as_period)?;
        let parameters = vec![min_use, residence_use.clone()];
        let unit_day: HashMap<DivisionCode, NaiveDate> = units
            .map(|u| {
                (0..u.len())
                    .filter_map(|r| Some((cell_at(&u.unit_code, r).value()?, u.election_date(r)?)))
                    .collect()
            })
            .unwrap_or_default();
        let mut days: BTreeMap<NaiveDate, Day<'a>> = BTreeMap::new();
        for d in unit_day.values().copied().chain([as_of]) {
            if let std::collections::btree_map::Entry::Vacant(e) = days.entry(d) {
                let list = NegativeList::prepare(pack, d, false)?;
                let convention: AgeConvention = list.convention();
                e.insert(Day {
                    adult_born_by: latest_birth_reaching(min_age, d, convention),
                    residence,
                    day: d,
                    book: RuleBook::new(pack, d, "voters"),
                    data: RuleBook::new(pack, d, "data"),
                    list,
                });
            }
        }
        // Deprivations of political rights, by person.
        // (A record of another kind does not bear on the vote; it is not read here.)
        let mut rights: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut numeric: HashMap<u64, Vec<(u32, usize)>> = HashMap::new();
        let mut unattributed = Vec::new();
        if let (Some(records), Some(k)) = (records, pack.kind_index("political_rights_deprived")) {
            for r in 0..records.len() {
                if cell_at(&records.kind, r) != Cell::Value(k as u16) {
                    continue;
                }
                let fits = records.numeric_matches.get(&r);
                match records.id.cells.get(r) {
                    Some(Ok(id)) => rights.entry(id.to_u64()).or_default().push(r as u32),
                    _ if fits.is_some_and(|f| !f.is_empty()) => {}
                    _ => unattributed.push(r as u32),
                }
                for id in fits.into_iter().flatten() {
                    let n = fits.map_or(0, Vec::len);
                    numeric.entry(id.to_u64()).or_default().push((r as u32, n));
                }
            }
        }
        Ok(RegisterCheck {
            pack,
            as_of,
            records,
            units,
            people: None,
            unit_day,
            days,
            rights,
            numeric,
            unattributed,
            residence_use,
            parameters,
            keys: Vec::new(),
            unit_index: HashMap::new(),
            unit_list: Vec::new(),
            row_state: Vec::new(),
        })
    }

    /// Adds the people table: its recorded sex and birth date are checked against the voters'
    /// ID numbers.
    pub fn with_people(mut self, people: &'a crate::people::People) -> Self {
        let mut index = HashMap::with_capacity(people.len());
        for (r, c) in people.id.cells.iter().enumerate() {
            if let Ok(id) = c {
                index.entry(id.to_u64()).or_insert(r as u32);
            }
        }
        self.people = Some((people, index));
        self
    }

    fn day_of(&self, unit: Option<DivisionCode>) -> NaiveDate {
        unit.and_then(|u| self.unit_day.get(&u).copied())
            .unwrap_or(self.as_of)
    }

    /// Checks the rows of one batch; returns their findings (in row order).
    pub fn push(&mut self, reg: &Register) -> Vec<Finding> {
        let offset = self.row_state.len();
        let parts = crate::par::map_ranges(reg.len(), |range| self.check_rows(reg, range, offset));
        let mut findings = Vec::new();
        self.row_state.reserve(reg.len());
        for (f, s) in parts {
            findings.extend(f);
            self.row_state.extend(s);
        }
        // Units and the keys for double registration, in one sequential pass.
        self.keys.reserve(reg.len());
        let mut last: Option<(Cell<DivisionCode>, u32)> = None;
        for row in 0..reg.len() {
            let cell = cell_at(&reg.unit_code, row);
            let u = match last {
                Some((c, u)) if c == cell => u,
                _ => {
                    let unit = cell.value();
                    let next = self.unit_list.len() as u32;
                    let u = *self.unit_index.entry(unit).or_insert(next);
                    if u == next {
                        self.unit_list.push(UnitVoters {
                            unit_code: unit,
                            election_date: Some(self.day_of(unit)),
                            ..UnitVoters::default()
                        });
                    }
                    last = Some((cell, u));
                    u
                }
            };
            let global = offset + row;
            if let Some(v) = self.unit_list.get_mut(u as usize) {
                v.rows += 1;
                match self.row_state.get(global) {
                    Some(0) => v.eligible += 1,
                    Some(1) => v.needs_review += 1,
                    _ => v.ineligible += 1,
                }
            }
            if let Some(Ok(id)) = reg.id.cells.get(row) {
                self.keys.push((id.to_u64(), global as u32, u));
            }
        }
        findings
    }

    fn check_rows(
        &self,
        reg: &Register,
        range: std::ops::Range<usize>,
        offset: usize,
    ) -> (Vec<Finding>, Vec<u8>) {
        let mut out: Vec<Finding> = Vec::new();
        let mut state: Vec<u8> = Vec::with_capacity(range.len());
        let mut last_unit: Option<(Cell<DivisionCode>, NaiveDate)> = None;
        for row in range {
            let first = out.len();
            let global = (offset + row) as u32;
            let unit_cell = cell_at(&reg.unit_code, row);
            let day = match last_unit {
                Some((c, d)) if c == unit_cell => d,
                _ => {
                    let d = self.day_of(unit_cell.value());
                    last_unit = Some((unit_cell, d));
                    d
                }
            };
            let Some(rules) = self.days.get(&day) else {
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
                row: Some(global),
                unit_code: unit_cell.value(),
                ..Subject::default()
            };
            let cell_evidence = |column: &str| Evidence::Cell {
                table: "register",
                row: global,
                column: reg.header(column),
            };
            match id_cell {
                Some(Ok(id)) if id.birth_date().is_none_or(|b| b > day) => {
                    out.extend(row_finding(
                        rules.book.get(codes::VOTER_ID, &[]),
                        &subject(),
                        "身份证号码中的出生日期晚于选举日".into(),
                        "the birth date in the ID number is after election day".into(),
                        Some(cell_evidence("id_number")),
                    ));
                }
                Some(Ok(id)) => {
                    let birth = id.birth_date();
                    if birth.is_none_or(|b| rules.adult_born_by.is_none_or(|by| b > by)) {
                        rules.list.vet_person(birth, &subject(), &mut out);
                    }
                    if let Some((people, index)) = &self.people
                        && let Some(&p) = index.get(&id.to_u64())
                    {
                        person_conflicts(
                            people,
                            p as usize,
                            *id,
                            &subject(),
                            &rules.data,
                            &mut out,
                        );
                    }
                    if let (Some(fits), Some(rule), Some(records)) = (
                        self.numeric.get(&id.to_u64()),
                        rules.data.get(codes::DATA_ID_NUMERIC, &[]),
                        self.records,
                    ) {
                        for &(r, n) in fits {
                            let evidence = Evidence::Cell {
                                table: "records",
                                row: r,
                                column: records.header("id_number"),
                            };
                            out.push(crate::vetting_data::numeric_id(
                                &rule,
                                &subject(),
                                n,
                                evidence,
                            ));
                        }
                    }
                    if let Some(recs) = self.rights.get(&id.to_u64())
                        && let Some(records) = self.records
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
                    out.extend(row_finding(
                        rules.book.get(codes::VOTER_ID, &[]),
                        &subject(),
                        format!("{what}，无法核实选民身份"),
                        "the ID number is missing or not valid: the voter cannot be identified"
                            .into(),
                        Some(cell_evidence("id_number")),
                    ));
                }
            }
            if !matches!(unit_cell, Cell::Value(_)) {
                out.extend(row_finding(
                    rules.book.get(codes::VOTER_UNIT, &[]),
                    &subject(),
                    "登记单位的区划代码为空或无法识别".into(),
                    "the unit code is missing or not a division code".into(),
                    Some(cell_evidence("unit_code")),
                ));
            }
            // The statutory bars, as the register names them (the same rule as STAT-AGE and
            // STAT-RIGHTS of the joint review, with its message and reference).
            let mut renamed = Vec::with_capacity(out.len() - first);
            for mut f in out.drain(first..) {
                let voter = match &*f.rule {
                    "STAT-AGE" => rules.book.get(codes::VOTER_AGE, &[]),
                    "STAT-RIGHTS" => rules.book.get(codes::VOTER_RIGHTS, &[]),
                    _ => {
                        renamed.push(f);
                        continue;
                    }
                };
                if let Some(v) = voter {
                    f.rule = v.code.clone();
                    if f.severity != Severity::Review {
                        // (a bar that cannot be decided stays a review)
                        f.severity = v.severity;
                    }
                    f.reference = v.reference.clone();
                    renamed.push(f);
                }
            }
            out.extend(renamed);
            category_findings(
                reg,
                row,
                global,
                rules,
                &subject,
                &mut out,
                &self.residence_use,
            );
            let worst = out[first..].iter().map(severity_rank).max().unwrap_or(0);
            state.push(worst);
        }
        (out, state)
    }

    /// DATA-ID for each deprivation record that belongs to no one: whoever it is about may be
    /// on the register with no bar found.
    fn unattributed_findings(&self) -> Vec<Finding> {
        let (Some(records), Some(rule)) = (
            self.records,
            RuleBook::new(self.pack, self.as_of, "data").get(codes::DATA_ID, &[]),
        ) else {
            return Vec::new();
        };
        self.unattributed
            .iter()
            .map(|&r| {
                let e = match records.id.cells.get(r as usize) {
                    Some(Err(e)) => e.clone(),
                    _ => IdError::Empty,
                };
                let evidence = Evidence::Cell {
                    table: "records",
                    row: r,
                    column: records.header("id_number"),
                };
                crate::vetting_data::invalid_id(&rule, &Subject::default(), &e, evidence)
            })
            .collect()
    }

    /// Rows checked so far.
    pub fn rows(&self) -> usize {
        self.row_state.len()
    }

    /// Double registrations across every batch and the units' findings; the report (whose
    /// findings hold only these: the rows' came from [`RegisterCheck::push`]).
    pub fn finish(mut self) -> Result<VotersReport, Error> {
        let orphans = self.unattributed_findings();
        let mut summary = VotersSummary::default();
        let book = RuleBook::new(self.pack, self.as_of, "voters");
        let dups = duplicate_findings(
            &mut self.keys,
            &mut self.unit_list,
            &mut self.row_state,
            &mut summary,
            &book,
        );
        self.keys = Vec::new();
        let mut parameters = self.parameters;
        let mut units = self.unit_list;
        units.sort_by_key(|u| u.unit_code);
        let unit_f = unit_findings(
            self.units,
            &units,
            self.pack,
            self.as_of,
            &book,
            &mut parameters,
        )?;
        let findings = Findings::from_chunks(vec![dups, unit_f, orphans]);
        summary.rows = self.row_state.len() as u64;
        summary.eligible = self.row_state.iter().filter(|&&s| s == 0).count() as u64;
        summary.needs_review = self.row_state.iter().filter(|&&s| s == 1).count() as u64;
        summary.ineligible = self.row_state.iter().filter(|&&s| s == 2).count() as u64;
        summary.findings = findings.len() as u64;
        Ok(VotersReport {
            findings,
            row_state: self.row_state,
            units,
            summary,
            parameters,
        })
    }
}

/// Checks the register. `as_of` is the election day where the units table gives none.
pub fn voters(
    input: VotersInput<'_>,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<VotersReport, Error> {
    let reg = input.register;
    let mut check = RegisterCheck::new(pack, as_of, input.records, input.units)?;
    if let Some(people) = input.people {
        check = check.with_people(people);
    }
    let rows = check.push(reg);
    let mut report = check.finish()?;
    let mut all = Findings::from_chunks(vec![rows]);
    all.append(std::mem::take(&mut report.findings));
    if let Some(proxies) = input.proxies {
        // (Unreadable relations rows are reported by `check`; here they only leave a proxy's
        // relation unproven, which its finding says.)
        let graph = input
            .relations
            .map(|rel| crate::kinship::FamilyGraph::build_checked(rel, as_of).map(|g| g.0))
            .transpose()?;
        all.extend(super::proxy_findings(
            proxies,
            reg,
            &report.row_state,
            graph.as_ref(),
            pack,
            as_of,
        )?);
    }
    report.summary.findings = all.len() as u64;
    report.findings = all;
    Ok(report)
}

/// A recorded sex or birth date of `people` row `p` that contradicts the ID number.
fn person_conflicts(
    people: &crate::people::People,
    p: usize,
    id: ResidentId,
    s: &Subject,
    data: &RuleBook,
    out: &mut Vec<Finding>,
) {
    use crate::vetting_data::contradiction;
    if let Cell::Value(sex) = cell_at(&people.sex, p)
        && sex != id.sex()
        && let Some(rule) = data.get(codes::DATA_SEX, &[])
    {
        out.push(contradiction(
            &rule,
            s,
            "性别",
            "sex",
            p,
            &people.header("sex"),
        ));
    }
    if let (Cell::Value(b), Some(idb)) = (cell_at(&people.birth_date, p), id.birth_date())
        && !b.matches(idb)
        && let Some(rule) = data.get(codes::DATA_BIRTH, &[])
    {
        out.push(contradiction(
            &rule,
            s,
            "出生日期",
            "birth date",
            p,
            &people.header("birth_date"),
        ));
    }
}

/// Registration categories (art. 13): 1 and 2 need nothing more here; 3 needs one year's
/// residence (the pack's period) and the meeting's consent.
fn category_findings(
    reg: &Register,
    row: usize,
    global: u32,
    rules: &Day<'_>,
    subject: &dyn Fn() -> Subject,
    out: &mut Vec<Finding>,
    residence_use: &ParamUse,
) {
    let evidence = |column: &str| {
        Some(Evidence::Cell {
            table: "register",
            row: global,
            column: reg.header(column),
        })
    };
    let book = &rules.book;
    match cell_at(&reg.category, row) {
        Cell::Missing | Cell::Invalid => {
            out.extend(row_finding(
                book.get(codes::VOTER_CATEGORY, &[]),
                &subject(),
                "登记类别为空或不是1、2、3".into(),
                "the registration category is missing or not 1, 2 or 3".into(),
                evidence("category"),
            ));
        }
        Cell::Value(3) => {
            match cell_at(&reg.residence_since, row) {
                // "居住一年以上": the period has run when its last day is before election day.
                Cell::Value(since) if rules.residence.last_day(since) < rules.day => {}
                Cell::Value(since) => {
                    if let Some(mut f) = row_finding(
                        book.get(codes::VOTER_RESIDENCE, &[]),
                        &subject(),
                        format!("户籍不在本村，{since}起居住，至选举日未满一年"),
                        format!(
                            "category 3 (registered elsewhere): living in the unit since {since}, less than the period required by election day"
                        ),
                        evidence("residence_since"),
                    ) {
                        f.parameters = Arc::new([residence_use.clone()]);
                        out.push(f);
                    }
                }
                Cell::Missing | Cell::Invalid => out.extend(row_finding(
                    book.get(codes::VOTER_RESIDENCE, &[UNDECIDED]),
                    &subject(),
                    "第三类选民未填居住起始日期".into(),
                    "category 3 voter without a readable residence_since date".into(),
                    evidence("residence_since"),
                )),
            }
            match cell_at(&reg.consent, row) {
                Cell::Value(true) => {}
                Cell::Value(false) => out.extend(row_finding(
                    book.get(codes::VOTER_CONSENT, &[]),
                    &subject(),
                    "第三类选民未经村民会议或村民代表会议同意".into(),
                    "category 3 voter without the consent of the villagers' meeting or representatives".into(),
                    evidence("consent"),
                )),
                Cell::Missing | Cell::Invalid => out.extend(row_finding(
                    book.get(codes::VOTER_CONSENT, &[UNDECIDED]),
                    &subject(),
                    "第三类选民未填是否经村民会议同意".into(),
                    "category 3 voter: consent not given".into(),
                    evidence("consent"),
                )),
            }
        }
        Cell::Value(_) => {}
    }
}

/// Everyone registered more than once: in one unit (`VOTER-DUPLICATE`) or in several
/// (`VOTER-TWO-UNITS`); a finding on every row of the person, naming all of their rows. Rows
/// that had nothing else found move from eligible to needs review in their unit.
fn duplicate_findings(
    keys: &mut [(u64, u32, u32)],
    units: &mut [UnitVoters],
    row_state: &mut [u8],
    summary: &mut VotersSummary,
    book: &RuleBook,
) -> Vec<Finding> {
    crate::par::sort_unstable(keys);
    let mut out = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while j < keys.len() && keys[j].0 == keys[i].0 {
            j += 1;
        }
        if j - i > 1 {
            let group = &keys[i..j];
            let rows: Vec<u32> = group.iter().map(|k| k.1).collect();
            let two_units = group.iter().any(|k| k.2 != group[0].2);
            if two_units {
                summary.in_two_units += 1;
            } else {
                summary.duplicated += 1;
            }
            // (The other rows are the evidence's: placed on their file's lines by the output.)
            let n = rows.len();
            let (rule, zh, en): (&str, Arc<str>, Arc<str>) = if two_units {
                (
                    codes::VOTER_TWO_UNITS,
                    format!("同一人在两个以上单位登记（共{n}行），不得重复登记").into(),
                    format!("registered in more than one unit ({n} rows): nobody may be registered twice").into(),
                )
            } else {
                (
                    codes::VOTER_DUPLICATE,
                    format!("同一人在本单位重复登记（共{n}行）").into(),
                    format!("registered more than once in the unit ({n} rows)").into(),
                )
            };
            let Some(rule) = book.get(rule, &[]) else {
                i = j;
                continue;
            };
            for &(id, r, u) in group {
                let unit = units.get_mut(u as usize);
                let subject = Subject {
                    id_number: ResidentId::from_u64(id).map(PersonKey::Id),
                    row: Some(r),
                    unit_code: unit.as_ref().and_then(|v| v.unit_code),
                    ..Subject::default()
                };
                let mut f = subject.finding(
                    rule.code.clone(),
                    rule.severity,
                    Message::Text {
                        zh: zh.clone(),
                        en: en.clone(),
                    },
                    rule.reference.clone(),
                );
                f.evidence = Some(Evidence::Rows {
                    table: "register",
                    rows: crate::finding::group_rows(&rows, r),
                });
                out.push(f);
                if let Some(s) = row_state.get_mut(r as usize)
                    && *s == 0
                {
                    *s = 1;
                    if let Some(v) = unit {
                        v.eligible -= 1;
                        v.needs_review += 1;
                    }
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
    book: &RuleBook,
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
    // Cells of the units table that cannot be read (an election day outside the plausible
    // dates among them: the unit is judged on as_of, and the finding says so).
    let mut out = match RuleBook::new(pack, as_of, "data").get(codes::DATA_VALUE, &[]) {
        Some(rule) => crate::vetting_data::unit_cells(u, &rule, &pack.date_bounds(as_of)?),
        None => Vec::new(),
    };
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
                // (overflow-safe: a pack's day counts or a date near the end of the calendar
                // give "—", never a panic)
                let objections = published.checked_add_days(chrono::Days::new(objection));
                let answers =
                    objections.and_then(|d| d.checked_add_days(chrono::Days::new(answer)));
                let shown =
                    |d: Option<NaiveDate>| d.map_or_else(|| "—".to_string(), |d| d.to_string());
                let (objections, answers) = (shown(objections), shown(answers));
                if let Some(mut f) = row_finding(
                    book.get(codes::VOTER_TIMELINE, &[]),
                    &subject,
                    format!(
                        "选民名单{published}公布，距选举日{day}仅{days}日，应于选举日{before}日前公布（异议期至{objections}，答复至{answers}）"
                    ),
                    format!(
                        "the voter list was published on {published}, {days} days before election day {day}; the law requires {before} (objections until {objections}, answers until {answers})"
                    ),
                    Some(Evidence::Cell {
                        table: "units",
                        row: r as u32,
                        column: u.header("register_published"),
                    }),
                ) {
                    f.parameters = Arc::new([
                        before_use.clone(),
                        objection_use.clone(),
                        answer_use.clone(),
                    ]);
                    out.push(f);
                }
            }
        }
        if let Some(stated) = cell_at(&u.registered_voters, r).value() {
            let listed = rows.get(&Some(unit)).copied().unwrap_or(0);
            if stated != listed {
                out.extend(row_finding(
                    book.get(codes::VOTER_COUNT, &[]),
                    &subject,
                    format!("单位登记选民数{stated}与选民名单{listed}行不符"),
                    format!("the units table states {stated} registered voters; the register has {listed} rows"),
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
