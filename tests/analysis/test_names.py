"""Display names beside stored actor names in JSON records (lagebild.analysis.names)."""

from __future__ import annotations

from lagebild.analysis.names import with_display_names


def test_each_actor_name_gets_a_display_name_beside_it() -> None:
    relation = {
        "id": "rel_1",
        "source_id": "country:RUS",
        "source_name": "Russia",
        "target_id": "country:PRK",
        "target_name": "North Korea",
        "claimed_by": None,
        "claimed_by_name": None,
        "doc_title": "Russia and North Korea",
    }
    shown = with_display_names(relation, "de")
    assert shown["source_display_name"] == "Russland"
    assert shown["target_display_name"] == "Nordkorea"
    assert shown["claimed_by_display_name"] is None
    assert {k: shown[k] for k in relation} == relation  # the stored fields stay
    assert "doc_title_display_name" not in shown and "id_display_name" not in shown
    assert list(shown).index("source_display_name") == list(shown).index("source_name") + 1


def test_names_in_nested_lists_tuples_and_the_document_form() -> None:
    story = {
        "actors": ({"entity_id": "org:nato", "name": "NATO", "type": "ORG"},),
        "relations": [{"relation": {"id": "r", "source": "Russia", "source_id": "country:RUS"}}],
    }
    german = with_display_names(story, "de")
    assert german["actors"] == [
        {"entity_id": "org:nato", "name": "NATO", "display_name": "Nato", "type": "ORG"}
    ]
    assert german["relations"][0]["relation"]["source_display_name"] == "Russland"
    english = with_display_names(story, "en")
    assert english["actors"][0]["display_name"] == "NATO"


def test_a_name_the_knowledge_base_lacks_is_shown_as_stored() -> None:
    found = {"id": "per:erika-beispiel", "name": "Erika Beispiel", "type": "PER"}
    assert with_display_names(found, "de")["display_name"] == "Erika Beispiel"
    unlinked = {"speaker_id": None, "speaker_name": "ein Sprecher"}
    assert with_display_names(unlinked, "en")["speaker_display_name"] == "ein Sprecher"
    assert with_display_names({"outlet": "Beispielblatt", "documents": 3}, "de") == {
        "outlet": "Beispielblatt",
        "documents": 3,
    }
