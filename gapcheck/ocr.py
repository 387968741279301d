"""OCR of scanned pages with Tesseract, so that gazettes that reach advisers
only as scans flow into the same layout and structure stages.

Optional: needs the `tesseract` program (Debian: tesseract-ocr, with
tesseract-ocr-eng / tesseract-ocr-fra) and the `pytesseract` package
(`pip install 'gapcheck[ocr]'`). Pages are rendered with pypdfium2, which
pdfplumber already depends on.
"""

from __future__ import annotations

import math
import os
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from gapcheck.errors import LawError
from gapcheck.models import Page, Word

HOW_TO_ENABLE = (
    "install Tesseract to read scanned pages: apt-get install tesseract-ocr tesseract-ocr-eng "
    "tesseract-ocr-fra && pip install 'gapcheck[ocr]'"
)
# Tesseract's names for the languages gapcheck reads.
TESSERACT_LANGUAGES = {"en": "eng", "fr": "fra", "es": "spa", "pt": "por"}
RESOLUTION = 300  # dots per inch; Tesseract is most accurate at about 300
MAX_PIXELS = 40_000_000  # an A2 sheet at 300 dpi; larger pages are rendered at a lower resolution


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Tesseract's installed language codes, empty when OCR is unavailable."""
    if shutil.which("tesseract") is None:
        return frozenset()
    try:
        import pytesseract

        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # any failure to run tesseract means no OCR, never a crash
        return frozenset()


def available(language: str | None = None) -> bool:
    """Whether OCR can run (for `language`, when given)."""
    languages = installed_languages()
    if language is None:
        return bool(languages)
    return TESSERACT_LANGUAGES.get(language, "eng") in languages


def tesseract_language(languages: Sequence[str]) -> str:
    """The Tesseract language argument for the languages a law may be in, e.g. 'eng+fra'."""
    wanted = [TESSERACT_LANGUAGES.get(code, "eng") for code in languages] or ["eng"]
    present = [code for code in dict.fromkeys(wanted) if code in installed_languages()]
    return "+".join(present or ["eng"])


def ocr_pages(path: Path, numbers: Sequence[int], languages: Sequence[str] = ("en", "fr")) -> list[Page]:
    """The words of the given pages (numbered from 1), read by Tesseract."""
    import pypdfium2 as pdfium

    # Tesseract's own threads fight with our worker processes for the cores; on a
    # busy machine two threads per page were measured twenty times slower than one.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        document = pdfium.PdfDocument(str(path))
        try:
            return [_ocr_page(document[number - 1], number, tesseract_language(languages)) for number in numbers]
        finally:
            document.close()
    except pdfium.PdfiumError:  # pdfminer may read a file that PDFium cannot render
        raise LawError(str(path), "its pages without text cannot be rendered for OCR (the PDF is damaged)") from None


def _ocr_page(pdf_page: object, number: int, language: str) -> Page:
    import pytesseract

    width, height = pdf_page.get_size()  # type: ignore[attr-defined]
    if _prints_nothing(pdf_page):  # a blank page: Tesseract would find no word in its white pixels (0.2 s)
        return Page(number=number, width=width, height=height, words=(), ocr=True)
    # A hostile MediaBox (14,400 pt square) would render to 3.6 billion pixels at 300 dpi.
    scale = min(RESOLUTION / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    image = pdf_page.render(scale=scale, grayscale=True).to_pil()  # type: ignore[attr-defined]
    data = pytesseract.image_to_data(image, lang=language, config="--psm 3", output_type=pytesseract.Output.DICT)
    boxes = _line_boxes(data)
    words = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        if not text or float(data["conf"][i]) < 0:
            continue
        # Every word of a Tesseract line gets the line's top and bottom: short words
        # without ascenders ("ou", "an") would otherwise sit lower and be read as a
        # line of their own, scrambling the word order.
        top, bottom = boxes[_line_key(data, i)]
        left = data["left"][i] / scale
        right = left + data["width"][i] / scale
        words.append(Word(text=text, x0=left, x1=right, top=top / scale, bottom=bottom / scale, size=round((bottom - top) / scale, 1), font="OCR"))
    return Page(number=number, width=width, height=height, words=tuple(words), ocr=True)


def _prints_nothing(pdf_page: Any) -> bool:
    """Whether rendering the page would show nothing at all: no content objects and no annotations."""
    import pypdfium2.raw as raw

    return raw.FPDFPage_CountObjects(pdf_page.raw) == 0 and raw.FPDFPage_GetAnnotCount(pdf_page.raw) == 0


def _line_key(data: dict[str, list[Any]], index: int) -> tuple[int, int, int]:
    return data["block_num"][index], data["par_num"][index], data["line_num"][index]


def _line_boxes(data: dict[str, list[Any]]) -> dict[tuple[int, int, int], tuple[float, float]]:
    """The top and bottom, in pixels, of each line Tesseract found."""
    boxes: dict[tuple[int, int, int], tuple[float, float]] = {}
    for index, text in enumerate(data["text"]):
        if not text.strip():
            continue
        key = _line_key(data, index)
        top, bottom = data["top"][index], data["top"][index] + data["height"][index]
        if key in boxes:
            top, bottom = min(top, boxes[key][0]), max(bottom, boxes[key][1])
        boxes[key] = (top, bottom)
    return boxes
