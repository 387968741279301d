"""Citations, titles, tallies and thresholds shared by every format."""

from __future__ import annotations

import pytest

from gapcheck.models import Evidence, LawSummary, Status
from gapcheck.report.view import Tally, cite_all, humanise, is_gap, law_titles

DPA = LawSummary("laws/dpa.pdf", "Data Protection Act 2019", "en", 30)
LOI = LawSummary("laws/loi.pdf", "Loi n° 2020-15", "fr", 12)


@pytest.mark.parametrize(
    ("evidence", "citation"),
    [
        (Evidence("laws/dpa.pdf", "43", "43(2)(b)", 21, "q", kind="section"), "Data Protection Act 2019, s. 43(2)(b), p. 21"),
        (Evidence("laws/dpa.pdf", "12", "12", 4, "q", kind="article"), "Data Protection Act 2019, art. 12, p. 4"),
        (Evidence("laws/dpa.pdf", "12", "12(1)", 4, "q"), "Data Protection Act 2019, s. 12(1), p. 4"),
        (Evidence("laws/loi.pdf", "5", "5", 2, "q"), "Loi n° 2020-15, art. 5, p. 2"),
        (Evidence("laws/dpa.pdf", "Schedule 2", "Schedule 2", 29, "q"), "Data Protection Act 2019, Schedule 2, p. 29"),
        (Evidence("laws/dpa.pdf", "4", "4", 0, "q"), "Data Protection Act 2019, s. 4"),
        (Evidence("laws/dpa.pdf", "2", "2(3)", 30, "q", kind="schedule"), "Data Protection Act 2019, Schedule 2(3), p. 30"),
        (Evidence("elsewhere/x.pdf", "4", "4", 3, "q"), "x.pdf, s. 4, p. 3"),
    ],
)
def test_report_view_citation(evidence: Evidence, citation: str) -> None:
    assert cite_all([evidence], [DPA, LOI])[0].citation == citation


def test_report_view_shared_titles_are_told_apart() -> None:
    gazette = [LawSummary("a/cp.pdf", "GOVERNMENT  GAZETTE", "en", 3), LawSummary("a/dp.pdf", "GOVERNMENT GAZETTE", "en", 3), DPA]
    assert law_titles(gazette) == {"a/cp.pdf": "GOVERNMENT GAZETTE (cp.pdf)", "a/dp.pdf": "GOVERNMENT GAZETTE (dp.pdf)", "laws/dpa.pdf": "Data Protection Act 2019"}
    assert law_titles([LawSummary("a/untitled.pdf", " ", "en", 1)]) == {"a/untitled.pdf": "untitled.pdf"}


@pytest.mark.parametrize(("tally", "score", "percent"), [(Tally(2, 2, 2), 0.5, 50), (Tally(1, 0, 2), 1 / 3, 33), (Tally(), 0.0, 0), (Tally(0, 1, 0), 0.5, 50)])
def test_report_view_score(tally: Tally, score: float, percent: int) -> None:
    assert (tally.score, tally.percent) == (pytest.approx(score), percent)


@pytest.mark.parametrize(
    ("status", "fail_on", "gap"),
    [
        (Status.MET, "partial", False), (Status.PARTIAL, "partial", True), (Status.MISSING, "partial", True),
        (Status.PARTIAL, "missing", False), (Status.MISSING, "missing", True), (Status.MISSING, "never", False),
    ],
)
def test_report_view_threshold(status: Status, fail_on: str, gap: bool) -> None:
    assert is_gap(status, fail_on) is gap  # type: ignore[arg-type]


@pytest.mark.parametrize(("domain", "title"), [("data-protection", "Data protection"), ("e-transactions", "E-transactions"), ("cybersecurity", "Cybersecurity"), ("", "Other")])
def test_report_view_domain_titles(domain: str, title: str) -> None:
    assert humanise(domain) == title
