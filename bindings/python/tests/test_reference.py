"""The Ningxia 2020–21 reference data set from Python: deterministic, marked synthetic, and —
run through hj.check, hj.count and hj.stats here, as a notebook user would — reproducing the
seed report's figures; and the demo (the same pipeline in Rust) matching every figure."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import polars as pl
import pytest

import huanjie as hj

ROOT = Path(__file__).resolve().parents[3]
PUBLISHED = json.loads((ROOT / "src/reference/ningxia-2021-figures.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def data() -> hj.reference.ReferenceData:
    return hj.reference.ningxia_2021(seed=2021)


def percent(num: int, den: int, decimals: int) -> Decimal:
    """Half up, from the exact fraction (the definition, not huanjie's code)."""
    q = Decimal(1).scaleb(-decimals)
    f = Fraction(num * 100, den)
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(q, rounding=ROUND_HALF_UP)


def test_the_same_seed_gives_the_same_tables_and_they_say_synthetic(data) -> None:
    again = hj.reference.ningxia_2021(seed=2021)
    assert list(data.tables) == list(hj.reference.TABLES)
    for name in hj.reference.TABLES:
        a, b = pa.table(data.tables[name]), pa.table(again.tables[name])
        assert a.equals(b, check_metadata=True), name
        assert a.schema.metadata[b"huanjie.synthetic"] == b"true"
    other = hj.reference.ningxia_2021(seed=7)
    assert not pa.table(other.people).equals(pa.table(data.people))


def test_the_shapes_of_the_tables(data) -> None:
    units = pl.DataFrame(data.units)
    assert units.height == 2207 + 642
    assert units.filter(pl.col("kind") == "村").height == 2207
    codes = units["unit_code"]
    assert codes.str.len_chars().eq(12).all()
    # Villages 200–399, communities 001–199 in the code's last three digits.
    tail = codes.str.slice(9, 3).cast(pl.Int32)
    village = units["kind"] == "村"
    assert ((tail >= 200) & (tail <= 399) == village).all()
    assert units["election_date"].min() >= dt.date(2020, 12, 1)
    assert units["election_date"].max() <= dt.date(2021, 3, 31)
    assert codes.str.slice(0, 6).n_unique() == 22
    assert codes.str.slice(0, 4).n_unique() == 5
    people = pl.DataFrame(data.people)
    assert people["id_number"].n_unique() == people.height
    for text in people["id_number"].sample(200, seed=1):
        rid = hj.ResidentId(text)
        assert rid.address_code[:4] in {"6401", "6402", "6403", "6404", "6405"}
    register = pl.DataFrame(data.register)
    assert register.height > 3_000_000


def test_the_pipeline_from_python_reproduces_the_figures(data) -> None:
    # The joint review: screened out by the negative list / statutory bars, and only by avoidance.
    res = hj.check(
        data.people,
        roster=data.roster,
        records=data.records,
        relations=data.relations,
        units=data.units,
        as_of=data.as_of,
        pack=data.pack,
    )
    findings = pl.DataFrame(res.findings).filter(pl.col("severity").is_in(["cannot", "should_not"]))
    ineligible = pl.DataFrame(res.outcomes).filter(pl.col("outcome") == "ineligible")
    negative = findings.filter(pl.col("rule").str.contains(r"^(NEG|STAT)-"))["id_number"].unique()
    avoidance = findings.filter(pl.col("rule").str.starts_with("AV-"))["id_number"].unique()
    by_list = ineligible.filter(pl.col("id_number").is_in(negative.implode()))
    only_av = ineligible.filter(
        ~pl.col("id_number").is_in(negative.implode()) & pl.col("id_number").is_in(avoidance.implode())
    )
    assert by_list.height == PUBLISHED["screened_out"]["joint_review_negative_list"]
    assert only_av.height == PUBLISHED["screened_out"]["close_relative_avoidance"]

    # The count: every seat filled, second rounds in some units.
    count = hj.count(
        data.tallies, data.votes, as_of=data.as_of, roster=data.roster, units=data.units, pack=data.pack
    )
    assert count.summary["unfilled"] == 0
    rounds = pl.DataFrame(count.rounds)
    assert rounds.filter(pl.col("round") == 2).height > 10

    # The statistics, at the province, by kind.
    stats = hj.stats(
        data.people,
        data.roster,
        data.units,
        data.tallies,
        data.previous,
        data.votes,
        as_of=data.as_of,
        previous_as_of=data.previous_as_of,
        by="province",
        pack=data.pack,
    )
    table = pl.DataFrame(stats.table)

    def fig(figure: str, kind: str) -> tuple[int, int]:
        row = table.filter((pl.col("figure") == figure) & (pl.col("kind") == kind))
        assert row.height == 1, (figure, kind)
        return int(row["num"][0]), int(row["den"][0])

    assert fig("units", "village")[0] == PUBLISHED["units"]["villages"]
    assert fig("units", "community")[0] == PUBLISHED["units"]["communities"]
    checks = [
        ("participation", "village", PUBLISHED["participation_rate_percent"]["village_committees"], 1),
        ("participation", "community", PUBLISHED["participation_rate_percent"]["residents_committees"], 1),
        ("one_shoulder", "village", PUBLISHED["one_shoulder_percent"]["villages"], 1),
        ("one_shoulder", "community", PUBLISHED["one_shoulder_percent"]["communities"], 1),
        ("women_committee", "village", PUBLISHED["women_percent"]["village_committee_members"], 1),
        ("women_directors", "village", PUBLISHED["women_percent"]["village_committee_directors"], 2),
    ]
    for figure, kind, published, decimals in checks:
        num, den = fig(figure, kind)
        assert percent(num, den, decimals) == Decimal(str(published)), (figure, kind, num, den)
    took_part = fig("participation", "all")[0]
    assert (took_part + 5_000) // 10_000 * 10_000 == PUBLISHED["voters_took_part"]
    assert fig("supervision_committees", "village")[0] == PUBLISHED["supervision_committees"]["villages"]
    assert fig("supervision_committees", "community")[0] == PUBLISHED["supervision_committees"]["communities"]
    assert fig("group_leaders", "all")[0] == PUBLISHED["group_leaders"]
    verdict = table.filter((pl.col("figure") == "two_up_one_down") & (pl.col("kind") == "all"))
    assert verdict["text"].to_list() == ["yes"]


def test_the_demo_matches_every_computable_figure() -> None:
    run = hj.reference.demo()
    assert run.all_match, [f for f in run.figures if f["match"] is False]
    keys = {f["key"] for f in run.figures}
    assert "women_percent.village_committee_directors" in keys
    assert not any("implied" in k for k in keys)
    directors = next(f for f in run.figures if f["key"] == "women_percent.village_committee_directors")
    assert (directors["published"], directors["computed"], directors["decimals"]) == (9.83, 9.83, 2)
    not_computed = [f["key"] for f in run.figures if f["match"] is None]
    assert not_computed == [] and len(run.figures) == 25
    funds = next(f for f in run.figures if f["key"] == "village_running_funds_yuan.before")
    assert (funds["computed"], funds["decimals"]) == (110000, -4) and "mean_funds_before" in funds["reading"]
    assert all(f["computed"] is None for f in run.figures if f["match"] is None)
    assert "<svg" in run._repr_html_() and "http" not in run._repr_html_().replace("http://www.w3.org", "")
    assert len(run.to_pandas()) == len(run.figures)


def test_a_seed_must_be_a_non_negative_integer() -> None:
    for bad in (-1, 1.5, "2021", True, 2**64):
        with pytest.raises(hj.HuanjieError):
            hj.reference.ningxia_2021(seed=bad)  # type: ignore[arg-type]


def test_the_notebook_example_runs_and_saves_its_chart(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    example = ROOT / "examples" / "ningxia_notebook.py"
    done = subprocess.run(
        [sys.executable, str(example), "--out", str(tmp_path)], capture_output=True, text=True, check=True
    )
    png = tmp_path / "women_by_county.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "saved" in done.stdout and "区" in done.stdout
