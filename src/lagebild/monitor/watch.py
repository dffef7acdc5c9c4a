"""``lagebild watch``: poll RSS/Atom feeds, fetch only new items, ingest them.

The loop is built around an injectable :class:`Clock` (``now`` and ``sleep``), so a
test can run an hour of simulated time in seconds. Everything needed to carry on
after a restart lives in the database (``Store.feeds``): each feed's validators
(ETag, Last-Modified), when it is next due and how often it failed in a row, and
every item URL seen with its outcome. Nothing already stored is fetched again.

Politeness: requests to one host (``host:port``) are at least
``WatchSettings.politeness`` seconds apart, feeds and item pages alike. A failed
poll (HTTP error, timeout, not a feed, broken XML) is retried after
``interval * 2**failures``, capped at ``max_backoff``; a success resets that.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from lagebild.ingest import FetchError, FetchResult, IngestError, Limits, UnreadableSource, fetch
from lagebild.ingest.feeds import Feed, FeedItem, parse_feed
from lagebild.ingest.fetch import DEFAULT_LIMITS, make_client
from lagebild.ingest.sources import feed_item_document
from lagebild.model import Document
from lagebild.pipeline import Pipeline
from lagebild.runner import analyse_one, save_document
from lagebild.store import Store, StoreError
from lagebild.store.feeds import ITEM_FAILED, ITEM_KNOWN, ITEM_RETRY, ITEM_STORED, FeedRow

#: HTTP statuses of an item page that may pass: the item is tried again on a later poll.
_TRANSIENT_STATUSES = frozenset({408, 425, 429})


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class WatchSettings:
    politeness: float = 2.0  # seconds between two requests to the same host
    max_backoff: float = 6 * 3600.0  # longest wait after repeated failures
    item_attempts: int = 3  # tries of an item page that keeps failing transiently
    limits: Limits = DEFAULT_LIMITS


@dataclass
class WatchSummary:
    polls: int = 0
    not_modified: int = 0  # polls answered 304
    failed_polls: int = 0
    stored: int = 0  # new documents
    known: int = 0  # items whose text was in the database already
    failed_items: int = 0
    errors: list[str] = field(default_factory=list)


Event = Callable[[str], None]


class Watcher:
    """Polls the store's feeds when they are due and ingests their new items."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        clock: Clock | None = None,
        settings: WatchSettings | None = None,
        *,
        only: Collection[str] | None = None,
        client: httpx.Client | None = None,
        on_event: Event | None = None,
        on_stored: Callable[[Document], object] | None = None,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.clock = clock or SystemClock()
        self.settings = settings or WatchSettings()
        self.only = set(only) if only is not None else None
        self._client = client
        self._owns_client = client is None
        self._on_event = on_event
        self._on_stored = on_stored
        self._last_request: dict[str, float] = {}
        self.summary = WatchSummary()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = make_client(self.settings.limits)
        return self._client

    def close(self) -> None:
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ loop

    def run(self, until: float | None = None) -> WatchSummary:
        """Poll due feeds and sleep until the next is due, until ``until`` (forever if None).

        Feeds are read from the database each round, so ``lagebild feeds add/remove``
        take effect while watching.
        """
        while until is None or self.clock.now() < until:
            self.poll_due()
            wait = self._seconds_to_next_poll()
            if until is not None:
                wait = min(wait, until - self.clock.now())
            if wait > 0:
                self.clock.sleep(wait)
        return self.summary

    def poll_due(self) -> int:
        """Poll every feed that is due now; the number polled."""
        due = [feed for feed in self._feeds() if self._is_due(feed)]
        for feed in due:
            self.poll(feed)
        return len(due)

    def _feeds(self) -> list[FeedRow]:
        feeds = self.store.feeds.all()
        return feeds if self.only is None else [f for f in feeds if f.url in self.only]

    def _is_due(self, feed: FeedRow) -> bool:
        return feed.next_poll_at is None or feed.next_poll_at <= self.clock.now()

    def _seconds_to_next_poll(self) -> float:
        upcoming = [f.next_poll_at for f in self._feeds() if f.next_poll_at is not None]
        if len(upcoming) < len(self._feeds()):
            return 0.0
        # Nothing registered: look again in a minute rather than spin.
        return max(0.0, min(upcoming) - self.clock.now()) if upcoming else 60.0

    # ------------------------------------------------------------------ one feed

    def poll(self, feed: FeedRow) -> None:
        """One conditional GET of ``feed`` and the fetching of its new items."""
        self.summary.polls += 1
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        polled_at = self.clock.now()
        try:
            fetched = self._get(feed.url, headers)
            if fetched.status == 304:
                self.summary.not_modified += 1
                self._succeeded(feed, polled_at, fetched, feed.etag, feed.last_modified)
                return
            parsed = self._parse(fetched)
        except (FetchError, UnreadableSource) as exc:
            self._failed(feed, polled_at, _reason(exc))
            return
        for item in parsed.items:
            self._ingest_item(feed, item, parsed)
        # Validators are saved only after the items, so a crash in between re-reads the feed.
        etag = fetched.headers.get("etag")
        self._succeeded(feed, polled_at, fetched, etag, fetched.headers.get("last-modified"))

    def _parse(self, fetched: FetchResult) -> Feed:
        parsed = parse_feed(fetched.body, base_url=fetched.final_url)
        if not parsed.well_formed:
            # A cut-off document can end in a cut-off link; wait for the whole feed.
            raise UnreadableSource("feed XML is not well-formed")
        return parsed

    def _succeeded(
        self,
        feed: FeedRow,
        polled_at: float,
        fetched: FetchResult,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        self.store.feeds.record_poll(
            feed.url,
            polled_at=polled_at,
            next_poll_at=polled_at + feed.interval_seconds,
            status=fetched.status,
            etag=etag,
            last_modified=last_modified,
        )

    def _failed(self, feed: FeedRow, polled_at: float, reason: str) -> None:
        failures = feed.failures + 1
        delay = min(feed.interval_seconds * 2**failures, self.settings.max_backoff)
        delay = max(delay, float(feed.interval_seconds))
        self.summary.failed_polls += 1
        self._report(f"{feed.url}: {reason} (failure {failures}, next try in {delay:.0f} s)")
        self.store.feeds.record_failure(
            feed.url,
            polled_at=polled_at,
            next_poll_at=polled_at + delay,
            error=reason,
            failures=failures,
        )

    # ------------------------------------------------------------------ one item

    def _ingest_item(self, feed: FeedRow, item: FeedItem, parsed: Feed) -> None:
        if item.link is None:
            return  # nothing to fetch, and nothing to remember it by
        seen = self.store.feeds.item(item.link)
        if seen is not None and seen.status != ITEM_RETRY:
            return
        now = self.clock.now()
        try:
            fetched = self._get(item.link, {})
            doc = feed_item_document(fetched, item, parsed)
        except FetchError as exc:
            attempts = (seen.attempts if seen else 0) + 1
            permanent = _is_permanent(exc) or attempts >= self.settings.item_attempts
            self._item_failed(feed, item.link, now, str(exc), permanent)
            return
        except UnreadableSource as exc:
            self._item_failed(feed, item.link, now, exc.reason, permanent=True)
            return
        if self.store.has_document(doc.id):
            self.summary.known += 1
            self.store.feeds.record_item(item.link, feed.url, ITEM_KNOWN, now, doc_id=doc.id)
            return
        result = analyse_one(self.pipeline, doc)
        if isinstance(result, IngestError):
            self._item_failed(feed, item.link, now, result.reason, permanent=True)
            return
        try:
            saved = save_document(self.store, result)
        except StoreError as exc:
            self._item_failed(feed, item.link, now, str(exc), permanent=True)
            return
        self.summary.stored += int(saved)
        self.summary.known += int(not saved)
        status = ITEM_STORED if saved else ITEM_KNOWN
        self.store.feeds.record_item(item.link, feed.url, status, now, doc_id=result.id)
        if saved and self._on_stored is not None:
            self._on_stored(result)  # alert rules, once the item is stored and recorded

    def _item_failed(
        self, feed: FeedRow, url: str, now: float, reason: str, permanent: bool
    ) -> None:
        self.summary.failed_items += int(permanent)
        status = ITEM_FAILED if permanent else ITEM_RETRY
        self._report(f"{url}: {reason}" + ("" if permanent else " (will try again)"))
        self.store.feeds.record_item(url, feed.url, status, now, error=reason)

    # ------------------------------------------------------------------ network

    def _get(self, url: str, headers: dict[str, str]) -> FetchResult:
        """GET with the per-host politeness delay on the watcher's clock."""
        host = httpx.URL(url).netloc.decode("ascii", "replace")
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.settings.politeness - self.clock.now()
            if wait > 0:
                self.clock.sleep(wait)
        self._last_request[host] = self.clock.now()
        return fetch(url, self.settings.limits, self.client, headers=headers)

    def _report(self, message: str) -> None:
        self.summary.errors.append(message)
        if self._on_event is not None:
            self._on_event(message)


def _is_permanent(exc: FetchError) -> bool:
    """HTTP 4xx (except the few meaning "later") will not change by asking again."""
    message = str(exc)
    if not message.startswith("HTTP "):
        return False
    status = int(message.split()[1])
    return 400 <= status < 500 and status not in _TRANSIENT_STATUSES


def _reason(exc: FetchError | UnreadableSource) -> str:
    return exc.reason if isinstance(exc, UnreadableSource) else str(exc)
