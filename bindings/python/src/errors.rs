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

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("HuanjieError", py.get_type::<HuanjieError>())?;
    m.add("InvalidIdError", py.get_type::<InvalidIdError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("RulePackError", py.get_type::<RulePackError>())?;
    Ok(())
}

/// The Python exception for a core error (a function, since `From` would break the orphan rule).
pub(crate) fn to_py(e: huanjie::Error) -> PyErr {
    match e {
        huanjie::Error::Input(e) => InputError::new_err(e.to_string()),
        huanjie::Error::Pack(e) => RulePackError::new_err(e.to_string()),
        huanjie::Error::Id(e) => InvalidIdError::new_err(e.to_string()),
        other => HuanjieError::new_err(other.to_string()),
    }
}

/// An input error about a table (for problems found on the Python side of the conversion).
pub(crate) fn input(table: &str, what: impl std::fmt::Display) -> PyErr {
    InputError::new_err(format!("table {table}: {what}"))
}
