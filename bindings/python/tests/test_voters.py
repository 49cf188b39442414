"""The voter register and proxies from Python: the shared cases of tests/cases/voters.json (as
tests/election_cases.rs runs them) through several kinds of table, and the example CSVs."""

from __future__ import annotations

import json
from typing import Any, Dict

import pyarrow as pa
import pytest

import huanjie as hj
from conftest import EXAMPLES, INPUT_KINDS, load_cases, messages_and_outside, unique_ids

VOTERS = load_cases("voters.json")["cases"]
TABLES = ("records", "units", "proxies", "relations", "people")


@pytest.mark.parametrize("kind", ["list_of_dicts", "pyarrow", "polars", "pandas_str"])
@pytest.mark.parametrize("case", VOTERS, ids=unique_ids(c["name"] for c in VOTERS))
def test_voters_case(case: Dict[str, Any], kind: str) -> None:
    conv = INPUT_KINDS[kind]
    extra = {t: conv(case[t]) for t in TABLES if t in case}
    res = hj.voters(conv(case["register"]), **extra, as_of=case["as_of"])
    got = sorted(json.dumps([f["rule"], f["severity"], f["row"]]) for f in pa.table(res.findings).to_pylist())
    want = sorted(json.dumps(f) for f in case["expect"]["findings"])
    assert got == want
    assert messages_and_outside(case, pa.table(res.findings).to_pylist()) == []
    for g, w in zip(pa.table(res.units).to_pylist(), case["expect"].get("units", [])):
        assert {k: g[k] for k in w} == w
    outcomes = pa.table(res.rows).column("outcome").to_pylist()
    assert len(outcomes) == len(case["register"])


def test_voters_examples_with_chinese_headers() -> None:
    pd = pytest.importorskip("pandas")
    read = lambda t: pd.read_csv(EXAMPLES / f"{t}.csv", dtype=str, encoding="utf-8-sig")  # noqa: E731
    res = hj.voters(read("register"), records=read("records"), proxies=read("proxies"),
                    relations=read("relations"), as_of="2021-01-15")
    assert res.exit_code == 1
    s = res.summary
    assert (s["rows"], s["eligible"], s["ineligible"], s["in_two_units"]) == (14, 9, 3, 1)
    rules = sorted(f["rule"] for f in pa.table(res.findings).to_pylist())
    assert rules == ["AV-05", "AV-05", "VOTER-AGE", "VOTER-RESIDENCE", "VOTER-RIGHTS", "VOTER-TWO-UNITS", "VOTER-TWO-UNITS"]
    frames = res.to_polars()
    assert frames["units"]["eligible"].to_list() == [7, 2]
    assert frames["rows"].height == 14
    masked = pa.table(res.masked()).to_pylist()
    assert all("640121200301160917" not in json.dumps(f, default=str) for f in masked)
