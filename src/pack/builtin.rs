//! The built-in packs, embedded in the binary.

use super::model::RulePack;
use crate::error::PackError;

/// The pack used when none is named.
pub const DEFAULT_PACK: &str = "cn-2021";

/// The built-in packs: name and TOML text.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("cn-2021", include_str!("builtin/cn-2021.toml")),
    ("ningxia-2021", include_str!("builtin/ningxia-2021.toml")),
];

/// Reads a built-in pack without resolving it.
pub(super) fn load(name: &str) -> Result<RulePack, PackError> {
    let (n, text) = BUILTIN_PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| PackError::UnknownPack(name.to_string()))?;
    RulePack::from_toml_str(text, n)
}
