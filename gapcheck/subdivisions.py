"""A provision's text, its subdivisions ((1), (a), (i), 1°, a) ...) and the terms it defines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gapcheck.models import Definition, Line, Provision

LABEL = re.compile(  # used with match(), which anchors it: match(text, offset) reads a label without copying the text after it
    r"(?:\((?P<paren>\d{1,3}[A-Z]?|[a-z]{1,3}|[A-Z]{1,2})\)"
    r"|(?P<degree>\d{1,3})\s?[°º]"
    r"|(?P<closing>\d{1,3}|[a-z])\)"
    r"|(?P<dotted>\d{1,3}|[a-z])\.(?=\s)"
    r"|(?P<roman>[IVXL]{1,6})\s*[-–—]\s"
    r"|§\s*(?P<para>\d{1,3})\s*[°º]?"
    r")\s*"
)
KIND_OF_TYPE = {"number": "subsection", "alpha": "paragraph", "roman": "subparagraph", "upper": "subparagraph", "section": "subsection"}
ROMAN = re.compile(r"^(?=[ivxl]+$)x{0,3}(ix|iv|v?i{0,3})$")


@dataclass
class Mark:
    """A subdivision label found at the start of a line of the provision's text."""

    offset: int
    label: str
    type: str
    depth: int = 0


def build(number: str, kind: str, heading: str, part: str, first: str, lines: list[Line], page: int) -> Provision:
    """A provision starting on `page` whose text is `first` and then `lines`, with its subdivisions."""
    text, pages, starts = join_lines(first, lines, page)
    page = pages[0][1] if pages else page
    provision = Provision(number=number, kind=kind, heading=heading, text=text, page=page, part=part)
    provision.pages = tuple(pages)
    provision.end_page = pages[-1][1] if pages else page
    provision.children = subdivide(text, provision.pages, marks_at(text, starts))
    return provision


def join_lines(first: str, lines: list[Line], page: int) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Join lines into one text: a new subdivision starts a new line, others join with a space."""
    text = ""
    pages: list[tuple[int, int]] = []
    starts: list[int] = []
    pieces = [(first, page)] + [(line.text, line.page) for line in lines]
    for piece, page in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if text:
            text += "\n" if LABEL.match(piece) or piece[:2] in ("- ", "– ", "• ") else " "
        if pages and not text:
            pages[-1] = (0, page)
        elif not pages or pages[-1][1] != page:
            pages.append((len(text), page))
        starts.append(len(text))
        text += piece
    return text, pages, starts


def marks_at(text: str, starts: list[int]) -> list[Mark]:
    """The subdivision labels that open lines of the text, in a plausible sequence."""
    marks: list[Mark] = []
    last: dict[str, str] = {}
    for offset in starts:
        match = LABEL.match(text, offset)
        if not match:
            continue
        raw = next(value for value in match.groupdict().values() if value)
        kind = label_type(raw, match, last)
        if not follows(last.get(kind), raw, kind):
            continue
        last[kind] = raw
        if kind == "alpha":
            last.pop("roman", None)
        marks.append(Mark(offset, f"({raw})", kind))
    assign_depths(marks)
    return marks


def label_type(raw: str, match: re.Match[str], last: dict[str, str]) -> str:
    """number / alpha / roman / upper for a label; `(i)` after `(h)` is a letter."""
    if match.group("para"):
        return "section"
    if match.group("roman"):
        return "upper"
    if raw[0].isdigit():
        return "number"
    if raw.isupper():
        return "upper"
    if ROMAN.match(raw) and not (last.get("alpha") and ord(last["alpha"][-1]) + 1 == ord(raw[0]) and len(raw) == 1):
        return "roman"
    return "alpha"


DIGITS = re.compile(r"\d+")  # compiled once: `follows` runs for each label


def follows(previous: str | None, raw: str, kind: str) -> bool:
    """Whether `raw` can come next after `previous` of the same kind (rejects cross-references)."""
    if kind in ("number", "section"):
        value = int(DIGITS.match(raw).group())  # type: ignore[union-attr]
        before = int(DIGITS.match(previous).group()) if previous else 0  # type: ignore[union-attr]
        return value == 1 or before < value <= before + 2 or (previous is not None and value == before and raw != previous)
    if kind == "alpha":
        if previous is None:
            return raw in ("a", "aa")
        return len(raw) == 1 and len(previous) == 1 and ord(raw) - ord(previous) in (1, 2) or len(raw) == 2 and raw[0] == raw[1]
    if kind == "roman":
        return previous is None and raw == "i" or previous is not None
    return True


def assign_depths(marks: list[Mark]) -> None:
    """Depth by order of first appearance of each label type, nesting as in the law."""
    stack: list[str] = []
    for mark in marks:
        if mark.type in stack:
            del stack[stack.index(mark.type) + 1 :]
        else:
            stack.append(mark.type)
        mark.depth = len(stack) - 1


def subdivide(text: str, pages: tuple[tuple[int, int], ...], marks: list[Mark], base: int = 0, depth: int = 0) -> list[Provision]:
    """Children at `depth` of the span of `text` starting at `base` (recursively)."""
    children: list[Provision] = []
    level = [i for i, mark in enumerate(marks) if mark.depth == depth]
    for n, i in enumerate(level):
        mark = marks[i]
        end_index = next((k for k in range(i + 1, len(marks)) if marks[k].depth <= depth), len(marks))
        end = marks[end_index].offset if end_index < len(marks) else len(text)
        child_text = text[mark.offset : end].rstrip()
        child_pages = shift_pages(pages, mark.offset, end)
        child = Provision(number=mark.label, kind=KIND_OF_TYPE[mark.type], text=child_text, offset=mark.offset - base)
        child.pages = child_pages
        child.page = child_pages[0][1] if child_pages else 0
        child.end_page = child_pages[-1][1] if child_pages else 0
        inner = marks[i + 1 : end_index]
        child.children = subdivide_local(text, pages, inner, mark.offset, depth + 1)
        children.append(child)
        del n
    return children


def subdivide_local(text: str, pages: tuple[tuple[int, int], ...], marks: list[Mark], base: int, depth: int) -> list[Provision]:
    """Children of a subdivision: offsets relative to the subdivision's own text."""
    if not marks:
        return []
    return subdivide(text, pages, marks, base, min(mark.depth for mark in marks))


def shift_pages(pages: tuple[tuple[int, int], ...], start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The (offset, page) pairs of the span [start, end), relative to start."""
    page = pages[0][1] if pages else 0
    result: list[tuple[int, int]] = []
    for offset, number in pages:
        if offset <= start:
            page = number
        elif offset < end:
            if not result:
                result.append((0, page))
            result.append((offset - start, number))
    return tuple(result) or ((0, page),)


def append_child(parent: Provision, child: Provision) -> None:
    """Append an inserted provision's text to its parent's, as its child."""
    if not child.text:
        child.text = ""
    label = f"{child.number}" + (f" {child.heading}" if child.heading else "")
    joined = f"{label}\n{child.text}" if child.text else label
    base = len(parent.text) + (1 if parent.text else 0)
    parent.text = f"{parent.text}\n{joined}" if parent.text else joined
    child.offset = base
    child.text = joined
    shift = len(label) + 1 if child.text != label else 0
    child.pages = tuple((0 if offset == 0 else offset + shift, page) for offset, page in child.pages) or ((0, child.page),)
    for grandchild in child.children:
        grandchild.offset += shift
    for offset, page in child.pages:
        if page != parent.pages[-1][1] if parent.pages else True:
            parent.pages = parent.pages + ((base + offset, page),)
    parent.end_page = max(parent.end_page, child.end_page)
    parent.children.append(child)


# --------------------------------------------------------------------------- definitions

DEFINITION_HEADING = re.compile(r"interpret|definition|définition|d[ée]finicion|terminolog|significado|meaning|d[ée]finic", re.IGNORECASE)
DEFINITION_INTRO = re.compile(
    # the lookahead names the alternatives' first two letters: the regex engine then skips other positions fast
    r"(?=[acfilops][aenosu])(?:in this (act|law|part|bill|convention|chapter)|for the purposes? of this|as used in this|au sens de|on entend par|"
    r"les d[ée]finitions suivantes|se entiende por|para (os )?(fins|efeitos) desta|considera-se|following terms)",
    re.IGNORECASE,
)
QUOTED_TERM = re.compile(  # one or two opening quotes, the first spelt out: the regex engine then skips to a quote fast
    r"[\"“‘'`«][\"“‘'`«]?\s*(?P<term>[^\"”’'\n«»]{1,90}?)\s*[\"”’'»]{1,2}\s*(?:,\s*[^,]{1,60},\s*)?"
    r"(?:means|includes|include|has the (?:same )?meaning|refers to|shall (?:mean|include|have|refer)|in relation to|is|d[ée]signe|s[’']entend|signifie|significa|se entiende)\b"
)
COLON_TERM = re.compile(
    r"(?:^|(?<=\n)|(?<=;\s)|(?<=\.\s)|(?<=:\s))(?:[-–•]\s*|\(?\d{1,3}\s?[°º.)]\s*|\(?[a-z]{1,2}[.)]\s*|[IVX]{1,5}\s*[-–]\s*)?"
    r"[«“\"‘]?\s*(?P<term>[A-ZÀ-Ýa-zà-ÿ][^:;\n.«»]{1,70}?)\s*[»”\"’]?\s*:\s+(?=\S)"
)
UNQUOTED_MEANS = re.compile(r"(?:^|(?<=\n)|(?<=;\s)|(?<=:\s))(?P<term>[A-Z][\w'’ -]{0,60}?)\s+(?:means|refers to|includes)\b")
REFERS_TERM = re.compile(r"(?:^|\n)\((?:[a-z]{1,2})\)\s*(?P<term>[A-Z][^\n]{1,70}?)\s+(?:refers to|shall refer to|means)\b")


def definitions_of(provision: Provision) -> list[Definition]:
    """The terms a provision defines (only in interpretation / definition provisions)."""
    found: list[Definition] = []
    for item in provision.walk():
        if item.kind in ("section", "article", "inserted", "schedule"):
            found.extend(terms_in(item))
    return found


def terms_in(provision: Provision) -> list[Definition]:
    """Definitions in one section/article: quoted terms, or `term: meaning` lists."""
    text = own_text(provision)
    head = provision.heading + " " + text[:400]
    quoted = list(QUOTED_TERM.finditer(text))
    if len(quoted) >= 2 or quoted and DEFINITION_HEADING.search(provision.heading):
        return spans(provision.number, text, [(m.start(), m.group("term")) for m in quoted])
    if not (DEFINITION_HEADING.search(provision.heading) or DEFINITION_INTRO.search(head)):
        return []
    colon = [(m.start("term"), m.group("term")) for m in COLON_TERM.finditer(text)]
    colon = [(start, term) for start, term in colon if len(term.split()) <= 10 and not DEFINITION_INTRO.search(term)]
    refers = [(m.start("term"), m.group("term")) for m in REFERS_TERM.finditer(text)]
    means = [(m.start("term"), m.group("term")) for m in UNQUOTED_MEANS.finditer(text)]
    matches = max([colon, refers, means], key=len)  # the way this law words its definitions
    return spans(provision.number, text, matches) if len(matches) >= 2 else []


def own_text(provision: Provision) -> str:
    """A provision's text without the inserted provisions it carries."""
    inserted = [child.offset for child in provision.children if child.kind == "inserted"]
    return provision.text[: min(inserted)] if inserted else provision.text


def spans(number: str, text: str, matches: list[tuple[int, str]]) -> list[Definition]:
    """Definitions from term positions: each runs to the next term."""
    result = []
    for i, (start, term) in enumerate(matches):
        end = matches[i + 1][0] if i + 1 < len(matches) else len(text)
        body = without_next_label(re.sub(r"\s+", " ", text[start:end]).strip())
        result.append(Definition(term=re.sub(r"\s+", " ", term).strip(), provision=number, text=body))
    return result


NEXT_LABEL = re.compile(r"\s*(?:\(?\d{1,3}\s?[.°º)]|\(?[a-z]{1,2}[.)]|[-–•]|[IVX]{1,5}\s*[-–])$")
LABEL_REACH = 16  # NEXT_LABEL spans at most 8 characters where white space comes one character at a time


def without_next_label(body: str) -> str:
    """A definition's text (white space already collapsed to single spaces) without the next term's label at its end.

    The label can only lie at the end: it is looked for there, not from every
    position of a text that may run to thousands of characters.
    """
    label = NEXT_LABEL.search(body, max(0, len(body) - LABEL_REACH))
    return body[: label.start()] if label else body
