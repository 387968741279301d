"""The command line: parses options, calls the stages, prints, sets the exit code.

Exit codes: 0 no gap at or above --fail-on, 1 gaps at or above it (or failed
checklist examples), 2 bad usage or bad input.
"""

from __future__ import annotations

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


@click.group(cls=GapcheckGroup)
@click.version_option(__version__, prog_name="gapcheck")
def main() -> None:
    """Audit national e-commerce laws against international checklists."""


@main.command()
@click.argument("laws", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--backend", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True, help="How words are read from the PDF.")
def extract(laws: tuple[Path, ...], fmt: str, backend: str) -> None:
    """Print the provisions of each LAW (a PDF) as text or JSON."""
    from gapcheck import pipeline
    from gapcheck.errors import LawError

    failed = False
    for path in laws:
        try:
            law = pipeline.read_law(path, backend=backend)
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
