"""What changed between two reports: items whose status or evidence changed.

Checklist maintainers run it in CI to see what an edit of a checklist did to
the findings on an annotated corpus; advisers run it on two versions of a law.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from gapcheck.errors import GapcheckError
from gapcheck.models import Finding, Report, Status
from gapcheck.report.text import md_escape, one_line
from gapcheck.report.view import SEVERITY, Cited, cite_all

FORMATS = ("text", "md", "json")


@dataclass(frozen=True)
class Change:
    """One item that differs: its status before and after (None: not in that report) and evidence."""

    item: str
    domain: str
    title: str
    old: Status | None
    new: Status | None
    added: tuple[Cited, ...] = ()
    removed: tuple[Cited, ...] = ()

    @property
    def direction(self) -> str:
        """better, worse, evidence (same status), added or removed (item only in one report)."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if self.old == self.new:
            return "evidence"
        return "better" if SEVERITY[self.new] < SEVERITY[self.old] else "worse"


def _key(cited: Cited) -> tuple[str, str, int, str]:
    # The law by file name: two runs from different folders quote the same law.
    e = cited.evidence
    return (PurePath(e.law).name, e.path, e.page, one_line(e.quote))


def diff_reports(old: Report, new: Report) -> list[Change]:
    """The items whose status or evidence differ, in the new report's order (items only in the old one last)."""
    old_findings = {f.item: f for f in old.findings}
    new_findings = {f.item: f for f in new.findings}
    changes = []
    for item in [*new_findings, *(i for i in old_findings if i not in new_findings)]:
        before, after = old_findings.get(item), new_findings.get(item)
        cited_before = cite_all(before.evidence, old.laws) if before else ()
        cited_after = cite_all(after.evidence, new.laws) if after else ()
        keys_before = {_key(c) for c in cited_before}
        keys_after = {_key(c) for c in cited_after}
        added = tuple(c for c in cited_after if _key(c) not in keys_before)
        removed = tuple(c for c in cited_before if _key(c) not in keys_after)
        status_before = before.status if before else None
        status_after = after.status if after else None
        if status_before != status_after or added or removed:
            some: Finding = after or before  # type: ignore[assignment]
            changes.append(Change(item, some.domain, some.title, status_before, status_after, added, removed))
    return changes


def summary(changes: Sequence[Change], total: int) -> str:
    """`3 items changed (1 better, 1 worse, 1 evidence only); 93 unchanged.`"""
    counts = {d: sum(c.direction == d for c in changes) for d in ("better", "worse", "evidence", "added", "removed")}
    parts = [f"{counts[d]} {label}" for d, label in (("better", "better"), ("worse", "worse"), ("evidence", "evidence only"), ("added", "new"), ("removed", "dropped")) if counts[d]]
    noun = "item" if len(changes) == 1 else "items"
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"{len(changes)} {noun} changed{detail}; {max(total - len(changes), 0)} unchanged."


def render_diff(old: Report, new: Report, fmt: str) -> str:
    """The differences between `old` and `new` as text, Markdown or JSON."""
    changes = diff_reports(old, new)
    total = len({f.item for f in old.findings} | {f.item for f in new.findings})
    if fmt == "text":
        return _text(changes, total)
    if fmt == "md":
        return _markdown(changes, total, old, new)
    if fmt == "json":
        return _json(changes, total)
    raise GapcheckError(f"unknown diff format {fmt!r} (choose from {', '.join(FORMATS)})")


def _status(status: Status | None) -> str:
    return status.value if status else "(not assessed)"


def _text(changes: Sequence[Change], total: int) -> str:
    lines = []
    for change in changes:
        lines.append(f"{change.item} {one_line(change.title)}: {_status(change.old)} -> {_status(change.new)}")
        lines += [f"  + {c.citation}: \u201c{one_line(c.evidence.quote)}\u201d" for c in change.added]
        lines += [f"  - {c.citation}: \u201c{one_line(c.evidence.quote)}\u201d" for c in change.removed]
    lines.append(summary(changes, total))
    return "\n".join(lines) + "\n"


def _markdown(changes: Sequence[Change], total: int, old: Report, new: Report) -> str:
    lines = [f"### gapcheck: {md_escape(new.name)} compared with {md_escape(old.name)}", "", summary(changes, total)]
    if changes:
        lines += ["", "| Item | Title | Before | After | Evidence |", "|---|---|---|---|---|"]
    for change in changes:
        evidence = "<br>".join(
            [f"added: {md_escape(c.citation)}" for c in change.added] + [f"removed: {md_escape(c.citation)}" for c in change.removed]
        )
        lines.append(f"| {md_escape(change.item)} | {md_escape(change.title)} | {_status(change.old)} | **{_status(change.new)}** | {evidence} |")
    return "\n".join(lines) + "\n"


def _json(changes: Sequence[Change], total: int) -> str:
    def cited(c: Cited) -> dict[str, object]:
        e = c.evidence
        return {"law": e.law, "path": e.path, "page": e.page, "quote": e.quote, "citation": c.citation}

    data = {
        "changes": [
            {
                "item": c.item, "domain": c.domain, "title": c.title, "old": c.old.value if c.old else None,
                "new": c.new.value if c.new else None, "direction": c.direction,
                "added": [cited(e) for e in c.added], "removed": [cited(e) for e in c.removed],
            }
            for c in changes
        ],
        "changed": len(changes),
        "unchanged": max(total - len(changes), 0),
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
