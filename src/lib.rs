//! # huanjie (换届)
//!
//! The rules of China's village and community committee elections, as a library: resident ID
//! numbers, dates and thresholds as the law counts them, dated rule packs, the joint review's
//! negative list and statutory bars, and — with the `table` feature — columnar I/O for the
//! tables clerks keep in spreadsheets.
//!
//! ```
//! use huanjie::{ResidentId, RulePack, check, CheckInput, CheckOptions};
//! use huanjie::people::{People, PersonRow};
//! use huanjie::vetting::{Records, RecordRow};
//!
//! let pack = RulePack::builtin("cn-2021").unwrap();
//! let mut people = People::default();
//! people.push(&PersonRow { id_number: Some("11010519491231002X"), ..Default::default() });
//! let mut records = Records::default();
//! records.push(&RecordRow { id_number: Some("11010519491231002X"), kind: Some("刑事处罚"), date: Some("2010-05-01"), ..Default::default() }, &pack);
//! let as_of = "2021-01-15".parse().unwrap();
//! let report = check(CheckInput { people: &people, roster: None, records: Some(&records), relations: None, units: None }, &pack, CheckOptions::new(as_of)).unwrap();
//! assert_eq!(&*report.outcomes[0].rules[0], "NEG-02");
//! assert_eq!(ResidentId::parse("11010519491231002X").unwrap().masked(), "110105********002X");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Errors carry their location (table, file, row, column) by value; they are the cold path of a
// run over a whole table, so their size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod apportion;
pub mod audit;
mod cells;
pub mod check;
pub mod composition;
pub mod count;
pub mod date;
pub mod division;
pub mod error;
pub mod family;
pub mod finding;
mod hash;
pub mod id;
pub mod kinship;
pub mod pack;
mod par;
pub mod people;
pub mod person;
pub mod ratio;
#[cfg(feature = "reference")]
pub mod reference;
pub mod render;
pub mod roster;
pub mod rules;
pub mod stats;
pub mod units;
pub mod vetting;
mod vetting_data;
pub mod voters;

#[cfg(feature = "table")]
pub mod table;

pub use check::{
    CheckInput, CheckOptions, CheckReport, Prepared, Summary, Verdicts, check, check_outcomes,
};
pub use error::{Error, InputError, PackError};
pub use finding::{
    Evidence, EvidenceStep, Finding, Findings, Outcome, OutcomeKind, ParamUse, PersonKey,
};
pub use id::{IdError, ResidentId};
pub use pack::RulePack;
pub use ratio::Ratio;
pub use rules::Severity;

/// huanjie's version, as printed in every audit block.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
