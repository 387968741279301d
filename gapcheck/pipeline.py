"""Read a law: PDF -> pages -> clean lines -> provisions, and print it as JSON or text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from gapcheck import ingest, layout, structure
from gapcheck.errors import LawError
from gapcheck.language import detect_language
from gapcheck.models import Law, Line, Provision

LANGUAGES = ("en", "fr", "es", "pt")
OCR_HINT = (
    "it has no text layer (a scanned image); OCR is not available in this version of gapcheck "
    "-- run the scan through an OCR tool first (e.g. `ocrmypdf in.pdf out.pdf`)"
)


def read_law(path: str | Path, *, backend: str = "pdfium", language: str | None = None, max_pages: int = 2000) -> Law:
    """Read the law at `path` into its provisions; LawError when the file cannot be read."""
    path = Path(path)
    pages = ingest.read_pages(path, backend=backend, max_pages=max_pages)
    blank = ingest.pages_without_text(pages)
    if len(blank) == len(pages):
        raise LawError(str(path), OCR_HINT)
    lines = layout.clean_lines(pages)
    provisions, definitions = structure.split_provisions(lines)
    text = "\n".join(line.text for line in lines)
    if language is not None and language not in LANGUAGES:
        raise LawError(str(path), f"unsupported language {language!r} (choose from {', '.join(LANGUAGES)})")
    return Law(
        source=str(path),
        pages=len(pages),
        language=language or detect_language(text),
        title=law_title(lines),
        provisions=provisions,
        definitions=definitions,
        ocr_pages=blank,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


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
        "provisions": [provision_dict(provision) for provision in law.provisions],
        "definitions": [{"term": d.term, "provision": d.provision, "text": d.text} for d in law.definitions],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def law_as_text(law: Law) -> str:
    """The law as readable text: one block per top-level provision with its pages."""
    out = [f"{law.title or law.source} ({law.source}, {law.pages} pages, {law.language})"]
    if law.ocr_pages:
        out.append(f"pages without a text layer (need OCR): {', '.join(map(str, law.ocr_pages))}")
    part = None
    for provision in law.provisions:
        if provision.part and provision.part != part:
            part = provision.part
            out.append(f"\n== {part}")
        pages = f"p. {provision.page}" if provision.page == provision.end_page else f"pp. {provision.page}-{provision.end_page}"
        out.append(f"\n{provision.number}  {provision.heading}  [{pages}]".rstrip())
        out.append(provision.text)
    return "\n".join(out) + "\n"
