"""End to end through the command line: files -> pipeline -> SQLite -> report."""

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.cli import main

ARTICLE = """Nato warnt vor Achse der Autokraten

Brüssel, 12. März 2025 – Die Nato hat Russland vorgeworfen, Nordkorea bei seinem \
Raketenprogramm zu helfen. Generalsekretär Mark Rutte sagte am Mittwoch in Brüssel, \
Moskau liefere Technologie im Tausch gegen Soldaten. „Das ist eine gefährliche \
Entwicklung“, fügte der Niederländer hinzu.
Die Bündnisstaaten wollen ihre Verteidigungsausgaben auf fünf Prozent des \
Bruttoinlandsprodukts erhöhen.
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_extract_prints_guide_json_with_offsets(tmp_path: Path) -> None:
    article = write(tmp_path / "artikel.txt", ARTICLE)
    result = CliRunner().invoke(main, ["extract", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"entities", "quotes", "relations", "amounts"} <= set(data)
    assert data["published"] == "2025-03-12"
    text = article.read_text(encoding="utf-8")
    rutte = next(e for e in data["entities"] if e["name"] == "Mark Rutte")
    assert "Niederländer" in rutte["aliases"] and rutte["id"] == "person:mark-rutte"
    quote = next(q for q in data["quotes"] if q["kind"] == "direct")
    assert quote["speaker"] == "Mark Rutte"
    assert text[quote["start"] : quote["end"]] == quote["text"]
    assert any(r["type"] == "ACCUSE" and r["source"] == "NATO" for r in data["relations"])
    five = next(a for a in data["amounts"] if a["unit"] == "percent")
    assert five["value"] == 5 and text[five["start"] : five["end"]] == five["text"]
    for item in data["quotes"] + data["relations"] + data["amounts"]:
        assert 0 < item["confidence"] <= 1


def test_extract_table_and_published_override(tmp_path: Path) -> None:
    article = write(tmp_path / "artikel.txt", ARTICLE)
    result = CliRunner().invoke(
        main, ["extract", str(article), "--format", "table", "--published", "2025-03-13"]
    )
    assert result.exit_code == 0, result.output
    assert "Mark Rutte" in result.output


def test_extract_bad_input_is_one_line(tmp_path: Path) -> None:
    empty = write(tmp_path / "leer.txt", "")
    result = CliRunner().invoke(main, ["extract", str(empty)])
    assert result.exit_code != 0
    assert str(empty) in result.output and len(result.output.strip().splitlines()) == 1
    bad_date = CliRunner().invoke(
        main, ["extract", str(write(tmp_path / "a.txt", ARTICLE)), "--published", "12.3.2025"]
    )
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output


def test_ingest_goes_on_after_bad_files_and_reports_them(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "gut.txt", ARTICLE)
    write(corpus / "leer.txt", "")
    write(corpus / "kaputt.txt", b"\x00\x01\x02binary\x00" * 50)
    db = tmp_path / "lage.db"
    url = f"sqlite:///{db}"
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(corpus), "--db", url, "--no-progress"])
    assert first.exit_code == 1
    errors = [line for line in first.output.splitlines() if line.startswith("lagebild:")]
    assert len(errors) == 2
    assert any("leer.txt" in e for e in errors) and any("kaputt.txt" in e for e in errors)
    assert "1 stored" in first.output
    again = runner.invoke(main, ["ingest", str(corpus / "gut.txt"), "--db", url, "--no-progress"])
    assert again.exit_code == 0 and "0 stored, 1 unchanged" in again.output
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from documents").fetchone() == (1,)
        assert con.execute("select count(*) from quotes").fetchone()[0] >= 1
    report = runner.invoke(main, ["report", "--db", url])
    assert report.exit_code == 0 and "Mark Rutte" in report.output
    quotes = runner.invoke(main, ["quotes", "--speaker", "Rutte", "--db", url])
    assert "gefährliche" in quotes.output


def test_ingest_with_workers_gives_the_same_database(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for i in range(3):
        write(corpus / f"artikel{i}.txt", ARTICLE.replace("Mittwoch", f"Mittwoch ({i})"))
    counts = []
    for workers in ("1", "2"):
        db = tmp_path / f"lage{workers}.db"
        result = CliRunner().invoke(
            main, ["ingest", str(corpus), "--db", f"sqlite:///{db}", "-w", workers, "--no-progress"]
        )
        assert result.exit_code == 0, result.output
        with sqlite3.connect(db) as con:
            counts.append(
                [con.execute(f"select count(*) from {t}").fetchone()[0]
                 for t in ("documents", "mentions", "quotes", "relations", "amounts")]
            )  # fmt: skip
    assert counts[0] == counts[1] and counts[0][0] == 3


@pytest.mark.timeout(300)
def test_demo_ingests_the_sample_corpus_and_prints_the_report(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(main, ["demo", "--db", url, "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "articles stored" in result.output
    with sqlite3.connect(tmp_path / "demo.db") as con:
        documents = con.execute("select count(*) from documents").fetchone()[0]
        languages = dict(con.execute("select language, count(*) from documents group by 1"))
    assert documents >= 18 and languages.get("de", 0) >= 15
    again = CliRunner().invoke(main, ["demo", "--db", url, "--no-serve"])
    assert "0 articles stored" in again.output
