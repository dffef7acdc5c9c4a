"""``Watcher`` for an hour of simulated time against two local news sites with failures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from lagebild.ingest import Limits
from lagebild.monitor.watch import Watcher, WatchSettings
from lagebild.pipeline import Pipeline
from lagebild.store import Store
from lagebild.store.feeds import ITEM_FAILED, ITEM_KNOWN, ITEM_STORED

from .news_site import (
    START,
    Failure,
    FeedSource,
    Item,
    NewsSite,
    SimulatedClock,
    article,
    serving,
)

INTERVAL = 300  # every feed is polled every 5 simulated minutes
POLITENESS = 5.0
SETTINGS = WatchSettings(
    politeness=POLITENESS,
    max_backoff=1800,
    limits=Limits(timeout=1.0, total_timeout=3.0),  # a hang is 2.5 s: a timeout, load or not
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


@dataclass
class World:
    clock: SimulatedClock
    a: NewsSite  # RSS with ETag and Last-Modified
    b: NewsSite  # Atom with Last-Modified only
    politik: str
    ausland: str
    atom: str
    good: dict[str, str]  # item URL -> title, for every page that should be stored
    missing: str  # an item whose page is 404
    syndicated: str  # an item whose page repeats another item's text under a new URL
    original: str  # the item it copies


def _item(site: NewsSite, feed: FeedSource, number: int, published: float) -> Item:
    title, paragraphs = article(number)
    path = f"/{site.name}/artikel/{number}.html"
    item = Item(path, title, published, url=site.page(path, title, paragraphs))
    feed.items.append(item)
    return item


@pytest.fixture
def world() -> Iterator[World]:
    clock = SimulatedClock()
    with ExitStack() as stack:
        a = stack.enter_context(serving(NewsSite(clock, "a")))
        b = stack.enter_context(serving(NewsSite(clock, "b")))
        politik = FeedSource("/a/politik.rss", "Testblatt Politik")
        ausland = FeedSource("/a/ausland.rss", "Testblatt Ausland")
        atom = FeedSource("/b/feed.atom", "Beispielpost", atom=True, etag=False)
        urls = [a.feed(politik), a.feed(ausland), b.feed(atom)]
        items = [_item(a, politik, n, t) for n, t in enumerate((0, 0, 420, 840, 1500, 2100, 2900))]
        items += [
            _item(a, ausland, n, t)
            for n, t in zip(range(10, 15), (0, 600, 1300, 1900, 2700), strict=True)
        ]
        items += [
            _item(b, atom, n, t) for n, t in zip(range(20, 24), (0, 700, 1600, 2400), strict=True)
        ]
        # The Atom feed also lists a Politik article (same URL) and carries a copy of an
        # Ausland article under its own URL: neither may become a second document.
        atom.items.append(Item(items[2].path, items[2].title, 900, url=items[2].url))
        title, paragraphs = article(13)
        syndicated = Item("/b/artikel/kopie-13.html", title, 2000)
        syndicated.url = b.page(syndicated.path, title, paragraphs)
        atom.items.append(syndicated)
        missing = items[3]
        a.pages.pop(missing.path)  # listed in the feed, but the page is gone: 404
        a.page_troubles[items[9].path] = ["500"]  # fails once, then answers
        b.page_troubles[items[14].path] = ["timeout"]
        a.failures += [
            Failure(politik.path, 900, 2400, "500"),
            Failure(ausland.path, 1200, 1260, "timeout"),
        ]
        b.failures.append(Failure(atom.path, 600, 660, "broken"))
        good = {i.url: i.title for i in items if i is not missing}
        yield World(clock, a, b, *urls, good, missing.url, syndicated.url, items[10].url)


def _watch(db: str, world: World, pipeline: Pipeline, until: float) -> None:
    with Store.open(db) as store:
        for url in (world.politik, world.ausland, world.atom):
            store.feeds.add(url, INTERVAL, world.clock.now())  # as `watch URL...` does
        with Watcher(store, pipeline, world.clock, SETTINGS) as watcher:
            watcher.run(until=START + until)


def test_an_hour_with_a_restart_ingests_every_new_item_exactly_once(
    world: World, pipeline: Pipeline, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    _watch(db, world, pipeline, until=1800)
    stored_before_restart = {r.path for r in world.a.log + world.b.log if r.status == 200}
    _watch(db, world, pipeline, until=3600)  # a new process: store and watcher opened anew

    with Store.open(db) as store:
        documents = store.documents(limit=100)
        items = {item.url: item for item in store.feeds.items()}
    # The copy is stored under whichever URL was polled first; the other is known.
    pair = {world.original, world.syndicated}
    first = next(d.url for d in documents if d.url in pair)
    assert sorted(d.url for d in documents) == sorted((world.good.keys() - pair) | {first})
    assert sorted(d.title for d in documents) == sorted(world.good.values())
    assert items[world.missing].status == ITEM_FAILED
    assert {items[url].status for url in pair - {first}} == {ITEM_KNOWN}
    assert {items[url].status for url in world.good.keys() - pair} == {ITEM_STORED}

    log = world.a.log + world.b.log
    page_loads = Counter(r.path for r in log if r.status == 200 and "/artikel/" in r.path)
    assert set(page_loads.values()) == {1}  # every page fetched once, restart or not
    after_restart = {r.path for r in log if r.at >= 1800 and "/artikel/" in r.path}
    assert not after_restart & stored_before_restart
    missing_path = world.missing.removeprefix(world.a.base)
    assert [r.status for r in world.a.requests(missing_path)] == [404]  # not asked again
    assert [r.status for r in world.a.requests("/a/artikel/12.html")] == [500, 200]
    assert [r.status for r in world.b.requests("/b/artikel/22.html")] == [0, 200]


def test_polls_are_conditional_polite_and_back_off(
    world: World, pipeline: Pipeline, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    _watch(db, world, pipeline, until=1800)
    _watch(db, world, pipeline, until=3600)

    for site in (world.a, world.b):
        times = sorted(r.at for r in site.log)
        gaps = [later - earlier for earlier, later in pairwise(times)]
        assert min(gaps) >= POLITENESS - 1e-6
        per_interval = Counter(int(t // INTERVAL) for t in times)
        assert max(per_interval.values()) <= INTERVAL / POLITENESS

    politik = world.a.requests("/a/politik.rss")
    failed = [r.at for r in politik if r.status == 500]
    assert len(failed) == 2  # inside the 500 window only at 900 and after 2 x 300 s
    first_ok_after = min(r.at for r in politik if r.status in (200, 304) and r.at > failed[1])
    assert 600 <= failed[1] - failed[0] < 600 + 60
    assert 1200 <= first_ok_after - failed[1] < 1200 + 60
    assert first_ok_after >= 2400  # the backoff was kept across the restart at 1800

    for path, site in (("/a/ausland.rss", world.a), ("/b/feed.atom", world.b)):
        requests = site.requests(path)
        bad = next(i for i, r in enumerate(requests) if r.status in (0, 500) or r.broken)
        assert requests[bad + 1].at - requests[bad].at >= 2 * INTERVAL  # one failure: 2x

    for path, site, validator in (
        ("/a/politik.rss", world.a, "If-None-Match"),
        ("/a/ausland.rss", world.a, "If-None-Match"),
        ("/b/feed.atom", world.b, "If-Modified-Since"),
    ):
        requests = site.requests(path)
        assert validator not in requests[0].headers
        successes = [r for r in requests if r.status in (200, 304) and not r.broken]
        assert all(validator in r.headers for r in successes[1:])
        published = [item.published for item in site.feeds[path].items]
        for before, now in pairwise(successes):
            changed = any(before.at < t <= now.at for t in published)
            assert now.status == (200 if changed else 304), (path, now.at)
        assert any(r.status == 304 for r in successes)
        polls = len(requests)
        assert polls <= 3600 / INTERVAL + 1
        first_after_restart = next(r for r in requests if r.at >= 1800)
        assert validator in first_after_restart.headers  # validators survived the restart
