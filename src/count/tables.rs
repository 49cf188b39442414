//! The `tallies` and `votes` tables (docs/tables.md) as typed columns.
//!
//! A tally is the count sheet of one unit, body and round (计票结果报告单): registered voters,
//! voters who voted, ballots issued, returned and invalid, and the seats per role. A vote row
//! is one candidate's count for one role on that sheet; a write-in (另选他人) may give only a
//! `name`.

use crate::division::DivisionCode;
use crate::people::{Cell, IdColumn};
use crate::roster::{Body, Role};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::cells::parse_count;

/// Reads a round: 1 (first ballot) or 2 (另行选举); also 第一轮/第二轮, 另行选举.
pub fn parse_round(text: &str) -> Option<u8> {
    match text.trim() {
        "第一轮" | "第一次" | "首轮" | "正式选举" => Some(1),
        "第二轮" | "第二次" | "另行选举" => Some(2),
        t => parse_count(t).and_then(|n| u8::try_from(n).ok()),
    }
}

/// The `tallies` table: one row per unit, body and round.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    /// unit_code.
    pub unit_code: Vec<Cell<DivisionCode>>,
    /// body.
    pub body: Vec<Cell<Body>>,
    /// round (轮次): 1 or 2.
    pub round: Vec<Cell<u8>>,
    /// registered (登记选民数).
    pub registered: Vec<Cell<u64>>,
    /// voted (参加投票人数).
    pub voted: Vec<Cell<u64>>,
    /// ballots_issued (发出选票).
    pub ballots_issued: Vec<Cell<u64>>,
    /// ballots_returned (收回选票).
    pub ballots_returned: Vec<Cell<u64>>,
    /// ballots_invalid (无效票).
    pub ballots_invalid: Vec<Cell<u64>>,
    /// seats_director (主任职数).
    pub seats_director: Vec<Cell<u64>>,
    /// seats_deputy_director (副主任职数).
    pub seats_deputy_director: Vec<Cell<u64>>,
    /// seats_member (委员职数).
    pub seats_member: Vec<Cell<u64>>,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
    /// The file the table came from, for messages.
    pub source: Option<String>,
}

/// One tally row given as text, for Rust programs without the table layer.
#[derive(Debug, Clone, Default)]
pub struct TallyRow<'a> {
    /// unit_code.
    pub unit_code: Option<&'a str>,
    /// body.
    pub body: Option<&'a str>,
    /// round.
    pub round: Option<&'a str>,
    /// registered.
    pub registered: Option<&'a str>,
    /// voted.
    pub voted: Option<&'a str>,
    /// ballots_issued.
    pub ballots_issued: Option<&'a str>,
    /// ballots_returned.
    pub ballots_returned: Option<&'a str>,
    /// ballots_invalid.
    pub ballots_invalid: Option<&'a str>,
    /// seats_director.
    pub seats_director: Option<&'a str>,
    /// seats_deputy_director.
    pub seats_deputy_director: Option<&'a str>,
    /// seats_member.
    pub seats_member: Option<&'a str>,
}

fn count_cell(t: Option<&str>) -> Cell<u64> {
    Cell::read(t, |s| parse_count(s).ok_or(()))
}

impl Tallies {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.unit_code.len()
    }
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.unit_code.is_empty()
    }
    /// Appends a row given as text; every column is kept, so absent cells are `Missing`.
    pub fn push(&mut self, r: &TallyRow<'_>) {
        self.unit_code
            .push(Cell::read(r.unit_code, DivisionCode::parse));
        self.body
            .push(Cell::read(r.body, |t| Body::parse(t).ok_or(())));
        self.round
            .push(Cell::read(r.round, |t| parse_round(t).ok_or(())));
        self.registered.push(count_cell(r.registered));
        self.voted.push(count_cell(r.voted));
        self.ballots_issued.push(count_cell(r.ballots_issued));
        self.ballots_returned.push(count_cell(r.ballots_returned));
        self.ballots_invalid.push(count_cell(r.ballots_invalid));
        self.seats_director.push(count_cell(r.seats_director));
        self.seats_deputy_director
            .push(count_cell(r.seats_deputy_director));
        self.seats_member.push(count_cell(r.seats_member));
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        crate::people::header_of(&self.headers, canonical)
    }
}

/// The `votes` table: one candidate's count for one role in one unit, body and round.
#[derive(Debug, Clone, Default)]
pub struct Votes {
    /// unit_code.
    pub unit_code: Vec<Cell<DivisionCode>>,
    /// body.
    pub body: Vec<Cell<Body>>,
    /// round.
    pub round: Vec<Cell<u8>>,
    /// id_number of the candidate (empty for a write-in known by name only).
    pub id: IdColumn,
    /// name, for write-ins (另选他人) without an ID number.
    pub name: Vec<Option<Arc<str>>>,
    /// role.
    pub role: Vec<Cell<Role>>,
    /// votes (得票数).
    pub votes: Vec<Cell<u64>>,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
    /// The file the table came from, for messages.
    pub source: Option<String>,
}

/// One vote row given as text.
#[derive(Debug, Clone, Default)]
pub struct VoteRow<'a> {
    /// unit_code.
    pub unit_code: Option<&'a str>,
    /// body.
    pub body: Option<&'a str>,
    /// round.
    pub round: Option<&'a str>,
    /// id_number.
    pub id_number: Option<&'a str>,
    /// name (write-ins).
    pub name: Option<&'a str>,
    /// role.
    pub role: Option<&'a str>,
    /// votes.
    pub votes: Option<&'a str>,
}

impl Votes {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.unit_code.len()
    }
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.unit_code.is_empty()
    }
    /// Appends a row given as text.
    pub fn push(&mut self, r: &VoteRow<'_>) {
        self.unit_code
            .push(Cell::read(r.unit_code, DivisionCode::parse));
        self.body
            .push(Cell::read(r.body, |t| Body::parse(t).ok_or(())));
        self.round
            .push(Cell::read(r.round, |t| parse_round(t).ok_or(())));
        self.id
            .push_text(r.id_number.filter(|t| !t.trim().is_empty()));
        self.name.push(
            r.name
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(Arc::from),
        );
        self.role
            .push(Cell::read(r.role, |t| Role::parse(t).ok_or(())));
        self.votes.push(count_cell(r.votes));
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        crate::people::header_of(&self.headers, canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count("12"), Some(12));
        assert_eq!(parse_count("12.0"), Some(12));
        assert_eq!(parse_count("1,234"), Some(1234));
        assert_eq!(parse_count("-3"), None);
        assert_eq!(parse_count("2.5"), None);
        assert_eq!(parse_count("abc"), None);
        assert_eq!(parse_round("另行选举"), Some(2));
        assert_eq!(parse_round("1"), Some(1));
    }
}
