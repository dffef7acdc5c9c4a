"""What alert rules read and write: entity lookup, daily counts, the alerts fired.

Used through ``Store.alerts``; the rules themselves are in :mod:`lagebild.monitor.alerts`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lagebild.store import schema as t


@dataclass(frozen=True, slots=True)
class AlertRow:
    id: str
    rule: str
    kind: str
    doc_id: str | None
    fired_at: float
    message: str
    payload: str  # JSON


class AlertRepository:
    def __init__(self, engine: sa.Engine, insert: Any, entity_ids_named: Any) -> None:
        self.engine = engine
        self._insert = insert
        self._named = entity_ids_named

    def entity_ids(self, name: str) -> set[str]:
        """Ids of the entities known by ``name`` (id, name or alias, case-insensitive)."""
        with self.engine.connect() as conn:
            return {row[0] for row in conn.execute(self._named(name))}

    def daily_relation_sources(
        self,
        type: str,
        since: dt.date,
        until: dt.date,
        source_ids: Collection[str] | None = None,
        target_ids: Collection[str] | None = None,
    ) -> dict[dt.date, int]:
        """Independent sources (copy clusters) per day reporting a relation of ``type``.

        Days are the relation's own date, else the publication date; negated and
        hypothetical relations do not count. Days without any are left out.
        """
        rel, fp = t.relations, t.document_fingerprints
        when = rel.c.effective_date.label("day")
        clusters = sa.func.count(sa.distinct(sa.func.coalesce(fp.c.cluster_id, rel.c.doc_id)))
        query = (
            sa.select(when, clusters)
            .join(t.documents, t.documents.c.id == rel.c.doc_id)
            .outerjoin(fp, fp.c.doc_id == rel.c.doc_id)
            .where(rel.c.type == type, rel.c.negated.is_(False), rel.c.hypothetical.is_(False))
            .where(when >= since, when <= until)
            .group_by(when)
        )
        if source_ids is not None:
            query = query.where(rel.c.source_id.in_(sorted(source_ids)))
        if target_ids is not None:
            query = query.where(rel.c.target_id.in_(sorted(target_ids)))
        with self.engine.connect() as conn:
            return {_as_date(day): count for day, count in conn.execute(query)}

    def record(self, row: AlertRow) -> bool:
        """Keep an alert; False (nothing written) if one with the same id fired before."""
        insert = self._insert(t.alerts).on_conflict_do_nothing(index_elements=["id"])
        with self.engine.begin() as conn:
            return conn.execute(insert.values(**dataclasses.asdict(row))).rowcount > 0

    def fired(self, limit: int = 50, offset: int = 0) -> list[AlertRow]:
        """Alerts fired, newest first."""
        query = sa.select(*t.alerts.c).order_by(t.alerts.c.fired_at.desc(), t.alerts.c.id)
        with self.engine.connect() as conn:
            return [AlertRow(*row) for row in conn.execute(query.limit(limit).offset(offset))]


def _as_date(value: object) -> dt.date:
    """SQLite returns coalesce() of two dates as text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
