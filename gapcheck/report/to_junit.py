"""JUnit XML, for CI dashboards: one test case per item, one test suite per domain.

A gap at or above the `fail_on` threshold is a <failure>; a gap below it
passes with a note in <system-out>. Files that could not be read are
<error>s. No timings, so the same report gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from gapcheck.report.text import clean, one_line
from gapcheck.report.view import DomainView, ItemView, ReportView


def render(view: ReportView) -> str:
    """The report as JUnit XML."""
    failures = sum(entry.fails(view.fail_on) for entry in view.items)
    errors = len(view.report.errors)
    root = ET.Element("testsuites", _counts(f"gapcheck: {view.report.name}", len(view.items) + errors, failures, errors))
    for domain in view.domains:
        root.append(_suite(domain, view))
    if view.report.errors:
        root.append(_inputs(view))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _counts(name: str, tests: int, failures: int, errors: int) -> dict[str, str]:
    return {"name": clean(name), "tests": str(tests), "failures": str(failures), "errors": str(errors), "skipped": "0"}


def _suite(domain: DomainView, view: ReportView) -> ET.Element:
    failures = sum(entry.fails(view.fail_on) for entry in domain.items)
    suite = ET.Element("testsuite", _counts(domain.domain, len(domain.items), failures, 0))
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "score", "value": f"{domain.tally.score:.4f}"})
    for entry in domain.items:
        suite.append(_case(entry, view))
    return suite


def _case(entry: ItemView, view: ReportView) -> ET.Element:
    f = entry.finding
    case = ET.Element("testcase", {"classname": clean(f"gapcheck.{f.domain}"), "name": clean(f"{f.item} {f.title}")})
    summary = one_line(f"{f.item} {f.title}: {f.status.value}. {entry.reason}")
    if entry.fails(view.fail_on):
        failure = ET.SubElement(case, "failure", {"type": f.status.value, "message": summary})
        failure.text = _details(entry)
    else:
        out = ET.SubElement(case, "system-out")
        below = "" if not entry.is_gap else f" (below the fail-on threshold '{view.fail_on}')"
        out.text = f"{entry.label}{below}\n{_details(entry)}"
    return case


def _details(entry: ItemView) -> str:
    lines = [f"{c.citation}: \u201c{one_line(c.evidence.quote)}\u201d" for c in entry.evidence]
    check = entry.finding.benchmark
    if check:
        lines.append(f"Benchmark: {check.benchmark}; found: {check.found or 'no figure found'}")
    if entry.is_gap and not entry.evidence:
        lines.append("Not found in the laws read.")
    if entry.is_gap and entry.item:
        lines.append(f"Recommended wording: {one_line(entry.item.recommendation)}")
    if entry.refs:
        lines.append("References: " + ", ".join(entry.refs))
    return clean("\n".join(lines))


def _inputs(view: ReportView) -> ET.Element:
    suite = ET.Element("testsuite", _counts("inputs", len(view.report.errors), 0, len(view.report.errors)))
    for file, problem in view.report.errors:
        case = ET.SubElement(suite, "testcase", {"classname": "gapcheck.inputs", "name": clean(file)})
        ET.SubElement(case, "error", {"type": "unreadable", "message": clean(f"{file}: {problem}")})
    return suite
