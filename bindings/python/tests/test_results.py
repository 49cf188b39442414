"""Results as a data scientist meets them (docs/python.md): ``summary`` is a dict on every result
(the JSON document's summary, audit included)."""

from __future__ import annotations

import json

import polars as pl
import pyarrow as pa
import pytest

import huanjie as hj
from conftest import ADULT_F, ADULT_M, AS_OF, EXAMPLES, MINOR_M, WITH_X


def read(name: str) -> pl.DataFrame:
    return pl.read_csv(EXAMPLES / f"{name}.csv", infer_schema=False)


@pytest.fixture(scope="module")
def check_result() -> "hj.CheckResult":
    return hj.check(read("people"), roster=read("roster"), records=read("records"),
                    relations=read("relations"), as_of=AS_OF)


# ----------------------------------------------------------------------------------------------
# summary


def test_summary_is_the_json_documents_summary_on_every_result(check_result: "hj.CheckResult") -> None:
    v = hj.voters(read("register"), as_of=AS_OF)
    c = hj.count(read("tallies"), read("votes"), as_of=AS_OF)
    for res in (check_result, v, c):
        assert isinstance(res.summary, dict)
        assert res.summary == json.loads(res.to_json())["summary"], type(res)
        assert res.summary["audit"]["pack"]["name"] == "cn-2021"


def test_check_summary_counts(check_result: "hj.CheckResult") -> None:
    s = check_result.summary
    outcomes = pl.DataFrame(check_result.outcomes)
    findings = pl.DataFrame(check_result.findings)
    for k in ("eligible", "ineligible", "needs_review"):
        assert s[k] == outcomes.filter(pl.col("outcome") == k).height, k
    assert s["persons"] == outcomes.height
    assert s["findings"] == findings.height == sum(s["by_severity"].values()) == sum(s["by_rule"].values())
    assert s["by_rule"] == dict(findings.group_by("rule").len().iter_rows())
    assert s["audit"] == check_result.audit


def test_summary_table_is_the_old_one_row_table(check_result: "hj.CheckResult") -> None:
    t = pa.table(check_result.summary_table)
    assert t.num_rows == 1
    assert t.column_names == ["persons", "eligible", "ineligible", "should_not", "needs_review", "findings",
                              "records_after_as_of"]
    row = t.to_pylist()[0]
    assert row == {k: check_result.summary[k] for k in row}
    assert check_result.to_polars()["summary"].row(0, named=True) == row


def test_the_summary_needs_no_findings() -> None:
    """(The outcomes path: the summary comes without building a finding, and says the same.)"""
    people = [{"id_number": i} for i in (ADULT_M, ADULT_F, MINOR_M, WITH_X)]
    records = [{"id_number": ADULT_M, "kind": "刑事处罚", "date": "2012-03-01"}]
    first = hj.check(people, records=records, as_of=AS_OF).summary
    res = hj.check(people, records=records, as_of=AS_OF)
    _ = res.findings
    assert res.summary == first
    assert first["by_rule"] == {"NEG-02": 1, "STAT-AGE": 1}

