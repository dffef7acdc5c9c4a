"""One fact, many sources: a quote reported by several outlets is one statement.

A new quote belongs to the fact of a stored quote by the same speaker (the same entity,
or the same name when the speaker is not linked) within ``FACT_DAYS`` of it whose words
are nearly the same: word-set Jaccard ≥ ``MIN_JACCARD``, or ≥ ``MIN_CONTAINMENT`` of the
shorter quote's words in the longer one (an outlet that cut the quote short). The fact is
named after its first stored quote. Counting a fact's *sources* (copy clusters of its
documents) is the store's job.

Relations need no stored grouping: reports of the same pair, type and polarity within one
story or copy cluster are one fact, which the store groups when it is asked
(``Store.relation_facts``), so re-clustering stories regroups them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from lagebild.model import Document, Quote
from lagebild.store import Store

FACT_DAYS = 14
MIN_JACCARD = 0.6
MIN_CONTAINMENT = 0.85
#: quotes shorter than this (in distinct words) only match word for word
MIN_WORDS_CONTAINED = 5
_WORD = re.compile(r"\w+")


def quote_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def same_statement(first: frozenset[str], second: frozenset[str]) -> bool:
    """Nearly the same words (see the module docstring)."""
    if not first or not second:
        return False
    shared = len(first & second)
    if shared / len(first | second) >= MIN_JACCARD:
        return True
    shorter = min(len(first), len(second))
    return shorter >= MIN_WORDS_CONTAINED and shared / shorter >= MIN_CONTAINMENT


def _window(day: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    if day is None:
        return None, None
    span = dt.timedelta(days=FACT_DAYS)
    return day - span, day + span


def match_quote_facts(
    store: Store, doc: Document, quotes: Sequence[Quote] | None = None
) -> dict[str, str]:
    """``{quote id: fact id}`` for the quotes of ``doc`` (default: all of them); a quote
    that matches no stored one, or has no speaker, is its own fact."""
    facts: dict[str, str] = {}
    for quote in doc.quotes if quotes is None else quotes:
        if quote.speaker_id is None and not quote.speaker_name:
            facts[quote.id] = quote.id
            continue
        since, until = _window(quote.date or doc.published)
        words = quote_words(quote.text)
        fact_id = quote.id
        for stored in store.quote_facts.by_speaker(
            quote.speaker_id, quote.speaker_name, since, until
        ):
            if stored.quote_id != quote.id and same_statement(words, quote_words(stored.text)):
                fact_id = stored.fact_id
                break
        facts[quote.id] = fact_id
    return facts


def backfill_quote_facts(store: Store) -> int:
    """Group the stored quotes that have no fact yet, oldest document first."""
    pending: dict[str, set[str]] = {}
    for quote_id, doc_id in store.quote_facts.unassigned():
        pending.setdefault(doc_id, set()).add(quote_id)
    done = 0
    for doc_id, quote_ids in pending.items():
        doc = store.document(doc_id)
        if doc is None:
            continue
        facts = match_quote_facts(store, doc, [q for q in doc.quotes if q.id in quote_ids])
        store.quote_facts.add(doc_id, facts)
        done += len(facts)
    return done
