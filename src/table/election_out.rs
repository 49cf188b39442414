//! Election-day results as Arrow: the apportionment and the count (per round, the elected,
//! the second-round candidates, the ties), and the entry points that read their tables.

use super::run::TableInput;
use crate::apportion::{Apportionment, Method, apportion};
use crate::count::{Candidate, CountInput, CountReport, Entry, ROLES, RoundResult, count};
use crate::error::{Error, InputError, Location};
use crate::pack::RulePack;
use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, StringBuilder, UInt32Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::NaiveDate;
use std::sync::Arc;

/// Reads the weights table and apportions `seats` by `method`; a bad claim is an error naming
/// its row and column.
pub fn apportion_table(
    weights: TableInput<'_>,
    seats: u32,
    method: Method,
) -> Result<Apportionment, Error> {
    let claims = super::claims_from_batches(weights.batches, weights.at)?;
    apportion(&claims, seats, method).map_err(|e| {
        use crate::apportion::ApportionError as A;
        let row = match e {
            A::NegativeWeight { index } | A::WeightTooLarge { index } => Some(index),
            _ => None,
        };
        Error::Input(InputError::BadValue {
            at: Location {
                row,
                column: row.map(|_| "weight".to_string()),
                ..weights.at.clone()
            },
            kind: crate::error::ProblemKind::OutOfRange,
            what: match e {
                A::NegativeWeight { .. } => "the weight is negative".to_string(),
                A::WeightTooLarge { .. } => {
                    format!("the weight is above {}", crate::apportion::MAX_WEIGHT)
                }
                other => other.to_string(),
            },
        })
    })
}

/// The apportionment as a table: group, weight, min_seats, quota, seats, tie.
pub fn apportionment_batch(a: &Apportionment) -> Result<RecordBatch, ArrowError> {
    let n = a.shares.len();
    let mut group = StringBuilder::with_capacity(n, n * 8);
    let (mut weight, mut min, mut seats) = (
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    let mut quota = Float64Builder::with_capacity(n);
    let mut tie = BooleanBuilder::with_capacity(n);
    for s in &a.shares {
        group.append_value(&s.group);
        weight.append_value(i64::try_from(s.weight).unwrap_or(i64::MAX));
        min.append_value(i64::from(s.min_seats));
        quota.append_value(s.quota_f64());
        seats.append_value(i64::from(s.seats));
        tie.append_value(s.tie);
    }
    let schema = Schema::new(vec![
        Field::new("group", DataType::Utf8, false),
        Field::new("weight", DataType::Int64, false),
        Field::new("min_seats", DataType::Int64, false),
        Field::new("quota", DataType::Float64, false),
        Field::new("seats", DataType::Int64, false),
        Field::new("tie", DataType::Boolean, false),
    ])
    .with_metadata(
        [
            ("method".to_string(), a.method.as_str().to_string()),
            ("seats".to_string(), a.seats.to_string()),
        ]
        .into(),
    );
    let cols: Vec<ArrayRef> = vec![
        Arc::new(group.finish()),
        Arc::new(weight.finish()),
        Arc::new(min.finish()),
        Arc::new(quota.finish()),
        Arc::new(seats.finish()),
        Arc::new(tie.finish()),
    ];
    RecordBatch::try_new(Arc::new(schema), cols)
}

/// The tables of a count.
#[derive(Debug, Clone, Copy)]
pub struct CountTables<'a> {
    /// `tallies`.
    pub tallies: TableInput<'a>,
    /// `votes`.
    pub votes: TableInput<'a>,
    /// `roster` (the slate), when given.
    pub roster: Option<TableInput<'a>>,
    /// `register`, when given.
    pub register: Option<TableInput<'a>>,
    /// `units`, when given.
    pub units: Option<TableInput<'a>>,
}

/// Reads the tables and counts.
pub fn count_tables(
    t: CountTables<'_>,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<CountReport, Error> {
    let tallies = super::tallies_from_batches(t.tallies.batches, t.tallies.at)?;
    let votes = super::votes_from_batches(t.votes.batches, t.votes.at)?;
    let roster = t
        .roster
        .map(|r| super::roster_from_batches(r.batches, r.at))
        .transpose()?;
    let register = t
        .register
        .map(|r| super::register_from_batches(r.batches, r.at))
        .transpose()?
        .map(|r| r.rows_per_unit());
    let bounds = pack.date_bounds(as_of)?;
    let units = t
        .units
        .map(|u| super::units_from_batches(u.batches, u.at))
        .transpose()?
        .map(|mut u| {
            u.bound_dates(&bounds);
            u
        });
    count(
        CountInput {
            tallies: &tallies,
            votes: &votes,
            roster: roster.as_ref(),
            register: register.as_ref(),
            units: units.as_ref(),
        },
        pack,
        as_of,
    )
}

fn candidate(c: &Candidate, mask: bool, id: &mut StringBuilder, name: &mut StringBuilder) {
    match c {
        Candidate::Id(i) => {
            id.append_value(if mask { i.masked() } else { i.to_string() });
            name.append_null();
        }
        Candidate::Name(n) => {
            id.append_null();
            name.append_value(if mask {
                crate::id::mask_text(n)
            } else {
                n.to_string()
            });
        }
    }
}

/// One row per unit, body and round: validity, reasons (`;`-separated), voters, ballots,
/// turnout (exact and in percent), seats and unfilled seats per role.
pub fn rounds_batch(report: &CountReport) -> Result<RecordBatch, ArrowError> {
    let r = &report.rounds;
    let n = r.len();
    let mut fields = vec![
        Field::new("unit_code", DataType::Utf8, false),
        Field::new("body", DataType::Utf8, false),
        Field::new("round", DataType::Int64, false),
        Field::new("valid", DataType::Boolean, false),
        Field::new("reasons", DataType::Utf8, false),
        Field::new("registered", DataType::Int64, false),
        Field::new("voted", DataType::Int64, false),
        Field::new("ballots_returned", DataType::Int64, false),
        Field::new("ballots_invalid", DataType::Int64, true),
        Field::new("turnout_num", DataType::Int64, false),
        Field::new("turnout_den", DataType::Int64, false),
        Field::new("turnout_percent", DataType::Float64, true),
    ];
    let mut cols: Vec<ArrayRef> = Vec::new();
    let text = |f: &dyn Fn(&RoundResult) -> String| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(n, n * 12);
        r.iter().for_each(|x| b.append_value(f(x)));
        Arc::new(b.finish())
    };
    let int = |f: &dyn Fn(&RoundResult) -> Option<u64>| -> ArrayRef {
        let mut b = Int64Builder::with_capacity(n);
        r.iter()
            .for_each(|x| b.append_option(f(x).map(|v| i64::try_from(v).unwrap_or(i64::MAX))));
        Arc::new(b.finish())
    };
    cols.push(text(&|x| x.unit_code.to_string()));
    cols.push(text(&|x| x.body.as_str().to_string()));
    cols.push(int(&|x| Some(u64::from(x.round))));
    let mut valid = BooleanBuilder::with_capacity(n);
    r.iter().for_each(|x| valid.append_value(x.valid));
    cols.push(Arc::new(valid.finish()));
    cols.push(text(&|x| {
        x.reasons
            .iter()
            .map(|re| {
                serde_json::to_value(re)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(";")
    }));
    cols.push(int(&|x| Some(x.registered)));
    cols.push(int(&|x| Some(x.voted)));
    cols.push(int(&|x| Some(x.ballots_returned)));
    cols.push(int(&|x| x.ballots_invalid));
    cols.push(int(&|x| Some(x.turnout().num)));
    cols.push(int(&|x| Some(x.turnout().den)));
    let mut pct = Float64Builder::with_capacity(n);
    r.iter()
        .for_each(|x| pct.append_option(x.turnout().percent_f64()));
    cols.push(Arc::new(pct.finish()));
    for (i, role) in ROLES.iter().enumerate() {
        fields.push(Field::new(
            format!("seats_{}", role.as_str()),
            DataType::Int64,
            false,
        ));
        cols.push(int(&|x| Some(x.seats[i])));
    }
    for (i, role) in ROLES.iter().enumerate() {
        fields.push(Field::new(
            format!("unfilled_{}", role.as_str()),
            DataType::Int64,
            false,
        ));
        cols.push(int(&|x| Some(x.unfilled[i])));
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
}

/// One row per person elected (`which = elected`) or second-round candidate (`runoff`):
/// unit_code, body, round, id_number, name (write-ins), role, votes, row, write_in.
pub fn entries_batch(
    report: &CountReport,
    runoff: bool,
    mask: bool,
) -> Result<RecordBatch, ArrowError> {
    let rows: Vec<(&RoundResult, &Entry)> = report
        .rounds
        .iter()
        .flat_map(|r| {
            let list = if runoff { &r.runoff } else { &r.elected };
            list.iter().map(move |e| (r, e))
        })
        .collect();
    let n = rows.len();
    let (mut unit, mut body, mut id, mut name, mut role) = (
        StringBuilder::with_capacity(n, n * 12),
        StringBuilder::with_capacity(n, n * 16),
        StringBuilder::with_capacity(n, n * 18),
        StringBuilder::new(),
        StringBuilder::with_capacity(n, n * 8),
    );
    let (mut round, mut votes) = (
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    let mut row = UInt32Builder::with_capacity(n);
    let mut write_in = BooleanBuilder::with_capacity(n);
    for (r, e) in rows {
        unit.append_value(r.unit_code.to_string());
        body.append_value(r.body.as_str());
        round.append_value(i64::from(r.round));
        candidate(&e.candidate, mask, &mut id, &mut name);
        role.append_value(e.role.as_str());
        votes.append_value(i64::try_from(e.votes).unwrap_or(i64::MAX));
        row.append_option(e.row);
        write_in.append_value(e.write_in);
    }
    let schema = Schema::new(vec![
        Field::new("unit_code", DataType::Utf8, false),
        Field::new("body", DataType::Utf8, false),
        Field::new("round", DataType::Int64, false),
        Field::new("id_number", DataType::Utf8, true),
        Field::new("name", DataType::Utf8, true),
        Field::new("role", DataType::Utf8, false),
        Field::new("votes", DataType::Int64, false),
        Field::new("row", DataType::UInt32, true),
        Field::new("write_in", DataType::Boolean, false),
    ]);
    let cols: Vec<ArrayRef> = vec![
        Arc::new(unit.finish()),
        Arc::new(body.finish()),
        Arc::new(round.finish()),
        Arc::new(id.finish()),
        Arc::new(name.finish()),
        Arc::new(role.finish()),
        Arc::new(votes.finish()),
        Arc::new(row.finish()),
        Arc::new(write_in.finish()),
    ];
    RecordBatch::try_new(Arc::new(schema), cols)
}

/// One row per candidate in a tie at a last seat: unit_code, body, round, role, votes, seats
/// (contested), id_number, name.
pub fn ties_batch(report: &CountReport, mask: bool) -> Result<RecordBatch, ArrowError> {
    let (mut unit, mut body, mut role, mut id, mut name) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let (mut round, mut votes, mut seats) = (
        Int64Builder::new(),
        Int64Builder::new(),
        Int64Builder::new(),
    );
    for r in &report.rounds {
        for t in &r.ties {
            for c in &t.candidates {
                unit.append_value(r.unit_code.to_string());
                body.append_value(r.body.as_str());
                round.append_value(i64::from(r.round));
                role.append_value(t.role.as_str());
                votes.append_value(i64::try_from(t.votes).unwrap_or(i64::MAX));
                seats.append_value(i64::try_from(t.seats).unwrap_or(i64::MAX));
                candidate(c, mask, &mut id, &mut name);
            }
        }
    }
    let schema = Schema::new(vec![
        Field::new("unit_code", DataType::Utf8, false),
        Field::new("body", DataType::Utf8, false),
        Field::new("round", DataType::Int64, false),
        Field::new("role", DataType::Utf8, false),
        Field::new("votes", DataType::Int64, false),
        Field::new("seats", DataType::Int64, false),
        Field::new("id_number", DataType::Utf8, true),
        Field::new("name", DataType::Utf8, true),
    ]);
    let cols: Vec<ArrayRef> = vec![
        Arc::new(unit.finish()),
        Arc::new(body.finish()),
        Arc::new(round.finish()),
        Arc::new(role.finish()),
        Arc::new(votes.finish()),
        Arc::new(seats.finish()),
        Arc::new(id.finish()),
        Arc::new(name.finish()),
    ];
    RecordBatch::try_new(Arc::new(schema), cols)
}

/// The tables of a register check.
#[derive(Debug, Clone, Copy)]
pub struct VotersTables<'a> {
    /// `register`.
    pub register: TableInput<'a>,
    /// `records`, when given.
    pub records: Option<TableInput<'a>>,
    /// `units`, when given.
    pub units: Option<TableInput<'a>>,
    /// `proxies`, when given.
    pub proxies: Option<TableInput<'a>>,
    /// `relations`, when given.
    pub relations: Option<TableInput<'a>>,
    /// `people`, when given.
    pub people: Option<TableInput<'a>>,
}

/// Reads the tables and checks the register (and the proxies).
pub fn voters_tables(
    t: VotersTables<'_>,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<crate::voters::VotersReport, Error> {
    let (register, records) = crate::par::join(
        || super::register_from_batches(t.register.batches, t.register.at),
        || {
            t.records
                .map(|r| super::records_from_batches(r.batches, r.at, pack))
                .transpose()
        },
    );
    let (mut register, mut records) = (register?, records?);
    // Dates outside the pack's plausible dates are unreadable cells.
    let bounds = pack.date_bounds(as_of)?;
    register.bound_dates(&bounds);
    if let Some(records) = records.as_mut() {
        records.bound_dates(&bounds);
        // An ID number Excel stored as a number is matched on the 15 digits it kept.
        records.attribute_numeric_ids(&register.id);
    }
    let units = t
        .units
        .map(|u| super::units_from_batches(u.batches, u.at))
        .transpose()?
        .map(|mut u| {
            u.bound_dates(&bounds);
            u
        });
    let proxies = t
        .proxies
        .map(|p| super::proxies_from_batches(p.batches, p.at))
        .transpose()?;
    let relations = t
        .relations
        .map(|r| super::relations_from_batches(r.batches, r.at))
        .transpose()?
        .map(|mut r| {
            r.bound_dates(&bounds);
            r
        });
    let people = t
        .people
        .map(|p| super::people_from_batches(p.batches, p.at))
        .transpose()?
        .map(|mut p| {
            p.bound_dates(&bounds);
            p
        });
    crate::voters::voters(
        crate::voters::VotersInput {
            register: &register,
            records: records.as_ref(),
            units: units.as_ref(),
            proxies: proxies.as_ref(),
            relations: relations.as_ref(),
            people: people.as_ref(),
        },
        pack,
        as_of,
    )
}

/// Per unit: unit_code, election_date, rows, eligible, ineligible, needs_review.
pub fn voter_units_batch(r: &crate::voters::VotersReport) -> Result<RecordBatch, ArrowError> {
    let n = r.units.len();
    let mut unit = StringBuilder::with_capacity(n, n * 12);
    let mut day = arrow_array::builder::Date32Builder::with_capacity(n);
    let (mut rows, mut ok, mut bad, mut review) = (
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
        Int64Builder::with_capacity(n),
    );
    let i = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    for u in &r.units {
        unit.append_option(u.unit_code.map(|c| c.to_string()));
        day.append_option(u.election_date.map(crate::date::to_days));
        rows.append_value(i(u.rows));
        ok.append_value(i(u.eligible));
        bad.append_value(i(u.ineligible));
        review.append_value(i(u.needs_review));
    }
    let schema = Schema::new(vec![
        Field::new("unit_code", DataType::Utf8, true),
        Field::new("election_date", DataType::Date32, true),
        Field::new("rows", DataType::Int64, false),
        Field::new("eligible", DataType::Int64, false),
        Field::new("ineligible", DataType::Int64, false),
        Field::new("needs_review", DataType::Int64, false),
    ]);
    let cols: Vec<ArrayRef> = vec![
        Arc::new(unit.finish()),
        Arc::new(day.finish()),
        Arc::new(rows.finish()),
        Arc::new(ok.finish()),
        Arc::new(bad.finish()),
        Arc::new(review.finish()),
    ];
    RecordBatch::try_new(Arc::new(schema), cols)
}

/// One row per register row: `outcome` (eligible, needs_review, ineligible), aligned with the
/// register's rows.
pub fn voter_rows_batch(r: &crate::voters::VotersReport) -> Result<RecordBatch, ArrowError> {
    let mut b = StringBuilder::with_capacity(r.row_state.len(), r.row_state.len() * 10);
    for &s in &r.row_state {
        b.append_value(match s {
            0 => "eligible",
            1 => "needs_review",
            _ => "ineligible",
        });
    }
    let schema = Schema::new(vec![Field::new("outcome", DataType::Utf8, false)]);
    RecordBatch::try_new(Arc::new(schema), vec![Arc::new(b.finish()) as ArrayRef])
}
