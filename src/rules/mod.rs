//! The rule catalogue's vocabulary: every code huanjie reports (`NEG-03`, `AV-01`,
//! `COMP-WOMEN`, `VOTER-AGE`, `DATA-ID`, …) with its titles, severity, legal reference, dates,
//! what it checks and what the reviewer should do.
//!
//! The rules themselves are pack data (the built-in `cn-2021` declares every one; a province
//! pack changes a rule's severity, reference or dates with `extends`): items of the negative
//! list and the statutory bars (`[[items]]`), avoidance rules (`[[avoidance]]`) and the rules
//! of the other mechanisms (`[[rules]]`, [`RuleSpec`]). This module holds what they share —
//! [`Severity`], the view of one rule ([`Rule`]), the severity and reference a mechanism uses
//! when it reports ([`RuleUse`]) — and the registry of which mechanism emits which code with
//! which cases and pack values ([`MECHANISM_RULES`]), which pack validation holds the packs
//! against: a rule a mechanism needs that a pack lacks, or a code no mechanism emits, is an
//! invalid pack. Mechanisms look their rule up (`pack.rule_use(codes::COMP_WOMEN, as_of, &[])`)
//! and never spell a severity or a citation (ruff's one registry; OpenFisca's reference on
//! every value).

mod registry;
mod severity;
mod spec;

pub use registry::{MECHANISM_PARAMETERS, MECHANISM_RULES, MechanismRule, codes, mechanism_rule};
pub use severity::Severity;
pub use spec::{Rule, RuleCase, RuleSource, RuleSpec, RuleUse, UNDECIDED, apply_cases};
