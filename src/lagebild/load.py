"""Bulk-load the Parquet tables of ``lagebild spark-extract`` into the store.

The tables are read one ``batch=N`` directory at a time (a bounded number of
articles), each document is rebuilt with its annotations and saved through
:func:`lagebild.runner.save_document` (with its near-duplicate fingerprint) in input
order: one transaction per document, so nothing is half-written, and a document already
stored is left as it is, so loading twice changes nothing. The rows equal those
``lagebild ingest`` writes for the same articles. Reading Parquet needs ``pyarrow``
(``pip install 'lagebild[spark]'``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lagebild.runner import save_document
from lagebild.store import Store, StoreError
from lagebild.tables import COLUMNS, TABLES, TableError, document_from_rows

_BATCH_DIR = re.compile(r"batch=(\d+)")
#: Spark writes this file into a table's directory when the table is complete.
SUCCESS_MARKER = "_SUCCESS"


class LoadError(ValueError):
    """The tables cannot be read; the message is one line naming the table."""


@dataclass
class LoadSummary:
    stored: int = 0
    unchanged: int = 0  # already in the database
    errors: list[str] = field(default_factory=list)  # one line per rejected document

    @property
    def failed(self) -> int:
        return len(self.errors)


def load_tables(
    output: Path, store: Store, on_error: Callable[[str], None] | None = None
) -> LoadSummary:
    """Store every document of the tables under ``output``; raise LoadError if a table is bad."""
    tables = {name: _open_table(output, name) for name in TABLES}
    summary = LoadSummary()
    for batch in _batches(output):
        for doc_row, rows in _documents_of_batch(tables, batch):
            try:
                saved = save_document(store, document_from_rows(doc_row, rows))
            except (TableError, StoreError) as exc:
                message = f"{output}: {exc}"
                summary.errors.append(message)
                if on_error is not None:
                    on_error(message)
                continue
            if saved:
                summary.stored += 1
            else:
                summary.unchanged += 1
    return summary


def _open_table(output: Path, name: str) -> Any:
    """The table as a pyarrow dataset, after checking it is complete and has every column."""
    try:
        import pyarrow.dataset as ds
        import pyarrow.parquet as pq
    except ImportError:
        raise LoadError("reading Parquet needs pyarrow: pip install 'lagebild[spark]'") from None
    directory = output / name
    if not directory.is_dir():
        raise LoadError(f"{directory}: no such table (is {output} a spark-extract output?)")
    if not (directory / SUCCESS_MARKER).exists():
        raise LoadError(f"{directory}: incomplete table (no {SUCCESS_MARKER}; did the job finish?)")
    try:
        dataset = ds.dataset(directory, format="parquet", partitioning="hive")
        for file in dataset.files:
            present = set(pq.read_schema(file).names)
            missing = [column for column, _ in COLUMNS[name] if column not in present]
            if missing:
                raise LoadError(f"{file}: missing columns {', '.join(missing)}")
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        if isinstance(exc, LoadError):
            raise
        raise LoadError(f"{directory}: not a readable Parquet table: {exc}") from None
    return dataset


def _batches(output: Path) -> list[int]:
    names = (path.name for path in (output / "documents").iterdir())
    return sorted(int(m.group(1)) for name in names if (m := _BATCH_DIR.fullmatch(name)))


def _documents_of_batch(
    tables: dict[str, Any], batch: int
) -> Iterator[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]]:
    """(documents row, rows of each other table) for the batch's documents, in input order."""
    import pyarrow.dataset as ds

    def read(name: str) -> list[dict[str, Any]]:
        columns = [column for column, _ in COLUMNS[name]]
        try:
            rows: list[dict[str, Any]] = (
                tables[name]
                .to_table(columns=columns, filter=ds.field("batch") == batch)
                .to_pylist()
            )
        except (OSError, ValueError) as exc:
            raise LoadError(f"{tables[name].files[0]}: cannot be read: {exc}") from None
        return rows

    by_document: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for name in TABLES:
        if name == "documents":
            continue
        for row in read(name):
            by_document[row["doc_id"]][name].append(row)
    for doc_row in sorted(read("documents"), key=lambda row: row["ordinal"]):
        yield doc_row, by_document.get(doc_row["id"], {})
