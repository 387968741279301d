"""Gap reports in every format users ask for, from one registry.

`render(report, "html", items=...)` is the whole interface: `FORMATS` maps the
name users type (`--format html`) to a renderer, and each renderer is a module
with `render(view) -> str`. The view (see `view.py`) joins the report's
findings to their checklist items and to peer reports once, so that every
format shows the same citations, scores and advice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from gapcheck.checklist.schema import Item
from gapcheck.errors import GapcheckError
from gapcheck.models import Report, Status
from gapcheck.report import to_html, to_json, to_md
from gapcheck.report.peers import how_others_do_it
from gapcheck.report.view import ReportView, build_view

Renderer = Callable[[ReportView], str]

FORMATS: dict[str, Renderer] = {
    "html": to_html.render,
    "md": to_md.render,
    "json": to_json.render,
}

# The file name extension of each format, for default output paths.
SUFFIXES: dict[str, str] = {"html": ".html", "md": ".md", "json": ".json", "csv": ".csv", "junit": ".xml", "sarif": ".sarif"}


def render(
    report: Report,
    fmt: str,
    *,
    items: Mapping[str, Item] | None = None,
    peers: Iterable[Report] = (),
    fail_on: Status = Status.PARTIAL,
) -> str:
    """`report` as text in format `fmt`.

    `items` (item id -> checklist Item) adds references, explanations and
    recommended wording; `peers` (other countries' reports) adds, to each gap,
    how the peers meet the item; `fail_on` is the lowest status counted as a
    failure by CI formats (JUnit, SARIF).
    """
    renderer = FORMATS.get(fmt)
    if renderer is None:
        raise GapcheckError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    examples = how_others_do_it(report, peers) if peers else {}
    return renderer(build_view(report, items, examples, fail_on))
