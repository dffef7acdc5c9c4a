"""Shared test configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from db_backends import BACKENDS, PostgresDatabases
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
