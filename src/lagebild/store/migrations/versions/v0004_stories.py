"""Stories (articles about one event) and quote facts (one quote, many reports).

Revision ID: 0004_stories
Revises: 0003_watch
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_stories"
down_revision = "0003_watch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_documents",
        sa.Column(
            "doc_id",
            sa.String(80),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("story_id", sa.String(80), nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("embedding", sa.LargeBinary, nullable=False),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("joined_by", sa.String(12), nullable=False),
        sa.Column("score", sa.Float),
    )
    op.create_index("ix_story_documents_story", "story_documents", ["story_id"])
    op.create_index("ix_story_documents_published", "story_documents", ["published"])
    op.create_table(
        "quote_facts",
        sa.Column("quote_id", sa.String(80), primary_key=True),
        sa.Column(
            "doc_id",
            sa.String(80),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("fact_id", sa.String(80), nullable=False),
    )
    op.create_index("ix_quote_facts_fact", "quote_facts", ["fact_id"])


def downgrade() -> None:
    op.drop_table("quote_facts")
    op.drop_table("story_documents")
