from __future__ import annotations

import gzip
import time
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from lagebild.ingest.fetch import FetchError, Limits, fetch, sniff_content_type

from .conftest import LocalServer, sleeping_handler, trickling_handler

SHORT = Limits(timeout=0.3, total_timeout=0.6)


def test_fetch_returns_body_type_and_final_url(http_server: LocalServer) -> None:
    url = http_server.page("/a", "<html><body>Hallo</body></html>")

    result = fetch(url, SHORT)

    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.body == b"<html><body>Hallo</body></html>"
    assert result.final_url == url


def test_fetch_sends_user_agent(http_server: LocalServer) -> None:
    fetch(http_server.page("/a", "x", "text/plain"), SHORT)

    _path, headers = http_server.requests[0]
    assert headers["User-Agent"].startswith("lagebild/")


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_status_is_reported(http_server: LocalServer, status: int) -> None:
    http_server.routes["/bad"] = (status, {"Content-Type": "text/plain"}, b"nope")

    with pytest.raises(FetchError, match=f"^HTTP {status}$"):
        fetch(http_server.url("/bad"), SHORT)


def test_redirects_are_followed_and_each_hop_is_guarded(http_server: LocalServer) -> None:
    target = http_server.page("/ziel", "angekommen", "text/plain")
    http_server.routes["/start"] = (302, {"Location": "/mitte"}, b"")
    http_server.routes["/mitte"] = (301, {"Location": target}, b"")
    seen: list[str] = []

    result = fetch(http_server.url("/start"), SHORT, guard=lambda url: seen.append(url.path))

    assert result.body == b"angekommen"
    assert result.final_url == target
    assert result.url == http_server.url("/start")
    assert seen == ["/start", "/mitte", "/ziel"]


def test_guard_can_refuse_a_redirect_target(http_server: LocalServer) -> None:
    http_server.routes["/start"] = (302, {"Location": "/intern"}, b"")

    def refuse_internal(url: httpx.URL) -> None:
        if url.path == "/intern":
            raise FetchError("address not allowed")

    with pytest.raises(FetchError, match="address not allowed"):
        fetch(http_server.url("/start"), SHORT, guard=refuse_internal)


def test_redirect_loop_stops_at_the_limit(http_server: LocalServer) -> None:
    http_server.routes["/a"] = (302, {"Location": "/b"}, b"")
    http_server.routes["/b"] = (302, {"Location": "/a"}, b"")

    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        fetch(http_server.url("/a"), Limits(timeout=1, max_redirects=3))
    assert len(http_server.requests) == 4


def test_silent_server_times_out(http_server: LocalServer) -> None:
    http_server.routes["/langsam"] = sleeping_handler(2.0)

    began = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 0\.3 s$"):
        fetch(http_server.url("/langsam"), SHORT)
    assert time.monotonic() - began < 1.5


def test_trickling_server_hits_the_total_timeout(http_server: LocalServer) -> None:
    http_server.routes["/tropfen"] = trickling_handler(3.0)

    began = time.monotonic()
    with pytest.raises(FetchError, match="whole download"):
        fetch(http_server.url("/tropfen"), SHORT)
    assert time.monotonic() - began < 2.0


def test_declared_length_over_the_cap_is_refused_before_reading(http_server: LocalServer) -> None:
    http_server.page("/gross", b"x" * 5000, "text/plain")

    with pytest.raises(FetchError, match=r"^too large \(4\.9 KB > 1\.0 KB\)$"):
        fetch(http_server.url("/gross"), Limits(max_bytes=1024, timeout=1))


def test_undeclared_length_over_the_cap_stops_reading(http_server: LocalServer) -> None:
    def stream_without_length(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.end_headers()
        for _ in range(50):
            request.wfile.write(b"y" * 1000)

    http_server.routes["/strom"] = stream_without_length

    with pytest.raises(FetchError, match=r"too large \(more than"):
        fetch(http_server.url("/strom"), Limits(max_bytes=10_000, timeout=1))


def test_gzip_body_is_inflated(http_server: LocalServer) -> None:
    text = "Die Übung endet am Freitag.".encode()
    http_server.routes["/gz"] = (
        200,
        {"Content-Type": "text/plain; charset=utf-8", "Content-Encoding": "gzip"},
        gzip.compress(text),
    )

    assert fetch(http_server.url("/gz"), SHORT).body == text


def test_gzip_bomb_is_stopped_at_the_cap(http_server: LocalServer) -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))  # about 50 KB on the wire
    http_server.routes["/bombe"] = (
        200,
        {"Content-Type": "text/html", "Content-Encoding": "gzip"},
        bomb,
    )

    with pytest.raises(FetchError, match=r"too large \(more than 1\.0 MB > 1\.0 MB\)"):
        fetch(http_server.url("/bombe"), Limits(max_bytes=1024 * 1024, timeout=2))


def test_unreachable_host_and_bad_scheme_are_errors() -> None:
    with pytest.raises(FetchError, match="not an http"):
        fetch("ftp://example.org/datei.txt", SHORT)
    with pytest.raises(FetchError, match="ConnectError"):
        fetch("http://127.0.0.1:9/", SHORT)


@pytest.mark.parametrize(
    ("declared", "body", "expected"),
    [
        ("text/html; charset=utf-8", b"irrelevant", "text/html"),
        ("text/xml", b'<?xml version="1.0"?>\n<rss version="2.0">', "application/rss+xml"),
        ("", b'<feed xmlns="http://www.w3.org/2005/Atom">', "application/atom+xml"),
        ("application/octet-stream", b"<!DOCTYPE html><html>", "text/html"),
        ("text/plain", b"Nur Text.", "text/plain"),
        ("", b"\x89PNG", "application/octet-stream"),
    ],
)
def test_sniff_content_type(declared: str, body: bytes, expected: str) -> None:
    assert sniff_content_type(declared, body) == expected
