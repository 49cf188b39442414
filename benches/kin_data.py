"""Seeded synthetic province for the kinship benchmark (issue 3): ``people``, ``roster`` and
``relations`` as pyarrow Tables.

    from kin_data import generate_province, chain, fan
    people, roster, relations = generate_province(units=100_000, seed=2021)

Each unit is a village of a few intermarrying families over three generations: grandparent
couples (deceased, written ``key:…``), their children, who marry each other or someone from
outside, and their grandchildren; a few marriages ended in divorce before ``as_of``, a few
parent ties are adoptive or step, a few siblings are declared directly (sibling rows). The
relations table reads like a 家庭成员 sheet: ``person``, ``relative``, ``relation`` (what the
relative is to the person: 父亲, 母亲, 妻子, 兄弟姐妹 …), ``kind``, ``start_date``, ``end_date``.
Families do not cross units. About 30 of each unit's living members are on the roster, on the
village committee (candidates and elected), the supervision committee, the election committee
and the tally staff; a few election-committee members are also candidates (AV-06).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Dict, List, Tuple

import numpy as np
import pyarrow as pa

from data import _id_strings

AS_OF = dt.date(2021, 1, 15)
_EPOCH = dt.date(1940, 1, 1)

# Roster seats of a unit: (body, role, status), 30 in all.
SEATS: List[Tuple[str, str, str]] = (
    [("村委会", "主任", "候选人"), ("村委会", "副主任", "候选人")]
    + [("村委会", "委员", "候选人")] * 5
    + [("村委会", "委员", "当选")] * 2
    + [("村务监督委员会", "委员", "候选人")] * 5
    + [("选举委员会", "成员", "")] * 7
    + [("监票人员", "成员", "")] * 9
)


def person_ids(index: np.ndarray, male: np.ndarray) -> pa.Array:
    """Unique valid ID numbers for person indices, the sequence code's parity giving the sex."""
    seq = (index % 450) * 2 + 100 + male.astype(np.int64)
    q = index // 450
    birth = q % 20000
    county = np.array([640104, 640105, 640106, 640121, 640122], dtype=np.int64)[(q // 20000) % 5]
    d = (np.datetime64(_EPOCH) + birth.astype("timedelta64[D]")).astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    ymd = (
        (y.astype(np.int64) + 1970) * 10000
        + (m.astype(np.int64) % 12 + 1) * 100
        + (d - m.astype("datetime64[D]")).astype(np.int64)
        + 1
    )
    return _id_strings(county * 10**11 + ymd * 1000 + seq)


class _Unit:
    """One village's families, as rows of person indices (keys are negative: -1 - k)."""

    def __init__(self) -> None:
        self.rows: List[Tuple[int, int, str, str, int, int]] = []  # p, r, relation, kind, start, end
        self.living: List[int] = []


def generate_province(
    units: int = 100_000, seed: int = 2021
) -> Tuple[pa.Table, pa.Table, pa.Table]:
    rng = random.Random(seed)
    # Columns built as Python lists of small ints, then turned into Arrow in bulk.
    p_col: List[int] = []
    r_col: List[int] = []
    rel_col: List[int] = []
    kind_col: List[int] = []
    start_col: List[int] = []
    end_col: List[int] = []
    male: List[bool] = []
    roster_person: List[int] = []
    roster_unit: List[int] = []
    roster_seat: List[int] = []
    keys = 0
    RELS = ["父亲", "母亲", "妻子", "丈夫", "儿子", "女儿", "兄弟姐妹"]
    KINDS = ["", "养", "继"]
    NONE = -(10**9)

    def new_person(is_male: bool) -> int:
        male.append(is_male)
        return len(male) - 1

    def row(p: int, r: int, rel: int, kind: int = 0, start: int = NONE, end: int = NONE) -> None:
        p_col.append(p)
        r_col.append(r)
        rel_col.append(rel)
        kind_col.append(kind)
        start_col.append(start)
        end_col.append(end)

    def marry(h: int, w: int) -> None:
        start = rng.randrange(8000, 18000)
        end = rng.randrange(start + 100, 18600) if rng.random() < 0.08 else NONE
        if rng.random() < 0.5:
            row(h, w, 2, 0, start, end)  # 妻子: the wife is the relative
        else:
            row(w, h, 3, 0, start, end)  # 丈夫

    def parent_rows(child: int, father: int, mother: int) -> None:
        k = 1 if rng.random() < 0.03 else (2 if rng.random() < 0.01 else 0)
        if rng.random() < 0.8:
            row(child, father, 0, k)  # 父亲
        else:
            row(father, child, 4 if male[child] else 5, k)  # 儿子/女儿
        row(child, mother, 1, 1 if k == 1 else 0)  # 母亲

    for u in range(units):
        # Grandparents: deceased couples known only by key.
        couples = []
        for _ in range(rng.randint(5, 6)):
            keys += 2
            gf, gm = -keys, -keys + 1  # keys as negative numbers
            couples.append((gf, gm))
            row(gf, gm, 2, 0, rng.randrange(0, 4000))
        gen1: List[Tuple[int, int]] = []  # (person, family)
        for fam, (gf, gm) in enumerate(couples):
            kids = [new_person(rng.random() < 0.5) for _ in range(rng.randint(3, 4))]
            for k in kids:
                row(k, gf, 0)
                row(k, gm, 1)
                gen1.append((k, fam))
            if len(kids) >= 2 and rng.random() < 0.3:
                row(kids[0], kids[1], 6)  # a sibling row as well: harmless repetition
        # Children marry each other across families, or someone from outside.
        men = [p for p, _ in gen1 if male[p]]
        women = [p for p, _ in gen1 if not male[p]]
        rng.shuffle(men)
        rng.shuffle(women)
        fam_of = dict(gen1)
        gen1_couples = []
        while men or women:
            if men and women and fam_of[men[-1]] != fam_of[women[-1]] and rng.random() < 0.6:
                h, w = men.pop(), women.pop()
            elif men:
                h, w = men.pop(), new_person(False)
            else:
                h, w = new_person(True), women.pop()
            marry(h, w)
            gen1_couples.append((h, w))
        # Grandchildren.
        gen2 = []
        for h, w in gen1_couples:
            for _ in range(rng.randint(1, 3)):
                c = new_person(rng.random() < 0.5)
                parent_rows(c, h, w)
                gen2.append(c)
        # An outsider sibling group: two cousins-in-law declared as siblings without parents.
        if len(gen2) >= 2 and rng.random() < 0.2:
            row(gen2[0], gen2[-1], 6)
        living = [p for h, w in gen1_couples for p in (h, w)] + gen2
        rng.shuffle(living)
        chosen = living[: len(SEATS)]
        for seat, p in enumerate(chosen):
            roster_person.append(p)
            roster_unit.append(u)
            roster_seat.append(seat)
        # AV-06: an election-committee member also on the ballot.
        if rng.random() < 0.02 and len(chosen) > 14:
            roster_person.append(chosen[14])
            roster_unit.append(u)
            roster_seat.append(2)

    n_people = len(male)
    ids = person_ids(np.arange(n_people, dtype=np.int64), np.array(male, dtype=bool))

    def who(col: List[int]) -> pa.Array:
        a = np.array(col, dtype=np.int64)
        is_key = a < 0
        out = np.empty(len(a), dtype=object)
        idx = np.where(~is_key)[0]
        out[idx] = np.asarray(ids.take(pa.array(a[idx])).to_pylist(), dtype=object)
        kidx = np.where(is_key)[0]
        out[kidx] = np.char.add("key:g", (-a[kidx]).astype(str))
        return pa.array(out, pa.string())

    def days(col: List[int]) -> pa.Array:
        a = np.array(col, dtype=np.int64)
        base = (_EPOCH - dt.date(1970, 1, 1)).days
        return pa.array((a + base).astype(np.int32), mask=a == NONE).cast(pa.date32())

    relations = pa.table(
        {
            "person": who(p_col),
            "relative": who(r_col),
            "relation": pa.DictionaryArray.from_arrays(
                pa.array(np.array(rel_col, dtype=np.int32)), pa.array(RELS)
            ).cast(pa.string()),
            "kind": pa.DictionaryArray.from_arrays(
                pa.array(np.array(kind_col, dtype=np.int32)), pa.array(KINDS)
            ).cast(pa.string()),
            "start_date": days(start_col),
            "end_date": days(end_col),
        }
    )
    rp = np.array(roster_person, dtype=np.int64)
    unit_codes = np.array(
        [f"640121{(u // 999) + 1:03d}{(u % 999) + 1:03d}" for u in range(units)], dtype=object
    )
    seats = np.array(roster_seat)
    roster = pa.table(
        {
            "id_number": ids.take(pa.array(rp)),
            "unit_code": pa.array(unit_codes[np.array(roster_unit)], pa.string()),
            "body": pa.array([SEATS[s][0] for s in seats], pa.string()),
            "role": pa.array([SEATS[s][1] for s in seats], pa.string()),
            "status": pa.array([SEATS[s][2] for s in seats], pa.string()),
            "term": pa.array(np.full(len(rp), 2021, dtype=np.int32)),
        }
    )
    people = pa.table({"id_number": ids.take(pa.array(np.unique(rp)))})
    return people, roster, relations


def chain(n: int = 100_000) -> pa.Table:
    """One line of ``n`` generations: key:c0's father is key:c1, and so on."""
    return pa.table(
        {
            "person": [f"key:c{i}" for i in range(n)],
            "relative": [f"key:c{i + 1}" for i in range(n)],
            "relation": ["父亲"] * n,
        }
    )


def fan(n: int = 10_000) -> pa.Table:
    """One person with ``n`` relatives: ``n`` children, each married."""
    return pa.table(
        {
            "person": ["key:root"] * n + [f"key:k{i}" for i in range(n)],
            "relative": [f"key:k{i}" for i in range(n)] + [f"key:s{i}" for i in range(n)],
            "relation": ["子女"] * n + ["配偶"] * n,
        }
    )


def unit_rows(roster: pa.Table) -> Dict[str, List[str]]:
    """The roster's ID numbers by unit code."""
    out: Dict[str, List[str]] = {}
    for u, i in zip(roster.column("unit_code").to_pylist(), roster.column("id_number").to_pylist()):
        out.setdefault(u, []).append(i)
    return out
