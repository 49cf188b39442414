//! The `relations` table (docs/tables.md): family facts as the Chinese forms write them
//! (家庭成员及主要社会关系) — `person`, `relative`, and `relation`, what the relative is **to the
//! person** — with the tie's lineage (blood, adoptive, step) and a marriage's dates.

use crate::id::ResidentId;
use crate::people::Cell;
use crate::person::Sex;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
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

/// What the relative is to the person: the four declared facts of docs/domain.md §5.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tie {
    /// The relative is the person's parent (父亲, 母亲).
    Parent,
    /// The relative is the person's child (儿子, 女儿).
    Child,
    /// The relative is the person's spouse (丈夫, 妻子).
    Spouse,
    /// The relative is the person's sibling (兄弟姐妹); their parents need not be known.
    Sibling,
}

/// How a parent–child or sibling tie came about (民法典 arts. 1072, 1111).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Lineage {
    /// By birth (血亲) — the default.
    #[default]
    Blood,
    /// By adoption (养): full legal kinship, 拟制血亲 (民法典 art. 1111).
    Adoptive,
    /// A supported step relation (继): links only the step-parent and the step-child
    /// (民法典 art. 1072), one step, not through to anyone else.
    Step,
}

impl Lineage {
    /// Reads `blood`/`adoptive`/`step` or 血亲/亲生, 养/收养, 继.
    pub fn parse(label: &str) -> Option<Lineage> {
        match label.trim().to_lowercase().as_str() {
            "blood" | "血亲" | "亲生" | "自然血亲" | "生" => Some(Lineage::Blood),
            "adoptive" | "adopted" | "adoption" | "养" | "收养" | "养父母" | "拟制血亲" => {
                Some(Lineage::Adoptive)
            }
            "step" | "继" | "继亲" | "继父母" | "有扶养关系的继父母子女" => {
                Some(Lineage::Step)
            }
            _ => None,
        }
    }
    /// `blood`, `adoptive`, `step`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lineage::Blood => "blood",
            Lineage::Adoptive => "adoptive",
            Lineage::Step => "step",
        }
    }
}

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

const M: Option<Sex> = Some(Sex::Male);
const F: Option<Sex> = Some(Sex::Female);

/// The words of the forms and their English codes. Words naming a relative two steps away
/// (祖父, 儿媳, 岳母) are not direct facts: [`RelationLabel::parse`] names them in its error.
const LABELS: &[(&str, Tie, Option<Sex>)] = &[
    ("parent", Tie::Parent, None),
    ("father", Tie::Parent, M),
    ("mother", Tie::Parent, F),
    ("父母", Tie::Parent, None),
    ("父亲", Tie::Parent, M),
    ("母亲", Tie::Parent, F),
    ("父", Tie::Parent, M),
    ("母", Tie::Parent, F),
    ("爸爸", Tie::Parent, M),
    ("妈妈", Tie::Parent, F),
    ("child", Tie::Child, None),
    ("son", Tie::Child, M),
    ("daughter", Tie::Child, F),
    ("子女", Tie::Child, None),
    ("儿子", Tie::Child, M),
    ("女儿", Tie::Child, F),
    ("子", Tie::Child, M),
    ("女", Tie::Child, F),
    ("长子", Tie::Child, M),
    ("次子", Tie::Child, M),
    ("三子", Tie::Child, M),
    ("长女", Tie::Child, F),
    ("次女", Tie::Child, F),
    ("三女", Tie::Child, F),
    ("spouse", Tie::Spouse, None),
    ("husband", Tie::Spouse, M),
    ("wife", Tie::Spouse, F),
    ("配偶", Tie::Spouse, None),
    ("丈夫", Tie::Spouse, M),
    ("妻子", Tie::Spouse, F),
    ("夫", Tie::Spouse, M),
    ("妻", Tie::Spouse, F),
    ("爱人", Tie::Spouse, None),
    ("sibling", Tie::Sibling, None),
    ("brother", Tie::Sibling, M),
    ("sister", Tie::Sibling, F),
    ("兄弟姐妹", Tie::Sibling, None),
    ("兄弟", Tie::Sibling, M),
    ("姐妹", Tie::Sibling, F),
    ("哥哥", Tie::Sibling, M),
    ("弟弟", Tie::Sibling, M),
    ("姐姐", Tie::Sibling, F),
    ("妹妹", Tie::Sibling, F),
    ("兄", Tie::Sibling, M),
    ("弟", Tie::Sibling, M),
    ("姐", Tie::Sibling, F),
    ("妹", Tie::Sibling, F),
];

/// Words for relatives two steps away, which the table must write through the person between.
const INDIRECT: &[&str] = &[
    "祖父",
    "祖母",
    "外祖父",
    "外祖母",
    "爷爷",
    "奶奶",
    "外公",
    "外婆",
    "孙子",
    "孙女",
    "外孙",
    "外孙女",
    "儿媳",
    "女婿",
    "公公",
    "婆婆",
    "岳父",
    "岳母",
    "叔叔",
    "伯父",
    "舅舅",
    "姑姑",
    "姨",
    "侄子",
    "侄女",
    "外甥",
    "外甥女",
    "嫂子",
    "弟媳",
    "姐夫",
    "妹夫",
];

impl RelationLabel {
    /// Reads a relation word (英文 code or 称谓), with an optional 养/继 prefix.
    pub fn parse(label: &str) -> Result<RelationLabel, RelationLabelError> {
        let t = label.trim();
        let lower = t.to_lowercase();
        let (lineage, rest) = if let Some(r) = t.strip_prefix('养') {
            (Some(Lineage::Adoptive), r)
        } else if let Some(r) = t.strip_prefix('继') {
            (Some(Lineage::Step), r)
        } else if let Some(r) = lower.strip_prefix("adoptive ") {
            (Some(Lineage::Adoptive), r)
        } else if let Some(r) = lower.strip_prefix("step") {
            (Some(Lineage::Step), r.trim_start_matches(['-', ' ']))
        } else {
            (None, lower.as_str())
        };
        // 养子/养女/继子/继女: the single characters 子/女 after the prefix.
        LABELS
            .iter()
            .find(|(w, ..)| *w == rest)
            .map(|&(_, tie, sex)| RelationLabel { tie, sex, lineage })
            .ok_or(if INDIRECT.contains(&t) {
                RelationLabelError::Indirect
            } else {
                RelationLabelError::Unknown
            })
    }
}

/// Why a relation word cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RelationLabelError {
    /// Not a word of the four direct ties.
    #[error(
        "称谓无法识别：请用父亲/母亲/儿子/女儿/丈夫/妻子/兄弟姐妹（可加养、继） not a relation huanjie knows: use parent/child/spouse/sibling or 父亲/母亲/儿子/女儿/丈夫/妻子/兄弟姐妹 (养/继 prefixes allowed)"
    )]
    Unknown,
    /// A relative two steps away (祖父, 儿媳): write it through the person between.
    #[error(
        "该称谓隔了一层亲属，请经中间人分两行填写（如儿媳 = 儿子的妻子） names a relative two steps away; enter it as two rows through the person between (e.g. 儿媳 = the son's wife), using key:<text> for someone without an ID number"
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
    /// relation (称谓): what the relative is to the person.
    pub relation: Vec<Cell<RelationLabel>>,
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
            Some(t) => match RelationLabel::parse(t) {
                Ok(l) => Cell::Value(l),
                Err(e) => {
                    self.relation_errors.insert(row, e);
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
        assert_eq!((l.tie, l.sex, l.lineage), (Tie::Parent, M, None));
        let l = RelationLabel::parse("养女").unwrap();
        assert_eq!(
            (l.tie, l.sex, l.lineage),
            (Tie::Child, F, Some(Lineage::Adoptive))
        );
        let l = RelationLabel::parse("继母").unwrap();
        assert_eq!(
            (l.tie, l.sex, l.lineage),
            (Tie::Parent, F, Some(Lineage::Step))
        );
        let l = RelationLabel::parse("Step-Father").unwrap();
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
