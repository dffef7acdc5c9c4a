"""RSS and Atom feeds: the list of items, each pointing at an article."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from xml.sax import SAXException

import feedparser

from lagebild.ingest.errors import UnreadableSource


@dataclass(frozen=True)
class FeedItem:
    link: str | None
    title: str | None
    published: dt.date | None
    author: str | None
    position: int  # 1-based, names the item when it has no link


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: list[FeedItem]
    #: False if the XML was broken and feedparser read what it could (items may be cut off).
    well_formed: bool = True


def parse_feed(data: bytes, *, base_url: str | None = None) -> Feed:
    """Items of an RSS/Atom document; raise :class:`UnreadableSource` if ``data`` is not a feed.

    Takes bytes only, never a URL: feedparser would otherwise fetch on its own,
    outside our limits.
    """
    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {str(problem).splitlines()[0]}" if problem else ""
        raise UnreadableSource(f"not an RSS/Atom feed{detail}")
    items = [
        FeedItem(
            link=entry.get("link") or None,
            title=entry.get("title") or None,
            published=_entry_date(entry),
            author=entry.get("author") or None,
            position=position,
        )
        for position, entry in enumerate(parsed.entries, start=1)
    ]
    well_formed = not isinstance(parsed.get("bozo_exception"), SAXException)
    return Feed(title=parsed.feed.get("title") or None, items=items, well_formed=well_formed)


def _entry_date(entry: feedparser.FeedParserDict) -> dt.date | None:
    stamp: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp is None:
        return None
    return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
