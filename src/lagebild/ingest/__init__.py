"""Sources in, Documents out: text, HTML, JSONL files, directories, URLs and RSS/Atom feeds.

for item in read_sources(["artikel/", "https://example.org/feed.xml"]):
    if isinstance(item, IngestError):
        print(item)          # "<source>: <reason>", one line
    else:
        handle(item)         # a Document with text, metadata, language and id
"""

from lagebild.ingest.errors import IngestError, UnreadableSource
from lagebild.ingest.fetch import FetchError, FetchResult, Limits, fetch
from lagebild.ingest.sources import read_sources
from lagebild.ingest.text import read_text

__all__ = [
    "FetchError",
    "FetchResult",
    "IngestError",
    "Limits",
    "UnreadableSource",
    "fetch",
    "read_sources",
    "read_text",
]
