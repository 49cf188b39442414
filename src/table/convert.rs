//! Arrow record batches → typed domain columns, with header matching and cell cleaning.

use super::cells::{DayMemo, ShortText, TextCol, date_col, push_ids, text_col};
use super::columns::{TableRole, canonical_column};
use crate::error::{InputError, Location, ProblemKind};
use crate::pack::RulePack;
use crate::people::{Cell, People};
use crate::person::{Education, Ethnicity, Party, Sex, parse_yes_no};
use crate::roster::{Body, Role, Roster, Status};
use crate::vetting::Records;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, Schema};
use std::collections::BTreeMap;

/// Which column of a batch holds each canonical column, and the table's own headers.
#[derive(Debug, Clone, Default)]
pub struct HeaderMap {
    /// Canonical column → index in the batch.
    pub index: BTreeMap<&'static str, usize>,
    /// Canonical column → the header as the table spells it.
    pub headers: BTreeMap<String, String>,
}

/// Matches a schema's headers to `role`'s canonical columns. Errors for two headers meaning
/// one column and for missing required columns; unknown columns are kept and ignored.
pub fn resolve_headers(
    schema: &Schema,
    role: TableRole,
    at: &Location,
) -> Result<HeaderMap, InputError> {
    let mut map = HeaderMap::default();
    for (i, field) in schema.fields().iter().enumerate() {
        if let Some(c) = canonical_column(field.name(), role.columns()) {
            if let Some(first) = map.headers.get(c) {
                return Err(InputError::DuplicateColumn {
                    at: at.clone(),
                    canonical: c.to_string(),
                    first: first.clone(),
                    second: field.name().clone(),
                });
            }
            map.index.insert(c, i);
            map.headers.insert(c.to_string(), field.name().clone());
        }
    }
    let missing: Vec<String> = role
        .required()
        .iter()
        .filter(|c| !map.index.contains_key(*c))
        .map(|c| c.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(InputError::MissingColumns {
            at: at.clone(),
            accepted: super::columns::accepted_headers(&missing),
            columns: missing,
        });
    }
    Ok(map)
}

pub(super) fn arrow_err<'a>(
    at: &'a Location,
    column: &'a str,
) -> impl Fn(ArrowError) -> InputError + 'a {
    move |e| InputError::BadValue {
        at: Location {
            column: Some(column.to_string()),
            ..at.clone()
        },
        kind: ProblemKind::UnreadableValue,
        // Arrow's messages may quote a cell, which may be personal data: say what failed, not
        // what the cell held.
        what: format!(
            "该列无法读作文本或日期 the column cannot be read as text or dates ({})",
            arrow_kind(&e)
        ),
    }
}

fn arrow_kind(e: &ArrowError) -> &'static str {
    match e {
        ArrowError::CastError(_) => "a cell cannot be converted",
        ArrowError::NotYetImplemented(_) => "unsupported column type",
        ArrowError::InvalidArgumentError(_) => "invalid column",
        _ => "Arrow error",
    }
}

pub(super) struct Batches<'a> {
    pub(super) batches: &'a [RecordBatch],
    pub(super) map: HeaderMap,
    pub(super) at: &'a Location,
}

impl<'a> Batches<'a> {
    pub(super) fn new(
        batches: &'a [RecordBatch],
        role: TableRole,
        at: &'a Location,
    ) -> Result<Self, InputError> {
        // A table with neither columns nor rows (an empty list from Python) is simply empty.
        let schema = match batches.first() {
            Some(b) => b.schema(),
            None => {
                return Ok(Batches {
                    batches,
                    map: HeaderMap::default(),
                    at,
                });
            }
        };
        if schema.fields().is_empty() && batches.iter().all(|b| b.num_rows() == 0) {
            return Ok(Batches {
                batches,
                map: HeaderMap::default(),
                at,
            });
        }
        let map = resolve_headers(&schema, role, at)?;
        Ok(Batches { batches, map, at })
    }

    /// The number of rows across the batches.
    pub(super) fn rows(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }

    pub(super) fn column(&self, b: &RecordBatch, canonical: &str) -> Option<ArrayRef> {
        self.map.index.get(canonical).map(|&i| b.column(i).clone())
    }

    /// Fills one typed column from text cells, across all batches; empty when absent.
    pub(super) fn texts<T: Copy + Send>(
        &self,
        canonical: &str,
        parse: impl Fn(&str) -> Option<T> + Sync,
    ) -> Result<Vec<Cell<T>>, InputError> {
        if !self.map.index.contains_key(canonical) {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(self.rows());
        for b in self.batches {
            if let Some(a) = self.column(b, canonical) {
                let t = text_col(&a).map_err(arrow_err(self.at, canonical))?;
                // In parallel; labels repeat, so each piece of work reads a distinct text once
                // (up to a few hundred of them: beyond, the column is not one of labels).
                let cells = crate::par::rows(a.len(), TextMemo::<T>::default, |memo, i| {
                    let text = t.get(i);
                    let key = ShortText::of(text.unwrap_or_default());
                    if let Some(c) = key.and_then(|k| memo.get(&k)) {
                        return *c;
                    }
                    let c = Cell::read(text, |s| parse(s).ok_or(()));
                    if let Some(k) = key.filter(|_| memo.len() < MEMO_TEXTS) {
                        memo.insert(k, c);
                    }
                    c
                });
                crate::par::append(&mut out, cells);
            }
        }
        Ok(out)
    }

    /// A free-text column (names), trimmed, empty cells as `None`; all `None` when absent.
    pub(super) fn free_texts(
        &self,
        canonical: &str,
    ) -> Result<Vec<Option<std::sync::Arc<str>>>, InputError> {
        let mut out = Vec::with_capacity(self.rows());
        for b in self.batches {
            match self.column(b, canonical) {
                Some(a) => {
                    let col = text_col(&a).map_err(arrow_err(self.at, canonical))?;
                    out.extend((0..b.num_rows()).map(|i| {
                        col.get(i)
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(std::sync::Arc::from)
                    }));
                }
                None => out.extend(std::iter::repeat_n(None, b.num_rows())),
            }
        }
        Ok(out)
    }

    /// A text column of labels, each distinct text once (empty when absent).
    pub(super) fn text_codes(
        &self,
        canonical: &str,
    ) -> Result<crate::cells::TextCodes, InputError> {
        let mut out = crate::cells::TextCodes::default();
        if !self.map.index.contains_key(canonical) {
            return Ok(out);
        }
        out.codes.reserve(self.rows());
        for b in self.batches {
            if let Some(a) = self.column(b, canonical) {
                let col = text_col(&a).map_err(arrow_err(self.at, canonical))?;
                for i in 0..a.len() {
                    out.push(col.get(i));
                }
            }
        }
        Ok(out)
    }

    pub(super) fn dates(
        &self,
        canonical: &str,
        allow_month: bool,
    ) -> Result<Vec<Cell<crate::date::PartialDate>>, InputError> {
        let mut out = Vec::new();
        for b in self.batches {
            if let Some(a) = self.column(b, canonical) {
                let d = date_col(&a).map_err(arrow_err(self.at, canonical))?;
                out.extend((0..a.len()).map(|i| d.get(i, allow_month)));
            }
        }
        Ok(out)
    }

    pub(super) fn days(&self, canonical: &str) -> Result<Vec<Cell<chrono::NaiveDate>>, InputError> {
        if !self.map.index.contains_key(canonical) {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(self.rows());
        for b in self.batches {
            if let Some(a) = self.column(b, canonical) {
                let d = date_col(&a).map_err(arrow_err(self.at, canonical))?;
                let cells = crate::par::rows(a.len(), DayMemo::default, |m, i| d.day_with(i, m));
                crate::par::append(&mut out, cells);
            }
        }
        Ok(out)
    }

    pub(super) fn ids(&self) -> Result<crate::people::IdColumn, InputError> {
        let mut out = crate::people::IdColumn::default();
        for b in self.batches {
            if let Some(a) = self.column(b, "id_number") {
                push_ids(&mut out, &a).map_err(arrow_err(self.at, "id_number"))?;
            }
        }
        Ok(out)
    }

    /// Every batch must have the first batch's columns in the same order (types may differ
    /// between batches, since cells are read whatever their type), or columns would shift.
    pub(super) fn check_schemas(&self) -> Result<(), InputError> {
        let names = |b: &RecordBatch| {
            b.schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect::<Vec<_>>()
        };
        let first = self.batches.first().map(names);
        for b in self.batches.iter().skip(1) {
            if Some(names(b)) != first {
                return Err(InputError::bad(
                    self.at.clone(),
                    ProblemKind::Malformed,
                    "各批数据的列不一致 the record batches do not share one set of columns",
                ));
            }
        }
        Ok(())
    }
}

/// The `people` table from record batches.
pub fn people_from_batches(batches: &[RecordBatch], at: &Location) -> Result<People, InputError> {
    let t = Batches::new(batches, TableRole::People, at)?;
    t.check_schemas()?;
    Ok(People {
        id: t.ids()?,
        sex: t.texts("sex", |s| Sex::parse(s).ok())?,
        birth_date: t.dates("birth_date", true)?,
        ethnicity: t.texts("ethnicity", |s| Ethnicity::parse(s).ok())?,
        education: t.texts("education", |s| Education::parse(s).ok())?,
        party: t.texts("party", |s| Party::parse(s).ok())?,
        finance_skill: t.texts("finance_skill", parse_yes_no)?,
        headers: t.map.headers.clone(),
    })
}

/// The names (姓名) of the `people` rows, for results and the clerk's text; empty when the
/// table has no name column. Names are personal data: results carry them (masked on request),
/// errors and logs never do.
pub fn person_names(
    batches: &[RecordBatch],
    at: &Location,
) -> Result<Vec<Option<std::sync::Arc<str>>>, InputError> {
    let t = Batches::new(batches, TableRole::People, at)?;
    if !t.map.index.contains_key("name") {
        return Ok(Vec::new());
    }
    t.free_texts("name")
}

/// Each person's name (from `people`'s batches) by full ID number, the first row's where
/// a number repeats; `ids` is the table's ID column as read ([`people_from_batches`]).
pub fn names_by_id(
    batches: &[RecordBatch],
    at: &Location,
    ids: &crate::people::IdColumn,
) -> Result<std::collections::HashMap<String, std::sync::Arc<str>>, InputError> {
    let names = person_names(batches, at)?;
    let mut by_id = std::collections::HashMap::new();
    for (row, cell) in ids.cells.iter().enumerate() {
        if let (Ok(id), Some(Some(n))) = (cell, names.get(row)) {
            by_id.entry(id.to_string()).or_insert_with(|| n.clone());
        }
    }
    Ok(by_id)
}

/// The `roster` table from record batches.
pub fn roster_from_batches(batches: &[RecordBatch], at: &Location) -> Result<Roster, InputError> {
    let t = Batches::new(batches, TableRole::Roster, at)?;
    t.check_schemas()?;
    Ok(Roster {
        id: t.ids()?,
        unit_code: t.texts("unit_code", |s| {
            crate::division::DivisionCode::parse(s).ok()
        })?,
        body: t.texts("body", Body::parse)?,
        role: t.texts("role", Role::parse)?,
        status: t.texts("status", Status::parse)?,
        term: t.texts("term", |s| s.trim().parse::<u16>().ok())?,
        subsidised: t.texts("subsidised", crate::person::parse_yes_no)?,
        background: t.text_codes("background")?,
        headers: t.map.headers.clone(),
        numeric_matches: BTreeMap::new(),
    })
}

/// The `relations` table from record batches.
pub fn relations_from_batches(
    batches: &[RecordBatch],
    at: &Location,
) -> Result<crate::kinship::Relations, InputError> {
    use crate::kinship::{Lineage, RelationLabelError, RelationWord, Relations};
    let vocab = crate::kinship::vocabulary();
    let t = Batches::new(batches, TableRole::Relations, at)?;
    t.check_schemas()?;
    let mut out = Relations::default();
    out.reserve(batches.iter().map(|b| b.num_rows()).sum());
    out.kind = t.texts("kind", Lineage::parse)?;
    out.start_date = t.days("start_date")?;
    out.end_date = t.days("end_date")?;
    out.headers = t.map.headers.clone();
    for b in batches {
        let col = |name: &str| -> Result<Option<TextCol>, InputError> {
            t.column(b, name)
                .map(|a| text_col(&a).map_err(arrow_err(at, name)))
                .transpose()
        };
        let (person, relative, relation) = (col("person")?, col("relative")?, col("relation")?);
        // Relation words repeat: read each distinct word once per batch.
        let mut words: std::collections::HashMap<
            &str,
            Option<RelationWord>,
            std::hash::BuildHasherDefault<crate::hash::IdHasher>,
        > = std::collections::HashMap::default();
        // A family sheet lists one person's relatives in consecutive rows: read a person
        // cell once per run.
        let mut last: Option<(&str, crate::people::Cell<crate::kinship::Kin>)> = None;
        for i in 0..b.num_rows() {
            let text = person.as_ref().and_then(|c| c.get(i));
            let p = match (text, last) {
                (Some(t), Some((prev, cell))) if t == prev => cell,
                _ => {
                    let cell = out.kin_cell(text);
                    last = text.map(|t| (t, cell));
                    cell
                }
            };
            let q = out.kin_cell(relative.as_ref().and_then(|c| c.get(i)));
            out.person.push(p);
            out.relative.push(q);
            let word = relation
                .as_ref()
                .and_then(|c| c.get(i))
                .map(str::trim)
                .filter(|t| !t.is_empty());
            let cell = match word {
                None => Cell::Missing,
                Some(w) => match words.entry(w).or_insert_with(|| vocab.read(w)) {
                    Some(l) => Cell::Value(*l),
                    None => {
                        out.relation_errors
                            .insert(out.relation.len(), RelationLabelError::Unknown);
                        Cell::Invalid
                    }
                },
            };
            out.relation.push(cell);
        }
    }
    Ok(out)
}

/// Cells by their text, for columns of labels (a yes/no column, sex, education); a missing
/// cell counts as empty text, which reads the same.
type TextMemo<T> = std::collections::HashMap<
    ShortText,
    Cell<T>,
    std::hash::BuildHasherDefault<crate::hash::IdHasher>,
>;
/// How many distinct texts a [`TextMemo`] keeps.
const MEMO_TEXTS: usize = 256;

/// Kind and grade cells by their labels (each `None` when missing), resolved once per
/// distinct pair.
type LabelMemo = std::collections::HashMap<
    (Option<ShortText>, Option<ShortText>),
    (Cell<u16>, Cell<u16>),
    std::hash::BuildHasherDefault<crate::hash::IdHasher>,
>;

/// The `records` table from record batches; kinds and grades are resolved against `pack`.
pub fn records_from_batches(
    batches: &[RecordBatch],
    at: &Location,
    pack: &RulePack,
) -> Result<Records, InputError> {
    let t = Batches::new(batches, TableRole::Records, at)?;
    t.check_schemas()?;
    // The ID numbers (the costly column) are parsed while the other columns are read.
    let (id, rest) = crate::par::join(
        || t.ids(),
        || -> Result<_, InputError> {
            Ok((
                t.days("date")?,
                t.days("end_date")?,
                t.texts("rectified", parse_yes_no)?,
                kinds_and_grades(&t, batches, at, pack)?,
            ))
        },
    );
    let (date, end_date, rectified, (kind, grade, unknown_kind)) = rest?;
    Ok(Records {
        id: id?,
        kind,
        unknown_kind,
        date,
        end_date,
        grade,
        rectified,
        headers: t.map.headers.clone(),
        numeric_matches: BTreeMap::new(),
    })
}

type KindColumns = (Vec<Cell<u16>>, Vec<Cell<u16>>, BTreeMap<usize, String>);

/// The kind and grade columns, resolved against the pack.
fn kinds_and_grades(
    t: &Batches<'_>,
    batches: &[RecordBatch],
    at: &Location,
    pack: &RulePack,
) -> Result<KindColumns, InputError> {
    let rows = t.rows();
    let (mut kind_col, mut grade_col, mut unknown) = (
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        BTreeMap::new(),
    );
    // Kind and grade labels repeat: resolve each distinct pair once per batch.
    for b in batches {
        let kinds = match t.column(b, "kind") {
            Some(a) => Some(text_col(&a).map_err(arrow_err(at, "kind"))?),
            None => None,
        };
        let grades = match t.column(b, "grade") {
            Some(a) => Some(text_col(&a).map_err(arrow_err(at, "grade"))?),
            None => None,
        };
        // In parallel, each piece of work with its own memo.
        let cells = crate::par::rows(b.num_rows(), LabelMemo::default, |memo, i| {
            let kind = kinds.as_ref().and_then(|k| k.get(i));
            let grade = grades.as_ref().and_then(|g| g.get(i));
            let resolve = || crate::vetting::resolve_kind_and_grade(kind, grade, pack);
            // (A label too long for a key is resolved on its own.)
            match (kind.map(ShortText::of), grade.map(ShortText::of)) {
                (Some(None), _) | (_, Some(None)) => resolve(),
                (k, g) => *memo
                    .entry((k.flatten(), g.flatten()))
                    .or_insert_with(resolve),
            }
        });
        let start = kind_col.len();
        for (k, g) in cells {
            kind_col.push(k);
            grade_col.push(g);
        }
        for (i, k) in kind_col.iter().enumerate().skip(start) {
            if *k == Cell::Invalid
                && let Some(label) = kinds.as_ref().and_then(|c| c.get(i - start))
            {
                unknown.insert(i, label.trim().to_string());
            }
        }
    }
    Ok((kind_col, grade_col, unknown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, StringArray};
    use arrow_schema::{DataType, Field};
    use std::sync::Arc;

    fn batch(cols: &[(&str, &str)]) -> RecordBatch {
        let fields: Vec<Field> = cols
            .iter()
            .map(|(n, _)| Field::new(*n, DataType::Utf8, true))
            .collect();
        let arrays: Vec<ArrayRef> = cols
            .iter()
            .map(|(_, v)| Arc::new(StringArray::from(vec![*v])) as ArrayRef)
            .collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
    }

    #[test]
    fn batches_with_columns_in_another_order_are_refused() {
        let pack = RulePack::builtin("cn-2021").unwrap();
        let at = Location {
            table: "records".into(),
            ..Location::default()
        };
        let id = "11010519491231002X";
        let a = batch(&[("id_number", id), ("kind", "vice")]);
        let b = batch(&[("kind", "vice"), ("id_number", id)]);
        assert!(records_from_batches(&[a.clone(), b], &at, &pack).is_err());
        let records = records_from_batches(&[a.clone(), a], &at, &pack).unwrap();
        assert_eq!(records.len(), 2);
    }

    #[test]
    fn an_empty_table_without_columns_is_empty() {
        let at = Location {
            table: "people".into(),
            ..Location::default()
        };
        let empty = RecordBatch::new_empty(Arc::new(Schema::empty()));
        assert_eq!(people_from_batches(&[empty], &at).unwrap().len(), 0);
        let missing = batch(&[("姓名", "张三")]);
        assert!(matches!(
            people_from_batches(&[missing], &at),
            Err(InputError::MissingColumns { .. })
        ));
    }
}
