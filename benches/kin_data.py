"""Seeded synthetic province for the kinship benchmark (issue 3): ``people``, ``roster`` and
``relations`` as pyarrow Tables.

    from kin_data import generate_province, chain, fan
    people, roster, relations = generate_province(units=100_000, seed=2021)

Each unit has 30 roster people — on the village committee (candidates and elected), the
supervision committee, the election committee and the tally staff — and each of them their own
family sheet: parents (deceased ones written ``key:…``), a spouse (some divorced before
``as_of``), children (a few adopted), sometimes a sibling declared directly. A few roster people
of a unit are related to each other, as in a real village: a father and son, siblings, a
married couple, first cousins, a spouse's brother, children married to each other; and a few
election-committee members are also on the ballot (AV-06). The relations table reads like a
家庭成员 sheet: ``person``, ``relative``, ``relation`` (what the relative is to the person:
父亲, 母亲, 妻子, 兄弟姐妹 …), ``kind``, ``start_date``, ``end_date``. Families do not cross
units.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Dict, List, Tuple

import numpy as np
import pyarrow as pa

from data import _id_strings, yyyymmdd

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
    ymd = yyyymmdd(birth + (_EPOCH - dt.date(1970, 1, 1)).days)
    return _id_strings(county * 10**11 + ymd * 1000 + seq)


class _Unit:
    """One village's families, as rows of person indices (keys are negative: -1 - k)."""

    def __init__(self) -> None:
        self.rows: List[Tuple[int, int, str, str, int, int]] = []  # p, r, relation, kind, start, end
        self.living: List[int] = []


def generate_province(
    units: int = 100_000, seed: int = 2021, in_laws: bool = False, compound: bool = False
) -> Tuple[pa.Table, pa.Table, pa.Table]:
    """The province; with ``in_laws``, 30 % of the roster people married to someone off the
    roster also have their spouse's parents on record (issue 19): as the spouse's own rows
    (父亲, 母亲) — or, with ``compound``, as the roster person's 岳父/岳母 (公公/婆婆) rows. The
    families are the same either way (the choice draws from its own random stream)."""
    rng = random.Random(seed)
    in_law_rng = random.Random(seed + 19)
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
    RELS = ["父亲", "母亲", "妻子", "丈夫", "儿子", "女儿", "兄弟姐妹", "岳父", "岳母", "公公", "婆婆"]
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
        # The roster people of the unit and their own families (~3.6 rows each).
        n = len(SEATS)
        roster = [new_person(rng.random() < 0.6) for _ in range(n)]
        father: Dict[int, int] = {}
        mother: Dict[int, int] = {}
        spouse: Dict[int, int] = {}
        child: Dict[int, int] = {}
        for p in roster:
            if rng.random() < 0.4:  # deceased parents, known only by key
                keys += 2
                father[p], mother[p] = -keys, -keys + 1
            else:
                father[p], mother[p] = new_person(True), new_person(False)
        # How roster people of one unit are related to each other (a few pairs each). A roster
        # father always comes earlier in the roster, so no one becomes their own ancestor.
        on_roster = set(roster)
        for i, p in enumerate(roster):
            j = rng.randrange(n)
            q = roster[j]
            if q == p:
                continue
            x = rng.random()
            if x < 0.02 and male[q] and j < i:
                father[p] = q  # p's father is on the roster too
            elif x < 0.05 and father[q] not in on_roster and mother[q] not in on_roster:
                father[p], mother[p] = father[q], mother[q]  # siblings
            elif x < 0.07 and male[p] != male[q] and p not in spouse and q not in spouse:
                spouse[p], spouse[q] = q, p
                marry(p if male[p] else q, q if male[p] else p)
            elif x < 0.09 and father[p] != father[q]:
                row(father[p], father[q], 6)  # cousins: the fathers are brothers
        # (Rates chosen so that a province of 100,000 units has the issue's ~10,000,000 rows.)
        for p in roster:
            if rng.random() < 0.75:
                row(p, father[p], 0)
            if rng.random() < 0.75:
                row(p, mother[p], 1)
            if p not in spouse and rng.random() < 0.7:
                s = new_person(not male[p])
                spouse[p] = s
                marry(p if male[p] else s, s if male[p] else p)
                if in_laws and in_law_rng.random() < 0.3:
                    sf, sm = new_person(True), new_person(False)
                    if compound:
                        row(p, sf, 7 if male[p] else 9)  # 岳父 / 公公
                        row(p, sm, 8 if male[p] else 10)  # 岳母 / 婆婆
                    else:
                        row(s, sf, 0)  # 父亲
                        row(s, sm, 1)  # 母亲
            for _ in range(rng.randint(0, 2)):
                c = new_person(rng.random() < 0.5)
                child[p] = c
                row(p, c, 4 if male[c] else 5, 1 if rng.random() < 0.03 else 0)
            if rng.random() < 0.1:
                row(p, new_person(rng.random() < 0.5), 6)  # a sibling row
        # Near in-laws across roster people: a spouse's brother, children married to each other.
        for p in roster:
            q = roster[rng.randrange(n)]
            x = rng.random()
            if q != p and x < 0.01 and p in spouse and spouse[p] != q:
                row(spouse[p], q, 6)
            elif q != p and x < 0.02 and p in child and q in child and male[child[p]] != male[child[q]]:
                h, w = (child[p], child[q]) if male[child[p]] else (child[q], child[p])
                marry(h, w)
        for seat, p in enumerate(roster):
            roster_person.append(p)
            roster_unit.append(u)
            roster_seat.append(seat)
        # AV-06: an election-committee member also on the ballot.
        if rng.random() < 0.02:
            roster_person.append(roster[14])
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
