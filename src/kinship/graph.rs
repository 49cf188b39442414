//! The family graph: persons as nodes; parent links (blood, adoptive, step), marriages that
//! count on `as_of`, and sibling groups that share an unknown parent (docs/domain.md §5.1).
//!
//! Built once from the `relations` table, in time linear in its rows, with every structural
//! impossibility found up front — a person who is their own ancestor, two blood fathers — so
//! that no later search can loop. Links are held in compressed rows (one offset array and one
//! link array per direction), not a `Vec` per person.

use super::expand::{Compound, Facts, Inferred, NoChoice, NodeFacts, TermMismatch, Ties};
use super::relations::{Kin, Lineage, Relations, Tie};
use crate::error::{InputError, Location, ProblemKind};
use crate::people::Cell;
use crate::person::Sex;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A node of the graph: a person, or the unknown parent a sibling group shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// A person of the relations table.
    Person(Kin),
    /// A person a compound term implies and no row names (the wife a 岳父 row passes through).
    Inferred(Inferred),
    /// The unknown common parent of a group of siblings (not a person; never shown).
    SiblingGroup,
}

/// A link from a node to a parent, a child or a spouse, with the relations row declaring it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The node at the other end.
    pub node: u32,
    /// Blood, adoptive or step (marriages: blood).
    pub lineage: Lineage,
    /// The 0-based relations row.
    pub row: u32,
}

/// Links by node in compressed rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    start: Vec<u32>,
    links: Vec<Link>,
}

impl Adjacency {
    /// Where each node's links begin: counts by first node, summed.
    fn offsets(n: usize, edges: &[(u32, Link)]) -> Vec<u32> {
        let mut start = vec![0u32; n + 1];
        for (from, _) in edges {
            start[*from as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        start
    }
    /// From links in any order (a counting sort, stable).
    fn build(n: usize, edges: &[(u32, Link)]) -> Adjacency {
        let start = Self::offsets(n, edges);
        let mut next = start.clone();
        let mut links = vec![
            Link {
                node: 0,
                lineage: Lineage::Blood,
                row: 0
            };
            edges.len()
        ];
        for (from, link) in edges {
            let slot = &mut next[*from as usize];
            links[*slot as usize] = *link;
            *slot += 1;
        }
        Adjacency { start, links }
    }
    /// From links in any order, each node's links in order of the node at their other end,
    /// a pair given twice once: the first given (both sorts are stable).
    fn build_unique(n: usize, edges: &[(u32, Link)]) -> Adjacency {
        let Adjacency { start, mut links } = Self::build(n, edges);
        let mut kept = vec![0u32; n + 1];
        let mut w = 0usize;
        for v in 0..n {
            let (a, b) = (start[v] as usize, start[v + 1] as usize);
            if let Some(these) = links.get_mut(a..b)
                && these.len() > 1
            {
                these.sort_by_key(|l| l.node);
            }
            let mut last = None;
            for i in a..b {
                let l = links[i];
                if last != Some(l.node) {
                    links[w] = l;
                    w += 1;
                    last = Some(l.node);
                }
            }
            kept[v + 1] = w as u32;
        }
        links.truncate(w);
        Adjacency { start: kept, links }
    }
    /// The same links the other way round: node `v`'s links lead to the nodes that link to
    /// `v`, in the order of those nodes.
    fn reversed(&self, n: usize) -> Adjacency {
        let mut start = vec![0u32; n + 1];
        for l in &self.links {
            start[l.node as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut next = start.clone();
        let mut links = self.links.clone();
        for v in 0..self.start.len().saturating_sub(1) {
            for l in self.of(v as u32) {
                let slot = &mut next[l.node as usize];
                links[*slot as usize] = Link {
                    node: v as u32,
                    ..*l
                };
                *slot += 1;
            }
        }
        Adjacency { start, links }
    }
    pub(crate) fn of(&self, node: u32) -> &[Link] {
        let i = node as usize;
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.links[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Something in the relations table that stops the graph from being built as given, with the
/// rows involved. The messages never carry an ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KinProblem {
    /// A required cell (person, relative, relation) is empty.
    Missing {
        /// The row.
        row: u32,
        /// The canonical column.
        column: &'static str,
    },
    /// A cell cannot be read: an ID number that does not validate, an unknown relation word or
    /// lineage, a date that does not exist.
    Unreadable {
        /// The row.
        row: u32,
        /// The canonical column.
        column: &'static str,
        /// Why, without the value.
        why: String,
    },
    /// The relation word and the `kind` column give different lineages (养父 with kind 继).
    LineageConflict {
        /// The row.
        row: u32,
    },
    /// The relation word gives the relative a sex their ID number or another row contradicts.
    SexConflict {
        /// The row.
        row: u32,
    },
    /// A person related to themselves.
    SelfRelation {
        /// The row.
        row: u32,
    },
    /// A marriage that ends before it starts.
    MarriageEndsBeforeStart {
        /// The row.
        row: u32,
    },
    /// More than one blood father, or blood mother, or more than two blood parents.
    TooManyBloodParents {
        /// The rows naming them.
        rows: Vec<u32>,
    },
    /// A person who is their own ancestor.
    Cycle {
        /// The rows of the links around the cycle.
        rows: Vec<u32>,
    },
    /// A term that contradicts the ID numbers: 岳父 on a woman's sheet, a 哥哥 younger than
    /// the person.
    TermMismatch {
        /// The row.
        row: u32,
        /// What it contradicts.
        why: TermMismatch,
    },
    /// A term with several readings that give different classes (舅公: the grandmother's
    /// brother, or the husband's mother's brother).
    AmbiguousTerm {
        /// The row.
        row: u32,
        /// The word (an index of the vocabulary).
        word: u32,
        /// The readings that fit the persons (vocabulary entries).
        readings: Vec<u32>,
        /// What each reading would mean: its classes in Chinese and in English (近姻亲 /
        /// near_affinal; 不属近亲属 / no close relation).
        meanings: Vec<(String, String)>,
    },
    /// A compound term whose persons between contradict other rows (it would give someone a
    /// second blood father, or make a person their own ancestor): the row is left out.
    TermConflict {
        /// The row.
        row: u32,
        /// The other rows involved.
        rows: Vec<u32>,
    },
}

impl KinProblem {
    /// Whether the problem is confined to its own row (the rest of the graph is sound), as
    /// opposed to a structural impossibility.
    pub fn is_row_local(&self) -> bool {
        !matches!(
            self,
            KinProblem::TooManyBloodParents { .. } | KinProblem::Cycle { .. }
        )
    }
    /// A stable name of the problem's kind (`unreadable`, `ambiguous_term`, …).
    pub fn code(&self) -> &'static str {
        match self {
            KinProblem::Missing { .. } => "missing",
            KinProblem::Unreadable { .. } => "unreadable",
            KinProblem::LineageConflict { .. } => "lineage_conflict",
            KinProblem::SexConflict { .. } => "sex_conflict",
            KinProblem::SelfRelation { .. } => "self_relation",
            KinProblem::MarriageEndsBeforeStart { .. } => "marriage_ends_before_start",
            KinProblem::TooManyBloodParents { .. } => "too_many_blood_parents",
            KinProblem::Cycle { .. } => "cycle",
            KinProblem::TermMismatch { .. } => "term_mismatch",
            KinProblem::AmbiguousTerm { .. } => "ambiguous_term",
            KinProblem::TermConflict { .. } => "term_conflict",
        }
    }

    /// The rows involved.
    pub fn rows(&self) -> Vec<u32> {
        match self {
            KinProblem::Missing { row, .. }
            | KinProblem::Unreadable { row, .. }
            | KinProblem::LineageConflict { row }
            | KinProblem::SexConflict { row }
            | KinProblem::SelfRelation { row }
            | KinProblem::MarriageEndsBeforeStart { row }
            | KinProblem::TermMismatch { row, .. }
            | KinProblem::AmbiguousTerm { row, .. } => vec![*row],
            KinProblem::TermConflict { row, rows } => {
                std::iter::once(*row).chain(rows.iter().copied()).collect()
            }
            KinProblem::TooManyBloodParents { rows } | KinProblem::Cycle { rows } => rows.clone(),
        }
    }
    /// The canonical column at fault, when one is.
    pub fn column(&self) -> Option<&'static str> {
        match self {
            KinProblem::Missing { column, .. } | KinProblem::Unreadable { column, .. } => {
                Some(column)
            }
            KinProblem::LineageConflict { .. } => Some("kind"),
            KinProblem::SexConflict { .. }
            | KinProblem::TermMismatch { .. }
            | KinProblem::AmbiguousTerm { .. }
            | KinProblem::TermConflict { .. } => Some("relation"),
            KinProblem::MarriageEndsBeforeStart { .. } => Some("end_date"),
            _ => None,
        }
    }
    /// What is wrong, in English (no personal data): the English half of [`Self::what`].
    pub fn what_en(&self) -> String {
        let what = self.what();
        english_part(&what).to_string()
    }

    /// What is wrong, in Chinese (no personal data): the Chinese half of [`Self::what`].
    pub fn what_zh(&self) -> String {
        let what = self.what();
        let en = english_part(&what).len();
        what[..what.len() - en].trim_end().to_string()
    }

    /// What is wrong, in Chinese and English (no personal data).
    pub fn what(&self) -> String {
        match self {
            KinProblem::Missing { .. } => "单元格为空 the cell is empty".into(),
            KinProblem::Unreadable { why, .. } => why.clone(),
            KinProblem::LineageConflict { .. } => {
                "称谓与亲属类别（血亲/姻亲/拟制）不一致 the relation word and the kind column give different lineages".into()
            }
            KinProblem::SexConflict { .. } => {
                "称谓所示亲属性别与其身份证号码或另一行矛盾 the relation word gives the relative a sex that their ID number or another row contradicts".into()
            }
            KinProblem::SelfRelation { .. } => {
                "本人与亲属是同一人 a person is related to themselves".into()
            }
            KinProblem::MarriageEndsBeforeStart { .. } => {
                "婚姻终止日期早于开始日期 the marriage ends before it starts".into()
            }
            KinProblem::TooManyBloodParents { rows } => format!(
                "一人有多于一位生父或生母（或多于两位生身父母），共{}行 a person has more than one blood father or mother (or more than two blood parents), on {} rows",
                rows.len(),
                rows.len()
            ),
            KinProblem::Cycle { rows } => format!(
                "一人成了自己的长辈：{}行的父母关系构成循环 a person is their own ancestor: the parent links of {} rows form a cycle",
                rows.len(),
                rows.len()
            ),
            KinProblem::TermMismatch { why, .. } => match why {
                TermMismatch::PersonSex => "称谓与本人性别（身份证号码）不符，如女性填岳父 the term is used only by the other sex than the person's ID number gives (e.g. 岳父 on a woman's sheet)".into(),
                TermMismatch::RelativeSex => "称谓所示亲属性别与其身份证号码不符 the term gives the relative a sex their ID number contradicts".into(),
                TermMismatch::RelativeAge => "称谓所示长幼与出生日期不符，如哥哥比本人年幼 the term's elder or younger contradicts the birth dates (e.g. a 哥哥 younger than the person)".into(),
            },
            KinProblem::AmbiguousTerm {
                word,
                readings,
                meanings,
                ..
            } => {
                let vocab = super::terms::vocabulary();
                let term = vocab.word_text(*word);
                let (mut zh, mut en) = (Vec::new(), Vec::new());
                for (i, &e) in readings.iter().enumerate() {
                    let Some(entry) = vocab.entry(e) else { continue };
                    let (czh, cen) = meanings.get(i).cloned().unwrap_or_default();
                    let path_zh: Vec<&str> = entry.chain.links.iter().map(|l| l.words().0).collect();
                    let path_en: Vec<&str> = entry.chain.links.iter().map(|l| l.words().1).collect();
                    zh.push(format!("{}（{czh}）", path_zh.join("的")));
                    en.push(format!("{} ({cen})", path_en.join("'s ")));
                }
                format!(
                    "称谓“{term}”有{}种理解，所得亲属关系不同，请核实：{} the term {term} has {} readings that give different relations, to be checked: {}",
                    readings.len(),
                    zh.join("；"),
                    readings.len(),
                    en.join(" | ")
                )
            }
            KinProblem::TermConflict { rows, .. } if rows.is_empty() => {
                "称谓推出的中间亲属与其他行所示性别矛盾，本行未采用 the persons the term implies contradict the sex other rows give them; the row is left out".into()
            }
            KinProblem::TermConflict { rows, .. } => format!(
                "称谓推出的中间亲属与其他{}行矛盾（如一人有两位生父），本行未采用 the persons the term implies contradict {} other rows (e.g. a second blood father); the row is left out",
                rows.len(),
                rows.len()
            ),
        }
    }
    /// What kind of input problem it is.
    pub fn kind(&self) -> ProblemKind {
        match self {
            KinProblem::Missing { .. } => ProblemKind::MissingValue,
            KinProblem::Unreadable {
                column: "person" | "relative",
                ..
            } => ProblemKind::InvalidId,
            KinProblem::Unreadable { .. } => ProblemKind::UnreadableValue,
            _ => ProblemKind::Contradiction,
        }
    }

    /// The problem as an input error of the relations table at `at`.
    pub fn to_error(&self, at: &Location, headers: &Relations) -> InputError {
        let rows = self.rows();
        InputError::bad(
            Location {
                row: rows.first().map(|&r| r as usize),
                column: self.column().map(|c| headers.header(c)),
                related_rows: rows.iter().skip(1).take(8).map(|&r| r as usize).collect(),
                ..at.clone()
            },
            self.kind(),
            self.what(),
        )
    }
}

/// The English half of a text written `中文 English`: from the first ASCII letter that follows
/// a space after a Chinese character (the whole text when there is none).
fn english_part(s: &str) -> &str {
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        if prev == Some(' ')
            && c.is_ascii_alphabetic()
            && s[..i]
                .trim_end()
                .chars()
                .next_back()
                .is_some_and(|p| !p.is_ascii())
        {
            return &s[i..];
        }
        prev = Some(c);
    }
    s
}

const KEY_BIT: u64 = 1 << 63;

/// A person as one word: an ID number's body (below 2^57), or a key's index with the top bit.
fn kin_word(kin: Kin) -> u64 {
    match kin {
        Kin::Id(id) => id.body(),
        Kin::Key(k) => KEY_BIT | u64::from(k),
    }
}

fn word_kin(word: u64) -> Kin {
    if word & KEY_BIT != 0 {
        Kin::Key((word & !KEY_BIT) as u32)
    } else {
        Kin::Id(crate::id::ResidentId::from_valid_body(word))
    }
}

/// Sorts (word, position) pairs by word, stably: a least-significant-digit radix sort, eleven
/// bits a pass, skipping the digits all words share. Interning millions of persons this way
/// streams through memory instead of probing a hash table at random. The six digits' counts
/// are taken in one read of the pairs.
fn radix_sort(v: &mut Vec<(u64, u32)>) {
    const DIGITS: usize = 6; // 6 × 11 bits ≥ 64
    let mut counts = vec![[0usize; 2048]; DIGITS];
    for &(k, _) in v.iter() {
        for (d, count) in counts.iter_mut().enumerate() {
            count[((k >> (11 * d)) & 2047) as usize] += 1;
        }
    }
    let mut buf: Vec<(u64, u32)> = Vec::new();
    for (d, count) in counts.iter_mut().enumerate() {
        if count.contains(&v.len()) {
            continue;
        }
        if buf.len() != v.len() {
            buf = vec![(0u64, 0u32); v.len()];
        }
        let shift = 11 * d;
        let mut sum = 0;
        for c in count.iter_mut() {
            let t = *c;
            *c = sum;
            sum += t;
        }
        for &e in v.iter() {
            let digit = ((e.0 >> shift) & 2047) as usize;
            buf[count[digit]] = e;
            count[digit] += 1;
        }
        std::mem::swap(v, &mut buf);
    }
}

/// The family graph on one reference date: marriages count only between their start and end
/// dates (the end date — a divorce — is the first day the marriage no longer counts).
#[derive(Debug, Clone)]
pub struct FamilyGraph {
    as_of: NaiveDate,
    /// The persons' words (see `kin_word`), sorted: node `i` is the person `words[i]`; the
    /// nodes after them are sibling groups.
    words: Vec<u64>,
    /// The persons compound terms inferred (nodes after the named persons).
    inferred: Vec<Inferred>,
    groups: u32,
    sex: Vec<Option<Sex>>,
    pub(crate) up: Adjacency,
    pub(crate) down: Adjacency,
    pub(crate) spouses: Adjacency,
    keys: std::sync::Arc<super::relations::KeyTable>,
    /// The rows read as a chain of several links, sorted.
    compound_rows: Vec<u32>,
    /// The rows whose term had several readings, all giving the same classes, sorted.
    agreeing: Vec<u32>,
    /// The persons of the compound rows whose term tells an elder from a younger (伯父):
    /// row → (entry, nodes from the person to the relative).
    aged: HashMap<u32, (u32, Vec<u32>)>,
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.0[hi as usize] = lo;
        }
    }
}

impl FamilyGraph {
    /// One pass of [`FamilyGraph::build_lenient`], leaving out the compound rows `excluded`;
    /// `signature` gives the classes of a vocabulary entry, to compare a term's readings.
    pub(crate) fn build_once(
        relations: &Relations,
        as_of: NaiveDate,
        excluded: &HashMap<u32, Vec<u32>>,
        signature: &dyn Fn(u32) -> String,
    ) -> (FamilyGraph, Vec<KinProblem>) {
        use crate::people::cell_at;
        let vocab = super::terms::vocabulary();
        let mut problems = Vec::new();
        // Every person named by a readable cell becomes a node, numbered in the order of
        // their words; `end_node[2r]` and `end_node[2r + 1]` are row r's person and relative.
        // A sheet lists one person's relatives in consecutive rows: a person cell the same as
        // the row before's is sorted once and takes that row's node after.
        let rows = relations.len();
        let mut ends: Vec<(u64, u32)> = Vec::with_capacity(2 * rows);
        let mut previous_person = None;
        for r in 0..rows {
            let person = relations.person.word(r);
            if let Some(w) = person
                && previous_person != Some(w)
            {
                ends.push((w, (2 * r) as u32));
            }
            previous_person = person;
            if let Some(w) = relations.relative.word(r) {
                ends.push((w, (2 * r + 1) as u32));
            }
        }
        radix_sort(&mut ends);
        let mut end_node = vec![u32::MAX; 2 * rows];
        let mut words: Vec<u64> = Vec::new();
        for &(w, i) in &ends {
            if words.last() != Some(&w) {
                words.push(w);
            }
            end_node[i as usize] = (words.len() - 1) as u32;
        }
        drop(ends);
        for r in 1..rows {
            if end_node[2 * r] == u32::MAX && relations.person.word(r).is_some() {
                end_node[2 * r] = end_node[2 * r - 2];
            }
        }
        let persons = words.len();
        let id_of = |n: u32| match words.get(n as usize).map(|&w| word_kin(w)) {
            Some(Kin::Id(id)) => Some(id),
            _ => None,
        };
        let mut sex: Vec<Option<Sex>> = (0..persons as u32)
            .map(|n| id_of(n).map(|id| id.sex()))
            .collect();
        let id_sex = |n: u32| id_of(n).map(|id| id.sex());
        let birth = |n: u32| id_of(n).and_then(|id| id.birth_date());
        let mut groups = 0u32;
        // (child, parent link), spouse pairs, sibling pairs.
        let mut parent_edges: Vec<(u32, Link)> = Vec::with_capacity(relations.len());
        let mut marriages: Vec<(u32, u32, u32)> = Vec::new();
        let mut siblings: Vec<(u32, u32, u32)> = Vec::new();
        // Marriages that ended (kept for a compound row to pass through the former spouse),
        // and the compound rows.
        let mut ended: Vec<(u32, u32, u32)> = Vec::new();
        let mut compound: Vec<Compound> = Vec::new();
        let mut agreeing: Vec<u32> = Vec::new();
        let mut aged: HashMap<u32, (u32, Vec<u32>)> = HashMap::new();
        let mut word_ages = vec![None::<bool>; vocab.word_count()];
        for r in 0..relations.len() {
            let row = r as u32;
            let mut bad = false;
            let kin = |col: &'static str, cell: Cell<Kin>, problems: &mut Vec<KinProblem>| {
                match cell {
                    Cell::Value(k) => Some(k),
                    Cell::Missing => {
                        problems.push(KinProblem::Missing { row, column: col });
                        None
                    }
                    Cell::Invalid => {
                        problems.push(KinProblem::Unreadable {
                            row,
                            column: col,
                            why: "身份证号码无效（无号码者可写key:<文字>） the ID number does not validate (write key:<text> for someone without one)".into(),
                        });
                        None
                    }
                }
            };
            let person = kin("person", relations.person.get(r), &mut problems);
            let relative = kin("relative", relations.relative.get(r), &mut problems);
            let word = match cell_at(&relations.relation, r) {
                Cell::Value(l) => Some(l),
                Cell::Missing => {
                    problems.push(KinProblem::Missing {
                        row,
                        column: "relation",
                    });
                    None
                }
                Cell::Invalid => {
                    problems.push(KinProblem::Unreadable {
                        row,
                        column: "relation",
                        why: relations.relation_errors.get(&r).map_or(
                            "称谓无法识别 the relation word cannot be read".into(),
                            |e| e.to_string(),
                        ),
                    });
                    None
                }
            };
            let kind = match cell_at(&relations.kind, r) {
                Cell::Value(k) => Some(k),
                Cell::Missing => None,
                Cell::Invalid => {
                    problems.push(KinProblem::Unreadable {
                        row,
                        column: "kind",
                        why: "亲属类别应为血亲、养或继 the kind is not blood (血亲), adoptive (养) or step (继)".into(),
                    });
                    bad = true;
                    None
                }
            };
            let mut date =
                |col: &'static str, c: Cell<NaiveDate>, problems: &mut Vec<KinProblem>| match c {
                    Cell::Value(d) => Some(d),
                    Cell::Missing => None,
                    Cell::Invalid => {
                        problems.push(KinProblem::Unreadable {
                            row,
                            column: col,
                            why: "日期无法识别 the date cannot be read".into(),
                        });
                        bad = true;
                        None
                    }
                };
            let start = date(
                "start_date",
                cell_at(&relations.start_date, r),
                &mut problems,
            );
            let end = date("end_date", cell_at(&relations.end_date, r), &mut problems);
            let (Some(person), Some(relative), Some(word)) = (person, relative, word) else {
                continue;
            };
            if bad || excluded.contains_key(&row) {
                continue;
            }
            if person == relative {
                problems.push(KinProblem::SelfRelation { row });
                continue;
            }
            let lineage = match (word.lineage, kind) {
                (Some(a), Some(b)) if a != b => {
                    problems.push(KinProblem::LineageConflict { row });
                    continue;
                }
                (Some(a), _) | (None, Some(a)) => a,
                (None, None) => Lineage::Blood,
            };
            let (p, q) = (end_node[2 * r], end_node[2 * r + 1]);
            // (Birth dates are read only for a word whose readings tell elder from younger.)
            let aged_word = *word_ages
                .get_mut(word.word as usize)
                .map(|slot| {
                    slot.get_or_insert_with(|| {
                        vocab.readings(u32::from(word.word)).iter().any(|&e| {
                            vocab
                                .entry(e)
                                .is_some_and(|e| e.chain.relative_age_to_ego().is_some())
                        })
                    })
                })
                .unwrap_or(&mut false);
            let facts = Facts {
                person_sex: id_sex(p),
                relative_sex: id_sex(q),
                person_birth: if aged_word { birth(p) } else { None },
                relative_birth: if aged_word { birth(q) } else { None },
            };
            let choice = match super::expand::choose(vocab, word, &facts, signature) {
                Ok(c) => c,
                Err(NoChoice::Mismatch(TermMismatch::RelativeSex)) => {
                    problems.push(KinProblem::SexConflict { row });
                    continue;
                }
                Err(NoChoice::Mismatch(why)) => {
                    problems.push(KinProblem::TermMismatch { row, why });
                    continue;
                }
                Err(NoChoice::Ambiguous(readings)) => {
                    problems.push(KinProblem::AmbiguousTerm {
                        row,
                        word: u32::from(word.word),
                        readings,
                        meanings: Vec::new(),
                    });
                    continue;
                }
            };
            if choice.agreeing {
                agreeing.push(row);
            }
            let Some(entry) = vocab.entry(choice.entry) else {
                continue;
            };
            let chain = &entry.chain;
            if let Some(s) = chain.relative_sex() {
                match sex[q as usize] {
                    Some(known) if known != s => {
                        problems.push(KinProblem::SexConflict { row });
                        continue;
                    }
                    _ => sex[q as usize] = Some(s),
                }
            }
            let [link] = chain.links.as_slice() else {
                if chain.links.len() > 1 {
                    compound.push(Compound {
                        row,
                        person: p,
                        relative: q,
                        entry: choice.entry,
                        lineage,
                    });
                }
                continue;
            };
            match link.tie {
                Tie::Parent => parent_edges.push((
                    p,
                    Link {
                        node: q,
                        lineage,
                        row,
                    },
                )),
                Tie::Child => parent_edges.push((
                    q,
                    Link {
                        node: p,
                        lineage,
                        row,
                    },
                )),
                Tie::Spouse => {
                    if let (Some(s), Some(e)) = (start, end)
                        && e < s
                    {
                        problems.push(KinProblem::MarriageEndsBeforeStart { row });
                        continue;
                    }
                    let counts = start.is_none_or(|s| s <= as_of) && end.is_none_or(|e| as_of < e);
                    if counts {
                        marriages.push((p, q, row));
                    } else {
                        ended.push((p, q, row));
                    }
                }
                // Step-siblings are not kin (a step relation links only step-parent and
                // step-child); adopted siblings are.
                Tie::Sibling if lineage == Lineage::Step => continue,
                Tie::Sibling => {
                    siblings.push((p, q, row));
                    // (哥哥, 妹妹: the elder and the younger, kept for naming the relation.)
                    if link.age.is_some() {
                        aged.insert(row, (choice.entry, vec![p, q]));
                    }
                }
            }
        }

        // Compound rows: the persons between are the ones the direct rows name where exactly
        // one fits, and inferred persons otherwise.
        let mut inferred: Vec<Inferred> = Vec::new();
        let mut compound_rows: Vec<u32> = compound.iter().map(|c| c.row).collect();
        compound_rows.sort_unstable();
        if !compound.is_empty() {
            // Only the ties of persons a chain may pass through: the rows' persons and
            // relatives, and the persons tied to them.
            let mut near = vec![false; persons];
            for c in &compound {
                near[c.person as usize] = true;
                near[c.relative as usize] = true;
            }
            // The one-link rows, from the links made of them so far (no copy of the table).
            let vocab_age = |row: u32| {
                aged.get(&row)
                    .and_then(|(e, _)| vocab.entry(*e))
                    .and_then(|e| e.chain.links.first())
                    .and_then(|l| l.age)
            };
            let link = |tie, age| super::terms::ChainLink {
                tie,
                sex: None,
                age,
            };
            let direct = || {
                parent_edges
                    .iter()
                    .map(|&(c, l)| (c, l.node, link(Tie::Parent, None), l.lineage))
                    .chain(
                        marriages
                            .iter()
                            .chain(&ended)
                            .map(|&(a, b, _)| (a, b, link(Tie::Spouse, None), Lineage::Blood)),
                    )
                    .chain(siblings.iter().map(|&(a, b, row)| {
                        (a, b, link(Tie::Sibling, vocab_age(row)), Lineage::Blood)
                    }))
            };
            let mut wider = near.clone();
            for (p, q, ..) in direct() {
                if near[p as usize] || near[q as usize] {
                    wider[p as usize] = true;
                    wider[q as usize] = true;
                }
            }
            let mut ties = Ties::default();
            let sex_now = |n: u32| sex.get(n as usize).copied().flatten();
            let wanted = |n: u32| wider[n as usize];
            let facts = NodeFacts {
                sex: &sex_now,
                birth: &birth,
                wanted: &wanted,
            };
            for (p, q, link, lineage) in direct() {
                if wider[p as usize] || wider[q as usize] {
                    ties.declare((p, q), link, lineage, &facts);
                }
            }
            ties.finish(persons);
            let e = super::expand::expand(vocab, compound, &mut ties, persons as u32);
            parent_edges.extend(
                e.parents
                    .iter()
                    .map(|&(child, node, lineage, row)| (child, Link { node, lineage, row })),
            );
            marriages.extend(e.marriages);
            siblings.extend(e.siblings);
            for (n, s, row) in e.named_sex {
                match sex[n as usize] {
                    Some(known) if known != s => {
                        problems.push(KinProblem::TermConflict {
                            row,
                            rows: Vec::new(),
                        });
                    }
                    _ => sex[n as usize] = Some(s),
                }
            }
            sex.extend(e.inferred_sex);
            inferred = e.inferred;
            aged.extend(e.aged.into_iter().map(|(r, e, n)| (r, (e, n))));
        }
        let named = persons + inferred.len();

        // Sibling groups: one unknown parent per group, linked from each member by the first
        // row that put them in it.
        // (Union-find over the siblings alone, numbered compactly.)
        let mut members: Vec<u32> = siblings.iter().flat_map(|&(a, b, _)| [a, b]).collect();
        members.sort_unstable();
        members.dedup();
        let at = |m: u32| members.binary_search(&m).unwrap_or(0) as u32;
        let mut uf = UnionFind((0..members.len() as u32).collect());
        for &(a, b, _) in &siblings {
            uf.union(at(a), at(b));
        }
        let mut first_row: Vec<u32> = vec![u32::MAX; members.len()];
        for &(a, b, row) in &siblings {
            for m in [at(a), at(b)] {
                let f = &mut first_row[m as usize];
                *f = (*f).min(row);
            }
        }
        let mut group_of_root: Vec<u32> = vec![u32::MAX; members.len()];
        for (i, &m) in members.iter().enumerate() {
            let root = uf.find(i as u32) as usize;
            if group_of_root[root] == u32::MAX {
                sex.push(None);
                groups += 1;
                group_of_root[root] = (named as u32) + groups - 1;
            }
            parent_edges.push((
                m,
                Link {
                    node: group_of_root[root],
                    lineage: Lineage::Blood,
                    row: first_row[i],
                },
            ));
        }
        // By child, then parent; the same link declared twice (from either side) keeps its
        // first row (the links were made in row order and both sorts are stable).
        let n = named + groups as usize;
        let up = Adjacency::build_unique(n, &parent_edges);
        drop(parent_edges);

        // More than one blood father or mother, or more than two blood parents.
        for child in 0..n as u32 {
            let blood = |l: &&Link| l.lineage == Lineage::Blood && (l.node as usize) < named;
            let parents = up.of(child);
            let (mut all, mut men, mut women) = (0, 0, 0);
            for l in parents.iter().filter(blood) {
                all += 1;
                match sex[l.node as usize] {
                    Some(Sex::Male) => men += 1,
                    Some(Sex::Female) => women += 1,
                    None => {}
                }
            }
            if all > 2 || men > 1 || women > 1 {
                problems.push(KinProblem::TooManyBloodParents {
                    rows: parents.iter().filter(blood).map(|l| l.row).collect(),
                });
            }
        }

        let down = up.reversed(n);
        let mut spouse_edges: Vec<(u32, Link)> = Vec::with_capacity(marriages.len() * 2);
        marriages.sort_unstable_by_key(|&(a, b, row)| (a.min(b), a.max(b), row));
        marriages.dedup_by_key(|&mut (a, b, _)| (a.min(b), a.max(b)));
        for &(a, b, row) in &marriages {
            let link = |node| Link {
                node,
                lineage: Lineage::Blood,
                row,
            };
            spouse_edges.push((a, link(b)));
            spouse_edges.push((b, link(a)));
        }
        let spouses = Adjacency::build(n, &spouse_edges);
        let graph = FamilyGraph {
            as_of,
            words,
            inferred,
            groups,
            sex,
            up,
            down,
            spouses,
            keys: relations.keys.clone(),
            compound_rows,
            agreeing,
            aged,
        };
        if let Some(rows) = graph.find_cycle() {
            problems.push(KinProblem::Cycle { rows });
        }
        (graph, problems)
    }

    /// The rows of the links around one cycle of parent links, if any (Kahn's algorithm: the
    /// nodes never freed lie on a cycle or above one; walking up among them finds one).
    fn find_cycle(&self) -> Option<Vec<u32>> {
        let n = self.node_count();
        let mut children_left: Vec<u32> = (0..n as u32)
            .map(|v| self.down.of(v).len() as u32)
            .collect();
        let mut queue: Vec<u32> = (0..n as u32)
            .filter(|&v| children_left[v as usize] == 0)
            .collect();
        let mut freed = vec![false; n];
        while let Some(v) = queue.pop() {
            freed[v as usize] = true;
            for l in self.up.of(v) {
                let c = &mut children_left[l.node as usize];
                *c -= 1;
                if *c == 0 {
                    queue.push(l.node);
                }
            }
        }
        // A node on or above a cycle: follow, among such nodes, a child link downwards until a
        // node repeats — every node not freed has a child not freed.
        let start = (0..n).find(|&v| !freed[v])? as u32;
        let mut seen: HashMap<u32, usize> = HashMap::new();
        let mut walk: Vec<(u32, u32)> = Vec::new(); // (node, row of the link to the next)
        let mut v = start;
        loop {
            if let Some(&i) = seen.get(&v) {
                let mut rows: Vec<u32> = walk[i..].iter().map(|&(_, r)| r).collect();
                rows.sort_unstable();
                return Some(rows);
            }
            seen.insert(v, walk.len());
            let next = self.down.of(v).iter().find(|l| !freed[l.node as usize])?;
            walk.push((v, next.row));
            v = next.node;
        }
    }

    /// The reference date marriages were taken on.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }
    /// The number of nodes (persons and sibling groups).
    pub fn node_count(&self) -> usize {
        self.words.len() + self.inferred.len() + self.groups as usize
    }
    /// The person a compound term inferred at a node, if it is one.
    pub fn inferred(&self, node: u32) -> Option<Inferred> {
        (node as usize)
            .checked_sub(self.words.len())
            .and_then(|i| self.inferred.get(i))
            .copied()
    }
    /// The rows read as a chain of several links (岳父, 孙子), sorted.
    pub fn compound_rows(&self) -> &[u32] {
        &self.compound_rows
    }
    /// How the person a path step reaches compares in age with the one before, and with the
    /// first person of the compound row that declared the step, when that row's term says
    /// (伯父: the father's elder brother): `(to the one before, to the row's person)`.
    pub(crate) fn step_ages(
        &self,
        row: u32,
        from: u32,
        to: u32,
    ) -> Option<(Option<super::terms::Age>, Option<super::terms::Age>, u32)> {
        let (entry, nodes) = self.aged.get(&row)?;
        let chain = &super::terms::vocabulary().entry(*entry)?.chain;
        let at = |n: u32| nodes.iter().position(|&x| x == n);
        let (i, j) = (at(from)?, at(to)?);
        if i + 1 == j {
            Some((chain.links[i].age, chain.to_person[i], nodes[0]))
        } else if j + 1 == i {
            let back = chain.links[j].age.map(super::terms::Age::reversed);
            Some((
                back,
                chain.to_person.get(j.wrapping_sub(1)).copied().flatten(),
                nodes[0],
            ))
        } else {
            None
        }
    }
    /// The rows whose term had several readings that all give the same classes (姨夫), sorted.
    pub fn agreeing_rows(&self) -> &[u32] {
        &self.agreeing
    }
    /// The node of a person, if any row names them.
    pub fn node(&self, kin: Kin) -> Option<u32> {
        self.words
            .binary_search(&kin_word(kin))
            .ok()
            .map(|i| i as u32)
    }
    /// Whether a node is a sibling group's unknown parent.
    pub(crate) fn is_group_node(&self, node: u32) -> bool {
        let i = node as usize;
        i >= self.words.len() + self.inferred.len() && i < self.node_count()
    }
    /// The nodes of many persons at once (a merge of two sorted lists, for a whole roster).
    pub fn nodes_of(&self, kins: &[Option<Kin>]) -> Vec<Option<u32>> {
        let mut asked: Vec<(u64, u32)> = kins
            .iter()
            .enumerate()
            .filter_map(|(i, k)| k.map(|k| (kin_word(k), i as u32)))
            .collect();
        radix_sort(&mut asked);
        let mut out = vec![None; kins.len()];
        let mut j = 0;
        for (w, i) in asked {
            while j < self.words.len() && self.words[j] < w {
                j += 1;
            }
            if self.words.get(j) == Some(&w) {
                out[i as usize] = Some(j as u32);
            }
        }
        out
    }
    /// What a node is.
    pub fn node_kind(&self, node: u32) -> Option<Node> {
        let i = node as usize;
        if i < self.words.len() {
            Some(Node::Person(word_kin(self.words[i])))
        } else if let Some(p) = self.inferred(node) {
            Some(Node::Inferred(p))
        } else if i < self.node_count() {
            Some(Node::SiblingGroup)
        } else {
            None
        }
    }
    /// The person of a node (none for a sibling group).
    pub fn kin(&self, node: u32) -> Option<Kin> {
        self.words.get(node as usize).map(|&w| word_kin(w))
    }
    /// A node's sex, when its ID number or a relation word gives it.
    pub fn sex(&self, node: u32) -> Option<Sex> {
        self.sex.get(node as usize).copied().flatten()
    }
    /// The full text of a node's person (`key:` for keys; empty for a sibling group).
    pub fn kin_text(&self, node: u32) -> String {
        match self.kin(node) {
            Some(Kin::Id(id)) => id.to_string(),
            Some(Kin::Key(k)) => format!("key:{}", self.keys.text(k)),
            None => self.inferred_text(node),
        }
    }
    /// An inferred person as text: `inferred:<what to the row's person>@row<row>`
    /// (`inferred:妻子@row5`); empty for any other node.
    pub fn inferred_text(&self, node: u32) -> String {
        self.inferred(node).map_or(String::new(), |p| {
            let (zh, _) = p.description(super::terms::vocabulary());
            format!("inferred:{zh}@row{}", p.row)
        })
    }
    /// The text of a node's person for humans (masked number; key with all but its first
    /// character hidden).
    pub fn kin_masked(&self, node: u32) -> String {
        match self.kin(node) {
            Some(Kin::Id(id)) => id.masked(),
            Some(Kin::Key(k)) => {
                let text = self.keys.text(k);
                let mut chars = text.chars();
                match chars.next() {
                    Some(c) => format!("key:{c}{}", "*".repeat(chars.count())),
                    None => "key:".into(),
                }
            }
            None => self.inferred_text(node),
        }
    }
    /// Reads a person given as text (an ID number or `key:<text>`), if the graph has them.
    pub fn find(&self, text: &str) -> Option<u32> {
        let t = text.trim();
        let kin = match t.strip_prefix("key:") {
            Some(k) => Kin::Key(self.keys.find(k.trim())?),
            None => Kin::Id(crate::id::ResidentId::parse(t).ok()?),
        };
        self.node(kin)
    }
    /// Parent links of a node (blood, adoptive, step; sibling groups included).
    pub fn parents(&self, node: u32) -> &[Link] {
        self.up.of(node)
    }
    /// Child links of a node.
    pub fn children(&self, node: u32) -> &[Link] {
        self.down.of(node)
    }
    /// Marriages of a node that count on `as_of`.
    pub fn spouses(&self, node: u32) -> &[Link] {
        self.spouses.of(node)
    }
}

#[cfg(test)]
mod english_tests {
    use super::*;
    use crate::kinship::RelationLabelError;

    #[test]
    fn every_problem_has_an_english_half_without_chinese() {
        let labels = [
            RelationLabelError::Unknown.to_string(),
            RelationLabelError::Indirect.to_string(),
        ];
        let mut whats: Vec<String> = vec![
            KinProblem::Missing {
                row: 0,
                column: "relation",
            }
            .what(),
            KinProblem::LineageConflict { row: 0 }.what(),
            KinProblem::SexConflict { row: 0 }.what(),
            KinProblem::SelfRelation { row: 0 }.what(),
            KinProblem::MarriageEndsBeforeStart { row: 0 }.what(),
            KinProblem::TooManyBloodParents { rows: vec![0, 1] }.what(),
            KinProblem::Cycle { rows: vec![0, 1] }.what(),
        ];
        whats.extend(labels);
        for w in whats {
            let en = english_part(&w);
            assert!(en.len() < w.len(), "{w}");
            assert!(en.starts_with(|c: char| c.is_ascii_alphabetic()), "{en}");
            assert!(
                !w[..w.len() - en.len()]
                    .chars()
                    .any(|c| c.is_ascii_alphabetic()),
                "the Chinese half has no English: {w}"
            );
        }
    }
}
