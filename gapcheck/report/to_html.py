"""The HTML report: one self-contained page to read on screen, project, or print."""

from __future__ import annotations

from gapcheck import __version__
from gapcheck.models import Status
from gapcheck.report.templating import render_template
from gapcheck.report.view import CAUTION, LABELS, NOT_FOUND, SYMBOLS, ReportView, language_name

MEANINGS = {
    Status.MET: "a provision does what the item asks",
    Status.PARTIAL: "addressed, but incomplete or weaker than the benchmark",
    Status.MISSING: "no provision found",
}


def render(view: ReportView) -> str:
    """The report as a standalone HTML page (inline CSS and JS, nothing fetched)."""
    return render_template(
        "report.html.j2",
        view=view,
        report=view.report,
        version=__version__,
        statuses=list(Status),
        labels=LABELS,
        symbols=SYMBOLS,
        meanings=MEANINGS,
        language_name=language_name,
        not_found=NOT_FOUND,
        caution=CAUTION,
    )
