//! What the joint review will find: the screened-out candidates' records, the families that
//! bar a candidate through avoidance, and the records and families that bar no one.

use super::*;

/// A day in one of the years `lo..=hi` (the 1st to the 28th of a month).
fn year(d: &mut Draw, lo: i32, hi: i32) -> NaiveDate {
    date(
        lo + d.below((hi - lo + 1) as u64) as i32,
        d.between(1, 12) as u32,
        d.between(1, 28) as u32,
    )
}

/// A record of `kind` on `date`, with no end, grade or rectification.
fn record(person: usize, kind: &'static str, date: NaiveDate) -> Record {
    Record {
        person,
        kind,
        date,
        end: None,
        grade: None,
        rectified: None,
    }
}

/// A record kind that bars a candidate, with a date (and end, grade, rectified) that makes
/// it apply on election day `day`.
fn barring_record(d: &mut Draw, person: usize, day: NaiveDate) -> Record {
    let ago = |d: &mut Draw, lo: u64, hi: u64| day - Days::new(d.between(lo, hi));
    let r = |kind, date| record(person, kind, date);
    // Weighted as the joint reviews reported them: bribery, petitions, debts and absence most.
    match d.weighted(&[
        8, 3, 2, 6, 4, 4, 3, 3, 12, 10, 3, 6, 8, 5, 4, 9, 3, 2, 2, 1, 1, 1,
    ]) {
        0 => r("刑事处罚", year(d, 2006, 2019)),
        1 => r("村霸", year(d, 2016, 2020)),
        2 => r("涉黑涉恶", year(d, 2018, 2020)),
        3 => Record {
            grade: Some("严重警告"),
            ..r("党纪处分", ago(d, 40, 500))
        },
        4 => Record {
            grade: Some("警告"),
            ..r("党纪处分", ago(d, 40, 330))
        },
        5 => Record {
            grade: Some("记过"),
            ..r("政务处分", ago(d, 40, 330))
        },
        6 => r("立案审查调查", ago(d, 30, 300)),
        7 => r(
            *d.pick(&["邪教或非法宗教", "黄赌毒", "宗族势力干扰"]),
            year(d, 2012, 2020),
        ),
        8 => r("拉票贿选", year(d, 2017, 2020)),
        9 => r(*d.pick(&["违法信访", "扰乱公共秩序"]), year(d, 2015, 2020)),
        10 => r("考核不称职", year(d, 2018, 2020)),
        11 => r("不合格党员", ago(d, 60, 900)),
        12 => r("长期外出", year(d, 2017, 2020)),
        13 => Record {
            rectified: Some("否"),
            ..r("截留挪用或侵占集体财产", year(d, 2016, 2020))
        },
        14 => Record {
            rectified: Some("否"),
            ..r("违法用地建房", year(d, 2015, 2020))
        },
        15 => r("失信被执行人", year(d, 2017, 2020)),
        16 => r("其他不宜", year(d, 2019, 2020)),
        17 => Record {
            end: Some(year(d, 2022, 2024)),
            ..r("剥夺政治权利", year(d, 2016, 2019))
        },
        18 => r("损害生态环境", ago(d, 100, 1500)),
        19 => r("政治问题", year(d, 2018, 2020)),
        20 => r("应急处置失职", year(d, 2020, 2020)),
        _ => Record {
            end: Some(day + Days::new(d.between(100, 400))),
            ..r("组织处理", ago(d, 30, 300))
        },
    }
}

/// A record of the past that no longer bars anyone (a window that has closed, a matter put
/// right): the review reads it and finds nothing.
fn spent_record(d: &mut Draw, person: usize) -> Record {
    let r = |kind, date| record(person, kind, date);
    match d.below(7) {
        0 => Record {
            grade: Some("警告"),
            ..r("党纪处分", year(d, 2013, 2018))
        },
        1 => Record {
            grade: Some("警告"),
            ..r("政务处分", year(d, 2014, 2019))
        },
        2 => Record {
            end: Some(year(d, 2017, 2019)),
            ..r("长期外出", year(d, 2012, 2016))
        },
        3 => Record {
            end: Some(year(d, 2018, 2019)),
            ..r("失信被执行人", year(d, 2014, 2017))
        },
        4 => Record {
            rectified: Some("是"),
            ..r("截留挪用或侵占集体财产", year(d, 2014, 2019))
        },
        5 => r("不合格党员", year(d, 2012, 2016)),
        _ => r("考核不称职", year(d, 2014, 2016)),
    }
}

impl World {
    pub(super) fn elected_committee(c: &Committee) -> Vec<usize> {
        std::iter::once(c.director)
            .chain(c.deputies.iter().copied())
            .chain(c.members.iter().copied())
            .collect()
    }

    /// The 959 candidates the joint review screens out: one barring record each, several for
    /// some; nominated for the committee, the Party organisation or the supervision committee.
    pub(super) fn screened(&mut self, cs: &mut [Committee]) {
        for _ in 0..SCREENED {
            let u = self.d.below(cs.len() as u64) as usize;
            let roll = self.d.below(100);
            let p = self.add_drawn(u, Profile::Resident, 150);
            let (body, role) = if roll < 80 && cs[u].extra_members < 3 {
                cs[u].extra_members += 1;
                (self.vc_body(u), "委员")
            } else if roll >= 92 {
                (self.supervision_body(u), "委员")
            } else {
                ("党组织", "委员")
            };
            self.seat(p, u, body, Some(role), false);
            let day = self.units[u].day;
            let n = if self.d.chance(1, 5) {
                self.d.between(2, 3)
            } else {
                1
            };
            let mut kinds = Vec::new();
            for _ in 0..n {
                let rec = barring_record(&mut self.d, p, day);
                if !kinds.contains(&rec.kind) {
                    kinds.push(rec.kind);
                    if rec.kind == "党纪处分" || rec.kind == "不合格党员" {
                        self.persons[p].party = "中共党员";
                    }
                    if rec.kind == "剥夺政治权利" {
                        self.voter[p] = false;
                    }
                    self.records.push(rec);
                }
            }
        }
    }

    /// The 72 screened out only by close-relative avoidance, and the family ties that bar no
    /// one: relatives both on one slate (review only), relatives in other units, a marriage
    /// that has ended, cousins (not 近亲属), and the families of directors.
    pub(super) fn families(&mut self, cs: &mut [Committee]) {
        let n = cs.len();
        let special: usize = AVOIDANCE.iter().sum::<usize>() + 8 + 10 + 60;
        let mut units = self.d.sample(n, special);
        self.d.shuffle(&mut units);
        let mut next = units.into_iter();
        // AV-01: a relative of an elected committee member nominated for the committee.
        let mut k = 0;
        while k < AVOIDANCE[0] {
            let Some(u) = next.next() else { break };
            if cs[u].extra_members >= 3 {
                continue;
            }
            let committee = Self::elected_committee(&cs[u]);
            let a = *self.d.pick(&committee);
            let tie = self.tie_for(self.ages[a], true);
            let b = self.relative_in_unit(a, u, tie);
            let vc = self.vc_body(u);
            self.seat(b, u, vc, Some("委员"), false);
            cs[u].extra_members += 1;
            k += 1;
        }
        // AV-02: a committee member's 近亲属 nominated for the supervision committee.
        for _ in 0..AVOIDANCE[1] {
            let Some(u) = next.next() else { break };
            let committee = Self::elected_committee(&cs[u]);
            let a = *self.d.pick(&committee);
            let tie = self.tie_for(self.ages[a], false);
            let s = self.relative_in_unit(a, u, tie);
            let sv = self.supervision_body(u);
            self.seat(s, u, sv, Some("委员"), false);
        }
        // AV-03: a candidate's 近亲属 among the tally staff.
        for _ in 0..AVOIDANCE[2] {
            let Some(u) = next.next() else { break };
            let c = *self.d.pick(&cs[u].slate);
            let tie = self.tie_for(self.ages[c], false);
            let t = self.relative_in_unit(c, u, tie);
            self.seat(t, u, "监票人员", None, true);
        }
        // AV-06: an election-committee member on the ballot.
        for _ in 0..AVOIDANCE[3] {
            let Some(u) = next.next() else { break };
            let e = cs[u].losers[2][0];
            self.seat(e, u, "选举委员会", Some("委员"), true);
        }
        // AV-01 between two candidates: both to review, neither barred.
        for _ in 0..8 {
            let Some(u) = next.next() else { break };
            let (a, b) = (cs[u].losers[0][0], cs[u].losers[2][0]);
            let (ida, idb) = (self.persons[a].id, self.persons[b].id);
            self.relate(ida, idb, Tie::Sibling, None, None);
        }
        // A committee member's former spouse on the supervision committee: the marriage
        // ended, so no avoidance.
        for _ in 0..10 {
            let Some(u) = next.next() else { break };
            let x = cs[u].supervision[1];
            let fx = female(self.persons[x].id);
            let committee = Self::elected_committee(&cs[u]);
            if let Some(&a) = committee
                .iter()
                .find(|&&a| female(self.persons[a].id) != fx)
            {
                let (ida, idx) = (self.persons[a].id, self.persons[x].id);
                let start = self.wedding(ida, idx);
                let end = start.and_then(|s| {
                    let years = self.d.between(2, 12) as u32;
                    s.checked_add_months(chrono::Months::new(12 * years))
                        .map(|e| e.min(date(2019, 6, 30)))
                });
                if end.is_some_and(|e| Some(e) > start) {
                    self.relate(ida, idx, Tie::Spouse, start, end);
                }
            }
        }
        // Cousins (三代以内旁系血亲, not 近亲属): a committee member and a supervision-committee
        // member whose fathers' father, whose ID is unknown, links them.
        for k in 0..60 {
            let Some(u) = next.next() else { break };
            let committee = Self::elected_committee(&cs[u]);
            let a = *self.d.pick(&committee);
            let s = cs[u].supervision[2];
            let grandfather = format!("key:祖父-{}-{k}", self.units[u].code);
            for who in [a, s] {
                let parent = self.outsider(u, who, Tie::Parent);
                let id = self.persons[who].id;
                self.relate(id, parent, Tie::Parent, None, None);
                self.relations.push(Relation {
                    person: parent.to_string(),
                    relative: grandfather.clone(),
                    relation: "父亲",
                    start: None,
                    end: None,
                });
            }
        }
        // Siblings in different units of one county: no avoidance across units.
        let mut by_county: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
        for (u, c) in cs.iter().enumerate() {
            by_county
                .entry(self.units[u].county)
                .or_default()
                .extend(Self::elected_committee(c));
        }
        let counties: Vec<Vec<usize>> = by_county.into_values().collect();
        let mut made = 0;
        // Each person in one such pair at most: a chain of sibling rows would make siblings
        // of two members of one unit.
        let mut used = std::collections::BTreeSet::new();
        for _ in 0..5000 {
            if made == 300 {
                break;
            }
            let list = self.d.pick(&counties).clone();
            let (a, b) = (*self.d.pick(&list), *self.d.pick(&list));
            if self.home[a] == self.home[b]
                || self.ages[a].abs_diff(self.ages[b]) > 12
                || used.contains(&a)
                || used.contains(&b)
            {
                continue;
            }
            used.extend([a, b]);
            let (ida, idb) = (self.persons[a].id, self.persons[b].id);
            self.relate(ida, idb, Tie::Sibling, None, None);
            made += 1;
        }
        // Directors' spouses and children, who hold no seat.
        for (u, c) in cs.iter().enumerate() {
            let a = c.director;
            let ida = self.persons[a].id;
            let spouse = self.outsider(u, a, Tie::Spouse);
            let start = self.wedding(ida, spouse);
            self.relate(ida, spouse, Tie::Spouse, start, None);
            for _ in 0..self.d.between(1, 3) {
                if self.ages[a] < 40 {
                    break;
                }
                let child = self.outsider(u, a, Tie::Child);
                self.relate(ida, child, Tie::Child, None, None);
            }
        }
        // Past records that no longer bar anyone, for some members and candidates.
        for _ in 0..400 {
            let u = self.d.below(n as u64) as usize;
            let p = *self.d.pick(&cs[u].slate);
            let rec = spent_record(&mut self.d, p);
            self.records.push(rec);
        }
    }
}
