"""Every kind of table huanjie accepts gives the same result (docs/tables.md "Reading tables"), and the
results come back typed (docs/tables.md "Results", "Python")."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from typing import Any, Callable, Dict, List

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import huanjie as hj
from conftest import (
    ADULT_F,
    ADULT_M,
    AS_OF,
    EXAMPLE_TABLES,
    MINOR_M,
    WITH_X,
    columns_of,
    example_path,
    outcome_keys,
    rows,
    rules_by_id,
    table,
)


def check_all(people: Any, roster: Any = None, records: Any = None, **kw: Any) -> "hj.CheckResult":
    return hj.check(people, roster=roster, records=records, as_of=kw.pop("as_of", AS_OF), **kw)


def result_tables(res: "hj.CheckResult") -> Dict[str, pa.Table]:
    return {
        "findings": table(res.findings),
        "outcomes": table(res.outcomes),
        "summary": table(res.summary_table),
    }


# ----------------------------------------------------------------------------------------------
# the example data through every reader


def _pd_dates(t: str) -> pd.DataFrame:
    df = pd.read_csv(example_path(t), dtype=str)
    for col in ("出生日期", "决定日期", "截止日期"):
        if col in df.columns:
            df[col] = pd.to_datetime(df[col])
    return df


def _pa_strings(t: str) -> pa.Table:
    names = pacsv.read_csv(example_path(t)).column_names
    return pacsv.read_csv(
        example_path(t),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}),
    )


READERS: Dict[str, Callable[[str], Any]] = {
    "pandas_dtype_str": lambda t: pd.read_csv(example_path(t), dtype=str),
    "pandas_dtype_object": lambda t: pd.read_csv(example_path(t), dtype=object),
    "pandas_inferred": lambda t: pd.read_csv(example_path(t)),
    "pandas_datetime64": _pd_dates,
    "polars_strings": lambda t: pl.read_csv(example_path(t), infer_schema=False),
    "polars_inferred_dates": lambda t: pl.read_csv(example_path(t), try_parse_dates=True),
    "polars_lazy": lambda t: pl.scan_csv(example_path(t), infer_schema=False),
    "polars_lazy_inferred": lambda t: pl.scan_csv(example_path(t), try_parse_dates=True),
    "pyarrow_inferred": lambda t: pacsv.read_csv(example_path(t)),
    "pyarrow_strings": _pa_strings,
    "pyarrow_record_batch_reader": lambda t: pa.RecordBatchReader.from_batches(
        pacsv.read_csv(example_path(t)).schema, pacsv.read_csv(example_path(t)).to_batches()
    ),
    "dict_of_columns": None,  # type: ignore[dict-item]  # filled from example_rows below
}


@pytest.fixture(scope="module")
def baseline(example_rows: Dict[str, List[Dict[str, str]]]) -> Dict[str, pa.Table]:
    res = check_all(*(example_rows[t] for t in EXAMPLE_TABLES))
    return result_tables(res)


def test_example_baseline_is_meaningful(baseline: Dict[str, pa.Table]) -> None:
    """The example data exercises bars, windows and review (so the comparisons below bite)."""
    outcomes = baseline["outcomes"].to_pylist()
    assert len(outcomes) == 12
    assert {o["outcome"] for o in outcomes} == {"eligible", "ineligible", "needs_review"}
    assert any(o["eligible_from"] is not None for o in outcomes)
    by_id = {o["id_number"]: o for o in outcomes}
    assert by_id[WITH_X]["rules"] == ["STAT-RIGHTS"]
    assert by_id[MINOR_M]["rules"] == ["STAT-AGE"]
    assert by_id[MINOR_M]["eligible_from"] == dt.date(2021, 1, 16)
    summary = baseline["summary"].to_pylist()
    assert summary[0]["persons"] == 12
    assert summary[0]["findings"] == baseline["findings"].num_rows


@pytest.mark.parametrize("reader", list(READERS))
def test_same_result_for_every_reader(
    reader: str, baseline: Dict[str, pa.Table], example_rows: Dict[str, List[Dict[str, str]]]
) -> None:
    if reader == "dict_of_columns":
        tables = [columns_of(example_rows[t]) for t in EXAMPLE_TABLES]
    else:
        tables = [READERS[reader](t) for t in EXAMPLE_TABLES]
    got = result_tables(check_all(*tables))
    for name, want in baseline.items():
        assert got[name].schema == want.schema, name
        assert got[name].to_pylist() == want.to_pylist(), name


def test_to_arrow_shows_what_huanjie_reads(example_rows: Dict[str, List[Dict[str, str]]]) -> None:
    t = table(hj.to_arrow(example_rows["people"], "people"))
    assert t.num_rows == len(example_rows["people"])
    assert t.column_names == list(example_rows["people"][0])
    t2 = table(hj.to_arrow(pl.scan_csv(example_path("people"), infer_schema=False)))
    assert t2.column("身份证号码").to_pylist() == [r["身份证号码"] for r in example_rows["people"]]


# ----------------------------------------------------------------------------------------------
# dates as timestamps


def _records(kind: str, date: Any) -> Dict[str, Any]:
    return {"id_number": [ADULT_M], "kind": [kind], "date": date}


@pytest.mark.parametrize(
    "stamp, applies",
    [
        (pd.to_datetime(["2021-01-15"]), True),  # datetime64[ns]
        (pd.to_datetime(["2021-01-15 23:59:59"]), True),  # time of day ignored
        (pd.to_datetime(["2021-01-16 00:00"]), False),
        (pd.to_datetime(["2021-01-15"]).as_unit("s"), True),
        (pd.to_datetime(["2021-01-16"]).as_unit("ms"), False),
        # a zoned timestamp is read as the wall-clock date where it was taken
        (pd.to_datetime(["2021-01-16 00:30"]).tz_localize("Asia/Shanghai"), False),
        (pd.to_datetime(["2021-01-15 22:00"]).tz_localize("America/New_York"), True),
    ],
    ids=["ns", "late-evening", "next-day", "s", "ms-next-day", "tz-shanghai-next", "tz-ny-same"],
)
def test_pandas_timestamp_record_dates(stamp: Any, applies: bool) -> None:
    """NEG-01 (political misconduct) applies to a decision on or before as_of."""
    df = pd.DataFrame(_records("political_misconduct", stamp))
    assert str(df["date"].dtype).startswith("datetime64")
    res = check_all([{"id_number": ADULT_M}], records=df)
    assert outcome_keys(res)[0]["outcome"] == ("ineligible" if applies else "eligible")


def test_pandas_timestamp_birth_dates() -> None:
    people = pd.DataFrame(
        {
            "身份证号码": [ADULT_M, ADULT_F],
            "出生日期": pd.to_datetime(["1980-03-12", "1980-06-22"]),  # the second contradicts
        }
    )
    assert str(people["出生日期"].dtype).startswith("datetime64")
    res = check_all(people)
    assert rules_by_id(res) == {ADULT_F: ["DATA-BIRTH"]}
    # NaT is a missing birth date, not a conflict
    people.loc[1, "出生日期"] = pd.NaT
    assert rules_by_id(check_all(people)) == {}


@pytest.mark.parametrize(
    "arr",
    [
        pa.array([dt.date(2021, 1, 15)], pa.date32()),
        pa.array([dt.date(2021, 1, 15)], pa.date64()),
        pa.array([dt.datetime(2021, 1, 15, 12)], pa.timestamp("us")),
        pa.array([dt.datetime(2021, 1, 15, 12)], pa.timestamp("ms", tz="UTC")),
    ],
    ids=["date32", "date64", "timestamp-us", "timestamp-ms-utc"],
)
def test_arrow_date_types(arr: pa.Array) -> None:
    t = pa.table({"id_number": [ADULT_M], "kind": ["political_misconduct"], "date": arr})
    res = check_all([{"id_number": ADULT_M}], records=t)
    assert outcome_keys(res)[0]["rules"] == ["NEG-01"]


def test_python_dates_in_list_of_dicts() -> None:
    recs = [
        {"id_number": ADULT_M, "kind": "political_misconduct", "date": dt.date(2021, 1, 15)},
        {"id_number": ADULT_F, "kind": "political_misconduct", "date": dt.datetime(2021, 1, 16, 1)},
    ]
    res = check_all([{"id_number": ADULT_M}, {"id_number": ADULT_F}], records=recs)
    assert [o["outcome"] for o in outcome_keys(res)] == ["ineligible", "eligible"]


# ----------------------------------------------------------------------------------------------
# ID numbers stored as numbers

_LEGACY_JOIN_BUG = (
    "BUG: a person listed with the legacy 15-digit number is not matched to a record keyed by "
    "the 18-character number (or the reverse): the criminal record is missed and the person "
    "comes out eligible. Core ResidentId keeps a legacy flag inside its Eq/Hash"
)

NUMERIC_IDS = [ADULT_M, ADULT_F, MINOR_M]  # no X: representable as integers


def _int_tables() -> Dict[str, Any]:
    ints = [int(i) for i in NUMERIC_IDS]
    return {
        "pyarrow_int64": pa.table({"id_number": pa.array(ints, pa.int64())}),
        "pyarrow_uint64": pa.table({"id_number": pa.array(ints, pa.uint64())}),
        "pandas_int64": pd.DataFrame({"身份证号码": pd.Series(ints, dtype="int64")}),
        "polars_int64": pl.DataFrame({"id_number": ints}, schema={"id_number": pl.Int64}),
        "list_of_ints": [{"id_number": i} for i in ints],
        "dict_of_ints": {"id_number": ints},
    }


@pytest.mark.parametrize("kind", list(_int_tables()))
def test_integer_id_columns(kind: str) -> None:
    res = check_all(_int_tables()[kind])
    outs = outcome_keys(res)
    assert [o["id_number"] for o in outs] == NUMERIC_IDS
    assert [o["outcome"] for o in outs] == ["eligible", "eligible", "ineligible"]
    assert rules_by_id(res) == {MINOR_M: ["STAT-AGE"]}


def test_integer_ids_join_text_ids() -> None:
    """Joins use the normalised ID: int64 records match text people and vice versa."""
    people = pa.table({"id_number": [ADULT_M, ADULT_F]})
    records = pa.table(
        {
            "id_number": pa.array([int(ADULT_M)], pa.int64()),
            "kind": ["criminal_penalty"],
            "date": ["2012-03-01"],
        }
    )
    res = check_all(people, records=records)
    assert rules_by_id(res) == {ADULT_M: ["NEG-02"]}
    res = check_all(pd.DataFrame({"id_number": [int(ADULT_M)]}), records=[
        {"id_number": ADULT_M, "kind": "criminal_penalty", "date": "2012-03-01"}
    ])
    assert rules_by_id(res) == {ADULT_M: ["NEG-02"]}


@pytest.mark.parametrize(
    "people_id, record_id",
    [
        ("11010519491231002X", "'11010519491231002x"),
        ("110105491231002", "110105491231002"),
        pytest.param(
            "110105491231002",
            "11010519491231002X",
        ),
        pytest.param(
            "11010519491231002X",
            "110105491231002",
        ),
    ],
    ids=["x-case-apostrophe", "legacy-legacy", "legacy-people-full-records", "full-people-legacy-records"],
)
def test_joins_use_the_normalised_id(people_id: str, record_id: str) -> None:
    """docs/tables.md: "Joins use the normalised 18-character ID"."""
    res = check_all(
        [{"id_number": people_id}],
        records=[{"id_number": record_id, "kind": "刑事处罚", "date": "2000-01-01"}],
    )
    assert outcome_keys(res) == [
        {"id_number": "11010519491231002X", "outcome": "ineligible", "rules": ["NEG-02"], "eligible_from": None}
    ]


def _float_tables() -> Dict[str, Any]:
    floats = [float(i) for i in NUMERIC_IDS]
    return {
        "pyarrow_float64": pa.table({"id_number": pa.array(floats, pa.float64())}),
        "pandas_float64": pd.DataFrame({"身份证号码": floats}),
        # an integer column with a gap becomes float64 in pandas
        "pandas_int_with_nan": pd.DataFrame(
            {"id_number": [float(NUMERIC_IDS[0]), float("nan"), float(NUMERIC_IDS[2])]}
        ),
        "polars_float64": pl.DataFrame({"id_number": floats}),
        "list_of_floats": [{"id_number": f} for f in floats],
        "excel_text": [{"id_number": "6.40121E+17"}, {"id_number": "640121198006210000"}],
    }


@pytest.mark.parametrize("kind", list(_float_tables()))
def test_float_ids_are_reported_as_stored_as_numbers(kind: str) -> None:
    res = check_all(_float_tables()[kind])
    outs = outcome_keys(res)
    assert outs and all(o["outcome"] == "needs_review" for o in outs)
    data_id = [f for f in rows(res.findings) if f["rule"] == "DATA-ID"]
    assert len(data_id) == len(outs)
    for f in data_id:
        assert f["severity"] == "review"
        if f["id_number"] is not None:  # the NaN row is "empty", not "stored as a number"
            assert "stored as a number" in f["message_en"], f["message_en"]
            assert "check character" not in f["message_en"]


# ----------------------------------------------------------------------------------------------
# string encodings


PEOPLE = [
    {"id_number": ADULT_M, "sex": "男", "birth_date": "1980-03-12"},
    {"id_number": ADULT_F, "sex": "男", "birth_date": "1980-06-21"},  # sex conflicts
    {"id_number": MINOR_M, "sex": "男", "birth_date": "2003-01-16"},
    {"id_number": WITH_X, "sex": "女", "birth_date": "1979-11-30"},
]
RECORDS = [
    {"id_number": WITH_X, "kind": "剥夺政治权利", "date": "2017-07-01", "end_date": "2022-06-30"},
    {"id_number": ADULT_M, "kind": "党纪处分", "date": "2020-07-15", "grade": "警告"},
]


@pytest.fixture(scope="module")
def plain_result() -> Dict[str, Any]:
    res = check_all(PEOPLE, records=RECORDS)
    return {"outcomes": outcome_keys(res), "findings": rows(res.findings)}


def test_plain_result_is_meaningful(plain_result: Dict[str, Any]) -> None:
    rules = {o["id_number"]: o["rules"] for o in plain_result["outcomes"]}
    assert rules == {
        ADULT_M: ["NEG-03"],
        ADULT_F: ["DATA-SEX"],
        MINOR_M: ["STAT-AGE"],
        WITH_X: ["STAT-RIGHTS"],
    }


def _arrow_of(rows_: List[Dict[str, Any]], typ: Callable[[pa.Array], pa.Array]) -> pa.Table:
    return pa.table({k: typ(pa.array(v, pa.string())) for k, v in columns_of(rows_).items()})


ENCODINGS: Dict[str, Callable[[List[Dict[str, Any]]], Any]] = {
    "large_string": lambda r: _arrow_of(r, lambda a: a.cast(pa.large_string())),
    "string_view": lambda r: _arrow_of(r, lambda a: a.cast(pa.string_view())),
    "dictionary": lambda r: _arrow_of(r, lambda a: a.dictionary_encode()),
    "dictionary_int8_large": lambda r: _arrow_of(
        r, lambda a: a.cast(pa.large_string()).dictionary_encode().cast(
            pa.dictionary(pa.int8(), pa.large_string())
        )
    ),
    "pandas_categorical": lambda r: pd.DataFrame(
        {k: pd.Categorical(v) for k, v in columns_of(r).items()}
    ),
    "pandas_string_pyarrow": lambda r: pd.DataFrame(
        {k: pd.Series(v, dtype="string[pyarrow]") for k, v in columns_of(r).items()}
    ),
    "polars_categorical": lambda r: pl.DataFrame(
        columns_of(r), schema={k: pl.Categorical for k in columns_of(r)}
    ),
    "polars_enum": lambda r: pl.DataFrame(
        columns_of(r),
        schema={
            k: pl.Enum(sorted({x for x in v if x is not None})) for k, v in columns_of(r).items()
        },
    ),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_string_encodings(encoding: str, plain_result: Dict[str, Any]) -> None:
    conv = ENCODINGS[encoding]
    res = check_all(conv(PEOPLE), records=conv(RECORDS))
    assert outcome_keys(res) == plain_result["outcomes"]
    assert rows(res.findings) == plain_result["findings"]


# ----------------------------------------------------------------------------------------------
# headers


@pytest.mark.parametrize(
    "id_header, sex_header, birth_header",
    [
        ("身份证号码", "性别", "出生日期"),
        (" 身份证号码 ", "性  别", "出生　日期"),  # spaces and an ideographic space inside
        ("公民身份号码", "性别", "出生年月"),
        ("ＩＤ＿ＮＵＭＢＥＲ", "ＳＥＸ", "Ｂｉｒｔｈ＿Ｄａｔｅ"),  # full-width Latin
        ("ID_Number", "Sex", "BIRTH_DATE"),  # English headers ignore case
        ("证件号码", "性别", "出生年月"),
    ],
)
def test_headers_are_normalised(id_header: str, sex_header: str, birth_header: str) -> None:
    people = [
        {id_header: ADULT_M, sex_header: "女", birth_header: "1980-03-12", "姓  名": "某"},
        {id_header: ADULT_F, sex_header: "女", birth_header: "1980.07", "备注": "ignored"},
    ]
    for kind in (people, columns_of(people), pl.DataFrame(people), pd.DataFrame(people)):
        res = check_all(kind)
        # the sex column was recognised (ADULT_M is male), so was the birth date (ADULT_F)
        assert rules_by_id(res) == {ADULT_M: ["DATA-SEX"], ADULT_F: ["DATA-BIRTH"]}


def test_record_headers_are_normalised() -> None:
    records = [{"身份证 号码": ADULT_M, "类　别": "刑事处罚", "判决 日期": "2012-03-01"}]
    res = check_all([{"姓  名": "某", "身份证号码": ADULT_M}], records=records)
    assert rules_by_id(res) == {ADULT_M: ["NEG-02"]}


def test_unknown_columns_are_kept_and_ignored() -> None:
    res = check_all([{"id_number": ADULT_M, "whatever": 1, "其他": "x"}])
    assert outcome_keys(res)[0]["outcome"] == "eligible"


# ----------------------------------------------------------------------------------------------
# typed results, also when empty


def _nonempty() -> "hj.CheckResult":
    return check_all([{"id_number": ADULT_M}, {"id_number": MINOR_M}])


EMPTY_PEOPLE = {
    "pyarrow": lambda: pa.table({"id_number": pa.array([], pa.string())}),
    "pandas": lambda: pd.DataFrame(columns=["身份证号码", "姓名"]),
    "polars": lambda: pl.DataFrame(schema={"id_number": pl.String}),
    "polars_lazy": lambda: pl.LazyFrame(schema={"id_number": pl.String}),
    "dict_of_columns": lambda: {"id_number": []},
}


@pytest.mark.parametrize("kind", list(EMPTY_PEOPLE))
def test_empty_results_are_typed(kind: str) -> None:
    full = result_tables(_nonempty())
    res = check_all(EMPTY_PEOPLE[kind]())
    for name in ("findings", "outcomes"):
        t = table(getattr(res, name))
        assert t.num_rows == 0
        assert t.schema == full[name].schema, name
        df = pl.DataFrame(getattr(res, name))
        assert df.height == 0 and df.columns == full[name].column_names
    assert table(res.summary_table).to_pylist() == [
        {k: 0 for k in full["summary"].column_names}
    ]
    assert {k: v for k, v in res.summary.items() if k != "audit"} == {
        **{k: 0 for k in full["summary"].column_names},
        "by_severity": {},
        "by_rule": {},
    }
    pds = res.to_pandas()
    assert pds["findings"].shape == (0, full["findings"].num_columns)
    assert pds["outcomes"].shape == (0, full["outcomes"].num_columns)
    pls = res.to_polars()
    assert pls["findings"].schema == pl.DataFrame(full["findings"]).schema
    assert pls["outcomes"].schema == pl.DataFrame(full["outcomes"]).schema
    assert res.exit_code == 0


def test_zero_records_rows() -> None:
    records = pa.table({c: pa.array([], pa.string()) for c in ("id_number", "kind", "date")})
    res = check_all([{"id_number": ADULT_M}], records=records)
    assert table(res.findings).num_rows == 0
    assert table(res.findings).schema == table(_nonempty().findings).schema
    assert [i["rows"] for i in res.audit["inputs"]] == [1, 0]


_EMPTY_LIST_BUG = (
    "BUG: an empty list of dicts raises InputError 'table …: Invalid argument error: must "
    "either specify a row count or at least one column' (bindings/python/src/input.rs builds a "
    "RecordBatch with no columns and no row count)"
)


@pytest.mark.parametrize("which", ["records", "roster"])
def test_empty_list_means_no_rows(which: str) -> None:
    """records=[] is "no records", roster=[] "no seats": zero-row tables, not errors."""
    res = check_all([{"id_number": ADULT_M}], **{which: []})
    assert table(res.findings).num_rows == 0
    # with a roster, the persons vetted are those with a roster row: none here
    assert table(res.outcomes).num_rows == (1 if which == "records" else 0)
    assert [i["rows"] for i in res.audit["inputs"]][1] == 0


def test_empty_people_list() -> None:
    """people=[]: zero persons vetted, or an input error that names the missing column."""
    try:
        res = check_all([])
    except hj.InputError as e:
        assert "id_number" in str(e) and "Invalid argument" not in str(e), str(e)
    else:
        assert table(res.outcomes).num_rows == 0


def test_result_tables_are_arrow_capsules() -> None:
    res = _nonempty()
    for name in ("findings", "outcomes", "summary_table"):
        obj = getattr(res, name)
        assert hasattr(obj, "__arrow_c_stream__")
        assert pa.table(obj).num_rows == pl.DataFrame(obj).height
    f = table(res.findings)
    assert f.schema.field("eligible_from").type == pa.date32()
    assert f.schema.field("row").type == pa.int64()
    for v in f.column("parameters").to_pylist():  # JSON text in Arrow
        assert isinstance(json.loads(v), list)
    for v in f.column("evidence").to_pylist():  # one record, cell or set of rows, or null
        ev = json.loads(v)
        assert ev is None or (isinstance(ev, dict) and "table" in ev and "type" in ev)
    o = table(res.outcomes)
    assert pa.types.is_list(o.schema.field("rules").type)


def test_to_pandas_and_to_polars() -> None:
    res = _nonempty()
    pds = res.to_pandas()
    pls = res.to_polars()
    assert set(pds) == set(pls) == {"findings", "outcomes", "summary"}
    for name in pds:
        assert isinstance(pds[name], pd.DataFrame)
        assert isinstance(pls[name], pl.DataFrame)
        arrow = table(res.summary_table if name == "summary" else getattr(res, name))
        assert list(pds[name].columns) == pls[name].columns == arrow.column_names
        assert len(pds[name]) == pls[name].height
    assert pds["outcomes"]["id_number"].tolist() == [ADULT_M, MINOR_M]
    assert pls["outcomes"]["outcome"].to_list() == ["eligible", "ineligible"]
    assert pls["findings"]["rule"].to_list() == ["STAT-AGE"]


# ----------------------------------------------------------------------------------------------
# annotate


ROSTER = [{"id_number": MINOR_M, "unit_code": "640121100201"}]


@pytest.mark.parametrize(
    "frame",
    ["pandas", "pandas_custom_index", "polars", "polars_lazy", "pyarrow"],
)
@pytest.mark.parametrize("with_roster", [False, True])
def test_annotate(frame: str, with_roster: bool) -> None:
    people_rows = [{"id_number": ADULT_M, "姓名": "甲"}, {"id_number": MINOR_M, "姓名": "乙"}]
    frames = {
        "pandas": lambda: pd.DataFrame(people_rows),
        "pandas_custom_index": lambda: pd.DataFrame(people_rows, index=[10, 20]),
        "polars": lambda: pl.DataFrame(people_rows),
        "polars_lazy": lambda: pl.LazyFrame(people_rows),
        "pyarrow": lambda: pa.Table.from_pylist(people_rows),
    }
    df = frames[frame]()
    res = hj.check(df, roster=ROSTER if with_roster else None, as_of=AS_OF)
    out = res.annotate(df)
    want_outcome = [None if with_roster else "eligible", "ineligible"]
    want_rules = [None if with_roster else [], ["STAT-AGE"]]
    if frame.startswith("pandas"):
        assert isinstance(out, pd.DataFrame)
        assert list(out.index) == list(df.index)
        assert list(out.columns) == ["id_number", "姓名", "outcome", "rules"]
        got_o = [None if pd.isna(x) else x for x in out["outcome"]]
        got_r = [None if x is None else list(x) for x in out["rules"]]
        assert out["id_number"].tolist() == [ADULT_M, MINOR_M]
    elif frame.startswith("polars"):
        assert isinstance(out, pl.DataFrame)
        assert out.columns == ["id_number", "姓名", "outcome", "rules"]
        got_o = out["outcome"].to_list()
        got_r = out["rules"].to_list()
    else:
        assert isinstance(out, pa.Table)
        assert out.column_names == ["id_number", "姓名", "outcome", "rules"]
        got_o = out.column("outcome").to_pylist()
        got_r = out.column("rules").to_pylist()
    assert got_o == want_outcome
    assert got_r == want_rules


def test_annotate_rejects_other_objects() -> None:
    res = _nonempty()
    with pytest.raises(TypeError):
        res.annotate([{"id_number": ADULT_M}])


# ----------------------------------------------------------------------------------------------
# audit, masking, reports


def test_audit() -> None:
    people = pd.DataFrame({"id_number": [ADULT_M, MINOR_M]})
    records = pl.DataFrame({"id_number": [ADULT_M], "kind": ["刑事处罚"], "date": ["2012-03-01"]})
    for pack in ("cn-2021", "ningxia-2021"):
        res = hj.check(people, records=records, as_of=dt.date(2021, 1, 15), pack=pack)
        a = res.audit
        assert a["huanjie"] == hj.__version__
        assert a["pack"]["name"] == pack
        assert a["pack"]["hash"] == hj.RulePack.builtin(pack).hash
        assert a["as_of"] == "2021-01-15"
        assert [(i["table"], i["rows"]) for i in a["inputs"]] == [("people", 2), ("records", 1)]
        assert all(i["name"] for i in a["inputs"])
        assert pack in repr(res)
        doc = json.loads(res.to_json())
        assert doc["pack"]["hash"] == a["pack"]["hash"]
        assert doc["as_of"] == "2021-01-15"


def test_default_pack_is_cn_2021() -> None:
    res = check_all([{"id_number": ADULT_M}])
    assert res.audit["pack"]["name"] == "cn-2021"
    pack = hj.RulePack.builtin("ningxia-2021")
    assert check_all([{"id_number": ADULT_M}], pack=pack).audit["pack"]["hash"] == pack.hash


def test_ids_are_masked_where_asked() -> None:
    res = check_all([{"id_number": MINOR_M}, {"id_number": WITH_X}])
    text = res.to_text()
    assert MINOR_M not in text and WITH_X not in text
    assert "640121********0917" in text
    assert MINOR_M in res.to_text(mask=False)
    assert MINOR_M in res.to_json()
    assert MINOR_M not in res.to_json(mask=True)
    masked = res.masked()
    for name in ("findings", "outcomes"):
        ids = [i for i in table(masked[name]).column("id_number").to_pylist() if i]
        assert ids and all("*" in i and i not in (MINOR_M, WITH_X) for i in ids)


def test_exit_code() -> None:
    assert check_all([{"id_number": ADULT_M}]).exit_code == 0
    assert check_all([{"id_number": MINOR_M}]).exit_code == 1


def test_check_accepts_relations_and_units() -> None:
    """docs/tables.md 'Python': hj.check(people, roster=…, records=…, relations=…, units=…)."""
    res = hj.check(
        [{"id_number": ADULT_M}],
        roster=[{"id_number": ADULT_M, "unit_code": "640121100201", "body": "村委会", "role": "主任", "status": "当选"}],
        relations=[{"person": ADULT_M, "relative": ADULT_F, "relation": "配偶"}],
        units=[{"区划代码": "640121100201", "人数较少的民族": "回族"}],
        as_of=AS_OF,
    )
    rules = sorted(r["rule"] for r in pa.table(res.findings).to_pylist())
    # one man alone on a 村委会: too small, no woman, no 回族 member known (ethnicity not given)
    assert rules[:3] == ["COMP-ETHNIC", "COMP-SIZE", "COMP-WOMEN"], rules


# ----------------------------------------------------------------------------------------------
# packaging: the result tables must work with what the package declares

_NO_ARRO3 = textwrap.dedent(
    """
    import huanjie as hj
    res = hj.check([{"id_number": "640121200301160917"}], as_of="2021-01-15")
    t = res.findings
    print(t.num_rows, t.column_names)   # these work without arro3
    print(t.schema)                     # these import arro3.core
    print(t.column("rule"))
    print(t["rule"])
    """
)


def test_results_work_with_pyarrow_alone(tmp_path: Any) -> None:
    """What docs/tables.md promises (Arrow-compatible tables) works with pyarrow, pandas and polars."""
    shadow = tmp_path / "arro3"
    shadow.mkdir()
    (shadow / "__init__.py").write_text('raise ImportError("arro3 hidden by the test")\n')
    code = textwrap.dedent(
        """
        import huanjie as hj, pyarrow as pa, polars as pl, pandas as pd
        res = hj.check([{"id_number": "640121200301160917"}], as_of="2021-01-15")
        assert pa.table(res.findings).num_rows == 1
        assert pl.DataFrame(res.outcomes).height == 1
        assert res.to_pandas()["summary"].shape[0] == 1
        assert res.to_polars()["findings"].height == 1
        out = res.annotate(pd.DataFrame({"id_number": ["640121200301160917"]}))
        assert out["outcome"].tolist() == ["ineligible"]
        assert pa.table(hj.to_arrow([{"a": "b"}])).num_rows == 1
        """
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr[-1500:]


def test_result_table_methods_need_no_undeclared_package(tmp_path: Any) -> None:
    """Either .schema/.column() work without arro3, or arro3-core is a declared dependency."""
    from importlib.metadata import requires

    shadow = tmp_path / "arro3"
    shadow.mkdir()
    (shadow / "__init__.py").write_text('raise ImportError("arro3 hidden by the test")\n')
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", _NO_ARRO3], capture_output=True, text=True, env=env)
    if proc.returncode == 0:
        return
    declared = [
        r.split(";")[0].strip().lower()
        for r in (requires("huanjie") or [])
        if "extra ==" not in r
    ]
    assert any(r.startswith(("arro3-core", "arro3_core")) for r in declared), proc.stderr[-500:]


def test_roster_join_uses_the_normalised_id() -> None:
    res = check_all(
        [{"id_number": "11010519491231002X"}],
        roster=[{"id_number": "110105491231002", "unit_code": "640121100201"}],
    )
    assert outcome_keys(res)[0]["outcome"] == "eligible"
    assert rows(res.findings) == []


# ----------------------------------------------------------------------------------------------
# several record batches, slices: row numbers are positions in the whole table


def test_chunked_and_sliced_tables_keep_row_numbers() -> None:
    t = pa.concat_tables(
        [pa.table({"id_number": [ADULT_M, ADULT_F]}), pa.table({"id_number": [MINOR_M, WITH_X]})]
    )
    assert t.column(0).num_chunks == 2
    recs = pa.concat_tables(
        [
            pa.table({"id_number": [ADULT_M], "kind": ["刑事处罚"], "date": ["2000-01-01"]}),
            pa.table({"id_number": [WITH_X], "kind": ["刑事处罚"], "date": ["2000-01-01"]}),
        ]
    )
    res = check_all(t, records=recs)
    outs = rows(res.outcomes)
    assert [(o["id_number"], o["row"], o["rules"]) for o in outs] == [
        (ADULT_M, 0, ["NEG-02"]),
        (ADULT_F, 1, []),
        (MINOR_M, 2, ["STAT-AGE"]),
        (WITH_X, 3, ["NEG-02"]),
    ]
    evidence = {f["id_number"]: json.loads(f["evidence"]) for f in rows(res.findings) if f["rule"] == "NEG-02"}
    assert evidence[WITH_X]["row"] == 1 and evidence[WITH_X]["table"] == "records"
    assert res.annotate(t).column("rules").to_pylist() == [["NEG-02"], [], ["STAT-AGE"], ["NEG-02"]]

    sliced = t.slice(1, 2)
    outs = rows(check_all(sliced).outcomes)
    assert [(o["id_number"], o["row"]) for o in outs] == [(ADULT_F, 0), (MINOR_M, 1)]

    lazy = pl.concat(
        [pl.DataFrame({"id_number": [ADULT_M]}), pl.DataFrame({"id_number": [MINOR_M]})], rechunk=False
    )
    assert [o["row"] for o in rows(check_all(lazy).outcomes)] == [0, 1]


def test_polars_all_empty_column_is_read() -> None:
    """An all-empty spreadsheet column arrives from polars as dtype Null; it is simply empty."""
    import polars as pl

    pid = "11010519491231002X"
    records = pl.DataFrame({"id_number": [pid], "kind": ["misappropriation"], "rectified": [None]})
    for r in (records, records.lazy()):
        res = hj.check(pl.DataFrame({"id_number": [pid]}), records=r, as_of="2021-01-15")
        out = pl.DataFrame(res.outcomes)
        assert out["outcome"].to_list() == ["needs_review"]
        assert out["rules"].to_list() == [["NEG-08"]]


def test_check_accepts_relations() -> None:
    res = hj.check(
        [{"id_number": ADULT_M}, {"id_number": ADULT_F}],
        relations=[{"person": ADULT_M, "relative": ADULT_F, "relation": "配偶"}],
        as_of=AS_OF,
    )
    assert res.summary is not None and res.exit_code == 0


def test_family_graph_reports_bad_rows_without_the_number() -> None:
    bad = ADULT_M[:-1] + ("0" if ADULT_M[-1] != "0" else "1")
    with pytest.raises(hj.InputError) as e:
        hj.FamilyGraph([{"本人": bad, "亲属": "key:父", "称谓": "父亲"}], as_of=AS_OF, strict=True)
    assert "row 0" in str(e.value) and "本人" in str(e.value) and bad not in str(e.value)
    with pytest.raises(hj.InputError, match="cycle"):
        hj.FamilyGraph(
            [
                {"person": "key:a", "relative": "key:b", "relation": "父亲"},
                {"person": "key:b", "relative": "key:a", "relation": "父亲"},
            ],
            as_of=AS_OF,
        )
    with pytest.raises(hj.InputError, match="not a kinship term"):
        hj.FamilyGraph(
            [{"person": "key:a", "relative": "key:b", "relation": "朋友"}], as_of=AS_OF, strict=True
        )
    # Without strict, the rows that cannot be read are left out and listed (never the number).
    g = hj.FamilyGraph(
        [
            {"本人": bad, "亲属": "key:父", "称谓": "父亲"},
            {"本人": "key:a", "亲属": "key:b", "称谓": "朋友"},
            {"本人": "key:a", "亲属": "key:c", "称谓": "岳父"},
        ],
        as_of=AS_OF,
    )
    assert [(p["row"], p["column"]) for p in g.problems] == [(0, "本人"), (1, "称谓")]
    assert bad not in str(g.problems)
    assert g.relation("key:a", "key:c")["term_zh"] == "岳父"


def test_family_graph_relatives_is_a_table() -> None:
    import polars as pl

    g = hj.FamilyGraph(
        pl.DataFrame(
            {
                "person": ["key:A", "key:W", "key:W"],
                "relative": ["key:W", "key:WF", "key:WB"],
                "relation": ["妻子", "父亲", "弟弟"],
            }
        ),
        as_of=AS_OF,
    )
    t = pl.DataFrame(g.relatives("key:A"))
    assert t["relative"].to_list() == ["key:W", "key:WF", "key:WB"]
    assert t["description_zh"].to_list() == ["妻子", "妻子的父亲", "妻子的兄弟"]
    assert pl.DataFrame(g.relatives("key:A", set="committee_close"))["relative"].to_list() == ["key:W"]
    with pytest.raises(hj.InputError, match="not in the relations table"):
        g.relatives("key:nobody")  # nothing is known of them: not "no relatives"
    with pytest.raises(hj.HuanjieError):
        g.relatives("key:A", set="no_such_set")
    with pytest.raises(hj.InvalidIdError):
        g.relation("12345", "key:A")


def test_a_person_the_relations_do_not_name_is_not_called_unrelated() -> None:
    relations = {"person": ["640121197503120134"], "relative": ["640121198006210248"], "relation": ["配偶"]}
    g = hj.FamilyGraph(relations, as_of="2021-01-15")
    known = g.relation("640121197503120134", "640121198006210248")
    assert known["classes"] and known["not_in_relations"] == []
    stranger = "640121198003120132"
    r = g.relation("640121197503120134", stranger)
    assert r["classes"] == [] and r["not_in_relations"] == ["b"]
    with pytest.raises(hj.InputError, match="not in the relations table") as e:
        g.relatives(stranger)
    assert e.value.table == "relations" and stranger not in str(e.value)
