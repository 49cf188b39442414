"""The negative list and statutory bars of cn-2021 in idiomatic, vectorised pandas.

    from baseline_pandas import vet, to_pandas
    outcomes = vet(to_pandas(people), to_pandas(records), as_of="2021-01-15")

``vet`` returns one row per person of ``people`` (in its order): ``id_number``, ``outcome``
(eligible / ineligible / needs_review) and ``rules`` (the sorted distinct rule codes of all the
person's findings, as a list), replicating ``huanjie.check(people, records=records,
as_of=...)`` for valid data (valid unique IDs, known kinds, readable values; what huanjie
reports as DATA-* findings is out of scope). Column operations, merges and group-bys only: no
row-wise ``apply``, no Python loop over rows (the loops below run over the handful of record
kinds, grades and period lengths).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from cn2021 import (
    GRADES,
    IN_FORCE_FROM,
    KINDS,
    MINIMUM_AGE,
    MISSING_END_REVIEW,
    NO,
    RULES,
    TERM_START,
    WITHIN_MONTHS,
    YES,
)

CANNOT, REVIEW = 2, 1
_BIT = {rule: 1 << i for i, rule in enumerate(RULES)}
# Every combination of rules as the sorted list huanjie prints (indexed by bit mask).
_RULE_LISTS = np.empty(1 << len(RULES), dtype=object)
for _mask in range(1 << len(RULES)):
    _RULE_LISTS[_mask] = [r for i, r in enumerate(RULES) if _mask >> i & 1]


def to_pandas(table: Any) -> pd.DataFrame:
    """An Arrow table as the DataFrame a pandas user holds: dates as datetime64, text as str."""
    return table.to_pandas(date_as_object=False)


def _plus_months(dates: pd.Series, months: pd.Series) -> pd.Series:
    """``dates`` plus a per-row number of months, clamped to the month's end (民法典 art. 202):
    one ``DateOffset`` per distinct period length."""
    out = pd.Series(pd.NaT, index=dates.index, dtype=dates.dtype)
    for n in months.dropna().unique():
        sel = months == n
        out[sel] = dates[sel] + pd.DateOffset(months=int(n))
    return out


def record_findings(records: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per record that triggers an item: ``id_number``, ``bit`` (the rule as a bit of
    ``_BIT``), ``severity``."""
    rec = records[~(records["date"] > as_of)]  # records dated after as_of are not facts yet
    # Categoricals: the label maps below then run over the few distinct labels, not every row.
    kind, grade = rec["kind"].astype("category"), rec["grade"].astype("category")
    date, end = rec["date"], rec["end_date"]
    test = kind.map({k: t for k, (_, t) in KINDS.items()})
    bit = kind.map({k: _BIT[r] for k, (r, _) in KINDS.items()}).astype(np.int64)
    cannot = test == "always"
    review = pd.Series(False, index=rec.index)

    # 本届任期内: on or after the term's first day.
    since = test == "since"
    cannot |= since & (date >= pd.Timestamp(TERM_START))
    review |= since & date.isna()

    # 近N年内: while as_of <= date + N years.
    within = test == "within"
    last = _plus_months(date.where(within), kind.map(WITHIN_MONTHS).where(within))
    cannot |= within & (last >= as_of)
    review |= within & date.isna()

    # Sanctions: the influence period of the grade (read within the record's kind).
    sanction = test == "influence"
    months = pd.Series(np.nan, index=rec.index)
    mode = pd.Series(None, index=rec.index, dtype=object)
    for k, grades in GRADES.items():
        sel = kind == k
        months_of: dict[str, float] = {}
        mode_of: dict[str, str] = {}
        for code, (labels, period) in grades.items():
            for label in (code, *labels):
                if period == "permanent":
                    mode_of[label], months_of[label] = "permanent", np.nan
                elif isinstance(period, tuple):
                    mode_of[label], months_of[label] = "after_end", period[1]
                else:
                    mode_of[label], months_of[label] = "months", float(period)
        mode[sel] = grade[sel].map(mode_of)
        months[sel] = grade[sel].map(months_of)
    review |= sanction & mode.isna()  # no grade, or one the pack does not know
    cannot |= sanction & (mode == "permanent")
    from_decision = sanction & (mode == "months")
    last = _plus_months(date.where(from_decision), months.where(from_decision))
    cannot |= from_decision & (last >= as_of)
    review |= from_decision & date.isna()
    after_end = sanction & (mode == "after_end")  # 留党察看: two years after probation ends
    last = _plus_months(end.where(after_end), months.where(after_end))
    cannot |= after_end & (last >= as_of)
    review |= after_end & end.isna()

    # end_date is the last day of a period: applies while as_of <= end_date.
    last_day = test == "last_day"
    no_end_review = kind.isin(MISSING_END_REVIEW)
    cannot |= last_day & ((end >= as_of) | (end.isna() & ~no_end_review))
    review |= last_day & end.isna() & no_end_review

    # end_date is the day a status ended: applies while as_of < end_date, or without one.
    status = test == "status_ended"
    cannot |= status & (end.isna() | (end > as_of))

    # Until rectified: "no" applies, "yes" passes, anything else needs review.
    rect = test == "rectified"
    answer = rec["rectified"]
    cannot |= rect & answer.isin(NO)
    review |= rect & ~answer.isin(NO) & ~answer.isin(YES)

    hit = cannot | review
    return pd.DataFrame(
        {
            "id_number": rec.loc[hit, "id_number"],
            "bit": bit[hit],
            "severity": np.where(cannot[hit], CANNOT, REVIEW),
        }
    )


def age_findings(people: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """STAT-AGE: under 18 on as_of. The birth date is the ID's; the birthday counts on the day
    (29 February: on 28 February in common years, as ``DateOffset`` clamps)."""
    birth = pd.to_datetime(people["id_number"].str.slice(6, 14), format="%Y%m%d")
    under = birth + pd.DateOffset(years=MINIMUM_AGE) > as_of
    return pd.DataFrame(
        {"id_number": people.loc[under, "id_number"], "bit": _BIT["STAT-AGE"], "severity": CANNOT}
    )


def vet(people: pd.DataFrame, records: pd.DataFrame, as_of: dt.date | str) -> pd.DataFrame:
    """Each person's outcome and sorted rule codes, as huanjie.check computes them."""
    as_of = pd.Timestamp(as_of)
    if as_of < pd.Timestamp(IN_FORCE_FROM):
        raise ValueError("the baseline covers dates on which every cn-2021 item is in force")
    findings = pd.concat([age_findings(people, as_of), record_findings(records, as_of)])
    # One row per (person, rule), then per person: the worst severity and the rule bit mask.
    per_rule = findings.groupby(["id_number", "bit"], sort=False)["severity"].max().reset_index()
    per_person = per_rule.groupby("id_number", sort=False).agg(
        severity=("severity", "max"), mask=("bit", "sum")
    )
    out = people[["id_number"]].merge(per_person, on="id_number", how="left")
    severity = out["severity"].fillna(0).to_numpy()
    mask = out["mask"].fillna(0).to_numpy().astype(np.int64)
    out["outcome"] = np.select(
        [severity == CANNOT, severity == REVIEW], ["ineligible", "needs_review"], "eligible"
    )
    out["rules"] = _RULE_LISTS[mask]
    return out[["id_number", "outcome", "rules"]]
