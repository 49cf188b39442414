"""``huanjie.check`` decides the outcomes and the summary without building findings, and builds
the findings (by the full check) only when they are asked for. Both must tell the same story:
here every person's outcome and rules are derived again from the findings table, by the
definition of docs/domain.md §4 written out in polars, and the summary's counts from the same table."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import huanjie as hj

pl = pytest.importorskip("polars")

BENCHES = Path(__file__).resolve().parents[3] / "benches"
sys.path.insert(0, str(BENCHES))

import data  # noqa: E402


def outcomes_from_findings(findings: "pl.DataFrame", people: "pl.DataFrame") -> "pl.DataFrame":
    """The outcome of every person in ``people`` by the most severe of their findings."""
    per_person = findings.group_by("id_number").agg(
        bars=pl.col("severity").is_in(["cannot", "should_not"]).any(),
        review=(pl.col("severity") == "review").any(),
        rules=pl.col("rule").unique().sort(),
    )
    return (
        people.select("id_number")
        .join(per_person, on="id_number", how="left")
        .select(
            "id_number",
            outcome=pl.when(pl.col("bars"))
            .then(pl.lit("ineligible"))
            .when(pl.col("review"))
            .then(pl.lit("needs_review"))
            .otherwise(pl.lit("eligible")),
            rules=pl.col("rules").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        )
        .sort("id_number")
    )


@pytest.mark.parametrize("as_of", [dt.date(2021, 1, 15), dt.date(2021, 3, 1), dt.date(2022, 2, 28)])
def test_outcomes_agree_with_the_findings(as_of: dt.date) -> None:
    people, records = data.generate(3_000, 9_000, seed=7, as_of=as_of)
    res = hj.check(pl.from_arrow(people), records=pl.from_arrow(records), as_of=as_of)
    outcomes = (
        pl.DataFrame(res.outcomes)
        .select("id_number", "outcome", pl.col("rules").list.sort())
        .sort("id_number")
    )
    findings = pl.DataFrame(res.findings)  # built now, by the full check
    assert outcomes.equals(outcomes_from_findings(findings, pl.from_arrow(people)))
    summary = pl.DataFrame(res.summary_table).row(0, named=True)
    assert {k: res.summary[k] for k in summary} == summary
    assert summary["findings"] == findings.height
    assert summary["ineligible"] == outcomes.filter(pl.col("outcome") == "ineligible").height
    assert res.exit_code == int(findings.filter(pl.col("severity") != "warning").height > 0)
    # The full report is made once and kept: asking again gives the same table.
    assert pl.DataFrame(res.findings).equals(findings)
    assert "id_number" in res.to_json() and res.to_text()
