"""Actor names in the language of a text.

The store's rows carry the knowledge base's canonical names, which are English for states
and bodies ("Russia", "NATO"); a German briefing or report says "Russland" and "Nato".
These functions copy rows with every actor name replaced by its display name
(:func:`lagebild.kb.display_name`); names the knowledge base does not know stay as stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, TypeVar

from lagebild.kb import Language, display_name
from lagebild.store import AmountRow, RelationRow
from lagebild.store.trends import AmountReport, QuoteStatement, RelationReport

Row = TypeVar("Row", RelationReport, QuoteStatement, AmountReport, AmountRow, RelationRow)

#: (id field, name field) of the actors each row type names
_NAME_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {
    RelationReport: (("first_id", "first_name"), ("second_id", "second_name")),
    QuoteStatement: (("speaker_id", "speaker_name"),),
    AmountReport: (("actor_id", "actor_name"),),
    AmountRow: (("actor_id", "actor_name"), ("cited_by", "cited_by_name")),
    RelationRow: (
        ("source_id", "source_name"),
        ("target_id", "target_name"),
        ("claimed_by", "claimed_by_name"),
    ),
}


def localised(rows: Iterable[Row], language: Language) -> list[Row]:
    """Copies of ``rows`` with the actor names in ``language``."""
    return [_localised(row, language) for row in rows]


def _localised(row: Row, language: Language) -> Row:
    changes: dict[str, Any] = {}
    for id_field, name_field in _NAME_FIELDS[type(row)]:
        stored = getattr(row, name_field)
        if stored is not None:
            changes[name_field] = display_name(getattr(row, id_field), stored, language)
    return dataclasses.replace(row, **changes)
