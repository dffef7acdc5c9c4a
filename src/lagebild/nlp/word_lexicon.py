"""Context-free word features from open word lists, an input of the NER model.

GermEval's 24,000 training sentences see too few names for a model to learn which
capitalised words are names: in German every noun is capitalised. Large open word
lists know more: how frequent a word is in German and in English text (wordfreq),
whether Wiktionary lists it as a common noun, a first name, a surname, a place or
another proper name (german-nouns), and the first names and places of gender-guesser,
GeoNames and CLDR. ``lagebild train ner --lexicon`` folds them into one table,
``ner-lexicon.npz``, so the runtime needs none of those packages.

The table holds 670,000 words. Kept as a Python dict it would take about 100 MB per
process; instead each lower-cased word is stored as a 64-bit hash in a sorted array
beside one byte per feature (10 MB), and looked up by binary search.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

LEXICON_FILE = "ner-lexicon.npz"
#: One value in [0, 1] per feature, in this order; frequencies are Zipf values divided by 8.
FEATURES = (
    "de_frequency",
    "en_frequency",
    "common_noun",
    "first_name",
    "surname",
    "place",
    "proper_name",
)
_LEVELS = 255

Floats = npt.NDArray[np.float32]


class WordLexiconError(RuntimeError):
    """The word-feature table is missing or malformed."""


def word_key(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.lower().encode(), digest_size=8).digest(), "big")


class WordLexicon:
    """The features of FEATURES for any word (zeros for words in no list)."""

    def __init__(self, keys: npt.NDArray[np.uint64], levels: npt.NDArray[np.uint8]) -> None:
        if keys.shape != (len(levels),) or levels.shape[1:] != (len(FEATURES),):
            raise WordLexiconError(f"word lexicon: {keys.shape} keys for {levels.shape} rows")
        self._keys = keys
        self._values = np.vstack([levels.astype(np.float32) / _LEVELS,
                                  np.zeros((1, len(FEATURES)), dtype=np.float32)])  # fmt: skip

    @classmethod
    def from_words(cls, rows: Mapping[str, Sequence[float]]) -> WordLexicon:
        merged: dict[int, Sequence[float]] = {word_key(w): v for w, v in rows.items()}
        keys = np.array(sorted(merged), dtype=np.uint64)
        levels = np.array([merged[int(k)] for k in keys], dtype=np.float64)
        levels = levels.reshape(-1, len(FEATURES))
        return cls(keys, np.rint(np.clip(levels, 0, 1) * _LEVELS).astype(np.uint8))

    def __len__(self) -> int:
        return len(self._keys)

    def vectors(self, words: Sequence[str]) -> Floats:
        """One row of FEATURES per word."""
        wanted = np.array([word_key(w) for w in words], dtype=np.uint64)
        if not len(self._keys):
            return np.zeros((len(wanted), len(FEATURES)), dtype=np.float32)
        found = np.searchsorted(self._keys, wanted)
        inside = found < len(self._keys)
        hit = inside & (self._keys[np.minimum(found, len(self._keys) - 1)] == wanted)
        rows: Floats = self._values[np.where(hit, found, len(self._keys))]
        return rows

    def save(self, path: Path) -> None:
        levels = np.rint(self._values[:-1] * _LEVELS).astype(np.uint8)
        np.savez_compressed(path, keys=self._keys, levels=levels,
                            features=np.array(FEATURES))  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> WordLexicon:
        try:
            with np.load(path, allow_pickle=False) as table:
                if tuple(table["features"].tolist()) != FEATURES:
                    raise WordLexiconError(
                        f"{path}: features {table['features'].tolist()}, expected {FEATURES}"
                    )
                return cls(table["keys"], table["levels"])
        except (OSError, ValueError, KeyError) as exc:
            raise WordLexiconError(f"{path}: cannot read the word lexicon: {exc}") from None
