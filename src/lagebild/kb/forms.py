"""German inflected forms generated from base forms, so data files list each word once.

Covers what news text needs for lookup: the genitive -s of names, the six strong/weak
endings of adjectives, demonym declension (weak "Russe", strong "Niederländer"), the
case forms of role nouns, and capitalisation variants of acronyms ("NATO"/"Nato").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
#: Names ending in a sibilant take no genitive -s ("des Iran" but "Rutte" -> "Ruttes").
_SIBILANT_ENDINGS = ("s", "x", "z", "ß", "ce", "se")
NounClass = Literal["er", "weak", "s", "e", "adj"]


def unique(forms: Iterable[str]) -> tuple[str, ...]:
    """Forms in first-seen order without duplicates or empty strings."""
    return tuple(dict.fromkeys(f for f in forms if f))


def normalise_space(surface: str) -> str:
    return " ".join(surface.split())


def genitive(name: str) -> str | None:
    """The -s genitive of a proper name ("Russland" -> "Russlands"), None if it takes none."""
    if name.endswith(_SIBILANT_ENDINGS) or not name[-1:].isalpha():
        return None
    return name + "s"


def capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def adjective_forms(stem: str) -> tuple[str, ...]:
    """All endings of a German adjective, lower- and sentence-initial upper-case."""
    forms = [stem + ending for ending in ADJECTIVE_ENDINGS]
    return unique([*forms, *(capitalised(f) for f in forms)])


def demonym_forms(singular: str, feminine: str | None = None) -> tuple[str, ...]:
    """Declension of a demonym from its masculine singular.

    "Russe" (weak: Russen), "Niederländer" (strong: Niederländers, Niederländern),
    "Deutscher" is adjectival and must be listed explicitly by the caller. The
    feminine defaults to the stem + "in" ("Russin", "Niederländerin").
    """
    if singular.endswith("e"):
        masculine = [singular, singular + "n"]
        feminine = feminine or singular[:-1] + "in"
    elif singular.endswith("er"):
        masculine = [singular, singular + "s", singular + "n"]
        feminine = feminine or singular + "in"
    else:
        masculine = [singular, singular + "s", singular + "en"]
        feminine = feminine or singular + "in"
    return unique([*masculine, feminine, feminine + "nen"])


def noun_forms(noun: str, noun_class: NounClass) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(masculine forms, feminine forms) of a person noun such as a role title.

    Classes: "er" (Minister, Ministers, Ministern), "weak" (Präsident, Präsidenten),
    "s" (Chef, Chefs), "e" (Generalsekretär, -s, -e, -en), "adj" (nominalised adjective:
    Außenbeauftragte, -n, -r; its forms are returned as masculine and feminine alike).
    """
    if noun_class == "adj":
        stem = noun.removesuffix("e")
        forms = (stem + "e", stem + "en", stem + "er", stem + "em")
        return forms, forms
    masculine = {
        "er": (noun, noun + "s", noun + "n"),
        "weak": (noun, noun + ("n" if noun.endswith("e") else "en")),
        "s": (noun, noun + "s"),
        "e": (noun, noun + "s", noun + "e", noun + "en"),
    }[noun_class]
    stem = noun.removesuffix("e") if noun_class == "weak" else noun
    return masculine, (stem + "in", stem + "innen")


def is_acronym(word: str) -> bool:
    """ "NATO", "USA", "G20": one word of two or more capitals or digits, at least one letter.

    Mixed-case acronyms ("AfD", "Nato") are declared in the data, because a rule would
    also catch names like "McCain".
    """
    # isupper: every cased character is a capital and there is at least one
    return len(word) >= 2 and word.isupper() and word.isalnum()


def case_variants(acronym: str) -> tuple[str, ...]:
    """ "NATO" -> NATO, Nato; "Nato" -> Nato, NATO: the spellings German press uses."""
    return unique([acronym, acronym.upper(), capitalised(acronym.lower())])
