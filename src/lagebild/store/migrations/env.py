"""Alembic environment: runs on the connection the store hands over.

The store calls Alembic programmatically (``lagebild.store.migrate``) and puts
its open connection into ``config.attributes["connection"]``; there is no
alembic.ini and no URL here.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from lagebild.store.schema import QUOTES_FTS, metadata


def _include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the full-text indexes out of autogenerate: the FTS5 virtual table with its
    shadow tables on SQLite, the GIN expression index on PostgreSQL."""
    return not (type_ in ("table", "index") and name is not None and name.startswith(QUOTES_FTS))


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("lagebild migrations run through lagebild.store, not the alembic CLI")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=_include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
