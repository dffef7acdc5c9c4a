"""Stories on the dashboard: the Geschichten page (the stories of a period: articles about
one event, with their independent sources, outlets and main actors) and one story's page
(its articles, its quotes as facts with their sources, its relations), with the API
endpoints ``/api/v1/stories`` and ``/api/v1/stories/{story_id}``.

Server-rendered without scripts; the list downloads as CSV from the endpoint behind it.
Reads go through ``Store.stories``, ``Store.quotes`` and ``Store.relation_facts``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from lagebild.analysis.names import with_display_names
from lagebild.kb import Language, display_name
from lagebild.store import Store
from lagebild.store.stories import StoryRow
from lagebild.web.api import (
    Format,
    Lang,
    Limit,
    Offset,
    Since,
    Until,
    _check_period,
    _page,
    request_store,
)
from lagebild.web.pages import PAGE_SIZE, BadPeriod, Day, Page, _api, _dates, error_page, render

api_router = APIRouter(prefix="/api/v1")
pages_router = APIRouter(include_in_schema=False)

MinArticles = Annotated[
    int, Query(ge=1, le=10_000, description="Only stories with at least this many articles.")
]
#: quotes and relations shown on a story's page (the API pages through more)
DETAIL_ROWS = 100


@dataclass(frozen=True, slots=True)
class StoryListRow:
    """A story as one table row (and one CSV line)."""

    id: str
    title: str | None
    first: dt.date | None
    last: dt.date | None
    articles: int
    sources: int  # independent sources: copy clusters among the articles
    outlets: str  # "; "-separated
    actor_ids: str  # the most mentioned first, "; "-separated
    actors: str
    actor_display_names: str  # the actors' names in the language asked for


def story_list_row(story: StoryRow, language: Language = "de") -> StoryListRow:
    return StoryListRow(
        story.id,
        story.title,
        story.first,
        story.last,
        len(story.articles),
        story.sources,
        "; ".join(story.outlets),
        "; ".join(a.entity_id for a in story.actors),
        "; ".join(a.name for a in story.actors),
        "; ".join(display_name(a.entity_id, a.name, language) for a in story.actors),
    )


@api_router.get("/stories", summary="Stories of a period, by independent sources")
def stories(
    request: Request,
    since: Since = None,
    until: Until = None,
    min_articles: MinArticles = 1,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
    lang: Lang = "de",
) -> Any:
    _check_period(since, until)
    found = request_store(request).stories.top(since, until, limit, min_articles, offset)
    rows = [story_list_row(s, lang) for s in found]
    return _page(rows, limit, offset, format, "stories", lang)


@api_router.get("/stories/{story_id}", summary="One story: articles, quote facts, relations")
def story(request: Request, story_id: str, lang: Lang = "de") -> Any:
    store = request_store(request)
    found = _story(store, story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r}")
    detail = {
        **asdict(found),
        "quotes": [asdict(q) for q in store.quotes(story=story_id, facts=True, limit=500)],
        "relations": [asdict(f) for f in store.relation_facts(story=story_id, limit=500)],
    }
    return with_display_names(detail, lang)


def _story(store: Store, story_id: str) -> StoryRow | None:
    found = store.stories.by_ids([story_id])
    return found[0] if found else None


@pages_router.get("/geschichten", response_class=HTMLResponse)
def geschichten(
    request: Request,
    since: Day = None,
    until: Day = None,
    min_articles: MinArticles = 1,
    page: Page = 1,
) -> HTMLResponse:
    try:
        first, last = _dates(since, until)
    except BadPeriod as exc:
        return error_page(request, 422, "error.period", str(exc))
    offset = (page - 1) * PAGE_SIZE
    found = request_store(request).stories.top(first, last, PAGE_SIZE + 1, min_articles, offset)
    filters = {"since": first, "until": last, "min_articles": min_articles}
    return render(
        request,
        "geschichten.html",
        nav="geschichten",
        filters=filters,
        stories=found[:PAGE_SIZE],
        page=page,
        has_next=len(found) > PAGE_SIZE,
        csv_url=_api("/api/v1/stories", format="csv", limit=500, offset=offset, **filters),
    )


@pages_router.get("/geschichten/{story_id}", response_class=HTMLResponse)
def geschichte(request: Request, story_id: str) -> HTMLResponse:
    store = request_store(request)
    found = _story(store, story_id)
    if found is None:
        return error_page(request, 404, "story.none", story_id)
    return render(
        request,
        "geschichte.html",
        nav="geschichten",
        story=found,
        quotes=store.quotes(story=story_id, facts=True, limit=DETAIL_ROWS),
        relation_facts=store.relation_facts(story=story_id, limit=DETAIL_ROWS),
    )
