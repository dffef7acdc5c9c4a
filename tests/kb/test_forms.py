"""Generated German forms."""

import pytest

from lagebild.kb.forms import (
    adjective_forms,
    case_variants,
    demonym_forms,
    genitive,
    is_acronym,
    noun_forms,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Russland", "Russlands"), ("Rutte", "Ruttes"), ("NATO", "NATOs"), ("Paris", None),
     ("Merz", None), ("Halifax", None), ("Grundgesetz", None), ("G7", None)],
)  # fmt: skip
def test_genitive(name: str, expected: str | None) -> None:
    assert genitive(name) == expected


def test_adjective_forms_have_all_endings_in_both_cases() -> None:
    forms = adjective_forms("russisch")
    assert set(forms) == {
        "russisch", "russische", "russischen", "russischer", "russisches", "russischem",
        "Russisch", "Russische", "Russischen", "Russischer", "Russisches", "Russischem",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("singular", "feminine", "expected"),
    [
        ("Russe", None, {"Russe", "Russen", "Russin", "Russinnen"}),
        ("Niederländer", None,
         {"Niederländer", "Niederländers", "Niederländern", "Niederländerin", "Niederländerinnen"}),
        ("Franzose", "Französin", {"Franzose", "Franzosen", "Französin", "Französinnen"}),
        ("Jemenit", None, {"Jemenit", "Jemenits", "Jemeniten", "Jemenitin", "Jemenitinnen"}),
    ],
)  # fmt: skip
def test_demonym_forms(singular: str, feminine: str | None, expected: set[str]) -> None:
    assert set(demonym_forms(singular, feminine)) == expected


def test_noun_forms_by_class() -> None:
    assert noun_forms("Minister", "er") == (
        ("Minister", "Ministers", "Ministern"),
        ("Ministerin", "Ministerinnen"),
    )
    assert noun_forms("Präsident", "weak")[0] == ("Präsident", "Präsidenten")
    assert noun_forms("Chef", "s")[1] == ("Chefin", "Chefinnen")
    assert "Generalsekretären" in noun_forms("Generalsekretär", "e")[0]
    assert "Außenbeauftragter" in noun_forms("Außenbeauftragte", "adj")[0]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("NATO", True), ("G20", True), ("USA", True), ("McCain", False), ("Nato", False),
     ("A", False), ("Vereinte Nationen", False)],
)  # fmt: skip
def test_is_acronym(word: str, expected: bool) -> None:
    assert is_acronym(word) is expected


def test_case_variants() -> None:
    assert set(case_variants("NATO")) == {"NATO", "Nato"}
    assert set(case_variants("AfD")) == {"AfD", "AFD", "Afd"}
