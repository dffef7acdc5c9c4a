"""Local batch runner: sources -> pipeline (in N worker processes) -> store.

Workers only run the pipeline; the parent process alone writes to the store, so
SQLite sees one writer and every document is saved in its own transaction.
A document whose id is already stored is not processed again.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from tqdm import tqdm

from lagebild.ingest import IngestError, Limits, read_sources
from lagebild.ingest.fetch import DEFAULT_LIMITS
from lagebild.model import Document
from lagebild.monitor.facts import match_quote_facts
from lagebild.monitor.near_duplicates import match_near_duplicate
from lagebild.monitor.stories import match_story
from lagebild.pipeline import (
    DEFAULT_STAGES,
    SUPPORTED_LANGUAGES,
    Pipeline,
    Resources,
    freeze_long_lived_objects,
)
from lagebild.store import Store, StoreError


@dataclass
class IngestSummary:
    stored: int = 0
    unchanged: int = 0  # already in the database
    unsupported_language: int = 0  # stored, not analysed
    errors: list[IngestError] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # documents read: stored or already there

    @property
    def failed(self) -> int:
        return len(self.errors)


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker process needs to build its own pipeline (picklable)."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    resources: Resources = field(default_factory=Resources)

    def build(self) -> Pipeline:
        return Pipeline.build(self.stages, self.resources)


_worker_pipeline: Pipeline | None = None


def _init_worker(spec: PipelineSpec) -> None:
    global _worker_pipeline
    _worker_pipeline = spec.build()
    freeze_long_lived_objects()


@contextmanager
def _frozen() -> Iterator[None]:
    """Long-lived objects frozen (see :func:`freeze_long_lived_objects`) for a run."""
    freeze_long_lived_objects()
    try:
        yield
    finally:
        gc.unfreeze()


def _process(doc: Document) -> Document | IngestError:
    assert _worker_pipeline is not None
    return _run_one(_worker_pipeline, doc)


def _process_for_store(doc: Document) -> Document | IngestError:
    """:func:`_process` for a parent that only stores the result: without the tokens and
    sentences, which the store does not keep and which are half of each pickled result."""
    result = _process(doc)
    if isinstance(result, Document):
        result.tokens, result.sentences = [], []
    return result


def _run_one(pipeline: Pipeline, doc: Document) -> Document | IngestError:
    try:
        return pipeline(doc)
    except Exception as exc:  # an extractor bug must not end the run or lose other documents
        return IngestError(doc.source or doc.id, f"extraction failed: {type(exc).__name__}: {exc}")


def analyse_one(pipeline: Pipeline, doc: Document) -> Document | IngestError:
    """Run the pipeline over one document; an extractor failure becomes an error, not a crash."""
    return _run_one(pipeline, doc)


def save_document(store: Store, doc: Document) -> bool:
    """Store a processed document with its near-duplicate fingerprint and copy cluster, the
    story it joins and the facts its quotes report, all in the document's transaction."""
    if store.has_document(doc.id):
        return False
    near_duplicate = match_near_duplicate(store, doc)
    return store.save(
        doc,
        near_duplicate=near_duplicate,
        story=match_story(store, doc, near_duplicate),
        quote_facts=match_quote_facts(store, doc),
    )


def process(
    docs: Iterable[Document], spec: PipelineSpec, workers: int = 1, for_store: bool = False
) -> Iterator[Document | IngestError]:
    """Run the pipeline over documents, in this process or in ``workers`` processes, in order.

    ``for_store``: the caller only stores the results, so worker processes may send them
    back without tokens and sentences (see :meth:`Store.save`).
    """
    if workers <= 1:
        pipeline = spec.build()
        with _frozen():
            for doc in docs:
                yield _run_one(pipeline, doc)
        return
    ctx = mp.get_context("spawn" if mp.get_start_method(allow_none=True) == "spawn" else "fork")
    # Frozen in the parent too: it unpickles every result, thousands of objects each.
    with _frozen(), ctx.Pool(workers, initializer=_init_worker, initargs=(spec,)) as pool:
        yield from pool.imap(_process_for_store if for_store else _process, docs, chunksize=4)


def ingest_items(
    items: Iterable[Document | IngestError], store: Store, pipeline: Pipeline
) -> IngestSummary:
    """Analyse and store documents already read (the web API's uploads and URLs), in this
    process, with a pipeline the caller keeps; errors among ``items`` are counted."""
    summary = IngestSummary()
    for item in items:
        if isinstance(item, IngestError):
            summary.errors.append(item)
            continue
        if store.has_document(item.id):
            summary.unchanged += 1
            summary.ids.append(item.id)
            continue
        result = _run_one(pipeline, item)
        if isinstance(result, IngestError):
            summary.errors.append(result)
            continue
        try:
            saved = save_document(store, result)
        except StoreError as exc:
            summary.errors.append(IngestError(result.source or result.id, str(exc)))
            continue
        summary.ids.append(result.id)
        summary.stored += saved
        summary.unchanged += not saved
        summary.unsupported_language += saved and result.language not in SUPPORTED_LANGUAGES
    return summary


def ingest(
    sources: Sequence[str],
    store: Store,
    spec: PipelineSpec | None = None,
    workers: int = 1,
    progress: bool = True,
    on_error: Callable[[IngestError], None] | None = None,
    on_stored: Callable[[Document], object] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> IngestSummary:
    """Read, analyse and store ``sources``; ``on_stored`` sees each newly stored document."""
    summary = IngestSummary()

    def report(error: IngestError) -> None:
        summary.errors.append(error)
        if on_error is not None:
            on_error(error)

    def new_documents() -> Iterator[Document]:
        for item in read_sources(sources, limits=limits):
            if isinstance(item, IngestError):
                report(item)
            elif store.has_document(item.id):
                summary.unchanged += 1
            else:
                yield item

    bar = tqdm(desc="ingest", unit="doc", disable=not progress, leave=False)
    with bar:
        for result in process(new_documents(), spec or PipelineSpec(), workers, for_store=True):
            bar.update()
            if isinstance(result, IngestError):
                report(result)
                continue
            try:
                saved = save_document(store, result)
            except StoreError as exc:  # this document is rolled back; the others go on
                report(IngestError(result.source or result.id, str(exc)))
                continue
            if saved:
                summary.stored += 1
                if on_stored is not None:
                    on_stored(result)
                if result.language not in SUPPORTED_LANGUAGES:
                    summary.unsupported_language += 1
            else:
                summary.unchanged += 1
    return summary
