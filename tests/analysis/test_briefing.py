"""`lagebild brief` on the bundled sample corpus in a real SQLite file: every sentence is
made from stored facts, every quoted text is stored, every link points at a stored fact."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.analysis.briefing import PHRASES, build_briefing, write_briefing
from lagebild.cli import main
from lagebild.corpus import sample_corpus_path
from lagebild.kb import default_kb
from lagebild.runner import ingest
from lagebild.store import Store

SINCE, UNTIL = dt.date(2025, 6, 1), dt.date(2025, 9, 5)
DASHBOARD = "http://127.0.0.1:8765"
LINK = re.compile(r"/artikel/(doc_[0-9a-f]+)#([a-z]{3}_[0-9a-f]+)")
SCRIPT = "<script>window.__xss = 1</script>"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str, Path]]:
    folder = tmp_path_factory.mktemp("brief")
    url = f"sqlite:///{folder / 'sample.db'}"
    store = Store.open(url)
    with sample_corpus_path() as path:
        assert ingest([str(path)], store, progress=False).stored == 20
    yield store, url, folder
    store.close()


def _stored_texts(store: Store, doc_ids: set[str]) -> set[str]:
    """Every quote, evidence span and figure text of these documents, whitespace folded."""
    texts = set()
    for doc_id in doc_ids:
        doc = store.document(doc_id)
        assert doc is not None
        spans = [q.evidence for q in doc.quotes] + [r.evidence for r in doc.relations]
        spans += [a.evidence for a in doc.amounts]
        texts |= {" ".join(doc.text[e.start : e.end].split()) for e in spans}
        texts |= {" ".join(q.text.split()) for q in doc.quotes}
    return texts


def test_every_link_points_at_a_stored_fact_of_its_article(sample: tuple[Store, str, Path]) -> None:
    store, _url, folder = sample
    briefing = build_briefing(store, SINCE, UNTIL, dashboard=DASHBOARD)
    assert briefing.developments and briefing.figures
    text, written = write_briefing(briefing, "md", folder / "brief.md")
    assert [p.name for p in written] == ["brief.svg", "brief.md"]
    links = LINK.findall(text)
    assert len(links) >= len(briefing.developments)
    for doc_id, fact_id in set(links):
        doc = store.document(doc_id)
        assert doc is not None, doc_id
        facts = {f.id for f in (*doc.quotes, *doc.relations, *doc.amounts)}
        assert fact_id in facts, (doc_id, fact_id)
    # the article's own address is linked too
    assert "(<https://example.org/" in text


def test_sentences_and_quotes_come_from_stored_facts(sample: tuple[Store, str, Path]) -> None:
    store, _url, _folder = sample
    briefing = build_briefing(store, SINCE, UNTIL, dashboard=DASHBOARD)
    for development in briefing.developments:
        [sentence] = development.sentences
        # the sentence is one of our templates filled with actor names of the title
        assert any(
            re.fullmatch(
                re.escape(phrase).replace(r"\{a\}", ".+").replace(r"\{b\}", ".+") + ".*",
                sentence,
            )
            for phrase in PHRASES.values()
        ), sentence
        for name in development.title.split(" · "):
            assert name in sentence
        doc_ids = {e.link.doc_id for e in development.evidence}
        doc_ids |= {q.link.doc_id for q in development.quotes}
        doc_ids |= {f.link.doc_id for f in development.figures}
        stored = _stored_texts(store, doc_ids)
        for quoted in [e.text for e in development.evidence] + [q.text for q in development.quotes]:
            assert " ".join(quoted.split()) in stored, quoted
        for figure in development.figures:
            assert figure.text in stored
    # the period's relations really are in the database
    strongest = store.relation_strengths(since=SINCE, until=UNTIL, limit=500)
    named = {(s.source_id, s.source_name) for s in strongest}
    named |= {(s.target_id, s.target_name) for s in strongest}
    actors = {default_kb().display_name(entity_id, name) for entity_id, name in named}
    for development in briefing.developments:
        assert set(development.title.split(" · ")) <= actors


def test_actors_are_named_in_german(sample: tuple[Store, str, Path]) -> None:
    store, _url, _folder = sample
    briefing = build_briefing(store, SINCE, UNTIL, dashboard=DASHBOARD)
    kb = default_kb()
    english = {e.name for e in kb if e.display_name("de") != e.name}
    actors = {name for d in briefing.developments for name in d.title.split(" · ")}
    actors |= {e.source_name for e in briefing.network} | {e.target_name for e in briefing.network}
    assert {"Russland", "Nordkorea", "Wladimir Putin"} <= actors
    assert not actors & english
    sentences = " ".join(s for d in briefing.developments for s in d.sentences)
    assert "Russland" in sentences and "Russia" not in sentences


def test_the_network_picture_is_svg_beside_the_markdown(sample: tuple[Store, str, Path]) -> None:
    store, _url, folder = sample
    briefing = build_briefing(store, SINCE, UNTIL)
    text, _written = write_briefing(briefing, "md", folder / "netz" / "lage.md")
    assert "![Akteursnetzwerk](lage.svg)" in text
    root = ET.parse(folder / "netz" / "lage.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    labels = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Russland", "China"} <= labels
    assert len(list(root.iter("{http://www.w3.org/2000/svg}line"))) >= len(briefing.network)
    assert not list((folder / "netz").glob("*.partial"))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def test_html_embeds_the_svg_and_escapes_article_text(
    sample: tuple[Store, str, Path], tmp_path: Path
) -> None:
    _store, url, folder = sample
    # an article whose title and quote carry markup, through the real pipeline
    record = {
        "id": "brief-probe",
        "title": f"Probe {SCRIPT}",
        "outlet": "Probeblatt",
        "published": "2025-09-04",
        "url": "javascript:alert(1)",
        "language": "de",
        "text": f"Berlin – Die Nato warnte Russland. „{SCRIPT} Russland bleibt eine Gefahr“, "
        "sagte Mark Rutte am Donnerstag in Brüssel.",
    }
    probe = tmp_path / "probe.jsonl"
    probe.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with Store.open(url) as store:
        assert ingest([str(probe)], store, progress=False).stored == 1
    output = folder / "brief.html"
    result = CliRunner().invoke(
        main,
        ["brief", "--db", url, "--since", "2025-06-01", "--until", "2025-09-05",
         "--format", "html", "--output", str(output)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(page)
    assert "script" not in parser.tags and "svg" in parser.tags
    assert "&lt;script&gt;window.__xss" in page  # shown as text
    assert not any(h.lower().startswith("javascript:") for h in parser.hrefs)
    assert any(LINK.search(h) and h.startswith(DASHBOARD) for h in parser.hrefs)


def test_brief_command_defaults_and_errors(sample: tuple[Store, str, Path]) -> None:
    _store, url, folder = sample
    runner = CliRunner()
    week = runner.invoke(main, ["brief", "--db", url, "--since", "7d"])
    assert week.exit_code == 0, week.output
    # 7 days ending with the newest article (2025-09-05 in the sample)
    assert week.output.startswith("# Lagebild-Briefing 30.08.2025 bis 05.09.2025")
    bad = runner.invoke(main, ["brief", "--db", url, "--since", "letzte Woche"])
    assert bad.exit_code == 2 and "--since" in bad.output
    dashboard = runner.invoke(main, ["brief", "--db", url, "--dashboard", "javascript:x"])
    assert dashboard.exit_code == 2 and "--dashboard" in dashboard.output
    (folder / "blocked").write_text("a file, not a folder", encoding="utf-8")
    unwritable = runner.invoke(
        main, ["brief", "--db", url, "--output", str(folder / "blocked" / "b.md")]
    )
    assert unwritable.exit_code == 1 and "--output" in unwritable.output
    empty = runner.invoke(main, ["brief", "--db", f"sqlite:///{folder / 'empty.db'}"])
    assert empty.exit_code == 2 and "no articles" in empty.output
