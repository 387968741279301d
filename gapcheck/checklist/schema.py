"""The checklist schema, declared once.

Checklists are YAML files edited by lawyers and trainers. Every key they may
use is declared here with its description; unknown keys are rejected. The JSON
Schema committed as `checklists/schema.json` is generated from these models
(`python -m gapcheck.checklist.schema > checklists/schema.json`).

How an item is matched (see `gapcheck.match`):

* A *concept* is something a provision must express, given as *terms*: phrases
  in each language, compared on lemmas ("notifies" matches "notify"). A term
  may end a word with `*` to match any ending ("notif*" matches "notify",
  "notified", "notification"). No raw regular expressions.
* `require` lists what must all be found inside one *unit* (`scope`: the
  whole top-level provision, one subsection, or one sentence): concept names,
  or groups `{any: [...]}` (one of them) and `{at_least: N, of: [...]}`.
* `partial` lists weaker combinations: if `require` is not satisfied but one
  of these is, the finding is `partial`.
* `quantity` extracts a duration or amount near the concepts and compares it
  with the benchmark; a weaker value, or none where the benchmark sets one,
  makes a finding that would be `met` into `partial`.
* Hits in a definition alone, a heading alone, in a sentence that only
  empowers someone to make regulations, or in a provision that disapplies or
  repeals, do not count (unless the item says `definitions: count`).
"""

from __future__ import annotations

import json
import sys
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

LANGUAGES = ("en", "fr", "es", "pt")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Terms(Strict):
    """The wordings of a concept in each supported language."""

    en: list[str] = Field(default_factory=list, description="English terms (phrases, compared on lemmas; `word*` matches any ending)")
    fr: list[str] = Field(default_factory=list, description="French terms")
    es: list[str] = Field(default_factory=list, description="Spanish terms")
    pt: list[str] = Field(default_factory=list, description="Portuguese terms")


class AnyOf(Strict):
    """At least one of these concepts must be present."""

    any: list[str] = Field(min_length=1, description="Concept names, one of which must be found")


class AtLeast(Strict):
    """At least N of these concepts must be present."""

    at_least: int = Field(ge=1, description="How many of `of` must be found")
    of: list[str] = Field(min_length=1, description="Concept names")


Requirement = Union[str, AnyOf, AtLeast]


class Quantity(Strict):
    """A quantity to extract from the evidence and compare with the benchmark."""

    kind: Literal["duration", "money"] = Field(description="What to extract: a duration (hours, days, months) or an amount of money")
    max: float | None = Field(default=None, description="The benchmark is met by a value at most this (e.g. a deadline of 72 hours)")
    min: float | None = Field(default=None, description="The benchmark is met by a value at least this (e.g. a cooling-off period of 14 days)")
    unit: Literal["hours", "days", "months", "years"] | None = Field(default=None, description="Unit of `max`/`min` for durations")
    near: list[str] = Field(default_factory=list, description="Concepts the quantity must stand in the same sentence with (default: any required concept)")
    if_absent: Literal["partial", "met"] = Field(default="partial", description="Status when the concepts are all present but no quantity is found")


class Example(Strict):
    """A sentence the matcher is tested on: `gapcheck checklist test`."""

    text: str = Field(min_length=1, description="A sentence or short provision, written for this checklist (never copied from a law)")
    expect: Literal["met", "partial", "missing"] = Field(description="The status the matcher must give when this is the whole law")
    lang: Literal["en", "fr", "es", "pt"] = Field(default="en", description="Language of the text")


class Item(Strict):
    """One checklist item: what an auditor asks of a law, and how to recognise the answer."""

    id: str = Field(pattern=r"^[A-Z]{2,3}-\d{2,3}[A-Z]?$", description="Stable identifier, e.g. DP-22 (the catalogue's id)")
    title: str = Field(min_length=1, description="Short name")
    ask: str = Field(min_length=1, description="The question an auditor asks of a national law")
    refs: list[str] = Field(min_length=1, description="International instruments and articles that set the standard")
    benchmark: str | None = Field(default=None, description="Where the reference sets a number, the number, in words")
    explanation: str = Field(min_length=1, description="Why the item matters, in plain language, for trainers")
    recommendation: str = Field(min_length=1, description="What a law that lacks it should say, with model wording, for advisers")
    scope: Literal["provision", "subsection", "sentence"] = Field(default="provision", description="The unit within which all required concepts must be found together")
    concepts: dict[str, Terms] = Field(default_factory=dict, description="Concepts of this item (names may also refer to the checklist's shared concepts)")
    require: list[Requirement] = Field(min_length=1, description="What must all be found in one unit for `met`")
    partial: list[list[Requirement]] = Field(default_factory=list, description="Weaker combinations, each of which makes the finding `partial`")
    exclude: Terms = Field(default_factory=Terms, description="Wordings that disqualify a sentence as evidence for this item")
    quantity: Quantity | None = Field(default=None, description="A quantity to compare with the benchmark")
    definitions: Literal["ignore", "count"] = Field(default="ignore", description="Whether hits inside definitions of terms count as evidence (only for items about definitions)")
    examples: list[Example] = Field(default_factory=list, description="Sentences that must and must not match")


class Checklist(Strict):
    """One checklist file: a domain's items and the concepts they share."""

    domain: str = Field(pattern=r"^[a-z][a-z-]*$", description="Domain id, e.g. data-protection")
    title: str = Field(description="Domain name for people")
    version: int = Field(default=1, ge=1, description="Bumped when the checklist changes in a way that changes findings")
    concepts: dict[str, Terms] = Field(default_factory=dict, description="Concepts shared by the items of this checklist")
    items: list[Item] = Field(min_length=1, description="The items")

    @field_validator("items")
    @classmethod
    def _unique_ids(cls, items: list[Item]) -> list[Item]:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"duplicate item id {item.id}")
            seen.add(item.id)
        return items


def json_schema() -> str:
    """The JSON Schema of a checklist file, as committed in checklists/schema.json."""
    return json.dumps(Checklist.model_json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(json_schema())
