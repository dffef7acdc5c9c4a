"""Entities that annotations point at but the entities stage did not list.

A capital or a government can stand for its state ("Peking wies zurück", "die Regierung
in Berlin unterstützt …"): quotes and relations then name the state, which the article
itself may never mention. The store keeps only entities a document lists (foreign keys),
so such a document would be refused whole; the stage adds the state from the knowledge base.
"""

from __future__ import annotations

from collections.abc import Iterable

from lagebild.kb import KnowledgeBase
from lagebild.model import Document, Entity


def add_referenced_entities(doc: Document, kb: KnowledgeBase, ids: Iterable[str | None]) -> None:
    """Add every knowledge-base entity in ``ids`` missing from ``doc.entities``."""
    for entity_id in ids:
        if entity_id is None or entity_id in doc.entities:
            continue
        known = kb.get(entity_id)
        if known is not None:
            doc.entities[entity_id] = Entity(known.id, known.name, known.type)
