"""What every renderer shows, worked out once from a report and its checklist items.

A `ReportView` groups the findings by domain, counts them, scores them, cites
each piece of evidence the way a lawyer would ("Data Protection Act 2019,
s. 43(2)(b), p. 21") and joins each finding to its checklist item
(references, explanation, recommended wording) and to how peer countries
meet it. Renderers only lay this out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

from gapcheck.checklist.schema import Item
from gapcheck.models import Evidence, Finding, LawSummary, Report, Status
from gapcheck.report.text import sentence

SEVERITY = {Status.MET: 0, Status.PARTIAL: 1, Status.MISSING: 2}
LABELS = {Status.MET: "Met", Status.PARTIAL: "Partial", Status.MISSING: "Missing"}
SYMBOLS = {Status.MET: "✓", Status.PARTIAL: "◐", Status.MISSING: "✗"}
LANGUAGES = {"en": "English", "fr": "French", "pt": "Portuguese", "es": "Spanish", "ar": "Arabic"}
NOT_FOUND = "No provision expresses what this item asks for."
CAUTION = "An automated search can miss unusual wording: read the law before advising that it is silent."
SCORE_RULE = "score = (met + ½ × partial) ÷ items"
# How a provision's number is introduced in a citation, by its kind.
UNITS = {"section": "s.", "article": "art.", "regulation": "reg.", "rule": "r.", "schedule": "Schedule", "annex": "Annex"}


Threshold = Literal["never", "missing", "partial"]
THRESHOLDS: tuple[str, ...] = ("never", "missing", "partial")


def is_gap(status: Status, fail_on: Threshold = "partial") -> bool:
    """Whether `status` is a gap at the `fail_on` threshold: `partial` counts partial and missing."""
    if fail_on == "never" or status == Status.MET:
        return False
    return SEVERITY[status] >= SEVERITY[Status(fail_on)]


def language_name(code: str) -> str:
    """`fr` -> `French`; unknown codes are shown as given."""
    return LANGUAGES.get(code, code or "unknown")


def humanise(domain: str) -> str:
    """`data-protection` -> `Data protection`."""
    if not domain:
        return "Other"
    words = domain.replace("_", "-").split("-")
    # A one-letter prefix keeps its hyphen: e-transactions -> E-transactions.
    text = " ".join(words)
    if len(words) > 1 and len(words[0]) == 1:
        text = words[0] + "-" + " ".join(words[1:])
    return text.capitalize()


@dataclass(frozen=True)
class Tally:
    """How many items are met, partial and missing, and the score they make."""

    met: int = 0
    partial: int = 0
    missing: int = 0

    @property
    def items(self) -> int:
        return self.met + self.partial + self.missing

    @property
    def score(self) -> float:
        """(met + ½ partial) / items, from 0 to 1; 0 when there are no items."""
        return (self.met + 0.5 * self.partial) / self.items if self.items else 0.0

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    def count(self, status: Status) -> int:
        return {Status.MET: self.met, Status.PARTIAL: self.partial, Status.MISSING: self.missing}[status]


def tally(statuses: Iterable[Status]) -> Tally:
    """Count `statuses` into a Tally."""
    found = list(statuses)
    return Tally(found.count(Status.MET), found.count(Status.PARTIAL), found.count(Status.MISSING))


@dataclass(frozen=True)
class Cited:
    """A piece of evidence and how to cite it."""

    evidence: Evidence
    law_title: str
    citation: str  # "Data Protection Act 2019, s. 43(2)(b), p. 21"
    language: str


@dataclass(frozen=True)
class PeerExample:
    """How a peer country meets an item the report finds a gap in."""

    country: str
    status: Status
    evidence: tuple[Cited, ...]


@dataclass(frozen=True)
class ItemView:
    """One finding with its checklist item, cited evidence and peer examples."""

    finding: Finding
    item: Item | None
    evidence: tuple[Cited, ...]
    peers: tuple[PeerExample, ...] = ()

    @property
    def status(self) -> Status:
        return self.finding.status

    @property
    def label(self) -> str:
        return LABELS[self.finding.status]

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.finding.status]

    @property
    def reason(self) -> str:
        """The matcher's reason, written as a sentence."""
        return sentence(self.finding.reason)

    @property
    def refs(self) -> list[str]:
        return list(self.item.refs) if self.item else []

    @property
    def is_gap(self) -> bool:
        return self.finding.status != Status.MET

    def fails(self, fail_on: Threshold) -> bool:
        """Whether this finding counts as a failure for CI at the `fail_on` threshold."""
        return is_gap(self.finding.status, fail_on)


@dataclass(frozen=True)
class DomainView:
    """The items of one domain and their tally."""

    domain: str
    title: str
    items: tuple[ItemView, ...]

    @property
    def tally(self) -> Tally:
        return tally(i.status for i in self.items)


@dataclass(frozen=True)
class ReportView:
    """A report ready to lay out: domains, tallies, citations, checklist text, peers."""

    report: Report
    domains: tuple[DomainView, ...]
    fail_on: Threshold = "partial"
    law_titles: Mapping[str, str] = field(default_factory=dict)

    @property
    def tally(self) -> Tally:
        return tally(f.status for f in self.report.findings)

    @property
    def items(self) -> list[ItemView]:
        return [item for domain in self.domains for item in domain.items]

    @property
    def ocr_laws(self) -> list[LawSummary]:
        return [law for law in self.report.laws if law.ocr_pages]


def law_title(law: LawSummary | None, path: str) -> str:
    """The law's title, or its file name when the title is unknown."""
    if law and law.title.strip():
        return " ".join(law.title.split())
    return PurePath(path).name or path


def law_titles(laws: Iterable[LawSummary]) -> dict[str, str]:
    """Each law's title by path; laws that share a title are told apart by their file names."""
    titles = {law.path: law_title(law, law.path) for law in laws}
    shared = {title for title in titles.values() if list(titles.values()).count(title) > 1}
    return {path: f"{title} ({PurePath(path).name})" if title in shared else title for path, title in titles.items()}


def cite(evidence: Evidence, title: str, language: str = "") -> str:
    """`Data Protection Act 2019, s. 43(2)(b), p. 21`, the way an adviser cites a provision."""
    parts = [title]
    if evidence.path or evidence.provision:
        parts.append(provision_label(evidence, language))
    if evidence.page:
        parts.append(f"p. {evidence.page}")
    return ", ".join(parts)


def provision_label(evidence: Evidence, language: str) -> str:
    """`s. 43(2)(b)` for a section, `art. 12` for an article; a path like `Schedule 2` as is."""
    path = evidence.path or evidence.provision
    if not path[:1].isdigit():
        return path
    unit = UNITS.get(evidence.kind)
    if unit is None:
        # Without the provision's kind, follow the drafting tradition of the language.
        unit = "art." if language in ("fr", "pt", "es") else "s."
    return f"{unit} {path}"


def cite_all(evidence: Sequence[Evidence], laws: Iterable[LawSummary]) -> tuple[Cited, ...]:
    """Each piece of evidence with its citation; `laws` are the laws of the report it comes from."""
    laws = list(laws)
    titles = law_titles(laws)
    languages = {law.path: law.language for law in laws}
    cited = []
    for e in evidence:
        title = titles.get(e.law) or law_title(None, e.law)
        cited.append(Cited(e, title, cite(e, title, languages.get(e.law, "")), languages.get(e.law, "")))
    return tuple(cited)


def build_view(
    report: Report,
    items: Mapping[str, Item] | None = None,
    peers: Mapping[str, Sequence[PeerExample]] | None = None,
    fail_on: Threshold = "partial",
) -> ReportView:
    """Group and annotate `report` for the renderers."""
    items = items or {}
    peers = peers or {}
    grouped: dict[str, list[ItemView]] = {}
    for finding in report.findings:
        view = ItemView(finding, items.get(finding.item), cite_all(finding.evidence, report.laws), tuple(peers.get(finding.item, ())))
        grouped.setdefault(finding.domain, []).append(view)
    domains = tuple(DomainView(name, humanise(name), tuple(views)) for name, views in grouped.items())
    return ReportView(report, domains, fail_on, law_titles(report.laws))
