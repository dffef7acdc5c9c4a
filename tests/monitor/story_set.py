"""The labelled story set (tests/data/stories/articles.jsonl) read, analysed and stored.

Shared by ``tests/monitor/test_stories.py`` and ``bench/stories.py``: every article goes
through the full pipeline and ``runner.save_document`` into a real store, in publication
order, as ``lagebild ingest`` would store it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from lagebild.ids import document_id
from lagebild.model import Document
from lagebild.pipeline import Pipeline
from lagebild.runner import save_document
from lagebild.store import Store

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "stories" / "articles.jsonl"


@dataclass(frozen=True)
class LabelledArticle:
    key: str  # the set's own id, e.g. "d01a"
    story: str  # gold story label
    split: str  # "dev" (thresholds are chosen on it) or "test" (reported)
    doc: Document


def read_story_set(path: Path = ARTICLES) -> list[LabelledArticle]:
    """The articles in publication order (then by key)."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        doc = Document(
            id=document_id(row["text"]),
            text=row["text"],
            title=row["title"],
            outlet=row["outlet"],
            published=dt.date.fromisoformat(row["published"]),
            language=row["language"],
        )
        articles.append(LabelledArticle(row["id"], row["story"], row["split"], doc))
    return sorted(articles, key=lambda a: (a.doc.published or dt.date.min, a.key))


def analyse(articles: list[LabelledArticle], pipeline: Pipeline) -> list[LabelledArticle]:
    """The articles with the pipeline's annotations."""
    return [LabelledArticle(a.key, a.story, a.split, pipeline(a.doc)) for a in articles]


def store_story_set(store: Store, articles: list[LabelledArticle]) -> None:
    """Store analysed articles in order through the ingest path."""
    for article in articles:
        assert save_document(store, article.doc), article.key
