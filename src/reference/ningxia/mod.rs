//! The Ningxia 2020–21 round as synthetic tables: committees, candidates, the joint review's
//! records, families, the voter register, proxies, tallies and votes.
//!
//! The generator decides who sits where and who was screened out; it never writes a figure.
//! The figures come from running huanjie's own pipeline on the tables (see [`super::demo`]):
//! the women among village-committee members are women because their ID numbers say so, a
//! candidate is screened out because a record or a relation makes the review bar them, the
//! participation is the count of the tallies.

use super::plan::{UnitPlan, units as plan_units};
use super::rng::Draw;
use super::tables::{Cell, Kind, TableBuilder};
use super::{DATASET, PREVIOUS_AS_OF, PREVIOUS_TERM, ReferenceData, TERM, date};
use crate::id::ResidentId;
use crate::person::Sex;
use crate::reference::persons::{Factory, Ids, Person, Profile, age as draw_age};
use arrow_schema::ArrowError;
use chrono::{Days, NaiveDate};

mod ballots;
mod committees;
mod output;
mod review;
mod round;

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
    /// Per unit, voters who may nominate (filled with the register).
    nominators: Vec<Vec<ResidentId>>,
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
            nominators: vec![Vec::new(); n],
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
        let birth = crate::reference::persons::born(&mut self.d, self.units[u].day, age);
        self.f.ids.issue(&mut self.d, county, birth, f)
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
    let rounds = w.unit_rounds(seed);
    let facts = w.member_facts(seed);
    let tables = vec![
        ("units", w.units_table(&cs, &rounds, seed)?),
        ("people", w.people_table(seed)?),
        (
            "roster",
            w.roster_table(
                "roster",
                &w.roster,
                TERM,
                (&facts.subsidised, Some(&facts.background)),
                seed,
            )?,
        ),
        (
            "previous",
            w.roster_table(
                "previous",
                &w.previous,
                PREVIOUS_TERM,
                (&facts.subsidised_before, None),
                seed,
            )?,
        ),
        ("records", w.records_table(seed)?),
        ("relations", w.relations_table(seed)?),
        ("proxies", w.proxies_table(seed)?),
        ("register", register),
        ("tallies", w.tallies_table(seed)?),
        ("votes", w.votes_table(seed)?),
        ("nominations", w.nominations_table(&cs, seed)?),
    ];
    Ok(ReferenceData { seed, tables })
}
