"""Issue 3's benchmark: close-relative avoidance over a synthetic province, one thread, against
a networkx baseline of the relation classes; and two extreme single queries.

    .venv/bin/python benches/bench_kinship.py [--units 100000] [--sample 1000] [--seed 2021]

Data (benches/kin_data.py, generated outside the timings): ``units`` villages of ~30 roster
people each, their families over three generations in a relations table (~100 rows a unit).

  Rust API      check(people, roster, relations) → findings, timed inside Rust on the tables
                handed over (``huanjie._huanjie._rust_api_seconds``)
  huanjie       ``huanjie.check(people, roster=…, relations=…)`` and its findings table
  networkx      benches/baseline_networkx.py on ``sample`` units: each unit's subgraph, then
                every roster pair classified; its (pair, classes) must equal huanjie's
                ``FamilyGraph.relation`` for every pair of those units, or the script fails

Everything runs on one thread (RAYON_NUM_THREADS=1). Also timed: ``relation`` across a
100,000-generation chain, and between relatives of a person with 10,000 children.

    .venv/bin/python benches/bench_kinship.py --terms [--units 100000]

Issue 19: the same families — with the spouse's parents of 30 % of the married roster people on
record — written both ways: as the four ties (the spouse's 父亲/母亲 rows) and as compound terms
(the roster person's 岳父/岳母, 公公/婆婆). Times (a) for each, best of ``repeat``, alternating;
checks that the compound sheets give every sampled unit's roster pairs the classes networkx
finds on the four-tie sheets.
"""

from __future__ import annotations

import os

os.environ["RAYON_NUM_THREADS"] = "1"  # before huanjie starts its thread pool

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from itertools import combinations  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import huanjie as hj  # noqa: E402
from huanjie import _huanjie  # noqa: E402

import baseline_networkx as bnx  # noqa: E402
from kin_data import AS_OF, chain, fan, generate_province, unit_rows  # noqa: E402


def best_of(fn, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def huanjie_pairs(g, by_unit, sample) -> dict:
    """huanjie's classes of every related roster pair of the sampled units, as networkx keys."""
    ours = {}
    for u in sample:
        for a, b in combinations(sorted(set(by_unit[u])), 2):
            r = g.relation(a, b)
            if r["classes"]:
                ours[(a, b)] = frozenset(bnx.class_key(c) for c in r["classes"])
    return ours


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-record", action="store_true", help="print against benches/results.json, do not write it")
    ap.add_argument("--terms", action="store_true", help="issue 19: four ties against compound terms")
    args = ap.parse_args()
    if args.terms:
        terms_benchmark(args)
        return

    t = time.perf_counter()
    people, roster, relations = generate_province(args.units, args.seed)
    print(
        f"generated {args.units:,} units: {people.num_rows:,} people, {roster.num_rows:,} roster rows, "
        f"{relations.num_rows:,} relation rows in {time.perf_counter() - t:.1f} s",
        flush=True,
    )
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; one thread")

    rust_s = min(
        _huanjie._rust_api_seconds(
            people, as_of=AS_OF, roster=roster, relations=relations, findings=True
        )
        for _ in range(args.repeat)
    )

    def through_python():
        res = hj.check(people, roster=roster, relations=relations, as_of=AS_OF)
        return res, res.findings

    py_s, (res, findings) = best_of(through_python, args.repeat)
    rules = findings.column("rule").to_pylist() if hasattr(findings, "column") else []
    counts: dict = {}
    for r in rules:
        counts[r] = counts.get(r, 0) + 1
    print(f"(a) Rust API: {rust_s:.2f} s   (b) huanjie.check: {py_s:.2f} s   findings {counts}", flush=True)

    # The baseline on a sample of units, and huanjie's classes for the same pairs.
    by_unit = unit_rows(roster)
    rng = random.Random(args.seed)
    sample = rng.sample(sorted(by_unit), min(args.sample, len(by_unit)))
    t = time.perf_counter()
    index = bnx.Index(relations, AS_OF)
    index_s = time.perf_counter() - t
    t = time.perf_counter()
    nx_pairs = {}
    for u in sample:
        nx_pairs.update(bnx.classify_unit(index, by_unit[u]))
    nx_s = time.perf_counter() - t
    print(f"networkx: index {index_s:.1f} s once; {len(sample)} units in {nx_s:.1f} s", flush=True)

    t = time.perf_counter()
    g = hj.FamilyGraph(relations, as_of=AS_OF)
    graph_s = time.perf_counter() - t
    ours = huanjie_pairs(g, by_unit, sample)
    if ours != nx_pairs:
        diff = [(k, ours.get(k), nx_pairs.get(k)) for k in set(ours) | set(nx_pairs) if ours.get(k) != nx_pairs.get(k)]
        print(f"MISMATCH on {len(diff)} pairs, e.g. {diff[:3]}")
        sys.exit(1)
    related = len(ours)
    print(f"equal: {related:,} related pairs in {len(sample)} units (graph of the whole province built in {graph_s:.1f} s)")

    per_unit_nx = nx_s / len(sample) + index_s / args.units
    per_unit_a = rust_s / args.units
    per_unit_b = py_s / args.units
    print()
    print("| | per unit | province | vs networkx |")
    print("|---|---|---|---|")
    print(f"| (a) Rust API, check → findings | {per_unit_a * 1e6:.0f} µs | {rust_s:.2f} s | {per_unit_nx / per_unit_a:.0f}× |")
    print(f"| (b) huanjie.check → findings | {per_unit_b * 1e6:.0f} µs | {py_s:.2f} s | {per_unit_nx / per_unit_b:.0f}× |")
    print(f"| networkx (subgraph + every roster pair) | {per_unit_nx * 1e6:.0f} µs | ({per_unit_nx * args.units:.0f} s est.) | 1× |")
    import results

    results.record(
        "kinship",
        {
            "rust_api_s": rust_s,
            "huanjie_check_s": py_s,
            "networkx_per_unit_ms": per_unit_nx * 1e3,
            "rust_api_vs_networkx_x": per_unit_nx / per_unit_a,
            "huanjie_check_vs_networkx_x": per_unit_nx / per_unit_b,
        },
        note=f"{args.units:,} units, {relations.num_rows:,} relation rows, one thread",
        write=not args.no_record,
    )

    # Extreme queries.
    print()
    for name, table, a, b in [
        ("100,000-generation chain", chain(100_000), "key:c0", "key:c100000"),
        ("10,000 children: two of them", fan(10_000), "key:k1", "key:k9999"),
        ("10,000 children: the parent and a child's spouse", fan(10_000), "key:root", "key:s5000"),
    ]:
        g = hj.FamilyGraph(table, as_of=AS_OF)
        s, r = best_of(lambda: g.relation(a, b), 5)
        print(f"{name}: relation() {s * 1e3:.2f} ms through Python ({r['classes'][0]['class']}, path of {len(r['path']) - 1} links)")


def terms_benchmark(args) -> None:
    t = time.perf_counter()
    four = generate_province(args.units, args.seed, in_laws=True)
    compound = generate_province(args.units, args.seed, in_laws=True, compound=True)
    people, roster, rel_four = four
    _, _, rel_compound = compound
    words = rel_compound.column("relation").to_pylist()
    n_compound = sum(1 for w in words if w in ("岳父", "岳母", "公公", "婆婆"))
    print(
        f"generated {args.units:,} units twice in {time.perf_counter() - t:.1f} s: {roster.num_rows:,} roster rows; "
        f"{rel_four.num_rows:,} relation rows each, {n_compound:,} of them compound terms in the second",
        flush=True,
    )
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; one thread")
    best = {"four": float("inf"), "compound": float("inf")}
    for _ in range(args.repeat):
        for name, rel in (("four", rel_four), ("compound", rel_compound)):
            s = _huanjie._rust_api_seconds(people, as_of=AS_OF, roster=roster, relations=rel, findings=True)
            best[name] = min(best[name], s)
    findings = {}
    for name, rel in (("four", rel_four), ("compound", rel_compound)):
        res = hj.check(people, roster=roster, relations=rel, as_of=AS_OF)
        rules = res.findings.column("rule").to_pylist()
        findings[name] = sorted(
            zip((i or "" for i in res.findings.column("id_number").to_pylist()), rules)
        )
    same = findings["four"] == findings["compound"]
    print(
        f"(a) Rust API: four ties {best['four']:.2f} s, compound terms {best['compound']:.2f} s "
        f"(+{(best['compound'] / best['four'] - 1) * 100:.1f} %); the same findings: {same} "
        f"({len(findings['four']):,})",
        flush=True,
    )
    if not same:
        sys.exit(1)
    # networkx on the four-tie sheets against huanjie on the compound ones.
    by_unit = unit_rows(roster)
    rng = random.Random(args.seed)
    sample = rng.sample(sorted(by_unit), min(args.sample, len(by_unit)))
    index = bnx.Index(rel_four, AS_OF)
    nx_pairs = {}
    for u in sample:
        nx_pairs.update(bnx.classify_unit(index, by_unit[u]))
    ours = huanjie_pairs(hj.FamilyGraph(rel_compound, as_of=AS_OF), by_unit, sample)
    if ours != nx_pairs:
        print(f"MISMATCH on {len(set(ours) ^ set(nx_pairs))} pairs")
        sys.exit(1)
    print(f"equal: {len(ours):,} related pairs in {len(sample)} units (compound sheets against networkx on the four ties)")
    import results

    results.record(
        "kinship_terms",
        {
            "four_ties_s": best["four"],
            "compound_terms_s": best["compound"],
            "overhead_pct": (best["compound"] / best["four"] - 1) * 100,
        },
        note=f"{args.units:,} units, {rel_four.num_rows:,} relation rows ({n_compound:,} compound), one thread",
        write=not args.no_record,
    )


if __name__ == "__main__":
    main()
