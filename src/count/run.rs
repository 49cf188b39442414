//! The count over whole tables: checking the sheets, then each unit's election round by
//! round (村民委员会组织法 art. 15; docs/domain.md §7).

use super::elect::{self, Candidate, Marks, ROLES, role_index};
use super::report::{CountReport, CountSummary, Entry, Reason, RoundResult, TieEntry};
use super::rules::{CountRules, RunoffBase, ValidityBase, body_index};
use super::tables::{Tallies, Votes};
use crate::division::DivisionCode;
use crate::error::{Error, InputError, Location, ProblemKind};
use crate::finding::{Finding, Message, ParamUse};
use crate::pack::RulePack;
use crate::people::{Cell, cell_at};
use crate::person::Sex;
use crate::ratio::Ratio;
use crate::roster::{Body, Roster, Status};
use crate::rules::{UNDECIDED, codes};
use crate::units::Units;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The tables a count reads.
#[derive(Debug, Clone, Copy)]
pub struct CountInput<'a> {
    /// Per unit, body and round: voters and ballots.
    pub tallies: &'a Tallies,
    /// Per candidate and role: votes.
    pub votes: &'a Votes,
    /// The slate (candidates of each unit, body and role): votes for anyone else are write-ins.
    pub roster: Option<&'a Roster>,
    /// Registered voters per unit from the voter register, checked against the tallies.
    pub register: Option<&'a HashMap<DivisionCode, u64>>,
    /// Units: each unit's election day (its `as_of`) and seats where a tally gives none.
    pub units: Option<&'a Units>,
}

/// One tally row, checked.
#[derive(Debug, Clone)]
struct Sheet {
    unit: DivisionCode,
    body: Body,
    round: u8,
    row: usize,
    registered: u64,
    voted: u64,
    issued: Option<u64>,
    returned: u64,
    invalid: Option<u64>,
    seats: [Option<u64>; 3],
    marks: Vec<Marks>,
    /// Per role: the sum of the marks, for the conservation check.
    marked: [u64; 3],
}

type Key = (DivisionCode, Body, u8);

fn at(table: &str, source: &Option<String>, row: usize, column: Option<String>) -> Location {
    Location {
        table: table.to_string(),
        file: source.clone(),
        row: Some(row),
        column,
        ..Location::default()
    }
}

fn bad(at: Location, kind: ProblemKind, what: impl Into<String>) -> Error {
    Error::Input(InputError::bad(at, kind, what))
}

/// A required cell: missing and unreadable are errors naming the column.
fn need<T: Copy>(
    cell: Cell<T>,
    loc: impl Fn() -> Location,
    what_missing: &str,
    what_bad: &str,
) -> Result<T, Error> {
    match cell {
        Cell::Value(v) => Ok(v),
        Cell::Missing => Err(bad(loc(), ProblemKind::MissingValue, what_missing)),
        Cell::Invalid => Err(bad(loc(), ProblemKind::UnreadableValue, what_bad)),
    }
}

/// An optional cell: unreadable is an error, missing is `None`.
fn optional<T: Copy>(
    cell: Cell<T>,
    loc: impl Fn() -> Location,
    what_bad: &str,
) -> Result<Option<T>, Error> {
    match cell {
        Cell::Value(v) => Ok(Some(v)),
        Cell::Missing => Ok(None),
        Cell::Invalid => Err(bad(loc(), ProblemKind::UnreadableValue, what_bad)),
    }
}

const NOT_A_COUNT: &str = "不是0或正整数 not a whole number of 0 or more";

fn sheets(t: &Tallies) -> Result<BTreeMap<Key, Sheet>, Error> {
    let mut out: BTreeMap<Key, Sheet> = BTreeMap::new();
    for row in 0..t.len() {
        let loc = |c: &str| at("tallies", &t.source, row, Some(t.header(c)));
        let unit = need(
            cell_at(&t.unit_code, row),
            || loc("unit_code"),
            "缺少区划代码 the unit code is missing",
            "不是6位或12位区划代码 not a 6- or 12-digit division code",
        )?;
        let body = need(
            cell_at(&t.body, row),
            || loc("body"),
            "缺少组织 the body is missing",
            "无法识别的组织 not a body huanjie knows (村委会, 居委会, 村务监督委员会, …)",
        )?;
        if body_index(body).is_none() {
            return Err(bad(
                loc("body"),
                ProblemKind::OutOfRange,
                format!(
                    "计票只适用于村委会、居委会和村务监督委员会的选举 the count covers 村委会, 居委会 and 村务监督委员会 elections, not {}",
                    body.as_str()
                ),
            ));
        }
        let round = need(
            cell_at(&t.round, row),
            || loc("round"),
            "缺少轮次 the round is missing (1 first ballot, 2 另行选举)",
            "轮次应为1或2 not a round (1 first ballot, 2 另行选举)",
        )?;
        if !(1..=2).contains(&round) {
            return Err(bad(
                loc("round"),
                ProblemKind::OutOfRange,
                "轮次只有1（第一次投票）和2（另行选举） rounds are 1 (first ballot) and 2 (另行选举); a seat still unfilled after round 2 stays unfilled",
            ));
        }
        let count = |c: &str, col: &[Cell<u64>]| {
            need(
                cell_at(col, row),
                || loc(c),
                "缺少数目 the count is missing",
                NOT_A_COUNT,
            )
        };
        let opt = |c: &str, col: &[Cell<u64>]| optional(cell_at(col, row), || loc(c), NOT_A_COUNT);
        let sheet = Sheet {
            unit,
            body,
            round,
            row,
            registered: count("registered", &t.registered)?,
            voted: count("voted", &t.voted)?,
            issued: opt("ballots_issued", &t.ballots_issued)?,
            returned: count("ballots_returned", &t.ballots_returned)?,
            invalid: opt("ballots_invalid", &t.ballots_invalid)?,
            seats: [
                opt("seats_director", &t.seats_director)?,
                opt("seats_deputy_director", &t.seats_deputy_director)?,
                opt("seats_member", &t.seats_member)?,
            ],
            marks: Vec::new(),
            marked: [0; 3],
        };
        if let Some(inv) = sheet.invalid
            && inv > sheet.returned
        {
            return Err(bad(
                loc("ballots_invalid"),
                ProblemKind::Contradiction,
                "无效票多于收回选票 more invalid ballots than ballots returned",
            ));
        }
        if let Some(first) = out.get(&(unit, body, round)) {
            return Err(bad(
                at("tallies", &t.source, row, None),
                ProblemKind::DuplicateRow,
                format!(
                    "单位 {unit}、{}、第 {round} 轮已有一行计票（row {}）/ unit {unit}, {}, round {round} already has a tally in row {}",
                    body.as_str(),
                    first.row,
                    body.as_str(),
                    first.row
                ),
            ));
        }
        out.insert((unit, body, round), sheet);
    }
    Ok(out)
}

/// Attaches every vote row to its sheet; errors for rows that fit no sheet or cannot be read.
fn attach_votes(v: &Votes, sheets: &mut BTreeMap<Key, Sheet>) -> Result<(), Error> {
    let mut seen: HashMap<(Key, Candidate, usize), usize> = HashMap::new();
    for row in 0..v.len() {
        let loc = |c: &str| at("votes", &v.source, row, Some(v.header(c)));
        let unit = need(
            cell_at(&v.unit_code, row),
            || loc("unit_code"),
            "缺少区划代码 the unit code is missing",
            "不是6位或12位区划代码 not a 6- or 12-digit division code",
        )?;
        let body = need(
            cell_at(&v.body, row),
            || loc("body"),
            "缺少组织 the body is missing",
            "无法识别的组织 not a body huanjie knows",
        )?;
        let round = need(
            cell_at(&v.round, row),
            || loc("round"),
            "缺少轮次 the round is missing",
            "轮次应为1或2 not a round (1 or 2)",
        )?;
        let role = need(
            cell_at(&v.role, row),
            || loc("role"),
            "缺少职务 the role is missing",
            "无法识别的职务 not a role (主任, 副主任, 委员)",
        )?;
        let Some(r) = role_index(role) else {
            return Err(bad(
                loc("role"),
                ProblemKind::OutOfRange,
                format!(
                    "计票只适用于主任、副主任和委员职位 the count fills 主任, 副主任 and 委员 seats, not {}",
                    role.as_str()
                ),
            ));
        };
        let votes = need(
            cell_at(&v.votes, row),
            || loc("votes"),
            "缺少得票数 the votes are missing",
            NOT_A_COUNT,
        )?;
        let candidate = match (v.id.cells.get(row), v.name.get(row).cloned().flatten()) {
            (Some(Ok(id)), _) => Candidate::Id(*id),
            (Some(Err(crate::id::IdError::Empty)) | None, Some(name)) => Candidate::Name(name),
            (Some(Err(crate::id::IdError::Empty)) | None, None) => {
                return Err(bad(
                    loc("id_number"),
                    ProblemKind::MissingValue,
                    "既无身份证号码也无姓名（另选他人） neither an ID number nor a name (for a write-in) is given",
                ));
            }
            (Some(Err(e)), _) => {
                return Err(bad(
                    loc("id_number"),
                    ProblemKind::InvalidId,
                    format!("身份证号码无效 the ID number is not valid ({e})"),
                ));
            }
        };
        let key = (unit, body, round);
        let Some(sheet) = sheets.get_mut(&key) else {
            return Err(bad(
                at("votes", &v.source, row, None),
                ProblemKind::MissingReference,
                format!("no tally for unit {unit}, {}, round {round}", body.as_str()),
            ));
        };
        let valid_ballots = sheet.returned - sheet.invalid.unwrap_or(0);
        if votes > valid_ballots {
            return Err(bad(
                loc("votes"),
                ProblemKind::Contradiction,
                format!(
                    "得票数多于有效票 more votes than the {valid_ballots} valid ballots of unit {unit}, {}, round {round}",
                    body.as_str()
                ),
            ));
        }
        if let Some(first) = seen.insert((key, candidate.clone(), r), row) {
            return Err(bad(
                at("votes", &v.source, row, None),
                ProblemKind::DuplicateRow,
                format!(
                    "同一候选人同一职务已计票（row {first}）/ the same candidate and role of unit {unit}, {}, round {round} is already counted in row {first}",
                    body.as_str()
                ),
            ));
        }
        sheet.marked[r] = sheet.marked[r].saturating_add(votes);
        let row32 = u32::try_from(row).unwrap_or(u32::MAX);
        match sheet.marks.iter_mut().find(|m| m.candidate == candidate) {
            Some(m) => {
                m.votes[r] = Some(votes);
                m.rows[r] = Some(row32);
            }
            None => {
                let mut m = Marks {
                    candidate,
                    votes: [None; 3],
                    rows: [None; 3],
                    write_in: [false; 3],
                    barred: [false; 3],
                };
                m.votes[r] = Some(votes);
                m.rows[r] = Some(row32);
                sheet.marks.push(m);
            }
        }
    }
    Ok(())
}

/// The slate: (unit, body, role index) → candidates' IDs.
fn slate(roster: &Roster) -> HashSet<(DivisionCode, Body, usize, crate::ResidentId)> {
    let mut out = HashSet::new();
    for row in 0..roster.len() {
        let status = cell_at(&roster.status, row)
            .value()
            .unwrap_or(Status::Candidate);
        if status != Status::Candidate {
            continue;
        }
        if let (Some(Ok(id)), Some(unit), Some(body), Some(r)) = (
            roster.id.cells.get(row),
            cell_at(&roster.unit_code, row).value(),
            cell_at(&roster.body, row).value(),
            cell_at(&roster.role, row).value().and_then(role_index),
        ) {
            out.insert((unit, body, r, *id));
        }
    }
    out
}

struct Ctx<'a> {
    pack: &'a RulePack,
    as_of: NaiveDate,
    units: Option<(&'a Units, HashMap<DivisionCode, usize>)>,
    rules: BTreeMap<NaiveDate, CountRules>,
    findings: Vec<Finding>,
    params: Vec<ParamUse>,
}

impl Ctx<'_> {
    fn day(&self, unit: DivisionCode) -> NaiveDate {
        self.units
            .as_ref()
            .and_then(|(u, idx)| idx.get(&unit).and_then(|&r| u.election_date(r)))
            .unwrap_or(self.as_of)
    }
    fn rules(&mut self, day: NaiveDate) -> Result<CountRules, Error> {
        if let Some(r) = self.rules.get(&day) {
            return Ok(r.clone());
        }
        let r = CountRules::from_pack(self.pack, day)?;
        for p in &r.parameters {
            if !self.params.contains(p) {
                self.params.push(p.clone());
            }
        }
        self.rules.insert(day, r.clone());
        Ok(r)
    }
    /// A finding of rule `code` in the situation `cases` about a sheet (its severity and
    /// reference from the pack on the unit's day; nothing when the rule is not in force then).
    fn unit_finding(
        &mut self,
        code: &str,
        cases: &[&str],
        sheet: &Sheet,
        zh: String,
        en: String,
    ) -> Option<&mut Finding> {
        let rule = self.pack.rule_use(code, self.day(sheet.unit), cases)?;
        self.findings.push(Finding {
            rule: rule.code,
            severity: rule.severity,
            id_number: None,
            row: None,
            roster_row: None,
            unit_code: Some(sheet.unit),
            body: Some(sheet.body),
            role: None,
            message: Message::Text {
                zh: zh.into(),
                en: en.into(),
            },
            reference: rule.reference,
            parameters: Arc::new([]),
            eligible_from: None,
            evidence: Some(crate::finding::Evidence::Rows {
                table: "tallies",
                rows: vec![u32::try_from(sheet.row).unwrap_or(u32::MAX)],
            }),
        });
        self.findings.last_mut()
    }
}

/// Counts every election in the tables: validity, winners per role, unfilled seats, the
/// second-round candidates and winners, ties; findings for a 村委会 without a woman elected,
/// write-ins, and registered voters that disagree with the register. `as_of` applies where the
/// units table gives no election day.
pub fn count(
    input: CountInput<'_>,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<CountReport, Error> {
    let mut sheets = sheets(input.tallies)?;
    attach_votes(input.votes, &mut sheets)?;
    let slate = input.roster.map(slate);
    let mut ctx = Ctx {
        pack,
        as_of,
        units: input.units.map(|u| (u, u.index())),
        rules: BTreeMap::new(),
        findings: Vec::new(),
        params: Vec::new(),
    };
    // Cells of the units table that cannot be read (an election day outside the plausible
    // dates: the unit is counted under the rules of as_of, and the finding says so).
    if let Some(u) = input.units
        && let Some(rule) = crate::pack::RuleBook::new(pack, as_of, "data")
            .get(crate::rules::codes::DATA_VALUE, &[])
    {
        let bounds = pack.date_bounds(as_of)?;
        ctx.findings
            .extend(crate::vetting_data::unit_cells(u, &rule, &bounds));
    }
    let mut rounds = Vec::new();
    let mut summary = CountSummary::default();
    let mut success = 0u64;
    let elections: Vec<(DivisionCode, Body)> = {
        let mut e: Vec<_> = sheets.keys().map(|k| (k.0, k.1)).collect();
        e.dedup();
        e
    };
    for (unit, body) in elections {
        let first = sheets.get(&(unit, body, 1)).cloned();
        let second = sheets.get(&(unit, body, 2)).cloned();
        let Some(mut first) = first else {
            let row = second.as_ref().map_or(0, |s| s.row);
            return Err(bad(
                at("tallies", &input.tallies.source, row, None),
                ProblemKind::MissingReference,
                format!(
                    "有另行选举却没有第一轮 unit {unit}, {}: a round 2 (另行选举) without a round 1",
                    body.as_str()
                ),
            ));
        };
        let day = ctx.day(unit);
        let rules = ctx.rules(day)?;
        fill_seats(
            &mut first,
            input.units.zip(ctx.units.as_ref().map(|u| &u.1)),
            input.tallies,
        )?;
        mark_write_ins(&mut first, slate.as_ref(), None, &rules);
        let r1 = run_round(&first, &rules, day, None, input.tallies)?;
        let listed = input
            .register
            .map(|reg| reg.get(&unit).copied().unwrap_or(0));
        if let Some(n) = listed
            && n != first.registered
            && let Some(f) = ctx.unit_finding(
                codes::COUNT_REGISTERED,
                &[],
                &first,
                format!("计票单登记选民数{}与选民名单{}人不符", first.registered, n),
                format!(
                    "the tally gives {} registered voters, the voter register lists {n}",
                    first.registered
                ),
            )
        {
            f.evidence = Some(crate::finding::Evidence::Cell {
                table: "tallies",
                row: u32::try_from(first.row).unwrap_or(u32::MAX),
                column: input.tallies.header("registered"),
            });
        }
        summary.elections += 1;
        summary.seats += first.seats.iter().map(|s| s.unwrap_or(0)).sum::<u64>();
        if r1.valid {
            summary.valid_first_round += 1;
            if r1.unfilled_total() == 0 {
                success += 1;
            }
        }
        summary.ties += r1.ties.len() as u64;
        let mut last_valid = r1.valid;
        let mut unfilled = r1.unfilled_total();
        if !r1.valid {
            unfilled = r1.seats.iter().sum();
        }
        let mut elected: Vec<Entry> = if r1.valid {
            r1.elected.clone()
        } else {
            Vec::new()
        };
        let runoff = r1.runoff.clone();
        let r1_unfilled = r1.unfilled;
        let r1_valid = r1.valid;
        rounds.push(r1);
        if let Some(mut second) = second {
            // Round 2 contests the seats round 1 left; a seats column must agree.
            for (i, s) in second.seats.iter().enumerate() {
                if let Some(n) = s
                    && *n != r1_unfilled[i]
                    && r1_valid
                {
                    let col = ["seats_director", "seats_deputy_director", "seats_member"][i];
                    return Err(bad(
                        at(
                            "tallies",
                            &input.tallies.source,
                            second.row,
                            Some(input.tallies.header(col)),
                        ),
                        ProblemKind::Contradiction,
                        format!(
                            "另行选举的职数与第一轮未选出的不符 unit {unit}, {}: round 2 gives {n} seats, round 1 left {} unfilled",
                            body.as_str(),
                            r1_unfilled[i]
                        ),
                    ));
                }
            }
            second.seats = r1_unfilled.map(Some);
            mark_write_ins(&mut second, None, Some(&runoff), &rules);
            let already: Vec<Candidate> = elected.iter().map(|e| e.candidate.clone()).collect();
            let mut r2 = run_round(&second, &rules, day, Some(&already), input.tallies)?;
            write_in_findings(&mut ctx, &second, &[]); // votes a pack barred in round 2
            if !r1_valid {
                r2.valid = false;
                r2.reasons.push(Reason::FirstRoundInvalid);
                r2.elected.clear();
            }
            summary.ties += r2.ties.len() as u64;
            last_valid = r1_valid && r2.valid;
            unfilled = if r2.valid {
                r2.unfilled_total()
            } else {
                r1_unfilled.iter().sum()
            };
            if r2.valid {
                elected.extend(r2.elected.iter().cloned());
            }
            rounds.push(r2);
        }
        if !last_valid {
            summary.invalid += 1;
        }
        summary.unfilled += unfilled;
        summary.filled += elected.len() as u64;
        write_in_findings(&mut ctx, &first, &elected);
        if body == Body::VillageCommittee && r1_valid {
            no_woman(&mut ctx, &first, &elected);
        }
    }
    summary.first_ballot_success = Ratio::new(success, summary.elections);
    summary.findings = ctx.findings.len() as u64;
    Ok(CountReport {
        rounds,
        findings: ctx.findings,
        summary,
        parameters: ctx.params,
    })
}

/// Seats a tally leaves empty come from the units table; a role with votes and no seats at all
/// is an error.
fn fill_seats(
    sheet: &mut Sheet,
    units: Option<(&Units, &HashMap<DivisionCode, usize>)>,
    t: &Tallies,
) -> Result<(), Error> {
    let unit_row = units.and_then(|(u, idx)| idx.get(&sheet.unit).map(|&r| (u, r)));
    for (i, role) in ROLES.iter().enumerate() {
        if sheet.seats[i].is_none()
            && let Some((u, r)) = unit_row
        {
            sheet.seats[i] = u.seats(r, *role).value();
        }
    }
    if sheet.seats.iter().all(Option::is_none) {
        return Err(bad(
            at("tallies", &t.source, sheet.row, None),
            ProblemKind::OutOfRange,
            format!(
                "未给出职数 unit {}, {}: no seats given (seats_director, seats_deputy_director, seats_member here or in the units table)",
                sheet.unit,
                sheet.body.as_str()
            ),
        ));
    }
    Ok(())
}

/// Marks write-ins (另选他人) — in a first round, persons not on the slate (when a roster is
/// given) and anyone known by name only; in a second round, anyone not among its candidates —
/// and bars their votes where the pack allows no write-ins.
fn mark_write_ins(
    sheet: &mut Sheet,
    slate: Option<&HashSet<(DivisionCode, Body, usize, crate::ResidentId)>>,
    runoff: Option<&[Entry]>,
    rules: &CountRules,
) {
    let (unit, body) = (sheet.unit, sheet.body);
    for m in &mut sheet.marks {
        for r in 0..3 {
            if m.votes[r].is_none() {
                continue;
            }
            let standing = match (&m.candidate, runoff, slate) {
                (c, Some(list), _) => list
                    .iter()
                    .any(|e| e.candidate == *c && role_index(e.role) == Some(r)),
                (Candidate::Name(_), None, _) => false,
                (Candidate::Id(id), None, Some(s)) => s.contains(&(unit, body, r, *id)),
                (Candidate::Id(_), None, None) => true,
            };
            m.write_in[r] = !standing;
            m.barred[r] = !standing && !rules.write_ins;
        }
    }
}

/// One round on one sheet.
fn run_round(
    sheet: &Sheet,
    rules: &CountRules,
    day: NaiveDate,
    already: Option<&[Candidate]>,
    t: &Tallies,
) -> Result<RoundResult, Error> {
    let seats = sheet.seats.map(|s| s.unwrap_or(0));
    let valid_ballots = sheet.returned - sheet.invalid.unwrap_or(0);
    for r in 0..3 {
        if sheet.marked[r] > 0 && seats[r] == 0 {
            return Err(bad(
                at("tallies", &t.source, sheet.row, None),
                ProblemKind::OutOfRange,
                format!(
                    "该轮没有此职位却有得票 unit {}, {}, round {}: votes for {} but no {} seat in this round",
                    sheet.unit,
                    sheet.body.as_str(),
                    sheet.round,
                    ROLES[r].as_str(),
                    ROLES[r].label_zh()
                ),
            ));
        }
        if u128::from(sheet.marked[r]) > u128::from(valid_ballots) * u128::from(seats[r]) {
            return Err(bad(
                at("tallies", &t.source, sheet.row, None),
                ProblemKind::Contradiction,
                format!(
                    "得票总数超过有效票乘以职数 unit {}, {}, round {}: {} marks for {} exceed {valid_ballots} valid ballots × {} seats",
                    sheet.unit,
                    sheet.body.as_str(),
                    sheet.round,
                    sheet.marked[r],
                    ROLES[r].as_str(),
                    seats[r]
                ),
            ));
        }
    }
    let mut reasons = Vec::new();
    if sheet.voted > sheet.registered {
        reasons.push(Reason::VotedExceedsRegistered);
    }
    if !Ratio::new(sheet.voted, sheet.registered).more_than_half() {
        reasons.push(Reason::Turnout);
    }
    let body = body_index(sheet.body).unwrap_or(0);
    match rules.validity_base[body] {
        ValidityBase::Voted if sheet.returned > sheet.voted => {
            reasons.push(Reason::BallotsExceedVoted)
        }
        ValidityBase::Issued => match sheet.issued {
            Some(issued) if sheet.returned > issued => reasons.push(Reason::BallotsExceedIssued),
            Some(_) => {}
            None => {
                return Err(bad(
                    at(
                        "tallies",
                        &t.source,
                        sheet.row,
                        Some(t.header("ballots_issued")),
                    ),
                    ProblemKind::MissingValue,
                    "the pack compares ballots returned with ballots issued, and this tally gives none",
                ));
            }
        },
        ValidityBase::Voted => {}
    }
    let valid = reasons.is_empty();
    let excluded = |i: usize| {
        already.is_some_and(|a| sheet.marks.get(i).is_some_and(|m| a.contains(&m.candidate)))
    };
    let outcome = if !valid {
        elect::Outcome {
            unfilled: seats,
            ..Default::default()
        }
    } else if sheet.round == 1 {
        elect::elect(
            &sheet.marks,
            seats,
            |v| Ratio::new(v, sheet.voted).more_than_half(),
            rules.add_downward,
            excluded,
        )
    } else {
        let base = match rules.runoff_base {
            RunoffBase::Returned => sheet.returned,
            RunoffBase::Valid => valid_ballots,
            RunoffBase::Voted => sheet.voted,
        };
        elect::elect(
            &sheet.marks,
            seats,
            |v| v > 0 && Ratio::new(v, base).at_least(1, 3),
            rules.add_downward,
            excluded,
        )
    };
    let entry = |s: &elect::Standing| {
        let m = &sheet.marks[s.marks];
        Entry {
            candidate: m.candidate.clone(),
            role: ROLES[s.role],
            votes: s.votes,
            row: m.rows[s.role],
            write_in: m.write_in[s.role],
        }
    };
    let runoff = if valid && sheet.round == 1 {
        elect::runoff(&sheet.marks, &outcome, rules.add_downward)
            .iter()
            .map(entry)
            .collect()
    } else {
        Vec::new()
    };
    Ok(RoundResult {
        unit_code: sheet.unit,
        body: sheet.body,
        round: sheet.round,
        tally_row: u32::try_from(sheet.row).unwrap_or(u32::MAX),
        as_of: day,
        valid,
        reasons,
        registered: sheet.registered,
        voted: sheet.voted,
        ballots_returned: sheet.returned,
        ballots_invalid: sheet.invalid,
        seats,
        elected: outcome.elected.iter().map(entry).collect(),
        unfilled: outcome.unfilled,
        runoff,
        ties: outcome
            .ties
            .iter()
            .map(|t| TieEntry {
                role: ROLES[t.role],
                votes: t.votes,
                seats: t.seats,
                candidates: t
                    .marks
                    .iter()
                    .map(|&i| sheet.marks[i].candidate.clone())
                    .collect(),
            })
            .collect(),
    })
}

/// Write-ins: votes barred because the pack allows none (one finding per sheet, naming the
/// rows), and persons elected by write-in, who were never vetted as candidates.
fn write_in_findings(ctx: &mut Ctx<'_>, sheet: &Sheet, elected: &[Entry]) {
    let barred: Vec<u32> = sheet
        .marks
        .iter()
        .flat_map(|m| (0..3).filter(|&r| m.barred[r]).filter_map(|r| m.rows[r]))
        .collect();
    if !barred.is_empty() {
        let n = barred.len();
        if let Some(f) = ctx.unit_finding(
            codes::COUNT_WRITE_IN,
            &[],
            sheet,
            format!("{n}行得票为非正式候选人（另选他人），规则包不计入"),
            format!("{n} vote rows are for persons not on the slate (write-ins), which the pack does not count"),
        ) {
            f.evidence = Some(crate::finding::Evidence::Rows {
                table: "votes",
                rows: barred,
            });
        }
    }
    for e in elected.iter().filter(|e| e.write_in) {
        if let Some(f) = ctx.unit_finding(
            codes::COUNT_WRITE_IN_ELECTED,
            &[],
            sheet,
            format!(
                "另选他人当选{}，当选前未经资格审查，应补充审查",
                e.role.label_zh()
            ),
            format!(
                "elected {} by write-in: not vetted as a candidate, vet before confirming",
                e.role.as_str()
            ),
        ) {
            f.id_number = e.candidate.id().map(crate::finding::PersonKey::Id);
            f.role = Some(e.role);
            f.evidence = e.row.map(|row| crate::finding::Evidence::Rows {
                table: "votes",
                rows: vec![row],
            });
        }
    }
}

/// 组织法 art. 6: "村民委员会成员中，应当有妇女成员". Sex comes from the ID number; a write-in
/// known only by name leaves it open.
fn no_woman(ctx: &mut Ctx<'_>, sheet: &Sheet, elected: &[Entry]) {
    if elected.is_empty() {
        return;
    }
    let woman = elected
        .iter()
        .any(|e| e.candidate.id().is_some_and(|id| id.sex() == Sex::Female));
    if woman {
        return;
    }
    let unknown = elected.iter().any(|e| e.candidate.id().is_none());
    let (zh, en, cases): (&str, &str, &[&str]) = if unknown {
        (
            "当选的村民委员会成员中未见妇女成员（有仅以姓名登记的另选他人，性别待核实）",
            "no woman among the 村委会 members elected (a write-in known by name only: check their sex)",
            &[UNDECIDED],
        )
    } else {
        (
            "当选的村民委员会成员中没有妇女成员",
            "no woman among the 村委会 members elected",
            &[],
        )
    };
    ctx.unit_finding(
        codes::COUNT_NO_WOMAN,
        cases,
        sheet,
        zh.to_string(),
        en.to_string(),
    );
}
