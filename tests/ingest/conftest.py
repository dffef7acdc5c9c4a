"""A real HTTP server on localhost whose routes each test fills in."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

#: A route either answers with fixed (status, headers, body) or writes the response itself.
Handler = Callable[[BaseHTTPRequestHandler], None]
Reply = tuple[int, dict[str, str], bytes]


@dataclass
class LocalServer:
    base: str
    routes: dict[str, Reply | Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8"):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (200, {"Content-Type": content_type}, data)
        return self.url(path)


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class RouteHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if callable(route):
                route(self)
                return
            status, headers, body = route
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

    return RouteHandler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up early (timeouts, size caps) is what the tests provoke


@contextmanager
def serving() -> Iterator[LocalServer]:
    """A LocalServer on 127.0.0.1 and a free port, shut down on exit."""
    server = LocalServer(base="")
    httpd = QuietServer(("127.0.0.1", 0), _make_handler(server))
    httpd.daemon_threads = True
    httpd.block_on_close = False  # a deliberately slow handler must not hold up teardown
    server.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    with serving() as server:
        yield server


def sleeping_handler(seconds: float) -> Handler:
    """Answers only after ``seconds``: a server that has stopped responding."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.end_headers()
        request.wfile.write(b"zu spaet")

    return handle


def trickling_handler(seconds: float) -> Handler:
    """Sends one byte every few milliseconds for ``seconds``: each read is quick, the whole slow."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                request.wfile.write(b"a")
                request.wfile.flush()
                time.sleep(0.02)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handle


ARTICLE_PARAGRAPHS = (
    "Die Bundeswehr hat am Dienstag eine mehrwöchige Übung in Litauen begonnen. Rund 3000 "
    "Soldatinnen und Soldaten nehmen daran teil, teilte das Verteidigungsministerium mit.",
    "Der fiktive Oberst Hans Muster sagte, die Übung solle das Zusammenspiel mit den "
    "Partnern im Baltikum stärken. Sie dauert bis zum Ende des Monats.",
)


def article_html(
    title: str = "Bundeswehr übt in Litauen",
    paragraphs: tuple[str, ...] = ARTICLE_PARAGRAPHS,
    *,
    meta: str = "",
    charset: str = "utf-8",
) -> str:
    """A news page with navigation and footer around the article, as sites serve them."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="{charset}">'
        f"<title>{title} | Testblatt</title>{meta}</head><body>"
        "<nav><a href='/'>Startseite</a> <a href='/politik'>Politik</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Impressum · Datenschutz · Kontakt</footer></body></html>"
    )
