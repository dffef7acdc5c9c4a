"""Four processes writing into one database at once: no duplicates, no deadlocks.

Two kinds of writers: ``lagebild ingest`` runs over the sample corpus in four different
orders (every article in every input), and a store-level stress test in which four
processes save the same 120 documents, all sharing one small set of entities, each in its
own shuffled order. The result must equal a single process writing the same input.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from graph_rows import graph_rows
from store_articles import ArticleBuilder

from lagebild.corpus import sample_corpus_path
from lagebild.model import Document
from lagebild.store import Counts, Store
from lagebild.store.bulk import refresh_statistics
from lagebild.store.schema import entity_names

WRITERS = 4
COUNTRIES = [f"Land {letter}" for letter in "ABCDEFGHIJKL"]


def _table_rows(store: Store) -> tuple[Counts, int, dict[str, int]]:
    """Rows per table, names, and each entity's mention count (counted up by every save)."""
    with store.engine.connect() as conn:
        names = conn.execute(sa.select(sa.func.count()).select_from(entity_names)).scalar_one()
    mentions = {e.id: e.mentions for e in store.entities(limit=10_000)}
    return store.counts(), names, mentions


def _graph_counts_equal_a_recount(store: Store) -> bool:
    """The graph counts the concurrent saves added up are those counted from the facts."""
    kept = graph_rows(store)
    refresh_statistics(store)
    return bool(kept["pair_counts"]) and graph_rows(store) == kept


def _ingest(db_url: str, path: Path) -> subprocess.Popen[str]:
    lagebild = Path(sys.executable).with_name("lagebild")
    return subprocess.Popen(
        [str(lagebild), "ingest", str(path), "--db", db_url, "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def rotated_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], str]:
    """The corpus in four orders (each starting elsewhere), and a database one process filled."""
    directory = tmp_path_factory.mktemp("writers")
    with sample_corpus_path() as corpus:
        lines = corpus.read_text(encoding="utf-8").splitlines()
    inputs = []
    for writer in range(WRITERS):
        shift = writer * len(lines) // WRITERS
        path = directory / f"input-{writer}.jsonl"
        path.write_text("\n".join(lines[shift:] + lines[:shift]) + "\n", encoding="utf-8")
        inputs.append(path)
    single = f"sqlite:///{directory / 'single.db'}"
    alone = _ingest(single, inputs[0])
    assert alone.wait(timeout=600) == 0, alone.communicate()
    return inputs, single


def test_four_ingest_processes_store_each_article_once(
    db_url: str, rotated_corpus: tuple[list[Path], str]
) -> None:
    inputs, single = rotated_corpus

    writers = [_ingest(db_url, path) for path in inputs]  # all at once, on a new database
    outputs = [writer.communicate(timeout=600) for writer in writers]

    assert [writer.returncode for writer in writers] == [0] * WRITERS, outputs
    stored = [int(re.search(r"(\d+) stored", out).group(1)) for out, _ in outputs]  # type: ignore[union-attr]
    with Store.open(db_url) as concurrent, Store.open(single) as alone:
        assert sum(stored) == alone.counts().documents  # each article stored by one writer
        assert _table_rows(concurrent) == _table_rows(alone)
        assert _graph_counts_equal_a_recount(concurrent)


def _shared_entity_article(number: int) -> Document:
    """An article naming four of the shared countries, in an order that depends on ``number``."""
    rng = random.Random(number)
    countries = rng.sample(COUNTRIES, 4)
    text = (
        f"Meldung {number}: {countries[0]} und {countries[1]} beraten mit {countries[2]}. "
        f"{countries[3]} hilft {countries[0]}."
    )
    article = ArticleBuilder(text, published=dt.date(2024, 1, 1) + dt.timedelta(days=number))
    for country in countries:
        entity_id = "gpe:" + country.lower().replace(" ", "-")
        # a different alias per article, so the names table is written concurrently too
        article.entity(entity_id, country, "GPE", f"{country} ({number % 3})")
        article.mention(country, entity_id)
    ids = ["gpe:" + c.lower().replace(" ", "-") for c in countries]
    article.relation(f"{countries[3]} hilft {countries[0]}", ids[3], "AID", ids[0])
    return article.doc


def _save_all(db_url: str, numbers: list[int], start: mp.synchronize.Barrier) -> tuple[int, int]:
    with Store.open(db_url) as store:
        documents = [_shared_entity_article(n) for n in numbers]
        start.wait(timeout=60)
        saved = sum(store.save(doc) for doc in documents)
    return saved, len(numbers) - saved


def test_four_store_processes_with_shared_entities_neither_duplicate_nor_deadlock(
    db_url: str, tmp_path: Path
) -> None:
    numbers = list(range(120))
    orders = [random.Random(seed).sample(numbers, len(numbers)) for seed in range(WRITERS)]
    Store.open(db_url).close()  # the migration race is covered by the ingest test
    context = mp.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(WRITERS)
        with context.Pool(WRITERS) as pool:
            results = pool.starmap(_save_all, [(db_url, order, start) for order in orders])

    assert sum(saved for saved, _ in results) == len(numbers)
    single = f"sqlite:///{tmp_path / 'single.db'}"
    assert _save_all(single, numbers, mp.Barrier(1)) == (len(numbers), 0)
    with Store.open(db_url) as concurrent, Store.open(single) as alone:
        assert _table_rows(concurrent) == _table_rows(alone)
        assert concurrent.counts().entities == len(COUNTRIES)
        assert graph_rows(concurrent) == graph_rows(alone)
        assert _graph_counts_equal_a_recount(concurrent)
