"""Errors (docs/tables.md "Python"): one base HuanjieError (a ValueError) with InvalidIdError,
InputError and RulePackError; messages name the table, column and row, and never carry an ID
number."""

from __future__ import annotations

import re
from typing import Any, Callable

import pandas as pd
import pyarrow as pa
import pytest

import huanjie as hj
import huanjie._huanjie as native
from conftest import ADULT_F, ADULT_M, AS_OF, WITH_X, check_char, table


def test_hierarchy() -> None:
    assert issubclass(hj.HuanjieError, ValueError)
    for cls in (hj.InvalidIdError, hj.InputError, hj.RulePackError):
        assert issubclass(cls, hj.HuanjieError)
        assert cls is not hj.HuanjieError
    assert not issubclass(hj.InputError, hj.InvalidIdError)
    assert not issubclass(hj.RulePackError, hj.InputError)
    # the same classes in the package and the native module, all exported
    for name in ("HuanjieError", "InvalidIdError", "InputError", "RulePackError"):
        assert getattr(hj, name) is getattr(native, name)
        assert name in hj.__all__


def test_errors_are_catchable_as_value_error() -> None:
    with pytest.raises(ValueError):
        hj.ResidentId("not an id")
    with pytest.raises(ValueError):
        hj.RulePack.builtin("no-such-pack")


# ----------------------------------------------------------------------------------------------
# input errors


@pytest.mark.parametrize(
    "kwargs, table_name, column",
    [
        ({"people": [{"姓名": "某"}]}, "people", "id_number"),
        ({"people": pd.DataFrame({"name": ["x"]})}, "people", "id_number"),
        (
            {"people": [{"id_number": ADULT_M}], "records": [{"id_number": ADULT_M, "date": "2020-01-01"}]},
            "records",
            "kind",
        ),
        (
            {"people": [{"id_number": ADULT_M}], "records": pa.table({"kind": ["刑事处罚"]})},
            "records",
            "id_number",
        ),
        ({"people": [{"id_number": ADULT_M}], "roster": [{"id_number": ADULT_M}]}, "roster", "unit_code"),
        (
            {"people": [{"id_number": ADULT_M}], "roster": [{"unit_code": "640121100201"}]},
            "roster",
            "id_number",
        ),
    ],
    ids=["people-list", "people-pandas", "records-kind", "records-id", "roster-unit", "roster-id"],
)
def test_missing_required_column(kwargs: dict, table_name: str, column: str) -> None:
    with pytest.raises(hj.InputError) as e:
        hj.check(**kwargs, as_of=AS_OF)
    msg = str(e.value)
    assert table_name in msg
    assert column in msg


M = ADULT_M
TWO_HEADERS = [
    ("people", "身份证号码", "id_number", {"身份证号码": M, "id_number": M}),
    ("people", "ID_Number", "id_number", {"ID_Number": M, "id_number": M}),
    ("people", "公民身份号码", "身份证号", {"公民身份号码": M, "身份证号": M}),
    ("people", "姓  名", "姓名", {"id_number": M, "姓  名": "甲", "姓名": "乙"}),
    ("people", "出生日期", "出生年月", {"id_number": M, "出生日期": "1980-03-12", "出生年月": "1980.03"}),
    ("people", "性别", "ＳＥＸ", {"id_number": M, "性别": "男", "ＳＥＸ": "男"}),
    ("records", "日期", "决定日期", {"id_number": M, "kind": "刑事处罚", "日期": "2020-01-01", "决定日期": "2020-01-01"}),
    ("records", "类别", "类型", {"id_number": M, "类别": "刑事处罚", "类型": "刑事处罚", "date": "2020-01-01"}),
]


@pytest.mark.parametrize("table_name, a, b, row", TWO_HEADERS, ids=[f"{t[1]}+{t[2]}" for t in TWO_HEADERS])
@pytest.mark.parametrize("kind", ["list", "pandas"])
def test_two_headers_for_one_column(table_name: str, a: str, b: str, row: dict, kind: str) -> None:
    conv: Callable[[Any], Any] = (lambda r: r) if kind == "list" else pd.DataFrame
    if table_name == "people":
        kwargs = {"people": conv([row])}
    else:
        kwargs = {"people": conv([{"id_number": M}]), "records": conv([row])}
    with pytest.raises(hj.InputError) as e:
        hj.check(**kwargs, as_of=AS_OF)
    msg = str(e.value)
    assert table_name in msg
    assert a in msg and b in msg, msg
    assert M not in msg


def test_non_dict_row_names_the_row() -> None:
    with pytest.raises(hj.InputError) as e:
        hj.check([{"id_number": ADULT_M}, "oops"], as_of=AS_OF)
    assert "people" in str(e.value) and "row 1" in str(e.value)
    with pytest.raises(hj.InputError) as e:
        hj.check(
            [{"id_number": ADULT_M}],
            records=[{"id_number": ADULT_M, "kind": "x"}, {"id_number": ADULT_M}, [ADULT_M]],
            as_of=AS_OF,
        )
    msg = str(e.value)
    assert "records" in msg and "row 2" in msg
    assert ADULT_M not in msg


@pytest.mark.parametrize("obj", [42, "640121198003120132", object(), 3.5])
def test_unsupported_table_object(obj: Any) -> None:
    with pytest.raises(hj.InputError) as e:
        hj.check(obj, as_of=AS_OF)
    assert "people" in str(e.value)
    assert ADULT_M not in str(e.value)


def test_ragged_dict_of_columns() -> None:
    with pytest.raises(hj.InputError) as e:
        hj.check({"id_number": [ADULT_M], "sex": ["男", "女"]}, as_of=AS_OF)
    assert "people" in str(e.value) and "sex" in str(e.value)
    with pytest.raises(hj.InputError) as e:
        hj.check({"id_number": int(ADULT_M)}, as_of=AS_OF)  # a scalar, not a column
    assert "id_number" in str(e.value) and ADULT_M not in str(e.value)


def test_keys_that_print_alike_do_not_misalign_rows() -> None:
    data = [{1: "a", "1": "b"}, {1: "c"}]
    try:
        t = table(hj.to_arrow(data))
    except hj.InputError:
        return
    assert t.num_rows == 2


# ----------------------------------------------------------------------------------------------
# as_of, packs and strict mode


@pytest.mark.parametrize("as_of", ["yesterday", "2021-13-45", "2021-02-30", "", 20210115, None, 2021.0])
def test_bad_as_of(as_of: Any) -> None:
    with pytest.raises(hj.HuanjieError) as e:
        hj.check([{"id_number": ADULT_M}], as_of=as_of)
    assert "as_of" in str(e.value)


def test_as_of_is_required() -> None:
    with pytest.raises(TypeError):
        hj.check([{"id_number": ADULT_M}])  # type: ignore[call-arg]


def test_unknown_pack() -> None:
    with pytest.raises(hj.RulePackError) as e:
        hj.check([{"id_number": ADULT_M}], as_of=AS_OF, pack="atlantis-2099")
    assert "atlantis-2099" in str(e.value)
    with pytest.raises(hj.RulePackError):
        hj.RulePack.builtin("atlantis-2099")


def test_bad_pack_text_and_file(tmp_path: Any) -> None:
    with pytest.raises(hj.RulePackError):
        hj.RulePack.from_text("this is [not toml")
    with pytest.raises(hj.RulePackError):
        hj.RulePack.from_text('name = "x"\njurisdiction = "CN"\nextends = "atlantis-2099"\n')
    with pytest.raises(hj.RulePackError):
        hj.RulePack.from_file(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nno_such_field = 1\n', encoding="utf-8")
    with pytest.raises(hj.RulePackError):
        hj.RulePack.from_file(bad)


@pytest.mark.parametrize("pack", ["cn-2021", "ningxia-2021"])
def test_strict_before_items_are_in_force(pack: str) -> None:
    people = [{"id_number": ADULT_M}]
    with pytest.raises(hj.RulePackError) as e:
        hj.check(people, as_of="2015-01-15", pack=pack, strict=True)
    assert pack in str(e.value)
    # not strict: the same date runs (items not yet in force do not apply)
    hj.check(people, as_of="2015-01-15", pack=pack)
    # strict, once the list is in force
    assert hj.check(people, as_of=AS_OF, pack=pack, strict=True).exit_code == 0


# ----------------------------------------------------------------------------------------------
# invalid IDs and what messages may contain


def _with_check(body17: str) -> str:
    return body17 + check_char(body17)


BAD_IDS = [
    ADULT_M[:17] + ("3" if ADULT_M[17] != "3" else "4"),  # wrong check character
    ADULT_M[:-1],  # 17 characters
    ADULT_M + "5",  # 19 characters
    _with_check("64012119750230013"),  # 30 February, valid check character
    _with_check("64012119751301013"),  # month 13
    "A" + ADULT_M[1:],
    WITH_X[:17] + "Y",
    "６４０１２１１９８００３１２０１３３",  # full-width digits, wrong check character
    "640121800230013",  # legacy 15 digits, 1980-02-30
    "  '" + ADULT_F[:-1] + "1  ",  # cleaned, then a wrong check character
]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_invalid_id_raises_without_echoing_it(bad: str) -> None:
    with pytest.raises(hj.InvalidIdError) as e:
        hj.ResidentId(bad)
    _assert_no_id(str(e.value), bad)


def test_birth_after_as_of_is_invalid() -> None:
    import datetime as dt

    minor = "640121200301160917"
    with pytest.raises(hj.InvalidIdError) as e:
        hj.ResidentId(minor, as_of=dt.date(2003, 1, 15))
    _assert_no_id(str(e.value), minor)
    assert hj.ResidentId(minor, as_of=dt.date(2003, 1, 16)).number == minor


def _assert_no_id(msg: str, given: str) -> None:
    stripped = given.strip().lstrip("'")
    assert stripped not in msg
    digits = "".join(c for c in stripped if c.isalnum())
    assert digits not in msg
    # nothing that looks like an ID: no long runs of digits at all
    assert not re.search(r"\d{10,}", msg), msg


def _raise(f: Callable[[], Any]) -> str:
    with pytest.raises(hj.HuanjieError) as e:
        f()
    return str(e.value)


def test_input_errors_never_carry_ids() -> None:
    cases = [
        lambda: hj.check([{"姓名": ADULT_M}], as_of=AS_OF),
        lambda: hj.check([{"id_number": ADULT_M}, ADULT_M], as_of=AS_OF),
        lambda: hj.check({"id_number": [ADULT_M], "sex": [ADULT_F, WITH_X]}, as_of=AS_OF),
        lambda: hj.check([{"id_number": ADULT_M, "身份证号码": ADULT_F}], as_of=AS_OF),
        lambda: hj.check([{"id_number": ADULT_M}], as_of=ADULT_M),
        lambda: hj.check([{"id_number": ADULT_M}], records=[{"id_number": ADULT_F}], as_of=AS_OF),
        lambda: hj.check(ADULT_M, as_of=AS_OF),
    ]
    for f in cases:
        msg = _raise(f)
        for i in (ADULT_M, ADULT_F, WITH_X):
            assert i not in msg, msg
        assert not re.search(r"\d{15,}", msg), msg


def test_arrow_conversion_errors_never_carry_ids() -> None:
    df = pd.DataFrame({"id_number": [int(ADULT_M), WITH_X]}, dtype=object)
    msg = _raise(lambda: hj.check(df, as_of=AS_OF))
    assert WITH_X not in msg and ADULT_M not in msg, msg


# ---------------------------------------------------------------------------------------------
# structured errors: every exception carries kind, table, file, sheet, row, line, column, detail


def test_errors_carry_their_location_as_attributes() -> None:
    with pytest.raises(hj.InputError) as info:
        hj.check([{"身份证号码": "11010519491231002X"}], roster=[{"id_number": "x"}], as_of="2021-01-15")
    e = info.value
    assert (e.kind, e.table, e.row, e.line, e.column) == ("missing_column", "roster", None, None, None)
    assert e.detail == "missing required column(s) unit_code"
    assert e.errors() == [
        {
            "kind": "missing_column",
            "table": "roster",
            "file": None,
            "sheet": None,
            "row": None,
            "line": None,
            "column": None,
            "detail": "missing required column(s) unit_code",
            "message": str(e),
        }
    ]


def test_a_bad_cell_names_its_row_line_and_column() -> None:
    tallies = [
        {"unit_code": "640121100201", "body": "村委会", "round": "1", "registered": "10", "voted": "-6",
         "ballots_returned": "6"}
    ]
    votes = [{"unit_code": "640121100201", "body": "村委会", "round": "1", "role": "主任", "votes": "3",
              "id_number": "11010519491231002X"}]
    with pytest.raises(hj.InputError) as info:
        hj.count(tallies, votes, as_of="2021-01-15")
    e = info.value
    # (a frame in memory has rows, not lines)
    assert (e.kind, e.table, e.row, e.line, e.column) == ("unreadable_value", "tallies", 0, None, "voted")
    assert "11010519491231002X" not in str(e) and "11010519491231002X" not in str(e.errors())


@pytest.mark.parametrize(
    "make, kind",
    [
        (lambda: hj.RulePack.builtin("atlantis-2099"), "unknown_pack"),
        (lambda: hj.RulePack.from_text("name = "), "pack_syntax"),
        (lambda: hj.RulePack.from_text('name = "x"\njurisdiction = "CN"\n'), "pack_invalid"),
        (lambda: hj.RulePack.from_text('name = "x"\njurisdiction = "CN"\nextends = "x"\n'), "extends_cycle"),
        (lambda: hj.ResidentId("110105194912310021"), "invalid_id"),
    ],
)
def test_every_error_has_a_kind(make: Any, kind: str) -> None:
    with pytest.raises(hj.HuanjieError) as info:
        make()
    assert info.value.kind == kind
    assert info.value.table is None


def test_errors_raised_before_any_table_still_have_the_attributes() -> None:
    with pytest.raises(hj.HuanjieError) as info:
        hj.check([{"id_number": "11010519491231002X"}], as_of="not a day")
    e = info.value
    assert e.kind is None and e.table is None and e.errors()[0]["message"] == str(e)
