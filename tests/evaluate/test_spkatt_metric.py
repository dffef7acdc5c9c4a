"""Token-overlap scoring of speaker attribution on hand-made token references."""

from __future__ import annotations

import pytest

from lagebild.evaluate.spkatt_metric import Attribution, align_messages, score_attributions


def refs(sentence: int, first: int, last: int) -> frozenset[str]:
    return frozenset(f"{sentence}:{i}" for i in range(first, last + 1))


def test_identical_annotations_score_one() -> None:
    gold = [Attribution(refs(0, 3, 8), refs(0, 0, 1)), Attribution(refs(1, 2, 5), refs(1, 0, 0))]
    scores = score_attributions(gold, list(gold))
    assert scores.message.f1 == scores.source.f1 == scores.joint.f1 == 1.0


def test_partial_overlap_counts_tokens() -> None:
    gold = [Attribution(refs(0, 3, 8), refs(0, 0, 1))]  # 6 message, 2 source tokens
    predicted = [Attribution(refs(0, 5, 9), refs(0, 1, 1))]  # 5 message, 1 source token
    scores = score_attributions(gold, predicted)
    assert (scores.message.tp, scores.message.fp, scores.message.fn) == (4, 1, 2)
    assert (scores.source.tp, scores.source.fp, scores.source.fn) == (1, 0, 1)
    assert (scores.joint.tp, scores.joint.fp, scores.joint.fn) == (5, 1, 3)
    assert scores.message.f1 == pytest.approx(2 * 0.8 * 4 / 6 / (0.8 + 4 / 6))


def test_unaligned_annotations_count_all_their_tokens() -> None:
    gold = [Attribution(refs(0, 0, 3), refs(0, 5, 5))]
    predicted = [Attribution(refs(2, 0, 1), refs(2, 3, 4))]  # shares no message token
    scores = score_attributions(gold, predicted)
    assert (scores.message.tp, scores.message.fp, scores.message.fn) == (0, 2, 4)
    assert (scores.source.tp, scores.source.fp, scores.source.fn) == (0, 2, 1)


def test_alignment_is_one_to_one_and_maximises_shared_tokens() -> None:
    gold = [Attribution(refs(0, 0, 9)), Attribution(refs(0, 10, 12))]
    # One prediction spanning both gold messages pairs with the larger one only.
    assert align_messages(gold, [Attribution(refs(0, 0, 12))]) == [(0, 0)]
    crossed = [Attribution(refs(0, 10, 12)), Attribution(refs(0, 0, 8))]
    assert sorted(align_messages(gold, crossed)) == [(0, 1), (1, 0)]


def test_empty_sides_have_zero_scores() -> None:
    scores = score_attributions([], [])
    assert scores.joint.f1 == 0.0
    assert score_attributions([Attribution(refs(0, 0, 1))], []).message.fn == 2
