"""The Alarme and Veränderungen pages and their API endpoints, on a real SQLite database the
pipeline filled (sample corpus with alert rules checked during ingest, plus a few articles
of our own)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lagebild.store import Store
from lagebild.web.app import create_app

from .monitoring_fixtures import fill_monitoring_store


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[str]]]:
    folder = tmp_path_factory.mktemp("monitoring")
    store = Store.open(f"sqlite:///{folder / 'monitoring.db'}")
    delivered = fill_monitoring_store(store, folder)
    yield store, delivered
    store.close()


@pytest.fixture(scope="module")
def client(filled: tuple[Store, list[str]]) -> Iterator[TestClient]:
    with TestClient(create_app(filled[0])) as test_client:
        yield test_client


def test_alerts_api_lists_the_fired_alerts_with_their_evidence(
    client: TestClient, filled: tuple[Store, list[str]]
) -> None:
    store, delivered = filled
    items = client.get("/api/v1/alerts", params={"limit": 500}).json()["items"]
    assert len(items) == len(delivered) == len(store.alerts.fired(500)) and items
    assert {i["rule"] for i in items} == {"Hilfe mit Nordkorea", "Rutte über China"}
    for item in items:
        doc = store.document(item["doc_id"])
        assert doc is not None and item["evidence"] in doc.text
        facts = {f.id: f for f in (*doc.quotes, *doc.relations)}
        fact = facts[item["fact_id"]]  # the anchor is a stored quote or relation of the article
        assert doc.text[fact.evidence.start : fact.evidence.end] == item["evidence"]
    paged = client.get("/api/v1/alerts", params={"limit": 1, "offset": 1}).json()["items"]
    assert paged == items[1:2]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/alerts?format=csv").text)))
    assert [r["id"] for r in rows] == [i["id"] for i in items][: len(rows)]


def test_alarme_page_links_each_alert_to_its_span(client: TestClient) -> None:
    items = client.get("/api/v1/alerts", params={"limit": 25}).json()["items"]
    page = client.get("/alarme")
    assert page.status_code == 200 and "<h1>Alarme</h1>" in page.text
    for item in items:
        assert f'href="/artikel/{item["doc_id"]}#{item["fact_id"]}"' in page.text
    assert 'href="/api/v1/alerts?format=csv' in page.text
    english = client.get("/alarme?lang=en")
    assert "<h1>Alerts</h1>" in english.text and "Download CSV" in english.text
    assert client.get("/alarme?page=0").status_code == 422


def test_alarme_page_without_alerts_says_how_to_get_them(tmp_path: Path) -> None:
    with (
        Store.open(f"sqlite:///{tmp_path / 'empty.db'}") as store,
        TestClient(create_app(store)) as empty,
    ):
        page = empty.get("/alarme")
        assert page.status_code == 200 and 'id="alerts-empty"' in page.text
        assert empty.get("/veraenderungen").status_code == 200
        assert empty.get("/api/v1/changes").json() == {"period": None}


def test_changes_api_for_a_month(client: TestClient) -> None:
    data = client.get("/api/v1/changes", params={"period": "month", "at": "2025-11-20"}).json()
    assert data["period"]["key"] == "2025-11" and data["previous"]["key"] == "2025-10"
    [difference] = data["figure_differences"]
    assert {r["outlet"] for r in difference["reports"]} == {"Musterkurier", "Hauptstadtkurier"}
    [contradiction] = data["contradictions"]
    assert contradiction["speaker_name"] == "Karla Nordmann"
    assert contradiction["earlier"]["day"] == "2025-10-01"
    first = {
        (s["type"], frozenset((s["source_name"], s["target_name"]))) for s in data["first_seen"]
    }
    assert ("COOPERATE", frozenset(("France", "Germany"))) in first
    shown = {
        frozenset((s["source_display_name"], s["target_display_name"])) for s in data["first_seen"]
    }
    assert frozenset(("Frankreich", "Deutschland")) in shown  # German unless lang=en
    blocs = client.get("/api/v1/changes", params={"at": "2025-11-20", "part": "blocs"}).json()
    assert blocs["items"] and blocs["items"][0]["members"]
    for bloc in blocs["items"]:
        assert len(bloc["member_display_names"].split("; ")) == len(bloc["members"].split("; "))
    english = client.get(
        "/api/v1/changes", params={"at": "2025-11-20", "part": "first_seen", "lang": "en"}
    ).json()
    assert {s["source_display_name"] for s in english["items"]} == {
        s["source_name"] for s in english["items"]
    }


def test_changes_csv_per_part(client: TestClient) -> None:
    for part, column in [
        ("strengths", "sources"),
        ("first_seen", "first_day"),
        ("blocs", "members"),
        ("contradictions", "later_text"),
        ("figures", "outlet"),
    ]:
        response = client.get(
            "/api/v1/changes", params={"at": "2025-11-20", "part": part, "format": "csv"}
        )
        assert response.headers["content-type"].startswith("text/csv"), part
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert rows and column in rows[0], part
    week = client.get("/api/v1/changes", params={"period": "week", "at": "2024-06-20"}).json()
    assert week["period"]["key"] == "2024-W25"


def test_changes_api_rejects_bad_input(client: TestClient) -> None:
    assert client.get("/api/v1/changes", params={"period": "year"}).status_code == 422
    assert client.get("/api/v1/changes", params={"at": "2025-02-30"}).status_code == 422
    assert client.get("/api/v1/changes", params={"at": "0001-01-01"}).status_code == 422
    assert client.get("/api/v1/changes", params={"part": "everything"}).status_code == 422


def test_veraenderungen_page_shows_the_chosen_period(client: TestClient) -> None:
    page = client.get("/veraenderungen", params={"period": "month", "at": "2025-11-20"})
    assert page.status_code == 200
    text = page.text
    assert "<strong>2025-11</strong>" in text
    for table in ("strengths", "first-seen", "blocs", "rising", "contradictions", "figures"):
        assert f'id="change-{table}"' in text
    assert "Hauptstadtkurier" in text and "Karla Nordmann" in text
    # contradictions and figures link to their spans on the article page
    assert re.search(r'href="/artikel/doc_[0-9a-f]+#quo_[0-9a-f]+"', text)
    assert re.search(r'href="/artikel/doc_[0-9a-f]+#amo_[0-9a-f]+"', text)
    assert "part=figures&amp;format=csv" in text
    assert 'id="period-previous" href="?period=month&amp;at=2025-10-01"' in text
    assert "<script" not in text.split("</header>")[1]  # server-rendered, no scripts
    english = client.get("/veraenderungen", params={"at": "2025-11-20", "lang": "en"})
    assert "<h1>Changes</h1>" in english.text and "Differing figures" in english.text
    german = client.get("/veraenderungen", params={"at": "2025-11-20", "lang": "de"})
    first_seen = german.text.split('id="change-first-seen"', 1)[1].split("</table>", 1)[0]
    first_seen_en = english.text.split('id="change-first-seen"', 1)[1].split("</table>", 1)[0]
    assert ">Deutschland</a>" in first_seen and ">Frankreich</a>" in first_seen
    assert ">Germany</a>" in first_seen_en and ">Deutschland</a>" not in first_seen_en
    bad = client.get("/veraenderungen", params={"at": "2025-13-01"})
    assert bad.status_code == 422 and "2025-13-01" in bad.text
