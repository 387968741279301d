"""The CSV report: one row per item, for spreadsheets.

Every cell goes through `csv_cell`, so law text that starts like a formula
(`=HYPERLINK(...)`, `+`, `-`, `@`, tab, carriage return) gets a leading
apostrophe and is shown, never run. Rows end in CRLF, as RFC 4180 and
spreadsheet programs expect.
"""

from __future__ import annotations

import csv
import io

from gapcheck.report.text import csv_cell, one_line
from gapcheck.report.view import ItemView, ReportView

COLUMNS = (
    "report", "domain", "item", "title", "status", "confidence", "citations", "quote", "benchmark",
    "found", "benchmark_met", "ocr", "refs", "reason", "recommendation",
)


def render(view: ReportView) -> str:
    """The report as CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in view.items:
        writer.writerow([csv_cell(cell) for cell in row(view.report.name, entry)])
    return buffer.getvalue()


def row(report: str, entry: ItemView) -> list[str]:
    """The cells of one item, in COLUMNS order, before formula neutralising."""
    f = entry.finding
    check = f.benchmark
    benchmark = check.benchmark if check else ((entry.item.benchmark or "") if entry.item else "")
    met = "" if check is None or check.satisfied is None else ("yes" if check.satisfied else "no")
    return [
        report, f.domain, f.item, f.title, f.status.value, f"{f.confidence:.2f}",
        "; ".join(c.citation for c in entry.evidence),
        one_line(entry.evidence[0].evidence.quote) if entry.evidence else "",
        benchmark, (check.found or "") if check else "", met,
        "yes" if any(c.evidence.ocr for c in entry.evidence) else "no",
        "; ".join(entry.refs), entry.reason,
        one_line(entry.item.recommendation) if entry.item and entry.is_gap else "",
    ]
