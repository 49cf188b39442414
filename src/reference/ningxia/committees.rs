//! The committees of every unit: the village or residents' committee and its slate, the Party
//! organisation (一肩挑 where the secretary is the director), the supervision committee, group
//! leaders, the election committee and the tally staff; and the previous term's members.

use super::*;

/// Which villages (or communities) get a property: exactly `k` of `n`, drawn.
fn chosen(d: &mut Draw, n: usize, k: usize) -> Vec<bool> {
    let mut out = vec![false; n];
    for i in d.sample(n, k) {
        out[i] = true;
    }
    out
}

/// The women among the non-director seats of the village committees: one in every village
/// whose director is a man, then more at random until `total` women sit on them (with the
/// women directors) — the smallest number that gives the seed report's 36.9 %.
fn village_women(d: &mut Draw, sizes: &[usize], woman_director: &[bool]) -> Vec<Vec<bool>> {
    let seats: usize = sizes.iter().sum();
    // Smallest w with w / seats ≥ 36.85 %.
    let total = (seats * 3685).div_ceil(10_000);
    let mut out: Vec<Vec<bool>> = sizes.iter().map(|&s| vec![false; s - 1]).collect();
    let mut women = woman_director.iter().filter(|&&w| w).count();
    for (i, v) in out.iter_mut().enumerate() {
        if !woman_director[i] && !v.is_empty() {
            let k = d.below(v.len() as u64) as usize;
            v[k] = true;
            women += 1;
        }
    }
    let mut free: Vec<(usize, usize)> = out
        .iter()
        .enumerate()
        .flat_map(|(i, v)| (0..v.len()).filter(|&k| !v[k]).map(move |k| (i, k)))
        .collect();
    d.shuffle(&mut free);
    for &(i, k) in free.iter().take(total.saturating_sub(women)) {
        out[i][k] = true;
    }
    out
}

impl World {
    /// Committees of every unit, with their slates, party committees, supervision committees,
    /// group leaders, election committees and tally staff.
    pub(super) fn committees(&mut self) -> Vec<Committee> {
        let n = self.units.len();
        let villages: Vec<usize> = (0..n).filter(|&i| self.units[i].village).collect();
        let communities: Vec<usize> = (0..n).filter(|&i| !self.units[i].village).collect();
        let mut size = vec![0usize; n];
        for &i in &villages {
            size[i] = [3, 5, 7][self.d.weighted(&[60, 38, 2])];
        }
        for &i in &communities {
            size[i] = [5, 7, 9][self.d.weighted(&[50, 45, 5])];
        }
        let mut woman_director = vec![false; n];
        for (k, w) in chosen(&mut self.d, villages.len(), WOMEN_DIRECTORS)
            .into_iter()
            .enumerate()
        {
            woman_director[villages[k]] = w;
        }
        for &i in &communities {
            woman_director[i] = self.d.chance(55, 100);
        }
        let mut one_shoulder = vec![false; n];
        for (list, k) in [(&villages, ONE_SHOULDER.0), (&communities, ONE_SHOULDER.1)] {
            for (j, w) in chosen(&mut self.d, list.len(), k).into_iter().enumerate() {
                one_shoulder[list[j]] = w;
            }
        }
        let village_sizes: Vec<usize> = villages.iter().map(|&i| size[i]).collect();
        let village_wd: Vec<bool> = villages.iter().map(|&i| woman_director[i]).collect();
        let mut women_seats: Vec<Vec<bool>> = vec![Vec::new(); n];
        for (k, v) in village_women(&mut self.d, &village_sizes, &village_wd)
            .into_iter()
            .enumerate()
        {
            women_seats[villages[k]] = v;
        }
        for &i in &communities {
            let mut v: Vec<bool> = (0..size[i] - 1).map(|_| self.d.chance(55, 100)).collect();
            if !woman_director[i] && !v.iter().any(|&w| w) {
                v[0] = true;
            }
            women_seats[i] = v;
        }
        (0..n)
            .map(|u| {
                self.committee(
                    u,
                    size[u],
                    woman_director[u],
                    &women_seats[u],
                    one_shoulder[u],
                )
            })
            .collect()
    }

    fn two_committee_profile(&mut self) -> Profile {
        if self.d.chance(55, 100) {
            Profile::ReElected
        } else {
            Profile::Newcomer
        }
    }

    fn committee(
        &mut self,
        u: usize,
        size: usize,
        woman_director: bool,
        women: &[bool],
        one_shoulder: bool,
    ) -> Committee {
        let vc = self.vc_body(u);
        let mut c = Committee::default();
        // The committee: director, deputies, members.
        let deputies = match size {
            3 => 0,
            9 => 2,
            _ => 1,
        };
        let p = self.two_committee_profile();
        let age = self.d.between(30, 58) as u32;
        c.director = self.add(u, p, woman_director, age);
        for (k, &w) in women.iter().enumerate() {
            let p = self.two_committee_profile();
            let a = draw_age(&mut self.d, p);
            let who = self.add(u, p, w, a);
            if k < deputies {
                c.deputies.push(who);
            } else {
                c.members.push(who);
            }
        }
        // A young member in most committees.
        let committee: Vec<usize> = std::iter::once(c.director)
            .chain(c.deputies.iter().copied())
            .chain(c.members.iter().copied())
            .collect();
        if !committee.iter().any(|&p| self.ages[p] <= 35)
            && self.d.chance(4, 5)
            && let Some(&m) = c.members.first()
        {
            self.ages[m] = self.d.between(26, 35) as u32;
            let f = female(self.persons[m].id);
            let county = self.units[u].county;
            let birth =
                crate::reference::persons::born(&mut self.d, self.units[u].day, self.ages[m]);
            self.persons[m].id = self.f.ids.issue(&mut self.d, county, birth, f);
        }
        // Losers on the ballot: one for director, one per deputy race, one or two members.
        c.losers[0].push(self.add_drawn(u, Profile::Resident, 250));
        if deputies > 0 {
            c.losers[1].push(self.add_drawn(u, Profile::Resident, 350));
        }
        let member_losers = if self.d.chance(2, 5) { 2 } else { 1 };
        for _ in 0..member_losers {
            let l = self.add_drawn(u, Profile::Resident, 350);
            c.losers[2].push(l);
        }
        c.extra_members = member_losers;
        for &p in &committee {
            let role = if p == c.director {
                "主任"
            } else if c.deputies.contains(&p) {
                "副主任"
            } else {
                "委员"
            };
            self.seat(p, u, vc, Some(role), false);
            self.seat(p, u, vc, Some(role), true);
            self.persons[p].party = if self.d.chance(1, 2) {
                "中共党员"
            } else {
                "群众"
            };
        }
        for (r, role) in ["主任", "副主任", "委员"].into_iter().enumerate() {
            for l in c.losers[r].clone() {
                self.seat(l, u, vc, Some(role), false);
            }
        }
        c.slate = committee
            .iter()
            .copied()
            .chain(c.losers.iter().flatten().copied())
            .collect();
        // The Party organisation: the secretary is the director in a 一肩挑 unit.
        let party_size = if self.units[u].village {
            [3, 5][self.d.weighted(&[55, 45])]
        } else {
            [5, 7][self.d.weighted(&[60, 40])]
        };
        let secretary = if one_shoulder {
            c.director
        } else {
            let p = self.two_committee_profile();
            let age = self.d.between(35, 58) as u32;
            let f = self.d.chance(12, 100);
            self.add(u, p, f, age)
        };
        self.seat(secretary, u, "党组织", Some("书记"), true);
        let mut party = vec![secretary];
        let mut cross: Vec<usize> = committee
            .iter()
            .copied()
            .filter(|&p| p != secretary)
            .collect();
        self.d.shuffle(&mut cross);
        for k in 1..party_size {
            let who = match cross.pop() {
                Some(p) if self.d.chance(1, 2) => p,
                _ => {
                    let p = self.two_committee_profile();
                    self.add_drawn(u, p, 250)
                }
            };
            let role = if k == 1 && party_size >= 5 {
                "副书记"
            } else {
                "委员"
            };
            party.push(who);
            self.seat(who, u, "党组织", Some(role), true);
        }
        for &p in &party {
            self.persons[p].party = "中共党员";
        }
        // The supervision committee: a director and two members elected, a loser for each race.
        let sv = self.supervision_body(u);
        for k in 0..5 {
            let p = self.add_drawn(u, Profile::Resident, 300);
            let (role, elected) = match k {
                0 => ("主任", true),
                1 | 2 => ("委员", true),
                3 => ("主任", false),
                _ => ("委员", false),
            };
            self.seat(p, u, sv, Some(role), false);
            if elected {
                self.seat(p, u, sv, Some(role), true);
                c.supervision.push(p);
            } else {
                c.supervision_losers[k - 3] = p;
            }
            c.slate.push(p);
        }
        let finance = c.supervision[self.d.below(3) as usize];
        self.persons[finance].finance = true;
        // Group leaders, the election committee and the tally staff.
        let group = if self.units[u].village {
            "村民小组"
        } else {
            "居民小组"
        };
        for _ in 0..self.units[u].groups {
            let p = self.add_drawn(u, Profile::Resident, 120);
            self.seat(p, u, group, Some("组长"), true);
        }
        for k in 0..3 {
            let p = self.add_drawn(u, Profile::Resident, 300);
            self.seat(
                p,
                u,
                "选举委员会",
                Some(if k == 0 { "主任" } else { "委员" }),
                true,
            );
        }
        for _ in 0..3 {
            let p = self.add_drawn(u, Profile::Resident, 400);
            self.seat(p, u, "监票人员", None, true);
        }
        c
    }
}

impl World {
    /// The previous term (2017): its members who sat again keep their seats' roles; the others
    /// are leavers, older, fewer of them women, with less schooling.
    pub(super) fn previous_term(&mut self, cs: &[Committee]) {
        let party_rows: Vec<(usize, usize, &'static str)> = self
            .roster
            .iter()
            .filter(|s| s.elected && s.body == "党组织")
            .map(|s| (s.unit, s.person, s.role.unwrap_or("委员")))
            .collect();
        let mut party_by_unit: Vec<Vec<(usize, &'static str)>> = vec![Vec::new(); cs.len()];
        for (u, p, r) in party_rows {
            party_by_unit[u].push((p, r));
        }
        for (u, c) in cs.iter().enumerate() {
            let vc = self.vc_body(u);
            let seats: Vec<(usize, &'static str)> = std::iter::once((c.director, "主任"))
                .chain(c.deputies.iter().map(|&p| (p, "副主任")))
                .chain(c.members.iter().map(|&p| (p, "委员")))
                .collect();
            for (body, seats, women) in [(vc, seats, 150), ("党组织", party_by_unit[u].clone(), 60)]
            {
                for (p, role) in seats {
                    let who = if self.profiles[p] == Profile::ReElected {
                        p
                    } else {
                        self.add_drawn(u, Profile::Leaver, women)
                    };
                    if body == "党组织" {
                        self.persons[who].party = "中共党员";
                    }
                    self.previous.push(Seat {
                        person: who,
                        unit: u,
                        body,
                        role: Some(role),
                        elected: true,
                    });
                }
            }
        }
    }
}
