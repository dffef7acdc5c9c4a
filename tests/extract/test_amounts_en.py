"""Amounts in English articles (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from lagebild.model import Document
from lagebild.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build(["nlp", "amounts"])


def amounts(pipeline: Pipeline, text: str) -> list[tuple[str, float, str]]:
    doc = pipeline(Document("d", text, published=dt.date(2025, 2, 12), language="en"))
    for amount in doc.amounts:
        assert doc.text[amount.evidence.start : amount.evidence.end] == amount.text
    return [(a.text, a.value, a.unit) for a in doc.amounts]


def test_money_percent_and_counted_nouns_with_magnitudes(pipeline: Pipeline) -> None:
    text = (
        "Freedonia spent about 146 billion dollars on defence, almost 42 per cent of the "
        "total. Its neighbours spent $45.7bn, up 11.7% in real terms, and 13.1 trillion "
        "roubles went to the army. More than 10,000 Sylvanian troops crossed the border."
    )
    assert amounts(pipeline, text) == [
        ("about 146 billion dollars", 146e9, "USD"),
        ("almost 42 per cent", 42, "percent"),
        ("$45.7bn", 45.7e9, "USD"),
        ("11.7%", 11.7, "percent"),
        ("13.1 trillion roubles", 13.1e12, "RUB"),
        ("More than 10,000 Sylvanian troops", 10_000, "soldiers"),
    ]


def test_number_words_ranges_and_qualifiers(pipeline: Pipeline) -> None:
    doc = pipeline(
        Document(
            "d",
            "The alliance asks for five per cent of GDP, up from 2 to 3 per cent.",
            language="en",
        )
    )
    five, ranged = doc.amounts
    assert (five.value, five.unit) == (5, "percent")
    assert (ranged.value, ranged.value_max, ranged.unit) == (2, 3, "percent")


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 the talks resumed.",
        "One of them left on page 5.",
        "The 3 envoys met in room 12.",
    ],
)
def test_numbers_without_a_unit_are_not_amounts(pipeline: Pipeline, text: str) -> None:
    assert amounts(pipeline, text) == []


def test_an_ordinal_run_of_years_is_that_many_years(pipeline: Pipeline) -> None:
    text = (
        "Spending rose for the tenth consecutive year. Exports fell for the 3rd month in a "
        "row. It was the tenth meeting of the council."
    )
    assert amounts(pipeline, text) == [
        ("tenth consecutive year", 10, "years"),
        ("3rd month in a row", 3, "months"),
    ]
