"""collector: pausing the cyclic garbage collector, whatever the code inside does to it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
import srsly

from gapcheck import collector

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*threshold)
    (gc.enable if enabled else gc.disable)()


def _collections_during(action) -> int:  # type: ignore[no-untyped-def]
    seen = []

    def count(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(count)
    try:
        action()
    finally:
        gc.callbacks.remove(count)
    return len(seen)


def _churn() -> None:
    kept = [[] for _ in range(20_000)]  # container objects alive: each counts towards a collection
    assert len(kept) == 20_000


def test_collector_paused_no_collection_runs_inside() -> None:
    gc.collect()
    assert _collections_during(_churn) > 0  # the churn would trigger collections
    gc.collect()
    with collector.paused():
        assert _collections_during(_churn) == 0


def test_collector_paused_survives_srsly_turning_the_collector_on() -> None:
    # srsly.msgpack_loads calls gc.enable() after unpacking, whatever the state it found
    with collector.paused():
        srsly.msgpack_loads(srsly.msgpack_dumps({"a": [1, 2, 3]}))
        assert gc.isenabled()
        assert _collections_during(_churn) == 0


def test_collector_paused_restores_the_thresholds_it_found_even_nested() -> None:
    gc.set_threshold(1234, 7, 8)
    with collector.paused():
        with collector.paused():
            pass
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold() == (1234, 7, 8)


def test_collector_paused_restores_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(ValueError):
        with collector.paused():
            raise ValueError("boom")
    assert gc.get_threshold() == before


def test_collector_restart_collects_as_python_starts() -> None:
    fresh = subprocess.run([sys.executable, "-c", "import gc; print(gc.get_threshold())"], capture_output=True, text=True, check=True)
    with collector.paused():
        gc.disable()
        collector.restart()
        assert gc.isenabled()
        assert str(gc.get_threshold()) == fresh.stdout.strip()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the reading process is forked")
def test_collector_a_reading_process_forked_during_a_pause_collects() -> None:
    from gapcheck.isolation import Reader

    with Reader() as reader, collector.paused():
        threshold, enabled = reader.call(Path("any.pdf"), _collector_state, 30, 0)
    assert enabled and threshold[0] > 0


def _collector_state() -> tuple[tuple[int, int, int], bool]:
    return gc.get_threshold(), gc.isenabled()
