"""Token-overlap scoring of speaker attribution (SpkAtt-2023 Task 2, subtask 2).

Our reading of the shared-task overview (the official script was not consulted
as code; see ``docs/evaluation.md`` for where this may differ):

1. In each document, gold and predicted annotations are aligned one to one by a
   linear-sum assignment that maximises the number of MESSAGE tokens they share;
   pairs sharing no MESSAGE token stay unaligned.
2. For every role (message, source) and aligned pair, shared tokens are true
   positives, predicted-only tokens false positives, gold-only tokens false
   negatives. Every token of an unaligned prediction is a false positive, every
   token of an unaligned gold annotation a false negative.
3. Counts are added over all documents (micro); joint P/R/F1 adds the counts of
   both roles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

ROLES: tuple[str, ...] = ("message", "source")

#: A token reference in the data's notation: "sentenceId:tokenId".
TokenRef = str


@dataclass(frozen=True, slots=True)
class Attribution:
    """One annotation reduced to the roles subtask 2 scores."""

    message: frozenset[TokenRef]
    source: frozenset[TokenRef] = frozenset()

    def role(self, name: str) -> frozenset[TokenRef]:
        return self.message if name == "message" else self.source


@dataclass(frozen=True, slots=True)
class OverlapCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: OverlapCounts) -> OverlapCounts:
        return OverlapCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class SpkAttScores:
    message: OverlapCounts = OverlapCounts()
    source: OverlapCounts = OverlapCounts()

    @property
    def joint(self) -> OverlapCounts:
        return self.message + self.source

    def __add__(self, other: SpkAttScores) -> SpkAttScores:
        return SpkAttScores(self.message + other.message, self.source + other.source)

    def to_dict(self) -> dict[str, dict[str, float | int]]:
        return {
            "message": self.message.to_dict(),
            "source": self.source.to_dict(),
            "joint": self.joint.to_dict(),
        }


def align_messages(
    gold: Sequence[Attribution], predicted: Sequence[Attribution]
) -> list[tuple[int, int]]:
    """Pairs ``(gold index, predicted index)`` maximising shared MESSAGE tokens."""
    if not gold or not predicted:
        return []
    overlap = np.array([[len(g.message & p.message) for p in predicted] for g in gold])
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if overlap[r, c] > 0]


def score_attributions(
    gold: Sequence[Attribution], predicted: Sequence[Attribution]
) -> SpkAttScores:
    """Token-overlap counts of one document's predictions against its gold."""
    pairs = align_messages(gold, predicted)
    aligned_gold = {g for g, _ in pairs}
    aligned_predicted = {p for _, p in pairs}
    counts = {}
    for role in ROLES:
        total = OverlapCounts()
        for g, p in pairs:
            gold_tokens, predicted_tokens = gold[g].role(role), predicted[p].role(role)
            total += OverlapCounts(
                len(gold_tokens & predicted_tokens),
                len(predicted_tokens - gold_tokens),
                len(gold_tokens - predicted_tokens),
            )
        unaligned_fp = sum(
            len(a.role(role)) for i, a in enumerate(predicted) if i not in aligned_predicted
        )
        unaligned_fn = sum(len(a.role(role)) for i, a in enumerate(gold) if i not in aligned_gold)
        counts[role] = total + OverlapCounts(0, unaligned_fp, unaligned_fn)
    return SpkAttScores(counts["message"], counts["source"])
