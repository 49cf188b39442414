"""The joint review's round trip from Python (docs/review.md): the request workbooks as a
department opens them in Excel (read with openpyxl), answers filled with openpyxl the way
departments fill them — columns reordered, a footer, two records for one candidate, a candidate
left out, one department that never answers — and read back by ``hj.review.collect`` into
exactly the right REVIEW-UNANSWERED pairs and the findings the same records give through
``hj.check``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pyarrow as pa
import pytest

import huanjie as hj

openpyxl = pytest.importorskip("openpyxl")

DATA = Path(__file__).resolve().parents[3] / "examples" / "data"
AS_OF = "2021-01-15"
ID_0248 = "640121198006210248"
ID_0350 = "640121196809020350"
ID_0373 = "640122196205200373"
ID_0158 = "640122198308080158"


def rows(t: Any) -> List[Dict[str, Any]]:
    return pa.table(t).to_pylist()


@pytest.fixture(scope="module")
def tables() -> Dict[str, Any]:
    return {
        "people": hj.read_table(str(DATA / "people.csv"), "people").table,
        "roster": hj.read_table(str(DATA / "roster.csv"), "roster").table,
    }


def test_the_request_workbooks_as_excel_opens_them(tmp_path: Path, tables: Dict[str, Any]) -> None:
    m = hj.review.request(tables["people"], tables["roster"], as_of=AS_OF, out=tmp_path,
                          departments=["纪委监委", "法院"])
    assert [d["file"] for d in m["departments"]] == ["01-纪委监委.xlsx", "02-法院.xlsx"]
    assert (tmp_path / "manifest.json").is_file()
    for d in m["departments"]:
        ws = openpyxl.load_workbook(tmp_path / d["file"]).active
        assert ws.title == d["name_zh"]
        header = [c.value for c in ws[3]]
        assert header[:6] == ["序号", "身份证号码", "姓名", "区划代码", "拟任职务", "有无记录"]
        ids = [ws.cell(row=r, column=2) for r in range(4, 4 + len(m["candidates"]))]
        assert [c.value for c in ids] == [c["id_number"] for c in m["candidates"]]
        assert all(isinstance(c.value, str) and c.number_format == "@" for c in ids)
        lists = sorted(dv.formula1 for dv in ws.data_validations.dataValidation)
        kinds = ",".join(k["label_zh"] for k in d["record_kinds"])
        assert f'"{kinds}"' in lists and '"有,无"' in lists and '"是,否"' in lists
        assert ws.protection.sheet and ws.freeze_panes == "D4"
        assert ws.print_title_rows == "$1:$3" and ws.page_setup.orientation == "landscape"


def fill(path: Path, answers: Dict[str, List[Dict[str, Any]]], drop: List[str]) -> None:
    """Fills a request workbook as a department does: its own rows for records, 无 for the
    others, `drop` left out."""
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[3]]
    col = {h: i + 1 for i, h in enumerate(header)}
    r = 4
    while ws.cell(row=r, column=2).value:
        id_number = ws.cell(row=r, column=2).value
        if id_number in drop:
            ws.delete_rows(r)
            continue
        mine = answers.get(id_number, [])
        if not mine:
            ws.cell(row=r, column=col["有无记录"], value="无")
        for j, rec in enumerate(mine):
            if j > 0:  # a second record: a row inserted below, the ID written again
                ws.insert_rows(r + 1)
                r += 1
                ws.cell(row=r, column=col["身份证号码"], value=id_number)
            ws.cell(row=r, column=col["有无记录"], value="有")
            for k, v in rec.items():
                ws.cell(row=r, column=col[k], value=v)
        r += 1
    ws.cell(row=r + 2, column=1, value="填表人：　　审核人：")
    wb.save(path)


def own_sheet(path: Path, m: Dict[str, Any], answers: Dict[str, Dict[str, Any]]) -> None:
    """A department's sheet of its own: columns in another order, no title, dates as dates."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["有无记录", "文号", "身份证号码", "决定日期", "记录类别"])
    for c in m["candidates"]:
        rec = answers.get(c["id_number"])
        if rec:
            ws.append(["有", rec.get("文号"), c["id_number"], dt.date.fromisoformat(rec["决定日期"]), rec["记录类别"]])
        else:
            ws.append(["无", None, c["id_number"], None, None])
    wb.save(path)


def test_answers_filled_with_openpyxl_come_back_as_the_records_they_report(
    tmp_path: Path, tables: Dict[str, Any]
) -> None:
    m = hj.review.request(tables["people"], tables["roster"], as_of=AS_OF, out=tmp_path,
                          departments=["纪委监委", "公安局", "检察院", "法院"])
    files = {d["name_zh"]: tmp_path / d["file"] for d in m["departments"]}
    discipline = {
        ID_0350: [
            {"记录类别": "党纪处分", "决定日期": "2020-03-10", "处分种类": "严重警告", "文号": "宁纪发〔2020〕3号"},
            {"记录类别": "政务处分", "决定日期": "2020-03-10", "处分种类": "记过"},
        ]
    }
    fill(files["纪委监委"], discipline, drop=[])
    fill(files["公安局"], {ID_0158: [{"记录类别": "酒驾", "决定日期": "2020-10-01"}]}, drop=[ID_0373])
    own = tmp_path / "检察院联审意见.xlsx"
    own_sheet(own, m, {ID_0248: {"记录类别": "刑事处罚", "决定日期": "2012-03-01", "文号": "宁检刑诉〔2012〕5号"}})
    # 法院 never answers; the answers come in another order than the request's.
    res = hj.review.collect(tmp_path, [str(own), str(files["公安局"]), str(files["纪委监委"])],
                            tables["people"], tables["roster"], as_of=AS_OF)
    found = rows(res.findings)
    unanswered = sorted((f["id_number"], f["message_zh"]) for f in found if f["rule"] == "REVIEW-UNANSWERED")
    want = sorted([(c["id_number"], "法院未对该候选人出具联审意见") for c in m["candidates"]]
                  + [(ID_0373, "公安局未对该候选人出具联审意见")])
    assert unanswered == want
    assert not [f for f in found if f["rule"].startswith("REVIEW-") and f["rule"] != "REVIEW-UNANSWERED"]
    tally = {d["name_zh"]: (d["answered"], d["unanswered"], d["records"]) for d in res.departments}
    assert tally == {"纪委监委": (12, 0, 2), "公安局": (11, 1, 1), "检察院": (12, 0, 1), "法院": (0, 12, 0)}
    numbers = {r["document_no"] for r in res.answer_records}
    assert {"宁纪发〔2020〕3号", "宁检刑诉〔2012〕5号"} <= numbers
    assert res.exit_code == 1
    assert all(o["outcome"] != "eligible" for o in rows(res.outcomes))

    # The same records merged by hand into one records table give the same bars through check.
    records = [
        {"id_number": ID_0350, "kind": "党纪处分", "date": "2020-03-10", "grade": "严重警告"},
        {"id_number": ID_0350, "kind": "政务处分", "date": "2020-03-10", "grade": "记过"},
        {"id_number": ID_0158, "kind": "酒驾", "date": "2020-10-01"},
        {"id_number": ID_0248, "kind": "刑事处罚", "date": "2012-03-01"},
    ]
    by_hand = hj.check(tables["people"], tables["roster"], records, as_of=AS_OF)

    def bars(fs: List[Dict[str, Any]]) -> List[Any]:
        return sorted((f["id_number"], f["rule"], str(f["eligible_from"]), f["message_zh"])
                      for f in fs if f["rule"].startswith(("NEG-", "STAT-", "DATA-KIND")))

    assert bars(found) == bars(rows(by_hand.findings))
    assert any(b[1] == "NEG-02" and b[0] == ID_0248 for b in bars(found))
    # The JSON document carries the departments after the summary.
    import json

    doc = json.loads(res.to_json())
    assert list(doc)[:6] == ["huanjie", "pack", "as_of", "summary", "departments", "answer_records"]


def test_unusable_answers_raise_an_input_error(tmp_path: Path, tables: Dict[str, Any]) -> None:
    m = hj.review.request(tables["people"], tables["roster"], as_of=AS_OF, departments=["公安局"])
    with pytest.raises(hj.InputError):
        hj.review.collect(m, {"公安局": [{"姓名": "马志强"}]}, tables["people"], tables["roster"], as_of=AS_OF)
    with pytest.raises(hj.HuanjieError):
        hj.review.request(tables["people"], tables["roster"], as_of=AS_OF, departments=["外交部"])


def test_the_review_and_any_table_as_excel(tmp_path: Path, tables: Dict[str, Any]) -> None:
    m = hj.review.request(tables["people"], tables["roster"], as_of=AS_OF, departments=["公安局"])
    res = hj.review.collect(m, {"公安局": [{"身份证号码": ID_0248, "有无记录": "有", "记录类别": "刑事处罚",
                                          "决定日期": "2012-03-01", "文号": "宁刑〔2012〕1号"}]},
                            tables["people"], tables["roster"], as_of=AS_OF)
    path = tmp_path / "review.xlsx"
    res.to_excel(path)
    wb = openpyxl.load_workbook(path)
    summary = "\n".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    assert "departments" in summary and "宁刑〔2012〕1号" in summary
    # An apportionment (a bare table) through hj.to_excel: Chinese header over the English.
    shares = hj.apportion([{"group": "一组", "households": 40}, {"group": "二组", "households": 25}], 5)
    out = tmp_path / "shares.xlsx"
    hj.to_excel(shares, out, name="shares")
    ws = openpyxl.load_workbook(out).worksheets[-1]
    header = [c.value for c in ws[2]]
    assert "group" in header and "seats" in header
    seats = header.index("seats")
    assert sorted(r[seats].value for r in ws.iter_rows(min_row=3)) == [2, 3]
