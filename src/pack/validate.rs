//! Checking a resolved pack before anything uses it.

use super::model::{RulePack, Window};
use crate::error::PackError;
use crate::rules::{MECHANISM_PARAMETERS, MECHANISM_RULES, UNDECIDED, mechanism_rule};

impl RulePack {
    /// Checks a resolved pack: every reference given, every name it uses defined, and the
    /// rules the mechanisms report declared (see [`crate::rules`]).
    pub(super) fn validate(&self) -> Result<(), PackError> {
        let bad = |what: String| PackError::Invalid {
            pack: self.name.clone(),
            what,
        };
        for item in &self.items {
            if item.reference.trim().is_empty() {
                return Err(bad(format!("item {} has no legal reference", item.code)));
            }
            for test in &item.tests {
                for k in &test.kinds {
                    if self.kind_index(k).is_none() {
                        return Err(bad(format!(
                            "item {} names unknown record kind {k:?}",
                            item.code
                        )));
                    }
                }
                let param = match &test.window {
                    Window::Within { parameter }
                    | Window::Since { parameter }
                    | Window::AgeBelow { parameter } => Some(parameter),
                    _ => None,
                };
                if let Some(p) = param
                    && !self.parameters.contains_key(p)
                {
                    return Err(bad(format!(
                        "item {} uses unknown parameter {p:?}",
                        item.code
                    )));
                }
            }
        }
        for (name, series) in &self.parameters {
            if let Some(v) = series.values.iter().find(|v| v.reference.trim().is_empty()) {
                return Err(bad(format!(
                    "parameter {name} value from {} has no legal reference",
                    v.from
                )));
            }
        }
        for set in &self.relation_sets {
            if set.reference.trim().is_empty() {
                return Err(bad(format!(
                    "relation set {} has no legal reference",
                    set.name
                )));
            }
        }
        for rule in &self.avoidance {
            if rule.reference.trim().is_empty() {
                return Err(bad(format!("rule {} has no legal reference", rule.code)));
            }
            if let Some(name) = &rule.set
                && !self.relation_sets.iter().any(|s| &s.name == name)
            {
                return Err(bad(format!(
                    "rule {} uses unknown relation set {name:?}",
                    rule.code
                )));
            }
            if rule.cases.is_empty() {
                return Err(bad(format!("rule {} has no cases", rule.code)));
            }
        }
        for g in &self.grades {
            if self.kind_index(&g.kind).is_none() {
                return Err(bad(format!(
                    "grade {} names unknown record kind {:?}",
                    g.code, g.kind
                )));
            }
        }
        self.validate_departments()?;
        self.validate_backgrounds()?;
        self.validate_rules()
    }

    /// The backgrounds: at most [`super::MAX_BACKGROUNDS`], plain codes, codes and names
    /// unique, a reference each.
    fn validate_backgrounds(&self) -> Result<(), PackError> {
        let bad = |what: String| PackError::Invalid {
            pack: self.name.clone(),
            what,
        };
        if self.backgrounds.len() > super::MAX_BACKGROUNDS {
            return Err(bad(format!(
                "{} backgrounds: at most {} are counted",
                self.backgrounds.len(),
                super::MAX_BACKGROUNDS
            )));
        }
        for (i, d) in self.backgrounds.iter().enumerate() {
            if !d.code_is_plain() || d.name_zh.trim().is_empty() {
                return Err(bad(format!(
                    "background {i} needs a code of a-z, 0-9 and _ (at most 40) and a Chinese name"
                )));
            }
            if d.reference.trim().is_empty() {
                return Err(bad(format!("background {} has no reference", d.code)));
            }
            let names = std::iter::once(d.name_zh.as_str())
                .chain(std::iter::once(d.code.as_str()))
                .chain(d.aliases.iter().map(String::as_str));
            let mut names = names;
            if let Some(o) =
                names.find_map(|n| self.backgrounds[..i].iter().find(|o| o.is_named(n)))
            {
                return Err(bad(format!(
                    "backgrounds {} and {} share a code or a name",
                    o.code, d.code
                )));
            }
        }
        Ok(())
    }

    /// The departments: codes and names unique, a reference each, every kind they name
    /// known, and every record kind answered by at least one (when the pack has departments:
    /// a kind no one is asked about could never be found).
    fn validate_departments(&self) -> Result<(), PackError> {
        let bad = |what: String| PackError::Invalid {
            pack: self.name.clone(),
            what,
        };
        if self.departments.is_empty() {
            return Ok(());
        }
        for (i, d) in self.departments.iter().enumerate() {
            if d.reference.trim().is_empty() {
                return Err(bad(format!("department {} has no reference", d.code)));
            }
            if d.code.trim().is_empty() || d.name_zh.trim().is_empty() {
                return Err(bad(format!(
                    "department {i} needs a code and a Chinese name"
                )));
            }
            if let Some(o) = self.departments[..i]
                .iter()
                .find(|o| d.names().iter().any(|n| o.is_named(n)) || o.code == d.code)
            {
                return Err(bad(format!(
                    "departments {} and {} share a code or a name",
                    o.code, d.code
                )));
            }
            if let Some(k) = d.kinds.iter().find(|k| self.kind_index(k).is_none()) {
                return Err(bad(format!(
                    "department {} names unknown record kind {k:?}",
                    d.code
                )));
            }
        }
        if let Some(k) = self
            .kinds
            .iter()
            .find(|k| !self.departments.iter().any(|d| d.kinds.contains(&k.code)))
        {
            return Err(bad(format!(
                "record kind {} is answered by no department: add it to one department's kinds",
                k.code
            )));
        }
        Ok(())
    }

    /// The rule catalogue: codes unique; every rule a mechanism reports declared, complete,
    /// with the cases it asks for and the parameters it reads; no rule no mechanism reports.
    fn validate_rules(&self) -> Result<(), PackError> {
        let bad = |what: String| PackError::Invalid {
            pack: self.name.clone(),
            what,
        };
        let mut codes: Vec<&str> = self
            .items
            .iter()
            .map(|i| i.code.as_str())
            .chain(self.avoidance.iter().map(|r| r.code.as_str()))
            .chain(self.rules.iter().map(|r| r.code.as_str()))
            .collect();
        codes.sort_unstable();
        if let Some(w) = codes.windows(2).find(|w| w[0] == w[1]) {
            return Err(bad(format!("rule code {} is declared twice", w[0])));
        }
        if self.items.is_empty() {
            return Err(bad(
                "the pack has no items: it would pass every candidate (extend cn-2021, or declare the items)"
                    .into(),
            ));
        }
        for spec in &self.rules {
            let Some(m) = mechanism_rule(&spec.code) else {
                return Err(bad(format!(
                    "rule {}: no mechanism reports this code (an item goes in [[items]], an avoidance rule in [[avoidance]])",
                    spec.code
                )));
            };
            let missing = spec.missing_fields();
            if !missing.is_empty() {
                return Err(bad(format!(
                    "rule {} lacks {}",
                    spec.code,
                    missing.join(", ")
                )));
            }
            for case in m.cases {
                if !spec.cases.iter().any(|c| c.case == *case) {
                    return Err(bad(format!(
                        "rule {} lacks its case {case:?}, which the {} mechanism reports",
                        spec.code, m.mechanism
                    )));
                }
            }
            if let Some(c) = spec
                .cases
                .iter()
                .find(|c| c.case != UNDECIDED && !m.cases.contains(&c.case.as_str()))
            {
                return Err(bad(format!(
                    "rule {}: no mechanism reports its case {:?}",
                    spec.code, c.case
                )));
            }
        }
        for m in MECHANISM_RULES {
            if !self.rules.iter().any(|r| r.code == m.code) {
                return Err(bad(format!(
                    "the pack lacks rule {}, which the {} mechanism reports (extend cn-2021, or declare it in [[rules]])",
                    m.code, m.mechanism
                )));
            }
            if let Some(p) = m
                .parameters
                .iter()
                .find(|p| !self.parameters.contains_key(**p))
            {
                return Err(bad(format!(
                    "the pack lacks parameter {p}, which rule {} reads",
                    m.code
                )));
            }
        }
        for (mechanism, names) in MECHANISM_PARAMETERS {
            if let Some(p) = names.iter().find(|p| !self.parameters.contains_key(**p)) {
                return Err(bad(format!(
                    "the pack lacks parameter {p}, which the {mechanism} mechanism reads (extend cn-2021, or declare it)"
                )));
            }
        }
        for item in &self.items {
            if item.tests.is_empty() {
                return Err(bad(format!("item {} has no tests", item.code)));
            }
        }
        Ok(())
    }
}
