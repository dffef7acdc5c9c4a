"""Feed watching (feeds polled, item URLs seen), near-duplicate fingerprints, alerts fired.

Revision ID: 0003_watch
Revises: 0002_pg_indexes
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_watch"
down_revision = "0002_pg_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("name", sa.String(300)),
        sa.Column("interval_seconds", sa.Integer, nullable=False),
        sa.Column("added_at", sa.Float, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_polled_at", sa.Float),
        sa.Column("next_poll_at", sa.Float),
        sa.Column("last_status", sa.Integer),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "feed_items",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("feed_url", sa.String(2000), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("doc_id", sa.String(80)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("first_seen_at", sa.Float, nullable=False),
        sa.Column("last_attempt_at", sa.Float, nullable=False),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_feed_items_feed", "feed_items", ["feed_url"])
    op.create_table(
        "document_fingerprints",
        sa.Column(
            "doc_id",
            sa.String(80),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("cluster_id", sa.String(80), nullable=False),
        sa.Column("duplicate_of", sa.String(80)),
        sa.Column("similarity", sa.Float),
    )
    op.create_index("ix_document_fingerprints_cluster", "document_fingerprints", ["cluster_id"])
    op.create_table(
        "fingerprint_bands",
        sa.Column("key", sa.String(24), nullable=False),
        sa.Column(
            "doc_id",
            sa.String(80),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", "doc_id"),
    )

    op.create_table(
        "alerts",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("rule", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("doc_id", sa.String(80)),
        sa.Column("fired_at", sa.Float, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_index("ix_alerts_fired_at", "alerts", ["fired_at"])


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_table("fingerprint_bands")
    op.drop_table("document_fingerprints")
    op.drop_table("feed_items")
    op.drop_table("feeds")
