"""The database query commands of ``lagebild`` (report, actors, quotes, relations)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from store_articles import article_one, article_two

from lagebild.cli import main
from lagebild.store import Store


@pytest.fixture
def filled_db(db_url: str) -> str:
    with Store.open(db_url) as store:
        store.save(article_one())
        store.save(article_two())
    return db_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_prints_every_section(filled_db: str) -> None:
    code, out, _ = run("report", "--db", filled_db)

    assert code == 0
    for heading in ("Meistgenannte Akteure", "Stärkste Beziehungen", "Zitate", "Genannte Zahlen"):
        assert heading in out
    assert "Nordland ↔ Ostria" in out
    assert "ca. 2 Mrd. EUR" in out


def test_report_json_with_period(filled_db: str) -> None:
    code, out, _ = run("report", "--db", filled_db, "--since", "2024-06-01", "--json")

    data = json.loads(out)
    assert code == 0
    assert data["since"] == "2024-06-01"
    assert data["counts"]["documents"] == 1
    assert data["figures"] == []


def test_actors_table_and_type_filter(filled_db: str) -> None:
    code, out, _ = run("actors", "--db", filled_db, "--type", "per")

    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["actor", "type", "sources", "articles", "mentions", "id"]
    assert {line.split("  ")[0] for line in lines[2:]} == {"Anna Beispiel", "Karl Muster"}


def test_actors_json_limit(filled_db: str) -> None:
    code, out, _ = run("actors", "--db", filled_db, "--limit", "1", "--json")

    assert code == 0
    assert [row["name"] for row in json.loads(out)] == ["Nordland"]


def test_quotes_by_speaker_and_search(filled_db: str) -> None:
    _, by_speaker, _ = run("quotes", "--db", filled_db, "--speaker", "karl muster", "--json")
    code, searched, _ = run("quotes", "--db", filled_db, "--search", 'Seite" NEAR(')

    assert [q["kind"] for q in json.loads(by_speaker)] == ["indirect"]
    assert code == 0
    assert "Seite" not in searched  # NEAR is a required word here, so nothing matches
    _, found, _ = run("quotes", "--db", filled_db, "--search", '"Seite')
    assert "Wir stehen fest an der Seite Südmarks." in found


def test_relations_filters_in_table_and_json(filled_db: str) -> None:
    code, out, _ = run("relations", "--db", filled_db, "--type", "agree", "--since", "2024-06-01")
    _, claimed, _ = run("relations", "--db", filled_db, "--actor", "Anna Beispiel", "--json")

    assert code == 0
    assert len(out.splitlines()) == 3  # header, rule, one row
    assert "Nordland und Ostria vereinbarten" in out
    assert json.loads(claimed) == []  # Anna only claims; she is not a party
    _, assault, _ = run("relations", "--db", filled_db, "--type", "ASSAULT")
    assert "ASSAULT?~" in assault


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("relations", "--type", "HUG"), "unknown PLOVER type 'HUG'"),
        (("relations", "--since", "2024-02-30"), "--since: not a date"),
        (("quotes", "--until", "gestern"), "--until: not a date"),
        (("actors", "--type", "CITY"), "unknown entity type 'CITY'"),
        (("report", "--since", "1.1.2024"), "--since: not a date"),
    ],
)
def test_bad_options_give_one_line_error_and_exit_2(
    filled_db: str, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(*args, "--db", filled_db)

    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_unusable_database_url_fails_with_one_line(tmp_path: object) -> None:
    code, _, err = run("actors", "--db", "sqlite:////nonexistent-dir/sub/x.db")

    assert code == 1
    assert err.startswith("lagebild: error: cannot open database")
    assert len(err.strip().splitlines()) == 1
