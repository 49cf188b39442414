//! Where the rules put what they find.
//!
//! A rule that applies calls [`Sink::add_with`] with the three facts a person's outcome needs
//! (the rule, its severity and the day it stops applying) and a closure that builds the whole
//! finding. A `Vec<Finding>` builds and keeps every finding; a sink that only decides outcomes
//! (the check's outcomes-only path) reads the three facts and never builds the finding, so a
//! province's millions of findings are not made when only the outcomes are asked for.

use super::Finding;
use crate::rules::Severity;
use chrono::NaiveDate;
use std::sync::Arc;

/// Receives the findings of the rules.
pub trait Sink {
    /// A finding of `rule` with `severity` and, for a window, `eligible_from` (the first day
    /// it no longer applies); `make` builds it in full, and is called only by sinks that keep
    /// findings. `make()` must give a finding with these same three facts.
    fn add_with(
        &mut self,
        rule: &Arc<str>,
        severity: Severity,
        eligible_from: Option<NaiveDate>,
        make: impl FnOnce() -> Finding,
    );

    /// A finding already built.
    fn add(&mut self, finding: Finding);
}

impl Sink for Vec<Finding> {
    fn add_with(
        &mut self,
        _rule: &Arc<str>,
        _severity: Severity,
        _eligible_from: Option<NaiveDate>,
        make: impl FnOnce() -> Finding,
    ) {
        self.push(make());
    }

    fn add(&mut self, finding: Finding) {
        self.push(finding);
    }
}
