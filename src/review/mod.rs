//! The joint review as a round trip with the departments (县级联审, docs/domain.md §4.1).
//!
//! The county sends the candidate list to every department of the pack ([`crate::pack::DepartmentDef`]);
//! each returns a written conclusion per candidate — 无, or one or more records. A
//! [`Manifest`] says what was asked of whom; [`assess`] takes the answers as read back and
//! says which candidate × department pairs have no answer (REVIEW-UNANSWERED: "一个不漏，
//! 有据可查", a candidate one department has not answered for is not cleared), which rows
//! name someone not asked about, and which files are no department's — findings the check
//! then puts on the candidates ([`crate::check::Reported`]). Reading and writing the
//! workbooks is the table layer's.

mod answers;
mod manifest;

pub use answers::{
    Answer, AnswerRow, Assessment, Conclusion, DepartmentTally, UnknownFile, assess,
};
pub use manifest::{
    Candidate, InputRef, KindLabel, Manifest, RequestedDepartment, candidates, select_departments,
};
