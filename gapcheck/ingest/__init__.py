"""Ingest: read a law's PDF into pages of words, with a choice of backend.

Both backends hand raw characters (text, box, size, font) to `words_from_chars`,
so that the words, and therefore every later stage, are the same whichever
backend read the file. Pages whose text layer is missing or unusable are
recorded (`pages_without_text`) so that an OCR step can fill them later.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Iterable, NamedTuple

from gapcheck.errors import LawError
from gapcheck.models import Page, Word

BACKENDS = ("pdfium", "pdfplumber")


class Char(NamedTuple):
    """One printed character as a backend reports it (top-down coordinates)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


# Ligatures are one character in some text layers and two in others (PDFium splits them).
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def read_pages(path: str | Path, backend: str = "pdfium", max_pages: int = 2000) -> list[Page]:
    """The pages of the PDF at `path` with their words; LawError when it cannot be read."""
    path = Path(path)
    check_readable(path)
    module = backend_module(backend, path)
    return module.read_pages(path, max_pages=max_pages)


def backend_module(backend: str, path: Path = Path("")) -> ModuleType:
    """The module of `backend`, imported on first use.

    A scan imports it before it forks a process per law (gapcheck.isolation), so that each
    process does not import the PDF library and numpy again (a tenth of a second per law).
    """
    if backend == "pdfium":
        from gapcheck.ingest import pdfium_backend as module
    elif backend == "pdfplumber":
        from gapcheck.ingest import pdfplumber_backend as module
    else:
        raise LawError(str(path), f"unknown PDF backend {backend!r} (choose from {', '.join(BACKENDS)})")
    return module


def check_readable(path: Path) -> None:
    """Raise LawError for a missing, empty or non-PDF file before any backend sees it."""
    if not path.exists():
        raise LawError(str(path), "no such file")
    if path.is_dir():
        raise LawError(str(path), "is a directory, not a PDF file")
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise LawError(str(path), f"cannot be read ({error.strerror or error})") from None
    if not head:
        raise LawError(str(path), "is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise LawError(str(path), "is not a PDF file (no %PDF header)")


# A printed page of a law holds a few thousand characters (at most 4,000 in the
# real laws measured); far more is a text bomb, or not a law.
MAX_PAGE_CHARS = 200_000


def too_many_pages(count: int, max_pages: int) -> str:
    """The problem of a PDF longer than --max-pages."""
    return f"the PDF has {count} pages, more than the limit of {max_pages} (see --max-pages)"


def check_page(path: Path, number: int, chars: int) -> None:
    """LawError for a page whose text layer is absurdly large (a text bomb), before its words are built."""
    if chars > MAX_PAGE_CHARS:
        raise LawError(str(path), f"page {number} holds {chars} characters, far more than a printed page (limit {MAX_PAGE_CHARS})")


def clean_font(name: str) -> str:
    """The font's name without the subset prefix (`ABCDEF+Times-Bold` -> `Times-Bold`)."""
    if len(name) > 7 and name[6] == "+" and name[:6].isupper():
        return name[7:]
    return name


def words_from_chars(chars: Iterable[Char]) -> tuple[Word, ...]:
    """Group characters (in content order) into words: split at spaces, gaps and line changes."""
    words: list[Word] = []
    current: list[Char] = []
    for char in chars:
        if not char.text or char.text.isspace():
            flush(current, words)
            current = []
            continue
        if current and not same_word(current[-1], char):
            flush(current, words)
            current = []
        current.append(char)
    flush(current, words)
    return tuple(words)


def same_word(last: Char, char: Char) -> bool:
    """Whether `char` continues the word ending in `last` (same line, no visible gap)."""
    height = max(last.bottom - last.top, 1.0)
    if abs(char.top - last.top) > height * 0.5:
        return False
    if char.x0 < last.x0 - 1.0:  # went back: a new line or a new column
        return False
    # 0.1 em: PDFs that position words without space characters leave gaps about this wide
    return char.x0 - last.x1 <= max(last.size, 4.0) * 0.1


def flush(chars: list[Char], words: list[Word]) -> None:
    """Append the word made of `chars` (if any) to `words`."""
    if not chars:
        return
    first = chars[0]
    if len(chars) == 1:
        text, x0, x1, top, bottom = first.text, first.x0, first.x1, first.top, first.bottom
    else:  # columns of the characters: min/max over tuples run in C
        texts, x0s, x1s, tops, bottoms, _, _ = zip(*chars)
        text, x0, x1, top, bottom = "".join(texts), min(x0s), max(x1s), min(tops), max(bottoms)
    words.append(
        Word(
            text=text.translate(LIGATURES),
            x0=round(x0, 2),
            x1=round(x1, 2),
            top=round(top, 2),
            bottom=round(bottom, 2),
            size=round(first.size, 2),
            font=first.font,
        )
    )


def has_usable_text(page: Page) -> bool:
    """Whether a page has a text layer worth reading (else it needs OCR)."""
    letters = 0
    for word in page.words:  # a page of text shows its 20 letters in its first words: stop there
        letters += sum(map(str.isalpha, word.text))
        if letters >= 20:
            return True
    return False


def pages_without_text(pages: list[Page]) -> tuple[int, ...]:
    """The numbers of the pages that have no usable text layer (scanned images)."""
    return tuple(page.number for page in pages if not has_usable_text(page))
