//! From family-sheet rows to the links of the family graph (docs/kinship-terms.md): a term is
//! read as its chain of the four ties; its readings are narrowed by the sexes and birth dates
//! of the ID numbers; the persons between the sheet's person and the relative are the ones the
//! tables name where exactly one fits, and inferred persons otherwise.

use super::relations::{Lineage, Tie};
use super::terms::{Age, Chain, ChainLink, RelationWord, Vocabulary, lineage_link};
use crate::person::Sex;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Why no reading of a term fits the row's persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermMismatch {
    /// The term is used only by men (岳父) or only by women (公公), and the person's ID number
    /// says otherwise.
    PersonSex,
    /// The relative's ID number gives the other sex (a female 姐夫).
    RelativeSex,
    /// The relative's birth date contradicts the term's "elder"/"younger" (a 哥哥 younger than
    /// the person).
    RelativeAge,
}

/// The reading chosen for a row's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Choice {
    /// The vocabulary entry.
    pub entry: u32,
    /// Several readings fitted and all give the same classes: the first is used.
    pub agreeing: bool,
}

/// Why a row's term gives no single reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoChoice {
    /// No reading fits the persons.
    Mismatch(TermMismatch),
    /// Several readings fit and their classes differ.
    Ambiguous(Vec<u32>),
}

/// What the ID numbers say of the row's two persons.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Facts {
    pub person_sex: Option<Sex>,
    pub relative_sex: Option<Sex>,
    pub person_birth: Option<NaiveDate>,
    pub relative_birth: Option<NaiveDate>,
}

fn fits(chain: &Chain, f: &Facts) -> Result<(), TermMismatch> {
    let known_differs =
        |a: Option<Sex>, b: Option<Sex>| matches!((a, b), (Some(x), Some(y)) if x != y);
    if known_differs(chain.ego_sex_required(), f.person_sex) {
        return Err(TermMismatch::PersonSex);
    }
    if known_differs(chain.relative_sex(), f.relative_sex) {
        return Err(TermMismatch::RelativeSex);
    }
    if let (Some(want), Some(is)) = (
        chain.relative_age_to_ego(),
        Age::of(f.relative_birth, f.person_birth),
    ) && want != is
    {
        return Err(TermMismatch::RelativeAge);
    }
    Ok(())
}

/// The reading of a word for a row: the readings that fit the persons' ID numbers, then one
/// of them when they all give the same classes (`signature`: the classes of an entry's chain).
pub(crate) fn choose(
    vocab: &Vocabulary,
    word: RelationWord,
    facts: &Facts,
    signature: &dyn Fn(u32) -> String,
) -> Result<Choice, NoChoice> {
    let readings = vocab.readings(u32::from(word.word));
    // Most words have one reading.
    if let [only] = readings {
        let entry = vocab
            .entry(*only)
            .ok_or(NoChoice::Mismatch(TermMismatch::RelativeSex))?;
        return match fits(&entry.chain, facts) {
            Ok(()) => Ok(Choice {
                entry: *only,
                agreeing: false,
            }),
            Err(m) => Err(NoChoice::Mismatch(m)),
        };
    }
    let mut fitting = Vec::new();
    let mut first_miss = None;
    for &e in readings {
        let Some(entry) = vocab.entry(e) else {
            continue;
        };
        match fits(&entry.chain, facts) {
            Ok(()) => fitting.push(e),
            Err(m) => {
                first_miss.get_or_insert(m);
            }
        }
    }
    // The reading where the word stands first among its entry's terms leads (姨夫 is first
    // of all the mother's sister's husband).
    let text = vocab.word_text(u32::from(word.word));
    fitting.sort_by_key(|&e| {
        let rank = vocab
            .entry(e)
            .and_then(|x| x.zh.iter().position(|w| w == text))
            .unwrap_or(usize::MAX);
        (rank, e)
    });
    match fitting.as_slice() {
        [] => Err(NoChoice::Mismatch(
            first_miss.unwrap_or(TermMismatch::RelativeSex),
        )),
        [one] => Ok(Choice {
            entry: *one,
            agreeing: false,
        }),
        [first, rest @ ..] => {
            let s = signature(*first);
            if rest.iter().all(|&e| signature(e) == s) {
                Ok(Choice {
                    entry: *first,
                    agreeing: true,
                })
            } else {
                Err(NoChoice::Ambiguous(fitting))
            }
        }
    }
}

/// A person the tables do not name, standing between a row's person and relative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Inferred {
    /// The relations row (0-based) whose term inferred the person.
    pub row: u32,
    /// The vocabulary entry of the term.
    pub entry: u32,
    /// The person's place on the chain (1 = the first link's person).
    pub position: u8,
}

impl Inferred {
    /// What the person is to the row's person, in Chinese and English (妻子 / wife,
    /// 父亲的兄弟 / father's brother).
    pub fn description(&self, vocab: &Vocabulary) -> (String, String) {
        let Some(e) = vocab.entry(self.entry) else {
            return (String::new(), String::new());
        };
        let words: Vec<(&str, &str)> = e
            .chain
            .links
            .iter()
            .take(self.position as usize)
            .map(|l| l.words())
            .collect();
        (
            words.iter().map(|w| w.0).collect::<Vec<_>>().join("的"),
            words.iter().map(|w| w.1).collect::<Vec<_>>().join("'s "),
        )
    }
}

/// One declared tie of a person, as the direct rows give it: who, and what they are to the
/// person.
#[derive(Debug, Clone, Copy)]
struct Declared {
    other: u32,
    link: ChainLink,
    blood: bool,
}

/// What is known of the nodes when ties are recorded.
pub(crate) struct NodeFacts<'a> {
    /// A node's sex, from its ID number or the terms.
    pub sex: &'a dyn Fn(u32) -> Option<Sex>,
    /// A node's birth date, from its ID number.
    pub birth: &'a dyn Fn(u32) -> Option<NaiveDate>,
    /// Whether a node's ties are wanted.
    pub wanted: &'a dyn Fn(u32) -> bool,
}

/// The direct ties of the persons a compound row may pass through: the one-link rows in
/// compressed rows by person (collected, then [`Ties::finish`]ed), and what earlier compound
/// rows said, on top.
#[derive(Default)]
pub(crate) struct Ties {
    pending: Vec<(u32, Declared)>,
    start: Vec<u32>,
    items: Vec<Declared>,
    /// Ties compound rows found: each node's latest, and each tie's next (a list per node).
    extra_head: HashMap<u32, u32, BuildHasherDefault<crate::hash::IdHasher>>,
    extra: Vec<(Declared, u32)>,
}

impl Ties {
    /// A tie compound rows found (kept on top of the direct ones).
    fn add(&mut self, node: u32, d: Declared) {
        let i = self.extra.len() as u32;
        let next = self.extra_head.insert(node, i).unwrap_or(u32::MAX);
        self.extra.push((d, next));
    }

    /// Records a direct tie both ways: `q` is `link` to `p`; `nodes` gives each node's sex and
    /// birth date where known, and which nodes to record.
    pub(crate) fn declare(
        &mut self,
        (p, q): (u32, u32),
        link: ChainLink,
        lineage: Lineage,
        nodes: &NodeFacts<'_>,
    ) {
        let (sex, birth, wanted) = (nodes.sex, nodes.birth, nodes.wanted);
        let blood = lineage == Lineage::Blood;
        // (Birth dates only for a sibling whose term does not say elder or younger.)
        let age = |a: u32, b: u32| {
            if link.tie == Tie::Sibling {
                Age::of(birth(a), birth(b))
            } else {
                None
            }
        };
        if wanted(p) {
            self.pending.push((
                p,
                Declared {
                    other: q,
                    link: ChainLink {
                        tie: link.tie,
                        sex: link.sex.or(sex(q)),
                        age: link.age.or_else(|| age(q, p)),
                    },
                    blood,
                },
            ));
        }
        if wanted(q) {
            self.pending.push((
                q,
                Declared {
                    other: p,
                    link: ChainLink {
                        tie: link.tie.reversed(),
                        sex: sex(p),
                        age: link.age.map(Age::reversed).or_else(|| age(p, q)),
                    },
                    blood,
                },
            ));
        }
    }

    /// Puts the recorded ties of `nodes` persons in compressed rows (a counting sort).
    pub(crate) fn finish(&mut self, nodes: usize) {
        let mut start = vec![0u32; nodes + 1];
        for (n, _) in &self.pending {
            if let Some(c) = start.get_mut(*n as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut next = start.clone();
        let blank = Declared {
            other: 0,
            link: ChainLink {
                tie: Tie::Parent,
                sex: None,
                age: None,
            },
            blood: true,
        };
        let mut items = vec![blank; self.pending.len()];
        for (n, d) in std::mem::take(&mut self.pending) {
            if let Some(slot) = next.get_mut(n as usize) {
                items[*slot as usize] = d;
                *slot += 1;
            }
        }
        self.start = start;
        self.items = items;
    }

    /// The ties of a node: the direct ones, then what compound rows added.
    fn of(&self, node: u32) -> impl Iterator<Item = &Declared> {
        let i = node as usize;
        let direct: &[Declared] = match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        };
        let mut at = self.extra_head.get(&node).copied().unwrap_or(u32::MAX);
        let found = std::iter::from_fn(move || {
            let (d, next) = self.extra.get(at as usize)?;
            at = *next;
            Some(d)
        });
        direct.iter().chain(found)
    }

    /// The one person declared as `link` to `node` (a known sex must match, an age must not
    /// contradict), when exactly one is.
    fn fitting(&self, node: u32, link: ChainLink, exclude: &[Option<u32>]) -> Option<u32> {
        one(self
            .of(node)
            .filter(|d| d.link.tie == link.tie)
            .filter(|d| link.sex.is_none() || d.link.sex == link.sex)
            .filter(|d| !matches!((link.age, d.link.age), (Some(a), Some(b)) if a != b))
            .filter(|d| !exclude.contains(&Some(d.other)))
            .map(|d| d.other))
    }

    /// The one blood parent of `node` of a sex, or the one spouse, when exactly one is declared.
    fn unique_back(&self, node: u32, link: ChainLink, sex: Option<Sex>) -> Option<u32> {
        let want = match link.tie {
            Tie::Child => Tie::Parent,
            Tie::Spouse => Tie::Spouse,
            _ => return None,
        };
        sex?;
        one(self
            .of(node)
            .filter(|d| d.link.tie == want && (want == Tie::Spouse || d.blood))
            .filter(|d| d.link.sex == sex)
            .map(|d| d.other))
    }
}

/// The one value of an iterator (repeats of it allowed), or none when it has none or several.
fn one(mut it: impl Iterator<Item = u32>) -> Option<u32> {
    let first = it.next()?;
    it.all(|x| x == first).then_some(first)
}

/// A compound row to expand: its persons' nodes, the reading and the lineage of its prefix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compound {
    pub row: u32,
    pub person: u32,
    pub relative: u32,
    pub entry: u32,
    pub lineage: Lineage,
}

/// The links a compound row gives, with the persons it inferred.
#[derive(Default)]
pub(crate) struct Expansion {
    /// (child, parent, lineage, row).
    pub parents: Vec<(u32, u32, Lineage, u32)>,
    /// (a, b, row).
    pub marriages: Vec<(u32, u32, u32)>,
    /// (a, b, row).
    pub siblings: Vec<(u32, u32, u32)>,
    /// The inferred persons, numbered from `first_inferred`.
    pub inferred: Vec<Inferred>,
    /// Their sexes.
    pub inferred_sex: Vec<Option<Sex>>,
    /// Sexes the chains give named persons (node, sex, row).
    pub named_sex: Vec<(u32, Sex, u32)>,
    /// The persons of each row whose chain tells an elder from a younger (伯父, 堂兄), for
    /// naming the relation later: (row, entry, nodes from the person to the relative).
    pub aged: Vec<(u32, u32, Vec<u32>)>,
}

/// Expands compound rows, shortest chains first, each through the persons the tables name
/// where exactly one fits, and inferred persons otherwise; an inferred father, mother,
/// husband or wife is shared by the later rows of the same person (岳父 and 岳母 hang on one
/// wife), an inferred child or sibling is not.
pub(crate) fn expand(
    vocab: &Vocabulary,
    mut rows: Vec<Compound>,
    ties: &mut Ties,
    first_inferred: u32,
) -> Expansion {
    let mut out = Expansion::default();
    // A son or a sibling a row found is recorded only for a person some row starts from (the
    // first link is the only one that looks for them); a father, mother, husband or wife
    // always.
    let mut starts = vec![false; first_inferred as usize];
    for c in &rows {
        if let Some(e) = starts.get_mut(c.person as usize) {
            *e = true;
        }
    }
    let wanted = |n: u32, link: ChainLink| {
        link.is_unique() || starts.get(n as usize).copied().unwrap_or(false)
    };
    rows.sort_by_key(|c| {
        (
            vocab.entry(c.entry).map_or(0, |e| e.chain.links.len()),
            c.row,
        )
    });
    for c in rows {
        let Some(entry) = vocab.entry(c.entry) else {
            continue;
        };
        let chain = &entry.chain;
        let k = chain.links.len();
        let sexes = chain.sexes();
        let mut nodes: Vec<Option<u32>> = vec![None; k + 1];
        nodes[0] = Some(c.person);
        nodes[k] = Some(c.relative);
        // Links the tables already declare (the wife the sheet lists): not declared again, so
        // that a marriage ended on the reference date stays ended.
        let mut known = vec![false; k];
        // Backward first: the relative's one blood parent, or one spouse, is certain.
        let mut j = k;
        while j > 1 {
            let Some(at) = nodes[j] else { break };
            match ties.unique_back(at, chain.links[j - 1], sexes[j - 1]) {
                Some(n) if !nodes.contains(&Some(n)) => {
                    nodes[j - 1] = Some(n);
                    known[j - 1] = true;
                }
                _ => break,
            }
            j -= 1;
        }
        // Forward: the one person who fits the first link (the one wife, the one son listed),
        // then the one father, mother, husband or wife of each person after.
        for i in 0..k.saturating_sub(1) {
            if nodes[i + 1].is_some() {
                continue;
            }
            let Some(at) = nodes[i] else { break };
            if i > 0 && !chain.links[i].is_unique() {
                break;
            }
            match ties.fitting(at, chain.links[i], &nodes) {
                Some(one) => {
                    nodes[i + 1] = Some(one);
                    known[i] = true;
                }
                None => break,
            }
        }
        // The rest are inferred.
        for i in 1..k {
            if nodes[i].is_some() {
                continue;
            }
            let node = first_inferred + out.inferred.len() as u32;
            out.inferred.push(Inferred {
                row: c.row,
                entry: c.entry,
                position: i as u8,
            });
            out.inferred_sex.push(sexes[i]);
            nodes[i] = Some(node);
        }
        // What the chain says is recorded for the rows after: a father, mother, husband or
        // wife both ways (岳父 and 岳母 hang on one wife; 曾祖父 passes through the 爷爷 the sheet
        // names), and a child or sibling only when named (two grandchildren need not share a
        // parent the sheet does not name).
        for (i, link) in chain.links.iter().enumerate() {
            let (Some(a), Some(b)) = (nodes[i], nodes[i + 1]) else {
                continue;
            };
            if known[i] {
                continue;
            }
            let blood = Some(i) != lineage_link(chain) || c.lineage == Lineage::Blood;
            if (link.is_unique() || b < first_inferred) && wanted(a, *link) {
                ties.add(
                    a,
                    Declared {
                        other: b,
                        link: *link,
                        blood,
                    },
                );
            }
            let back = ChainLink {
                tie: link.tie.reversed(),
                sex: sexes[i],
                age: link.age.map(Age::reversed),
            };
            if (back.is_unique() || a < first_inferred) && wanted(b, back) {
                ties.add(
                    b,
                    Declared {
                        other: a,
                        link: back,
                        blood,
                    },
                );
            }
        }
        if chain.links.iter().any(|l| l.age.is_some())
            || chain.to_person.iter().any(Option::is_some)
        {
            out.aged.push((
                c.row,
                c.entry,
                nodes.iter().map(|n| n.unwrap_or(u32::MAX)).collect(),
            ));
        }
        let lineage_at = lineage_link(chain);
        for (i, link) in chain.links.iter().enumerate() {
            let (Some(a), Some(b)) = (nodes[i], nodes[i + 1]) else {
                continue;
            };
            if known[i] {
                continue;
            }
            let lineage = if Some(i) == lineage_at {
                c.lineage
            } else {
                Lineage::Blood
            };
            match link.tie {
                Tie::Parent => out.parents.push((a, b, lineage, c.row)),
                Tie::Child => out.parents.push((b, a, lineage, c.row)),
                Tie::Spouse => out.marriages.push((a, b, c.row)),
                Tie::Sibling if lineage == Lineage::Step => {}
                Tie::Sibling => out.siblings.push((a, b, c.row)),
            }
            if i > 0
                && a < first_inferred
                && let Some(s) = sexes[i]
            {
                out.named_sex.push((a, s, c.row));
            }
        }
    }
    out
}
