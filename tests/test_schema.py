"""The committed JSON Schema of checklists is generated from the declared models."""

from __future__ import annotations

from gapcheck.checklist.schema import json_schema
from conftest import ROOT


def test_schema_committed_json_is_current() -> None:
    committed = (ROOT / "checklists" / "schema.json").read_text(encoding="utf-8")
    assert committed == json_schema(), "regenerate: python -m gapcheck.checklist.schema > checklists/schema.json"
