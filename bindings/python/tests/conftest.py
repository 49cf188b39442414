"""Shared helpers of the huanjie test suite.

- resident ID numbers: the MOD 11-2 check character and a valid-ID builder (docs/domain.md §2);
- the paths of the shared vetting cases and the example data;
- the table kinds huanjie accepts (list of dicts, dict of columns, pyarrow, polars, pandas),
  built from the same rows so that results can be compared;
- small helpers that turn results into plain Python values.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import huanjie as hj

# ----------------------------------------------------------------------------------------------
# hypothesis: fast and deterministic enough for a suite that must stay under a minute
settings.register_profile(
    "huanjie",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("huanjie")

# ----------------------------------------------------------------------------------------------
# paths

TESTS_DIR = Path(__file__).resolve().parent
REPO = TESTS_DIR.parent.parent.parent
CASES_FILE = TESTS_DIR / ".." / ".." / ".." / "tests" / "cases" / "vetting.json"
EXAMPLES = REPO / "examples" / "data"
EXAMPLE_TABLES = ("people", "roster", "records")
AS_OF = "2021-01-15"

# ----------------------------------------------------------------------------------------------
# resident ID numbers (docs/domain.md §2)

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(body17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits."""
    assert len(body17) == 17 and body17.isdigit(), body17
    s = sum(int(c) * w for c, w in zip(body17, WEIGHTS)) % 11
    return CHECK_CHARS[s]


def make_id(address: str, birth: dt.date, sequence: int) -> str:
    """A valid 18-character number: address(6) + YYYYMMDD + sequence(3) + check character."""
    body = f"{address}{birth:%Y%m%d}{sequence:03d}"
    return body + check_char(body)


def upgrade_legacy(legacy15: str) -> str:
    """A 15-digit number as 18 characters: "19" before YY, the check character appended."""
    body = legacy15[:6] + "19" + legacy15[6:]
    return body + check_char(body)


# The first two digits of GB/T 2260's province-level divisions (71 Taiwan), and 81, 82, 83: the
# residence permits of Hong Kong, Macao and Taiwan residents.
PROVINCE_PREFIXES = (
    list(range(11, 16))
    + list(range(21, 24))
    + list(range(31, 38))
    + list(range(41, 47))
    + list(range(50, 55))
    + list(range(61, 66))
    + [71, 81, 82, 83]
)
addresses = st.builds(
    lambda p, rest: f"{p:02d}{rest:04d}",
    st.sampled_from(PROVINCE_PREFIXES),
    st.integers(min_value=0, max_value=9999),
)
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


@st.composite
def valid_ids(draw: Any) -> str:
    return make_id(draw(addresses), draw(birth_dates), draw(sequences))


@st.composite
def legacy_ids(draw: Any) -> str:
    """Legacy 15-digit numbers (born 1900-1999)."""
    d = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)))
    return f"{draw(addresses)}{d:%y%m%d}{draw(sequences):03d}"


# Fixed people used across the tests (all valid; see the example data).
ADULT_M = "640121198003120132"  # male, born 1980-03-12
ADULT_F = "640121198006210248"  # female, born 1980-06-21
MINOR_M = "640121200301160917"  # male, turns 18 on 2021-01-16
WITH_X = "64012119791130088X"  # female, check character X

for _n in (ADULT_M, ADULT_F, MINOR_M, WITH_X):
    assert check_char(_n[:17]) == _n[17], _n

# ----------------------------------------------------------------------------------------------
# table kinds built from rows


def columns_of(rows: List[Dict[str, Any]]) -> Dict[str, List[Any]]:
    """Rows as a dict of columns (union of the keys in first-seen order, None where absent)."""
    names: List[str] = []
    for r in rows:
        for k in r:
            if k not in names:
                names.append(k)
    return {n: [r.get(n) for r in rows] for n in names}


def as_list(rows: List[Dict[str, Any]]) -> Any:
    return [dict(r) for r in rows]


def as_dict(rows: List[Dict[str, Any]]) -> Any:
    return columns_of(rows)


def as_arrow(rows: List[Dict[str, Any]]) -> Any:
    import pyarrow as pa

    return pa.table({k: pa.array(v, pa.string()) for k, v in columns_of(rows).items()})


def as_polars(rows: List[Dict[str, Any]]) -> Any:
    import polars as pl

    cols = columns_of(rows)
    return pl.DataFrame(cols, schema={k: pl.String for k in cols})


def as_pandas_object(rows: List[Dict[str, Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(columns_of(rows), dtype=object)


def as_pandas_str(rows: List[Dict[str, Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(columns_of(rows), dtype=str)


INPUT_KINDS: Dict[str, Callable[[List[Dict[str, Any]]], Any]] = {
    "list_of_dicts": as_list,
    "dict_of_columns": as_dict,
    "pyarrow": as_arrow,
    "polars": as_polars,
    "pandas_object": as_pandas_object,
    "pandas_str": as_pandas_str,
}

# ----------------------------------------------------------------------------------------------
# the example data


def read_example_rows(table: str) -> List[Dict[str, str]]:
    with open(EXAMPLES / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
        return [dict(r) for r in csv.DictReader(f)]


def example_path(table: str) -> str:
    return str(EXAMPLES / f"{table}.csv")


# ----------------------------------------------------------------------------------------------
# results as plain values


def table(obj: Any) -> Any:
    """Any Arrow-compatible result as a pyarrow Table."""
    import pyarrow as pa

    return pa.table(obj)


def rows(obj: Any) -> List[Dict[str, Any]]:
    return table(obj).to_pylist()


def iso(v: Optional[dt.date]) -> Optional[str]:
    return None if v is None else v.isoformat()


def outcome_keys(res: "hj.CheckResult") -> List[Dict[str, Any]]:
    """The outcomes as the shared cases state them: id_number, outcome, rules, eligible_from."""
    return [
        {
            "id_number": o["id_number"],
            "outcome": o["outcome"],
            "rules": list(o["rules"]),
            "eligible_from": iso(o["eligible_from"]),
        }
        for o in rows(res.outcomes)
    ]


FindingKey = Tuple[str, str, str, Optional[str]]


def finding_key(f: Dict[str, Any]) -> FindingKey:
    """(id_number, rule, severity, eligible_from) as tests/cases.rs builds it."""
    ef = f.get("eligible_from")
    if isinstance(ef, dt.date):
        ef = ef.isoformat()
    return (f.get("id_number") or "", f["rule"], f["severity"], ef)


def finding_keys(res: "hj.CheckResult", composition: bool = False) -> List[FindingKey]:
    """Sorted finding keys; the unit-level composition findings (COMP-…) only when asked."""
    return sorted(
        finding_key(f) for f in rows(res.findings) if composition or not f["rule"].startswith("COMP-")
    )


def rules_by_id(res: "hj.CheckResult") -> Dict[Optional[str], List[str]]:
    out: Dict[Optional[str], List[str]] = {}
    for f in rows(res.findings):
        out.setdefault(f["id_number"], []).append(f["rule"])
    return out


def messages_and_outside(case: Dict[str, Any], findings: List[Dict[str, Any]]) -> List[str]:
    """The case's ``expect.messages`` (sorted ``[rule, message_zh, message_en, reference]`` of
    every finding) compared exactly, and the rules it is ``outside`` of absent (as the Rust
    runners check them, tests/common/mod.rs)."""
    problems = []
    if "messages" in case["expect"]:
        got = sorted(
            json.dumps([f["rule"], f["message_zh"], f["message_en"], f["reference"]], ensure_ascii=False)
            for f in findings
        )
        want = sorted(json.dumps(m, ensure_ascii=False) for m in case["expect"]["messages"])
        if got != want:
            problems.append(f"messages {got} != {want}")
    rules = {f["rule"] for f in findings}
    problems += [f"{code} found, but the case is outside it" for code in case.get("outside", []) if code in rules]
    return problems


def load_cases(name: str = "vetting.json") -> Dict[str, Any]:
    with open(CASES_FILE.parent / name, encoding="utf-8") as f:
        return json.load(f)


def unique_ids(names: Iterable[str]) -> List[str]:
    """Test ids from case names, numbered where a name repeats."""
    names = list(names)
    seen: Dict[str, int] = {}
    total = {n: names.count(n) for n in names}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if total[n] == 1 else f"{n} #{seen[n]}")
    return out


@pytest.fixture(scope="session")
def example_rows() -> Dict[str, List[Dict[str, str]]]:
    return {t: read_example_rows(t) for t in EXAMPLE_TABLES}
