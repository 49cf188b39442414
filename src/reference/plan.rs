//! The shape of the Ningxia 2020–21 round: its 22 counties with their real codes, townships,
//! 2,207 villages and 642 communities with valid 12-digit codes, their election days
//! (December 2020 – March 2021), registered voters and turnout.

use super::date as day;
use super::rng::Draw;
use chrono::{Days, NaiveDate};

/// The 22 county-level divisions (docs/domain.md §3 codes) with the villages and communities the
/// data set gives each: 2,207 and 642 in all, the seed report's counts.
pub(crate) const COUNTIES: [(u32, u32, u32); 22] = [
    (640104, 40, 120), // 兴庆区
    (640105, 25, 55),  // 西夏区
    (640106, 20, 70),  // 金凤区
    (640121, 80, 20),  // 永宁县
    (640122, 60, 20),  // 贺兰县
    (640181, 90, 20),  // 灵武市
    (640202, 10, 60),  // 大武口区
    (640205, 40, 35),  // 惠农区
    (640221, 140, 20), // 平罗县
    (640302, 105, 25), // 利通区
    (640303, 60, 8),   // 红寺堡区
    (640323, 100, 12), // 盐池县
    (640324, 150, 14), // 同心县
    (640381, 95, 20),  // 青铜峡市
    (640402, 160, 30), // 原州区
    (640422, 245, 14), // 西吉县
    (640423, 110, 8),  // 隆德县
    (640424, 95, 5),   // 泾源县
    (640425, 155, 10), // 彭阳县
    (640502, 150, 40), // 沙坡头区
    (640521, 130, 24), // 中宁县
    (640522, 147, 12), // 海原县
];

/// Registered voters and voters who voted in the first round, villages and communities: the
/// participation rates and the total the seed report publishes (90.0 %, 91.2 %, 272万) are
/// what the count of the tallies built from these gives.
pub(crate) const VILLAGE_VOTERS: (u64, u64) = (2_200_000, 1_980_000);
pub(crate) const COMMUNITY_VOTERS: (u64, u64) = (811_404, 740_000);

const PLACE: [&str; 36] = [
    "红", "新", "东", "西", "南", "北", "和", "平", "丰", "安", "兴", "团", "结", "光", "明", "富",
    "民", "永", "胜", "利", "沙", "泉", "河", "湾", "滩", "梁", "塘", "堡", "庄", "园", "杨", "马",
    "李", "张", "金", "星",
];

/// One village or community.
pub(crate) struct UnitPlan {
    /// The 12-digit code.
    pub code: u64,
    /// The county's 6-digit code (also the address code of its residents' ID numbers).
    pub county: u32,
    /// A village (else a community).
    pub village: bool,
    pub name: String,
    /// Election day.
    pub day: NaiveDate,
    /// The voter list's publication day.
    pub published: NaiveDate,
    pub registered: u64,
    pub voted: u64,
    pub households: u64,
    /// Villager or resident groups (each with a leader).
    pub groups: u64,
}

/// Splits `total` in proportion to `weights` by largest remainders (ties to the lower index).
pub(crate) fn split(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut out: Vec<u64> = weights
        .iter()
        .map(|&w| (u128::from(total) * u128::from(w) / u128::from(sum)) as u64)
        .collect();
    let mut rest: Vec<(u128, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, &w)| ((u128::from(total) * u128::from(w)) % u128::from(sum), i))
        .collect();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let short = total - out.iter().sum::<u64>();
    for &(_, i) in rest.iter().take(short as usize) {
        out[i] += 1;
    }
    out
}

/// Turnout per unit: `voted` in all, each unit within `lo..=hi` per mille of its registered
/// voters (and always more than half).
fn turnout(d: &mut Draw, registered: &[u64], voted: u64, lo: u64, hi: u64) -> Vec<u64> {
    let mut v: Vec<u64> = registered
        .iter()
        .map(|&r| r * d.between(lo, hi) / 1000)
        .collect();
    let floor = |r: u64| r / 2 + 1;
    let ceil = |r: u64| r * 985 / 1000;
    let mut order: Vec<usize> = (0..v.len()).collect();
    d.shuffle(&mut order);
    let mut guard = 0;
    while v.iter().sum::<u64>() != voted && guard < 1000 {
        guard += 1;
        let have: u64 = v.iter().sum();
        let n = order.len() as u64;
        for &i in &order {
            let have_now: u64 = if have < voted {
                let step = ((voted - have) / n).max(1);
                (v[i] + step).min(ceil(registered[i]))
            } else {
                let step = ((have - voted) / n).max(1);
                v[i].saturating_sub(step).max(floor(registered[i]))
            };
            v[i] = have_now;
            if v.iter().sum::<u64>() == voted {
                break;
            }
        }
    }
    v
}

/// The units of the round, county by county.
pub(crate) fn units(d: &mut Draw) -> Vec<UnitPlan> {
    let mut out = Vec::new();
    for &(county, villages, communities) in &COUNTIES {
        // Communities voted first (from late December, once the 2020-12-24 negative list was
        // out), villages from January to March.
        let c_start = day(2020, 12, 26) + Days::new(d.below(20));
        let v_start = day(2021, 1, 8) + Days::new(d.below(60));
        for (n, village) in [(communities, false), (villages, true)] {
            let per_township = if village { 14 } else { 8 };
            for i in 0..u64::from(n) {
                let township = i / per_township;
                let (township_digits, unit_digits) = if village {
                    (100 + township, 200 + i % per_township)
                } else {
                    (1 + township, 1 + i % per_township)
                };
                let code = u64::from(county) * 1_000_000 + township_digits * 1000 + unit_digits;
                let start = if village { v_start } else { c_start };
                let day = start + Days::new(d.below(if village { 16 } else { 12 }));
                let published = day - Days::new(d.between(20, 26));
                let name = format!(
                    "{}{}{}",
                    d.pick(&PLACE),
                    d.pick(&PLACE),
                    if village { "村" } else { "社区" }
                );
                out.push(UnitPlan {
                    code,
                    county,
                    village,
                    name,
                    day,
                    published,
                    registered: 0,
                    voted: 0,
                    households: 0,
                    groups: 0,
                });
            }
        }
    }
    for village in [true, false] {
        let idx: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].village == village)
            .collect();
        let (registered, voted, lo, hi, groups) = if village {
            (VILLAGE_VOTERS.0, VILLAGE_VOTERS.1, 840, 960, 20_000)
        } else {
            (COMMUNITY_VOTERS.0, COMMUNITY_VOTERS.1, 860, 965, 6_177)
        };
        let weights: Vec<u64> = idx.iter().map(|_| d.between(500, 1500)).collect();
        let regs = split(registered, &weights);
        let votes = turnout(d, &regs, voted, lo, hi);
        let group_weights: Vec<u64> = weights.iter().map(|w| w + d.between(0, 600)).collect();
        let groups = split(groups, &group_weights);
        for (k, &i) in idx.iter().enumerate() {
            let u = &mut out[i];
            u.registered = regs[k];
            u.voted = votes[k];
            u.households = regs[k] * 10 / d.between(22, 30);
            u.groups = groups[k].max(1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counties_hold_the_reported_units() {
        let v: u32 = COUNTIES.iter().map(|c| c.1).sum();
        let c: u32 = COUNTIES.iter().map(|c| c.2).sum();
        assert_eq!((v, c), (2207, 642));
    }

    #[test]
    fn split_keeps_the_total() {
        assert_eq!(split(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(split(7, &[0, 5]).iter().sum::<u64>(), 7);
    }

    #[test]
    fn units_have_valid_codes_days_and_turnout() {
        let units = units(&mut Draw::new(1));
        assert_eq!(units.len(), 2849);
        for u in &units {
            let code = crate::division::DivisionCode::parse(&u.code.to_string()).unwrap();
            let kind = code.unit_kind().unwrap();
            assert_eq!(kind == crate::division::UnitKind::Village, u.village);
            assert!(u.day >= day(2020, 12, 1) && u.day <= day(2021, 3, 31));
            assert!(u.voted * 2 > u.registered && u.voted <= u.registered);
        }
        let voted: u64 = units.iter().filter(|u| u.village).map(|u| u.voted).sum();
        assert_eq!(voted, VILLAGE_VOTERS.1);
        let groups: u64 = units.iter().map(|u| u.groups).sum();
        assert_eq!(groups, 26_177);
    }
}
