"""Quotations in English articles (fictional speakers; mentions made by hand as in
test_quotes.py, so each test controls who is named where)."""

from __future__ import annotations

from test_quotes import BERGER, Actor, analyse

from lagebild.nlp.stage import NlpStage
from lagebild.pipeline import Resources

INSTITUTE: Actor = ("Sylvan Institute", "org:sylvan-institute", "ORG", "Sylvan Institute", "name")


def said(text: str, actors: list[Actor], nlp: NlpStage, resources: Resources) -> list[tuple]:
    doc = analyse(text, actors, nlp, resources, language="en")
    for quote in doc.quotes:
        assert doc.text[quote.evidence.start : quote.evidence.end] == quote.text
    return [(q.kind, q.speaker_id, q.text, q.cue) for q in doc.quotes]


def test_attributions_after_and_before_the_statement(nlp: NlpStage, resources: Resources) -> None:
    text = (
        "“We will not back down,” Anna Berger said. "
        "According to Anna Berger, the talks will resume in May. "
        "The ships will stay in port for now, she added."
    )
    assert said(text, [BERGER], nlp, resources) == [
        ("direct", "person:anna-berger", "We will not back down", "said"),
        ("indirect", "person:anna-berger", "the talks will resume in May", "according to"),
        ("indirect", "person:anna-berger", "The ships will stay in port for now", "added"),
    ]


def test_the_institute_is_the_organisation_named_so_before(
    nlp: NlpStage, resources: Resources
) -> None:
    text = (
        "London – The Sylvan Institute published its annual report on Monday. "
        "Spending rose by 11 per cent in real terms, the institute said."
    )
    assert said(text, [INSTITUTE], nlp, resources) == [
        ("indirect", "org:sylvan-institute", "Spending rose by 11 per cent in real terms", "said")
    ]


def test_an_attribution_naming_no_one_is_not_a_quote(nlp: NlpStage, resources: Resources) -> None:
    assert said("Prices rose again in March, analysts said.", [], nlp, resources) == []
