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
