"""The dashboard pages: Lage, Netzwerk, Akteur, Zitate, Artikel, Zahlen.

Server-rendered with Jinja2 (autoescape on: every article-derived string is escaped);
the network, timelines and charts are drawn by small scripts under ``static/`` that load
their data from the JSON API. Pages read only through the store's query functions.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import jinja2
from babel.numbers import format_decimal
from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from markupsafe import Markup

from lagebild.analysis.briefing import safe_url
from lagebild.kb import display_name
from lagebild.model import PLOVER_TYPES
from lagebild.store import Store
from lagebild.web.api import request_store
from lagebild.web.article import document_facts, segments
from lagebild.web.assets import VENDOR_FILES
from lagebild.web.i18n import (
    COOKIE,
    choose_language,
    relation_labels,
    role_label,
    script_labels,
    translator,
)
from lagebild.web.palette import KIND_COLORS, RELATION_COLORS, palette_css
from lagebild.web.roles import actor_roles

HERE = Path(__file__).parent
STATIC = HERE / "static"
PAGE_SIZE = 25
ACTOR_KINDS = ("GPE", "ORG", "PER")
PERIODS = {"7": 7, "30": 30, "365": 365, "all": None}

router = APIRouter(include_in_schema=False)

#: dates come as text: an empty form field sends "" and means no limit
Day = Annotated[str | None, Query(max_length=10, pattern=r"^(\d{4}-\d{2}-\d{2})?$")]
Text = Annotated[str | None, Query(max_length=200)]
Page = Annotated[int, Query(ge=1, le=10_000)]

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # article-derived text is untrusted
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


# ------------------------------------------------------------------ template helpers


def _format_date(value: dt.date | None, language: str) -> str:
    if value is None:
        return "–"
    return value.strftime("%d.%m.%Y") if language == "de" else value.isoformat()


def _format_number(value: float | int | None, language: str) -> str:
    if value is None:
        return "–"
    locale = "de_DE" if language == "de" else "en_GB"
    return format_decimal(value, format="#,##0.##", locale=locale)


def _json_attribute(value: Any) -> Markup:
    """JSON for a single-quoted HTML attribute: <, >, &, ' are escaped as unicode escapes."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escape)
    return Markup(text)


def _query(request: Request, **changes: Any) -> str:
    """The current URL's query string with some parameters changed (None removes one)."""
    params: list[tuple[str, str]] = [
        (k, v) for k, v in request.query_params.multi_items() if k not in changes
    ]
    for key, value in changes.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        params.extend((key, str(v)) for v in values)
    return "?" + urlencode(params) if params else "?"


def _api(path: str, **params: Any) -> str:
    """An API URL with the given parameters (None and empty values left out)."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, str(v)) for v in values if v is not None and v != "")
    return path + ("?" + urlencode(pairs) if pairs else "")


def render(
    request: Request, template: str, nav: str, status: int = 200, **context: Any
) -> HTMLResponse:
    language = choose_language(request.query_params.get("lang"), request.cookies.get(COOKIE))
    other = "en" if language == "de" else "de"
    html = _environment.get_template(template).render(
        t=translator(language),
        lang=language,
        lang_switch=_query(request, lang=other),
        nav=nav,
        rel_labels=relation_labels(language),
        role_label=lambda role: role_label(role, language),
        actor_name=lambda entity_id, stored: display_name(
            entity_id, stored, "de" if language == "de" else "en"
        ),
        fmt_date=lambda value: _format_date(value, language),
        fmt_number=lambda value: _format_number(value, language),
        safe_url=safe_url,
        json_attr=_json_attribute,
        query=lambda **changes: _query(request, **changes),
        api=_api,
        script_labels=script_labels(language),
        relation_colors=RELATION_COLORS,
        kind_colors=KIND_COLORS,
        plover_types=PLOVER_TYPES,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in ("de", "en"):
        response.set_cookie(COOKIE, language, max_age=365 * 86400, samesite="lax")
    return response


def error_page(request: Request, status: int, message_key: str, detail: str = "") -> HTMLResponse:
    """An HTML error page: ``message_key`` is a label, ``detail`` the offending input."""
    return render(
        request,
        "error.html",
        nav="",
        status=status,
        status_code=status,
        message_key=message_key,
        detail=detail,
    )


def _period(
    store: Store, period: str | None, since: dt.date | None, until: dt.date | None
) -> tuple[str, dt.date | None, dt.date | None]:
    """Explicit dates win; else a preset counted back from the newest article."""
    if since is not None or until is not None:
        return "custom", since, until
    chosen = period if period in PERIODS else "365"
    days = PERIODS[chosen]
    last = store.published_span().last
    if days is None or last is None:
        return chosen, None, None
    return chosen, last - dt.timedelta(days=days - 1), last


class BadPeriod(ValueError):
    """A date that does not exist, or a period that ends before it starts."""


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadPeriod(value) from None


def _dates(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    first, last = _day(since), _day(until)
    if first is not None and last is not None and first > last:
        raise BadPeriod(f"{since} > {until}")
    return first, last


# ------------------------------------------------------------------ files


@router.get("/assets/palette.css")
def palette() -> Response:
    return Response(palette_css(), media_type="text/css")


@router.get("/vendor/{name}")
def vendor(request: Request, name: str) -> Response:
    if name not in VENDOR_FILES:
        return Response("not found", status_code=404, media_type="text/plain")
    directory: Path = request.app.state.vendor_directory
    return FileResponse(directory / VENDOR_FILES[name], media_type="text/javascript")


# ------------------------------------------------------------------ pages


@router.get("/", response_class=HTMLResponse)
def lage(
    request: Request,
    period: Annotated[Literal["7", "30", "365", "all"] | None, Query()] = None,
    since: Day = None,
    until: Day = None,
) -> HTMLResponse:
    try:
        first, last = _dates(since, until)
    except BadPeriod as exc:
        return error_page(request, 422, "error.period", str(exc))
    store = request_store(request)
    chosen, first, last = _period(store, period, first, last)
    return render(
        request,
        "lage.html",
        nav="lage",
        period=chosen,
        span=store.published_span(),
        since=first,
        until=last,
        counts=store.counts(since=first, until=last),
        documents=store.documents(since=first, until=last, limit=10),
        actors=store.top_actors(limit=10, since=first, until=last),
        quotes=store.quotes(since=first, until=last, limit=6, facts=True),
        strengths=store.new_relation_strengths(since=first, until=last, limit=10),
    )


@router.get("/netzwerk", response_class=HTMLResponse)
def netzwerk(request: Request) -> HTMLResponse:
    span = request_store(request).published_span()
    months = _months(span.first, span.last)
    return render(request, "netzwerk.html", nav="netzwerk", months=months, actor_kinds=ACTOR_KINDS)


def _months(first: dt.date | None, last: dt.date | None) -> list[str]:
    if first is None or last is None:
        return []
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@router.get("/akteur/{entity_id}", response_class=HTMLResponse)
def akteur(request: Request, entity_id: str) -> HTMLResponse:
    store = request_store(request)
    entity = store.entity(entity_id)
    if entity is None:
        return error_page(request, 404, "actor.none", entity_id)
    return render(
        request,
        "akteur.html",
        nav="",
        entity=entity,
        roles=actor_roles(entity_id),
        quotes_by=store.quotes(speaker=entity_id, limit=10, facts=True),
        quotes_about=store.quotes_about(entity_id, limit=10),
        amounts=store.amounts(actor=entity_id, limit=20),
        relation_facts=store.relation_facts(actor=entity_id, limit=10),
    )


@router.get("/zitate", response_class=HTMLResponse)
def zitate(
    request: Request,
    q: Text = None,
    speaker: Text = None,
    outlet: Text = None,
    kind: Annotated[Literal["direct", "indirect", ""] | None, Query()] = None,
    since: Day = None,
    until: Day = None,
    page: Page = 1,
) -> HTMLResponse:
    try:
        first, last = _dates(since, until)
    except BadPeriod as exc:
        return error_page(request, 422, "error.period", str(exc))
    store = request_store(request)
    filters: dict[str, Any] = {
        "q": q or None,
        "speaker": speaker or None,
        "outlet": outlet or None,
        "kind": kind or None,
        "since": first,
        "until": last,
    }
    rows = store.quotes(
        speaker=filters["speaker"],
        search=filters["q"],
        since=first,
        until=last,
        kind=filters["kind"],
        outlet=filters["outlet"],
        facts=not filters["outlet"],  # a statement once, with its sources; per outlet: each
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "zitate.html",
        nav="zitate",
        filters=filters,
        outlets=store.outlets(),
        quotes=rows[:PAGE_SIZE],
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        csv_url=_api(
            "/api/v1/quotes", format="csv", limit=500, offset=(page - 1) * PAGE_SIZE, **filters
        ),
    )


@router.get("/artikel/{doc_id}", response_class=HTMLResponse)
def artikel(request: Request, doc_id: str) -> HTMLResponse:
    doc = request_store(request).document(doc_id)
    if doc is None:
        return error_page(request, 404, "doc.none", doc_id)
    by_entity: dict[str, list[Any]] = {}
    for mention in doc.mentions:
        by_entity.setdefault(mention.entity_id, []).append(mention)
    return render(
        request,
        "artikel.html",
        nav="",
        doc=doc,
        segments=segments(doc.text, document_facts(doc)),
        mentions_by_entity=sorted(by_entity.items(), key=lambda item: (-len(item[1]), item[0])),
    )


@router.get("/zahlen", response_class=HTMLResponse)
def zahlen(
    request: Request,
    measure: Text = None,
    unit: Text = None,
    actor: Text = None,
    since: Day = None,
    until: Day = None,
    page: Page = 1,
) -> HTMLResponse:
    try:
        first, last = _dates(since, until)
    except BadPeriod as exc:
        return error_page(request, 422, "error.period", str(exc))
    store = request_store(request)
    filters: dict[str, Any] = {
        "measure": measure or None,
        "unit": unit or None,
        "actor": actor or None,
        "since": first,
        "until": last,
    }
    rows = store.amounts(
        unit=filters["unit"],
        actor=filters["actor"],
        measure=filters["measure"],
        since=first,
        until=last,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    measures = store.measures()
    return render(
        request,
        "zahlen.html",
        nav="zahlen",
        filters=filters,
        measures=measures,
        units=sorted({m.unit for m in measures}),
        amounts=rows[:PAGE_SIZE],
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        csv_url=_api(
            "/api/v1/amounts", format="csv", limit=500, offset=(page - 1) * PAGE_SIZE, **filters
        ),
    )
