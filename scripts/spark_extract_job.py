"""The driver that ``spark-submit`` runs on a cluster: ``lagebild spark-extract`` without a master.

    spark-submit --master yarn --archives lagebild-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        scripts/spark_extract_job.py hdfs:///news/articles.parquet hdfs:///news/tables

The master, executors and memory come from spark-submit (see docs/scale.md). The
output check (a new directory) applies to local paths only; on HDFS or S3 Spark
itself refuses to write into an existing table directory.
"""

from __future__ import annotations

import argparse
import sys

from lagebild.spark import extract, submitted_session


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="JSONL file or Parquet file/directory of articles")
    parser.add_argument("output", help="new directory for the Parquet tables")
    parser.add_argument("--partitions", type=int, default=None)
    args = parser.parse_args()
    session = submitted_session()
    try:
        summary = extract(session, args.input, args.output, partitions=args.partitions)
    finally:
        session.stop()
    for error in summary.errors:
        print(f"lagebild: {error}", file=sys.stderr)
    print(f"{summary.documents} documents, {summary.failed} failed; tables in {args.output}")
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
