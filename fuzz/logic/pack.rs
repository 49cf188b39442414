//! (c) The rule-pack parser, its resolution and every mechanism that reads it: any text as a
//! pack (TOML, or JSON when it starts with `{`) extending nothing or cn-2021, then check,
//! voters, count and recall on the examples.

use huanjie::check::CheckOptions;
use huanjie::count::{Proposers, RecallInput, recall};
use huanjie::table::{
    CheckTables, CountTables, TableInput, TableRole, VotersTables, check_tables, count_tables,
    voters_tables,
};

const PEOPLE: &[u8] = include_bytes!("../../examples/data/people.csv");
const RECORDS: &[u8] = include_bytes!("../../examples/data/records.csv");
const ROSTER: &[u8] = include_bytes!("../../examples/data/roster.csv");
const RELATIONS: &[u8] = include_bytes!("../../examples/data/relations.csv");
const UNITS: &[u8] = include_bytes!("../../examples/data/units.csv");
const REGISTER: &[u8] = include_bytes!("../../examples/data/register.csv");
const TALLIES: &[u8] = include_bytes!("../../examples/data/tallies.csv");
const VOTES: &[u8] = include_bytes!("../../examples/data/votes.csv");

/// Reads `data` as a pack and runs the mechanisms with it.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pack = match huanjie::RulePack::parse(text, "fuzz.toml") {
        Ok(p) => p,
        Err(e) => {
            // (a pack's own text is not personal data: its errors may quote it)
            let _ = e.to_string();
            return;
        }
    };
    let as_of = super::as_of();
    let t = |name: &str, bytes: &[u8], role| super::example(name, bytes, role);
    let (people, pa) = t("people.csv", PEOPLE, TableRole::People);
    let (records, ra) = t("records.csv", RECORDS, TableRole::Records);
    let (roster, oa) = t("roster.csv", ROSTER, TableRole::Roster);
    let (relations, la) = t("relations.csv", RELATIONS, TableRole::Relations);
    let (units, ua) = t("units.csv", UNITS, TableRole::Units);
    let (register, ga) = t("register.csv", REGISTER, TableRole::Register);
    let (tallies, ta) = t("tallies.csv", TALLIES, TableRole::Tallies);
    let (votes, va) = t("votes.csv", VOTES, TableRole::Votes);
    let input = |batches, at| TableInput { batches, at };
    let _ = check_tables(
        CheckTables {
            people: input(&people, &pa),
            roster: Some(input(&roster, &oa)),
            records: Some(input(&records, &ra)),
            relations: Some(input(&relations, &la)),
            units: Some(input(&units, &ua)),
        },
        &pack,
        CheckOptions::new(as_of),
    );
    let _ = voters_tables(
        VotersTables {
            register: input(&register, &ga),
            records: Some(input(&records, &ra)),
            units: Some(input(&units, &ua)),
            proxies: None,
            relations: Some(input(&relations, &la)),
            people: Some(input(&people, &pa)),
        },
        &pack,
        as_of,
    );
    let _ = count_tables(
        CountTables {
            tallies: input(&tallies, &ta),
            votes: input(&votes, &va),
            roster: Some(input(&roster, &oa)),
            register: Some(input(&register, &ga)),
            units: Some(input(&units, &ua)),
        },
        &pack,
        as_of,
    );
    for proposers in [
        None,
        Some(Proposers::Voters { signed: 300 }),
        Some(Proposers::Representatives {
            signed: 10,
            total: 30,
        }),
    ] {
        let _ = recall(
            RecallInput {
                registered: 1_000,
                proposers,
                voted: 600,
                yes: 400,
            },
            &pack,
            as_of,
        );
    }
}
