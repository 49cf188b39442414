"""The benchmark's pandas and polars baselines (benches/) agree with ``huanjie.check`` on a tiny
generated input: every person's outcome and sorted rule codes. The input has boundary days of
every window, the review paths and 29 February births; three ``as_of`` dates exercise the
month-end rule (2021-03-01: sanction periods ending on 28 February; 2022-02-28: people born
on 29 February 2004 turn 18)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import huanjie as hj

pl = pytest.importorskip("polars")
pytest.importorskip("pandas")
pytest.importorskip("numpy")

BENCHES = Path(__file__).resolve().parents[3] / "benches"
sys.path.insert(0, str(BENCHES))

import baseline_pandas  # noqa: E402
import baseline_polars  # noqa: E402
import compare  # noqa: E402
import data  # noqa: E402

N_PEOPLE, N_RECORDS, SEED = 2_000, 6_000, 2021


def test_bench_modules_come_from_benches() -> None:
    for module in (data, compare, baseline_pandas, baseline_polars):
        assert Path(module.__file__).resolve().parent == BENCHES, module.__name__


def test_generator_is_seeded_and_valid() -> None:
    people, records = data.generate(300, 900, seed=SEED)
    again_people, again_records = data.generate(300, 900, seed=SEED)
    assert people.equals(again_people) and records.equals(again_records)
    ids = people.column("id_number").to_pylist()
    assert len(set(ids)) == len(ids)
    sexes = people.column("sex").to_pylist()
    births = people.column("birth_date").to_pylist()
    for number, sex, birth in zip(ids, sexes, births):
        rid = hj.ResidentId(number)  # raises on an invalid number
        assert rid.birth_date == birth
        assert (rid.sex == "male") == (sex == "男")
    assert set(records.column("id_number").to_pylist()) <= set(ids)


@pytest.mark.parametrize("as_of", [dt.date(2021, 1, 15), dt.date(2021, 3, 1), dt.date(2022, 2, 28)])
def test_baselines_equal_huanjie(as_of: dt.date) -> None:
    people, records = data.generate(N_PEOPLE, N_RECORDS, seed=SEED, as_of=as_of)
    res = hj.check(pl.from_arrow(people), records=pl.from_arrow(records), as_of=as_of)
    expected = compare.normalise(res.outcomes)
    assert expected.height == N_PEOPLE
    # the input reaches every outcome and every rule, including review findings
    assert set(expected["outcome"]) == {"eligible", "ineligible", "needs_review"}
    findings = pl.DataFrame(res.findings)
    assert set(findings["rule"]) == set(data.KINDS[k][0] for k in data.KINDS) | {"STAT-AGE"}
    assert (findings["severity"] == "review").sum() > 0

    got = baseline_pandas.vet(
        baseline_pandas.to_pandas(people), baseline_pandas.to_pandas(records), as_of
    )
    compare.assert_same(expected, compare.normalise(got), f"pandas baseline on {as_of}")
    got = baseline_polars.vet(pl.from_arrow(people), pl.from_arrow(records), as_of)
    compare.assert_same(expected, compare.normalise(got), f"polars baseline on {as_of}")
