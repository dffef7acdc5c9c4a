"""One `lagebild ingest` run over a corpus of hostile inputs, generated here in a temporary
directory, plus a local HTTP server whose feed items fail in every way a web server can.

Each bad input must end in exactly one line "lagebild: <input>: <reason>", every readable
input of the same run must be stored completely (the same documents and annotations as a
clean run of the readable inputs alone), the process must stay below 1 GB and finish within
a bound, and the database must pass SQLite's integrity check.
"""

from __future__ import annotations

import codecs
import gzip
import json
import random
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from lagebild.runner import ingest
from lagebild.store import Store
from processes import run_measured, stored_documents

from .conftest import LocalServer, article_html, serving, sleeping_handler

MEMORY_LIMIT_KB = 1024 * 1024
NETWORK_TIMEOUT = 1.0

GERMAN = (
    "Die Außenministerin äußerte sich am Montag in Köln zur Lage an der Grenze. "
    "Die Nato unterstütze die Ukraine weiter mit Waffen, sagte sie. Grüße an alle Zuhörer!"
)
SENTENCE = "die Regierung in Berlin unterstützt die Ukraine mit Waffen und Geld"


def _article(title: str, body: str = GERMAN) -> str:
    return f"{title}\n\n{body}\n"


GOOD_LINES = [
    json.dumps({"text": _article("JSONL eins")}).encode(),
    json.dumps({"text": _article("JSONL zwei", "Der Bundestag tagte in Berlin.")}).encode(),
]


@dataclass
class HostileRun:
    corpus: Path
    server: LocalServer
    database: Path
    returncode: int
    stderr_lines: list[str]
    stdout: str
    peak_rss_kb: int
    seconds: float
    clean: dict[str, dict[str, object]]  # doc id -> stored document of the clean run

    def error_for(self, source: str) -> list[str]:
        return [line for line in self.stderr_lines if line.startswith(f"lagebild: {source}: ")]


# --------------------------------------------------------------------------- the corpus


def _write_corpus(corpus: Path) -> tuple[list[str], list[str]]:
    """Hostile files plus readable ones; returns (readable sources, all file sources)."""
    corpus.mkdir()
    rng = random.Random(6)
    files: dict[str, bytes] = {
        "binaer.txt": bytes(rng.randrange(256) for _ in range(50_000)) + b"\x00",
        "leer.txt": b"",
        "nur-leerzeichen.txt": b"  \n\t\n  ",
        "verschachtelt.html": (
            b"<html><body>" + b"<div>" * 100_000 + GERMAN.encode() + b"</div>" * 100_000
        ),
        "millionen-tags.html": b"<html><body>" + b"<i>x</i>" * 1_000_000 + b"</body></html>",
        "kaputt.rss": b'<?xml version="1.0"?><rss version="2.0"><chan',
        "kaputt.atom": b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">&x;<<</',
        "zeilen.jsonl": b"\n".join(
            [
                GOOD_LINES[0],
                b'{"text": "abgeschnitten',
                b"[1, 2, 3]",
                b'{"title": "ohne Text"}',
                b"\xff\xfe{kein json}",
                GOOD_LINES[1],
            ]
        ),
        # readable, each in its own way
        "kaputtes-utf8.txt": (
            _article("Kaputtes UTF-8").encode() + b" \xff\xc3 " + "Straße.".encode()
        ),
        "latin1.txt": _article("Latin-1 Text").encode("latin-1"),
        "cp1252.txt": _article("Windows-1252", "„Wir handeln jetzt“ – so die Köchin.").encode(
            "cp1252"
        ),
        "bom-utf8.txt": codecs.BOM_UTF8 + _article("BOM UTF-8").encode("utf-8"),
        "bom-utf16.txt": codecs.BOM_UTF16_LE + _article("BOM UTF-16").encode("utf-16-le"),
        "anfuehrungszeichen.txt": _article("Anführungszeichen", _unbalanced_quotes(rng)).encode(),
        "ein-satz.txt": _article(
            "Ein Satz", ", ".join([SENTENCE] * (1_000_000 // (len(SENTENCE) + 2) + 1)) + "."
        ).encode(),
        "englisch.txt": _article(
            "NATO summit",
            "NATO foreign ministers met in Brussels on Tuesday to discuss support for Ukraine.",
        ).encode(),
        "franzoesisch.txt": _article(
            "Sommet de l'OTAN",
            "Les ministres des affaires étrangères se sont réunis mardi à Bruxelles.",
        ).encode(),
        "gut.txt": _article("Gute Meldung").encode(),
        "gut.html": article_html().encode(),
    }
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    with (corpus / "gross.txt").open("wb") as big:  # 100 MB of real text, not a sparse file
        block = (_article("Groß") * 400).encode()
        for _ in range(100 * 1024 * 1024 // len(block) + 1):
            big.write(block)
    binary = corpus.parent / "daten.bin"  # named explicitly: judged by content
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    readable = [
        "kaputtes-utf8.txt", "latin1.txt", "cp1252.txt", "bom-utf8.txt", "bom-utf16.txt",
        "anfuehrungszeichen.txt", "ein-satz.txt", "englisch.txt", "franzoesisch.txt",
        "gut.txt", "gut.html",
    ]  # fmt: skip
    clean_lines = corpus.parent / "nur-gute-zeilen.jsonl"
    clean_lines.write_bytes(b"\n".join(GOOD_LINES))
    return [*(str(corpus / name) for name in readable), str(clean_lines)], [str(binary)]


def _unbalanced_quotes(rng: random.Random) -> str:
    """Six thousand words, thousands of them opening or closing quotes that never pair up."""
    pieces = ["„Er", "sagte“", '"', "»sie«", "«", "warnte", "„"]
    return " ".join(rng.choice(pieces) for _ in range(6000))


def _never_answers(request: BaseHTTPRequestHandler) -> None:
    sleeping_handler(30)(request)


def _serve_routes(server: LocalServer) -> list[str]:
    """Fill the server; returns the sources the run reads from it (feed URLs, page URLs)."""
    server.page("/artikel", article_html("Aus dem Feed"))
    server.routes["/fehlt"] = (404, {"Content-Type": "text/html"}, b"nicht da")
    server.routes["/kaputt"] = (500, {"Content-Type": "text/html"}, b"Serverfehler")
    server.routes["/schleife"] = (302, {"Location": "/schleife2"}, b"")
    server.routes["/schleife2"] = (302, {"Location": "/schleife"}, b"")
    server.routes["/still"] = _never_answers
    server.routes["/bombe"] = (
        200,
        {"Content-Type": "text/html", "Content-Encoding": "gzip"},
        gzip.compress(b"<p>" + b"\0" * (40 * 1024 * 1024), compresslevel=9),
    )
    items = "".join(
        f"<item><title>{path}</title><link>{server.url(path)}</link></item>"
        for path in ("/artikel", "/fehlt", "/kaputt", "/schleife", "/still", "/bombe")
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Testfeed</title>{items}'
    server.page("/feed.xml", feed + "</channel></rss>", "application/rss+xml")
    good_item = items[: items.index("</item>") + len("</item>")]
    server.page("/nur-gutes.xml", f"{feed[: feed.index('<item>')]}{good_item}</channel></rss>",
                "application/rss+xml")  # fmt: skip
    return [server.url("/feed.xml"), server.url("/still"), server.url("/kaputt")]


# --------------------------------------------------------------------------- the run


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileRun]:
    root = tmp_path_factory.mktemp("hostile")
    readable, explicit = _write_corpus(root / "korpus")
    with serving() as server:
        urls = _serve_routes(server)
        database = root / "hostile.db"
        began = time.monotonic()
        sources = [str(root / "korpus"), *explicit, *urls]
        options = ["--db", f"sqlite:///{database}", "--no-progress"]
        finished = run_measured(["ingest", *sources, *options, "--timeout", str(NETWORK_TIMEOUT)])
        seconds = time.monotonic() - began
        clean_url = f"sqlite:///{root / 'clean.db'}"
        with Store.open(clean_url) as store:
            summary = ingest([*readable, server.url("/nur-gutes.xml")], store, progress=False)
        assert not summary.errors, summary.errors
        yield HostileRun(
            corpus=root / "korpus",
            server=server,
            database=database,
            returncode=finished.returncode,
            stderr_lines=finished.stderr.splitlines(),
            stdout=finished.stdout,
            peak_rss_kb=finished.peak_rss_kb,
            seconds=seconds,
            clean=stored_documents(clean_url),
        )


# --------------------------------------------------------------------------- the checks

FILE_ERRORS = {
    "binaer.txt": r"not a text file \(binary content\)",
    "leer.txt": r"empty",
    "nur-leerzeichen.txt": r"empty",
    "gross.txt": r"too large \(100\.\d MB > 20\.0 MB\)",
    "verschachtelt.html": r"HTML too complex \(\d+ tags > 100000\)",
    "millionen-tags.html": r"HTML too complex \(\d+ tags > 100000\)",
    "kaputt.rss": r"feed has no items",
    "kaputt.atom": r"feed has no items",
    "zeilen.jsonl:2": r"invalid JSON: .+",
    "zeilen.jsonl:3": r"expected a JSON object, found list",
    "zeilen.jsonl:4": r'no "text" string',
    "zeilen.jsonl:5": r"not UTF-8: invalid start byte",
}
URL_ERRORS = {
    "/fehlt": r"HTTP 404",
    "/kaputt": r"HTTP 500",
    "/schleife": r"too many redirects \(more than 5\)",
    "/still": r"timed out after 1 s",
    "/bombe": r"too large \(more than 20\.0 MB > 20\.0 MB\)",
}


@pytest.mark.parametrize("name", sorted(FILE_ERRORS))
def test_each_bad_file_is_one_line_naming_it_and_the_reason(hostile: HostileRun, name: str) -> None:
    lines = hostile.error_for(str(hostile.corpus / name))
    assert len(lines) == 1, hostile.stderr_lines
    assert re.fullmatch(rf"lagebild: {re.escape(str(hostile.corpus / name))}: {FILE_ERRORS[name]}",
                        lines[0]), lines[0]  # fmt: skip


def test_a_binary_file_named_explicitly_is_refused(hostile: HostileRun) -> None:
    binary = str(hostile.corpus.parent / "daten.bin")
    assert hostile.error_for(binary) == [f"lagebild: {binary}: not a text file (binary content)"]


@pytest.mark.parametrize("path", sorted(URL_ERRORS))
def test_each_failing_url_is_one_line_naming_it_and_the_reason(
    hostile: HostileRun, path: str
) -> None:
    url = hostile.server.url(path)
    lines = hostile.error_for(url)
    # /still and /kaputt are read twice: as a feed item and as a source of their own
    assert len(lines) == (2 if path in ("/still", "/kaputt") else 1), hostile.stderr_lines
    for line in lines:
        assert re.fullmatch(rf"lagebild: {re.escape(url)}: {URL_ERRORS[path]}", line), line


def test_every_error_line_is_accounted_for_and_nothing_crashed(hostile: HostileRun) -> None:
    expected = len(FILE_ERRORS) + 1 + len(URL_ERRORS) + 2
    assert len(hostile.stderr_lines) == expected, hostile.stderr_lines
    assert all(line.startswith("lagebild: ") for line in hostile.stderr_lines)
    assert not any("Traceback" in line or "error:" in line for line in hostile.stderr_lines)
    assert hostile.returncode == 1  # some sources failed
    stored = len(hostile.clean)
    assert re.match(rf"{stored} stored, 0 unchanged, 1 not analysed \(language\), "
                    rf"{expected} failed", hostile.stdout), hostile.stdout  # fmt: skip


def test_every_readable_input_of_the_run_is_stored_completely(hostile: HostileRun) -> None:
    stored = stored_documents(f"sqlite:///{hostile.database}")
    # 11 files, 2 JSONL lines, the feed's one good item
    assert len(hostile.clean) == 14
    assert stored.keys() == hostile.clean.keys()
    for doc_id, clean in hostile.clean.items():
        assert stored[doc_id] == clean, doc_id


def test_encodings_are_decoded_with_umlauts_intact(hostile: HostileRun) -> None:
    texts = {str(doc["title"]): str(doc["text"]) for doc in hostile.clean.values()}
    for title in ("Latin-1 Text", "BOM UTF-8", "BOM UTF-16"):
        assert texts[title] == _article(title), title
    assert texts["Windows-1252"] == _article("Windows-1252", "„Wir handeln jetzt“ – so die Köchin.")
    broken = texts["Kaputtes UTF-8"]
    assert GERMAN in broken and broken.endswith("\ufffd\ufffd Straße.")


def test_long_and_odd_texts_are_analysed(hostile: HostileRun) -> None:
    by_title = {str(doc["title"]): doc for doc in hostile.clean.values()}
    sentence = by_title["Ein Satz"]
    assert len(str(sentence["text"])) > 1_000_000
    assert sentence["entities"] and sentence["relations"]
    assert by_title["Anführungszeichen"]["language"] == "de"
    assert by_title["NATO summit"]["language"] == "en" and by_title["NATO summit"]["entities"]
    assert by_title["Sommet de l'OTAN"]["language"] == "fr"


def test_the_run_stays_below_one_gigabyte(
    hostile: HostileRun, capsys: pytest.CaptureFixture[str]
) -> None:
    assert 0 < hostile.peak_rss_kb < MEMORY_LIMIT_KB
    with capsys.disabled():  # the figures of docs/reliability.md
        print(f"\nhostile run: {len(hostile.stderr_lines)} errors, {len(hostile.clean)} stored, "
              f"peak RSS {hostile.peak_rss_kb // 1024} MB, {hostile.seconds:.0f} s")  # fmt: skip


def test_the_database_passes_its_integrity_check(hostile: HostileRun) -> None:
    with sqlite3.connect(hostile.database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
