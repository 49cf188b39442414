"""The register benchmark's polars baseline (benches/baseline_polars_voters.py) agrees with
``huanjie.voters`` on a small generated register, row by row: (row, rule) of every finding.
Three ``as_of`` dates move the age and one-year-residence boundaries across the data."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pyarrow as pa
import pytest

import huanjie as hj

pl = pytest.importorskip("polars")
pytest.importorskip("numpy")

BENCHES = Path(__file__).resolve().parents[3] / "benches"
sys.path.insert(0, str(BENCHES))

import baseline_polars_voters  # noqa: E402
import voter_data  # noqa: E402


@pytest.mark.parametrize("as_of", [dt.date(2021, 1, 15), dt.date(2021, 3, 1), dt.date(2024, 2, 29)])
def test_polars_baseline_agrees(as_of: dt.date) -> None:
    reg = voter_data.generate_register(30_000, seed=7, voters_per_unit=300)
    ours = pa.table(hj.voters(reg, as_of=as_of).findings)
    got = sorted(zip(ours.column("row").to_pylist(), ours.column("rule").to_pylist()))
    base = baseline_polars_voters.findings(pl.from_arrow(reg), as_of)
    want = sorted(zip(base["row"].to_list(), base["rule"].to_list()))
    assert got == want
    rules = {r for _, r in got}
    # the data exercises the rules the baseline knows
    assert {"VOTER-AGE", "VOTER-CONSENT", "VOTER-TWO-UNITS"} <= rules, rules
