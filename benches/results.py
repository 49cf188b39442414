"""The benchmarks' latest figures, kept in one file (``benches/results.json``).

Each benchmark script ends with ``results.record(name, figures)``: it prints every figure next
to the one the file holds from the last run (with the commit, machine and date of that run)
and the change, then writes the new figures over the old. So a slowdown shows the first time
anyone runs the benchmark after it, and the file in the repository always holds the figures of
the latest run that was committed.

A figure's name says its unit: ``*_s`` seconds (lower is better), ``*_x`` a ratio "huanjie is
N× faster" (higher is better), anything else a count. ``--no-record`` on a script (or
``HUANJIE_BENCH_NO_RECORD=1``) prints the comparison without writing the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def _git(*args: str) -> str:
    try:
        out = subprocess.run(
            ["git", *args], cwd=RESULTS.parent.parent, capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def commit() -> str:
    """The checked-out commit (short), with ``+changes`` when the tree has uncommitted edits."""
    head = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "src", "bindings")
    return f"{head}+changes" if dirty else head


def machine() -> str:
    """CPU model, cores and memory, in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}"


def load() -> dict:
    """Every benchmark's latest entry (empty when there is no file yet)."""
    try:
        return json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _change(name: str, old: float, new: float) -> str:
    if not old:
        return ""
    pct = (new - old) / old * 100
    if name.endswith("_s"):
        verdict = "slower" if pct > 5 else ("faster" if pct < -5 else "same")
    elif name.endswith("_x"):
        verdict = "better" if pct > 5 else ("worse" if pct < -5 else "same")
    else:
        verdict = "changed" if new != old else "same"
    return f"{pct:+6.1f} %  {verdict}"


def record_threads(bench: str, times: dict, note: str, write: bool) -> None:
    """Records a benchmark timed at one thread and at every thread (``times[(kind, threads)]``,
    threads 0 for all) for huanjie and polars, with the ratios polars/huanjie."""
    n = os.cpu_count()
    record(
        bench,
        {
            "huanjie_1_thread_s": times[("huanjie", 1)],
            f"huanjie_{n}_threads_s": times[("huanjie", 0)],
            "polars_1_thread_s": times[("polars", 1)],
            f"polars_{n}_threads_s": times[("polars", 0)],
            "vs_polars_1_thread_x": times[("polars", 1)] / times[("huanjie", 1)],
            f"vs_polars_{n}_threads_x": times[("polars", 0)] / times[("huanjie", 0)],
        },
        note=note,
        write=write,
    )


def record(bench: str, figures: dict[str, float], note: str = "", write: bool | None = None) -> None:
    """Prints ``figures`` against the last recorded run of ``bench`` and records them."""
    if write is None:
        write = os.environ.get("HUANJIE_BENCH_NO_RECORD", "") in ("", "0")
    everything = load()
    before = everything.get(bench, {})
    entry = {
        "commit": commit(),
        "machine": machine(),
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "note": note,
        "figures": {k: round(float(v), 4) for k, v in figures.items()},
    }
    print()
    if before:
        print(
            f"against the last recorded run ({before.get('commit')}, {before.get('date')}, "
            f"{before.get('machine')}):"
        )
    else:
        print("no earlier run recorded")
    width = max(len(k) for k in figures) if figures else 10
    old_figures = before.get("figures", {})
    for k, v in entry["figures"].items():
        old = old_figures.get(k)
        shown_old = f"{old:10.4g}" if isinstance(old, (int, float)) else f"{'—':>10}"
        change = _change(k, float(old), float(v)) if isinstance(old, (int, float)) else "new"
        print(f"  {k:<{width}}  {shown_old} → {v:<10.4g} {change}")
    if write:
        everything[bench] = entry
        RESULTS.write_text(json.dumps(everything, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"recorded in {RESULTS.relative_to(RESULTS.parent.parent)}")
