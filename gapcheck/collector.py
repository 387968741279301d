"""Pausing Python's cyclic garbage collector around the stages that make millions of small objects."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

_STARTING = gc.get_threshold()  # as Python set it, before any pause


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, then restore it as it was.

    Reading a law (words, segments, lines) and matching it (hits, candidates)
    make hundreds of thousands of small objects that hold no cycles; every
    collection they trigger walks them and all the laws already loaded, for
    nothing (a third of the matching time). Cycles, if any, are collected once
    it resumes.

    The pause sets the collector's first threshold to 0 rather than calling
    `gc.disable`: srsly's `msgpack_loads`, which spaCy loads its models with,
    calls `gc.enable` whatever the state it found, and would end the pause.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(0, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def restart() -> None:
    """Collect as Python does by default: for a process forked during a pause, whose cycles are its own."""
    gc.set_threshold(*_STARTING)
    gc.enable()


def settle() -> None:
    """Take every object alive now out of the cyclic collector's sight, for the rest of the process.

    Called once a spaCy pipeline is built: its model, tables and vocabulary
    (millions of objects) live as long as the process, yet each full
    collection of a scan walked them again, about 0.4 s of CPU on the corpus.
    Objects alive now are still freed by reference counting; only a cycle
    among them would outlive its use.
    """
    gc.freeze()
