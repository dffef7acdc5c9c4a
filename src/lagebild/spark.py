"""The pipeline on Apache Spark: articles (JSONL or Parquet) in, Parquet tables out.

Each partition builds the pipeline once (and a Python worker that Spark reuses
keeps it for its next partitions), runs it over its articles and turns every
document into the rows of :mod:`lagebild.tables`. Ids are content hashes, so the
tables hold the same ids a single-process ``lagebild ingest`` gives, and
``lagebild load`` stores them with the same rows. Every table is partitioned
into ``batch=N`` directories of :data:`BATCH_SIZE` consecutive articles so that
the loader can read one batch at a time, in input order.

This module needs ``pyspark`` (``pip install 'lagebild[spark]'``) and Java. It
imports the pipeline, ingest and model layers only; storing is the loader's job.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lagebild.ingest import IngestError
from lagebild.ingest.fetch import DEFAULT_LIMITS
from lagebild.ingest.jsonl import read_jsonl_line, read_record
from lagebild.ingest.sources import JSONL_SUFFIXES
from lagebild.model import Document
from lagebild.pipeline import DEFAULT_STAGES, Pipeline, Resources, freeze_long_lived_objects
from lagebild.tables import COLUMNS, ERROR_COLUMNS, ERRORS_TABLE, TABLES, ColumnType

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

#: Consecutive input articles per ``batch=N`` directory of every output table.
BATCH_SIZE = 1000
PARQUET_SUFFIX = ".parquet"
#: Article metadata read from Parquet input columns of these names (``text`` is required).
ARTICLE_FIELDS = ("text", "title", "url", "outlet", "author", "language", "published")
#: Errors shown in the summary; all of them are in the ``errors`` table.
SHOWN_ERRORS = 20
#: Input partitions per core when the caller gives no number.
PARTITIONS_PER_CORE = 2


class SparkInputError(ValueError):
    """The input or output path cannot be used; the message is one line naming it."""


@dataclass
class SparkSummary:
    documents: int = 0
    failed: int = 0
    errors: list[IngestError] = field(default_factory=list)  # the first SHOWN_ERRORS


def local_session(master: str = "local[*]", app_name: str = "lagebild") -> SparkSession:
    """A Spark session on this machine that opens no network port beyond loopback."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # executors must run the Python (and virtualenv) that runs the driver
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def submitted_session(app_name: str = "lagebild") -> SparkSession:
    """The session of a job started by ``spark-submit``: master and resources come from it."""
    from pyspark.sql import SparkSession

    session = SparkSession.builder.appName(app_name).getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session


def check_paths(input_path: str, output: str) -> None:
    """Raise :class:`SparkInputError` unless the input is readable and the output is new.

    Paths with a scheme (``hdfs://``, ``s3a://``) are left to Spark to check.
    """
    if not _is_remote(input_path):
        path = Path(input_path)
        if not path.exists():
            raise SparkInputError(f"{input_path}: no such file or directory")
        if not (_is_jsonl(input_path) or _is_parquet(input_path)):
            raise SparkInputError(
                f"{input_path}: not JSONL or Parquet (give a .jsonl/.ndjson file, "
                "or a .parquet file or a directory of Parquet files)"
            )
    out = Path(output)
    if not _is_remote(output) and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SparkInputError(f"{output}: exists and is not an empty directory")


def _is_remote(path: str) -> bool:
    return "://" in path


def _is_jsonl(input_path: str) -> bool:
    if Path(input_path).suffix.lower() not in JSONL_SUFFIXES:
        return False
    return _is_remote(input_path) or Path(input_path).is_file()


def _is_parquet(input_path: str) -> bool:
    if _is_remote(input_path):
        return not _is_jsonl(input_path)
    path = Path(input_path)
    return path.is_dir() or path.suffix.lower() == PARQUET_SUFFIX


def extract(
    spark: SparkSession,
    input_path: str,
    output: str,
    resources: Resources | None = None,
    stages: tuple[str, ...] = DEFAULT_STAGES,
    batch_size: int = BATCH_SIZE,
    partitions: int | None = None,
) -> SparkSummary:
    """Run the pipeline over every article of ``input_path``; write the tables under ``output``.

    ``partitions`` (default: twice Spark's parallelism, so that a core that finishes
    early takes another partition instead of waiting) splits the input for the workers.
    """
    check_paths(input_path, output)
    resources = resources or Resources()
    articles = _read_articles(spark, input_path)
    wanted = partitions or PARTITIONS_PER_CORE * spark.sparkContext.defaultParallelism
    if articles.getNumPartitions() < wanted:
        articles = articles.repartition(wanted)

    def run(items: Iterable[tuple[int, Document | IngestError]]) -> Iterator[Any]:
        return _run_partition(items, stages, resources, batch_size)

    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    # One pass through Python: every result becomes a row of one wide frame (a struct
    # column per table), cached in the JVM; the tables are then written from the cache
    # without starting Python workers again.
    # The rows are built by _run_partition from the schema's own column lists, so Spark's
    # per-row type check in Python (a tenth of the job's Python time) is skipped.
    results = spark.createDataFrame(
        articles.mapPartitions(run), _results_schema(), verifySchema=False
    )
    results = results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        for table in TABLES:
            rows = results.where(F.col("table") == table).select(f"{table}.*", "batch")
            rows.write.partitionBy("batch").parquet(f"{output}/{table}")
        errors = results.where(F.col("table") == ERRORS_TABLE).select(f"{ERRORS_TABLE}.*")
        errors.coalesce(1).write.parquet(f"{output}/{ERRORS_TABLE}")
        # one job counts the rows of every table (instead of one count per table)
        counts = {row["table"]: row["count"] for row in results.groupBy("table").count().collect()}
        documents, failed = counts.get("documents", 0), counts.get(ERRORS_TABLE, 0)
        shown = (
            [IngestError(row.source, row.reason) for row in errors.take(SHOWN_ERRORS)]
            if failed
            else []
        )
    finally:
        results.unpersist()
    return SparkSummary(documents=documents, failed=failed, errors=shown)


def _read_articles(spark: SparkSession, input_path: str) -> RDD[tuple[int, Document | IngestError]]:
    """(position in the input, Document or error) for every article, read on the executors."""
    if _is_jsonl(input_path):
        max_bytes = DEFAULT_LIMITS.max_bytes
        # raw bytes, so that bad UTF-8 is reported as `lagebild ingest` reports it
        lines: RDD[tuple[bytes, int]] = spark.sparkContext.textFile(
            input_path, use_unicode=False
        ).zipWithIndex()  # type: ignore[assignment]

        def parse_line(line: tuple[bytes, int]) -> tuple[int, Document | IngestError | None]:
            raw, index = line
            where = f"{input_path}:{index + 1}"  # the name `lagebild ingest` gives the line
            return index + 1, read_jsonl_line(
                raw, where, first=index == 0, max_line_bytes=max_bytes
            )

        parsed = lines.map(parse_line)
        return parsed.filter(lambda item: item[1] is not None)  # type: ignore[return-value]
    frame = spark.read.parquet(input_path)
    if "text" not in frame.columns:
        raise SparkInputError(f"{input_path}: Parquet input has no 'text' column")
    present = [name for name in ARTICLE_FIELDS if name in frame.columns]

    def parse_row(row: tuple[Any, int]) -> tuple[int, Document | IngestError]:
        record, index = row
        where = f"{input_path}:{index + 1}"
        return index + 1, read_record(_article_record(record.asDict()), where)

    return frame.select(*present).rdd.zipWithIndex().map(parse_row)


def _article_record(values: dict[str, Any]) -> dict[str, object]:
    """A Parquet row as the record JSONL ingest reads: dates and timestamps as ISO strings."""
    published = values.get("published")
    if isinstance(published, dt.date):  # also datetime
        values["published"] = published.isoformat()
    return values


_worker_pipelines: dict[str, Pipeline] = {}


def _pipeline(stages: tuple[str, ...], resources: Resources) -> Pipeline:
    """The pipeline for this configuration, built once per Python worker process."""
    key = repr((stages, resources.kb_paths))
    if key not in _worker_pipelines:
        _worker_pipelines[key] = Pipeline.build(stages, resources)
        freeze_long_lived_objects()  # this Python worker runs only pipelines from now on
    return _worker_pipelines[key]


def _run_partition(
    items: Iterable[tuple[int, Document | IngestError]],
    stages: tuple[str, ...],
    resources: Resources,
    batch_size: int,
) -> Iterator[tuple[Any, ...]]:
    """A wide row (see :func:`_results_schema`) for every row of every table."""
    from lagebild.tables import document_rows

    pipeline = _pipeline(stages, resources)
    for ordinal, item in items:
        if isinstance(item, IngestError):
            yield _wide_row(ERRORS_TABLE, None, (item.source, item.reason))
            continue
        try:
            doc = pipeline(item)
        except Exception as exc:  # an extractor bug must not end the job or lose other articles
            reason = f"extraction failed: {type(exc).__name__}: {exc}"
            yield _wide_row(ERRORS_TABLE, None, (item.source or item.id, reason))
            continue
        batch = (ordinal - 1) // batch_size
        for table, rows in document_rows(doc, ordinal).items():
            names = [name for name, _ in COLUMNS[table]]
            for row in rows:
                yield _wide_row(table, batch, tuple(row[name] for name in names))


#: Column order of the wide result frame: table name, batch, one struct per table.
_WIDE_TABLES = (*TABLES, ERRORS_TABLE)


def _wide_row(table: str, batch: int | None, values: tuple[Any, ...]) -> tuple[Any, ...]:
    structs: list[tuple[Any, ...] | None] = [None] * len(_WIDE_TABLES)
    structs[_WIDE_TABLES.index(table)] = values
    return (table, batch, *structs)


def _results_schema() -> StructType:
    """table name, batch, and a struct column per table of which one is set per row."""
    from pyspark.sql import types

    kinds: dict[ColumnType, types.DataType] = {
        "string": types.StringType(),
        "int": types.IntegerType(),
        "long": types.LongType(),
        "double": types.DoubleType(),
        "bool": types.BooleanType(),
        "date": types.DateType(),
        "strings": types.ArrayType(types.StringType()),
    }

    def struct(columns: Iterable[tuple[str, ColumnType]]) -> types.StructType:
        return types.StructType([types.StructField(n, kinds[k]) for n, k in columns])

    tables = {**COLUMNS, ERRORS_TABLE: ERROR_COLUMNS}
    return types.StructType(
        [
            types.StructField("table", types.StringType(), nullable=False),
            types.StructField("batch", types.LongType()),
            *(types.StructField(name, struct(tables[name])) for name in _WIDE_TABLES),
        ]
    )
