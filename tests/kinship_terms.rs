//! Family sheets in the terms people write (issue 19, docs/kinship-terms.md): every term of
//! the kinship vocabulary gives the classes of its chain — checked against the brute-force
//! oracle of docs/domain.md §5.1 on the chain written as rows of the four ties — and is named
//! back by its standard term; compound and four-tie sheets give the same classes; a term whose
//! readings differ is a review, never a silent choice; a term the ID numbers contradict is
//! said; and the vocabulary agrees with an independent kinship calculator's table.
//!
//! `HUANJIE_BLESS=1 cargo test --test kinship_terms` rewrites `tests/cases/kinship_terms.json`
//! (the classes from the oracle), which `tests/cases.rs` and pytest run.

use huanjie::kinship::{
    Age, Chain, ChainLink, FamilyGraph, KinProblem, Lineage, RelationRow, Relations, Tie,
    entry_of_chain, relation_json, terms_of, vocabulary,
};
use huanjie::person::Sex;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

#[path = "common/kin_oracle.rs"]
mod kin_oracle;
use kin_oracle::{Family, Oracle, fast_classes};

const AS_OF: &str = "2021-01-15";

fn as_of() -> chrono::NaiveDate {
    AS_OF.parse().unwrap()
}

fn sheet(rows: &[(String, String, String)]) -> (FamilyGraph, Vec<KinProblem>) {
    let mut r = Relations::default();
    for (p, q, w) in rows {
        r.push(&RelationRow {
            person: Some(p),
            relative: Some(q),
            relation: Some(w),
            ..Default::default()
        });
    }
    FamilyGraph::build_checked(&r, as_of()).expect("no structural problem")
}

fn sheet_of(rows: &[(&str, &str, &str)]) -> (FamilyGraph, Vec<KinProblem>) {
    let rows: Vec<(String, String, String)> = rows
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    sheet(&rows)
}

/// The chain as a family of the oracle: persons 0 (the sheet's person) … k (the relative).
fn chain_family(chain: &Chain) -> Family {
    let mut f = Family {
        n: chain.links.len() + 1,
        parents: vec![],
        marriages: vec![],
        siblings: vec![],
    };
    for (i, l) in chain.links.iter().enumerate() {
        match l.tie {
            Tie::Parent => f.parents.push((i, i + 1, Lineage::Blood)),
            Tie::Child => f.parents.push((i + 1, i, Lineage::Blood)),
            Tie::Spouse => f.marriages.push((i, i + 1, true)),
            Tie::Sibling => f.siblings.push((i, i + 1)),
        }
    }
    f
}

/// The oracle's classes between the chain's ends, in the case files' canonical strings.
fn oracle_classes(chain: &Chain) -> BTreeSet<String> {
    let f = chain_family(chain);
    case_form(Oracle::new(&f).classes(0, chain.links.len(), f.n))
}

/// Classes as the case files write them (`lineal 2 ancestor blood`).
fn case_form(classes: BTreeSet<String>) -> BTreeSet<String> {
    classes
        .into_iter()
        .map(|c| {
            let p: Vec<&str> = c.split(' ').collect();
            match p.as_slice() {
                ["lineal", s, anc, step] => format!(
                    "lineal {s} {} {}",
                    if *anc == "true" {
                        "ancestor"
                    } else {
                        "descendant"
                    },
                    if *step == "true" { "step" } else { "blood" }
                ),
                _ => c,
            }
        })
        .collect()
}

/// Classes without the near in-law's shape: what decides the relation sets.
fn coarse(classes: &BTreeSet<String>) -> BTreeSet<String> {
    classes
        .iter()
        .map(|c| {
            if c.starts_with("near_affinal") {
                "near_affinal".to_string()
            } else {
                c.clone()
            }
        })
        .collect()
}

fn id(sex: Sex, birth: chrono::NaiveDate, n: u16) -> String {
    let seq = 2 * n + if sex == Sex::Male { 1 } else { 0 };
    huanjie::id::from_parts(640104, birth, seq)
        .unwrap()
        .to_string()
}

/// ID numbers for a row of `chain`: the person and the relative with the sexes the chain
/// gives (a man where it gives none), the relative a generation's 25 years away, and — in
/// the person's own generation — three years older or younger where the term says so, else
/// born the same day (so that no elder or younger is read that the term does not say).
fn persons_for(chain: &Chain) -> (String, String) {
    let generation: i32 = chain
        .links
        .iter()
        .map(|l| match l.tie {
            Tie::Parent => 1,
            Tie::Child => -1,
            _ => 0,
        })
        .sum();
    let base = chrono::NaiveDate::from_ymd_opt(1970, 6, 15).unwrap();
    let mut years = -25 * generation;
    if generation == 0 {
        years += match chain.relative_age_to_ego() {
            Some(Age::Older) => -3,
            Some(Age::Younger) => 3,
            None => 0,
        };
    }
    let birth = chrono::NaiveDate::from_ymd_opt(1970 + years, 6, 15).unwrap();
    let ego = chain.ego_sex_required().unwrap_or(Sex::Male);
    let rel = chain.relative_sex().unwrap_or(Sex::Male);
    (id(ego, base, 1), id(rel, birth, 2))
}

/// The chain with every person's sex filled in (the person's and the relative's from their ID
/// numbers), as a term for it must fit: a term entry is compatible when each of its links has
/// the same tie, and a sex and an age only where the concrete chain has the same.
fn compatible(entry: &Chain, concrete: &[ChainLink], ego: Sex, last_age: Option<Age>) -> bool {
    let n = entry.to_person.len();
    entry.links.len() == concrete.len()
        && entry.ego_sex.is_none_or(|s| s == ego)
        && entry
            .to_person
            .iter()
            .enumerate()
            .all(|(i, m)| m.is_none() || (i + 1 == n && n > 1 && *m == last_age))
        && entry.links.iter().zip(concrete).all(|(e, c)| {
            e.tie == c.tie
                && e.sex.is_none_or(|s| Some(s) == c.sex)
                && e.age.is_none_or(|a| Some(a) == c.age)
        })
}

/// Every person's sex on the chain, the person's and the relative's as given.
fn sexes_with(chain: &Chain, ego: Sex, relative: Sex) -> Vec<Option<Sex>> {
    let mut sexes = chain.sexes();
    sexes[0] = Some(ego);
    if let Some(last) = sexes.last_mut() {
        *last = Some(relative);
    }
    sexes
}

fn concrete(chain: &Chain, ego: Sex, relative: Sex) -> Vec<ChainLink> {
    let sexes = sexes_with(chain, ego, relative);
    chain
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| ChainLink {
            sex: sexes[i + 1],
            ..*l
        })
        .collect()
}

/// The chain walked back from the relative to the person.
fn reverse(chain: &Chain, ego: Sex, relative: Sex) -> Vec<ChainLink> {
    let sexes = sexes_with(chain, ego, relative);
    chain
        .links
        .iter()
        .enumerate()
        .rev()
        .map(|(i, l)| ChainLink {
            tie: match l.tie {
                Tie::Parent => Tie::Child,
                Tie::Child => Tie::Parent,
                t => t,
            },
            sex: sexes[i],
            age: l.age.map(Age::reversed),
        })
        .collect()
}

/// One case per term and reading: the row, the oracle's classes, what huanjie answers.
fn term_cases() -> Vec<Value> {
    let vocab = vocabulary();
    let pack = huanjie::RulePack::builtin("cn-2021").unwrap();
    let mut cases = Vec::new();
    let mut failures = Vec::new();
    for (word, text, readings) in vocab.words() {
        for &e in readings {
            let entry = vocab.entry(e).unwrap();
            let chain = &entry.chain;
            let (a, b) = persons_for(chain);
            let rows = vec![(a.clone(), b.clone(), text.to_string())];
            let (g, problems) = sheet(&rows);
            let name = format!("{text} read as {}", chain.key());
            let mut want = oracle_classes(chain);
            let (x, y) = (g.find(&a), g.find(&b));
            let relation = match (x, y) {
                (Some(x), Some(y)) => g.relation(x, y),
                _ => huanjie::kinship::Relation::unrelated(),
            };
            let got: BTreeSet<String> = match (x, y) {
                (Some(x), Some(y)) => case_form(fast_classes(&g, x, y)),
                _ => BTreeSet::new(),
            };
            let fitting: Vec<u32> = readings
                .iter()
                .copied()
                .filter(|&r| {
                    let c = &vocab.entry(r).unwrap().chain;
                    let (ego, rel) = (
                        chain.ego_sex_required().unwrap_or(Sex::Male),
                        chain.relative_sex().unwrap_or(Sex::Male),
                    );
                    c.ego_sex_required().is_none_or(|s| s == ego)
                        && c.relative_sex().is_none_or(|s| s == rel)
                })
                .collect();
            match problems.as_slice() {
                [] => {
                    // The classes are the oracle's for this reading; where readings that fit
                    // agree, the same coarse classes, and exactly those of the reading used —
                    // the one listing the word earliest among its terms (姨夫: 姨父's).
                    let ok = if fitting.len() == 1 {
                        got == want
                    } else {
                        let used = fitting
                            .iter()
                            .copied()
                            .min_by_key(|&r| {
                                let zh = &vocab.entry(r).unwrap().zh;
                                (zh.iter().position(|w| w == text).unwrap_or(usize::MAX), r)
                            })
                            .unwrap();
                        let agree = coarse(&got) == coarse(&want);
                        want = oracle_classes(&vocab.entry(used).unwrap().chain);
                        agree && got == want
                    };
                    if !ok {
                        failures.push(format!("{name}: {got:?} != oracle {want:?}"));
                    }
                    let Some(c) = relation.shortest() else {
                        if !want.is_empty() {
                            failures.push(format!("{name}: no class found"));
                        }
                        continue;
                    };
                    let (term, back) = terms_of(&g, &c.path);
                    let ego = chain.ego_sex_required().unwrap_or(Sex::Male);
                    let rel = chain.relative_sex().unwrap_or(Sex::Male);
                    // The term is one of the word's own readings' terms, or a more precise
                    // one the ID numbers allow (兄弟姐妹 about a brother: 兄弟).
                    match &term {
                        Some(t) => {
                            let chosen = &vocab.entry(t.entry).unwrap().chain;
                            let own = readings
                                .iter()
                                .any(|&r| vocab.entry(r).unwrap().zh.contains(&t.zh));
                            let finer = fitting.iter().any(|&r| {
                                compatible(
                                    &vocab.entry(r).unwrap().chain,
                                    &concrete(chosen, ego, rel),
                                    ego,
                                    chain.relative_age_to_ego(),
                                )
                            });
                            if !own && !finer {
                                failures.push(format!("{name}: term {} is not the word's", t.zh));
                            }
                        }
                        None if fitting.len() == 1 => {
                            failures.push(format!("{name}: no term for its own chain"))
                        }
                        None => {}
                    }
                    // The reverse term fits the chain walked back; none only when no term does.
                    if fitting.len() == 1 {
                        let rev = reverse(chain, ego, rel);
                        let back_age = chain.relative_age_to_ego().map(Age::reversed);
                        match &back {
                            Some(t) => {
                                if !compatible(
                                    &vocab.entry(t.entry).unwrap().chain,
                                    &rev,
                                    rel,
                                    back_age,
                                ) {
                                    failures.push(format!(
                                        "{name}: reverse term {} does not fit",
                                        t.zh
                                    ));
                                }
                            }
                            None => {
                                if let Some(e) = vocab
                                    .entries()
                                    .iter()
                                    .find(|e| compatible(&e.chain, &rev, rel, back_age))
                                {
                                    failures.push(format!(
                                        "{name}: no reverse term, though {} fits",
                                        e.term_zh()
                                    ));
                                }
                            }
                        }
                    }
                    let doc = relation_json(&g, &relation, &pack.relation_sets, &a, &b, false);
                    cases.push(json!({
                        "name": name,
                        "as_of": AS_OF,
                        "relations": [{"person": a, "relative": b, "relation": text}],
                        "a": a,
                        "b": b,
                        "expect": {
                            "classes": want.iter().collect::<Vec<_>>(),
                            "sets": doc["sets"],
                            "description_zh": doc["description_zh"],
                            "description_en": doc["description_en"],
                            "term_zh": doc["term_zh"],
                            "reverse_term_zh": doc["reverse_term_zh"],
                        },
                    }));
                }
                [KinProblem::AmbiguousTerm { readings: r, .. }] => {
                    // Never a silent choice: the readings that fit differ in classes.
                    let distinct: BTreeSet<BTreeSet<String>> = r
                        .iter()
                        .map(|&e| coarse(&oracle_classes(&vocab.entry(e).unwrap().chain)))
                        .collect();
                    if distinct.len() < 2 {
                        failures.push(format!("{name}: ambiguous though the readings agree"));
                    }
                    cases.push(json!({
                        "name": name,
                        "as_of": AS_OF,
                        "relations": [{"person": a, "relative": b, "relation": text}],
                        "a": a,
                        "b": b,
                        "expect": {
                            "classes": [],
                            "sets": [],
                            "description_zh": "",
                            "description_en": "",
                            "problems": [[0, "ambiguous_term"]],
                        },
                    }));
                }
                other => failures.push(format!("{name}: {other:?}")),
            }
            let _ = word;
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    cases
}

#[test]
fn every_term_gives_the_classes_of_its_chain_and_is_named_back() {
    let cases = term_cases();
    assert!(cases.len() > 300, "{}", cases.len());
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cases/kinship_terms.json"
    );
    let doc = json!({
        "description": "Issue 19: for every term of the kinship vocabulary (src/pack/builtin/kinship-terms.toml) and each of its readings, one family-sheet row between two ID numbers whose sexes and birth dates fit that reading; the classes are the brute-force oracle's for the reading's chain written as rows of the four ties (docs/domain.md §5.1), the terms the standard ones huanjie names the relation by both ways. A term whose readings give different classes is a row left out (problems). Written by tests/kinship_terms.rs (HUANJIE_BLESS=1); read by tests/cases.rs and bindings/python/tests/test_cases.py.",
        "cases": cases,
    });
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    if std::env::var_os("HUANJIE_BLESS").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == text,
        "tests/cases/kinship_terms.json is not what the vocabulary and the oracle give: run HUANJIE_BLESS=1 cargo test --test kinship_terms"
    );
}

#[test]
fn every_term_whose_readings_differ_is_a_review_never_a_choice() {
    let vocab = vocabulary();
    let mut ambiguous = 0;
    for (_, text, readings) in vocab.words() {
        if readings.len() < 2 {
            continue;
        }
        // Persons without ID numbers: nothing narrows the readings.
        let rows = vec![("key:A".to_string(), "key:B".to_string(), text.to_string())];
        let (g, problems) = sheet(&rows);
        let classes: BTreeSet<BTreeSet<String>> = readings
            .iter()
            .map(|&e| coarse(&oracle_classes(&vocab.entry(e).unwrap().chain)))
            .collect();
        if classes.len() > 1 {
            ambiguous += 1;
            assert!(
                matches!(problems.as_slice(), [KinProblem::AmbiguousTerm { row: 0, readings: r, .. }] if r.len() == readings.len()),
                "{text}: {problems:?}"
            );
            let what = problems[0].what();
            assert!(what.contains(text), "{what}");
        } else {
            assert!(problems.is_empty(), "{text}: {problems:?}");
            assert_eq!(
                g.agreeing_rows(),
                &[0],
                "{text}: the evidence says the readings agree"
            );
        }
    }
    assert!(
        ambiguous >= 5,
        "{ambiguous}: 舅公, 媳妇, 小叔, 小姑, 小姨 at least"
    );
}

#[test]
fn terms_the_id_numbers_contradict_are_said() {
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let man = id(Sex::Male, day(1970, 1, 1), 1);
    let woman = id(Sex::Female, day(1970, 1, 1), 2);
    let younger_man = id(Sex::Male, day(1975, 1, 1), 3);
    let older_woman = id(Sex::Female, day(1960, 1, 1), 4);
    let old_man = id(Sex::Male, day(1940, 1, 1), 5);
    let row = |a: &str, b: &str, w: &str| vec![(a.to_string(), b.to_string(), w.to_string())];
    // Each problem as its kind, with what a term contradicts.
    let kinds = |p: &[KinProblem]| -> Vec<String> {
        p.iter()
            .map(|p| match p {
                KinProblem::TermMismatch { row, why } => format!("{row} term_mismatch {why:?}"),
                p => format!("{} {}", p.rows()[0], p.code()),
            })
            .collect()
    };
    let (_, p) = sheet(&row(&man, &younger_man, "哥哥"));
    assert_eq!(kinds(&p), ["0 term_mismatch RelativeAge"]);
    let (_, p) = sheet(&row(&woman, &old_man, "岳父"));
    assert_eq!(kinds(&p), ["0 term_mismatch PersonSex"]);
    let (_, p) = sheet(&row(&man, &older_woman, "姐夫"));
    assert_eq!(kinds(&p), ["0 sex_conflict"]);
    let (_, p) = sheet(&row(&man, &old_man, "干爹"));
    assert_eq!(kinds(&p), ["0 unreadable"]);
    // Readings narrowed by the person's sex: 媳妇 on a woman's sheet is her son's wife.
    let (g, p) = sheet(&row(&woman, &older_woman, "媳妇"));
    assert!(p.is_empty(), "{p:?}");
    let (x, y) = (g.find(&woman).unwrap(), g.find(&older_woman).unwrap());
    let c = g.relation(x, y);
    assert_eq!(c.classes[0].kind.name(), "near_affinal");
    // And on a man's sheet it is either his wife or his son's: review.
    let (_, p) = sheet(&row(&man, "key:X", "媳妇"));
    assert!(matches!(p[..], [KinProblem::AmbiguousTerm { .. }]), "{p:?}");
}

#[test]
fn a_compound_term_that_contradicts_other_rows_is_left_out_not_fatal() {
    // The person's father F names his own father G; the person's sheet says 爷爷 H.
    let (g, p) = sheet_of(&[
        ("key:P", "key:F", "父亲"),
        ("key:F", "key:G", "父亲"),
        ("key:P", "key:H", "爷爷"),
        ("key:P", "key:W", "妻子"),
        ("key:P", "key:WF", "岳父"),
    ]);
    assert!(
        matches!(&p[..], [KinProblem::TermConflict { row: 2, rows }] if rows.contains(&1)),
        "{p:?}"
    );
    // The other compound row stands, through the wife the sheet lists.
    let (pn, wf, w) = (
        g.find("key:P").unwrap(),
        g.find("key:WF").unwrap(),
        g.find("key:W").unwrap(),
    );
    let r = g.relation(pn, wf);
    assert_eq!(r.shortest().unwrap().path.nodes()[1], w);
    assert!(
        g.relation(pn, g.find("key:G").unwrap()).classes[0]
            .kind
            .name()
            == "lineal"
    );
}

#[test]
fn terms_on_one_sheet_share_only_the_persons_they_must() {
    let (g, p) = sheet_of(&[
        ("key:P", "key:WF", "岳父"),
        ("key:P", "key:WM", "岳母"),
        ("key:P", "key:GS", "孙子"),
        ("key:P", "key:GD", "孙女"),
        ("key:P", "key:U", "伯父"),
        ("key:P", "key:GF", "爷爷"),
    ]);
    assert!(p.is_empty(), "{p:?}");
    let n = |k: &str| g.find(&format!("key:{k}")).unwrap();
    let via = |a: &str, b: &str| g.relation(n(a), n(b)).shortest().unwrap().path.nodes()[1];
    // 岳父 and 岳母 hang on one wife; 伯父 and 爷爷 on one father.
    assert_eq!(via("P", "WF"), via("P", "WM"));
    assert_eq!(via("P", "U"), via("P", "GF"));
    assert!(g.inferred(via("P", "WF")).is_some());
    // A grandson and a granddaughter may be one son's or two sons' children: first cousins
    // at least (a 孙女 row does not say she is the 孙子's sister).
    let c = g.relation(n("GS"), n("GD"));
    assert_eq!(c.classes.len(), 1);
    assert_eq!(c.classes[0].kind.detail(), "collateral3 (2, 2)");
    // The wife's parents are not made each other's spouses, nor related by blood.
    assert!(g.relation(n("WF"), n("WM")).is_unrelated());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A sheet in compound terms gives the classes of the same family written as rows of the
    /// four ties through named persons — listed on the sheet or not.
    #[test]
    fn compound_and_four_tie_sheets_give_the_same_classes(
        picks in prop::collection::vec((0usize..1000, any::<bool>()), 1..6)
    ) {
        let vocab = vocabulary();
        let multi: Vec<u32> = (0..vocab.entries().len() as u32)
            .filter(|&e| vocab.entry(e).unwrap().chain.links.len() > 1)
            .collect();
        let mut compound: Vec<(String, String, String)> = Vec::new();
        let mut four: Vec<(String, String, String)> = Vec::new();
        // The family: the persons between named as the expansion finds them — one person per
        // chain prefix while every link is to a father, mother, husband or wife (the relative
        // of a shorter row when its whole chain is that prefix), otherwise one per row. Rows
        // are taken shortest chain first, as the expansion takes them; a second row for the
        // same father, mother, husband or wife (two 岳父) is left out of the draw.
        let mut listed: BTreeMap<String, (Tie, String)> = BTreeMap::new();
        let mut first_ties: Vec<Tie> = Vec::new();
        let mut by_prefix: BTreeMap<String, String> = BTreeMap::new();
        let mut order: Vec<(usize, u32, bool)> = picks
            .iter()
            .enumerate()
            .map(|(i, &(pick, list))| (i, multi[pick % multi.len()], list))
            .collect();
        order.sort_by_key(|&(i, e, _)| (vocab.entry(e).unwrap().chain.links.len(), i));
        for (i, e, list_first) in order {
            let entry = vocab.entry(e).unwrap();
            let chain = &entry.chain;
            let full_key: Vec<&str> = chain.links.iter().map(|l| l.code()).collect();
            if chain.links.iter().all(|l| l.is_unique()) && by_prefix.contains_key(&full_key.join("-")) {
                continue;
            }
            // The term's own word, when it has a single reading (else the chain is ambiguous
            // by design and left to the test above).
            let Some(word) = entry.zh.iter().find(|w| {
                vocab.words().any(|(_, t, r)| t == w.as_str() && r.len() == 1)
            }) else { continue };
            let relative = format!("key:R{i}");
            compound.push(("key:P".into(), relative.clone(), word.clone()));
            let mut prev = "key:P".to_string();
            let mut unique = true;
            for (j, l) in chain.links.iter().enumerate() {
                unique &= l.is_unique();
                let prefix: Vec<&str> = chain.links[..=j].iter().map(|l| l.code()).collect();
                let node = if j + 1 == chain.links.len() {
                    if unique {
                        by_prefix.insert(prefix.join("-"), relative.clone());
                    }
                    relative.clone()
                } else if unique {
                    by_prefix
                        .entry(prefix.join("-"))
                        .or_insert_with(|| format!("key:S{}", prefix.join("-")))
                        .clone()
                } else {
                    format!("key:I{i}-{j}")
                };
                four.push((prev.clone(), node.clone(), l.words().0.to_string()));
                if j == 0 && list_first && j + 1 < chain.links.len() {
                    listed.insert(node.clone(), (l.tie, l.words().0.to_string()));
                }
                if j == 0 {
                    first_ties.push(l.tie);
                }
                prev = node;
            }
        }
        // Listing a first person between on the compound sheet: a father, mother, husband or
        // wife always; a child or a sibling when no other row starts with a child or a
        // sibling (else two would fit, and the rows go through persons of their own).
        for (node, (tie, word)) in &listed {
            let alone = first_ties.iter().filter(|t| *t == tie).count() == 1;
            if node.starts_with("key:S") || alone {
                compound.push(("key:P".into(), node.clone(), word.clone()));
            }
        }
        let (gc, pc) = sheet(&compound);
        let (gf, pf) = sheet(&four);
        prop_assert!(pc.is_empty() && pf.is_empty(), "{:?} {:?}", pc, pf);
        let persons: Vec<String> = std::iter::once("key:P".to_string())
            .chain((0..picks.len()).map(|i| format!("key:R{i}")))
            .filter(|k| gc.find(k).is_some())
            .collect();
        for a in &persons {
            for b in &persons {
                if a == b { continue; }
                let (x, y) = (gc.find(a).unwrap(), gc.find(b).unwrap());
                let (u, v) = (gf.find(a).unwrap(), gf.find(b).unwrap());
                prop_assert_eq!(
                    fast_classes(&gc, x, y),
                    fast_classes(&gf, u, v),
                    "{} — {}: {:?}", a, b, compound
                );
            }
        }
    }
}

/// The independent check: every chain of up to three links of an open-source kinship
/// calculator's table (tests/data/kinship-reference.tsv, made by
/// scripts/kinship-reference.py from mumuy/relationship): where huanjie names the chain, its
/// term is one of the calculator's terms for the chain (or, named through a more general chain
/// — an elder sister's as a sister's — for that chain).
#[test]
fn the_vocabulary_agrees_with_an_independent_table() {
    let text = include_str!("data/kinship-reference.tsv");
    let reference: BTreeMap<String, Vec<String>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(c, t)| (c.to_string(), t.split('|').map(str::to_string).collect()))
        .collect();
    let vocab = vocabulary();
    let (mut named, mut exact, mut general, mut unnamed) = (0, 0, 0, 0);
    let mut disagree: Vec<String> = Vec::new();
    for (key, terms) in &reference {
        let Ok(chain) = Chain::parse(key) else {
            unnamed += 1;
            continue;
        };
        let Some(e) = entry_of_chain(&chain) else {
            unnamed += 1;
            continue;
        };
        named += 1;
        let ours = vocab.entry(e).unwrap();
        if terms.contains(&ours.term_zh().to_string()) {
            exact += 1;
        } else if reference
            .get(&ours.chain.key())
            .is_some_and(|t| t.contains(&ours.term_zh().to_string()))
        {
            general += 1;
        } else {
            disagree.push(format!(
                "{key}: ours {} / theirs {}",
                ours.term_zh(),
                terms.join("、")
            ));
        }
    }
    println!(
        "kinship terms against mumuy/relationship: {} chains of ≤3 links; huanjie names {named} \
         ({exact} with one of its terms for the chain, {general} through a more general chain, {} \
         otherwise), {unnamed} not named",
        reference.len(),
        disagree.len()
    );
    for d in &disagree {
        println!("  {d}");
    }
    // Where the two disagree, the dictionary term huanjie writes is listed here: a change
    // to the vocabulary that adds a disagreement fails.
    let known: BTreeSet<&str> = KNOWN_DIFFERENCES.iter().copied().collect();
    let new: Vec<&String> = disagree
        .iter()
        .filter(|d| !known.contains(d.split(':').next().unwrap_or("")))
        .collect();
    assert!(new.is_empty(), "new disagreements: {new:?}");
    assert!(named >= 120, "{named}");
}

/// Chains where huanjie's standard term (from 《现代汉语词典》) is not among the calculator's.
/// Most are a formal term against the calculator's colloquial or regional ones (堂兄 / 堂哥,
/// 内侄 / 舅侄, 外甥媳妇 / 甥媳妇), 妯娌 for what the calculator tells apart by age, and the
/// calculator's terms used only by a man or only by a woman (`1,` / `0,`: 从孙, 归孙), which
/// huanjie names by the chain without the person's sex.
const KNOWN_DIFFERENCES: &[&str] = &[
    "0,xb,s,d", "0,xb,s,s", "0,xs,d,h", "0,xs,s,w", "1,xb,s,s", "f,xb,s&o", "h,lb,w", "h,ob,w",
    "w,xb,d", "w,xb,s", "xs,d,h", "xs,s,w",
];

#[test]
fn a_term_through_a_former_wife_does_not_revive_the_marriage() {
    let mut r = Relations::default();
    for (p, q, w, end) in [
        ("key:P", "key:S", "妻子", Some("2019-06-30")),
        ("key:P", "key:SF", "岳父", None),
    ] {
        r.push(&RelationRow {
            person: Some(p),
            relative: Some(q),
            relation: Some(w),
            start_date: Some("2000-01-01"),
            end_date: end,
            ..Default::default()
        });
    }
    let (g, p) = FamilyGraph::build_checked(&r, as_of()).unwrap();
    assert!(p.is_empty(), "{p:?}");
    let n = |k: &str| g.find(k).unwrap();
    // The 岳父 row passes through the wife the sheet lists: no inferred wife, and the marriage
    // that ended in 2019 does not count in 2021.
    assert!(g.relation(n("key:P"), n("key:SF")).is_unrelated());
    assert!(g.relation(n("key:P"), n("key:S")).is_unrelated());
    assert_eq!(
        g.relation(n("key:S"), n("key:SF")).classes[0].kind.name(),
        "lineal"
    );
    assert_eq!(g.node_count(), 3, "no inferred person");
}
