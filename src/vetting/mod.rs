//! Vetting: the negative list (负面清单) and the statutory bars, applied to the joint review's
//! records (docs/domain.md §4).

mod negative_list;
mod records;

pub use crate::finding::Subject;
pub use negative_list::NegativeList;
pub use records::{RecordFacts, RecordRow, Records, resolve_kind_and_grade};
