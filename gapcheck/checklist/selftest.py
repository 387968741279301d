"""`gapcheck checklist test`: every item's examples through the real matcher.

Each example is read as a one-section law of its language; the matcher must
give the status the example expects (like Semgrep's rule tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from gapcheck.checklist.schema import Checklist, Example, Item
from gapcheck.models import Law, Provision, Status


@dataclass(frozen=True)
class ExampleResult:
    """How one example fared."""

    checklist: str
    item: str
    example: Example
    got: Status

    @property
    def passed(self) -> bool:
        return self.got.value == self.example.expect

    def __str__(self) -> str:
        return f"{self.item}: expected {self.example.expect}, got {self.got} [{self.example.lang}]: {self.example.text}"


def example_law(example: Example, number: int) -> Law:
    """A law whose only section is the example's text."""
    section = Provision(number="1", kind="section", text=example.text, page=1, end_page=1, pages=((0, 1),))
    return Law(source=f"example-{number}", pages=1, language=example.lang, title="Example", provisions=[section])


def run_examples(checklist: Checklist) -> Iterator[ExampleResult]:
    """Every example of every item of the checklist, matched alone against its item."""
    from gapcheck.match import assess

    for item in checklist.items:
        single = checklist.model_copy(update={"items": [item]})
        for number, example in enumerate(item.examples):
            finding = assess([example_law(example, number)], single)[0]
            yield ExampleResult(checklist.domain, item.id, example, finding.status)


def describe(item: Item) -> str:
    """An item as a trainer reads it at a terminal."""
    lines = [f"{item.id}  {item.title}", "", f"Question:   {item.ask}", f"References: {'; '.join(item.refs)}"]
    if item.benchmark:
        lines.append(f"Benchmark:  {item.benchmark}")
    lines += ["", "Why it matters", _indent(item.explanation), "", "Recommendation", _indent(item.recommendation)]
    return "\n".join(lines)


def _indent(text: str) -> str:
    import textwrap

    return textwrap.fill(" ".join(text.split()), width=78, initial_indent="  ", subsequent_indent="  ")
