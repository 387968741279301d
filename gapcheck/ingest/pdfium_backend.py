"""Read words with pypdfium2 (PDFium): fast, and the default backend.

This is the only module that imports pypdfium2.
"""

from __future__ import annotations

import ctypes
import math
import re
from itertools import repeat
from pathlib import Path
from typing import Any

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

    This is the hot path of reading a law: the boxes of all characters are read
    in one sweep, the grouping is done inline (no object per character), and
    size and font are asked of PDFium once per text object, when a word starts.
    """
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    if not count:
        return ()
    text = page_text(textpage, count)
    pointer = ctypes.cast(handle, ctypes.c_void_p)
    boxes = char_boxes(pointer, count)
    separators = {char for char in set(text) if char.isspace() or char in "\x00\ufffe\uffff"}
    ligatures = any(ord(char) in LIGATURES for char in set(text))
    styles = StyleReader(pointer)
    found: list[tuple[str, float, float, float, float, float, str]] = []  # the words, unrounded
    begin = -1  # where the open word starts in `text`; -1 while no word is open
    x0 = x1 = top = bottom = size = gap = tolerance = last_left = last_right = last_top = 0.0
    font = ""
    for i, char, left, high, right, low in zip(range(count), text, boxes[0::4], boxes[1::4], boxes[2::4], boxes[3::4]):
        if char in separators:
            if begin >= 0:
                found.append((text[begin:i], x0, x1, top, bottom, size, font))
                begin = -1
            continue
        high = height - high  # PDF y runs up the page; words are measured top-down
        low = height - low
        if begin >= 0:
            shift = high - last_top
            if shift > tolerance or shift < -tolerance or left < last_left - 1.0 or left - last_right > gap:
                found.append((text[begin:i], x0, x1, top, bottom, size, font))
                begin = -1
            else:
                if left < x0:
                    x0 = left
                if right > x1:
                    x1 = right
                if high < top:
                    top = high
                if low > bottom:
                    bottom = low
        if begin < 0:
            size, font, upright = styles.style(i)
            if not upright:
                continue  # like pdfplumber, read upright text only
            begin = i
            x0, x1, top, bottom = left, right, high, low
            gap = max(size, 4.0) * 0.1  # 0.1 em, as in `same_word`
        last_left, last_right, last_top = left, right, high
        tall = low - high
        tolerance = (1.0 if 1.0 > tall else tall) * 0.5  # half the character's height, as in `same_word`
    if begin >= 0:
        found.append((text[begin:], x0, x1, top, bottom, size, font))
    return make_words(found, ligatures)


def bare_function(function: Any, restype: Any) -> Any:
    """`function` without ctypes' per-argument conversions, which cost more than PDFium's own work per character.

    Callers pass exactly the C types: a c_void_p handle, int indices, byref pointers.
    """
    bare = ctypes.cast(function, ctypes.CFUNCTYPE(restype))
    bare.argtypes = None
    return bare


LOOSE_CHAR_BOX = bare_function(raw.FPDFText_GetLooseCharBox, ctypes.c_int)
TEXT_OBJECT = bare_function(raw.FPDFText_GetTextObject, ctypes.c_void_p)
BOX_BYTES = ctypes.sizeof(raw.FS_RECTF)


def char_boxes(pointer: ctypes.c_void_p, count: int) -> list[float]:
    """The loose boxes of the page's characters, flat: left, top, right, bottom of each (PDF coordinates)."""
    boxes = (raw.FS_RECTF * count)()
    pointers = map(ctypes.byref, repeat(boxes, count), range(0, count * BOX_BYTES, BOX_BYTES))
    if not all(map(LOOSE_CHAR_BOX, repeat(pointer, count), range(count), pointers)):
        raise pdfium.PdfiumError("a character's box cannot be read")
    return memoryview(boxes).cast("B").cast("f").tolist()


def page_text(textpage: pdfium.PdfTextPage, count: int) -> str:
    """The page's characters, one per index, PDFium's line-end hyphen marks turned into hyphens."""
    handle = textpage.raw
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # PDFium may drop or add characters in its text view: ask one by one
        text = "".join(unicode_char(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    marks = [m.start() for m in HYPHEN_MARK.finditer(text) if raw.FPDFText_GetUnicode(handle, m.start()) == 2]
    if marks:
        chars = list(text)
        for i in marks:
            chars[i] = "-"
        text = "".join(chars)
    return text


HYPHEN_MARK = re.compile("[\x02\ufffe]")


def unicode_char(code: int) -> str:
    """The character PDFium reports; U+FFFE (no character) for 0, a lone surrogate or a code beyond Unicode."""
    return chr(code) if 0 < code < 0xD800 or 0xE000 <= code <= 0x10FFFF else "\ufffe"


class StyleReader:
    """Size, font and uprightness of a page's characters, asked of PDFium once per text object."""

    def __init__(self, pointer: ctypes.c_void_p) -> None:
        self.pointer = pointer
        self.matrix = raw.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.name = ctypes.create_string_buffer(FONT_NAME_BYTES)
        self.flags_ref = ctypes.byref(ctypes.c_int())
        self.by_object: dict[int, tuple[float, str, bool]] = {}
        self.fonts: dict[bytes, str] = {}

    def style(self, index: int) -> tuple[float, str, bool]:
        """The style of the character at `index` (all characters of a text object share it)."""
        text_object = TEXT_OBJECT(self.pointer, index)
        if not text_object:  # a character PDFium made up (no object): ask for it alone
            return self.read(index)
        style = self.by_object.get(text_object)
        if style is None:
            style = self.by_object[text_object] = self.read(index)
        return style

    def read(self, index: int) -> tuple[float, str, bool]:
        """Effective font size, font name and whether the character is upright."""
        matrix = self.matrix
        if CHAR_MATRIX(self.pointer, index, self.matrix_ref):
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        else:
            a = b = c = d = 0.0
        upright = abs(b) <= 0.01 * abs(a) + 1e-6
        scale = math.sqrt(abs(a * d - b * c)) or 1.0
        size = FONT_SIZE(self.pointer, index) * scale
        length = FONT_INFO(self.pointer, index, self.name, FONT_NAME_LENGTH, self.flags_ref)
        key = self.name.value if 0 < length <= FONT_NAME_BYTES else b""  # too long a name is not written
        font = self.fonts.get(key)
        if font is None:
            font = self.fonts[key] = clean_font(key.decode("utf-8", "replace"))
        return size, font, upright


FONT_NAME_BYTES = 128
FONT_NAME_LENGTH = ctypes.c_ulong(FONT_NAME_BYTES)
CHAR_MATRIX = bare_function(raw.FPDFText_GetMatrix, ctypes.c_int)
FONT_SIZE = bare_function(raw.FPDFText_GetFontSize, ctypes.c_double)
FONT_INFO = bare_function(raw.FPDFText_GetFontInfo, ctypes.c_ulong)


def make_words(found: list[tuple[str, float, float, float, float, float, str]], ligatures: bool) -> tuple[Word, ...]:
    """Words from (text, x0, x1, top, bottom, size, font), rounded as `flush` rounds them."""
    if not found:
        return ()
    columns = list(zip(*found))
    # a page repeats few distinct coordinates (rows share tops, columns share lefts): round each once
    rounded = {value: round(value, 2) for value in set().union(*columns[1:6])}
    texts = [text.translate(LIGATURES) for text in columns[0]] if ligatures else columns[0]
    return tuple(
        new_word(text, rounded[x0], rounded[x1], rounded[top], rounded[bottom], rounded[size], font)
        for text, (_, x0, x1, top, bottom, size, font) in zip(texts, found)
    )


def new_word(text: str, x0: float, x1: float, top: float, bottom: float, size: float, font: str) -> Word:
    """Word(...) at half the cost: a frozen dataclass's __init__ sets each field through object.__setattr__."""
    word = object.__new__(Word)
    word.__dict__.update(text=text, x0=x0, x1=x1, top=top, bottom=bottom, size=size, font=font)
    return word
