"""Test doubles shared by the test modules."""

from __future__ import annotations


class MemoryStore:
    """A DocStore in memory, as gapcheck.cache.LawCache is on disk."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def get_bytes(self, key: str) -> bytes | None:
        return self.entries.get(key)

    def put_bytes(self, key: str, data: bytes) -> None:
        self.entries[key] = data
