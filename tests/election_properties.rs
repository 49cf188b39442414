//! Properties of the count and of apportionment (docs/domain.md §6, §7): oracles written from the
//! definitions, conservation, invariance under row order, monotonicity.

use huanjie::RulePack;
use huanjie::apportion::{Claim, Method, apportion};
use huanjie::count::{
    Candidate, CountInput, CountReport, Tallies, TallyRow, VoteRow, Votes, count,
};
use proptest::prelude::*;

const UNIT: &str = "640121100201";
/// Valid ID numbers to draw candidates from.
const IDS: [&str; 8] = [
    "640121197503120134",
    "640121198006210248",
    "640121196809020350",
    "640121198501140427",
    "640121197203180514",
    "640121199007070624",
    "640121196604250777",
    "64012119791130088X",
];
const ROLES: [&str; 3] = ["主任", "副主任", "委员"];

/// One first-round sheet: voters, seats per role, and (candidate, role, votes) marks.
#[derive(Debug, Clone)]
struct Sheet {
    registered: u64,
    voted: u64,
    seats: [u64; 3],
    marks: Vec<(usize, usize, u64)>,
}

fn sheet() -> impl Strategy<Value = Sheet> {
    (
        prop::sample::select(vec![10u64, 16, 40, 41, 100, 333]),
        prop::array::uniform3(0u64..3),
        prop::collection::vec((0usize..8, 0usize..3, 0u64..10), 0..14),
    )
        .prop_map(|(voted, seats, raw)| {
            let mut seats = seats;
            if seats.iter().all(|&s| s == 0) {
                seats[2] = 1;
            }
            // One mark per candidate and role, votes within the valid ballots, and per role no
            // more marks than ballots × seats.
            let mut marks: Vec<(usize, usize, u64)> = Vec::new();
            let mut used = [0u64; 3];
            for (c, r, v) in raw {
                if seats[r] == 0 || marks.iter().any(|m| m.0 == c && m.1 == r) {
                    continue;
                }
                // Few distinct counts (eighths of the voters, and one more than half), so that
                // ties and the exact-half boundary come up often.
                let v = if v == 9 { voted / 2 + 1 } else { voted * v / 8 };
                if used[r] + v > voted * seats[r] {
                    continue;
                }
                used[r] += v;
                marks.push((c, r, v));
            }
            Sheet {
                registered: voted + voted / 3,
                voted,
                seats,
                marks,
            }
        })
}

fn run(s: &Sheet, order: &[usize]) -> CountReport {
    let mut t = Tallies::default();
    let n = |v: u64| v.to_string();
    let (reg, voted) = (n(s.registered), n(s.voted));
    let seats = s.seats.map(n);
    t.push(&TallyRow {
        unit_code: Some(UNIT),
        body: Some("村委会"),
        round: Some("1"),
        registered: Some(&reg),
        voted: Some(&voted),
        ballots_returned: Some(&voted),
        ballots_invalid: Some("0"),
        seats_director: Some(&seats[0]),
        seats_deputy_director: Some(&seats[1]),
        seats_member: Some(&seats[2]),
        ..Default::default()
    });
    let mut v = Votes::default();
    for &i in order {
        let (c, r, votes) = s.marks[i];
        let votes = votes.to_string();
        v.push(&VoteRow {
            unit_code: Some(UNIT),
            body: Some("村委会"),
            round: Some("1"),
            id_number: Some(IDS[c]),
            role: Some(ROLES[r]),
            votes: Some(&votes),
            ..Default::default()
        });
    }
    let pack = RulePack::builtin("cn-2021").unwrap();
    count(
        CountInput {
            tallies: &t,
            votes: &v,
            roster: None,
            register: None,
            units: None,
        },
        &pack,
        "2021-01-15".parse().unwrap(),
    )
    .unwrap()
}

/// Winners as (candidate, role index, votes), sorted.
fn winners(r: &CountReport) -> Vec<(String, usize, u64)> {
    let mut w: Vec<_> = r.rounds[0]
        .elected
        .iter()
        .map(|e| {
            let role = huanjie::count::role_index(e.role).unwrap();
            (format!("{:?}", e.candidate), role, e.votes)
        })
        .collect();
    w.sort();
    w
}

/// The definition: role by role, among those not yet elected whose votes are more than half
/// of the voters, `c` wins iff at most `seats` of them have at least `c`'s votes.
fn oracle(s: &Sheet) -> Vec<(String, usize, u64)> {
    let mut out = Vec::new();
    let mut elected: Vec<usize> = Vec::new();
    for r in 0..3 {
        let q: Vec<(usize, u64)> = s
            .marks
            .iter()
            .filter(|m| m.1 == r && !elected.contains(&m.0) && 2 * m.2 > s.voted)
            .map(|m| (m.0, m.2))
            .collect();
        for &(c, v) in &q {
            let at_least = q.iter().filter(|d| d.1 >= v).count() as u64;
            if at_least <= s.seats[r] {
                out.push((c, r, v));
            }
        }
        elected.extend(out.iter().filter(|w| w.1 == r).map(|w| w.0));
    }
    let mut w: Vec<_> = out
        .into_iter()
        .map(|(c, r, v)| {
            let id = huanjie::ResidentId::parse(IDS[c]).unwrap();
            (format!("{:?}", Candidate::Id(id)), r, v)
        })
        .collect();
    w.sort();
    w
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn winners_match_the_definition(s in sheet()) {
        let order: Vec<usize> = (0..s.marks.len()).collect();
        let r = run(&s, &order);
        prop_assert_eq!(winners(&r), oracle(&s));
    }

    #[test]
    fn seats_are_conserved(s in sheet()) {
        let order: Vec<usize> = (0..s.marks.len()).collect();
        let r = run(&s, &order);
        let round = &r.rounds[0];
        for i in 0..3 {
            let won = round.elected.iter().filter(|e| huanjie::count::role_index(e.role) == Some(i)).count() as u64;
            prop_assert_eq!(won + round.unfilled[i], s.seats[i]);
            let tied: u64 = round.ties.iter().filter(|t| huanjie::count::role_index(t.role) == Some(i)).map(|t| t.seats).sum();
            prop_assert!(tied <= round.unfilled[i]);
        }
        prop_assert_eq!(r.summary.filled + r.summary.unfilled, r.summary.seats);
        for e in &round.elected {
            prop_assert!(2 * e.votes > s.voted);
        }
    }

    #[test]
    fn row_order_does_not_matter(s in sheet(), seed in any::<u64>()) {
        let mut order: Vec<usize> = (0..s.marks.len()).collect();
        let base = run(&s, &order);
        // A deterministic shuffle from the seed.
        let mut x = seed | 1;
        for i in (1..order.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let shuffled = run(&s, &order);
        prop_assert_eq!(winners(&base), winners(&shuffled));
        let (a, b) = (&base.rounds[0], &shuffled.rounds[0]);
        prop_assert_eq!(a.unfilled, b.unfilled);
        let key = |r: &huanjie::count::RoundResult| -> Vec<String> {
            let mut v: Vec<String> = r.runoff.iter().map(|e| format!("{:?}{:?}{}", e.candidate, e.role, e.votes)).collect();
            v.extend(r.ties.iter().map(|t| format!("{t:?}")));
            v
        };
        prop_assert_eq!(key(a), key(b));
    }

    #[test]
    fn more_votes_never_unseat_a_winner(s in sheet(), pick in any::<prop::sample::Index>(), extra in 1u64..50) {
        let order: Vec<usize> = (0..s.marks.len()).collect();
        let base = run(&s, &order);
        let won = winners(&base);
        prop_assume!(!won.is_empty());
        let w = &won[pick.index(won.len())];
        // Find that winner's mark and add votes, within the ballots.
        let mut t = s.clone();
        let i = t.marks.iter().position(|m| {
            let id = huanjie::ResidentId::parse(IDS[m.0]).unwrap();
            format!("{:?}", Candidate::Id(id)) == w.0 && m.1 == w.1
        }).unwrap();
        let role = t.marks[i].1;
        let used: u64 = t.marks.iter().filter(|m| m.1 == role).map(|m| m.2).sum();
        let room = (t.voted - t.marks[i].2).min(t.voted * t.seats[role] - used);
        prop_assume!(room > 0);
        t.marks[i].2 += extra.min(room);
        let after = winners(&run(&t, &order));
        prop_assert!(after.iter().any(|x| x.0 == w.0 && x.1 == w.1));
    }

    #[test]
    fn removing_a_clear_loser_changes_no_winner(s in sheet(), pick in any::<prop::sample::Index>()) {
        let order: Vec<usize> = (0..s.marks.len()).collect();
        let base = run(&s, &order);
        let round = &base.rounds[0];
        let won = winners(&base);
        let name = |m: &(usize, usize, u64)| format!("{:?}", Candidate::Id(huanjie::ResidentId::parse(IDS[m.0]).unwrap()));
        let tied: Vec<String> = round.ties.iter().flat_map(|t| t.candidates.iter().map(|c| format!("{c:?}"))).collect();
        let losers: Vec<usize> = (0..s.marks.len())
            .filter(|&i| {
                let n = name(&s.marks[i]);
                !won.iter().any(|w| w.0 == n) && !tied.contains(&n)
            })
            .collect();
        prop_assume!(!losers.is_empty());
        let gone = s.marks[losers[pick.index(losers.len())]].0;
        let mut t = s.clone();
        t.marks.retain(|m| m.0 != gone);
        let order: Vec<usize> = (0..t.marks.len()).collect();
        prop_assert_eq!(winners(&run(&t, &order)), won);
    }
}

fn claims() -> impl Strategy<Value = Vec<Claim>> {
    prop::collection::vec((0i64..2000, 0u32..3), 1..9).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (weight, min_seats))| Claim {
                group: format!("{}组", i + 1),
                weight,
                min_seats,
            })
            .collect()
    })
}

const METHODS: [Method; 4] = [
    Method::Hamilton,
    Method::DHondt,
    Method::SainteLague,
    Method::HuntingtonHill,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn seats_sum_to_the_house(c in claims(), extra in 0u32..40) {
        let minimum: u32 = c.iter().map(|x| x.min_seats).sum();
        let seats = minimum + extra;
        let total: i64 = c.iter().map(|x| x.weight).sum();
        for m in METHODS {
            match apportion(&c, seats, m) {
                Ok(a) => {
                    prop_assert_eq!(a.shares.iter().map(|s| s.seats).sum::<u32>(), seats);
                    for (s, x) in a.shares.iter().zip(&c) {
                        prop_assert!(s.seats >= x.min_seats);
                    }
                }
                Err(e) => prop_assert!(total == 0 && extra > 0, "{e}"),
            }
        }
    }

    #[test]
    fn hamilton_stays_within_quota(c in claims(), seats in 0u32..60) {
        let c: Vec<Claim> = c.into_iter().map(|x| Claim { min_seats: 0, ..x }).collect();
        let total: i64 = c.iter().map(|x| x.weight).sum();
        prop_assume!(total > 0);
        let a = apportion(&c, seats, Method::Hamilton).unwrap();
        for s in &a.shares {
            let q = u128::from(s.weight) * u128::from(seats);
            let (lo, hi) = (q / total as u128, q.div_ceil(total as u128));
            prop_assert!(u128::from(s.seats) >= lo && u128::from(s.seats) <= hi);
        }
    }

    #[test]
    fn divisor_methods_are_house_monotone(c in claims(), seats in 1u32..40) {
        let minimum: u32 = c.iter().map(|x| x.min_seats).sum();
        let total: i64 = c.iter().map(|x| x.weight).sum();
        prop_assume!(total > 0);
        for m in [Method::DHondt, Method::SainteLague, Method::HuntingtonHill] {
            let mut before = apportion(&c, minimum, m).unwrap();
            for h in minimum + 1..=minimum + seats {
                let after = apportion(&c, h, m).unwrap();
                for (b, a) in before.shares.iter().zip(&after.shares) {
                    prop_assert!(a.seats >= b.seats, "{m}: house {h}");
                }
                before = after;
            }
        }
    }

    /// D'Hondt by its definition: the `seats` largest quotients weight ÷ k (k = 1, 2, …),
    /// ties by larger weight, then order.
    #[test]
    fn dhondt_is_the_largest_quotients(c in claims(), seats in 0u32..30) {
        let c: Vec<Claim> = c.into_iter().map(|x| Claim { min_seats: 0, ..x }).collect();
        let total: i64 = c.iter().map(|x| x.weight).sum();
        prop_assume!(total > 0);
        let mut q: Vec<(i64, i64, usize)> = Vec::new();
        for (i, x) in c.iter().enumerate() {
            for k in 1..=i64::from(seats) {
                if x.weight > 0 {
                    q.push((x.weight, k, i));
                }
            }
        }
        // Largest weight/k first: compare w1·k2 with w2·k1; then larger weight, then order.
        q.sort_by(|a, b| (b.0 * a.1).cmp(&(a.0 * b.1)).then(b.0.cmp(&a.0)).then(a.2.cmp(&b.2)));
        let mut want = vec![0u32; c.len()];
        for x in q.iter().take(seats as usize) {
            want[x.2] += 1;
        }
        let got: Vec<u32> = apportion(&c, seats, Method::DHondt).unwrap().shares.iter().map(|s| s.seats).collect();
        prop_assert_eq!(got, want);
    }
}

mod register {
    use super::*;
    use huanjie::voters::{Register, RegisterRow, VotersInput, voters};

    const UNITS: [&str; 3] = ["640121100201", "640121100202", "640122101203"];

    fn run(rows: &[(usize, usize)]) -> Vec<(String, String, String)> {
        let mut reg = Register::default();
        for &(p, u) in rows {
            reg.push(&RegisterRow {
                id_number: Some(IDS[p]),
                unit_code: Some(UNITS[u]),
                category: Some("1"),
                ..Default::default()
            });
        }
        let pack = RulePack::builtin("cn-2021").unwrap();
        let report = voters(
            VotersInput {
                register: &reg,
                records: None,
                units: None,
                proxies: None,
                relations: None,
                people: None,
            },
            &pack,
            "2021-01-15".parse().unwrap(),
        )
        .unwrap();
        // (person, unit, rule) of every finding, independent of row numbers.
        let mut out: Vec<(String, String, String)> = report
            .findings
            .iter()
            .map(|f| {
                (
                    f.id_number.as_ref().map(|k| k.full()).unwrap_or_default(),
                    f.unit_code.map(|c| c.to_string()).unwrap_or_default(),
                    f.rule.to_string(),
                )
            })
            .collect();
        out.sort();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn duplicates_do_not_depend_on_row_order(
            rows in prop::collection::vec((0usize..8, 0usize..3), 0..30),
            seed in any::<u64>(),
        ) {
            let base = run(&rows);
            let mut shuffled = rows.clone();
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(&base, &run(&shuffled));
            // The definition: a finding on every row of a person with more than one row;
            // VOTER-TWO-UNITS when their rows name more than one unit.
            let mut want = Vec::new();
            for (p, id) in IDS.iter().enumerate() {
                let mine: Vec<usize> = rows.iter().filter(|r| r.0 == p).map(|r| r.1).collect();
                if mine.len() > 1 {
                    let two = mine.iter().any(|&u| u != mine[0]);
                    for &u in &mine {
                        let rule = if two { "VOTER-TWO-UNITS" } else { "VOTER-DUPLICATE" };
                        want.push((id.to_string(), UNITS[u].to_string(), rule.to_string()));
                    }
                }
            }
            want.sort();
            prop_assert_eq!(base, want);
        }
    }
}
