//! How strongly a finding bars a person (docs/domain.md §4).

use serde::{Deserialize, Serialize};

/// How strongly a finding bars a person (docs/domain.md §4): decides the person's outcome and the
/// tool's exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 不能: the law or the list bars it → `ineligible`.
    Cannot,
    /// 不宜: barred by policy → `ineligible`, counted separately.
    ShouldNot,
    /// A human must decide (missing or contradictory data) → `needs_review`.
    Review,
    /// Worth knowing; changes nothing.
    Warning,
}

impl Severity {
    /// `cannot`, `should_not`, `review`, `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Cannot => "cannot",
            Severity::ShouldNot => "should_not",
            Severity::Review => "review",
            Severity::Warning => "warning",
        }
    }
    /// 不能, 不宜, 需复核, 提示.
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Cannot => "不能",
            Severity::ShouldNot => "不宜",
            Severity::Review => "需复核",
            Severity::Warning => "提示",
        }
    }
}
