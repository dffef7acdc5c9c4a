"""Database benchmark: p50/p95 latency of the API's main queries on bulk-generated rows.

    python bench/db_latency.py --articles 100000 --backend postgresql --backend sqlite
    python bench/db_latency.py --articles 1000000 --backend postgresql --write docs/benchmarks.md

Generates N articles' rows directly into a new database (no pipeline): documents dated
over seven years, a few thousand fictional actors whose mentions follow a Zipf-like
distribution (a few actors are in a large share of all articles), 3-8 mentions, 1-2
quotes, 1-2 relations of varied PLOVER types and one amount per article. The rows go in
through lagebild.store.bulk; then the store's own query functions are timed, as the API
calls them:

  actor page      entities(query=id) + relations(actor=id) + quotes(speaker=id)
  graph of a year lagebild.analysis.graph.actor_graph(since=Jan 1, until=Dec 31)
  quote search    quotes(search=words), frequent and rare words
  relations       relations(type=T, since, until) over a quarter and over a year

Each query runs over a fixed sample of parameters (popular and rare actors, every year,
every type); p50/p95 are over all runs. PostgreSQL is a throw-away server started by
lagebild.store.pgserver unless --postgres URL names an empty database. The bar is
p95 <= 100 ms at 1,000,000 articles on PostgreSQL; a miss is printed with its factor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from lagebild.analysis.graph import actor_graph
from lagebild.model import PLOVER_TYPES
from lagebild.store import Store
from lagebild.store import schema as t
from lagebild.store.bulk import bulk_insert, refresh_statistics
from lagebild.store.pgserver import ThrowawayPostgres

BAR_MS = 100.0
FIRST_DAY = dt.date(2019, 1, 1)
DAYS = 7 * 365
YEARS = list(range(2019, 2026))
CHUNK = 10_000  # articles generated and loaded at a time

# Fictional people and places; quotes are sentences this team wrote.
FIRST_NAMES = [
    "Anna",
    "Jonas",
    "Lea",
    "Felix",
    "Mira",
    "Paul",
    "Ida",
    "Emil",
    "Nora",
    "Karl",
    "Lina",
    "Theo",
    "Greta",
    "Oskar",
    "Jana",
    "Moritz",
    "Hanna",
    "Lukas",
]
LAST_NAMES = [
    "Brenner",
    "Vogt",
    "Sander",
    "Kessler",
    "Lorenz",
    "Haupt",
    "Albers",
    "Roth",
    "Wendt",
    "Falk",
    "Seidel",
    "Brandt",
    "Kruse",
    "Engel",
    "Winter",
    "Stahl",
]
PLACE_PARTS = ["Nord", "Süd", "Ost", "West", "Hoch", "Tief", "Alt", "Neu"]
PLACE_ROOTS = ["mark", "land", "burg", "tal", "au", "feld", "heim", "stein", "rode", "wald"]
ORG_KINDS = ["Bund", "Rat", "Agentur", "Allianz", "Kommission", "Forum", "Institut"]
QUOTE_SENTENCES = [
    "Wir werden die Grenze schützen und die Zusammenarbeit mit unseren Partnern vertiefen",
    "Die Lage im Osten bleibt angespannt, aber wir sehen erste Zeichen der Entspannung",
    "Ohne zusätzliche Mittel für die Verteidigung können wir die Zusagen nicht einhalten",
    "Die Sanktionen zeigen Wirkung, doch der Druck muss weiter steigen",
    "Unsere Soldaten leisten unter schwierigen Bedingungen hervorragende Arbeit",
    "Wir lehnen jede Drohung ab und setzen weiter auf Gespräche",
    "Die Lieferung der Luftabwehrsysteme beginnt noch in diesem Jahr",
    "Das Manöver dient allein der Abschreckung und richtet sich gegen niemanden",
    "Die Cyberangriffe auf unsere Netze haben deutlich zugenommen",
    "Wir brauchen eine gemeinsame Strategie für die Sicherheit im Ostseeraum",
    "Der Haushalt sieht eine deutliche Steigerung der Ausgaben für Rüstung vor",
    "Die Verhandlungen über den Waffenstillstand sind in eine schwierige Phase getreten",
]
VERBS = {
    "AGREE": "vereinbart mit",
    "CONSULT": "berät mit",
    "SUPPORT": "unterstützt",
    "COOPERATE": "arbeitet zusammen mit",
    "AID": "liefert Waffen an",
    "REQUEST": "fordert",
    "ACCUSE": "beschuldigt",
    "REJECT": "weist zurück",
    "THREATEN": "droht",
    "PROTEST": "protestiert gegen",
    "SANCTION": "verhängt Sanktionen gegen",
    "ASSAULT": "greift an",
}
UNITS = [
    ("EUR", "Mrd. Euro"),
    ("USD", "Mrd. Dollar"),
    ("percent", "Prozent"),
    ("troops", "Soldaten"),
]
SEARCHES = [
    "Sanktionen",
    "Grenze Partnern",
    "Luftabwehrsysteme Jahr",
    "Cyberangriffe",
    "Strategie Ostseeraum",
    "Waffenstillstand Phase",
    "Drohung Gespräche",
    "Lage",
]


@dataclass
class Actors:
    ids: list[str]
    names: list[str]
    types: list[str]
    weights: np.ndarray  # Zipf-like probabilities, rank 0 most frequent


def make_actors(count: int, rng: random.Random) -> Actors:
    ids, names, types = [], [], []
    for rank in range(count):
        kind = ("PER", "GPE", "ORG")[rank % 3]
        if kind == "PER":
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}-{rank}"
        elif kind == "GPE":
            name = f"{rng.choice(PLACE_PARTS)}{rng.choice(PLACE_ROOTS)} {rank}"
        else:
            name = (
                f"{rng.choice(ORG_KINDS)} {rng.choice(PLACE_PARTS)}{rng.choice(PLACE_ROOTS)} {rank}"
            )
        ids.append(f"bench:{kind.lower()}:{rank}")
        names.append(name)
        types.append(kind)
    weights = 1.0 / np.arange(1, count + 1) ** 1.1
    return Actors(ids, names, types, weights / weights.sum())


def entity_rows(actors: Actors) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    entities = [
        {"id": i, "name": n, "type": ty, "provisional": False, "confidence": 1.0}
        for i, n, ty in zip(actors.ids, actors.names, actors.types, strict=True)
    ]
    names = []
    for i, n in zip(actors.ids, actors.names, strict=True):
        for name in (n, n.split()[-1] if " " in n else n + " (Kurzform)"):
            names.append({"entity_id": i, "name": name, "key": name.casefold()})
    return entities, names


def _evidence(fact_id: str, doc_id: str, start: int, end: int, stage: str) -> dict[str, Any]:
    return {
        "id": fact_id,
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "stage": stage,
        "stage_version": "bench",
        "confidence": 0.9,
    }


class _Text:
    """An article's text built piece by piece, giving each piece's span."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def joined(self) -> str:
        return "".join(self.parts)


def generate(first: int, count: int, actors: Actors, seed: int) -> dict[sa.Table, list[Any]]:
    """Rows of articles ``first`` .. ``first + count - 1`` (deterministic per seed)."""
    rng = random.Random(seed * 1_000_003 + first)
    nprng = np.random.default_rng(seed * 1_000_003 + first)
    picks = nprng.choice(len(actors.ids), size=(count, 8), p=actors.weights)
    days = nprng.integers(0, DAYS, size=count)
    rows: dict[sa.Table, list[Any]] = {
        table: [] for table in (t.documents, t.mentions, t.quotes, t.relations, t.amounts)
    }
    ingested = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for k in range(count):
        number = first + k
        doc_id = f"doc_b{number:010d}"
        published = FIRST_DAY + dt.timedelta(days=int(days[k]))
        cast = list(dict.fromkeys(int(a) for a in picks[k]))[: rng.randint(3, 8)]
        if len(cast) < 2:
            cast.append((cast[0] + 1) % len(actors.ids))
        text = _Text()
        add = text.add
        add(f"Meldung {number}. ")
        for position, actor in enumerate(cast):  # one sentence naming each actor
            start, end = add(actors.names[actor])
            rows[t.mentions].append(
                {
                    **_evidence(f"men_b{number}_{position}", doc_id, start, end, "entities"),
                    "text": actors.names[actor],
                    "type": actors.types[actor],
                    "entity_id": actors.ids[actor],
                    "kind": "name",
                }
            )
            add(" äußerte sich am Rande eines Treffens zur Lage. ")
        for q in range(rng.randint(1, 2)):
            speaker = cast[q % len(cast)]
            sentence = rng.choice(QUOTE_SENTENCES)
            add(f"{actors.names[speaker]} sagte: „")
            start, end = add(sentence)
            add("“. ")
            rows[t.quotes].append(
                {
                    **_evidence(f"quo_b{number}_{q}", doc_id, start, end, "quotes"),
                    "text": sentence,
                    "kind": "direct",
                    "speaker_id": actors.ids[speaker],
                    "speaker_name": actors.names[speaker],
                    "speaker_start": None,
                    "speaker_end": None,
                    "cue": "sagen",
                    "cue_start": None,
                    "cue_end": None,
                    "venue": None,
                    "date": None,
                    "effective_date": published,
                }
            )
        for r in range(rng.randint(1, 2)):
            source, target = rng.sample(cast, 2)
            relation_type = rng.choice(PLOVER_TYPES)
            verb = VERBS.get(relation_type, "handelt gegenüber")
            start, end = add(f"{actors.names[source]} {verb} {actors.names[target]}")
            add(". ")
            claimed = rng.random() < 0.2
            own_date = (
                published - dt.timedelta(days=rng.randint(0, 3)) if rng.random() < 0.3 else None
            )
            rows[t.relations].append(
                {
                    **_evidence(f"rel_b{number}_{r}", doc_id, start, end, "relations"),
                    "source_id": actors.ids[source],
                    "type": relation_type,
                    "target_id": actors.ids[target],
                    "cue": verb.split()[0],
                    "asserted": not claimed,
                    "claimed_by": actors.ids[cast[-1]] if claimed else None,
                    "hypothetical": rng.random() < 0.05,
                    "negated": rng.random() < 0.05,
                    "date": own_date,
                    "effective_date": own_date or published,
                }
            )
        unit, shown = rng.choice(UNITS)
        value = float(rng.randint(1, 500))
        start, end = add(f"{value:g} {shown}")
        add(" sind dafür vorgesehen.")
        rows[t.amounts].append(
            {
                **_evidence(f"amo_b{number}", doc_id, start, end, "amounts"),
                "text": f"{value:g} {shown}",
                "value": value,
                "value_max": None,
                "unit": unit,
                "approximate": False,
                "qualifier": None,
                "measure": "Ausgaben",
                "actor_id": actors.ids[cast[0]],
                "actor_name": None,
                "cited_by": None,
                "year": published.year,
                "period": None,
            }
        )
        rows[t.documents].append(
            {
                "id": doc_id,
                "text": text.joined(),
                "title": f"Meldung {number}",
                "outlet": "Benchmarkblatt",
                "url": None,
                "author": None,
                "published": published,
                "published_time": None,
                "language": "de",
                "source": "bench",
                "status": "analysed",
                "ingested_at": ingested,
            }
        )
    return rows


def load(store: Store, articles: int, actors: Actors, seed: int) -> dict[str, int]:
    entities, names = entity_rows(actors)
    bulk_insert(store, t.entities, entities)
    bulk_insert(store, t.entity_names, names)
    totals: dict[str, int] = {"entities": len(entities)}
    for first in range(0, articles, CHUNK):
        chunk = generate(first, min(CHUNK, articles - first), actors, seed)
        for table, table_rows in chunk.items():
            totals[table.name] = totals.get(table.name, 0) + bulk_insert(store, table, table_rows)
    refresh_statistics(store)
    return totals


def timed(function: Callable[[], Any]) -> float:
    began = time.perf_counter()
    function()
    return (time.perf_counter() - began) * 1000


def query_suite(store: Store, actors: Actors) -> dict[str, list[Callable[[], Any]]]:
    ranks = [0, 1, 2, 5, 10, 30, 100, 300, 1000, len(actors.ids) - 1]

    def actor_page(entity_id: str) -> Callable[[], Any]:
        def run() -> Any:
            entity = [e for e in store.entities(query=entity_id, limit=50) if e.id == entity_id]
            return (
                entity,
                store.relations(actor=entity_id, limit=50),
                store.quotes(speaker=entity_id, limit=50),
            )

        return run

    def year_graph(year: int) -> Callable[[], Any]:
        return lambda: actor_graph(store, dt.date(year, 1, 1), dt.date(year, 12, 31))

    def search(words: str) -> Callable[[], Any]:
        return lambda: store.quotes(search=words, limit=50)

    def relations(kind: str, year: int, quarter: int | None) -> Callable[[], Any]:
        if quarter is None:
            since, until = dt.date(year, 1, 1), dt.date(year, 12, 31)
        else:
            since = dt.date(year, 3 * quarter - 2, 1)
            until = dt.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - dt.timedelta(days=1)
        return lambda: store.relations(type=kind, since=since, until=until, limit=50)

    rng = random.Random(7)
    return {
        "actor page": [actor_page(actors.ids[rank]) for rank in ranks],
        "graph of a year": [year_graph(year) for year in YEARS],
        "quote search": [search(words) for words in SEARCHES],
        "relations by type and period": [
            relations(kind, rng.choice(YEARS), rng.choice([None, 1, 2, 3, 4]))
            for kind in PLOVER_TYPES
        ],
    }


def measure(store: Store, actors: Actors, repeats: int) -> dict[str, tuple[float, float, int]]:
    results = {}
    for name, runs in query_suite(store, actors).items():
        for run in runs:  # warm the cache once, as a running server would be
            run()
        times = [timed(run) for _ in range(repeats) for run in runs]
        quantiles = statistics.quantiles(times, n=100, method="inclusive")
        results[name] = (quantiles[49], quantiles[94], len(times))
    return results


@dataclass
class Result:
    backend: str
    articles: int
    load_seconds: float
    rows: dict[str, int]
    latencies: dict[str, tuple[float, float, int]]


def run_backend(backend: str, articles: int, args: argparse.Namespace) -> Result:
    actors = make_actors(args.actors, random.Random(args.seed))
    with _database(backend, args) as url, Store.open(url) as store:
        began = time.perf_counter()
        if args.reuse and backend == "postgresql" and store.counts().documents:
            counts = store.counts()
            rows = {
                "documents": counts.documents,
                "mentions": counts.mentions,
                "quotes": counts.quotes,
                "relations": counts.relations,
            }
            refresh_statistics(store)
        else:
            rows = load(store, articles, actors, args.seed)
        load_seconds = time.perf_counter() - began
        latencies = measure(store, actors, args.repeats)
    return Result(backend, articles, load_seconds, rows, latencies)


class _database:
    def __init__(self, backend: str, args: argparse.Namespace) -> None:
        self.backend, self.args = backend, args
        self.server: ThrowawayPostgres | None = None
        self.directory: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> str:
        if self.backend == "postgresql":
            if self.args.postgres:
                return str(self.args.postgres)
            # durable settings except fsync: the numbers are about reading, not commit cost
            self.server = ThrowawayPostgres(
                settings={"fsync": "off", "shared_buffers": "512MB", "work_mem": "32MB"}
            ).start()
            return self.server.url
        self.directory = tempfile.TemporaryDirectory(prefix="lagebild-bench-", dir=self.args.tmp)
        return f"sqlite:///{self.directory.name}/bench.db"

    def __exit__(self, *_exc: object) -> None:
        if self.server is not None:
            self.server.stop()
        if self.directory is not None:
            self.directory.cleanup()


def report(results: list[Result], command: str) -> str:
    lines = [
        "## Database queries",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.node() or 'unknown'}, {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
        f"- load (uptime) when this was written: {_uptime()}",
        f"- command: `{command}`",
        "",
        "| backend | articles | rows loaded | load s | query | p50 ms | p95 ms | runs "
        "| bar p95 ≤ 100 ms |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for result in results:
        total = sum(result.rows.values())
        for query, (p50, p95, runs) in result.latencies.items():
            verdict = (
                _verdict(p95)
                if result.backend == "postgresql" and result.articles >= 1_000_000
                else ""
            )
            lines.append(
                f"| {result.backend} | {result.articles:,} | {total:,} | "
                f"{result.load_seconds:.0f} | {query} | {p50:.1f} | {p95:.1f} | {runs} | "
                f"{verdict} |"
            )
    return "\n".join(lines) + "\n"


def _verdict(p95: float) -> str:
    if p95 <= BAR_MS:
        return "met"
    return f"missed by {p95 - BAR_MS:.0f} ms ({p95 / BAR_MS:.1f}×)"


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


def write_section(path: Path, section: str) -> None:
    """Replace this benchmark's section of ``path`` (other sections stay as they are)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    heading = "## Database queries"
    if heading in text:
        before, rest = text.split(heading, 1)
        next_heading = rest.find("\n## ")
        after = rest[next_heading + 1 :] if next_heading >= 0 else ""
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, action="append", help="articles (repeatable)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database to use instead")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --postgres: measure the rows already there, load nothing",
    )
    parser.add_argument("--actors", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tmp", default=None, help="directory for the SQLite file")
    parser.add_argument("--write", type=Path, help="put the results into this Markdown file")
    args = parser.parse_args(argv)
    command = "python bench/db_latency.py " + " ".join(sys.argv[1:] if argv is None else argv)
    results = []
    for articles in args.articles or [100_000]:
        for backend in args.backend or ["sqlite", "postgresql"]:
            print(f"{backend}, {articles:,} articles ...", file=sys.stderr, flush=True)
            result = run_backend(backend, articles, args)
            results.append(result)
            print(report([result], command), flush=True)
            if args.write:  # after each run, so a long run keeps what it measured
                write_section(args.write, report(results, command))
    missed = [
        r
        for r in results
        if r.backend == "postgresql"
        and r.articles >= 1_000_000
        and any(p95 > BAR_MS for _, p95, _ in r.latencies.values())
    ]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
