"""The narrower reads of change over time: pairs reported before a window (from the
pre-counted pair table) and the quote history limited to shared topics, on both backends."""

from __future__ import annotations

import datetime as dt

from store_articles import ANNA, KARL, NORDLAND, OSTRIA, SUEDMARK, ArticleBuilder

from lagebild.store import Store

Actor = tuple[str, str, str]
A = ("gpe:nordland", "AID", "gpe:suedmark")
B = ("gpe:ostria", "AID", "gpe:suedmark")
C = ("gpe:nordland", "AID", "gpe:ostria")
APRIL_1, APRIL_10, APRIL_30 = dt.date(2025, 4, 1), dt.date(2025, 4, 10), dt.date(2025, 4, 30)


def _save_aid(store: Store, source: Actor, target: Actor, day: dt.date, **flags: object) -> None:
    text = f"{source[1]} hilft {target[1]} am {day.isoformat()}."
    a = ArticleBuilder(text, published=day)
    a.entity(*source).entity(*target)
    a.mention(source[1], source[0]).mention(target[1], target[0])
    a.relation(f"{source[1]} hilft {target[1]}", source[0], "AID", target[0], **flags)
    assert store.save(a.doc)


def test_pairs_reported_before_a_window(store: Store) -> None:
    _save_aid(store, NORDLAND, SUEDMARK, dt.date(2024, 6, 10))  # A: a year earlier
    _save_aid(store, NORDLAND, SUEDMARK, dt.date(2025, 4, 7))
    _save_aid(store, OSTRIA, SUEDMARK, dt.date(2025, 4, 2))  # B: early in the month
    _save_aid(store, OSTRIA, SUEDMARK, dt.date(2025, 4, 20))
    _save_aid(store, NORDLAND, OSTRIA, dt.date(2025, 2, 3), negated=True)  # C: no report
    _save_aid(store, NORDLAND, OSTRIA, dt.date(2025, 4, 7))
    assert store.trends.pairs_reported_before(APRIL_1, APRIL_30) == {A}
    assert store.trends.pairs_reported_before(APRIL_10, APRIL_30) == {A, B, C}
    # a pair of the window was reported before it exactly when its first day is earlier
    first_days = store.trends.first_report_days()
    for since in (APRIL_1, APRIL_10, dt.date(2025, 4, 3), dt.date(2024, 6, 11)):
        expected = {pair for pair, day in first_days.items() if day < since}
        assert store.trends.pairs_reported_before(since, APRIL_30) == expected
    # pairs not reported in the window's months are left out
    assert store.trends.pairs_reported_before(dt.date(2025, 5, 1), dt.date(2025, 5, 31)) == set()


def _quote(store: Store, speaker: Actor, words: str, day: dt.date, *topics: Actor) -> None:
    a = ArticleBuilder(f"{speaker[1]} sagte: „{words}“ Mehr nicht.", published=day)
    a.entity(*speaker).mention(speaker[1], speaker[0])
    for topic in topics:
        a.entity(*topic).mention(topic[1], topic[0], occurrence=0)
    a.quote(words, speaker[0])
    assert store.save(a.doc)


def test_quote_history_keeps_earlier_quotes_on_a_shared_topic(store: Store) -> None:
    march = dt.date(2025, 3, 3)
    _quote(store, ANNA, "Nordland und Ostria reden.", APRIL_10, NORDLAND, OSTRIA)
    _quote(store, ANNA, "Ostria wartet ab.", march, OSTRIA)  # shares Ostria
    _quote(store, ANNA, "Südmark wartet ab.", march, SUEDMARK)  # no shared topic
    _quote(store, KARL, "Nordland wartet ab.", march, NORDLAND)  # another speaker
    history = store.trends.quotes_with_topic_history(APRIL_1, APRIL_30)
    assert [(q.speaker_name, q.text, q.day) for q in history] == [
        ("Anna Beispiel", "Ostria wartet ab.", march),
        ("Anna Beispiel", "Nordland und Ostria reden.", APRIL_10),
    ]
    # the kept quotes are the same statements the full history builds
    full = store.trends.quotes_with_history(APRIL_1, APRIL_30)
    assert len(full) == 3
    assert all(quote in full for quote in history)
    assert store.trends.quotes_with_topic_history(dt.date(2025, 6, 1), dt.date(2025, 6, 30)) == []
