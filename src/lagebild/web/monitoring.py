"""Monitoring on the dashboard: the Alarme page (alerts fired) and the Veränderungen page
(what changed in a week or month), with their API endpoints ``/api/v1/alerts`` and
``/api/v1/changes``.

Both pages are server-rendered without scripts; every table downloads as CSV from the
endpoint behind it. Reads go through the store (``Store.alerts``) and the analysis layer
(:func:`lagebild.analysis.trends.period_changes`); there is no SQL here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from lagebild.analysis.names import with_display_names
from lagebild.analysis.trends import (
    PeriodChanges,
    period_changes,
    period_of,
    previous_period,
)
from lagebild.ids import annotation_id
from lagebild.kb import Language, display_name
from lagebild.store import Store
from lagebild.store.alerts import AlertRow
from lagebild.web.api import Format, Lang, Limit, Offset, _csv, _page, request_store
from lagebild.web.pages import PAGE_SIZE, Day, Page, _api, error_page, render

api_router = APIRouter(prefix="/api/v1")
pages_router = APIRouter(include_in_schema=False)

Granularity = Annotated[Literal["week", "month"], Query(description="week or month.")]
At = Annotated[dt.date | None, Query(description="A day in the period (default: newest article).")]
Part = Literal["strengths", "first_seen", "blocs", "rising", "contradictions", "figures"]
PARTS: tuple[Part, ...] = (
    "strengths",
    "first_seen",
    "blocs",
    "rising",
    "contradictions",
    "figures",
)


# ---------------------------------------------------------------------- alerts


@dataclass(frozen=True, slots=True)
class AlertView:
    """A fired alert with its evidence: the article, the span and the fact it points at."""

    id: str
    rule: str
    kind: str  # relation, quote, surge
    fired_at: str  # ISO 8601, UTC
    message: str
    doc_id: str | None
    doc_title: str | None
    doc_url: str | None
    outlet: str | None
    evidence: str | None
    #: the quote or relation id for the article page's anchor (None for surges)
    fact_id: str | None


def alert_view(row: AlertRow) -> AlertView:
    payload: dict[str, Any] = json.loads(row.payload)
    document = payload.get("document") or {}
    evidence = payload.get("evidence") or {}
    fired = dt.datetime.fromtimestamp(row.fired_at, dt.UTC).isoformat(timespec="seconds")
    return AlertView(
        row.id,
        row.rule,
        row.kind,
        fired,
        row.message,
        row.doc_id,
        document.get("title"),
        document.get("url"),
        document.get("outlet"),
        evidence.get("text"),
        _fact_id(row, payload, evidence),
    )


def _fact_id(row: AlertRow, payload: dict[str, Any], evidence: dict[str, Any]) -> str | None:
    """The stored fact's id, rebuilt from the payload the way the model derives it."""
    start, end = evidence.get("start"), evidence.get("end")
    if row.doc_id is None or not isinstance(start, int) or not isinstance(end, int):
        return None
    if row.kind == "quote":
        speaker = payload.get("speaker") or {}
        return annotation_id(row.doc_id, "quote", start, end, speaker.get("id"))
    if row.kind == "relation":
        source, target = payload.get("source") or {}, payload.get("target") or {}
        return annotation_id(
            row.doc_id,
            "relation",
            start,
            end,
            source.get("id"),
            payload.get("type"),
            target.get("id"),
        )
    return None  # a surge counts days; its evidence is the report that tipped it


@api_router.get("/alerts", summary="Alerts fired, newest first")
def alerts(request: Request, limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Any:
    rows = [alert_view(r) for r in request_store(request).alerts.fired(limit, offset)]
    return _page(rows, limit, offset, format, "alerts")


@pages_router.get("/alarme", response_class=HTMLResponse)
def alarme(request: Request, page: Page = 1) -> HTMLResponse:
    offset = (page - 1) * PAGE_SIZE
    rows = [alert_view(r) for r in request_store(request).alerts.fired(PAGE_SIZE + 1, offset)]
    return render(
        request,
        "alarme.html",
        nav="alarme",
        alerts=rows[:PAGE_SIZE],
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        csv_url=_api("/api/v1/alerts", format="csv", limit=500, offset=offset),
    )


# ---------------------------------------------------------------------- changes


@dataclass(frozen=True, slots=True)
class BlocRow:
    bloc: int
    members: str  # names, "; "-separated
    member_ids: str
    weight: int
    member_display_names: str  # the members' names in the language asked for


@dataclass(frozen=True, slots=True)
class ContradictionRow:
    speaker_id: str
    speaker_name: str
    topics: str
    reason: str
    detail: str
    earlier_day: dt.date
    earlier_text: str
    earlier_doc_id: str
    earlier_quote_id: str
    later_day: dt.date
    later_text: str
    later_doc_id: str
    later_quote_id: str
    topic_display_names: str  # the topics' names in the language asked for


@dataclass(frozen=True, slots=True)
class FigureRow:
    difference: int  # which group of differing figures
    measure: str
    unit: str
    actor_id: str | None
    actor_name: str
    year: int | None
    value: float
    value_max: float | None
    outlet: str | None
    published: dt.date | None
    text: str
    doc_id: str
    amount_id: str


def part_rows(changes: PeriodChanges, part: Part, language: Language = "de") -> list[Any]:
    """One part of the changes as flat rows (the CSV download), names also in ``language``."""
    if part in ("strengths", "first_seen", "rising"):
        return list(getattr(changes, part))
    if part == "blocs":
        return [
            BlocRow(
                i,
                "; ".join(m.name for m in b.members),
                "; ".join(m.id for m in b.members),
                b.weight,
                "; ".join(display_name(m.id, m.name, language) for m in b.members),
            )
            for i, b in enumerate(changes.blocs, start=1)
        ]
    if part == "contradictions":
        return [
            ContradictionRow(
                c.speaker_id,
                c.speaker_name,
                "; ".join(t.name for t in c.topics),
                c.reason,
                c.detail,
                c.earlier.day,
                c.earlier.text,
                c.earlier.doc_id,
                c.earlier.id,
                c.later.day,
                c.later.text,
                c.later.doc_id,
                c.later.id,
                "; ".join(display_name(t.id, t.name, language) for t in c.topics),
            )
            for c in changes.contradictions
        ]
    return [
        FigureRow(
            i,
            f.measure,
            f.unit,
            f.actor_id,
            f.actor_name,
            f.year,
            r.value,
            r.value_max,
            r.outlet,
            r.published,
            r.text,
            r.doc_id,
            r.id,
        )
        for i, f in enumerate(changes.figure_differences, start=1)
        for r in f.reports
    ]


#: days the period arithmetic can handle with room on both sides
FIRST_DAY, LAST_DAY = dt.date(1000, 1, 1), dt.date(9000, 12, 31)


def _changes(store: Store, granularity: str, at: dt.date | None) -> PeriodChanges | None:
    day = at or store.published_span().last
    if day is None:
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise HTTPException(422, f"at must lie between {FIRST_DAY} and {LAST_DAY}")
    return period_changes(store, period_of(day, granularity), top=25)  # type: ignore[arg-type]


@api_router.get("/changes", summary="What changed in a week or month against the one before")
def changes(
    request: Request,
    period: Granularity = "month",
    at: At = None,
    part: Annotated[Part | None, Query(description="One table (required for csv).")] = None,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    found = _changes(request_store(request), period, at)
    if format == "csv":
        rows = part_rows(found, part or "strengths", lang) if found else []
        return _csv(rows, f"changes-{part or 'strengths'}")
    if found is None:
        return {"period": None}
    if part is not None:
        rows = part_rows(found, part, lang)
        items = with_display_names([asdict(r) for r in rows], lang)
        return {"period": asdict(found.period), "items": items}
    return with_display_names(asdict(found), lang)


@pages_router.get("/veraenderungen", response_class=HTMLResponse)
def veraenderungen(
    request: Request,
    period: Annotated[Literal["week", "month"], Query()] = "month",
    at: Day = None,
) -> HTMLResponse:
    try:
        day = dt.date.fromisoformat(at) if at else None
    except ValueError:
        return error_page(request, 422, "error.period", at or "")
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        return error_page(request, 422, "error.period", at or "")
    store = request_store(request)
    found = _changes(store, period, day)
    navigation = None
    if found is not None:
        following = found.period.end + dt.timedelta(days=1)
        last = store.published_span().last
        navigation = {
            "previous": previous_period(found.period).start.isoformat(),
            "next": following.isoformat() if last and following <= last else None,
        }
    return render(
        request,
        "veraenderungen.html",
        nav="veraenderungen",
        granularity=period,
        changes=found,
        navigation=navigation,
        csv=lambda part: _api(
            "/api/v1/changes",
            period=period,
            at=found.period.start.isoformat() if found else None,
            part=part,
            format="csv",
        ),
    )
