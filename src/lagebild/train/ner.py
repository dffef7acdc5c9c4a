"""Training the shipped NER model: ``lagebild train ner``.

Reads GermEval 2014 train (and optionally dev for a score), learns word
clusters from the training tokens, builds the gazetteer from CLDR country
names (via Babel), trains a CRFsuite model and writes both files the runtime
needs into one directory. Given the same data and settings the output is
byte-identical: clusters use a fixed seed and L-BFGS is deterministic.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pycrfsuite
from babel import Locale

from lagebild.evaluate.germeval import LabelledSentence, Scores, read_germeval, score
from lagebild.nlp.ner import (
    MODEL_FILE,
    WORDS_FILE,
    CrfNerTagger,
    FeatureExtractor,
    WordInfo,
    WordTable,
)
from lagebild.train.clusters import embedding_clusters, sentence_encoder_vocabulary, word_clusters

SHARED_DATA = Path(os.environ.get("LAGEBILD_GERMEVAL_DIR", "/work/shared/data/germeval2014"))
DEFAULT_TRAIN = SHARED_DATA / "NER-de-train.outer.tsv"
DEFAULT_DEV = SHARED_DATA / "NER-de-dev.tsv"


@dataclass(frozen=True)
class CrfSettings:
    c1: float = 0.05
    c2: float = 0.05
    max_iterations: int = 150
    cluster_sizes: tuple[int, ...] = (50, 200, 800)
    cluster_min_count: int = 4
    # Clusters of USE multilingual word embeddings; needs the ``train`` extra.
    embedding_cluster_sizes: tuple[int, ...] = (100, 400, 1600)
    use_embeddings: bool = True


@dataclass(frozen=True)
class TrainReport:
    output: Path
    sentences: int
    seconds: float
    dev_scores: Scores | None


def country_gazetteer() -> dict[str, set[str]]:
    """Word -> gazetteer tags from CLDR territory names in German and English.

    A one-word name ("Frankreich") is tagged ``LOC``; each capitalised word of a
    longer name ("Vereinigte Staaten") is tagged ``LOC_part``.
    """
    tags: dict[str, set[str]] = {}
    for language in ("de", "en"):
        for name in Locale(language).territories.values():
            words = name.replace("(", " ").replace(")", " ").split()
            if len(words) == 1:
                tags.setdefault(words[0], set()).add("LOC")
                continue
            for word in words:
                if word[:1].isupper():
                    tags.setdefault(word, set()).add("LOC_part")
    return tags


def build_word_table(sentences: Sequence[Sequence[str]], settings: CrfSettings) -> WordTable:
    clusters = word_clusters(
        sentences, sizes=settings.cluster_sizes, min_count=settings.cluster_min_count
    )
    embedded: dict[str, tuple[str, ...]] = {}
    if settings.use_embeddings:
        vocabulary = {
            token for tokens in sentences for token in tokens if any(c.isalpha() for c in token)
        }
        embedded = embedding_clusters(
            sorted(vocabulary | set(sentence_encoder_vocabulary())),
            sizes=settings.embedding_cluster_sizes,
        )
    gazetteer = country_gazetteer()
    entries = {
        word: WordInfo(
            clusters.get(word, ()) + embedded.get(word, ()), tuple(sorted(gazetteer.get(word, ())))
        )
        for word in sorted(set(clusters) | set(embedded) | set(gazetteer))
    }
    return WordTable(entries)


def train_ner(
    train_path: Path,
    output: Path,
    dev_path: Path | None = None,
    settings: CrfSettings | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> TrainReport:
    """Train on ``train_path``, write the model into ``output`` and score it on ``dev_path``."""
    settings = settings or CrfSettings()
    began = time.perf_counter()
    train = read_germeval(train_path)
    dev = read_germeval(dev_path) if dev_path is not None else None
    if not train:
        raise ValueError(f"{train_path}: no sentences")
    output.mkdir(parents=True, exist_ok=True)
    log(f"{len(train)} training sentences; learning word clusters")
    words = build_word_table([sentence.tokens for sentence in train], settings)
    extractor = FeatureExtractor(words)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in train:
        trainer.append(extractor.sentence(sentence.tokens), list(sentence.labels))
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.max_iterations,
            "feature.possible_transitions": True,
        }
    )
    log(f"training CRF (c1={settings.c1}, c2={settings.c2}, {settings.max_iterations} iterations)")
    model_path = output / MODEL_FILE
    partial = model_path.with_suffix(".partial")
    trainer.train(str(partial))
    words_partial = output / (WORDS_FILE + ".partial")
    words.write(words_partial)
    partial.replace(model_path)
    words_partial.replace(output / WORDS_FILE)
    dev_scores = evaluate_model(output, dev) if dev is not None else None
    return TrainReport(output, len(train), time.perf_counter() - began, dev_scores)


def evaluate_model(directory: Path, sentences: Sequence[LabelledSentence]) -> Scores:
    tagger = CrfNerTagger.from_directory(directory)
    predicted = [tagger.tag(sentence.tokens) for sentence in sentences]
    return score([sentence.labels for sentence in sentences], predicted)


def default_model_directory() -> Path:
    """The package's ``models/`` directory in a source checkout, where the shipped model lives."""
    return Path(__file__).resolve().parent.parent / "models"


def train_from_options(
    train_path: Path | None,
    dev_path: Path | None,
    output: Path | None,
    c1: float | None,
    c2: float | None,
    iterations: int | None,
    use_embeddings: bool,
    log: Callable[[str], None] = lambda message: None,
) -> TrainReport:
    """:func:`train_ner` with command-line defaults filled in (shipped settings, shared data)."""
    defaults = CrfSettings()
    settings = replace(
        defaults,
        c1=defaults.c1 if c1 is None else c1,
        c2=defaults.c2 if c2 is None else c2,
        max_iterations=defaults.max_iterations if iterations is None else iterations,
        use_embeddings=use_embeddings,
    )
    return train_ner(
        train_path or DEFAULT_TRAIN,
        output or default_model_directory(),
        dev_path or DEFAULT_DEV,
        settings,
        log,
    )
