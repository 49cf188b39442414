"""One output path: Python's ``to_json`` and ``to_text`` give the command-line tool's documents
(the same writers), for every result that has them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import huanjie as hj
from conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[3]
BIN = ROOT / "target" / "debug" / "huanjie"


def csv(name: str) -> str:
    return str(EXAMPLES / name)


def test_check_to_json_is_one_document_with_the_tables() -> None:
    import polars as pl

    people = pl.read_csv(csv("people.csv"), infer_schema=False)
    roster = pl.read_csv(csv("roster.csv"), infer_schema=False)
    records = pl.read_csv(csv("records.csv"), infer_schema=False)
    res = hj.check(people, roster=roster, records=records, as_of="2021-01-15")
    doc = json.loads(res.to_json())
    assert list(doc) == ["huanjie", "pack", "as_of", "summary", "outcomes", "findings"]
    import pyarrow as pa

    assert len(doc["outcomes"]) == pa.table(res.outcomes).num_rows
    f = doc["findings"][0]
    assert isinstance(f["parameters"], list) and isinstance(f["evidence"], dict)
    masked = json.loads(res.to_json(mask=True))
    assert all("*" in o["id_number"] for o in masked["outcomes"] if o["id_number"])


def test_voters_and_stats_and_count_have_the_tools_documents() -> None:
    import polars as pl

    reg = pl.read_csv(csv("register.csv"), infer_schema=False)
    v = hj.voters(reg, as_of="2021-01-15")
    doc = json.loads(v.to_json())
    assert list(doc) == ["huanjie", "pack", "as_of", "summary", "units", "findings", "parameters"]
    assert all(f["pack"] == "cn-2021" for f in doc["findings"])
    assert "huanjie voters" in v.to_text()
    people = pl.read_csv(csv("people.csv"), infer_schema=False)
    elected = pl.read_csv(csv("elected.csv"), infer_schema=False)
    s = hj.stats(people, elected, as_of="2021-01-15")
    sdoc = json.loads(s.to_json())
    assert list(sdoc)[:3] == ["huanjie", "as_of", "decimals"] and sdoc["figures"]
    assert s.to_text().startswith("huanjie stats")
    tallies = pl.read_csv(csv("tallies.csv"), infer_schema=False)
    votes = pl.read_csv(csv("votes.csv"), infer_schema=False)
    c = hj.count(tallies, votes, as_of="2021-01-15")
    assert list(json.loads(c.to_json()))[:4] == ["huanjie", "pack", "as_of", "units"]
    assert c.to_text().startswith("huanjie count")


@pytest.mark.skipif(not BIN.exists(), reason="the command-line tool is built by cargo test")
def test_python_and_the_command_line_write_the_same_document() -> None:
    import polars as pl

    reg = pl.read_csv(csv("register.csv"), infer_schema=False)
    py_doc = json.loads(hj.voters(reg, as_of="2021-01-15").to_json())
    out = subprocess.run(
        [str(BIN), "voters", "--register", csv("register.csv"), "--as-of", "2021-01-15", "--format", "json"],
        capture_output=True,
        text=True,
    )
    cli_doc = json.loads(out.stdout)
    # The audit names the file on the command line and "<memory>" from Python, and each finding's
    # place is a file's line there and a frame's row here; all else is equal.
    def unplaced(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: unplaced(x) for k, x in v.items() if k not in ("line", "source")}
        if isinstance(v, list):
            return [unplaced(x) for x in v]
        return v

    for d in (py_doc, cli_doc):
        d["summary"].pop("audit")
    assert unplaced(py_doc) == unplaced(cli_doc)
    assert {f["source"] for f in py_doc["findings"]} == {"register"}
    assert {f["source"] for f in cli_doc["findings"]} == {csv("register.csv")}
    assert all(f["line"] == f["row"] + 2 for f in cli_doc["findings"])
