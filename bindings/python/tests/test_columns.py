"""Only the columns a table reads are converted (docs/python.md "Conventions"): a pandas or
polars frame keeps the columns whose header means one of its table's columns before it is
converted to Arrow, so a 序号 of mixed types, notes or anything else huanjie does not read never
fails a run; a column it does read that cannot be converted raises ``InputError`` naming the
table and the column (and never a cell)."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import huanjie as hj
import huanjie._huanjie as native
from conftest import ADULT_F, ADULT_M, AS_OF, EXAMPLES, MINOR_M, WITH_X

# A column a spreadsheet gives with numbers and text mixed: pandas cannot convert it to Arrow.
MIXED = [1, "二", 3.5]
TABLE_NAMES = ["people", "roster", "records", "relations", "units", "register", "proxies",
               "tallies", "votes", "weights", "previous"]


def mixed(n: int) -> List[Any]:
    return [MIXED[i % len(MIXED)] for i in range(n)]


def test_a_mixed_column_really_cannot_be_converted() -> None:
    """(The premise: without the selection the frame fails.)"""
    with pytest.raises(hj.InputError):
        hj.to_arrow(pd.DataFrame({"序号": mixed(3)}))


@pytest.mark.parametrize("index", [None, ["a", 1, 2.5]], ids=["range", "mixed-index"])
def test_a_mixed_serial_number_column_is_never_converted(index: Any) -> None:
    people = pd.DataFrame(
        {"序号": mixed(3), "身份证号码": [ADULT_M, MINOR_M, WITH_X], "备注说明": [object(), 1, "x"]},
        index=index,
    )
    records = pd.DataFrame(
        {"序号": mixed(1), "身份证号码": [WITH_X], "类别": ["刑事处罚"], "日期": ["2012-03-01"]}
    )
    res = hj.check(people, records=records, as_of=AS_OF)
    assert pl.DataFrame(res.outcomes)["outcome"].to_list() == ["eligible", "ineligible", "ineligible"]
    assert [i["rows"] for i in res.audit["inputs"]] == [3, 1]


def test_every_entry_point_selects_its_tables_columns() -> None:
    def read(name: str) -> pd.DataFrame:
        df = pd.read_csv(EXAMPLES / f"{name}.csv", dtype=str, encoding="utf-8-sig")
        return df.assign(序号=mixed(len(df)))

    people, elected = read("people"), read("elected")
    assert hj.check(people, roster=read("roster"), records=read("records"), relations=read("relations"),
                    as_of=AS_OF).exit_code == 1
    assert hj.voters(read("register"), records=read("records"), proxies=read("proxies"),
                     relations=read("relations"), units=read("units"), as_of=AS_OF).summary["rows"] > 0
    assert hj.count(read("tallies"), read("votes"), roster=read("roster"), as_of=AS_OF).summary["elections"] > 0
    s = hj.stats(people, elected, previous=read("previous"), units=read("units"), as_of=AS_OF,
                 previous_as_of="2018-01-20")
    assert s.table.num_rows > 0
    assert pa.table(hj.apportion(read("groups"), 10)).num_rows > 0
    assert len(hj.FamilyGraph(read("relations"), as_of=AS_OF)) > 0


@pytest.mark.parametrize(
    "table, header",
    [("people", "出生日期"), ("people", "Birth Date"), ("records", "类别"), ("roster", "区划代码")],
)
def test_a_needed_mixed_column_names_table_and_column(table: str, header: str) -> None:
    tables: Dict[str, Dict[str, List[Any]]] = {
        "people": {"序号": mixed(2), "身份证号码": [ADULT_M, ADULT_F]},
        "records": {"序号": mixed(2), "身份证号码": [ADULT_M, ADULT_F], "类别": ["刑事处罚", "刑事处罚"]},
        "roster": {"序号": mixed(2), "身份证号码": [ADULT_M, ADULT_F], "区划代码": ["640121100201"] * 2},
    }
    tables[table][header] = [int(MINOR_M), "1980-06-21"]
    frames = {k: pd.DataFrame(v) for k, v in tables.items()}
    with pytest.raises(hj.InputError) as info:
        hj.check(frames["people"], roster=frames["roster"], records=frames["records"], as_of=AS_OF)
    e = info.value
    assert (e.kind, e.table, e.column) == ("unreadable_value", table, header), str(e)
    assert header in str(e) and MINOR_M not in str(e) and MINOR_M not in str(e.errors())


def test_a_polars_object_column_is_named() -> None:
    people = pl.DataFrame({"身份证号码": [ADULT_M], "序号": ["1"]}).with_columns(
        pl.Series("出生日期", [object()], dtype=pl.Object), pl.Series("备注2", [object()], dtype=pl.Object)
    )
    with pytest.raises(hj.InputError) as info:
        hj.check(people.lazy(), as_of=AS_OF)
    assert info.value.table == "people" and info.value.column in ("出生日期", "birth_date")


def test_the_id_column_of_mixed_types_is_named_too() -> None:
    people = pd.DataFrame({"序号": mixed(2), "身份证号码": [int(ADULT_M), WITH_X]})
    with pytest.raises(hj.InputError) as info:
        hj.check(people, as_of=AS_OF)
    assert (info.value.table, info.value.column) == ("people", "身份证号码")
    assert WITH_X not in str(info.value) and ADULT_M not in str(info.value)


def test_a_table_without_any_column_it_reads_still_names_the_missing_ones() -> None:
    for people in (pd.DataFrame({"序号": mixed(2)}), pd.DataFrame({"序号": []}), pl.DataFrame({"x": [1]})):
        with pytest.raises(hj.InputError) as info:
            hj.check(people, as_of=AS_OF)
        assert (info.value.kind, info.value.table) == ("missing_column", "people")
        assert "id_number" in str(info.value)


def test_two_headers_for_one_column_are_still_an_error() -> None:
    people = pl.DataFrame({"身份证号码": [ADULT_M], "id_number": [ADULT_M], "序号": ["1"]})
    with pytest.raises(hj.InputError) as info:
        hj.check(people, as_of=AS_OF)
    assert info.value.kind == "duplicate_column"


# ----------------------------------------------------------------------------------------------
# used_columns is the table layer's header matching


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_used_columns_are_the_headers_that_mean_a_column_of_the_table(table: str) -> None:
    headers = ["序号", "身份证号码", "ID Number", "区划代码", "姓  名", "备注", "whatever", "Ｋｉｎｄ"]
    used = native.used_columns(table, headers)
    assert used == [native.canonical_column(h, table) is not None for h in headers]
    assert used[0] is False and used[6] is False


def test_used_columns_rejects_an_unknown_table() -> None:
    with pytest.raises(hj.HuanjieError):
        native.used_columns("people2", ["a"])


header_text = st.text(
    alphabet=st.sampled_from(list("身份证号码姓名区划代码序备注idnumberIDNAME _-　ａ")), max_size=8
)


@given(st.lists(header_text, max_size=6, unique=True), st.sampled_from(["people", "roster", "records"]))
def test_what_is_dropped_is_what_the_table_layer_ignores(headers: List[str], table: str) -> None:
    """Any headers: the run on the selected columns is the run on the whole table (the same
    outcomes, or the same error)."""
    headers = [h for h in headers if h.strip()]
    cols: Dict[str, List[str]] = {h: [f"v{i}"] for i, h in enumerate(headers)}
    base = {"people": {"id_number": [ADULT_M]},
            "roster": {"id_number": [ADULT_M], "unit_code": ["640121100201"]},
            "records": {"id_number": [ADULT_M], "kind": ["刑事处罚"], "date": ["2012-03-01"]}}[table]
    extra = {k: v for k, v in cols.items() if native.normalize_header(k) not in {native.normalize_header(b) for b in base}}
    whole = {**base, **extra}

    def run(t: Callable[[Dict[str, List[str]]], Any]) -> Any:
        kw = {table: t(whole)} if table != "people" else {}
        people = t(whole) if table == "people" else [{"id_number": ADULT_M}]
        try:
            res = hj.check(people, **kw, as_of=AS_OF)
        except hj.InputError as e:
            return (e.kind, e.table, e.column)
        return pl.DataFrame(res.outcomes).to_dicts()

    as_dict = run(lambda d: dict(d))  # a dict of columns is never selected: the reference
    assert run(lambda d: pd.DataFrame(d)) == as_dict
    assert run(lambda d: pl.DataFrame(d)) == as_dict
