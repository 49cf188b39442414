//! Statistics from tables, and their long table (level, code, name, kind, figure, labels,
//! num, den, percent, value).

use super::ascii_column::AsciiColumn;
use super::categories::{Categories, category_type};
use super::run::TableInput;
use crate::division::{DivisionCode, Level};
use crate::error::Error;
use crate::stats::{
    Change, DivisionNames, Figures, GroupFigures, KindFilter, StatsInput, StatsOptions,
    StatsReport, compare, stats, two_up_one_down,
};
use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::NaiveDate;
use std::sync::Arc;

/// The tables of the statistics.
#[derive(Debug, Clone, Copy)]
pub struct StatsTables<'a> {
    /// `people`.
    pub people: TableInput<'a>,
    /// `roster` of the term.
    pub roster: TableInput<'a>,
    /// `units`, when given.
    pub units: Option<TableInput<'a>>,
    /// `tallies`, when given.
    pub tallies: Option<TableInput<'a>>,
    /// The previous term's roster, when given.
    pub previous: Option<TableInput<'a>>,
    /// `votes`, when given with `tallies`: the count, for first-ballot success.
    pub votes: Option<TableInput<'a>>,
}

/// The statistics of this term and, with the previous term's roster and election day, the
/// changes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StatsResult {
    /// This term's figures.
    pub report: StatsReport,
    /// Each figure against the previous term's (its ages on `previous_as_of`).
    pub changes: Option<Vec<Change>>,
}

/// Reads the tables and computes the statistics; with `previous` and `previous_as_of`, the
/// previous term's figures too, and the changes.
pub fn stats_tables(
    t: StatsTables<'_>,
    options: &StatsOptions,
    previous_as_of: Option<NaiveDate>,
    names: &DivisionNames,
    pack: &crate::RulePack,
) -> Result<StatsResult, Error> {
    let (people, roster) = crate::par::join(
        || super::people_from_batches(t.people.batches, t.people.at),
        || super::roster_from_batches(t.roster.batches, t.roster.at),
    );
    let (mut people, roster) = (people?, roster?);
    // The backgrounds (来源) are the pack's unless the options name others.
    let mut pack_backgrounds;
    let options = if options.backgrounds.is_empty() && !pack.backgrounds.is_empty() {
        pack_backgrounds = options.clone();
        pack_backgrounds.backgrounds = pack.backgrounds.clone();
        &pack_backgrounds
    } else {
        options
    };
    // Dates outside the pack's plausible dates are unreadable cells.
    let bounds = pack.date_bounds(options.as_of)?;
    people.bound_dates(&bounds);
    let units = t
        .units
        .map(|u| super::units_from_batches(u.batches, u.at))
        .transpose()?
        .map(|mut u| {
            u.bound_dates(&bounds);
            u
        });
    let tallies = t
        .tallies
        .map(|u| super::tallies_from_batches(u.batches, u.at))
        .transpose()?;
    let previous = t
        .previous
        .map(|u| super::roster_from_batches(u.batches, u.at))
        .transpose()?;
    let count = match (tallies.as_ref(), t.votes) {
        (Some(tallies), Some(v)) => {
            let votes = super::votes_from_batches(v.batches, v.at)?;
            Some(crate::count::count(
                crate::count::CountInput {
                    tallies,
                    votes: &votes,
                    roster: None,
                    register: None,
                    units: units.as_ref(),
                },
                pack,
                options.as_of,
            )?)
        }
        (None, Some(v)) => {
            return Err(Error::Input(crate::error::InputError::bad(
                v.at.clone(),
                crate::error::ProblemKind::MissingReference,
                "votes need the tallies they were counted on",
            )));
        }
        _ => None,
    };
    let report = stats(
        StatsInput {
            people: &people,
            roster: &roster,
            units: units.as_ref(),
            tallies: tallies.as_ref(),
            previous: previous.as_ref(),
            count: count.as_ref(),
        },
        options,
        names,
    );
    let changes = match (previous.as_ref(), previous_as_of) {
        (Some(prev), Some(day)) => {
            let mut o = options.clone();
            o.as_of = day;
            o.term = None;
            o.unit_days = false;
            o.round_facts = false;
            let before = stats(
                StatsInput {
                    people: &people,
                    roster: prev,
                    units: units.as_ref(),
                    tallies: None,
                    previous: None,
                    count: None,
                },
                &o,
                names,
            );
            Some(compare(&report, &before))
        }
        _ => None,
    };
    Ok(StatsResult { report, changes })
}

/// The figure's value as printed (see [`crate::stats::Figure::text`]).
pub fn figure_text(f: &crate::stats::Figure, decimals: u32) -> Option<String> {
    f.text(decimals)
}

/// How a figure's value is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Printed {
    /// A share, in percent.
    Share,
    /// A mean.
    Mean,
    /// A least value (none when no unit gives one).
    Least,
    /// A count, as is.
    Count,
}

impl Printed {
    fn of(figure: &str) -> Printed {
        if crate::stats::is_share(figure) {
            Printed::Share
        } else if crate::stats::is_mean(figure) {
            Printed::Mean
        } else if crate::stats::is_least(figure) {
            Printed::Least
        } else {
            Printed::Count
        }
    }

    /// The value as printed, as an integer count of `10^-d` with `d`: a share in percent or
    /// a mean, half up at `decimals`; a count as is (as [`crate::stats::Figure::text`]).
    fn value(self, num: u64, den: u64, decimals: u32) -> Option<(u128, u32)> {
        let r = crate::ratio::Ratio::new(num, den);
        match self {
            Printed::Share => r.percent_scaled(decimals).map(|v| (v, decimals)),
            Printed::Mean => r.scaled(decimals).map(|v| (v, decimals)),
            Printed::Least if den == 0 => None,
            Printed::Least | Printed::Count => Some((u128::from(num), 0)),
        }
    }
}

/// Appends `v / 10^d` as text and as a number.
fn text_and_value(text: &mut AsciiColumn, value: &mut Float64Builder, v: u128, d: u32) {
    let number = match u64::try_from(v) {
        // The common case: the digits straight into the column.
        Ok(v) if d <= 18 => {
            let mut buf = [0u8; 48];
            text.push(crate::ratio::scaled_bytes(&mut buf, v, d));
            v as f64
        }
        _ => {
            text.push(crate::ratio::Ratio::scaled_text(v, d).as_bytes());
            v as f64
        }
    };
    // (the same `f64` as parsing the printed text: a correctly rounded quotient of two exact
    // integers)
    value.append_value(number / 10f64.powi(d as i32));
}

/// What a table builder works out once per layout of figures: each figure's category key and
/// how its value is printed.
struct LayoutRows {
    keys: Vec<usize>,
    printed: Vec<Printed>,
}

/// A figure's change against the previous term, by (level, group, kind, figure).
pub(super) type ChangeIndex<'a> =
    std::collections::HashMap<(Level, DivisionCode, KindFilter, &'a str), &'a Change>;

/// Each figure's change, by (level, group, kind, figure): made once per table (a chunk's rows
/// look theirs up in it).
pub(super) fn change_index(r: &StatsResult) -> Option<ChangeIndex<'_>> {
    r.changes.as_ref().map(|c| {
        c.iter()
            .map(|c| ((c.level, c.code, c.kind, c.figure), c))
            .collect()
    })
}

/// The columns of the long table, filled row by row.
struct Rows<'a> {
    decimals: u32,
    /// Per layout of the figures (see [`crate::stats::GroupFigures::layout`]), once worked out.
    layouts: Vec<Option<LayoutRows>>,
    changes: Option<&'a ChangeIndex<'a>>,
    level: Categories,
    code: AsciiColumn,
    name: StringBuilder,
    kind: Categories,
    /// The figure's key; its labels share the keys.
    figure: Categories,
    num: Int64Builder,
    den: Int64Builder,
    text: AsciiColumn,
    value: Float64Builder,
    /// The previous term's columns (filled only with changes).
    prev: ChangeColumns,
}

/// The columns of a figure's change against the previous term.
#[derive(Default)]
struct ChangeColumns {
    pnum: Int64Builder,
    pden: Int64Builder,
    ptext: StringBuilder,
    change: StringBuilder,
    change_num: Int64Builder,
    relative: StringBuilder,
    direction: StringBuilder,
}

impl ChangeColumns {
    /// Appends a figure's change.
    fn push(&mut self, c: &Change, printed: Printed, decimals: u32) {
        self.pnum.append_value(int(c.previous.0));
        self.pden.append_value(int(c.previous.1));
        match printed.value(c.previous.0, c.previous.1, decimals) {
            Some((v, d)) => append_scaled(&mut self.ptext, v, d),
            None => self.ptext.append_null(),
        }
        self.change.append_option(c.change_text(decimals));
        self.change_num.append_option(
            c.head_count_change()
                .map(|n| i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX })),
        );
        self.relative.append_option(c.relative_text(decimals));
        self.direction.append_option(c.direction().map(|d| match d {
            std::cmp::Ordering::Greater => "up",
            std::cmp::Ordering::Less => "down",
            std::cmp::Ordering::Equal => "same",
        }));
    }

    /// Appends a figure without a previous value.
    fn none(&mut self) {
        for b in [&mut self.pnum, &mut self.pden, &mut self.change_num] {
            b.append_null();
        }
        for b in [
            &mut self.ptext,
            &mut self.change,
            &mut self.relative,
            &mut self.direction,
        ] {
            b.append_null();
        }
    }

    /// The columns and their fields.
    fn finish(mut self) -> [(Field, ArrayRef); 7] {
        [
            (
                Field::new("previous_num", DataType::Int64, true),
                Arc::new(self.pnum.finish()) as ArrayRef,
            ),
            (
                Field::new("previous_den", DataType::Int64, true),
                Arc::new(self.pden.finish()),
            ),
            (
                Field::new("previous_text", DataType::Utf8, true),
                Arc::new(self.ptext.finish()),
            ),
            (
                Field::new("change", DataType::Utf8, true),
                Arc::new(self.change.finish()),
            ),
            (
                Field::new("change_num", DataType::Int64, true),
                Arc::new(self.change_num.finish()),
            ),
            (
                Field::new("change_relative_percent", DataType::Utf8, true),
                Arc::new(self.relative.finish()),
            ),
            (
                Field::new("direction", DataType::Utf8, true),
                Arc::new(self.direction.finish()),
            ),
        ]
    }
}

/// The levels and kinds in the order of their keys.
const LEVELS: [Level; 5] = [
    Level::Province,
    Level::Prefecture,
    Level::County,
    Level::Township,
    Level::Village,
];
const KINDS: [KindFilter; 3] = [KindFilter::All, KindFilter::Village, KindFilter::Community];
/// The verdict rows' figure and labels.
const VERDICT: &str = "two_up_one_down";
const VERDICT_LABELS: (&str, &str) = ("两升一降", "education and women up, mean age down");

fn level_key(l: Level) -> usize {
    LEVELS.iter().position(|x| *x == l).unwrap_or(usize::MAX)
}

fn kind_key(k: KindFilter) -> usize {
    KINDS.iter().position(|x| *x == k).unwrap_or(usize::MAX)
}

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Appends `v / 10^d` as text (`33.45`).
fn append_scaled(b: &mut StringBuilder, v: u128, d: u32) {
    crate::ratio::Ratio::write_scaled(b, v, d);
    b.append_value("");
}

impl<'a> Rows<'a> {
    fn new(changes: Option<&'a ChangeIndex<'a>>, decimals: u32, n: usize) -> Rows<'a> {
        Rows {
            decimals,
            layouts: Vec::new(),
            changes,
            level: Categories::new(&LEVELS.map(Level::as_str), n),
            code: AsciiColumn::with_capacity(n, 12),
            name: StringBuilder::with_capacity(n, n * 9),
            kind: Categories::new(&KINDS.map(KindFilter::as_str), n),
            figure: Categories::new(&[], n),
            num: Int64Builder::with_capacity(n),
            den: Int64Builder::with_capacity(n),
            text: AsciiColumn::with_capacity(n, 5),
            value: Float64Builder::with_capacity(n),
            prev: ChangeColumns::default(),
        }
    }

    /// Works out the layout of `g`'s keys once.
    fn layout(&mut self, g: &GroupFigures<'_>) {
        if self.layouts.len() <= g.layout {
            self.layouts.resize_with(g.layout + 1, || None);
        }
        if let Some(slot @ None) = self.layouts.get_mut(g.layout) {
            *slot = Some(LayoutRows {
                keys: g.keys.iter().map(|k| self.figure.key(k)).collect(),
                printed: g.keys.iter().map(|k| Printed::of(k)).collect(),
            });
        }
    }

    /// Appends a group's figures: what they share is worked out once.
    fn group(&mut self, g: &GroupFigures<'_>) {
        self.layout(g);
        let Some(Some(layout)) = self.layouts.get(g.layout) else {
            return;
        };
        let head = g.head;
        let (level, kind) = (level_key(head.level), kind_key(head.kind));
        let mut buf = [0u8; 12];
        let code = head.code.digits(&mut buf);
        // What a group's rows share, at once.
        let n = g.num.len().min(g.den.len()).min(layout.keys.len());
        self.level.push_key_n(level, n);
        self.code.push_n(code.as_bytes(), n);
        self.kind.push_key_n(kind, n);
        for (i, ((&key, &printed), (&num, &den))) in layout
            .keys
            .iter()
            .zip(&layout.printed)
            .zip(g.num.iter().zip(g.den))
            .enumerate()
        {
            self.name.append_option(head.name.as_deref());
            self.figure.push_key(key);
            self.num.append_value(int(num));
            self.den.append_value(int(den));
            match printed.value(num, den, self.decimals) {
                Some((v, d)) => text_and_value(&mut self.text, &mut self.value, v, d),
                None => {
                    self.text.push_null();
                    self.value.append_null();
                }
            }
            let Some(changes) = &self.changes else {
                continue;
            };
            let figure = g.keys.get(i).copied().unwrap_or_default();
            match changes.get(&(head.level, head.code, head.kind, figure)) {
                Some(c) => self.prev.push(c, printed, self.decimals),
                None => self.prev.none(),
            }
        }
    }

    fn verdict(
        &mut self,
        l: Level,
        c: DivisionCode,
        name: Option<&str>,
        k: KindFilter,
        verdict: Option<bool>,
    ) {
        self.level.push_key(level_key(l));
        self.code.push(c.to_string().as_bytes());
        self.name.append_option(name);
        self.kind.push_key(kind_key(k));
        self.figure.push(VERDICT);
        self.num.append_option(verdict.map(i64::from));
        self.den.append_value(1);
        match verdict {
            Some(v) => self.text.push(if v { b"yes" } else { b"no" }),
            None => self.text.push_null(),
        }
        self.value.append_null();
        self.prev.none();
    }

    fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        let labels = |pick: fn((&'static str, &'static str)) -> &'static str| -> Vec<&'static str> {
            self.figure
                .texts()
                .iter()
                .map(|f| {
                    if *f == VERDICT {
                        pick(VERDICT_LABELS)
                    } else {
                        pick(crate::stats::figure_labels(f))
                    }
                })
                .collect()
        };
        let (zh, en) = (labels(|l| l.0), labels(|l| l.1));
        let (figure, labels) = self.figure.finish(&[zh, en])?;
        let (level, _) = self.level.finish(&[])?;
        let (kind, _) = self.kind.finish(&[])?;
        let mut labels = labels.into_iter();
        let (zh, en) = (labels.next(), labels.next());
        let (Some(zh), Some(en)) = (zh, en) else {
            return Err(ArrowError::ComputeError("the labels' columns".into()));
        };
        let mut fields = vec![
            Field::new("level", category_type(), false),
            Field::new("code", DataType::Utf8, false),
            Field::new("name", DataType::Utf8, true),
            Field::new("kind", category_type(), false),
            Field::new("figure", category_type(), false),
            Field::new("label_zh", category_type(), true),
            Field::new("label_en", category_type(), true),
            Field::new("num", DataType::Int64, true),
            Field::new("den", DataType::Int64, false),
            Field::new("text", DataType::Utf8, true),
            Field::new("value", DataType::Float64, true),
        ];
        let mut cols: Vec<ArrayRef> = vec![
            level,
            Arc::new(self.code.finish()?),
            Arc::new(self.name.finish()),
            kind,
            figure,
            zh,
            en,
            Arc::new(self.num.finish()),
            Arc::new(self.den.finish()),
            Arc::new(self.text.finish()?),
            Arc::new(self.value.finish()),
        ];
        if self.changes.is_some() {
            for (field, col) in self.prev.finish() {
                fields.push(field);
                cols.push(col);
            }
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
    }
}

/// The `two_up_one_down` rows: one per group, after the figures.
fn verdicts(r: &StatsResult, rows: &mut Rows<'_>) {
    let Some(changes) = &r.changes else {
        return;
    };
    let names: std::collections::HashMap<DivisionCode, Option<&str>> = r
        .report
        .figures
        .groups()
        .map(|g| (g.head.code, g.head.name.as_deref()))
        .collect();
    for (l, c, k, verdict) in two_up_one_down(changes) {
        rows.verdict(l, c, names.get(&c).copied().flatten(), k, verdict);
    }
}

/// The figures as one long table; with changes, the previous term's figure, the change in
/// points (or years, or units) and in percent of the previous value, its direction, and a
/// `two_up_one_down` row per group (text `yes`/`no`).
pub fn stats_batch(r: &StatsResult, decimals: u32) -> Result<RecordBatch, ArrowError> {
    let index = change_index(r);
    let figures = &r.report.figures;
    let mut rows = figures_rows(index.as_ref(), decimals, figures, 0..figures.group_count());
    verdicts(r, &mut rows);
    rows.finish()
}

/// [`stats_batch`] written as CSV a chunk of figures at a time (the same bytes as
/// [`super::write_csv`] of it): the table is never held whole.
pub fn write_stats_csv(
    r: &StatsResult,
    decimals: u32,
    out: &mut impl std::io::Write,
) -> Result<(), ArrowError> {
    write_stats_csv_by(r, decimals, STREAMED_FIGURES, out)
}

/// [`write_stats_csv`], about `size` figures at a time (whole groups).
pub(super) fn write_stats_csv_by(
    r: &StatsResult,
    decimals: u32,
    size: usize,
    out: &mut impl std::io::Write,
) -> Result<(), ArrowError> {
    let mut first = true;
    let index = change_index(r);
    let figures = &r.report.figures;
    for groups in figures.chunks(size) {
        let batch = figures_rows(index.as_ref(), decimals, figures, groups).finish()?;
        super::write::write_csv_part(&batch, first, out)?;
        first = false;
    }
    let mut rows = Rows::new(index.as_ref(), decimals, 0);
    verdicts(r, &mut rows);
    super::write::write_csv_part(&rows.finish()?, first, out)
}

/// Figures written a chunk at a time by [`write_stats_csv`] and the text.
pub(super) const STREAMED_FIGURES: usize = 65_536;

/// The rows of the groups at `groups` of `figures`, without the verdicts.
fn figures_rows<'a>(
    changes: Option<&'a ChangeIndex<'a>>,
    decimals: u32,
    figures: &Figures,
    groups: std::ops::Range<usize>,
) -> Rows<'a> {
    let mut rows = Rows::new(changes, decimals, figures.figures_in(groups.clone()));
    for g in figures.groups_in(groups) {
        rows.group(&g);
    }
    rows
}

/// The rows of the groups at `groups` of `figures` as a batch of the long table, without the
/// verdicts.
pub(super) fn figures_batch(
    changes: Option<&ChangeIndex<'_>>,
    decimals: u32,
    figures: &Figures,
    groups: std::ops::Range<usize>,
) -> Result<RecordBatch, ArrowError> {
    figures_rows(changes, decimals, figures, groups).finish()
}

/// [`stats_batch`] as consecutive batches built in parallel (the same rows, the same schema).
pub fn stats_batches(r: &StatsResult, decimals: u32) -> Result<Vec<RecordBatch>, ArrowError> {
    let figures = &r.report.figures;
    let index = change_index(r);
    let mut out: Vec<RecordBatch> = crate::par::map_ranges(figures.group_count(), |groups| {
        figures_batch(index.as_ref(), decimals, figures, groups)
    })
    .into_iter()
    .collect::<Result<_, _>>()?;
    let mut rows = Rows::new(index.as_ref(), decimals, 0);
    verdicts(r, &mut rows);
    let last = rows.finish()?;
    if last.num_rows() > 0 || out.is_empty() {
        out.push(last);
    }
    Ok(out)
}
