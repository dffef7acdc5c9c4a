"""Shared test configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from db_backends import BACKENDS, PostgresDatabases
from lagebild.corpus import sample_corpus_path
from lagebild.store.pgserver import PostgresUnavailable, ThrowawayPostgres

# Property tests: `ci` runs by default; `pytest --hypothesis-profile=long` runs twenty times more.
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")


# ---------------------------------------------------------------- databases (db_backends.py)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases]:
    existing = os.environ.get("LAGEBILD_TEST_POSTGRES_URL")
    if existing:
        yield PostgresDatabases(existing)
        return
    try:
        server = ThrowawayPostgres().start()
    except PostgresUnavailable as exc:
        message = f"cannot start a PostgreSQL server for the tests: {exc}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        yield PostgresDatabases(server.url)
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database per test, on each backend."""
    if request.param == "postgresql":
        databases: PostgresDatabases = request.getfixturevalue("postgres")
        return databases.reset()
    return f"sqlite:///{tmp_path / 'lagebild.db'}"


# ---------------------------------------------------------------- Spark (tests/test_spark.py,
# tests/test_load.py): one local[2] session for the whole run, so the JVM starts once.


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    from lagebild.spark import local_session

    session = local_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def sample_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with sample_corpus_path() as path:
        copy = tmp_path_factory.mktemp("corpus") / "sample.jsonl"
        copy.write_bytes(path.read_bytes())
        yield copy


@pytest.fixture(scope="session")
def sample_spark_tables(
    spark_session: Any, sample_jsonl: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The sample corpus through `spark.extract` in two partitions."""
    from lagebild.spark import extract

    output = tmp_path_factory.mktemp("spark") / "tables"
    summary = extract(spark_session, str(sample_jsonl), str(output), partitions=2)
    assert (summary.documents, summary.failed) == (20, 0)
    return output
