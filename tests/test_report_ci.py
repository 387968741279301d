"""CSV, JUnit XML and SARIF: valid whatever the law text holds, and faithful to the findings."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_samples import ITEMS, specimen

from gapcheck.models import Evidence, Finding, LawSummary, Report, Status
from gapcheck.report import render
from gapcheck.report.to_csv import COLUMNS
from gapcheck.report.to_sarif import uri


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_report_ci_csv_one_row_per_item() -> None:
    table = rows(render(specimen(), "csv", items=ITEMS))
    assert [r["item"] for r in table] == ["DP-01", "DP-22", "DP-30", "ET-05", "ET-07", "CP-04"]
    assert list(table[0]) == list(COLUMNS)
    assert table[1]["citations"] == "Data Protection Act 2019, s. 43(2)(b), p. 21"
    assert (table[1]["benchmark"], table[1]["found"], table[1]["benchmark_met"], table[1]["ocr"]) == ("within 72 hours of becoming aware", "seven days", "no", "yes")
    assert table[0]["recommendation"] == "" and table[2]["recommendation"].startswith("The law should provide")


def test_report_ci_csv_neutralises_formulas() -> None:
    table = rows(render(specimen(), "csv"))
    assert table[5]["quote"].startswith("'@SUM(A1:A9)")
    for row in table:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(("fail_on", "failures"), [("partial", 4), ("missing", 2), ("never", 0)])
def test_report_ci_junit_failures_follow_threshold(fail_on: str, failures: int) -> None:
    root = ET.fromstring(render(specimen(), "junit", items=ITEMS, fail_on=fail_on))  # type: ignore[arg-type]
    assert root.get("failures") == str(failures)
    assert len(root.findall(".//failure")) == failures
    assert [case.get("name") for case in root.iter("testcase")][:2] == ["DP-01 Comprehensive scope", "DP-22 Breach notification"]
    assert root.get("errors") == "1" and root.find(".//error").get("message").startswith("corpus/pdf/ardenia-broken.pdf")  # type: ignore[union-attr]


def test_report_ci_junit_keeps_hostile_text_as_text() -> None:
    root = ET.fromstring(render(specimen(), "junit", items=ITEMS))
    failure = root.find(".//testcase[@name='DP-22 Breach notification']/failure")
    assert failure is not None and "<script>document.title='pwned'" in (failure.text or "")
    passed = root.find(".//testcase[@name='ET-05 Legal recognition of electronic signatures']/system-out")
    assert passed is not None and "manuscrite ]]> fin" in (passed.text or "")


def test_report_ci_sarif_shape() -> None:
    log = json.loads(render(specimen(), "sarif", items=ITEMS))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DP-01", "DP-22", "DP-30", "ET-05", "ET-07", "CP-04"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["DP-22", "DP-30", "ET-07", "CP-04"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"] and result["level"] in ("error", "warning")
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert physical["region"]["startLine"] >= 1
            assert physical["artifactLocation"]["uri"] in {a["location"]["uri"] for a in run["artifacts"]}
    breach = results[0]["locations"][0]
    assert breach["physicalLocation"]["region"]["startLine"] == 21 == breach["properties"]["page"]
    assert breach["message"]["text"] == "Data Protection Act 2019, s. 43(2)(b), p. 21"
    assert len(results[1]["locations"]) == 2  # a missing item points at every law read
    assert run["invocations"][0]["executionSuccessful"] is False


@pytest.mark.parametrize(("fail_on", "levels"), [("partial", ["error"] * 4), ("missing", ["warning", "error", "error", "warning"])])
def test_report_ci_sarif_levels_follow_threshold(fail_on: str, levels: list[str]) -> None:
    log = json.loads(render(specimen(), "sarif", fail_on=fail_on))  # type: ignore[arg-type]
    assert [r["level"] for r in log["runs"][0]["results"]] == levels


@pytest.mark.parametrize(
    ("path", "expected"),
    [("corpus/pdf/a b.pdf", "corpus/pdf/a%20b.pdf"), ("/srv/laws/loi é.pdf", "file:///srv/laws/loi%20%C3%A9.pdf"), ("x#1.pdf", "x%231.pdf")],
)
def test_report_ci_sarif_uri(path: str, expected: str) -> None:
    assert uri(path) == expected


def hostile_report(quote: str, title: str) -> Report:
    law = LawSummary("l.pdf", title, "en", 3)
    evidence = Evidence("l.pdf", "1", "1(a)", 2, quote, terms=(quote[:5],))
    return Report(
        name=title, laws=(law,),
        findings=(
            Finding("DP-01", "data-protection", title, Status.PARTIAL, 0.5, (evidence,), reason=quote),
            Finding("DP-02", "data-protection", "t", Status.MISSING, 0.5, reason=quote),
        ),
        errors=((quote, title),),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=st.text(max_size=60), title=st.text(max_size=20))
def test_report_ci_any_text_gives_valid_output(quote: str, title: str) -> None:
    report = hostile_report(quote, title)
    ET.fromstring(render(report, "junit"))
    json.loads(render(report, "sarif"))
    json.loads(render(report, "json"))
    assert len(rows(render(report, "csv"))) == 2
    assert render(report, "html").count("<script") == 1


def test_report_ci_json_keeps_control_characters_exactly() -> None:
    report = hostile_report("a\x00b\x1b]]>", "t")
    assert json.loads(render(report, "json"))["findings"][0]["evidence"][0]["quote"] == "a\x00b\x1b]]>"
