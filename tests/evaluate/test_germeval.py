from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest

from lagebild.evaluate.germeval import (
    GermEvalFormatError,
    LabelledSentence,
    benchmark,
    entity_spans,
    outer_label,
    read_germeval,
    score,
)

FOUR_COLUMNS = """#\thttp://example.org/a\t[2014-01-01]
1\tMarta\tB-PER\tO
2\tKowalczyk\tI-PER\tO
3\tbesuchte\tO\tO
4\tdie\tO\tO
5\tdeutsche\tB-LOCderiv\tO
6\tBotschaft\tO\tO
7\tin\tO\tO
8\tLima\tB-LOC\tO
9\t.\tO\tO

#\thttp://example.org/b\t[2014-01-02]
1\tDer\tO\tO
2\tNato-Gipfel\tB-ORGpart\tB-ORG
3\tendete\tO\tO
"""

THREE_COLUMNS = "#\trow=1\n1\tKiel\tB-LOC\n2\tliegt\tO\n\n#\trow=2\n1\tJa\tO\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_four_column_file_and_reduces_to_outer_types(tmp_path: Path) -> None:
    sentences = read_germeval(write(tmp_path, FOUR_COLUMNS))
    assert len(sentences) == 2
    assert sentences[0].tokens[:2] == ("Marta", "Kowalczyk")
    assert sentences[0].labels[4] == "O"  # LOCderiv is not a name
    assert sentences[0].labels[7] == "B-LOC"
    assert sentences[1].labels == ("O", "O", "O")


def test_reads_three_column_file(tmp_path: Path) -> None:
    sentences = read_germeval(write(tmp_path, THREE_COLUMNS))
    assert [s.labels for s in sentences] == [("B-LOC", "O"), ("O",)]


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "1\tKiel\n")
    with pytest.raises(GermEvalFormatError, match=r"data\.tsv:1: expected 3 or 4"):
        read_germeval(path)


def test_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(GermEvalFormatError, match="cannot read"):
        read_germeval(tmp_path / "absent.tsv")


@pytest.mark.parametrize(
    ("label", "expected"),
    [("B-PER", "B-PER"), ("I-OTH", "I-OTH"), ("B-ORGpart", "O"), ("I-LOCderiv", "O"), ("O", "O")],
)
def test_outer_label(label: str, expected: str) -> None:
    assert outer_label(label) == expected


def test_entity_spans_conlleval_style() -> None:
    labels = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"]
    assert entity_spans(labels) == {
        ("PER", 0, 2),
        ("LOC", 3, 5),  # a stray I- starts an entity
        ("LOC", 5, 6),
        ("ORG", 6, 7),  # type change ends the previous one
    }


def test_strict_matching_counts_boundary_errors_twice() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    predicted = [["B-PER", "O", "O", "B-LOC"]]  # truncated person: one miss and one false alarm
    scores = score(gold, predicted)
    assert scores.per_type["PER"].correct == 0
    assert scores.per_type["PER"].gold == 1
    assert scores.per_type["PER"].predicted == 1
    assert scores.per_type["LOC"].f1 == 1.0
    assert scores.micro.precision == pytest.approx(0.5)
    assert scores.micro.recall == pytest.approx(0.5)


def test_split_entity_is_wrong() -> None:
    gold = [["B-ORG", "I-ORG", "I-ORG"]]
    predicted = [["B-ORG", "B-ORG", "I-ORG"]]
    scores = score(gold, predicted)
    assert scores.micro.correct == 0
    assert scores.micro.predicted == 2
    assert scores.micro.f1 == 0.0


def test_wrong_type_is_wrong() -> None:
    scores = score([["B-ORG"]], [["B-LOC"]])
    assert scores.per_type["ORG"].recall == 0.0
    assert scores.per_type["LOC"].precision == 0.0


def test_length_mismatch_is_rejected() -> None:
    with pytest.raises(ValueError, match="sentence 0"):
        score([["O", "O"]], [["O"]])


class EchoGoldForKnownTokens:
    """Predicts B-LOC for 'Kiel' and O otherwise."""

    def tag(self, tokens: Sequence[str], tags: Sequence[str] | None = None) -> list[str]:
        return ["B-LOC" if token == "Kiel" else "O" for token in tokens]

    def tag_many(
        self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None = None
    ) -> list[list[str]]:
        return [self.tag(tokens) for tokens in sentences]


def test_benchmark_scores_and_writes_three_columns() -> None:
    sentences = [LabelledSentence(("Kiel", "und", "Ute"), ("B-LOC", "O", "B-PER"))]
    out = io.StringIO()
    result = benchmark(EchoGoldForKnownTokens(), sentences, out)
    assert out.getvalue() == "Kiel\tB-LOC\tB-LOC\nund\tO\tO\nUte\tB-PER\tO\n\n"
    assert result.tokens == 3
    assert result.scores.micro.precision == 1.0
    assert result.scores.micro.recall == pytest.approx(0.5)
    assert "micro" in result.scores.table()


def test_benchmark_command_scores_shipped_model(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lagebild.cli import main

    data = write(tmp_path, FOUR_COLUMNS)
    out = tmp_path / "pred.tsv"
    result = CliRunner().invoke(
        main, ["benchmark", "germeval", str(data), "--predictions", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "micro" in result.output and "tokens/s" in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:2] == ["Marta", "B-PER"]
    assert len([line for line in lines if line]) == 12


def test_benchmark_command_rejects_bad_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lagebild.cli import main

    result = CliRunner().invoke(main, ["benchmark", "germeval", str(write(tmp_path, "x\n"))])
    assert result.exit_code == 1
    assert "data.tsv:1" in result.output
