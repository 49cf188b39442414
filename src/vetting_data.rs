//! Findings about the data rather than the rules: an invalid ID number, a cell that cannot be
//! read, a contradiction between a column and the ID number, a duplicate, a person missing
//! from `people`. All are `review`: a human must decide. None repeats the personal data.

use crate::finding::{Evidence, Finding, Message, Subject};
use crate::id::IdError;
use crate::rules::RuleUse;

/// A finding of data rule `rule` (its severity and reference from the pack, see
/// [`crate::pack::RuleBook`]).
pub(crate) fn finding(
    rule: &RuleUse,
    s: &Subject,
    zh: String,
    en: String,
    evidence: Option<Evidence>,
) -> Finding {
    Finding {
        evidence,
        ..s.finding(
            rule.code.clone(),
            rule.severity,
            Message::Text {
                zh: zh.into(),
                en: en.into(),
            },
            rule.reference.clone(),
        )
    }
}

fn id_error_zh(e: &IdError) -> String {
    e.message_zh()
}

/// DATA-ID: the ID number does not validate.
pub(crate) fn invalid_id(rule: &RuleUse, s: &Subject, e: &IdError, evidence: Evidence) -> Finding {
    finding(rule, s, id_error_zh(e), e.to_string(), Some(evidence))
}

/// DATA-ID-NUMERIC: a record whose ID number a spreadsheet stored as a number fits this person
/// on the 15 digits it kept — alone (`fits` = 1: the record is theirs) or with others.
pub(crate) fn numeric_id(rule: &RuleUse, s: &Subject, fits: usize, evidence: Evidence) -> Finding {
    let (zh, en) = if fits == 1 {
        (
            "一条记录的身份证号码被存为数字（后三位丢失），按保留的前15位归属此人，请核实".to_string(),
            "a record's ID number was stored as a number (its last digits lost); it was matched to this person on the 15 digits kept: confirm".to_string(),
        )
    } else {
        (
            format!(
                "一条记录的身份证号码被存为数字（后三位丢失），前15位与{fits}人相同，可能属于此人，请核实"
            ),
            format!(
                "a record's ID number was stored as a number (its last digits lost); its 15 digits kept fit {fits} persons, this one among them: confirm whose it is"
            ),
        )
    };
    finding(rule, s, zh, en, Some(evidence))
}

/// DATA-ID-NUMERIC: a row of `table` (the roster, the proxies) whose ID number a spreadsheet
/// stored as a number was matched to this person, the only one with the 15 digits it kept.
pub(crate) fn numeric_row_id(
    rule: &RuleUse,
    s: &Subject,
    (table_zh, table): (&str, &str),
    evidence: Evidence,
) -> Finding {
    finding(
        rule,
        s,
        format!(
            "{table_zh}中此人的身份证号码被存为数字（后三位丢失），按保留的前15位对应到此人，请核实"
        ),
        format!(
            "this person's ID number in {table} was stored as a number (its last digits lost); it was matched to them on the 15 digits kept: confirm"
        ),
        Some(evidence),
    )
}

/// DATA-MISSING-PERSON: a person in `records` or `roster` who has no row in `people`.
pub(crate) fn missing_person(
    rule: &RuleUse,
    s: &Subject,
    evidence: Evidence,
    table: &'static str,
) -> Finding {
    finding(
        rule,
        s,
        format!("{table}中的人员在人员表(people)中没有对应行"),
        format!("a person in {table} has no row in people"),
        Some(evidence),
    )
}

/// DATA-VALUE: a roster row without its unit, body or role: avoidance and the composition of
/// its committee cannot be decided for it.
pub(crate) fn empty_roster_cell(rule: &RuleUse, s: &Subject, row: usize, column: &str) -> Finding {
    finding(
        rule,
        s,
        format!("名单(roster)“{column}”列为空，无法判断此人的近亲属回避和所在委员会的职数构成"),
        format!(
            "roster: the column {column:?} is empty: close-relative avoidance and the committee's composition cannot be decided for this person"
        ),
        Some(Evidence::Cell {
            table: "roster",
            row: row as u32,
            column: column.into(),
        }),
    )
}

/// DATA-VALUE: a cell that cannot be read.
pub(crate) fn bad_cell(
    rule: &RuleUse,
    s: &Subject,
    table: &'static str,
    row: usize,
    column: &str,
) -> Finding {
    finding(
        rule,
        s,
        // (The row is the evidence's, with its line and file where the table came from one.)
        format!("{table}表“{column}”列的值无法识别"),
        format!("{table}: the value in column {column:?} cannot be read"),
        Some(Evidence::Cell {
            table,
            row: row as u32,
            column: column.into(),
        }),
    )
}

/// DATA-VALUE: a date cell that cannot be read, or lies outside the plausible dates (a year
/// typed with five digits).
pub(crate) fn bad_date(
    rule: &RuleUse,
    s: &Subject,
    (table, row, column): (&'static str, usize, &str),
    span: &str,
) -> Finding {
    finding(
        rule,
        s,
        format!("{table}表“{column}”列的日期无法识别，或不在{span}之间"),
        format!("{table}: the date in column {column:?} cannot be read or lies outside {span}"),
        Some(Evidence::Cell {
            table,
            row: row as u32,
            column: column.into(),
        }),
    )
}

/// DATA-VALUE: the cells of the units table that cannot be read (a date outside the plausible
/// dates among them), one finding per cell on its unit. A unit whose election day cannot be
/// read is judged on the run's `as_of`, and the finding says so.
pub(crate) fn unit_cells(
    units: &crate::units::Units,
    rule: &RuleUse,
    bounds: &crate::date::DateBounds,
) -> Vec<Finding> {
    use crate::people::{Cell, cell_at};
    let mut out = Vec::new();
    for r in 0..units.len() {
        let s = Subject {
            unit_code: cell_at(&units.unit_code, r).value(),
            ..Subject::default()
        };
        let invalid = |c: &[Cell<chrono::NaiveDate>]| cell_at(c, r) == Cell::Invalid;
        for (column, bad) in [
            ("election_date", invalid(&units.election_date)),
            ("register_published", invalid(&units.register_published)),
        ] {
            if bad {
                let at = ("units", r, units.header(column));
                let mut f = bad_date(rule, &s, (at.0, at.1, &at.2), &bounds.span());
                if column == "election_date"
                    && let Message::Text { zh, en } = &mut f.message
                {
                    *zh = format!("{zh}；本单位按运行的基准日期评估").into();
                    *en = format!("{en}; the unit is judged on the run's as_of").into();
                }
                out.push(f);
            }
        }
        let other = [
            ("unit_code", cell_at(&units.unit_code, r) == Cell::Invalid),
            ("kind", cell_at(&units.kind, r) == Cell::Invalid),
            ("households", cell_at(&units.households, r) == Cell::Invalid),
            (
                "registered_voters",
                cell_at(&units.registered_voters, r) == Cell::Invalid,
            ),
            (
                "smaller_groups",
                cell_at(&units.smaller_groups, r) == Cell::Invalid,
            ),
            (
                "seats_director",
                cell_at(&units.seats_director, r) == Cell::Invalid,
            ),
            (
                "seats_deputy_director",
                cell_at(&units.seats_deputy_director, r) == Cell::Invalid,
            ),
            (
                "seats_member",
                cell_at(&units.seats_member, r) == Cell::Invalid,
            ),
            ("new_unit", cell_at(&units.new_unit, r) == Cell::Invalid),
            ("complex", cell_at(&units.complex, r) == Cell::Invalid),
            (
                "funds_before",
                cell_at(&units.funds_before, r) == Cell::Invalid,
            ),
            (
                "funds_after",
                cell_at(&units.funds_after, r) == Cell::Invalid,
            ),
            (
                "round_status",
                cell_at(&units.round_status, r) == Cell::Invalid,
            ),
            ("reelection", cell_at(&units.reelection, r) == Cell::Invalid),
        ];
        for (column, _) in other.iter().filter(|(_, bad)| *bad) {
            out.push(bad_cell(rule, &s, "units", r, &units.header(column)));
        }
    }
    out
}

/// DATA-SEX / DATA-BIRTH: a column contradicts the ID number (the ID number wins).
pub(crate) fn contradiction(
    rule: &RuleUse,
    s: &Subject,
    what_zh: &str,
    what_en: &str,
    row: usize,
    column: &str,
) -> Finding {
    finding(
        rule,
        s,
        format!("people表“{column}”列的{what_zh}与身份证号码不一致（以身份证号码为准）"),
        format!(
            "people: the {what_en} in column {column:?} contradicts the ID number (the ID number is used)"
        ),
        Some(Evidence::Cell {
            table: "people",
            row: row as u32,
            column: column.into(),
        }),
    )
}

/// DATA-DUPLICATE: one ID number on several rows of `people` that disagree.
pub(crate) fn duplicate(rule: &RuleUse, s: &Subject, rows: Vec<u32>) -> Finding {
    // (The rows are the evidence's, with their lines where the table came from a file.)
    let n = rows.len();
    finding(
        rule,
        s,
        format!("同一身份证号码在people表中出现{n}次且信息不一致"),
        format!("the same ID number is on {n} rows of people with conflicting attributes"),
        Some(Evidence::Rows {
            table: "people",
            rows,
        }),
    )
}

/// DATA-RELATION: a row of `relations` that cannot be read, so avoidance cannot be decided for
/// the persons it names.
pub(crate) fn relation_problem(
    rule: &RuleUse,
    s: &Subject,
    p: &crate::kinship::KinProblem,
    relations: &crate::kinship::Relations,
) -> Finding {
    use crate::kinship::KinProblem as K;
    let row = p.rows().first().copied().unwrap_or(0);
    let column = p.column().map(|c| relations.header(c)).unwrap_or_default();
    // (Where: the evidence's row, and its line and file where the table came from one.)
    let finding_of = |zh: String| {
        finding(
            rule,
            s,
            format!("亲属关系表(relations)的{column}栏：{zh}，无法判断近亲属回避"),
            format!(
                "relations, column {column}: {}; close-relative avoidance cannot be decided",
                p.what_en()
            ),
            Some(Evidence::Cell {
                table: "relations",
                row,
                column: column.clone(),
            }),
        )
    };
    let zh = match p {
        // (The terms' problems say which reading or row: their own Chinese text.)
        K::TermMismatch { .. } | K::AmbiguousTerm { .. } | K::TermConflict { .. } => {
            return finding_of(p.what_zh());
        }
        K::Missing { .. } => "单元格为空",
        K::Unreadable {
            column: "person" | "relative",
            ..
        } => "身份证号码无效（无号码者请写 key:<文字>）",
        K::Unreadable {
            column: "relation", ..
        } => "称谓无法识别",
        K::Unreadable { .. } => "内容无法识别",
        K::LineageConflict { .. } => "称谓与类别给出的关系种类不一致",
        K::SexConflict { .. } => "称谓所示性别与身份证号码或其他行矛盾",
        K::SelfRelation { .. } => "本人与亲属是同一人",
        K::MarriageEndsBeforeStart { .. } => "婚姻终止日期早于开始日期",
        K::TooManyBloodParents { .. } => "血亲父母多于一父一母",
        K::Cycle { .. } => "亲子关系成环",
    };
    finding_of(zh.to_string())
}
