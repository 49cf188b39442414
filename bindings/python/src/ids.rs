//! `huanjie.ResidentId`, and `ids`: a whole column of numbers checked at once in Rust.

use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use huanjie::IdError;
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyList, PyString, PyTuple};
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyArray;

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
        let as_of = optional_date(as_of)?;
        huanjie::table::check_id(text, as_of)
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

    /// `"hong_kong"`, `"macao"` or `"taiwan"` for a residence permit of Hong Kong, Macao or
    /// Taiwan residents (address code 81…, 82…, 83…); `None` for a mainland resident's number.
    #[getter]
    fn residence_permit(&self) -> Option<&'static str> {
        self.0.residence_permit().map(|p| p.as_str())
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

fn optional_date(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<NaiveDate>> {
    v.filter(|v| !v.is_none())
        .map(|v| crate::run::as_date(v, "as_of"))
        .transpose()
}

/// A column of numbers checked at once: one row per value (`id_number`, `valid`, `reason`,
/// `birth_date`, `sex`, `region`, `residence_permit`), the work done in Rust with the GIL
/// released.
#[pyfunction]
#[pyo3(signature = (column, *, as_of=None))]
pub(crate) fn ids(
    py: Python<'_>,
    column: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTable> {
    let as_of = optional_date(as_of)?;
    let batches = match arrays(column)? {
        Column::Arrow(chunks) => py
            .detach(|| {
                chunks
                    .iter()
                    .map(|c| huanjie::table::ids_table(c.as_ref(), as_of))
                    .collect::<Result<Vec<RecordBatch>, _>>()
            })
            .map_err(|e| PyTypeError::new_err(e.to_string()))?,
        Column::Values(cells) => {
            let batch = py.detach(|| {
                huanjie::table::ids_table_of(cells.into_iter().map(|c| match c {
                    Cell::Text(t) => huanjie::table::check_id(&t, as_of),
                    Cell::Invalid(e) => Err(e),
                }))
            });
            vec![batch.map_err(crate::run::arrow_err)?]
        }
    };
    PyTable::try_new(batches, huanjie::table::ids_table_schema())
}

/// A column handed over from Python: Arrow arrays, or values read one by one in Rust.
enum Column {
    Arrow(Vec<ArrayRef>),
    Values(Vec<Cell>),
}

/// One value of a Python sequence: text to check, or already known to be invalid.
enum Cell {
    Text(String),
    Invalid(IdError),
}

fn not_a_column(what: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "ids() takes one column of ID numbers (a pyarrow Array or ChunkedArray, a pandas or \
         polars Series, a one-dimensional numpy array or a list), not {what}"
    ))
}

/// The arrays of `obj` (see [`ids`]). The Arrow PyCapsule protocol first (pyarrow, pandas,
/// polars: no copy); a list or tuple value by value; a numpy array of numbers or text
/// through pyarrow when it is installed, else value by value.
fn arrays(obj: &Bound<'_, PyAny>) -> PyResult<Column> {
    let py = obj.py();
    if obj.cast::<PyString>().is_ok() {
        return Err(not_a_column("a single str (pass a list of numbers)"));
    }
    if (obj.hasattr(intern!(py, "__arrow_c_array__"))?
        || obj.hasattr(intern!(py, "__arrow_c_stream__"))?)
        && let Some(chunks) = arrow_chunks(obj)?
    {
        return Ok(Column::Arrow(chunks));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return values(list.as_any());
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return values(tuple.as_any());
    }
    if obj.hasattr(intern!(py, "dtype"))? && obj.hasattr(intern!(py, "tolist"))? {
        // numpy (and anything shaped like it).
        if let Ok(ndim) = obj.getattr(intern!(py, "ndim"))
            && ndim.extract::<usize>().is_ok_and(|n| n != 1)
        {
            return Err(not_a_column("an array of more than one dimension"));
        }
        let kind: String = obj
            .getattr(intern!(py, "dtype"))?
            .getattr(intern!(py, "kind"))
            .and_then(|k| k.extract())
            .unwrap_or_default();
        // Numbers and text convert to a typed Arrow array without a Python object per
        // value; objects (which may mix text and numbers) go value by value.
        if matches!(kind.as_str(), "i" | "u" | "f" | "U")
            && let Ok(pa) = py.import(intern!(py, "pyarrow"))
            && let Ok(array) = pa.call_method1(intern!(py, "array"), (obj,))
            && let Some(chunks) = arrow_chunks(&array)?
        {
            return Ok(Column::Arrow(chunks));
        }
        return values(&obj.call_method0(intern!(py, "tolist"))?);
    }
    if obj.hasattr(intern!(py, "tolist"))? {
        return values(&obj.call_method0(intern!(py, "tolist"))?);
    }
    if obj.try_iter().is_ok() {
        return values(obj);
    }
    Err(not_a_column(&obj.get_type().name()?.to_string()))
}

/// The chunks of an object with the Arrow PyCapsule protocol; `None` when it cannot be read
/// that way (a pandas column mixing text and numbers, say), to be read value by value. A
/// table of one column is that column; of more, an error.
fn arrow_chunks(obj: &Bound<'_, PyAny>) -> PyResult<Option<Vec<ArrayRef>>> {
    // The exporting library's message may quote a value (an ID number): never passed on.
    let Ok(any) = obj.extract::<AnyArray>() else {
        return Ok(None);
    };
    let Ok(reader) = any.into_reader() else {
        return Ok(None);
    };
    let mut chunks = Vec::new();
    for chunk in reader {
        let Ok(chunk) = chunk else {
            return Ok(None);
        };
        chunks.push(chunk);
    }
    // A table (a DataFrame, a pyarrow Table) comes as a stream of structs.
    let mut columns = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        match chunk.data_type() {
            DataType::Struct(fields) if fields.len() == 1 => {
                if let Some(s) = chunk.as_any().downcast_ref::<arrow_array::StructArray>() {
                    columns.push(s.column(0).clone());
                }
            }
            DataType::Struct(fields) => {
                return Err(not_a_column(&format!(
                    "a table of {} columns (pass the ID column, e.g. df[\"身份证号码\"])",
                    fields.len()
                )));
            }
            _ => columns.push(chunk),
        }
    }
    Ok(Some(columns))
}

/// The values of a Python sequence, one by one: text is checked as text, an int as its
/// digits, a float is a number a spreadsheet stored as a number (NaN: missing), `None` is
/// missing, anything else its `str()`.
fn values(seq: &Bound<'_, PyAny>) -> PyResult<Column> {
    let mut cells = Vec::with_capacity(seq.len().unwrap_or(0));
    for item in seq.try_iter()? {
        let item = item?;
        let cell = if item.is_none() {
            Cell::Invalid(IdError::Empty)
        } else if let Ok(s) = item.cast::<PyString>() {
            Cell::Text(s.to_cow()?.into_owned())
        } else if item.cast::<PyFloat>().is_ok() {
            let f: f64 = item.extract()?;
            Cell::Invalid(if f.is_nan() {
                IdError::Empty
            } else {
                IdError::StoredAsNumber
            })
        } else {
            // An int is its digits; anything else its text.
            Cell::Text(item.str()?.to_cow()?.into_owned())
        };
        cells.push(cell);
    }
    Ok(Column::Values(cells))
}
