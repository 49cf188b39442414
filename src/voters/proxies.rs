//! Written proxy votes (委托投票), AV-05 (村民委员会组织法 art. 15; docs/domain.md §5.2): the proxy
//! must be a close relative of the principal (the pack's set, `civil_code_close` by default)
//! who has the vote in the same unit, and may carry at most the pack's number of principals.

use super::Register;
use crate::division::DivisionCode;
use crate::error::Error;
use crate::finding::Subject;
use crate::finding::{Evidence, Finding, Message, ParamUse, PersonKey};
use crate::id::ResidentId;
use crate::kinship::{FamilyGraph, Kin};
use crate::pack::{ParamValue, RuleBook, RulePack};
use crate::people::{Cell, IdColumn, cell_at};
use crate::rules::{UNDECIDED, codes};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The `proxies` table: unit_code, principal (委托人), proxy (受托人).
#[derive(Debug, Clone, Default)]
pub struct Proxies {
    /// unit_code.
    pub unit_code: Vec<Cell<DivisionCode>>,
    /// principal: the voter who cannot come.
    pub principal: IdColumn,
    /// proxy: the voter who votes for them.
    pub proxy: IdColumn,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
}

/// One proxies row given as text.
#[derive(Debug, Clone, Default)]
pub struct ProxyRow<'a> {
    /// unit_code.
    pub unit_code: Option<&'a str>,
    /// principal.
    pub principal: Option<&'a str>,
    /// proxy.
    pub proxy: Option<&'a str>,
}

impl Proxies {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.unit_code.len()
    }
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.unit_code.is_empty()
    }
    /// Appends a row given as text.
    pub fn push(&mut self, r: &ProxyRow<'_>) {
        self.unit_code
            .push(Cell::read(r.unit_code, DivisionCode::parse));
        self.principal.push_text(r.principal);
        self.proxy.push_text(r.proxy);
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        crate::people::header_of(&self.headers, canonical)
    }
}

struct Out<'a> {
    findings: Vec<Finding>,
    params: &'a [ParamUse],
    /// AV-05 in force on the run's day.
    book: RuleBook,
}

impl Out<'_> {
    #[allow(clippy::too_many_arguments)]
    /// An AV-05 finding in the situation `cases` (nothing when the rule is not in force).
    fn push(
        &mut self,
        cases: &[&str],
        proxy: Option<ResidentId>,
        unit: Option<DivisionCode>,
        zh: String,
        en: String,
        rows: Vec<u32>,
        row: usize,
    ) {
        let Some(rule) = self.book.get(codes::AV_05, cases) else {
            return;
        };
        let subject = Subject {
            id_number: proxy.map(PersonKey::Id),
            row: Some(row as u32),
            unit_code: unit,
            ..Subject::default()
        };
        let mut f = subject.finding(
            rule.code.clone(),
            rule.severity,
            Message::Text {
                zh: zh.into(),
                en: en.into(),
            },
            rule.reference.clone(),
        );
        f.parameters = self.params.to_vec().into();
        f.evidence = Some(Evidence::Rows {
            table: "proxies",
            rows,
        });
        self.findings.push(f);
    }
}

/// The AV-05 findings of the proxies table. `row_state` is the register check's state per
/// register row (2: barred), so that a proxy must have the vote, not only a row.
pub fn proxy_findings(
    proxies: &Proxies,
    register: &Register,
    row_state: &[u8],
    graph: Option<&FamilyGraph>,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Result<Vec<Finding>, Error> {
    let (max, max_use) = pack.param("proxy.max_principals", as_of, |v: &ParamValue| {
        v.as_int().and_then(|i| u64::try_from(i).ok())
    })?;
    let (set_name, set_use) = pack.param("proxy.relation_set", as_of, |v| match v {
        ParamValue::Text(t) => Some(t.clone()),
        _ => None,
    })?;
    let set = pack
        .relation_sets
        .iter()
        .find(|s| s.name == set_name && s.in_force(as_of));
    let params = [max_use, set_use];
    let mut out = Out {
        findings: Vec::new(),
        params: &params,
        book: RuleBook::new(pack, as_of, "proxies"),
    };
    // Who has the vote where: (unit, id) → barred or not.
    let mut voters: HashMap<(DivisionCode, u64), bool> = HashMap::with_capacity(register.len());
    for r in 0..register.len() {
        if let (Some(Ok(id)), Some(unit)) = (
            register.id.cells.get(r),
            cell_at(&register.unit_code, r).value(),
        ) {
            let can = row_state.get(r).is_none_or(|&s| s < 2);
            let e = voters.entry((unit, id.to_u64())).or_insert(false);
            *e |= can;
        }
    }
    // ID numbers a spreadsheet stored as numbers, matched on the 15 digits kept against the
    // register: a row that fits one voter is theirs (with a DATA-ID-NUMERIC finding).
    let data = RuleBook::new(pack, as_of, "data");
    let mut numeric_findings = Vec::new();
    let (principals, proxy_ids) = (
        numeric_attributed(&proxies.principal, register),
        numeric_attributed(&proxies.proxy, register),
    );
    for (ids, column) in [(&principals, "principal"), (&proxy_ids, "proxy")] {
        let (Some((_, matches)), Some(rule)) = (ids, data.get(codes::DATA_ID_NUMERIC, &[])) else {
            continue;
        };
        for (&row, fits) in matches {
            if let [one] = fits.as_slice() {
                let subject = Subject {
                    id_number: Some(PersonKey::Id(*one)),
                    unit_code: cell_at(&proxies.unit_code, row).value(),
                    ..Subject::default()
                };
                let evidence = Evidence::Cell {
                    table: "proxies",
                    row: row as u32,
                    column: proxies.header(column),
                };
                numeric_findings.push(crate::vetting_data::numeric_row_id(
                    &rule,
                    &subject,
                    ("委托投票登记(proxies)", "the proxies"),
                    evidence,
                ));
            }
        }
    }
    let principal_cells = principals.as_ref().map_or(&proxies.principal, |(c, _)| c);
    let proxy_cells = proxy_ids.as_ref().map_or(&proxies.proxy, |(c, _)| c);
    let mut by_proxy: BTreeMap<(DivisionCode, u64), Vec<u32>> = BTreeMap::new();
    let mut by_principal: BTreeMap<(DivisionCode, u64), Vec<u32>> = BTreeMap::new();
    for row in 0..proxies.len() {
        let unit = cell_at(&proxies.unit_code, row).value();
        let (principal, proxy) = (principal_cells.cells.get(row), proxy_cells.cells.get(row));
        let (Some(unit), Some(Ok(principal)), Some(Ok(proxy))) = (unit, principal, proxy) else {
            let proxy_id = proxy.and_then(|p| p.as_ref().ok()).copied();
            out.push(
                &[UNDECIDED],
                proxy_id,
                unit,
                "委托投票登记的单位、委托人或受托人身份证号码为空或无效".into(),
                "the unit, principal or proxy of a proxy vote is missing or not valid".into(),
                vec![row as u32],
                row,
            );
            continue;
        };
        let (principal, proxy) = (*principal, *proxy);
        by_proxy
            .entry((unit, proxy.to_u64()))
            .or_default()
            .push(row as u32);
        by_principal
            .entry((unit, principal.to_u64()))
            .or_default()
            .push(row as u32);
        if !voters.contains_key(&(unit, principal.to_u64())) {
            out.push(
                &["principal_not_registered"],
                Some(proxy),
                Some(unit),
                "委托人不在本单位选民名单中".into(),
                "the principal is not on the unit's voter register".into(),
                vec![row as u32],
                row,
            );
        }
        if voters.get(&(unit, proxy.to_u64())) != Some(&true) {
            out.push(
                &[],
                Some(proxy),
                Some(unit),
                "受托人在本单位没有选举权（不在选民名单中或不具备选民资格）".into(),
                "the proxy has no vote in this unit (not on its register, or not eligible)".into(),
                vec![row as u32],
                row,
            );
        }
        if principal == proxy {
            continue;
        }
        match (graph, set) {
            (Some(g), Some(set)) => {
                let related = match (g.node(Kin::Id(principal)), g.node(Kin::Id(proxy))) {
                    (Some(a), Some(b)) => set.holds(&g.relation_within(a, b, set.depth())),
                    _ => false,
                };
                if !related {
                    out.push(
                        &[],
                        Some(proxy),
                        Some(unit),
                        format!("受托人不是委托人的近亲属（{}）", set.title_zh),
                        format!(
                            "the proxy is not a close relative of the principal ({})",
                            set.name
                        ),
                        vec![row as u32],
                        row,
                    );
                }
            }
            _ => out.push(
                &[UNDECIDED],
                Some(proxy),
                Some(unit),
                "未提供家庭成员信息，无法核实受托人是否为委托人的近亲属".into(),
                "no family facts (relations) to check that the proxy is a close relative".into(),
                vec![row as u32],
                row,
            ),
        }
    }
    for ((unit, proxy), rows) in &by_proxy {
        if rows.len() as u64 > max {
            for &r in rows {
                out.push(
                    &[],
                    ResidentId::from_u64(*proxy),
                    Some(*unit),
                    format!("同一受托人接受{}人委托，超过{max}人", rows.len()),
                    format!(
                        "one proxy carries {} principals, more than {max}",
                        rows.len()
                    ),
                    crate::finding::group_rows(rows, r),
                    r as usize,
                );
            }
        }
    }
    for ((unit, _), rows) in &by_principal {
        if rows.len() > 1 {
            for &r in rows {
                let proxy = proxy_cells
                    .cells
                    .get(r as usize)
                    .and_then(|p| p.as_ref().ok())
                    .copied();
                out.push(
                    &["principal_repeated"],
                    proxy,
                    Some(*unit),
                    format!("同一委托人出现在{}行委托中", rows.len()),
                    format!("one principal appears in {} proxy rows", rows.len()),
                    crate::finding::group_rows(rows, r),
                    r as usize,
                );
            }
        }
    }
    out.findings.sort_by_key(|f| f.row);
    out.findings.extend(numeric_findings);
    Ok(out.findings)
}

/// A proxies ID column with its numbers stored as numbers matched against the register, and
/// the matches; `None` when it has none.
fn numeric_attributed(
    ids: &IdColumn,
    register: &Register,
) -> Option<(IdColumn, BTreeMap<usize, Vec<ResidentId>>)> {
    if ids.numeric.is_empty() {
        return None;
    }
    let mut ids = ids.clone();
    let matches = ids.attribute_numeric(&register.id);
    Some((ids, matches))
}
