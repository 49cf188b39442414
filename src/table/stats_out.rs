//! Statistics from tables, and their long table (level, code, name, kind, figure, labels,
//! num, den, percent, value).

use super::run::TableInput;
use crate::error::Error;
use crate::stats::{
    Change, DivisionNames, FIGURES, StatsInput, StatsOptions, StatsReport, compare, stats,
    two_up_one_down,
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
    let people = super::people_from_batches(t.people.batches, t.people.at)?;
    let roster = super::roster_from_batches(t.roster.batches, t.roster.at)?;
    let units = t
        .units
        .map(|u| super::units_from_batches(u.batches, u.at))
        .transpose()?;
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
            return Err(Error::Input(crate::error::InputError::BadValue {
                at: v.at.clone(),
                what: "votes need the tallies they were counted on".into(),
            }));
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

/// The figures as one long table; with changes, the previous term's figure, the change in
/// points (or years, or units) and in percent of the previous value, its direction, and a
/// `two_up_one_down` row per group (text `yes`/`no`).
pub fn stats_batch(r: &StatsResult, decimals: u32) -> Result<RecordBatch, ArrowError> {
    let figures = &r.report.figures;
    let n = figures.len();
    let mut level = StringBuilder::with_capacity(n, n * 8);
    let mut code = StringBuilder::with_capacity(n, n * 12);
    let mut name = StringBuilder::new();
    let mut kind = StringBuilder::with_capacity(n, n * 8);
    let mut figure = StringBuilder::with_capacity(n, n * 16);
    let mut zh = StringBuilder::new();
    let mut en = StringBuilder::new();
    let (mut num, mut den) = (
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    let mut text = StringBuilder::new();
    let mut value = Float64Builder::with_capacity(n);
    let (mut pnum, mut pden) = (Int64Builder::new(), Int64Builder::new());
    let (mut ptext, mut change, mut relative, mut direction) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let i = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let by_key: std::collections::HashMap<_, &Change> = r
        .changes
        .iter()
        .flatten()
        .map(|c| ((c.level, c.code, c.kind, c.figure), c))
        .collect();
    for f in figures {
        level.append_value(f.level.as_str());
        code.append_value(f.code.to_string());
        name.append_option(f.name.as_deref());
        kind.append_value(f.kind.as_str());
        figure.append_value(f.figure);
        let labels = FIGURES.iter().find(|x| x.0 == f.figure);
        zh.append_option(labels.map(|l| l.1));
        en.append_option(labels.map(|l| l.2));
        num.append_value(i(f.num));
        den.append_value(i(f.den));
        let t = figure_text(f, decimals);
        value.append_option(t.as_deref().and_then(|s| s.parse::<f64>().ok()));
        text.append_option(t);
        match by_key.get(&(f.level, f.code, f.kind, f.figure)) {
            Some(c) => {
                pnum.append_value(i(c.previous.0));
                pden.append_value(i(c.previous.1));
                let before = crate::stats::Figure {
                    num: c.previous.0,
                    den: c.previous.1,
                    ..f.clone()
                };
                ptext.append_option(figure_text(&before, decimals));
                change.append_option(c.change_text(decimals));
                relative.append_option(c.relative_text(decimals));
                direction.append_option(c.direction().map(|d| match d {
                    std::cmp::Ordering::Greater => "up",
                    std::cmp::Ordering::Less => "down",
                    std::cmp::Ordering::Equal => "same",
                }));
            }
            None => {
                pnum.append_null();
                pden.append_null();
                ptext.append_null();
                change.append_null();
                relative.append_null();
                direction.append_null();
            }
        }
    }
    if let Some(changes) = &r.changes {
        for (l, c, k, verdict) in two_up_one_down(changes) {
            level.append_value(l.as_str());
            code.append_value(c.to_string());
            name.append_option(
                figures
                    .iter()
                    .find(|f| f.code == c)
                    .and_then(|f| f.name.as_deref()),
            );
            kind.append_value(k.as_str());
            figure.append_value("two_up_one_down");
            zh.append_value("两升一降");
            en.append_value("education and women up, mean age down");
            num.append_option(verdict.map(i64::from));
            den.append_value(1);
            text.append_option(verdict.map(|v| if v { "yes" } else { "no" }));
            value.append_null();
            for b in [&mut pnum, &mut pden] {
                b.append_null();
            }
            for b in [&mut ptext, &mut change, &mut relative, &mut direction] {
                b.append_null();
            }
        }
    }
    let mut fields = vec![
        Field::new("level", DataType::Utf8, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("name", DataType::Utf8, true),
        Field::new("kind", DataType::Utf8, false),
        Field::new("figure", DataType::Utf8, false),
        Field::new("label_zh", DataType::Utf8, true),
        Field::new("label_en", DataType::Utf8, true),
        Field::new("num", DataType::Int64, true),
        Field::new("den", DataType::Int64, false),
        Field::new("text", DataType::Utf8, true),
        Field::new("value", DataType::Float64, true),
    ];
    let mut cols: Vec<ArrayRef> = vec![
        Arc::new(level.finish()),
        Arc::new(code.finish()),
        Arc::new(name.finish()),
        Arc::new(kind.finish()),
        Arc::new(figure.finish()),
        Arc::new(zh.finish()),
        Arc::new(en.finish()),
        Arc::new(num.finish()),
        Arc::new(den.finish()),
        Arc::new(text.finish()),
        Arc::new(value.finish()),
    ];
    if r.changes.is_some() {
        fields.extend([
            Field::new("previous_num", DataType::Int64, true),
            Field::new("previous_den", DataType::Int64, true),
            Field::new("previous_text", DataType::Utf8, true),
            Field::new("change", DataType::Utf8, true),
            Field::new("change_relative_percent", DataType::Utf8, true),
            Field::new("direction", DataType::Utf8, true),
        ]);
        cols.extend([
            Arc::new(pnum.finish()) as ArrayRef,
            Arc::new(pden.finish()),
            Arc::new(ptext.finish()),
            Arc::new(change.finish()),
            Arc::new(relative.finish()),
            Arc::new(direction.finish()),
        ]);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
}
