//! The one exception hierarchy: `HuanjieError` (a `ValueError`) and its subclasses.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    huanjie,
    HuanjieError,
    PyValueError,
    "Base class of every huanjie error."
);
create_exception!(
    huanjie,
    InvalidIdError,
    HuanjieError,
    "A resident ID number is not valid."
);
create_exception!(
    huanjie,
    InputError,
    HuanjieError,
    "A table cannot be used: a missing or doubled column, an unreadable value (names the table, column and row)."
);
create_exception!(
    huanjie,
    RulePackError,
    HuanjieError,
    "A rule pack cannot be read or resolved, or lacks a value in strict mode."
);

/// The attributes every huanjie exception carries (None where they do not apply).
const ATTRIBUTES: [&str; 8] = [
    "kind", "table", "file", "sheet", "row", "line", "column", "detail",
];

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = py.get_type::<HuanjieError>();
    for a in ATTRIBUTES {
        base.setattr(a, py.None())?;
    }
    m.add("HuanjieError", base)?;
    m.add("InvalidIdError", py.get_type::<InvalidIdError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("RulePackError", py.get_type::<RulePackError>())?;
    Ok(())
}

/// The Python exception for a core error (a function, since `From` would break the orphan
/// rule): the text as the command line prints it, and the structured detail as attributes —
/// `kind` (`missing_column`, `unreadable_value`, `pack_invalid`, …), `table`, `file`, `sheet`,
/// `row` (0-based data row), `line` (what the clerk sees), `column`, `detail` (what was wrong,
/// without the location).
pub(crate) fn to_py(e: huanjie::Error) -> PyErr {
    let text = e.to_string();
    let kind = e.kind();
    let at = e.location().cloned();
    let detail = match &e {
        huanjie::Error::Input(
            huanjie::InputError::BadValue { what, .. }
            | huanjie::InputError::Unreadable { what, .. },
        ) => Some(what.clone()),
        huanjie::Error::Input(huanjie::InputError::MissingColumns { columns, .. }) => {
            Some(format!("missing required column(s) {}", columns.join(", ")))
        }
        huanjie::Error::Input(huanjie::InputError::DuplicateColumn {
            canonical,
            first,
            second,
            ..
        }) => Some(format!(
            "headers {first:?} and {second:?} both mean column {canonical}"
        )),
        _ => None,
    };
    let err = match e {
        huanjie::Error::Input(_) => InputError::new_err(text),
        huanjie::Error::Pack(_) => RulePackError::new_err(text),
        huanjie::Error::Id(_) => InvalidIdError::new_err(text),
        other => HuanjieError::new_err(other.to_string()),
    };
    Python::attach(|py| {
        let v = err.value(py);
        // (Setting attributes on a fresh exception cannot fail in practice; if it did, the
        // exception still carries its text.)
        let _ = v.setattr("kind", kind);
        let _ = v.setattr("detail", detail);
        if let Some(at) = at {
            let _ = v.setattr("table", at.table.clone());
            let _ = v.setattr("file", at.file.clone());
            let _ = v.setattr("sheet", at.sheet.clone());
            let _ = v.setattr("row", at.row);
            let _ = v.setattr("line", at.line());
            let _ = v.setattr("column", at.column.clone());
        }
    });
    err
}

/// An input error about a table (for problems found on the Python side of the conversion).
pub(crate) fn input(table: &str, what: impl std::fmt::Display) -> PyErr {
    let detail = what.to_string();
    let err = InputError::new_err(format!("table {table}: {detail}"));
    Python::attach(|py| {
        let v = err.value(py);
        let _ = v.setattr("kind", "unreadable_value");
        let _ = v.setattr("table", table);
        let _ = v.setattr("detail", detail);
    });
    err
}
