"""Comparing outcomes: (id_number, outcome, sorted rules) of every person, as polars frames."""

from __future__ import annotations

from typing import Any

import polars as pl


def normalise(frame: Any) -> pl.DataFrame:
    """``id_number``, ``outcome`` and ``rules`` (joined with ","), sorted by ``id_number``, from
    huanjie's outcomes table (Arrow), a polars frame or a pandas frame."""
    if type(frame).__module__.split(".")[0] == "pandas":
        df = pl.from_pandas(frame[["id_number", "outcome", "rules"]])
    elif isinstance(frame, pl.DataFrame):
        df = frame
    else:
        df = pl.DataFrame(frame)
    return (
        df.select(
            pl.col("id_number").cast(pl.String),
            pl.col("outcome").cast(pl.String),
            pl.col("rules").cast(pl.List(pl.String)).list.join(",").alias("rules"),
        )
        .sort("id_number")
    )


def differences(expected: pl.DataFrame, got: pl.DataFrame) -> pl.DataFrame:
    """The persons on which two normalised outcome frames disagree (missing on either side too)."""
    j = expected.join(got, on="id_number", how="full", suffix="_got", coalesce=True, nulls_equal=True)
    return j.filter(
        pl.col("outcome").ne_missing(pl.col("outcome_got"))
        | pl.col("rules").ne_missing(pl.col("rules_got"))
    )


def assert_same(expected: pl.DataFrame, got: pl.DataFrame, label: str) -> None:
    """Raises AssertionError naming ``label`` and showing up to 10 differing persons."""
    diff = differences(expected, got)
    if diff.height or expected.height != got.height:
        with pl.Config(tbl_rows=10, fmt_str_lengths=80, tbl_width_chars=200):
            raise AssertionError(
                f"{label}: {diff.height} of {expected.height} persons differ from huanjie "
                f"({got.height} rows):\n{diff.head(10)}"
            )
