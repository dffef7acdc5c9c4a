"""Near-duplicate articles: MinHash signatures over word shingles, banded for LSH lookup.

Agency copy is republished by many outlets with small edits: another headline, an
agency tag, a paragraph more or less, typos, sentences moved. Such copies share most
of their word 3-grams; distinct articles on the same topic share topic wording but
fewer 3-grams, because their facts (names, places, figures) differ.

MinHash estimates the Jaccard similarity J of two shingle sets from fixed-size
signatures (``NUM_PERM`` minima of hashed shingles under random permutations). With
the set sizes, J also gives the containment C = |A ∩ B| / min(|A|, |B|), which stays
high when one outlet cut or added a paragraph. A document is a copy of a stored one if
J ≥ ``MIN_SIMILARITY``, or if C ≥ ``MIN_CONTAINMENT`` and J ≥ ``MIN_SIMILARITY_CONTAINED``
(the floor keeps a short teaser inside a long article from counting).

Lookup: the signature is cut into ``BANDS`` bands of ``ROWS`` values; stored documents
sharing at least ``MIN_SHARED_BANDS`` band keys are the candidates (the store indexes
the keys), so a new article is compared with a few similar ones, not with all. The
estimate only chooses whom to check: the rule is applied to the exact shingle sets of
the new text and the candidate's stored text, so MinHash noise does not merge.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from lagebild.model import Document
from lagebild.store import Store
from lagebild.store.fingerprints import NearDuplicateRow

SHINGLE_WORDS = 3
NUM_PERM = 128
BANDS = 64
ROWS = NUM_PERM // BANDS
#: Two bands of two rows shared: a candidate with J = 0.2 is found with probability 0.74,
#: one with J = 0.3 with 0.98, one with J = 0.1 rarely (0.13).
MIN_SHARED_BANDS = 2
MIN_SIMILARITY = 0.45
MIN_CONTAINMENT = 0.8
MIN_SIMILARITY_CONTAINED = 0.2
#: Candidates this far below the rule on their MinHash estimate are still checked exactly
#: (the estimate's error is about 0.03 on average, 0.07 at the 95th percentile).
PREFILTER_MARGIN = 0.1
MAX_VERIFIED = 5
_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_WORD = re.compile(r"\w+")
# Fixed seed: signatures are stored, so every process must draw the same permutations.
_rng = np.random.default_rng(20261201)
_A = _rng.integers(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)


@dataclass(frozen=True)
class Fingerprint:
    signature: np.ndarray  # NUM_PERM uint64 minima
    size: int  # number of distinct shingles

    def to_bytes(self) -> bytes:
        return self.signature.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Fingerprint:
        return cls(np.frombuffer(data, dtype="<u8").astype(np.uint64), size)

    def band_keys(self) -> list[str]:
        """One key per band: "<band>:<hash of its rows>"."""
        raw = self.to_bytes()
        width = ROWS * 8
        return [
            f"{band:02d}:"
            + hashlib.blake2b(raw[band * width : (band + 1) * width], digest_size=8).hexdigest()
            for band in range(BANDS)
        ]

    def similarity(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.mean(self.signature == other.signature))

    def containment(self, other: Fingerprint, similarity: float | None = None) -> float:
        """Estimated share of the smaller set's shingles that the other set has too."""
        j = self.similarity(other) if similarity is None else similarity
        shared = j * (self.size + other.size) / (1 + j)
        return min(1.0, shared / min(self.size, other.size))


def shingles(text: str) -> set[bytes]:
    """Word 3-grams of the case-folded text; a shorter text is one shingle."""
    words = _WORD.findall(text.casefold())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def fingerprint(text: str) -> Fingerprint | None:
    """The MinHash signature of ``text``; None if it has no words."""
    found = shingles(text)
    if not found:
        return None
    ids = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little") for s in found),
        dtype=np.uint64,
        count=len(found),
    )
    # The product wraps around 2**64 (numpy arrays do not raise): that scrambles the order
    # of the ids per permutation, which is all MinHash needs (datasketch does the same).
    hashed = ((ids[:, None] * _A[None, :] + _B[None, :]) % _PRIME) & _MAX_HASH
    return Fingerprint(hashed.min(axis=0), len(found))


def is_copy(similarity: float, containment: float) -> bool:
    """The decision rule on Jaccard similarity and containment (estimated or exact)."""
    return similarity >= MIN_SIMILARITY or (
        similarity >= MIN_SIMILARITY_CONTAINED and containment >= MIN_CONTAINMENT
    )


def exact_similarity(first: set[bytes], second: set[bytes]) -> tuple[float, float]:
    """Jaccard similarity and containment of two shingle sets."""
    shared = len(first & second)
    return shared / len(first | second), shared / min(len(first), len(second))


def backfill(store: Store, batch: int = 200) -> int:
    """Fingerprint and link the stored documents that have no fingerprint (stored before
    near-duplicate detection), oldest first, so each is compared with those before it.
    Returns the number fingerprinted; texts without words are left as they are."""
    pending = store.fingerprints.missing()
    done = 0
    for first in range(0, len(pending), batch):
        chunk = pending[first : first + batch]
        texts = store.fingerprints.texts(chunk)
        for doc_id in chunk:
            row = match_near_duplicate(store, Document(doc_id, texts[doc_id]))
            if row is not None:
                store.fingerprints.add(doc_id, row)
                done += 1
    return done


def match_near_duplicate(store: Store, doc: Document) -> NearDuplicateRow | None:
    """Fingerprint ``doc`` and find the stored document it copies, if any.

    Candidates come from the LSH bands; those whose *estimated* similarity passes a
    looser form of the rule (``PREFILTER_MARGIN`` below it, against MinHash noise) are
    checked on their stored text with the *exact* shingle sets, the ``MAX_VERIFIED``
    most similar first. Of those that are copies, the most similar wins (ties: the
    smaller id, so the choice does not depend on database order) and ``doc`` joins its
    cluster. None for a text without words.
    """
    found = fingerprint(doc.text)
    if found is None:
        return None
    keys = found.band_keys()
    estimated: list[tuple[float, str]] = []
    clusters: dict[str, str] = {}
    for candidate in store.fingerprints.candidates(keys, MIN_SHARED_BANDS):
        if candidate.doc_id == doc.id:
            continue
        stored = Fingerprint.from_bytes(candidate.signature, candidate.shingles)
        j = found.similarity(stored)
        if is_copy(j + PREFILTER_MARGIN, found.containment(stored, j) + PREFILTER_MARGIN):
            estimated.append((j, candidate.doc_id))
            clusters[candidate.doc_id] = candidate.cluster_id
    best: tuple[float, str] | None = None  # exact similarity, doc id
    if estimated:
        chosen = sorted(estimated, key=lambda pair: (-pair[0], pair[1]))[:MAX_VERIFIED]
        texts = store.fingerprints.texts([doc_id for _, doc_id in chosen])
        own = shingles(doc.text)
        for _, doc_id in chosen:
            j, c = exact_similarity(own, shingles(texts[doc_id]))
            if is_copy(j, c) and (best is None or (j, best[1]) > (best[0], doc_id)):
                best = (j, doc_id)
    signature, size = found.to_bytes(), found.size
    if best is None:
        return NearDuplicateRow(signature, size, tuple(keys), cluster_id=doc.id)
    score, original = best
    return NearDuplicateRow(signature, size, tuple(keys), clusters[original], original, score)
