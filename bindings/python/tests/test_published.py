"""Published figures as cases (issue 20): the reports' counts of tests/cases/published.json —
增城's and 白银's 2020–21 rounds, Shanxi's 2014–15 completion rate — rebuilt from each case's
spec (the file's description) as tables with Chinese headers and compared with ``hj.stats``'s
province figures, as tests/published.rs does."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, Dict, List, Optional, Tuple

import pyarrow as pa
import pytest

import huanjie as hj
from conftest import load_cases

DOC = load_cases("published.json")
CASES = DOC["cases"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def unit_code(kind: str, n: int) -> str:
    per, first = (200, 200) if kind == "village" else (199, 1)
    return f"640104{100 + n // per:03d}{first + n % per:03d}"


def pid(region: int, n: int, female: bool, young: bool, day: dt.date) -> str:
    birth = dt.date(day.year - (30 if young else 50), 1, 1) - dt.timedelta(days=n % 1000)
    seq = 100 + (n // 1000) % 400 * 2 + (0 if female else 1)
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def term(groups: List[Tuple[Dict[str, Any], List[str]]], key: str, region: int, day: dt.date,
         people: Dict[str, list]) -> Any:
    """One term's elected roster (people's rows appended to ``people``): each group's persons
    over its units, round-robin."""
    rows: Dict[str, list] = {"身份证号码": [], "区划代码": [], "组织": [], "职务": [], "状态": []}
    n = 0
    for g, units in groups:
        p = g.get(key)
        if p is None:
            continue
        party, committee, both = p.get("party", 0), p.get("committee", 0), p.get("both", 0)
        one_shoulder = g.get("one_shoulder", 0) if key == "persons" else p.get("one_shoulder", 0)
        assert one_shoulder <= both and one_shoulder <= len(units)
        bodies = ("村党组织", "村委会") if g["kind"] == "village" else ("社区党组织", "居委会")
        for i in range(party + committee - both):
            ident = pid(region, n, i < p.get("women", 0), i < p.get("young", 0), day)
            n += 1
            people["身份证号码"].append(ident)
            people["文化程度"].append("大专" if i < p.get("college", 0) else "高中")
            roles = ("书记", "主任") if i < one_shoulder else ("委员", "委员")
            for on, body, role in zip((i < party, i < both or i >= party), bodies, roles):
                if on:
                    rows["身份证号码"].append(ident)
                    rows["区划代码"].append(units[i % len(units)])
                    rows["组织"].append(body)
                    rows["职务"].append(role)
                    rows["状态"].append("当选")
    return pa.table({k: pa.array(v, pa.string()) for k, v in rows.items()})


def run(case: Dict[str, Any]) -> List[str]:
    """The failures of one case (empty: it passes)."""
    as_of = dt.date.fromisoformat(case["as_of"])
    previous_as_of: Optional[dt.date] = (
        dt.date.fromisoformat(case["previous_as_of"]) if "previous_as_of" in case else None)
    decimals = case.get("decimals", 1)
    units: Dict[str, list] = {"区划代码": [], "换届状态": []}
    nxt: Dict[str, int] = {}
    groups = []
    for g in case["groups"]:
        kind = g["kind"]
        assert kind in ("village", "community"), kind
        statuses = [label for label, k in g.get("round_status", []) for _ in range(k)]
        assert len(statuses) <= g["units"]
        start = nxt.get(kind, 0)
        codes = [unit_code(kind, n) for n in range(start, start + g["units"])]
        nxt[kind] = start + g["units"]
        units["区划代码"] += codes
        units["换届状态"] += statuses + [None] * (len(codes) - len(statuses))
        groups.append((g, codes))
    if not any(units["换届状态"]):
        del units["换届状态"]
    people: Dict[str, list] = {"身份证号码": [], "文化程度": []}
    roster = term(groups, "persons", 640104, as_of, people)
    extra: Dict[str, Any] = {}
    if previous_as_of is not None:
        extra = {"previous": term(groups, "previous", 640121, previous_as_of, people),
                 "previous_as_of": previous_as_of}
    s = hj.stats(pa.table({k: pa.array(v, pa.string()) for k, v in people.items()}), roster,
                 pa.table({k: pa.array(v, pa.string()) for k, v in units.items()}),
                 as_of=as_of, by="province", decimals=decimals, **extra)
    rows = {(str(r["kind"]), str(r["figure"])): r for r in pa.table(s).to_pylist()}
    failures = []
    for want in case["expect"]:
        key = (want.get("kind", "all"), want["figure"])
        at = f"{case['name'][:30]}: {key[1]} ({key[0]})"
        got = rows.get(key)
        if got is None:
            failures.append(f"{at}: no such figure")
            continue
        for field in ("num", "den", "text", "change_num"):
            if field in want and got[field] != want[field]:
                failures.append(f"{at}: {field} {got[field]!r}, expected {want[field]!r}")
    return failures


@pytest.mark.parametrize("case", CASES, ids=[c["name"][:40] for c in CASES])
def test_published_case(case: Dict[str, Any]) -> None:
    for key in ("title", "publisher", "date", "url", "quote"):
        assert case["source"][key], key
    assert case["published"] and case["constructed"]
    assert run(case) == []


@pytest.mark.parametrize("case", CASES, ids=[c["name"][:40] for c in CASES])
def test_a_changed_count_fails(case: Dict[str, Any]) -> None:
    """One published number off, then a text: the case fails."""
    i, field = next((i, f) for i, w in enumerate(case["expect"]) for f in ("num", "change_num") if f in w)
    bad = copy.deepcopy(case)
    bad["expect"][i][field] += 1
    assert run(bad)
    j = next(i for i, w in enumerate(case["expect"]) if "text" in w)
    bad = copy.deepcopy(case)
    bad["expect"][j]["text"] += "0"
    assert run(bad)
