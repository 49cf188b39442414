//! Dated parameter series: the value in force on a date, with its legal reference.

use crate::date::Period;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One value of a parameter, in force from `from` (inclusive) until the next value's `from`,
/// or through `until` (inclusive) when it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedValue {
    /// The first day the value applies.
    pub from: NaiveDate,
    /// The last day it applies, when it ends without a successor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The value.
    pub value: ParamValue,
    /// The legal source of this value.
    pub reference: String,
}

/// A parameter's value: a whole number, a yes/no, or a text read by the rule that uses it
/// (a period such as `"18 months"`, a date such as `"2018-01-01"`, `"permanent"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A yes/no switch.
    Bool(bool),
    /// A whole number (a size, an age, a count).
    Int(i64),
    /// Text: a period, a date, a keyword.
    Text(String),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Int(i) => write!(f, "{i}"),
            ParamValue::Text(t) => f.write_str(t),
        }
    }
}

impl ParamValue {
    /// The value as a whole number.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            ParamValue::Int(i) => Some(*i),
            _ => None,
        }
    }
    /// The value as a yes/no.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ParamValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// The value as a period (`"6 months"`, `"2 years"`).
    pub fn as_period(&self) -> Option<Period> {
        match self {
            ParamValue::Text(t) => t.parse().ok(),
            _ => None,
        }
    }
    /// The value as a date (`"2018-01-01"`).
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            ParamValue::Text(t) => t.parse().ok(),
            _ => None,
        }
    }
    /// The value as a fraction `"4/5"` → (4, 5); `None` for a zero denominator.
    pub fn as_fraction(&self) -> Option<(u64, u64)> {
        let ParamValue::Text(t) = self else {
            return None;
        };
        let (p, q) = t.trim().split_once('/')?;
        let (p, q): (u64, u64) = (p.trim().parse().ok()?, q.trim().parse().ok()?);
        (q > 0).then_some((p, q))
    }
    /// The value as an influence period (影响期).
    pub fn as_influence(&self) -> Option<InfluencePeriod> {
        match self {
            ParamValue::Text(t) => InfluencePeriod::parse(t),
            _ => None,
        }
    }
}

/// How long a sanction bars a person (任职影响期), docs/domain.md §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfluencePeriod {
    /// A period from the decision date (`"18 months"`).
    FromDecision(Period),
    /// A period after the record's `end_date`, e.g. 留党察看: until 2 years after the probation
    /// ends (`"end_date + 2 years"`).
    AfterEnd(Period),
    /// For good (`"permanent"`): 开除党籍, 开除.
    Permanent,
}

impl InfluencePeriod {
    /// Reads `"18 months"`, `"end_date + 2 years"`, `"permanent"`.
    pub fn parse(text: &str) -> Option<InfluencePeriod> {
        let t = text.trim();
        if t == "permanent" {
            return Some(InfluencePeriod::Permanent);
        }
        if let Some(rest) = t.strip_prefix("end_date") {
            let rest = rest.trim_start().strip_prefix('+')?;
            return rest.parse().ok().map(InfluencePeriod::AfterEnd);
        }
        t.parse().ok().map(InfluencePeriod::FromDecision)
    }
}

/// A named parameter: its meaning and its dated values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// What the parameter means in the domain.
    #[serde(default)]
    pub description: String,
    /// The values, each from its effective date.
    pub values: Vec<DatedValue>,
}

impl Series {
    /// The value in force on `as_of`: the latest whose `from` is on or before `as_of`,
    /// unless it ended (`until`) before `as_of`. `None` when there is none.
    pub fn at(&self, as_of: NaiveDate) -> Option<&DatedValue> {
        self.values
            .iter()
            .filter(|v| v.from <= as_of)
            .max_by_key(|v| v.from)
            .filter(|v| v.until.is_none_or(|u| as_of <= u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn lookup_is_piecewise_constant() {
        let s = Series {
            description: String::new(),
            values: vec![
                DatedValue {
                    from: d("2021-01-01"),
                    until: Some(d("2021-12-31")),
                    value: ParamValue::Int(3),
                    reference: "b".into(),
                },
                DatedValue {
                    from: d("2018-01-01"),
                    until: None,
                    value: ParamValue::Int(2),
                    reference: "a".into(),
                },
            ],
        };
        assert!(s.at(d("2017-12-31")).is_none());
        assert_eq!(s.at(d("2018-01-01")).unwrap().value, ParamValue::Int(2));
        assert_eq!(s.at(d("2020-12-31")).unwrap().value, ParamValue::Int(2));
        assert_eq!(s.at(d("2021-01-01")).unwrap().value, ParamValue::Int(3));
        assert_eq!(s.at(d("2021-12-31")).unwrap().value, ParamValue::Int(3));
        assert!(s.at(d("2022-01-01")).is_none());
    }

    #[test]
    fn influence_periods() {
        assert_eq!(
            InfluencePeriod::parse("permanent"),
            Some(InfluencePeriod::Permanent)
        );
        assert_eq!(
            InfluencePeriod::parse("end_date + 2 years"),
            Some(InfluencePeriod::AfterEnd(Period::years(2)))
        );
        assert_eq!(
            InfluencePeriod::parse("18 months"),
            Some(InfluencePeriod::FromDecision(Period::months(18)))
        );
        assert_eq!(InfluencePeriod::parse("soon"), None);
    }
}
