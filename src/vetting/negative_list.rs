//! The negative list and statutory bars evaluated on `as_of`: every applying item of every
//! record is a finding, never just the first.

use super::records::Records;
use crate::date::{AgeConvention, age_on, day_reaching_age};
use crate::division::DivisionCode;
use crate::error::PackError;
use crate::finding::{Evidence, Finding, ParamUse, PersonKey};
use crate::pack::{
    EndDateMeaning, InfluencePeriod, Item, MissingEnd, ParamValue, RulePack, Severity, Window,
};
use crate::people::Cell;
use crate::roster::{Body, Role};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Whom the findings are about, copied into each finding.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// The person.
    pub id_number: Option<PersonKey>,
    /// Their row in `people`.
    pub row: Option<u32>,
    /// Their first roster row.
    pub roster_row: Option<u32>,
    /// Its unit.
    pub unit_code: Option<DivisionCode>,
    /// Its body.
    pub body: Option<Body>,
    /// Its role.
    pub role: Option<Role>,
}

/// A parameter looked up on `as_of`: the value and how to cite it, or its name when it has none.
type Resolved = Result<(ParamValue, ParamUse), String>;

/// A pack prepared for one `as_of`: which items each record kind feeds, every parameter value
/// looked up once.
pub struct NegativeList<'p> {
    pack: &'p RulePack,
    as_of: NaiveDate,
    by_kind: Vec<Vec<(usize, usize)>>,
    params: HashMap<&'p str, Resolved>,
    convention: AgeConvention,
    person_tests: Vec<(usize, usize)>,
}

/// What a test says about one record.
enum Verdict {
    /// The item applies; the first day it no longer does, when it ends.
    Applies {
        eligible_from: Option<NaiveDate>,
        detail_zh: String,
        detail_en: String,
    },
    /// It does not apply on `as_of`.
    Passes,
    /// A human must look: what is missing.
    Review { what_zh: String, what_en: String },
}

impl<'p> NegativeList<'p> {
    /// Prepares `pack` for `as_of`. In strict mode a value that an item in force needs and
    /// that has no value on `as_of` is an error; otherwise it becomes a `review` finding when
    /// a record needs it.
    pub fn prepare(pack: &'p RulePack, as_of: NaiveDate, strict: bool) -> Result<Self, PackError> {
        let mut by_kind = vec![Vec::new(); pack.kinds.len()];
        let mut params: HashMap<&'p str, Resolved> = HashMap::new();
        let mut person_tests = Vec::new();
        let mut resolve = |name: &'p str| {
            params
                .entry(name)
                .or_insert_with(|| lookup(pack, name, as_of));
        };
        for (i, item) in pack.items.iter().enumerate() {
            if strict && as_of < item.from {
                return Err(PackError::NoValue {
                    pack: pack.name.clone(),
                    parameter: item.code.clone(),
                    as_of,
                });
            }
            for (t, test) in item.tests.iter().enumerate() {
                for k in &test.kinds {
                    if let Some(ki) = pack.kind_index(k) {
                        by_kind[ki].push((i, t));
                    }
                }
                match &test.window {
                    Window::Within { parameter } | Window::Since { parameter } => {
                        resolve(parameter)
                    }
                    Window::AgeBelow { parameter } => {
                        resolve(parameter);
                        person_tests.push((i, t));
                    }
                    Window::InfluencePeriod { prefix } => {
                        for g in pack.grades.iter().filter(|g| test.kinds.contains(&g.kind)) {
                            let name = format!("{prefix}.{}", g.code);
                            if let Some((k, _)) = pack.parameters.get_key_value(&name) {
                                resolve(k.as_str());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if strict && let Some(Err(name)) = params.values().find(|r| r.is_err()) {
            return Err(PackError::NoValue {
                pack: pack.name.clone(),
                parameter: name.clone(),
                as_of,
            });
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
        Ok(NegativeList {
            pack,
            as_of,
            by_kind,
            params,
            convention,
            person_tests,
        })
    }

    /// The age convention in force.
    pub fn convention(&self) -> AgeConvention {
        self.convention
    }

    /// The person-level bars (STAT-AGE) for someone born on `birth` (`None`: unknown).
    pub fn vet_person(&self, birth: Option<NaiveDate>, subject: &Subject, out: &mut Vec<Finding>) {
        for &(i, t) in &self.person_tests {
            let item = &self.pack.items[i];
            if !item.in_force(self.as_of) {
                self.not_in_force(item, subject, vec![], out);
                continue;
            }
            let Window::AgeBelow { parameter } = &item.tests[t].window else {
                continue;
            };
            let (min, used) = match self.param(parameter) {
                Ok((v, u)) => match v.as_int().and_then(|m| u32::try_from(m).ok()) {
                    Some(m) => (m, u),
                    None => {
                        self.push_review(
                            item,
                            subject,
                            vec![],
                            vec![u],
                            "参数值不是整数",
                            "the parameter is not a whole number",
                            out,
                        );
                        continue;
                    }
                },
                Err(name) => {
                    self.missing_param(item, &name, subject, vec![], out);
                    continue;
                }
            };
            let Some(birth) = birth else {
                self.push_review(
                    item,
                    subject,
                    vec![],
                    vec![used],
                    "出生日期不明，无法计算年龄",
                    "the birth date is unknown, so the age cannot be computed",
                    out,
                );
                continue;
            };
            let age = age_on(birth, self.as_of, self.convention).unwrap_or(0);
            if age < min {
                let from = day_reaching_age(birth, min, self.convention);
                out.push(self.finding(
                    item,
                    item.severity,
                    subject,
                    format!(
                        "{}：{}时{}周岁，{}年满{}周岁",
                        item.title_zh, self.as_of, age, from, min
                    ),
                    format!(
                        "{}: aged {} on {}; turns {} on {}",
                        item.title_en, age, self.as_of, min, from
                    ),
                    vec![used],
                    Some(from),
                    vec![],
                ));
            }
        }
    }

    /// Every item that record `r` triggers for `subject`. Records dated after `as_of` are not
    /// yet facts on `as_of` and are skipped; the caller counts them.
    pub fn vet_record(
        &self,
        records: &Records,
        r: usize,
        subject: &Subject,
        out: &mut Vec<Finding>,
    ) {
        let evidence = || vec![record_evidence(self.pack, records, r)];
        let kind = match records.kind.get(r).copied().unwrap_or_default() {
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
                out.push(crate::vetting_data::finding(
                    "DATA-KIND",
                    subject,
                    zh,
                    en,
                    evidence(),
                ));
                return;
            }
        };
        for (col, name) in [(&records.date, "date"), (&records.end_date, "end_date")] {
            if col.get(r).copied() == Some(Cell::Invalid) {
                out.push(crate::vetting_data::finding(
                    "DATA-VALUE",
                    subject,
                    format!("记录第{}行的{}无法识别为日期", r + 2, records.header(name)),
                    format!(
                        "records line {}: column {:?} is not a date",
                        r + 2,
                        records.header(name)
                    ),
                    vec![Evidence::Cell {
                        table: "records".into(),
                        row: r as u32,
                        column: records.header(name),
                    }],
                ));
            }
        }
        let Some(items) = self.by_kind.get(kind) else {
            return;
        };
        for &(i, t) in items {
            let item = &self.pack.items[i];
            if self.as_of < item.from {
                self.not_in_force(item, subject, evidence(), out);
                continue;
            }
            if !item.in_force(self.as_of) {
                continue; // repealed before as_of
            }
            let mut used = Vec::new();
            match self.judge(&item.tests[t].window, kind, records, r, &mut used) {
                Ok(Verdict::Passes) => {}
                Ok(Verdict::Applies {
                    eligible_from,
                    detail_zh,
                    detail_en,
                }) => out.push(self.finding(
                    item,
                    item.severity,
                    subject,
                    detail_zh,
                    detail_en,
                    used,
                    eligible_from,
                    evidence(),
                )),
                Ok(Verdict::Review { what_zh, what_en }) => {
                    self.push_review(item, subject, evidence(), used, &what_zh, &what_en, out)
                }
                Err(name) => self.missing_param(item, &name, subject, evidence(), out),
            }
        }
    }

    fn judge(
        &self,
        window: &Window,
        kind: usize,
        records: &Records,
        r: usize,
        used: &mut Vec<ParamUse>,
    ) -> Result<Verdict, String> {
        let kdef = &self.pack.kinds[kind];
        let date = records.date.get(r).copied().unwrap_or_default();
        let end = records.end_date.get(r).copied().unwrap_or_default();
        let as_of = self.as_of;
        let review = |zh: &str, en: &str| {
            Ok(Verdict::Review {
                what_zh: zh.into(),
                what_en: en.into(),
            })
        };
        let applies_until = |last: NaiveDate, zh: String, en: String| {
            if as_of <= last {
                Verdict::Applies {
                    eligible_from: last.succ_opt(),
                    detail_zh: zh,
                    detail_en: en,
                }
            } else {
                Verdict::Passes
            }
        };
        match window {
            Window::Always => Ok(Verdict::Applies {
                eligible_from: None,
                detail_zh: format!("有{}记录{}", kdef.label_zh, on_date_zh(date)),
                detail_en: format!(
                    "has a {} record{}",
                    kdef.code.replace('_', " "),
                    on_date_en(date)
                ),
            }),
            Window::Within { parameter } => {
                let (v, u) = self.param(parameter)?;
                used.push(u);
                let Some(period) = v.as_period() else {
                    return review("参数值不是期间", "the parameter is not a period");
                };
                let Cell::Value(d) = date else {
                    return review(
                        "记录缺少日期，无法计算期限",
                        "the record has no date, so the window cannot be computed",
                    );
                };
                let last = period.last_day(d);
                Ok(applies_until(
                    last,
                    format!(
                        "{}记录（{}）未满{}，至{}止",
                        kdef.label_zh,
                        d,
                        zh_period(&period.to_string()),
                        last
                    ),
                    format!(
                        "{} record of {} is within {} (through {})",
                        kdef.code.replace('_', " "),
                        d,
                        period,
                        last
                    ),
                ))
            }
            Window::Since { parameter } => {
                let (v, u) = self.param(parameter)?;
                used.push(u);
                let Some(start) = v.as_date() else {
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
                        detail_zh: format!("本届任期（{start}起）内有{}记录（{d}）", kdef.label_zh),
                        detail_en: format!(
                            "{} record of {d} in the current term (from {start})",
                            kdef.code.replace('_', " ")
                        ),
                    }
                } else {
                    Verdict::Passes
                })
            }
            Window::InfluencePeriod { prefix } => {
                let grade = match records.grade.get(r).copied().unwrap_or_default() {
                    Cell::Value(g) => &self.pack.grades[g as usize],
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
                let (v, u) = self.param(&format!("{prefix}.{}", grade.code))?;
                used.push(u);
                let label = grade
                    .labels
                    .first()
                    .map(String::as_str)
                    .unwrap_or(&grade.code);
                match v.as_influence() {
                    None => review(
                        "影响期参数无法识别",
                        "the influence-period parameter is not readable",
                    ),
                    Some(InfluencePeriod::Permanent) => Ok(Verdict::Applies {
                        eligible_from: None,
                        detail_zh: format!(
                            "{}（{}）{}，不再适合担任",
                            kdef.label_zh,
                            label,
                            on_date_zh(date)
                        ),
                        detail_en: format!(
                            "{} ({}){}: permanent",
                            kdef.code.replace('_', " "),
                            grade.code,
                            on_date_en(date)
                        ),
                    }),
                    Some(InfluencePeriod::FromDecision(p)) => {
                        let Cell::Value(d) = date else {
                            return review(
                                "处分记录缺少决定日期，无法计算影响期",
                                "the sanction has no decision date, so its influence period cannot be computed",
                            );
                        };
                        let last = p.last_day(d);
                        Ok(applies_until(
                            last,
                            format!(
                                "{}（{}，{}）影响期{}，至{}止",
                                kdef.label_zh,
                                label,
                                d,
                                zh_period(&p.to_string()),
                                last
                            ),
                            format!(
                                "{} ({}, {}) influence period {} runs through {}",
                                kdef.code.replace('_', " "),
                                grade.code,
                                d,
                                p,
                                last
                            ),
                        ))
                    }
                    Some(InfluencePeriod::AfterEnd(p)) => {
                        let Cell::Value(e) = end else {
                            return review(
                                "记录缺少截止日期（如留党察看期满日），无法计算影响期",
                                "the record has no end date (e.g. the end of probation), so its influence period cannot be computed",
                            );
                        };
                        let last = p.last_day(e);
                        Ok(applies_until(
                            last,
                            format!(
                                "{}（{}）期满{}后{}内，至{}止",
                                kdef.label_zh,
                                label,
                                e,
                                zh_period(&p.to_string()),
                                last
                            ),
                            format!(
                                "{} ({}) ended {}; influence runs {} more, through {}",
                                kdef.code.replace('_', " "),
                                grade.code,
                                e,
                                p,
                                last
                            ),
                        ))
                    }
                }
            }
            Window::WhileInForce { missing_end } => match (kdef.end_date, end) {
                (EndDateMeaning::None, _) => Ok(Verdict::Applies {
                    eligible_from: None,
                    detail_zh: format!("有{}记录{}", kdef.label_zh, on_date_zh(date)),
                    detail_en: format!(
                        "has a {} record{}",
                        kdef.code.replace('_', " "),
                        on_date_en(date)
                    ),
                }),
                (_, Cell::Missing | Cell::Invalid) => match missing_end {
                    MissingEnd::Applies => Ok(Verdict::Applies {
                        eligible_from: None,
                        detail_zh: format!("{}{}，尚无截止日期", kdef.label_zh, on_date_zh(date)),
                        detail_en: format!(
                            "{}{}, with no end date",
                            kdef.code.replace('_', " "),
                            on_date_en(date)
                        ),
                    }),
                    MissingEnd::Review => review(
                        "记录缺少截止日期，无法判断是否仍在期内",
                        "the record has no end date, so it cannot be told whether it still applies",
                    ),
                },
                (EndDateMeaning::LastDay, Cell::Value(e)) => Ok(applies_until(
                    e,
                    format!("{}期限至{}止", kdef.label_zh, e),
                    format!("{} runs through {}", kdef.code.replace('_', " "), e),
                )),
                (EndDateMeaning::StatusEnded, Cell::Value(e)) => Ok(if as_of < e {
                    Verdict::Applies {
                        eligible_from: Some(e),
                        detail_zh: format!("{}状态至{}方解除", kdef.label_zh, e),
                        detail_en: format!(
                            "{} status holds until {}",
                            kdef.code.replace('_', " "),
                            e
                        ),
                    }
                } else {
                    Verdict::Passes
                }),
            },
            Window::UntilRectified => match records.rectified.get(r).copied().unwrap_or_default() {
                Cell::Value(true) => Ok(Verdict::Passes),
                Cell::Value(false) => Ok(Verdict::Applies {
                    eligible_from: None,
                    detail_zh: format!("{}{}，尚未整改到位", kdef.label_zh, on_date_zh(date)),
                    detail_en: format!(
                        "{}{}, not rectified",
                        kdef.code.replace('_', " "),
                        on_date_en(date)
                    ),
                }),
                Cell::Missing => review(
                    "“是否整改”为空，需核实是否已整改到位",
                    "'rectified' is empty: whether it was rectified must be checked",
                ),
                Cell::Invalid => review("“是否整改”无法识别为是/否", "'rectified' is not a yes/no"),
            },
            Window::AgeBelow { .. } => Ok(Verdict::Passes),
        }
    }

    fn param(&self, name: &str) -> Resolved {
        match self.params.get(name) {
            Some(r) => r.clone(),
            None => lookup(self.pack, name, self.as_of),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        item: &Item,
        severity: Severity,
        s: &Subject,
        zh: String,
        en: String,
        parameters: Vec<ParamUse>,
        eligible_from: Option<NaiveDate>,
        evidence: Vec<Evidence>,
    ) -> Finding {
        Finding {
            rule: item.code.clone(),
            severity,
            id_number: s.id_number.clone(),
            row: s.row,
            roster_row: s.roster_row,
            unit_code: s.unit_code,
            body: s.body,
            role: s.role,
            message_zh: zh,
            message_en: en,
            reference: item.reference.clone(),
            parameters,
            eligible_from,
            evidence,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_review(
        &self,
        item: &Item,
        s: &Subject,
        evidence: Vec<Evidence>,
        used: Vec<ParamUse>,
        zh: &str,
        en: &str,
        out: &mut Vec<Finding>,
    ) {
        out.push(self.finding(
            item,
            Severity::Review,
            s,
            format!("{}：需复核，{}", item.code, zh),
            format!("{} needs review: {}", item.code, en),
            used,
            None,
            evidence,
        ));
    }

    fn missing_param(
        &self,
        item: &Item,
        name: &str,
        s: &Subject,
        evidence: Vec<Evidence>,
        out: &mut Vec<Finding>,
    ) {
        self.push_review(
            item,
            s,
            evidence,
            vec![],
            &format!(
                "规则包{}的参数{}在{}没有有效值",
                self.pack.name, name, self.as_of
            ),
            &format!(
                "rule pack {} has no value of {} on {}",
                self.pack.name, name, self.as_of
            ),
            out,
        );
    }

    fn not_in_force(
        &self,
        item: &Item,
        s: &Subject,
        evidence: Vec<Evidence>,
        out: &mut Vec<Finding>,
    ) {
        self.push_review(
            item,
            s,
            evidence,
            vec![],
            &format!("该项自{}起施行，{}尚未生效", item.from, self.as_of),
            &format!(
                "the item is in force from {}, not yet on {}",
                item.from, self.as_of
            ),
            out,
        );
    }
}

fn lookup(pack: &RulePack, name: &str, as_of: NaiveDate) -> Resolved {
    let v = pack
        .parameters
        .get(name)
        .and_then(|s| s.at(as_of))
        .ok_or_else(|| name.to_string())?;
    Ok((
        v.value.clone(),
        ParamUse {
            name: name.to_string(),
            value: v.value.to_string(),
            effective: v.from,
            reference: v.reference.clone(),
        },
    ))
}

fn record_evidence(pack: &RulePack, records: &Records, r: usize) -> Evidence {
    let kind = match records.kind.get(r).copied().unwrap_or_default() {
        Cell::Value(k) => pack
            .kinds
            .get(k as usize)
            .map(|k| k.code.clone())
            .unwrap_or_default(),
        _ => records.unknown_kind.get(&r).cloned().unwrap_or_default(),
    };
    Evidence::Record {
        table: "records".into(),
        row: r as u32,
        kind,
        date: records.date.get(r).and_then(|c| c.value()),
        end_date: records.end_date.get(r).and_then(|c| c.value()),
        grade: records
            .grade
            .get(r)
            .and_then(|c| c.value())
            .and_then(|g| pack.grades.get(g as usize))
            .map(|g| g.code.clone()),
        rectified: records.rectified.get(r).and_then(|c| c.value()),
    }
}

fn on_date_zh(date: Cell<NaiveDate>) -> String {
    date.value().map(|d| format!("（{d}）")).unwrap_or_default()
}

fn on_date_en(date: Cell<NaiveDate>) -> String {
    date.value().map(|d| format!(" ({d})")).unwrap_or_default()
}

fn zh_period(p: &str) -> String {
    p.replace(" years", "年")
        .replace(" year", "年")
        .replace(" months", "个月")
        .replace(" month", "个月")
}
