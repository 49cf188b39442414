//! The `relations` table (docs/tables.md): family facts as the Chinese forms write them
//! (家庭成员及主要社会关系) — `person`, `relative`, and `relation`, what the relative is **to the
//! person** — with the tie's lineage (blood, adoptive, step) and a marriage's dates.

use super::terms::RelationWord;
use crate::id::ResidentId;
use crate::people::Cell;
use crate::person::Sex;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// The texts of the `key:` persons of a relations table, each once, with an index by text.
#[derive(Debug, Clone, Default)]
pub struct KeyTable {
    texts: Vec<String>,
    /// Text hash → index (a full 64-bit hash; a collision moves to the next free value).
    index: HashMap<u64, u32, BuildHasherDefault<crate::hash::IdHasher>>,
}

/// A fast hash of a key text, eight bytes at a time.
fn text_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ text.len() as u64;
    for chunk in text.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    h ^ (h >> 31)
}

impl KeyTable {
    /// The index of a key text, added when new.
    pub fn intern(&mut self, key: &str) -> u32 {
        let mut h = text_hash(key);
        loop {
            match self.index.get(&h) {
                Some(&i) if self.texts[i as usize] == key => return i,
                Some(_) => h = h.wrapping_add(0x9e37_79b9_7f4a_7c15),
                None => {
                    let i = self.texts.len() as u32;
                    self.texts.push(key.to_string());
                    self.index.insert(h, i);
                    return i;
                }
            }
        }
    }
    /// The index of a key text, if present.
    pub fn find(&self, key: &str) -> Option<u32> {
        let mut h = text_hash(key);
        loop {
            match self.index.get(&h) {
                Some(&i) if self.texts[i as usize] == key => return Some(i),
                Some(_) => h = h.wrapping_add(0x9e37_79b9_7f4a_7c15),
                None => return None,
            }
        }
    }
    /// The text of a key (empty if out of range).
    pub fn text(&self, i: u32) -> &str {
        self.texts.get(i as usize).map_or("", |s| s)
    }
    /// The number of keys.
    pub fn len(&self) -> usize {
        self.texts.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// A person in the family graph: a valid resident ID number, or an opaque key (`key:<text>`)
/// for someone whose number is not known (a deceased grandparent linking two cousins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kin {
    /// A valid resident ID number.
    Id(ResidentId),
    /// The index of a `key:` text in [`Relations::keys`].
    Key(u32),
}

impl std::hash::Hash for Kin {
    /// One word: an ID number's 17-digit body (below 2^57), or a key's index with the top bit.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(match self {
            Kin::Id(id) => id.body(),
            Kin::Key(k) => (1 << 63) | u64::from(*k),
        });
    }
}

/// A column of persons, one word per cell (a province's relations table has tens of millions):
/// an ID number's 17-digit body, a key's index with the top bit set, or a sentinel for an empty
/// or unreadable cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KinColumn(Vec<u64>);

const KEY_BIT: u64 = 1 << 63;
const MISSING: u64 = u64::MAX;
const INVALID: u64 = u64::MAX - 1;

impl KinColumn {
    /// Appends a cell.
    pub fn push(&mut self, cell: Cell<Kin>) {
        self.0.push(match cell {
            Cell::Value(Kin::Id(id)) => id.body(),
            Cell::Value(Kin::Key(k)) => KEY_BIT | u64::from(k),
            Cell::Missing => MISSING,
            Cell::Invalid => INVALID,
        });
    }
    /// The cell at row `r` (missing past the end).
    pub fn get(&self, r: usize) -> Cell<Kin> {
        match self.0.get(r).copied() {
            None | Some(MISSING) => Cell::Missing,
            Some(INVALID) => Cell::Invalid,
            Some(w) if w & KEY_BIT != 0 => Cell::Value(Kin::Key((w & !KEY_BIT) as u32)),
            Some(w) => Cell::Value(Kin::Id(ResidentId::from_valid_body(w))),
        }
    }
    /// The word of row `r` when it names a person (an ID body, or a key with the top bit).
    pub fn word(&self, r: usize) -> Option<u64> {
        self.0.get(r).copied().filter(|&w| w < INVALID)
    }
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Room for more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.0.reserve(rows);
    }
}

pub use crate::family::{Lineage, Tie};

/// A `relation` (称谓) cell: the tie, the relative's sex when the word gives it, and a lineage
/// when the word carries one (养父 is adoptive, 继母 is step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelationLabel {
    /// What the relative is to the person.
    pub tie: Tie,
    /// The relative's sex, when the word says it.
    pub sex: Option<Sex>,
    /// The lineage the word carries, if any.
    pub lineage: Option<Lineage>,
}

impl RelationLabel {
    /// Reads a word of one direct tie (英文 code or 称谓), with an optional 养/继 prefix, from
    /// the kinship vocabulary; a term for a relative further away (岳父) is
    /// [`RelationLabelError::Indirect`] here — the `relations` table reads it whole.
    pub fn parse(label: &str) -> Result<RelationLabel, RelationLabelError> {
        let vocab = super::terms::vocabulary();
        let word = vocab.read(label).ok_or(RelationLabelError::Unknown)?;
        match vocab.readings(u32::from(word.word)) {
            [one] => {
                let chain = &vocab.entry(*one).ok_or(RelationLabelError::Unknown)?.chain;
                match chain.links.as_slice() {
                    [link] => Ok(RelationLabel {
                        tie: link.tie,
                        sex: link.sex,
                        lineage: word.lineage,
                    }),
                    _ => Err(RelationLabelError::Indirect),
                }
            }
            _ => Err(RelationLabelError::Indirect),
        }
    }
}

/// Why a relation word cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RelationLabelError {
    /// Not a term of the kinship vocabulary.
    #[error(
        "称谓不在亲属称谓表中（可加养、继前缀） not a kinship term huanjie knows (see docs/kinship-terms.md; 养/继 prefixes allowed)"
    )]
    Unknown,
    /// A term for a relative further away than one tie (祖父, 儿媳), asked of
    /// [`RelationLabel::parse`], which reads one tie only.
    #[error(
        "该称谓不止一层亲属关系（如儿媳 = 儿子的妻子） names a relative further away than one tie (e.g. 儿媳 = the son's wife)"
    )]
    Indirect,
}

/// The `relations` table as typed columns. Persons are interned: a valid number is a
/// [`Kin::Id`], a `key:` text an index into [`Relations::keys`].
#[derive(Debug, Clone, Default)]
pub struct Relations {
    /// person (本人).
    pub person: KinColumn,
    /// relative (亲属).
    pub relative: KinColumn,
    /// relation (称谓): what the relative is to the person, a word of the kinship vocabulary.
    pub relation: Vec<Cell<RelationWord>>,
    /// Why a `relation` cell could not be read (rows with `Cell::Invalid`).
    pub relation_errors: BTreeMap<usize, RelationLabelError>,
    /// kind (类别): blood, adoptive, step.
    pub kind: Vec<Cell<Lineage>>,
    /// start_date (结婚日期): the marriage began.
    pub start_date: Vec<Cell<NaiveDate>>,
    /// end_date (离婚日期): the marriage ended; it no longer counts from that day.
    pub end_date: Vec<Cell<NaiveDate>>,
    /// The texts of `key:` persons (without the prefix), shared with the graph built from it.
    pub keys: Arc<KeyTable>,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
}

/// One relations row given as text, for Rust programs without the table layer.
#[derive(Debug, Clone, Default)]
pub struct RelationRow<'a> {
    /// person: an ID number or `key:<text>`.
    pub person: Option<&'a str>,
    /// relative: an ID number or `key:<text>`.
    pub relative: Option<&'a str>,
    /// relation (称谓).
    pub relation: Option<&'a str>,
    /// kind (类别).
    pub kind: Option<&'a str>,
    /// start_date.
    pub start_date: Option<&'a str>,
    /// end_date.
    pub end_date: Option<&'a str>,
}

impl Relations {
    /// Reads every date outside `bounds` as an unreadable cell (a `review` finding where the
    /// rules read it), never as a date in another century (see [`crate::date::DateBounds`]).
    pub fn bound_dates(&mut self, bounds: &crate::date::DateBounds) {
        bounds.days(&mut self.start_date);
        bounds.days(&mut self.end_date);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.person.len()
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.person.is_empty()
    }
    /// Reads a person cell: `key:<text>`, an ID number, empty, or invalid.
    pub fn kin_cell(&mut self, text: Option<&str>) -> Cell<Kin> {
        let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Cell::Missing;
        };
        match t
            .strip_prefix("key:")
            .or_else(|| t.strip_prefix("KEY:"))
            .or_else(|| t.strip_prefix("key："))
        {
            Some(k) => Cell::Value(Kin::Key(self.intern(k.trim()))),
            None => ResidentId::parse(t).map_or(Cell::Invalid, |id| Cell::Value(Kin::Id(id))),
        }
    }
    /// The index of a key text, added when new.
    pub fn intern(&mut self, key: &str) -> u32 {
        Arc::make_mut(&mut self.keys).intern(key)
    }
    /// The index of a key text, when some row uses it.
    pub fn key_of(&self, key: &str) -> Option<u32> {
        self.keys.find(key)
    }
    /// Room for `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.person.reserve(rows);
        self.relative.reserve(rows);
        self.relation.reserve(rows);
    }
    /// Appends a relation cell from its text.
    pub fn push_relation(&mut self, text: Option<&str>) {
        let row = self.relation.len();
        let cell = match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Cell::Missing,
            Some(t) => match super::terms::vocabulary().read(t) {
                Some(w) => Cell::Value(w),
                None => {
                    self.relation_errors
                        .insert(row, RelationLabelError::Unknown);
                    Cell::Invalid
                }
            },
        };
        self.relation.push(cell);
    }
    /// Appends a row given as text.
    pub fn push(&mut self, row: &RelationRow<'_>) {
        let p = self.kin_cell(row.person);
        let r = self.kin_cell(row.relative);
        self.person.push(p);
        self.relative.push(r);
        self.push_relation(row.relation);
        self.kind
            .push(Cell::read(row.kind, |t| Lineage::parse(t).ok_or(())));
        let day = |t: Option<&str>| {
            Cell::read(t, |s| match crate::date::parse_date_text(s, false) {
                Some(crate::date::PartialDate::Day(d)) => Ok(d),
                _ => Err(()),
            })
        };
        self.start_date.push(day(row.start_date));
        self.end_date.push(day(row.end_date));
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        self.headers
            .get(canonical)
            .cloned()
            .unwrap_or_else(|| canonical.to_string())
    }
    /// The full text of a person: the 18-character number or `key:<text>`.
    pub fn kin_text(&self, kin: Kin) -> String {
        match kin {
            Kin::Id(id) => id.to_string(),
            Kin::Key(k) => format!("key:{}", self.keys.text(k)),
        }
    }
    /// The text of a person for humans: a masked number, or the key with all but its first
    /// character hidden (keys are often names).
    pub fn kin_masked(&self, kin: Kin) -> String {
        match kin {
            Kin::Id(id) => id.masked(),
            Kin::Key(k) => {
                let text = self.keys.text(k);
                let mut chars = text.chars();
                match chars.next() {
                    Some(c) => format!("key:{c}{}", "*".repeat(chars.count())),
                    None => "key:".into(),
                }
            }
        }
    }
    /// Reads a person given as text (an ID number or `key:<text>`) without adding keys.
    pub fn lookup(&self, text: &str) -> Option<Kin> {
        let t = text.trim();
        match t.strip_prefix("key:") {
            Some(k) => self.key_of(k.trim()).map(Kin::Key),
            None => ResidentId::parse(t).ok().map(Kin::Id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let l = RelationLabel::parse("父亲").unwrap();
        assert_eq!(
            (l.tie, l.sex, l.lineage),
            (Tie::Parent, Some(Sex::Male), None)
        );
        let l = RelationLabel::parse("养女").unwrap();
        assert_eq!(
            (l.tie, l.sex, l.lineage),
            (Tie::Child, Some(Sex::Female), Some(Lineage::Adoptive))
        );
        let l = RelationLabel::parse("继母").unwrap();
        assert_eq!(
            (l.tie, l.sex, l.lineage),
            (Tie::Parent, Some(Sex::Female), Some(Lineage::Step))
        );
        let l = RelationLabel::parse("Step-Father").unwrap();
        assert_eq!(l.sex, Some(Sex::Male));
        assert_eq!((l.tie, l.lineage), (Tie::Parent, Some(Lineage::Step)));
        assert_eq!(RelationLabel::parse("Sibling").unwrap().tie, Tie::Sibling);
        assert_eq!(
            RelationLabel::parse("儿媳"),
            Err(RelationLabelError::Indirect)
        );
        assert_eq!(
            RelationLabel::parse("朋友"),
            Err(RelationLabelError::Unknown)
        );
    }

    #[test]
    fn keys_are_interned_and_masked() {
        let mut r = Relations::default();
        let a = r.kin_cell(Some("key:张老三"));
        let b = r.kin_cell(Some(" key:张老三 "));
        assert_eq!(a, b);
        let Cell::Value(k) = a else { panic!() };
        assert_eq!(r.kin_text(k), "key:张老三");
        assert_eq!(r.kin_masked(k), "key:张**");
        assert_eq!(r.kin_cell(Some("12345")), Cell::Invalid);
        assert_eq!(r.kin_cell(Some("  ")), Cell::Missing);
    }
}
