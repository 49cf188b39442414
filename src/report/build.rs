//! The sentences: each made from the figures of one group, left out when a figure it needs was
//! not computed.

use super::format::{percent_text, value_text, wan_floor_text, wan_text};
use super::model::{Paragraph, Report, ReportInputs, ReportNumber, ReportOptions, Segment};
use crate::division::{DivisionCode, Level};
use crate::nominate::NominatorKind;
use crate::stats::{Change, Figure, KindFilter};
use std::cmp::Ordering;

/// The report of one group: `options.code`, or the first group of the highest level present
/// (the province). `None` when the statistics hold no figure of that group.
///
/// The sentences follow the seed report (宁夏民政厅, 2021-04-20, docs/domain.md §9); the
/// figures are those of docs/domain.md §8.
pub fn province_report(inputs: ReportInputs<'_>, options: &ReportOptions) -> Option<Report> {
    let figures = &inputs.stats.figures;
    let first = match options.code {
        Some(code) => figures.groups().find(|g| g.head.code == code)?,
        None => {
            let top = figures.groups().map(|g| g.head.level).min()?;
            figures.groups().find(|g| g.head.level == top)?
        }
    }
    .head;
    let group: Vec<Figure> = figures
        .iter()
        .filter(|f| f.level == first.level && f.code == first.code)
        .collect();
    let mut w = Writer {
        figures: group.iter().collect(),
        changes: inputs
            .changes
            .unwrap_or_default()
            .iter()
            .filter(|c| c.level == first.level && c.code == first.code)
            .collect(),
        numbers: Vec::new(),
        options,
    };
    let name = first.name.as_deref().map(str::to_string);
    let whole = whole_word(first.level, first.code, name.as_deref());
    let mut paragraphs = Vec::new();
    let mut add = |p: Option<Paragraph>| paragraphs.extend(p);
    add(w.units(&whole));
    add(w.voters());
    add(w.one_shoulder());
    add(w.women());
    add(w.education_age());
    if let Some(s) = inputs.screened {
        add(w.review(s.negative_list, s.avoidance_only));
    }
    if let Some(n) = inputs.nominations {
        add(w.nomination(n));
    }
    add(w.round());
    add(w.trend());
    Some(Report {
        title: format!(
            "{}村（居）民委员会换届选举工作情况",
            name.clone().unwrap_or_else(|| first.code.to_string())
        ),
        level: first.level,
        code: first.code,
        name,
        as_of: options.as_of,
        previous_as_of: options.previous_as_of,
        paragraphs,
        numbers: w.numbers,
    })
}

/// How the report names the whole group: 全区 for an autonomous region, 全市 for a
/// municipality, 全省 for a province; below, the group's name (or 全市, 全县, 全乡（镇）).
fn whole_word(level: Level, code: DivisionCode, name: Option<&str>) -> String {
    if level == Level::Province {
        return match code.to_u64() / 10_000_000_000 {
            15 | 45 | 54 | 64 | 65 => "全区",
            11 | 12 | 31 | 50 => "全市",
            _ => "全省",
        }
        .to_string();
    }
    match name {
        Some(n) => n.to_string(),
        None => match level {
            Level::Prefecture => "全市",
            Level::County => "全县",
            Level::Township => "全乡（镇）",
            _ => "本单位",
        }
        .to_string(),
    }
}

/// "1 decimal", "2 decimals".
fn places(d: u32) -> String {
    format!("{d} decimal{}", if d == 1 { "" } else { "s" })
}

/// A paragraph being written.
#[derive(Default)]
struct Words(Vec<Segment>);

impl Words {
    fn t(&mut self, s: &str) -> &mut Self {
        match self.0.last_mut() {
            Some(Segment::Text(t)) => t.push_str(s),
            _ => self.0.push(Segment::Text(s.to_string())),
        }
        self
    }
    fn n(&mut self, i: usize) -> &mut Self {
        self.0.push(Segment::Number(i));
        self
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn done(self, topic: &'static str) -> Option<Paragraph> {
        (!self.0.is_empty()).then_some(Paragraph {
            topic,
            segments: self.0,
        })
    }
}

/// Clauses joined by a separator, ended by `。`.
fn sentence(topic: &'static str, clauses: Vec<Words>, sep: &str) -> Option<Paragraph> {
    let mut out = Words::default();
    for (i, c) in clauses.into_iter().filter(|c| !c.is_empty()).enumerate() {
        if i > 0 {
            out.t(sep);
        }
        for s in c.0 {
            match s {
                Segment::Text(t) => out.t(&t),
                Segment::Number(n) => out.n(n),
            };
        }
    }
    if !out.is_empty() {
        out.t("。");
    }
    out.done(topic)
}

struct Writer<'a> {
    figures: Vec<&'a Figure>,
    changes: Vec<&'a Change>,
    numbers: Vec<ReportNumber>,
    options: &'a ReportOptions,
}

impl<'a> Writer<'a> {
    fn fig(&self, figure: &str, kind: KindFilter) -> Option<&'a Figure> {
        self.figures
            .iter()
            .find(|f| f.kind == kind && f.figure == figure)
            .copied()
    }
    fn change(&self, figure: &str, kind: KindFilter) -> Option<&'a Change> {
        self.changes
            .iter()
            .find(|c| c.kind == kind && c.figure == figure)
            .copied()
    }
    fn trim(&self) -> bool {
        self.options.precision.trim_zeros
    }
    /// Records a number of a figure and gives its index.
    fn traced(&mut self, number: String, f: &Figure, reading: String) -> usize {
        self.numbers.push(ReportNumber {
            number,
            figure: f.figure.to_string(),
            level: Some(f.level),
            code: Some(f.code),
            kind: Some(f.kind),
            num: f.num,
            den: Some(f.den),
            previous_num: None,
            previous_den: None,
            reading,
        });
        self.numbers.len() - 1
    }
    /// A figure's share in percent ("75.5%"), or `None` when it was not computed.
    fn percent(&mut self, figure: &str, kind: KindFilter, decimals: u32) -> Option<usize> {
        let f = self.fig(figure, kind)?;
        let text = percent_text(f.num, f.den, decimals, self.trim())?;
        Some(self.traced(
            format!("{text}%"),
            f,
            format!("num ÷ den in percent, half up at {}", places(decimals)),
        ))
    }
    /// A figure's numerator as a count ("81"), when it is more than 0 and the figure has a
    /// denominator (the cell was read somewhere).
    fn head_count(&mut self, figure: &str, kind: KindFilter) -> Option<usize> {
        let f = self.fig(figure, kind).filter(|f| f.num > 0)?;
        Some(self.traced(f.num.to_string(), f, "num (a head count)".into()))
    }
    /// A count in 万 at `decimals` when it reaches 10,000, as an integer below.
    fn persons(&self, n: u64, decimals: u32) -> Option<(String, String)> {
        if n >= 10_000 {
            let t = wan_text(n, 1, decimals, self.trim())?;
            Some((
                format!("{t}万"),
                format!("num in 万, half up at {}", places(decimals)),
            ))
        } else {
            Some((n.to_string(), "num".into()))
        }
    }

    fn units(&mut self, whole: &str) -> Option<Paragraph> {
        let mut list = Words::default();
        for (kind, word) in [
            (KindFilter::Village, "个村"),
            (KindFilter::Community, "个社区"),
        ] {
            if let Some(f) = self.fig("units", kind).filter(|f| f.num > 0) {
                let i = self.traced(f.num.to_string(), f, "num (units)".into());
                if !list.is_empty() {
                    list.t("、");
                }
                list.n(i).t(word);
            }
        }
        if list.is_empty() {
            return None;
        }
        let mut w = Words::default();
        w.t(whole);
        for s in list.0 {
            match s {
                Segment::Text(t) => w.t(&t),
                Segment::Number(n) => w.n(n),
            };
        }
        match self
            .fig("units_finished", KindFilter::All)
            .filter(|f| f.den > 0)
        {
            Some(f) if f.num == f.den => {
                w.t("全面完成换届");
            }
            Some(f) => {
                let i = self.traced(f.num.to_string(), f, "num (units finished)".into());
                w.t("，其中").n(i).t("个已完成换届");
            }
            None => {}
        }
        sentence("units", vec![w], "")
    }

    fn voters(&mut self) -> Option<Paragraph> {
        let p = self.options.precision;
        let mut clauses = Vec::new();
        if let Some(f) = self
            .fig("participation", KindFilter::All)
            .filter(|f| f.den > 0)
        {
            let d = p.voters_wan;
            if let Some(t) = wan_text(f.num, 1, d, self.trim()) {
                let i = self.traced(
                    format!("{t}万"),
                    f,
                    format!(
                        "num (voters who voted, first round) in 万, half up at {}",
                        places(d)
                    ),
                );
                let mut w = Words::default();
                w.n(i).t("选民参加投票");
                clauses.push(w);
            }
        }
        for (kind, word) in [
            (KindFilter::Village, "村委会选举参选率"),
            (KindFilter::Community, "居委会选举参选率"),
        ] {
            if let Some(i) = self.percent("participation", kind, p.participation) {
                let mut w = Words::default();
                w.t(word).n(i);
                clauses.push(w);
            }
        }
        sentence("voters", clauses, "，")
    }

    fn one_shoulder(&mut self) -> Option<Paragraph> {
        let d = self.options.precision.one_shoulder;
        let village = self.percent("one_shoulder", KindFilter::Village, d);
        let community = self.percent("one_shoulder", KindFilter::Community, d);
        let mut clauses = Vec::new();
        if let Some(i) = village {
            let mut w = Words::default();
            w.t("村“一肩挑”比例").n(i);
            clauses.push(w);
        }
        if let Some(i) = community {
            let mut w = Words::default();
            w.t(if village.is_some() {
                "社区"
            } else {
                "社区“一肩挑”比例"
            })
            .n(i);
            clauses.push(w);
        }
        sentence("one_shoulder", clauses, "，")
    }

    fn women(&mut self) -> Option<Paragraph> {
        let p = self.options.precision;
        let mut clauses = Vec::new();
        for (kind, body) in [
            (KindFilter::Village, "村委会"),
            (KindFilter::Community, "居委会"),
        ] {
            if let Some(i) = self.percent("women_committee", kind, p.women_members) {
                let mut w = Words::default();
                w.t(body).t("成员中女性占").n(i);
                clauses.push(w);
            }
            if let Some(i) = self.percent("women_directors", kind, p.women_directors) {
                let mut w = Words::default();
                w.t("女性").t(body).t("主任占").n(i);
                clauses.push(w);
            }
        }
        sentence("women", clauses, "，")
    }

    fn education_age(&mut self) -> Option<Paragraph> {
        let p = self.options.precision;
        let mut clauses = Vec::new();
        for (figure, word) in [
            ("education_senior_secondary", "高中（中专）及以上学历的占"),
            ("education_college", "大专及以上学历的占"),
        ] {
            if let Some(i) = self.percent(figure, KindFilter::All, p.education) {
                let mut w = Words::default();
                w.t(word).n(i);
                clauses.push(w);
            }
        }
        if let Some(f) = self.fig("mean_age", KindFilter::All) {
            let d = p.age;
            if let Some(t) = value_text(f.num, f.den, d, self.trim()) {
                let i = self.traced(
                    format!("{t}岁"),
                    f,
                    format!(
                        "num (ages summed) ÷ den (persons), half up at {}",
                        places(d)
                    ),
                );
                let mut w = Words::default();
                w.t("平均年龄").n(i);
                clauses.push(w);
            }
        }
        if let Some(i) = self.percent("age_35_or_under", KindFilter::All, p.age) {
            let mut w = Words::default();
            w.t("35岁以下的占").n(i);
            clauses.push(w);
        }
        let mut para = sentence("education_age", clauses, "，")?;
        if let Some(Segment::Text(t)) = para.segments.first_mut() {
            t.insert_str(0, "“两委”成员中");
        } else {
            para.segments
                .insert(0, Segment::Text("“两委”成员中".to_string()));
        }
        Some(para)
    }

    fn review(&mut self, negative_list: u64, avoidance_only: u64) -> Option<Paragraph> {
        let mut clauses = Vec::new();
        for (n, source, word, reading) in [
            (
                negative_list,
                "screened_out.negative_list",
                "联审排查不合格人选",
                "persons ineligible under the negative list or a statutory bar (the joint review)",
            ),
            (
                avoidance_only,
                "screened_out.avoidance_only",
                "因近亲属回避",
                "persons ineligible only through close-relative avoidance (the joint review)",
            ),
        ] {
            self.numbers.push(ReportNumber {
                number: n.to_string(),
                figure: source.to_string(),
                level: None,
                code: None,
                kind: None,
                num: n,
                den: None,
                previous_num: None,
                previous_den: None,
                reading: reading.to_string(),
            });
            let mut w = Words::default();
            w.t(word).n(self.numbers.len() - 1).t("人");
            clauses.push(w);
        }
        sentence("review", clauses, "，")
    }

    fn nomination(&mut self, n: &crate::nominate::NominationReport) -> Option<Paragraph> {
        use NominatorKind as K;
        let d = self.options.precision.nominators_wan;
        let mut clauses = Vec::new();
        for (kinds, source, word) in [
            (
                &[K::VillagerRepresentative, K::ResidentRepresentative][..],
                "nominations.representatives",
                "名代表",
            ),
            (
                &[K::HouseholdRepresentative][..],
                "nominations.household_representatives",
                "名户代表",
            ),
            (&[K::Villager][..], "nominations.villagers", "名村民"),
            (&[K::Resident][..], "nominations.residents", "名居民"),
        ] {
            let lines: Vec<_> = n
                .participation
                .iter()
                .filter(|p| p.unit_code.is_none() && p.kind.is_some_and(|k| kinds.contains(&k)))
                .collect();
            let persons = lines.iter().fold(0u64, |a, p| a.saturating_add(p.persons));
            if persons == 0 {
                continue;
            }
            let Some((text, how)) = self.persons(persons, d) else {
                continue;
            };
            self.numbers.push(ReportNumber {
                number: text,
                figure: source.to_string(),
                level: None,
                code: None,
                kind: None,
                num: persons,
                den: None,
                previous_num: None,
                previous_den: None,
                reading: format!(
                    "{how}; distinct persons who nominated, over every unit, by kind ({})",
                    kinds
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(" + ")
                ),
            });
            let mut w = Words::default();
            w.n(self.numbers.len() - 1).t(word);
            clauses.push(w);
        }
        let mut para = sentence("nomination", clauses, "、")?;
        if let Some(Segment::Text(t)) = para.segments.last_mut() {
            t.insert_str(t.len() - "。".len(), "参与提名");
        }
        Some(para)
    }

    fn round(&mut self) -> Option<Paragraph> {
        let p = self.options.precision;
        let mut clauses = Vec::new();
        for (kind, word) in [
            (KindFilter::Community, "新设社区"),
            (KindFilter::Village, "新设村"),
        ] {
            if let Some(i) = self.head_count("units_new", kind) {
                let mut w = Words::default();
                w.t(word).n(i).t("个");
                clauses.push(w);
            }
        }
        if let Some(c) = self.change("subsidised", KindFilter::All) {
            let current = self.fig("subsidised", KindFilter::All);
            let diff = i128::from(c.current.0) - i128::from(c.previous.0);
            if diff != 0
                && let Some(f) = current
            {
                let i = self.traced(
                    diff.unsigned_abs().to_string(),
                    f,
                    "num less the previous term's num (persons)".into(),
                );
                if let Some(n) = self.numbers.get_mut(i) {
                    n.previous_num = Some(c.previous.0);
                    n.previous_den = Some(c.previous.1);
                }
                let mut w = Words::default();
                if diff > 0 {
                    w.t("新增享受补贴人员").n(i).t("人");
                } else {
                    w.t("享受补贴人员减少").n(i).t("人");
                }
                clauses.push(w);
            }
        }
        for (kind, word) in [
            (KindFilter::Village, "个情况复杂村"),
            (KindFilter::Community, "个情况复杂社区"),
        ] {
            if let Some(i) = self.head_count("units_complex", kind) {
                let mut w = Words::default();
                w.n(i).t(word);
                clauses.push(w);
            }
        }
        let d = p.funds_wan;
        let before = self
            .fig("mean_funds_before", KindFilter::Village)
            .filter(|f| f.den > 0);
        let after = self
            .fig("min_funds_after", KindFilter::Village)
            .filter(|f| f.den > 0);
        let yuan = |w: &mut Self, f: &Figure, mean: bool| -> Option<usize> {
            let trim = w.trim();
            let (text, how) = if mean {
                let t = wan_text(f.num, f.den, d, trim)?;
                if t == "0" {
                    (
                        format!("{}元", value_text(f.num, f.den, 0, trim)?),
                        "num ÷ den (the mean, yuan), half up".to_string(),
                    )
                } else {
                    (
                        format!("{t}万元"),
                        format!("num ÷ den (the mean, yuan) in 万, half up at {}", places(d)),
                    )
                }
            } else if f.num < 10_000 {
                (format!("{}元", f.num), "num (the least, yuan)".to_string())
            } else {
                (
                    format!("{}万元", wan_floor_text(f.num, d, trim)?),
                    format!("num (the least, yuan) in 万, rounded down at {}", places(d)),
                )
            };
            Some(w.traced(text, f, how))
        };
        match (before, after) {
            (Some(b), Some(a)) => {
                // Raised when the least after is above the mean before: a·den_b > num_b.
                let raised = u128::from(a.num) * u128::from(b.den) > u128::from(b.num);
                let (ib, ia) = (yuan(self, b, true), yuan(self, a, false));
                if let (Some(ib), Some(ia)) = (ib, ia) {
                    let mut w = Words::default();
                    if raised {
                        w.t("村级运转经费由").n(ib).t("提高到").n(ia).t("以上");
                    } else {
                        w.t("村级运转经费换届前平均")
                            .n(ib)
                            .t("，换届后不低于")
                            .n(ia);
                    }
                    clauses.push(w);
                }
            }
            (Some(b), None) => {
                if let Some(i) = yuan(self, b, true) {
                    let mut w = Words::default();
                    w.t("换届前村级运转经费平均").n(i);
                    clauses.push(w);
                }
            }
            (None, Some(a)) => {
                if let Some(i) = yuan(self, a, false) {
                    let mut w = Words::default();
                    w.t("村级运转经费不低于").n(i);
                    clauses.push(w);
                }
            }
            (None, None) => {}
        }
        sentence("round", clauses, "；")
    }

    fn trend(&mut self) -> Option<Paragraph> {
        let dir = |figure: &str| {
            self.change(figure, KindFilter::All)
                .and_then(Change::direction)
        };
        let (e, w, a) = (
            dir("education_senior_secondary"),
            dir("women"),
            dir("mean_age"),
        );
        let word = |o: Option<Ordering>| match o? {
            Ordering::Greater => Some("提升"),
            Ordering::Less => Some("下降"),
            Ordering::Equal => Some("持平"),
        };
        let parts: Vec<String> = [("学历", e), ("女性比例", w), ("平均年龄", a)]
            .iter()
            .filter_map(|(what, o)| word(*o).map(|d| format!("{what}{d}")))
            .collect();
        if parts.is_empty() {
            return None;
        }
        let mut out = Words::default();
        if e == Some(Ordering::Greater) && w == Some(Ordering::Greater) && a == Some(Ordering::Less)
        {
            out.t("与上届相比，“两委”班子实现“两升一降”（")
                .t(&parts.join("、"))
                .t("）。");
        } else {
            out.t("与上届相比，“两委”班子").t(&parts.join("、")).t("。");
        }
        out.done("change")
    }
}
