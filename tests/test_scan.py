"""A framework of several laws: an item is met if any law meets it; evidence names the law."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from gapcheck import match
from gapcheck import scan as scanning
from gapcheck.checklist.load import load_checklists
from gapcheck.checklist.schema import Checklist, Item, Terms
from gapcheck.cli import main
from gapcheck.models import Evidence, Finding, Law, Status
from gapcheck.report import render
from gapcheck.scan import LawResult, ScanOptions, build_report, merge_framework, scan_laws


def finding(item: str, status: Status, law: str, confidence: float = 0.5) -> Finding:
    evidence = () if status is Status.MISSING else (Evidence(law=law, provision="1", path="1", page=1, quote="q"),)
    return Finding(item=item, domain="d", title="t", status=status, confidence=confidence, evidence=evidence)


def result(path: str, *findings: Finding) -> LawResult:
    return LawResult(path, law=Law(source=path, pages=1, language="en", title=path), findings=findings)


def test_scan_best_status_wins_and_evidence_names_each_law() -> None:
    merged = merge_framework([
        result("a.pdf", finding("X-01", Status.PARTIAL, "a.pdf"), finding("X-02", Status.MISSING, "a.pdf")),
        result("b.pdf", finding("X-01", Status.MET, "b.pdf"), finding("X-02", Status.MISSING, "b.pdf")),
    ])
    assert [(f.item, f.status) for f in merged] == [("X-01", Status.MET), ("X-02", Status.MISSING)]
    assert [e.law for e in merged[0].evidence] == ["b.pdf", "a.pdf"]


def test_scan_report_keeps_unreadable_laws_as_errors() -> None:
    report = build_report("ardenia", [result("a.pdf", finding("X-01", Status.MET, "a.pdf")), LawResult("b.pdf", error="not a PDF")], [])
    assert [law.path for law in report.laws] == ["a.pdf"]
    assert report.errors == (("b.pdf", "not a PDF"),)
    assert report.findings[0].status is Status.MET


# --------------------------------------------------------------------------- cached and parallel scans

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "pdf"
LAWS = [SAMPLES / "ardenia-electronic-transactions-act-2025.pdf", SAMPLES / "ardenia-cybercrime-act-2025.pdf"]


def json_report(cache_dir: Path | None, jobs: int = 1, progress: list | None = None) -> str:
    checklists = load_checklists()
    results = scan_laws(LAWS, checklists, ScanOptions(cache_dir=cache_dir), jobs=jobs,
                        progress=progress.append if progress is not None else None)
    return render(build_report("ardenia", results, checklists, generated="2025-01-01"), "json")


@pytest.fixture(scope="module")
def cold_report() -> str:
    return json_report(None)


def test_scan_cached_and_warm_reports_are_identical_to_cold(cold_report: str, tmp_path: Path) -> None:
    assert json_report(tmp_path) == cold_report  # fills the cache
    findings = list(tmp_path.glob("findings-*.json"))
    assert len(findings) == len(LAWS) * len(load_checklists())  # per law and checklist
    assert len(set(tmp_path.glob("*.json")) - set(findings)) == len(LAWS)  # the parsed laws
    assert len(list(tmp_path.glob("docs-*.bin"))) == len(LAWS)  # their spaCy parses
    assert json_report(tmp_path) == cold_report  # served from the cache


def edited(change: Callable[[Item], Item]) -> list[Checklist]:
    """The bundled checklists with `change` made to item DP-05."""
    def edit(checklist: Checklist) -> Checklist:
        return checklist.model_copy(update={"items": [change(i) if i.id == "DP-05" else i for i in checklist.items]})

    return [edit(c) if c.domain == "data-protection" else c for c in load_checklists()]


def assessed_items(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the items the matcher is asked to assess from now on."""
    asked: list[str] = []
    real = match.assess

    def spy(laws: list, checklist: Checklist) -> list:
        asked.extend(item.id for item in checklist.items)
        return real(laws, checklist)

    monkeypatch.setattr(match, "assess", spy)
    return asked


def cached_report(checklists: list[Checklist], cache_dir: Path) -> str:
    results = scan_laws(LAWS, checklists, ScanOptions(cache_dir=cache_dir))
    return render(build_report("ardenia", results, checklists, generated="2025-01-01"), "json")


def drop_english_terms(item: Item) -> Item:
    """The item with no English wording for its own concepts (a maintainer's edit that changes its finding)."""
    return item.model_copy(update={"concepts": {name: Terms(fr=terms.fr) for name, terms in item.concepts.items()}})


def add_term(term: str, language: str = "en") -> Callable[[Item], Item]:
    """An edit adding `term` to the item's first concept of its own (the commonest edit a maintainer makes)."""
    def change(item: Item) -> Item:
        name, terms = next(iter(item.concepts.items()))
        more = terms.model_copy(update={language: [*getattr(terms, language), term]})
        return item.model_copy(update={"concepts": {**item.concepts, name: more}})

    return change


@pytest.mark.parametrize("change, reassessed", [
    (lambda item: item, []),
    (lambda item: item.model_copy(update={"explanation": "Reworded for trainers."}), []),
    (drop_english_terms, ["DP-05"] * len(LAWS)),
    # a new wording that stands nowhere in a law leaves its finding there as it was: no need to assess it again
    (add_term("zorbly quantified"), []),
    (add_term("quantified zorbly"), []),
    (add_term("finalité déterminée", "fr"), []),  # the laws are English: French wordings are never matched in them
    (add_term("act"), ["DP-05"] * len(LAWS)),  # a word both laws use: assessed again
    (add_term("zorbl*"), ["DP-05"] * len(LAWS)),  # a starred word: no index says where it cannot stand
    (lambda item: add_term("zorbly quantified")(item).model_copy(update={"scope": "provision"}), ["DP-05"] * len(LAWS)),  # and more
])
def test_scan_warm_reassesses_only_the_items_an_edit_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Item], Item], reassessed: list[str]) -> None:
    cached_report(load_checklists(), tmp_path)  # fill the cache with the bundled checklists
    checklists = edited(change)
    cold = cached_report(checklists, tmp_path / "cold")
    asked = assessed_items(monkeypatch)
    assert cached_report(checklists, tmp_path) == cold
    assert asked == reassessed


def test_scan_edit_that_changes_a_finding_is_seen_by_a_warm_scan(tmp_path: Path) -> None:
    before = cached_report(load_checklists(), tmp_path)
    after = cached_report(edited(drop_english_terms), tmp_path)
    assert after != before
    assert after == cached_report(edited(drop_english_terms), tmp_path / "cold")


def test_scan_damaged_findings_entry_is_a_miss(tmp_path: Path, cold_report: str) -> None:
    json_report(tmp_path)
    for entry in tmp_path.glob("findings-*.json"):
        entry.write_text('{"x": 1, "' + entry.read_text()[:40])
    assert json_report(tmp_path) == cold_report


def test_scan_parallel_report_is_identical_and_progress_counts_each_law(cold_report: str) -> None:
    progress: list = []
    assert json_report(None, jobs=2, progress=progress) == cold_report
    assert sorted(result.path for result in progress) == sorted(map(str, LAWS))


@pytest.mark.parametrize("flags, cached", [([], True), (["--no-cache"], False)])
def test_scan_cli_cache_dir_and_no_cache(tmp_path: Path, flags: list[str], cached: bool) -> None:
    cache_dir = tmp_path / "cache"
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(LAWS[0]), "-f", "json", "-o", str(out), "--cache-dir", str(cache_dir), *flags])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert bool(list(cache_dir.glob("*.json"))) is cached


def test_scan_warm_after_an_edit_needing_no_new_lemmas_loads_no_pipeline(tmp_path: Path) -> None:
    """A fresh process re-assessing an edited item from the cache loads no spaCy pipeline (they take seconds)."""
    import subprocess
    import sys

    program = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from pathlib import Path
from test_scan import LAWS, cached_report, drop_english_terms, edited
from gapcheck import match, nlp
asked = []
real = match.assess
match.assess = lambda laws, checklist: asked.extend(i.id for i in checklist.items) or real(laws, checklist)
cached_report(edited(drop_english_terms), Path(sys.argv[1]))
print(sorted(set(asked)), sorted(nlp._BUILT))
"""
    cached_report(load_checklists(), tmp_path)
    done = subprocess.run([sys.executable, "-c", program, str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[0] == "['DP-05'] []"


def test_scan_warm_after_adding_a_plain_wording_imports_no_spacy(tmp_path: Path) -> None:
    """A fresh process scanning after an edit that adds a wording of plain words no law holds keeps the cached findings
    without importing spaCy (most of a second), and writes the report a scan without the cache writes."""
    import subprocess
    import sys

    import yaml

    from gapcheck.checklist.load import bundled_paths

    bundled = next(path for path in bundled_paths() if path.stem == "data-protection")
    data = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    terms = next(iter(data["items"][0]["concepts"].values()))
    terms["en"] = [*terms.get("en", []), "zorbly quantified"]
    edited_checklist = tmp_path / "data-protection.yaml"
    edited_checklist.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    law, cache, warm, cold = LAWS[0], tmp_path / "cache", tmp_path / "warm.json", tmp_path / "cold.json"
    filled = CliRunner().invoke(main, ["scan", str(law), "-c", str(bundled), "-f", "json", "-o", str(tmp_path / "first.json"),
                                       "--cache-dir", str(cache), "-j", "1"])
    assert filled.exit_code == 0, filled.output
    program = """
import runpy, sys
sys.argv = ["gapcheck", *sys.argv[1:]]
try:
    runpy.run_module("gapcheck", run_name="__main__")
except SystemExit as stop:
    print("exit", stop.code)
print(sorted({name.split(".")[0] for name in sys.modules} & {"spacy", "thinc", "numpy"}))
"""
    done = subprocess.run([sys.executable, "-c", program, "scan", str(law), "-c", str(edited_checklist), "-f", "json", "-o", str(warm),
                           "--cache-dir", str(cache), "-j", "1"], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.splitlines()[-2:] == ["exit 0", "[]"], done.stdout + done.stderr
    again = CliRunner().invoke(main, ["scan", str(law), "-c", str(edited_checklist), "-f", "json", "-o", str(cold), "--no-cache", "-j", "1"])
    assert again.exit_code == 0, again.output
    assert warm.read_bytes() == cold.read_bytes()


def test_scan_parallel_warm_scan_is_served_without_workers(tmp_path: Path, cold_report: str, monkeypatch: pytest.MonkeyPatch) -> None:
    json_report(tmp_path)  # fill the cache
    monkeypatch.setattr(scanning, "ProcessPoolExecutor", None)  # any worker started would fail the scan
    assert json_report(tmp_path, jobs=2) == cold_report


def test_scan_parallel_warm_scan_after_an_edit_equals_a_cold_scan(tmp_path: Path) -> None:
    cached_report(load_checklists(), tmp_path)
    checklists = edited(drop_english_terms)
    results = scan_laws(LAWS, checklists, ScanOptions(cache_dir=tmp_path), jobs=2)
    warm = render(build_report("ardenia", results, checklists, generated="2025-01-01"), "json")
    assert warm == cached_report(checklists, tmp_path / "cold")


def _started(name: str) -> tuple[str, float]:
    import time

    return name, time.monotonic()


def test_scan_pool_gives_a_free_worker_the_best_ranked_task_even_if_added_last() -> None:
    pool = scanning._Pool(1, size=lambda index: index)
    try:
        pool.add(scanning._SINGLE, (_started, [0], ("first, the worker being free",)))
        pool.add(scanning._SINGLE, (_started, [1], ("english, short",)))
        pool.add(scanning._SINGLE, (_started, [5], ("english, long",)))
        pool.add(scanning._GROUP, (_started, [2, 3], ("french group",)))
        pool.add(scanning._READ, (_started, [4], ("a law to read",)))
        assert pool.has(scanning._READ)
        ended = []
        while (finished := pool.next_finished()) is not None:
            ended.append(finished[2])
    finally:
        pool.close()
    assert [name for name, _ in sorted(ended, key=lambda entry: entry[1])] == [
        "first, the worker being free", "a law to read", "french group", "english, long", "english, short"]
    assert not pool.has(scanning._READ)


def test_scan_pool_reads_every_law_while_this_process_is_busy() -> None:
    import time

    pool = scanning._Pool(2, size=lambda index: 0)
    try:
        for index in range(6):
            pool.add(scanning._READ, (_started, [index], (f"law {index}",)))
        time.sleep(2)  # loading the checklists and spaCy: nothing here asks the pool for the next law meanwhile
        busy_until = time.monotonic()
        started = []
        while (finished := pool.next_finished()) is not None:
            started.append(finished[2][1])
    finally:
        pool.close()
    assert len(started) == 6 and max(started) < busy_until


def _dies_reading(name: str) -> str:
    import os
    import time

    if name == "die":
        os._exit(1)  # as the kernel's OOM killer would end a worker
    time.sleep(0.2)
    return name


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers must be forked to die this way quickly")
def test_scan_pool_dead_reader_costs_only_the_laws_read_beside_it() -> None:
    names = ["die", "a", "b", "c", "d", "e"]
    pool = scanning._Pool(2, size=lambda index: 0)
    outcomes = {}
    try:
        for index, name in enumerate(names):
            pool.add(scanning._READ, (_dies_reading, [index], (name,)))
        while (finished := pool.next_finished()) is not None:
            outcomes[names[finished[1][0]]] = finished[2]
    finally:
        pool.close()
    assert sorted(outcomes) == sorted(names) and outcomes["die"] is None  # every law has an outcome; None: its worker died
    assert sum(outcome is None for outcome in outcomes.values()) <= 2  # the one that kills and the one read beside it


def test_scan_with_jobs_reads_its_laws_before_it_is_given_the_checklists(tmp_path: Path) -> None:
    import time

    with scanning.Scan(LAWS, ScanOptions(cache_dir=tmp_path), jobs=2) as under_way:
        waited = 0.0
        while len(list(tmp_path.glob("*.json"))) < len(LAWS) and waited < 120:  # each law read lands in the cache
            time.sleep(0.05)
            waited += 0.05
        assert len(list(tmp_path.glob("*.json"))) == len(LAWS)
        results = under_way.results(load_checklists())
    assert [result.path for result in results] == [str(path) for path in LAWS]
    assert all(result.findings for result in results)


def test_scan_left_early_stops_its_workers(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), scanning.Scan(LAWS, ScanOptions(cache_dir=tmp_path), jobs=2) as under_way:
        raise RuntimeError("a checklist that does not load")
    assert under_way._workers is not None and not under_way._workers.pool.executors


def test_scan_with_one_job_starts_nothing_before_results(tmp_path: Path) -> None:
    with scanning.Scan(LAWS, ScanOptions(cache_dir=tmp_path), jobs=1) as under_way:
        assert under_way._workers is None and not list(tmp_path.iterdir())
        assert [result.path for result in under_way.results([])] == [str(path) for path in LAWS]


@pytest.mark.parametrize("damage", [lambda data: data[:-3], lambda data: data[:40], lambda data: b""])
def test_scan_damaged_word_index_means_assessing_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]) -> None:
    cached_report(load_checklists(), tmp_path)
    for index in tmp_path.glob("words-*.bin"):
        index.write_bytes(damage(index.read_bytes()))
    checklists = edited(add_term("zorbly quantified"))
    cold = cached_report(checklists, tmp_path / "cold")
    asked = assessed_items(monkeypatch)
    assert cached_report(checklists, tmp_path) == cold
    assert asked == ["DP-05"] * len(LAWS)


def test_scan_lets_go_of_each_law_s_parse_once_it_is_assessed() -> None:
    from gapcheck import concepts

    concepts._READ.clear()
    results = scan_laws(LAWS, load_checklists(), ScanOptions(cache_dir=None), jobs=1)
    assert all(r.findings for r in results)
    assert concepts._READ == {}  # the parses are most of a scan's memory: a corpus scan must not hold them all


def test_scan_parallel_prepares_matching_while_laws_are_read_and_only_then(tmp_path: Path, cold_report: str, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared: list[int] = []
    real = scanning._prepare_to_assess
    monkeypatch.setattr(scanning, "_prepare_to_assess", lambda checklists: (prepared.append(len(checklists)), real(checklists)))
    assert json_report(tmp_path, jobs=2) == cold_report  # laws to read: the assessing workers inherit what was prepared
    assert json_report(tmp_path, jobs=2) == cold_report  # every law cached: nothing to prepare
    assert prepared == [4]


def test_scan_parallel_reading_processes_end_once_every_law_is_read() -> None:
    pool = scanning._Pool(2, size=lambda index: index)
    try:
        pool.add(scanning._READ, (_started, [0], ("a law to read",)))
        pool.add(scanning._SINGLE, (_started, [1], ("a law to assess",)))
        first = pool.next_finished()
        assert first is not None and first[2][0] in ("a law to read", "a law to assess")
        while pool.next_finished() is not None:
            pass
        assert list(pool.executors) == [False]  # the reading pool is shut down, the assessing one kept
    finally:
        pool.close()


def test_scan_keeps_each_item_as_the_text_its_key_is_the_hash_of(tmp_path: Path) -> None:
    import hashlib
    import json

    from gapcheck.cache import item_description, item_key

    json_report(tmp_path)
    kept = {path.name[len("item-"):-len(".bin")]: path.read_bytes() for path in tmp_path.glob("item-*.bin")}
    described = {item_key(item, checklist): item_description(item, checklist) for checklist in load_checklists() for item in checklist.items}
    assert kept and set(kept) <= set(described)
    assert all(hashlib.sha256(text).hexdigest() == key and json.loads(text) == described[key] for key, text in kept.items())
