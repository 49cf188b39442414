//! Findings and outcomes: the results of a check (docs/outputs.md "Findings").
//!
//! A finding is one rule that applies to one person (or one unit), with everything a reviewer
//! needs to see why: the rule's code and severity, a bilingual message, the legal reference,
//! the pack values used with their effective dates, the first day it no longer applies, and
//! the evidence (the record or relation path, with its table and row).

use crate::date::Period;
use crate::division::DivisionCode;
use crate::id::ResidentId;
use crate::roster::{Body, Role};
use crate::rules::Severity;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

mod sink;
pub use sink::Sink;

/// Whom a finding is about: a valid ID number, or the text of one that did not validate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonKey {
    /// A valid number.
    Id(ResidentId),
    /// The cleaned text of an invalid number (shown masked to humans).
    Text(String),
}

impl PersonKey {
    /// The full number (or text), for machine outputs that join back.
    pub fn full(&self) -> String {
        match self {
            PersonKey::Id(id) => id.to_string(),
            PersonKey::Text(t) => t.clone(),
        }
    }
    /// The masked form for humans.
    pub fn masked(&self) -> String {
        match self {
            PersonKey::Id(id) => id.masked(),
            PersonKey::Text(t) => crate::id::mask_text(t),
        }
    }
    /// The form to print: masked unless `show` is set.
    pub fn display(&self, mask: bool) -> String {
        if mask { self.masked() } else { self.full() }
    }
}

impl fmt::Display for PersonKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full())
    }
}

impl Serialize for PersonKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.full())
    }
}

impl<'de> Deserialize<'de> for PersonKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(ResidentId::parse(&s).map_or(PersonKey::Text(s), PersonKey::Id))
    }
}

/// A pack value that a finding used: its name, the value and the day it took effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ParamUse {
    /// The parameter's name in the pack.
    pub name: String,
    /// The value as the pack writes it.
    pub value: String,
    /// The first day of the value.
    pub effective: NaiveDate,
    /// The legal source of the value.
    pub reference: String,
}

/// Why a finding holds: a row of an input table, or a set of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Evidence {
    /// A vetting record.
    Record {
        /// `records`.
        table: &'static str,
        /// The 0-based row.
        row: u32,
        /// The record kind's code (or the unknown label).
        kind: Arc<str>,
        /// The decision date.
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
        /// The end date.
        #[serde(skip_serializing_if = "Option::is_none")]
        end_date: Option<NaiveDate>,
        /// The grade's code.
        #[serde(skip_serializing_if = "Option::is_none")]
        grade: Option<Arc<str>>,
        /// Whether rectified.
        #[serde(skip_serializing_if = "Option::is_none")]
        rectified: Option<bool>,
    },
    /// A cell of a table.
    Cell {
        /// The table.
        table: &'static str,
        /// The 0-based row.
        row: u32,
        /// The column as the table's header spells it.
        column: String,
    },
    /// Several rows of one table (duplicates).
    Rows {
        /// The table.
        table: &'static str,
        /// The 0-based rows.
        rows: Vec<u32>,
    },
    /// A close-relative relation (docs/domain.md §5): the classes in the rule's set and the
    /// shortest path, from the person the finding is about to the other person.
    Relation(Arc<RelationEvidence>),
}

/// How many rows of a group (one person registered N times, one proxy for N principals) the
/// finding on one member lists; the first member's finding lists them all, so that the
/// findings about a group are linear in its size.
pub const GROUP_ROWS_LISTED: usize = 10;

/// The rows the finding on `member` (a row of `group`, in order) lists: every row of the group
/// for its first member; for the others, this row and the group's first rows, at most
/// [`GROUP_ROWS_LISTED`]. The message gives the group's size.
pub fn group_rows(group: &[u32], member: u32) -> Vec<u32> {
    if group.first() == Some(&member) || group.len() <= GROUP_ROWS_LISTED {
        return group.to_vec();
    }
    let mut rows: Vec<u32> = group
        .iter()
        .copied()
        .filter(|r| *r != member)
        .take(GROUP_ROWS_LISTED - 1)
        .collect();
    rows.push(member);
    rows.sort_unstable();
    rows
}

/// The evidence of an avoidance finding (shared, since both persons' findings may carry it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RelationEvidence {
    /// `relations`.
    pub table: &'static str,
    /// The classes that hold and fall in the set (`spouse`, `collateral3`, …).
    pub classes: Vec<&'static str>,
    /// The relation set the rule uses.
    pub set: Arc<str>,
    /// What the other person is to this one, in Chinese (配偶的兄弟).
    pub description_zh: String,
    /// The same in English (spouse's brother).
    pub description_en: String,
    /// The standard kinship term of the other person to this one (岳父), when there is one.
    pub term_zh: Option<String>,
    /// The same in English ("father-in-law (wife's father)").
    pub term_en: Option<String>,
    /// The path, this person first.
    pub path: Vec<EvidenceStep>,
}

/// One person on a relation path and how they are reached from the one before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EvidenceStep {
    /// The person: the full number or `key:<text>` (masked with the other ID numbers), or
    /// `inferred:<what>@row<r>` for a person a compound term on row `r` implies (岳父 → the
    /// wife, `inferred:妻子@row5`).
    pub id_number: String,
    /// How the person is reached (`parent`, `child`, `spouse`, `sibling`); none for the first.
    pub edge: Option<crate::family::Edge>,
    /// The 0-based relations rows that declare the link.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<u32>,
}

/// A finding's message, kept as data and rendered in Chinese and English on demand, so that a
/// run over a province does not format millions of sentences nobody reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Text written out.
    Text {
        /// Chinese.
        zh: Arc<str>,
        /// English.
        en: Arc<str>,
    },
    /// An item needs review for a reason that is the same for every person.
    Review {
        /// The item's code.
        rule: Arc<str>,
        /// What is missing, in Chinese.
        zh: &'static str,
        /// What is missing, in English.
        en: &'static str,
    },
    /// A record that makes an item apply.
    Record(RecordMessage),
    /// Under the minimum age on `as_of`.
    Age {
        /// The age on `as_of`.
        age: u32,
        /// The minimum age.
        min: u32,
        /// The reference date.
        as_of: NaiveDate,
        /// The day the minimum is reached.
        reaches: NaiveDate,
    },
}

/// The facts of a record that makes an item apply: the record kind, its dates and what the
/// item's window made of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordMessage {
    /// The kind's Chinese label.
    pub kind_zh: Arc<str>,
    /// The kind's code.
    pub kind: Arc<str>,
    /// The decision date.
    pub date: Option<NaiveDate>,
    /// What the window says.
    pub window: WindowFact,
}

/// What an item's window made of a record (see [`crate::pack::Window`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowFact {
    /// Any such record applies.
    Always,
    /// Within a period of the record's date, through `last`.
    Within {
        /// The period.
        period: Period,
        /// Its last day.
        last: NaiveDate,
    },
    /// Dated on or after the current term's start.
    Since {
        /// The term's start.
        start: NaiveDate,
    },
    /// A sanction of this grade bars for good.
    Permanent {
        /// The grade's Chinese label.
        grade_zh: Arc<str>,
        /// The grade's code.
        grade: Arc<str>,
    },
    /// A sanction's influence period runs through `last`.
    Influence {
        /// The grade's Chinese label.
        grade_zh: Arc<str>,
        /// The grade's code.
        grade: Arc<str>,
        /// The period.
        period: Period,
        /// Counted from this day (the decision, or the end of probation).
        from: NaiveDate,
        /// Whether `from` is the record's end date (留党察看) rather than its decision date.
        after_end: bool,
        /// The last day.
        last: NaiveDate,
    },
    /// The status holds through its last day.
    ThroughEnd {
        /// The last day.
        end: NaiveDate,
    },
    /// The status holds until an event on `end` ends it.
    UntilEnded {
        /// The day it ends.
        end: NaiveDate,
    },
    /// The status has no end date: it still holds.
    Open,
    /// Not rectified.
    NotRectified,
}

fn kind_en(kind: &str) -> String {
    kind.replace('_', " ")
}

fn zh_period(p: Period) -> String {
    let m = p.in_months();
    if m.is_multiple_of(12) {
        format!("{}年", m / 12)
    } else {
        format!("{m}个月")
    }
}

impl Message {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            Message::Text { zh, .. } => zh.to_string(),
            Message::Review { rule, zh, .. } => format!("{rule}：需复核，{zh}"),
            Message::Age {
                age,
                min,
                as_of,
                reaches,
            } => format!("未满{min}周岁：{as_of}时{age}周岁，{reaches}年满{min}周岁"),
            Message::Record(r) => {
                let on = r.date.map(|d| format!("（{d}）")).unwrap_or_default();
                let k = &r.kind_zh;
                match &r.window {
                    WindowFact::Always => format!("有{k}记录{on}"),
                    WindowFact::Within { period, last } => {
                        format!("{k}记录{on}未满{}，至{last}止", zh_period(*period))
                    }
                    WindowFact::Since { start } => format!("本届任期（{start}起）内有{k}记录{on}"),
                    WindowFact::Permanent { grade_zh, .. } => {
                        format!("{k}（{grade_zh}）{on}，不得担任")
                    }
                    WindowFact::Influence {
                        grade_zh,
                        period,
                        from,
                        after_end: false,
                        last,
                        ..
                    } => {
                        format!(
                            "{k}（{grade_zh}，{from}）影响期{}，至{last}止",
                            zh_period(*period)
                        )
                    }
                    WindowFact::Influence {
                        grade_zh,
                        period,
                        from,
                        after_end: true,
                        last,
                        ..
                    } => {
                        format!(
                            "{k}（{grade_zh}）{from}期满后{}内，至{last}止",
                            zh_period(*period)
                        )
                    }
                    WindowFact::ThroughEnd { end } => format!("{k}{on}期限至{end}止"),
                    WindowFact::UntilEnded { end } => format!("{k}{on}至{end}方解除"),
                    WindowFact::Open => format!("{k}{on}，尚无截止日期"),
                    WindowFact::NotRectified => format!("{k}{on}，尚未整改到位"),
                }
            }
        }
    }

    /// The message in English.
    pub fn en(&self) -> String {
        match self {
            Message::Text { en, .. } => en.to_string(),
            Message::Review { rule, en, .. } => format!("{rule} needs review: {en}"),
            Message::Age {
                age,
                min,
                as_of,
                reaches,
            } => format!("under {min}: aged {age} on {as_of}; turns {min} on {reaches}"),
            Message::Record(r) => {
                let on = r.date.map(|d| format!(" of {d}")).unwrap_or_default();
                let k = kind_en(&r.kind);
                match &r.window {
                    WindowFact::Always => format!("has a {k} record{on}"),
                    WindowFact::Within { period, last } => {
                        format!("{k} record{on} is within {period} (through {last})")
                    }
                    WindowFact::Since { start } => {
                        format!("{k} record{on} in the current term (from {start})")
                    }
                    WindowFact::Permanent { grade, .. } => {
                        format!("{k} ({}){on}: permanent", kind_en(grade))
                    }
                    WindowFact::Influence {
                        grade,
                        period,
                        from,
                        after_end: false,
                        last,
                        ..
                    } => {
                        format!(
                            "{k} ({}, {from}): influence period {period}, through {last}",
                            kind_en(grade)
                        )
                    }
                    WindowFact::Influence {
                        grade,
                        period,
                        from,
                        after_end: true,
                        last,
                        ..
                    } => {
                        format!(
                            "{k} ({}) ended {from}: influence runs {period} more, through {last}",
                            kind_en(grade)
                        )
                    }
                    WindowFact::ThroughEnd { end } => format!("{k}{on} runs through {end}"),
                    WindowFact::UntilEnded { end } => format!("{k}{on} holds until {end}"),
                    WindowFact::Open => format!("{k}{on}, with no end date"),
                    WindowFact::NotRectified => format!("{k}{on}, not rectified"),
                }
            }
        }
    }
}

/// One rule that applies: the unit of every result huanjie gives.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// The rule's stable code (`NEG-03`, `STAT-AGE`, `DATA-ID`, …).
    pub rule: Arc<str>,
    /// How strongly it bars.
    pub severity: Severity,
    /// The person (null for unit-level findings).
    pub id_number: Option<PersonKey>,
    /// The person's 0-based row in `people` (null when they have none).
    pub row: Option<u32>,
    /// The person's first row in `roster`.
    pub roster_row: Option<u32>,
    /// The unit of that roster row.
    pub unit_code: Option<DivisionCode>,
    /// The body of that roster row.
    pub body: Option<Body>,
    /// The role of that roster row.
    pub role: Option<Role>,
    /// The finding, rendered in Chinese and English by [`Finding::message_zh`] and
    /// [`Finding::message_en`].
    pub message: Message,
    /// The legal source.
    pub reference: Arc<str>,
    /// The pack values used, with their effective dates.
    pub parameters: Arc<[ParamUse]>,
    /// For a window: the first day it no longer applies.
    pub eligible_from: Option<NaiveDate>,
    /// What triggered it.
    pub evidence: Option<Evidence>,
}

impl Finding {
    /// The finding in Chinese.
    pub fn message_zh(&self) -> String {
        self.message.zh()
    }
    /// The finding in English.
    pub fn message_en(&self) -> String {
        self.message.en()
    }
}

impl Serialize for Finding {
    /// The fields of docs/outputs.md "Findings", with the messages rendered.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 14)?;
        st.serialize_field("rule", &self.rule)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("id_number", &self.id_number)?;
        st.serialize_field("row", &self.row)?;
        st.serialize_field("roster_row", &self.roster_row)?;
        st.serialize_field("unit_code", &self.unit_code)?;
        st.serialize_field("body", &self.body)?;
        st.serialize_field("role", &self.role)?;
        st.serialize_field("message_zh", &self.message_zh())?;
        st.serialize_field("message_en", &self.message_en())?;
        st.serialize_field("reference", &self.reference)?;
        st.serialize_field("parameters", &self.parameters)?;
        st.serialize_field("eligible_from", &self.eligible_from)?;
        st.serialize_field("evidence", &self.evidence)?;
        st.end()
    }
}

/// Whom the findings are about, copied into each finding.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// The person.
    pub id_number: Option<PersonKey>,
    /// Their row in `people`.
    pub row: Option<u32>,
    /// Their first roster row.
    pub roster_row: Option<u32>,
    /// Its unit.
    pub unit_code: Option<DivisionCode>,
    /// Its body.
    pub body: Option<Body>,
    /// Its role.
    pub role: Option<Role>,
}

impl Subject {
    /// A finding about this person: its rule, severity, message and legal source; no
    /// parameters, window or evidence until the caller adds them.
    pub(crate) fn finding(
        &self,
        rule: Arc<str>,
        severity: Severity,
        message: Message,
        reference: Arc<str>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            id_number: self.id_number.clone(),
            row: self.row,
            roster_row: self.roster_row,
            unit_code: self.unit_code,
            body: self.body,
            role: self.role,
            message,
            reference,
            parameters: Arc::new([]),
            eligible_from: None,
            evidence: None,
        }
    }
}

/// The findings of a run, in order: kept as the chunks that the parallel ranges produced, so
/// that millions of findings are never moved again after they are made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    chunks: Vec<Vec<Finding>>,
}

impl Findings {
    /// Findings from chunks, in order.
    pub fn from_chunks(chunks: Vec<Vec<Finding>>) -> Self {
        Findings {
            chunks: chunks.into_iter().filter(|c| !c.is_empty()).collect(),
        }
    }
    /// Every finding, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Finding> + Clone {
        self.chunks.iter().flatten()
    }
    /// How many there are.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(Vec::is_empty)
    }
    /// The `i`-th finding.
    pub fn get(&self, mut i: usize) -> Option<&Finding> {
        for c in &self.chunks {
            if i < c.len() {
                return c.get(i);
            }
            i -= c.len();
        }
        None
    }
    /// Moves the findings of `other` to the end.
    pub fn append(&mut self, other: Findings) {
        self.chunks.extend(other.chunks);
    }
    /// Appends findings at the end.
    pub fn extend(&mut self, more: Vec<Finding>) {
        if !more.is_empty() {
            self.chunks.push(more);
        }
    }
    /// All findings in one vector (a copy).
    pub fn to_vec(&self) -> Vec<Finding> {
        self.iter().cloned().collect()
    }
}

impl From<Vec<Finding>> for Findings {
    fn from(v: Vec<Finding>) -> Self {
        Findings::from_chunks(vec![v])
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<Finding>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}

impl Serialize for Findings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A person's outcome (docs/domain.md §4): decided by the most severe finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// No finding bars the person.
    Eligible,
    /// A `cannot` or `should_not` finding applies.
    Ineligible,
    /// No item bars, but a human must decide.
    NeedsReview,
}

impl OutcomeKind {
    /// `eligible`, `ineligible`, `needs_review`.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Eligible => "eligible",
            OutcomeKind::Ineligible => "ineligible",
            OutcomeKind::NeedsReview => "needs_review",
        }
    }
    /// 可以参选, 不能参选, 需复核.
    pub fn label_zh(self) -> &'static str {
        match self {
            OutcomeKind::Eligible => "可以参选",
            OutcomeKind::Ineligible => "不能参选",
            OutcomeKind::NeedsReview => "需复核",
        }
    }
    /// The outcome that findings of these severities give.
    pub fn from_severities(severities: impl IntoIterator<Item = Severity>) -> OutcomeKind {
        let mut out = OutcomeKind::Eligible;
        for s in severities {
            match s {
                Severity::Cannot | Severity::ShouldNot => return OutcomeKind::Ineligible,
                Severity::Review => out = OutcomeKind::NeedsReview,
                Severity::Warning => {}
            }
        }
        out
    }
}

/// The outcome for one person vetted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Outcome {
    /// The person.
    pub id_number: Option<PersonKey>,
    /// The 0-based row in `people` (null when the person has none).
    pub row: Option<u32>,
    /// The first roster row.
    pub roster_row: Option<u32>,
    /// The unit of that roster row.
    pub unit_code: Option<DivisionCode>,
    /// eligible / ineligible / needs_review.
    pub outcome: OutcomeKind,
    /// The codes of every rule found, sorted, each once.
    pub rules: Vec<Arc<str>>,
    /// Whether a `should_not` (不宜) finding applies.
    pub should_not: bool,
    /// For an ineligible person barred only by windows: the first day every one has passed.
    pub eligible_from: Option<NaiveDate>,
}
