"""Store.top_actors counting independent sources (copy clusters) against the earlier count
of articles only, on bench/web_render.py's database (run that first to generate it).

    .venv/bin/python bench/top_actors_sources.py [DB_PATH]

Prints the median and maximum of 10 runs of each query for all time and the last 12 months.
"""

import datetime as dt
import statistics
import sys
import time

import sqlalchemy as sa

from lagebild.store import Store
from lagebild.store import schema as t
from lagebild.store.repository import _date_range

DB = sys.argv[1] if len(sys.argv) > 1 else "build/bench/web-render.db"
store = Store.open(f"sqlite:///{DB}")


def by_articles(since: dt.date | None = None, until: dt.date | None = None) -> list[object]:
    """The query before sources were counted (documents, then mentions)."""
    counted = sa.select(
        t.mentions.c.entity_id,
        sa.func.count(sa.distinct(t.mentions.c.doc_id)).label("documents"),
        sa.func.count().label("mentions"),
    ).group_by(t.mentions.c.entity_id)
    published = _date_range(t.documents.c.published, since, until)
    if published is not None:
        in_range = sa.select(t.documents.c.id).where(published)
        counted = counted.where(t.mentions.c.doc_id.in_(in_range))
    counts = counted.subquery()
    query = (
        sa.select(t.entities.c.id, counts.c.documents, counts.c.mentions)
        .join(counts, counts.c.entity_id == t.entities.c.id)
        .where(t.entities.c.type.in_(["PER", "ORG", "GPE"]))
        .order_by(counts.c.documents.desc(), counts.c.mentions.desc())
        .limit(10)
    )
    return store._all(query)


span = store.published_span()
assert span.last is not None, f"{DB} holds no articles"
year = (span.last - dt.timedelta(days=364), span.last)
for label, (since, until) in (("all time", (None, None)), ("12 months", year)):
    for name, run in (
        ("articles (before)", lambda s=since, u=until: by_articles(s, u)),
        ("sources (now)", lambda s=since, u=until: store.top_actors(10, s, u)),
    ):
        run()
        times = []
        for _ in range(10):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        p50 = statistics.median(times)
        print(f"{label:10} {name:18} p50 {p50:6.1f} ms  max {max(times):6.1f} ms")
