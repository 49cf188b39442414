//! Close-relative avoidance in the election setting (docs/domain.md §5.2): pairs of roster rows of
//! one unit and one term, whose bodies a rule pairs and whose persons stand in the rule's
//! relation set (or are the same person, AV-06), give findings on the side the rule names.
//!
//! Which bodies are paired, which set counts, on whom a finding falls and how severe it is are
//! pack data ([`AvoidanceRule`]). A unit's pairs are not all classified: each roster person's
//! *reach* (themselves, their ancestors, their spouses and the spouses' ancestors, their
//! children's parents-in-law, their step links) is bucketed, and only persons whose reaches
//! meet can be related in any default set; those few pairs are classified.

use super::classify::Relation;
use super::describe::describe;
use super::graph::FamilyGraph;
use super::relations::{Kin, Lineage};
use super::sets::RelationSet;
use crate::division::DivisionCode;
use crate::finding::Subject;
use crate::finding::{
    Evidence, EvidenceStep, Finding, Message, ParamUse, PersonKey, RelationEvidence,
};
use crate::pack::{AvoidanceCase, AvoidanceRule, FallsOn, RulePack, Seats};
use crate::people::{Cell, cell_at};
use crate::roster::{Body, Roster, Status};
use crate::rules::Severity;
use chrono::NaiveDate;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

impl Seats {
    fn covers(&self, body: Option<Body>, status: Status) -> bool {
        body.is_some_and(|b| self.bodies.contains(&b)) && self.status.is_none_or(|s| s == status)
    }
}

impl AvoidanceRule {
    /// The case a pair in this orientation gives.
    fn case(&self, first: Status, second: Status) -> Option<&AvoidanceCase> {
        self.cases
            .iter()
            .find(|c| c.first.is_none_or(|s| s == first) && c.second.is_none_or(|s| s == second))
    }
}

/// A roster row as the rules read it.
#[derive(Debug, Clone, Copy)]
struct Seat {
    row: u32,
    kin: Option<Kin>,
    node: Option<u32>,
    body: Option<Body>,
    status: Status,
}

/// What the sets in use need of a person's reach: how many generations up, and whether near
/// in-laws count (which adds the spouses' ancestors and the children's parents-in-law).
#[derive(Debug, Clone, Copy)]
struct Reach {
    depth: u32,
    affinal: bool,
}

impl Reach {
    fn of(sets: &[&RelationSet]) -> Reach {
        Reach {
            depth: sets
                .iter()
                .map(|s| s.lineal_steps.max(u32::from(s.collateral_steps)))
                .max()
                .unwrap_or(0)
                .max(1),
            affinal: sets.iter().any(|s| s.near_affinal),
        }
    }

    /// Appends everyone whose reach a related person's reach must meet: two persons stand in
    /// a class of the sets only if their reaches share someone (see the module's notes).
    fn extend(self, g: &FamilyGraph, x: u32, out: &mut Vec<u32>) {
        let start = out.len();
        out.push(x);
        let full = |l: &&super::graph::Link| l.lineage != Lineage::Step;
        let ancestors = |v: u32, depth: u32, out: &mut Vec<u32>| {
            let mut lo = out.len();
            out.push(v);
            for _ in 0..depth {
                let hi = out.len();
                for i in lo..hi {
                    let f = out[i];
                    for l in g.parents(f).iter().filter(full) {
                        out.push(l.node);
                    }
                }
                lo = hi;
            }
        };
        ancestors(x, self.depth, out);
        for s in g.spouses(x) {
            out.push(s.node);
            if self.affinal {
                ancestors(s.node, 2, out);
            }
        }
        if self.affinal {
            for c in g.children(x).iter().filter(full) {
                for d in g.spouses(c.node) {
                    out.extend(g.parents(d.node).iter().filter(full).map(|l| l.node));
                }
            }
        }
        out.extend(
            g.parents(x)
                .iter()
                .filter(|l| l.lineage == Lineage::Step)
                .map(|l| l.node),
        );
        out[start..].sort_unstable();
        let mut w = start;
        for r in start..out.len() {
            if r == start || out[r] != out[w - 1] {
                out[w] = out[r];
                w += 1;
            }
        }
        out.truncate(w);
    }
}

/// The findings of every avoidance rule in force, as (roster row it falls on, finding), in
/// roster order. `subject` gives the person a roster row's finding is about.
pub(crate) fn avoidance_findings(
    roster: &Roster,
    graph: Option<&FamilyGraph>,
    pack: &RulePack,
    as_of: NaiveDate,
    subject: &dyn Fn(u32) -> Subject,
) -> Vec<(u32, Finding)> {
    let found: Vec<(&AvoidanceRule, Option<&RelationSet>)> = pack
        .avoidance
        .iter()
        .filter(|r| r.in_force(as_of))
        .filter_map(|r| match &r.set {
            None => Some((r, None)),
            Some(name) => pack
                .relation_sets
                .iter()
                .find(|s| &s.name == name && s.in_force(as_of))
                .map(|s| (r, Some(s))),
        })
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    // What every finding of a rule shares, made once.
    let rules: Vec<(&AvoidanceRule, Option<&RelationSet>, Shared)> = found
        .into_iter()
        .map(|(r, set)| (r, set, Shared::new(r, set)))
        .collect();
    let sets: Vec<&RelationSet> = rules.iter().filter_map(|(_, s, _)| *s).collect();
    let reach = Reach::of(&sets);
    // One classification per pair serves every rule: lineal lines as deep as any set needs.
    let depth = sets.iter().map(|s| s.depth()).max().unwrap_or(2);
    // Rows by unit and term, in order of first appearance.
    // Seats by unit and term; a roster lists a unit's rows together, so the last group is
    // looked at before the index.
    let mut groups: Vec<Vec<Seat>> = Vec::new();
    let mut group_of: BTreeMap<(DivisionCode, Option<u16>), usize> = BTreeMap::new();
    let mut last: Option<((DivisionCode, Option<u16>), usize)> = None;
    let kins: Vec<Option<Kin>> = roster
        .id
        .cells
        .iter()
        .map(|c| c.as_ref().ok().map(|id| Kin::Id(*id)))
        .collect();
    let nodes = graph.map_or_else(|| vec![None; kins.len()], |g| g.nodes_of(&kins));
    for r in 0..roster.id.len() {
        let Cell::Value(unit) = cell_at(&roster.unit_code, r) else {
            continue;
        };
        let seat = Seat {
            row: r as u32,
            kin: kins[r],
            node: nodes[r],
            body: cell_at(&roster.body, r).value(),
            status: cell_at(&roster.status, r)
                .value()
                .unwrap_or(Status::Candidate),
        };
        let key = (unit, cell_at(&roster.term, r).value());
        let g = match last {
            Some((k, g)) if k == key => g,
            _ => *group_of.entry(key).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            }),
        };
        last = Some((key, g));
        groups[g].push(seat);
    }
    // (row the finding is on, the other person, rule index, finding)
    let mut out: Vec<(u32, Other, usize, Finding)> = Vec::new();
    let mut done: HashSet<(usize, u32, u32)> = HashSet::new();
    // Per row and rule: the relatives given a finding each, and those beyond
    // MAX_RELATIVES_LISTED, which one finding counts (output linear in a family's size).
    let mut listed: HashMap<(u32, usize), HashSet<Other>> = HashMap::new();
    let mut surplus: BTreeMap<(u32, usize), Surplus> = BTreeMap::new();
    for seats in &groups {
        // Candidate pairs: the same person twice (AV-06), and persons whose reaches meet.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut by_kin: Vec<(Kin, usize)> = seats
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.kin.map(|k| (k, i)))
            .collect();
        by_kin.sort_unstable();
        for run in by_kin.chunk_by(|x, y| x.0 == y.0) {
            for (x, &(_, i)) in run.iter().enumerate() {
                pairs.extend(run[x + 1..].iter().map(|&(_, j)| (i.min(j), i.max(j))));
            }
        }
        if let Some(g) = graph {
            let mut nodes: Vec<u32> = Vec::new();
            let mut by_node: Vec<(u32, usize)> = Vec::new();
            for (i, s) in seats.iter().enumerate() {
                if let Some(n) = s.node {
                    nodes.clear();
                    reach.extend(g, n, &mut nodes);
                    by_node.extend(nodes.iter().map(|&m| (m, i)));
                }
            }
            by_node.sort_unstable();
            for run in by_node.chunk_by(|x, y| x.0 == y.0) {
                for (x, &(_, i)) in run.iter().enumerate() {
                    for &(_, j) in &run[x + 1..] {
                        if seats[i].kin != seats[j].kin {
                            pairs.push((i.min(j), i.max(j)));
                        }
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut relations: HashMap<(u32, u32), Relation> = HashMap::new();
        for (i, j) in pairs {
            let (si, sj) = (&seats[i], &seats[j]);
            let same = si.kin.is_some() && si.kin == sj.kin;
            for (k, (rule, set, shared)) in rules.iter().enumerate() {
                let symmetric = rule.first == rule.second;
                let orientations: &[(&Seat, &Seat)] = &[(si, sj), (sj, si)];
                for &(x, y) in orientations {
                    if !rule.first.covers(x.body, x.status) || !rule.second.covers(y.body, y.status)
                    {
                        continue;
                    }
                    let Some(case) = rule.case(x.status, y.status) else {
                        continue;
                    };
                    let relation = match (set, same, g_nodes(graph, x, y)) {
                        (None, true, _) => None,
                        (Some(set), false, Some((g, a, b))) => {
                            let rel = relations
                                .entry((a.min(b), a.max(b)))
                                .or_insert_with(|| g.relation_within(a, b, depth));
                            if !set.holds(rel) {
                                break;
                            }
                            Some((g, set, a, b))
                        }
                        _ => break,
                    };
                    let targets: &[(&Seat, &Seat)] = match case.on {
                        FallsOn::First => &[(x, y)],
                        FallsOn::Second => &[(y, x)],
                        FallsOn::Both => &[(x, y), (y, x)],
                    };
                    for &(on, other) in targets {
                        if !done.insert((k, on.row, other.row)) {
                            continue;
                        }
                        let o = other.kin.map_or(Other::Row(other.row), Other::Kin);
                        let these = listed.entry((on.row, k)).or_default();
                        if !these.contains(&o) && these.len() >= MAX_RELATIVES_LISTED {
                            let s = surplus.entry((on.row, k)).or_insert_with(|| Surplus {
                                on: *on,
                                set: *set,
                                severity: case.severity,
                                others: HashSet::new(),
                                rows: Vec::new(),
                            });
                            s.severity = s.severity.min(case.severity);
                            if s.others.insert(o) && s.rows.len() < MAX_RELATIVES_LISTED {
                                s.rows.push(other.row);
                            }
                            continue;
                        }
                        these.insert(o);
                        let ev = match relation {
                            None => None,
                            // Classified above, before the set was tested.
                            Some((g, set, a, b)) => relations
                                .get(&(a.min(b), a.max(b)))
                                .map(|rel| relation_evidence(g, rel, set, on.node == Some(rel.a))),
                        };
                        out.push((
                            on.row,
                            other.kin.map_or(Other::Row(other.row), Other::Kin),
                            k,
                            finding(
                                rule,
                                shared,
                                case.severity,
                                *set,
                                on,
                                other,
                                ev,
                                subject,
                                roster,
                            ),
                        ));
                    }
                    if symmetric {
                        break;
                    }
                }
            }
        }
    }
    for ((row, k), s) in surplus {
        if let Some((rule, _, shared)) = rules.get(k) {
            let f = surplus_finding(rule, shared, &s, subject, roster);
            out.push((row, Other::Row(u32::MAX), k, f));
        }
    }
    // By roster row (stable: a row's findings stay in rule order). One finding per row, rule
    // and relative: a relative with two rows (on the slate and elected) is one relation, and
    // its most severe case stands (AV-01: the elected member's, not the two candidates').
    out.sort_by_key(|(row, ..)| *row);
    let mut kept: Vec<(u32, Finding)> = Vec::with_capacity(out.len());
    let mut index: HashMap<(u32, Other, usize), usize> = HashMap::new();
    for (row, other, k, f) in out {
        match index.entry((row, other, k)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let i = *e.get();
                if f.severity < kept[i].1.severity {
                    kept[i].1 = f;
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(kept.len());
                kept.push((row, f));
            }
        }
    }
    kept
}

/// How many relatives of one person a rule names one by one on a unit's lists; the others
/// are counted in one more finding (1,000 siblings on one ballot give 1,000 × 21 findings,
/// not a million).
const MAX_RELATIVES_LISTED: usize = 20;

/// The relatives of one person beyond [`MAX_RELATIVES_LISTED`] under one rule.
struct Surplus<'p> {
    on: Seat,
    set: Option<&'p RelationSet>,
    /// The most severe case among them.
    severity: Severity,
    others: HashSet<Other>,
    /// The first of their rows.
    rows: Vec<u32>,
}

/// The finding that counts a person's relatives beyond those named one by one; its severity
/// is the most severe of theirs, so that the person's outcome is what naming them all gives.
fn surplus_finding(
    rule: &AvoidanceRule,
    shared: &Shared,
    s: &Surplus<'_>,
    subject: &dyn Fn(u32) -> Subject,
    roster: &Roster,
) -> Finding {
    let mut subj = subject(s.on.row);
    subj.roster_row = Some(s.on.row);
    subj.body = s.on.body;
    subj.role = cell_at(&roster.role, s.on.row as usize).value();
    let n = s.others.len();
    let (what_zh, what_en) = s.set.map_or(("同一人", "the same person"), |set| {
        (set.title_zh.as_str(), set.title_en.as_str())
    });
    let mut f = subj.finding(
        shared.code.clone(),
        s.severity,
        Message::Text {
            zh: format!(
                "{}：{}；另有{n}人与本人系{what_zh}，同在名单中（逐一列出的只有前{MAX_RELATIVES_LISTED}人）",
                rule.code, rule.title_zh
            )
            .into(),
            en: format!(
                "{}: {}; {n} more persons on the lists are this person's relatives ({what_en}); only the first {MAX_RELATIVES_LISTED} are named one by one",
                rule.code, rule.title_en
            )
            .into(),
        },
        shared.reference.clone(),
    );
    f.parameters = shared.parameters.clone();
    f.evidence = Some(Evidence::Rows {
        table: "roster",
        rows: s.rows.clone(),
    });
    if f.id_number.is_none() {
        f.id_number = s.on.kin.and_then(|k| match k {
            Kin::Id(id) => Some(PersonKey::Id(id)),
            Kin::Key(_) => None,
        });
    }
    f
}

/// The other person of a pair: by ID number or key, or by row when they have neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Other {
    Kin(Kin),
    Row(u32),
}

/// What every finding of one rule shares.
struct Shared {
    code: Arc<str>,
    reference: Arc<str>,
    parameters: Arc<[ParamUse]>,
}

impl Shared {
    fn new(rule: &AvoidanceRule, set: Option<&RelationSet>) -> Shared {
        Shared {
            code: Arc::from(rule.code.as_str()),
            reference: Arc::from(rule.reference.as_str()),
            parameters: match set {
                Some(set) => Arc::new([ParamUse {
                    name: "relation_set".into(),
                    value: set.name.clone(),
                    effective: set.from,
                    reference: set.reference.clone(),
                }]),
                None => Arc::new([]),
            },
        }
    }
}

fn g_nodes<'g>(
    graph: Option<&'g FamilyGraph>,
    x: &Seat,
    y: &Seat,
) -> Option<(&'g FamilyGraph, u32, u32)> {
    Some((graph?, x.node?, y.node?))
}

/// The evidence of a relation as seen from the person the finding is about.
struct RelationFacts {
    evidence: Evidence,
    description_zh: String,
    description_en: String,
}

fn relation_evidence(
    g: &FamilyGraph,
    rel: &Relation,
    set: &RelationSet,
    from_a: bool,
) -> RelationFacts {
    // The classes in the set; the path of the shortest, as seen from this person.
    let classes: Vec<&super::classify::KinClass> = rel
        .classes
        .iter()
        .filter(|c| set.contains(c.kind))
        .collect();
    let path = classes.iter().min_by_key(|c| c.path.len()).map(|c| {
        if from_a {
            c.path.clone()
        } else {
            c.path.reversed()
        }
    });
    let (zh, en) = path.as_ref().map(|p| describe(g, p)).unwrap_or_default();
    let term = path.as_ref().and_then(|p| super::naming::term_of(g, p));
    let steps = path
        .map(|p| {
            let mut v = vec![EvidenceStep {
                id_number: g.kin_text(p.from),
                edge: None,
                rows: vec![],
            }];
            v.extend(p.steps.iter().map(|s| EvidenceStep {
                id_number: g.kin_text(s.node),
                edge: Some(s.edge),
                rows: s.rows.clone(),
            }));
            v
        })
        .unwrap_or_default();
    RelationFacts {
        evidence: Evidence::Relation(Arc::new(RelationEvidence {
            table: "relations",
            classes: {
                let mut names: Vec<&'static str> = Vec::new();
                for c in &classes {
                    if !names.contains(&c.kind.name()) {
                        names.push(c.kind.name());
                    }
                }
                names
            },
            set: Arc::from(set.name.as_str()),
            description_zh: zh.clone(),
            description_en: en.clone(),
            term_zh: term.as_ref().map(|t| t.zh.clone()),
            term_en: term.as_ref().map(|t| t.en.clone()),
            path: steps,
        })),
        // The message names the relative by the standard term (岳父) where there is one; the
        // evidence keeps the path (妻子的父亲).
        description_zh: term.as_ref().map_or(zh, |t| t.zh.clone()),
        description_en: term.map_or(en, |t| t.en),
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    rule: &AvoidanceRule,
    shared: &Shared,
    severity: Severity,
    set: Option<&RelationSet>,
    on: &Seat,
    other: &Seat,
    facts: Option<RelationFacts>,
    subject: &dyn Fn(u32) -> Subject,
    roster: &Roster,
) -> Finding {
    let mut s = subject(on.row);
    s.roster_row = Some(on.row);
    s.body = on.body;
    s.role = cell_at(&roster.role, on.row as usize).value();
    let other_id = other
        .kin
        .map(|k| match k {
            Kin::Id(id) => id.masked(),
            Kin::Key(_) => "—".into(),
        })
        .unwrap_or_else(|| "—".into());
    let other_body_zh = other.body.map_or("—", Body::label_zh);
    let other_body_en = other.body.map_or("—", Body::as_str);
    let (zh, en, evidence) = match (facts, set) {
        (Some(f), Some(set)) => (
            format!(
                "{}：{}；与{other_body_zh}成员{other_id}系{}（{}）",
                rule.code, rule.title_zh, f.description_zh, set.title_zh
            ),
            format!(
                "{}: {}; {other_id} ({other_body_en}) is this person's {} ({})",
                rule.code, rule.title_en, f.description_en, set.title_en
            ),
            Some(f.evidence),
        ),
        _ => (
            format!(
                "{}：{}；本人同时任{other_body_zh}{}",
                rule.code,
                rule.title_zh,
                other.status.label_zh()
            ),
            format!(
                "{}: {}; the same person is also {} of {other_body_en}",
                rule.code,
                rule.title_en,
                other.status.as_str()
            ),
            Some(Evidence::Rows {
                table: "roster",
                rows: vec![on.row.min(other.row), on.row.max(other.row)],
            }),
        ),
    };
    let mut f = s.finding(
        shared.code.clone(),
        severity,
        Message::Text {
            zh: zh.into(),
            en: en.into(),
        },
        shared.reference.clone(),
    );
    f.parameters = shared.parameters.clone();
    f.evidence = evidence;
    if f.id_number.is_none() {
        f.id_number = on.kin.and_then(|k| match k {
            Kin::Id(id) => Some(PersonKey::Id(id)),
            Kin::Key(_) => None,
        });
    }
    f
}
