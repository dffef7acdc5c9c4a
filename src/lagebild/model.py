"""The data model: documents and the annotations that stages add to them.

Plain dataclasses, no behaviour beyond small derived properties. Every annotation
carries an :class:`Evidence` that points at the exact character span of the
document text it was read from, so any stored fact can be traced back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from lagebild.ids import annotation_id

EntityType = Literal["PER", "ORG", "GPE", "LOC", "OTH"]
QuoteKind = Literal["direct", "indirect"]
MentionKind = Literal[
    "name",  # "Mark Rutte", "Russland", "NATO"
    "adjective",  # "russischen"
    "demonym",  # "der Niederländer", "die Russen"
    "metonym",  # "Moskau", "der Kreml" standing for a state
    "role",  # "der Nato-Generalsekretär"
    "pronoun",  # "er" as the subject of a speech verb
]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
#: Relation types whose direction carries no meaning ("X and Y cooperate").
SYMMETRIC_TYPES: frozenset[str] = frozenset({"COOPERATE", "CONSULT", "AGREE"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact comes from: a span of one document, found by one stage."""

    doc_id: str
    start: int
    end: int
    stage: str
    version: str = "1"
    confidence: float = 1.0


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lemma: str = ""
    pos: str = ""  # STTS tag, e.g. "NN", "VVFIN", "ADJA"
    space_after: bool = True

    def __reduce__(self) -> tuple[type[Token], tuple[str, int, int, str, str, bool]]:
        # Worker processes send documents of hundreds of tokens back to the parent;
        # a tuple of the fields pickles and unpickles several times faster than slots.
        return Token, (self.text, self.start, self.end, self.lemma, self.pos, self.space_after)


@dataclass(slots=True)
class Sentence:
    """A sentence as a half-open range of token indices into ``Document.tokens``."""

    start: int  # character offset of the first token
    end: int  # character offset after the last token
    first_token: int
    last_token: int  # exclusive


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity in the text."""

    evidence: Evidence
    text: str
    type: EntityType
    entity_id: str
    kind: MentionKind = "name"

    @property
    def start(self) -> int:
        return self.evidence.start

    @property
    def end(self) -> int:
        return self.evidence.end

    @property
    def id(self) -> str:
        return annotation_id(self.evidence.doc_id, "mention", self.start, self.end)


@dataclass(slots=True)
class Entity:
    """A real-world actor or place; ``id`` is stable across documents and runs."""

    id: str
    name: str  # canonical English name ("Russia", "Mark Rutte")
    type: EntityType
    aliases: list[str] = field(default_factory=list)  # surface forms seen
    provisional: bool = False  # True if not in the knowledge base
    confidence: float = 1.0


@dataclass(slots=True)
class TimeExpression:
    evidence: Evidence
    text: str
    start_date: dt.date | None
    end_date: dt.date | None  # == start_date for a single day
    granularity: Literal["day", "week", "month", "quarter", "year", "range", "time"] = "day"

    @property
    def id(self) -> str:
        return annotation_id(self.evidence.doc_id, "time", self.evidence.start, self.evidence.end)


@dataclass(slots=True)
class Quote:
    evidence: Evidence  # span of the quoted text (without quotation marks)
    text: str
    kind: QuoteKind
    speaker_id: str | None
    speaker_name: str | None
    speaker_span: tuple[int, int] | None = None  # the mention that names the speaker
    cue: str | None = None  # lemma of the speech verb or marker ("sagen", "laut")
    cue_span: tuple[int, int] | None = None
    venue: str | None = None  # medium or place ("der New York Times", "in Brüssel")
    date: dt.date | None = None

    @property
    def id(self) -> str:
        # The speaker is part of it: the words of a joint statement are a quote by each.
        return annotation_id(
            self.evidence.doc_id, "quote", self.evidence.start, self.evidence.end, self.speaker_id
        )


@dataclass(slots=True)
class Relation:
    evidence: Evidence  # span of the words that carry the relation
    source_id: str
    type: str  # one of PLOVER_TYPES
    target_id: str
    source_name: str = ""
    target_name: str = ""
    cue: str | None = None  # lemma of the predicate ("unterstützen", "Zusammenarbeit")
    asserted: bool = True  # False: the article reports it as someone's claim
    claimed_by: str | None = None  # entity id of the speaker who claims it
    hypothetical: bool = False
    negated: bool = False
    date: dt.date | None = None

    @property
    def id(self) -> str:
        return annotation_id(
            self.evidence.doc_id,
            "relation",
            self.evidence.start,
            self.evidence.end,
            self.source_id,
            self.type,
            self.target_id,
        )


@dataclass(slots=True)
class Amount:
    evidence: Evidence  # the number with its unit ("462 Milliarden Dollar")
    text: str
    value: float
    unit: str  # percent, USD, EUR, persons, soldiers, items, years, minutes, countries, ...
    value_max: float | None = None  # upper end of a range ("zwei bis drei Prozent")
    approximate: bool = False  # "rund", "etwa", "knapp"
    qualifier: str | None = None  # "more_than", "less_than", "up_to", "at_least"
    measure: str | None = None  # what is measured ("Verteidigungsbudget", "Anteil am BIP")
    actor_id: str | None = None
    actor_name: str | None = None
    cited_by: str | None = None  # entity id of the speaker when the figure is quoted
    year: int | None = None
    period: str | None = None

    @property
    def id(self) -> str:
        return annotation_id(self.evidence.doc_id, "amount", self.evidence.start, self.evidence.end)


@dataclass(slots=True)
class Document:
    """An article and everything the pipeline found in it."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: dt.date | None = None
    published_time: str | None = None  # "09:20" when the source gives it
    language: str | None = None
    source: str | None = None  # path or URL the document was read from
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    #: names of the things stages have assigned ("tokens", "entities", ...)
    assigned: set[str] = field(default_factory=set)

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.first_token : sentence.last_token]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            sent = self.sentences[mid]
            if offset < sent.start:
                hi = mid
            elif offset >= sent.end:
                lo = mid + 1
            else:
                return sent
        return None

    def quote_at(self, offset: int) -> Quote | None:
        """The first quotation whose text contains character ``offset``."""
        return next((q for q in self.quotes if q.evidence.start <= offset < q.evidence.end), None)

    def evidence(
        self, start: int, end: int, stage: str, confidence: float = 1.0, version: str = "1"
    ) -> Evidence:
        return Evidence(self.id, start, end, stage, version, confidence)
