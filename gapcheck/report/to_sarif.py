"""SARIF 2.1.0, for code-scanning dashboards (GitHub, Azure DevOps, IDE viewers).

One rule per checklist item and one result per gap (partial or missing).
A law is a PDF, which has pages, not lines, while SARIF regions are counted in
lines and GitHub requires `region.startLine`. gapcheck therefore writes the
PDF page of the evidence as `region.startLine` (a missing item, having no
evidence, points at page 1 of each law), repeats it as `properties.page` of
the location, and gives the full citation ("Data Protection Act 2019,
s. 43(2)(b), p. 21") in the location's message and logical location.
A gap at or above the `fail_on` threshold has level `error`; one below it,
`warning`.
"""

from __future__ import annotations

import json
from pathlib import PurePath, PurePosixPath
from typing import Any
from urllib.parse import quote

from gapcheck import __version__
from gapcheck.models import Status
from gapcheck.report.text import clean, one_line
from gapcheck.report.view import Cited, ItemView, ReportView

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def render(view: ReportView) -> str:
    """The report as a SARIF 2.1.0 log with one run."""
    laws = [law.path for law in view.report.laws]
    rules = [_rule(entry) for entry in view.items]
    results = [_result(index, entry, view, laws) for index, entry in enumerate(view.items) if entry.is_gap]
    run = {
        "tool": {"driver": {"name": "gapcheck", "version": __version__, "semanticVersion": __version__, "rules": rules}},
        "artifacts": [_artifact(law, view) for law in view.report.laws],
        "invocations": [_invocation(view)],
        "results": results,
        "properties": {"report": clean(view.report.name), "score": round(view.tally.score, 4)},
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def uri(path: str) -> str:
    """A relative URI reference for a relative path, a file: URI for an absolute one."""
    pure = PurePath(path)
    text = _quote(PurePosixPath(*pure.parts).as_posix())
    return "file://" + text if pure.is_absolute() else text


def _quote(path: str) -> str:
    # A file name that is not UTF-8 reaches Python with surrogate escapes: give back its bytes.
    try:
        return quote(path, errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, errors="replace")


def _rule(entry: ItemView) -> dict[str, Any]:
    f = entry.finding
    rule: dict[str, Any] = {
        "id": f.item,
        "name": clean(f.title),
        "shortDescription": {"text": clean(f.title)},
        "defaultConfiguration": {"level": "error"},
        "properties": {"domain": f.domain, "refs": entry.refs, "tags": [f.domain]},
    }
    if entry.item:
        rule["fullDescription"] = {"text": clean(entry.item.ask)}
        rule["help"] = {"text": clean(f"{entry.item.explanation}\n\nRecommended wording: {entry.item.recommendation}")}
        if entry.item.benchmark:
            rule["properties"]["benchmark"] = clean(entry.item.benchmark)
    return rule


def _result(index: int, entry: ItemView, view: ReportView, laws: list[str]) -> dict[str, Any]:
    f = entry.finding
    if entry.evidence:
        locations = [_evidence_location(cited, laws) for cited in entry.evidence]
    else:
        locations = [_law_location(law, laws) for law in laws]
    return {
        "ruleId": f.item,
        "ruleIndex": index,
        "level": "error" if entry.fails(view.fail_on) else "warning",
        "kind": "fail",
        "message": {"text": _message(entry)},
        "locations": locations,
        "partialFingerprints": {"gapcheckItem/v1": f"{clean(view.report.name)}:{f.item}"},
        "properties": {"status": f.status.value, "confidence": round(f.confidence, 3), "domain": f.domain},
    }


def _message(entry: ItemView) -> str:
    f = entry.finding
    parts = [f"{f.item} {f.title}: {f.status.value}."]
    if f.status == Status.MISSING:
        parts.append("Not found in the laws read.")
    if entry.reason:
        parts.append(entry.reason)
    if f.benchmark:
        parts.append(f"Benchmark: {f.benchmark.benchmark}; found: {f.benchmark.found or 'no figure found'}.")
    return one_line(" ".join(parts))


def _evidence_location(cited: Cited, laws: list[str]) -> dict[str, Any]:
    e = cited.evidence
    location = _law_location(e.law, laws, page=max(e.page, 1))
    location["physicalLocation"]["region"]["snippet"] = {"text": clean(e.quote)}
    location["message"] = {"text": clean(cited.citation)}
    location["logicalLocations"] = [{"name": clean(e.path or e.provision), "fullyQualifiedName": clean(cited.citation)}]
    location["properties"]["ocr"] = e.ocr
    return location


def _law_location(law: str, laws: list[str], page: int = 1) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri(law)}
    if law in laws:
        artifact["index"] = laws.index(law)
    return {"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": page}}, "properties": {"page": page}}


def _artifact(law: Any, view: ReportView) -> dict[str, Any]:
    return {
        "location": {"uri": uri(law.path)},
        "mimeType": "application/pdf",
        "description": {"text": clean(view.law_titles[law.path])},
        "properties": {"language": law.language, "pages": law.pages, "ocrPages": list(law.ocr_pages)},
    }


def _invocation(view: ReportView) -> dict[str, Any]:
    notes = [
        {"level": "error", "message": {"text": clean(f"{file}: {problem}")}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(file)}}}]}
        for file, problem in view.report.errors
    ]
    return {"executionSuccessful": not view.report.errors, "toolExecutionNotifications": notes}
