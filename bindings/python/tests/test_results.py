"""Results as a data scientist meets them (docs/python.md): ``summary`` is a dict on every result
(the JSON document's summary, audit included); every notebook view (``_repr_html_``) is a
fragment whose style applies only inside its own ``huanjie-report`` element — no selector of it
can restyle the notebook — with its text escaped and ID numbers masked."""

from __future__ import annotations

import html as htmllib
import json
import re
from typing import Any, Iterator, List

import polars as pl
import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import huanjie as hj
import huanjie._huanjie as native
from conftest import ADULT_F, ADULT_M, AS_OF, EXAMPLES, MINOR_M, WITH_X

WRAPPER = "huanjie-report"


def read(name: str) -> pl.DataFrame:
    return pl.read_csv(EXAMPLES / f"{name}.csv", infer_schema=False)


@pytest.fixture(scope="module")
def check_result() -> "hj.CheckResult":
    return hj.check(read("people"), roster=read("roster"), records=read("records"),
                    relations=read("relations"), as_of=AS_OF)


# ----------------------------------------------------------------------------------------------
# summary


def test_summary_is_the_json_documents_summary_on_every_result(check_result: "hj.CheckResult") -> None:
    v = hj.voters(read("register"), as_of=AS_OF)
    c = hj.count(read("tallies"), read("votes"), as_of=AS_OF)
    for res in (check_result, v, c):
        assert isinstance(res.summary, dict)
        assert res.summary == json.loads(res.to_json())["summary"], type(res)
        assert res.summary["audit"]["pack"]["name"] == "cn-2021"


def test_check_summary_counts(check_result: "hj.CheckResult") -> None:
    s = check_result.summary
    outcomes = pl.DataFrame(check_result.outcomes)
    findings = pl.DataFrame(check_result.findings)
    for k in ("eligible", "ineligible", "needs_review"):
        assert s[k] == outcomes.filter(pl.col("outcome") == k).height, k
    assert s["persons"] == outcomes.height
    assert s["findings"] == findings.height == sum(s["by_severity"].values()) == sum(s["by_rule"].values())
    assert s["by_rule"] == dict(findings.group_by("rule").len().iter_rows())
    assert s["audit"] == check_result.audit


def test_summary_table_is_the_old_one_row_table(check_result: "hj.CheckResult") -> None:
    t = pa.table(check_result.summary_table)
    assert t.num_rows == 1
    counts = ["persons", "eligible", "ineligible", "should_not", "needs_review", "findings", "records_after_as_of"]
    assert t.column_names[: len(counts)] == counts
    assert all(isinstance(check_result.summary[c], int) for c in t.column_names)
    row = t.to_pylist()[0]
    assert row == {k: check_result.summary[k] for k in row}
    assert check_result.to_polars()["summary"].row(0, named=True) == row


def test_the_summary_needs_no_findings() -> None:
    """(The outcomes path: the summary comes without building a finding, and says the same.)"""
    people = [{"id_number": i} for i in (ADULT_M, ADULT_F, MINOR_M, WITH_X)]
    records = [{"id_number": ADULT_M, "kind": "刑事处罚", "date": "2012-03-01"}]
    first = hj.check(people, records=records, as_of=AS_OF).summary
    res = hj.check(people, records=records, as_of=AS_OF)
    _ = res.findings
    assert res.summary == first
    assert first["by_rule"] == {"NEG-02": 1, "STAT-AGE": 1}


# ----------------------------------------------------------------------------------------------
# notebook views: every selector scoped


def rules_of(fragment: str) -> List[str]:
    """The selectors of every rule in the fragment's style sheets (asserting that nothing else
    is in them: no at-rule, no text outside a rule)."""
    sheets = re.findall(r"<style[^>]*>(.*?)</style>", fragment, flags=re.S)
    selectors: List[str] = []
    for css in sheets:
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        rules = re.findall(r"([^{}]*)\{([^{}]*)\}", css)
        assert re.sub(r"[^{}]*\{[^{}]*\}", "", css).strip() == "", css
        for head, _ in rules:
            selectors += [s.strip() for s in head.split(",")]
    return selectors


def assert_scoped(fragment: str) -> None:
    assert fragment.startswith(f'<div class="{WRAPPER}">') and fragment.endswith("</div>"), fragment[:80]
    for tag in ("<html", "<head", "<body", "<title", "<!DOCTYPE"):
        assert tag not in fragment
    selectors = rules_of(fragment)
    assert selectors, "no style at all"
    for s in selectors:
        assert re.match(rf"^\.{WRAPPER}(?![\w-])", s), s


def test_the_check_view_is_scoped(check_result: "hj.CheckResult") -> None:
    assert_scoped(check_result._repr_html_())


def test_the_stats_view_is_scoped_and_the_page_keeps_its_own() -> None:
    s = hj.stats(read("people"), read("elected"), as_of=AS_OF, by="county")
    view = s._repr_html_()
    assert_scoped(view)
    assert "<svg" in view and "<h1>" in view
    page = s.to_html()
    assert page.startswith("<!DOCTYPE html>") and "<style>body{" in page


def test_the_demo_view_is_scoped() -> None:
    """(The demo's page through the same fragment maker, without building the data set.)"""
    run = hj.reference.DemoResult({"figures": []}, hj.stats(read("people"), read("elected"), as_of=AS_OF).to_html())
    assert_scoped(run._repr_html_())


simple = st.sampled_from(["body", "html", ":root", "td", "th", "table", "p", "div", "a", "*", "h1",
                          "td.l", ".x", "#y", "a:hover", "tr:nth-child(2n)", "[data-x]", "body.dark",
                          "svg text", "figure"])
selector = st.lists(simple, min_size=1, max_size=3).flatmap(
    lambda parts: st.sampled_from([" ", " > ", " + ", " ~ "]).map(lambda c: c.join(parts))
)
rule = st.tuples(st.lists(selector, min_size=1, max_size=3), st.sampled_from(["color:red", "margin:0;padding:1px", ""]))
at_rule = st.sampled_from(["@media print{td{color:red}body{margin:0}}", "@import url(x.css);",
                           "@font-face{font-family:x}", "/* body{color:red} */"])


@given(st.lists(st.one_of(rule, at_rule), max_size=8))
def test_any_style_sheet_is_scoped_rule_by_rule(items: List[Any]) -> None:
    css = "".join(i if isinstance(i, str) else ",".join(i[0]) + "{" + i[1] + "}" for i in items)
    page = f"<!DOCTYPE html><html><head><title>t</title><style>{css}</style></head><body><p>x</p></body></html>"
    out = native.notebook_html(page)
    plain_rules = [i for i in items if not isinstance(i, str)]
    if plain_rules:
        assert_scoped(out)
    selectors = rules_of(out)
    assert len(selectors) == sum(len(r[0]) for r in plain_rules)
    # each rule keeps its declarations, in order
    assert re.findall(r"\{([^{}]*)\}", out) == [r[1] for r in plain_rules]
    assert out.endswith("<p>x</p></div>")


# ----------------------------------------------------------------------------------------------
# the check's view: summary, findings, masked and escaped


def test_the_check_view_shows_the_summary_and_the_findings(check_result: "hj.CheckResult") -> None:
    view = check_result._repr_html_()
    s = check_result.summary
    cells = re.findall(r'<td class="n">(\d+)</td>', view)[:6]
    assert [int(c) for c in cells] == [s["persons"], s["eligible"], s["ineligible"], s["should_not"],
                                       s["needs_review"], s["findings"]]
    findings = pa.table(check_result.findings).to_pylist()
    text = htmllib.unescape(view)
    for f in findings:
        assert f["rule"] in text and f["message_zh"] in text and f["message_en"] in text
    for number in {f["id_number"] for f in findings if f["id_number"]}:
        assert number not in view
        assert hj.ResidentId(number).masked() in view
    assert not re.search(r"\d{15,}", view)


def test_the_check_view_shows_the_first_rows_only() -> None:
    people = [{"id_number": MINOR_M}, {"id_number": "123"}, {"id_number": "456"}]
    res = hj.check(people, as_of=AS_OF)
    n = pa.table(res.findings).num_rows
    assert n > 3
    res.html_rows = 2
    view = res._repr_html_()
    assert view.count("<tr><td>") == 2
    assert f"and {n - 2} more findings" in view


def test_the_check_view_escapes_what_the_tables_held() -> None:
    kind = '<script>alert("x")</script>&'
    res = hj.check([{"id_number": ADULT_M}], records=[{"id_number": ADULT_M, "kind": kind}], as_of=AS_OF)
    messages = pa.table(res.findings).column("message_en").to_pylist()
    assert any("<script>" in m for m in messages)  # (the premise: the message carries the text)
    view = res._repr_html_()
    assert "<script" not in view and "&lt;script&gt;" in view
    assert htmllib.escape(kind, quote=True).replace("&#x27;", "&#39;") in view


def test_a_check_without_findings_says_so() -> None:
    view = hj.check([{"id_number": ADULT_M}], as_of=AS_OF)._repr_html_()
    assert_scoped(view)
    assert "no findings" in view and "exit code 0" in view


page_text = st.lists(
    st.sampled_from(["<style>", "</style>", "<STYLE type=x>", "<body>", "</body>", "<html>", "<head>", "</head>",
                     "{", "}", "/*", "*/", "@media", ";", ",", "td", "body", "html", " ", "p.x", ":root",
                     "color:red", "é中", ">", "<", "<p>"]),
    max_size=25,
).map("".join)


@given(st.one_of(page_text, st.text(max_size=40)))
@example(page="<style><style>{{")  # (a rule whose body opened another brace was kept)
@example(page="<style>}{")  # (a stray closing brace was kept in a selector)
def test_any_page_becomes_a_fragment_without_failing(page: str) -> None:
    out = native.notebook_html(page)
    assert out.startswith(f'<div class="{WRAPPER}"><style>') and out.endswith("</div>")
    assert out.lower().count("<style") == 1
    for s in rules_of(out):
        assert re.match(rf"^\.{WRAPPER}(?![\w-])", s), s
