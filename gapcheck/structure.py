"""Structure: clean lines -> the law's provisions (a tree) and its defined terms.

Top-level provisions are found as the best *chain* of numbered starts: numbers
that rise one by one (12, 12A, 13 ...) and carry real text. That one rule skips
the table of contents (entries carry no text), numbered paragraphs inside
articles (they restart at 1) and the sections an amending law inserts into
another law (their numbers do not follow the law's own; they become children
of the provision that inserts them).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from gapcheck.layout import CROSS_REFERENCE, SPACES
from gapcheck.models import Definition, Line, Provision
from gapcheck import subdivisions

ORDINAL_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "premier": 1, "première": 1, "first": 1, "unique": 1,
}
SUFFIX_RANK = {"": 0, "bis": 1, "ter": 2, "quater": 3, "quinquies": 4, "sexies": 5, "septies": 6, "octies": 7}

ARTICLE = re.compile(
    r"^(?P<q>[\"“‘']?)(?:ARTICLE|Article|ARTICULO|ARTÍCULO|Artículo|Articulo|ARTIGO|Artigo|Art\.|ART\.)\s*"
    r"(?P<num>(?:\d+(?:\s*-\s*\d+)*|[IVXLC]+|premier|première|unique|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*(?:er|ER|o|º|°|ª)(?![a-zà-ÿ]))?(?:-?[A-Z](?![a-z]))?(?:\s+(?:bis|ter|quater|quinquies|sexies|septies|octies))?)"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
SECTION = re.compile(
    r"^(?P<q>[\"“‘']?)(?:(?:Section|SECTION|Sec\.|SEC\.)\s+)?(?P<num>\d{1,3}[A-Z]{0,2})(?P<sep>\.|\s)\s*(?P<rest>.*)$"
)
DIVISION = re.compile(
    r"^(?P<kind>PART|Part|CHAPTER|Chapter|CHAPITRE|Chapitre|TITRE|Titre|TITLE|LIVRE|Livre|CAPÍTULO|Capítulo|CAPITULO|"
    r"TÍTULO|Título|TITULO|SUB-PART|Sub-Part|Subpart|SUBPART|Section|SECTION)\s+"
    r"(?P<num>[IVXLC]+|\d+[A-Z]?|[A-Z]|premier|première|PREMIER|PRELIMINAIRE|PRÉLIMINAIRE|PRELIMINARY|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b"
    r"\s*[-–—:.]?\s*(?P<title>.*)$"
)
SCHEDULE = re.compile(
    r"^(?P<label>(?:(?:FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)\s+)?"
    r"(?:SCHEDULE|Schedule|ANNEXE|Annexe|ANNEX|Annex|ANEXO|Anexo)(?:\s+(?:\d+|[IVX]+|[A-Z])\b)?)\s*[-–—:.]?\s*(?P<title>.*)$"
)
TOC_TITLE = re.compile(r"^(arrangement of (sections|articles|regulations)|table des mati[eè]res|sommaire|contents|table of contents|[ií]ndice|sum[aá]rio)\b", re.IGNORECASE)
INSERTION = re.compile(
    # the lookahead names every alternative's first two letters: the regex engine then skips other positions fast
    r"(?=[aceipqst][ahiorsu ])(?:(is|are) (hereby )?(inserted|substituted|added|amended by (inserting|adding|substituting))|the following (new )?"
    r"(section|sections|article|articles|paragraph|definition)|ainsi r[ée]dig[ée]s?|est ins[ée]r[ée]|sont ins[ée]r[ée]s|"
    r"est remplac[ée]|sont remplac[ée]s|est compl[ée]t[ée]e? (comme suit|par)|as follows|comme suit|a seguinte reda|"
    r"passa(m)? a vigorar|quedar[aá] as[ií])",
    re.IGNORECASE,
)


@dataclass
class Start:
    """A line that may open a top-level provision."""

    index: int
    number: str
    key: tuple[int, int]
    kind: str
    rest: str
    quoted: bool
    weight: float = 1.0
    labelled: bool = False  # printed with its word: "Section 10." rather than "10."


@dataclass
class Draft:
    """A provision being assembled from lines."""

    start: Start
    heading: str
    part: str
    first: str = ""
    page: int = 0
    lines: list[Line] = field(default_factory=list)
    inserted: list[Draft] = field(default_factory=list)


def split_provisions(lines: list[Line]) -> tuple[list[Provision], list[Definition]]:
    """The law's top-level provisions (with children) and its defined terms."""
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return [], []
    starts = find_starts(lines)
    chain = best_chain(starts, lines)
    fillers = gap_fillers(chain, starts)
    drafts = assemble(lines, sorted(chain + fillers, key=lambda s: s.index), starts)
    if fillers:  # pages bound out of order: list the provisions in the order of their numbers
        drafts.sort(key=lambda d: (d.start.kind == "schedule", d.start.key if d.start.kind != "schedule" else (0, 0)))
    provisions = [finish(draft) for draft in drafts]
    definitions = [d for provision in provisions for d in subdivisions.definitions_of(provision)]
    return provisions, definitions


# --------------------------------------------------------------------------- candidate starts


# Patterns of the functions called for each line or start, compiled once: re.match(pattern, ...) looks each up in re's cache.
NUMBER = re.compile(r"^(\d+)((?:\s*-\s*\d+)*)\s*(er|o|º|°|ª)?\s*(-\s*)?([A-Z])?\s*(bis|ter|quater|quinquies|sexies|septies|octies)?$", re.IGNORECASE)
ORDINAL_SUFFIX = re.compile(r"^(er|o)\b")
UNTITLED_REST = re.compile(r"^[A-Z“\"(]")
NUMERIC_REST = re.compile(r"^\d|^[%/]")
DOTTED_ENTRY = re.compile(r"(\.\s*){4,}\s*\d*$|\s\d{1,4}$")
LIST_ITEM = re.compile(r"^\(?[a-z0-9ivx]{1,4}[).]")
MEANS = re.compile(r"\bmeans\b")
DASHED_HEADING = re.compile(r"^(?P<h>[A-ZÀ-Ý][^.–—]{1,120}?)\s*\.?\s*[–—-]\s+(?P<t>.+)$")
DOTTED_DASHED_HEADING = re.compile(r"^(?P<h>[A-ZÀ-Ý][^.]{1,120}?)\.\s*[–—-]\s*(?P<t>.+)$")
ALONE_HEADING = re.compile(r"^[:.]?\s*(?P<h>[A-ZÀ-Ý][^.:;]{1,100}?)[.:]?$")
SENTENCE_HEADING = re.compile(r"^(?P<h>[A-Z][^.;:,]{1,80}?)\.\s+(?P<t>(In|For|Whenever|Unless|The|This|Subject)\b.+)$")


def parse_number(text: str) -> tuple[str, tuple[int, int]] | None:
    """`12A` -> ("12A", (12, 1)); `1er` -> ("1er", (1, 0)); `431-8` -> ("431-8", (431, 8))."""
    text = SPACES.sub(" ", text.strip())
    lowered = text.lower()
    if lowered in ORDINAL_WORDS:
        value = ORDINAL_WORDS[lowered]
        return ("1er" if lowered in ("premier", "première") else str(value)), (value, 0)
    match = NUMBER.match(text)
    if match:
        value = int(match.group(1))
        hyphen = SPACES.sub("", match.group(2) or "")
        ordinal = match.group(3) or ""
        letter = match.group(5) or ""
        latin = (match.group(6) or "").lower()
        dash = "-" if letter and match.group(4) else ""  # Brazilian "Art. 55-A" keeps its dash
        number = f"{value}{hyphen}{ordinal}{dash}{letter}" + (f" {latin}" if latin else "")
        if hyphen:
            return number, (value, 1000 + int(hyphen.split("-")[-1]))
        rank = (ord(letter.upper()) - 64) if letter else SUFFIX_RANK.get(latin, 0)
        return number, (value, rank)
    roman = roman_value(text)
    if roman:
        return text, (roman, 0)
    return None


def roman_value(text: str) -> int:
    """The value of a Roman numeral (0 when `text` is not one)."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not text or any(ch not in values for ch in text.upper()) or not text.isupper():
        return 0
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


def find_starts(lines: list[Line]) -> list[Start]:
    """Every line that looks like the opening of a section or article."""
    starts: list[Start] = []
    for index, line in enumerate(lines):
        if line.margin_note:
            continue
        start = match_start(line.text, index)
        if start:
            starts.append(start)
    articles = [s for s in starts if s.kind == "article"]
    sections = [s for s in starts if s.kind == "section"]
    starts = articles if len(articles) >= 3 or len(articles) >= len(sections) else sections
    weigh(starts, lines)
    return starts


def match_start(text: str, index: int) -> Start | None:
    """The start a line opens, if it looks like one."""
    text = text.strip()
    match = ARTICLE.match(text)
    if match:
        rest = match.group("rest")
        if rest[:1].islower() and not ORDINAL_SUFFIX.match(rest):
            return None  # "Article 5 of the Convention ..." is a reference, not a heading
        parsed = parse_number(match.group("num"))
        if parsed:
            return Start(index, parsed[0], parsed[1], "article", rest, bool(match.group("q")))
    match = SECTION.match(text)
    if match:
        rest = match.group("rest")
        if match.group("sep") != "." and not UNTITLED_REST.match(rest):
            return None
        if rest[:1].islower() or NUMERIC_REST.match(rest):
            return None
        parsed = parse_number(match.group("num"))
        if parsed and parsed[1][0] > 0:
            labelled = text.lstrip("\"“‘'").lower().startswith(("section", "sec."))
            return Start(index, parsed[0], parsed[1], "section", rest, bool(match.group("q")), labelled=labelled)
    return None


def weigh(starts: list[Start], lines: list[Line]) -> None:
    """Weight each start by the text that follows it: table-of-contents entries carry none."""
    boundaries = [s.index for s in starts] + [len(lines)]
    for start, end in zip(starts, boundaries[1:]):
        body = sum(len(line.text) for line in lines[start.index + 1 : end] if not line.margin_note)
        body += max(0, len(start.rest) - 60)
        dotted = bool(DOTTED_ENTRY.search(start.rest))
        start.weight = 0.2 + min(body, 3000) / 300 - (1.0 if dotted else 0.0)


def best_chain(starts: list[Start], lines: list[Line]) -> list[Start]:
    """The highest-scoring sequence of starts whose numbers rise one step at a time."""
    best: dict[tuple[int, int], tuple[float, int]] = {}  # key -> (score, index into starts) of best chain ending there
    previous: list[int] = [-1] * len(starts)
    scores: list[float] = [0.0] * len(starts)
    for j, start in enumerate(starts):
        if start.quoted or start.key[1] >= 1000:
            scores[j] = float("-inf")
            continue
        value = start.key[0]
        own = start.weight
        top = own - min(value - 1, 10) * 1.5  # chains should start near 1
        link = -1
        for key, (score, i) in best.items():
            if key >= start.key or value - key[0] > 6:
                continue
            gap = value - key[0] - 1 if key[0] < value else 0
            candidate = score + own - gap * 1.5
            if candidate > top:
                top, link = candidate, i
        scores[j] = top
        previous[j] = link
        if start.key not in best or best[start.key][0] < top:
            best[start.key] = (top, j)
    if not best:
        return []
    end = max(range(len(starts)), key=lambda j: (scores[j], -j))
    chain = []
    while end >= 0:
        chain.append(starts[end])
        end = previous[end]
    return chain[::-1]


def gap_fillers(chain: list[Start], starts: list[Start]) -> list[Start]:
    """Starts outside the chain that fill its gaps with real text (pages printed out of order)."""
    if len(chain) < 3:
        return []
    have = {start.key for start in chain}
    chained = {start.index for start in chain}
    low, high = chain[0].key, chain[-1].key
    best: dict[tuple[int, int], Start] = {}
    for start in starts:
        if start.index in chained or start.key in have or start.quoted or not chain[0].index < start.index < chain[-1].index:
            continue
        if low < start.key < high and start.key[1] < 1000 and start.weight >= 0.5:
            if start.key not in best or best[start.key].weight < start.weight:
                best[start.key] = start
    keys = sorted(best)
    runs = [k for k in keys if (k[0] - 1, 0) in best or (k[0] + 1, 0) in best or best[k].weight >= 1.0]
    return [best[key] for key in runs]


# --------------------------------------------------------------------------- assembling provisions


def assemble(lines: list[Line], chain: list[Start], starts: list[Start]) -> list[Draft]:
    """Cut the lines into provisions at the chain's starts; schedules after the last one."""
    if not chain:
        return []
    drafts: list[Draft] = []
    chained = {start.index for start in chain}
    others = {start.index: start for start in starts if start.index not in chained}
    inserted_at = sorted(others)
    part = ""
    stops = [lead_in(lines, start) for start in chain[1:]] + [len(lines)]
    for start, stop in zip(chain, stops):
        heading, first, after = heading_of(lines, start)
        part = part_before(lines, start.index, part)
        draft = Draft(start, heading, part, first, lines[start.index].page)
        body_stop, schedules = schedule_split(lines, after, stop, start is chain[-1])
        collect(draft, lines, after, body_stop, others, inserted_at)
        drafts.append(draft)
        drafts.extend(schedules)
    return drafts


def collect(draft: Draft, lines: list[Line], begin: int, stop: int, others: dict[int, Start], inserted_at: list[int]) -> None:
    """Give the provision its lines; sections it inserts into another law become its children.

    `others` are the starts outside the chain, by line index; `inserted_at` their indices, sorted.
    """
    target = draft
    inserting = False
    # whether the provision inserts text matters only at a start outside the chain:
    # its lines are read for the wording up to the last such start, not beyond
    before = bisect_left(inserted_at, stop)
    watched = inserted_at[before - 1] if before and draft.start.kind != "schedule" else -1
    for index in range(begin, stop):
        line = lines[index]
        if line.margin_note:
            continue
        other = others.get(index)
        if other and (inserting or other.quoted) and draft.start.kind != "schedule":
            heading, first, _ = heading_of(lines, other)
            if heading and heading == heading_above(lines, index):
                while target.lines and target.lines[-1].text.strip().strip("“\"‘'") in heading:
                    target.lines.pop()  # the inserted section's heading, printed above it
            child = Draft(other, heading, "", first, line.page)
            draft.inserted.append(child)
            target = child
            continue
        target.lines.append(line)
        if not inserting and index < watched and INSERTION.search(line.text):
            inserting = True


def lead_in(lines: list[Line], start: Start) -> int:
    """Where the block that introduces a start begins: its heading lines and any Part heading above."""
    index = start.index
    if heading_above(lines, index):
        index -= heading_above_count(lines, index)
    while index > 0:
        line = lines[index - 1]
        text = line.text.strip()
        if line.margin_note or is_division(text):
            index -= 1
        elif index - 2 >= 0 and is_division(lines[index - 2].text.strip()) and len(text) < 100 and not text[-1:] in ".;,":
            index -= 2
        elif index - 3 >= 0 and is_division(lines[index - 3].text.strip()) and text.isupper() and lines[index - 2].text.isupper():
            index -= 3
        else:
            break
    return index


def heading_above_count(lines: list[Line], index: int) -> int:
    """How many lines above `index` the heading found by `heading_above` spans (margin notes included)."""
    heading = heading_above(lines, index)
    count, taken = 0, ""
    i = index - 1
    while i >= 0 and taken != heading:
        count += 1
        if not lines[i].margin_note:
            taken = (lines[i].text.strip() + " " + taken).strip()
            if not heading.endswith(taken) and taken not in heading:
                break
        i -= 1
    return count


def heading_of(lines: list[Line], start: Start) -> tuple[str, str, int]:
    """The provision's heading, the text on its start line, and the index of its next line.

    The heading is a margin note, a title on the start line, a heading line
    above the start, or (articles) a short title on the line below.
    """
    rest = start.rest.lstrip("-–—:. ").strip()
    inline, text = split_inline_heading(rest, start.kind, start.rest[:1] in ".:-–—" or lines[start.index].bold)
    if not inline and start.labelled:
        match = re.match(r"^(?P<h>[A-Z][^.;:]{1,90}?(?:, etc)?)\s*[.―—–]+\s*(?P<t>[A-Z(“\"].*)$", rest)
        if match and len(match.group("h").split()) <= 10:
            inline, text = match.group("h").strip(), match.group("t")
    note = margin_note_for(lines, start.index)
    after = start.index + 1
    if note:
        return note, rest, after
    long_title = len(inline.split()) > 6
    if inline and not text and start.kind == "article" and long_title and not lines[start.index].bold:
        inline = ""  # a sentence that runs on to the next line, not a title
    if inline:
        return inline, text, after
    bold = lines[start.index].bold
    if start.kind == "section" and bold and looks_like_heading_line(rest, lines, start.index, bold):
        heading = rest.rstrip(".:")
        while after < len(lines) and lines[after].bold and not lines[after].margin_note and is_continuation(lines[after].text):
            heading = f"{heading} {lines[after].text.strip().rstrip('.:')}"  # a bold heading printed on two lines
            after += 1
        return heading, "", after
    above = heading_above(lines, start.index)
    if above and not (start.kind == "article" and above.isupper()):  # upper case above an article: a division title
        return above, rest, after
    if start.kind == "section" and looks_like_heading_line(rest, lines, start.index):
        return rest.rstrip(".:"), "", after
    if not rest and after < len(lines) and start.kind == "article":
        following = lines[after].text.strip()
        if looks_like_heading_line(following, lines, after) and len(following) < 80:
            return following.rstrip(".:"), "", after + 1
    return "", rest, after


# Finite verbs that make the words after an article number a sentence of its text, not its title
# (English, French, Spanish, Portuguese).
SENTENCE_VERB = re.compile(
    r"\b(shall|may|must|is|are|has|have|will|doit|doivent|est|sont|sera|seront|peut|peuvent|nomme|fixe|entre|"
    r"es|son|será|serán|podrá|podrán|deberá|deberán|entra|é|são|serão|poderá|poderão|deverá|deverão|tem|têm|"
    r"aplica|aplica-se|fica|ficam|compete|constituem|constituyen)\b",
    re.IGNORECASE,
)

# A title never ends on an article, a preposition or a conjunction: the sentence goes on below.
_DANGLING = re.compile(r"\s(?:of|the|and|or|to|de|da|do|das|dos|del|la|el|los|las|e|y|o|a|et|du|des|le|les|ou)$")


def split_inline_heading(rest: str, kind: str, separated: bool = True) -> tuple[str, str]:
    """Split `Title. – This Act ...` or `Objeto` style headings printed on the start line."""
    match = DASHED_HEADING.match(rest)
    if match and kind == "article":
        return match.group("h").strip(), match.group("t")
    match = DOTTED_DASHED_HEADING.match(rest)
    if match:
        return match.group("h").strip(), match.group("t")
    if kind == "article" and separated:
        match = ALONE_HEADING.match(rest)
        words = len(rest.split())
        if match and words <= 14 and not (rest.endswith(".") and words > 6) and not SENTENCE_VERB.search(rest) \
                and not (rest.endswith(":") and words > 2) and not _DANGLING.search(rest):  # "Compete à ANPD:" leads into a list
            return match.group("h").strip(), ""
    match = SENTENCE_HEADING.match(rest)
    if match and len(match.group("h").split()) <= 8:
        return match.group("h").strip(), match.group("t")
    return "", rest


def is_continuation(text: str) -> bool:
    """A line that can continue a heading (not a new provision, division or subdivision)."""
    text = text.strip()
    return bool(text) and len(text) < 90 and not match_start(text, 0) and not is_division(text) and not LIST_ITEM.match(text)


def looks_like_heading_line(text: str, lines: list[Line], index: int, bold: bool = False) -> bool:
    """A short title-like line followed by a new sentence or a numbered subsection."""
    if not text or len(text.split()) > 14 or text[-1] in ",;:—-" or not text[0].isupper():
        return False
    if text[-1] == "." and not bold:
        return False
    if not bold and (MEANS.search(text) or SENTENCE_VERB.search(text)):
        return False
    following = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
    if bold and following and lines[index + 1].bold:
        return True  # a bold heading that runs on to a second bold line
    return not following or following[0].isupper() or following[0] in "(“\"" or following[0].isdigit()


def heading_above(lines: list[Line], index: int) -> str:
    """One or two heading-like lines just above the start, after a sentence ended."""
    found: list[Line] = []
    i = index - 1
    while i >= 0 and len(found) < 3:
        line = lines[i]
        text = line.text.strip()
        if line.margin_note:
            i -= 1
            continue
        continuation = not found and text[:1].islower() and is_heading_like(text[:1].upper() + text[1:])
        if not (is_heading_like(text, line.bold) or continuation) or (found and abs(line.x0 - found[0].x0) > 15):
            break
        found.insert(0, line)
        i -= 1
    if not found or found[0].text.strip().lstrip("“\"‘")[:1].islower():
        return ""
    before = lines[i].text.strip() if i >= 0 else ""
    ends_sentence = not before or before[-1] in ".;:—–-)]" or is_division(before) or DIVISION_TITLE.match(before) is not None
    if not ends_sentence and is_heading_like(before) and abs(lines[i].x0 - found[0].x0) > 15:
        ends_sentence = True  # a centred group heading above the section heading
    if not ends_sentence and not found[0].bold:
        return ""
    while len(found) > 1 and found[0].text.isupper() and not found[-1].text.isupper():
        found.pop(0)  # an upper-case part title above a section heading
    return " ".join(line.text.strip() for line in found).rstrip(".").lstrip("“\"‘")


DIVISION_TITLE = re.compile(r"^[A-Z][A-Z ,;'’&()—–-]+$")


def is_heading_like(text: str, bold: bool = False) -> bool:
    """A line that could be a section heading: short, capitalised, not a sentence end or a list item."""
    text = text.lstrip("“\"‘")  # the heading of a section quoted in an amending law
    if not text or len(text) > 110 or not text[0].isupper() or text[-1] in ",;:" or text[-1] == "." and not bold:
        return False
    if is_division(text) or match_start(text, 0) or SCHEDULE.match(text) and len(text) < 40:
        return False
    return not LIST_ITEM.match(text)


def is_division(text: str) -> bool:
    """A Part / Chapter / Title heading line."""
    return bool(DIVISION.match(text.strip())) and len(text) < 120


def margin_note_for(lines: list[Line], index: int) -> str:
    """The margin note printed beside the start line, if any."""
    line = lines[index]
    for j in list(range(index - 1, max(-1, index - 4), -1)) + list(range(index + 1, min(len(lines), index + 3))):
        other = lines[j]
        if other.margin_note and other.page == line.page and abs(other.top - line.top) <= max(line.size, 8) * 1.6:
            if CROSS_REFERENCE.match(other.text):
                continue
            return other.text.strip().rstrip(".")
    return ""


def part_before(lines: list[Line], index: int, current: str) -> str:
    """The Part/Chapter whose heading is nearest above `index` (or `current`)."""
    for i in range(index - 1, max(-1, index - 8), -1):
        text = lines[i].text.strip()
        if is_division(text):
            title = DIVISION.match(text).group("title").strip()  # type: ignore[union-attr]
            if not title and i + 1 < index:
                following = lines[i + 1].text.strip()
                if following.isupper() or not match_start(following, 0):
                    title = following
            label = text[: len(text) - len(DIVISION.match(text).group("title"))].strip(" -–—:.")  # type: ignore[union-attr]
            return f"{label} — {title}" if title and title not in label else label
    return current


def schedule_split(lines: list[Line], begin: int, stop: int, last: bool) -> tuple[int, list[Draft]]:
    """Where the last provision's text ends and the schedules that follow it begin."""
    if not last:
        return stop, []
    heads = [i for i in range(begin + 1, stop) if is_schedule_heading(lines[i].text)]
    if not heads:
        return stop, []
    drafts = []
    for head, end in zip(heads, heads[1:] + [stop]):
        match = SCHEDULE.match(lines[head].text.strip())
        assert match
        label, title = match.group("label").strip(), match.group("title").strip()
        if REFERENCE.match(title):
            title = ""  # "SCHEDULE    Section 8(3)": the section that refers to it, not its title
        body = head + 1
        if body < end and re.match(r"^[\[(](sections?|s\.|ss\.|regulations?|articles?|paragraphs?)\s*\d", lines[body].text.strip(), re.IGNORECASE):
            while body < end and not lines[body].text.strip().endswith((")", "]")):
                body += 1  # "(sections 36(4), ...)" over several lines: the sections that refer to the schedule
            body += 1
        if not title and body < end and len(lines[body].text) < 90 and lines[body].text.strip()[:1].isupper():
            title = lines[body].text.strip()
            body += 1
        start = Start(head, label, (0, 0), "schedule", title, False)
        draft = Draft(start, title, "", "", lines[head].page)
        draft.lines = [line for line in lines[body:end] if not line.margin_note]
        drafts.append(draft)
    return heads[0], drafts


REFERENCE = re.compile(r"^[\[(]?(sections?|s\.|ss\.|regulations?|articles?|paragraphs?)\s*\d[\w()., and-]*[)\]]?$", re.IGNORECASE)


def is_schedule_heading(text: str) -> bool:
    """A line that opens a schedule (FIRST SCHEDULE, Schedule 2, ANNEXE ...)."""
    text = text.strip()
    match = SCHEDULE.match(text)
    if not match or len(text) > 100 or text[-1] in ".,;":
        return False
    label = match.group("label")
    if re.search(r"\b(concl|cont(inued|'d|d)?)\b", text, re.IGNORECASE):
        return False  # the running head of a schedule's later pages
    return label.isupper() or label.split()[0][0].isupper() and (text == label or bool(match.group("title")) and not match.group("title")[0].islower())


def finish(draft: Draft) -> Provision:
    """The provision (and its subdivisions) from a draft."""
    kind = draft.start.kind
    provision = subdivisions.build(draft.start.number, kind, draft.heading, draft.part, draft.first, draft.lines, draft.page)
    for child in draft.inserted:
        inserted = subdivisions.build(child.start.number, "inserted", child.heading, "", child.first, child.lines, child.page)
        subdivisions.append_child(provision, inserted)
    return provision
