"""Making untrusted law text safe for each output format.

Law text comes from PDFs that anyone may have written: it can hold markup,
spreadsheet formulas, control characters or `]]>`. Every renderer passes it
through one of these functions, and never builds markup from it by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone
# surrogates, U+FFFE/U+FFFF), plus DEL and C1 controls, which no reader wants.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """`text` without the control characters that XML 1.0 forbids or no reader can show."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """`text` cleaned, with runs of white space (line breaks included) as one space."""
    return _SPACE.sub(" ", clean(text)).strip()


def sentence(text: str) -> str:
    """`text` on one line as a sentence: capital first letter, final full stop ("" stays "")."""
    text = one_line(text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:;)\"”»" else text + "."


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the matched `terms` occur in `text`, as sorted, non-overlapping (start, end).

    Whole words only ("act" must not light up inside "contract"), case aside; where two terms start at one
    place the longer wins, and a term overlapping one found before it is skipped: as one regular expression
    of the terms, longest first, would find them (`_pattern_spans`). A report quotes thousands of pieces of
    evidence, each with its own terms, and compiling a pattern for each took half a second of an HTML report
    of thirty laws: texts and terms in plain Latin letters are searched as lowercase strings instead.
    """
    words = sorted({t.strip() for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    if not words:
        return []
    if _CASE_UNSURE.search(text) or any(_CASE_UNSURE.search(word) for word in words):
        return _pattern_spans(text, words)
    lowered = text.lower()  # as long as `text`: no plain character lowercases to two
    ends: dict[int, int] = {}  # start -> end of the first word, in `words` order, found whole there
    for word in words:
        target = word.lower()
        at = lowered.find(target)
        while at != -1:
            end = at + len(target)
            if at not in ends and not (at and _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
                ends[at] = end
            at = lowered.find(target, at + 1)
    spans: list[tuple[int, int]] = []
    position = 0
    for start in sorted(ends):
        if start >= position:
            spans.append((start, ends[start]))
            position = ends[start]
    return spans


def _pattern_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """`term_spans` of `words` (longest first) by one case-insensitive regular expression."""
    alternatives = "|".join(re.escape(w) for w in words)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


# Where lowercase strings and a case-insensitive pattern may disagree: beyond Latin Extended-A (General
# Punctuation aside: dashes and typographic quotes, which have no case), and within it the micro sign, dotted
# and dotless i and long s, which `re` also takes for another letter (mu, i, s) or which lowercase to two
# characters (İ).
_CASE_UNSURE = re.compile("[^\x00-\u017f\u2000-\u206f]|[\u00b5\u0130\u0131\u017f]")
_WORD_CHAR = re.compile(r"\w")


def highlight(text: str, terms: Iterable[str]) -> Markup:
    """HTML of `text` with the matched terms in <mark>: escape first, then highlight."""
    text = one_line(text)
    parts: list[Markup] = []
    position = 0
    for start, end in term_spans(text, terms):
        parts.append(escape(text[position:start]))
        parts.append(Markup("<mark>{}</mark>").format(text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


# Characters that start Markdown (CommonMark + GFM) markup anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# What turns the start of a paragraph into a heading, list, quote or rule.
_MD_LINE_START = re.compile(r"^(\s*)[#>+=-]|^(\s*\d+)[.)]")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_MENTION = re.compile(r"(?<![\w\\])@(?=\w)")


def md_escape(text: str) -> str:
    """`text` on one line, shown literally by Markdown renderers (tables included)."""
    text = _MD_INLINE.sub(r"\\\1", one_line(text))
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_MENTION.sub(r"\\@", text)  # no accidental @-mentions in a pull request
    return _block_safe(text)


def _block_safe(text: str) -> str:
    # A backslash before the punctuation (never before a digit: `1\.` not `\1.`).
    match = _MD_LINE_START.match(text)
    if match is None:
        return text
    cut = match.end() - 1
    return text[:cut] + "\\" + text[cut:]


def md_highlight(text: str, terms: Iterable[str]) -> str:
    """Markdown of `text` with the matched terms in bold: escape first, then highlight."""
    text = one_line(text)
    parts: list[str] = []
    position = 0
    for start, end in term_spans(text, terms):
        parts.append(md_escape_fragment(text[position:start]))
        parts.append("**" + md_escape_fragment(text[start:end]) + "**")
        position = end
    parts.append(md_escape_fragment(text[position:]))
    return _block_safe("".join(parts))


def md_escape_fragment(text: str) -> str:
    """Like md_escape for a piece of a line: inline markup only, spacing kept."""
    text = _MD_INLINE.sub(r"\\\1", clean(text))
    text = _MD_ENTITY.sub(r"\\&", text)
    return _MD_MENTION.sub(r"\\@", text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A spreadsheet cell that cannot run as a formula: a leading ' before = + - @ tab CR."""
    text = clean(text)
    return "'" + text if text.startswith(_FORMULA_START) else text
