"""Quotes are not dated after their article was published.

Earlier versions dated a quotation by the time expression nearest to it, which could be
one inside the quoted words ("bis 2035 müssten ...") and so lie years ahead; such quotes
sorted first everywhere. Extraction now dates a statement by its cue and never after
publication (``lagebild.extract.dates.statement_date``). The quotes stored before are
given their article's publication date, the date the new rule falls back to.

Revision ID: 0006_statement_dates
Revises: 0005_graph_aggregates
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_statement_dates"
down_revision = "0005_graph_aggregates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    quotes = sa.table("quotes", sa.column("doc_id"), sa.column("date"),
                      sa.column("effective_date"))  # fmt: skip
    documents = sa.table("documents", sa.column("id"), sa.column("published"))
    published = (
        sa.select(documents.c.published).where(documents.c.id == quotes.c.doc_id).scalar_subquery()
    )
    op.execute(
        quotes.update()
        .where(quotes.c.date > published)
        .values(date=published, effective_date=published)
    )


def downgrade() -> None:
    """Nothing to undo: the dates replaced were wrong, and the schema is unchanged."""
