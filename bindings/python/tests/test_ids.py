"""Resident identity numbers (docs/domain.md §2, GB 11643-1999) through ``huanjie.ResidentId``."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import huanjie as hj
from conftest import (
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


def test_unknown_address_code_is_valid() -> None:
    assert hj.ResidentId(make_id("999999", dt.date(1980, 1, 1), 1)).address_code == "999999"


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
