"""The kinship benchmark's networkx baseline (benches/baseline_networkx.py) agrees with
``huanjie.FamilyGraph`` on a small generated province: every related pair of roster people of
every unit, with every class; and the province's avoidance findings come out of ``check``."""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import pytest

import huanjie as hj

pytest.importorskip("networkx")
pytest.importorskip("numpy")
pytest.importorskip("pandas")

BENCHES = Path(__file__).resolve().parents[3] / "benches"
sys.path.insert(0, str(BENCHES))

import baseline_networkx as bnx  # noqa: E402
import kin_data  # noqa: E402


def test_networkx_baseline_equals_huanjie() -> None:
    people, roster, relations = kin_data.generate_province(60, seed=7)
    by_unit = kin_data.unit_rows(roster)
    index = bnx.Index(relations, kin_data.AS_OF)
    g = hj.FamilyGraph(relations, as_of=kin_data.AS_OF)
    theirs: dict = {}
    ours: dict = {}
    for ids in by_unit.values():
        theirs.update(bnx.classify_unit(index, ids))
        for a, b in combinations(sorted(set(ids)), 2):
            r = g.relation(a, b)
            if r["classes"]:
                ours[(a, b)] = frozenset(bnx.class_key(c) for c in r["classes"])
    assert ours == theirs
    assert len(ours) > 20  # the generator relates some roster people to each other
    res = hj.check(people, roster=roster, relations=relations, as_of=kin_data.AS_OF)
    rules = set(res.to_pandas()["findings"]["rule"])
    assert {"AV-01", "AV-02", "AV-03", "AV-04"} <= rules
