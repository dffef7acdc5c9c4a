"""`lagebild load`: the Parquet tables of spark-extract into a real SQLite database.

The tables are the sample corpus's, written by Spark (session fixture in conftest.py);
each test damages its own copy.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.load import LoadError, load_tables
from lagebild.store import Store


@pytest.fixture
def tables(sample_spark_tables: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "tables"
    shutil.copytree(sample_spark_tables, copy)
    return copy


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def parquet_files(table_dir: Path) -> list[Path]:
    return sorted(table_dir.glob("batch=*/*.parquet"))


def test_load_command_stores_every_document_once(tables: Path, tmp_path: Path) -> None:
    db = tmp_path / "lagebild.db"
    first = CliRunner().invoke(main, ["load", str(tables), "--db", f"sqlite:///{db}"])
    second = CliRunner().invoke(main, ["load", str(tables), "--db", f"sqlite:///{db}"])

    assert first.exit_code == 0, first.output
    assert first.output.startswith("20 stored, 0 unchanged, 0 failed")
    assert second.exit_code == 0, second.output
    assert second.output.startswith("0 stored, 20 unchanged, 0 failed")
    assert count(db, "documents") == 20


@pytest.mark.parametrize("table", ["documents", "mentions", "amounts"])
def test_a_missing_table_is_one_line_error_and_nothing_is_stored(
    tables: Path, tmp_path: Path, table: str
) -> None:
    shutil.rmtree(tables / table)
    db = tmp_path / "lagebild.db"
    result = CliRunner().invoke(main, ["load", str(tables), "--db", f"sqlite:///{db}"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"lagebild: error: {tables / table}: no such table (is {tables} a spark-extract output?)"
    )
    assert count(db, "documents") == 0


def test_a_table_without_success_marker_is_incomplete(tables: Path, tmp_path: Path) -> None:
    (tables / "quotes" / "_SUCCESS").unlink()
    with Store.open(f"sqlite:///{tmp_path / 'lagebild.db'}") as store:
        with pytest.raises(LoadError, match=r"quotes: incomplete table"):
            load_tables(tables, store)
        assert store.counts().documents == 0


def test_a_file_missing_a_column_is_named(tables: Path, tmp_path: Path) -> None:
    file = parquet_files(tables / "relations")[0]
    pq.write_table(pq.read_table(file).drop_columns(["target_id"]), file)
    store = Store.open(f"sqlite:///{tmp_path / 'lagebild.db'}")
    with store, pytest.raises(LoadError, match=rf"{file}: missing columns target_id"):
        load_tables(tables, store)


def test_a_file_that_is_not_parquet_is_one_line_error(tables: Path, tmp_path: Path) -> None:
    parquet_files(tables / "mentions")[0].write_bytes(b"not parquet at all")
    store = Store.open(f"sqlite:///{tmp_path / 'lagebild.db'}")
    with store, pytest.raises(LoadError, match=r"mentions: not a readable Parquet") as caught:
        load_tables(tables, store)
    assert "\n" not in str(caught.value)


def test_a_bad_row_rejects_its_document_whole_and_the_others_are_stored(
    tables: Path, tmp_path: Path
) -> None:
    file = parquet_files(tables / "mentions")[0]
    rows = pq.read_table(file).to_pylist()
    broken = rows[0]["doc_id"]
    rows[0]["end"] = 10_000_000  # a span far outside the article
    pq.write_table(pa.Table.from_pylist(rows, schema=pq.read_schema(file)), file)

    db = tmp_path / "lagebild.db"
    with Store.open(f"sqlite:///{db}") as store:
        summary = load_tables(tables, store)

    assert (summary.stored, summary.failed) == (19, 1)
    assert broken in summary.errors[0] and "outside the text" in summary.errors[0]
    with sqlite3.connect(db) as conn:
        for table in ("documents", "mentions", "quotes", "relations", "amounts"):
            column = "id" if table == "documents" else "doc_id"
            found = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (broken,))
            assert found.fetchone()[0] == 0, table
