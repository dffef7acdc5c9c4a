"""Gold files in the annotation guide's JSON format (``shared/eval/GUIDE.md``).

Loading validates the whole file before anything is scored, so a malformed
file fails with one message that names the file and the offending field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class GoldFileError(ValueError):
    """A gold file or folder cannot be read; the message names it."""


@dataclass(frozen=True, slots=True)
class GoldEntity:
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldQuote:
    speaker: str
    text: str
    kind: str = "direct"


@dataclass(frozen=True, slots=True)
class GoldRelation:
    source: str
    type: str
    target: str
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class GoldAmount:
    value: float
    unit: str
    text: str = ""
    about: str = ""


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    published: dt.date | None
    language: str
    entities: tuple[GoldEntity, ...]
    quotes: tuple[GoldQuote, ...]
    relations: tuple[GoldRelation, ...]
    amounts: tuple[GoldAmount, ...]
    source: str = ""  # file the gold was read from

    def entity(self, name: str) -> GoldEntity:
        """The gold entity called ``name``, or a bare one if the file does not list it."""
        for entity in self.entities:
            if entity.name == name:
                return entity
        return GoldEntity(name, "")


def load_gold_file(path: Path) -> GoldDocument:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFileError(f"{path}: cannot read gold file: {exc}") from None
    try:
        return gold_from_dict(raw, source=str(path))
    except (KeyError, TypeError, ValueError) as exc:
        raise GoldFileError(f"{path}: malformed gold file: {_reason(exc)}") from None


def load_gold_dir(path: Path) -> list[GoldDocument]:
    """All ``*.json`` gold files of a folder, sorted by file name."""
    if not path.is_dir():
        raise GoldFileError(f"{path}: no such gold folder")
    files = sorted(path.glob("*.json"))
    if not files:
        raise GoldFileError(f"{path}: no gold files (*.json) in folder")
    return [load_gold_file(file) for file in files]


def gold_from_dict(raw: object, source: str = "") -> GoldDocument:
    """Build a gold document from parsed JSON; raises KeyError/TypeError/ValueError."""
    record = _mapping(raw, "document")
    text = _string(record["text"], "text")
    if not text.strip():
        raise ValueError("'text' is empty")
    published = record.get("published")
    if published is not None:
        published = dt.date.fromisoformat(_string(published, "published"))
    return GoldDocument(
        id=str(record.get("id") or Path(source).stem or "gold"),
        text=text,
        published=published,
        language=str(record.get("language") or "de"),
        entities=tuple(_entity(item, i) for i, item in enumerate(_list(record, "entities"))),
        quotes=tuple(_quote(item, i) for i, item in enumerate(_list(record, "quotes"))),
        relations=tuple(_relation(item, i) for i, item in enumerate(_list(record, "relations"))),
        amounts=tuple(_amount(item, i) for i, item in enumerate(_list(record, "amounts"))),
        source=source,
    )


def _entity(raw: object, index: int) -> GoldEntity:
    item = _mapping(raw, f"entities[{index}]")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):
        raise TypeError(f"entities[{index}].aliases is not a list")
    return GoldEntity(
        name=_string(item["name"], f"entities[{index}].name"),
        type=_string(item["type"], f"entities[{index}].type"),
        aliases=tuple(_string(a, f"entities[{index}].aliases") for a in aliases),
    )


def _quote(raw: object, index: int) -> GoldQuote:
    item = _mapping(raw, f"quotes[{index}]")
    return GoldQuote(
        speaker=_string(item["speaker"], f"quotes[{index}].speaker"),
        text=_string(item["text"], f"quotes[{index}].text"),
        kind=str(item.get("kind") or "direct"),
    )


def _relation(raw: object, index: int) -> GoldRelation:
    item = _mapping(raw, f"relations[{index}]")
    return GoldRelation(
        source=_string(item["source"], f"relations[{index}].source"),
        type=_string(item["type"], f"relations[{index}].type"),
        target=_string(item["target"], f"relations[{index}].target"),
        evidence=str(item.get("evidence") or ""),
    )


def _amount(raw: object, index: int) -> GoldAmount:
    item = _mapping(raw, f"amounts[{index}]")
    value = item["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"amounts[{index}].value is not a number")
    return GoldAmount(
        value=float(value),
        unit=_string(item["unit"], f"amounts[{index}].unit"),
        text=str(item.get("text") or ""),
        about=str(item.get("about") or ""),
    )


def _mapping(raw: object, label: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise TypeError(f"{label} is not a JSON object")
    return raw


def _list(record: Mapping[str, Any], key: str) -> list[Any]:
    value = record.get(key) or []
    if not isinstance(value, list):
        raise TypeError(f"'{key}' is not a list")
    return value


def _string(value: object, label: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{label} is not a string")
    return value


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc)
