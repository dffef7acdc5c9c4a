"""Spark in local[2] mode: spark-extract then load gives the rows `lagebild ingest` gives.

The Spark session and the sample corpus's tables are session fixtures (conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.load import load_tables
from lagebild.runner import PipelineSpec, ingest
from lagebild.spark import SparkInputError, extract
from lagebild.store import Store
from lagebild.tables import TABLES


def database_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted; the ingest time is left out (it differs by run)."""
    engine = sa.create_engine(url)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        for name in names:
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            columns = [c for c in table.c if c.name != "ingested_at"]
            found = conn.execute(sa.select(*columns)).all()
            rows[name] = sorted((tuple(row) for row in found), key=repr)
    engine.dispose()
    return rows


def parquet_rows(output: Path, table: str, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    found = ds.dataset(output / table, format="parquet", partitioning="hive").to_table()
    rows = [{k: v for k, v in row.items() if k not in skip} for row in found.to_pylist()]
    return sorted(rows, key=repr)


def test_extract_then_load_stores_the_rows_of_ingest(
    sample_jsonl: Path, sample_spark_tables: Path, tmp_path: Path
) -> None:
    ingested_url = f"sqlite:///{tmp_path / 'ingest.db'}"
    with Store.open(ingested_url) as store:
        summary = ingest([str(sample_jsonl)], store, PipelineSpec(), progress=False)
    assert (summary.stored, summary.failed) == (20, 0)

    loaded_url = f"sqlite:///{tmp_path / 'load.db'}"
    with Store.open(loaded_url) as store:
        loaded = load_tables(sample_spark_tables, store)
    assert (loaded.stored, loaded.unchanged, loaded.failed) == (20, 0, 0)

    expected, actual = database_rows(ingested_url), database_rows(loaded_url)
    assert set(actual) == set(expected)
    for table in ("documents", "entities", "mentions", "quotes", "relations", "amounts"):
        assert len(expected[table]) > 0, table
    for table, rows in expected.items():
        assert actual[table] == rows, table

    # loading again changes nothing
    with Store.open(loaded_url) as store:
        again = load_tables(sample_spark_tables, store)
    assert (again.stored, again.unchanged) == (0, 20)
    assert database_rows(loaded_url) == actual


def test_annotation_ids_in_the_tables_are_the_stored_ids(
    sample_spark_tables: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'ids.db'}"
    with Store.open(url) as store:
        load_tables(sample_spark_tables, store)
    stored = database_rows(url)
    for table in ("mentions", "quotes", "relations", "amounts", "time_expressions"):
        ids = [row["id"] for row in parquet_rows(sample_spark_tables, table)]
        assert len(ids) == len(set(ids)), table
        assert sorted(ids) == sorted(row[0] for row in stored[table]), table


def test_parquet_input_gives_the_tables_of_jsonl_input(
    spark_session: Any, sample_jsonl: Path, sample_spark_tables: Path, tmp_path: Path
) -> None:
    records = [json.loads(line) for line in sample_jsonl.read_text(encoding="utf-8").splitlines()]
    for record in records:  # a real date column, as a Parquet file usually has
        record["published"] = dt.date.fromisoformat(record["published"])
    articles = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(records), articles)

    output = tmp_path / "from-parquet"
    summary = extract(spark_session, str(articles), str(output), partitions=2)

    assert (summary.documents, summary.failed) == (20, 0)
    for table in TABLES:
        skip = ("source", "batch")
        assert parquet_rows(output, table, skip) == parquet_rows(
            sample_spark_tables, table, skip
        ), table
    sources = {row["source"] for row in parquet_rows(output, "documents")}
    assert f"{articles}:1" in sources


def test_unreadable_lines_are_reported_and_the_others_processed(
    spark_session: Any, tmp_path: Path
) -> None:
    articles = tmp_path / "articles.jsonl"
    good = {"text": "Berlin – Die Bundesregierung hat am Montag neue Hilfen beschlossen."}
    articles.write_text(json.dumps(good) + "\n" + '{"text": 42}\n' + "not json\n", encoding="utf-8")

    summary = extract(spark_session, str(articles), str(tmp_path / "out"))

    assert (summary.documents, summary.failed) == (1, 2)
    assert sorted(str(error) for error in summary.errors) == [
        f'{articles}:2: no "text" string',
        f"{articles}:3: invalid JSON: Expecting value: line 1 column 1 (char 0)",
    ]
    errors = pq.read_table(tmp_path / "out" / "errors").to_pylist()
    assert sorted(row["source"] for row in errors) == [f"{articles}:2", f"{articles}:3"]


def test_output_that_exists_is_refused(
    spark_session: Any, sample_jsonl: Path, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SparkInputError, match="exists and is not an empty directory"):
        extract(spark_session, str(sample_jsonl), str(tmp_path / "out"))
    assert (tmp_path / "out" / "old.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.jsonl", "no such file or directory"),
        ("articles.csv", "not JSONL or Parquet"),
    ],
)
def test_cli_rejects_bad_input_in_one_line(tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".csv"):
        (tmp_path / name).write_text("text\nHallo\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["spark-extract", str(tmp_path / name), "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert result.output.strip() == f"lagebild: error: {tmp_path / name}: {message}" + (
        " (give a .jsonl/.ndjson file, or a .parquet file or a directory of Parquet files)"
        if name.endswith(".csv")
        else ""
    )
    assert not (tmp_path / "out").exists()
