"""Initial schema: documents, entities and their names, and the fact tables.

Revision ID: 0001
Revises:
Create Date: 2025-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.String(80)
_ENTITY_ID = sa.String(200)
_FACT_TABLES = ("mentions", "time_expressions", "quotes", "relations", "amounts")


def _evidence_columns() -> list[SchemaItem]:
    return [
        sa.Column("id", _ID, primary_key=True),
        sa.Column("doc_id", _ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("stage_version", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.CheckConstraint('start >= 0 AND "end" >= start', name="span"),
    ]


def _entity_fk(name: str, nullable: bool = True) -> sa.Column[str]:
    return sa.Column(name, _ENTITY_ID, sa.ForeignKey("entities.id"), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "documents",
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
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "entities",
        sa.Column("id", _ENTITY_ID, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("provisional", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_index("ix_entities_type", "entities", ["type"])
    op.create_table(
        "entity_names",
        _entity_fk("entity_id", nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("entity_id", "name"),
    )
    op.create_index("ix_entity_names_key", "entity_names", ["key"])
    op.create_table(
        "mentions",
        *_evidence_columns(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        _entity_fk("entity_id", nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
    )
    op.create_index("ix_mentions_entity_doc", "mentions", ["entity_id", "doc_id"])
    op.create_table(
        "time_expressions",
        *_evidence_columns(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("granularity", sa.String(12), nullable=False),
    )
    op.create_table(
        "quotes",
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
    )
    op.create_index("ix_quotes_speaker", "quotes", ["speaker_id"])
    op.create_table(
        "relations",
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
    )
    op.create_index(
        "ix_relations_type_source_target", "relations", ["type", "source_id", "target_id"]
    )
    op.create_index("ix_relations_source", "relations", ["source_id"])
    op.create_index("ix_relations_target", "relations", ["target_id"])
    op.create_table(
        "amounts",
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
    )
    op.create_index("ix_amounts_unit", "amounts", ["unit"])
    op.create_index("ix_amounts_actor", "amounts", ["actor_id"])
    for table in _FACT_TABLES:
        op.create_index(f"ix_{table}_doc", table, ["doc_id"])
    if op.get_bind().dialect.name == "sqlite":
        # unicode61 with diacritics folded: "Selenskyj" finds "Selenskyj", "uber" finds "über".
        op.execute(
            "CREATE VIRTUAL TABLE quotes_fts USING fts5("
            "quote_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE quotes_fts")
    for table in ("amounts", "relations", "quotes", "time_expressions", "mentions"):
        op.drop_table(table)
    op.drop_table("entity_names")
    op.drop_table("entities")
    op.drop_table("documents")
