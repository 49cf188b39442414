"""The messages of the shared cases (tests/cases/*.json), as the code renders them today.

    .venv/bin/python scripts/case-messages.py            # shows which cases' messages differ
    .venv/bin/python scripts/case-messages.py --write    # writes them into expect.messages

Every case of vetting, avoidance, composition, count, nominations and voters carries ``expect.messages``:
the sorted ``[rule, message_zh, message_en, reference]`` of every finding it gives, which both
runners (tests/cases.rs, tests/election_cases.rs and the pytest cases) compare exactly. When a
message is changed on purpose, run this with ``--write`` and read the diff of the cases before
committing it: the diff is the review of the wording. It needs the package built into .venv
(``bash scripts/test-all`` or ``pip install ./bindings/python``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List

import pyarrow as pa

import huanjie as hj

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def messages_of(findings: Any, keep=lambda rule: True) -> List[List[str]]:
    rows = pa.table(findings).to_pylist()
    return sorted(
        [f["rule"], f["message_zh"], f["message_en"], f["reference"]] for f in rows if keep(f["rule"])
    )


def check_messages(case: Dict[str, Any]) -> List[List[str]]:
    tables = {t: case[t] for t in ("roster", "records", "relations", "units") if t in case}
    res = hj.check(case["people"], **tables, as_of=case["as_of"], pack=case.get("pack", "cn-2021"))
    composition = case.get("composition", False)
    return messages_of(res.findings, lambda r: composition or not r.startswith("COMP-"))


def pack_of(case: Dict[str, Any]) -> Any:
    if "pack_toml" in case:
        return hj.RulePack.from_text(case["pack_toml"])
    return case.get("pack", "cn-2021")


def count_messages(case: Dict[str, Any]) -> List[List[str]] | None:
    if "error" in case["expect"]:
        return None
    extra = {t: case[t] for t in ("roster", "register") if t in case}
    res = hj.count(case["tallies"], case["votes"], **extra, as_of=case["as_of"], pack=pack_of(case))
    return messages_of(res.findings)


def nomination_messages(case: Dict[str, Any]) -> List[List[str]]:
    extra = {t: case[t] for t in ("units",) if t in case}
    res = hj.count(nominations=case["nominations"], **extra, as_of=case["as_of"], pack=pack_of(case))
    return messages_of(res.nomination_findings)


def voters_messages(case: Dict[str, Any]) -> List[List[str]]:
    extra = {t: case[t] for t in ("records", "units", "proxies", "relations", "people") if t in case}
    res = hj.voters(case["register"], **extra, as_of=case["as_of"])
    return messages_of(res.findings)


def review_messages(case: Dict[str, Any]) -> List[List[str]]:
    r = case["review"]
    m = hj.review.request(case["people"], case["roster"], as_of=case["as_of"], departments=r.get("departments"))
    res = hj.review.collect(m, [tuple(a) for a in r["answers"]], case["people"], case["roster"], as_of=case["as_of"])
    return messages_of(res.findings, lambda rule: not rule.startswith("COMP-"))


RUNNERS = {
    "vetting.json": check_messages,
    "avoidance.json": check_messages,
    "composition.json": check_messages,
    "count.json": count_messages,
    "nominations.json": nomination_messages,
    "voters.json": voters_messages,
    "review.json": review_messages,
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    changed = 0
    for name, run in RUNNERS.items():
        path = CASES / name
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            got = run(case)
            if got is None:
                continue
            if case["expect"].get("messages") != got:
                changed += 1
                print(f"{name}: {case['name']}")
                case["expect"]["messages"] = got
        if args.write:
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{changed} case(s) {'written' if args.write else 'differ'}")
    if changed and not args.write:
        sys.exit(1)


if __name__ == "__main__":
    main()
