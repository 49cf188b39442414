"""Tables handed over as frames the way data scientists hold them (docs/python.md "Several frames
per table"): a list of frames per table (one per department) changes no outcome against the same
rows in one frame, and every record keeps its frame as ``source``; blank rows (no cell in the
columns the table reads — a ``序号`` alone counts as blank) are skipped and listed in the audit,
never counted as persons; a person's ``name`` comes with their outcome and findings."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Dict, List

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import huanjie as hj
from conftest import ADULT_F, ADULT_M, AS_OF, make_id

PEOPLE = [ADULT_M, ADULT_F, make_id("640121", dt.date(1970, 1, 1), 3), make_id("640121", dt.date(1985, 5, 5), 4)]
NAMES = ["马志强", "李秀英", "王建军", "杨丽燕"]
RECORDS = [
    {"id_number": PEOPLE[1], "kind": "刑事处罚", "date": "2019-05-01"},
    {"id_number": PEOPLE[2], "kind": "失信被执行人", "date": "2019-01-01", "end_date": "2020-06-01"},
    {"id_number": PEOPLE[3], "kind": "行政拘留", "date": "2020-10-01"},
    {"id_number": PEOPLE[0], "kind": "党纪处分", "date": "2020-03-01", "sanction": "严重警告"},
]


def people_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "序号": [1, 2, 3, 4],
            "身份证号码": PEOPLE,
            "姓名": NAMES,
            "性别": ["男", "女", "男", "女"],
            "出生日期": ["1980-03-12", "1980-06-21", "1970-01-01", "1985-05-05"],
        }
    )


def verdicts(res: hj.CheckResult) -> List[Any]:
    return [(o["id_number"], o["outcome"], o["rules"]) for o in pa.table(res.outcomes).to_pylist()]


@settings(max_examples=25, deadline=None)
@given(cuts=st.lists(st.integers(0, len(RECORDS)), max_size=3), polars=st.booleans())
def test_records_split_into_several_frames_change_no_outcome(cuts: List[int], polars: bool) -> None:
    whole = hj.check(people_frame(), records=pd.DataFrame(RECORDS), as_of=AS_OF)
    bounds = [0, *sorted(cuts), len(RECORDS)]
    parts = [RECORDS[a:b] for a, b in zip(bounds, bounds[1:]) if b > a] or [RECORDS]
    # The frames need not share their columns: each has only the columns its records fill.
    frames: List[Any] = []
    for part in parts:
        df = pd.DataFrame(part).dropna(axis=1, how="all")
        frames.append(pl.from_pandas(df) if polars else df)
    split = hj.check(people_frame(), records=frames, as_of=AS_OF)
    assert verdicts(split) == verdicts(whole)
    # Each record's evidence names the frame it came from.
    starts = [0]
    for part in parts:
        starts.append(starts[-1] + len(part))
    for f in json.loads(split.to_json())["findings"]:
        ev = f.get("evidence") or {}
        if ev.get("table") == "records" and len(parts) > 1:
            frame = max(i for i, s in enumerate(starts[:-1]) if s <= ev["row"])
            assert ev["source"] == f"records[{frame}]"
    inputs = [i for i in split.audit["inputs"] if i["table"] == "records"]
    assert [i["rows"] for i in inputs] == [len(p) for p in parts]


@settings(max_examples=25, deadline=None)
@given(at=st.lists(st.integers(0, 4), max_size=4), numbered=st.booleans())
def test_blank_rows_in_a_frame_are_skipped_and_listed(at: List[int], numbered: bool) -> None:
    base = people_frame()
    rows: List[Dict[str, Any]] = base.to_dict("records")
    blank_positions = []
    for k in sorted(at, reverse=True):
        blank = {c: None for c in base.columns}
        if numbered:
            blank["序号"] = 99  # a numbered row of an unfilled template
        rows.insert(k, blank)
    frame = pd.DataFrame(rows, columns=base.columns)
    blank_positions = [i + 1 for i, r in enumerate(rows) if r["身份证号码"] is None]
    clean = hj.check(base, records=pd.DataFrame(RECORDS), as_of=AS_OF)
    messy = hj.check(frame, records=pd.DataFrame(RECORDS), as_of=AS_OF)
    assert verdicts(messy) == verdicts(clean)
    assert messy.summary["persons"] == len(PEOPLE)
    people = next(i for i in messy.audit["inputs"] if i["table"] == "people")
    skipped = people.get("skipped_rows", [])
    assert [s["line"] for s in skipped] == blank_positions
    assert {s["reason"] for s in skipped} <= {"blank"}


def test_names_come_with_outcomes_and_findings_and_are_masked_on_request() -> None:
    res = hj.check(people_frame(), records=pd.DataFrame(RECORDS), as_of=AS_OF)
    assert [o["name"] for o in pa.table(res.outcomes).to_pylist()] == NAMES
    f = next(f for f in pa.table(res.findings).to_pylist() if f["rule"] == "NEG-02")
    assert f["name"] == "李秀英"
    assert "李*英" in res.to_text()
    assert "李秀英" not in res.to_text()


def test_the_text_places_a_frame_row_by_its_position() -> None:
    police = pd.DataFrame([RECORDS[2]])
    court = pd.DataFrame([{"id_number": None, "kind": None, "date": None}, RECORDS[0]])
    res = hj.check(people_frame(), records=[police, court], as_of=AS_OF)
    # 李秀英 is people row 1; her record is the court frame's second row (its first is blank).
    line = next(l for l in res.to_text().splitlines() if "NEG-02" in l)
    assert line.startswith("people 行号/row 1 "), line
    assert line.endswith("依据 evidence records[1] 行号/row 1"), line


def test_a_list_mixing_frames_and_other_things_is_an_input_error() -> None:
    with pytest.raises(hj.InputError) as e:
        hj.check(people_frame(), records=[pd.DataFrame(RECORDS), "法院.xlsx"], as_of=AS_OF)
    assert e.value.table == "records"
    assert "item 1" in str(e.value)


def test_each_frame_needs_the_required_columns() -> None:
    with pytest.raises(hj.InputError) as e:
        hj.check(
            people_frame(),
            records=[pd.DataFrame(RECORDS), pd.DataFrame({"kind": ["刑事处罚"]})],
            as_of=AS_OF,
        )
    assert "records[1]" in str(e.value)
