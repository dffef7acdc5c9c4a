from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lagebild.corpus import (
    CorpusError,
    SampleArticle,
    load_sample_corpus,
    parse_article,
    sample_corpus_path,
)
from lagebild.model import PLOVER_TYPES

WORD_RANGE = range(250, 701)


def test_sample_corpus_path_points_at_the_jsonl_file() -> None:
    with sample_corpus_path() as path:
        assert path.name == "sample.jsonl"
        assert len(path.read_text(encoding="utf-8").splitlines()) == len(load_sample_corpus())


def test_corpus_has_enough_german_articles_dated_2021_to_2025() -> None:
    german = [a for a in load_sample_corpus() if a.language == "de"]
    assert len(german) >= 18
    assert all(date(2021, 1, 1) <= a.published <= date(2025, 12, 31) for a in german)
    assert {a.published.year for a in german} == {2021, 2022, 2023, 2024, 2025}


def test_corpus_has_one_english_and_one_french_article() -> None:
    languages = [a.language for a in load_sample_corpus()]
    assert languages.count("en") == 1
    assert languages.count("fr") == 1


def test_article_ids_are_unique_slugs() -> None:
    ids = [a.id for a in load_sample_corpus()]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


def test_german_and_english_articles_have_news_length_and_no_repeated_title() -> None:
    for article in load_sample_corpus():
        if article.language in ("de", "en"):
            assert len(article.text.split()) in WORD_RANGE, article.id
        assert not article.text.startswith(article.title), article.id


def test_urls_are_fictional_or_absent() -> None:
    for article in load_sample_corpus():
        assert article.url is None or article.url.startswith("https://example.org/"), article.id


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (
            '{"id": "x", "title": "t", "outlet": "o", "published": "2024-01-01", "language": "de"}',
            "'text' must be a non-empty string",
        ),
        (
            '{"id": "x", "title": "t", "outlet": "o", "published": "1.1.2024", "language": "de",'
            ' "text": "body"}',
            "'published' is not a YYYY-MM-DD date",
        ),
        (
            '{"id": "x", "title": "t", "outlet": "o", "published": "2024-01-01", "language": "de",'
            ' "text": "body", "url": 5}',
            "'url' must be a string or null",
        ),
    ],
)
def test_bad_lines_raise_one_line_error_naming_the_line(line: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message) as caught:
        parse_article(line, 7)
    assert str(caught.value).startswith("sample.jsonl line 7:")
    assert "\n" not in str(caught.value)


GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "gold"
ENTITY_TYPES = {"PER", "ORG", "GPE", "LOC"}
GOLD_KEYS = [
    "id",
    "url",
    "outlet",
    "published",
    "language",
    "text",
    "entities",
    "quotes",
    "relations",
    "amounts",
]


def _gold(article_id: str) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((GOLD_DIR / f"{article_id}.json").read_text("utf-8"))
    return gold


def _annotated_articles() -> list[SampleArticle]:
    return [a for a in load_sample_corpus() if a.language in ("de", "en")]


def test_every_german_and_english_article_has_exactly_one_gold_file() -> None:
    expected = {f"{a.id}.json" for a in _annotated_articles()}
    assert {p.name for p in GOLD_DIR.glob("*.json")} == expected


@pytest.mark.parametrize("article", _annotated_articles(), ids=lambda a: a.id)
def test_gold_header_matches_corpus_article(article: SampleArticle) -> None:
    gold = _gold(article.id)
    assert list(gold) == GOLD_KEYS
    assert gold["text"] == article.text
    assert (gold["id"], gold["url"], gold["outlet"], gold["language"]) == (
        article.id,
        article.url,
        article.outlet,
        article.language,
    )
    assert gold["published"] == article.published.isoformat()


@pytest.mark.parametrize("article", _annotated_articles(), ids=lambda a: a.id)
def test_every_annotated_span_occurs_in_the_article(article: SampleArticle) -> None:
    gold = _gold(article.id)
    text = gold["text"]
    spans = [alias for e in gold["entities"] for alias in e["aliases"]]
    spans += [q["text"] for q in gold["quotes"]]
    spans += [r["evidence"] for r in gold["relations"]]
    spans += [m["text"] for m in gold["amounts"]]
    assert [s for s in spans if not s or s not in text] == []


@pytest.mark.parametrize("article", _annotated_articles(), ids=lambda a: a.id)
def test_gold_annotations_are_consistent(article: SampleArticle) -> None:
    gold = _gold(article.id)
    names = [e["name"] for e in gold["entities"]]
    assert len(names) == len(set(names))
    assert all(e["type"] in ENTITY_TYPES and e["aliases"] for e in gold["entities"])
    for quote in gold["quotes"]:
        assert quote["speaker"] in names and quote["kind"] in ("direct", "indirect"), quote
    for relation in gold["relations"]:
        assert relation["type"] in PLOVER_TYPES, relation
        assert {relation["source"], relation["target"]} <= set(names), relation
        assert relation["source"] != relation["target"], relation
    for amount in gold["amounts"]:
        assert isinstance(amount["value"], int | float) and amount["unit"] and amount["about"]
