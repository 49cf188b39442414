"""The rule catalogue from Python: ``hj.rules`` and ``RulePack.rules`` give the same rules as
``huanjie rules``, with their severity, reference and dates; a province pack changes them."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

import huanjie as hj


def test_every_code_is_in_the_catalogue_once() -> None:
    df = pl.DataFrame(hj.rules())
    codes = df["code"].to_list()
    assert len(codes) == len(set(codes))
    for code in ["NEG-01", "NEG-10", "STAT-AGE", "AV-01", "AV-05", "COMP-WOMEN", "COUNT-NO-WOMAN",
                 "VOTER-AGE", "DATA-ID", "DATA-RELATION"]:
        assert code in codes
    for col in ["title_zh", "title_en", "reference", "description", "action_zh", "action_en"]:
        assert df.filter(pl.col(col).str.strip_chars() == "").height == 0, col
    assert set(df["severity"]) <= {"cannot", "should_not", "review", "warning"}


def test_a_family_one_rule_and_the_day_in_force() -> None:
    neg = pl.DataFrame(hj.rules(code="NEG"))
    assert neg["code"].to_list() == [f"NEG-{i:02}" for i in range(1, 11)]
    one = pl.DataFrame(hj.rules(code="comp-slate"))
    assert one["code"].to_list() == ["COMP-SLATE"]
    cases = json.loads(one["cases"][0])
    assert cases[0]["case"] == "margin" and cases[0]["severity"] == "review"
    early = pl.DataFrame(hj.rules(as_of=dt.date(2005, 1, 1)))
    assert early.filter(pl.col("code") == "COMP-WOMEN")["in_force"][0] is False
    assert early.filter(pl.col("code") == "COMP-SIZE")["in_force"][0] is True
    assert pl.DataFrame(hj.rules())["in_force"].null_count() == pl.DataFrame(hj.rules()).height


def test_pack_values_come_with_their_dates_and_sources() -> None:
    df = pl.DataFrame(hj.rules(code="NEG-07"))
    assert "term.current_start" in df["parameters"][0].to_list()
    values = json.loads(df["parameter_values"][0])
    term = next(v for v in values if v["name"] == "term.current_start")
    assert term["values"][0]["value"] == "2018-01-01" and term["values"][0]["reference"]
    nx = pl.DataFrame(hj.rules("ningxia-2021", code="NEG-07"))
    term = next(v for v in json.loads(nx["parameter_values"][0]) if v["name"] == "term.current_start")
    assert term["values"][0]["value"] == "2017-10-01"


def test_a_province_pack_changes_a_rule_and_the_catalogue_shows_it() -> None:
    pack = hj.RulePack.from_text(
        'name = "p"\njurisdiction = "650000"\nextends = "cn-2021"\n'
        '[[rules]]\ncode = "NEG-03"\nseverity = "should_not"\nreference = "某省条例 第三条"\n'
    )
    row = pl.DataFrame(hj.rules(pack, code="NEG-03")).row(0, named=True)
    assert row["severity"] == "should_not" and row["reference"] == "某省条例 第三条"
    doc = json.loads(pack.rules_json(code="NEG-03"))
    assert doc["pack"]["name"] == "p" and doc["rules"][0]["severity"] == "should_not"


def test_unknown_codes_and_bad_packs_are_errors() -> None:
    with pytest.raises(hj.RulePackError):
        hj.rules(code="NEG-99")
    with pytest.raises(hj.RulePackError, match="no mechanism"):
        hj.RulePack.from_text(
            'name = "p"\njurisdiction = "CN"\nextends = "cn-2021"\n[[rules]]\ncode = "X-1"\n'
            'title_zh = "x"\ntitle_en = "x"\nseverity = "cannot"\nreference = "x"\nfrom = "2020-01-01"\n'
            'description = "x"\naction_zh = "x"\naction_en = "x"\n'
        )
