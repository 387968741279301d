"""Reading an untrusted file in a child process, with hard limits on time and memory.

A hostile PDF can keep a PDF library busy for minutes, or make it allocate
gigabytes, inside C code where no Python signal handler runs (a page showing
twenty million characters takes PDFium a minute and 5 GB before Python sees a
single one). So each law is read in a forked child: the parent waits at most
`timeout` seconds and then kills it, and the child's address space is capped
at its size when forked plus `memory_mb`. Whatever happens in the child — a
timeout, a crash, running out of memory — becomes a LawError naming the file.

Where `fork` is unavailable (Windows), the call runs in-process under a
SIGALRM time limit where there is one, and without a memory limit.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from pathlib import Path
from typing import Any, Callable, TypeVar

from gapcheck.errors import LawError

T = TypeVar("T")

DEFAULT_MEMORY_MB = 1024  # a 100-page law needs about 40 MB; PDF bombs need gigabytes
DEBUG_VARIABLE = "GAPCHECK_DEBUG"  # set: internal errors raise with their traceback


def debugging() -> bool:
    """Whether internal errors should surface with their traceback (tests, maintainers)."""
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


def call_limited(path: Path, function: Callable[[], T], timeout: float, memory_mb: int) -> T:
    """`function()` (which reads `path`) under the limits; LawError for `path` when it breaks one.

    `timeout` in seconds (0: none), `memory_mb` added to the current size (0: none).
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        with time_limit(path, timeout):
            return function()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, memory_mb, timeout, os.getpid()), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout if timeout > 0 else None):
            raise LawError(str(path), f"took longer than the limit of {timeout:g} seconds (see --timeout)")
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError):
            child.join(5)
            raise LawError(str(path), _death(child.exitcode, memory_mb)) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    return _answer(path, kind, value, memory_mb)


def _child(sender: Any, function: Callable[[], Any], memory_mb: int, timeout: float, parent: int) -> None:
    """In the child: run `function` under the limits and send back what happened."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills us
    _die_with_parent(parent)
    if timeout > 0:  # and should that fail, stop by ourselves
        _limit("RLIMIT_CPU", int(timeout) + 10)
    # Answers go through the pipe: the user's stdout (a pipe a caller may wait on) is not ours
    # to hold, and a dying library's last words ("Fatal Python error...") are not for users.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    if not debugging():
        os.dup2(quiet, 2)
    if memory_mb > 0:
        _limit_memory(memory_mb)
    try:
        message: tuple[str, Any] = ("ok", function())
    except LawError as error:
        message = ("law", error.problem)
    except MemoryError:
        message = ("memory", None)
    except RecursionError:
        message = ("law", "its structure is nested too deeply to read")
    except BaseException:  # noqa: BLE001 - reported to the parent, which decides how loudly
        message = ("bug", traceback.format_exc())
    try:
        sender.send(message)
    except MemoryError:
        sender.send(("memory", None))
    finally:
        sender.close()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this child when gapcheck dies (SIGKILL leaves it no time to do so)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the CPU-time limit still ends an orphan
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _limit_memory(memory_mb: int) -> None:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # no way to know the current size (not Linux): no limit rather than a wrong one
    _limit("RLIMIT_AS", current + memory_mb * 1024 * 1024)


def _limit(name: str, value: int) -> None:
    """Lower the soft resource limit `name` to `value`, within the hard limit."""
    import resource

    which = getattr(resource, name)
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, hard))


def _answer(path: Path, kind: str, value: Any, memory_mb: int) -> Any:
    if kind == "ok":
        return value
    if kind == "law":
        raise LawError(str(path), value)
    if kind == "memory":
        raise LawError(str(path), f"reading it needs more than the memory limit of {memory_mb} MB (see --max-memory)")
    if debugging():
        raise RuntimeError(f"internal error while reading {path}:\n{value}")
    last = value.strip().splitlines()[-1] if value.strip() else "unknown error"
    raise LawError(str(path), f"internal error while reading it ({last}); please report it (set {DEBUG_VARIABLE}=1 for details)")


def _death(exitcode: int | None, memory_mb: int) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        limit = f" or needs more than the memory limit of {memory_mb} MB (see --max-memory)" if memory_mb > 0 else ""
        return f"the PDF library crashed on it ({name}); the file is damaged{limit}"
    return f"the reading process stopped unexpectedly (exit code {exitcode})"


class time_limit:
    """In-process fallback: a document that takes too long becomes an error for that file."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path, self.seconds = path, seconds
        self.usable = seconds > 0 and hasattr(signal, "setitimer")

    def __enter__(self) -> None:
        if self.usable:
            try:
                self.previous = signal.signal(signal.SIGALRM, self._expired)
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
            except ValueError:  # not in the main thread: no limit can be set here
                self.usable = False

    def __exit__(self, *exc: object) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)

    def _expired(self, signum: int, frame: object) -> None:
        raise LawError(str(self.path), f"took longer than the limit of {self.seconds:g} seconds (see --timeout)")
