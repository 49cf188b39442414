"""The messy corpus of tests/messy/ (files as county offices and departments produce them),
read from Python as the command line reads it: the same sheets, header lines, skipped rows,
unused columns, lines — and, checked, the outcomes tests/messy/expected.json gives."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

import huanjie as hj

MESSY = Path(__file__).resolve().parents[3] / "tests" / "messy"
EXPECTED = json.loads((MESSY / "expected.json").read_text(encoding="utf-8"))


def _name(path: str) -> str:
    return Path(path).name


@pytest.mark.parametrize("run", EXPECTED["runs"], ids=lambda r: r["name"])
def test_the_messy_corpus_reads_and_checks_as_expected(run):
    people = hj.read_table(MESSY / run["people"], "people")
    records = hj.read_table([MESSY / r for r in run["records"]], "records")
    # Where each file's table was found, and what was not read.
    inputs = {_name(i["name"]): i for i in people.inputs + records.inputs}
    for want in run["inputs"]:
        got = inputs[want["name"]]
        for key in ("sheet", "header_lines", "data_lines", "rows"):
            if key in want:
                assert got.get(key) == want[key], (want["name"], key)
        assert [[s["line"], s["reason"]] for s in got.get("skipped_rows", [])] == want["skipped_rows"]
        assert got.get("ignored", []) == want["ignored"]
    # The outcomes, each on its person's line.
    res = hj.check(people.table, records=records.table, as_of=run["as_of"])
    outcomes = pa.table(res.outcomes).to_pylist()
    assert len(outcomes) == len(run["outcomes"])
    for o, want in zip(outcomes, run["outcomes"]):
        assert people.lines[o["row"]] == want["line"]
        assert o["outcome"] == want["outcome"]
        assert o["rules"] == want["rules"]
        if "id_number" in want:
            assert o["id_number"] == want["id_number"]
    # Each record-based finding's record: its department's file and line.
    findings = pa.table(res.findings).to_pylist()
    for want in run["evidence"]:
        assert any(
            f["rule"] == want["rule"]
            and (e := json.loads(f["evidence"])).get("row") is not None
            and _name(records.sources[e["row"]]) == want["source"]
            and records.lines[e["row"]] == want["line"]
            for f in findings
        ), want
    assert res.summary["records_unattributed"] == run["records_unattributed"]


def test_no_header_is_an_input_error_naming_the_line(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text("XX村候选人名单\n姓名,性别\n张三,男\n", encoding="utf-8")
    with pytest.raises(hj.InputError) as e:
        hj.read_table(p, "people")
    assert e.value.kind == "missing_column"
    assert e.value.line == 2
    assert "身份证号码" in str(e.value)
    assert "张三" not in str(e.value)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(hj.InputError) as e:
        hj.read_table(tmp_path / "nope.csv", "people")
    assert "文件不存在" in str(e.value)


def test_a_workbook_error_never_quotes_the_workbook(tmp_path: Path) -> None:
    """calamine's own message quotes the offending attribute (`Unknown cell 't' attribute:
    "640121198006210248"`); huanjie says what is wrong in its own words."""
    import zipfile

    src = MESSY / "people-township.xlsx"
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b' t="s"', b' t="640121198006210248"', 1)
            zout.writestr(item, data)
    with pytest.raises(hj.InputError) as e:
        hj.read_table(str(bad), "people")
    message = str(e.value)
    assert "640121198006210248" not in message and "workbook" in message, message
