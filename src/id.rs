//! Resident identity numbers (公民身份号码, GB 11643-1999; docs/domain.md §2).
//!
//! A number is 17 digits — address code (6), birth date (8), sequence (3, odd for men, even
//! for women) — and an ISO 7064 MOD 11-2 check character. [`ResidentId`] keeps the 17-digit
//! body in a `u64` (10¹⁷ < 2⁵⁷) and derives the check character, so a column of a million IDs
//! is eight megabytes of integers. Nothing in this module ever puts a number into an error
//! message: errors say *what* is wrong, never the digits.
//!
//! A valid number also has an address code whose first two digits name a province-level
//! division of GB/T 2260 ([`is_province_prefix`]; 81, 82 and 83 are the residence permits of
//! Hong Kong, Macao and Taiwan residents, [`ResidencePermit`]) and a birth year no earlier than
//! [`EARLIEST_BIRTH_YEAR`].

use crate::person::Sex;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [u8; 11] = *b"10X98765432";
const LEGACY_BIT: u64 = 1 << 63;
const BODY_MASK: u64 = (1 << 57) - 1;

/// The earliest birth year a valid number can carry (GB 11643-1999 came long after anyone born
/// before it; a year such as `0000` is a typing or conversion error).
pub const EARLIEST_BIRTH_YEAR: u16 = 1880;

/// The two-digit prefixes of GB/T 2260's province-level divisions, one bit each: 11–15, 21–23,
/// 31–37, 41–46, 50–54, 61–65, 71 (Taiwan), 81 (Hong Kong), 82 (Macao), and 83 (the residence
/// permits of Taiwan residents).
const PROVINCE_PREFIXES: u128 = {
    let ranges: [(u32, u32); 10] = [
        (11, 15),
        (21, 23),
        (31, 37),
        (41, 46),
        (50, 54),
        (61, 65),
        (71, 71),
        (81, 81),
        (82, 82),
        (83, 83),
    ];
    let mut bits = 0u128;
    let mut r = 0;
    while r < ranges.len() {
        let mut p = ranges[r].0;
        while p <= ranges[r].1 {
            bits |= 1 << p;
            p += 1;
        }
        r += 1;
    }
    bits
};

/// Whether `prefix` (the first two digits of an address code) names a province-level division
/// of GB/T 2260, or is one of the residence-permit prefixes 81, 82, 83.
pub const fn is_province_prefix(prefix: u32) -> bool {
    prefix < 100 && PROVINCE_PREFIXES >> prefix & 1 == 1
}

/// The residence permit of Hong Kong, Macao and Taiwan residents (港澳台居民居住证, issued since
/// 2018): a valid number in the shape of a resident ID whose address code begins with 81, 82
/// or 83 — the holder is not a mainland resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResidencePermit {
    /// 港澳居民居住证 of a Hong Kong resident (address code 81…).
    HongKong,
    /// 港澳居民居住证 of a Macao resident (address code 82…).
    Macao,
    /// 台湾居民居住证 (address code 83…).
    Taiwan,
}

impl ResidencePermit {
    /// The permit for an address code's first two digits: 81, 82, 83; `None` for any other.
    pub const fn of_prefix(prefix: u32) -> Option<ResidencePermit> {
        match prefix {
            81 => Some(ResidencePermit::HongKong),
            82 => Some(ResidencePermit::Macao),
            83 => Some(ResidencePermit::Taiwan),
            _ => None,
        }
    }

    /// `hong_kong`, `macao` or `taiwan` (the name in JSON and tables).
    pub const fn as_str(self) -> &'static str {
        match self {
            ResidencePermit::HongKong => "hong_kong",
            ResidencePermit::Macao => "macao",
            ResidencePermit::Taiwan => "taiwan",
        }
    }

    /// The permit's Chinese name: 香港居民居住证, 澳门居民居住证, 台湾居民居住证.
    pub const fn label_zh(self) -> &'static str {
        match self {
            ResidencePermit::HongKong => "香港居民居住证",
            ResidencePermit::Macao => "澳门居民居住证",
            ResidencePermit::Taiwan => "台湾居民居住证",
        }
    }

    /// The permit's English name.
    pub const fn label_en(self) -> &'static str {
        match self {
            ResidencePermit::HongKong => "Hong Kong residence permit",
            ResidencePermit::Macao => "Macao residence permit",
            ResidencePermit::Taiwan => "Taiwan residence permit",
        }
    }
}

impl fmt::Display for ResidencePermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a text is not a valid resident ID number. The variants never carry the number itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// Nothing left after cleaning.
    #[error("the ID number is empty")]
    Empty,
    /// Neither 18 characters nor a legacy 15-digit number.
    #[error("the ID number has {0} characters; it needs 18 (or 15 for a legacy number)")]
    Length(usize),
    /// A character other than a digit (or a final X).
    #[error("the ID number has a character that is not a digit at position {0}")]
    NotDigit(usize),
    /// A spreadsheet turned the number into a floating-point value (`6.40104E+17`, or its
    /// last digits turned into zeros).
    #[error(
        "the ID number was stored as a number in the spreadsheet, which lost its last digits; store the column as text"
    )]
    StoredAsNumber,
    /// The check character does not match the first 17 digits.
    #[error("the ID number's check character does not match (a digit is mistyped)")]
    CheckCharacter,
    /// The address code's first two digits name no province-level division of GB/T 2260 (nor
    /// a residence permit of Hong Kong, Macao or Taiwan residents).
    #[error("the ID number's address code names no province-level division (GB/T 2260)")]
    AddressCode,
    /// The birth-date digits are not a date of the calendar.
    #[error("the ID number's birth date does not exist")]
    BirthDate,
    /// The birth date is a date of the calendar, but its year is before
    /// [`EARLIEST_BIRTH_YEAR`] (`0000`, `1066`: a typing or conversion error).
    #[error("the ID number's birth year is before 1880")]
    BirthYear,
    /// The birth date lies after the reference date.
    #[error("the ID number's birth date lies after the reference date")]
    BirthAfterAsOf,
}

impl IdError {
    /// The message in Chinese (the English one is `Display`); like it, never the number.
    pub fn message_zh(&self) -> String {
        match self {
            IdError::Empty => "身份证号码为空".into(),
            IdError::Length(n) => format!("身份证号码有{n}位，应为18位（或15位旧号码）"),
            IdError::NotDigit(p) => format!("身份证号码第{p}位不是数字"),
            IdError::StoredAsNumber => {
                "身份证号码在表格中被存成了数字，末几位已丢失；请把该列设为文本".into()
            }
            IdError::CheckCharacter => "身份证号码校验码不符（可能有数字录错）".into(),
            IdError::AddressCode => "身份证号码的地址码不属于任何省级行政区划（GB/T 2260）".into(),
            IdError::BirthDate => "身份证号码中的出生日期不存在".into(),
            IdError::BirthYear => format!("身份证号码中的出生年份早于{EARLIEST_BIRTH_YEAR}年"),
            IdError::BirthAfterAsOf => "身份证号码中的出生日期晚于基准日".into(),
        }
    }
}

/// A validated resident identity number, normalised to 18 characters.
///
/// Parse with [`ResidentId::parse`] (or `str::parse`), which cleans spaces, a leading
/// apostrophe and full-width digits, accepts a lower-case `x`, and upgrades a legacy 15-digit
/// number. `Display` prints the full number; use [`ResidentId::masked`] for anything a human
/// reads. Fits in a `u64` ([`ResidentId::to_u64`]).
///
/// Equality, ordering and hashing are those of the normalised number: a legacy 15-digit
/// number equals its 18-character upgrade.
#[derive(Clone, Copy)]
pub struct ResidentId(u64);

impl PartialEq for ResidentId {
    fn eq(&self, other: &Self) -> bool {
        self.body() == other.body()
    }
}

impl Eq for ResidentId {}

impl std::hash::Hash for ResidentId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.body().hash(state);
    }
}

impl PartialOrd for ResidentId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ResidentId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.body().cmp(&other.body())
    }
}

impl ResidentId {
    /// Parses and validates a number, cleaning it first (see [`clean`]).
    pub fn parse(text: &str) -> Result<ResidentId, IdError> {
        // Most numbers come clean and valid: those take the fast path.
        if let Some(id) = Self::parse_valid18(text.as_bytes()) {
            return Ok(id);
        }
        let cleaned = clean(text)?;
        Self::parse_clean(cleaned.as_bytes())
    }

    /// An 18-character number exactly as written (17 digits, then a digit, `X` or `x`) when
    /// it is valid; `None` for anything else, which [`ResidentId::parse`] then cleans and
    /// reports. Reads eight digits at a time.
    fn parse_valid18(b: &[u8]) -> Option<ResidentId> {
        let (high, rest) = b.split_first_chunk::<8>()?;
        let (low, rest) = rest.split_first_chunk::<8>()?;
        let &[d16, check] = rest else {
            return None;
        };
        let (high, low) = (u64::from_le_bytes(*high), u64::from_le_bytes(*low));
        let d16 = d16.checked_sub(b'0').filter(|d| *d <= 9)?;
        let body = eight_digits(high)? * 1_000_000_000 + eight_digits(low)? * 10 + u64::from(d16);
        let mut sum = u32::from(d16) * WEIGHTS[16];
        for (i, w) in WEIGHTS[..16].iter().enumerate() {
            let word = if i < 8 { high } else { low };
            sum += ((word >> (8 * (i % 8))) as u32 & 0x0f) * w;
        }
        let check = if check == b'x' { b'X' } else { check };
        if check != CHECK_CHARS[(sum % 11) as usize] {
            return None;
        }
        validate_body(body).is_ok().then_some(ResidentId(body))
    }

    /// Parses an already clean number: 18 bytes (digits and a final `X`/`x`) or 15 digits.
    pub fn parse_clean(b: &[u8]) -> Result<ResidentId, IdError> {
        match b.len() {
            18 => {
                // One pass: the value and the weighted sum of the check (no division per digit).
                let (mut body, mut sum) = (0u64, 0u32);
                for (i, (&c, &w)) in b[..17].iter().zip(WEIGHTS.iter()).enumerate() {
                    if !c.is_ascii_digit() {
                        return Err(IdError::NotDigit(i + 1));
                    }
                    let d = c - b'0';
                    body = body * 10 + u64::from(d);
                    sum += u32::from(d) * w;
                }
                let check = match b[17] {
                    c @ b'0'..=b'9' => c,
                    b'X' | b'x' => b'X',
                    _ => return Err(IdError::NotDigit(18)),
                };
                if check != CHECK_CHARS[(sum % 11) as usize] {
                    if b[15..18] == *b"000" {
                        return Err(IdError::StoredAsNumber);
                    }
                    return Err(IdError::CheckCharacter);
                }
                validate_body(body)?;
                Ok(ResidentId(body))
            }
            15 => {
                let legacy = digits(b, 0)?;
                // address(6) YYMMDD(6) seq(3) -> address(6) 19YYMMDD(8) seq(3)
                let address = legacy / 1_000_000_000;
                let rest = legacy % 1_000_000_000;
                let body = address * 100_000_000_000 + 19 * 1_000_000_000 + rest;
                validate_body(body)?;
                Ok(ResidentId(body | LEGACY_BIT))
            }
            0 => Err(IdError::Empty),
            // The length a clerk counts: characters, not bytes (身份证号码 is 5, not 15).
            n => Err(IdError::Length(
                std::str::from_utf8(b).map_or(n, |s| s.chars().count()),
            )),
        }
    }

    /// Parses and also checks that the birth date is not after `as_of`.
    pub fn parse_as_of(text: &str, as_of: NaiveDate) -> Result<ResidentId, IdError> {
        let id = Self::parse(text)?;
        id.check_as_of(as_of)?;
        Ok(id)
    }

    /// An error when the birth date lies after `as_of`.
    pub fn check_as_of(self, as_of: NaiveDate) -> Result<(), IdError> {
        match self.birth_date() {
            Some(b) if b > as_of => Err(IdError::BirthAfterAsOf),
            _ => Ok(()),
        }
    }

    /// The compact form: the 17-digit body of the normalised number (the check character
    /// follows from it). Equal numbers — a legacy one and its upgrade — give the same value.
    pub fn to_u64(self) -> u64 {
        self.body()
    }

    /// Rebuilds an ID from a body that came from [`ResidentId::to_u64`] of a valid number (no
    /// check: the graph's node words are such bodies).
    pub(crate) fn from_valid_body(body: u64) -> ResidentId {
        ResidentId(body & BODY_MASK)
    }

    /// Rebuilds an ID from [`ResidentId::to_u64`]; `None` when the value is not the body of a
    /// valid number (17 digits, a province prefix, a birth date from [`EARLIEST_BIRTH_YEAR`]).
    pub fn from_u64(v: u64) -> Option<ResidentId> {
        (v < 100_000_000_000_000_000 && validate_body(v).is_ok()).then_some(ResidentId(v))
    }

    /// The 17-digit body as an integer (the number without its check character).
    pub fn body(self) -> u64 {
        self.0 & BODY_MASK
    }

    /// Whether this number was given in the legacy 15-digit form and upgraded.
    pub fn is_legacy(self) -> bool {
        self.0 & LEGACY_BIT != 0
    }

    /// The six-digit address code (the county-level code at issue time; it may no longer exist).
    pub fn address_code(self) -> u32 {
        (self.body() / 100_000_000_000) as u32
    }

    /// The residence permit of Hong Kong, Macao or Taiwan residents (港澳台居民居住证) this
    /// number belongs to — address code 81…, 82… or 83… — and `None` for a mainland
    /// resident's number (whose holder is a resident of the province its first two digits
    /// name, Taiwan's 71 included).
    pub fn residence_permit(self) -> Option<ResidencePermit> {
        ResidencePermit::of_prefix(self.address_code() / 10_000)
    }

    /// The birth date.
    pub fn birth_date(self) -> Option<NaiveDate> {
        let ymd = (self.body() / 1000) % 100_000_000;
        NaiveDate::from_ymd_opt(
            (ymd / 10_000) as i32,
            ((ymd / 100) % 100) as u32,
            (ymd % 100) as u32,
        )
    }

    /// The sex the sequence code gives: odd for men, even for women.
    pub fn sex(self) -> Sex {
        if self.body() % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The check character (`0`–`9` or `X`).
    pub fn check_character(self) -> char {
        check_char(self.body()) as char
    }

    /// The 18 characters as bytes.
    pub fn to_bytes(self) -> [u8; 18] {
        let mut out = [b'0'; 18];
        // The first nine digits and the last eight, written side by side (two independent
        // chains of divisions), then the check character from the digits.
        let body = self.body();
        let (mut high, mut low) = (body / 100_000_000, body % 100_000_000);
        for k in 0..8 {
            out[16 - k] = b'0' + (low % 10) as u8;
            low /= 10;
            out[8 - k] = b'0' + (high % 10) as u8;
            high /= 10;
        }
        out[0] = b'0' + (high % 10) as u8;
        let sum: u32 = out[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(c, w)| u32::from(c - b'0') * w)
            .sum();
        out[17] = CHECK_CHARS[(sum % 11) as usize];
        out
    }

    /// The masked form for humans: the first 6 and last 4 characters, 8 asterisks between
    /// (`640102********123X`).
    pub fn masked(self) -> String {
        mask_bytes(&self.to_bytes())
    }
}

/// Masks any text that may be an ID number for display: at most the first 6 and the last 4
/// characters are shown, and only when at least 8 are hidden; shorter texts are fully starred.
pub fn mask_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() >= 18 {
        let mut s: String = chars[..6].iter().collect();
        s.push_str(&"*".repeat(chars.len() - 10));
        s.extend(&chars[chars.len() - 4..]);
        s
    } else {
        "*".repeat(chars.len().max(1))
    }
}

fn mask_bytes(b: &[u8; 18]) -> String {
    let mut s = String::with_capacity(18);
    s.push_str(std::str::from_utf8(&b[..6]).unwrap_or("******"));
    s.push_str("********");
    s.push_str(std::str::from_utf8(&b[14..]).unwrap_or("****"));
    s
}

/// What is wrong with a 17-digit body whose check character matches: an address code outside
/// the province-level divisions, a birth date that does not exist, or one before
/// [`EARLIEST_BIRTH_YEAR`] (in that order).
fn validate_body(body: u64) -> Result<(), IdError> {
    if !is_province_prefix((body / 1_000_000_000_000_000) as u32) {
        return Err(IdError::AddressCode);
    }
    let ymd = (body / 1000) % 100_000_000;
    let year = ymd / 10_000;
    if !is_calendar_date(year, (ymd / 100) % 100, ymd % 100) {
        return Err(IdError::BirthDate);
    }
    if year < u64::from(EARLIEST_BIRTH_YEAR) {
        return Err(IdError::BirthYear);
    }
    Ok(())
}

/// Whether year, month and day name a day of the proleptic Gregorian calendar (as
/// `NaiveDate::from_ymd_opt` decides for four-digit years, without building the date).
fn is_calendar_date(y: u64, m: u64, d: u64) -> bool {
    let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Eight ASCII digits read as one little-endian word (the first digit in the lowest byte) as
/// their number; `None` unless all eight are digits.
fn eight_digits(word: u64) -> Option<u64> {
    const NIBBLES: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    // A digit is 0x30..=0x39: its high nibble is 3, and still 3 after adding 6.
    if word & NIBBLES != ZEROS || word.wrapping_add(0x0606_0606_0606_0606) & NIBBLES != ZEROS {
        return None;
    }
    // Pairs, then fours, then all eight.
    let v = (word & 0x0f0f_0f0f_0f0f_0f0f).wrapping_mul(10 << 8 | 1) >> 8;
    let v = (v & 0x00ff_00ff_00ff_00ff).wrapping_mul(100 << 16 | 1) >> 16;
    Some((v & 0x0000_ffff_0000_ffff).wrapping_mul(10_000 << 32 | 1) >> 32)
}

fn digits(b: &[u8], offset: usize) -> Result<u64, IdError> {
    let mut v = 0u64;
    for (i, &c) in b.iter().enumerate() {
        if !c.is_ascii_digit() {
            return Err(IdError::NotDigit(offset + i + 1));
        }
        v = v * 10 + (c - b'0') as u64;
    }
    Ok(v)
}

fn check_char(body: u64) -> u8 {
    let mut v = body;
    let mut s = 0u32;
    for i in (0..17).rev() {
        s += (v % 10) as u32 * WEIGHTS[i];
        v /= 10;
    }
    CHECK_CHARS[(s % 11) as usize]
}

/// The check character for a 17-digit body given as text; `None` unless it is 17 ASCII digits.
pub fn check_character_of(body17: &str) -> Option<char> {
    let b = body17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    digits(b, 0).ok().map(|v| check_char(v) as char)
}

/// Cleans an ID number as spreadsheets deliver it: spaces (also full-width and inside), a
/// leading apostrophe, full-width digits and `Ｘ`. Detects numbers that a spreadsheet stored
/// in floating point (`6.40104E+17`, `640104198501011000.0`).
pub fn clean(text: &str) -> Result<std::borrow::Cow<'_, str>, IdError> {
    let t = text.trim();
    let t = t.strip_prefix('\'').unwrap_or(t).trim();
    if t.len() == 18
        && t.bytes()
            .all(|c| c.is_ascii_digit() || c == b'X' || c == b'x')
    {
        return Ok(std::borrow::Cow::Borrowed(t));
    }
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '0'..='9' | 'X' | 'x' => out.push(c),
            '０'..='９' => out.push((b'0' + (c as u32 - '０' as u32) as u8) as char),
            'Ｘ' | 'ｘ' => out.push('X'),
            c if c.is_whitespace() || c == '\u{3000}' => {}
            'E' | 'e' | '+' | '.' => out.push(c),
            _ => out.push(c),
        }
    }
    if looks_like_float(&out) {
        return Err(IdError::StoredAsNumber);
    }
    if out.is_empty() {
        return Err(IdError::Empty);
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// `6.40104E+17`, `6.40104e17`, `640104198501011000.0`: digits with a decimal point and/or an
/// exponent, as a spreadsheet prints a floating-point number.
fn looks_like_float(s: &str) -> bool {
    let has_exp = s.contains(['E', 'e']) && !s.ends_with(['X', 'x']);
    let has_point = s.contains('.');
    (has_exp || has_point)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'E' | 'e' | '+' | '.' | '-'))
}

impl FromStr for ResidentId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResidentId::parse(s)
    }
}

impl fmt::Display for ResidentId {
    /// The full 18 characters. Use [`ResidentId::masked`] for human-readable output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.to_bytes();
        f.write_str(std::str::from_utf8(&b).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for ResidentId {
    /// Masked, so that a stray `{:?}` in a log line never leaks a number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

impl Serialize for ResidentId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Builds a valid ID from its parts (for synthetic data and tests): a six-digit address code,
/// a birth date and a three-digit sequence code. `None` unless the result is valid: the
/// address code's first two digits a province prefix ([`is_province_prefix`]), the birth year
/// from [`EARLIEST_BIRTH_YEAR`] to 9999.
pub fn from_parts(address: u32, birth: NaiveDate, sequence: u16) -> Option<ResidentId> {
    let year = u64::try_from(birth.year()).ok()?;
    if address > 999_999 || sequence > 999 || year > 9999 {
        return None;
    }
    let ymd = year * 10_000 + u64::from(birth.month()) * 100 + u64::from(birth.day());
    let body = u64::from(address) * 100_000_000_000 + ymd * 1000 + u64::from(sequence);
    validate_body(body).is_ok().then_some(ResidentId(body))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The fast path agrees with the cleaning path on every 18-character text made of
        /// digits, `X`, `x` and a few bytes that are not digits (so that it is valid or not in
        /// every way: check character, birth date, a stray byte).
        #[test]
        fn the_fast_path_agrees_with_the_cleaning_path(
            text in "[0-9xX/:A ]{0,2}[0-9]{16}[0-9xX/:]{0,2}",
        ) {
            let fast = ResidentId::parse_valid18(text.as_bytes());
            let slow = clean(&text).and_then(|c| ResidentId::parse_clean(c.as_bytes()));
            match fast {
                Some(id) => prop_assert_eq!(Ok(id), slow),
                None => prop_assert!(slow.is_err() || text.len() != 18 || text.contains(' ')),
            }
        }

        /// ... and on valid numbers with at most one character changed.
        #[test]
        fn the_fast_path_agrees_on_valid_numbers_changed_once(
            county in valid_address(),
            days in 0i32..50_000,
            seq in 0u16..1000,
            at in 0usize..19,
            to in "[0-9xX ]",
        ) {
            let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
            let mut text = from_parts(county, birth, seq).unwrap().to_string();
            if at < 18 {
                text.replace_range(at..at + 1, &to);
            }
            let fast = ResidentId::parse_valid18(text.as_bytes());
            let slow = clean(&text).and_then(|c| ResidentId::parse_clean(c.as_bytes()));
            match fast {
                Some(id) => prop_assert_eq!(Ok(id), slow),
                None => prop_assert!(slow.is_err() || text.contains(' ')),
            }
        }

        /// Eight digits read at once are the digits read one by one.
        #[test]
        fn eight_digits_at_once(word in any::<u64>(), digits in "[0-9]{8}") {
            let naive = |b: [u8; 8]| -> Option<u64> {
                b.iter().try_fold(0u64, |v, c| c.is_ascii_digit().then(|| v * 10 + u64::from(c - b'0')))
            };
            prop_assert_eq!(eight_digits(word), naive(word.to_le_bytes()));
            let bytes: [u8; 8] = digits.as_bytes().try_into().unwrap();
            prop_assert_eq!(eight_digits(u64::from_le_bytes(bytes)), naive(bytes));
        }
    }

    /// The province-level prefixes of GB/T 2260 as the standard lists them (written out here,
    /// not taken from the module), and the residence-permit prefixes.
    const PREFIXES: [u32; 35] = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
        52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ];

    fn valid_address() -> impl Strategy<Value = u32> {
        (prop::sample::select(&PREFIXES[..]), 0u32..10_000).prop_map(|(p, rest)| p * 10_000 + rest)
    }

    fn invalid_address() -> impl Strategy<Value = u32> {
        (0u32..100, 0u32..10_000)
            .prop_filter("not a province prefix", |(p, _)| !PREFIXES.contains(p))
            .prop_map(|(p, rest)| p * 10_000 + rest)
    }

    /// A 17-digit body with its check character.
    fn number(address: u32, ymd: u32, seq: u16) -> String {
        let body = format!("{address:06}{ymd:08}{seq:03}");
        let c = check_character_of(&body).unwrap();
        format!("{body}{c}")
    }

    /// Any day from 1 January 1880 to 31 December 9999.
    fn valid_birth() -> impl Strategy<Value = NaiveDate> {
        let first = NaiveDate::from_ymd_opt(1880, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        (0..=(last - first).num_days()).prop_map(move |d| first + chrono::Days::new(d as u64))
    }

    fn ymd(d: NaiveDate) -> u32 {
        d.year() as u32 * 10_000 + d.month() * 100 + d.day()
    }

    proptest! {
        /// A number whose first two digits name no province-level division is invalid, however
        /// good the rest (the check character matches, the date exists), in both forms; nor does
        /// `from_parts` or `from_u64` make one.
        #[test]
        fn a_prefix_outside_gbt_2260_is_invalid(
            address in invalid_address(),
            birth in valid_birth(),
            seq in 0u16..1000,
        ) {
            let text = number(address, ymd(birth), seq);
            prop_assert_eq!(ResidentId::parse(&text), Err(IdError::AddressCode));
            prop_assert_eq!(ResidentId::parse_valid18(text.as_bytes()), None);
            prop_assert_eq!(from_parts(address, birth, seq), None);
            prop_assert_eq!(ResidentId::from_u64(text[..17].parse().unwrap()), None);
            let legacy = format!("{address:06}{:06}{seq:03}", ymd(birth) % 1_000_000);
            prop_assert_eq!(ResidentId::parse(&legacy), Err(IdError::AddressCode));
        }

        /// Every number `from_parts` makes with a province prefix and a birth year from 1880
        /// parses back to itself, with its parts; 81, 82 and 83 are residence permits.
        #[test]
        fn from_parts_with_a_valid_prefix_and_year_parses(
            address in valid_address(),
            birth in valid_birth(),
            seq in 0u16..1000,
        ) {
            let id = from_parts(address, birth, seq);
            prop_assert!(id.is_some());
            let id = id.unwrap();
            let text = id.to_string();
            prop_assert_eq!(&text, &number(address, ymd(birth), seq));
            let parsed = ResidentId::parse(&text);
            prop_assert_eq!(parsed, Ok(id));
            prop_assert_eq!(ResidentId::from_u64(id.to_u64()), Some(id));
            prop_assert_eq!(id.address_code(), address);
            prop_assert_eq!(id.birth_date(), Some(birth));
            prop_assert_eq!(id.sex() == Sex::Male, seq % 2 == 1);
            let permit = match address / 10_000 {
                81 => Some(ResidencePermit::HongKong),
                82 => Some(ResidencePermit::Macao),
                83 => Some(ResidencePermit::Taiwan),
                _ => None,
            };
            prop_assert_eq!(id.residence_permit(), permit);
        }

        /// A birth date of the calendar before 1880 (year 0000 included) is invalid.
        #[test]
        fn a_birth_year_before_1880_is_invalid(
            address in valid_address(),
            days in 0u64..686_000,
            seq in 0u16..1000,
        ) {
            let birth = NaiveDate::from_ymd_opt(0, 1, 1).unwrap() + chrono::Days::new(days);
            prop_assume!(birth.year() < 1880);
            let text = number(address, ymd(birth), seq);
            prop_assert_eq!(ResidentId::parse(&text), Err(IdError::BirthYear));
            prop_assert_eq!(ResidentId::parse_valid18(text.as_bytes()), None);
            prop_assert_eq!(from_parts(address, birth, seq), None);
            prop_assert_eq!(ResidentId::from_u64(text[..17].parse().unwrap()), None);
        }

        /// Any 17 digits with their check character: valid exactly when the prefix is a
        /// province's, the date exists and the year is not before 1880 (chrono is the oracle),
        /// and the fast path agrees.
        #[test]
        fn any_body_is_valid_exactly_when_the_standard_says(body in "[0-9]{17}") {
            let c = check_character_of(&body).unwrap();
            let text = format!("{body}{c}");
            let prefix: u32 = body[..2].parse().unwrap();
            let (y, m, d): (i32, u32, u32) =
                (body[6..10].parse().unwrap(), body[10..12].parse().unwrap(), body[12..14].parse().unwrap());
            let expected = if !PREFIXES.contains(&prefix) {
                Err(IdError::AddressCode)
            } else if NaiveDate::from_ymd_opt(y, m, d).is_none() {
                Err(IdError::BirthDate)
            } else if y < 1880 {
                Err(IdError::BirthYear)
            } else {
                Ok(body.parse::<u64>().unwrap())
            };
            let parsed = ResidentId::parse(&text);
            prop_assert_eq!(parsed.map(ResidentId::to_u64), expected.clone());
            prop_assert_eq!(ResidentId::parse_valid18(text.as_bytes()).map(ResidentId::to_u64), expected.ok());
        }
    }

    #[test]
    fn province_prefixes_are_those_of_gbt_2260() {
        for p in 0..200 {
            assert_eq!(is_province_prefix(p), PREFIXES.contains(&p), "{p}");
        }
        assert!(!is_province_prefix(u32::MAX));
    }

    #[test]
    fn year_zero_and_residence_permits() {
        let zero = number(640121, 101, 11);
        assert_eq!(ResidentId::parse(&zero), Err(IdError::BirthYear));
        assert!(
            IdError::BirthYear
                .to_string()
                .contains(&EARLIEST_BIRTH_YEAR.to_string())
        );
        let first = ResidentId::parse(&number(640121, 18800101, 11)).unwrap();
        assert_eq!(first.birth_date(), NaiveDate::from_ymd_opt(1880, 1, 1));
        for (address, permit) in [
            (810000, Some(ResidencePermit::HongKong)),
            (820000, Some(ResidencePermit::Macao)),
            (830000, Some(ResidencePermit::Taiwan)),
            (710000, None),
            (640121, None),
        ] {
            let id = ResidentId::parse(&number(address, 19900101, 11)).unwrap();
            assert_eq!(id.residence_permit(), permit);
        }
        assert_eq!(ResidencePermit::HongKong.as_str(), "hong_kong");
        assert_eq!(
            serde_json::to_string(&ResidencePermit::Macao).unwrap(),
            "\"macao\""
        );
        assert_eq!(
            ResidentId::parse(&number(999999, 19900101, 11)),
            Err(IdError::AddressCode)
        );
    }

    #[test]
    fn calendar_dates_agree_with_chrono() {
        for y in (0..=40).chain(1590..=2110).chain(9990..=9999) {
            for m in 0..=13 {
                for d in 0..=32 {
                    let chrono = NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).is_some();
                    assert_eq!(is_calendar_date(y, m, d), chrono, "{y}-{m}-{d}");
                }
            }
        }
    }

    use super::*;

    #[test]
    fn rules_md_examples() {
        let a: ResidentId = "11010519491231002X".parse().unwrap();
        assert_eq!(a.sex(), Sex::Female);
        assert_eq!(a.birth_date().unwrap().to_string(), "1949-12-31");
        assert_eq!(a.address_code(), 110105);
        let b: ResidentId = "53010219200508011x".parse().unwrap();
        assert_eq!(b.sex(), Sex::Male);
        assert_eq!(b.to_string(), "53010219200508011X");
        let c: ResidentId = "440524188001010014".parse().unwrap();
        assert_eq!(c.sex(), Sex::Male);
        assert_eq!(c.masked(), "440524********0014");
    }

    #[test]
    fn cleaning() {
        assert!(ResidentId::parse("'11010519491231002X").is_ok());
        assert!(ResidentId::parse(" 110105 19491231 002X ").is_ok());
        assert!(ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ").is_ok());
        assert_eq!(
            ResidentId::parse("6.40104E+17"),
            Err(IdError::StoredAsNumber)
        );
        assert_eq!(
            ResidentId::parse("110105194912310000"),
            Err(IdError::StoredAsNumber)
        );
        assert_eq!(
            ResidentId::parse("110105194912310021"),
            Err(IdError::CheckCharacter)
        );
        assert_eq!(ResidentId::parse(""), Err(IdError::Empty));
        assert_eq!(ResidentId::parse("12345"), Err(IdError::Length(5)));
        assert_eq!(ResidentId::parse("身份证号"), Err(IdError::Length(4)));
    }

    #[test]
    fn legacy_upgrade() {
        let id = ResidentId::parse("110105491231002").unwrap();
        assert!(id.is_legacy());
        assert_eq!(id.birth_date().unwrap().to_string(), "1949-12-31");
        assert_eq!(id.to_string(), "11010519491231002X");
    }

    #[test]
    fn a_legacy_number_equals_its_upgrade() {
        let old = ResidentId::parse("110105491231002").unwrap();
        let new = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(old, new);
        assert_eq!(old.to_u64(), new.to_u64());
        assert!(old.is_legacy() && !new.is_legacy());
    }

    #[test]
    fn errors_never_show_the_number() {
        let zero = number(110105, 101, 2);
        let province = number(991105, 19491231, 2);
        for bad in [
            "110105194912310021",
            "11010519491331002X",
            "6.40104E+17",
            &zero,
            &province,
        ] {
            let msg = ResidentId::parse(bad).unwrap_err().to_string();
            assert!(
                !msg.contains("110105") && !msg.contains("640104") && !msg.contains("991105"),
                "{msg}"
            );
        }
    }
}
