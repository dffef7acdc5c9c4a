"""The knowledge base: canonical actors, their names in German and English, and their offices.

>>> kb = default_kb()
>>> kb.resolve("Russlands").id
'country:RUS'
"""

from __future__ import annotations

from functools import lru_cache

from lagebild.config import extra_kb_paths
from lagebild.kb.base import KnowledgeBase
from lagebild.kb.entities import (
    KBEntity,
    KnowledgeBaseError,
    Language,
    NameMatch,
    Role,
    RoleNoun,
)
from lagebild.model import EntityType

__all__ = [
    "EntityType",
    "KBEntity",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Language",
    "NameMatch",
    "Role",
    "RoleNoun",
    "default_kb",
    "display_name",
]


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base plus the user files named in ``LAGEBILD_KB``."""
    return KnowledgeBase.load(extra=extra_kb_paths())


def display_name(entity_id: str | None, stored: str, language: Language = "de") -> str:
    """The name of an entity for a text in ``language`` ("Russland" in German, "Russia"
    in English), from the default knowledge base; ``stored`` if it does not know the id.

    >>> display_name("country:PRK", "North Korea"), display_name("org:nato", "NATO")
    ('Nordkorea', 'Nato')
    """
    return default_kb().display_name(entity_id, stored, language)
