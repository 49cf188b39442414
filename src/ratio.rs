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
        // The common case in 64 bits (a 128-bit division is several times slower).
        if let Ok(s) = u64::try_from(scale)
            && let Some(n) = self
                .num
                .checked_mul(s)
                .and_then(|n| n.checked_mul(2))
                .and_then(|n| n.checked_add(self.den))
            && let Some(d2) = self.den.checked_mul(2)
        {
            return Some(u128::from(n / d2));
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
        // The common case: the digits into a buffer, written once.
        if let Ok(v) = u64::try_from(v)
            && decimals <= 18
        {
            let mut buf = [0u8; 48];
            let text = scaled_digits(&mut buf, v, decimals);
            let _ = w.write_str(text);
            return;
        }
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

/// `v / 10^decimals` with exactly `decimals` places, written at the end of `buf` (at most 20
/// digits, a point and 18 zeros of padding fit in 48 bytes).
fn scaled_digits(buf: &mut [u8; 48], v: u64, decimals: u32) -> &str {
    // Only ASCII digits and a point were written.
    std::str::from_utf8(scaled_bytes(buf, v, decimals)).unwrap_or_default()
}

/// `v / 10^decimals` with exactly `decimals` places as ASCII bytes at the end of `buf` (for
/// table builders that check a whole column's bytes at once).
pub(crate) fn scaled_bytes(buf: &mut [u8; 48], mut v: u64, decimals: u32) -> &[u8] {
    let decimals = decimals.min(18);
    let mut i = buf.len();
    let mut written = 0u32;
    loop {
        if decimals > 0 && written == decimals {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        written += 1;
        if v == 0 && written > decimals {
            break;
        }
    }
    &buf[i..]
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

    /// The 128-bit definitions the 64-bit fast paths must equal.
    fn half_up_128(r: Ratio, scale: u128) -> Option<u128> {
        (r.den != 0).then(|| (r.num as u128 * scale * 2 + r.den as u128) / (2 * r.den as u128))
    }

    proptest::proptest! {
        #[test]
        fn the_fast_paths_are_the_definitions(
            num in proptest::prelude::any::<u64>(),
            den in proptest::prelude::any::<u64>(),
            small in 0u64..2_000_000,
            decimals in 0u32..7,
        ) {
            for r in [Ratio::new(num, den), Ratio::new(small, den % 3_000_000), Ratio::new(num % 1000, small)] {
                let scale = 10u128.pow(decimals) * 100;
                proptest::prop_assert_eq!(r.percent_scaled(decimals), half_up_128(r, scale));
                if let Some(v) = r.percent_scaled(decimals) {
                    let p = 10u128.pow(decimals);
                    let want = if decimals == 0 {
                        format!("{v}")
                    } else {
                        format!("{}.{:0w$}", v / p, v % p, w = decimals as usize)
                    };
                    proptest::prop_assert_eq!(Ratio::scaled_text(v, decimals), want);
                }
            }
        }
    }

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
