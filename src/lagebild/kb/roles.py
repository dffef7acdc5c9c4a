"""Role nouns: the German words for offices ("Außenministerin", "Nato-Chef", "Kremlsprecher").

``roles.yaml`` lists each noun once with its declension class; all case and gender
forms are generated. Compounds are resolved here: "<name>-<noun>" binds the office
to whatever the name names ("US-Präsident" -> the United States), and closed
compounds with a listed prefix ("Kremlchef", "Bundesaußenministerin") likewise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast, get_args

import yaml

from lagebild.kb.entities import Gender, KnowledgeBaseError, RoleNoun
from lagebild.kb.forms import NounClass, noun_forms

HYPHENS = "-‐‑"
NOUN_CLASSES: frozenset[str] = frozenset(get_args(NounClass))
#: The shortest remainder after a closed-compound prefix that can be a role noun.
_MIN_REST = 4

OwnerLookup = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class RoleLexicon:
    """Every inflected role noun, closed-compound prefixes, and role families."""

    nouns: dict[str, RoleNoun]
    prefixes: dict[str, str]  # "Kreml" -> "country:RUS"
    families: dict[str, frozenset[str]]  # "head" -> {"head_of_state", "secretary_general", ...}
    _prefixes_by_initial: dict[str, tuple[tuple[str, str], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # The prefixes (longest first, as in ``prefixes``) grouped by their first letter:
        # a word is only compared with the prefixes that can start it.
        grouped: dict[str, list[tuple[str, str]]] = {}
        for prefix, owner in self.prefixes.items():
            grouped.setdefault(prefix[:1], []).append((prefix, owner))
        by_initial = {initial: tuple(items) for initial, items in grouped.items()}
        object.__setattr__(self, "_prefixes_by_initial", by_initial)

    def expand(self, role: str) -> frozenset[str]:
        """The role keys a (possibly generic) role key covers."""
        return self.families.get(role, frozenset()) | {role}

    def bound_ids(self) -> set[str]:
        """Entity ids the lexicon refers to (for checking they exist)."""
        ids = set(self.prefixes.values())
        for noun in self.nouns.values():
            ids.update(i for i in (noun.of, noun.default_of) if i)
        return ids

    def noun(self, surface: str, owner_of: OwnerLookup) -> RoleNoun | None:
        """The role noun ``surface``, with its owner resolved from a compound prefix."""
        exact = self.nouns.get(surface)
        if exact is not None:
            return exact
        cut = max(surface.rfind(h) for h in HYPHENS)
        if 0 < cut < len(surface) - 1:
            return self._hyphenated(surface[:cut], surface[cut + 1 :], owner_of)
        return self._closed(surface)

    def _hyphenated(self, modifier: str, head: str, owner_of: OwnerLookup) -> RoleNoun | None:
        noun = self.nouns.get(head) or self._closed(head)
        if noun is None or noun.of is not None:
            return noun
        for part in reversed(_split_hyphens(modifier)):
            owner = owner_of(part) or self.prefixes.get(part)
            if owner is not None:
                return replace(noun, of=owner)
        return noun

    def _closed(self, surface: str) -> RoleNoun | None:
        for prefix, owner in self._prefixes_by_initial.get(surface[:1], ()):
            rest = surface[len(prefix) :]
            if surface.startswith(prefix) and len(rest) >= _MIN_REST:
                noun = self.nouns.get(rest[:1].upper() + rest[1:])
                if noun is not None:
                    return noun if noun.of is not None else replace(noun, of=owner)
        return None


def _split_hyphens(text: str) -> list[str]:
    for hyphen in HYPHENS[1:]:
        text = text.replace(hyphen, HYPHENS[0])
    return [part for part in text.split(HYPHENS[0]) if part]


def read_role_lexicon(path: Path | Traversable) -> RoleLexicon:
    """Parse ``roles.yaml``; a malformed entry raises :class:`KnowledgeBaseError` naming it."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeBaseError(f"{path}: cannot read role lexicon ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("nouns"), list):
        raise KnowledgeBaseError(f"{path}: expected a mapping with a 'nouns' list")
    nouns: dict[str, RoleNoun] = {}
    for index, spec in enumerate(document["nouns"]):
        for form, noun in _noun_entries(spec, f"{path}: noun #{index + 1}"):
            nouns.setdefault(form, noun)
    prefixes = document.get("prefixes", {})
    families = document.get("families", {})
    if not isinstance(prefixes, dict) or not isinstance(families, dict):
        raise KnowledgeBaseError(f"{path}: 'prefixes' and 'families' must be mappings")
    # longest prefix first, so "Bundesregierungs" would win over "Bundes"
    ordered = dict(sorted(prefixes.items(), key=lambda item: -len(item[0])))
    return RoleLexicon(nouns, ordered, {key: frozenset(value) for key, value in families.items()})


def _noun_entries(spec: object, label: str) -> list[tuple[str, RoleNoun]]:
    if not isinstance(spec, dict) or not isinstance(spec.get("role"), str):
        raise KnowledgeBaseError(f"{label}: needs a 'role' and a 'noun' or 'forms'")
    entry = cast(dict[str, Any], spec)
    role, of, default_of = entry["role"], entry.get("of"), entry.get("default_of")
    if "forms" in entry:
        gender = cast(Gender | None, entry.get("gender"))
        return [(form, RoleNoun(role, of, gender, default_of)) for form in entry["forms"]]
    noun, noun_class = entry.get("noun"), entry.get("class", "er")
    if not isinstance(noun, str) or noun_class not in NOUN_CLASSES:
        raise KnowledgeBaseError(
            f"{label} ({noun!r}): 'class' must be one of {sorted(NOUN_CLASSES)}"
        )
    masculine, feminine = noun_forms(noun, cast(NounClass, noun_class))
    if noun_class == "adj":
        # "der/die Außenbeauftragte": only the strong masculine "-er" form shows the gender
        return [
            (form, RoleNoun(role, of, "m" if form.endswith("er") else None, default_of))
            for form in masculine
        ]
    return [(form, RoleNoun(role, of, "m", default_of)) for form in masculine] + [
        (form, RoleNoun(role, of, "f", default_of)) for form in feminine
    ]
