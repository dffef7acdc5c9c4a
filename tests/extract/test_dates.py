from __future__ import annotations

import datetime as dt

import pytest

from lagebild.extract.dates import (
    DateResolver,
    date_for_span,
    find_time_expressions,
    statement_date,
)
from lagebild.model import Document, TimeExpression
from lagebild.nlp.stage import NlpStage
from lagebild.pipeline import Pipeline

#: A Thursday.
PUBLISHED = dt.date(2024, 11, 7)
D = dt.date


def analysed(text: str, published: dt.date | None = PUBLISHED) -> Document:
    doc = Document(id="doc_test", text=text, published=published)
    return DateResolver()(NlpStage()(doc))


def only_time(text: str, published: dt.date | None = PUBLISHED) -> TimeExpression:
    times = analysed(text, published).times
    assert len(times) == 1, [t.text for t in times]
    return times[0]


@pytest.mark.parametrize(
    ("sentence", "span", "start", "end", "granularity"),
    [
        (
            "Die Ministerin traf am Dienstag ihren Amtskollegen.",
            "am Dienstag",
            D(2024, 11, 5),
            D(2024, 11, 5),
            "day",
        ),
        (
            "Der Minister wird am Dienstag nach Rom reisen.",
            "am Dienstag",
            D(2024, 11, 12),
            D(2024, 11, 12),
            "day",
        ),
        (
            "Am Montagabend hatte die Regierung getagt.",
            "Am Montagabend",
            D(2024, 11, 4),
            D(2024, 11, 4),
            "day",
        ),
        (
            "Am vergangenen Donnerstag sprach die Generalin.",
            "Am vergangenen Donnerstag",
            D(2024, 10, 31),
            D(2024, 10, 31),
            "day",
        ),
        (
            "Am kommenden Samstag soll das Abkommen unterzeichnet werden.",
            "Am kommenden Samstag",
            D(2024, 11, 9),
            D(2024, 11, 9),
            "day",
        ),
        ("Gestern meldete die Armee Angriffe.", "Gestern", D(2024, 11, 6), D(2024, 11, 6), "day"),
        ("Der Rat berät heute über Hilfen.", "heute", PUBLISHED, PUBLISHED, "day"),
        ("Die Delegation reist morgen ab.", "morgen", D(2024, 11, 8), D(2024, 11, 8), "day"),
        ("Vorgestern fiel die Entscheidung.", "Vorgestern", D(2024, 11, 5), D(2024, 11, 5), "day"),
        (
            "Vergangene Woche tagte der Rat.",
            "Vergangene Woche",
            D(2024, 10, 28),
            D(2024, 11, 3),
            "week",
        ),
        (
            "In der vergangenen Woche tagte der Rat.",
            "In der vergangenen Woche",
            D(2024, 10, 28),
            D(2024, 11, 3),
            "week",
        ),
        (
            "Letzte Woche kam die Lieferung.",
            "Letzte Woche",
            D(2024, 10, 28),
            D(2024, 11, 3),
            "week",
        ),
        (
            "Nächste Woche folgt der Gipfel.",
            "Nächste Woche",
            D(2024, 11, 11),
            D(2024, 11, 17),
            "week",
        ),
        (
            "Zu Beginn der Woche sprach der Kanzler.",
            "Zu Beginn der Woche",
            D(2024, 11, 4),
            D(2024, 11, 5),
            "range",
        ),
        ("Die Lieferung kam Ende Mai an.", "Ende Mai", D(2024, 5, 22), D(2024, 5, 31), "range"),
        (
            "Anfang 2024 begann die Offensive.",
            "Anfang 2024",
            D(2024, 1, 1),
            D(2024, 4, 30),
            "range",
        ),
        (
            "Ende des Jahres lief der Vertrag aus.",
            "Ende des Jahres",
            D(2024, 9, 1),
            D(2024, 12, 31),
            "range",
        ),
        (
            "Im Februar griffen die Truppen an.",
            "Im Februar",
            D(2024, 2, 1),
            D(2024, 2, 29),
            "month",
        ),
        ("Im Dezember wurde gewählt.", "Im Dezember", D(2023, 12, 1), D(2023, 12, 31), "month"),
        (
            "Im Dezember wird gewählt werden.",
            "Im Dezember",
            D(2024, 12, 1),
            D(2024, 12, 31),
            "month",
        ),
        (
            "Im vergangenen Jahr stiegen die Ausgaben.",
            "Im vergangenen Jahr",
            D(2023, 1, 1),
            D(2023, 12, 31),
            "year",
        ),
        ("Im Vorjahr waren es weniger.", "Im Vorjahr", D(2023, 1, 1), D(2023, 12, 31), "year"),
        (
            "Im nächsten Jahr soll die Brigade stehen.",
            "Im nächsten Jahr",
            D(2025, 1, 1),
            D(2025, 12, 31),
            "year",
        ),
        (
            "Im vergangenen Monat sank die Zahl.",
            "Im vergangenen Monat",
            D(2024, 10, 1),
            D(2024, 10, 31),
            "month",
        ),
        (
            "Das Manöver fand vom 1. bis 3. September statt.",
            "vom 1. bis 3. September",
            D(2024, 9, 1),
            D(2024, 9, 3),
            "range",
        ),
        (
            "Die Konferenz lief vom 28. Oktober bis 2. November.",
            "vom 28. Oktober bis 2. November",
            D(2024, 10, 28),
            D(2024, 11, 2),
            "range",
        ),
        ("Die Staaten wollen bis 2035 mehr ausgeben.", "bis 2035", None, D(2035, 12, 31), "range"),
        ("Der Vertrag gilt ab 2026 weiter.", "ab 2026", D(2026, 1, 1), None, "range"),
        (
            "Im Jahr 2023 wuchs die Wirtschaft.",
            "Im Jahr 2023",
            D(2023, 1, 1),
            D(2023, 12, 31),
            "year",
        ),
        ("Russland gab 2024 viel Geld aus.", "2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("2024 stieg das Budget deutlich.", "2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("Am 6. Juni 2021 wurde gewählt.", "Am 6. Juni 2021", D(2021, 6, 6), D(2021, 6, 6), "day"),
        (
            "Die Wahl war am 05.11.2024 entschieden.",
            "am 05.11.2024",
            D(2024, 11, 5),
            D(2024, 11, 5),
            "day",
        ),
        (
            "Seit Februar 2022 herrscht Krieg.",
            "Seit Februar 2022",
            D(2022, 2, 1),
            PUBLISHED,
            "range",
        ),
        (
            "Seit dem 24. Februar 2022 herrscht Krieg.",
            "Seit dem 24. Februar 2022",
            D(2022, 2, 24),
            PUBLISHED,
            "range",
        ),
        (
            "In einer Woche beginnt die Konferenz.",
            "In einer Woche",
            D(2024, 11, 11),
            D(2024, 11, 17),
            "week",
        ),
        (
            "Vor drei Tagen landete das Flugzeug.",
            "Vor drei Tagen",
            D(2024, 11, 4),
            D(2024, 11, 4),
            "day",
        ),
        (
            "Seit drei Jahren dauert der Konflikt.",
            "Seit drei Jahren",
            D(2021, 11, 7),
            PUBLISHED,
            "range",
        ),
        (
            "In den vergangenen zwei Wochen fielen Raketen.",
            "In den vergangenen zwei Wochen",
            D(2024, 10, 24),
            PUBLISHED,
            "range",
        ),
        ("Vor Wochen hatte sie gewarnt.", "Vor Wochen", None, None, "range"),
        ("Seit Jahren rüstet das Land auf.", "Seit Jahren", None, None, "range"),
        (
            "Im ersten Quartal 2024 fielen die Preise.",
            "Im ersten Quartal 2024",
            D(2024, 1, 1),
            D(2024, 3, 31),
            "quarter",
        ),
        (
            "Im Sommer 2023 begann die Gegenoffensive.",
            "Im Sommer 2023",
            D(2023, 6, 1),
            D(2023, 8, 31),
            "range",
        ),
        (
            "Zwischen 2020 und 2023 verdoppelte sich der Etat.",
            "Zwischen 2020 und 2023",
            D(2020, 1, 1),
            D(2023, 12, 31),
            "range",
        ),
        (
            "Am Wochenende protestierten viele Menschen.",
            "Am Wochenende",
            D(2024, 11, 2),
            D(2024, 11, 3),
            "range",
        ),
    ],
)
def test_resolves_against_publication_date(
    sentence: str,
    span: str,
    start: dt.date | None,
    end: dt.date | None,
    granularity: str,
) -> None:
    expr = only_time(sentence)
    assert expr.text == span
    assert (expr.start_date, expr.end_date, expr.granularity) == (start, end, granularity)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russland gab 462 Milliarden Dollar aus.",
        "Rund 2000 Soldaten wurden verlegt.",
        "Die Armee verlegte 2000 Panzer.",
        "Der 65-Jährige trat zurück.",
        "Am Morgen gab es Alarm in einer Kaserne.",
        "Jan Novak und August Berger trafen sich.",
    ],
)
def test_quantities_and_names_are_not_times(sentence: str) -> None:
    assert analysed(sentence).times == []


def test_spans_point_at_the_text() -> None:
    text = "Gestern, am 3. März 2024, und im Februar sowie bis 2030 gab es Gespräche."
    doc = analysed(text)
    assert [t.text for t in doc.times] == ["Gestern", "am 3. März 2024", "im Februar", "bis 2030"]
    for expr in doc.times:
        assert text[expr.evidence.start : expr.evidence.end] == expr.text
        assert expr.evidence.stage == "dates"


def test_without_publication_date_only_absolute_expressions() -> None:
    doc = analysed("Gestern kam er, am 6. Juni 2021 ging er, im Februar blieb er.", published=None)
    assert [(t.text, t.start_date) for t in doc.times] == [("am 6. Juni 2021", D(2021, 6, 6))]


def test_date_for_span_uses_nearest_expression_in_sentence() -> None:
    text = "Am Dienstag traf die Ministerin den General. Der Vertrag steht."
    doc = analysed(text)
    general = text.index("General")
    assert date_for_span(doc, general, general + 7) == D(2024, 11, 5)
    vertrag = text.index("Vertrag")
    assert date_for_span(doc, vertrag, vertrag + 7) == PUBLISHED


def test_date_for_span_prefers_the_closer_of_two_expressions() -> None:
    text = (
        "Gestern sprach sie in Paris mit der Presse über vieles, "
        "im Februar 2023 hatte sie Rom besucht."
    )
    doc = analysed(text)
    rom = text.index("Rom")
    assert date_for_span(doc, rom, rom + 3) == D(2023, 2, 1)
    paris = text.index("Paris")
    assert date_for_span(doc, paris, paris + 5) == D(2024, 11, 6)


def test_date_for_span_works_before_the_dates_stage_ran() -> None:
    doc = NlpStage()(Document(id="d", text="Vor drei Tagen fiel die Wahl.", published=PUBLISHED))
    assert date_for_span(doc, 20, 24) == D(2024, 11, 4)


def test_stage_in_pipeline_is_deterministic() -> None:
    text = "Am Montag wurde verhandelt. Im vergangenen Jahr stiegen die Ausgaben um 2024 Euro."
    pipeline = Pipeline.build(["nlp", "dates"])
    first = pipeline(Document(id="a", text=text, published=PUBLISHED))
    second = pipeline(Document(id="a", text=text, published=PUBLISHED))
    assert first.times == second.times
    assert "times" in first.assigned
    assert find_time_expressions(first) == first.times


def test_a_statement_is_dated_by_its_cue_not_by_what_it_says() -> None:
    text = "Die Ministerin sagte am Montag, bis 2035 müssten alle Staaten mehr ausgeben."
    doc = analysed(text)
    said = text.index("bis 2035")
    cue = (text.index("sagte"), text.index("sagte") + 5)
    assert date_for_span(doc, said, len(text) - 1) == D(2035, 12, 31)
    assert statement_date(doc, said, len(text) - 1, cue) == D(2024, 11, 4)


def test_a_statement_is_never_dated_after_publication() -> None:
    text = "„Wir entscheiden bald“, sagte der Minister vor dem Treffen am 20. November 2024."
    doc = analysed(text)
    cue = (text.index("sagte"), text.index("sagte") + 5)
    assert date_for_span(doc, 1, text.index("“")) == D(2024, 11, 20)
    assert statement_date(doc, 1, text.index("“"), cue) == PUBLISHED
