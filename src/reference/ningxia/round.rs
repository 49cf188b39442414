//! The round's facts the seed report counts besides the ballot: 81 new communities, 80 villages
//! with complex situations, villages' running funds raised from 110,000 yuan on average to at
//! least 160,000, 2,359 more members receiving the allowance than in the previous term — and
//! the members' backgrounds (来源). Drawn from a stream of their own, so that the other tables
//! are those of the data set without them.

use super::{Seat, World};
use crate::reference::rng::Draw;

/// Communities set up this round (新设社区).
pub(super) const NEW_COMMUNITIES: usize = 81;
/// Villages with a complex situation (情况复杂村).
pub(super) const COMPLEX_VILLAGES: usize = 80;
/// Villages' mean yearly running funds before the round (yuan): exactly this.
pub(super) const FUNDS_BEFORE_MEAN: u64 = 110_000;
/// The least yearly running funds of a village after the round (yuan).
pub(super) const FUNDS_AFTER_LEAST: u64 = 160_000;
/// Members receiving the allowance this term less those of the previous term (persons).
pub(super) const MORE_SUBSIDISED: usize = 2_359;

const REASONS: [&str; 5] = [
    "宗族派性影响",
    "历史遗留问题多",
    "信访矛盾突出",
    "村党组织软弱涣散",
    "村务管理混乱",
];

/// The backgrounds drawn for this term's members, with their chances per mille (the pack's
/// Chinese names).
const BACKGROUNDS: [(&str, u64); 5] = [
    ("致富能手", 110),
    ("外出务工经商返乡人员", 120),
    ("本乡本土大学毕业生", 80),
    ("退役军人", 60),
    ("大学生村官", 20),
];

/// One unit's facts of the round.
#[derive(Debug, Clone, Default)]
pub(super) struct UnitRound {
    pub(super) new_unit: bool,
    /// A complex situation, and why.
    pub(super) complex: Option<&'static str>,
    /// A village's running funds before and after the round (yuan).
    pub(super) funds: Option<(u64, u64)>,
}

/// The members' facts: per person, the allowance this term and in the previous term, and the
/// backgrounds (`、`-separated, empty for none).
#[derive(Debug, Clone, Default)]
pub(super) struct MemberFacts {
    pub(super) subsidised: Vec<Option<bool>>,
    pub(super) subsidised_before: Vec<Option<bool>>,
    pub(super) background: Vec<String>,
}

/// The distinct two-committee members among `seats`, in seat order.
fn members(seats: &[Seat]) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    seats
        .iter()
        .filter(|s| s.elected && matches!(s.body, "党组织" | "村民委员会" | "居民委员会"))
        .map(|s| s.person)
        .filter(|p| seen.insert(*p))
        .collect()
}

impl World {
    /// The units' facts of the round, from `seed`'s own stream.
    pub(super) fn unit_rounds(&self, seed: u64) -> Vec<UnitRound> {
        let mut d = Draw::new(seed).fork(0x0072_6f75_6e64);
        let mut out = vec![UnitRound::default(); self.units.len()];
        let communities: Vec<usize> = (0..self.units.len())
            .filter(|&u| !self.units[u].village)
            .collect();
        for i in d.sample(communities.len(), NEW_COMMUNITIES) {
            out[communities[i]].new_unit = true;
        }
        let villages: Vec<usize> = (0..self.units.len())
            .filter(|&u| self.units[u].village)
            .collect();
        for i in d.sample(villages.len(), COMPLEX_VILLAGES) {
            out[villages[i]].complex = Some(*d.pick(&REASONS));
        }
        // Before: 70,000–150,000 in thousands, then moved a thousand at a time until the mean
        // is exactly 110,000. After: at least 160,000, the first village at exactly that.
        let mut before: Vec<u64> = villages.iter().map(|_| d.between(70, 150)).collect();
        let want = FUNDS_BEFORE_MEAN / 1000 * villages.len() as u64;
        let mut i = 0;
        while before.iter().sum::<u64>() != want && !before.is_empty() {
            let k = i % before.len();
            let have = before.iter().sum::<u64>();
            if have > want && before[k] > 70 {
                before[k] -= 1;
            } else if have < want && before[k] < 150 {
                before[k] += 1;
            }
            i += 1;
        }
        for (n, (&u, b)) in villages.iter().zip(before).enumerate() {
            let after = if n == 0 {
                FUNDS_AFTER_LEAST
            } else {
                FUNDS_AFTER_LEAST + d.between(0, 60) * 1000
            };
            out[u].funds = Some((b * 1000, after));
        }
        out
    }

    /// The members' allowance in both terms and their backgrounds: every member of this term
    /// receives it; in the previous term, all but enough to make the difference
    /// [`MORE_SUBSIDISED`] persons.
    pub(super) fn member_facts(&self, seed: u64) -> MemberFacts {
        let mut d = Draw::new(seed).fork(0x6d65_6d62_6572);
        let n = self.persons.len();
        let mut out = MemberFacts {
            subsidised: vec![None; n],
            subsidised_before: vec![None; n],
            background: vec![String::new(); n],
        };
        let now = members(&self.roster);
        for &p in &now {
            out.subsidised[p] = Some(true);
            let labels: Vec<&str> = BACKGROUNDS
                .iter()
                .filter(|(_, per_mille)| d.chance(*per_mille, 1000))
                .map(|(label, _)| *label)
                .collect();
            out.background[p] = labels.join("、");
        }
        let before = members(&self.previous);
        let receiving = now.len().saturating_sub(MORE_SUBSIDISED).min(before.len());
        let chosen = d.sample(before.len(), receiving);
        for &p in &before {
            out.subsidised_before[p] = Some(false);
        }
        for i in chosen {
            out.subsidised_before[before[i]] = Some(true);
        }
        out
    }
}

/// Voters kept per unit from the register as possible nominators.
pub(super) const NOMINATOR_POOL: usize = 80;
/// Villagers' representatives (村民代表) who nominated, over every village.
pub(super) const REPRESENTATIVES_NOMINATING: u64 = 48_000;
/// Residents (居民) who nominated, over every community.
pub(super) const RESIDENTS_NOMINATING: u64 = 18_000;

impl World {
    /// The nominations (提名) of the village and residents' committees: in each village, its
    /// representatives (村民代表) — 48,000 in all — each name one nominee per role; in each
    /// community, residents (居民) — 18,000 in all — likewise; the Party organisation names the
    /// director. Every nominee is a candidate on the ballot (the slate is seats plus the margin),
    /// the elected ones more often named.
    pub(super) fn nominations_table(
        &self,
        cs: &[super::Committee],
        seed: u64,
    ) -> Result<arrow_array::RecordBatch, arrow_schema::ArrowError> {
        use super::super::tables::{Cell, Kind, TableBuilder};
        let mut d = Draw::new(seed).fork(0x6e6f_6d69_6e61);
        let mut t = TableBuilder::new(
            "nominations",
            &[
                ("unit_code", Kind::Text),
                ("body", Kind::Text),
                ("role", Kind::Text),
                ("id_number", Kind::Text),
                ("nominator_kind", Kind::Text),
                ("nominator", Kind::Text),
            ],
        );
        let mut per_unit = vec![0u64; self.units.len()];
        for (village, total) in [
            (true, REPRESENTATIVES_NOMINATING),
            (false, RESIDENTS_NOMINATING),
        ] {
            let idx: Vec<usize> = (0..self.units.len())
                .filter(|&u| self.units[u].village == village)
                .collect();
            let weights: Vec<u64> = idx.iter().map(|_| d.between(700, 1300)).collect();
            for (&u, n) in idx.iter().zip(super::super::plan::split(total, &weights)) {
                per_unit[u] = n;
            }
        }
        for (u, c) in cs.iter().enumerate() {
            let code = self.code(u);
            let body = self.vc_body(u);
            let kind = if self.units[u].village {
                "村民代表"
            } else {
                "居民"
            };
            let pool = &self.nominators[u];
            let n = (per_unit[u] as usize).min(pool.len());
            let roles: [(&str, Vec<usize>); 3] = [
                (
                    "主任",
                    std::iter::once(c.director)
                        .chain(c.losers[0].iter().copied())
                        .collect(),
                ),
                (
                    "副主任",
                    c.deputies.iter().chain(&c.losers[1]).copied().collect(),
                ),
                (
                    "委员",
                    c.members.iter().chain(&c.losers[2]).copied().collect(),
                ),
            ];
            for (role, nominees) in &roles {
                if nominees.is_empty() {
                    continue;
                }
                // Each nominee named once, then the elected three times as often as the others.
                let elected = match *role {
                    "主任" => 1,
                    "副主任" => c.deputies.len(),
                    _ => c.members.len(),
                };
                let weights: Vec<u64> = (0..nominees.len())
                    .map(|i| if i < elected { 3 } else { 1 })
                    .collect();
                for (r, nominator) in pool.iter().take(n).enumerate() {
                    let pick = if r < nominees.len() {
                        r
                    } else {
                        d.weighted(&weights)
                    };
                    let nominee = self.persons[nominees[pick]].id.to_string();
                    let by = nominator.to_string();
                    t.row(&[
                        Cell::T(&code),
                        Cell::T(body),
                        Cell::T(role),
                        Cell::T(&nominee),
                        Cell::T(kind),
                        Cell::T(&by),
                    ]);
                }
            }
            let director = self.persons[c.director].id.to_string();
            t.row(&[
                Cell::T(&code),
                Cell::T(body),
                Cell::T("主任"),
                Cell::T(&director),
                Cell::T("党组织"),
                Cell::Null,
            ]);
        }
        t.finish(super::DATASET, seed)
    }
}
