from __future__ import annotations

import pytest

from lagebild.store import Store
from lagebild.store.feeds import ITEM_RETRY, ITEM_STORED


def test_feed_state_round_trip(store: Store) -> None:
    assert store.feeds.add("https://example.org/a.xml", 900, now=100.0, name="A")
    assert not store.feeds.add("https://example.org/a.xml", 600, now=200.0)
    store.feeds.record_failure(
        "https://example.org/a.xml", polled_at=300.0, next_poll_at=1500.0, error="HTTP 500",
        failures=1,
    )  # fmt: skip
    feed = store.feeds.get("https://example.org/a.xml")
    assert feed is not None
    assert (feed.name, feed.interval_seconds, feed.added_at) == ("A", 600, 100.0)
    assert (feed.failures, feed.last_error, feed.next_poll_at) == (1, "HTTP 500", 1500.0)
    store.feeds.record_poll(
        "https://example.org/a.xml", polled_at=1500.0, next_poll_at=2100.0, status=200,
        etag='"v1"', last_modified="Mon, 02 Mar 2026 08:00:00 GMT",
    )  # fmt: skip
    feed = store.feeds.get("https://example.org/a.xml")
    assert feed is not None
    assert (feed.failures, feed.last_error, feed.etag, feed.last_status) == (0, None, '"v1"', 200)


def test_items_count_attempts_and_outlive_their_feed(store: Store) -> None:
    store.feeds.add("https://example.org/a.xml", 900, now=0.0)
    page = "https://example.org/artikel/1.html"
    store.feeds.record_item(page, "https://example.org/a.xml", ITEM_RETRY, 10.0, error="HTTP 503")
    store.feeds.record_item(page, "https://example.org/a.xml", ITEM_STORED, 20.0, doc_id="doc_1")
    item = store.feeds.item(page)
    assert item is not None and (item.status, item.attempts, item.doc_id) == (
        ITEM_STORED, 2, "doc_1",
    )  # fmt: skip
    feed = store.feeds.get("https://example.org/a.xml")
    assert feed is not None and feed.items_stored == 1
    assert store.feeds.remove("https://example.org/a.xml")
    assert not store.feeds.remove("https://example.org/a.xml")
    assert store.feeds.all() == []
    assert store.feeds.item(page) is not None
    with pytest.raises(ValueError, match="unknown item status"):
        store.feeds.record_item(page, "https://example.org/a.xml", "maybe", 30.0)
