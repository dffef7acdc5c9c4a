"""The quotes stage on sentences written for these tests (fictional speakers only).

Documents are analysed by the real nlp stage; the entity mentions are made by hand
(``actors``) so that each test controls exactly who is named where.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.extract.quotes import QuoteAttributor, QuoteSpan, find_quote_spans
from lagebild.model import Document, Entity, EntityType, Mention, MentionKind, Quote
from lagebild.nlp.stage import NlpStage
from lagebild.pipeline import Pipeline, PipelineConfigError, Resources

Actor = tuple[str, str, EntityType, str, MentionKind]

BERGER: Actor = ("Anna Berger", "person:anna-berger", "PER", "Anna Berger", "name")
HOLM: Actor = ("Holm", "person:tobias-holm", "PER", "Tobias Holm", "name")


def analyse(
    text: str, actors: list[Actor], nlp: NlpStage, resources: Resources, language: str = "de"
) -> Document:
    doc = Document(id="doc_test", text=text, published=dt.date(2025, 3, 4), language=language)
    nlp(doc)
    for surface, entity_id, entity_type, name, kind in actors:
        doc.entities.setdefault(entity_id, Entity(entity_id, name, entity_type))
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            evidence = doc.evidence(match.start(), match.end(), "entities")
            doc.mentions.append(Mention(evidence, surface, entity_type, entity_id, kind))
    doc.mentions.sort(key=lambda m: (m.start, -m.end))
    return QuoteAttributor(resources)(doc)


def by_text(doc: Document) -> dict[str, Quote]:
    return {q.text: q for q in doc.quotes}


# -- quotation marks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("Sie sagte „Wir gehen jetzt“ und ging.", "Wir gehen jetzt"),
        ('Sie sagte „Wir gehen jetzt" und ging.', "Wir gehen jetzt"),
        ('Sie sagte "Wir gehen jetzt" und ging.', "Wir gehen jetzt"),
        ("Sie sagte »Wir gehen jetzt« und ging.", "Wir gehen jetzt"),
        ("Sie sagte «Wir gehen jetzt» und ging.", "Wir gehen jetzt"),
        ("Sie sagte ‚Wir gehen jetzt‘ und ging.", "Wir gehen jetzt"),
        ("Sie sagte 'Wir gehen jetzt' und ging.", "Wir gehen jetzt"),
        ("„Er rief: ‚Halt‘, dann ging er.“", "Er rief: ‚Halt‘, dann ging er."),
    ],
)
def test_every_german_quotation_style_is_paired(text: str, inner: str) -> None:
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == [inner]
    assert spans[0].closed


def test_an_apostrophe_inside_a_word_is_not_a_quotation_mark() -> None:
    assert find_quote_spans("Bergers' Plan und Holm's Idee sind neu.") == []


def test_a_quotation_left_open_ends_with_its_paragraph() -> None:
    text = "„Wir bleiben hier und warten\nNeuer Absatz ohne Zitat."
    (span,) = find_quote_spans(text)
    assert text[span.start : span.end] == "Wir bleiben hier und warten"
    assert not span.closed


def test_a_closing_mark_without_opener_opens_after_a_headline_colon() -> None:
    text = 'Ministerin: Wir bleiben standhaft", sagt sie heute'
    end = text.index('"')
    assert find_quote_spans(text) == [QuoteSpan(12, 12, end, end + 1)]


# -- direct quotations -----------------------------------------------------------------


def test_speaker_clause_after_the_quote(nlp: NlpStage, resources: Resources) -> None:
    text = "„Wir stehen an der Seite unserer Partner“, sagte Anna Berger der Zeitung."
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert quote.text == "Wir stehen an der Seite unserer Partner"
    assert quote.kind == "direct"
    assert (quote.speaker_id, quote.speaker_name) == ("person:anna-berger", "Anna Berger")
    assert quote.cue == "sagen"
    assert quote.venue == "der Zeitung"
    assert quote.speaker_span == (text.index("Anna"), text.index(" der Zeitung"))
    assert quote.evidence.stage == "quotes"
    assert text[quote.evidence.start : quote.evidence.end] == quote.text


def test_a_quote_split_by_its_speaker_clause_gives_two_quotes(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "„Die Lage ist ernst“, sagte Anna Berger, „aber wir sind vorbereitet.“"
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    assert set(quotes) == {"Die Lage ist ernst", "aber wir sind vorbereitet."}
    assert {q.speaker_id for q in quotes.values()} == {"person:anna-berger"}


def test_speaker_clause_before_a_colon_and_so_marker(nlp: NlpStage, resources: Resources) -> None:
    text = (
        "Holm betonte in Wien: »Die Vorräte reichen bis zum Winter.« "
        "«Mehr können wir nicht liefern», so Anna Berger auf dem Energiegipfel."
    )
    quotes = by_text(analyse(text, [HOLM, BERGER], nlp, resources))
    first = quotes["Die Vorräte reichen bis zum Winter."]
    assert (first.speaker_id, first.cue) == ("person:tobias-holm", "betonen")
    second = quotes["Mehr können wir nicht liefern"]
    assert (second.speaker_id, second.cue) == ("person:anna-berger", "so")
    assert second.venue == "auf dem Energiegipfel"


def test_a_quote_of_several_sentences_is_one_quote(nlp: NlpStage, resources: Resources) -> None:
    text = "„Wir haben verhandelt. Es gab keine Einigung. Wir reden morgen weiter“, sagte Holm."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert quote.text == "Wir haben verhandelt. Es gab keine Einigung. Wir reden morgen weiter"


def test_a_quote_without_speaker_clause_continues_the_previous_speaker(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "„Die Brücke wird gesperrt“, sagte Anna Berger am Montag.\n"
        "„Wir prüfen jeden Pfeiler einzeln und melden uns dann wieder.“"
    )
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    continued = quotes["Wir prüfen jeden Pfeiler einzeln und melden uns dann wieder."]
    assert continued.speaker_id == "person:anna-berger"
    assert continued.evidence.confidence < quotes["Die Brücke wird gesperrt"].evidence.confidence


def test_scare_quotes_and_titles_are_not_quotes(nlp: NlpStage, resources: Resources) -> None:
    text = (
        "Die sogenannte „Zeitenwende“ begann früh. Das Programm mit dem Titel „Horizont 2040“ "
        'läuft. Anna Berger las in der "Morgenpost" über den "Plan".'
    )
    assert analyse(text, [BERGER], nlp, resources).quotes == []


def test_an_attributed_term_is_a_quote(nlp: NlpStage, resources: Resources) -> None:
    text = (
        "Das ist, was Anna Berger als eine „gefährliche Wende“ bezeichnete. "
        "Holm nannte es „überfällig“, die Regeln zu ändern."
    )
    quotes = by_text(analyse(text, [BERGER, HOLM], nlp, resources))
    assert quotes["gefährliche Wende"].speaker_id == "person:anna-berger"
    assert quotes["überfällig"].speaker_id == "person:tobias-holm"


def test_an_unclosed_quote_is_kept_with_lower_confidence(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Anna Berger sagte: „Wir bleiben hier, bis alle Fragen geklärt sind\nDanach Pause."
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert quote.text == "Wir bleiben hier, bis alle Fragen geklärt sind"
    assert quote.evidence.confidence < 0.9


# -- indirect speech -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reported", "cue"),
    [
        (
            "Der Hafen sei bereits geschlossen, betonte Anna Berger in Hamburg.",
            "Der Hafen sei bereits geschlossen",
            "betonen",
        ),
        (
            "Anna Berger sagte, der Vertrag verstoße gegen geltendes Recht.",
            "der Vertrag verstoße gegen geltendes Recht",
            "sagen",
        ),
        (
            "Anna Berger warnte davor, dass die Preise weiter steigen, und verließ den Saal.",
            "die Preise weiter steigen",
            "warnen",
        ),
        (
            "Anna Berger kündigte an, die Förderung im Herbst zu erhöhen.",
            "die Förderung im Herbst zu erhöhen",
            "ankündigen",
        ),
        (
            "Die Nachfrage wächst weiter, wie Anna Berger sagte.",
            "Die Nachfrage wächst weiter",
            "sagen",
        ),
        (
            "Die Lieferung kommt erst im Mai, so Anna Berger.",
            "Die Lieferung kommt erst im Mai",
            "so",
        ),
    ],
)
def test_reported_clauses_after_and_before_speech_verbs(
    text: str, reported: str, cue: str, nlp: NlpStage, resources: Resources
) -> None:
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.kind, quote.cue) == (reported, "indirect", cue)
    assert quote.speaker_id == "person:anna-berger"


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Laut Anna Berger ist die Lage stabil.", "ist die Lage stabil"),
        ("Die Lage ist laut Anna Berger stabil.", "Die Lage ist laut Anna Berger stabil"),
        ("Anna Berger zufolge wächst der Handel.", "wächst der Handel"),
        ("Nach Angaben von Anna Berger fehlen noch Teile.", "fehlen noch Teile"),
        ("Nach Einschätzung von Anna Berger wird es knapp.", "wird es knapp"),
        (
            "Die Werft wird nach Bergers Worten verkauft.",
            "Die Werft wird nach Bergers Worten verkauft",
        ),
    ],
)
def test_source_markers(text: str, reported: str, nlp: NlpStage, resources: Resources) -> None:
    actors = [BERGER, ("Bergers", "person:anna-berger", "PER", "Anna Berger", "name")]
    (quote,) = analyse(text, actors, nlp, resources).quotes
    assert (quote.text, quote.kind, quote.speaker_id) == (
        reported,
        "indirect",
        "person:anna-berger",
    )


@pytest.mark.parametrize(
    ("text", "reported", "source"),
    [
        ("Die Lage ist laut Beobachtern ruhig.", "Die Lage ist ruhig", "Beobachtern"),
        ("Nach Polizeiangaben wurden zwei Männer festgenommen.",
         "wurden zwei Männer festgenommen", "Polizeiangaben"),
        ("Experten sagen, die Lage bleibe angespannt.", "die Lage bleibe angespannt", "Experten"),
    ],
)  # fmt: skip
def test_reported_speech_without_a_named_source_keeps_its_source_unresolved(
    text: str, reported: str, source: str, nlp: NlpStage, resources: Resources
) -> None:
    # Still a claim, not a fact the article asserts, so the quote is kept without a speaker.
    (quote,) = analyse(text, [], nlp, resources).quotes
    assert quote.speaker_id is None and quote.speaker_span is not None
    assert text[slice(*quote.speaker_span)] == source
    assert " ".join(quote.text.replace("laut Beobachtern ", "").split()) == reported


@pytest.mark.parametrize(
    ("text", "speaker", "reported"),
    [
        ("Hans Berger, Präsident des Landgerichts, sagte, der Antrag sei unzulässig.",
         "Hans Berger", "der Antrag sei unzulässig"),
        ("Nach eigenen Angaben erhielt Anna Berger neue Zusagen.",
         "Anna Berger", "erhielt Anna Berger neue Zusagen"),
    ],
)  # fmt: skip
def test_speakers_behind_appositions_and_own_statements(
    text: str, speaker: str, reported: str, nlp: NlpStage, resources: Resources
) -> None:
    actors = [BERGER] if "Anna" in text else []
    (quote,) = analyse(text, actors, nlp, resources).quotes
    assert quote.text == reported
    assert quote.speaker_span is not None and text[slice(*quote.speaker_span)] == speaker


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Anna Berger glaubt, dass ein weiteres Verfahren möglich sei.",
         "ein weiteres Verfahren möglich sei"),
        ("Anna Berger geht davon aus, dass die Gespräche scheitern.", "die Gespräche scheitern"),
        ("Anna Berger meinte, es handle sich um ein Missverständnis.",
         "es handle sich um ein Missverständnis"),
    ],
)  # fmt: skip
def test_stated_beliefs_and_konjunktiv_of_eln_verbs(
    text: str, reported: str, nlp: NlpStage, resources: Resources
) -> None:
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == (reported, "person:anna-berger")


def test_konjunktiv_sentences_continue_reported_speech(nlp: NlpStage, resources: Resources) -> None:
    text = (
        "Anna Berger sagte, die Brücke sei marode. Man habe zu lange gewartet. "
        "Der Verkehr läuft derweil weiter."
    )
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    assert set(quotes) == {"die Brücke sei marode", "Man habe zu lange gewartet"}
    assert quotes["Man habe zu lange gewartet"].speaker_id == "person:anna-berger"


def test_quoted_words_inside_reported_speech_belong_to_its_speaker(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Die Reform werde „spürbar teurer“, sagte Holm am Abend."
    quotes = by_text(analyse(text, [HOLM], nlp, resources))
    assert quotes["spürbar teurer"].kind == "direct"
    assert quotes["Die Reform werde „spürbar teurer“"].kind == "indirect"
    assert {q.speaker_id for q in quotes.values()} == {"person:tobias-holm"}


def test_a_reported_clause_that_only_repeats_a_quote_is_dropped(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Holm kündigte an, „die Leitung noch heute zu reparieren“."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert quote.kind == "direct"


# -- speakers --------------------------------------------------------------------------


def test_a_pronoun_speaker_resolves_to_the_person_of_matching_gender(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Die Außenministerin Anna Berger traf Tobias Holm. „Das Treffen war gut“, sagte sie."
    actors: list[Actor] = [
        BERGER,
        ("Außenministerin", "person:anna-berger", "PER", "Anna Berger", "role"),
        ("Tobias Holm", "person:tobias-holm", "PER", "Tobias Holm", "name"),
    ]
    doc = analyse(text, actors, nlp, resources)
    (quote,) = doc.quotes
    assert quote.speaker_id == "person:anna-berger"
    pronoun = text.rindex("sie")
    assert quote.speaker_span == (pronoun, pronoun + 3)
    (mention,) = [m for m in doc.mentions if m.kind == "pronoun"]
    assert (mention.start, mention.entity_id) == (pronoun, "person:anna-berger")


def test_a_spokesperson_speaks_for_the_organisation(nlp: NlpStage, resources: Resources) -> None:
    text = "„Die Gespräche gehen weiter“, sagte ein Sprecher des Kremls."
    kremlin: Actor = ("Kremls", "country:RUS", "GPE", "Russia", "metonym")
    (quote,) = analyse(text, [kremlin], nlp, resources).quotes
    assert (quote.speaker_id, quote.speaker_name) == ("country:RUS", "Russia")


def test_an_unnamed_speaker_is_kept_without_entity(nlp: NlpStage, resources: Resources) -> None:
    text = "„Die Einigung steht kurz bevor“, sagte ein Diplomat in Genf."
    (quote,) = analyse(text, [], nlp, resources).quotes
    assert quote.speaker_id is None
    assert quote.speaker_span == (text.index("ein Diplomat"), text.index(" in Genf"))
    assert quote.evidence.confidence <= 0.5


def test_person_wins_over_the_organisation_in_the_same_phrase(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "„Wir erhöhen die Mittel“, sagte Verbandschef Tobias Holm im Interview mit der Presse."
    actors: list[Actor] = [
        ("Verbandschef", "person:tobias-holm", "PER", "Tobias Holm", "role"),
        ("Tobias Holm", "person:tobias-holm", "PER", "Tobias Holm", "name"),
        ("Presse", "org:presse", "ORG", "Die Presse", "name"),
    ]
    (quote,) = analyse(text, actors, nlp, resources).quotes
    assert quote.speaker_id == "person:tobias-holm"
    assert quote.venue == "im Interview mit der Presse"


# -- the stage in the pipeline ---------------------------------------------------------


def test_the_stage_needs_entities_before_it(resources: Resources) -> None:
    with pytest.raises(PipelineConfigError, match="entities"):
        Pipeline.build(("nlp", "quotes"), resources=resources)


def test_the_stage_runs_in_the_pipeline(resources: Resources) -> None:
    pipeline = Pipeline.build(("nlp", "entities", "quotes"), resources=resources)
    text = "„Wir sind bereit“, sagte Anna Berger am Montag. Der Plan sei fertig, betonte sie."
    doc = pipeline(Document(id="doc_pipe", text=text, language="de"))
    assert {q.text for q in doc.quotes} == {"Wir sind bereit", "Der Plan sei fertig"}
    assert "quotes" in doc.assigned


def test_a_named_apposition_is_the_speaker_not_the_state(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Die Innenministerin Norwegens, Anna Berger, erklärte, ihr Land sei vorbereitet."
    norway: Actor = ("Norwegens", "country:NOR", "GPE", "Norway", "name")
    (quote,) = analyse(text, [norway, BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == ("ihr Land sei vorbereitet", "person:anna-berger")


def test_impersonal_reports_name_their_source_or_nobody(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "„Wir prüfen den Antrag“, hieß es aus dem Ministerium. "
        "„Eine Antwort folgt bald“, hieß es am Abend."
    )
    ministry: Actor = ("Ministerium", "org:ministry", "ORG", "Ministry", "name")
    quotes = by_text(analyse(text, [ministry], nlp, resources))
    assert quotes["Wir prüfen den Antrag"].speaker_id == "org:ministry"
    assert quotes["Eine Antwort folgt bald"].speaker_id is None


def test_the_venue_is_read_from_the_speaker_clause_only(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Anna Berger kündigte an, die Brigade in Litauen aufzubauen."
    lithuania: Actor = ("Litauen", "country:LTU", "GPE", "Lithuania", "name")
    (quote,) = analyse(text, [BERGER, lithuania], nlp, resources).quotes
    assert quote.venue is None


def test_a_pronoun_refers_to_the_person_of_its_own_sentence_first(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "„Der Markt ist stabil“, sagte Anna Berger. "
        "Holm reagierte, indem er die Firma beschuldigte, „die Preise abzusprechen“."
    )
    quotes = by_text(analyse(text, [BERGER, HOLM], nlp, resources))
    assert quotes["die Preise abzusprechen"].speaker_id == "person:tobias-holm"


def test_a_marker_opening_the_sentence_governs_speech_verbs_inside(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Nach Einschätzung von Anna Berger könnte Holm die Partner auffordern, mehr zu zahlen."
    (quote,) = analyse(text, [BERGER, HOLM], nlp, resources).quotes
    assert quote.text == "könnte Holm die Partner auffordern, mehr zu zahlen"
    assert quote.speaker_id == "person:anna-berger"


def test_a_dass_clause_under_an_indicative_verb_does_not_continue_speech(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger sagte, die Brücke sei marode. "
        "Dies wurde so verstanden, dass sie die Brücke schließen wolle."
    )
    assert [q.text for q in analyse(text, [BERGER], nlp, resources).quotes] == [
        "die Brücke sei marode"
    ]


def test_reported_speech_continues_after_a_quote_of_several_sentences(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "„Wir sind wachsam. Wir handeln sofort“, sagte Anna Berger am Montag.\n\n"
        "Die Partner seien über die Lage besorgt."
    )
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    assert quotes["Die Partner seien über die Lage besorgt"].speaker_id == "person:anna-berger"


def test_the_speaker_clause_before_a_colon_may_contain_commas(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Anna Berger, Chefin des Verbands, erklärte schon 2020, so die Zeitung: „Wir wachsen.“"
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == ("Wir wachsen.", "person:anna-berger")


# -- robustness ------------------------------------------------------------------------

_MARKS = "„“”\"»«‚‘’'‹› :,.\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*_MARKS, "a", "B", "sagte", " er"]), max_size=40).map("".join))
def test_quote_spans_stay_inside_the_text_whatever_the_marks(text: str) -> None:
    for span in find_quote_spans(text):
        assert 0 <= span.open_start <= span.start < span.end <= span.close_end <= len(text)
        assert "\n" not in text[span.start : span.end]


_ODD_WORDS = (
    *("„Wir", "gehen“,", "sagte", "er", ".", "»", "«", "'", "sei", "laut", "Anna Berger"),
    *("dass", ":", ",", "\n", "Die", "Lage", "so", "wie", "zufolge", "nach", "Angaben"),
)


@settings(max_examples=25, deadline=None)
@given(words=st.lists(st.sampled_from(_ODD_WORDS), max_size=30))
def test_the_stage_never_fails_on_odd_text(
    words: list[str], nlp: NlpStage, resources: Resources
) -> None:
    doc = analyse(" ".join(words), [BERGER], nlp, resources)
    for quote in doc.quotes:
        assert doc.text[quote.evidence.start : quote.evidence.end] == quote.text
        assert quote.text.strip()


def test_a_spokesperson_of_a_ministry_in_a_capital_speaks_for_the_state(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Ein Sprecher des Außenministeriums in Moskau sagte, man lehne jede Einmischung ab."
    moscow: Actor = ("Moskau", "city:moscow", "GPE", "Moscow", "metonym")
    (quote,) = analyse(text, [moscow], nlp, resources).quotes
    assert quote.text == "man lehne jede Einmischung ab"
    assert (quote.speaker_id, quote.speaker_name) == ("country:RUS", "Russia")


def test_as_reported_by_opens_the_reported_clause(nlp: NlpStage, resources: Resources) -> None:
    text = "Wie die Agentur Nordpress berichtet, sollen erste Lieferungen unterwegs sein."
    agency: Actor = ("Nordpress", "org:nordpress", "ORG", "Nordpress", "name")
    (quote,) = analyse(text, [agency], nlp, resources).quotes
    assert (quote.text, quote.cue) == ("sollen erste Lieferungen unterwegs sein", "berichten")
    assert quote.speaker_id == "org:nordpress"


def test_a_title_after_a_medium_noun_is_no_quote(nlp: NlpStage, resources: Resources) -> None:
    text = "Holm sagte der Zeitung „Nordkurier“, die Werft sei gerettet."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert (quote.text, quote.kind) == ("die Werft sei gerettet", "indirect")
    assert quote.venue == "der Zeitung „Nordkurier“"


def test_the_next_sentence_may_name_the_speaker(nlp: NlpStage, resources: Resources) -> None:
    text = "„Wir stehen vor harten Jahren.“ Das sagte Anna Berger am Sonntag in Bremen."
    bremen: Actor = ("Bremen", "city:bremen", "GPE", "Bremen", "name")
    (quote,) = analyse(text, [BERGER, bremen], nlp, resources).quotes
    assert (quote.speaker_id, quote.cue, quote.venue) == (
        "person:anna-berger",
        "sagen",
        "in Bremen",
    )


def test_a_question_before_the_speaker_clause_is_not_reported_speech(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Auf die Frage, ob die Werft schließe, antwortete Holm: „Darüber reden wir nicht.“"
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert (quote.kind, quote.speaker_id) == ("direct", "person:tobias-holm")


def test_she_refers_to_the_woman_named_in_the_sentence_before(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "„Wir bleiben dabei“, sagte Holm. "
        "Die Abgeordnete und Verkehrspolitikerin Anna Berger widersprach. "
        "„Das ist zu wenig“, sagte sie."
    )
    quotes = by_text(analyse(text, [HOLM, BERGER], nlp, resources))
    assert quotes["Das ist zu wenig"].speaker_id == "person:anna-berger"


def test_a_single_quoted_noun_inside_reported_speech_is_a_quote(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Der Beschluss sei ein „Fehler“, erklärte Anna Berger."
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    assert quotes["Fehler"].speaker_id == "person:anna-berger"


def test_a_speaker_clause_in_the_perfect_tense(nlp: NlpStage, resources: Resources) -> None:
    text = "Es sei nicht die Zeit für Kompromisse, hatte Holm im Mai gesagt."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert (quote.text, quote.cue) == ("Es sei nicht die Zeit für Kompromisse", "sagen")


def test_an_institution_in_a_capital_speaks_for_the_state(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Die Regierung in Moskau kündigte an, die Truppen zu verlegen."
    moscow: Actor = ("Moskau", "city:moscow", "GPE", "Moscow", "metonym")
    (quote,) = analyse(text, [moscow], nlp, resources).quotes
    assert quote.speaker_id == "country:RUS"


def test_vague_plural_speakers_are_kept_unresolved(nlp: NlpStage, resources: Resources) -> None:
    (quote,) = analyse("Experten sagen, dass die Preise sinken.", [], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == ("die Preise sinken", None)
    assert quote.evidence.confidence == 0.4


def test_a_dative_object_is_no_venue(nlp: NlpStage, resources: Resources) -> None:
    text = "Holm warf dem Konzern vor, die Preise zu treiben."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert (quote.text, quote.venue) == ("die Preise zu treiben", None)


def test_a_reported_clause_ends_before_an_indicative_main_verb(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Holm sagte, er sei unschuldig, verließ dann aber den Saal."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert quote.text == "er sei unschuldig"


def test_passive_and_reflexive_speaker_clauses(nlp: NlpStage, resources: Resources) -> None:
    text = (
        "„Wir bleiben im Land“, wird Holm in der Zeitung zitiert. "
        "„Es war eine harte Zeit“, erinnerte sich Anna Berger."
    )
    quotes = by_text(analyse(text, [HOLM, BERGER], nlp, resources))
    assert quotes["Wir bleiben im Land"].speaker_id == "person:tobias-holm"
    assert quotes["Es war eine harte Zeit"].speaker_id == "person:anna-berger"


def test_a_quoted_name_of_several_capitalised_words_is_no_quote(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Holm warnte, der Erreger „Bacillus Nordicus“ sei gefährlich."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert quote.kind == "indirect"


def test_das_sagte_x_attributes_the_sentence_before(nlp: NlpStage, resources: Resources) -> None:
    text = "Die Werft bleibt bis zum Sommer geöffnet. Das bestätigte Holm am Abend."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert (quote.text, quote.kind, quote.cue) == (
        "Die Werft bleibt bis zum Sommer geöffnet",
        "indirect",
        "bestätigen",
    )


def test_laut_angaben_names_the_source_not_a_later_name(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Im Mittelpunkt stehen laut Angaben des Senders die Jahre Anna Bergers in Rom."
    actors: list[Actor] = [
        ("Senders", "org:sender", "ORG", "Sender", "name"),
        ("Anna Bergers", "person:anna-berger", "PER", "Anna Berger", "name"),
    ]
    (quote,) = analyse(text, actors, nlp, resources).quotes
    assert quote.speaker_id == "org:sender"


def test_a_coordinated_speaker_clause_ends_the_reported_clause(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Holm sagte, die Firma sei pleite, doch Anna Berger erklärte, das sei falsch."
    quotes = by_text(analyse(text, [HOLM, BERGER], nlp, resources))
    assert quotes["die Firma sei pleite"].speaker_id == "person:tobias-holm"
    assert quotes["das sei falsch"].speaker_id == "person:anna-berger"


def test_an_unnamed_subject_opening_the_clause_is_no_venue(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Ein Sprecher des Rates sagte der Nordpost, die Sitzung falle aus."
    paper: Actor = ("Nordpost", "org:nordpost", "ORG", "Nordpost", "name")
    (quote,) = analyse(text, [paper], nlp, resources).quotes
    assert quote.speaker_id is None
    assert quote.venue == "der Nordpost"


def test_a_quoted_known_name_is_no_quote(nlp: NlpStage, resources: Resources) -> None:
    text = "Holm lobte die Helfer von „Hilfe ohne Grenzen“ in seiner Rede."
    charity: Actor = ("Hilfe ohne Grenzen", "org:hog", "ORG", "Hilfe ohne Grenzen", "name")
    assert analyse(text, [HOLM, charity], nlp, resources).quotes == []


def test_speaker_clauses_before_a_colon_without_speech_verb(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Im Rat warb Anna Berger mit den Worten: „Wir brauchen diese Brücke dringend.“ "
        "Zitat von Holm: „Die Kosten sind viel zu hoch.“"
    )
    quotes = by_text(analyse(text, [BERGER, HOLM], nlp, resources))
    assert quotes["Wir brauchen diese Brücke dringend."].speaker_id == "person:anna-berger"
    assert quotes["Die Kosten sind viel zu hoch."].speaker_id == "person:tobias-holm"


def test_a_nominalised_adjective_heads_the_speaker_phrase(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Dort äußerte sich der Beauftragte Tobias Holm zuversichtlich: „Es wird gelingen.“"
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert quote.speaker_id == "person:tobias-holm"


def test_an_unnamed_subject_before_a_colon_stops_the_previous_speaker(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "„Wir ziehen im Mai um“, sagte Anna Berger heute. "
        "Die Nachbarn sehen das gelassen: „Das sind Leute wie wir alle hier.“"
    )
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    assert quotes["Das sind Leute wie wir alle hier."].speaker_id is None


def test_compound_opinion_nouns_and_clause_final_particles(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Nach Nordbund-Angaben sind die Vorräte knapp. Die Lieferung komme später, teilte Holm mit."
    )
    alliance: Actor = ("Nordbund", "org:nordbund", "ORG", "Nordbund", "name")
    quotes = by_text(analyse(text, [alliance, HOLM], nlp, resources))
    assert quotes["sind die Vorräte knapp"].speaker_id == "org:nordbund"
    assert quotes["Die Lieferung komme später"].cue == "mitteilen"


def test_documents_in_other_languages_get_no_quotes(nlp: NlpStage, resources: Resources) -> None:
    text = "Die Preise seien gestiegen, so Holm."
    assert len(analyse(text, [HOLM], nlp, resources, "de").quotes) == 1
    assert analyse(text, [HOLM], nlp, resources, "fr").quotes == []
    # English has its own reader (quotes_en), which German cues do not trigger
    assert analyse(text, [HOLM], nlp, resources, "en").quotes == []


def test_so_with_a_verb_after_a_dash(nlp: NlpStage, resources: Resources) -> None:
    text = "„Wir stärken die Küste“ – so formulierte es Holm am Montag."
    (quote,) = analyse(text, [HOLM], nlp, resources).quotes
    assert (quote.speaker_id, quote.cue) == ("person:tobias-holm", "so")


def test_a_short_full_sentence_continues_the_speaker(nlp: NlpStage, resources: Resources) -> None:
    text = "»Es gibt keinen zweiten Plan«, sagte Holm heute. »Wir müssen liefern.«"
    quotes = by_text(analyse(text, [HOLM], nlp, resources))
    assert quotes["Wir müssen liefern."].speaker_id == "person:tobias-holm"


def test_a_definite_role_noun_needs_a_speaker_of_its_gender(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "„Wir sind bereit“, sagte Minister Holm heute. Die Ministerin betonte, man sei skeptisch."
    )
    quotes = by_text(analyse(text, [HOLM], nlp, resources))
    assert quotes["man sei skeptisch"].speaker_id is None


def test_the_speaker_span_covers_role_and_name(nlp: NlpStage, resources: Resources) -> None:
    text = "„Die Lage ist ernst“, sagte Verbandschef Tobias Holm am Montag."
    actors: list[Actor] = [
        ("Verbandschef", "person:tobias-holm", "PER", "Tobias Holm", "role"),
        ("Tobias Holm", "person:tobias-holm", "PER", "Tobias Holm", "name"),
    ]
    (quote,) = analyse(text, actors, nlp, resources).quotes
    assert quote.speaker_span == (text.index("Verbandschef"), text.index(" am Montag"))


def test_a_marker_with_an_unknown_definite_source_is_an_unresolved_quote(
    nlp: NlpStage, resources: Resources
) -> None:
    quotes = analyse("Nach Angaben der Polizei sei die Lage ruhig.", [], nlp, resources).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [("sei die Lage ruhig", None)]
    assert quotes[0].speaker_span is not None


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Ihm wird vorgeworfen, Gelder veruntreut zu haben.", "Gelder veruntreut zu haben"),
        ("Es wird erwartet, dass der Haushalt im Dezember beschlossen wird.",
         "der Haushalt im Dezember beschlossen wird"),
    ],
)  # fmt: skip
def test_impersonal_passive_speech_is_a_claim_without_speaker(
    text: str, reported: str, nlp: NlpStage, resources: Resources
) -> None:
    (quote,) = analyse(text, [], nlp, resources).quotes
    assert (quote.text, quote.speaker_id, quote.speaker_span) == (reported, None, None)


def test_a_speaker_clause_inside_the_sentence_reports_both_sides(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "In zehn Jahren, so schätzt Anna Berger, sei die Anlage fertig."
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == (text[:-1], "person:anna-berger")


def test_a_particle_before_a_verb_final_speech_verb(nlp: NlpStage, resources: Resources) -> None:
    text = "Wie Anna Berger bekannt gab, soll das Werk im Mai schließen."
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id, quote.cue) == (
        "soll das Werk im Mai schließen",
        "person:anna-berger",
        "bekanntgeben",
    )


def test_demnach_and_a_gap_sentence_continue_the_speaker(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger sagte, das Werk werde geschlossen. Die Belegschaft war nicht überrascht. "
        "Die Kosten seien zu hoch. Demnach wurden seit Jahren Verluste gemacht."
    )
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    assert set(quotes) == {
        "das Werk werde geschlossen",
        "Die Kosten seien zu hoch",
        "Demnach wurden seit Jahren Verluste gemacht",
    }
    assert {q.speaker_id for q in quotes.values()} == {"person:anna-berger"}


# -- judgements: nennen, bezeichnen, sprechen von ----------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Anna Berger nannte den Beschluss einen folgenschweren Irrtum.",
         "den Beschluss einen folgenschweren Irrtum"),
        ("Anna Berger bezeichnete die Pläne als völlig überzogen.",
         "die Pläne als völlig überzogen"),
        ("Am Abend sprach Anna Berger von einem schwarzen Tag für die Region.",
         "von einem schwarzen Tag für die Region"),
        ("Dagegen nannte Anna Berger das Vorgehen unverantwortlich.",
         "das Vorgehen unverantwortlich"),
    ],
)  # fmt: skip
def test_a_judgement_after_a_naming_verb_is_what_the_speaker_said(
    text: str, said: str, nlp: NlpStage, resources: Resources
) -> None:
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert quote.text == said
    assert quote.kind == "indirect"
    assert quote.speaker_id == "person:anna-berger"


@pytest.mark.parametrize(
    "text",
    [
        "Anna Berger nannte drei Gründe für die Verzögerung.",
        "Anna Berger sprach mit den Vertretern der Gemeinden.",
        "Anna Berger nannte die Pläne „völlig überzogen“.",
    ],
)
def test_naming_without_a_judgement_is_no_indirect_quote(
    text: str, nlp: NlpStage, resources: Resources
) -> None:
    quotes = analyse(text, [BERGER], nlp, resources).quotes
    assert all(q.kind == "direct" for q in quotes)


def test_inserted_speaker_pronoun_skips_people_named_in_the_statement(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger äußerte sich am Morgen in Wien. "
        "Er habe mit Tobias Holm lange gut zusammengearbeitet, sagte sie."
    )
    holm_f: Actor = ("Tobias Holm", "person:tobias-holm", "PER", "Tobias Holm", "name")
    quotes = by_text(analyse(text, [BERGER, holm_f], nlp, resources))
    said = quotes["Er habe mit Tobias Holm lange gut zusammengearbeitet"]
    assert said.speaker_id == "person:anna-berger"


def test_a_speech_verb_inside_a_relative_clause_does_not_stop_a_continuation(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Die Vorräte reichten bis zum Winter, sagte Anna Berger am Montag. "
        "Es sei Holm gewesen, der auf frühe Käufe gedrängt habe."
    )
    quotes = by_text(analyse(text, [BERGER, HOLM], nlp, resources))
    said = quotes["Es sei Holm gewesen, der auf frühe Käufe gedrängt habe"]
    assert said.speaker_id == "person:anna-berger"


def test_both_sides_of_an_inserted_speaker_clause_are_reported(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Die Stadt müsse mehr Busse kaufen, betonte Anna Berger, "
        "sie wolle aber keine Steuern erhöhen."
    )
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    assert set(quotes) >= {
        "Die Stadt müsse mehr Busse kaufen",
        "sie wolle aber keine Steuern erhöhen",
    }
    assert {q.speaker_id for q in quotes.values()} == {"person:anna-berger"}


@pytest.mark.parametrize(
    "opening",
    [
        "Im Rat verteidigte Anna Berger ihren Plan.",
        "Dann wandte sich Anna Berger an die Gemeinden:",
    ],
)
def test_defending_or_turning_to_someone_gives_the_floor(
    opening: str, nlp: NlpStage, resources: Resources
) -> None:
    text = f"{opening} Es sei richtig gewesen, früh zu handeln."
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    assert quotes["Es sei richtig gewesen, früh zu handeln"].speaker_id == "person:anna-berger"


def test_man_in_the_konjunktiv_continues_the_previous_speaker(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Die Vorräte reichten nicht, sagte Anna Berger am Montag. "
        "Man müsse davon ausgehen, dass die Preise steigen."
    )
    quotes = by_text(analyse(text, [BERGER], nlp, resources))
    said = quotes["Man müsse davon ausgehen, dass die Preise steigen"]
    assert said.speaker_id == "person:anna-berger"


def test_man_with_its_own_speaker_clause_is_that_speakers(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Die Vorräte reichten nicht, sagte Anna Berger am Montag. "
        "Man werde neue Lager bauen, erklärte Tobias Holm."
    )
    quotes = by_text(analyse(text, [BERGER, HOLM], nlp, resources))
    assert quotes["Man werde neue Lager bauen"].speaker_id == "person:tobias-holm"


def test_a_main_clause_after_a_speech_verb_is_reported_whatever_its_mood(
    nlp: NlpStage, resources: Resources
) -> None:
    # "rückten" is Präteritum and Konjunktiv II at once; word order makes it reported speech
    text = "Anna Berger warnte, die beiden Staaten rückten immer enger zusammen."
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.kind) == (
        "die beiden Staaten rückten immer enger zusammen",
        "indirect",
    )
    assert quote.speaker_id == "person:anna-berger"


def test_a_clause_after_a_long_object_of_a_naming_verb_is_not_reported(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger nennt den Weg des Landes in die Allianz unumkehrbar, "
        "eine Einladung gab es nicht."
    )
    quotes = analyse(text, [BERGER], nlp, resources).quotes
    assert not any(q.text.startswith("eine Einladung") for q in quotes)


def test_a_speaker_whose_name_is_also_a_verb_is_found(nlp: NlpStage, resources: Resources) -> None:
    # the tagger reads "Blinken" as a nominalised infinitive (NNI), not a name
    blinken: Actor = ("Blinken", "person:karla-blinken", "PER", "Karla Blinken", "name")
    text = "„Wir warten ab“, sagte Blinken."
    doc = analyse(text, [blinken], nlp, resources)
    assert [t.pos for t in doc.tokens if t.text == "Blinken"] == ["NNI"]
    (quote,) = doc.quotes
    assert (quote.text, quote.speaker_id) == ("Wir warten ab", "person:karla-blinken")


def test_a_passive_without_its_speaker_continues_the_statement_before(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger sagte, das Land habe sich daran gewöhnt. "
        "Allerdings würden die neuen Maßnahmen analysiert."
    )
    quotes = analyse(text, [BERGER], nlp, resources).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("das Land habe sich daran gewöhnt", "person:anna-berger"),
        ("Allerdings würden die neuen Maßnahmen analysiert", "person:anna-berger"),
    ]


def test_a_conditional_opening_does_not_hide_a_reported_main_clause(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger sagte, das Land sei bereit. "
        "Sollte der Nachbar Belege vorlegen, werde man reagieren. "
        "Wenn der Nachbar Belege vorlegt, reagiert man."
    )
    quotes = analyse(text, [BERGER], nlp, resources).quotes
    assert [q.text for q in quotes] == [
        "das Land sei bereit",
        "Sollte der Nachbar Belege vorlegen, werde man reagieren",
    ]


# -- quoted terms ---------------------------------------------------------------------

TERM: Actor = ("Sonnenbund", "x-org:sonnenbund", "ORG", "Sonnenbund", "name")


@pytest.mark.parametrize(
    "text",
    [
        "Das Gremium komplettierte, was Anna Berger als eine „lose Sonnenbund“ bezeichnete.",
        "Anna Berger sprach in Kiel von einer „lose Sonnenbund“, die wachse.",
        "Es sei ernst, sagte Anna Berger und nannte den Plan „lose Sonnenbund“.",
    ],
)
def test_a_quoted_term_named_by_the_speaker_is_a_quote_even_if_tagged_as_a_name(
    text: str, nlp: NlpStage, resources: Resources
) -> None:
    tagged = ("lose Sonnenbund", *TERM[1:])
    quotes = analyse(text, [BERGER, tagged], nlp, resources).quotes
    assert ("lose Sonnenbund", "direct", "person:anna-berger") in [
        (q.text, q.kind, q.speaker_id) for q in quotes
    ]


def test_a_quoted_term_that_is_only_the_topic_of_a_speech_verb_is_no_quote(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Anna Berger warnt vor einer „losen Allianz“ im Norden."
    assert analyse(text, [BERGER], nlp, resources).quotes == []


def test_a_capitalised_quoted_name_stays_a_name(nlp: NlpStage, resources: Resources) -> None:
    text = "Anna Berger sprach mit dem „Sonnenbund“ über die Lage."
    assert analyse(text, [BERGER, TERM], nlp, resources).quotes == []


# -- sources named by a marker or a definite noun -----------------------------------


@pytest.fixture(scope="module")
def fictional_bodies(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    """The bundled knowledge base plus a fictional institute and a fictional company."""
    path = tmp_path_factory.mktemp("kb") / "fictional.yaml"
    path.write_text(
        "version: 1\nentities:\n"
        "  - {id: org:nordlicht, name: Nordlicht Institute, type: ORG, kind: think_tank,"
        " names: [Nordlicht-Institut]}\n"
        "  - {id: org:kranwerk, name: Kranwerk, type: ORG, kind: company, names: [Kranwerk]}\n",
        encoding="utf-8",
    )
    return Resources(kb_paths=(path,))


NORDLICHT: Actor = ("Nordlicht-Institut", "org:nordlicht", "ORG", "Nordlicht Institute", "name")
KRANWERK: Actor = ("Kranwerk", "org:kranwerk", "ORG", "Kranwerk", "name")


def test_a_hedged_figure_does_not_hide_a_source_marker(nlp: NlpStage, resources: Resources) -> None:
    text = "Der Etat stieg Anna Berger zufolge auf geschätzt 40 Milliarden Euro."
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == (
        "Der Etat stieg Anna Berger zufolge auf geschätzt 40 Milliarden Euro",
        "person:anna-berger",
    )


def test_a_definite_organisation_noun_is_the_organisation_named_before(
    nlp: NlpStage, fictional_bodies: Resources
) -> None:
    text = (
        "Das Nordlicht-Institut hat einen Bericht vorgelegt. Der Kranwerk-Chef war zu Gast. "
        "Die Lage bleibe angespannt, warnte das Institut. "
        "Die Kosten stiegen weiter, schreiben die Forscher. "
        "Die Lieferungen verzögerten sich, teilte das Unternehmen mit."
    )
    quotes = analyse(text, [NORDLICHT, KRANWERK], nlp, fictional_bodies).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("Die Lage bleibe angespannt", "org:nordlicht"),
        ("Die Kosten stiegen weiter", "org:nordlicht"),
        ("Die Lieferungen verzögerten sich", "org:kranwerk"),
    ]


def test_a_definite_organisation_noun_of_another_kind_stays_unnamed(
    nlp: NlpStage, fictional_bodies: Resources
) -> None:
    text = "Das Nordlicht-Institut legte Zahlen vor. Die Lage bleibe ernst, warnte die Behörde."
    quotes = analyse(text, [NORDLICHT], nlp, fictional_bodies).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [("Die Lage bleibe ernst", None)]


FREEDONIAN: Actor = ("freedonischen", "x-gpe:freedonia", "GPE", "Freedonia", "adjective")


def test_a_source_marker_reports_only_the_conjunct_it_stands_in(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger hatte ihre Zustimmung an Bedingungen geknüpft und erhielt nach eigenen "
        "Angaben Zusagen der Regierung."
    )
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == (
        "erhielt nach eigenen Angaben Zusagen der Regierung",
        "person:anna-berger",
    )


def test_two_clauses_with_their_own_markers_are_two_statements(
    nlp: NlpStage, fictional_bodies: Resources
) -> None:
    text = (
        "Kranwerk baut seit Jahren Kräne. Das Unternehmen lieferte nach eigenen Angaben "
        "40 Kräne aus, mehrere davon kamen nach freedonischen Angaben beschädigt an."
    )
    quotes = analyse(text, [KRANWERK, FREEDONIAN], nlp, fictional_bodies).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("Das Unternehmen lieferte nach eigenen Angaben 40 Kräne aus", "org:kranwerk"),
        ("mehrere davon kamen nach freedonischen Angaben beschädigt an", "x-gpe:freedonia"),
    ]


def test_a_relative_clause_stays_with_the_clause_of_the_marker(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Die Firmen sollen nach Angaben von Anna Berger Geschäfte ermöglicht haben, "
        "mit denen Auflagen umgangen werden."
    )
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert quote.text == text.rstrip(".")


# -- who among several candidates speaks ---------------------------------------------

NORDPAKT: Actor = ("Nordpakt", "org:nordpakt", "ORG", "Nordpakt", "name")
KARLA: Actor = ("Karla Blinken", "person:karla-blinken", "PER", "Karla Blinken", "name")


@pytest.fixture(scope="module")
def fictional_alliance(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    path = tmp_path_factory.mktemp("kb") / "alliance.yaml"
    path.write_text(
        "version: 1\nentities:\n"
        "  - {id: org:nordpakt, name: Nordpakt, type: ORG, kind: alliance, names: [Nordpakt]}\n",
        encoding="utf-8",
    )
    return Resources(kb_paths=(path,))


def test_the_members_of_an_alliance_speak_for_it_and_the_object_does_not(
    nlp: NlpStage, fictional_alliance: Resources
) -> None:
    text = (
        "Der Nordpakt traf sich in Kiel. Die Staats- und Regierungschefs fordern Anna Berger "
        "auf, den Vertrag zu unterschreiben. Zugleich bezeichnen die 12 Mitgliedstaaten "
        "die Regierung als »verlässliche Partnerin«."
    )
    quotes = analyse(text, [NORDPAKT, BERGER], nlp, fictional_alliance).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("den Vertrag zu unterschreiben", "org:nordpakt"),
        ("verlässliche Partnerin", "org:nordpakt"),
    ]


def test_a_pronoun_is_not_the_person_named_in_its_own_clause(
    nlp: NlpStage, resources: Resources
) -> None:
    berger_m: Actor = ("Anna Bergers", "person:anna-berger", "PER", "Anna Berger", "name")
    holm_m: Actor = ("Tobias Holm", "person:tobias-holm", "PER", "Tobias Holm", "name")
    text = (
        "Tobias Holm habe die Wahl gewonnen, so Karl Brandt. "
        "Er warf Tobias Holm vor, die Gerichte schwächen zu wollen."
    )
    brandt: Actor = ("Karl Brandt", "person:karl-brandt", "PER", "Karl Brandt", "name")
    quotes = analyse(text, [holm_m, brandt, berger_m], nlp, resources).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("Tobias Holm habe die Wahl gewonnen", "person:karl-brandt"),
        ("die Gerichte schwächen zu wollen", "person:karl-brandt"),
    ]


def test_reportative_sollen_needs_a_perfect_infinitive(nlp: NlpStage, resources: Resources) -> None:
    text = (
        "Anna Berger sagte, der Vertrag sei fertig. "
        "Der Minister soll die Akten vernichtet haben. "
        "Sein Stellvertreter soll daran beteiligt sein. "
        "Die Flagge soll am Montag gehisst werden. "
        "Das Paket soll neue Brücken ermöglichen."
    )
    quotes = analyse(text, [BERGER], nlp, resources).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("der Vertrag sei fertig", "person:anna-berger"),
        ("Der Minister soll die Akten vernichtet haben", "person:anna-berger"),
        ("Sein Stellvertreter soll daran beteiligt sein", "person:anna-berger"),
    ]


def test_an_unnamed_subject_with_attached_phrases_is_not_replaced_by_the_object(
    nlp: NlpStage, resources: Resources
) -> None:
    ministry: Actor = ("Ministeriums in Tarnow", "x-org:tarnow-ministry", "ORG", "Tarnow Ministry",
                       "name")  # fmt: skip
    text = (
        "Ein Sprecher des Ministeriums in Tarnow warf Anna Berger Panikmache vor. "
        "Das Land liefere keine Waffen."
    )
    quotes = analyse(text, [ministry, BERGER], nlp, resources).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("Das Land liefere keine Waffen", "x-org:tarnow-ministry")
    ]


@pytest.mark.parametrize(
    "document", ["dem Text", "dem am Mittwoch verabschiedeten Text", "der Erklärung"]
)
def test_a_document_without_author_is_the_last_organisation_quoted(
    document: str, nlp: NlpStage, fictional_alliance: Resources
) -> None:
    text = (
        "Der Nordpakt nannte den Nachbarn einen »Störenfried«. "
        f"Der Nachbar rüste massiv auf, heißt es in {document}."
    )
    quotes = analyse(text, [NORDPAKT], nlp, fictional_alliance).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("Störenfried", "org:nordpakt"),
        ("Der Nachbar rüste massiv auf", "org:nordpakt"),
    ]


def test_a_document_is_the_last_organisation_named_when_none_was_quoted(
    nlp: NlpStage, fictional_alliance: Resources
) -> None:
    text = (
        "Anna Berger sagte, der Gipfel sei ein Erfolg. Die Erklärung des Nordpakts ist kurz. "
        "Der Nachbar sei eine Gefahr, heißt es in dem Text."
    )
    genitive: Actor = ("Nordpakts", *NORDPAKT[1:])
    quotes = analyse(text, [BERGER, genitive], nlp, fictional_alliance).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("der Gipfel sei ein Erfolg", "person:anna-berger"),
        ("Der Nachbar sei eine Gefahr", "org:nordpakt"),
    ]


def test_a_possessive_document_belongs_to_the_organisation_just_named(
    nlp: NlpStage, fictional_bodies: Resources
) -> None:
    genitive: Actor = ("Nordlicht-Instituts", *NORDLICHT[1:])
    text = (
        "Kranwerk zufolge ist die Lieferung unterwegs. "
        "Die Forscher des Nordlicht-Instituts riefen zur Ruhe auf. "
        "Es gebe keinen Anlass zur Sorge, heißt es in ihrer Erklärung."
    )
    quotes = analyse(text, [KRANWERK, genitive], nlp, fictional_bodies).quotes
    assert ("Es gebe keinen Anlass zur Sorge", "org:nordlicht") in [
        (q.text, q.speaker_id) for q in quotes
    ]


def test_statements_from_a_capital_after_nach_angaben_aus(
    nlp: NlpStage, resources: Resources
) -> None:
    tarnow: Actor = ("Tarnow", "x-gpe:tarnow", "GPE", "Tarnow", "name")
    text = "Nach Angaben aus Tarnow hat der Nachbar Munition verschifft."
    (quote,) = analyse(text, [tarnow], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == (
        "hat der Nachbar Munition verschifft",
        "x-gpe:tarnow",
    )


def test_an_inserted_clause_with_a_modal_and_a_participle(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Wer zu spät komme, werde bestraft, soll Anna Berger laut Protokoll gesagt haben."
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == (
        "Wer zu spät komme, werde bestraft",
        "person:anna-berger",
    )


def test_a_plural_past_form_inside_reported_speech_is_its_konjunktiv_ii(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger sieht eine neue Nähe zwischen den Nachbarn. "
        "Beide Länder arbeiteten enger zusammen und hielten Manöver ab. "
        "Das sei eine Herausforderung, so Anna Berger.\n\n"
        "Tobias Holm sagte, die Lage sei ruhig. Die Staaten würden ihre Pläne abstimmen. "
        "Zudem tauschten beide Armeen Offiziere aus."
    )
    quotes = analyse(text, [BERGER, HOLM], nlp, resources).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("Beide Länder arbeiteten enger zusammen und hielten Manöver ab", "person:anna-berger"),
        ("Das sei eine Herausforderung", "person:anna-berger"),
        ("die Lage sei ruhig", "person:tobias-holm"),
        ("Die Staaten würden ihre Pläne abstimmen", "person:tobias-holm"),
        ("Zudem tauschten beide Armeen Offiziere aus", "person:tobias-holm"),
    ]


def test_a_past_tense_sentence_after_a_quotation_is_the_article_s_own(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger sagte, der Plan sei gut. Die Minister reisten am Abend ab. "
        "Der Plan werde geprüft, sagte Anna Berger. "
        "Tobias Holm sagte, dass die Staaten handeln würden.\n\n"
        "Auch in Kiel stießen die Worte auf Kritik."
    )
    quotes = analyse(text, [BERGER, HOLM], nlp, resources).quotes
    assert "Die Minister reisten am Abend ab" not in [q.text for q in quotes]
    assert "Auch in Kiel stießen die Worte auf Kritik" not in [q.text for q in quotes]


def test_a_zu_infinitive_after_sich_aeussern_reports_the_statement(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Anna Berger äußerte sich zuversichtlich, den Streit bald beilegen zu können."
    (quote,) = analyse(text, [BERGER], nlp, resources).quotes
    assert (quote.text, quote.speaker_id) == (
        "den Streit bald beilegen zu können",
        "person:anna-berger",
    )


def test_a_konjunktiv_speech_verb_with_no_speaker_continues_the_report(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger sagte, der Nachbar verlege Truppen. "
        "Zugleich zeige der Schritt, dass dem Nachbarn die Soldaten ausgingen."
    )
    quotes = analyse(text, [BERGER], nlp, resources).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("der Nachbar verlege Truppen", "person:anna-berger"),
        (
            "Zugleich zeige der Schritt, dass dem Nachbarn die Soldaten ausgingen",
            "person:anna-berger",
        ),
    ]


def test_a_konjunktiv_speech_verb_with_its_own_speaker_is_that_speaker_s(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Anna Berger sagte, der Nachbar verlege Truppen. Tobias Holm betone, das sei falsch."
    quotes = analyse(text, [BERGER, ("Tobias Holm", *HOLM[1:])], nlp, resources).quotes
    assert ("das sei falsch", "person:tobias-holm") in [(q.text, q.speaker_id) for q in quotes]


def test_a_dass_clause_inside_the_same_speaker_s_report_is_no_second_quote(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Anna Berger sagte, niemand glaube, dass die Leitung zufällig gerissen sei."
    quotes = analyse(text, [BERGER], nlp, resources).quotes
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("niemand glaube, dass die Leitung zufällig gerissen sei", "person:anna-berger")
    ]


# -- joint statements ------------------------------------------------------------------

FULL_HOLM: Actor = ("Tobias Holm", *HOLM[1:])
NORDLAND: Actor = ("Nordland", "state:nordland", "GPE", "Nordland", "name")
SUEDLAND: Actor = ("Südland", "state:suedland", "GPE", "Südland", "name")


def speakers(doc: Document) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker_id) for q in doc.quotes]


@pytest.mark.parametrize(
    "text",
    [
        "Anna Berger und Tobias Holm sagten am Montag, die Grenze bleibe offen.",
        "Am Montag erklärten Anna Berger und Tobias Holm, die Grenze bleibe offen.",
        "Anna Berger und ihr Kollege Tobias Holm betonten, die Grenze bleibe offen.",
    ],
)
def test_a_coordinated_subject_of_a_plural_verb_is_each_a_speaker(
    text: str, nlp: NlpStage, resources: Resources
) -> None:
    doc = analyse(text, [BERGER, FULL_HOLM], nlp, resources)
    assert speakers(doc) == [
        ("die Grenze bleibe offen", "person:anna-berger"),
        ("die Grenze bleibe offen", "person:tobias-holm"),
    ]
    assert len({q.id for q in doc.quotes}) == 2  # one stored fact per speaker


def test_states_announcing_together_are_both_speakers(nlp: NlpStage, resources: Resources) -> None:
    text = "Beim Gipfel kündigten Nordland und Südland an, ab 2027 Raketen zu stationieren."
    doc = analyse(text, [NORDLAND, SUEDLAND], nlp, resources)
    assert [q.speaker_id for q in doc.quotes] == ["state:nordland", "state:suedland"]


def test_und_after_a_singular_verb_joins_no_speakers(nlp: NlpStage, resources: Resources) -> None:
    text = "Anna Berger sagte über Tobias Holm und seine Partei, sie würden die Wahl verlieren."
    doc = analyse(text, [BERGER, FULL_HOLM], nlp, resources)
    assert speakers(doc) == [("sie würden die Wahl verlieren", "person:anna-berger")]


def test_the_pair_named_before_speaks_again_as_die_beiden(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger und Tobias Holm sagten, die Grenze bleibe offen. "
        "„Wir lassen uns nicht einschüchtern“, erklärten die beiden Politiker."
    )
    doc = analyse(text, [BERGER, FULL_HOLM], nlp, resources)
    assert speakers(doc)[2:] == [
        ("Wir lassen uns nicht einschüchtern", "person:anna-berger"),
        ("Wir lassen uns nicht einschüchtern", "person:tobias-holm"),
    ]


def test_who_is_compared_to_the_speaker_said_the_same(nlp: NlpStage, resources: Resources) -> None:
    text = "Anna Berger hat unterdessen wie Tobias Holm zugesagt, mit den Nachbarn zu verhandeln."
    doc = analyse(text, [BERGER, FULL_HOLM], nlp, resources)
    assert speakers(doc) == [
        ("mit den Nachbarn zu verhandeln", "person:anna-berger"),
        ("mit den Nachbarn zu verhandeln", "person:tobias-holm"),
    ]


def test_examples_after_wie_are_not_speakers(nlp: NlpStage, resources: Resources) -> None:
    text = "Anna Berger hat Länder wie Nordland gelobt und gesagt, der Vertrag gelte weiter."
    doc = analyse(text, [BERGER, NORDLAND], nlp, resources)
    assert [q.speaker_id for q in doc.quotes] == ["person:anna-berger"]


def test_an_inserted_wie_clause_inside_the_main_clause_makes_no_fragments(
    nlp: NlpStage, resources: Resources
) -> None:
    agency: Actor = ("Nordpress", "org:nordpress", "ORG", "Nordpress", "name")
    text = "Tobias Holm hat, wie die Agentur Nordpress berichtete, erklärt, Nordland sei bereit."
    doc = analyse(text, [FULL_HOLM, agency, NORDLAND], nlp, resources)
    assert speakers(doc) == [("Nordland sei bereit", "person:tobias-holm")]


def test_a_long_adverbial_between_speech_verb_and_comma_keeps_the_report(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger erklärte am Mittwoch im Namen der 27 Mitgliedstaaten, "
        "alle Spuren deuteten auf Sabotage hin."
    )
    doc = analyse(text, [BERGER], nlp, resources)
    assert speakers(doc) == [("alle Spuren deuteten auf Sabotage hin", "person:anna-berger")]


def test_an_object_between_speech_verb_and_comma_takes_the_clause_away(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "Anna Berger lobte am Mittwoch in der Hauptstadt den festen Willen der Partner, "
        "eine Einladung gab es nicht."
    )
    assert analyse(text, [BERGER], nlp, resources).quotes == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Man habe über die Sabotage an den Leitungen gesprochen, teilte Anna Berger mit.",
            "Man habe über die Sabotage an den Leitungen gesprochen",
        ),
        (
            "Es sei absurd, den Nachbarn zu beschuldigen, sagte Anna Berger.",
            "Es sei absurd, den Nachbarn zu beschuldigen",
        ),
    ],
)
def test_a_speech_verb_inside_the_reported_words_is_part_of_them(
    text: str, words: str, nlp: NlpStage, resources: Resources
) -> None:
    assert speakers(analyse(text, [BERGER], nlp, resources)) == [(words, "person:anna-berger")]


def test_raising_accusations_before_a_colon_reports_what_follows(
    nlp: NlpStage, resources: Resources
) -> None:
    text = "Anna Berger erhob schwere Vorwürfe: Der Anschlag sei von langer Hand geplant gewesen."
    doc = analyse(text, [BERGER], nlp, resources)
    assert speakers(doc) == [
        ("Der Anschlag sei von langer Hand geplant gewesen", "person:anna-berger")
    ]
