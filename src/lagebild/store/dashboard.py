"""Queries the dashboard needs beyond the core ones: one actor, timelines, edge evidence.

A mixin of :class:`lagebild.store.Store` (which supplies ``engine`` and ``_all``), kept in
its own module so the core repository stays small. The repository's helpers are imported
when a query runs, because the repository imports this module to build ``Store``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from lagebild.model import SYMMETRIC_TYPES
from lagebild.store import schema as t
from lagebild.store.graph_counts import EVERYTHING, entity_counts_query, tiling_periods
from lagebild.store.rows import (
    ActorRow,
    DateSpan,
    EntityRow,
    MeasureRow,
    OutletRow,
    QuoteRow,
    RelationRow,
    RelationStrength,
    TimelinePoint,
)

if TYPE_CHECKING:
    from lagebild.store.repository import Store


class DashboardQueries:
    """Read-only queries for the web pages; every method returns rows of :mod:`rows`."""

    def _all(self, query: sa.Executable) -> list[Any]:  # supplied by Store
        raise NotImplementedError

    def entity(self, entity_id: str) -> EntityRow | None:
        """The entity with exactly this id, with its aliases and number of mentions."""
        store: Store = self  # type: ignore[assignment]
        return next(
            (e for e in store.entities(query=entity_id, limit=50) if e.id == entity_id), None
        )

    def published_span(self) -> DateSpan:
        published = t.documents.c.published
        first, last = self._all(sa.select(sa.func.min(published), sa.func.max(published)))[0]
        return DateSpan(first, last)

    def outlets(self, limit: int = 200) -> list[OutletRow]:
        """Outlets by number of documents."""
        documents = sa.func.count().label("documents")
        query = (
            sa.select(t.documents.c.outlet, documents)
            .where(t.documents.c.outlet.is_not(None))
            .group_by(t.documents.c.outlet)
            .order_by(documents.desc(), t.documents.c.outlet)
            .limit(limit)
        )
        return [OutletRow(*row) for row in self._all(query)]

    def measures(self, limit: int = 200) -> list[MeasureRow]:
        """What the figures measure, with their unit, by number of figures."""
        amounts = sa.func.count().label("amounts")
        query = (
            sa.select(t.amounts.c.measure, t.amounts.c.unit, amounts)
            .where(t.amounts.c.measure.is_not(None))
            .group_by(t.amounts.c.measure, t.amounts.c.unit)
            .order_by(amounts.desc(), t.amounts.c.measure, t.amounts.c.unit)
            .limit(limit)
        )
        return [MeasureRow(*row) for row in self._all(query)]

    def actor_stats(
        self,
        entity_ids: Sequence[str],
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[ActorRow]:
        """Documents and mentions of exactly these entities in the period (0 if unmentioned).

        Summed from the pre-counted ``entity_counts`` of the years, months and days that
        tile the period (``store/graph_counts.py``), not counted from the mentions."""
        if not entity_ids:
            return []
        ids = sorted(set(entity_ids))
        periods = self._tiling_periods(since, until)
        counts = {
            entity_id: (documents, mentions)
            for entity_id, documents, mentions in (
                self._all(entity_counts_query(ids, periods)) if periods else []
            )
        }
        named = sa.select(t.entities.c.id, t.entities.c.name, t.entities.c.type).where(
            t.entities.c.id.in_(ids)
        )
        return [
            ActorRow(row.id, row.name, row.type, *counts.get(row.id, (0, 0)))
            for row in self._all(named.order_by(t.entities.c.id))
        ]

    def _tiling_periods(self, since: dt.date | None, until: dt.date | None) -> list[str]:
        """The entity_counts periods of ``since``..``until``; an open end or a range of more
        than ten years is cut to the stored publication dates first (fewer periods)."""
        if since is None and until is None:
            return [EVERYTHING]
        if since is not None and until is not None and (until - since).days <= 3660:
            return tiling_periods(since, until)
        span = self.published_span()
        if span.first is None or span.last is None:
            return []
        first = span.first if since is None else max(since, span.first)
        last = span.last if until is None else min(until, span.last)
        return tiling_periods(first, last)

    def relations_between(
        self,
        first_id: str,
        second_id: str,
        type: str,
        since: dt.date | None = None,
        until: dt.date | None = None,
        asserted: bool | None = None,
        limit: int = 100,
    ) -> list[RelationRow]:
        """The evidence of one network edge: the relations of this type from the first actor
        to the second (either way for symmetric types), negated and hypothetical ones left out
        as in the network, newest first."""
        from lagebild.store.repository import _date_range, _relation_select, _where

        rel = t.relations
        forward = sa.and_(rel.c.source_id == first_id, rel.c.target_id == second_id)
        if type in SYMMETRIC_TYPES:
            backward = sa.and_(rel.c.source_id == second_id, rel.c.target_id == first_id)
            forward = sa.or_(forward, backward)
        when = rel.c.effective_date
        query = (
            _relation_select()
            .where(forward, rel.c.type == type)
            .where(rel.c.negated.is_(False), rel.c.hypothetical.is_(False))
            .order_by(when.desc().nulls_last(), rel.c.doc_id, rel.c.start, rel.c.id)
            .limit(limit)
        )
        if asserted is not None:
            query = query.where(rel.c.asserted == asserted)
        query = _where(query, _date_range(when, since, until))
        return [RelationRow(*row) for row in self._all(query)]

    def relation_timeline(self, entity_id: str) -> list[TimelinePoint]:
        """Relations from and to an actor per month and type (negated and hypothetical ones
        left out); months are of the relation's own date, else the publication date."""
        rel = t.relations
        when = rel.c.effective_date
        query = (
            sa.select(when.label("day"), rel.c.type, rel.c.source_id)
            .join(t.documents, t.documents.c.id == rel.c.doc_id)
            .where(sa.or_(rel.c.source_id == entity_id, rel.c.target_id == entity_id))
            .where(rel.c.negated.is_(False), rel.c.hypothetical.is_(False), when.is_not(None))
        )
        buckets: Counter[tuple[str, str, str]] = Counter()
        for day, relation_type, source_id in self._all(query):
            direction = "out" if source_id == entity_id else "in"
            buckets[(_month(day), relation_type, direction)] += 1
        return [
            TimelinePoint(month, type_, direction, count)
            for (month, type_, direction), count in sorted(buckets.items())
        ]

    def quotes_about(self, entity_id: str, limit: int = 50, offset: int = 0) -> list[QuoteRow]:
        """Quotes by others whose text mentions the actor, newest first."""
        store: Store = self  # type: ignore[assignment]
        query = store._quote_query()
        mentioned = (
            sa.select(t.mentions.c.id)
            .where(
                t.mentions.c.doc_id == t.quotes.c.doc_id,
                t.mentions.c.entity_id == entity_id,
                t.mentions.c.start >= t.quotes.c.start,
                t.mentions.c.end <= t.quotes.c.end,
            )
            .exists()
        )
        speaker = t.quotes.c.speaker_id
        when = t.quotes.c.effective_date
        query = (
            query.where(mentioned, sa.or_(speaker.is_(None), speaker != entity_id))
            .order_by(when.desc().nulls_last(), t.quotes.c.doc_id, t.quotes.c.start)
            .limit(limit)
            .offset(offset)
        )
        return [QuoteRow(*row) for row in self._all(query)]

    def new_relation_strengths(
        self, since: dt.date | None = None, until: dt.date | None = None, limit: int = 20
    ) -> list[RelationStrength]:
        """The strongest relations of the period that no document reported before ``since``.

        The period's strongest pairs are checked in growing batches, so a period whose
        strongest relations are old news is still answered without reading every pair.
        """
        store: Store = self  # type: ignore[assignment]
        if since is None:
            return store.relation_strengths(until=until, limit=limit)
        batch = max(limit * 5, 50)
        while True:
            strongest = store.relation_strengths(since=since, until=until, limit=batch)
            known = _reported_before(self, strongest, since)
            fresh = [s for s in strongest if (s.source_id, s.type, s.target_id) not in known]
            if len(fresh) >= limit or len(strongest) < batch:
                return fresh[:limit]
            batch *= 4


def _reported_before(
    queries: DashboardQueries, strengths: list[RelationStrength], day: dt.date
) -> set[tuple[str, str, str]]:
    """The (first, type, second) keys among ``strengths`` that a relation reported before
    ``day`` has (negated and hypothetical ones do not count, as in ``relation_strengths``)."""
    if not strengths:
        return set()
    rel = t.relations
    when = rel.c.effective_date
    actors = sorted({s.source_id for s in strengths} | {s.target_id for s in strengths})
    query = (
        sa.select(rel.c.source_id, rel.c.type, rel.c.target_id)
        .distinct()
        .join(t.documents, t.documents.c.id == rel.c.doc_id)
        .where(rel.c.source_id.in_(actors), rel.c.target_id.in_(actors))
        .where(rel.c.negated.is_(False), rel.c.hypothetical.is_(False), when < day)
    )
    wanted = {(s.source_id, s.type, s.target_id) for s in strengths}
    keys = set()
    for source_id, relation_type, target_id in queries._all(query):
        if relation_type in SYMMETRIC_TYPES and source_id > target_id:
            source_id, target_id = target_id, source_id
        if (source_id, relation_type, target_id) in wanted:
            keys.add((source_id, relation_type, target_id))
    return keys


def _month(day: dt.date | str) -> str:
    return (day.isoformat() if isinstance(day, dt.date) else str(day))[:7]
