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
    people, roster = bench_stats.generate(20_000, seed=seed)
    ours = pl.from_arrow(
        pa.table(hj.stats(people, roster, as_of=bench_stats.AS_OF).table).select(bench_stats.KEY + ["num", "den"])
    )
    theirs = baseline_polars_stats.polars_stats(pl.from_arrow(people), pl.from_arrow(roster), bench_stats.AS_OF)
    assert set(ours["figure"].unique()) == set(theirs["figure"].unique())
    assert bench_stats.compare(ours, theirs, "polars") == set()
    # The data exercises the figures of issue 20: none of them empty at the province.
    province = ours.filter((pl.col("level") == "province") & (pl.col("kind") == "all"))
    for figure in ("party_members", "ethnic_minority", "mean_age_one_shoulder", "units_with_woman",
                   "units_with_young_member", "education_college_secretaries"):
        row = province.filter(pl.col("figure") == figure)
        assert row["den"][0] > 0 and 0 < row["num"][0], figure
