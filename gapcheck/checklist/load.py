"""Reading checklists: safe YAML with every value's position, then the schema.

YAML is composed into nodes (never constructed into Python objects by PyYAML
itself), so no tag can execute anything; anchors and aliases are refused, which
also defuses alias bombs. Every problem is located at FILE:LINE:COL.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml
from pydantic import ValidationError

from gapcheck import collector
from gapcheck.checklist.schema import Checklist
from gapcheck.errors import ChecklistError

# A checklist of 96 items is about 200 KB; anything far larger is a mistake or an attack.
MAX_BYTES = 2 * 1024 * 1024
# The schema nests six levels deep (items > item > concepts > concept > language > term).
MAX_DEPTH = 20

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
# libyaml's parser composes the four checklists ten times faster than PyYAML's own
# (2.4 s of every scan otherwise); both give the same nodes and positions.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

Location = tuple[int, int]
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` printable on one terminal line: control characters shown as escapes."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)

Loc = tuple[Any, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a checklist, located where a maintainer can fix it."""

    path: str
    line: int
    column: int
    item: str
    message: str

    def __str__(self) -> str:
        # One line, whatever the checklist holds: its text may carry line breaks or terminal escapes.
        return one_line(f"{self.path}:{self.line}:{self.column}: {self.item or '-'}: {self.message}")


@dataclass
class Document:
    """A YAML document as plain data, with the position of every key and value."""

    path: str
    data: Any
    positions: dict[Loc, Location]  # where each value starts
    keys: dict[Loc, Location] = field(default_factory=dict)  # where each mapping key starts

    def at(self, loc: Sequence[Any], key: bool = False) -> Location:
        """The position of `loc` (its key's, if asked), or of its nearest located parent."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc and loc not in self.positions:
            loc = loc[:-1]
        return self.positions.get(loc, (1, 1))

    def item_id(self, loc: Sequence[Any]) -> str:
        """The id of the item that `loc` is inside, if any."""
        if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
            items = self.data.get("items") if isinstance(self.data, dict) else None
            if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
                return str(items[loc[1]].get("id", ""))
        return ""

    def problem(self, loc: Sequence[Any], message: str, key: bool = False) -> Problem:
        line, column = self.at(loc, key)
        return Problem(self.path, line, column, self.item_id(loc), message)


def checklists_dir() -> Path:
    """Where the bundled checklists live (GAPCHECK_CHECKLISTS overrides)."""
    override = os.environ.get("GAPCHECK_CHECKLISTS")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "checklists"


def bundled_paths() -> list[Path]:
    """The bundled checklist files, in a stable order."""
    return sorted(checklists_dir().glob("*.yaml"))


def resolve(spec: str | Path) -> Path:
    """A checklist given by domain name (`data-protection`) or by file path."""
    path = Path(spec)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    candidate = checklists_dir() / f"{spec}.yaml"
    if candidate.exists():
        return candidate
    names = ", ".join(p.stem for p in bundled_paths())
    raise ChecklistError([f"{spec}: no such checklist (bundled: {names})"])


def read_document(path: Path) -> tuple[Document | None, list[Problem]]:
    """Parse a YAML file safely into plain data with positions."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(shown, 1, 1, "", f"file is {size} bytes; a checklist may be at most {MAX_BYTES}")]
        data = path.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        return None, [Problem(shown, 1, 1, "", "no such file")]
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")
        line, column = _position(before, len(before))
        return None, [Problem(shown, line, column, "", f"not UTF-8 text (byte 0x{data[error.start]:02x})")]
    except OSError as error:
        return None, [Problem(shown, 1, 1, "", f"cannot read: {error.strerror or error}")]
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (error.context, error.problem) if part)
        return None, [Problem(shown, line, column, "", f"YAML syntax error: {message}")]
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        return None, [Problem(shown, line, column, "", f"character U+{error.character:04X} is not allowed in YAML")]
    except yaml.YAMLError as error:
        return None, [Problem(shown, 1, 1, "", f"YAML error: {error}")]
    except RecursionError:  # PyYAML composes nested collections recursively
        return None, [Problem(shown, 1, 1, "", f"nested too deeply (a checklist needs at most {MAX_DEPTH} levels)")]
    document = Document(shown, None, {})
    if node is None:
        return None, [Problem(shown, 1, 1, "", "empty file")]
    builder = _Builder(document)
    document.data = builder.build(node, ())
    return document, builder.problems


def _position(text: str, offset: int) -> Location:
    """The line and column (from 1) of a character offset in `text`."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions and refusing the unsafe."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.scalars = yaml.constructor.SafeConstructor()

    def refuse(self, loc: Loc, message: str) -> None:
        self.problems.append(self.document.problem(loc, message))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        mark = node.start_mark
        self.document.positions.setdefault(loc, (mark.line + 1, mark.column + 1))
        if len(loc) > MAX_DEPTH:
            self.refuse(loc, f"nested too deeply (a checklist needs at most {MAX_DEPTH} levels)")
            return None
        if id(node) in self.seen:
            self.refuse(loc, "anchors and aliases are not allowed in checklists")
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self.refuse(loc, f"tag {node.tag} is not allowed")
                return None
            return [self.build(child, loc + (i,)) for i, child in enumerate(node.value)]
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # a date is just text to a checklist
        if node.tag not in _SCALAR_TAGS:
            self.refuse(loc, f"tag {node.tag} is not allowed")
            return None
        try:
            return self.scalars.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError) as error:  # e.g. an integer of 5,000 digits
            self.refuse(loc, f"value cannot be read: {one_line(str(error))}")
            return None

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> Any:
        if node.tag != _MAP_TAG:
            self.refuse(loc, f"tag {node.tag} is not allowed")
            return None
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.document.positions.setdefault(loc + ("?",), position)
                self.refuse(loc + ("?",), "keys must be plain words")
                continue
            key_loc = loc + (key_node.value,)
            if key_node.value in result:
                self.document.positions[key_loc + ("duplicate",)] = position
                self.refuse(key_loc + ("duplicate",), f"duplicate key '{key_node.value}'")
                continue
            self.document.keys[key_loc] = position
            result[key_node.value] = self.build(value_node, key_loc)
        return result


def validate(document: Document) -> tuple[Checklist | None, list[Problem]]:
    """Check a document against the schema, then the cross-references the schema cannot see."""
    problems = _duplicate_ids(document)
    try:
        checklist = Checklist.model_validate(document.data)
    except ValidationError as error:
        problems.extend(_schema_problems(document, error))
        return None, _unique(problems)
    problems.extend(_reference_problems(document, checklist))
    return (None if problems else checklist), _unique(problems)


def _schema_problems(document: Document, error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors():
        loc = tuple(detail["loc"])
        if detail["type"] == "value_error" and "duplicate item id" in detail["msg"]:
            continue  # reported with positions by _duplicate_ids
        union = _union_position(loc)
        if union is not None:
            message = "expected a concept name, {any: [...]} or {at_least: N, of: [...]}"
            problems.append(document.problem(loc[:union], message))
            continue
        message = detail["msg"]
        if detail["type"] == "extra_forbidden":
            problems.append(document.problem(loc, f"unknown key '{loc[-1]}'", key=True))
            continue
        if detail["type"] == "missing":
            message = f"missing key '{loc[-1]}'"
        problems.append(document.problem(loc, message))
    return problems


def _union_position(loc: Loc) -> int | None:
    """Where a `require` entry's union alternatives start in a pydantic error location."""
    for index, part in enumerate(loc):
        if part in ("str", "AnyOf", "AtLeast"):
            return index
    return None


def _duplicate_ids(document: Document) -> list[Problem]:
    items = document.data.get("items") if isinstance(document.data, dict) else None
    if not isinstance(items, list):
        return []
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in seen:
            problems.append(document.problem(("items", index, "id"), f"duplicate item id (first at item {seen[item_id] + 1})"))
        else:
            seen[item_id] = index
    return problems


# A term is words of letters or digits, with hyphens, apostrophes, dots or slashes
# inside them and an optional `*` ending a word; anything else (regex syntax) is refused.
_TERM = re.compile(r"^[\w'’./-]+\*?( [\w'’./-]+\*?)*$")


def term_problem(term: str) -> str | None:
    """Why a term cannot be matched, or None if it is fine."""
    if not term.strip():
        return "empty term"
    if term != term.strip() or "  " in term:
        return f"term '{term}' has stray spaces"
    if not _TERM.match(term):
        return f"term '{term}' may contain only words, spaces, - ' . / and a * ending a word (no regular expressions)"
    if any(len(word.rstrip("*")) < 3 and word.endswith("*") for word in term.split()):
        return f"term '{term}': a wildcard needs at least three letters before the *"
    if len(term.split()) > 12:
        return f"term '{term}' is longer than 12 words"
    return None


def _reference_problems(document: Document, checklist: Checklist) -> list[Problem]:
    problems = []
    for name, terms in checklist.concepts.items():
        problems.extend(_term_problems(document, ("concepts", name), terms.model_dump()))
    for index, item in enumerate(checklist.items):
        loc = ("items", index)
        known = set(checklist.concepts) | set(item.concepts)
        for name, terms in item.concepts.items():
            problems.extend(_term_problems(document, loc + ("concepts", name), terms.model_dump()))
        problems.extend(_term_problems(document, loc + ("exclude",), item.exclude.model_dump()))
        for where, name in _concept_references(item):
            if name not in known:
                problems.append(document.problem(loc + where, f"unknown concept '{name}'"))
        if item.quantity and item.quantity.kind == "duration" and (item.quantity.max or item.quantity.min) and not item.quantity.unit:
            problems.append(document.problem(loc + ("quantity",), "a duration benchmark needs a unit"))
    return problems


def _term_problems(document: Document, loc: Loc, terms: dict[str, list[str]]) -> list[Problem]:
    problems = []
    for language, wordings in terms.items():
        for index, term in enumerate(wordings):
            message = term_problem(term)
            if message:
                problems.append(document.problem(loc + (language, index), message))
    return problems


def _concept_references(item: Any) -> Iterable[tuple[Loc, str]]:
    def names(requirement: Any, where: Loc) -> Iterable[tuple[Loc, str]]:
        if isinstance(requirement, str):
            yield where, requirement
        elif hasattr(requirement, "any"):
            yield from ((where + ("any", i), n) for i, n in enumerate(requirement.any))
        else:
            yield from ((where + ("of", i), n) for i, n in enumerate(requirement.of))

    for index, requirement in enumerate(item.require):
        yield from names(requirement, ("require", index))
    for group_index, group in enumerate(item.partial):
        for index, requirement in enumerate(group):
            yield from names(requirement, ("partial", group_index, index))
    if item.quantity:
        yield from ((("quantity", "near", i), n) for i, n in enumerate(item.quantity.near))


def _unique(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems))


def check_file(path: Path) -> tuple[Checklist | None, list[Problem]]:
    """Read and validate one checklist file, returning it (when clean) and its problems."""
    document, problems = read_document(path)
    if document is None or problems:
        return None, _unique(problems)
    return validate(document)


def load_checklist(spec: str | Path) -> Checklist:
    """One checklist by name or path; ChecklistError lists every problem."""
    checklist, problems = check_file(resolve(spec))
    if checklist is None:
        raise ChecklistError([str(p) for p in problems])
    return checklist


def load_checklists(specs: Sequence[str | Path] = ()) -> list[Checklist]:
    """The checklists named (all bundled ones when none), checked, in the order given."""
    paths = [resolve(spec) for spec in specs] if specs else bundled_paths()
    if not paths:
        raise ChecklistError([f"{checklists_dir()}: no checklists found"])
    loaded, problems = [], []
    with collector.paused():  # YAML nodes and models by the ten thousand, without cycles
        for path in paths:
            checklist, found = check_file(path)
            problems.extend(str(p) for p in found)
            if checklist is not None:
                loaded.append(checklist)
    if problems:
        raise ChecklistError(problems)
    return loaded
