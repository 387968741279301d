"""`gapcheck checklist lint`: every problem in the checklists, and every catalogue item they lack."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import yaml

from gapcheck.checklist.load import Document, Problem, check_file, read_document

# The fields an item takes verbatim from the reference catalogue.
CATALOGUE_FIELDS = ("title", "ask", "refs", "benchmark")


def shared_dir() -> Path | None:
    """The shared material beside the repository (GAPCHECK_SHARED overrides), if present."""
    override = os.environ.get("GAPCHECK_SHARED")
    path = Path(override) if override else Path(__file__).resolve().parents[3] / "shared"
    return path if path.is_dir() else None


def catalogue_path() -> Path | None:
    """The reference catalogue of items, when the shared material is present."""
    shared = shared_dir()
    path = shared / "reference" / "items.yaml" if shared else None
    return path if path and path.is_file() else None


def load_catalogue(path: Path) -> dict[str, list[dict[str, object]]]:
    """Catalogue items grouped by domain, in catalogue order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_domain: dict[str, list[dict[str, object]]] = {}
    prefixes = {"DP": "data-protection", "CP": "consumer-protection", "CY": "cybersecurity", "ET": "e-transactions"}
    for item in data["items"]:
        domain = item.get("domain") or prefixes.get(str(item["id"]).split("-")[0], "")
        by_domain.setdefault(domain, []).append(item)
    return by_domain


def lint(paths: Sequence[Path], catalogue: Path | None = None) -> list[Problem]:
    """All problems of these checklist files, sorted by file, line and column."""
    catalogue_items = load_catalogue(catalogue) if catalogue else {}
    problems: list[Problem] = []
    for path in paths:
        checklist, found = check_file(path)
        problems.extend(found)
        if checklist is not None and catalogue_items:
            document, _ = read_document(path)
            assert document is not None  # check_file just read it cleanly
            problems.extend(_catalogue_problems(document, catalogue_items.get(checklist.domain, [])))
    return sorted(set(problems))


def _catalogue_problems(document: Document, expected: list[dict[str, object]]) -> list[Problem]:
    items = {item["id"]: (index, item) for index, item in enumerate(document.data["items"])}
    problems = []
    for reference in expected:
        found = items.get(reference["id"])
        if found is None:
            problems.append(Problem(document.path, 1, 1, str(reference["id"]), "item of the reference catalogue is missing"))
            continue
        index, item = found
        for field in CATALOGUE_FIELDS:
            if item.get(field) != reference.get(field):
                problems.append(document.problem(("items", index, field), f"{field} differs from the reference catalogue"))
    return problems
