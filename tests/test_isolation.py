"""The reading process: one child reads law after law, each under its own time and memory limits."""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import signal
import time
from functools import partial
from pathlib import Path

import pytest

from gapcheck.errors import LawError
from gapcheck.isolation import Reader, call_limited

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="limits need fork")

LAW = Path("law.pdf")


# Jobs are module-level functions: after the first, a reader's jobs reach its child pickled.
def child_pid() -> int:
    return os.getpid()


def refuse() -> int:
    raise LawError(str(LAW), "is not a law")


def crash() -> int:
    faulthandler.disable()  # pytest's would print the crash on the terminal
    os.kill(os.getpid(), signal.SIGSEGV)
    return 0


def hang() -> int:
    time.sleep(60)
    return 0


def bug() -> int:
    raise ValueError("a bug")


def allocate_mb(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def limits() -> tuple[int, int]:
    return resource.getrlimit(resource.RLIMIT_CPU)[0], resource.getrlimit(resource.RLIMIT_AS)[0]


@pytest.fixture(autouse=True)
def _quiet_bugs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GAPCHECK_DEBUG", raising=False)


def test_isolation_reader_reads_laws_in_one_child() -> None:
    with Reader() as reader:
        pids = {reader.call(LAW, child_pid, 10, 256) for _ in range(3)}
    assert len(pids) == 1 and os.getpid() not in pids


def test_isolation_reader_keeps_its_child_after_a_refused_law() -> None:
    with Reader() as reader:
        first = reader.call(LAW, child_pid, 10, 256)
        with pytest.raises(LawError, match="is not a law"):
            reader.call(LAW, refuse, 10, 256)
        assert reader.call(LAW, child_pid, 10, 256) == first


@pytest.mark.parametrize(
    ("job", "timeout", "problem"),
    [
        (crash, 10, "the PDF library crashed on it (SIGSEGV)"),
        (hang, 1, "took longer than the limit of 1 seconds"),
        (bug, 10, "internal error while reading it (ValueError: a bug)"),
    ],
)
def test_isolation_reader_replaces_a_child_that_failed(job: object, timeout: float, problem: str) -> None:
    with Reader() as reader:
        first = reader.call(LAW, child_pid, 10, 256)
        with pytest.raises(LawError) as error:
            reader.call(Path("bad.pdf"), job, timeout, 256)  # type: ignore[arg-type]
        assert error.value.path == "bad.pdf" and problem in error.value.problem
        second = reader.call(LAW, child_pid, 10, 256)
    assert second != first


def test_isolation_reader_memory_limit_is_per_law() -> None:
    with Reader() as reader:
        for _ in range(3):  # 3 x 150 MB would break one 256 MB limit; each law has its own
            assert reader.call(LAW, partial(allocate_mb, 150), 10, 256) == 150 * 1024 * 1024
        with pytest.raises(LawError, match="memory limit of 64 MB"):
            reader.call(LAW, partial(allocate_mb, 200), 10, 64)
        assert reader.call(LAW, partial(allocate_mb, 150), 10, 256) == 150 * 1024 * 1024


def test_isolation_reader_lifts_limits_a_law_does_not_ask_for() -> None:
    with Reader() as reader:
        reader.call(LAW, child_pid, 10, 256)
        assert reader.call(LAW, limits, 0, 0) == limits()


def test_isolation_call_limited_runs_a_closure_in_a_child() -> None:
    parent = os.getpid()
    assert call_limited(LAW, lambda: os.getpid() != parent, 10, 256)


def test_isolation_reader_ends_its_child_when_closed() -> None:
    reader = Reader()
    reader.call(LAW, child_pid, 10, 256)
    child = reader.child
    reader.close()
    assert child is not None and not child.is_alive() and child.exitcode == 0


def keep_mb(megabytes: int) -> int:
    KEPT.append(bytearray(megabytes * 1024 * 1024))  # as a leaking library would
    return os.getpid()


KEPT: list[bytearray] = []


def test_isolation_reader_replaces_a_child_grown_by_a_law_allowance() -> None:
    with Reader() as reader:
        first = reader.call(LAW, partial(keep_mb, 40), 10, 64)
        assert reader.call(LAW, partial(keep_mb, 40), 10, 64) == first  # 80 MB kept: over 64, so it ends
        assert reader.call(LAW, child_pid, 10, 64) != first


def test_isolation_one_job_scan_reads_its_laws_in_one_child(monkeypatch: pytest.MonkeyPatch, sample_pdf: Path, tmp_path: Path) -> None:
    from gapcheck import scan

    started: list[object] = []
    start = Reader._start
    monkeypatch.setattr(Reader, "_start", lambda self, job: (started.append(job), start(self, job)))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    results = scan.scan_laws([sample_pdf, broken, sample_pdf], [], scan.ScanOptions(), jobs=1)
    assert [r.error is None for r in results] == [True, False, True]
    assert len(started) == 1  # a refused law does not cost a new process
