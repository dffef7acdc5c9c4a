"""Near-duplicate fingerprints in the database: signatures, copy clusters and LSH bands.

Used through ``Store.fingerprints`` (lookup) and ``Store.save(doc, near_duplicate=…)``
(written in the document's own transaction). The matching itself is in
:mod:`lagebild.monitor.near_duplicates`; this module only stores and finds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from lagebild.store import schema as t
from lagebild.store.graph_counts import move_to_cluster


@dataclass(frozen=True)
class NearDuplicateRow:
    """What to store with a new document about its fingerprint and copy cluster."""

    signature: bytes
    shingles: int
    band_keys: tuple[str, ...]
    cluster_id: str  # the document's own id if it copies nothing
    duplicate_of: str | None = None
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    doc_id: str
    cluster_id: str
    signature: bytes
    shingles: int


@dataclass(frozen=True, slots=True)
class ClusterMembership:
    doc_id: str
    cluster_id: str
    duplicate_of: str | None
    similarity: float | None


def write_near_duplicate(conn: sa.Connection, doc_id: str, row: NearDuplicateRow) -> None:
    """Insert a document's fingerprint rows on the save transaction's connection."""
    conn.execute(
        sa.insert(t.document_fingerprints).values(
            doc_id=doc_id,
            signature=row.signature,
            shingles=row.shingles,
            cluster_id=row.cluster_id,
            duplicate_of=row.duplicate_of,
            similarity=row.similarity,
        )
    )
    if row.band_keys:
        conn.execute(
            sa.insert(t.fingerprint_bands),
            [{"key": key, "doc_id": doc_id} for key in dict.fromkeys(row.band_keys)],
        )


class FingerprintRepository:
    """Reads of the fingerprint tables (``Store.fingerprints``)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def candidates(self, band_keys: Sequence[str], min_shared: int = 1) -> list[Candidate]:
        """Stored documents sharing ``min_shared`` or more band keys, with their signature."""
        if not band_keys:
            return []
        fp = t.document_fingerprints
        bands = t.fingerprint_bands
        sharing = (
            sa.select(bands.c.doc_id)
            .where(bands.c.key.in_(list(band_keys)))
            .group_by(bands.c.doc_id)
            .having(sa.func.count() >= min_shared)
        )
        query = sa.select(fp.c.doc_id, fp.c.cluster_id, fp.c.signature, fp.c.shingles).where(
            fp.c.doc_id.in_(sharing)
        )
        with self.engine.connect() as conn:
            return [Candidate(*row) for row in conn.execute(query)]

    def missing(self) -> list[str]:
        """Ids of stored documents without a fingerprint, in the order they were stored."""
        fp = t.document_fingerprints
        query = (
            sa.select(t.documents.c.id)
            .outerjoin(fp, fp.c.doc_id == t.documents.c.id)
            .where(fp.c.doc_id.is_(None))
            .order_by(t.documents.c.ingested_at, t.documents.c.id)
        )
        with self.engine.connect() as conn:
            return [doc_id for (doc_id,) in conn.execute(query)]

    def add(self, doc_id: str, row: NearDuplicateRow) -> None:
        """Fingerprint a document stored without one (its own transaction); its relations
        are counted under its copy cluster from now on (it was its own cluster until now)."""
        with self.engine.begin() as conn:
            write_near_duplicate(conn, doc_id, row)
            move_to_cluster(conn, doc_id, doc_id, row.cluster_id)

    def texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The stored text of each document id that exists."""
        if not doc_ids:
            return {}
        query = sa.select(t.documents.c.id, t.documents.c.text).where(
            t.documents.c.id.in_(list(doc_ids))
        )
        with self.engine.connect() as conn:
            return {doc_id: text for doc_id, text in conn.execute(query)}

    def membership(self, doc_id: str) -> ClusterMembership | None:
        fp = t.document_fingerprints
        query = sa.select(fp.c.doc_id, fp.c.cluster_id, fp.c.duplicate_of, fp.c.similarity).where(
            fp.c.doc_id == doc_id
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else ClusterMembership(*row)

    def memberships(self) -> list[ClusterMembership]:
        """Every fingerprinted document with its cluster, by document id."""
        fp = t.document_fingerprints
        query = sa.select(
            fp.c.doc_id, fp.c.cluster_id, fp.c.duplicate_of, fp.c.similarity
        ).order_by(fp.c.doc_id)
        with self.engine.connect() as conn:
            return [ClusterMembership(*row) for row in conn.execute(query)]
