"""Training the shipped NER model: a BiLSTM-CRF (``lagebild train ner``).

Each token is represented by four parts: a learned vector for frequent lower-cased
words, the mean of its multilingual subword embeddings (:mod:`lagebild.nlp.subwords`,
which gives unseen names a meaningful vector), a character CNN, and a few
spelling flags. A bidirectional LSTM reads the sentence and a CRF picks the best
BIO label sequence. Trained with PyTorch on CPU on GermEval 2014 train; the last
``VALIDATION`` training sentences choose the epoch (dev is never used for
training or selection). The weights are exported to ``ner-bilstm.npz`` and run in
numpy (:mod:`lagebild.nlp.ner`), so the runtime needs no PyTorch.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from lagebild.evaluate.germeval import LabelledSentence, Scores, read_germeval, score
from lagebild.nlp.analyzer import default_analyzer
from lagebild.nlp.ner import (
    LABELS,
    MODEL_FILE,
    PIECES_FILE,
    BilstmNerTagger,
    Vocabulary,
    encode_sentence,
    normalise_word,
    reduce_context,
)
from lagebild.nlp.piece_context import PieceContext
from lagebild.nlp.pos_features import PosFeatures
from lagebild.nlp.subwords import PieceEmbeddings, piece_table_with_axes, reduced_piece_table
from lagebild.nlp.word_lexicon import LEXICON_FILE, WordLexicon

VALIDATION = 1000
#: Sentences whose contextual features are computed at once / fit their reduction.
CONTEXT_BATCH = 64
CONTEXT_SAMPLE = 4000
SHARED_DATA = Path(os.environ.get("LAGEBILD_GERMEVAL_DIR", "/work/shared/data/germeval2014"))
DEFAULT_TRAIN = SHARED_DATA / "NER-de-train.outer.tsv"
DEFAULT_DEV = SHARED_DATA / "NER-de-dev.tsv"


@dataclass(frozen=True)
class BilstmSettings:
    word_dim: int = 64
    piece_dim: int = 64
    char_dim: int = 24
    char_filters: int = 48
    hidden: int = 100
    dropout: float = 0.5
    epochs: int = 20
    batch: int = 32
    learning_rate: float = 2e-3
    min_word_count: int = 2
    min_char_count: int = 5
    seed: int = 2014
    threads: int = 2
    #: width of the reduced contextual piece features (:mod:`lagebild.nlp.piece_context`);
    #: 0 leaves them out
    context_dim: int = 0
    #: which of the USE CNN's branches (windows 2, 3, 5) the contextual features use
    context_branches: tuple[int, ...] = (0, 1, 2)
    #: add the word-list features of :mod:`lagebild.nlp.word_lexicon`
    lexicon: bool = True
    #: probability of replacing a known word's id by "unknown" in training
    word_dropout: float = 0.1
    #: learning rate in epoch e (from 0): learning_rate / (1 + lr_decay * e)
    lr_decay: float = 0.05
    #: reduce the 512-dim piece vectors by a trained linear layer (starting at the PCA
    #: axes) instead of the PCA alone; the exported table is the projected one
    piece_projection: bool = True
    #: from this epoch on, also keep the running mean of the weights after each epoch
    #: (stochastic weight averaging) and let it compete for selection; 0: off
    average_from: int = 0
    #: add HanTa's part-of-speech features (:mod:`lagebild.nlp.pos_features`)
    pos_features: bool = True


@dataclass(frozen=True)
class TrainReport:
    output: Path
    sentences: int
    seconds: float
    best_epoch: int
    validation_f1: float
    dev_scores: Scores | None


def build_vocabulary(train: Sequence[LabelledSentence], settings: BilstmSettings) -> Vocabulary:
    words = Counter(normalise_word(w) for s in train for w in s.tokens)
    chars = Counter(c for s in train for w in s.tokens for c in w)
    return Vocabulary(
        words=sorted(w for w, n in words.items() if n >= settings.min_word_count),
        chars=sorted(c for c, n in chars.items() if n >= settings.min_char_count),
        pos_tags=default_analyzer().tagger.tags() if settings.pos_features else [],
    )


def train_bilstm(
    train_path: Path,
    output: Path,
    dev_path: Path | None = None,
    settings: BilstmSettings | None = None,
    log: Callable[[str], None] = print,
) -> TrainReport:
    import torch

    from lagebild.train.ner_torch import BilstmCrf, export_weights, projected_piece_table

    settings = settings or BilstmSettings()
    began = time.perf_counter()
    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    random.seed(settings.seed)
    sentences = read_germeval(train_path)
    if len(sentences) <= VALIDATION:
        raise ValueError(f"{train_path}: too few sentences to train ({len(sentences)})")
    train, validation = sentences[:-VALIDATION], sentences[-VALIDATION:]
    vocabulary = build_vocabulary(train, settings)
    log(f"{len(train)} training sentences, {len(vocabulary.words)} words; reducing pieces")
    full_pieces, piece_axes = None, None
    if settings.piece_projection:
        full_pieces, piece_axes = piece_table_with_axes(settings.piece_dim)
        embeddings = PieceEmbeddings(full_pieces)
    else:
        pieces = reduced_piece_table(settings.piece_dim)
        embeddings = PieceEmbeddings(pieces)
    reduction: dict[str, np.ndarray] = {}
    if settings.context_dim:
        log("fitting the reduction of the contextual piece features")
        reduction = fit_context_reduction(train, settings.context_dim,
                                          settings.context_branches)  # fmt: skip
    lexicon = None
    if settings.lexicon:
        from lagebild.train.word_lexicon import build_word_lexicon

        log("building the word lexicon")
        lexicon = build_word_lexicon()
    contexts = context_features(train, reduction)
    pos = pos_features(train, vocabulary)
    encoded = [encode_sentence(s.tokens, vocabulary, embeddings, c, lexicon, p)
               for s, c, p in zip(train, contexts, pos, strict=True)]  # fmt: skip
    validation_contexts = context_features(validation, reduction)
    validation_pos = pos_features(validation, vocabulary)
    targets = [[LABELS.index(label) for label in s.labels] for s in train]
    model = BilstmCrf(vocabulary, settings, piece_axes)
    optimiser = torch.optim.Adam(model.parameters(), lr=settings.learning_rate)
    averaged = torch.optim.swa_utils.AveragedModel(model) if settings.average_from else None
    best: tuple[float, int, dict[str, torch.Tensor]] = (-1.0, 0, {})
    order = list(range(len(train)))
    for epoch in range(1, settings.epochs + 1):
        for group in optimiser.param_groups:
            group["lr"] = settings.learning_rate / (1 + settings.lr_decay * (epoch - 1))
        model.train()
        random.shuffle(order)
        total = 0.0
        for start in range(0, len(order), settings.batch):
            batch = order[start : start + settings.batch]
            optimiser.zero_grad()
            loss = model.loss([encoded[i] for i in batch], [targets[i] for i in batch])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += loss.item()
        f1 = _f1(model, validation, vocabulary, embeddings, validation_contexts, lexicon,
                 validation_pos)  # fmt: skip
        log(f"epoch {epoch}: loss {total / len(order):.3f}, validation F1 {f1:.4f}, "
            f"{time.perf_counter() - began:.0f} s")  # fmt: skip
        if f1 > best[0]:
            best = (f1, epoch, {k: v.detach().clone() for k, v in model.state_dict().items()})
        if averaged is not None and epoch >= settings.average_from:
            averaged.update_parameters(model)
            mean = averaged.module
            f1 = _f1(mean, validation, vocabulary, embeddings, validation_contexts, lexicon,
                     validation_pos)  # fmt: skip
            log(f"epoch {epoch}: mean of epochs {settings.average_from}-{epoch}, "
                f"validation F1 {f1:.4f}")  # fmt: skip
            if f1 > best[0]:
                best = (f1, epoch, {k: v.detach().clone() for k, v in mean.state_dict().items()})
    model.load_state_dict(best[2])
    output.mkdir(parents=True, exist_ok=True)
    if full_pieces is not None:
        pieces = projected_piece_table(model, full_pieces)
    np.save(output / PIECES_FILE, pieces)
    if lexicon is not None:
        lexicon.save(output / LEXICON_FILE)
    else:
        (output / LEXICON_FILE).unlink(missing_ok=True)
    export_weights(model, vocabulary, output / MODEL_FILE, json.dumps(asdict(settings)),
                   reduction)  # fmt: skip
    dev_scores = None
    if dev_path is not None:
        tagger = BilstmNerTagger.from_directory(output)
        dev = read_germeval(dev_path)
        dev_scores = score([s.labels for s in dev], [tagger.tag(s.tokens) for s in dev])
    return TrainReport(output, len(train), time.perf_counter() - began, best[1], best[0],
                       dev_scores)  # fmt: skip


def _f1(
    model: object,
    sentences: Sequence[LabelledSentence],
    vocabulary: Vocabulary,
    embeddings: PieceEmbeddings,
    contexts: Sequence[np.ndarray | None],
    lexicon: WordLexicon | None,
    pos: Sequence[np.ndarray | None],
) -> float:
    predicted = model.decode(  # type: ignore[attr-defined]
        [
            encode_sentence(s.tokens, vocabulary, embeddings, c, lexicon, p)
            for s, c, p in zip(sentences, contexts, pos, strict=True)
        ]
    )
    return score([s.labels for s in sentences], predicted).micro.f1


def pos_features(
    sentences: Sequence[LabelledSentence], vocabulary: Vocabulary
) -> list[np.ndarray | None]:
    """Each sentence's part-of-speech features (None for a model without them)."""
    if not vocabulary.pos_tags:
        return [None] * len(sentences)
    features = PosFeatures(vocabulary.pos_tags)
    return [features.vectors(s.tokens) for s in sentences]


def _raw_contexts(context: PieceContext, sentences: Sequence[LabelledSentence]) -> list[np.ndarray]:
    vectors: list[np.ndarray] = []
    for first in range(0, len(sentences), CONTEXT_BATCH):
        part = sentences[first : first + CONTEXT_BATCH]
        vectors.extend(context.token_vectors([s.tokens for s in part]))
    return vectors


def fit_context_reduction(
    train: Sequence[LabelledSentence], dimensions: int, branches: Sequence[int] = (0, 1, 2)
) -> dict[str, np.ndarray]:
    """Mean and principal axes (scaled to unit variance) of the contextual piece features
    of a sample of training sentences."""
    sample = random.Random(0).sample(list(train), min(len(train), CONTEXT_SAMPLE))
    vectors = np.concatenate(_raw_contexts(_piece_context(tuple(branches)), sample))
    mean = vectors.mean(axis=0)
    centred = vectors - mean
    values, axes = np.linalg.eigh(centred.T @ centred / len(centred))
    top = axes[:, ::-1][:, :dimensions] / np.sqrt(values[::-1][:dimensions] + 1e-6)
    return {
        "context_mean": mean.astype(np.float32),
        "context_axes": top.astype(np.float32),
        "context_branches": np.array(branches, dtype=np.int64),
    }


def context_features(
    sentences: Sequence[LabelledSentence], reduction: dict[str, np.ndarray]
) -> list[np.ndarray | None]:
    """The reduced contextual features of each sentence (None without a reduction)."""
    if not reduction:
        return [None] * len(sentences)
    branches = tuple(int(b) for b in reduction["context_branches"])
    return [reduce_context(v, reduction).astype(np.float32)
            for v in _raw_contexts(_piece_context(branches), sentences)]  # fmt: skip


@lru_cache(maxsize=2)
def _piece_context(branches: tuple[int, ...]) -> PieceContext:
    return PieceContext(branches=branches)


def default_output() -> Path:
    return Path(__file__).resolve().parent.parent / "models"


def train_from_options(
    train_file: Path | None,
    dev_file: Path | None,
    output: Path | None,
    log: Callable[[str], None] = print,
    **overrides: object,
) -> TrainReport:
    """``lagebild train ner``: the shipped settings, with the options given (names of
    :class:`BilstmSettings` fields, None for "not given") replacing them."""
    try:
        import torch  # noqa: F401
    except ImportError:
        raise ImportError("training needs PyTorch: pip install -e '.[train]'") from None
    given = {k: v for k, v in overrides.items() if v is not None and v != ()}
    settings = replace(BilstmSettings(), **given)  # type: ignore[arg-type]
    train = train_file or DEFAULT_TRAIN
    dev = dev_file or (DEFAULT_DEV if DEFAULT_DEV.is_file() else None)
    for path in (train, dev):
        if path is not None and not path.is_file():
            raise OSError(f"{path}: no such file")
    return train_bilstm(train, output or default_output(), dev, settings, log)
