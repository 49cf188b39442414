//! # huanjie (换届)
//!
//! The rules of China's village and community committee elections, as a library: resident ID
//! numbers, dates and thresholds as the law counts them, dated rule packs, the joint review's
//! negative list and statutory bars, and — with the `table` feature — columnar I/O for the
//! tables clerks keep in spreadsheets.
//!
//! ```
//! use huanjie::{ResidentId, RulePack, check, CheckInput, CheckOptions};
//! use huanjie::people::{People, PersonRow};
//! use huanjie::vetting::{Records, RecordRow};
//!
//! let pack = RulePack::builtin("cn-2021").unwrap();
//! let mut people = People::default();
//! people.push(&PersonRow { id_number: Some("11010519491231002X"), ..Default::default() });
//! let mut records = Records::default();
//! records.push(&RecordRow { id_number: Some("11010519491231002X"), kind: Some("刑事处罚"), date: Some("2010-05-01"), ..Default::default() }, &pack);
//! let as_of = "2021-01-15".parse().unwrap();
//! let report = check(CheckInput { people: &people, roster: None, records: Some(&records), relations: None, units: None }, &pack, CheckOptions::new(as_of)).unwrap();
//! assert_eq!(&*report.outcomes[0].rules[0], "NEG-02");
//! assert_eq!(ResidentId::parse("11010519491231002X").unwrap().masked(), "110105********002X");
//! ```
//!
//! Each capability, from typed tables (the `table` feature reads them from CSV, XLSX, JSON
//! lines or Arrow; docs/ in the repository holds the contract):
//!
//! **Kinship and avoidance** — how two persons are related, by the classes of docs/domain.md §5:
//!
//! ```
//! use huanjie::{FamilyGraph, RelationRow, Relations, Location};
//!
//! let mut rel = Relations::default();
//! rel.push(&RelationRow { person: Some("key:A"), relative: Some("key:F"), relation: Some("父亲"), ..Default::default() });
//! rel.push(&RelationRow { person: Some("key:B"), relative: Some("key:F"), relation: Some("父亲"), ..Default::default() });
//! let g = FamilyGraph::build(&rel, "2021-01-15".parse().unwrap(), &Location::default()).unwrap();
//! let r = g.relation(g.find("key:A").unwrap(), g.find("key:B").unwrap());
//! assert_eq!(r.classes[0].kind.name(), "collateral3"); // siblings through their father
//! ```
//!
//! **The count** — a village committee's first round: more than half of the registered voters
//! voted, and the director has more than half of their votes:
//!
//! ```
//! use huanjie::{count, CountInput, RulePack, Tallies, TallyRow, VoteRow, Votes};
//!
//! let pack = RulePack::builtin("cn-2021").unwrap();
//! let mut tallies = Tallies::default();
//! tallies.push(&TallyRow { unit_code: Some("640121100201"), body: Some("村委会"), round: Some("1"),
//!     registered: Some("1000"), voted: Some("800"), ballots_returned: Some("800"),
//!     seats_director: Some("1"), seats_deputy_director: Some("0"), seats_member: Some("0"), ..Default::default() });
//! let mut votes = Votes::default();
//! votes.push(&VoteRow { unit_code: Some("640121100201"), body: Some("村委会"), round: Some("1"),
//!     role: Some("主任"), votes: Some("401"), id_number: Some("11010519491231002X"), ..Default::default() });
//! let input = CountInput { tallies: &tallies, votes: &votes, roster: None, register: None, units: None };
//! let report = count(input, &pack, "2021-01-15".parse().unwrap()).unwrap();
//! assert!(report.rounds[0].valid);
//! assert_eq!(report.rounds[0].elected[0].votes, 401); // 2 × 401 > 800: elected
//! ```
//!
//! **The voter register** — a voter who is 17 on election day cannot vote:
//!
//! ```
//! use huanjie::{voters, Register, RegisterRow, RulePack, VotersInput};
//!
//! let pack = RulePack::builtin("cn-2021").unwrap();
//! let mut register = Register::default();
//! let minor = huanjie::id::from_parts(640121, "2004-01-16".parse().unwrap(), 11).unwrap().to_string();
//! register.push(&RegisterRow { id_number: Some(&minor), unit_code: Some("640121100201"), category: Some("1"), ..Default::default() });
//! let input = VotersInput { register: &register, records: None, units: None, proxies: None, relations: None, people: None };
//! let report = voters(input, &pack, "2021-01-15".parse().unwrap()).unwrap();
//! assert_eq!(&*report.findings.iter().next().unwrap().rule, "VOTER-AGE");
//! ```
//!
//! **Statistics** — the share of women among the elected members, exactly:
//!
//! ```
//! use huanjie::{stats, DivisionNames, People, PersonRow, Roster, RosterRow, StatsInput, StatsOptions};
//!
//! let (mut people, mut roster) = (People::default(), Roster::default());
//! for id in ["11010519491231002X", "53010219200508011X"] {
//!     people.push(&PersonRow { id_number: Some(id), ..Default::default() });
//!     roster.push(&RosterRow { id_number: Some(id), unit_code: Some("640121100201"), body: Some("村委会"),
//!         role: Some("委员"), status: Some("当选"), ..Default::default() });
//! }
//! let input = StatsInput { people: &people, roster: &roster, units: None, tallies: None, previous: None, count: None };
//! let report = stats(input, &StatsOptions::new("2021-01-15".parse().unwrap()), &DivisionNames::ningxia());
//! let women = report.figures.iter().find(|f| f.figure == "women").unwrap();
//! assert_eq!((women.num, women.den), (1, 2));
//! ```
//!
//! **Apportionment** — seven representatives among three villager groups by households:
//!
//! ```
//! use huanjie::{apportion, Claim, Method};
//!
//! let claims: Vec<Claim> = [("一组", 132), ("二组", 87), ("三组", 240)]
//!     .iter()
//!     .map(|(g, w)| Claim { group: g.to_string(), weight: *w, min_seats: 0 })
//!     .collect();
//! let a = apportion(&claims, 7, Method::Hamilton).unwrap();
//! assert_eq!(a.shares.iter().map(|s| s.seats).sum::<u32>(), 7);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Errors carry their location (table, file, row, column) by value; they are the cold path of a
// run over a whole table, so their size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

// The modules in their layers, bottom first (docs/architecture.md; tests/layers.rs keeps a
// `crate::` path from pointing up a layer or closing a circle).

// Base types: dates and ratios as the law counts them, ID numbers, division codes, the
// attributes of a person, the input tables as typed columns.
mod cells;
pub mod date;
pub mod division;
pub mod family;
mod hash;
pub mod id;
mod par;
pub mod people;
pub mod person;
pub mod ratio;
pub mod roster;
pub mod strokes;
pub mod units;

// Vocabulary: the rule catalogue's terms, findings and outcomes, errors.
pub mod error;
pub mod finding;
pub mod rules;

// Rule data: dated packs of every value, item and rule.
pub mod pack;

// Mechanisms: the negative list, kinship and avoidance, composition, the count, apportionment,
// the voter register.
pub mod apportion;
pub mod composition;
pub mod count;
pub mod kinship;
pub mod nominate;
pub mod vetting;
mod vetting_data;
pub mod voters;

// The review: the joint review of a candidate list; statistics of the elected members.
pub mod check;
pub mod review;
pub mod stats;

// Results: the audit block, text for people.
pub mod audit;
pub mod provenance;
pub mod render;
pub mod report;

// Edges: columnar I/O and the writers of every format; the reference data set.
#[cfg(feature = "reference")]
pub mod reference;
#[cfg(feature = "table")]
pub mod table;

// The public surface: what a Rust program needs to run each capability, at the crate's root.
pub use apportion::{Apportionment, Claim, Method, Share, apportion};
pub use audit::Audit;
pub use check::{
    CheckInput, CheckOptions, CheckReport, Prepared, ScreenedOut, Summary, Verdicts, check,
    check_outcomes,
};
pub use count::{
    CountInput, CountReport, Recall, RecallInput, Tallies, TallyRow, VoteRow, Votes, count, recall,
};
pub use error::{Error, InputError, Location, PackError, ProblemKind};
pub use finding::{
    Evidence, EvidenceStep, Finding, Findings, Outcome, OutcomeKind, ParamUse, PersonKey, Subject,
};
pub use id::{IdError, ResidentId};
pub use kinship::{FamilyGraph, Relation, RelationRow, RelationSet, Relations};
pub use pack::{RuleBook, RulePack};
pub use people::{People, PersonRow};
pub use ratio::Ratio;
pub use roster::{Roster, RosterRow};
pub use rules::{Rule, RuleUse, Severity};
pub use stats::{DivisionNames, StatsInput, StatsOptions, StatsReport, stats};
pub use units::{UnitRow, Units};
pub use vetting::{RecordRow, Records};
pub use voters::{Register, RegisterRow, VotersInput, VotersReport, voters};

/// huanjie's version, as printed in every audit block.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
