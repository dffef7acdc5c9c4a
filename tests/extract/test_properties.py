"""Every stage holds for any text: no exception, every span inside the text and equal to the
text it claims, and the same output for the same input.

The example count comes from the hypothesis profile (``tests/conftest.py``): 150 by default,
3,000 with ``pytest tests/extract/test_properties.py --hypothesis-profile=long``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lagebild.model import Document
from lagebild.pipeline import Pipeline
from lagebild.serialize import document_to_json

#: Pieces German news is made of, so that generated texts reach every rule.
WORDS = [
    "Rutte", "sagte", "Russland", "China", "die", "Nato", "sei", "„", "“", '"', "»", "«",
    ",", ".", ":", "laut", "nach", "Angaben", "der", "Regierung", "unterstützt", "Ukraine",
    "mit", "Waffen", "5", "Prozent", "Milliarden", "Euro", "2,1", "rund", "zwei", "bis",
    "drei", "am", "Montag", "6.", "Juni", "2021", "05.11.2024", "09:20", "Er", "warnte",
    "vor", "Zusammenarbeit", "zwischen", "und", "Iran", "Nordkorea", "Peking", "Kreml",
    "Sprecher", "des", "Generalsekretär", "soll", "nicht", "könnte", "(", ")", "–", "\n",
    "\n\n", "US-Präsident", "Trump", "Dollar", "1.000", "Soldaten", "Demnach", "ergab",
]  # fmt: skip

german_like = st.lists(st.sampled_from(WORDS), max_size=200).map(" ".join)
any_text = st.text(max_size=300)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


def _run(pipeline: Pipeline, text: str) -> Document:
    return pipeline(Document(id="doc", text=text, published=dt.date(2025, 6, 25), language="de"))


def _check_spans(doc: Document) -> None:
    text = doc.text
    previous_end = 0
    for token in doc.tokens:
        # a token's text may be SoMaJo's normalised form ("0\x1f0" -> "00"), its span is exact
        assert previous_end <= token.start < token.end <= len(text)
        previous_end = token.end
    spans = [
        *((m.evidence, m.text) for m in doc.mentions),
        *((q.evidence, q.text) for q in doc.quotes),
        *((a.evidence, a.text) for a in doc.amounts),
        *((t.evidence, t.text) for t in doc.times),
        *((r.evidence, None) for r in doc.relations),
    ]
    for evidence, claimed in spans:
        assert 0 <= evidence.start <= evidence.end <= len(text), evidence
        if claimed is not None:
            assert text[evidence.start : evidence.end] == claimed
    for quote in doc.quotes:
        for span in (quote.speaker_span, quote.cue_span):
            assert span is None or 0 <= span[0] <= span[1] <= len(text)


@given(text=st.one_of(german_like, any_text))
def test_every_stage_holds_for_any_text(pipeline: Pipeline, text: str) -> None:
    first = _run(pipeline, text)
    _check_spans(first)
    assert document_to_json(_run(pipeline, text)) == document_to_json(first)
