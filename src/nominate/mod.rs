//! The nomination stage (提名, 预选): before the ballot, villagers or residents nominate
//! candidates — directly and jointly (村民, 居民), by household representatives (户代表), by
//! representatives (村民代表, 居民代表), by the Party organisation (党组织) — and the count of
//! nominations turns them into the formal candidates (正式候选人). 村民委员会组织法 art. 15
//! ("由登记参加选举的村民直接提名候选人。候选人名额应当多于应选名额"); docs/domain.md §7.
//!
//! - A nominee's nominations per unit, body and role are the distinct nominator persons, plus
//!   the numbers of nominators of rows that give a number, plus one per organisation.
//! - The most nominated become formal candidates, up to the seats (the units table's) plus the
//!   pack's largest margin (差额, `composition.slate_margin.<role>.max`). A tie across that cut
//!   is never broken: if taking all the tied stays within it they are taken, otherwise none
//!   of them is (NOM-TIE).
//! - A slate with fewer candidates than seats plus the least margin is a finding (NOM-SHORT:
//!   `cannot` when not more candidates than seats, since the election must be competitive).
//! - A row that cannot be read does not count and is a finding (NOM-ROW); so is a role the
//!   units table gives no seats for (NOM-SEATS).

mod cutoff;
mod kind;
mod margins;
mod participation;
mod report;
mod run;
mod table;
mod tally;

pub use cutoff::{Cut, cut, ranks};
pub use kind::NominatorKind;
pub use margins::{Margin, margins};
pub use participation::{Participation, nominators_by_kind, participation};
pub use report::{NominationReport, NominationSummary, Nominee, NomineeOutcome, Slate};
pub use run::{NominationInput, nominate};
pub use table::{NominationRow, Nominations, parse_nominators};
pub use tally::{
    By, NOMINATED_BODIES, NOMINATED_ROLES, Nomination, Problem, RowProblem, SlateKey, Tally,
    read_rows, tallies,
};
