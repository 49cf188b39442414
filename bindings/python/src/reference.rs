//! `huanjie.reference`: the synthetic Ningxia 2020–21 data set and the demo run on it.

use crate::errors::{HuanjieError, to_py};
use crate::run::{arrow_err, table_of};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// The tables of the Ningxia 2020–21 reference data set for `seed`: `[(name, table)]`.
#[pyfunction]
pub(crate) fn reference_ningxia_2021(
    py: Python<'_>,
    seed: u64,
) -> PyResult<Vec<(String, PyTable)>> {
    let data = py
        .detach(|| huanjie::reference::ningxia_2021(seed))
        .map_err(arrow_err)?;
    data.tables
        .into_iter()
        .map(|(name, batch)| Ok((name.to_string(), table_of(batch)?)))
        .collect()
}

/// The demo for `seed`: the pipeline run on the data set; the figures as JSON text
/// (`{"dataset", "seed", "pack", "figures": [...]}`), and the HTML report.
#[pyfunction]
pub(crate) fn reference_demo(py: Python<'_>, seed: u64) -> PyResult<(String, String)> {
    let run = py.detach(|| -> Result<_, huanjie::Error> {
        let data = huanjie::reference::ningxia_2021(seed).map_err(|e| {
            huanjie::Error::Input(huanjie::InputError::bad(
                huanjie::error::Location::table("reference"),
                huanjie::error::ProblemKind::Other,
                e.to_string(),
            ))
        })?;
        let run = huanjie::reference::demo(&data)?;
        let html = huanjie::reference::demo_html(&data, &run);
        Ok((run, html))
    });
    let (run, html) = run.map_err(to_py)?;
    let json = serde_json::to_string(&serde_json::json!({
        "dataset": huanjie::reference::DATASET,
        "seed": seed,
        "pack": run.pack.name,
        "synthetic": true,
        "figures": run.figures,
    }))
    .map_err(|e| HuanjieError::new_err(e.to_string()))?;
    Ok((json, html))
}
