from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa
from store_articles import ArticleBuilder, article_one, article_two

from lagebild.model import Entity
from lagebild.store import Counts, Store, StoreError
from lagebild.store.schema import STATUS_ANALYSED, STATUS_UNSUPPORTED_LANGUAGE


def test_save_stores_every_row_and_resave_changes_nothing(store: Store) -> None:
    doc = article_one()

    assert store.save(doc) is True
    assert store.has_document(doc.id)
    first = store.counts()
    assert first == Counts(documents=1, entities=4, mentions=6, quotes=1, relations=2, amounts=1)

    assert store.save(article_one()) is False
    assert store.counts() == first


def test_document_round_trips_with_its_annotations(store: Store) -> None:
    doc = article_one()
    store.save(doc)

    loaded = store.document(doc.id)

    assert loaded is not None
    assert (loaded.text, loaded.title, loaded.published) == (doc.text, doc.title, doc.published)
    assert loaded.mentions == sorted(doc.mentions, key=lambda m: m.start)
    assert loaded.quotes == doc.quotes
    assert {r.id for r in loaded.relations} == {r.id for r in doc.relations}
    assert loaded.amounts == doc.amounts
    assert loaded.times == doc.times
    aid = next(r for r in loaded.relations if r.type == "AID")
    assert (aid.source_name, aid.target_name) == ("Nordland", "Südmark")
    assert store.document("doc_unknown") is None


def test_failing_row_mid_save_leaves_nothing_of_that_document(store: Store) -> None:
    doc = article_one()
    # The last relation points at an entity nobody stored: the foreign key rejects it
    # after the document, entities, mentions and quotes were already inserted.
    doc.relations.append(
        dataclasses.replace(doc.relations[0], target_id="gpe:nowhere", type="SUPPORT")
    )

    with pytest.raises(StoreError, match=doc.id):
        store.save(doc)

    assert not store.has_document(doc.id)
    assert store.counts() == Counts(0, 0, 0, 0, 0, 0)
    assert store.quotes(search="Seite") == []


def test_annotation_outside_the_text_is_refused_before_writing(store: Store) -> None:
    doc = article_one()
    doc.amounts[0] = dataclasses.replace(
        doc.amounts[0], evidence=doc.evidence(0, len(doc.text) + 5, "amounts")
    )

    with pytest.raises(StoreError, match="outside the text"):
        store.save(doc)
    assert not store.has_document(doc.id)


def test_duplicate_annotation_ids_are_stored_once(store: Store) -> None:
    doc = article_one()
    doc.mentions.append(doc.mentions[0])

    assert store.save(doc)
    assert store.counts().mentions == 6


def test_aliases_merge_across_documents_and_newest_entity_fields_win(store: Store) -> None:
    store.save(article_one())
    second = article_two()
    second.entities["gpe:suedmark"] = Entity("gpe:suedmark", "Suedmark", "GPE", ["Südmärker"])
    store.save(second)

    [suedmark] = store.entities(query="südmärker")

    assert suedmark.name == "Suedmark"
    assert suedmark.aliases == ("Südmark", "Südmarks", "Südmärker")
    assert suedmark.mentions == 2


def test_unsupported_language_is_stored_with_its_status(store: Store) -> None:
    store.save(article_one())
    polish = ArticleBuilder("Nordland wspiera Południe.", published=dt.date(2024, 1, 2))
    polish.doc.language = "pl"
    store.save(polish.doc)

    statuses = {row.language: row.status for row in store.documents()}

    assert statuses == {"de": STATUS_ANALYSED, "pl": STATUS_UNSUPPORTED_LANGUAGE}


def test_documents_newest_first_with_date_range(store: Store) -> None:
    store.save(article_one())
    store.save(article_two())

    assert [d.title for d in store.documents()] == ["Spannungen im Osten", "Hilfe für Südmark"]
    assert [d.title for d in store.documents(until=dt.date(2024, 5, 1))] == ["Hilfe für Südmark"]
    assert [d.title for d in store.documents(limit=1, offset=1)] == ["Hilfe für Südmark"]


def test_counts_within_a_date_range(store: Store) -> None:
    store.save(article_one())
    store.save(article_two())

    later = store.counts(since=dt.date(2024, 6, 1))

    assert later == Counts(documents=1, entities=4, mentions=4, quotes=1, relations=3, amounts=0)


def test_top_actors_by_documents_then_mentions(store: Store) -> None:
    store.save(article_one())
    store.save(article_two())

    top = store.top_actors()

    assert [(a.name, a.documents, a.mentions) for a in top[:3]] == [
        ("Nordland", 2, 4),
        ("Ostria", 2, 2),
        ("Südmark", 2, 2),
    ]
    people = store.top_actors(types=("PER",))
    assert {a.name for a in people} == {"Anna Beispiel", "Karl Muster"}
    march = store.top_actors(until=dt.date(2024, 3, 31), limit=1)
    assert [(a.name, a.documents, a.mentions) for a in march] == [("Nordland", 1, 3)]


def test_entities_search_by_alias_and_type(store: Store) -> None:
    store.save(article_one())

    assert [e.id for e in store.entities(query="NORDLÄNDISCHE")] == ["gpe:nordland"]
    assert [e.id for e in store.entities(query="per:anna-beispiel")] == ["per:anna-beispiel"]
    assert [e.name for e in store.entities(type="PER")] == ["Anna Beispiel"]
    assert store.entities(query="100%_") == []
    assert len(store.entities(limit=2)) == 2


def test_relations_filters(store: Store) -> None:
    store.save(article_one())
    store.save(article_two())

    everything = store.relations()
    assert len(everything) == 5
    assert everything[0].doc_title == "Spannungen im Osten"  # newest first

    [aid] = store.relations(type="AID")
    assert (aid.source_name, aid.target_name, aid.evidence) == (
        "Nordland",
        "Südmark",
        "unterstützt Südmark mit Panzern",
    )
    assert {r.type for r in store.relations(actor="südmarks")} == {"AID", "ACCUSE"}
    [claimed] = store.relations(asserted=False)
    assert (claimed.type, claimed.claimed_by_name, claimed.hypothetical) == (
        "ASSAULT",
        "Anna Beispiel",
        True,
    )
    assert {r.doc_title for r in store.relations(since=dt.date(2024, 6, 1))} == {
        "Spannungen im Osten"
    }
    assert store.relations(type="AGREE", until=dt.date(2024, 1, 1)) == []
    assert len(store.relations(limit=2, offset=4)) == 1


def test_relation_date_takes_precedence_over_publication_date(store: Store) -> None:
    doc = article_one()
    doc.relations[0] = dataclasses.replace(doc.relations[0], date=dt.date(2014, 2, 27))
    store.save(doc)

    assert [r.type for r in store.relations(until=dt.date(2015, 1, 1))] == ["AID"]


def test_relation_strengths_group_symmetric_pairs_and_skip_hypotheticals(store: Store) -> None:
    store.save(article_one())
    store.save(article_two())

    strengths = store.relation_strengths()

    top = strengths[0]
    assert (top.type, top.documents, top.relations, top.symmetric) == ("AGREE", 2, 2, True)
    assert {top.source_name, top.target_name} == {"Nordland", "Ostria"}
    assert "ASSAULT" not in {s.type for s in strengths}
    assert [s.type for s in store.relation_strengths(type="ACCUSE")] == ["ACCUSE"]
    assert [s.documents for s in store.relation_strengths(until=dt.date(2024, 4, 1))] == [1, 1]


def test_quotes_by_speaker_name_alias_or_id(store: Store) -> None:
    store.save(article_one())
    store.save(article_two())

    assert [q.speaker_name for q in store.quotes(speaker="anna beispiel")] == ["Anna Beispiel"]
    assert [q.kind for q in store.quotes(speaker="per:karl-muster")] == ["indirect"]
    assert store.quotes(speaker="Niemand") == []
    assert [q.doc_title for q in store.quotes()] == ["Spannungen im Osten", "Hilfe für Südmark"]
    assert [q.kind for q in store.quotes(kind="direct")] == ["direct"]
    assert [q.kind for q in store.quotes(since=dt.date(2024, 5, 1))] == ["indirect"]


def test_unlinked_speaker_found_by_the_name_given(store: Store) -> None:
    a = ArticleBuilder("Ein Sprecher sagte: „Alles bleibt ruhig.“", published=dt.date(2024, 2, 2))
    a.quote("Alles bleibt ruhig.", None, speaker_name="ein Sprecher")
    store.save(a.doc)

    [row] = store.quotes(speaker="ein Sprecher")

    assert (row.speaker_id, row.speaker_name) == (None, "ein Sprecher")
    assert [s.speaker_name for s in store.speakers()] == ["ein Sprecher"]


def test_speakers_ranked_by_quotes(store: Store) -> None:
    store.save(article_one())
    store.save(article_two())

    ranked = {(s.speaker_name, s.quotes, s.documents) for s in store.speakers()}

    assert ranked == {("Anna Beispiel", 1, 1), ("Karl Muster", 1, 1)}


def test_amounts_filters(store: Store) -> None:
    store.save(article_one())
    store.save(article_two())

    [amount] = store.amounts()
    assert (amount.value, amount.unit, amount.actor_name, amount.approximate) == (
        2e9,
        "EUR",
        "Nordland",
        True,
    )
    assert store.amounts(unit="USD") == []
    assert len(store.amounts(actor="Nordland")) == 1
    assert store.amounts(actor="Ostria") == []
    assert store.amounts(since=dt.date(2024, 5, 1)) == []


def test_store_is_shared_between_two_open_handles(db_url: str) -> None:
    writer = Store.open(db_url)
    reader = Store.open(db_url)
    try:
        writer.save(article_one())
        assert reader.counts().documents == 1
    finally:
        writer.close()
        reader.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "cannot open database not a url"),
        ("mysql://user:secret@localhost/db", "unsupported database|No module"),
        ("sqlite:////nonexistent-dir/sub/x.db", "unable to open"),
    ],
)
def test_open_bad_url_gives_one_line_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        Store.open(url)
    assert "\n" not in str(caught.value)
    assert "secret" not in str(caught.value)


def test_open_uses_environment_url(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", db_url)
    with Store.open() as opened:
        assert str(opened.engine.url) == str(sa.make_url(db_url))
