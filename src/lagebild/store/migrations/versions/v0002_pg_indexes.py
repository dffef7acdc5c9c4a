"""PostgreSQL full-text search over quotes, and the columns and indexes the API's queries need.

On PostgreSQL: a text search configuration ``lagebild_german`` (the ``german`` snowball
stemmer without its stop-word list, so every word stays searchable) and a GIN index on
``to_tsvector('lagebild_german', quotes.text)``. On both databases: ``entities.mention_count``
(counted for existing rows), ``effective_date`` on
quotes and relations (own date, else publication date; filled for existing rows), and
indexes for the actor page, the graph of a period, quotes by speaker and relations by type
and period, all newest first (see docs/store.md).

Revision ID: 0002_pg_indexes
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_pg_indexes"
down_revision = "0001"
branch_labels = None
depends_on = None

_CONFIG = "lagebild_german"
_DICTIONARY = "lagebild_german_stem"
# every token type the german configuration maps to its stemmer
_WORD_TYPES = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart"
)


_INDEXES = {
    "quotes": {
        "ix_quotes_speaker_date": ["speaker_id", "effective_date"],
        "ix_quotes_speaker_name_date": ["speaker_name", "effective_date"],
        "ix_quotes_date": ["effective_date"],
    },
    "relations": {
        "ix_relations_source_date": ["source_id", "effective_date"],
        "ix_relations_target_date": ["target_id", "effective_date"],
        "ix_relations_type_date": ["type", "effective_date"],
        "ix_relations_date_pair": [
            "effective_date",
            "type",
            "source_id",
            "target_id",
            "doc_id",
            "negated",
            "hypothetical",
        ],
    },
}


def upgrade() -> None:
    op.add_column(
        "entities", sa.Column("mention_count", sa.Integer, nullable=False, server_default="0")
    )
    op.execute(
        "UPDATE entities SET mention_count = "
        "(SELECT count(*) FROM mentions WHERE mentions.entity_id = entities.id)"
    )
    for table, indexes in _INDEXES.items():
        op.add_column(table, sa.Column("effective_date", sa.Date))
        op.execute(
            f"UPDATE {table} SET effective_date = coalesce(date, "
            f"(SELECT published FROM documents WHERE documents.id = {table}.doc_id))"
        )
        for name, columns in indexes.items():
            op.create_index(name, table, columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TEXT SEARCH DICTIONARY {_DICTIONARY} (TEMPLATE = snowball, LANGUAGE = german)"
        )
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION {_CONFIG} (COPY = german)")
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {_CONFIG} "
            f"ALTER MAPPING FOR {_WORD_TYPES} WITH {_DICTIONARY}"
        )
        op.execute(
            "CREATE INDEX quotes_fts_gin ON quotes "
            f"USING gin (to_tsvector('{_CONFIG}'::regconfig, text))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX quotes_fts_gin")
        op.execute(f"DROP TEXT SEARCH CONFIGURATION {_CONFIG}")
        op.execute(f"DROP TEXT SEARCH DICTIONARY {_DICTIONARY}")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("mention_count")
    for table, indexes in _INDEXES.items():
        for name in indexes:
            op.drop_index(name, table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("effective_date")
