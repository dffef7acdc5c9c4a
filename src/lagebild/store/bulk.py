"""Bulk loading: many rows of one table at once, far faster than :meth:`Store.save`.

For loading prepared tables (benchmarks, batch outputs) into a database. Rows are dicts
keyed by column name, as in :mod:`lagebild.store.schema`; tables must be loaded parents
first (documents and entities before the facts that point at them). On PostgreSQL the
rows go through ``COPY … FROM STDIN``; on SQLite through ``executemany`` in one
transaction per batch. With ``skip_existing`` rows whose key is stored already are left
alone (PostgreSQL copies into a temporary table, then inserts with ``ON CONFLICT DO
NOTHING``), so loading the same rows twice changes nothing. Quotes are added to the
full-text index of the database as they are loaded. Each batch is one transaction: a
rejected batch raises :class:`StoreError` and leaves the batches before it stored. After
loading, call :func:`refresh_statistics` (mention counts, the graph counts of
``graph_counts``, planner statistics). Rows of
quotes and relations carry ``effective_date`` (their own date, else the publication date).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

import psycopg
import sqlalchemy as sa

from lagebild.store import schema as t
from lagebild.store.graph_counts import rebuild as rebuild_graph_counts
from lagebild.store.repository import Store, StoreError

#: rows sent to the database per statement batch
BATCH_ROWS = 20_000

Row = Mapping[str, Any]


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert(
    store: Store,
    table: sa.Table,
    rows: Iterable[Row],
    skip_existing: bool = False,
    batch_rows: int = BATCH_ROWS,
) -> int:
    """Insert ``rows`` into ``table``; returns the number of rows sent (not counting skips)."""
    if table.name not in t.metadata.tables:
        raise ValueError(f"{table.name!r} is not a lagebild table")
    sent = 0
    for batch in _batches(rows, batch_rows):
        # the columns the rows give; the others get their defaults (e.g. mention_count 0)
        columns = [column.name for column in table.columns if column.name in batch[0]]
        try:
            with store.engine.begin() as conn:
                if store.engine.dialect.name == "postgresql":
                    _copy(conn, table, columns, batch, skip_existing)
                else:
                    insert = store._insert(table)
                    if skip_existing:
                        insert = insert.on_conflict_do_nothing()
                    conn.execute(
                        insert, [{name: row.get(name) for name in columns} for row in batch]
                    )
                if table is t.quotes:
                    store._search.index(conn, [dict(row) for row in batch])
        except (sa.exc.DBAPIError, psycopg.Error) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StoreError(
                f"bulk load into {table.name}: batch of {len(batch)} rows from row {sent + 1} "
                f"rejected: {reason}"
            ) from None
        sent += len(batch)
    return sent


def _copy(
    conn: sa.Connection, table: sa.Table, columns: list[str], batch: list[Row], skip: bool
) -> None:
    """COPY a batch straight into the table, or through a temporary one to skip duplicates."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    quoted = ", ".join(f'"{name}"' for name in columns)
    target = table.name
    if skip:
        target = f"bulk_{table.name}"
        cursor.execute(
            f"CREATE TEMPORARY TABLE {target} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP"
        )
    with cursor.copy(f"COPY {target} ({quoted}) FROM STDIN") as copy:
        for row in batch:
            copy.write_row([row.get(name) for name in columns])
    if skip:
        cursor.execute(
            f"INSERT INTO {table.name} ({quoted}) SELECT {quoted} FROM {target} "
            "ON CONFLICT DO NOTHING"
        )


def refresh_statistics(store: Store) -> None:
    """After a large load: count each entity's mentions and the graph counts again (``save``
    keeps both up to date, ``bulk_insert`` does not), update the planner's statistics and, on
    PostgreSQL, the visibility map (VACUUM), so counts can be answered from the indexes alone."""
    counted = (
        sa.select(sa.func.count())
        .where(t.mentions.c.entity_id == t.entities.c.id)
        .correlate(t.entities)
        .scalar_subquery()
    )
    with store.engine.begin() as conn:
        conn.execute(sa.update(t.entities).values(mention_count=counted))
        rebuild_graph_counts(conn)
    statement = "VACUUM ANALYZE" if store.engine.dialect.name == "postgresql" else "ANALYZE"
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(statement))
