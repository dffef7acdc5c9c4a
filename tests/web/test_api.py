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


def test_actors_carry_a_display_name_in_the_language_asked_for(client: TestClient) -> None:
    russia = client.get("/api/v1/entities/country:RUS").json()
    assert (russia["name"], russia["display_name"]) == ("Russia", "Russland")  # German default
    english = client.get("/api/v1/entities/country:RUS", params={"lang": "en"}).json()
    assert (english["name"], english["display_name"]) == ("Russia", "Russia")
    nodes = {n["id"]: n for n in client.get("/api/v1/graph").json()["nodes"]}
    assert nodes and all(n["display_name"] for n in nodes.values())
    assert (nodes["country:RUS"]["name"], nodes["country:RUS"]["display_name"]) == (
        "Russia",
        "Russland",
    )
    graph_en = client.get("/api/v1/graph", params={"lang": "en"}).json()["nodes"]
    assert {n["display_name"] for n in graph_en if n["id"] == "org:nato"} == {"NATO"}
    relations = client.get("/api/v1/relations", params={"actor": "country:RUS"}).json()["items"]
    sides = [(r["source_id"], r["source_display_name"]) for r in relations] + [
        (r["target_id"], r["target_display_name"]) for r in relations
    ]
    assert ("country:RUS", "Russland") in sides and all(name for _, name in sides)
    assert all("claimed_by_display_name" in r for r in relations)
    quotes = client.get("/api/v1/quotes", params={"speaker": "person:dmitry-peskov"}).json()
    assert quotes["items"] and {
        (q["speaker_name"], q["speaker_display_name"]) for q in quotes["items"]
    } == {("Dmitry Peskov", "Dmitri Peskow")}
    amounts = client.get("/api/v1/amounts", params={"actor": "org:nato", "lang": "en"}).json()
    assert amounts["items"] and {a["actor_display_name"] for a in amounts["items"]} == {"NATO"}
    hits = client.get("/api/v1/search", params={"q": "Nato"}).json()
    assert {e["display_name"] for e in hits["entities"] if e["id"] == "org:nato"} == {"Nato"}


def test_names_the_knowledge_base_lacks_are_shown_as_stored(client: TestClient) -> None:
    found = client.get("/api/v1/entities", params={"limit": 500}).json()["items"]
    provisional = [e for e in found if e["provisional"]]  # found by the NER model only
    assert provisional
    for lang in ("de", "en"):
        for e in provisional:
            shown = client.get(f"/api/v1/entities/{e['id']}", params={"lang": lang}).json()
            assert shown["display_name"] == shown["name"] == e["name"]


def test_the_document_names_its_actors_in_the_language_asked_for(client: TestClient) -> None:
    [relation] = client.get(
        "/api/v1/relations", params={"actor": "country:RUS", "limit": 1}
    ).json()["items"]
    document = client.get(f"/api/v1/documents/{relation['doc_id']}").json()
    entities = {e["id"]: e["display_name"] for e in document["entities"]}
    assert entities["country:RUS"] == "Russland"
    assert all("source_display_name" in r and "target_display_name" in r
               for r in document["relations"])  # fmt: skip
    assert all("speaker_display_name" in q for q in document["quotes"])
    for amount in document["amounts"]:
        assert "actor_display_name" in amount and "cited_by_display_name" in amount


#: the document JSON's actor names, beside their ids (graph edges' source/target are ids)
DOCUMENT_NAMES = {"speaker", "source", "target", "actor", "claimed_by", "cited_by"}


def _names_without_display(value: object) -> set[str]:
    """Actor name keys anywhere in a JSON value that have no display name beside them."""
    missing: set[str] = set()
    if isinstance(value, list):
        for item in value:
            missing |= _names_without_display(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            named = key in DOCUMENT_NAMES and f"{key}_id" in value
            if (key.endswith("name") and "display" not in key) or named:
                display = (
                    "display_name" if key == "name" else f"{key.removesuffix('_name')}_display_name"
                )
                if display not in value:
                    missing.add(key)
            missing |= _names_without_display(item)
    return missing


def test_no_endpoint_names_an_actor_without_a_display_name(client: TestClient) -> None:
    relation = client.get("/api/v1/relations", params={"actor": "country:RUS"}).json()["items"][0]
    story = client.get("/api/v1/stories").json()["items"][0]["id"]
    paths = [f"/api/v1/documents/{relation['doc_id']}", "/api/v1/entities", "/api/v1/quotes",
             "/api/v1/relations", "/api/v1/amounts", "/api/v1/graph", "/api/v1/search?q=Nato",
             "/api/v1/entities/country:RUS/quotes-about",
             "/api/v1/entities/person:mark-rutte/roles",
             "/api/v1/actors", "/api/v1/relations/strongest", "/api/v1/changes",
             "/api/v1/changes?part=contradictions", "/api/v1/changes?part=figures",
             f"/api/v1/stories/{story}",
             f"/api/v1/graph/evidence?source={relation['source_id']}&target="
             f"{relation['target_id']}&type={relation['type']}"]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not _names_without_display(response.json()), path


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
        ("/api/v1/graph", {"lang": "fr"}, 422),
        ("/api/v1/entities/country:RUS", {"lang": "DE"}, 422),
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


def test_openapi_schema_declares_the_display_name_language(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/graph", "/api/v1/quotes", "/api/v1/relations", "/api/v1/entities",
                 "/api/v1/entities/{entity_id}", "/api/v1/stories", "/api/v1/changes"):  # fmt: skip
        [lang] = [p for p in paths[path]["get"]["parameters"] if p["name"] == "lang"]
        assert lang["schema"]["enum"] == ["de", "en"] and lang["schema"]["default"] == "de", path


def test_the_reference_page_lists_every_endpoint_without_scripts(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "<script" not in page.text
    assert "GET /api/v1/graph" in page.text and "limit" in page.text
