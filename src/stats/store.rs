//! The figures of a report held group by group: one head per group (level, code, name, kind),
//! one list of figure keys per distinct layout (every group of a run reports the same figures
//! in the same order), and per figure only its numerator and denominator — 16 bytes a figure
//! instead of a whole [`Figure`] (64), so that a province's 13 million figures stay small and
//! the tables built from them copy whole groups at a time. Pieces made apart (one per thread)
//! are joined without copying: each stays a segment of its own.

use super::{Figure, KindFilter};
use crate::division::{DivisionCode, Level};
use serde::{Serialize, Serializer};
use std::ops::Range;
use std::sync::Arc;

/// What a group's figures share: its level, code, name and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GroupHead {
    /// The level of the group (`unit` for a unit).
    pub level: Level,
    /// The group's code.
    pub code: DivisionCode,
    /// Its name, when the division table (or the units table) knows it.
    pub name: Option<Arc<str>>,
    /// Which units.
    pub kind: KindFilter,
}

impl GroupHead {
    /// The head of a group.
    pub fn new(
        level: Level,
        code: DivisionCode,
        name: Option<Arc<str>>,
        kind: KindFilter,
    ) -> GroupHead {
        GroupHead {
            level,
            code,
            name,
            kind,
        }
    }

    fn of(f: &Figure) -> GroupHead {
        GroupHead::new(f.level, f.code, f.name.clone(), f.kind)
    }

    fn holds(&self, f: &Figure) -> bool {
        self.level == f.level && self.code == f.code && self.kind == f.kind && self.name == f.name
    }
}

#[derive(Debug, Clone)]
struct Group {
    head: GroupHead,
    /// The position of its keys in `Figures::layouts`.
    layout: usize,
    /// Its first figure's row in its segment.
    start: usize,
}

/// Groups and their numbers made in one piece.
#[derive(Debug, Clone, Default)]
struct Segment {
    groups: Vec<Group>,
    num: Vec<u64>,
    den: Vec<u64>,
}

/// The figures of a report, group by group, in the order they were added.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    layouts: Vec<Vec<&'static str>>,
    /// The segments (never empty ones), and the position of each one's first group.
    segments: Vec<Segment>,
    firsts: Vec<usize>,
    groups: usize,
    figures: usize,
}

/// One group's figures, borrowed: the keys, numerators and denominators are parallel.
#[derive(Debug, Clone, Copy)]
pub struct GroupFigures<'a> {
    /// What the figures share.
    pub head: &'a GroupHead,
    /// The figures' keys.
    pub keys: &'a [&'static str],
    /// Their numerators.
    pub num: &'a [u64],
    /// Their denominators.
    pub den: &'a [u64],
    /// Which layout the keys are (groups of one layout have the same keys): work done once per
    /// layout can be kept by this number.
    pub layout: usize,
}

impl GroupFigures<'_> {
    /// The figure at `i` of the group.
    pub fn figure(&self, i: usize) -> Option<Figure> {
        Some(Figure {
            level: self.head.level,
            code: self.head.code,
            name: self.head.name.clone(),
            kind: self.head.kind,
            figure: self.keys.get(i).copied()?,
            num: self.num.get(i).copied()?,
            den: self.den.get(i).copied()?,
        })
    }
}

impl Figures {
    /// Room for `groups` groups of `figures` figures in all.
    pub fn with_capacity(groups: usize, figures: usize) -> Figures {
        Figures {
            layouts: Vec::new(),
            segments: vec![Segment {
                groups: Vec::with_capacity(groups),
                num: Vec::with_capacity(figures),
                den: Vec::with_capacity(figures),
            }],
            firsts: vec![0],
            groups: 0,
            figures: 0,
        }
    }

    /// The position of these keys among the layouts, added when new (the last group's layout
    /// is tried first: groups follow one another with the same keys).
    fn layout_of(&mut self, keys: impl Iterator<Item = &'static str> + Clone) -> usize {
        let same = |l: &Vec<&'static str>| {
            l.len() == keys.clone().count()
                && l.iter()
                    .zip(keys.clone())
                    .all(|(a, b)| std::ptr::eq(*a, b) || *a == b)
        };
        if let Some(last) = self.segments.last().and_then(|s| s.groups.last())
            && self.layouts.get(last.layout).is_some_and(same)
        {
            return last.layout;
        }
        if let Some(i) = self.layouts.iter().position(same) {
            return i;
        }
        self.layouts.push(keys.collect());
        self.layouts.len() - 1
    }

    /// Adds a group and its figures (key, numerator, denominator); a group without figures adds
    /// nothing.
    pub fn push_group(&mut self, head: GroupHead, figures: &[(&'static str, u64, u64)]) {
        if figures.is_empty() {
            return;
        }
        let layout = self.layout_of(figures.iter().map(|f| f.0));
        if self.segments.is_empty() {
            self.segments.push(Segment::default());
            self.firsts.push(0);
        }
        let Some(segment) = self.segments.last_mut() else {
            return;
        };
        segment.groups.push(Group {
            head,
            layout,
            start: segment.num.len(),
        });
        segment.num.extend(figures.iter().map(|f| f.1));
        segment.den.extend(figures.iter().map(|f| f.2));
        self.groups += 1;
        self.figures += figures.len();
    }

    /// The figures of several pieces, one after another: each piece's segments are taken
    /// whole (nothing is copied but the lists of keys).
    pub fn concat(pieces: Vec<Figures>) -> Figures {
        let mut out = Figures::default();
        for p in pieces {
            let layouts: Vec<usize> = p
                .layouts
                .iter()
                .map(|l| out.layout_of(l.iter().copied()))
                .collect();
            let same = layouts.iter().enumerate().all(|(i, &l)| i == l);
            for mut segment in p.segments {
                if segment.groups.is_empty() {
                    continue;
                }
                if !same {
                    for g in &mut segment.groups {
                        g.layout = layouts.get(g.layout).copied().unwrap_or(g.layout);
                    }
                }
                out.firsts.push(out.groups);
                out.groups += segment.groups.len();
                out.figures += segment.num.len();
                out.segments.push(segment);
            }
        }
        out
    }

    /// How many figures.
    pub fn len(&self) -> usize {
        self.figures
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.figures == 0
    }

    /// How many groups.
    pub fn group_count(&self) -> usize {
        self.groups
    }

    /// The group at `i`.
    pub fn group(&self, i: usize) -> Option<GroupFigures<'_>> {
        // the last segment whose first group is at or before `i`
        let s = self.firsts.partition_point(|&f| f <= i).checked_sub(1)?;
        let segment = self.segments.get(s)?;
        let g = segment.groups.get(i - self.firsts.get(s)?)?;
        let keys = self.layouts.get(g.layout)?;
        let rows = g.start..g.start + keys.len();
        Some(GroupFigures {
            head: &g.head,
            keys,
            num: segment.num.get(rows.clone())?,
            den: segment.den.get(rows)?,
            layout: g.layout,
        })
    }

    /// The groups, in order.
    pub fn groups(&self) -> impl Iterator<Item = GroupFigures<'_>> + '_ {
        self.groups_in(0..self.groups)
    }

    /// The groups at `range`, in order.
    pub fn groups_in(&self, range: Range<usize>) -> impl Iterator<Item = GroupFigures<'_>> + '_ {
        let range = range.start.min(self.groups)..range.end.min(self.groups);
        range.filter_map(|i| self.group(i))
    }

    /// How many distinct layouts (lists of keys) the groups have.
    pub fn layout_count(&self) -> usize {
        self.layouts.len()
    }

    /// The groups cut into consecutive ranges of about `figures` figures each (a group is never
    /// cut), for writing a chunk at a time.
    pub fn chunks(&self, figures: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let (mut start, mut rows) = (0, 0usize);
        let all = self.segments.iter().flat_map(|s| &s.groups);
        for (i, g) in all.enumerate() {
            rows += self.layouts.get(g.layout).map_or(0, Vec::len);
            if rows >= figures.max(1) {
                out.push(start..i + 1);
                (start, rows) = (i + 1, 0);
            }
        }
        if start < self.groups {
            out.push(start..self.groups);
        }
        out
    }

    /// How many figures the groups at `range` hold.
    pub fn figures_in(&self, range: Range<usize>) -> usize {
        self.groups_in(range).map(|g| g.num.len()).sum()
    }

    /// Each figure, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            figures: self,
            group: 0,
            current: self.group(0),
            row: 0,
        }
    }

    /// The figures one by one.
    pub fn to_vec(&self) -> Vec<Figure> {
        self.iter().collect()
    }

    /// Keeps the figures `keep` holds to.
    pub fn retain(&mut self, mut keep: impl FnMut(&Figure) -> bool) {
        let mut out = Figures::with_capacity(self.groups, self.len());
        let mut kept = Vec::new();
        for g in self.groups() {
            kept.clear();
            for i in 0..g.keys.len() {
                if let Some(f) = g.figure(i)
                    && keep(&f)
                {
                    kept.push((f.figure, f.num, f.den));
                }
            }
            out.push_group(g.head.clone(), &kept);
        }
        *self = out;
    }
}

impl From<Vec<Figure>> for Figures {
    /// Figures one by one; consecutive figures of one group make a group.
    fn from(figures: Vec<Figure>) -> Figures {
        let mut out = Figures::with_capacity(0, figures.len());
        let mut run: Vec<(&'static str, u64, u64)> = Vec::new();
        let mut head: Option<GroupHead> = None;
        for f in &figures {
            if let Some(h) = &head
                && !h.holds(f)
            {
                out.push_group(h.clone(), &run);
                run.clear();
                head = None;
            }
            if head.is_none() {
                head = Some(GroupHead::of(f));
            }
            run.push((f.figure, f.num, f.den));
        }
        if let Some(h) = head {
            out.push_group(h, &run);
        }
        out
    }
}

impl FromIterator<Figure> for Figures {
    fn from_iter<I: IntoIterator<Item = Figure>>(iter: I) -> Figures {
        Figures::from(iter.into_iter().collect::<Vec<_>>())
    }
}

/// The figures of [`Figures`], one by one.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    figures: &'a Figures,
    /// The group at hand and its position; the next figure's row in it.
    group: usize,
    current: Option<GroupFigures<'a>>,
    row: usize,
}

impl Iterator for Iter<'_> {
    type Item = Figure;

    fn next(&mut self) -> Option<Figure> {
        loop {
            if let Some(f) = self.current.as_ref()?.figure(self.row) {
                self.row += 1;
                return Some(f);
            }
            self.group += 1;
            self.row = 0;
            self.current = self.figures.group(self.group);
        }
    }
}

impl<'a> IntoIterator for &'a Figures {
    type Item = Figure;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl PartialEq for Figures {
    fn eq(&self, other: &Figures) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Figures {}

impl Serialize for Figures {
    /// A list of figures, as [`Figure`] serializes.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(code: &str, kind: KindFilter, figure: &'static str, num: u64) -> Figure {
        Figure {
            level: Level::County,
            code: DivisionCode::parse(code).unwrap(),
            name: None,
            kind,
            figure,
            num,
            den: num + 1,
        }
    }

    #[test]
    fn figures_come_back_as_given_and_share_layouts() {
        let given = vec![
            f("640104", KindFilter::All, "units", 1),
            f("640104", KindFilter::All, "women", 2),
            f("640104", KindFilter::Village, "units", 3),
            f("640104", KindFilter::Village, "women", 4),
            f("640121", KindFilter::All, "women", 5),
        ];
        let store = Figures::from(given.clone());
        assert_eq!(store.to_vec(), given);
        assert_eq!((store.group_count(), store.layout_count()), (3, 2));
        let halves = Figures::concat(vec![
            Figures::from(given[..3].to_vec()),
            Figures::from(given[3..].to_vec()),
        ]);
        // A group cut in two stays two groups; the figures are the same.
        assert_eq!(halves.to_vec(), given);
        assert_eq!(halves, Figures::from(given.clone()));
        let mut kept = store.clone();
        kept.retain(|x| x.figure == "women");
        assert_eq!(
            kept.to_vec(),
            vec![given[1].clone(), given[3].clone(), given[4].clone()]
        );
        assert_eq!(store.chunks(3), vec![0..2, 2..3]);
        assert_eq!(store.figures_in(0..2), 4);
    }
}
