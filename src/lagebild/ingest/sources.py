"""Files, directories, URLs and feeds in; Documents (or one error per bad source) out."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from lagebild.ingest.decode import decode_bytes
from lagebild.ingest.errors import IngestError, UnreadableSource
from lagebild.ingest.feeds import Feed, FeedItem, parse_feed
from lagebild.ingest.fetch import (
    DEFAULT_LIMITS,
    FetchError,
    FetchResult,
    Limits,
    fetch,
    make_client,
    too_large,
)
from lagebild.ingest.html import read_html
from lagebild.ingest.jsonl import read_jsonl
from lagebild.ingest.text import first_line_title, read_text
from lagebild.model import Document

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: Extensions a directory is searched for; other files there are not articles.
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})

Item = Document | IngestError
Guard = Callable[[httpx.URL], None]


def read_sources(
    sources: Sequence[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    client: httpx.Client | None = None,
    guard: Guard | None = None,
) -> Iterator[Item]:
    """Documents from paths (files, directories) and http(s) URLs, in order.

    Never raises for bad input: each unreadable source, JSONL line or feed item
    yields one :class:`IngestError` and reading goes on. A client is created on
    first network use (and closed at the end) unless one is passed. ``guard`` sees
    every URL before it is requested (feed items and redirects too).
    """
    reader = _Reader(limits, client, guard)
    try:
        for source in sources:
            yield from reader.read_source(source)
    finally:
        reader.close()


class _Reader:
    def __init__(self, limits: Limits, client: httpx.Client | None, guard: Guard | None) -> None:
        self.limits = limits
        self.guard = guard
        self._client = client
        self._owns_client = client is None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = make_client(self.limits)
        return self._client

    def close(self) -> None:
        if self._owns_client and self._client is not None:
            self._client.close()

    def read_source(self, source: str) -> Iterator[Item]:
        if source.startswith(("http://", "https://")):
            yield from self.read_url(source)
            return
        path = Path(source)
        if path.is_dir():
            for file in _article_files(path):
                yield from self.read_file(file)
        elif path.is_file():
            yield from self.read_file(path)
        elif path.exists():
            yield IngestError(source, "not a regular file")
        else:
            yield IngestError(source, "no such file or directory")

    def read_file(self, path: Path) -> Iterator[Item]:
        suffix = path.suffix.lower()
        try:
            if suffix in JSONL_SUFFIXES:
                yield from read_jsonl(path, max_line_bytes=self.limits.max_bytes)
                return
            data = self._file_bytes(path)
            if suffix in TEXT_SUFFIXES:
                yield _plain_text_document(data, str(path))
            elif suffix in HTML_SUFFIXES:
                yield read_html(data, source=str(path))
            elif suffix in FEED_SUFFIXES:
                yield from self.read_feed(parse_feed(data), str(path))
            else:
                yield from self.read_unknown_file(data, str(path))
        except UnreadableSource as exc:
            yield IngestError(str(path), exc.reason)
        except OSError as exc:
            yield IngestError(str(path), f"cannot read: {exc.strerror or exc}")

    def read_unknown_file(self, data: bytes, source: str) -> Iterator[Item]:
        """A file named explicitly whose extension says nothing: judged by its content."""
        head = data[:2048].lstrip().lower()
        if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed")):
            yield from self.read_feed(parse_feed(data), source)
        elif head.startswith((b"<!doctype html", b"<html")):
            yield read_html(data, source=source)
        else:
            yield _plain_text_document(data, source)

    def _file_bytes(self, path: Path) -> bytes:
        size = path.stat().st_size
        if size > self.limits.max_bytes:
            raise UnreadableSource(too_large(size, self.limits.max_bytes))
        if size == 0:
            raise UnreadableSource("empty")
        return path.read_bytes()

    def read_url(self, url: str) -> Iterator[Item]:
        try:
            fetched = fetch(url, self.limits, self.client, guard=self.guard)
            if fetched.content_type in FEED_TYPES:
                yield from self.read_feed(parse_feed(fetched.body, base_url=fetched.final_url), url)
            else:
                yield _fetched_document(fetched)
        except (FetchError, UnreadableSource) as exc:
            yield IngestError(url, _reason(exc))

    def read_feed(self, feed: Feed, source: str) -> Iterator[Item]:
        if not feed.items:
            yield IngestError(source, "feed has no items")
        for item in feed.items:
            if item.link is None:
                yield IngestError(f"{source}#item{item.position}", "feed item has no link")
                continue
            try:
                fetched = fetch(item.link, self.limits, self.client, guard=self.guard)
                yield _with_item_metadata(_fetched_document(fetched), item, feed)
            except (FetchError, UnreadableSource) as exc:
                yield IngestError(item.link, _reason(exc))


def feed_item_document(fetched: FetchResult, item: FeedItem, feed: Feed) -> Document:
    """The article of a fetched item page, with what the feed says about it filled in.

    Raises :class:`UnreadableSource` if the page is not an article (the feed watcher
    fetches items itself, for conditional requests and politeness).
    """
    return _with_item_metadata(_fetched_document(fetched), item, feed)


def _article_files(directory: Path) -> list[Path]:
    """Files of known types under ``directory``, recursively, sorted; hidden ones skipped."""
    return sorted(
        path
        for path in directory.rglob("*")
        if path.suffix.lower() in KNOWN_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    )


def _plain_text_document(data: bytes, source: str, url: str | None = None) -> Document:
    text = decode_bytes(data)
    return read_text(text, source=source, url=url, title=first_line_title(text))


def _fetched_document(fetched: FetchResult) -> Document:
    if fetched.content_type in HTML_TYPES:
        return read_html(
            fetched.body,
            source=fetched.url,
            url=fetched.final_url,
            declared_charset=fetched.charset,
        )
    if fetched.content_type == "text/plain":
        text = decode_bytes(fetched.body, fetched.charset)
        return read_text(
            text, source=fetched.url, url=fetched.final_url, title=first_line_title(text)
        )
    raise UnreadableSource(f"unsupported content type {fetched.content_type!r}")


def _with_item_metadata(doc: Document, item: FeedItem, feed: Feed) -> Document:
    """Fill what the page did not say from the feed; the feed's date wins, being the publisher's."""
    published, published_time = doc.published, doc.published_time
    if item.published is not None and item.published != published:
        published, published_time = item.published, None
    return replace(
        doc,
        title=doc.title or item.title,
        author=doc.author or item.author,
        published=published,
        published_time=published_time,
        outlet=feed.title if _outlet_is_host_only(doc) and feed.title else doc.outlet,
    )


def _outlet_is_host_only(doc: Document) -> bool:
    """True if the page named no site, so the outlet is missing or just its host name."""
    if doc.outlet is None:
        return True
    return doc.url is not None and doc.outlet.lower() == (urlsplit(doc.url).netloc.lower())


def _reason(exc: FetchError | UnreadableSource) -> str:
    return exc.reason if isinstance(exc, UnreadableSource) else str(exc)
