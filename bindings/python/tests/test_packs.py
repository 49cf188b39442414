"""Rule packs: the built-in packs, their items and references, hashes and round trips."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import huanjie as hj

BUILTIN = ["cn-2021", "ningxia-2021"]
CODES = [f"NEG-{i:02d}" for i in range(1, 11)] + ["STAT-AGE", "STAT-RIGHTS", "STAT-CAPACITY"]


def test_builtin_names() -> None:
    names = hj.RulePack.builtin_names()
    assert set(BUILTIN) <= set(names)


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_pack(name: str) -> None:
    p = hj.RulePack.builtin(name)
    assert p.name == name
    assert p.jurisdiction
    assert re.fullmatch(r"[0-9a-f]{64}", p.hash)
    assert name in repr(p)


@pytest.mark.parametrize("name", BUILTIN)
def test_items_have_codes_and_references(name: str) -> None:
    items = hj.RulePack.builtin(name).items
    assert isinstance(items, list) and all(isinstance(i, dict) for i in items)
    by_code = {i["code"]: i for i in items}
    assert len(by_code) == len(items), "item codes repeat"
    for code in CODES:
        assert code in by_code, code
        ref = by_code[code].get("reference")
        assert isinstance(ref, str) and ref.strip(), code
        assert by_code[code].get("severity") in {"cannot", "should_not", "review", "warning"}
    # the negative list is the 2020-12-24 "十不选"
    for code in CODES[:10]:
        assert "十不选" in by_code[code]["reference"], code


def test_extends() -> None:
    assert hj.RulePack.builtin("cn-2021").extends == []
    assert hj.RulePack.builtin("ningxia-2021").extends == ["cn-2021"]


def test_hash_stable_and_distinct() -> None:
    hashes = {n: hj.RulePack.builtin(n).hash for n in BUILTIN}
    for n in BUILTIN:
        assert hj.RulePack.builtin(n).hash == hashes[n]
    assert len(set(hashes.values())) == len(BUILTIN)


def test_cn_2021_round_trips() -> None:
    p = hj.RulePack.builtin("cn-2021")
    for text in (p.to_toml(), p.to_json()):
        q = hj.RulePack.from_text(text)
        assert q.hash == p.hash
        assert q.name == p.name and q.extends == p.extends
        assert q.items == p.items
        assert q.to_toml() == p.to_toml()


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_ningxia_2021_round_trips(fmt: str) -> None:
    p = hj.RulePack.builtin("ningxia-2021")
    q = hj.RulePack.from_text(p.to_toml() if fmt == "toml" else p.to_json())
    assert q.extends == p.extends
    assert q.hash == p.hash


def test_ningxia_round_trip_keeps_the_rules() -> None:
    """Whatever the hash, the items and parameters survive the round trip."""
    p = hj.RulePack.builtin("ningxia-2021")
    q = hj.RulePack.from_text(p.to_toml())
    assert q.items == p.items
    a, b = json.loads(p.to_json()), json.loads(q.to_json())
    assert a["parameters"] == b["parameters"]
    assert a["kinds"] == b["kinds"]


def test_from_file(tmp_path: Path) -> None:
    p = hj.RulePack.builtin("cn-2021")
    f = tmp_path / "pack.toml"
    f.write_text(p.to_toml(), encoding="utf-8")
    assert hj.RulePack.from_file(f).hash == p.hash
    assert hj.RulePack.from_file(str(f)).hash == p.hash
    j = tmp_path / "pack.json"
    j.write_text(p.to_json(), encoding="utf-8")
    assert hj.RulePack.from_file(j).hash == p.hash


def test_a_pack_that_extends_a_builtin() -> None:
    text = (
        'name = "test-2021"\n'
        'jurisdiction = "640121"\n'
        'extends = "cn-2021"\n'
        "\n"
        '[parameters."STAT-AGE.minimum_age"]\n'
        'description = "test"\n'
        'values = [{ from = "1998-11-04", value = 16, reference = "test" }]\n'
    )
    p = hj.RulePack.from_text(text)
    assert p.name == "test-2021"
    assert p.extends == ["cn-2021"]
    assert p.hash != hj.RulePack.builtin("cn-2021").hash
    assert hj.RulePack.from_text(text).hash == p.hash
    # the overridden value is used: a 17-year-old is no longer barred
    people = [{"id_number": "640121200301160917"}]
    assert hj.check(people, as_of="2021-01-15").exit_code == 1
    res = hj.check(people, as_of="2021-01-15", pack=p)
    assert res.exit_code == 0
    assert res.audit["pack"] == {"name": "test-2021", "jurisdiction": "640121", "hash": p.hash}
