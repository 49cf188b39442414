"""The shared cases (tests/cases/vetting.json, avoidance.json, kinship.json), as
tests/cases.rs runs them, through ``huanjie.check`` and ``huanjie.FamilyGraph`` with every kind
of table the Python entry point accepts."""

from __future__ import annotations

from typing import Any, Dict

import pytest

import huanjie as hj
from conftest import (
    CASES_FILE,
    INPUT_KINDS,
    finding_key,
    finding_keys,
    load_cases,
    outcome_keys,
    messages_and_outside,
    rows,
    unique_ids,
)

DOC = load_cases()
CASES = DOC["cases"]
CASE_IDS = unique_ids(c["name"] for c in CASES)
AVOIDANCE = load_cases("avoidance.json")["cases"]
COMPOSITION = load_cases("composition.json")["cases"]
KINSHIP = load_cases("kinship.json")["cases"] + load_cases("kinship_terms.json")["cases"]
REVIEW = load_cases("review.json")["cases"]


def test_cases_file_is_there() -> None:
    assert CASES_FILE.resolve().is_file()
    # the same floor as tests/cases.rs
    assert len(CASES) > 50
    for c in CASES:
        assert {"name", "as_of", "people", "expect"} <= set(c), c.get("name")
        assert {"outcomes", "findings"} <= set(c["expect"]), c["name"]


def run_case(case: Dict[str, Any], kind: str) -> "hj.CheckResult":
    conv = INPUT_KINDS[kind]
    tables = {t: conv(case[t]) for t in ("roster", "records", "relations", "units") if t in case}
    return hj.check(
        conv(case["people"]),
        **tables,
        as_of=case["as_of"],
        pack=case.get("pack", "cn-2021"),
    )


@pytest.mark.parametrize("kind", list(INPUT_KINDS))
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case(case: Dict[str, Any], kind: str) -> None:
    res = run_case(case, kind)
    want = case["expect"]
    assert outcome_keys(res) == want["outcomes"]
    composition = case.get("composition", False)
    got = finding_keys(res, composition=composition)
    assert got == sorted(finding_key(f) for f in want["findings"])
    findings = [f for f in rows(res.findings) if composition or not f["rule"].startswith("COMP-")]
    assert messages_and_outside(case, findings) == []


@pytest.mark.parametrize("kind", list(INPUT_KINDS))
@pytest.mark.parametrize("case", REVIEW, ids=unique_ids(c["name"] for c in REVIEW))
def test_review_case(case: Dict[str, Any], kind: str) -> None:
    """The joint review's round trip (tests/cases/review.json): the request, the answers as
    frames of every kind, then the check on them."""
    assert len(REVIEW) > 6
    conv = INPUT_KINDS[kind]
    r = case["review"]
    m = hj.review.request(
        conv(case["people"]), conv(case["roster"]), as_of=case["as_of"], departments=r.get("departments")
    )
    answers = [(name, conv(rows_)) for name, rows_ in r["answers"]]
    res = hj.review.collect(m, answers, conv(case["people"]), conv(case["roster"]), as_of=case["as_of"])
    want = case["expect"]
    assert outcome_keys(res) == want["outcomes"]
    assert finding_keys(res, composition=False) == sorted(finding_key(f) for f in want["findings"])
    findings = [f for f in rows(res.findings) if not f["rule"].startswith("COMP-")]
    assert messages_and_outside(case, findings) == []


@pytest.mark.parametrize("kind", list(INPUT_KINDS))
@pytest.mark.parametrize("case", AVOIDANCE, ids=unique_ids(c["name"] for c in AVOIDANCE))
def test_avoidance_case(case: Dict[str, Any], kind: str) -> None:
    assert len(AVOIDANCE) > 15
    test_case(case, kind)


@pytest.mark.parametrize("kind", list(INPUT_KINDS))
@pytest.mark.parametrize("case", COMPOSITION, ids=unique_ids(c["name"] for c in COMPOSITION))
def test_composition_case(case: Dict[str, Any], kind: str) -> None:
    assert len(COMPOSITION) > 15
    test_case(case, kind)


def class_key(c: Dict[str, Any]) -> str:
    """The canonical string of a class (as tests/cases.rs builds it)."""
    if c["class"] == "lineal":
        return f"lineal {c['steps']} {c['b_is']} {c['lineage']}"
    if c["class"] == "collateral3":
        return f"collateral3 {c['a']} {c['b']}"
    if c["class"] == "near_affinal":
        return f"near_affinal {c['shape']} {c['side']}"
    return str(c["class"])


@pytest.mark.parametrize("kind", list(INPUT_KINDS))
@pytest.mark.parametrize("case", KINSHIP, ids=unique_ids(c["name"] for c in KINSHIP))
def test_kinship_case(case: Dict[str, Any], kind: str) -> None:
    assert len(KINSHIP) > 300
    g = hj.FamilyGraph(INPUT_KINDS[kind](case["relations"]), as_of=case["as_of"])
    r = g.relation(case["a"], case["b"])
    got = {
        "classes": sorted(class_key(c) for c in r["classes"]),
        "sets": r["sets"],
        "description_zh": r["description_zh"],
        "description_en": r["description_en"],
    }
    # The standard terms and the rows left out, where a case states them.
    for key in ("term_zh", "term_en", "reverse_term_zh", "reverse_term_en"):
        if key in case["expect"]:
            got[key] = r[key]
    if "problems" in case["expect"]:
        got["problems"] = [[p["row"], p["kind"]] for p in g.problems]
    assert got == case["expect"]
