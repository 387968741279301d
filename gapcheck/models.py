"""The data passed between gapcheck's stages.

Each stage of the data flow (ingest, layout, structure, nlp, match, report)
takes one of these plain objects and returns the next, so that no stage needs
to know how an earlier one worked or reread the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True)
class Word:
    """One word as printed on a PDF page, with its position and type face."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    font: str = ""

    @property
    def bold(self) -> bool:
        return "bold" in self.font.lower() or "black" in self.font.lower()

    @property
    def italic(self) -> bool:
        return "italic" in self.font.lower() or "oblique" in self.font.lower()


@dataclass(frozen=True)
class Page:
    """One PDF page (numbered from 1) and the words on it."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    ocr: bool = False  # the words came from OCR, not from the PDF's text layer


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Line:
    """A clean line of body text, in reading order, with the page it is on."""

    text: str
    page: int
    x0: float = 0.0
    top: float = 0.0
    size: float = 0.0
    bold: bool = False
    margin_note: bool = False  # a side note printed in the margin (often a section heading)
    ocr: bool = False


# --------------------------------------------------------------------------- structure


@dataclass
class Provision:
    """A unit of a law that can be cited: a section, article, subsection, paragraph...

    `text` is the provision's whole text (its children's included); a child's
    `offset` is where its text starts inside its parent's `text`, so that a
    quote found anywhere in a section can be traced to `43(2)(b)`.
    `pages` maps offsets in `text` to PDF pages: (offset, page) pairs in order,
    the first at offset 0.
    """

    number: str
    kind: str  # section | article | schedule | subsection | paragraph | subparagraph | inserted
    heading: str = ""
    text: str = ""
    page: int = 0
    end_page: int = 0
    part: str = ""
    children: list[Provision] = field(default_factory=list)
    offset: int = 0
    pages: tuple[tuple[int, int], ...] = ()
    ocr: bool = False

    def page_at(self, offset: int) -> int:
        """The PDF page of the character at `offset` in this provision's text."""
        page = self.page
        for start, number in self.pages:
            if start > offset:
                break
            page = number
        return page

    def path_at(self, offset: int) -> str:
        """The citation path (e.g. `43(2)(b)`) of the character at `offset` in `text`."""
        for child in self.children:
            relative = offset - child.offset
            if 0 <= relative < len(child.text):
                return path_join(self.number, child.path_at(relative))
        return self.number

    def walk(self) -> list[Provision]:
        """This provision and all below it, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


def path_join(parent: str, child: str) -> str:
    """`43` + `(2)` -> `43(2)`; an inserted section keeps its own number: `1 [431-8]`."""
    if child.startswith("(") or not child:
        return parent + child
    return f"{parent} [{child}]"


@dataclass(frozen=True)
class Definition:
    """A term defined by the law, the provision that defines it, and its meaning."""

    term: str
    provision: str
    text: str


@dataclass
class Law:
    """One law read from a PDF: its metadata and the tree of its provisions."""

    source: str
    pages: int
    language: str
    title: str
    provisions: list[Provision] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    ocr_pages: tuple[int, ...] = ()  # pages whose words came from OCR
    unread_pages: tuple[int, ...] = ()  # pages with no text layer that could not be OCRed
    sha256: str = ""

    def find(self, number: str) -> Provision | None:
        """The provision printed with `number`, searching inserted provisions too."""
        for top in self.provisions:
            for provision in top.walk():
                if provision.number == number and provision.kind in ("section", "article", "schedule", "inserted"):
                    return provision
        return None


# --------------------------------------------------------------------------- match


class Status(str, Enum):
    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Evidence:
    """A quotation from a law that answers (part of) a checklist item."""

    law: str  # the law's source path as given
    provision: str  # top-level number as printed, e.g. "43"
    path: str  # e.g. "43(2)(b)"
    page: int
    quote: str
    terms: tuple[str, ...] = ()  # the words of the quote that matched the item's concepts
    concepts: tuple[str, ...] = ()  # the item's concepts this quote expresses
    heading: str = ""
    ocr: bool = False
    kind: str = ""  # the top-level provision's kind (section, article...), so reports cite "s. 43" or "art. 43"


@dataclass(frozen=True)
class BenchmarkCheck:
    """A quantity found in the law compared with the item's benchmark."""

    benchmark: str  # as the catalogue words it, e.g. "within 72 hours of becoming aware"
    found: str | None  # as the law words it, e.g. "seven days"; None when no quantity
    satisfied: bool | None  # None when nothing could be compared
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """The answer for one checklist item: status, confidence and evidence."""

    item: str
    domain: str
    title: str
    status: Status
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    benchmark: BenchmarkCheck | None = None
    reason: str = ""  # one sentence on why this status, for the report


@dataclass(frozen=True)
class LawSummary:
    """What a report says about each law it read."""

    path: str
    title: str
    language: str
    pages: int
    ocr_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Report:
    """Findings for a framework (one or more laws of a country) against checklists."""

    name: str
    laws: tuple[LawSummary, ...]
    findings: tuple[Finding, ...]
    checklists: tuple[str, ...] = ()
    generated: str | None = None  # ISO date, only when asked for (reproducible output)
    errors: tuple[tuple[str, str], ...] = ()  # (file, problem) for inputs that could not be read
