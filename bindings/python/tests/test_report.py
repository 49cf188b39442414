"""hj.report: the province's report on the reference data set — the seed report's sentences
with the published numbers, every number traced to its statistics figure, sentences left out
when their figure is — and the statistics page's head."""

from __future__ import annotations

import json

import polars as pl
import pytest

import huanjie as hj


@pytest.fixture(scope="module")
def data() -> hj.reference.ReferenceData:
    return hj.reference.ningxia_2021(seed=2021)


@pytest.fixture(scope="module")
def full(data) -> hj.Report:
    return hj.report(
        data.people,
        data.roster,
        data.units,
        data.tallies,
        data.previous,
        data.votes,
        as_of=data.as_of,
        previous_as_of=data.previous_as_of,
        nominations=data.nominations,
        records=data.records,
        relations=data.relations,
        term=data.term,
        pack=data.pack,
    )


def test_the_report_reproduces_the_seed(full) -> None:
    text = full.text
    for sentence in [
        "全区2207个村、642个社区全面完成换届。",
        "272万选民参加投票，村委会选举参选率90%，居委会选举参选率91.2%",
        "村“一肩挑”比例75.5%，社区97.4%",
        "村委会成员中女性占36.9%，女性村委会主任占9.83%",
        "联审排查不合格人选959人，因近亲属回避72人",
        "4.8万名代表",
        "1.8万名居民",
        "新设社区81个",
        "新增享受补贴人员2359人",
        "80个情况复杂村",
        "村级运转经费由11万元提高到16万元以上",
        "“两委”班子实现“两升一降”（学历提升、女性比例提升、平均年龄下降）",
    ]:
        assert sentence in text, sentence
    assert "## 数字来源" in full.markdown
    assert full.html.startswith("<!DOCTYPE html>") and 'title="participation' in full.html
    assert "huanjie-report" in full._repr_html_() or "<p" in full._repr_html_()
    doc = json.loads(full.to_json())
    assert doc["code"] == "640000" and len(doc["paragraphs"]) == len(full.paragraphs)


def test_every_number_is_the_figures(data, full) -> None:
    numbers = pl.DataFrame(full.numbers)
    assert numbers.columns[:7] == ["number", "figure", "level", "code", "kind", "num", "den"]
    stats = pl.DataFrame(
        hj.stats(
            data.people,
            data.roster,
            data.units,
            data.tallies,
            data.previous,
            data.votes,
            as_of=data.as_of,
            previous_as_of=data.previous_as_of,
            by="province",
            term=data.term,
            pack=data.pack,
        ).table
    )
    traced = numbers.filter(pl.col("level").is_not_null())
    assert traced.height > 10
    for row in traced.iter_rows(named=True):
        fig = stats.filter(
            (pl.col("figure") == row["figure"]) & (pl.col("kind") == row["kind"]) & (pl.col("code") == row["code"])
        )
        assert fig.height == 1, row
        assert (int(fig["num"][0]), int(fig["den"][0])) == (row["num"], row["den"]), row
    review = numbers.filter(pl.col("figure") == "screened_out.negative_list")
    assert review["num"].to_list() == [959] and review["den"].to_list() == [None]


def test_a_sentence_is_left_out_when_its_figure_is(data) -> None:
    bare = hj.report(data.people, data.roster, data.units, as_of=data.as_of, term=data.term, pack=data.pack)
    text = bare.text
    for gone in ["两升一降", "参选率", "联审", "提名", "新增享受补贴"]:
        assert gone not in text, gone
    assert "75.5%" in text
    assert "参选率0" not in text and "占0%" not in text


def test_bad_arguments_are_huanjie_errors(data) -> None:
    with pytest.raises(hj.HuanjieError):
        hj.report(data.people, data.roster, as_of=data.as_of, precision={"nothing": 2})
    with pytest.raises(hj.HuanjieError):
        hj.report(data.people, data.roster, as_of=data.as_of, code="not a code")
    with pytest.raises(hj.HuanjieError):
        hj.report(data.people, data.roster, as_of=data.as_of, relations=data.relations)


def test_the_stats_page_names_its_day_pack_and_inputs(data) -> None:
    res = hj.stats(
        data.people,
        data.roster,
        data.units,
        None,
        data.previous,
        as_of=data.as_of,
        previous_as_of=data.previous_as_of,
        by="province",
        term=data.term,
        pack=data.pack,
    )
    html = res.to_html()
    assert "统计日 as of 2021-03-31" in html
    assert "上届统计日 previous term as of 2017-10-01" in html
    assert "规则包 pack ningxia-2021" in html
    assert "Python tables: people, roster, units, previous" in html
    # The round's facts are this round's: the previous term holds none, so "—", never 0.
    row = html.split("新设单位占比")[1].split("</tr>")[0]
    assert row.count("—") >= 3, row
