"""Command-line interface: ``lagebild COMMAND``.

Commands are thin: they parse options, call library functions and print. Every
failure the user can cause ends in a one-line message and a non-zero exit code.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import click

from lagebild import __version__, config
from lagebild.pipeline import Resources

DB_OPTION = click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Database URL (default: $LAGEBILD_DATABASE_URL or sqlite:///lagebild.db).",
)
KB_OPTION = click.option(
    "--kb",
    "kb_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra knowledge-base YAML file (repeatable; also $LAGEBILD_KB).",
)


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error and exit."""
    click.echo(f"lagebild: error: {message}", err=True)
    sys.exit(code)


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: not a date in the form YYYY-MM-DD: {value!r}", 2)
        raise  # unreachable; keeps type checkers content


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
def main() -> None:
    """lagebild: German security-policy news in, evidence-linked knowledge graph out."""


def _resources(kb_files: tuple[Path, ...]) -> Resources:
    return Resources(kb_paths=config.extra_kb_paths() + tuple(kb_files))


@main.command()
@click.argument("sources", nargs=-1, required=True)
@DB_OPTION
@KB_OPTION
@click.option(
    "--workers",
    "-w",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes running the pipeline.",
)
@click.option("--progress/--no-progress", default=True, help="Show a progress bar.")
def ingest(
    sources: tuple[str, ...],
    db_url: str | None,
    kb_files: tuple[Path, ...],
    workers: int,
    progress: bool,
) -> None:
    """Read files, directories, URLs and feeds; extract; store in the database."""
    from lagebild.runner import PipelineSpec
    from lagebild.runner import ingest as run_ingest
    from lagebild.store import Store, StoreError

    try:
        store = Store.open(config.database_url(db_url))
    except StoreError as exc:
        fail(str(exc))
    spec = PipelineSpec(resources=_resources(kb_files))
    began = time.perf_counter()
    try:
        summary = run_ingest(
            list(sources),
            store,
            spec,
            workers=workers,
            progress=progress,
            on_error=lambda e: click.echo(f"lagebild: {e}", err=True),
        )
    finally:
        store.close()
    click.echo(
        f"{summary.stored} stored, {summary.unchanged} unchanged, "
        f"{summary.unsupported_language} not analysed (language), {summary.failed} failed "
        f"in {time.perf_counter() - began:.1f} s"
    )
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--published",
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date (default: from the text, if it gives one).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True
)
@KB_OPTION
def extract(file: Path, published: str | None, fmt: str, kb_files: tuple[Path, ...]) -> None:
    """Process one article without a database and print what was found."""
    from lagebild.ingest import IngestError, read_sources
    from lagebild.pipeline import Pipeline
    from lagebild.serialize import document_to_json

    items = list(read_sources([str(file)]))
    docs = [item for item in items if not isinstance(item, IngestError)]
    for item in items:
        if isinstance(item, IngestError):
            fail(str(item))
    if len(docs) != 1:
        fail(f"{file}: expected one article, found {len(docs)}")
    doc = docs[0]
    if published is not None:
        doc.published = parse_date(published, "--published")
    doc = Pipeline.build(resources=_resources(kb_files))(doc)
    if fmt == "json":
        click.echo(json.dumps(document_to_json(doc), ensure_ascii=False, indent=2))
    else:
        from lagebild.serialize import document_to_table

        click.echo(document_to_table(doc))


@main.command()
@DB_OPTION
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 64))
def demo(db_url: str | None, workers: int) -> None:
    """Ingest the bundled sample corpus into the database and print the report."""
    from lagebild.analysis.report import build_report, render_report
    from lagebild.corpus import sample_corpus_path
    from lagebild.runner import PipelineSpec
    from lagebild.runner import ingest as run_ingest
    from lagebild.store import Store, StoreError

    url = config.database_url(db_url)
    try:
        store = Store.open(url)
    except StoreError as exc:
        fail(str(exc))
    began = time.perf_counter()
    with sample_corpus_path() as corpus:
        summary = run_ingest(
            [str(corpus)],
            store,
            PipelineSpec(resources=_resources(())),
            workers=workers,
            on_error=lambda e: click.echo(f"lagebild: {e}", err=True),
        )
    click.echo(render_report(build_report(store)))
    store.close()
    click.echo(
        f"\nSample corpus: {summary.stored} articles stored, {summary.unchanged} already there, "
        f"{summary.unsupported_language} in other languages (stored, not analysed), "
        f"{summary.failed} failed; {time.perf_counter() - began:.1f} s. Database: {url}"
    )
    if summary.failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
