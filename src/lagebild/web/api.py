"""REST API under ``/api/v1``: documents, entities, quotes, relations, amounts, graph, search.

Lists are paginated with ``limit`` (1–500) and ``offset``; ids are the store's stable
content-hash ids; every list also downloads as CSV with ``format=csv``. Bad parameters
get a 4xx with ``{"error": {"status", "message", "details"}}``, never a 5xx.

Actors keep their stored name (``name``, ``speaker_name``, ...); in JSON each such field has
a ``display_name`` (``speaker_display_name``, ...) beside it in the language ``lang`` asks
for, German by default (:func:`lagebild.analysis.names.with_display_names`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import asdict, fields, is_dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from lagebild.analysis.graph import Edge, Node, actor_graph
from lagebild.analysis.names import with_display_names
from lagebild.kb import Language
from lagebild.model import PLOVER_TYPES
from lagebild.serialize import document_to_json
from lagebild.store import EntityRow, Store
from lagebild.web.roles import actor_roles

router = APIRouter(prefix="/api/v1")

Limit = Annotated[int, Query(ge=1, le=500, description="Rows per page (1-500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
Since = Annotated[dt.date | None, Query(description="First day (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Last day (YYYY-MM-DD).")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv.")]
Text = Annotated[str | None, Query(max_length=200)]
ActorKind = Literal["PER", "ORG", "GPE", "LOC", "OTH"]
Lang = Annotated[
    Language,
    Query(description="Language of the display names: de (default, German) or en (English)."),
]


def request_store(request: Request) -> Store:
    """The store the app was started with (every router reads through it)."""
    store: Store = request.app.state.store
    return store


def _page(
    rows: Sequence[Any],
    limit: int,
    offset: int,
    format: str,
    name: str,
    language: Language | None = None,
) -> dict[str, Any] | Response:
    """A JSON page of ``rows`` (with display names in ``language`` if given) or their CSV."""
    if format == "csv":
        return _csv(rows, name)
    items = [asdict(row) for row in rows]
    if language is not None:
        items = with_display_names(items, language)
    return {"items": items, "limit": limit, "offset": offset, "count": len(rows)}


def _csv(rows: Sequence[Any], name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    if rows and is_dataclass(rows[0]):
        columns = [f.name for f in fields(rows[0])]
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if (v := getattr(row, c)) is None else v for c in columns])
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _check_period(since: dt.date | None, until: dt.date | None) -> None:
    if since is not None and until is not None and since > until:
        raise HTTPException(422, "since is after until")


@router.get("/documents", summary="Documents, newest first")
def documents(
    request: Request,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Any:
    _check_period(since, until)
    rows = request_store(request).documents(since=since, until=until, limit=limit, offset=offset)
    return _page(rows, limit, offset, format, "documents")


@router.get("/documents/{doc_id}", summary="One document with all its annotations")
def document(request: Request, doc_id: str, lang: Lang = "de") -> Any:
    found = request_store(request).document(doc_id)
    if found is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return {**with_display_names(document_to_json(found), lang), "text": found.text}


@router.get("/entities", summary="Entities by mentions; q searches names and aliases")
def entities(
    request: Request,
    q: Text = None,
    type: Annotated[ActorKind | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    rows = request_store(request).entities(query=q, type=type, limit=limit, offset=offset)
    return _page(rows, limit, offset, format, "entities", lang)


@router.get("/entities/{entity_id}", summary="One entity with its aliases")
def entity(request: Request, entity_id: str, lang: Lang = "de") -> Any:
    return with_display_names(asdict(_entity(request, entity_id)), lang)


@router.get("/quotes", summary="Quotes, newest first; q is a full-text search")
def quotes(
    request: Request,
    q: Text = None,
    speaker: Text = None,
    kind: Annotated[Literal["direct", "indirect"] | None, Query()] = None,
    outlet: Text = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    _check_period(since, until)
    rows = request_store(request).quotes(speaker=speaker, search=q, since=since, until=until,
                                  kind=kind, limit=limit, offset=offset, outlet=outlet)  # fmt: skip
    return _page(rows, limit, offset, format, "quotes", lang)


@router.get("/relations", summary="Relations, newest first")
def relations(
    request: Request,
    type: Text = None,
    actor: Text = None,
    asserted: bool | None = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    _check_period(since, until)
    if type is not None and type not in PLOVER_TYPES:
        raise HTTPException(422, f"unknown relation type {type!r}")
    rows = request_store(request).relations(type=type, since=since, until=until, actor=actor,
                                     asserted=asserted, limit=limit, offset=offset)  # fmt: skip
    return _page(rows, limit, offset, format, "relations", lang)


@router.get("/amounts", summary="Figures cited, newest document first")
def amounts(
    request: Request,
    unit: Text = None,
    actor: Text = None,
    measure: Text = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    _check_period(since, until)
    rows = request_store(request).amounts(unit=unit, actor=actor, since=since, until=until,
                                   limit=limit, offset=offset, measure=measure)  # fmt: skip
    return _page(rows, limit, offset, format, "amounts", lang)


_NODE_FIELDS = [f.name for f in fields(Node)]
_EDGE_FIELDS = [f.name for f in fields(Edge)]


@router.get("/graph", summary="Actor network of a period: nodes and edges by relation type")
def graph(
    request: Request,
    since: Since = None,
    until: Until = None,
    types: Annotated[list[str] | None, Query(description="Relation types to keep.")] = None,
    kinds: Annotated[list[ActorKind] | None, Query(description="Actor kinds to keep.")] = None,
    asserted: Annotated[
        bool | None, Query(description="true: asserted relations only; false: claimed only.")
    ] = None,
    max_edges: Annotated[int, Query(ge=1, le=20_000)] = 5000,
    format: Annotated[
        Literal["json", "csv"], Query(description="json (default) or csv (the edges).")
    ] = "json",
    lang: Lang = "de",
) -> Any:
    _check_period(since, until)
    unknown = sorted(set(types or ()) - set(PLOVER_TYPES))
    if unknown:
        raise HTTPException(422, f"unknown relation types: {', '.join(unknown)}")
    found = actor_graph(request_store(request), since, until, frozenset(types) if types else None,
                        max_edges, asserted=asserted, actor_types=kinds)  # fmt: skip
    if format == "csv":
        return _csv(found.edges, "edges")
    # plain str/int/bool values: skip FastAPI's generic encoder, slow for 5,000 edges
    nodes = with_display_names(
        [{f: getattr(n, f) for f in _NODE_FIELDS} for n in found.nodes], lang
    )
    edges = [{f: getattr(e, f) for f in _EDGE_FIELDS} for e in found.edges]
    return JSONResponse({"nodes": nodes, "edges": edges})


@router.get("/search", summary="Entities and quotes matching a text")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    lang: Lang = "de",
) -> Any:
    store = request_store(request)
    found = {
        "entities": [asdict(e) for e in store.entities(query=q, limit=limit)],
        "quotes": [asdict(row) for row in store.quotes(search=q, limit=limit)],
    }
    return with_display_names(found, lang)


def _entity(request: Request, entity_id: str) -> EntityRow:
    found = request_store(request).entity(entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return found


@router.get("/entities/{entity_id}/timeline", summary="An actor's relations per month and type")
def entity_timeline(request: Request, entity_id: str) -> Any:
    _entity(request, entity_id)
    points = request_store(request).relation_timeline(entity_id)
    return {"entity_id": entity_id, "items": [asdict(p) for p in points]}


@router.get("/entities/{entity_id}/quotes-about", summary="Quotes by others that mention an actor")
def entity_quotes_about(
    request: Request,
    entity_id: str,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    _entity(request, entity_id)
    rows = request_store(request).quotes_about(entity_id, limit=limit, offset=offset)
    return _page(rows, limit, offset, format, "quotes-about", lang)


@router.get("/entities/{entity_id}/roles", summary="Offices a person held, from the knowledge base")
def entity_roles(
    request: Request, entity_id: str, format: Format = "json", lang: Lang = "de"
) -> Any:
    _entity(request, entity_id)
    rows = actor_roles(entity_id)
    return _page(rows, len(rows), 0, format, "roles", lang)


@router.get("/actors", summary="Most active actors of a period (by independent sources)")
def actors(
    request: Request,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    _check_period(since, until)
    rows = request_store(request).top_actors(limit=limit, since=since, until=until)
    return _page(rows, limit, 0, format, "actors", lang)


@router.get("/relations/strongest", summary="Relations reported by the most documents")
def strongest_relations(
    request: Request,
    since: Since = None,
    until: Until = None,
    new: Annotated[
        bool, Query(description="Only relations no document reported before since.")
    ] = False,
    limit: Limit = 20,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    _check_period(since, until)
    store = request_store(request)
    if new:
        rows = store.new_relation_strengths(since=since, until=until, limit=limit)
    else:
        rows = store.relation_strengths(since=since, until=until, limit=limit)
    return _page(rows, limit, 0, format, "strongest-relations", lang)


@router.get("/graph/evidence", summary="The relations behind one network edge")
def graph_evidence(
    request: Request,
    source: Annotated[str, Query(min_length=1, max_length=200)],
    target: Annotated[str, Query(min_length=1, max_length=200)],
    type: Annotated[str, Query(min_length=1, max_length=20)],
    asserted: bool | None = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    _check_period(since, until)
    if type not in PLOVER_TYPES:
        raise HTTPException(422, f"unknown relation type {type!r}")
    rows = request_store(request).relations_between(source, target, type, since=since, until=until,
                                             asserted=asserted, limit=limit)  # fmt: skip
    return _page(rows, limit, 0, format, "evidence", lang)


@router.get("/measures", summary="What the figures measure, by number of figures")
def measures(request: Request, format: Format = "json") -> Any:
    rows = request_store(request).measures()
    return _page(rows, len(rows), 0, format, "measures")


@router.get("/outlets", summary="Outlets by number of documents")
def outlets(request: Request, format: Format = "json") -> Any:
    rows = request_store(request).outlets()
    return _page(rows, len(rows), 0, format, "outlets")
