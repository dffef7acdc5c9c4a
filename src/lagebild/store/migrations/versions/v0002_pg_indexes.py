"""PostgreSQL full-text search over quotes, and the indexes the API's queries need.

On PostgreSQL: a text search configuration ``lagebild_german`` (the ``german`` snowball
stemmer without its stop-word list, so every word stays searchable) and a GIN index on
``to_tsvector('lagebild_german', quotes.text)``. On both databases: indexes for the
actor page, the graph of a period, and relations by type and period (see docs/store.md).

Revision ID: 0002_pg_indexes
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

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


def upgrade() -> None:
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
