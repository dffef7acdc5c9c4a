"""Bulk loading (store.bulk) and newest-first pages over many rows, on both databases."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from lagebild.store import Store, StoreError
from lagebild.store import schema as t
from lagebild.store.bulk import bulk_insert, refresh_statistics
from lagebild.store.repository import MIGRATIONS

ACTORS = ["gpe:nordland", "gpe:suedmark", "gpe:ostria", "per:anna-beispiel"]
QUOTE_TEXTS = ["Wir schützen die Grenze", "Die Lage bleibt ernst", "Wir liefern Panzer"]
ARTICLES = 60
NEW_IN_0002 = {"effective_date", "mention_count"}


def _rows() -> dict[sa.Table, list[dict[str, Any]]]:
    """Articles with a relation and a quote each; some undated, some sharing a date."""
    rng = random.Random(3)
    rows: dict[sa.Table, list[dict[str, Any]]] = {
        t.entities: [
            {
                "id": a,
                "name": a.split(":")[1].title(),
                "type": a[:3].upper(),
                "provisional": False,
                "confidence": 1.0,
            }
            for a in ACTORS
        ],
        t.documents: [],
        t.relations: [],
        t.quotes: [],
    }
    for n in range(ARTICLES):
        doc_id = f"doc_bulk{n:04d}"
        published = None if n % 10 == 0 else dt.date(2024, 1, 1) + dt.timedelta(days=n // 3)
        text = f"Meldung {n}: " + rng.choice(QUOTE_TEXTS) + "."
        rows[t.documents].append({
            "id": doc_id, "text": text, "title": f"Meldung {n}", "outlet": None, "url": None,
            "author": None, "published": published, "published_time": None, "language": "de",
            "source": None, "status": "analysed", "ingested_at": dt.datetime.now(dt.UTC),
        })  # fmt: skip
        evidence = {"doc_id": doc_id, "start": 0, "end": len(text), "stage": "test",
                    "stage_version": "1", "confidence": 0.9}  # fmt: skip
        source, target = rng.sample(ACTORS, 2)
        own = dt.date(2023, 12, 1) if n % 7 == 0 else None
        rows[t.relations].append({
            "id": f"rel_bulk{n:04d}", **evidence, "source_id": source, "type": "AID",
            "target_id": target, "cue": None, "asserted": True, "claimed_by": None,
            "hypothetical": False, "negated": False, "date": own,
            "effective_date": own or published,
        })  # fmt: skip
        rows[t.quotes].append({
            "id": f"quo_bulk{n:04d}", **evidence, "text": text.split(": ")[1], "kind": "direct",
            "speaker_id": source, "speaker_name": None, "speaker_start": None,
            "speaker_end": None, "cue": "sagen", "cue_start": None, "cue_end": None,
            "venue": None, "date": None, "effective_date": published,
        })  # fmt: skip
    return rows


def _load(store: Store, skip_existing: bool = False) -> None:
    for table, table_rows in _rows().items():
        bulk_insert(store, table, table_rows, skip_existing=skip_existing, batch_rows=25)
    refresh_statistics(store)


def _expected_order(rows: list[dict[str, Any]]) -> list[str]:
    """Newest first, undated last, then document, start, id: the store's documented order."""

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        day = row["effective_date"]
        return (day is None, -(day.toordinal()) if day else 0, row["doc_id"], row["start"],
                row["id"])  # fmt: skip

    return [row["id"] for row in sorted(rows, key=key)]


def test_bulk_rows_are_found_by_every_query(store: Store) -> None:
    _load(store)

    counts = store.counts()
    assert (counts.documents, counts.relations, counts.quotes) == (ARTICLES, ARTICLES, ARTICLES)
    lage = [row for row in _rows()[t.quotes] if "Lage" in row["text"]]
    assert {q.id for q in store.quotes(search="Lage ernst", limit=500)} == {r["id"] for r in lage}


def test_loading_again_with_skip_existing_changes_nothing(store: Store) -> None:
    _load(store)
    _load(store, skip_existing=True)

    assert store.counts().documents == ARTICLES
    assert len(store.quotes(search="Lage", limit=500)) == len(
        [row for row in _rows()[t.quotes] if "Lage" in row["text"]]
    )


def test_loading_again_without_skip_fails(store: Store) -> None:
    _load(store)
    with pytest.raises(StoreError, match=r"bulk load into documents: .* rejected"):
        bulk_insert(store, t.documents, _rows()[t.documents][:1])


@pytest.mark.parametrize("actor", ACTORS)
def test_pages_of_an_actors_relations_are_the_sorted_list_cut_in_pieces(
    store: Store, actor: str
) -> None:
    _load(store)
    relations = [r for r in _rows()[t.relations] if actor in (r["source_id"], r["target_id"])]

    pages = [store.relations(actor=actor, limit=7, offset=o) for o in range(0, 70, 7)]

    assert [r.id for page in pages for r in page] == _expected_order(relations)


def test_pages_of_a_search_and_of_a_speaker_follow_the_same_order(store: Store) -> None:
    _load(store)
    quotes = _rows()[t.quotes]
    grenze = [q for q in quotes if "Grenze" in q["text"]]
    anna = [q for q in quotes if q["speaker_id"] == "per:anna-beispiel"]

    searched = [q.id for o in range(0, 60, 6) for q in store.quotes(search="Grenze", limit=6,
                                                                     offset=o)]  # fmt: skip
    spoken = [q.id for o in range(0, 60, 5) for q in store.quotes(speaker="per:anna-beispiel",
                                                                  limit=5, offset=o)]  # fmt: skip

    assert searched == _expected_order(grenze)
    assert spoken == _expected_order(anna)
    since = dt.date(2024, 1, 5)
    dated = [q for q in anna if q["effective_date"] and q["effective_date"] >= since]
    assert [q.id for q in store.quotes(speaker="per:anna-beispiel", since=since, limit=100)] == (
        _expected_order(dated)
    )


def test_bulk_insert_refuses_a_table_that_is_not_lagebild_s(store: Store) -> None:
    other = sa.Table("other", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    with pytest.raises(ValueError, match="'other' is not a lagebild table"):
        bulk_insert(store, other, [{"id": 1}])


def test_upgrading_from_0001_fills_effective_dates(db_url: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        rows = _rows()
        old_columns = {table: [c for c in table.columns if c.name not in NEW_IN_0002]
                       for table in rows}  # fmt: skip
        for table, table_rows in rows.items():
            names = [c.name for c in old_columns[table]]
            conn.execute(
                sa.table(table.name, *(sa.column(n) for n in names)).insert(),
                [{n: row.get(n) for n in names} for row in table_rows],
            )
    engine.dispose()

    with Store.open(db_url) as store:
        relations = store.relations(actor="gpe:ostria", limit=100)
        by_id = {r["id"]: r for r in _rows()[t.relations]}
        assert [r.id for r in relations] == _expected_order(
            [r for r in by_id.values() if "gpe:ostria" in (r["source_id"], r["target_id"])]
        )


def test_a_name_shared_by_many_entities_still_finds_all_their_rows(store: Store) -> None:
    entities = [
        {
            "id": f"per:tester-{n}",
            "name": f"Kim Tester{n}",
            "type": "PER",
            "provisional": True,
            "confidence": 0.5,
        }
        for n in range(300)
    ]
    names = [{"entity_id": e["id"], "name": "Tester", "key": "tester"} for e in entities]
    rows = _rows()
    bulk_insert(store, t.entities, rows[t.entities] + entities)
    bulk_insert(store, t.entity_names, names)
    bulk_insert(store, t.documents, rows[t.documents])
    relations = rows[t.relations][:10]
    for n, relation in enumerate(relations):
        relation["source_id"] = f"per:tester-{n * 29}"
    bulk_insert(store, t.relations, relations)
    quotes = rows[t.quotes][:10]
    for n, quote in enumerate(quotes):
        quote["speaker_id"] = f"per:tester-{n * 31}"
    bulk_insert(store, t.quotes, quotes)

    assert [r.id for r in store.relations(actor="Tester", limit=100)] == _expected_order(relations)
    assert [q.id for q in store.quotes(speaker="tester", limit=100)] == _expected_order(quotes)
