"""Hand-built articles for store tests: fictional countries and people, exact spans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lagebild.ids import document_id
from lagebild.model import Amount, Document, Entity, Mention, Quote, Relation, TimeExpression


@dataclass
class ArticleBuilder:
    """Builds a Document whose annotations point at the spans of phrases in its text."""

    text: str
    published: dt.date | None = None
    title: str | None = None
    language: str = "de"
    doc: Document = field(init=False)

    def __post_init__(self) -> None:
        self.doc = Document(
            id=document_id(self.text),
            text=self.text,
            title=self.title,
            outlet="Testblatt",
            published=self.published,
            language=self.language,
        )

    def span(self, phrase: str, occurrence: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(occurrence + 1):
            start = self.text.index(phrase, start + 1)
        return start, start + len(phrase)

    def entity(self, entity_id: str, name: str, type_: str, *aliases: str) -> ArticleBuilder:
        self.doc.entities[entity_id] = Entity(entity_id, name, type_, list(aliases))  # type: ignore[arg-type]
        return self

    def mention(self, phrase: str, entity_id: str, occurrence: int = 0) -> ArticleBuilder:
        start, end = self.span(phrase, occurrence)
        entity = self.doc.entities[entity_id]
        self.doc.mentions.append(
            Mention(self.doc.evidence(start, end, "entities"), phrase, entity.type, entity_id)
        )
        return self

    def quote(
        self,
        phrase: str,
        speaker_id: str | None,
        kind: str = "direct",
        speaker_name: str | None = None,
    ) -> ArticleBuilder:
        start, end = self.span(phrase)
        name = speaker_name or (self.doc.entities[speaker_id].name if speaker_id else None)
        self.doc.quotes.append(
            Quote(
                self.doc.evidence(start, end, "quotes", 0.9),
                phrase,
                kind,  # type: ignore[arg-type]
                speaker_id,
                name,
                cue="sagen",
            )
        )
        return self

    def relation(
        self,
        phrase: str,
        source_id: str,
        type_: str,
        target_id: str,
        **flags: object,
    ) -> ArticleBuilder:
        start, end = self.span(phrase)
        self.doc.relations.append(
            Relation(
                self.doc.evidence(start, end, "relations", 0.8),
                source_id,
                type_,
                target_id,
                **flags,  # type: ignore[arg-type]
            )
        )
        return self

    def amount(self, phrase: str, value: float, unit: str, **fields: object) -> ArticleBuilder:
        start, end = self.span(phrase)
        self.doc.amounts.append(
            Amount(self.doc.evidence(start, end, "amounts"), phrase, value, unit, **fields)  # type: ignore[arg-type]
        )
        return self

    def time(self, phrase: str, day: dt.date) -> ArticleBuilder:
        start, end = self.span(phrase)
        self.doc.times.append(
            TimeExpression(self.doc.evidence(start, end, "dates"), phrase, day, day)
        )
        return self


# Fictional countries and people, so no real person is quoted.
NORDLAND = ("gpe:nordland", "Nordland", "GPE")
SUEDMARK = ("gpe:suedmark", "Südmark", "GPE")
OSTRIA = ("gpe:ostria", "Ostria", "GPE")
BUND = ("org:westbund", "Western Alliance", "ORG")
ANNA = ("per:anna-beispiel", "Anna Beispiel", "PER")
KARL = ("per:karl-muster", "Karl Muster", "PER")


def article_one() -> Document:
    """Nordland supports Südmark; a minister is quoted; a budget figure."""
    text = (
        "Nordland unterstützt Südmark mit Panzern. Die nordländische Ministerin Anna Beispiel "
        "sagte am Montag: „Wir stehen fest an der Seite Südmarks.“ Nordland will rund "
        "zwei Milliarden Euro bereitstellen. Ostria und Nordland vereinbarten eine Zusammenarbeit."
    )
    a = ArticleBuilder(text, published=dt.date(2024, 3, 4), title="Hilfe für Südmark")
    a.entity(*NORDLAND, "Nordland", "nordländische").entity(*SUEDMARK, "Südmark", "Südmarks")
    a.entity(*OSTRIA, "Ostria").entity(*ANNA, "Anna Beispiel")
    a.mention("Nordland", "gpe:nordland").mention("Südmark", "gpe:suedmark")
    a.mention("nordländische", "gpe:nordland").mention("Anna Beispiel", "per:anna-beispiel")
    a.mention("Nordland", "gpe:nordland", occurrence=1).mention("Ostria", "gpe:ostria")
    a.quote("Wir stehen fest an der Seite Südmarks.", "per:anna-beispiel")
    a.relation("unterstützt Südmark mit Panzern", "gpe:nordland", "AID", "gpe:suedmark")
    a.relation("Ostria und Nordland vereinbarten", "gpe:ostria", "AGREE", "gpe:nordland")
    a.amount(
        "zwei Milliarden Euro",
        2e9,
        "EUR",
        approximate=True,
        measure="Militärhilfe",
        actor_id="gpe:nordland",
    )
    a.time("am Montag", dt.date(2024, 3, 4))
    return a.doc


def article_two() -> Document:
    """Later: Nordland and Ostria agree again (reverse order); Südmark accuses Ostria."""
    text = (
        "Nordland und Ostria vereinbarten neue Manöver. Südmark wirft Ostria Spionage vor. "
        "Der Südmärker Karl Muster erklärte, Ostria habe die Grenze verletzt. Nach Angaben "
        "von Anna Beispiel könnte Nordland Ostria angreifen."
    )
    a = ArticleBuilder(text, published=dt.date(2024, 6, 10), title="Spannungen im Osten")
    a.entity(*NORDLAND, "Nordland").entity(*OSTRIA, "Ostria").entity(*SUEDMARK, "Südmärker")
    a.entity(*KARL, "Karl Muster").entity(*ANNA, "Beispiel")
    a.mention("Nordland", "gpe:nordland").mention("Ostria", "gpe:ostria")
    a.mention("Südmark", "gpe:suedmark").mention("Karl Muster", "per:karl-muster")
    a.quote("Ostria habe die Grenze verletzt", "per:karl-muster", kind="indirect")
    a.relation("Nordland und Ostria vereinbarten", "gpe:nordland", "AGREE", "gpe:ostria")
    a.relation("wirft Ostria Spionage vor", "gpe:suedmark", "ACCUSE", "gpe:ostria")
    a.relation(
        "könnte Nordland Ostria angreifen",
        "gpe:nordland",
        "ASSAULT",
        "gpe:ostria",
        hypothetical=True,
        asserted=False,
        claimed_by="per:anna-beispiel",
    )
    return a.doc
