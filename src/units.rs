//! The `units` table (docs/tables.md): one row per village or community — its kind, households,
//! registered voters, smaller ethnic groups, its own election day (the unit's `as_of`), the
//! day the voter list was published, and the seats of its 村委会 or 居委会 per role — and the
//! facts of the round a civil-affairs report counts: a unit set up this round (新设), a complex
//! situation (情况复杂 / 难点村) and why, the running funds before and after the round (村级
//! 运转经费), where the round stands (已完成 / 未完成 / 未开始) and a re-election (重新选举).

use crate::date::parse_date;
use crate::division::{DivisionCode, UnitKind};
use crate::people::Cell;
use crate::person::Ethnicity;
use crate::roster::Role;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The `units` table.
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// unit_code.
    pub unit_code: Vec<Cell<DivisionCode>>,
    /// name (名称): the village's or community's name, for reports.
    pub name: Vec<Option<std::sync::Arc<str>>>,
    /// kind (village or community); derived from the code when omitted.
    pub kind: Vec<Cell<UnitKind>>,
    /// households (户数).
    pub households: Vec<Cell<u64>>,
    /// registered_voters (登记选民数).
    pub registered_voters: Vec<Cell<u64>>,
    /// smaller_groups (人数较少的民族): the ethnic groups of which the committee needs a member.
    pub smaller_groups: Vec<Cell<SmallerGroups>>,
    /// election_date (选举日期): the unit's own `as_of`.
    pub election_date: Vec<Cell<NaiveDate>>,
    /// register_published (选民名单公布日期).
    pub register_published: Vec<Cell<NaiveDate>>,
    /// seats_director (主任职数).
    pub seats_director: Vec<Cell<u64>>,
    /// seats_deputy_director (副主任职数).
    pub seats_deputy_director: Vec<Cell<u64>>,
    /// seats_member (委员职数).
    pub seats_member: Vec<Cell<u64>>,
    /// new_unit (新设): the unit was set up this round (a new community).
    pub new_unit: Vec<Cell<bool>>,
    /// complex (情况复杂 / 难点村): the county listed the unit as one with a complex situation.
    pub complex: Vec<Cell<bool>>,
    /// complex_reason (复杂原因): why, as the county wrote it.
    pub complex_reason: Vec<Option<std::sync::Arc<str>>>,
    /// funds_before (换届前运转经费): the unit's yearly running funds before the round, yuan.
    pub funds_before: Vec<Cell<u64>>,
    /// funds_after (换届后运转经费): the unit's yearly running funds after the round, yuan.
    pub funds_after: Vec<Cell<u64>>,
    /// round_status (换届状态): where the unit's round stands.
    pub round_status: Vec<Cell<RoundStatus>>,
    /// reelection (重新选举): the unit's election was held again (an election that did not
    /// stand, 村民委员会组织法 art. 15, or was annulled).
    pub reelection: Vec<Cell<bool>>,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
    /// The file the table came from.
    pub source: Option<String>,
}

/// Where a unit's round stands, as progress reports count it (Shanxi 2021: 99.92 % of
/// villages 已完成).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundStatus {
    /// 已完成: the committees are elected.
    Finished,
    /// 未完成 / 进行中: begun, not finished.
    Unfinished,
    /// 未开始: not begun.
    NotStarted,
}

impl RoundStatus {
    /// Reads `已完成`/`完成`/`finished`, `未完成`/`进行中`/`unfinished`, `未开始`/`not_started`.
    pub fn parse(text: &str) -> Option<RoundStatus> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "已完成" | "完成" | "已换届" | "finished" | "done" => {
                Some(RoundStatus::Finished)
            }
            "未完成" | "进行中" | "正在进行" | "unfinished" | "in_progress" => {
                Some(RoundStatus::Unfinished)
            }
            "未开始" | "未启动" | "not_started" => Some(RoundStatus::NotStarted),
            _ => None,
        }
    }
    /// `finished`, `unfinished`, `not_started`.
    pub fn as_str(self) -> &'static str {
        match self {
            RoundStatus::Finished => "finished",
            RoundStatus::Unfinished => "unfinished",
            RoundStatus::NotStarted => "not_started",
        }
    }
}

/// Up to four smaller ethnic groups a unit lists (a unit with more is read as invalid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SmallerGroups {
    codes: [u8; 4],
    len: u8,
}

impl SmallerGroups {
    /// Reads `回族、满族` (separated by `、` `,` `;` or spaces) or GB/T 3304 codes.
    pub fn parse(text: &str) -> Option<SmallerGroups> {
        let mut out = SmallerGroups::default();
        for part in text
            .split(['、', ',', '，', ';', '；', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let e = Ethnicity::parse(part).ok()?;
            if !out.contains(e) {
                let slot = out.codes.get_mut(usize::from(out.len))?;
                *slot = e.code();
                out.len += 1;
            }
        }
        Some(out)
    }
    /// The groups.
    pub fn iter(&self) -> impl Iterator<Item = Ethnicity> + '_ {
        self.codes[..usize::from(self.len)]
            .iter()
            .filter_map(|&c| Ethnicity::from_code(c))
    }
    /// Whether `e` is listed.
    pub fn contains(&self, e: Ethnicity) -> bool {
        self.codes[..usize::from(self.len)].contains(&e.code())
    }
    /// Whether none is listed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// One units row given as text.
#[derive(Debug, Clone, Default)]
pub struct UnitRow<'a> {
    /// unit_code.
    pub unit_code: Option<&'a str>,
    /// name.
    pub name: Option<&'a str>,
    /// kind.
    pub kind: Option<&'a str>,
    /// households.
    pub households: Option<&'a str>,
    /// registered_voters.
    pub registered_voters: Option<&'a str>,
    /// smaller_groups.
    pub smaller_groups: Option<&'a str>,
    /// election_date.
    pub election_date: Option<&'a str>,
    /// register_published.
    pub register_published: Option<&'a str>,
    /// seats_director.
    pub seats_director: Option<&'a str>,
    /// seats_deputy_director.
    pub seats_deputy_director: Option<&'a str>,
    /// seats_member.
    pub seats_member: Option<&'a str>,
    /// new_unit.
    pub new_unit: Option<&'a str>,
    /// complex.
    pub complex: Option<&'a str>,
    /// complex_reason.
    pub complex_reason: Option<&'a str>,
    /// funds_before.
    pub funds_before: Option<&'a str>,
    /// funds_after.
    pub funds_after: Option<&'a str>,
    /// round_status.
    pub round_status: Option<&'a str>,
    /// reelection.
    pub reelection: Option<&'a str>,
}

fn yes_no(t: Option<&str>) -> Cell<bool> {
    Cell::read(t, |s| crate::person::parse_yes_no(s).ok_or(()))
}

fn yuan(t: Option<&str>) -> Cell<u64> {
    Cell::read(t, |s| crate::cells::parse_yuan(s).ok_or(()))
}

fn free(t: Option<&str>) -> Option<std::sync::Arc<str>> {
    t.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(std::sync::Arc::from)
}

fn count(t: Option<&str>) -> Cell<u64> {
    Cell::read(t, |s| crate::cells::parse_count(s).ok_or(()))
}

fn day(t: Option<&str>) -> Cell<NaiveDate> {
    Cell::read(t, |s| parse_date(s).ok_or(()))
}

impl Units {
    /// Reads every date outside `bounds` as an unreadable cell (a `review` finding where the
    /// rules read it), never as a date in another century (see [`crate::date::DateBounds`]).
    pub fn bound_dates(&mut self, bounds: &crate::date::DateBounds) {
        bounds.days(&mut self.election_date);
        bounds.days(&mut self.register_published);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.unit_code.len()
    }
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.unit_code.is_empty()
    }
    /// Appends a row given as text.
    pub fn push(&mut self, r: &UnitRow<'_>) {
        self.unit_code
            .push(Cell::read(r.unit_code, DivisionCode::parse));
        self.name.push(free(r.name));
        self.kind
            .push(Cell::read(r.kind, |t| UnitKind::parse(t).ok_or(())));
        self.households.push(count(r.households));
        self.registered_voters.push(count(r.registered_voters));
        self.smaller_groups.push(Cell::read(r.smaller_groups, |t| {
            SmallerGroups::parse(t).ok_or(())
        }));
        self.election_date.push(day(r.election_date));
        self.register_published.push(day(r.register_published));
        self.seats_director.push(count(r.seats_director));
        self.seats_deputy_director
            .push(count(r.seats_deputy_director));
        self.seats_member.push(count(r.seats_member));
        self.new_unit.push(yes_no(r.new_unit));
        self.complex.push(yes_no(r.complex));
        self.complex_reason.push(free(r.complex_reason));
        self.funds_before.push(yuan(r.funds_before));
        self.funds_after.push(yuan(r.funds_after));
        self.round_status.push(Cell::read(r.round_status, |s| {
            RoundStatus::parse(s).ok_or(())
        }));
        self.reelection.push(yes_no(r.reelection));
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        crate::people::header_of(&self.headers, canonical)
    }
    /// The row of each unit code (the first, when a code repeats; see [`Units::duplicates`]).
    pub fn index(&self) -> HashMap<DivisionCode, usize> {
        let mut out = HashMap::with_capacity(self.len());
        for (i, c) in self.unit_code.iter().enumerate() {
            if let Cell::Value(code) = c {
                out.entry(*code).or_insert(i);
            }
        }
        out
    }
    /// Rows whose unit code an earlier row already has: (first row, repeated row).
    pub fn duplicates(&self) -> Vec<(usize, usize)> {
        let mut first: HashMap<DivisionCode, usize> = HashMap::new();
        let mut out = Vec::new();
        for (i, c) in self.unit_code.iter().enumerate() {
            if let Cell::Value(code) = c {
                match first.get(code) {
                    Some(&f) => out.push((f, i)),
                    None => {
                        first.insert(*code, i);
                    }
                }
            }
        }
        out
    }
    /// The unit's election day, when given.
    pub fn election_date(&self, row: usize) -> Option<NaiveDate> {
        crate::people::cell_at(&self.election_date, row).value()
    }
    /// The unit's kind: the column, else derived from the code.
    pub fn unit_kind(&self, row: usize) -> Option<UnitKind> {
        crate::people::cell_at(&self.kind, row).value().or_else(|| {
            crate::people::cell_at(&self.unit_code, row)
                .value()
                .and_then(DivisionCode::unit_kind)
        })
    }
    /// The seats for `role` the row gives.
    pub fn seats(&self, row: usize, role: Role) -> Cell<u64> {
        let col = match role {
            Role::Director => &self.seats_director,
            Role::DeputyDirector => &self.seats_deputy_director,
            Role::Member => &self.seats_member,
            _ => return Cell::Missing,
        };
        crate::people::cell_at(col, row)
    }
}
