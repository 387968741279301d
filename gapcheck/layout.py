"""Layout: pages of words -> clean lines of body text in reading order.

Removes running headers, footers, page numbers and margin line numbers; reads
two-column pages column by column; keeps margin notes (the side headings of
Commonwealth gazettes) as lines of their own, flagged; joins words hyphenated
at a line break.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate, compress, groupby
from dataclasses import replace
from operator import attrgetter, methodcaller, sub
from typing import Container

from gapcheck.language import word_set
from gapcheck.models import Line, Page, Word


class Segment:
    """Words of one printed row that sit together (a row may hold a margin note and body text).

    Its words are fixed once it is built, and nearly every segment has its text, edges,
    top, size and boldness read: they are computed then, by map() over the words (a
    comprehension is a function call in Python 3.10 and 3.11), into slots. Measures
    cached at first read cost a descriptor call each and a dictionary per segment
    (layout over the 30 laws 555 -> 527 ms with slots).
    """

    __slots__ = ("words", "text", "x0", "x1", "top", "size", "bold")
    words: list[Word]
    text: str  # the words' texts, spaced
    x0: float  # the first word's left edge
    x1: float  # the rightmost edge
    top: float  # from the baseline and the font size: backends agree on those, less so on box tops
    size: float  # the size of most of the segment's characters, rounded to 0.1
    bold: bool  # whether most of the segment's characters are bold

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.text = " ".join(map(TEXT, words))
        first = words[0]
        self.x0 = first.x0
        self.x1 = max(map(X1, words))
        sizes = set(map(SIZE, words))
        size = sizes.pop() if len(sizes) == 1 else 0.0
        if 4.0 <= size < INFINITY:  # the usual segment, in one print
            # min(bottom - size) is min(bottom) - size, a finite size keeping the bottoms' order: one pass, not three
            self.top = min(map(BOTTOM, words)) - size
            self.size = rounded(size, 1, ROUNDED_1)
        else:
            self.top = min(map(sub, map(BOTTOM, words), map(SIZE, words)))
            self.size = print_size(words)
        if len(set(map(FONT, words))) == 1:  # the usual segment: all bold or none (and a word with text)
            self.bold = is_bold(first) and (first.text != "" or any(word.text for word in words))
        else:
            self.bold = print_bold(words)

    def __repr__(self) -> str:
        return f"Segment({self.words!r})"

    @property
    def bottom(self) -> float:
        """The lowest baseline (read of margin notes only)."""
        return max(map(BOTTOM, self.words))


INFINITY = float("inf")
# a size or position (above 0: not -0.0, whose round() is -0.0) -> its round() to the digits of the table
ROUNDED_1: dict[float, float] = {}
ROUNDED_2: dict[float, float] = {}
ROUNDED_MOST = 20_000  # few sizes and margins recur in a law; positions may not, and a long session must not hoard them


def rounded(value: float, digits: int, known: dict[float, float]) -> float:
    """round(value, digits), remembered in `known`: rounding to digits cost about 0.3 µs a call, a look-up a seventh of it."""
    result = known.get(value)
    if result is None:
        result = round(value, digits)
        if value > 0 and len(known) < ROUNDED_MOST:
            known[value] = result
    return result


def print_size(words: list[Word]) -> float:
    """The size of most of the words' characters, rounded to 0.1."""
    distinct = set(map(SIZE, words))
    if len(distinct) == 1:
        return rounded(distinct.pop(), 1, ROUNDED_1)
    sizes: dict[float, int] = {}
    for word in words:
        sizes[word.size] = sizes.get(word.size, 0) + len(word.text)
    return round(max(sizes, key=lambda size: (sizes[size], size)), 1) if sizes else 0.0


def print_bold(words: list[Word]) -> bool:
    """Whether most of the words' characters are bold."""
    fonts = set(map(FONT, words))
    if len(fonts) == 1:  # the usual segment: all bold or none (and a word with text)
        first = words[0]
        return is_bold(first) and (first.text != "" or any(word.text for word in words))
    total = bold = 0
    for word in words:
        total += len(word.text)
        if is_bold(word):
            bold += len(word.text)
    return bold * 2 > total


BOLD_FONTS: dict[str, bool] = {}  # font name -> whether it prints bold


def is_bold(word: Word) -> bool:
    """`word.bold`, remembered per font: a law uses few fonts and many words."""
    bold = BOLD_FONTS.get(word.font)
    if bold is None:
        bold = BOLD_FONTS[word.font] = word.bold
    return bold


Row = list[Segment]

PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:page|página|pagina|pág\.?|p\s*a\s*g\s*e)\s*\|?\s*)?[A-Z]{0,2}[.\s]?\d{1,4}"
    r"(?:\s*(?:/|of|de|sur)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)
ZONE_ROWS = 3  # rows at the top and bottom of a page where running headers and footers live


def clean_lines(pages: list[Page]) -> list[Line]:
    """The body lines of a law, in reading order, page furniture removed."""
    rows_by_page = [page_rows(page) for page in pages]
    body_size = dominant_size(pages)
    zones_by_page = [zone_rows(rows) for rows in rows_by_page]
    furniture = running_furniture(zones_by_page)
    lines: list[Line] = []
    for page, rows, zones in zip(pages, rows_by_page, zones_by_page):
        rows = drop_furniture(rows, zones, furniture)
        lines.extend(page_lines(page, rows, body_size))
    return join_hyphenated(lines)


# --------------------------------------------------------------------------- rows


def page_rows(page: Page) -> list[Row]:
    """The page's words grouped into printed rows (top to bottom), each split into segments.

    A word joins the current row when its baseline (bottom) lies within 0.4 times
    the smaller height (its own or the row's first word's) of the baseline of the
    row's last word of about its size (else of the row's first word): boxes of bold
    or large fonts are taller but baselines stay put, and a small margin note cannot
    chain two rows. (A hot loop: spelt out.)
    """
    rows: list[list[Word]] = []
    row: list[Word] = []
    row_height = 0.0  # the height of the row's first word
    last_bottom = last_size = 0.0  # the row's last word's
    for word in sorted(page.words, key=TOP_LEFT):
        bottom, size = word.bottom, word.size
        if row:
            height = bottom - word.top
            if row_height < height:
                height = row_height
            height = height or 1.0
            if abs(last_size - size) <= 0.5:  # the anchor is most often the word before
                anchor = last_bottom
            else:
                anchor = row[0].bottom
                for other in reversed(row):
                    if abs(other.size - size) <= 0.5:
                        anchor = other.bottom
                        break
            if abs(bottom - anchor) < height * 0.4:
                row.append(word)
                last_bottom, last_size = bottom, size
                continue
        row = [word]
        row_height = bottom - word.top
        last_bottom, last_size = bottom, size
        rows.append(row)
    # each row's words come in (top, x0) order, most often left to right already: row_segments sorts the others
    return [row_segments(row) for row in rows]


TOP_LEFT = attrgetter("top", "x0")
LEFT = attrgetter("x0")
SIZE = attrgetter("size")
TEXT = attrgetter("text")
X1 = attrgetter("x1")
BOTTOM = attrgetter("bottom")
FONT = attrgetter("font")


def drop_overprint(words: list[Word]) -> list[Word]:
    """The row (sorted left to right) without words printed over others (fake bold, layered titles): the larger print wins."""
    if not overlapping(words):
        return words
    kept: list[Word] = []
    for word in sorted(words, key=lambda w: (-w.size, w.x0)):
        width = max(word.x1 - word.x0, 0.1)
        if all(min(word.x1, other.x1) - max(word.x0, other.x0) < width * 0.5 for other in kept):
            kept.append(word)
    return sorted(kept, key=LEFT)


def overlapping(words: list[Word]) -> bool:
    """Whether any two words of a row sorted left to right may overlap (or start at one x)."""
    right = float("-inf")
    for word in words:
        if not word.x0 > right:  # also true of NaN: look closer
            return True
        if word.x1 > right:
            right = word.x1
    return False


def row_segments(words: list[Word]) -> Row:
    """`split_segments(drop_overprint(sorted(words, key=LEFT)))`, in one pass where the words run apart left to right.

    The walk is `overlapping`'s and `split_segments`' together, on the words in the
    order given: each must start right of every edge, left or right, of the ones
    before it, which also proves the row already sorted (nine rows in ten are:
    sorting each row cost 1-2% of layout). At the first word that does not, the
    row goes the long way.
    """
    first = words[0]
    x1 = first.x1
    size = first.size
    # the rightmost edge, left or right, of the words so far (a word whose x1 lies left of its x0 is no exception)
    right = x1 if x1 > first.x0 else first.x0
    if not first.x0 > float("-inf") or not right > float("-inf"):
        return split_segments(drop_overprint(sorted(words, key=LEFT)))
    segment = [first]
    segments = [segment]  # the segments' words: a segment is built once its words are all known
    for word in words[1:]:
        x0 = word.x0
        if not x0 > right:
            return split_segments(drop_overprint(sorted(words, key=LEFT)))
        gap = x0 - x1
        previous_size, size = size, word.size
        if size == previous_size and size >= 4.0:  # the usual neighbour, in the same print
            opens = gap > size * 2.2
        else:  # as in split_segments
            larger = previous_size if previous_size > size else size
            widest = size if size > previous_size else previous_size
            if 4.0 > widest:
                widest = 4.0
            resized = abs(size - previous_size) > larger * 0.15
            opens = gap > widest * 2.2 or (resized and gap > 0.5)
        if opens:
            segment = [word]
            segments.append(segment)
        else:
            segment.append(word)
        x1 = word.x1
        right = x1 if x1 > x0 else x0  # x0 lies right of all edges before it
    return list(map(Segment, segments))


def split_segments(words: list[Word]) -> Row:
    """Split a row where a wide blank separates its words (margin notes, columns, tabs)."""
    previous = words[0]
    segment = [previous]
    segments = [segment]
    for word in words[1:]:
        gap = word.x0 - previous.x1
        size, previous_size = word.size, previous.size
        # max(size, previous_size) and max(previous_size, size, 4.0), spelt out: this loop is hot
        larger = previous_size if previous_size > size else size
        widest = size if size > previous_size else previous_size
        if 4.0 > widest:
            widest = 4.0
        resized = abs(size - previous_size) > larger * 0.15
        if gap > widest * 2.2 or (resized and gap > 0.5):
            segment = [word]
            segments.append(segment)
        else:
            segment.append(word)
        previous = word
    return list(map(Segment, segments))


def row_text(row: Row) -> str:
    return " ".join(segment.text for segment in row)


def dominant_size(pages: list[Page]) -> float:
    """The font size of most of the law's characters: the body text size."""
    sizes: dict[float, int] = {}
    count = sizes.get
    for page in pages:
        # words come in runs of one size: count a run at once (a run's first size is the one a dict keeps)
        for size, run in groupby(page.words, key=SIZE):
            sizes[size] = count(size, 0) + sum(map(len, map(TEXT, run)))
    return round(max(sizes, key=lambda size: (sizes[size], size)), 1) if sizes else 0.0


# --------------------------------------------------------------------------- headers and footers


SPACES = re.compile(r"\s+")  # compiled once: re.sub(pattern, ...) would look each up in re's cache, row after row
DIGITS = re.compile(r"\d+")


def furniture_key(text: str) -> str:
    """A row's text with digits and spacing normalised, to spot the same header on every page."""
    # " ".join(split()) is SPACES.sub(" ", ...).strip(): both take white space as str.isspace() does
    return " ".join(DIGITS.sub("#", text.lower()).split())


ZoneRow = tuple[str, str, str, Row]  # zone, furniture key, text, row


def zone_rows(rows: list[Row]) -> list[ZoneRow]:
    """The rows in the header and footer zones of a page, tagged with their zone, key and text."""
    tagged = [("top", row) for row in rows[:ZONE_ROWS]]
    tagged += [("bottom", row) for row in rows[max(ZONE_ROWS, len(rows) - ZONE_ROWS):]]
    return [(zone, furniture_key(text), text, row) for zone, row in tagged for text in [row_text(row)]]


def running_furniture(zones_by_page: list[list[ZoneRow]]) -> set[tuple[str, str]]:
    """(zone, key) of rows repeated at the top or bottom of many pages: running headers and footers."""
    counts: Counter[tuple[str, str]] = Counter()
    for zones in zones_by_page:
        counts.update({(zone, key) for zone, key, _, _ in zones})
    needed = max(3, round(len(zones_by_page) * 0.25))
    if len(zones_by_page) < 3:
        needed = 2
    return {key for key, count in counts.items() if count >= needed and len(key[1]) > 0}


def drop_furniture(rows: list[Row], zones: list[ZoneRow], furniture: set[tuple[str, str]]) -> list[Row]:
    """The page's rows without running headers, footers and page numbers (`zones`: its `zone_rows`)."""
    doomed = set()
    for zone, key, text, row in zones:
        if (zone, key) in furniture or PAGE_NUMBER.match(text):
            doomed.add(id(row))
    return [row for row in rows if id(row) not in doomed]


# --------------------------------------------------------------------------- columns and margins


def page_lines(page: Page, rows: list[Row], body_size: float) -> list[Line]:
    """The page's lines in reading order: body text by column, margin notes beside it."""
    body_left, body_right = body_extent(rows, body_size)
    body: list[Row] = []
    notes: list[Segment] = []
    # the bounds, computed once for the page, and the tests of a segment outside the body made only of those
    # outside it; strip_line_numbers called only for a row that ends in a number (layout -1% of instructions)
    left, right, note_size = body_left + 1, body_right - 1, body_size * 0.92
    for row in rows:
        if row[-1].words[-1].text.isdigit():
            row = strip_line_numbers(row, body_right)
        kept: Row = []
        for segment in row:
            if segment.x1 <= left or segment.x0 >= right:  # outside the body
                if segment.text.strip("[]()").isdigit() and (segment.x0 >= right or len(row) == 1):
                    continue  # a margin line number (5, 10, 15 ...) or a stray page number, not "26." before text
                if segment.size < note_size and len(segment.text) < 60:
                    notes.append(segment)
                    continue
            kept.append(segment)
        if kept:
            body.append(kept)
    ordered = order_columns(body, page.width)
    lines = [make_line(row, page.number) for row in ordered]
    if not notes:  # most pages: the lines that open numbered provisions matter only where notes are merged
        return lines
    openings = [line.top for line in lines if NUMBERED.match(line.text)]
    return place_notes(lines, merge_notes(notes, page.number, openings))


def strip_line_numbers(row: Row, body_right: float) -> Row:
    """The row without a margin line number (5, 10, 15 ...) printed after the body text."""
    last = row[-1]
    word = last.words[-1]
    if word.text.isdigit() and word.x0 > body_right + 2 and len(last.words) > 1 and int(word.text) % 5 == 0:
        return row[:-1] + [Segment(last.words[:-1])]
    return row


def body_extent(rows: list[Row], body_size: float) -> tuple[float, float]:
    """Left and right edges of the page's body text (rows in the body font, of some length)."""
    lefts: list[float] = []
    rights: list[float] = []
    for row in rows:
        for segment in row:
            if abs(segment.size - body_size) <= body_size * 0.08 and len(segment.text) >= 12:
                lefts.append(segment.x0)
                rights.append(segment.x1)
    if len(lefts) < 3:
        return 0.0, 1e9
    lefts.sort()
    rights.sort()
    # justified text ends at one x on most lines; some rows run further (margin line numbers)
    bins = Counter(round(right / 3) for right in rights)
    common, count = max(bins.items(), key=lambda item: (item[1], item[0]))
    right = common * 3 + 1.5 if count >= len(rights) * 0.25 else rights[-1 - len(rights) * 15 // 100]
    return lefts[len(lefts) // 20], right


def order_columns(rows: list[Row], width: float) -> list[Row]:
    """Rows in reading order: where the page has two columns, the left one first."""
    gutter = find_gutter(rows, width)
    if gutter is None:
        return [merge_row(row) for row in rows]
    ordered: list[Row] = []
    left: list[Row] = []
    right: list[Row] = []
    for row in rows:
        words = [word for segment in row for word in segment.words]
        if any(word.x0 < gutter < word.x1 for word in words):
            ordered += left + right  # a full-width row (a title) closes the band of columns above it
            left, right = [], []
            ordered.append(merge_row(row))
            continue
        west = [word for word in words if word.x1 <= gutter]
        east = [word for word in words if word.x0 >= gutter]
        if west:
            left.append([Segment(west)])
        if east:
            right.append([Segment(east)])
    return ordered + left + right


def find_gutter(rows: list[Row], width: float) -> float | None:
    """The x of a blank vertical band between two columns of text, if the page has one."""
    if len(rows) < 8 or width <= 0:
        return None
    low, high = int(width * 0.3), int(width * 0.7)
    if not may_have_columns(rows, low, high):
        return None
    steps = [0] * (high - low + 3)
    for row in rows:
        for segment in row:
            for word in segment.words:
                if word.x1 < low - 1 or word.x0 > high + 1:
                    continue  # wholly beside the middle of the page, where a gutter could be
                first, last = int(word.x0), int(word.x1)
                if low > first:  # max(low, first) and min(high, last), spelt out: this loop is hot
                    first = low
                if last > high:
                    last = high
                if first <= last:
                    steps[first - low] += 1
                    steps[last - low + 1] -= 1
    covered = list(accumulate(steps))[: high - low + 2]
    allowed = 1 + len(rows) // 10  # a few full-width rows (titles, the long title) may cross it
    best: tuple[int, int] | None = None
    start = None
    for i, count in enumerate(covered + [len(rows) + 1]):
        if count <= allowed and start is None:
            start = i
        elif count > allowed and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < 6:
        return None
    gutter = low + (best[0] + best[1]) / 2
    # the two columns' rows need not line up: each side must simply hold a good share of the rows
    west = rows_reaching(rows, gutter, east=False)
    east = rows_reaching(rows, gutter, east=True)
    return gutter if min(west, east) >= len(rows) * 0.3 else None


def may_have_columns(rows: list[Row], low: int, high: int) -> bool:
    """Whether a gutter between `low` and `high` + 1 could leave a good share of the rows on each side.

    `find_gutter`'s last test, asked of the whole band where a gutter can lie: most
    pages fail it (one column), and then their words need not be walked.
    """
    needed = len(rows) * 0.3
    # the east side first: on a page of one column few rows reach past its first third, and the west need not be counted
    if rows_reaching(rows, low, east=True) < needed:
        return False
    return rows_reaching(rows, high + 1, east=False) >= needed


def rows_reaching(rows: list[Row], x: float, east: bool) -> int:
    """How many rows have a segment starting right of `x` (east) or ending left of it (west).

    `sum(1 for row in rows if any(s.x0 > x for s in row))` spelt out: asked of every
    page, the two generators per row cost a fifth of find_gutter (48 -> 37 ms over
    the 30 laws' pages).
    """
    count = 0
    if east:
        for row in rows:
            for segment in row:
                if segment.x0 > x:
                    count += 1
                    break
    else:
        for row in rows:
            for segment in row:
                if segment.x1 < x:
                    count += 1
                    break
    return count


def merge_row(segments: Row) -> Row:
    """One segment holding all the row's words (the row is body text)."""
    if len(segments) == 1:
        return segments  # already one: keep its measures
    return [Segment([word for segment in segments for word in segment.words])]


def make_line(row: Row, page: int) -> Line:
    segment = row[0]
    # lines share a few left margins (a tenth as many as lines), but seldom a top
    x0 = rounded(segment.x0, 2, ROUNDED_2)
    return new_line(segment.text, page, x0, round(segment.top, 2), segment.size, segment.bold)


def new_line(text: str, page: int, x0: float, top: float, size: float, bold: bool, margin_note: bool = False) -> Line:
    """Line(...) at a third of the cost: a frozen dataclass's __init__ sets each field through
    object.__setattr__, and a law has tens of thousands of lines (as ingest's `new_words`)."""
    line = object.__new__(Line)
    fields = line.__dict__
    fields["text"] = text
    fields["page"] = page
    fields["x0"] = x0
    fields["top"] = top
    fields["size"] = size
    fields["bold"] = bold
    fields["margin_note"] = margin_note
    fields["ocr"] = False
    return line


# Margin notes that cite another law rather than title the section ("Act No. 4, 2014", "Cap. 26:01").
CROSS_REFERENCE = re.compile(r"^(Act\s+No\.?|Acts?\s+\d|Cap\.|Chapter\s+\d|No\.\s*\d|S\.\s?I\.|L\.\s?N\.|G\.\s?N\.|Ord\.|\d{1,4}(\s+of\s+\d{4})?$|\[|\()")
NUMBERED = re.compile(r"^[\"“]?(?:Article|Art\.|Section)?\s*\d+[A-Z]{0,2}\b")


def merge_notes(notes: list[Segment], page: int, openings: list[float] = ()) -> list[Line]:  # type: ignore[assignment]
    """Margin-note segments stacked closely on one side, joined into one note each.

    A note never runs past a line that opens a numbered provision: there the next note begins.
    """
    notes.sort(key=lambda s: (s.top, s.x0))
    merged: list[list[Segment]] = []
    for note in notes:
        if merged:
            last = merged[-1][-1]
            close = note.bottom - last.bottom < max(note.size, last.size) * 1.9 and abs(note.x0 - last.x0) < 40
            opens = any(abs(note.top - top) <= 3 for top in openings)
            if close and not opens and not CROSS_REFERENCE.match(note.text):
                merged[-1].append(note)
                continue
        merged.append([note])
    lines = []
    for group in merged:
        text = unspace(join_hyphenated_text([s.text for s in group]))
        first = group[0]
        lines.append(new_line(text, page, round(first.x0, 2), round(first.top, 2), first.size, first.bold, margin_note=True))
    return lines


def unspace(text: str) -> str:
    """Undo letter-spacing: `S e c u r i t y,` -> `Security,` (runs of three or more single letters)."""
    return re.sub(r"\b(?:\w ){2,}\w\b[,.;:]?", lambda m: m.group().replace(" ", ""), text)


def place_notes(lines: list[Line], notes: list[Line]) -> list[Line]:
    """Put each margin note just before the first body line printed at or below its top."""
    if not notes:
        return lines
    result: list[Line] = []
    pending = list(notes)
    for line in lines:
        while pending and pending[0].top <= line.top + 2:
            result.append(pending.pop(0))
        result.append(line)
    return result + pending


# --------------------------------------------------------------------------- hyphenation

KEEP_HYPHEN_PREFIXES = {
    "anti", "co", "counter", "cross", "cyber", "e", "ex", "extra", "inter", "intra", "multi", "non", "post",
    "pre", "quasi", "re", "self", "semi", "sub", "super", "trans", "well", "third", "first", "second", "one",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty", "forty", "fifty",
    "sixty", "seventy", "eighty", "ninety", "hundred", "mi", "demi", "auto", "ultra", "vice", "all", "long",
    "short", "full", "part", "high", "low", "follow", "start", "set", "opt", "sign", "check", "log", "up",
}
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)-$")
LINE_START_WORD = re.compile(r"([^\W\d_]+)(\S*)\s*")


def join_hyphenated(lines: list[Line]) -> list[Line]:
    """Join words split by a hyphen at the end of a line; keep real hyphens (cross-border)."""
    # no word runs over a line break, so the words of all lines are found at once (only whether
    # a word occurs matters), at the first hyphen that needs them: some laws break no word
    vocabulary: TextWords | None = None
    result = list(lines)
    # only the lines that end in a hyphen are visited (found by map(), not by a loop over all of them); a join
    # shortens the line after it from the start, which cannot give it a hyphen at its end
    ends = map(methodcaller("endswith", ("-", "-\n")), map(TEXT, lines))
    for i in compress(range(len(result) - 1), ends):
        line, following = result[i], result[i + 1]
        if line.margin_note or following.margin_note or not line.text.endswith(("-", "-\n")):
            continue
        match = LINE_END_HYPHEN.search(line.text)
        head = LINE_START_WORD.match(following.text)
        if not match or not head or not head.group(1)[0].islower():
            continue
        first, second = match.group(1), head.group(1)
        if vocabulary is None:
            vocabulary = TextWords("\n".join(map(TEXT, lines)))
        hyphen = "-" if keeps_hyphen(first, second, vocabulary) else ""
        result[i] = replace(line, text=line.text[:-1] + hyphen + head.group(1) + head.group(2))
        result[i + 1] = replace(following, text=following.text[head.end():])
    # a line without a letter or digit (a stray dash, rule or dot leader) carries nothing to cite
    return list(compress(result, map(ALNUM.search, map(TEXT, result))))


ALNUM = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true (\w is alphanumerics and "_")
# a match of WORD where findall would start one: after no letter, nor after a hyphen that joins letters
WORD_START = re.compile(r"(?<![^\W\d_])(?<![^\W\d_]-)" + WORD.pattern)


class TextWords:
    """The words of a text, lower-cased (the matches of WORD), asked only whether one occurs.

    `word in TextWords(text)` is `word in word_set(WORD, text)`, but each word asked
    is looked for in the lower-cased text, where it must stand as a whole match: a
    law asks about a few hundred words at most, and collecting all of its words
    cost half of join_hyphenated (92 -> 48 ms over the 30 laws).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()
        self.answers: dict[str, bool] = {}
        self.words: set[str] | None = None
        # lower() maps each character alone, but for the Greek capital sigma (final form at a word's end), and may
        # lengthen it (İ -> i̇): then a match's position in the text is not its lower case's, and all words are collected
        if "Σ" in text or len(self.lowered) != len(text):
            self.words = word_set(WORD, text)

    def __contains__(self, word: object) -> bool:
        if self.words is not None:
            return word in self.words
        if not isinstance(word, str) or not word:
            return False
        found = self.answers.get(word)
        if found is None:
            found = self.answers[word] = self.occurs(word)
        return found

    def occurs(self, word: str) -> bool:
        """Whether a match of WORD in the text spans an occurrence of `word` (lower case) in the lowered text."""
        end = len(word)
        at = self.lowered.find(word)
        while at >= 0:
            match = WORD_START.match(self.text, at)
            if match is not None and match.end() == at + end:
                return True
            at = self.lowered.find(word, at + 1)
        return False


def keeps_hyphen(first: str, second: str, vocabulary: Container[str]) -> bool:
    """Whether `first-` + `second` is a hyphenated compound rather than one word broken in two.

    `vocabulary` holds the law's words, lower-cased.
    """
    joined = (first + second).lower()
    hyphenated = f"{first}-{second}".lower()
    if hyphenated in vocabulary and joined not in vocabulary:
        return True
    if joined in vocabulary:
        return False
    return first.lower() in KEEP_HYPHEN_PREFIXES


def join_hyphenated_text(parts: list[str]) -> str:
    """Join short stacked texts (margin notes) into one, undoing line-break hyphens."""
    text = ""
    for part in parts:
        if text.endswith("-") and part[:1].islower():
            text = text[:-1] + part
        else:
            text = f"{text} {part}".strip()
    return text
