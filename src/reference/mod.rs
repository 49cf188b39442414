//! Deterministic synthetic reference data sets (feature `reference`): the Ningxia 2020–21
//! round of village and community elections, built so that huanjie's own pipeline — the joint
//! review, avoidance, the register check, the count and the statistics — reproduces the
//! figures the region published (宁夏民政厅, 2021-04-20; docs/domain.md §9), and the demo that runs
//! that pipeline and sets the figures side by side.
//!
//! Everything is invented: persons, ID numbers (valid, with the real county address codes),
//! names, votes. The tables carry `huanjie.synthetic = true` in their schema metadata. The same
//! seed gives byte-identical tables on every run and platform (ChaCha8, integer draws only,
//! no hash-map order).
//!
//! ```
//! let data = huanjie::reference::ningxia_2021(huanjie::reference::DEFAULT_SEED)?;
//! assert_eq!(data.table("units").map(|t| t.num_rows()), Some(2207 + 642));
//! let run = huanjie::reference::demo(&data)?;
//! assert!(run.all_match());
//! let directors = run.figures.iter().find(|f| f.key == "women_percent.village_committee_directors");
//! assert_eq!(directors.and_then(|f| f.exact), Some((217, 2207)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod demo;
mod ningxia;
mod persons;
mod plan;
mod rng;
mod tables;

pub use demo::{
    DemoFigure, DemoRun, PUBLISHED_FIGURES, demo, demo_document, demo_html, figures_batch,
};

use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use chrono::NaiveDate;

/// The data set's name.
pub const DATASET: &str = "ningxia-2021";
/// The seed the documentation and the demo use.
pub const DEFAULT_SEED: u64 = 2021;
/// The rule pack the round was held under.
pub const PACK: &str = "ningxia-2021";
/// The review's date where a unit has no election day of its own: the round's last day (every
/// unit's own day, in the units table, is what the pipeline uses).
pub const AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2021, 3, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// The previous round's election day (Ningxia's 2017 round), on which the previous term's
/// ages are taken.
pub const PREVIOUS_AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2017, 10, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// This term (the year it began).
pub const TERM: i64 = 2021;
/// The previous term.
pub const PREVIOUS_TERM: i64 = 2017;

/// A calendar day of the generator's constants (1970-01-01 for an impossible one, which no
/// caller passes).
pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The tables of a reference data set, in the shapes of docs/tables.md (English column names,
/// Chinese labels in the cells as clerks write them).
#[derive(Debug, Clone)]
pub struct ReferenceData {
    /// The seed it was built from.
    pub seed: u64,
    /// `(name, table)`: units, people, roster (this term: candidates, elected members, group
    /// leaders, election committees, tally staff), previous (the previous term's members),
    /// records, relations, proxies, register, tallies, votes, nominations.
    pub tables: Vec<(&'static str, RecordBatch)>,
}

impl ReferenceData {
    /// A table by name.
    pub fn table(&self, name: &str) -> Option<&RecordBatch> {
        self.tables.iter().find(|t| t.0 == name).map(|t| &t.1)
    }
}

/// The Ningxia 2020–21 reference data set for `seed` (the documented one: [`DEFAULT_SEED`]).
pub fn ningxia_2021(seed: u64) -> Result<ReferenceData, ArrowError> {
    ningxia::build(seed)
}
