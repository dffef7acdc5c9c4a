"""Server-side render time of every dashboard page over a database of generated articles.

    .venv/bin/python bench/web_render.py [--articles 10000] [--repeat 30] [--db PATH]

Fills an SQLite database (reused when it already holds the articles) with synthetic
processed documents composed from our own sentence templates about fictional actors, each
with its mentions, quotes, relations, figures and dates, through the model dataclasses and
``Store.save``; then requests each page in-process through the ASGI app (no network) and
prints p50/p95 per page in milliseconds. The bar is 300 ms per page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient

from lagebild.ids import document_id
from lagebild.model import (
    Amount,
    Document,
    Entity,
    EntityType,
    Evidence,
    Mention,
    Quote,
    Relation,
    TimeExpression,
)
from lagebild.store import Store
from lagebild.web.app import create_app

BAR_MS = 300.0
STAGE = "bench"
SYLLABLES = ["nor", "wes", "tal", "mar", "ka", "lin", "dor", "vel", "sa", "ri", "bel", "ost",
             "gra", "fen", "mo", "ta", "lu", "ven", "hal", "dra"]  # fmt: skip
FIRST = ["Anna", "Jonas", "Mira", "Lukas", "Ida", "Paul", "Lea", "Emil", "Nora", "Felix",
         "Clara", "Theo", "Greta", "Jan", "Rosa", "Henrik", "Edda", "Oskar", "Lina",
         "Till"]  # fmt: skip
LAST = ["Albrecht", "Brandt", "Conradi", "Dietz", "Ebner", "Falk", "Gerlach", "Hollmann",
        "Imhof", "Jäger", "Kessler", "Lorenz", "Mertens", "Nagel", "Olbrich", "Pohl",
        "Quandt", "Roth", "Sauer", "Thiel", "Ulrich", "Vogt", "Wendt", "Zeller"]  # fmt: skip
ORG_KINDS = ["Bund", "Rat", "Allianz", "Agentur", "Kommission"]
OUTLETS = [
    f"{a} {b}" for a in ("Nord", "Süd", "West", "Ost") for b in ("Kurier", "Rundschau", "Depesche")
]
MEASURES = [("Verteidigungsbudget", "EUR"), ("Truppenstärke", "soldiers"),
            ("Anteil am BIP", "percent"), ("Hilfspaket", "EUR"),
            ("Flüchtlinge", "persons")]  # fmt: skip
CITIES = ["Tallmar", "Velburg", "Ostrika", "Fenhal", "Drasund", "Luvenna"]
RELATIONS = [
    ("SUPPORT", "{a} unterstützte {b} bei den Verhandlungen in {city}."),
    ("ACCUSE", "{a} warf {b} vor, die Lage an der Grenze zu verschärfen."),
    ("COOPERATE", "{a} vereinbarte mit {b} eine engere Zusammenarbeit."),
    ("AID", "{a} sagte {b} weitere Hilfe für den Wiederaufbau zu."),
    ("THREATEN", "{a} drohte {b} mit Konsequenzen."),
    ("REJECT", "{a} wies die Forderungen von {b} zurück."),
    ("CONSULT", "{a} beriet sich in {city} mit {b}."),
    ("SANCTION", "{a} verhängte neue Sanktionen gegen {b}."),
    ("REQUEST", "{a} forderte {b} zu Gesprächen auf."),
    ("MOBILIZE", "{a} verlegte Truppen in Richtung {b}."),
]  # fmt: skip
QUOTES = [
    "Wir stehen zu unseren Zusagen und erwarten dasselbe von unseren Partnern",
    "Die Lage bleibt angespannt, aber wir setzen weiter auf Gespräche",
    "Niemand hat ein Interesse an einer weiteren Eskalation",
    "Die Zusammenarbeit in der Region muss verlässlicher werden",
    "Wir werden die Entwicklung sehr genau beobachten",
]


@dataclass
class Actor:
    entity: Entity
    weight: float


def _actors(rng: random.Random, count: int) -> list[Actor]:
    """Fictional states, organisations and people; popularity falls off like Zipf's law."""
    names: dict[str, EntityType] = {}
    while len(names) < count:
        roll = rng.random()
        if roll < 0.3:
            name = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize() + "ien"
            names.setdefault(name, "GPE")
        elif roll < 0.5:
            place = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
            names.setdefault(f"{rng.choice(ORG_KINDS)} von {place}", "ORG")
        else:
            names.setdefault(f"{rng.choice(FIRST)} {rng.choice(LAST)}", "PER")
    actors = []
    for rank, (name, kind) in enumerate(names.items(), start=1):
        slug = name.lower().replace(" ", "-").replace("ä", "ae").replace("ü", "ue")
        entity = Entity(f"x-bench-{kind.lower()}:{slug}", name, kind, provisional=True)
        actors.append(Actor(entity, 1.0 / rank**0.8))
    return actors


@dataclass
class _Builder:
    """Text written piece by piece, each fact recorded with its span."""

    doc_id: str
    text: str = ""
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)

    def add(self, piece: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += piece
        return start, len(self.text)

    def evidence(self, span: tuple[int, int]) -> Evidence:
        return Evidence(self.doc_id, span[0], span[1], STAGE)

    def name(self, actor: Actor) -> tuple[int, int]:
        span = self.add(actor.entity.name)
        entity = actor.entity
        self.entities[entity.id] = entity
        self.mentions.append(Mention(self.evidence(span), entity.name, entity.type, entity.id))
        return span


def _document(
    rng: random.Random, index: int, actors: list[Actor], weights: list[float]
) -> Document:
    published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
    doc_id = document_id(f"bench article {index}")
    b = _Builder(doc_id)
    quotes, relations, amounts, times = [], [], [], []
    people = [a for a in actors[:300] if a.entity.type == "PER"]
    for _ in range(rng.randint(4, 7)):
        kind = rng.random()
        if kind < 0.55:  # a relation sentence: "{a} … {b} …"
            relation_type, template = rng.choice(RELATIONS)
            a, c = rng.choices(actors, weights, k=2)
            if a is c:
                continue
            before, rest = template.split("{a}")
            middle, after = rest.split("{b}")
            b.add(before.format(city=rng.choice(CITIES)))
            source = b.name(a)
            b.add(middle.format(city=rng.choice(CITIES)))
            b.name(c)
            end = b.add(after.format(city=rng.choice(CITIES)))[1] - 1
            relations.append(Relation(b.evidence((source[0], end)), a.entity.id, relation_type,
                                      c.entity.id, a.entity.name, c.entity.name,
                                      asserted=rng.random() > 0.2))  # fmt: skip
            b.add(" ")
        elif kind < 0.8:  # a direct quote of a person
            speaker = rng.choice(people)
            speaker_span = b.name(speaker)
            b.add(" sagte am ")
            day = published - dt.timedelta(days=rng.randrange(3))
            when = b.add(f"{day.day}. {day.month}. {day.year}")
            times.append(TimeExpression(b.evidence(when), b.text[when[0] : when[1]], day, day))
            b.add(": „")
            said = b.add(rng.choice(QUOTES))
            b.add(".“ ")
            quotes.append(Quote(b.evidence(said), b.text[said[0] : said[1]], "direct",
                                speaker.entity.id, speaker.entity.name, speaker_span))  # fmt: skip
        else:  # a figure: "Nach Angaben von {a} stieg {measure} auf {n} {unit}."
            a = rng.choices(actors, weights)[0]
            measure, unit = rng.choice(MEASURES)
            b.add("Nach Angaben von ")
            b.name(a)
            b.add(f" stieg der Wert für {measure} auf ")
            value = round(rng.uniform(1, 90), 1)
            words = {"EUR": "Milliarden Euro", "soldiers": "tausend Soldaten",
                     "percent": "Prozent", "persons": "tausend Menschen"}[unit]  # fmt: skip
            figure = b.add(f"{value} {words}")
            b.add(". ")
            amounts.append(Amount(b.evidence(figure), b.text[figure[0] : figure[1]], value, unit,
                                  measure=measure, actor_id=a.entity.id,
                                  year=published.year))  # fmt: skip
    title = f"Lagebericht {index}: {b.mentions[0].text if b.mentions else 'Region'} im Blick"
    return Document(
        id=doc_id, text=b.text.strip(), title=title, outlet=rng.choice(OUTLETS),
        url=f"https://example.org/bench/{index}", published=published, language="de",
        mentions=b.mentions, entities=b.entities, quotes=quotes, relations=relations,
        amounts=amounts, times=times,
    )  # fmt: skip


def fill(store: Store, articles: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    actors = _actors(rng, 520)
    weights = [a.weight for a in actors]
    began = time.perf_counter()
    for index in range(articles):
        store.save(_document(rng, index, actors, weights))
    return time.perf_counter() - began


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(client: TestClient, path: str, repeat: int) -> tuple[float, float, float, float]:
    """p50 and p95 of wall-clock and of this process's CPU time per request, in ms.

    CPU time is reported beside wall time because the machine is shared: on a loaded
    machine wall time includes waiting for a core."""
    for _ in range(2):  # warm caches
        assert client.get(path).status_code == 200, path
    wall, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200, path
    return statistics.median(wall), _p95(wall), statistics.median(cpu), _p95(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, default=Path("build/bench/web-render.db"))
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(f"sqlite:///{args.db}")
    stored = store.counts().documents
    if stored != args.articles:
        if stored:
            raise SystemExit(f"{args.db}: holds {stored} articles, not {args.articles}; remove it")
        print(f"generating {args.articles} articles into {args.db} …", flush=True)
        print(f"  {fill(store, args.articles):.0f} s")
    counts = store.counts()
    print(f"database: {counts}")
    top = store.top_actors(limit=1)[0].entity_id
    doc = store.documents(limit=1)[0].id
    word = "Eskalation"
    pages = {
        "Lage (default: 12 months)": "/",
        "Lage (all time)": "/?period=all",
        "Netzwerk (page)": "/netzwerk",
        "Netzwerk data: /api/v1/graph (all time, 5,000 edges)": "/api/v1/graph",
        "Netzwerk data: /api/v1/graph (2024)": "/api/v1/graph?since=2024-01-01&until=2024-12-31",
        "Akteur (most mentioned actor)": f"/akteur/{top}",
        "Zitate (newest)": "/zitate",
        f"Zitate (full text '{word}')": f"/zitate?q={word}",
        "Zitate (page 100)": "/zitate?page=100",
        "Artikel": f"/artikel/{doc}",
        "Zahlen": "/zahlen",
    }
    graph = TestClient(create_app(store)).get("/api/v1/graph").json()
    print(f"graph: {len(graph['nodes'])} nodes, {len(graph['edges'])} edges")
    print(f"python {platform.python_version()}, {platform.processor() or platform.machine()}")
    header = "| page | wall p50 ms | wall p95 ms | CPU p50 ms | CPU p95 ms | wall p95 ≤ {} ms |"
    print(header.format(round(BAR_MS)))
    print("|---|---:|---:|---:|---:|---|")
    with TestClient(create_app(store)) as client:
        for name, path in pages.items():
            p50, p95, cpu50, cpu95 = measure(client, path, args.repeat)
            verdict = "yes" if p95 <= BAR_MS else "no"
            print(f"| {name} | {p50:.0f} | {p95:.0f} | {cpu50:.0f} | {cpu95:.0f} | {verdict} |",
                  flush=True)  # fmt: skip
    store.close()


if __name__ == "__main__":
    main()
