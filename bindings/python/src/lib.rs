//! `huanjie._huanjie`: the native module behind the `huanjie` Python package.
//!
//! Tables cross the boundary as Arrow (the PyCapsule stream protocol) and go through the same
//! table layer as the command-line tool; the GIL is released while the core works. No error
//! raised here carries a resident ID number or a name.

// Core errors carry their location by value (see the core crate); not worth boxing.
#![allow(clippy::result_large_err)]

mod election;
mod errors;
mod files;
mod frames;
mod html;
mod ids;
mod input;
mod kin;
mod packs;
mod reference;
mod review;
mod run;
mod summary;

use pyo3::prelude::*;

#[pymodule]
fn _huanjie(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", huanjie::VERSION)?;
    errors::register(m)?;
    m.add_class::<ids::ResidentId>()?;
    m.add_class::<packs::RulePack>()?;
    m.add_class::<run::NativeCheck>()?;
    m.add_class::<kin::FamilyGraph>()?;
    m.add_class::<election::NativeCount>()?;
    m.add_class::<election::NativeVoters>()?;
    m.add_function(wrap_pyfunction!(election::voters, m)?)?;
    m.add_function(wrap_pyfunction!(election::stats, m)?)?;
    m.add_class::<election::NativeStats>()?;
    m.add_function(wrap_pyfunction!(summary::report, m)?)?;
    m.add_class::<summary::NativeReport>()?;
    m.add_function(wrap_pyfunction!(election::count, m)?)?;
    m.add_function(wrap_pyfunction!(election::apportion, m)?)?;
    m.add_function(wrap_pyfunction!(election::recall, m)?)?;
    m.add_function(wrap_pyfunction!(run::check, m)?)?;
    m.add_function(wrap_pyfunction!(review::review_request, m)?)?;
    m.add_function(wrap_pyfunction!(review::review_collect, m)?)?;
    m.add_function(wrap_pyfunction!(ids::ids, m)?)?;
    m.add_function(wrap_pyfunction!(files::read_table, m)?)?;
    m.add_function(wrap_pyfunction!(reference::reference_ningxia_2021, m)?)?;
    m.add_function(wrap_pyfunction!(reference::reference_demo, m)?)?;
    m.add_function(wrap_pyfunction!(run::to_table, m)?)?;
    m.add_function(wrap_pyfunction!(run::table_to_xlsx, m)?)?;
    m.add_function(wrap_pyfunction!(run::_rust_api_seconds, m)?)?;
    m.add_function(wrap_pyfunction!(frames::normalize_header, m)?)?;
    m.add_function(wrap_pyfunction!(frames::canonical_column, m)?)?;
    m.add_function(wrap_pyfunction!(frames::used_columns, m)?)?;
    m.add_function(wrap_pyfunction!(frames::id_column, m)?)?;
    m.add_function(wrap_pyfunction!(frames::normalize_ids, m)?)?;
    m.add_function(wrap_pyfunction!(frames::_input_error, m)?)?;
    m.add_function(wrap_pyfunction!(html::notebook_html, m)?)?;
    Ok(())
}
