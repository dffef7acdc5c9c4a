"""An HTML page to a Document: boilerplate removed and metadata read by trafilatura."""

from __future__ import annotations

import datetime as dt
import re

import trafilatura
from lxml import etree
from trafilatura.settings import Document as ExtractedPage

from lagebild.ingest.decode import decode_bytes
from lagebild.ingest.errors import UnreadableSource
from lagebild.ingest.text import read_text
from lagebild.model import Document

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_SCAN_BYTES = 4096
#: Extraction time grows with the number of elements (about 1 s per 10 000); news pages have
#: a few thousand. Counting "<" is a cheap upper bound taken before any parsing.
MAX_TAGS = 100_000


def read_html(
    data: bytes,
    *,
    source: str,
    url: str | None = None,
    declared_charset: str | None = None,
) -> Document:
    """The article in an HTML page; raise :class:`UnreadableSource` if there is none."""
    tags = data.count(b"<")
    if tags > MAX_TAGS:
        raise UnreadableSource(f"HTML too complex ({tags} tags > {MAX_TAGS})")
    html = decode_bytes(data, declared_charset or _meta_charset(data))
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
        )
    except RecursionError:
        raise UnreadableSource("cannot parse HTML (nested too deeply)") from None
    except (etree.LxmlError, ValueError) as exc:
        raise UnreadableSource(f"cannot parse HTML: {exc}") from None
    if not isinstance(extracted, ExtractedPage) or not extracted.text or not extracted.text.strip():
        raise UnreadableSource("no article text found")
    text: str = extracted.text
    return read_text(
        text,
        source=source,
        title=extracted.title,
        outlet=extracted.sitename,
        url=extracted.url or url,
        author=extracted.author,
        published=_iso_date(extracted.date),
    )


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
