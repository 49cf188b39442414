"""Statistics from Python: the shared formula cases of tests/cases/stats.json (the published
Jiangxi counts) as tests/stats.rs runs them, and the example tables with Chinese headers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict

import pyarrow as pa
import pytest

import huanjie as hj
from conftest import EXAMPLES, load_cases

CASES = load_cases("stats.json")["cases"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def pid(i: int, female: bool) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=i % 10_000)
    seq = (i // 10_000) % 450 * 2 + (0 if female else 1) + 100
    body = f"640104{birth:%Y%m%d}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def build(case: Dict[str, Any]) -> Any:
    party, committee, both = case["party"], case["committee"], case["both"]
    persons = party + committee - both
    ids = [pid(i, i < case["women"]) for i in range(persons)]
    people = pa.table({"身份证号码": ids, "文化程度": ["高中" if i < case["educated"] else "初中" for i in range(persons)]})
    rows: Dict[str, list] = {"身份证号码": [], "区划代码": [], "组织": [], "职务": [], "状态": []}
    for i, p in enumerate(ids):
        u = i % case["units"]
        unit = f"640104{100 + u // 200:03d}{200 + u % 200:03d}"
        for on, body in ((i < party, "村党组织"), (i < both or i >= party, "村委会")):
            if on:
                rows["身份证号码"].append(p)
                rows["区划代码"].append(unit)
                rows["组织"].append(body)
                rows["职务"].append("委员")
                rows["状态"].append("当选")
    return people, pa.table(rows)


@pytest.mark.parametrize("case", CASES, ids=[c["name"][:40] for c in CASES])
def test_formula_case(case: Dict[str, Any]) -> None:
    people, roster = build(case)
    t = pa.table(hj.stats(people, roster, as_of=case["as_of"], by="province")).to_pylist()
    got = {r["figure"]: r for r in t if r["kind"] == "all"}
    for key, want in case["expect"].items():
        assert got[key]["num"] == want["num"], key
        if "den" in want:
            assert got[key]["den"] == want["den"], key
        assert got[key]["text"] == want["text"], key


def test_examples_every_level() -> None:
    pd = pytest.importorskip("pandas")
    read = lambda t: pd.read_csv(EXAMPLES / f"{t}.csv", dtype=str, encoding="utf-8-sig")  # noqa: E731
    t = pa.table(hj.stats(read("people"), read("elected"), tallies=read("tallies"), votes=read("votes"),
                          as_of="2021-01-15"))
    rows = t.to_pylist()
    assert {r["level"] for r in rows} == {"unit", "township", "county", "prefecture", "province"}
    province = {r["figure"]: r for r in rows if r["level"] == "province" and r["kind"] == "all"}
    assert province["persons"]["num"] == 8
    assert (province["one_shoulder"]["num"], province["one_shoulder"]["den"]) == (1, 2)
    assert province["participation"]["text"] == "85.0"
    assert (province["first_ballot_success"]["num"], province["first_ballot_success"]["den"]) == (1, 2)
    assert province["mean_age"]["text"] == "42.6"
    names = {r["code"]: r["name"] for r in rows if r["level"] == "county"}
    assert names["640121"] == "永宁县"
    two = pa.table(hj.stats(read("people"), read("elected"), as_of="2021-01-15", by="county", decimals=2))
    assert set(two.column("level").to_pylist()) == {"county"}


def test_bad_arguments() -> None:
    with pytest.raises(hj.HuanjieError, match="by must be"):
        hj.stats([], [], as_of="2021-01-15", by="city")
    with pytest.raises(hj.HuanjieError, match="decimals"):
        hj.stats([], [], as_of="2021-01-15", decimals=-1)
    with pytest.raises(hj.HuanjieError, match="term"):
        hj.stats([], [], as_of="2021-01-15", term=-2021)


def test_against_the_previous_term() -> None:
    pd = pytest.importorskip("pandas")
    read = lambda t: pd.read_csv(EXAMPLES / f"{t}.csv", dtype=str, encoding="utf-8-sig")  # noqa: E731
    t = pa.table(hj.stats(read("people"), read("elected"), previous=read("previous"), as_of="2021-01-15",
                          previous_as_of="2018-01-20", by="province"))
    rows = {(r["kind"], r["figure"]): r for r in t.to_pylist()}
    women = rows[("all", "women")]
    assert (women["previous_num"], women["previous_den"]) == (1, 6)
    assert (women["change"], women["change_relative_percent"], women["direction"]) == ("+33.3", "+200.0", "up")
    assert rows[("all", "mean_age")]["direction"] == "down"
    assert rows[("all", "two_up_one_down")]["text"] == "yes"
    with pytest.raises(hj.HuanjieError, match="previous_as_of needs previous"):
        hj.stats(read("people"), read("elected"), as_of="2021-01-15", previous_as_of="2018-01-20")


def test_result_is_a_table_and_renders_in_a_notebook() -> None:
    pl = pytest.importorskip("polars")
    pd = pytest.importorskip("pandas")
    read = lambda t: pd.read_csv(EXAMPLES / f"{t}.csv", dtype=str, encoding="utf-8-sig")  # noqa: E731
    res = hj.stats(read("people"), read("elected"), as_of="2021-01-15", by="county")
    assert pl.DataFrame(res).height == res.table.num_rows == res.to_pandas().shape[0]
    assert res.to_polars()["figure"].to_list()[:2] == ["units", "persons"]
    html = res._repr_html_()
    assert html.startswith('<div class="huanjie-report">') and "<svg" in html and "<script" not in html
    assert "<body" not in html and "<title" not in html
    page = res.to_html()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page


def test_unit_names_come_from_the_units_table() -> None:
    pd = pytest.importorskip("pandas")
    read = lambda t: pd.read_csv(EXAMPLES / f"{t}.csv", dtype=str, encoding="utf-8-sig")  # noqa: E731
    t = pa.table(hj.stats(read("people"), read("elected"), units=read("units"), as_of="2021-01-15", by="unit"))
    names = {r["code"]: r["name"] for r in t.to_pylist()}
    assert names == {"640121100201": "杨和村", "640122101202": "通贵村"}


def test_party_ethnicity_roles_and_units_by_their_definitions() -> None:
    """Issue 20's figures on a hand-made unit pair, each against its definition: the party and
    ethnicity shares count only the known cells, the directors' and secretaries' ages and
    education, the 一肩挑 person's age, units with a woman and with a member aged 35 or under."""
    ids = [pid(i, female=i in (1, 3)) for i in range(5)]  # born 1950-01-01 + i days
    ids.append("640104" + "19900301" + "123" + "0")  # a young man: check digit below
    body = ids[-1][:17]
    ids[-1] = body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]
    people = pa.table({
        "身份证号码": ids,
        "政治面貌": ["中共党员", "中共预备党员", "群众", None, "共青团员", "中共党员"],
        "民族": ["汉族", "回族", None, "汉族", "汉族", "蒙古族"],
        "文化程度": ["大专", "高中", "本科", None, "初中", "本科"],
    })
    a, b = "640104100201", "640104100202"
    seats = [  # (person, unit, body, role)
        (0, a, "村党组织", "书记"), (0, a, "村委会", "主任"),  # 一肩挑 in unit a
        (1, a, "村委会", "委员"),  # a woman on a's committee
        (2, b, "村党组织", "书记"), (5, b, "村委会", "主任"),  # b: a young director, no woman
        (3, b, "村党组织", "委员"),  # a woman on b's Party committee only
    ]
    roster = pa.table({
        "身份证号码": [ids[p] for p, *_ in seats], "区划代码": [u for _, u, _, _ in seats],
        "组织": [x for *_, x, _ in seats], "职务": [r for *_, r in seats], "状态": ["当选"] * len(seats),
    })
    rows = pa.table(hj.stats(people, roster, as_of="2021-01-15", by="province")).to_pylist()
    got = {r["figure"]: (r["num"], r["den"]) for r in rows if r["kind"] == "all"}
    age = lambda i: 71 if i < 5 else 30  # noqa: E731  (1950-01-0x and 1990-03-01 on 2021-01-15)
    assert got["party_members"] == (3, 4)  # persons 0, 1, 5 of the known 0, 1, 2, 5 (3 unknown)
    assert got["ethnic_minority"] == (2, 4)  # 回族, 蒙古族 of the known 0, 1, 3, 5
    assert got["mean_age_directors"] == (age(0) + age(5), 2)
    assert got["mean_age_secretaries"] == (age(0) + age(2), 2)
    assert got["mean_age_one_shoulder"] == (age(0), 1)
    assert got["education_college_directors"] == (2, 2)  # 大专, 本科
    assert got["education_college_secretaries"] == (2, 2)  # 大专, 本科
    assert got["units_with_woman"] == (1, 2)  # a's committee has person 1; b's has none
    assert got["units_with_young_member"] == (1, 2)  # b's director is 30
    texts = {r["figure"]: r["text"] for r in rows if r["kind"] == "all"}
    assert texts["mean_age_directors"] == "50.5" and texts["party_members"] == "75.0"


def test_the_round_the_allowance_and_the_backgrounds_by_hand() -> None:
    """Two villages of one township; the units table with Chinese headers gives the round's facts,
    the roster the allowance (享受补贴) and backgrounds (来源); the previous term's roster has no
    background column, so those figures have no change."""
    a, b = "640104001001", "640104001002"
    ids = [pid(i, i % 2 == 0) for i in range(6)]
    people = pa.table({"身份证号码": ids})
    units = pa.table({
        "区划代码": [a, b],
        "新设": ["是", "否"],
        "情况复杂": ["否", "也许"],
        "换届前运转经费": ["11万", "9万"],
        "换届后运转经费": ["160,000", "17.5万元"],
        "换届状态": ["已完成", "进行中"],
    })
    roster = pa.table({
        "身份证号码": ids,
        "区划代码": [a, a, a, b, b, b],
        "组织": ["村党组织", "村委会", "村委会", "村党组织", "村委会", "村委会"],
        "职务": ["书记", "主任", "委员", "书记", "主任", "委员"],
        "状态": ["当选"] * 6,
        "享受补贴": ["是", "是", "否", "是", "", "是"],
        "来源": ["退役军人", "返乡、大学生村官", "", "致富能手", "宗教人士", "退伍军人"],
    })
    previous = pa.table({
        "身份证号码": ids[:4],
        "区划代码": [a, a, b, b],
        "组织": ["村党组织", "村委会", "村党组织", "村委会"],
        "职务": ["书记", "主任", "书记", "主任"],
        "状态": ["当选"] * 4,
        "享受补贴": ["是", "否", "否", "否"],
    })
    s = hj.stats(people, roster, units, previous=previous, as_of="2021-01-15",
                 previous_as_of="2017-10-01", by="township", age_bands=[45, 40])
    rows = {r["figure"]: r for r in pa.table(s).to_pylist() if r["kind"] == "all"}
    got = lambda f: (rows[f]["num"], rows[f]["den"])  # noqa: E731
    assert got("units_new") == (1, 2)
    assert got("units_complex") == (0, 1)  # 也许 cannot be read
    assert got("mean_funds_before") == (200_000, 2) and rows["mean_funds_before"]["text"] == "100000.0"
    assert got("min_funds_after") == (160_000, 2) and rows["min_funds_after"]["text"] == "160000"
    assert got("units_finished") == (1, 2) and got("units_unfinished") == (1, 2)
    assert got("subsidised") == (4, 5)  # one empty cell
    assert got("background_veteran") == (2, 5)  # 宗教人士 is not a background of the pack
    assert got("background_returnee") == (1, 5) and got("background_graduate_official") == (1, 5)
    assert got("age_40_or_under")[1] == 6 and got("age_45_or_under")[1] == 6
    # This term 4 of 5 receive it, the previous term 1 of 4: +3 persons.
    assert rows["subsidised"]["change_num"] == 3 and rows["subsidised"]["previous_num"] == 1
    assert rows["background_veteran"]["change_num"] is None and rows["background_veteran"]["previous_text"] is None
    assert "units_new" in rows and rows["units_new"]["previous_num"] is None
    doc = s.to_json() if hasattr(s, "to_json") else None
    if doc is not None:
        import json
        unreadable = {(u["table"], u["column"]): u["cells"] for u in json.loads(doc)["unreadable"]}
        assert unreadable == {("units", "情况复杂"): 1, ("roster", "来源"): 1}
    for bad in ([0], [151], ["40"], [True], "40"):
        with pytest.raises(hj.HuanjieError):
            hj.stats(people, roster, as_of="2021-01-15", age_bands=bad)  # type: ignore[arg-type]


def test_divisions_names_groups_and_says_lines_it_cannot_read() -> None:
    pd = pytest.importorskip("pandas")
    read = lambda t: pd.read_csv(EXAMPLES / f"{t}.csv", dtype=str, encoding="utf-8-sig")  # noqa: E731
    text = "code,name,level,parent\n640121,某县,county,640100\nnot a code,x,county,640100\n"
    with pytest.warns(UserWarning, match="1 lines without a readable code"):
        t = pa.table(hj.stats(read("people"), read("elected"), as_of="2021-01-15", by="county",
                              divisions=text))
    names = {r["code"]: r["name"] for r in t.to_pylist()}
    assert names["640121"] == "某县"
