"""The negative list and statutory bars of cn-2021 as polars expressions (one lazy query).

    import polars as pl
    from baseline_polars import vet
    outcomes = vet(pl.from_arrow(people), pl.from_arrow(records), as_of="2021-01-15")

``vet`` returns one row per person of ``people`` (in its order): ``id_number``, ``outcome`` and
``rules`` (list of the sorted distinct rule codes of all the person's findings), replicating
``huanjie.check(people, records=records, as_of=...)`` for valid data (see baseline_pandas).

Threads: polars reads ``POLARS_MAX_THREADS`` when it is first imported, so a single-threaded
run needs its own process (``POLARS_MAX_THREADS=1 python …``); ``bench_vetting.py`` does that.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import polars as pl

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


@functools.lru_cache(maxsize=None)
def _rule_lists() -> pl.DataFrame:
    """Every combination of rules (a bit mask) as the sorted list huanjie prints (built once)."""
    masks = range(1 << len(RULES))
    return pl.DataFrame(
        {"mask": masks, "rules": [[r for i, r in enumerate(RULES) if m >> i & 1] for m in masks]},
        schema={"mask": pl.Int32, "rules": pl.List(pl.String)},
    )


def _grades() -> pl.DataFrame:
    """(kind, grade label, mode, months) for every label of every sanction grade."""
    rows = []
    for kind, grades in GRADES.items():
        for code, (labels, period) in grades.items():
            if period == "permanent":
                mode, months = "permanent", None
            elif isinstance(period, tuple):
                mode, months = "after_end", period[1]
            else:
                mode, months = "months", int(period)
            for label in (code, *labels):
                rows.append((kind, label, mode, months))
    return pl.DataFrame(
        rows,
        schema={"kind": pl.String, "grade": pl.String, "mode": pl.String, "months": pl.Int32},
        orient="row",
    )


def _as_date(v: dt.date | str) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(v)


def record_findings(records: pl.LazyFrame, as_of: dt.date) -> pl.LazyFrame:
    """One row per record that triggers an item: ``id_number``, ``rule``, ``severity``."""
    kind, date, end = pl.col("kind"), pl.col("date"), pl.col("end_date")
    test, mode = pl.col("test"), pl.col("mode")
    # The last day of a window: months after the decision (after the end of 留党察看), with
    # offset_by's month-end clamping (民法典 art. 202: 2020-02-29 + 12 months = 2021-02-28).
    anchor = pl.when(mode == "after_end").then(end).otherwise(date)
    last = anchor.dt.offset_by(pl.format("{}mo", pl.col("months")))
    cannot = (
        pl.when(test == "always").then(True)
        .when(test == "since").then(date >= TERM_START)
        .when(test == "within").then(last >= as_of)
        .when(test == "influence").then(
            pl.when(mode == "permanent").then(True).otherwise(last >= as_of)
        )
        .when(test == "last_day").then(
            pl.when(end.is_null()).then(~kind.is_in(list(MISSING_END_REVIEW))).otherwise(end >= as_of)
        )
        .when(test == "status_ended").then(end.is_null() | (end > as_of))
        .when(test == "rectified").then(pl.col("rectified").is_in(list(NO)))
        .otherwise(False)
        .fill_null(False)
    )
    review = (
        pl.when(test.is_in(["since", "within"])).then(date.is_null())
        .when(test == "influence").then(
            mode.is_null()  # no grade, or one the pack does not know
            | ((mode == "months") & date.is_null())
            | ((mode == "after_end") & end.is_null())
        )
        .when(test == "last_day").then(end.is_null() & kind.is_in(list(MISSING_END_REVIEW)))
        .when(test == "rectified").then(~pl.col("rectified").is_in(list(YES + NO)).fill_null(False))
        .otherwise(False)
    )
    return (
        records.filter(date.is_null() | (date <= as_of))  # later records are not facts yet
        .with_columns(
            test=kind.replace_strict({k: t for k, (_, t) in KINDS.items()}, return_dtype=pl.String),
            rule=kind.replace_strict({k: r for k, (r, _) in KINDS.items()}, return_dtype=pl.String),
        )
        .join(_grades().lazy(), on=["kind", "grade"], how="left")
        .with_columns(
            months=pl.coalesce(
                pl.col("months"),
                kind.replace_strict(WITHIN_MONTHS, default=None, return_dtype=pl.Int32),
            )
        )
        .with_columns(cannot=cannot, review=review)
        .filter(pl.col("cannot") | pl.col("review"))
        .select(
            "id_number",
            "rule",
            severity=pl.when(pl.col("cannot")).then(CANNOT).otherwise(REVIEW).cast(pl.Int8),
        )
    )


def age_findings(people: pl.LazyFrame, as_of: dt.date) -> pl.LazyFrame:
    """STAT-AGE: under 18 on as_of. The birth date is the ID's; the birthday counts on the day
    (29 February: on 28 February in common years, as offset_by clamps)."""
    birth = pl.col("id_number").str.slice(6, 8).str.to_date("%Y%m%d")
    return people.filter(birth.dt.offset_by(f"{MINIMUM_AGE}y") > as_of).select(
        "id_number", rule=pl.lit("STAT-AGE"), severity=pl.lit(CANNOT, pl.Int8)
    )


def vet_lazy(people: Any, records: Any, as_of: dt.date | str) -> pl.LazyFrame:
    as_of = _as_date(as_of)
    if as_of < IN_FORCE_FROM:
        raise ValueError("the baseline covers dates on which every cn-2021 item is in force")
    people, records = people.lazy(), records.lazy()
    # Per person: the worst severity and the rules as a bit mask (a few tenths of a second
    # faster here than collecting ``pl.col("rule").unique().sort()`` lists per group).
    per_person = (
        pl.concat([age_findings(people, as_of), record_findings(records, as_of)])
        .group_by("id_number")
        .agg(
            pl.col("severity").max(),
            mask=pl.col("rule").replace_strict(_BIT, return_dtype=pl.Int32).bitwise_or(),
        )
    )
    severity = pl.col("severity").fill_null(0)
    return (
        people.select("id_number")
        .join(per_person, on="id_number", how="left", maintain_order="left")
        .with_columns(pl.col("mask").fill_null(0))
        .join(_rule_lists().lazy(), on="mask", how="left", maintain_order="left")
        .select(
            "id_number",
            outcome=pl.when(severity == CANNOT).then(pl.lit("ineligible"))
            .when(severity == REVIEW).then(pl.lit("needs_review"))
            .otherwise(pl.lit("eligible")),
            rules="rules",
        )
    )


def vet(people: Any, records: Any, as_of: dt.date | str) -> pl.DataFrame:
    """Each person's outcome and sorted rule codes, as huanjie.check computes them."""
    return vet_lazy(people, records, as_of).collect()
