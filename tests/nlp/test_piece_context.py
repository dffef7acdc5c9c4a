"""Contextual subword features from the USE multilingual CNN."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.nlp.piece_context import CONTEXT_DIM, PieceContext


@pytest.fixture(scope="module")
def context() -> PieceContext:
    return PieceContext()


def test_each_token_gets_one_vector(context: PieceContext) -> None:
    sentences = [["Die", "Bundeswehr", "übt", "in", "Litauen", "."], ["Ja", "."]]
    vectors = context.token_vectors(sentences)
    assert [v.shape for v in vectors] == [(6, CONTEXT_DIM), (2, CONTEXT_DIM)]
    assert all(np.isfinite(v).all() for v in vectors)


def test_a_word_vector_depends_on_its_neighbours(context: PieceContext) -> None:
    first, second = context.token_vectors(
        [["Kanzler", "Paris", "sagte"], ["nach", "Paris", "geflogen"]]
    )
    assert not np.allclose(first[1], second[1], atol=1e-3)


def test_sentences_in_one_batch_do_not_see_each_other(context: PieceContext) -> None:
    alone = context.token_vectors([["Die", "Nato", "tagt", "."]])[0]
    together = context.token_vectors([["Russland", "droht", "."], ["Die", "Nato", "tagt", "."]])
    np.testing.assert_allclose(together[1], alone, atol=1e-5)
