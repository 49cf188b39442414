//! Exact ratios and the half-up rounding (四舍五入) of published percentages (docs/domain.md §1, §8).

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// A share as an exact numerator and denominator, e.g. 18,659 cross-appointed persons of
/// 123,852 "两委" members. Comparisons and thresholds never go through floating point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ratio {
    /// The part counted.
    pub num: u64,
    /// The whole it is a share of.
    pub den: u64,
}

impl Ratio {
    /// `num / den`.
    pub const fn new(num: u64, den: u64) -> Self {
        Ratio { num, den }
    }

    /// "过半数": strictly more than half, `2·num > den`.
    pub fn more_than_half(self) -> bool {
        2 * self.num as u128 > self.den as u128
    }

    /// "p/q以上" (inclusive, 民法典 art. 1259): `num/den >= p/q`, e.g. one third or more.
    pub fn at_least(self, p: u64, q: u64) -> bool {
        self.num as u128 * q as u128 >= p as u128 * self.den as u128
    }

    /// The percentage rounded half up to `decimals` places, as an integer count of
    /// `10^-decimals` percent (so 27.8% at one decimal is 278). `None` when `den` is zero or
    /// the precision asked for is beyond what 128 bits hold.
    pub fn percent_scaled(self, decimals: u32) -> Option<u128> {
        self.half_up(10u128.checked_pow(decimals)?.checked_mul(100)?)
    }

    /// `num / den × scale` rounded half up: floor((2·num·scale + den) / 2·den).
    fn half_up(self, scale: u128) -> Option<u128> {
        if self.den == 0 {
            return None;
        }
        let n = (self.num as u128).checked_mul(scale)?;
        let d = self.den as u128;
        Some(n.checked_mul(2)?.checked_add(d)? / (2 * d))
    }

    /// `v / 10^decimals` printed with exactly `decimals` places (`3345`, 2 → "33.45").
    pub fn scaled_text(v: u128, decimals: u32) -> String {
        let mut out = String::new();
        Self::write_scaled(&mut out, v, decimals);
        out
    }

    /// Writes `v / 10^decimals` with exactly `decimals` places, without an allocation of its
    /// own (for table builders).
    pub fn write_scaled(w: &mut impl std::fmt::Write, v: u128, decimals: u32) {
        // Writing to a String or an Arrow builder cannot fail.
        let _ = if decimals == 0 {
            write!(w, "{v}")
        } else {
            let p = 10u128.pow(decimals);
            write!(w, "{}.{:0width$}", v / p, v % p, width = decimals as usize)
        };
    }

    /// The percentage rounded half up and printed with exactly `decimals` places ("27.8").
    /// `None` when `den` is zero.
    pub fn percent_string(self, decimals: u32) -> Option<String> {
        Some(Self::scaled_text(self.percent_scaled(decimals)?, decimals))
    }

    /// The quotient itself (a mean, say) rounded half up to `decimals` places, as an integer
    /// count of `10^-decimals`. `None` when `den` is zero or beyond 128 bits.
    pub fn scaled(self, decimals: u32) -> Option<u128> {
        self.half_up(10u128.checked_pow(decimals)?)
    }

    /// The quotient itself (a mean, say) rounded half up and printed with `decimals` places
    /// ("47.3"). `None` when `den` is zero.
    pub fn value_string(self, decimals: u32) -> Option<String> {
        Some(Self::scaled_text(self.scaled(decimals)?, decimals))
    }

    /// The percentage as a float, for display columns only.
    pub fn percent_f64(self) -> Option<f64> {
        (self.den != 0).then(|| self.num as f64 * 100.0 / self.den as f64)
    }

    /// Whether this ratio, rounded half up at `decimals`, prints as `published` percent.
    pub fn rounds_to(self, published: f64, decimals: u32) -> bool {
        let want = (published * 10f64.powi(decimals as i32)).round();
        self.percent_scaled(decimals)
            .is_some_and(|v| v as f64 == want)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        if self.den == 0 || other.den == 0 {
            return None;
        }
        Some((self.num as u128 * other.den as u128).cmp(&(other.num as u128 * self.den as u128)))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jiangxi_figures() {
        assert_eq!(
            Ratio::new(18_659, 123_852).percent_string(1).unwrap(),
            "15.1"
        );
        assert_eq!(
            Ratio::new(34_389, 123_852).percent_string(1).unwrap(),
            "27.8"
        );
        assert_eq!(
            Ratio::new(87_613, 123_852).percent_string(1).unwrap(),
            "70.7"
        );
    }

    #[test]
    fn half_up_and_thresholds() {
        assert_eq!(Ratio::new(1, 8).percent_string(1).unwrap(), "12.5");
        assert_eq!(Ratio::new(1, 8).percent_string(0).unwrap(), "13");
        assert_eq!(Ratio::new(217, 2207).percent_string(2).unwrap(), "9.83");
        assert!(!Ratio::new(50, 100).more_than_half());
        assert!(Ratio::new(51, 100).more_than_half());
        assert!(Ratio::new(1, 3).at_least(1, 3));
        assert!(!Ratio::new(32, 99).at_least(1, 3));
        assert_eq!(Ratio::new(1, 0).percent_string(1), None);
        assert!(Ratio::new(1666, 2207).rounds_to(75.5, 1));
    }
}
