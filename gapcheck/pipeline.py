"""Read a law: PDF -> pages -> clean lines -> provisions, and print it as JSON or text."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from gapcheck import collector, ingest, layout, ocr, structure
from gapcheck.cache import file_hash, source_fingerprint
from gapcheck.errors import LawError
from gapcheck.language import detect_language
from gapcheck.models import Law, Line, Page, Provision

LANGUAGES = ("en", "fr", "es", "pt")
# The modules whose code decides what a parsed law contains: any change to them
# invalidates cached laws (see gapcheck.cache).
PARSER_MODULES = ("ingest", "layout.py", "structure.py", "subdivisions.py", "language.py", "ocr.py", "pipeline.py", "models.py")


@lru_cache(maxsize=1)
def parser_version() -> str:
    """A fingerprint of the parser's code, so that a changed parser never reuses a stale cache."""
    return source_fingerprint(PARSER_MODULES)


def read_law(
    path: str | Path, *, backend: str = "pdfium", language: str | None = None, max_pages: int = 2000, sha256: str | None = None
) -> Law:
    """Read the law at `path` into its provisions; LawError when the file cannot be read.

    `sha256` is the file's hash when the caller has already computed it (the cache has).
    """
    path = Path(path)
    if language is not None and language not in LANGUAGES:
        raise LawError(str(path), f"unsupported language {language!r} (choose from {', '.join(LANGUAGES)})")
    with collector.paused():
        return parse_law(path, backend, language, max_pages, sha256)


def parse_law(path: Path, backend: str, language: str | None, max_pages: int, sha256: str | None) -> Law:
    """The law at `path`, read by `read_law`."""
    pages = ingest.read_pages(path, backend=backend, max_pages=max_pages)
    pages, unread = read_scanned_pages(path, pages, language)
    if len(unread) == len(pages):
        if ocr.available():
            raise LawError(str(path), "has no text: no text layer, and OCR found no words on its pages")
        raise LawError(str(path), f"has no text layer (a scanned image) and OCR is not available: {ocr.HOW_TO_ENABLE}")
    lines = layout.clean_lines(pages)
    provisions, definitions = structure.split_provisions(lines)
    return Law(
        source=str(path),
        pages=len(pages),
        language=language or detect_language("\n".join([line.text for line in lines])),
        title=law_title(lines) or short_title(provisions),
        provisions=provisions,
        definitions=definitions,
        ocr_pages=tuple(page.number for page in pages if page.ocr),
        unread_pages=unread,
        sha256=sha256 or file_hash(path),
    )


def read_scanned_pages(path: Path, pages: list[Page], language: str | None) -> tuple[list[Page], tuple[int, ...]]:
    """Pages without a usable text layer, read by OCR when it is available.

    Returns the pages (OCRed ones replaced) and the numbers of those that
    still have no text because OCR is not installed.
    """
    blank = ingest.pages_without_text(pages)
    if not blank:
        return pages, ()
    if not ocr.available():
        return pages, blank
    printed = "\n".join(" ".join(w.text for w in page.words) for page in pages if page.number not in blank)
    languages = [language] if language else ([detect_language(printed)] if len(printed) > 200 else ["en", "fr"])
    scanned = {page.number: page for page in ocr.ocr_pages(path, blank, languages)}
    pages = [scanned.get(page.number, page) for page in pages]
    return pages, tuple(n for n in blank if not ingest.has_usable_text(scanned[n]))


TITLE_WORDS = re.compile(
    r"\b(act|bill|law|loi|ley|lei|convention|code|decree|d[ée]cret|ordinance|proclamation|regulations)\b", re.IGNORECASE
)


NOT_TITLE = re.compile(r"assent|commencement|arrangement|sommaire|contents|gazette|\\|^(section|article)s?$", re.IGNORECASE)


def could_be_title(text: str) -> bool:
    """A line that names a law, not a sentence, a table-of-contents entry or a long title."""
    text = text.strip()
    if not TITLE_WORDS.search(text) or not 8 <= len(text) <= 120 or len(text.split()) > 16 or text[-1] in ",;:":
        return False
    if re.search(r"\.{3,}|\s\.\.\s|^\d+\.\s|^\(|\b(would|may be cited|cited as|is hereby|shall|page)\b", text, re.IGNORECASE):
        return False
    return (text[0].isupper() or text[0].isdigit()) and not re.match(r"^(an act|to provide|to make|portant|relative)\b", text, re.IGNORECASE)


def same_title_print(line: Line, title: Line) -> bool:
    """A line printed like the title, next to it (a title broken over lines)."""
    text = line.text.strip()
    return line.page == title.page and abs(line.size - title.size) <= 0.3 and not line.margin_note and len(text) < 90


def law_title(lines: list[Line]) -> str:
    """The law's title: the largest line on the first pages that names a law (Act, Loi, Ley ...)."""
    first = lines[0].page if lines else 0
    early = [(i, line) for i, line in enumerate(lines[:250]) if line.page <= first + 2 and not line.margin_note]
    named = [(i, line) for i, line in early if could_be_title(line.text)]
    pool = named
    if not pool:
        return ""  # the caller falls back on the short-title clause
    index, best = max(pool, key=lambda item: (item[1].size, -item[0]))
    start = index
    while start > 0 and index - start < 2 and same_title_print(lines[start - 1], best) and not TITLE_WORDS.search(lines[start - 1].text) and lines[start - 1].text.rstrip()[-1:] not in ":;,–—" and lines[start - 1].text.strip()[:1].isupper():
        start -= 1
    end = index + 1
    while end < len(lines) and end - start < 3 and same_title_print(lines[end], best) and not TITLE_WORDS.search(lines[end].text) and not NOT_TITLE.search(lines[end].text):
        end += 1
    title = [line.text.strip() for line in lines[start:end]]
    return " ".join(title)


SHORT_TITLE = re.compile(
    r"(?:may be cited as|shall be (?:known|cited) as|is called|may be called)\s+(?:the\s+)?[\"“‘]?"
    r"(?P<title>[A-Z][^\"”’;]{3,100}?(?:Act|Law|Bill|Code)\b[^\"”’;.]{0,30}?\d{4})"
)


def short_title(provisions: list[Provision]) -> str:
    """The title the law gives itself ("This Act may be cited as the X Act, 2024")."""
    for provision in provisions[:5] + provisions[-5:]:
        match = SHORT_TITLE.search(provision.text)
        if match:
            return re.sub(r"\s+", " ", match.group("title")).strip()
    return ""


def provision_dict(provision: Provision) -> dict[str, Any]:
    """The JSON form of a provision and its children."""
    return {
        "number": provision.number,
        "heading": provision.heading,
        "kind": provision.kind,
        "part": provision.part,
        "page": provision.page,
        "end_page": provision.end_page,
        "text": provision.text,
        "children": [provision_dict(child) for child in provision.children],
    }


def law_as_json(law: Law) -> str:
    """The law as JSON (the contract other tools rely on); deterministic."""
    data = {
        "source": law.source,
        "pages": law.pages,
        "language": law.language,
        "title": law.title,
        "sha256": law.sha256,
        "ocr_pages": list(law.ocr_pages),
        "unread_pages": list(law.unread_pages),
        "provisions": [provision_dict(provision) for provision in law.provisions],
        "definitions": [{"term": d.term, "provision": d.provision, "text": d.text} for d in law.definitions],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def law_as_text(law: Law) -> str:
    """The law as readable text: one block per top-level provision with its pages."""
    out = [f"{law.title or law.source} ({law.source}, {law.pages} pages, {law.language})"]
    if law.ocr_pages:
        out.append(f"pages read by OCR: {', '.join(map(str, law.ocr_pages))}")
    if law.unread_pages:
        out.append(f"pages without a text layer, not read ({ocr.HOW_TO_ENABLE}): {', '.join(map(str, law.unread_pages))}")
    part = None
    for provision in law.provisions:
        if provision.part and provision.part != part:
            part = provision.part
            out.append(f"\n== {part}")
        pages = f"p. {provision.page}" if provision.page == provision.end_page else f"pp. {provision.page}-{provision.end_page}"
        out.append(f"\n{provision.number}  {provision.heading}  [{pages}]".rstrip())
        out.append(provision.text)
    return "\n".join(out) + "\n"
