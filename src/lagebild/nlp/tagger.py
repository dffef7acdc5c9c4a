"""Part-of-speech tags (STTS) and lemmas from HanTa, memoised per word form.

HanTa's sentence tagger (a Viterbi search over word-tag probabilities) is kept
for context; the costly per-word morphological analyses come from a shipped
lexicon of HanTa's own answers for common word forms (``lagebild train lexicon``)
or, for other words, from HanTa at run time, cached, which makes tagging several
times faster on news text.
"""

from __future__ import annotations

import gzip
import math
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import IO, Any

from HanTa import HanoverTagger as ht

from lagebild.model import Token

LEXICON_FILE = "tagger-lexicon.tsv.gz"
#: Compounds this long or longer are analysed through their last part when it is known,
#: which must be MIN_HEAD letters or more after a modifier of MIN_MODIFIER or more.
MIN_COMPOUND = 11
MIN_HEAD = 4
MIN_MODIFIER = 3

#: Bound on each cache so memory stays flat over millions of articles.
CACHE_SIZE = 200_000
# HanTa's special states and the log-probability floor of its search.
_EMPTY, _START, _END, _UNKNOWN = 0, 1, 2, 3
_FLOOR = -1e6
_MISSING = object()


class _BoundedCache(OrderedDict[Hashable, Any]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key: Hashable, value: Any) -> Any:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
        return value


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """HanTa's analysis of one word form: tag log-probabilities and the lemma per tag."""

    word: str
    case_sensitive: bool
    emissions: dict[int, float]
    lemmas: dict[int, str]


@dataclass
class Lexicon:
    emissions: dict[tuple[str, bool], dict[int, float]]
    lemmas: dict[tuple[str, int], str]


def write_lexicon(entries: Iterable[LexiconEntry], out: IO[str]) -> None:
    """One line per entry: word, case flag, ``tag:logprob`` list, ``tag:lemma`` list."""
    for e in entries:
        emissions = ",".join(f"{tag}:{float(lp)!r}" for tag, lp in sorted(e.emissions.items()))
        lemmas = "\x1f".join(f"{tag}:{lemma}" for tag, lemma in sorted(e.lemmas.items()))
        out.write(f"{e.word}\t{int(e.case_sensitive)}\t{emissions}\t{lemmas}\n")


def read_lexicon(lines: Iterable[str]) -> Lexicon:
    lexicon = Lexicon({}, {})
    for line in lines:
        word, flag, emissions, lemmas = line.rstrip("\n").split("\t")
        pairs = (item.split(":", 1) for item in emissions.split(",") if item)
        lexicon.emissions[(word, flag == "1")] = {int(t): float(lp) for t, lp in pairs}
        for item in filter(None, lemmas.split("\x1f")):
            tag, lemma = item.split(":", 1)
            lexicon.lemmas[(word, int(tag))] = lemma
    return lexicon


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The packaged lexicon, or an empty one when it has not been built."""
    path = resources.files("lagebild") / "models" / LEXICON_FILE
    if not path.is_file():
        return Lexicon({}, {})
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return read_lexicon(text)


class HanTaTagger:
    def __init__(self, use_lexicon: bool = True) -> None:
        self._hanta = ht.HanoverTagger("morphmodel_ger.pgz")
        self._lexicon = shipped_lexicon() if use_lexicon else Lexicon({}, {})
        self._word_tags = _BoundedCache(CACHE_SIZE)
        self._lemmas = _BoundedCache(CACHE_SIZE)
        self._word_probs = _BoundedCache(CACHE_SIZE)
        #: compound -> (modifier, head) for words analysed through their known head
        self._heads = _BoundedCache(CACHE_SIZE)
        #: (word, case-sensitive) -> candidate tags, see _candidates
        self._word_candidates = _BoundedCache(CACHE_SIZE)
        #: (word, tag id) -> (part of speech, lemma)
        self._tagged = _BoundedCache(CACHE_SIZE)
        #: (word, case-sensitive) -> tag shares, see tag_shares (read for every NER token)
        self._shares = _BoundedCache(CACHE_SIZE)
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
        tagged = self._tagged
        for token, tag_id in zip(tokens, tag_ids, strict=True):
            key = (token.text, tag_id)
            found = tagged.get(key)
            if found is None:
                pos = self._pos(tag_id)
                found = tagged.put(key, (pos, self._lemma(token.text, tag_id, pos)))
            token.pos, token.lemma = found

    def tag_words(self, words: Sequence[str]) -> list[str]:
        """The part-of-speech tags of one sentence's words, as :meth:`tag` assigns them."""
        return [self._pos(tag_id) for tag_id in self._viterbi(list(words))] if words else []

    def tags(self) -> list[str]:
        """Every part-of-speech tag :meth:`tag` can assign (HanTa's STTS variant), sorted."""
        names = self._hanta.int2tag
        return sorted({self._pos(i) for i in names if not str(names[i]).startswith("END")})

    def tag_shares(self, word: str, case_sensitive: bool) -> dict[str, float] | None:
        """The word's tags with their share of its emission probabilities, out of context,
        or None for a word HanTa does not know (``case_sensitive``: as within a sentence;
        a sentence's first word is looked up either way). The dict is shared: read only."""
        key = (word, case_sensitive)
        found = self._shares.get(key, _MISSING)
        if found is _MISSING:
            candidates = self._candidates(word, case_sensitive)
            if candidates is None:
                found = self._shares.put(key, None)
            else:
                probabilities = {self._pos(tag): math.exp(lp) for tag, lp in candidates}
                total = sum(probabilities.values()) or 1.0
                found = self._shares.put(key, {t: p / total for t, p in probabilities.items()})
        return found

    def _candidates(self, word: str, case_sensitive: bool) -> tuple[tuple[int, float], ...] | None:
        """The word's (tag, emission log-probability) pairs without HanTa's end state, or
        None for a word HanTa does not know: then every tag that can follow is a candidate."""
        key = (word, case_sensitive)
        found = self._word_candidates.get(key, _MISSING)
        if found is _MISSING:
            probs = self._emissions(word, case_sensitive)
            listed = tuple((tag, lp) for tag, lp in probs.items() if tag != _END)
            found = self._word_candidates.put(key, listed if probs else None)
        return found

    def _emissions(self, word: str, case_sensitive: bool) -> dict[int, float]:
        key = (word, case_sensitive)
        probs = self._lexicon.emissions.get(key)
        if probs is None:
            probs = self._word_probs.get(key)
        if probs is None:
            head = self._known_head(word)
            found = (
                self._lexicon.emissions[(head, True)]
                if head is not None
                else self._analysed_emissions(word, case_sensitive)
            )
            probs = self._word_probs.put(key, found)
        return probs

    def _known_head(self, word: str) -> str | None:
        """The longest lexicon word that ends a long compound ("Verteidigungsbudgets" ->
        "Budgets", "Nato-Gipfeltreffen" -> "Gipfeltreffen"), or None.

        German compounds take their part of speech and inflection from their last part,
        so its stored analysis stands in for HanTa's, which costs about a millisecond for
        a long word; short words and words with no known head are analysed as before.
        """
        # Only capitalised words: nouns and names. Verb and adjective forms carry
        # prefixes and infixes ("auszutragen") that their last part does not show.
        if len(word) < MIN_COMPOUND or not word[:1].isupper() or word.endswith("weise"):
            return None
        if not word.isalpha() and "-" not in word:
            return None
        for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
            head = word[cut:]
            if word[cut - 1] == "-":
                candidate = head
            elif not head.isalpha():
                continue
            else:
                candidate = head[:1].upper() + head[1:]
            emissions = self._lexicon.emissions.get((candidate, True))
            if emissions and any(self._pos(tag) in ("NN", "NE") for tag in emissions):
                self._heads.put(word, (word[:cut], candidate))
                return candidate
        return None

    def _analysed_emissions(self, word: str, case_sensitive: bool) -> dict[int, float]:
        found = dict(self._hanta._tag_word(word, 5, case_sensitive, True))
        return {} if len(found) == 1 and _UNKNOWN in found else found

    def analyse_for_lexicon(self, word: str) -> Iterator[LexiconEntry]:
        """HanTa's answers for ``word`` as the runtime asks for them: case-sensitive, and
        case-insensitive for capitalised words (they may open a sentence)."""
        variants = (True, False) if word[:1].isupper() else (True,)
        for case_sensitive in variants:
            emissions = self._analysed_emissions(word, case_sensitive)
            lemmas = {
                tag: self._hanta._analyze(word, tag, taglevel=1)[0]
                for tag in emissions
                if _needs_lemma(word, self._pos(tag))
            }
            yield LexiconEntry(word, case_sensitive, emissions, lemmas)

    def _pos(self, tag_id: int) -> str:
        return str(self._hanta.int2tag[tag_id]).replace("(", "").replace(")", "")

    def _viterbi(self, words: list[str]) -> list[int]:
        """HanTa's sentence Viterbi search over its own model, visiting only candidate tags.

        HanTa's ``tag_sent_viterbi`` tries every tag after every state and then
        discards those the word cannot have; looking up the word's few candidates
        instead finds the same best path several times faster.
        """
        transitions = self._hanta.LP_trans_word
        back: list[dict[tuple[int, int], tuple[int, int]]] = []
        previous: dict[tuple[int, int], float] = {(_EMPTY, _START): 0.0}
        floor = _FLOOR
        for i, word in enumerate(words):
            known = self._candidates(word, i > 0)
            bound = sorted(previous.values(), reverse=True)[5] - 1 if len(previous) > 5 else floor
            row: dict[tuple[int, int], float] = {}
            pointers: dict[tuple[int, int], tuple[int, int]] = {}
            for state, lp0 in previous.items():
                if lp0 < bound:
                    continue
                from_state = transitions[state]
                last = state[1]
                candidates = (
                    known
                    if known is not None
                    else [(tag, 0.0) for tag in from_state if tag != _END]
                )
                for tag, emission in candidates:
                    transition = from_state.get(tag)
                    if transition is None:
                        continue
                    lp = lp0 + transition + emission
                    if lp > floor:
                        new = (last, tag)
                        old = row.get(new)
                        if old is None or lp > old:
                            row[new] = lp
                            pointers[new] = state
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
        if not _needs_lemma(word, pos):
            return word
        key = (word, tag_id)
        lemma = self._lemmas.get(key)
        if lemma is None:
            lemma = self._lexicon.lemmas.get(key)
            if lemma is None and word in self._heads:
                modifier, head = self._heads[word]
                head_lemma = self._lexicon.lemmas.get((head, tag_id))
                if head_lemma is not None:
                    joined = modifier.endswith("-")
                    lemma = modifier + (head_lemma if joined else head_lemma.lower())
            if lemma is None:
                lemma = self._hanta._analyze(word, tag_id, taglevel=1)[0]
            if "-" in word and pos == "NN":
                # HanTa lower-cases the head of a hyphenated compound ("Nato-chef").
                stem, _, head = lemma.rpartition("-")
                lemma = f"{stem}-{head[:1].upper()}{head[1:]}" if stem else lemma
            lemma = self._lemmas.put(key, lemma)
        return lemma


def _needs_lemma(word: str, pos: str) -> bool:
    return not (pos.startswith("$") or pos == "NE" or not any(c.isalpha() for c in word))
