"""Knowledge-base names found in a sentence: longest match over token n-grams.

Names are looked up as they are written (inflected forms are in the knowledge
base), so "Russlands", "russischen" and "Vereinigten Staaten" are single dict
lookups. Hyphenated compounds are searched for a leading name ("US-Präsident",
"EU-Sanktionen", "Nato-Länder"), because German builds actor references that way.
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.kb import KnowledgeBase, NameMatch
from lagebild.model import Token

_HYPHENS = "-‐‑–"
#: Entity kinds whose one-word names are often ordinary nouns ("Welt", "Bild", "Spiegel").
_COMMON_WORD_KINDS = frozenset({"media", "company", "agency"})
#: A compound modifier must be at least this long to count ("EU-", "US-" are two letters).
_MIN_MODIFIER = 2


@dataclass(frozen=True, slots=True)
class NameHit:
    """A knowledge-base name in the text."""

    start: int  # character offsets
    end: int
    first_token: int  # token range (exclusive end) the name covers
    last_token: int
    surface: str
    match: NameMatch
    in_compound: bool = False  # the modifier of a hyphenated compound


def find_names(text: str, tokens: list[Token], first: int, kb: KnowledgeBase) -> list[NameHit]:
    """Non-overlapping, longest-first knowledge-base names in ``tokens[first:]`` of one sentence."""
    hits: list[NameHit] = []
    i, n = 0, len(tokens)
    while i < n:
        hit = _longest_at(text, tokens, i, first, kb)
        if hit is not None:
            hits.append(hit)
            i = hit.last_token - first
            continue
        hits.extend(_compound_modifier(tokens[i], first + i, kb))
        i += 1
    return hits


def _longest_at(
    text: str, tokens: list[Token], i: int, first: int, kb: KnowledgeBase
) -> NameHit | None:
    token = tokens[i]
    if not _may_start_name(token.text):
        return None
    if token.space_after and token.text not in kb.first_words:
        return None  # a name's first word ends at a blank, so it would be this token
    for j in range(min(len(tokens), i + kb.max_name_tokens), i, -1):
        surface = " ".join(text[tokens[i].start : tokens[j - 1].end].split())
        matches = kb.lookup(surface)
        if matches and j - i == 1:
            matches = [m for m in matches if not _common_noun_use(tokens[i], m, kb)]
        if matches:
            return NameHit(
                tokens[i].start,
                tokens[j - 1].end,
                first + i,
                first + j,
                surface,
                _preferred(matches),
            )
    return None


def _common_noun_use(token: Token, match: NameMatch, kb: KnowledgeBase) -> bool:
    """ "in der Welt", "ein Bild": a one-word outlet or company name used as a noun."""
    entity = kb.get(match.entity_id)
    if entity is None or entity.kind not in _COMMON_WORD_KINDS:
        return False
    return token.pos == "NN" and not token.text.isupper()


def _may_start_name(word: str) -> bool:
    return word[:1].isalpha() or word[:1] in "'’"


def _compound_modifier(token: Token, index: int, kb: KnowledgeBase) -> list[NameHit]:
    """ "US-Präsident" -> the name "US" at its own span, if the modifier is a known name."""
    word = token.text
    cut = next((k for k, ch in enumerate(word) if ch in _HYPHENS), -1)
    if cut < _MIN_MODIFIER or cut == len(word) - 1:
        return []
    modifier = word[:cut]
    matches = kb.lookup(modifier)
    if not matches:
        return []
    return [
        NameHit(
            token.start,
            token.start + cut,
            index,
            index + 1,
            modifier,
            _preferred(matches),
            in_compound=True,
        )
    ]


def _preferred(matches: list[NameMatch]) -> NameMatch:
    """Among entities sharing a surface form, a full name beats an adjective or demonym."""
    order = {"name": 0, "metonym": 1, "adjective": 2, "demonym": 3}
    return min(matches, key=lambda m: order.get(m.kind, 9))
