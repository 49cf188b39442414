//! Statistics from tables, and their long table (level, code, name, kind, figure, labels,
//! num, den, percent, value).

use super::run::TableInput;
use crate::error::Error;
use crate::stats::{DivisionNames, FIGURES, StatsInput, StatsOptions, StatsReport, stats};
use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
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
}

/// Reads the tables and computes the statistics.
pub fn stats_tables(
    t: StatsTables<'_>,
    options: &StatsOptions,
    names: &DivisionNames,
) -> Result<StatsReport, Error> {
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
    Ok(stats(
        StatsInput {
            people: &people,
            roster: &roster,
            units: units.as_ref(),
            tallies: tallies.as_ref(),
            previous: previous.as_ref(),
        },
        options,
        names,
    ))
}

/// The figure's value as printed: a share in percent half up at `decimals`, a mean at
/// `decimals`, a count as is.
pub fn figure_text(f: &crate::stats::Figure, decimals: u32) -> Option<String> {
    if f.is_share() {
        f.ratio().percent_string(decimals)
    } else if f.figure == "mean_age" {
        f.ratio().value_string(decimals)
    } else {
        Some(f.num.to_string())
    }
}

/// The figures as one long table.
pub fn stats_batch(r: &StatsReport, decimals: u32) -> Result<RecordBatch, ArrowError> {
    let n = r.figures.len();
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
    for f in &r.figures {
        level.append_value(f.level.as_str());
        code.append_value(f.code.to_string());
        name.append_option(f.name.as_deref());
        kind.append_value(f.kind.as_str());
        figure.append_value(f.figure);
        let labels = FIGURES.iter().find(|x| x.0 == f.figure);
        zh.append_option(labels.map(|l| l.1));
        en.append_option(labels.map(|l| l.2));
        num.append_value(i64::try_from(f.num).unwrap_or(i64::MAX));
        den.append_value(i64::try_from(f.den).unwrap_or(i64::MAX));
        let t = figure_text(f, decimals);
        value.append_option(t.as_deref().and_then(|s| s.parse::<f64>().ok()));
        text.append_option(t);
    }
    let schema = Schema::new(vec![
        Field::new("level", DataType::Utf8, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("name", DataType::Utf8, true),
        Field::new("kind", DataType::Utf8, false),
        Field::new("figure", DataType::Utf8, false),
        Field::new("label_zh", DataType::Utf8, true),
        Field::new("label_en", DataType::Utf8, true),
        Field::new("num", DataType::Int64, false),
        Field::new("den", DataType::Int64, false),
        Field::new("text", DataType::Utf8, true),
        Field::new("value", DataType::Float64, true),
    ]);
    let cols: Vec<ArrayRef> = vec![
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
    RecordBatch::try_new(Arc::new(schema), cols)
}
