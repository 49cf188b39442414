//! Dates, periods and ages as the law counts them (docs/domain.md §1).
//!
//! Periods follow 民法典 arts. 201–202: the day of the event is not counted and a period of
//! N years or months ends on the *corresponding day* N years or months later — the last day of
//! the month when there is no corresponding day (29 February + 1 year → 28 February). An item
//! worded "未满N年" or "近N年内" therefore applies while `as_of <= last_day` and no longer
//! applies from the next day. Art. 203 (moving a last day off a holiday) is deliberately not
//! applied: the negative list's windows are not deadlines for acting.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A length of time in whole months (a year is twelve months), as the rule packs state
/// influence periods and windows ("6 months", "2 years").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    months: u32,
}

impl Period {
    /// A period of `n` months.
    pub const fn months(n: u32) -> Self {
        Period { months: n }
    }
    /// A period of `n` years.
    pub const fn years(n: u32) -> Self {
        Period { months: n * 12 }
    }
    /// The period's length in months.
    pub const fn in_months(self) -> u32 {
        self.months
    }
    /// The period's last day when it starts with the event on `anchor` (民法典 arts. 201–202):
    /// the corresponding day `self` later, or the month's last day when there is none.
    pub fn last_day(self, anchor: NaiveDate) -> NaiveDate {
        add_months(anchor, self.months)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.months.is_multiple_of(12) {
            let y = self.months / 12;
            write!(f, "{y} {}", if y == 1 { "year" } else { "years" })
        } else {
            let m = self.months;
            write!(f, "{m} {}", if m == 1 { "month" } else { "months" })
        }
    }
}

/// The error for a period written in a way huanjie does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a period: expected \"N months\" or \"N years\", got {0:?}")]
pub struct PeriodParseError(pub String);

impl FromStr for Period {
    type Err = PeriodParseError;
    /// Reads `6 months`, `1 year`, `2 years`, `18个月`, `2年`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let err = || PeriodParseError(s.to_string());
        let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let n: u32 = t[..digits_end].parse().map_err(|_| err())?;
        let unit = t[digits_end..].trim();
        match unit {
            "month" | "months" | "个月" | "月" => Ok(Period::months(n)),
            "year" | "years" | "年" => n.checked_mul(12).map(Period::months).ok_or_else(err),
            _ => Err(err()),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The last day of `month` in `year`.
pub fn last_day_of_month(year: i32, month: u32) -> u32 {
    // Every month has 28 days; walk up to the last valid one.
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(year, month, d).is_some())
        .unwrap_or(28)
}

/// `date` plus `months` months, on the corresponding day or the month's last day when the
/// target month is shorter (民法典 art. 202). Saturates at the calendar's end.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    let total = date.year() as i64 * 12 + (date.month0() as i64) + months as i64;
    let year = (total.div_euclid(12)) as i32;
    let month = (total.rem_euclid(12)) as u32 + 1;
    let day = date.day().min(last_day_of_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
}

/// `date` plus `years` years, with 29 February mapping to 28 February in common years.
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    add_months(date, years.saturating_mul(12))
}

/// When a person becomes a year older (docs/domain.md §1). A pack chooses; the two differ by
/// exactly one day for everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeConvention {
    /// The birthday counts on the day itself (registration notices: someone whose 18th
    /// birthday is the election day may vote). 29 February becomes 28 February in common years.
    #[default]
    BirthdayCounts,
    /// The criminal-law convention: a year older only from the day after the birthday
    /// (1 March for 29 February in common years).
    DayAfterBirthday,
}

/// Age in whole years on `as_of` for someone born on `birth`, or `None` when `as_of` is
/// before the birth.
pub fn age_on(birth: NaiveDate, as_of: NaiveDate, convention: AgeConvention) -> Option<u32> {
    if as_of < birth {
        return None;
    }
    let mut years = (as_of.year() - birth.year()).max(0) as u32;
    // At most one step back is needed: the anniversary in as_of's year is either reached or not.
    while years > 0 && !reached(birth, years, as_of, convention) {
        years -= 1;
    }
    Some(years)
}

fn reached(birth: NaiveDate, years: u32, as_of: NaiveDate, convention: AgeConvention) -> bool {
    let anniversary = add_years(birth, years);
    match convention {
        AgeConvention::BirthdayCounts => anniversary <= as_of,
        AgeConvention::DayAfterBirthday => anniversary < as_of,
    }
}

/// The first day on which someone born on `birth` is `years` old.
pub fn day_reaching_age(birth: NaiveDate, years: u32, convention: AgeConvention) -> NaiveDate {
    let anniversary = add_years(birth, years);
    match convention {
        AgeConvention::BirthdayCounts => anniversary,
        AgeConvention::DayAfterBirthday => anniversary.succ_opt().unwrap_or(anniversary),
    }
}

/// The latest birth date of someone who is at least `age` years old on `as_of`: a whole table
/// is then checked with one comparison per person (`birth <= cutoff`) instead of an age each.
/// `None` when no such date exists in the calendar.
pub fn latest_birth_reaching(
    age: u32,
    as_of: NaiveDate,
    convention: AgeConvention,
) -> Option<NaiveDate> {
    let year = as_of.year().checked_sub(i32::try_from(age).ok()?)?;
    let start = NaiveDate::from_ymd_opt(year, as_of.month(), 1)?
        .checked_sub_signed(chrono::Duration::days(31))?;
    // `day_reaching_age` never decreases as the birth date moves later, so the dates that
    // qualify are a prefix of the calendar; its end lies within this window.
    (0..93)
        .filter_map(|d| start.checked_add_signed(chrono::Duration::days(d)))
        .filter(|b| day_reaching_age(*b, age, convention) <= as_of)
        .max()
}

/// The age bands of the published statistics (民法典 art. 1259: "以下" and "以上" include the
/// number itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    /// 35岁以下: age ≤ 35.
    UpTo35,
    /// 36–59.
    From36To59,
    /// 60岁以上: age ≥ 60.
    From60,
}

impl AgeBand {
    /// The band of a whole-year age.
    pub fn of(age: u32) -> Self {
        match age {
            0..=35 => AgeBand::UpTo35,
            36..=59 => AgeBand::From36To59,
            _ => AgeBand::From60,
        }
    }
    /// The band's label as reports print it.
    pub fn label_zh(self) -> &'static str {
        match self {
            AgeBand::UpTo35 => "35岁以下",
            AgeBand::From36To59 => "36至59岁",
            AgeBand::From60 => "60岁以上",
        }
    }
}

/// Days since 1970-01-01 (Arrow `date32`) of a date.
pub fn to_days(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - UNIX_EPOCH_FROM_CE
}

/// 1970-01-01 counted in days from 0001-01-01 (day 1).
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// The date of an Arrow `date32` value, when it is within chrono's calendar.
pub fn from_days(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_EPOCH_FROM_CE)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn release_example_of_rules_md() {
        // Released 2016-01-15, "刑满释放未满5年": applies on 2021-01-15, not on 2021-01-16.
        let last = Period::years(5).last_day(d("2016-01-15"));
        assert_eq!(last, d("2021-01-15"));
    }

    #[test]
    fn month_end_rule() {
        assert_eq!(add_years(d("2020-02-29"), 1), d("2021-02-28"));
        assert_eq!(add_months(d("2021-01-31"), 1), d("2021-02-28"));
        assert_eq!(add_months(d("2020-01-31"), 1), d("2020-02-29"));
        assert_eq!(add_months(d("2020-12-15"), 18), d("2022-06-15"));
    }

    #[test]
    fn ages() {
        let b = d("2003-01-15");
        assert_eq!(
            age_on(b, d("2021-01-15"), AgeConvention::BirthdayCounts),
            Some(18)
        );
        assert_eq!(
            age_on(b, d("2021-01-15"), AgeConvention::DayAfterBirthday),
            Some(17)
        );
        assert_eq!(
            age_on(b, d("2021-01-16"), AgeConvention::DayAfterBirthday),
            Some(18)
        );
        let leap = d("2000-02-29");
        assert_eq!(
            age_on(leap, d("2018-02-28"), AgeConvention::BirthdayCounts),
            Some(18)
        );
        assert_eq!(
            age_on(leap, d("2018-02-28"), AgeConvention::DayAfterBirthday),
            Some(17)
        );
        assert_eq!(
            age_on(leap, d("2018-03-01"), AgeConvention::DayAfterBirthday),
            Some(18)
        );
        assert_eq!(
            age_on(b, d("2000-01-01"), AgeConvention::BirthdayCounts),
            None
        );
    }

    #[test]
    fn periods_parse_and_print() {
        assert_eq!("18 months".parse::<Period>().unwrap(), Period::months(18));
        assert_eq!("2 years".parse::<Period>().unwrap(), Period::years(2));
        assert_eq!("2年".parse::<Period>().unwrap(), Period::years(2));
        assert_eq!(Period::years(1).to_string(), "1 year");
        assert!("two years".parse::<Period>().is_err());
    }

    #[test]
    fn birth_cutoffs() {
        let c = AgeConvention::BirthdayCounts;
        assert_eq!(
            latest_birth_reaching(18, d("2021-01-15"), c),
            Some(d("2003-01-15"))
        );
        assert_eq!(
            latest_birth_reaching(18, d("2018-02-28"), c),
            Some(d("2000-02-29"))
        );
        let k = AgeConvention::DayAfterBirthday;
        assert_eq!(
            latest_birth_reaching(18, d("2021-01-15"), k),
            Some(d("2003-01-14"))
        );
        assert_eq!(
            latest_birth_reaching(18, d("2018-02-28"), k),
            Some(d("2000-02-27"))
        );
        assert_eq!(
            latest_birth_reaching(18, d("2018-03-01"), k),
            Some(d("2000-02-29"))
        );
    }

    #[test]
    fn arrow_days() {
        assert_eq!(to_days(d("1970-01-01")), 0);
        assert_eq!(from_days(18_642), Some(d("2021-01-15")));
        assert_eq!(from_days(to_days(d("1900-02-28"))), Some(d("1900-02-28")));
        assert_eq!(from_days(i32::MAX), None);
    }

    #[test]
    fn bands() {
        assert_eq!(AgeBand::of(35), AgeBand::UpTo35);
        assert_eq!(AgeBand::of(36), AgeBand::From36To59);
        assert_eq!(AgeBand::of(60), AgeBand::From60);
    }
}

/// The dates a table may plausibly hold (pack parameters `data.dates.earliest`,
/// `data.dates.latest`, `data.dates.earliest_birth`; cn-2021: 1900-01-01, 2100-12-31,
/// 1880-01-01). A date outside them is a typing error (`20200-03-10`, a serial number read
/// as a day) and is read as an unreadable cell — a `review` finding naming the cell — never
/// as a record "after as_of" or an election in another century.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateBounds {
    /// The earliest record, election or residence date.
    pub earliest: NaiveDate,
    /// The latest date of any kind.
    pub latest: NaiveDate,
    /// The earliest birth date.
    pub earliest_birth: NaiveDate,
}

impl Default for DateBounds {
    /// cn-2021's values: 1900-01-01 to 2100-12-31, births from 1880-01-01.
    fn default() -> Self {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        DateBounds {
            earliest: day(1900, 1, 1),
            latest: day(2100, 12, 31),
            earliest_birth: day(1880, 1, 1),
        }
    }
}

impl DateBounds {
    /// A record, election or residence date: outside the bounds, unreadable.
    pub fn day(&self, cell: crate::cells::Cell<NaiveDate>) -> crate::cells::Cell<NaiveDate> {
        match cell {
            crate::cells::Cell::Value(d) if d < self.earliest || d > self.latest => {
                crate::cells::Cell::Invalid
            }
            c => c,
        }
    }
    /// Bounds every date of a column (see [`DateBounds::day`]).
    pub fn days(&self, column: &mut [crate::cells::Cell<NaiveDate>]) {
        for c in column {
            *c = self.day(*c);
        }
    }
    /// A birth date (possibly only to the month): outside the birth bounds, unreadable.
    pub fn birth(&self, cell: crate::cells::Cell<PartialDate>) -> crate::cells::Cell<PartialDate> {
        let first = |p: PartialDate| match p {
            PartialDate::Day(d) => Some(d),
            PartialDate::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
        };
        match cell {
            crate::cells::Cell::Value(p)
                if first(p).is_none_or(|d| d < self.earliest_birth || d > self.latest) =>
            {
                crate::cells::Cell::Invalid
            }
            c => c,
        }
    }
    /// The bounds as the message of a finding says them: `1900-01-01—2100-12-31`.
    pub fn span(&self) -> String {
        format!("{}—{}", self.earliest, self.latest)
    }
    /// The bounds of a birth date, as a finding says them.
    pub fn birth_span(&self) -> String {
        format!("{}—{}", self.earliest_birth, self.latest)
    }
}

/// A date as forms write it, possibly only to the month (`1985.06`, `1985年6月`): a birth date
/// column may give just the month, since the ID number carries the full date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// A full calendar date.
    Day(NaiveDate),
    /// Year and month only.
    Month(i32, u32),
}

impl PartialDate {
    /// Whether a full date falls within this (partial) date.
    pub fn matches(self, date: NaiveDate) -> bool {
        match self {
            PartialDate::Day(d) => d == date,
            PartialDate::Month(y, m) => date.year() == y && date.month() == m,
        }
    }
    /// The full date, when the day is known.
    pub fn day(self) -> Option<NaiveDate> {
        match self {
            PartialDate::Day(d) => Some(d),
            PartialDate::Month(..) => None,
        }
    }
}

/// Reads a date cell as docs/tables.md allows: `2021-01-15`, `2021/1/15`, `2021.1.15`, `20210115`,
/// `2021年1月15日`; with `allow_month`, also `1985.06`, `1985-6`, `198506`, `1985年6月`.
/// `None` when the text is not such a date or the date does not exist (2021-02-30).
pub fn parse_date_text(text: &str, allow_month: bool) -> Option<PartialDate> {
    // Full-width digits and separators (２０２０．３．１０) as their half-width forms.
    let folded: String;
    let t = if text.chars().any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c)) {
        folded = text
            .chars()
            .map(|c| match c {
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                c => c,
            })
            .collect();
        folded.trim()
    } else {
        text.trim()
    };
    // An Excel serial number in a text cell (a date column exported as numbers): 20000 is
    // 1954-10-04, 80000 is 2119-01-10.
    if let Ok(serial) = t.parse::<f64>()
        && (20_000.0..=80_000.0).contains(&serial)
        && t.len() < 8
    {
        return NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|d| d.checked_add_days(chrono::Days::new(serial.floor() as u64)))
            .map(PartialDate::Day);
    }
    // An ISO timestamp ("2021-01-15T00:00:00" or "2021-01-15 00:00:00") from an export.
    let t = match t.find(['T', ' ']) {
        Some(i)
            if i >= 8
                && t[i + 1..]
                    .trim()
                    .trim_end_matches('Z')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ':' || c == '.') =>
        {
            &t[..i]
        }
        _ => t,
    };
    let t = t
        .strip_suffix('日')
        .or_else(|| t.strip_suffix('号'))
        .unwrap_or(t);
    let mut parts = [0u32; 3];
    let mut n = 0;
    let mut cur = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
        } else if matches!(c, '-' | '/' | '.' | '年' | '月') {
            if cur.is_empty() || n >= 3 {
                return None;
            }
            parts[n] = cur.parse().ok()?;
            n += 1;
            cur.clear();
        } else {
            return None;
        }
    }
    if !cur.is_empty() {
        if n == 0 {
            // Compact forms: YYYYMMDD or YYYYMM.
            return match cur.len() {
                8 => {
                    let v: u32 = cur.parse().ok()?;
                    NaiveDate::from_ymd_opt((v / 10_000) as i32, (v / 100) % 100, v % 100)
                        .map(PartialDate::Day)
                }
                6 if allow_month => {
                    let v: u32 = cur.parse().ok()?;
                    month((v / 100) as i32, v % 100)
                }
                _ => None,
            };
        }
        if n >= 3 {
            return None;
        }
        parts[n] = cur.parse().ok()?;
        n += 1;
    }
    if parts[0] < 1000 {
        return None;
    }
    match n {
        3 => NaiveDate::from_ymd_opt(parts[0] as i32, parts[1], parts[2]).map(PartialDate::Day),
        2 if allow_month => month(parts[0] as i32, parts[1]),
        _ => None,
    }
}

fn month(y: i32, m: u32) -> Option<PartialDate> {
    (1..=12).contains(&m).then_some(PartialDate::Month(y, m))
}

/// Reads a full date cell (see [`parse_date_text`]).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_date_text(text, false).and_then(PartialDate::day)
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn formats_of_data_md() {
        let want = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
        for t in [
            "2021-01-15",
            "2021/1/15",
            "2021.1.15",
            "20210115",
            "2021年1月15日",
            "2021-01-15T00:00:00",
            "2021-01-15 00:00:00",
            "2021-1-15 0:00",
            "2021年1月15号",
            "２０２１．１．１５",
            "２０２１年１月１５日",
            "44211",
            "44211.0",
        ] {
            assert_eq!(parse_date(t), Some(want), "{t}");
        }
        assert_eq!(parse_date("2021-02-30"), None);
        assert_eq!(parse_date("2021.13.01"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(
            parse_date_text("1985.06", true),
            Some(PartialDate::Month(1985, 6))
        );
        assert_eq!(
            parse_date_text("1985年6月", true),
            Some(PartialDate::Month(1985, 6))
        );
        assert_eq!(parse_date_text("1985.06", false), None);
    }
}
