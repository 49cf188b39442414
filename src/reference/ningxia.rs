//! The Ningxia 2020–21 round as synthetic tables: committees, candidates, the joint review's
//! records, families, the voter register, proxies, tallies and votes.
//!
//! The generator decides who sits where and who was screened out; it never writes a figure.
//! The figures come from running huanjie's own pipeline on the tables (see [`super::demo`]):
//! the women among village-committee members are women because their ID numbers say so, a
//! candidate is screened out because a record or a relation makes the review bar them, the
//! participation is the count of the tallies.

use super::persons::{Factory, Ids, Person, Profile, age as draw_age};
use super::plan::{UnitPlan, units as plan_units};
use super::rng::Draw;
use super::tables::{Cell, Kind, TableBuilder};
use super::{DATASET, PREVIOUS_AS_OF, PREVIOUS_TERM, ReferenceData, TERM};
use crate::id::ResidentId;
use crate::person::Sex;
use arrow_schema::ArrowError;
use chrono::{Days, NaiveDate};

/// Persons screened out by the negative list and the statutory bars.
const SCREENED: usize = 959;
/// Persons screened out only by avoidance, rule by rule: AV-01 against an elected member,
/// AV-02, AV-03, AV-06.
const AVOIDANCE: [usize; 4] = [14, 20, 25, 13];
/// Village-committee directors who are women.
const WOMEN_DIRECTORS: usize = 217;
/// Units whose Party secretary is also the committee director: villages, communities.
const ONE_SHOULDER: (usize, usize) = (1667, 625);

#[derive(Clone, Copy)]
enum Tie {
    Spouse,
    Child,
    Parent,
    Sibling,
}

struct Seat {
    person: usize,
    unit: usize,
    body: &'static str,
    role: Option<&'static str>,
    elected: bool,
}

struct Record {
    person: usize,
    kind: &'static str,
    date: NaiveDate,
    end: Option<NaiveDate>,
    grade: Option<&'static str>,
    rectified: Option<&'static str>,
}

struct Relation {
    person: String,
    relative: String,
    relation: &'static str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

/// One sheet of a count: a unit's election of one body in one round.
struct Sheet {
    unit: usize,
    body: &'static str,
    round: i64,
    voted: u64,
    returned: u64,
    invalid: u64,
    seats: [u64; 3],
}

struct Vote {
    unit: usize,
    body: &'static str,
    round: i64,
    who: Result<usize, String>,
    role: &'static str,
    votes: u64,
}

/// A unit's committees of this term, as built.
#[derive(Default)]
struct Committee {
    /// Village or residents' committee: director, deputies, members.
    director: usize,
    deputies: Vec<usize>,
    members: Vec<usize>,
    /// Losers on the ballot, per role (director, deputy, member).
    losers: [Vec<usize>; 3],
    /// Supervision committee (elected: director first) and its losers (director, member).
    supervision: Vec<usize>,
    supervision_losers: [usize; 2],
    /// Everyone on the slates (candidate rows).
    slate: Vec<usize>,
    /// Member candidates beyond the ballot (screened out): their count.
    extra_members: usize,
}

struct World {
    d: Draw,
    f: Factory,
    units: Vec<UnitPlan>,
    persons: Vec<Person>,
    ages: Vec<u32>,
    profiles: Vec<Profile>,
    home: Vec<usize>,
    voter: Vec<bool>,
    roster: Vec<Seat>,
    previous: Vec<Seat>,
    records: Vec<Record>,
    relations: Vec<Relation>,
    proxies: Vec<(usize, ResidentId, ResidentId)>,
    extra_voters: Vec<Vec<ResidentId>>,
    sheets: Vec<Sheet>,
    votes: Vec<Vote>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn female(id: ResidentId) -> bool {
    id.sex() == Sex::Female
}

impl World {
    fn new(seed: u64) -> World {
        let mut d = Draw::new(seed);
        let units = plan_units(&mut d.fork(1));
        let n = units.len();
        World {
            d: d.fork(2),
            f: Factory { ids: Ids::new() },
            units,
            persons: Vec::new(),
            ages: Vec::new(),
            profiles: Vec::new(),
            home: Vec::new(),
            voter: Vec::new(),
            roster: Vec::new(),
            previous: Vec::new(),
            records: Vec::new(),
            relations: Vec::new(),
            proxies: Vec::new(),
            extra_voters: vec![Vec::new(); n],
            sheets: Vec::new(),
            votes: Vec::new(),
        }
    }

    /// A new person of unit `u`, `age` on its election day (a leaver: on the previous one).
    fn add(&mut self, u: usize, profile: Profile, female: bool, age: u32) -> usize {
        let unit = &self.units[u];
        let day = if profile == Profile::Leaver {
            PREVIOUS_AS_OF
        } else {
            unit.day
        };
        let p = self
            .f
            .person(&mut self.d, unit.county, day, age, female, profile);
        self.persons.push(p);
        self.ages.push(age);
        self.profiles.push(profile);
        self.home.push(u);
        self.voter.push(true);
        self.persons.len() - 1
    }

    fn add_drawn(&mut self, u: usize, profile: Profile, women_per_mille: u64) -> usize {
        let female = self.d.chance(women_per_mille, 1000);
        let age = draw_age(&mut self.d, profile);
        self.add(u, profile, female, age)
    }

    fn seat(
        &mut self,
        person: usize,
        unit: usize,
        body: &'static str,
        role: Option<&'static str>,
        elected: bool,
    ) {
        self.roster.push(Seat {
            person,
            unit,
            body,
            role,
            elected,
        });
    }

    fn vc_body(&self, u: usize) -> &'static str {
        if self.units[u].village {
            "村民委员会"
        } else {
            "居民委员会"
        }
    }

    fn supervision_body(&self, u: usize) -> &'static str {
        if self.units[u].village {
            "村务监督委员会"
        } else {
            "居务监督委员会"
        }
    }

    /// A relation row: `relative` is `tie` to `person`, labelled by the relative's sex and age.
    fn relate(
        &mut self,
        person: ResidentId,
        relative: ResidentId,
        tie: Tie,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) {
        let f = female(relative);
        let older = relative.birth_date() < person.birth_date();
        let relation = match tie {
            Tie::Spouse => {
                if f {
                    "妻子"
                } else {
                    "丈夫"
                }
            }
            Tie::Child => {
                if f {
                    "女儿"
                } else {
                    "儿子"
                }
            }
            Tie::Parent => {
                if f {
                    "母亲"
                } else {
                    "父亲"
                }
            }
            Tie::Sibling => match (f, older) {
                (false, true) => "哥哥",
                (false, false) => "弟弟",
                (true, true) => "姐姐",
                (true, false) => "妹妹",
            },
        };
        self.relations.push(Relation {
            person: person.to_string(),
            relative: relative.to_string(),
            relation,
            start,
            end,
        });
    }

    /// The sex and age of a relative of person `a` (age `age_a`) by `tie`.
    fn relative_shape(&mut self, a: ResidentId, age_a: u32, tie: Tie) -> (bool, u32) {
        match tie {
            Tie::Spouse => (
                !female(a),
                (age_a + self.d.between(0, 6) as u32)
                    .saturating_sub(3)
                    .max(23),
            ),
            Tie::Child => (
                self.d.chance(1, 2),
                age_a.saturating_sub(self.d.between(22, 30) as u32).max(18),
            ),
            Tie::Parent => (self.d.chance(1, 2), age_a + self.d.between(22, 30) as u32),
            Tie::Sibling => (
                self.d.chance(1, 2),
                (age_a + self.d.between(0, 10) as u32)
                    .saturating_sub(5)
                    .max(20),
            ),
        }
    }

    /// A tie that suits a person of age `age` having an adult relative in the unit.
    fn tie_for(&mut self, age: u32, close_only: bool) -> Tie {
        let mut ties = vec![Tie::Spouse, Tie::Sibling];
        if age >= 44 {
            ties.push(Tie::Child);
        }
        if age <= 45 && !close_only {
            ties.push(Tie::Parent);
        }
        *self.d.pick(&ties)
    }

    /// A marriage's first day for spouses born `a` and `b`: after both turned 20, at least a
    /// year before the round began.
    fn wedding(&mut self, a: ResidentId, b: ResidentId) -> Option<NaiveDate> {
        let later = a.birth_date()?.max(b.birth_date()?);
        let first = later.checked_add_months(chrono::Months::new(12 * 20))?;
        let last = date(2019, 11, 30).min(first + Days::new(365 * 8));
        (first <= last)
            .then(|| first + Days::new(self.d.below((last - first).num_days() as u64 + 1)))
    }

    /// A new person of unit `u`, related to person `a` by `tie` (with the relation row).
    fn relative_in_unit(&mut self, a: usize, u: usize, tie: Tie) -> usize {
        let a_id = self.persons[a].id;
        let (f, age) = self.relative_shape(a_id, self.ages[a], tie);
        let b = self.add(u, Profile::Resident, f, age);
        let b_id = self.persons[b].id;
        let start = match tie {
            Tie::Spouse => self.wedding(a_id, b_id),
            _ => None,
        };
        self.relate(a_id, b_id, tie, start, None);
        b
    }

    /// An ID for a relative outside the tables' people (a spouse or child at home).
    fn outsider(&mut self, u: usize, a: usize, tie: Tie) -> ResidentId {
        let a_id = self.persons[a].id;
        let (f, age) = self.relative_shape(a_id, self.ages[a], tie);
        let county = self.units[u].county;
        let birth = super::persons::born(&mut self.d, self.units[u].day, age);
        self.f.ids.issue(&mut self.d, county, birth, f)
    }
}

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
    fn committees(&mut self) -> Vec<Committee> {
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
            let birth = super::persons::born(&mut self.d, self.units[u].day, self.ages[m]);
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

/// A record kind that bars a candidate, with a date (and end, grade, rectified) that makes
/// it apply on election day `day`.
fn barring_record(d: &mut Draw, person: usize, day: NaiveDate) -> Record {
    let ago = |d: &mut Draw, lo: u64, hi: u64| day - Days::new(d.between(lo, hi));
    let year = |d: &mut Draw, lo: i32, hi: i32| {
        date(
            lo + d.below((hi - lo + 1) as u64) as i32,
            d.between(1, 12) as u32,
            d.between(1, 28) as u32,
        )
    };
    let r = |kind, date| Record {
        person,
        kind,
        date,
        end: None,
        grade: None,
        rectified: None,
    };
    // Weighted as the joint reviews reported them: bribery, petitions, debts and absence most.
    match d.weighted(&[8, 3, 2, 6, 4, 4, 3, 3, 12, 10, 3, 6, 8, 5, 4, 9, 3, 2, 2, 2]) {
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
        _ => Record {
            end: Some(day + Days::new(d.between(100, 400))),
            ..r("组织处理", ago(d, 30, 300))
        },
    }
}

/// A record of the past that no longer bars anyone (a window that has closed, a matter put
/// right): the review reads it and finds nothing.
fn spent_record(d: &mut Draw, person: usize) -> Record {
    let year = |d: &mut Draw, lo: i32, hi: i32| {
        date(
            lo + d.below((hi - lo + 1) as u64) as i32,
            d.between(1, 12) as u32,
            d.between(1, 28) as u32,
        )
    };
    let r = |kind, date| Record {
        person,
        kind,
        date,
        end: None,
        grade: None,
        rectified: None,
    };
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
    fn elected_committee(c: &Committee) -> Vec<usize> {
        std::iter::once(c.director)
            .chain(c.deputies.iter().copied())
            .chain(c.members.iter().copied())
            .collect()
    }

    /// The 959 candidates the joint review screens out: one barring record each, several for
    /// some; nominated for the committee, the Party organisation or the supervision committee.
    fn screened(&mut self, cs: &mut [Committee]) {
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
    fn families(&mut self, cs: &mut [Committee]) {
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

    /// The previous term (2017): its members who sat again keep their seats' roles; the others
    /// are leavers, older, fewer of them women, with less schooling.
    fn previous_term(&mut self, cs: &[Committee]) {
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
    fn count(&mut self, cs: &[Committee]) {
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
                let name = super::persons::name(&mut self.d, female);
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
    fn proxies(&mut self) {
        for u in 0..self.units.len() {
            if !self.d.chance(3, 10) {
                continue;
            }
            let (county, day) = (self.units[u].county, self.units[u].day);
            for _ in 0..self.d.between(1, 3) {
                let age = self.d.between(45, 80) as u32;
                let f = self.d.chance(1, 2);
                let b1 = super::persons::born(&mut self.d, day, age);
                let principal = self.f.ids.issue(&mut self.d, county, b1, f);
                let b2 = super::persons::born(&mut self.d, day, age + 2);
                let proxy = self.f.ids.issue(&mut self.d, county, b2, !f);
                let start = self.wedding(principal, proxy);
                self.relate(principal, proxy, Tie::Spouse, start, None);
                self.proxies.push((u, principal, proxy));
                self.extra_voters[u].extend([principal, proxy]);
            }
        }
    }
}

fn text(t: &mut TableBuilder, cells: &[Cell<'_>]) {
    t.row(cells);
}

impl World {
    fn code(&self, u: usize) -> String {
        self.units[u].code.to_string()
    }

    fn units_table(
        &self,
        cs: &[Committee],
        seed: u64,
    ) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "units",
            &[
                ("unit_code", Kind::Text),
                ("name", Kind::Text),
                ("kind", Kind::Text),
                ("households", Kind::Int),
                ("registered_voters", Kind::Int),
                ("election_date", Kind::Date),
                ("register_published", Kind::Date),
                ("seats_director", Kind::Int),
                ("seats_deputy_director", Kind::Int),
                ("seats_member", Kind::Int),
            ],
        );
        for (u, p) in self.units.iter().enumerate() {
            let code = self.code(u);
            text(
                &mut t,
                &[
                    Cell::T(&code),
                    Cell::T(&p.name),
                    Cell::T(if p.village { "村" } else { "社区" }),
                    Cell::I(p.households as i64),
                    Cell::I(p.registered as i64),
                    Cell::D(p.day),
                    Cell::D(p.published),
                    Cell::I(1),
                    Cell::I(cs[u].deputies.len() as i64),
                    Cell::I(cs[u].members.len() as i64),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    fn people_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "people",
            &[
                ("id_number", Kind::Text),
                ("name", Kind::Text),
                ("sex", Kind::Text),
                ("birth_date", Kind::Date),
                ("ethnicity", Kind::Text),
                ("education", Kind::Text),
                ("party", Kind::Text),
                ("finance_skill", Kind::Text),
            ],
        );
        for p in &self.persons {
            let id = p.id.to_string();
            let birth = p.id.birth_date();
            text(
                &mut t,
                &[
                    Cell::T(&id),
                    Cell::T(&p.name),
                    Cell::T(if female(p.id) { "女" } else { "男" }),
                    birth.map_or(Cell::Null, Cell::D),
                    Cell::T(p.ethnicity),
                    Cell::T(p.education),
                    Cell::T(p.party),
                    Cell::T(if p.finance { "是" } else { "否" }),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    fn roster_table(
        &self,
        name: &'static str,
        seats: &[Seat],
        term: i64,
        seed: u64,
    ) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            name,
            &[
                ("id_number", Kind::Text),
                ("unit_code", Kind::Text),
                ("body", Kind::Text),
                ("role", Kind::Text),
                ("status", Kind::Text),
                ("term", Kind::Int),
            ],
        );
        for s in seats {
            let id = self.persons[s.person].id.to_string();
            let code = self.code(s.unit);
            text(
                &mut t,
                &[
                    Cell::T(&id),
                    Cell::T(&code),
                    Cell::T(s.body),
                    s.role.map_or(Cell::Null, Cell::T),
                    Cell::T(if s.elected { "当选" } else { "候选人" }),
                    Cell::I(term),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    fn records_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "records",
            &[
                ("id_number", Kind::Text),
                ("kind", Kind::Text),
                ("date", Kind::Date),
                ("end_date", Kind::Date),
                ("grade", Kind::Text),
                ("rectified", Kind::Text),
            ],
        );
        for r in &self.records {
            let id = self.persons[r.person].id.to_string();
            text(
                &mut t,
                &[
                    Cell::T(&id),
                    Cell::T(r.kind),
                    Cell::D(r.date),
                    r.end.map_or(Cell::Null, Cell::D),
                    r.grade.map_or(Cell::Null, Cell::T),
                    r.rectified.map_or(Cell::Null, Cell::T),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    fn relations_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "relations",
            &[
                ("person", Kind::Text),
                ("relative", Kind::Text),
                ("relation", Kind::Text),
                ("start_date", Kind::Date),
                ("end_date", Kind::Date),
            ],
        );
        for r in &self.relations {
            text(
                &mut t,
                &[
                    Cell::T(&r.person),
                    Cell::T(&r.relative),
                    Cell::T(r.relation),
                    r.start.map_or(Cell::Null, Cell::D),
                    r.end.map_or(Cell::Null, Cell::D),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    fn proxies_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "proxies",
            &[
                ("unit_code", Kind::Text),
                ("principal", Kind::Text),
                ("proxy", Kind::Text),
            ],
        );
        for (u, a, b) in &self.proxies {
            let (code, a, b) = (self.code(*u), a.to_string(), b.to_string());
            text(&mut t, &[Cell::T(&code), Cell::T(&a), Cell::T(&b)]);
        }
        t.finish(DATASET, seed)
    }

    /// The voter register: each unit's own people (not those deprived of political rights),
    /// the couples voting by proxy, and invented voters up to the registered number.
    fn register_table(&mut self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "register",
            &[
                ("id_number", Kind::Text),
                ("unit_code", Kind::Text),
                ("category", Kind::Text),
                ("residence_since", Kind::Date),
                ("consent", Kind::Text),
            ],
        );
        let mut own: Vec<Vec<ResidentId>> = vec![Vec::new(); self.units.len()];
        for (i, p) in self.persons.iter().enumerate() {
            // Leavers were registered too: they live in the unit.
            if self.voter[i] {
                own[self.home[i]].push(p.id);
            }
        }
        for (u, own) in own.iter_mut().enumerate() {
            let code = self.code(u);
            let (county, day, registered) = (
                self.units[u].county,
                self.units[u].day,
                self.units[u].registered,
            );
            let mut ids: Vec<ResidentId> = std::mem::take(own);
            ids.extend(self.extra_voters[u].iter().copied());
            while (ids.len() as u64) < registered {
                let age = self.d.between(18, 88) as u32;
                let f = self.d.chance(1, 2);
                let birth = super::persons::born(&mut self.d, day, age);
                ids.push(self.f.ids.issue(&mut self.d, county, birth, f));
            }
            for id in ids {
                let s = id.to_string();
                match self.d.below(100) {
                    0..=89 => text(&mut t, &[Cell::T(&s), Cell::T(&code), Cell::T("1")]),
                    90..=96 => text(&mut t, &[Cell::T(&s), Cell::T(&code), Cell::T("2")]),
                    _ => {
                        let since = day - Days::new(self.d.between(400, 5000));
                        text(
                            &mut t,
                            &[
                                Cell::T(&s),
                                Cell::T(&code),
                                Cell::T("3"),
                                Cell::D(since),
                                Cell::T("是"),
                            ],
                        );
                    }
                }
            }
        }
        t.finish(DATASET, seed)
    }

    fn tallies_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "tallies",
            &[
                ("unit_code", Kind::Text),
                ("body", Kind::Text),
                ("round", Kind::Int),
                ("registered", Kind::Int),
                ("voted", Kind::Int),
                ("ballots_issued", Kind::Int),
                ("ballots_returned", Kind::Int),
                ("ballots_invalid", Kind::Int),
                ("seats_director", Kind::Int),
                ("seats_deputy_director", Kind::Int),
                ("seats_member", Kind::Int),
            ],
        );
        for s in &self.sheets {
            let code = self.code(s.unit);
            text(
                &mut t,
                &[
                    Cell::T(&code),
                    Cell::T(s.body),
                    Cell::I(s.round),
                    Cell::I(self.units[s.unit].registered as i64),
                    Cell::I(s.voted as i64),
                    Cell::I(s.voted as i64),
                    Cell::I(s.returned as i64),
                    Cell::I(s.invalid as i64),
                    Cell::I(s.seats[0] as i64),
                    Cell::I(s.seats[1] as i64),
                    Cell::I(s.seats[2] as i64),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    fn votes_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "votes",
            &[
                ("unit_code", Kind::Text),
                ("body", Kind::Text),
                ("round", Kind::Int),
                ("id_number", Kind::Text),
                ("name", Kind::Text),
                ("role", Kind::Text),
                ("votes", Kind::Int),
            ],
        );
        for v in &self.votes {
            let code = self.code(v.unit);
            let id = v.who.as_ref().ok().map(|&p| self.persons[p].id.to_string());
            text(
                &mut t,
                &[
                    Cell::T(&code),
                    Cell::T(v.body),
                    Cell::I(v.round),
                    id.as_deref().map_or(Cell::Null, Cell::T),
                    v.who.as_ref().err().map_or(Cell::Null, |n| Cell::T(n)),
                    Cell::T(v.role),
                    Cell::I(v.votes as i64),
                ],
            );
        }
        t.finish(DATASET, seed)
    }
}

/// Builds the data set for `seed`.
pub(crate) fn build(seed: u64) -> Result<ReferenceData, ArrowError> {
    let mut w = World::new(seed);
    let mut cs = w.committees();
    w.screened(&mut cs);
    w.families(&mut cs);
    w.previous_term(&cs);
    w.count(&cs);
    w.proxies();
    let register = w.register_table(seed)?;
    let tables = vec![
        ("units", w.units_table(&cs, seed)?),
        ("people", w.people_table(seed)?),
        ("roster", w.roster_table("roster", &w.roster, TERM, seed)?),
        (
            "previous",
            w.roster_table("previous", &w.previous, PREVIOUS_TERM, seed)?,
        ),
        ("records", w.records_table(seed)?),
        ("relations", w.relations_table(seed)?),
        ("proxies", w.proxies_table(seed)?),
        ("register", register),
        ("tallies", w.tallies_table(seed)?),
        ("votes", w.votes_table(seed)?),
    ];
    Ok(ReferenceData { seed, tables })
}
