"""Role nouns and compounds, through KnowledgeBase.role_noun."""

import pytest

from lagebild.kb import KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize(
    ("surface", "role", "of", "gender"),
    [
        ("Generalsekretär", "secretary_general", None, "m"),
        ("Generalsekretärs", "secretary_general", None, "m"),
        ("Nato-Generalsekretär", "secretary_general", "org:nato", "m"),
        ("NATO-Chef", "head", "org:nato", "m"),
        ("Außenministerin", "foreign_minister", None, "f"),
        ("Außenministerinnen", "foreign_minister", None, "f"),
        ("Bundeskanzler", "head_of_government", "country:DEU", "m"),
        ("Bundeskanzlerin", "head_of_government", "country:DEU", "f"),
        ("US-Präsident", "head_of_state", "country:USA", "m"),
        ("US-Präsidenten", "head_of_state", "country:USA", "m"),
        ("Kremlchef", "head_of_state", "country:RUS", "m"),
        ("Regierungschefin", "head_of_government", None, "f"),
        ("Verteidigungsminister", "defence_minister", None, "m"),
        ("Verteidigungsministers", "defence_minister", None, "m"),
        ("EU-Außenbeauftragte", "high_representative", "org:eu", None),
        ("Chefdiplomat", "foreign_minister", None, "m"),
        ("Staatschef", "head_of_state", None, "m"),
        ("Ministerpräsident", "head_of_government", None, "m"),
        ("Premierminister", "head_of_government", None, "m"),
        ("Präsidenten", "head_of_state", None, "m"),
        ("Präsidentin", "head_of_state", None, "f"),
        ("Kremlsprecher", "spokesperson", "country:RUS", "m"),
        ("Sprecherin", "spokesperson", None, "f"),
        ("UN-Generalsekretär", "secretary_general", "org:un", "m"),
        ("Uno-Generalsekretär", "secretary_general", "org:un", "m"),
        ("Bundesaußenministerin", "foreign_minister", "country:DEU", "f"),
        ("Ex-Nato-Chef", "head", "org:nato", "m"),
        ("Ex-Präsident", "head_of_state", None, "m"),
    ],
)
def test_role_noun(
    kb: KnowledgeBase, surface: str, role: str, of: str | None, gender: str | None
) -> None:
    noun = kb.role_noun(surface)
    assert noun is not None
    assert (noun.role, noun.of, noun.gender) == (role, of, gender)


def test_kanzler_alone_defaults_to_germany_without_binding(kb: KnowledgeBase) -> None:
    noun = kb.role_noun("Kanzler")
    assert noun is not None and noun.of is None and noun.default_of == "country:DEU"


@pytest.mark.parametrize(
    "surface", ["Haus", "Nato-Gipfel", "Präsidentschaft", "Kreml", "Minsk-Abkommen"]
)
def test_words_that_are_no_role_nouns(kb: KnowledgeBase, surface: str) -> None:
    assert kb.role_noun(surface) is None
