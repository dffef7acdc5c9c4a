"""The bundled knowledge base through its public API."""

from datetime import date
from itertools import pairwise

import pycountry
import pytest
from babel import Locale

from lagebild.kb import KnowledgeBase, NameMatch, default_kb, display_name
from lagebild.kb.base import bundled_entity_files


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def ids(matches: list[NameMatch]) -> set[tuple[str, str]]:
    return {(m.entity_id, m.kind) for m in matches}


@pytest.mark.parametrize(
    ("surface", "entity_id", "kind"),
    [
        ("Russland", "country:RUS", "name"),
        ("Russlands", "country:RUS", "name"),
        ("Chinas", "country:CHN", "name"),
        ("Irans", "country:IRN", "name"),
        ("Deutschlands", "country:DEU", "name"),
        ("Vereinigten Staaten", "country:USA", "name"),
        ("Niederlanden", "country:NLD", "name"),
        ("russischen", "country:RUS", "adjective"),
        ("Russische", "country:RUS", "adjective"),
        ("russischem", "country:RUS", "adjective"),
        ("Russian", "country:RUS", "adjective"),
        ("Russin", "country:RUS", "demonym"),
        ("Russen", "country:RUS", "demonym"),
        ("Niederländerin", "country:NLD", "demonym"),
        ("Niederländern", "country:NLD", "demonym"),
        ("NATO", "org:nato", "name"),
        ("Nato", "org:nato", "name"),
        ("Natos", "org:nato", "name"),
        ("UNO", "org:un", "name"),
        ("Uno", "org:un", "name"),
        ("Moskau", "city:moscow", "metonym"),
        ("Kremls", "seat:kremlin", "metonym"),
        ("Weißen Haus", "seat:white-house", "metonym"),
        ("Rutte", "person:mark-rutte", "name"),
        ("Ruttes", "person:mark-rutte", "name"),
        ("Putins", "person:vladimir-putin", "name"),
        ("Wladimir Putin", "person:vladimir-putin", "name"),
        ("Kim", "person:kim-jong-un", "name"),
    ],
)
def test_lookup_finds_inflected_forms(
    kb: KnowledgeBase, surface: str, entity_id: str, kind: str
) -> None:
    assert (entity_id, kind) in ids(kb.lookup(surface))


@pytest.mark.parametrize("surface", ["Türkeis", "Ukraines", "USAs", "russisch-", "Jong", "nato"])
def test_lookup_rejects_forms_that_do_not_exist(kb: KnowledgeBase, surface: str) -> None:
    assert kb.lookup(surface) == []


def test_lookup_normalises_whitespace_inside_names(kb: KnowledgeBase) -> None:
    assert ids(kb.lookup("Vereinigten\n  Staaten")) == {("country:USA", "name")}


def test_demonym_plural_that_is_also_a_country_name_returns_both(kb: KnowledgeBase) -> None:
    assert ids(kb.lookup("Polen")) >= {("country:POL", "name"), ("country:POL", "demonym")}


def test_metonyms_stand_for_their_state(kb: KnowledgeBase) -> None:
    assert kb.get("city:moscow").stands_for == "country:RUS"  # type: ignore[union-attr]
    assert kb.get("seat:kremlin").stands_for == "country:RUS"  # type: ignore[union-attr]


def test_max_name_tokens_covers_longest_name(kb: KnowledgeBase) -> None:
    longest = max(len(name.split()) for entity in kb for name in entity.names)
    assert kb.max_name_tokens == longest >= 3


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Russia", "country:RUS"),
        ("Russland", "country:RUS"),
        ("NATO", "org:nato"),
        ("nato", "org:nato"),
        ("Rutte", "person:mark-rutte"),
        ("North Korea", "country:PRK"),
        ("European Union", "org:eu"),
        ("Moscow", "city:moscow"),
        ("Polen", "country:POL"),
    ],
)
def test_resolve_maps_any_form_to_the_entity(kb: KnowledgeBase, name: str, entity_id: str) -> None:
    entity = kb.resolve(name)
    assert entity is not None and entity.id == entity_id


def test_resolve_unknown_name_gives_none(kb: KnowledgeBase) -> None:
    assert kb.resolve("Xyzzyland") is None


def test_nato_secretary_general_depends_on_the_date(kb: KnowledgeBase) -> None:
    assert [p.id for p in kb.holders("secretary_general", "org:nato", date(2021, 6, 6))] == [
        "person:jens-stoltenberg"
    ]
    assert [p.id for p in kb.holders("secretary_general", "org:nato", date(2025, 6, 1))] == [
        "person:mark-rutte"
    ]


def test_generic_head_role_finds_the_secretary_general(kb: KnowledgeBase) -> None:
    assert [p.id for p in kb.holders("head", "org:nato", date(2025, 6, 1))] == ["person:mark-rutte"]


def test_trump_terms_are_separate(kb: KnowledgeBase) -> None:
    def us_president(day: date) -> list[str]:
        return [p.id for p in kb.holders("head_of_state", "country:USA", day)]

    assert "person:donald-trump" in us_president(date(2019, 5, 1))
    assert "person:donald-trump" not in us_president(date(2022, 5, 1))
    assert "person:donald-trump" in us_president(date(2025, 5, 1))


def test_roles_of_lists_offices_held_on_the_date(kb: KnowledgeBase) -> None:
    roles = kb.roles_of("person:mark-rutte", date(2020, 1, 1))
    assert [(r.role, r.of) for r in roles] == [("head_of_government", "country:NLD")]
    assert kb.roles_of("person:nobody", None) == []


def test_ids_are_unique_and_stable_across_loads() -> None:
    first = [e.id for e in KnowledgeBase.load()]
    second = [e.id for e in KnowledgeBase.load(extra=())]
    assert first == second
    assert len(first) == len(set(first))


def test_every_reference_points_at_an_existing_entity(kb: KnowledgeBase) -> None:
    for entity in kb:
        targets = [entity.stands_for, entity.country, entity.parent, *(r.of for r in entity.roles)]
        assert all(t is None or t in kb for t in targets), entity.id


def test_people_have_gender_and_roles_have_ordered_dates(kb: KnowledgeBase) -> None:
    for person in (e for e in kb if e.type == "PER"):
        assert person.gender in ("m", "f"), person.id
        for role in person.roles:
            assert role.start is None or role.end is None or role.start <= role.end


def test_every_iso_country_is_present(kb: KnowledgeBase) -> None:
    countries = [e for e in kb if e.kind == "country"]
    assert len(countries) >= 249
    assert kb.get("country:XKX") is not None


def test_bundled_files_exist_and_load_from_the_package() -> None:
    assert bundled_entity_files()
    from lagebild.kb import base

    base._bundled_kb.cache_clear()
    base._bundled.cache_clear()
    base._bundled_raw.cache_clear()
    kb = KnowledgeBase.load()  # its load time is part of the pipeline benchmark, not a test
    assert kb.get("org:nato") is not None


def test_default_kb_is_cached() -> None:
    assert default_kb() is default_kb()


#: Offices with one holder at a time; overlapping records of two people mean a wrong date.
SINGLE_HOLDER_ROLES = (
    "head_of_state", "head_of_government", "foreign_minister", "defence_minister",
    "secretary_general", "commission_president", "council_president", "high_representative",
    "director_general", "saceur",
)  # fmt: skip


@pytest.mark.parametrize("role", SINGLE_HOLDER_ROLES)
def test_single_holder_offices_do_not_overlap(kb: KnowledgeBase, role: str) -> None:
    by_body: dict[str, list[tuple[date, date, str]]] = {}
    for person in (e for e in kb if e.type == "PER"):
        for held in person.roles:
            if held.role == role and held.start is not None:
                end = held.end or date.max
                by_body.setdefault(held.of, []).append((held.start, end, person.id))
    for body, terms in by_body.items():
        terms.sort()
        for (_, end, first), (start, _, second) in pairwise(terms):
            # a handover day may appear in both records
            assert (start - end).days >= 0, f"{role} of {body}: {first} overlaps {second}"


def test_declared_short_names_replace_the_last_word(kb: KnowledgeBase) -> None:
    assert {m.entity_id for m in kb.lookup("Xi")} == {"person:xi-jinping"}
    assert kb.lookup("Jinping") == []
    # a last name that is also a common German word is never a name on its own
    assert kb.lookup("Herzog") == []
    assert {m.entity_id for m in kb.lookup("Isaac Herzogs")} == {"person:isaac-herzog"}


@pytest.mark.parametrize(
    ("entity_id", "german", "english"),
    [
        ("country:RUS", "Russland", "Russia"),
        ("country:PRK", "Nordkorea", "North Korea"),
        ("country:USA", "USA", "United States"),
        ("org:nato", "Nato", "NATO"),
        ("org:eu", "EU", "European Union"),
        ("city:moscow", "Moskau", "Moscow"),
        ("city:vilnius", "Vilnius", "Vilnius"),
        ("person:vladimir-putin", "Wladimir Putin", "Vladimir Putin"),
        ("person:mark-rutte", "Mark Rutte", "Mark Rutte"),
    ],
)
def test_display_name_follows_the_language(
    kb: KnowledgeBase, entity_id: str, german: str, english: str
) -> None:
    assert kb.display_name(entity_id, "stored") == german
    assert kb.display_name(entity_id, "stored", "en") == english
    assert display_name(entity_id, "stored", "de") == german


def test_display_name_of_an_unknown_id_is_the_stored_name(kb: KnowledgeBase) -> None:
    assert kb.display_name("org:not-in-the-kb", "Beispielbund") == "Beispielbund"
    assert kb.display_name(None, "Erika Beispiel", "en") == "Erika Beispiel"


def test_every_country_has_its_cldr_german_name(kb: KnowledgeBase) -> None:
    german = Locale("de").territories
    for entity in kb:
        if entity.kind == "country" and entity.id not in ("country:USA", "country:GBR"):
            alpha_2 = pycountry.countries.get(alpha_3=entity.id.split(":")[1])
            if alpha_2 is not None and alpha_2.alpha_2 in german:
                assert entity.display_name() == german[alpha_2.alpha_2], entity.id
