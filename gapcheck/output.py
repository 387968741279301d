"""Writing reports to disk safely.

A report is written to a temporary file beside its destination and moved into
place with `os.replace`, which is atomic on one file system: a reader sees the
old report or the new one, never half of one, and an interrupted run leaves
the previous report as it was. A report is never written over a file the user
gave as input (a law, a checklist, a JSON report being compared).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gapcheck.errors import OutputError


def write_report(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """Write `text` (UTF-8) to `path` atomically, refusing to overwrite any of `inputs`."""
    path = Path(path)
    refuse_inputs(path, inputs)
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name for the report")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot create the folder {folder}: {_why(error)}") from None
    temporary = _write_temporary(path, text)
    try:
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write the report: {_why(error)}") from None


def refuse_inputs(path: Path, inputs: Iterable[Path]) -> None:
    """OutputError if `path` is (or links to) one of `inputs`."""
    target = Path(path).resolve()
    for given in inputs:
        if Path(given).resolve() == target or _same_file(Path(given), Path(path)):
            raise OutputError(f"{path}: is one of the input files; refusing to overwrite it with the report")


def _same_file(a: Path, b: Path) -> bool:
    # Hard links and bind mounts resolve to different paths but are the same file.
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_temporary(path: Path, text: str) -> Path:
    try:
        handle = tempfile.NamedTemporaryFile(
            # errors="replace": a lone surrogate from a damaged text layer has no UTF-8 form; it becomes '?'
            "w", encoding="utf-8", errors="replace", newline="", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise OutputError(f"{path}: cannot write in {path.parent}: {_why(error)}") from None
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write the report: {_why(error)}") from None
        raise
    return temporary


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _why(error: OSError) -> str:
    return error.strerror or str(error)
