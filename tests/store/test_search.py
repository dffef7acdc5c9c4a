from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from store_articles import ArticleBuilder

from db_backends import PostgresDatabases
from lagebild.store import Store
from lagebild.store.schema import QUOTES_FTS_GIN_INDEX, quotes
from lagebild.store.search import search_terms

QUOTES = (
    "Wir werden die Ostsee schützen und die Kabel überwachen.",
    "Die Übung im Norden war ein Erfolg für alle Beteiligten.",
    'Er nannte das einen "fairen Kompromiss" und keinen Rückzug.',
)


@pytest.fixture
def quoted(store: Store) -> Store:
    text = " ".join(f"Eine Sprecherin sagte: „{q}“" for q in QUOTES)
    article = ArticleBuilder(text, published=dt.date(2024, 5, 5))
    for quote in QUOTES:
        article.quote(quote, None, speaker_name="eine Sprecherin")
    store.save(article.doc)
    return store


def test_search_finds_quotes_containing_all_words(quoted: Store) -> None:
    assert [q.text for q in quoted.quotes(search="ostsee kabel")] == [QUOTES[0]]
    assert [q.text for q in quoted.quotes(search="Übung Erfolg")] == [QUOTES[1]]
    assert quoted.quotes(search="Ostsee Erfolg") == []


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ('"fairen', [QUOTES[2]]),
        ("Kompromiss*", [QUOTES[2]]),
        ("NEAR(Kompromiss", []),
        ("Kompromiss)", [QUOTES[2]]),
        ("{Kompromiss}", [QUOTES[2]]),
        ("-Kompromiss", [QUOTES[2]]),
        ('fairen" OR "Ostsee', []),
        ("'; DROP TABLE quotes; --", []),
    ],
)
def test_search_treats_operators_and_quote_marks_as_plain_text(
    quoted: Store, hostile: str, expected: list[str]
) -> None:
    assert [q.text for q in quoted.quotes(search=hostile)] == expected
    assert quoted.counts().quotes == len(QUOTES)


def test_operator_words_must_occur_like_any_other_word(quoted: Store) -> None:
    assert quoted.quotes(search="Ostsee OR Erfolg") == []
    assert [q.text for q in quoted.quotes(search="und")] == [QUOTES[0], QUOTES[2]]


@pytest.mark.parametrize("nothing", ["", "   ", '"', "*", "()", "(*)"])
def test_search_without_words_matches_nothing(quoted: Store, nothing: str) -> None:
    assert quoted.quotes(search=nothing) == []


def test_search_terms_are_words_without_duplicates() -> None:
    assert search_terms('NEAR("Ostsee" * ostsee Ostsee') == ["NEAR", "Ostsee", "ostsee"]


#: Characters FTS5 and LIKE give meaning to, mixed into arbitrary text.
_SYNTAX = st.text(alphabet="\"*()^:-+%_\\'`[]{}.,;NEAROR AND NOT", max_size=20)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=60), _SYNTAX, st.sampled_from(QUOTES)))
@example(text="\x00")  # PostgreSQL text cannot hold NUL: once a DataError
def test_any_search_text_is_plain_words_never_query_syntax(quoted: Store, text: str) -> None:
    """Fuzzed search, speaker, actor and name filters never raise, and find only what holds
    every word (a quote's own text always finds it)."""
    found = quoted.quotes(search=text)
    quoted.quotes(speaker=text)
    quoted.relations(actor=text)
    quoted.amounts(actor=text, unit=text)
    quoted.entities(query=text)
    assert {q.text for q in found} <= set(QUOTES)
    if text in QUOTES:
        assert [q.text for q in found] == [text]
    elif not search_terms(text):
        assert found == []


def test_postgres_search_stems_german_words_through_the_gin_index(
    postgres: PostgresDatabases,
) -> None:
    quote = "Die Sanktionen gegen die Staaten des Bündnisses werden verschärft."
    with Store.open(postgres.reset()) as store:
        article = ArticleBuilder(f"Ein Sprecher sagte: „{quote}“", published=dt.date(2024, 5, 5))
        article.quote(quote, None, speaker_name="ein Sprecher")
        store.save(article.doc)

        assert len(store.quotes(search="Sanktion Staat")) == 1  # German stems match
        assert len(store.quotes(search="die des")) == 1  # stop words stay searchable
        assert store.quotes(search="Sanktion Kabel") == []
        with store.engine.connect() as conn:
            conn.execute(sa.text("SET enable_seqscan = off"))  # the table is tiny
            query = sa.select(quotes.c.id).where(store._search.condition(["Sanktion"]))
            compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
            plan = "\n".join(conn.execute(sa.text(f"EXPLAIN {compiled}")).scalars())
    assert QUOTES_FTS_GIN_INDEX in plan
