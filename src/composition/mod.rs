//! Composition checks (codes `COMP-*`, docs/domain.md §6), per unit, body and term, over the roster:
//! committee sizes, a woman on the 村委会, a member of the unit's smaller ethnic group(s), a
//! supervision-committee member with finance or management knowledge, a member aged 35 or
//! under (a warning), the slate's margin per role (差额) and a woman on the slate, and the
//! 村民代表会议: representatives at least 4/5 of it, women representatives at least 1/3 of it,
//! one representative per 5–15 households.
//!
//! Elected members (`status` elected) are checked as a committee; candidates as a slate. The
//! findings are about a unit, not a person: they have no `id_number` and change no outcome.
//! Every threshold is exact and comes from the pack.

mod rules;

pub(crate) use rules::CompositionRules;

use crate::date::{AgeConvention, age_on};
use crate::division::DivisionCode;
use crate::error::Error;
use crate::finding::{Evidence, Finding, Message, ParamUse};
use crate::id::ResidentId;
use crate::pack::RulePack;
use crate::people::{People, cell_at};
use crate::person::Sex;
use crate::ratio::Ratio;
use crate::roster::{Body, Role, Roster, Status};
use crate::rules::{UNDECIDED, codes};
use crate::units::Units;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What the composition checks read.
pub struct CompositionInput<'a> {
    /// The roster: candidates and elected members.
    pub roster: &'a Roster,
    /// People, for ethnicity and finance skill.
    pub people: &'a People,
    /// The people row of an ID number.
    pub people_row: &'a dyn Fn(ResidentId) -> Option<usize>,
    /// Units: seats (for the slate), smaller ethnic groups, households, election day.
    pub units: Option<&'a Units>,
    /// The run's reference date (a unit's election day overrides it).
    pub as_of: NaiveDate,
    /// How ages are counted.
    pub convention: AgeConvention,
}

/// One person on one committee or slate.
#[derive(Debug, Clone, Copy)]
struct Seat {
    id: ResidentId,
    row: u32,
    role: Option<Role>,
}

/// A group of seats: the unit, the body and the term.
type GroupKey = (DivisionCode, Body, Option<u16>);

#[derive(Default)]
struct Group {
    elected: Vec<Seat>,
    candidates: Vec<Seat>,
}

fn distinct(seats: &[Seat]) -> Vec<Seat> {
    let mut out: Vec<Seat> = Vec::with_capacity(seats.len());
    for s in seats {
        if !out.iter().any(|o| o.id == s.id) {
            out.push(*s);
        }
    }
    out
}

struct Ctx<'a, 'b> {
    input: &'b CompositionInput<'a>,
    pack: &'b RulePack,
    /// The unit's election day: the rules in force on it apply.
    day: NaiveDate,
    unit: DivisionCode,
    body: Body,
    out: &'b mut Vec<Finding>,
}

impl Ctx<'_, '_> {
    /// A finding of rule `code` in the situation `cases` (its severity and reference from the
    /// pack; nothing when the rule is not in force on the unit's day).
    fn push(
        &mut self,
        code: &str,
        cases: &[&str],
        zh: String,
        en: String,
        parameters: Vec<ParamUse>,
        seats: &[Seat],
    ) {
        let Some(rule) = self.pack.rule_use(code, self.day, cases) else {
            return;
        };
        self.out.push(Finding {
            rule: rule.code,
            severity: rule.severity,
            id_number: None,
            row: None,
            roster_row: None,
            unit_code: Some(self.unit),
            body: Some(self.body),
            role: None,
            message: Message::Text {
                zh: zh.into(),
                en: en.into(),
            },
            reference: rule.reference,
            parameters: parameters.into(),
            eligible_from: None,
            evidence: Some(Evidence::Rows {
                table: "roster",
                rows: seats.iter().map(|s| s.row).collect(),
            }),
        });
    }
    fn person<T: Copy>(&self, id: ResidentId, col: &[crate::people::Cell<T>]) -> Option<T> {
        (self.input.people_row)(id).and_then(|r| cell_at(col, r).value())
    }
}

/// The composition findings of the roster.
pub fn composition_findings(
    input: &CompositionInput<'_>,
    pack: &RulePack,
) -> Result<Vec<Finding>, Error> {
    let roster = input.roster;
    // Seats by unit, body and term; a roster lists a unit's rows together, so the group of the
    // row before is tried before the index.
    let mut index: BTreeMap<GroupKey, usize> = BTreeMap::new();
    let mut seats: Vec<Group> = Vec::new();
    let mut last: Option<(GroupKey, usize)> = None;
    for row in 0..roster.len() {
        let (Some(Ok(id)), Some(unit), Some(body)) = (
            roster.id.cells.get(row),
            cell_at(&roster.unit_code, row).value(),
            cell_at(&roster.body, row).value(),
        ) else {
            continue; // unreadable rows are findings of their own (DATA-ROSTER)
        };
        let seat = Seat {
            id: *id,
            row: u32::try_from(row).unwrap_or(u32::MAX),
            role: cell_at(&roster.role, row).value(),
        };
        let key = (unit, body, cell_at(&roster.term, row).value());
        let at = match last {
            Some((k, at)) if k == key => at,
            _ => *index.entry(key).or_insert_with(|| {
                seats.push(Group::default());
                seats.len() - 1
            }),
        };
        last = Some((key, at));
        let Some(g) = seats.get_mut(at) else {
            continue;
        };
        match cell_at(&roster.status, row).value() {
            Some(Status::Elected) => g.elected.push(seat),
            _ => g.candidates.push(seat),
        }
    }
    let unit_rows = input.units.map(|u| u.index());
    let unit_row = |unit: DivisionCode| unit_rows.as_ref().and_then(|m| m.get(&unit).copied());
    let mut memo: BTreeMap<NaiveDate, CompositionRules> = BTreeMap::new();
    let mut out = Vec::new();
    let groups = |key: &GroupKey| index.get(key).and_then(|&at| seats.get(at));
    for ((unit, body, term), &at) in &index {
        let Some(g) = seats.get(at) else {
            continue;
        };
        let day = unit_row(*unit)
            .and_then(|r| input.units.and_then(|u| u.election_date(r)))
            .unwrap_or(input.as_of);
        let rules = match memo.entry(day) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(CompositionRules::from_pack(pack, day)?)
            }
        };
        let rules = &*rules;
        let mut ctx = Ctx {
            input,
            pack,
            day,
            unit: *unit,
            body: *body,
            out: &mut out,
        };
        let elected = distinct(&g.elected);
        if !elected.is_empty() {
            committee(&mut ctx, rules, &elected, day, unit_row(*unit));
        }
        if !g.candidates.is_empty() {
            slate(&mut ctx, rules, &g.candidates, unit_row(*unit));
        }
        if *body == Body::Representatives && !elected.is_empty() {
            let committee = groups(&(*unit, Body::VillageCommittee, *term))
                .map(|c| distinct(&c.elected).len())
                .unwrap_or(0);
            representatives(&mut ctx, rules, &elected, committee as u64, unit_row(*unit));
        }
    }
    Ok(out)
}

/// An elected committee: size, a woman, a smaller ethnic group, finance knowledge, youth.
fn committee(
    ctx: &mut Ctx<'_, '_>,
    rules: &CompositionRules,
    members: &[Seat],
    day: NaiveDate,
    unit_row: Option<usize>,
) {
    let body = ctx.body;
    let n = members.len() as u64;
    let zh_body = body.label_zh();
    if let Some(size) = rules.size(body) {
        let odd = size.odd.as_ref().is_some_and(|o| o.value);
        if n < size.min.value || n > size.max.value || (odd && n.is_multiple_of(2)) {
            let mut params = vec![size.min.used.clone(), size.max.used.clone()];
            params.extend(size.odd.as_ref().map(|o| o.used.clone()));
            let odd_zh = if odd { "且为单数" } else { "" };
            let odd_en = if odd { ", an odd number" } else { "" };
            let case: &[&str] = match body {
                Body::ResidentsCommittee => &["residents_committee"],
                Body::SupervisionCommittee => &["supervision_committee"],
                _ => &[],
            };
            ctx.push(
                codes::COMP_SIZE,
                case,
                format!(
                    "{zh_body}当选成员{n}人，应为{}至{}人{odd_zh}",
                    size.min.value, size.max.value
                ),
                format!(
                    "{n} members elected to the {body}; it must have {} to {}{odd_en}",
                    size.min.value, size.max.value
                ),
                params,
                members,
            );
        }
    }
    if body == Body::VillageCommittee && !members.iter().any(|s| s.id.sex() == Sex::Female) {
        ctx.push(
            codes::COMP_WOMEN,
            &[],
            "村民委员会当选成员中没有妇女成员".into(),
            "no woman among the members elected to the village_committee".into(),
            vec![],
            members,
        );
    }
    let groups = unit_row
        .zip(ctx.input.units)
        .and_then(|(r, u)| cell_at(&u.smaller_groups, r).value())
        .filter(|g| !g.is_empty());
    if let Some(groups) = groups
        && matches!(body, Body::VillageCommittee | Body::ResidentsCommittee)
    {
        let people = ctx.input.people;
        let known: Vec<_> = members
            .iter()
            .map(|s| ctx.person(s.id, &people.ethnicity))
            .collect();
        if !known.iter().flatten().any(|e| groups.contains(*e)) {
            let names: Vec<String> = groups.iter().map(|e| e.label_zh()).collect();
            let names = names.join("、");
            let unknown = known.iter().filter(|k| k.is_none()).count();
            let (undecided, zh_extra, en_extra) = if unknown > 0 {
                (
                    Some(UNDECIDED),
                    format!("（{unknown}名成员未填民族，需复核）"),
                    format!(" ({unknown} members' ethnicity is not given: review)"),
                )
            } else {
                (None, String::new(), String::new())
            };
            let cases: Vec<&str> = (body == Body::ResidentsCommittee)
                .then_some("residents_committee")
                .into_iter()
                .chain(undecided)
                .collect();
            ctx.push(
                codes::COMP_ETHNIC,
                &cases,
                format!("本单位有人数较少的民族（{names}），当选成员中没有该民族成员{zh_extra}"),
                format!(
                    "the unit lists smaller ethnic groups ({names}) and no member elected belongs to one{en_extra}"
                ),
                vec![],
                members,
            );
        }
    }
    if body == Body::SupervisionCommittee {
        let people = ctx.input.people;
        let skills: Vec<Option<bool>> = members
            .iter()
            .map(|s| ctx.person(s.id, &people.finance_skill))
            .collect();
        if !skills.contains(&Some(true)) {
            let unknown = skills.iter().filter(|k| k.is_none()).count();
            let (cases, zh, en): (&[&str], String, String) = if unknown > 0 {
                (
                    &[UNDECIDED],
                    format!(
                        "村务监督委员会成员中未见具备财会、管理知识的人员（{unknown}名成员财会知识未填写）"
                    ),
                    format!(
                        "no supervision-committee member is known to have finance or management knowledge ({unknown} not given)"
                    ),
                )
            } else {
                (
                    &[],
                    "村务监督委员会成员中没有具备财会、管理知识的人员".to_string(),
                    "no supervision-committee member has finance or management knowledge"
                        .to_string(),
                )
            };
            ctx.push(codes::COMP_FINANCE, cases, zh, en, vec![], members);
        }
    }
    if matches!(body, Body::VillageCommittee | Body::ResidentsCommittee) {
        let max = rules.young_max_age.value;
        let ages: Vec<Option<u32>> = members
            .iter()
            .map(|s| {
                s.id.birth_date()
                    .and_then(|b| age_on(b, day, ctx.input.convention))
            })
            .collect();
        if !ages.iter().flatten().any(|&a| u64::from(a) <= max) {
            ctx.push(
                codes::COMP_YOUNG,
                &[],
                format!("{zh_body}当选成员中没有{max}岁以下的成员"),
                format!("no member of the {body} elected is aged {max} or under"),
                vec![rules.young_max_age.used.clone()],
                members,
            );
        }
    }
}

/// A slate: the margin per role against the unit's seats, and a woman on a 村委会 slate.
fn slate(
    ctx: &mut Ctx<'_, '_>,
    rules: &CompositionRules,
    candidates: &[Seat],
    unit_row: Option<usize>,
) {
    let body = ctx.body;
    if !matches!(body, Body::VillageCommittee | Body::ResidentsCommittee) {
        return;
    }
    if let (Some(units), Some(r)) = (ctx.input.units, unit_row) {
        for (role, min, max) in &rules.margins {
            let Some(seats) = units.seats(r, *role).value() else {
                continue;
            };
            let on_slate: Vec<Seat> = distinct(
                &candidates
                    .iter()
                    .filter(|s| s.role == Some(*role))
                    .copied()
                    .collect::<Vec<_>>(),
            );
            let c = on_slate.len() as u64;
            if seats == 0 && c == 0 {
                continue;
            }
            let (zh_role, en_role) = (role.label_zh(), role.as_str());
            let params = vec![min.used.clone(), max.used.clone()];
            if c <= seats {
                ctx.push(
                    codes::COMP_SLATE,
                    &[],
                    format!("{zh_role}正式候选人{c}名，应选{seats}名，未实行差额选举"),
                    format!(
                        "{c} candidates for {seats} {en_role} seat(s): the election must have more candidates than seats"
                    ),
                    params,
                    &on_slate,
                );
            } else if c < seats + min.value || c > seats + max.value {
                ctx.push(
                    codes::COMP_SLATE,
                    &["margin"],
                    format!(
                        "{zh_role}正式候选人{c}名，应选{seats}名，差额应为{}至{}名",
                        min.value, max.value
                    ),
                    format!(
                        "{c} candidates for {seats} {en_role} seat(s): the margin should be {} to {}",
                        min.value, max.value
                    ),
                    params,
                    &on_slate,
                );
            }
        }
    }
    if body == Body::VillageCommittee && !candidates.iter().any(|s| s.id.sex() == Sex::Female) {
        ctx.push(
            codes::COMP_SLATE_WOMAN,
            &[],
            "村民委员会正式候选人中没有女性".into(),
            "no woman among the candidates for the village_committee".into(),
            vec![],
            candidates,
        );
    }
}

/// The 村民代表会议: its members are the 村委会 members and the representatives.
fn representatives(
    ctx: &mut Ctx<'_, '_>,
    rules: &CompositionRules,
    reps: &[Seat],
    committee: u64,
    unit_row: Option<usize>,
) {
    let r = reps.len() as u64;
    let meeting = r + committee;
    let (p, q) = rules.representatives_share.value;
    if !Ratio::new(r, meeting).at_least(p, q) {
        ctx.push(
            codes::COMP_REPS,
            &[],
            format!("村民代表{r}名，不足村民代表会议组成人员{meeting}名的{p}/{q}"),
            format!("{r} representatives are less than {p}/{q} of the {meeting} members of the representatives' assembly"),
            vec![rules.representatives_share.used.clone()],
            reps,
        );
    }
    let women = reps.iter().filter(|s| s.id.sex() == Sex::Female).count() as u64;
    let (p, q) = rules.women_representatives_share.value;
    if !Ratio::new(women, meeting).at_least(p, q) {
        ctx.push(
            codes::COMP_REPS_WOMEN,
            &[],
            format!("妇女村民代表{women}名，不足村民代表会议组成人员{meeting}名的{p}/{q}"),
            format!("{women} women representatives are less than {p}/{q} of the {meeting} members of the representatives' assembly"),
            vec![rules.women_representatives_share.used.clone()],
            reps,
        );
    }
    let households = unit_row
        .zip(ctx.input.units)
        .and_then(|(row, u)| cell_at(&u.households, row).value());
    if let Some(h) = households {
        let (lo, hi) = &rules.households_per_representative;
        if h < lo.value * r || h > hi.value * r {
            ctx.push(
                codes::COMP_REPS_HOUSEHOLDS,
                &[],
                format!(
                    "村民代表{r}名、{h}户：每{}至{}户推选一名（也可按村民小组推选），需复核",
                    lo.value, hi.value
                ),
                format!(
                    "{r} representatives for {h} households: one per {} to {} households (or several per villager group): review",
                    lo.value, hi.value
                ),
                vec![lo.used.clone(), hi.used.clone()],
                reps,
            );
        }
    }
}
