"""The rows of the pre-counted graph tables, for comparing two databases or two moments."""

from __future__ import annotations

import sqlalchemy as sa

from lagebild.store import Store
from lagebild.store import schema as t


def graph_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = (t.pair_counts, t.pair_clusters, t.entity_counts)
    with store.engine.connect() as conn:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(sa.select(table)))
            for table in tables
        }
