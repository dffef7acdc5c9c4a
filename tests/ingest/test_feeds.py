from __future__ import annotations

import datetime as dt

import pytest

from lagebild.ingest.errors import UnreadableSource
from lagebild.ingest.feeds import parse_feed


def rss(items: str, title: str = "Testblatt – Politik") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.org/</link>{items}</channel></rss>"
    ).encode()


def atom(entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atomblatt</title><id>urn:test</id>{entries}</feed>"
    ).encode()


def test_rss_items_with_link_title_date() -> None:
    feed = parse_feed(
        rss(
            "<item><title>Übung beginnt</title><link>http://example.org/a</link>"
            "<pubDate>Tue, 12 Mar 2024 08:15:00 +0100</pubDate></item>"
            "<item><title>Ohne Link</title></item>"
        )
    )

    assert feed.title == "Testblatt – Politik"
    first, second = feed.items
    assert (first.link, first.title, first.published) == (
        "http://example.org/a",
        "Übung beginnt",
        dt.date(2024, 3, 12),
    )
    assert second.link is None and second.position == 2


def test_atom_entries_and_relative_links() -> None:
    feed = parse_feed(
        atom(
            '<entry><title>Gipfel</title><link href="/artikel/1"/><id>urn:1</id>'
            "<updated>2023-07-11T12:00:00Z</updated><author><name>Erika Beispiel</name></author>"
            "</entry>"
        ),
        base_url="http://example.org/feed.atom",
    )

    (entry,) = feed.items
    assert entry.link == "http://example.org/artikel/1"
    assert entry.published == dt.date(2023, 7, 11)
    assert entry.author == "Erika Beispiel"


def test_not_a_feed() -> None:
    with pytest.raises(UnreadableSource, match=r"^not an RSS/Atom feed"):
        parse_feed(b'<?xml version="1.0"?><sitemap><url>x</url></sitemap>')


def test_a_cut_off_feed_is_read_as_far_as_it_goes_and_marked_broken() -> None:
    whole = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><link>https://example.org/1</link></item></channel></rss>"
    )
    cut = whole[: whole.index(b"</item>") + len(b"</item>")] + b"<item><link>https://exa"
    assert parse_feed(whole).well_formed
    broken = parse_feed(cut)
    assert not broken.well_formed
    assert broken.items[0].link == "https://example.org/1"
