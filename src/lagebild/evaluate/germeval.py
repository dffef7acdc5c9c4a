"""GermEval 2014 NER files and CoNLL-style strict entity scoring.

Reads both layouts the team has: the original four-column file (index, token,
outer label, inner label) and the three-column outer-only file, each with ``#``
comment lines before a sentence and blank lines between sentences.

Scoring follows the CoNLL-2000 ``conlleval`` convention: an entity counts as
correct only when its type and both boundaries match exactly. Labels are first
reduced to the four outer types the runtime tagger emits (PER, ORG, LOC, OTH):
the GermEval ``*deriv`` and ``*part`` labels ("deutsche", "Nato-Gipfel") do
not name an entity and are mapped to ``O``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from lagebild.nlp.ner import NerTagger, default_ner

ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "OTH")


class GermEvalFormatError(ValueError):
    """A GermEval file could not be parsed."""


@dataclass(frozen=True)
class LabelledSentence:
    tokens: tuple[str, ...]
    labels: tuple[str, ...]


def outer_label(label: str) -> str:
    """Reduce a GermEval label to BIO over the four outer types (deriv/part -> O)."""
    if label == "O" or len(label) < 3 or label[1] != "-" or label[0] not in "BI":
        return "O"
    kind = label[2:]
    return label if kind in ENTITY_TYPES else "O"


def read_germeval(path: Path) -> list[LabelledSentence]:
    """Read a GermEval 2014 file (3 or 4 columns) with labels reduced by :func:`outer_label`."""
    try:
        with path.open(encoding="utf-8") as handle:
            return list(_parse(handle, str(path)))
    except OSError as exc:
        raise GermEvalFormatError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise GermEvalFormatError(f"{path}: not UTF-8 text") from exc


def _parse(lines: Iterable[str], name: str) -> Iterable[LabelledSentence]:
    tokens: list[str] = []
    labels: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n").rstrip("\r")
        if line.startswith("#"):
            continue
        if not line.strip():
            if tokens:
                yield LabelledSentence(tuple(tokens), tuple(labels))
                tokens, labels = [], []
            continue
        columns = line.split("\t")
        if len(columns) not in (3, 4) or not columns[1]:
            raise GermEvalFormatError(
                f"{name}:{number}: expected 3 or 4 tab-separated columns "
                f"(index, token, outer label[, inner label]), got {line!r}"
            )
        tokens.append(columns[1])
        labels.append(outer_label(columns[2]))
    if tokens:
        yield LabelledSentence(tuple(tokens), tuple(labels))


def entity_spans(labels: Sequence[str]) -> set[tuple[str, int, int]]:
    """Entities as (type, start, end-exclusive), conlleval style.

    An ``I-X`` that does not continue an entity of type X starts a new one,
    as in conlleval, so a tagger that never emits ``B-`` is still scored.
    """
    spans: set[tuple[str, int, int]] = set()
    kind: str | None = None
    start = 0
    for index, label in enumerate([*labels, "O"]):
        prefix, _, current = label.partition("-")
        continues = prefix == "I" and current == kind
        if kind is not None and not continues:
            spans.add((kind, start, index))
            kind = None
        if prefix in ("B", "I") and not continues:
            kind, start = current, index
    return spans


@dataclass
class TypeCounts:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Scores:
    per_type: dict[str, TypeCounts] = field(default_factory=dict)
    micro: TypeCounts = field(default_factory=TypeCounts)

    def table(self) -> str:
        """A fixed-width table of precision, recall, F1 and support per type and micro."""
        rows = [f"{'type':<6} {'prec':>6} {'rec':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
        named = [(kind, self.per_type[kind]) for kind in sorted(self.per_type)]
        for kind, counts in [*named, ("micro", self.micro)]:
            rows.append(
                f"{kind:<6} {counts.precision:6.4f} {counts.recall:6.4f} {counts.f1:6.4f} "
                f"{counts.gold:6d} {counts.predicted:6d}"
            )
        return "\n".join(rows)


def score(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> Scores:
    """Strict entity precision/recall/F1 per type and micro over aligned label sequences."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    scores = Scores(per_type={kind: TypeCounts() for kind in ENTITY_TYPES})
    for number, (gold_labels, predicted_labels) in enumerate(zip(gold, predicted, strict=True)):
        if len(gold_labels) != len(predicted_labels):
            raise ValueError(
                f"sentence {number}: {len(gold_labels)} gold labels "
                f"but {len(predicted_labels)} predicted"
            )
        gold_spans = entity_spans(gold_labels)
        predicted_spans = entity_spans(predicted_labels)
        for spans, attribute in ((gold_spans, "gold"), (predicted_spans, "predicted")):
            for kind, _, _ in spans:
                counts = scores.per_type.setdefault(kind, TypeCounts())
                setattr(counts, attribute, getattr(counts, attribute) + 1)
        for kind, _, _ in gold_spans & predicted_spans:
            scores.per_type[kind].correct += 1
    for counts in scores.per_type.values():
        scores.micro.gold += counts.gold
        scores.micro.predicted += counts.predicted
        scores.micro.correct += counts.correct
    return scores


def write_predictions(
    out: TextIO, sentences: Sequence[LabelledSentence], predicted: Sequence[Sequence[str]]
) -> None:
    """Write ``token<TAB>gold<TAB>predicted`` lines, a blank line after each sentence."""
    for sentence, labels in zip(sentences, predicted, strict=True):
        for token, gold_label, predicted_label in zip(
            sentence.tokens, sentence.labels, labels, strict=True
        ):
            out.write(f"{token}\t{gold_label}\t{predicted_label}\n")
        out.write("\n")


@dataclass(frozen=True)
class BenchmarkResult:
    scores: Scores
    tokens: int
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


#: Sentences tagged together, about as many as a news article has.
BATCH = 32


def benchmark(
    tagger: NerTagger, sentences: Sequence[LabelledSentence], predictions: TextIO | None = None
) -> BenchmarkResult:
    """Tag every sentence, score against gold and optionally write the predictions."""
    began = time.perf_counter()
    predicted: list[list[str]] = []
    for first in range(0, len(sentences), BATCH):
        # batches of about a news article's sentences, as the pipeline tags them
        predicted.extend(tagger.tag_many([s.tokens for s in sentences[first : first + BATCH]]))
    seconds = time.perf_counter() - began
    if predictions is not None:
        write_predictions(predictions, sentences, predicted)
    tokens = sum(len(sentence.tokens) for sentence in sentences)
    return BenchmarkResult(score([s.labels for s in sentences], predicted), tokens, seconds)


def benchmark_file(path: Path, predictions_path: Path | None = None) -> BenchmarkResult:
    """Benchmark the shipped NER model on a GermEval file; predictions are written atomically."""
    sentences = read_germeval(path)
    if not sentences:
        raise GermEvalFormatError(f"{path}: no sentences")
    tagger = default_ner()
    if predictions_path is None:
        return benchmark(tagger, sentences)
    partial = predictions_path.with_name(predictions_path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            result = benchmark(tagger, sentences, out)
        partial.replace(predictions_path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise OSError(f"{predictions_path}: cannot write predictions: {exc.strerror}") from exc
    return result
