//! The rule catalogue of a resolved pack: every code it declares — items, avoidance rules and
//! the other mechanisms' rules — as one list of [`Rule`]s, and the look-up a mechanism makes
//! before it reports ([`RulePack::rule_use`]).

use super::model::{RulePack, Window};
use crate::rules::{
    MECHANISM_RULES, Rule, RuleSource, RuleUse, Severity, UNDECIDED, mechanism_rule,
};
use chrono::NaiveDate;

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

/// The rules one mechanism reports, looked up once for one day in every situation it can
/// name (each declared case, with and without [`UNDECIDED`]), so that a finding costs no
/// look-up in the pack.
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    entries: Vec<(&'static str, Vec<&'static str>, Option<RuleUse>)>,
}

impl RuleBook {
    /// The rules of `mechanism` (see [`crate::rules::MECHANISM_RULES`]) in force on `as_of`.
    pub fn new(pack: &RulePack, as_of: NaiveDate, mechanism: &str) -> RuleBook {
        let mut entries = Vec::new();
        for m in MECHANISM_RULES.iter().filter(|m| m.mechanism == mechanism) {
            let mut situations: Vec<Vec<&'static str>> = vec![vec![], vec![UNDECIDED]];
            for &c in m.cases {
                situations.push(vec![c]);
                situations.push(vec![c, UNDECIDED]);
            }
            for cases in situations {
                let used = pack.rule_use(m.code, as_of, &cases);
                entries.push((m.code, cases, used));
            }
        }
        RuleBook { entries }
    }

    /// What to report for rule `code` in the situation `cases`; `None` when the rule is not
    /// in force (or the mechanism never names that situation).
    pub fn get(&self, code: &str, cases: &[&str]) -> Option<&RuleUse> {
        self.entries
            .iter()
            .find(|(c, s, _)| *c == code && s.as_slice() == cases)
            .and_then(|(_, _, u)| u.as_ref())
    }
}
