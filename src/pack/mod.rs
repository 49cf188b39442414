//! Rule packs: every value a province or a year can change, dated and with its legal source.
//!
//! A pack (TOML or JSON through serde) holds record kinds, sanction grades, the items of a
//! negative list or the statutory bars, and named parameter series. Each value in a series has
//! an effective date (`from`), may end (`until`), and carries its legal reference; the value
//! that applies on `as_of` is the latest one whose `from` is on or before `as_of`, unless it
//! ended before `as_of` (OpenFisca's model). A pack may `extends` another: items, kinds,
//! grades and parameter series with the same code replace the base's whole.
//!
//! Built-in packs are embedded in the binary: `cn-2021` (the default; the 2020-12 "十不选"
//! list and the statutory bars) and `ningxia-2021` (extends `cn-2021` with Ningxia's values).

mod avoidance;
mod backgrounds;
mod builtin;
mod catalogue;
mod departments;
mod model;
mod params;
mod relation_sets;
mod resolve;
mod validate;

pub use crate::rules::{Rule, RuleCase, RuleSpec, RuleUse, Severity};
pub use avoidance::{AvoidanceCase, AvoidanceRule, FallsOn, Seats};
pub use backgrounds::{BackgroundDef, MAX_BACKGROUNDS, read_backgrounds};
pub use builtin::{BUILTIN_PACKS, DEFAULT_PACK};
pub use catalogue::RuleBook;
pub use departments::DepartmentDef;
pub use model::{
    EndDateMeaning, GradeDef, Item, MissingEnd, RecordKindDef, RulePack, Test, Window,
};
pub use params::{DatedValue, InfluencePeriod, ParamValue, Series};
pub use relation_sets::RelationSet;
pub use resolve::names_a_file;
