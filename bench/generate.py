"""Generate realistic German security-policy articles for benchmarks, at any size.

    python bench/generate.py 10000 --output /tmp/articles.jsonl --seed 1

Each article (~600 words) is composed from sentence templates written by the
lagebild team: states and organisations from our knowledge base appear only in
neutral factual sentences; every quotation, direct or indirect, is attributed to
a FICTIONAL spokesperson (invented names); figures come with units and dates
with days and months. Article ``i`` depends only on the seed and ``i``, so any
prefix of a large corpus equals the smaller corpus and runs can be repeated.
The output is JSONL in the format ``lagebild ingest`` and ``spark-extract`` read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from lagebild.kb.base import DATA_DIR

TARGET_WORDS = 600
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
OUTLETS = ("Lagebild Testdienst", "Abendzeitung Nord", "Kurier am Mittag", "Rundschau Ost")
#: Country names that take an article or are plural ("die Ukraine", "der Iran", "die USA")
#: do not fit the templates' bare-name slots.
WITH_ARTICLE = frozenset(
    [
        "Schweiz",
        "Iran",
        "Irak",
        "Libanon",
        "Jemen",
        "Sudan",
        "Tschad",
        "Kongo",
        "Niger",
        "USA",
        "Vatikan",
        "Senegal",
        "Kosovo",
    ]
)
#: Names in the country file that are no states.
NOT_STATES = frozenset(["Antarktis", "Grönland", "Hongkong", "Macau"])
#: Organisations as (nominative, dative/genitive), all feminine singular.
ORGANISATIONS = (
    ("die Nato", "der Nato"),
    ("die EU", "der EU"),
    ("die OSZE", "der OSZE"),
    ("die Afrikanische Union", "der Afrikanischen Union"),
    ("die Weltbank", "der Weltbank"),
    ("die Internationale Atomenergiebehörde", "der Internationalen Atomenergiebehörde"),
    ("die EU-Kommission", "der EU-Kommission"),
    ("die Arabische Liga", "der Arabischen Liga"),
)
# Invented people: none of these names belongs to a real spokesperson.
FIRST_NAMES_F = [
    "Katrin",
    "Jana",
    "Miriam",
    "Ulrike",
    "Sabine",
    "Leonie",
    "Tamara",
    "Henrike",
    "Ines",
    "Vera",
]
FIRST_NAMES_M = [
    "Jonas",
    "Bernd",
    "Tobias",
    "Malte",
    "Florian",
    "Reinhard",
    "Sven",
    "Lukas",
    "Arne",
    "Dirk",
]
LAST_NAMES = [
    "Wellmann",
    "Brückner",
    "Oberhaus",
    "Kettler",
    "Strobel",
    "Lindqvist",
    "Hagedorn",
    "Reimers",
    "Falkner",
    "Vossberg",
    "Ahlgrimm",
    "Pietsch",
    "Tannhof",
    "Geldern",
    "Rusnak",
    "Morvai",
    "Kalnins",
    "Ostrander",
    "Belcourt",
    "Vinterberg",
]
OFFICES = (
    ("Außenministeriums", "Außenministerium"),
    ("Verteidigungsministeriums", "Verteidigungsministerium"),
    ("Innenministeriums", "Innenministerium"),
    ("Präsidialamts", "Präsidialamt"),
)
TOPICS = (
    "die Sicherheit der Grenzregion",
    "die Lieferung von Luftabwehrsystemen",
    "den Schutz kritischer Infrastruktur",
    "die Abrüstungsgespräche",
    "die Versorgung der Flüchtlinge",
    "die gemeinsame Seeüberwachung",
    "den Ausbau der Stromnetze",
    "die Bekämpfung von Cyberangriffen",
)
MEASURES = (
    "Der Verteidigungshaushalt",
    "Der Wiederaufbaufonds",
    "Das Hilfspaket",
    "Das Budget für den Grenzschutz",
    "Das Programm für Katastrophenschutz",
)


@dataclass(frozen=True)
class Country:
    name: str  # "Polen"
    adjective: str  # stem, "polnisch"


def load_countries() -> list[Country]:
    """Countries of our knowledge base whose German name stands without an article."""
    data = yaml.safe_load((DATA_DIR / "10-countries.yaml").read_text(encoding="utf-8"))
    countries = []
    for entry in data["entities"]:
        names, adjective = entry.get("names") or [], entry.get("adjective")
        if not names or not adjective:
            continue
        name = names[0]
        if " " in name or name in WITH_ARTICLE | NOT_STATES or name.endswith(("e", "ei")):
            continue
        stem = adjective[0] if isinstance(adjective, list) else adjective
        countries.append(Country(name, stem))
    return countries


class ArticleWriter:
    """Writes one article from a random generator seeded for that article."""

    def __init__(self, rng: random.Random, countries: list[Country], published: dt.date):
        self.rng = rng
        self.countries = countries
        self.published = published
        self.host, self.guest = rng.sample(countries, 2)
        self.org_nom, self.org_dat = rng.choice(ORGANISATIONS)
        self.topic = rng.choice(TOPICS)

    # ------------------------------------------------------------ slot fillers

    def country(self) -> Country:
        return self.rng.choice(self.countries)

    def spokesperson(self) -> tuple[str, str]:
        """(name, role) of an invented spokesperson of a ministry of a real state."""
        female = self.rng.random() < 0.5
        first = self.rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        name = f"{first} {self.rng.choice(LAST_NAMES)}"
        office = self.rng.choice(OFFICES)[0]
        role = f"{'Sprecherin' if female else 'Sprecher'} des {self.country().adjective}en {office}"
        return name, role

    def day(self) -> str:
        month = self.rng.randrange(1, 13)
        return f"{self.rng.randrange(1, 29)}. {MONTHS[month - 1]}"

    def weekday(self) -> str:
        return self.rng.choice(WEEKDAYS)

    def money(self) -> str:
        amount = self.rng.choice(("rund ", "etwa ", "mehr als ", ""))
        value = self.rng.choice((self.rng.randrange(2, 950), self.rng.randrange(11, 99) / 10))
        number = f"{value:g}".replace(".", ",")
        scale = self.rng.choice(("Millionen", "Milliarden"))
        return f"{amount}{number} {scale} {self.rng.choice(('Euro', 'Dollar'))}"

    def percent(self) -> str:
        return f"{self.rng.randrange(1, 40) / 10:g}".replace(".", ",") + " Prozent"

    def count(self, noun: str) -> str:
        return f"{self.rng.randrange(2, 90) * 100:,}".replace(",", ".") + f" {noun}"

    def year(self) -> int:
        return self.published.year + self.rng.randrange(1, 8)

    # ------------------------------------------------------------ sentences

    def sentences(self) -> list[Callable[[], str]]:
        return [
            self.meeting,
            self.agreement,
            self.budget,
            self.budget_share,
            self.troops,
            self.direct_quote,
            self.direct_quote_after,
            self.indirect_quote,
            self.indirect_quote_zufolge,
            self.organisation_report,
            self.organisation_session,
            self.refugees,
            self.background,
            self.exercise,
            self.sanction_debate,
            self.aid,
            self.talks_planned,
            self.statistics,
            self.infrastructure,
            self.observers,
            self.embassy,
            self.incident,
            self.gas_price,
            self.announcement,
            self.newspaper_quote,
            self.emphasis_quote,
        ]

    def embassy(self) -> str:
        return (
            f"Die Botschaft von {self.country().name} in {self.country().name} wurde im "
            f"{self.rng.choice(MONTHS)} personell verstärkt."
        )

    def incident(self) -> str:
        return (
            f"Nach Angaben der örtlichen Behörden wurden bei dem Zwischenfall am "
            f"{self.weekday()} {self.rng.randrange(2, 60)} Menschen verletzt."
        )

    def gas_price(self) -> str:
        return (
            f"Der Preis für Erdgas stieg an den europäischen Börsen zeitweise um {self.percent()}."
        )

    def announcement(self) -> str:
        name, role = self.spokesperson()
        return (
            f"{_named_role(role, name)} kündigte an, die Regierung werde bis Ende {self.year()} "
            f"einen Bericht vorlegen."
        )

    def newspaper_quote(self) -> str:
        name, role = self.spokesperson()
        return (
            f"Wie {name}, {role}, einer Zeitung sagte, soll das Abkommen noch in diesem Jahr "
            f"in Kraft treten."
        )

    def emphasis_quote(self) -> str:
        name, role = self.spokesperson()
        named = _named_role(role, name)
        return f"„Wir stehen zu unseren Verpflichtungen“, betonte {named[0].lower()}{named[1:-1]}."

    def meeting(self) -> str:
        a, b = self.host, self.country()
        return (
            f"Am {self.weekday()} trafen sich Delegationen aus {a.name} und {b.name} "
            f"in der Hauptstadt, um über {self.topic} zu beraten."
        )

    def agreement(self) -> str:
        a, b = self.host, self.guest
        return (
            f"{a.name} und {b.name} unterzeichneten am {self.day()} ein Abkommen, "
            f"das eine engere Zusammenarbeit bei der Grenzsicherung vorsieht."
        )

    def budget(self) -> str:
        return (
            f"{self.rng.choice(MEASURES)} der {self.country().adjective}en Regierung "
            f"soll im kommenden Jahr auf {self.money()} steigen."
        )

    def budget_share(self) -> str:
        return (
            f"{self.country().name} gibt nach offiziellen Angaben derzeit {self.percent()} "
            f"seiner Wirtschaftsleistung für die Verteidigung aus."
        )

    def troops(self) -> str:
        return (
            f"Bis {self.year()} sollen zusätzlich {self.count('Soldaten')} an die Ostgrenze "
            f"von {self.host.name} verlegt werden."
        )

    def direct_quote(self) -> str:
        name, role = self.spokesperson()
        line = self.rng.choice(
            (
                "Wir arbeiten an einer Lösung, die für alle Seiten tragbar ist",
                "Die Gespräche waren offen und sachlich",
                "Wir erwarten konkrete Schritte in den nächsten Wochen",
                "Niemand hat ein Interesse an einer weiteren Eskalation",
            )
        )
        return f"„{line}“, sagte {name}, {role}, am {self.weekday()}."

    def direct_quote_after(self) -> str:
        name, role = self.spokesperson()
        line = self.rng.choice(
            (
                "Die Lage bleibt angespannt, aber sie ist unter Kontrolle.",
                "Wir haben unsere Position klar dargelegt.",
                "Das ist ein wichtiger Schritt, aber noch kein Durchbruch.",
            )
        )
        return f"{name}, {role}, erklärte: „{line}“"

    def indirect_quote(self) -> str:
        name, role = self.spokesperson()
        claim = self.rng.choice(
            (
                "die Verhandlungen würden in der kommenden Woche fortgesetzt",
                "man habe die Vorschläge sorgfältig geprüft",
                "eine Einigung sei noch vor dem Sommer möglich",
                "die Regierung werde ihre Zusagen einhalten",
            )
        )
        return f"{_named_role(role, name)} sagte, {claim}."

    def indirect_quote_zufolge(self) -> str:
        name, _role = self.spokesperson()
        return (
            f"{name} zufolge sind die Vorbereitungen für das Treffen weitgehend abgeschlossen, "
            f"offen sei lediglich der Termin."
        )

    def organisation_report(self) -> str:
        return (
            f"In einem am {self.day()} veröffentlichten Bericht {self.org_dat} heißt es, "
            f"die Zahl der Zwischenfälle sei im Vergleich zum Vorjahr um {self.percent()} "
            f"gesunken."
        )

    def organisation_session(self) -> str:
        return (
            f"{_capital(self.org_nom)} will auf einer Sitzung im {self.rng.choice(MONTHS)} "
            f"erneut über {self.topic} beraten."
        )

    def refugees(self) -> str:
        return (
            f"Nach Schätzungen von Hilfsorganisationen haben seit Jahresbeginn mehr als "
            f"{self.count('Menschen')} die Region verlassen."
        )

    def background(self) -> str:
        return (
            f"Die Beziehungen zwischen {self.host.name} und {self.guest.name} gelten seit "
            f"Jahren als schwierig, wirtschaftlich sind beide Länder jedoch eng verflochten."
        )

    def exercise(self) -> str:
        return (
            f"An dem Manöver, das am {self.day()} beginnt, nehmen nach Angaben der Veranstalter "
            f"{self.count('Soldaten')} aus {self.rng.randrange(3, 20)} Ländern teil."
        )

    def sanction_debate(self) -> str:
        return (
            f"In {self.country().name} wird seit Wochen darüber diskutiert, ob weitere "
            f"Handelsbeschränkungen sinnvoll wären."
        )

    def aid(self) -> str:
        return (
            f"{self.guest.name} stellte {self.host.name} im vergangenen Jahr humanitäre Hilfe "
            f"im Umfang von {self.money()} zur Verfügung."
        )

    def talks_planned(self) -> str:
        return (
            f"Die nächste Gesprächsrunde ist für den {self.day()} {self.published.year + 1} "
            f"in {self.country().name} geplant."
        )

    def statistics(self) -> str:
        return (
            f"Die Arbeitslosigkeit in {self.country().name} lag zuletzt bei {self.percent()}, "
            f"die Inflation bei {self.percent()}."
        )

    def infrastructure(self) -> str:
        return (
            f"Für die Modernisierung von Häfen und Bahnstrecken sind bis {self.year()} "
            f"insgesamt {self.money()} eingeplant."
        )

    def observers(self) -> str:
        return (
            f"Beobachter {self.org_dat} sollen die Umsetzung der Vereinbarungen vor Ort überprüfen."
        )

    # ------------------------------------------------------------ article

    def article(self) -> dict[str, str]:
        title = f"{self.host.name} und {self.guest.name} beraten über {self.topic}"
        paragraphs: list[list[str]] = [[self.meeting(), self.agreement()]]
        words = sum(len(s.split()) for s in paragraphs[0])
        templates: list[Callable[[], str]] = []
        while words < TARGET_WORDS:
            if not templates:  # every template once before any repeats
                templates = self.sentences()
                self.rng.shuffle(templates)
            sentence = templates.pop()()
            if len(paragraphs[-1]) >= self.rng.randrange(3, 7):
                paragraphs.append([])
            paragraphs[-1].append(sentence)
            words += len(sentence.split())
        text = "\n\n".join(" ".join(p) for p in paragraphs)
        return {"title": title, "text": f"{title}\n\n{text}"}


def _named_role(role: str, name: str) -> str:
    """ "Die Sprecherin des …, Vera Geldern," as a sentence's subject."""
    article = "Die" if role.startswith("Sprecherin") else "Der"
    return f"{article} {role}, {name},"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def generate(count: int, seed: int = 1) -> Iterator[dict[str, str | None]]:
    """``count`` article records; article ``i`` depends only on ``seed`` and ``i``."""
    countries = load_countries()
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        article = ArticleWriter(rng, countries, published).article()
        yield {
            "title": article["title"],
            "outlet": rng.choice(OUTLETS),
            "published": published.isoformat(),
            "url": f"https://example.org/bench/{seed}/{index}",
            "author": None,
            "language": "de",
            "text": article["text"],
        }


def write_corpus(path: Path, count: int, seed: int = 1) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in generate(count, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("--output", "-o", type=Path, help="JSONL file (default: stdout)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.output:
        write_corpus(args.output, args.count, args.seed)
    else:
        for record in generate(args.count, args.seed):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
