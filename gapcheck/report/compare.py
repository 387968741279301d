"""Comparing countries: a matrix of reports × items, as an HTML heatmap or CSV.

Trainers compare how several countries' laws meet the same checklist. Each
report is one column; each item one row; per-domain scores sum the columns
up with the same rule as the gap report: (met + ½ partial) / items assessed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gapcheck import __version__
from gapcheck.checklist.schema import Item
from gapcheck.errors import GapcheckError
from gapcheck.models import Finding, Report, Status
from gapcheck.report.templating import render_template
from gapcheck.report.text import csv_cell
from gapcheck.report.view import LABELS, SCORE_RULE, SEVERITY, SYMBOLS, Cited, Tally, cite_all, humanise, tally

FORMATS = ("html", "csv")


@dataclass(frozen=True)
class Row:
    """One item across the countries: a finding per country, None where it was not assessed."""

    item: str
    domain: str
    title: str
    cells: tuple[Finding | None, ...]


@dataclass(frozen=True)
class Matrix:
    """Countries (columns) × items (rows), grouped by domain."""

    countries: tuple[str, ...]
    reports: tuple[Report, ...]
    rows: tuple[Row, ...]

    @property
    def domains(self) -> list[str]:
        return list(dict.fromkeys(row.domain for row in self.rows))

    def rows_of(self, domain: str) -> list[Row]:
        return [row for row in self.rows if row.domain == domain]

    def tally(self, column: int, domain: str | None = None) -> Tally:
        """The tally of one country, in one domain or over all."""
        rows = self.rows if domain is None else self.rows_of(domain)
        return tally(cell.status for row in rows if (cell := row.cells[column]) is not None)


@dataclass(frozen=True)
class Example:
    """A country's strongest quote for an item, for trainers to show what a provision looks like."""

    column: int
    country: str
    status: Status
    cited: Cited


def examples(matrix: Matrix, row: Row) -> list[Example]:
    """Each country's first quote for `row`'s item, met before partial; missing ones have none."""
    found = []
    for column, cell in enumerate(row.cells):
        if cell is not None and cell.status != Status.MISSING and cell.evidence:
            cited = cite_all(cell.evidence[:1], matrix.reports[column].laws)[0]
            found.append(Example(column, matrix.countries[column], cell.status, cited))
    return sorted(found, key=lambda e: (SEVERITY[e.status], e.column))


def build_matrix(reports: Sequence[Report]) -> Matrix:
    """The comparison matrix of `reports`, items in the order they first appear."""
    if not reports:
        raise GapcheckError("nothing to compare: give at least one JSON report")
    by_report = [{f.item: f for f in report.findings} for report in reports]
    first: dict[str, Finding] = {}
    for report in reports:
        for finding in report.findings:
            first.setdefault(finding.item, finding)
    ordered = sorted(first.values(), key=lambda f: _domain_order(reports).index(f.domain))
    rows = tuple(Row(f.item, f.domain, f.title, tuple(found.get(f.item) for found in by_report)) for f in ordered)
    return Matrix(_labels(reports), tuple(reports), rows)


def _domain_order(reports: Sequence[Report]) -> list[str]:
    return list(dict.fromkeys(f.domain for report in reports for f in report.findings))


def _labels(reports: Sequence[Report]) -> tuple[str, ...]:
    """Report names as column heads, numbered when two reports share a name."""
    seen: dict[str, int] = {}
    labels = []
    for report in reports:
        seen[report.name] = seen.get(report.name, 0) + 1
        labels.append(report.name if seen[report.name] == 1 else f"{report.name} ({seen[report.name]})")
    return tuple(labels)


def render_compare(reports: Sequence[Report], fmt: str, items: Mapping[str, Item] | None = None) -> str:
    """The comparison of `reports` as `html` or `csv`; `items` (default: the bundled checklists') give references."""
    matrix = build_matrix(reports)
    if fmt == "csv":
        return to_csv(matrix)
    if fmt == "html":
        return to_html(matrix, bundled_items() if items is None else items)
    raise GapcheckError(f"unknown comparison format {fmt!r} (choose from {', '.join(FORMATS)})")


def to_csv(matrix: Matrix) -> str:
    """Items as rows, countries as columns (status), then a score row per domain and overall."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in ("domain", "item", "title", *matrix.countries)])
    for row in matrix.rows:
        statuses = [cell.status.value if cell else "" for cell in row.cells]
        writer.writerow([csv_cell(c) for c in (row.domain, row.item, row.title, *statuses)])
    for domain in [*matrix.domains, None]:
        tallies = [matrix.tally(i, domain) for i in range(len(matrix.countries))]
        scores = [f"{t.percent}%" if t.items else "" for t in tallies]
        writer.writerow([csv_cell(c) for c in (domain or "all", "", "score", *scores)])
    return buffer.getvalue()


def to_html(matrix: Matrix, items: Mapping[str, Item]) -> str:
    """The comparison as a self-contained HTML heatmap."""
    return render_template(
        "compare.html.j2",
        matrix=matrix,
        items=items,
        version=__version__,
        statuses=list(Status),
        labels=LABELS,
        symbols=SYMBOLS,
        score_rule=SCORE_RULE,
        humanise=humanise,
        tooltip=tooltip,
        band=band,
        examples=examples,
    )


def tooltip(report: Report, finding: Finding | None) -> str:
    """What a cell says on hover: status and the first citation."""
    if finding is None:
        return "not assessed"
    where = f": {cite_all(finding.evidence[:1], report.laws)[0].citation}" if finding.evidence else ""
    return f"{report.name}, {finding.item}: {LABELS[finding.status]}{where}"


def band(score: float) -> str:
    """A colour band for a score, always shown next to the number itself."""
    return "high" if score >= 0.75 else "mid" if score >= 0.4 else "low"


def bundled_items() -> dict[str, Item]:
    """The items of the bundled checklists, for their references; none if they cannot be loaded."""
    from gapcheck.checklist.load import load_checklists

    try:
        return {item.id: item for checklist in load_checklists() for item in checklist.items}
    except GapcheckError:
        return {}
