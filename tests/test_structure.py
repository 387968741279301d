"""Structure on synthetic lines: numbering conventions, TOC, headings, definitions, insertions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck import structure, subdivisions
from gapcheck.models import Line
from gapcheck.structure import parse_number, split_provisions


def lines_of(text: str, per_page: int = 1000) -> list[Line]:
    rows = [row.strip() for row in text.strip().splitlines() if row.strip()]
    return [Line(text=row, page=1 + i // per_page, x0=72, size=10) for i, row in enumerate(rows)]


BODY = "This provision has enough words in it to count as the text of a real section of a law."


@pytest.mark.parametrize(
    "printed, number, key",
    [("12A", "12A", (12, 1)), ("premier", "1er", (1, 0)), ("1er", "1er", (1, 0)), ("12 bis", "12 bis", (12, 1)),
     ("431-8", "431-8", (431, 1008)), ("1º", "1º", (1, 0)), ("One", "1", (1, 0)), ("IV", "IV", (4, 0))],
)
def test_structure_parse_number(printed: str, number: str, key: tuple[int, int]) -> None:
    assert parse_number(printed) == (number, key)


def test_structure_skips_table_of_contents() -> None:
    text = f"""
    ARRANGEMENT OF SECTIONS
    1. Short title .......... 2
    2. Interpretation ....... 2
    3. Duties ............... 3
    PART I — PRELIMINARY
    1. Short title
    This Act may be cited as the Test Act. {BODY}
    2. Interpretation
    In this Act, "data" means information in any form; "person" includes a company; {BODY}
    3. Duties
    (1) A controller shall act fairly. {BODY}
    (2) A controller shall —
    (a) keep records; and
    (b) report breaches.
    """
    provisions, definitions = split_provisions(lines_of(text, per_page=5))
    assert [(p.number, p.heading, p.page) for p in provisions] == [("1", "Short title", 2), ("2", "Interpretation", 2), ("3", "Duties", 3)]
    assert provisions[0].part == "PART I — PRELIMINARY"
    assert [c.number for c in provisions[2].children] == ["(1)", "(2)"]
    assert [c.number for c in provisions[2].children[1].children] == ["(a)", "(b)"]
    assert [(d.term, d.provision) for d in definitions] == [("data", "2"), ("person", "2")]


def test_structure_french_articles_alineas_and_degrees() -> None:
    text = f"""
    TITRE PREMIER — DISPOSITIONS GÉNÉRALES
    Article premier
    La présente loi a pour objet la protection des données. {BODY}
    Article 2
    Au sens de la présente loi, on entend par :
    - Données : toute information relative à une personne ;
    - Traitement : toute opération portant sur des données ;
    Article 2 bis
    Le responsable du traitement est tenu :
    1° de informer la personne ;
    2° de sécuriser les données :
    a) par des mesures techniques ;
    b) par des mesures organisationnelles.
    Art. 3
    Le présent article est bref. {BODY}
    """
    provisions, definitions = split_provisions(lines_of(text))
    assert [p.number for p in provisions] == ["1er", "2", "2 bis", "3"]
    assert provisions[0].part.startswith("TITRE PREMIER")
    degrees = provisions[2].children
    assert [c.number for c in degrees] == ["(1)", "(2)"]
    assert [c.number for c in degrees[1].children] == ["(a)", "(b)"]
    assert [d.term for d in definitions] == ["Données", "Traitement"]


def test_structure_inserted_sections_belong_to_the_amending_section() -> None:
    text = f"""
    1. Short title
    This Act may be cited as the Amendment Act. {BODY}
    2. Amendment of Penal Code
    The Penal Code is amended by inserting after section 163 the following section —
    "163A. Cyber harassment
    (1) A person who harasses another by electronic means commits an offence. {BODY}
    3. Commencement
    This Act comes into force on publication. {BODY}
    """
    provisions, _ = split_provisions(lines_of(text))
    assert [p.number for p in provisions] == ["1", "2", "3"]
    inserted = provisions[1].children[-1]
    assert (inserted.kind, inserted.number) == ("inserted", "163A")
    assert "harasses another" in inserted.text
    assert provisions[1].text[inserted.offset :].startswith("163A")


def test_structure_french_inserted_articles() -> None:
    text = f"""
    Article 1
    Il est inséré dans le code pénal les articles 431-7 à 431-8 ainsi rédigés :
    Article 431-7
    Quiconque accède frauduleusement à un système est puni. {BODY}
    Article 431-8
    La tentative est punie des mêmes peines. {BODY}
    Article 2
    La présente loi sera exécutée comme loi de l'État. {BODY}
    Article 3
    Dernier article. {BODY}
    """
    provisions, _ = split_provisions(lines_of(text))
    assert [p.number for p in provisions] == ["1", "2", "3"]
    assert [(c.number, c.kind) for c in provisions[0].children] == [("431-7", "inserted"), ("431-8", "inserted")]


@pytest.mark.parametrize(
    "line, number, heading",
    [
        ("Section 3. Definition of Terms. – For the purposes of this Act:", "3", "Definition of Terms"),
        ("Article 6: Writing in electronic form", "6", "Writing in electronic form"),
        ("Artículo 1. Objeto", "1", "Objeto"),
        ("Article 3 – Definitions", "3", "Definitions"),
        ("Art. 1º Esta Lei dispõe sobre o tratamento de dados pessoais.", "1º", ""),
    ],
)
def test_structure_numbering_conventions(line: str, number: str, heading: str) -> None:
    word = line.split()[0]
    follow = [f"{word} {n}{'º' if 'º' in line else ''}{'.' if word in ('Section', 'Artículo') else ''} Next provision. {BODY}" for n in (int(number.rstrip("º")) + 1, int(number.rstrip("º")) + 2)]
    provisions, _ = split_provisions(lines_of("\n".join([line, BODY, *follow])))
    assert (provisions[0].number, provisions[0].heading) == (number, heading)


def test_structure_schedule_after_last_section() -> None:
    text = f"""
    1. Short title
    This Act may be cited as the Test Act. {BODY}
    2. Regulations
    The Minister may make regulations. {BODY}
    FIRST SCHEDULE
    (Section 2)
    Forms
    1. A form shall be in writing.
    """
    provisions, _ = split_provisions(lines_of(text))
    assert [(p.number, p.kind, p.heading) for p in provisions] == [("1", "section", "Short title"), ("2", "section", "Regulations"), ("FIRST SCHEDULE", "schedule", "Forms")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=60), max_size=40))
def test_structure_never_crashes(rows: list[str]) -> None:
    lines = [Line(text=row, page=1 + i // 7, x0=float(i % 3) * 20, size=10) for i, row in enumerate(rows)]
    provisions, _ = split_provisions(lines)
    for provision in provisions:
        assert provision.page <= provision.end_page or provision.end_page == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["1. Title", "(1) Text", "(a) item", "2. Other", "Article 3", "PART I", "“x” means y;", BODY, "(i) sub", "SCHEDULE", "3A. More"]), max_size=40))
def test_structure_never_crashes_on_law_like_lines(rows: list[str]) -> None:
    provisions, _ = split_provisions(lines_of("\n".join(rows) or "x"))
    for provision in provisions:
        for child in provision.walk()[1:]:
            assert child.text


def test_structure_margin_note_is_the_heading() -> None:
    lines = [
        Line("Duty of care", page=1, x0=20, top=100, size=7, margin_note=True),
        Line(f"1. (1) A controller shall take care. {BODY}", page=1, x0=90, top=100, size=10),
        Line("Cap. 12:01", page=1, x0=20, top=130, size=7, margin_note=True),
        Line(f"(2) The Minister may make rules. {BODY}", page=1, x0=90, top=130, size=10),
        Line("Offences", page=2, x0=20, top=100, size=7, margin_note=True),
        Line(f"2. A person who breaks this Act commits an offence. {BODY}", page=2, x0=90, top=100, size=10),
    ]
    provisions, _ = split_provisions(lines)
    assert [(p.number, p.heading, p.page) for p in provisions] == [("1", "Duty of care", 1), ("2", "Offences", 2)]
    assert "Cap. 12:01" not in provisions[0].text


def test_structure_bold_heading_on_two_lines() -> None:
    lines = [
        Line("5 Designation of the Regulatory Authority", page=1, x0=70, size=10, bold=True),
        Line("as Data Protection Authority", page=1, x0=80, size=10, bold=True),
        Line(f"The Authority is hereby designated. {BODY}", page=1, x0=80, size=10),
        Line("6 Functions of Authority", page=1, x0=70, size=10, bold=True),
        Line(f"(1) The Authority shall supervise. {BODY}", page=1, x0=80, size=10),
    ]
    provisions, _ = split_provisions(lines)
    assert [p.heading for p in provisions] == ["Designation of the Regulatory Authority as Data Protection Authority", "Functions of Authority"]
    assert provisions[0].text.startswith("The Authority is hereby designated")


def test_structure_unquoted_definitions() -> None:
    text = f"""
    Article 1: Definitions
    For the purposes of this Convention:
    Child means a person under eighteen;
    Data subject means the person to whom data relate;
    Article 2: Scope
    This Convention applies to electronic commerce. {BODY}
    """
    _, definitions = split_provisions(lines_of(text))
    assert [(d.term, d.provision) for d in definitions] == [("Child", "1"), ("Data subject", "1")]


@pytest.mark.parametrize(
    "intro, entries, terms",
    [
        ("Au sens de la présente loi, on entend par :", ["1° « données » : toute information ;", "2° « traitement » : toute opération ;"], ["données", "traitement"]),
        ("Dans la présente loi :", ["« fournisseur » désigne toute personne ;", "« consommateur » désigne toute personne physique ;"], ["fournisseur", "consommateur"]),
        ("For the purposes of this Act, the following terms are defined:", ["(a) Access refers to the use of a system.", "(b) Alteration refers to a change."], ["Access", "Alteration"]),
    ],
)
def test_structure_definition_wordings(intro: str, entries: list[str], terms: list[str]) -> None:
    text = "\n".join(["Article 2", intro, *entries, "Article 3", f"Texte. {BODY}", "Article 4", f"Texte. {BODY}"])
    _, definitions = split_provisions(lines_of(text))
    assert [d.term for d in definitions] == terms


def test_structure_brazilian_lettered_articles_and_sentence_start_lines() -> None:
    text = f"""
    Art. 55. (VETADO).
    Art. 55-A. Fica criada a autoridade nacional de
    proteção de dados, com autonomia técnica. {BODY}
    Art. 55-B. Compete à autoridade:
    I - fiscalizar o tratamento;
    II - aplicar sanções. {BODY}
    Art. 56. O controlador deverá comunicar à autoridade nacional
    a ocorrência de incidente de segurança. {BODY}
    """
    provisions, _ = split_provisions(lines_of(text))
    assert [p.number for p in provisions] == ["55", "55-A", "55-B", "56"]
    assert [p.heading for p in provisions[1:]] == ["", "", ""]
    assert provisions[3].text.startswith("O controlador deverá comunicar")


def test_structure_parse_number_keeps_brazilian_dash() -> None:
    assert parse_number("55-A") == ("55-A", (55, 1))


# Wordings the patterns look for, near misses, and letters whose case folds oddly (dotless ı, long ſ, Kelvin K).
WORDING_PARTS = ["in this Act", "For The Purposes of this", "as used in", "AU SENS DE", "on entend par", "les définitions",
                 "se entiende por", "para os fins desta", "considera-se", "following terms", "is hereby inserted", "are added",
                 "the following new section", "est remplacée", "comme suit", "passam a vigorar", "quedará así", "as follows",
                 "ın thıs act", "ſe entiende", "K", "i", "s", " ", "\n", "-", "é"]


@pytest.mark.parametrize("name", ["INSERTION", "DEFINITION_INTRO"])
@given(parts=st.lists(st.sampled_from(WORDING_PARTS), max_size=8), cases=st.lists(st.booleans(), min_size=8, max_size=8))
@settings(max_examples=200, deadline=None)
def test_structure_lookahead_of_a_wording_pattern_changes_no_match(name: str, parts: list[str], cases: list[bool]) -> None:
    """The lookahead naming the wordings' first letters only lets the engine skip places: it finds what the wordings alone find."""
    pattern = {"INSERTION": structure.INSERTION, "DEFINITION_INTRO": subdivisions.DEFINITION_INTRO}[name]
    lookahead, wordings = re.match(r"(\(\?=\[\w+\]\[[\w ]+\]\))(.*)", pattern.pattern, re.DOTALL).groups()
    text = "".join(part.upper() if upper else part for part, upper in zip(parts, cases))
    found, plain = pattern.search(text), re.compile(wordings, pattern.flags).search(text)
    assert (found and found.span()) == (plain and plain.span())


LABEL_PARTS = ["means", "x", " ", "\n", "\t\u00a0", "IVX", "XVII", "V", "123", "7", "(", ")", ".", "°", "º", "ab", "-", "–", "•"]


@pytest.mark.parametrize(
    ("body", "cut"),
    [("the data subject; (123)", "the data subject;"), ("the data subject; 12 °", "the data subject;"), ("the holder; IVXXV –", "the holder;"),
     ("the holder; (ab)", "the holder;"), ("the holder; •", "the holder;"), ("the holder; IVXXVI -", "the holder; I"), ("the holder", "the holder")],
)
def test_structure_next_term_label_is_cut_from_a_definition(body: str, cut: str) -> None:
    assert subdivisions.without_next_label(body) == cut


@given(st.lists(st.sampled_from(LABEL_PARTS), max_size=14))
@settings(max_examples=400, deadline=None)
def test_structure_next_term_label_is_cut_as_a_search_of_the_whole_text_cuts_it(parts: list[str]) -> None:
    body = re.sub(r"\s+", " ", "".join(parts)).strip()  # as a definition's text is before its label is cut
    assert subdivisions.without_next_label(body) == subdivisions.NEXT_LABEL.sub("", body)
