"""Offices a person held, with dates, from the knowledge base (roles are not stored facts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lagebild.kb import KnowledgeBase


@dataclass(frozen=True, slots=True)
class RoleRow:
    role: str  # the knowledge base's role key ("secretary_general")
    of_id: str
    of_name: str
    start: dt.date | None
    end: dt.date | None  # None: still in office


def actor_roles(entity_id: str) -> list[RoleRow]:
    """The person's offices, the most recent first; empty for unknown ids and non-persons."""
    kb = KnowledgeBase.load()
    entity = kb.get(entity_id)
    if entity is None:
        return []
    rows = []
    for role in entity.roles:
        owner = kb.get(role.of)
        rows.append(
            RoleRow(role.role, role.of, owner.name if owner else role.of, role.start, role.end)
        )
    return sorted(rows, key=lambda r: r.start or dt.date.min, reverse=True)
