"""The count, apportionment and recall from Python: the shared cases of tests/cases/count.json
(as tests/election_cases.rs runs them) through every kind of table ``huanjie.count`` accepts,
the example CSVs with Chinese headers, and properties checked against independent Python
definitions."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Dict, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import huanjie as hj
from conftest import EXAMPLES, INPUT_KINDS, load_cases, messages_and_outside, unique_ids

COUNT = load_cases("count.json")["cases"]


def who(e: Dict[str, Any]) -> str:
    return e["id_number"] if e.get("id_number") else f"name:{e['name']}"


def compact(u: Dict[str, Any]) -> Dict[str, Any]:
    out = {k: u[k] for k in ("unit_code", "body", "round", "valid", "reasons", "unfilled")}
    for k in ("elected", "runoff"):
        out[k] = [[who(e), e["role"], e["votes"]] for e in u[k]]
    out["ties"] = [[t["role"], t["votes"], t["seats"], [who(c) for c in t["candidates"]]] for t in u["ties"]]
    return out


def compare(doc: Dict[str, Any], want: Dict[str, Any]) -> List[str]:
    problems = []
    if "units" in want:
        if len(doc["units"]) != len(want["units"]):
            problems.append(f"{len(doc['units'])} rounds, expected {len(want['units'])}")
        for g, w in zip(doc["units"], want["units"]):
            c = compact(g)
            problems += [f"{k}: {c.get(k)} != {v}" for k, v in w.items() if c.get(k) != v]
    for k, v in want.get("summary", {}).items():
        g = doc["summary"][k]
        same = all(g[kk] == vv for kk, vv in v.items()) if isinstance(v, dict) else g == v
        if not same:
            problems.append(f"summary.{k}: {g} != {v}")
    if "findings" in want:
        got = sorted(json.dumps([f["rule"], f["severity"], f["id_number"]]) for f in doc["findings"])
        exp = sorted(json.dumps(f) for f in want["findings"])
        if got != exp:
            problems.append(f"findings {got} != {exp}")
    return problems


def run(case: Dict[str, Any], kind: str) -> "hj.CountResult":
    conv = INPUT_KINDS[kind]
    extra = {t: conv(case[t]) for t in ("roster", "register") if t in case}
    pack = hj.RulePack.from_text(case["pack_toml"]) if "pack_toml" in case else case.get("pack", "cn-2021")
    return hj.count(conv(case["tallies"]), conv(case["votes"]), **extra, as_of=case["as_of"], pack=pack)


def test_count_cases_are_there() -> None:
    assert len(COUNT) >= 30
    assert sum("error" in c["expect"] for c in COUNT) >= 10


@pytest.mark.parametrize("kind", ["list_of_dicts", "pyarrow", "polars", "pandas_str"])
@pytest.mark.parametrize("case", COUNT, ids=unique_ids(c["name"] for c in COUNT))
def test_count_case(case: Dict[str, Any], kind: str) -> None:
    want = case["expect"]
    if "error" in want:
        e = want["error"]
        with pytest.raises(hj.InputError) as info:
            run(case, kind)
        msg = str(info.value)
        assert f"table {e['table']}" in msg and f"行号 row {e['row']}" in msg and e["contains"] in msg, msg
        if "column" in e:
            assert f'column "{e["column"]}"' in msg, msg
            assert info.value.column == e["column"]
        err = info.value
        # A frame in memory has rows, not lines.
        assert (err.table, err.row, err.line, err.file) == (e["table"], e["row"], None, None)
        if "kind" in e:
            assert err.kind == e["kind"]
        assert err.errors()[0]["kind"] == err.kind and err.errors()[0]["message"] == msg
        for r in case["votes"]:
            assert not r.get("id_number") or r["id_number"] not in msg
        return
    res = run(case, kind)
    doc = res.to_dict()
    assert compare(doc, want) == []
    assert messages_and_outside(case, doc["findings"]) == []


def test_count_examples_with_chinese_headers() -> None:
    pd = pytest.importorskip("pandas")
    read = lambda t: pd.read_csv(EXAMPLES / f"{t}.csv", dtype=str, encoding="utf-8-sig")  # noqa: E731
    res = hj.count(read("tallies"), read("votes"), roster=read("roster"), as_of="2021-01-15")
    assert res.exit_code == 0
    s = res.summary
    assert (s["elections"], s["seats"], s["filled"], s["unfilled"]) == (2, 8, 8, 0)
    assert s["first_ballot_success"]["num"] == 1 and s["first_ballot_success"]["den"] == 2
    frames = res.to_pandas()
    assert set(frames) == {"rounds", "elected", "runoff", "ties", "findings"}
    elected = frames["elected"]
    assert len(elected) == 8
    assert list(elected.loc[elected["round"] == 2, "votes"]) == [560]
    rounds = res.to_polars()["rounds"]
    assert rounds["turnout_num"].to_list() == [1100, 1020, 600]
    assert rounds["valid"].to_list() == [True, True, True]
    masked = res.to_dict(mask=True)
    assert "640121197503120134" not in json.dumps(masked)
    assert "640121197503120134" in res.to_json()


def test_empty_results_are_typed() -> None:
    pa = pytest.importorskip("pyarrow")
    res = hj.count(
        [{"unit_code": "640121100201", "body": "村委会", "round": 1, "registered": 10, "voted": 4,
          "ballots_returned": 4, "seats_member": 1}],
        [{"unit_code": "640121100201", "body": "村委会", "round": 1, "id_number": "640121198006210248",
          "role": "委员", "votes": 4}],
        as_of="2021-01-15",
    )
    assert res.exit_code == 1  # turnout 4 of 10: invalid
    for t in (res.elected, res.runoff, res.ties, res.findings):
        tbl = pa.table(t)
        assert tbl.num_rows == 0 and tbl.num_columns > 0


# ---- apportionment -------------------------------------------------------------------------


def dhondt(weights: List[int], seats: int) -> List[int]:
    """D'Hondt by its definition, in Python: the largest quotients w/k, ties by larger weight,
    then order."""
    q = [(Fraction(w, k), w, -i, i) for i, w in enumerate(weights) if w > 0 for k in range(1, seats + 1)]
    q.sort(key=lambda x: (x[0], x[1], x[2]), reverse=True)
    out = [0] * len(weights)
    for x in q[:seats]:
        out[x[3]] += 1
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=1, max_size=8), st.integers(0, 25))
def test_dhondt_matches_the_python_definition(weights: List[int], seats: int) -> None:
    if sum(weights) == 0:
        return
    t = hj.apportion({"group": [f"g{i}" for i in range(len(weights))], "weight": weights}, seats, "dhondt")
    import pyarrow as pa

    assert pa.table(t).column("seats").to_pylist() == dhondt(weights, seats)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 1000), min_size=1, max_size=8), st.integers(0, 40),
       st.sampled_from(["hamilton", "dhondt", "sainte-lague", "huntington-hill"]))
def test_every_method_fills_the_house(weights: List[int], seats: int, method: str) -> None:
    import pyarrow as pa

    t = pa.table(hj.apportion({"group": [str(i) for i in range(len(weights))], "weight": weights}, seats, method))
    assert sum(t.column("seats").to_pylist()) == seats
    if method == "hamilton":
        total = sum(weights)
        for w, s in zip(weights, t.column("seats").to_pylist()):
            q = Fraction(w * seats, total)
            assert q.numerator // q.denominator <= s <= -(-q.numerator // q.denominator)


def test_apportion_households_with_chinese_headers() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(EXAMPLES / "groups.csv", encoding="utf-8-sig")
    t = hj.apportion(df, 50, "hamilton")
    import pyarrow as pa

    tbl = pa.table(t)
    assert tbl.column("seats").to_pylist() == [9, 6, 17, 4, 14]
    assert tbl.schema.metadata[b"method"] == b"hamilton"


@pytest.mark.parametrize(
    "weights, seats, message",
    [
        ({"group": ["a", "b"], "weight": [5, -1]}, 3, "row 1"),
        ({"group": ["a", "b"], "weight": [5, 5], "min_seats": [2, 2]}, 3, "minimum seats"),
        ({"group": ["a", "b"], "weight": ["5", "2.5"]}, 3, "not a whole number"),
        ({"group": ["a"], "other": [1]}, 3, "weight"),
    ],
)
def test_apportion_errors(weights: Dict[str, Any], seats: int, message: str) -> None:
    with pytest.raises(hj.InputError, match=message):
        hj.apportion(weights, seats, "dhondt")


def test_apportion_rejects_unknown_methods() -> None:
    with pytest.raises(hj.HuanjieError, match="unknown method"):
        hj.apportion({"group": ["a"], "weight": [1]}, 1, "borda")


# ---- recall ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw, valid, passed",
    [
        (dict(registered=1000, voted=500, yes=500), False, False),  # exactly half voted
        (dict(registered=1000, voted=501, yes=251), True, True),
        (dict(registered=1000, voted=600, yes=300), True, False),  # exactly half for
        (dict(registered=1000, voted=600, yes=301, proposers=199), True, False),  # proposal short
        (dict(registered=1000, voted=600, yes=301, proposers=200), True, True),  # one fifth
        (dict(registered=1000, voted=600, yes=301, proposers=10, proposed_by="representatives", representatives=30), True, True),
        (dict(registered=1000, voted=600, yes=301, proposers=9, proposed_by="representatives", representatives=30), True, False),
    ],
)
def test_recall_thresholds(kw: Dict[str, Any], valid: bool, passed: bool) -> None:
    r = hj.recall(**kw, as_of="2022-05-01")
    assert (r["valid"], r["passed"]) == (valid, passed)


def test_recall_refuses_impossible_figures() -> None:
    with pytest.raises(hj.InputError):
        hj.recall(registered=10, voted=11, yes=1, as_of="2022-05-01")
    with pytest.raises(hj.HuanjieError):
        hj.recall(registered=10, voted=5, yes=-1, as_of="2022-05-01")
    with pytest.raises(hj.HuanjieError):
        hj.recall(registered=10, voted=5, yes=1, proposers=-2, as_of="2022-05-01")
    with pytest.raises(hj.InputError):
        hj.recall(registered=10, voted=5, yes=1, proposers=11, as_of="2022-05-01")
    # A share of nobody: 0 of 0 representatives is no third of them, 0 registered no base.
    with pytest.raises(hj.InputError, match="no representatives") as e:
        hj.recall(registered=10, voted=6, yes=4, proposers=0, proposed_by="representatives",
                  representatives=0, as_of="2022-05-01")
    assert e.value.kind == "out_of_range"
    with pytest.raises(hj.InputError, match="no registered voters"):
        hj.recall(registered=0, voted=0, yes=0, as_of="2022-05-01")
