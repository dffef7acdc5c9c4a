"""How ingest reports a source it could not read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IngestError:
    """One source that produced no document, and why (one line)."""

    source: str  # file path, URL, "file.jsonl:17" for a line, feed item URL
    reason: str  # "not a text file (binary content)", "HTTP 404", "invalid JSON: ..."

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class UnreadableSource(ValueError):
    """Raised inside ingest when a source cannot be read; becomes an :class:`IngestError`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
