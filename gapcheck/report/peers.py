"""Peer learning: for each gap in a report, how other countries meet the item."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from gapcheck.errors import GapcheckError
from gapcheck.models import Report, Status
from gapcheck.report.loading import load_report_json
from gapcheck.report.view import PeerExample, cite_all


def how_others_do_it(report: Report, peers: Iterable[Report], per_item: int = 3) -> dict[str, tuple[PeerExample, ...]]:
    """For each gap of `report`, up to `per_item` peers that meet the item, with their cited evidence.

    Peers that meet the item come first; a peer that only partly meets it is
    shown when fewer than `per_item` meet it, since its wording may still help.
    A peer is only quoted when it has evidence to quote.
    """
    peers = [peer for peer in peers if peer.name != report.name]
    examples: dict[str, tuple[PeerExample, ...]] = {}
    for finding in report.findings:
        if finding.status == Status.MET:
            continue
        found = [example for peer in peers if (example := _example(peer, finding.item)) is not None]
        found.sort(key=lambda e: (e.status != Status.MET, e.country))
        better = [e for e in found if _better(e.status, finding.status)]
        if better:
            examples[finding.item] = tuple(better[:per_item])
    return examples


def _better(peer: Status, own: Status) -> bool:
    return peer == Status.MET or (peer == Status.PARTIAL and own == Status.MISSING)


def _example(peer: Report, item: str) -> PeerExample | None:
    for finding in peer.findings:
        if finding.item == item and finding.status != Status.MISSING and finding.evidence:
            return PeerExample(peer.name, finding.status, cite_all(finding.evidence, peer.laws))
    return None


def load_peer_reports(directory: Path, exclude: Sequence[Path] = ()) -> list[Report]:
    """The JSON reports in `directory` (sorted by file name), leaving out the files in `exclude`."""
    if not directory.is_dir():
        raise GapcheckError(f"{directory}: not a directory of JSON reports")
    skip = {path.resolve() for path in exclude}
    files = sorted(p for p in directory.glob("*.json") if p.resolve() not in skip)
    if not files:
        raise GapcheckError(f"{directory}: no JSON reports (*.json) to learn from")
    return [load_report_json(path) for path in files]
