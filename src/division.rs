//! Administrative division codes (GB/T 2260 and the 12-digit statistical codes; docs/domain.md §3).
//!
//! Six digits name a province (`PP0000`), prefecture (`PPCC00`) or county (`PPCCDD`); the
//! 12-digit statistical code (统计用区划代码) adds a township (3) and a village-level unit (3).
//! Village digits 001–199 are residents' committees (communities), 200–399 villagers'
//! committees (villages); other ranges (e.g. 政企合一 farms) need their kind stated.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a text is not a division code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DivisionError {
    /// Not 6 or 12 ASCII digits.
    #[error("a division code has 6 or 12 digits")]
    Format,
}

/// A level of the administrative hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 省级 (`PP0000`).
    Province,
    /// 地级 (`PPCC00`).
    Prefecture,
    /// 县级 (`PPCCDD`).
    County,
    /// 乡级: 街道, 镇, 乡 (9 digits of a 12-digit code, `…000` at the end).
    Township,
    /// 村级: a village or community (12 digits).
    Village,
}

impl Level {
    /// The English name used in tables (`county`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "unit",
        }
    }
}

/// Whether a village-level unit is a village (村委会) or an urban community (居委会).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 村: elects a 村民委员会.
    Village,
    /// 社区: elects a 居民委员会.
    Community,
}

impl UnitKind {
    /// Reads village/community, 村/社区, 村委会/居委会.
    pub fn parse(label: &str) -> Option<UnitKind> {
        match label.trim().to_lowercase().as_str() {
            "village" | "村" | "村委会" | "行政村" | "村民委员会" => {
                Some(UnitKind::Village)
            }
            "community" | "社区" | "居委会" | "居民委员会" => Some(UnitKind::Community),
            _ => None,
        }
    }
    /// `village` / `community`.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Village => "village",
            UnitKind::Community => "community",
        }
    }
}

/// A division code, stored as its 12-digit form (a 6-digit code is padded with zeros).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(u64);

impl DivisionCode {
    /// Parses 6 or 12 digits.
    pub fn parse(text: &str) -> Result<DivisionCode, DivisionError> {
        let t = text.trim();
        let b = t.as_bytes();
        if !(b.len() == 6 || b.len() == 12) || !b.iter().all(u8::is_ascii_digit) {
            return Err(DivisionError::Format);
        }
        let v: u64 = t.parse().map_err(|_| DivisionError::Format)?;
        Ok(DivisionCode(if b.len() == 6 { v * 1_000_000 } else { v }))
    }

    /// The code from its 12-digit integer form.
    pub fn from_u64(v: u64) -> Option<DivisionCode> {
        (v < 1_000_000_000_000).then_some(DivisionCode(v))
    }

    /// The 12-digit integer form.
    pub fn to_u64(self) -> u64 {
        self.0
    }

    /// The province, prefecture, county and township digit groups.
    fn parts(self) -> (u64, u64, u64, u64, u64) {
        let v = self.0;
        (
            v / 10_000_000_000,
            (v / 100_000_000) % 100,
            (v / 1_000_000) % 100,
            (v / 1000) % 1000,
            v % 1000,
        )
    }

    /// The level the code names, from its trailing zero groups.
    pub fn level(self) -> Level {
        let (_, pref, county, town, village) = self.parts();
        if village != 0 {
            Level::Village
        } else if town != 0 {
            Level::Township
        } else if county != 0 {
            Level::County
        } else if pref != 0 {
            Level::Prefecture
        } else {
            Level::Province
        }
    }

    /// The code one level up, or `None` for a province.
    pub fn parent(self) -> Option<DivisionCode> {
        let v = self.0;
        Some(DivisionCode(match self.level() {
            Level::Village => v / 1000 * 1000,
            Level::Township => v / 1_000_000 * 1_000_000,
            Level::County => v / 100_000_000 * 100_000_000,
            Level::Prefecture => v / 10_000_000_000 * 10_000_000_000,
            Level::Province => return None,
        }))
    }

    /// The ancestor (or self) at `level`, or `None` when the code is above that level.
    pub fn at_level(self, level: Level) -> Option<DivisionCode> {
        let mut c = self;
        while c.level() > level {
            c = c.parent()?;
        }
        (c.level() == level).then_some(c)
    }

    /// The village or community kind from the village digits: 001–199 community, 200–399
    /// village; `None` for other ranges or codes above the village level.
    pub fn unit_kind(self) -> Option<UnitKind> {
        match self.parts().4 {
            1..=199 => Some(UnitKind::Community),
            200..=399 => Some(UnitKind::Village),
            _ => None,
        }
    }

    /// Whether `self` lies within `ancestor` (or is it).
    pub fn is_within(self, ancestor: DivisionCode) -> bool {
        self.at_level(ancestor.level()) == Some(ancestor)
    }
}

impl DivisionCode {
    /// The code as printed (six digits for province, prefecture and county codes; twelve
    /// below), written into `buf` without an allocation.
    pub fn digits(self, buf: &mut [u8; 12]) -> &str {
        let (mut v, len) = match self.level() {
            Level::Province | Level::Prefecture | Level::County => (self.0 / 1_000_000, 6),
            _ => (self.0, 12),
        };
        for b in buf[..len].iter_mut().rev() {
            *b = b'0' + (v % 10) as u8;
            v /= 10;
        }
        // Only ASCII digits were written.
        std::str::from_utf8(&buf[..len]).unwrap_or_default()
    }
}

impl fmt::Display for DivisionCode {
    /// Six digits for province, prefecture and county codes; twelve below.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.level() {
            Level::Province | Level::Prefecture | Level::County => {
                write!(f, "{:06}", self.0 / 1_000_000)
            }
            _ => write!(f, "{:012}", self.0),
        }
    }
}

impl fmt::Debug for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DivisionCode({self})")
    }
}

impl FromStr for DivisionCode {
    type Err = DivisionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DivisionCode::parse(s)
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = DivisionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DivisionCode::parse(&s)
    }
}

impl From<DivisionCode> for String {
    fn from(c: DivisionCode) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_the_display() {
        for t in [
            "640000",
            "640100",
            "640104",
            "640104001000",
            "640104001001",
            "640104100201",
        ] {
            let c = DivisionCode::parse(t).unwrap();
            let mut buf = [0u8; 12];
            assert_eq!(c.digits(&mut buf), c.to_string(), "{t}");
        }
    }

    #[test]
    fn hierarchy() {
        let v: DivisionCode = "640104001201".parse().unwrap();
        assert_eq!(v.level(), Level::Village);
        assert_eq!(v.unit_kind(), Some(UnitKind::Village));
        let t = v.parent().unwrap();
        assert_eq!(t.to_string(), "640104001000");
        assert_eq!(t.level(), Level::Township);
        assert_eq!(t.parent().unwrap().to_string(), "640104");
        assert_eq!(v.at_level(Level::Prefecture).unwrap().to_string(), "640100");
        assert_eq!(v.at_level(Level::Province).unwrap().to_string(), "640000");
        assert!(v.is_within("640100".parse().unwrap()));
        let c: DivisionCode = "640104001003".parse().unwrap();
        assert_eq!(c.unit_kind(), Some(UnitKind::Community));
        let farm: DivisionCode = "640104400450".parse().unwrap();
        assert_eq!(farm.unit_kind(), None);
        assert!(DivisionCode::parse("6401").is_err());
    }
}
