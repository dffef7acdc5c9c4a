"""What the feed watcher keeps between polls and across restarts: feeds and seen items.

Part of the store because it writes SQL; used through ``Store.feeds``. Times are
seconds since the epoch (floats) on the watcher's clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lagebild.store import schema as t

#: An item's page was fetched, analysed and stored as document ``doc_id``.
ITEM_STORED = "stored"
#: The page was fetched and its text was already in the database (another URL, another feed).
ITEM_KNOWN = "known"
#: Fetching failed in a way that may pass (server error, timeout); tried again on later polls.
ITEM_RETRY = "retry"
#: Given up: a permanent error (404, not an article) or too many failed attempts.
ITEM_FAILED = "failed"
ITEM_STATUSES = (ITEM_STORED, ITEM_KNOWN, ITEM_RETRY, ITEM_FAILED)


@dataclass(frozen=True, slots=True)
class FeedRow:
    url: str
    name: str | None
    interval_seconds: int
    added_at: float
    etag: str | None
    last_modified: str | None
    last_polled_at: float | None
    next_poll_at: float | None  # None: poll as soon as possible
    last_status: int | None
    failures: int  # consecutive failed polls
    last_error: str | None
    items_stored: int  # items of this feed stored as new documents


@dataclass(frozen=True, slots=True)
class ItemState:
    url: str
    status: str
    attempts: int
    doc_id: str | None


class FeedRepository:
    """Feeds and seen items in the store's database (``Store.feeds``)."""

    def __init__(self, engine: sa.Engine, insert: Callable[[sa.Table], Any]) -> None:
        self.engine = engine
        self._insert = insert

    def add(self, url: str, interval_seconds: int, now: float, name: str | None = None) -> bool:
        """Register a feed; True if it is new. A known feed gets the new interval (and name)."""
        with self.engine.begin() as conn:
            known = conn.execute(sa.select(t.feeds.c.url).where(t.feeds.c.url == url)).first()
            if known is not None:
                changes: dict[str, object] = {"interval_seconds": interval_seconds}
                if name is not None:
                    changes["name"] = name
                conn.execute(sa.update(t.feeds).where(t.feeds.c.url == url).values(changes))
                return False
            conn.execute(
                sa.insert(t.feeds).values(
                    url=url,
                    name=name,
                    interval_seconds=interval_seconds,
                    added_at=now,
                    failures=0,
                )
            )
            return True

    def remove(self, url: str) -> bool:
        """Forget a feed (its items stay seen); False if it was not registered."""
        with self.engine.begin() as conn:
            return conn.execute(sa.delete(t.feeds).where(t.feeds.c.url == url)).rowcount > 0

    def all(self) -> list[FeedRow]:
        """All feeds, by URL."""
        return self._rows(None)

    def get(self, url: str) -> FeedRow | None:
        rows = self._rows(url)
        return rows[0] if rows else None

    def _rows(self, url: str | None) -> list[FeedRow]:
        stored = (
            sa.select(sa.func.count())
            .where(t.feed_items.c.feed_url == t.feeds.c.url)
            .where(t.feed_items.c.status == ITEM_STORED)
            .correlate(t.feeds)
            .scalar_subquery()
        )
        query = sa.select(*t.feeds.c, stored.label("items_stored")).order_by(t.feeds.c.url)
        if url is not None:
            query = query.where(t.feeds.c.url == url)
        with self.engine.connect() as conn:
            return [FeedRow(**row._mapping) for row in conn.execute(query)]

    def record_poll(
        self,
        url: str,
        *,
        polled_at: float,
        next_poll_at: float,
        status: int,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        """A successful poll: keep the validators for the next conditional GET."""
        self._update(
            url,
            last_polled_at=polled_at,
            next_poll_at=next_poll_at,
            last_status=status,
            etag=etag,
            last_modified=last_modified,
            failures=0,
            last_error=None,
        )

    def record_failure(
        self, url: str, *, polled_at: float, next_poll_at: float, error: str, failures: int
    ) -> None:
        """A failed poll; ``failures`` is the new count of consecutive failures."""
        self._update(
            url,
            last_polled_at=polled_at,
            next_poll_at=next_poll_at,
            last_error=error,
            failures=failures,
        )

    def _update(self, url: str, **values: object) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.update(t.feeds).where(t.feeds.c.url == url).values(**values))

    def item(self, url: str) -> ItemState | None:
        """What is known about an item URL, from any feed."""
        query = sa.select(
            t.feed_items.c.url,
            t.feed_items.c.status,
            t.feed_items.c.attempts,
            t.feed_items.c.doc_id,
        ).where(t.feed_items.c.url == url)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else ItemState(*row)

    def record_item(
        self,
        url: str,
        feed_url: str,
        status: str,
        now: float,
        *,
        doc_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """One attempt at an item: its outcome; attempts are counted."""
        if status not in ITEM_STATUSES:
            raise ValueError(f"unknown item status {status!r}")
        insert = self._insert(t.feed_items)
        row = {
            "url": url,
            "feed_url": feed_url,
            "status": status,
            "doc_id": doc_id,
            "attempts": 1,
            "first_seen_at": now,
            "last_attempt_at": now,
            "last_error": error,
        }
        with self.engine.begin() as conn:
            conn.execute(
                insert.values(row).on_conflict_do_update(
                    index_elements=["url"],
                    set_={
                        "status": status,
                        "doc_id": doc_id,
                        "attempts": t.feed_items.c.attempts + 1,
                        "last_attempt_at": now,
                        "last_error": error,
                    },
                )
            )

    def items(self, feed_url: str | None = None) -> list[ItemState]:
        """Seen items (of one feed, or all), by URL."""
        query = sa.select(
            t.feed_items.c.url,
            t.feed_items.c.status,
            t.feed_items.c.attempts,
            t.feed_items.c.doc_id,
        ).order_by(t.feed_items.c.url)
        if feed_url is not None:
            query = query.where(t.feed_items.c.feed_url == feed_url)
        with self.engine.connect() as conn:
            return [ItemState(*row) for row in conn.execute(query)]
