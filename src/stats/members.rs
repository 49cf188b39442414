//! The elected members of a term as the statistics read them: each unit's two-committee
//! members (party committee, village or residents' committee), one entry per person, units in
//! code order and persons in ID order; and what `people` and the previous term say of each
//! entry's person, joined by sorting both sides by ID — millions of persons are never looked up
//! one by one in a map.

use super::{StatsReport, UnreadableCells};
use crate::cells::Cell;
use crate::division::DivisionCode;
use crate::hash::{IdMap, IdSet};
use crate::people::{People, cell_at};
use crate::person::Education;
use crate::roster::{Body, Role, Roster, Status};
use std::ops::Range;

/// One person's part in one unit's committees.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Part {
    pub(super) party: bool,
    pub(super) committee: bool,
    pub(super) secretary: bool,
    pub(super) director: bool,
    /// Secretary and director of the same unit (一肩挑); kept apart from the two roles so
    /// that a person who is secretary in one unit and director in another is not counted.
    pub(super) one_shoulder: bool,
    /// Receives the members' allowance (享受补贴): yes on any row, else no on any row.
    pub(super) subsidised: Option<bool>,
    /// The backgrounds (bits over the pack's) the rows name, and whether a row's cell could
    /// not be read (then the person's background is unknown).
    pub(super) background: u32,
    pub(super) background_bad: bool,
}

impl Part {
    /// The person's part with another row's or unit's.
    pub(super) fn merge(&mut self, o: Part) {
        self.party |= o.party;
        self.committee |= o.committee;
        self.secretary |= o.secretary;
        self.director |= o.director;
        self.one_shoulder |= o.one_shoulder;
        self.subsidised = match (self.subsidised, o.subsidised) {
            (Some(a), Some(b)) => Some(a || b),
            (a, b) => a.or(b),
        };
        self.background |= o.background;
        self.background_bad |= o.background_bad;
    }
}

/// What is known of a person besides their part: `people`'s first row for them, and whether
/// they sat in the previous term.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct PersonFacts {
    pub(super) education: Option<Education>,
    /// A CPC member, probationary included (`None`: the party cell is empty or unreadable).
    pub(super) cpc: Option<bool>,
    /// Of a group other than 汉族 (`None`: the ethnicity cell is empty or unreadable).
    pub(super) minority: Option<bool>,
    /// A member of the previous term's two committees.
    pub(super) re_elected: bool,
}

/// The two-committee members of a term: units sorted by code, each with its persons sorted by
/// ID, one entry per person and unit.
#[derive(Debug, Default)]
pub(super) struct Members {
    /// Each unit and its entries.
    pub(super) units: Vec<(DivisionCode, Range<usize>)>,
    /// Each entry's person (the ID number as `u64`).
    pub(super) ids: Vec<u64>,
    /// Each entry's part.
    pub(super) parts: Vec<Part>,
}

impl Members {
    /// The entries of the unit `code` (none when it has no members).
    pub(super) fn of(&self, code: DivisionCode) -> Range<usize> {
        self.units
            .binary_search_by_key(&code, |u| u.0)
            .ok()
            .and_then(|i| self.units.get(i))
            .map_or(0..0, |u| u.1.clone())
    }

    /// The persons, once each, sorted.
    pub(super) fn persons(&self) -> Vec<u64> {
        let mut all = self.ids.clone();
        crate::par::sort_unstable(&mut all);
        all.dedup();
        all
    }
}

/// A member's row: its unit, person and part.
#[derive(Debug, Clone, Copy)]
struct MemberRow {
    unit: DivisionCode,
    id: u64,
    part: Part,
}

/// What the rows of a range left out or could not read.
#[derive(Debug, Clone, Copy, Default)]
struct LeftOut {
    invalid_id: u64,
    no_unit: u64,
    bad_subsidised: u64,
    bad_background: u64,
}

/// The two-committee members (party committee, village or residents' committee) of `roster`,
/// with their allowance and backgrounds (`backgrounds`: the backgrounds each distinct text of
/// the `background` column names, `None` where a part names none); the rows left out, and the
/// unreadable cells of those two columns on members' rows, are counted in `report`.
pub(super) fn members(
    roster: &Roster,
    term: Option<u16>,
    backgrounds: &[Option<u32>],
    report: &mut StatsReport,
) -> Members {
    let pieces = crate::par::map_ranges(roster.len(), |rows| {
        member_rows(roster, rows, term, backgrounds)
    });
    let mut left = LeftOut::default();
    for (_, l) in &pieces {
        left.invalid_id += l.invalid_id;
        left.no_unit += l.no_unit;
        left.bad_subsidised += l.bad_subsidised;
        left.bad_background += l.bad_background;
    }
    report.skipped_invalid_id += left.invalid_id;
    report.skipped_no_unit += left.no_unit;
    for (column, cells) in [
        ("subsidised", left.bad_subsidised),
        ("background", left.bad_background),
    ] {
        if cells > 0 {
            report.unreadable.push(UnreadableCells {
                table: "roster",
                column: roster.header(column),
                cells,
            });
        }
    }
    let rows: Vec<Vec<MemberRow>> = pieces.into_iter().map(|p| p.0).collect();
    group_by_unit(&rows)
}

/// The members' rows among `rows` of the roster.
fn member_rows(
    roster: &Roster,
    rows: Range<usize>,
    term: Option<u16>,
    backgrounds: &[Option<u32>],
) -> (Vec<MemberRow>, LeftOut) {
    let mut out = Vec::with_capacity(rows.len());
    let mut left = LeftOut::default();
    for row in rows {
        if cell_at(&roster.status, row).value() != Some(Status::Elected) {
            continue;
        }
        if term.is_some() && cell_at(&roster.term, row).value() != term {
            continue;
        }
        let Some(body) = cell_at(&roster.body, row).value() else {
            continue;
        };
        let party = body == Body::PartyCommittee;
        let committee = matches!(body, Body::VillageCommittee | Body::ResidentsCommittee);
        if !party && !committee {
            continue;
        }
        let Some(Ok(id)) = roster.id.cells.get(row) else {
            left.invalid_id += 1;
            continue;
        };
        let Some(unit) = cell_at(&roster.unit_code, row).value() else {
            left.no_unit += 1;
            continue;
        };
        let role = cell_at(&roster.role, row).value();
        let subsidised = cell_at(&roster.subsidised, row);
        left.bad_subsidised += u64::from(subsidised == Cell::Invalid);
        let background = match roster.background.codes.get(row) {
            None | Some(0) => Some(0),
            Some(&c) => backgrounds
                .get(usize::try_from(c).unwrap_or(usize::MAX).wrapping_sub(1))
                .copied()
                .flatten(),
        };
        left.bad_background += u64::from(background.is_none());
        out.push(MemberRow {
            unit,
            id: id.to_u64(),
            part: Part {
                party,
                committee,
                secretary: party && role == Some(Role::Secretary),
                director: committee && role == Some(Role::Director),
                one_shoulder: false,
                subsidised: subsidised.value(),
                background: background.unwrap_or(0),
                background_bad: background.is_none(),
            },
        });
    }
    (out, left)
}

/// The rows grouped by unit in code order, each unit's persons sorted and merged. Rosters
/// come grouped by unit: the runs of rows of one unit are put in order, not the rows; rows in
/// any order are counted into place.
fn group_by_unit(pieces: &[Vec<MemberRow>]) -> Members {
    let n: usize = pieces.iter().map(Vec::len).sum();
    // (code, piece, start, end) of each run of rows of one unit
    let mut runs: Vec<(DivisionCode, usize, usize, usize)> = Vec::new();
    for (p, rows) in pieces.iter().enumerate() {
        let mut start = 0;
        for (i, w) in rows.windows(2).enumerate() {
            if w[0].unit != w[1].unit {
                runs.push((w[0].unit, p, start, i + 1));
                start = i + 1;
            }
            if runs.len() > n / 4 + 64 {
                return by_counting(pieces);
            }
        }
        if let Some(last) = rows.last() {
            runs.push((last.unit, p, start, rows.len()));
        }
    }
    // by code, then in row order
    runs.sort_unstable();
    let mut out = Members::with_capacity(runs.len(), n);
    let mut unit: Vec<(u64, Part)> = Vec::new();
    let mut i = 0;
    while let Some(&(code, ..)) = runs.get(i) {
        unit.clear();
        while let Some(&(c, p, a, b)) = runs.get(i)
            && c == code
        {
            let rows = pieces.get(p).and_then(|r| r.get(a..b)).unwrap_or_default();
            unit.extend(rows.iter().map(|r| (r.id, r.part)));
            i += 1;
        }
        out.push_unit(code, &mut unit);
    }
    out
}

/// [`group_by_unit`] of rows in any order: a counting sort (one pass to count, one to place).
fn by_counting(pieces: &[Vec<MemberRow>]) -> Members {
    let all = || pieces.iter().flatten();
    // Each row's unit as a position among the units met (rows of one unit mostly follow one
    // another: the last unit is tried first).
    let mut codes: Vec<DivisionCode> = Vec::new();
    let mut unit_at: std::collections::HashMap<
        DivisionCode,
        usize,
        std::hash::BuildHasherDefault<crate::hash::IdHasher>,
    > = std::collections::HashMap::default();
    let mut last: Option<(DivisionCode, usize)> = None;
    let unit_of: Vec<usize> = all()
        .map(|r| match last {
            Some((code, i)) if code == r.unit => i,
            _ => {
                let next = codes.len();
                let i = *unit_at.entry(r.unit).or_insert(next);
                if i == next {
                    codes.push(r.unit);
                }
                last = Some((r.unit, i));
                i
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..codes.len()).collect();
    order.sort_unstable_by_key(|&i| codes.get(i).copied());
    let mut rank = vec![0usize; codes.len()];
    for (r, &i) in order.iter().enumerate() {
        if let Some(x) = rank.get_mut(i) {
            *x = r;
        }
    }
    let rank_of = |unit: usize| rank.get(unit).copied().unwrap_or(0);
    // Where each unit's rows start, by rank.
    let mut start = vec![0usize; codes.len() + 1];
    for &u in &unit_of {
        if let Some(n) = start.get_mut(rank_of(u) + 1) {
            *n += 1;
        }
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut placed: Vec<(u64, Part)> = vec![(0, Part::default()); unit_of.len()];
    let mut next = start.clone();
    for (r, &u) in all().zip(&unit_of) {
        if let Some(at) = next.get_mut(rank_of(u)) {
            if let Some(slot) = placed.get_mut(*at) {
                *slot = (r.id, r.part);
            }
            *at += 1;
        }
    }
    let mut out = Members::with_capacity(codes.len(), placed.len());
    for (r, &i) in order.iter().enumerate() {
        let (Some(&code), Some(&a), Some(&b)) = (codes.get(i), start.get(r), start.get(r + 1))
        else {
            continue;
        };
        if let Some(unit) = placed.get_mut(a..b) {
            out.push_unit(code, unit);
        }
    }
    out
}

impl Members {
    fn with_capacity(units: usize, entries: usize) -> Members {
        Members {
            units: Vec::with_capacity(units),
            ids: Vec::with_capacity(entries),
            parts: Vec::with_capacity(entries),
        }
    }

    /// Adds a unit (after those added) with its rows: sorted by person, one entry per person.
    fn push_unit(&mut self, code: DivisionCode, rows: &mut [(u64, Part)]) {
        rows.sort_unstable_by_key(|x| x.0);
        let first = self.ids.len();
        for &(id, part) in rows.iter() {
            match (self.ids.last(), self.parts.last_mut()) {
                (Some(&prev), Some(p)) if prev == id && self.ids.len() > first => p.merge(part),
                _ => {
                    self.ids.push(id);
                    self.parts.push(part);
                }
            }
        }
        self.units.push((code, first..self.ids.len()));
    }
}

/// Each entry's facts — `people`'s first row for its person, and whether the person is among
/// `previous` (sorted, distinct) — and whether its person is an entry of another unit too.
/// Both sides are sorted by ID and walked together.
pub(super) fn person_facts(
    members: &Members,
    people: &People,
    previous: Option<&[u64]>,
) -> (Vec<PersonFacts>, Vec<bool>) {
    let mut by_id: Vec<(u64, usize)> = members.ids.iter().copied().zip(0..).collect();
    let mut rows: Vec<(u64, usize)> = people
        .id
        .cells
        .iter()
        .enumerate()
        .filter_map(|(r, c)| c.as_ref().ok().map(|id| (id.to_u64(), r)))
        .collect();
    crate::par::join(
        || crate::par::sort_unstable(&mut by_id),
        || crate::par::sort_unstable(&mut rows),
    );
    let mut facts = vec![PersonFacts::default(); members.ids.len()];
    let mut multi = vec![false; members.ids.len()];
    let (mut p, mut q) = (0usize, 0usize);
    let mut i = 0;
    while let Some(&(id, _)) = by_id.get(i) {
        let mut end = i + 1;
        while by_id.get(end).is_some_and(|x| x.0 == id) {
            end += 1;
        }
        // people's first row for the person (rows sorted by ID, then row)
        while rows.get(p).is_some_and(|x| x.0 < id) {
            p += 1;
        }
        let mut f = match rows.get(p) {
            Some(&(pid, r)) if pid == id => of_row(people, r),
            _ => PersonFacts::default(),
        };
        if let Some(prev) = previous {
            while prev.get(q).is_some_and(|&x| x < id) {
                q += 1;
            }
            f.re_elected = prev.get(q) == Some(&id);
        }
        for &(_, e) in by_id.get(i..end).unwrap_or_default() {
            if let Some(x) = facts.get_mut(e) {
                *x = f;
            }
            if let Some(m) = multi.get_mut(e) {
                *m = end - i > 1;
            }
        }
        i = end;
    }
    (facts, multi)
}

/// What `people`'s row `r` says of its person.
fn of_row(people: &People, r: usize) -> PersonFacts {
    PersonFacts {
        education: cell_at(&people.education, r).value(),
        cpc: cell_at(&people.party, r).value().map(|p| {
            matches!(
                p,
                crate::person::Party::CpcMember | crate::person::Party::CpcProbationary
            )
        }),
        minority: cell_at(&people.ethnicity, r)
            .value()
            .map(|e| e.is_minority()),
        re_elected: false,
    }
}

/// Per unit: whether it has an elected supervision committee, and its elected group leaders.
pub(super) type Others = std::collections::BTreeMap<DivisionCode, (bool, IdSet)>;

/// The elected supervision-committee members and group leaders (村民小组长) of `roster`.
pub(super) fn others(roster: &Roster, term: Option<u16>) -> Others {
    let mut out = Others::new();
    for row in 0..roster.len() {
        if cell_at(&roster.status, row).value() != Some(Status::Elected)
            || (term.is_some() && cell_at(&roster.term, row).value() != term)
        {
            continue;
        }
        let (Some(body), Some(Ok(id)), Some(unit)) = (
            cell_at(&roster.body, row).value(),
            roster.id.cells.get(row),
            cell_at(&roster.unit_code, row).value(),
        ) else {
            continue;
        };
        match body {
            Body::SupervisionCommittee => out.entry(unit).or_default().0 = true,
            Body::Group if cell_at(&roster.role, row).value() == Some(Role::Leader) => {
                out.entry(unit).or_default().1.insert(id.to_u64());
            }
            _ => {}
        }
    }
    out
}

/// How many units each group leader leads (a leader of two units counts once in a group).
pub(super) fn leads(others: &Others) -> IdMap<u32> {
    let mut out: IdMap<u32> = IdMap::default();
    for e in others.values() {
        for id in &e.1 {
            *out.entry(*id).or_default() += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(unit: u64, id: u64, secretary: bool) -> MemberRow {
        MemberRow {
            unit: DivisionCode::parse(&format!("640104100{unit:03}")).unwrap(),
            id,
            part: Part {
                party: true,
                secretary,
                ..Part::default()
            },
        }
    }

    fn entries(m: &Members) -> Vec<(DivisionCode, u64, bool)> {
        m.units
            .iter()
            .flat_map(|(code, r)| r.clone().map(move |i| (*code, i)))
            .map(|(code, i)| (code, m.ids[i], m.parts[i].secretary))
            .collect()
    }

    #[test]
    fn sorted_and_shuffled_rows_give_the_same_members() {
        // A person twice in a unit (merged), a person in two units, units out of order.
        let shuffled = vec![
            vec![row(202, 7, false), row(201, 9, false), row(202, 5, false)],
            vec![row(201, 7, true), row(202, 7, true), row(203, 1, false)],
        ];
        let mut sorted: Vec<MemberRow> = shuffled.iter().flatten().copied().collect();
        sorted.sort_by_key(|r| r.unit);
        // grouped rows (a unit's rows cut across two pieces): by runs
        let by_runs = group_by_unit(&[sorted[..3].to_vec(), sorted[3..].to_vec()]);
        let by_count = by_counting(&shuffled);
        assert_eq!(entries(&by_runs), entries(&by_count));
        assert_eq!(entries(&group_by_unit(&shuffled)), entries(&by_count));
        // many short runs: counted
        let scattered: Vec<MemberRow> = (0..40).map(|i| row(200 + i % 4, i, false)).collect();
        let mut grouped = scattered.clone();
        grouped.sort_by_key(|r| r.unit);
        assert_eq!(
            entries(&group_by_unit(&[scattered])),
            entries(&group_by_unit(&[grouped]))
        );
        let want: Vec<(u64, u64, bool)> = vec![
            (201, 7, true),
            (201, 9, false),
            (202, 5, false),
            (202, 7, true),
            (203, 1, false),
        ];
        let got: Vec<(u64, u64, bool)> = entries(&by_count)
            .into_iter()
            .map(|(c, id, s)| (c.to_string()[9..].parse().unwrap(), id, s))
            .collect();
        assert_eq!(got, want);
        assert_eq!(
            by_runs.of(DivisionCode::parse("640104100202").unwrap()),
            2..4
        );
        assert_eq!(
            by_runs.of(DivisionCode::parse("640104100299").unwrap()),
            0..0
        );
    }
}
