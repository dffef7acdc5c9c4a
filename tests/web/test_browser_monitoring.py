"""The Alarme and Veränderungen pages in a real browser (Debian's Chromium through
Playwright, as in test_browser.py): a real uvicorn server on a free loopback port over a
real SQLite database filled by the pipeline, with alerts fired by the real engine and an
article whose title and quote carry script payloads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from lagebild.monitor.alerts import AlertEngine, LogDelivery, load_alert_rules
from lagebild.runner import ingest
from lagebild.store import Store

from .monitoring_fixtures import add_story_articles, fill_monitoring_store
from .test_browser import (
    IMAGE,
    SCRIPT,
    Watched,
    browser_context,  # noqa: F401  (a fixture used by `watched`)
    served,
    watched,  # noqa: F401  (a fixture)
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    folder = tmp_path_factory.mktemp("browser-monitoring")
    store = Store.open(f"sqlite:///{folder / 'monitoring.db'}")
    fill_monitoring_store(store, folder)
    probe = folder / "probe.jsonl"
    record = {
        "id": "alert-probe",
        "title": f"Alarm {SCRIPT}",
        "outlet": f"Blatt {IMAGE}",
        "published": "2025-11-14",
        "url": "javascript:window.__xss = 3",
        "language": "de",
        "text": f"Brüssel – „China {SCRIPT} bleibt ein Rivale“, sagte Mark Rutte am Freitag "
        "in Brüssel.",
    }
    probe.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    engine = AlertEngine(store, load_alert_rules(folder / "alerts.yaml"), [LogDelivery(print)])
    assert ingest([str(probe)], store, progress=False, on_stored=engine.check).stored == 1
    add_story_articles(store, folder)

    with served(store) as base:
        yield base, store
    store.close()


def _no_injection(page: Watched) -> None:
    assert page.page.locator("img[src=x], main script").count() == 0
    assert page.page.locator("a[href^='javascript:' i]").count() == 0


def test_alarme_lists_alerts_and_opens_the_evidence_span(
    server: tuple[str, Store],
    watched: Watched,  # noqa: F811
) -> None:
    base, store = server
    watched.open(base + "/alarme?lang=de", "#alert-table tbody tr[data-alert]")
    rows = watched.page.locator("#alert-table tbody tr[data-alert]")
    assert rows.count() == len(store.alerts.fired(25))
    assert watched.page.locator(".mainnav a.active").inner_text() == "Alarme"
    # the payload article's title and outlet are shown as text
    assert f"Alarm {SCRIPT}" in watched.page.locator("#alert-table").inner_text()
    _no_injection(watched)
    watched.shot("alarme")
    link = watched.page.locator("a.alert-evidence").first
    evidence = link.inner_text()
    link.click()
    watched.page.wait_for_url("**/artikel/**#*")
    watched.page.wait_for_selector("#article-text span.selected")
    selected = "".join(watched.page.locator("#article-text span.selected").all_inner_texts())
    assert " ".join(selected.split()) == " ".join(evidence.split())
    watched.assert_clean()


def test_veraenderungen_for_a_chosen_period(
    server: tuple[str, Store],
    watched: Watched,  # noqa: F811
) -> None:
    base, _store = server
    watched.open(base + "/veraenderungen?lang=de", "#change-strengths")
    watched.page.select_option("#change-filters select[name=period]", "month")
    watched.page.fill("#change-filters input[name=at]", "2025-11-20")
    watched.page.click("#change-filters button[type=submit]")
    watched.page.wait_for_url("**/veraenderungen?*at=2025-11-20*")
    assert watched.page.locator("#period-shown strong").inner_text() == "2025-11"
    figures = watched.page.locator("#change-figures").inner_text()
    assert "Musterkurier" in figures and "Hauptstadtkurier" in figures
    assert "Karla Nordmann" in watched.page.locator("#change-contradictions").inner_text()
    csv_href = watched.page.locator("#change-figures").locator("xpath=..").locator("a.csv")
    assert "part=figures" in (csv_href.get_attribute("href") or "")
    _no_injection(watched)
    watched.shot("veraenderungen")
    # a contradiction opens the later quote, marked in its article
    later = watched.page.locator("#change-contradictions tbody tr td:nth-child(4) a").first
    quote = later.inner_text().strip("„“")
    later.click()
    watched.page.wait_for_selector("#article-text span.selected")
    selected = "".join(watched.page.locator("#article-text span.selected").all_inner_texts())
    assert selected == quote
    # back to the page: the previous-period link goes one month back
    watched.page.go_back()
    watched.page.click("#period-previous")
    watched.page.wait_for_url("**at=2025-10-01**")
    assert watched.page.locator("#period-shown strong").inner_text() == "2025-10"
    watched.page.click("#lang-switch")
    watched.page.wait_for_url("**lang=en**")
    assert watched.page.locator("h1").inner_text() == "Changes"
    watched.open(base + "/alarme?lang=de", "#alert-table")  # leave the cookie German
    watched.assert_clean()


def test_geschichten_opens_a_story_and_its_article(
    server: tuple[str, Store],
    watched: Watched,  # noqa: F811
) -> None:
    base, store = server
    [top] = store.stories.top(limit=1)
    watched.open(base + "/geschichten?lang=de", "#story-table tbody tr[data-story]")
    assert watched.page.locator(".mainnav a.active").inner_text() == "Geschichten"
    rows = watched.page.locator("#story-table tbody tr[data-story]")
    assert rows.count() == len(store.stories.top(limit=25))
    assert rows.first.get_attribute("data-story") == top.id
    _no_injection(watched)
    watched.shot("geschichten")
    rows.first.locator("a.story-link").click()
    watched.page.wait_for_url(f"**/geschichten/{top.id}")
    assert watched.page.locator("#story-title").inner_text() == top.title
    assert watched.page.locator("#story-articles tbody tr").count() == len(top.articles)
    assert "2 Quellen" in watched.page.locator("#story-quotes").inner_text()
    assert "Deutschland" in watched.page.locator("#story-relations").inner_text()
    watched.shot("geschichte")
    article = watched.page.locator("#story-articles tbody tr a[href^='/artikel/']").nth(1)
    title = article.inner_text()
    article.click()
    watched.page.wait_for_url("**/artikel/**")
    watched.page.wait_for_selector("#article-text")
    assert title in watched.page.locator("h1").inner_text()
    watched.page.go_back()
    watched.page.click("#lang-switch")
    watched.page.wait_for_url("**lang=en**")
    assert watched.page.locator("#story-articles").count() == 1
    assert "2 sources" in watched.page.locator("#story-quotes").inner_text()
    watched.open(base + "/geschichten?lang=de", "#story-table")  # leave the cookie German
    watched.assert_clean()


def test_week_view_in_the_browser(server: tuple[str, Store], watched: Watched) -> None:  # noqa: F811
    base, _store = server
    watched.open(base + "/veraenderungen?period=week&at=2024-06-20", "#change-blocs")
    assert watched.page.locator("#period-shown strong").inner_text() == "2024-W25"
    assert watched.page.locator("#change-blocs tbody tr").count() >= 1
    assert watched.page.locator("#change-first-seen tbody tr td a").count() >= 2
    watched.shot("veraenderungen-woche")
    watched.assert_clean()


def test_pages_are_csp_clean(server: tuple[str, Store], tmp_path: Path) -> None:
    """No inline script or style attribute anywhere on the two pages (the CSP forbids them)."""
    import httpx

    base, store = server
    with httpx.Client(base_url=base, timeout=10) as client:
        [story] = store.stories.top(limit=1)
        pages = ("/alarme", "/veraenderungen", "/veraenderungen?period=week", "/geschichten")
        for path in (*pages, f"/geschichten/{story.id}"):
            response = client.get(path)
            assert "script-src 'self'" in response.headers["content-security-policy"]
            body = response.text
            assert " style=" not in body and "<style" not in body, path
            assert "<script>" not in body and " onclick=" not in body, path
