"""The hostile corpus of tests/hostile/ (a year typed with five digits, a quote left open, a
workbook with cells at both ends of the sheet, a sheet that unpacks into megabytes of
whitespace, a cell attribute holding an ID number): read from Python in a child process under
a memory limit, each file raises the error tests/hostile/expected.json names — or reads — and
no error holds a run of 15 digits. The checks of the command line's runs are made in Rust
(tests/hostile.rs); here the same dates reach `check` from frames."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import huanjie as hj

HOSTILE = Path(__file__).resolve().parents[3] / "tests" / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
PYTHON_RUNS = [r for r in EXPECTED["runs"] if "python" in r]

# The child reads one file under an address-space limit and prints what happened as JSON.
CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
import huanjie as hj
path, table, limits = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
try:
    read = hj.read_table(path, table, limits=limits or None)
    print(json.dumps({"rows": read.table.num_rows}))
except hj.HuanjieError as e:
    print(json.dumps({"kind": e.kind, "line": e.line, "message": str(e)}))
"""


@pytest.mark.parametrize("run", PYTHON_RUNS, ids=lambda r: r["name"])
def test_each_hostile_file_gives_its_answer_under_a_memory_limit(run):
    want = run["python"]
    path = want["file"] if want["file"].startswith("/") else str(HOSTILE / want["file"])
    done = subprocess.run(
        [sys.executable, "-c", CHILD, path, want["table"], json.dumps(want.get("limits", {}))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    if "kind" in want:
        assert got.get("kind") == want["kind"], got
        assert not re.search(r"\d{15}", got["message"]), got["message"]
        if "line" in want:
            assert got["line"] == want["line"], got
    else:
        assert got == {"rows": want["rows"]}, got


def test_an_unknown_limit_is_an_error():
    with pytest.raises(hj.InputError, match="unknown limit"):
        hj.read_table(HOSTILE / "people.csv", "people", limits={"nothing": 3})


def test_a_five_digit_year_is_a_review_finding_not_a_record_after_as_of():
    people = hj.read_table(HOSTILE / "people.csv", "people")
    records = hj.read_table(HOSTILE / "records-five-digit-year.csv", "records")
    res = hj.check(people.table, records=records.table, as_of="2021-01-15")
    assert res.summary["records_after_as_of"] == 0
    rules = {f["rule"] for f in json.loads(res.to_json())["findings"]}
    assert "DATA-VALUE" in rules
    assert res.summary["needs_review"] == 1
