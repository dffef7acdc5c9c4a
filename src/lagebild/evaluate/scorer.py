"""Score pipeline output against gold files: entities, quotes, relations, amounts.

:func:`score_document` compares one processed :class:`Document` with its gold
annotations; :func:`evaluate_dir` runs a pipeline over a folder of gold files and
adds the counts up (micro average). The matching rules live in
:mod:`lagebild.evaluate.matching` and are documented in ``docs/evaluation.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lagebild.evaluate.gold import (
    GoldAmount,
    GoldDocument,
    GoldEntity,
    GoldQuote,
    GoldRelation,
    load_gold_dir,
)
from lagebild.evaluate.matching import (
    amounts_agree,
    match_one_to_one,
    normalise_name,
    quote_text_similarity,
)
from lagebild.model import SYMMETRIC_TYPES, Amount, Document, Entity, Quote, Relation

if TYPE_CHECKING:
    from lagebild.kb import KnowledgeBase

#: The scored tasks, in report order.
TASKS: tuple[str, ...] = (
    "entities",
    "quotes",
    "quote_spans",
    "relations",
    "relation_pairs",
    "amounts",
)
SCORED_ENTITY_TYPES = frozenset({"PER", "ORG", "GPE", "LOC"})

#: Gives the knowledge-base id of the entity a name refers to, or None.
Resolver = Callable[[str], "str | None"]
DocumentPipeline = Callable[[Document], Document]

G = TypeVar("G")
K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TaskScore:
    """Counts for one task; the lists say what was wrong (empty in totals)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: tuple[str, ...] = ()
    false_negatives: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp, self._nothing_to_do)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, self._nothing_to_do)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def _nothing_to_do(self) -> bool:
        # Nothing in the gold and nothing predicted is a perfect score, not 0/0.
        return self.tp + self.fp + self.fn == 0

    def __add__(self, other: TaskScore) -> TaskScore:
        return TaskScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self, details: bool = False) -> dict[str, object]:
        out: dict[str, object] = {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }
        if details:
            out["false_positives"] = list(self.false_positives)
            out["false_negatives"] = list(self.false_negatives)
        return out


@dataclass(frozen=True, slots=True)
class DocumentScores:
    gold_id: str
    source: str
    scores: dict[str, TaskScore]

    def to_dict(self, details: bool = True) -> dict[str, object]:
        return {
            "id": self.gold_id,
            "file": self.source,
            "scores": {task: self.scores[task].to_dict(details) for task in TASKS},
        }


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    documents: tuple[DocumentScores, ...] = field(default_factory=tuple)
    #: gold ids of documents the pipeline raised on (scored as if nothing was found)
    failed: tuple[str, ...] = ()

    def totals(self) -> dict[str, TaskScore]:
        """Micro-averaged counts over all documents."""
        totals = dict.fromkeys(TASKS, TaskScore())
        for document in self.documents:
            for task in TASKS:
                totals[task] = totals[task] + document.scores[task]
        return totals

    def to_dict(self, details: bool = False) -> dict[str, object]:
        out: dict[str, object] = {task: s.to_dict() for task, s in self.totals().items()}
        if details:
            out["documents"] = [document.to_dict() for document in self.documents]
        if self.failed:
            out["failed"] = list(self.failed)
        return out


@dataclass(frozen=True, slots=True)
class EvaluationSetup:
    """What to evaluate with: handed to ``lagebild evaluate`` as the click context
    object (``CliRunner().invoke(main, args, obj=EvaluationSetup(...))``) to score
    another pipeline than the default one."""

    pipeline: DocumentPipeline
    resolve: Resolver


@dataclass(frozen=True, slots=True)
class _Actor:
    """A predicted entity as the scorer sees it: id (may be provisional) and name."""

    id: str | None
    name: str


class _NameMatcher:
    """Decides whether a predicted actor is a gold entity (see docs/evaluation.md)."""

    def __init__(self, gold: GoldDocument, resolve: Resolver) -> None:
        self._gold = gold
        self._canonical_id = cache(resolve)

    def same(self, gold_name: str, actor: _Actor | None) -> bool:
        if actor is None:
            return False
        entity = self._gold.entity(gold_name)
        if normalise_name(actor.name) in _name_keys(entity):
            return True
        return actor.id is not None and self._canonical_id(entity.name) == actor.id


def _name_keys(entity: GoldEntity) -> frozenset[str]:
    return frozenset(normalise_name(name) for name in (entity.name, *entity.aliases))


def kb_resolver(kb: KnowledgeBase) -> Resolver:
    """A resolver backed by a loaded knowledge base."""

    def resolve(name: str) -> str | None:
        entity = kb.resolve(name)
        return entity.id if entity is not None else None

    return resolve


def default_resolver() -> Resolver:
    from lagebild.kb import default_kb

    return kb_resolver(default_kb())


def make_document(gold: GoldDocument) -> Document:
    """The unprocessed document for a gold file, read the way ingest reads any text."""
    from lagebild.ingest import read_text

    return read_text(
        gold.text, published=gold.published, language=gold.language, source=gold.source or None
    )


def score_document(
    gold: GoldDocument, doc: Document, resolve: Resolver | None = None
) -> DocumentScores:
    """Compare one processed document with its gold annotations."""
    names = _NameMatcher(gold, resolve or default_resolver())
    actor = _actor_lookup(doc)
    # A negated relation ("X liefert Y keine Waffen") is kept, flagged, in the store, but
    # the guide annotates what actors do, so it is no prediction of a gold relation.
    stated = [r for r in doc.relations if not r.negated]
    # The guide annotates what named people and organisations said; a quote whose source
    # stays unnamed ("nach Angaben der Polizei") is outside its scope for quote + speaker.
    # Quote spans are scored on every quote: finding the words is right even where the
    # speaker could not be resolved.
    attributed = [q for q in doc.quotes if q.speaker_id is not None]
    scores = {
        "entities": _score_entities(gold, doc, names),
        "quotes": _score_quotes(gold.quotes, attributed, names, actor, with_speaker=True),
        "quote_spans": _score_quotes(gold.quotes, doc.quotes, names, actor, with_speaker=False),
        "relations": _score_relations(gold.relations, stated, names, actor),
        "relation_pairs": _score_relation_pairs(gold.relations, stated, names, actor),
        "amounts": _score_amounts(gold.amounts, doc.amounts),
    }
    return DocumentScores(gold.id, gold.source, scores)


def evaluate_gold(
    golds: Iterable[GoldDocument],
    pipeline: DocumentPipeline,
    resolve: Resolver | None = None,
    on_error: Callable[[str], None] | None = None,
) -> EvaluationReport:
    """Run ``pipeline`` on each gold text and score it.

    A document the pipeline raises on is reported through ``on_error`` and scored
    as if nothing had been found, so one extractor bug neither stops nor flatters
    the run; the report lists it in ``failed``.
    """
    resolve = resolve or default_resolver()
    scores: list[DocumentScores] = []
    failed: list[str] = []
    for gold in golds:
        doc = make_document(gold)
        try:
            doc = pipeline(doc)
        except Exception as exc:  # any stage bug: the run goes on and says so
            failed.append(gold.id)
            if on_error is not None:
                on_error(f"{gold.source or gold.id}: pipeline failed: {type(exc).__name__}: {exc}")
            doc = make_document(gold)
        scores.append(score_document(gold, doc, resolve))
    return EvaluationReport(tuple(scores), tuple(failed))


def evaluate_dir(
    path: Path,
    pipeline: DocumentPipeline,
    resolve: Resolver | None = None,
    on_error: Callable[[str], None] | None = None,
) -> EvaluationReport:
    """Run ``pipeline`` on every gold file of ``path`` and score it.

    Raises :class:`~lagebild.evaluate.gold.GoldFileError` for a missing or empty
    folder or a malformed file, before any document is processed.
    """
    return evaluate_gold(load_gold_dir(path), pipeline, resolve, on_error)


# -- tasks ---------------------------------------------------------------------------


def _actor_lookup(doc: Document) -> Callable[[str | None, str | None], _Actor | None]:
    def actor(entity_id: str | None, fallback_name: str | None) -> _Actor | None:
        entity = doc.entities.get(entity_id) if entity_id else None
        if entity is not None:
            return _Actor(entity.id, entity.name)
        if fallback_name:
            return _Actor(entity_id, fallback_name)
        return None

    return actor


def _score_entities(gold: GoldDocument, doc: Document, names: _NameMatcher) -> TaskScore:
    predicted: list[Entity] = [e for e in doc.entities.values() if e.type in SCORED_ENTITY_TYPES]
    pairs = match_one_to_one(
        gold.entities,
        predicted,
        lambda g, p: 1.0 if names.same(g.name, _Actor(p.id, p.name)) else 0.0,
    )
    return _task_score(
        gold.entities,
        predicted,
        pairs,
        lambda g: f"{g.type} {g.name}",
        lambda p: f"{p.type} {p.name} [{p.id}]",
    )


def _score_quotes(
    gold: Sequence[GoldQuote],
    predicted: Sequence[Quote],
    names: _NameMatcher,
    actor: Callable[[str | None, str | None], _Actor | None],
    with_speaker: bool,
) -> TaskScore:
    def similarity(g: GoldQuote, p: Quote) -> float:
        if with_speaker and not names.same(g.speaker, actor(p.speaker_id, p.speaker_name)):
            return 0.0
        return quote_text_similarity(g.text, p.text)

    def describe_predicted(p: Quote) -> str:
        speaker = actor(p.speaker_id, p.speaker_name)
        return f"{speaker.name if speaker else '?'}: «{p.text}»"

    pairs = match_one_to_one(gold, predicted, similarity)
    return _task_score(
        gold, predicted, pairs, lambda g: f"{g.speaker}: «{g.text}»", describe_predicted
    )


def _score_relations(
    gold: Sequence[GoldRelation],
    predicted: Sequence[Relation],
    names: _NameMatcher,
    actor: Callable[[str | None, str | None], _Actor | None],
) -> TaskScore:
    # Article level: a triple stated twice is one fact, on either side.
    gold_items = _unique(
        gold, lambda g: _triple_key(normalise_name(g.source), g.type, normalise_name(g.target))
    )
    predicted_items = _unique(predicted, lambda p: _triple_key(p.source_id, p.type, p.target_id))

    def similarity(g: GoldRelation, p: Relation) -> float:
        if g.type != p.type:
            return 0.0
        source = actor(p.source_id, p.source_name)
        target = actor(p.target_id, p.target_name)
        if names.same(g.source, source) and names.same(g.target, target):
            return 1.0
        swapped = names.same(g.source, target) and names.same(g.target, source)
        return 1.0 if g.type in SYMMETRIC_TYPES and swapped else 0.0

    def describe_predicted(p: Relation) -> str:
        source = actor(p.source_id, p.source_name)
        target = actor(p.target_id, p.target_name)
        return (
            f"{source.name if source else p.source_id} {p.type} "
            f"{target.name if target else p.target_id}"
        )

    pairs = match_one_to_one(gold_items, predicted_items, similarity)
    return _task_score(
        gold_items,
        predicted_items,
        pairs,
        lambda g: f"{g.source} {g.type} {g.target}",
        describe_predicted,
    )


def _score_relation_pairs(
    gold: Sequence[GoldRelation],
    predicted: Sequence[Relation],
    names: _NameMatcher,
    actor: Callable[[str | None, str | None], _Actor | None],
) -> TaskScore:
    gold_pairs = _unique(
        [(g.source, g.target) for g in gold],
        lambda pair: frozenset(normalise_name(name) for name in pair),
    )
    predicted_pairs = _unique(
        [(actor(p.source_id, p.source_name), actor(p.target_id, p.target_name)) for p in predicted],
        lambda pair: frozenset(a.id or a.name if a else None for a in pair),
    )

    def similarity(g: tuple[str, str], p: tuple[_Actor | None, _Actor | None]) -> float:
        forward = names.same(g[0], p[0]) and names.same(g[1], p[1])
        backward = names.same(g[0], p[1]) and names.same(g[1], p[0])
        return 1.0 if forward or backward else 0.0

    pairs = match_one_to_one(gold_pairs, predicted_pairs, similarity)
    return _task_score(
        gold_pairs,
        predicted_pairs,
        pairs,
        lambda g: f"{g[0]} – {g[1]}",
        lambda p: " – ".join(a.name if a else "?" for a in p),
    )


def _score_amounts(gold: Sequence[GoldAmount], predicted: Sequence[Amount]) -> TaskScore:
    def similarity(g: GoldAmount, p: Amount) -> float:
        same_unit = g.unit.casefold() == p.unit.casefold()
        return 1.0 if same_unit and amounts_agree(g.value, p.value) else 0.0

    pairs = match_one_to_one(gold, predicted, similarity)
    return _task_score(
        gold,
        predicted,
        pairs,
        lambda g: f"{g.value:g} {g.unit} «{g.text}»",
        lambda p: f"{p.value:g} {p.unit} «{p.text}»",
    )


# -- helpers -------------------------------------------------------------------------


def _task_score(
    gold: Sequence[G],
    predicted: Sequence[T],
    pairs: list[tuple[int, int]],
    describe_gold: Callable[[G], str],
    describe_predicted: Callable[[T], str],
) -> TaskScore:
    matched_gold = {g for g, _ in pairs}
    matched_predicted = {p for _, p in pairs}
    return TaskScore(
        tp=len(pairs),
        fp=len(predicted) - len(matched_predicted),
        fn=len(gold) - len(matched_gold),
        false_positives=tuple(
            describe_predicted(p) for i, p in enumerate(predicted) if i not in matched_predicted
        ),
        false_negatives=tuple(
            describe_gold(g) for i, g in enumerate(gold) if i not in matched_gold
        ),
    )


def _triple_key(source: str | None, relation_type: str, target: str | None) -> tuple[object, ...]:
    if relation_type in SYMMETRIC_TYPES:
        return (relation_type, frozenset({source, target}))
    return (source, relation_type, target)


def _unique(items: Iterable[T], key: Callable[[T], K]) -> list[T]:
    seen: set[K] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _ratio(numerator: int, denominator: int, nothing_to_do: bool) -> float:
    if nothing_to_do:
        return 1.0
    return numerator / denominator if denominator else 0.0
