//! Canonical columns, their aliases (docs/tables.md), and header normalisation.

use unicode_normalization::UnicodeNormalization;

/// Every canonical column with its one alias set, the same in every table (docs/tables.md). Where two
/// columns share an alias (登记选民数), the table's own column set decides.
pub const COLUMN_ALIASES: &[(&str, &[&str])] = &[
    (
        "id_number",
        &[
            "身份证号码",
            "身份证号",
            "公民身份号码",
            "公民身份证号码",
            "身份证件号码",
            "身份证号码（18位）",
            "证件号码",
            "证件号",
            "身份证",
            "被提名人身份证号码",
        ],
    ),
    ("name", &["姓名", "名称", "被提名人姓名", "被提名人"]),
    ("sex", &["性别"]),
    ("birth_date", &["出生日期", "出生年月"]),
    ("ethnicity", &["民族"]),
    ("education", &["文化程度", "学历"]),
    ("party", &["政治面貌"]),
    ("finance_skill", &["财会知识"]),
    ("unit_code", &["区划代码", "村(社区)代码", "统计用区划代码"]),
    ("body", &["组织", "机构"]),
    ("role", &["职务", "拟任职务", "拟任岗位"]),
    ("status", &["状态"]),
    ("term", &["届次"]),
    ("kind", &["类别", "类型", "记录类别", "记录种类"]),
    (
        "date",
        &[
            "日期",
            "决定日期",
            "判决日期",
            "处分日期",
            "处理日期",
            "处罚日期",
        ],
    ),
    (
        "end_date",
        &[
            "截止日期",
            "终止日期",
            "撤销日期",
            "离婚日期",
            "移出日期",
            "屏蔽日期",
            "解除日期",
            "退出日期",
            "期满日期",
        ],
    ),
    ("start_date", &["开始日期", "结婚日期"]),
    ("grade", &["等级", "处分种类"]),
    ("rectified", &["是否整改", "已整改", "整改情况"]),
    ("note", &["备注"]),
    (
        "has_record",
        &["有无记录", "有无不良记录", "有无违法违纪记录", "是否有记录"],
    ),
    (
        "document_no",
        &["文号", "决定文号", "文书编号", "判决书编号"],
    ),
    ("opinion", &["意见", "联审意见", "部门意见", "审查意见"]),
    ("seq", &["序号"]),
    ("person", &["本人", "本人身份证号码"]),
    ("relative", &["亲属", "亲属身份证号码"]),
    ("relation", &["称谓", "关系"]),
    ("households", &["户数"]),
    ("registered_voters", &["登记选民数"]),
    ("smaller_groups", &["人数较少的民族"]),
    ("election_date", &["选举日期"]),
    ("register_published", &["选民名单公布日期"]),
    ("seats_director", &["主任职数"]),
    ("seats_deputy_director", &["副主任职数"]),
    ("seats_member", &["委员职数"]),
    ("category", &["登记类别"]),
    ("residence_since", &["居住起始日期"]),
    ("consent", &["村民会议同意"]),
    ("principal", &["委托人"]),
    ("proxy", &["受托人"]),
    ("round", &["轮次"]),
    ("registered", &["登记选民数"]),
    ("voted", &["参加投票人数"]),
    ("ballots_issued", &["发出选票"]),
    ("ballots_returned", &["收回选票"]),
    ("ballots_invalid", &["无效票"]),
    ("votes", &["得票数", "得票"]),
    ("group", &["村民小组", "居民小组", "小组", "组名"]),
    ("weight", &["权重"]),
    ("min_seats", &["最少名额", "保底名额"]),
    ("new_unit", &["新设", "是否新设", "新设立", "新成立"]),
    (
        "complex",
        &[
            "情况复杂",
            "是否情况复杂",
            "难点村",
            "是否难点村",
            "重点难点村",
        ],
    ),
    (
        "complex_reason",
        &["复杂原因", "难点类型", "情况复杂原因", "难点原因"],
    ),
    (
        "funds_before",
        &[
            "换届前运转经费",
            "换届前村级运转经费",
            "原运转经费",
            "运转经费（换届前）",
        ],
    ),
    (
        "funds_after",
        &[
            "换届后运转经费",
            "换届后村级运转经费",
            "现运转经费",
            "运转经费（换届后）",
        ],
    ),
    (
        "round_status",
        &["换届状态", "换届进度", "完成情况", "换届情况"],
    ),
    ("reelection", &["重新选举", "是否重新选举"]),
    (
        "subsidised",
        &["享受补贴", "是否享受补贴", "享受生活补贴", "享受补助"],
    ),
    (
        "background",
        &["来源", "人员来源", "身份类别", "人员类别", "成员来源"],
    ),
    (
        "nominator_kind",
        &[
            "提名人类别",
            "提名方式",
            "提名主体",
            "提名类别",
            "提名人类型",
        ],
    ),
    (
        "nominator",
        &[
            "提名人身份证号码",
            "提名人身份证号",
            "提名人公民身份号码",
            "提名人证件号码",
        ],
    ),
    ("nominators", &["提名人数", "联名人数", "联名提名人数"]),
];

/// The role a table plays, which fixes its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableRole {
    /// One row per person.
    People,
    /// One row per person and seat.
    Roster,
    /// Vetting records.
    Records,
    /// Family facts (家庭成员及主要社会关系).
    Relations,
    /// One row per village or community.
    Units,
    /// The voter register (选民名单).
    Register,
    /// Count sheets: one row per unit, body and round.
    Tallies,
    /// Votes per candidate and role.
    Votes,
    /// Nominations (提名): one row per nominee, role and nominator (or number of nominators).
    Nominations,
    /// Apportionment claims: group, weight (or households), min_seats.
    Weights,
    /// Written proxy votes (委托投票).
    Proxies,
    /// A department's answers to a review request (联审意见): one row per candidate, or
    /// per record.
    Answers,
}

impl TableRole {
    /// The table's name in messages and results.
    pub fn name(self) -> &'static str {
        match self {
            TableRole::People => "people",
            TableRole::Roster => "roster",
            TableRole::Records => "records",
            TableRole::Relations => "relations",
            TableRole::Units => "units",
            TableRole::Register => "register",
            TableRole::Tallies => "tallies",
            TableRole::Votes => "votes",
            TableRole::Nominations => "nominations",
            TableRole::Weights => "weights",
            TableRole::Proxies => "proxies",
            TableRole::Answers => "answers",
        }
    }
    /// The canonical columns the table reads.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            TableRole::People => &[
                "id_number",
                "name",
                "sex",
                "birth_date",
                "ethnicity",
                "education",
                "party",
                "finance_skill",
                "note",
            ],
            TableRole::Roster => &[
                "id_number",
                "unit_code",
                "body",
                "role",
                "status",
                "term",
                "name",
                "subsidised",
                "background",
                "note",
            ],
            TableRole::Records => &[
                "id_number",
                "kind",
                "date",
                "end_date",
                "grade",
                "rectified",
                "note",
            ],
            TableRole::Relations => &[
                "person",
                "relative",
                "relation",
                "kind",
                "start_date",
                "end_date",
                "name",
                "note",
            ],
            TableRole::Units => &[
                "unit_code",
                "name",
                "kind",
                "households",
                "registered_voters",
                "smaller_groups",
                "election_date",
                "register_published",
                "seats_director",
                "seats_deputy_director",
                "seats_member",
                "new_unit",
                "complex",
                "complex_reason",
                "funds_before",
                "funds_after",
                "round_status",
                "reelection",
                "note",
            ],
            TableRole::Register => &[
                "id_number",
                "unit_code",
                "category",
                "residence_since",
                "consent",
                "name",
                "note",
            ],
            TableRole::Tallies => &[
                "unit_code",
                "body",
                "round",
                "registered",
                "voted",
                "ballots_issued",
                "ballots_returned",
                "ballots_invalid",
                "seats_director",
                "seats_deputy_director",
                "seats_member",
                "note",
            ],
            TableRole::Votes => &[
                "unit_code",
                "body",
                "round",
                "id_number",
                "name",
                "role",
                "votes",
                "note",
            ],
            TableRole::Nominations => &[
                "unit_code",
                "body",
                "role",
                "id_number",
                "name",
                "nominator_kind",
                "nominator",
                "nominators",
                "note",
            ],
            TableRole::Weights => &["group", "weight", "households", "min_seats", "note"],
            TableRole::Proxies => &["unit_code", "principal", "proxy", "note"],
            TableRole::Answers => &[
                "seq",
                "id_number",
                "name",
                "unit_code",
                "role",
                "has_record",
                "kind",
                "date",
                "end_date",
                "grade",
                "rectified",
                "document_no",
                "opinion",
                "note",
            ],
        }
    }
    /// The columns without which the table cannot be used.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            TableRole::People => &["id_number"],
            TableRole::Roster => &["id_number", "unit_code"],
            TableRole::Records => &["id_number", "kind"],
            TableRole::Relations => &["person", "relative", "relation"],
            TableRole::Units => &["unit_code"],
            TableRole::Register => &["id_number", "unit_code"],
            TableRole::Tallies => &[
                "unit_code",
                "body",
                "round",
                "registered",
                "voted",
                "ballots_returned",
            ],
            TableRole::Votes => &["unit_code", "body", "round", "role", "votes"],
            TableRole::Nominations => &["unit_code", "body", "role", "id_number", "nominator_kind"],
            TableRole::Weights => &["group"],
            TableRole::Proxies => &["unit_code", "principal", "proxy"],
            TableRole::Answers => &["id_number", "has_record"],
        }
    }
}

impl TableRole {
    /// Every table, in the order the documentation lists them.
    pub const ALL: [TableRole; 12] = [
        TableRole::People,
        TableRole::Roster,
        TableRole::Records,
        TableRole::Relations,
        TableRole::Units,
        TableRole::Register,
        TableRole::Proxies,
        TableRole::Tallies,
        TableRole::Votes,
        TableRole::Nominations,
        TableRole::Weights,
        TableRole::Answers,
    ];
}

/// The aliases of a canonical column.
pub fn aliases_of(column: &str) -> &'static [&'static str] {
    COLUMN_ALIASES
        .iter()
        .find(|(name, _)| *name == column)
        .map_or(&[], |(_, a)| a)
}

/// `docs/columns.md`: every table's columns, required or not, with the headers accepted for
/// each (the English name in any case, or a Chinese alias).
pub fn columns_markdown() -> String {
    let mut out = String::from(
        "# Columns and the headers accepted for them

         <!-- Generated from the table layer (src/table/columns.rs); a test fails when this file
         is out of date (`HUANJIE_BLESS=1 cargo test --test docs` writes it again). -->

         A header is matched after Unicode NFKC normalisation (full-width → half-width), trimming,
         and removing spaces inside Chinese headers (\"姓  名\" = \"姓名\"); English names ignore case
         and take spaces or dashes for underscores. Each column has one alias set, the same in
         every table. Two headers that mean the same column are an error naming both.

",
    );
    for role in TableRole::ALL {
        out.push_str(&format!(
            "## `{}`

| column | required | headers accepted |
|---|---|---|
",
            role.name()
        ));
        for c in role.columns() {
            let required = if role.required().contains(c) {
                "yes"
            } else {
                ""
            };
            let mut names = vec![format!("`{c}`")];
            names.extend(aliases_of(c).iter().map(|a| a.to_string()));
            out.push_str(&format!("| `{c}` | {required} | {} |\n", names.join(", ")));
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// Whether `c` is a Chinese character or full-width punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Normalises a header for matching: NFKC (full-width → half-width), trimmed, spaces removed
/// inside Chinese headers ("姓  名" = "姓名"), English lower-cased with spaces and dashes as
/// underscores.
pub fn normalize_header(header: &str) -> String {
    let n: String = header.nfkc().collect();
    let t = n.trim().trim_start_matches('\u{feff}').trim();
    if t.chars().any(is_cjk) {
        t.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        t.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_")
            .replace('-', "_")
    }
}

/// The canonical column a header means within `columns` (a table's set), if any.
pub fn canonical_column(header: &str, columns: &[&'static str]) -> Option<&'static str> {
    header_meanings(header, columns).first().copied()
}

/// Every column of `columns` (a table's set) a header could mean: none, one, or — were the
/// alias table ever to give one spelling to two columns of a table — several (an error).
pub fn header_meanings(header: &str, columns: &[&'static str]) -> Vec<&'static str> {
    let h = normalize_header(header);
    if h.is_empty() {
        return Vec::new();
    }
    columns
        .iter()
        .copied()
        .filter(|c| {
            *c == h
                || COLUMN_ALIASES
                    .iter()
                    .find(|(name, _)| name == c)
                    .is_some_and(|(_, aliases)| aliases.iter().any(|a| normalize_header(a) == h))
        })
        .collect()
}

/// The headers accepted for `columns`, for messages: `id_number (身份证号码, 身份证号, …)`.
pub fn accepted_headers(columns: &[String]) -> Vec<String> {
    columns
        .iter()
        .map(|c| format!("{c} ({})", aliases_of(c).join(", ")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let people = TableRole::People.columns();
        assert_eq!(canonical_column("姓  名", people), Some("name"));
        assert_eq!(canonical_column("身份证号码", people), Some("id_number"));
        assert_eq!(canonical_column(" ID Number ", people), Some("id_number"));
        assert_eq!(canonical_column("Ｓｅｘ", people), Some("sex"));
        assert_eq!(canonical_column("出生年月", people), Some("birth_date"));
        assert_eq!(canonical_column("籍贯", people), None);
        assert_eq!(
            canonical_column("村（社区）代码", TableRole::Roster.columns()),
            Some("unit_code")
        );
        assert_eq!(
            canonical_column("身份证号码（18位）", people),
            Some("id_number")
        );
        let records = TableRole::Records.columns();
        assert_eq!(canonical_column("处分日期", records), Some("date"));
        assert_eq!(canonical_column("移出日期", records), Some("end_date"));
        assert_eq!(canonical_column("整改情况", records), Some("rectified"));
    }

    /// Within every table, every accepted header (a column's name or an alias) means exactly
    /// one column; across tables an alias means one column, except 登记选民数 (the units'
    /// registered_voters and the tallies' registered, one fact under two names).
    #[test]
    fn no_header_means_two_columns() {
        for role in TableRole::ALL {
            for c in role.columns() {
                for h in std::iter::once(*c).chain(aliases_of(c).iter().copied()) {
                    assert_eq!(
                        header_meanings(h, role.columns()),
                        vec![*c],
                        "{h} in {role:?}"
                    );
                }
            }
        }
        let mut owner: std::collections::HashMap<String, &str> = Default::default();
        for (column, aliases) in COLUMN_ALIASES {
            for a in *aliases {
                if let Some(other) = owner.insert(normalize_header(a), column) {
                    assert_eq!(
                        (a, other, *column),
                        (&"登记选民数", "registered_voters", "registered"),
                        "{a} means two columns"
                    );
                }
            }
        }
    }
}
