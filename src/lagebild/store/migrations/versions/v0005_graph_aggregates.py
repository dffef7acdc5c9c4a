"""Pre-counted graph rows: pair_counts, pair_clusters and entity_counts, filled from the facts.

The actor network of a period (``relation_strengths``, ``actor_stats``) reads these instead
of grouping every relation and mention of the period; see ``store/graph_counts.py``.
Existing rows are counted here (``graph_counts.rebuild``), new ones by ``Store.save``.

Revision ID: 0005_graph_aggregates
Revises: 0004_stories
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_graph_aggregates"
down_revision = "0004_stories"
branch_labels = None
depends_on = None

_ENTITY_ID = sa.String(200)


def _pair_key() -> list[sa.Column[object]]:
    return [
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("assertion", sa.String(8), nullable=False),
        sa.Column("type", sa.String(12), nullable=False),
        sa.Column("first_id", _ENTITY_ID, nullable=False),
        sa.Column("second_id", _ENTITY_ID, nullable=False),
    ]


def upgrade() -> None:
    from lagebild.store.graph_counts import rebuild

    key = ["period", "assertion", "type", "first_id", "second_id"]
    op.create_table(
        "pair_counts",
        *_pair_key(),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("relations", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint(*key),
    )
    op.create_index(
        "ix_pair_counts_rank",
        "pair_counts",
        ["period", "assertion", "sources", "documents", "relations", *key[2:]],
    )
    op.create_table(
        "pair_clusters",
        *_pair_key(),
        sa.Column("cluster_id", sa.String(80), nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("relations", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint(*key, "cluster_id"),
    )
    op.create_table(
        "entity_counts",
        sa.Column("entity_id", _ENTITY_ID, nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("period", "entity_id"),
    )
    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("entity_counts")
    op.drop_table("pair_clusters")
    op.drop_index("ix_pair_counts_rank", "pair_counts")
    op.drop_table("pair_counts")
