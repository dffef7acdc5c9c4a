"""The Geschichten pages and /api/v1/stories on a real SQLite database the pipeline filled:
the sample corpus, a few articles of our own, and a story of three articles (one a near
copy) that report one statement and one relation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lagebild.store import Store
from lagebild.web.app import create_app

from .monitoring_fixtures import add_story_articles, fill_monitoring_store


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Store]]:
    folder = tmp_path_factory.mktemp("stories")
    store = Store.open(f"sqlite:///{folder / 'stories.db'}")
    fill_monitoring_store(store, folder)
    add_story_articles(store, folder)
    with TestClient(create_app(store)) as test_client:
        yield test_client, store
    store.close()


def _top(client: TestClient) -> dict[str, Any]:
    item: dict[str, Any] = client.get("/api/v1/stories", params={"limit": 1}).json()["items"][0]
    return item


def test_stories_api_lists_stories_by_independent_sources(
    client: tuple[TestClient, Store],
) -> None:
    test_client, store = client
    items = test_client.get("/api/v1/stories", params={"limit": 500}).json()["items"]
    assert [i["id"] for i in items] == [s.id for s in store.stories.top(limit=500)]
    top = items[0]
    assert (top["title"], top["articles"], top["sources"]) == ("Nordmann sagt Hilfe zu", 3, 2)
    assert top["outlets"] == "Beispielblatt; Nordwestbote; Rheintaler Rundschau"
    assert "country:POL" in top["actor_ids"].split("; ")
    ids, shown_names = top["actor_ids"].split("; "), top["actor_display_names"].split("; ")
    shown = dict(zip(ids, shown_names, strict=True))
    assert shown["country:POL"] == "Polen"  # German unless lang=en
    english = test_client.get("/api/v1/stories", params={"limit": 1, "lang": "en"}).json()
    assert english["items"][0]["actor_display_names"] == english["items"][0]["actors"]
    assert [i["sources"] for i in items] == sorted((i["sources"] for i in items), reverse=True)
    paged = test_client.get("/api/v1/stories", params={"limit": 2, "offset": 1}).json()
    assert [i["id"] for i in paged["items"]] == [i["id"] for i in items[1:3]]
    several = test_client.get("/api/v1/stories", params={"min_articles": 2}).json()["items"]
    assert [i["id"] for i in several] == [top["id"]]
    later = test_client.get("/api/v1/stories", params={"since": "2025-10-03"}).json()["items"]
    assert top["id"] not in {i["id"] for i in later} and later
    rows = list(csv.DictReader(io.StringIO(test_client.get("/api/v1/stories?format=csv").text)))
    assert [r["id"] for r in rows] == [i["id"] for i in items][: len(rows)]
    assert rows[0]["sources"] == "2"


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2025-10-05", "until": "2025-10-01"},
        {"min_articles": "0"},
        {"limit": "0"},
        {"offset": "-1"},
        {"since": "gestern"},
        {"format": "xml"},
    ],
)
def test_stories_api_rejects_bad_parameters(
    client: tuple[TestClient, Store], params: dict[str, str]
) -> None:
    response = client[0].get("/api/v1/stories", params=params)
    assert response.status_code == 422 and "error" in response.json()


def test_story_api_has_articles_quote_facts_and_relations(
    client: tuple[TestClient, Store],
) -> None:
    test_client = client[0]
    top = _top(test_client)
    story = test_client.get(f"/api/v1/stories/{top['id']}").json()
    doc_ids = {a["doc_id"] for a in story["articles"]}
    assert len(doc_ids) == 3 and story["sources"] == 2
    assert {a["joined_by"] for a in story["articles"]} == {"new", "copy", "similar"}
    [quote] = story["quotes"]  # one statement in three articles: one fact
    assert quote["doc_id"] in doc_ids and (quote["sources"], quote["documents"]) == (2, 3)
    assert story["relations"]
    for fact in story["relations"]:
        assert fact["relation"]["doc_id"] in doc_ids and fact["story_id"] == top["id"]
    assert {(a["entity_id"], a["display_name"]) for a in story["actors"]} >= {
        ("country:POL", "Polen")
    }
    relations = [fact["relation"] for fact in story["relations"]]
    assert ("country:POL", "Polen") in {
        (r["target_id"], r["target_display_name"]) for r in relations
    }
    assert "speaker_display_name" in quote
    assert test_client.get("/api/v1/stories/doc_none").status_code == 404


def test_story_list_page_in_german_and_english(client: tuple[TestClient, Store]) -> None:
    test_client, _store = client
    top = _top(test_client)
    german = test_client.get("/geschichten")
    assert german.status_code == 200 and "<h1>Geschichten</h1>" in german.text
    assert f'href="/geschichten/{top["id"]}"' in german.text
    row = re.search(rf'<tr data-story="{top["id"]}">(.*?)</tr>', german.text, re.S)
    assert row is not None
    assert ">Polen</a>" in row.group(1) and "Rheintaler Rundschau" in row.group(1)
    assert 'title="3 Artikel">2</td>' in row.group(1)  # sources, articles in the tooltip
    assert "/api/v1/stories?format=csv" in german.text.replace("&amp;", "&")
    english = test_client.get("/geschichten?lang=en")
    assert "<h1>Stories</h1>" in english.text and ">Poland</a>" in english.text
    test_client.cookies.clear()
    empty = test_client.get("/geschichten", params={"since": "2030-01-01"})
    assert 'id="stories-empty"' in empty.text
    second = test_client.get("/geschichten", params={"page": 2})
    assert second.status_code == 200 and 'id="next-page"' not in second.text
    assert test_client.get("/geschichten", params={"until": "2025-02-30"}).status_code == 422
    assert test_client.get("/geschichten", params={"min_articles": "x"}).status_code == 422


def test_story_page_links_articles_and_shows_facts(client: tuple[TestClient, Store]) -> None:
    test_client, store = client
    top = _top(test_client)
    page = test_client.get(f"/geschichten/{top['id']}")
    assert page.status_code == 200
    [story] = store.stories.by_ids([top["id"]])
    for article in story.articles:
        assert f'href="/artikel/{article.doc_id}"' in page.text
    quotes = page.text.split('id="story-quotes"')[1].split("</section>")[0]
    assert "Wir werden Polen bei der Luftverteidigung unterstützen" in quotes
    assert "2 Quellen" in quotes
    relations = page.text.split('id="story-relations"')[1].split("</table>")[0]
    assert ">Deutschland</a>" in relations and ">Polen</a>" in relations
    assert 'class="active">Geschichten' in page.text
    assert " style=" not in page.text and "<script>" not in page.text
    missing = test_client.get("/geschichten/doc_none")
    assert missing.status_code == 404 and "doc_none" in missing.text


def test_overview_actors_count_independent_sources(client: tuple[TestClient, Store]) -> None:
    test_client, store = client
    actors = store.top_actors(limit=10)
    assert [a.sources for a in actors] == sorted((a.sources or 0 for a in actors), reverse=True)
    poland = store.top_actors(limit=500, since=dt.date(2025, 10, 1), until=dt.date(2025, 10, 2))
    [pol] = [a for a in poland if a.entity_id == "country:POL"]
    assert (pol.sources, pol.documents) == (2, 3)  # monitor-1 and its near copy count once
    page = test_client.get("/", params={"since": "2025-10-01", "until": "2025-10-02"}).text
    table = page.split('id="top-actors"')[1].split("</table>")[0]
    assert re.search(r'>Polen</a>.*?title="3 Artikel">2</td>', table, re.S)
    assert '<th class="num">Quellen</th>' in table
