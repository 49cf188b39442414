//! The audit block of every result (docs/outputs.md "Summary and audit"): which huanjie, which pack (with its
//! content hash), which `as_of`, and each input's name, rows and SHA-256 — enough to reproduce
//! a decision later.

use crate::pack::RulePack;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The pack a result was computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PackInfo {
    /// The pack's name.
    pub name: String,
    /// Where it applies.
    pub jurisdiction: String,
    /// The SHA-256 of its resolved content.
    pub hash: String,
}

impl PackInfo {
    /// The identity of `pack`.
    pub fn of(pack: &RulePack) -> Self {
        PackInfo {
            name: pack.name.clone(),
            jurisdiction: pack.jurisdiction.clone(),
            hash: pack.content_hash(),
        }
    }
}

/// One input table as the audit records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// The table's role (`people`, …).
    pub table: String,
    /// The file name, or `<memory>` for a table handed over in memory.
    pub name: String,
    /// Data rows.
    pub rows: u64,
    /// SHA-256 of the file's bytes, in hex (null for in-memory tables).
    pub sha256: Option<String>,
}

/// The audit block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Audit {
    /// huanjie's version.
    pub huanjie: String,
    /// The pack used.
    pub pack: PackInfo,
    /// The reference date.
    pub as_of: NaiveDate,
    /// The inputs.
    pub inputs: Vec<InputInfo>,
}

impl Audit {
    /// The audit block for a run of `pack` on `as_of` over `inputs`.
    pub fn new(pack: &RulePack, as_of: NaiveDate, inputs: Vec<InputInfo>) -> Self {
        Audit {
            huanjie: crate::VERSION.to_string(),
            pack: PackInfo::of(pack),
            as_of,
            inputs,
        }
    }
}
