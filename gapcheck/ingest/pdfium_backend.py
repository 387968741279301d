"""Read words with pypdfium2 (PDFium): fast, and the default backend.

This is the only module that imports pypdfium2.
"""

from __future__ import annotations

import codecs
import ctypes
import math
import os
import re
import struct
from collections import deque
from itertools import repeat
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from gapcheck.errors import LawError
from gapcheck.ingest import LIGATURES, check_page, clean_font, too_many_pages
from gapcheck.models import Page, Word

Style = tuple[float, str, bool]  # a character's effective font size, font name, and whether it is upright


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
    except pdfium.PdfiumError:
        raise LawError(str(path), unopened_reason(path)) from None


def unopened_reason(path: Path) -> str:
    """Why pypdfium2 would not open the PDF, asked again of PDFium.

    PDFium sets its last error only when a file fails to load. pypdfium2 also
    refuses a file that loads but shows no pages, and then reports that last
    error: an earlier file's, such as the password of an encrypted law read before.
    """
    handle = raw.FPDF_LoadDocument(os.fsencode(path) + b"\0", None)
    if not handle:
        if raw.FPDF_GetLastError() == raw.FPDF_ERR_PASSWORD:  # set by this failure
            return "the PDF is password-protected (encrypted); give an unprotected copy"
        return "the PDF is corrupt or truncated and cannot be opened"
    try:
        pages = raw.FPDF_GetPageCount(handle)
    finally:
        raw.FPDF_CloseDocument(handle)
    # a page tree that is empty, or broken past counting
    return "the PDF has no pages" if pages == 0 else "the PDF is corrupt or truncated and cannot be opened"


def read_page(document: pdfium.PdfDocument, index: int, path: Path = Path("")) -> Page:
    """One page's words, in top-down coordinates like pdfplumber's.

    The page and its text page are PDFium's bare handles, closed here: pypdfium2's
    PdfPage and PdfTextPage would each register a finalizer and a weak reference
    with their parent, a twentieth of reading a law's pages, for no use here.
    """
    page = raw.FPDF_LoadPage(document.raw, index)
    if not page:
        raise pdfium.PdfiumError("Failed to load page.")
    try:
        width = raw.FPDF_GetPageWidthF(page)
        height = raw.FPDF_GetPageHeightF(page)
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            raise pdfium.PdfiumError("Failed to load text page.")
        try:
            check_page(path, index + 1, raw.FPDFText_CountChars(textpage))
            words = page_words(textpage, height)
        finally:
            raw.FPDFText_ClosePage(textpage)
    finally:
        raw.FPDF_ClosePage(page)
    return Page(number=index + 1, width=round(width, 2), height=round(height, 2), words=words)


TextPageHandle = Any  # PDFium's FPDF_TEXTPAGE, as pypdfium2.raw returns it


def page_words(textpage: TextPageHandle, height: float) -> tuple[Word, ...]:
    """The page's words, grouped from its characters as `words_from_chars` groups them."""
    count = raw.FPDFText_CountChars(textpage)
    if not count:
        return ()
    text = page_text(textpage, count)
    pointer = handle_argument(textpage)
    printed = printed_chars(text)
    boxes = char_boxes(pointer, np.flatnonzero(printed), count)
    return group_words(text, printed, boxes, height, StyleReader(pointer).styles)


def printed_chars(text: str) -> np.ndarray:
    """Which characters print (True), and which separate words: spaces, line breaks, PDFium's blanks."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return ~SEPARATES[np.minimum(codes, len(SEPARATES) - 1)]


def separating_chars() -> np.ndarray:
    """By code point: whether the character separates words (str.isspace, or U+0000, U+FFFE, U+FFFF).

    Unicode has no white space beyond the first plane: the last entry stands for every character past it.
    """
    table = np.array([chr(code).isspace() for code in range(0x10000)] + [False])
    table[[0x0, 0xFFFE, 0xFFFF]] = True
    return table


SEPARATES = separating_chars()


def group_words(
    text: str, printed: np.ndarray, boxes: np.ndarray, height: float, styles: Callable[[list[int]], list[Style]]
) -> tuple[Word, ...]:
    """Words from the page's characters, their boxes (left, top, right, bottom in PDF coordinates) and styles.

    This is the hot path of reading a law: the characters are compared with
    their neighbours as arrays, and Python walks only the places where a word
    may start, asking for size and font there.
    """
    count = len(text)
    left, right = boxes[:, 0], boxes[:, 2]
    top, bottom = height - boxes[:, 1], height - boxes[:, 3]  # PDF y runs up the page; words are measured top-down
    starts, closes, sizes, fonts = word_starts(printed, left, right, top, bottom, styles)
    if not sizes:
        return ()
    # a word runs to where the next one opens, or to the first separator after its start
    separates = ~printed
    separator_at = np.flatnonzero(separates)
    ends = np.minimum(closes, np.append(separator_at, count)[np.searchsorted(separator_at, starts)])
    texts = [text[start:end] for start, end in zip(starts.tolist(), ends.tolist())]
    if any(ligature in text for ligature in LIGATURE_CHARS):
        texts = [part.translate(LIGATURES) for part in texts]
    measures = np.stack((left, top, right, bottom))
    # every printed character's measures nonzero (else, a NaN or a signed zero, let Python's min and max pick as they
    # do), asked of the whole array: picking out the printed columns would cost four times as much
    exact = bool(np.logical_or(np.abs(measures) > 0.0, separates).all())
    # the words' left, top, right and bottom, then their sizes, rounded in one pass
    spans = len(starts)
    rounded = two_places(np.concatenate((*extremes(measures, starts, ends, exact), np.array(sizes, dtype=np.float64))))
    x0s, tops, x1s, bottoms, sizes = (rounded[spans * i : spans * (i + 1)] for i in range(5))
    return new_words(texts, x0s, x1s, tops, bottoms, sizes, fonts)


def word_starts(
    printed: np.ndarray, left: np.ndarray, right: np.ndarray, top: np.ndarray, bottom: np.ndarray, styles: Callable[[list[int]], list[Style]]
) -> tuple[np.ndarray, np.ndarray, list[float], list[str]]:
    """Where each word opens, where the next word's opening closes it (as index arrays), and its size and font.

    A printed character continues the word of the one before it, as in
    `same_word`, unless it jumps more than half that one's height up or down,
    goes back left, or leaves a gap wider than 0.1 em of the word's size.
    The indices stay arrays for `group_words`' array arithmetic: numpy reads a
    list of Python ints a dozen times slower than an array.
    """
    count = len(printed)
    tall = bottom - top
    tolerance = np.where(1.0 > tall, 1.0, tall)[:-1] * 0.5
    shift = top[1:] - top[:-1]
    apart = (shift > tolerance) | (shift < -tolerance) | (left[1:] < left[:-1] - 1.0)
    gap = np.zeros(count)
    gap[1:] = left[1:] - right[:-1]
    follows = np.zeros(count, dtype=bool)
    follows[1:] = printed[1:] & printed[:-1] & ~apart
    opens = printed & ~follows
    # 0.1 em is at least 0.4 (sizes count from 4): only a wider gap may open a word, by the word's size
    at = np.flatnonzero(opens | follows & (gap > 0.39))
    places = at.tolist()
    found = styles(places)
    if not found:
        return at, at, [], []
    sizes, fonts, uprights = (list(column) for column in zip(*found))
    if all(uprights) and len(places) == np.count_nonzero(opens):
        return at, np.append(at[1:], count), sizes, fonts  # the common page: every place opens a word
    starts, closes, sizes, fonts = walk_places(places, found, opens, gap, printed, styles)
    return np.array(starts, dtype=np.intp), np.array(closes, dtype=np.intp), sizes, fonts


def walk_places(
    places: list[int], found: list[Style], opens: np.ndarray, gap: np.ndarray, printed: np.ndarray, styles: Callable[[list[int]], list[Style]]
) -> tuple[list[int], list[int], list[float], list[str]]:
    """`word_starts` one place at a time, for pages where a gap or a rotated character decides."""
    count = len(printed)
    starts: list[int] = []
    closes: list[int] = []
    sizes: list[float] = []
    fonts: list[str] = []
    widest = 0.0  # the widest gap the open word allows
    open_word = False
    resume = 0
    for i, sure, space, (size, font, upright) in zip(places, opens[places].tolist(), gap[places].tolist(), found):
        if i < resume or not sure and open_word and not space > widest:
            continue
        if open_word:
            closes.append(i)
            open_word = False
        while not upright:  # like pdfplumber, read upright text only: the next character opens the word
            i += 1
            if i >= count or not printed[i]:
                break
            size, font, upright = styles([i])[0]
        else:  # an upright character (not a separator reached): it opens the word
            starts.append(i)
            sizes.append(size)
            fonts.append(font)
            widest = max(size, 4.0) * 0.1
            open_word = True
        resume = i + 1
    if open_word:
        closes.append(count)
    return starts, closes, sizes, fonts


def extremes(measures: np.ndarray, starts: np.ndarray, ends: np.ndarray, exact: bool) -> np.ndarray:
    """Over each span [start, end) of the columns: the least left and top, the greatest right and bottom.

    `measures` holds the rows left, top, right, bottom; the result the same rows, one column per span.
    """
    if not exact:
        rows = measures.tolist()
        spans = list(zip(starts.tolist(), ends.tolist()))
        return np.array(
            [[(min if row < 2 else max)(numbers[start:end]) for start, end in spans] for row, numbers in enumerate(rows)]
        ).reshape(4, len(spans))
    bounds = np.empty(2 * len(starts), dtype=np.intp)
    bounds[0::2] = starts
    bounds[1::2] = ends
    padded = np.zeros((4, measures.shape[1] + 1))  # a span may end at the last character: reduceat needs an index past it
    padded[:, :-1] = measures
    least = np.minimum.reduceat(padded[:2], bounds, axis=1)[:, 0::2]
    greatest = np.maximum.reduceat(padded[2:], bounds, axis=1)[:, 0::2]
    return np.concatenate((least, greatest))


def two_places(values: np.ndarray) -> list[float]:
    """round(value, 2) of each value, as Python rounds: the decimal nearest the exact binary value, ties to even."""
    with np.errstate(invalid="ignore"):
        hundredths = values * 100.0
        nearest = np.rint(hundredths)
        # rint of the product errs only where the product lies within its rounding error of a tie
        unsure = ~(np.abs(np.abs(hundredths - nearest) - 0.5) > 1e-6) | ~(np.abs(values) < 1e9)
    rounded = (nearest / 100.0).tolist()
    for i in np.flatnonzero(unsure).tolist():
        rounded[i] = round(float(values[i]), 2)
    return rounded


def bare_function(function: Any, restype: Any) -> Any:
    """`function` without ctypes' per-argument conversions, which cost more than PDFium's own work per character.

    Callers pass exactly the C types: a handle as `handle_argument` makes it, int indices, byref pointers.
    The call keeps the GIL (PYFUNCTYPE): these calls last a microsecond, and releasing
    and taking back the GIL around each cost an eighth of it, for no thread to gain.
    """
    bare = ctypes.cast(function, ctypes.PYFUNCTYPE(restype))
    bare.argtypes = None
    return bare


HandleArgument = Any  # what ctypes.byref returns (ctypes does not name its type)


def handle_argument(handle: Any) -> HandleArgument:
    """A PDFium handle as the argument a bare function passes at the least cost, call after call.

    ctypes turns a c_void_p argument into a new argument object on every call
    (a tenth of the cost of a call); a byref() object it passes as it is. The
    byref of a (never read) byte placed at the handle's address passes that address: the handle.
    """
    address = ctypes.cast(handle, ctypes.c_void_p).value
    if not address:
        raise pdfium.PdfiumError("the text page has no handle")
    return ctypes.byref(ctypes.c_char.from_address(address))


# PDFium's answer (false only for an index past the page's characters or no box to write) is not
# read: `char_boxes` asks for indices of the page's characters only, and a result unread costs no int
LOOSE_CHAR_BOX = bare_function(raw.FPDFText_GetLooseCharBox, None)
TEXT_OBJECT = bare_function(raw.FPDFText_GetTextObject, ctypes.c_void_p)
BOX_BYTES = ctypes.sizeof(raw.FS_RECTF)


def char_boxes(pointer: HandleArgument, indices: np.ndarray, count: int) -> np.ndarray:
    """The loose boxes of the characters at `indices` (ascending; zeros for the others): left, top, right, bottom (PDF coordinates)."""
    boxes, places = BOXES.room(count)
    at = indices.tolist()
    if at and not 0 <= at[0] <= at[-1] < count:  # PDFium would leave such a box unwritten
        raise pdfium.PdfiumError("a character's box cannot be read")
    deque(map(LOOSE_CHAR_BOX, repeat(pointer, len(at)), at, places[indices].tolist()), maxlen=0)  # calls each, keeps nothing
    # a copy: the room is the next page's
    return np.frombuffer(memoryview(boxes).cast("B"), dtype=np.float32, count=count * 4).reshape(count, 4).astype(np.float64)


class BoxRoom:
    """Room for a page's character boxes, kept from page to page with a byref() to each box.

    ctypes passes a byref() object as it is: made once for each place rather than
    for each character of each page, it saves a fifth of the cost of a box call.
    """

    def __init__(self) -> None:
        self.boxes = (raw.FS_RECTF * 0)()
        self.places: np.ndarray = np.empty(0, dtype=object)

    def room(self, count: int) -> tuple[ctypes.Array[Any], np.ndarray]:
        """The boxes, their first `count` zeroed, and a byref() to each box."""
        if count > len(self.places):
            size = max(count, 2 * len(self.places))  # a law's pages differ: grow seldom
            self.boxes = (raw.FS_RECTF * size)()
            self.places = np.empty(size, dtype=object)  # picked out by an index array at C speed
            self.places[:] = [ctypes.byref(self.boxes, i * BOX_BYTES) for i in range(size)]
        else:
            ctypes.memset(self.boxes, 0, count * BOX_BYTES)
        return self.boxes, self.places


BOXES = BoxRoom()


def page_text(textpage: TextPageHandle, count: int) -> str:
    """The page's characters, one per index, PDFium's line-end hyphen marks turned into hyphens."""
    text = text_range(textpage, count)
    if len(text) != count:  # PDFium may drop or add characters in its text view: ask one by one
        text = "".join(unicode_char(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    if "\x02" not in text and "\ufffe" not in text:  # most pages: str's own search is ten times faster than a regex scan
        return text
    marks = [m.start() for m in HYPHEN_MARK.finditer(text) if raw.FPDFText_GetUnicode(textpage, m.start()) == 2]
    if marks:
        chars = list(text)
        for i in marks:
            chars[i] = "-"
        text = "".join(chars)
    return text


def text_range(textpage: TextPageHandle, count: int) -> str:
    """PDFium's text view of the page's `count` characters, as pypdfium2's `PdfTextPage.get_text_range(0, count)` reads it.

    Characters at either end that PDFium leaves out of its text view (text index -1)
    are not asked for: PDFium would otherwise read past the range.
    """
    first, last = 0, count - 1
    while first <= last and raw.FPDFText_GetTextIndexFromCharIndex(textpage, first) == -1:
        first += 1
    while first <= last and raw.FPDFText_GetTextIndexFromCharIndex(textpage, last) == -1:
        last -= 1
    if first > last:
        return ""
    size = raw.FPDFText_GetTextIndexFromCharIndex(textpage, last) + 2 - raw.FPDFText_GetTextIndexFromCharIndex(textpage, first)
    buffer = (ctypes.c_ushort * size)()  # UTF-16 units and the closing NUL
    written = raw.FPDFText_GetText(textpage, first, last + 1 - first, buffer)
    if written > size:
        raise pdfium.PdfiumError("the page's text overran its buffer")
    return codecs.decode(memoryview(buffer)[: written - 1], "utf-16-le", errors="ignore")


HYPHEN_MARK = re.compile("[\x02\ufffe]")
LIGATURE_CHARS = tuple(map(chr, LIGATURES))  # looked for with `in`: str's search is ten times faster than a regex scan


def unicode_char(code: int) -> str:
    """The character PDFium reports; U+FFFE (no character) for 0, a lone surrogate or a code beyond Unicode."""
    return chr(code) if 0 < code < 0xD800 or 0xE000 <= code <= 0x10FFFF else "\ufffe"


class StyleReader:
    """Size, font and uprightness of a page's characters, asked of PDFium once per text object."""

    def __init__(self, pointer: HandleArgument) -> None:
        self.pointer = pointer
        self.matrix = raw.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.name = ctypes.create_string_buffer(FONT_NAME_BYTES)
        self.name_ref = ctypes.byref(self.name)  # as handle_argument: made once rather than on every call
        self.flags_ref = ctypes.byref(ctypes.c_int())
        self.by_object: dict[int, Style] = {}
        self.by_font: dict[int | None, str] = {}  # PDFium's font handles stay those of the page's fonts while the page is open

    def styles(self, indices: list[int]) -> list[Style]:
        """The styles of the characters at `indices` (all characters of a text object share one).

        Python walks only the page's text objects, each read at its first character
        here; the lists are mapped in C.
        """
        objects = list(map(TEXT_OBJECT, repeat(self.pointer, len(indices)), indices))
        known = self.by_object
        for text_object, index in dict(zip(reversed(objects), reversed(indices))).items():  # each object's first index
            if text_object and text_object not in known:
                known[text_object] = self.read(index, text_object)
        found = list(map(known.get, objects))
        if None in objects:  # characters PDFium made up (no object): each read alone
            found = [self.read(index) if style is None else style for index, style in zip(indices, found)]
        return found

    def read(self, index: int, text_object: int | None = None) -> Style:
        """Effective font size, font name and whether the character (of `text_object`, if any) is upright."""
        if CHAR_MATRIX(self.pointer, index, self.matrix_ref):
            a, b, c, d = MATRIX_SCALES(self.matrix)
        else:
            a = b = c = d = 0.0
        upright = abs(b) <= 0.01 * abs(a) + 1e-6
        scale = math.sqrt(abs(a * d - b * c)) or 1.0
        size = FONT_SIZE(self.pointer, index) * scale
        return size, self.font(index, text_object), upright

    def font(self, index: int, text_object: int | None) -> str:
        """The name of the character's font, read once per font: `text_object`'s font is the character's."""
        handle = OBJECT_FONT(ctypes.c_void_p(text_object)) if text_object else None
        font = self.by_font.get(handle)
        if font is None:
            length = FONT_INFO(self.pointer, index, self.name_ref, FONT_NAME_LENGTH, self.flags_ref)
            key = self.name.value if 0 < length <= FONT_NAME_BYTES else b""  # too long a name is not written
            font = self.by_font[handle] = clean_font(key.decode("utf-8", "replace"))
        return font


FONT_NAME_BYTES = 128
FONT_NAME_LENGTH = ctypes.c_ulong(FONT_NAME_BYTES)
CHAR_MATRIX = bare_function(raw.FPDFText_GetMatrix, ctypes.c_int)
MATRIX_SCALES = struct.Struct("4f").unpack_from  # a, b, c, d of an FS_MATRIX (six floats): faster than four field reads
FONT_SIZE = bare_function(raw.FPDFText_GetFontSize, ctypes.c_double)
FONT_INFO = bare_function(raw.FPDFText_GetFontInfo, ctypes.c_ulong)
OBJECT_FONT = bare_function(raw.FPDFTextObj_GetFont, ctypes.c_void_p)


def new_words(
    texts: list[str], x0s: list[float], x1s: list[float], tops: list[float], bottoms: list[float], sizes: list[float], fonts: list[str]
) -> tuple[Word, ...]:
    """Word(...) of each column's values at a third of the cost: a frozen dataclass's __init__ sets each field
    through object.__setattr__, and filling the new instance's own dictionary is cheaper still than updating it."""
    words = []
    add = words.append
    new = object.__new__
    for text, x0, x1, top, bottom, size, font in zip(texts, x0s, x1s, tops, bottoms, sizes, fonts):
        word = new(Word)
        fields = word.__dict__
        fields["text"] = text
        fields["x0"] = x0
        fields["x1"] = x1
        fields["top"] = top
        fields["bottom"] = bottom
        fields["size"] = size
        fields["font"] = font
        add(word)
    return tuple(words)
