//! Division names for reports: a bundled table of Ningxia's province, 5 prefecture-level cities
//! and 22 county-level units (docs/domain.md §3), or another province's table as CSV
//! (`code,name,level,parent`).

use crate::division::DivisionCode;
use std::collections::HashMap;

/// Ningxia's divisions (`code,name,level,parent`), bundled.
pub const NINGXIA_DIVISIONS: &str = include_str!("ningxia-divisions.csv");

/// Names of division codes.
#[derive(Debug, Clone, Default)]
pub struct DivisionNames {
    names: HashMap<DivisionCode, String>,
}

impl DivisionNames {
    /// Reads a `code,name[,level,parent]` CSV text (a header line first); lines that do not
    /// give a readable code are skipped, and counted in the result's second value.
    pub fn from_csv(text: &str) -> (DivisionNames, usize) {
        let mut names = HashMap::new();
        let mut unreadable = 0;
        for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let mut cells = line.split(',');
            match (
                cells
                    .next()
                    .and_then(|c| DivisionCode::parse(c.trim()).ok()),
                cells.next(),
            ) {
                (Some(code), Some(name)) => {
                    names.insert(code, name.trim().to_string());
                }
                _ => unreadable += 1,
            }
        }
        (DivisionNames { names }, unreadable)
    }
    /// The bundled Ningxia table.
    pub fn ningxia() -> DivisionNames {
        DivisionNames::from_csv(NINGXIA_DIVISIONS).0
    }
    /// The name of `code`, when known.
    pub fn name(&self, code: DivisionCode) -> Option<String> {
        self.names.get(&code).cloned()
    }
    /// How many names the table holds.
    pub fn len(&self) -> usize {
        self.names.len()
    }
    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
