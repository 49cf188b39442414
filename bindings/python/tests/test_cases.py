"""The shared vetting cases (tests/cases/vetting.json), as tests/cases.rs runs them, through
``huanjie.check`` with every kind of table the Python entry point accepts."""

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
    unique_ids,
)

DOC = load_cases()
CASES = DOC["cases"]
CASE_IDS = unique_ids(c["name"] for c in CASES)


def test_cases_file_is_there() -> None:
    assert CASES_FILE.resolve().is_file()
    # the same floor as tests/cases.rs
    assert len(CASES) > 50
    for c in CASES:
        assert {"name", "as_of", "people", "expect"} <= set(c), c.get("name")
        assert {"outcomes", "findings"} <= set(c["expect"]), c["name"]


def run_case(case: Dict[str, Any], kind: str) -> "hj.CheckResult":
    conv = INPUT_KINDS[kind]
    tables = {t: conv(case[t]) for t in ("roster", "records") if t in case}
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
    assert finding_keys(res) == sorted(finding_key(f) for f in want["findings"])
