"""An article's text cut into segments, each knowing which facts cover it.

Facts overlap (a mention inside a quote inside a relation's span), so the text is cut at
every fact boundary; each segment carries the kinds and ids of the facts covering it.
The template renders each segment as an escaped ``<span>`` with those classes and ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from lagebild.model import Document

#: CSS class per fact kind
KINDS = ("mention", "quote", "relation", "amount", "date")


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    kind: str  # one of KINDS
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kinds: tuple[str, ...]
    fact_ids: tuple[str, ...]


def document_facts(doc: Document) -> list[Fact]:
    facts = [Fact(m.id, "mention", m.start, m.end) for m in doc.mentions]
    facts += [Fact(q.id, "quote", q.evidence.start, q.evidence.end) for q in doc.quotes]
    facts += [Fact(r.id, "relation", r.evidence.start, r.evidence.end) for r in doc.relations]
    facts += [Fact(a.id, "amount", a.evidence.start, a.evidence.end) for a in doc.amounts]
    facts += [Fact(x.id, "date", x.evidence.start, x.evidence.end) for x in doc.times]
    return [f for f in facts if 0 <= f.start < f.end <= len(doc.text)]


def segments(text: str, facts: list[Fact]) -> list[Segment]:
    """The text from start to end in pieces; joined, their texts give the text back."""
    cuts = sorted({0, len(text), *(f.start for f in facts), *(f.end for f in facts)})
    by_start = sorted(facts, key=lambda f: f.start)
    open_facts: list[Fact] = []
    pieces = []
    next_fact = 0
    for left, right in pairwise(cuts):
        while next_fact < len(by_start) and by_start[next_fact].start <= left:
            open_facts.append(by_start[next_fact])
            next_fact += 1
        open_facts = [f for f in open_facts if f.end > left]
        covering = [f for f in open_facts if f.start <= left and f.end >= right]
        kinds = tuple(k for k in KINDS if any(f.kind == k for f in covering))
        pieces.append(Segment(text[left:right], kinds, tuple(f.id for f in covering)))
    return pieces
