"""Reading an untrusted file in a child process, with hard limits on time and memory.

A hostile PDF can keep a PDF library busy for minutes, or make it allocate
gigabytes, inside C code where no Python signal handler runs (a page showing
twenty million characters takes PDFium a minute and 5 GB before Python sees a
single one). So each law is read in a forked child: the parent waits at most
`timeout` seconds and then kills it, and the child's address space is capped
at its size when it starts the law plus `memory_mb`. Whatever happens in the
child — a timeout, a crash, running out of memory — becomes a LawError naming
the file. A batch of laws shares one child (`Reader`) as long as each law ends
normally; after any other end the next law gets a fresh one.

Where `fork` is unavailable (Windows), the call runs in-process under a
SIGALRM time limit where there is one, and without a memory limit.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import traceback
from pathlib import Path
from typing import Any, Callable, TypeVar

from gapcheck import collector
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
    with Reader() as reader:
        return reader.call(path, function, timeout, memory_mb)


class Reader:
    """One child process that reads law after law, each under the limits of `call_limited`.

    A process forked for each law starts with none of the memory it needs: it
    faults in tens of megabytes page by page, which on the 30 laws of the
    corpus cost about 0.8 s of system time, a tenth of reading them. The
    reader's child keeps its memory from one law to the next. A child that
    broke a limit, crashed or met an internal error is not trusted with the
    next law: a fresh one is forked for it. The first law's function reaches
    the child by fork; later ones are pickled, so they must be picklable
    (a module-level function or a functools.partial of one).

        with Reader() as reader:
            laws = [reader.call(path, partial(read_law, path), 300, 1024) for path in paths]
    """

    def __init__(self) -> None:
        self.child: Any = None
        self.requests: Any = None  # the parent's end of the pipe to the child

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, path: Path, function: Callable[[], T], timeout: float, memory_mb: int) -> T:
        """`function()` read in the child under the limits, as `call_limited`."""
        if "fork" not in multiprocessing.get_all_start_methods():
            with time_limit(path, timeout):
                return function()
        job = (function, timeout, memory_mb)
        if not self._hand(job):
            self._start(job)
        try:
            if not self.requests.poll(timeout if timeout > 0 else None):
                raise LawError(str(path), f"took longer than the limit of {timeout:g} seconds (see --timeout)")
            try:
                with collector.paused():  # a law unpickled is thousands of objects without cycles: no collection walks them
                    kind, value, goes_on = self.requests.recv()
            except (EOFError, OSError):
                raise LawError(str(path), _death(self._end(wait=5), memory_mb)) from None
        except BaseException:  # over time, dead, or interrupted (Ctrl-C): this child is done
            self._end(wait=0)
            raise
        if not goes_on:
            self._end(wait=5)  # it is ending by itself
        return _answer(path, kind, value, memory_mb)

    def close(self) -> None:
        """End the child (between laws it ends when asked; else it is killed)."""
        self._end(wait=5)

    def _hand(self, job: tuple[Any, ...]) -> bool:
        """Give `job` to the running child; False when there is none (or it died while idle)."""
        if self.child is None:
            return False
        if self.child.is_alive():
            try:
                self.requests.send(job)
                return True
            except (BrokenPipeError, ConnectionResetError):
                pass
        self._end(wait=0)
        return False

    def _start(self, job: tuple[Any, ...]) -> None:
        context = multiprocessing.get_context("fork")
        self.requests, answers = context.Pipe()
        self.child = context.Process(target=_serve, args=(answers, self.requests, job, os.getpid()), daemon=True)
        self.child.start()
        answers.close()

    def _end(self, wait: float) -> int | None:
        """Reap the child, killing it unless it ends within `wait` seconds when asked to; its exit code."""
        child, self.child = self.child, None
        if child is None:
            return None
        if wait > 0:
            try:
                self.requests.send(None)  # an idle child ends on this
            except OSError:
                pass  # it has ended already
            child.join(wait)
        self.requests.close()
        if child.is_alive():
            child.kill()
        child.join()
        return child.exitcode


def _serve(connection: Any, parent_end: Any, job: Any, parent: int) -> None:
    """In the child: run each job under its limits and send back what happened, until the parent sends None."""
    parent_end.close()  # so that the pipe breaks when the parent dies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills us
    _die_with_parent(parent)
    # Answers go through the pipe: the user's stdout (a pipe a caller may wait on) is not ours
    # to hold, and a dying library's last words ("Fatal Python error...") are not for users.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    if not debugging():
        os.dup2(quiet, 2)
    collector.restart()  # the parent may have paused its collector; a PDF library's cycles need it here
    forked_size = _address_space()
    while job is not None:
        function, timeout, memory_mb = job
        kind, value = _run(function, timeout, memory_mb)
        # After a failure the child is not trusted with another law; nor once what the laws
        # left behind adds up to a law's allowance. The parent then forks a fresh one.
        goes_on = kind in ("ok", "law") and not (memory_mb > 0 and _address_space() > forked_size + memory_mb * MB)
        try:
            connection.send((kind, value, goes_on))
        except MemoryError:
            goes_on = False
            connection.send(("memory", None, goes_on))
        if not goes_on:
            return
        try:
            job = connection.recv()
        except (EOFError, OSError):  # the parent is done with us
            return


def _run(function: Callable[[], Any], timeout: float, memory_mb: int) -> tuple[str, Any]:
    """What became of `function()` under the limits: ("ok", its value) or the kind of failure and its detail."""
    # should the parent fail to kill us at the time limit, stop by ourselves
    _limit_cpu(timeout + 10 if timeout > 0 else 0)
    _limit_memory(memory_mb)
    try:
        return ("ok", function())
    except LawError as error:
        return ("law", error.problem)
    except MemoryError:
        return ("memory", None)
    except RecursionError:
        return ("law", "its structure is nested too deeply to read")
    except BaseException:  # noqa: BLE001 - reported to the parent, which decides how loudly
        return ("bug", traceback.format_exc())


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this child when gapcheck dies (SIGKILL leaves it no time to do so)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the CPU-time limit still ends an orphan
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _limit_cpu(seconds: float) -> None:
    """Let the process use `seconds` more CPU time from now (0: as much as it was allowed when forked)."""
    import resource

    if seconds <= 0:
        _limit("RLIMIT_CPU", None)
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    _limit("RLIMIT_CPU", math.ceil(used.ru_utime + used.ru_stime) + int(seconds))


def _limit_memory(memory_mb: int) -> None:
    """Let the process map `memory_mb` more megabytes from now (0: as much as it was allowed when forked)."""
    current = _address_space()
    if memory_mb <= 0:
        _limit("RLIMIT_AS", None)
    elif current:  # else no way to know the current size (not Linux): no limit rather than a wrong one
        _limit("RLIMIT_AS", current + memory_mb * MB)


MB = 1024 * 1024


def _address_space() -> int:
    """The bytes this process maps (what RLIMIT_AS limits); 0 when unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


_FORKED_WITH: dict[str, int] = {}  # soft limits the child had before it set any, by name


def _limit(name: str, value: int | None) -> None:
    """Set the soft resource limit `name` to `value` within the hard limit (None: back to what it was)."""
    import resource

    which = getattr(resource, name)
    soft, hard = resource.getrlimit(which)
    original = _FORKED_WITH.setdefault(name, soft)
    if value is None:
        value = original
    elif hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    if value != soft:
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
