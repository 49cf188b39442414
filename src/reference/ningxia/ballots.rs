//! The count: tallies and votes of every election (second rounds, spoilt ballots, write-ins),
//! and the written proxies.

use super::*;

/// Ballots for `voted` voters: returned (a few not put in the box) and invalid (spoilt).
fn ballots(d: &mut Draw, voted: u64) -> (u64, u64) {
    let returned = voted
        - if d.chance(1, 5) {
            d.between(1, 3).min(voted)
        } else {
            0
        };
    let invalid = if d.chance(2, 5) {
        d.between(1, (returned / 60).max(1))
    } else {
        0
    };
    (returned, invalid)
}

impl World {
    fn vote(
        &mut self,
        unit: usize,
        body: &'static str,
        round: i64,
        who: usize,
        role: &'static str,
        votes: u64,
    ) {
        self.votes.push(Vote {
            unit,
            body,
            round,
            who: Ok(who),
            role,
            votes,
        });
    }

    /// One role's race in a first round: winners with more than half of the voters who voted,
    /// the others fewer, every total different, and no more marks than `valid` ballots can
    /// carry. `near` is a member to elect in a second round instead (just short of half).
    #[allow(clippy::too_many_arguments)]
    fn race(
        &mut self,
        s: &Sheet,
        role: &'static str,
        seats: u64,
        winners: &[usize],
        losers: &[usize],
        near: Option<usize>,
    ) -> u64 {
        let (n, valid) = (s.voted, s.returned - s.invalid);
        let mut slack = valid * seats;
        for &w in winners {
            let v = self
                .d
                .between((n / 2 + 1).max(n * 55 / 100), (n * 95 / 100).min(valid));
            slack -= v.min(slack);
            self.vote(s.unit, s.body, s.round, w, role, v);
        }
        let mut ceiling = n / 2;
        let mut field: Vec<usize> = near.into_iter().collect();
        field.extend_from_slice(losers);
        for (k, &l) in field.iter().enumerate() {
            let lo = if k == 0 && near.is_some() {
                n * 38 / 100
            } else {
                n * 3 / 100
            };
            let v = self.d.between(lo.min(ceiling), ceiling).min(slack * 7 / 10);
            slack -= v;
            ceiling = v.saturating_sub(1);
            self.vote(s.unit, s.body, s.round, l, role, v);
        }
        slack
    }

    /// Tallies and votes: the committee's first round (a second round for one member's seat in
    /// some units), the supervision committee's, write-in votes here and there.
    pub(super) fn count(&mut self, cs: &[Committee]) {
        for (u, c) in cs.iter().enumerate() {
            let (voted, vc) = (self.units[u].voted, self.vc_body(u));
            let (returned, invalid) = ballots(&mut self.d, voted);
            // A second round where the member race has two losers to run off against.
            let second = c.members.len() >= 2 && self.d.chance(3, 100);
            let near = if second {
                c.members.last().copied()
            } else {
                None
            };
            let seats = [1, c.deputies.len() as u64, c.members.len() as u64];
            let s = Sheet {
                unit: u,
                body: vc,
                round: 1,
                voted,
                returned,
                invalid,
                seats,
            };
            self.race(&s, "主任", 1, &[c.director], &c.losers[0], None);
            if !c.deputies.is_empty() {
                self.race(&s, "副主任", seats[1], &c.deputies, &c.losers[1], None);
            }
            let first_round: Vec<usize> = c
                .members
                .iter()
                .copied()
                .filter(|&m| Some(m) != near)
                .collect();
            let slack = self.race(&s, "委员", seats[2], &first_round, &c.losers[2], near);
            if near.is_none() && slack > 0 && self.d.chance(3, 100) {
                let female = self.d.chance(1, 2);
                let name = crate::reference::persons::name(&mut self.d, female);
                let votes = self.d.between(1, 12).min(slack);
                self.votes.push(Vote {
                    unit: u,
                    body: vc,
                    round: 1,
                    who: Err(name),
                    role: "委员",
                    votes,
                });
            }
            self.sheets.push(s);
            if let Some(x) = near {
                // 另行选举 between the two highest losers: x and the best of the others.
                let y = c.losers[2][0];
                let voted2 = voted * self.d.between(85, 95) / 100;
                let (returned2, invalid2) = ballots(&mut self.d, voted2);
                let valid2 = returned2 - invalid2;
                let vx = self.d.between(returned2 * 45 / 100, returned2 * 70 / 100);
                let vy = self.d.between(returned2 / 10, (vx - 1).min(valid2 - vx));
                self.vote(u, vc, 2, x, "委员", vx);
                self.vote(u, vc, 2, y, "委员", vy);
                self.sheets.push(Sheet {
                    unit: u,
                    body: vc,
                    round: 2,
                    voted: voted2,
                    returned: returned2,
                    invalid: invalid2,
                    seats: [0, 0, 1],
                });
            }
            // The supervision committee, elected at the same meeting.
            let sv = self.supervision_body(u);
            let voted_s = voted - self.d.below(voted / 50 + 1);
            let (returned_s, invalid_s) = ballots(&mut self.d, voted_s);
            let s = Sheet {
                unit: u,
                body: sv,
                round: 1,
                voted: voted_s,
                returned: returned_s,
                invalid: invalid_s,
                seats: [1, 0, 2],
            };
            self.race(
                &s,
                "主任",
                1,
                &c.supervision[..1],
                &c.supervision_losers[..1],
                None,
            );
            self.race(
                &s,
                "委员",
                2,
                &c.supervision[1..],
                &c.supervision_losers[1..],
                None,
            );
            self.sheets.push(s);
        }
    }

    /// Written proxies between spouses who both have the vote in the unit.
    pub(super) fn proxies(&mut self) {
        for u in 0..self.units.len() {
            if !self.d.chance(3, 10) {
                continue;
            }
            let (county, day) = (self.units[u].county, self.units[u].day);
            for _ in 0..self.d.between(1, 3) {
                let age = self.d.between(45, 80) as u32;
                let f = self.d.chance(1, 2);
                let b1 = crate::reference::persons::born(&mut self.d, day, age);
                let principal = self.f.ids.issue(&mut self.d, county, b1, f);
                let b2 = crate::reference::persons::born(&mut self.d, day, age + 2);
                let proxy = self.f.ids.issue(&mut self.d, county, b2, !f);
                let start = self.wedding(principal, proxy);
                self.relate(principal, proxy, Tie::Spouse, start, None);
                self.proxies.push((u, principal, proxy));
                self.extra_voters[u].extend([principal, proxy]);
            }
        }
    }
}
