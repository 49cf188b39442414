"""Seeded synthetic input for the vetting benchmark: ``people`` and ``records`` as pyarrow Tables.

    from data import generate
    people, records = generate(n_people=1_000_000, n_records=3_000_000, seed=2021)

Everything is vectorised numpy (``default_rng(seed)``); the same arguments give the same tables.

people:  id_number (valid 18-character resident IDs: Ningxia county codes, birth 1950–2004,
         sequence digit consistent with sex, MOD 11-2 check character), sex (男/女),
         birth_date (date32, agreeing with the ID). IDs are unique.
records: id_number (always a person of ``people``), kind (English codes of cn-2021), date,
         end_date (date32, nullable), grade (codes or Chinese labels, for sanctions only),
         rectified (是/否/null, for the two "until rectified" kinds only).

The records are concentrated: most people have none; of those picked to have any (a
third), most have a few and some dozens (gamma-distributed weights). Dates cluster around each window's boundary relative to
``as_of`` (±40 days, a quarter of them on the boundary day or next to it) and otherwise
spread from 1995 to shortly after ``as_of`` (records dated after ``as_of`` are not facts yet
and must be skipped).
The review paths are present: sanctions without a grade, 留党察看 and organizational handling
without an end_date, window items without a date, misappropriation/construction with an empty
``rectified``. There are no invalid IDs, unknown kinds or unreadable values, so the baselines
need only the rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

import numpy as np
import pyarrow as pa

from cn2021 import GRADES, KINDS, TERM_START, WITHIN_MONTHS

AS_OF = dt.date(2021, 1, 15)

# The county-level units of Ningxia (../data/ningxia-divisions.csv).
NINGXIA_COUNTIES = np.array(
    [
        640104, 640105, 640106, 640121, 640122, 640181, 640202, 640205, 640221, 640302, 640303,
        640323, 640324, 640381, 640402, 640422, 640423, 640424, 640425, 640502, 640521, 640522,
    ],
    dtype=np.int64,
)

_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)

# Relative frequency of each record kind (the window kinds are the interesting ones).
_KIND_WEIGHT = {
    "political_misconduct": 1,
    "criminal_penalty": 3,
    "village_tyrant": 1,
    "organized_crime": 1,
    "party_sanction": 12,
    "government_sanction": 10,
    "organizational_handling": 6,
    "under_investigation": 5,
    "cult_or_illegal_religion": 1,
    "vice": 2,
    "clan_interference": 1,
    "election_fraud": 1,
    "illegal_petition": 3,
    "public_order_offence": 3,
    "emergency_dereliction": 2,
    "rated_incompetent": 4,
    "recalled": 2,
    "unqualified_party_member": 5,
    "long_absence": 5,
    "misappropriation": 5,
    "illegal_construction": 6,
    "ecological_damage": 5,
    "dishonest_debtor": 6,
    "other_unsuitable": 1,
    "political_rights_deprived": 3,
    "incapacity": 2,
}
_GRADE_WEIGHT = {
    "party_sanction": [30, 25, 20, 15, 10],
    "government_sanction": [30, 25, 15, 12, 10, 8],
}

_EPOCH = np.datetime64("1970-01-01", "D")


def _day(d: dt.date) -> int:
    return int((np.datetime64(d, "D") - _EPOCH).astype(np.int64))


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Days since 1970 plus ``months`` months, clamped to the month's end (民法典 art. 202)."""
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    day0 = (d - m.astype("datetime64[D]")).astype(np.int64)
    t = m + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    first = t.astype("datetime64[D]")
    length = ((t + 1).astype("datetime64[D]") - first).astype(np.int64)
    return (first + np.minimum(day0, length - 1) - _EPOCH).astype(np.int64)


def _strings(vocab: Sequence[str], idx: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """A plain Arrow string column: ``vocab[idx]``, null where ``null``."""
    arr = pa.DictionaryArray.from_arrays(
        pa.array(idx.astype(np.int32), mask=null), pa.array(list(vocab), pa.string())
    )
    return arr.cast(pa.string())


def _dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=null).cast(pa.date32())


def yyyymmdd(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as the YYYYMMDD integers of an ID number's birth-date digits."""
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    return (
        (y.astype(np.int64) + 1970) * 10000
        + (m.astype(np.int64) % 12 + 1) * 100
        + (d - m.astype("datetime64[D]")).astype(np.int64)
        + 1
    )


def _id_strings(body: np.ndarray) -> pa.Array:
    """18-character ID numbers for 17-digit bodies, with the MOD 11-2 check character."""
    n = len(body)
    digits = np.empty((n, 18), dtype=np.uint8)
    rest = body.copy()
    for i in range(16, -1, -1):  # 17 column operations, not a loop over rows
        digits[:, i] = rest % 10
        rest //= 10
    s = (digits[:, :17].astype(np.int64) * _WEIGHTS).sum(axis=1) % 11
    digits[:, :17] += ord("0")
    digits[:, 17] = _CHECK[s]
    offsets = np.arange(0, 18 * (n + 1), 18, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(digits.tobytes()))


def generate_people(n: int, rng: np.random.Generator, as_of: dt.date = AS_OF) -> pa.Table:
    a = _day(as_of)
    lo, hi = _day(dt.date(1950, 1, 1)), _day(dt.date(2004, 12, 31))
    birth = rng.integers(lo, hi + 1, n)
    # Boundary days of STAT-AGE: 18 on as_of, one day short, one day over, and 29 February.
    eighteen = int(add_months(np.array([a]), -12 * 18)[0])
    special = np.array(
        [eighteen - 1, eighteen, eighteen + 1]
        + [_day(dt.date(y, 2, 29)) for y in (1952, 1980, 2000, 2004)],
        dtype=np.int64,
    )
    pick = rng.random(n) < 0.003
    birth[pick] = special[rng.integers(0, len(special), int(pick.sum()))]
    county = NINGXIA_COUNTIES[rng.integers(0, len(NINGXIA_COUNTIES), n)]
    ymd = yyyymmdd(birth)
    seq = rng.integers(1, 1000, n)
    body = county * 10**11 + ymd * 1000 + seq
    # Unique IDs: redraw the sequence code of duplicates (rounds, not rows).
    for _ in range(50):
        _, first = np.unique(body, return_index=True)
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        if not dup.any():
            break
        seq[dup] = rng.integers(1, 1000, int(dup.sum()))
        body = county * 10**11 + ymd * 1000 + seq
    else:  # pragma: no cover
        raise RuntimeError("could not draw unique ID numbers")
    male = seq % 2 == 1
    return pa.table(
        {
            "id_number": _id_strings(body),
            "sex": _strings(["女", "男"], male.astype(np.int32)),
            "birth_date": _dates(birth),
        }
    )


def generate_records(
    people: pa.Table, m: int, rng: np.random.Generator, as_of: dt.date = AS_OF
) -> pa.Table:
    n = people.num_rows
    a = _day(as_of)
    kinds = list(_KIND_WEIGHT)
    w = np.array([_KIND_WEIGHT[k] for k in kinds], dtype=float)
    tests = np.array([KINDS[k][1] for k in kinds])

    # Owners: about a third of the people, with gamma weights (a few have many records).
    flagged = rng.choice(n, size=max(1, int(n * 0.35)), replace=False)
    weight = rng.gamma(0.6, size=len(flagged))
    owner = flagged[rng.choice(len(flagged), size=m, p=weight / weight.sum())]

    kind = rng.choice(len(kinds), size=m, p=w / w.sum())
    test = tests[kind]

    # Grades of sanctions: an index into GRADES[kind] (-1: none / missing).
    grade_code = np.full(m, -1, dtype=np.int64)
    grade_label = np.full(m, -1, dtype=np.int64)
    label_vocab: list[str] = []
    months = np.zeros(m, dtype=np.int64)  # the window (or influence period) in months
    permanent = np.zeros(m, dtype=bool)
    after_end = np.zeros(m, dtype=bool)
    for k, grades in GRADES.items():
        sel = np.flatnonzero(kind == kinds.index(k))
        gw = np.array(_GRADE_WEIGHT[k], dtype=float)
        g = rng.choice(len(grades), size=len(sel), p=gw / gw.sum())
        grade_code[sel] = g
        for gi, (code, (labels, period)) in enumerate(grades.items()):
            at = sel[g == gi]
            options = [code, *labels]
            base = len(label_vocab)
            label_vocab.extend(options)
            grade_label[at] = base + rng.integers(0, len(options), len(at))
            if period == "permanent":
                permanent[at] = True
            elif isinstance(period, tuple):
                after_end[at] = True
                months[at] = period[1]
            else:
                months[at] = int(period)
    for k, p in WITHIN_MONTHS.items():
        months[kind == kinds.index(k)] = p

    # Dates: a broad background, and for ~60% a cluster of ±40 days around the boundary.
    background = rng.integers(_day(dt.date(1995, 1, 1)), a + 46, m)
    # A quarter of the clustered dates sit on the boundary day or right next to it.
    jitter = np.where(rng.random(m) < 0.25, rng.integers(-1, 2, m), rng.integers(-40, 41, m))
    focus = rng.random(m) < 0.6
    date = background.copy()
    end = np.full(m, -(10**9), dtype=np.int64)
    has_end = np.zeros(m, dtype=bool)

    windowed = (test == "within") | ((test == "influence") & ~permanent & ~after_end)
    f = focus & windowed
    date[f] = add_months(np.full(int(f.sum()), a), -months[f]) + jitter[f]
    f = focus & (test == "since")
    date[f] = _day(TERM_START) + jitter[f]
    f = focus & ((test == "always") | (test == "rectified") | permanent)
    date[f] = a + jitter[f]

    # 留党察看: end_date two years before as_of (±40 days), decided 1–2 years before that.
    span = rng.integers(365, 731, m)
    f = after_end
    end[f] = np.where(
        focus[f], add_months(np.full(int(f.sum()), a), -24) + jitter[f], date[f] + span[f]
    )
    date[f & focus] = end[f & focus] - span[f & focus]
    has_end[f] = True

    # Periods and statuses with an end_date: around as_of, or some time after the decision.
    f = (test == "last_day") | (test == "status_ended")
    end[f] = np.where(focus[f], a + jitter[f], date[f] + rng.integers(30, 3000, int(f.sum())))
    date[f & focus] = np.minimum(a, end[f & focus]) - rng.integers(30, 2000, int((f & focus).sum()))
    has_end[f] = True

    # Noise: an end_date on kinds where it means nothing (it must be ignored).
    noise = ~has_end & (rng.random(m) < 0.05)
    end[noise] = date[noise] + rng.integers(1, 1000, int(noise.sum()))
    has_end |= noise

    # The review paths and the other missing values.
    end_missing = ~has_end | ((after_end | (test == "last_day") | (test == "status_ended")) & (rng.random(m) < 0.12))
    date_missing = rng.random(m) < 0.015
    sanction = grade_code >= 0
    grade_missing = ~sanction | (rng.random(m) < 0.04)

    rect_kind = test == "rectified"
    r = rng.random(m)
    rect_idx = np.where(r < 0.4, 0, 1)
    rect_missing = ~rect_kind | (r >= 0.8)

    return pa.table(
        {
            "id_number": people.column("id_number").combine_chunks().take(pa.array(owner)),
            "kind": _strings(kinds, kind),
            "date": _dates(date, date_missing),
            "end_date": _dates(np.where(end_missing, 0, end), end_missing),
            "grade": _strings(label_vocab, np.maximum(grade_label, 0), grade_missing),
            "rectified": _strings(["是", "否"], rect_idx, rect_missing),
        }
    )


def generate(
    n_people: int = 1_000_000,
    n_records: int = 3_000_000,
    seed: int = 2021,
    as_of: dt.date = AS_OF,
) -> tuple[pa.Table, pa.Table]:
    """``(people, records)`` for ``as_of`` (the windows cluster around it)."""
    rng = np.random.default_rng(seed)
    people = generate_people(n_people, rng, as_of)
    records = generate_records(people, n_records, rng, as_of)
    return people, records


if __name__ == "__main__":
    import time

    t = time.perf_counter()
    p, r = generate()
    print(f"{p.num_rows:,} people, {r.num_rows:,} records in {time.perf_counter() - t:.1f} s")
    print(p.slice(0, 5).to_pandas())
    print(r.slice(0, 10).to_pandas())
