"""What the store's queries return: plain frozen dataclasses.

They carry ids and display names together, so the CLI, the analysis layer and
the web layer never need SQL or a second lookup to show a row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    entities: int
    mentions: int
    quotes: int
    relations: int
    amounts: int


@dataclass(frozen=True, slots=True)
class ActorRow:
    entity_id: str
    name: str
    type: str
    documents: int  # distinct documents mentioning the actor
    mentions: int
    #: independent sources (copy clusters) among the documents; counted by ``top_actors``
    #: (None where a query does not count them, e.g. ``actor_stats``)
    sources: int | None = None


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: str
    name: str
    type: str
    provisional: bool
    aliases: tuple[str, ...]  # every stored name except the canonical one, sorted
    mentions: int


@dataclass(frozen=True, slots=True)
class RelationRow:
    id: str
    doc_id: str
    doc_title: str | None
    doc_published: dt.date | None
    source_id: str
    source_name: str
    type: str
    target_id: str
    target_name: str
    cue: str | None
    asserted: bool
    claimed_by: str | None
    claimed_by_name: str | None
    hypothetical: bool
    negated: bool
    date: dt.date | None
    start: int
    end: int
    evidence: str  # the document text of the span
    confidence: float


@dataclass(frozen=True, slots=True)
class RelationStrength:
    """How many documents report a relation between two actors.

    For symmetric types (COOPERATE, CONSULT, AGREE) source and target are the
    pair in id order, and the count covers both directions.
    """

    source_id: str
    source_name: str
    type: str
    target_id: str
    target_name: str
    documents: int
    relations: int
    symmetric: bool
    #: independent sources: copy clusters of near-duplicate articles count once
    sources: int = 0


@dataclass(frozen=True, slots=True)
class QuoteRow:
    id: str
    doc_id: str
    doc_title: str | None
    doc_published: dt.date | None
    speaker_id: str | None
    speaker_name: str | None  # canonical name if linked, else the name the text gives
    text: str
    kind: str
    cue: str | None
    venue: str | None
    date: dt.date | None
    start: int
    end: int
    confidence: float
    outlet: str | None = None  # the outlet of the document
    #: independent sources reporting the quote's statement (copy clusters of the documents
    #: of its fact: the same speaker, nearly the same words); 1 for a quote reported once
    sources: int = 1
    documents: int = 1  # documents reporting the statement


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    speaker_id: str | None
    speaker_name: str
    quotes: int
    documents: int


@dataclass(frozen=True, slots=True)
class AmountRow:
    id: str
    doc_id: str
    doc_title: str | None
    doc_published: dt.date | None
    text: str
    value: float
    value_max: float | None
    unit: str
    approximate: bool
    qualifier: str | None
    measure: str | None
    actor_id: str | None
    actor_name: str | None
    cited_by: str | None
    cited_by_name: str | None
    year: int | None
    period: str | None
    start: int
    end: int
    confidence: float


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    author: str | None
    published: dt.date | None
    published_time: str | None
    language: str | None
    status: str
    ingested_at: dt.datetime


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """Relations of one actor in one month, of one type, in one direction."""

    month: str  # "2024-10"
    type: str
    direction: str  # "out": the actor is the source; "in": the target
    relations: int


@dataclass(frozen=True, slots=True)
class MeasureRow:
    measure: str
    unit: str
    amounts: int


@dataclass(frozen=True, slots=True)
class OutletRow:
    outlet: str
    documents: int


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The first and last publication date in the database (None when it is empty)."""

    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True, slots=True)
class RelationFact:
    """One relation reported by one or more documents: the same actors, type and polarity
    (negated, hypothetical) within one story, or one copy cluster when a document has no
    story. ``relation`` is one of its reports (the evidence shown)."""

    relation: RelationRow
    sources: int  # independent sources: copy clusters among the reporting documents
    documents: int
    reports: int  # relation rows
    story_id: str  # the story (or copy cluster, or document) the fact was reported in
    last: dt.date | None  # the newest date of a report
