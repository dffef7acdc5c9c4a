from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from lagebild.store import Store
from lagebild.store.repository import MIGRATIONS
from lagebild.store.schema import QUOTES_FTS, metadata


def _head() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_open_migrates_an_empty_database_to_head(db_url: str) -> None:
    with Store.open(db_url) as store, store.engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        tables = set(sa.inspect(conn).get_table_names())

    assert revision == _head()
    assert {table.name for table in metadata.sorted_tables} <= tables


def test_migrated_schema_matches_the_table_definitions(db_url: str) -> None:
    def ignore_fts(obj: object, name: str | None, type_: str, *_: object) -> bool:
        return not (
            type_ in ("table", "index") and name is not None and name.startswith(QUOTES_FTS)
        )

    with Store.open(db_url) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ignore_fts})
        differences = compare_metadata(context, metadata)

    assert differences == []


def test_reopening_a_migrated_database_keeps_its_rows(db_url: str) -> None:
    from store_articles import article_one

    with Store.open(db_url) as store:
        store.save(article_one())
    with Store.open(db_url) as store:
        assert store.counts().documents == 1


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: object) -> None:
    with Store.open(f"sqlite:///{tmp_path}/pragmas.db") as store, store.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar() > 0
        assert QUOTES_FTS in sa.inspect(conn).get_table_names()
