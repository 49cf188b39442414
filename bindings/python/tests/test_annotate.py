"""``CheckResult.annotate`` joins on the ID number (docs/python.md "hj.check"): a frame in any
order, any subset of its rows, rows repeated or unknown, its numbers written in any way huanjie
reads them, gets each person's outcome — the same as a left join on the normalised number — with
its own row order, index and columns kept. ``hj.normalize_ids`` is that normalisation."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Tuple

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import huanjie as hj
import huanjie._huanjie as native
from conftest import ADULT_F, ADULT_M, AS_OF, MINOR_M, WITH_X, check_char, make_id

AS_OF_DATE = dt.date(2021, 1, 15)

# The headers the brief (docs/python.md) promises for the ID column.
ID_HEADERS = [
    "id_number",
    "身份证号码",
    "身份证号",
    "公民身份号码",
    "证件号码",
    "身份证",
    "公民身份证号码",
    "身份证件号码",
    "身份证号码（18位）",
    "证件号",
]


def header_variants(h: str) -> List[str]:
    """The same header as spreadsheets write it: full-width, padded, spaced inside, upper case."""
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in h)
    out = [h, f"  {h} ", wide]
    if h.isascii():
        out += [h.upper(), h.replace("_", " ").title()]
    else:
        out.append(" ".join(h))
    return list(dict.fromkeys(out))


ALL_HEADERS = [v for h in ID_HEADERS for v in header_variants(h)]


# ----------------------------------------------------------------------------------------------
# ID numbers as huanjie reads them, written independently of huanjie


def to_full_width(s: str) -> str:
    return "".join(chr(ord(c) - ord("0") + ord("０")) if c.isdigit() else c for c in s)


def legacy_of(id18: str) -> Optional[str]:
    """The 15-digit form of a number born in the 1900s (no check character, no century)."""
    if id18[6:8] != "19":
        return None
    return id18[:6] + id18[8:17]


def writings(id18: str) -> List[str]:
    """Ways a spreadsheet may hold the same number."""
    out = [
        id18,
        id18.lower(),
        f" {id18[:6]} {id18[6:14]} {id18[14:]} ",
        "'" + id18,
        f'="{id18}"',
        to_full_width(id18),
        "\u3000" + id18 + "\t",
    ]
    legacy = legacy_of(id18)
    if legacy is not None:
        out += [legacy, " " + legacy]
    return out


def test_the_writings_are_one_number_for_huanjie() -> None:
    """(The test's own data: each writing is the number, as hj.ResidentId reads it, except
    ="…", which the join reads and ResidentId does not.)"""
    for id18 in (ADULT_M, WITH_X, "11010519491231002X"):
        for w in writings(id18):
            if not w.startswith("="):
                assert hj.ResidentId(w).number == id18, w


# ----------------------------------------------------------------------------------------------
# persons: valid numbers, a share under 18 on AS_OF (STAT-AGE makes them ineligible)

births = st.one_of(
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(1999, 12, 31)),
    st.dates(min_value=dt.date(2003, 1, 1), max_value=dt.date(2021, 1, 15)),
)


@st.composite
def ids(draw: Any) -> str:
    address = draw(st.sampled_from(["640121", "640122", "110105", "320102"]))
    return make_id(address, draw(births), draw(st.integers(min_value=0, max_value=999)))


@st.composite
def scenarios(draw: Any) -> Dict[str, Any]:
    """People vetted; then the frame to annotate: a sample of them (some repeated) and of
    unknown persons, shuffled, each number written in some way, under some ID header."""
    persons = draw(st.lists(ids(), min_size=1, max_size=10, unique=True))
    strangers = draw(st.lists(ids().filter(lambda i: i not in persons), max_size=3, unique=True))
    pool = persons + strangers
    picks = draw(st.lists(st.sampled_from(pool), max_size=15))
    written = [draw(st.sampled_from(writings(p))) for p in picks]
    # empty cells: no number, no outcome
    blanks = draw(st.lists(st.sampled_from([None, "", "  "]), max_size=2))
    canon: List[Optional[str]] = list(picks) + [None] * len(blanks)
    cells: List[Optional[str]] = written + blanks
    order = draw(st.permutations(range(len(cells))))
    header = draw(st.sampled_from(ALL_HEADERS))
    index = draw(st.lists(st.integers(-1000, 1000), min_size=len(cells), max_size=len(cells), unique=True))
    return {
        "persons": persons,
        "canon": [canon[i] for i in order],
        "cells": [cells[i] for i in order],
        "header": header,
        "index": index,
    }


def check_persons(persons: List[str]) -> "hj.CheckResult":
    return hj.check(pl.DataFrame({"身份证号码": persons}), as_of=AS_OF)


def expected_by_join(res: "hj.CheckResult", canon: List[Optional[str]]) -> pl.DataFrame:
    """outcome and rules of a left join on the (known) 18-character number, in frame order."""
    outcomes = pl.DataFrame(res.outcomes).select("id_number", "outcome", "rules")
    left = pl.DataFrame({"canon": canon}, schema={"canon": pl.String}).with_row_index("i")
    joined = left.join(outcomes, left_on="canon", right_on="id_number", how="left").sort("i")
    return joined.select("outcome", "rules")


def serial_numbers(n: int) -> List[Any]:
    """A 序号 column of mixed types, as spreadsheets give it (and huanjie never needs)."""
    return [i if i % 2 else f"第{i}号" for i in range(n)]


@given(scenarios())
def test_annotate_a_pandas_frame_is_a_join_on_the_id(s: Dict[str, Any]) -> None:
    res = check_persons(s["persons"])
    frame = pd.DataFrame(
        {"序号": serial_numbers(len(s["cells"])), s["header"]: s["cells"], "姓名": ["某"] * len(s["cells"])},
        index=s["index"],
    )
    before = frame.copy()
    out = res.annotate(frame)
    want = expected_by_join(res, s["canon"])
    assert list(out.index) == list(frame.index)
    assert list(out.columns) == ["序号", s["header"], "姓名", "outcome", "rules"]
    assert out[list(frame.columns)].equals(before) and frame.equals(before)
    assert [None if pd.isna(x) else x for x in out["outcome"]] == want["outcome"].to_list()
    assert [None if x is None else list(x) for x in out["rules"]] == want["rules"].to_list()


@given(scenarios(), st.booleans())
def test_annotate_a_polars_frame_is_a_join_on_the_id(s: Dict[str, Any], lazy: bool) -> None:
    res = check_persons(s["persons"])
    frame = pl.DataFrame(
        {"序号": [str(x) for x in serial_numbers(len(s["cells"]))], s["header"]: s["cells"]},
        schema={"序号": pl.String, s["header"]: pl.String},
    )
    out = res.annotate(frame.lazy() if lazy else frame)
    want = expected_by_join(res, s["canon"])
    assert out.columns == ["序号", s["header"], "outcome", "rules"]
    assert out.select(frame.columns).equals(frame)
    assert out.select("outcome", "rules").equals(want)


@given(scenarios())
def test_annotate_a_pyarrow_table_is_a_join_on_the_id(s: Dict[str, Any]) -> None:
    res = check_persons(s["persons"])
    frame = pa.table({s["header"]: pa.array(s["cells"], pa.string())})
    out = res.annotate(frame)
    want = expected_by_join(res, s["canon"])
    assert out.column_names == [s["header"], "outcome", "rules"]
    assert out.column("outcome").to_pylist() == want["outcome"].to_list()
    assert out.column("rules").to_pylist() == want["rules"].to_list()


@given(st.lists(ids(), min_size=1, max_size=8, unique=True), st.data())
def test_sorting_or_filtering_the_frame_never_moves_an_outcome(persons: List[str], data: Any) -> None:
    """The frame that was checked, sorted and cut: each row keeps its own person's outcome."""
    people = pd.DataFrame({"身份证号码": persons, "姓名": [f"人{i}" for i in range(len(persons))]})
    res = hj.check(people, as_of=AS_OF)
    whole = res.annotate(people).set_index("身份证号码")
    key = data.draw(st.sampled_from(["身份证号码", "姓名"]))
    part = people.sort_values(key, ascending=data.draw(st.booleans())).head(data.draw(st.integers(0, len(persons))))
    out = res.annotate(part)
    assert list(out.index) == list(part.index)
    for _, row in out.iterrows():
        assert row["outcome"] == whole.loc[row["身份证号码"], "outcome"]
        assert list(row["rules"]) == list(whole.loc[row["身份证号码"], "rules"])


# ----------------------------------------------------------------------------------------------
# examples


PEOPLE = [{"身份证号码": ADULT_M, "姓名": "甲"}, {"身份证号码": MINOR_M, "姓名": "乙"}, {"身份证号码": ADULT_F, "姓名": "丙"}]


def test_head_and_sort_of_the_checked_frame() -> None:
    df = pd.DataFrame(PEOPLE, index=["a", "b", "c"])
    res = hj.check(df, as_of=AS_OF)
    assert res.annotate(df.head(2))["outcome"].tolist() == ["eligible", "ineligible"]
    rev = res.annotate(df.iloc[::-1])
    assert list(rev.index) == ["c", "b", "a"]
    assert rev["outcome"].tolist() == ["eligible", "ineligible", "eligible"]
    assert [list(r) for r in rev["rules"]] == [[], ["STAT-AGE"], []]
    pdf = pl.DataFrame(PEOPLE)
    assert res.annotate(pdf.reverse().head(2))["outcome"].to_list() == ["eligible", "ineligible"]


def test_rows_repeated_and_numbers_in_other_forms() -> None:
    res = hj.check([{"id_number": "11010519491231002X"}, {"id_number": MINOR_M}], as_of=AS_OF)
    df = pl.DataFrame({"证件号码": ["110105491231002", MINOR_M, f'="{MINOR_M}"', "11010519491231002x", None, "123"]})
    out = res.annotate(df)
    assert out["outcome"].to_list() == ["eligible", "ineligible", "ineligible", "eligible", None, None]


def test_a_number_that_does_not_validate_is_joined_as_the_results_give_it() -> None:
    res = hj.check(pd.DataFrame({"id_number": [ADULT_M, "12345"]}), as_of=AS_OF)
    assert pa.table(res.outcomes).column("id_number").to_pylist() == [ADULT_M, "12345"]
    out = res.annotate(pd.DataFrame({"id_number": [" 12345 ", ADULT_M]}))
    assert out["outcome"].tolist() == ["needs_review", "eligible"]
    assert list(out["rules"][0]) == ["DATA-ID", "STAT-AGE"]


def test_integer_and_mixed_id_columns() -> None:
    res = hj.check([{"id_number": ADULT_M}, {"id_number": WITH_X}], as_of=AS_OF)
    ints = pd.DataFrame({"身份证号码": [int(ADULT_M)]})
    assert res.annotate(ints)["outcome"].tolist() == ["eligible"]
    mixed = pd.DataFrame({"身份证号码": [WITH_X, int(ADULT_M), None]}, dtype=object)
    assert [None if pd.isna(x) else x for x in res.annotate(mixed)["outcome"]] == ["eligible", "eligible", None]
    cat = pl.DataFrame({"id_number": [WITH_X, ADULT_M]}, schema={"id_number": pl.Categorical})
    assert res.annotate(cat)["outcome"].to_list() == ["eligible", "eligible"]


def test_existing_outcome_columns_are_replaced_in_place() -> None:
    res = hj.check([{"id_number": MINOR_M}], as_of=AS_OF)
    for df in (
        pd.DataFrame({"outcome": ["old"], "id_number": [MINOR_M]}),
        pl.DataFrame({"outcome": ["old"], "id_number": [MINOR_M]}),
        pa.table({"outcome": ["old"], "id_number": [MINOR_M]}),
    ):
        out = res.annotate(df)
        cols = out.column_names if isinstance(out, pa.Table) else list(out.columns)
        assert cols == ["outcome", "id_number", "rules"], type(df)
        assert pl.DataFrame(out)["outcome"].to_list() == ["ineligible"]


def test_empty_frames() -> None:
    res = hj.check(PEOPLE, as_of=AS_OF)
    assert res.annotate(pd.DataFrame({"身份证号码": []}, dtype=str)).shape == (0, 3)
    assert res.annotate(pl.DataFrame(schema={"身份证号码": pl.String})).columns == ["身份证号码", "outcome", "rules"]
    assert res.annotate(pl.DataFrame({"身份证号码": [None]})).get_column("outcome").to_list() == [None]


@pytest.mark.parametrize("header", ALL_HEADERS, ids=[f"header{i}" for i in range(len(ALL_HEADERS))])
def test_every_id_header_is_found(header: str) -> None:
    res = hj.check(PEOPLE, as_of=AS_OF)
    out = res.annotate(pl.DataFrame({"x": ["1"], header: [MINOR_M]}))
    assert out["outcome"].to_list() == ["ineligible"]


@pytest.mark.parametrize("make", [pd.DataFrame, pl.DataFrame, pa.table])
def test_a_frame_without_an_id_column_is_an_input_error_naming_the_headers(make: Any) -> None:
    res = hj.check(PEOPLE, as_of=AS_OF)
    with pytest.raises(hj.InputError) as info:
        res.annotate(make({"姓名": ["甲"], "序号": ["1"]}))
    e = info.value
    assert e.kind == "missing_column" and e.table == "people"
    for h in ID_HEADERS:
        assert h in str(e) and h in (e.detail or "")


def test_two_id_columns_are_an_input_error() -> None:
    res = hj.check(PEOPLE, as_of=AS_OF)
    with pytest.raises(hj.InputError) as info:
        res.annotate(pd.DataFrame({"身份证号码": [ADULT_M], "ID Number": [ADULT_M]}))
    assert info.value.kind == "duplicate_column"
    assert ADULT_M not in str(info.value)


def test_annotate_rejects_other_objects() -> None:
    res = hj.check(PEOPLE, as_of=AS_OF)
    for obj in ([{"id_number": ADULT_M}], {"id_number": [ADULT_M]}, pd.Series([ADULT_M])):
        with pytest.raises(TypeError):
            res.annotate(obj)


# ----------------------------------------------------------------------------------------------
# normalize_ids and the header matching exposed from Rust


@given(st.lists(st.one_of(ids(), st.none()), max_size=12), st.data())
def test_normalize_ids_gives_the_18_characters(numbers: List[Optional[str]], data: Any) -> None:
    cells = [None if n is None else data.draw(st.sampled_from(writings(n))) for n in numbers]
    for values in (
        cells,
        pl.Series(cells, dtype=pl.String),
        pd.Series(cells, dtype=object),
        pa.array(cells, pa.string()),
        pa.chunked_array([cells[:3], cells[3:]], pa.string()),
    ):
        assert pa.array(hj.normalize_ids(values)).to_pylist() == numbers


@given(st.one_of(st.text(max_size=20), st.text(alphabet="0123456789xX '＝=\"\u3000０９", max_size=21)))
def test_normalize_ids_agrees_with_resident_id(s: str) -> None:
    """Any text: what ResidentId accepts is its number; anything else is kept as text (never
    turned into some valid number) or, when blank, null."""
    (out,) = pa.array(hj.normalize_ids([s])).to_pylist()
    try:
        number: Optional[str] = hj.ResidentId(s).number
    except hj.InvalidIdError:
        number = None
    if number is not None:
        assert out == number
    elif out is not None and "=" not in s:
        assert out in s
        with pytest.raises(hj.InvalidIdError):
            hj.ResidentId(out)


def test_normalize_ids_reads_numbers_as_spreadsheets_stored_them() -> None:
    got = pa.array(hj.normalize_ids(pa.array([int(ADULT_M), None], pa.int64()))).to_pylist()
    assert got == [ADULT_M, None]
    # a float lost digits: it is not a number any more, and keeps the form the results give it
    (lost,) = pa.array(hj.normalize_ids(pa.array([float(ADULT_M)]))).to_pylist()
    assert lost != ADULT_M and "e" in lost


def test_header_matching_is_the_table_layers() -> None:
    assert native.normalize_header(" 姓  名 ") == "姓名"
    assert native.normalize_header("ID-Number") == "id_number"
    assert native.canonical_column("身份证号码", "people") == "id_number"
    assert native.canonical_column("村（社区）代码", "roster") == "unit_code"
    assert native.canonical_column("村（社区）代码", "people") is None
    assert native.canonical_column("本人", "relations") == "person"
    with pytest.raises(hj.HuanjieError):
        native.canonical_column("x", "no_such_table")
    assert native.id_column(["序号", "公民身份号码"]) == 1

