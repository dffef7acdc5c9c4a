from collections.abc import Callable

import pytest

from lagebild.extract.entities import bio_spans
from lagebild.model import Document

Run = Callable[..., Document]


@pytest.fixture(scope="module")
def run(run_stages) -> Run:  # type: ignore[no-untyped-def]
    return run_stages(["nlp", "entities"])


def names(doc: Document) -> dict[str, list[str]]:
    return {e.name: e.aliases for e in doc.entities.values()}


def test_inflected_names_adjectives_and_acronyms_link_to_one_entity(run: Run) -> None:
    doc = run(
        "Russlands Führung wies die Kritik zurück. Die russische Regierung und die Nato "
        "streiten seit Monaten. Russland bleibt bei seiner Haltung, sagte ein NATO-Diplomat."
    )
    found = names(doc)
    assert set(found["Russia"]) >= {"Russlands", "russische", "Russland"}
    assert "NATO" in found
    for mention in doc.mentions:
        assert doc.text[mention.start : mention.end] == mention.text


def test_role_noun_resolves_by_publication_date(run: Run) -> None:
    text = "Der Nato-Generalsekretär reiste nach Vilnius. Dort traf er Vertreter der Regierung."
    in_2021 = run(text, published="2021-06-06")
    in_2025 = run(text, published="2025-06-06")
    assert "Jens Stoltenberg" in names(in_2021)
    assert "Mark Rutte" in names(in_2025)
    assert "Mark Rutte" not in names(in_2021)


def test_role_and_nationality_nouns_refer_back_to_the_named_person(run: Run) -> None:
    doc = run(
        "Nato-Chef Mark Rutte sprach am Montag in Brüssel. Der Niederländer mahnte höhere "
        "Ausgaben an. Der Generalsekretär kündigte weitere Gespräche an."
    )
    rutte = [m for m in doc.mentions if m.entity_id == "person:mark-rutte"]
    assert {m.text for m in rutte} >= {"Mark Rutte", "Niederländer", "Generalsekretär"}
    assert {m.kind for m in rutte} >= {"name", "demonym", "role"}


def test_accusative_singular_nationality_noun_is_the_person(run: Run) -> None:
    doc = run(
        "Nato-Chef Mark Rutte sprach am Montag in Brüssel. Viele Delegierte lobten den "
        "Niederländer. Den Niederländern im Saal gefiel das."
    )
    by_text = {m.text: m.entity_id for m in doc.mentions}
    assert by_text["Niederländer"] == "person:mark-rutte"
    assert by_text["Niederländern"] == "country:NLD"


def test_seat_of_power_stands_for_the_state_and_capitals_stay_cities(run: Run) -> None:
    doc = run("Der Kreml reagierte gelassen. In Moskau blieb es ruhig.")
    by_text = {m.text: m.entity_id for m in doc.mentions}
    assert by_text["Kreml"] == "country:RUS"
    assert by_text["Moskau"] == "city:moscow"


def test_unknown_people_get_provisional_ids_and_last_name_coreference(run: Run) -> None:
    doc = run(
        "Die Analystin Henrike Vogelsang vom Institut für Sicherheitsfragen hält das für "
        "übertrieben. Vogelsang verweist auf frühere Krisen."
    )
    people = [e for e in doc.entities.values() if e.type == "PER"]
    assert [p.name for p in people] == ["Henrike Vogelsang"]
    assert people[0].provisional and people[0].id == "x-per:henrike-vogelsang"
    assert "Vogelsang" in people[0].aliases


def test_definite_alliance_noun_refers_to_the_alliance_named_before(run: Run) -> None:
    doc = run("Die Nato erhöht ihre Präsenz. Das Bündnis reagiert damit auf Drohungen.")
    assert "Bündnis" in names(doc)["NATO"]


def test_common_nouns_are_not_outlets(run: Run) -> None:
    doc = run("Die Lage in der Welt hat sich verändert, ein Bild der Zerstörung.")
    assert not [e for e in doc.entities.values() if e.type == "ORG"]


def test_bio_spans() -> None:
    assert bio_spans(["B-PER", "I-PER", "O", "I-ORG", "B-LOC", "B-LOC"], 10) == [
        (10, 12, "PER"),
        (13, 14, "ORG"),
        (14, 15, "LOC"),
        (15, 16, "LOC"),
    ]


def test_role_noun_gender_must_fit_the_person(run: Run) -> None:
    doc = run("Minister Boris Pistorius reiste ab. Die Ministerin blieb.", "2024-05-02")
    assert not [m for m in doc.mentions if m.text == "Ministerin"]


def test_a_ministry_is_its_own_actor_not_its_capital(run: Run) -> None:
    doc = run(
        "Das Handelsministerium in Peking kündigte Gegenmaßnahmen an. Nach Angaben des "
        "taiwanischen Verteidigungsministeriums flogen Kampfjets über die Mittellinie."
    )
    assert {"ministry:commerce.CHN", "ministry:defence.TWN"} <= set(doc.entities)
    assert "city:beijing" not in doc.entities


def test_a_definite_person_noun_is_the_person_just_named(run: Run) -> None:
    text = (
        "Olaf Scholz reiste im Juni 2022 nach Kiew. Der Sozialdemokrat fuhr mit dem Zug. "
        "Donald Trump sprach in Ohio. Die Mehrheit der Republikaner im Senat schwieg."
    )
    doc = run(text)
    by_surface = {(m.text, m.entity_id, m.kind) for m in doc.mentions}
    assert ("Sozialdemokrat", "person:olaf-scholz", "role") in by_surface
    # after a noun, "der Republikaner" is a genitive plural: the party, not a person
    assert ("Republikaner", "org:republican-party", "name") in by_surface
    assert not any(
        m.text == "Republikaner" and m.entity_id.startswith("person:") for m in doc.mentions
    )


def test_date_phrases_the_model_tags_are_not_names(run: Run) -> None:
    # The German model reads English text too, and took "on Wednesday" for an organisation.
    text = (
        "The think tank published its survey on Tuesday. In its annual report, released on "
        "Wednesday, the London-based institute put Russian spending at 146 billion dollars."
    )
    doc = run(text)
    surfaces = [text[m.start : m.end] for m in doc.mentions]
    assert not [s for s in surfaces if "day" in s]
    assert "London" in surfaces


def test_die_deutsche_is_the_german_woman_named_before(run: Run) -> None:
    doc = run(
        "Ursula von der Leyen telefonierte mit Mette Frederiksen. "
        "Anschließend schrieb die Deutsche, der Angriff sei inakzeptabel. "
        "Die Deutsche Bahn fuhr weiter, und die Sorgen der Deutschen blieben."
    )
    by_text = [(m.text, m.entity_id) for m in doc.mentions if m.text.startswith("Deutsch")]
    assert by_text[0] == ("Deutsche", "person:ursula-von-der-leyen")
    assert all(entity_id == "country:DEU" for _text, entity_id in by_text[1:])
