//! The report's parts: its numbers with their sources, its paragraphs, the inputs and the
//! options (the precision of each sentence).

use crate::check::ScreenedOut;
use crate::division::{DivisionCode, Level};
use crate::nominate::NominationReport;
use crate::stats::{Change, KindFilter, StatsReport};
use chrono::NaiveDate;
use serde::Serialize;

/// The results a report is made from.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ReportInputs<'a> {
    /// The statistics of this term (`StatsResult::report`).
    pub stats: &'a StatsReport,
    /// Each figure against the previous term's (`StatsResult::changes`); `None` when no
    /// previous term was given: the sentences on the change are left out.
    pub changes: Option<&'a [Change]>,
    /// The joint review's screened-out persons (`CheckReport::screened_out`); `None`: the
    /// review's sentence is left out.
    pub screened: Option<&'a ScreenedOut>,
    /// The count of nominations (its participation totals); `None`: the nomination sentence
    /// is left out.
    pub nominations: Option<&'a NominationReport>,
}

impl<'a> ReportInputs<'a> {
    /// The statistics alone (no previous term, no review, no nominations).
    pub fn new(stats: &'a StatsReport) -> Self {
        ReportInputs {
            stats,
            changes: None,
            screened: None,
            nominations: None,
        }
    }
}

/// The decimals of each sentence's numbers; the default is the seed report's (宁夏民政厅,
/// 2021-04-20): percentages to one decimal, women directors to two (9.83%), voters in whole
/// 万 (272万), nominators to a tenth of 万 (4.8万), running funds in whole 万 (11万).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Precision {
    /// 参选率 (percent).
    pub participation: u32,
    /// “一肩挑”比例 (percent).
    pub one_shoulder: u32,
    /// Women among committee members (percent).
    pub women_members: u32,
    /// Women among directors (percent; the seed writes 9.83%).
    pub women_directors: u32,
    /// Education shares (percent).
    pub education: u32,
    /// Age: the mean in years, and the age bands' shares in percent.
    pub age: u32,
    /// Voters who took part, in 万 (0: 272万).
    pub voters_wan: u32,
    /// Nominators, in 万 (1: 4.8万).
    pub nominators_wan: u32,
    /// Running funds, in 万元 (0: 11万元).
    pub funds_wan: u32,
    /// Whether trailing zeros of a decimal are dropped (90.0% → 90%, as the seed writes).
    pub trim_zeros: bool,
}

impl Default for Precision {
    fn default() -> Self {
        Precision {
            participation: 1,
            one_shoulder: 1,
            women_members: 1,
            women_directors: 2,
            education: 1,
            age: 1,
            voters_wan: 0,
            nominators_wan: 1,
            funds_wan: 0,
            trim_zeros: true,
        }
    }
}

impl Precision {
    /// Sets one sentence's decimals by name (`participation`, `one_shoulder`,
    /// `women_members`, `women_directors`, `education`, `age`, `voters_wan`,
    /// `nominators_wan`, `funds_wan`); `false` for an unknown name or more than 6 decimals.
    pub fn set(&mut self, name: &str, decimals: u32) -> bool {
        if decimals > 6 {
            return false;
        }
        let slot = match name {
            "participation" => &mut self.participation,
            "one_shoulder" => &mut self.one_shoulder,
            "women_members" => &mut self.women_members,
            "women_directors" => &mut self.women_directors,
            "education" => &mut self.education,
            "age" => &mut self.age,
            "voters_wan" => &mut self.voters_wan,
            "nominators_wan" => &mut self.nominators_wan,
            "funds_wan" => &mut self.funds_wan,
            _ => return false,
        };
        *slot = decimals;
        true
    }
}

/// What the report is written for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportOptions {
    /// The day the statistics were taken on (the election day where the units table gives
    /// none); printed in the report's head.
    pub as_of: NaiveDate,
    /// The previous term's day, when the change is reported.
    pub previous_as_of: Option<NaiveDate>,
    /// The group reported on; `None`: the highest level present (the province).
    pub code: Option<DivisionCode>,
    /// The decimals of each sentence.
    pub precision: Precision,
}

impl ReportOptions {
    /// The province (the highest level present), at the seed's precision.
    pub fn new(as_of: NaiveDate) -> Self {
        ReportOptions {
            as_of,
            previous_as_of: None,
            code: None,
            precision: Precision::default(),
        }
    }
}

/// One number printed in the report, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ReportNumber {
    /// The number as printed ("272万", "90%", "959").
    pub number: String,
    /// The statistics figure (`participation`, `one_shoulder` …, see `stats::FIGURES`), or
    /// the source of a number that is no figure (`screened_out.negative_list`,
    /// `nominations.representatives`).
    pub figure: String,
    /// The group's level (`None` for a source that is no figure of a group).
    pub level: Option<Level>,
    /// The group's code.
    pub code: Option<DivisionCode>,
    /// Which units.
    pub kind: Option<KindFilter>,
    /// The numerator (a count: the count itself).
    pub num: u64,
    /// The denominator (`None` for a plain count that has none).
    pub den: Option<u64>,
    /// For a change against the previous term: the previous term's numerator.
    pub previous_num: Option<u64>,
    /// For a change against the previous term: the previous term's denominator.
    pub previous_den: Option<u64>,
    /// How the number is read from num and den ("num ÷ den in percent, half up at 1 decimal").
    pub reading: String,
}

/// A piece of a paragraph: text, or the number at an index of [`Report::numbers`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Words.
    Text(String),
    /// A number (its index in the report's numbers).
    Number(usize),
}

/// One paragraph of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Paragraph {
    /// What it is about: `units`, `voters`, `one_shoulder`, `women`, `education_age`,
    /// `review`, `nomination`, `round`, `change`.
    pub topic: &'static str,
    /// Its words and numbers, in order.
    pub segments: Vec<Segment>,
}

/// The report of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// The title ("宁夏回族自治区村（居）民委员会换届选举工作情况").
    pub title: String,
    /// The group's level.
    pub level: Level,
    /// The group's code.
    pub code: DivisionCode,
    /// The group's name, when the division table knows it.
    pub name: Option<String>,
    /// The statistics' day.
    pub as_of: NaiveDate,
    /// The previous term's day, when given.
    pub previous_as_of: Option<NaiveDate>,
    /// The paragraphs (a sentence whose figures are missing is left out; a paragraph with no
    /// sentence too).
    pub paragraphs: Vec<Paragraph>,
    /// Every number printed, in the order printed.
    pub numbers: Vec<ReportNumber>,
}

impl Paragraph {
    /// The paragraph as plain text.
    pub fn text(&self, numbers: &[ReportNumber]) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Text(t) => t.as_str(),
                Segment::Number(i) => numbers.get(*i).map_or("", |n| n.number.as_str()),
            })
            .collect()
    }
}
