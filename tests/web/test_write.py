"""Write endpoints: off by default, token-protected when on, and URL ingest that reaches only
public addresses (checked on every redirect hop and again when connecting), within limits.

All traffic stays on 127.0.0.1: refused addresses are refused before any connection, and the
allowed fetches go to local test servers the policy names as trusted origins.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient

from ingest.conftest import LocalServer, article_html, serving, sleeping_handler
from lagebild.ingest import Limits
from lagebild.ingest.addresses import AddressPolicy, make_guarded_client, refused_because
from lagebild.store import Store
from lagebild.web.app import create_app
from lagebild.web.write import WriteSettings
from processes import LAGEBILD

TOKEN = "geheimes-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SHORT = Limits(max_bytes=200_000, timeout=0.5, total_timeout=1.5, max_redirects=3)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'schreib.db'}") as opened:
        yield opened


@pytest.fixture
def servers() -> Iterator[tuple[LocalServer, LocalServer]]:
    with serving() as trusted, serving() as other:
        yield trusted, other


def _origin(server: LocalServer) -> tuple[str, int]:
    url = httpx.URL(server.base)
    assert url.host == "127.0.0.1" and url.port is not None
    return url.host, url.port


def _client(store: Store, tmp_path: Path, policy: AddressPolicy) -> TestClient:
    settings = WriteSettings(token=TOKEN, kb_file=tmp_path / "kb" / "eigene.yaml",
                             policy=policy, limits=SHORT)  # fmt: skip
    return TestClient(create_app(store, writes=settings))


# ----------------------------------------------------------------------------- off / auth


def test_writes_are_off_by_default(store: Store) -> None:
    client = TestClient(create_app(store))
    assert client.post("/api/v1/ingest/url", json={"url": "http://x.org"}, headers=AUTH
                       ).status_code == 404  # fmt: skip
    assert client.post("/api/v1/kb/actors", json={"id": "person:x"}, headers=AUTH
                       ).status_code == 404  # fmt: skip
    assert client.post("/api/v1/ingest/upload", headers=AUTH).status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if "ingest" in p or "/kb/" in p]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        ({"Authorization": "Bearer"}, 401),
        ({"Authorization": "Bearer falsch"}, 403),
        ({"Authorization": f"Bearer {TOKEN}x"}, 403),
        ({"Authorization": f"Bearer {TOKEN[:-1]}"}, 403),
    ],
)
def test_writes_need_the_token(
    store: Store, tmp_path: Path, headers: dict[str, str], status: int
) -> None:
    client = _client(store, tmp_path, AddressPolicy())
    for path, body in (
        ("/api/v1/ingest/url", {"url": "http://x.org"}),
        ("/api/v1/kb/actors", {"id": "person:x", "name": "X", "type": "PER"}),
    ):
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == status, path
        assert response.json()["error"]["status"] == status
        if status == 401:
            assert response.headers["WWW-Authenticate"] == "Bearer"
    assert not (tmp_path / "kb" / "eigene.yaml").exists()
    assert store.counts().documents == 0


# ----------------------------------------------------------------------------- SSRF


def test_refused_address_kinds() -> None:
    import ipaddress

    for address, kind in [
        ("127.0.0.1", "a loopback address"), ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"), ("169.254.169.254", "a link-local address"),
        ("224.0.0.1", "a multicast address"), ("::1", "a loopback address"),
        ("fe80::1", "a link-local address"), ("::ffff:127.0.0.1", "a loopback address"),
        ("0.0.0.0", "an unspecified address"), ("100.64.0.1", "not a public address"),
    ]:  # fmt: skip
        assert refused_because(ipaddress.ip_address(address)) == kind, address
    assert refused_because(ipaddress.ip_address("93.184.215.14")) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/artikel",
        "http://localhost:{port}/artikel",
        "http://[::1]:{port}/artikel",
        "http://[::ffff:127.0.0.1]:{port}/artikel",
        "http://2130706433:{port}/artikel",  # 127.0.0.1 as one decimal number
        "http://0.0.0.0:{port}/artikel",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
    ],
)
def test_url_ingest_refuses_internal_addresses(
    store: Store, tmp_path: Path, servers: tuple[LocalServer, LocalServer], url: str
) -> None:
    server, _ = servers
    server.page("/artikel", article_html())
    target = url.format(port=_origin(server)[1])
    client = _client(store, tmp_path, AddressPolicy())

    response = client.post("/api/v1/ingest/url", json={"url": target}, headers=AUTH)

    assert response.status_code == 200
    body = response.json()
    assert body["stored"] == 0 and len(body["errors"]) == 1
    assert "address not allowed" in body["errors"][0], body["errors"]
    assert server.requests == []  # nothing was sent anywhere
    assert store.counts().documents == 0


def test_a_redirect_to_an_internal_address_is_refused(
    store: Store, tmp_path: Path, servers: tuple[LocalServer, LocalServer]
) -> None:
    trusted, internal = servers
    internal.page("/geheim", article_html("Intern"))
    trusted.routes["/weiter"] = (302, {"Location": internal.url("/geheim")}, b"")
    policy = AddressPolicy(allowed_origins=frozenset({_origin(trusted)}))
    client = _client(store, tmp_path, policy)

    body = client.post("/api/v1/ingest/url", json={"url": trusted.url("/weiter")},
                       headers=AUTH).json()  # fmt: skip

    assert body["stored"] == 0
    assert body["errors"] == [f"{trusted.url('/weiter')}: address not allowed: "
                              "127.0.0.1 is a loopback address"]  # fmt: skip
    assert [path for path, _ in trusted.requests] == ["/weiter"]
    assert internal.requests == []


def test_feed_items_pointing_inside_are_refused(
    store: Store, tmp_path: Path, servers: tuple[LocalServer, LocalServer]
) -> None:
    trusted, internal = servers
    trusted.page("/artikel", article_html("Öffentlich"))
    internal.page("/geheim", article_html("Intern"))
    items = "".join(f"<item><link>{url}</link></item>"
                    for url in (trusted.url("/artikel"), internal.url("/geheim")))  # fmt: skip
    feed = f'<rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
    trusted.page("/feed.xml", feed, "application/rss+xml")
    client = _client(store, tmp_path, AddressPolicy(allowed_origins=frozenset({_origin(trusted)})))

    body = client.post("/api/v1/ingest/url", json={"url": trusted.url("/feed.xml")},
                       headers=AUTH).json()  # fmt: skip

    assert body["stored"] == 1 and len(body["documents"]) == 1
    assert body["errors"] == [f"{internal.url('/geheim')}: address not allowed: "
                              "127.0.0.1 is a loopback address"]  # fmt: skip
    assert internal.requests == []
    assert store.document(body["documents"][0]).title == "Öffentlich"  # type: ignore[union-attr]


def test_connections_themselves_are_checked(servers: tuple[LocalServer, LocalServer]) -> None:
    """Even without the per-hop guard (a name that resolved differently a moment before),
    the client opens no connection to an address the policy refuses."""
    server, _ = servers
    server.page("/artikel", "x", "text/plain")
    with (
        make_guarded_client(AddressPolicy()) as client,
        pytest.raises(
            httpx.ConnectError, match=r"address not allowed: 127\.0\.0\.1 is a loopback address"
        ),
    ):
        client.get(server.url("/artikel"))
    with make_guarded_client(AddressPolicy(allow_private=True)) as client:
        assert client.get(server.url("/artikel")).text == "x"
    assert len(server.requests) == 1


def test_allowed_private_urls_are_fetched_within_size_and_time_limits(
    store: Store, tmp_path: Path, servers: tuple[LocalServer, LocalServer]
) -> None:
    server, _ = servers
    server.page("/artikel", article_html())
    server.page("/riesig", b"<p>" + b"x" * 300_000, "text/html")
    server.routes["/still"] = sleeping_handler(5)
    client = _client(store, tmp_path, AddressPolicy(allow_private=True))

    ok = client.post("/api/v1/ingest/url", json={"url": server.url("/artikel")}, headers=AUTH)
    began = time.monotonic()
    big, silent = (
        client.post("/api/v1/ingest/url", json={"url": server.url(p)}, headers=AUTH).json()
        for p in ("/riesig", "/still")
    )

    assert ok.json()["stored"] == 1 and store.counts().documents == 1
    assert big["errors"] == [f"{server.url('/riesig')}: too large (293.0 KB > 195.3 KB)"]
    assert silent["errors"] == [f"{server.url('/still')}: timed out after 0.5 s"]
    assert time.monotonic() - began < 4  # bounded by the limits, not by the silent server
    again = client.post("/api/v1/ingest/url", json={"url": server.url("/artikel")}, headers=AUTH)
    assert again.json()["stored"] == 0 and again.json()["unchanged"] == 1


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "javascript:1"])
def test_only_http_urls_are_accepted(store: Store, tmp_path: Path, url: str) -> None:
    client = _client(store, tmp_path, AddressPolicy(allow_private=True))
    response = client.post("/api/v1/ingest/url", json={"url": url}, headers=AUTH)
    assert response.status_code == 422


# ----------------------------------------------------------------------------- upload, KB


def test_upload_is_ingested_and_named_by_its_file_name(store: Store, tmp_path: Path) -> None:
    client = _client(store, tmp_path, AddressPolicy())

    good = client.post(
        "/api/v1/ingest/upload",
        headers=AUTH,
        files={"file": ("artikel.html", article_html().encode(), "text/html")},
    )
    binary = client.post(
        "/api/v1/ingest/upload",
        headers=AUTH,
        files={"file": ("bild.png", b"\x89PNG\r\n\x00\x00", "image/png")},
    )
    huge = client.post("/api/v1/ingest/upload", headers=AUTH,
                       files={"file": ("gross.txt", b"a" * 300_000, "text/plain")})  # fmt: skip

    assert good.status_code == 200 and good.json()["stored"] == 1
    doc = store.document(good.json()["documents"][0])
    assert doc is not None and doc.source == "upload:artikel.html"
    assert binary.json()["errors"] == ["upload:bild.png: not a text file (binary content)"]
    assert huge.status_code == 413
    assert store.counts().documents == 1


def test_kb_edit_adds_an_actor_that_the_next_ingest_links(store: Store, tmp_path: Path) -> None:
    client = _client(store, tmp_path, AddressPolicy())

    added = client.post("/api/v1/kb/actors", headers=AUTH, json={
        "id": "person:hedda_quandt", "name": "Hedda Quandt", "type": "PER",
        "aliases": ["Quandt-Sprecherin"]})  # fmt: skip
    text = "Gespräche in Wien\n\nDie fiktive Diplomatin Hedda Quandt sprach am Montag in Wien."
    uploaded = client.post(
        "/api/v1/ingest/upload",
        headers=AUTH,
        files={"file": ("wien.txt", text.encode(), "text/plain")},
    )

    assert added.status_code == 201
    assert added.json() == {"id": "person:hedda_quandt", "name": "Hedda Quandt", "type": "PER",
                            "kb_file": str(tmp_path / "kb" / "eigene.yaml")}  # fmt: skip
    saved = yaml.safe_load((tmp_path / "kb" / "eigene.yaml").read_text(encoding="utf-8"))
    assert saved["entities"] == [{"id": "person:hedda_quandt", "name": "Hedda Quandt",
                                  "type": "PER", "names": ["Quandt-Sprecherin"]}]  # fmt: skip
    doc = store.document(uploaded.json()["documents"][0])
    assert doc is not None and "person:hedda_quandt" in doc.entities


def test_a_kb_edit_that_does_not_load_changes_nothing(store: Store, tmp_path: Path) -> None:
    client = _client(store, tmp_path, AddressPolicy())
    kb_file = tmp_path / "kb" / "eigene.yaml"
    client.post("/api/v1/kb/actors", headers=AUTH,
                json={"id": "org:testbund", "name": "Testbund", "type": "ORG"})  # fmt: skip
    before = kb_file.read_bytes()

    no_type = client.post("/api/v1/kb/actors", headers=AUTH, json={"id": "person:niemand"})
    bad_id = client.post("/api/v1/kb/actors", headers=AUTH, json={"id": "keine id"})
    alias = client.post("/api/v1/kb/actors", headers=AUTH,
                        json={"id": "org:testbund", "aliases": ["TB"]})  # fmt: skip

    assert no_type.status_code == 422 and "needs 'name' and 'type'" in no_type.text
    assert bad_id.status_code == 422
    assert alias.status_code == 201 and kb_file.read_bytes() != before
    assert not list(kb_file.parent.glob("*.partial"))


# ----------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_serve_binds_to_loopback_and_is_read_only_by_default(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "LAGEBILD_API_TOKEN"}
    server = subprocess.Popen(
        [LAGEBILD, "serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 's.db'}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not _listening_addresses(port):
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5, trust_env=False) as c:
            assert c.get("/api/v1/documents").status_code == 200
            response = c.post("/api/v1/ingest/url", json={"url": "http://x.org"}, headers=AUTH)
            assert response.status_code in (404, 405)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_enable_writes_without_a_token_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LAGEBILD_API_TOKEN"}
    short = tmp_path / "token"
    short.write_text("kurz\n")
    for extra in ([], ["--token-file", str(short)]):
        done = subprocess.run(
            [LAGEBILD, "serve", "--enable-writes", "--port", str(_free_port()), *extra],
            capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert done.returncode == 2
        assert done.stderr.strip() == (
            "lagebild: error: --enable-writes needs a token of at least 16 characters "
            "(--token-file or $LAGEBILD_API_TOKEN)"
        )
