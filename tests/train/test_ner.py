from __future__ import annotations

import itertools
from pathlib import Path

from click.testing import CliRunner

from lagebild.cli import main
from lagebild.nlp.ner import MODEL_FILE, WORDS_FILE, CrfNerTagger
from lagebild.train.ner import CrfSettings, country_gazetteer, train_ner

# Fictional people, made-up organisations, real places; templates written for this test.
PEOPLE = [("Jana", "Petrović"), ("Olaf", "Brinkmann"), ("Lea", "Okafor"), ("Timo", "Haase")]
ORGANISATIONS = ["Nordbank", "Kalmar-Werke", "Fjordstiftung"]
PLACES = ["Kiel", "Lyon", "Graz", "Tromsø"]


def person(first: str, last: str) -> list[tuple[str, str]]:
    return [(first, "B-PER"), (last, "I-PER")]


def sentences() -> list[list[tuple[str, str]]]:
    result = []
    for (first, last), organisation, place in itertools.product(PEOPLE, ORGANISATIONS, PLACES):
        result.append(
            [*person(first, last), ("arbeitet", "O"), ("für", "O"), ("die", "O"),
             (organisation, "B-ORG"), ("in", "O"), (place, "B-LOC"), (".", "O")]
        )  # fmt: skip
        result.append(
            [("Gestern", "O"), ("reiste", "O"), (last, "B-PER"), ("nach", "O"),
             (place, "B-LOC"), (".", "O")]
        )  # fmt: skip
    return result


def write_germeval(path: Path, data: list[list[tuple[str, str]]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number, sentence in enumerate(data):
            out.write(f"#\ttest-{number}\n")
            for index, (token, label) in enumerate(sentence, start=1):
                out.write(f"{index}\t{token}\t{label}\tO\n")
            out.write("\n")
    return path


def test_train_ner_writes_a_model_that_tags(tmp_path: Path) -> None:
    data = write_germeval(tmp_path / "train.tsv", sentences())
    settings = CrfSettings(max_iterations=30, cluster_sizes=(3, 6), use_embeddings=False)
    report = train_ner(data, tmp_path / "model", data, settings)
    assert report.sentences == len(sentences())
    assert report.dev_scores is not None and report.dev_scores.micro.f1 > 0.9
    tagger = CrfNerTagger.from_directory(tmp_path / "model")
    assert tagger.tag(["Gestern", "reiste", "Haase", "nach", "Graz", "."]) == [
        "O", "O", "B-PER", "O", "B-LOC", "O"
    ]  # fmt: skip
    assert not list((tmp_path / "model").glob("*.partial"))


def test_training_is_deterministic(tmp_path: Path) -> None:
    data = write_germeval(tmp_path / "train.tsv", sentences())
    settings = CrfSettings(max_iterations=10, cluster_sizes=(3, 6), use_embeddings=False)
    train_ner(data, tmp_path / "first", None, settings)
    train_ner(data, tmp_path / "second", None, settings)
    for name in (MODEL_FILE, WORDS_FILE):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_country_gazetteer_has_german_and_english_names() -> None:
    gazetteer = country_gazetteer()
    assert "LOC" in gazetteer["Frankreich"]
    assert "LOC" in gazetteer["Germany"]
    assert "LOC_part" in gazetteer["Staaten"]


def test_train_command_end_to_end(tmp_path: Path) -> None:
    data = write_germeval(tmp_path / "train.tsv", sentences())
    output = tmp_path / "model"
    result = CliRunner().invoke(
        main,
        ["train", "ner", "--train", str(data), "--dev", str(data), "--output", str(output),
         "--iterations", "20", "--no-embeddings"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "micro" in result.output
    assert (output / MODEL_FILE).is_file() and (output / WORDS_FILE).is_file()


def test_train_command_rejects_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["train", "ner", "--train", str(tmp_path / "nope.tsv"), "--no-embeddings",
               "--output", str(tmp_path / "model")]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "nope.tsv" in result.output
    assert not (tmp_path / "model" / MODEL_FILE).exists()
