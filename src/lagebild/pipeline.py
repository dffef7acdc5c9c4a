"""The pipeline: an ordered list of stages, each adding annotations to a document.

Every stage is registered in :data:`STAGES` (name -> "module:factory"), the one
place that knows which stages exist. A factory takes the shared
:class:`Resources` and returns a callable stage. The pipeline checks when it is
built that each stage's ``requires`` is assigned by an earlier stage, so a
misordered configuration fails before any article is read.
"""

from __future__ import annotations

import gc
import importlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from lagebild.model import Document

if TYPE_CHECKING:
    from lagebild.kb import KnowledgeBase

#: Languages the extractors handle; documents in others are stored but not analysed.
SUPPORTED_LANGUAGES = frozenset({"de", "en"})


@runtime_checkable
class Stage(Protocol):
    name: str
    assigns: tuple[str, ...]
    requires: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


@dataclass
class Resources:
    """Things stages share and load once per process: the knowledge base, models."""

    kb_paths: tuple[Path, ...] = ()

    @cached_property
    def kb(self) -> KnowledgeBase:
        from lagebild.kb import KnowledgeBase

        return KnowledgeBase.load(extra=self.kb_paths)


StageFactory = Callable[[Resources], Stage]

#: name -> "module:factory". Adding a stage is a new module plus one line here.
STAGES: dict[str, str] = {
    "nlp": "lagebild.nlp.stage:NlpStage",
    "dates": "lagebild.extract.dates:DateResolver",
    "entities": "lagebild.extract.entities:EntityRecognizer",
    "quotes": "lagebild.extract.quotes:QuoteAttributor",
    "relations": "lagebild.extract.relations:RelationExtractor",
    "amounts": "lagebild.extract.amounts:AmountExtractor",
}

DEFAULT_STAGES: tuple[str, ...] = ("nlp", "dates", "entities", "quotes", "relations", "amounts")


class PipelineConfigError(ValueError):
    """The stage list cannot run: unknown stage or unmet requirement."""


def load_stage(name: str, resources: Resources) -> Stage:
    try:
        target = STAGES[name]
    except KeyError:
        known = ", ".join(sorted(STAGES))
        raise PipelineConfigError(f"unknown stage {name!r} (known: {known})") from None
    module_name, factory_name = target.split(":")
    factory: StageFactory = getattr(importlib.import_module(module_name), factory_name)
    return factory(resources)


@dataclass
class Pipeline:
    stages: list[Stage]
    #: seconds spent per stage since the pipeline was built (for benchmarks)
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(
        cls, names: Sequence[str] = DEFAULT_STAGES, resources: Resources | None = None
    ) -> Pipeline:
        resources = resources or Resources()
        stages = [load_stage(name, resources) for name in names]
        check_order(stages)
        return cls(stages)

    def __call__(self, doc: Document) -> Document:
        if doc.language is not None and doc.language not in SUPPORTED_LANGUAGES:
            return doc  # stored, flagged by its language, not analysed
        for stage in self.stages:
            began = time.perf_counter()
            doc = stage(doc)
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + (
                time.perf_counter() - began
            )
            doc.assigned.update(stage.assigns)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterable[Document]:
        for doc in docs:
            yield self(doc)


def check_order(stages: Sequence[Stage]) -> None:
    available: set[str] = set()
    for stage in stages:
        missing = [req for req in stage.requires if req not in available]
        if missing:
            raise PipelineConfigError(
                f"stage {stage.name!r} requires {', '.join(missing)}, "
                "which no earlier stage assigns"
            )
        available.update(stage.assigns)


def freeze_long_lived_objects() -> None:
    """Exempt everything alive now (the pipeline's models, lexicons and knowledge base:
    some 100,000 objects) from the garbage collector's full collections.

    Each document allocates thousands of objects, so full collections come every few
    documents, and each walked every object of the pipeline: a few percent of all time.
    Only objects that exist at this call are exempt; later ones are collected as usual.
    """
    gc.collect()
    gc.freeze()
