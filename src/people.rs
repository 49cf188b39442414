//! The `people` table as typed columns (docs/tables.md): one row per person.
//!
//! Both front ends fill these columns — the table layer from Arrow, Rust programs through
//! [`People::push`] — so the rules never see a `String` per cell.

use crate::date::PartialDate;
use crate::id::{IdError, ResidentId};
use crate::person::{Education, Ethnicity, Party, Sex};
use std::collections::BTreeMap;

pub use crate::cells::{Cell, cell_at};

/// The header a table used for a canonical column, or the canonical name when it had none.
pub(crate) fn header_of(headers: &BTreeMap<String, String>, canonical: &str) -> String {
    headers
        .get(canonical)
        .cloned()
        .unwrap_or_else(|| canonical.to_string())
}

/// An ID number cell: a valid number, or why it is not one (`Empty` when missing).
pub type IdCell = Result<ResidentId, IdError>;

/// The ID column of a table, with the cleaned text of the invalid numbers kept aside so that
/// results can name them for joining back (they are never put into error messages).
#[derive(Debug, Clone, Default)]
pub struct IdColumn {
    /// One cell per row.
    pub cells: Vec<IdCell>,
    /// The text of rows whose number is not valid (not empty).
    pub invalid_text: BTreeMap<usize, String>,
    /// Rows whose number a spreadsheet stored as a number (`6.40121198006210E+17`,
    /// `640121198006210000`): the 15 leading digits it kept, by row.
    pub numeric: BTreeMap<usize, u64>,
}

/// The 15 leading digits of an ID number a spreadsheet stored as a number: scientific
/// notation of an 18-digit number (`6.40121198006210E+17`, `6.4012119800621e17`) or 18 digits
/// ending in the zeros that replaced the last ones (`640121198006210000`). `None` for anything
/// else.
pub fn numeric_id_prefix(text: &str) -> Option<u64> {
    let t = text.trim();
    let digits: String = match t.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            let exponent: i32 = exponent.trim_start_matches('+').parse().ok()?;
            let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
            if int.len() != 1 || exponent != 17 {
                return None;
            }
            let mut d = format!("{int}{frac}");
            if d.len() > 18 || !d.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            while d.len() < 18 {
                d.push('0');
            }
            d
        }
        None if t.len() == 18 && t.bytes().all(|b| b.is_ascii_digit()) && t.ends_with("000") => {
            t.to_string()
        }
        None => return None,
    };
    digits.get(..15)?.parse().ok()
}

impl IdColumn {
    /// Matches the rows whose number a spreadsheet stored as a number (`numeric`) on the 15
    /// digits it kept against the valid numbers of `persons`: a row that fits one person
    /// becomes theirs; one that fits several or none stays invalid. Returns every row's
    /// matches (for the DATA-ID-NUMERIC findings).
    pub fn attribute_numeric(&mut self, persons: &IdColumn) -> BTreeMap<usize, Vec<ResidentId>> {
        let mut out = BTreeMap::new();
        if self.numeric.is_empty() {
            return out;
        }
        let wanted: std::collections::HashSet<u64> = self.numeric.values().copied().collect();
        let mut by_prefix: std::collections::HashMap<u64, Vec<ResidentId>> =
            std::collections::HashMap::new();
        for id in persons.cells.iter().flatten() {
            // (the first 15 of the 18 characters: the 17-digit body without its last two)
            let prefix = id.to_u64() / 100;
            if wanted.contains(&prefix) {
                let ids = by_prefix.entry(prefix).or_default();
                if !ids.contains(id) {
                    ids.push(*id);
                }
            }
        }
        for (&row, prefix) in &self.numeric {
            let matches = by_prefix.get(prefix).cloned().unwrap_or_default();
            if let ([one], Some(cell)) = (matches.as_slice(), self.cells.get_mut(row)) {
                *cell = Ok(*one);
            }
            out.insert(row, matches);
        }
        out
    }

    /// Appends one cell from its text.
    pub fn push_text(&mut self, text: Option<&str>) {
        let cell = text.map_or(Err(IdError::Empty), ResidentId::parse);
        self.push(cell, text);
    }
    /// Appends a parsed cell; the text of an invalid number is kept for the results.
    pub fn push(&mut self, cell: IdCell, text: Option<&str>) {
        if let (Err(e), Some(t)) = (&cell, text)
            && *e != IdError::Empty
        {
            self.invalid_text
                .insert(self.cells.len(), t.trim().to_string());
        }
        self.cells.push(cell);
    }
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.cells.len()
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// The `people` table: id_number, sex, birth_date, ethnicity, education, party,
/// finance_skill. Optional columns that the table lacks are empty vectors.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// id_number (身份证号码).
    pub id: IdColumn,
    /// sex (性别) — optional; the ID wins on conflict.
    pub sex: Vec<Cell<Sex>>,
    /// birth_date (出生日期) — optional, may give only the month.
    pub birth_date: Vec<Cell<PartialDate>>,
    /// ethnicity (民族).
    pub ethnicity: Vec<Cell<Ethnicity>>,
    /// education (文化程度).
    pub education: Vec<Cell<Education>>,
    /// party (政治面貌).
    pub party: Vec<Cell<Party>>,
    /// finance_skill (财会知识).
    pub finance_skill: Vec<Cell<bool>>,
    /// The table's own header for each canonical column present, for messages.
    pub headers: BTreeMap<String, String>,
}

/// A name masked for human-readable output: the first and the last character kept (马*强,
/// 欧阳**华; two characters: 马*).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.as_slice() {
        [] => String::new(),
        [one] | [one, _] => format!("{one}*"),
        [first, middle @ .., last] => {
            let mut s = String::with_capacity(name.len());
            s.push(*first);
            s.extend(std::iter::repeat_n('*', middle.len().max(1)));
            s.push(*last);
            s
        }
    }
}

/// One person given as text, for Rust programs without the table layer.
#[derive(Debug, Clone, Default)]
pub struct PersonRow<'a> {
    /// id_number.
    pub id_number: Option<&'a str>,
    /// sex label.
    pub sex: Option<&'a str>,
    /// birth date text.
    pub birth_date: Option<&'a str>,
    /// ethnicity label or code.
    pub ethnicity: Option<&'a str>,
    /// education label.
    pub education: Option<&'a str>,
    /// party label.
    pub party: Option<&'a str>,
    /// yes/no.
    pub finance_skill: Option<&'a str>,
}

impl People {
    /// Reads every date outside `bounds` as an unreadable cell (a `review` finding where the
    /// rules read it), never as a date in another century (see [`crate::date::DateBounds`]).
    pub fn bound_dates(&mut self, bounds: &crate::date::DateBounds) {
        for c in &mut self.birth_date {
            *c = bounds.birth(*c);
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.id.len()
    }
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }
    /// Appends a row given as text (every column present).
    pub fn push(&mut self, row: &PersonRow<'_>) {
        self.id.push_text(row.id_number);
        self.sex.push(Cell::read(row.sex, Sex::parse));
        self.birth_date.push(Cell::read(row.birth_date, |t| {
            crate::date::parse_date_text(t, true).ok_or(())
        }));
        self.ethnicity
            .push(Cell::read(row.ethnicity, Ethnicity::parse));
        self.education
            .push(Cell::read(row.education, Education::parse));
        self.party.push(Cell::read(row.party, Party::parse));
        self.finance_skill.push(Cell::read(row.finance_skill, |t| {
            crate::person::parse_yes_no(t).ok_or(())
        }));
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        crate::people::header_of(&self.headers, canonical)
    }
}
