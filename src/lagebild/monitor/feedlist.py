"""Feed lists and durations: what ``lagebild watch LIST`` and ``lagebild feeds add`` read.

A feed list is a text file, one feed per line::

    # Kommentare beginnen mit '#', leere Zeilen zählen nicht
    https://example.org/politik/rss.xml
    https://example.org/sicherheit.atom  every=30m
    https://example.org/ausland/feed     every=1h30m  Beispielblatt Ausland

The URL comes first; ``every=DURATION`` optionally sets the polling interval of that
feed (otherwise the command's ``--every``); whatever else follows is the feed's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class FeedListError(ValueError):
    """A feed list or duration cannot be read; the message is one line naming the input."""


@dataclass(frozen=True)
class FeedSpec:
    url: str
    interval_seconds: int | None = None  # None: the command's default
    name: str | None = None


def parse_duration(text: str) -> int:
    """Seconds in "15m", "90s", "1h30m", "2d"; raise :class:`FeedListError` otherwise."""
    value = text.strip().lower()
    parts = list(_DURATION.finditer(value))
    if not value or "".join(p.group(0) for p in parts) != value:
        raise FeedListError(f"not a duration like 15m, 1h or 1h30m: {text!r}")
    seconds = sum(float(p.group(1)) * _UNIT_SECONDS[p.group(2)] for p in parts)
    if seconds < 1:
        raise FeedListError(f"duration must be at least one second: {text!r}")
    return round(seconds)


def format_duration(seconds: float) -> str:
    """ "1h30m", "45s": the inverse of :func:`parse_duration` for whole seconds."""
    remaining = round(seconds)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"


def check_feed_url(url: str) -> str:
    """The URL if it is http(s) with a host; raise :class:`FeedListError` naming it otherwise."""
    match = re.match(r"https?://[^/\s?#]+", url)
    if match is None or any(c.isspace() for c in url):
        raise FeedListError(f"not an http(s) feed URL: {url!r}")
    return url


def parse_feed_line(line: str) -> FeedSpec | None:
    """One line of a feed list; None for blank and comment lines."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    url, *rest = stripped.split()
    interval = None
    if rest and rest[0].lower().startswith("every="):
        interval = parse_duration(rest.pop(0)[len("every=") :])
    return FeedSpec(check_feed_url(url), interval, " ".join(rest) or None)


def read_feed_list(path: Path) -> list[FeedSpec]:
    """The feeds of a list file; an unreadable file or bad line raises naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FeedListError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise FeedListError(f"{path}: not a UTF-8 text file") from None
    specs = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            spec = parse_feed_line(line)
        except FeedListError as exc:
            raise FeedListError(f"{path}:{number}: {exc}") from None
        if spec is not None:
            specs.append(spec)
    if not specs:
        raise FeedListError(f"{path}: no feeds in the list")
    return specs


def read_feed_arguments(arguments: list[str] | tuple[str, ...]) -> list[FeedSpec]:
    """Command-line arguments: each an http(s) feed URL or the path of a feed list."""
    specs: list[FeedSpec] = []
    for argument in arguments:
        if argument.startswith(("http://", "https://")):
            specs.append(FeedSpec(check_feed_url(argument)))
        else:
            path = Path(argument)
            if not path.is_file():
                raise FeedListError(f"{argument}: neither an http(s) URL nor a feed list file")
            specs.extend(read_feed_list(path))
    return specs
