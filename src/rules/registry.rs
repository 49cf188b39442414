//! Which mechanism reports which code, with which named cases and which pack values: the
//! registry that pack validation holds every pack against. Items of the negative list and
//! avoidance rules are not listed here: their mechanisms report any item or avoidance rule a
//! pack declares.

/// The codes the mechanisms report, as constants (a typo is a compile error, not a finding
/// nobody can look up).
pub mod codes {
    /// A committee's size outside the statute's range.
    pub const COMP_SIZE: &str = "COMP-SIZE";
    /// No woman elected to the 村委会.
    pub const COMP_WOMEN: &str = "COMP-WOMEN";
    /// No member of the unit's smaller ethnic group(s).
    pub const COMP_ETHNIC: &str = "COMP-ETHNIC";
    /// No supervision-committee member with finance or management knowledge.
    pub const COMP_FINANCE: &str = "COMP-FINANCE";
    /// No member aged 35 or under (a policy target).
    pub const COMP_YOUNG: &str = "COMP-YOUNG";
    /// The slate's margin (差额) per role.
    pub const COMP_SLATE: &str = "COMP-SLATE";
    /// No woman on the 村委会 slate.
    pub const COMP_SLATE_WOMAN: &str = "COMP-SLATE-WOMAN";
    /// Representatives under 4/5 of the 村民代表会议.
    pub const COMP_REPS: &str = "COMP-REPS";
    /// Women representatives under 1/3 of the 村民代表会议.
    pub const COMP_REPS_WOMEN: &str = "COMP-REPS-WOMEN";
    /// Households per representative outside 5–15.
    pub const COMP_REPS_HOUSEHOLDS: &str = "COMP-REPS-HOUSEHOLDS";
    /// The tally's registered voters against the register.
    pub const COUNT_REGISTERED: &str = "COUNT-REGISTERED";
    /// Write-in votes the pack does not count.
    pub const COUNT_WRITE_IN: &str = "COUNT-WRITE-IN";
    /// A person elected by write-in, never vetted.
    pub const COUNT_WRITE_IN_ELECTED: &str = "COUNT-WRITE-IN-ELECTED";
    /// No woman among the 村委会 members elected.
    pub const COUNT_NO_WOMAN: &str = "COUNT-NO-WOMAN";
    /// A nominations row that does not count (a cell missing or unreadable).
    pub const NOM_ROW: &str = "NOM-ROW";
    /// Nominees tied across the cut of a slate: none taken.
    pub const NOM_TIE: &str = "NOM-TIE";
    /// A slate short of the seats plus the least margin (差额).
    pub const NOM_SHORT: &str = "NOM-SHORT";
    /// Nominees for a role the units table gives no seats for.
    pub const NOM_SEATS: &str = "NOM-SEATS";
    /// A register row whose ID number does not validate.
    pub const VOTER_ID: &str = "VOTER-ID";
    /// A register row without a readable unit.
    pub const VOTER_UNIT: &str = "VOTER-UNIT";
    /// A voter under 18 on election day (the joint review's STAT-AGE).
    pub const VOTER_AGE: &str = "VOTER-AGE";
    /// A voter deprived of political rights (the joint review's STAT-RIGHTS).
    pub const VOTER_RIGHTS: &str = "VOTER-RIGHTS";
    /// A registration category that cannot be read.
    pub const VOTER_CATEGORY: &str = "VOTER-CATEGORY";
    /// A category-3 voter without a year's residence.
    pub const VOTER_RESIDENCE: &str = "VOTER-RESIDENCE";
    /// A category-3 voter without the meeting's consent.
    pub const VOTER_CONSENT: &str = "VOTER-CONSENT";
    /// Registered twice in one unit.
    pub const VOTER_DUPLICATE: &str = "VOTER-DUPLICATE";
    /// Registered in two or more units.
    pub const VOTER_TWO_UNITS: &str = "VOTER-TWO-UNITS";
    /// The voter list published too late.
    pub const VOTER_TIMELINE: &str = "VOTER-TIMELINE";
    /// The units table's registered voters against the register.
    pub const VOTER_COUNT: &str = "VOTER-COUNT";
    /// Proxy votes (委托投票).
    pub const AV_05: &str = "AV-05";
    /// An ID number that does not validate.
    pub const DATA_ID: &str = "DATA-ID";
    /// A record whose ID number a spreadsheet stored as a number, matched on the digits kept.
    pub const DATA_ID_NUMERIC: &str = "DATA-ID-NUMERIC";
    /// A cell that cannot be read.
    pub const DATA_VALUE: &str = "DATA-VALUE";
    /// A person in `records` or `roster` with no row in `people`.
    pub const DATA_MISSING_PERSON: &str = "DATA-MISSING-PERSON";
    /// A recorded sex contradicting the ID number.
    pub const DATA_SEX: &str = "DATA-SEX";
    /// A recorded birth date contradicting the ID number.
    pub const DATA_BIRTH: &str = "DATA-BIRTH";
    /// One ID number on several conflicting rows of `people`.
    pub const DATA_DUPLICATE: &str = "DATA-DUPLICATE";
    /// A `relations` row that cannot be read.
    pub const DATA_RELATION: &str = "DATA-RELATION";
    /// A record whose kind is empty or not in the pack.
    pub const DATA_KIND: &str = "DATA-KIND";
    /// A department of the joint review that has not answered for a candidate.
    pub const REVIEW_UNANSWERED: &str = "REVIEW-UNANSWERED";
    /// A department's answer row for someone not in the review request.
    pub const REVIEW_UNKNOWN_ROW: &str = "REVIEW-UNKNOWN-ROW";
    /// An answer file that is no department's.
    pub const REVIEW_UNKNOWN_FILE: &str = "REVIEW-UNKNOWN-FILE";
}

use codes::*;

/// A code a mechanism reports: the cases it asks for besides [`super::UNDECIDED`] (each must
/// be declared by the pack's rule) and the pack values it reads (each must exist).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MechanismRule {
    /// The code.
    pub code: &'static str,
    /// The mechanism (`composition`, `count`, `voters`, `proxies`, `data`).
    pub mechanism: &'static str,
    /// The named cases it asks the pack for.
    pub cases: &'static [&'static str],
    /// The parameters it reads.
    pub parameters: &'static [&'static str],
}

const fn rule(
    code: &'static str,
    mechanism: &'static str,
    cases: &'static [&'static str],
    parameters: &'static [&'static str],
) -> MechanismRule {
    MechanismRule {
        code,
        mechanism,
        cases,
        parameters,
    }
}

/// Every code a mechanism other than the negative list and avoidance reports.
pub const MECHANISM_RULES: &[MechanismRule] = &[
    rule(
        COMP_SIZE,
        "composition",
        &["residents_committee", "supervision_committee"],
        &[
            "composition.village_committee.size_min",
            "composition.village_committee.size_max",
            "composition.village_committee.size_odd",
            "composition.residents_committee.size_min",
            "composition.residents_committee.size_max",
            "composition.supervision_committee.size_min",
            "composition.supervision_committee.size_max",
        ],
    ),
    rule(COMP_WOMEN, "composition", &[], &[]),
    rule(COMP_ETHNIC, "composition", &["residents_committee"], &[]),
    rule(COMP_FINANCE, "composition", &[], &[]),
    rule(
        COMP_YOUNG,
        "composition",
        &[],
        &["composition.young.max_age"],
    ),
    rule(
        COMP_SLATE,
        "composition",
        &["margin"],
        &[
            "composition.slate_margin.director.min",
            "composition.slate_margin.director.max",
            "composition.slate_margin.deputy_director.min",
            "composition.slate_margin.deputy_director.max",
            "composition.slate_margin.member.min",
            "composition.slate_margin.member.max",
        ],
    ),
    rule(COMP_SLATE_WOMAN, "composition", &[], &[]),
    rule(
        COMP_REPS,
        "composition",
        &[],
        &["composition.representatives.min_share"],
    ),
    rule(
        COMP_REPS_WOMEN,
        "composition",
        &[],
        &["composition.women_representatives.min_share"],
    ),
    rule(
        COMP_REPS_HOUSEHOLDS,
        "composition",
        &[],
        &[
            "composition.households_per_representative.min",
            "composition.households_per_representative.max",
        ],
    ),
    rule(COUNT_REGISTERED, "count", &[], &[]),
    rule(COUNT_WRITE_IN, "count", &[], &["count.write_ins"]),
    rule(COUNT_WRITE_IN_ELECTED, "count", &[], &[]),
    rule(COUNT_NO_WOMAN, "count", &[], &[]),
    rule(NOM_ROW, "nominate", &[], &[]),
    rule(
        NOM_TIE,
        "nominate",
        &[],
        &[
            "composition.slate_margin.director.min",
            "composition.slate_margin.director.max",
            "composition.slate_margin.deputy_director.min",
            "composition.slate_margin.deputy_director.max",
            "composition.slate_margin.member.min",
            "composition.slate_margin.member.max",
        ],
    ),
    rule(
        NOM_SHORT,
        "nominate",
        &["margin"],
        &[
            "composition.slate_margin.director.min",
            "composition.slate_margin.director.max",
            "composition.slate_margin.deputy_director.min",
            "composition.slate_margin.deputy_director.max",
            "composition.slate_margin.member.min",
            "composition.slate_margin.member.max",
        ],
    ),
    rule(NOM_SEATS, "nominate", &[], &[]),
    rule(VOTER_ID, "voters", &[], &[]),
    rule(VOTER_UNIT, "voters", &[], &[]),
    rule(VOTER_AGE, "voters", &[], &["STAT-AGE.minimum_age"]),
    rule(VOTER_RIGHTS, "voters", &[], &[]),
    rule(VOTER_CATEGORY, "voters", &[], &[]),
    rule(
        VOTER_RESIDENCE,
        "voters",
        &[],
        &["voters.category3.residence"],
    ),
    rule(VOTER_CONSENT, "voters", &[], &[]),
    rule(VOTER_DUPLICATE, "voters", &[], &[]),
    rule(VOTER_TWO_UNITS, "voters", &[], &[]),
    rule(
        VOTER_TIMELINE,
        "voters",
        &[],
        &[
            "voters.register_published_days_before",
            "voters.objection_days",
            "voters.answer_days",
        ],
    ),
    rule(VOTER_COUNT, "voters", &[], &[]),
    rule(
        AV_05,
        "proxies",
        &["principal_not_registered", "principal_repeated"],
        &["proxy.relation_set", "proxy.max_principals"],
    ),
    rule(DATA_ID, "data", &[], &[]),
    rule(DATA_ID_NUMERIC, "data", &[], &[]),
    rule(
        DATA_VALUE,
        "data",
        &[],
        &[
            "data.dates.earliest",
            "data.dates.latest",
            "data.dates.earliest_birth",
        ],
    ),
    rule(DATA_MISSING_PERSON, "data", &[], &[]),
    rule(DATA_SEX, "data", &[], &[]),
    rule(DATA_BIRTH, "data", &[], &[]),
    rule(DATA_DUPLICATE, "data", &[], &[]),
    rule(DATA_RELATION, "data", &[], &[]),
    rule(DATA_KIND, "data", &[], &[]),
    rule(REVIEW_UNANSWERED, "review", &[], &[]),
    rule(REVIEW_UNKNOWN_ROW, "review", &[], &[]),
    rule(REVIEW_UNKNOWN_FILE, "review", &[], &[]),
];

/// The pack values each mechanism reads besides those of its rules above: every pack must
/// have them (a pack of its own that lacks one would stop the mechanism with an error).
pub const MECHANISM_PARAMETERS: &[(&str, &[&str])] = &[
    ("negative_list", &["age.convention", "STAT-AGE.minimum_age"]),
    (
        "composition",
        &[
            "composition.village_committee.size_min",
            "composition.village_committee.size_max",
            "composition.residents_committee.size_min",
            "composition.residents_committee.size_max",
            "composition.supervision_committee.size_min",
            "composition.supervision_committee.size_max",
            "composition.young.max_age",
            "composition.representatives.min_share",
            "composition.women_representatives.min_share",
            "composition.households_per_representative.min",
            "composition.households_per_representative.max",
        ],
    ),
    (
        "count",
        &[
            "count.validity_base.village_committee",
            "count.validity_base.residents_committee",
            "count.validity_base.supervision_committee",
            "count.runoff_base",
            "count.add_downward",
            "count.write_ins",
        ],
    ),
    (
        "nominate",
        &[
            "composition.slate_margin.director.min",
            "composition.slate_margin.director.max",
            "composition.slate_margin.deputy_director.min",
            "composition.slate_margin.deputy_director.max",
            "composition.slate_margin.member.min",
            "composition.slate_margin.member.max",
        ],
    ),
    (
        "recall",
        &["recall.proposal.voters", "recall.proposal.representatives"],
    ),
    (
        "voters",
        &[
            "voters.category3.residence",
            "voters.register_published_days_before",
            "voters.objection_days",
            "voters.answer_days",
        ],
    ),
    ("proxies", &["proxy.relation_set", "proxy.max_principals"]),
];

/// The registry's entry for `code`, when a mechanism other than the negative list and
/// avoidance reports it.
pub fn mechanism_rule(code: &str) -> Option<&'static MechanismRule> {
    MECHANISM_RULES.iter().find(|r| r.code == code)
}
