"""The knowledge base: canonical actors, their names in German and English, and their offices.

>>> kb = default_kb()
>>> kb.resolve("Russlands").id
'country:RUS'
"""

from __future__ import annotations

from functools import lru_cache

from lagebild.config import extra_kb_paths
from lagebild.kb.base import KnowledgeBase
from lagebild.kb.entities import KBEntity, KnowledgeBaseError, NameMatch, Role, RoleNoun
from lagebild.model import EntityType

__all__ = [
    "EntityType",
    "KBEntity",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "NameMatch",
    "Role",
    "RoleNoun",
    "default_kb",
]


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base plus the user files named in ``LAGEBILD_KB``."""
    return KnowledgeBase.load(extra=extra_kb_paths())
