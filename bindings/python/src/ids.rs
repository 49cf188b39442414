//! `huanjie.ResidentId`.

use chrono::NaiveDate;
use pyo3::prelude::*;

/// A validated resident identity number (GB 11643-1999), normalised to 18 characters.
#[pyclass(module = "huanjie", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(huanjie::ResidentId);

#[pymethods]
impl ResidentId {
    /// Parses and validates a number (spaces, apostrophes and full-width digits are cleaned,
    /// 15-digit numbers upgraded); with `as_of`, a birth date after it is rejected.
    #[new]
    #[pyo3(signature = (text, as_of=None))]
    fn new(text: &str, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let as_of = as_of
            .filter(|v| !v.is_none())
            .map(|v| crate::run::as_date(v, "as_of"))
            .transpose()?;
        let parsed = match as_of {
            Some(d) => huanjie::ResidentId::parse_as_of(text, d),
            None => huanjie::ResidentId::parse(text),
        };
        parsed
            .map(ResidentId)
            .map_err(|e| crate::errors::to_py(e.into()))
    }

    /// The birth date.
    #[getter]
    fn birth_date(&self) -> Option<NaiveDate> {
        self.0.birth_date()
    }

    /// `"male"` or `"female"` (odd sequence digit for men).
    #[getter]
    fn sex(&self) -> &'static str {
        self.0.sex().as_str()
    }

    /// The six-digit address code.
    #[getter]
    fn address_code(&self) -> String {
        format!("{:06}", self.0.address_code())
    }

    /// Whether it was given as a legacy 15-digit number.
    #[getter]
    fn is_legacy(&self) -> bool {
        self.0.is_legacy()
    }

    /// The full 18 characters.
    #[getter]
    fn number(&self) -> String {
        self.0.to_string()
    }

    /// The masked form for humans (`110105********002X`).
    fn masked(&self) -> String {
        self.0.masked()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("ResidentId('{}')", self.0.masked())
    }
}
