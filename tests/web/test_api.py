"""The REST API on a real database (SQLite and PostgreSQL) filled by the real pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from db_backends import BACKENDS, new_database
from lagebild.corpus import sample_corpus_path
from lagebild.runner import ingest
from lagebild.store import Store
from lagebild.web.app import create_app


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    url = new_database(request, request.param, tmp_path_factory.mktemp("api"))
    store = Store.open(url)
    with sample_corpus_path() as path:
        summary = ingest([str(path)], store, progress=False)
    assert summary.stored == 20 and not summary.errors
    with TestClient(create_app(store)) as test_client:
        yield test_client
    store.close()


def test_documents_are_paginated_with_stable_ids(client: TestClient) -> None:
    first = client.get("/api/v1/documents", params={"limit": 5}).json()
    second = client.get("/api/v1/documents", params={"limit": 5, "offset": 5}).json()
    assert first["count"] == 5 and first["limit"] == 5
    ids = [d["id"] for d in first["items"] + second["items"]]
    assert len(set(ids)) == 10
    one = client.get(f"/api/v1/documents/{ids[0]}").json()
    assert one["id"] == ids[0] and one["text"] and "quotes" in one and "relations" in one
    for quote in one["quotes"]:
        assert one["text"][quote["start"] : quote["end"]] == quote["text"]


def test_quotes_full_text_search_and_speaker_filter(client: TestClient) -> None:
    quotes = client.get("/api/v1/quotes", params={"speaker": "Rutte"}).json()["items"]
    assert quotes and all(q["speaker_name"] == "Mark Rutte" for q in quotes)
    word = quotes[0]["text"].split()[-1].strip('.,;:!?“”"')
    found = client.get("/api/v1/quotes", params={"q": word}).json()["items"]
    assert quotes[0]["id"] in {q["id"] for q in found}


def test_entities_relations_amounts_and_search(client: TestClient) -> None:
    entities = client.get("/api/v1/entities", params={"q": "russ"}).json()["items"]
    assert any(e["id"] == "country:RUS" for e in entities)
    assert client.get("/api/v1/entities/country:RUS").json()["name"] == "Russia"
    relations = client.get("/api/v1/relations", params={"type": "AID"}).json()["items"]
    assert relations and {r["type"] for r in relations} == {"AID"}
    assert client.get("/api/v1/amounts", params={"unit": "percent"}).json()["items"]
    hits = client.get("/api/v1/search", params={"q": "Nato"}).json()
    assert hits["entities"] and "quotes" in hits


def test_graph_nodes_cover_every_edge(client: TestClient) -> None:
    graph = client.get("/api/v1/graph").json()
    ids = {n["id"] for n in graph["nodes"]}
    assert graph["edges"] and all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    only = client.get("/api/v1/graph", params=[("types", "COOPERATE")]).json()
    assert {e["type"] for e in only["edges"]} <= {"COOPERATE"}


def test_every_list_downloads_as_csv(client: TestClient) -> None:
    for name in ("documents", "entities", "quotes", "relations", "amounts"):
        response = client.get(f"/api/v1/{name}", params={"format": "csv", "limit": 3})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert len(response.text.strip().splitlines()) >= 2, name


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/v1/documents", {"limit": 0}, 422),
        ("/api/v1/documents", {"limit": "many"}, 422),
        ("/api/v1/documents", {"offset": -1}, 422),
        ("/api/v1/documents", {"since": "2025-13-40"}, 422),
        ("/api/v1/documents", {"since": "2025-06-01", "until": "2025-01-01"}, 422),
        ("/api/v1/documents/nope", {}, 404),
        ("/api/v1/entities/person:nobody", {}, 404),
        ("/api/v1/entities", {"type": "ANIMAL"}, 422),
        ("/api/v1/relations", {"type": "HUG"}, 422),
        ("/api/v1/graph", {"types": "HUG"}, 422),
        ("/api/v1/quotes", {"q": "x" * 201}, 422),
        ("/api/v1/quotes", {"q": '" OR 1=1 -- NEAR(*) ^'}, 200),
        ("/api/v1/search", {}, 422),
        ("/api/v1/nothing-here", {}, 404),
    ],
)
def test_bad_parameters_get_a_clear_4xx(
    client: TestClient, path: str, params: dict[str, object], status: int
) -> None:
    response = client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    if status >= 400:
        error = response.json()["error"]
        assert error["status"] == status and error["message"]


def test_responses_carry_a_strict_content_security_policy(client: TestClient) -> None:
    headers = client.get("/api/v1/documents").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {"/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/entities",
            "/api/v1/quotes", "/api/v1/relations", "/api/v1/amounts", "/api/v1/graph",
            "/api/v1/search"} <= paths  # fmt: skip
    assert json.loads(client.get("/openapi.json").text)["info"]["title"] == "lagebild API"


def test_the_reference_page_lists_every_endpoint_without_scripts(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "<script" not in page.text
    assert "GET /api/v1/graph" in page.text and "limit" in page.text
