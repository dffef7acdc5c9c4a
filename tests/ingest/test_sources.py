from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from lagebild.ingest import IngestError, Limits, read_sources
from lagebild.model import Document

from .conftest import ARTICLE_PARAGRAPHS, LocalServer, article_html

FAST = Limits(timeout=1.0, total_timeout=2.0)
GERMAN = (
    "Lage an der Ostflanke\n"
    "Von: Erika Beispiel | 05.11.2024, 09:20\n\n"
    "Die Außenminister der Allianz haben sich in Brüssel über die Lage im Osten beraten. "
    "Nach Angaben von Diplomaten ging es vor allem um die Luftverteidigung und um Munition.\n"
)
SPANISH = (
    "Los ministros de Defensa se reunieron el jueves en Bruselas para hablar de la situación "
    "en el flanco oriental y de nuevas entregas de munición."
)


def documents(items: list[Document | IngestError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items: list[Document | IngestError]) -> list[str]:
    return [str(item) for item in items if isinstance(item, IngestError)]


def test_text_file_with_title_header_date_and_language(tmp_path: Path) -> None:
    path = tmp_path / "artikel.txt"
    path.write_text(GERMAN, encoding="utf-8")

    (doc,) = read_sources([str(path)])

    assert isinstance(doc, Document)
    assert doc.title == "Lage an der Ostflanke"
    assert (doc.published, doc.published_time) == (dt.date(2024, 11, 5), "09:20")
    assert doc.language == "de"
    assert doc.source == str(path)
    assert doc.text == GERMAN


def test_latin1_and_windows_1252_files_keep_their_umlauts(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes(GERMAN.encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes(("„Zitat“ – " + GERMAN).encode("cp1252"))

    cp1252, latin1 = read_sources([str(tmp_path)])

    assert isinstance(latin1, Document) and isinstance(cp1252, Document)
    assert "Außenminister" in latin1.text
    assert cp1252.text.startswith("„Zitat“ – Lage")


def test_same_article_twice_gets_one_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(GERMAN.replace("\n", "\r\n").encode("utf-8-sig"))

    first, second = documents(list(read_sources([str(tmp_path)])))

    assert first.id == second.id


def test_non_german_text_is_returned_with_its_language(tmp_path: Path) -> None:
    path = tmp_path / "es.txt"
    path.write_text(SPANISH, encoding="utf-8")

    (doc,) = read_sources([str(path)])

    assert isinstance(doc, Document) and doc.language == "es"


def test_bad_files_are_one_error_each(tmp_path: Path) -> None:
    (tmp_path / "leer.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "gross.txt").write_bytes(b"a" * 3000)

    items = list(
        read_sources([str(tmp_path), str(tmp_path / "fehlt.txt")], limits=Limits(max_bytes=2048))
    )

    assert errors(items) == [
        f"{tmp_path / 'bild.txt'}: not a text file (binary content)",
        f"{tmp_path / 'blank.txt'}: empty",
        f"{tmp_path / 'gross.txt'}: too large (2.9 KB > 2.0 KB)",
        f"{tmp_path / 'leer.txt'}: empty",
        f"{tmp_path / 'fehlt.txt'}: no such file or directory",
    ]


def test_directory_is_read_recursively_sorted_known_types_only(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "seite.HTML").write_text(article_html(), encoding="utf-8")
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": SPANISH}) + "\nkaputt\n", encoding="utf-8"
    )
    (tmp_path / "notiz.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".versteckt").mkdir()
    (tmp_path / ".versteckt" / "x.txt").write_text(GERMAN + "Anders.", encoding="utf-8")

    items = list(read_sources([str(tmp_path)]))

    assert [item.source for item in items] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "seite.HTML"),
        f"{tmp_path / 'c.jsonl'}:1",
        f"{tmp_path / 'c.jsonl'}:2",
    ]
    assert isinstance(items[3], IngestError) and items[3].reason.startswith("invalid JSON")
    assert ARTICLE_PARAGRAPHS[1] in items[1].text  # type: ignore[union-attr]


def test_explicit_file_of_unknown_type_is_judged_by_content(tmp_path: Path) -> None:
    page = tmp_path / "seite"
    page.write_text(article_html(), encoding="utf-8")
    note = tmp_path / "notiz.md"
    note.write_text(GERMAN, encoding="utf-8")

    html_doc, text_doc = read_sources([str(page), str(note)])

    assert isinstance(html_doc, Document) and html_doc.title == "Bundeswehr übt in Litauen"
    assert isinstance(text_doc, Document) and text_doc.text == GERMAN


def test_html_url(http_server: LocalServer) -> None:
    url = http_server.page("/artikel", article_html())

    (doc,) = read_sources([url], limits=FAST)

    assert isinstance(doc, Document)
    assert ARTICLE_PARAGRAPHS[0] in doc.text
    assert (doc.url, doc.source, doc.language) == (url, url, "de")


def test_plain_text_url_and_unsupported_type(http_server: LocalServer) -> None:
    text_url = http_server.page("/text", GERMAN.encode("latin-1"), "text/plain; charset=iso-8859-1")
    image_url = http_server.page("/bild", b"\x89PNG\r\n", "image/png")

    doc, error = read_sources([text_url, image_url], limits=FAST)

    assert isinstance(doc, Document) and doc.text == GERMAN
    assert str(error) == f"{image_url}: unsupported content type 'image/png'"


def rss_feed(server: LocalServer, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Meldung {n}</title><link>{server.url(path)}</link>"
        "<pubDate>Mon, 04 Mar 2024 07:00:00 +0100</pubDate></item>"
        for n, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Testblatt</title><link>{server.base}</link>{items}</channel></rss>"
    )


def atom_feed(server: LocalServer, paths: list[str]) -> str:
    entries = "".join(
        f'<entry><title>Eintrag {n}</title><link href="{path}"/><id>urn:{n}</id>'
        "<updated>2023-07-11T12:00:00Z</updated></entry>"
        for n, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atomblatt</title><id>urn:feed</id>{entries}</feed>"
    )


def serve_items(server: LocalServer) -> list[str]:
    server.page("/gut", article_html())
    server.routes["/kaputt"] = (500, {"Content-Type": "text/plain"}, b"Serverfehler")
    return ["/gut", "/fehlt", "/kaputt"]


def test_rss_feed_url_fetches_each_item_and_reports_failures(http_server: LocalServer) -> None:
    feed_url = http_server.page(
        "/feed", rss_feed(http_server, serve_items(http_server)), "application/rss+xml"
    )

    doc, missing, broken = read_sources([feed_url], limits=FAST)

    assert isinstance(doc, Document)
    assert doc.url == http_server.url("/gut")
    assert doc.published == dt.date(2024, 3, 4)  # the publisher's feed date
    assert str(missing) == f"{http_server.url('/fehlt')}: HTTP 404"
    assert str(broken) == f"{http_server.url('/kaputt')}: HTTP 500"


def test_atom_feed_served_as_generic_xml_is_sniffed(http_server: LocalServer) -> None:
    feed_url = http_server.page(
        "/atom", atom_feed(http_server, serve_items(http_server)), "text/xml"
    )

    items = list(read_sources([feed_url], limits=FAST))

    (doc,) = documents(items)
    assert doc.outlet == "Atomblatt"
    assert doc.published == dt.date(2023, 7, 11)
    assert errors(items) == [
        f"{http_server.url('/fehlt')}: HTTP 404",
        f"{http_server.url('/kaputt')}: HTTP 500",
    ]


def test_feed_file_items_are_fetched(tmp_path: Path, http_server: LocalServer) -> None:
    path = tmp_path / "nachrichten.rss"
    path.write_text(rss_feed(http_server, serve_items(http_server)), encoding="utf-8")

    items = list(read_sources([str(path)], limits=FAST))

    assert len(documents(items)) == 1
    assert len(errors(items)) == 2


def test_network_failures_do_not_stop_other_sources(
    tmp_path: Path, http_server: LocalServer
) -> None:
    http_server.routes["/schleife"] = (302, {"Location": "/schleife"}, b"")
    path = tmp_path / "a.txt"
    path.write_text(GERMAN, encoding="utf-8")

    loop, doc = read_sources([http_server.url("/schleife"), str(path)], limits=FAST)

    assert str(loop) == f"{http_server.url('/schleife')}: too many redirects (more than 5)"
    assert isinstance(doc, Document)
