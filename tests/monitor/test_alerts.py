"""Alert rules on a real SQLite store, delivered to the log and to a local webhook receiver."""
# ruff: noqa: E501  (hand-built articles read best one per line)

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.ids import document_id
from lagebild.model import Document, Entity, Mention, Quote, Relation
from lagebild.monitor.alerts import (
    AlertEngine,
    AlertRuleError,
    AlertRules,
    LogDelivery,
    QuoteRule,
    RelationRule,
    SurgeRule,
    WebhookDelivery,
    load_alert_rules,
)
from lagebild.runner import save_document
from lagebild.store import Store

from .duplicate_stream import generate_stream

NORDLAND = Entity("gpe:nordland", "Nordland", "GPE", ["nordländische"])
SUEDMARK = Entity("gpe:suedmark", "Südmark", "GPE")
OSTRIA = Entity("gpe:ostria", "Ostria", "GPE")
ANNA = Entity("per:anna-beispiel", "Anna Beispiel", "PER")


@dataclass
class Receiver:
    url: str = ""
    status: int = 200
    payloads: list[dict[str, object]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    got = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.payloads.append(json.loads(body))
            self.send_response(got.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    got.url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield got
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _article(text: str, published: dt.date, *facts: tuple[str, str, str, str]) -> Document:
    """A document with entities, mentions and relations/quotes on phrases of its text.

    ``facts``: ("relation", phrase, TYPE, "source>target" entity ids) or
    ("quote", phrase, speaker id, "") ; every entity name in the text gets a mention.
    """
    doc = Document(document_id(text), text, title=text[:30], published=published, language="de")
    for entity in (NORDLAND, SUEDMARK, OSTRIA, ANNA):
        start = text.find(entity.name)
        while start >= 0:
            doc.entities[entity.id] = entity
            end = start + len(entity.name)
            doc.mentions.append(
                Mention(doc.evidence(start, end, "entities"), entity.name, entity.type, entity.id)
            )
            start = text.find(entity.name, end)
    for kind, phrase, what, who in facts:
        start = text.index(phrase)
        evidence = doc.evidence(start, start + len(phrase), kind + "s")
        if kind == "relation":
            source, target = who.split(">")
            doc.relations.append(
                Relation(
                    evidence,
                    source,
                    what,
                    target,
                    doc.entities[source].name,
                    doc.entities[target].name,
                    negated="nicht" in phrase,
                )
            )
        else:
            doc.quotes.append(Quote(evidence, phrase, "direct", what, doc.entities[what].name))
    return doc


AID = (
    "Nordland unterstützt Südmark mit Panzern. Die Regierung teilte am Montag mit, die "
    "Fahrzeuge würden noch in diesem Monat übergeben; weitere Lieferungen seien geplant."
)


def test_relation_rules_fire_once_per_independent_source(
    tmp_path: Path, receiver: Receiver
) -> None:
    logged: list[str] = []
    rules = AlertRules((RelationRule("Hilfe mit Nordland", type="AID", actor="nordländische"),))
    with Store.open(f"sqlite:///{tmp_path / 'a.db'}") as store:
        deliveries = [LogDelivery(logged.append), WebhookDelivery(receiver.url, logged.append)]
        engine = AlertEngine(store, rules, deliveries, clock=lambda: 1000.0)
        day = dt.date(2026, 3, 2)
        docs = [
            _article(AID, day, ("relation", "Nordland unterstützt Südmark", "AID", "gpe:nordland>gpe:suedmark")),
            # an agency copy of it: same copy cluster, no second alert
            _article("Hauptstadt (Agentur) – " + AID, day,
                     ("relation", "Nordland unterstützt Südmark", "AID", "gpe:nordland>gpe:suedmark")),
            _article("Südmark wirft Nordland Spionage vor, sagte ein Sprecher.", day,
                     ("relation", "wirft Nordland Spionage vor", "ACCUSE", "gpe:suedmark>gpe:nordland")),
            _article("Ostria unterstützt Südmark nicht mit Waffen, hieß es.", day,
                     ("relation", "unterstützt Südmark nicht", "AID", "gpe:ostria>gpe:suedmark")),
            # an independent report of the relation: a new source, a new alert
            _article("Ein zweites Blatt berichtet aus eigener Recherche: Nordland unterstützt "
                     "Südmark, vier Kompanien würden ausgerüstet.", day,
                     ("relation", "Nordland unterstützt", "AID", "gpe:nordland>gpe:suedmark")),
        ]  # fmt: skip
        fired = []
        for doc in docs:
            assert save_document(store, doc)
            fired.append(len(engine.check(doc)))
        assert fired == [1, 0, 0, 0, 1]
        # a restarted engine does not repeat what fired
        assert AlertEngine(store, rules, deliveries).check(docs[0]) == []
        assert len(store.alerts.fired()) == 2

    assert len(logged) == 2 and all(
        line.startswith("alert: [Hilfe mit Nordland] AID") for line in logged
    )
    assert [p["kind"] for p in receiver.payloads] == ["relation", "relation"]
    first = receiver.payloads[0]
    assert first["source"] == {"id": "gpe:nordland", "name": "Nordland"}
    assert first["document"]["id"] == docs[0].id  # type: ignore[index]
    assert first["evidence"]["text"] == "Nordland unterstützt Südmark"  # type: ignore[index]


def test_quote_rules_need_the_speaker_and_the_topic(tmp_path: Path) -> None:
    rules = AlertRules(
        (QuoteRule("Beispiel über Ostria", speaker="Anna Beispiel", mentions="Ostria"),)
    )
    day = dt.date(2026, 3, 2)
    with_topic = _article(
        "Anna Beispiel sagte: „Mit Ostria reden wir weiter.“ Das Treffen war kurz.", day,
        ("quote", "Mit Ostria reden wir weiter.", "per:anna-beispiel", ""),
    )  # fmt: skip
    without = _article(
        "Anna Beispiel sagte: „Wir bleiben bei unserer Linie.“ Mehr sagte sie nicht.", day,
        ("quote", "Wir bleiben bei unserer Linie.", "per:anna-beispiel", ""),
    )  # fmt: skip
    with Store.open(f"sqlite:///{tmp_path / 'q.db'}") as store:
        engine = AlertEngine(store, rules, [])
        save_document(store, with_topic)
        save_document(store, without)
        assert [a.kind for a in engine.check(with_topic)] == ["quote"]
        assert engine.check(without) == []


def test_a_surge_fires_when_a_day_is_three_deviations_above_its_history(tmp_path: Path) -> None:
    rules = AlertRules((SurgeRule("Vorwürfe gegen Nordland", type="ACCUSE", target="Nordland"),))
    texts = [a.text for a in generate_stream(40, copy_share=0.0, seed=5)]
    accusation = " Südmark wirft Nordland Spionage vor."
    fact = ("relation", "wirft Nordland Spionage vor", "ACCUSE", "gpe:suedmark>gpe:nordland")
    surge_day = dt.date(2026, 3, 31)
    # one report every third day for 90 days, then five independent ones on one day
    history = [surge_day - dt.timedelta(days=d) for d in range(3, 91, 3)]
    days = history + [surge_day] * 5
    with Store.open(f"sqlite:///{tmp_path / 's.db'}") as store:
        engine = AlertEngine(store, rules, [])
        fired = []
        for text, day in zip(texts, days, strict=False):
            doc = _article(text + accusation, day, fact)
            assert save_document(store, doc)
            fired.append([a.payload["count"] for a in engine.check(doc)])
    # history: mean 30/90 = 0.33, std 0.47 -> floor 1: the 4th report of the day has z 3.7
    assert fired[: len(history)] == [[]] * len(history)
    assert fired[len(history) :] == [[], [], [], [4], []]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules: []\n", "non-empty list 'rules'"),
        ("rules:\n  - name: x\n    relation: {type: AIDS}\n", r"rule 1 \(x\): unknown PLOVER type 'AIDS'"),
        ("rules:\n  - name: x\n    quote: {mentions: China}\n", r"rule 1 \(x\): 'quote' needs 'speaker'"),
        ("rules:\n  - name: x\n    quote: {speaker: A}\n    relation: {type: AID}\n", "exactly one of"),
        ("rules:\n  - name: x\n    surge: {type: ACCUSE, sigmas: -1}\n", "'sigmas' must be a positive"),
        ("rules:\n  - {name: x, relation: {type: AID}}\n  - {name: x, relation: {type: AID}}\n", "two rules are named 'x'"),
        ("rules:\n  - {name: x, relation: {type: AID}}\nwebhooks: [ftp://h/x]\n", "http\\(s\\) URLs"),
        ("rules: [\n", "not valid YAML"),
    ],
)  # fmt: skip
def test_bad_rule_files_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "alerts.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AlertRuleError, match=message) as caught:
        load_alert_rules(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_a_failing_webhook_is_reported_not_raised(tmp_path: Path, receiver: Receiver) -> None:
    receiver.status = 500
    errors: list[str] = []
    rules = AlertRules((RelationRule("alles", type="AID"),))
    doc = _article(AID, dt.date(2026, 3, 2), ("relation", "Nordland unterstützt Südmark", "AID", "gpe:nordland>gpe:suedmark"))  # fmt: skip
    with Store.open(f"sqlite:///{tmp_path / 'w.db'}") as store:
        save_document(store, doc)
        engine = AlertEngine(store, rules, [WebhookDelivery(receiver.url, errors.append)])
        assert len(engine.check(doc)) == 1
    assert errors == [f"webhook {receiver.url}: HTTP 500"]


NK_ARTICLE = """Munition für Moskau

Berlin, 3. Februar 2026 – Nordkorea liefert Russland nach Angaben westlicher Geheimdienste \
weitere Artilleriegranaten. Die Lieferungen laufen demnach seit dem Herbst.
"""


def test_ingest_with_alerts_through_the_command_line(tmp_path: Path, receiver: Receiver) -> None:
    article = tmp_path / "nk.txt"
    article.write_text(NK_ARTICLE, encoding="utf-8")
    rules = tmp_path / "alerts.yaml"
    rules.write_text(
        f"webhooks: [{receiver.url}]\n"
        "rules:\n  - name: Nordkorea hilft\n    relation: {type: AID, actor: Nordkorea}\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(
        main, ["ingest", str(article), "--alerts", str(rules), "--db", db, "--no-progress"]
    )
    assert result.exit_code == 0, result.stderr
    assert "alert: [Nordkorea hilft] AID North Korea -> Russia (claimed)" in result.stderr
    assert [p["rule"] for p in receiver.payloads] == ["Nordkorea hilft"]
    listed = CliRunner().invoke(main, ["alerts", "--json", "--db", db])
    assert [a["target"]["name"] for a in json.loads(listed.stdout)] == ["Russia"]

    rules.write_text("rules:\n  - name: kaputt\n    relation: {type: HELP}\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["ingest", str(article), "--alerts", str(rules), "--db", db])
    assert bad.exit_code == 2 and "unknown PLOVER type 'HELP'" in bad.stderr
