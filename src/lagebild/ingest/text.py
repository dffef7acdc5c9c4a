"""Raw text plus metadata to a :class:`Document`, filling in what the text itself tells."""

from __future__ import annotations

import datetime as dt

from lagebild.calendar_de import find_dates
from lagebild.ids import document_id
from lagebild.ingest.decode import normalise_text
from lagebild.ingest.errors import UnreadableSource
from lagebild.ingest.language import detect_language
from lagebild.model import Document

#: The publication date sits in the header; dates further down are events or photo captions.
HEADER_LINES = 15
#: A header line carrying the date is short ("6. Juni 2021", "Von: A. Autor | 05.11.2024,
#: 09:20"); a long line with a date is a sentence or caption ("Riga, 18. November 2009: ...").
MAX_HEADER_LINE_CHARS = 80
MAX_TITLE_CHARS = 200
#: Longest text analysed. News articles are a few thousand characters; analysis time and
#: memory grow with length (a 1 MB text takes about 15 s and 100 MB), so a bigger "article"
#: is refused rather than allowed to exhaust the run.
MAX_TEXT_CHARS = 2_000_000


def read_text(
    text: str,
    *,
    source: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    published_time: str | None = None,
    author: str | None = None,
    language: str | None = None,
) -> Document:
    """A Document of normalised ``text``; a missing date comes from the header, language detected.

    Raises :class:`UnreadableSource` (a ValueError) if the text is empty or too long.
    """
    if len(text) > 2 * MAX_TEXT_CHARS:  # refused before normalising a huge string
        raise UnreadableSource(_too_long(len(text)))
    text = normalise_text(text)
    if not text.strip():
        raise UnreadableSource("empty")
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableSource(_too_long(len(text)))
    if published is None:
        header = header_date(text)
        if header is not None:
            published, published_time = header
    return Document(
        id=document_id(text),
        text=text,
        title=_clean(title),
        outlet=_clean(outlet),
        url=_clean(url),
        author=_clean(author),
        published=published,
        published_time=published_time,
        language=language or detect_language(text),
        source=source,
    )


def _too_long(chars: int) -> str:
    return f"text too long ({chars:,} characters > {MAX_TEXT_CHARS:,})"


#: A dateline's place and agency ("Berlin (dpa), ") fit in this many characters.
DATELINE_PREFIX_CHARS = 45
DATELINE_DASHES = ("–", "—", "-")


def header_date(text: str) -> tuple[dt.date, str | None] | None:
    """Publication date (and "HH:MM" if given) from a short line among the first lines."""
    for line in text.split("\n", HEADER_LINES)[:HEADER_LINES]:
        dates = find_dates(line)
        if not dates:
            continue
        start, end, date, time = dates[0]
        if len(line.strip()) <= MAX_HEADER_LINE_CHARS or _dateline(line, start, end):
            return date, time
    return None


def _dateline(line: str, start: int, end: int) -> bool:
    """ "Brüssel, 12. März 2025 – Die Nato ...": a date opening a paragraph, before a dash."""
    return start <= DATELINE_PREFIX_CHARS and line[end:].lstrip()[:1] in DATELINE_DASHES


def first_line_title(text: str) -> str | None:
    """The first line as a title, if it is short and more text follows it."""
    lines = [line.strip() for line in text.strip().split("\n")]
    if len(lines) < 2 or len(lines[0]) >= MAX_TITLE_CHARS:
        return None
    return lines[0] or None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
