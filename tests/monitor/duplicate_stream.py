"""A generated article stream with known near-copies, for measuring duplicate detection.

Articles are composed from our own German sentence templates on a dozen security-policy
topics, filled with fictional people, real places and random figures. Originals on the
same topic share templates (so they share topic wording) but not their facts. Copies
repeat an earlier article of the stream (original or copy) with the edits outlets make:
another headline, an agency tag, a paragraph added or cut, typos, sentences or
paragraphs moved, a boilerplate line. ``family`` is the ground truth: a copy has the
family of the article it copies.
"""

# ruff: noqa: E501  (the sentence templates are data; one per line reads best)
from __future__ import annotations

import random
from dataclasses import dataclass

FIRST = ("Jana", "Piet", "Irma", "Kasimir", "Lene", "Ole", "Marit", "Tobias", "Edda", "Volker",
         "Rieke", "Arvid", "Signe", "Hannes", "Wiebke", "Konrad", "Talea", "Jonte", "Frauke", "Malte")  # fmt: skip
LAST = ("Brenner", "Falkenhagen", "Lindqvist", "Moosbach", "Quandel", "Rothwiese", "Sandhoff",
        "Tegeler", "Ulmenau", "Wendtland", "Zirbel", "Achterberg", "Birkholz", "Dornfeld",
        "Eschweiler", "Grabowski", "Hollerbach", "Kettwig", "Lohmeyer", "Nettelbeck")  # fmt: skip
CITIES = ("Berlin", "Brüssel", "Warschau", "Vilnius", "Riga", "Tallinn", "Helsinki", "Oslo",
          "Prag", "Wien", "Bukarest", "Kiel", "Rostock", "Munster", "Koblenz", "Den Haag")  # fmt: skip
COUNTRIES = ("Polen", "Litauen", "Lettland", "Estland", "Finnland", "Norwegen", "Rumänien",
             "Tschechien", "Dänemark", "Schweden", "die Niederlande", "Italien")  # fmt: skip
DAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
ROLES = ("Staatssekretärin", "Ministerialdirektor", "Generalleutnant", "Sprecherin",
         "Abgeordneter", "Botschafterin", "Konteradmiral", "Referatsleiter")  # fmt: skip
AGENCIES = ("dpa", "AFP", "Reuters", "epd", "KNA", "AP")

TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "manoever": (
        [
            "{n1} Soldaten üben in {country}",
            "Großübung mit {n1} Kräften beginnt in {country}",
            "Manöver bei {city}: Bundeswehr verlegt {n2} Fahrzeuge",
        ],
        [
            "Die Bundeswehr hat am {day} eine Übung mit rund {n1} Soldatinnen und Soldaten in {country} begonnen.",
            "Nach Angaben des Heeres werden dafür {n2} Fahrzeuge über {city} verlegt.",
            "{role} {person} sagte, das Manöver solle die Zusammenarbeit mit {country} stärken.",
            "Die Übung dauert nach Planung bis Ende {month} und umfasst {n3} Einzelvorhaben.",
            "Beteiligt sind auch Einheiten aus {country2}, die in {city2} stationiert sind.",
            "Anwohner in der Region um {city} müssen mit Kolonnenverkehr rechnen.",
            "Im vergangenen Jahr hatten an einer vergleichbaren Übung {n3} Kräfte teilgenommen.",
            "{person} betonte, man reagiere damit auf die veränderte Sicherheitslage im Osten.",
        ],
    ),
    "lieferung": (
        [
            "{country} erhält {n2} weitere Panzer",
            "Neue Waffenlieferung an {country} beschlossen",
            "Regierung genehmigt Lieferung von {n3} Raketen",
        ],
        [
            "Die Bundesregierung hat die Lieferung von {n2} weiteren Panzern an {country} genehmigt.",
            "Das Paket umfasst außerdem {n3} Lenkflugkörper und Munition im Wert von {n1} Millionen Euro.",
            "{role} {person} erklärte am {day} in {city}, die Entscheidung sei mit den Partnern abgestimmt.",
            "Die ersten Systeme sollen bis {month} übergeben werden.",
            "Der Hersteller in {city2} hat nach eigenen Angaben die Produktion erhöht.",
            "Kritiker im Bundestag forderten mehr Transparenz bei den Exportgenehmigungen.",
            "Bereits im Frühjahr waren {n3} Fahrzeuge an {country2} gegangen.",
            "{person} sagte, weitere Lieferungen würden geprüft.",
        ],
    ),
    "gipfel": (
        [
            "Gipfel in {city}: Minister beraten über {country}",
            "Außenminister treffen sich in {city}",
            "Treffen in {city} endet ohne Einigung",
        ],
        [
            "Die Außenminister mehrerer Staaten sind am {day} in {city} zu Beratungen zusammengekommen.",
            "Im Mittelpunkt standen die Lage in {country} und die Unterstützung für {country2}.",
            "{role} {person} sprach nach dem Treffen von offenen und konstruktiven Gesprächen.",
            "Eine gemeinsame Erklärung soll bis {month} ausgearbeitet werden.",
            "An den Beratungen nahmen Delegationen aus {n4} Staaten teil.",
            "Das nächste Treffen ist für den Herbst in {city2} geplant.",
            "{person} kündigte an, die Gespräche mit {country} fortzusetzen.",
            "Am Rande des Treffens kam es zu Protesten von rund {n3} Menschen.",
        ],
    ),
    "sanktionen": (
        [
            "Neue Sanktionen gegen Firmen aus {country}",
            "EU weitet Strafmaßnahmen aus",
            "{n4} Unternehmen auf der Sanktionsliste",
        ],
        [
            "Die Europäische Union hat am {day} neue Sanktionen gegen {n4} Unternehmen beschlossen.",
            "Betroffen sind vor allem Firmen, die Bauteile über {country} geliefert haben sollen.",
            "{role} {person} sagte in {city}, die Maßnahmen sollten Umgehungsgeschäfte erschweren.",
            "Die Vermögenswerte der Unternehmen in Höhe von {n1} Millionen Euro werden eingefroren.",
            "Die Liste soll im {month} erneut überprüft werden.",
            "Vertreter aus {country2} hatten schärfere Schritte gefordert.",
            "{person} räumte ein, die Wirkung lasse sich erst nach Monaten beurteilen.",
            "Zuletzt waren im Frühjahr {n3} Personen mit Einreiseverboten belegt worden.",
        ],
    ),
    "cyber": (
        [
            "Cyberangriff auf Behörde in {city}",
            "Hacker legen Netz in {city} lahm",
            "Ermittler prüfen Angriff auf {n4} Server",
        ],
        [
            "Unbekannte haben am {day} das Netzwerk einer Behörde in {city} angegriffen.",
            "Nach Angaben der Ermittler waren {n4} Server betroffen, Daten seien abgeflossen.",
            "{role} {person} sagte, die Spuren deuteten auf eine Gruppe mit Verbindungen nach {country}.",
            "Das Bundesamt für Sicherheit in der Informationstechnik unterstützt die Aufklärung.",
            "Bis {month} sollen die Systeme vollständig wiederhergestellt sein.",
            "Schon im vergangenen Jahr waren {n3} ähnliche Vorfälle gemeldet worden.",
            "{person} forderte mehr Geld für die Abwehr solcher Angriffe.",
            "Auch Einrichtungen in {city2} hätten verdächtige Zugriffe festgestellt.",
        ],
    ),
    "haushalt": (
        [
            "Verteidigungsetat steigt auf {n1} Milliarden",
            "Mehr Geld für die Bundeswehr",
            "Haushalt: {n4} Prozent mehr für Verteidigung",
        ],
        [
            "Der Verteidigungshaushalt soll im kommenden Jahr auf {n1} Milliarden Euro steigen.",
            "Das entspricht einem Plus von {n4} Prozent gegenüber dem laufenden Jahr.",
            "{role} {person} sagte am {day} in {city}, das Geld fließe vor allem in Munition.",
            "Der Haushaltsausschuss will im {month} abschließend beraten.",
            "Für neue Kasernen in {city2} sind {n3} Millionen Euro vorgesehen.",
            "Die Opposition kritisierte, die Planung sei nicht solide finanziert.",
            "{person} verwies auf die Zusagen gegenüber den Partnern aus {country}.",
            "Ein Teil der Mittel stammt aus dem Sondervermögen.",
        ],
    ),
    "marine": (
        [
            "Fregatte läuft nach {country} aus",
            "Marine schickt {n4} Schiffe in die Ostsee",
            "Einsatzgruppe verlässt {city}",
        ],
        [
            "Die Fregatte mit {n3} Besatzungsmitgliedern ist am {day} aus {city} ausgelaufen.",
            "Ziel ist ein Einsatz vor der Küste von {country}, der bis {month} dauern soll.",
            "{role} {person} sagte, der Verband schütze Kabel und Leitungen am Meeresgrund.",
            "Insgesamt beteiligen sich {n4} Schiffe aus mehreren Staaten.",
            "In {city2} soll der Verband einen Zwischenhalt einlegen.",
            "Zuletzt hatten Schäden an Unterseekabeln für Unruhe gesorgt.",
            "{person} kündigte an, die Präsenz in der Region dauerhaft zu verstärken.",
            "Auch {country2} stellt ein Versorgungsschiff bereit.",
        ],
    ),
    "wehrdienst": (
        [
            "Neuer Wehrdienst: {n1} Freiwillige erwartet",
            "Musterung soll wieder eingeführt werden",
            "Debatte über Wehrpflicht in {city}",
        ],
        [
            "Die Bundesregierung rechnet im ersten Jahr des neuen Wehrdienstes mit {n1} Freiwilligen.",
            "Alle jungen Männer sollen künftig einen Fragebogen ausfüllen, teilte das Ministerium am {day} mit.",
            "{role} {person} sagte in {city}, zunächst setze man auf Freiwilligkeit.",
            "Die Musterung soll ab {month} schrittweise wieder aufgebaut werden.",
            "Dafür werden {n4} Kreiswehrersatzämter neu eingerichtet.",
            "Vorbilder seien Modelle in {country} und {country2}.",
            "{person} schloss eine spätere Pflicht nicht aus.",
            "Jugendverbände kritisierten die Pläne als übereilt.",
        ],
    ),
}
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")  # fmt: skip
#: Wordings writers choose between: distinct articles on one topic do not share their phrasing.
VARIANTS: dict[str, tuple[str, ...]] = {
    " sagte": (" sagte", " erklärte", " betonte", " sagte am Rande eines Termins"),
    "Die Bundesregierung": ("Die Bundesregierung", "Die Regierung", "Das Kabinett"),
    "Nach Angaben": ("Nach Angaben", "Nach Auskunft", "Laut Angaben"),
    " am ": (" am ", " bereits am ", " am frühen "),
    " rund ": (" rund ", " etwa ", " knapp ", " mehr als "),
    " soll ": (" soll ", " wird ", " könnte "),
    " sollen ": (" sollen ", " werden ", " könnten "),
    " mehrerer ": (" mehrerer ", " verschiedener ", " zahlreicher "),
    " vor allem ": (" vor allem ", " insbesondere ", " hauptsächlich "),
    " Kritiker ": (" Kritiker ", " Gegner ", " Skeptiker "),
    " kündigte an": (" kündigte an", " stellte in Aussicht", " versprach"),
    " forderte": (" forderte", " verlangte", " mahnte"),
    " zuletzt ": (" zuletzt ", " zuvor ", " schon "),
}
#: Clauses a writer may add to a sentence of an original.
ASIDES = (
    ", wie es hieß", ", hieß es aus Regierungskreisen", ", so die Planung",
    ", teilten Beteiligte mit", ", berichteten Beobachter", ", war zu hören",
    " nach ersten Erkenntnissen", " nach Darstellung der Behörden", ", so der Stand am Abend",
)  # fmt: skip
BOILERPLATE = (
    "Mehr zum Thema lesen Sie in unserem Newsletter.",
    "Dieser Artikel wurde aktualisiert.",
    "Lesen Sie auch: Was die Entscheidung für die Region bedeutet.",
    "Mit Material von Agenturen.",
)


@dataclass(frozen=True)
class StreamArticle:
    index: int
    text: str
    family: int  # ground truth: copies share their source's family
    copy_of: int | None  # index of the article copied
    topic: str


def _fillers(rng: random.Random) -> dict[str, str]:
    city, city2 = rng.sample(CITIES, 2)
    country, country2 = rng.sample(COUNTRIES, 2)
    return {
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "role": rng.choice(ROLES),
        "city": city,
        "city2": city2,
        "country": country,
        "country2": country2,
        "day": rng.choice(DAYS),
        "month": rng.choice(MONTHS),
        "n1": str(rng.randint(100, 9000)),
        "n2": str(rng.randint(5, 400)),
        "n3": str(rng.randint(10, 900)),
        "n4": str(rng.randint(2, 40)),
    }


def _original(topic: str, rng: random.Random) -> list[list[str]]:
    """Headline, then paragraphs of sentences, on one topic with one set of facts."""
    headlines, sentences = TOPICS[topic]
    slots = _fillers(rng)
    chosen = rng.sample(sentences, rng.randint(5, 8))
    body = [_reword(s.format(**slots), rng) for s in chosen]
    cuts = sorted(rng.sample(range(1, len(body)), rng.randint(2, 3)))
    paragraphs = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    return [[rng.choice(headlines).format(**slots)], *paragraphs]


def _reword(sentence: str, rng: random.Random) -> str:
    """The writer's own wording: synonyms, and now and then an aside before the full stop."""
    for phrase, choices in VARIANTS.items():
        if phrase in sentence:
            sentence = sentence.replace(phrase, rng.choice(choices), 1)
    if rng.random() < 0.5 and sentence.endswith("."):
        sentence = sentence[:-1] + rng.choice(ASIDES) + "."
    return sentence


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swapped letters
    if kind == 1:
        return word[:i] + word[i + 1 :]  # dropped letter
    return word[:i] + word[i] + word[i:]  # doubled letter


def _edit(parts: list[list[str]], rng: random.Random) -> list[list[str]]:
    """A copy as an outlet prints it: two to four of the usual edits."""
    head, paragraphs = parts[0][0], [list(p) for p in parts[1:]]
    edits = rng.sample(["headline", "agency", "add", "cut", "typos", "reorder", "boiler"],
                       rng.randint(2, 4))  # fmt: skip
    if "add" in edits and "cut" in edits:  # both at once is a rewrite, not a copy
        edits.remove(rng.choice(["add", "cut"]))
    if "headline" in edits:
        head = rng.choice(["Bericht: ", "Eilmeldung: ", "Neu: ", ""]) + " ".join(
            reversed(head.split(": ", 1))
        )
    if "agency" in edits:
        agency = rng.choice(AGENCIES)
        paragraphs[0][0] = f"{rng.choice(CITIES)} ({agency}) – " + paragraphs[0][0]
    if "add" in edits:
        _, sentences = TOPICS[rng.choice(sorted(TOPICS))]
        extra = [s.format(**_fillers(rng)) for s in rng.sample(sentences, 2)]
        paragraphs.insert(rng.randint(1, len(paragraphs)), extra)
    if "cut" in edits and len(paragraphs) > 2:
        paragraphs.pop()
    if "typos" in edits:
        for _ in range(rng.randint(1, 4)):
            p = rng.randrange(len(paragraphs))
            s = rng.randrange(len(paragraphs[p]))
            words = paragraphs[p][s].split(" ")
            w = rng.randrange(len(words))
            words[w] = _typo(words[w], rng)
            paragraphs[p][s] = " ".join(words)
    if "reorder" in edits:
        if rng.random() < 0.5 and len(paragraphs) > 1:
            i, j = rng.sample(range(len(paragraphs)), 2)
            paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
        else:
            p = max(range(len(paragraphs)), key=lambda k: len(paragraphs[k]))
            rng.shuffle(paragraphs[p])
    if "boiler" in edits:
        paragraphs.append([rng.choice(BOILERPLATE)])
    return [[head], *paragraphs]


def _render(parts: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in parts)


def generate_stream(size: int, copy_share: float = 0.3, seed: int = 7) -> list[StreamArticle]:
    """``size`` articles of which ``copy_share`` are near-copies of earlier ones."""
    rng = random.Random(seed)
    copies = round(size * copy_share)
    is_copy = [False] * (size - copies) + [True] * copies
    rng.shuffle(is_copy)
    is_copy[0] = False
    if sum(is_copy) < copies:  # the first article must be an original: move that copy
        is_copy[next(i for i in range(1, size) if not is_copy[i])] = True
    parts: list[list[list[str]]] = []
    stream: list[StreamArticle] = []
    texts: set[str] = set()
    for index, copy in enumerate(is_copy):
        if copy:
            # Popular stories are copied more: pick recent articles more often.
            source = max(0, len(stream) - 1 - int(rng.expovariate(1 / 60)))
            edited = _edit(parts[source], rng)
            while _render(edited) in texts:  # never verbatim: that would be the same document
                edited = _edit(parts[source], rng)
            parts.append(edited)
            origin = stream[source]
            text = _render(parts[-1])
            stream.append(StreamArticle(index, text, origin.family, source, origin.topic))
        else:
            topic = rng.choice(sorted(TOPICS))
            parts.append(_original(topic, rng))
            stream.append(StreamArticle(index, _render(parts[-1]), index, None, topic))
        texts.add(stream[-1].text)
    return stream
