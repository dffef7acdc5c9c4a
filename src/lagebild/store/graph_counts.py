"""Pre-counted rows for the actor network, so the graph of a period reads a small table.

Three tables (``schema.py``, migration 0004):

- ``pair_counts``: per period, assertion and pair (first, type, second) the documents,
  relations and independent sources (copy clusters) that ``relation_strengths`` reports,
  with an index in its ranking order, so the strongest pairs of a period are an index walk.
- ``pair_clusters``: the documents and relations of each copy cluster per key; a cluster's
  first row for a key adds one source, later copies add documents only.
- ``entity_counts``: per entity and period (by publication date) documents and mentions.

Periods are "*" (everything, undated rows too), "YYYY" and "YYYY-MM"; entities also have
"YYYY-MM-DD". Counts of distinct documents and clusters cannot be added up across periods
(an agency text copied on two days is one source, not two), so ``pair_counts`` answers
exactly one period at a time: everything, a calendar year or a calendar month
(:func:`single_period`); other periods are counted from the relations by the caller.
Entity counts are per document, and a document has one publication date, so any period is
the exact sum of the days, months and years that tile it (:func:`tiling_periods`).

``save`` calls :func:`count_document` in the document's transaction: every count is an
upsert adding to the stored value (``count = count + n``), in key order, so concurrent
writers neither lose counts nor deadlock, and a document stored already (``save`` returns
False) adds nothing. A cluster's first document for a key is recognised by the upsert's
returned document count being this document's own 1, which also holds when two copies of
one cluster are saved at once (the second waits for the first's row). Giving a stored
document a fingerprint later moves its counts to its cluster (:func:`move_to_cluster`).
Nothing deletes documents; a deletion would have to subtract its rows the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from lagebild.model import SYMMETRIC_TYPES
from lagebild.store import schema as t

EVERYTHING = "*"
ANY, ASSERTED, CLAIMED = "any", "asserted", "claimed"

#: the key columns of pair_counts (pair_clusters adds cluster_id)
PAIR_KEY = ("period", "assertion", "type", "first_id", "second_id")
PairKey = tuple[str, str, str, str, str]


def assertion_of(asserted: bool | None) -> str:
    return ANY if asserted is None else ASSERTED if asserted else CLAIMED


def pair_periods(day: dt.date | None) -> tuple[str, ...]:
    if day is None:
        return (EVERYTHING,)
    return (EVERYTHING, f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}")


def entity_periods(day: dt.date | None) -> tuple[str, ...]:
    if day is None:
        return (EVERYTHING,)
    return (*pair_periods(day), day.isoformat())


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def single_period(since: dt.date | None, until: dt.date | None) -> str | None:
    """The pair_counts period that is exactly ``since``..``until`` (inclusive), if any."""
    if since is None and until is None:
        return EVERYTHING
    if since is None or until is None or since.day != 1:
        return None
    if since.month == 1 and until == dt.date(since.year, 12, 31):
        return f"{since.year:04d}"
    if until == _month_end(since):
        return f"{since.year:04d}-{since.month:02d}"
    return None


def tiling_periods(since: dt.date, until: dt.date) -> list[str]:
    """Whole years, whole months and single days that together are ``since``..``until``."""
    periods: list[str] = []
    day = since
    while day <= until:
        if day.month == 1 and day.day == 1 and dt.date(day.year, 12, 31) <= until:
            periods.append(f"{day.year:04d}")
            day = dt.date(day.year + 1, 1, 1)
        elif day.day == 1 and _month_end(day) <= until:
            periods.append(f"{day.year:04d}-{day.month:02d}")
            day = _month_end(day) + dt.timedelta(days=1)
        else:
            periods.append(day.isoformat())
            day += dt.timedelta(days=1)
    return periods


def _insert(conn: sa.Connection, table: sa.Table) -> Any:
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _add_up(
    conn: sa.Connection,
    table: sa.Table,
    keys: Sequence[str],
    rows: list[dict[str, Any]],
    counts: Sequence[str],
    returning: bool = False,
) -> list[Any]:
    """Upsert ``rows`` in key order, adding their ``counts`` to the stored ones."""
    if not rows:
        return []
    rows = sorted(rows, key=lambda row: tuple(row[k] for k in keys))
    insert = _insert(conn, table)
    statement = insert.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: table.c[name] + insert.excluded[name] for name in counts},
    )
    if not returning:
        conn.execute(statement, rows)
        return []
    columns = [table.c[k] for k in keys] + [table.c.documents]
    return list(conn.execute(statement.returning(*columns), rows).all())


def count_document(
    conn: sa.Connection,
    published: dt.date | None,
    mentions: Iterable[dict[str, Any]],
    relations: Iterable[dict[str, Any]],
    cluster_id: str,
) -> None:
    """Add a newly stored document's mentions and relations to the graph counts."""
    per_entity = Counter(row["entity_id"] for row in mentions)
    entity_rows = [
        {"entity_id": entity_id, "period": period, "documents": 1, "mentions": number}
        for entity_id, number in per_entity.items()
        for period in entity_periods(published)
    ]
    _add_up(conn, t.entity_counts, ("period", "entity_id"), entity_rows, ("documents", "mentions"))
    per_key = _pair_keys(relations)
    if not per_key:
        return
    clusters = [
        {
            **dict(zip(PAIR_KEY, key, strict=True)),
            "cluster_id": cluster_id,
            "documents": 1,
            "relations": number,
        }
        for key, number in per_key.items()
    ]
    returned = _add_up(
        conn,
        t.pair_clusters,
        (*PAIR_KEY, "cluster_id"),
        clusters,
        ("documents", "relations"),
        returning=True,
    )
    new_sources = {tuple(row[:5]) for row in returned if row.documents == 1}
    totals = [
        {
            **dict(zip(PAIR_KEY, key, strict=True)),
            "documents": 1,
            "relations": number,
            "sources": int(key in new_sources),
        }
        for key, number in per_key.items()
    ]
    _add_up(conn, t.pair_counts, PAIR_KEY, totals, ("documents", "relations", "sources"))


def _pair_keys(relations: Iterable[dict[str, Any]]) -> Counter[PairKey]:
    """Relations per pair_counts key of one document (negated and hypothetical left out)."""
    keys: Counter[PairKey] = Counter()
    for row in relations:
        if row["negated"] or row["hypothetical"]:
            continue
        first, second = row["source_id"], row["target_id"]
        if row["type"] in SYMMETRIC_TYPES and first > second:
            first, second = second, first
        for period in pair_periods(row["effective_date"]):
            for assertion in (ANY, assertion_of(row["asserted"])):
                keys[(period, assertion, row["type"], first, second)] += 1
    return keys


def move_to_cluster(conn: sa.Connection, doc_id: str, old: str, new: str) -> None:
    """Count a stored document's relations under copy cluster ``new`` instead of ``old``."""
    if old == new:
        return
    rel = t.relations
    query = sa.select(
        rel.c.source_id,
        rel.c.type,
        rel.c.target_id,
        rel.c.asserted,
        rel.c.negated,
        rel.c.hypothetical,
        rel.c.effective_date,
    ).where(rel.c.doc_id == doc_id)
    per_key = _pair_keys(row._asdict() for row in conn.execute(query))
    if not per_key:
        return
    pc, tot = t.pair_clusters, t.pair_counts
    lost: set[PairKey] = set()
    for key, number in sorted(per_key.items()):
        where = [pc.c[name] == value for name, value in zip(PAIR_KEY, key, strict=True)]
        conn.execute(
            sa.update(pc)
            .where(*where, pc.c.cluster_id == old)
            .values(documents=pc.c.documents - 1, relations=pc.c.relations - number)
        )
        gone = conn.execute(
            sa.delete(pc).where(*where, pc.c.cluster_id == old, pc.c.documents <= 0)
        ).rowcount
        if gone:
            lost.add(key)
    clusters = [
        {
            **dict(zip(PAIR_KEY, key, strict=True)),
            "cluster_id": new,
            "documents": 1,
            "relations": number,
        }
        for key, number in per_key.items()
    ]
    returned = _add_up(
        conn, pc, (*PAIR_KEY, "cluster_id"), clusters, ("documents", "relations"), returning=True
    )
    gained = {tuple(row[:5]) for row in returned if row.documents == 1}
    for key in sorted(per_key):
        change = int(key in gained) - int(key in lost)
        if change:
            where = [tot.c[name] == value for name, value in zip(PAIR_KEY, key, strict=True)]
            conn.execute(sa.update(tot).where(*where).values(sources=tot.c.sources + change))


# ------------------------------------------------------------------ rebuilding


def _period_text(conn: sa.Connection, column: sa.ColumnElement[Any], width: int) -> Any:
    """The first ``width`` characters of the date's ISO form: year, month or day."""
    if conn.dialect.name == "postgresql":
        pattern = {4: "YYYY", 7: "YYYY-MM", 10: "YYYY-MM-DD"}[width]
        return sa.func.to_char(column, pattern)
    return sa.func.substr(column, 1, width)  # SQLite stores dates as ISO text


def rebuild(conn: sa.Connection) -> None:
    """Count all three tables again from the stored facts (after a bulk load, in migration)."""
    for table in (t.pair_counts, t.pair_clusters, t.entity_counts):
        conn.execute(sa.delete(table))
    _rebuild_entities(conn)
    _rebuild_pairs(conn)


def _rebuild_entities(conn: sa.Connection) -> None:
    men, doc = t.mentions, t.documents
    per_document = (
        sa.select(men.c.entity_id, men.c.doc_id, sa.func.count().label("mentions"))
        .group_by(men.c.entity_id, men.c.doc_id)
        .subquery()
    )
    published = doc.c.published
    joined = per_document.join(doc, doc.c.id == per_document.c.doc_id)
    parts = [sa.select(per_document, sa.literal(EVERYTHING).label("period"))]
    for width in (4, 7, 10):
        period = _period_text(conn, published, width).label("period")
        dated = sa.select(per_document, period).select_from(joined)
        parts.append(dated.where(published.is_not(None)))
    for part in parts:
        sub = part.subquery()
        counted = sa.select(
            sub.c.entity_id, sub.c.period, sa.func.count(), sa.func.sum(sub.c.mentions)
        ).group_by(sub.c.entity_id, sub.c.period)
        conn.execute(
            sa.insert(t.entity_counts).from_select(
                ["entity_id", "period", "documents", "mentions"], counted
            )
        )


def _rebuild_pairs(conn: sa.Connection) -> None:
    rel, fp = t.relations, t.document_fingerprints
    swap = sa.and_(rel.c.type.in_(sorted(SYMMETRIC_TYPES)), rel.c.source_id > rel.c.target_id)
    first = sa.case((swap, rel.c.target_id), else_=rel.c.source_id)
    second = sa.case((swap, rel.c.source_id), else_=rel.c.target_id)
    cluster = sa.func.coalesce(fp.c.cluster_id, rel.c.doc_id)
    own = sa.case((rel.c.asserted, sa.literal(ASSERTED)), else_=sa.literal(CLAIMED))
    when = rel.c.effective_date
    periods: list[tuple[Any, Any]] = [(sa.literal(EVERYTHING), None)]
    periods += [(_period_text(conn, when, width), when.is_not(None)) for width in (4, 7)]
    for period, dated in periods:
        for assertion in (sa.literal(ANY), own):
            keyed = (
                sa.select(
                    period.label("period"),
                    assertion.label("assertion"),
                    rel.c.type,
                    first.label("first_id"),
                    second.label("second_id"),
                    cluster.label("cluster_id"),
                    rel.c.doc_id,
                )
                .outerjoin(fp, fp.c.doc_id == rel.c.doc_id)
                .where(rel.c.negated.is_(False), rel.c.hypothetical.is_(False))
            )
            if dated is not None:
                keyed = keyed.where(dated)
            sub = keyed.subquery()
            group = [sub.c[name] for name in (*PAIR_KEY, "cluster_id")]
            counted = sa.select(
                *group, sa.func.count(sa.distinct(sub.c.doc_id)), sa.func.count()
            ).group_by(*group)
            conn.execute(
                sa.insert(t.pair_clusters).from_select(
                    [*PAIR_KEY, "cluster_id", "documents", "relations"], counted
                )
            )
    pc = t.pair_clusters
    key = [pc.c[name] for name in PAIR_KEY]
    totals = sa.select(
        *key, sa.func.sum(pc.c.documents), sa.func.sum(pc.c.relations), sa.func.count()
    ).group_by(*key)
    conn.execute(
        sa.insert(t.pair_counts).from_select(
            [*PAIR_KEY, "documents", "relations", "sources"], totals
        )
    )


# ------------------------------------------------------------------ reading


def strength_order(
    counts: sa.FromClause, source: sa.FromClause, target: sa.FromClause
) -> tuple[sa.ColumnElement[Any], ...]:
    """The order of ``relation_strengths``, pre-counted or counted: independent sources,
    documents, relations, then type and names so that ties are stable."""
    return (
        counts.c.sources.desc(),
        counts.c.documents.desc(),
        counts.c.relations.desc(),
        counts.c.type,
        source.c.name,
        target.c.name,
    )


def ranked_pairs(
    period: str,
    limit: int,
    type: str | None = None,
    asserted: bool | None = None,
    actor_types: Sequence[str] | None = None,
) -> sa.Select[Any]:
    """The columns and order of ``relation_strengths`` for one period, from pair_counts."""
    pc = t.pair_counts
    source, target = t.entities.alias("src"), t.entities.alias("tgt")
    query = (
        sa.select(
            pc.c.first_id,
            source.c.name,
            pc.c.type,
            pc.c.second_id,
            target.c.name,
            pc.c.documents,
            pc.c.relations,
            pc.c.sources,
        )
        .join(source, source.c.id == pc.c.first_id)
        .join(target, target.c.id == pc.c.second_id)
        .where(pc.c.period == period, pc.c.assertion == assertion_of(asserted))
        .order_by(*strength_order(pc, source, target))
        .limit(limit)
    )
    if type:
        query = query.where(pc.c.type == type)
    if actor_types is not None:
        kinds = list(actor_types)
        query = query.where(source.c.type.in_(kinds), target.c.type.in_(kinds))
    return query


def entity_counts_query(entity_ids: Sequence[str], periods: Sequence[str]) -> sa.Select[Any]:
    """Documents and mentions of these entities summed over these (disjoint) periods."""
    ec = t.entity_counts
    return (
        sa.select(ec.c.entity_id, sa.func.sum(ec.c.documents), sa.func.sum(ec.c.mentions))
        .where(ec.c.entity_id.in_(list(entity_ids)), ec.c.period.in_(list(periods)))
        .group_by(ec.c.entity_id)
    )
