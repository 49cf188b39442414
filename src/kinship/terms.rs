//! The kinship vocabulary (亲属称谓表, docs/kinship-terms.md): every term a family sheet uses —
//! 父亲, 岳父, 嫂子, 堂兄, 外甥女 — read as a chain of the four ties (parent, child, spouse,
//! sibling) with the sexes and relative ages the term carries. The vocabulary is data:
//! `src/pack/builtin/kinship-terms.toml`, its standard terms from GB/T 4761-2008《家庭关系代码》
//! and 《现代汉语词典》.
//!
//! A term listed under several chains has several readings (姨夫: the mother's sister's husband
//! or the wife's sister's husband); [`Vocabulary::readings`] lists them all.

use crate::family::{Lineage, Tie};
use crate::person::Sex;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Older or younger, compared with another person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Age {
    /// Born before the other person.
    Older,
    /// Born after the other person.
    Younger,
}

impl Age {
    /// The same comparison seen from the other person.
    pub fn reversed(self) -> Age {
        match self {
            Age::Older => Age::Younger,
            Age::Younger => Age::Older,
        }
    }
    /// How `a` compares with `b` by birth date (none when either is unknown or they are equal).
    pub fn of(a: Option<chrono::NaiveDate>, b: Option<chrono::NaiveDate>) -> Option<Age> {
        match (a, b) {
            (Some(a), Some(b)) if a < b => Some(Age::Older),
            (Some(a), Some(b)) if a > b => Some(Age::Younger),
            _ => None,
        }
    }
}

/// One link of a chain: what the next person is to the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChainLink {
    /// The tie.
    pub tie: Tie,
    /// The next person's sex, when the term gives it.
    pub sex: Option<Sex>,
    /// For a sibling: older or younger than the person before, when the term says.
    pub age: Option<Age>,
}

impl ChainLink {
    /// The link's code: `f`, `m`, `p`, `s`, `d`, `c`, `h`, `w`, `sp`, `ob`, `lb`, `xb`, `os`,
    /// `ls`, `xs`, `sb`.
    pub fn code(self) -> &'static str {
        use Age::*;
        use Sex::*;
        match (self.tie, self.sex, self.age) {
            (Tie::Parent, Some(Male), _) => "f",
            (Tie::Parent, Some(Female), _) => "m",
            (Tie::Parent, None, _) => "p",
            (Tie::Child, Some(Male), _) => "s",
            (Tie::Child, Some(Female), _) => "d",
            (Tie::Child, None, _) => "c",
            (Tie::Spouse, Some(Male), _) => "h",
            (Tie::Spouse, Some(Female), _) => "w",
            (Tie::Spouse, None, _) => "sp",
            (Tie::Sibling, Some(Male), Some(Older)) => "ob",
            (Tie::Sibling, Some(Male), Some(Younger)) => "lb",
            (Tie::Sibling, Some(Male), None) => "xb",
            (Tie::Sibling, Some(Female), Some(Older)) => "os",
            (Tie::Sibling, Some(Female), Some(Younger)) => "ls",
            (Tie::Sibling, Some(Female), None) => "xs",
            (Tie::Sibling, None, _) => "sb",
        }
    }
    /// Reads a link code.
    pub fn parse(code: &str) -> Option<ChainLink> {
        use Age::*;
        use Sex::*;
        let (tie, sex, age) = match code {
            "f" => (Tie::Parent, Some(Male), None),
            "m" => (Tie::Parent, Some(Female), None),
            "p" => (Tie::Parent, None, None),
            "s" => (Tie::Child, Some(Male), None),
            "d" => (Tie::Child, Some(Female), None),
            "c" => (Tie::Child, None, None),
            "h" => (Tie::Spouse, Some(Male), None),
            "w" => (Tie::Spouse, Some(Female), None),
            "sp" => (Tie::Spouse, None, None),
            "ob" => (Tie::Sibling, Some(Male), Some(Older)),
            "lb" => (Tie::Sibling, Some(Male), Some(Younger)),
            "xb" => (Tie::Sibling, Some(Male), None),
            "os" => (Tie::Sibling, Some(Female), Some(Older)),
            "ls" => (Tie::Sibling, Some(Female), Some(Younger)),
            "xs" => (Tie::Sibling, Some(Female), None),
            "sb" => (Tie::Sibling, None, None),
            _ => return None,
        };
        Some(ChainLink { tie, sex, age })
    }
    /// Whether the link is to a person the one before has only one of at a time: a father, a
    /// mother, a husband, a wife.
    pub fn is_unique(self) -> bool {
        matches!(self.tie, Tie::Parent | Tie::Spouse) && self.sex.is_some()
    }
    /// The words for the link, in Chinese and English (父亲 / father).
    pub fn words(self) -> (&'static str, &'static str) {
        match self.code() {
            "f" => ("父亲", "father"),
            "m" => ("母亲", "mother"),
            "p" => ("父母", "parent"),
            "s" => ("儿子", "son"),
            "d" => ("女儿", "daughter"),
            "c" => ("子女", "child"),
            "h" => ("丈夫", "husband"),
            "w" => ("妻子", "wife"),
            "sp" => ("配偶", "spouse"),
            "ob" => ("哥哥", "elder brother"),
            "lb" => ("弟弟", "younger brother"),
            "xb" => ("兄弟", "brother"),
            "os" => ("姐姐", "elder sister"),
            "ls" => ("妹妹", "younger sister"),
            "xs" => ("姐妹", "sister"),
            _ => ("兄弟姐妹", "sibling"),
        }
    }
}

/// A term's meaning: the links from the person to the relative.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Chain {
    /// The person's sex when only a man (or only a woman) uses the term (`1,` / `0,`).
    pub ego_sex: Option<Sex>,
    /// The links, at least one.
    pub links: Vec<ChainLink>,
    /// For each link, whether the person it reaches is older or younger than the person of
    /// the sheet (`&o` / `&l`: 堂兄 is `f,xb,s&o`, 堂嫂 `f,xb,s&o,w`).
    pub to_person: Vec<Option<Age>>,
    /// The sexes of the two ends, worked out once (every row of a sheet asks).
    ends: (Option<Sex>, Option<Sex>),
}

impl Chain {
    /// Reads `f,xb,s&o`-style notation (see the vocabulary file's head).
    pub fn parse(text: &str) -> Result<Chain, String> {
        let mut ego_sex = None;
        let mut links = Vec::new();
        let mut to_person = Vec::new();
        for (i, part) in text.split(',').map(str::trim).enumerate() {
            match part {
                "1" if i == 0 => ego_sex = Some(Sex::Male),
                "0" if i == 0 => ego_sex = Some(Sex::Female),
                p => {
                    let (code, age) = match p.split_once('&') {
                        Some((c, "o")) => (c, Some(Age::Older)),
                        Some((c, "l")) => (c, Some(Age::Younger)),
                        Some(_) => return Err(format!("`{p}`: a mark is &o or &l")),
                        None => (p, None),
                    };
                    links.push(
                        ChainLink::parse(code).ok_or_else(|| format!("`{p}`: no such link"))?,
                    );
                    to_person.push(age);
                }
            }
        }
        if links.is_empty() {
            return Err("a chain needs at least one link".into());
        }
        let mut chain = Chain {
            ego_sex,
            links,
            to_person,
            ends: (None, None),
        };
        chain.consistent()?;
        let sexes = chain.sexes();
        chain.ends = (
            sexes.first().copied().flatten(),
            sexes.last().copied().flatten(),
        );
        Ok(chain)
    }

    /// The canonical notation (`1,w,f`, `f,xb,s&o`).
    pub fn key(&self) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(self.links.len() + 1);
        match self.ego_sex {
            Some(Sex::Male) => parts.push("1".into()),
            Some(Sex::Female) => parts.push("0".into()),
            None => {}
        }
        for (l, age) in self.links.iter().zip(&self.to_person) {
            parts.push(match age {
                Some(Age::Older) => format!("{}&o", l.code()),
                Some(Age::Younger) => format!("{}&l", l.code()),
                None => l.code().into(),
            });
        }
        parts.join(",")
    }

    /// The sex each person on the chain must have, from the person (index 0) to the relative:
    /// a link gives its own person's sex, and a spouse link the other sex to the person before.
    pub fn sexes(&self) -> Vec<Option<Sex>> {
        let mut out: Vec<Option<Sex>> = std::iter::once(self.ego_sex)
            .chain(self.links.iter().map(|l| l.sex))
            .collect();
        for (i, l) in self.links.iter().enumerate() {
            if l.tie == Tie::Spouse {
                let other = |s: Sex| match s {
                    Sex::Male => Sex::Female,
                    Sex::Female => Sex::Male,
                };
                if let Some(s) = out[i + 1]
                    && out[i].is_none()
                {
                    out[i] = Some(other(s));
                }
                if let Some(s) = out[i]
                    && out[i + 1].is_none()
                {
                    out[i + 1] = Some(other(s));
                }
            }
        }
        out
    }

    /// The person's sex the term requires (explicit, or from a first spouse link: a wife's
    /// father is a man's father-in-law).
    pub fn ego_sex_required(&self) -> Option<Sex> {
        self.ends.0
    }

    /// The relative's sex the term gives.
    pub fn relative_sex(&self) -> Option<Sex> {
        self.ends.1
    }

    /// How the relative compares in age with the person, when the term says: a one-link
    /// sibling term (哥哥), or a cousin's `&o` / `&l`.
    pub fn relative_age_to_ego(&self) -> Option<Age> {
        match self.links.as_slice() {
            [one] if one.tie == Tie::Sibling => one.age,
            _ => self.to_person.last().copied().flatten(),
        }
    }

    /// No spouse link joins two persons of one sex, and no spouse follows a spouse.
    fn consistent(&self) -> Result<(), String> {
        let sexes: Vec<Option<Sex>> = std::iter::once(self.ego_sex)
            .chain(self.links.iter().map(|l| l.sex))
            .collect();
        for (i, l) in self.links.iter().enumerate() {
            if l.tie == Tie::Spouse {
                if let (Some(a), Some(b)) = (sexes[i], sexes[i + 1])
                    && a == b
                {
                    return Err("a spouse link between two persons of one sex".into());
                }
                if i > 0 && self.links[i - 1].tie == Tie::Spouse {
                    return Err("a spouse's spouse".into());
                }
            }
        }
        Ok(())
    }
}

/// One entry of the vocabulary: a chain and its terms, the standard one first.
#[derive(Debug, Clone)]
pub struct TermEntry {
    /// What the terms mean.
    pub chain: Chain,
    /// The terms, the standard one first.
    pub zh: Vec<String>,
    /// The standard term in English.
    pub en: String,
    /// English words read as the term (`father`).
    pub codes: Vec<String>,
    /// Where the standard term comes from.
    pub source: String,
}

impl TermEntry {
    /// The standard term.
    pub fn term_zh(&self) -> &str {
        self.zh.first().map_or("", String::as_str)
    }
}

/// A word of the vocabulary as a `relation` cell holds it: the word's index, and the lineage a
/// 养/继 prefix gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelationWord {
    /// The index of the word in the vocabulary ([`Vocabulary::word_text`]); a relations table
    /// holds one per row, so it is kept small.
    pub word: u16,
    /// The lineage of a 养/继 (adoptive/step) prefix.
    pub lineage: Option<Lineage>,
}

#[derive(Deserialize)]
struct File {
    source: String,
    term: Vec<EntryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    chain: String,
    zh: Vec<String>,
    en: String,
    #[serde(default)]
    codes: Vec<String>,
    source: String,
}

/// The vocabulary: entries, and an index of every word (Chinese terms and English codes).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Where the vocabulary is taken from.
    pub source: String,
    entries: Vec<TermEntry>,
    /// Each word once: its text and the entries listing it.
    words: Vec<(String, Vec<u32>)>,
    index: HashMap<String, u32>,
    by_chain: HashMap<String, u32>,
    /// The most links of any entry's chain.
    longest: usize,
}

/// The built-in vocabulary's text.
pub const BUILTIN_TERMS: &str = include_str!("../pack/builtin/kinship-terms.toml");

impl Vocabulary {
    /// Reads a vocabulary from its TOML text, checking every chain and that no chain is listed
    /// twice and no term twice under one chain.
    pub fn from_toml_str(text: &str) -> Result<Vocabulary, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let mut v = Vocabulary {
            source: file.source,
            ..Vocabulary::default()
        };
        for e in file.term {
            let chain = Chain::parse(&e.chain).map_err(|m| format!("chain `{}`: {m}", e.chain))?;
            if e.zh.is_empty() {
                return Err(format!("chain `{}`: no term", e.chain));
            }
            let i = v.entries.len() as u32;
            if v.by_chain.insert(chain.key(), i).is_some() {
                return Err(format!("chain `{}` listed twice", e.chain));
            }
            let mut seen = std::collections::HashSet::new();
            for w in
                e.zh.iter()
                    .map(|w| w.trim().to_string())
                    .chain(e.codes.iter().map(|c| c.trim().to_lowercase()))
            {
                if w.is_empty() || !seen.insert(w.clone()) {
                    return Err(format!("chain `{}`: term `{w}` empty or twice", e.chain));
                }
                let next = v.words.len() as u32;
                let k = *v.index.entry(w.clone()).or_insert(next);
                if k == next {
                    v.words.push((w, Vec::new()));
                }
                v.words[k as usize].1.push(i);
            }
            if v.words.len() > usize::from(u16::MAX) {
                return Err("more than 65,535 words".into());
            }
            v.longest = v.longest.max(chain.links.len());
            v.entries.push(TermEntry {
                chain,
                zh: e.zh.iter().map(|w| w.trim().to_string()).collect(),
                en: e.en,
                codes: e.codes,
                source: e.source,
            });
        }
        Ok(v)
    }

    /// The most links of any entry's chain: a longer path has no term.
    pub fn longest_chain(&self) -> usize {
        self.longest
    }
    /// The entries.
    pub fn entries(&self) -> &[TermEntry] {
        &self.entries
    }
    /// An entry by index.
    pub fn entry(&self, i: u32) -> Option<&TermEntry> {
        self.entries.get(i as usize)
    }
    /// The number of words (terms and codes).
    pub fn word_count(&self) -> usize {
        self.words.len()
    }
    /// The text of a word.
    pub fn word_text(&self, word: u32) -> &str {
        self.words.get(word as usize).map_or("", |w| w.0.as_str())
    }
    /// The entries a word is listed under: its readings.
    pub fn readings(&self, word: u32) -> &[u32] {
        self.words
            .get(word as usize)
            .map_or(&[], |w| w.1.as_slice())
    }
    /// The entry of a chain, by its canonical notation.
    pub fn by_chain(&self, key: &str) -> Option<u32> {
        self.by_chain.get(key).copied()
    }
    /// Every word with its readings.
    pub fn words(&self) -> impl Iterator<Item = (u32, &str, &[u32])> {
        self.words
            .iter()
            .enumerate()
            .map(|(i, (w, r))| (i as u32, w.as_str(), r.as_slice()))
    }

    /// Reads a `relation` cell: a term or code of the vocabulary, after an optional 养/继
    /// (adoptive/step) prefix — the prefix is read only when the rest is a term with a
    /// parent–child or sibling link.
    pub fn read(&self, text: &str) -> Option<RelationWord> {
        let t = text.trim();
        let lower = t.to_lowercase();
        if let Some(&w) = self.index.get(t).or_else(|| self.index.get(&lower)) {
            return Some(RelationWord {
                word: u16::try_from(w).ok()?,
                lineage: None,
            });
        }
        let prefixed = [
            (t.strip_prefix('养'), Lineage::Adoptive),
            (t.strip_prefix('继'), Lineage::Step),
            (lower.strip_prefix("adoptive "), Lineage::Adoptive),
            (
                lower
                    .strip_prefix("step")
                    .map(|r| r.trim_start_matches(['-', ' '])),
                Lineage::Step,
            ),
        ];
        prefixed.into_iter().find_map(|(rest, lineage)| {
            let &w = self.index.get(rest?)?;
            let lineage_link = self.readings(w).iter().all(|&e| {
                self.entry(e)
                    .is_some_and(|e| lineage_link(&e.chain).is_some())
            });
            lineage_link.then_some(RelationWord {
                word: u16::try_from(w).ok()?,
                lineage: Some(lineage),
            })
        })
    }
}

/// The link a 养/继 prefix applies to: the chain's last parent–child link, or its sibling link
/// when it has none.
pub fn lineage_link(chain: &Chain) -> Option<usize> {
    let last = |f: &dyn Fn(Tie) -> bool| chain.links.iter().rposition(|l| f(l.tie));
    last(&|t| matches!(t, Tie::Parent | Tie::Child)).or_else(|| last(&|t| t == Tie::Sibling))
}

/// The built-in vocabulary (a unit test proves it reads; were it not to, no word would be
/// known and every relation cell would be a finding, never a crash).
pub fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| Vocabulary::from_toml_str(BUILTIN_TERMS).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_vocabulary_reads() {
        let v = Vocabulary::from_toml_str(BUILTIN_TERMS).unwrap();
        assert!(v.entries().len() > 100);
        let w = v.read("岳父").unwrap();
        let r = v.readings(u32::from(w.word));
        assert_eq!(r.len(), 1);
        let e = v.entry(r[0]).unwrap();
        assert_eq!(e.chain.key(), "w,f");
        assert_eq!(e.chain.ego_sex_required(), Some(Sex::Male));
        assert_eq!(e.chain.relative_sex(), Some(Sex::Male));
        assert_eq!(v.readings(u32::from(v.read("姨夫").unwrap().word)).len(), 2);
        assert_eq!(
            v.read("继岳父").unwrap().lineage,
            Some(Lineage::Step),
            "a prefix on a compound term"
        );
        assert_eq!(v.read("Step-Father").unwrap().lineage, Some(Lineage::Step));
        assert!(v.read("朋友").is_none());
        assert!(v.read("继").is_none());
    }

    #[test]
    fn chains_read_and_write_back() {
        for t in ["f", "1,xb,s", "f,xb,s&o", "w,xs,h", "0,xs,d"] {
            assert_eq!(Chain::parse(t).unwrap().key(), t);
        }
        assert!(Chain::parse("s,h").is_err(), "a son's husband");
        assert!(Chain::parse("w,h").is_err());
        assert!(Chain::parse("1,h").is_err());
        assert!(Chain::parse("q").is_err());
        assert!(Chain::parse("f&x,f").is_err());
        assert_eq!(Chain::parse("f,xb,s&o,w").unwrap().key(), "f,xb,s&o,w");
        assert_eq!(
            Chain::parse("w,xs,h").unwrap().sexes(),
            vec![
                Some(Sex::Male),
                Some(Sex::Female),
                Some(Sex::Female),
                Some(Sex::Male)
            ]
        );
    }
}
