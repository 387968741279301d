"""A token-match regex rewritten to compile fast: the same language, its alternatives factored.

spaCy's French tokenizer keeps a word whole when `token_match(word)` is truthy. Its pattern
(1.45 MB) is `(?iu)` and a few hundred alternatives `(?:^...$)`, each repeating Unicode letter
classes of thousands of characters; Python's `re` takes ~2.8 s of CPU to compile it. Most
alternatives differ only in a short literal part ("anti", "auto", ...) before the same long
classes, so alternatives with the same long classes are merged into one, the part that varies
becoming an alternation: `^a[X]+$|^b[X]+$` becomes `^(?:a|b)[X]+$`. Alternation distributes
over concatenation, so both patterns match exactly the same strings; spaCy only asks whether
a word matches, never where the match ends, so the tokens are the same.

This module does not import spaCy: it rewrites a pattern string.
"""

from __future__ import annotations

import re

_LONG = 100  # characters: an atom at least this long (a Unicode class) is kept as it is, never alternated
_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})\??")
_CLASS = re.compile(r"\[\^?\]?[^\\\]]*(?:\\.[^\\\]]*)*\]", re.DOTALL)  # "]" first in a class is a plain character
_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}  # "\xhh", "\uhhhh", "\Uhhhhhhhh"
# Constructs under which a backtracking match is not just "some path matches": refuse them.
# (Three patterns searched one after the other: each has a literal first character, which `re` looks for fast;
# as one alternation they took twice as long over the 1.45 MB pattern.)
_UNSAFE = (re.compile(r"\(\?[^:]"), re.compile(r"\\\d"), re.compile(r"[*+?}]\+"))


def factored(pattern: str) -> str:
    """An equivalent pattern to `pattern` (for whether `re.match` finds a match) that compiles fast.

    `pattern` must be optional global flags then alternatives anchored `^...$`; any other
    pattern is returned unchanged."""
    flags = _FLAGS.match(pattern)
    head = flags.group() if flags else ""
    alternatives = _split(pattern[len(head):], "|")
    if alternatives is None:
        return pattern
    shapes = []
    for alternative in alternatives:
        # `(?:X)`: X, on trust: if that group closes before the end, X's atoms do not balance (`_atoms` is None below)
        body = alternative[3:-1] if alternative.startswith("(?:") and alternative.endswith(")") else alternative
        if not (body.startswith("^") and body.endswith("$") and not body.endswith("\\$")) or any(unsafe.search(body) for unsafe in _UNSAFE):
            return pattern
        atoms = _atoms(body[1:-1])
        if atoms is None:
            return pattern
        shapes.append(_shape(atoms))
    return f"{head}^(?:{'|'.join(_merged(shapes))})$"


def _merged(shapes: list[tuple[list[str], list[str]]]) -> list[str]:
    """One alternative per set of long atoms: the short part that varies most becomes an alternation."""
    by_longs: dict[tuple[str, ...], list[list[str]]] = {}
    for shorts, longs in shapes:
        by_longs.setdefault(tuple(longs), []).append(shorts)
    merged = []
    for longs, group in by_longs.items():
        slot = max(range(len(group[0])), key=lambda i: (len({shorts[i] for shorts in group}), -i))
        by_rest: dict[tuple[str, ...], list[str]] = {}
        for shorts in group:
            varying = by_rest.setdefault(tuple(shorts[:slot] + shorts[slot + 1:]), [])
            if shorts[slot] not in varying:
                varying.append(shorts[slot])
        for rest, varying in by_rest.items():
            shorts = list(rest[:slot]) + [varying[0] if len(varying) == 1 else f"(?:{'|'.join(varying)})"] + list(rest[slot:])
            merged.append(shorts[0] + "".join(long + short for long, short in zip(longs, shorts[1:])))
    return merged


def _shape(atoms: list[str]) -> tuple[list[str], list[str]]:
    """The short runs and long atoms of an alternative, interleaved: short, long, short, ..., short."""
    shorts, longs, run = [], [], ""
    for atom in atoms:
        if len(atom) >= _LONG:
            shorts.append(run)
            longs.append(atom)
            run = ""
        else:
            run += atom
    shorts.append(run)
    return shorts, longs


def _split(text: str, separator: str) -> list[str] | None:
    """`text` cut at each `separator` outside groups and classes (None if brackets do not balance)."""
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] == separator:
            parts.append(text[start:i])
            start = i = i + 1
            continue
        end = _end(text, i)
        if end is None:
            return None
        i = end
    parts.append(text[start:])
    return parts


def _atoms(body: str) -> list[str] | None:
    """The atoms of a regex sequence, each with its quantifier (None if brackets do not balance or if
    the sequence is itself an alternation, as in `(?:^a|b$)`)."""
    atoms, i = [], 0
    while i < len(body):
        end = _end(body, i) if body[i] != "|" else None
        if end is None:
            return None
        quantifier = _QUANTIFIER.match(body, end)
        if quantifier:
            end = quantifier.end()
        atoms.append(body[i:end])
        i = end
    return atoms


def _end(text: str, i: int) -> int | None:
    """Where the atom starting at `text[i]` ends: an escape, a class, a group or one character."""
    char = text[i]
    if char == "\\":
        return i + _ESCAPE_LENGTH.get(text[i + 1:i + 2], 2)
    if char == "[":
        found = _CLASS.match(text, i)
        return found.end() if found else None
    if char == "(":
        j = i + 1
        while j < len(text) and text[j] != ")":
            end = _end(text, j)
            if end is None:
                return None
            j = end
        return j + 1 if j < len(text) else None
    if char in ")]":
        return None
    return i + 1
