"""Synthetic reference data sets: the Ningxia 2020–21 round of village and community elections.

The tables are built by huanjie's Rust generator (one implementation for the command line and
Python; ChaCha8 seeded, so the same seed gives identical tables on every run and platform) in
the shapes of docs/tables.md, English column names and Chinese labels in the cells, each marked
``huanjie.synthetic = true`` in its schema metadata. Everything in them is invented.

Run through huanjie's own pipeline — :func:`huanjie.check`, :func:`huanjie.voters`,
:func:`huanjie.count`, :func:`huanjie.stats` — they reproduce the figures the region published
(2,207 villages and 642 communities, 272万 voters, participation 90.0 % and 91.2 %, 一肩挑
75.5 % and 97.4 %, women 36.9 % of village-committee members and 9.83 % of directors, 959
candidates screened out by the joint review and 72 by close-relative avoidance, …)::

    import huanjie as hj
    data = hj.reference.ningxia_2021(seed=2021)
    res = hj.check(data.people, roster=data.roster, records=data.records,
                   relations=data.relations, units=data.units, as_of=data.as_of, pack=data.pack)
    hj.reference.demo().figures      # the seed report beside the computed figures
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from typing import Any, Dict, List

from ._huanjie import notebook_html as _notebook_html
from ._huanjie import reference_demo as _reference_demo
from ._huanjie import reference_ningxia_2021 as _reference_ningxia_2021

__all__ = ["ReferenceData", "DemoResult", "ningxia_2021", "demo", "TABLES"]

#: The tables of the data set, in order.
TABLES = (
    "units",
    "people",
    "roster",
    "previous",
    "records",
    "relations",
    "proxies",
    "register",
    "tallies",
    "votes",
    "nominations",
)


def _seed(seed: Any) -> int:
    from . import HuanjieError

    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**64:
        raise HuanjieError("seed must be an integer from 0 to 2**64 - 1")
    return seed


class ReferenceData:
    """The tables of a synthetic reference data set (Arrow-compatible: ``pl.DataFrame(t)``,
    ``pa.table(t)``), with the dates and the rule pack the pipeline runs on.

    Attributes: ``units``, ``people``, ``roster`` (this term: candidates, elected members, group
    leaders, election committees, tally staff), ``previous`` (the previous term's members),
    ``records``, ``relations``, ``proxies``, ``register`` (about 3 million rows), ``tallies``,
    ``votes``, ``nominations``; ``name``, ``seed``, ``as_of`` (the round's last day; each unit's own election
    day is in ``units``), ``previous_as_of`` (the previous round's day), ``term``, ``pack``.
    """

    units: Any
    people: Any
    roster: Any
    previous: Any
    records: Any
    relations: Any
    proxies: Any
    register: Any
    tallies: Any
    votes: Any
    nominations: Any

    name = "ningxia-2021"
    as_of = _dt.date(2021, 3, 31)
    previous_as_of = _dt.date(2017, 10, 1)
    term = 2021
    pack = "ningxia-2021"

    def __init__(self, seed: int, tables: Dict[str, Any]) -> None:
        self.seed = seed
        self.tables = tables
        for name, table in tables.items():
            setattr(self, name, table)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n} {t.num_rows}" for n, t in self.tables.items())
        return f"<ReferenceData {self.name} seed={self.seed} (synthetic): {sizes}>"

    def to_pandas(self) -> Dict[str, Any]:
        """Every table as a pandas DataFrame (needs pyarrow)."""
        import pyarrow as pa

        return {n: pa.table(t).to_pandas() for n, t in self.tables.items()}

    def to_polars(self) -> Dict[str, Any]:
        """Every table as a polars DataFrame."""
        import polars as pl

        return {n: pl.DataFrame(t) for n, t in self.tables.items()}


def ningxia_2021(seed: int = 2021) -> ReferenceData:
    """The Ningxia 2020–21 reference data set for ``seed`` (the documented one: 2021).

    Every seed gives other persons, votes and families, and the same published figures when
    the pipeline runs on them. About a second to build; the register holds about 3 million
    rows."""
    tables = dict(_reference_ningxia_2021(_seed(seed)))
    return ReferenceData(seed, tables)


class DemoResult:
    """The seed report's figures beside those huanjie's pipeline computed on the data set.

    ``figures``: a list of dicts ``{"key", "label_zh", "label_en", "published", "computed",
    "decimals", "match"}`` (``match`` is ``None`` for a figure no election table can give);
    ``all_match``; ``to_pandas()``; ``html``, the statistics report as a standalone page;
    ``_repr_html_()`` renders it in a notebook, its style scoped to itself."""

    def __init__(self, document: Dict[str, Any], html: str) -> None:
        self.document = document
        self.figures: List[Dict[str, Any]] = document["figures"]
        self.html = html

    @property
    def all_match(self) -> bool:
        """Whether every computable figure matches the published one."""
        return all(f["match"] is not False for f in self.figures)

    def to_pandas(self) -> Any:
        """The figures as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.figures)

    def _repr_html_(self) -> str:
        return str(_notebook_html(self.html))

    def __repr__(self) -> str:
        computable = [f for f in self.figures if f["match"] is not None]
        matched = sum(1 for f in computable if f["match"])
        return f"<DemoResult {matched} of {len(computable)} computable figures match>"


def demo(seed: int = 2021) -> DemoResult:
    """Builds the data set and runs the whole pipeline on it in Rust — the joint review with
    avoidance, the register check, the count, the statistics against the previous term — the
    same run as ``huanjie demo`` on the command line."""
    text, html = _reference_demo(_seed(seed))
    return DemoResult(_json.loads(text), html)
