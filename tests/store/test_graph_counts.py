"""The pre-counted graph rows give the same network as counting the relations and mentions.

A period that is exactly everything, a calendar year or a calendar month is read from
``pair_counts``; any other period is counted from the relations. The corpus below has no
facts on the first and last days of months, so widening an aligned period by a day on each
side selects the same relations through the other query: both must agree. Copies of
articles (real near-duplicate fingerprints) are published a day or a month later, so one
copy cluster spans days, months and years.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

import pytest
from alembic import command
from alembic.config import Config
from graph_rows import graph_rows
from store_articles import ArticleBuilder

from lagebild.analysis.graph import actor_graph
from lagebild.model import SYMMETRIC_TYPES, Document
from lagebild.runner import save_document
from lagebild.store import RelationStrength, Store
from lagebild.store.bulk import refresh_statistics
from lagebild.store.fingerprints import NearDuplicateRow
from lagebild.store.graph_counts import single_period, tiling_periods
from lagebild.store.repository import MIGRATIONS

ACTORS = [
    ("gpe:nordland", "Nordland", "GPE"),
    ("gpe:suedmark", "Südmark", "GPE"),
    ("gpe:ostria", "Ostria", "GPE"),
    ("org:westbund", "Westbund", "ORG"),
    ("per:anna-beispiel", "Anna Beispiel", "PER"),
    ("per:karl-muster", "Karl Muster", "PER"),
]
TYPES = ["AID", "COOPERATE", "ACCUSE", "CONSULT", "THREATEN"]
YEARS = (2023, 2024)
WORDS = [
    "Regierung",
    "Abend",
    "Gespräche",
    "Woche",
    "Beobachter",
    "Einigung",
    "Lage",
    "Grenze",
    "Truppen",
    "Hafen",
    "Bahn",
    "Ministerium",
    "Parlament",
    "Haushalt",
    "Mittel",
    "Fahrzeuge",
    "Lieferung",
    "Sommer",
    "Winter",
    "Küste",
    "Norden",
    "Süden",
    "Kommission",
    "Vertrag",
    "Frist",
    "Zusage",
    "Bericht",
    "Quelle",
    "Angaben",
    "Verband",
    "Kosten",
    "Debatte",
    "Stunde",
    "Morgen",
    "Übung",
    "Flughafen",
    "Brücke",
    "Straße",
    "Depot",
    "Werk",
    "Anlage",
    "Netz",
    "Kabel",
    "Signal",
]


def _day(rng: random.Random) -> dt.date:
    """A day in YEARS that is neither the first nor one of the last days of its month."""
    return dt.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(2, 27))


def _article(number: int, rng: random.Random) -> tuple[Document, str]:
    cast = rng.sample(ACTORS, rng.randint(2, 4))
    sentences = [f"{a[1]} und {b[1]} ({number}.{k})." for k, (a, b) in enumerate(pairwise(cast))]
    filler = " ".join(rng.choice(WORDS) for _ in range(30))  # unlike any other article
    text = f"Bericht {number}: " + " ".join(sentences) + " " + filler + "."
    published = _day(rng)
    article = ArticleBuilder(text, published=published)
    for entity_id, name, kind in cast:
        article.entity(entity_id, name, kind)
        for occurrence in range(text.count(name)):
            article.mention(name, entity_id, occurrence)
    for k, ((source, _, _), (target, _, _)) in enumerate(pairwise(cast)):
        for repeat in range(rng.choice([1, 1, 2])):  # the same pair twice in one article
            own = _day(rng) if rng.random() < 0.3 else None
            relation_type = rng.choice(TYPES)
            if rng.random() < 0.5:
                source, target = target, source
            phrase = f"({number}.{k})" if repeat == 0 else f"{number}.{k}"
            article.relation(
                phrase,
                source,
                relation_type,
                target,
                asserted=rng.random() < 0.7,
                negated=rng.random() < 0.1,
                hypothetical=rng.random() < 0.1,
                date=own,
            )
    return article.doc, text


def _copy(doc: Document, text: str, published: dt.date) -> Document:
    """The same article in another outlet: a near duplicate with the same facts."""
    prefix = "Hauptstadt (Agentur) – "
    copy = ArticleBuilder(prefix + text + " Mehr dazu im Newsletter.", published=published)
    shift = len(prefix)
    copy.doc.entities.update(doc.entities)
    for mention in doc.mentions:
        copy.mention(
            mention.text, mention.entity_id, text.count(mention.text, 0, mention.evidence.start)
        )
    for relation in doc.relations:
        phrase = text[relation.evidence.start : relation.evidence.end]
        occurrence = text.count(phrase, 0, relation.evidence.start)
        assert copy.span(phrase, occurrence)[0] == relation.evidence.start + shift
        copy.relation(
            phrase,
            relation.source_id,
            relation.type,
            relation.target_id,
            asserted=relation.asserted,
            negated=relation.negated,
            hypothetical=relation.hypothetical,
            date=relation.date,
        )
    return copy.doc


def _corpus(seed: int = 5, articles: int = 40) -> list[Document]:
    rng = random.Random(seed)
    docs: list[Document] = []
    for number in range(articles):
        doc, text = _article(number, rng)
        docs.append(doc)
        if number % 4 == 0:  # copies a day and a month later: one cluster over periods
            later = [doc.published + dt.timedelta(days=days) for days in (1, 31)]  # type: ignore[operator]
            docs += [_copy(doc, text, day) for day in later if day.day not in (1, 28, 29, 30, 31)]
    undated, _ = _article(articles, rng)
    undated.published = None
    for relation in undated.relations:
        relation.date = None
    return [*docs, undated]


def _save(store: Store, docs: list[Document]) -> None:
    for doc in docs:
        save_document(store, doc)


def _aligned_periods() -> Iterator[tuple[dt.date, dt.date]]:
    for year in YEARS:
        yield dt.date(year, 1, 1), dt.date(year, 12, 31)
        for month in (1, 2, 6, 12):
            first = dt.date(year, month, 1)
            yield first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _widened(since: dt.date, until: dt.date) -> tuple[dt.date, dt.date]:
    return since - dt.timedelta(days=1), until + dt.timedelta(days=1)


@pytest.fixture
def filled(store: Store) -> Store:
    _save(store, _corpus())
    return store


def test_pre_counted_strengths_equal_the_counted_ones_for_years_and_months(filled: Store) -> None:
    compared = 0
    for since, until in _aligned_periods():
        for asserted in (None, True, False):
            for kinds in (None, ["GPE", "ORG"]):
                for limit in (3, 1000):
                    new = filled.relation_strengths(since, until, limit, None, asserted, kinds)
                    old = filled.relation_strengths(
                        *_widened(since, until), limit, None, asserted, kinds
                    )
                    assert new == old, (since, until, asserted, kinds, limit)
                    compared += len(new)
        for relation_type in TYPES:
            new = filled.relation_strengths(since, until, 1000, relation_type)
            assert new == filled.relation_strengths(*_widened(since, until), 1000, relation_type)
    assert compared > 300  # the periods are not empty


def test_the_graph_of_a_year_is_the_graph_counted_from_the_relations(filled: Store) -> None:
    for year in YEARS:
        for asserted in (None, False):
            new = actor_graph(filled, dt.date(year, 1, 1), dt.date(year, 12, 31), asserted=asserted)
            old = actor_graph(
                filled, dt.date(year - 1, 12, 31), dt.date(year + 1, 1, 1), asserted=asserted
            )
            assert new.edges == old.edges
            assert [n.id for n in new.nodes] == [n.id for n in old.nodes]
            assert len(new.edges) > 10


def _expected_strengths(store: Store) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    """(first, type, second) -> (sources, documents, relations) of all time, counted here."""
    clusters = {m.doc_id: m.cluster_id for m in store.fingerprints.memberships()}
    documents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    sources: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    relations: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in store.relations(limit=100_000):
        if row.negated or row.hypothetical:
            continue
        first, second = row.source_id, row.target_id
        if row.type in SYMMETRIC_TYPES and first > second:
            first, second = second, first
        key = (first, row.type, second)
        documents[key].add(row.doc_id)
        sources[key].add(clusters.get(row.doc_id, row.doc_id))
        relations[key] += 1
    return {k: (len(sources[k]), len(documents[k]), relations[k]) for k in documents}


def _all_time(strengths: list[RelationStrength]) -> dict[tuple[str, str, str], tuple[int, ...]]:
    return {
        (s.source_id, s.type, s.target_id): (s.sources, s.documents, s.relations) for s in strengths
    }


def test_all_time_counts_every_relation_with_copies_as_one_source(filled: Store) -> None:
    expected = _expected_strengths(filled)
    strengths = filled.relation_strengths(limit=10_000)
    assert _all_time(strengths) == expected
    assert any(documents > sources for sources, documents, _ in expected.values())


def test_saving_an_article_again_changes_no_count(filled: Store) -> None:
    before = filled.relation_strengths(limit=10_000), graph_rows(filled)
    _save(filled, _corpus())
    assert (filled.relation_strengths(limit=10_000), graph_rows(filled)) == before


def test_counting_everything_again_gives_the_rows_save_kept(filled: Store) -> None:
    kept = graph_rows(filled)
    refresh_statistics(filled)  # what a bulk load ends with: recounts from the facts
    assert graph_rows(filled) == kept
    assert all(kept.values())


def test_the_migration_counts_the_rows_stored_before_it(filled: Store, db_url: str) -> None:
    kept = graph_rows(filled)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with filled.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0003_watch")
    with Store.open(db_url) as upgraded:  # runs 0004 on the stored facts
        assert graph_rows(upgraded) == kept


def test_a_fingerprint_added_later_moves_the_article_into_its_cluster(store: Store) -> None:
    rng = random.Random(11)
    doc, text = _article(1, rng)
    copy = _copy(doc, text, doc.published)  # type: ignore[arg-type]
    save_document(store, doc)
    store.save(copy)  # without a fingerprint: its own source for now
    year = dt.date(doc.published.year, 1, 1), dt.date(doc.published.year, 12, 31)  # type: ignore[union-attr]
    assert all(s.sources == s.documents for s in store.relation_strengths(*year, limit=100))

    store.fingerprints.add(copy.id, NearDuplicateRow(b"\x00" * 8, 30, (), doc.id, doc.id, 0.9))

    new = store.relation_strengths(*year, limit=100)
    assert new == store.relation_strengths(*_widened(*year), limit=100)
    assert new and all(s.sources == 1 and s.documents == 2 for s in new)
    assert _all_time(store.relation_strengths(limit=100)) == _expected_strengths(store)


def test_actor_statistics_equal_the_counted_mentions_of_any_period(filled: Store) -> None:
    ids = [a[0] for a in ACTORS]
    periods = [
        (None, None),
        (None, dt.date(2023, 8, 15)),
        (dt.date(2024, 2, 10), None),
        (dt.date(2023, 3, 5), dt.date(2024, 11, 20)),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2023, 6, 1), dt.date(2023, 6, 30)),
        (dt.date(2023, 6, 14), dt.date(2023, 6, 14)),
        (dt.date(1990, 1, 1), dt.date(2099, 1, 1)),
        (dt.date(2030, 1, 1), dt.date(2031, 1, 1)),
    ]
    for since, until in periods:
        counted = {
            a.entity_id: (a.documents, a.mentions)
            for a in filled.top_actors(100, since, until, types=("GPE", "ORG", "PER"))
        }
        stats = filled.actor_stats(ids, since, until)
        assert [a.entity_id for a in stats] == sorted(ids)
        assert {a.entity_id: (a.documents, a.mentions) for a in stats if a.documents} == counted
        assert all(a.mentions == 0 for a in stats if not a.documents)


def test_only_everything_a_year_or_a_month_is_read_from_the_pre_counted_pairs() -> None:
    day = dt.date
    assert single_period(None, None) == "*"
    assert single_period(day(2024, 1, 1), day(2024, 12, 31)) == "2024"
    assert single_period(day(2024, 2, 1), day(2024, 2, 29)) == "2024-02"
    for since, until in [
        (day(2024, 1, 1), day(2024, 12, 30)),
        (day(2024, 2, 1), day(2024, 2, 28)),
        (day(2024, 1, 2), day(2024, 12, 31)),
        (None, day(2024, 12, 31)),
        (day(2024, 1, 1), None),
        (day(2024, 1, 1), day(2025, 12, 31)),
    ]:
        assert single_period(since, until) is None


def test_a_period_is_tiled_by_whole_years_months_and_single_days() -> None:
    tiles = tiling_periods(dt.date(2023, 12, 30), dt.date(2025, 3, 2))
    assert tiles == [
        "2023-12-30",
        "2023-12-31",
        "2024",
        "2025-01",
        "2025-02",
        "2025-03-01",
        "2025-03-02",
    ]
    assert tiling_periods(dt.date(2024, 5, 1), dt.date(2024, 5, 31)) == ["2024-05"]
    assert tiling_periods(dt.date(2024, 5, 2), dt.date(2024, 5, 1)) == []
