"""Read a law: PDF -> pages -> clean lines -> provisions, and print it as JSON or text."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from gapcheck import ingest, layout, ocr, structure
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
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for name in PARSER_MODULES:
        target = package / name
        for source in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            if source.exists():
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def read_law(path: str | Path, *, backend: str = "pdfium", language: str | None = None, max_pages: int = 2000) -> Law:
    """Read the law at `path` into its provisions; LawError when the file cannot be read."""
    path = Path(path)
    if language is not None and language not in LANGUAGES:
        raise LawError(str(path), f"unsupported language {language!r} (choose from {', '.join(LANGUAGES)})")
    pages = ingest.read_pages(path, backend=backend, max_pages=max_pages)
    pages, unread = read_scanned_pages(path, pages, language)
    if len(unread) == len(pages):
        if ocr.available():
            raise LawError(str(path), "has no text: no text layer, and OCR found no words on its pages")
        raise LawError(str(path), f"has no text layer (a scanned image) and OCR is not available: {ocr.HOW_TO_ENABLE}")
    lines = layout.clean_lines(pages)
    provisions, definitions = structure.split_provisions(lines)
    text = "\n".join(line.text for line in lines)
    return Law(
        source=str(path),
        pages=len(pages),
        language=language or detect_language(text),
        title=law_title(lines),
        provisions=provisions,
        definitions=definitions,
        ocr_pages=tuple(page.number for page in pages if page.ocr),
        unread_pages=unread,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
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


def law_title(lines: list[Line]) -> str:
    """The law's title: the largest print on its first pages (up to three stacked lines)."""
    early = [line for line in lines[:80] if not line.margin_note and line.page <= lines[0].page + 1 and len(line.text) > 3]
    if not early:
        return ""
    largest = max(line.size for line in early)
    title: list[str] = []
    for line in early:
        if line.size >= largest - 0.5:
            if title and title[-1] == line.text.strip():
                continue
            title.append(line.text.strip())
            if len(title) == 3:
                break
        elif title:
            break
    return " ".join(title)


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
