"""The overview report: what the database knows, as plain text for a terminal.

:func:`build_report` collects the numbers from the store; :func:`render_report`
turns them into aligned tables with German labels and German number format
("2,5 Mrd. EUR", "1.200 soldiers").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lagebild.model import PLOVER_TYPES
from lagebild.store import ActorRow, AmountRow, Counts, RelationStrength, Store
from lagebild.textable import format_table, shorten

EXAMPLE_QUOTE_WIDTH = 70
_QUALIFIERS = {
    "more_than": "mehr als",
    "less_than": "weniger als",
    "up_to": "bis zu",
    "at_least": "mindestens",
}
_UNIT_SYMBOLS = {"percent": "%"}
_SCALES = ((1e12, "Bio."), (1e9, "Mrd."), (1e6, "Mio."))


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    speaker_id: str | None
    speaker_name: str
    quotes: int
    documents: int
    example: str  # one quote, a direct one where there is one


@dataclass(frozen=True, slots=True)
class Report:
    since: dt.date | None
    until: dt.date | None
    counts: Counts
    top_actors: list[ActorRow]
    #: strongest actor pairs per PLOVER type, types in PLOVER order, only types with pairs
    relations_by_type: dict[str, list[RelationStrength]]
    speakers: list[SpeakerQuotes]
    figures: list[AmountRow]


def build_report(
    store: Store,
    since: dt.date | None = None,
    until: dt.date | None = None,
    top: int = 10,
    per_type: int = 3,
) -> Report:
    """Collect the report for documents (and facts) dated ``since``..``until`` inclusive."""
    relations_by_type = {
        relation_type: strengths
        for relation_type in PLOVER_TYPES
        if (strengths := store.relation_strengths(since, until, limit=per_type, type=relation_type))
    }
    return Report(
        since=since,
        until=until,
        counts=store.counts(since, until),
        top_actors=store.top_actors(limit=top, since=since, until=until),
        relations_by_type=relations_by_type,
        speakers=_speakers(store, since, until, top),
        figures=store.amounts(since=since, until=until, limit=top),
    )


def _speakers(
    store: Store, since: dt.date | None, until: dt.date | None, limit: int
) -> list[SpeakerQuotes]:
    speakers = []
    for row in store.speakers(since, until, limit=limit):
        key = row.speaker_id or row.speaker_name
        examples = store.quotes(speaker=key, kind="direct", since=since, until=until, limit=1)
        examples = examples or store.quotes(speaker=key, since=since, until=until, limit=1)
        example = examples[0].text if examples else ""
        speakers.append(
            SpeakerQuotes(row.speaker_id, row.speaker_name, row.quotes, row.documents, example)
        )
    return speakers


def format_number(value: float) -> str:
    """German number format: "1.200", "2,5", and "2,5 Mrd." for large values."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{format_number(value / scale)} {word}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_amount(amount: AmountRow) -> str:
    """The figure as a reader would say it: "ca. 2 Mrd. EUR", "mehr als 2–3 %"."""
    value = format_number(amount.value)
    if amount.value_max is not None:
        value = f"{value}–{format_number(amount.value_max)}"
    parts = [
        "ca." if amount.approximate else "",
        _QUALIFIERS.get(amount.qualifier or "", amount.qualifier or ""),
        value,
        _UNIT_SYMBOLS.get(amount.unit, amount.unit),
    ]
    return " ".join(part for part in parts if part)


def _period(report: Report) -> str:
    if report.since is None and report.until is None:
        return "alle Artikel"
    since = report.since.isoformat() if report.since else "…"
    until = report.until.isoformat() if report.until else "…"
    return f"{since} bis {until}"


def _section(title: str, body: str) -> str:
    return f"{title}\n{'=' * len(title)}\n{body}"


def render_report(report: Report) -> str:
    """The report as plain text: one section per part, each an aligned table."""
    counts = report.counts
    overview = format_table(
        ["Dokumente", "Akteure", "Erwähnungen", "Zitate", "Beziehungen", "Zahlen"],
        [
            [
                format_number(n)
                for n in (
                    counts.documents,
                    counts.entities,
                    counts.mentions,
                    counts.quotes,
                    counts.relations,
                    counts.amounts,
                )
            ]
        ],
    )
    sections = [
        _section(f"Lagebild ({_period(report)})", overview),
        _section("Meistgenannte Akteure", _actors_table(report.top_actors)),
        _section("Stärkste Beziehungen nach Typ", _relations_table(report.relations_by_type)),
        _section("Zitate nach Sprecher", _speakers_table(report.speakers)),
        _section("Genannte Zahlen", _figures_table(report.figures)),
    ]
    return "\n\n".join(sections)


def _empty_or(table: str, has_rows: bool) -> str:
    return table if has_rows else "(keine)"


def _actors_table(actors: list[ActorRow]) -> str:
    rows = [[a.name, a.type, a.documents, a.mentions] for a in actors]
    return _empty_or(format_table(["Akteur", "Typ", "Dokumente", "Erwähnungen"], rows), bool(rows))


def _relations_table(by_type: dict[str, list[RelationStrength]]) -> str:
    rows = [
        [
            relation_type,
            f"{s.source_name} {'↔' if s.symmetric else '→'} {s.target_name}",
            s.documents,
            s.relations,
        ]
        for relation_type, strengths in by_type.items()
        for s in strengths
    ]
    table = format_table(["Typ", "Akteure", "Dokumente", "Belege"], rows)
    return _empty_or(table, bool(rows))


def _speakers_table(speakers: list[SpeakerQuotes]) -> str:
    rows = [
        [s.speaker_name, s.quotes, s.documents, f"„{shorten(s.example, EXAMPLE_QUOTE_WIDTH)}“"]
        for s in speakers
    ]
    table = format_table(
        ["Sprecher", "Zitate", "Dokumente", "Beispiel"], rows, max_width=EXAMPLE_QUOTE_WIDTH + 2
    )
    return _empty_or(table, bool(rows))


def _figures_table(figures: list[AmountRow]) -> str:
    rows = [
        [format_amount(f), f.measure or "", f.actor_name or "", f.doc_title or f.doc_id]
        for f in figures
    ]
    table = format_table(["Zahl", "Was", "Akteur", "Quelle"], rows, max_width=40)
    return _empty_or(table, bool(rows))
