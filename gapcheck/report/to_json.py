"""The JSON report: the contract other tools (and `gapcheck compare`/`diff`) read."""

from __future__ import annotations

import json

from gapcheck import __version__
from gapcheck.models import BenchmarkCheck, Finding, Report
from gapcheck.report.schema import VERSION, BenchmarkDoc, ErrorDoc, EvidenceDoc, FindingDoc, LawDoc, ReportDoc, TallyDoc
from gapcheck.report.view import Cited, ItemView, ReportView, Tally


def render(view: ReportView) -> str:
    """The report as JSON (sorted keys, two-space indent, UTF-8 text, final newline)."""
    data = document(view).model_dump(mode="json")
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def document(view: ReportView) -> ReportDoc:
    """The report as the models of the JSON contract."""
    report: Report = view.report
    summary = {domain.domain: _tally(domain.tally) for domain in view.domains}
    summary["all"] = _tally(view.tally)
    return ReportDoc(
        version=VERSION,
        gapcheck=__version__,
        name=report.name,
        generated=report.generated,
        checklists=list(report.checklists),
        laws=[LawDoc(path=l.path, title=l.title, language=l.language, pages=l.pages, ocr_pages=list(l.ocr_pages)) for l in report.laws],
        findings=[_finding(item) for item in view.items],
        summary=summary,
        errors=[ErrorDoc(path=file, problem=problem) for file, problem in report.errors],
    )


def _finding(view: ItemView) -> FindingDoc:
    finding: Finding = view.finding
    return FindingDoc(
        item=finding.item,
        domain=finding.domain,
        title=finding.title,
        status=finding.status.value,
        confidence=round(min(max(finding.confidence, 0.0), 1.0), 3),
        reason=finding.reason,
        evidence=[_evidence(cited) for cited in view.evidence],
        benchmark=_benchmark(finding.benchmark),
        refs=view.refs,
    )


def _evidence(cited: Cited) -> EvidenceDoc:
    e = cited.evidence
    return EvidenceDoc(
        law=e.law, provision=e.provision, path=e.path, page=e.page, quote=e.quote, citation=cited.citation,
        terms=list(e.terms), concepts=list(e.concepts), heading=e.heading, kind=e.kind, ocr=e.ocr,
    )


def _benchmark(check: BenchmarkCheck | None) -> BenchmarkDoc | None:
    if check is None:
        return None
    return BenchmarkDoc(benchmark=check.benchmark, found=check.found, satisfied=check.satisfied, note=check.note)


def _tally(t: Tally) -> TallyDoc:
    return TallyDoc(items=t.items, met=t.met, partial=t.partial, missing=t.missing, score=round(t.score, 4))
