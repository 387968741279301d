"""Reading JSON reports back (for `compare`, `diff` and peer learning)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from gapcheck.errors import GapcheckError
from gapcheck.models import BenchmarkCheck, Evidence, Finding, LawSummary, Report, Status
from gapcheck.report.schema import VERSION, EvidenceDoc, FindingDoc, ReportDoc


def load_report_json(path: Path) -> Report:
    """The Report saved in the JSON file at `path`; GapcheckError naming the file if it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise GapcheckError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise GapcheckError(f"{path}: not a JSON report (not UTF-8 text)") from None
    except json.JSONDecodeError as error:
        raise GapcheckError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except RecursionError:  # json parses nested arrays recursively; no report nests this deep
        raise GapcheckError(f"{path}: not a gapcheck JSON report (nested too deeply)") from None
    if isinstance(data, dict) and data.get("version") not in (None, VERSION):
        raise GapcheckError(f"{path}: JSON report version {data.get('version')!r} is not supported (this gapcheck reads version {VERSION})")
    try:
        doc = ReportDoc.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise GapcheckError(f"{path}: not a gapcheck JSON report: {where}: {first['msg']}") from None
    return report_from_doc(doc)


def report_from_doc(doc: ReportDoc) -> Report:
    """The Report a validated JSON document describes."""
    return Report(
        name=doc.name,
        laws=tuple(LawSummary(l.path, l.title, l.language, l.pages, tuple(l.ocr_pages)) for l in doc.laws),
        findings=tuple(_finding(f) for f in doc.findings),
        checklists=tuple(doc.checklists),
        generated=doc.generated,
        errors=tuple((e.path, e.problem) for e in doc.errors),
    )


def _finding(doc: FindingDoc) -> Finding:
    benchmark = None
    if doc.benchmark is not None:
        b = doc.benchmark
        benchmark = BenchmarkCheck(b.benchmark, b.found, b.satisfied, b.note)
    return Finding(
        item=doc.item, domain=doc.domain, title=doc.title, status=Status(doc.status), confidence=doc.confidence,
        evidence=tuple(_evidence(e) for e in doc.evidence), benchmark=benchmark, reason=doc.reason,
    )


def _evidence(doc: EvidenceDoc) -> Evidence:
    return Evidence(
        law=doc.law, provision=doc.provision, path=doc.path, page=doc.page, quote=doc.quote,
        terms=tuple(doc.terms), concepts=tuple(doc.concepts), heading=doc.heading, ocr=doc.ocr, kind=doc.kind,
    )
