"""Shared fixtures: where the repository and the shared material are."""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """../shared beside the repository (or GAPCHECK_SHARED), if present."""
    override = os.environ.get("GAPCHECK_SHARED")
    path = Path(override) if override else ROOT.parent / "shared"
    return path if (path / "corpus").is_dir() else None


@pytest.fixture
def shared() -> Path:
    """The shared material; tests that need it skip cleanly without it."""
    path = shared_dir()
    if path is None:
        pytest.skip("../shared (real laws, gold annotations) is not present")
    return path


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small two-page act drawn with reportlab (tests/lawpdf.py)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from lawpdf import sample_law

    return sample_law(tmp_path_factory.mktemp("law") / "sample.pdf")


@lru_cache(maxsize=1)
def corpus_builder() -> ModuleType:
    """corpus/build.py, the builder and parser of the sample laws' sources (not a package)."""
    spec = importlib.util.spec_from_file_location("corpus_build", ROOT / "corpus" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module
