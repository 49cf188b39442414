"""The statistics benchmark's polars baseline (benches/baseline_polars_stats.py) agrees with
``huanjie.stats`` on a small generated roster: every (level, code, kind, figure) → (num, den),
and both compute the same figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pytest

import huanjie as hj

pl = pytest.importorskip("polars")
pytest.importorskip("numpy")

BENCHES = Path(__file__).resolve().parents[3] / "benches"
sys.path.insert(0, str(BENCHES))

import baseline_polars_stats  # noqa: E402
import bench_stats  # noqa: E402


@pytest.mark.parametrize("seed", [7, 2021])
def test_polars_baseline_agrees(seed: int) -> None:
    people, roster, units = bench_stats.generate(20_000, seed=seed, round_facts=True)
    ours = pl.from_arrow(
        pa.table(
            hj.stats(people, roster, units, as_of=bench_stats.AS_OF, age_bands=bench_stats.AGE_BANDS).table
        ).select(bench_stats.KEY + ["num", "den"])
    ).with_columns(pl.col(bench_stats.KEY).cast(pl.String))  # level, kind, figure: categorical
    theirs = baseline_polars_stats.polars_stats(
        pl.from_arrow(people), pl.from_arrow(roster), bench_stats.AS_OF,
        units=pl.from_arrow(units), age_bands=bench_stats.AGE_BANDS,
    )
    assert set(ours["figure"].unique()) == set(theirs["figure"].unique())
    assert bench_stats.compare(ours, theirs, "polars") == set()
    # The data exercises the figures of issue 20: none of them empty at the province.
    province = ours.filter((pl.col("level") == "province") & (pl.col("kind") == "all"))
    for figure in ("party_members", "ethnic_minority", "mean_age_one_shoulder", "units_with_woman",
                   "units_with_young_member", "education_college_secretaries", "subsidised",
                   "background_returnee", "background_veteran", "age_40_or_under", "age_45_or_under",
                   "units_new", "units_complex", "units_finished", "units_not_started", "units_reelection",
                   "mean_funds_before", "min_funds_after"):
        row = province.filter(pl.col("figure") == figure)
        assert row["den"][0] > 0 and 0 < row["num"][0], figure


def test_the_bench_without_round_facts_is_the_old_one() -> None:
    # Without round_facts the generator draws as before: the same two tables.
    people, roster = bench_stats.generate(2_000, seed=7)
    assert roster.column_names == ["id_number", "unit_code", "body", "role", "status", "term"]
    assert people.num_rows > 0
