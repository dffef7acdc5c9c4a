"""A news site on 127.0.0.1 whose feeds grow over simulated time, with injected failures.

The server is real (HTTP over loopback, a free port); only time is simulated: the
handler reads the same :class:`SimulatedClock` the watcher sleeps on, so an item
"published" at minute 20 appears in the feed once the watcher's clock passes it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

#: 2026-03-02 08:00 UTC: the simulated hour starts here.
START = 1772438400.0
#: Real seconds an injected timeout makes the server wait (the test client gives up sooner).
HANG_SECONDS = 2.5


class SimulatedClock:
    """Time that moves only when someone sleeps."""

    def __init__(self, start: float = START) -> None:
        self.time = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, seconds
        self.sleeps.append(seconds)
        self.time += seconds


@dataclass(frozen=True)
class Request:
    at: float  # simulated seconds after START
    path: str
    status: int  # 0: no answer (an injected timeout)
    headers: dict[str, str]
    broken: bool = False  # an injected cut-off feed, sent with status 200


@dataclass
class Item:
    path: str  # of its page on the site that lists it (or another site, for cross-posts)
    title: str
    published: float  # simulated seconds after START when the feed first lists it
    url: str = ""  # filled in by the site


@dataclass
class FeedSource:
    path: str
    title: str
    atom: bool = False
    etag: bool = True  # Atom feeds here send only Last-Modified
    items: list[Item] = field(default_factory=list)


@dataclass
class Failure:
    path: str
    start: float  # simulated seconds, inclusive
    end: float  # exclusive
    kind: str  # "500", "timeout", "broken"


class NewsSite:
    def __init__(self, clock: SimulatedClock, name: str) -> None:
        self.clock = clock
        self.name = name
        self.base = ""
        self.feeds: dict[str, FeedSource] = {}
        self.pages: dict[str, bytes] = {}
        self.failures: list[Failure] = []
        #: page path -> statuses its next requests get before it answers normally
        self.page_troubles: dict[str, list[str]] = {}
        self.log: list[Request] = []
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def feed(self, source: FeedSource) -> str:
        self.feeds[source.path] = source
        return self.url(source.path)

    def page(self, path: str, title: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        self.pages[path] = (
            f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{escape(title)}'
            f"</title></head><body><nav><a href='/'>Start</a></nav><article><h1>{escape(title)}"
            f"</h1>{body}</article><footer>Impressum</footer></body></html>"
        ).encode()
        return self.url(path)

    def requests(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]

    # ------------------------------------------------------------------ serving

    def elapsed(self) -> float:
        return self.clock.now() - START

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        headers = dict(handler.headers.items())
        now = self.elapsed()
        failure = next(
            (f for f in self.failures if f.path == path and f.start <= now < f.end), None
        )
        if failure is None and self.page_troubles.get(path):
            failure = Failure(path, now, now, self.page_troubles[path].pop(0))
        if failure is not None:
            self._fail(handler, failure, headers, now)
        elif path in self.feeds:
            self._serve_feed(handler, self.feeds[path], headers, now)
        elif path in self.pages:
            self._send(handler, 200, "text/html; charset=utf-8", self.pages[path], {})
            self._record(now, path, 200, headers)
        else:
            self._send(handler, 404, "text/plain", b"nicht gefunden", {})
            self._record(now, path, 404, headers)

    def _record(
        self, now: float, path: str, status: int, headers: dict[str, str], broken: bool = False
    ) -> None:
        with self._lock:
            self.log.append(Request(now, path, status, headers, broken))

    def _fail(
        self, handler: BaseHTTPRequestHandler, failure: Failure, headers: dict[str, str], now: float
    ) -> None:
        if failure.kind == "timeout":
            self._record(now, failure.path, 0, headers)
            time.sleep(HANG_SECONDS)
            return  # the client has given up; nothing is sent
        if failure.kind == "broken":
            self._record(now, failure.path, 200, headers, broken=True)
            body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kaputt</title><item>'
            self._send(
                handler, 200, "application/rss+xml", body + b"<link>" + self.base.encode(), {}
            )
            return
        self._record(now, failure.path, 500, headers)
        self._send(handler, 500, "text/plain", b"interner Fehler", {})

    def _serve_feed(
        self, handler: BaseHTTPRequestHandler, feed: FeedSource, headers: dict[str, str], now: float
    ) -> None:
        visible = sorted(
            (item for item in feed.items if item.published <= now), key=lambda i: -i.published
        )[:20]
        newest = max((item.published for item in visible), default=0.0)
        validators = {"Last-Modified": formatdate(START + newest, usegmt=True)}
        etag = '"' + hashlib.sha1("|".join(i.url for i in visible).encode()).hexdigest() + '"'
        if feed.etag:
            validators["ETag"] = etag
        if self._not_modified(feed, headers, etag, START + newest):
            self._record(now, feed.path, 304, headers)
            self._send(handler, 304, None, b"", validators)
            return
        body = _atom(feed, visible) if feed.atom else _rss(feed, visible)
        content_type = "application/atom+xml" if feed.atom else "application/rss+xml"
        self._record(now, feed.path, 200, headers)
        self._send(handler, 200, content_type, body.encode(), validators)

    @staticmethod
    def _not_modified(
        feed: FeedSource, headers: dict[str, str], etag: str, modified: float
    ) -> bool:
        if feed.etag and "If-None-Match" in headers:
            return headers["If-None-Match"] == etag
        since = headers.get("If-Modified-Since")
        return since is not None and parsedate_to_datetime(since).timestamp() >= int(modified)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        content_type: str | None,
        body: bytes,
        headers: dict[str, str],
    ) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def _rss(feed: FeedSource, items: list[Item]) -> str:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{escape(i.url)}</link>"
        f"<guid>{escape(i.url)}</guid><pubDate>{formatdate(START + i.published, usegmt=True)}"
        "</pubDate></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(feed.title)}</title><link>http://127.0.0.1/</link>{entries}"
        "</channel></rss>"
    )


def _atom(feed: FeedSource, items: list[Item]) -> str:
    def stamp(seconds: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(START + seconds))

    entries = "".join(
        f'<entry><title>{escape(i.title)}</title><link href="{escape(i.url)}"/>'
        f"<id>{escape(i.url)}</id><updated>{stamp(i.published)}</updated></entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(feed.title)}</title><id>urn:feed:{escape(feed.path)}</id>"
        f"<updated>{stamp(max((i.published for i in items), default=0))}</updated>{entries}</feed>"
    )


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client giving up on a hanging answer is what the timeouts provoke


@contextmanager
def serving(site: NewsSite) -> Iterator[NewsSite]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.respond(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


PLACES = ("Litauen", "Lettland", "Estland", "Polen", "Rumänien", "Norwegen", "Finnland")
UNITS = ("Panzergrenadiere", "Pioniere", "Fernmelder", "Sanitäter", "Gebirgsjäger")
SURNAMES = ("Brenner", "Falkenhagen", "Lindqvist", "Moosbach", "Quandel", "Rothwiese")


def article(number: int) -> tuple[str, list[str]]:
    """Title and paragraphs of a distinct made-up article (fictional officers)."""
    place = PLACES[number % len(PLACES)]
    unit = UNITS[number % len(UNITS)]
    officer = SURNAMES[number % len(SURNAMES)]
    title = f"Übung {number}: {unit} trainieren in {place}"
    return title, [
        f"Die Bundeswehr hat eine Übung mit der Kennung Nordwind-{number} in {place} begonnen. "
        f"Rund {400 + 37 * number} {unit} nehmen daran teil, teilte das Heer mit.",
        f"Der fiktive Oberst Jana {officer} sagte, die Übung Nordwind-{number} solle das "
        f"Zusammenspiel mit den Partnern in {place} stärken. Sie dauert {number % 5 + 2} Wochen.",
    ]
