"""Scanning a framework: read each law (cached, in parallel), assess it, merge the findings.

Several laws of one country form a framework: an item is met if any law meets
it, and evidence names the law it quotes.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from gapcheck.cache import LawCache, file_hash
from gapcheck.checklist.schema import Checklist
from gapcheck.errors import LawError
from gapcheck.isolation import DEFAULT_MEMORY_MB, call_limited
from gapcheck.models import Finding, Law, LawSummary, Report, Status

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


def read_law_cached(path: Path, options: ScanOptions) -> Law:
    """Read a law, from the cache when its content and the parser are unchanged."""
    from gapcheck import pipeline

    cache = LawCache(options.cache_dir, pipeline.parser_version()) if options.cache_dir else None
    key = ""
    if cache is not None and path.is_file():
        parse_options = {"backend": options.backend, "language": options.language, "max_pages": options.max_pages}
        key = cache.key(file_hash(path), parse_options)
        cached = cache.get(key)
        if cached is not None:
            return dataclasses.replace(cached, source=str(path))
    law = call_limited(
        path,
        functools.partial(pipeline.read_law, path, backend=options.backend, language=options.language, max_pages=options.max_pages),
        options.timeout,
        options.max_memory,
    )
    if cache is not None and key:
        cache.put(key, law)
    return law


def scan_one(path: Path, checklists: Sequence[Checklist], options: ScanOptions) -> LawResult:
    """Read and assess one law; errors become part of the result, never an exception."""
    from gapcheck.match import assess

    try:
        law = read_law_cached(path, options)
    except LawError as error:
        return LawResult(str(path), error=error.problem)
    findings: list[Finding] = []
    for checklist in checklists:
        findings.extend(assess([law], checklist))
    return LawResult(str(path), law=law, findings=tuple(findings))


def scan_laws(
    paths: Sequence[Path],
    checklists: Sequence[Checklist],
    options: ScanOptions,
    jobs: int = 1,
    progress: Callable[[LawResult], None] | None = None,
) -> list[LawResult]:
    """Each law's result, in the order given, using `jobs` processes."""
    results = []
    for result in _results(paths, checklists, options, jobs):
        results.append(result)
        if progress:
            progress(result)
    return results


def _results(paths: Sequence[Path], checklists: Sequence[Checklist], options: ScanOptions, jobs: int) -> Iterator[LawResult]:
    if jobs <= 1 or len(paths) <= 1:
        yield from (scan_one(path, checklists, options) for path in paths)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths), os.cpu_count() or 1)) as pool:
        futures = [pool.submit(scan_one, path, checklists, options) for path in paths]
        for path, future in zip(paths, futures):
            try:
                yield future.result()
            except BrokenProcessPool:  # a worker was killed (OOM killer): the laws not yet done become errors, the report is still written
                yield LawResult(str(path), error="the process scanning it died (out of memory or killed)")


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
