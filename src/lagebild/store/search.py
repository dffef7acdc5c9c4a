"""Full-text search over quote text, one implementation per database dialect.

The repository asks :func:`quote_search_for` for the dialect's search and uses
only its two methods: SQLite FTS5, PostgreSQL's text search (German stemming,
GIN index), and case-insensitive LIKE for anything else. User input is never passed
to the database as query syntax: it is split into word terms, and each term is
bound as a parameter (LIKE) or quoted as an FTS5 string, so operators such as
``NEAR(``, ``*``, ``OR`` or stray ``"`` are searched as plain words or ignored.
"""

from __future__ import annotations

import re
from typing import Protocol

import sqlalchemy as sa

from lagebild.store.schema import PG_TEXT_SEARCH_CONFIG, QUOTES_FTS, quotes, quotes_fts

_WORD = re.compile(r"\w+")


def search_terms(text: str) -> list[str]:
    """The word terms of a user's search text, in order, without duplicates."""
    return list(dict.fromkeys(_WORD.findall(text)))


class QuoteSearch(Protocol):
    def condition(self, terms: list[str]) -> sa.ColumnElement[bool]:
        """A WHERE condition on ``quotes`` true for quotes containing every term."""
        ...

    def index(self, connection: sa.Connection, rows: list[dict[str, object]]) -> None:
        """Add newly inserted quote rows (dicts with ``id`` and ``text``) to the index."""
        ...


class SqliteFtsSearch:
    """SQLite FTS5: every term as a quoted string, all terms required."""

    def condition(self, terms: list[str]) -> sa.ColumnElement[bool]:
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        matching_ids = sa.select(quotes_fts.c.quote_id).where(
            sa.text(f"{QUOTES_FTS} MATCH :fts_query").bindparams(fts_query=match)
        )
        return quotes.c.id.in_(matching_ids)

    def index(self, connection: sa.Connection, rows: list[dict[str, object]]) -> None:
        if rows:
            connection.execute(
                sa.insert(quotes_fts),
                [{"quote_id": row["id"], "text": row["text"]} for row in rows],
            )


class LikeSearch:
    """Portable fallback for databases without a full-text index: case-insensitive LIKE."""

    def condition(self, terms: list[str]) -> sa.ColumnElement[bool]:
        return sa.and_(*(quotes.c.text.icontains(term, autoescape=True) for term in terms))

    def index(self, connection: sa.Connection, rows: list[dict[str, object]]) -> None:
        return None  # LIKE scans the quotes table itself


class PostgresTextSearch:
    """PostgreSQL text search with German stemming over an expression GIN index.

    The configuration (:data:`~lagebild.store.schema.PG_TEXT_SEARCH_CONFIG`, made by the
    migration) is PostgreSQL's ``german`` one with its stop-word list left out, so every
    word can be searched ("und" as well), as on SQLite. The words are joined into one
    bound parameter for ``plainto_tsquery``, which reads no operators at all: every word
    is required, and nothing the user types is query syntax.
    """

    def condition(self, terms: list[str]) -> sa.ColumnElement[bool]:
        words = sa.bindparam("fts_words", " ".join(terms), type_=sa.Text)
        query = sa.func.plainto_tsquery(_pg_config(), words)
        return quote_text_vector().bool_op("@@")(query)

    def index(self, connection: sa.Connection, rows: list[dict[str, object]]) -> None:
        return None  # the expression index is kept up to date by PostgreSQL


def quote_text_vector() -> sa.ColumnElement[object]:
    """``to_tsvector(config, quotes.text)``, exactly the expression of the GIN index."""
    return sa.func.to_tsvector(_pg_config(), quotes.c.text)


def _pg_config() -> sa.ColumnElement[object]:
    return sa.literal_column(f"'{PG_TEXT_SEARCH_CONFIG}'::regconfig")


def quote_search_for(dialect_name: str) -> QuoteSearch:
    if dialect_name == "sqlite":
        return SqliteFtsSearch()
    if dialect_name == "postgresql":
        return PostgresTextSearch()
    return LikeSearch()
