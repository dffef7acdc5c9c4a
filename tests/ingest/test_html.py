from __future__ import annotations

import datetime as dt

import pytest

from lagebild.ingest.errors import UnreadableSource
from lagebild.ingest.html import read_html

from .conftest import ARTICLE_PARAGRAPHS, article_html

META = (
    '<meta name="author" content="Erika Beispiel">'
    '<meta property="og:site_name" content="Testblatt">'
    '<meta property="article:published_time" content="2024-03-12T08:15:00+01:00">'
)


def test_article_text_without_boilerplate_and_with_metadata() -> None:
    doc = read_html(article_html(meta=META).encode(), source="seite.html")

    assert ARTICLE_PARAGRAPHS[0] in doc.text
    assert "Impressum" not in doc.text
    assert "Startseite" not in doc.text
    assert doc.title == "Bundeswehr übt in Litauen"
    assert doc.author == "Erika Beispiel"
    assert doc.outlet == "Testblatt"
    assert doc.published == dt.date(2024, 3, 12)
    assert doc.language == "de"
    assert doc.source == "seite.html"


def test_legacy_charset_from_the_meta_tag() -> None:
    page = article_html(charset="windows-1252").encode("cp1252")

    doc = read_html(page, source="alt.html")

    assert "Übung" in doc.text
    assert "Soldatinnen" in doc.text


def test_page_without_article_text() -> None:
    page = "<html><head><title>Leer</title></head><body><script>var x = 1;</script></body></html>"

    with pytest.raises(UnreadableSource, match=r"^no article text found$"):
        read_html(page.encode(), source="leer.html")


@pytest.mark.parametrize("depth", [40_000, 100_000])
def test_absurdly_nested_html_fails_cleanly(depth: int) -> None:
    page = "<html><body>" + "<div>" * depth + "Text" + "</div>" * depth + "</body></html>"

    with pytest.raises(UnreadableSource):
        read_html(page.encode(), source="tief.html")


def test_page_with_too_many_tags_is_refused_before_parsing() -> None:
    page = "<html><body>" + "<span>x</span>" * 60_000 + "</body></html>"

    with pytest.raises(UnreadableSource, match=r"^HTML too complex \(120004 tags > 100000\)$"):
        read_html(page.encode(), source="gross.html")
