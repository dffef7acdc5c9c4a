"""The NER model's word-feature table: hashed keys, one byte per feature."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lagebild.nlp.word_lexicon import FEATURES, WordLexicon, WordLexiconError

ROWS = {
    "berlin": [0.7, 0.5, 0, 0, 0, 1, 0],
    "haus": [0.68, 0, 1, 0, 0, 0, 0],
    "merkel": [0.6, 0.4, 0, 0, 1, 0, 0],
}


def test_known_words_get_their_features_in_any_case_and_others_zeros() -> None:
    lexicon = WordLexicon.from_words(ROWS)
    rows = lexicon.vectors(["Berlin", "HAUS", "Merkel", "Qartebunga", ""])
    assert rows.shape == (5, len(FEATURES)) and rows.dtype == np.float32
    assert np.allclose(rows[0], ROWS["berlin"], atol=1 / 255)
    assert rows[1][FEATURES.index("common_noun")] == 1.0
    assert rows[2][FEATURES.index("surname")] == 1.0
    assert not rows[3].any() and not rows[4].any()
    assert lexicon.vectors([]).shape == (0, len(FEATURES))


def test_the_table_survives_saving_and_loading(tmp_path: Path) -> None:
    lexicon = WordLexicon.from_words(ROWS)
    lexicon.save(tmp_path / "lexicon.npz")
    loaded = WordLexicon.load(tmp_path / "lexicon.npz")
    words = ["haus", "Berlin", "merkel", "nichts"]
    assert len(loaded) == 3
    assert np.array_equal(loaded.vectors(words), lexicon.vectors(words))


def test_a_missing_or_foreign_table_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WordLexiconError, match=r"missing\.npz"):
        WordLexicon.load(tmp_path / "missing.npz")
    np.savez(tmp_path / "other.npz", keys=np.zeros(1, np.uint64),
             levels=np.zeros((1, 2), np.uint8), features=np.array(["a", "b"]))  # fmt: skip
    with pytest.raises(WordLexiconError, match="expected"):
        WordLexicon.load(tmp_path / "other.npz")


def test_an_empty_table_gives_zeros() -> None:
    rows = WordLexicon.from_words({}).vectors(["Berlin", "Haus"])
    assert rows.shape == (2, len(FEATURES)) and not rows.any()
