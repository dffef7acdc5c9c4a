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


def with_display_names(value: Any, language: Language) -> Any:
    """A JSON-like value (dicts, lists or tuples, plain values; what ``dataclasses.asdict``
    gives) with a display name next to every actor name; tuples come back as lists.

    In every dict, ``name`` beside ``id`` or ``entity_id`` gets ``display_name``;
    ``X_name`` beside ``X_id`` or ``X`` (``speaker_name``/``speaker_id``,
    ``claimed_by_name``/``claimed_by``) and a name ``X`` beside ``X_id`` (the document JSON's
    ``source``/``source_id``) get ``X_display_name``: None where the name is None.
    The stored fields stay as they are (API clients read them).
    """
    if isinstance(value, list | tuple):
        return [with_display_names(item, language) for item in value]
    if not isinstance(value, dict):
        return value
    named: dict[str, Any] = {}
    for key, item in value.items():
        named[key] = with_display_names(item, language)
        id_key = _id_key(key, value)
        if id_key is not None:
            shown = display_name(value[id_key], item, language) if isinstance(item, str) else None
            named[_display_key(key)] = shown
    return named


def _id_key(key: str, record: dict[str, Any]) -> str | None:
    """The key of the id that belongs to the actor name ``key`` (None: not an actor name)."""
    if key == "name":
        candidates: tuple[str, ...] = ("id", "entity_id")
    elif key.endswith("_name"):
        prefix = key.removesuffix("_name")
        candidates = (f"{prefix}_id", prefix)
    elif key.endswith("_id") or not isinstance(record[key], str | None):
        return None
    else:
        candidates = (f"{key}_id",)
    return next((c for c in candidates if c in record), None)


def _display_key(key: str) -> str:
    return "display_name" if key == "name" else key.removesuffix("_name") + "_display_name"
