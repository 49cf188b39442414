//! `huanjie.RulePack`.

use crate::errors::RulePackError;
use pyo3::prelude::*;

/// A resolved rule pack: dated values with their legal references.
#[pyclass(module = "huanjie", frozen)]
#[derive(Clone)]
pub struct RulePack(pub(crate) huanjie::RulePack);

fn pack_err(e: huanjie::PackError) -> PyErr {
    crate::errors::to_py(e.into())
}

#[pymethods]
impl RulePack {
    /// A built-in pack: `cn-2021` (the default) or `ningxia-2021`.
    #[staticmethod]
    fn builtin(name: &str) -> PyResult<Self> {
        huanjie::RulePack::builtin(name)
            .map(RulePack)
            .map_err(pack_err)
    }

    /// The names of the built-in packs.
    #[staticmethod]
    fn builtin_names() -> Vec<&'static str> {
        huanjie::pack::BUILTIN_PACKS
            .iter()
            .map(|(n, _)| *n)
            .collect()
    }

    /// Reads a pack file (`.toml` or `.json`); `extends` may name a built-in pack.
    #[staticmethod]
    fn from_file(path: std::path::PathBuf) -> PyResult<Self> {
        huanjie::RulePack::from_file(&path)
            .map(RulePack)
            .map_err(pack_err)
    }

    /// Reads a pack from TOML or JSON text.
    #[staticmethod]
    fn from_text(text: &str) -> PyResult<Self> {
        huanjie::RulePack::parse(text, "<text>")
            .map(RulePack)
            .map_err(pack_err)
    }

    /// The pack's name.
    #[getter]
    fn name(&self) -> String {
        self.0.name.clone()
    }

    /// Where it applies.
    #[getter]
    fn jurisdiction(&self) -> String {
        self.0.jurisdiction.clone()
    }

    /// The SHA-256 of the resolved content.
    #[getter]
    fn hash(&self) -> String {
        self.0.content_hash()
    }

    /// The packs it was built on, base first.
    #[getter]
    fn extends(&self) -> Vec<String> {
        self.0.resolved_from.clone()
    }

    /// The negative-list items and statutory bars, as dicts.
    #[getter]
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.0.items)
            .map_err(|e| RulePackError::new_err(e.to_string()))?;
        py.import("json")?.call_method1("loads", (text,))
    }

    /// The rule catalogue as an Arrow table: one row per rule (code, titles, severity,
    /// reference, from, until, in_force on `as_of`, description, actions, source, cases and
    /// pack values); `code` keeps one rule or a family (`NEG`, `COMP`).
    #[pyo3(signature = (code=None, as_of=None))]
    fn rules(
        &self,
        code: Option<&str>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<pyo3_arrow::PyTable> {
        let as_of = as_of.map(|d| crate::run::as_date(d, "as_of")).transpose()?;
        let rules = huanjie::render::rules::select(&self.0, code);
        if rules.is_empty() && code.is_some() {
            return Err(RulePackError::new_err(format!(
                "规则包 {} 中没有该规则 / pack {} has no rule {:?}",
                self.0.name,
                self.0.name,
                code.unwrap_or_default()
            )));
        }
        let batch =
            huanjie::table::rules_batch(&self.0, &rules, as_of).map_err(crate::run::arrow_err)?;
        crate::run::table_of(batch)
    }

    /// The rule catalogue as the `huanjie rules --format json` document.
    #[pyo3(signature = (code=None, as_of=None))]
    fn rules_json(&self, code: Option<&str>, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let as_of = as_of.map(|d| crate::run::as_date(d, "as_of")).transpose()?;
        let rules = huanjie::render::rules::select(&self.0, code);
        serde_json::to_string(&huanjie::render::rules::rules_json(&self.0, &rules, as_of))
            .map_err(|e| RulePackError::new_err(e.to_string()))
    }

    /// The resolved pack as TOML.
    fn to_toml(&self) -> PyResult<String> {
        self.0.to_toml().map_err(pack_err)
    }

    /// The resolved pack as JSON.
    fn to_json(&self) -> PyResult<String> {
        self.0.to_json().map_err(pack_err)
    }

    fn __repr__(&self) -> String {
        format!(
            "RulePack('{}', items={}, hash='{}')",
            self.0.name,
            self.0.items.len(),
            &self.0.content_hash()[..12]
        )
    }
}
