//! Recall (罢免) of a committee member, 村民委员会组织法 art. 16: proposed jointly by one fifth
//! or more of the voters or one third or more of the representatives; the vote stands when
//! more than half of the registered voters vote, and passes with more than half of those who
//! voted. The proposal thresholds are pack values (`recall.proposal.voters`,
//! `recall.proposal.representatives`, written `"1/5"`, `"1/3"`).

use crate::error::{Error, InputError, Location, ProblemKind};
use crate::finding::ParamUse;
use crate::pack::{ParamValue, RulePack};
use crate::ratio::Ratio;
use chrono::NaiveDate;
use serde::Serialize;

/// Who proposed the recall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Proposers {
    /// Voters (有选举权的村民) — a share of the registered voters.
    Voters {
        /// How many signed.
        signed: u64,
    },
    /// Representatives (村民代表) — a share of all representatives.
    Representatives {
        /// How many signed.
        signed: u64,
        /// All representatives.
        total: u64,
    },
}

/// The figures of one recall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecallInput {
    /// Registered voters.
    pub registered: u64,
    /// The proposal's signatories, when it is to be checked.
    pub proposers: Option<Proposers>,
    /// Voters who voted on the recall.
    pub voted: u64,
    /// Votes for the recall.
    pub yes: u64,
}

/// The result: whether the proposal is enough, the vote stands and the recall passes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Recall {
    /// Signatories ÷ voters (or representatives), when given.
    pub proposal: Option<Ratio>,
    /// Whether the proposal reaches its threshold (`None` when not given).
    pub proposal_ok: Option<bool>,
    /// voted ÷ registered.
    pub turnout: Ratio,
    /// Whether more than half of the registered voters voted.
    pub valid: bool,
    /// yes ÷ voted.
    pub support: Ratio,
    /// Whether the vote stands and more than half of those who voted are for the recall.
    pub passed: bool,
    /// The pack values used.
    pub parameters: Vec<ParamUse>,
}

fn zero_base(what: &str) -> Error {
    Error::Input(InputError::bad(
        Location::table("recall"),
        ProblemKind::OutOfRange,
        what,
    ))
}

fn impossible(what: &str) -> Error {
    Error::Input(InputError::bad(
        Location::table("recall"),
        ProblemKind::Contradiction,
        what,
    ))
}

/// Decides a recall on `as_of` under `pack`.
pub fn recall(input: RecallInput, pack: &RulePack, as_of: NaiveDate) -> Result<Recall, Error> {
    // A share of nobody is no share: "one third of 0 representatives" would pass with 0.
    if input.registered == 0 {
        return Err(zero_base(
            "登记选民数为0 no registered voters: the recall has no base",
        ));
    }
    if let Some(Proposers::Representatives { total: 0, .. }) = input.proposers {
        return Err(zero_base(
            "村民代表总数为0 no representatives: one third of them cannot be counted",
        ));
    }
    if input.voted > input.registered {
        return Err(impossible(
            "参加投票人数多于登记选民数 more voters voted than are registered",
        ));
    }
    if input.yes > input.voted {
        return Err(impossible(
            "赞成罢免票多于参加投票人数 more votes for the recall than voters who voted",
        ));
    }
    let mut parameters = Vec::new();
    let (proposal, proposal_ok) = match input.proposers {
        None => (None, None),
        Some(Proposers::Voters { signed }) => {
            if signed > input.registered {
                return Err(impossible(
                    "联名人数多于登记选民数 more signatories than registered voters",
                ));
            }
            let ((p, q), used) =
                pack.param("recall.proposal.voters", as_of, ParamValue::as_fraction)?;
            parameters.push(used);
            let r = Ratio::new(signed, input.registered);
            (Some(r), Some(r.at_least(p, q)))
        }
        Some(Proposers::Representatives { signed, total }) => {
            if signed > total {
                return Err(impossible(
                    "联名人数多于村民代表总数 more signatories than representatives",
                ));
            }
            let ((p, q), used) = pack.param(
                "recall.proposal.representatives",
                as_of,
                ParamValue::as_fraction,
            )?;
            parameters.push(used);
            let r = Ratio::new(signed, total);
            (Some(r), Some(r.at_least(p, q)))
        }
    };
    let turnout = Ratio::new(input.voted, input.registered);
    let support = Ratio::new(input.yes, input.voted);
    let valid = turnout.more_than_half();
    Ok(Recall {
        proposal,
        proposal_ok,
        turnout,
        valid,
        support,
        passed: valid && support.more_than_half() && proposal_ok != Some(false),
        parameters,
    })
}
