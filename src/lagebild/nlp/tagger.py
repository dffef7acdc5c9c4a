"""Part-of-speech tags (STTS) and lemmas from HanTa, memoised per word form.

HanTa's sentence tagger (a Viterbi search over word-tag probabilities) is kept
for context; the costly per-word morphological analyses are cached, which makes
tagging several times faster on news text where most forms repeat.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from HanTa import HanoverTagger as ht

from lagebild.model import Token

#: Bound on each cache so memory stays flat over millions of articles.
CACHE_SIZE = 200_000
# HanTa's special states and the log-probability floor of its search.
_EMPTY, _START, _END, _UNKNOWN = 0, 1, 2, 3
_FLOOR = -1e6


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
        self._word_probs = _BoundedCache(CACHE_SIZE)
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
        tag_ids = self._viterbi(words)
        for token, tag_id in zip(tokens, tag_ids, strict=True):
            token.pos = self._hanta.int2tag[tag_id].replace("(", "").replace(")", "")
            token.lemma = self._lemma(token.text, tag_id, token.pos)

    def _emissions(self, word: str, case_sensitive: bool) -> dict[int, float]:
        key = (word, case_sensitive)
        probs = self._word_probs.get(key)
        if probs is None:
            found = dict(self._hanta._tag_word(word, 5, case_sensitive, True))
            if len(found) == 1 and _UNKNOWN in found:
                found = {}
            probs = self._word_probs.put(key, found)
        return probs

    def _viterbi(self, words: list[str]) -> list[int]:
        """HanTa's sentence Viterbi search over its own model, visiting only candidate tags.

        HanTa's ``tag_sent_viterbi`` tries every tag after every state and then
        discards those the word cannot have; looking up the word's few candidates
        instead finds the same best path several times faster.
        """
        transitions = self._hanta.LP_trans_word
        rows: list[dict[tuple[int, int], float]] = []
        back: list[dict[tuple[int, int], tuple[int, int]]] = []
        previous: dict[tuple[int, int], float] = {(_EMPTY, _START): 0.0}
        for i, word in enumerate(words):
            probs = self._emissions(word, i > 0)
            bound = sorted(previous.values(), reverse=True)[5] - 1 if len(previous) > 5 else _FLOOR
            row: dict[tuple[int, int], float] = {}
            pointers: dict[tuple[int, int], tuple[int, int]] = {}
            for state, lp0 in previous.items():
                if lp0 < bound:
                    continue
                from_state = transitions[state]
                candidates = probs.items() if probs else ((c, 0.0) for c in from_state)
                for tag, emission in candidates:
                    transition = from_state.get(tag)
                    if transition is None or tag == _END:
                        continue
                    lp = lp0 + transition + emission
                    if lp > _FLOOR:
                        new = (state[1], tag)
                        if new not in row or lp > row[new]:
                            row[new] = lp
                            pointers[new] = state
            rows.append(row)
            back.append(pointers)
            previous = row
        best, best_lp = None, -math.inf
        for state, lp0 in previous.items():
            lp = lp0 + transitions[state].get(_END, -math.inf)
            if lp > best_lp:
                best, best_lp = state, lp
        if best is None:  # no path (cannot happen with HanTa's smoothed model): fall back
            return list(self._hanta.tag_sent_viterbi(words))
        tags = []
        state = best
        for pointers in reversed(back):
            tags.append(state[1])
            state = pointers[state]
        return tags[::-1]

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
