//! The pack values of the composition checks (docs/domain.md §6), read once per day.

use crate::error::PackError;
use crate::finding::ParamUse;
use crate::pack::{ParamValue, RulePack};
use crate::roster::{Body, Role};
use chrono::NaiveDate;

/// A value with the record of its use.
#[derive(Debug, Clone)]
pub struct Used<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub used: ParamUse,
}

/// The size range of one committee.
#[derive(Debug, Clone)]
pub struct Size {
    /// Smallest.
    pub min: Used<u64>,
    /// Largest.
    pub max: Used<u64>,
    /// Whether the size must be odd (`None`: the pack says nothing for this body).
    pub odd: Option<Used<bool>>,
}

/// The composition rules on one day.
#[derive(Debug, Clone)]
pub struct CompositionRules {
    /// 村委会, 居委会, supervision committee sizes.
    pub sizes: Vec<(Body, Size)>,
    /// Slate margin per role: candidates − seats within [min, max] (差额).
    pub margins: Vec<(Role, Used<u64>, Used<u64>)>,
    /// The oldest age that counts as young ("35岁以下": age ≤ 35).
    pub young_max_age: Used<u64>,
    /// Representatives' least share of the 村民代表会议 (4/5).
    pub representatives_share: Used<(u64, u64)>,
    /// Women representatives' least share of the 村民代表会议 (1/3).
    pub women_representatives_share: Used<(u64, u64)>,
    /// Households per representative: [min, max] (5–15).
    pub households_per_representative: (Used<u64>, Used<u64>),
}

fn int(v: &ParamValue) -> Option<u64> {
    v.as_int().and_then(|i| u64::try_from(i).ok())
}

fn get<T>(
    pack: &RulePack,
    name: &str,
    as_of: NaiveDate,
    read: impl Fn(&ParamValue) -> Option<T>,
) -> Result<Used<T>, PackError> {
    pack.param(name, as_of, read)
        .map(|(value, used)| Used { value, used })
}

impl CompositionRules {
    /// Reads the rules from `pack` on `as_of`.
    pub fn from_pack(pack: &RulePack, as_of: NaiveDate) -> Result<Self, PackError> {
        let mut sizes = Vec::new();
        for body in [
            Body::VillageCommittee,
            Body::ResidentsCommittee,
            Body::SupervisionCommittee,
        ] {
            let b = body.as_str();
            let odd_name = format!("composition.{b}.size_odd");
            sizes.push((
                body,
                Size {
                    min: get(pack, &format!("composition.{b}.size_min"), as_of, int)?,
                    max: get(pack, &format!("composition.{b}.size_max"), as_of, int)?,
                    odd: if pack.parameters.contains_key(&odd_name) {
                        Some(get(pack, &odd_name, as_of, ParamValue::as_bool)?)
                    } else {
                        None
                    },
                },
            ));
        }
        let mut margins = Vec::new();
        for role in [Role::Director, Role::DeputyDirector, Role::Member] {
            let r = role.as_str();
            margins.push((
                role,
                get(
                    pack,
                    &format!("composition.slate_margin.{r}.min"),
                    as_of,
                    int,
                )?,
                get(
                    pack,
                    &format!("composition.slate_margin.{r}.max"),
                    as_of,
                    int,
                )?,
            ));
        }
        Ok(CompositionRules {
            sizes,
            margins,
            young_max_age: get(pack, "composition.young.max_age", as_of, int)?,
            representatives_share: get(
                pack,
                "composition.representatives.min_share",
                as_of,
                ParamValue::as_fraction,
            )?,
            women_representatives_share: get(
                pack,
                "composition.women_representatives.min_share",
                as_of,
                ParamValue::as_fraction,
            )?,
            households_per_representative: (
                get(
                    pack,
                    "composition.households_per_representative.min",
                    as_of,
                    int,
                )?,
                get(
                    pack,
                    "composition.households_per_representative.max",
                    as_of,
                    int,
                )?,
            ),
        })
    }

    /// The size rule of a body.
    pub fn size(&self, body: Body) -> Option<&Size> {
        self.sizes.iter().find(|(b, _)| *b == body).map(|(_, s)| s)
    }
}
