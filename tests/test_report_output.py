"""Atomic report writing that never overwrites an input."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gapcheck import output
from gapcheck.errors import GapcheckError, OutputError
from gapcheck.output import write_report


def test_report_output_writes_text(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "ardenia.html"
    write_report(path, "<p>é</p>\r\n")
    assert path.read_bytes() == "<p>é</p>\r\n".encode()
    assert list(path.parent.iterdir()) == [path]


def test_report_output_replaces_previous_report(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old")
    write_report(path, "new")
    assert path.read_text() == "new"


def test_report_output_mode_follows_umask(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    write_report(path, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink"])
def test_report_output_refuses_to_overwrite_an_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    law = tmp_path / "law.pdf"
    law.write_bytes(b"%PDF-1.7")
    target = {"same": law, "relative": Path("law.pdf"), "symlink": tmp_path / "link.pdf", "hardlink": tmp_path / "hard.pdf"}[how]
    monkeypatch.chdir(tmp_path)
    if how == "symlink":
        target.symlink_to(law)
    if how == "hardlink":
        os.link(law, target)
    with pytest.raises(OutputError, match="is one of the input files"):
        write_report(target, "report", inputs=[law])
    assert law.read_bytes() == b"%PDF-1.7"


def test_report_output_unwritable_directory(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root ignores permissions; /proc refuses new files to anyone
        folder = Path("/proc/self")
    if not os.path.isdir(folder) or os.access(folder / "x", os.F_OK):
        pytest.skip("no folder this user cannot write to")
    with pytest.raises(OutputError, match="cannot write"):
        write_report(folder / "r.html", "x")


def test_report_output_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="cannot create the folder"):
        write_report(tmp_path / "file" / "r.html", "x")


def test_report_output_target_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_report(tmp_path, "x")
    assert issubclass(OutputError, GapcheckError)


def test_report_output_interrupted_write_keeps_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.html"
    path.write_text("previous")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_report(path, "new")
    assert path.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_report_output_failed_replace_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.html"

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.os, "replace", refuse)
    with pytest.raises(OutputError, match="r.html: cannot write the report: Permission denied"):
        write_report(path, "new")
    assert list(tmp_path.iterdir()) == []
