"""The API endpoints the dashboard uses and the server-rendered pages, on a real database
(SQLite and PostgreSQL) filled by the pipeline from the bundled sample corpus."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from db_backends import BACKENDS, new_database
from lagebild.corpus import sample_corpus_path
from lagebild.runner import ingest
from lagebild.store import Store
from lagebild.web.app import create_app
from lagebild.web.article import Fact, segments
from lagebild.web.assets import WebAssetsMissing
from lagebild.web.i18n import LABELS


@pytest.fixture(scope="module", params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    opened = Store.open(new_database(request, request.param, tmp_path_factory.mktemp("dash")))
    with sample_corpus_path() as path:
        assert ingest([str(path)], opened, progress=False).stored == 20
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as test_client:
        yield test_client


def test_graph_filters_by_actor_kind_and_assertion(client: TestClient) -> None:
    full = client.get("/api/v1/graph").json()
    states = client.get("/api/v1/graph", params=[("kinds", "GPE")]).json()
    assert states["edges"] and len(states["edges"]) < len(full["edges"])
    assert {n["type"] for n in states["nodes"]} == {"GPE"}
    asserted = client.get("/api/v1/graph", params={"asserted": "true"}).json()["edges"]
    claimed = client.get("/api/v1/graph", params={"asserted": "false"}).json()["edges"]
    assert asserted and claimed
    assert len(asserted) <= len(full["edges"]) and len(claimed) <= len(full["edges"])
    edges_csv = client.get("/api/v1/graph", params={"format": "csv"}).text
    header = next(csv.reader(io.StringIO(edges_csv)))
    assert header[:3] == ["source", "target", "type"]


def test_edge_evidence_is_the_relations_of_that_edge(client: TestClient) -> None:
    edge = client.get("/api/v1/graph").json()["edges"][0]
    params = {"source": edge["source"], "target": edge["target"], "type": edge["type"]}
    items = client.get("/api/v1/graph/evidence", params=params).json()["items"]
    assert len({r["doc_id"] for r in items}) == edge["documents"]
    for r in items:
        assert r["type"] == edge["type"] and r["evidence"] and not r["negated"]
        assert {r["source_id"], r["target_id"]} == {edge["source"], edge["target"]}


def test_actor_timeline_roles_and_quotes_about(client: TestClient, store: Store) -> None:
    timeline = client.get("/api/v1/entities/person:mark-rutte/timeline").json()["items"]
    outgoing = sum(p["relations"] for p in timeline if p["direction"] == "out")
    relations = store.relations(actor="person:mark-rutte", limit=500)
    counted = [r for r in relations if not r.negated and not r.hypothetical]
    assert outgoing == sum(r.source_id == "person:mark-rutte" for r in counted) > 0
    assert all(len(p["month"]) == 7 for p in timeline)
    roles = client.get("/api/v1/entities/person:mark-rutte/roles").json()["items"]
    assert {"secretary_general", "head_of_government"} <= {r["role"] for r in roles}
    about = client.get("/api/v1/entities/country:RUS/quotes-about").json()["items"]
    assert about and all(q["speaker_id"] != "country:RUS" for q in about)
    for quote in about:
        text = client.get(f"/api/v1/documents/{quote['doc_id']}").json()["text"]
        assert text[quote["start"] : quote["end"]] == quote["text"]


def test_actors_strongest_relations_outlets_and_measures(client: TestClient) -> None:
    actors = client.get("/api/v1/actors", params={"limit": 5}).json()["items"]
    assert len(actors) == 5 and actors[0]["documents"] >= actors[-1]["documents"]
    strongest = client.get("/api/v1/relations/strongest").json()["items"]
    new = client.get(
        "/api/v1/relations/strongest", params={"since": "2025-01-01", "new": "true"}
    ).json()["items"]
    before = client.get("/api/v1/relations/strongest", params={"until": "2024-12-31", "limit": 500})
    earlier = {(s["source_id"], s["type"], s["target_id"]) for s in before.json()["items"]}
    assert strongest and new
    assert not {(s["source_id"], s["type"], s["target_id"]) for s in new} & earlier
    outlets = client.get("/api/v1/outlets").json()["items"]
    assert sum(o["documents"] for o in outlets) == 20
    measures = client.get("/api/v1/measures").json()["items"]
    chosen = measures[0]
    amounts = client.get("/api/v1/amounts", params={"measure": chosen["measure"], "limit": 500})
    assert (
        len([a for a in amounts.json()["items"] if a["unit"] == chosen["unit"]])
        == chosen["amounts"]
    )


def test_quotes_filter_by_outlet(client: TestClient) -> None:
    outlet = client.get("/api/v1/outlets").json()["items"][0]["outlet"]
    items = client.get("/api/v1/quotes", params={"outlet": outlet, "limit": 500}).json()["items"]
    assert items and {q["outlet"] for q in items} == {outlet}


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/v1/graph", {"kinds": "ANIMAL"}, 422),
        ("/api/v1/graph", {"asserted": "maybe"}, 422),
        ("/api/v1/graph", {"format": "xml"}, 422),
        ("/api/v1/graph/evidence", {"source": "a", "target": "b"}, 422),
        ("/api/v1/graph/evidence", {"source": "a", "target": "b", "type": "HUG"}, 422),
        ("/api/v1/graph/evidence", {"source": "a", "target": "b", "type": "AID"}, 200),
        ("/api/v1/entities/person:nobody/timeline", {}, 404),
        ("/api/v1/entities/person:nobody/roles", {}, 404),
        ("/api/v1/entities/person:nobody/quotes-about", {}, 404),
        ("/api/v1/entities/country:RUS/quotes-about", {"limit": 0}, 422),
        ("/api/v1/actors", {"since": "2025-02-30"}, 422),
        ("/api/v1/relations/strongest", {"new": "often"}, 422),
        ("/api/v1/relations/strongest", {"since": "2025-06-01", "until": "2025-01-01"}, 422),
        ("/api/v1/measures", {"format": "pdf"}, 422),
        ("/api/v1/quotes", {"outlet": "x" * 201}, 422),
    ],
)
def test_bad_parameters_of_the_dashboard_endpoints_get_a_4xx(
    client: TestClient, path: str, params: dict[str, object], status: int
) -> None:
    response = client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.json()["error"]["message"]


def test_every_page_renders_in_both_languages(client: TestClient, store: Store) -> None:
    doc_id = store.quotes(speaker="Rutte", limit=1)[0].doc_id
    paths = ["/", "/?period=30", "/netzwerk", "/akteur/person:mark-rutte", "/zitate",
             "/zitate?q=Nato&kind=&since=&until=", f"/artikel/{doc_id}", "/zahlen"]  # fmt: skip
    for path in paths:
        german = client.get(path, params={"lang": "de"})
        english = client.get(path, params={"lang": "en"})
        assert german.status_code == english.status_code == 200, path
        assert "<script>" not in german.text and 'lang="de"' in german.text
        assert 'lang="en"' in english.text and english.text != german.text
    assert client.cookies.get("lagebild_lang") == "en"
    assert LABELS["nav.netzwerk"][1] in client.get("/").text  # remembered


def _links(html: str, table_id: str) -> set[tuple[str, str]]:
    """(entity id, shown name) of every actor link in the table with id ``table_id``."""
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return set(re.findall(r'<a href="/akteur/([^"]+)">([^<]+)</a>', table))


def test_pages_name_actors_in_the_page_language(client: TestClient, store: Store) -> None:
    german = client.get("/akteur/country:RUS", params={"lang": "de"}).text
    english = client.get("/akteur/country:RUS", params={"lang": "en"}).text
    assert '<h1 id="actor-name">Russland</h1>' in german and "<title>Russland" in german
    assert '<h1 id="actor-name">Russia</h1>' in english
    aliases = german.split('id="actor-aliases"', 1)[1].split("</p>", 1)[0]
    assert '<span class="alias">Russia</span>' in aliases  # the stored name
    assert '<span class="alias">Russland</span>' not in aliases  # already the heading
    assert ("country%3ARUS", "Russland") in _links(german, "actor-relations")
    assert ("country%3ARUS", "Russia") in _links(english, "actor-relations")
    assert ("country%3APRK", "Nordkorea") in _links(german, "actor-relations")
    peskov = {"speaker": "person:dmitry-peskov"}
    assert ("person%3Admitry-peskov", "Dmitri Peskow") in _links(
        client.get("/zitate", params={**peskov, "lang": "de"}).text, "quote-results"
    )
    assert ("person%3Admitry-peskov", "Dmitry Peskov") in _links(
        client.get("/zitate", params={**peskov, "lang": "en"}).text, "quote-results"
    )
    nato = {"actor": "org:nato"}
    german_amounts = _links(
        client.get("/zahlen", params={**nato, "lang": "de"}).text, "amount-table"
    )
    english_amounts = _links(
        client.get("/zahlen", params={**nato, "lang": "en"}).text, "amount-table"
    )
    assert ("org%3Anato", "Nato") in german_amounts and ("org%3Anato", "NATO") in english_amounts
    doc_id = store.relations(actor="country:RUS", limit=1)[0].doc_id
    article = client.get(f"/artikel/{doc_id}", params={"lang": "de"}).text
    assert '<a href="/akteur/country%3ARUS">Russland</a>' in article


def test_actors_the_knowledge_base_lacks_keep_their_stored_name(
    client: TestClient, store: Store
) -> None:
    provisional = [e for e in store.entities(limit=500) if e.provisional]
    assert provisional
    for entity in provisional[:5]:
        for lang in ("de", "en"):
            page = client.get(f"/akteur/{entity.id}", params={"lang": lang}).text
            assert f'<h1 id="actor-name">{escape(entity.name)}</h1>' in page, entity.id


def test_pages_answer_bad_input_with_an_html_4xx(client: TestClient) -> None:
    for path, status in [("/akteur/person:nobody", 404), ("/artikel/nope", 404),
                         ("/zitate?since=2025-06-01&until=2025-01-01", 422),
                         ("/zahlen?since=yesterday", 422), ("/?period=9", 422),
                         ("/zitate?page=0", 422), ("/no-such-page", 404)]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == status, path
        assert response.headers["content-type"].startswith("text/html"), path


def test_the_article_text_is_cut_into_escaped_segments(client: TestClient, store: Store) -> None:
    doc_id = store.quotes(speaker="Rutte", limit=1)[0].doc_id
    page = client.get(f"/artikel/{doc_id}").text
    doc = store.document(doc_id)
    assert doc is not None
    for quote in doc.quotes:
        assert f'data-fact="{quote.id}"' in page and quote.id in page


def test_segments_give_the_text_back_with_every_covering_fact() -> None:
    text = "Rutte sagte: „Wir helfen.“"
    facts = [Fact("m", "mention", 0, 5), Fact("q", "quote", 14, 25), Fact("r", "relation", 0, 25)]
    pieces = segments(text, facts)
    assert "".join(p.text for p in pieces) == text
    assert pieces[0].text == "Rutte" and set(pieces[0].fact_ids) == {"m", "r"}
    assert any(p.text == "Wir helfen." and set(p.kinds) == {"quote", "relation"} for p in pieces)


def test_missing_web_assets_fail_with_a_clear_message(store: Store, tmp_path: Path) -> None:
    with pytest.raises(WebAssetsMissing, match="npm ci"):
        create_app(store, vendor_dir=tmp_path)


def test_vendor_files_are_served_and_nothing_else(client: TestClient) -> None:
    assert client.get("/vendor/cytoscape.min.js").status_code == 200
    assert client.get("/vendor/chart.umd.min.js").status_code == 200
    assert client.get("/vendor/..%2Fpackage.json").status_code == 404
    assert client.get("/vendor/package.json").status_code == 404


def test_serve_without_web_assets_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from lagebild.cli import main

    monkeypatch.setenv("LAGEBILD_WEB_ASSETS", str(tmp_path / "no-node-modules"))
    result = CliRunner().invoke(main, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1
    assert "web assets missing" in result.output and "npm ci" in result.output


@pytest.mark.timeout(300)
def test_demo_ends_by_serving_the_dashboard_and_printing_its_address(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:  # a free loopback port for the demo's server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "lagebild.cli", "demo", "--db",
               f"sqlite:///{tmp_path / 'demo.db'}", "--port", str(port)]  # fmt: skip
    demo = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        address = f"http://127.0.0.1:{port}/"
        assert demo.stdout is not None
        deadline = time.monotonic() + 240
        for line in demo.stdout:
            if address in line:
                break
            assert time.monotonic() < deadline, "the demo printed no dashboard address"
        page = ""
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
        for _ in range(50):  # the server starts right after the address is printed
            try:
                with direct.open(address, timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
        assert "Aktivste Akteure" in page
    finally:
        demo.terminate()
        demo.wait(timeout=30)
