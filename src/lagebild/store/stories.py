"""Stories and quote facts in the database.

Used through ``Store.stories`` (lookup, listing, re-clustering) and
``Store.save(doc, story=…, quote_facts=…)`` (written in the document's own transaction).
The clustering itself is in :mod:`lagebild.monitor.stories` and the quote matching in
:mod:`lagebild.monitor.facts`; this module only stores and finds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lagebild.store import schema as t

#: entity types that count as a story's actors in listings
ACTOR_TYPES = ("PER", "ORG", "GPE")


@dataclass(frozen=True)
class StoryAssignment:
    """What to store with a document about its story."""

    story_id: str  # the document's own id if it opened the story
    embedding: bytes
    actors: tuple[str, ...]
    joined_by: str  # "new", "similar" or "copy"
    score: float | None = None


@dataclass(frozen=True, slots=True)
class StoryMember:
    """A stored document as the clustering sees it."""

    doc_id: str
    story_id: str
    published: dt.date | None
    embedding: bytes
    actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What clustering needs of a stored document: headline, text, date, actors."""

    doc_id: str
    title: str | None
    text: str
    published: dt.date | None
    actors: tuple[str, ...]
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class StoryArticle:
    doc_id: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    joined_by: str
    copy_cluster: str  # articles with the same copy cluster are one independent source


@dataclass(frozen=True, slots=True)
class StoryActor:
    entity_id: str
    name: str
    type: str
    articles: int


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    title: str | None  # the headline of the story's first article
    first: dt.date | None
    last: dt.date | None
    articles: tuple[StoryArticle, ...]
    outlets: tuple[str, ...]
    sources: int  # independent sources: copy clusters among the articles
    actors: tuple[StoryActor, ...]  # the most mentioned first


def write_story(
    conn: sa.Connection, doc_id: str, published: dt.date | None, story: StoryAssignment
) -> None:
    """Insert a document's story row on the save transaction's connection."""
    conn.execute(
        sa.insert(t.story_documents).values(
            doc_id=doc_id,
            story_id=story.story_id,
            published=published,
            embedding=story.embedding,
            actors=json.dumps(list(story.actors)),
            joined_by=story.joined_by,
            score=story.score,
        )
    )


def write_quote_facts(conn: sa.Connection, doc_id: str, facts: dict[str, str]) -> None:
    """Insert ``{quote id: fact id}`` for a document's quotes."""
    if facts:
        conn.execute(
            sa.insert(t.quote_facts),
            [{"quote_id": q, "doc_id": doc_id, "fact_id": f} for q, f in sorted(facts.items())],
        )


def _member(row: Any) -> StoryMember:
    return StoryMember(
        row.doc_id, row.story_id, row.published, row.embedding, tuple(json.loads(row.actors))
    )


def _copy_cluster() -> sa.ColumnElement[str]:
    fp = t.document_fingerprints
    return sa.func.coalesce(fp.c.cluster_id, t.documents.c.id)


class StoryRepository:
    """Reads and maintenance of the story tables (``Store.stories``)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def _all(self, query: sa.Executable) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(query).all())

    # ---------------------------------------------------------------- clustering

    def members_near(
        self, published: dt.date | None, days: int, undated_limit: int = 500
    ) -> list[StoryMember]:
        """Documents published within ``days`` of ``published``; for an undated document the
        ``undated_limit`` undated ones stored last."""
        sd = t.story_documents
        query = sa.select(sd.c.doc_id, sd.c.story_id, sd.c.published, sd.c.embedding, sd.c.actors)
        if published is None:
            query = (
                query.join(t.documents, t.documents.c.id == sd.c.doc_id)
                .where(sd.c.published.is_(None))
                .order_by(t.documents.c.ingested_at.desc())
                .limit(undated_limit)
            )
        else:
            window = dt.timedelta(days=days)
            query = query.where(sd.c.published.between(published - window, published + window))
        return [_member(row) for row in self._all(query.order_by(sd.c.doc_id))]

    def members(self) -> list[StoryMember]:
        """Every clustered document, by id."""
        sd = t.story_documents
        query = sa.select(
            sd.c.doc_id, sd.c.story_id, sd.c.published, sd.c.embedding, sd.c.actors
        ).order_by(sd.c.doc_id)
        return [_member(row) for row in self._all(query)]

    def story_of(self, doc_id: str) -> str | None:
        sd = t.story_documents
        rows = self._all(sa.select(sd.c.story_id).where(sd.c.doc_id == doc_id))
        return rows[0][0] if rows else None

    def unassigned(self) -> list[str]:
        """Ids of stored documents without a story, oldest publication first."""
        doc, sd = t.documents, t.story_documents
        query = (
            sa.select(doc.c.id)
            .outerjoin(sd, sd.c.doc_id == doc.c.id)
            .where(sd.c.doc_id.is_(None))
            .order_by(doc.c.published.nulls_first(), doc.c.ingested_at, doc.c.id)
        )
        return [doc_id for (doc_id,) in self._all(query)]

    def inputs(self, doc_ids: Sequence[str], actor_types: Sequence[str]) -> list[StoryInput]:
        """Headline, text, date, actors and near-copy link of stored documents, in order."""
        if not doc_ids:
            return []
        doc, fp = t.documents, t.document_fingerprints
        heads = {
            row.id: row
            for row in self._all(
                sa.select(doc.c.id, doc.c.title, doc.c.text, doc.c.published, fp.c.duplicate_of)
                .outerjoin(fp, fp.c.doc_id == doc.c.id)
                .where(doc.c.id.in_(list(doc_ids)))
            )
        }
        actors: dict[str, list[str]] = {}
        mentioned = (
            sa.select(t.mentions.c.doc_id, t.mentions.c.entity_id)
            .where(t.mentions.c.doc_id.in_(list(doc_ids)), t.mentions.c.type.in_(actor_types))
            .order_by(t.mentions.c.doc_id, t.mentions.c.start)
        )
        for doc_id, entity_id in self._all(mentioned):
            actors.setdefault(doc_id, []).append(entity_id)
        return [
            StoryInput(
                i,
                heads[i].title,
                heads[i].text,
                heads[i].published,
                tuple(dict.fromkeys(actors.get(i, []))),
                heads[i].duplicate_of,
            )
            for i in doc_ids
            if i in heads
        ]

    def add(self, doc_id: str, published: dt.date | None, story: StoryAssignment) -> None:
        """Give a stored document its story (its own transaction)."""
        with self.engine.begin() as conn:
            write_story(conn, doc_id, published, story)

    def clear(self) -> int:
        """Forget every story assignment (before clustering everything again)."""
        with self.engine.begin() as conn:
            return conn.execute(sa.delete(t.story_documents)).rowcount or 0

    # ---------------------------------------------------------------- listing

    def top(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 20,
        min_articles: int = 1,
        offset: int = 0,
    ) -> list[StoryRow]:
        """Stories with an article published in the period, by independent sources, then
        articles, newest last article first (``offset`` of them skipped, for paging)."""
        sd, fp = t.story_documents, t.document_fingerprints
        in_period = sa.select(sd.c.story_id)
        if since is not None:
            in_period = in_period.where(sd.c.published >= since)
        if until is not None:
            in_period = in_period.where(sd.c.published <= until)
        sources = sa.func.count(sa.distinct(sa.func.coalesce(fp.c.cluster_id, sd.c.doc_id)))
        articles = sa.func.count()
        last = sa.func.max(sd.c.published)
        ranked = (
            sa.select(sd.c.story_id)
            .outerjoin(fp, fp.c.doc_id == sd.c.doc_id)
            .where(sd.c.story_id.in_(in_period))
            .group_by(sd.c.story_id)
            .having(articles >= min_articles)
            .order_by(sources.desc(), articles.desc(), last.desc().nulls_last(), sd.c.story_id)
            .limit(limit)
            .offset(offset)
        )
        story_ids = [story_id for (story_id,) in self._all(ranked)]
        return self.by_ids(story_ids)

    def by_ids(self, story_ids: Sequence[str]) -> list[StoryRow]:
        """The stories with these ids, in this order (unknown ids left out)."""
        if not story_ids:
            return []
        sd, doc = t.story_documents, t.documents
        fp = t.document_fingerprints
        members = self._all(
            sa.select(
                sd.c.story_id,
                doc.c.id,
                doc.c.title,
                doc.c.outlet,
                doc.c.published,
                doc.c.url,
                sd.c.joined_by,
                _copy_cluster(),
            )
            .join(doc, doc.c.id == sd.c.doc_id)
            .outerjoin(fp, fp.c.doc_id == doc.c.id)
            .where(sd.c.story_id.in_(list(story_ids)))
            .order_by(sd.c.story_id, doc.c.published.nulls_last(), doc.c.ingested_at, doc.c.id)
        )
        by_story: dict[str, list[StoryArticle]] = {}
        for story_id, *rest in members:
            by_story.setdefault(story_id, []).append(StoryArticle(*rest))
        actors = self._actors(list(by_story))
        rows = []
        for story_id in story_ids:
            found = by_story.get(story_id)
            if not found:
                continue
            first_article = next((a for a in found if a.doc_id == story_id), found[0])
            dates = [a.published for a in found if a.published is not None]
            rows.append(
                StoryRow(
                    id=story_id,
                    title=first_article.title,
                    first=min(dates) if dates else None,
                    last=max(dates) if dates else None,
                    articles=tuple(found),
                    outlets=tuple(sorted({a.outlet for a in found if a.outlet})),
                    sources=len({a.copy_cluster for a in found}),
                    actors=tuple(actors.get(story_id, [])),
                )
            )
        return rows

    def _actors(self, story_ids: list[str], per_story: int = 5) -> dict[str, list[StoryActor]]:
        if not story_ids:
            return {}
        sd, m, e = t.story_documents, t.mentions, t.entities
        query = (
            sa.select(
                sd.c.story_id,
                e.c.id,
                e.c.name,
                e.c.type,
                sa.func.count(sa.distinct(m.c.doc_id)),
                sa.func.count(),
            )
            .join(m, m.c.doc_id == sd.c.doc_id)
            .join(e, e.c.id == m.c.entity_id)
            .where(sd.c.story_id.in_(story_ids), e.c.type.in_(ACTOR_TYPES))
            .group_by(sd.c.story_id, e.c.id, e.c.name, e.c.type)
        )
        # by articles, then mentions: in a one-article story the actor named most leads
        found: dict[str, list[tuple[int, StoryActor]]] = {}
        for story_id, entity_id, name, type_, articles, mentions in self._all(query):
            actor = StoryActor(entity_id, name, type_, articles)
            found.setdefault(story_id, []).append((mentions, actor))
        return {
            story_id: [
                actor
                for _m, actor in sorted(items, key=lambda x: (-x[1].articles, -x[0], x[1].name))
            ][:per_story]
            for story_id, items in found.items()
        }

    def assignments(self) -> dict[str, str]:
        """``{document id: story id}`` of every clustered document."""
        sd = t.story_documents
        return dict(self._all(sa.select(sd.c.doc_id, sd.c.story_id)))

    def sizes(self) -> Counter[str]:
        return Counter(self.assignments().values())


@dataclass(frozen=True, slots=True)
class StoredQuote:
    quote_id: str
    fact_id: str  # its own id if it was stored before quote facts existed
    text: str


class QuoteFactRepository:
    """Lookup of stored quotes for grouping them into facts (``Store.quote_facts``)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def by_speaker(
        self,
        speaker_id: str | None,
        speaker_name: str | None,
        since: dt.date | None,
        until: dt.date | None,
        limit: int = 500,
    ) -> list[StoredQuote]:
        """Quotes of this speaker (the entity, else the unlinked name) in the period, newest
        first; an undated period means the speaker's newest quotes."""
        q, qf = t.quotes, t.quote_facts
        if speaker_id is not None:
            who = q.c.speaker_id == speaker_id
        elif speaker_name:
            who = sa.and_(q.c.speaker_id.is_(None), q.c.speaker_name == speaker_name)
        else:
            return []
        query = (
            sa.select(q.c.id, sa.func.coalesce(qf.c.fact_id, q.c.id), q.c.text)
            .outerjoin(qf, qf.c.quote_id == q.c.id)
            .where(who)
        )
        if since is not None and until is not None:
            query = query.where(q.c.effective_date.between(since, until))
        query = query.order_by(q.c.effective_date.desc().nulls_last(), q.c.id).limit(limit)
        with self.engine.connect() as conn:
            return [StoredQuote(*row) for row in conn.execute(query)]

    def unassigned(self) -> list[tuple[str, str]]:
        """(quote id, document id) of stored quotes without a fact, oldest document first."""
        q, qf, doc = t.quotes, t.quote_facts, t.documents
        query = (
            sa.select(q.c.id, q.c.doc_id)
            .join(doc, doc.c.id == q.c.doc_id)
            .outerjoin(qf, qf.c.quote_id == q.c.id)
            .where(qf.c.quote_id.is_(None))
            .order_by(doc.c.published.nulls_first(), doc.c.ingested_at, q.c.doc_id, q.c.start)
        )
        with self.engine.connect() as conn:
            return [(quote_id, doc_id) for quote_id, doc_id in conn.execute(query)]

    def add(self, doc_id: str, facts: dict[str, str]) -> None:
        with self.engine.begin() as conn:
            write_quote_facts(conn, doc_id, facts)
