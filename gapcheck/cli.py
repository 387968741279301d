"""The command line: parses options, calls the stages, prints, sets the exit code.

Exit codes: 0 no gap at or above --fail-on, 1 gaps at or above it (or failed
checklist examples), 2 bad usage or bad input.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from gapcheck import __version__
from gapcheck.errors import GapcheckError


class GapcheckGroup(click.Group):
    """Turns gapcheck's own errors into one line on stderr and exit code 2, in one place."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except GapcheckError as error:
            click.echo(f"gapcheck: {error}", err=True)
            ctx.exit(2)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # a bug: one line for users, the traceback for maintainers and tests
            from gapcheck.isolation import DEBUG_VARIABLE, debugging

            if debugging():
                raise
            click.echo(f"gapcheck: internal error ({type(error).__name__}: {error}); please report it (set {DEBUG_VARIABLE}=1 for details)", err=True)
            ctx.exit(2)


@click.group(cls=GapcheckGroup)
@click.version_option(__version__, prog_name="gapcheck")
def main() -> None:
    """Audit national e-commerce laws against international checklists."""
    # gapcheck works in parallel through processes of its own (--jobs): numpy's BLAS threads would only wait
    # for a core, and starting them when numpy is imported costs each process about 0.08 s of CPU
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


@main.command()
@click.argument("laws", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--backend", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True, help="How words are read from the PDF.")
def extract(laws: tuple[Path, ...], fmt: str, backend: str) -> None:
    """Print the provisions of each LAW (a PDF) as text or JSON."""
    from gapcheck import pipeline
    from gapcheck.errors import LawError
    from gapcheck.isolation import Reader
    from gapcheck.scan import ScanOptions, read_law_cached

    failed = False
    with Reader() as reader:  # one reading process for all the laws, each under the default time and memory limits
        for path in laws:
            try:
                law = read_law_cached(path, ScanOptions(backend=backend), reader)
            except LawError as error:
                click.echo(f"gapcheck: {error}", err=True)
                failed = True
                continue
            click.echo(pipeline.law_as_json(law) if fmt == "json" else pipeline.law_as_text(law))
    if failed:
        sys.exit(2)


# --------------------------------------------------------------------------- checklists


@main.group()
def checklist() -> None:
    """Lint, test and read the checklists."""


def _checklist_paths(files: tuple[Path, ...]) -> list[Path]:
    from gapcheck.checklist.load import bundled_paths

    return list(files) or bundled_paths()


@checklist.command("lint")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def checklist_lint(files: tuple[Path, ...]) -> None:
    """Report every problem in the checklists as FILE:LINE:COL: ITEM: message."""
    from gapcheck.checklist.lint import catalogue_path, lint

    problems = lint(_checklist_paths(files), catalogue_path())
    for problem in problems:
        click.echo(str(problem))
    if problems:
        sys.exit(2)
    click.echo(f"{len(_checklist_paths(files))} checklist(s) clean", err=True)


@checklist.command("test")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def checklist_test(files: tuple[Path, ...]) -> None:
    """Run every item's examples through the matcher; exit 1 on any failure."""
    from gapcheck.checklist.load import load_checklists
    from gapcheck.checklist.selftest import run_examples

    passed = failed = 0
    for loaded in load_checklists(_checklist_paths(files)):
        for result in run_examples(loaded):
            if result.passed:
                passed += 1
            else:
                failed += 1
                click.echo(f"FAIL {loaded.domain} {result}")
    click.echo(f"{passed} passed, {failed} failed")
    if failed:
        sys.exit(1)


@checklist.command("list")
@click.option("--checklist", "-c", "specs", multiple=True, help="Domain name or checklist file (default: all).")
def checklist_list(specs: tuple[str, ...]) -> None:
    """List the items of the checklists."""
    from gapcheck.checklist.load import load_checklists

    for loaded in load_checklists(specs):
        click.echo(f"{loaded.domain}: {loaded.title} ({len(loaded.items)} items)")
        for item in loaded.items:
            click.echo(f"  {item.id:<7} {item.title}")


@checklist.command("show")
@click.argument("item_id")
def checklist_show(item_id: str) -> None:
    """Show one item: its question, references, explanation and recommendation."""
    from gapcheck.checklist.load import load_checklists
    from gapcheck.checklist.selftest import describe
    from gapcheck.errors import GapcheckError

    for loaded in load_checklists():
        for item in loaded.items:
            if item.id == item_id.upper():
                click.echo(describe(item))
                return
    raise GapcheckError(f"no item {item_id} in the checklists")


# --------------------------------------------------------------------------- scanning


def _report_formats() -> list[str]:
    from gapcheck.report import FORMATS

    return sorted(FORMATS)


def _generated_date() -> str | None:
    """The report date, only when asked for through SOURCE_DATE_EPOCH (reproducible builds)."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.strip().isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date().isoformat()


def _framework_name(laws: tuple[Path, ...]) -> str:
    """A report name from the laws: the law's own stem, or what the stems share."""
    import os

    stems = [law.stem for law in laws]
    if len(stems) == 1:
        return stems[0]
    shared = os.path.commonprefix(stems).rstrip("-_ .")
    return shared or "framework"


@main.command()
@click.argument("laws", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--checklist", "-c", "specs", multiple=True, help="Domain name or checklist file (repeatable; default: all four).")
@click.option("--format", "-f", "formats", multiple=True, help="Report format (repeatable): html, md, json, csv, junit, sarif. Default: html.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Report file (one format) or folder. Default: reports/NAME.EXT")
@click.option("--name", help="Report name (default: from the laws' file names).")
@click.option("--language", type=click.Choice(["auto", "en", "fr", "es", "pt"]), default="auto", show_default=True, help="Language of the laws.")
@click.option("--fail-on", type=click.Choice(["never", "missing", "partial"]), default="never", show_default=True, help="Exit 1 when an item is at or below this status.")
@click.option("--min-score", type=click.FloatRange(0, 100), help="Exit 1 when the overall score (0-100) is below this.")
@click.option("--peers", type=click.Path(file_okay=False, exists=True, path_type=Path), help="Folder of other countries' JSON reports (scan -f json); their evidence is quoted for each gap.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0, help="Laws scanned in parallel processes (default 0: one per CPU core).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Where parsed laws are cached (default: the user cache directory).")
@click.option("--no-cache", is_flag=True, help="Parse every law afresh and cache nothing.")
@click.option("--backend", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True, help="How words are read from the PDF.")
@click.option("--max-pages", type=click.IntRange(1), default=2000, show_default=True, help="Refuse a law longer than this.")
@click.option("--timeout", type=click.FloatRange(0), default=300, show_default=True, help="Seconds allowed to read one law (0: no limit).")
@click.option("--max-memory", type=click.IntRange(0), default=1024, show_default=True, help="Megabytes allowed to read one law (0: no limit).")
def scan(
    laws: tuple[Path, ...],
    specs: tuple[str, ...],
    formats: tuple[str, ...],
    output: Path | None,
    name: str | None,
    language: str,
    fail_on: str,
    min_score: float | None,
    peers: Path | None,
    jobs: int,
    cache_dir: Path | None,
    no_cache: bool,
    backend: str,
    max_pages: int,
    timeout: float,
    max_memory: int,
) -> None:
    """Scan LAWS (PDFs of one country) against the checklists and write a gap report."""
    from gapcheck import cache, scan as scanning  # not yet the checklists' and reports' modules: see below

    options = scanning.ScanOptions(
        backend=backend,
        language=None if language == "auto" else language,
        max_pages=max_pages,
        timeout=timeout,
        max_memory=max_memory,
        cache_dir=None if no_cache else (cache_dir or cache.default_dir()),
    )
    # the laws start being read in worker processes forked now, while this process is small; importing pydantic,
    # jinja2 and loading the checklists (a fifth of a second) then overlaps the reading
    with scanning.Scan(laws, options, jobs=jobs or os.cpu_count() or 1) as under_way:
        from gapcheck import report
        from gapcheck.checklist.load import load_checklists

        formats = formats or ("html",)
        unknown = [f for f in formats if f not in report.FORMATS]
        if unknown:
            raise click.BadParameter(f"{', '.join(unknown)} (choose from {', '.join(_report_formats())})", param_hint="--format")
        checklists = load_checklists(specs)
        peer_reports = report.load_peer_reports(peers) if peers is not None else []  # bad peers fail before any report
        with _progress(len(laws)) as advance:
            results = under_way.results(checklists, progress=advance)
    for result in results:
        if result.error:
            click.echo(f"gapcheck: {result.path}: {result.error}", err=True)
    built = scanning.build_report(name or _framework_name(laws), results, checklists, _generated_date())
    if not built.laws:
        sys.exit(2)
    items = {item.id: item for checklist_ in checklists for item in checklist_.items}
    for fmt, path in _report_targets(built.name, formats, output):
        text = report.render(built, fmt, items=items, peers=peer_reports, fail_on=fail_on)
        report.write_report(path, text, inputs=_scan_inputs(laws, specs, peers))
        click.echo(str(path))
    if built.errors:
        sys.exit(2)
    if report.fails(built, fail_on=fail_on, min_score=min_score):
        sys.exit(1)


def _scan_inputs(laws: tuple[Path, ...], specs: tuple[str, ...], peers: Path | None) -> list[Path]:
    """Every file the user gave a scan: laws, checklist files, peer reports; none may be overwritten."""
    from gapcheck.checklist.load import resolve

    inputs = [*laws, *(resolve(spec) for spec in specs)]
    if peers is not None:
        inputs += sorted(peers.glob("*.json"))
    return inputs


def _report_targets(name: str, formats: tuple[str, ...], output: Path | None) -> list[tuple[str, Path]]:
    """Where each format's report goes: --output itself for one format, else FOLDER/NAME.EXT."""
    from gapcheck.report import FORMATS

    if output is not None and not output.is_dir() and len(formats) == 1:
        return [(formats[0], output)]
    folder = output if output is not None else Path("reports")
    return [(fmt, folder / f"{name}.{FORMATS[fmt].extension}") for fmt in formats]


class _progress:
    """A progress bar on stderr for scans of several laws, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.bar = None
        if total > 1 and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="Scanning", file=sys.stderr)

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.bar is not None:
            self.bar.__enter__()
        return self.advance

    def advance(self, result: object) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
@main.command("eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder of gold annotations.")
@click.option("--corpus", "corpus_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder of the laws the gold files name.")
@click.option("--checklist", "-c", "specs", multiple=True, help="Domain name or checklist file (default: all).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Cache of parsed laws (default: none).")
def eval_command(gold_dir: Path, corpus_dir: Path, specs: tuple[str, ...], fmt: str, cache_dir: Path | None) -> None:
    """Compare findings on annotated laws with their gold annotations."""
    from gapcheck import evaluate
    from gapcheck.checklist.load import load_checklists

    rows = evaluate.run(gold_dir, corpus_dir, load_checklists(specs), cache_dir)
    results = evaluate.summaries(rows)
    click.echo(evaluate.render_json(results, rows) if fmt == "json" else evaluate.render_text(results, rows), nl=False)


# --------------------------------------------------------------------------- comparing reports


def _write_or_print(text: str, output: Path | None, inputs: tuple[Path, ...]) -> None:
    """The report to --output (atomically, never over an input), or to stdout."""
    from gapcheck.output import write_report

    if output is None:
        click.echo(text, nl=False)
        return
    write_report(output, text, inputs=inputs)
    click.echo(str(output))


@main.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["html", "csv"]), default="html", show_default=True, help="A heatmap page, or a CSV matrix.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: standard output).")
def compare(reports: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Compare countries: REPORTS (JSON, from `scan -f json`) side by side, item by item."""
    from gapcheck.report import load_report_json
    from gapcheck.report.compare import render_compare

    text = render_compare([load_report_json(path) for path in reports], fmt)
    _write_or_print(text, output, reports)


@main.command()
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True)
@click.option("--exit-code", is_flag=True, help="Exit 1 when an item changed (as `git diff --exit-code`).")
def diff(old: Path, new: Path, fmt: str, exit_code: bool) -> None:
    """Items whose status or evidence changed between two JSON reports, OLD and NEW."""
    from gapcheck.report import load_report_json
    from gapcheck.report.diff import diff_reports, render_diff

    before, after = load_report_json(old), load_report_json(new)
    click.echo(render_diff(before, after, fmt), nl=False)
    if exit_code and diff_reports(before, after):
        sys.exit(1)
