"""Read words with pypdfium2 (PDFium): fast, and the default backend.

This is the only module that imports pypdfium2.
"""

from __future__ import annotations

import ctypes
import math
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from gapcheck.errors import LawError
from gapcheck.ingest import LIGATURES, check_page, clean_font, too_many_pages
from gapcheck.models import Page, Word


def read_pages(path: Path, max_pages: int = 2000) -> list[Page]:
    """The pages of the PDF at `path` with their words."""
    document = open_document(path)
    try:
        count = len(document)
        if count == 0:
            raise LawError(str(path), "the PDF has no pages")
        if count > max_pages:
            raise LawError(str(path), too_many_pages(count, max_pages))
        pages = []
        for index in range(count):
            try:
                pages.append(read_page(document, index, path))
            except pdfium.PdfiumError:
                raise LawError(str(path), f"page {index + 1} cannot be read (the PDF is damaged)") from None
        return pages
    finally:
        document.close()


def open_document(path: Path) -> pdfium.PdfDocument:
    """Open the PDF, turning PDFium's errors into LawError with a plain reason."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise LawError(str(path), "the PDF is password-protected (encrypted); give an unprotected copy") from None
        # PDFium also refuses, with no error code, a file whose page tree is empty or broken.
        raise LawError(str(path), "the PDF is corrupt or truncated and cannot be opened") from None


def read_page(document: pdfium.PdfDocument, index: int, path: Path = Path("")) -> Page:
    """One page's words, in top-down coordinates like pdfplumber's."""
    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            check_page(path, index + 1, raw.FPDFText_CountChars(textpage.raw))
            words = page_words(textpage, height)
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(number=index + 1, width=round(width, 2), height=round(height, 2), words=words)


def page_words(textpage: pdfium.PdfTextPage, height: float) -> tuple[Word, ...]:
    """The page's words, grouped from its characters as `words_from_chars` groups them.

    The grouping is done inline (no object per character) and size and font are
    asked of PDFium only when a new word starts: this loop is the hot path.
    """
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # PDFium may drop or add characters in its text view: ask one by one
        text = "".join(unicode_char(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    get_box = raw.FPDFText_GetLooseCharBox
    fonts: dict[bytes, str] = {}
    words: list[Word] = []
    word: list[str] = []
    x0 = x1 = top = bottom = size = 0.0
    font = ""
    last = (0.0, 0.0, 0.0, 0.0)  # x0, x1, top, bottom of the previous character in the word
    for i, char in enumerate(text):
        if char in "\x02\ufffe" and raw.FPDFText_GetUnicode(handle, i) == 2:
            char = "-"  # PDFium's mark for a hyphen at a line end
        elif char.isspace() or char in "\x00\ufffe\uffff":
            if word:
                words.append(make_word(word, x0, x1, top, bottom, size, font))
                word = []
            continue
        get_box(handle, i, box_ref)
        left, right, high, low = box.left, box.right, height - box.top, height - box.bottom
        if word:
            height_of_last = max(last[3] - last[2], 1.0)
            if abs(high - last[2]) > height_of_last * 0.5 or left < last[0] - 1.0 or left - last[1] > max(size, 4.0) * 0.1:
                words.append(make_word(word, x0, x1, top, bottom, size, font))
                word = []
        if not word:
            size, font, upright = char_style(handle, i, fonts)
            if not upright:
                continue  # like pdfplumber, read upright text only
            x0, x1, top, bottom = left, right, high, low
        else:
            x0, x1, top, bottom = min(x0, left), max(x1, right), min(top, high), max(bottom, low)
        word.append(char)
        last = (left, right, high, low)
    if word:
        words.append(make_word(word, x0, x1, top, bottom, size, font))
    return tuple(words)


def unicode_char(code: int) -> str:
    """The character PDFium reports; U+FFFE (no character) for 0, a lone surrogate or a code beyond Unicode."""
    return chr(code) if 0 < code < 0xD800 or 0xE000 <= code <= 0x10FFFF else "\ufffe"


def char_style(handle: object, index: int, fonts: dict[bytes, str]) -> tuple[float, str, bool]:
    """Effective font size, font name and whether the character is upright."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(handle, index, ctypes.byref(matrix))
    upright = abs(matrix.b) <= 0.01 * abs(matrix.a) + 1e-6
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    size = raw.FPDFText_GetFontSize(handle, index) * scale
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(handle, index, name, 128, ctypes.byref(flags))
    key = name.value
    font = fonts.get(key)
    if font is None:
        font = fonts[key] = clean_font(key.decode("utf-8", "replace"))
    return size, font, upright


def make_word(chars: list[str], x0: float, x1: float, top: float, bottom: float, size: float, font: str) -> Word:
    return Word("".join(chars).translate(LIGATURES), round(x0, 2), round(x1, 2), round(top, 2), round(bottom, 2), round(size, 2), font)
