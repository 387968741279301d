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
from gapcheck.ingest import Char, check_page, clean_font, too_many_pages, words_from_chars
from gapcheck.models import Page


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
            chars = list(page_chars(textpage, height))
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(number=index + 1, width=round(width, 2), height=round(height, 2), words=words_from_chars(chars))


# FPDFText_GetTextObject returning the object's address as an int: a dict key without a costly cast.
_TEXT_OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
)


def page_chars(textpage: pdfium.PdfTextPage, height: float):  # type: ignore[no-untyped-def]
    """Yield the page's characters with their loose boxes, effective size and font."""
    # Matrix, size and font belong to a character's text object: ask PDFium once per object, not per
    # character (the ctypes calls are most of the cost of reading a page).
    handle = textpage.raw
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    get_unicode, is_generated, get_box = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated, raw.FPDFText_GetLooseCharBox
    get_object = _TEXT_OBJECT_ADDRESS
    styles: dict[int | None, tuple[float, str] | None] = {}
    fonts: dict[bytes, str] = {}
    space = Char(" ", 0, 0, 0, 0, 0, "")
    for i in range(raw.FPDFText_CountChars(handle)):
        code = get_unicode(handle, i)
        if code in (0, 0xFFFE, 0xFFFF):
            yield space
            continue
        text = "-" if code == 2 else chr(code)  # PDFium reports a line-end hyphen as U+0002
        if text.isspace() or is_generated(handle, i) == 1:
            yield space
            continue
        owner = get_object(handle, i)
        style = styles.get(owner, False)
        if style is False:
            style = styles[owner] = char_style(handle, i, fonts)
        if style is None:  # rotated text (like pdfplumber, read upright text only)
            yield space
            continue
        get_box(handle, i, box_ref)
        yield Char(text, box.left, box.right, height - box.top, height - box.bottom, style[0], style[1])


def char_style(handle, index: int, fonts: dict[bytes, str]) -> tuple[float, str] | None:  # type: ignore[no-untyped-def]
    """(effective size, font) of the character at `index`; None for rotated text."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(handle, index, ctypes.byref(matrix))
    if abs(matrix.b) > 0.01 * abs(matrix.a) + 1e-6:
        return None
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    size = raw.FPDFText_GetFontSize(handle, index) * scale
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(handle, index, name, 128, ctypes.byref(flags))
    key = name.value
    font = fonts.get(key)
    if font is None:
        font = fonts[key] = clean_font(key.decode("utf-8", "replace"))
    return size, font
