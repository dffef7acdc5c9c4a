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
from lagebild.store.graph_counts import ANY


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


def _inside(mentions: sa.FromClause, quotes: sa.FromClause) -> sa.ColumnElement[bool]:
    """A mention lies inside a quote's span."""
    return sa.and_(
        mentions.c.doc_id == quotes.c.doc_id,
        mentions.c.start >= quotes.c.start,
        mentions.c.end <= quotes.c.end,
    )


ONE_DAY = dt.timedelta(days=1)


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

    def quotes_with_topic_history(self, since: dt.date, until: dt.date) -> list[QuoteStatement]:
        """The quotes of ``since``..``until`` and those earlier quotes of their speakers that
        share a topic with one of the speaker's quotes of the period: the only earlier quotes
        a contradiction can pair with, selected in SQL instead of building every one."""
        recent = self.quote_statements(since, until)
        if not recent:
            return []
        q, m = t.quotes, t.mentions
        period_topics = (
            sa.select(q.c.speaker_id, m.c.entity_id)
            .join(m, _inside(m, q))
            .where(q.c.speaker_id.is_not(None), m.c.entity_id != q.c.speaker_id)
            .where(*_range(q.c.effective_date, since, until))
            .distinct()
            .subquery()
        )
        earlier_q, earlier_m = t.quotes.alias("earlier"), t.mentions.alias("earlier_mention")
        sharing = (
            sa.select(earlier_q.c.id)
            .join(earlier_m, _inside(earlier_m, earlier_q))
            .join(
                period_topics,
                sa.and_(
                    period_topics.c.speaker_id == earlier_q.c.speaker_id,
                    period_topics.c.entity_id == earlier_m.c.entity_id,
                ),
            )
            .where(earlier_q.c.effective_date < since)
        )
        earlier = self.quote_statements(
            None, since - dt.timedelta(days=1), quote_ids=sharing.scalar_subquery()
        )
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

    def pairs_reported_before(self, since: dt.date, until: dt.date) -> set[tuple[str, str, str]]:
        """The (first, type, second) reported on a date before ``since`` among the pairs
        reported in the calendar months ``since``..``until`` touch.

        Years and months come from the pre-counted ``pair_counts`` (a pair has a row for each
        year and month it was reported in); only the days of ``since``'s own month before it
        are read from the relations."""
        pc, rel = t.pair_counts, t.relations
        month = f"{since.year:04d}-{since.month:02d}"
        oldest = self._all(sa.select(sa.func.min(pc.c.period)).where(pc.c.period >= "0000"))
        first_year = int(oldest[0][0][:4]) if oldest[0][0] else since.year
        # explicit periods, so each check is a primary-key lookup per pair
        earlier_periods = [f"{y:04d}" for y in range(first_year, since.year)]
        earlier_periods += [f"{since.year:04d}-{m:02d}" for m in range(1, since.month)]
        earlier = pc.alias("earlier")
        query = sa.select(pc.c.first_id, pc.c.type, pc.c.second_id).where(
            pc.c.assertion == ANY,
            sa.func.length(pc.c.period) == 7,
            pc.c.period.between(month, f"{until.year:04d}-{until.month:02d}"),
            sa.exists().where(
                earlier.c.period.in_(earlier_periods),
                earlier.c.assertion == ANY,
                earlier.c.type == pc.c.type,
                earlier.c.first_id == pc.c.first_id,
                earlier.c.second_id == pc.c.second_id,
            ),
        )
        pairs = {(a, ty, b) for a, ty, b in self._all(query)}
        if since.day > 1:
            first, second = _pair_columns()
            this_month = (
                sa.select(first, rel.c.type, second)
                .where(rel.c.negated.is_(False), rel.c.hypothetical.is_(False))
                .where(*_range(rel.c.effective_date, since.replace(day=1), since - ONE_DAY))
                .distinct()
            )
            pairs |= {(a, ty, b) for a, ty, b in self._all(this_month)}
        return pairs

    def quote_statements(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        speaker_ids: Collection[str] | None = None,
        quote_ids: sa.ScalarSelect[str] | None = None,
    ) -> list[QuoteStatement]:
        """Quotes by linked speakers (of ``speaker_ids`` if given) dated ``since``..``until``,
        oldest first, each with the entities mentioned inside it and the relations
        overlapping it."""
        q, fp, m, rel = t.quotes, t.document_fingerprints, t.mentions, t.relations
        speaker = t.entities.alias("speaker")
        conditions = [q.c.speaker_id.is_not(None), *_range(q.c.effective_date, since, until)]
        if speaker_ids is not None:
            conditions.append(q.c.speaker_id.in_(sorted(set(speaker_ids))))
        if quote_ids is not None:
            conditions.append(q.c.id.in_(quote_ids))
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
            sa.select(q.c.id, m.c.entity_id, m.c.text).join(m, _inside(m, q)).where(*conditions)
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
