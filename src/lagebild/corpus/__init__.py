"""The sample corpus shipped in the package: our own articles for `lagebild demo` and tests.

The articles live in ``sample.jsonl`` (one JSON object per line); see ``README.md`` beside it for
the licence and the public-record events each article reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

SAMPLE_FILE = "sample.jsonl"
_REQUIRED_TEXT_FIELDS = ("id", "title", "outlet", "published", "language", "text")
_OPTIONAL_TEXT_FIELDS = ("url", "author")


class CorpusError(ValueError):
    """A line of the sample corpus is not a valid article."""


@dataclass(frozen=True)
class SampleArticle:
    id: str
    title: str
    outlet: str
    published: date
    url: str | None
    author: str | None
    language: str
    text: str


@contextmanager
def sample_corpus_path() -> Iterator[Path]:
    """Yield a real filesystem path to ``sample.jsonl``, also when the package is zipped."""
    with resources.as_file(resources.files(__name__) / SAMPLE_FILE) as path:
        yield path


def load_sample_corpus() -> list[SampleArticle]:
    """Read and validate every article of the bundled sample corpus, in file order."""
    source = resources.files(__name__) / SAMPLE_FILE
    lines = source.read_text(encoding="utf-8").splitlines()
    return [
        parse_article(line, number) for number, line in enumerate(lines, start=1) if line.strip()
    ]


def parse_article(line: str, number: int) -> SampleArticle:
    """Parse line `number` of the corpus file; raise CorpusError naming the line if invalid."""
    where = f"{SAMPLE_FILE} line {number}"
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: not valid JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise CorpusError(f"{where}: expected a JSON object")
    for field in _REQUIRED_TEXT_FIELDS:
        if not isinstance(record.get(field), str) or not record[field].strip():
            raise CorpusError(f"{where}: field {field!r} must be a non-empty string")
    for field in _OPTIONAL_TEXT_FIELDS:
        if record.get(field) is not None and not isinstance(record[field], str):
            raise CorpusError(f"{where}: field {field!r} must be a string or null")
    try:
        published = date.fromisoformat(record["published"])
    except ValueError as exc:
        raise CorpusError(f"{where}: 'published' is not a YYYY-MM-DD date") from exc
    return SampleArticle(
        id=record["id"],
        title=record["title"],
        outlet=record["outlet"],
        published=published,
        url=record.get("url"),
        author=record.get("author"),
        language=record["language"],
        text=record["text"],
    )
