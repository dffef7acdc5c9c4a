"""Pipeline throughput on one core, per stage, against SoMaJo tokenisation alone.

    .venv/bin/python bench/throughput.py --articles 300

Generates ``--articles`` articles (bench/generate.py), pins this process to one
core, builds the pipeline (timed apart), runs it over every article and then, in
the same process on the same texts, runs SoMaJo alone: plain SoMaJo (``de_CMC``,
sentence splitting, one call per paragraph, as our tokenizer calls it) and
lagebild's tokenizer wrapper (SoMaJo plus offsets). CPU time of the process is
reported beside wall time, because other processes may share the core. Writes
the section "Pipeline throughput" of docs/benchmarks.md (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from report import bar, header, load_average, write_section

from lagebild.ingest.jsonl import read_record
from lagebild.model import Document
from lagebild.nlp.tokenizer import SoMaJoTokenizer, paragraphs
from lagebild.pipeline import Pipeline, freeze_long_lived_objects

ARTICLES_PER_SECOND_BAR = 20.0
RATIO_BAR = 3.0
#: Articles run before timing starts (other articles than the measured ones).
WARM_UP = 3


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def documents(count: int, seed: int) -> list[Document]:
    docs = []
    for index, record in enumerate(generate(count, seed)):
        item = read_record(dict(record), f"bench:{index + 1}")
        assert isinstance(item, Document), item
        docs.append(item)
    return docs


def _split(docs: list[Document]) -> tuple[list[Document], list[Document]]:
    return docs[:WARM_UP], docs[WARM_UP:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print, do not write the docs")
    parser.add_argument(
        "--profile", type=int, default=60, metavar="N", help="profile N articles (0: none)"
    )
    args = parser.parse_args()
    load_before = load_average()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})

    warm_up, docs = _split(documents(args.articles + WARM_UP, args.seed))
    words = sum(len(doc.text.split()) for doc in docs)
    with Clock() as build:
        pipeline = Pipeline.build()
    for doc in warm_up:  # first calls fill lazily loaded tables; not part of the rate
        pipeline(doc)
    freeze_long_lived_objects()  # as lagebild.runner does before its workers' first document
    pipeline.timings.clear()
    with Clock() as run:
        processed = [pipeline(doc) for doc in docs]
    tokens = sum(len(doc.tokens) for doc in processed)

    from somajo import SoMaJo

    somajo = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True)
    texts = [doc.text for doc in docs]
    with Clock() as plain:
        plain_tokens = sum(
            len(sentence)
            for text in texts
            for _start, paragraph in paragraphs(text)
            for sentence in somajo.tokenize_text([paragraph])
        )
    wrapper = SoMaJoTokenizer()
    with Clock() as ours:
        our_tokens = sum(len(sentence) for text in texts for sentence in wrapper.sentences(text))

    n = len(docs)
    lines = [
        header(load_before),
        f"Corpus: {n} generated articles (`bench/generate.py --seed {args.seed}`), "
        f"{words / n:.0f} words and {tokens / n:.0f} tokens per article on average. "
        "One process pinned to one core; pipeline built once before timing "
        f"({build.wall:.1f} s) and run on {WARM_UP} other articles first; then, as "
        "`lagebild.runner` does, the objects alive (pipeline, models) are frozen out of "
        "the garbage collector's full collections.",
        "",
        "| what | wall s | CPU s | articles/s (CPU) | tokens/s (CPU) | share of pipeline |",
        "|---|---:|---:|---:|---:|---:|",
        _row("pipeline, all stages", run.wall, run.cpu, n, tokens, run.cpu),
    ]
    stage_total = sum(pipeline.timings.values())
    for name, seconds in pipeline.timings.items():
        cpu = seconds * run.cpu / stage_total if stage_total else seconds
        lines.append(_row(f"stage {name}", seconds, cpu, n, tokens, run.cpu))
    lines += [
        _row("SoMaJo alone (plain)", plain.wall, plain.cpu, n, plain_tokens, run.cpu),
        _row("lagebild tokenizer (SoMaJo + offsets)", ours.wall, ours.cpu, n, our_tokens, run.cpu),
        "",
        "Per-stage CPU is the stage's wall time scaled by the run's CPU/wall ratio.",
        "",
        bar("pipeline articles/s per core (CPU time)", n / run.cpu, ARTICLES_PER_SECOND_BAR, "/s"),
        bar(
            "pipeline / plain SoMaJo (CPU time)",
            run.cpu / plain.cpu,
            RATIO_BAR,
            "x",
            higher_is_better=False,
        ),
        f"- pipeline / lagebild tokenizer (CPU time): {run.cpu / ours.cpu:.2f} x",
        f"- wall-clock articles/s: {n / run.wall:.1f}",
    ]
    if args.profile:
        lines += ["", *profile(pipeline, docs[: args.profile])]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("Pipeline throughput", body)


#: Functions the profile reports: the pipeline's own steps and the libraries they call.
PROFILED = (
    "somajo/somajo.py:58(_tokenize)",
    "nlp/tagger.py:120(tag)",
    "nlp/ner.py:167(tag_many)",
    "extract/roles.py:48(find_role_phrases)",
    "extract/gazetteer.py:36(find_names)",
    "extract/entities.py:308(result)",
    "extract/dates.py:683(__call__)",
    "extract/amounts.py:649(__call__)",
    "extract/relations.py:161(__call__)",
    "extract/quotes.py:228(__call__)",
)


def profile(pipeline: Pipeline, docs: list[Document]) -> list[str]:
    """Share of the pipeline's time in its main steps (cProfile, cumulative time)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for doc in docs:
        pipeline(doc)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(t for (_f, _l, name), (_c, _n, t, _ct, _callers) in stats.items()) or 1.0
    rows = []
    for (file, line, name), (_calls, _ncalls, _tt, cumulative, _callers) in stats.items():
        key = f"{'/'.join(Path(file).parts[-2:])}:{line}({name})"
        if key in PROFILED:
            rows.append((cumulative, key))
    lines = [
        f"Where the time goes (cProfile over {len(docs)} of the articles; cumulative time "
        "of each step as a share of all profiled time; steps nest, e.g. NER runs inside the "
        "entities stage):",
        "",
        "| step | share |",
        "|---|---:|",
    ]
    lines += [f"| `{key}` | {cumulative / total:.0%} |" for cumulative, key in sorted(rows)[::-1]]
    return lines


def _row(what: str, wall: float, cpu: float, docs: int, tokens: int, pipeline_cpu: float) -> str:
    share = cpu / pipeline_cpu if pipeline_cpu else 0
    return (
        f"| {what} | {wall:.2f} | {cpu:.2f} | {docs / cpu:.1f} | {tokens / cpu:,.0f} "
        f"| {share:.0%} |"
    )


if __name__ == "__main__":
    main()
