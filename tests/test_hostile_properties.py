"""Property tests on what law text can hold: the structure parser and the quantity finder.

tests/test_structure.py and tests/test_quantities.py already feed them short
arbitrary text; these add what hostile text looks like: whole Lines with any
position, size, page and flags, and long runs of the very tokens the patterns
look for (where a careless regular expression backtracks for minutes). The
deadline is a hang detector, not a speed target.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcheck import quantities as q
from gapcheck.models import Line
from gapcheck.structure import split_provisions

HANG = settings(deadline=timedelta(seconds=5), max_examples=60, suppress_health_check=[HealthCheck.too_slow])

# Tokens the structure parser and the quantity finder react to.
TOKENS = [
    "1.", "(1)", "(a)", "(iv)", "12A.", "Article", "Art.", "Section", "PART", "IV", "CHAPTER", "SCHEDULE", "means", "“x”",
    "one", "hundred", "and", "a", "an", "thousand", "seventy-two", "quatre-vingt-", "et", "vingt", "days", "jours",
    "hours", "working", "ouvrables", "(72)", "10,000", "1.000.000", "%", "per cent", "of", "annual", "turnover",
    "shillings", "N", "$", "USD", "million", "within", "without", "undue", "delay", "-", ",", ".", " ", "\u00a0", "\u202f",
]
token_text = st.lists(st.sampled_from(TOKENS), max_size=400).map(" ".join)
any_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200)

lines = st.lists(
    st.builds(
        Line,
        text=st.one_of(any_text, token_text),
        page=st.integers(min_value=-3, max_value=10_000),
        x0=st.floats(allow_nan=True, allow_infinity=True),
        top=st.floats(allow_nan=True, allow_infinity=True),
        size=st.floats(allow_nan=True, allow_infinity=True),
        bold=st.booleans(),
        margin_note=st.booleans(),
        ocr=st.booleans(),
    ),
    max_size=60,
)


@HANG
@given(lines)
def test_hostile_structure_any_lines_give_provisions_with_their_text(rows: list[Line]) -> None:
    provisions, definitions = split_provisions(rows)
    printed = " ".join(line.text for line in rows)
    for provision in provisions:
        for part in provision.walk():
            assert isinstance(part.text, str) and isinstance(part.number, str)
    for definition in definitions:
        assert definition.term.strip() and definition.term.split()[0] in printed


@HANG
@given(token_text)
def test_hostile_quantities_long_runs_of_number_words_finish(text: str) -> None:
    for duration in q.find_durations(text):
        assert duration.value > 0 and text[duration.start:duration.end] == duration.text
    for money in q.find_money(text):
        assert money.value > 0 and text[money.start:money.end] == money.text
    q.find_vague_deadlines(text)


@settings(deadline=timedelta(seconds=10), max_examples=5)
@given(st.sampled_from(["one hundred and ", "a ", "vingt et ", "1,000 ", "seventy-two (", "within without "]), st.integers(1000, 4000))
def test_hostile_quantities_repeated_phrase_is_linear(phrase: str, repeats: int) -> None:
    text = phrase * repeats + "days"  # 84 s for 2,000 repeats before number runs were bounded
    q.find_durations(text)
    q.find_money(text)
