"""The knowledge base's records: canonical actors, their offices, and lookup results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from lagebild.model import EntityType

MatchKind = Literal["name", "adjective", "demonym", "metonym"]
Language = Literal["de", "en"]
Gender = Literal["m", "f"]


class KnowledgeBaseError(ValueError):
    """A knowledge-base file or entry cannot be read; the message names the file and entry."""


@dataclass(frozen=True, slots=True)
class Role:
    """An office held by a person: ``role`` of ``of`` from ``start`` to ``end`` (None = open)."""

    role: str
    of: str
    start: date | None
    end: date | None

    def held_on(self, day: date) -> bool:
        started = self.start is None or self.start <= day
        return started and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class KBEntity:
    """A canonical actor or place with every surface form that names it."""

    id: str
    name: str
    type: EntityType
    names: tuple[str, ...]
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    stands_for: str | None = None
    country: str | None = None
    gender: Gender | None = None
    roles: tuple[Role, ...] = ()
    parent: str | None = None
    kind: str | None = None
    #: the name a German text uses ("Russland", "Nato"); ``name`` is the English one
    name_de: str | None = None

    def display_name(self, language: Language = "de") -> str:
        """The name to show in a text of ``language``."""
        return (self.name_de or self.name) if language == "de" else self.name


@dataclass(frozen=True, slots=True)
class NameMatch:
    """One entity a surface form can name, and how it names it."""

    entity_id: str
    kind: MatchKind


@dataclass(frozen=True, slots=True)
class RoleNoun:
    """What a role noun says: the office, the state or body if the noun binds it, the gender.

    ``default_of`` is the body the noun usually means in German press when the context
    names none ("Kanzler" -> Germany); unlike ``of`` it yields to an adjective or genitive.
    """

    role: str
    of: str | None
    gender: Gender | None
    default_of: str | None = None
