"""A processed document as JSON (the contract of ``lagebild extract --format json``).

The keys follow ``shared/eval/GUIDE.md`` (``entities``, ``quotes``, ``relations``,
``amounts`` with ``name``/``aliases``, ``speaker``/``text``/``kind``,
``source``/``type``/``target``/``evidence``, ``value``/``unit``/``about``/``text``);
every item adds its character offsets, canonical ids and confidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lagebild.model import Document, Entity

JsonDict = dict[str, Any]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _name(doc: Document, entity_id: str | None) -> str | None:
    if entity_id is None:
        return None
    entity = doc.entities.get(entity_id)
    return entity.name if entity else entity_id


def document_to_json(doc: Document) -> JsonDict:
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "outlet": doc.outlet,
        "author": doc.author,
        "published": _iso(doc.published),
        "language": doc.language,
        "entities": [_entity(doc, e) for e in doc.entities.values()],
        "quotes": [
            {
                "id": q.id,
                "speaker": q.speaker_name,
                "speaker_id": q.speaker_id,
                "text": q.text,
                "kind": q.kind,
                "start": q.evidence.start,
                "end": q.evidence.end,
                "speaker_span": list(q.speaker_span) if q.speaker_span else None,
                "cue": q.cue,
                "venue": q.venue,
                "date": _iso(q.date),
                "confidence": q.evidence.confidence,
            }
            for q in doc.quotes
        ],
        "relations": [
            {
                "id": r.id,
                "source": _name(doc, r.source_id),
                "source_id": r.source_id,
                "type": r.type,
                "target": _name(doc, r.target_id),
                "target_id": r.target_id,
                "evidence": doc.text[r.evidence.start : r.evidence.end],
                "start": r.evidence.start,
                "end": r.evidence.end,
                "cue": r.cue,
                "asserted": r.asserted,
                "claimed_by": _name(doc, r.claimed_by),
                "claimed_by_id": r.claimed_by,
                "hypothetical": r.hypothetical,
                "negated": r.negated,
                "date": _iso(r.date),
                "confidence": r.evidence.confidence,
            }
            for r in doc.relations
        ],
        "amounts": [
            {
                "id": a.id,
                "value": a.value,
                "value_max": a.value_max,
                "unit": a.unit,
                "about": a.measure,
                "text": a.text,
                "start": a.evidence.start,
                "end": a.evidence.end,
                "approximate": a.approximate,
                "qualifier": a.qualifier,
                "actor": a.actor_name,
                "actor_id": a.actor_id,
                "cited_by": _name(doc, a.cited_by),
                "cited_by_id": a.cited_by,
                "year": a.year,
                "period": a.period,
                "confidence": a.evidence.confidence,
            }
            for a in doc.amounts
        ],
        "times": [
            {
                "id": t.id,
                "text": t.text,
                "start": t.evidence.start,
                "end": t.evidence.end,
                "start_date": _iso(t.start_date),
                "end_date": _iso(t.end_date),
                "granularity": t.granularity,
            }
            for t in doc.times
        ],
    }


def _entity(doc: Document, entity: Entity) -> JsonDict:
    mentions = [m for m in doc.mentions if m.entity_id == entity.id]
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "provisional": entity.provisional,
        "confidence": max((m.evidence.confidence for m in mentions), default=entity.confidence),
        "mentions": [
            {"text": m.text, "start": m.start, "end": m.end, "kind": m.kind} for m in mentions
        ],
    }


def document_to_table(doc: Document) -> str:
    """The same content as :func:`document_to_json`, as aligned plain-text tables."""
    from lagebild.textable import format_table

    data = document_to_json(doc)
    header = (
        f"{doc.title or doc.source or doc.id}  ({data['published'] or 'undated'}, {doc.language})"
    )
    sections = [
        header,
        "",
        "Entities",
        format_table(
            ["name", "type", "id", "aliases"],
            [[e["name"], e["type"], e["id"], ", ".join(e["aliases"])] for e in data["entities"]],
        ),
        "",
        "Quotes",
        format_table(
            ["speaker", "kind", "cue", "text"],
            [[q["speaker"], q["kind"], q["cue"], q["text"]] for q in data["quotes"]],
            max_width=80,
        ),
        "",
        "Relations",
        format_table(
            ["source", "type", "target", "claimed by", "flags", "evidence"],
            [
                [r["source"], r["type"], r["target"], r["claimed_by"], _flags(r), r["evidence"]]
                for r in data["relations"]
            ],
        ),
        "",
        "Amounts",
        format_table(
            ["value", "unit", "about", "actor", "year", "text"],
            [
                [a["value"], a["unit"], a["about"], a["actor"], a["year"], a["text"]]
                for a in data["amounts"]
            ],
        ),
        "",
        "Time expressions",
        format_table(
            ["text", "from", "to"],
            [[t["text"], t["start_date"], t["end_date"]] for t in data["times"]],
        ),
    ]
    return "\n".join(sections)


def _flags(relation: JsonDict) -> str:
    flags = [name for name in ("hypothetical", "negated") if relation[name]]
    if not relation["asserted"]:
        flags.insert(0, "claim")
    return ",".join(flags)
