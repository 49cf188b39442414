//! Numbers as the seed report writes them: percentages half up at a given number of decimals
//! (trailing zeros dropped: 90%), large counts in 万 (272万, 4.8万), other counts as integers.

use crate::ratio::Ratio;

/// `text` without the trailing zeros of its decimals (and without a bare point):
/// "90.0" → "90", "9.80" → "9.8", "959" → "959".
fn trimmed(text: String, trim: bool) -> String {
    if !trim || !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `num ÷ den` in percent, half up at `decimals` places, without the sign ("75.5"); `None`
/// when `den` is zero.
pub fn percent_text(num: u64, den: u64, decimals: u32, trim: bool) -> Option<String> {
    Ratio::new(num, den)
        .percent_string(decimals)
        .map(|t| trimmed(t, trim))
}

/// `num ÷ den` (a mean) half up at `decimals` places ("47.3"); `None` when `den` is zero.
pub(super) fn value_text(num: u64, den: u64, decimals: u32, trim: bool) -> Option<String> {
    Ratio::new(num, den)
        .value_string(decimals)
        .map(|t| trimmed(t, trim))
}

/// `num ÷ den` in 万 (ten thousands), half up at `decimals` places, without the 万
/// ("272" for 2,720,000 ÷ 1; "4.8" for 48,000 ÷ 1, one decimal); `None` when `den` is zero.
pub fn wan_text(num: u64, den: u64, decimals: u32, trim: bool) -> Option<String> {
    let den = u128::from(den).checked_mul(10_000)?;
    if den == 0 {
        return None;
    }
    let scale = 10u128.checked_pow(decimals)?;
    let n = u128::from(num).checked_mul(scale)?.checked_mul(2)?;
    let v = n.checked_add(den)? / den.checked_mul(2)?;
    Some(trimmed(Ratio::scaled_text(v, decimals), trim))
}

/// `num` in 万 rounded down at `decimals` places (a least value: "16" for 163,500 — "16万元以上"
/// stays true).
pub(super) fn wan_floor_text(num: u64, decimals: u32, trim: bool) -> Option<String> {
    let scale = 10u128.checked_pow(decimals)?;
    let v = u128::from(num).checked_mul(scale)? / 10_000;
    Some(trimmed(Ratio::scaled_text(v, decimals), trim))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_numbers() {
        assert_eq!(percent_text(9, 10, 1, true).as_deref(), Some("90"));
        assert_eq!(percent_text(9, 10, 1, false).as_deref(), Some("90.0"));
        assert_eq!(percent_text(217, 2207, 2, true).as_deref(), Some("9.83"));
        assert_eq!(percent_text(1, 0, 1, true), None);
        assert_eq!(wan_text(2_720_000, 1, 0, true).as_deref(), Some("272"));
        assert_eq!(wan_text(2_715_000, 1, 0, true).as_deref(), Some("272"));
        assert_eq!(wan_text(48_049, 1, 1, true).as_deref(), Some("4.8"));
        assert_eq!(wan_text(18_000, 1, 1, true).as_deref(), Some("1.8"));
        assert_eq!(wan_text(1, 0, 1, true), None);
        assert!(wan_text(u64::MAX, 1, 6, true).is_some());
        assert_eq!(wan_floor_text(169_999, 0, true).as_deref(), Some("16"));
        assert_eq!(value_text(4_730, 100, 1, true).as_deref(), Some("47.3"));
    }
}
