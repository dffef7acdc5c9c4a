"""The tables of a batch run: a processed Document as flat rows, and back.

``lagebild spark-extract`` writes these tables as Parquet and ``lagebild load``
reads them into the store, so the two ends agree on the columns here. Each
table's rows are plain dicts keyed by :data:`COLUMNS`; every row carries the
document id, and the ``documents`` row its ``ordinal`` (the article's position
in the input), so a loader can store documents in input order. Ids are the
content-hash ids of the model, the same as a single-process run gives.
Annotations with the same id are kept once, the first winning, as the store does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar

from lagebild.model import (
    Amount,
    Document,
    Entity,
    Evidence,
    Mention,
    Quote,
    Relation,
    TimeExpression,
)

ColumnType = Literal["string", "int", "long", "double", "bool", "date", "strings"]
Row = dict[str, Any]
_Annotation = TypeVar("_Annotation", Mention, Quote, Relation, Amount, TimeExpression)

_EVIDENCE: tuple[tuple[str, ColumnType], ...] = (
    ("id", "string"),
    ("doc_id", "string"),
    ("start", "int"),
    ("end", "int"),
    ("stage", "string"),
    ("stage_version", "string"),
    ("confidence", "double"),
)

#: table name -> (column, type) in order. ``strings`` is a list of strings.
COLUMNS: dict[str, tuple[tuple[str, ColumnType], ...]] = {
    "documents": (
        ("ordinal", "long"),
        ("id", "string"),
        ("text", "string"),
        ("title", "string"),
        ("outlet", "string"),
        ("url", "string"),
        ("author", "string"),
        ("published", "date"),
        ("published_time", "string"),
        ("language", "string"),
        ("source", "string"),
    ),
    # one row per document and entity: each document's view (its aliases, confidence)
    "entities": (
        ("doc_id", "string"),
        ("id", "string"),
        ("name", "string"),
        ("type", "string"),
        ("aliases", "strings"),
        ("provisional", "bool"),
        ("confidence", "double"),
    ),
    "mentions": (
        *_EVIDENCE,
        ("text", "string"),
        ("type", "string"),
        ("entity_id", "string"),
        ("kind", "string"),
    ),
    "time_expressions": (
        *_EVIDENCE,
        ("text", "string"),
        ("start_date", "date"),
        ("end_date", "date"),
        ("granularity", "string"),
    ),
    "quotes": (
        *_EVIDENCE,
        ("text", "string"),
        ("kind", "string"),
        ("speaker_id", "string"),
        ("speaker_name", "string"),
        ("speaker_start", "int"),
        ("speaker_end", "int"),
        ("cue", "string"),
        ("cue_start", "int"),
        ("cue_end", "int"),
        ("venue", "string"),
        ("date", "date"),
    ),
    "relations": (
        *_EVIDENCE,
        ("source_id", "string"),
        ("source_name", "string"),
        ("type", "string"),
        ("target_id", "string"),
        ("target_name", "string"),
        ("cue", "string"),
        ("asserted", "bool"),
        ("claimed_by", "string"),
        ("hypothetical", "bool"),
        ("negated", "bool"),
        ("date", "date"),
    ),
    "amounts": (
        *_EVIDENCE,
        ("text", "string"),
        ("value", "double"),
        ("value_max", "double"),
        ("unit", "string"),
        ("approximate", "bool"),
        ("qualifier", "string"),
        ("measure", "string"),
        ("actor_id", "string"),
        ("actor_name", "string"),
        ("cited_by", "string"),
        ("year", "int"),
        ("period", "string"),
    ),
}
TABLES: tuple[str, ...] = tuple(COLUMNS)
#: Articles that could not be read or processed: where, and why (one line).
ERRORS_TABLE = "errors"
ERROR_COLUMNS: tuple[tuple[str, ColumnType], ...] = (("source", "string"), ("reason", "string"))


def _unique(annotations: Iterable[_Annotation]) -> list[_Annotation]:
    seen: dict[str, _Annotation] = {}
    for annotation in annotations:
        seen.setdefault(annotation.id, annotation)
    return list(seen.values())


def _evidence(item_id: str, evidence: Evidence) -> Row:
    return {
        "id": item_id,
        "doc_id": evidence.doc_id,
        "start": evidence.start,
        "end": evidence.end,
        "stage": evidence.stage,
        "stage_version": evidence.version,
        "confidence": evidence.confidence,
    }


def document_rows(doc: Document, ordinal: int) -> dict[str, list[Row]]:
    """The rows of every table for one processed document."""
    return {
        "documents": [
            {
                "ordinal": ordinal,
                "id": doc.id,
                "text": doc.text,
                "title": doc.title,
                "outlet": doc.outlet,
                "url": doc.url,
                "author": doc.author,
                "published": doc.published,
                "published_time": doc.published_time,
                "language": doc.language,
                "source": doc.source,
            }
        ],
        "entities": [
            {
                "doc_id": doc.id,
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "aliases": list(e.aliases),
                "provisional": e.provisional,
                "confidence": e.confidence,
            }
            for e in doc.entities.values()
        ],
        "mentions": [_mention_row(m) for m in _unique(doc.mentions)],
        "time_expressions": [_time_row(x) for x in _unique(doc.times)],
        "quotes": [_quote_row(q) for q in _unique(doc.quotes)],
        "relations": [_relation_row(r) for r in _unique(doc.relations)],
        "amounts": [_amount_row(a) for a in _unique(doc.amounts)],
    }


def _mention_row(m: Mention) -> Row:
    return {
        **_evidence(m.id, m.evidence),
        "text": m.text,
        "type": m.type,
        "entity_id": m.entity_id,
        "kind": m.kind,
    }


def _time_row(x: TimeExpression) -> Row:
    return {
        **_evidence(x.id, x.evidence),
        "text": x.text,
        "start_date": x.start_date,
        "end_date": x.end_date,
        "granularity": x.granularity,
    }


def _quote_row(q: Quote) -> Row:
    speaker = q.speaker_span or (None, None)
    cue = q.cue_span or (None, None)
    return {
        **_evidence(q.id, q.evidence),
        "text": q.text,
        "kind": q.kind,
        "speaker_id": q.speaker_id,
        "speaker_name": q.speaker_name,
        "speaker_start": speaker[0],
        "speaker_end": speaker[1],
        "cue": q.cue,
        "cue_start": cue[0],
        "cue_end": cue[1],
        "venue": q.venue,
        "date": q.date,
    }


def _relation_row(r: Relation) -> Row:
    return {
        **_evidence(r.id, r.evidence),
        "source_id": r.source_id,
        "source_name": r.source_name,
        "type": r.type,
        "target_id": r.target_id,
        "target_name": r.target_name,
        "cue": r.cue,
        "asserted": r.asserted,
        "claimed_by": r.claimed_by,
        "hypothetical": r.hypothetical,
        "negated": r.negated,
        "date": r.date,
    }


def _amount_row(a: Amount) -> Row:
    return {
        **_evidence(a.id, a.evidence),
        "text": a.text,
        "value": a.value,
        "value_max": a.value_max,
        "unit": a.unit,
        "approximate": a.approximate,
        "qualifier": a.qualifier,
        "measure": a.measure,
        "actor_id": a.actor_id,
        "actor_name": a.actor_name,
        "cited_by": a.cited_by,
        "year": a.year,
        "period": a.period,
    }


class TableError(ValueError):
    """A row of a batch-run table cannot be turned back into an annotation."""


def document_from_rows(
    document: Mapping[str, Any], rows: Mapping[str, Iterable[Mapping[str, Any]]]
) -> Document:
    """Rebuild a processed Document from its ``documents`` row and its rows of the other tables.

    Raises :class:`TableError` naming the document if a row lacks a value or has the
    wrong kind of value.
    """
    try:
        return _document_from_rows(document, rows)
    except (KeyError, TypeError, ValueError) as exc:
        raise TableError(f"document {document.get('id')}: bad row: {exc!r}") from None


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


def _row_evidence(row: Mapping[str, Any]) -> Evidence:
    return Evidence(
        str(row["doc_id"]),
        int(row["start"]),
        int(row["end"]),
        str(row["stage"]),
        str(row["stage_version"]),
        float(row["confidence"]),
    )


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (int(start), int(end))


def _document_from_rows(
    head: Mapping[str, Any], rows: Mapping[str, Iterable[Mapping[str, Any]]]
) -> Document:
    doc = Document(
        id=head["id"],
        text=head["text"],
        title=head["title"],
        outlet=head["outlet"],
        url=head["url"],
        author=head["author"],
        published=_date(head["published"]),
        published_time=head["published_time"],
        language=head["language"],
        source=head["source"],
    )
    for e in rows.get("entities", ()):
        doc.entities[e["id"]] = Entity(
            id=e["id"],
            name=e["name"],
            type=e["type"],
            aliases=list(e["aliases"] or ()),
            provisional=bool(e["provisional"]),
            confidence=float(e["confidence"]),
        )
    doc.mentions = [
        Mention(_row_evidence(m), m["text"], m["type"], m["entity_id"], m["kind"])
        for m in rows.get("mentions", ())
    ]
    doc.times = [
        TimeExpression(
            _row_evidence(x),
            x["text"],
            _date(x["start_date"]),
            _date(x["end_date"]),
            x["granularity"],
        )
        for x in rows.get("time_expressions", ())
    ]
    doc.quotes = [
        Quote(
            evidence=_row_evidence(q),
            text=q["text"],
            kind=q["kind"],
            speaker_id=q["speaker_id"],
            speaker_name=q["speaker_name"],
            speaker_span=_span(q["speaker_start"], q["speaker_end"]),
            cue=q["cue"],
            cue_span=_span(q["cue_start"], q["cue_end"]),
            venue=q["venue"],
            date=_date(q["date"]),
        )
        for q in rows.get("quotes", ())
    ]
    doc.relations = [
        Relation(
            evidence=_row_evidence(r),
            source_id=r["source_id"],
            type=r["type"],
            target_id=r["target_id"],
            source_name=r["source_name"] or "",
            target_name=r["target_name"] or "",
            cue=r["cue"],
            asserted=bool(r["asserted"]),
            claimed_by=r["claimed_by"],
            hypothetical=bool(r["hypothetical"]),
            negated=bool(r["negated"]),
            date=_date(r["date"]),
        )
        for r in rows.get("relations", ())
    ]
    doc.amounts = [
        Amount(
            evidence=_row_evidence(a),
            text=a["text"],
            value=float(a["value"]),
            unit=a["unit"],
            value_max=None if a["value_max"] is None else float(a["value_max"]),
            approximate=bool(a["approximate"]),
            qualifier=a["qualifier"],
            measure=a["measure"],
            actor_id=a["actor_id"],
            actor_name=a["actor_name"],
            cited_by=a["cited_by"],
            year=None if a["year"] is None else int(a["year"]),
            period=a["period"],
        )
        for a in rows.get("amounts", ())
    ]
    return doc
