//! The negative list and statutory bars evaluated on `as_of`: every applying item of every
//! record is a finding, never just the first.
//!
//! [`NegativeList::prepare`] looks up every pack value once for `as_of`; evaluating a record
//! then allocates nothing but the finding it produces (messages are rendered on demand).

use super::records::{RecordFacts, Records};
use crate::date::{AgeConvention, Period, age_on, day_reaching_age};
use crate::error::PackError;
use crate::finding::{
    Evidence, Finding, Message, ParamUse, RecordMessage, Sink, Subject, WindowFact,
};
use crate::pack::{
    EndDateMeaning, InfluencePeriod, MissingEnd, ParamValue, RuleBook, RulePack, Window,
};
use crate::people::Cell;
use crate::rules::{Severity, codes};
use chrono::NaiveDate;
use std::sync::Arc;

/// A pack value a test needs, looked up on `as_of`, or why it cannot be used.
#[derive(Debug, Clone)]
enum Value<T> {
    Ok(T, Arc<[ParamUse]>),
    /// No value on `as_of` (the parameter's name).
    Missing(String),
    /// A value that the rule cannot read.
    Unreadable(Arc<[ParamUse]>),
}

/// A test with its pack values resolved for `as_of`.
#[derive(Debug, Clone)]
enum Prepared {
    Always,
    Within(Value<Period>),
    Since(Value<NaiveDate>),
    /// Indexed by the pack's grade index.
    Influence(Vec<Value<InfluencePeriod>>),
    WhileInForce(MissingEnd),
    UntilRectified,
}

struct ItemRef {
    rule: Arc<str>,
    severity: Severity,
    reference: Arc<str>,
    from: NaiveDate,
    in_force: bool,
}

struct KindRef {
    code: Arc<str>,
    label_zh: Arc<str>,
    end_date: EndDateMeaning,
}

/// A pack prepared for one `as_of`.
pub struct NegativeList<'p> {
    pack: &'p RulePack,
    as_of: NaiveDate,
    items: Vec<ItemRef>,
    kinds: Vec<KindRef>,
    grades: Vec<(Arc<str>, Arc<str>)>,
    /// Per record kind: (item, prepared test).
    by_kind: Vec<Vec<(usize, Prepared)>>,
    /// Person-level tests: (item, minimum age).
    ages: Vec<(usize, Value<u32>)>,
    /// For each entry of `ages`: the latest birth date old enough on `as_of`.
    cutoffs: Vec<Option<NaiveDate>>,
    convention: AgeConvention,
    no_params: Arc<[ParamUse]>,
    /// The data rules in force on `as_of` (an unknown kind, an unreadable date).
    data: RuleBook,
    /// The plausible dates on `as_of`.
    bounds: crate::date::DateBounds,
}

/// What a window made of a record, with grades as indices (turned into a [`WindowFact`] only
/// when a finding is built).
enum Fact {
    Plain(WindowFact),
    Permanent {
        grade: usize,
    },
    Influence {
        grade: usize,
        period: Period,
        from: NaiveDate,
        after_end: bool,
        last: NaiveDate,
    },
}

/// What a test says about one record.
enum Verdict {
    Applies {
        eligible_from: Option<NaiveDate>,
        fact: Fact,
    },
    Passes,
    Review {
        zh: &'static str,
        en: &'static str,
    },
}

fn lookup<T>(
    pack: &RulePack,
    name: &str,
    as_of: NaiveDate,
    read: impl Fn(&ParamValue) -> Option<T>,
) -> Value<T> {
    let Some(v) = pack.parameters.get(name).and_then(|s| s.at(as_of)) else {
        return Value::Missing(name.to_string());
    };
    let used: Arc<[ParamUse]> = Arc::new([ParamUse {
        name: name.to_string(),
        value: v.value.to_string(),
        effective: v.from,
        reference: v.reference.clone(),
    }]);
    match read(&v.value) {
        Some(t) => Value::Ok(t, used),
        None => Value::Unreadable(used),
    }
}

impl<'p> NegativeList<'p> {
    /// Prepares `pack` for `as_of`. In strict mode a value that an item in force needs and
    /// that has no value on `as_of` is an error; otherwise it becomes a `review` finding when
    /// a record needs it.
    pub fn prepare(pack: &'p RulePack, as_of: NaiveDate, strict: bool) -> Result<Self, PackError> {
        let no_value = |parameter: &str| PackError::NoValue {
            pack: pack.name.clone(),
            parameter: parameter.to_string(),
            as_of,
        };
        let mut by_kind: Vec<Vec<(usize, Prepared)>> =
            (0..pack.kinds.len()).map(|_| Vec::new()).collect();
        let mut ages = Vec::new();
        let mut items = Vec::with_capacity(pack.items.len());
        for (i, item) in pack.items.iter().enumerate() {
            if strict && as_of < item.from {
                return Err(no_value(&item.code));
            }
            items.push(ItemRef {
                rule: Arc::from(item.code.as_str()),
                severity: item.severity,
                reference: Arc::from(item.reference.as_str()),
                from: item.from,
                in_force: item.in_force(as_of),
            });
            for test in &item.tests {
                let prepared = match &test.window {
                    Window::Always => Prepared::Always,
                    Window::Within { parameter } => {
                        Prepared::Within(lookup(pack, parameter, as_of, ParamValue::as_period))
                    }
                    Window::Since { parameter } => {
                        Prepared::Since(lookup(pack, parameter, as_of, ParamValue::as_date))
                    }
                    Window::InfluencePeriod { prefix } => Prepared::Influence(
                        pack.grades
                            .iter()
                            .map(|g| {
                                lookup(
                                    pack,
                                    &format!("{prefix}.{}", g.code),
                                    as_of,
                                    ParamValue::as_influence,
                                )
                            })
                            .collect(),
                    ),
                    Window::WhileInForce { missing_end } => Prepared::WhileInForce(*missing_end),
                    Window::UntilRectified => Prepared::UntilRectified,
                    Window::AgeBelow { parameter } => {
                        let min = lookup(pack, parameter, as_of, |v| {
                            v.as_int().and_then(|m| u32::try_from(m).ok())
                        });
                        if strict && let Value::Missing(name) = &min {
                            return Err(no_value(name));
                        }
                        ages.push((i, min));
                        continue;
                    }
                };
                if strict {
                    let missing = match &prepared {
                        Prepared::Within(Value::Missing(n))
                        | Prepared::Since(Value::Missing(n)) => Some(n.clone()),
                        Prepared::Influence(v) => pack
                            .grades
                            .iter()
                            .zip(v)
                            .find(|(g, v)| {
                                test.kinds.contains(&g.kind) && matches!(v, Value::Missing(_))
                            })
                            .and_then(|(_, v)| {
                                if let Value::Missing(n) = v {
                                    Some(n.clone())
                                } else {
                                    None
                                }
                            }),
                        _ => None,
                    };
                    if let Some(n) = missing {
                        return Err(no_value(&n));
                    }
                }
                for k in &test.kinds {
                    if let Some(ki) = pack.kind_index(k) {
                        by_kind[ki].push((i, prepared.clone()));
                    }
                }
            }
        }
        let convention = match pack
            .parameters
            .get("age.convention")
            .and_then(|s| s.at(as_of))
        {
            Some(v) if v.value == ParamValue::Text("day_after_birthday".into()) => {
                AgeConvention::DayAfterBirthday
            }
            _ => AgeConvention::BirthdayCounts,
        };
        let cutoffs = ages
            .iter()
            .map(|(_, min)| match min {
                Value::Ok(m, _) => crate::date::latest_birth_reaching(*m, as_of, convention),
                _ => None,
            })
            .collect();
        Ok(NegativeList {
            pack,
            as_of,
            data: RuleBook::new(pack, as_of, "data"),
            bounds: pack.date_bounds(as_of)?,
            items,
            kinds: pack
                .kinds
                .iter()
                .map(|k| KindRef {
                    code: Arc::from(k.code.as_str()),
                    label_zh: Arc::from(k.label_zh.as_str()),
                    end_date: k.end_date,
                })
                .collect(),
            grades: pack
                .grades
                .iter()
                .map(|g| {
                    (
                        Arc::from(g.code.as_str()),
                        Arc::from(
                            g.labels
                                .first()
                                .map(String::as_str)
                                .unwrap_or(g.code.as_str()),
                        ),
                    )
                })
                .collect(),
            by_kind,
            ages,
            cutoffs,
            convention,
            no_params: Arc::new([]),
        })
    }

    /// The age convention in force.
    pub fn convention(&self) -> AgeConvention {
        self.convention
    }

    /// The data rules in force on `as_of`.
    pub(crate) fn data_rules(&self) -> &RuleBook {
        &self.data
    }

    #[allow(clippy::too_many_arguments)] // one finding's facts; a struct would only rename them
    fn finding(
        &self,
        item: usize,
        severity: Severity,
        s: &Subject,
        message: Message,
        parameters: Arc<[ParamUse]>,
        eligible_from: Option<NaiveDate>,
        evidence: Option<Evidence>,
    ) -> Finding {
        let it = &self.items[item];
        Finding {
            parameters,
            eligible_from,
            evidence,
            ..s.finding(it.rule.clone(), severity, message, it.reference.clone())
        }
    }

    fn review(
        &self,
        item: usize,
        s: &Subject,
        zh: &'static str,
        en: &'static str,
        params: Arc<[ParamUse]>,
        evidence: Option<Evidence>,
    ) -> Finding {
        let rule = self.items[item].rule.clone();
        self.finding(
            item,
            Severity::Review,
            s,
            Message::Review { rule, zh, en },
            params,
            None,
            evidence,
        )
    }

    fn problem(
        &self,
        item: usize,
        s: &Subject,
        zh: String,
        en: String,
        evidence: Option<Evidence>,
    ) -> Finding {
        let code = &self.items[item].rule;
        let message = Message::Text {
            zh: format!("{code}：需复核，{zh}").into(),
            en: format!("{code} needs review: {en}").into(),
        };
        self.finding(
            item,
            Severity::Review,
            s,
            message,
            self.no_params.clone(),
            None,
            evidence,
        )
    }

    fn missing(&self, item: usize, name: &str, s: &Subject, evidence: Option<Evidence>) -> Finding {
        let (p, d) = (&self.pack.name, self.as_of);
        self.problem(
            item,
            s,
            format!("规则包{p}的参数{name}在{d}没有有效值"),
            format!("rule pack {p} has no value of {name} on {d}"),
            evidence,
        )
    }

    fn not_in_force(&self, item: usize, s: &Subject, evidence: Option<Evidence>) -> Finding {
        let (from, d) = (self.items[item].from, self.as_of);
        self.problem(
            item,
            s,
            format!("该项自{from}起施行，{d}尚未生效"),
            format!("the item is in force from {from}, not yet on {d}"),
            evidence,
        )
    }

    /// The person-level bars (STAT-AGE) for someone born on `birth` (`None`: unknown).
    pub fn vet_person(&self, birth: Option<NaiveDate>, subject: &Subject, out: &mut impl Sink) {
        for (n, (i, min)) in self.ages.iter().enumerate() {
            let i = *i;
            if !self.items[i].in_force {
                if self.as_of < self.items[i].from {
                    out.add(self.not_in_force(i, subject, None));
                }
                continue;
            }
            let (min, used) = match min {
                Value::Ok(m, used) => (*m, used),
                Value::Missing(name) => {
                    out.add(self.missing(i, name, subject, None));
                    continue;
                }
                Value::Unreadable(used) => {
                    out.add(self.review(
                        i,
                        subject,
                        "参数值不是整数",
                        "the parameter is not a whole number",
                        used.clone(),
                        None,
                    ));
                    continue;
                }
            };
            let Some(birth) = birth else {
                out.add_with(&self.items[i].rule, Severity::Review, None, || {
                    self.review(
                        i,
                        subject,
                        "出生日期不明，无法计算年龄",
                        "the birth date is unknown, so the age cannot be computed",
                        used.clone(),
                        None,
                    )
                });
                continue;
            };
            // One comparison per person against the birth cutoff; the age itself only for those
            // under it.
            let cutoff = self.cutoffs.get(n).copied().flatten();
            if cutoff.is_some_and(|c| birth <= c) {
                continue;
            }
            let age = age_on(birth, self.as_of, self.convention).unwrap_or(0);
            if age < min {
                let reaches = day_reaching_age(birth, min, self.convention);
                let severity = self.items[i].severity;
                out.add_with(&self.items[i].rule, severity, Some(reaches), || {
                    let message = Message::Age {
                        age,
                        min,
                        as_of: self.as_of,
                        reaches,
                    };
                    let used = used.clone();
                    self.finding(i, severity, subject, message, used, Some(reaches), None)
                });
            }
        }
    }

    /// The plausible dates on `as_of` (pack `data.dates.*`).
    pub fn date_bounds(&self) -> crate::date::DateBounds {
        self.bounds
    }

    /// Every item that record `r` triggers for `subject`. Records dated after `as_of` are not
    /// yet facts on `as_of`; the caller skips and counts them.
    pub fn vet_record(
        &self,
        records: &Records,
        f: &RecordFacts,
        subject: &Subject,
        out: &mut impl Sink,
    ) {
        let r = f.row as usize;
        let kind = match f.kind {
            Cell::Value(k) => k as usize,
            Cell::Missing | Cell::Invalid => {
                let label = records
                    .unknown_kind
                    .get(&r)
                    .map(String::as_str)
                    .unwrap_or("");
                let (zh, en) = if label.is_empty() {
                    (
                        "记录类别为空，无法判断适用哪一项".to_string(),
                        "the record has no kind, so no item can be judged".to_string(),
                    )
                } else {
                    (
                        format!("记录类别“{label}”不在规则包中，需人工判断"),
                        format!(
                            "record kind {label:?} is not in the rule pack; a person must judge it"
                        ),
                    )
                };
                if let Some(rule) = self.data.get(codes::DATA_KIND, &[]) {
                    out.add(crate::vetting_data::finding(
                        &rule,
                        subject,
                        zh,
                        en,
                        Some(self.evidence(records, f)),
                    ));
                }
                return;
            }
        };
        for (cell, name) in [(f.date, "date"), (f.end_date, "end_date")] {
            if cell == Cell::Invalid
                && let Some(rule) = self.data.get(codes::DATA_VALUE, &[])
            {
                out.add(crate::vetting_data::bad_date(
                    &rule,
                    subject,
                    ("records", r, &records.header(name)),
                    &self.bounds.span(),
                ));
            }
        }
        let Some(tests) = self.by_kind.get(kind) else {
            return;
        };
        for (i, test) in tests {
            let i = *i;
            let item = &self.items[i];
            if !item.in_force {
                if self.as_of < item.from {
                    out.add(self.not_in_force(i, subject, Some(self.evidence(records, f))));
                }
                continue; // repealed before as_of
            }
            let mut used = &self.no_params;
            let verdict = match self.judge(test, kind, f, &mut used) {
                Ok(v) => v,
                Err(name) => {
                    out.add(self.missing(i, &name, subject, Some(self.evidence(records, f))));
                    continue;
                }
            };
            match verdict {
                Verdict::Passes => {}
                Verdict::Applies {
                    eligible_from,
                    fact,
                } => out.add_with(&item.rule, item.severity, eligible_from, || {
                    let k = &self.kinds[kind];
                    let message = Message::Record(RecordMessage {
                        kind_zh: k.label_zh.clone(),
                        kind: k.code.clone(),
                        date: f.date.value(),
                        window: self.window_fact(fact),
                    });
                    self.finding(
                        i,
                        item.severity,
                        subject,
                        message,
                        used.clone(),
                        eligible_from,
                        Some(self.evidence(records, f)),
                    )
                }),
                Verdict::Review { zh, en } => {
                    out.add_with(&item.rule, Severity::Review, None, || {
                        let evidence = Some(self.evidence(records, f));
                        self.review(i, subject, zh, en, used.clone(), evidence)
                    })
                }
            }
        }
    }

    /// The grade names of a [`Fact`], for a finding's message.
    fn window_fact(&self, fact: Fact) -> WindowFact {
        let names = |g: usize| {
            self.grades
                .get(g)
                .cloned()
                .unwrap_or_else(|| (Arc::from(""), Arc::from("")))
        };
        match fact {
            Fact::Plain(w) => w,
            Fact::Permanent { grade } => {
                let (grade, grade_zh) = names(grade);
                WindowFact::Permanent { grade_zh, grade }
            }
            Fact::Influence {
                grade,
                period,
                from,
                after_end,
                last,
            } => {
                let (grade, grade_zh) = names(grade);
                WindowFact::Influence {
                    grade_zh,
                    grade,
                    period,
                    from,
                    after_end,
                    last,
                }
            }
        }
    }

    /// What `test` says about record `f` of kind `kind`; `used` is set to the pack values it
    /// read. Builds nothing: a finding is made only if a sink asks for it.
    fn judge<'s>(
        &'s self,
        test: &'s Prepared,
        kind: usize,
        f: &RecordFacts,
        used: &mut &'s Arc<[ParamUse]>,
    ) -> Result<Verdict, String> {
        let (date, end) = (f.date, f.end_date);
        let as_of = self.as_of;
        let until = |last: NaiveDate, fact: Fact| {
            if as_of <= last {
                Verdict::Applies {
                    eligible_from: last.succ_opt(),
                    fact,
                }
            } else {
                Verdict::Passes
            }
        };
        let review = |zh, en| Ok(Verdict::Review { zh, en });
        fn take<'v, T: Copy>(
            v: &'v Value<T>,
            used: &mut &'v Arc<[ParamUse]>,
        ) -> Result<Option<T>, String> {
            match v {
                Value::Ok(t, u) => {
                    *used = u;
                    Ok(Some(*t))
                }
                Value::Missing(n) => Err(n.clone()),
                Value::Unreadable(u) => {
                    *used = u;
                    Ok(None)
                }
            }
        }
        match test {
            Prepared::Always => Ok(Verdict::Applies {
                eligible_from: None,
                fact: Fact::Plain(WindowFact::Always),
            }),
            Prepared::Within(v) => {
                let Some(period) = take(v, used)? else {
                    return review("参数值不是期间", "the parameter is not a period");
                };
                let Cell::Value(d) = date else {
                    return review(
                        "记录缺少日期，无法计算期限",
                        "the record has no date, so the window cannot be computed",
                    );
                };
                let last = period.last_day(d);
                Ok(until(
                    last,
                    Fact::Plain(WindowFact::Within { period, last }),
                ))
            }
            Prepared::Since(v) => {
                let Some(start) = take(v, used)? else {
                    return review("参数值不是日期", "the parameter is not a date");
                };
                let Cell::Value(d) = date else {
                    return review(
                        "记录缺少日期，无法判断是否在本届任期内",
                        "the record has no date, so it cannot be placed in the current term",
                    );
                };
                Ok(if d >= start {
                    Verdict::Applies {
                        eligible_from: None,
                        fact: Fact::Plain(WindowFact::Since { start }),
                    }
                } else {
                    Verdict::Passes
                })
            }
            Prepared::Influence(per_grade) => {
                let g = match f.grade {
                    Cell::Value(g) => g as usize,
                    Cell::Missing => {
                        return review(
                            "处分记录缺少处分种类，无法确定影响期",
                            "the sanction has no grade, so its influence period is unknown",
                        );
                    }
                    Cell::Invalid => {
                        return review(
                            "处分种类不在规则包中，无法确定影响期",
                            "the sanction's grade is not in the rule pack, so its influence period is unknown",
                        );
                    }
                };
                let Some(v) = per_grade.get(g) else {
                    return review(
                        "处分种类不在规则包中，无法确定影响期",
                        "the sanction's grade is not in the rule pack, so its influence period is unknown",
                    );
                };
                let Some(influence) = take(v, used)? else {
                    return review(
                        "影响期参数无法识别",
                        "the influence-period parameter is not readable",
                    );
                };
                match influence {
                    InfluencePeriod::Permanent => Ok(Verdict::Applies {
                        eligible_from: None,
                        fact: Fact::Permanent { grade: g },
                    }),
                    InfluencePeriod::FromDecision(period) => {
                        let Cell::Value(d) = date else {
                            return review(
                                "处分记录缺少决定日期，无法计算影响期",
                                "the sanction has no decision date, so its influence period cannot be computed",
                            );
                        };
                        let last = period.last_day(d);
                        Ok(until(
                            last,
                            Fact::Influence {
                                grade: g,
                                period,
                                from: d,
                                after_end: false,
                                last,
                            },
                        ))
                    }
                    InfluencePeriod::AfterEnd(period) => {
                        let Cell::Value(e) = end else {
                            return review(
                                "记录缺少截止日期（如留党察看期满日），无法计算影响期",
                                "the record has no end date (e.g. the end of probation), so its influence period cannot be computed",
                            );
                        };
                        let last = period.last_day(e);
                        Ok(until(
                            last,
                            Fact::Influence {
                                grade: g,
                                period,
                                from: e,
                                after_end: true,
                                last,
                            },
                        ))
                    }
                }
            }
            Prepared::WhileInForce(missing_end) => match (self.kinds[kind].end_date, end) {
                (EndDateMeaning::None, _) => Ok(Verdict::Applies {
                    eligible_from: None,
                    fact: Fact::Plain(WindowFact::Always),
                }),
                (_, Cell::Missing | Cell::Invalid) => match missing_end {
                    MissingEnd::Applies => Ok(Verdict::Applies {
                        eligible_from: None,
                        fact: Fact::Plain(WindowFact::Open),
                    }),
                    MissingEnd::Review => review(
                        "记录缺少截止日期，无法判断是否仍在期内",
                        "the record has no end date, so it cannot be told whether it still applies",
                    ),
                },
                (EndDateMeaning::LastDay, Cell::Value(e)) => {
                    Ok(until(e, Fact::Plain(WindowFact::ThroughEnd { end: e })))
                }
                (EndDateMeaning::StatusEnded, Cell::Value(e)) => Ok(if as_of < e {
                    Verdict::Applies {
                        eligible_from: Some(e),
                        fact: Fact::Plain(WindowFact::UntilEnded { end: e }),
                    }
                } else {
                    Verdict::Passes
                }),
            },
            Prepared::UntilRectified => match f.rectified {
                Cell::Value(true) => Ok(Verdict::Passes),
                Cell::Value(false) => Ok(Verdict::Applies {
                    eligible_from: None,
                    fact: Fact::Plain(WindowFact::NotRectified),
                }),
                Cell::Missing => review(
                    "“是否整改”为空，需核实是否已整改到位",
                    "'rectified' is empty: whether it was rectified must be checked",
                ),
                Cell::Invalid => review("“是否整改”无法识别为是/否", "'rectified' is not a yes/no"),
            },
        }
    }

    fn evidence(&self, records: &Records, f: &RecordFacts) -> Evidence {
        let kind = match f.kind {
            Cell::Value(k) => self
                .kinds
                .get(k as usize)
                .map(|k| k.code.clone())
                .unwrap_or_else(|| Arc::from("")),
            _ => Arc::from(
                records
                    .unknown_kind
                    .get(&(f.row as usize))
                    .map(String::as_str)
                    .unwrap_or(""),
            ),
        };
        Evidence::Record {
            table: "records",
            row: f.row,
            kind,
            date: f.date.value(),
            end_date: f.end_date.value(),
            grade: f
                .grade
                .value()
                .and_then(|g| self.grades.get(g as usize))
                .map(|g| g.0.clone()),
            rectified: f.rectified.value(),
        }
    }
}
