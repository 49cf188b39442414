//! The `register` table (docs/tables.md): one row per registered voter and unit.

use crate::division::DivisionCode;
use crate::people::{Cell, IdColumn, cell_at};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The voter register (选民名单): id_number, unit_code, category (登记类别 1–3),
/// residence_since (居住起始日期), consent (村民会议同意).
#[derive(Debug, Clone, Default)]
pub struct Register {
    /// id_number.
    pub id: IdColumn,
    /// unit_code.
    pub unit_code: Vec<Cell<DivisionCode>>,
    /// category: 1 户籍在本村并居住, 2 户籍在本村不居住、本人表示参加选举, 3 户籍不在本村、居住一年以上.
    pub category: Vec<Cell<u8>>,
    /// residence_since: when a category-3 voter began living in the unit.
    pub residence_since: Vec<Cell<NaiveDate>>,
    /// consent: whether the villagers' meeting or representatives agreed (category 3).
    pub consent: Vec<Cell<bool>>,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
    /// The file the table came from.
    pub source: Option<String>,
}

/// One register row given as text.
#[derive(Debug, Clone, Default)]
pub struct RegisterRow<'a> {
    /// id_number.
    pub id_number: Option<&'a str>,
    /// unit_code.
    pub unit_code: Option<&'a str>,
    /// category.
    pub category: Option<&'a str>,
    /// residence_since.
    pub residence_since: Option<&'a str>,
    /// consent.
    pub consent: Option<&'a str>,
}

/// Reads a registration category: 1, 2 or 3.
pub fn parse_category(text: &str) -> Option<u8> {
    match crate::cells::parse_count(text)? {
        n @ 1..=3 => u8::try_from(n).ok(),
        _ => None,
    }
}

impl Register {
    /// Reads every date outside `bounds` as an unreadable cell (a `review` finding where the
    /// rules read it), never as a date in another century (see [`crate::date::DateBounds`]).
    pub fn bound_dates(&mut self, bounds: &crate::date::DateBounds) {
        bounds.days(&mut self.residence_since);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.id.len()
    }
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }
    /// Appends a row given as text.
    pub fn push(&mut self, r: &RegisterRow<'_>) {
        self.id.push_text(r.id_number);
        self.unit_code
            .push(Cell::read(r.unit_code, DivisionCode::parse));
        self.category
            .push(Cell::read(r.category, |t| parse_category(t).ok_or(())));
        self.residence_since
            .push(Cell::read(r.residence_since, |t| {
                crate::date::parse_date(t).ok_or(())
            }));
        self.consent.push(Cell::read(r.consent, |t| {
            crate::person::parse_yes_no(t).ok_or(())
        }));
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        crate::people::header_of(&self.headers, canonical)
    }
    /// Rows per unit (rows without a readable unit code are not counted).
    pub fn rows_per_unit(&self) -> HashMap<DivisionCode, u64> {
        let mut out: HashMap<DivisionCode, u64> = HashMap::new();
        for row in 0..self.len() {
            if let Some(u) = cell_at(&self.unit_code, row).value() {
                *out.entry(u).or_default() += 1;
            }
        }
        out
    }
}
