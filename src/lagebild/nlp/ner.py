"""Named-entity tagging: a BiLSTM-CRF, run in numpy.

The model is trained by ``lagebild train ner`` (:mod:`lagebild.train.ner`)
and ships as ``models/ner-bilstm.npz`` (weights and vocabularies) plus
``models/ner-pieces.npy`` (reduced subword embeddings). Inference here repeats
PyTorch's LSTM arithmetic (gate order input, forget, cell, output) and the CRF's
Viterbi search, so the runtime needs numpy only. All sentences of a document can
be tagged in one batch (:meth:`BilstmNerTagger.tag_many`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from lagebild.nlp.piece_context import PieceContext
from lagebild.nlp.pos_features import PosFeatures
from lagebild.nlp.subwords import PieceEmbeddings
from lagebild.nlp.word_lexicon import LEXICON_FILE, WordLexicon, WordLexiconError

MODEL_FILE = "ner-bilstm.npz"
PIECES_FILE = "ner-pieces.npy"
TYPES = ("PER", "ORG", "LOC", "OTH")
LABELS = ("O", *(f"{prefix}-{kind}" for kind in TYPES for prefix in ("B", "I")))
#: Characters of a word the character CNN reads (longer words: start and end).
MAX_CHARS = 24
#: Words whose input vectors are kept per process (news repeats words; memory stays flat).
CACHE_SIZE = 200_000
#: Padded tokens in one batch: a long document is tagged in batches of sentences of similar
#: length, so memory stays bounded (a megabyte of text once took 1.6 GB in a single batch).
MAX_BATCH_TOKENS = 8192
#: New words whose vectors are computed at once (the character CNN's windows grow with it).
MAX_NEW_WORDS = 4096
PAD, UNKNOWN = 0, 1
_DIGITS = re.compile(r"\d")

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]


class NerTagger(Protocol):
    def tag(self, tokens: Sequence[str], tags: Sequence[str] | None = None) -> list[str]:
        """BIO labels over PER/ORG/LOC/OTH, one per token of one sentence (``tags``: the
        tokens' part-of-speech tags where the caller has them)."""
        ...

    def tag_many(
        self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None = None
    ) -> list[list[str]]:
        """Labels for each sentence of a document."""
        ...


class NerModelError(RuntimeError):
    """The NER model files are missing or unreadable."""


@dataclass(frozen=True)
class Vocabulary:
    """Words (lower-cased, digits as 0) and characters the model has vectors for;
    id 0 pads, 1 stands for any other."""

    words: list[str]
    chars: list[str]
    #: the part-of-speech tags of the one-hot POS features, for models trained with them
    pos_tags: list[str] = field(default_factory=list)
    word_ids: dict[str, int] = field(init=False, repr=False, compare=False)
    char_ids: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_ids", {w: i + 2 for i, w in enumerate(self.words)})
        object.__setattr__(self, "char_ids", {c: i + 2 for i, c in enumerate(self.chars)})

    def word_id(self, word: str) -> int:
        return self.word_ids.get(normalise_word(word), UNKNOWN)

    def char_id(self, char: str) -> int:
        return self.char_ids.get(char, UNKNOWN)


@dataclass(frozen=True)
class EncodedSentence:
    words: Ints  # (n,)
    chars: Ints  # (n, MAX_CHARS)
    pieces: Floats  # (n, piece_dim)
    flags: Floats  # (n, len(FLAGS))
    context: Floats | None = None  # (n, context_dim): reduced contextual piece features
    lexicon: Floats | None = None  # (n, len(word_lexicon.FEATURES)): word-list features
    pos: Floats | None = None  # (n, PosFeatures.dim): part-of-speech features


def normalise_word(word: str) -> str:
    return _DIGITS.sub("0", word.lower())


def _clipped(word: str) -> str:
    if len(word) <= MAX_CHARS:
        return word
    half = MAX_CHARS // 2
    return word[:half] + word[-half:]


def spelling_flags(word: str, first: bool) -> list[float]:
    """Capitalised, all capitals, has a digit, has a hyphen, punctuation, sentence start."""
    return [
        float(word[:1].isupper()),
        float(len(word) > 1 and word.isupper()),
        float(any(c.isdigit() for c in word)),
        float("-" in word),
        float(all(unicodedata.category(c).startswith("P") for c in word)),
        float(first),
    ]


FLAG_COUNT = len(spelling_flags("x", False))


def encode_sentence(
    tokens: Sequence[str],
    vocabulary: Vocabulary,
    pieces: PieceEmbeddings,
    context: Floats | None = None,
    lexicon: WordLexicon | None = None,
    pos: Floats | None = None,
) -> EncodedSentence:
    chars = np.zeros((len(tokens), MAX_CHARS), dtype=np.int64)
    for row, token in enumerate(tokens):
        ids = [vocabulary.char_id(c) for c in _clipped(token)]
        chars[row, : len(ids)] = ids
    return EncodedSentence(
        words=np.array([vocabulary.word_id(t) for t in tokens], dtype=np.int64),
        chars=chars,
        pieces=pieces.vectors(list(tokens)),
        flags=np.array(
            [spelling_flags(t, i == 0) for i, t in enumerate(tokens)], dtype=np.float32
        ).reshape(len(tokens), FLAG_COUNT),
        context=context,
        lexicon=None if lexicon is None else lexicon.vectors(list(tokens)),
        pos=pos,
    )


def reduce_context(vectors: Floats, weights: dict[str, Floats]) -> Floats:
    """Contextual piece features projected on the axes fitted in training."""
    reduced: Floats = ((vectors - weights["context_mean"]) @ weights["context_axes"]).astype(
        np.float32
    )
    return reduced


def _reversed_within(x: Floats, lengths: Ints) -> Floats:
    """Each row's first ``length`` steps in reverse order; the padding stays behind."""
    out = np.zeros_like(x)
    for row, n in enumerate(lengths.tolist()):
        out[row, :n] = x[row, n - 1 :: -1] if n else x[row, :0]
    return out


class BilstmNerTagger:
    """BIO labels over PER/ORG/LOC/OTH for tokenised sentences."""

    def __init__(
        self,
        weights: dict[str, Floats],
        vocabulary: Vocabulary,
        pieces: Floats,
        lexicon: WordLexicon | None = None,
    ):
        self.w = weights
        self.vocabulary = vocabulary
        self.pieces = PieceEmbeddings(pieces)
        #: word-list features, for models trained with them (``lagebild train ner --lexicon``)
        self.lexicon = lexicon
        #: word -> its context-free input vector (the sentence-start flag left at 0)
        self._words: dict[str, Floats] = {}
        self._lstm_weights = _stacked_lstm_weights(weights)
        #: part-of-speech features, for models trained with them (``--pos``)
        self._pos = PosFeatures(vocabulary.pos_tags) if vocabulary.pos_tags else None
        #: contextual piece features (models trained with them carry their reduction)
        self._context: PieceContext | None = None
        if "context_axes" in weights:
            branches = [int(b) for b in weights["context_branches"]]
            self._context = PieceContext(branches=branches)

    @classmethod
    def from_directory(cls, directory: Path) -> BilstmNerTagger:
        model, table = directory / MODEL_FILE, directory / PIECES_FILE
        try:
            with np.load(model, allow_pickle=False) as z:
                weights = {
                    k: z[k].astype(np.float32)
                    for k in z.files
                    if k not in ("vocabulary", "settings")
                }
                vocabulary = Vocabulary(**json.loads(str(z["vocabulary"])))
                settings = json.loads(str(z["settings"])) if "settings" in z.files else {}
            pieces = np.load(table, allow_pickle=False)
            lexicon = None
            if settings.get("lexicon"):
                lexicon = WordLexicon.load(directory / LEXICON_FILE)
        except (OSError, ValueError, KeyError, TypeError, WordLexiconError) as exc:
            raise NerModelError(f"{directory}: cannot load the NER model: {exc}") from None
        return cls(weights, vocabulary, pieces, lexicon)

    def tag(self, tokens: Sequence[str], tags: Sequence[str] | None = None) -> list[str]:
        if not tokens:
            return []
        return self.tag_many([tokens], None if tags is None else [tags])[0]

    def tag_many(
        self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None = None
    ) -> list[list[str]]:
        """Labels for several sentences (a document), computed in one padded batch.

        ``tags``: each token's part-of-speech tag, for a model with POS features (the
        pipeline has them from its tagger; without them the model tags the sentences)."""
        if tags is not None and [len(s) for s in sentences] != [len(t) for t in tags]:
            raise ValueError("tag_many: tags must have one tag per token of each sentence")
        present = [i for i, s in enumerate(sentences) if s]
        if not present:
            return [[] for _ in sentences]
        order = sorted(present, key=lambda i: -len(sentences[i]))
        ordered = [list(sentences[i]) for i in order]
        pos = self._pos_vectors(ordered, None if tags is None else [tags[i] for i in order])
        paths: list[list[int]] = []
        first = 0
        for batch in _batches(ordered):
            lengths = np.array([len(s) for s in batch], dtype=np.int64)
            features = self._features(batch, pos[first : first + len(batch)])
            first += len(batch)
            paths.extend(self._viterbi(self._emissions(features, lengths), lengths))
        labels: list[list[str]] = [[] for _ in sentences]
        for position, index in enumerate(order):
            labels[index] = [LABELS[t] for t in paths[position]]
        return labels

    # -- input ----------------------------------------------------------------------------

    def _pos_vectors(
        self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None
    ) -> list[Floats | None]:
        if self._pos is None:
            return [None] * len(sentences)
        if tags is None:
            return [self._pos.vectors(s) for s in sentences]
        return [self._pos.vectors(s, t) for s, t in zip(sentences, tags, strict=True)]

    def _features(self, sentences: Sequence[Sequence[str]], pos: Sequence[Floats | None]) -> Floats:
        """Input rows in the network's order: the cached per-word vector (ending with the
        spelling flags), then the POS features, then the contextual features."""
        self._remember([w for s in sentences for w in s if w not in self._words])
        size = len(next(iter(self._words.values())))
        pos_dim = 0 if self._pos is None else self._pos.dim
        extra = 0 if self._context is None else self.w["context_axes"].shape[1]
        shape = (len(sentences), len(sentences[0]), size + pos_dim + extra)
        features = np.zeros(shape, dtype=np.float32)
        for row, (sentence, vectors) in enumerate(zip(sentences, pos, strict=True)):
            features[row, : len(sentence), :size] = [self._words[w] for w in sentence]
            features[row, 0, size - 1] = 1.0  # the sentence-start flag
            if vectors is not None:
                features[row, : len(sentence), size : size + pos_dim] = vectors
        if self._context is not None:
            for row, vectors in enumerate(self._context.token_vectors(sentences)):
                features[row, : len(vectors), size + pos_dim :] = reduce_context(vectors, self.w)
        return features

    def _remember(self, words: Sequence[str]) -> None:
        """Compute and cache the input vectors of new words, a bounded number at once."""
        new = list(dict.fromkeys(words))
        if len(self._words) + len(new) > CACHE_SIZE:
            self._words.clear()
        for first in range(0, len(new), MAX_NEW_WORDS):
            self._remember_batch(new[first : first + MAX_NEW_WORDS])

    def _remember_batch(self, new: Sequence[str]) -> None:
        if not new:
            return
        chars = np.zeros((len(new), MAX_CHARS), dtype=np.int64)
        for row, word in enumerate(new):
            ids = [self.vocabulary.char_id(c) for c in _clipped(word)]
            chars[row, : len(ids)] = ids
        parts = [
            self.w["word_embedding"][[self.vocabulary.word_id(w) for w in new]],
            self.pieces.vectors(new),
            self._char_cnn(chars),
        ]
        if self.lexicon is not None:
            parts.append(self.lexicon.vectors(new))
        # the flags come last: the sentence-start flag is each vector's last value
        parts.append(np.array([spelling_flags(w, False) for w in new], dtype=np.float32))
        vectors = np.concatenate(parts, axis=1).astype(np.float32)
        self._words.update(zip(new, vectors, strict=True))

    def _char_cnn(self, chars: Ints) -> Floats:
        w = self.w
        embedded = w["char_embedding"][chars]  # (words, chars, dim)
        kernel = w["char_conv_weight"]  # (filters, dim, width)
        width = kernel.shape[2]
        pad = width // 2
        padded = np.pad(embedded, ((0, 0), (pad, pad), (0, 0)))
        windows = np.stack([padded[:, k : k + MAX_CHARS] for k in range(width)], axis=-1)
        conv = np.einsum("wcdk,fdk->wcf", windows, kernel, optimize=True)
        conv += w["char_conv_bias"]
        conv = np.where((chars > 0)[..., None], conv, -np.inf)
        pooled = conv.max(axis=1)
        pooled[~np.isfinite(pooled)] = 0.0
        return np.maximum(pooled, 0.0)

    # -- network --------------------------------------------------------------------------

    def _emissions(self, features: Floats, lengths: Ints) -> Floats:
        """Label scores for sentences sorted by length, longest first.

        Both LSTM directions run in one loop (the backward one over each sentence
        reversed within its length); at step t only the sentences longer than t are
        computed, a slice since they come first. Sigmoid gates use sigmoid(x) =
        (1 + tanh(x / 2)) / 2 with the halving folded into the weights, so one tanh
        serves all four gates.
        """
        w_ih, w_hh, bias = self._lstm_weights
        hidden = w_hh.shape[1]
        batch, steps, _ = features.shape
        inputs = np.stack([features, _reversed_within(features, lengths)])
        projected = np.matmul(inputs, w_ih[:, None]) + bias[:, None, None]  # (2, b, t, 4h)
        active = (lengths[None, :] > np.arange(steps)[:, None]).sum(axis=1)
        h = np.zeros((2, batch, hidden), dtype=np.float32)
        c = np.zeros((2, batch, hidden), dtype=np.float32)
        out = np.zeros((2, batch, steps, hidden), dtype=np.float32)
        for t in range(steps):
            k = int(active[t])
            gates = projected[:, :k, t] + np.matmul(h[:, :k], w_hh)
            np.tanh(gates, out=gates)
            sigmoid = gates[..., : 2 * hidden] * 0.5 + 0.5  # input and forget gates
            output = gates[..., 3 * hidden :] * 0.5 + 0.5
            cell = gates[..., 2 * hidden : 3 * hidden]
            c[:, :k] = sigmoid[..., hidden:] * c[:, :k] + sigmoid[..., :hidden] * cell
            h[:, :k] = output * np.tanh(c[:, :k])
            out[:, :k, t] = h[:, :k]
        states = np.concatenate([out[0], _reversed_within(out[1], lengths)], axis=2)
        return states @ self.w["output_weight"].T + self.w["output_bias"]

    def _viterbi(self, emissions: Floats, lengths: Ints) -> list[list[int]]:
        """The best label path of each sentence, all sentences stepped together."""
        transitions, start, end = self.w["transitions"], self.w["start"], self.w["end"]
        batch, steps, labels = emissions.shape
        score = start + emissions[:, 0]
        back = np.zeros((steps, batch, labels), dtype=np.int64)
        keep = np.arange(labels)
        for t in range(1, steps):
            total = score[:, :, None] + transitions  # (b, from, to)
            best = total.max(axis=1) + emissions[:, t]
            active = (t < lengths)[:, None]
            back[t] = np.where(active, total.argmax(axis=1), keep)
            score = np.where(active, best, score)
        last = (score + end).argmax(axis=1)
        paths = []
        for row, n in enumerate(lengths.tolist()):
            label = int(last[row])
            path = [label]
            for t in range(n - 1, 0, -1):
                label = int(back[t, row, label])
                path.append(label)
            paths.append(path[::-1])
        return paths


def _batches(ordered: list[list[str]]) -> list[list[list[str]]]:
    """Sentences sorted longest first, cut into batches of at most MAX_BATCH_TOKENS padded
    tokens (a single longer sentence is a batch of its own)."""
    batches: list[list[list[str]]] = []
    for sentence in ordered:
        # sorted longest first, so a batch's padded size is its count times its first length
        if batches and (len(batches[-1]) + 1) * len(batches[-1][0]) <= MAX_BATCH_TOKENS:
            batches[-1].append(sentence)
        else:
            batches.append([sentence])
    return batches


def _stacked_lstm_weights(w: dict[str, Floats]) -> tuple[Floats, Floats, Floats]:
    """Input weights (2, in, 4h), hidden weights (2, h, 4h) and biases (2, 4h) of the two
    directions, transposed, with the rows of the sigmoid gates (input, forget, output)
    halved for the tanh form of the sigmoid."""
    inputs, hiddens, biases = [], [], []
    for direction in ("forward", "backward"):
        w_ih, w_hh = w[f"lstm_w_ih_{direction}"], w[f"lstm_w_hh_{direction}"]
        hidden = w_hh.shape[1]
        half = np.full(4 * hidden, 0.5, dtype=np.float32)
        half[2 * hidden : 3 * hidden] = 1.0
        inputs.append((w_ih * half[:, None]).T)
        hiddens.append((w_hh * half[:, None]).T)
        biases.append((w[f"lstm_b_ih_{direction}"] + w[f"lstm_b_hh_{direction}"]) * half)
    return (
        np.ascontiguousarray(np.stack(inputs), dtype=np.float32),
        np.ascontiguousarray(np.stack(hiddens), dtype=np.float32),
        np.stack(biases).astype(np.float32),
    )


@lru_cache(maxsize=1)
def default_ner() -> BilstmNerTagger:
    """The shipped model, loaded once per process."""
    directory = resources.files("lagebild") / "models"
    with resources.as_file(directory) as path:
        return BilstmNerTagger.from_directory(Path(path))
