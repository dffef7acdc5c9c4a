"""Resident memory per worker process over many articles: the peak, and that it stays flat.

    .venv/bin/python bench/memory.py --articles 10000 --workers 2 --every 500

Streams generated articles (bench/generate.py) through the local runner's worker
processes (``lagebild.runner.process``, the pipeline of ``lagebild ingest
--workers N``) and reads every worker's resident set size (VmRSS) and peak
(VmHWM) from /proc every ``--every`` articles. "Flat" means the resident size at
the end exceeds the one after the first ``--every`` articles (the pipeline and its
tables are loaded by then) by no more than FLAT_TOLERANCE. Writes the section
"Memory" of docs/benchmarks.md (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from report import bar, header, load_average, write_section

from lagebild.ingest.jsonl import read_record
from lagebild.model import Document
from lagebild.runner import PipelineSpec, process

PEAK_BAR_MB = 1024.0
FLAT_TOLERANCE = 0.05  # 5 % growth from the first sample to the last


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def articles(count: int, seed: int) -> Iterator[Document]:
    for index, record in enumerate(generate(count, seed)):
        item = read_record(dict(record), f"bench:{index + 1}")
        assert isinstance(item, Document), item
        yield item


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=500, help="sample every N articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.workers < 2:
        parser.error("--workers must be at least 2 (worker processes are what is measured)")
    load_before = load_average()
    samples: list[tuple[int, float, list[float]]] = []  # (articles, seconds, RSS per worker)
    began = time.perf_counter()
    results = process(articles(args.articles, args.seed), PipelineSpec(), args.workers)
    for done, _result in enumerate(results, start=1):
        if done % args.every == 0 or done == args.articles:
            pids = sorted(child.pid for child in mp.active_children() if child.pid)
            rss = [status_mb(pid, "VmRSS") for pid in pids]
            samples.append((done, time.perf_counter() - began, rss))
            print(f"{done} articles: RSS " + ", ".join(f"{mb:.0f} MB" for mb in rss), flush=True)
            if done == args.articles:
                peaks = [status_mb(pid, "VmHWM") for pid in pids]
    first, last = samples[0], samples[-1]
    growth = [end / start - 1 for start, end in zip(first[2], last[2], strict=False)]
    lines = [
        header(load_before),
        f"{args.articles} generated articles through `lagebild.runner.process` with "
        f"{args.workers} worker processes (`lagebild ingest --workers {args.workers}` without "
        f"the database), {last[1]:.0f} s. Resident memory of each worker:",
        "",
        "| articles | seconds | RSS per worker (MB) |",
        "|---:|---:|---|",
        *(
            f"| {n} | {seconds:.0f} | {', '.join(f'{mb:.0f}' for mb in rss)} |"
            for n, seconds, rss in samples
        ),
        "",
        f"- start (after {first[0]} articles): {', '.join(f'{mb:.0f}' for mb in first[2])} MB; "
        f"end (after {last[0]}): {', '.join(f'{mb:.0f}' for mb in last[2])} MB; growth "
        + ", ".join(f"{g:+.1%}" for g in growth),
        bar("peak RSS per worker (VmHWM, largest worker)", max(peaks), PEAK_BAR_MB, "MB", False),
        bar(
            "growth from start to end (largest worker)",
            max(growth) * 100,
            FLAT_TOLERANCE * 100,
            "%",
            False,
        ),
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("Memory", body)


if __name__ == "__main__":
    main()
