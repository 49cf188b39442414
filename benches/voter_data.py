"""Seeded synthetic voter registers (选民名单) for the register benchmark, as pyarrow Tables.

    from voter_data import generate_register
    register = generate_register(n=20_000_000, seed=2021)

Vectorised numpy only. Columns: id_number (valid 18-character IDs of Ningxia counties, about
0.01 % with a wrong check character), unit_code (12-digit village codes, rows grouped by unit as a register is),
category ("1" 90 %, "2" 8 %, "3" 2 %), residence_since (date32, category 3 only; some less
than a year before ``AS_OF``), consent (是/否, category 3 only). People are unique by
construction except 0.1 % of rows that repeat an earlier person (in the same unit or another);
0.2 % are born 2003–2008. About 0.6 % of rows end with a finding.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from data import NINGXIA_COUNTIES, _id_strings, yyyymmdd

AS_OF = dt.date(2021, 1, 15)
_EPOCH = dt.date(1970, 1, 1)


def _day(d: dt.date) -> int:
    return (d - _EPOCH).days


def _codes(units: np.ndarray) -> pa.Array:
    """12-digit unit codes as strings without a Python loop."""
    n = len(units)
    digits = np.empty((n, 12), dtype=np.uint8)
    rest = units.copy()
    for i in range(11, -1, -1):
        digits[:, i] = rest % 10 + ord("0")
        rest //= 10
    offsets = np.arange(0, 12 * (n + 1), 12, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(digits.tobytes()))


def generate_register(
    n: int, seed: int = 2021, voters_per_unit: int = 1000, again_share: float = 0.001
) -> pa.Table:
    rng = np.random.default_rng(seed)
    row = np.arange(n, dtype=np.int64)
    # Unique people by construction; `again_share` of rows (0.1 %) repeat an earlier person
    # (the same unit or another); 0.2 % are born 2003–2008, some of them under 18 on AS_OF.
    r = rng.random(n)
    person = row.copy()
    again = (r < again_share) & (row > 1000)
    back = rng.integers(0, np.minimum(row, 5_000_000) + 1)
    person[again] = np.maximum(row[again] - 1 - back[again], 0)
    minor = (r >= again_share) & (r < again_share + 0.002)
    seq = person % 999 + 1
    lo = np.where(minor, _day(dt.date(2003, 1, 1)), _day(dt.date(1940, 1, 1)))
    span = np.where(minor, 2000, 23000)
    # A bijection of (person // 999) onto county × birth day (7919 is prime to both spans × 22),
    # so that even a small register has every birth date and county.
    rest = (person // 999 * 7919 + 12345) % (span * len(NINGXIA_COUNTIES))
    birth = lo + rest % span
    county = NINGXIA_COUNTIES[rest // span]
    body = county * 10**11 + yyyymmdd(birth) * 1000 + seq
    ids = _id_strings(body)
    # A wrong check character on about 0.01 % of the rows.
    bad = np.flatnonzero(rng.random(n) < 0.0001)
    if len(bad):
        raw = np.frombuffer(ids.buffers()[2], dtype=np.uint8).copy().reshape(n, 18)
        last = raw[bad, 17]
        raw[bad, 17] = np.where(last == ord("0"), ord("1"), np.where(last == ord("X"), ord("0"), last - 1))
        offsets = np.arange(0, 18 * (n + 1), 18, dtype=np.int32)
        ids = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(raw.tobytes()))
    unit = row // voters_per_unit
    units = (
        NINGXIA_COUNTIES[unit % len(NINGXIA_COUNTIES)] * 10**6
        + (100 + (unit // 22) % 100) * 10**3
        + 200
        + (unit // 2200) % 200
    )
    c = rng.random(n)
    cat = np.where(c < 0.9, 0, np.where(c < 0.98, 1, 2))
    cat3 = cat == 2
    since = rng.integers(_day(dt.date(2015, 1, 1)), _day(dt.date(2021, 1, 15)) + 1, n)
    consent = np.where(rng.random(n) < 0.95, 0, 1)
    return pa.table(
        {
            "id_number": ids,
            "unit_code": _codes(units),
            "category": pa.DictionaryArray.from_arrays(pa.array(cat, pa.int32()), pa.array(["1", "2", "3"])).cast(pa.string()),
            "residence_since": pa.array(np.where(cat3, since, 0).astype("int32"), pa.int32(), mask=~cat3).cast(pa.date32()),
            "consent": pa.DictionaryArray.from_arrays(pa.array(consent, pa.int32(), mask=~cat3), pa.array(["是", "否"])).cast(pa.string()),
        }
    )
