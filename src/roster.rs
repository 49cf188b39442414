//! The `roster` table (docs/tables.md): one row per person and seat — who stands for or sits on
//! which body of which unit, in which term.

use crate::division::DivisionCode;
use crate::people::{Cell, IdColumn};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal [$($label:literal),*]),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),* }
        impl $name {
            /// Reads the English code or a Chinese label.
            pub fn parse(label: &str) -> Option<Self> {
                let l = label.trim();
                $( if l.eq_ignore_ascii_case($code) $(|| l == $label)* { return Some(Self::$v); } )*
                None
            }
            /// The English code.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $code),* }
            }
            /// The first Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self { $(Self::$v => [$($label),*][0]),* }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

labelled_enum! {
    /// A body of a village or community (docs/tables.md "Bodies").
    Body {
        /// 党组织: the Party branch committee.
        PartyCommittee = "party_committee" ["党组织", "党支部", "村党组织", "党委", "党总支", "社区党组织"],
        /// 村民委员会.
        VillageCommittee = "village_committee" ["村委会", "村民委员会"],
        /// 居民委员会.
        ResidentsCommittee = "residents_committee" ["居委会", "居民委员会"],
        /// 村务监督委员会 / 居务监督委员会.
        SupervisionCommittee = "supervision_committee" ["村务监督委员会", "居务监督委员会", "监委会"],
        /// 村民选举委员会.
        ElectionCommittee = "election_committee" ["选举委员会", "村民选举委员会", "居民选举委员会"],
        /// 监票人员, 唱票人员, 计票人员.
        TallyStaff = "tally_staff" ["监票人员", "唱票人员", "计票人员", "监票人", "唱票人", "计票人"],
        /// 村民小组 / 居民小组.
        Group = "group" ["村民小组", "居民小组"],
        /// 村民代表 / 居民代表 (the representatives' assembly).
        Representatives = "representatives" ["村民代表", "居民代表", "村民代表会议"],
    }
}

labelled_enum! {
    /// A role on a body (docs/tables.md "Roles").
    Role {
        /// 书记.
        Secretary = "secretary" ["书记"],
        /// 副书记.
        DeputySecretary = "deputy_secretary" ["副书记"],
        /// 主任.
        Director = "director" ["主任"],
        /// 副主任.
        DeputyDirector = "deputy_director" ["副主任"],
        /// 委员 / 成员.
        Member = "member" ["委员", "成员"],
        /// 组长.
        Leader = "leader" ["组长"],
    }
}

labelled_enum! {
    /// Whether a roster row is a candidacy or a seat held.
    Status {
        /// 候选人 (the default when the column is absent or empty).
        Candidate = "candidate" ["候选人", "正式候选人"],
        /// 当选 / 现任.
        Elected = "elected" ["当选", "现任"],
    }
}

/// The `roster` table: id_number, unit_code, body, role, status, term.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// id_number.
    pub id: IdColumn,
    /// unit_code (区划代码).
    pub unit_code: Vec<Cell<DivisionCode>>,
    /// body (组织).
    pub body: Vec<Cell<Body>>,
    /// role (职务).
    pub role: Vec<Cell<Role>>,
    /// status (状态); missing means candidate.
    pub status: Vec<Cell<Status>>,
    /// term (届次): the year the term began.
    pub term: Vec<Cell<u16>>,
    /// subsidised (享受补贴): the member receives the committee members' allowance.
    pub subsidised: Vec<Cell<bool>>,
    /// background (来源): the labels of where the member comes from (返乡创业, 大学生村官,
    /// 退役军人 …), as written; the statistics read them against the pack's backgrounds.
    pub background: crate::cells::TextCodes,
    /// The table's own header for each canonical column present.
    pub headers: BTreeMap<String, String>,
    /// Rows whose ID number a spreadsheet stored as a number, and the persons of `people`
    /// they fit on the 15 digits kept (see [`Roster::attribute_numeric_ids`]).
    pub numeric_matches: BTreeMap<usize, Vec<crate::id::ResidentId>>,
}

impl Roster {
    /// Matches the rows whose ID number a spreadsheet stored as a number on the 15 digits it
    /// kept against `people` (docs/tables.md): a row that fits one person is theirs (with a
    /// DATA-ID-NUMERIC finding); one that fits several or none keeps an invalid number (a
    /// DATA-ID finding).
    pub fn attribute_numeric_ids(&mut self, people: &crate::people::IdColumn) {
        self.numeric_matches = self.id.attribute_numeric(people);
    }
}

/// One roster row given as text, for Rust programs without the table layer.
#[derive(Debug, Clone, Default)]
pub struct RosterRow<'a> {
    /// id_number.
    pub id_number: Option<&'a str>,
    /// unit_code.
    pub unit_code: Option<&'a str>,
    /// body.
    pub body: Option<&'a str>,
    /// role.
    pub role: Option<&'a str>,
    /// status.
    pub status: Option<&'a str>,
    /// subsidised.
    pub subsidised: Option<&'a str>,
    /// background.
    pub background: Option<&'a str>,
    /// term.
    pub term: Option<&'a str>,
}

impl Roster {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.id.len()
    }
    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }
    /// Appends a row given as text.
    pub fn push(&mut self, row: &RosterRow<'_>) {
        self.id.push_text(row.id_number);
        self.unit_code
            .push(Cell::read(row.unit_code, DivisionCode::parse));
        self.body
            .push(Cell::read(row.body, |t| Body::parse(t).ok_or(())));
        self.role
            .push(Cell::read(row.role, |t| Role::parse(t).ok_or(())));
        self.status
            .push(Cell::read(row.status, |t| Status::parse(t).ok_or(())));
        self.term.push(Cell::read(row.term, |t| t.parse::<u16>()));
        self.subsidised.push(Cell::read(row.subsidised, |t| {
            crate::person::parse_yes_no(t).ok_or(())
        }));
        self.background.push(row.background);
    }
    /// The header the table used for a canonical column (or the canonical name).
    pub fn header(&self, canonical: &str) -> String {
        crate::people::header_of(&self.headers, canonical)
    }
}
