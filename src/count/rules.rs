//! The pack values the count uses, read once per election day.

use crate::error::PackError;
use crate::finding::ParamUse;
use crate::pack::{ParamValue, RulePack};
use crate::roster::Body;
use chrono::NaiveDate;

/// What the ballots returned are compared with to decide that an election is void
/// (`count.validity_base.<body>`; docs/domain.md §7): the voters who voted, or the ballots issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidityBase {
    /// 收回选票 ≤ 参加投票人数.
    Voted,
    /// 收回选票 ≤ 发出选票.
    Issued,
}

/// What the one-third threshold of a second round is a third of (`count.runoff_base`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunoffBase {
    /// The ballots returned, invalid ones included ("已投选票数").
    Returned,
    /// The valid ballots only.
    Valid,
    /// The voters who voted.
    Voted,
}

/// The count's rules on one day, with the pack values they came from.
#[derive(Debug, Clone)]
pub struct CountRules {
    /// Per body counted (village, residents', supervision committee).
    pub validity_base: [ValidityBase; 3],
    /// The base of the second round's one third.
    pub runoff_base: RunoffBase,
    /// Whether a lower role's total adds the votes for the roles above it (主任 → 副主任 → 委员).
    pub add_downward: bool,
    /// Whether votes for persons not on the slate (另选他人) count.
    pub write_ins: bool,
    /// The pack values used.
    pub parameters: Vec<ParamUse>,
}

/// The bodies whose elections the count covers, in the order of
/// [`CountRules::validity_base`].
pub const COUNTED_BODIES: [Body; 3] = [
    Body::VillageCommittee,
    Body::ResidentsCommittee,
    Body::SupervisionCommittee,
];

/// The position of a counted body.
pub fn body_index(body: Body) -> Option<usize> {
    COUNTED_BODIES.iter().position(|b| *b == body)
}

fn text(v: &ParamValue) -> Option<String> {
    match v {
        ParamValue::Text(t) => Some(t.trim().to_string()),
        _ => None,
    }
}

impl CountRules {
    /// Reads the count's parameters from `pack` on `as_of`.
    pub fn from_pack(pack: &RulePack, as_of: NaiveDate) -> Result<CountRules, PackError> {
        let mut parameters = Vec::new();
        let mut validity_base = [ValidityBase::Voted; 3];
        for (i, body) in COUNTED_BODIES.iter().enumerate() {
            let (v, used) = pack.param(
                &format!("count.validity_base.{}", body.as_str()),
                as_of,
                |v| match text(v)?.as_str() {
                    "voted" => Some(ValidityBase::Voted),
                    "issued" => Some(ValidityBase::Issued),
                    _ => None,
                },
            )?;
            validity_base[i] = v;
            parameters.push(used);
        }
        let (runoff_base, used) =
            pack.param("count.runoff_base", as_of, |v| match text(v)?.as_str() {
                "returned" => Some(RunoffBase::Returned),
                "valid" => Some(RunoffBase::Valid),
                "voted" => Some(RunoffBase::Voted),
                _ => None,
            })?;
        parameters.push(used);
        let (add_downward, used) = pack.param("count.add_downward", as_of, ParamValue::as_bool)?;
        parameters.push(used);
        let (write_ins, used) = pack.param("count.write_ins", as_of, ParamValue::as_bool)?;
        parameters.push(used);
        Ok(CountRules {
            validity_base,
            runoff_base,
            add_downward,
            write_ins,
            parameters,
        })
    }
}
