"""Scores of a clustering against gold clusters: pairwise and B-cubed precision, recall, F1.

Both take ``{item: cluster label}`` for gold and prediction over the same items.

- **Pairwise**: every unordered pair of items is a decision "same cluster or not"; a pair
  together in both is a true positive. Large clusters weigh quadratically.
- **B-cubed** (Bagga and Baldwin 1998): per item, precision is the share of its predicted
  cluster that shares its gold cluster, recall the share of its gold cluster that shares
  its predicted cluster; both averaged over items. Every item weighs the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterScores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _check(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> None:
    if set(gold) != set(predicted):
        missing = sorted(set(gold) ^ set(predicted))[:3]
        raise ValueError(f"gold and prediction cover different items: {missing}")


def pairwise(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> ClusterScores:
    """Pair precision and recall (1.0 where there is no pair to judge)."""
    _check(gold, predicted)
    both = Counter((gold[i], predicted[i]) for i in gold)
    together = sum(n * (n - 1) // 2 for n in both.values())
    predicted_pairs = sum(n * (n - 1) // 2 for n in Counter(predicted.values()).values())
    gold_pairs = sum(n * (n - 1) // 2 for n in Counter(gold.values()).values())
    return ClusterScores(
        together / predicted_pairs if predicted_pairs else 1.0,
        together / gold_pairs if gold_pairs else 1.0,
    )


def bcubed(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> ClusterScores:
    """B-cubed precision and recall averaged over items."""
    _check(gold, predicted)
    if not gold:
        return ClusterScores(1.0, 1.0)
    both = Counter((gold[i], predicted[i]) for i in gold)
    gold_sizes = Counter(gold.values())
    predicted_sizes = Counter(predicted.values())
    precision = sum(both[(gold[i], predicted[i])] / predicted_sizes[predicted[i]] for i in gold)
    recall = sum(both[(gold[i], predicted[i])] / gold_sizes[gold[i]] for i in gold)
    return ClusterScores(precision / len(gold), recall / len(gold))
