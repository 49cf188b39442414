"""Resident identity numbers (docs/domain.md §2, GB 11643-1999, GB/T 2260) through
``huanjie.ResidentId`` and, a whole column at once, ``huanjie.ids``."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import huanjie as hj
from conftest import (
    PROVINCE_PREFIXES,
    addresses,
    birth_dates,
    check_char,
    legacy_ids,
    make_id,
    sequences,
    upgrade_legacy,
    valid_ids,
)

# ----------------------------------------------------------------------------------------------
# the examples of docs/domain.md §2


@pytest.mark.parametrize(
    "number, sex, birth, address",
    [
        ("11010519491231002X", "female", dt.date(1949, 12, 31), "110105"),
        ("53010219200508011X", "male", dt.date(1920, 5, 8), "530102"),
        ("440524188001010014", "male", dt.date(1880, 1, 1), "440524"),
    ],
)
def test_rules_examples(number: str, sex: str, birth: dt.date, address: str) -> None:
    assert check_char(number[:17]) == number[17]
    rid = hj.ResidentId(number)
    assert str(rid) == number == rid.number
    assert rid.sex == sex
    assert rid.birth_date == birth
    assert rid.address_code == address
    assert rid.is_legacy is False
    assert rid.masked() == number[:6] + "*" * 8 + number[-4:]
    assert number not in repr(rid)
    # lower-case x accepted, printed upper-case; the same ID
    if number.endswith("X"):
        low = hj.ResidentId(number.lower())
        assert str(low) == number
        assert low == rid and hash(low) == hash(rid)


def test_legacy_example() -> None:
    rid = hj.ResidentId("110105491231002")
    assert rid.number == "11010519491231002X"
    assert rid.is_legacy
    assert str(rid) == str(hj.ResidentId("11010519491231002X"))


def test_legacy_and_full_forms_are_the_same_id() -> None:
    legacy = hj.ResidentId("110105491231002")
    full = hj.ResidentId("11010519491231002X")
    assert legacy == full
    assert hash(legacy) == hash(full)
    assert len({legacy, full}) == 1


@pytest.mark.parametrize(
    "text",
    [
        "'11010519491231002X",
        " 110105 19491231 002X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "11010519491231002x",
    ],
)
def test_cleaning(text: str) -> None:
    assert str(hj.ResidentId(text)) == "11010519491231002X"


def test_as_of_bounds_the_birth_date() -> None:
    n = make_id("640121", dt.date(2021, 1, 15), 91)
    assert hj.ResidentId(n, as_of=dt.date(2021, 1, 15)).birth_date == dt.date(2021, 1, 15)
    with pytest.raises(hj.InvalidIdError):
        hj.ResidentId(n, as_of=dt.date(2021, 1, 14))
    # without as_of, a future birth date is not checked
    assert hj.ResidentId(make_id("640121", dt.date(2090, 1, 1), 1)).birth_date == dt.date(2090, 1, 1)


def test_unknown_county_of_a_known_province_is_valid() -> None:
    assert hj.ResidentId(make_id("649999", dt.date(1980, 1, 1), 1)).address_code == "649999"


@pytest.mark.parametrize("address", ["999999", "000000", "101010", "200000", "720000", "840000"])
def test_an_address_code_of_no_province_is_invalid(address: str) -> None:
    number = make_id(address, dt.date(1980, 1, 1), 1)
    with pytest.raises(hj.InvalidIdError, match="province-level division") as e:
        hj.ResidentId(number)
    assert number not in str(e.value) and address not in str(e.value)


def test_a_birth_year_before_1880_is_invalid() -> None:
    # Year 0000 is a date of the proleptic calendar that Python's datetime cannot hold: it
    # used to pass, then fail with a bare ValueError in .birth_date.
    body = "640121" + "00000101" + "001"
    with pytest.raises(hj.InvalidIdError, match="birth year is before 1880") as e:
        hj.ResidentId(body + check_char(body))
    assert isinstance(e.value, hj.HuanjieError) and isinstance(e.value, ValueError)
    assert e.value.kind == "invalid_id"  # type: ignore[attr-defined]
    with pytest.raises(hj.InvalidIdError):
        hj.ResidentId(make_id("640121", dt.date(1879, 12, 31), 1))
    assert hj.ResidentId(make_id("640121", dt.date(1880, 1, 1), 1)).birth_date == dt.date(1880, 1, 1)


@pytest.mark.parametrize(
    "address, permit",
    [("810000", "hong_kong"), ("820000", "macao"), ("830000", "taiwan"), ("710000", None), ("640121", None)],
)
def test_residence_permits(address: str, permit: str) -> None:
    rid = hj.ResidentId(make_id(address, dt.date(1990, 1, 1), 1))
    assert rid.residence_permit == permit
    assert rid.address_code == address


@pytest.mark.parametrize("day", ["19000229", "19750230", "19751301", "19750100", "19750132"])
def test_nonexistent_birth_date(day: str) -> None:
    body = "640121" + day + "013"
    with pytest.raises(hj.InvalidIdError):
        hj.ResidentId(body + check_char(body))


# ----------------------------------------------------------------------------------------------
# properties


@given(addresses, birth_dates, sequences)
def test_valid_numbers_parse_and_round_trip(address: str, birth: dt.date, seq: int) -> None:
    number = make_id(address, birth, seq)
    rid = hj.ResidentId(number)
    assert str(rid) == number
    assert rid.number == number
    assert rid.birth_date == birth
    assert rid.address_code == address
    assert rid.sex == ("male" if seq % 2 == 1 else "female")
    assert not rid.is_legacy
    assert rid.residence_permit == {"81": "hong_kong", "82": "macao", "83": "taiwan"}.get(address[:2])
    assert hj.ResidentId(str(rid)) == rid
    assert hash(hj.ResidentId(str(rid))) == hash(rid)


# Substitutes: ASCII digits, X/x, letters, full-width digits and X.
SUBSTITUTES = "0123456789Xx" + "AZ" + "０１２３４５６７８９Ｘ"


def _same_after_cleaning(new: str, old: str) -> bool:
    return unicodedata.normalize("NFKC", new).upper() == old.upper()


@given(valid_ids())
def test_every_single_substitution_is_detected(number: str) -> None:
    for pos in range(18):
        for sub in SUBSTITUTES:
            if _same_after_cleaning(sub, number[pos]):
                continue  # the same number (case of x, full-width form of the same digit)
            changed = number[:pos] + sub + number[pos + 1 :]
            with pytest.raises(hj.InvalidIdError):
                hj.ResidentId(changed)


@given(legacy_ids())
def test_legacy_upgrade_round_trips(legacy: str) -> None:
    rid = hj.ResidentId(legacy)
    full = upgrade_legacy(legacy)
    assert rid.number == full
    assert rid.is_legacy
    assert rid.birth_date == dt.datetime.strptime("19" + legacy[6:12], "%Y%m%d").date()
    assert rid.sex == ("male" if int(legacy[14]) % 2 == 1 else "female")
    again = hj.ResidentId(full)
    assert str(again) == full and not again.is_legacy
    assert again.birth_date == rid.birth_date and again.sex == rid.sex


@given(st.one_of(valid_ids(), legacy_ids()))
def test_masked_shows_at_most_first_6_and_last_4(text: str) -> None:
    rid = hj.ResidentId(text)
    n = rid.number
    m = rid.masked()
    assert len(m) == len(n) == 18
    assert m[:6] == n[:6] and m[-4:] == n[-4:]
    assert set(m[6:-4]) == {"*"}
    assert n not in repr(rid) and n[6:14] not in repr(rid)


@given(
    st.integers(min_value=0, max_value=99).filter(lambda p: p not in PROVINCE_PREFIXES),
    st.integers(min_value=0, max_value=9999),
    birth_dates,
    sequences,
)
def test_every_prefix_outside_gbt_2260_is_invalid(prefix: int, rest: int, birth: dt.date, seq: int) -> None:
    with pytest.raises(hj.InvalidIdError):
        hj.ResidentId(make_id(f"{prefix:02d}{rest:04d}", birth, seq))


# ----------------------------------------------------------------------------------------------
# hj.ids: a column at once

IDS_SCHEMA = pa.schema(
    [
        pa.field("id_number", pa.string()),
        pa.field("valid", pa.bool_(), nullable=False),
        pa.field("reason", pa.string()),
        pa.field("birth_date", pa.date32()),
        pa.field("sex", pa.string()),
        pa.field("region", pa.string()),
        pa.field("residence_permit", pa.string()),
    ]
)

VALID = "11010519491231002X"
LEGACY = "110105491231002"
PERMIT = make_id("820000", dt.date(1990, 1, 2), 2)
YEAR_0 = "640121000001010013"
BAD_CHECK = "110105194912310021"


def expected(value: object, as_of: dt.date | None = None) -> dict:
    """The row ``hj.ids`` gives for one value, from ``ResidentId`` (a float: stored as a number)."""
    row = {k: None for k in IDS_SCHEMA.names}
    if value is None or (isinstance(value, float) and value != value):
        value = ""
    if isinstance(value, float):
        row.update(valid=False, reason=str(_stored_as_number()))
        return row
    try:
        rid = hj.ResidentId(str(value), as_of=as_of)
    except hj.InvalidIdError as e:
        row.update(valid=False, reason=str(e))
        return row
    row.update(
        id_number=rid.number,
        valid=True,
        birth_date=rid.birth_date,
        sex=rid.sex,
        region=rid.address_code,
        residence_permit=rid.residence_permit,
    )
    return row


def _stored_as_number() -> hj.InvalidIdError:
    with pytest.raises(hj.InvalidIdError) as e:
        hj.ResidentId("6.40104E+17")
    return e.value


def rows(table: pa.Table) -> list:
    return table.to_pylist()


def test_ids_returns_a_pyarrow_table_of_the_documented_columns() -> None:
    t = hj.ids([VALID, LEGACY, PERMIT, YEAR_0, BAD_CHECK, "", "12 3"])
    assert isinstance(t, pa.Table)
    assert t.schema.equals(IDS_SCHEMA), t.schema
    got = rows(t)
    assert got[0] == {
        "id_number": VALID,
        "valid": True,
        "reason": None,
        "birth_date": dt.date(1949, 12, 31),
        "sex": "female",
        "region": "110105",
        "residence_permit": None,
    }
    assert got[1]["id_number"] == VALID and got[1]["valid"]
    assert got[2]["residence_permit"] == "macao" and got[2]["sex"] == "female"
    assert got[3]["valid"] is False and got[3]["reason"] == "the ID number's birth year is before 1880"
    assert got[3]["birth_date"] is None and got[3]["id_number"] is None
    assert got[4]["reason"] == "the ID number's check character does not match (a digit is mistyped)"
    assert got[5]["reason"] == "the ID number is empty"
    assert [r["valid"] for r in got] == [True, True, True, False, False, False, False]
    for r in got:
        for v in (r["reason"] or "",):
            assert "110105" not in v and "640121" not in v


def test_ids_of_an_empty_column() -> None:
    for empty in ([], pa.array([], pa.string()), pa.chunked_array([], pa.string())):
        t = hj.ids(empty)
        assert t.num_rows == 0 and t.schema.equals(IDS_SCHEMA)


VALUES = [VALID, None, LEGACY, BAD_CHECK, PERMIT, " 110105 19491231 002x "]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda v: v, id="list"),
        pytest.param(tuple, id="tuple"),
        pytest.param(lambda v: pa.array(v), id="pyarrow-string"),
        pytest.param(lambda v: pa.array(v, pa.large_string()), id="pyarrow-large-string"),
        pytest.param(lambda v: pa.array(v, pa.string_view()), id="pyarrow-string-view"),
        pytest.param(lambda v: pa.chunked_array([v[:2], v[2:3], [], v[3:]]), id="pyarrow-chunked"),
        pytest.param(lambda v: pa.array(v).dictionary_encode(), id="pyarrow-dictionary"),
        pytest.param(lambda v: pd.Series(v, dtype=object), id="pandas-object"),
        pytest.param(lambda v: pd.Series(v, dtype="string[pyarrow]"), id="pandas-string"),
        pytest.param(lambda v: pd.Series(v, dtype="category"), id="pandas-category"),
        pytest.param(lambda v: pd.DataFrame({"身份证号码": v}), id="pandas-one-column-frame"),
        pytest.param(lambda v: pl.Series(v, dtype=pl.String), id="polars"),
        pytest.param(lambda v: pl.Series(v, dtype=pl.Categorical), id="polars-categorical"),
        pytest.param(lambda v: np.array(v, dtype=object), id="numpy-object"),
    ],
)
def test_ids_of_text_in_every_container(make: Any) -> None:
    t = hj.ids(make(VALUES))
    assert t.schema.equals(IDS_SCHEMA)
    assert rows(t) == [expected(v) for v in VALUES]


def test_ids_of_numpy_text() -> None:
    values = [VALID, LEGACY, BAD_CHECK, ""]
    assert rows(hj.ids(np.array(values))) == [expected(v) for v in values]


INTS = [440524188001010014, 110105491231002, 110105194912310021, 640121000001010013]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda v: v, id="list"),
        pytest.param(lambda v: pa.array(v, pa.int64()), id="pyarrow-int64"),
        pytest.param(lambda v: pa.array(v, pa.uint64()), id="pyarrow-uint64"),
        pytest.param(lambda v: pd.Series(v), id="pandas-int64"),
        pytest.param(lambda v: pd.Series(v, dtype="Int64"), id="pandas-nullable-Int64"),
        pytest.param(lambda v: pl.Series(v), id="polars-int64"),
        pytest.param(lambda v: np.array(v), id="numpy-int64"),
        pytest.param(lambda v: pa.array(v, pa.decimal128(20, 0)), id="pyarrow-decimal"),
    ],
)
def test_ints_are_their_digits(make: Any) -> None:
    got = rows(hj.ids(make(INTS)))
    assert got == [expected(str(v)) for v in INTS]
    assert [r["valid"] for r in got] == [True, True, False, False]


FLOATS = [6.40104e17, 440524188001010014.0, 110105491231002.0, float("nan")]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda v: v, id="list"),
        pytest.param(lambda v: pa.array(v, pa.float64()), id="pyarrow-float64"),
        pytest.param(lambda v: pa.array(v, pa.float32()), id="pyarrow-float32"),
        pytest.param(lambda v: pd.Series(v), id="pandas-float64"),
        pytest.param(lambda v: pl.Series(v), id="polars-float64"),
        pytest.param(lambda v: np.array(v), id="numpy-float64"),
    ],
)
def test_floats_were_stored_as_numbers(make: Any) -> None:
    got = rows(hj.ids(make(FLOATS)))
    assert [r["valid"] for r in got] == [False] * 4
    reasons = [r["reason"] for r in got]
    assert reasons[:3] == [str(_stored_as_number())] * 3
    assert "stored as a number" in reasons[0]
    assert reasons[3] == "the ID number is empty"  # NaN: a missing value


def test_a_list_may_mix_text_ints_floats_and_none() -> None:
    values: list = [VALID, 440524188001010014, 6.40104e17, None, float("nan"), True, LEGACY]
    assert rows(hj.ids(values)) == [expected(v) for v in values]
    # pandas keeps such a column as objects: the same, value by value.
    assert rows(hj.ids(pd.Series(values, dtype=object))) == [expected(v) for v in values]
    assert rows(hj.ids(np.array(values, dtype=object))) == [expected(v) for v in values]


def test_ids_as_of() -> None:
    born = make_id("640121", dt.date(2021, 1, 16), 11)
    t = rows(hj.ids([born, VALID], as_of="2021-01-15"))
    assert [r["valid"] for r in t] == [False, True]
    assert t[0]["reason"] == "the ID number's birth date lies after the reference date"
    assert rows(hj.ids([born], as_of=dt.date(2021, 1, 16)))[0]["valid"]
    with pytest.raises(hj.HuanjieError):
        hj.ids([born], as_of="not a date")


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(VALID, id="a-single-str"),
        pytest.param(pd.DataFrame({"a": [VALID], "b": [VALID]}), id="two-columns"),
        pytest.param(np.array([[VALID], [VALID]]), id="2-d"),
        pytest.param(pa.array([dt.date(2020, 1, 1)]), id="dates"),
        pytest.param(42, id="an-int"),
    ],
)
def test_not_a_column_is_a_type_error(bad: Any) -> None:
    with pytest.raises(TypeError) as e:
        hj.ids(bad)
    assert VALID not in str(e.value)


def _with_check(body17: str) -> str:
    return body17 + check_char(body17)


ANY_TEXT = st.one_of(
    valid_ids(),
    legacy_ids(),
    # the residence permits and a birth year before 1880
    st.builds(make_id, st.sampled_from(["810000", "820000", "830000"]), birth_dates, sequences),
    st.builds(
        lambda a, d, q: _with_check(f"{a}{d.year:04d}{d.month:02d}{d.day:02d}{q:03d}"),
        addresses,
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(1879, 12, 31)),
        sequences,
    ),
    # a valid number changed once, and anything at all
    st.builds(
        lambda n, i, c: n[:i] + c + n[i + 1 :],
        valid_ids(),
        st.integers(min_value=0, max_value=17),
        st.sampled_from(list("0123456789Xx ０Ｘ")),
    ),
    st.text(alphabet="0123456789Xx '．.E+", max_size=20),
    st.text(max_size=20),
)


@given(st.lists(ANY_TEXT, max_size=30), st.sampled_from([None, dt.date(1990, 1, 1)]))
def test_ids_of_a_list_is_residentid_per_element(values: list, as_of: Any) -> None:
    t = hj.ids(values, as_of=as_of)
    assert t.schema.equals(IDS_SCHEMA)
    assert rows(t) == [expected(v, as_of) for v in values]
    # the same through every container
    assert hj.ids(pa.array(values, pa.string()), as_of=as_of).equals(t)
    assert hj.ids(pl.Series(values, dtype=pl.String), as_of=as_of).equals(t)
