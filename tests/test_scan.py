"""A framework of several laws: an item is met if any law meets it; evidence names the law."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.checklist.load import load_checklists
from gapcheck.cli import main
from gapcheck.models import Evidence, Finding, Law, Status
from gapcheck.report import render
from gapcheck.scan import LawResult, ScanOptions, build_report, merge_framework, scan_laws


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


# --------------------------------------------------------------------------- cached and parallel scans

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "pdf"
LAWS = [SAMPLES / "ardenia-electronic-transactions-act-2025.pdf", SAMPLES / "ardenia-cybercrime-act-2025.pdf"]


def json_report(cache_dir: Path | None, jobs: int = 1, progress: list | None = None) -> str:
    checklists = load_checklists()
    results = scan_laws(LAWS, checklists, ScanOptions(cache_dir=cache_dir), jobs=jobs,
                        progress=progress.append if progress is not None else None)
    return render(build_report("ardenia", results, checklists, generated="2025-01-01"), "json")


@pytest.fixture(scope="module")
def cold_report() -> str:
    return json_report(None)


def test_scan_cached_and_warm_reports_are_identical_to_cold(cold_report: str, tmp_path: Path) -> None:
    assert json_report(tmp_path) == cold_report  # fills the cache
    assert len(list(tmp_path.glob("*.json"))) == len(LAWS)  # the parsed laws
    assert len(list(tmp_path.glob("docs-*.bin"))) == len(LAWS)  # their spaCy parses
    assert json_report(tmp_path) == cold_report  # served from the cache


def test_scan_parallel_report_is_identical_and_progress_counts_each_law(cold_report: str) -> None:
    progress: list = []
    assert json_report(None, jobs=2, progress=progress) == cold_report
    assert sorted(result.path for result in progress) == sorted(map(str, LAWS))


@pytest.mark.parametrize("flags, cached", [([], True), (["--no-cache"], False)])
def test_scan_cli_cache_dir_and_no_cache(tmp_path: Path, flags: list[str], cached: bool) -> None:
    cache_dir = tmp_path / "cache"
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(LAWS[0]), "-f", "json", "-o", str(out), "--cache-dir", str(cache_dir), *flags])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert bool(list(cache_dir.glob("*.json"))) is cached
