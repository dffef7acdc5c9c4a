"""Part-of-speech features for the NER model."""

from __future__ import annotations

import numpy as np

from lagebild.nlp.pos_features import WORD_VALUES, PosFeatures
from lagebild.nlp.tagger import HanTaTagger

WORDS = ["Die", "Ministerin", "Qxvrtlbrmpf", "besuchte", "Berlin", "."]


def features() -> PosFeatures:
    tagger = HanTaTagger()
    return PosFeatures(tagger.tags(), tagger)


def test_each_word_gets_its_tag_one_hot_and_its_tag_shares() -> None:
    pos = features()
    vectors = pos.vectors(WORDS)
    assert vectors.shape == (len(WORDS), len(pos.tags) + len(WORD_VALUES))
    tags = pos.tagger.tag_words(WORDS)
    for row, tag in enumerate(tags):
        one_hot = vectors[row, : len(pos.tags)]
        assert one_hot.sum() == 1.0 and pos.tags[int(one_hot.argmax())] == tag
    unknown, ne, nn = vectors[:, -3], vectors[:, -2], vectors[:, -1]
    # HanTa guesses the tags of a word it has never seen from its ending
    assert unknown.tolist() == [0] * len(WORDS) and 0 < ne[2] < 1
    assert ne[4] > nn[4] and nn[1] > ne[1]


def test_tags_given_by_the_caller_are_used_as_they_are() -> None:
    pos = features()
    given = ["ART", "NN", "NE", "VVFIN", "NE", "$."]
    vectors = pos.vectors(WORDS, given)
    assert [pos.tags[i] for i in vectors[:, : len(pos.tags)].argmax(axis=1)] == given
    assert np.array_equal(pos.vectors(WORDS, pos.tagger.tag_words(WORDS)), pos.vectors(WORDS))


def test_a_tag_outside_the_models_list_leaves_the_one_hot_empty() -> None:
    pos = PosFeatures(["NE", "NN"], HanTaTagger())
    vectors = pos.vectors(["Berlin", "liegt"], ["NE", "VVFIN"])
    assert vectors[:, :2].tolist() == [[1, 0], [0, 0]]
