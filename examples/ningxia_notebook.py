"""huanjie in a notebook: the Ningxia 2020–21 round, from the synthetic reference tables to a chart.

Run it as a script, or paste the cells (``# %%``) into Jupyter:

    .venv/bin/python examples/ningxia_notebook.py [--out DIR]

It loads the reference data set (synthetic: every person and ID number is invented), runs the
joint review (``hj.check``), the count (``hj.count``) and the statistics (``hj.stats``) as a
civil-affairs analyst would on the real spreadsheets, and saves a PNG chart of the share of
women among village-committee members by county. Needs polars and matplotlib
(``pip install polars matplotlib``).
"""

# %%
from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

import huanjie as hj

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--out", type=Path, default=Path("."), help="where to save the chart")
args = parser.parse_args()

# %% The tables: units, people, roster, previous term, records, relations, register, tallies, votes …
data = hj.reference.ningxia_2021(seed=2021)
print(data)

# %% The joint review (县级联审): the negative list, statutory bars and close-relative avoidance.
review = hj.check(
    data.people,
    roster=data.roster,
    records=data.records,
    relations=data.relations,
    units=data.units,
    as_of=data.as_of,  # each unit's own election day in data.units overrides it
    pack=data.pack,
)
outcomes = pl.DataFrame(review.outcomes)
print(outcomes.group_by("outcome").len().sort("outcome"))
findings = pl.DataFrame(review.findings)
print(findings.filter(pl.col("severity") == "cannot").group_by("rule").len().sort("rule"))

# %% The count (计票): validity, winners, second rounds.
count = hj.count(
    data.tallies, data.votes, as_of=data.as_of, roster=data.roster, units=data.units, pack=data.pack
)
rounds = pl.DataFrame(count.rounds)
print(f"{rounds.height} ballots counted, {rounds.filter(pl.col('round') == 2).height} second rounds")

# %% The statistics (docs/domain.md §8) by county, against the previous term.
stats = hj.stats(
    data.people,
    data.roster,
    data.units,
    data.tallies,
    data.previous,
    data.votes,
    as_of=data.as_of,
    previous_as_of=data.previous_as_of,
    pack=data.pack,
)
figures = pl.DataFrame(stats.table)
women = (
    figures.filter(
        (pl.col("level") == "county") & (pl.col("kind") == "village") & (pl.col("figure") == "women_committee")
    )
    .select("code", "name", "num", "den", "value")
    .sort("value")
)
province = figures.filter(
    (pl.col("level") == "province") & (pl.col("kind") == "village") & (pl.col("figure") == "women_committee")
)
print(women)

# %% The chart: women among village-committee members, county by county.
import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
from matplotlib import font_manager

# Chinese county names need a CJK font; fall back to the codes where none is installed.
cjk = [f.name for f in font_manager.fontManager.ttflist if any(k in f.name for k in ("CJK", "Hei", "Song", "WenQuanYi"))]
if cjk:
    plt.rcParams["font.family"] = cjk[0]
labels = women["name"].to_list() if cjk else women["code"].to_list()

fig, ax = plt.subplots(figsize=(8, 7))
ax.barh(labels, women["value"].to_list(), color="#c0392b")
ax.axvline(province["value"][0], color="#333", linestyle="--", label=f"Ningxia {province['text'][0]}%")
ax.set_xlabel("women among village-committee members (%)")
ax.set_title("Ningxia 2020–21 round, synthetic reference data")
ax.legend(loc="lower right")
fig.tight_layout()
args.out.mkdir(parents=True, exist_ok=True)
png = args.out / "women_by_county.png"
fig.savefig(png, dpi=120)
print(f"saved {png}")
