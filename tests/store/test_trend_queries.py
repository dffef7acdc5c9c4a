"""The queries behind change over time (``Store.trends``), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from store_articles import ANNA, KARL, NORDLAND, OSTRIA, SUEDMARK, ArticleBuilder

from lagebild.model import Document
from lagebild.runner import save_document
from lagebild.store import Store

MARCH, APRIL = dt.date(2025, 3, 3), dt.date(2025, 4, 7)


def _aid(text: str, day: dt.date, **flags: object) -> Document:
    a = ArticleBuilder(text, published=day)
    a.entity(*NORDLAND, "Nordland").entity(*SUEDMARK, "Südmark")
    a.mention("Nordland", "gpe:nordland").mention("Südmark", "gpe:suedmark")
    a.relation("Nordland hilft Südmark", "gpe:nordland", "AID", "gpe:suedmark", **flags)
    return a.doc


def test_relation_reports_carry_day_and_copy_cluster(store: Store) -> None:
    body = (
        "Nordland hilft Südmark mit Treibstoff. Die Regierung in der Hauptstadt teilte am "
        "Montag mit, die ersten Tanklaster seien unterwegs, weitere sollten folgen, und das "
        "Parlament werde in der kommenden Woche über die Kosten beraten."
    )
    original, copy = _aid(body, MARCH), _aid("Hauptstadt (Agentur) – " + body, MARCH)
    for doc in (original, copy, _aid("Nordland hilft Südmark nicht.", APRIL, negated=True)):
        assert save_document(store, doc)
    reports = store.trends.relation_reports(MARCH, APRIL)
    assert [(r.type, r.day, r.first_name, r.second_name) for r in reports] == [
        ("AID", MARCH, "Nordland", "Südmark")
    ] * 2  # the negated one is no report
    assert {r.cluster for r in reports} == {original.id}
    assert store.trends.relation_reports(APRIL, APRIL) == []
    assert store.trends.first_report_days() == {("gpe:nordland", "AID", "gpe:suedmark"): MARCH}
    assert store.trends.first_report_days({"gpe:nordland", "gpe:suedmark"}) == {
        ("gpe:nordland", "AID", "gpe:suedmark"): MARCH
    }
    assert store.trends.first_report_days({"gpe:nordland", "gpe:ostria"}) == {}


def test_symmetric_pairs_are_in_id_order(store: Store) -> None:
    a = ArticleBuilder("Südmark und Nordland arbeiten zusammen.", published=MARCH)
    a.entity(*NORDLAND, "Nordland").entity(*SUEDMARK, "Südmark")
    a.relation("arbeiten zusammen", "gpe:suedmark", "COOPERATE", "gpe:nordland")
    store.save(a.doc)
    [report] = store.trends.relation_reports()
    assert (report.first_id, report.second_id) == ("gpe:nordland", "gpe:suedmark")


def test_quote_statements_have_topics_and_stances(store: Store) -> None:
    text = "Anna Beispiel sagte: „Nordland unterstützt Ostria nicht.“ Danach ging sie."
    a = ArticleBuilder(text, published=APRIL)
    a.entity(*ANNA).entity(*NORDLAND, "Nordland").entity(*OSTRIA, "Ostria")
    a.mention("Anna Beispiel", "per:anna-beispiel")
    a.mention("Nordland", "gpe:nordland").mention("Ostria", "gpe:ostria")
    a.quote("Nordland unterstützt Ostria nicht.", "per:anna-beispiel")
    a.relation("Nordland unterstützt Ostria", "gpe:nordland", "SUPPORT", "gpe:ostria", negated=True)
    store.save(a.doc)
    [quote] = store.trends.quote_statements(until=APRIL)
    assert (quote.speaker_name, quote.day) == ("Anna Beispiel", APRIL)
    assert quote.topics == {"gpe:nordland", "gpe:ostria"}  # the speaker is no topic
    assert quote.stances == (("gpe:nordland", "SUPPORT", "gpe:ostria", True),)
    assert store.trends.quote_statements(until=MARCH) == []
    # an earlier quote of the same speaker joins the history, another speaker's does not
    for speaker, words in ((ANNA, "Ostria wartet ab."), (KARL, "Nordland wartet ab.")):
        b = ArticleBuilder(f"{speaker[1]} sagte: „{words}“ Mehr nicht.", published=MARCH)
        b.entity(*speaker).mention(speaker[1], speaker[0]).quote(words, speaker[0])
        store.save(b.doc)
    history = store.trends.quotes_with_history(APRIL, APRIL)
    assert [(q.speaker_name, q.day) for q in history] == [
        ("Anna Beispiel", MARCH),
        ("Anna Beispiel", APRIL),
    ]
    assert store.trends.quotes_with_history(dt.date(2025, 6, 1), dt.date(2025, 6, 30)) == []


def test_amount_reports_need_a_measure(store: Store) -> None:
    text = "Nordland gibt 2,1 Prozent für Verteidigung aus und kauft 12 Schiffe."
    a = ArticleBuilder(text, published=APRIL)
    a.entity(*NORDLAND, "Nordland")
    a.amount("2,1 Prozent", 2.1, "percent", measure="Verteidigung", actor_id="gpe:nordland")
    a.amount("12 Schiffe", 12, "items")
    a.doc.outlet = "Nordkurier"
    store.save(a.doc)
    [amount] = store.trends.amount_reports(APRIL, APRIL)
    assert (amount.value, amount.actor_name, amount.outlet) == (2.1, "Nordland", "Nordkurier")
    links = store.trends.document_links([a.doc.id])
    assert links[a.doc.id].outlet == "Nordkurier" and links[a.doc.id].published == APRIL
