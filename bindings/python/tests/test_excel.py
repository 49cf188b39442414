"""``to_excel``: the command-line tool's workbook (``--format xlsx``) from every result class —
its sheets by name, ID numbers as text (inline strings, never numbers), masking on request."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import List

import polars as pl

import huanjie as hj
from conftest import EXAMPLES


def read(name: str) -> pl.DataFrame:
    return pl.read_csv(str(EXAMPLES / name), infer_schema=False)


def sheets(path: Path) -> List[str]:
    with zipfile.ZipFile(path) as z:
        return re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())


def sheet_xml(path: Path, n: int) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode()


def as_text(xml: str, text: str) -> bool:
    """``text`` is a string cell of the sheet (an inline string), not a number."""
    return f"<is><t>{text}</t></is>" in xml and f"<v>{text}</v>" not in xml


def test_check_to_excel_holds_the_outcomes_and_findings(tmp_path: Path) -> None:
    res = hj.check(
        read("people.csv"),
        roster=read("roster.csv"),
        records=read("records.csv"),
        as_of="2021-01-15",
    )
    path = tmp_path / "check.xlsx"
    res.to_excel(path)
    assert sheets(path) == ["概况 summary", "审查结论 outcomes", "审查发现 findings"]
    first = json.loads(res.to_json())["outcomes"][0]["id_number"]
    outcomes = sheet_xml(path, 2)
    assert "<t>身份证号码</t>" in outcomes and "<t>id_number</t>" in outcomes
    assert as_text(outcomes, first)
    masked = tmp_path / "masked.xlsx"
    res.to_excel(str(masked), mask=True)
    assert first not in sheet_xml(masked, 2) and first not in sheet_xml(masked, 3)


def test_count_voters_and_stats_to_excel(tmp_path: Path) -> None:
    c = hj.count(read("tallies.csv"), read("votes.csv"), as_of="2021-01-15")
    c.to_excel(tmp_path / "count.xlsx")
    assert sheets(tmp_path / "count.xlsx")[:2] == ["概况 summary", "计票结果 rounds"]
    elected = json.loads(c.to_json())["units"][0]["elected"][0]["id_number"]
    assert as_text(sheet_xml(tmp_path / "count.xlsx", 3), elected)

    v = hj.voters(read("register.csv"), as_of="2021-01-15")
    v.to_excel(tmp_path / "voters.xlsx")
    assert sheets(tmp_path / "voters.xlsx") == ["概况 summary", "选区汇总 units", "审查发现 findings"]

    s = hj.stats(read("people.csv"), read("elected.csv"), as_of="2021-01-15")
    s.to_excel(tmp_path / "stats.xlsx")
    assert sheets(tmp_path / "stats.xlsx")[:2] == ["概况 summary", "统计指标 figures"]
