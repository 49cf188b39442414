//! The published lists (docs/review.md "Notices"): the 候选人名单公示 and the 当选人员公告, per
//! unit, body and role, names in the order of their surname's strokes (姓氏笔画为序,
//! [`crate::strokes`]). No ID number is printed: a notice is posted on a wall.

use crate::division::DivisionCode;
use crate::people::{People, cell_at};
use crate::roster::{Body, Role, Roster, Status};
use crate::stats::escape_html as esc;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

/// Which list: the candidates before the vote, or those elected after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 候选人名单公示: roster rows whose status is a candidacy (or empty).
    Candidates,
    /// 当选人员公告: roster rows whose status is 当选.
    Elected,
}

impl NoticeKind {
    /// The notice's title word.
    pub fn title_zh(self) -> &'static str {
        match self {
            NoticeKind::Candidates => "候选人名单公示",
            NoticeKind::Elected => "当选人员公告",
        }
    }
    fn status(self) -> Status {
        match self {
            NoticeKind::Candidates => Status::Candidate,
            NoticeKind::Elected => Status::Elected,
        }
    }
}

/// One person on a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeEntry {
    /// The unit.
    pub unit_code: Option<DivisionCode>,
    /// Its name, when the units table gives it.
    pub unit_name: Option<String>,
    /// The body.
    pub body: Option<Body>,
    /// The role.
    pub role: Option<Role>,
    /// The name (empty when `people` has none: the notice says so).
    pub name: Arc<str>,
    /// 性别.
    pub sex: String,
    /// 出生年月 (`1975.03`).
    pub born: String,
    /// 民族.
    pub ethnicity: String,
    /// 文化程度.
    pub education: String,
    /// 政治面貌.
    pub party: String,
}

/// What a notice lists, and what it leaves out (said, never dropped in silence).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The persons listed, by unit, body, role, then surname strokes.
    pub entries: Vec<NoticeEntry>,
    /// Roster rows of another status (not on this list).
    pub other_status: u64,
    /// Entries whose person has no name in `people`.
    pub without_name: u64,
}

/// The notice of `kind` over `roster`: each row of that status, with the person's details
/// from `people` (`names` by people row; `unit_names` by unit), ordered by unit, body, role,
/// then by the strokes of the name ([`crate::strokes::compare_names`]).
pub fn notice(
    kind: NoticeKind,
    people: &People,
    names: &[Option<Arc<str>>],
    roster: &Roster,
    unit_names: &HashMap<DivisionCode, String>,
) -> Notice {
    let mut index: HashMap<u64, usize> = HashMap::new();
    for (row, cell) in people.id.cells.iter().enumerate() {
        if let Ok(id) = cell {
            index.entry(id.to_u64()).or_insert(row);
        }
    }
    let mut out = Notice::default();
    for r in 0..roster.len() {
        let status = cell_at(&roster.status, r)
            .value()
            .unwrap_or(Status::Candidate);
        if status != kind.status() {
            out.other_status += 1;
            continue;
        }
        let id = roster.id.cells.get(r).and_then(|c| c.as_ref().ok());
        let prow = id.and_then(|id| index.get(&id.to_u64()).copied());
        let name: Arc<str> = prow
            .and_then(|p| names.get(p).cloned().flatten())
            .unwrap_or_else(|| Arc::from(""));
        if name.is_empty() {
            out.without_name += 1;
        }
        let sex = id
            .map(|id| id.sex().label_zh().to_string())
            .unwrap_or_default();
        let born = id
            .and_then(|id| id.birth_date())
            .map(|d| d.format("%Y.%m").to_string())
            .unwrap_or_default();
        let at = |f: &dyn Fn(usize) -> Option<String>| prow.and_then(f).unwrap_or_default();
        let unit_code = cell_at(&roster.unit_code, r).value();
        out.entries.push(NoticeEntry {
            unit_code,
            unit_name: unit_code.and_then(|u| unit_names.get(&u).cloned()),
            body: cell_at(&roster.body, r).value(),
            role: cell_at(&roster.role, r).value(),
            name,
            sex,
            born,
            ethnicity: at(&|p| cell_at(&people.ethnicity, p).value().map(|e| e.label_zh())),
            education: at(&|p| {
                cell_at(&people.education, p)
                    .value()
                    .map(|e| e.label_zh().to_string())
            }),
            party: at(&|p| {
                cell_at(&people.party, p)
                    .value()
                    .map(|x| x.label_zh().to_string())
            }),
        });
    }
    // Stable: equal keys keep the roster's order.
    out.entries.sort_by(|a, b| {
        (a.unit_code, a.body, a.role)
            .cmp(&(b.unit_code, b.body, b.role))
            .then_with(|| crate::strokes::compare_names(&a.name, &b.name))
    });
    out
}

/// A body's full name on a notice.
fn body_zh(b: Option<Body>) -> &'static str {
    match b {
        Some(Body::PartyCommittee) => "党组织委员会",
        Some(Body::VillageCommittee) => "村民委员会",
        Some(Body::ResidentsCommittee) => "居民委员会",
        Some(Body::SupervisionCommittee) => "村（居）务监督委员会",
        Some(b) => b.label_zh(),
        None => "（未填组织）",
    }
}

fn unit_title(e: &NoticeEntry) -> String {
    match (&e.unit_name, e.unit_code) {
        (Some(n), Some(c)) => format!("{n}（{c}）"),
        (Some(n), None) => n.clone(),
        (None, Some(c)) => c.to_string(),
        (None, None) => "（未填区划代码）".into(),
    }
}

/// A unit's seats on a notice: (body and role, the persons), in order.
type Seats<'a> = Vec<(String, Vec<&'a NoticeEntry>)>;

/// The entries grouped: unit → (body, role) → names, in order.
fn groups(n: &Notice) -> Vec<(String, Seats<'_>)> {
    let mut out: Vec<(String, Seats<'_>)> = Vec::new();
    for e in &n.entries {
        let unit = unit_title(e);
        let seat = format!(
            "{}{}",
            body_zh(e.body),
            e.role.map(Role::label_zh).unwrap_or("")
        );
        if out.last().is_none_or(|(u, _)| *u != unit) {
            out.push((unit.clone(), Vec::new()));
        }
        if let Some((_, seats)) = out.last_mut() {
            if seats.last().is_none_or(|(s, _)| *s != seat) {
                seats.push((seat, Vec::new()));
            }
            if let Some((_, names)) = seats.last_mut() {
                names.push(e);
            }
        }
    }
    out
}

/// The notice as one printable HTML file: a page per unit.
pub fn notice_html(n: &Notice, kind: NoticeKind, as_of: chrono::NaiveDate) -> String {
    let mut s =
        String::from("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
    s.push_str(kind.title_zh());
    s.push_str("</title><style>@page{size:A4;margin:18mm}body{font-family:\"SimSun\",\"Noto Serif CJK SC\",serif;font-size:12pt}section{break-after:page;page-break-after:always}section:last-of-type{break-after:auto;page-break-after:auto}h1{text-align:center;font-size:18pt}h2{font-size:13pt;margin:5mm 0 2mm}table{width:100%;border-collapse:collapse}th,td{border:0.6pt solid #000;padding:1.5mm 2mm;text-align:center}.note{font-size:10pt;margin-top:4mm}.sign{text-align:right;margin-top:12mm;line-height:2}</style></head><body>\n");
    for (unit, seats) in groups(n) {
        let _ = write!(
            s,
            "<section><h1>{}<br>村（社区）“两委”换届{}</h1>",
            esc(&unit),
            kind.title_zh()
        );
        for (seat, people) in seats {
            let word = if kind == NoticeKind::Candidates {
                "候选人"
            } else {
                ""
            };
            let _ = write!(
                s,
                "<h2>{}{word}（{}名，按姓氏笔画为序）</h2><table><tr><th>序号</th><th>姓名</th><th>性别</th><th>出生年月</th><th>民族</th><th>文化程度</th><th>政治面貌</th></tr>",
                esc(&seat),
                people.len()
            );
            for (i, e) in people.iter().enumerate() {
                let name = if e.name.is_empty() {
                    "（未填姓名）"
                } else {
                    &e.name
                };
                let _ = write!(
                    s,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    i + 1,
                    esc(name),
                    esc(&e.sex),
                    esc(&e.born),
                    esc(&e.ethnicity),
                    esc(&e.education),
                    esc(&e.party)
                );
            }
            s.push_str("</table>");
        }
        let _ = writeln!(
            s,
            "<p class=\"note\">公示期间，如有异议，请向村（社区）选举委员会或乡镇（街道）换届工作指导组反映。</p><p class=\"sign\">村（居）民选举委员会（盖章）<br>{}</p></section>",
            as_of.format("%Y年%m月%d日")
        );
    }
    s.push_str("</body></html>\n");
    s
}

/// The notice as an XLSX workbook: one row per person, grouped and ordered as published.
pub fn notice_xlsx(n: &Notice, kind: NoticeKind) -> Result<Vec<u8>, XlsxError> {
    // (a sheet holds 1,048,576 rows: a longer list is an error, never a notice cut short)
    if n.entries.len() > super::EXCEL_ROWS as usize - 1 {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(kind.title_zh())?;
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#DDEBF7");
    let text = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("@");
    let headers = [
        "单位",
        "组织及职务",
        "序号",
        "姓名",
        "性别",
        "出生年月",
        "民族",
        "文化程度",
        "政治面貌",
    ];
    let widths = [28.0, 24.0, 6.0, 12.0, 6.0, 10.0, 10.0, 14.0, 14.0];
    for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &head)?;
        sheet.set_column_width(c as u16, w)?;
    }
    let mut r = 0u32;
    for (unit, seats) in groups(n) {
        for (seat, people) in seats {
            for (i, e) in people.iter().enumerate() {
                r += 1;
                let name = if e.name.is_empty() {
                    "（未填姓名）"
                } else {
                    &e.name
                };
                sheet.write_string_with_format(r, 0, &unit, &text)?;
                sheet.write_string_with_format(r, 1, &seat, &text)?;
                sheet.write_number_with_format(r, 2, (i + 1) as f64, &text)?;
                for (c, v) in [name, &e.sex, &e.born, &e.ethnicity, &e.education, &e.party]
                    .iter()
                    .enumerate()
                {
                    sheet.write_string_with_format(r, 3 + c as u16, *v, &text)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, r.max(1), (headers.len() - 1) as u16)?;
    sheet.set_paper_size(9);
    sheet.set_repeat_rows(0, 0)?;
    book.save_to_buffer()
}
