"""A database for the Alarme and Veränderungen tests: the sample corpus ingested with alert
rules, so alerts fire through the real engine, plus a later week whose figures differ
between two outlets and in which a speaker contradicts an earlier statement."""

from __future__ import annotations

import json
from pathlib import Path

from lagebild.corpus import sample_corpus_path
from lagebild.monitor.alerts import AlertEngine, LogDelivery, load_alert_rules
from lagebild.runner import ingest
from lagebild.store import Store

RULES = """
rules:
  - name: Hilfe mit Nordkorea
    relation: {type: AID, actor: Nordkorea}
  - name: Rutte über China
    quote: {speaker: Mark Rutte, mentions: China}
"""
#: fictional speaker; the figures are the same measure of one actor in two outlets
EXTRA = [
    {
        "id": "monitor-1",
        "title": "Nordmann sagt Hilfe zu",
        "outlet": "Beispielblatt",
        "published": "2025-10-01",
        "url": "https://example.org/monitor/1",
        "text": "Berlin – Die Ministerin Karla Nordmann hat am Mittwoch im Ausschuss über "
        "die Sicherheitslage gesprochen. „Wir werden Polen bei der Luftverteidigung "
        "unterstützen“, sagte Nordmann. Die Sitzung dauerte drei Stunden.",
    },
    {
        "id": "monitor-2",
        "title": "Nordmann rudert zurück",
        "outlet": "Musterkurier",
        "published": "2025-11-12",
        "url": "https://example.org/monitor/2",
        "text": "Nach einem Treffen mit Fachleuten in Hamburg äußerte sich Karla Nordmann "
        "erneut. „Wir werden Polen bei der Luftverteidigung nicht unterstützen“, erklärte "
        "Nordmann am Mittwoch vor Journalisten. Deutschland gibt in diesem Jahr 2,1 Prozent "
        "seiner Wirtschaftsleistung für Verteidigung aus.",
    },
    {
        "id": "monitor-3",
        "title": "Haushalt im Bundestag",
        "outlet": "Hauptstadtkurier",
        "published": "2025-11-13",
        "url": "https://example.org/monitor/3",
        "text": "Berlin – Deutschland gibt in diesem Jahr 1,5 Prozent seiner "
        "Wirtschaftsleistung für Verteidigung aus, schreibt das Blatt. Frankreich arbeitet "
        "mit Deutschland bei der Luftverteidigung zusammen.",
    },
]


def fill_monitoring_store(store: Store, folder: Path) -> list[str]:
    """Ingest everything with the alert rules checked; the alert lines delivered."""
    rules_file = folder / "alerts.yaml"
    rules_file.write_text(RULES, encoding="utf-8")
    delivered: list[str] = []
    engine = AlertEngine(store, load_alert_rules(rules_file), [LogDelivery(delivered.append)])
    extra = folder / "extra.jsonl"
    extra.write_text(
        "".join(json.dumps({**r, "language": "de"}, ensure_ascii=False) + "\n" for r in EXTRA),
        encoding="utf-8",
    )
    with sample_corpus_path() as path:
        summary = ingest([str(path), str(extra)], store, progress=False, on_stored=engine.check)
    assert summary.stored == 20 + len(EXTRA) and not summary.errors
    return delivered


#: a story of three articles: monitor-1, a near copy of it in another outlet (one
#: independent source with it) and an own report of the same statement (a second source)
STORY_ARTICLES = [
    {
        **EXTRA[0],
        "id": "story-copy",
        "outlet": "Nordwestbote",
        "url": "https://example.org/s/1",
        "text": str(EXTRA[0]["text"]).replace("Berlin –", "Berlin (Lagemeldung) –"),
    },
    {
        "id": "story-own",
        "title": "Nordmann will Polen helfen",
        "outlet": "Rheintaler Rundschau",
        "published": "2025-10-02",
        "url": "https://example.org/s/2",
        "text": "Berlin – Im Ausschuss hat die Ministerin Karla Nordmann am Mittwoch Polen "
        "Unterstützung zugesagt. „Wir werden Polen bei der Luftverteidigung unterstützen“, "
        "sagte Nordmann. Deutschland unterstützt Polen seit Monaten mit Flugabwehrsystemen.",
    },
]


def add_story_articles(store: Store, folder: Path) -> None:
    """Ingest :data:`STORY_ARTICLES` after :func:`fill_monitoring_store`."""
    path = folder / "story.jsonl"
    path.write_text(
        "".join(
            json.dumps({**r, "language": "de"}, ensure_ascii=False) + "\n" for r in STORY_ARTICLES
        ),
        encoding="utf-8",
    )
    summary = ingest([str(path)], store, progress=False)
    assert summary.stored == len(STORY_ARTICLES) and not summary.errors
