"""Peer learning: how other countries meet the items a report finds gaps in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from report_samples import peer, specimen

from gapcheck.errors import GapcheckError
from gapcheck.models import Status
from gapcheck.report import render
from gapcheck.report.peers import how_others_do_it, load_peer_reports


def test_report_peers_quote_peers_for_gaps_only() -> None:
    examples = how_others_do_it(specimen(), [peer()])
    assert sorted(examples) == ["DP-22", "DP-30"]  # ET-07 is missing in Bresia too; DP-01 is met at home
    (breach,) = examples["DP-22"]
    assert (breach.country, breach.status) == ("Bresia", Status.MET)
    assert breach.evidence[0].citation == "Personal Information Act 2021, s. 30(1), p. 17"


def test_report_peers_partial_peer_helps_only_a_missing_item() -> None:
    examples = how_others_do_it(specimen(), [peer()])
    assert [e.status for e in examples["DP-30"]] == [Status.PARTIAL]  # own status missing: a partial peer helps
    weaker = dataclasses.replace(peer(), findings=tuple(dataclasses.replace(f, status=Status.PARTIAL) for f in peer().findings[:1]))
    assert how_others_do_it(specimen(), [weaker]) == {}  # own status partial: another partial does not


def test_report_peers_met_first_then_by_name_and_at_most_three() -> None:
    many = [dataclasses.replace(peer(), name=name) for name in ("Zeta", "Alpha", "Mu", "Beta")]
    assert [e.country for e in how_others_do_it(specimen(), many)["DP-22"]] == ["Alpha", "Beta", "Mu"]


def test_report_peers_ignore_the_report_itself() -> None:
    assert how_others_do_it(specimen(), [specimen()]) == {}


def test_report_peers_load_directory(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text(render(peer(), "json"), encoding="utf-8")
    (tmp_path / "a.json").write_text(render(specimen(), "json"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a report")
    assert [r.name for r in load_peer_reports(tmp_path)] == ["Ardenia <b>&</b>", "Bresia"]
    assert [r.name for r in load_peer_reports(tmp_path, exclude=[tmp_path / "a.json"])] == ["Bresia"]


@pytest.mark.parametrize("make", [lambda p: p / "none", lambda p: p])
def test_report_peers_load_directory_problems(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GapcheckError, match="not a directory|no JSON reports"):
        load_peer_reports(make(tmp_path))
