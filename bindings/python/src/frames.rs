//! Frames as huanjie reads them, for the Python side: header matching (the table layer's own),
//! the columns a table uses (so that nothing else is converted), and ID numbers as join keys.

use crate::errors::{HuanjieError, to_py};
use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType, Field};
use huanjie::error::{Location, ProblemKind};
use huanjie::table::{TableRole, aliases_of, canonical_column as core_canonical};
use huanjie::{IdError, ResidentId};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3_arrow::PyArray;
use pyo3_arrow::input::AnyArray;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// The role of a table by its name in the API (`previous` is a roster).
pub(crate) fn role_of(table: &str) -> Option<TableRole> {
    if table == "previous" {
        return Some(TableRole::Roster);
    }
    TableRole::ALL.into_iter().find(|r| r.name() == table)
}

fn role(table: &str) -> PyResult<TableRole> {
    role_of(table).ok_or_else(|| {
        let names: Vec<&str> = TableRole::ALL.iter().map(|r| r.name()).collect();
        HuanjieError::new_err(format!(
            "unknown table {table:?}: one of {}, previous",
            names.join(", ")
        ))
    })
}

/// Headers that also name the ID number column in the spreadsheets met in practice, accepted
/// where a frame's ID column is looked for (`CheckResult.annotate`) besides the table layer's
/// own aliases of `id_number`.
const MORE_ID_HEADERS: [&str; 4] = [
    "公民身份证号码",
    "身份证件号码",
    "身份证号码（18位）",
    "证件号",
];

/// Whether a header means the ID number.
pub(crate) fn is_id_header(header: &str) -> bool {
    if core_canonical(header, &["id_number"]).is_some() {
        return true;
    }
    let h = huanjie::table::normalize_header(header);
    MORE_ID_HEADERS
        .iter()
        .any(|a| huanjie::table::normalize_header(a) == h)
}

/// Every header accepted for the ID number, canonical name first.
pub(crate) fn id_headers() -> Vec<&'static str> {
    let mut out = vec!["id_number"];
    for a in aliases_of("id_number").iter().chain(MORE_ID_HEADERS.iter()) {
        if !out.contains(a) {
            out.push(a);
        }
    }
    out
}

/// The header normalised as the table layer matches it: NFKC, trimmed, spaces removed inside
/// Chinese headers, English lower-cased with spaces and dashes as underscores.
#[pyfunction]
pub(crate) fn normalize_header(header: &str) -> String {
    huanjie::table::normalize_header(header)
}

/// The canonical column `header` means in `table` (`people`, `roster`, …, `previous`), if any.
#[pyfunction]
pub(crate) fn canonical_column(header: &str, table: &str) -> PyResult<Option<&'static str>> {
    Ok(core_canonical(header, role(table)?.columns()))
}

/// For each header, whether `table` reads the column (its header means one of the table's
/// canonical columns): the columns to hand over; the others are never converted.
#[pyfunction]
pub(crate) fn used_columns(table: &str, headers: Vec<String>) -> PyResult<Vec<bool>> {
    let columns = role(table)?.columns();
    Ok(headers
        .iter()
        .map(|h| core_canonical(h, columns).is_some())
        .collect())
}

/// The position of the ID number column among `headers`. Raises `InputError` naming the
/// accepted headers when there is none, and the two headers when two mean it.
#[pyfunction]
#[pyo3(signature = (headers, table="people"))]
pub(crate) fn id_column(headers: Vec<String>, table: &str) -> PyResult<usize> {
    let at = Location {
        table: table.into(),
        ..Location::default()
    };
    let mut found: Option<usize> = None;
    for (i, h) in headers.iter().enumerate() {
        if !is_id_header(h) {
            continue;
        }
        if let Some(first) = found {
            return Err(to_py(
                huanjie::InputError::DuplicateColumn {
                    at,
                    canonical: "id_number".into(),
                    first: headers[first].clone(),
                    second: h.clone(),
                }
                .into(),
            ));
        }
        found = Some(i);
    }
    found.ok_or_else(|| {
        to_py(
            huanjie::InputError::bad(
                at,
                ProblemKind::MissingColumn,
                format!(
                    "no ID number column; the headers accepted for it are {}",
                    id_headers().join(", ")
                ),
            )
            .into(),
        )
    })
}

/// An `InputError` about one column of a table (for problems found on the Python side).
#[pyfunction]
pub(crate) fn _input_error(py: Python<'_>, table: &str, column: &str, detail: &str) -> Py<PyAny> {
    let at = Location {
        table: table.into(),
        column: Some(column.into()),
        ..Location::default()
    };
    let e = huanjie::InputError::bad(at, ProblemKind::UnreadableValue, detail);
    to_py(e.into()).into_value(py).into_any()
}

/// An ID number as a join key: the number itself when it validates (whatever way it was
/// written: spaces, a leading apostrophe, full-width digits, a lower-case `x`, a 15-digit
/// number, `="…"` as a spreadsheet exports text), else the trimmed text (as the results give a
/// number that does not validate); `None` for an empty cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    /// The body of a valid number ([`ResidentId::to_u64`]: a legacy number and its upgrade
    /// are one key).
    Id(u64),
    /// The text of a number that does not validate.
    Text(String),
}

impl Key {
    /// The key of a cell's text.
    pub(crate) fn of(text: &str) -> Option<Key> {
        // Most cells are numbers that validate as they are written: one parse (its fast path).
        match ResidentId::parse(text) {
            Ok(id) => return Some(Key::Id(id.to_u64())),
            Err(IdError::Empty) => return None,
            Err(_) => {}
        }
        let t = text.trim();
        let Some(inner) = strip_formula(t).map(str::trim) else {
            return Some(Key::Text(t.to_string()));
        };
        match ResidentId::parse(inner) {
            Ok(id) => Some(Key::Id(id.to_u64())),
            Err(IdError::Empty) => None,
            Err(_) => Some(Key::Text(inner.to_string())),
        }
    }

    /// The key as text: the 18 characters of a valid number, or the text.
    pub(crate) fn text(&self) -> String {
        match self {
            Key::Id(v) => ResidentId::from_u64(*v).map_or_else(String::new, |id| id.to_string()),
            Key::Text(t) => t.clone(),
        }
    }
}

/// A hasher for the bodies of ID numbers: a multiply and a fold. (The standard hasher, made
/// to resist keys chosen by an adversary, costs several times as much on a million numbers;
/// the keys here are the user's own.)
#[derive(Default, Clone, Copy)]
pub(crate) struct BodyHasher(u64);

impl Hasher for BodyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u64(&mut self, v: u64) {
        let h = (self.0 ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 29);
    }
}

/// Values by [`Key`], the first inserted for a key kept: what a column is joined on.
pub(crate) struct Lookup<T> {
    ids: HashMap<u64, T, BuildHasherDefault<BodyHasher>>,
    texts: HashMap<String, T>,
}

impl<T: Copy> Lookup<T> {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Lookup {
            ids: HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default()),
            texts: HashMap::new(),
        }
    }
    /// Adds `value` under `key` unless the key has one already.
    pub(crate) fn insert(&mut self, key: Key, value: T) {
        match key {
            Key::Id(v) => {
                self.ids.entry(v).or_insert(value);
            }
            Key::Text(t) => {
                self.texts.entry(t).or_insert(value);
            }
        }
    }
    /// The value under `key`.
    pub(crate) fn get(&self, key: &Key) -> Option<T> {
        match key {
            Key::Id(v) => self.ids.get(v).copied(),
            Key::Text(t) => self.texts.get(t).copied(),
        }
    }
}

/// `="…"` (text a spreadsheet exports as a formula so that it stays text): the inside.
fn strip_formula(t: &str) -> Option<&str> {
    t.strip_prefix('=')?
        .trim_start()
        .strip_prefix('"')?
        .strip_suffix('"')
}

/// Calls `f` with the text of every cell of an ID column (`None` for null), whatever its type:
/// text, whole numbers, floating point (as a spreadsheet stored it: the library's own form, so
/// that a number that lost digits stays what the results call it), a dictionary of those.
fn each_text(a: &dyn Array, f: &mut dyn FnMut(Option<&str>)) -> Result<(), String> {
    macro_rules! ints {
        ($t:ty) => {
            for v in a.as_primitive::<$t>().iter() {
                f(v.map(|v| v.to_string()).as_deref())
            }
        };
    }
    match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().iter().for_each(f),
        DataType::LargeUtf8 => a.as_string::<i64>().iter().for_each(f),
        DataType::Utf8View => a.as_string_view().iter().for_each(f),
        DataType::Null => (0..a.len()).for_each(|_| f(None)),
        DataType::Int8 => ints!(Int8Type),
        DataType::Int16 => ints!(Int16Type),
        DataType::Int32 => ints!(Int32Type),
        DataType::Int64 => ints!(Int64Type),
        DataType::UInt8 => ints!(UInt8Type),
        DataType::UInt16 => ints!(UInt16Type),
        DataType::UInt32 => ints!(UInt32Type),
        DataType::UInt64 => ints!(UInt64Type),
        DataType::Float64 => {
            for v in a.as_primitive::<Float64Type>().iter() {
                f(v.map(huanjie::table::format_number).as_deref())
            }
        }
        DataType::Float32 => {
            for v in a.as_primitive::<Float32Type>().iter() {
                f(v.map(|v| huanjie::table::format_number(f64::from(v)))
                    .as_deref())
            }
        }
        DataType::Dictionary(_, _) => {
            let d = a.as_any_dictionary();
            let mut values: Vec<Option<String>> = Vec::with_capacity(d.values().len());
            each_text(d.values().as_ref(), &mut |v| {
                values.push(v.map(str::to_string))
            })?;
            let keys = d.keys();
            for (i, k) in d.normalized_keys().into_iter().enumerate() {
                let v = if keys.is_null(i) {
                    None
                } else {
                    values.get(k).and_then(|v| v.as_deref())
                };
                f(v);
            }
        }
        other => {
            return Err(format!(
                "an ID number column of type {other} cannot be read: ID numbers are text"
            ));
        }
    }
    Ok(())
}

/// The keys of an ID column handed over from Python: anything with the Arrow PyCapsule
/// protocol for arrays (a pyarrow Array or ChunkedArray, a polars or pandas Series), or a
/// sequence (a list; a pandas Series that Arrow cannot read, such as one mixing numbers and
/// text, is read through its `tolist()`).
pub(crate) fn keys_of(obj: &Bound<'_, PyAny>, table: &str) -> PyResult<Vec<Option<Key>>> {
    let py = obj.py();
    let arrow = obj.hasattr(intern!(py, "__arrow_c_stream__"))?
        || obj.hasattr(intern!(py, "__arrow_c_array__"))?;
    let unreadable = |what: String| {
        let at = Location {
            table: table.into(),
            ..Location::default()
        };
        to_py(huanjie::InputError::bad(at, ProblemKind::UnreadableValue, what).into())
    };
    if arrow {
        // The exporting library's message may quote a cell (an ID number): never pass it on.
        let chunks = obj
            .extract::<AnyArray>()
            .ok()
            .and_then(|any| any.into_reader().ok())
            .and_then(|reader| reader.collect::<Result<Vec<ArrayRef>, _>>().ok());
        if let Some(chunks) = chunks {
            let mut out = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
            for c in &chunks {
                each_text(c.as_ref(), &mut |t| out.push(t.and_then(Key::of)))
                    .map_err(unreadable)?;
            }
            return Ok(out);
        }
        if !obj.hasattr(intern!(py, "tolist"))? {
            return Err(unreadable(
                "the ID number column cannot be read through the Arrow protocol".into(),
            ));
        }
    }
    let seq = if obj.hasattr(intern!(py, "tolist"))? {
        obj.call_method0(intern!(py, "tolist"))?
    } else {
        obj.clone()
    };
    let mut out = Vec::new();
    for item in seq.try_iter().map_err(|_| {
        unreadable("the ID numbers must be a column (Series, Arrow array or list)".into())
    })? {
        out.push(
            crate::input::cell_text(&item?)?
                .as_deref()
                .and_then(Key::of),
        );
    }
    Ok(out)
}

/// The ID numbers of a column as huanjie joins them: the 18 characters of each valid number
/// (cleaned, a 15-digit number upgraded), the trimmed text of one that does not validate (as
/// the results give it), null for an empty cell. One Arrow string array, in the column's order.
#[pyfunction]
pub(crate) fn normalize_ids(values: &Bound<'_, PyAny>) -> PyResult<PyArray> {
    let keys = keys_of(values, "ids")?;
    let mut b = StringBuilder::with_capacity(keys.len(), keys.len() * 18);
    for k in &keys {
        b.append_option(k.as_ref().map(Key::text));
    }
    let array: ArrayRef = Arc::new(b.finish());
    PyArray::try_new(
        array,
        Arc::new(Field::new("id_number", DataType::Utf8, true)),
    )
    .map_err(|e| HuanjieError::new_err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        let id = "640121198003120132";
        let body = ResidentId::parse(id)
            .map(ResidentId::to_u64)
            .unwrap_or_default();
        let want = Some(Key::Id(body));
        for written in [
            id,
            " 640121 19800312 0132 ",
            "'640121198003120132",
            "=\"640121198003120132\"",
            "６４０１２１１９８００３１２０１３２",
            "640121800312013",
        ] {
            assert_eq!(Key::of(written), want, "{written}");
        }
        assert_eq!(Key::of("  "), None);
        assert_eq!(Key::of(" 123 "), Some(Key::Text("123".into())));
        assert_eq!(Key::Id(body).text(), id);
    }

    #[test]
    fn id_headers_are_found() {
        for h in [
            "id_number",
            "ID Number",
            "身份证号码",
            "公民身份号码",
            "身份证号码(18位)",
            "身份证号码（18位）",
            " 证件号 ",
        ] {
            assert!(is_id_header(h), "{h}");
        }
        assert!(!is_id_header("姓名"));
    }
}
