"""What change-over-time analysis reads: relation reports, first dates, quotes with their
topics, figures with their sources.

Used through ``Store.trends``; the analysis (periods, blocs, what is new) is in
:mod:`lagebild.analysis.trends`. Every row carries the document's copy cluster
(``document_fingerprints.cluster_id``, the document itself when it has none), so the
analysis counts independent sources the way ``Store.relation_strengths`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lagebild.model import SYMMETRIC_TYPES
from lagebild.store import schema as t
from lagebild.store.alerts import _as_date


@dataclass(frozen=True, slots=True)
class RelationReport:
    """One reported relation (negated and hypothetical ones are never reports).

    For symmetric types ``first_id`` and ``second_id`` are the pair in id order."""

    first_id: str
    first_name: str
    type: str
    second_id: str
    second_name: str
    day: dt.date  # the relation's own date, else the publication date
    doc_id: str
    cluster: str  # independent source: the document's copy cluster
    asserted: bool


@dataclass(frozen=True, slots=True)
class QuoteStatement:
    """A quote by a linked speaker with what it is about."""

    id: str
    doc_id: str
    speaker_id: str
    speaker_name: str
    text: str
    day: dt.date
    cluster: str
    #: entities mentioned inside the quote (the speaker left out)
    topics: frozenset[str]
    #: relations whose span overlaps the quote: (source, type, target, negated)
    stances: tuple[tuple[str, str, str, bool], ...]
    #: the words of the mentions inside the quote, case-folded ("nordkorea", "kim")
    mention_words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class AmountReport:
    """A figure with a measure, with the outlet and copy cluster that reported it."""

    id: str
    doc_id: str
    doc_title: str | None
    outlet: str | None
    published: dt.date | None
    cluster: str
    text: str
    value: float
    value_max: float | None
    approximate: bool
    unit: str
    measure: str
    actor_id: str | None
    actor_name: str | None
    year: int | None


@dataclass(frozen=True, slots=True)
class DocumentLink:
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: dt.date | None


def _pair_columns() -> tuple[sa.ColumnElement[str], sa.ColumnElement[str]]:
    """(first, second) of a relation: symmetric types in id order, as relation_strengths."""
    rel = t.relations
    swap = sa.and_(rel.c.type.in_(sorted(SYMMETRIC_TYPES)), rel.c.source_id > rel.c.target_id)
    first = sa.case((swap, rel.c.target_id), else_=rel.c.source_id).label("first")
    second = sa.case((swap, rel.c.source_id), else_=rel.c.target_id).label("second")
    return first, second


def _range(
    column: sa.ColumnElement[Any], since: dt.date | None, until: dt.date | None
) -> list[sa.ColumnElement[bool]]:
    return [
        column.is_not(None),
        *([column >= since] if since is not None else []),
        *([column <= until] if until is not None else []),
    ]


def _cluster(doc_id: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    return sa.func.coalesce(t.document_fingerprints.c.cluster_id, doc_id).label("cluster")


class TrendRepository:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def _all(self, query: sa.Executable) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(query).all())

    def quotes_with_history(self, since: dt.date, until: dt.date) -> list[QuoteStatement]:
        """The quotes of ``since``..``until`` and every earlier quote of their speakers."""
        recent = self.quote_statements(since, until)
        speakers = {quote.speaker_id for quote in recent}
        if not speakers:
            return []
        earlier = self.quote_statements(None, since - dt.timedelta(days=1), speakers)
        return earlier + recent

    def relation_reports(
        self, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[RelationReport]:
        """Every reported relation dated ``since``..``until`` (inclusive), oldest first."""
        rel, fp = t.relations, t.document_fingerprints
        first, second = _pair_columns()
        source, target = t.entities.alias("src"), t.entities.alias("tgt")
        pairs = (
            sa.select(
                first,
                rel.c.type,
                second,
                rel.c.effective_date.label("day"),
                rel.c.doc_id,
                _cluster(rel.c.doc_id),
                rel.c.asserted,
            )
            .outerjoin(fp, fp.c.doc_id == rel.c.doc_id)
            .where(rel.c.negated.is_(False), rel.c.hypothetical.is_(False))
            .where(*_range(rel.c.effective_date, since, until))
            .subquery()
        )
        query = (
            sa.select(
                pairs.c.first,
                source.c.name,
                pairs.c.type,
                pairs.c.second,
                target.c.name,
                pairs.c.day,
                pairs.c.doc_id,
                pairs.c.cluster,
                pairs.c.asserted,
            )
            .join(source, source.c.id == pairs.c.first)
            .join(target, target.c.id == pairs.c.second)
            .order_by(pairs.c.day, pairs.c.doc_id, pairs.c.type, pairs.c.first, pairs.c.second)
        )
        return [
            RelationReport(a, an, ty, b, bn, _as_date(day), doc, cluster, bool(asserted))
            for a, an, ty, b, bn, day, doc, cluster, asserted in self._all(query)
        ]

    def first_report_days(
        self, actor_ids: Collection[str] | None = None
    ) -> dict[tuple[str, str, str], dt.date]:
        """The first day each (first, type, second) was reported, over the whole database;
        with ``actor_ids``, only for pairs of these actors."""
        rel = t.relations
        first, second = _pair_columns()
        reported = (
            sa.select(first, rel.c.type, second, rel.c.effective_date.label("day"))
            .where(rel.c.negated.is_(False), rel.c.hypothetical.is_(False))
            .where(rel.c.effective_date.is_not(None))
        )
        if actor_ids is not None:
            ids = sorted(set(actor_ids))
            reported = reported.where(rel.c.source_id.in_(ids), rel.c.target_id.in_(ids))
        pairs = reported.subquery()
        query = sa.select(
            pairs.c.first, pairs.c.type, pairs.c.second, sa.func.min(pairs.c.day)
        ).group_by(pairs.c.first, pairs.c.type, pairs.c.second)
        return {(a, ty, b): _as_date(day) for a, ty, b, day in self._all(query)}

    def quote_statements(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        speaker_ids: Collection[str] | None = None,
    ) -> list[QuoteStatement]:
        """Quotes by linked speakers (of ``speaker_ids`` if given) dated ``since``..``until``,
        oldest first, each with the entities mentioned inside it and the relations
        overlapping it."""
        q, fp, m, rel = t.quotes, t.document_fingerprints, t.mentions, t.relations
        speaker = t.entities.alias("speaker")
        conditions = [q.c.speaker_id.is_not(None), *_range(q.c.effective_date, since, until)]
        if speaker_ids is not None:
            conditions.append(q.c.speaker_id.in_(sorted(set(speaker_ids))))
        query = (
            sa.select(
                q.c.id,
                q.c.doc_id,
                q.c.speaker_id,
                speaker.c.name,
                q.c.text,
                q.c.effective_date,
                _cluster(q.c.doc_id),
            )
            .join(speaker, speaker.c.id == q.c.speaker_id)
            .outerjoin(fp, fp.c.doc_id == q.c.doc_id)
            .where(*conditions)
            .order_by(q.c.effective_date, q.c.doc_id, q.c.start)
        )
        rows = self._all(query)
        speaker_of = {row[0]: row[2] for row in rows}
        topics: dict[str, set[str]] = {}
        words: dict[str, set[str]] = {}
        inside = (
            sa.select(q.c.id, m.c.entity_id, m.c.text)
            .join(m, sa.and_(m.c.doc_id == q.c.doc_id, m.c.start >= q.c.start, m.c.end <= q.c.end))
            .where(*conditions)
        )
        for quote_id, entity_id, mention_text in self._all(inside):
            words.setdefault(quote_id, set()).update(mention_text.casefold().split())
            if entity_id != speaker_of[quote_id]:
                topics.setdefault(quote_id, set()).add(entity_id)
        stances: dict[str, set[tuple[str, str, str, bool]]] = {}
        overlapping = (
            sa.select(q.c.id, rel.c.source_id, rel.c.type, rel.c.target_id, rel.c.negated)
            .join(
                rel,
                sa.and_(rel.c.doc_id == q.c.doc_id, rel.c.start < q.c.end, rel.c.end > q.c.start),
            )
            .where(*conditions, rel.c.hypothetical.is_(False))
        )
        for quote_id, source_id, relation_type, target_id, negated in self._all(overlapping):
            stances.setdefault(quote_id, set()).add(
                (source_id, relation_type, target_id, bool(negated))
            )
        return [
            QuoteStatement(
                id=quote_id,
                doc_id=doc_id,
                speaker_id=speaker_id,
                speaker_name=name,
                text=text,
                day=_as_date(day),
                cluster=cluster,
                topics=frozenset(topics.get(quote_id, ())),
                stances=tuple(sorted(stances.get(quote_id, ()))),
                mention_words=frozenset(words.get(quote_id, ())),
            )
            for quote_id, doc_id, speaker_id, name, text, day, cluster in rows
        ]

    def amount_reports(
        self, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[AmountReport]:
        """Figures with a measure in documents published ``since``..``until``, oldest first."""
        amt, doc, fp = t.amounts, t.documents, t.document_fingerprints
        actor = t.entities.alias("actor")
        query = (
            sa.select(
                amt.c.id,
                amt.c.doc_id,
                doc.c.title,
                doc.c.outlet,
                doc.c.published,
                _cluster(amt.c.doc_id),
                amt.c.text,
                amt.c.value,
                amt.c.value_max,
                amt.c.approximate,
                amt.c.unit,
                amt.c.measure,
                amt.c.actor_id,
                sa.func.coalesce(actor.c.name, amt.c.actor_name),
                amt.c.year,
            )
            .join(doc, doc.c.id == amt.c.doc_id)
            .outerjoin(fp, fp.c.doc_id == amt.c.doc_id)
            .outerjoin(actor, actor.c.id == amt.c.actor_id)
            .where(amt.c.measure.is_not(None), *_range(doc.c.published, since, until))
            .order_by(doc.c.published, amt.c.doc_id, amt.c.start)
        )
        return [AmountReport(*row) for row in self._all(query)]

    def document_links(self, doc_ids: Sequence[str]) -> dict[str, DocumentLink]:
        """Title, URL, outlet and date of these documents, by id."""
        if not doc_ids:
            return {}
        doc = t.documents
        query = sa.select(doc.c.id, doc.c.title, doc.c.url, doc.c.outlet, doc.c.published).where(
            doc.c.id.in_(sorted(set(doc_ids)))
        )
        return {row[0]: DocumentLink(*row) for row in self._all(query)}
