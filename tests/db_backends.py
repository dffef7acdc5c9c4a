"""Test databases on both backends: SQLite files and a throw-away PostgreSQL server.

Tests that take ``db_url`` (tests/conftest.py) or call :func:`new_database` run once on an
SQLite file and once on a real PostgreSQL server. The server is a throw-away cluster that
the session starts (lagebild.store.pgserver: initdb in a temporary directory, 127.0.0.1 on a
free port, as the ``postgres`` user when running as root) and removes at the end;
LAGEBILD_TEST_POSTGRES_URL points the tests at an existing empty database instead. If no
server can be started, the PostgreSQL tests fail under CI=true and are skipped, with the
reason, elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

BACKENDS = ["sqlite", "postgresql"]


class PostgresDatabases:
    """Empty databases on one PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._created = 0

    def reset(self) -> str:
        """The main database with every table, index and search configuration dropped."""
        engine = sa.create_engine(self.url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        return self.url

    def create(self) -> str:
        """A new, empty database on the same server (for module-scoped fixtures)."""
        self._created += 1
        name = f"lagebild_{os.getpid()}_{self._created}"
        engine = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return sa.make_url(self.url).set(database=name).render_as_string(hide_password=False)


def new_database(request: pytest.FixtureRequest, backend: str, directory: Path) -> str:
    """URL of an empty database of ``backend``: an SQLite file in ``directory`` or PostgreSQL."""
    if backend == "postgresql":
        databases: PostgresDatabases = request.getfixturevalue("postgres")
        return databases.create()
    return f"sqlite:///{directory / 'lagebild.db'}"
