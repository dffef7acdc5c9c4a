"""'n Quellen' on the dashboard: one statement or relation reported by several outlets, with
near-copies counted once, on a real SQLite store filled through the ingest path."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_articles import ANNA, NORDLAND, SUEDMARK, ArticleBuilder

from lagebild.model import Document
from lagebild.runner import save_document
from lagebild.store import Store
from lagebild.web.app import create_app

QUOTE = "Wir werden Südmark weiter mit aller Kraft beistehen."
BODY = (
    "Nordland liefert Südmark Panzer. Die Regierung in der Hauptstadt teilte am Montag mit, "
    "die ersten Fahrzeuge würden noch in diesem Monat übergeben. Weitere Lieferungen seien "
    "geplant, hieß es aus dem Ministerium. Anna Beispiel sagte: „{quote}“"
)


def _report(text: str, outlet: str) -> Document:
    a = ArticleBuilder(text, published=dt.date(2024, 3, 4), title=f"Panzer ({outlet})")
    a.doc.outlet = outlet
    a.entity(*NORDLAND, "Nordland").entity(*SUEDMARK, "Südmark").entity(*ANNA, "Anna Beispiel")
    a.mention("Nordland", "gpe:nordland").mention("Südmark", "gpe:suedmark")
    a.mention("Anna Beispiel", "per:anna-beispiel")
    a.relation("Nordland liefert Südmark", "gpe:nordland", "AID", "gpe:suedmark")
    a.quote(QUOTE, "per:anna-beispiel")
    return a.doc


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('sources') / 'q.db'}")
    original = BODY.format(quote=QUOTE)
    for text, outlet in [
        (original, "Blatt A"),
        ("Hauptstadt (Agentur) – " + original + " Mehr im Newsletter.", "Blatt B"),  # a copy
        (
            "Eigener Bericht: Nordland liefert Südmark Panzer, vier Kompanien werden "
            f"ausgerüstet. Anna Beispiel sagte: „{QUOTE}“",
            "Blatt C",
        ),
    ]:
        assert save_document(store, _report(text, outlet))
    with TestClient(create_app(store)) as test_client:
        yield test_client
    store.close()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_quote_search_lists_a_statement_once_with_its_sources(client: TestClient) -> None:
    page = client.get("/zitate", params={"speaker": "Anna Beispiel", "lang": "de"})
    assert page.status_code == 200
    rows = re.findall(r"<tr>\s*<td class=\"date\">.*?</tr>", page.text, re.S)
    assert len(rows) == 1 and "2 Quellen" in _text(rows[0])
    per_outlet = client.get("/zitate", params={"outlet": "Blatt B", "lang": "de"}).text
    assert "2 Quellen" in _text(per_outlet) and "Blatt B" in per_outlet
    english = client.get("/zitate", params={"speaker": "Anna Beispiel", "lang": "en"}).text
    assert "2 sources" in _text(english)


def test_the_actor_page_shows_sources_of_quotes_and_relations(client: TestClient) -> None:
    page = _text(client.get("/akteur/gpe:nordland", params={"lang": "de"}).text)
    relations = page[page.index("Relationen") :]
    assert "Nordland liefert Südmark" in relations and "2 Quellen" in relations
    speaker = _text(client.get("/akteur/per:anna-beispiel", params={"lang": "de"}).text)
    assert speaker.count(QUOTE) == 1 and "2 Quellen" in speaker


def test_the_overview_counts_relations_by_independent_sources(client: TestClient) -> None:
    page = client.get("/", params={"period": "all", "lang": "de"}).text
    table = page[page.index('id="new-relations"') :]
    table = table[: table.index("</table>")]
    assert re.search(r'<td class="num" title="3 Artikel">2</td>', table)


def test_the_api_carries_sources_and_facts(client: TestClient) -> None:
    quotes = client.get("/api/v1/quotes", params={"speaker": "Anna Beispiel"}).json()["items"]
    assert [(q["sources"], q["documents"]) for q in quotes] == [(2, 3)] * 3
    [aid] = client.get("/api/v1/relations/strongest").json()["items"]
    assert (aid["documents"], aid["sources"]) == (3, 2)
