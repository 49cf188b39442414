//! The report a province writes (issue 20, item 5): the Chinese summary of the round that
//! civil-affairs departments publish — units, voters and participation, 一肩挑, women,
//! education and age, the joint review's screened-out candidates, nomination, the round's facts
//! and the change against the previous term ("两升一降") — made from the results huanjie
//! computes (the statistics, the joint review, the count of nominations).
//!
//! Every number printed is traced ([`ReportNumber`]): the figure, level, code, kind, numerator
//! and denominator it comes from, or the source it is read from (`screened_out.negative_list`).
//! A sentence whose figure was not computed is left out; nothing unknown is printed as 0. The
//! phrasing follows the seed report (宁夏民政厅, 2021-04-20, docs/domain.md §9).

mod build;
mod format;
mod model;
mod render;

pub use build::province_report;
pub use format::{percent_text, wan_text};
pub use model::{Paragraph, Precision, Report, ReportInputs, ReportNumber, ReportOptions, Segment};
