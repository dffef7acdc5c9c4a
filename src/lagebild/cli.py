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
from typing import TYPE_CHECKING, cast

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
@click.option(
    "--alerts",
    "alerts_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML file of alert rules checked after each stored article (docs/monitoring.md).",
)
@click.option(
    "--timeout",
    default=20.0,
    show_default=True,
    type=click.FloatRange(0.1, 600),
    help="Seconds each network call may take (a whole download: three times that).",
)
def ingest(
    sources: tuple[str, ...],
    db_url: str | None,
    kb_files: tuple[Path, ...],
    workers: int,
    progress: bool,
    timeout: float,
    alerts_file: Path | None = None,
) -> None:
    """Read files, directories, URLs and feeds; extract; store in the database."""
    from lagebild.ingest import Limits
    from lagebild.runner import PipelineSpec
    from lagebild.runner import ingest as run_ingest
    from lagebild.store import Store, StoreError

    try:
        store = Store.open(config.database_url(db_url))
    except StoreError as exc:
        fail(str(exc))
    spec = PipelineSpec(resources=_resources(kb_files))
    engine = _alert_engine(store, alerts_file)
    began = time.perf_counter()
    try:
        summary = run_ingest(
            list(sources),
            store,
            spec,
            workers=workers,
            progress=progress,
            on_error=lambda e: click.echo(f"lagebild: {e}", err=True),
            on_stored=engine.check if engine else None,
            limits=Limits(timeout=timeout, total_timeout=3 * timeout),
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
@click.option(
    "--serve/--no-serve",
    default=True,
    show_default=True,
    help="Serve the dashboard on 127.0.0.1 afterwards.",
)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535),
              help="Port of the dashboard.")  # fmt: skip
def demo(db_url: str | None, workers: int, serve: bool, port: int) -> None:
    """Ingest the bundled sample corpus into the database, print the report, serve the dashboard."""
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
    if serve:
        _serve_dashboard("127.0.0.1", port, url)


@main.command("spark-extract")
@click.argument("input_path", metavar="INPUT")
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="DIR",
    help="New directory for the Parquet tables (documents, entities, mentions, ...).",
)
@click.option(
    "--master", default="local[*]", show_default=True, help="Spark master, e.g. local[2]."
)
@click.option(
    "--partitions",
    type=click.IntRange(1),
    default=None,
    help="Input partitions (default: 2 per core).",
)
@KB_OPTION
def spark_extract(
    input_path: str,
    output: str,
    master: str,
    partitions: int | None,
    kb_files: tuple[Path, ...],
) -> None:
    """Run the pipeline on Apache Spark over a JSONL or Parquet file; write Parquet tables."""
    try:
        from lagebild import spark
    except ImportError:
        fail("spark-extract needs pyspark: pip install 'lagebild[spark]'")
    try:
        spark.check_paths(input_path, output)
    except spark.SparkInputError as exc:
        fail(str(exc))
    began = time.perf_counter()
    session = spark.local_session(master)
    try:
        summary = spark.extract(
            session, input_path, output, _resources(kb_files), partitions=partitions
        )
    except spark.SparkInputError as exc:
        fail(str(exc))
    finally:
        session.stop()
    for error in summary.errors:
        click.echo(f"lagebild: {error}", err=True)
    if summary.failed > len(summary.errors):
        click.echo(f"lagebild: ... all {summary.failed} errors in {output}/errors", err=True)
    click.echo(
        f"{summary.documents} documents, {summary.failed} failed "
        f"in {time.perf_counter() - began:.1f} s; tables in {output}"
    )
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("tables", type=click.Path(exists=True, file_okay=False, path_type=Path))
@DB_OPTION
def load(tables: Path, db_url: str | None) -> None:
    """Store the Parquet tables of spark-extract in the database (again: nothing changes)."""
    from lagebild.load import LoadError, load_tables
    from lagebild.store import Store, StoreError

    try:
        store = Store.open(config.database_url(db_url))
    except StoreError as exc:
        fail(str(exc))
    began = time.perf_counter()
    try:
        summary = load_tables(
            tables, store, on_error=lambda message: click.echo(f"lagebild: {message}", err=True)
        )
    except LoadError as exc:
        fail(str(exc))
    finally:
        store.close()
    click.echo(
        f"{summary.stored} stored, {summary.unchanged} unchanged, {summary.failed} failed "
        f"in {time.perf_counter() - began:.1f} s"
    )
    if summary.failed:
        sys.exit(1)


# ---------------------------------------------------------------- database queries

if TYPE_CHECKING:  # the store is imported when a command runs, to keep start-up fast
    import lagebild.monitor.alerts
    import lagebild.monitor.feedlist
    import lagebild.store
    from lagebild.web.write import WriteSettings

SINCE_OPTION = click.option("--since", default=None, metavar="YYYY-MM-DD", help="From this date.")
UNTIL_OPTION = click.option("--until", default=None, metavar="YYYY-MM-DD", help="To this date.")
LIMIT_OPTION = click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1, 10_000), help="Rows shown."
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _open_store(db_url: str | None) -> lagebild.store.Store:
    from lagebild.store import Store, StoreError

    try:
        return Store.open(config.database_url(db_url))
    except StoreError as exc:
        fail(str(exc))
        raise  # unreachable; keeps type checkers content


def _echo_json(value: object) -> None:
    import dataclasses

    def encode(item: object) -> object:
        if isinstance(item, dt.date | dt.datetime):
            return item.isoformat()
        raise TypeError(f"cannot encode {type(item).__name__}")

    data = (
        [dataclasses.asdict(row) for row in value]
        if isinstance(value, list)
        else dataclasses.asdict(value)  # type: ignore[call-overload]
    )
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=encode))


def _relation_type(value: str | None) -> str | None:
    from lagebild.model import PLOVER_TYPES

    if value is not None and value.upper() not in PLOVER_TYPES:
        fail(f"--type: unknown PLOVER type {value!r} (known: {', '.join(PLOVER_TYPES)})", 2)
    return value.upper() if value else None


@main.command()
@DB_OPTION
@SINCE_OPTION
@UNTIL_OPTION
@JSON_OPTION
def report(db_url: str | None, since: str | None, until: str | None, as_json: bool) -> None:
    """Overview: counts, top actors, strongest relations, quotes, figures."""
    from lagebild.analysis.report import build_report, render_report

    period = parse_date(since, "--since"), parse_date(until, "--until")
    with _open_store(db_url) as store:
        built = build_report(store, *period)
    if as_json:
        _echo_json(built)
    else:
        click.echo(render_report(built))


@main.command()
@DB_OPTION
@LIMIT_OPTION
@click.option(
    "--type", "entity_type", default=None, metavar="TYPE", help="PER, ORG, GPE, LOC or OTH."
)
@SINCE_OPTION
@UNTIL_OPTION
@JSON_OPTION
def actors(
    db_url: str | None,
    limit: int,
    entity_type: str | None,
    since: str | None,
    until: str | None,
    as_json: bool,
) -> None:
    """Actors by the independent sources (copy clusters) of the articles mentioning them."""
    from lagebild.textable import format_table

    types = ("PER", "ORG", "GPE", "LOC", "OTH")
    if entity_type is not None and entity_type.upper() not in types:
        fail(f"--type: unknown entity type {entity_type!r} (known: {', '.join(types)})", 2)
    period = parse_date(since, "--since"), parse_date(until, "--until")
    chosen = (entity_type.upper(),) if entity_type else ("PER", "ORG", "GPE")
    with _open_store(db_url) as store:
        rows = store.top_actors(limit, *period, types=chosen)
    if as_json:
        _echo_json(rows)
        return
    table = [[r.name, r.type, r.sources, r.documents, r.mentions, r.entity_id] for r in rows]
    click.echo(format_table(["actor", "type", "sources", "articles", "mentions", "id"], table))


@main.command()
@DB_OPTION
@click.option("--speaker", default=None, metavar="NAME", help="Speaker name, alias or id.")
@click.option("--search", default=None, metavar="TEXT", help="Words the quote contains.")
@click.option("--kind", default=None, type=click.Choice(["direct", "indirect"]), help="Quote kind.")
@SINCE_OPTION
@UNTIL_OPTION
@LIMIT_OPTION
@JSON_OPTION
def quotes(
    db_url: str | None,
    speaker: str | None,
    search: str | None,
    kind: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Quotes, newest first."""
    from lagebild.textable import format_table

    period = parse_date(since, "--since"), parse_date(until, "--until")
    with _open_store(db_url) as store:
        rows = store.quotes(speaker, search, *period, kind=kind, limit=limit)
    if as_json:
        _echo_json(rows)
        return
    table = [
        [r.doc_published, r.speaker_name or "?", r.kind, r.text, r.doc_title or r.doc_id]
        for r in rows
    ]
    click.echo(format_table(["date", "speaker", "kind", "quote", "article"], table))


@main.command()
@DB_OPTION
@click.option("--type", "relation_type", default=None, metavar="TYPE", help="PLOVER type.")
@click.option("--actor", default=None, metavar="NAME", help="Actor name, alias or id.")
@SINCE_OPTION
@UNTIL_OPTION
@LIMIT_OPTION
@JSON_OPTION
def relations(
    db_url: str | None,
    relation_type: str | None,
    actor: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Relations between actors, newest first, with their evidence."""
    from lagebild.textable import format_table

    chosen = _relation_type(relation_type)
    period = parse_date(since, "--since"), parse_date(until, "--until")
    with _open_store(db_url) as store:
        rows = store.relations(chosen, *period, actor=actor, limit=limit)
    if as_json:
        _echo_json(rows)
        return
    table = [
        [
            r.date or r.doc_published,
            r.source_name,
            r.type + _relation_flags(r.asserted, r.hypothetical, r.negated),
            r.target_name,
            r.evidence,
        ]
        for r in rows
    ]
    click.echo(format_table(["date", "source", "type", "target", "evidence"], table))


def _relation_flags(asserted: bool, hypothetical: bool, negated: bool) -> str:
    """Markers after the type: ! negated, ? hypothetical, ~ only claimed by someone."""
    return ("!" if negated else "") + ("?" if hypothetical else "") + ("" if asserted else "~")


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "graphml", "gexf"]),
    required=True,
    help="csv: one file per table and the graph; json: one file; "
    "graphml/gexf: the actor network for Gephi (GEXF with time spans).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Directory for csv, file otherwise (default: ./lagebild-export[.FORMAT]).",
)
@DB_OPTION
@SINCE_OPTION
@UNTIL_OPTION
def export(
    fmt: str, output: Path | None, db_url: str | None, since: str | None, until: str | None
) -> None:
    """Write the database's tables and actor network for spreadsheets, scripts and Gephi."""
    from lagebild.analysis.export import Format
    from lagebild.analysis.export import export as write_export

    period = parse_date(since, "--since"), parse_date(until, "--until")
    target = output or Path("lagebild-export" if fmt == "csv" else f"lagebild-export.{fmt}")
    if fmt == "csv" and target.exists() and not target.is_dir():
        fail(f"{target}: exists and is not a directory")
    if fmt != "csv" and target.is_dir():
        fail(f"{target}: is a directory; give a file name for {fmt}")
    with _open_store(db_url) as store:
        try:
            written = write_export(store, cast(Format, fmt), target, *period)
        except OSError as exc:
            fail(f"{target}: cannot write: {exc.strerror or exc}")
    for path in written:
        click.echo(str(path))


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default keeps the server on this machine.",
)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@DB_OPTION
@click.option(
    "--enable-writes",
    is_flag=True,
    help="Turn on the write endpoints (ingest by URL or upload, KB edits); they need a token.",
)
@click.option(
    "--token-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="File holding the API token for writes (default: $LAGEBILD_API_TOKEN).",
)
@click.option(
    "--allow-private-urls",
    is_flag=True,
    help="Let URL ingest fetch private, loopback and link-local addresses (off: SSRF guard).",
)
@click.option(
    "--kb-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("lagebild-kb.yaml"),
    show_default=True,
    help="User knowledge-base file that KB edits are written to.",
)
def serve(
    host: str,
    port: int,
    db_url: str | None,
    enable_writes: bool,
    token_file: Path | None,
    allow_private_urls: bool,
    kb_file: Path,
) -> None:
    """Serve the dashboard (/) and the REST API (/api/v1, reference at /docs); read-only
    unless --enable-writes."""
    writes = _write_settings(token_file, allow_private_urls, kb_file) if enable_writes else None
    _serve_dashboard(host, port, db_url, writes)


def _serve_dashboard(
    host: str, port: int, db_url: str | None, writes: WriteSettings | None = None
) -> None:
    import uvicorn

    from lagebild.web.app import create_app
    from lagebild.web.assets import WebAssetsMissing

    store = _open_store(db_url)
    try:
        app = create_app(store, writes=writes)
    except WebAssetsMissing as exc:
        store.close()
        fail(str(exc))
    mode = "with token-protected writes" if writes else "read-only"
    click.echo(
        f"lagebild dashboard on http://{host}:{port}/ (API, {mode}: http://{host}:{port}/api/v1, "
        f"reference: http://{host}:{port}/docs); Ctrl+C stops it"
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


def _write_settings(
    token_file: Path | None, allow_private_urls: bool, kb_file: Path
) -> WriteSettings:
    import os

    from lagebild.ingest.addresses import AddressPolicy
    from lagebild.web.write import MIN_TOKEN_LENGTH, WriteSettings

    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{token_file}: cannot read the token: {exc}")
    else:
        token = os.environ.get("LAGEBILD_API_TOKEN", "").strip()
    if len(token) < MIN_TOKEN_LENGTH:
        fail(
            f"--enable-writes needs a token of at least {MIN_TOKEN_LENGTH} characters "
            "(--token-file or $LAGEBILD_API_TOKEN)",
            2,
        )
    return WriteSettings(
        token=token,
        kb_file=kb_file,
        policy=AddressPolicy(allow_private=allow_private_urls),
        kb_paths=config.extra_kb_paths(),
    )


@main.group()
def train() -> None:
    """Train the statistical models lagebild ships."""


@train.command("ner")
@click.option(
    "--train",
    "train_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="GermEval 2014 training file (default: the shared copy).",
)
@click.option(
    "--dev",
    "dev_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="GermEval file to score the new model on (default: shared dev).",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Model directory (default: the package's models/ directory).",
)
@click.option("--epochs", type=click.IntRange(1), default=None, help="Training epochs.")
@click.option("--threads", type=click.IntRange(1), default=None, help="PyTorch CPU threads.")
@click.option(
    "--context-dim",
    type=click.IntRange(0),
    default=None,
    help="Add contextual USE CNN features reduced to N dims (0: none; see docs/ner.md).",
)
@click.option(
    "--context-branch",
    type=click.IntRange(0, 2),
    multiple=True,
    help="USE CNN branch (0, 1, 2: windows 2, 3, 5) for --context-dim; repeatable (default all).",
)
@click.option(
    "--lexicon/--no-lexicon",
    default=None,
    help="Add word-list features (frequencies, nouns, names, places; see docs/ner.md).",
)
@click.option(
    "--piece-projection/--no-piece-projection",
    default=None,
    help="Reduce the subword vectors by a trained layer instead of PCA alone (docs/ner.md).",
)
@click.option(
    "--word-dropout",
    type=click.FloatRange(0, 1, max_open=True),
    default=None,
    help="Probability of hiding a known word from the model in training.",
)
@click.option(
    "--lr-decay",
    type=click.FloatRange(0),
    default=None,
    help="Learning rate in epoch e (from 0) is the initial rate / (1 + decay * e).",
)
@click.option(
    "--average-from",
    type=click.IntRange(0),
    default=None,
    help="From epoch N on, the running mean of the weights competes for selection (0: off).",
)
@click.option(
    "--pos/--no-pos",
    "pos_features",
    default=None,
    help="Add HanTa's part-of-speech features (tag in context, NE/NN shares; docs/ner.md).",
)
def train_ner_command(
    train_file: Path | None,
    dev_file: Path | None,
    output: Path | None,
    epochs: int | None,
    threads: int | None,
    context_dim: int | None,
    context_branch: tuple[int, ...],
    lexicon: bool | None,
    piece_projection: bool | None,
    word_dropout: float | None,
    lr_decay: float | None,
    average_from: int | None,
    pos_features: bool | None,
) -> None:
    """Train the BiLSTM-CRF NER tagger on GermEval 2014 (needs the train extra)."""
    from lagebild.evaluate.germeval import GermEvalFormatError
    from lagebild.train.ner import train_from_options

    try:
        report = train_from_options(
            train_file,
            dev_file,
            output,
            log=lambda message: click.echo(message, err=True),
            epochs=epochs,
            threads=threads,
            context_dim=context_dim,
            context_branches=context_branch or None,
            lexicon=lexicon,
            piece_projection=piece_projection,
            word_dropout=word_dropout,
            lr_decay=lr_decay,
            average_from=average_from,
            pos_features=pos_features,
        )
    except (GermEvalFormatError, OSError, ImportError, ValueError) as exc:
        fail(str(exc))
    click.echo(
        f"model written to {report.output} in {report.seconds:.0f} s "
        f"({report.sentences} training sentences, epoch {report.best_epoch} chosen "
        f"on held-out training sentences, F1 {report.validation_f1:.4f})"
    )
    if report.dev_scores is not None:
        click.echo(report.dev_scores.table())


@train.command("lexicon")
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="GermEval TSV or CoNLL-U file whose words to analyse (repeatable; "
    "default: the shared GermEval 2014 and UD German GSD copies).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Lexicon file (default: the package's models/tagger-lexicon.tsv.gz).",
)
def train_lexicon_command(sources: tuple[Path, ...], output: Path | None) -> None:
    """Store HanTa's analyses of common word forms so tagging need not redo them."""
    from lagebild.train.lexicon import DEFAULT_SOURCES, build_lexicon, default_output

    try:
        build_lexicon(
            output or default_output(),
            sources or DEFAULT_SOURCES,
            log=lambda message: click.echo(message, err=True),
        )
    except OSError as exc:
        fail(str(exc))


@main.group()
def benchmark() -> None:
    """Score the shipped models on public benchmark data."""


@benchmark.command("germeval")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write token, gold and predicted label columns here.",
)
def benchmark_germeval(file: Path, predictions: Path | None) -> None:
    """Strict CoNLL entity F1 of the shipped NER model on a GermEval 2014 FILE."""
    from lagebild.evaluate.germeval import GermEvalFormatError, benchmark_file

    try:
        result = benchmark_file(file, predictions)
    except (GermEvalFormatError, OSError) as exc:
        fail(str(exc))
    click.echo(result.scores.table())
    click.echo(
        f"{result.tokens} tokens in {result.seconds:.2f} s "
        f"({result.tokens_per_second:,.0f} tokens/s)"
    )


@main.command()
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--details", is_flag=True, help="Also score each document and list what it got wrong."
)
@KB_OPTION
@click.pass_context
def evaluate(
    ctx: click.Context, gold_dir: Path, as_json: bool, details: bool, kb_files: tuple[Path, ...]
) -> None:
    """Score the pipeline against the gold files (*.json) in GOLD_DIR."""
    from lagebild.evaluate import (
        EvaluationSetup,
        GoldFileError,
        evaluate_gold,
        kb_resolver,
        load_gold_dir,
    )
    from lagebild.evaluate.render import render_report
    from lagebild.pipeline import Pipeline

    try:
        golds = load_gold_dir(gold_dir)
    except GoldFileError as exc:
        fail(str(exc))
    setup = ctx.obj
    if not isinstance(setup, EvaluationSetup):
        resources = _resources(kb_files)
        setup = EvaluationSetup(Pipeline.build(resources=resources), kb_resolver(resources.kb))
    report = evaluate_gold(
        golds,
        setup.pipeline,
        setup.resolve,
        on_error=lambda message: click.echo(f"lagebild: {message}", err=True),
    )
    if as_json:
        click.echo(json.dumps(report.to_dict(details), ensure_ascii=False, indent=2))
    else:
        click.echo(render_report(report, details))
    if report.failed:
        fail(f"the pipeline failed on {len(report.failed)} documents (scored as nothing found)")


@benchmark.command("spkatt")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--split",
    type=click.Choice(["dev", "all"]),
    default="dev",
    show_default=True,
    help="dev: our fixed 10 % of the folder's files (see docs/evaluation.md); all: every file.",
)
@click.option(
    "--predictions",
    "predictions_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write our annotations to, one file per document in the data's format.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@KB_OPTION
@click.pass_context
def benchmark_spkatt(
    ctx: click.Context,
    folder: Path,
    split: str,
    predictions_dir: Path | None,
    as_json: bool,
    kb_files: tuple[Path, ...],
) -> None:
    """Score quote attribution on SpkAtt-2023 Task 2 data (subtask 2: source + message)."""
    from lagebild.evaluate import EvaluationSetup
    from lagebild.evaluate.spkatt import BenchmarkDataError, Split, run_benchmark
    from lagebild.pipeline import Pipeline

    setup = ctx.obj
    pipeline = (
        setup.pipeline
        if isinstance(setup, EvaluationSetup)
        else Pipeline.build(resources=_resources(kb_files))
    )
    try:
        chosen: Split = "all" if split == "all" else "dev"
        result = run_benchmark(
            folder,
            pipeline,
            chosen,
            predictions_dir,
            on_error=lambda message: click.echo(f"lagebild: {message}", err=True),
        )
    except (BenchmarkDataError, OSError) as exc:
        fail(str(exc))
    scores = result.scores
    if as_json:
        summary = {"documents": result.documents, "split": split, **scores.to_dict()}
        click.echo(json.dumps({**summary, "failed": list(result.failed)}, ensure_ascii=False))
    else:
        click.echo(f"SpkAtt-2023 task 2, subtask 2: {result.documents} documents ({split})")
        for label, counts in (("message", scores.message), ("source", scores.source)):
            click.echo(
                f"{label:<8} P={counts.precision:.3f} R={counts.recall:.3f} F1={counts.f1:.3f}"
            )
        click.echo(f"joint    F1={scores.joint.f1:.3f}")
    if result.failed:
        fail(f"the pipeline failed on {len(result.failed)} documents (scored as no predictions)")


# ---------------------------------------------------------------- feed watching


def _feed_specs(arguments: tuple[str, ...]) -> list[lagebild.monitor.feedlist.FeedSpec]:
    from lagebild.monitor.feedlist import FeedListError, read_feed_arguments

    try:
        return read_feed_arguments(arguments)
    except FeedListError as exc:
        fail(str(exc), 2)
        raise  # unreachable; keeps type checkers content


def _duration(value: str, option: str) -> int:
    from lagebild.monitor.feedlist import FeedListError, parse_duration

    try:
        return parse_duration(value)
    except FeedListError as exc:
        fail(f"{option}: {exc}", 2)
        raise  # unreachable; keeps type checkers content


def _register_feeds(
    store: lagebild.store.Store,
    specs: list[lagebild.monitor.feedlist.FeedSpec],
    every: int,
    name: str | None = None,
) -> list[str]:
    """Add or update feeds in the database; their URLs."""
    now = time.time()
    for spec in specs:
        store.feeds.add(spec.url, spec.interval_seconds or every, now, spec.name or name)
    return [spec.url for spec in specs]


EVERY_OPTION = click.option(
    "--every",
    default="15m",
    show_default=True,
    metavar="DURATION",
    help="Polling interval of feeds whose list line sets none (15m, 1h, 1h30m).",
)


@main.command()
@click.argument("feeds", nargs=-1)
@EVERY_OPTION
@click.option(
    "--politeness",
    default="2s",
    show_default=True,
    metavar="DURATION",
    help="Least time between two requests to the same host.",
)
@click.option(
    "--max-backoff",
    default="6h",
    show_default=True,
    metavar="DURATION",
    help="Longest wait before polling a feed that keeps failing.",
)
@click.option("--once", is_flag=True, help="Poll the due feeds once and exit.")
@click.option(
    "--alerts",
    "alerts_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML file of alert rules checked after each stored article.",
)
@DB_OPTION
@KB_OPTION
def watch(
    feeds: tuple[str, ...],
    every: str,
    politeness: str,
    max_backoff: str,
    once: bool,
    alerts_file: Path | None,
    db_url: str | None,
    kb_files: tuple[Path, ...],
) -> None:
    """Poll RSS/Atom feeds (URLs or feed-list files) and ingest their new items.

    Without FEEDS, watches every feed registered with `lagebild feeds add`.
    State is kept in the database, so a restart fetches nothing twice.
    """
    from lagebild.monitor.watch import Watcher, WatchSettings
    from lagebild.pipeline import Pipeline

    interval = _duration(every, "--every")
    settings = WatchSettings(
        politeness=_duration(politeness, "--politeness") if politeness != "0" else 0.0,
        max_backoff=_duration(max_backoff, "--max-backoff"),
    )
    specs = _feed_specs(feeds)
    with _open_store(db_url) as store:
        only = _register_feeds(store, specs, interval) if specs else None
        if not store.feeds.all():
            fail("no feeds to watch: give feed URLs or lists, or use `lagebild feeds add`", 2)
        engine = _alert_engine(store, alerts_file)
        pipeline = Pipeline.build(resources=_resources(kb_files))
        with Watcher(
            store,
            pipeline,
            settings=settings,
            only=only,
            on_event=lambda message: click.echo(f"lagebild: {message}", err=True),
            on_stored=engine.check if engine else None,
        ) as watcher:
            try:
                if once:
                    watcher.poll_due()
                else:
                    watcher.run()
            except KeyboardInterrupt:
                pass  # state is saved after every poll and item; stopping loses nothing
        summary = watcher.summary
    click.echo(
        f"{summary.polls} polls ({summary.not_modified} not modified, "
        f"{summary.failed_polls} failed), {summary.stored} stored, "
        f"{summary.known} already known, {summary.failed_items} items given up"
    )


@main.group()
def feeds() -> None:
    """Manage the feeds `lagebild watch` polls."""


@feeds.command("add")
@click.argument("feeds", nargs=-1, required=True)
@EVERY_OPTION
@click.option("--name", default=None, help="Name shown for the feed(s).")
@DB_OPTION
def feeds_add(feeds: tuple[str, ...], every: str, name: str | None, db_url: str | None) -> None:
    """Register feed URLs or the feeds of list files (a known feed gets the new interval)."""
    interval = _duration(every, "--every")
    specs = _feed_specs(feeds)
    with _open_store(db_url) as store:
        known = {feed.url for feed in store.feeds.all()}
        for url in _register_feeds(store, specs, interval, name):
            click.echo(f"{'updated' if url in known else 'added'} {url}")


@feeds.command("list")
@DB_OPTION
@JSON_OPTION
def feeds_list(db_url: str | None, as_json: bool) -> None:
    """Registered feeds with their state: last poll, next poll, failures, items stored."""
    from lagebild.monitor.feedlist import format_duration
    from lagebild.textable import format_table

    with _open_store(db_url) as store:
        rows = store.feeds.all()
    if as_json:
        _echo_json(rows)
        return

    def when(stamp: float | None) -> str:
        if stamp is None:
            return "-"
        return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

    table = [
        [
            r.url,
            r.name or "",
            format_duration(r.interval_seconds),
            when(r.last_polled_at),
            when(r.next_poll_at) if r.next_poll_at is not None else "now",
            r.failures,
            r.items_stored,
            r.last_error or "",
        ]
        for r in rows
    ]
    headers = ["feed", "name", "every", "last poll (UTC)", "next poll", "failures", "stored"]
    click.echo(format_table([*headers, "last error"], table))


@feeds.command("remove")
@click.argument("urls", nargs=-1, required=True)
@DB_OPTION
def feeds_remove(urls: tuple[str, ...], db_url: str | None) -> None:
    """Stop watching feeds (their items stay seen, so re-adding fetches nothing twice)."""
    with _open_store(db_url) as store:
        unknown = [url for url in urls if not store.feeds.remove(url)]
    for url in urls:
        if url not in unknown:
            click.echo(f"removed {url}")
    if unknown:
        fail(f"not a registered feed: {', '.join(unknown)}")


# ---------------------------------------------------------------- alerts


def _alert_engine(
    store: lagebild.store.Store, rules_file: Path | None
) -> lagebild.monitor.alerts.AlertEngine | None:
    """Alert rules from ``rules_file`` delivered to stderr and the file's webhooks."""
    if rules_file is None:
        return None
    from lagebild.monitor.alerts import (
        AlertEngine,
        AlertRuleError,
        Delivery,
        LogDelivery,
        WebhookDelivery,
        load_alert_rules,
    )

    try:
        rules = load_alert_rules(rules_file)
    except AlertRuleError as exc:
        store.close()
        fail(str(exc), 2)
        raise  # unreachable; keeps type checkers content

    def echo(message: str) -> None:
        click.echo(f"lagebild: {message}", err=True)

    deliveries: list[Delivery] = [LogDelivery(echo)]
    deliveries += [WebhookDelivery(url, on_error=echo) for url in rules.webhooks]
    return AlertEngine(store, rules, deliveries)


@main.command()
@DB_OPTION
@LIMIT_OPTION
@JSON_OPTION
def alerts(db_url: str | None, limit: int, as_json: bool) -> None:
    """Alerts fired by `ingest --alerts` and `watch --alerts`, newest first."""
    from lagebild.textable import format_table

    with _open_store(db_url) as store:
        rows = store.alerts.fired(limit)
    if as_json:
        click.echo(json.dumps([json.loads(r.payload) for r in rows], ensure_ascii=False, indent=2))
        return
    table = [
        [
            dt.datetime.fromtimestamp(r.fired_at, dt.UTC).strftime("%Y-%m-%d %H:%M"),
            r.rule,
            r.kind,
            r.message,
        ]
        for r in rows
    ]
    click.echo(format_table(["fired (UTC)", "rule", "kind", "alert"], table, max_width=100))


# ---------------------------------------------------------------- change over time


def _since_or_duration(value: str | None, option: str, until: dt.date) -> dt.date | None:
    """A date, or a duration counted back from ``until`` (``7d``, ``4w``): 7d is the 7 days
    ending with ``until``."""
    import re

    if value is None:
        return None
    found = re.fullmatch(r"(\d{1,4})([dw])", value.strip())
    if found is None:
        return parse_date(value, option)
    days = int(found.group(1)) * (7 if found.group(2) == "w" else 1)
    if days < 1:
        fail(f"{option}: a duration must be at least one day: {value!r}", 2)
    return until - dt.timedelta(days=days - 1)


@main.command()
@click.option(
    "--period",
    "granularity",
    type=click.Choice(["week", "month"]),
    default="month",
    show_default=True,
    help="Length of a period.",
)
@DB_OPTION
@click.option(
    "--since",
    default=None,
    metavar="DATE|Nd|Nw",
    help="First day, or a duration before --until (default: 12 months or 8 weeks).",
)
@click.option(
    "--until", default=None, metavar="YYYY-MM-DD", help="Last day (default: the newest article)."
)
@click.option(
    "--top", default=10, show_default=True, type=click.IntRange(1, 500), help="Rows per part."
)
@JSON_OPTION
def changes(
    granularity: str,
    db_url: str | None,
    since: str | None,
    until: str | None,
    top: int,
    as_json: bool,
) -> None:
    """What changed per week or month: strengths, blocs, first-seen relations, rising actors,
    contradicting quotes and figures that differ between outlets."""
    from lagebild.analysis.trends import changes as find_changes
    from lagebild.analysis.trends import render_changes

    last = parse_date(until, "--until")
    with _open_store(db_url) as store:
        end = last or store.published_span().last or dt.date.today()
        first = _since_or_duration(since, "--since", end)
        if first is not None and first > end:
            fail(f"--since {since} is after --until {end.isoformat()}", 2)
        found = find_changes(
            store,
            granularity,  # type: ignore[arg-type]
            first,
            last,
            top=top,
            language=None if as_json else "de",  # the text is German; JSON keeps stored names
        )
    if as_json:
        _echo_json(found)
    else:
        click.echo(render_changes(found))


@main.command()
@click.option(
    "--since",
    default="7d",
    show_default=True,
    metavar="DATE|Nd|Nw",
    help="First day, or a duration ending with --until.",
)
@click.option(
    "--until", default=None, metavar="YYYY-MM-DD", help="Last day (default: the newest article)."
)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (md: the network picture goes beside it as NAME.svg); default stdout.",
)
@click.option(
    "--dashboard",
    default="http://127.0.0.1:8765",
    show_default=True,
    metavar="URL",
    help="Dashboard address the evidence links point to.",
)
@DB_OPTION
def brief(
    since: str,
    until: str | None,
    fmt: str,
    output: Path | None,
    dashboard: str,
    db_url: str | None,
) -> None:
    """A briefing of the period: main developments as German paragraphs built from the
    extracted facts, with quotes, figures, evidence links and a network picture."""
    from lagebild.analysis.briefing import build_briefing, safe_url, write_briefing

    if safe_url(dashboard) is None:
        fail(f"--dashboard: not an http(s) URL: {dashboard!r}", 2)
    last = parse_date(until, "--until")
    with _open_store(db_url) as store:
        end = last or store.published_span().last
        if end is None:
            fail("the database has no articles: nothing to brief", 2)
            raise AssertionError("unreachable")
        first = _since_or_duration(since, "--since", end)
        assert first is not None
        if first > end:
            fail(f"--since {since} is after --until {end.isoformat()}", 2)
        built = build_briefing(store, first, end, dashboard=dashboard)
    try:
        text, written = write_briefing(built, fmt, output)  # type: ignore[arg-type]
    except OSError as exc:
        fail(f"--output {output}: cannot write: {exc.strerror or exc}")
        raise  # unreachable; keeps type checkers content
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)


@main.command("fingerprint")
@DB_OPTION
def fingerprint_command(db_url: str | None) -> None:
    """Link near-copies among documents stored before near-duplicate detection existed."""
    from lagebild.monitor.near_duplicates import backfill

    with _open_store(db_url) as store:
        done = backfill(store)
        copies = sum(m.duplicate_of is not None for m in store.fingerprints.memberships())
    click.echo(f"{done} documents fingerprinted; {copies} documents in the database are copies")


@main.command("stories")
@DB_OPTION
@SINCE_OPTION
@UNTIL_OPTION
@LIMIT_OPTION
@click.option(
    "--min-articles",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    help="Only stories with at least this many articles.",
)
@JSON_OPTION
def stories_command(
    db_url: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    min_articles: int,
    as_json: bool,
) -> None:
    """Stories (articles about one event), by independent sources, then articles."""
    from dataclasses import asdict

    from lagebild.textable import format_table

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with _open_store(db_url) as store:
        rows = store.stories.top(since=first, until=last, limit=limit, min_articles=min_articles)
    if as_json:
        click.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2, default=str))
        return
    table = [
        [
            f"{r.first or '–'} – {r.last or '–'}",
            r.title or r.id,
            len(r.articles),
            r.sources,
            ", ".join(r.outlets) or "–",
            ", ".join(a.name for a in r.actors) or "–",
        ]
        for r in rows
    ]
    headers = ["dates", "story", "articles", "sources", "outlets", "main actors"]
    click.echo(format_table(headers, table, max_width=60))


@main.command("cluster-stories")
@DB_OPTION
@click.option("--again", is_flag=True, help="Forget every story and cluster all documents anew.")
def cluster_stories_command(db_url: str | None, again: bool) -> None:
    """Put stored documents without a story into stories, and group their quotes into facts."""
    from lagebild.monitor.facts import backfill_quote_facts
    from lagebild.monitor.stories import STATS, recluster

    with _open_store(db_url) as store:
        done = recluster(store, again=again)
        quotes = backfill_quote_facts(store)
        stories = len(store.stories.sizes())
    cost = f"; embedding {STATS.ms_per_article:.1f} ms per article" if STATS.articles else ""
    click.echo(
        f"{done} documents clustered; {stories} stories in the database; "
        f"{quotes} quotes grouped into facts{cost}"
    )


if __name__ == "__main__":
    main()
