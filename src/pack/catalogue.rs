//! The rule catalogue of a resolved pack: every code it declares — items, avoidance rules and
//! the other mechanisms' rules — as one list of [`Rule`]s, and the look-up a mechanism makes
//! before it reports ([`RulePack::rule_use`]).

use super::model::{RulePack, Window};
use crate::rules::{
    MECHANISM_RULES, Rule, RuleSource, RuleUse, Severity, apply_cases, mechanism_rule,
};
use chrono::NaiveDate;
use std::sync::Arc;

impl RulePack {
    /// Every rule of the pack: the items (negative list, statutory bars), the avoidance rules,
    /// then the other mechanisms' rules, each in the pack's order.
    pub fn catalogue(&self) -> Vec<Rule<'_>> {
        let items = self.items.iter().map(|i| {
            let mut parameters: Vec<String> = Vec::new();
            for t in &i.tests {
                match &t.window {
                    Window::Within { parameter }
                    | Window::Since { parameter }
                    | Window::AgeBelow { parameter } => parameters.push(parameter.clone()),
                    Window::InfluencePeriod { prefix } => {
                        let dotted = format!("{prefix}.");
                        parameters.extend(
                            self.parameters
                                .keys()
                                .filter(|k| k.starts_with(&dotted))
                                .cloned(),
                        );
                    }
                    Window::Always | Window::WhileInForce { .. } | Window::UntilRectified => {}
                }
            }
            parameters.dedup();
            Rule {
                code: &i.code,
                title_zh: &i.title_zh,
                title_en: &i.title_en,
                severity: i.severity,
                reference: &i.reference,
                from: i.from,
                until: i.until,
                description: &i.description,
                action_zh: &i.action_zh,
                action_en: &i.action_en,
                source: RuleSource::Item,
                cases: &[],
                parameters,
            }
        });
        let avoidance = self.avoidance.iter().map(|r| Rule {
            code: &r.code,
            title_zh: &r.title_zh,
            title_en: &r.title_en,
            severity: r
                .cases
                .iter()
                .map(|c| c.severity)
                .min()
                .unwrap_or(Severity::Review),
            reference: &r.reference,
            from: r.from,
            until: r.until,
            description: &r.description,
            action_zh: &r.action_zh,
            action_en: &r.action_en,
            source: RuleSource::Avoidance,
            cases: &[],
            parameters: r.set.iter().map(|s| format!("relation_set:{s}")).collect(),
        });
        let rules = self.rules.iter().map(|r| {
            let m = mechanism_rule(&r.code);
            Rule {
                code: &r.code,
                title_zh: r.title_zh.as_deref().unwrap_or_default(),
                title_en: r.title_en.as_deref().unwrap_or_default(),
                severity: r.severity.unwrap_or(Severity::Review),
                reference: r.reference.as_deref().unwrap_or_default(),
                from: r.from.unwrap_or(NaiveDate::MIN),
                until: r.until,
                description: r.description.as_deref().unwrap_or_default(),
                action_zh: r.action_zh.as_deref().unwrap_or_default(),
                action_en: r.action_en.as_deref().unwrap_or_default(),
                source: RuleSource::Mechanism(m.map_or("unknown", |m| m.mechanism)),
                cases: &r.cases,
                parameters: m
                    .map(|m| m.parameters.iter().map(|p| p.to_string()).collect())
                    .unwrap_or_default(),
            }
        });
        items.chain(avoidance).chain(rules).collect()
    }

    /// The rule of `code`, whatever its date.
    pub fn rule(&self, code: &str) -> Option<Rule<'_>> {
        self.catalogue().into_iter().find(|r| r.code == code)
    }

    /// What a mechanism reports for rule `code` on `as_of` in the situation named by `cases`
    /// (see [`Rule::resolve`]); `None` when the pack has no such rule or it is not in force on
    /// `as_of` (then the mechanism reports nothing under it, as a repealed item bars no one).
    pub fn rule_use(&self, code: &str, as_of: NaiveDate, cases: &[&str]) -> Option<RuleUse> {
        let spec = self.rules.iter().find(|r| r.code == code)?;
        let rule = Rule {
            code: &spec.code,
            title_zh: "",
            title_en: "",
            severity: spec.severity?,
            reference: spec.reference.as_deref()?,
            from: spec.from?,
            until: spec.until,
            description: "",
            action_zh: "",
            action_en: "",
            source: RuleSource::Mechanism(""),
            cases: &spec.cases,
            parameters: Vec::new(),
        };
        rule.in_force(as_of).then(|| rule.use_for(cases))
    }
}

/// The rules one mechanism reports, looked up once for one day: each rule's code, severity
/// and references shared by every finding (a finding costs no look-up in the pack and no
/// allocation). Any situation a mechanism names is resolved as [`Rule::resolve`] does.
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    entries: Vec<BookEntry>,
}

/// A rule in force, as a book holds it.
#[derive(Debug, Clone)]
struct BookEntry {
    /// The rule's own severity and reference.
    rule: RuleUse,
    /// Its cases: name, severity, reference.
    cases: Vec<(String, Option<Severity>, Option<Arc<str>>)>,
}

impl RuleBook {
    /// The rules of `mechanism` (see [`crate::rules::MECHANISM_RULES`]) in force on `as_of`.
    pub fn new(pack: &RulePack, as_of: NaiveDate, mechanism: &str) -> RuleBook {
        let entries = MECHANISM_RULES
            .iter()
            .filter(|m| m.mechanism == mechanism)
            .filter_map(|m| {
                let spec = pack.rules.iter().find(|r| r.code == m.code)?;
                let rule = pack.rule_use(m.code, as_of, &[])?;
                let cases = spec
                    .cases
                    .iter()
                    .map(|c| {
                        (
                            c.case.clone(),
                            c.severity,
                            c.reference.as_deref().map(Arc::from),
                        )
                    })
                    .collect();
                Some(BookEntry { rule, cases })
            })
            .collect();
        RuleBook { entries }
    }

    /// What to report for rule `code` in the situation `cases`; `None` when the rule is not
    /// in force on the book's day.
    pub fn get(&self, code: &str, cases: &[&str]) -> Option<RuleUse> {
        let e = self.entries.iter().find(|e| &*e.rule.code == code)?;
        let (severity, reference) =
            apply_cases(e.rule.severity, e.rule.reference.clone(), cases, |name| {
                e.cases
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map(|(_, s, r)| (*s, r.clone()))
            });
        Some(RuleUse {
            code: e.rule.code.clone(),
            severity,
            reference,
        })
    }
}
