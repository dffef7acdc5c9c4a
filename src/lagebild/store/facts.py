"""One fact, many sources: relations grouped into facts when they are read.

A mixin of :class:`lagebild.store.Store` like :mod:`lagebild.store.dashboard`. Reports of
one relation (the same actors, type and polarity) within one story are one fact; a
document without a story counts its copy cluster as the story. The grouping happens in
the query, so clustering the stories anew (``lagebild cluster-stories --again``) regroups
the facts without rewriting anything. Quotes are grouped when they are stored
(``quote_facts``); their counts are part of every :class:`QuoteRow`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from lagebild.model import SYMMETRIC_TYPES
from lagebild.store import schema as t
from lagebild.store.rows import RelationFact, RelationRow


class FactQueries:
    """Read-only fact queries; ``Store`` supplies ``_all``."""

    def _all(self, query: sa.Executable) -> list[Any]:  # supplied by Store
        raise NotImplementedError

    def relation_facts(
        self,
        actor: str | None = None,
        type: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 50,
        story: str | None = None,
    ) -> list[RelationFact]:
        """Relation facts, newest report first, then by independent sources; ``story``
        keeps the facts reported in one story (a story id).

        ``actor`` is an entity id, name or alias on either side. Negated and hypothetical
        reports are facts of their own (the opposite claim is not the same fact). Dates are
        the relations' own dates, else the publication dates.
        """
        from lagebild.store.repository import _date_range, _entity_ids_named, _relation_select

        rel, fp, sd = t.relations, t.document_fingerprints, t.story_documents
        swap = sa.and_(rel.c.type.in_(sorted(SYMMETRIC_TYPES)), rel.c.source_id > rel.c.target_id)
        first = sa.case((swap, rel.c.target_id), else_=rel.c.source_id)
        second = sa.case((swap, rel.c.source_id), else_=rel.c.target_id)
        story_of = sa.func.coalesce(sd.c.story_id, fp.c.cluster_id, rel.c.doc_id)
        sources = sa.func.count(sa.distinct(sa.func.coalesce(fp.c.cluster_id, rel.c.doc_id)))
        last = sa.func.max(rel.c.effective_date)
        query = (
            sa.select(
                sa.func.min(rel.c.id),
                sources,
                sa.func.count(sa.distinct(rel.c.doc_id)),
                sa.func.count(),
                story_of,
                last,
            )
            .outerjoin(fp, fp.c.doc_id == rel.c.doc_id)
            .outerjoin(sd, sd.c.doc_id == rel.c.doc_id)
            .group_by(first, rel.c.type, second, rel.c.negated, rel.c.hypothetical, story_of)
            .order_by(last.desc().nulls_last(), sources.desc(), sa.func.min(rel.c.id))
            .limit(limit)
        )
        if type:
            query = query.where(rel.c.type == type)
        if story:
            query = query.where(story_of == story)
        if actor:
            ids = sa.select(_entity_ids_named(actor).subquery().c[0])
            query = query.where(sa.or_(rel.c.source_id.in_(ids), rel.c.target_id.in_(ids)))
        period = _date_range(rel.c.effective_date, since, until)
        if period is not None:
            query = query.where(period)
        grouped = self._all(query)
        if not grouped:
            return []
        shown = {
            row.id: RelationRow(*row)
            for row in self._all(_relation_select().where(rel.c.id.in_([g[0] for g in grouped])))
        }
        return [
            RelationFact(shown[example], n_sources, n_documents, n_reports, story_id, newest)
            for example, n_sources, n_documents, n_reports, story_id, newest in grouped
            if example in shown
        ]
