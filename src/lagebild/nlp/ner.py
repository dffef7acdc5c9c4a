"""Named-entity tagging: a linear-chain CRF over hand-built token features.

The shipped model (``lagebild/models/ner.crfsuite`` + ``ner-words.tsv``) is
trained by ``lagebild train ner`` on GermEval 2014 and tags one sentence at a
time with BIO labels over PER, ORG, LOC and OTH. The word table holds
distributional clusters learned from the training text and gazetteer tags, so
the features the runtime computes are exactly those the model was trained on.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import pycrfsuite

MODEL_FILE = "ner.crfsuite"
WORDS_FILE = "ner-words.tsv"
_CACHE_LIMIT = 200_000
# Neighbour windows: offsets relative to the token being tagged.
_OFFSETS = (-2, -1, 1, 2)


class NerTagger(Protocol):
    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO labels over PER/ORG/LOC/OTH, one per token of one sentence."""
        ...


class NerModelError(RuntimeError):
    """The NER model files are missing or unreadable."""


@dataclass(frozen=True)
class WordInfo:
    """What the model knows about a word form beyond its spelling."""

    clusters: tuple[str, ...] = ()
    gazetteer: tuple[str, ...] = ()


@dataclass
class WordTable:
    """Word form -> clusters and gazetteer tags; looked up exactly, then lower-cased."""

    entries: dict[str, WordInfo] = field(default_factory=dict)

    def get(self, word: str) -> WordInfo | None:
        return self.entries.get(word) or self.entries.get(word.lower())

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            for word in sorted(self.entries):
                info = self.entries[word]
                out.write(f"{word}\t{','.join(info.clusters)}\t{','.join(info.gazetteer)}\n")

    @classmethod
    def read(cls, path: Path) -> WordTable:
        entries: dict[str, WordInfo] = {}
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                columns = line.rstrip("\n").split("\t")
                if len(columns) != 3:
                    raise NerModelError(f"{path}:{number}: expected word, clusters, gazetteer")
                word, clusters, gazetteer = columns
                entries[word] = WordInfo(
                    tuple(filter(None, clusters.split(","))),
                    tuple(filter(None, gazetteer.split(","))),
                )
        return cls(entries)


def word_shape(word: str) -> str:
    """Character classes: X upper, x lower, d digit, others kept ("Nato-Chef" -> Xxxx-Xxxx)."""
    shape = []
    for char in word:
        if char.isupper():
            shape.append("X")
        elif char.isalpha():
            shape.append("x")
        elif char.isdigit():
            shape.append("d")
        else:
            shape.append(char)
    return "".join(shape)


def short_shape(word: str) -> str:
    """:func:`word_shape` with runs collapsed ("Generalsekretär" -> Xx)."""
    collapsed: list[str] = []
    for char in word_shape(word):
        if not collapsed or collapsed[-1] != char:
            collapsed.append(char)
    return "".join(collapsed)


def _is_punctuation(word: str) -> bool:
    return all(unicodedata.category(char).startswith("P") for char in word)


class FeatureExtractor:
    """Per-token CRF features; word-level parts are cached because news repeats words."""

    def __init__(self, words: WordTable) -> None:
        self.words = words
        self._cache: dict[str, tuple[list[str], dict[int, list[str]]]] = {}

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        views = [self._word(token) for token in tokens]
        features: list[list[str]] = []
        last = len(tokens) - 1
        for index, (own, _) in enumerate(views):
            token_features = list(own)
            for offset in _OFFSETS:
                neighbour = index + offset
                if 0 <= neighbour <= last:
                    token_features.extend(views[neighbour][1][offset])
                else:
                    token_features.append(f"{offset}:pad")
            if index == 0:
                token_features.append("BOS")
                token_features.append("start_shape=" + short_shape(tokens[0]))
            if index == last:
                token_features.append("EOS")
            if index > 0:
                token_features.append(
                    f"lw-1|lw={tokens[index - 1].lower()}|{tokens[index].lower()}"
                )
            features.append(token_features)
        return features

    def _word(self, word: str) -> tuple[list[str], dict[int, list[str]]]:
        cached = self._cache.get(word)
        if cached is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            own = self._own_features(word)
            context = self._context_features(word)
            cached = (own, {offset: [f"{offset}:{f}" for f in context] for offset in _OFFSETS})
            self._cache[word] = cached
        return cached

    def _own_features(self, word: str) -> list[str]:
        lower = word.lower()
        features = [
            "bias",
            "w=" + word,
            "lw=" + lower,
            "shape=" + word_shape(word)[:12],
            "sshape=" + short_shape(word),
            f"len={min(len(word), 12)}",
        ]
        for size in range(1, 5):
            if len(word) > size:
                features.append(f"p{size}={word[:size]}")
                features.append(f"s{size}={lower[-size:]}")
        if word.isupper() and len(word) > 1:
            features.append("allcaps")
        if any(char.isdigit() for char in word):
            features.append("digit")
        if _is_punctuation(word):
            features.append("punct")
        if "-" in word.strip("-"):
            parts = [part for part in word.split("-") if part]
            features.append("head=" + parts[-1].lower())
            features.append("mod=" + parts[0].lower())
            features.append("head_s4=" + parts[-1].lower()[-4:])
            features.extend("hyphen_gz=" + tag for tag in self._gazetteer(parts[0]))
        features.extend(self._lexical(word))
        return features

    def _context_features(self, word: str) -> list[str]:
        return ["lw=" + word.lower(), "sshape=" + short_shape(word), *self._lexical(word)]

    def _lexical(self, word: str) -> list[str]:
        info = self.words.get(word)
        if info is None:
            return ["c=none"]
        tags = [f"c{level}={cluster}" for level, cluster in enumerate(info.clusters)]
        tags.extend("gz=" + tag for tag in info.gazetteer)
        return tags

    def _gazetteer(self, word: str) -> tuple[str, ...]:
        info = self.words.get(word)
        return info.gazetteer if info is not None else ()


class CrfNerTagger:
    """A python-crfsuite model plus the word table its features were built with."""

    def __init__(self, model_path: Path, words_path: Path) -> None:
        for path in (model_path, words_path):
            if not path.is_file():
                raise NerModelError(f"{path}: NER model file not found")
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(model_path))
        except (OSError, ValueError) as exc:
            raise NerModelError(f"{model_path}: not a CRFsuite model ({exc})") from exc
        self.features = FeatureExtractor(WordTable.read(words_path))

    @classmethod
    def from_directory(cls, directory: Path) -> CrfNerTagger:
        return cls(directory / MODEL_FILE, directory / WORDS_FILE)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        labels: list[str] = self._tagger.tag(self.features.sentence(tokens))
        return labels

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> Iterator[list[str]]:
        for tokens in sentences:
            yield self.tag(tokens)


@lru_cache(maxsize=1)
def default_ner() -> CrfNerTagger:
    """The shipped model, loaded once per process."""
    stack = contextlib.ExitStack()
    # Kept open for the process lifetime: a zipped install extracts to a temp dir.
    directory = stack.enter_context(resources.as_file(resources.files("lagebild") / "models"))
    return CrfNerTagger.from_directory(directory)
