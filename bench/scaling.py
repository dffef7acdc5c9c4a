"""Scaling: 1 vs 2 worker processes (local runner) and Spark local[1] vs local[2].

    .venv/bin/python bench/scaling.py --articles 200

The same generated articles (bench/generate.py) go through

1. ``lagebild.runner.process`` (the pipeline of ``lagebild ingest --workers N``)
   with 1 and with 2 workers: the whole run (worker start-up included) and the
   steady rate after the first STEADY_AFTER results;
2. ``lagebild.runner.ingest`` into a new SQLite file (``lagebild ingest
   --workers N`` as the command runs it: the parent process writes the database);
3. ``lagebild.spark.extract`` in ``local[1]`` and ``local[2]``, each in its own
   process (one JVM per master), input split into the default 2 partitions per
   core; session start-up is reported apart from the job. ``--spark-articles``
   runs Spark on a larger corpus than the local runs, which amortises its fixed
   cost (the job's cost is measured at that size and at half of it).

Writes the section "Scaling" of docs/benchmarks.md (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_corpus
from report import bar, header, load_average, write_section

from lagebild.ingest import read_sources
from lagebild.model import Document
from lagebild.runner import PipelineSpec, ingest, process
from lagebild.store import Store

WORKERS_BAR = 1.8
SPARK_BAR = 1.6
#: Results after which the steady rate is measured (the workers have built their pipelines).
STEADY_AFTER = 10


def child(kind: str, setting: str, corpus: str, directory: str) -> dict[str, float]:
    """Run one measurement in a fresh process, so no run inherits another's loaded tables."""
    found = subprocess.run(
        [sys.executable, __file__, "--child", kind, setting, corpus, directory],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(found.stdout.strip().splitlines()[-1])
    return result


def _busy_loop(_task: int) -> int:
    total = 0
    for i in range(5_000_000):
        total += i * i
    return total


def machine_ceiling() -> float:
    """Speed-up of a pure-Python CPU loop in 2 processes over 1: what the machine allows now."""
    import multiprocessing as mp

    began = time.perf_counter()
    for task in range(4):
        _busy_loop(task)
    one = time.perf_counter() - began
    with mp.get_context("fork").Pool(2) as pool:
        began = time.perf_counter()
        pool.map(_busy_loop, range(4))
        two = time.perf_counter() - began
    return one / two


def measure(kind: str, setting: str, corpus: str, directory: str) -> dict[str, float]:
    if kind == "process":
        docs = [item for item in read_sources([corpus]) if isinstance(item, Document)]
        began = time.perf_counter()
        stamps = [time.perf_counter() for _result in process(docs, PipelineSpec(), int(setting))]
        steady = (len(stamps) - STEADY_AFTER) / (stamps[-1] - stamps[STEADY_AFTER - 1])
        return {"total": stamps[-1] - began, "steady": steady}
    if kind == "ingest":
        with Store.open(f"sqlite:///{Path(directory) / f'ingest-{setting}.db'}") as store:
            began = time.perf_counter()
            summary = ingest([corpus], store, PipelineSpec(), workers=int(setting), progress=False)
            total = time.perf_counter() - began
        assert summary.failed == 0, summary.errors[:3]
        return {"total": total}
    from lagebild.spark import extract, local_session

    began = time.perf_counter()
    session = local_session(setting)
    started = time.perf_counter()
    output = Path(directory) / f"spark-{setting.removeprefix('local[').rstrip(']')}"
    extract(session, corpus, str(output))  # partitions: the default, 2 per core
    finished = time.perf_counter()
    session.stop()
    from lagebild.load import load_tables

    with Store.open(f"sqlite:///{output}.db") as store:
        loading = time.perf_counter()
        loaded = load_tables(output, store)
        load_seconds = time.perf_counter() - loading
    assert loaded.failed == 0, loaded.errors[:3]
    return {"session": started - began, "job": finished - started, "load": load_seconds}


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        print(json.dumps(measure(*sys.argv[2:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument(
        "--spark-articles", type=int, default=None, help="Spark corpus size (default: --articles)"
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    load_before = load_average()
    ceiling_before = machine_ceiling()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = str(write_corpus(Path(tmp) / "articles.jsonl", args.articles, args.seed))
        one, two = (child("process", w, corpus, tmp) for w in ("1", "2"))
        one_total, one_steady, two_total, two_steady = (
            one["total"],
            one["steady"],
            two["total"],
            two["steady"],
        )
        ingest_one, ingest_two = (child("ingest", w, corpus, tmp)["total"] for w in ("1", "2"))
        spark = {}
        spark_articles = args.spark_articles or args.articles
        if not args.skip_spark:
            spark_corpus = corpus
            if spark_articles != args.articles:
                spark_path = Path(tmp) / "spark-articles.jsonl"
                spark_corpus = str(write_corpus(spark_path, spark_articles, args.seed))
            spark = {m: child("spark", m, spark_corpus, tmp) for m in ("local[1]", "local[2]")}
            half = spark_articles // 2
            half_corpus = str(write_corpus(Path(tmp) / "half.jsonl", half, args.seed))
            spark["half"] = child("spark", "local[2]", half_corpus, str(Path(tmp) / "half"))
    ceiling_after = machine_ceiling()
    lines = [
        header(load_before),
        f"- machine ceiling (a pure-Python CPU loop, 2 processes vs 1, before and after the "
        f"runs): {ceiling_before:.2f} x, {ceiling_after:.2f} x; a value below 2 means other "
        "processes hold CPU time and no 2-worker run can reach the bars",
        "",
        f"{args.articles} generated articles (`--seed {args.seed}`)"
        + (f", {spark_articles} for Spark" if spark and spark_articles != args.articles else "")
        + "; every run in a fresh process (Spark: a fresh JVM), the pipeline built inside "
        "the timed run.",
        "",
    ]
    lines += [
        "| run | 1 | 2 | speed-up |",
        "|---|---:|---:|---:|",
        f"| runner.process, whole run (s) | {one_total:.1f} | {two_total:.1f} "
        f"| {one_total / two_total:.2f} |",
        f"| runner.process, steady articles/s | {one_steady:.1f} | {two_steady:.1f} "
        f"| {two_steady / one_steady:.2f} |",
        f"| ingest into SQLite, whole run (s) | {ingest_one:.1f} | {ingest_two:.1f} "
        f"| {ingest_one / ingest_two:.2f} |",
    ]
    if spark:
        one, two = spark["local[1]"], spark["local[2]"]
        lines += [
            f"| Spark local[1] vs local[2], job (s) | {one['job']:.1f} | {two['job']:.1f} "
            f"| {one['job'] / two['job']:.2f} |",
            f"| Spark session start-up (s) | {one['session']:.1f} | {two['session']:.1f} | |",
            f"| `lagebild load` of the tables into SQLite (s) | {one['load']:.1f} "
            f"| {two['load']:.1f} | |",
        ]
    if spark:
        # two corpus sizes in local[2]: job seconds = fixed + per_article * articles
        half, full = spark["half"]["job"], spark["local[2]"]["job"]
        per_article = (full - half) / (spark_articles - spark_articles // 2)
        fixed = full - per_article * spark_articles
        sizes = (
            f"Spark cost by corpus size (local[2]): {spark_articles // 2} articles "
            f"{half:.1f} s, {spark_articles} articles {full:.1f} s"
        )
        if per_article > 0:
            estimate = (
                f": about {fixed:.1f} s fixed (JVM jobs, Python workers, pipeline builds, "
                f"Parquet commits) plus {per_article * 1000:.0f} ms per article on 2 cores."
            )
        else:
            estimate = (
                ": the fixed cost and the noise of a busy machine exceed the per-article "
                "cost at this size; run with more --articles to separate them."
            )
        lines += ["", sizes + estimate]
    lines += [
        "",
        bar("2 workers vs 1 (steady rate)", two_steady / one_steady, WORKERS_BAR, "x"),
        bar("2 workers vs 1 (whole run)", one_total / two_total, WORKERS_BAR, "x"),
    ]
    if spark:
        lines.append(
            bar(
                "Spark local[2] vs local[1] (job)",
                spark["local[1]"]["job"] / spark["local[2]"]["job"],
                SPARK_BAR,
                "x",
            )
        )
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("Scaling", body)


if __name__ == "__main__":
    main()
