//! Where elected members come from (来源): the labels provinces count in their reports —
//! 返乡创业人员, 大学生村官, 退役军人, 致富能手 … — with the spellings a roster may carry. A
//! pack value, since each province's report names its own groups.

use serde::{Deserialize, Serialize};

/// The most backgrounds a pack may list (the statistics keep one count per background).
pub const MAX_BACKGROUNDS: usize = 16;

/// One background a roster's `background` (来源) cell may name; the statistics report the
/// share of members with it as `background_<code>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundDef {
    /// A stable code (`returnee`): lower-case ASCII letters, digits and `_`.
    pub code: String,
    /// The Chinese name (`返乡创业人员`), as reports print it.
    pub name_zh: String,
    /// The English name.
    pub name_en: String,
    /// Other spellings a roster may carry (`返乡`, `外出务工返乡人员`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The document that names the group.
    pub reference: String,
}

impl BackgroundDef {
    /// Whether `text` names this background: its code (any case), Chinese or English name, or
    /// an alias.
    pub fn is_named(&self, text: &str) -> bool {
        let t = text.trim();
        self.code.eq_ignore_ascii_case(t)
            || self.name_zh == t
            || self.name_en.eq_ignore_ascii_case(t)
            || self.aliases.iter().any(|a| a == t)
    }

    /// Whether the code is of the allowed characters (it becomes part of a figure's name).
    pub fn code_is_plain(&self) -> bool {
        !self.code.is_empty()
            && self.code.len() <= 40
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }
}

/// The backgrounds a cell names (`返乡创业人员、退役军人`, separated by `、` `,` `;` `/` or
/// spaces), as a bit set over `defs`; `None` when a part names none of them.
pub fn read_backgrounds(defs: &[BackgroundDef], text: &str) -> Option<u32> {
    let mut set = 0u32;
    for part in text
        .split(['、', ',', '，', ';', '；', '/', ' ', '　'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let i = defs
            .iter()
            .take(MAX_BACKGROUNDS)
            .position(|d| d.is_named(part))?;
        set |= 1 << i;
    }
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(code: &str, zh: &str, aliases: &[&str]) -> BackgroundDef {
        BackgroundDef {
            code: code.into(),
            name_zh: zh.into(),
            name_en: code.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            reference: "test".into(),
        }
    }

    #[test]
    fn a_cell_names_several_backgrounds_or_is_unreadable() {
        let defs = [
            def("returnee", "返乡创业人员", &["返乡"]),
            def("veteran", "退役军人", &[]),
        ];
        assert_eq!(read_backgrounds(&defs, "返乡、退役军人"), Some(0b11));
        assert_eq!(read_backgrounds(&defs, "Veteran"), Some(0b10));
        assert_eq!(read_backgrounds(&defs, "退役军人，宗教人士"), None);
        assert_eq!(read_backgrounds(&defs, " "), Some(0));
        assert!(defs[0].code_is_plain());
        assert!(!def("Bad code", "x", &[]).code_is_plain());
    }
}
