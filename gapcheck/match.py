"""Checklist items against laws: `assess(laws, checklist) -> list[Finding]`.

For each item and each law, every *unit* of the item's scope (a top-level
provision, a subsection, a sentence) is graded by the item's concepts found in
it: `require` all satisfied -> met; only a `partial` combination (or `require`
satisfied only in a sentence that empowers someone to make regulations) ->
partial. Hits that are not evidence on their own are dropped first: inside a
definition (unless `definitions: count`), in a sentence that disapplies or
repeals (unless the item's own terms are that wording, as for exemptions), in
a sentence with one of the item's `exclude` wordings.

A provision's heading never satisfies an item by itself. It may supply at
most one missing requirement to a unit whose own text already satisfies
another one (a section headed "Notification of a personal data breach" whose
body says "shall notify the Commission within 72 hours"), and it raises the
ranking and the confidence of the evidence.

A schedule supports at most (`partial`): forms and penalty tables restate what the
law's sections decide. Purpose, objects and declaration-of-policy sections are
no evidence at all.

The best unit of each provision becomes one Evidence, best first; a `met`
is downgraded to `partial` when its quantity is weaker than the benchmark or
absent (`if_absent: partial`). Several laws form a framework: the best law wins.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter
from typing import NamedTuple, Sequence

from gapcheck import collector, nlp, quantities
from gapcheck.checklist.schema import AnyOf, AtLeast, Checklist, Item, Requirement
from gapcheck.concepts import EXCLUDE, SHARED, Block, Compiled, LawText, Place, compiled, read
from gapcheck.models import BenchmarkCheck, Evidence, Finding, Law, Provision, Status

MAX_EVIDENCE = 5
MAX_QUOTE = 500
MET, PARTIAL, NONE = 2, 1, 0
WINDOW_STEP = 250  # closeness is compared in steps of this many characters


class Hit(NamedTuple):
    """A concept's wording found in a block (a tuple: millions are made in a scan)."""

    key: str
    start: int
    end: int
    text: str
    defined: bool = False  # found through one of the law's defined terms
    name: str = ""  # the concept's name (its key without the item or shared prefix)
    place: Place | None = None  # where it stands in its block


@dataclass
class Candidate:
    """One unit graded for one item."""

    block: Block
    start: int
    end: int
    level: int
    satisfied: int  # requirements of `require` satisfied
    hits: list[Hit]
    names: set[str]
    heading_names: set[str]
    heading_filled: bool = False
    weak: bool = False  # only in a sentence empowering regulations
    benchmark: BenchmarkCheck | None = None
    quantity_span: tuple[int, int] | None = None
    together: int = 0  # most requirements satisfied inside one sentence of the unit
    window: int = 0  # characters of the shortest stretch holding every required concept found
    defined: int = 0  # concepts found in definitions (ranks items about definitions)

    def rank(self) -> tuple:
        """Better evidence first: status, the law's own provisions over schedules and amendments of other
        laws, more than a power to make regulations, own text over heading, requirements satisfied, how close together, heading support, concepts,
        distinct wordings, earlier provision."""
        return (self.level, not self.block.amending, not self.weak, not self.heading_filled, self.defined, self.satisfied,
                self.together, len(self.heading_names), -(self.window // WINDOW_STEP), len(self.names),
                self.wordings, -self.block.order)

    @cached_property
    def wordings(self) -> int:
        """How many distinct wordings (case aside) its hits are (asked by every ranking: its hits never change)."""
        return len({h.text.lower() for h in self.hits})


@dataclass
class LawResult:
    law: Law
    plan: _Plan
    hits: LawHits
    candidates: list[Candidate] = field(default_factory=list)
    present: dict[int, int] = field(default_factory=dict)  # `_present(plan, hits)`, as grading worked it out

    def seen(self) -> set[str]:
        """The concept names found anywhere as evidence (asked only of missing items, so not kept)."""
        plan, found, seen_bits = self.plan, set(), 0
        blocks = read(self.law).blocks
        # The names seen are the same in any order: blocks holding more of the item's concepts first leave
        # fewer blocks with anything new to see.
        for order, bits in sorted(self.present.items(), key=lambda entry: (-entry[1].bit_count(), entry[0])):
            if blocks[order].restating or not bits & ~seen_bits:
                continue  # nothing new to see here
            block_hits = self.hits.by_block[order]
            mine = [h for key in plan.keys for h in block_hits.get(key)]
            found.update(h.name for h in _valid_hits(plan.item, blocks[order], mine, block_hits.get(plan.exclude_key)))
            seen_bits = sum(bit for key, bit in plan.bits.items() if plan.keys[key] in found)
        return found


# --------------------------------------------------------------------------- public


def assess(laws: Sequence[Law], checklist: Checklist) -> list[Finding]:
    """One Finding per item of `checklist`, in item order, for the framework formed by `laws`."""
    with collector.paused():
        return _assess(laws, checklist)  # its hits are freed before the collector resumes, not walked by it


def _assess(laws: Sequence[Law], checklist: Checklist) -> list[Finding]:
    prepared = [(law, _law_hits(law, checklist)) for law in laws]
    findings = []
    for item in checklist.items:
        plan = _plan(item)
        findings.append(_finding(item, checklist, [_judge(plan, law, hits) for law, hits in prepared]))
    return findings


def assess_text(text: str, checklist_item: Item, language: str = "en", checklist: Checklist | None = None) -> Finding:
    """The Finding of one item when `text` is the whole law (for checklist examples)."""
    from gapcheck.checklist.schema import Checklist as ChecklistModel

    shared = checklist.concepts if checklist is not None else {}
    domain = checklist.domain if checklist is not None else "example"
    one = ChecklistModel(domain=domain, title=domain, concepts=shared, items=[checklist_item])
    law = Law(source="<example>", pages=1, language=language, title="example",
              provisions=[Provision(number="1", kind="section", text=text, page=1, end_page=1)])
    return assess([law], one)[0]


# --------------------------------------------------------------------------- hits


class BlockHits:
    """The concept hits of one checklist in one block, by matcher key. Kept as token ranges, and made into
    Hits only for the keys grading asks about: most blocks hold too few of an item's concepts to be graded."""

    __slots__ = ("block", "names", "ranges", "heading", "_made")

    def __init__(self, block: Block, names: dict[str, str], heading: set[str], ranges: dict[str, list[tuple]]) -> None:
        self.block = block
        self.names = names  # matcher key -> concept name
        self.ranges = ranges  # key -> (key hash, first token, end token) or, through a defined term, (0, first, end, True)
        self.heading = heading  # keys found in the block's heading
        self._made: dict[str, list[Hit]] = {}

    def get(self, key: str) -> list[Hit]:
        """The hits of `key`, in order (none: an empty list)."""
        made = self._made.get(key)
        if made is None:
            ranges = self.ranges.get(key)
            if ranges is None:
                return []
            made = self._made[key] = self._make(key, ranges)
        return made

    def add_defined(self, wordings: list[tuple[int, int, str]]) -> None:
        """Wordings found through the law's defined terms: (first token, end token, key) each, each key's in order
        (a loop of its own: tens of thousands of them in a corpus, a method call each cost more than the adding)."""
        ranges, made = self.ranges, self._made
        for start, end, key in wordings:
            known = ranges.get(key)
            if known is None:
                known = ranges[key] = []
            known.append((0, start, end, True))
            made.pop(key, None)

    def _make(self, key: str, ranges: list[tuple]) -> list[Hit]:
        block = self.block
        starts, ends = block.spans
        text, place = block.flat_text, block.place
        name = self.names.get(key) or _key_name(key)
        known = block.places  # where each offset stands, asked of `place` only the first time
        hits = []
        for entry in ranges:
            first, last = starts[entry[1]], ends[entry[2] - 1]
            # tuple.__new__ spares the namedtuple's Python-level constructor: tens of thousands of hits a law
            hits.append(_new_hit(Hit, (key, first, last, text[first:last], len(entry) > 3, name, known.get(first) or place(first))))
        return hits


_new_hit = tuple.__new__


@dataclass
class LawHits:
    """Every concept hit of a checklist in a law: by block order, and where each key is found."""

    matcher: Compiled
    by_block: dict[int, BlockHits]
    blocks_of: dict[str, list[int]] = field(default_factory=dict)  # matcher key -> orders of blocks with hits of it
    headed: dict[str, list[int]] = field(default_factory=dict)  # matcher key -> orders of blocks whose heading holds it


def _law_hits(law: Law, checklist: Checklist) -> LawHits:
    """Every concept hit of `checklist` in `law`."""
    text = read(law)
    matcher = compiled(checklist, _language(law))
    found = {block.order: _block_hits(block, matcher, text) for block in text.blocks}
    _add_defined_terms(law, text, found)
    result = LawHits(matcher, found)
    for order, block_hits in found.items():
        for key in block_hits.ranges:
            result.blocks_of.setdefault(key, []).append(order)
        for key in block_hits.heading:
            result.headed.setdefault(key, []).append(order)
    return result


def _language(law: Law) -> str:
    """The law's language if a pipeline reads it, else English (never fails on an unknown code)."""
    return law.language if law.language in nlp.LANGUAGES else "en"


def _block_hits(block: Block, matcher: Compiled, text: LawText) -> BlockHits:
    heading = matcher.keys_in(block.heading_doc, text) if block.heading_doc is not None else set()
    return BlockHits(block, matcher.names, heading, matcher.by_key(block.doc, text))


_NAMES: dict[str, str] = {}


def _key_name(key: str) -> str:
    """The concept name of a matcher key ("@authority", "DP-22/breach")."""
    name = _NAMES.get(key)
    if name is None:
        name = _NAMES[key] = key[len(SHARED):] if key.startswith(SHARED) else key.split("/", 1)[1]
        if len(_NAMES) > 100_000:  # checklists edited in a long-lived process
            _NAMES.clear()
    return name


def _add_defined_terms(law: Law, text: LawText, found: dict[int, BlockHits]) -> None:
    """A defined term carries the concepts its definition expresses: "data controller" means "a public or
    private body which..." makes each later "data controller" a wording of the concepts public and private."""
    extra: list[tuple[str, list[str]]] = []
    blocks = {block.number: block for block in text.blocks}
    indexes: dict[int, _HitIndex] = {}
    for definition in law.definitions:
        block = blocks.get(definition.provision)
        start = block.text.find(definition.text) if block is not None and definition.text else -1
        if block is None or start < 0:
            continue
        if block.order not in indexes:
            indexes[block.order] = _index(found[block.order])
        keys = _definition_concepts(indexes[block.order], definition.term, definition.text, start)
        if keys:
            extra.append((definition.term, keys))
    if not extra:
        return
    wordings = text.term_wordings([term for term, _ in extra])
    added: dict[int, list[tuple[int, int, str]]] = {}  # block order -> (first token, end token, key)
    for term, keys in extra:
        for order, start, end in wordings.get(term, ()):
            added.setdefault(order, []).extend((start, end, key) for key in keys)
    for order, entries in added.items():
        found[order].add_defined(sorted(entries, key=_span))  # each key's wordings in order of where they stand


_span = itemgetter(0, 1)


# The verb joining a defined term to its meaning ("means", "désigne", "se entiende por", a colon).
_DEFINING = re.compile(
    r"\b(?:shall\s+mean|means|mean|refers\s+to|is\s+defined\s+as|d[ée]signe(?:nt)?|s['’]entend(?:ent)?(?:\s+(?:de|du|des|d['’]))?"
    r"|se\s+entiende(?:n)?\s+por|significa|designa|entende-se\s+por)\b|:",
    re.IGNORECASE,
)
# Where the head noun phrase of a meaning ends: punctuation, a relative clause, a participle or a reference
# ("the Data Protection Commission established under section 5", "a natural person who ...").
_HEAD_END = re.compile(
    r"[,;:()\[\]]|\s[-–—]\s|\b(?:who|which|that|whose|whom|where|when|in\s+which|by\s+which|to\s+which|to\s+whom"
    r"|established|appointed|designated|constituted|created|referred|set\s+up|mentioned|specified|described"
    r"|under|pursuant|in\s+accordance|within\s+the\s+meaning|as\s+defined|for\s+the\s+purposes?"
    r"|qui|que|qu['’]|dont|où|lequel|laquelle|lesquels|lesquelles|institu[ée]e?s?|cr[ée]{2}e?s?|vis[ée]e?s?"
    r"|pr[ée]vue?s?|d[ée]sign[ée]e?s?|en\s+vertu|conform[ée]ment|au\s+sens|cuy[oa]s?|establecid[oa]s?)\b",
    re.IGNORECASE,
)
MAX_HEAD = 100


class _Wording(NamedTuple):
    """Where a concept is worded in a block, for reading its definitions (no Hit: most are never graded)."""

    start: int
    end: int
    key: str
    own: bool  # a wording of the text's own (not the heading's, not an exclusion)


_HitIndex = tuple[list[int], list[_Wording]]  # starts, wordings by start


def _index(hits: BlockHits) -> _HitIndex:
    """The wordings of a block ordered by where they start; the heading's count as at 0. (Ties stand in no
    particular order: `_definition_concepts` takes every wording of a stretch and keeps their keys as a set.)"""
    starts, ends = hits.block.spans
    entries: list[_Wording] = []
    for key, ranges in hits.ranges.items():
        own = not key.endswith(EXCLUDE)
        # tuple.__new__ spares the namedtuple's Python-level constructor: a definitions section holds thousands
        entries += [_new_hit(_Wording, (starts[entry[1]], ends[entry[2] - 1], key, own)) for entry in ranges]
    entries += [_Wording(0, 0, key, False) for key in hits.heading]
    entries.sort(key=lambda entry: entry.start)
    return [entry.start for entry in entries], entries


def _definition_concepts(index: _HitIndex, term: str, definition: str, start: int) -> list[str]:
    """The concepts the head of a definition expresses: the noun phrase right after "means" and before the
    first relative clause or comma ("Commission" means the Data Protection Commission established under
    section 5 -> the authority concept). A defined term carries identity only: the verbs and qualities
    of the rest of the definition ("automated", "established", "goods") are not what the term stands for."""
    head_start, head_end = _definition_head(term, definition)
    if head_end <= head_start:
        return []
    head_start, head_end = start + head_start, start + head_end
    starts, entries = index
    inside = [w for w in entries[bisect_left(starts, head_start):bisect_left(starts, head_end)] if w.own and w.end <= head_end]
    term_end = _term_end(term, definition)
    term_keys = {w.key for w in entries[bisect_left(starts, start):bisect_left(starts, start + term_end)]}
    return list(dict.fromkeys(w.key for w in inside if w.key not in term_keys))


def _term_end(term: str, definition: str) -> int:
    """End of the defined term when the definition text opens with it (within a quote mark or two)."""
    at = definition.lower().find(term.lower()) if term else -1
    return at + len(term) if 0 <= at < 8 else 0


@lru_cache(maxsize=4096)  # asked by every checklist of every definition of a law
def _definition_head(term: str, definition: str) -> tuple[int, int]:
    """(start, end) of the head noun phrase of `definition`, relative to it."""
    term_end = _term_end(term, definition)
    verb = _DEFINING.search(definition, term_end, term_end + 24) if term_end else None
    if term_end and verb is None:
        return 0, 0  # "data controller" includes ...: no identity stated
    head_start = verb.end() if verb is not None else 0
    stop = _HEAD_END.search(definition, head_start, head_start + MAX_HEAD)
    head_end = stop.start() if stop is not None else min(len(definition), head_start + MAX_HEAD)
    return head_start, head_end


# --------------------------------------------------------------------------- grading


class _Need(NamedTuple):
    """A requirement as grading tests it: at least `least` of `names` present (a name counts as often as listed)."""

    names: tuple[str, ...]
    least: int


@dataclass
class _Plan:
    """What grading needs of one item, worked out once per process rather than per law, block and unit."""

    item: Item
    keys: dict[str, str]  # matcher key -> concept name
    exclude_key: str
    require: list[_Need]
    partial: list[list[_Need]]
    required: set[str]  # names of the concepts of `require`
    bits: dict[str, int] = field(default_factory=dict)  # matcher key -> a bit of its own
    names: list[str] = field(default_factory=list)  # `_item_names(item)`
    _reachable: dict[int, bool] = field(default_factory=dict)  # by bits of the concepts present

    def __post_init__(self) -> None:
        self.bits = {key: 1 << index for index, key in enumerate(self.keys)}
        self.names = _item_names(self.item)

    def reachable(self, present: set[str]) -> bool:
        """Whether a unit holding at most the concepts `present` (heading included) could be met or partial."""
        return _satisfies(self.require, present) or any(_satisfies(combo, present) for combo in self.partial)

    def reachable_bits(self, present: int) -> bool:
        """`reachable` of the concepts whose keys' bits are set in `present` (remembered: few combinations occur)."""
        known = self._reachable.get(present)
        if known is None:
            known = self._reachable[present] = self.reachable({name for key, name in self.keys.items() if present & self.bits[key]})
        return known

    def reachable_blocks(self, present: dict[int, int], headed: dict[int, int]) -> list[int]:
        """The orders of the blocks whose concepts (bits of `present`, with those of their headings in `headed`)
        could make a unit of theirs met or partial, in the order of `present`. (A loop of its own: a law
        asks for each of its blocks with any of the item's concepts, a method call each cost more.)"""
        known, found = self._reachable, []
        for order, bits in present.items():
            bits |= headed.get(order, 0)
            reachable = known.get(bits)
            if reachable is None:
                reachable = self.reachable_bits(bits)
            if reachable:
                found.append(order)
        return found

    @classmethod
    def of(cls, item: Item) -> _Plan:
        return cls(item, {Compiled.key(item, name): name for name in _item_names(item)}, f"{item.id}/{EXCLUDE}",
                   [_need(r) for r in item.require], [[_need(r) for r in combo] for combo in item.partial],
                   {n for r in item.require for n in _requirement_names(r)})


_PLANS: dict[int, _Plan] = {}


def _plan(item: Item) -> _Plan:
    """The plan of `item`, worked out once per process (items are immutable)."""
    plan = _PLANS.get(id(item))
    if plan is None or plan.item is not item:
        if len(_PLANS) > 4096:  # examples and edited checklists in a long-lived process
            _PLANS.clear()
        plan = _PLANS[id(item)] = _Plan.of(item)
    return plan


def _need(requirement: Requirement) -> _Need:
    least = requirement.at_least if isinstance(requirement, AtLeast) else 1
    return _Need(tuple(_requirement_names(requirement)), least)


def _judge(plan: _Plan, law: Law, hits: LawHits) -> LawResult:
    item, keys = plan.item, plan.keys
    present = _present(plan, hits)
    result = LawResult(law, plan, hits, present=present)
    blocks = read(law).blocks
    headed: dict[int, int] = {}  # block order -> bits of the item's keys found in its heading
    for key, bit in plan.bits.items():
        for order in hits.headed.get(key, ()):
            if order in present:
                headed[order] = headed.get(order, 0) | bit
    # Most blocks hold too few of the item's concepts for any unit of theirs to be partial: spare
    # sorting out their evidence and grading each unit.
    for order in sorted(plan.reachable_blocks(present, headed)):
        block, block_hits = blocks[order], hits.by_block[order]
        if block.restating:
            continue
        heading = {keys[key] for key in block_hits.heading if key in keys}
        mine = [h for key in keys for h in block_hits.get(key)]
        valid = _valid_hits(item, block, mine, block_hits.get(plan.exclude_key))
        if not plan.reachable({h.name for h in valid} | heading):
            continue
        best, best_rank = None, ()
        for start, end, unit_hits in _unit_hits(block, item.scope, valid):
            candidate = _grade(plan, block, start, end, unit_hits, heading)
            if candidate is not None:
                rank = candidate.rank()
                if best is None or rank > best_rank:
                    best, best_rank = candidate, rank
        if best is not None:
            result.candidates.append(best)
    result.candidates.sort(key=Candidate.rank, reverse=True)
    if item.quantity is not None:
        _check_quantities(plan, result.candidates)
    return result


def _present(plan: _Plan, hits: LawHits) -> dict[int, int]:
    """Block order -> bits of the plan's keys found in the block's text, for each block with any."""
    present: dict[int, int] = {}
    for key, bit in plan.bits.items():
        for order in hits.blocks_of.get(key, ()):
            present[order] = present.get(order, 0) | bit
    return present


def _item_names(item: Item) -> list[str]:
    names: list[str] = []
    for requirement in [*item.require, *(r for combo in item.partial for r in combo)]:
        for name in _requirement_names(requirement):
            if name not in names:
                names.append(name)
    return names


def _requirement_names(requirement: Requirement) -> list[str]:
    if isinstance(requirement, str):
        return [requirement]
    return list(requirement.any if isinstance(requirement, AnyOf) else requirement.of)


def _valid_hits(item: Item, block: Block, hits: list[Hit], excluded: Sequence[Hit]) -> list[Hit]:
    """The hits that may count as evidence (see the module docstring)."""
    excluded_sentences = {h.place.sentence for h in excluded}
    ignore_definitions = item.definitions == "ignore"
    valid = []
    for hit in hits:
        place = hit.place
        if place.inserted:
            continue  # graded in the inserted provision's own block, never mixed with its neighbours
        if place.sentence in excluded_sentences or (ignore_definitions and place.definition):
            continue
        if place.disapplying and _disapplied(block, place.sentence, hits):
            continue
        valid.append(hit)
    return valid


def _disapplied(block: Block, index: int, hits: list[Hit]) -> bool:
    """A disapplying sentence, unless one of the item's own terms is that disapplying wording, from its negating
    word to its end (items about exemptions: "shall not apply"); a "shall not" of a prohibition is not."""
    cues = block.sentences[index].disapply
    return bool(cues) and not any(h.start <= core < h.end and h.end >= end for _, core, end in cues for h in hits)


def _unit_hits(block: Block, scope: str, hits: list[Hit]) -> list[tuple[int, int, list[Hit]]]:
    """(start, end, hits inside) of each unit of `scope` holding any of `hits`, in order."""
    units = block.units(scope)
    starts = block.unit_starts(scope)
    if starts is None:  # units that overlap or are out of order: test each
        return [(start, end, inside) for start, end in units if (inside := [h for h in hits if start <= h.start < end])]
    inside_unit: dict[int, list[Hit]] = {}
    for hit in hits:
        index = bisect_right(starts, hit.start) - 1
        if index >= 0 and hit.start < units[index][1]:
            inside_unit.setdefault(index, []).append(hit)
    return [(*units[index], inside_unit[index]) for index in sorted(inside_unit)]


def _grade(plan: _Plan, block: Block, start: int, end: int, hits: list[Hit], heading: set[str]) -> Candidate | None:
    if not hits:
        return None
    require = plan.require
    strong = {h.name for h in hits if not h.place.regulation}
    present = {h.name for h in hits}
    candidate = Candidate(block, start, end, NONE, _count(require, present), hits, present, heading)
    if _satisfies(require, strong):
        candidate.level = MET
    elif _heading_fills(require, strong, heading):
        candidate.level, candidate.heading_filled = MET, True
    elif _satisfies(require, present):
        candidate.level, candidate.weak = PARTIAL, True
    elif any(_satisfies(combo, present) or _heading_fills(combo, present, heading) for combo in plan.partial):
        candidate.level = PARTIAL
    else:
        return None  # some concepts but no partial combination: never evidence
    if candidate.level == MET and block.top.kind == "schedule":
        candidate.level = PARTIAL  # a schedule (a form, a penalty table) supports; the law's sections decide
    if candidate.heading_filled:
        candidate.satisfied = _count(require, present | heading)
    _closeness(plan, candidate)
    return candidate


def _closeness(plan: _Plan, candidate: Candidate) -> None:
    by_sentence: dict[int, set[str]] = {}
    for hit in candidate.hits:
        by_sentence.setdefault(hit.place.sentence, set()).add(hit.name)
    candidate.together = max((_count(plan.require, names) for names in by_sentence.values()), default=0)
    candidate.window = _window([h for h in candidate.hits if h.name in plan.required])
    if plan.item.definitions == "count":
        candidate.defined = len({h.name for h in candidate.hits if h.place.definition})


def _met(requirement: Requirement, present: set[str]) -> bool:
    if isinstance(requirement, str):
        return requirement in present
    if isinstance(requirement, AnyOf):
        return any(name in present for name in requirement.any)
    assert isinstance(requirement, AtLeast)
    return sum(name in present for name in requirement.of) >= requirement.at_least


def _holds(need: _Need, present: set[str]) -> bool:
    names, least = need
    if least == 1:
        for name in names:
            if name in present:
                return True
        return False
    return sum(name in present for name in names) >= least


def _satisfies(needs: list[_Need], present: set[str]) -> bool:
    for need in needs:
        if not _holds(need, present):
            return False
    return True


def _count(needs: list[_Need], present: set[str]) -> int:
    return sum(1 for need in needs if _holds(need, present))


def _heading_fills(needs: list[_Need], body: set[str], heading: set[str]) -> bool:
    """The heading supplies exactly one requirement the body lacks, and the body satisfies another."""
    if not heading or len(needs) < 2:
        return False
    missing = [need for need in needs if not _holds(need, body)]
    return len(missing) == 1 and _holds(missing[0], body | heading)


def _window(hits: list[Hit]) -> int:
    """Length of the shortest stretch of text holding a hit of every concept among `hits`."""
    ordered = sorted(hits, key=lambda h: h.start)
    wanted = len({h.name for h in ordered})
    counts: dict[str, int] = {}
    best, left = 1 << 30, 0
    for hit in ordered:
        counts[hit.name] = counts.get(hit.name, 0) + 1
        while len(counts) == wanted:
            best = min(best, hit.end - ordered[left].start)
            name = ordered[left].name
            counts[name] -= 1
            if not counts[name]:
                del counts[name]
            left += 1
    return best if ordered else 0


# --------------------------------------------------------------------------- quantities


def _check_quantities(plan: _Plan, candidates: list[Candidate]) -> None:
    """Judge the quantity of each met candidate; weaker or absent ones become partial; re-rank."""
    item, quantity = plan.item, plan.item.quantity
    assert quantity is not None
    near = set(quantity.near) or plan.required
    for candidate in candidates:
        if candidate.level != MET:
            continue
        check, span = _quantity_check(item, candidate, near)
        candidate.benchmark, candidate.quantity_span = check, span
        absent = check.found is None or _vague(check)
        if (absent and quantity.if_absent == "partial") or (not absent and check.satisfied is False):
            candidate.level = PARTIAL
    candidates.sort(key=Candidate.rank, reverse=True)


def _vague(check: BenchmarkCheck) -> bool:
    return check.note.startswith("no fixed")


def _quantity_check(item: Item, candidate: Candidate, near: set[str]) -> tuple[BenchmarkCheck, tuple[int, int] | None]:
    quantity = item.quantity
    assert quantity is not None
    block = candidate.block
    benchmark = item.benchmark or ""
    target = quantities._benchmark(quantity.max, quantity.min, quantity.unit or "")
    sentence_ids = sorted({h.place.sentence for h in candidate.hits if h.name in near})
    found: list[tuple[quantities.Comparison, tuple[int, int]]] = []
    shares: set[tuple[int, int]] = set()  # spans of shares of turnover
    vague: list[tuple[str, tuple[int, int]]] = []
    for index in sentence_ids:
        sentence = block.sentences[index] if block.sentences else None
        start, end = (sentence.start, sentence.end) if sentence else (candidate.start, candidate.end)
        chunk = block.text[start:end]
        if quantity.kind == "duration":
            for duration in quantities.find_durations(chunk):
                found.append((quantities.compare_duration(duration, quantity.max, quantity.min, quantity.unit or "days"),
                              (start + duration.start, start + duration.end)))
            vague += [(v.text, (start + v.start, start + v.end)) for v in quantities.find_vague_deadlines(chunk)]
        else:
            for money in quantities.find_money(chunk):
                span = (start + money.start, start + money.end)
                found.append((quantities.compare_money(money, quantity.max, quantity.min), span))
                if money.currency == "%":
                    shares.add(span)
    if shares:
        # "forty million dollars or 4% of turnover, whichever is higher": the share of turnover is the measure
        found = [f for f in found if f[1] in shares]
    # The weakest quantity decides: "14 days for goods, 7 days for services" falls short of 14 days.
    weak = [f for f in found if f[0].satisfied is False]
    chosen = weak[0] if weak else (found[0] if found else None)
    if chosen is not None:
        return BenchmarkCheck(benchmark, chosen[0].found, chosen[0].satisfied, chosen[0].note), chosen[1]
    if vague:
        return BenchmarkCheck(benchmark, vague[0][0], False, f"no fixed deadline (\"{vague[0][0]}\"); benchmark {target}"), vague[0][1]
    return BenchmarkCheck(benchmark, None, None, f"no quantity found; benchmark {target}"), None


# --------------------------------------------------------------------------- findings


def _finding(item: Item, checklist: Checklist, results: list[LawResult]) -> Finding:
    candidates = sorted((c for r in results for c in r.candidates if c.level > NONE),
                        key=lambda c: (c.rank(), -results_index(results, c) if len(results) > 1 else 0), reverse=True)
    law_of = {id(c): r.law for r in results for c in r.candidates}
    status = Status.MET if candidates and candidates[0].level == MET else Status.PARTIAL if candidates else Status.MISSING
    evidence = tuple(_evidence(c, law_of[id(c)], item) for c in candidates[:MAX_EVIDENCE])
    if status is Status.MET and not evidence:  # never claim met without a quotation
        status = Status.PARTIAL
    benchmark = candidates[0].benchmark if candidates else None
    seen = set().union(*(r.seen() for r in results)) if status is Status.MISSING else set()  # only missing items say
    return Finding(item=item.id, domain=checklist.domain, title=item.title, status=status,
                   confidence=_confidence(status, candidates, seen, item), evidence=evidence,
                   benchmark=benchmark, reason=_reason(status, candidates, seen, item, evidence, _wording(item, checklist)))


def results_index(results: list[LawResult], candidate: Candidate) -> int:
    for index, result in enumerate(results):
        if candidate in result.candidates:
            return index
    return 0


def _confidence(status: Status, candidates: list[Candidate], seen: set[str], item: Item) -> float:
    if status is Status.MISSING:
        wanted = len(_plan(item).names) or 1
        return round(0.9 - 0.4 * len(seen) / wanted, 2)
    best = candidates[0]
    agreeing = sum(1 for c in candidates[1:] if c.level == best.level)
    value = 0.55 + 0.08 * min(agreeing, 3) + (0.1 if best.heading_names else 0.0)
    value += 0.05 * min(best.wordings - 1, 2)
    if best.heading_filled or best.weak:
        value -= 0.1
    if best.benchmark is not None and best.benchmark.satisfied is None:
        value -= 0.05
    return round(max(0.3, min(value, 0.95)), 2)


_WORDINGS: dict[tuple[int, int], tuple[Item, Checklist, dict[str, str]]] = {}


def _wording(item: Item, checklist: Checklist) -> dict[str, str]:
    """Each concept name of `item` as a reader would say it: its first English (else any) term, quoted."""
    known = _WORDINGS.get((id(item), id(checklist)))
    if known is not None and known[0] is item and known[1] is checklist:
        return known[2]
    if len(_WORDINGS) > 4096:  # examples and edited checklists in a long-lived process
        _WORDINGS.clear()
    words = _words_of(item, checklist)
    _WORDINGS[(id(item), id(checklist))] = (item, checklist, words)
    return words


def _words_of(item: Item, checklist: Checklist) -> dict[str, str]:
    words = {}
    for name in _plan(item).names:
        terms = item.concepts.get(name) or checklist.concepts.get(name)
        every = [t for _, values in terms for t in values] if terms is not None else []  # fields in order, en first
        words[name] = f'"{every[0].replace("*", "")}"' if every else name
    return words


def _reason(status: Status, candidates: list[Candidate], seen: set[str], item: Item, evidence: tuple[Evidence, ...],
            wording: dict[str, str] | None = None) -> str:
    say = (lambda names: [wording.get(n, n) for n in names]) if wording else (lambda names: list(names))
    if status is Status.MISSING:
        names = _plan(item).names
        lacking = [n for n in names if n not in seen]
        if seen:
            return f"no single provision expresses {_and(say(sorted(set(names) - set(lacking)) + lacking))} together"
        return f"no provision expresses {_and(say(lacking))}"
    best, where = candidates[0], _cite(evidence[0]) if evidence else "the law"
    if status is Status.MET:
        return f"{where} expresses {_and(say(sorted(best.names)))}" + (f"; {best.benchmark.note}" if best.benchmark else "")
    if best.benchmark is not None and best.level == PARTIAL and (best.benchmark.satisfied is False or best.benchmark.found is None):
        return f"{where} expresses {_and(say(sorted(best.names)))} but {best.benchmark.note}"
    if best.weak:
        return f"{where} only empowers regulations on {_and(say(sorted(best.names)))}"
    lacking = [n for r in item.require if not _met(r, best.names | best.heading_names) for n in _requirement_names(r)]
    return f"{where} expresses {_and(say(sorted(best.names)))} but not {_or(say(lacking))}"


_CITE = {"section": "s.", "article": "art.", "schedule": ""}


def _cite(evidence: Evidence) -> str:
    """"s. 43(2)", "art. 12", "Schedule 2": the evidence's provision as a reader cites it."""
    prefix = _CITE.get(evidence.kind, "s.")
    return f"{prefix} {evidence.path}".strip()


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else (names[0] if names else "nothing")


def _or(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else (names[0] if names else "the rest")


# --------------------------------------------------------------------------- evidence


def _evidence(candidate: Candidate, law: Law, item: Item) -> Evidence:
    block = candidate.block
    start, end = _quote_span(candidate)
    quote_hits = [h for h in candidate.hits if start <= h.start and h.end <= end]
    terms = tuple(dict.fromkeys(h.text for h in sorted(quote_hits, key=lambda h: h.start)))
    concepts = tuple(sorted({h.name for h in quote_hits}))
    offset = block.base + start
    page = block.top.page_at(offset)
    return Evidence(law=law.source, provision=block.top.number, path=block.top.path_at(offset),
                    page=page, quote=block.text[start:end], terms=terms, concepts=concepts,
                    heading=block.heading, ocr=page in law.ocr_pages, kind=block.top.kind)


def _quote_span(candidate: Candidate) -> tuple[int, int]:
    """The sentences of the unit that hold its best hits, trimmed to about MAX_QUOTE characters."""
    block = candidate.block
    if not block.sentences:
        return _trim(block.text, candidate.start, candidate.end, candidate.hits)
    by_sentence: dict[int, set[str]] = {}
    for hit in candidate.hits:
        by_sentence.setdefault(hit.place.sentence, set()).add(hit.key)
    chosen = _cover(by_sentence)
    if candidate.quantity_span is not None:
        chosen.add(block.sentence_at(candidate.quantity_span[0]))
    first, last = min(chosen), max(chosen)
    start, end = block.sentences[first].start, block.sentences[last].end
    if end - start > MAX_QUOTE + 100:
        best = max(chosen, key=lambda i: (len(by_sentence.get(i, ())), -i))
        start, end = block.sentences[best].start, block.sentences[best].end
    focus = [h for h in candidate.hits if start <= h.start < end]
    return _trim(block.text, start, end, focus)


def _cover(by_sentence: dict[int, set[str]]) -> set[int]:
    """Few sentences that together hold every concept found (greedy, best sentence first)."""
    chosen: set[int] = set()
    covered: set[str] = set()
    wanted = set().union(*by_sentence.values())
    while covered != wanted:
        index = max(by_sentence, key=lambda i: (len(by_sentence[i] - covered), -i))
        chosen.add(index)
        covered |= by_sentence[index]
    return chosen


def _trim(text: str, start: int, end: int, hits: list[Hit]) -> tuple[int, int]:
    if end - start <= MAX_QUOTE:
        return start, end
    first = min((h.start for h in hits), default=start)
    last = max((h.end for h in hits), default=first)
    if last - first > MAX_QUOTE:
        last = first + MAX_QUOTE
    lead = max(start, min(first - 80, last - MAX_QUOTE))
    tail = min(end, lead + MAX_QUOTE)
    while lead > start and not text[lead - 1].isspace():
        lead += 1
    while tail < end and tail > lead and not text[tail].isspace():
        tail -= 1
    return lead, tail
