"""Reading knowledge-base YAML files: validation, merging by id, and form generation.

A data file is a mapping ``{version: 1, entities: [...]}``. Entries with an id seen
before extend that entity (lists are appended, scalars given replace the old value),
so the generated country list, the curated overrides and a user's own file all use
the same merge. The schema is documented in ``docs/knowledge-base.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast, get_args

import yaml

from lagebild.kb.entities import Gender, KBEntity, KnowledgeBaseError, Role
from lagebild.kb.forms import (
    adjective_forms,
    capitalised,
    case_variants,
    demonym_forms,
    genitive,
    is_acronym,
    normalise_space,
    unique,
)
from lagebild.model import EntityType

SUPPORTED_VERSION = 1
ENTITY_TYPES: frozenset[str] = frozenset(get_args(EntityType))
ID_PATTERN = re.compile(r"^[a-z_]+:[A-Za-z0-9_.\-]+$")
LIST_FIELDS = frozenset(
    {"names", "forms", "acronyms", "adjective", "adjectives", "demonym", "demonyms",
     "short_names", "roles"}
)  # fmt: skip
SCALAR_FIELDS = frozenset(
    {"name", "type", "kind", "stands_for", "country", "gender", "parent", "article",
     "genitive", "demonym_f", "name_de"}
)  # fmt: skip
REFERENCE_FIELDS = ("stands_for", "country", "parent")
#: Entity types whose single-word names take a genitive -s unless the entry says otherwise.
GENITIVE_BY_DEFAULT = frozenset({"PER", "GPE"})

RawEntry = dict[str, Any]

_yaml_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_file(path: Path | Traversable) -> list[RawEntry]:
    """The validated entries of one data file, each tagged with the file it came from."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.name.endswith(".json"):
            document = json.loads(text)
        else:
            document = yaml.load(text, Loader=_yaml_loader)
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeBaseError(f"{path}: cannot read knowledge-base file ({error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise KnowledgeBaseError(f"{path}: not valid YAML{where}") from None
    except json.JSONDecodeError as error:
        raise KnowledgeBaseError(f"{path}: not valid JSON at line {error.lineno}") from None
    except ValueError as error:  # e.g. a date like 2020-13-01, rejected by the YAML reader
        raise KnowledgeBaseError(f"{path}: invalid value ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("entities"), list):
        raise KnowledgeBaseError(f"{path}: expected a mapping with an 'entities' list")
    if document.get("version", SUPPORTED_VERSION) != SUPPORTED_VERSION:
        raise KnowledgeBaseError(f"{path}: unsupported version {document.get('version')!r}")
    return [_validated(entry, index, path) for index, entry in enumerate(document["entities"])]


def _validated(entry: object, index: int, path: Path | Traversable) -> RawEntry:
    if not isinstance(entry, dict):
        raise KnowledgeBaseError(f"{path}: entry #{index + 1} is not a mapping")
    label = f"{path}: entry {entry.get('id', f'#{index + 1}')!r}"
    entity_id = entry.get("id")
    if not isinstance(entity_id, str) or not ID_PATTERN.match(entity_id):
        raise KnowledgeBaseError(f"{label}: 'id' must look like 'kind:key'")
    unknown = set(entry) - LIST_FIELDS - SCALAR_FIELDS - {"id"}
    if unknown:
        raise KnowledgeBaseError(f"{label}: unknown field(s) {', '.join(sorted(unknown))}")
    for field in LIST_FIELDS & set(entry):
        value = entry[field]
        if isinstance(value, str) and field in ("adjective", "demonym"):
            continue
        if not isinstance(value, list):
            raise KnowledgeBaseError(f"{label}: '{field}' must be a list")
        if field != "roles" and not all(isinstance(v, str) and v.strip() for v in value):
            raise KnowledgeBaseError(f"{label}: '{field}' must hold non-empty strings")
    if "type" in entry and entry["type"] not in ENTITY_TYPES:
        raise KnowledgeBaseError(
            f"{label}: type {entry['type']!r} is not one of {sorted(ENTITY_TYPES)}"
        )
    if entry.get("gender") not in (None, "m", "f"):
        raise KnowledgeBaseError(f"{label}: gender must be 'm' or 'f'")
    if "name_de" in entry and not (isinstance(entry["name_de"], str) and entry["name_de"].strip()):
        raise KnowledgeBaseError(f"{label}: 'name_de' must be a non-empty string")
    if "genitive" in entry and not isinstance(entry["genitive"], bool):
        raise KnowledgeBaseError(f"{label}: 'genitive' must be true or false")
    roles = tuple(_role(spec, label) for spec in entry.get("roles", ()))
    return {**entry, "roles": roles, "_source": str(path)}


def _role(spec: object, label: str) -> Role:
    """A role from ``[role, of, start, end]`` or ``{role:, of:, start:, end:}``."""
    if isinstance(spec, list) and len(spec) in (2, 3, 4):
        fields = dict(zip(("role", "of", "start", "end"), spec, strict=False))
    elif isinstance(spec, dict):
        fields = spec
    else:
        raise KnowledgeBaseError(f"{label}: role {spec!r} must be [role, of, start, end]")
    role, of = fields.get("role"), fields.get("of")
    if not isinstance(role, str) or not isinstance(of, str):
        raise KnowledgeBaseError(f"{label}: role {spec!r} needs a role key and an 'of' id")
    start, end = _date(fields.get("start"), label), _date(fields.get("end"), label)
    if start is not None and end is not None and end < start:
        raise KnowledgeBaseError(f"{label}: role {role} of {of} ends before it starts")
    return Role(role, of, start, end)


def _date(value: object, label: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise KnowledgeBaseError(f"{label}: {value!r} is not a date (YYYY-MM-DD)")


def merge(entries: Iterable[RawEntry], into: dict[str, RawEntry]) -> set[str]:
    """Merge entries into ``into`` by id (in place); returns the ids touched."""
    touched: set[str] = set()
    for entry in entries:
        entity_id = entry["id"]
        old = into.get(entity_id)
        if old is None:
            into[entity_id] = dict(entry)
        else:
            into[entity_id] = _merged(old, entry)
        touched.add(entity_id)
    return touched


def _merged(old: RawEntry, new: RawEntry) -> RawEntry:
    result = dict(old)
    for field, value in new.items():
        if field in LIST_FIELDS:
            result[field] = [*as_list(old.get(field)), *as_list(value)]
        else:
            result[field] = value
    return result


def as_list(value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(cast(Iterable[Any], value))


def build_entity(entry: RawEntry) -> KBEntity:
    """The entity with every generated surface form."""
    label = f"{entry['_source']}: entry {entry['id']!r}"
    if not isinstance(entry.get("name"), str) or entry.get("type") not in ENTITY_TYPES:
        raise KnowledgeBaseError(f"{label}: a new entity needs 'name' and 'type'")
    entity_type = cast(EntityType, entry["type"])
    return KBEntity(
        id=entry["id"],
        name=entry["name"],
        type=entity_type,
        names=_names(entry, entity_type),
        adjectives=unique(
            [
                *(
                    form
                    for stem in as_list(entry.get("adjective"))
                    for form in adjective_forms(stem)
                ),
                *(
                    variant
                    for form in as_list(entry.get("adjectives"))
                    for variant in (form, capitalised(form))
                ),
            ]
        ),
        demonyms=_demonyms(entry),
        stands_for=entry.get("stands_for"),
        country=entry.get("country"),
        gender=cast(Gender | None, entry.get("gender")),
        roles=tuple(dict.fromkeys(entry.get("roles", ()))),
        parent=entry.get("parent"),
        kind=entry.get("kind") or ("person" if entity_type == "PER" else None),
        name_de=_german_name(entry, entity_type),
    )


def _german_name(entry: RawEntry, entity_type: EntityType) -> str:
    """``name_de`` if given; for a person the canonical name; for anything else the first
    acronym ("EU", "OSZE"), else the first of ``names`` (curated files list the German base
    name first: "Moskau", "Krim"), else the canonical name."""
    explicit = entry.get("name_de")
    if isinstance(explicit, str) and explicit.strip():
        return normalise_space(explicit)
    if entity_type == "PER":  # later names of a person are spellings, not German forms
        return str(entry["name"])
    acronyms, names = as_list(entry.get("acronyms")), as_list(entry.get("names"))
    return normalise_space(str((acronyms or names or [entry["name"]])[0]))


def _names(entry: RawEntry, entity_type: EntityType) -> tuple[str, ...]:
    takes_genitive = entry.get(
        "genitive", entity_type in GENITIVE_BY_DEFAULT and entry.get("article") != "die"
    )
    bases = [normalise_space(n) for n in [entry["name"], *as_list(entry.get("names"))]]
    declared_acronyms = [normalise_space(a) for a in as_list(entry.get("acronyms"))]
    short = _short_names(entry, bases) if entity_type == "PER" else []
    forms: list[str] = []
    for name in [*bases, *declared_acronyms, *short]:
        spellings = (
            case_variants(name) if name in declared_acronyms or is_acronym(name) else (name,)
        )
        for spelling in spellings:
            forms.append(spelling)
            one_word = " " not in spelling or entity_type == "PER"
            inflected = genitive(spelling) if takes_genitive and one_word else None
            if inflected is not None:
                forms.append(inflected)
    forms.extend(normalise_space(f) for f in as_list(entry.get("forms")))
    return unique(forms)


def _short_names(entry: RawEntry, bases: list[str]) -> list[str]:
    """Last names: declared in ``short_names`` (may be empty), else the last word of each name."""
    if "short_names" in entry:
        return [normalise_space(s) for s in as_list(entry["short_names"])]
    last_words = (name.split()[-1] for name in bases if " " in name)
    return [word for word in last_words if len(word.rstrip(".")) > 1]


def _demonyms(entry: RawEntry) -> tuple[str, ...]:
    feminine = entry.get("demonym_f")
    generated = [
        form
        for singular in as_list(entry.get("demonym"))
        for form in demonym_forms(singular, feminine)
    ]
    return unique([*generated, *as_list(entry.get("demonyms"))])


def dangling_references(entities: Mapping[str, KBEntity], ids: Iterable[str]) -> list[str]:
    """Descriptions of references from ``ids`` to entities that do not exist."""
    problems = []
    for entity_id in ids:
        entity = entities[entity_id]
        targets = [getattr(entity, field) for field in REFERENCE_FIELDS]
        targets += [role.of for role in entity.roles]
        problems += [
            f"{entity_id} refers to unknown {t!r}" for t in targets if t and t not in entities
        ]
    return problems
