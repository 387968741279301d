"""Tests of gapcheck.match on synthetic laws and a small checklist written for the tests."""

from __future__ import annotations

import pytest
import yaml

from gapcheck.checklist.schema import Checklist
from gapcheck.match import assess, assess_text
from gapcheck.models import Definition, Law, Provision, Status

CHECKLIST = Checklist.model_validate(yaml.safe_load("""
domain: data-protection
title: Test
concepts:
  authority: {en: [commission, supervisory authority, regulator], fr: [autorité de contrôle, commission]}
items:
  - id: DP-22
    title: Breach notification to the authority
    ask: Must breaches be notified to the authority?
    refs: [GDPR Art 33]
    benchmark: within 72 hours
    explanation: e
    recommendation: r
    scope: sentence
    concepts:
      breach: {en: [breach, security compromise*], fr: [violation]}
      notify: {en: [notif*, inform*], fr: [notifi*, inform*]}
    require: [breach, notify, authority]
    partial: [[breach, notify]]
    quantity: {kind: duration, max: 72, unit: hours}
  - id: DP-02
    title: Core definitions
    ask: Does it define personal data?
    refs: [GDPR Art 4]
    explanation: e
    recommendation: r
    definitions: count
    concepts:
      personal: {en: [personal data], fr: [données à caractère personnel]}
    require: [personal]
  - id: DP-30
    title: Right of access
    ask: Access?
    refs: [GDPR Art 15]
    explanation: e
    recommendation: r
    scope: sentence
    concepts:
      subject: {en: [data subject], fr: [personne concernée]}
      access: {en: [access], fr: [accès]}
    require: [subject, access]
    exclude: {en: [law enforcement]}
"""))
BREACH, DEFINES, ACCESS = CHECKLIST.items


@pytest.mark.parametrize(
    ("text", "language", "status"),
    [
        ("The controller shall notify the Commission of a breach within 72 hours.", "en", Status.MET),
        ("The controller shall notify the Commission of a breach within seventy-two (72) hours.", "en", Status.MET),
        ("A breach shall be notified to the Regulator within 48 hours.", "en", Status.MET),
        ("The controller shall notify the Commission of a breach without undue delay.", "en", Status.PARTIAL),
        ("The controller shall notify the Commission of a breach within seven days.", "en", Status.PARTIAL),
        ("The controller shall notify the data subject of a breach within 72 hours.", "en", Status.PARTIAL),
        ("The Minister may make regulations on notifying the Commission of a breach within 72 hours.", "en", Status.PARTIAL),
        ("This section shall not apply to a breach notified to the Commission within 72 hours.", "en", Status.MISSING),
        ("The Commission shall publish an annual report.", "en", Status.MISSING),
        ("Le responsable notifie la violation à la Commission dans les soixante-douze heures.", "fr", Status.MET),
        ("Le responsable notifie la violation à la Commission sans délai.", "fr", Status.PARTIAL),
    ],
)
def test_match_breach_item(text: str, language: str, status: Status) -> None:
    finding = assess_text(text, BREACH, language, CHECKLIST)
    assert finding.status is status
    if status is Status.MET:
        assert finding.evidence and finding.evidence[0].quote in text
        assert finding.benchmark is not None and finding.benchmark.satisfied


def test_match_benchmark_note_names_found_and_benchmark() -> None:
    finding = assess_text("The controller shall notify the Commission of a breach within seven days.", BREACH, "en", CHECKLIST)
    assert finding.benchmark is not None
    assert finding.benchmark.found == "seven days"
    assert finding.benchmark.satisfied is False
    assert finding.benchmark.note == "found seven days; benchmark at most 72 hours"


def test_match_exclude_terms_disqualify_the_sentence() -> None:
    assert assess_text("A data subject may request access.", ACCESS, "en", CHECKLIST).status is Status.MET
    assert assess_text("For law enforcement, a data subject may request access.", ACCESS, "en", CHECKLIST).status is Status.MISSING


def _section(number: str, text: str, heading: str = "", page: int = 1, children: list[Provision] | None = None) -> Provision:
    return Provision(number=number, kind="section", heading=heading, text=text, page=page, end_page=page,
                     children=children or [], pages=((0, page),))


def _subsections(*texts: str) -> tuple[str, list[Provision]]:
    whole, children = "", []
    for index, text in enumerate(texts, 1):
        children.append(Provision(number=f"({index})", kind="subsection", text=text, offset=len(whole)))
        whole += text + "\n"
    return whole.rstrip("\n"), children


def _law(*provisions: Provision, definitions: list[Definition] | None = None) -> Law:
    return Law(source="law.pdf", pages=9, language="en", title="Test Act", provisions=list(provisions),
               definitions=definitions or [])


def test_match_evidence_cites_subsection_path_and_page() -> None:
    text, children = _subsections("(1) Other matters.", "(2) The controller shall notify the Commission of a breach within 72 hours.")
    law = _law(_section("43", text, "Notification", page=7, children=children))
    finding = assess([law], CHECKLIST)[0]
    assert finding.status is Status.MET
    evidence = finding.evidence[0]
    assert (evidence.law, evidence.provision, evidence.path, evidence.page) == ("law.pdf", "43", "43(2)", 7)
    assert evidence.quote == "(2) The controller shall notify the Commission of a breach within 72 hours."
    assert set(evidence.concepts) == {"authority", "breach", "notify"}


def test_match_heading_alone_never_satisfies() -> None:
    law = _law(_section("9", "The Commission shall keep records.", heading="Breach notification"))
    assert assess([law], CHECKLIST)[0].status is Status.MISSING


def test_match_heading_may_supply_one_missing_concept() -> None:
    law = _law(_section("9", "The controller shall notify the Regulator within 48 hours.", heading="Security compromises"))
    finding = assess([law], CHECKLIST)[0]
    assert finding.status is Status.MET
    assert finding.evidence[0].heading == "Security compromises"


def test_match_definitions_do_not_count_unless_item_says_so() -> None:
    definition = '"personal data" means information about an identifiable person; "breach" means a breach to notify the Commission within 1 hour.'
    law = _law(_section("2", definition, heading="Interpretation"),
               definitions=[Definition("personal data", "2", "information about an identifiable person")])
    findings = {f.item: f for f in assess([law], CHECKLIST)}
    assert findings["DP-22"].status is Status.MISSING
    assert findings["DP-02"].status is Status.MET


def test_match_defined_term_becomes_a_wording_of_its_concept() -> None:
    law = _law(
        _section("2", 'In this Act "Agency" means the supervisory authority established by section 5.', heading="Interpretation"),
        _section("30", "The controller shall notify the Agency of a breach within 24 hours."),
        definitions=[Definition("Agency", "2", "the supervisory authority established by section 5")],
    )
    finding = assess([law], CHECKLIST)[0]
    assert finding.status is Status.MET
    assert finding.evidence[0].provision == "30"
    assert "Agency" in finding.evidence[0].terms


@pytest.mark.parametrize(
    ("meaning", "carries"),
    [
        ('"Agency" means the supervisory authority established by section 5', True),
        ('"Agency" means the Data Commission established under section 5', True),
        ('"Agency" shall mean a body which is a commission under the Act', False),  # only in a relative clause
        ('"Agency" means a body, including a regulator', False),  # after the head's comma
        ('"Agency" includes a commission', False),  # no identity stated
        ("« Agency » : la commission prévue à l'article 5", True),
        ("« Agency » : l'organe qui saisit la commission", False),
    ],
)
def test_match_defined_term_carries_only_the_head_of_its_meaning(meaning: str, carries: bool) -> None:
    law = _law(
        _section("2", f"In this Act {meaning}.", heading="Interpretation"),
        _section("30", "The controller shall notify the Agency of a breach within 24 hours."),
        definitions=[Definition("Agency", "2", meaning)],
    )
    assert (assess([law], CHECKLIST)[0].status is Status.MET) is carries


def test_match_framework_best_law_wins_and_evidence_names_it() -> None:
    weak = _law(_section("1", "The controller shall notify the Commission of a breach without delay."))
    strong = Law(source="other.pdf", pages=1, language="en", title="Other",
                 provisions=[_section("12", "A breach shall be notified to the Commission within 72 hours.")])
    finding = assess([weak, strong], CHECKLIST)[0]
    assert finding.status is Status.MET
    assert finding.evidence[0].law == "other.pdf"
    assert {e.law for e in finding.evidence} == {"law.pdf", "other.pdf"}


def test_match_findings_in_item_order_and_met_always_quoted() -> None:
    law = _law(_section("1", "The data subject has a right of access. Personal data shall be protected."))
    findings = assess([law], CHECKLIST)
    assert [f.item for f in findings] == ["DP-22", "DP-02", "DP-30"]
    for finding in findings:
        assert finding.status is not Status.MET or finding.evidence
        assert 0 <= finding.confidence <= 1


def test_match_evidence_ordered_best_first_one_per_provision() -> None:
    law = _law(
        _section("1", "The controller shall notify the data subject of a breach."),
        _section("2", "The controller shall notify the Commission of a breach within 72 hours. It shall also inform the Commission."),
    )
    finding = assess([law], CHECKLIST)[0]
    assert [e.provision for e in finding.evidence] == ["2", "1"]


def test_match_long_quote_is_trimmed_exact_text() -> None:
    filler = "and other matters of procedure " * 30
    text = f"The controller shall, {filler}notify the Commission of a breach within 72 hours, {filler}as required."
    finding = assess_text(text, BREACH, "en", CHECKLIST)
    quote = finding.evidence[0].quote
    assert len(quote) <= 500 and quote in text and "notify" in quote


def test_match_disapplying_sentence_counts_only_when_item_terms_hold_the_negation() -> None:
    exemption = Checklist.model_validate(yaml.safe_load("""
domain: data-protection
title: Test
items:
  - id: DP-33
    title: Exemptions
    ask: Exemptions?
    refs: [GDPR Art 23]
    explanation: e
    recommendation: r
    concepts:
      exempt: {en: [shall not apply, exempt*]}
      journalism: {en: [journalis*]}
      apply: {en: [apply]}
    require: [exempt, journalism]
    partial: [[apply, journalism]]
"""))
    item = exemption.items[0]
    assert assess_text("This Act shall not apply to journalism.", item, "en", exemption).status is Status.MET
    # "apply" alone does not hold the negation: the disapplying sentence is no evidence for it
    law = _law(_section("5", "Section 4 does not apply to journalism."))
    assert assess([law], exemption)[0].status is Status.MISSING


def test_match_prohibition_wording_does_not_hold_a_disapplying_negation() -> None:
    prohibition = Checklist.model_validate(yaml.safe_load("""
domain: consumer-protection
title: Test
items:
  - id: CP-09
    title: Unsolicited messages
    ask: Banned?
    refs: [OECD]
    explanation: e
    recommendation: r
    scope: sentence
    concepts:
      forbid: {en: [shall not, prohibit*]}
      spam: {en: [unsolicited]}
    require: [forbid, spam]
"""))
    item = prohibition.items[0]
    assert assess_text("A supplier shall not send unsolicited messages.", item, "en", prohibition).status is Status.MET
    disapplied = "This Part shall not apply to unsolicited messages sent by a charity."
    assert assess_text(disapplied, item, "en", prohibition).status is Status.MISSING


def test_match_own_provisions_rank_before_amendments_of_other_laws() -> None:
    amending = _section("40", "(1) In section 12 of the Penal Code, the controller shall notify the Commission of a breach within 72 hours.",
                        heading="Amendment of Penal Code")
    own = _section("20", "A breach shall be notified by the controller to the Commission within 24 hours.", heading="Notification")
    finding = assess([_law(own, amending)], CHECKLIST)[0]
    assert [e.provision for e in finding.evidence] == ["20", "40"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("An offender is liable to an administrative fine of up to ten million dollars or 4% of annual turnover, whichever is higher.", Status.MET),
        ("An offender is liable to an administrative fine of up to ten million dollars.", Status.PARTIAL),
        ("An offender is liable to an administrative fine.", Status.PARTIAL),
    ],
)
def test_match_fines_measured_by_share_of_turnover(text: str, status: Status) -> None:
    fines = Checklist.model_validate(yaml.safe_load("""
domain: data-protection
title: Test
items:
  - id: DP-32
    title: Sanctions
    ask: Fines?
    refs: [GDPR Art 83]
    benchmark: 4% of turnover
    explanation: e
    recommendation: r
    concepts:
      offence: {en: [offender, contravene*]}
      penalty: {en: [fine*]}
    require: [offence, penalty]
    quantity: {kind: money, min: 4, near: [penalty]}
"""))
    assert assess_text(text, fines.items[0], "en", fines).status is status


ESPT = Checklist.model_validate(yaml.safe_load("""
domain: data-protection
title: Test
concepts:
  authority:
    en: [commission]
    es: [autoridad de protección de datos, superintendencia]
    pt: [autoridade nacional, anpd]
items:
  - id: DP-22
    title: Breach notification to the authority
    ask: Must breaches be notified to the authority?
    refs: [GDPR Art 33]
    benchmark: within 72 hours
    explanation: e
    recommendation: r
    scope: subsection
    concepts:
      breach: {en: [breach], es: [violación de la seguridad, incidente de seguridad], pt: [incidente de segurança]}
      notify: {en: [notif*], es: [notificar, informar], pt: [comunicar, notificar]}
    require: [breach, notify, authority]
    partial: [[breach, notify]]
    quantity: {kind: duration, max: 72, unit: hours}
"""))


@pytest.mark.parametrize(
    ("provisions", "language", "status"),
    [
        (["El responsable notificará a la Superintendencia toda violación de la seguridad dentro de las setenta y dos horas."], "es", Status.MET),
        (["El responsable notificará a la Superintendencia toda violación de la seguridad sin dilación indebida."], "es", Status.PARTIAL),
        (["El responsable informará al titular de todo incidente de seguridad."], "es", Status.PARTIAL),
        (["La Superintendencia publicará un informe anual."], "es", Status.MISSING),
        (["O controlador deverá comunicar à ANPD o incidente de segurança em até 72 (setenta e duas) horas."], "pt", Status.MET),
        (["O controlador deverá comunicar à autoridade nacional a ocorrência de incidente de segurança.\n"
          "§ 1º A comunicação será feita em prazo razoável."], "pt", Status.PARTIAL),
        (["Esta Lei não se aplica ao incidente de segurança comunicado à autoridade nacional em 72 horas."], "pt", Status.MISSING),
        (["The controller shall notify the Commission of a breach within 72 hours."], "xx", Status.MET),
    ],
)
def test_match_spanish_and_portuguese_laws(provisions: list[str], language: str, status: Status) -> None:
    law = Law(source="law.pdf", pages=1, language=language, title="t",
              provisions=[Provision(number=str(i + 1), kind="article", text=t, page=1, end_page=1)
                          for i, t in enumerate(provisions)])
    finding = assess([law], ESPT)[0]
    assert finding.status is status
    if status is Status.MET:
        assert finding.evidence and finding.evidence[0].quote in provisions[0]


def test_match_term_broken_across_lines_still_matches() -> None:
    law = _law(_section("30", "The controller shall notify the Commission of a security\ncompromise within 24 hours."))
    finding = assess([law], CHECKLIST)[0]
    assert finding.status is Status.MET
    assert "security compromise" in finding.evidence[0].terms
    assert "security\ncompromise" in finding.evidence[0].quote  # the quote is the law's own text


@pytest.mark.parametrize(
    ("heading", "definitions"),
    [("Interpretation", True), ("Definitions and interpretation", True), ("Key definitions", True),
     ("Définitions", True), ("Application and interpretation of Act", False), ("Scope", False)],
)
def test_match_definitions_section_told_by_its_heading(heading: str, definitions: bool) -> None:
    from gapcheck.concepts import read

    law = _law(_section("2", "The Commission shall keep records.", heading=heading))
    assert read(law).blocks[0].sentences[0].definition is definitions


def test_match_definition_entries_are_sentences_of_their_own() -> None:
    from gapcheck.concepts import read

    text = ('In this Act\n"breach" means a security compromise;\n"fee" means a fee the Minister may prescribe;\n'
            '"Commission" means the Data Commission.')
    meanings = ["a security compromise", "a fee the Minister may prescribe", "the Data Commission"]
    terms = ["breach", "fee", "Commission"]
    law = _law(_section("2", text, heading="Interpretation"),
               definitions=[Definition(t, "2", f'"{t}" means {m}') for t, m in zip(terms, meanings)])
    sentences = read(law).blocks[0].sentences
    assert [text[s.start:s.end] for s in sentences][1:] == [
        '"breach" means a security compromise;', '"fee" means a fee the Minister may prescribe;',
        '"Commission" means the Data Commission.']
    assert [s.regulation for s in sentences] == [False, False, True, False]


@pytest.mark.parametrize(
    ("heading", "counts"),
    [("Objects of this Act", False), ("Purpose", False), ("Declaration of policy", False), ("Objet de la loi", False),
     ("Purpose limitation", True), ("Finalité", True), ("Notification", True)],
)
def test_match_purpose_and_policy_sections_are_no_evidence(heading: str, counts: bool) -> None:
    law = _law(_section("3", "The controller shall notify the Commission of a breach within 72 hours.", heading=heading))
    assert (assess([law], CHECKLIST)[0].status is Status.MET) is counts


def test_match_schedule_supports_but_never_makes_met() -> None:
    schedule = Provision(number="Schedule 2", kind="schedule", text="The controller shall notify the Commission of a breach within 72 hours.",
                         page=9, end_page=9, pages=((0, 9),))
    finding = assess([_law(schedule)], CHECKLIST)[0]
    assert finding.status is Status.PARTIAL and finding.evidence[0].provision == "Schedule 2"
    section = _section("30", "The controller shall notify the Commission of a breach within 72 hours.")
    finding = assess([_law(schedule, section)], CHECKLIST)[0]
    assert finding.status is Status.MET and finding.evidence[0].provision == "30"


def test_match_reason_uses_wording_and_evidence_cites_the_kind() -> None:
    article = Provision(number="12", kind="article", text="The controller shall notify the Commission of a breach without delay.",
                        page=1, end_page=1, pages=((0, 1),))
    finding = assess([_law(article)], CHECKLIST)[0]
    assert finding.evidence[0].kind == "article"
    assert finding.reason.startswith('art. 12 expresses "commission", "breach" and "notif"'), finding.reason
    assert "authority" not in finding.reason


@pytest.mark.parametrize(
    "text",
    ["A Presidential Order determines how the controller shall notify the Commission of a breach within 72 hours.",
     "How the controller shall notify the Commission of a breach within 72 hours shall be determined by regulations.",
     "Un arrêté fixe comment le responsable notifie la violation à la Commission dans les soixante-douze heures."],
)
def test_match_power_to_prescribe_later_gives_partial(text: str) -> None:
    assert assess_text(text, BREACH, "fr" if text.startswith("Un") else "en", CHECKLIST).status is Status.PARTIAL


def test_match_enumerated_items_complete_their_lead_in() -> None:
    lead = "The controller shall, within 72 hours, notify:"
    text, children = _subsections("(1) the Commission; and", "(2) the data subject,")
    law = _law(_section("30", f"{lead}\n{text}\nof a breach.", heading="Duties",
                        children=[Provision(c.number, c.kind, text=c.text, offset=c.offset + len(lead) + 1) for c in children]))
    by_subsection = Checklist(domain="data-protection", title="t", concepts=CHECKLIST.concepts,
                              items=[BREACH.model_copy(update={"scope": "subsection"})])
    assert assess([law], by_subsection)[0].status is Status.MET


def test_match_inserted_provisions_are_graded_apart_from_their_amending_article() -> None:
    first = "431-8. The controller shall notify the data subject of a breach."
    second = "431-9. The Commission keeps a register within 72 hours."
    lead = "The following articles are inserted in the Penal Code:\n"
    text = f"{lead}{first}\n{second}"
    inserted = [Provision(number="431-8", kind="inserted", text=first, offset=len(lead)),
                Provision(number="431-9", kind="inserted", text=second, offset=len(lead) + len(first) + 1)]
    law = _law(_section("1", text, children=inserted))
    by_provision = Checklist(domain="data-protection", title="t", concepts=CHECKLIST.concepts,
                             items=[BREACH.model_copy(update={"scope": "provision"})])
    # the Commission of 431-9 does not complete the notification of 431-8
    assert assess([law], by_provision)[0].status is Status.PARTIAL


@pytest.mark.parametrize("enabled", [True, False])
def test_match_assess_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assess_text("The controller shall notify the Commission of a breach within 72 hours.", BREACH, "en", CHECKLIST)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_match_same_findings_when_assessed_again_and_by_other_checklists() -> None:
    # plans, places and word lists are remembered between calls: they must not leak from one to the next
    law = _law(_section("5", "The controller shall notify the Commission of a breach within 72 hours.", heading="Breach"),
               _section("6", "A data subject has a right of access to personal data."))
    first = assess([law], CHECKLIST)
    narrow = Checklist(domain="data-protection", title="t", concepts=CHECKLIST.concepts, items=[ACCESS])
    assert assess([law], narrow) == [first[2]]
    assert assess([law], CHECKLIST) == first
