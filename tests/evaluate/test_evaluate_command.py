"""``lagebild evaluate`` through CliRunner, with a fake pipeline handed in as context object."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lagebild.cli import main
from lagebild.evaluate import EvaluationSetup
from lagebild.model import Document, Entity

TEXT = "Der Sprecher Tom Weiler besuchte Nordland."


def write_gold(folder: Path) -> None:
    record = {
        "id": "w1",
        "published": None,
        "language": "de",
        "text": TEXT,
        "entities": [
            {"name": "Tom Weiler", "type": "PER", "aliases": ["Weiler"]},
            {"name": "Northland", "type": "GPE", "aliases": ["Nordland"]},
        ],
        "quotes": [],
        "relations": [],
        "amounts": [],
    }
    (folder / "w1.json").write_text(json.dumps(record), encoding="utf-8")


def fake_pipeline(doc: Document) -> Document:
    doc.entities = {
        "x-per:tom-weiler": Entity("x-per:tom-weiler", "Tom Weiler", "PER"),
        "x-org:sprecher": Entity("x-org:sprecher", "Sprecher", "ORG"),
    }
    return doc


SETUP = EvaluationSetup(fake_pipeline, lambda name: None)


def test_json_output_has_stable_keys_and_details(tmp_path: Path) -> None:
    write_gold(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path), "--json", "--details"], obj=SETUP)
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["entities"] == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
    }
    assert scores["quotes"]["f1"] == 1.0  # nothing to find, nothing found
    entities = scores["documents"][0]["scores"]["entities"]
    assert entities["false_positives"] == ["ORG Sprecher [x-org:sprecher]"]
    assert entities["false_negatives"] == ["GPE Northland"]


def test_table_output_lists_errors_per_document(tmp_path: Path) -> None:
    write_gold(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path), "--details"], obj=SETUP)
    assert result.exit_code == 0, result.output
    assert "== w1" in result.output
    assert "entities FN  GPE Northland" in result.output
    assert "entities FP  ORG Sprecher" in result.output
    summary = result.output.split("micro average")[1]
    assert "entities          0.500  0.500  0.500     1     1     1" in summary


def test_bad_gold_file_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"text": 3}', encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path)], obj=SETUP)
    assert result.exit_code != 0
    message = result.output.strip()
    assert "broken.json" in message and "\n" not in message


def test_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "nope")], obj=SETUP)
    assert result.exit_code != 0
    assert "no such gold folder" in result.output


def test_pipeline_failure_prints_scores_then_exits_non_zero(tmp_path: Path) -> None:
    write_gold(tmp_path)

    def broken(doc: Document) -> Document:
        raise RuntimeError("stage exploded")

    setup = EvaluationSetup(broken, lambda name: None)
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path)], obj=setup)
    assert result.exit_code == 1
    assert "w1.json: pipeline failed: RuntimeError: stage exploded" in result.output
    assert "entities          0.000  0.000  0.000     0     0     2" in result.output
    assert "failed on 1 documents" in result.output
