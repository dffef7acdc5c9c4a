"""Stories and facts in the store: listing, time-window lookup, quote and relation facts."""

from __future__ import annotations

import datetime as dt

import numpy as np
from store_articles import ANNA, KARL, NORDLAND, SUEDMARK, ArticleBuilder

from lagebild.model import Document
from lagebild.monitor.facts import match_quote_facts
from lagebild.runner import save_document
from lagebild.store import Store
from lagebild.store.fingerprints import NearDuplicateRow
from lagebild.store.stories import StoryAssignment

QUOTE = "Wir werden Südmark weiter mit aller Kraft beistehen."


def _vector(seed: int) -> bytes:
    vector = np.random.default_rng(seed).normal(size=512).astype(np.float32)
    return (vector / np.linalg.norm(vector)).astype("<f2").tobytes()


def _story(
    story_id: str, joined_by: str = "similar", actors: tuple[str, ...] = ()
) -> StoryAssignment:
    return StoryAssignment(story_id, _vector(len(story_id)), actors, joined_by, 0.8)


def _report(text: str, day: int, outlet: str, title: str, quote: str | None = None) -> Document:
    a = ArticleBuilder(text, published=dt.date(2024, 3, day), title=title)
    a.doc.outlet = outlet
    a.entity(*NORDLAND, "Nordland").entity(*SUEDMARK, "Südmark").entity(*ANNA, "Anna Beispiel")
    a.mention("Nordland", "gpe:nordland").mention("Südmark", "gpe:suedmark")
    a.mention("Anna Beispiel", "per:anna-beispiel")
    a.relation("Nordland liefert Südmark", "gpe:nordland", "AID", "gpe:suedmark")
    if quote:
        a.quote(quote, "per:anna-beispiel")
    return a.doc


def _copy_of(original: Document) -> NearDuplicateRow:
    return NearDuplicateRow(b"\0" * 8, 10, (), original.id, original.id, 0.9)


def _own(doc: Document) -> NearDuplicateRow:
    return NearDuplicateRow(b"\0" * 8, 10, (), doc.id)


def test_stories_list_articles_outlets_sources_and_actors(store: Store) -> None:
    first = _report("Nordland liefert Südmark Panzer, sagt Anna Beispiel.", 4, "Blatt A", "Panzer")
    copy = _report(
        "Agentur: Nordland liefert Südmark Panzer, sagt Anna Beispiel.",
        4,
        "Blatt B",
        "Panzer für Südmark",
    )
    own = _report(
        "Nordland liefert Südmark weitere Panzer, berichtet Anna Beispiel.",
        5,
        "Blatt C",
        "Mehr Panzer",
    )
    other = _report(
        "Nordland liefert Südmark Getreide, erklärt Anna Beispiel.", 20, "Blatt A", "Getreide"
    )
    assert store.save(first, near_duplicate=_own(first), story=_story(first.id, "new"))
    assert store.save(copy, near_duplicate=_copy_of(first), story=_story(first.id, "copy"))
    assert store.save(own, near_duplicate=_own(own), story=_story(first.id))
    assert store.save(other, story=_story(other.id, "new"))

    top, second = store.stories.top()
    assert top.id == first.id and top.title == "Panzer"
    assert [a.doc_id for a in top.articles] == [first.id, copy.id, own.id]
    assert (top.sources, top.outlets) == (2, ("Blatt A", "Blatt B", "Blatt C"))
    assert (top.first, top.last) == (dt.date(2024, 3, 4), dt.date(2024, 3, 5))
    assert {a.entity_id for a in top.actors} == {
        "gpe:nordland",
        "gpe:suedmark",
        "per:anna-beispiel",
    }
    assert all(a.articles == 3 for a in top.actors)
    assert second.id == other.id and second.sources == 1
    assert [s.id for s in store.stories.top(since=dt.date(2024, 3, 10))] == [other.id]
    assert store.stories.top(min_articles=2) == [top]

    near = {m.doc_id for m in store.stories.members_near(dt.date(2024, 3, 8), days=3)}
    assert near == {own.id}
    assert store.stories.story_of(copy.id) == first.id
    assert store.stories.unassigned() == []
    assert store.stories.clear() == 4
    assert store.stories.unassigned() == [first.id, copy.id, own.id, other.id]


def test_relation_reports_within_one_story_are_one_fact(store: Store) -> None:
    first = _report("Nordland liefert Südmark Panzer, sagt Anna Beispiel.", 4, "Blatt A", "A")
    copy = _report(
        "Agentur: Nordland liefert Südmark Panzer, sagt Anna Beispiel.", 4, "Blatt B", "B"
    )
    own = _report(
        "Nordland liefert Südmark weitere Panzer, berichtet Anna Beispiel.", 5, "Blatt C", "C"
    )
    later = _report("Nordland liefert Südmark Getreide, erklärt Anna Beispiel.", 20, "Blatt A", "D")
    store.save(first, near_duplicate=_own(first), story=_story(first.id, "new"))
    store.save(copy, near_duplicate=_copy_of(first), story=_story(first.id, "copy"))
    store.save(own, near_duplicate=_own(own), story=_story(first.id))
    store.save(later, near_duplicate=_own(later), story=_story(later.id, "new"))

    [aid] = store.relation_strengths(type="AID")
    assert (aid.documents, aid.sources) == (4, 3)
    newest, older = store.relation_facts(actor="Nordland")
    assert (newest.story_id, newest.sources, newest.documents) == (later.id, 1, 1)
    assert (older.story_id, older.sources, older.documents, older.reports) == (first.id, 2, 3, 3)
    assert older.relation.doc_id in {first.id, copy.id, own.id}
    assert older.relation.evidence == "Nordland liefert Südmark"
    assert store.relation_facts(actor="Karl Muster") == []
    assert len(store.relation_facts(since=dt.date(2024, 3, 10))) == 1


def test_one_statement_in_many_outlets_is_one_quote_fact(store: Store) -> None:
    variant = QUOTE[:-1] + " – so lange es nötig ist."
    texts = [
        f"Nordland liefert Südmark Panzer. Anna Beispiel sagte: „{QUOTE}“",
        f"Agentur: Nordland liefert Südmark Panzer. Anna Beispiel sagte: „{QUOTE}“",
        f"Nordland liefert Südmark Munition. Anna Beispiel: „{variant}“",
    ]
    quotes = [QUOTE, QUOTE, variant]
    docs = [_report(text, 4 + i, f"Blatt {i}", f"T{i}", quotes[i]) for i, text in enumerate(texts)]
    different = _report(
        "Nordland liefert Südmark Panzer. Anna Beispiel sagte: „Über Preise reden wir später.“",
        5,
        "Blatt X",
        "X",
        "Über Preise reden wir später.",
    )
    store.save(docs[0], near_duplicate=_own(docs[0]), quote_facts=match_quote_facts(store, docs[0]))
    store.save(
        docs[1], near_duplicate=_copy_of(docs[0]), quote_facts=match_quote_facts(store, docs[1])
    )
    store.save(docs[2], near_duplicate=_own(docs[2]), quote_facts=match_quote_facts(store, docs[2]))
    store.save(
        different, near_duplicate=_own(different), quote_facts=match_quote_facts(store, different)
    )

    rows = store.quotes(speaker="Anna Beispiel")
    assert len(rows) == 4
    same = [r for r in rows if r.text in (QUOTE, variant)]
    assert len(same) == 3 and all((r.sources, r.documents) == (2, 3) for r in same)
    [alone] = [r for r in rows if r.text not in (QUOTE, variant)]
    assert (alone.sources, alone.documents) == (1, 1)
    once = store.quotes(speaker="Anna Beispiel", facts=True)
    assert sorted(r.text for r in once) == sorted([QUOTE, alone.text])
    assert [r.doc_id for r in once if r.text == QUOTE] == [docs[0].id]


def test_a_quote_by_another_speaker_or_months_later_is_another_fact(store: Store) -> None:
    first = _report(
        f"Nordland liefert Südmark Panzer. Anna Beispiel sagte: „{QUOTE}“", 4, "Blatt A", "A", QUOTE
    )
    assert save_document(store, first)
    b = ArticleBuilder(f"Karl Muster sagte: „{QUOTE}“", published=dt.date(2024, 3, 5))
    b.entity(*KARL, "Karl Muster").mention("Karl Muster", "per:karl-muster")
    b.quote(QUOTE, "per:karl-muster")
    later = _report(
        f"Nordland liefert Südmark Geld. Anna Beispiel wiederholte: „{QUOTE}“",
        4,
        "Blatt B",
        "B",
        QUOTE,
    )
    later.published = dt.date(2024, 9, 1)
    assert save_document(store, b.doc) and save_document(store, later)
    assert all(r.sources == 1 for r in store.quotes())
    assert store.stories.story_of(first.id) == first.id  # saved with a story by the runner


def test_one_storys_quote_facts_and_relation_facts_and_paging(store: Store) -> None:
    first = _report(
        f"Nordland liefert Südmark Panzer. Anna Beispiel sagte: „{QUOTE}“", 4, "Blatt A", "A", QUOTE
    )
    own = _report(
        f"Nordland liefert Südmark Munition. Anna Beispiel sagte: „{QUOTE}“",
        5,
        "Blatt B",
        "B",
        QUOTE,
    )
    other = _report(
        "Nordland liefert Südmark Getreide. Anna Beispiel sagte: „Später.“",
        20,
        "Blatt A",
        "C",
        "Später.",
    )
    for doc, story in (
        (first, _story(first.id, "new")),
        (own, _story(first.id)),
        (other, _story(other.id, "new")),
    ):
        store.save(
            doc, near_duplicate=_own(doc), story=story, quote_facts=match_quote_facts(store, doc)
        )

    facts = store.quotes(story=first.id, facts=True)
    assert [(q.text, q.doc_id, q.sources, q.documents) for q in facts] == [(QUOTE, first.id, 2, 2)]
    assert {q.doc_id for q in store.quotes(story=first.id)} == {first.id, own.id}
    assert [q.text for q in store.quotes(story=other.id, facts=True)] == ["Später."]
    [aid] = store.relation_facts(story=first.id)
    assert (aid.story_id, aid.sources, aid.documents) == (first.id, 2, 2)
    assert [f.story_id for f in store.relation_facts(story=other.id)] == [other.id]
    assert store.quotes(story="doc_unknown") == [] == store.relation_facts(story="doc_unknown")
    # paging: the same order as one long page
    everything = [s.id for s in store.stories.top()]
    assert everything == [first.id, other.id]
    assert [s.id for s in store.stories.top(limit=1, offset=1)] == everything[1:]
