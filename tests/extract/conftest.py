"""Helpers for extractor tests: run the real pipeline up to a stage on a German text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest

from lagebild.ids import document_id
from lagebild.model import Document
from lagebild.nlp.stage import NlpStage
from lagebild.pipeline import Pipeline, Resources

Run = Callable[..., Document]


@pytest.fixture(scope="session")
def resources() -> Resources:
    """The bundled knowledge base and lexicons, loaded once."""
    return Resources()


@pytest.fixture(scope="session")
def nlp() -> NlpStage:
    return NlpStage()


@pytest.fixture(scope="session")
def run_stages() -> Callable[[Sequence[str]], Run]:
    pipelines: dict[tuple[str, ...], Pipeline] = {}

    def for_stages(stages: Sequence[str]) -> Run:
        key = tuple(stages)
        if key not in pipelines:
            pipelines[key] = Pipeline.build(key)

        def run(text: str, published: str | None = "2025-06-25") -> Document:
            doc = Document(
                document_id(text),
                text,
                published=dt.date.fromisoformat(published) if published else None,
                language="de",
            )
            return pipelines[key](doc)

        return run

    return for_stages
