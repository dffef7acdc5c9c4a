"""Download one URL with hard bounds on time, size and redirects.

Kept free of anything article-specific so the feed watcher and the web API can
reuse it. Redirects are followed here rather than by httpx so that every hop
passes ``guard`` (the web API's SSRF check) and counts against the limit.
Compressed bodies are inflated here too, with the output capped chunk by chunk,
because a few kilobytes of gzip can expand to gigabytes.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import httpx

from lagebild import __version__

USER_AGENT = f"lagebild/{__version__} (news reader; +https://github.com/lagebild/lagebild)"
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5"  # noqa: E501
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_SNIFF_BYTES = 2048


@dataclass(frozen=True)
class Limits:
    """Bounds on what one source may cost."""

    max_bytes: int = 20 * 1024 * 1024  # per file / per download, after decompression
    timeout: float = 20.0  # seconds per network call (connect, each read)
    max_redirects: int = 5
    total_timeout: float = 60.0  # seconds for a whole download, against slow trickles


DEFAULT_LIMITS = Limits()


class FetchError(Exception):
    """A download failed; the message is one human-readable line ("HTTP 404")."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # media type without parameters, sniffed when the server is vague
    body: bytes  # decompressed
    headers: Mapping[str, str]

    @property
    def charset(self) -> str | None:
        """Charset named in the Content-Type header, if any."""
        match = re.search(r"charset=[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.I)
        return match.group(1) if match else None


def format_size(n_bytes: int) -> str:
    """ "34.2 MB", "512 B": sizes for error messages."""
    if n_bytes < 1024:
        return f"{n_bytes} B"
    if n_bytes < 1024 * 1024:
        return f"{n_bytes / 1024:.1f} KB"
    return f"{n_bytes / 1024 / 1024:.1f} MB"


def too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"too large ({more}{format_size(size)} > {format_size(limit)})"


def sniff_content_type(declared: str, body: bytes) -> str:
    """The media type of ``body``: the declared one unless it is generic and the bytes say more."""
    declared = declared.split(";")[0].strip().lower()
    if declared in ("", "application/octet-stream", "text/plain", "text/xml", "application/xml"):
        head = body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
        if _FEED_ROOT.search(head):
            return "application/rss+xml" if b"<rss" in head.lower() else "application/atom+xml"
        if _HTML_START.search(head):
            return "text/html"
    return declared or "application/octet-stream"


def make_client(limits: Limits = DEFAULT_LIMITS) -> httpx.Client:
    """An httpx client with our timeouts and User-Agent; redirects are handled by :func:`fetch`."""
    return httpx.Client(
        timeout=httpx.Timeout(limits.timeout),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
    )


def fetch(
    url: str,
    limits: Limits = DEFAULT_LIMITS,
    client: httpx.Client | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    guard: Callable[[httpx.URL], None] | None = None,
) -> FetchResult:
    """GET ``url`` within ``limits``; raise :class:`FetchError` for any failure or HTTP error.

    ``guard`` is called with every URL before it is requested (the first and each
    redirect target) and may raise :class:`FetchError` to refuse it.
    """
    if client is None:
        with make_client(limits) as own_client:
            return fetch(url, limits, own_client, headers=headers, guard=guard)
    deadline = time.monotonic() + limits.total_timeout
    current = _parse_url(url)
    for _hop in range(limits.max_redirects + 1):
        if guard is not None:
            guard(current)
        result = _get_once(client, url, current, limits, headers, deadline)
        if isinstance(result, FetchResult):
            return result
        current = result
    raise FetchError(f"too many redirects (more than {limits.max_redirects})")


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"invalid URL: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError("not an http(s) URL")
    return parsed


def _get_once(
    client: httpx.Client,
    requested: str,
    url: httpx.URL,
    limits: Limits,
    headers: Mapping[str, str] | None,
    deadline: float,
) -> FetchResult | httpx.URL:
    """One request: the result, or the URL a redirect points to."""
    request_headers = {
        "User-Agent": USER_AGENT,
        "Accept": _ACCEPT,
        "Accept-Encoding": "gzip, deflate",
        **(headers or {}),
    }
    timeout = httpx.Timeout(limits.timeout)
    try:
        with client.stream(
            "GET", url, headers=request_headers, timeout=timeout, follow_redirects=False
        ) as response:
            if response.status_code in _REDIRECT_STATUSES and "location" in response.headers:
                return _parse_url(str(url.join(response.headers["location"])))
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code}")
            body = _read_body(response, limits, deadline)
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {limits.timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from None
    return FetchResult(
        url=requested,
        final_url=str(url),
        status=response.status_code,
        content_type=sniff_content_type(response.headers.get("content-type", ""), body),
        body=body,
        headers=dict(response.headers),
    )


def _read_body(response: httpx.Response, limits: Limits, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(too_large(int(declared), limits.max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in _decoded_chunks(response, limits.max_bytes):
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(too_large(size, limits.max_bytes, at_least=True))
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {limits.total_timeout:g} s (whole download)")
        chunks.append(chunk)
    return b"".join(chunks)


def _decoded_chunks(response: httpx.Response, max_bytes: int) -> Iterator[bytes]:
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        yield from response.iter_raw()
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported content encoding {encoding!r}")
    # wbits 47 accepts both gzip and zlib headers; max_length stops an expanding bomb early.
    inflater = zlib.decompressobj(wbits=47)
    produced = 0
    try:
        for raw in response.iter_raw():
            out = inflater.decompress(raw, max_bytes - produced + 1)
            produced += len(out)
            yield out
            if produced > max_bytes:
                return
        yield inflater.flush()
    except zlib.error as exc:
        raise FetchError(f"cannot decompress {encoding} body: {exc}") from None
