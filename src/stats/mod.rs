//! Statistics as the civil-affairs reports publish them (docs/domain.md §8), over the elected
//! members of a term, per unit and rolled up by division level (township, county, prefecture,
//! province) and by unit kind (village, community, all).
//!
//! Every figure is an exact numerator and denominator; a roll-up recomputes the figure on the
//! union of its units' members (persons, not seats — someone on both committees, or in two
//! units of a county, counts once), never an average of percentages.

mod change;
mod counts;
mod divisions;
mod figures;
mod html;
mod members;
mod round;
mod store;
pub(crate) use html::esc as escape_html;

pub use change::{Change, compare, two_up_one_down};
use counts::Counts;
pub use counts::MAX_AGE_BANDS;
pub use divisions::{DivisionNames, NINGXIA_DIVISIONS};
pub use figures::{FIGURES, Figure, figure_labels, is_count, is_least, is_mean, is_share};
pub(crate) use figures::{age_band_figure, background_figure};
pub use html::{HtmlHead, stats_html, stats_html_page};
use members::{Part, PersonFacts, members, others, person_facts};
use round::{RoundColumns, RoundFacts, RoundSums};
pub use store::{Figures, GroupFigures, GroupHead};

use crate::date::{AgeConvention, age_on};
use crate::division::{DivisionCode, Level, UnitKind};
use crate::hash::{IdMap, IdSet};
use crate::people::{People, cell_at};
use crate::person::{Education, Sex};
use crate::roster::{Body, Roster};
use crate::units::Units;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

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
    /// Whether the units table's facts of the round (新设, 情况复杂, 运转经费, 换届状态, 重新选举)
    /// are reported — not for a previous term: they are this round's.
    pub round_facts: bool,
    /// Age bands besides the default three: each `n` adds the share aged `n` or under
    /// (`age_<n>_or_under`; "40岁及以下"). Sorted, distinct, at most [`MAX_AGE_BANDS`] (see
    /// [`age_bands`]).
    pub age_bands: Vec<u32>,
    /// The backgrounds (来源) the roster's `background` column may name (the pack's): each
    /// gives `background_<code>`.
    pub backgrounds: Vec<crate::pack::BackgroundDef>,
}

/// Reads age bands (`35,40,45,60`): whole years from 1 to 150, at most [`MAX_AGE_BANDS`]
/// distinct; sorted. The error says which band is wrong.
pub fn age_bands(text: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in text
        .split([',', '，', ' ', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part.parse::<u32>() {
            Ok(n) if (1..=150).contains(&n) => out.push(n),
            _ => {
                return Err(format!(
                    "age band {part:?} is not a whole number of years from 1 to 150"
                ));
            }
        }
    }
    checked_age_bands(out)
}

/// Sorts and de-duplicates age bands; an error beyond [`MAX_AGE_BANDS`] or outside 1–150.
pub fn checked_age_bands(mut bands: Vec<u32>) -> Result<Vec<u32>, String> {
    if let Some(b) = bands.iter().find(|b| !(1..=150).contains(*b)) {
        return Err(format!(
            "age band {b} is not a whole number of years from 1 to 150"
        ));
    }
    bands.sort_unstable();
    bands.dedup();
    if bands.len() > MAX_AGE_BANDS {
        return Err(format!(
            "{} age bands: at most {MAX_AGE_BANDS}",
            bands.len()
        ));
    }
    Ok(bands)
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
            round_facts: true,
            age_bands: Vec::new(),
            backgrounds: Vec::new(),
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

/// What the statistics found, with the rows they left out (and why).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StatsReport {
    /// The figures, group by group.
    pub figures: Figures,
    /// Elected roster rows left out because their ID number is not valid.
    pub skipped_invalid_id: u64,
    /// Elected roster rows left out because their unit code is missing or unreadable.
    pub skipped_no_unit: u64,
    /// Units whose election day in the units table cannot be read (or lies outside the
    /// plausible dates): their ages are counted on `as_of`.
    pub unreadable_unit_days: u64,
    /// Other cells the figures read that cannot be read — the roster's `subsidised` and
    /// `background` (elected rows), the units table's round facts: each such cell is in
    /// neither a numerator nor a denominator.
    pub unreadable: Vec<UnreadableCells>,
}

/// Cells of one column that the statistics could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UnreadableCells {
    /// The table (`roster`, `units`).
    pub table: &'static str,
    /// The column as the table heads it.
    pub column: String,
    /// How many cells.
    pub cells: u64,
}

impl StatsReport {
    /// A report of these figures (nothing left out).
    pub fn from_figures(figures: Vec<Figure>) -> StatsReport {
        StatsReport {
            figures: Figures::from(figures),
            ..StatsReport::default()
        }
    }
}

/// The backgrounds each distinct text of the roster's `background` column names (`None`: a
/// part of it names none of `defs`).
fn background_sets(roster: &Roster, defs: &[crate::pack::BackgroundDef]) -> Vec<Option<u32>> {
    roster
        .background
        .texts
        .iter()
        .map(|t| crate::pack::read_backgrounds(defs, t))
        .collect()
}

/// Computes every figure for every group of `options.levels` × kind.
pub fn stats(input: StatsInput<'_>, options: &StatsOptions, names: &DivisionNames) -> StatsReport {
    let backgrounds = background_sets(input.roster, &options.backgrounds);
    let (current, extra) = crate::par::join(
        || {
            let mut r = StatsReport::default();
            (members(input.roster, options.term, &backgrounds, &mut r), r)
        },
        || others(input.roster, options.term),
    );
    // (the rows left out, and the unreadable cells, are said in the report)
    let (current, mut report) = current;
    let previous: Option<Vec<u64>> = input.previous.map(|r| {
        let mut ignore = StatsReport::default();
        members(r, None, &[], &mut ignore).persons()
    });
    // Units: with members, and those the units table lists; their kind, election day, name and
    // facts of the round.
    let known = unit_list(input, options, &current, &extra, &mut report);
    // Each entry's education, party and ethnicity (people's first row for the person), whether
    // the person sat in the previous term, and whether they sit in another unit too.
    let (facts, multi) = person_facts(&current, input.people, previous.as_deref());
    let lookup = Lookup {
        input,
        options,
        previous: previous.is_some(),
        round: RoundColumns::of(
            input.units.filter(|_| options.round_facts),
            input.count.is_some(),
        ),
        subsidised: crate::cells::column_given(
            &input.roster.headers,
            "subsidised",
            &input.roster.subsidised,
        ),
        backgrounds: if !input.roster.headers.contains_key("background")
            && input.roster.background.texts.is_empty()
        {
            Vec::new()
        } else {
            options
                .backgrounds
                .iter()
                .take(crate::pack::MAX_BACKGROUNDS)
                .map(background_figure)
                .collect()
        },
        bands: options
            .age_bands
            .iter()
            .take(MAX_AGE_BANDS)
            .map(|&n| (n, age_band_figure(n)))
            .collect(),
    };
    // Each unit's part: its persons who sit nowhere else add up; the others are kept apart.
    let leads = members::leads(&extra);
    let codes: Vec<(DivisionCode, Option<UnitKind>, NaiveDate)> =
        known.iter().map(|u| (u.code, u.kind, u.day)).collect();
    let unit_part = |i: usize| {
        let Some(u) = known.get(i) else {
            return UnitPart::default();
        };
        let (code, day) = (u.code, u.day);
        let mut p = UnitPart {
            day,
            round: u.round,
            ..UnitPart::default()
        };
        let entries = current.of(code);
        if !entries.is_empty() {
            let (ids, parts) = (
                current.ids.get(entries.clone()).unwrap_or_default(),
                current.parts.get(entries.clone()).unwrap_or_default(),
            );
            let (facts, multi) = (
                facts.get(entries.clone()).unwrap_or_default(),
                multi.get(entries).unwrap_or_default(),
            );
            p.one_shoulder = parts.iter().any(|x| x.secretary && x.director);
            p.has_members = true;
            for (((&id, &part), &facts), &multi) in ids.iter().zip(parts).zip(facts).zip(multi) {
                let person = crate::ResidentId::from_valid_body(id);
                let age = age_of(person, day, options.convention);
                if part.committee {
                    p.has_committee = true;
                    p.has_woman |= person.sex() == Sex::Female;
                }
                p.has_young |= age.is_some_and(|age| age <= 35);
                let part = Part {
                    one_shoulder: part.secretary && part.director,
                    ..part
                };
                if multi {
                    p.shared.push((id, part, facts));
                } else {
                    lookup.add_person(&mut p.counts, person, part, facts, age);
                }
            }
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
    let mut parts: Vec<UnitPart> = crate::par::rows(codes.len(), || (), |_, i| unit_part(i));
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
                let e = p.round.first_ballot.get_or_insert(true);
                *e &= ok;
                p.round.runoff.get_or_insert(false);
            }
        }
        // A second round (另行选举) of a unit counted in the first.
        for r in c.rounds.iter().filter(|r| r.round == 2) {
            if matches!(r.body, Body::VillageCommittee | Body::ResidentsCommittee)
                && let Some(p) = index.get(&r.unit_code).and_then(|&i| parts.get_mut(i))
                && p.round.runoff.is_some()
            {
                p.round.runoff = Some(true);
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
    // As many figures per group whatever its units (the figures depend on the inputs given).
    let per_group = group_figures(&[], &lookup).len();
    // One piece per thread, each sized for its groups: no piece grows, few are joined.
    let figures = crate::par::map_per_thread(runs.len(), |r| {
        let groups: usize = runs[r.clone()]
            .iter()
            .map(|run| if run.0 == Level::Village { 1 } else { 3 })
            .sum();
        let mut out = Figures::with_capacity(groups, groups * per_group);
        for (level, group, units) in &runs[r] {
            let name: Option<std::sync::Arc<str>> =
                names.name(*group).map(std::sync::Arc::from).or_else(|| {
                    let at = known.binary_search_by_key(group, |u| u.code).ok()?;
                    known.get(at)?.name.clone()
                });
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
                out.push_group(
                    GroupHead::new(*level, *group, name.clone(), kind),
                    &group_figures(&members, &lookup),
                );
            }
        }
        out
    });
    report.figures = Figures::concat(figures);
    report
}

/// A unit as the statistics see it.
struct UnitInfo {
    code: DivisionCode,
    kind: Option<UnitKind>,
    /// Its election day (the units table's, else `as_of`).
    day: NaiveDate,
    name: Option<std::sync::Arc<str>>,
    /// Its facts of the round (units table, with the round's facts reported).
    round: RoundFacts,
}

/// The units with members or in the units table, sorted by code: for a code the units table
/// gives twice, the kind, day and name of its last row (the name of its last row that has one)
/// and the round's facts of its first. Unreadable days and round facts are counted in `report`.
fn unit_list(
    input: StatsInput<'_>,
    options: &StatsOptions,
    current: &members::Members,
    extra: &members::Others,
    report: &mut StatsReport,
) -> Vec<UnitInfo> {
    let table = input.units;
    // The units table's rows by code, a code's rows in table order.
    let mut rows: Vec<(DivisionCode, usize)> = table.map_or_else(Vec::new, |u| {
        (0..u.len())
            .filter_map(|r| cell_at(&u.unit_code, r).value().map(|c| (c, r)))
            .collect()
    });
    rows.sort_unstable();
    if let Some(u) = table {
        if options.round_facts {
            for (column, cells) in round::unreadable(u) {
                report.unreadable.push(UnreadableCells {
                    table: "units",
                    column: u.header(column),
                    cells,
                });
            }
        }
        if options.unit_days {
            report.unreadable_unit_days += rows
                .iter()
                .filter(|(_, r)| cell_at(&u.election_date, *r) == crate::cells::Cell::Invalid)
                .count() as u64;
        }
    }
    let mut codes: Vec<DivisionCode> = current
        .units
        .iter()
        .map(|u| u.0)
        .chain(extra.keys().copied())
        .chain(rows.iter().map(|r| r.0))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut at = 0;
    codes
        .into_iter()
        .map(|code| {
            while rows.get(at).is_some_and(|r| r.0 < code) {
                at += 1;
            }
            let first = at;
            while rows.get(at).is_some_and(|r| r.0 == code) {
                at += 1;
            }
            let mine = rows.get(first..at).unwrap_or_default();
            let (Some(u), Some(&(_, first_row)), Some(&(_, last_row))) =
                (table, mine.first(), mine.last())
            else {
                return UnitInfo {
                    code,
                    kind: code.unit_kind(),
                    day: options.as_of,
                    name: None,
                    round: RoundFacts::default(),
                };
            };
            UnitInfo {
                code,
                kind: u.unit_kind(last_row),
                day: u
                    .election_date(last_row)
                    .filter(|_| options.unit_days)
                    .unwrap_or(options.as_of),
                name: mine
                    .iter()
                    .rev()
                    .find_map(|&(_, r)| u.name.get(r).cloned().flatten()),
                round: if options.round_facts {
                    RoundFacts::of_row(u, first_row)
                } else {
                    RoundFacts::default()
                },
            }
        })
        .collect()
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

/// What the statistics need besides the units: the inputs given and the options.
struct Lookup<'a> {
    input: StatsInput<'a>,
    options: &'a StatsOptions,
    /// Whether the previous term's roster is given.
    previous: bool,
    /// The round's columns given.
    round: RoundColumns,
    /// Whether the roster gives `subsidised`.
    subsidised: bool,
    /// The figure of each background (none when the roster has no `background` column).
    backgrounds: Vec<&'static str>,
    /// The extra age bands and their figures.
    bands: Vec<(u32, &'static str)>,
}

impl Lookup<'_> {
    /// Adds one person (their part in the group's committees, what is known of them, their
    /// age on the day of their unit's election).
    fn add_person(
        &self,
        c: &mut Counts,
        id: crate::ResidentId,
        part: Part,
        facts: PersonFacts,
        age: Option<u32>,
    ) {
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
        if let Some(s) = part.subsidised {
            c.subsidised_known += 1;
            c.subsidised += u64::from(s);
        }
        if !part.background_bad {
            c.background_known += 1;
            if part.background != 0 {
                for (i, n) in c.extra().background.iter_mut().enumerate() {
                    *n += u64::from((part.background >> i) & 1 == 1);
                }
            }
        }
        if let Some(age) = age {
            let age = u64::from(age);
            c.age_known += 1;
            c.age_sum += age;
            c.young += u64::from(age <= 35);
            c.middle += u64::from((36..=59).contains(&age));
            c.old += u64::from(age >= 60);
            if !self.bands.is_empty() {
                for (n, &(band, _)) in c.extra().bands.iter_mut().zip(&self.bands) {
                    *n += u64::from(age <= u64::from(band));
                }
            }
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
        c.re_elected += u64::from(facts.re_elected);
    }
}

/// One unit's share in every group it belongs to. Persons who sit in this unit only add up
/// (their counts are summed group by group); persons who also sit in another unit are kept
/// apart and counted once per group, on the day of the first of the group's units they sit in.
#[derive(Default)]
struct UnitPart {
    counts: Counts,
    shared: Vec<(u64, Part, PersonFacts)>,
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
    /// The unit's facts of the round (units table, count).
    round: RoundFacts,
    day: NaiveDate,
}

/// The figures of a group of units (sorted by code) from their parts.
fn group_figures(units: &[&UnitPart], lookup: &Lookup<'_>) -> Vec<(&'static str, u64, u64)> {
    let mut c = Counts::default();
    let mut shared: IdMap<(Part, NaiveDate, PersonFacts)> = IdMap::default();
    let mut shared_leaders = IdSet::default();
    let (mut one_shoulder, mut supervision, mut leaders) = (0u64, 0u64, 0u64);
    let (mut with_members, mut with_committee, mut with_woman, mut with_young) =
        (0u64, 0u64, 0u64, 0u64);
    let (mut voted, mut registered) = (0u64, 0u64);
    let mut round = RoundSums::default();
    for p in units {
        c.add(&p.counts);
        for &(id, part, facts) in &p.shared {
            let e = shared.entry(id).or_insert((Part::default(), p.day, facts));
            e.0.merge(part);
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
        round.add(&p.round);
    }
    for (&id, &(part, day, facts)) in &shared {
        let id = crate::ResidentId::from_valid_body(id);
        let age = age_of(id, day, lookup.options.convention);
        lookup.add_person(&mut c, id, part, facts, age);
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
    if lookup.previous {
        out.push(("re_elected", c.re_elected, persons_n));
        out.push(("newcomers", persons_n - c.re_elected, persons_n));
    }
    if lookup.input.tallies.is_some() {
        out.push(("participation", voted, registered));
    }
    if lookup.input.count.is_some() {
        let (ok, counted) = round.first_ballot();
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
    round.figures(lookup.round, &mut out);
    if lookup.subsidised {
        out.push(("subsidised", c.subsidised, c.subsidised_known));
    }
    let extra = c.extra.as_deref().cloned().unwrap_or_default();
    for (&figure, &n) in lookup.backgrounds.iter().zip(&extra.background) {
        out.push((figure, n, c.background_known));
    }
    for (&(_, figure), &n) in lookup.bands.iter().zip(&extra.bands) {
        out.push((figure, n, c.age_known));
    }
    out
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
}
