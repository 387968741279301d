"""A framework of several laws: an item is met if any law meets it; evidence names the law."""

from __future__ import annotations

from gapcheck.models import Evidence, Finding, Law, Status
from gapcheck.scan import LawResult, build_report, merge_framework


def finding(item: str, status: Status, law: str, confidence: float = 0.5) -> Finding:
    evidence = () if status is Status.MISSING else (Evidence(law=law, provision="1", path="1", page=1, quote="q"),)
    return Finding(item=item, domain="d", title="t", status=status, confidence=confidence, evidence=evidence)


def result(path: str, *findings: Finding) -> LawResult:
    return LawResult(path, law=Law(source=path, pages=1, language="en", title=path), findings=findings)


def test_scan_best_status_wins_and_evidence_names_each_law() -> None:
    merged = merge_framework([
        result("a.pdf", finding("X-01", Status.PARTIAL, "a.pdf"), finding("X-02", Status.MISSING, "a.pdf")),
        result("b.pdf", finding("X-01", Status.MET, "b.pdf"), finding("X-02", Status.MISSING, "b.pdf")),
    ])
    assert [(f.item, f.status) for f in merged] == [("X-01", Status.MET), ("X-02", Status.MISSING)]
    assert [e.law for e in merged[0].evidence] == ["b.pdf", "a.pdf"]


def test_scan_report_keeps_unreadable_laws_as_errors() -> None:
    report = build_report("ardenia", [result("a.pdf", finding("X-01", Status.MET, "a.pdf")), LawResult("b.pdf", error="not a PDF")], [])
    assert [law.path for law in report.laws] == ["a.pdf"]
    assert report.errors == (("b.pdf", "not a PDF"),)
    assert report.findings[0].status is Status.MET
