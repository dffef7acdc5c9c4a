"""The knowledge base: canonical actors indexed by every surface form that names them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from fnmatch import fnmatch
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

from lagebild.kb.entities import (
    KBEntity,
    KnowledgeBaseError,
    Language,
    MatchKind,
    NameMatch,
    Role,
    RoleNoun,
)
from lagebild.kb.forms import normalise_space
from lagebild.kb.loader import RawEntry, build_entity, dangling_references, merge, read_file
from lagebild.kb.roles import RoleLexicon, read_role_lexicon

#: The bundled data files, read through importlib.resources so that they load from an
#: installed package, a wheel or a zip on the path alike (``spark-submit --py-files``).
DATA_DIR: Traversable = resources.files("lagebild.kb") / "data"
#: Entity files load in name order (numbered), so curated overrides follow generated data.
#: Generated files are JSON (parsed ten times faster than YAML), curated ones YAML.
ENTITY_FILE_PATTERNS = ("[0-9]*.yaml", "[0-9]*.json")
ROLE_FILE = "roles.yaml"
#: When one surface names several entities, evaluation prefers a name over a metonym, etc.
#: Words whose role-noun lookup is remembered (the knowledge base does not change).
ROLE_NOUN_MEMO_SIZE = 100_000
_KIND_RANK: dict[MatchKind, int] = {"name": 0, "metonym": 1, "adjective": 2, "demonym": 3}


class KnowledgeBase:
    """Entities, a surface-form index, role nouns, and office holders over time."""

    def __init__(self, entities: Mapping[str, KBEntity], role_lexicon: RoleLexicon) -> None:
        self._entities = dict(entities)
        self._roles = role_lexicon
        self._index = _surface_index(self._entities.values())
        self._by_casefold = _casefold_index(self._entities.values())
        self.max_name_tokens = max((key.count(" ") + 1 for key in self._index), default=1)
        #: First word of every name: a word outside it starts no name (a fast pre-check).
        self.first_words = frozenset(key.split(" ", 1)[0] for key in self._index)
        self._holders = _holder_index(self._entities.values())
        #: surface -> role noun or None; every token of every sentence is looked up
        self._role_nouns: dict[str, RoleNoun | None] = {}

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> KnowledgeBase:
        """The bundled data plus user files merged by id (later files extend earlier ones)."""
        if not extra:
            return _bundled_kb()
        bundled, lexicon = _bundled()
        raw = dict(_bundled_raw())
        touched: set[str] = set()
        for path in extra:
            touched |= merge(read_file(Path(path)), raw)
        entities = dict(bundled)
        for entity_id in touched:
            entities[entity_id] = build_entity(raw[entity_id])
        problems = dangling_references(entities, sorted(touched))
        if problems:
            source = raw[problems[0].split(" ", 1)[0]]["_source"]
            raise KnowledgeBaseError(f"{source}: {problems[0]}")
        return cls(entities, lexicon)

    # -- entities -------------------------------------------------------------------

    def get(self, entity_id: str) -> KBEntity | None:
        return self._entities.get(entity_id)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __iter__(self) -> Iterator[KBEntity]:
        return iter(self._entities.values())

    def __len__(self) -> int:
        return len(self._entities)

    # -- names ----------------------------------------------------------------------

    def display_name(self, entity_id: str | None, stored: str, language: Language = "de") -> str:
        """The name of ``entity_id`` for a text in ``language`` ("Russland" / "Russia");
        ``stored`` (the name the database holds) for an id the knowledge base lacks."""
        entity = self._entities.get(entity_id) if entity_id else None
        return entity.display_name(language) if entity is not None else stored

    def lookup(self, surface: str) -> list[NameMatch]:
        """Entities the exact (inflected) surface form names; see the module docs for casing."""
        found = self._index.get(surface)
        if found is None and ("  " in surface or not surface.isprintable()):
            found = self._index.get(normalise_space(surface))
        return list(found) if found else []

    def resolve(self, name: str) -> KBEntity | None:
        """The best entity for a name in any form ("Russia", "Russland", "Nato", "Ruttes")."""
        surface = normalise_space(name)
        canonical = self._by_casefold.get(surface.casefold())
        matches = self._index.get(surface) or ()
        if canonical is not None and (not matches or canonical.name == surface):
            return canonical
        if matches:
            best = min(matches, key=lambda m: _KIND_RANK[m.kind])
            return self._entities[best.entity_id]
        return canonical

    # -- roles ----------------------------------------------------------------------

    def role_noun(self, surface: str) -> RoleNoun | None:
        """The office a noun names, bound to a state or body if the word says which."""
        memo = self._role_nouns
        if surface in memo:
            return memo[surface]
        if len(memo) >= ROLE_NOUN_MEMO_SIZE:  # bounded: memory stays flat on any corpus
            memo.clear()
        found = memo[surface] = self._roles.noun(surface, self._owner_of)
        return found

    def role_family(self, role: str) -> frozenset[str]:
        """The role keys a role noun covers ("head" -> secretary_general, head_of_state, ...)."""
        return self._roles.expand(role)

    def holders(self, role: str, of: str | None, on: date | None) -> list[KBEntity]:
        """People holding ``role`` (of ``of``, or of anything) on ``on`` (None = today).

        Offices with known start dates come first, the most recently begun first
        (on a handover day the successor leads); open-start records follow.
        """
        day = on or date.today()
        ranked: dict[str, tuple[int, int]] = {}
        for key in self._roles.expand(role):
            for person_id, held in self._holders.get(key, ()):
                if (of is not None and held.of != of) or not held.held_on(day):
                    continue
                rank = (0, -held.start.toordinal()) if held.start else (1, 0)
                ranked[person_id] = min(rank, ranked.get(person_id, rank))
        return [self._entities[p] for p in sorted(ranked, key=lambda p: ranked[p])]

    def roles_of(self, person_id: str, on: date | None) -> list[Role]:
        """The offices a person holds on ``on`` (None = today)."""
        entity = self._entities.get(person_id)
        day = on or date.today()
        return [role for role in entity.roles if role.held_on(day)] if entity else []

    def _owner_of(self, modifier: str) -> str | None:
        """The state or body a compound modifier names ("Nato" -> NATO, "Kreml" -> Russia)."""
        for match in sorted(self.lookup(modifier), key=lambda m: _KIND_RANK[m.kind]):
            entity = self._entities[match.entity_id]
            if match.kind in ("name", "metonym") and entity.type in ("GPE", "ORG"):
                return (
                    entity.stands_for if entity.kind == "seat" and entity.stands_for else entity.id
                )
        return None


def _surface_index(entities: Iterable[KBEntity]) -> dict[str, tuple[NameMatch, ...]]:
    index: dict[str, dict[NameMatch, None]] = {}
    for entity in entities:
        name_kind: MatchKind = "metonym" if entity.stands_for else "name"
        groups: tuple[tuple[MatchKind, tuple[str, ...]], ...] = (
            (name_kind, entity.names),
            ("adjective", entity.adjectives),
            ("demonym", entity.demonyms),
        )
        for kind, forms in groups:
            for form in forms:
                index.setdefault(form, {})[NameMatch(entity.id, kind)] = None
    return {form: tuple(matches) for form, matches in index.items()}


def _casefold_index(entities: Iterable[KBEntity]) -> dict[str, KBEntity]:
    """Canonical names, case-insensitive (first entity wins on a clash)."""
    index: dict[str, KBEntity] = {}
    for entity in entities:
        index.setdefault(entity.name.casefold(), entity)
    return index


def _holder_index(entities: Iterable[KBEntity]) -> dict[str, list[tuple[str, Role]]]:
    index: dict[str, list[tuple[str, Role]]] = {}
    for entity in entities:
        for role in entity.roles:
            index.setdefault(role.role, []).append((entity.id, role))
    return index


def bundled_entity_files() -> list[Traversable]:
    """The bundled entity files in load order (by name)."""
    found = [
        f
        for f in DATA_DIR.iterdir()
        if f.is_file() and any(fnmatch(f.name, p) for p in ENTITY_FILE_PATTERNS)
    ]
    return sorted(found, key=lambda f: f.name)


@lru_cache(maxsize=1)
def _bundled_raw() -> Mapping[str, RawEntry]:
    raw: dict[str, RawEntry] = {}
    files = bundled_entity_files()
    if not files:
        raise KnowledgeBaseError(f"{DATA_DIR}: no bundled knowledge-base files found")
    for path in files:
        merge(read_file(path), raw)
    return MappingProxyType(raw)


@lru_cache(maxsize=1)
def _bundled() -> tuple[Mapping[str, KBEntity], RoleLexicon]:
    entities = {entity_id: build_entity(entry) for entity_id, entry in _bundled_raw().items()}
    lexicon = read_role_lexicon(DATA_DIR / ROLE_FILE)
    problems = dangling_references(entities, entities)
    problems += [
        f"{ROLE_FILE} refers to unknown {i!r}" for i in lexicon.bound_ids() - set(entities)
    ]
    if problems:
        raise KnowledgeBaseError(f"{DATA_DIR}: {problems[0]}")
    return MappingProxyType(entities), lexicon


@lru_cache(maxsize=1)
def _bundled_kb() -> KnowledgeBase:
    """The bundled knowledge base, built once per process (it has no mutating methods)."""
    entities, lexicon = _bundled()
    return KnowledgeBase(entities, lexicon)
