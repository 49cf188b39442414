//! A figure of this term beside the previous term's: the change in points and relative,
//! and 两升一降.

use super::{KindFilter, StatsReport, is_count, is_least, is_share};
use crate::division::{DivisionCode, Level};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A figure of this term next to the previous term's (docs/domain.md §8: the change in percentage
/// points and as a relative change, both labelled; the previous term's ages on its own day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The level.
    pub level: Level,
    /// The group.
    pub code: DivisionCode,
    /// Which units.
    pub kind: KindFilter,
    /// The figure.
    pub figure: &'static str,
    /// This term: (num, den).
    pub current: (u64, u64),
    /// The previous term: (num, den).
    pub previous: (u64, u64),
}

/// A signed exact quotient printed half away from zero with `decimals` places and a sign.
fn signed_text(num: i128, den: i128, decimals: u32) -> Option<String> {
    if den == 0 {
        return None;
    }
    let p = 10i128.checked_pow(decimals)?;
    let (n, d) = (num.checked_mul(p)?.abs(), den.abs());
    let v = (n * 2 + d) / (2 * d);
    let sign = if v == 0 {
        ""
    } else if (num < 0) != (den < 0) {
        "-"
    } else {
        "+"
    };
    Some(if decimals == 0 {
        format!("{sign}{v}")
    } else {
        format!(
            "{sign}{}.{:0width$}",
            v / p,
            v % p,
            width = decimals as usize
        )
    })
}

impl Change {
    fn difference(&self) -> Option<(i128, i128)> {
        let (n1, d1) = (i128::from(self.current.0), i128::from(self.current.1));
        let (n0, d0) = (i128::from(self.previous.0), i128::from(self.previous.1));
        (d1 != 0 && d0 != 0).then(|| (n1 * d0 - n0 * d1, d1 * d0))
    }
    /// Whether the figure is a share (the change is in percentage points), not a mean, a
    /// count or a least value.
    pub fn is_share(&self) -> bool {
        is_share(self.figure)
    }
    /// Whether the change is that of the numerators: a count, or a least value (given on both
    /// sides).
    fn of_numerators(&self) -> Option<bool> {
        if is_count(self.figure) {
            Some(true)
        } else if is_least(self.figure) {
            (self.current.1 > 0 && self.previous.1 > 0).then_some(true)
        } else {
            Some(false)
        }
    }
    /// The change in head count (persons, or units) of a share or a count: this term's
    /// numerator less the previous term's ("women +320" beside "+1.2 points"); `None` for a
    /// mean or a least value.
    pub fn head_count_change(&self) -> Option<i128> {
        (self.is_share() || is_count(self.figure))
            .then(|| i128::from(self.current.0) - i128::from(self.previous.0))
    }
    /// The change: in percentage points for a share ("+1.2"), in the figure's own unit for a
    /// mean, a count or a least value.
    pub fn change_text(&self, decimals: u32) -> Option<String> {
        if self.of_numerators()? {
            return signed_text(
                i128::from(self.current.0) - i128::from(self.previous.0),
                1,
                0,
            );
        }
        let (n, d) = self.difference()?;
        let scale = if self.is_share() { 100 } else { 1 };
        signed_text(n * scale, d, decimals)
    }
    /// The relative change in percent of the previous value ("+3.4").
    pub fn relative_text(&self, decimals: u32) -> Option<String> {
        if self.of_numerators()? {
            let (c, p) = (i128::from(self.current.0), i128::from(self.previous.0));
            return signed_text((c - p) * 100, p, decimals);
        }
        let (n1, d1) = (i128::from(self.current.0), i128::from(self.current.1));
        let (n0, d0) = (i128::from(self.previous.0), i128::from(self.previous.1));
        // (n1/d1 − n0/d0) / (n0/d0) = (n1·d0 − n0·d1) / (n0·d1)
        signed_text((n1 * d0 - n0 * d1) * 100, n0 * d1, decimals)
    }
    /// Up, down or the same (exactly).
    pub fn direction(&self) -> Option<std::cmp::Ordering> {
        if self.of_numerators()? {
            return Some(self.current.0.cmp(&self.previous.0));
        }
        self.difference().map(|(n, _)| n.cmp(&0))
    }
}

/// The figures of both terms side by side, group by group (groups in both reports only).
pub fn compare(current: &StatsReport, previous: &StatsReport) -> Vec<Change> {
    let before: HashMap<(Level, DivisionCode, KindFilter, &str), (u64, u64)> = previous
        .figures
        .iter()
        .map(|f| ((f.level, f.code, f.kind, f.figure), (f.num, f.den)))
        .collect();
    current
        .figures
        .iter()
        .filter_map(|f| {
            before
                .get(&(f.level, f.code, f.kind, f.figure))
                .map(|&previous| Change {
                    level: f.level,
                    code: f.code,
                    kind: f.kind,
                    figure: f.figure,
                    current: (f.num, f.den),
                    previous,
                })
        })
        .collect()
}

/// "两升一降" for each group: the education share (senior secondary or above) up, the share
/// of women up, the mean age down — `None` where a figure is missing from either term.
pub fn two_up_one_down(changes: &[Change]) -> Vec<(Level, DivisionCode, KindFilter, Option<bool>)> {
    use std::cmp::Ordering::{Greater, Less};
    let mut groups: BTreeMap<(Level, DivisionCode, KindFilter), [Option<std::cmp::Ordering>; 3]> =
        BTreeMap::new();
    for c in changes {
        let slot = match c.figure {
            "education_senior_secondary" => 0,
            "women" => 1,
            "mean_age" => 2,
            _ => continue,
        };
        groups.entry((c.level, c.code, c.kind)).or_default()[slot] = c.direction();
    }
    groups
        .into_iter()
        .map(|((l, code, k), d)| {
            let verdict = match d {
                [Some(e), Some(w), Some(a)] => Some(e == Greater && w == Greater && a == Less),
                _ => None,
            };
            (l, code, k, verdict)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::division::{DivisionCode, Level};
    use crate::stats::KindFilter;

    #[test]
    fn signed_rounding_is_half_away_from_zero() {
        assert_eq!(signed_text(5, 100, 1).as_deref(), Some("+0.1"));
        assert_eq!(signed_text(-5, 100, 1).as_deref(), Some("-0.1"));
        assert_eq!(signed_text(-4, 100, 1).as_deref(), Some("0.0"));
        assert_eq!(signed_text(0, 7, 2).as_deref(), Some("0.00"));
        assert_eq!(signed_text(285, 10, 1).as_deref(), Some("+28.5"));
    }

    #[test]
    fn points_and_relative_change_differ() {
        // 30.0% → 38.55%: +8.6 points, +28.5% relative (the "提高28.5%" of docs/domain.md §8).
        let c = Change {
            level: Level::Province,
            code: DivisionCode::parse("640000").unwrap(),
            kind: KindFilter::All,
            figure: "women",
            current: (3855, 10000),
            previous: (300, 1000),
        };
        assert_eq!(c.change_text(1).as_deref(), Some("+8.6"));
        assert_eq!(c.relative_text(1).as_deref(), Some("+28.5"));
    }
}
