"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

A real uvicorn server on a free loopback port serves a real SQLite database that the
pipeline filled from the bundled sample corpus, plus articles carrying script-injection
payloads in every field the pages show. Screenshots of every page go to
``build/screenshots/`` (not committed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
import uvicorn
from playwright import sync_api as playwright_sync

from lagebild.corpus import sample_corpus_path
from lagebild.model import Amount, Document, Entity, Evidence, Mention, Quote, Relation
from lagebild.runner import ingest
from lagebild.store import Store
from lagebild.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]

# Each payload sets a global flag or opens a dialog if it ever runs.
SCRIPT = "<script>window.__xss = 1</script>"
IMAGE = '<img src=x onerror="window.__xss = 2">'
URL = "javascript:window.__xss = 3"
CLOSING = "</script><script>alert(4)</script>"
BREAKER = '"\'><svg onload="window.__xss = 5">`${alert(6)}`'


def _free_port_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def served(store: Store) -> Iterator[str]:
    """The dashboard of ``store`` served by uvicorn in a thread on a free loopback port."""
    sock = _free_port_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store), log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "uvicorn did not start within 20 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _payload_document() -> Document:
    """An article whose title, outlet, URL, entity name, quote, relation and figure carry
    payloads, composed with the model's dataclasses (the pipeline would not name an entity
    like this)."""
    name = f"Probe{IMAGE}"
    quote = f"{SCRIPT} und {CLOSING} sind {BREAKER}"
    text = (
        f"{name} sagte am Montag: „{quote}“ Danach unterstützte {name} Russland mit "
        f"200 Millionen Euro."
    )
    doc_id = "doc_xss_probe_0001"
    first = text.index(name)
    second = text.index(name, first + 1)
    q_start = text.index(quote)
    russia = text.index("Russland")
    money = text.index("200 Millionen Euro")
    person = Entity("x-per:xss-probe", name, "PER", provisional=True)
    russia_entity = Entity("country:RUS", "Russia", "GPE")

    def evidence(start: int, end: int, stage: str) -> Evidence:
        return Evidence(doc_id, start, end, stage)

    return Document(
        id=doc_id,
        text=text,
        title=f"Test {SCRIPT} {IMAGE} {CLOSING}",
        outlet=f"Outlet {IMAGE}",
        url=URL,
        author=BREAKER,
        published=dt.date(2025, 9, 6),
        language="de",
        entities={person.id: person, russia_entity.id: russia_entity},
        mentions=[
            Mention(evidence(first, first + len(name), "test"), name, "PER", person.id),
            Mention(evidence(second, second + len(name), "test"), name, "PER", person.id),
            Mention(evidence(russia, russia + 8, "test"), "Russland", "GPE", "country:RUS"),
        ],
        quotes=[
            Quote(evidence(q_start, q_start + len(quote), "test"), quote, "direct", person.id, name)
        ],
        relations=[
            Relation(
                evidence(second, russia + 8, "test"),
                person.id,
                "SUPPORT",
                "country:RUS",
                name,
                "Russia",
            )
        ],
        amounts=[
            Amount(
                evidence(money, money + 18, "test"),
                "200 Millionen Euro",
                2e8,
                "EUR",
                measure=f"Hilfe {SCRIPT}",
                actor_id="country:RUS",
            )
        ],
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    folder = tmp_path_factory.mktemp("browser")
    store = Store.open(f"sqlite:///{folder / 'browser.db'}")
    with sample_corpus_path() as path:
        summary = ingest([str(path)], store, progress=False)
    assert summary.stored == 20 and not summary.errors
    # one payload article through the real pipeline, one composed with every field set
    piped = folder / "payload.jsonl"
    record = {
        "id": "xss-pipeline",
        "title": f"Bericht {SCRIPT}",
        "outlet": f"Blatt {IMAGE}",
        "published": "2025-09-07",
        "url": URL,
        "language": "de",
        "text": f"Berlin – Die Nato warnte Russland. „{CLOSING} {BREAKER}“, sagte "
        "Mark Rutte am Sonntag in Brüssel.",
    }
    piped.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert ingest([str(piped)], store, progress=False).stored == 1
    assert store.save(_payload_document())

    with served(store) as base:
        yield base, store
    store.close()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh (apt chromium)")
    with playwright_sync.sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=BROWSER_ARGS,
            viewport={"width": 1440, "height": 900},
            locale="de-DE",
        )
        context.set_default_timeout(20_000)
        yield context
        context.close()


class Watched:
    """A page with every console error, uncaught exception and dialog recorded."""

    def __init__(self, context: object) -> None:
        self.page = context.new_page()  # type: ignore[attr-defined]
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("dialog", self._dialog)

    def _console(self, message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            self.problems.append(f"{self.page.url}: {message.text}")  # type: ignore[attr-defined]

    def _dialog(self, dialog: object) -> None:
        self.problems.append(f"dialog: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def open(self, url: str, ready: str | None = None) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        if ready:
            self.page.wait_for_selector(ready, state="attached")
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert self.page.evaluate("window.__xss") is None, "an injected script ran"
        assert not self.problems, self.problems

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def watched(browser_context: object) -> Iterator[Watched]:
    page = Watched(browser_context)
    yield page
    page.close()


def _doc_with_quotes(store: Store) -> str:
    return next(q.doc_id for q in store.quotes(speaker="Rutte", limit=5))


def test_every_page_loads_without_console_errors(
    server: tuple[str, Store], watched: Watched
) -> None:
    base, store = server
    pages = {
        "lage": ("/?period=all", "#top-actors tbody tr"),
        "netzwerk": ("/netzwerk", "#graph[data-ready=true]"),
        "akteur": ("/akteur/person:mark-rutte", "#timeline[data-ready=true]"),
        "akteur-staat": ("/akteur/country:RUS", "#timeline[data-ready=true]"),
        "zitate": ("/zitate", "#quote-results tbody tr"),
        "artikel": (f"/artikel/{_doc_with_quotes(store)}", "#article-text span.hl-quote"),
        "zahlen": ("/zahlen", "#measure-chart[data-ready=true]"),
        "lage-en": ("/?period=all&lang=en", "#top-actors tbody tr"),
    }
    for name, (path, ready) in pages.items():
        watched.open(base + path, ready)
        watched.shot(name)
        assert watched.page.locator("h1").first.inner_text().strip(), name
    watched.open(base + "/?lang=de", "#top-actors")  # the other tests expect German
    watched.assert_clean()


def test_network_renders_and_a_node_click_opens_the_actor(
    server: tuple[str, Store], watched: Watched
) -> None:
    base, _store = server
    watched.open(base + "/netzwerk", "#graph[data-ready=true]")
    counts = watched.page.evaluate(
        "[window.lagebildGraph.nodes().length, window.lagebildGraph.edges().length]"
    )
    assert counts[0] >= 5 and counts[1] >= 5
    # the canvas has drawn something: non-white pixels in the graph area
    box = watched.page.locator("#graph").bounding_box()
    target = watched.page.evaluate(
        """() => { const n = window.lagebildGraph.nodes().max(x => x.data('mentions')).ele;
                   const p = n.renderedPosition(); return {id: n.id(), x: p.x, y: p.y}; }"""
    )
    watched.page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    watched.page.wait_for_url("**/akteur/**")
    assert unquote(watched.page.url).endswith("/akteur/" + target["id"])
    watched.page.wait_for_selector("#actor-name")
    watched.assert_clean()


def test_network_nodes_are_labelled_in_the_page_language(
    server: tuple[str, Store], watched: Watched
) -> None:
    base, _store = server
    label = "(id) => window.lagebildGraph.getElementById(id).data('label')"
    watched.open(base + "/netzwerk?lang=de", "#graph[data-ready=true]")
    assert watched.page.evaluate(label, "country:RUS") == "Russland"
    assert watched.page.evaluate(label, "org:nato") == "Nato"
    watched.open(base + "/netzwerk?lang=en", "#graph[data-ready=true]")
    assert watched.page.evaluate(label, "country:RUS") == "Russia"
    watched.open(base + "/?lang=de", "#top-actors")  # the other tests expect German
    watched.assert_clean()


def test_the_time_filter_changes_the_graph(server: tuple[str, Store], watched: Watched) -> None:
    base, _store = server
    graph_requests: list[str] = []
    watched.page.on(
        "request", lambda r: graph_requests.append(r.url) if "/api/v1/graph" in r.url else None
    )
    watched.open(base + "/netzwerk", "#graph[data-ready=true]")
    # the whole slider asks for all time (read from the pre-counted graph tables)
    assert graph_requests and "since=" not in graph_requests[0], graph_requests
    graph = watched.page.locator("#graph")
    before = (graph.get_attribute("data-nodes"), graph.get_attribute("data-edges"))
    last = int(watched.page.locator("#time-from").get_attribute("max") or "0")
    watched.page.locator("#time-from").fill(str(last - 3))  # the last four months only
    watched.page.wait_for_selector("#graph[data-ready=true]")
    after = (graph.get_attribute("data-nodes"), graph.get_attribute("data-edges"))
    assert "since=" in graph_requests[-1], graph_requests
    assert after != before and int(after[1] or 0) < int(before[1] or 0)
    assert watched.page.locator("#time-from-label").inner_text().strip()
    watched.shot("netzwerk-zeitfenster")
    watched.assert_clean()


def test_an_edge_click_shows_its_evidence_with_article_links(
    server: tuple[str, Store], watched: Watched
) -> None:
    base, _store = server
    watched.open(base + "/netzwerk", "#graph[data-ready=true]")
    box = watched.page.locator("#graph").bounding_box()
    point = watched.page.evaluate(
        """() => {
            // the strongest edge whose midpoint no node or label covers, so the click hits it
            const cy = window.lagebildGraph;
            const boxes = cy.nodes().map(n => n.renderedBoundingBox({includeLabels: true}));
            const free = m => boxes.every(b => m.x < b.x1 - 4 || m.x > b.x2 + 4 ||
                                               m.y < b.y1 - 4 || m.y > b.y2 + 4);
            const edges = cy.edges().sort((a, b) => b.data('documents') - a.data('documents'));
            const e = edges.filter(x => free(x.renderedMidpoint()))[0];
            const m = e.renderedMidpoint();
            return {x: m.x, y: m.y};
        }"""
    )
    watched.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    watched.page.wait_for_selector("#evidence-list[data-ready=true] li")
    link = watched.page.locator("#evidence-list li a").first
    assert (link.get_attribute("href") or "").startswith("/artikel/")
    watched.shot("netzwerk-beleg")
    watched.assert_clean()


def test_quote_search_finds_a_quote(server: tuple[str, Store], watched: Watched) -> None:
    base, store = server
    quote = store.quotes(speaker="Rutte", limit=1)[0]
    word = max(quote.text.split(), key=len).strip('.,;:!?„“"')
    watched.open(base + "/zitate", "#quote-search")
    watched.page.fill("input[name=q]", word)
    watched.page.click("#quote-search button[type=submit]")
    watched.page.wait_for_url("**/zitate?*")
    results = watched.page.locator("#quote-results tbody")
    assert quote.text in results.inner_text()
    watched.shot("zitate-suche")
    watched.assert_clean()


def test_the_article_view_highlights_a_selected_quote(
    server: tuple[str, Store], watched: Watched
) -> None:
    base, store = server
    doc_id = _doc_with_quotes(store)
    watched.open(base + f"/artikel/{doc_id}", "button.fact[data-kind=quote]")
    button = watched.page.locator("button.fact[data-kind=quote]").last
    fact_id = button.get_attribute("data-fact")
    quote = next(q for q in store.document(doc_id).quotes if q.id == fact_id)  # type: ignore[union-attr]
    button.click()
    selected = watched.page.locator("#article-text span.selected")
    assert selected.count() >= 1
    assert "".join(selected.all_inner_texts()) == quote.text
    in_view = watched.page.evaluate(
        """() => { const r = document.querySelector('#article-text span.selected')
                                   .getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }"""
    )
    assert in_view
    watched.page.screenshot(path=str(SCREENSHOTS / "artikel-auswahl.png"))
    watched.assert_clean()


def test_injected_markup_renders_as_text_and_runs_nothing(
    server: tuple[str, Store], watched: Watched
) -> None:
    base, _store = server
    pages = [
        ("/?period=all", None),
        ("/artikel/doc_xss_probe_0001", "#article-text"),
        ("/akteur/x-per:xss-probe", "#timeline[data-ready=true]"),
        ("/zitate?q=script", "#quote-results"),
        ("/zahlen", "#amount-table"),
        ("/netzwerk", "#graph[data-ready=true]"),
    ]
    for path, ready in pages:
        watched.open(base + path, ready)
        page = watched.page
        assert page.locator("img[src=x], svg[onload], #article-text script").count() == 0, path
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
    watched.shot("xss-netzwerk")
    # the graph labels the payload entity with its literal name, and its edge evidence is text
    names = watched.page.evaluate("window.lagebildGraph.nodes().map(n => n.data('label'))")
    assert f"Probe{IMAGE}" in names
    watched.open(base + "/artikel/doc_xss_probe_0001", "#article-text")
    assert watched.page.locator("#article-title").inner_text() == f"Test {SCRIPT} {IMAGE} {CLOSING}"
    assert SCRIPT in watched.page.locator("#article-text").inner_text()
    assert watched.page.locator("#article-url").inner_text() == URL  # shown, not linked
    watched.shot("xss-artikel")
    watched.open(base + "/akteur/x-per:xss-probe", "#actor-name")
    assert watched.page.locator("#actor-name").inner_text() == f"Probe{IMAGE}"
    watched.assert_clean()


def test_the_language_switch_is_remembered(server: tuple[str, Store], watched: Watched) -> None:
    base, _store = server
    watched.open(base + "/zitate?lang=de", "#quote-search")
    assert watched.page.locator(".mainnav a.active").inner_text() == "Zitate"
    watched.page.click("#lang-switch")
    watched.page.wait_for_url("**lang=en**")
    assert watched.page.locator(".mainnav a.active").inner_text() == "Quotes"
    watched.open(base + "/zahlen", "#amount-filters")
    assert watched.page.locator(".mainnav a.active").inner_text() == "Figures"
    watched.open(base + "/?lang=de", "#top-actors")
    watched.assert_clean()
