"""Hand-written pairs of statements for measuring contradiction detection.

Each pair is two short articles of our own: an earlier one (March 2025) and a later one
(May 2025) quoting the same *fictional* speaker on the same topic. ``contradicts`` is our
label: does the later quote contradict the earlier one? Real countries appear only as
topics; no real person is quoted.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

EARLIER = dt.date(2025, 3, 12)
LATER = dt.date(2025, 5, 14)


@dataclass(frozen=True)
class StatementPair:
    name: str
    speaker: str  # fictional
    role: str
    earlier: str  # the quote
    later: str
    contradicts: bool
    note: str


PAIRS = (
    StatementPair(
        "negated-promise",
        "Karla Nordmann",
        "Die Ministerin",
        "Wir werden Polen bei der Luftverteidigung unterstützen",
        "Wir werden Polen bei der Luftverteidigung nicht unterstützen",
        True,
        "the same promise, negated",
    ),
    StatementPair(
        "sanctions-effect",
        "Jonas Feldberg",
        "Der Staatssekretär",
        "Die Sanktionen gegen Russland zeigen deutliche Wirkung",
        "Die Sanktionen gegen Russland zeigen keine Wirkung",
        True,
        "effect affirmed, then denied",
    ),
    StatementPair(
        "membership",
        "Lena Hartwig",
        "Die Abgeordnete",
        "Eine Mitgliedschaft der Ukraine in der Nato ist mittelfristig denkbar",
        "Eine Mitgliedschaft der Ukraine in der Nato ist auf absehbare Zeit nicht denkbar",
        True,
        "possible, then not possible",
    ),
    StatementPair(
        "stance-flip",
        "Mira Kovačević",
        "Die Analystin",
        "Serbien arbeitet eng mit Russland zusammen",
        "Serbien verurteilt Russland",
        True,
        "a cooperative relation, then a hostile one between the same pair",
    ),
    StatementPair(
        "talks-outcome",
        "Tobias Reinholt",
        "Der Diplomat",
        "Die Gespräche mit Iran sind gescheitert",
        "Die Gespräche mit Iran waren ein Erfolg",
        True,
        "opposite outcome without a negation word (expected miss)",
    ),
    StatementPair(
        "same-promise-reworded",
        "Sabine Ortlieb",
        "Die Ministerin",
        "Wir werden Litauen beim Grenzschutz unterstützen",
        "Litauen kann sich beim Grenzschutz auf unsere Unterstützung verlassen",
        False,
        "the same stance in other words",
    ),
    StatementPair(
        "both-negative",
        "Henrik Wallner",
        "Der Minister",
        "Wir liefern keine Kampfjets an die Ukraine",
        "Kampfjets für die Ukraine liefern wir weiterhin nicht",
        False,
        "both statements are negative",
    ),
    StatementPair(
        "other-topic",
        "Ute Bramsche",
        "Die Sprecherin",
        "Wir werden China bei diesen Fragen nicht nachgeben",
        "Wir werden Japan bei diesen Fragen entgegenkommen",
        False,
        "a negation flip, but about another country",
    ),
    StatementPair(
        "other-predicate",
        "Felix Amberg",
        "Der Beobachter",
        "Die Lage in Moldau ist nicht stabil",
        "Moldau braucht mehr Hilfe aus Europa",
        False,
        "one negated, but a different statement",
    ),
    StatementPair(
        "not-only",
        "Greta Lindqvist",
        "Die Generalin",
        "Die Ukraine braucht Munition und Luftverteidigung",
        "Die Ukraine braucht nicht nur Munition, sondern auch Luftverteidigung",
        False,
        "'nicht nur … sondern auch' adds, it does not negate",
    ),
)


#: two different frames, so the two articles of a pair are not near-copies of each other
_FRAMES = {
    "earlier": (
        "Berlin – {role} {speaker} hat am Mittwoch im Ausschuss über die Sicherheitslage "
        "gesprochen. „{quote}“, sagte {last}. Die Sitzung dauerte drei Stunden."
    ),
    "later": (
        "Nach einem Treffen mit Fachleuten in Hamburg äußerte sich {speaker} erneut. "
        "„{quote}“, erklärte {last} am Mittwoch vor Journalisten. Eine Rückfrage ließ "
        "das Büro unbeantwortet."
    ),
}


def _article(pair: StatementPair, quote: str, day: dt.date, part: str) -> dict[str, str]:
    last = pair.speaker.split()[-1]
    text = _FRAMES[part].format(role=pair.role, speaker=pair.speaker, quote=quote, last=last)
    return {
        "id": f"contradiction-{pair.name}-{part}",
        "title": f"{pair.speaker} zur Lage ({part})",
        "outlet": "Beispielblatt" if part == "earlier" else "Musterkurier",
        "published": day.isoformat(),
        "url": f"https://example.org/{pair.name}/{part}",
        "language": "de",
        "text": text,
    }


def write_examples(path: Path) -> Path:
    """The pairs as a JSONL file of 2 × len(PAIRS) articles for ``lagebild ingest``."""
    records = [
        record
        for pair in PAIRS
        for record in (
            _article(pair, pair.earlier, EARLIER, "earlier"),
            _article(pair, pair.later, LATER, "later"),
        )
    ]
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path
