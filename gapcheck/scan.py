"""Scanning a framework: read each law (cached, in parallel), assess it, merge the findings.

Several laws of one country form a framework: an item is met if any law meets
it, and evidence names the law it quotes.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import heapq
import itertools
import json
import os
import sys
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from gapcheck import collector, ingest
from gapcheck.cache import LawCache, added_terms, file_hash, finding_from_dict, finding_to_dict, item_description, item_json, key_of_json
from gapcheck.errors import LawError
from gapcheck.isolation import DEFAULT_MEMORY_MB, Reader, call_limited
from gapcheck.models import Finding, Law, LawSummary, Report, Status

if TYPE_CHECKING:  # see gapcheck.cache
    from gapcheck.checklist.schema import Checklist, Item

_RANK = {Status.MET: 2, Status.PARTIAL: 1, Status.MISSING: 0}


@dataclass(frozen=True)
class ScanOptions:
    """How laws are read; everything here but the cache settings changes the parse."""

    backend: str = "pdfium"
    language: str | None = None
    max_pages: int = 2000
    timeout: float = 300.0  # seconds per document
    max_memory: int = DEFAULT_MEMORY_MB  # megabytes per document, on top of what gapcheck already uses
    cache_dir: Path | None = None  # None: no cache


@dataclass(frozen=True)
class LawResult:
    """One law's outcome: its findings, or the reason it could not be read."""

    path: str
    law: Law | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None


def read_law_cached(path: Path, options: ScanOptions, reader: Reader | None = None) -> Law:
    """Read a law, from the cache when its content and the parser are unchanged (`reader`: see `_read_law`)."""
    return _read_law(path, options, reader=reader)[0]


def _read_law(path: Path, options: ScanOptions, missed: tuple[str, str] | None = None, reader: Reader | None = None) -> tuple[Law, str]:
    """The law at `path` and its cache key ("" when there is no cache).

    `missed` is (key, file hash) when the caller already found the law missing from the cache;
    `reader` the child process reading a batch of laws (else a worker's own, or one for this law).
    """
    from gapcheck import pipeline

    if missed is None:
        cached, key, digest = _cached_law(path, options)
        if cached is not None:
            return cached, key
    else:
        key, digest = missed
    _import_backend(options.backend)
    reader = reader or _WORKER_READER
    law = (reader.call if reader is not None else call_limited)(
        path,
        functools.partial(
            pipeline.read_law, path, backend=options.backend, language=options.language, max_pages=options.max_pages, sha256=digest or None
        ),
        options.timeout,
        options.max_memory,
    )
    if key and options.cache_dir is not None:
        LawCache(options.cache_dir, pipeline.parser_version()).put(key, law)
    return law, key


def _import_backend(backend: str) -> None:
    """Import the PDF backend in this process, once, rather than in every reading process forked from it."""
    try:
        ingest.backend_module(backend)
    except LawError:
        pass  # an unknown backend is reported for each law by read_law itself


def _cached_law(path: Path, options: ScanOptions) -> tuple[Law | None, str, str]:
    """(the cached law or None, its cache key, the file's hash); keys and hash are "" without a cache."""
    from gapcheck import pipeline

    if options.cache_dir is None or not path.is_file():
        return None, "", ""
    cache = LawCache(options.cache_dir, pipeline.parser_version())
    parse_options = {"backend": options.backend, "language": options.language, "max_pages": options.max_pages}
    try:
        digest = file_hash(path)
    except OSError:
        return None, "", ""  # reading it will say why
    key = cache.key(digest, parse_options)
    cached = cache.get(key)
    return (dataclasses.replace(cached, source=str(path)) if cached is not None else None), key, digest


def scan_one(path: Path, checklists: Sequence[Checklist], options: ScanOptions) -> LawResult:
    """Read and assess one law; errors become part of the result, never an exception."""
    read = read_one(path, options)
    if isinstance(read, LawResult):
        return read
    result = assess_one(path, *read, checklists, options)
    _remember_phrases()
    return result


def read_one(path: Path, options: ScanOptions, missed: tuple[str, str] | None = None, reader: Reader | None = None) -> tuple[Law, str] | LawResult:
    """The law at `path` and its cache key, or the result saying why it cannot be read (`missed`, `reader`: see `_read_law`)."""
    try:
        return _read_law(path, options, missed, reader)
    except LawError as error:
        return LawResult(str(path), error=error.problem)


def assess_one(path: Path, law: Law, key: str, checklists: Sequence[Checklist], options: ScanOptions) -> LawResult:
    """The findings of every checklist in a law read by `read_one`."""
    cache = _store(options.cache_dir) if options.cache_dir is not None and key else None
    findings: list[Finding] = []
    for checklist in checklists:
        findings.extend(_assess_cached(law, key, checklist, cache) if cache is not None else _assess(law, checklist, None))
    concepts = sys.modules.get("gapcheck.concepts")  # imported only if something was matched
    if concepts is not None:
        concepts.forget(law)  # else every law's parse stays in memory until the scan ends
    return LawResult(str(path), law=law, findings=tuple(findings))


@functools.lru_cache(maxsize=4)
def _store(directory: Path) -> LawCache:
    """The cache of findings, parsed texts and terms in `directory`: one object per process."""
    return LawCache(directory, "")


def _assess(law: Law, checklist: Checklist, store: LawCache | None) -> list[Finding]:
    """The findings of `checklist`'s items in `law` (spaCy is imported here, and only when something is to be matched)."""
    from gapcheck import concepts, nlp
    from gapcheck.match import assess

    if store is None:
        return assess([law], checklist)
    # the law's spaCy parse and the checklist's terms are cached too: a warm scan loads no pipeline, it only matches
    nlp.PHRASES.use(store)
    concepts.read(law, store)
    return assess([law], checklist)


def _remember_phrases() -> None:
    """Write the lemmas of the terms parsed so far to the cache, once per batch of laws (if spaCy was needed at all)."""
    nlp = sys.modules.get("gapcheck.nlp")
    if nlp is not None:
        nlp.PHRASES.save()


def _cached_result(path: Path, law: Law, law_key: str, checklists: Sequence[Checklist], options: ScanOptions) -> LawResult | None:
    """The result of a law read by `read_one` when every finding is cached, else None."""
    if options.cache_dir is None or not law_key:
        return None
    findings: list[Finding] = []
    for checklist in checklists:
        found = _known_findings(law, law_key, checklist, _store(options.cache_dir))[2]
        keys = _item_keys(checklist)
        if len(found) < len(keys):
            return None
        findings.extend(found[key] for key in keys)
    return LawResult(str(path), law=law, findings=tuple(findings))


def _assess_cached(law: Law, law_key: str, checklist: Checklist, cache: LawCache) -> list[Finding]:
    """The findings of `checklist` in `law`, assessing only the items whose finding is not cached."""
    entry, known, findings = _known_findings(law, law_key, checklist, cache)
    keys = _item_keys(checklist)
    stale = [(item.id, key) for item, key in zip(checklist.items, keys) if key not in findings]
    if stale:
        fresh = dict(zip((key for _, key in stale), _assess(law, _only(checklist, tuple(item for item, _ in stale)), cache)))
        findings.update(fresh)
        # the findings read from the cache are stored again as they were read, not converted back
        cache.put_findings(entry, {k: finding_to_dict(fresh[k]) if k in fresh else known[k] for k in keys}, known, len(keys))
        stale_keys = dict(stale)
        for item in checklist.items:
            if item.id in stale_keys:
                _describe(cache, stale_keys[item.id], item, checklist)
    return [findings[key] for key in keys]


def _known_findings(law: Law, law_key: str, checklist: Checklist, cache: LawCache) -> tuple[str, dict[str, Any], dict[str, Finding]]:
    """(the cache entry of `law` and `checklist`, what it holds, the findings of this checklist's items it holds by item key)."""
    entry = hashlib.sha256(f"{law_key}\0{checklist.domain}".encode()).hexdigest()
    known = cache.get_findings(entry)
    findings: dict[str, Finding] = {}
    for key in _item_keys(checklist):
        if key in known:
            try:
                findings[key] = finding_from_dict(known[key], law.source)
            except (KeyError, TypeError, ValueError):  # a damaged entry is just a miss
                pass
    missing = [(item, key) for item, key in zip(checklist.items, _item_keys(checklist)) if key not in findings]
    derived = _still_holding(law, checklist, missing, known, cache) if missing and known else {}
    if derived:  # stored under the items' new keys: the next scan finds them at once
        findings.update(derived)
        known = {**{key: finding_to_dict(finding) for key, finding in derived.items()}, **known}
        cache.put_findings(entry, {key: known[key] for key in _item_keys(checklist) if key in findings}, known, len(checklist.items))
        for item, key in missing:
            if key in derived:
                _describe(cache, key, item, checklist)
    return entry, known, findings


def _still_holding(law: Law, checklist: Checklist, missing: list[tuple[Item, str]], known: dict[str, Any], cache: LawCache) -> dict[str, Finding]:
    """The cached findings of `missing` items that still hold: an item whose only change since one of its cached
    findings is new wordings that `law` cannot hold (say, a word of each stands nowhere in it) has that finding still."""
    derived: dict[str, Finding] = {}
    for item, key in missing:
        description = item_description(item, checklist)
        for old_key, data in known.items():
            old = _description(cache, old_key) if isinstance(data, dict) and data.get("item") == item.id else None
            added = added_terms(old, description) if old is not None else None
            if added is None:
                continue
            from gapcheck.wordindex import may_hold  # only when a cached finding may still hold

            if not may_hold(law, cache, added):
                try:
                    derived[key] = finding_from_dict(data, law.source)
                    break
                except (KeyError, TypeError, ValueError):  # a damaged entry is just a miss
                    pass
    return derived


_DESCRIBED: set[tuple[str, str]] = set()  # (cache directory, item key) written by this process


def _describe(cache: LawCache, key: str, item: Item, checklist: Checklist) -> None:
    """Keep what item `key` was, so that the findings of a later version of it that only adds wordings can be derived
    (once per process: every law of a scan would write the same)."""
    if (str(cache.directory), key) not in _DESCRIBED:
        cache.put_bytes(f"item-{key}", (_kept_json(checklist, key) or item_json(item, checklist)).encode("utf-8"))
        _DESCRIBED.add((str(cache.directory), key))


_DESCRIPTIONS: dict[tuple[str, str], dict[str, Any]] = {}  # (cache directory, item key) -> what it was


def _description(cache: LawCache, key: str) -> dict[str, Any] | None:
    """What item `key` was (None if not kept), read once per process: its key names it, and every law asks."""
    known = (str(cache.directory), key)
    if known not in _DESCRIPTIONS:
        data = cache.get_bytes(f"item-{key}")
        try:
            described = json.loads(data) if data else None
        except ValueError:  # a damaged entry is just a miss
            described = None
        if not isinstance(described, dict):
            return None  # not remembered: it may be written later
        if len(_DESCRIPTIONS) > 4096:
            _DESCRIPTIONS.clear()
        _DESCRIPTIONS[known] = described
    return _DESCRIPTIONS[known]


_KEYS: dict[int, tuple[Checklist, list[str], dict[str, str]]] = {}  # checklist, its item keys, the JSON text of each key


def _item_keys(checklist: Checklist) -> list[str]:
    """The cache key of each item of `checklist`, computed once per checklist and process."""
    known = _KEYS.get(id(checklist))
    if known is None or known[0] is not checklist:
        texts = [item_json(item, checklist) for item in checklist.items]
        keys = [key_of_json(text) for text in texts]  # `item_key` of each item, from the texts kept for `_describe`
        known = _KEYS[id(checklist)] = (checklist, keys, dict(zip(keys, texts)))
    return known[1]


def _kept_json(checklist: Checklist, key: str) -> str | None:
    """The JSON text that `_item_keys` made item `key` of `checklist` from (None if it did not): `_describe` writes it."""
    known = _KEYS.get(id(checklist))
    return known[2].get(key) if known is not None and known[0] is checklist else None


_SUBSETS: dict[tuple[int, tuple[str, ...]], tuple[Checklist, Checklist]] = {}


def _only(checklist: Checklist, ids: tuple[str, ...]) -> Checklist:
    """`checklist` with only the items `ids`; one object per subset, so that its matchers compile once per process."""
    if len(ids) == len(checklist.items):
        return checklist
    known = _SUBSETS.get((id(checklist), ids))
    if known is not None and known[0] is checklist:
        return known[1]
    chosen = set(ids)
    subset = checklist.model_copy(update={"items": [item for item in checklist.items if item.id in chosen]})
    if len(_SUBSETS) > 64:
        _SUBSETS.clear()
    _SUBSETS[(id(checklist), ids)] = (checklist, subset)
    return subset


def scan_laws(
    paths: Sequence[Path],
    checklists: Sequence[Checklist],
    options: ScanOptions,
    jobs: int = 1,
    progress: Callable[[LawResult], None] | None = None,
) -> list[LawResult]:
    """Each law's result, in the order given, using `jobs` processes; `progress` is called as each law ends."""
    with Scan(paths, options, jobs) as scan:
        return scan.results(checklists, progress)


class Scan:
    """A scan under way. With more than one job, its laws start being read as soon as it is made,
    so that the caller's own work before `results` (loading the checklists) overlaps the reading.

    Use it as a context manager: leaving it early (a checklist that does not load) stops the reading.
    """

    def __init__(self, paths: Sequence[Path], options: ScanOptions, jobs: int = 1) -> None:
        self.paths, self.options = list(paths), options
        workers = min(jobs, len(self.paths), os.cpu_count() or 1)
        self._workers = _WorkerScan(self.paths, options, workers) if workers > 1 else None

    def results(self, checklists: Sequence[Checklist], progress: Callable[[LawResult], None] | None = None) -> list[LawResult]:
        """Each law's result, in the order given; `progress` is called as each law ends."""
        results: list[LawResult | None] = [None] * len(self.paths)
        found = self._workers.results(checklists) if self._workers is not None else _in_one(self.paths, checklists, self.options)
        for index, result in found:
            results[index] = result
            if progress:
                progress(result)
        return [result for result in results if result is not None]

    def close(self) -> None:
        """Stop the worker processes (those still reading finish their law first)."""
        if self._workers is not None:
            self._workers.close()

    def __enter__(self) -> Scan:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _in_one(paths: Sequence[Path], checklists: Sequence[Checklist], options: ScanOptions) -> Iterator[tuple[int, LawResult]]:
    """(index in `paths`, result) of each law, read in one child process and assessed in this one."""
    # every law is read before spaCy is loaded: the process forked to read them is then small and quick to start
    read: dict[int, tuple[Law, str]] = {}
    # the laws read are thousands of objects each, without cycles: no collection need walk them as they come
    with Reader() as reader, collector.paused():  # one reading process for the batch, not one per law
        for index, path in enumerate(paths):
            outcome = read_one(path, options, reader=reader)
            if isinstance(outcome, LawResult):
                yield index, outcome
            else:
                read[index] = outcome
    with collector.paused():  # one collection after the last law, not one after each checklist of each law
        for index, (law, key) in read.items():
            yield index, assess_one(paths[index], law, key, checklists, options)
    _remember_phrases()


Task = tuple[Callable[..., Any], list[int], tuple[Any, ...]]  # (function, indexes of its laws, arguments)

# What a free worker is given first: laws to read (their language decides how the rest is grouped),
# then the laws of a language other than English together (one worker loads that pipeline: its start-up
# and its lemma tables take up to a second), then English laws one each; longest first within each, so none is
# left alone at the end.
_READ, _GROUP, _SINGLE = range(3)


class _WorkerScan:
    """The laws of a scan read and assessed in `workers` processes; what the cache holds is served here.

    One pool serves both stages: a worker that has nothing left to read starts assessing while the
    others still read, and a warm scan's workers load spaCy while this process is still looking
    through the cache. The laws not cached are given to the workers to read at once, before the
    checklists are known.
    """

    def __init__(self, paths: Sequence[Path], options: ScanOptions, workers: int) -> None:
        self.paths, self.options = paths, options
        self.pool = _Pool(workers, lambda index: _size(paths[index]))
        self.cached: list[tuple[int, Law, str]] = []
        try:
            for index in sorted(range(len(paths)), key=lambda i: -_size(paths[i])):
                law, key, digest = _cached_law(paths[index], options)
                if law is None:  # the worker need not hash the file and look in the cache again
                    if not self.pool.has(_READ):
                        _import_backend(options.backend)  # before the reading workers are forked: they inherit it
                    self.pool.add(_READ, (read_one, [index], (paths[index], options, (key, digest) if key else None)))
                else:
                    self.cached.append((index, law, key))
        except BaseException:
            self.close()
            raise

    def results(self, checklists: Sequence[Checklist]) -> Iterator[tuple[int, LawResult]]:
        """(index, result) of each law as it is done, in any order."""
        paths, options, pool = self.paths, self.options, self.pool
        pool.checklists = tuple(checklists)
        groups: dict[str, list[tuple[int, Law, str]]] = {}
        sent: dict[int, Law] = {}  # the laws given to workers to assess, by index

        def assess_later(index: int, law: Law, key: str) -> Iterator[tuple[int, LawResult]]:
            done = _cached_result(paths[index], law, key, checklists, options)
            if done is not None:
                yield index, done
            elif law.language == "en":
                sent[index] = law
                pool.add(_SINGLE, (_assess_in_worker, [index], ([(paths[index], law, key)], options)))
            else:
                groups.setdefault(law.language, []).append((index, law, key))

        try:
            if pool.has(_READ):
                _prepare_to_assess(checklists)  # while the laws are read: the workers that assess them inherit it
            for index, law, key in self.cached:
                yield from assess_later(index, law, key)
            while True:
                if not pool.has(_READ):  # every language is known: its laws go together
                    for group in groups.values():
                        sent.update((i, law) for i, law, _ in group)
                        pool.add(_GROUP, (_assess_in_worker, [i for i, _, _ in group], ([(paths[i], law, key) for i, law, key in group], options)))
                    groups.clear()
                finished = pool.next_finished()
                if finished is None:
                    return
                function, indexes, outcome = finished
                if outcome is None:  # its worker died
                    yield from ((i, _died(paths[i])) for i in indexes)
                elif function is not read_one:  # assessed: the findings come back, the laws are here
                    yield from ((i, dataclasses.replace(result, law=sent.pop(i))) for i, result in zip(indexes, outcome))
                elif isinstance(outcome, LawResult):  # why the law cannot be read
                    yield indexes[0], outcome
                else:
                    yield from assess_later(indexes[0], *outcome)
        finally:
            self.close()
            _remember_phrases()  # the lemmas of new wordings this process parsed to judge cached findings

    def close(self) -> None:
        self.pool.close()


class _Pool:
    """Worker processes given tasks by rank as they free up, no more at once than there are workers
    (so that a task added later but ranked higher still goes first), laws to read excepted.

    Reading and assessing have a pool of processes each. The reading pool starts at the first law to
    read, from this process while it is small; the assessing pool at the first law to assess, forked
    from this process once `_prepare_to_assess` has loaded spaCy and compiled the checklists here,
    while the laws were being read: each worker inherits them instead of building them again.

    The laws to read are handed to the reading pool all at once, and it gives each of its workers the
    next as it frees up. Handed out one per free worker, they waited for this process to hand out the
    next, and it is busy for a second loading the checklists and spaCy: the readers stood idle. When a
    worker dies, its pool fails every task it holds; each law to read among them is read once more,
    no more of those at once than there are workers, since one of them may be what killed it.
    """

    def __init__(self, workers: int, size: Callable[[int], int]) -> None:
        self.workers, self.size = workers, size
        self.checklists: tuple[Checklist, ...] = ()  # set before the first law to assess: reading needs none
        self.executors: dict[bool, ProcessPoolExecutor] = {}  # by whether it reads
        self.waiting: list[tuple[tuple[int, int, int], Task]] = []  # a heap, by (rank, longest first, order added)
        self.running: dict[Future[Any], tuple[int, Task, ProcessPoolExecutor]] = {}  # (rank, task, its pool)
        self.order = itertools.count()
        self.read_again: dict[int, Task] = {}  # by id: laws to read whose pool broke once

    def add(self, rank: int, task: Task) -> None:
        heapq.heappush(self.waiting, ((rank, -sum(map(self.size, task[1])), next(self.order)), task))
        self._fill()

    def has(self, rank: int) -> bool:
        """Whether a task of `rank` is waiting or running."""
        return any(key[0] == rank for key, _ in self.waiting) or any(entry[0] == rank for entry in self.running.values())

    def next_finished(self) -> tuple[Callable[..., Any], list[int], Any] | None:
        """(function, indexes, what it returned or None if its worker died) of the next task to end; None when all have."""
        while True:
            self._fill()
            if not self.running:
                return None
            future = next(iter(wait(self.running, return_when=FIRST_COMPLETED).done))
            rank, task, executor = self.running.pop(future)
            try:
                outcome = future.result()
                break
            except BrokenProcessPool:  # a worker died (OOM killer): a new pool takes the rest
                outcome = None  # the law's error
                self._discard(executor)
                if rank != _READ or id(task) in self.read_again:
                    break
                self.read_again[id(task)] = task  # one of all the laws to read its pool held: perhaps not the one that killed it
                self.add(rank, task)
        if rank == _READ and not self.has(_READ) and True in self.executors:
            self._discard(self.executors[True])  # every law is read: its processes are not needed any more
        self._fill()
        return task[0], task[1], outcome

    def _fill(self) -> None:
        while self.waiting and (len(self.running) < self.workers or self._queues(*self.waiting[0])):
            (rank, _, _), task = heapq.heappop(self.waiting)
            try:
                executor = self._executor(rank == _READ)
                future = executor.submit(task[0], *task[2])
            except BrokenProcessPool:  # it broke before a task of it said so
                self._discard(executor)
                executor = self._executor(rank == _READ)
                future = executor.submit(task[0], *task[2])
            self.running[future] = (rank, task, executor)

    def _queues(self, key: tuple[int, int, int], task: Task) -> bool:
        """Whether `task` may wait in its pool behind the tasks running: a law to read, behind other laws to read."""
        return key[0] == _READ and id(task) not in self.read_again and all(entry[0] == _READ for entry in self.running.values())

    def _executor(self, reads: bool) -> ProcessPoolExecutor:
        if reads not in self.executors:
            self.executors[reads] = ProcessPoolExecutor(max_workers=self.workers, initializer=_start_worker, initargs=(self.checklists,))
        return self.executors[reads]

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        for reads, known in list(self.executors.items()):
            if known is executor:
                del self.executors[reads]
                executor.shutdown(wait=False)

    def close(self) -> None:
        for executor in self.executors.values():
            executor.shutdown(cancel_futures=True)
        self.executors.clear()


def _prepare_to_assess(checklists: Sequence[Checklist]) -> None:
    """Load spaCy's English pipeline and compile `checklists` for it in this process (most laws are English)."""
    from gapcheck import concepts, nlp

    nlp.pipeline("en")
    for checklist in checklists:
        concepts.compiled(checklist, "en")


def _died(path: Path) -> LawResult:
    return LawResult(str(path), error="the process scanning it died (out of memory or killed)")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_WORKER_CHECKLISTS: tuple[Checklist, ...] = ()
_WORKER_READER: Reader | None = None  # in a worker: the process reading its laws, forked on its first law


def _start_worker(checklists: tuple[Checklist, ...]) -> None:
    """Keep the checklists in the worker process (spaCy is imported on the first law that needs matching)."""
    global _WORKER_CHECKLISTS, _WORKER_READER
    _WORKER_CHECKLISTS = checklists
    _WORKER_READER = Reader()


def _assess_in_worker(laws: list[tuple[Path, Law, str]], options: ScanOptions) -> list[LawResult]:
    """The findings of `laws`, without the laws themselves: the main process has them already."""
    with collector.paused():  # see _in_one
        results = [dataclasses.replace(assess_one(path, law, key, _WORKER_CHECKLISTS, options), law=None) for path, law, key in laws]
    _remember_phrases()
    return results


def merge_framework(results: Sequence[LawResult]) -> list[Finding]:
    """One finding per item across the laws of a framework: the best status wins."""
    by_item: dict[str, list[Finding]] = {}
    for result in results:
        for finding in result.findings:
            by_item.setdefault(finding.item, []).append(finding)
    merged = []
    for findings in by_item.values():
        ranked = sorted(findings, key=lambda f: (-_RANK[f.status], -f.confidence))
        best = ranked[0]
        evidence = tuple(e for f in ranked for e in f.evidence)
        merged.append(dataclasses.replace(best, evidence=evidence))
    return merged


def build_report(name: str, results: Sequence[LawResult], checklists: Sequence[Checklist], generated: str | None = None) -> Report:
    """The report of a framework from its laws' results."""
    laws = tuple(
        LawSummary(path=r.path, title=r.law.title, language=r.law.language, pages=r.law.pages, ocr_pages=r.law.ocr_pages)
        for r in results
        if r.law is not None
    )
    errors = tuple((r.path, r.error) for r in results if r.error is not None)
    findings = tuple(merge_framework([r for r in results if r.law is not None]))
    return Report(
        name=name,
        laws=laws,
        findings=findings,
        checklists=tuple(c.domain for c in checklists),
        generated=generated,
        errors=errors,
    )
