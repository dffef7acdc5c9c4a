"""Exports from a real database (SQLite and PostgreSQL) filled by the pipeline."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from db_backends import BACKENDS, new_database
from lagebild.analysis.export import export
from lagebild.analysis.graph import actor_graph
from lagebild.cli import main
from lagebild.corpus import sample_corpus_path
from lagebild.runner import ingest
from lagebild.store import Store


@pytest.fixture(scope="module", params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, str]]:
    url = new_database(request, request.param, tmp_path_factory.mktemp("export"))
    store = Store.open(url)
    with sample_corpus_path() as path:
        ingest([str(path)], store, progress=False)
    yield store, url
    store.close()


def test_csv_writes_every_table_and_the_graph(database: tuple[Store, str], tmp_path: Path) -> None:
    store, _ = database
    written = export(store, "csv", tmp_path / "out")
    assert {p.name for p in written} == {
        "documents.csv", "entities.csv", "quotes.csv", "relations.csv", "amounts.csv",
        "nodes.csv", "edges.csv",
    }  # fmt: skip
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 20
    with (tmp_path / "out" / "quotes.csv").open(encoding="utf-8") as handle:
        quotes = list(csv.DictReader(handle))
    assert quotes and {"id", "speaker_name", "text", "start", "end"} <= set(quotes[0])


def test_json_has_the_tables_and_the_graph(database: tuple[Store, str], tmp_path: Path) -> None:
    store, _ = database
    (path,) = export(store, "json", tmp_path / "out.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["documents"]) == 20 and data["relations"] and data["graph"]["edges"]


def test_graphml_and_gexf_carry_the_network(database: tuple[Store, str], tmp_path: Path) -> None:
    store, _ = database
    graph = actor_graph(store)
    (graphml,) = export(store, "graphml", tmp_path / "g.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(graphml).getroot()
    assert len(root.findall(".//g:node", ns)) == len(graph.nodes)
    assert len(root.findall(".//g:edge", ns)) == len(graph.edges)
    (gexf,) = export(store, "gexf", tmp_path / "g.gexf")
    edges = ET.parse(gexf).getroot().findall(".//{http://gexf.net/1.3}edge")
    assert edges and all(e.get("start") and e.get("end") and int(e.get("weight", "0")) >= 1
                         for e in edges)  # fmt: skip
    assert all(e.get("start", "") <= e.get("end", "") for e in edges)


def test_a_period_restricts_the_export(database: tuple[Store, str], tmp_path: Path) -> None:
    store, _ = database
    import datetime as dt

    (path,) = export(store, "json", tmp_path / "p.json", since=dt.date(2025, 1, 1))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert 0 < len(data["documents"]) < 20
    assert all(d["published"] >= "2025-01-01" for d in data["documents"])


def test_cli_export_and_its_errors(database: tuple[Store, str], tmp_path: Path) -> None:
    _, url = database
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--format", "gexf", "--db", url,
                                  "--output", str(tmp_path / "net.gexf")])  # fmt: skip
    assert result.exit_code == 0 and (tmp_path / "net.gexf").is_file()
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["export", "--format", "csv", "--db", url,
                                  "--output", str(blocker)])  # fmt: skip
    assert result.exit_code != 0 and "not a directory" in result.output
    assert not list(tmp_path.glob("*.partial"))
