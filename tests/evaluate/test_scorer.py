"""Scoring hand-built gold dicts against hand-built documents (fictional people)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lagebild.evaluate import (
    GoldFileError,
    evaluate_dir,
    gold_from_dict,
    make_document,
    score_document,
)
from lagebild.model import Amount, Document, Entity, Evidence, Quote, Relation

TEXT = (
    "Die Ministerin Lena Vogt sagte: „Wir liefern Panzer.“ "
    "Nordland und Südland arbeiten zusammen. Nordland greift Ostland an. "
    "Der Etat steigt um 5 Prozent auf 40 Milliarden Euro."
)

KB_IDS = {"Northland": "country:NOR", "Southland": "country:SOU", "Eastland": "country:EAS"}


def resolve(name: str) -> str | None:
    return KB_IDS.get(name)


def gold(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "t1",
        "published": "2025-03-01",
        "language": "de",
        "text": TEXT,
        "entities": [
            {"name": "Lena Vogt", "type": "PER", "aliases": ["Ministerin Lena Vogt", "Vogt"]},
            {"name": "Northland", "type": "GPE", "aliases": ["Nordland"]},
            {"name": "Southland", "type": "GPE", "aliases": ["Südland"]},
            {"name": "Eastland", "type": "GPE", "aliases": ["Ostland"]},
        ],
        "quotes": [{"speaker": "Lena Vogt", "text": "Wir liefern Panzer.", "kind": "direct"}],
        "relations": [
            {"source": "Northland", "type": "COOPERATE", "target": "Southland"},
            {"source": "Northland", "type": "ASSAULT", "target": "Eastland"},
        ],
        "amounts": [
            {"value": 5, "unit": "percent", "text": "5 Prozent"},
            {"value": 40_000_000_000, "unit": "EUR", "text": "40 Milliarden Euro"},
        ],
    }
    record.update(overrides)
    return record


ENTITIES = {
    "per:vogt": Entity("per:vogt", "Lena Vogt", "PER"),
    "country:NOR": Entity("country:NOR", "Northland", "GPE"),
    "country:SOU": Entity("country:SOU", "Southland", "GPE"),
    "country:EAS": Entity("country:EAS", "Eastland", "GPE"),
}


def evidence(start: int = 0, end: int = 1) -> Evidence:
    return Evidence("doc", start, end, "test")


def quote(text: str, speaker_id: str | None = "per:vogt") -> Quote:
    return Quote(evidence(), text, "direct", speaker_id, None)


def relation(source: str, relation_type: str, target: str) -> Relation:
    return Relation(evidence(), source, relation_type, target)


def amount(value: float, unit: str) -> Amount:
    return Amount(evidence(), str(value), value, unit)


def predicted(**overrides: Any) -> Document:
    doc = Document(id="doc", text=TEXT, entities=dict(ENTITIES))
    doc.quotes = [quote("Wir liefern Panzer.")]
    doc.relations = [
        relation("country:NOR", "COOPERATE", "country:SOU"),
        relation("country:NOR", "ASSAULT", "country:EAS"),
    ]
    doc.amounts = [amount(5, "percent"), amount(40e9, "EUR")]
    for key, value in overrides.items():
        setattr(doc, key, value)
    return doc


def scores(doc: Document, record: dict[str, Any] | None = None) -> dict[str, Any]:
    return score_document(gold_from_dict(record or gold()), doc, resolve).scores


def test_perfect_prediction_scores_one_everywhere() -> None:
    result = scores(predicted())
    for task, score in result.items():
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), task
        assert score.fp == score.fn == 0


def test_wrong_speaker_misses_the_quote_but_not_its_span() -> None:
    entities = {**ENTITIES, "per:berg": Entity("per:berg", "Jonas Berg", "PER")}
    result = scores(predicted(entities=entities, quotes=[quote("Wir liefern Panzer.", "per:berg")]))
    assert (result["quotes"].tp, result["quotes"].fp, result["quotes"].fn) == (0, 1, 1)
    assert result["quotes"].false_positives == ("Jonas Berg: «Wir liefern Panzer.»",)
    assert result["quote_spans"].tp == 1


def test_quote_text_tolerates_marks_and_one_extra_word_but_not_half() -> None:
    close = scores(predicted(quotes=[quote("„Wir liefern Panzer“")]))
    assert close["quotes"].tp == 1
    half = scores(
        predicted(quotes=[quote("Wir liefern Panzer und Haubitzen an alle Partner")]),
    )
    assert half["quotes"].tp == 0


def test_symmetric_relation_in_reverse_order_matches() -> None:
    result = scores(
        predicted(relations=[relation("country:SOU", "COOPERATE", "country:NOR")]),
    )
    assert result["relations"].tp == 1
    assert result["relations"].fn == 1  # the assault was not predicted


def test_asymmetric_relation_reversed_is_a_miss_but_a_pair_hit() -> None:
    result = scores(
        predicted(
            relations=[
                relation("country:NOR", "COOPERATE", "country:SOU"),
                relation("country:EAS", "ASSAULT", "country:NOR"),
            ]
        )
    )
    assert (result["relations"].tp, result["relations"].fp, result["relations"].fn) == (1, 1, 1)
    assert result["relations"].false_positives == ("Eastland ASSAULT Northland",)
    assert result["relation_pairs"].f1 == 1.0


def test_repeated_relation_counts_once() -> None:
    twice = [relation("country:NOR", "ASSAULT", "country:EAS")] * 2
    result = scores(
        predicted(relations=[*twice, relation("country:SOU", "COOPERATE", "country:NOR")])
    )
    assert (result["relations"].tp, result["relations"].fp) == (2, 0)


def test_amount_within_one_percent_matches_outside_does_not() -> None:
    within = scores(predicted(amounts=[amount(5.04, "percent"), amount(40.3e9, "EUR")]))
    assert within["amounts"].tp == 2
    outside = scores(predicted(amounts=[amount(5.06, "percent"), amount(40e9, "USD")]))
    assert (outside["amounts"].tp, outside["amounts"].fp, outside["amounts"].fn) == (0, 2, 2)


def test_entity_matches_by_alias_or_by_knowledge_base_id() -> None:
    entities = {
        "x-per:vogt": Entity("x-per:vogt", "Vogt", "PER", provisional=True),  # alias
        "country:NOR": Entity("country:NOR", "Nordländische Republik", "GPE"),  # same kb id
        "x-gpe:southland": Entity("x-gpe:southland", "SÜD–LAND", "GPE"),  # neither
    }
    result = scores(predicted(entities=entities))["entities"]
    assert (result.tp, result.fp, result.fn) == (2, 1, 2)
    assert result.false_negatives == ("GPE Southland", "GPE Eastland")


def test_alias_matching_ignores_case_dashes_and_blanks() -> None:
    entities = {"x-per:m": Entity("x-per:m", "ministerin  lena-vogt", "PER")}
    result = scores(predicted(entities=entities))["entities"]
    assert result.tp == 1


def test_matching_is_one_to_one_with_duplicates() -> None:
    entities = {
        "per:vogt": ENTITIES["per:vogt"],
        "x-per:vogt": Entity("x-per:vogt", "Vogt", "PER", provisional=True),
    }
    result = scores(predicted(entities=entities))["entities"]
    assert (result.tp, result.fp) == (1, 1)
    quotes = [quote("Wir liefern Panzer."), quote("Wir liefern Panzer")]
    assert scores(predicted(quotes=quotes))["quotes"].fp == 1


def test_other_entity_types_are_not_scored() -> None:
    entities = {**ENTITIES, "x-oth:leopard": Entity("x-oth:leopard", "Leopard", "OTH")}
    assert scores(predicted(entities=entities))["entities"].fp == 0


def test_nothing_to_find_and_nothing_found_is_perfect() -> None:
    result = scores(predicted(amounts=[]), gold(amounts=[]))["amounts"]
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)


def test_evaluate_dir_runs_the_pipeline_on_each_gold_text(tmp_path: Path) -> None:
    import json

    (tmp_path / "a.json").write_text(json.dumps(gold()), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(gold(id="t2", amounts=[])), encoding="utf-8")
    seen: list[Document] = []

    def pipeline(doc: Document) -> Document:
        seen.append(doc)
        return predicted(amounts=[amount(5, "percent")])

    report = evaluate_dir(tmp_path, pipeline, resolve)
    assert [d.text for d in seen] == [TEXT, TEXT]
    assert str(seen[0].published) == "2025-03-01"
    totals = report.totals()
    assert (totals["amounts"].tp, totals["amounts"].fp, totals["amounts"].fn) == (1, 1, 1)
    assert report.to_dict()["amounts"] == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
    }
    assert [d["id"] for d in report.to_dict(details=True)["documents"]] == ["t1", "t2"]


def test_make_document_carries_text_date_and_language() -> None:
    doc = make_document(gold_from_dict(gold(), source="x.json"))
    assert (doc.text, str(doc.published), doc.language) == (TEXT, "2025-03-01", "de")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{", "cannot read"),
        ('{"entities": []}', "missing field 'text'"),
        ('{"text": "x", "quotes": [{"speaker": "A"}]}', "missing field 'text'"),
        ('{"text": "x", "amounts": [{"value": "5", "unit": "EUR"}]}', "value is not a number"),
        ('{"text": "x", "published": "1. März"}', "malformed"),
        ("[1, 2]", "not a JSON object"),
    ],
)
def test_malformed_gold_file_names_the_file(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFileError, match=reason) as info:
        evaluate_dir(tmp_path, lambda d: d, resolve)
    assert str(path) in str(info.value)


def test_missing_or_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="no gold files"):
        evaluate_dir(tmp_path, lambda d: d, resolve)
    with pytest.raises(GoldFileError, match="no such gold folder"):
        evaluate_dir(tmp_path / "absent", lambda d: d, resolve)


def test_a_document_the_pipeline_fails_on_is_scored_as_nothing_found(tmp_path: Path) -> None:
    import json

    (tmp_path / "a.json").write_text(json.dumps(gold()), encoding="utf-8")
    errors: list[str] = []

    def broken(doc: Document) -> Document:
        raise RuntimeError("stage exploded")

    report = evaluate_dir(tmp_path, broken, resolve, on_error=errors.append)
    assert report.failed == ("t1",)
    assert errors == [f"{tmp_path / 'a.json'}: pipeline failed: RuntimeError: stage exploded"]
    assert report.totals()["entities"].fn == 4
    assert report.to_dict()["failed"] == ["t1"]
