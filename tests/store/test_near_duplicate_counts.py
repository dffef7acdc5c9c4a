"""Relation strengths count independent sources: near-copies of one article count once."""

from __future__ import annotations

import datetime as dt

from store_articles import NORDLAND, SUEDMARK, ArticleBuilder

from lagebild.model import Document
from lagebild.runner import save_document
from lagebild.store import Store

REPORT = (
    "Nordland unterstützt Südmark mit Panzern. Die Regierung in der Hauptstadt teilte am "
    "Montag mit, die ersten Fahrzeuge würden noch in diesem Monat übergeben. Weitere "
    "Lieferungen seien geplant, hieß es aus dem Ministerium. Die Opposition verlangte eine "
    "Debatte im Parlament über die Kosten des Pakets."
)


def _aid_article(text: str) -> Document:
    a = ArticleBuilder(text, published=dt.date(2024, 3, 4))
    a.entity(*NORDLAND, "Nordland").entity(*SUEDMARK, "Südmark")
    a.mention("Nordland", "gpe:nordland").mention("Südmark", "gpe:suedmark")
    a.relation("unterstützt Südmark mit Panzern", "gpe:nordland", "AID", "gpe:suedmark")
    return a.doc


def test_copies_share_a_cluster_and_count_as_one_source(store: Store) -> None:
    original = _aid_article(REPORT)
    copy = _aid_article("Hauptstadt (Agentur) – " + REPORT + " Mehr zum Thema im Newsletter.")
    other = _aid_article(
        "Nordland unterstützt Südmark mit Panzern, berichtet ein zweites Blatt aus eigener "
        "Recherche: Vier Kompanien würden ausgerüstet, die Ausbildung beginne im Sommer."
    )
    for doc in (original, copy, other):
        assert save_document(store, doc)

    copied = store.fingerprints.membership(copy.id)
    assert copied is not None
    assert (copied.cluster_id, copied.duplicate_of) == (original.id, original.id)
    assert copied.similarity is not None and copied.similarity >= 0.5
    alone = store.fingerprints.membership(other.id)
    assert alone is not None and (alone.cluster_id, alone.duplicate_of) == (other.id, None)

    [aid] = store.relation_strengths(type="AID")
    assert (aid.documents, aid.sources, aid.relations) == (3, 2, 3)


def test_documents_saved_without_a_fingerprint_each_count(store: Store) -> None:
    store.save(_aid_article(REPORT))
    store.save(_aid_article("Eilmeldung: " + REPORT))
    [aid] = store.relation_strengths(type="AID")
    assert (aid.documents, aid.sources) == (2, 2)


def test_top_actors_rank_by_independent_sources(store: Store) -> None:
    """Three copies of one article about Nordland count once; two own reports mentioning
    Südmark count twice, so Südmark leads although fewer articles name it."""
    copies = [REPORT, "Hauptstadt (Agentur) – " + REPORT, REPORT + " Mehr dazu im Newsletter."]
    for text in copies:
        a = ArticleBuilder(text.replace(" Südmark", " dem Nachbarn"), published=dt.date(2024, 3, 4))
        a.entity(*NORDLAND, "Nordland").mention("Nordland", "gpe:nordland")
        assert save_document(store, a.doc)
    for text in (
        "Südmark meldet neue Gefechte an der Grenze, die Lage bleibe angespannt.",
        "Aus Südmark kommen Berichte über Stromausfälle in mehreren Städten des Landes.",
    ):
        b = ArticleBuilder(text, published=dt.date(2024, 3, 5))
        b.entity(*SUEDMARK, "Südmark").mention("Südmark", "gpe:suedmark")
        assert save_document(store, b.doc)

    top = store.top_actors()
    assert [(a.name, a.sources, a.documents) for a in top] == [
        ("Südmark", 2, 2),
        ("Nordland", 1, 3),
    ]
