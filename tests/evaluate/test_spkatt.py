"""SpkAtt benchmark plumbing on tiny hand-written documents in the data's format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.evaluate import EvaluationSetup
from lagebild.evaluate.spkatt import (
    BenchmarkDataError,
    load_spkatt_file,
    rebuild_text,
    run_benchmark,
    select_files,
)
from lagebild.model import Document, Evidence, Quote

SENTENCES = [
    ["Die", "Sprecherin", "Ada", "Kern", "sagte", ":", "„", "Wir", "bleiben", ".", "“"],
    ["Sie", "fügte", "hinzu", ",", "man", "verhandle", "weiter", "."],
]


def ref_range(sentence: int, first: int, last: int) -> list[str]:
    return [f"{sentence}:{i}" for i in range(first, last + 1)]


def record(name: str = "1 - Kern bleibt (2020-02-03)") -> dict[str, Any]:
    return {
        "DocumentName": name,
        "Sentences": [{"SentenceId": i, "Tokens": t} for i, t in enumerate(SENTENCES)],
        "Annotations": [
            {
                "Message": ref_range(0, 6, 10),
                "Source": ref_range(0, 1, 3),
                "Cue": ["0:4"],
                "Form": "Direct",
                "IsNested": False,
            },
            {
                "Message": ref_range(1, 4, 6),
                "Source": ["1:0"],
                "Cue": ["1:1", "1:2"],
                "Form": "Indirect",
                "IsNested": False,
            },
            {"Message": ["1:5"], "Source": ["1:4"], "Form": "Indirect", "IsNested": True},
        ],
    }


def write_folder(folder: Path, names: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / f"{name}.json").write_text(json.dumps(record(name)), encoding="utf-8")


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def quoting_pipeline(doc: Document) -> Document:
    """Finds the direct quote with its speaker and the indirect one without a speaker."""
    direct = span_of(doc.text, "Wir bleiben.")
    indirect = span_of(doc.text, "man verhandle")
    doc.quotes = [
        Quote(
            Evidence(doc.id, *direct, "test"),
            "Wir bleiben.",
            "direct",
            "per:kern",
            "Ada Kern",
            speaker_span=span_of(doc.text, "Ada Kern"),
            cue_span=span_of(doc.text, "sagte"),
        ),
        Quote(Evidence(doc.id, *indirect, "test"), "man verhandle", "indirect", None, None),
    ]
    return doc


def test_rebuilt_text_reads_naturally_and_keeps_token_spans() -> None:
    rebuilt = rebuild_text([*SENTENCES, ['"', "Ja", '"', ",", "sagt", "er", "(", "laut", ")"]])
    assert rebuilt.text == (
        "Die Sprecherin Ada Kern sagte: „Wir bleiben.“ Sie fügte hinzu, man verhandle weiter. "
        '"Ja", sagt er (laut)'
    )
    for ref, start, end in rebuilt.spans:
        sentence, token = map(int, ref.split(":"))
        tokens = [*SENTENCES, ['"', "Ja", '"', ",", "sagt", "er", "(", "laut", ")"]][sentence]
        assert rebuilt.text[start:end] == tokens[token]
    assert rebuilt.tokens_in(*span_of(rebuilt.text, "Ada Kern")) == ["0:2", "0:3"]


def test_loading_keeps_only_top_level_annotations_and_reads_the_date(tmp_path: Path) -> None:
    write_folder(tmp_path, ["1 - Kern bleibt (2020-02-03)"])
    document = load_spkatt_file(tmp_path / "1 - Kern bleibt (2020-02-03).json")
    assert len(document.annotations) == 2
    assert str(document.published) == "2020-02-03"
    write_folder(tmp_path, ["2 - Ohne Datum (0001-01-01)", "3 - Ohne Klammer"])
    assert load_spkatt_file(tmp_path / "2 - Ohne Datum (0001-01-01).json").published is None
    assert load_spkatt_file(tmp_path / "3 - Ohne Klammer.json").published is None


def test_benchmark_scores_and_writes_predictions(tmp_path: Path) -> None:
    write_folder(tmp_path / "data", ["1 - Kern bleibt (2020-02-03)"])
    result = run_benchmark(tmp_path / "data", quoting_pipeline, "all", tmp_path / "out")
    scores = result.scores
    # direct quote: all 5 message tokens (marks added), source 2 of 3 tokens;
    # indirect: message 2 of 3 tokens, no source (1 missed).
    assert (scores.message.tp, scores.message.fp, scores.message.fn) == (7, 0, 1)
    assert (scores.source.tp, scores.source.fp, scores.source.fn) == (2, 0, 2)
    written = json.loads((tmp_path / "out" / "1 - Kern bleibt (2020-02-03).json").read_text())
    assert written["Sentences"] == record()["Sentences"]
    assert written["Annotations"][0]["Message"] == ref_range(0, 6, 10)
    assert written["Annotations"][0]["Cue"] == ["0:4"]
    assert written["Annotations"][1]["Source"] == []


def test_dev_split_is_a_tenth_chosen_by_name_alone(tmp_path: Path) -> None:
    names = [f"{i} - Meldung" for i in range(40)]
    write_folder(tmp_path / "a", names)
    write_folder(tmp_path / "b", names[::-1])  # other creation order
    dev = select_files(tmp_path / "a", "dev")
    assert len(dev) == 4 and dev == sorted(dev)
    assert [p.name for p in select_files(tmp_path / "b", "dev")] == [p.name for p in dev]
    assert len(select_files(tmp_path / "a", "all")) == 40


@pytest.mark.parametrize(
    "content",
    ["{", '{"Sentences": []}', '{"Sentences": [], "Annotations": [{"Message": ["x"]}]}'],
)
def test_malformed_file_names_the_file(tmp_path: Path, content: str) -> None:
    (tmp_path / "kaputt.json").write_text(content, encoding="utf-8")
    with pytest.raises(BenchmarkDataError, match=r"kaputt\.json"):
        run_benchmark(tmp_path, quoting_pipeline, "all")


def test_command_prints_message_source_and_joint_scores(tmp_path: Path) -> None:
    write_folder(tmp_path, ["1 - Kern bleibt (2020-02-03)"])
    setup = EvaluationSetup(quoting_pipeline, lambda name: None)
    result = CliRunner().invoke(
        main, ["benchmark", "spkatt", str(tmp_path), "--split", "all"], obj=setup
    )
    assert result.exit_code == 0, result.output
    assert "message  P=1.000 R=0.875 F1=0.933" in result.output
    assert "source   P=1.000 R=0.500 F1=0.667" in result.output
    assert "joint    F1=0.857" in result.output


def test_command_fails_on_missing_folder(tmp_path: Path) -> None:
    setup = EvaluationSetup(quoting_pipeline, lambda name: None)
    result = CliRunner().invoke(main, ["benchmark", "spkatt", str(tmp_path / "nope")], obj=setup)
    assert result.exit_code != 0
    assert "no such folder" in result.output


def test_a_document_the_pipeline_fails_on_counts_as_no_predictions(tmp_path: Path) -> None:
    write_folder(tmp_path, ["1 - Kern bleibt (2020-02-03)", "2 - Kern bleibt (2020-02-04)"])
    errors: list[str] = []

    def fails_on_second(doc: Document) -> Document:
        if doc.published is not None and doc.published.day == 4:
            raise ValueError("kaputt")
        return quoting_pipeline(doc)

    result = run_benchmark(tmp_path, fails_on_second, "all", on_error=errors.append)
    assert result.failed == ("2 - Kern bleibt (2020-02-04)",)
    assert errors == ["2 - Kern bleibt (2020-02-04): pipeline failed: ValueError: kaputt"]
    assert (result.scores.message.tp, result.scores.message.fn) == (7, 1 + 8)

    setup = EvaluationSetup(fails_on_second, lambda name: None)
    command = CliRunner().invoke(
        main, ["benchmark", "spkatt", str(tmp_path), "--split", "all"], obj=setup
    )
    assert command.exit_code == 1
    assert "message  P=" in command.output and "failed on 1 documents" in command.output


def test_command_json_output(tmp_path: Path) -> None:
    write_folder(tmp_path, ["1 - Kern bleibt (2020-02-03)"])
    setup = EvaluationSetup(quoting_pipeline, lambda name: None)
    result = CliRunner().invoke(
        main, ["benchmark", "spkatt", str(tmp_path), "--split", "all", "--json"], obj=setup
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert (scores["documents"], scores["split"], scores["failed"]) == (1, "all", [])
    assert scores["message"] == {
        "precision": 1.0,
        "recall": 0.875,
        "f1": 0.9333,
        "tp": 7,
        "fp": 0,
        "fn": 1,
    }
    assert scores["joint"]["tp"] == 9


def test_a_joint_statement_is_one_message_with_every_speaker_as_source(tmp_path: Path) -> None:
    joint = [["Ada", "Kern", "und", "Bo", "Lind", "sagten", ",", "man", "verhandle", "."]]
    record = {
        "DocumentName": "4 - Gemeinsam (2020-02-05)",
        "Sentences": [{"SentenceId": 0, "Tokens": joint[0]}],
        "Annotations": [],
    }
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "4.json").write_text(json.dumps(record), encoding="utf-8")

    def both_say(doc: Document) -> Document:
        words = span_of(doc.text, "man verhandle")
        doc.quotes = [
            Quote(
                Evidence(doc.id, *words, "test"),
                "man verhandle",
                "indirect",
                speaker,
                name,
                speaker_span=span_of(doc.text, name),
            )
            for speaker, name in (("per:kern", "Ada Kern"), ("per:lind", "Bo Lind"))
        ]
        return doc

    run_benchmark(tmp_path / "data", both_say, "all", tmp_path / "out")
    written = json.loads((tmp_path / "out" / "4 - Gemeinsam (2020-02-05).json").read_text())
    assert [(a["Message"], a["Source"]) for a in written["Annotations"]] == [
        (["0:7", "0:8"], ["0:0", "0:1", "0:3", "0:4"])
    ]
