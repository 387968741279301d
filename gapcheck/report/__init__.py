"""Gap reports in every format users ask for, from one registry.

`render(report, "html", items=...)` is the whole interface: `FORMATS` maps the
name users type (`--format html`) to a Renderer, whose `render` takes the
report's view (see `view.py`). The view joins the findings to their checklist
items and to peer reports once, so that every format shows the same
citations, scores and advice.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from gapcheck.checklist.schema import Item
from gapcheck.errors import GapcheckError
from gapcheck.models import Report
from gapcheck.output import write_report
from gapcheck.report.loading import load_report_json
from gapcheck.report.peers import how_others_do_it, load_peer_reports
from gapcheck.report.view import THRESHOLDS, ReportView, Threshold, build_view, is_gap, tally

__all__ = [
    "FORMATS", "Renderer", "fails", "how_others_do_it", "load_peer_reports", "load_report_json", "render", "write_report",
]


@dataclass(frozen=True)
class Renderer:
    """A report format: the name users type, its file extension, and the module that renders it."""

    name: str
    extension: str  # without the dot
    module: str  # in gapcheck.report, with a `render(view) -> str`: imported when the format is first asked for
    description: str

    @property
    def render(self) -> Callable[[ReportView], str]:
        """The format's `render(view) -> str`."""
        # a scan writes one or two formats: the others' imports (Jinja2 for HTML, csv, XML) are not worth paying for
        rendering: Callable[[ReportView], str] = importlib.import_module(f"gapcheck.report.{self.module}").render
        return rendering


FORMATS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer("html", "html", "to_html", "a self-contained page to read, filter, project or print"),
        Renderer("md", "md", "to_md", "Markdown for pull requests and wikis"),
        Renderer("json", "json", "to_json", "the machine-readable report (gapcheck/report/report.schema.json)"),
        Renderer("csv", "csv", "to_csv", "one row per item, for spreadsheets"),
        Renderer("junit", "xml", "to_junit", "JUnit XML for CI: one test case per item, gaps as failures"),
        Renderer("sarif", "sarif", "to_sarif", "SARIF 2.1.0 for code-scanning dashboards: one result per gap"),
    )
}


def render(
    report: Report,
    fmt: str,
    *,
    items: Mapping[str, Item] | None = None,
    peers: Iterable[Report] = (),
    fail_on: Threshold = "partial",
) -> str:
    """`report` as text in format `fmt`.

    `items` (item id -> checklist Item) adds references, explanations and
    recommended wording; `peers` (other countries' reports) adds, to each gap,
    how the peers meet the item; `fail_on` (never, missing, partial) is the
    status from which CI formats (JUnit, SARIF) count a gap as a failure.
    """
    renderer = FORMATS.get(fmt)
    if renderer is None:
        raise GapcheckError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fail_on not in THRESHOLDS:
        raise GapcheckError(f"unknown threshold {fail_on!r} (choose from {', '.join(THRESHOLDS)})")
    examples = how_others_do_it(report, peers)
    return renderer.render(build_view(report, items, examples, fail_on))


def fails(report: Report, fail_on: Threshold = "never", min_score: float | None = None) -> bool:
    """Whether CI should fail: a gap at or above `fail_on`, or an overall score (0-100) below `min_score`."""
    if any(is_gap(finding.status, fail_on) for finding in report.findings):
        return True
    return min_score is not None and tally(f.status for f in report.findings).score * 100 < min_score
