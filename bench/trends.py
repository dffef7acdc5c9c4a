"""Time of change over time and briefings over a database of generated articles.

    .venv/bin/python bench/trends.py [--articles 10000] [--db build/bench/web-render.db]

Reuses the generated database of ``bench/web_render.py`` (fills it the same way when it is
missing): synthetic processed documents about fictional actors, stored with ``Store.save``.
Prints wall and CPU seconds of ``changes`` over 12 months, one month's ``period_changes``,
``build_briefing`` for 7 and 30 days, and the Veränderungen page (in-process ASGI).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_render import fill

from lagebild.analysis.briefing import build_briefing
from lagebild.analysis.trends import changes, period_changes, period_of
from lagebild.store import Store
from lagebild.web.app import create_app


def timed(label: str, run: Callable[[], object]) -> None:
    began, began_cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    print(f"| {label} | {wall:.2f} | {cpu:.2f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=Path("build/bench/web-render.db"))
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(f"sqlite:///{args.db}")
    if store.counts().documents == 0:
        print(f"generating {args.articles} articles into {args.db} …", flush=True)
        print(f"  {fill(store, args.articles):.0f} s")
    counts = store.counts()
    last = store.published_span().last
    assert last is not None
    print(f"database: {counts}")
    print("| what | wall s | CPU s |\n|---|---|---|")
    timed("changes, 12 months by month", lambda: changes(store, "month", until=last))
    timed("changes, 8 weeks by week", lambda: changes(store, "week", until=last))
    timed("period_changes, one month", lambda: period_changes(store, period_of(last, "month")))
    week = last - dt.timedelta(days=6)
    timed("build_briefing, 7 days", lambda: build_briefing(store, week, last))
    month = last - dt.timedelta(days=29)
    timed("build_briefing, 30 days", lambda: build_briefing(store, month, last))
    client = TestClient(create_app(store))
    timed("GET /veraenderungen (month)", lambda: client.get("/veraenderungen"))
    timed("GET /veraenderungen?period=week", lambda: client.get("/veraenderungen?period=week"))
    store.close()


if __name__ == "__main__":
    main()
