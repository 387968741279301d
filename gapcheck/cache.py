"""A cache of parsed laws, so that a checklist edit never re-parses a PDF.

Entries are keyed by the file's content hash, the parser's version and the
options that change parsing; they are JSON (never pickle: a cache directory is
not trusted to hold code), written atomically so that two scans can share one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from gapcheck.models import Definition, Law, Provision


def default_dir() -> Path:
    """The user's cache directory for gapcheck."""
    return Path(platformdirs.user_cache_dir("gapcheck"))


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
        self._write(f"{key}.json", json.dumps(dataclasses.asdict(law), ensure_ascii=False).encode("utf-8"))

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


def law_from_dict(data: dict[str, Any]) -> Law:
    """Rebuild a Law from `dataclasses.asdict` output."""
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
