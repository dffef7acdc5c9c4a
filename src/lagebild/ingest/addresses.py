"""Which addresses a download may reach: the guard against server-side request forgery.

A URL handed to the web API must not make lagebild fetch from the machine itself, the
local network or cloud metadata services. Two checks, both on every address a host
name resolves to:

* :meth:`AddressPolicy.check_url` before each request and each redirect hop (``guard``
  of :func:`lagebild.ingest.fetch.fetch`), so a redirect to an internal address is refused;
* the client's connections themselves (:func:`make_guarded_client`): the socket is opened
  to an address that was just checked, so a host name that resolves to a public address
  for the check and a private one a moment later (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from lagebild.ingest.fetch import DEFAULT_LIMITS, USER_AGENT, FetchError, Limits

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses only, unless ``allow_private``; ``allowed_origins`` are trusted
    ``(host, port)`` pairs (an intranet server the operator names) that skip the check."""

    allow_private: bool = False
    allowed_origins: frozenset[tuple[str, int]] = frozenset()

    def check_url(self, url: httpx.URL) -> None:
        """Raise :class:`FetchError` unless every address of ``url``'s host may be fetched."""
        port = url.port or (443 if url.scheme == "https" else 80)
        self.checked_addresses(url.host, port)

    def checked_addresses(self, host: str, port: int) -> list[str]:
        """The addresses ``host`` resolves to, all of them allowed; else :class:`FetchError`."""
        addresses = resolve(host, port)
        if self.allow_private or (host, port) in self.allowed_origins:
            return addresses
        for address in addresses:
            problem = refused_because(ipaddress.ip_address(address))
            if problem is not None:
                shown = host if host == address else f"{host} ({address})"
                raise FetchError(f"address not allowed: {shown} is {problem}")
        return addresses


def resolve(host: str, port: int) -> list[str]:
    """Every IP address of ``host`` (an IP literal is its own); FetchError if none."""
    host = host.strip("[]")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    # getaddrinfo returns (family, type, proto, canonname, sockaddr); sockaddr[0] is the IP
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refused_because(address: IPAddress) -> str | None:
    """Why ``address`` is not a public internet address, or None if it is one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return refused_because(embedded)
    for problem, applies in (
        ("a loopback address", address.is_loopback),
        ("a link-local address", address.is_link_local),
        ("a multicast address", address.is_multicast),
        ("an unspecified address", address.is_unspecified),
        ("a reserved address", address.is_reserved),
        ("a private address", address.is_private),
    ):
        if applies:
            return problem
    if not address.is_global:
        return "not a public address"
    return None


class _CheckedBackend(httpcore.SyncBackend):
    """Opens each connection to an address the policy allowed, resolved at that moment."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            address = self.policy.checked_addresses(host, port)[0]
        except FetchError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


def make_guarded_client(policy: AddressPolicy, limits: Limits = DEFAULT_LIMITS) -> httpx.Client:
    """An httpx client whose every connection goes only where ``policy`` allows.

    Proxies from the environment are ignored (``trust_env=False``): through a proxy the
    address checked would not be the address reached.
    """
    transport = httpx.HTTPTransport(retries=0)
    # httpx does not expose the connection pool's network backend; set it on the pool it built
    transport._pool._network_backend = _CheckedBackend(policy)
    return httpx.Client(
        timeout=httpx.Timeout(limits.timeout),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        transport=transport,
        trust_env=False,
    )
