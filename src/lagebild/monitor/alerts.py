"""Alert rules from a YAML file, checked after each stored document; delivered to the log
and to webhooks.

    webhooks:
      - http://127.0.0.1:9000/lagebild
    rules:
      - name: Hilfe mit Nordkorea
        relation: {type: AID, actor: Nordkorea}        # actor: either side; or source/target
      - name: Beispiel über China
        quote: {speaker: Anna Beispiel, mentions: China}
      - name: Vorwürfe gegen Deutschland
        surge: {type: ACCUSE, target: Deutschland, days: 90, sigmas: 3}

Names are matched like ``--actor``: an entity id, or any name or alias the database
knows (case-insensitive). Each alert fires once: a relation or quote once per
independent source (copies of one article share their copy cluster), a surge once per
rule and day. Fired alerts are kept in the database (``Store.alerts``), so a restart
does not repeat them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx
import yaml

from lagebild.ids import normalise_text
from lagebild.ingest.fetch import USER_AGENT
from lagebild.model import PLOVER_TYPES, Document, Quote, Relation
from lagebild.store import Store
from lagebild.store.alerts import AlertRow


class AlertRuleError(ValueError):
    """The rules file cannot be used; one line naming the file and the rule."""


@dataclass(frozen=True)
class RelationRule:
    name: str
    type: str | None = None
    actor: str | None = None  # source or target
    source: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class QuoteRule:
    name: str
    speaker: str
    mentions: str | None = None  # an entity mentioned inside the quote, or a word in it


@dataclass(frozen=True)
class SurgeRule:
    """More reports of a relation on one day than ``sigmas`` standard deviations above the
    mean of the ``days`` before it (reports = independent sources)."""

    name: str
    type: str
    source: str | None = None
    target: str | None = None
    days: int = 90
    sigmas: float = 3.0
    #: The standard deviation used is at least this, so a quiet history does not make one
    #: report a surge.
    min_std: float = 1.0


Rule = RelationRule | QuoteRule | SurgeRule


@dataclass(frozen=True)
class AlertRules:
    rules: tuple[Rule, ...]
    webhooks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alert:
    id: str
    rule: str
    kind: str  # relation, quote, surge
    doc_id: str
    message: str  # one line
    payload: dict[str, Any] = field(default_factory=dict)


def digest(*parts: object) -> str:
    """A stable key for an alert occasion, so the same one is recognised after a restart."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:24]


# ---------------------------------------------------------------------- loading


def load_alert_rules(path: Path) -> AlertRules:
    """Read a rules file; any problem raises :class:`AlertRuleError` naming file and rule."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AlertRuleError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AlertRuleError(f"{path}: not valid YAML: {first}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise AlertRuleError(f"{path}: expected a mapping with a non-empty list 'rules'")
    unknown = set(data) - {"rules", "webhooks"}
    if unknown:
        raise AlertRuleError(f"{path}: unknown key {sorted(unknown)[0]!r}")
    rules = []
    for number, entry in enumerate(data["rules"], start=1):
        try:
            rules.append(_rule(entry))
        except AlertRuleError as exc:
            label = entry.get("name") if isinstance(entry, dict) else None
            where = f"rule {number}" + (f" ({label})" if label else "")
            raise AlertRuleError(f"{path}: {where}: {exc}") from None
    names = [rule.name for rule in rules]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise AlertRuleError(f"{path}: two rules are named {duplicates[0]!r}")
    hooks = data.get("webhooks") or []
    if not isinstance(hooks, list) or not all(
        isinstance(url, str) and url.startswith(("http://", "https://")) for url in hooks
    ):
        raise AlertRuleError(f"{path}: 'webhooks' must be a list of http(s) URLs")
    return AlertRules(tuple(rules), tuple(hooks))


_RULE_FIELDS: dict[str, tuple[type, set[str], set[str]]] = {
    # kind: (class, required keys, optional keys)
    "relation": (RelationRule, set(), {"type", "actor", "source", "target"}),
    "quote": (QuoteRule, {"speaker"}, {"mentions"}),
    "surge": (SurgeRule, {"type"}, {"source", "target", "days", "sigmas", "min_std"}),
}


def _rule(entry: object) -> Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise AlertRuleError("expected a mapping with a 'name'")
    kinds = [kind for kind in _RULE_FIELDS if kind in entry]
    if len(kinds) != 1 or set(entry) != {"name", kinds[0]}:
        raise AlertRuleError("needs 'name' and exactly one of 'relation', 'quote', 'surge'")
    kind = kinds[0]
    spec = entry[kind]
    cls, required, optional = _RULE_FIELDS[kind]
    if not isinstance(spec, dict):
        raise AlertRuleError(f"'{kind}' must be a mapping")
    if missing := required - set(spec):
        raise AlertRuleError(f"'{kind}' needs {sorted(missing)[0]!r}")
    if extra := set(spec) - required - optional:
        raise AlertRuleError(f"'{kind}' has unknown key {sorted(extra)[0]!r}")
    if "type" in spec:
        if str(spec["type"]).upper() not in PLOVER_TYPES:
            raise AlertRuleError(f"unknown PLOVER type {spec['type']!r}")
        spec = {**spec, "type": str(spec["type"]).upper()}
    for key in ("days", "sigmas", "min_std"):
        if key in spec and (not isinstance(spec[key], int | float) or spec[key] <= 0):
            raise AlertRuleError(f"'{key}' must be a positive number")
    if kind == "relation" and not spec:
        raise AlertRuleError("'relation' needs at least one of type, actor, source, target")
    texts = {k: str(v) for k, v in spec.items() if k not in ("days", "sigmas", "min_std")}
    numbers = {k: v for k, v in spec.items() if k in ("days", "sigmas", "min_std")}
    if "days" in numbers:
        numbers["days"] = int(numbers["days"])
    rule: Rule = cls(name=entry["name"], **texts, **numbers)
    return rule


# ---------------------------------------------------------------------- delivery


class Delivery(Protocol):
    def deliver(self, alert: Alert) -> None: ...


class LogDelivery:
    """One line per alert, through ``write`` (the command's stderr)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write

    def deliver(self, alert: Alert) -> None:
        self.write(f"alert: {alert.message}")


class WebhookDelivery:
    """POSTs each alert's payload as JSON; a failure is reported, never raised."""

    def __init__(
        self,
        url: str,
        on_error: Callable[[str], None],
        client: httpx.Client | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.on_error = on_error
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=False)

    def deliver(self, alert: Alert) -> None:
        try:
            response = self.client.post(
                self.url, json=alert.payload, headers={"User-Agent": USER_AGENT}
            )
        except httpx.HTTPError as exc:
            self.on_error(f"webhook {self.url}: {type(exc).__name__}: {exc}")
            return
        if response.status_code >= 300:
            self.on_error(f"webhook {self.url}: HTTP {response.status_code}")


# ---------------------------------------------------------------------- checking


class AlertEngine:
    """Checks every rule against a document just stored and delivers what is new."""

    def __init__(
        self,
        store: Store,
        rules: AlertRules,
        deliveries: Sequence[Delivery],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.rules = rules
        self.deliveries = list(deliveries)
        self.clock = clock

    def check(self, doc: Document) -> list[Alert]:
        """Alerts the stored ``doc`` raises that have not fired before, delivered."""
        membership = self.store.fingerprints.membership(doc.id)
        cluster = membership.cluster_id if membership else doc.id
        found: list[Alert] = []
        for rule in self.rules.rules:
            if isinstance(rule, RelationRule):
                found += self._relations(rule, doc, cluster)
            elif isinstance(rule, QuoteRule):
                found += self._quotes(rule, doc, cluster)
            else:
                found += self._surges(rule, doc)
        fired = [alert for alert in found if self._record(alert)]
        for alert in fired:
            for delivery in self.deliveries:
                delivery.deliver(alert)
        return fired

    def _record(self, alert: Alert) -> bool:
        row = AlertRow(
            alert.id,
            alert.rule,
            alert.kind,
            alert.doc_id,
            self.clock(),
            alert.message,
            json.dumps(alert.payload, ensure_ascii=False),
        )
        return self.store.alerts.record(row)

    def _ids(self, name: str | None) -> set[str] | None:
        return None if name is None else self.store.alerts.entity_ids(name)

    def _relations(self, rule: RelationRule, doc: Document, cluster: str) -> list[Alert]:
        actor, source, target = (
            self._ids(rule.actor),
            self._ids(rule.source),
            self._ids(rule.target),
        )
        alerts = []
        for rel in _reported(doc.relations, rule.type):
            if actor is not None and not {rel.source_id, rel.target_id} & actor:
                continue
            if (source is not None and rel.source_id not in source) or (
                target is not None and rel.target_id not in target
            ):
                continue
            key = digest(rule.name, cluster, rel.type, rel.source_id, rel.target_id)
            claim = "" if rel.asserted else " (claimed)"
            alerts.append(
                _alert(
                    key,
                    rule.name,
                    "relation",
                    doc,
                    rel.evidence.start,
                    rel.evidence.end,
                    f"{rel.type} {_name(doc, rel.source_id)} -> {_name(doc, rel.target_id)}{claim}",
                    {
                        "type": rel.type,
                        "source": {"id": rel.source_id, "name": _name(doc, rel.source_id)},
                        "target": {"id": rel.target_id, "name": _name(doc, rel.target_id)},
                        "asserted": rel.asserted,
                        "claimed_by": rel.claimed_by,
                        "date": rel.date or doc.published,
                    },
                )
            )
        return alerts

    def _quotes(self, rule: QuoteRule, doc: Document, cluster: str) -> list[Alert]:
        speakers = self._ids(rule.speaker) or set()
        topic = self._ids(rule.mentions)
        alerts = []
        for quote in doc.quotes:
            by_speaker = quote.speaker_id in speakers or (
                quote.speaker_id is None
                and (quote.speaker_name or "").casefold() == rule.speaker.casefold()
            )
            if not by_speaker or not _mentions(doc, quote, rule.mentions, topic):
                continue
            speaker = _name(doc, quote.speaker_id) if quote.speaker_id else quote.speaker_name
            key = digest(
                rule.name, cluster, quote.speaker_id, normalise_text(quote.text).casefold()
            )
            alerts.append(
                _alert(
                    key,
                    rule.name,
                    "quote",
                    doc,
                    quote.evidence.start,
                    quote.evidence.end,
                    f"quote by {speaker}",
                    {"speaker": {"id": quote.speaker_id, "name": speaker}, "text": quote.text},
                )
            )
        return alerts

    def _surges(self, rule: SurgeRule, doc: Document) -> list[Alert]:
        source, target = self._ids(rule.source), self._ids(rule.target)
        days = {
            rel.date or doc.published: rel
            for rel in _reported(doc.relations, rule.type)
            if (source is None or rel.source_id in source)
            and (target is None or rel.target_id in target)
            and (rel.date or doc.published) is not None
        }
        alerts = []
        for day, rel in sorted(days.items(), key=lambda item: item[0] or dt.date.min):
            assert day is not None
            counts = self.store.alerts.daily_relation_sources(
                rule.type, day - dt.timedelta(days=rule.days), day, source, target
            )
            history = [counts.get(day - dt.timedelta(days=k), 0) for k in range(1, rule.days + 1)]
            mean = sum(history) / len(history)
            std = math.sqrt(sum((n - mean) ** 2 for n in history) / len(history))
            today = counts.get(day, 0)
            z = (today - mean) / max(std, rule.min_std)
            if z <= rule.sigmas:
                continue
            alerts.append(
                _alert(
                    digest(rule.name, day),
                    rule.name,
                    "surge",
                    doc,
                    rel.evidence.start,
                    rel.evidence.end,
                    f"{today} {rule.type} reports on {day} against a {rule.days}-day mean of "
                    f"{mean:.2f} (std {std:.2f}, z {z:.1f})",
                    {
                        "type": rule.type,
                        "day": day,
                        "count": today,
                        "mean": round(mean, 4),
                        "std": round(std, 4),
                        "z": round(z, 4),
                    },
                )
            )
        return alerts


def _reported(relations: Sequence[Relation], type: str | None) -> list[Relation]:
    """Relations stated as happening (claims included), of ``type`` if given."""
    return [
        rel
        for rel in relations
        if not rel.negated and not rel.hypothetical and (type is None or rel.type == type)
    ]


def _mentions(doc: Document, quote: Quote, word: str | None, ids: set[str] | None) -> bool:
    """True if the quote mentions the entity (a linked mention inside it) or the word."""
    if word is None:
        return True
    start, end = quote.evidence.start, quote.evidence.end
    if ids and any(
        m.entity_id in ids and start <= m.evidence.start and m.evidence.end <= end
        for m in doc.mentions
    ):
        return True
    return word.casefold() in quote.text.casefold()


def _name(doc: Document, entity_id: str | None) -> str:
    if entity_id is None:
        return "?"
    entity = doc.entities.get(entity_id)
    return entity.name if entity else entity_id


def _alert(
    key: str,
    rule: str,
    kind: str,
    doc: Document,
    start: int,
    end: int,
    what: str,
    details: dict[str, Any],
) -> Alert:
    evidence = doc.text[start:end]
    title = doc.title or doc.url or doc.id
    message = f"[{rule}] {what} in {title!r}: {_shorten(evidence)}"
    payload = {
        "rule": rule,
        "kind": kind,
        "message": message,
        **details,
        "document": {
            "id": doc.id,
            "title": doc.title,
            "url": doc.url,
            "outlet": doc.outlet,
            "published": doc.published,
        },
        "evidence": {"text": evidence, "start": start, "end": end},
    }
    # Dates become ISO strings here, so the payload is plain JSON for webhooks and the store.
    plain = json.loads(json.dumps(payload, ensure_ascii=False, default=_iso))
    return Alert("alr_" + key, rule, kind, doc.id, message, plain)


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def _shorten(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
