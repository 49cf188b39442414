"""The count of nominations from Python: the shared cases of tests/cases/nominations.json (as
tests/election_cases.rs runs them) through every kind of table ``huanjie.count`` accepts, the
example CSV with Chinese headers, the tables a result gives, and the slate checked against an
independent Python definition (hypothesis)."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import huanjie as hj
from conftest import EXAMPLES, INPUT_KINDS, check_char, load_cases, messages_and_outside

CASES = load_cases("nominations.json")["cases"]
UNIT = "640121100201"


def compare(doc: Dict[str, Any], want: Dict[str, Any]) -> List[str]:
    problems = []
    slates = []
    for s in doc["slates"]:
        s = dict(s)
        s["nominees"] = [
            [n["id_number"], n["nominations"], n["rank"], n["outcome"]]
            for n in doc["nominees"]
            if all(n[k] == s[k] for k in ("unit_code", "body", "role"))
        ]
        slates.append(s)
    if "slates" in want:
        if len(slates) != len(want["slates"]):
            problems.append(f"{len(slates)} slates, expected {len(want['slates'])}")
        for g, w in zip(slates, want["slates"]):
            problems += [f"{k}: {g.get(k)} != {v}" for k, v in w.items() if g.get(k) != v]
    if "participation" in want:
        got = [
            [p["unit_code"], p["nominator_kind"], p["nominator_persons"], p["nominators_counted"], p["organisation_nominations"]]
            for p in doc["participation"]
        ]
        if got != want["participation"]:
            problems.append(f"participation {got} != {want['participation']}")
    for k, v in want.get("summary", {}).items():
        if doc["summary"][k] != v:
            problems.append(f"summary.{k}: {doc['summary'][k]} != {v}")
    if "findings" in want:
        got_f = sorted(json.dumps([f["rule"], f["severity"], f["id_number"]]) for f in doc["findings"])
        exp = sorted(json.dumps(f) for f in want["findings"])
        if got_f != exp:
            problems.append(f"findings {got_f} != {exp}")
    return problems


def run(case: Dict[str, Any], kind: str) -> "hj.CountResult":
    conv = INPUT_KINDS[kind]
    extra = {t: conv(case[t]) for t in ("units",) if t in case}
    pack = hj.RulePack.from_text(case["pack_toml"]) if "pack_toml" in case else case.get("pack", "cn-2021")
    return hj.count(nominations=conv(case["nominations"]), **extra, as_of=case["as_of"], pack=pack)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: Dict[str, Any]) -> None:
    res = run(case, "list_of_dicts")
    doc = res.to_dict()
    problems = compare(doc, case["expect"])
    problems += messages_and_outside(case, doc["findings"])
    assert not problems, problems
    # The result's tables agree with its document.
    assert res.nominees.num_rows == len(doc["nominees"])
    assert pa.table(res.nomination_findings).num_rows == len(doc["findings"])
    assert res.exit_code == (0 if not doc["findings"] else 1)


@pytest.mark.parametrize("kind", sorted(INPUT_KINDS))
def test_every_kind_of_table_gives_the_same_result(kind: str) -> None:
    for case in CASES:
        assert run(case, kind).to_json() == run(case, "list_of_dicts").to_json(), (kind, case["name"])


def test_the_example_csv_with_chinese_headers() -> None:
    import polars as pl

    read = lambda name: pl.read_csv(EXAMPLES / name, infer_schema_length=0)  # noqa: E731
    res = hj.count(nominations=read("nominations.csv"), units=read("units.csv"), as_of="2021-01-15")
    nominees = pl.DataFrame(res.nominees)
    assert set(nominees["outcome"]) <= {"formal", "not_formal", "tied", "undecided"}
    assert nominees.filter(pl.col("role") == "director")["outcome"].to_list() == ["formal", "formal", "not_formal"]
    part = pl.DataFrame(res.participation)
    total = part.filter(pl.col("unit_code").is_null() & pl.col("nominator_kind").is_null())
    assert total["nominator_persons"].to_list() == [11]  # distinct over both units: two nominators nominate in both
    assert total["nominators_counted"].to_list() == [7]
    # The text masks ID numbers and names by default; the tables hold them in full.
    text = res.to_text()
    assert "640121197503121006" not in text and "马志强" not in text
    assert "640121197503121006" in nominees["id_number"].to_list()
    assert res.summary["slates"] == 3
    assert "CountResult(slates=3" in repr(res)


def test_both_stages_together_and_old_calls_unchanged() -> None:
    import polars as pl

    read = lambda name: pl.read_csv(EXAMPLES / name, infer_schema_length=0)  # noqa: E731
    old = hj.count(read("tallies.csv"), read("votes.csv"), as_of="2021-01-15")
    both = hj.count(
        read("tallies.csv"), read("votes.csv"), nominations=read("nominations.csv"), units=read("units.csv"), as_of="2021-01-15"
    )
    assert old.rounds.num_rows == both.rounds.num_rows > 0
    assert old.nominees.num_rows == 0 and old.nomination_summary is None
    assert both.nominees.num_rows > 0
    assert both.nomination_summary is not None and both.nomination_summary["slates"] == 3
    doc = both.to_dict()
    assert "units" in doc and "slates" in doc and "nomination_findings" in doc


def test_a_stage_is_needed() -> None:
    with pytest.raises(hj.HuanjieError, match="needs a stage"):
        hj.count(as_of="2021-01-15")
    with pytest.raises(hj.HuanjieError, match="both tallies and votes"):
        hj.count(tallies=[{"unit_code": UNIT}], as_of="2021-01-15")


def test_a_missing_column_is_an_input_error_naming_the_table() -> None:
    with pytest.raises(hj.InputError) as e:
        hj.count(nominations=[{"区划代码": UNIT, "职务": "主任"}], as_of="2021-01-15")
    assert "nominations" in str(e.value)


# ----------------------------------------------------------------------------------------------
# the slate against its definition


def ident(i: int, year: str = "1975") -> str:
    body = f"640121{year}0312{100 + i:03d}"
    return body + check_char(body)


NOMINEES = [ident(i) for i in range(6)]
NOMINATORS = [ident(i, "1990") for i in range(6)]

row_st = st.tuples(
    st.integers(0, 5),
    st.one_of(
        st.tuples(st.just("person"), st.integers(0, 5)),
        st.tuples(st.just("count"), st.integers(1, 3)),
        st.tuples(st.just("party"), st.just(0)),
    ),
)


def oracle(rows: List[Tuple[int, Tuple[str, int]]], cap: int) -> Dict[str, Tuple[int, str]]:
    persons: Dict[int, set] = {}
    counted: Dict[int, int] = {}
    party: set = set()
    for nominee, (how, v) in rows:
        persons.setdefault(nominee, set())
        if how == "person":
            persons[nominee].add(v)
        elif how == "count":
            counted[nominee] = counted.get(nominee, 0) + v
        else:
            party.add(nominee)
    n = {k: len(s) + counted.get(k, 0) + (k in party) for k, s in persons.items()}
    out = {}
    for k, v in n.items():
        more = sum(w > v for w in n.values())
        at_least = sum(w >= v for w in n.values())
        outcome = "formal" if at_least <= cap else ("tied" if more < cap else "not_formal")
        out[NOMINEES[k]] = (v, outcome)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(row_st, max_size=25), st.integers(1, 3))
def test_members_slate_equals_the_definition(rows: List[Tuple[int, Tuple[str, int]]], seats: int) -> None:
    table = []
    for nominee, (how, v) in rows:
        r = {"unit_code": UNIT, "body": "村委会", "role": "委员", "id_number": NOMINEES[nominee]}
        if how == "person":
            r.update(nominator_kind="村民", nominator=NOMINATORS[v])
        elif how == "count":
            r.update(nominator_kind="村民代表", nominators=str(v))
        else:
            r.update(nominator_kind="党组织")
        table.append(r)
    units = [{"unit_code": UNIT, "seats_director": "1", "seats_deputy_director": "0", "seats_member": str(seats)}]
    if not table:
        return
    res = hj.count(nominations=table, units=units, as_of="2021-01-15")
    got = {r["id_number"]: (r["nominations"], r["outcome"]) for r in pa.table(res.nominees).to_pylist()}
    assert got == oracle(rows, seats + 3)  # cn-2021: 委员 seats + 1 … seats + 3


def test_frames_of_a_count_of_nominations() -> None:
    case = CASES[0]
    res = run(case, "list_of_dicts")
    frames = res.to_polars()
    assert {"slates", "nominees", "participation", "nomination_findings"} <= set(frames)
    assert frames["nominees"].height == 3
