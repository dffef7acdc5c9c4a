"""JSON Lines: one article per line, ``text`` plus optional metadata."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from lagebild.calendar_de import find_dates
from lagebild.ingest.errors import IngestError, UnreadableSource
from lagebild.ingest.fetch import format_size
from lagebild.ingest.text import read_text
from lagebild.model import Document


def read_jsonl(path: Path, *, max_line_bytes: int) -> Iterator[Document | IngestError]:
    """One Document or error per non-blank line; errors are named "file.jsonl:<line>".

    The file is streamed, so a corpus may be any size; each line is capped.
    """
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            item = read_jsonl_line(
                raw, f"{path}:{number}", first=number == 1, max_line_bytes=max_line_bytes
            )
            if item is not None:
                yield item


def read_jsonl_line(
    raw: bytes, where: str, *, first: bool, max_line_bytes: int
) -> Document | IngestError | None:
    """The Document (or error) of one JSONL line; None for a blank line.

    ``where`` names the line in errors and becomes the document's source; ``first``
    allows a byte-order mark. Batch runners (Spark) read lines themselves and call this.
    """
    if len(raw) > max_line_bytes:
        size, cap = format_size(len(raw)), format_size(max_line_bytes)
        return IngestError(where, f"line too large ({size} > {cap})")
    if not raw.strip():
        return None
    try:
        record = _parse_line(raw.strip(), first=first)
    except UnreadableSource as exc:
        return IngestError(where, exc.reason)
    return read_record(record, where)


def read_record(record: dict[str, object], where: str) -> Document | IngestError:
    """The Document of one article record (``text`` plus optional metadata strings)."""
    try:
        return _record_document(record, where)
    except UnreadableSource as exc:
        return IngestError(where, exc.reason)


def _parse_line(raw: bytes, *, first: bool) -> dict[str, object]:
    try:
        record = json.loads(raw.decode("utf-8-sig" if first else "utf-8"))
    except UnicodeDecodeError as exc:
        raise UnreadableSource(f"not UTF-8: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise UnreadableSource(f"invalid JSON: {exc}") from None
    if not isinstance(record, dict):
        raise UnreadableSource(f"expected a JSON object, found {type(record).__name__}")
    return record


def _record_document(record: dict[str, object], where: str) -> Document:
    text = record.get("text")
    if not isinstance(text, str):
        raise UnreadableSource('no "text" string')
    published, published_time = parse_published(record.get("published"))
    return read_text(
        text,
        source=where,
        title=_optional_string(record, "title"),
        url=_optional_string(record, "url"),
        outlet=_optional_string(record, "outlet"),
        author=_optional_string(record, "author"),
        language=_optional_string(record, "language"),
        published=published,
        published_time=published_time,
    )


def _optional_string(record: dict[str, object], name: str) -> str | None:
    value = record.get(name)
    if value is not None and not isinstance(value, str):
        raise UnreadableSource(f'"{name}" is not a string')
    return value


def parse_published(value: object) -> tuple[dt.date | None, str | None]:
    """Date and "HH:MM" of a metadata value: ISO date or timestamp, or a German/English date."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        raise UnreadableSource(f"invalid published date {value!r}")
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        found = find_dates(value)
        if not found:
            raise UnreadableSource(f"invalid published date {value!r}") from None
        return found[0][2], found[0][3]
    has_time = "T" in value or " " in value.strip()
    return stamp.date(), stamp.strftime("%H:%M") if has_time else None
