"""The one place that builds the Jinja2 environment for the HTML reports."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from gapcheck.report.text import highlight, one_line

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Jinja2 with autoescaping on and undefined names as errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["highlight"] = highlight
    env.filters["one_line"] = one_line
    env.globals["asset"] = asset
    env.globals["csp_hash"] = csp_hash
    return env


def asset(name: str) -> Markup:
    """A CSS or JS file from the templates folder, inlined as is (it is ours, not user text)."""
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


def csp_hash(name: str) -> Markup:
    """The Content-Security-Policy hash of an inlined script, so that no other script can run."""
    digest = hashlib.sha256(asset(name).encode("utf-8")).digest()
    # Base64 and quotes only: safe to write into the attribute as is.
    return Markup("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")


def render_template(name: str, **context: object) -> str:
    """Render the template `name` with `context`."""
    return environment().get_template(name).render(**context)
