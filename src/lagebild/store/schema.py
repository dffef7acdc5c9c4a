"""The database schema as SQLAlchemy Core tables.

Portable types only, so the same tables work on SQLite and PostgreSQL. Every
fact table repeats the evidence columns (``doc_id``, ``start``, ``end``, stage
name and version, confidence) so a row can always be traced back to its span.
The SQLite full-text index over quote text is not part of :data:`metadata`: it
is a virtual table created by the migration and filled by the repository.
"""

from __future__ import annotations

import sqlalchemy as sa

#: Document status: analysed by the pipeline, or stored only (language not supported).
STATUS_ANALYSED = "analysed"
STATUS_UNSUPPORTED_LANGUAGE = "unsupported_language"

metadata = sa.MetaData()

_ID = sa.String(80)
_ENTITY_ID = sa.String(200)


def _entity_fk(name: str, nullable: bool = True) -> sa.Column[str]:
    return sa.Column(name, _ENTITY_ID, sa.ForeignKey("entities.id"), nullable=nullable)


def _evidence_columns() -> list[sa.Column[object]]:
    """Columns shared by every fact table: id, document, span, stage, confidence."""
    return [
        sa.Column("id", _ID, primary_key=True),
        sa.Column("doc_id", _ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("stage_version", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
    ]


def _span_check() -> sa.CheckConstraint:
    return sa.CheckConstraint('start >= 0 AND "end" >= start', name="span")


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.String(200)),
    sa.Column("url", sa.Text),
    sa.Column("author", sa.String(300)),
    sa.Column("published", sa.Date),
    sa.Column("published_time", sa.String(8)),
    sa.Column("language", sa.String(8)),
    sa.Column("source", sa.Text),
    sa.Column("status", sa.String(24), nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_documents_published", "published"),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", _ENTITY_ID, primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("provisional", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    # mentions stored for the entity, counted up by each save (migration 0002)
    sa.Column("mention_count", sa.Integer, nullable=False, server_default="0"),
    sa.Index("ix_entities_type", "type"),
)

#: Every name an entity is known by (canonical name and surface forms);
#: ``key`` is the case-folded name, because SQLite's lower() only folds ASCII.
entity_names = sa.Table(
    "entity_names",
    metadata,
    _entity_fk("entity_id", nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("key", sa.String(300), nullable=False),
    sa.PrimaryKeyConstraint("entity_id", "name"),
    sa.Index("ix_entity_names_key", "key"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    *_evidence_columns(),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("type", sa.String(8), nullable=False),
    _entity_fk("entity_id", nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    _span_check(),
    sa.Index("ix_mentions_entity_doc", "entity_id", "doc_id"),
    sa.Index("ix_mentions_doc", "doc_id"),
)

time_expressions = sa.Table(
    "time_expressions",
    metadata,
    *_evidence_columns(),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Column("granularity", sa.String(12), nullable=False),
    _span_check(),
    sa.Index("ix_time_expressions_doc", "doc_id"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    *_evidence_columns(),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    _entity_fk("speaker_id"),
    sa.Column("speaker_name", sa.String(300)),
    sa.Column("speaker_start", sa.Integer),
    sa.Column("speaker_end", sa.Integer),
    sa.Column("cue", sa.String(100)),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("venue", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("effective_date", sa.Date),  # own date, else publication date (see below)
    _span_check(),
    sa.Index("ix_quotes_speaker", "speaker_id"),
    sa.Index("ix_quotes_doc", "doc_id"),
    # migration 0002: newest-first lists per speaker, per unlinked speaker name, overall
    sa.Index("ix_quotes_speaker_date", "speaker_id", "effective_date"),
    sa.Index("ix_quotes_speaker_name_date", "speaker_name", "effective_date"),
    sa.Index("ix_quotes_date", "effective_date"),
)

relations = sa.Table(
    "relations",
    metadata,
    *_evidence_columns(),
    _entity_fk("source_id", nullable=False),
    sa.Column("type", sa.String(12), nullable=False),
    _entity_fk("target_id", nullable=False),
    sa.Column("cue", sa.String(100)),
    sa.Column("asserted", sa.Boolean, nullable=False),
    _entity_fk("claimed_by"),
    sa.Column("hypothetical", sa.Boolean, nullable=False),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("effective_date", sa.Date),
    _span_check(),
    sa.Index("ix_relations_type_source_target", "type", "source_id", "target_id"),
    sa.Index("ix_relations_source", "source_id"),
    sa.Index("ix_relations_target", "target_id"),
    sa.Index("ix_relations_doc", "doc_id"),
    # migration 0002: newest-first lists per actor and per type, and periods of the graph
    sa.Index("ix_relations_source_date", "source_id", "effective_date"),
    sa.Index("ix_relations_target_date", "target_id", "effective_date"),
    sa.Index("ix_relations_type_date", "type", "effective_date"),
    sa.Index(
        "ix_relations_date_pair",
        "effective_date",
        "type",
        "source_id",
        "target_id",
        "doc_id",
        "negated",
        "hypothetical",
    ),
)

amounts = sa.Table(
    "amounts",
    metadata,
    *_evidence_columns(),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("value_max", sa.Float),
    sa.Column("unit", sa.String(40), nullable=False),
    sa.Column("approximate", sa.Boolean, nullable=False),
    sa.Column("qualifier", sa.String(20)),
    sa.Column("measure", sa.Text),
    _entity_fk("actor_id"),
    sa.Column("actor_name", sa.String(300)),
    _entity_fk("cited_by"),
    sa.Column("year", sa.Integer),
    sa.Column("period", sa.String(40)),
    _span_check(),
    sa.Index("ix_amounts_unit", "unit"),
    sa.Index("ix_amounts_actor", "actor_id"),
    sa.Index("ix_amounts_doc", "doc_id"),
)

#: ``effective_date`` of quotes and relations: their own date if the extractor resolved
#: one, else the document's publication date (None if neither is known). Copied into the
#: row when it is stored, because every list of them is filtered and sorted by it.

#: SQLite FTS5 index over quote text (created by the migration on SQLite only).
QUOTES_FTS = "quotes_fts"
quotes_fts = sa.table(QUOTES_FTS, sa.column("quote_id"), sa.column("text"))

#: PostgreSQL text search configuration for quotes (made by migration 0002): ``german``
#: stemming without stop words. The GIN index ``quotes_fts_gin`` indexes
#: ``to_tsvector(PG_TEXT_SEARCH_CONFIG, quotes.text)``; neither is part of :data:`metadata`.
PG_TEXT_SEARCH_CONFIG = "lagebild_german"
QUOTES_FTS_GIN_INDEX = QUOTES_FTS + "_gin"

# ---------------------------------------------------------------- feed watching (v0003_watch)
# Times here are seconds since the epoch (UTC) as floats: the watcher's clock is injectable
# and a float survives SQLite and PostgreSQL alike without time-zone surprises.

#: Feeds ``lagebild watch`` polls, with what the last answer said for the next conditional GET.
feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("url", sa.String(2000), primary_key=True),
    sa.Column("name", sa.String(300)),
    sa.Column("interval_seconds", sa.Integer, nullable=False),
    sa.Column("added_at", sa.Float, nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("last_polled_at", sa.Float),
    sa.Column("next_poll_at", sa.Float),
    sa.Column("last_status", sa.Integer),
    sa.Column("failures", sa.Integer, nullable=False),  # consecutive failed polls
    sa.Column("last_error", sa.Text),
)

#: Every item URL a feed has offered, so nothing is fetched twice. Not tied to the feed row:
#: an item stays seen after its feed is removed, and two feeds carrying it fetch it once.
feed_items = sa.Table(
    "feed_items",
    metadata,
    sa.Column("url", sa.String(2000), primary_key=True),
    sa.Column("feed_url", sa.String(2000), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),  # see store.feeds.ITEM_STATUSES
    sa.Column("doc_id", _ID),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("first_seen_at", sa.Float, nullable=False),
    sa.Column("last_attempt_at", sa.Float, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Index("ix_feed_items_feed", "feed_url"),
)

# ---------------------------------------------------------------- near duplicates (v0003_watch)

#: A document's MinHash signature and the copy cluster it belongs to. ``cluster_id`` is the
#: id of the cluster's first document (a document that copies nothing is its own cluster);
#: ``duplicate_of`` is the most similar earlier document, ``similarity`` the estimated Jaccard.
document_fingerprints = sa.Table(
    "document_fingerprints",
    metadata,
    sa.Column("doc_id", _ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
    sa.Column("shingles", sa.Integer, nullable=False),  # distinct word 3-grams
    sa.Column("cluster_id", _ID, nullable=False),
    sa.Column("duplicate_of", _ID),
    sa.Column("similarity", sa.Float),
    sa.Index("ix_document_fingerprints_cluster", "cluster_id"),
)

#: LSH band keys of each signature: documents sharing a key are candidate copies.
fingerprint_bands = sa.Table(
    "fingerprint_bands",
    metadata,
    sa.Column("key", sa.String(24), nullable=False),
    sa.Column("doc_id", _ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.PrimaryKeyConstraint("key", "doc_id"),
)

# ---------------------------------------------------------------- alerts (v0003_watch)

#: Alerts fired, one row per rule and occasion (``id`` hashes both), so nothing fires twice,
#: not even after a restart. ``payload`` is the JSON sent to webhooks.
alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("rule", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("doc_id", _ID),
    sa.Column("fired_at", sa.Float, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Index("ix_alerts_fired_at", "fired_at"),
)

# ---------------------------------------------------------------- stories (v0004_stories)

#: The story (articles about one event) each document belongs to. ``story_id`` is the id of
#: the story's first document; ``embedding`` the document's headline-and-lead vector
#: (float16), ``actors`` its canonical entity ids (JSON list), ``published`` a copy of the
#: publication date for the time-window lookup. ``joined_by``: ``new`` (it opened the
#: story), ``similar`` (score above the threshold, ``score``) or ``copy`` (a near-copy of a
#: member).
story_documents = sa.Table(
    "story_documents",
    metadata,
    sa.Column("doc_id", _ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("story_id", _ID, nullable=False),
    sa.Column("published", sa.Date),
    sa.Column("embedding", sa.LargeBinary, nullable=False),
    sa.Column("actors", sa.Text, nullable=False),
    sa.Column("joined_by", sa.String(12), nullable=False),
    sa.Column("score", sa.Float),
    sa.Index("ix_story_documents_story", "story_id"),
    sa.Index("ix_story_documents_published", "published"),
)

#: Quotes that report one statement: the same speaker and (nearly) the same words in several
#: documents. ``fact_id`` is the id of the fact's first stored quote.
quote_facts = sa.Table(
    "quote_facts",
    metadata,
    sa.Column("quote_id", _ID, primary_key=True),
    sa.Column("doc_id", _ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("fact_id", _ID, nullable=False),
    sa.Index("ix_quote_facts_fact", "fact_id"),
)

# ------------------------------------------------ graph counts (v0005_graph_aggregates)
# Pre-counted rows for the actor network of a period (``store/graph_counts.py``), kept by
# ``save`` in the document's transaction and rebuilt by ``bulk.refresh_statistics``.
# ``period`` is "*" (everything, undated rows too), "YYYY", "YYYY-MM" or (entities only)
# "YYYY-MM-DD". ``assertion`` is "any", "asserted" or "claimed". Negated and hypothetical
# relations are not counted, as in ``relation_strengths``; symmetric types are stored with
# the smaller id first.

#: Per period, assertion and (first, type, second): documents, relations and copy clusters.
pair_counts = sa.Table(
    "pair_counts",
    metadata,
    sa.Column("period", sa.String(10), nullable=False),
    sa.Column("assertion", sa.String(8), nullable=False),
    sa.Column("type", sa.String(12), nullable=False),
    sa.Column("first_id", _ENTITY_ID, nullable=False),
    sa.Column("second_id", _ENTITY_ID, nullable=False),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("relations", sa.Integer, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False),  # distinct clusters in pair_clusters
    sa.PrimaryKeyConstraint("period", "assertion", "type", "first_id", "second_id"),
    # the strongest pairs of a period, read in the order of relation_strengths; with the
    # pair's columns, so PostgreSQL walks the index alone
    sa.Index(
        "ix_pair_counts_rank",
        "period",
        "assertion",
        "sources",
        "documents",
        "relations",
        "type",
        "first_id",
        "second_id",
    ),
)

#: The copy clusters behind ``pair_counts.sources``: documents of each cluster per key, so a
#: second copy of an agency text adds a document but no source.
pair_clusters = sa.Table(
    "pair_clusters",
    metadata,
    sa.Column("period", sa.String(10), nullable=False),
    sa.Column("assertion", sa.String(8), nullable=False),
    sa.Column("type", sa.String(12), nullable=False),
    sa.Column("first_id", _ENTITY_ID, nullable=False),
    sa.Column("second_id", _ENTITY_ID, nullable=False),
    sa.Column("cluster_id", _ID, nullable=False),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("relations", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("period", "assertion", "type", "first_id", "second_id", "cluster_id"),
)

#: Per entity and period (by publication date): documents mentioning it and its mentions.
entity_counts = sa.Table(
    "entity_counts",
    metadata,
    sa.Column("entity_id", _ENTITY_ID, nullable=False),
    sa.Column("period", sa.String(10), nullable=False),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("period", "entity_id"),
)
