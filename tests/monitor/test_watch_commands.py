"""``lagebild feeds add/list/remove`` and ``lagebild watch --once`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lagebild.cli import main

from .news_site import FeedSource, Item, NewsSite, SimulatedClock, article, serving


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_feeds_add_list_remove(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'feeds.db'}"
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://example.org/b.xml every=5m Beispielblatt\n", encoding="utf-8")

    code, out, _ = _run("feeds", "add", "https://example.org/a.xml", str(listing), "--db", db)
    assert code == 0
    assert out.splitlines() == [
        "added https://example.org/a.xml",
        "added https://example.org/b.xml",
    ]
    code, out, _ = _run("feeds", "add", "https://example.org/a.xml", "--every", "1h", "--db", db)
    assert out.strip() == "updated https://example.org/a.xml"

    code, out, _ = _run("feeds", "list", "--json", "--db", db)
    rows = {row["url"]: row for row in json.loads(out)}
    assert rows["https://example.org/a.xml"]["interval_seconds"] == 3600
    assert rows["https://example.org/b.xml"]["interval_seconds"] == 300
    assert rows["https://example.org/b.xml"]["name"] == "Beispielblatt"
    code, out, _ = _run("feeds", "list", "--db", db)
    assert "Beispielblatt" in out and "5m" in out and "1h" in out

    code, out, _ = _run("feeds", "remove", "https://example.org/a.xml", "--db", db)
    assert code == 0 and out.strip() == "removed https://example.org/a.xml"
    code, _, err = _run("feeds", "remove", "https://example.org/a.xml", "--db", db)
    assert code == 1 and "not a registered feed: https://example.org/a.xml" in err
    code, out, _ = _run("feeds", "list", "--json", "--db", db)
    assert [row["url"] for row in json.loads(out)] == ["https://example.org/b.xml"]


def test_bad_input_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'feeds.db'}"
    code, _, err = _run("feeds", "add", "https://example.org/a.xml", "--every", "bald", "--db", db)
    assert code == 2 and err.count("\n") == 1 and "--every" in err
    bad_list = tmp_path / "feeds.txt"
    bad_list.write_text("https://example.org/a.xml\nexample.org/b.xml\n", encoding="utf-8")
    code, _, err = _run("feeds", "add", str(bad_list), "--db", db)
    assert code == 2 and f"{bad_list}:2: not an http(s) feed URL" in err
    code, out, _ = _run("feeds", "list", "--json", "--db", db)
    assert json.loads(out) == []  # the good first line was not added either
    code, _, err = _run("watch", "--once", "--db", db)
    assert code == 2 and "no feeds to watch" in err


def test_watch_once_ingests_a_feed_and_a_second_run_fetches_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    site = NewsSite(SimulatedClock(), "a")  # time stands still: the feed never changes
    with serving(site):
        feed = FeedSource("/a/politik.rss", "Testblatt Politik")
        for number in (1, 2):
            title, paragraphs = article(number)
            path = f"/a/artikel/{number}.html"
            feed.items.append(Item(path, title, 0, url=site.page(path, title, paragraphs)))
        url = site.feed(feed)

        code, out, err = _run("watch", url, "--once", "--politeness", "0", "--db", db)
        assert code == 0, err
        assert "1 polls (0 not modified, 0 failed), 2 stored" in out
        code, out, err = _run("watch", "--once", "--db", db)  # not due yet: nothing happens
        assert "0 polls" in out
    pages = [r for r in site.log if "/artikel/" in r.path]
    assert len(pages) == 2
    code, out, _ = _run("feeds", "list", "--json", "--db", db)
    assert json.loads(out)[0]["items_stored"] == 2
