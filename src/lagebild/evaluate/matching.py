"""Matching rules shared by the scorers: normalised names, quote text overlap, and
optimal one-to-one assignment.

The rules are written down with examples in ``docs/evaluation.md``; keep the two
in step.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

G = TypeVar("G")
P = TypeVar("P")

#: Token-overlap F1 from which two quote texts count as the same quote. 0.8 lets a
#: prediction add or drop one word at either end of a quote of five or more words
#: (an introductory "dass", a trailing attribution) or one word of a two-word
#: quote plus one extra ("autokratische Allianz" vs "eine autokratische Allianz",
#: F1 = 0.8), but not cut a quote in half (F1 ≈ 0.67).
QUOTE_OVERLAP_THRESHOLD = 0.8

#: Relative tolerance for amount values (1 %).
AMOUNT_TOLERANCE = 0.01

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad-]+")
_SPACE = re.compile(r"\s+")
_QUOTE_MARKS = "\"'„“”‚‘’«»‹›`´"
_EDGE = re.compile(
    rf"^[\s{re.escape(_QUOTE_MARKS)}.,;:!?()\[\]…–—-]+|"
    rf"[\s{re.escape(_QUOTE_MARKS)}.,;:!?()\[\]…–—-]+$"
)
_WORD = re.compile(r"\w+")


def normalise_name(name: str) -> str:
    """Name key: NFC, case-folded, every dash run a space, blanks collapsed.

    "Nato-Generalsekretär  Mark Rutte" and "NATO Generalsekretär Mark Rutte"
    give the same key.
    """
    text = unicodedata.normalize("NFC", name).casefold()
    return _SPACE.sub(" ", _DASHES.sub(" ", text)).strip()


def normalise_quote(text: str) -> str:
    """Quote text without surrounding quotation marks, punctuation and blanks; blanks collapsed."""
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", _EDGE.sub("", text)).strip()


def quote_tokens(text: str) -> list[str]:
    """Case-folded word tokens of a quote; punctuation and quotation marks dropped."""
    return [word.casefold() for word in _WORD.findall(normalise_quote(text))]


def token_overlap_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """F1 of the multiset overlap of two token sequences (0.0 if either is empty)."""
    if not gold or not predicted:
        return 0.0
    common = sum((Counter(gold) & Counter(predicted)).values())
    if common == 0:
        return 0.0
    precision = common / len(predicted)
    recall = common / len(gold)
    return 2 * precision * recall / (precision + recall)


def quote_text_similarity(gold: str, predicted: str) -> float:
    """1.0 for equal normalised texts, else token-overlap F1 if ≥ the threshold, else 0.0."""
    if normalise_quote(gold) == normalise_quote(predicted):
        return 1.0
    overlap = token_overlap_f1(quote_tokens(gold), quote_tokens(predicted))
    return overlap if overlap >= QUOTE_OVERLAP_THRESHOLD else 0.0


def amounts_agree(gold_value: float, predicted_value: float) -> bool:
    """Values within 1 % of the gold value (exact match required for a gold value of 0)."""
    return abs(predicted_value - gold_value) <= AMOUNT_TOLERANCE * abs(gold_value)


def match_one_to_one(
    gold: Sequence[G], predicted: Sequence[P], similarity: Callable[[G, P], float]
) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs ``(gold index, predicted index)``.

    ``similarity`` returns a score in (0, 1] for a pair that matches and 0 for one
    that does not. The assignment first maximises the number of matched pairs and
    among those the summed similarity, so each gold item and each prediction is
    used at most once and a near-match never takes the place of an exact one.
    """
    if not gold or not predicted:
        return []
    scores = np.array([[similarity(g, p) for p in predicted] for g in gold], dtype=float)
    # A bonus larger than any possible sum of similarities makes the count of pairs
    # dominate: one more pair always beats better scores on fewer pairs.
    bonus = float(min(len(gold), len(predicted)) + 1)
    weights = np.where(scores > 0, scores + bonus, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if weights[r, c] > 0]
