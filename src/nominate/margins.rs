//! The pack values the nomination stage reads, once per election day: the slate's margin
//! (差额) per role, `composition.slate_margin.<role>.min/max` — the same values the
//! composition check holds a slate to (村民委员会组织法 art. 15; provincial 选举办法).

use super::tally::NOMINATED_ROLES;
use crate::error::PackError;
use crate::finding::ParamUse;
use crate::pack::RulePack;
use crate::roster::Role;
use chrono::NaiveDate;

/// The margin of one role: a slate has from seats + `min` to seats + `max` candidates.
#[derive(Debug, Clone)]
pub struct Margin {
    /// The role.
    pub role: Role,
    /// The least number of candidates more than seats.
    pub min: u64,
    /// The most.
    pub max: u64,
    /// The pack values used (min, then max).
    pub used: [ParamUse; 2],
}

/// The margins of every role nominated for on `as_of`.
pub fn margins(pack: &RulePack, as_of: NaiveDate) -> Result<Vec<Margin>, PackError> {
    let int = |v: &crate::pack::ParamValue| v.as_int().and_then(|i| u64::try_from(i).ok());
    NOMINATED_ROLES
        .iter()
        .map(|role| {
            let r = role.as_str();
            let (min, min_used) =
                pack.param(&format!("composition.slate_margin.{r}.min"), as_of, int)?;
            let (max, max_used) =
                pack.param(&format!("composition.slate_margin.{r}.max"), as_of, int)?;
            Ok(Margin {
                role: *role,
                min,
                max,
                used: [min_used, max_used],
            })
        })
        .collect()
}
