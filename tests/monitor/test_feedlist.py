from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.monitor.feedlist import (
    FeedListError,
    FeedSpec,
    format_duration,
    parse_duration,
    read_feed_arguments,
    read_feed_list,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("90s", 90), ("1h30m", 5400), ("2d", 172800), ("1.5h", 5400)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize("text", ["", "15", "m", "15 min", "1h x", "0s", "-5m"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(FeedListError, match="duration"):
        parse_duration(text)


def test_a_feed_list_gives_urls_intervals_and_names(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# Sicherheitspolitik\n\n"
        "https://example.org/politik/rss.xml\n"
        "  https://example.org/sicherheit.atom  every=30m\n"
        "https://example.org/ausland/feed every=1h30m Beispielblatt Ausland  # not a comment\n",
        encoding="utf-8",
    )
    assert read_feed_list(listing) == [
        FeedSpec("https://example.org/politik/rss.xml"),
        FeedSpec("https://example.org/sicherheit.atom", 1800),
        FeedSpec("https://example.org/ausland/feed", 5400, "Beispielblatt Ausland # not a comment"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("https://example.org/a.xml\nftp://example.org/b.xml\n", r"feeds.txt:2: not an http\(s\)"),
        ("https://example.org/a.xml every=soon\n", r"feeds.txt:1: .*duration"),
        ("# nur Kommentare\n\n", "no feeds in the list"),
    ],
)
def test_bad_lists_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(content, encoding="utf-8")
    with pytest.raises(FeedListError, match=message):
        read_feed_list(listing)


def test_arguments_mix_urls_and_lists(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://example.org/b.xml every=5m\n", encoding="utf-8")
    specs = read_feed_arguments(["https://example.org/a.xml", str(listing)])
    assert specs == [
        FeedSpec("https://example.org/a.xml"),
        FeedSpec("https://example.org/b.xml", 300),
    ]
    with pytest.raises(FeedListError, match=r"nirgends\.txt: neither an http"):
        read_feed_arguments([str(tmp_path / "nirgends.txt")])
