"""Change over time on articles run through the real pipeline into a real SQLite file:
strengths per week in independent sources, blocs, first-seen relations, rising actors,
figures that differ between outlets, and contradictions on hand-written statement pairs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from contradiction_examples import LATER, PAIRS, write_examples

from lagebild.analysis.trends import (
    PairStrength,
    changes,
    contradiction,
    figure_differences,
    period_changes,
    period_of,
    periods_between,
    previous_period,
)
from lagebild.cli import main
from lagebild.runner import ingest
from lagebild.store import Store
from lagebild.store.trends import AmountReport, QuoteStatement

WEEK_1 = dt.date(2025, 3, 4)  # Tuesday of 2025-W10
WEEK_2 = dt.date(2025, 3, 11)  # Tuesday of 2025-W11
PYONGYANG = (
    "Seoul – Nordkorea liefert Russland nach Angaben westlicher Geheimdienste weitere "
    "Artilleriegranaten. Die Lieferungen laufen demnach seit dem Herbst über einen Hafen im "
    "Osten des Landes, die Zahl der Container habe sich zuletzt verdoppelt."
)
ARTICLES = [
    (WEEK_1, "Agentur Ost", PYONGYANG),
    # an agency copy in a second outlet: one more article, not one more source
    (WEEK_1, "Küstenblatt", f"Seoul (Agentur) – {PYONGYANG} Mehr zum Thema im Newsletter."),
    (
        WEEK_1,
        "Grenzbote",
        "Pjöngjang – Nordkorea liefert Russland Raketen, berichten Beobachter an der Grenze. "
        "Die Züge fahren nachts, heißt es aus eigener Recherche.",
    ),
    (
        WEEK_2,
        "Agentur Ost",
        "Paris – Frankreich und Deutschland vereinbaren eine engere Zusammenarbeit bei der "
        "Luftverteidigung. Polen unterstützt die Ukraine mit Munition. Nordkorea liefert "
        "Russland erneut Raketen. Deutschland gibt in diesem Jahr 2,1 Prozent seiner "
        "Wirtschaftsleistung für Verteidigung aus.",
    ),
    (
        WEEK_2,
        "Hauptstadtkurier",
        "Berlin – Deutschland gibt in diesem Jahr 1,5 Prozent seiner Wirtschaftsleistung für "
        "Verteidigung aus, schreibt das Blatt. Frankreich arbeitet mit Deutschland bei der "
        "Luftverteidigung zusammen.",
    ),
]


def _jsonl(path: Path, records: list[tuple[dt.date, str, str]]) -> Path:
    lines = [
        json.dumps(
            {
                "id": f"trend-{i}",
                "title": f"Meldung {i}",
                "outlet": outlet,
                "published": day.isoformat(),
                "url": f"https://example.org/trend/{i}",
                "language": "de",
                "text": text,
            },
            ensure_ascii=False,
        )
        for i, (day, outlet, text) in enumerate(records)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def weeks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    folder = tmp_path_factory.mktemp("trends")
    url = f"sqlite:///{folder / 'trends.db'}"
    store = Store.open(url)
    summary = ingest([str(_jsonl(folder / "weeks.jsonl", ARTICLES))], store, progress=False)
    assert summary.stored == len(ARTICLES) and not summary.errors
    yield store, url
    store.close()


def _find(strengths: list[PairStrength], type_: str, *names: str) -> PairStrength:
    return next(
        s for s in strengths if s.type == type_ and {s.source_name, s.target_name} == set(names)
    )


def test_periods_are_iso_weeks_and_calendar_months() -> None:
    week = period_of(dt.date(2025, 1, 1), "week")  # a Wednesday in ISO week 1 of 2025
    assert (week.key, week.start, week.end) == (
        "2025-W01",
        dt.date(2024, 12, 30),
        dt.date(2025, 1, 5),
    )
    month = period_of(dt.date(2024, 2, 29), "month")
    assert (month.key, month.start, month.end) == (
        "2024-02",
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
    )
    assert previous_period(period_of(dt.date(2025, 1, 15), "month")).key == "2024-12"
    keys = [p.key for p in periods_between(dt.date(2025, 1, 30), dt.date(2025, 3, 1), "month")]
    assert keys == ["2025-01", "2025-02", "2025-03"]


def test_strength_per_week_counts_independent_sources(weeks: tuple[Store, str]) -> None:
    store, _url = weeks
    report = changes(store, "week", WEEK_1, WEEK_2)
    by_key = {c.period.key: c for c in report.periods}
    assert set(by_key) == {"2025-W10", "2025-W11"}
    aid = _find(by_key["2025-W10"].strengths, "AID", "North Korea", "Russia")
    assert (aid.documents, aid.sources, aid.previous_sources) == (3, 2, 0)
    again = _find(by_key["2025-W11"].strengths, "AID", "North Korea", "Russia")
    assert (again.sources, again.previous_sources) == (1, 2)
    cooperation = _find(by_key["2025-W11"].strengths, "COOPERATE", "France", "Germany")
    assert cooperation.sources == 2 and cooperation.symmetric


def test_first_seen_relations_were_never_reported_before(weeks: tuple[Store, str]) -> None:
    store, _url = weeks
    second = period_changes(store, period_of(WEEK_2, "week"))
    new = {(s.type, s.source_name, s.target_name) for s in second.first_seen}
    assert ("AID", "Poland", "Ukraine") in new
    assert any(t == "COOPERATE" and {a, b} == {"France", "Germany"} for t, a, b in new)
    assert ("AID", "North Korea", "Russia") not in new  # reported the week before
    first = period_changes(store, period_of(WEEK_1, "week"))
    assert ("AID", "North Korea", "Russia") in {
        (s.type, s.source_name, s.target_name) for s in first.first_seen
    }


def test_blocs_separate_the_cooperating_pairs(weeks: tuple[Store, str]) -> None:
    store, _url = weeks
    blocs = period_changes(store, period_of(WEEK_2, "week")).blocs
    members = [{m.name for m in b.members} for b in blocs]
    bloc_of = {name: i for i, names in enumerate(members) for name in names}
    assert bloc_of["France"] == bloc_of["Germany"]
    assert bloc_of["North Korea"] == bloc_of["Russia"]
    assert bloc_of["France"] != bloc_of["Russia"]
    assert bloc_of["Poland"] != bloc_of["Russia"]


def test_rising_actors_gained_share_over_the_previous_week(weeks: tuple[Store, str]) -> None:
    store, _url = weeks
    rising = period_changes(store, period_of(WEEK_2, "week")).rising
    names = [r.name for r in rising]
    assert "Germany" in names
    germany = rising[names.index("Germany")]
    assert germany.previous_share == 0 and germany.share > 0 and germany.sources == 2
    assert "Russia" not in names  # its share fell: all of the first week, part of the second


def test_figures_that_outlets_give_differently(weeks: tuple[Store, str]) -> None:
    store, _url = weeks
    [difference] = period_changes(store, period_of(WEEK_2, "week")).figure_differences
    assert (difference.actor_name, difference.unit) == ("Germany", "percent")
    assert [(r.value, r.outlet) for r in difference.reports] == [
        (1.5, "Hauptstadtkurier"),
        (2.1, "Agentur Ost"),
    ]


def _amount(value: float, outlet: str, cluster: str, approximate: bool = False) -> AmountReport:
    return AmountReport(
        f"amt-{cluster}", cluster, None, outlet, WEEK_2, cluster, f"{value} Prozent", value,
        None, approximate, "percent", "Wirtschaftsleistung", "country:DEU", "Germany", 2025,
    )  # fmt: skip


def test_agreeing_rounded_and_same_outlet_figures_are_no_difference() -> None:
    assert figure_differences([_amount(2.0, "A", "c1"), _amount(2.0, "B", "c2")]) == []
    # "ca. 2 %" against 2.05 %: within the tolerance of an approximate figure
    assert figure_differences([_amount(2.0, "A", "c1", True), _amount(2.05, "B", "c2")]) == []
    # one outlet correcting itself is not two sources disagreeing
    assert figure_differences([_amount(2.0, "A", "c1"), _amount(2.5, "A", "c2")]) == []
    [found] = figure_differences([_amount(2.0, "A", "c1"), _amount(2.5, "B", "c2")])
    assert [r.value for r in found.reports] == [2.0, 2.5]


@pytest.fixture(scope="module")
def statements(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("contradictions")
    store = Store.open(f"sqlite:///{folder / 'statements.db'}")
    summary = ingest([str(write_examples(folder / "pairs.jsonl"))], store, progress=False)
    assert summary.stored == 2 * len(PAIRS) and not summary.errors
    yield store
    store.close()


def test_contradictions_on_the_hand_written_pairs(statements: Store) -> None:
    found = period_changes(statements, period_of(LATER, "month")).contradictions
    flagged = {c.speaker_name for c in found}
    truth = {p.speaker for p in PAIRS if p.contradicts}
    hits = len(flagged & truth)
    precision, recall = hits / max(len(flagged), 1), hits / len(truth)
    assert precision >= 0.75 and recall >= 0.75, (flagged, truth)
    by_speaker = {c.speaker_name: c for c in found}
    stance = by_speaker["Mira Kovačević"]  # COOPERATE, then ACCUSE between the same pair
    assert stance.reason == "stance" and {t.name for t in stance.topics} == {"Russia", "Serbia"}
    negation = by_speaker["Karla Nordmann"]
    assert negation.reason == "negation" and negation.earlier.day < negation.later.day
    assert "nicht" in negation.later.text and "nicht" not in negation.earlier.text
    assert "Ute Bramsche" not in flagged  # the flip is about another country
    assert "Greta Lindqvist" not in flagged  # "nicht nur … sondern auch" is no negation


def test_changes_command_prints_text_and_json(weeks: tuple[Store, str]) -> None:
    _store, url = weeks
    runner = CliRunner()
    result = runner.invoke(
        main, ["changes", "--period", "week", "--db", url, "--since", "2w", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [p["period"]["key"] for p in data["periods"]] == ["2025-W10", "2025-W11"]
    assert data["periods"][1]["figure_differences"][0]["actor_name"] == "Germany"
    text = runner.invoke(
        main, ["changes", "--period", "week", "--db", url, "--since", "2025-03-01"]
    )
    assert text.exit_code == 0 and "Erstmals gemeldet" in text.output
    assert "Abweichende Zahlen" in text.output and "Hauptstadtkurier" in text.output
    # the German text names states in German, the JSON keeps the stored (canonical) names
    assert "Deutschland" in text.output and "Germany" not in text.output


def test_changes_command_rejects_bad_periods(weeks: tuple[Store, str]) -> None:
    _store, url = weeks
    runner = CliRunner()
    bad = runner.invoke(main, ["changes", "--db", url, "--since", "gestern"])
    assert bad.exit_code == 2 and "--since" in bad.output and "gestern" in bad.output
    backwards = runner.invoke(
        main, ["changes", "--db", url, "--since", "2025-04-01", "--until", "2025-03-01"]
    )
    assert backwards.exit_code == 2 and "after" in backwards.output


def _statement(text: str, day: dt.date, cluster: str, *mentions: str) -> QuoteStatement:
    return QuoteStatement(
        id=f"quo_{cluster}",
        doc_id=cluster,
        speaker_id="x-per:anna-beispiel",
        speaker_name="Anna Beispiel",
        text=text,
        day=day,
        cluster=cluster,
        topics=frozenset({"country:CHN"}),
        stances=(),
        mention_words=frozenset(w.casefold() for m in mentions for w in m.split()),
    )


def test_names_of_the_topic_are_no_shared_words() -> None:
    earlier = _statement("China führt einen Krieg der Worte", WEEK_1, "a", "China")
    later = _statement("China will keinen Krieg in Europa", WEEK_2, "b", "China", "Europa")
    assert contradiction(earlier, later) is None  # shares only "China" and "Krieg"
    reworded = _statement("China führt keinen Krieg der Worte", WEEK_2, "c", "China")
    assert contradiction(earlier, reworded) == ("negation", "führt, krieg, worte")
