"""The values of the built-in rule pack ``cn-2021`` that the baselines need, as plain data.

Transcribed from ``src/pack/builtin/cn-2021.toml`` (docs/domain.md §4). The baselines read only
these tables; they do not ask huanjie for its pack, so a disagreement shows up as a
difference in results.
"""

from __future__ import annotations

import datetime as dt
from typing import Tuple, Union

# Every item of cn-2021 is in force from 2020-12-24 on (the statutory bars from earlier).
IN_FORCE_FROM = dt.date(2020, 12, 24)

# "本届任期内": the current term starts on this day (term.current_start).
TERM_START = dt.date(2018, 1, 1)

# STAT-AGE.minimum_age, birthday counts on the day itself (age.convention).
MINIMUM_AGE = 18

# Record kind -> (rule code, window test). Tests:
#   always        the item applies whatever the dates
#   since         applies when date >= TERM_START; no date -> review
#   within        applies while as_of <= date + N months; no date -> review
#   influence     sanctions: the influence period of the grade (GRADES below)
#   last_day      end_date is the last day the item applies (as_of <= end)
#   status_ended  end_date is the day the status ended (as_of < end)
#   rectified     applies while rectified is "no"; empty -> review
KINDS: dict[str, tuple[str, str]] = {
    "political_misconduct": ("NEG-01", "always"),
    "criminal_penalty": ("NEG-02", "always"),
    "village_tyrant": ("NEG-02", "always"),
    "organized_crime": ("NEG-02", "always"),
    "party_sanction": ("NEG-03", "influence"),
    "government_sanction": ("NEG-03", "influence"),
    "organizational_handling": ("NEG-03", "last_day"),
    "under_investigation": ("NEG-03", "status_ended"),
    "cult_or_illegal_religion": ("NEG-04", "always"),
    "vice": ("NEG-04", "always"),
    "clan_interference": ("NEG-04", "always"),
    "election_fraud": ("NEG-05", "always"),
    "illegal_petition": ("NEG-06", "always"),
    "public_order_offence": ("NEG-06", "always"),
    "emergency_dereliction": ("NEG-07", "always"),
    "rated_incompetent": ("NEG-07", "since"),
    "recalled": ("NEG-07", "since"),
    "unqualified_party_member": ("NEG-07", "within"),
    "long_absence": ("NEG-07", "status_ended"),
    "misappropriation": ("NEG-08", "rectified"),
    "illegal_construction": ("NEG-09", "rectified"),
    "ecological_damage": ("NEG-09", "within"),
    "dishonest_debtor": ("NEG-09", "status_ended"),
    "other_unsuitable": ("NEG-10", "always"),
    "political_rights_deprived": ("STAT-RIGHTS", "last_day"),
    "incapacity": ("STAT-CAPACITY", "status_ended"),
}

# Windows in months for the "within" kinds.
WITHIN_MONTHS: dict[str, int] = {
    "unqualified_party_member": 36,  # 近3年内
    "ecological_damage": 60,  # 近5年内
}

# While-in-force kinds whose missing end_date means review (else: the item applies).
MISSING_END_REVIEW = {"organizational_handling"}

# An influence period: months from the decision date, "permanent", or ("after_end", months):
# months after the record's end_date (留党察看: two years after probation ends).
Period = Union[int, str, Tuple[str, int]]

# Sanction grades: kind -> grade code -> (labels accepted besides the code, influence period).
GRADES: dict[str, dict[str, tuple[tuple[str, ...], Period]]] = {
    "party_sanction": {
        "warning": (("警告", "党内警告"), 12),
        "serious_warning": (("严重警告", "党内严重警告"), 18),
        "removal_from_post": (("撤销党内职务",), 24),
        "probation": (("留党察看",), ("after_end", 24)),
        "expulsion": (("开除党籍",), "permanent"),
    },
    "government_sanction": {
        "warning": (("警告",), 6),
        "demerit": (("记过",), 12),
        "major_demerit": (("记大过",), 18),
        "demotion": (("降级",), 24),
        "removal": (("撤职",), 24),
        "expulsion": (("开除",), "permanent"),
    },
}

YES = ("是", "yes", "y", "true", "1")
NO = ("否", "no", "n", "false", "0")

# Every rule code a person's outcome can list, in the order huanjie sorts them (byte order).
RULES = sorted({rule for rule, _ in KINDS.values()} | {"STAT-AGE"})

