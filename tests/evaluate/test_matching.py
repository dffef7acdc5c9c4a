"""The matching primitives: name keys, quote overlap, one-to-one assignment."""

from __future__ import annotations

import pytest

from lagebild.evaluate.matching import (
    amounts_agree,
    match_one_to_one,
    normalise_name,
    normalise_quote,
    quote_text_similarity,
    token_overlap_f1,
)


def test_name_key_ignores_case_dashes_and_blanks() -> None:
    assert normalise_name(" Nato–Generalsekretär\u00a0 Jonas  Berg") == normalise_name(
        "NATO-Generalsekretär Jonas Berg"
    )
    assert normalise_name("Südland") != normalise_name("Süd-Land")


def test_quote_normalisation_strips_marks_and_edge_punctuation() -> None:
    assert normalise_quote(" „Wir bleiben  hier.“ ") == "Wir bleiben hier"
    assert normalise_quote("»Ja, aber…«,") == "Ja, aber"


def test_token_overlap_f1_counts_repeated_words_once_each() -> None:
    assert token_overlap_f1(["a", "a", "b"], ["a", "b"]) == pytest.approx(0.8)
    assert token_overlap_f1([], ["a"]) == 0.0


def test_quote_similarity_threshold() -> None:
    assert quote_text_similarity("autokratische Allianz", "eine autokratische Allianz") == (
        pytest.approx(0.8)
    )
    assert quote_text_similarity("a b c d e f", "a b c") == 0.0
    assert quote_text_similarity("„Nein.“", "nein") == 1.0


def test_amounts_agree_within_one_percent() -> None:
    assert amounts_agree(100, 101)
    assert not amounts_agree(100, 101.5)
    assert amounts_agree(0, 0) and not amounts_agree(0, 0.001)


def test_assignment_maximises_pairs_before_scores() -> None:
    # Greedy would give gold 0 its best prediction (0) and leave gold 1 without one.
    sims = {(0, 0): 1.0, (0, 1): 0.9, (1, 0): 0.85}
    pairs = match_one_to_one([0, 1], [0, 1], lambda g, p: sims.get((g, p), 0.0))
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_assignment_prefers_the_better_match_at_equal_count() -> None:
    sims = {(0, 0): 0.8, (0, 1): 1.0}
    assert match_one_to_one([0], [0, 1], lambda g, p: sims.get((g, p), 0.0)) == [(0, 1)]
    assert match_one_to_one([0], [], lambda g, p: 1.0) == []
