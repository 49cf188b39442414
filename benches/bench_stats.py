"""Issue 5's statistics benchmark: the elected members of a term (a roster of N rows over about
N/10 units) and their people table, in memory as Arrow, turned into the statistics table
(docs/domain.md §8: per unit and rolled up to township, county, prefecture and province, for
villages, communities and all) by huanjie (``hj.stats``, one thread and all threads) and by
the polars baseline (benches/baseline_polars_stats.py, one thread and polars' default threads).

    .venv/bin/python benches/bench_stats.py [--rows 3000000] [--seed 2021] [--repeat 3]
    .venv/bin/python benches/bench_stats.py --rows 20000          # a quick check

The tables (``generate`` below) are generated once and written to Arrow IPC files; each run is
a fresh process that memory-maps them (RAYON_NUM_THREADS / POLARS_MAX_THREADS set for the
one-thread runs), converts them to its library's format outside the timing (polars:
``pl.from_arrow``), and times the computation up to the table of figures (huanjie: ``hj.stats``
and its ``.table``; polars: ``polars_stats``); the best of ``--repeat`` runs counts. Every
(level, code, kind, figure) → (num, den) of every run must equal huanjie's, or the script
fails (figures that only one side computes — an older installed huanjie lacks
``supervision_committees`` and ``group_leaders`` — are named and left out).

The data (vectorised numpy, ``default_rng(seed)``; the same arguments give the same tables):

roster: id_number, unit_code, body, role, status, term ("2021"). Units (12-digit codes in the
        22 Ningxia counties, townships of up to ~100 units) are 25 % communities (digits
        001–199), 74 % villages (200–399) and 1 % of no kind (400–598: counted under ``all``
        only); each has 6–14 rows (mean 10), grouped by unit: a party committee (党组织:
        书记, 副书记, 委员), a village or residents' committee (村民委员会 / 居民委员会: 主任,
        副主任, 委员), a supervision committee (村务/居务监督委员会) and group leaders
        (村民小组 / 居民小组, 组长), then extra rows of any body (some 选举委员会, some group
        members 委员, a second 书记 or 主任 now and then, a person's second row). The
        secretary is also the director in 85 % of units; half of the deputy secretaries also
        sit on the committee; 0.3 % of rows are a person of another unit (nearby or anywhere);
        4 % of rows are candidates (候选人), which do not count.
people: id_number, education (小学, 初中, 高中, 大专, 本科, 硕士 or empty), party (中共党员,
        中共预备党员, 共青团员, 群众 or empty) and ethnicity (汉族, 回族, 满族, 蒙古族 or empty):
        one row for 98 % of the roster's persons, and a second row (another education; the
        first counts) for 0.2 %. IDs: valid, unique per person, 30 % women, births spread over ages 21–75 on
        ``AS_OF`` with 3 % on the age bands' boundary days and 29 February.

``AS_OF`` is a common year's 28 February, the day a 29 February birthday falls on.
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

AS_OF = dt.date(2021, 2, 28)
_EPOCH = dt.date(1970, 1, 1)
KEY = ["level", "code", "kind", "figure"]
# The age bands asked for besides the default three (--age-bands / age_bands=).
AGE_BANDS = [40, 45]
# Backgrounds (来源) as rosters write them: cn-2021's names and aliases, several in one cell,
# and one the pack does not list (unreadable: the member is left out of the background figures).
BACKGROUNDS = ["", "致富能手", "外出务工经商返乡人员", "返乡", "本乡本土大学毕业生", "退役军人",
               "返乡、退役军人", "大学生村官", "退伍军人/致富能手", "宗教人士"]
BACKGROUND_P = [0.62, 0.08, 0.06, 0.04, 0.05, 0.06, 0.02, 0.03, 0.02, 0.02]


def _day(d: dt.date) -> int:
    return (d - _EPOCH).days


def _years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def generate(n: int, seed: int = 2021, round_facts: bool = False):
    """(people, roster) as pyarrow Tables; ``n`` roster rows. With ``round_facts``, (people,
    roster, units): the roster also has ``subsidised`` (享受补贴) and ``background`` (来源), and
    the units table gives each unit's facts of the round (新设, 情况复杂, 运转经费, 换届状态,
    重新选举)."""
    import numpy as np
    import pyarrow as pa

    from data import NINGXIA_COUNTIES, _id_strings, _strings, yyyymmdd
    from voter_data import _codes

    rng = np.random.default_rng(seed)
    # Units: sizes 6–14 summing to n, consecutive units in the same township and county.
    n_units = max(1, n // 10)
    sizes = rng.integers(6, 15, n_units)
    while (diff := n - int(sizes.sum())) != 0:
        idx = rng.choice(n_units, abs(diff))
        np.add.at(sizes, idx, 1 if diff > 0 else -1)
        sizes = np.maximum(sizes, 1)
    unit = np.repeat(np.arange(n_units), sizes)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    row = np.arange(n, dtype=np.int64)
    pos = row - start[unit]
    per_county = -(-n_units // 22)
    # Units per township: about a tenth of the county's, 100 at most unless 999 townships
    # would not hold them.
    k = min(199, max(-(-per_county // 999), min(100, -(-per_county // 10))))
    county_of = np.arange(n_units) // per_county
    within = np.arange(n_units) % per_county
    town, slot = within // k + 1, within % k
    assert town.max() <= 999 and slot.max() < 199, "too many units for 3-digit codes"
    r = rng.random(n_units)
    ukind = np.where(r < 0.25, 0, np.where(r < 0.99, 1, 2))  # community, village, none
    digits = np.choose(ukind, [1 + slot, 200 + slot, 400 + slot])
    codes = NINGXIA_COUNTIES[county_of] * 10**6 + town * 1000 + digits
    kind = ukind[unit]

    # Bodies and roles: a template by position in the unit, then extra rows at random.
    PARTY, COMM, SUP, GROUP, ELECTION = range(5)
    SEC, DEP_SEC, DIR, DEP_DIR, MEMBER, LEADER = range(6)
    t_body = np.array([PARTY, COMM, PARTY, COMM, PARTY, COMM, SUP, SUP, GROUP, GROUP])
    t_role = np.array([SEC, DIR, DEP_SEC, MEMBER, MEMBER, DEP_DIR, DIR, MEMBER, LEADER, LEADER])
    extra = pos >= len(t_body)
    body = t_body[np.minimum(pos, len(t_body) - 1)]
    role = t_role[np.minimum(pos, len(t_body) - 1)]
    xb = rng.choice(5, n, p=[0.3, 0.3, 0.1, 0.25, 0.05])
    xr = rng.random(n)
    x_role = np.where(
        xb == PARTY,
        np.where(xr < 0.05, SEC, MEMBER),
        np.where(
            xb == COMM,
            np.where(xr < 0.05, DIR, MEMBER),
            np.where(xb == GROUP, np.where(xr < 0.7, LEADER, MEMBER), MEMBER),
        ),
    )
    body = np.where(extra, xb, body)
    role = np.where(extra, x_role, role)

    # Persons: a new one per row, except for these copies (each of an original row).
    person = row.copy()
    u = rng.random(n)
    for p, src, share in [(1, 0, 0.85), (3, 2, 0.5), (5, 4, 0.3), (9, 4, 0.2)]:
        m = (pos == p) & (u < share)
        person[m] = row[m] - (p - src)
    back = rng.integers(0, 10, n)
    m = extra & (u < 0.3)
    person[m] = person[row[m] - pos[m] + back[m]]
    m = rng.random(n) < 0.003
    far = np.where(rng.random(n) < 0.5, rng.integers(10, 500, n), rng.integers(0, n, n))
    person[m] = person[np.clip(row[m] - far[m], 0, n - 1)]
    persons, person = np.unique(person, return_inverse=True)
    n_persons = len(persons)

    # ID numbers: county, birth day, sequence (odd for men, even for women), unique.
    a = _day(AS_OF)
    lo, hi = _day(_years_before(AS_OF, 76)) + 1, _day(_years_before(AS_OF, 21))
    birth = rng.integers(lo, hi + 1, n_persons)
    special = np.array(
        [_day(_years_before(AS_OF, y)) + dd for y in (35, 36, 59, 60) for dd in (-1, 0, 1)]
        + [_day(dt.date(y, 2, 29)) for y in (1960, 1964, 1980, 1984, 1996)]
        + [_day(dt.date(y, 3, 1)) for y in (1960, 1984)],
        dtype=np.int64,
    )
    sp = rng.random(n_persons) < 0.03
    birth[sp] = special[rng.integers(0, len(special), int(sp.sum()))]
    assert birth.max() <= a
    female = rng.random(n_persons) < 0.3
    county = NINGXIA_COUNTIES[rng.integers(0, len(NINGXIA_COUNTIES), n_persons)]
    ymd = yyyymmdd(birth)

    def seq_of(size: int, f: np.ndarray) -> np.ndarray:
        return 2 * rng.integers(0, 499, size) + np.where(f, 2, 1)

    seq = seq_of(n_persons, female)
    body17 = county * 10**11 + ymd * 1000 + seq
    for _ in range(50):
        _, first = np.unique(body17, return_index=True)
        dup = np.ones(n_persons, dtype=bool)
        dup[first] = False
        if not dup.any():
            break
        seq[dup] = seq_of(int(dup.sum()), female[dup])
        body17 = county * 10**11 + ymd * 1000 + seq
    else:  # pragma: no cover
        raise RuntimeError("could not draw unique ID numbers")
    ids = _id_strings(body17)

    status = (rng.random(n) < 0.04).astype(np.int32)  # 1: candidate
    # Body labels: the committee, supervision and group names follow the unit's kind.
    labels = ["党组织", "村民委员会", "居民委员会", "村务监督委员会", "居务监督委员会"]
    labels += ["村民小组", "居民小组", "村民选举委员会"]
    comm = kind == 0
    body_label = np.choose(
        body,
        [
            np.zeros(n, int),
            np.where(comm, 2, 1),
            np.where(comm, 4, 3),
            np.where(comm, 6, 5),
            np.full(n, 7),
        ],
    )
    columns = {
        "id_number": ids.take(pa.array(person)),
        "unit_code": _codes(codes[unit]),
        "body": _strings(labels, body_label),
        "role": _strings(["书记", "副书记", "主任", "副主任", "委员", "组长"], role),
        "status": _strings(["当选", "候选人"], status),
        "term": _strings(["2021"], np.zeros(n, int)),
    }
    if round_facts:
        # Per row (a person's rows may differ: yes on any row counts): 是, 否, empty or unreadable.
        columns["subsidised"] = _strings(["是", "否", "", "不详"], rng.choice(4, n, p=[0.7, 0.24, 0.05, 0.01]))
        columns["background"] = _strings(BACKGROUNDS, rng.choice(len(BACKGROUNDS), n, p=BACKGROUND_P))
    roster = pa.table(columns)

    # People: 98 % of the persons, 0.2 % twice (the second row with another education).
    edu_labels = ["小学", "初中", "高中", "大专", "本科", "硕士", ""]
    edu = rng.choice(7, n_persons, p=[0.1, 0.3, 0.29, 0.18, 0.1, 0.02, 0.01])
    keep = np.flatnonzero(rng.random(n_persons) >= 0.02)
    twice = keep[rng.random(len(keep)) < 0.002]
    who = np.concatenate([keep, twice])
    edu_of = np.concatenate([edu[keep], (edu[twice] + rng.integers(1, 7, len(twice))) % 7])
    party = rng.choice(5, n_persons, p=[0.55, 0.03, 0.07, 0.34, 0.01])[who]
    ethnicity = rng.choice(5, n_persons, p=[0.62, 0.33, 0.02, 0.02, 0.01])[who]
    people = pa.table(
        {
            "id_number": ids.take(pa.array(who)),
            "education": _strings(edu_labels, edu_of),
            "party": _strings(["中共党员", "中共预备党员", "共青团员", "群众", ""], party),
            "ethnicity": _strings(["汉族", "回族", "满族", "蒙古族", ""], ethnicity),
        }
    )
    if not round_facts:
        return people, roster
    # Units: one row per unit, each fact empty or unreadable now and then.
    m = n_units
    funds = ["80000", "95000", "110000", "11万", "12.5万元", "160,000", "180000.00", "", "很多"]
    funds_p = [0.15, 0.15, 0.2, 0.1, 0.1, 0.1, 0.1, 0.08, 0.02]
    units = pa.table(
        {
            "unit_code": _codes(codes),
            "new_unit": _strings(["是", "否", ""], rng.choice(3, m, p=[0.03, 0.95, 0.02])),
            "complex": _strings(["是", "否", "", "待定"], rng.choice(4, m, p=[0.04, 0.93, 0.02, 0.01])),
            "funds_before": _strings(funds, rng.choice(len(funds), m, p=funds_p)),
            "funds_after": _strings(funds[2:], rng.choice(len(funds) - 2, m, p=[0.3, 0.1, 0.1, 0.2, 0.2, 0.08, 0.02])),
            "round_status": _strings(["已完成", "进行中", "未开始", ""], rng.choice(4, m, p=[0.96, 0.02, 0.01, 0.01])),
            "reelection": _strings(["是", "否", ""], rng.choice(3, m, p=[0.01, 0.97, 0.02])),
        }
    )
    return people, roster, units


def worker(kind: str, people_path: str, roster_path: str, units_path: str, out: str, repeat: int) -> None:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    people = ipc.open_file(pa.memory_map(people_path)).read_all()
    roster = ipc.open_file(pa.memory_map(roster_path)).read_all()
    units = ipc.open_file(pa.memory_map(units_path)).read_all()
    best = float("inf")
    result = None
    if kind == "huanjie":
        import huanjie as hj

        for _ in range(repeat):
            t = time.perf_counter()
            res = hj.stats(people, roster, units, as_of=AS_OF, age_bands=AGE_BANDS)
            f = pa.table(res.table).select(KEY + ["num", "den"])
            best = min(best, time.perf_counter() - t)
            result = f
    else:
        import polars as pl

        from baseline_polars_stats import polars_stats

        p, r, u = pl.DataFrame(people), pl.DataFrame(roster), pl.DataFrame(units)
        for _ in range(repeat):
            t = time.perf_counter()
            f = polars_stats(p, r, AS_OF, units=u, age_bands=AGE_BANDS)
            best = min(best, time.perf_counter() - t)
            result = f.to_arrow()
    import pyarrow.parquet as pq

    assert result is not None
    pq.write_table(result, out)
    print(json.dumps({"seconds": best}))


def run(kind: str, threads: int, people: str, roster: str, units: str, out: str, repeat: int) -> float:
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
        env["POLARS_MAX_THREADS"] = str(threads)
    p = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--people", people, "--roster", roster, "--units", units]
        + ["--out", out, "--repeat", str(repeat)],
        env=env,
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        sys.exit(f"{kind} run failed:\n{p.stderr}")
    return float(json.loads(p.stdout.strip().splitlines()[-1])["seconds"])


def compare(ref, other, label: str) -> set[str]:
    """Fails unless ``other`` has huanjie's (num, den) for every key of the figures both
    compute; returns the figures only one side computes."""
    import polars as pl

    only = set(ref["figure"].unique()) ^ set(other["figure"].unique())
    both = set(ref["figure"].unique()) & set(other["figure"].unique())
    a = ref.filter(pl.col("figure").is_in(both)).sort(KEY)
    b = other.filter(pl.col("figure").is_in(both)).sort(KEY)
    if a.height != b.height or not a.equals(b):
        j = a.join(b, on=KEY, how="full", suffix="_other", coalesce=True)
        bad = j.filter(
            pl.col("num").ne_missing(pl.col("num_other")) | pl.col("den").ne_missing(pl.col("den_other"))
        )
        sys.exit(f"{label}: {bad.height} figures differ from huanjie's, e.g.\n{bad.head(20)}")
    return only


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--worker")
    ap.add_argument("--people")
    ap.add_argument("--roster")
    ap.add_argument("--units")
    ap.add_argument("--out")
    ap.add_argument("--no-record", action="store_true", help="print against benches/results.json, do not write it")
    a = ap.parse_args()
    if a.worker:
        worker(a.worker, a.people, a.roster, a.units, a.out, a.repeat)
        return
    import polars as pl
    import pyarrow.ipc as ipc

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        people, roster, units_table = generate(a.rows, a.seed, round_facts=True)
        paths = {}
        for name, table in (("people", people), ("roster", roster), ("units", units_table)):
            paths[name] = os.path.join(tmp, f"{name}.arrow")
            with ipc.new_file(paths[name], table.schema) as w:
                w.write_table(table)
        units = roster.column("unit_code").unique()
        print(
            f"roster: {roster.num_rows:,} rows over {len(units):,} units, people: {people.num_rows:,} rows;"
            f" generated in {time.perf_counter() - t:.1f} s",
            flush=True,
        )
        del people, roster, units, units_table
        runs = [("huanjie", 1), ("huanjie", 0), ("polars", 1), ("polars", 0)]
        times = {}
        results = {}
        for kind, threads in runs:
            out = os.path.join(tmp, f"{kind}-{threads}.parquet")
            times[(kind, threads)] = run(
                kind, threads, paths["people"], paths["roster"], paths["units"], out, a.repeat
            )
            results[(kind, threads)] = pl.read_parquet(out).select(
                pl.col(KEY).cast(pl.String), pl.col("num", "den").cast(pl.Int64)
            )
            label = f"{kind} ×{threads or os.cpu_count()}"
            height = results[(kind, threads)].height
            print(f"{label:<14} {times[(kind, threads)]:8.2f} s   ({height:,} figures)", flush=True)
        ref = results[("huanjie", 0)]
        only: set[str] = set()
        for k, v in results.items():
            only |= compare(ref, v, f"{k[0]} ×{k[1] or os.cpu_count()}")
        checked = ref.filter(~pl.col("figure").is_in(only)).height
        print(f"figures equal: yes, (level, code, kind, figure) -> (num, den), every run ({checked:,} figures)")
        if only:
            print(f"  not compared (computed by one side only): {', '.join(sorted(only))}")
        print()
        print(f"{'threads':<8} {'huanjie':>10} {'polars':>10} {'polars/huanjie':>15}")
        for threads in (1, 0):
            h, p = times[("huanjie", threads)], times[("polars", threads)]
            print(f"{threads or os.cpu_count():<8} {h:9.2f}s {p:9.2f}s {p / h:14.2f}×")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        import results

        results.record_threads("stats", times, f"{a.rows:,} roster rows", not a.no_record)


if __name__ == "__main__":
    main()
