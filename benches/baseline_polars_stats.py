"""Issue 5's statistics (docs/domain.md §8) written directly in polars: the honest baseline of
benches/bench_stats.py. ``polars_stats(people, roster, as_of)`` returns the long table
(level, code, kind, figure, num, den) that ``huanjie.stats(people, roster, as_of=as_of)``
computes, with polars expressions only (no Python loop over rows or groups).

The rules, as src/stats/mod.rs applies them without a units table, tallies or previous term:

* Roster rows count when ``status`` is 当选/现任 and their ID number is valid (18 characters:
  MOD 11-2 check character, a calendar birth date); a person is the 17-digit body of the ID.
  "两委" members: rows of the party committee (党组织 …) or the village/residents' committee
  (村委会, 居委会 …); per unit and person: party, committee, secretary (a party row 书记),
  director (a committee row 主任). Supervision-committee rows (any role) and group rows with
  role 组长 count for ``supervision_committees`` and ``group_leaders``.
* A unit is a unit code with any such row; its kind from the last three digits (001–199
  community, 200–399 village, otherwise none: counted under ``all`` only). Groups: the unit
  itself (level ``unit``, kind ``all`` only), its township, county, prefecture and province
  (a level whose digits are 00/000 in the code has no group there, as
  ``DivisionCode::at_level``), each for kinds all / village / community when it has units of
  that kind.
* Per group, on the union of its units' members (a person in two units counts once, flags
  OR-ed): units, persons, supervision_committees, group_leaders (distinct persons),
  cross_appointment, one_shoulder (units where one person is secretary and director),
  women (even 17th digit) among persons / committee members / directors / secretaries,
  education shares (senior secondary, college, bachelor or above) among persons whose
  education is known (the first valid ``people`` row of the person), mean age and age bands
  (≤35, 36–59, ≥60) in whole years on ``as_of`` (the birthday counts on the day; 29 February
  becomes 28 February in common years) among persons born on or before ``as_of``.

Every unit's ages are taken on ``as_of`` (huanjie without a units table does the same).

How: the counted roster rows, then one row per (unit, person) with the flags, sex, age and
education (joined from ``people``). The person counts are additive except for the few persons
who sit in more than one unit, so a group's counts are the sums of its units' counts over the
persons of one unit, plus the counts of the others deduplicated per group; the wide tables of
the five levels are computed together (``pl.collect_all``) and sliced into the long table.

Labels are read as huanjie reads them: the Chinese labels and English codes it knows, trimmed.
Not covered (the benchmark's data has none): 15-digit legacy IDs, IDs that need cleaning
(full-width digits, spaces inside, a leading apostrophe), upper-case English codes, and
education labels with a 学历/毕业 suffix.

    import polars as pl
    from baseline_polars_stats import polars_stats
    figures = polars_stats(people_df, roster_df, datetime.date(2021, 2, 28))
"""

from __future__ import annotations

import datetime as dt

import polars as pl

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"

# The labels huanjie reads (src/roster.rs, src/person.rs): label -> code.
PARTY, COMMITTEE, SUPERVISION, GROUP = 1, 2, 3, 4
BODIES = {
    **dict.fromkeys(
        ["party_committee", "党组织", "党支部", "村党组织", "党委", "党总支", "社区党组织"], PARTY
    ),
    **dict.fromkeys(["village_committee", "村委会", "村民委员会"], COMMITTEE),
    **dict.fromkeys(["residents_committee", "居委会", "居民委员会"], COMMITTEE),
    **dict.fromkeys(
        ["supervision_committee", "村务监督委员会", "居务监督委员会", "监委会"], SUPERVISION
    ),
    **dict.fromkeys(["group", "村民小组", "居民小组"], GROUP),
}
SECRETARY, DIRECTOR, LEADER = 1, 2, 3
ROLES = {
    **dict.fromkeys(["secretary", "书记"], SECRETARY),
    **dict.fromkeys(["director", "主任"], DIRECTOR),
    **dict.fromkeys(["leader", "组长"], LEADER),
}
ELECTED = ["elected", "当选", "现任"]
# Education, ordinal: 3 = senior secondary, 4 = junior college, 5 = bachelor.
EDUCATION = {
    **dict.fromkeys(
        ["小学及以下", "小学", "文盲", "半文盲", "无", "primary", "primary_or_below"], 1
    ),
    **dict.fromkeys(["初中", "junior_secondary", "junior_high"], 2),
    **dict.fromkeys(
        ["高中", "中专", "中技", "职高", "技校", "高中/中专", "高中/中专/中技", "高中及中专"]
        + ["senior_secondary", "senior_high"],
        3,
    ),
    **dict.fromkeys(["大专", "专科", "大学专科", "junior_college"], 4),
    **dict.fromkeys(["本科", "大学本科", "大学", "学士", "bachelor"], 5),
    **dict.fromkeys(
        ["研究生", "硕士", "硕士研究生", "博士", "博士研究生", "postgraduate", "master", "doctor"], 6
    ),
}

# The figures in huanjie's order (src/stats/mod.rs FIGURES), each as (numerator, denominator)
# of the wide per-group table below (None: 1).
PAIRS = {
    "units": ("n_units", None),
    "persons": ("persons", None),
    "supervision_committees": ("supervision", None),
    "group_leaders": ("group_leaders", None),
    "cross_appointment": ("both", "persons"),
    "one_shoulder": ("one_shoulder", "n_units"),
    "women": ("women", "persons"),
    "women_committee": ("women_committee", "committee"),
    "women_directors": ("women_directors", "directors"),
    "women_secretaries": ("women_secretaries", "secretaries"),
    "education_senior_secondary": ("senior", "edu_known"),
    "education_college": ("college", "edu_known"),
    "education_bachelor": ("bachelor", "edu_known"),
    "mean_age": ("age_sum", "age_known"),
    "age_35_or_under": ("young", "age_known"),
    "age_36_to_59": ("middle", "age_known"),
    "age_60_or_over": ("old", "age_known"),
    "party_members": ("party_members", "party_known"),
    "ethnic_minority": ("minority", "ethnicity_known"),
    "mean_age_directors": ("directors_age_sum", "directors_age_known"),
    "mean_age_secretaries": ("secretaries_age_sum", "secretaries_age_known"),
    "mean_age_one_shoulder": ("one_shoulder_age_sum", "one_shoulder_age_known"),
    "education_college_directors": ("directors_college", "directors_edu_known"),
    "education_college_secretaries": ("secretaries_college", "secretaries_edu_known"),
    "units_with_woman": ("with_woman", "with_committee"),
    "units_with_young_member": ("with_young", "with_members"),
}
# The backgrounds of cn-2021 (src/pack/builtin/cn-2021.toml [[backgrounds]]), in the pack's
# order: (code, names and aliases).
BACKGROUND_DEFS = [
    ("entrepreneur", ["致富能手", "本村致富能手", "致富带头人", "农村致富带头人"]),
    ("returnee", ["外出务工经商返乡人员", "返乡人员", "返乡", "返乡创业人员", "返乡创业", "外出务工返乡人员"]),
    ("graduate", ["本乡本土大学毕业生", "大学毕业生", "高校毕业生", "本土大学生"]),
    ("veteran", ["退役军人", "退伍军人", "复员退伍军人", "退役士兵"]),
    ("graduate_official", ["大学生村官", "大学生村干部", "选聘高校毕业生"]),
]
YES = ["是", "yes", "y", "true", "1", "t", "有", "已", "已整改", "整改完成", "√"]
NO = ["否", "no", "n", "false", "0", "f", "无", "未", "未整改", "正在整改", "整改中", "×"]
STATUS = {"已完成": 0, "完成": 0, "已换届": 0, "finished": 0, "done": 0, "未完成": 1, "进行中": 1,
          "正在进行": 1, "unfinished": 1, "in_progress": 1, "未开始": 2, "未启动": 2, "not_started": 2}


def _yes_no(text: str | None) -> bool | None:
    t = (text or "").strip().lower()
    return True if t in YES else False if t in NO else None


def _background(text: str | None) -> tuple[int, bool]:
    """(bits over BACKGROUND_DEFS, unreadable) of a 来源 cell, as src/pack/backgrounds.rs."""
    import re

    bits = 0
    for part in re.split(r"[、,，;；/ 　]", text or ""):
        part = part.strip()
        if not part:
            continue
        hit = [i for i, (code, names) in enumerate(BACKGROUND_DEFS) if part.lower() == code or part in names]
        if not hit:
            return 0, True
        bits |= 1 << hit[0]
    return bits, False


def _yuan(text: str | None) -> int | None:
    """Whole yuan, as src/cells.rs parse_yuan: 110000, 110,000, 110000.00, 11万, 11.5万元."""
    import re

    t = re.sub(r"[,， ]", "", (text or "").strip())
    t = t[:-1] if t.endswith("元") else t
    scale = 10_000 if t.endswith("万") else 1
    t = t[:-1] if scale > 1 else t
    m = re.fullmatch(r"([0-9]{1,13})(?:\.([0-9]{0,4}))?", t)
    if not m:
        return None
    whole, frac = int(m.group(1)), (m.group(2) or "").ljust(4, "0")
    total = (whole * 10_000 + int(frac)) * scale
    if total % 10_000 or total // 10_000 > 10**12:
        return None
    return total // 10_000


def _mapped(frame: pl.DataFrame, col: str, f, name: str, dtype) -> pl.Expr:
    """``f`` of each distinct cell of ``col`` (an empty cell read as ""), as an expression:
    the texts are few, so each is read once."""
    texts = [t for t in frame.get_column(col).unique().to_list() if t is not None]
    if "" not in texts:
        texts.append("")
    return (
        pl.col(col)
        .fill_null("")
        .replace_strict(texts, [f(t) for t in texts], default=None, return_dtype=dtype)
        .alias(name)
    )


# 政治面貌 as "a CPC member, probationary included" (GB/T 4762 labels and codes): True or False.
CPC = {
    **dict.fromkeys(["中共党员", "中国共产党党员", "党员", "01", "1", "cpc_member"], True),
    **dict.fromkeys(["中共预备党员", "预备党员", "02", "2", "cpc_probationary"], True),
    **dict.fromkeys(["共青团员", "03", "3", "youth_league", "群众", "13", "masses"], False),
    **dict.fromkeys(["无党派人士", "无党派", "12", "non_partisan", "democratic_party"], False),
}


def _code(col: str, mapping: dict[str, int]) -> pl.Expr:
    return (
        pl.col(col)
        .str.strip_chars()
        .replace_strict(list(mapping), list(mapping.values()), default=None, return_dtype=pl.Int8)
    )


def _with_person(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Adds ``person``: the 17-digit body of a valid 18-character ID number as Int64, null
    when the number is not valid. In steps, so that each part is computed once."""
    ids = pl.col("id_number").str.strip_chars()
    body = pl.col("_body")
    y, m, d = body // 10**7 % 10**4, body // 10**5 % 100, body // 1000 % 100
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    days = (
        pl.when(m.is_in([4, 6, 9, 11]))
        .then(30)
        .when(m == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .otherwise(31)
    )
    total = pl.sum_horizontal([body // 10 ** (16 - i) % 10 * w for i, w in enumerate(WEIGHTS)])
    check = (total % 11).replace_strict(list(range(11)), list(CHECK), return_dtype=pl.String)
    return (
        lf.with_columns(_id=ids)
        .with_columns(
            _body=pl.when(
                (pl.col("_id").str.len_bytes() == 18)
                & pl.col("_id").str.slice(0, 17).str.contains(r"^[0-9]{17}$")
            ).then(pl.col("_id").str.slice(0, 17).cast(pl.Int64, strict=False))
        )
        .with_columns(
            person=pl.when(
                (pl.col("_id").str.slice(17, 1).str.to_uppercase() == check)
                & m.is_between(1, 12)
                & (d >= 1)
                & (d <= days)
            ).then(body)
        )
        .drop("_id", "_body")
    )


def _unit() -> pl.Expr:
    """A 6- or 12-digit division code as its 12-digit integer form, null when unreadable."""
    c = pl.col("unit_code").str.strip_chars()
    n = c.str.len_bytes()
    v = pl.when(c.str.contains(r"^[0-9]+$")).then(c.cast(pl.Int64, strict=False))
    return pl.when(n == 12).then(v).when(n == 6).then(v * 1_000_000)


# Each level: the group code from the 12-digit unit code (null when the code has no group
# there), and how it prints.
LEVELS = {
    "unit": (lambda u: pl.when(u % 1000 != 0).then(u), 12),
    "township": (lambda u: pl.when(u // 1000 % 1000 != 0).then(u // 1000 * 1000), 12),
    "county": (lambda u: pl.when(u // 10**6 % 100 != 0).then(u // 10**6 * 10**6), 6),
    "prefecture": (lambda u: pl.when(u // 10**8 % 100 != 0).then(u // 10**8 * 10**8), 6),
    "province": (lambda u: u // 10**10 * 10**10, 6),
}


def _age(as_of: dt.date) -> pl.Expr:
    """Whole years on ``as_of`` from the person's body (birthday counts on the day; 29
    February → 28 February in common years); null for someone born after ``as_of``."""
    p = pl.col("person")
    y, md = p // 10**7 % 10**4, p // 1000 % 10**4
    leap = as_of.year % 4 == 0 and (as_of.year % 100 != 0 or as_of.year % 400 == 0)
    if not leap:
        md = pl.when(md == 229).then(228).otherwise(md)
    today = as_of.month * 100 + as_of.day
    age = as_of.year - y - (md > today).cast(pl.Int64)
    born = p // 1000 % 10**8 <= as_of.year * 10**4 + today
    return pl.when(born).then(age)


# A unit known from its supervision committee or group leaders only: no "两委" members.
NO_MEMBERS = {k: pl.lit(False) for k in ("mem", "com", "woman", "young")}


def polars_stats(
    people: pl.DataFrame,
    roster: pl.DataFrame,
    as_of: dt.date,
    units: pl.DataFrame | None = None,
    age_bands: list[int] | tuple[int, ...] = (),
) -> pl.DataFrame:
    units_table = units
    # The roster's allowance and backgrounds (来源), when given.
    extra = []
    if "subsidised" in roster.columns:
        extra.append(_mapped(roster, "subsidised", _yes_no, "sub", pl.Boolean))
    if "background" in roster.columns:
        extra.append(_mapped(roster, "background", lambda t: _background(t)[0], "bits", pl.Int32))
        extra.append(_mapped(roster, "background", lambda t: _background(t)[1], "bad", pl.Boolean))
    # The counted rows (elected, a body that counts, a valid ID and a readable unit code),
    # computed once: every level reads them.
    rows = (
        _with_person(
            roster.lazy()
            .filter(pl.col("status").str.strip_chars().is_in(ELECTED))
            .select("id_number", *extra, body=_code("body", BODIES), role=_code("role", ROLES), unit=_unit())
            .filter(pl.col("body").is_not_null())
        )
        .drop("id_number")
        .drop_nulls(["person", "unit"])
        .collect()
    )
    has_sub, has_bg = "sub" in rows.columns, "bits" in rows.columns
    member_facts = []
    if has_sub:
        member_facts += [pl.col("sub").is_not_null().any().alias("sub_known"), pl.col("sub").any().alias("sub_yes")]
    if has_bg:
        member_facts += [pl.col("bits").bitwise_or().alias("bits"), pl.col("bad").any().alias("bad")]
    party, committee = pl.col("body") == PARTY, pl.col("body") == COMMITTEE
    # The person's education, party and ethnicity: the first valid people row (group_by's
    # first keeps row order); a cell not given is null, and counts on neither side of a share.
    given = lambda c: pl.col(c) if c in people.columns else pl.lit(None, pl.String)  # noqa: E731
    eth = given("ethnicity").str.strip_chars()
    education = (
        _with_person(
            people.lazy().select(
                "id_number",
                edu=_code("education", EDUCATION),
                cpc=given("party")
                .str.strip_chars()
                .replace_strict(list(CPC), list(CPC.values()), default=None, return_dtype=pl.Boolean),
                minority=pl.when(eth.str.len_chars() > 0).then(~eth.is_in(["汉族", "汉", "01", "1"])),
            )
        )
        .drop_nulls("person")
        .group_by("person")
        .agg(pl.col("edu", "cpc", "minority").first())
    )
    # Per unit and person: the 两委 flags, sex, age and education.
    members = (
        rows.lazy()
        .filter(party | committee)
        .group_by("unit", "person")
        .agg(
            *member_facts,
            party=party.any(),
            committee=committee.any(),
            secretary=(party & (pl.col("role") == SECRETARY)).any(),
            director=(committee & (pl.col("role") == DIRECTOR)).any(),
        )
        .join(education, on="person", how="left")
        .with_columns(
            *([pl.when(pl.col("sub_known")).then(pl.col("sub_yes")).alias("sub")] if has_sub else []),
            female=pl.col("person") % 2 == 0,
            age=_age(as_of),
            one=pl.col("secretary") & pl.col("director"),
            # Whether the person sits in more than one unit (only they need counting once).
            multi=pl.len().over("person") > 1,
        )
        .collect()
    )
    leaders = (
        rows.lazy()
        .filter((pl.col("body") == GROUP) & (pl.col("role") == LEADER))
        .select("unit", "person")
        .unique()
        .collect()
    )
    # Units: any 两委, supervision or group-leader row; one_shoulder and supervision per unit.
    units = (
        pl.concat(
            [
                members.lazy()
                .group_by("unit")
                .agg(
                    one=pl.col("one").any(),
                    sup=pl.lit(False),
                    mem=pl.lit(True),
                    com=pl.col("committee").any(),
                    woman=(pl.col("committee") & pl.col("female")).any(),
                    young=(pl.col("age") <= 35).any(),
                ),
                rows.lazy()
                .filter(pl.col("body") == SUPERVISION)
                .select("unit", one=pl.lit(False), sup=pl.lit(True), **NO_MEMBERS),
                leaders.lazy().select("unit", one=pl.lit(False), sup=pl.lit(False), **NO_MEMBERS),
            ]
            # The units table's units are units too, members or not.
            + (
                [
                    units_table.lazy()
                    .select(unit=_unit())
                    .drop_nulls()
                    .select("unit", one=pl.lit(False), sup=pl.lit(False), **NO_MEMBERS)
                ]
                if units_table is not None
                else []
            )
        )
        .group_by("unit")
        .agg(pl.col("one", "sup", "mem", "com", "woman", "young").any())
        .collect()
    )
    # The round's facts of each unit (the first row of a code counts).
    unit_facts = None
    if units_table is not None:
        facts = []
        for c in ("new_unit", "complex", "reelection"):
            if c in units_table.columns:
                facts.append(_mapped(units_table, c, _yes_no, c, pl.Boolean))
        for c in ("funds_before", "funds_after"):
            if c in units_table.columns:
                facts.append(_mapped(units_table, c, _yuan, c, pl.Int64))
        if "round_status" in units_table.columns:
            status = lambda t: STATUS.get(t.strip().lower())  # noqa: E731
            facts.append(_mapped(units_table, "round_status", status, "status", pl.Int8))
        if facts:
            unit_facts = (
                units_table.lazy()
                .select(unit=_unit(), *facts)
                .drop_nulls("unit")
                .unique("unit", keep="first", maintain_order=True)
                .collect()
            )

    f, c, d, s = (pl.col(x) for x in ("female", "committee", "director", "secretary"))
    age, edu = pl.col("age"), pl.col("edu")
    # The person counts of a group, from one row per person: all additive, so a group's counts
    # are the sums over its units' counts for the persons who sit in one unit only.
    sums = dict(
        persons=pl.len(),
        both=(pl.col("party") & c).sum(),
        women=f.sum(),
        committee=c.sum(),
        women_committee=(f & c).sum(),
        directors=d.sum(),
        women_directors=(f & d).sum(),
        secretaries=s.sum(),
        women_secretaries=(f & s).sum(),
        edu_known=edu.is_not_null().sum(),
        senior=(edu >= 3).sum(),
        college=(edu >= 4).sum(),
        bachelor=(edu >= 5).sum(),
        age_known=age.is_not_null().sum(),
        age_sum=age.sum(),
        young=(age <= 35).sum(),
        middle=age.is_between(36, 59).sum(),
        old=(age >= 60).sum(),
        party_known=pl.col("cpc").is_not_null().sum(),
        party_members=pl.col("cpc").sum(),
        ethnicity_known=pl.col("minority").is_not_null().sum(),
        minority=pl.col("minority").sum(),
        directors_age_sum=pl.when(d).then(age).sum(),
        directors_age_known=(d & age.is_not_null()).sum(),
        secretaries_age_sum=pl.when(s).then(age).sum(),
        secretaries_age_known=(s & age.is_not_null()).sum(),
        one_shoulder_age_sum=pl.when(pl.col("one")).then(age).sum(),
        one_shoulder_age_known=(pl.col("one") & age.is_not_null()).sum(),
        directors_edu_known=(d & edu.is_not_null()).sum(),
        directors_college=(d & (edu >= 4)).sum(),
        secretaries_edu_known=(s & edu.is_not_null()).sum(),
        secretaries_college=(s & (edu >= 4)).sum(),
    )
    pairs = dict(PAIRS)
    if has_sub:
        sums.update(subsidised_known=pl.col("sub").is_not_null().sum(), subsidised=pl.col("sub").sum())
        pairs["subsidised"] = ("subsidised", "subsidised_known")
    if has_bg:
        readable = ~pl.col("bad")
        sums["background_known"] = readable.sum()
        for i, (code, _) in enumerate(BACKGROUND_DEFS):
            sums[f"bg_{code}"] = (readable & ((pl.col("bits") // (1 << i)) % 2 == 1)).sum()
            pairs[f"background_{code}"] = (f"bg_{code}", "background_known")
    for b in age_bands:
        sums[f"band_{b}"] = (age <= b).sum()
        pairs[f"age_{b}_or_under"] = (f"band_{b}", "age_known")
    # A person in several units of a group: the allowance yes on any row, else no on any; the
    # backgrounds of every row, unknown when a row's cannot be read.
    once_facts = []
    if has_sub:
        once_facts.append(pl.when(pl.col("sub").is_not_null().any()).then(pl.col("sub").any()).alias("sub"))
    if has_bg:
        once_facts += [pl.col("bits").bitwise_or(), pl.col("bad").any()]
    # The units' facts: additive over units (a unit is in one group per level).
    unit_sums: dict[str, pl.Expr] = {}
    if unit_facts is not None:
        units = units.join(unit_facts, on="unit", how="left")
        for c, figure in (("new_unit", "units_new"), ("complex", "units_complex"), ("reelection", "units_reelection")):
            if c in unit_facts.columns:
                unit_sums[f"{c}_yes"] = pl.col(c).sum()
                unit_sums[f"{c}_known"] = pl.col(c).is_not_null().sum()
                pairs[figure] = (f"{c}_yes", f"{c}_known")
        if "status" in unit_facts.columns:
            unit_sums["status_known"] = pl.col("status").is_not_null().sum()
            for k, figure in enumerate(("units_finished", "units_unfinished", "units_not_started")):
                unit_sums[f"status_{k}"] = (pl.col("status") == k).sum()
                pairs[figure] = (f"status_{k}", "status_known")
        for c in ("funds_before", "funds_after"):
            if c in unit_facts.columns:
                unit_sums[f"{c}_sum"] = pl.col(c).sum()
                unit_sums[f"{c}_n"] = pl.col(c).is_not_null().sum()
                unit_sums[f"{c}_min"] = pl.col(c).min().fill_null(0)
                pairs[f"mean_{c}"] = (f"{c}_sum", f"{c}_n")
                pairs[f"min_{c}"] = (f"{c}_min", f"{c}_n")
    single = members.lazy().filter(~pl.col("multi")).group_by("unit").agg(**sums).collect()
    multi = members.filter(pl.col("multi"))
    # Kind codes: 0 all, 1 village, 2 community.
    u = pl.col("unit") % 1000
    unit_kind = pl.when(u.is_between(1, 199)).then(2).when(u.is_between(200, 399)).then(1).cast(pl.Int8)

    def kinds(frame: pl.DataFrame, level: str) -> pl.LazyFrame:
        """The rows once for kind ``all`` and once for their unit's kind, with the group code."""
        group, _ = LEVELS[level]
        lf = frame.lazy().with_columns(code=group(pl.col("unit"))).drop_nulls("code")
        parts = [lf.with_columns(kind=pl.lit(0, pl.Int8))]
        if level != "unit":
            parts.append(lf.with_columns(kind=unit_kind).drop_nulls("kind"))
        return pl.concat(parts)

    g = ["code", "kind"]
    out = []
    for level, (_, width) in LEVELS.items():
        per_unit = kinds(units, level).group_by(g).agg(
            n_units=pl.len(),
            one_shoulder=pl.col("one").sum(),
            supervision=pl.col("sup").sum(),
            with_members=pl.col("mem").sum(),
            with_committee=pl.col("com").sum(),
            with_woman=pl.col("woman").sum(),
            with_young=pl.col("young").sum(),
            **unit_sums,
        )
        lead = kinds(leaders, level).group_by(g).agg(group_leaders=pl.col("person").n_unique())
        if level == "unit":  # a unit's members are one row per person already
            persons = kinds(members, level).group_by(g).agg(**sums)
        else:
            once = (
                kinds(multi, level)
                .group_by("code", "kind", "person")
                .agg(
                    pl.col("party", "committee", "secretary", "director", "one").any(),
                    pl.col("female", "age", "edu", "cpc", "minority").first(),
                    *once_facts,
                )
                .group_by(g)
                .agg(**sums)
            )
            persons = (
                pl.concat([kinds(single, level), once], how="diagonal")
                .group_by(g)
                .agg(pl.col(list(sums)).sum())
            )
        t = (
            per_unit.join(persons, on=g, how="left")
            .join(lead, on=g, how="left")
            .fill_null(0)
            .with_columns(
                level=pl.lit(level),
                code=(pl.col("code") if width == 12 else pl.col("code") // 10**6)
                .cast(pl.String)
                .str.zfill(width),
                kind=pl.col("kind").replace_strict(
                    [0, 1, 2], ["all", "village", "community"], return_dtype=pl.String
                ),
            )
        )
        columns = dict.fromkeys(c for pair in pairs.values() for c in pair if c)
        out.append(t.select("level", "code", "kind", *columns))
    # Long form: the wide tables of all levels computed together, then one slice per figure.
    wide = pl.concat(pl.collect_all(out))
    return pl.concat(
        [
            wide.select(
                "level",
                "code",
                "kind",
                figure=pl.lit(name),
                num=pl.col(num).cast(pl.Int64),
                den=pl.col(den).cast(pl.Int64) if den else pl.lit(1, pl.Int64),
            )
            for name, (num, den) in pairs.items()
        ]
    )
