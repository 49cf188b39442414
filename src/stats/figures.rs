//! The catalogue of figures: their keys and labels, and one figure of one group.

use super::KindFilter;
use crate::division::{DivisionCode, Level};
use crate::ratio::Ratio;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// The figures, in the order they are reported: (key, Chinese label, English label).
pub const FIGURES: &[(&str, &str, &str)] = &[
    ("units", "单位数", "units"),
    (
        "persons",
        "“两委”成员（人）",
        "distinct two-committee members",
    ),
    (
        "supervision_committees",
        "村（居）务监督委员会（个）",
        "units with an elected supervision committee",
    ),
    (
        "group_leaders",
        "村（居）民小组长（人）",
        "group leaders (distinct persons)",
    ),
    ("cross_appointment", "交叉任职比例", "on both committees"),
    (
        "one_shoulder",
        "“一肩挑”比例",
        "secretary also director (units)",
    ),
    ("women", "女性占比", "women among members"),
    (
        "women_committee",
        "村（居）委会女性成员占比",
        "women among village/residents' committee members",
    ),
    ("women_directors", "女性主任占比", "women among directors"),
    (
        "women_secretaries",
        "女性书记占比",
        "women among secretaries",
    ),
    (
        "education_senior_secondary",
        "高中（中专）及以上",
        "senior secondary or above",
    ),
    ("education_college", "大专及以上", "college or above"),
    ("education_bachelor", "本科及以上", "bachelor or above"),
    ("mean_age", "平均年龄", "mean age"),
    ("age_35_or_under", "35岁以下", "aged 35 or under"),
    ("age_36_to_59", "36至59岁", "aged 36 to 59"),
    ("age_60_or_over", "60岁以上", "aged 60 or over"),
    (
        "re_elected",
        "连任",
        "re-elected (also in the previous term)",
    ),
    ("newcomers", "新当选", "newcomers"),
    ("participation", "参选率", "participation (first round)"),
    (
        "first_ballot_success",
        "一次性选举成功率",
        "first-ballot success (units)",
    ),
    (
        "party_members",
        "中共党员（含预备党员）占比",
        "CPC members (probationary included)",
    ),
    ("ethnic_minority", "少数民族占比", "ethnic minorities"),
    (
        "mean_age_directors",
        "主任平均年龄",
        "mean age of directors",
    ),
    (
        "mean_age_secretaries",
        "书记平均年龄",
        "mean age of secretaries",
    ),
    (
        "mean_age_one_shoulder",
        "“一肩挑”人员平均年龄",
        "mean age of secretaries who are also directors",
    ),
    (
        "education_college_directors",
        "主任大专及以上",
        "directors with college or above",
    ),
    (
        "education_college_secretaries",
        "书记大专及以上",
        "secretaries with college or above",
    ),
    (
        "units_with_woman",
        "村（居）委会有女性成员的单位占比",
        "units whose village/residents' committee has a woman elected",
    ),
    (
        "units_with_young_member",
        "“两委”有35岁以下成员的单位占比",
        "units with a two-committee member aged 35 or under",
    ),
    (
        "units_first_ballot",
        "一次选举成功的单位占比",
        "units whose committee filled every seat in the first round",
    ),
    (
        "units_runoff",
        "另行选举的单位占比",
        "units whose committee election went to a second round (另行选举)",
    ),
    (
        "units_reelection",
        "重新选举的单位占比",
        "units that held their election again (重新选举)",
    ),
    (
        "units_finished",
        "已完成换届的单位占比",
        "units whose round is finished",
    ),
    (
        "units_unfinished",
        "未完成换届的单位占比",
        "units whose round is begun and not finished",
    ),
    (
        "units_not_started",
        "未开始换届的单位占比",
        "units whose round has not begun",
    ),
    (
        "units_new",
        "新设单位占比",
        "units set up this round (新设)",
    ),
    (
        "units_complex",
        "情况复杂的单位占比",
        "units listed with a complex situation (情况复杂)",
    ),
    (
        "mean_funds_before",
        "换届前平均运转经费（元）",
        "mean yearly running funds before the round (yuan)",
    ),
    (
        "mean_funds_after",
        "换届后平均运转经费（元）",
        "mean yearly running funds after the round (yuan)",
    ),
    (
        "min_funds_before",
        "换届前最低运转经费（元）",
        "least yearly running funds before the round (yuan)",
    ),
    (
        "min_funds_after",
        "换届后最低运转经费（元）",
        "least yearly running funds after the round (yuan)",
    ),
    (
        "subsidised",
        "享受补贴成员占比",
        "members receiving the members' allowance",
    ),
];

/// A made figure: (name, Chinese label, English label).
type Made = (&'static str, &'static str, &'static str);

/// Figure names made at run time — an age band (`age_45_or_under`), a background of the
/// pack (`background_veteran`) — with their labels, each kept once for the process (the names
/// are few: one per band and per background code ever used).
static MADE: LazyLock<Mutex<HashMap<String, Made>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The name of a figure made at run time, with its labels (the first labels given for a name
/// are kept).
pub(crate) fn made_figure(name: String, zh: String, en: String) -> &'static str {
    let mut made = MADE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(e) = made.get(&name) {
        return e.0;
    }
    let key: &'static str = Box::leak(name.clone().into_boxed_str());
    let zh: &'static str = Box::leak(zh.into_boxed_str());
    let en: &'static str = Box::leak(en.into_boxed_str());
    made.insert(name, (key, zh, en));
    key
}

/// The figure `age_<n>_or_under` (an age band besides the default three).
pub(crate) fn age_band_figure(n: u32) -> &'static str {
    made_figure(
        format!("age_{n}_or_under"),
        format!("{n}岁及以下"),
        format!("aged {n} or under"),
    )
}

/// The figure `background_<code>` of a pack's background.
pub(crate) fn background_figure(d: &crate::pack::BackgroundDef) -> &'static str {
    made_figure(
        format!("background_{}", d.code),
        format!("来源：{}", d.name_zh),
        format!("members who are {}", d.name_en),
    )
}

/// A figure's Chinese and English labels (`("", "")` for an unknown name).
pub fn figure_labels(figure: &str) -> (&'static str, &'static str) {
    if let Some(x) = FIGURES.iter().find(|x| x.0 == figure) {
        return (x.1, x.2);
    }
    let made = MADE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    made.get(figure).map_or(("", ""), |e| (e.1, e.2))
}

/// One figure of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Figure {
    /// The level of the group (`unit` for a unit).
    pub level: Level,
    /// The group's code (the unit's, the township's, …).
    pub code: DivisionCode,
    /// Its name, when the division table knows it.
    pub name: Option<std::sync::Arc<str>>,
    /// Which units.
    pub kind: KindFilter,
    /// The figure's key (see [`FIGURES`]).
    pub figure: &'static str,
    /// Numerator (for `mean_age`: the sum of the ages).
    pub num: u64,
    /// Denominator.
    pub den: u64,
}

impl Figure {
    /// The exact ratio.
    pub fn ratio(&self) -> Ratio {
        Ratio::new(self.num, self.den)
    }
    /// Whether the figure is a share (printed as a percentage) rather than a count, a mean
    /// or a least value.
    pub fn is_share(&self) -> bool {
        is_share(self.figure)
    }
    /// The value as printed: a share in percent half up at `decimals`, a mean at `decimals`,
    /// a count as is, a least value as is; `None` when the denominator is zero (for a least
    /// value: no unit gives one).
    pub fn text(&self, decimals: u32) -> Option<String> {
        if self.is_share() {
            self.ratio().percent_string(decimals)
        } else if is_mean(self.figure) {
            self.ratio().value_string(decimals)
        } else if is_least(self.figure) && self.den == 0 {
            None
        } else {
            Some(self.num.to_string())
        }
    }
    /// The figure's Chinese and English labels.
    pub fn labels(&self) -> (&'static str, &'static str) {
        figure_labels(self.figure)
    }
}

/// Whether a figure is a share (printed as a percentage), not a count, a mean or a least value.
pub fn is_share(figure: &str) -> bool {
    !is_count(figure) && !is_mean(figure) && !is_least(figure)
}

/// Whether a figure is a least value (`min_funds_after`): `num` is the least of the units'
/// values, `den` the number of units that give one.
pub fn is_least(figure: &str) -> bool {
    figure.starts_with("min_")
}

/// Whether a figure is a count (units, persons), not a share or a mean.
pub fn is_count(figure: &str) -> bool {
    matches!(
        figure,
        "units" | "persons" | "supervision_committees" | "group_leaders"
    )
}

/// Whether a figure is a mean (`mean_age`, `mean_age_directors` …): the sum over the count.
pub fn is_mean(figure: &str) -> bool {
    figure.starts_with("mean_")
}
