"""Issue 4's register benchmark: a voter register of N rows in memory as Arrow, checked for
eligibility and double registration by huanjie (one thread and all threads) and by the polars
baseline (benches/baseline_polars_voters.py, one thread and polars' default threads).

    .venv/bin/python benches/bench_voters.py [--rows 20000000] [--seed 2021] [--repeat 3]

The register (benches/voter_data.py) is generated once and written to an Arrow IPC file; each
run is a fresh process that memory-maps it (RAYON_NUM_THREADS / POLARS_MAX_THREADS set for the
one-thread runs), converts it to its library's format outside the timing, and times the checks
up to a table of findings (row, rule); the best of ``--repeat`` runs counts. The (row, rule)
findings of every run must equal huanjie's, or the script fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

AS_OF = dt.date(2021, 1, 15)


def worker(kind: str, path: str, out: str, repeat: int) -> None:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    table = ipc.open_file(pa.memory_map(path)).read_all()
    best = float("inf")
    result = None
    if kind == "huanjie":
        import huanjie as hj

        for _ in range(repeat):
            t = time.perf_counter()
            res = hj.voters(table, as_of=AS_OF)
            f = pa.table(res.findings).select(["row", "rule"])
            best = min(best, time.perf_counter() - t)
            result = f
    else:
        import polars as pl

        from baseline_polars_voters import findings

        df = pl.from_arrow(table)
        for _ in range(repeat):
            t = time.perf_counter()
            f = findings(df, AS_OF)
            best = min(best, time.perf_counter() - t)
            result = f.to_arrow()
    import pyarrow.parquet as pq

    assert result is not None
    pq.write_table(result, out)
    print(json.dumps({"seconds": best}))


def run(kind: str, threads: int, path: str, out: str, repeat: int) -> float:
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
        env["POLARS_MAX_THREADS"] = str(threads)
    p = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--file", path, "--out", out, "--repeat", str(repeat)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(p.stdout.strip().splitlines()[-1])["seconds"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000_000)
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--again", type=float, default=0.001, help="share of rows repeating an earlier person")
    ap.add_argument("--huanjie-only", action="store_true", help="huanjie's runs alone (A/B between builds); nothing recorded")
    ap.add_argument("--worker")
    ap.add_argument("--file")
    ap.add_argument("--out")
    ap.add_argument("--no-record", action="store_true", help="print against benches/results.json, do not write it")
    a = ap.parse_args()
    if a.worker:
        worker(a.worker, a.file, a.out, a.repeat)
        return
    import pyarrow as pa
    import pyarrow.ipc as ipc
    import pyarrow.parquet as pq

    from voter_data import generate_register

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        reg = generate_register(a.rows, a.seed, again_share=a.again)
        path = os.path.join(tmp, "register.arrow")
        with ipc.new_file(path, reg.schema) as w:
            w.write_table(reg)
        print(f"register: {reg.num_rows:,} rows, generated in {time.perf_counter() - t:.1f} s", flush=True)
        del reg
        runs = [("huanjie", 1), ("huanjie", 0), ("polars", 1), ("polars", 0)]
        if a.huanjie_only:
            runs = runs[:2]
        times = {}
        results = {}
        for kind, threads in runs:
            out = os.path.join(tmp, f"{kind}-{threads}.parquet")
            times[(kind, threads)] = run(kind, threads, path, out, a.repeat)
            f = pq.read_table(out)
            results[(kind, threads)] = sorted(zip(f.column("row").to_pylist(), f.column("rule").to_pylist()))
            label = f"{kind} ×{threads or os.cpu_count()}"
            print(f"{label:<14} {times[(kind, threads)]:8.2f} s   ({len(results[(kind, threads)]):,} findings)", flush=True)
        ref = results[("huanjie", 0)]
        for k, v in results.items():
            assert v == ref, f"{k} findings differ from huanjie's"
        print("findings equal: yes (row, rule) for every run")
        if a.huanjie_only:
            return
        for threads in (1, 0):
            r = times[("polars", threads)] / times[("huanjie", threads)]
            print(f"ratio polars/huanjie at {threads or os.cpu_count()} thread(s): {r:.2f}×")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        import results

        recorded = not a.no_record and a.again == 0.001
        results.record_threads("voters", times, f"{a.rows:,} register rows", recorded)


if __name__ == "__main__":
    main()
