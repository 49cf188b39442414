//! Statistics as the civil-affairs reports publish them (docs/domain.md §8), over the elected
//! members of a term, per unit and rolled up by division level (township, county, prefecture,
//! province) and by unit kind (village, community, all).
//!
//! Every figure is an exact numerator and denominator; a roll-up recomputes the figure on the
//! union of its units' members (persons, not seats — someone on both committees, or in two
//! units of a county, counts once), never an average of percentages.

mod divisions;
mod html;
pub(crate) use html::esc as escape_html;

pub use divisions::{DivisionNames, NINGXIA_DIVISIONS};
pub use html::stats_html;

use crate::date::{AgeConvention, age_on};
use crate::division::{DivisionCode, Level, UnitKind};
use crate::hash::{IdMap, IdSet};
use crate::people::{People, cell_at};
use crate::person::{Education, Sex};
use crate::ratio::Ratio;
use crate::roster::{Body, Role, Roster, Status};
use crate::units::Units;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What the statistics read.
#[derive(Debug, Clone, Copy)]
pub struct StatsInput<'a> {
    /// People: education, party and ethnicity (sex and age come from the ID numbers).
    pub people: &'a People,
    /// The roster: the elected members (`status` elected) of the term.
    pub roster: &'a Roster,
    /// Units: kinds and election days (each unit's ages are taken on its own day), and units
    /// without elected members.
    pub units: Option<&'a Units>,
    /// First-round tallies: participation.
    pub tallies: Option<&'a crate::count::Tallies>,
    /// The previous term's roster: re-elected and new members.
    pub previous: Option<&'a Roster>,
    /// The count: first-ballot success (units whose 村委会 or 居委会 election filled every seat
    /// in its first round).
    pub count: Option<&'a crate::count::CountReport>,
}

/// How to compute.
#[derive(Debug, Clone)]
pub struct StatsOptions {
    /// The election day where the units table gives none.
    pub as_of: NaiveDate,
    /// Only roster rows of this term (`None`: every elected row).
    pub term: Option<u16>,
    /// The levels to report (default: all, unit to province).
    pub levels: Vec<Level>,
    /// How ages are counted.
    pub convention: AgeConvention,
    /// Whether a unit's own election day (units table) overrides `as_of` — not for a previous
    /// term, whose units table holds this term's days.
    pub unit_days: bool,
}

impl StatsOptions {
    /// Every level, on `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        StatsOptions {
            as_of,
            term: None,
            levels: vec![
                Level::Village,
                Level::Township,
                Level::County,
                Level::Prefecture,
                Level::Province,
            ],
            convention: AgeConvention::BirthdayCounts,
            unit_days: true,
        }
    }
}

/// Which units a row of figures covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KindFilter {
    /// Villages and communities.
    All,
    /// Villages (村).
    Village,
    /// Communities (社区).
    Community,
}

impl KindFilter {
    /// `all`, `village`, `community`.
    pub fn as_str(self) -> &'static str {
        match self {
            KindFilter::All => "all",
            KindFilter::Village => "village",
            KindFilter::Community => "community",
        }
    }
    fn admits(self, k: Option<UnitKind>) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Village => k == Some(UnitKind::Village),
            KindFilter::Community => k == Some(UnitKind::Community),
        }
    }
}

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
];

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
    /// Whether the figure is a share (printed as a percentage) rather than a count or a mean.
    pub fn is_share(&self) -> bool {
        !is_count(self.figure) && !is_mean(self.figure)
    }
    /// The value as printed: a share in percent half up at `decimals`, a mean at `decimals`,
    /// a count as is; `None` when the denominator is zero.
    pub fn text(&self, decimals: u32) -> Option<String> {
        if self.is_share() {
            self.ratio().percent_string(decimals)
        } else if is_mean(self.figure) {
            self.ratio().value_string(decimals)
        } else {
            Some(self.num.to_string())
        }
    }
    /// The figure's Chinese and English labels.
    pub fn labels(&self) -> (&'static str, &'static str) {
        FIGURES
            .iter()
            .find(|x| x.0 == self.figure)
            .map_or(("", ""), |x| (x.1, x.2))
    }
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

/// One person's part in one unit's committees.
#[derive(Debug, Clone, Copy, Default)]
struct Part {
    party: bool,
    committee: bool,
    secretary: bool,
    director: bool,
    /// Secretary and director of the same unit (一肩挑); kept apart from the two roles so
    /// that a person who is secretary in one unit and director in another is not counted.
    one_shoulder: bool,
}

/// What `people` says of a person besides the ID number (their first row).
#[derive(Debug, Clone, Copy, Default)]
struct PersonFacts {
    education: Option<Education>,
    /// A CPC member, probationary included (`None`: the party cell is empty or unreadable).
    cpc: Option<bool>,
    /// Of a group other than 汉族 (`None`: the ethnicity cell is empty or unreadable).
    minority: Option<bool>,
}

/// What the statistics found, with the rows they left out (and why).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StatsReport {
    /// The figures, group by group.
    pub figures: Vec<Figure>,
    /// Elected roster rows left out because their ID number is not valid.
    pub skipped_invalid_id: u64,
    /// Elected roster rows left out because their unit code is missing or unreadable.
    pub skipped_no_unit: u64,
    /// Units whose election day in the units table cannot be read (or lies outside the
    /// plausible dates): their ages are counted on `as_of`.
    pub unreadable_unit_days: u64,
}

impl StatsReport {
    /// A report of these figures (nothing left out).
    pub fn from_figures(figures: Vec<Figure>) -> StatsReport {
        StatsReport {
            figures,
            ..StatsReport::default()
        }
    }
}

type Members = BTreeMap<DivisionCode, IdMap<Part>>;

/// The two-committee members (party committee, village or residents' committee) of `roster`.
fn members(roster: &Roster, term: Option<u16>, report: &mut StatsReport) -> Members {
    let mut out: Members = BTreeMap::new();
    for row in 0..roster.len() {
        if cell_at(&roster.status, row).value() != Some(Status::Elected) {
            continue;
        }
        if term.is_some() && cell_at(&roster.term, row).value() != term {
            continue;
        }
        let Some(body) = cell_at(&roster.body, row).value() else {
            continue;
        };
        let party = body == Body::PartyCommittee;
        let committee = matches!(body, Body::VillageCommittee | Body::ResidentsCommittee);
        if !party && !committee {
            continue;
        }
        let Some(Ok(id)) = roster.id.cells.get(row) else {
            report.skipped_invalid_id += 1;
            continue;
        };
        let Some(unit) = cell_at(&roster.unit_code, row).value() else {
            report.skipped_no_unit += 1;
            continue;
        };
        let role = cell_at(&roster.role, row).value();
        let p = out.entry(unit).or_default().entry(id.to_u64()).or_default();
        p.party |= party;
        p.committee |= committee;
        p.secretary |= party && role == Some(Role::Secretary);
        p.director |= committee && role == Some(Role::Director);
    }
    out
}

/// Per unit: whether it has an elected supervision committee, and its elected group leaders.
type Others = BTreeMap<DivisionCode, (bool, IdSet)>;

/// The elected supervision-committee members and group leaders (村民小组长) of `roster`.
fn others(roster: &Roster, term: Option<u16>) -> Others {
    let mut out = Others::new();
    for row in 0..roster.len() {
        if cell_at(&roster.status, row).value() != Some(Status::Elected)
            || (term.is_some() && cell_at(&roster.term, row).value() != term)
        {
            continue;
        }
        let (Some(body), Some(Ok(id)), Some(unit)) = (
            cell_at(&roster.body, row).value(),
            roster.id.cells.get(row),
            cell_at(&roster.unit_code, row).value(),
        ) else {
            continue;
        };
        match body {
            Body::SupervisionCommittee => out.entry(unit).or_default().0 = true,
            Body::Group if cell_at(&roster.role, row).value() == Some(Role::Leader) => {
                out.entry(unit).or_default().1.insert(id.to_u64());
            }
            _ => {}
        }
    }
    out
}

/// Computes every figure for every group of `options.levels` × kind.
pub fn stats(input: StatsInput<'_>, options: &StatsOptions, names: &DivisionNames) -> StatsReport {
    let mut report = StatsReport::default();
    let current = members(input.roster, options.term, &mut report);
    let extra = others(input.roster, options.term);
    let previous: Option<IdSet> = input.previous.map(|r| {
        let mut ignore = StatsReport::default();
        members(r, None, &mut ignore)
            .values()
            .flat_map(|m| m.keys().copied())
            .collect()
    });
    // Units: with members, and those the units table lists; their kind and election day.
    let mut unit_info: BTreeMap<DivisionCode, (Option<UnitKind>, NaiveDate)> = BTreeMap::new();
    let mut unit_names: HashMap<DivisionCode, String> = HashMap::new();
    if let Some(u) = input.units {
        for r in 0..u.len() {
            if let Some(code) = cell_at(&u.unit_code, r).value() {
                if let Some(Some(n)) = u.name.get(r) {
                    unit_names.insert(code, n.to_string());
                }
                if options.unit_days && cell_at(&u.election_date, r) == crate::cells::Cell::Invalid
                {
                    report.unreadable_unit_days += 1;
                }
                let day = u
                    .election_date(r)
                    .filter(|_| options.unit_days)
                    .unwrap_or(options.as_of);
                unit_info.insert(code, (u.unit_kind(r), day));
            }
        }
    }
    for code in current.keys().chain(extra.keys()) {
        unit_info
            .entry(*code)
            .or_insert((code.unit_kind(), options.as_of));
    }
    // Each person's education, party and ethnicity, from their first row in people.
    let mut facts: IdMap<PersonFacts> = IdMap::default();
    facts.reserve(input.people.id.cells.len());
    let people = input.people;
    for (r, c) in people.id.cells.iter().enumerate() {
        if let Ok(id) = c {
            facts.entry(id.to_u64()).or_insert_with(|| PersonFacts {
                education: cell_at(&people.education, r).value(),
                cpc: cell_at(&people.party, r).value().map(|p| {
                    matches!(
                        p,
                        crate::person::Party::CpcMember | crate::person::Party::CpcProbationary
                    )
                }),
                minority: cell_at(&people.ethnicity, r)
                    .value()
                    .map(|e| e.is_minority()),
            });
        }
    }
    let lookup = Lookup {
        facts,
        input,
        options,
        previous,
    };
    // Each unit's part: its persons who sit nowhere else add up; the others are kept apart.
    let mut sits: IdMap<u32> = IdMap::default();
    for m in current.values() {
        for id in m.keys() {
            *sits.entry(*id).or_default() += 1;
        }
    }
    let mut leads: IdMap<u32> = IdMap::default();
    for e in extra.values() {
        for id in &e.1 {
            *leads.entry(*id).or_default() += 1;
        }
    }
    let codes: Vec<(DivisionCode, Option<UnitKind>, NaiveDate)> =
        unit_info.iter().map(|(c, i)| (*c, i.0, i.1)).collect();
    let unit_part = |code: DivisionCode, day: NaiveDate| {
        let mut p = UnitPart {
            day,
            ..UnitPart::default()
        };
        if let Some(m) = current.get(&code) {
            p.one_shoulder = m.values().any(|x| x.secretary && x.director);
            p.has_members = !m.is_empty();
            for (&id, &part) in m {
                let person = crate::ResidentId::from_u64(id);
                if part.committee {
                    p.has_committee = true;
                    p.has_woman |= person.is_some_and(|x| x.sex() == Sex::Female);
                }
                p.has_young |= person
                    .and_then(|x| age_of(x, day, options.convention))
                    .is_some_and(|age| age <= 35);
                let part = Part {
                    one_shoulder: part.secretary && part.director,
                    ..part
                };
                if sits.get(&id).copied().unwrap_or(0) > 1 {
                    p.shared.push((id, part));
                } else {
                    lookup.add_person(&mut p.counts, id, part, day);
                }
            }
            // Sorted, so that merging them does not depend on hash order.
            p.shared.sort_unstable_by_key(|x| x.0);
        }
        if let Some((sup, leaders)) = extra.get(&code) {
            p.supervision = *sup;
            for &id in leaders {
                if leads.get(&id).copied().unwrap_or(0) > 1 {
                    p.shared_leaders.push(id);
                } else {
                    p.leaders += 1;
                }
            }
        }
        p
    };
    let mut parts: Vec<UnitPart> = crate::par::map_ranges(codes.len(), |r| {
        codes[r]
            .iter()
            .map(|&(code, _, day)| unit_part(code, day))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    let index: HashMap<DivisionCode, usize> =
        codes.iter().enumerate().map(|(i, c)| (c.0, i)).collect();
    // Participation: first-round tallies of the unit's own committee.
    if let Some(t) = input.tallies {
        for r in 0..t.len() {
            let (Some(unit), Some(1), Some(body), Some(voted), Some(registered)) = (
                cell_at(&t.unit_code, r).value(),
                cell_at(&t.round, r).value(),
                cell_at(&t.body, r).value(),
                cell_at(&t.voted, r).value(),
                cell_at(&t.registered, r).value(),
            ) else {
                continue;
            };
            if matches!(body, Body::VillageCommittee | Body::ResidentsCommittee)
                && let Some(p) = index.get(&unit).and_then(|&i| parts.get_mut(i))
            {
                let e = p.turnout.get_or_insert((0, 0));
                e.0 += voted;
                e.1 += registered;
            }
        }
    }
    // First-ballot success: a unit's committee election stands and fills every seat in round 1.
    if let Some(c) = input.count {
        for r in c.rounds.iter().filter(|r| r.round == 1) {
            if matches!(r.body, Body::VillageCommittee | Body::ResidentsCommittee)
                && let Some(p) = index.get(&r.unit_code).and_then(|&i| parts.get_mut(i))
            {
                let ok = r.valid && r.unfilled_total() == 0;
                let e = p.success.get_or_insert(true);
                *e &= ok;
            }
        }
    }
    // Units sorted by code: the units of a group at any level are one run of them.
    let mut runs: Vec<(Level, DivisionCode, std::ops::Range<usize>)> = Vec::new();
    for &level in &options.levels {
        let mut start = 0;
        while start < codes.len() {
            let group = codes[start].0.at_level(level);
            let mut end = start + 1;
            while end < codes.len() && codes[end].0.at_level(level) == group {
                end += 1;
            }
            if let Some(g) = group {
                runs.push((level, g, start..end));
            }
            start = end;
        }
    }
    let unit_names: HashMap<DivisionCode, std::sync::Arc<str>> = unit_names
        .into_iter()
        .map(|(k, v)| (k, std::sync::Arc::from(v)))
        .collect();
    let figures = crate::par::map_ranges(runs.len(), |r| {
        let mut out = Vec::new();
        for (level, group, units) in &runs[r] {
            let name: Option<std::sync::Arc<str>> = names
                .name(*group)
                .map(std::sync::Arc::from)
                .or_else(|| unit_names.get(group).cloned());
            for kind in [KindFilter::All, KindFilter::Village, KindFilter::Community] {
                if kind != KindFilter::All && *level == Level::Village {
                    continue;
                }
                let members: Vec<&UnitPart> = units
                    .clone()
                    .filter(|&i| kind.admits(codes[i].1))
                    .map(|i| &parts[i])
                    .collect();
                if members.is_empty() {
                    continue;
                }
                for (figure, num, den) in group_figures(&members, &lookup) {
                    out.push(Figure {
                        level: *level,
                        code: *group,
                        name: name.clone(),
                        kind,
                        figure,
                        num,
                        den,
                    });
                }
            }
        }
        out
    });
    report.figures = figures.into_iter().flatten().collect();
    report
}

/// The whole-year age on `day` of the person `id` names: straight from the ID's digits for the
/// default convention (the birthday counts on the day; 29 February on 28 February in a common
/// year), else by [`age_on`].
fn age_of(id: crate::ResidentId, day: NaiveDate, convention: AgeConvention) -> Option<u32> {
    use chrono::Datelike;
    if convention != AgeConvention::BirthdayCounts || id.is_legacy() {
        return id.birth_date().and_then(|b| age_on(b, day, convention));
    }
    let ymd = (id.body() / 1000) % 100_000_000;
    let (y, m, d) = (
        (ymd / 10_000) as i32,
        ((ymd / 100) % 100) as u32,
        (ymd % 100) as u32,
    );
    let leap = |y: i32| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let d = if m == 2 && d == 29 && !leap(day.year()) {
        28
    } else {
        d
    };
    let years = day.year() - y - i32::from((m, d) > (day.month(), day.day()));
    u32::try_from(years).ok()
}

/// What the statistics need besides the units: people's rows, the previous term's persons,
/// the options.
struct Lookup<'a> {
    facts: IdMap<PersonFacts>,
    input: StatsInput<'a>,
    options: &'a StatsOptions,
    previous: Option<IdSet>,
}

impl Lookup<'_> {
    /// Adds one person (their part in the group's committees, their age on `day`).
    fn add_person(&self, c: &mut Counts, id: u64, part: Part, day: NaiveDate) {
        let Some(id) = crate::ResidentId::from_u64(id) else {
            return;
        };
        let female = id.sex() == Sex::Female;
        c.persons += 1;
        c.both += u64::from(part.party && part.committee);
        c.women += u64::from(female);
        if part.committee {
            c.committee += 1;
            c.women_committee += u64::from(female);
        }
        if part.director {
            c.directors += 1;
            c.women_directors += u64::from(female);
        }
        if part.secretary {
            c.secretaries += 1;
            c.women_secretaries += u64::from(female);
        }
        let facts = self.facts.get(&id.to_u64()).copied().unwrap_or_default();
        if let Some(e) = facts.education {
            let college = u64::from(e >= Education::JuniorCollege);
            c.education_known += 1;
            c.senior += u64::from(e >= Education::SeniorSecondary);
            c.college += college;
            c.bachelor += u64::from(e >= Education::Bachelor);
            if part.director {
                c.directors_education_known += 1;
                c.directors_college += college;
            }
            if part.secretary {
                c.secretaries_education_known += 1;
                c.secretaries_college += college;
            }
        }
        if let Some(cpc) = facts.cpc {
            c.party_known += 1;
            c.party_members += u64::from(cpc);
        }
        if let Some(minority) = facts.minority {
            c.ethnicity_known += 1;
            c.minority += u64::from(minority);
        }
        if let Some(age) = age_of(id, day, self.options.convention) {
            let age = u64::from(age);
            c.age_known += 1;
            c.age_sum += age;
            c.young += u64::from(age <= 35);
            c.middle += u64::from((36..=59).contains(&age));
            c.old += u64::from(age >= 60);
            for (holds, known, sum) in [
                (
                    part.director,
                    &mut c.directors_age_known,
                    &mut c.directors_age_sum,
                ),
                (
                    part.secretary,
                    &mut c.secretaries_age_known,
                    &mut c.secretaries_age_sum,
                ),
                (
                    part.one_shoulder,
                    &mut c.one_shoulder_age_known,
                    &mut c.one_shoulder_age_sum,
                ),
            ] {
                if holds {
                    *known += 1;
                    *sum += age;
                }
            }
        }
        if self
            .previous
            .as_ref()
            .is_some_and(|p| p.contains(&id.to_u64()))
        {
            c.re_elected += 1;
        }
    }
}

/// One unit's share in every group it belongs to. Persons who sit in this unit only add up
/// (their counts are summed group by group); persons who also sit in another unit are kept
/// apart and counted once per group, on the day of the first of the group's units they sit in.
#[derive(Default)]
struct UnitPart {
    counts: Counts,
    shared: Vec<(u64, Part)>,
    one_shoulder: bool,
    /// Whether the unit has two-committee members, village/residents' committee members, a
    /// woman among the latter, and a member aged 35 or under on the unit's day.
    has_members: bool,
    has_committee: bool,
    has_woman: bool,
    has_young: bool,
    supervision: bool,
    leaders: u64,
    shared_leaders: Vec<u64>,
    turnout: Option<(u64, u64)>,
    success: Option<bool>,
    day: NaiveDate,
}

/// The figures of a group of units (sorted by code) from their parts.
fn group_figures(units: &[&UnitPart], lookup: &Lookup<'_>) -> Vec<(&'static str, u64, u64)> {
    let mut c = Counts::default();
    let mut shared: IdMap<(Part, NaiveDate)> = IdMap::default();
    let mut shared_leaders = IdSet::default();
    let (mut one_shoulder, mut supervision, mut leaders) = (0u64, 0u64, 0u64);
    let (mut with_members, mut with_committee, mut with_woman, mut with_young) =
        (0u64, 0u64, 0u64, 0u64);
    let (mut voted, mut registered, mut counted, mut ok) = (0u64, 0u64, 0u64, 0u64);
    for p in units {
        c.add(&p.counts);
        for &(id, part) in &p.shared {
            let e = shared.entry(id).or_insert((Part::default(), p.day));
            e.0.party |= part.party;
            e.0.committee |= part.committee;
            e.0.secretary |= part.secretary;
            e.0.director |= part.director;
            e.0.one_shoulder |= part.one_shoulder;
        }
        one_shoulder += u64::from(p.one_shoulder);
        with_members += u64::from(p.has_members);
        with_committee += u64::from(p.has_committee);
        with_woman += u64::from(p.has_woman);
        with_young += u64::from(p.has_young);
        supervision += u64::from(p.supervision);
        leaders += p.leaders;
        shared_leaders.extend(p.shared_leaders.iter().copied());
        if let Some((v, r)) = p.turnout {
            voted += v;
            registered += r;
        }
        if let Some(s) = p.success {
            counted += 1;
            ok += u64::from(s);
        }
    }
    for (&id, &(part, day)) in &shared {
        lookup.add_person(&mut c, id, part, day);
    }
    leaders += shared_leaders.len() as u64;
    let persons_n = c.persons;
    let n_units = units.len() as u64;
    let mut out = vec![
        ("units", n_units, 1),
        ("persons", persons_n, 1),
        ("supervision_committees", supervision, 1),
        ("group_leaders", leaders, 1),
        ("cross_appointment", c.both, persons_n),
        ("one_shoulder", one_shoulder, n_units),
        ("women", c.women, persons_n),
        ("women_committee", c.women_committee, c.committee),
        ("women_directors", c.women_directors, c.directors),
        ("women_secretaries", c.women_secretaries, c.secretaries),
        ("education_senior_secondary", c.senior, c.education_known),
        ("education_college", c.college, c.education_known),
        ("education_bachelor", c.bachelor, c.education_known),
        ("mean_age", c.age_sum, c.age_known),
        ("age_35_or_under", c.young, c.age_known),
        ("age_36_to_59", c.middle, c.age_known),
        ("age_60_or_over", c.old, c.age_known),
    ];
    if lookup.previous.is_some() {
        out.push(("re_elected", c.re_elected, persons_n));
        out.push(("newcomers", persons_n - c.re_elected, persons_n));
    }
    if lookup.input.tallies.is_some() {
        out.push(("participation", voted, registered));
    }
    if lookup.input.count.is_some() {
        out.push(("first_ballot_success", ok, counted));
    }
    out.extend([
        ("party_members", c.party_members, c.party_known),
        ("ethnic_minority", c.minority, c.ethnicity_known),
        (
            "mean_age_directors",
            c.directors_age_sum,
            c.directors_age_known,
        ),
        (
            "mean_age_secretaries",
            c.secretaries_age_sum,
            c.secretaries_age_known,
        ),
        (
            "mean_age_one_shoulder",
            c.one_shoulder_age_sum,
            c.one_shoulder_age_known,
        ),
        (
            "education_college_directors",
            c.directors_college,
            c.directors_education_known,
        ),
        (
            "education_college_secretaries",
            c.secretaries_college,
            c.secretaries_education_known,
        ),
        ("units_with_woman", with_woman, with_committee),
        ("units_with_young_member", with_young, with_members),
    ]);
    out
}

#[derive(Debug, Clone, Default)]
struct Counts {
    persons: u64,
    both: u64,
    women: u64,
    committee: u64,
    women_committee: u64,
    directors: u64,
    women_directors: u64,
    secretaries: u64,
    women_secretaries: u64,
    education_known: u64,
    senior: u64,
    college: u64,
    bachelor: u64,
    age_known: u64,
    age_sum: u64,
    young: u64,
    middle: u64,
    old: u64,
    re_elected: u64,
    party_known: u64,
    party_members: u64,
    ethnicity_known: u64,
    minority: u64,
    directors_age_known: u64,
    directors_age_sum: u64,
    secretaries_age_known: u64,
    secretaries_age_sum: u64,
    one_shoulder_age_known: u64,
    one_shoulder_age_sum: u64,
    directors_education_known: u64,
    directors_college: u64,
    secretaries_education_known: u64,
    secretaries_college: u64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.party_known += o.party_known;
        self.party_members += o.party_members;
        self.ethnicity_known += o.ethnicity_known;
        self.minority += o.minority;
        self.directors_age_known += o.directors_age_known;
        self.directors_age_sum += o.directors_age_sum;
        self.secretaries_age_known += o.secretaries_age_known;
        self.secretaries_age_sum += o.secretaries_age_sum;
        self.one_shoulder_age_known += o.one_shoulder_age_known;
        self.one_shoulder_age_sum += o.one_shoulder_age_sum;
        self.directors_education_known += o.directors_education_known;
        self.directors_college += o.directors_college;
        self.secretaries_education_known += o.secretaries_education_known;
        self.secretaries_college += o.secretaries_college;
        self.persons += o.persons;
        self.both += o.both;
        self.women += o.women;
        self.committee += o.committee;
        self.women_committee += o.women_committee;
        self.directors += o.directors;
        self.women_directors += o.women_directors;
        self.secretaries += o.secretaries;
        self.women_secretaries += o.women_secretaries;
        self.education_known += o.education_known;
        self.senior += o.senior;
        self.college += o.college;
        self.bachelor += o.bachelor;
        self.age_known += o.age_known;
        self.age_sum += o.age_sum;
        self.young += o.young;
        self.middle += o.middle;
        self.old += o.old;
        self.re_elected += o.re_elected;
    }
}

/// A figure of this term next to the previous term's (docs/domain.md §8: the change in percentage
/// points and as a relative change, both labelled; the previous term's ages on its own day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The level.
    pub level: Level,
    /// The group.
    pub code: DivisionCode,
    /// Which units.
    pub kind: KindFilter,
    /// The figure.
    pub figure: &'static str,
    /// This term: (num, den).
    pub current: (u64, u64),
    /// The previous term: (num, den).
    pub previous: (u64, u64),
}

/// A signed exact quotient printed half away from zero with `decimals` places and a sign.
fn signed_text(num: i128, den: i128, decimals: u32) -> Option<String> {
    if den == 0 {
        return None;
    }
    let p = 10i128.checked_pow(decimals)?;
    let (n, d) = (num.checked_mul(p)?.abs(), den.abs());
    let v = (n * 2 + d) / (2 * d);
    let sign = if v == 0 {
        ""
    } else if (num < 0) != (den < 0) {
        "-"
    } else {
        "+"
    };
    Some(if decimals == 0 {
        format!("{sign}{v}")
    } else {
        format!(
            "{sign}{}.{:0width$}",
            v / p,
            v % p,
            width = decimals as usize
        )
    })
}

impl Change {
    fn difference(&self) -> Option<(i128, i128)> {
        let (n1, d1) = (i128::from(self.current.0), i128::from(self.current.1));
        let (n0, d0) = (i128::from(self.previous.0), i128::from(self.previous.1));
        (d1 != 0 && d0 != 0).then(|| (n1 * d0 - n0 * d1, d1 * d0))
    }
    /// Whether the figure is a share (the change is in percentage points) or a mean or count.
    pub fn is_share(&self) -> bool {
        !is_count(self.figure) && !is_mean(self.figure)
    }
    /// The change: in percentage points for a share ("+1.2"), in the figure's own unit for a
    /// mean or a count.
    pub fn change_text(&self, decimals: u32) -> Option<String> {
        if is_count(self.figure) {
            return signed_text(
                i128::from(self.current.0) - i128::from(self.previous.0),
                1,
                0,
            );
        }
        let (n, d) = self.difference()?;
        let scale = if self.is_share() { 100 } else { 1 };
        signed_text(n * scale, d, decimals)
    }
    /// The relative change in percent of the previous value ("+3.4").
    pub fn relative_text(&self, decimals: u32) -> Option<String> {
        if is_count(self.figure) {
            let (c, p) = (i128::from(self.current.0), i128::from(self.previous.0));
            return signed_text((c - p) * 100, p, decimals);
        }
        let (n1, d1) = (i128::from(self.current.0), i128::from(self.current.1));
        let (n0, d0) = (i128::from(self.previous.0), i128::from(self.previous.1));
        // (n1/d1 − n0/d0) / (n0/d0) = (n1·d0 − n0·d1) / (n0·d1)
        signed_text((n1 * d0 - n0 * d1) * 100, n0 * d1, decimals)
    }
    /// Up, down or the same (exactly).
    pub fn direction(&self) -> Option<std::cmp::Ordering> {
        if is_count(self.figure) {
            return Some(self.current.0.cmp(&self.previous.0));
        }
        self.difference().map(|(n, _)| n.cmp(&0))
    }
}

/// The figures of both terms side by side, group by group (groups in both reports only).
pub fn compare(current: &StatsReport, previous: &StatsReport) -> Vec<Change> {
    let before: HashMap<(Level, DivisionCode, KindFilter, &str), (u64, u64)> = previous
        .figures
        .iter()
        .map(|f| ((f.level, f.code, f.kind, f.figure), (f.num, f.den)))
        .collect();
    current
        .figures
        .iter()
        .filter_map(|f| {
            before
                .get(&(f.level, f.code, f.kind, f.figure))
                .map(|&previous| Change {
                    level: f.level,
                    code: f.code,
                    kind: f.kind,
                    figure: f.figure,
                    current: (f.num, f.den),
                    previous,
                })
        })
        .collect()
}

/// "两升一降" for each group: the education share (senior secondary or above) up, the share
/// of women up, the mean age down — `None` where a figure is missing from either term.
pub fn two_up_one_down(changes: &[Change]) -> Vec<(Level, DivisionCode, KindFilter, Option<bool>)> {
    use std::cmp::Ordering::{Greater, Less};
    let mut groups: BTreeMap<(Level, DivisionCode, KindFilter), [Option<std::cmp::Ordering>; 3]> =
        BTreeMap::new();
    for c in changes {
        let slot = match c.figure {
            "education_senior_secondary" => 0,
            "women" => 1,
            "mean_age" => 2,
            _ => continue,
        };
        groups.entry((c.level, c.code, c.kind)).or_default()[slot] = c.direction();
    }
    groups
        .into_iter()
        .map(|((l, code, k), d)| {
            let verdict = match d {
                [Some(e), Some(w), Some(a)] => Some(e == Greater && w == Greater && a == Less),
                _ => None,
            };
            (l, code, k, verdict)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_age_from_the_id_digits_is_age_on() {
        let days = [
            "2021-02-28",
            "2020-02-29",
            "2021-03-01",
            "2020-02-28",
            "1999-12-31",
        ];
        let mut birth = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap();
        while birth < NaiveDate::from_ymd_opt(2021, 3, 2).unwrap() {
            let id = crate::id::from_parts(640104, birth, 123).unwrap();
            for day in days {
                let day: NaiveDate = day.parse().unwrap();
                for c in [
                    AgeConvention::BirthdayCounts,
                    AgeConvention::DayAfterBirthday,
                ] {
                    assert_eq!(age_of(id, day, c), age_on(birth, day, c), "{birth} {day}");
                }
            }
            birth = birth.succ_opt().unwrap();
        }
    }

    #[test]
    fn signed_rounding_is_half_away_from_zero() {
        assert_eq!(signed_text(5, 100, 1).as_deref(), Some("+0.1"));
        assert_eq!(signed_text(-5, 100, 1).as_deref(), Some("-0.1"));
        assert_eq!(signed_text(-4, 100, 1).as_deref(), Some("0.0"));
        assert_eq!(signed_text(0, 7, 2).as_deref(), Some("0.00"));
        assert_eq!(signed_text(285, 10, 1).as_deref(), Some("+28.5"));
    }

    #[test]
    fn points_and_relative_change_differ() {
        // 30.0% → 38.55%: +8.6 points, +28.5% relative (the "提高28.5%" of docs/domain.md §8).
        let c = Change {
            level: Level::Province,
            code: DivisionCode::parse("640000").unwrap(),
            kind: KindFilter::All,
            figure: "women",
            current: (3855, 10000),
            previous: (300, 1000),
        };
        assert_eq!(c.change_text(1).as_deref(), Some("+8.6"));
        assert_eq!(c.relative_text(1).as_deref(), Some("+28.5"));
    }
}
