from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest

from lagebild.analysis.report import build_report, format_amount, format_number, render_report
from lagebild.ids import document_id
from lagebild.model import Amount, Document, Entity, Mention, Quote, Relation
from lagebild.store import Store

# Fictional actors and a fictional spokesperson, so no real person is quoted.
GERMANIA = Entity("gpe:germania", "Germania", "GPE", ["Germania"])
BALTIA = Entity("gpe:baltia", "Baltia", "GPE", ["Baltia"])
LENA = Entity("per:lena-probe", "Lena Probe", "PER", ["Probe"])


def _article(text: str, published: dt.date, title: str) -> Document:
    doc = Document(id=document_id(text), text=text, title=title, published=published, language="de")
    doc.entities = {e.id: e for e in (GERMANIA, BALTIA, LENA)}
    return doc


def _span(doc: Document, phrase: str, stage: str) -> tuple[int, int, str]:
    start = doc.text.index(phrase)
    return start, start + len(phrase), stage


def _first() -> Document:
    doc = _article(
        "Germania schickt 800 Soldaten nach Baltia. Lena Probe sagte: „Wir bleiben so lange wie "
        "nötig, und zwar ohne jede zeitliche Begrenzung durch irgendwelche Fristen.“",
        dt.date(2024, 4, 2),
        "Truppen für Baltia",
    )
    for phrase, entity in (("Germania", GERMANIA), ("Baltia", BALTIA), ("Lena Probe", LENA)):
        doc.mentions.append(
            Mention(doc.evidence(*_span(doc, phrase, "entities")), phrase, entity.type, entity.id)
        )
    quote_text = doc.text[doc.text.index("Wir") : doc.text.index("“")]
    doc.quotes.append(
        Quote(
            doc.evidence(*_span(doc, quote_text, "quotes")),
            quote_text,
            "direct",
            LENA.id,
            LENA.name,
        )
    )
    doc.relations.append(
        Relation(
            doc.evidence(*_span(doc, "schickt 800 Soldaten nach", "relations")),
            GERMANIA.id,
            "AID",
            BALTIA.id,
        )
    )
    doc.amounts.append(
        Amount(
            doc.evidence(*_span(doc, "800 Soldaten", "amounts")),
            "800 Soldaten",
            800,
            "soldiers",
            qualifier="more_than",
            measure="Truppenstärke",
            actor_id=GERMANIA.id,
        )
    )
    return doc


def _second() -> Document:
    doc = _article(
        "Baltia und Germania beraten über die Luftabwehr.", dt.date(2024, 9, 1), "Beratungen"
    )
    doc.mentions.append(
        Mention(doc.evidence(*_span(doc, "Baltia", "entities")), "Baltia", "GPE", BALTIA.id)
    )
    doc.relations.append(
        Relation(
            doc.evidence(*_span(doc, "Baltia und Germania beraten", "relations")),
            BALTIA.id,
            "CONSULT",
            GERMANIA.id,
        )
    )
    return doc


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        opened.save(_first())
        opened.save(_second())
        yield opened


def test_report_collects_counts_actors_relations_speakers_figures(store: Store) -> None:
    report = build_report(store)

    assert report.counts.documents == 2
    assert [(a.name, a.documents) for a in report.top_actors][:2] == [
        ("Baltia", 2),
        ("Germania", 1),
    ]
    assert list(report.relations_by_type) == ["CONSULT", "AID"]  # PLOVER order
    [consult] = report.relations_by_type["CONSULT"]
    assert consult.symmetric
    [speaker] = report.speakers
    assert (speaker.speaker_name, speaker.quotes) == ("Lena Probe", 1)
    assert speaker.example.startswith("Wir bleiben")
    assert [f.text for f in report.figures] == ["800 Soldaten"]


def test_report_period_limits_every_part(store: Store) -> None:
    report = build_report(store, since=dt.date(2024, 6, 1))

    assert report.counts.documents == 1
    assert list(report.relations_by_type) == ["CONSULT"]
    assert report.speakers == []
    assert report.figures == []


def test_rendered_report_is_aligned_and_german(store: Store) -> None:
    text = render_report(build_report(store))

    assert "Lagebild (alle Artikel)" in text
    assert "Baltia ↔ Germania" in text
    assert "Germania → Baltia" in text
    assert "mehr als 800 soldiers" in text
    assert "„Wir bleiben so lange" in text and "…“" in text  # long example shortened
    figures = text.split("Genannte Zahlen")[1].splitlines()
    header, rule = figures[2], figures[3]
    assert header.index("Was") == rule.index(" -") + 1  # columns start where the rule does


def test_empty_database_renders_empty_sections(db_url: str) -> None:
    with Store.open(db_url) as empty:
        text = render_report(build_report(empty, until=dt.date(2024, 1, 1)))

    assert "bis 2024-01-01" in text
    assert text.count("(keine)") == 4


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, "5"),
        (2.5, "2,5"),
        (1200, "1.200"),
        (0.35, "0,35"),
        (2e9, "2 Mrd."),
        (1.5e6, "1,5 Mio."),
        (-12000, "-12.000"),
    ],
)
def test_format_number_german(value: float, expected: str) -> None:
    assert format_number(value) == expected


def test_format_amount_range_and_percent(store: Store) -> None:
    [figure] = store.amounts()
    ranged = dataclasses.replace(
        figure, value=2, value_max=3, unit="percent", qualifier=None, approximate=True
    )

    assert format_amount(ranged) == "ca. 2–3 %"
