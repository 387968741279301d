"""Durations and amounts of money in statutes, in words and digits, English, French, Spanish, Portuguese.

`find_durations(text)` finds "72 hours", "seventy-two (72) hours", "seven working
days", "quinze jours ouvrables", "setenta y dos horas", "quince días hábiles",
"setenta e duas horas", "dez dias úteis"; `find_vague_deadlines(text)` finds
wordings that set no fixed deadline ("without undue delay", "sans délai", "sin
dilación", "em prazo razoável"); `find_money(text)` finds "five million
shillings", "N 10,000,000", "4% of annual turnover", "dos mil salarios mínimos",
"R$ 50.000.000,00", "2% (dois por cento) do faturamento".
`compare(...)` checks a found quantity against an item's benchmark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --------------------------------------------------------------------------- numbers in words

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
_FR_UNITS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "octante": 80, "nonante": 90,
}
# "once" (Spanish eleven) is left out: English "once a year" is far more common in statutes.
_ES_UNITS = {
    "cero": 0, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21,
    "veintiún": 21, "veintiuna": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24, "veinticinco": 25,
    "veintiséis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40,
    "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
    "doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300, "cuatrocientos": 400,
    "quinientos": 500, "quinientas": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800,
    "novecientos": 900,
}
_PT_UNITS = {
    "zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6,
    "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14,
    "quatorze": 14, "quinze": 15, "dezesseis": 16, "dezasseis": 16, "dezessete": 17, "dezassete": 17,
    "dezoito": 18, "dezenove": 19, "dezanove": 19, "vinte": 20, "trinta": 30, "quarenta": 40,
    "cinquenta": 50, "cinqüenta": 50, "sessenta": 60, "setenta": 70, "oitenta": 80, "noventa": 90,
    "cem": 100, "cento": 100, "duzentos": 200, "duzentas": 200, "trezentos": 300, "quatrocentos": 400,
    "quinhentos": 500, "seiscentos": 600, "setecentos": 700, "oitocentos": 800, "novecentos": 900,
}
_UNITS = {**_ES_UNITS, **_PT_UNITS, **_EN_UNITS, **_FR_UNITS}
_MULTIPLIERS = {
    "hundred": 100, "cent": 100, "cents": 100, "thousand": 1_000, "mille": 1_000,
    "million": 1_000_000, "millions": 1_000_000, "billion": 1_000_000_000,
    "milliard": 1_000_000_000, "milliards": 1_000_000_000, "mil": 1_000, "millón": 1_000_000,
    "millones": 1_000_000, "milhão": 1_000_000, "milhões": 1_000_000, "bilhão": 1_000_000_000,
    "bilhões": 1_000_000_000,
}
_JOINERS = {"and", "et", "y", "e"}
_ARTICLES = {"a", "an"}  # "a day" is one day, but "a dois" (Portuguese "to two") is two
_NUMBER_WORDS = sorted([*_UNITS, *_MULTIPLIERS], key=len, reverse=True)  # longest first: "seventy" before "seven"


def _by_first_letter(words: list[str]) -> str:
    """An alternation of `words` grouped by their first character, each group's words in their order in `words`:
    "s(?:eventy|even|ix)|t(?:en|wo)". It matches what the plain alternation of `words` matches (two words with
    different first characters never match at one place), but Python's re tries one group per character, not
    each of two hundred words: finding the durations of a sentence takes a quarter of the time."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{re.escape(first)}(?:{'|'.join(map(re.escape, rests))})" for first, rests in groups.items())


_NUMBER_WORD = _by_first_letter(_NUMBER_WORDS)
# A run of number words joined by spaces, hyphens or "and"/"et"/"y"/"e" ("seventy-two", "soixante et
# onze", "setenta y dos", "setenta e duas").
# At most 15 words: numbers in statutes need fewer, and an unbounded run lets hostile text
# ("one hundred and " x 2000) make every match attempt scan to its end (minutes for 30 KB).
_WORDS_RE = rf"(?:(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+(?:and|et|y|e)\s+|-et-)(?:{_NUMBER_WORD})){{0,15}})"
_DIGITS_RE = r"(?:\d{1,3}(?:[,\s.\u202f\u00a0]\d{3})+|\d+)(?:[.,]\d+)?"


def words_to_number(phrase: str) -> float | None:
    """The value of a number written in words ("seventy-two", "quatre-vingt-dix"), or None."""
    parts = [p for p in re.split(r"[\s-]+", phrase.lower().strip()) if p and p not in _JOINERS]
    if len(parts) > 1:
        parts = [p for p in parts if p not in _ARTICLES] or parts[:1]
    if not parts:
        return None
    total, current = 0, 0
    for part in parts:
        if part in _UNITS:
            value = _UNITS[part]
            # French "quatre-vingt": four times twenty
            current = current * value if current in (4,) and value == 20 else current + value
        elif part in _MULTIPLIERS:
            factor = _MULTIPLIERS[part]
            if factor == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * factor
                current = 0
        else:
            return None
    return float(total + current)


def digits_to_number(text: str) -> float | None:
    """The value of "10,000,000", "10 000", "2.5", "1.000.000" (French thousands), or None."""
    cleaned = re.sub(r"[\s\u202f\u00a0]", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", cleaned) or re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


# --------------------------------------------------------------------------- durations

_UNIT_WORDS = {
    "hour": "hours", "hours": "hours", "heure": "hours", "heures": "hours",
    "day": "days", "days": "days", "jour": "days", "jours": "days",
    "week": "weeks", "weeks": "weeks", "semaine": "weeks", "semaines": "weeks",
    "month": "months", "months": "months", "mois": "months",
    "year": "years", "years": "years", "an": "years", "ans": "years", "année": "years", "années": "years",
    "hora": "hours", "horas": "hours", "día": "days", "días": "days", "dia": "days", "dias": "days",
    "semana": "weeks", "semanas": "weeks", "mes": "months", "meses": "months", "mês": "months",
    "año": "years", "años": "years", "ano": "years", "anos": "years",
}
_HOURS_PER = {"hours": 1.0, "days": 24.0, "weeks": 168.0, "months": 730.0, "years": 8760.0}
_WORKING_EN = r"(?:working|business|clear|calendar)"
_WORKING_FR = r"(?:ouvrables?|ouvrés?|francs?|calendaires?|h[áa]biles|[úu]teis|calendario|corridos|naturales)"
_UNIT_RE = "|".join(sorted(map(re.escape, _UNIT_WORDS), key=len, reverse=True))
_DURATION = re.compile(
    rf"(?<![\w-])(?P<number>{_WORDS_RE}|{_DIGITS_RE})"
    rf"(?:\s*\(\s*(?P<digits>{_DIGITS_RE})\s*\)|\s*\(\s*{_WORDS_RE}\s*\))?"  # "seventy-two (72)", "72 (setenta e duas)"
    rf"\s+(?:(?P<work_en>{_WORKING_EN})\s+)?(?P<unit>{_UNIT_RE})(?![\w-])"
    rf"(?:\s+(?P<work_fr>{_WORKING_FR}))?",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"without\s+(?:any\s+)?(?:undue\s+|unreasonable\s+|unnecessary\s+)?delay|as\s+soon\s+as\s+(?:reasonably\s+)?"
    r"(?:practicable|possible|feasible)|forthwith|promptly|immediately|within\s+a\s+reasonable\s+(?:time|period)"
    r"|sans\s+(?:d[ée]lai|retard)|dans\s+les\s+meilleurs\s+d[ée]lais|imm[ée]diatement|d[èe]s\s+que\s+possible"
    r"|dans\s+un\s+d[ée]lai\s+raisonnable"
    r"|sin\s+(?:dilaci[óo]n|demora|retraso)|de\s+inmediato|inmediatamente|a\s+la\s+mayor\s+brevedad|en\s+un\s+plazo\s+razonable"
    r"|sem\s+(?:demora|atraso)|imediatamente|(?:em|no)\s+prazo\s+razo[áa]vel|o\s+mais\s+(?:breve|rapidamente)\s+poss[íi]vel",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Duration:
    """A duration as worded in the law."""

    text: str
    start: int
    end: int
    value: float
    unit: str  # hours | days | weeks | months | years
    working: bool = False  # working/business days ("jours ouvrables")
    ceiling: bool = False  # worded as an upper limit ("not exceeding 14 days", "au plus quatorze jours")

    def hours(self) -> float:
        """In calendar hours; a working day counts 7/5 of a calendar day (a five-day week)."""
        hours = self.value * _HOURS_PER[self.unit]
        return hours * 7 / 5 if self.working else hours


@dataclass(frozen=True)
class Vague:
    """A wording that sets no fixed deadline ("without undue delay", "sans délai")."""

    text: str
    start: int
    end: int


def find_durations(text: str) -> list[Duration]:
    """Durations in `text`, in order of appearance."""
    found = []
    for match in _DURATION.finditer(text):
        value = _number(match.group("digits") or match.group("number"))
        if value is None or value <= 0:
            continue
        working = bool(match.group("work_en") and match.group("work_en").lower() in ("working", "business"))
        working = working or bool(match.group("work_fr") and match.group("work_fr").lower()[:3] in ("ouv", "háb", "hab", "úte", "ute"))
        ceiling = bool(_CEILING.search(text, max(0, match.start() - 40), match.start()))
        found.append(Duration(match.group(0), match.start(), match.end(), value,
                              _UNIT_WORDS[match.group("unit").lower()], working, ceiling))
    return found


# Words that make the following quantity an upper limit.
_CEILING = re.compile(
    r"(?:\bnot\s+(?:exceeding|more\s+than|longer\s+than|to\s+exceed)|\bno\s+(?:more|longer)\s+than|\bup\s+to"
    r"|\bat\s+(?:the\s+)?most|\ba\s+maximum\s+of|\bmaximum(?:\s+period)?\s+of|\bau\s+plus|\bau\s+maximum"
    r"|\bne\s+(?:pouvant|pourra|peut|doit|devant)\s+(?:pas\s+)?(?:exc[ée]der|d[ée]passer)|\bn['’](?:exc[ée]dant|d[ée]passant)\s+pas"
    r"|\bne\s+d[ée]passant\s+pas|\bdans\s+la\s+limite\s+de|\bjusqu['’][àa]|\bhasta|\bno\s+superior\s+a|\bat[ée]\b"
    r"|\bno\s+(?:podr[áa]|puede)\s+exceder\s+de|\bn[ãa]o\s+superior\s+a)\s*(?:d['’]\s*|de\s+|of\s+|la\s+|le\s+)?$",
    re.IGNORECASE,
)


def find_vague_deadlines(text: str) -> list[Vague]:
    """Wordings of `text` that ask for speed without a fixed deadline."""
    return [Vague(m.group(0), m.start(), m.end()) for m in _VAGUE.finditer(text)]


def _number(text: str) -> float | None:
    if text is None:
        return None
    if text[0].isdigit():
        return digits_to_number(text)
    return words_to_number(text)


# --------------------------------------------------------------------------- money

_CURRENCY_WORDS = (
    r"shillings?|naira|cedis?|rand|dollars?|euros?|pounds?|francs?(?:\s+CFA)?|FCFA|F\s?CFA|CFA|"
    r"kwacha|pula|emalangeni|lilangeni|rupees?|pesos?|reais|dinars?|dirhams?|birr|leones?|dalasis?|"
    r"penalty\s+units?|currency\s+points?|fine\s+units?|"
    r"salarios\s+m[íi]nimos(?:\s+(?:legales|mensuales|vigentes))*|sal[áa]rios\s+m[íi]nimos|"
    r"unidades\s+(?:tributarias|de\s+valor\s+tributario)|UVT|UIT|UF|US\$|USD|EUR|KES|KSh|GHS|NGN|ZAR|ZWL|XOF|XAF|BWP|SZL|NAD"
)
_CURRENCY_SIGNS = r"(?:Kshs?\.?|US\$|R\$|\$|€|£|₦|₵|N|R|K|P|E|KSh|Ksh|GH₵|GHS|NGN|KES|ZAR|USD|EUR)"
_SCALE = r"(?:\s+(?:million|billion|thousand|milliards?|millions?|mille|mil|mill[óo]n|millones|milh[ãa]o|milh[õo]es))?"
# Amounts also print thousands as "100, 000,000" (a space after the comma).
_AMOUNT_RE = r"(?:\d{1,3}(?:(?:,\s?|[\s.\u202f\u00a0])\d{3})+|\d+)(?:[.,]\d+)?"
_MONEY = re.compile(
    rf"(?P<pre>(?<![\w]){_CURRENCY_SIGNS})\s?(?P<pnum>{_AMOUNT_RE}{_SCALE})(?![\w])"
    rf"|(?<![\w-])(?P<num>{_AMOUNT_RE}{_SCALE}|{_WORDS_RE})(?:\s*\(\s*(?:{_CURRENCY_SIGNS}\s?)?{_AMOUNT_RE}\s*\))?"
    rf"\s+(?:de\s+|d')?(?P<cur>{_CURRENCY_WORDS})(?![\w])"
    rf"|(?<![\w-])(?P<pct>{_DIGITS_RE}|{_WORDS_RE})(?:\s*\(\s*{_DIGITS_RE}\s*%?\s*\))?"  # "five (5) per cent"
    rf"\s?(?:%|percentage|per\s?cent(?:um)?|pour\s?cent|por\s?cien(?:to)?|por\s?cento)"
    rf"(?:\s*\([^()]{{1,40}}\))?"  # "2% (dois por cento)"
    rf"(?P<turnover>\s+(?:of\s+(?:the\s+)?(?:its\s+|their\s+)?(?:total\s+|annual\s+|gross\s+|worldwide\s+|global\s+)*"
    rf"(?:annual\s+)?(?:turnover|revenue|income)|du\s+chiffre\s+d'affaires"
    rf"|(?:de\s+(?:la|los|sus)|del|do|da|dos|de\s+seu|de\s+su)\s+(?:(?:volumen\s+de\s+)?negocios|facturaci[óo]n|faturamento|"
    rf"ingresos|receitas?|volume\s+de\s+neg[óo]cios|cifra\s+de\s+negocios)))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    """An amount of money, or a share of turnover, as worded in the law."""

    text: str
    start: int
    end: int
    value: float
    currency: str  # as printed ("shillings", "N"), or "%" for a share of turnover


def find_money(text: str) -> list[Money]:
    """Amounts of money and shares of turnover in `text`, in order of appearance."""
    found = []
    for match in _MONEY.finditer(text):
        if match.group("pct") is not None:
            if not match.group("turnover"):
                continue
            value, currency = _number(match.group("pct")), "%"
        elif match.group("pre") is not None:
            value, currency = _scaled(match.group("pnum")), match.group("pre")
        else:
            value, currency = _scaled(match.group("num")), match.group("cur")
        if value is not None and value > 0:
            found.append(Money(match.group(0), match.start(), match.end(), value, currency))
    return found


def _scaled(text: str) -> float | None:
    parts = re.match(rf"({_DIGITS_RE})(?:\s+(\w+))?$", text.strip())
    if parts and parts.group(2):
        base = digits_to_number(parts.group(1))
        factor = _MULTIPLIERS.get(parts.group(2).lower())
        return base * factor if base is not None and factor else None
    return _number(text.strip())


# --------------------------------------------------------------------------- benchmarks


@dataclass(frozen=True)
class Comparison:
    """A found quantity judged against a benchmark."""

    found: str | None
    satisfied: bool | None
    note: str


def compare_duration(duration: Duration, maximum: float | None, minimum: float | None, unit: str) -> Comparison:
    """Whether `duration` meets a benchmark of at most `maximum` / at least `minimum` `unit`."""
    value = duration.hours() / _HOURS_PER[unit]
    if minimum is not None and duration.ceiling:  # "up to 30 days" guarantees no minimum
        return Comparison(duration.text, False, f"found {duration.text}, an upper limit; benchmark {_benchmark(maximum, minimum, unit)}")
    satisfied = (maximum is None or value <= maximum + 1e-9) and (minimum is None or value >= minimum - 1e-9)
    return Comparison(duration.text, satisfied, f"found {duration.text}; benchmark {_benchmark(maximum, minimum, unit)}")


def compare_money(money: Money, maximum: float | None, minimum: float | None) -> Comparison:
    """Shares of turnover compare as percentages; a benchmark of at least a share of turnover
    is not met by a fixed amount (fixed fines fall short of turnover-based ones for large firms)."""
    if money.currency != "%" and minimum is not None and minimum <= 100:
        return Comparison(money.text, False, f"found {money.text}, a fixed amount; benchmark at least {_plain(minimum)}% of turnover")
    if money.currency != "%" and maximum is not None and maximum <= 100:
        return Comparison(money.text, None, f"found {money.text}; not comparable with the benchmark")
    satisfied = (maximum is None or money.value <= maximum) and (minimum is None or money.value >= minimum)
    unit = "%" if money.currency == "%" else ""
    return Comparison(money.text, satisfied, f"found {money.text}; benchmark {_benchmark(maximum, minimum, unit)}")


def _benchmark(maximum: float | None, minimum: float | None, unit: str) -> str:
    parts = []
    if maximum is not None:
        parts.append(f"at most {_plain(maximum)} {unit}".rstrip())
    if minimum is not None:
        parts.append(f"at least {_plain(minimum)} {unit}".rstrip())
    return " and ".join(parts) or "none set"


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
