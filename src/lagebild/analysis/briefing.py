"""The briefing of a period: main developments as short German paragraphs made from
extracted facts only, each with its quotes, figures and links to the evidence.

Nothing is written that the database does not hold: every sentence is a template filled
with a stored relation (type, actors, counts, dates, claimant), a stored quote or a stored
figure, and every one links to its article and to the span on the dashboard's article
page (``/artikel/<document id>#<fact id>``, the anchor the dashboard selects).

A development is an actor pair: the pairs of the period ranked by the independent sources
(copy clusters) reporting any relation between them, new pairs first among equals.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

import networkx as nx

from lagebild.analysis.names import localised
from lagebild.analysis.network_svg import network_svg
from lagebild.analysis.report import format_amount
from lagebild.analysis.trends import (
    Contradiction,
    FigureDifference,
    PairStrength,
    Period,
    contradictions,
    figure_differences,
    pair_strengths,
)
from lagebild.model import SYMMETRIC_TYPES
from lagebild.store import AmountRow, RelationRow, Store
from lagebild.store.trends import DocumentLink, QuoteStatement, RelationReport

BriefFormat = Literal["md", "html"]
_Fact = TypeVar("_Fact", QuoteStatement, AmountRow)
DEFAULT_DASHBOARD = "http://127.0.0.1:8765"
DEVELOPMENTS = 6
QUOTES_PER_DEVELOPMENT = 2
FIGURES_PER_DEVELOPMENT = 3
EVIDENCE_PER_DEVELOPMENT = 4
NETWORK_EDGES = 30

#: one clause per PLOVER type, filled with the two actors' names
PHRASES = {
    "AGREE": "{a} einigen sich",  # symmetric types: {a} names every actor
    "CONSULT": "{a} beraten sich",
    "SUPPORT": "{a} unterstützt {b}",
    "CONCEDE": "{a} macht {b} Zugeständnisse",
    "COOPERATE": "{a} arbeiten zusammen",
    "AID": "{a} leistet {b} Hilfe",
    "RETREAT": "{a} zieht sich gegenüber {b} zurück",
    "REQUEST": "{a} richtet Forderungen an {b}",
    "ACCUSE": "{a} erhebt Vorwürfe gegen {b}",
    "REJECT": "{a} weist {b} zurück",
    "THREATEN": "{a} droht {b}",
    "PROTEST": "{a} protestiert gegen {b}",
    "SANCTION": "{a} verhängt Sanktionen gegen {b}",
    "MOBILIZE": "{a} mobilisiert Kräfte mit Bezug auf {b}",
    "COERCE": "{a} übt Zwang auf {b} aus",
    "ASSAULT": "{a} greift {b} an",
}


@dataclass(frozen=True, slots=True)
class Link:
    """Where a fact is: the article (its own URL if http(s)) and the dashboard span."""

    doc_id: str
    fact_id: str
    title: str
    outlet: str | None
    published: dt.date | None
    url: str | None  # the article's address, only if http(s)
    dashboard: str  # the article page with the fact's anchor


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    link: Link


@dataclass(frozen=True, slots=True)
class CitedQuote:
    speaker: str
    text: str
    day: dt.date
    link: Link


@dataclass(frozen=True, slots=True)
class CitedFigure:
    figure: str  # "ca. 2,5 Mrd. EUR"
    measure: str | None
    actor: str | None
    text: str
    link: Link


@dataclass(frozen=True, slots=True)
class Development:
    title: str  # "North Korea – Russia"
    sentences: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    quotes: tuple[CitedQuote, ...]
    figures: tuple[CitedFigure, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    since: dt.date
    until: dt.date
    documents: int
    sources: int  # independent sources reporting a relation in the period
    developments: list[Development]
    figures: list[CitedFigure]
    contradictions: list[Contradiction]
    figure_differences: list[FigureDifference]
    network: list[PairStrength] = field(default_factory=list)


# ---------------------------------------------------------------------- building


def safe_url(value: str | None) -> str | None:
    """The URL if it is a plain web address; anything else is no link."""
    if not value:
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


class _Links:
    def __init__(self, store: Store, dashboard: str) -> None:
        self.store = store
        self.dashboard = dashboard.rstrip("/")
        self.documents: dict[str, DocumentLink] = {}

    def load(self, doc_ids: Sequence[str]) -> None:
        wanted = [d for d in doc_ids if d not in self.documents]
        self.documents |= self.store.trends.document_links(wanted)

    def __call__(self, doc_id: str, fact_id: str) -> Link:
        self.load([doc_id])
        doc = self.documents.get(doc_id)
        page = f"{self.dashboard}/artikel/{url_quote(doc_id, safe='')}#{url_quote(fact_id)}"
        return Link(
            doc_id,
            fact_id,
            (doc.title if doc else None) or doc_id,
            doc.outlet if doc else None,
            doc.published if doc else None,
            safe_url(doc.url) if doc else None,
            page,
        )


def _sources_word(count: int) -> str:
    return f"{count} unabhängige Quelle{'' if count == 1 else 'n'}"


def _names(names: Sequence[str]) -> str:
    """ "A", "A und B", "A, B und C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} und {names[-1]}"


@dataclass
class _Group:
    """Relations of one type that belong together: a connected group of actors for a
    symmetric type ("A, B und C arbeiten zusammen"), one actor and its targets otherwise."""

    type: str
    edges: list[PairStrength]

    @property
    def actors(self) -> list[tuple[str, str]]:
        """(id, name) of the actors, the source first for directed types."""
        seen: dict[str, str] = {}
        for e in self.edges:
            seen.setdefault(e.source_id, e.source_name)
            seen.setdefault(e.target_id, e.target_name)
        if self.type in SYMMETRIC_TYPES:
            return sorted(seen.items(), key=lambda item: item[1])
        return list(seen.items())

    def clause(self) -> str:
        names = [name for _id, name in self.actors]
        if self.type in SYMMETRIC_TYPES:
            return PHRASES[self.type].format(a=_names(names))
        targets = sorted({e.target_name for e in self.edges})
        return PHRASES[self.type].format(a=self.edges[0].source_name, b=_names(targets))


def _groups(strengths: Sequence[PairStrength]) -> list[_Group]:
    by_type: dict[str, list[PairStrength]] = defaultdict(list)
    for s in strengths:
        if s.source_id != s.target_id:
            by_type[s.type].append(s)
    groups = []
    for relation_type, edges in by_type.items():
        if relation_type in SYMMETRIC_TYPES:
            graph = nx.Graph()
            for e in edges:
                graph.add_edge(e.source_id, e.target_id)
            for members in nx.connected_components(graph):
                groups.append(_Group(relation_type, [e for e in edges if e.source_id in members]))
        else:
            by_source: dict[str, list[PairStrength]] = defaultdict(list)
            for e in edges:
                by_source[e.source_id].append(e)
            groups += [_Group(relation_type, found) for found in by_source.values()]
    return groups


def build_briefing(
    store: Store,
    since: dt.date,
    until: dt.date,
    dashboard: str = DEFAULT_DASHBOARD,
    developments: int = DEVELOPMENTS,
) -> Briefing:
    """The briefing of ``since``..``until``, compared with the as long period before it;
    actors are named as a German text names them ("Russland", "Nato")."""
    length = (until - since).days + 1
    reports = localised(
        store.trends.relation_reports(since - dt.timedelta(days=length), until), "de"
    )
    now = [r for r in reports if r.day >= since]
    before = [r for r in reports if r.day < since]
    first_days = store.trends.first_report_days(
        {r.first_id for r in now} | {r.second_id for r in now}
    )
    strengths = pair_strengths(now, before)
    links = _Links(store, dashboard)
    quotes = localised(store.trends.quotes_with_history(since, until), "de")
    amounts = localised(store.amounts(since=since, until=until, limit=500), "de")

    def key(e: PairStrength) -> tuple[str, str, str]:
        return (e.source_id, e.type, e.target_id)

    def clusters(group: _Group, rows: Sequence[RelationReport]) -> set[str]:
        keys = {key(e) for e in group.edges}
        return {r.cluster for r in rows if (r.first_id, r.type, r.second_id) in keys}

    def rank(group: _Group) -> tuple[int, bool, str]:
        new = any(first_days.get(key(e), since) >= since for e in group.edges)
        return (-len(clusters(group, now)), not new, group.clause())

    writer = _Writer(store, links, quotes, amounts, since, until)
    found = []
    for group in sorted(_groups(strengths), key=rank)[:developments]:
        new = [e for e in group.edges if first_days.get(key(e), since) >= since]
        counts = _counts(group, len(clusters(group, now)), len(clusters(group, before)), new)
        found.append(writer.development(group, counts))
    names = {q.speaker_id: q.speaker_name for q in quotes}
    names |= {r.first_id: r.first_name for r in now} | {r.second_id: r.second_name for r in now}
    period = Period("week", f"{since.isoformat()}..{until.isoformat()}", since, until)
    return Briefing(
        since=since,
        until=until,
        documents=store.counts(since, until).documents,
        sources=len({r.cluster for r in now}),
        developments=found,
        figures=[_figure(a, links) for a in amounts[:10]],
        contradictions=contradictions(quotes, period, names),
        figure_differences=figure_differences(
            localised(store.trends.amount_reports(since, until), "de")
        ),
        network=strengths[:NETWORK_EDGES],
    )


def _counts(group: _Group, sources: int, before: int, new: list[PairStrength]) -> str:
    documents = sum(e.documents for e in group.edges)  # an upper bound across the edges
    parts = [f"{_sources_word(sources)}"]
    if len(group.edges) == 1:
        parts[0] += f" in {documents} Artikel{'' if documents == 1 else 'n'}"
    if len(new) == len(group.edges):
        parts.append(f"erstmals gemeldet am {min(e.first_day for e in new).strftime('%d.%m.%Y')}")
    else:
        if new:
            pairs = [f"{e.source_name}–{e.target_name}" for e in new]
            parts.append(f"neu: {', '.join(pairs)}")
        parts.append(f"im Zeitraum davor: {before}")
    return "; ".join(parts)


class _Writer:
    """Turns a group into a paragraph with its evidence, quotes and figures; quotes and
    figures are cited once in the whole briefing."""

    def __init__(
        self,
        store: Store,
        links: _Links,
        quotes: Sequence[QuoteStatement],
        amounts: Sequence[AmountRow],
        since: dt.date,
        until: dt.date,
    ) -> None:
        self.store, self.links = store, links
        self.quotes = [q for q in quotes if since <= q.day <= until]
        self.amounts = amounts
        self.since, self.until = since, until
        self.cited: set[str] = set()

    def development(self, group: _Group, counts: str) -> Development:
        rows: list[RelationRow] = []
        for e in group.edges[:EVIDENCE_PER_DEVELOPMENT]:
            rows += localised(
                self.store.relations_between(
                    e.source_id, e.target_id, e.type, since=self.since, until=self.until, limit=1
                ),
                "de",
            )
        claim = ""
        if rows and not any(row.asserted for row in rows):
            claimants = sorted({row.claimed_by_name for row in rows if row.claimed_by_name})
            claim = f" – so {_names(claimants)}" if claimants else " – als Angabe berichtet"
        sentence = f"{group.clause()}{claim} ({counts})."
        self.links.load([row.doc_id for row in rows])
        evidence = list(
            {
                (row.doc_id, " ".join(row.evidence.split())): Evidence(
                    " ".join(row.evidence.split()), self.links(row.doc_id, row.id)
                )
                for row in rows
            }.values()
        )
        actors = {actor_id for actor_id, _name in group.actors}
        documents = {e.link.doc_id for e in evidence}
        quotes = [
            CitedQuote(q.speaker_name, q.text, q.day, self.links(q.doc_id, q.id))
            for q in self._unused(
                q
                for q in self.quotes
                if (q.speaker_id in actors and (actors - {q.speaker_id}) & q.topics)
                or (q.doc_id in documents and len(actors & q.topics) >= 2)
            )[:QUOTES_PER_DEVELOPMENT]
        ]
        figures = [
            _figure(a, self.links)
            for a in self._unused(a for a in self.amounts if a.actor_id in actors)[
                :FIGURES_PER_DEVELOPMENT
            ]
        ]
        title = " · ".join(name for _id, name in group.actors)
        return Development(title, (sentence,), tuple(evidence), tuple(quotes), tuple(figures))

    def _unused(self, facts: Iterable[_Fact]) -> list[_Fact]:
        """The facts not cited yet (and marks them cited); copies of a quote count once."""
        fresh = []
        for fact in facts:
            keys = {fact.id, getattr(fact, "text", fact.id).casefold()}
            if keys & self.cited:
                continue
            self.cited |= keys
            fresh.append(fact)
        return fresh


def _figure(amount: AmountRow, links: _Links) -> CitedFigure:
    return CitedFigure(
        format_amount(amount),
        amount.measure,
        amount.actor_name,
        amount.text,
        links(amount.doc_id, amount.id),
    )


# ---------------------------------------------------------------------- rendering


def _day(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "ohne Datum"


#: enough to keep article text literal: no emphasis, link, HTML, heading or table can start
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def _md(text: str) -> str:
    """Article-derived text as literal Markdown: markup characters escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_link(label: str, url: str) -> str:
    return f"[{_md(label)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"


def _md_source(link: Link) -> str:
    where = ", ".join(part for part in (link.outlet, _day(link.published)) if part)
    parts = [f"{_md(link.title)} ({_md(where)})"]
    if link.url:
        parts.append(_md_link("Artikel", link.url))
    parts.append(_md_link("Beleg im Dashboard", link.dashboard))
    return " · ".join(parts)


def _title(briefing: Briefing) -> str:
    return f"Lagebild-Briefing {_day(briefing.since)} bis {_day(briefing.until)}"


def _summary(briefing: Briefing) -> str:
    return (
        f"{briefing.documents} Artikel im Zeitraum; Beziehungen aus {briefing.sources} "
        f"unabhängigen Quelle{'' if briefing.sources == 1 else 'n'} (Kopien eines "
        "Agenturtexts zählen einmal). "
        "Alle Sätze sind aus extrahierten Fakten zusammengesetzt; jede Angabe verweist auf "
        "ihre Textstelle."
    )


def render_markdown(briefing: Briefing, picture: str | None) -> str:
    """The briefing as Markdown; ``picture`` is the network SVG's file name, if written."""
    out = [f"# {_title(briefing)}", "", _md(_summary(briefing)), "", "## Wichtigste Entwicklungen"]
    if not briefing.developments:
        out += ["", "Keine Beziehungen im Zeitraum."]
    for d in briefing.developments:
        out += ["", f"### {_md(d.title)}", "", " ".join(_md(s) for s in d.sentences)]
        for q in d.quotes:
            out += [
                "",
                f"> „{_md(q.text)}“ — {_md(q.speaker)}, {_day(q.day)}. {_md_source(q.link)}",
            ]
        if d.figures:
            out += ["", "Genannte Zahlen:"]
            out += [f"- {_md(_figure_text(f))} — {_md_source(f.link)}" for f in d.figures]
        out += ["", "Belege:"]
        out += [f"- „{_md(e.text)}“ — {_md_source(e.link)}" for e in d.evidence]
    out += _md_extras(briefing)
    out += ["", "## Netzwerk des Zeitraums", ""]
    out.append(
        f"![Akteursnetzwerk]({picture})"
        if picture
        else "(Das Netzwerkbild wird mit --output DATEI neben die Datei geschrieben.)"
    )
    return "\n".join(out) + "\n"


def _figure_text(figure: CitedFigure) -> str:
    about = ", ".join(part for part in (figure.measure, figure.actor) if part)
    return f"{figure.figure}" + (f" ({about})" if about else "") + f": „{figure.text}“"


def _md_extras(briefing: Briefing) -> list[str]:
    out = ["", "## Genannte Zahlen", ""]
    out += [f"- {_md(_figure_text(f))} — {_md_source(f.link)}" for f in briefing.figures] or [
        "Keine."
    ]
    if briefing.contradictions:
        out += ["", "## Widersprüche zu früheren Aussagen", ""]
        for c in briefing.contradictions:
            out.append(
                f"- {_md(c.speaker_name)} zu {_md(', '.join(t.name for t in c.topics))}: "
                f"am {_day(c.earlier.day)} „{_md(c.earlier.text)}“, am {_day(c.later.day)} "
                f"„{_md(c.later.text)}“ ({_md(c.reason + ': ' + c.detail)})"
            )
    if briefing.figure_differences:
        out += ["", "## Abweichende Zahlen zwischen Quellen", ""]
        for f in briefing.figure_differences:
            values = "; ".join(f"{r.value:g} ({r.outlet or r.doc_id})" for r in f.reports)
            out.append(f"- {_md(f.measure)} ({_md(f.unit)}), {_md(f.actor_name)}: {_md(values)}")
    return out


_CSS = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#212121;line-height:1.5}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}h3{margin-bottom:.3rem}
blockquote{margin:.6rem 0;padding:.3rem .8rem;border-left:4px solid #f9a825;background:#fffde7}
.src{color:#555;font-size:.9rem}.muted{color:#666}ul{padding-left:1.2rem}
"""


def _h(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def _html_source(link: Link) -> str:
    where = ", ".join(part for part in (link.outlet, _day(link.published)) if part)
    parts = [f"{_h(link.title)} ({_h(where)})"]
    if link.url:
        parts.append(f'<a href="{_h(link.url)}">Artikel</a>')
    parts.append(f'<a href="{_h(link.dashboard)}">Beleg im Dashboard</a>')
    return f'<span class="src">{" · ".join(parts)}</span>'


def render_html(briefing: Briefing, svg: str) -> str:
    """The briefing as one standalone HTML file with the network SVG embedded."""
    out = [
        '<!doctype html><html lang="de"><head><meta charset="utf-8">',
        f"<title>{_h(_title(briefing))}</title><style>{_CSS}</style></head><body>",
        f'<h1>{_h(_title(briefing))}</h1><p class="muted">{_h(_summary(briefing))}</p>',
        "<h2>Wichtigste Entwicklungen</h2>",
    ]
    if not briefing.developments:
        out.append("<p>Keine Beziehungen im Zeitraum.</p>")
    for d in briefing.developments:
        out.append(f'<section class="development"><h3>{_h(d.title)}</h3>')
        out.append(f"<p>{' '.join(_h(s) for s in d.sentences)}</p>")
        for q in d.quotes:
            out.append(
                f"<blockquote>„{_h(q.text)}“ — {_h(q.speaker)}, {_day(q.day)}<br>"
                f"{_html_source(q.link)}</blockquote>"
            )
        if d.figures:
            out.append("<p>Genannte Zahlen:</p><ul>")
            out += [f"<li>{_h(_figure_text(f))} — {_html_source(f.link)}</li>" for f in d.figures]
            out.append("</ul>")
        out.append('<p>Belege:</p><ul class="evidence">')
        out += [f"<li>„{_h(e.text)}“ — {_html_source(e.link)}</li>" for e in d.evidence]
        out.append("</ul></section>")
    out.append("<h2>Genannte Zahlen</h2><ul>")
    out += [f"<li>{_h(_figure_text(f))} — {_html_source(f.link)}</li>" for f in briefing.figures]
    out.append("</ul>")
    if briefing.contradictions:
        out.append("<h2>Widersprüche zu früheren Aussagen</h2><ul>")
        for c in briefing.contradictions:
            out.append(
                f"<li>{_h(c.speaker_name)} zu {_h(', '.join(t.name for t in c.topics))}: "
                f"am {_day(c.earlier.day)} „{_h(c.earlier.text)}“, am {_day(c.later.day)} "
                f"„{_h(c.later.text)}“ ({_h(c.reason + ': ' + c.detail)})</li>"
            )
        out.append("</ul>")
    if briefing.figure_differences:
        out.append("<h2>Abweichende Zahlen zwischen Quellen</h2><ul>")
        for f in briefing.figure_differences:
            values = "; ".join(f"{r.value:g} ({r.outlet or r.doc_id})" for r in f.reports)
            out.append(f"<li>{_h(f.measure)} ({_h(f.unit)}), {_h(f.actor_name)}: {_h(values)}</li>")
        out.append("</ul>")
    out.append(f'<h2>Netzwerk des Zeitraums</h2><figure class="network">{svg}</figure>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_briefing(
    briefing: Briefing, fmt: BriefFormat, output: Path | None
) -> tuple[str, list[Path]]:
    """Render; with ``output``, write it (and for md the SVG beside it, ``NAME.svg``) via
    ``.partial`` files renamed when complete. Returns the text and the files written."""
    svg = network_svg(briefing.network, f"Akteursnetzwerk {_title(briefing)}")
    if fmt == "html":
        text = render_html(briefing, svg)
        return text, ([_atomic_write(output, text)] if output else [])
    if output is None:
        return render_markdown(briefing, None), []
    picture = output.with_suffix(".svg")
    written = [_atomic_write(picture, svg)]
    text = render_markdown(briefing, picture.name)
    written.append(_atomic_write(output, text))
    return text, written


def _atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
