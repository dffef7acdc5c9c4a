"""The ``entities`` stage: mentions of people, organisations and places, linked to identities.

Sources of mentions, in order of trust:
1. knowledge-base names, adjectives, demonyms and metonyms (:mod:`gazetteer`);
2. the statistical NER model, for names the knowledge base does not know
   (they get provisional ids derived from name and type);
3. role phrases ("der Nato-Generalsekretär") and nationality nouns ("der
   Niederländer") resolved to a person of the article or, by date, of the
   knowledge base (:mod:`roles`);
4. within-article coreference: a bare last name or a definite alliance noun
   ("das Bündnis") refers to the entity introduced earlier.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lagebild.calendar_de import MONTHS, WEEKDAYS
from lagebild.extract.gazetteer import NameHit, find_names
from lagebild.extract.roles import DEFINITE_SINGULAR, RolePhrase, find_role_phrases
from lagebild.ids import provisional_entity_id
from lagebild.kb import KBEntity, KnowledgeBase
from lagebild.model import Document, Entity, EntityType, Mention, MentionKind, Token
from lagebild.nlp.bundled import bundled_ner
from lagebild.nlp.ner import NerTagger
from lagebild.pipeline import Resources

STAGE = "entities"
VERSION = "1"

NER_TYPES: dict[str, EntityType] = {"PER": "PER", "ORG": "ORG", "LOC": "GPE"}
#: Nouns that, with a definite article or possessive, refer back to an alliance of the article.
ALLIANCE_NOUNS = frozenset({"Bündnis", "Bündnisses", "Bündnisse", "Allianz", "Militärbündnis",
                            "Militärbündnisses", "Verteidigungsbündnis", "Verteidigungsbündnisses",
                            "Militärallianz", "Verteidigungsallianz"})  # fmt: skip
BACK_REFERENCE_DETERMINERS = frozenset({"das", "dem", "des", "die", "der", "Das", "Die", "Der",
                                        "Dem", "Des", "ihr", "ihre", "ihrem", "ihres", "ihrer",
                                        "unser", "unsere", "unserem", "unseres", "unserer",
                                        "sein", "seine", "seinem", "seines", "seiner"})  # fmt: skip
ALLIANCE_ADJECTIVES = frozenset({"westliche", "westlichen", "transatlantische",
                                 "transatlantischen", "nordatlantische", "nordatlantischen",
                                 "Nordatlantische", "Nordatlantischen"})  # fmt: skip
#: Nouns news use for a person just named, by occupation or party ("erklärte der Diplomat",
#: "Der Republikaner sagte"). Preceded by "der" (or "die" for the -in form) and not by a noun,
#: which would make "der Republikaner" a genitive plural, one is a mention of the latest
#: person of that gender.
PERSON_NOUNS = frozenset({
    "Politiker", "Politikerin", "Diplomat", "Diplomatin", "Sozialdemokrat", "Sozialdemokratin",
    "Christdemokrat", "Christdemokratin", "Republikaner", "Republikanerin", "Demokrat",
    "Demokratin", "Ökonom", "Ökonomin", "Jurist", "Juristin", "Unternehmer", "Unternehmerin",
    "Abgeordnete", "Ex-Präsident", "Ex-Präsidentin", "Amtsinhaber", "Amtsinhaberin",
})  # fmt: skip
PERSON_NOUN_SUFFIXES = ("-Politiker", "-Politikerin", "-Abgeordnete")
#: Confidence of a mention by how it was found.
CONFIDENCE: dict[str, float] = {
    "name": 0.95,
    "metonym": 0.85,
    "adjective": 0.9,
    "demonym": 0.8,
    "role": 0.8,
    "ner": 0.7,
    "coref": 0.75,
}


#: Words that open or qualify a date ("On Wednesday", "Ende März", "last May").
_DATE_WORDS = frozenset({
    "on", "in", "at", "by", "since", "until", "from", "last", "next", "this", "early", "late",
    "mid", "am", "im", "seit", "bis", "ab", "anfang", "ende", "mitte", "vom",
})  # fmt: skip


class EntityRecognizer:
    name = STAGE
    assigns = ("mentions", "entities")
    requires = ("tokens", "sentences")

    def __init__(self, resources: Resources, ner: NerTagger | None = None) -> None:
        self.kb = resources.kb
        self.ner = ner or bundled_ner()

    def __call__(self, doc: Document) -> Document:
        article = _Article(doc, self.kb)
        # The tagger reads all sentences of the article in one batch.
        sentences = [doc.sentence_tokens(sent) for sent in doc.sentences]
        labels = self.ner.tag_many(
            [[t.text for t in tokens] for tokens in sentences],
            [[t.pos for t in tokens] for tokens in sentences],
        )
        for sent, tokens, sentence_labels in zip(doc.sentences, sentences, labels, strict=True):
            hits = find_names(doc.text, tokens, sent.first_token, self.kb)
            ner_spans = bio_spans(sentence_labels, sent.first_token)
            phrases = find_role_phrases(tokens, sent.first_token, hits, self.kb)
            article.add_sentence(sent.first_token, sent.last_token, hits, ner_spans, phrases)
        doc.mentions, doc.entities = article.result()
        return doc


def bio_spans(labels: Sequence[str], offset: int = 0) -> list[tuple[int, int, str]]:
    """(first, last exclusive, type) spans of a BIO label sequence; stray I- starts a span."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, label in enumerate([*labels, "O"]):
        prefix, _, label_type = label.partition("-")
        if start >= 0 and (prefix != "I" or label_type != kind):
            spans.append((offset + start, offset + i, kind))
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, kind = i, label_type
    return spans


@dataclass
class _Article:
    """Mentions and entities of one document, built sentence by sentence in reading order."""

    doc: Document
    kb: KnowledgeBase
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    #: token index of each entity's latest mention (for recency)
    last_seen: dict[str, int] = field(default_factory=dict)
    #: roles the article itself gives people ("Nato-Chef Mark Rutte")
    stated_roles: dict[str, set[tuple[str, str | None]]] = field(default_factory=dict)
    #: tokens covered by a mention of a person, for appositions
    person_at: dict[int, str] = field(default_factory=dict)

    @property
    def published(self) -> dt.date | None:
        return self.doc.published

    # -- building -------------------------------------------------------------------

    def add_sentence(
        self,
        first: int,
        last: int,
        hits: list[NameHit],
        ner_spans: list[tuple[int, int, str]],
        phrases: list[RolePhrase],
    ) -> None:
        covered: set[int] = set()
        for hit in hits:
            # A name inside a compound ("China-Kalkül") also keeps NER off that token.
            covered.update(range(hit.first_token, hit.last_token))
            self._add_hit(hit)
        for span_first, span_last, label in ner_spans:
            if label in NER_TYPES and not covered.intersection(range(span_first, span_last)):
                self._add_ner(span_first, span_last, NER_TYPES[label])
        in_roles: set[int] = set()
        for phrase in phrases:
            self._add_role(phrase)
            in_roles.update(range(phrase.first_token, phrase.last_token))
        self._add_person_nouns(first, last, in_roles)
        self._add_alliance_references(first, last)

    def _add_hit(self, hit: NameHit) -> None:
        entity = self.kb.get(hit.match.entity_id)
        if entity is None:
            return
        kind: MentionKind = hit.match.kind
        if hit.last_token - hit.first_token == 1 and self._person_noun(hit.first_token):
            return  # "der Republikaner": a person, found by _add_person_nouns
        gender = self._singular_person_reference(hit)
        # "die Deutsche" is an adjective form used as a noun: a person, like a demonym
        # ("der Deutschen" is mostly a plural: "die Sorgen der Deutschen")
        nominalised = (
            kind == "adjective"
            and hit.surface.endswith("e")
            and self.doc.tokens[hit.first_token].pos in ("NN", "NNA")
        )
        if (kind == "demonym" or nominalised) and gender is not None:
            nation = entity.id
            person = self._latest(
                lambda e: e.type == "PER" and e.country == nation and e.gender in (None, gender)
            )
            if person is not None:
                self._mention(hit.first_token, hit.last_token, person, "demonym")
                return
        if entity.stands_for and entity.kind == "seat":
            # A seat of power ("der Kreml") is the state itself; a capital stays a city.
            entity = self.kb.get(entity.stands_for) or entity
        self._mention(hit.first_token, hit.last_token, entity, kind, span=(hit.start, hit.end))

    def _add_ner(self, first: int, last: int, entity_type: EntityType) -> None:
        tokens = self.doc.tokens[first:last]
        surface = _surface(self.doc.text, tokens)
        if not _plausible_name(tokens):
            return
        known = self.kb.resolve(surface)
        if known is not None and known.type == entity_type:
            self._mention(first, last, known, "name", CONFIDENCE["ner"])
            return
        earlier = self._earlier_name(surface, entity_type)
        if earlier is not None:
            self._mention_id(first, last, earlier, entity_type, "name", CONFIDENCE["coref"])
            return
        entity_id = provisional_entity_id(entity_type, surface)
        if entity_id not in self.entities:
            self.entities[entity_id] = Entity(
                entity_id, surface, entity_type, provisional=True, confidence=CONFIDENCE["ner"]
            )
        self._mention_id(first, last, entity_id, entity_type, "name", CONFIDENCE["ner"])

    def _add_role(self, phrase: RolePhrase) -> None:
        named = self.person_at.get(phrase.noun_token + 1)
        if named is not None:
            self.stated_roles.setdefault(named, set()).add((phrase.role, phrase.of))
            self._mention_id(phrase.first_token, phrase.noun_token + 1, named, "PER", "role")
            return
        if phrase.indefinite or phrase.plural:
            return
        if not phrase.determined and phrase.of is None:
            return  # "Staats- und Regierungschefs": bare and unbound, likely a plural
        person = self._resolve_role(phrase)
        if person is not None:
            self._mention(phrase.first_token, phrase.last_token, person, "role")

    def _add_alliance_references(self, first: int, last: int) -> None:
        """ "das Bündnis", "der Allianz" -> the alliance the article has named before."""
        tokens = self.doc.tokens
        for i in range(first, last):
            if tokens[i].text not in ALLIANCE_NOUNS:
                continue
            j = i - 1
            while j >= first and tokens[j].text in ALLIANCE_ADJECTIVES:
                j -= 1
            if j < first or tokens[j].text not in BACK_REFERENCE_DETERMINERS:
                continue
            alliance = self._latest(lambda e: e.kind == "alliance")
            if alliance is not None:
                self._mention(j + 1, i + 1, alliance, "name", CONFIDENCE["coref"])

    # -- resolution -----------------------------------------------------------------

    def _resolve_role(self, phrase: RolePhrase) -> KBEntity | None:
        family = self.kb.role_family(phrase.role)

        def holds(person: KBEntity) -> bool:
            if phrase.gender and person.gender and phrase.gender != person.gender:
                return False  # "die Ministerin" is not the minister
            stated = self.stated_roles.get(person.id, set())
            of_matches = (
                phrase.of is None
                or person.country == phrase.of
                or any(role.of == phrase.of for role in person.roles)
            )
            if any(r in family and (o == phrase.of or (o is None and of_matches))
                   for r, o in stated):  # fmt: skip
                return True
            return any(
                role.role in family
                and (phrase.of is None or role.of == phrase.of)
                and (phrase.former or _in_office(role.start, role.end, self.published))
                for role in person.roles
            )

        earlier = self._latest(lambda e: e.type == "PER" and holds(e))
        if earlier is not None or phrase.former:
            return earlier
        holders = [
            h for h in self.kb.holders(phrase.role, phrase.of, self.published)
            if not (phrase.gender and h.gender and h.gender != phrase.gender)
        ]  # fmt: skip
        if phrase.of is None:
            mentioned = set(self.entities)
            holders = [h for h in holders if any(r.of in mentioned for r in h.roles)]
        return holders[0] if holders else None

    def _latest(self, accept: Callable[[KBEntity], bool]) -> KBEntity | None:
        """The most recently mentioned knowledge-base entity that ``accept`` accepts."""
        ranked = sorted(self.last_seen.items(), key=lambda item: -item[1])
        for entity_id, _ in ranked:
            entity = self.kb.get(entity_id)
            if entity is not None and accept(entity):
                return entity
        return None

    def _person_noun(self, index: int) -> str | None:
        """Gender of a definite singular person noun at ``index`` ("der Diplomat"), else None."""
        tokens = self.doc.tokens
        word = tokens[index].text
        if index == 0 or not (word in PERSON_NOUNS or word.endswith(PERSON_NOUN_SUFFIXES)):
            return None
        article = tokens[index - 1].text.lower()
        if index > 1 and tokens[index - 2].pos in ("NN", "NE", "NNA"):
            return None  # "die Mehrheit der Republikaner"
        if article == "die" and word.endswith("in"):
            return "f"
        return "m" if article == "der" and not word.endswith("in") else None

    def _add_person_nouns(self, first: int, last: int, in_roles: set[int]) -> None:
        tokens = self.doc.tokens
        for index in range(first + 1, last):
            word = tokens[index].text
            if word not in PERSON_NOUNS and not word.endswith(PERSON_NOUN_SUFFIXES):
                continue
            gender = self._person_noun(index) if index not in in_roles else None
            if gender is None:
                continue
            person = self._latest_person(gender)
            if person is not None:
                self._mention_id(index, index + 1, person, "PER", "role", CONFIDENCE["coref"])

    def _latest_person(self, gender: str) -> str | None:
        """The most recently mentioned person of the article whose gender may be ``gender``."""
        for entity_id, _ in sorted(self.last_seen.items(), key=lambda item: -item[1]):
            entity = self.entities.get(entity_id)
            if entity is None or entity.type != "PER":
                continue
            known = self.kb.get(entity_id)
            if known is None or known.gender in (None, gender):
                return entity_id
        return None

    def _singular_person_reference(self, hit: NameHit) -> str | None:
        """Gender of a singular definite demonym ("der Niederländer", "die Estin"), else None."""
        before = self.doc.tokens[hit.first_token - 1].text if hit.first_token > 0 else ""
        if hit.surface.endswith("in") and before.lower() in ("die", "der"):
            return "f"
        tokens = self.doc.tokens
        after = tokens[hit.last_token].pos if hit.last_token < len(tokens) else ""
        if hit.surface.endswith("e") and before in ("die", "Die") and after not in ("NN", "NE"):
            return "f"  # "die Deutsche": a woman; the plural is "die Deutschen"
        if before in ("den", "Den") and not hit.surface.endswith("n"):
            return "m"  # "den Norweger"; "den Norwegern" is a dative plural
        return "m" if before in DEFINITE_SINGULAR else None

    def _earlier_name(self, surface: str, entity_type: EntityType) -> str | None:
        """A bare last name ("Aquilino") after the full name ("John Aquilino")."""
        bare = surface[:-1] if surface.endswith("s") and entity_type == "PER" else surface
        for entity in self.entities.values():
            if entity.type != entity_type:
                continue
            parts = entity.name.split()
            if surface == entity.name or (len(parts) > 1 and bare in (parts[-1], entity.name)):
                return entity.id
        return None

    # -- recording ------------------------------------------------------------------

    def _mention(
        self,
        first: int,
        last: int,
        entity: KBEntity,
        kind: MentionKind,
        confidence: float | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        if entity.id not in self.entities:
            self.entities[entity.id] = Entity(entity.id, entity.name, entity.type)
        self._mention_id(first, last, entity.id, entity.type, kind, confidence, span)

    def _mention_id(
        self,
        first: int,
        last: int,
        entity_id: str,
        entity_type: EntityType,
        kind: MentionKind,
        confidence: float | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        """Record a mention; ``span`` narrows it inside a token ("Nato" in "Nato-Chef")."""
        tokens = self.doc.tokens
        token_start, token_end = tokens[first].start, tokens[last - 1].end
        start, end = span or (token_start, token_end)
        confidence = confidence if confidence is not None else CONFIDENCE[kind]
        evidence = self.doc.evidence(start, end, STAGE, confidence, VERSION)
        self.mentions.append(Mention(evidence, self.doc.text[start:end], entity_type, entity_id,
                                     kind))  # fmt: skip
        # The alias is the whole word as written ("Nato-Chef"), as analysts search for it.
        alias = self.doc.text[token_start:token_end]
        entity = self.entities[entity_id]
        if alias not in entity.aliases:
            entity.aliases.append(alias)
        self.last_seen[entity_id] = first
        if entity_type == "PER":
            self.person_at.setdefault(first, entity_id)

    def result(self) -> tuple[list[Mention], dict[str, Entity]]:
        self._propagate_provisional_names()
        self._merge_bare_last_names()
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        return self.mentions, self.entities

    def _propagate_provisional_names(self) -> None:
        """Find the other occurrences of a name the NER model found once.

        The model misses names in weak contexts (sentence-initial "Vogelsang verweist
        ..."); the article's own name list is better evidence there than the context.
        """
        forms: dict[tuple[str, ...], str] = {}
        for entity in self.entities.values():
            if not entity.provisional:
                continue
            words = tuple(entity.name.split())
            forms.setdefault(words, entity.id)
            if entity.type == "PER" and len(words) > 1:
                forms.setdefault(words[-1:], entity.id)
                forms.setdefault((words[-1] + "s",), entity.id)
        if not forms:
            return
        starts = [t.start for t in self.doc.tokens]
        covered = {i for m in self.mentions for i in _token_range(starts, m)}
        longest = max(len(f) for f in forms)
        first_words = {f[0] for f in forms}
        tokens = self.doc.tokens
        i = 0
        while i < len(tokens):
            if tokens[i].text not in first_words:  # most tokens start no name: skip the slices
                i += 1
                continue
            for n in range(min(longest, len(tokens) - i), 0, -1):
                entity_id = forms.get(tuple(t.text for t in tokens[i : i + n]))
                if entity_id and not covered.intersection(range(i, i + n)):
                    entity = self.entities[entity_id]
                    self._mention_id(i, i + n, entity_id, entity.type, "name", CONFIDENCE["coref"])
                    i += n - 1
                    break
            i += 1

    def _merge_bare_last_names(self) -> None:
        """A provisional "Kallas" is the article's "Kaja Kallas", wherever the full name stands."""
        last_names: dict[str, set[str]] = {}
        for entity in self.entities.values():
            parts = entity.name.split()
            if entity.type == "PER" and len(parts) > 1:
                last_names.setdefault(parts[-1], set()).add(entity.id)
        for entity in list(self.entities.values()):
            if not (entity.provisional and entity.type == "PER" and " " not in entity.name):
                continue
            bare = entity.name.removesuffix("s") if entity.name not in last_names else entity.name
            owners = last_names.get(bare, set())
            if len(owners) != 1:
                continue
            owner = self.entities[next(iter(owners))]
            for i, mention in enumerate(self.mentions):
                if mention.entity_id == entity.id:
                    self.mentions[i] = Mention(mention.evidence, mention.text, "PER", owner.id,
                                               mention.kind)  # fmt: skip
                    if mention.text not in owner.aliases:
                        owner.aliases.append(mention.text)
            del self.entities[entity.id]


def _token_range(starts: list[int], mention: Mention) -> range:
    """Indices of the tokens a mention overlaps (``starts``: token start offsets)."""
    first = bisect.bisect_right(starts, mention.start) - 1
    return range(max(first, 0), bisect.bisect_left(starts, mention.end))


def _surface(text: str, tokens: list[Token]) -> str:
    return " ".join(text[tokens[0].start : tokens[-1].end].split())


def _plausible_name(tokens: list[Token]) -> bool:
    """Reject NER spans that cannot be names.

    No capital letter, one letter, a truncated compound ("Nord- und Südkorea"), or a
    single common noun (tagged NN, e.g. a headline starting "Allianz der ...").
    """
    words = [t.text for t in tokens]
    if not any(w[:1].isupper() for w in words) or sum(len(w) for w in words) <= 1:
        return False
    if words[-1].endswith(("-", "‐")):
        return False
    if _is_date_phrase(words):
        return False  # "February", "On Wednesday", "Anfang März" (the model reads English text too)
    return not (len(tokens) == 1 and tokens[0].pos == "NN" and not words[0].isupper())


def _is_date_phrase(words: list[str]) -> bool:
    """A calendar word with only numbers or words that introduce a date around it."""
    lowered = [w.lower().rstrip(".,") for w in words]
    if not any(w in MONTHS or w in WEEKDAYS for w in lowered):
        return False
    return all(w in MONTHS or w in WEEKDAYS or w in _DATE_WORDS or w.isdigit() for w in lowered)


def _in_office(start: dt.date | None, end: dt.date | None, on: dt.date | None) -> bool:
    on = on or dt.date.today()
    return (start is None or start <= on) and (end is None or on <= end)
