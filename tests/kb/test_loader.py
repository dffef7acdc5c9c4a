"""User extension files merged over the bundled data, and errors on malformed files."""

from datetime import date
from pathlib import Path

import pytest

from lagebild.kb import KnowledgeBase, KnowledgeBaseError


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_a_new_person_with_generated_forms(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
version: 1
entities:
  - id: person:erika-beispiel
    name: Erika Beispiel
    type: PER
    gender: f
    country: country:DEU
    roles: [[defence_minister, country:DEU, 2030-01-01, null]]
""",
    )
    kb = KnowledgeBase.load(extra=[path])
    assert {m.entity_id for m in kb.lookup("Beispiels")} == {"person:erika-beispiel"}
    # the most recently begun office leads (the bundled minister's record is open-ended)
    holders = kb.holders("defence_minister", "country:DEU", date(2031, 1, 1))
    assert holders[0].id == "person:erika-beispiel"
    assert KnowledgeBase.load().get("person:erika-beispiel") is None


def test_user_file_extends_an_existing_entity(tmp_path: Path) -> None:
    path = write(tmp_path, "entities:\n  - {id: country:RUS, names: [Russländische Föderation]}\n")
    kb = KnowledgeBase.load(extra=[path])
    russia = kb.get("country:RUS")
    assert russia is not None and russia.name == "Russia"
    assert "Russland" in russia.names and "Russländische Föderation" in russia.names
    assert {m.entity_id for m in kb.lookup("Russländische Föderation")} == {"country:RUS"}


def test_user_file_sets_the_german_display_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "entities:\n  - {id: org:beispielbund, name: Example League, type: ORG,"
        " names: [Beispielbund]}\n  - {id: country:MDA, name_de: Moldau}\n",
    )
    kb = KnowledgeBase.load(extra=[path])
    assert kb.display_name("org:beispielbund", "?") == "Beispielbund"  # the first German name
    assert kb.display_name("org:beispielbund", "?", "en") == "Example League"
    assert kb.display_name("country:MDA", "?") == "Moldau"


def test_later_user_file_extends_an_earlier_one(tmp_path: Path) -> None:
    first = write(
        tmp_path, "entities:\n  - {id: org:beispielbund, name: Beispielbund, type: ORG}\n", "a.yaml"
    )
    second = write(tmp_path, "entities:\n  - {id: org:beispielbund, acronyms: [BSPB]}\n", "b.yaml")
    kb = KnowledgeBase.load(extra=[first, second])
    assert {m.entity_id for m in kb.lookup("Bspb")} == {"org:beispielbund"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entities: [", "not valid YAML"),
        ("- just a list\n", "'entities' list"),
        ("entities:\n  - {name: No Id, type: ORG}\n", "'id'"),
        ("entities:\n  - {id: org:x, name: X, type: XYZ}\n", "type 'XYZ'"),
        ("entities:\n  - {id: org:x, name: X, type: ORG, colour: red}\n", "unknown field"),
        (
            "entities:\n  - {id: org:x, name: X, type: ORG, names: Einzelname}\n",
            "'names' must be a list",
        ),
        ("entities:\n  - {id: org:x, type: ORG}\n", "needs 'name'"),
        (
            "entities:\n  - {id: person:x, name: X Y, type: PER,"
            " roles: [[chair, org:x, 2020-13-01]]}\n",
            "month",
        ),
        (
            "entities:\n  - {id: person:x, name: X Y, type: PER, roles: [[chair, org:x, soon]]}\n",
            "not a date",
        ),
        (
            "entities:\n  - {id: person:x, name: X Y, type: PER, roles: [[chair, org:nowhere]]}\n",
            "org:nowhere",
        ),
        ("version: 2\nentities: []\n", "unsupported version"),
        ("entities:\n  - {id: org:x, name: X, type: ORG, name_de: ''}\n", "'name_de'"),
    ],
)
def test_malformed_file_raises_one_line_error_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text, "broken.yaml")
    with pytest.raises(KnowledgeBaseError, match=message) as raised:
        KnowledgeBase.load(extra=[path])
    assert "broken.yaml" in str(raised.value) and "\n" not in str(raised.value)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match=r"missing\.yaml"):
        KnowledgeBase.load(extra=[tmp_path / "missing.yaml"])
