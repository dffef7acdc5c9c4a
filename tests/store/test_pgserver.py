"""The throw-away PostgreSQL server that the tests and the benchmark start."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from db_backends import PostgresDatabases
from lagebild.store.pgserver import PostgresUnavailable, ThrowawayPostgres, find_bindir


def test_server_listens_on_loopback_only_and_leaves_nothing_behind(
    postgres: PostgresDatabases,  # fails under CI (skips elsewhere) when no server can start
) -> None:
    server = ThrowawayPostgres(database="scratch").start()
    directory = server.directory
    try:
        engine = sa.create_engine(server.url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SHOW listen_addresses")).scalar() == "127.0.0.1"
            assert conn.execute(sa.text("SELECT current_database()")).scalar() == "scratch"
        engine.dispose()
        assert directory is not None and (directory / "data" / "PG_VERSION").exists()
    finally:
        server.stop()

    assert not directory.exists()
    engine = sa.create_engine(server.url, connect_args={"connect_timeout": 2})
    with pytest.raises(sa.exc.OperationalError):
        engine.connect()
    engine.dispose()


def test_missing_binaries_give_a_clear_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("glob.glob", lambda _pattern: [])
    with pytest.raises(PostgresUnavailable, match="install the Debian package 'postgresql'"):
        find_bindir()
