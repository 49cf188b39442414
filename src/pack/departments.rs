//! The departments of the county joint review (县级联审, docs/domain.md §4.1): who is asked
//! about every candidate, and which record kinds each answers for.

use serde::{Deserialize, Serialize};

/// A department the county asks about every candidate (纪委监委, 公安局, 法院 …), with the
/// record kinds it answers for. The guideline on rural governance requires the county-level
/// joint review of every candidate (全面落实村"两委"换届候选人县级联审机制); which department
/// answers for which kind is a pack value, since counties ask 10 to 16 departments and a
/// province may change the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentDef {
    /// A stable code (`public_security`).
    pub code: String,
    /// The Chinese name (`公安局`), as request sheets and ledgers print it.
    pub name_zh: String,
    /// The English name.
    pub name_en: String,
    /// Other names an answer file may carry (`公安`, `县公安局`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The record kinds (codes) it answers for.
    pub kinds: Vec<String>,
    /// Why this department is asked (the source of its duty).
    pub reference: String,
}

impl DepartmentDef {
    /// Whether `text` names this department: its code (any case), Chinese name or an alias.
    pub fn is_named(&self, text: &str) -> bool {
        let t = text.trim();
        self.code.eq_ignore_ascii_case(t)
            || self.name_zh == t
            || self.aliases.iter().any(|a| a == t)
    }

    /// The names a file name or a title may contain: the Chinese name, then the aliases,
    /// longest first (so that `县公安局` is tried before `公安`).
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = std::iter::once(self.name_zh.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .filter(|n| !n.trim().is_empty())
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        names
    }
}
