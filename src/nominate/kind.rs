//! Who nominated: the kinds of nominator a nomination table names (提名人类别), in English and
//! Chinese. 村民委员会组织法 art. 15 ("由登记参加选举的村民直接提名候选人"); provincial 选举办法
//! add joint nominations by 户代表 and 村民代表; docs/domain.md §7.

use serde::Serialize;

/// The kind of a nomination's nominator (提名人类别 / 提名方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NominatorKind {
    /// 村民: registered villagers, singly or jointly (组织法 art. 15).
    Villager,
    /// 居民: registered residents (城市居民委员会组织法 art. 8; provincial rules).
    Resident,
    /// 户代表: household representatives (provincial 选举办法).
    HouseholdRepresentative,
    /// 村民代表: villagers' representatives, jointly (provincial 选举办法).
    VillagerRepresentative,
    /// 居民代表: residents' representatives (provincial rules).
    ResidentRepresentative,
    /// 党组织: the Party organisation of the unit — an organisation, not a person; one
    /// nomination per nominee.
    PartyOrganisation,
    /// 自荐: the nominee nominates themself (自荐直选, provincial rules).
    SelfNomination,
}

/// The spellings each kind is read from: its English code first, then other English
/// spellings, then Chinese.
const SPELLINGS: &[(NominatorKind, &[&str])] = &[
    (
        NominatorKind::Villager,
        &[
            "villager",
            "villagers",
            "村民",
            "村民提名",
            "村民联名",
            "选民",
            "选民提名",
            "选民联名",
        ],
    ),
    (
        NominatorKind::Resident,
        &["resident", "residents", "居民", "居民提名", "居民联名"],
    ),
    (
        NominatorKind::HouseholdRepresentative,
        &[
            "household_representative",
            "household",
            "households",
            "户代表",
            "户代表提名",
            "户代表联名",
        ],
    ),
    (
        NominatorKind::VillagerRepresentative,
        &[
            "villager_representative",
            "villager_representatives",
            "村民代表",
            "村民代表提名",
            "村民代表联名",
        ],
    ),
    (
        NominatorKind::ResidentRepresentative,
        &[
            "resident_representative",
            "resident_representatives",
            "居民代表",
            "居民代表提名",
            "居民代表联名",
        ],
    ),
    (
        NominatorKind::PartyOrganisation,
        &[
            "party_organisation",
            "party_organization",
            "party",
            "党组织",
            "党组织提名",
            "党组织推荐",
            "村党组织",
            "社区党组织",
            "党支部",
        ],
    ),
    (
        NominatorKind::SelfNomination,
        &["self_nomination", "self", "自荐", "本人自荐", "自我推荐"],
    ),
];

impl NominatorKind {
    /// Every kind, in the order results list them.
    pub const ALL: [NominatorKind; 7] = [
        NominatorKind::Villager,
        NominatorKind::Resident,
        NominatorKind::HouseholdRepresentative,
        NominatorKind::VillagerRepresentative,
        NominatorKind::ResidentRepresentative,
        NominatorKind::PartyOrganisation,
        NominatorKind::SelfNomination,
    ];

    /// Reads an English code (any case, spaces or dashes for underscores) or a Chinese label.
    pub fn parse(label: &str) -> Option<NominatorKind> {
        let t = label.trim();
        let english = t.to_ascii_lowercase().replace([' ', '-'], "_");
        SPELLINGS
            .iter()
            .find(|(_, names)| names.iter().any(|n| *n == t || *n == english))
            .map(|(k, _)| *k)
    }

    /// The English code.
    pub fn as_str(self) -> &'static str {
        match self {
            NominatorKind::Villager => "villager",
            NominatorKind::Resident => "resident",
            NominatorKind::HouseholdRepresentative => "household_representative",
            NominatorKind::VillagerRepresentative => "villager_representative",
            NominatorKind::ResidentRepresentative => "resident_representative",
            NominatorKind::PartyOrganisation => "party_organisation",
            NominatorKind::SelfNomination => "self_nomination",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            NominatorKind::Villager => "村民",
            NominatorKind::Resident => "居民",
            NominatorKind::HouseholdRepresentative => "户代表",
            NominatorKind::VillagerRepresentative => "村民代表",
            NominatorKind::ResidentRepresentative => "居民代表",
            NominatorKind::PartyOrganisation => "党组织",
            NominatorKind::SelfNomination => "自荐",
        }
    }

    /// Whether the nominator is an organisation (one nomination per nominee, no persons).
    pub fn is_organisation(self) -> bool {
        self == NominatorKind::PartyOrganisation
    }
}

impl std::fmt::Display for NominatorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_its_code_and_label_back() {
        for k in NominatorKind::ALL {
            assert_eq!(NominatorKind::parse(k.as_str()), Some(k));
            assert_eq!(NominatorKind::parse(k.label_zh()), Some(k));
        }
        assert_eq!(
            NominatorKind::parse(" Household Representative "),
            Some(NominatorKind::HouseholdRepresentative)
        );
        assert_eq!(
            NominatorKind::parse("村民代表联名"),
            Some(NominatorKind::VillagerRepresentative)
        );
        assert_eq!(NominatorKind::parse("乡政府"), None);
    }
}
