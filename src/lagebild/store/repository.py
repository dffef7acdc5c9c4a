"""The repository: the only code that writes SQL.

:meth:`Store.save` writes a processed document and all its annotations in one
transaction; the query methods return the frozen rows of
:mod:`lagebild.store.rows`. SQLite is the default; PostgreSQL uses the same code
(the upserts pick the dialect's ``INSERT … ON CONFLICT``; quote search picks the
dialect's implementation in :mod:`lagebild.store.search`).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy.dialects import postgresql, sqlite

from lagebild.model import (
    SYMMETRIC_TYPES,
    Amount,
    Document,
    Entity,
    Evidence,
    Mention,
    Quote,
    Relation,
    TimeExpression,
)
from lagebild.pipeline import SUPPORTED_LANGUAGES
from lagebild.store import schema as t
from lagebild.store.alerts import AlertRepository
from lagebild.store.dashboard import DashboardQueries
from lagebild.store.facts import FactQueries
from lagebild.store.feeds import FeedRepository
from lagebild.store.fingerprints import (
    FingerprintRepository,
    NearDuplicateRow,
    write_near_duplicate,
)
from lagebild.store.graph_counts import (
    count_document,
    ranked_pairs,
    single_period,
    strength_order,
)
from lagebild.store.rows import (
    ActorRow,
    AmountRow,
    Counts,
    DocumentRow,
    EntityRow,
    QuoteRow,
    RelationRow,
    RelationStrength,
    SpeakerRow,
)
from lagebild.store.search import QuoteSearch, quote_search_for, search_terms
from lagebild.store.stories import (
    QuoteFactRepository,
    StoryAssignment,
    StoryRepository,
    write_quote_facts,
    write_story,
)
from lagebild.store.trends import TrendRepository

MIGRATIONS = Path(__file__).parent / "migrations"
SUPPORTED_DIALECTS = ("sqlite", "postgresql")
#: milliseconds an SQLite writer waits for another writer's lock before failing
SQLITE_BUSY_TIMEOUT_MS = 10_000
DEFAULT_ACTOR_TYPES = ("PER", "ORG", "GPE")
#: a name standing for more entities than this is looked up with IN (…) instead of one
#: index walk per entity (SQLite allows at most 500 parts in a UNION)
MAX_KEYS = 40
#: PostgreSQL advisory lock key held while migrating (any constant shared by all processes)
MIGRATION_LOCK = 0x6C616765  # "lage"
#: a transaction that lost a deadlock or serialisation conflict is run again this often
SAVE_ATTEMPTS = 5
#: SQLSTATEs of a transaction PostgreSQL aborted because of another one: safe to run again
_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected

Row = dict[str, Any]
_Select = TypeVar("_Select", bound=sa.Select)
_Annotation = TypeVar("_Annotation", Mention, Quote, Relation, Amount, TimeExpression)


class StoreError(RuntimeError):
    """The database cannot be opened, migrated or written."""


def _safe_url(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # first: switching a new file to WAL waits for another process's lock like any write
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _disable_postgres_jit(dbapi_connection: Any, _record: Any) -> None:
    """The store's queries are short; compiling them (PostgreSQL's JIT) costs more than it
    saves, up to a third of a second on large tables."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SET jit = off")
    cursor.close()
    dbapi_connection.commit()


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_without_nul(item) for item in value)
    return value


def _replace_nul_in_parameters(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
) -> tuple[str, Any]:
    """PostgreSQL's text cannot hold NUL, so a search for one would fail instead of finding
    nothing. It becomes U+FFFD, one character for one, which keeps every character offset."""
    return statement, _without_nul(parameters)


def migrate(engine: sa.Engine) -> None:
    """Bring the database to the newest schema with the migrations shipped in the package.

    Processes opening a new database at the same moment migrate it one after the other:
    each takes the database's write lock (SQLite) or an advisory lock (PostgreSQL) first,
    so the later ones find the schema at head and do nothing.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # pysqlite runs DDL outside any transaction unless one is open already
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _migrate_when_free(engine: sa.Engine) -> None:
    """Migrate, trying again while another process holds the database (SQLite reports a
    busy file at once, not after its busy timeout, when processes open a new file together)."""
    for attempt in range(1, SAVE_ATTEMPTS + 1):
        try:
            migrate(engine)
            return
        except sa.exc.DBAPIError as exc:
            if attempt == SAVE_ATTEMPTS or not _lost_to_another_transaction(exc):
                raise
            time.sleep(random.uniform(0.1, 0.3) * attempt)


class Store(DashboardQueries, FactQueries):
    """A database of processed documents. Open with :meth:`open`, close with :meth:`close`."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._search: QuoteSearch = quote_search_for(engine.dialect.name)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Connect to ``url`` (default: the configured URL) and migrate it to the newest schema."""
        from lagebild import config

        url = config.database_url(url)
        shown = _safe_url(url)
        try:
            engine = sa.create_engine(url)
        except (sa.exc.ArgumentError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open database {shown}: {exc}") from None
        if engine.dialect.name not in SUPPORTED_DIALECTS:
            engine.dispose()
            raise StoreError(
                f"cannot open database {shown}: unsupported database "
                f"{engine.dialect.name!r} (use sqlite or postgresql)"
            )
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _enable_sqlite_pragmas)
        else:
            sa.event.listen(engine, "connect", _disable_postgres_jit)
            sa.event.listen(
                engine, "before_cursor_execute", _replace_nul_in_parameters, retval=True
            )
        try:
            _migrate_when_free(engine)
        except (sa.exc.SQLAlchemyError, CommandError) as exc:
            engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open database {shown}: {reason}") from None
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def feeds(self) -> FeedRepository:
        """Feeds the watcher polls and the item URLs it has seen (``store/feeds.py``)."""
        return FeedRepository(self.engine, self._insert)

    @property
    def alerts(self) -> AlertRepository:
        """Entity lookup, daily counts and fired alerts for alert rules (``store/alerts.py``)."""
        return AlertRepository(self.engine, self._insert, _entity_ids_named)

    @property
    def fingerprints(self) -> FingerprintRepository:
        """Near-duplicate signatures and copy clusters (``store/fingerprints.py``)."""
        return FingerprintRepository(self.engine)

    @property
    def stories(self) -> StoryRepository:
        """Stories (articles about one event) and their members (``store/stories.py``)."""
        return StoryRepository(self.engine)

    @property
    def quote_facts(self) -> QuoteFactRepository:
        """Stored quotes grouped into facts (``store/stories.py``)."""
        return QuoteFactRepository(self.engine)

    @property
    def trends(self) -> TrendRepository:
        """Relation reports, quotes and figures for change over time (``store/trends.py``)."""
        return TrendRepository(self.engine)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def _insert(self, table: sa.Table) -> Any:
        if self.engine.dialect.name == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            query = sa.select(t.documents.c.id).where(t.documents.c.id == doc_id)
            return conn.execute(query).first() is not None

    def save(
        self,
        doc: Document,
        near_duplicate: NearDuplicateRow | None = None,
        story: StoryAssignment | None = None,
        quote_facts: dict[str, str] | None = None,
    ) -> bool:
        """Store a document with all its annotations in one transaction.

        Returns False, changing nothing, if a document with the same id is
        stored already. Entities are upserted by id (the newest name, type and
        status win) and their names merged. Annotations with the same id (the
        same kind and span) are stored once, the first one winning. Raises
        :class:`StoreError`, with nothing written, if any row is rejected.
        ``near_duplicate`` (fingerprint and copy cluster), ``story`` (the story it joins) and
        ``quote_facts`` (``{quote id: fact id}``) are written in the same transaction.
        """
        rows = _DocumentRows.build(doc)
        extras = _SaveExtras(near_duplicate, story, quote_facts or {})
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                return self._save_rows(doc, rows, extras)
            except sa.exc.DBAPIError as exc:
                if attempt == SAVE_ATTEMPTS or not _lost_to_another_transaction(exc):
                    raise StoreError(f"document {doc.id}: cannot be stored: {exc.orig}") from None
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    def _save_rows(self, doc: Document, rows: _DocumentRows, extras: _SaveExtras) -> bool:
        try:
            with self.engine.begin() as conn:
                # RETURNING, not rowcount: psycopg reports no rowcount for this statement
                inserted = conn.execute(
                    self._insert(t.documents)
                    .on_conflict_do_nothing(index_elements=["id"])
                    .returning(t.documents.c.id),
                    rows.document,
                ).first()
                if inserted is None:
                    return False
                self._upsert_entities(conn, rows.entities, rows.names)
                self._count_other_mentions(conn, rows)
                for table, table_rows in rows.facts():
                    if table_rows:
                        conn.execute(sa.insert(table), table_rows)
                self._search.index(conn, rows.quotes)
                if extras.near_duplicate is not None:
                    write_near_duplicate(conn, doc.id, extras.near_duplicate)
                if extras.story is not None:
                    write_story(conn, doc.id, doc.published, extras.story)
                quote_ids = {row["id"] for row in rows.quotes}
                write_quote_facts(
                    conn, doc.id, {q: f for q, f in extras.quote_facts.items() if q in quote_ids}
                )
                copy_of = extras.near_duplicate
                cluster = doc.id if copy_of is None else copy_of.cluster_id
                count_document(conn, doc.published, rows.mentions, rows.relations, cluster)
        except sa.exc.IntegrityError as exc:
            raise StoreError(f"document {doc.id}: rejected by the database: {exc.orig}") from None
        except sa.exc.DBAPIError:
            raise  # save() decides whether to run it again
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"document {doc.id}: cannot be stored: {exc}") from None
        return True

    def _upsert_entities(self, conn: sa.Connection, entities: list[Row], names: list[Row]) -> None:
        # Every writer locks entity rows in id order, so concurrent saves of documents that
        # share entities wait for each other instead of deadlocking.
        entities = sorted(entities, key=lambda row: row["id"])
        names = sorted(names, key=lambda row: (row["entity_id"], row["name"]))
        if entities:
            insert = self._insert(t.entities)
            count = t.entities.c.mention_count
            conn.execute(
                insert.on_conflict_do_update(
                    index_elements=["id"],
                    set_={
                        **{
                            column: insert.excluded[column]
                            for column in ("name", "type", "provisional", "confidence")
                        },
                        "mention_count": count + insert.excluded.mention_count,
                    },
                ),
                entities,
            )
        if names:
            conn.execute(
                self._insert(t.entity_names).on_conflict_do_nothing(
                    index_elements=["entity_id", "name"]
                ),
                names,
            )

    def _count_other_mentions(self, conn: sa.Connection, rows: _DocumentRows) -> None:
        """Mentions of entities stored by earlier documents but not listed in this one."""
        listed = {row["id"] for row in rows.entities}
        for entity_id, number in sorted(rows.mention_counts().items()):
            if entity_id not in listed:
                conn.execute(
                    sa.update(t.entities)
                    .where(t.entities.c.id == entity_id)
                    .values(mention_count=t.entities.c.mention_count + number)
                )

    # ------------------------------------------------------------------ reading

    def _all(self, query: sa.Executable) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(query).all())

    def counts(self, since: dt.date | None = None, until: dt.date | None = None) -> Counts:
        """Rows per kind; with dates, only those of documents published in the range."""
        published = _date_range(t.documents.c.published, since, until)
        in_range = sa.select(t.documents.c.id).where(
            published if published is not None else sa.true()
        )

        def count(table: sa.Table) -> sa.ScalarSelect[int]:
            query = sa.select(sa.func.count()).select_from(table)
            if published is not None:
                if table is t.documents:
                    query = query.where(published)
                else:  # by document id through the table's doc_id index: no join to scan
                    query = query.where(table.c.doc_id.in_(in_range))
            return query.scalar_subquery()

        if published is None:
            entity_query = sa.select(sa.func.count()).select_from(t.entities)
        else:  # entities mentioned in the documents of the range
            entity_query = sa.select(sa.func.count(sa.distinct(t.mentions.c.entity_id))).where(
                t.mentions.c.doc_id.in_(in_range)
            )
        query = sa.select(
            count(t.documents),
            entity_query.scalar_subquery(),
            count(t.mentions),
            count(t.quotes),
            count(t.relations),
            count(t.amounts),
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).one()
        return Counts(*row)

    def top_actors(
        self,
        limit: int = 20,
        since: dt.date | None = None,
        until: dt.date | None = None,
        types: Sequence[str] = DEFAULT_ACTOR_TYPES,
    ) -> list[ActorRow]:
        """Entities by the independent sources (copy clusters) of the documents mentioning
        them, then by documents, then by mentions: ten outlets printing one agency text
        count once."""
        # Counted over the mentions index (and each document's cluster) alone, then joined
        # to the entities: grouping the joined rows instead is ten times slower on 10,000
        # articles.
        fp = t.document_fingerprints
        cluster = sa.func.coalesce(fp.c.cluster_id, t.mentions.c.doc_id)
        counted = (
            sa.select(
                t.mentions.c.entity_id,
                sa.func.count(sa.distinct(t.mentions.c.doc_id)).label("documents"),
                sa.func.count().label("mentions"),
                sa.func.count(sa.distinct(cluster)).label("sources"),
            )
            .outerjoin(fp, fp.c.doc_id == t.mentions.c.doc_id)
            .group_by(t.mentions.c.entity_id)
        )
        published = _date_range(t.documents.c.published, since, until)
        if published is not None:
            in_range = sa.select(t.documents.c.id).where(published)
            counted = counted.where(t.mentions.c.doc_id.in_(in_range))
        counts = counted.subquery()
        query = (
            sa.select(
                t.entities.c.id,
                t.entities.c.name,
                t.entities.c.type,
                counts.c.documents,
                counts.c.mentions,
                counts.c.sources,
            )
            .join(counts, counts.c.entity_id == t.entities.c.id)
            .where(t.entities.c.type.in_(list(types)))
            .order_by(
                counts.c.sources.desc(),
                counts.c.documents.desc(),
                counts.c.mentions.desc(),
                t.entities.c.name,
            )
            .limit(limit)
        )
        return [ActorRow(*row) for row in self._all(query)]

    def entities(
        self,
        query: str | None = None,
        type: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[EntityRow]:
        """Entities whose id, name or any alias contains ``query`` (case-insensitive)."""
        mentions = t.entities.c.mention_count  # kept up to date by save, not counted here
        select = sa.select(
            t.entities.c.id,
            t.entities.c.name,
            t.entities.c.type,
            t.entities.c.provisional,
            mentions.label("mentions"),
        ).order_by(mentions.desc(), t.entities.c.name, t.entities.c.id)
        if query:
            named = sa.select(t.entity_names.c.entity_id).where(
                t.entity_names.c.key.contains(query.casefold(), autoescape=True)
            )
            select = select.where(sa.or_(t.entities.c.id == query, t.entities.c.id.in_(named)))
        if type:
            select = select.where(t.entities.c.type == type)
        found = self._all(select.limit(limit).offset(offset))
        aliases = self._aliases([row.id for row in found])
        return [
            EntityRow(
                id=row.id,
                name=row.name,
                type=row.type,
                provisional=row.provisional,
                aliases=tuple(sorted(aliases.get(row.id, set()) - {row.name})),
                mentions=row.mentions,
            )
            for row in found
        ]

    def _aliases(self, entity_ids: Sequence[str]) -> dict[str, set[str]]:
        names: dict[str, set[str]] = {}
        if entity_ids:
            query = sa.select(t.entity_names.c.entity_id, t.entity_names.c.name).where(
                t.entity_names.c.entity_id.in_(list(entity_ids))
            )
            for entity_id, name in self._all(query):
                names.setdefault(entity_id, set()).add(name)
        return names

    def relations(
        self,
        type: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        actor: str | None = None,
        asserted: bool | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[RelationRow]:
        """Relations, newest first; dates are the relation's own date, else the publication date.

        ``actor`` is an entity id, name or alias (case-insensitive) on either side.
        """
        rel = t.relations
        when = rel.c.effective_date
        filters = [
            *([rel.c.type == type] if type else []),
            *([rel.c.asserted == asserted] if asserted is not None else []),
            *_date_conditions(when, since, until),
        ]
        keys: list[sa.ColumnElement[bool]] = [sa.true()]
        if actor:
            ids = self._ids_named(actor)
            if not ids:
                return []
            keys = [side == i for i in ids for side in (rel.c.source_id, rel.c.target_id)]
            if len(ids) > MAX_KEYS:  # one walk per id would make a huge union
                keys = [sa.or_(rel.c.source_id.in_(ids), rel.c.target_id.in_(ids))]
        query = (
            _relation_select()
            .where(rel.c.id.in_(_newest_first(rel, keys, filters, since, until, limit + offset)))
            .order_by(when.desc().nulls_last(), rel.c.doc_id, rel.c.start, rel.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [RelationRow(*row) for row in self._all(query)]

    def _ids_named(self, name: str) -> list[str]:
        return [row[0] for row in self._all(_entity_ids_named(name))]

    def relation_strengths(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 20,
        type: str | None = None,
        asserted: bool | None = None,
        actor_types: Sequence[str] | None = None,
    ) -> list[RelationStrength]:
        """Actor pairs per relation type by independent sources, then documents reporting them.

        ``sources`` counts copy clusters (near-duplicate articles count once), ``documents``
        every article (reports grouped into facts per story: ``relation_facts``).

        Negated and hypothetical relations do not count: they say the relation
        did not or might happen. Symmetric types are grouped regardless of order.
        ``asserted`` keeps only asserted (True) or only claimed (False) relations;
        ``actor_types`` keeps pairs whose both actors have one of these entity types.

        Everything, a calendar year or a calendar month is read from the pre-counted
        ``pair_counts`` (``store/graph_counts.py``); other periods are counted here.
        """
        period = single_period(since, until)
        query = (
            self._counted_strengths(since, until, limit, type, asserted, actor_types)
            if period is None
            else ranked_pairs(period, limit, type, asserted, actor_types)
        )
        return [
            RelationStrength(
                source_id=first_id,
                source_name=first_name,
                type=relation_type,
                target_id=second_id,
                target_name=second_name,
                documents=documents_count,
                relations=relations_count,
                symmetric=relation_type in SYMMETRIC_TYPES,
                sources=sources_count,
            )
            for (
                first_id,
                first_name,
                relation_type,
                second_id,
                second_name,
                documents_count,
                relations_count,
                sources_count,
            ) in self._all(query)
        ]

    def _counted_strengths(
        self,
        since: dt.date | None,
        until: dt.date | None,
        limit: int,
        type: str | None,
        asserted: bool | None,
        actor_types: Sequence[str] | None,
    ) -> sa.Select[Any]:
        """``relation_strengths`` of any period, grouped from the relations themselves."""
        rel = t.relations
        symmetric = rel.c.type.in_(sorted(SYMMETRIC_TYPES))
        swap = sa.and_(symmetric, rel.c.source_id > rel.c.target_id)
        first = sa.case((swap, rel.c.target_id), else_=rel.c.source_id).label("first")
        second = sa.case((swap, rel.c.source_id), else_=rel.c.target_id).label("second")
        when = rel.c.effective_date
        # A document's copy cluster (itself if it copies nothing or has no fingerprint):
        # reports of one agency text in ten outlets are one independent source.
        fp = t.document_fingerprints
        cluster = sa.func.coalesce(fp.c.cluster_id, rel.c.doc_id).label("cluster")
        pairs = (
            sa.select(first, rel.c.type, second, rel.c.doc_id, cluster)
            .outerjoin(fp, fp.c.doc_id == rel.c.doc_id)
            .where(rel.c.negated.is_(False), rel.c.hypothetical.is_(False))
        )
        if type:
            pairs = pairs.where(rel.c.type == type)
        if asserted is not None:
            pairs = pairs.where(rel.c.asserted == asserted)
        pairs_sub = _where(pairs, _date_range(when, since, until)).subquery()
        documents = sa.func.count(sa.distinct(pairs_sub.c.doc_id)).label("documents")
        relations = sa.func.count().label("relations")
        sources = sa.func.count(sa.distinct(pairs_sub.c.cluster)).label("sources")
        grouped = (
            sa.select(
                pairs_sub.c.first,
                pairs_sub.c.type,
                pairs_sub.c.second,
                documents,
                relations,
                sources,
            )
            .group_by(pairs_sub.c.first, pairs_sub.c.type, pairs_sub.c.second)
            .subquery()
        )
        source, target = t.entities.alias("src"), t.entities.alias("tgt")
        query = (
            sa.select(
                grouped.c.first,
                source.c.name,
                grouped.c.type,
                grouped.c.second,
                target.c.name,
                grouped.c.documents,
                grouped.c.relations,
                grouped.c.sources,
            )
            .join(source, source.c.id == grouped.c.first)
            .join(target, target.c.id == grouped.c.second)
            .where(
                sa.true()
                if actor_types is None
                else sa.and_(
                    source.c.type.in_(list(actor_types)), target.c.type.in_(list(actor_types))
                )
            )
            .order_by(*strength_order(grouped, source, target))
            .limit(limit)
        )
        return query

    def _quote_query(self) -> sa.Select[Any]:
        speaker_entity = t.entities.alias("speaker")
        query = (
            sa.select(
                t.quotes.c.id,
                t.quotes.c.doc_id,
                t.documents.c.title,
                t.documents.c.published,
                t.quotes.c.speaker_id,
                sa.func.coalesce(speaker_entity.c.name, t.quotes.c.speaker_name),
                t.quotes.c.text,
                t.quotes.c.kind,
                t.quotes.c.cue,
                t.quotes.c.venue,
                t.quotes.c.date,
                t.quotes.c.start,
                t.quotes.c.end,
                t.quotes.c.confidence,
                t.documents.c.outlet,
                *_quote_fact_counts(),
            )
            .join(t.documents, t.documents.c.id == t.quotes.c.doc_id)
            .outerjoin(speaker_entity, speaker_entity.c.id == t.quotes.c.speaker_id)
            .outerjoin(_OWN_FACT, _OWN_FACT.c.quote_id == t.quotes.c.id)
        )
        return query

    def _quote_keys(self, speaker: str | None) -> list[sa.ColumnElement[bool]]:
        """One condition per way a quote can belong to ``speaker`` (all quotes if None)."""
        if not speaker:
            return [sa.true()]
        unlinked = sa.and_(t.quotes.c.speaker_id.is_(None), t.quotes.c.speaker_name == speaker)
        ids = self._ids_named(speaker)
        if len(ids) > MAX_KEYS:  # one walk per id would make a huge union
            return [t.quotes.c.speaker_id.in_(ids), unlinked]
        return [*(t.quotes.c.speaker_id == i for i in ids), unlinked]

    def quotes(
        self,
        speaker: str | None = None,
        search: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        kind: str | None = None,
        limit: int = 50,
        offset: int = 0,
        outlet: str | None = None,
        facts: bool = False,
        story: str | None = None,
    ) -> list[QuoteRow]:
        """Quotes, newest first. ``speaker``: entity id, or name or alias (case-insensitive).
        ``story``: the quotes of one story's articles (with ``facts``: the facts they report).

        ``search`` finds quotes containing all its words; operators and quote
        marks in it are treated as plain text. With ``facts``, a statement reported by
        several documents is listed once, by its first stored quote (``sources`` and
        ``documents`` of every row count its reports either way).
        """
        when = t.quotes.c.effective_date
        filters = [
            *([t.quotes.c.kind == kind] if kind else []),
            *_date_conditions(when, since, until),
        ]
        if outlet:
            by_outlet = sa.select(t.documents.c.id).where(t.documents.c.outlet == outlet)
            filters.append(t.quotes.c.doc_id.in_(by_outlet))
        if search is not None:
            terms = search_terms(search)
            if not terms:
                return []  # nothing searchable in the input: nothing matches
            filters.append(self._search.condition(terms))
        if facts:
            qf = t.quote_facts
            repeated = sa.select(qf.c.quote_id).where(qf.c.fact_id != qf.c.quote_id)
            filters.append(t.quotes.c.id.not_in(repeated))
        if story:
            filters.append(t.quotes.c.id.in_(_story_quotes(story, facts)))
        keys = self._quote_keys(speaker)
        newest = _newest_first(t.quotes, keys, filters, since, until, limit + offset)
        query = (
            self._quote_query()
            .where(t.quotes.c.id.in_(newest))
            .order_by(when.desc().nulls_last(), t.quotes.c.doc_id, t.quotes.c.start, t.quotes.c.id)
        )
        return [QuoteRow(*row) for row in self._all(query.limit(limit).offset(offset))]

    def speakers(
        self, since: dt.date | None = None, until: dt.date | None = None, limit: int = 20
    ) -> list[SpeakerRow]:
        """Who is quoted most: linked speakers by entity, unlinked ones by the name given."""
        speaker_entity = t.entities.alias("speaker")
        name = sa.func.coalesce(speaker_entity.c.name, t.quotes.c.speaker_name)
        quotes = sa.func.count().label("quotes")
        documents = sa.func.count(sa.distinct(t.quotes.c.doc_id)).label("documents")
        when = t.quotes.c.effective_date
        query = (
            sa.select(t.quotes.c.speaker_id, name, quotes, documents)
            .outerjoin(speaker_entity, speaker_entity.c.id == t.quotes.c.speaker_id)
            .where(name.is_not(None))
            .group_by(t.quotes.c.speaker_id, name)
            .order_by(quotes.desc(), documents.desc(), name)
            .limit(limit)
        )
        query = _where(query, _date_range(when, since, until))
        return [SpeakerRow(*row) for row in self._all(query)]

    def amounts(
        self,
        unit: str | None = None,
        actor: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 50,
        offset: int = 0,
        measure: str | None = None,
    ) -> list[AmountRow]:
        """Figures cited, newest document first; dates are publication dates."""
        amt = t.amounts
        actor_entity, citer = t.entities.alias("actor"), t.entities.alias("citer")
        query = (
            sa.select(
                amt.c.id,
                amt.c.doc_id,
                t.documents.c.title,
                t.documents.c.published,
                amt.c.text,
                amt.c.value,
                amt.c.value_max,
                amt.c.unit,
                amt.c.approximate,
                amt.c.qualifier,
                amt.c.measure,
                amt.c.actor_id,
                sa.func.coalesce(actor_entity.c.name, amt.c.actor_name),
                amt.c.cited_by,
                citer.c.name,
                amt.c.year,
                amt.c.period,
                amt.c.start,
                amt.c.end,
                amt.c.confidence,
            )
            .join(t.documents, t.documents.c.id == amt.c.doc_id)
            .outerjoin(actor_entity, actor_entity.c.id == amt.c.actor_id)
            .outerjoin(citer, citer.c.id == amt.c.cited_by)
            .order_by(
                t.documents.c.published.desc().nulls_last(), amt.c.doc_id, amt.c.start, amt.c.id
            )
            .limit(limit)
            .offset(offset)
        )
        if unit:
            query = query.where(amt.c.unit == unit)
        if measure:
            query = query.where(amt.c.measure == measure)
        if actor:
            query = query.where(amt.c.actor_id.in_(_entity_ids_named(actor)))
        query = _where(query, _date_range(t.documents.c.published, since, until))
        return [AmountRow(*row) for row in self._all(query)]

    def documents(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[DocumentRow]:
        doc = t.documents
        query = (
            sa.select(
                doc.c.id,
                doc.c.title,
                doc.c.outlet,
                doc.c.url,
                doc.c.author,
                doc.c.published,
                doc.c.published_time,
                doc.c.language,
                doc.c.status,
                doc.c.ingested_at,
            )
            .order_by(
                doc.c.published.desc().nulls_last(),
                doc.c.published_time.desc().nulls_last(),
                doc.c.id,
            )
            .limit(limit)
            .offset(offset)
        )
        query = _where(query, _date_range(doc.c.published, since, until))
        return [DocumentRow(*row) for row in self._all(query)]

    def document(self, doc_id: str) -> Document | None:
        """The stored document with its entities and annotations, or None if unknown.

        Tokens and sentences are not stored; run the nlp stage again if needed.
        """
        with self.engine.connect() as conn:
            head = conn.execute(sa.select(t.documents).where(t.documents.c.id == doc_id)).first()
            if head is None:
                return None
            facts = {
                table.name: conn.execute(
                    sa.select(table)
                    .where(table.c.doc_id == doc_id)
                    .order_by(table.c.start, table.c.id)
                ).all()
                for table in (t.mentions, t.time_expressions, t.quotes, t.relations, t.amounts)
            }
        entities = self._entities_by_id(_referenced_entities(facts))
        return Document(
            id=head.id,
            text=head.text,
            title=head.title,
            outlet=head.outlet,
            url=head.url,
            author=head.author,
            published=head.published,
            published_time=head.published_time,
            language=head.language,
            source=head.source,
            mentions=[_mention(r) for r in facts["mentions"]],
            entities=entities,
            quotes=[_quote(r) for r in facts["quotes"]],
            relations=[_relation(r, entities) for r in facts["relations"]],
            amounts=[_amount(r) for r in facts["amounts"]],
            times=[_time(r) for r in facts["time_expressions"]],
        )

    def _entities_by_id(self, entity_ids: set[str]) -> dict[str, Entity]:
        if not entity_ids:
            return {}
        found = self._all(sa.select(t.entities).where(t.entities.c.id.in_(sorted(entity_ids))))
        aliases = self._aliases([row.id for row in found])
        return {
            row.id: Entity(
                id=row.id,
                name=row.name,
                type=row.type,
                aliases=sorted(aliases.get(row.id, set()) - {row.name}),
                provisional=row.provisional,
                confidence=row.confidence,
            )
            for row in sorted(found, key=lambda row: row.id)  # the same order on every backend
        }


# ---------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _SaveExtras:
    """Rows about a document that monitoring computed before the save."""

    near_duplicate: NearDuplicateRow | None
    story: StoryAssignment | None
    quote_facts: dict[str, str]


def _lost_to_another_transaction(exc: sa.exc.DBAPIError) -> bool:
    """A deadlock or serialisation failure (PostgreSQL) or a busy database (SQLite)."""
    if getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    return isinstance(exc, sa.exc.OperationalError) and "database is locked" in str(exc.orig)


def _where(query: _Select, condition: sa.ColumnElement[bool] | None) -> _Select:
    return query if condition is None else query.where(condition)


def _date_range(
    column: sa.ColumnElement[Any], since: dt.date | None, until: dt.date | None
) -> sa.ColumnElement[bool] | None:
    """``since <= column <= until`` (both inclusive); rows without a date never match a range."""
    conditions = _date_conditions(column, since, until)
    return sa.and_(*conditions) if conditions else None


def _date_conditions(
    column: sa.ColumnElement[Any], since: dt.date | None, until: dt.date | None
) -> list[sa.ColumnElement[bool]]:
    return [
        *([column >= since] if since is not None else []),
        *([column <= until] if until is not None else []),
    ]


def _newest_first(
    table: sa.Table,
    keys: Sequence[sa.ColumnElement[bool]],
    filters: Sequence[sa.ColumnElement[bool]],
    since: dt.date | None,
    until: dt.date | None,
    count: int,
) -> sa.CompoundSelect:
    """Ids of the ``count`` newest rows (by ``effective_date``) matching any key and all filters.

    One small query per key and per dated/undated part, each able to walk an index on
    (key column, effective_date) and stop after ``count`` rows, instead of sorting every row
    of a popular actor. The caller sorts the union again and takes its page from it.
    """
    day = table.c.effective_date
    order = (table.c.doc_id, table.c.start, table.c.id)
    branches = []
    for key in keys:
        dated = sa.select(table.c.id).where(key, *filters, day.is_not(None))
        branches.append(dated.order_by(day.desc(), *order).limit(count))
        if since is None and until is None:  # a period never matches rows without a date
            undated = sa.select(table.c.id).where(key, *filters, day.is_(None))
            branches.append(undated.order_by(*order).limit(count))
    parts = [sa.select(branch.subquery().c.id) for branch in branches]
    return sa.union_all(*parts)


def _entity_ids_named(name: str) -> sa.CompoundSelect:
    """Ids of entities whose id is ``name`` or that are known by ``name`` (case-insensitive).

    A single word also matches the last word of a multi-word name, so "Rutte" finds
    Mark Rutte even where the article never wrote the bare last name.
    """
    key = name.casefold()
    known = [t.entity_names.c.key == key]
    if " " not in key:
        known.append(t.entity_names.c.key.endswith(" " + key, autoescape=True))
    return sa.union(
        sa.select(t.entities.c.id).where(t.entities.c.id == name),
        sa.select(t.entity_names.c.entity_id).where(sa.or_(*known)),
    )


def _relation_select() -> sa.Select[Any]:
    """The columns of :class:`RelationRow`: a relation with its document and actors' names."""
    rel = t.relations
    source, target, claimant = (t.entities.alias(n) for n in ("src", "tgt", "claimant"))
    return (
        sa.select(
            rel.c.id,
            rel.c.doc_id,
            t.documents.c.title,
            t.documents.c.published,
            rel.c.source_id,
            source.c.name,
            rel.c.type,
            rel.c.target_id,
            target.c.name,
            rel.c.cue,
            rel.c.asserted,
            rel.c.claimed_by,
            claimant.c.name,
            rel.c.hypothetical,
            rel.c.negated,
            rel.c.date,
            rel.c.start,
            rel.c.end,
            _span_text(rel),
            rel.c.confidence,
        )
        .join(t.documents, t.documents.c.id == rel.c.doc_id)
        .join(source, source.c.id == rel.c.source_id)
        .join(target, target.c.id == rel.c.target_id)
        .outerjoin(claimant, claimant.c.id == rel.c.claimed_by)
    )


_OWN_FACT = t.quote_facts.alias("own_fact")


def _quote_fact_counts() -> list[sa.ColumnElement[int]]:
    """Independent sources and documents of the statement a quote reports (1 and 1 for a
    quote without a fact row: stored before quote facts, or by ``save`` without them)."""
    own, other = _OWN_FACT, t.quote_facts.alias("same_fact")
    fp = t.document_fingerprints
    fact = own.c.fact_id  # the query joins the quote's own fact row
    sources = (
        sa.select(sa.func.count(sa.distinct(sa.func.coalesce(fp.c.cluster_id, other.c.doc_id))))
        .select_from(other)
        .outerjoin(fp, fp.c.doc_id == other.c.doc_id)
        .where(other.c.fact_id == fact)
        .scalar_subquery()
    )
    documents = (
        sa.select(sa.func.count(sa.distinct(other.c.doc_id)))
        .where(other.c.fact_id == fact)
        .scalar_subquery()
    )
    return [
        sa.func.coalesce(sa.func.nullif(sources, 0), 1).label("sources"),
        sa.func.coalesce(sa.func.nullif(documents, 0), 1).label("documents"),
    ]


def _span_text(table: sa.Table) -> sa.ColumnElement[str]:
    """The document text of a row's span, cut in the database so the article is not loaded."""
    return sa.func.substr(t.documents.c.text, table.c.start + 1, table.c.end - table.c.start).label(
        "evidence"
    )


def _status(language: str | None) -> str:
    if language is not None and language not in SUPPORTED_LANGUAGES:
        return t.STATUS_UNSUPPORTED_LANGUAGE
    return t.STATUS_ANALYSED


def _unique(annotations: Iterable[_Annotation]) -> list[_Annotation]:
    return list({a.id: a for a in reversed(list(annotations))}.values())[::-1]


def _evidence_row(item_id: str, evidence: Evidence) -> Row:
    return {
        "id": item_id,
        "doc_id": evidence.doc_id,
        "start": evidence.start,
        "end": evidence.end,
        "stage": evidence.stage,
        "stage_version": evidence.version,
        "confidence": evidence.confidence,
    }


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


class _DocumentRows:
    """A document turned into the rows of every table, checked before any is written."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.document: Row = {
            "id": doc.id,
            "text": doc.text,
            "title": doc.title,
            "outlet": doc.outlet,
            "url": doc.url,
            "author": doc.author,
            "published": doc.published,
            "published_time": doc.published_time,
            "language": doc.language,
            "source": doc.source,
            "status": _status(doc.language),
            "ingested_at": dt.datetime.now(dt.UTC),
        }
        self.entities: list[Row] = []
        self.names: list[Row] = []
        self.mentions: list[Row] = []
        self.times: list[Row] = []
        self.quotes: list[Row] = []
        self.relations: list[Row] = []
        self.amounts: list[Row] = []

    @classmethod
    def build(cls, doc: Document) -> _DocumentRows:
        rows = cls(doc)
        for entity in doc.entities.values():
            rows.add_entity(entity)
        rows.mentions = [
            {
                **rows.evidence(m.id, m.evidence),
                "text": m.text,
                "type": m.type,
                "entity_id": m.entity_id,
                "kind": m.kind,
            }
            for m in _unique(doc.mentions)
        ]
        rows.times = [
            {
                **rows.evidence(x.id, x.evidence),
                "text": x.text,
                "start_date": x.start_date,
                "end_date": x.end_date,
                "granularity": x.granularity,
            }
            for x in _unique(doc.times)
        ]
        counts = rows.mention_counts()
        for row in rows.entities:
            row["mention_count"] = counts.get(row["id"], 0)
        rows.quotes = [rows.quote(q) for q in _unique(doc.quotes)]
        rows.relations = [rows.relation(r) for r in _unique(doc.relations)]
        rows.amounts = [rows.amount(a) for a in _unique(doc.amounts)]
        return rows

    def mention_counts(self) -> dict[str, int]:
        return dict(Counter(row["entity_id"] for row in self.mentions))

    def facts(self) -> list[tuple[sa.Table, list[Row]]]:
        return [
            (t.mentions, self.mentions),
            (t.time_expressions, self.times),
            (t.quotes, self.quotes),
            (t.relations, self.relations),
            (t.amounts, self.amounts),
        ]

    def evidence(self, item_id: str, evidence: Evidence) -> Row:
        if evidence.doc_id != self.doc.id:
            raise StoreError(
                f"document {self.doc.id}: annotation {item_id} points at document {evidence.doc_id}"
            )
        if not 0 <= evidence.start <= evidence.end <= len(self.doc.text):
            raise StoreError(
                f"document {self.doc.id}: annotation {item_id} has span "
                f"{evidence.start}-{evidence.end} outside the text ({len(self.doc.text)} chars)"
            )
        return _evidence_row(item_id, evidence)

    def add_entity(self, entity: Entity) -> None:
        self.entities.append(
            {
                "id": entity.id,
                "name": entity.name,
                "type": entity.type,
                "provisional": entity.provisional,
                "confidence": entity.confidence,
            }
        )
        for name in dict.fromkeys([entity.name, *entity.aliases]):
            if name.strip():
                self.names.append({"entity_id": entity.id, "name": name, "key": name.casefold()})

    def quote(self, quote: Quote) -> Row:
        speaker = quote.speaker_span or (None, None)
        cue = quote.cue_span or (None, None)
        return {
            **self.evidence(quote.id, quote.evidence),
            "text": quote.text,
            "kind": quote.kind,
            "speaker_id": quote.speaker_id,
            "speaker_name": quote.speaker_name,
            "speaker_start": speaker[0],
            "speaker_end": speaker[1],
            "cue": quote.cue,
            "cue_start": cue[0],
            "cue_end": cue[1],
            "venue": quote.venue,
            "date": quote.date,
            "effective_date": quote.date or self.doc.published,
        }

    def relation(self, relation: Relation) -> Row:
        return {
            **self.evidence(relation.id, relation.evidence),
            "source_id": relation.source_id,
            "type": relation.type,
            "target_id": relation.target_id,
            "cue": relation.cue,
            "asserted": relation.asserted,
            "claimed_by": relation.claimed_by,
            "hypothetical": relation.hypothetical,
            "negated": relation.negated,
            "date": relation.date,
            "effective_date": relation.date or self.doc.published,
        }

    def amount(self, amount: Amount) -> Row:
        return {
            **self.evidence(amount.id, amount.evidence),
            "text": amount.text,
            "value": amount.value,
            "value_max": amount.value_max,
            "unit": amount.unit,
            "approximate": amount.approximate,
            "qualifier": amount.qualifier,
            "measure": amount.measure,
            "actor_id": amount.actor_id,
            "actor_name": amount.actor_name,
            "cited_by": amount.cited_by,
            "year": amount.year,
            "period": amount.period,
        }


def _evidence(row: sa.Row[Any]) -> Evidence:
    return Evidence(row.doc_id, row.start, row.end, row.stage, row.stage_version, row.confidence)


def _referenced_entities(facts: dict[str, Sequence[sa.Row[Any]]]) -> set[str]:
    columns = {
        "mentions": ("entity_id",),
        "quotes": ("speaker_id",),
        "relations": ("source_id", "target_id", "claimed_by"),
        "amounts": ("actor_id", "cited_by"),
    }
    return {
        value
        for table, names in columns.items()
        for row in facts[table]
        for name in names
        if (value := getattr(row, name)) is not None
    }


def _mention(row: sa.Row[Any]) -> Mention:
    return Mention(_evidence(row), row.text, row.type, row.entity_id, row.kind)


def _time(row: sa.Row[Any]) -> TimeExpression:
    return TimeExpression(_evidence(row), row.text, row.start_date, row.end_date, row.granularity)


def _quote(row: sa.Row[Any]) -> Quote:
    return Quote(
        evidence=_evidence(row),
        text=row.text,
        kind=row.kind,
        speaker_id=row.speaker_id,
        speaker_name=row.speaker_name,
        speaker_span=_span(row.speaker_start, row.speaker_end),
        cue=row.cue,
        cue_span=_span(row.cue_start, row.cue_end),
        venue=row.venue,
        date=row.date,
    )


def _relation(row: sa.Row[Any], entities: dict[str, Entity]) -> Relation:
    return Relation(
        evidence=_evidence(row),
        source_id=row.source_id,
        type=row.type,
        target_id=row.target_id,
        source_name=entities[row.source_id].name,
        target_name=entities[row.target_id].name,
        cue=row.cue,
        asserted=row.asserted,
        claimed_by=row.claimed_by,
        hypothetical=row.hypothetical,
        negated=row.negated,
        date=row.date,
    )


def _amount(row: sa.Row[Any]) -> Amount:
    return Amount(
        evidence=_evidence(row),
        text=row.text,
        value=row.value,
        unit=row.unit,
        value_max=row.value_max,
        approximate=row.approximate,
        qualifier=row.qualifier,
        measure=row.measure,
        actor_id=row.actor_id,
        actor_name=row.actor_name,
        cited_by=row.cited_by,
        year=row.year,
        period=row.period,
    )


def _story_quotes(story_id: str, facts: bool) -> sa.Select[tuple[str]]:
    """Ids of the quotes in a story's articles; with ``facts`` the first quote of each of
    their facts (which may stand in an article outside the story)."""
    q, qf, sd = t.quotes.alias("story_quote"), t.quote_facts, t.story_documents
    shown = sa.func.coalesce(qf.c.fact_id, q.c.id) if facts else q.c.id
    return (
        sa.select(shown)
        .select_from(q)
        .outerjoin(qf, qf.c.quote_id == q.c.id)
        .where(q.c.doc_id.in_(sa.select(sd.c.doc_id).where(sd.c.story_id == story_id)))
    )
