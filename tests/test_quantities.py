"""Tests of gapcheck.quantities: durations, vague deadlines, money, benchmarks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck import quantities as q


@pytest.mark.parametrize(
    ("text", "value", "unit", "working"),
    [
        ("within seventy-two hours", 72, "hours", False),
        ("within 72 hours of becoming aware", 72, "hours", False),
        ("seventy-two (72) hours", 72, "hours", False),
        ("14 days", 14, "days", False),
        ("seven working days", 7, "days", True),
        ("ten business days", 10, "days", True),
        ("one month", 1, "months", False),
        ("a period of three months", 3, "months", False),
        ("twenty one days", 21, "days", False),
        ("soixante-douze heures", 72, "hours", False),
        ("quinze jours ouvrables", 15, "days", True),
        ("quatre-vingt-dix jours", 90, "days", False),
        ("un délai de sept jours francs", 7, "days", False),
        ("two years", 2, "years", False),
    ],
)
def test_quantities_durations(text: str, value: float, unit: str, working: bool) -> None:
    found = q.find_durations(text)
    assert len(found) == 1
    assert (found[0].value, found[0].unit, found[0].working) == (value, unit, working)
    assert found[0].text in text


@pytest.mark.parametrize("text", ["without undue delay", "as soon as practicable", "forthwith", "sans délai",
                                  "dans les meilleurs délais", "as soon as reasonably possible"])
def test_quantities_vague_deadlines(text: str) -> None:
    assert q.find_vague_deadlines(f"shall notify {text}.")
    assert not q.find_durations(text)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("a fine not exceeding five million shillings", 5_000_000, "shillings"),
        ("a fine of N 10,000,000", 10_000_000, "N"),
        ("up to 4% of annual turnover", 4, "%"),
        ("2 per cent of its annual gross revenue", 2, "%"),
        ("not less than Kshs. 5,000,000", 5_000_000, "Kshs."),
        ("five hundred penalty units", 500, "penalty units"),
        ("100 000 000 francs CFA", 100_000_000, "francs CFA"),
        ("un million de francs", 1_000_000, "francs"),
        ("R10 million", 10_000_000, "R"),
        ("one per centum of its annual turnover", 1, "%"),
        ("five (5) percentage (%) of the annual turnover", 5, "%"),
        ("a fine of E100, 000,000", 100_000_000, "E"),
    ],
)
def test_quantities_money(text: str, value: float, currency: str) -> None:
    found = q.find_money(text)
    assert [(m.value, m.currency) for m in found] == [(value, currency)]


def test_quantities_percent_without_turnover_is_not_money() -> None:
    assert q.find_money("at least 50% of the members") == []


@pytest.mark.parametrize(
    ("text", "maximum", "minimum", "unit", "satisfied"),
    [
        ("72 hours", 72, None, "hours", True),
        ("three days", 72, None, "hours", True),
        ("seven days", 72, None, "hours", False),
        ("48 hours", 72, None, "hours", True),
        ("14 days", None, 14, "days", True),
        ("seven days", None, 14, "days", False),
        ("seven working days", None, 14, "days", False),  # about 9.8 calendar days
        ("ten working days", None, 14, "days", True),
        ("one month", None, 14, "days", True),
        ("three working days", 72, None, "hours", False),
    ],
)
def test_quantities_compare_duration(text: str, maximum: float | None, minimum: float | None, unit: str, satisfied: bool) -> None:
    result = q.compare_duration(q.find_durations(text)[0], maximum, minimum, unit)
    assert result.satisfied is satisfied
    assert result.note.startswith(f"found {text}; benchmark at")


@pytest.mark.parametrize(
    ("text", "minimum", "maximum", "satisfied"),
    [
        ("a period not exceeding 30 days", 14, None, False),
        ("up to thirty days", 14, None, False),
        ("no more than 20 days", 14, None, False),
        ("un délai ne pouvant excéder quatorze (14) jours", 14, None, False),
        ("au plus quinze jours", 14, None, False),
        ("dans la limite de 30 jours", 14, None, False),
        ("not exceeding 48 hours", None, 72, True),  # a ceiling does meet a maximum
        ("at least 30 days", 14, None, True),
    ],
)
def test_quantities_ceiling_never_meets_a_minimum(text: str, minimum: float | None, maximum: float | None, satisfied: bool) -> None:
    unit = "hours" if maximum else "days"
    assert q.compare_duration(q.find_durations(text)[0], maximum, minimum, unit).satisfied is satisfied


def test_quantities_compare_money_fixed_amount_falls_short_of_turnover_share() -> None:
    result = q.compare_money(q.find_money("five million shillings")[0], None, 4)
    assert result.satisfied is False
    assert result.note == "found five million shillings, a fixed amount; benchmark at least 4% of turnover"


def test_quantities_compare_money_fixed_amount_against_share_ceiling_is_unknown() -> None:
    assert q.compare_money(q.find_money("five million shillings")[0], 4, None).satisfied is None


def test_quantities_compare_money_turnover() -> None:
    assert q.compare_money(q.find_money("2% of annual turnover")[0], None, 4).satisfied is False


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_quantities_never_crash_on_arbitrary_text(text: str) -> None:
    q.find_durations(text)
    q.find_money(text)
    q.find_vague_deadlines(text)


_SMALL = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}


def _english(n: int) -> str:
    words = []
    if n >= 100:
        words += [_SMALL[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n - n % 10] + (f"-{_SMALL[n % 10]}" if n % 10 else ""))
    elif n >= 10:
        words.append(["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                      "eighteen", "nineteen"][n - 10])
    elif n:
        words.append(_SMALL[n])
    return " ".join(words)


@given(st.integers(min_value=1, max_value=999))
def test_quantities_round_trip_words(n: int) -> None:
    assert q.words_to_number(_english(n)) == n
    found = q.find_durations(f"within {_english(n)} days")
    assert [d.value for d in found] == [n]


@given(st.integers(min_value=1, max_value=10**9))
def test_quantities_round_trip_digits(n: int) -> None:
    assert q.digits_to_number(f"{n:,}") == n
    assert q.digits_to_number(str(n)) == n


@pytest.mark.parametrize(
    ("text", "value", "unit", "working"),
    [
        ("dentro de las setenta y dos horas siguientes", 72, "hours", False),
        ("en un término de 72 horas", 72, "hours", False),
        ("quince (15) días hábiles", 15, "days", True),
        ("dentro de los diez días calendario", 10, "days", False),
        ("hasta por un término de seis (6) meses", 6, "months", False),
        ("no prazo de setenta e duas horas", 72, "hours", False),
        ("em até quinze dias úteis", 15, "days", True),
        ("pelo período máximo de 6 (seis) meses", 6, "months", False),
        ("dentro de dos años", 2, "years", False),
    ],
)
def test_quantities_spanish_and_portuguese_durations(text: str, value: float, unit: str, working: bool) -> None:
    (found,) = q.find_durations(text)
    assert (found.value, found.unit, found.working) == (value, unit, working)


@pytest.mark.parametrize("text", ["sin dilación indebida", "de inmediato", "em prazo razoável", "imediatamente"])
def test_quantities_spanish_and_portuguese_vague_deadlines(text: str) -> None:
    assert q.find_vague_deadlines(text) and not q.find_durations(text)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("multas de hasta dos mil (2.000) salarios mínimos mensuales legales vigentes", 2000, "salarios mínimos mensuales legales vigentes"),
        ("multa de até cinquenta mil salários mínimos", 50_000, "salários mínimos"),
        ("limitada a R$ 50.000.000,00 por infração", 50_000_000, "R$"),
        ("cinquenta milhões de reais", 50_000_000, "reais"),
        ("multa de até 2% (dois por cento) do faturamento", 2, "%"),
        ("el cuatro por ciento del volumen de negocios", 4, "%"),
        ("mil pesos", 1000, "pesos"),
    ],
)
def test_quantities_spanish_and_portuguese_money(text: str, value: float, currency: str) -> None:
    found = q.find_money(text)[0]
    assert (found.value, found.currency) == (value, currency)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("setenta y dos", 72), ("ciento veinte", 120), ("doscientos mil", 200_000), ("setenta e duas", 72),
     ("cento e vinte", 120), ("dois mil", 2000), ("a dois", 2), ("a hundred", 100)],
)
def test_quantities_spanish_and_portuguese_words(phrase: str, value: float) -> None:
    assert q.words_to_number(phrase) == value


def test_quantities_english_once_is_not_spanish_eleven() -> None:
    assert [d.value for d in q.find_durations("once a year, within seven days")] == [1, 7]


_PLAIN_NUMBER_WORD = "|".join(map(re.escape, q._NUMBER_WORDS))  # one alternative a word, as first written
_NUMBER_PIECES = [*q._UNITS, *q._MULTIPLIERS, "and", "et", "y", "e", "-", " ", "(", ")", "72", "14", "days", "jours",
                  "días", "horas", "hours", "working", "ouvrables", "Seventy", "SEPT", "ſix", "a", "an", "within", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=12), st.sampled_from([" ", "", "-"]))
def test_quantities_number_words_grouped_by_first_letter_match_the_same(pieces: list[str], joint: str) -> None:
    """The number words grouped by first letter find the very durations the plain alternation of them found."""
    text = joint.join(pieces)
    plain = re.compile(q._DURATION.pattern.replace(q._NUMBER_WORD, _PLAIN_NUMBER_WORD), re.IGNORECASE)
    assert [(m.span(), m.groupdict()) for m in q._DURATION.finditer(text)] == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
