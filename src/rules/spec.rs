//! A rule as a pack writes it ([`RuleSpec`]), as a reader sees it ([`Rule`]), and as a
//! mechanism uses it when it reports ([`RuleUse`]).

use super::Severity;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The case a mechanism names when the data it needs to decide is missing or unreadable: a
/// human must decide (docs/domain.md §4, "needs_review"). Unless a pack declares this case for a
/// rule, it has severity `review` and the rule's own reference.
pub const UNDECIDED: &str = "undecided";

/// A variant of a rule with its own severity or reference: a body whose statute is another
/// (`residents_committee` → 城市居民委员会组织法 art. 7), a milder situation (`margin`: the
/// slate has more candidates than seats, but not the province's margin), or [`UNDECIDED`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleCase {
    /// The case's name, as the mechanism asks for it.
    pub case: String,
    /// Its severity, when it differs from the rule's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Its legal reference, when it differs from the rule's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// When the case applies, in a line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A rule as a pack writes it (`[[rules]]`). In a pack that `extends` another, an entry whose
/// code the base has changes only the fields it gives — of a mechanism's rule, of a
/// negative-list item or of an avoidance rule — so a province can make an item `should_not`
/// or cite its own regulation in three lines. A new code must give every field but `until`
/// and `cases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// The stable code (`COMP-WOMEN`).
    pub code: String,
    /// The rule in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_zh: Option<String>,
    /// The rule in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// How strongly a finding of it bars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// The legal source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The first day it is in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// The last day it is in force, when it was repealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// What it checks, in a few lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the reviewer should do about a finding, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_zh: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_en: Option<String>,
    /// Its variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<RuleCase>,
}

impl RuleSpec {
    /// `top` over `self`: every field `top` gives replaces this one's; cases replace cases of
    /// the same name and add the others.
    pub fn overlay(&mut self, top: RuleSpec) {
        fn over<T>(base: &mut Option<T>, top: Option<T>) {
            if top.is_some() {
                *base = top;
            }
        }
        over(&mut self.title_zh, top.title_zh);
        over(&mut self.title_en, top.title_en);
        over(&mut self.severity, top.severity);
        over(&mut self.reference, top.reference);
        over(&mut self.from, top.from);
        over(&mut self.until, top.until);
        over(&mut self.description, top.description);
        over(&mut self.action_zh, top.action_zh);
        over(&mut self.action_en, top.action_en);
        for case in top.cases {
            match self.cases.iter_mut().find(|c| c.case == case.case) {
                Some(c) => *c = case,
                None => self.cases.push(case),
            }
        }
    }

    /// The fields a complete rule must give that this one lacks.
    pub fn missing_fields(&self) -> Vec<&'static str> {
        let text = |t: &Option<String>| t.as_deref().is_none_or(|s| s.trim().is_empty());
        let mut out = Vec::new();
        for (name, absent) in [
            ("title_zh", text(&self.title_zh)),
            ("title_en", text(&self.title_en)),
            ("severity", self.severity.is_none()),
            ("reference", text(&self.reference)),
            ("from", self.from.is_none()),
            ("description", text(&self.description)),
            ("action_zh", text(&self.action_zh)),
            ("action_en", text(&self.action_en)),
        ] {
            if absent {
                out.push(name);
            }
        }
        out
    }
}

/// Where a rule is declared in a pack, and which mechanism reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSource {
    /// An item of the negative list or a statutory bar (`[[items]]`), reported by the
    /// vetting of records and persons.
    Item,
    /// An avoidance rule (`[[avoidance]]`), reported by the pairing of roster rows.
    Avoidance,
    /// A rule of another mechanism (`[[rules]]`): its name (`composition`, `count`, …).
    Mechanism(&'static str),
}

impl RuleSource {
    /// The mechanism that reports the rule.
    pub fn mechanism(self) -> &'static str {
        match self {
            RuleSource::Item => "negative_list",
            RuleSource::Avoidance => "avoidance",
            RuleSource::Mechanism(m) => m,
        }
    }
}

/// One rule of a resolved pack, as the catalogue shows it (`huanjie rules`, `docs/rules.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Rule<'a> {
    /// The stable code.
    pub code: &'a str,
    /// The rule in Chinese.
    pub title_zh: &'a str,
    /// The rule in English.
    pub title_en: &'a str,
    /// Its severity (of an avoidance rule, the most severe of its cases).
    pub severity: Severity,
    /// The legal source.
    pub reference: &'a str,
    /// The first day in force.
    pub from: NaiveDate,
    /// The last day in force, when repealed.
    pub until: Option<NaiveDate>,
    /// What it checks.
    pub description: &'a str,
    /// What the reviewer should do, in Chinese.
    pub action_zh: &'a str,
    /// The same in English.
    pub action_en: &'a str,
    /// Where it is declared and who reports it.
    pub source: RuleSource,
    /// Its variants (of an avoidance rule: none here; its cases are the pack's `[[avoidance]]`).
    pub cases: &'a [RuleCase],
    /// The pack values it reads: parameter names (and, for avoidance, `relation_set:<name>`).
    pub parameters: Vec<String>,
}

impl Rule<'_> {
    /// Whether the rule is in force on `as_of`.
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.from <= as_of && self.until.is_none_or(|u| as_of <= u)
    }

    /// The severity and reference of the situation named by `cases` (each case in turn
    /// overrides what it gives; [`UNDECIDED`] is `review` unless the rule declares it).
    pub fn resolve(&self, cases: &[&str]) -> (Severity, &str) {
        apply_cases(self.severity, self.reference, cases, |name| {
            self.cases
                .iter()
                .find(|c| c.case == name)
                .map(|c| (c.severity, c.reference.as_deref()))
        })
    }

    /// What a mechanism reports for the situation named by `cases`.
    pub fn use_for(&self, cases: &[&str]) -> RuleUse {
        let (severity, reference) = self.resolve(cases);
        RuleUse {
            code: Arc::from(self.code),
            severity,
            reference: Arc::from(reference),
        }
    }
}

/// Applies the cases `names`, each in turn, to a rule's severity and reference: a case the rule
/// declares (`find` gives what it changes) overrides what it gives; an undeclared
/// [`UNDECIDED`] is `review`; any other undeclared case changes nothing.
pub fn apply_cases<R>(
    severity: Severity,
    reference: R,
    names: &[&str],
    find: impl Fn(&str) -> Option<(Option<Severity>, Option<R>)>,
) -> (Severity, R) {
    let (mut severity, mut reference) = (severity, reference);
    for &name in names {
        match find(name) {
            Some((s, r)) => {
                if let Some(s) = s {
                    severity = s;
                }
                if let Some(r) = r {
                    reference = r;
                }
            }
            None if name == UNDECIDED => severity = Severity::Review,
            None => {}
        }
    }
    (severity, reference)
}

/// What a finding of a rule carries: its code, severity and legal reference, looked up once
/// per run (or per election day) and shared by every finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleUse {
    /// The code.
    pub code: Arc<str>,
    /// The severity of the situation.
    pub severity: Severity,
    /// The legal source of the situation.
    pub reference: Arc<str>,
}
