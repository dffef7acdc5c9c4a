"""Part-of-speech tags (STTS) and lemmas from HanTa, memoised per word form.

HanTa's sentence tagger (a Viterbi search over word-tag probabilities) is kept
for context; the costly per-word morphological analyses are cached, which makes
tagging several times faster on news text where most forms repeat.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from HanTa import HanoverTagger as ht

from lagebild.model import Token

#: Bound on each cache so memory stays flat over millions of articles.
CACHE_SIZE = 200_000


class _BoundedCache(OrderedDict[Hashable, Any]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key: Hashable, value: Any) -> Any:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
        return value


class HanTaTagger:
    def __init__(self) -> None:
        self._hanta = ht.HanoverTagger("morphmodel_ger.pgz")
        self._word_tags = _BoundedCache(CACHE_SIZE)
        self._lemmas = _BoundedCache(CACHE_SIZE)
        original = self._hanta._tag_word

        def cached_tag_word(
            word: str, cutoff: int = 5, casesensitive: bool = True, conditional: bool = False
        ) -> Any:
            key = (word, cutoff, casesensitive, conditional)
            hit = self._word_tags.get(key)
            if hit is None:
                hit = self._word_tags.put(key, original(word, cutoff, casesensitive, conditional))
            return hit

        # HanTa calls _tag_word for every token of every sentence; memoise it.
        self._hanta._tag_word = cached_tag_word

    def tag(self, tokens: list[Token]) -> None:
        words = [t.text for t in tokens]
        tag_ids = self._hanta.tag_sent_viterbi(words)
        for token, tag_id in zip(tokens, tag_ids, strict=True):
            token.pos = self._hanta.int2tag[tag_id].replace("(", "").replace(")", "")
            token.lemma = self._lemma(token.text, tag_id, token.pos)

    def _lemma(self, word: str, tag_id: int, pos: str) -> str:
        if pos.startswith("$") or pos == "NE" or not any(c.isalpha() for c in word):
            return word
        key = (word, tag_id)
        lemma = self._lemmas.get(key)
        if lemma is None:
            lemma = self._hanta._analyze(word, tag_id, taglevel=1)[0]
            if "-" in word and pos == "NN":
                # HanTa lower-cases the head of a hyphenated compound ("Nato-chef").
                stem, _, head = lemma.rpartition("-")
                lemma = f"{stem}-{head[:1].upper()}{head[1:]}" if stem else lemma
            lemma = self._lemmas.put(key, lemma)
        return lemma
