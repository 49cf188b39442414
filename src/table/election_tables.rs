//! Arrow record batches → the election-day tables: units, the voter register, tallies, votes,
//! and the weights of an apportionment.

use super::cells::text_col;
use super::columns::TableRole;
use super::convert::{Batches, arrow_err};
use crate::apportion::Claim;
use crate::count::{Tallies, Votes, parse_count, parse_round};
use crate::division::{DivisionCode, UnitKind};
use crate::error::{InputError, Location};
use crate::nominate::{Nominations, NominatorKind, parse_nominators};
use crate::people::Cell;
use crate::person::parse_yes_no;
use crate::roster::{Body, Role};
use crate::units::{SmallerGroups, Units};
use crate::voters::Register;
use arrow_array::RecordBatch;

fn count(s: &str) -> Option<u64> {
    parse_count(s)
}

fn code(s: &str) -> Option<DivisionCode> {
    DivisionCode::parse(s).ok()
}

/// The `units` table from record batches.
pub fn units_from_batches(batches: &[RecordBatch], at: &Location) -> Result<Units, InputError> {
    let t = Batches::new(batches, TableRole::Units, at)?;
    t.check_schemas()?;
    let name = t.free_texts("name")?;
    Ok(Units {
        unit_code: t.texts("unit_code", code)?,
        name,
        kind: t.texts("kind", UnitKind::parse)?,
        households: t.texts("households", count)?,
        registered_voters: t.texts("registered_voters", count)?,
        smaller_groups: t.texts("smaller_groups", SmallerGroups::parse)?,
        election_date: t.days("election_date")?,
        register_published: t.days("register_published")?,
        seats_director: t.texts("seats_director", count)?,
        seats_deputy_director: t.texts("seats_deputy_director", count)?,
        seats_member: t.texts("seats_member", count)?,
        new_unit: t.texts("new_unit", parse_yes_no)?,
        complex: t.texts("complex", parse_yes_no)?,
        complex_reason: t.free_texts("complex_reason")?,
        funds_before: t.texts("funds_before", crate::cells::parse_yuan)?,
        funds_after: t.texts("funds_after", crate::cells::parse_yuan)?,
        round_status: t.texts("round_status", crate::units::RoundStatus::parse)?,
        reelection: t.texts("reelection", parse_yes_no)?,
        headers: t.map.headers.clone(),
        source: at.file.clone(),
    })
}

/// The `register` table from record batches.
pub fn register_from_batches(
    batches: &[RecordBatch],
    at: &Location,
) -> Result<Register, InputError> {
    let t = Batches::new(batches, TableRole::Register, at)?;
    t.check_schemas()?;
    // The ID numbers (the costly column) are parsed while the other columns are read.
    let (id, rest) = crate::par::join(
        || t.ids(),
        || -> Result<_, InputError> {
            Ok((
                t.texts("unit_code", code)?,
                t.texts("category", crate::voters::parse_category)?,
                t.days("residence_since")?,
                t.texts("consent", parse_yes_no)?,
            ))
        },
    );
    let (unit_code, category, residence_since, consent) = rest?;
    Ok(Register {
        id: id?,
        unit_code,
        category,
        residence_since,
        consent,
        headers: t.map.headers.clone(),
        source: at.file.clone(),
    })
}

/// The `tallies` table from record batches.
pub fn tallies_from_batches(batches: &[RecordBatch], at: &Location) -> Result<Tallies, InputError> {
    let t = Batches::new(batches, TableRole::Tallies, at)?;
    t.check_schemas()?;
    Ok(Tallies {
        unit_code: t.texts("unit_code", code)?,
        body: t.texts("body", Body::parse)?,
        round: t.texts("round", parse_round)?,
        registered: t.texts("registered", count)?,
        voted: t.texts("voted", count)?,
        ballots_issued: t.texts("ballots_issued", count)?,
        ballots_returned: t.texts("ballots_returned", count)?,
        ballots_invalid: t.texts("ballots_invalid", count)?,
        seats_director: t.texts("seats_director", count)?,
        seats_deputy_director: t.texts("seats_deputy_director", count)?,
        seats_member: t.texts("seats_member", count)?,
        headers: t.map.headers.clone(),
        source: at.file.clone(),
    })
}

/// The `votes` table from record batches. A row names its candidate by `id_number`, or by
/// `name` for a write-in; a table with neither column is refused.
pub fn votes_from_batches(batches: &[RecordBatch], at: &Location) -> Result<Votes, InputError> {
    let t = Batches::new(batches, TableRole::Votes, at)?;
    t.check_schemas()?;
    let has = |c: &str| t.map.index.contains_key(c);
    if t.rows() > 0 && !has("id_number") && !has("name") {
        return Err(InputError::MissingColumns {
            at: at.clone(),
            columns: vec!["id_number (or name, for write-ins)".into()],
            accepted: super::columns::accepted_headers(&["id_number".into(), "name".into()]),
        });
    }
    let name = t.free_texts("name")?;
    let mut id = t.ids()?;
    if id.cells.is_empty() {
        id.cells = vec![Err(crate::id::IdError::Empty); t.rows()];
    }
    Ok(Votes {
        unit_code: t.texts("unit_code", code)?,
        body: t.texts("body", Body::parse)?,
        round: t.texts("round", parse_round)?,
        id,
        name,
        role: t.texts("role", Role::parse)?,
        votes: t.texts("votes", count)?,
        headers: t.map.headers.clone(),
        source: at.file.clone(),
    })
}

/// The `nominations` table from record batches. The nominee is `id_number`; a row names one
/// nominator person (`nominator`), a number of nominators (`nominators`), or neither for an
/// organisation's nomination (党组织).
pub fn nominations_from_batches(
    batches: &[RecordBatch],
    at: &Location,
) -> Result<Nominations, InputError> {
    let t = Batches::new(batches, TableRole::Nominations, at)?;
    t.check_schemas()?;
    let ids = |canonical: &str| -> Result<crate::people::IdColumn, InputError> {
        let mut out = crate::people::IdColumn::default();
        for b in batches {
            if let Some(a) = t.column(b, canonical) {
                super::cells::push_ids(&mut out, &a).map_err(arrow_err(at, canonical))?;
            }
        }
        Ok(out)
    };
    let name = t.free_texts("name")?;
    let mut id = t.ids()?;
    if id.cells.is_empty() {
        id.cells = vec![Err(crate::id::IdError::Empty); t.rows()];
    }
    Ok(Nominations {
        unit_code: t.texts("unit_code", code)?,
        body: t.texts("body", Body::parse)?,
        role: t.texts("role", Role::parse)?,
        id,
        name,
        nominator_kind: t.texts("nominator_kind", NominatorKind::parse)?,
        nominator: ids("nominator")?,
        nominators: t.texts("nominators", parse_nominators)?,
        headers: t.map.headers.clone(),
        source: at.file.clone(),
    })
}

/// Reads a weight: a whole number, negative allowed here so that the apportionment can name
/// the row ("12", "12.0", "-3").
fn weight(s: &str) -> Option<i64> {
    let t = s.trim();
    match t.strip_prefix('-') {
        Some(rest) => count(rest).and_then(|n| i64::try_from(n).ok()).map(|n| -n),
        None => count(t).and_then(|n| i64::try_from(n).ok()),
    }
}

/// The weights of an apportionment: `group`, `weight` (or `households`, 户数), `min_seats`.
/// Every cell must be readable: a missing or fractional weight is an error naming the row.
pub fn claims_from_batches(
    batches: &[RecordBatch],
    at: &Location,
) -> Result<Vec<Claim>, InputError> {
    let t = Batches::new(batches, TableRole::Weights, at)?;
    t.check_schemas()?;
    let weight_col = if t.map.index.contains_key("weight") {
        "weight"
    } else if t.map.index.contains_key("households") {
        "households"
    } else {
        return Err(InputError::MissingColumns {
            at: at.clone(),
            columns: vec!["weight (or households, 户数)".into()],
            accepted: super::columns::accepted_headers(&["weight".into(), "households".into()]),
        });
    };
    let weights = t.texts(weight_col, weight)?;
    let mins = t.texts("min_seats", |s| {
        count(s).and_then(|n| u32::try_from(n).ok())
    })?;
    let mut groups = Vec::with_capacity(t.rows());
    for b in batches {
        if let Some(a) = t.column(b, "group") {
            let col = text_col(&a).map_err(arrow_err(at, "group"))?;
            groups.extend((0..b.num_rows()).map(|i| col.get(i).map(|s| s.trim().to_string())));
        }
    }
    let header = |c: &str| {
        t.map
            .headers
            .get(c)
            .cloned()
            .unwrap_or_else(|| c.to_string())
    };
    let cell_error = |row: usize, c: &str, what: &str| InputError::BadValue {
        at: Location {
            row: Some(row),
            column: Some(header(c)),
            ..at.clone()
        },
        kind: if what.ends_with("is missing") {
            crate::error::ProblemKind::MissingValue
        } else {
            crate::error::ProblemKind::UnreadableValue
        },
        what: what.to_string(),
    };
    let mut out = Vec::with_capacity(groups.len());
    for (row, g) in groups.into_iter().enumerate() {
        let group = g
            .filter(|s| !s.is_empty())
            .ok_or_else(|| cell_error(row, "group", "the group is missing"))?;
        let weight = match crate::people::cell_at(&weights, row) {
            Cell::Value(w) => w,
            Cell::Missing => return Err(cell_error(row, weight_col, "the weight is missing")),
            Cell::Invalid => {
                return Err(cell_error(
                    row,
                    weight_col,
                    "the weight is not a whole number",
                ));
            }
        };
        let min_seats = match crate::people::cell_at(&mins, row) {
            Cell::Value(m) => m,
            Cell::Missing => 0,
            Cell::Invalid => {
                return Err(cell_error(
                    row,
                    "min_seats",
                    "the minimum is not a whole number of 0 or more",
                ));
            }
        };
        out.push(Claim {
            group,
            weight,
            min_seats,
        });
    }
    Ok(out)
}

/// The `proxies` table from record batches.
pub fn proxies_from_batches(
    batches: &[RecordBatch],
    at: &Location,
) -> Result<crate::voters::Proxies, InputError> {
    let t = Batches::new(batches, TableRole::Proxies, at)?;
    t.check_schemas()?;
    let ids = |canonical: &str| -> Result<crate::people::IdColumn, InputError> {
        let mut out = crate::people::IdColumn::default();
        for b in batches {
            if let Some(a) = t.column(b, canonical) {
                super::cells::push_ids(&mut out, &a).map_err(arrow_err(at, canonical))?;
            }
        }
        Ok(out)
    };
    Ok(crate::voters::Proxies {
        unit_code: t.texts("unit_code", code)?,
        principal: ids("principal")?,
        proxy: ids("proxy")?,
        headers: t.map.headers.clone(),
    })
}
