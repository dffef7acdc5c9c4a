"""Change over time: relation strength per period, blocs, and what is new in a period.

Everything is counted in independent sources (copy clusters of near-duplicate articles),
as ``Store.relation_strengths`` does. A period is an ISO week (Monday to Sunday) or a
calendar month; "new" compares a period with the one right before it:

- **strengths**: per actor pair and PLOVER type, the independent sources and articles
  reporting it in the period (negated and hypothetical relations never count);
- **blocs**: communities (Louvain, fixed seed) of the cooperation graph of the period:
  edges are the types in :data:`COOPERATION_TYPES`, weighted by the independent sources
  reporting any of them between the two actors;
- **first seen**: pairs and types reported in the period and never before it;
- **rising**: actors whose share of the period's reports (weighted degree over the
  total weight of the period's actor graph) grew most against the previous period;
- **contradictions**: quotes of the period by a speaker that contradict an earlier
  quote of the same speaker on the same topic (:func:`contradiction`);
- **figure differences**: one measure of one actor (same unit and year) given with
  different values by different outlets in the period (:func:`figure_differences`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

import networkx as nx

from lagebild.analysis.names import localised
from lagebild.kb import Language, display_name
from lagebild.model import SYMMETRIC_TYPES
from lagebild.store import Store
from lagebild.store.trends import AmountReport, QuoteStatement, RelationReport

Granularity = Literal["week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("week", "month")

#: Types that put two actors on the same side; the bloc graph's edges. CONCEDE and
#: RETREAT are left out: giving way to an adversary says nothing about alignment.
COOPERATION_TYPES = frozenset({"COOPERATE", "AID", "SUPPORT", "AGREE", "CONSULT"})
#: Stance of a type for contradictions: +1 cooperative, -1 hostile (REQUEST is neither).
STANCE = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"), 1),
    **dict.fromkeys(
        ("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
        -1,
    ),
}
#: An actor rises only with at least this many independent sources in the period and a
#: share at least this much higher than in the previous period.
MIN_RISING_SOURCES = 2
MIN_RISING_GAIN = 0.05
#: Two figures differ when their ranges, each widened by this fraction when the text says
#: "ca.", do not overlap; closer values are rounding, not disagreement.
APPROXIMATE_TOLERANCE = 0.05
LOUVAIN_SEED = 7

NEGATIONS = frozenset(
    str.split(
        "nicht kein keine keinen keinem keiner keines nie niemals nichts weder "
        "not no never none nothing"
    )
)
_STOPWORDS = frozenset(
    str.split(
        "aber alle allen auch auf aus bei bereits damit dann darauf dass deren derzeit dessen "
        "diese diesem diesen dieser dieses durch eine einem einen einer eines gegen haben habe "
        "hatte hier immer jetzt können kann muss müssen noch nach oder ohne sehr sein seine "
        "seinen sich sind soll sollen über unter viel wenn werde werden wieder wird wollen "
        "wurde würde zwischen about after again their there these those where which while "
        "would could should being been have will with from that this"
    )
)
#: "nicht nur", "not only": the next word turns a negation into an addition
_ADDING = frozenset({"nur", "bloß", "allein", "only", "just"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: letters of a word compared to match inflected forms ("unterstützt", "unterstützen")
STEM_LENGTH = 7
MIN_SHARED_STEMS = 2


# ---------------------------------------------------------------------- periods


@dataclass(frozen=True, slots=True)
class Period:
    granularity: Granularity
    key: str  # "2025-W36" or "2025-09"
    start: dt.date
    end: dt.date  # inclusive


def period_of(day: dt.date, granularity: Granularity) -> Period:
    if granularity == "week":
        start = day - dt.timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return Period("week", f"{year:04d}-W{week:02d}", start, start + dt.timedelta(days=6))
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return Period("month", f"{day.year:04d}-{day.month:02d}", start, following - dt.timedelta(1))


def previous_period(period: Period) -> Period:
    return period_of(period.start - dt.timedelta(days=1), period.granularity)


def periods_between(since: dt.date, until: dt.date, granularity: Granularity) -> list[Period]:
    """The periods overlapping ``since``..``until``, oldest first."""
    periods = []
    current = period_of(since, granularity)
    while current.start <= until:
        periods.append(current)
        current = period_of(current.end + dt.timedelta(days=1), granularity)
    return periods


# ---------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class PairStrength:
    source_id: str
    source_name: str
    type: str
    target_id: str
    target_name: str
    symmetric: bool
    sources: int  # independent sources (copy clusters)
    documents: int
    first_day: dt.date  # first report in the period
    #: the change against the previous period (sources then)
    previous_sources: int = 0


@dataclass(frozen=True, slots=True)
class Bloc:
    members: tuple[Actor, ...]  # by weighted degree inside the bloc, then name
    weight: int  # independent sources on the bloc's internal edges


@dataclass(frozen=True, slots=True)
class RisingActor:
    id: str
    name: str
    share: float  # of the period's weighted degree
    previous_share: float
    sources: int  # independent sources involving the actor in the period
    previous_sources: int


@dataclass(frozen=True, slots=True)
class QuoteRef:
    id: str
    doc_id: str
    text: str
    day: dt.date


@dataclass(frozen=True, slots=True)
class Contradiction:
    speaker_id: str
    speaker_name: str
    topics: tuple[Actor, ...]
    reason: Literal["stance", "negation"]
    detail: str  # the relation types (stance) or the shared words (negation)
    earlier: QuoteRef
    later: QuoteRef


@dataclass(frozen=True, slots=True)
class FigureRef:
    id: str
    doc_id: str
    doc_title: str | None
    outlet: str | None
    published: dt.date | None
    value: float
    value_max: float | None
    text: str


@dataclass(frozen=True, slots=True)
class FigureDifference:
    measure: str
    unit: str
    actor_id: str | None
    actor_name: str
    year: int | None
    reports: tuple[FigureRef, ...]  # one per independent source, lowest value first


@dataclass(frozen=True, slots=True)
class PeriodChanges:
    period: Period
    previous: Period
    sources: int  # independent sources reporting any relation in the period
    strengths: list[PairStrength]
    blocs: list[Bloc]
    first_seen: list[PairStrength]
    rising: list[RisingActor]
    contradictions: list[Contradiction]
    figure_differences: list[FigureDifference]


@dataclass(frozen=True, slots=True)
class ChangeReport:
    granularity: Granularity
    since: dt.date | None
    until: dt.date | None
    periods: list[PeriodChanges] = field(default_factory=list)


# ---------------------------------------------------------------------- entry points


def default_window(
    store: Store, granularity: Granularity, since: dt.date | None, until: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """Missing ends: ``until`` the newest article, ``since`` 12 months or 8 weeks before."""
    last = until or store.published_span().last
    if last is None:
        return None
    if since is None:
        back = dt.timedelta(weeks=7) if granularity == "week" else dt.timedelta(days=334)
        since = period_of(last - back, granularity).start
    return since, last


def changes(
    store: Store,
    granularity: Granularity,
    since: dt.date | None = None,
    until: dt.date | None = None,
    top: int = 10,
    skip_empty: bool = True,
    language: Language | None = None,
) -> ChangeReport:
    """What changed in each period of ``since``..``until`` (defaults: :func:`default_window`).

    Periods without any report, quote or figure are left out unless ``skip_empty`` is False.
    Actor names are the stored ones, or their display names in ``language`` if given."""
    window = default_window(store, granularity, since, until)
    if window is None:
        return ChangeReport(granularity, since, until)
    first_day, last_day = window
    periods = periods_between(first_day, last_day, granularity)
    context = _Context.load(store, previous_period(periods[0]).start, periods[-1].end, language)
    found = [context.period_changes(period, top) for period in periods]
    if skip_empty:
        found = [c for c in found if c.sources or c.contradictions or c.figure_differences]
    return ChangeReport(granularity, first_day, last_day, found)


def period_changes(
    store: Store, period: Period, top: int = 10, language: Language | None = None
) -> PeriodChanges:
    """The changes of one period against the one before it."""
    context = _Context.load(store, previous_period(period).start, period.end, language)
    return context.period_changes(period, top)


def _first_days(
    reports: Sequence[RelationReport], reported_before: set[tuple[str, str, str]], since: dt.date
) -> dict[tuple[str, str, str], dt.date]:
    """The first report day of each pair of ``reports`` (all reports from ``since`` on): a pair
    not reported before ``since`` was first reported on its earliest day here; a pair reported
    before gets the day before ``since``, which is all a comparison with a period start
    inside the window needs."""
    first_days: dict[tuple[str, str, str], dt.date] = {}
    before = since - dt.timedelta(days=1)
    for r in reports:
        key = (r.first_id, r.type, r.second_id)
        if key in reported_before:
            first_days[key] = before
        elif key not in first_days or r.day < first_days[key]:
            first_days[key] = r.day
    return first_days


@dataclass
class _Context:
    """The rows of the whole window, read once and cut into periods in memory."""

    reports: list[RelationReport]
    first_days: dict[tuple[str, str, str], dt.date]  # exact for pairs new in the window
    quotes: list[QuoteStatement]
    amounts: list[AmountReport]
    names: dict[str, str]

    @classmethod
    def load(
        cls, store: Store, since: dt.date, until: dt.date, language: Language | None = None
    ) -> _Context:
        reports = store.trends.relation_reports(since, until)
        first_days = _first_days(reports, store.trends.pairs_reported_before(since, until), since)
        # earlier statements count, but only those sharing a topic can be contradicted
        quotes = store.trends.quotes_with_topic_history(since, until)
        amounts = store.trends.amount_reports(since, until)
        if language is not None:
            reports, quotes = localised(reports, language), localised(quotes, language)
            amounts = localised(amounts, language)
        names = {r.first_id: r.first_name for r in reports} | {
            r.second_id: r.second_name for r in reports
        }
        names |= {q.speaker_id: q.speaker_name for q in quotes}
        missing = {topic for q in quotes for topic in q.topics} - set(names)
        names |= {
            a.entity_id: display_name(a.entity_id, a.name, language) if language else a.name
            for a in store.actor_stats(sorted(missing))
        }
        return cls(reports, first_days, quotes, amounts, names)

    def period_changes(self, period: Period, top: int) -> PeriodChanges:
        previous = previous_period(period)
        now = [r for r in self.reports if period.start <= r.day <= period.end]
        before = [r for r in self.reports if previous.start <= r.day <= previous.end]
        strengths = pair_strengths(now, before)
        first_seen = [
            s
            for s in strengths
            if self.first_days.get((s.source_id, s.type, s.target_id), period.start) >= period.start
        ]
        amounts = [
            a for a in self.amounts if a.published and period.start <= a.published <= period.end
        ]
        return PeriodChanges(
            period=period,
            previous=previous,
            sources=len({r.cluster for r in now}),
            strengths=strengths[:top],
            blocs=blocs(now),
            first_seen=first_seen[:top],
            rising=rising_actors(now, before)[:top],
            contradictions=contradictions(self.quotes, period, self.names)[:top],
            figure_differences=figure_differences(amounts)[:top],
        )


# ---------------------------------------------------------------------- strengths


def pair_strengths(
    reports: Sequence[RelationReport], previous: Sequence[RelationReport] = ()
) -> list[PairStrength]:
    """Per (first, type, second): independent sources and articles, strongest first."""
    clusters: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    documents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    first_day: dict[tuple[str, str, str], dt.date] = {}
    names: dict[str, str] = {}
    for r in reports:
        key = (r.first_id, r.type, r.second_id)
        clusters[key].add(r.cluster)
        documents[key].add(r.doc_id)
        first_day[key] = min(first_day.get(key, r.day), r.day)
        names[r.first_id], names[r.second_id] = r.first_name, r.second_name
    before: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in previous:
        before[(r.first_id, r.type, r.second_id)].add(r.cluster)
    strengths = [
        PairStrength(
            source_id=a,
            source_name=names[a],
            type=relation_type,
            target_id=b,
            target_name=names[b],
            symmetric=relation_type in SYMMETRIC_TYPES,
            sources=len(found),
            documents=len(documents[(a, relation_type, b)]),
            first_day=first_day[(a, relation_type, b)],
            previous_sources=len(before.get((a, relation_type, b), ())),
        )
        for (a, relation_type, b), found in clusters.items()
    ]
    return sorted(
        strengths,
        key=lambda s: (-s.sources, -s.documents, s.type, s.source_name, s.target_name),
    )


# ---------------------------------------------------------------------- blocs


def _pair_weights(
    reports: Iterable[RelationReport], types: frozenset[str] | None = None
) -> dict[tuple[str, str], int]:
    """Independent sources per unordered actor pair (any of ``types``, or any type)."""
    clusters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in reports:
        if r.first_id == r.second_id or (types is not None and r.type not in types):
            continue
        pair = (min(r.first_id, r.second_id), max(r.first_id, r.second_id))
        clusters[pair].add(r.cluster)
    return {pair: len(found) for pair, found in clusters.items()}


def blocs(reports: Sequence[RelationReport]) -> list[Bloc]:
    """Communities of the cooperation graph with two or more actors, largest first."""
    names = {r.first_id: r.first_name for r in reports} | {
        r.second_id: r.second_name for r in reports
    }
    graph = nx.Graph()
    for (a, b), weight in sorted(_pair_weights(reports, COOPERATION_TYPES).items()):
        graph.add_edge(a, b, weight=weight)
    if graph.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    found = []
    for members in communities:
        if len(members) < 2:
            continue
        inner = graph.subgraph(members)
        degree = dict(inner.degree(weight="weight"))
        ordered = sorted(members, key=lambda m: (-degree[m], names[m]))
        found.append(
            Bloc(
                tuple(Actor(m, names[m]) for m in ordered),
                int(inner.size(weight="weight")),
            )
        )
    return sorted(found, key=lambda b: (-len(b.members), -b.weight, b.members[0].name))


# ---------------------------------------------------------------------- centrality


def _shares(reports: Sequence[RelationReport]) -> tuple[dict[str, float], dict[str, int]]:
    """Each actor's weighted degree over the total, and its independent sources."""
    weights = _pair_weights(reports)
    total = sum(weights.values())
    degree: dict[str, int] = defaultdict(int)
    for (a, b), weight in weights.items():
        degree[a] += weight
        degree[b] += weight
    sources: dict[str, set[str]] = defaultdict(set)
    for r in reports:
        sources[r.first_id].add(r.cluster)
        sources[r.second_id].add(r.cluster)
    shares = {actor: value / total for actor, value in degree.items()} if total else {}
    return shares, {actor: len(found) for actor, found in sources.items()}


def rising_actors(
    reports: Sequence[RelationReport], previous: Sequence[RelationReport]
) -> list[RisingActor]:
    """Actors whose share of the reports grew most against the previous period."""
    names = {r.first_id: r.first_name for r in reports} | {
        r.second_id: r.second_name for r in reports
    }
    share, sources = _shares(reports)
    old_share, old_sources = _shares(previous)
    rising = [
        RisingActor(
            actor,
            names[actor],
            round(value, 4),
            round(old_share.get(actor, 0.0), 4),
            sources[actor],
            old_sources.get(actor, 0),
        )
        for actor, value in share.items()
        if sources[actor] >= MIN_RISING_SOURCES
        and value - old_share.get(actor, 0.0) >= MIN_RISING_GAIN
    ]
    return sorted(rising, key=lambda r: (-(r.share - r.previous_share), -r.sources, r.name))


# ---------------------------------------------------------------------- contradictions


def _stems(text: str) -> set[str]:
    words = (w.casefold() for w in _WORD.findall(text))
    return {w[:STEM_LENGTH] for w in words if len(w) >= 5 and w not in _STOPWORDS}


def _negated(text: str) -> bool:
    """A negation word, not counting "nicht nur … sondern auch", which adds."""
    words = [w.casefold() for w in _WORD.findall(text)]
    return any(
        w in NEGATIONS and (i + 1 == len(words) or words[i + 1] not in _ADDING)
        for i, w in enumerate(words)
    )


def _stances(quote: QuoteStatement) -> list[tuple[str, str, str, int, str]]:
    """(source, target, type, sign, label) of the quote's relations with a stance."""
    found = []
    for source, relation_type, target, negated in quote.stances:
        sign = STANCE.get(relation_type, 0) * (-1 if negated else 1)
        if sign:
            label = ("nicht " if negated else "") + relation_type
            found.append((source, target, relation_type, sign, label))
    return found


def _same_pair(a: tuple[str, str, str, int, str], b: tuple[str, str, str, int, str]) -> bool:
    """Same direction, or either direction when one of the types is symmetric."""
    if (a[0], a[1]) == (b[0], b[1]):
        return True
    either = a[2] in SYMMETRIC_TYPES or b[2] in SYMMETRIC_TYPES
    return either and (a[0], a[1]) == (b[1], b[0])


def _stance_conflict(earlier: QuoteStatement, later: QuoteStatement) -> str | None:
    """ "COOPERATE → ACCUSE" when the quotes state opposite stances on one actor pair."""
    for now in _stances(later):
        for then in _stances(earlier):
            if then[3] == -now[3] and _same_pair(then, now):
                return f"{then[4]} → {now[4]}"
    return None


def contradiction(earlier: QuoteStatement, later: QuoteStatement) -> tuple[str, str] | None:
    """Whether ``later`` contradicts ``earlier`` (same speaker, a shared topic assumed):

    - ``stance``: relations inside the quotes give the same actor pair opposite stances
      (a cooperative type against a hostile one, or one of them negated);
    - ``negation``: the quotes share at least :data:`MIN_SHARED_STEMS` content words
      (compared on their first :data:`STEM_LENGTH` letters, so inflections match; the
      words of entity mentions do not count, since the shared topic is given) and
      exactly one of them is negated ("nicht", "kein", "nie", …).

    Returns (reason, detail) or None."""
    stance = _stance_conflict(earlier, later)
    if stance:
        return "stance", stance
    names = _stems(" ".join(earlier.mention_words | later.mention_words))
    shared = (_stems(earlier.text) & _stems(later.text)) - names
    if len(shared) >= MIN_SHARED_STEMS and _negated(earlier.text) != _negated(later.text):
        return "negation", ", ".join(sorted(shared))
    return None


def contradictions(
    quotes: Sequence[QuoteStatement], period: Period, names: dict[str, str]
) -> list[Contradiction]:
    """Quotes of the period contradicting an earlier quote by the same speaker on a shared
    topic (an entity mentioned in both); the latest earlier quote is given. Copies of one
    quote (the same copy cluster) are one statement."""
    by_speaker: dict[str, list[QuoteStatement]] = defaultdict(list)
    for quote in quotes:
        by_speaker[quote.speaker_id].append(quote)
    found = []
    seen: set[tuple[str, str]] = set()
    for later in quotes:
        if not (period.start <= later.day <= period.end) or not later.topics:
            continue
        key = (later.cluster, later.text.casefold())
        if key in seen:
            continue
        earlier_quotes = [
            q
            for q in by_speaker[later.speaker_id]
            if q.day < later.day and q.cluster != later.cluster and q.topics & later.topics
        ]
        for earlier in sorted(earlier_quotes, key=lambda q: q.day, reverse=True):
            verdict = contradiction(earlier, later)
            if verdict is None:
                continue
            seen.add(key)
            topics = sorted(earlier.topics & later.topics, key=lambda e: names.get(e, e))
            found.append(
                Contradiction(
                    later.speaker_id,
                    later.speaker_name,
                    tuple(Actor(e, names.get(e, e)) for e in topics),
                    verdict[0],  # type: ignore[arg-type]
                    verdict[1],
                    QuoteRef(earlier.id, earlier.doc_id, earlier.text, earlier.day),
                    QuoteRef(later.id, later.doc_id, later.text, later.day),
                )
            )
            break
    return found


# ---------------------------------------------------------------------- figures


def _interval(report: AmountReport) -> tuple[float, float]:
    low, high = report.value, report.value_max if report.value_max is not None else report.value
    if report.approximate:
        low, high = low * (1 - APPROXIMATE_TOLERANCE), high * (1 + APPROXIMATE_TOLERANCE)
    return min(low, high), max(low, high)


def figure_differences(amounts: Sequence[AmountReport]) -> list[FigureDifference]:
    """Figures of one measure, unit, actor and year that outlets give differently.

    Figures without an actor are left out: "27 Staaten" without saying whose is too
    generic to compare. One report per independent source (the first); a group is a
    difference when two reports from different outlets have ranges that do not overlap
    (``ca.`` widens a range by :data:`APPROXIMATE_TOLERANCE`)."""
    groups: dict[tuple[str, str, str, int | None], dict[str, AmountReport]] = defaultdict(dict)
    for a in amounts:
        actor = a.actor_id or (a.actor_name or "").casefold()
        if not actor:
            continue
        groups[(a.measure.casefold(), a.unit, actor, a.year)].setdefault(a.cluster, a)
    found = []
    for (_measure, unit, _actor, year), by_source in groups.items():
        reports = sorted(by_source.values(), key=lambda a: (a.value, a.doc_id))
        if not _disagree(reports):
            continue
        first = reports[0]
        found.append(
            FigureDifference(
                first.measure,
                unit,
                first.actor_id,
                first.actor_name or first.actor_id or "",
                year,
                tuple(
                    FigureRef(
                        a.id,
                        a.doc_id,
                        a.doc_title,
                        a.outlet,
                        a.published,
                        a.value,
                        a.value_max,
                        a.text,
                    )
                    for a in reports
                ),
            )
        )
    return sorted(found, key=lambda f: (-len(f.reports), f.measure, f.actor_name))


def _disagree(reports: Sequence[AmountReport]) -> bool:
    for i, a in enumerate(reports):
        for b in reports[i + 1 :]:
            if (a.outlet or a.cluster) == (b.outlet or b.cluster):
                continue
            low_a, high_a = _interval(a)
            low_b, high_b = _interval(b)
            if high_a < low_b or high_b < low_a:
                return True
    return False


# ---------------------------------------------------------------------- text


def _arrow(strength: PairStrength) -> str:
    return f"{strength.source_name} {'↔' if strength.symmetric else '→'} {strength.target_name}"


def _percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def _add_table(
    parts: list[str], heading: str, headers: list[str], rows: list[list[object]]
) -> None:
    from lagebild.textable import format_table

    if rows:
        parts.extend(["", heading, format_table(headers, rows, max_width=70)])


def render_changes(report: ChangeReport) -> str:
    """The report as plain text: one block per period, each part an aligned table."""
    from lagebild.textable import shorten

    if not report.periods:
        return "Keine Berichte im Zeitraum."
    blocks = []
    for changes_ in report.periods:
        p = changes_.period
        title = f"{p.key} ({p.start.isoformat()} bis {p.end.isoformat()}): "
        title += f"{changes_.sources} unabhängige Quellen"
        parts = [title, "=" * len(title)]
        table = partial(_add_table, parts)

        table(
            "Stärkste Beziehungen",
            ["Typ", "Akteure", "Quellen", "Artikel", "Vorperiode"],
            [
                [s.type, _arrow(s), s.sources, s.documents, s.previous_sources]
                for s in changes_.strengths
            ],
        )
        table(
            "Blöcke (Kooperation)",
            ["Block", "Mitglieder", "Gewicht"],
            [
                [i, ", ".join(m.name for m in b.members), b.weight]
                for i, b in enumerate(changes_.blocs, start=1)
            ],
        )
        table(
            "Erstmals gemeldet",
            ["Typ", "Akteure", "Quellen", "erster Tag"],
            [[s.type, _arrow(s), s.sources, s.first_day] for s in changes_.first_seen],
        )
        table(
            "Aufsteigende Akteure",
            ["Akteur", "Anteil", "vorher", "Quellen"],
            [
                [r.name, _percent(r.share), _percent(r.previous_share), r.sources]
                for r in changes_.rising
            ],
        )
        table(
            "Widersprüche",
            ["Sprecher", "Thema", "früher", "jetzt", "Grund"],
            [
                [
                    c.speaker_name,
                    ", ".join(t.name for t in c.topics),
                    f"{c.earlier.day}: „{shorten(c.earlier.text, 50)}“",
                    f"{c.later.day}: „{shorten(c.later.text, 50)}“",
                    f"{c.reason}: {c.detail}",
                ]
                for c in changes_.contradictions
            ],
        )
        table(
            "Abweichende Zahlen",
            ["Messgröße", "Akteur", "Werte (Medium)"],
            [
                [
                    f"{f.measure} ({f.unit}{f', {f.year}' if f.year else ''})",
                    f.actor_name,
                    "; ".join(f"{r.value:g} ({r.outlet or r.doc_id})" for r in f.reports),
                ]
                for f in changes_.figure_differences
            ],
        )
        blocks.append("\n".join(parts))
    return "\n\n".join(blocks)
