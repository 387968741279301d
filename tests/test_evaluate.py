"""Tests of gapcheck.evaluate: the metrics on small tables, gold loading, the eval command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck import evaluate as ev
from gapcheck.cli import main
from gapcheck.errors import GapcheckError
from gapcheck.models import Evidence, Finding, Status


def _row(gold: str, ours: str, provisions: tuple[str, ...] = (), first: str | None = None, item: str = "DP-01",
         domain: str = "data-protection", evidence: int | None = None) -> ev.Row:
    return ev.Row("xx/law.pdf", domain, item, gold, provisions, ours, first,
                  evidence if evidence is not None else int(first is not None))


@pytest.mark.parametrize(
    ("citation", "top"),
    [("43", "43"), ("43(2)", "43"), ("43(2)(b)", "43"), ("12A", "12a"), ("1 [431-8]", "1"), ("1er", "1er")],
)
def test_evaluate_top_level(citation: str, top: str) -> None:
    assert ev.top_level(citation) == top


def test_evaluate_gap_scores() -> None:
    rows = [_row("missing", "missing"), _row("partial", "met"), _row("met", "partial"), _row("met", "met")]
    scores = ev.gap_scores(rows)
    assert scores == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_evaluate_gap_scores_undefined_without_gaps() -> None:
    assert ev.gap_scores([_row("met", "met")]) == {"precision": None, "recall": None, "f1": None}


def test_evaluate_hit_at_1_compares_top_level_numbers() -> None:
    rows = [
        _row("met", "met", ("43(2)", "2"), "43"),
        _row("partial", "met", ("10",), "11"),
        _row("met", "missing", ("5",)),  # not found by us: not counted
        _row("missing", "met", (), "7"),  # not found by gold: not counted
    ]
    assert ev.hit_at_1(rows) == (0.5, 2)


def test_evaluate_accuracy_confusion_kappa() -> None:
    rows = [_row("met", "met"), _row("partial", "partial"), _row("missing", "met"), _row("missing", "missing")]
    assert ev.accuracy(rows) == 0.75
    assert ev.confusion(rows)["missing"] == {"met": 1, "partial": 0, "missing": 1}
    # observed 0.75; expected 0.25*0.5 + 0.25*0.25 + 0.5*0.25 = 0.3125
    assert ev.kappa(rows) == pytest.approx((0.75 - 0.3125) / (1 - 0.3125))


def test_evaluate_kappa_perfect_and_single_class() -> None:
    assert ev.kappa([_row("met", "met"), _row("missing", "missing")]) == 1.0
    assert ev.kappa([_row("met", "met")]) == 1.0


def test_evaluate_worst_items_and_met_without_evidence() -> None:
    rows = [_row("met", "missing", item="DP-02"), _row("met", "partial", item="DP-02"), _row("met", "met", item="DP-03", evidence=0)]
    assert ev.worst_items(rows)[0][:3] == ("DP-02", 2, 2)
    assert ev.summary(rows)["met_without_evidence"] == 1


def test_evaluate_summaries_per_domain_and_pooled() -> None:
    rows = [_row("met", "met"), _row("missing", "missing", domain="cybersecurity", item="CY-01")]
    result = ev.summaries(rows)
    assert list(result) == ["cybersecurity", "data-protection", "pooled"]
    assert result["pooled"]["items"] == 2


GOLD = """law: xx/act.pdf
title: Act
jurisdiction: X
language: en
domains: [data-protection]
items:
  DP-01: {status: present, provisions: ["4"]}
  DP-02: {status: absent}
"""


def test_evaluate_rows_for_gold_with_and_without_findings(tmp_path: Path) -> None:
    path = tmp_path / "act.yaml"
    path.write_text(GOLD)
    gold = ev.load_gold(path)
    finding = Finding("DP-01", "data-protection", "Scope", Status.MET, 0.8,
                      (Evidence("act.pdf", "4", "4(1)", 1, "quote"),))
    rows = ev.rows_for(gold, [finding], gold.domains)
    assert [(r.item, r.gold, r.ours, r.our_provision, r.assessed) for r in rows] == [
        ("DP-01", "met", "met", "4", True), ("DP-02", "missing", "missing", None, False)]


def test_evaluate_only_domains_of_the_checklists_given(tmp_path: Path) -> None:
    from types import SimpleNamespace

    path = tmp_path / "act.yaml"
    path.write_text(GOLD.replace("domains: [data-protection]", "domains: [data-protection, cybersecurity]"))
    gold = ev.load_gold(path)
    assert gold.domains == ("data-protection", "cybersecurity")
    assert ev.assessed_domains(gold, [SimpleNamespace(domain="cybersecurity")]) == ["cybersecurity"]
    assert ev.rows_for(gold, [], ev.assessed_domains(gold, [SimpleNamespace(domain="cybersecurity")])) == []


def test_evaluate_bad_gold_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("just: text\n")
    with pytest.raises(GapcheckError, match="bad.yaml"):
        ev.load_gold(path)


def test_evaluate_cli_missing_gold_dir_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "--gold", str(tmp_path / "none"), "--corpus", str(tmp_path)])
    assert result.exit_code == 2


# --------------------------------------------------------------------------- measured figures
# Thresholds sit a little below what was measured (see the report); the targets are
# gap F1 >= 0.80, hit@1 >= 0.90 and accuracy >= 0.80.


def _measure(request: pytest.FixtureRequest, gold: Path, corpus: Path) -> dict[str, dict[str, object]]:
    from gapcheck.checklist.load import load_checklists

    store = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    cache = Path(store.mkdir("gapcheck-laws")) if store is not None else None  # parsed laws persist between runs
    rows = ev.run(gold, corpus, load_checklists(), cache)
    assert rows
    return ev.summaries(rows)


def _figures(result: dict[str, object]) -> tuple[float, float, float]:
    gap = result["gap"]
    assert isinstance(gap, dict)
    return gap["f1"], result["hit_at_1"], result["accuracy"]  # type: ignore[return-value]


def test_evaluate_shared_gold_figures(request: pytest.FixtureRequest, shared: Path) -> None:
    results = _measure(request, shared / "gold", shared / "corpus")
    pooled = results[ev.POOLED]
    assert pooled["met_without_evidence"] == 0
    f1, hit, accuracy = _figures(pooled)
    assert f1 >= 0.90 and hit >= 0.90 and accuracy >= 0.92  # measured 0.95, 0.93, 0.96
    for domain, result in results.items():
        f1, hit, accuracy = _figures(result)
        assert f1 >= 0.80, domain  # lowest measured: cybersecurity 0.88
        assert hit >= 0.85, domain  # lowest measured: consumer-protection 0.90
        assert accuracy >= 0.88, domain  # lowest measured: cybersecurity 0.92


def test_evaluate_sample_laws_figures(request: pytest.FixtureRequest) -> None:
    root = Path(__file__).resolve().parents[1] / "corpus"
    if not any((root / "expected").glob("*.yaml")):
        pytest.skip("no sample laws with expected findings in corpus/")
    results = _measure(request, root / "expected", root)
    pooled = results[ev.POOLED]
    assert pooled["met_without_evidence"] == 0
    f1, hit, accuracy = _figures(pooled)
    assert f1 >= 0.78 and hit >= 0.88 and accuracy >= 0.78  # measured 0.84, 0.93, 0.82
