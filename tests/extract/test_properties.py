"""Every stage holds for any text: no exception, every span inside the text and equal to the
text it claims, and the same output for the same input.

The example count comes from the hypothesis profile (``tests/conftest.py``): 150 by default,
3,000 with ``pytest tests/extract/test_properties.py --hypothesis-profile=long``; each
extractor stage alone gets eight times that (1,200 / 24,000).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.model import Document
from lagebild.pipeline import Pipeline, Resources, Stage, load_stage
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


# ---------------------------------------------------------------- each extractor on its own
#
# Every extractor stage runs on a document the earlier stages prepared, twice on identical
# copies, so a failure names the stage that broke and no later stage can mask it.

#: stage -> (stages it needs before it, what it assigns: annotations with their span and text)
STAGE_OUTPUT: dict[str, tuple[tuple[str, ...], Callable[[Document], list[tuple[Any, Any]]]]] = {
    "dates": (("nlp",), lambda d: [(x.evidence, x.text) for x in d.times]),
    "entities": (("nlp", "dates"), lambda d: [(m.evidence, m.text) for m in d.mentions]),
    "quotes": (
        ("nlp", "dates", "entities"),
        lambda d: (
            [(q.evidence, q.text) for q in d.quotes] + [(m.evidence, m.text) for m in d.mentions]
        ),
    ),
    "relations": (
        ("nlp", "dates", "entities", "quotes"),
        lambda d: [(r.evidence, None) for r in d.relations],
    ),
    "amounts": (
        ("nlp", "dates", "entities", "quotes", "relations"),
        lambda d: [(a.evidence, a.text) for a in d.amounts],
    ),
}
#: Texts that lean on what each extractor looks for: quote marks, numbers, dates, names.
hostile_like = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(alphabet="„“”\"»«‚‘'()[]–-.,:;0123456789 \n",
                                             max_size=8)),
    max_size=120,
).map(" ".join)  # fmt: skip
stage_texts = st.one_of(german_like, any_text, hostile_like)
#: Each stage alone is cheap (a few ms an example): eight times the profile's count,
#: 1,200 per stage in CI, 24,000 with --hypothesis-profile=long.
STAGE_EXAMPLES = 8 * settings.default.max_examples


@pytest.fixture(scope="module")
def stage_pipelines() -> dict[str, tuple[Pipeline, Stage]]:
    resources = Resources()
    return {
        name: (Pipeline.build(before, resources), load_stage(name, resources))
        for name, (before, _output) in STAGE_OUTPUT.items()
    }


@pytest.mark.parametrize("stage_name", sorted(STAGE_OUTPUT))
@settings(max_examples=STAGE_EXAMPLES)
@given(text=stage_texts, language=st.sampled_from(["de", "en"]))
def test_each_extractor_holds_for_any_text(
    stage_pipelines: dict[str, tuple[Pipeline, Stage]], stage_name: str, text: str, language: str
) -> None:
    before, stage = stage_pipelines[stage_name]
    prepared = before(Document(id="doc", text=text, published=dt.date(2025, 6, 25),
                               language=language))  # fmt: skip
    first = stage(copy.deepcopy(prepared))
    second = stage(copy.deepcopy(prepared))

    for evidence, claimed in STAGE_OUTPUT[stage_name][1](first):
        assert evidence.doc_id == "doc"
        assert 0 <= evidence.start <= evidence.end <= len(text), (stage_name, evidence)
        if claimed is not None:
            assert text[evidence.start : evidence.end] == claimed, stage_name
    for quote in first.quotes:
        for span in (quote.speaker_span, quote.cue_span):
            assert span is None or 0 <= span[0] <= span[1] <= len(text)
    referenced = {i for r in first.relations for i in (r.source_id, r.target_id, r.claimed_by)}
    referenced |= {q.speaker_id for q in first.quotes} | {m.entity_id for m in first.mentions}
    assert referenced - {None} <= first.entities.keys(), stage_name  # the store needs them all
    assert document_to_json(first) == document_to_json(second), stage_name
    assert first.mentions == second.mentions and first.times == second.times
