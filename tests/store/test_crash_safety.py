"""`lagebild ingest` killed with SIGKILL at random points, re-run, re-ingested, and run twice
at once: the database (an SQLite file; for the kills also PostgreSQL) stays intact, holds only
whole documents, and ends up equal to a clean single run with every article stored once.

The corpus is generated here: the bundled sample articles plus composed ones about fictional
people. Kill points are drawn from a seeded generator (``KILL_SEED``), so a failure can be
replayed; half of them fall while the process starts (opening and migrating the database),
half after a random number of further documents has been stored.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa

from db_backends import PostgresDatabases
from lagebild.corpus import sample_corpus_path
from lagebild.store.schema import metadata
from processes import LAGEBILD, run_measured, stored_documents

KILL_SEED = 20261201
KILLS = 20
ARTICLES = 30
KILL_WAIT_LIMIT = 120.0  # seconds a run may take to reach its kill point

PEOPLE = ["Anna Körber", "Jonas Feldmann", "Mira Sandvik", "Paul Ostrowski", "Lena Haberl"]
COUNTRIES = ["Frankreich", "Polen", "Finnland", "Litauen", "Kanada", "Norwegen"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
MONTHS = ["März", "April", "Mai", "Juni", "Juli", "September"]


def _composed_article(n: int) -> str:
    rng = random.Random(n)
    person, place = rng.choice(PEOPLE), rng.choice(["Berlin", "Brüssel", "Wien", "Riga"])
    first, second = rng.sample(COUNTRIES, 2)
    return (
        f"Gespräche in {place}, Folge {n}\n\n"
        f"{place} – Die fiktive Gesandte {person} hat am {rng.choice(WEEKDAYS)} in {place} "
        f"mit Vertretern aus {first} und {second} gesprochen. „Wir wollen die Zusammenarbeit "
        f"weiter ausbauen“, sagte {person}. {first} unterstützt {second} mit "
        f"{rng.randint(2, 900)} Millionen Euro. Nach Angaben der Regierung sollen die Gespräche "
        f"am {rng.randint(1, 28)}. {rng.choice(MONTHS)} 2025 fortgesetzt werden. "
        f"{person} warnte vor zu hohen Erwartungen.\n"
    )


@dataclass
class Corpus:
    path: Path
    clean_url: str
    clean: dict[str, dict[str, object]]
    clean_without_aliases: dict[str, dict[str, object]]
    clean_seconds: float


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("crash")
    articles = root / "korpus"
    articles.mkdir()
    for n in range(ARTICLES):
        (articles / f"artikel-{n:02d}.txt").write_text(_composed_article(n), encoding="utf-8")
    with sample_corpus_path() as sample:
        (articles / "beispiele.jsonl").write_bytes(sample.read_bytes())
    clean_url = f"sqlite:///{root / 'sauber.db'}"
    began = time.monotonic()
    finished = run_measured(["ingest", str(articles), "--db", clean_url, "--no-progress"])
    assert finished.returncode == 0, finished.stderr
    clean = stored_documents(clean_url)
    assert len(clean) == ARTICLES + 20
    alone = stored_documents(clean_url, aliases=False)
    return Corpus(articles, clean_url, clean, alone, time.monotonic() - began)


def _integrity(database: Path) -> list[tuple[str]]:
    with sqlite3.connect(database) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


def _document_count(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=0.2) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or locked for a moment
        return -1


def _table_rows(url: str) -> dict[str, int]:
    """Rows per table (the quote index included): duplicates would show up here."""
    database = url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as conn:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith(("sqlite_", "quotes_fts_"))  # FTS5's own shadow tables
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _table_contents(url: str) -> dict[str, list[tuple[object, ...]]]:
    database = url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as conn:
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}  # fmt: skip


def _start_ingest(corpus: Corpus, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [LAGEBILD, "ingest", str(corpus.path), "--db", url, "--no-progress"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_at_random_point(
    proc: subprocess.Popen[bytes],
    document_count: Callable[[], int],
    rng: random.Random,
    corpus: Corpus,
    during_start: bool,
) -> bool:
    """SIGKILL ``proc`` at a point drawn from ``rng``; False if it finished first."""
    if during_start:
        time.sleep(rng.uniform(0.0, corpus.clean_seconds * 0.5))
    else:
        target = max(document_count(), 0) + rng.randint(1, 4)
        deadline = time.monotonic() + KILL_WAIT_LIMIT
        while document_count() < target and proc.poll() is None:
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.15))
    if proc.poll() is not None:
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def test_sigkill_at_random_points_leaves_only_whole_documents_and_a_rerun_completes(
    corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(KILL_SEED)
    database = tmp_path / "getoetet.db"
    url = f"sqlite:///{database}"
    kills = completed = 0
    stored_at_kill: list[int] = []
    while kills < KILLS:
        during_start = kills % 2 == 0
        proc = _start_ingest(corpus, url)
        killed = _kill_at_random_point(
            proc, lambda: _document_count(database), rng, corpus, during_start
        )
        if proc.stderr is not None:
            errors = proc.stderr.read().decode()
            proc.stderr.close()
            assert killed or not errors, errors
        if not killed:  # the run finished before its kill point: start again from nothing
            assert proc.returncode == 0
            completed += 1
            assert completed <= KILLS, "the kill points never fall inside a run"
            for leftover in tmp_path.glob("getoetet.db*"):
                leftover.unlink()
            continue
        kills += 1
        if not database.exists():
            stored_at_kill.append(0)
            continue  # killed before the database was created
        assert _integrity(database) == [("ok",)], f"after kill {kills}"
        stored = stored_documents(url, aliases=False)
        stored_at_kill.append(len(stored))
        assert stored.keys() <= corpus.clean.keys()
        for doc_id, document in stored.items():  # whole: every annotation is there
            assert document == corpus.clean_without_aliases[doc_id], f"kill {kills}: {doc_id}"

    finished = run_measured(["ingest", str(corpus.path), "--db", url, "--no-progress"])

    assert finished.returncode == 0, finished.stderr
    assert _integrity(database) == [("ok",)]
    assert stored_documents(url) == corpus.clean
    assert _table_rows(url) == _table_rows(corpus.clean_url)
    with capsys.disabled():  # the figures of docs/reliability.md
        print(
            f"\ncrash safety: {kills} kills, documents stored at each: {stored_at_kill}, "
            f"{completed} runs finished before their kill point"
        )


def _postgres_document_count(engine: sa.Engine) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM documents")).scalar_one())
    except sa.exc.DBAPIError:  # not created yet
        return -1


def _store_table_rows(url: str) -> dict[str, int]:
    """Rows per table of the store's schema, on any backend."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = {table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table))
                                .scalar_one()) for table in metadata.sorted_tables}  # fmt: skip
    engine.dispose()
    return rows


def test_sigkill_on_postgresql_leaves_only_whole_documents_and_a_rerun_completes(
    corpus: Corpus, postgres: PostgresDatabases, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(KILL_SEED + 1)
    url = postgres.create()
    engine = sa.create_engine(url)
    kills = completed = 0
    stored_at_kill: list[int] = []
    try:
        while kills < KILLS:
            proc = _start_ingest(corpus, url)
            count = partial(_postgres_document_count, engine)
            killed = _kill_at_random_point(proc, count, rng, corpus, kills % 2 == 0)
            if proc.stderr is not None:
                errors = proc.stderr.read().decode()
                proc.stderr.close()
                assert killed or not errors, errors
            if not killed:  # finished before its kill point: start again from nothing
                assert proc.returncode == 0
                completed += 1
                assert completed <= KILLS, "the kill points never fall inside a run"
                url = postgres.create()
                engine.dispose()
                engine = sa.create_engine(url)
                continue
            kills += 1
            stored = stored_documents(url, aliases=False)  # opens: the schema is whole
            stored_at_kill.append(len(stored))
            assert stored.keys() <= corpus.clean.keys()
            for doc_id, document in stored.items():
                assert document == corpus.clean_without_aliases[doc_id], f"kill {kills}: {doc_id}"
    finally:
        engine.dispose()

    finished = run_measured(["ingest", str(corpus.path), "--db", url, "--no-progress"])

    assert finished.returncode == 0, finished.stderr
    assert stored_documents(url) == corpus.clean
    assert _store_table_rows(url) == _store_table_rows(corpus.clean_url)
    with capsys.disabled():
        print(
            f"\ncrash safety (PostgreSQL): {kills} kills, documents stored at each: "
            f"{stored_at_kill}, {completed} runs finished before their kill point"
        )


def test_reingesting_the_same_inputs_changes_nothing(corpus: Corpus, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wieder.db'}"
    first = run_measured(["ingest", str(corpus.path), "--db", url, "--no-progress"])
    assert first.returncode == 0, first.stderr
    before = _table_contents(url)

    again = run_measured(["ingest", str(corpus.path), "--db", url, "--no-progress"])

    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"0 stored, {ARTICLES + 20} unchanged,")
    assert _table_contents(url) == before


def test_two_processes_ingesting_at_once_store_each_article_once(
    corpus: Corpus, tmp_path: Path
) -> None:
    database = tmp_path / "zugleich.db"
    url = f"sqlite:///{database}"
    runs = [
        subprocess.Popen(
            [LAGEBILD, "ingest", str(corpus.path), "--db", url, "--no-progress"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=300) for proc in runs]

    for proc, (_stdout, stderr) in zip(runs, outputs, strict=True):
        assert proc.returncode == 0, stderr
    stored_counts = [int(stdout.split(" stored")[0]) for stdout, _ in outputs]
    assert sum(stored_counts) == ARTICLES + 20
    assert _integrity(database) == [("ok",)]
    assert stored_documents(url) == corpus.clean
    assert _table_rows(url) == _table_rows(corpus.clean_url)
