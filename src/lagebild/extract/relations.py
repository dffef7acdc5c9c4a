"""The ``relations`` stage: who does what to whom, typed with PLOVER.

For every clause, predicates from the cue lexicon (``lexicons/relations.yaml``)
are matched on lemmas (verbs with their separable particle, nouns also as compound
heads) and their arguments are read off the clause's actor groups
(:mod:`clauses`). Each relation is marked

* as a claim of a speaker when it lies inside a quotation (``asserted=False``),
* hypothetical (Konjunktiv II, "falls", "im Falle") or negated ("nicht", "kein").

A speaker's statement about others is itself a fact: a warning ("warnte, dass
A und B ...") or a statement that reports hostile relations in alarmed words
gives speaker ACCUSE the actors concerned; a demand gives REQUEST, and so on.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

import yaml

from lagebild.extract.clauses import (
    ACTOR_NOUNS,
    NP_FILLERS,
    Actor,
    Clause,
    Group,
    clauses,
    document_actors,
    last_named_alliance,
    preposition_before,
    preposition_index,
)
from lagebild.extract.referenced import add_referenced_entities
from lagebild.extract.relations_en import english_relations
from lagebild.kb import KnowledgeBase
from lagebild.model import PLOVER_TYPES, SYMMETRIC_TYPES, Document, Quote, Relation, Sentence, Token
from lagebild.pipeline import Resources

STAGE = "relations"
#: languages the German cue lexicon reads (None: not detected)
READ_LANGUAGES = frozenset({"de", None})
VERSION = "1"

HYPOTHETICAL_WORDS = frozenset({"könnte", "könnten", "würde", "würden", "dürfte", "dürften",
                                "falls", "sofern", "Falle", "möglich", "mögliche", "möglichen",
                                "möglicher", "eventuell", "womöglich", "hätte", "hätten",
                                "wäre", "wären"})  # fmt: skip
NEGATIONS = frozenset({"nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie",
                       "niemals", "weder"})  # fmt: skip
PASSIVE_AUXILIARIES = frozenset({"werden", "wurde", "wurden", "worden", "wird", "werde"})
AGENT_PREPOSITIONS = frozenset({"von", "durch"})
SUBJECT_PRONOUNS = frozenset({"ich", "du", "er", "wir", "ihr"})
#: relation types that, reported by a speaker in alarmed words, make the speaker accuse
HOSTILE_TYPES = frozenset({"ASSAULT", "THREATEN", "COERCE", "MOBILIZE", "AID", "COOPERATE",
                           "AGREE", "SANCTION"})  # fmt: skip
#: nouns for forces and arms whose owner acts when they are moved or sent (passive)
FORCE_NOUNS = frozenset({"Einheit", "Truppe", "Soldat", "Streitkraft", "Kampfverband",
                         "Spezialkraft", "Kämpfer", "Panzer", "Kriegsschiff", "Kampfflugzeug",
                         "Rakete", "Drohne", "Waffe", "Munition", "Marschflugkörper"})  # fmt: skip
#: nouns for a decision taken before, and the verbs that report taking it
DECISION_NOUNS = frozenset({"Entscheidung", "Beschluss"})
DECISION_VERBS = frozenset({"beschließen", "entscheiden", "beantragen", "billigen",
                            "genehmigen", "zustimmen"})  # fmt: skip
#: acts that answer what the sentence before reported, when an adverb says so
REACTION_TYPES = frozenset({"THREATEN", "PROTEST", "ACCUSE", "REJECT", "SANCTION"})
REACTION_ADVERBS = frozenset({"daraufhin", "dagegen", "darauf", "deswegen", "deshalb"})
#: nouns that refer back to an event or a visitor, with the relation types whose source
#: they name ("seinen Gast": the visitor; "die Anträge": who applied)
EVENT_NOUNS = {
    "Gast": frozenset({"CONSULT"}), "Besucher": frozenset({"CONSULT"}),
    "Reise": frozenset({"CONSULT"}), "Besuch": frozenset({"CONSULT"}),
    "Antrag": frozenset({"REQUEST"}), "Beitrittsantrag": frozenset({"REQUEST"}),
    "Übung": frozenset({"MOBILIZE", "COOPERATE"}), "Manöver": frozenset({"MOBILIZE", "COOPERATE"}),
}  # fmt: skip
#: cues of a visit, whose visitor "die Reise" / "der Gast" refers back to
VISIT_CUES = frozenset({"besuchen", "reisen", "Besuch", "Staatsbesuch"})
INDEFINITE_WORDS = frozenset({"ein", "eine", "einen", "einem", "einer", "eines", "kein", "keine",
                              "keinen", "keinem", "keiner"})  # fmt: skip
#: nouns for what is rejected when an accusation is rejected
CLAIM_NOUNS = frozenset({"Vorwurf", "Anschuldigung", "Beschuldigung", "Kritik", "Darstellung",
                         "Behauptung", "Bericht", "Verantwortung", "Vorhaltung", "Unterstellung",
                         "Anschuldigungen", "Vorwürfe"})  # fmt: skip
#: how many sentences back a rejection looks for the accusation it answers
REJECT_WINDOW = 3
#: relation types a verb of breaking off cancels ("setzte die Gespräche aus")
MEETING_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
BREAKING_OFF_VERBS = frozenset({"aussetzen", "absagen", "abbrechen", "einstellen", "beenden",
                                "stoppen", "unterbrechen"})  # fmt: skip
#: stances that, taken on a relation between others, are taken towards its sides
STANCE_TYPES = frozenset({"ACCUSE", "SUPPORT", "PROTEST"})
#: verbs of promising: promised to each other, it is an agreement
PROMISE_VERBS = frozenset({"zusichern", "versprechen", "garantieren", "zusagen"})
#: how many sentences back help without a recipient looks for the recipient
ELLIPSIS_WINDOW = 2
#: nouns of joining an alliance; without a named alliance, the one the article is about
JOINING_NOUNS = frozenset({"Aufnahme", "Beitritt", "Antrag"})
#: Verb types whose object noun names what is asked for or refused, not what happened.
PROPOSAL_VERB_TYPES = frozenset({"REQUEST", "REJECT"})
#: noun cues whose required words may stand in the sentence before ("den Antrag")
CONTEXT_NEEDS = frozenset({"Antrag"})
#: acts whose target may be who acts in a condition after them ("droht …, falls X …")
CONDITIONED_TYPES = frozenset({"THREATEN", "ACCUSE"})
CONDITIONS = frozenset({"falls", "wenn", "sofern", "sollte", "sollten"})
#: speech cues whose speaker directs the act at the actors of the reported content
SPEECH_ACT_TYPES = frozenset({"ACCUSE", "REQUEST", "THREATEN", "SUPPORT", "REJECT"})


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    type: str
    mutual: bool = False
    preps: frozenset[str] = frozenset()
    material: str | None = None
    needs: frozenset[str] = frozenset()
    object: bool = True
    reverse: bool = False
    compound_target: bool = False  # "Ukraine-Krieg": a compound modifier is the target


@dataclass(frozen=True)
class RelationLexicon:
    verbs: dict[str, Cue]
    nouns: dict[str, Cue]
    material: frozenset[str]
    alarm: frozenset[str]
    threat: frozenset[str] = frozenset()
    threat_verbs: frozenset[str] = frozenset()

    def verb(self, lemma: str) -> Cue | None:
        return self.verbs.get(lemma)

    def noun(self, lemma: str) -> Cue | None:
        """A noun cue by lemma or compound head ("Militärkooperation" -> "Kooperation")."""
        lemma = modern_spelling(lemma)
        if lemma in self.nouns:
            return self.nouns[lemma]
        head = compound_head(lemma, self.noun_heads)
        return self.nouns.get(head) if head else None

    @property
    def noun_heads(self) -> tuple[str, ...]:
        return _sorted_heads(tuple(self.nouns))

    def mentions_any(self, tokens: Iterable[Token], words: frozenset[str]) -> bool:
        heads = _sorted_heads(tuple(words))
        return any(
            t.lemma in words or t.text in words or compound_head(t.lemma, heads) is not None
            for t in tokens
        )


def modern_spelling(lemma: str) -> str:
    """The lemmatiser writes some nouns in the old orthography ("Beschluß", "Prozeß"); the
    lexicons use the reformed one. Only a final "ß" after a short-vowel stem changes."""
    short = len(lemma) >= 3 and lemma[-3] not in "aeiouäöü"  # "Fleiß", "Spieß" stay
    if short and lemma.endswith(("uß", "eß", "iß", "oß")) and not lemma.endswith(OLD_SPELLING_KEEP):
        return lemma[:-1] + "ss"
    return lemma


#: words whose final "ß" is right in both orthographies (long vowel before it)
OLD_SPELLING_KEEP = ("Fuß", "Gruß", "Stoß", "Schoß", "Floß", "Kloß", "Ruß")


@lru_cache(maxsize=64)
def _sorted_heads(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=65536)
def compound_head(lemma: str, heads: tuple[str, ...]) -> str | None:
    """The longest known head a German compound ends in ("Waffenlieferung" -> "Lieferung")."""
    lower = lemma.lower()
    for head in heads:
        if len(head) >= 4 and len(lower) > len(head) and lower.endswith(head.lower()):
            return head
    return None


@lru_cache(maxsize=1)
def default_lexicon() -> RelationLexicon:
    raw = yaml.safe_load(
        importlib_resources.files("lagebild.extract")
        .joinpath("lexicons/relations.yaml")
        .read_text(encoding="utf-8")
    )
    return RelationLexicon(
        verbs={lemma: _cue(lemma, spec) for lemma, spec in raw["verbs"].items()},
        nouns={lemma: _cue(lemma, spec, is_noun=True) for lemma, spec in raw["nouns"].items()},
        material=frozenset(raw["material"]),
        alarm=frozenset(raw["alarm"]),
        threat=frozenset(raw.get("threat", ())),
        threat_verbs=frozenset(raw.get("threat_verbs", ())),
    )


CUE_FIELDS = frozenset({"type", "frame", "preps", "material", "needs", "object", "reverse",
                        "compound"})  # fmt: skip


class LexiconError(ValueError):
    """A cue entry of the relation lexicon is malformed."""


def _cue(lemma: str, spec: dict[str, Any], is_noun: bool = False) -> Cue:
    unknown = set(spec) - CUE_FIELDS
    if unknown:
        raise LexiconError(f"relation cue {lemma!r}: unknown field(s) {', '.join(sorted(unknown))}")
    for plover in (spec.get("type"), spec.get("material")):
        if plover is not None and plover not in PLOVER_TYPES:
            raise LexiconError(f"relation cue {lemma!r}: {plover!r} is not a PLOVER type")
    return Cue(
        lemma=lemma,
        type=spec["type"],
        mutual=spec.get("frame") == "mutual",
        preps=frozenset(spec.get("preps", ())),
        material=spec.get("material"),
        needs=frozenset(spec.get("needs", ())),
        object=spec.get("object", not is_noun),
        reverse=spec.get("reverse", False),
        compound_target=spec.get("compound") == "target",
    )


class RelationExtractor:
    name = STAGE
    assigns = ("relations",)
    requires = ("tokens", "sentences", "entities", "quotes")

    def __init__(self, resources: Resources, lexicon: RelationLexicon | None = None) -> None:
        self.kb = resources.kb
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Document) -> Document:
        if doc.language == "en":
            doc.relations = english_relations(doc, self.kb)
            add_referenced_entities(
                doc, self.kb, (i for r in doc.relations for i in (r.source_id, r.target_id))
            )
            return doc
        if doc.language not in READ_LANGUAGES:
            # The cues are German lemmas; on English they misfire ("the invasion of …").
            doc.relations = []
            return doc
        found: dict[str, Relation] = {}
        actors = document_actors(doc, self.kb)
        for sentence in doc.sentences:
            # a live list: a later clause may refer back to an earlier one of the same
            # sentence ("X besuchte Y; Y stellte sich hinter seinen Gast")
            earlier = list(found.values())
            for relation in self._sentence_relations(doc, sentence, actors, earlier):
                if relation.id not in found:
                    found[relation.id] = relation
                    earlier.append(relation)
        facts = list(found.values())
        for relation in speech_act_relations(doc, facts, self.lexicon, self.kb, actors):
            found.setdefault(relation.id, relation)
        doc.relations = list(found.values())
        add_referenced_entities(
            doc,
            self.kb,
            (i for r in doc.relations for i in (r.source_id, r.target_id, r.claimed_by)),
        )
        return doc

    def _sentence_relations(
        self,
        doc: Document,
        sentence: Sentence,
        all_actors: dict[int, list[Actor]],
        earlier: list[Relation],
    ) -> Iterator[Relation]:
        actors = all_actors[sentence.first_token]
        if len(actors) < 1:
            return
        parts = clauses(doc, sentence, actors)
        for clause in parts:
            for source, target, index in _membership(doc.tokens, clause):
                yield self._relation(doc, sentence, clause, index, MEMBER_CUE, source, target)
            for phrase, source, target, index in _side_phrases(doc.tokens, clause):
                yield self._relation(doc, sentence, clause, index, phrase, source, target)
            for source, target, index in _joint_statement(doc.tokens, clause):
                yield self._relation(doc, sentence, clause, index, JOINT_CUE, source, target)
            for source, target, index in self._judgement(
                doc, sentence, clause, earlier, all_actors
            ):
                yield self._relation(doc, sentence, clause, index, JUDGING_CUE, source, target)
            for index in range(clause.first_token, clause.last_token):
                cue = self._cue_at(doc, clause, index)
                if cue is None:
                    continue
                pairs = self._arguments(doc, clause, index, cue)
                if not pairs and cue.type == "REJECT" and doc.tokens[index].pos.startswith("V"):
                    pairs = self._rejected_accusers(doc, sentence, clause, index, earlier)
                if not pairs and not cue.mutual and doc.tokens[index].pos.startswith("V"):
                    pairs = _event_anaphora(doc, clause, index, earlier, self.kb)
                if not pairs and cue.type in REACTION_TYPES and doc.tokens[index].pos[0] == "V":
                    pairs = _reaction(doc, sentence, clause, index, earlier, self.kb)
                if not pairs and cue.type in CONDITIONED_TYPES and doc.tokens[index].pos[0] == "V":
                    pairs = _conditioned(doc.tokens, parts, clause, index)
                if not pairs and cue.type == "AID" and doc.tokens[index].pos.startswith("V"):
                    pairs = _elliptic_recipient(doc, sentence, clause, index, earlier)
                if not pairs and cue.type in STANCE_TYPES and doc.tokens[index].pos[0] == "V":
                    pairs = self._stance_on_relation(doc, clause, index)
                if not pairs and cue.lemma in JOINING_NOUNS and doc.tokens[index].pos == "NN":
                    pairs = _joining(doc, clause, index, self.kb)
                if not pairs and not cue.mutual and doc.tokens[index].pos.startswith("V"):
                    pairs = _reciprocal(doc.tokens, clause, index)
                    if pairs and cue.lemma in PROMISE_VERBS:
                        cue = dataclasses.replace(cue, type="AGREE", mutual=True)
                for source, target in _same_quote_pairs(doc, clause, index, pairs):
                    yield self._relation(doc, sentence, clause, index, cue, source, target)

    def _cue_at(self, doc: Document, clause: Clause, index: int) -> Cue | None:
        token = doc.tokens[index]
        if token.pos.startswith("V"):
            cue = self.lexicon.verb(_verb_lemma(doc.tokens, clause, index))
        elif token.pos == "NN" and not _names_an_actor(clause, index):
            cue = self.lexicon.noun(token.lemma)
            if (
                cue is not None
                and cue.type != "REQUEST"
                and _object_noun(doc.tokens, clause, index)
                and self._verb_type(doc, clause) in PROPOSAL_VERB_TYPES
            ):
                # "beantragte die Aufnahme", "lehnten einen Beitritt ab": asked for or
                # refused, not done
                return None
            if cue is not None and cue.type != "THREATEN" and self._threat_of(doc, clause, index):
                return None  # "drohte mit Sanktionen": threatened, not done
            if cue is not None and cue.type in MEETING_TYPES and self._broken_off(doc, clause):
                return None  # "setzte die Gespräche mit X aus": no talks
        else:
            return None
        if cue is None:
            return None
        clause_tokens = doc.tokens[clause.first_token : clause.last_token]
        if clause.relative:
            # "den Pakt, den beide Länder geschlossen hatten": the antecedent is the object
            clause_tokens = [doc.tokens[clause.first_token - 2], *clause_tokens]
        if cue.needs and not self.lexicon.mentions_any(clause_tokens, cue.needs):
            if cue.lemma not in CONTEXT_NEEDS or not self.lexicon.mentions_any(
                _sentence_before(doc, index), cue.needs
            ):
                return None
            # "Schweden hatte den Antrag gestellt" after a sentence about joining: an
            # application to join the alliance, not to whoever it was handed to
            cue = dataclasses.replace(cue, preps=frozenset())
        if cue.material and self.lexicon.mentions_any(clause_tokens, self.lexicon.material):
            return dataclasses.replace(cue, type=cue.material, material=None)
        return cue

    def _rejected_accusers(
        self, doc: Document, sentence: Sentence, clause: Clause, index: int, earlier: list[Relation]
    ) -> list[tuple[str, str]]:
        """ "Teheran weist das zurück", "Peking wies die Vorwürfe zurück": the subject rejects
        whoever accused it last, in this or the sentences just before."""
        subjects = _subject_groups(doc.tokens, clause, index)
        if not subjects or not _rejects_a_claim(doc.tokens, clause, index):
            return []
        window_start = _sentence_start(doc, sentence, REJECT_WINDOW)
        for subject in subjects[0].ids:
            accusers = [
                r.source_id for r in earlier
                if r.type == "ACCUSE" and r.target_id == subject
                and r.evidence.start >= window_start
            ]  # fmt: skip
            if accusers:
                return [(subject, accusers[-1])]
        return []

    def _stance_on_relation(
        self, doc: Document, clause: Clause, index: int
    ) -> list[tuple[str, str]]:
        """ "X verurteilte die Zusammenarbeit zwischen A und B", "X begrüßte die Annäherung
        zwischen A und B": a stance on a relation between others is taken towards both."""
        tokens = doc.tokens
        subjects = _subject_groups(tokens, clause, index)
        if not subjects:
            return []
        for noun in range(index + 1, clause.last_token):
            if tokens[noun].pos != "NN":
                continue
            cue = self.lexicon.noun(tokens[noun].lemma)
            if cue is None or not cue.mutual:
                continue
            between = [
                g for g in clause.groups if g.preposition == "zwischen" and g.first_token > noun
            ]
            sides = _unique(i for g in between for i in g.ids)
            return [(s, t) for s in subjects[0].ids for t in sides if s != t]
        return []

    def _judgement(
        self,
        doc: Document,
        sentence: Sentence,
        clause: Clause,
        earlier: list[Relation],
        all_actors: dict[int, list[Actor]],
    ) -> list[tuple[str, str, int]]:
        """ "X nannte die Unterstützung Pjöngjangs eine Eskalation", "bezeichnete die
        Entscheidung als gefährlich", "nannte die Äußerungen leichtsinnig": a judgement in
        alarmed words accuses who is judged (the owner of the judged thing, who took the
        decision, who made the remarks)."""
        tokens = doc.tokens
        window = tokens[clause.first_token : clause.last_token]
        verb = next(
            (i for i in range(clause.first_token, clause.last_token)
             if tokens[i].pos.startswith("VV") and tokens[i].lemma in JUDGING_VERBS),
            None,
        )  # fmt: skip
        if verb is None or not self.lexicon.mentions_any(window, self.lexicon.alarm):
            return []
        subjects = _subject_groups(tokens, clause, verb)
        if not subjects or any(
            t.pos == "NN" for t in tokens[verb + 1 : subjects[0].first_token]
        ):  # "bezeichnen die Staaten X als …": the subject is no actor, X is the judged
            return []
        judged = [
            g for g in clause.groups
            if g not in subjects[:1] and g.first_token > verb and g.preposition is None
        ]  # fmt: skip
        targets = judged[0].ids if judged else []
        head = next((t for t in tokens[verb + 1 : clause.last_token] if t.pos == "NN"), None)
        if not targets and head is not None:
            noun = modern_spelling(head.lemma)
            if noun in DECISION_NOUNS:
                targets = [
                    _state_of(self.kb, d) for d in _decision_makers(doc, earlier, head.start)
                ]
            elif noun in REMARK_NOUNS:
                targets = _remarks_by(doc, sentence, all_actors)
        on = doc.published
        return [
            (s, t, verb) for s in subjects[0].ids for t in _unique(targets)
            if not _same_side(self.kb, s, t, on) and not _same_side(self.kb, t, s, on)
        ]  # fmt: skip

    def _verb_type(self, doc: Document, clause: Clause) -> str | None:
        """The PLOVER type of the clause's first cue verb, if it has one."""
        for i in range(clause.first_token, clause.last_token):
            if doc.tokens[i].pos.startswith("V"):
                cue = self.lexicon.verb(_verb_lemma(doc.tokens, clause, i))
                if cue is not None:
                    return cue.type
        return None

    def _threat_of(self, doc: Document, clause: Clause, index: int) -> bool:
        """ "X droht mit einem Angriff": the noun after "mit" names the threat."""
        return preposition_before(doc.tokens, index) == "mit" and (
            self._verb_type(doc, clause) == "THREATEN"
        )

    def _broken_off(self, doc: Document, clause: Clause) -> bool:
        return any(
            doc.tokens[i].pos.startswith("V")
            and _verb_lemma(doc.tokens, clause, i) in BREAKING_OFF_VERBS
            for i in range(clause.first_token, clause.last_token)
        )

    # -- arguments --------------------------------------------------------------------

    def _arguments(
        self, doc: Document, clause: Clause, index: int, cue: Cue
    ) -> list[tuple[str, str]]:
        if cue.mutual:
            return _mutual_arguments(doc.tokens, clause, index, cue)
        if doc.tokens[index].pos == "NN":
            return _noun_arguments(doc.tokens, clause, index, cue)
        return _verb_arguments(doc.tokens, clause, index, cue)

    def _relation(
        self,
        doc: Document,
        sentence: Sentence,
        clause: Clause,
        index: int,
        cue: Cue,
        source: str,
        target: str,
    ) -> Relation:
        if cue.type in SYMMETRIC_TYPES and target < source:
            source, target = target, source
        start, end = _evidence_span(doc.tokens, clause)
        quote = _enclosing_quote(doc.quotes, doc.tokens[index].start)
        confidence = 0.6 if quote is None else 0.5
        return Relation(
            evidence=doc.evidence(start, end, STAGE, confidence, VERSION),
            source_id=source,
            type=cue.type,
            target_id=target,
            source_name=_name(doc, source),
            target_name=_name(doc, target),
            cue=cue.lemma,
            asserted=quote is None,
            claimed_by=quote.speaker_id if quote is not None else None,
            hypothetical=_hypothetical(doc, sentence, clause) or _not_excluded(doc.tokens, clause),
            negated=_negated(doc.tokens, clause),
            date=_date_for(doc, start, end),
        )


def _object_noun(tokens: list[Token], clause: Clause, index: int) -> bool:
    """A noun phrase no preposition or other noun governs ("die Aufnahme", not "im Falle
    eines Angriffs")."""
    j = index - 1
    while j >= clause.first_token and tokens[j].pos in ("ART", "ADJA", "PPOSAT", "PIAT", "CARD"):
        j -= 1
    return j < clause.first_token or tokens[j].pos not in ("APPR", "APPRART", "NN", "NE")


def _names_an_actor(clause: Clause, index: int) -> bool:
    """ "dem Bündnis" naming NATO is an actor, not a COOPERATE cue."""
    return any(
        a.first_token <= index < a.last_token and not a.in_compound
        for g in clause.groups
        for a in g.actors
    )


def _same_quote_pairs(
    doc: Document, clause: Clause, index: int, pairs: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Drop arguments that lie inside a different quotation than the cue.

    "X mahnt: „... Peking ...“": the speech verb outside the quote does not take
    an actor inside it as its object.
    """
    if not doc.quotes or not pairs:
        return pairs
    cue_quote = _enclosing_quote(doc.quotes, doc.tokens[index].start)
    usable: set[str] = set()
    quoted: set[str] = set()
    for group in clause.groups:
        for actor in group.actors:
            quote = _enclosing_quote(doc.quotes, doc.tokens[actor.first_token].start)
            # An actor outside every quote may take part in a quoted noun's relation
            # ("„engere Zusammenarbeit“ zwischen X und Y"); one inside another quote may not.
            (usable if quote is None or quote is cue_quote else quoted).add(actor.entity_id)
    bad = quoted - usable
    return [(s, t) for s, t in pairs if s not in bad and t not in bad]


def _verb_lemma(tokens: list[Token], clause: Clause, index: int) -> str:
    """The verb's lemma with its separable particle ("wies ... zurück" -> "zurückweisen")."""
    lemma = tokens[index].lemma
    if not tokens[index].pos.endswith("FIN"):
        return lemma
    for j in range(index + 1, clause.last_token):
        if tokens[j].pos == "PTKVZ":
            return tokens[j].text.lower() + lemma
    return lemma


def _mutual_arguments(
    tokens: list[Token], clause: Clause, index: int, cue: Cue
) -> list[tuple[str, str]]:
    """All pairs among the participants of a mutual action."""
    between = [g for g in clause.groups if g.preposition == "zwischen" and g.first_token > index]
    if between:
        ids = [i for g in between for i in g.ids]
        return list(itertools.combinations(_unique(ids), 2))
    partners = [g for g in clause.groups_after(cue.preps) if g.preposition != "zwischen"]
    if tokens[index].pos == "NN" and not partners:
        # "die Zusammenarbeit der beiden Staaten", "die Partnerschaft Russlands und Chinas"
        owners = _unique([i for g in clause.groups if g.possessor_of == index for i in g.ids])
        if len(owners) >= 2:
            return list(itertools.combinations(owners, 2))
    subjects = _subject_groups(tokens, clause, index)
    subject_ids = _unique([i for g in subjects[:1] for i in g.ids])
    if partners:
        partner_ids = _unique([i for g in partners for i in g.ids])
        if not subject_ids:
            possessors = [g for g in clause.groups if g.possessor_of == index]
            subject_ids = _unique([i for g in possessors for i in g.ids])
        pairs = [(s, p) for s in subject_ids for p in partner_ids if s != p]
        window = tokens[clause.first_token : clause.last_token]
        if any(t.text in ("gemeinsam", "zusammen") for t in window):
            # "X trat zusammen mit A und B gemeinsam auf": A and B were there together too
            pairs += list(itertools.combinations(partner_ids, 2))
        return pairs
    if len(subject_ids) >= 2:
        if tokens[index].pos.startswith("V") and _third_party_object(clause, subjects[0]):
            return []  # "Die Türkei und Ungarn ratifizierten Finnlands Beitritt"
        return list(itertools.combinations(subject_ids, 2))
    others = [g for g in clause.bare_groups() if g not in subjects[:1]]
    in_phrase = (
        tokens[index].pos == "NN"
        and tokens[index - 1].text in ("einem", "einer")
        and preposition_before(tokens, index) is not None
    )
    if subject_ids and others and (cue.object or in_phrase):
        # "… dankte Scholz nach einem Telefonat": the clause's subject and object talked
        # "Der Niederländer hatte Trump in Florida getroffen"
        return [(s, o) for s in subject_ids for o in _unique(others[0].ids) if s != o]
    return []


def _third_party_object(clause: Clause, subject: Group) -> bool:
    """The object belongs to a named third actor ("Finnlands Beitritt")."""
    return any(
        g.possessor_of is not None and g.preposition is None
        and g.first_token > subject.last_token and g.actors[0].kind == "name"
        and not set(g.ids) & set(subject.ids)
        for g in clause.groups
    )  # fmt: skip


def _noun_arguments(
    tokens: list[Token], clause: Clause, index: int, cue: Cue
) -> list[tuple[str, str]]:
    """ "Russlands Krieg gegen die Ukraine", "EU-Sanktionen gegen Belarus"."""
    possessors = [g for g in clause.groups if g.possessor_of == index]
    targets = [g for g in clause.groups_after(cue.preps) if g.first_token > index]
    if cue.compound_target:
        # "Ukraine-Krieg", "Nato-Beitritt": the compound names the target, not the actor.
        targets += [g for g in possessors if g.actors[0].in_compound]
        possessors = [g for g in possessors if not g.actors[0].in_compound]
    sources = [i for g in possessors for i in g.ids]
    if not sources:
        # "Nato wirft Russland Hilfe für ... vor": the nearest actor before the noun acts;
        # "Russland sei bei seinem Krieg ...": a possessive points at the subject.
        before = [g for g in clause.bare_groups() if g.last_token <= index]
        if before and (_bare_noun_phrase(tokens, index) or _right_after(tokens, before[-1], index)):
            sources = before[-1].ids
        elif _possessive_before(tokens, index):
            subjects = _subject_groups(tokens, clause, index)
            sources = subjects[0].ids if subjects else []
    if not sources and preposition_before(tokens, index) == "mit":
        # "Die EU reagierte mit einem Einreiseverbot für …": the subject acts
        subjects = [g for g in clause.bare_groups() if g.last_token <= index]
        sources = subjects[0].ids if subjects else []
    if not sources and cue.type == "AID":
        # "auf Hilfe aus Nordkorea angewiesen": the helper follows the noun
        origin = [
            g for g in clause.groups
            if g.preposition in ("aus", "von") and 0 < g.first_token - index <= 3
        ]  # fmt: skip
        if origin:
            sources = origin[0].ids
            if not targets:
                targets = [g for g in clause.bare_groups() if g.last_token <= index][-1:]
    target_ids = [i for g in targets for i in g.ids] or _owners_after(tokens, clause, index, cue)
    if not target_ids and sources:
        # "Belarus, das mit EU-Sanktionen belegt ist": the one other actor, if it is
        # affected (after the noun, or the subject of a passive), not the clause's agent.
        others = [
            g for g in clause.bare_groups()
            if not set(g.ids) & set(sources)
            and (g.first_token > index or _clause_is_passive(tokens, clause))
        ]  # fmt: skip
        target_ids = others[0].ids if len(others) == 1 else []
    return [(s, t) for s in _unique(sources) for t in _unique(target_ids) if s != t]


MEMBER_CUE = Cue(lemma="Mitglied", type="COOPERATE")


def _membership(tokens: list[Token], clause: Clause) -> list[tuple[str, str, int]]:
    """ "Schweden ist seit Donnerstag das 32. Mitglied der Nato": (member, alliance, noun)."""
    window = range(clause.first_token, clause.last_token)
    if not any(tokens[i].pos == "VAFIN" and tokens[i].lemma == "sein" for i in window):
        return []
    noun = next((i for i in window if _member_noun(tokens[i])), None)
    if noun is None:
        return []
    bare = clause.bare_groups()
    # "Mitglied der Nato" (an actor noun: a bare group), "Handelspartner Nordkoreas"
    alliance = [
        g for g in clause.groups
        if 0 < g.first_token - noun <= 2 and g.preposition is None
        and (g.possessor_of in (None, noun)) and not g.actors[0].in_compound
    ]  # fmt: skip
    members = [g for g in bare if g.last_token <= noun]
    if not alliance or not members:
        return []
    return [(m, a, noun) for m in members[0].ids for a in alliance[0].ids if m != a]


def _member_noun(token: Token) -> bool:
    """ "Mitglied", "Partner", "Handelspartner", "Verbündeter": what one is of another."""
    lemma = token.lemma
    return token.pos in ("NN", "NNA") and (
        lemma == "Mitglied" or lemma.endswith("partner") or lemma == "Partner"
        or lemma.startswith("Verbündete")
    )  # fmt: skip


SIDE_BY_SIDE_CUE = Cue(lemma="Seite an Seite", type="CONSULT", mutual=True)
SIDING_CUE = Cue(lemma="sich auf die Seite stellen", type="SUPPORT")
UNDER_SANCTIONS_CUE = Cue(lemma="unter Sanktionen stehen", type="SANCTION")


def _side_phrases(tokens: list[Token], clause: Clause) -> list[tuple[Cue, str, str, int]]:
    """Fixed phrases: "X stand Seite an Seite mit A und B" (CONSULT, every pair),
    "X stellte sich auf die Seite Chinas" (SUPPORT), "X steht unter EU-Sanktionen"."""
    found: list[tuple[Cue, str, str, int]] = []
    window = range(clause.first_token, clause.last_token)
    lemmas = {tokens[i].lemma for i in window}
    for i in window:
        text = tokens[i].text
        if (
            text == "Seite"
            and i + 3 < clause.last_token
            and (tokens[i + 1].text == "an" and tokens[i + 2].text == "Seite")
        ):
            partners = [g for g in clause.groups if g.first_token > i + 3]
            subjects = [g for g in clause.bare_groups() if g.last_token <= i][-1:]
            if tokens[i + 3].text == "mit" and subjects and partners:
                ids = _people_first(_unique([a for g in subjects + partners for a in g.ids]))
                found += [(SIDE_BY_SIDE_CUE, a, b, i) for a, b in itertools.combinations(ids, 2)]
        elif text == "Seite" and tokens[i - 1].text == "die" and lemmas & {"stellen", "schlagen"}:
            owners = [g for g in clause.groups if g.possessor_of == i]
            subjects = [g for g in clause.bare_groups() if g.last_token <= i][:1]
            found += [
                (SIDING_CUE, s, t, i)
                for g in subjects for s in g.ids for o in owners for t in o.ids if s != t
            ]  # fmt: skip
        elif tokens[i].lemma.lower().endswith("sanktion"):
            if preposition_before(tokens, i) != "unter" or "stehen" not in lemmas:
                continue
            owners = [g for g in clause.groups if g.possessor_of == i]
            subjects = [g for g in clause.bare_groups() if g not in owners][:1]
            found += [
                (UNDER_SANCTIONS_CUE, s, t, i)
                for o in owners for s in o.ids for g in subjects for t in g.ids if s != t
            ]  # fmt: skip
    return found


JOINT_CUE = Cue(lemma="gemeinsam mit", type="CONSULT", mutual=True)
#: verbs of a statement that, made "gemeinsam mit" someone, show a joint appearance
STATEMENT_VERBS = frozenset({"sagen", "erklären", "betonen", "mitteilen", "ankündigen",
                             "bekräftigen", "unterstreichen", "versichern",
                             "bekanntgeben"})  # fmt: skip


JUDGING_CUE = Cue(lemma="nennen/bezeichnen", type="ACCUSE")
#: verbs of calling something something ("nannte X eine Eskalation", "bezeichnete X als …")
JUDGING_VERBS = frozenset({"nennen", "bezeichnen", "werten", "einstufen", "brandmarken"})
#: nouns for what someone said, whose speaker a judgement of them accuses
REMARK_NOUNS = frozenset({"Äußerung", "Aussage", "Bemerkung", "Kommentar", "Wort",
                          "Drohung", "Ankündigung", "Rede", "Forderung"})  # fmt: skip


def _remarks_by(doc: Document, sentence: Sentence, actors: dict[int, list[Actor]]) -> list[str]:
    """Whose remarks "die Äußerungen" are: the owner of the last remarks the article named
    ("Äußerungen des früheren Präsidenten X"), else the speaker quoted most often before
    ``sentence`` (the latest of them on a tie)."""
    for before in reversed([s for s in doc.sentences if s.end <= sentence.start]):
        for clause in clauses(doc, before, actors.get(before.first_token, [])):
            for group in clause.groups:
                noun = group.possessor_of
                if noun is not None and doc.tokens[noun].lemma in REMARK_NOUNS:
                    return group.ids
    said = [
        q.speaker_id for q in doc.quotes
        if q.evidence.start < sentence.start and q.speaker_id is not None
    ]  # fmt: skip
    if not said:
        return []
    counts = {speaker: said.count(speaker) for speaker in said}
    latest = {speaker: k for k, speaker in enumerate(said)}
    return [max(counts, key=lambda speaker: (counts[speaker], latest[speaker]))]


def _joint_statement(tokens: list[Token], clause: Clause) -> list[tuple[str, str, int]]:
    """ "…, sagte X gemeinsam mit Y": the two appeared together (CONSULT)."""
    verb = next(
        (i for i in range(clause.first_token, clause.last_token)
         if tokens[i].pos.startswith("VV") and _verb_lemma(tokens, clause, i) in STATEMENT_VERBS),
        None,
    )  # fmt: skip
    own = [
        g for g in clause.groups
        if g.preposition == "mit" and g in clause.companions(tokens)
    ]  # fmt: skip
    if verb is None or not own:
        return []
    subjects = [g for g in _subject_groups(tokens, clause, verb) if g not in own][:1]
    return [
        (s, c, verb) for g in subjects for s in g.ids for o in own for c in o.ids if s != c
    ]  # fmt: skip


def _people_first(ids: list[str]) -> list[str]:
    """The people among actors named with their states ("Russlands Präsident Putin")."""
    people = [i for i in ids if i.startswith(("person:", "x-per:"))]
    return people or ids


def _event_anaphora(
    doc: Document, clause: Clause, index: int, earlier: list[Relation], kb: KnowledgeBase
) -> list[tuple[str, str]]:
    """ "Kim empfing seinen Gast", "X stellte sich hinter die Anträge": the object is an
    event or a visitor the article has reported; its actors are the target."""
    tokens = doc.tokens
    subjects = _subject_groups(tokens, clause, index)
    if not subjects:
        return []
    nouns = [
        modern_spelling(tokens[i].lemma) for i in range(clause.first_token, clause.last_token)
        if tokens[i].pos == "NN" and i != index
        and tokens[i].lemma not in ACTOR_NOUNS  # "die ukrainische Führung" is the subject
        and tokens[i - 1].pos in ("ART", "PPOSAT", "ADJA")
        and tokens[i - 1].text.lower() not in INDEFINITE_WORDS
    ]  # fmt: skip
    if any(n in DECISION_NOUNS for n in nouns[:1]):
        on = doc.published
        # a foreign actor answers the state, not its cabinet ("begrüßte den Beschluss")
        deciders = [_state_of(kb, d) for d in _decision_makers(doc, earlier, tokens[index].start)]
        return [
            (s, t) for s in subjects[0].ids for t in deciders
            if not _same_side(kb, s, t, on) and not _same_side(kb, t, s, on)
        ]  # fmt: skip
    kinds = next((EVENT_NOUNS[n] for n in nouns if n in EVENT_NOUNS), None)
    if kinds is None:
        return []
    matching = [r for r in earlier if r.type in kinds and r.asserted]
    visits = [r for r in matching if r.cue in VISIT_CUES]
    if kinds == EVENT_NOUNS["Reise"] and visits:
        matching = visits  # "die Reise", "seinen Gast": the visit, not a meeting during it
    if not matching:
        return []
    latest = matching[-1]
    # every actor of the same kind of relation in the sentence that reported it
    actors = _unique(
        actor for r in matching
        if r.evidence.start >= latest.evidence.start - 400 and r.cue == latest.cue
        for actor in _hostile_actors(r)
    )  # fmt: skip
    if kinds == EVENT_NOUNS["Reise"]:
        actors = _people_first(actors)  # the visitor, not the visited state
    on = latest.date or doc.published
    return [
        (s, t) for s in subjects[0].ids for t in actors
        if not _same_side(kb, s, t, on) and not _same_side(kb, t, s, on)
    ]  # fmt: skip


def _state_of(kb: KnowledgeBase, entity_id: str) -> str:
    """The state a government body acts for ("Bundesregierung" -> Germany), else itself."""
    entity = kb.get(entity_id)
    if entity is not None and entity.kind == "government" and entity.stands_for:
        return entity.stands_for
    return entity_id


def _decision_makers(doc: Document, earlier: list[Relation], before: int) -> list[str]:
    """Who took "the decision": the sources of the relations in the last sentence before
    ``before`` whose verb decides or applies (beschließen, entscheiden, beantragen …)."""
    for sentence in reversed([s for s in doc.sentences if s.end <= before]):
        window = doc.tokens[sentence.first_token : sentence.last_token]
        if not any(t.lemma in DECISION_VERBS for t in window):
            continue
        stated = [r for r in earlier if sentence.start <= r.evidence.start < sentence.end]
        if stated:
            return _unique(r.source_id for r in stated if r.asserted)
    return []


def _reaction(
    doc: Document,
    sentence: Sentence,
    clause: Clause,
    index: int,
    earlier: list[Relation],
    kb: KnowledgeBase,
) -> list[tuple[str, str]]:
    """ "Moskau drohte daraufhin mit …", "Tokio protestierte dagegen": the act answers the
    actors of the sentence before."""
    window = doc.tokens[clause.first_token : clause.last_token]
    if not any(t.text.lower() in REACTION_ADVERBS for t in window):
        return []
    subjects = _subject_groups(doc.tokens, clause, index)
    position = next(i for i, s in enumerate(doc.sentences) if s.first_token == sentence.first_token)
    if not subjects or position == 0:
        return []
    before = doc.sentences[position - 1]
    answered = _unique(
        actor for r in earlier if before.start <= r.evidence.start < before.end
        for actor in (r.source_id, r.target_id)
    )  # fmt: skip
    on = doc.published
    return [
        (s, t) for s in subjects[0].ids for t in answered
        if not _same_side(kb, s, t, on) and not _same_side(kb, t, s, on)
    ]  # fmt: skip


def _elliptic_recipient(
    doc: Document, sentence: Sentence, clause: Clause, index: int, earlier: list[Relation]
) -> list[tuple[str, str]]:
    """ "X liefert Panzer an Y. Auch Z will Panzer abgeben": help without a recipient goes
    to the recipient of the help reported just before (this or the two sentences before)."""
    subjects = _subject_groups(doc.tokens, clause, index)
    if not subjects:
        return []
    window_start = _sentence_start(doc, sentence, ELLIPSIS_WINDOW)
    recent = [r for r in earlier if r.type == "AID" and r.evidence.start >= window_start]
    if not recent:
        return []
    recipient = recent[-1].target_id
    return [(s, recipient) for s in subjects[0].ids if s != recipient]


def _reciprocal(tokens: list[Token], clause: Clause, index: int) -> list[tuple[str, str]]:
    """ "A und B werfen sich gegenseitig Verstöße vor", "… haben einander Beistand
    zugesichert": a directed act among coordinated subjects goes both ways."""
    window = tokens[clause.first_token : clause.last_token]
    if not any(t.text.lower().startswith("gegenseitig") or t.text == "einander" for t in window):
        return []
    subjects = _subject_groups(tokens, clause, index)
    ids = _unique(subjects[0].ids) if subjects else []
    return list(itertools.permutations(ids, 2)) if len(ids) >= 2 else []


def _joining(doc: Document, clause: Clause, index: int, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """ "die Aufnahme von A und B", "der Beitritt Schwedens": joining what the article is
    about, the alliance it named last."""
    members = [
        i for g in clause.groups if g.possessor_of == index and not g.actors[0].in_compound
        for i in g.ids
    ]  # fmt: skip
    if not members and doc.tokens[index].lemma in CONTEXT_NEEDS:
        # "X hatte den Antrag gestellt": who applies is the subject
        before = [g for g in clause.bare_groups() if g.last_token <= index]
        members = before[0].ids if before else []
    if not members:
        return []
    alliance = last_named_alliance(doc, kb, doc.tokens[index].start)
    if alliance is None:
        return []
    return [(member, alliance.id) for member in _unique(members) if member != alliance.id]


def _sentence_before(doc: Document, index: int) -> list[Token]:
    """The tokens of the sentence before the one holding token ``index``."""
    position = next(
        (k for k, s in enumerate(doc.sentences) if s.first_token <= index < s.last_token), 0
    )
    if position == 0:
        return []
    before = doc.sentences[position - 1]
    return doc.tokens[before.first_token : before.last_token]


def _conditioned(
    tokens: list[Token], parts: list[Clause], clause: Clause, index: int
) -> list[tuple[str, str]]:
    """ "X drohte mit Gegenmaßnahmen, falls Y dem Bündnis beitrete": a threat or warning
    without an object is aimed at who would act in the condition that follows it."""
    subjects = _subject_groups(tokens, clause, index)
    if not subjects:
        return []
    after = [c for c in parts if c.first_token >= clause.last_token]
    condition = next(
        (c for c in after[:2] if tokens[c.first_token].text.lower() in CONDITIONS), None
    )
    if condition is None:
        return []
    first_verb = next(
        (i for i in range(condition.first_token, condition.last_token)
         if tokens[i].pos.startswith("V")),
        condition.last_token,
    )  # fmt: skip
    actors = _subject_groups(tokens, condition, first_verb)
    return [(s, t) for s in subjects[0].ids for t in (actors[0].ids if actors else []) if s != t]


def _rejects_a_claim(tokens: list[Token], clause: Clause, index: int) -> bool:
    """The rejected thing is a claim or left implicit: "wies die Vorwürfe zurück",
    "weist das zurück", "widersprach umgehend"."""
    objects = [
        t for t in tokens[index + 1 : clause.last_token] if t.pos in ("NN", "PDS", "PPER")
    ] or [t for t in tokens[clause.first_token : index] if t.pos in ("PDS",)]
    if not objects:
        return True
    head = objects[0]
    return head.pos == "PDS" or modern_spelling(head.lemma) in CLAIM_NOUNS


def _sentence_start(doc: Document, sentence: Sentence, back: int) -> int:
    """Start offset of the sentence ``back`` sentences before ``sentence``."""
    position = next(i for i, s in enumerate(doc.sentences) if s.first_token == sentence.first_token)
    return doc.sentences[max(0, position - back)].start


def _right_after(tokens: list[Token], group: Group, index: int) -> bool:
    """ "hat die Bundesregierung die Lieferung … beschlossen": the noun phrase follows the
    actor itself, not a noun it could be the genitive of."""
    j = index - 1
    while j >= group.last_token and tokens[j].pos in NP_FILLERS:
        j -= 1
    return j == group.last_token - 1 and tokens[index - 1].pos == "ART"


def _possessive_before(tokens: list[Token], index: int) -> bool:
    j = index - 1
    while j >= 0 and tokens[j].pos in ("ADJA", "ADV", "ADJD"):
        j -= 1
    return j >= 0 and tokens[j].pos == "PPOSAT"


def _bare_noun_phrase(tokens: list[Token], index: int) -> bool:
    """The noun heads an object or subject, not a prepositional phrase or genitive attribute."""
    j = index - 1
    while j >= 0 and tokens[j].pos in NP_FILLERS:
        j -= 1
    return j < 0 or tokens[j].pos not in ("APPR", "APPRART", "NN")


def _verb_arguments(
    tokens: list[Token], clause: Clause, index: int, cue: Cue
) -> list[tuple[str, str]]:
    bare = clause.bare_groups()
    prep_targets = clause.groups_after(cue.preps)
    if _is_passive(tokens, clause, index) or cue.reverse:
        agents = clause.groups_after(
            AGENT_PREPOSITIONS | (cue.preps if cue.reverse else frozenset())
        )
        sources = [i for g in agents for i in g.ids]
        targets = [i for g in bare[:1] for i in g.ids]
        if not sources and not cue.reverse:
            # "dass nordkoreanische Einheiten nach Russland verlegt wurden": whose units
            owners = [
                g for g in clause.groups
                if g.preposition is None and g.last_token < index
                and _owns_forces(tokens, g)
            ]  # fmt: skip
            if owners:
                sources = owners[0].ids
                targets = [i for g in prep_targets[:1] for i in g.ids]
    else:
        subjects = _subject_groups(tokens, clause, index)
        sources = [i for g in subjects[:1] for i in g.ids]
        companions = clause.companions(tokens)
        if sources:
            # "Gemeinsam mit den USA beschlossen die Europäer, … auszuschließen"
            sources += [i for g in companions for i in g.ids]
        objects = (
            [g for g in bare if g not in subjects[:1] and g not in companions] if cue.object else []
        )
        if cue.object and not objects:
            # "wies russische Einwände zurück": the actor the object noun belongs to
            objects = [
                g for g in clause.groups
                if g.preposition is None and g.possessor_of is not None
                and g.possessor_of != index and _bare_noun_phrase(tokens, g.first_token)
                and not set(g.ids) & set(sources)
            ]  # fmt: skip
        targets = [i for g in (objects[:1] or _first_list(prep_targets)) for i in g.ids]
        if not targets and cue.preps:
            targets = _owners_after(tokens, clause, index, cue)
    return [(s, t) for s in _unique(sources) for t in _unique(targets) if s != t]


def _owners_after(tokens: list[Token], clause: Clause, index: int, cue: Cue) -> list[str]:
    """ "Teilnahme am Gipfel der SOZ", "protestierte gegen die Politik Chinas": the cue's
    preposition governs a thing, and whoever owns it is the target."""
    for group in clause.groups:
        noun = group.possessor_of
        if noun is None or noun <= index or preposition_before(tokens, noun) not in cue.preps:
            continue
        if noun - index <= 4 or tokens[index].pos != "NN":  # a noun cue's own phrase
            return group.ids
    return []


def _first_list(groups: list[Group]) -> list[Group]:
    """The first group and the groups coordinated with it ("gegen X und den Hersteller Y")."""
    chain = groups[:1]
    for group in groups[1:]:
        if not group.joined:
            break
        chain.append(group)
    return chain


def _owns_forces(tokens: list[Token], group: Group) -> bool:
    """ "nordkoreanische Einheiten", "russische Kampfflugzeuge": the group owns forces."""
    if group.actors[0].kind != "adjective" and not group.actors[0].in_compound:
        return False
    j = group.last_token - (1 if group.actors[-1].in_compound else 0)
    while j < len(tokens) and tokens[j].pos == "ADJA":
        j += 1
    return j < len(tokens) and tokens[j].lemma in FORCE_NOUNS


def _subject_groups(tokens: list[Token], clause: Clause, index: int) -> list[Group]:
    """Bare groups that may be the subject, most likely first.

    Groups opened by "den"/"dem" are objects; so is every group after a subject
    pronoun ("er werde die Russen ermutigen", "Dort traf er Vertreter ...").
    """
    bare = clause.bare_groups()
    if clause.inherited_subject is not None:
        return [clause.inherited_subject, *bare]
    pronoun = next(
        (i for i in range(clause.first_token, clause.last_token)
         if tokens[i].text.lower() in SUBJECT_PRONOUNS and tokens[i].pos == "PPER"),
        None,
    )  # fmt: skip
    if pronoun is not None:
        # a pronoun the quotes stage resolved is itself the subject ("indem er X beschuldigte")
        bare = [g for g in bare if g.last_token <= pronoun or g.first_token == pronoun]
    nominative = [g for g in bare if not _oblique(tokens, g)]
    return nominative + [g for g in bare if g not in nominative]


def _oblique(tokens: list[Token], group: Group) -> bool:
    if tokens[group.first_token].text == "beiden" and tokens[group.first_token - 1].pos != "ART":
        return True  # "sicherte beiden Ländern Unterstützung zu": a dative
    j = group.first_token - 1
    while j >= 0 and tokens[j].pos in ("ADJA",):
        j -= 1
    return j >= 0 and tokens[j].text in ("den", "dem", "einem", "einen")


def _is_passive(tokens: list[Token], clause: Clause, index: int) -> bool:
    return tokens[index].pos == "VVPP" and _has_passive_auxiliary(tokens, clause)


def _clause_is_passive(tokens: list[Token], clause: Clause) -> bool:
    window = tokens[clause.first_token : clause.last_token]
    return any(t.pos == "VVPP" for t in window) and (
        _has_passive_auxiliary(tokens, clause) or any(t.lemma == "sein" for t in window)
    )


def _has_passive_auxiliary(tokens: list[Token], clause: Clause) -> bool:
    window = tokens[clause.first_token : clause.last_token]
    return any(t.text in PASSIVE_AUXILIARIES or t.lemma == "werden" for t in window)


def _negated(tokens: list[Token], clause: Clause) -> bool:
    """A negation of the clause, not of a word in it: "nicht nur … sondern auch", "ein nie
    dagewesenes Niveau" and "schloss … nicht aus" (a possibility) negate nothing."""
    for i in range(clause.first_token, clause.last_token):
        if tokens[i].text not in NEGATIONS:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after is not None and (after.text == "nur" or (
            tokens[i].text in ("nie", "nicht") and _negates_an_attribute(tokens, i)
        )):  # fmt: skip
            continue
        if _not_excluded(tokens, clause):
            continue
        return True
    return False


def _negates_an_attribute(tokens: list[Token], i: int) -> bool:
    """ "ein nie dagewesenes Niveau", "mit nicht näher bezeichneten Gegenmaßnahmen": the
    negation belongs to an adjective before a noun, not to the clause."""
    j = i + 1
    while j < len(tokens) and tokens[j].pos in ("ADJA", "ADJD", "ADV"):
        j += 1
    attributive = any(t.pos == "ADJA" for t in tokens[i + 1 : j]) or (
        j == i + 2 and tokens[i + 1].pos == "ADJD"
    )
    return j > i + 1 and j < len(tokens) and tokens[j].pos == "NN" and attributive


def _not_excluded(tokens: list[Token], clause: Clause) -> bool:
    """ "schloss eine Zusammenarbeit nicht aus": possible, not denied."""
    window = tokens[clause.first_token : clause.last_token]
    if not any(t.text == "nicht" for t in window):
        return False
    return any(
        t.lemma == "ausschließen" or (t.lemma == "schließen" and _particle_in(window, "aus"))
        for t in window
    )


def _particle_in(window: list[Token], particle: str) -> bool:
    return any(t.pos == "PTKVZ" and t.text.lower() == particle for t in window)


def _hypothetical(doc: Document, sentence: Sentence, clause: Clause) -> bool:
    window = doc.tokens[sentence.first_token : sentence.last_token]
    return any(t.text in HYPOTHETICAL_WORDS for t in window)


def _evidence_span(tokens: list[Token], clause: Clause) -> tuple[int, int]:
    """The clause's span without the quotation marks that open or close it, so that a
    clause opening a statement lies inside the statement's span."""
    first, last = clause.first_token, clause.last_token - 1
    while first < last and tokens[first].text in QUOTATION_MARKS:
        first += 1
    while last > first and tokens[last].text in QUOTATION_MARKS:
        last -= 1
    return tokens[first].start, tokens[last].end


QUOTATION_MARKS = frozenset({'"', "„", "“", "”", "«", "»", "‚", "‘", "’", "‹", "›"})


def _enclosing_quote(quotes: list[Quote], offset: int) -> Quote | None:
    inside = [q for q in quotes if q.evidence.start <= offset < q.evidence.end]
    return min(inside, key=lambda q: q.evidence.end - q.evidence.start) if inside else None


def _name(doc: Document, entity_id: str) -> str:
    entity = doc.entities.get(entity_id)
    return entity.name if entity else entity_id


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _date_for(doc: Document, start: int, end: int) -> Any:
    from lagebild.extract.dates import date_for_span

    return date_for_span(doc, start, end)


# -- speech acts ------------------------------------------------------------------------


def speech_act_relations(
    doc: Document,
    found: list[Relation],
    lexicon: RelationLexicon,
    kb: KnowledgeBase,
    actors: dict[int, list[Actor]],
) -> Iterator[Relation]:
    """Relations from the act of speaking: a warning about others is an accusation."""
    for quote in doc.quotes:
        speaker = _acting_for(kb, quote.speaker_id)
        if speaker is None:
            continue
        act = lexicon.verb(quote.cue or "")
        act_type = act.type if act is not None and act.type in SPEECH_ACT_TYPES else None
        claimed = [
            r for r in found
            if quote.evidence.start <= r.evidence.start < quote.evidence.end
        ]  # fmt: skip
        content = _tokens_in(doc, quote.evidence.start, quote.evidence.end)
        alarmed = act_type == "ACCUSE" or lexicon.mentions_any(content, lexicon.alarm)
        targets: list[str] = []
        if act_type is not None:
            targets = _content_subjects(doc, quote, actors)
        elif alarmed:
            for relation in claimed:
                if relation.type in HOSTILE_TYPES:
                    targets.extend(_hostile_actors(relation))
            targets.extend(_threat_sources(doc, quote, actors, lexicon))
            targets.extend(_alarmed_subjects(doc, quote, actors, lexicon))
            if quote.cue in ("nennen", "bezeichnen"):
                targets.extend(_judged(doc, quote, actors, found))
            if not targets and _refers_back(doc, quote):
                # "Das sei eine ernste Herausforderung, so X": what the sentence before said
                targets = [
                    actor for relation in _relations_before(doc, quote, found)
                    if relation.type in HOSTILE_TYPES for actor in _hostile_actors(relation)
                ]  # fmt: skip
        kind = act_type or "ACCUSE"
        for target in _unique(targets):
            if _same_side(kb, speaker, target, quote.date or doc.published):
                continue
            yield _speech_relation(doc, quote, kind, speaker, target)


def _hostile_actors(relation: Relation) -> list[str]:
    """Who a hostile relation blames: its source, and both sides of a mutual one."""
    if relation.type in SYMMETRIC_TYPES:
        return [relation.source_id, relation.target_id]
    return [relation.source_id]


def _threat_sources(
    doc: Document, quote: Quote, actors: dict[int, list[Actor]], lexicon: RelationLexicon
) -> list[str]:
    """Actors a statement names as the origin of a threat: "Bedrohungen aus Moskau",
    "die russische Aggression", "eine Gefahr, die von X ausgeht"."""
    tokens = doc.tokens
    threat = lexicon.threat
    found: list[str] = []
    for sentence in _sentences_of(doc, quote):
        inside = [
            a for a in actors[sentence.first_token]
            if quote.evidence.start <= tokens[a.first_token].start < quote.evidence.end
        ]  # fmt: skip
        for clause in clauses(doc, sentence, inside):
            antecedent = tokens[clause.first_token - 2] if clause.relative else None
            for group in clause.groups:
                noun: Token | None = None
                if group.possessor_of is not None:
                    noun = tokens[group.possessor_of]
                    cue = lexicon.noun(noun.lemma)
                    if group.actors[0].in_compound and cue is not None and cue.compound_target:
                        continue  # "der Ukraine-Krieg" is waged against Ukraine
                elif group.preposition in ("aus", "von", "durch"):
                    at = preposition_index(tokens, group.first_token)
                    before = tokens[at - 1] if at is not None and at >= 1 else None
                    noun = before if before is not None and before.pos == "NN" else antecedent
                if noun is not None and lexicon.mentions_any([noun], threat):
                    found.extend(group.ids)
    return found


def _alarmed_subjects(
    doc: Document, quote: Quote, actors: dict[int, list[Actor]], lexicon: RelationLexicon
) -> list[str]:
    """Subjects a statement says threaten or break something: "Moskau verstoße gegen …",
    "X sei eine Bedrohung für …"."""
    tokens = doc.tokens
    found: list[str] = []
    for sentence in _sentences_of(doc, quote):
        inside = _actors_inside(doc, quote, actors[sentence.first_token])
        for clause in clauses(doc, sentence, inside):
            window = tokens[clause.first_token : clause.last_token]
            verbs = [t for t in window if t.pos.startswith("VV")]
            copula = any(
                t.pos.startswith("V") and t.lemma in ("sein", "bleiben", "darstellen")
                for t in window
            )
            hostile_verb = any(lexicon.mentions_any([t], lexicon.threat_verbs) for t in verbs)
            hostile_noun = copula and any(
                t.pos == "NN" and lexicon.mentions_any([t], lexicon.threat) for t in window
            )
            if not (hostile_verb or hostile_noun):
                continue
            first = next((i for i in range(clause.first_token, clause.last_token)
                          if tokens[i].pos.startswith("V")), clause.first_token)  # fmt: skip
            subjects = _subject_groups(tokens, clause, first)
            found.extend(subjects[0].ids if subjects else [])
    return found


def _judged(
    doc: Document, quote: Quote, actors: dict[int, list[Actor]], earlier: list[Relation]
) -> list[str]:
    """ "nannte das Vorgehen Pekings eine Eskalation": the actors of the judged phrase, the
    words before the judgement ("als …" or the second noun phrase)."""
    tokens = [t for t in doc.tokens if quote.evidence.start <= t.start < quote.evidence.end]
    cut = next(
        (t.start for k, t in enumerate(tokens)
         if k > 0 and (t.text in ("als", ";", ",") or t.pos == "ADJD"
                       or t.text.lower() in ("ein", "eine", "einen", "einem"))),
        quote.evidence.end,
    )  # fmt: skip
    found: list[str] = []
    for sentence in _sentences_of(doc, quote):
        for actor in _actors_inside(doc, quote, actors[sentence.first_token]):
            if doc.tokens[actor.first_token].start < cut:
                found.append(actor.entity_id)
    head = next((t for t in tokens if t.pos == "NN"), None)
    if (
        not found
        and head is not None
        and head.start < cut
        and modern_spelling(head.lemma) in DECISION_NOUNS
    ):
        found = _decision_makers(doc, earlier, quote.evidence.start)  # "die Entscheidung"
    return found


def _actors_inside(doc: Document, quote: Quote, actors: list[Actor]) -> list[Actor]:
    start, end = quote.evidence.start, quote.evidence.end
    return [a for a in actors if start <= doc.tokens[a.first_token].start < end]


def _sentences_of(doc: Document, quote: Quote) -> list[Sentence]:
    start, end = quote.evidence.start, quote.evidence.end
    return [s for s in doc.sentences if s.end > start and s.start < end]


def _refers_back(doc: Document, quote: Quote) -> bool:
    """The statement opens with a demonstrative: "Das sei …", "Dies zeige …"."""
    first = next((t for t in doc.tokens if t.start >= quote.evidence.start), None)
    return first is not None and first.text in ("Das", "Dies", "Dieses") and first.pos == "PDS"


def _relations_before(doc: Document, quote: Quote, found: list[Relation]) -> list[Relation]:
    """Relations stated in the sentence right before the quote."""
    earlier = [s for s in doc.sentences if s.end <= quote.evidence.start]
    if not earlier:
        return []
    before = earlier[-1]
    return [r for r in found if before.start <= r.evidence.start < before.end]


def _acting_for(kb: KnowledgeBase, entity_id: str | None) -> str | None:
    """A capital or seat of power speaks for its state ("Ankara wirft ... vor")."""
    entity = kb.get(entity_id) if entity_id else None
    return entity.stands_for if entity is not None and entity.stands_for else entity_id


def _content_subjects(doc: Document, quote: Quote, actors: dict[int, list[Actor]]) -> list[str]:
    """The actors a statement is about: the subjects of its clauses that have a verb."""
    subjects: list[str] = []
    start, end = quote.evidence.start, quote.evidence.end
    for sentence in doc.sentences:
        if sentence.end <= start or sentence.start >= end:
            continue
        inside = [
            a for a in actors[sentence.first_token]
            if start <= doc.tokens[a.first_token].start < end
        ]  # fmt: skip
        for clause in clauses(doc, sentence, inside):
            verb = next(
                (i for i in range(clause.first_token, clause.last_token)
                 if doc.tokens[i].pos.startswith("V")),
                None,
            )  # fmt: skip
            if verb is None:
                continue
            if any(
                t.pos in ("PTKZU", "VVIZU")
                for t in doc.tokens[clause.first_token : clause.last_token]
            ):
                # "wirft X vor, … gegen Anhänger der PKK vorzugehen": the infinitive's subject
                # is the accused object outside the statement, not a group inside it
                continue
            groups = _subject_groups(doc.tokens, clause, verb)
            subjects.extend(groups[0].ids if groups else [])
    return _unique(subjects)


def _same_side(kb: KnowledgeBase, speaker: str, target: str, on: Any) -> bool:
    """A speaker does not accuse itself, its own organisation or its own country."""
    if speaker == target:
        return True
    person = kb.get(speaker)
    if person is None:
        return False
    if person.country == target:
        return True
    return any(role.of == target for role in kb.roles_of(speaker, on))


def _speech_relation(doc: Document, quote: Quote, kind: str, speaker: str, target: str) -> Relation:
    start = min(quote.evidence.start, quote.cue_span[0] if quote.cue_span else quote.evidence.start)
    end = max(quote.evidence.end, quote.cue_span[1] if quote.cue_span else quote.evidence.end)
    return Relation(
        evidence=doc.evidence(start, end, STAGE, 0.5, VERSION),
        source_id=speaker,
        type=kind,
        target_id=target,
        source_name=_name(doc, speaker),
        target_name=_name(doc, target),
        cue=quote.cue,
        asserted=True,
        date=quote.date,
    )


def _tokens_in(doc: Document, start: int, end: int) -> list[Token]:
    return [t for t in doc.tokens if start <= t.start and t.end <= end]
