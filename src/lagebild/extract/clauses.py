"""Shallow sentence structure for relation extraction, without a parser.

A sentence is cut into clauses at punctuation; in each clause the actor mentions
are gathered into coordinated groups ("Russland, China und dem Iran") and each
group gets its grammatical position: after a preposition ("mit X", "gegen X"),
possessor of a noun ("Russlands Krieg", "russische Truppen", "EU-Sanktionen"),
or a bare noun phrase (subject or object). German word order then decides
subject and object: the first bare group is the subject in both verb-second
and verb-final clauses, except in passives.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from lagebild.kb import KBEntity, KnowledgeBase
from lagebild.model import Document, Mention, Sentence, Token

CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")", "[", "]"})
GROUP_LINKS = frozenset({",", "und", "sowie", "oder", "als", "auch", "wie", "der", "die", "das",
                         "dem", "den", "des", "von"})  # fmt: skip
SUBORDINATORS = frozenset({"dass", "daß", "weil", "da", "wenn", "falls", "ob", "obwohl", "als",
                           "nachdem", "während", "damit", "indem", "sodass", "bevor", "seit",
                           "wie", "um"})  # fmt: skip
RELATIVE_PRONOUNS = frozenset({"der", "die", "das", "dem", "den", "denen", "dessen", "deren",
                               "welche", "welcher", "welches", "welchem", "welchen"})  # fmt: skip
#: contracted prepositions -> preposition
CONTRACTIONS = {"im": "in", "ins": "in", "am": "an", "ans": "an", "zum": "zu", "zur": "zu",
                "vom": "von", "beim": "bei", "aufs": "auf", "fürs": "für",
                "durchs": "durch"}  # fmt: skip
LOCATIVE = frozenset({"in", "nach", "aus", "bei", "an", "auf", "über", "durch", "vor"})
#: head nouns that turn a locative "in X" into the government of X ("die Führung in Minsk")
GOVERNMENT_NOUNS = frozenset({"Führung", "Führungen", "Regierung", "Regierungen", "Machthaber",
                              "Staatsführung", "Regime", "Behörden", "Militärführung",
                              "Außenministerium", "Verteidigungsministerium",
                              "Handelsministerium", "Ministerium", "Präsidialamt",
                              "Generalstab"})  # fmt: skip
#: nouns after which "aus X" names who threatens, not where: "Bedrohungen aus Moskau"
THREAT_ORIGIN_NOUNS = frozenset({"Bedrohung", "Gefahr", "Aggression", "Provokation",
                                 "Drohung", "Angriff", "Cyberangriff"})  # fmt: skip
COORDINATORS = frozenset({"und", "sowie", "aber", "doch"})
FINITE_VERBS = frozenset({"VVFIN", "VAFIN", "VMFIN"})
#: verbs whose object (not subject) is the subject of a following zu-infinitive:
#: (lemma, separable particle, stem)
OBJECT_CONTROL = (("vorwerfen", "vor", "werfen"), ("auffordern", "auf", "fordern"),
                  ("beschuldigen", "", ""), ("bitten", "", ""), ("drängen", "", ""),
                  ("ermahnen", "", ""), ("verpflichten", "", ""), ("zwingen", "", ""),
                  ("ermutigen", "", ""), ("anweisen", "an", "weisen"))  # fmt: skip
#: nouns for a state's or organisation's own bodies: "das russische Militär" acts as Russia
ACTOR_NOUNS = frozenset({"Militär", "Armee", "Streitkraft", "Truppe", "Führung", "Regierung",
                         "Staatsführung", "Militärführung", "Behörde", "Außenministerium",
                         "Verteidigungsministerium", "Geheimdienst", "Marine", "Luftwaffe",
                         "Präsidialamt", "Staatsmedien", "Diplomatie",
                         # people speaking or acting for their state or organisation
                         "Außenminister", "Verteidigungsminister", "Regierungschef",
                         "Staatschef", "Chefdiplomat", "Vertreter", "Mitglied",
                         "Mitgliedstaat", "Mitgliedsstaat", "Botschafter", "Diplomat",
                         "Delegation", "Spitze", "Unterhändler",
                         "Sprecher", "Sprecherin"})  # fmt: skip
#: heads of compounds for the members of the body named in front ("Nato-Länder")
MEMBER_STATE_NOUNS = frozenset({"Land", "Staat", "Mitgliedstaat", "Mitgliedsstaat",
                                "Mitgliedsland", "Mitglied", "Partner"})  # fmt: skip
#: determiners and modifiers that may stand between a preposition and its noun
NP_FILLERS = frozenset({"ART", "ADJA", "ADJD", "PPOSAT", "PIAT", "PDAT", "CARD", "ADV"})
GENITIVE_ARTICLES = frozenset({"des", "der"})
#: nouns of time: "am Montag Kanada" is a time and an object, not a noun and its apposition
TIME_NOUNS = frozenset({"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag",
                        "Sonntag", "Wochenende", "Morgen", "Vormittag", "Mittag", "Nachmittag",
                        "Abend", "Tag", "Wochenbeginn", "Wochenanfang", "Monatsbeginn",
                        "Jahresbeginn", "Anfang", "Ende", "Mitte"})  # fmt: skip


@dataclass(slots=True)
class Actor:
    """An actor mention usable as a relation argument."""

    entity_id: str
    first_token: int
    last_token: int  # exclusive
    kind: str  # mention kind: name, adjective, role, demonym, metonym, pronoun
    in_compound: bool = False  # "EU" in "EU-Sanktionen"


@dataclass(slots=True)
class Group:
    """Coordinated actors filling one grammatical position."""

    actors: list[Actor]
    preposition: str | None = None
    possessor_of: int | None = None  # token index of the noun it modifies/possesses
    #: coordinated with the group before across a noun: "gegen X-Offiziere und den Hersteller Y"
    joined: bool = False

    @property
    def first_token(self) -> int:
        return self.actors[0].first_token

    @property
    def last_token(self) -> int:
        return self.actors[-1].last_token

    @property
    def ids(self) -> list[str]:
        seen: list[str] = []
        for actor in self.actors:
            if actor.entity_id not in seen:
                seen.append(actor.entity_id)
        return seen


@dataclass(slots=True)
class Clause:
    first_token: int
    last_token: int  # exclusive
    groups: list[Group] = field(default_factory=list)
    subordinate: bool = False
    relative: bool = False
    #: subject of the governing clause, for a zu-infinitive ("X sagte zu, Y zu unterstützen")
    inherited_subject: Group | None = None
    #: actors acting together with the subject ("Gemeinsam mit X beschlossen …"), inherited too
    inherited_companions: list[Group] = field(default_factory=list)

    def companions(self, tokens: list[Token]) -> list[Group]:
        """Groups after "gemeinsam mit" / "zusammen mit": they act with the subject."""
        own = [
            g for g in self.groups
            if (g.preposition == "mit" and _after_together(tokens, g.first_token))
            or _likewise(tokens, self, g)
        ]  # fmt: skip
        return own + self.inherited_companions

    def bare_groups(self) -> list[Group]:
        return [g for g in self.groups if g.preposition is None and g.possessor_of is None]

    def groups_after(self, prepositions: frozenset[str]) -> list[Group]:
        return [g for g in self.groups if g.preposition in prepositions]


def actor_mentions(doc: Document, sentence: Sentence, kb: KnowledgeBase) -> list[Actor]:
    """Actors of a sentence: persons, organisations and states; places only as metonyms."""
    tokens = doc.tokens
    index = _token_index(doc, sentence)
    mentions = [m for m in doc.mentions if sentence.start <= m.start and m.end <= sentence.end]
    actors: list[Actor] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        first, last = index[mention.start], index[mention.end - 1] + 1
        actor_id = _actor_id(mention, tokens, first, kb)
        if actor_id is None:
            continue
        in_compound = mention.end < tokens[last - 1].end
        actors.append(Actor(actor_id, first, last, mention.kind, in_compound))
    merged: list[Actor] = []
    for actor in _drop_person_modifiers(actors, kb):
        if merged and _same_referent(merged[-1], actor):
            merged[-1].last_token = max(merged[-1].last_token, actor.last_token)
        else:
            merged.append(actor)
    return merged


def _token_index(doc: Document, sentence: Sentence) -> dict[int, int]:
    """Character offset -> token index for every character of the sentence's tokens."""
    index: dict[int, int] = {}
    for i in range(sentence.first_token, sentence.last_token):
        token = doc.tokens[i]
        for offset in range(token.start, token.end):
            index[offset] = i
    return index


def _actor_id(mention: Mention, tokens: list[Token], first: int, kb: KnowledgeBase) -> str | None:
    entity = kb.get(mention.entity_id)
    if mention.type == "LOC":
        return None
    if entity is None:
        return mention.entity_id
    if entity.type == "GPE" and entity.stands_for is None and entity.country is not None:
        return None  # a city or region that stands for nothing: a place, not an actor
    if entity.stands_for is not None and entity.kind != "government":
        before = preposition_before(tokens, first)
        if before in LOCATIVE and not (_governed(tokens, first) or _threat_origin(tokens, first)):
            return None  # "in Brüssel", "aus Peking": where, not who
        return entity.stands_for
    return entity.id


def _same_referent(previous: Actor, actor: Actor) -> bool:
    """A role phrase and the name it introduces ("Nato-Chef" + "Mark Rutte") are one actor."""
    return previous.entity_id == actor.entity_id and actor.first_token <= previous.last_token


def _drop_person_modifiers(actors: list[Actor], kb: KnowledgeBase) -> list[Actor]:
    """Words that describe a person are not second actors.

    "der russische Präsident Putin": "russische" describes Putin; "Nato-Chef": the
    "Nato" inside the role noun that names Rutte is part of that reference.
    """
    people = [a for a in actors if _is_person(a.entity_id, kb)]
    kept: list[Actor] = []
    for i, actor in enumerate(actors):
        following = actors[i + 1] if i + 1 < len(actors) else None
        describes_next = (
            actor.kind == "adjective"
            and following is not None
            and following.first_token - actor.last_token <= 2
            and _is_person(following.entity_id, kb)
        )
        inside_role = actor.in_compound and any(
            p is not actor and p.first_token <= actor.first_token < p.last_token for p in people
        )
        if not (describes_next or inside_role):
            kept.append(actor)
    return kept


def _is_person(entity_id: str, kb: KnowledgeBase) -> bool:
    entity = kb.get(entity_id)
    return entity.type == "PER" if entity else entity_id.startswith("x-per:")


def preposition_before(tokens: list[Token], first: int, limit: int = 4) -> str | None:
    """The preposition governing the noun phrase that starts at token ``first``, if any."""
    index = preposition_index(tokens, first, limit)
    if index is None:
        return None
    word = tokens[index].text.lower()
    return CONTRACTIONS.get(word, word)


def preposition_index(tokens: list[Token], first: int, limit: int = 4) -> int | None:
    j = first - 1
    if (
        j >= 1
        and tokens[j].pos == "NN"
        and tokens[j].lemma not in TIME_NOUNS  # "hat am Montag Kanada besucht"
        and tokens[j - 1].pos in ("ART", "APPRART")
        and tokens[first].pos == "NE"
        and not tokens[first].text.endswith("s")
    ):
        # "mit dem Hersteller Shahed", "vom Zahlungssystem Swift": a name in apposition to
        # the noun before it shares its preposition; "gegen den Krieg Russlands" does not
        j -= 1
        limit += 1
    while j >= 0 and first - j <= limit:
        token = tokens[j]
        if token.pos in ("APPR", "APPRART"):
            return j
        if token.text == "wie" and j >= 1 and tokens[j - 1].pos == "NN":
            # "gegen Partner wie Südkorea": the examples share the noun's preposition
            j -= 2
            limit += 2
            continue
        if token.pos not in NP_FILLERS or (token.pos == "CARD" and tokens[j + 1].pos == "ART"):
            return None  # "seit 2017 das 29. Mitglied": the article opens a new phrase
        j -= 1
    return None


def clauses(doc: Document, sentence: Sentence, actors: list[Actor]) -> list[Clause]:
    """Cut a sentence into clauses and place its actor groups in them."""
    tokens = doc.tokens
    inside_group = _group_spans(tokens, actors)
    result: list[Clause] = []
    start = sentence.first_token
    for i in range(sentence.first_token, sentence.last_token):
        if _coordinated_verb_phrase(tokens, i, sentence.last_token) and i > start:
            # "Peking ... und hatte die Reise verurteilt": a second predicate, same subject
            result.append(_clause(tokens, start, i))
            start = i + 1
        elif tokens[i].text in CLAUSE_BREAKS and i not in inside_group:
            if i > start:
                result.append(_clause(tokens, start, i))
            start = i + 1
    if start < sentence.last_token:
        result.append(_clause(tokens, start, sentence.last_token))
    for group in _groups(tokens, actors):
        for clause in result:
            if clause.first_token <= group.first_token < clause.last_token:
                clause.groups.append(group)
                break
    _attach_relative_antecedents(tokens, result)
    _inherit_subjects(tokens, result)
    return result


def _coordinated_verb_phrase(tokens: list[Token], i: int, end: int) -> bool:
    return tokens[i].text in COORDINATORS and i + 1 < end and tokens[i + 1].pos in FINITE_VERBS


def _inherit_subjects(tokens: list[Token], result: list[Clause]) -> None:
    """Clauses without a subject of their own take the governing clause's.

    A zu-infinitive ("X sagte zu, Y zu unterstützen") and a coordinated predicate
    opening with its finite verb ("X ... und hatte Y verurteilt").
    """
    for position, (previous, clause) in enumerate(itertools.pairwise(result), start=1):
        window = tokens[clause.first_token : clause.last_token]
        fronted = _fronted_apposition(tokens, result[:position], clause)
        if fronted is not None:
            clause.inherited_subject = fronted
            continue
        coordinated = tokens[clause.first_token].pos in FINITE_VERBS and (
            tokens[clause.first_token - 1].text in COORDINATORS
            or _asyndetic(tokens, previous, clause)
        )
        if not coordinated and not any(t.pos in ("PTKZU", "VVIZU") for t in window):
            continue
        bare = [g for g in previous.groups if g.preposition is None and g.possessor_of is None]
        clause.inherited_companions = previous.companions(tokens)
        if _object_control(tokens, previous) and len(bare) >= 2:
            # "X wirft Y vor, ... zu liefern": Y is who would deliver
            clause.inherited_subject = bare[-1]
        else:
            clause.inherited_subject = previous.inherited_subject or (bare[0] if bare else None)


def _asyndetic(tokens: list[Token], previous: Clause, clause: Clause) -> bool:
    """ "X hatten Y ratifiziert, halten die Zustimmung zu Z aber zurück": after a comma a
    second predicate of the main clause, with no actor of its own in subject place
    ("…, sagte X" names its own speaker)."""
    return (
        tokens[clause.first_token - 1].text == ","
        and not previous.subordinate
        and any(t.pos in FINITE_VERBS for t in tokens[previous.first_token : previous.last_token])
        and not clause.bare_groups()
    )


def _fronted_apposition(tokens: list[Token], before: list[Clause], clause: Clause) -> Group | None:
    """ "Die Sprecherin des Parlaments, Anna Beispiel, hat X besucht": the comma cut the
    fronted subject and its apposition off the clause that opens with the finite verb.

    Only when every piece before the verb but relative clauses has no verb of its own
    (the sentence's first position); the apposition, the more specific of the two, is the
    subject.
    """
    if (
        tokens[clause.first_token].pos not in FINITE_VERBS
        or tokens[clause.first_token - 1].text != ","
    ):
        return None
    # a relative clause may stand between: "Polen, das lange gedrängt hatte, will …"
    fronted = [c for c in before if not c.relative]
    if not fronted or any(
        t.pos.startswith("V") for c in fronted for t in tokens[c.first_token : c.last_token]
    ):
        return None
    for piece in reversed(fronted):
        bare = [g for g in piece.groups if g.preposition is None and g.possessor_of is None]
        if bare:
            return bare[0]
    return None


def _likewise(tokens: list[Token], clause: Clause, group: Group) -> bool:
    """ "Harris hat wie Präsident Biden zugesagt, …": the actor after a comparative "wie"
    that follows the verb (not a noun: "Staaten wie X") does the same as the subject."""
    if group.preposition is not None or group.possessor_of is not None:
        return False
    j = group.first_token - 1
    while j > clause.first_token and tokens[j].pos in ("NN", "ADJA", "ART"):
        j -= 1  # "wie [der] Präsident Biden"
    if tokens[j].text != "wie" or j - 1 < clause.first_token:
        return False
    before = tokens[j - 1]
    subject_first = any(
        g.last_token <= j and g.preposition is None and g.possessor_of is None
        for g in clause.groups
    )
    return before.pos in ("VAFIN", "VVFIN", "VMFIN", "ADV") and subject_first


def _after_together(tokens: list[Token], first: int) -> bool:
    at = preposition_index(tokens, first)
    return at is not None and at >= 1 and tokens[at - 1].text.lower() in ("gemeinsam", "zusammen")


def _object_control(tokens: list[Token], clause: Clause) -> bool:
    """Whether the clause's verb hands its object to a following zu-infinitive."""
    window = tokens[clause.first_token : clause.last_token]
    lemmas = {t.lemma for t in window}
    particles = {t.text.lower() for t in window if t.pos == "PTKVZ"}
    return any(
        verb in lemmas or (particle in particles and stem in lemmas)
        for verb, particle, stem in OBJECT_CONTROL
    )


def _clause(tokens: list[Token], first: int, last: int) -> Clause:
    word = tokens[first].text
    subordinate = word.lower() in SUBORDINATORS
    relative = (
        word in RELATIVE_PRONOUNS
        and first > 0
        and tokens[first - 1].text == ","
        # ", die Proteste gegen ihn ...": an article before its noun, not a pronoun
        and not (
            tokens[first].pos == "ART"
            and first + 1 < last
            and tokens[first + 1].pos in ("NN", "ADJA", "CARD")
        )
    )
    return Clause(first, last, subordinate=subordinate or relative, relative=relative)


def _group_spans(tokens: list[Token], actors: list[Actor]) -> set[int]:
    covered: set[int] = set()
    for group in _groups(tokens, actors):
        covered.update(range(group.first_token, group.last_token))
    return covered


def _groups(tokens: list[Token], actors: list[Actor]) -> list[Group]:
    groups: list[Group] = []
    for actor in actors:
        if groups and _linked(tokens, groups[-1].actors[-1], actor):
            groups[-1].actors.append(actor)
        else:
            groups.append(Group([actor]))
    for group in groups:
        _place(tokens, group)
    for previous, group in itertools.pairwise(groups):
        if (
            group.preposition is None
            and previous.preposition is not None
            and _coordinated_after(tokens, previous.last_token, group.first_token)
        ):
            # "gegen drei iranische Offiziere und den Hersteller X": one object list
            group.preposition, group.possessor_of = previous.preposition, None
            group.joined = True
    return groups


def _coordinated_after(tokens: list[Token], end: int, first: int) -> bool:
    """Between two groups only the first group's noun, "und"/"sowie" and a second noun
    phrase's determiner, adjectives and head noun."""
    between = tokens[end:first]
    links = [k for k, t in enumerate(between) if t.text in ("und", "sowie")]
    if len(links) != 1 or first - end > 6:
        return False
    before, after = between[: links[0]], between[links[0] + 1 :]
    return all(t.pos == "NN" for t in before) and all(
        t.pos in ("ART", "ADJA", "NN", "CARD", "PIAT") for t in after
    )


def _linked(tokens: list[Token], left: Actor, right: Actor) -> bool:
    """Two actors in one coordination: only connectors, articles and adjectives between them."""
    if left.first_token == right.first_token and "collective" == left.kind == right.kind:
        return True  # the members of one collective reference
    if left.in_compound or right.in_compound or left.kind == "adjective":
        return False
    between = tokens[left.last_token : right.first_token]
    if not between or not any(t.text in ("und", ",", "sowie", "oder") for t in between):
        return False
    if right.kind == "adjective" and not any(t.text in ("und", "sowie", "oder") for t in between):
        return False  # "…, beschlossen die Europäer, russische Banken …": a new phrase
    return all(t.text in GROUP_LINKS or t.pos in ("ADJA", "ART") for t in between)


def _place(tokens: list[Token], group: Group) -> None:
    """Decide whether a group follows a preposition or possesses a noun."""
    first = group.actors[0]
    if first.in_compound or first.kind == "adjective":
        head_from = first.last_token - (1 if first.in_compound else 0)
        group.possessor_of = _head_noun_after(tokens, head_from)
        if group.possessor_of is not None:
            # "für das nordkoreanische Atomprogramm", "auf NATO-Mitgliedschaft"
            group.preposition = preposition_before(tokens, group.first_token)
            head = tokens[group.possessor_of].lemma
            if head in ACTOR_NOUNS or (
                first.in_compound and head.rsplit("-", 1)[-1] in MEMBER_STATE_NOUNS
            ):
                # "die ukrainische Führung" is Ukraine; "die EU-Staaten" act as the EU
                group.possessor_of = None
            return
    group.preposition = preposition_before(tokens, group.first_token)
    last = group.actors[-1]
    after = last.last_token
    if (
        group.preposition is not None
        and last.kind == "name"
        and tokens[after - 1].text.endswith("s")
        and after < len(tokens)
        and tokens[after].pos == "NN"
        and tokens[after].lemma not in ACTOR_NOUNS
    ):
        # "durch Russlands Angriffskrieg": the preposition governs the noun, the name owns it
        group.possessor_of = after
        return
    if group.preposition in ("aus", "von"):
        at = preposition_index(tokens, group.first_token)
        if at is not None and at >= 1 and tokens[at - 1].lemma in ACTOR_NOUNS:
            # "einer Delegation aus Südkorea": Südkorea takes the delegation's place
            group.preposition = preposition_before(tokens, at - 1)
            if group.preposition is not None:
                return
    if group.preposition in LOCATIVE and _governed(tokens, group.first_token):
        group.preposition = None  # "die Führung in Pjöngjang" is North Korea's government
    if group.preposition == "von":
        # "die Integrität von Staaten wie der Ukraine": a genitive in disguise (not "Banken
        # vom Zahlungssystem Swift", where the name belongs to the noun after "vom")
        at = preposition_index(tokens, group.first_token)
        if (
            at is not None
            and at >= 1
            and tokens[at - 1].pos == "NN"
            and tokens[group.first_token - 1].pos != "NN"
        ):
            group.preposition, group.possessor_of = None, at - 1
            return
    if group.preposition is None:
        noun = _possessed_noun(tokens, group)
        if noun is not None and tokens[noun].lemma in ACTOR_NOUNS:
            # "die Außenminister der G7 riefen ... auf": the G7 acts, from the noun's place
            group.preposition = preposition_before(tokens, noun)
        else:
            group.possessor_of = noun


def _governed(tokens: list[Token], first: int) -> bool:
    """The place follows a government noun and a locative: "die Führungen in Minsk"."""
    if first < 2:
        return False
    noun = tokens[first - 2]
    return noun.text in GOVERNMENT_NOUNS or noun.lemma in GOVERNMENT_NOUNS


def _threat_origin(tokens: list[Token], first: int) -> bool:
    """The place is where a threat comes from: "Bedrohungen aus Moskau"."""
    return (
        first >= 2
        and tokens[first - 1].text == "aus"
        and tokens[first - 2].lemma in THREAT_ORIGIN_NOUNS
    )


def _possessed_noun(tokens: list[Token], group: Group) -> int | None:
    """The noun a genitive group belongs to: "der Krieg Russlands", "Russlands Krieg"."""
    last = group.actors[-1]
    genitive_s = tokens[last.last_token - 1].text.endswith("s")
    before = group.first_token - 1
    if tokens[group.first_token].text == "beider" and before >= 0 and tokens[before].pos == "NN":
        return before  # "die Beziehungen beider Staaten"
    if before >= 1 and tokens[before].text in GENITIVE_ARTICLES and tokens[before - 1].pos == "NN":
        return before - 1
    if before >= 0 and tokens[before].pos == "NN" and genitive_s:
        return before
    after = last.last_token
    if after < len(tokens) and tokens[after].pos == "NN" and genitive_s and last.kind == "name":
        return after
    return None


def _head_noun_after(tokens: list[Token], index: int) -> int | None:
    """The noun an adjective or compound modifier belongs to ("russische [schwere] Panzer")."""
    j = index
    while j < len(tokens) and j - index <= 3:
        if tokens[j].pos in ("NN", "NE") and j > index - 1:
            return j
        if tokens[j].pos not in ("ADJA", "ADJD", "ADV", "KON") and tokens[j].text != ",":
            return None
        j += 1
    return None


def _attach_relative_antecedents(tokens: list[Token], result: list[Clause]) -> None:
    """ "Belarus, das ... belegt ist": the antecedent fills the relative pronoun's slot."""
    for previous, clause in itertools.pairwise(result):
        if not clause.relative or not previous.groups:
            continue
        antecedent = previous.groups[-1]
        if antecedent.last_token == clause.first_token - 1:
            clause.groups.insert(0, Group(list(antecedent.actors)))


# -- collective references -------------------------------------------------------------

#: numerals that open a collective reference ("die beiden Länder", "der vier Staaten")
COLLECTIVE_NUMBERS = {"beide": 2, "beiden": 2, "beider": 2, "zwei": 2, "drei": 3, "vier": 4,
                      "fünf": 5, "sechs": 6}  # fmt: skip
#: nouns (lemmas) that sum up the states named before
STATE_NOUNS = frozenset({"Land", "Staat", "Nation", "Macht", "Atommacht", "Nachbar",
                         "Nachbarland", "Nachbarstaat", "Regierung"})  # fmt: skip
#: nouns (lemmas) that sum up the people named before
PERSON_NOUNS = frozenset({"Präsident", "Staatschef", "Politiker", "Mann", "Machthaber",
                          "Führer", "Regierungschef", "Spitzenpolitiker",
                          "Staatsmann"})  # fmt: skip
#: nouns (lemmas) that sum up any actors named before
PARTY_NOUNS = frozenset({"Seite", "Partner"})
#: nouns that sum up people without a numeral ("das Trio")
GROUP_NOUNS = {"Duo": 2, "Trio": 3, "Quartett": 4}
#: plural nouns for the members of the alliance the article is about ("die Verbündeten")
ALLY_NOUNS = frozenset({"Verbündeten", "Alliierten", "Bündnispartner", "Bündnispartnern",
                        "Bündnisstaaten", "Mitgliedstaaten", "Mitgliedsstaaten"})  # fmt: skip
PLURAL_DETERMINERS = frozenset({"die", "den", "der", "ihre", "ihren", "ihrer", "seine",
                                "seinen", "seiner", "alle", "allen", "aller", "unsere",
                                "unseren", "unserer", "anderen", "übrigen"})  # fmt: skip
EUROPEAN_UNION = "org:eu"
#: how many sentences back a collective reference without a matching coordination takes
#: the last actors named
COLLECTIVE_WINDOW = 2


def document_actors(doc: Document, kb: KnowledgeBase) -> dict[int, list[Actor]]:
    """The actors of every sentence (keyed by its first token), collective references resolved.

    "die beiden Länder", "der vier Staaten", "beide Seiten", "das Trio" stand for the
    actors named just before: the last coordination of that many actors of the right
    kind in the preceding sentences, else the last that many distinct ones. "Die
    Verbündeten" are the members of the alliance last named (NATO in most news).
    """
    result: dict[int, list[Actor]] = {}
    history: list[list[Group]] = []
    alliance: str | None = None
    named: list[list[Actor]] = []  # the actors of each sentence so far, pronouns resolved
    for sentence in doc.sentences:
        actors = actor_mentions(doc, sentence, kb)
        extra = _collective_actors(doc, sentence, kb, actors, history)
        extra += _pronoun_actors(doc, sentence, kb, actors, named)
        extra += _we_actors(doc, sentence, kb, actors)
        extra += _ally_actors(doc, sentence, actors, alliance, kb)
        extra += _european_actors(doc, sentence, actors)
        if extra:
            actors = sorted([*actors, *extra], key=lambda a: (a.first_token, a.last_token))
        result[sentence.first_token] = actors
        named.append(actors)
        history.append(_groups(doc.tokens, actors))
        for actor in actors:
            entity = kb.get(actor.entity_id)
            if entity is not None and entity.kind == "alliance":
                alliance = entity.id
    return result


def last_named_alliance(doc: Document, kb: KnowledgeBase, before: int) -> KBEntity | None:
    """The alliance the article named last before character ``before`` (what "die
    Verbündeten", "its allies" or a joining without a named alliance refer to)."""
    for mention in reversed(doc.mentions):
        if mention.end > before:
            continue
        known = kb.get(mention.entity_id)
        if known is not None and known.kind == "alliance":
            return known
    return None


#: personal pronouns that stand for one person as a subject, with the gender they need
PERSON_PRONOUNS = {"er": "m", "Er": "m", "sie": "f", "Sie": "f"}
#: how many sentences back a pronoun looks for the person it stands for
PRONOUN_WINDOW = 2


def _pronoun_actors(
    doc: Document,
    sentence: Sentence,
    kb: KnowledgeBase,
    actors: list[Actor],
    named: list[list[Actor]],
) -> list[Actor]:
    """ "Biden stellte sich hinter X; er will Y empfangen", "In Z traf sie Y": a subject
    pronoun the quotes stage left alone stands for the person named just before.

    The referent is the first person named earlier in the same sentence, else the person
    the sentence before opens with (its likeliest subject), up to two sentences back; a
    known gender must fit, and "sie" with a plural verb ("sie trafen") is no person.
    """
    tokens = doc.tokens
    found: list[Actor] = []
    for i in range(sentence.first_token, sentence.last_token):
        gender = PERSON_PRONOUNS.get(tokens[i].text)
        if gender is None or tokens[i].pos != "PPER":
            continue
        if any(a.first_token <= i < a.last_token for a in actors):
            continue  # resolved already (the speaker of a statement)
        if gender == "f" and _plural_verb_near(tokens, i, sentence):
            continue
        referent = _pronoun_referent(kb, actors, named, i, gender)
        if referent is not None:
            found.append(Actor(referent, i, i + 1, "pronoun"))
    return found


def _pronoun_referent(
    kb: KnowledgeBase, actors: list[Actor], named: list[list[Actor]], i: int, gender: str
) -> str | None:
    here = [a for a in actors if a.last_token <= i and not a.in_compound]
    person = next((a for a in here if _person_of(kb, a, gender)), None)
    if person is not None:
        return person.entity_id
    for before in reversed(named[-PRONOUN_WINDOW:]):
        opening = _opening(before)
        if opening is None:
            continue
        # the sentence before opens with someone else: no safe referent
        return opening.entity_id if _person_of(kb, opening, gender) else None
    return None


def _we_actors(
    doc: Document, sentence: Sentence, kb: KnowledgeBase, actors: list[Actor]
) -> list[Actor]:
    """ "„Wir werden mit X zusammenarbeiten“, sagte der Generalsekretär": "wir" in a
    statement is the body the speaker speaks for (their office's organisation or state),
    or the speaking organisation itself."""
    tokens = doc.tokens
    found: list[Actor] = []
    for i in range(sentence.first_token, sentence.last_token):
        if tokens[i].text.lower() != "wir" or tokens[i].pos != "PPER":
            continue
        if any(a.first_token <= i < a.last_token for a in actors):
            continue
        quote = next(
            (q for q in doc.quotes
             if q.speaker_id and q.evidence.start <= tokens[i].start < q.evidence.end),
            None,
        )  # fmt: skip
        if quote is None or quote.speaker_id is None:
            continue
        body = _body_of(kb, quote.speaker_id, quote.date or doc.published)
        if body is not None:
            found.append(Actor(body, i, i + 1, "pronoun"))
    return found


def _body_of(kb: KnowledgeBase, speaker: str, on: date | None) -> str | None:
    entity = kb.get(speaker)
    if entity is None:
        return None
    if entity.type != "PER":
        return entity.stands_for or entity.id
    roles = kb.roles_of(speaker, on)
    return roles[0].of if roles else None


def _opening(actors: list[Actor]) -> Actor | None:
    """The first actor of a sentence that is not a modifier ("US-" in "US-Repräsentantenhaus")."""
    return next((a for a in actors if not a.in_compound and a.kind != "adjective"), None)


def _person_of(kb: KnowledgeBase, actor: Actor, gender: str) -> bool:
    entity = kb.get(actor.entity_id)
    if entity is None:
        return actor.entity_id.startswith("x-per:")
    return entity.type == "PER" and entity.gender in (None, gender)


def _plural_verb_near(tokens: list[Token], i: int, sentence: Sentence) -> bool:
    """The finite verb next to the pronoun is plural ("sie trafen", "haben sie")."""
    for j in (i - 1, i + 1):
        if sentence.first_token <= j < sentence.last_token and tokens[j].pos in FINITE_VERBS:
            return tokens[j].text.endswith("en") or tokens[j].text == "sind"
    return False


def _collective_actors(
    doc: Document,
    sentence: Sentence,
    kb: KnowledgeBase,
    actors: list[Actor],
    history: list[list[Group]],
) -> list[Actor]:
    tokens = doc.tokens
    found: list[Actor] = []
    i = sentence.first_token
    while i < sentence.last_token:
        span = _collective_span(tokens, i, sentence.last_token)
        if span is None:
            i += 1
            continue
        first, last, count, category = span
        i = last
        if any(a.first_token < last and first < a.last_token for a in actors):
            continue  # "die drei Nato-Staaten": a name inside, not a reference
        ids = _antecedents(history, count, category, kb)
        found.extend(Actor(entity_id, first, last, "collective") for entity_id in ids)
    return found


def _collective_span(tokens: list[Token], i: int, end: int) -> tuple[int, int, int, str] | None:
    """(first, last, count, category) of a collective reference starting at token ``i``."""
    word = tokens[i].text
    if word in GROUP_NOUNS and i > 0 and tokens[i - 1].pos == "ART":
        return i, i + 1, GROUP_NOUNS[word], "person"
    count = COLLECTIVE_NUMBERS.get(word.lower())
    if count is None:
        return None
    j = i + 1
    while j < end and tokens[j].pos in ("ADJA",) and j - i <= 3:
        j += 1
    if j >= end or tokens[j].pos != "NN":
        return None
    lemma = tokens[j].lemma
    if word.lower() not in ("beide", "beiden", "beider") and (
        i == 0 or tokens[i - 1].text.lower() not in ("die", "den", "der", "diese", "diesen")
    ):
        return None  # "drei Staaten grenzen an ...": a count, not a reference
    if lemma in STATE_NOUNS:
        return i, j + 1, count, "state"
    if lemma in PERSON_NOUNS:
        return i, j + 1, count, "person"
    if lemma in PARTY_NOUNS:
        return i, j + 1, count, "any"
    return None


def _antecedents(
    history: list[list[Group]], count: int, category: str, kb: KnowledgeBase
) -> list[str]:
    """The ``count`` actors of ``category`` a collective reference stands for, or none."""
    for groups in reversed(history):
        for group in reversed(groups):
            ids = [i for i in group.ids if _of_category(i, category, kb)]
            if len(ids) == count and len(group.ids) == count:
                return ids
    recent: list[str] = []
    for groups in reversed(history[-COLLECTIVE_WINDOW:]):
        for group in reversed(groups):
            ids = [i for i in group.ids if _of_category(i, category, kb)]
            for entity_id in reversed(ids):
                if entity_id not in recent:
                    recent.append(entity_id)
    return list(reversed(recent[:count])) if len(recent) >= count else []


def _of_category(entity_id: str, category: str, kb: KnowledgeBase) -> bool:
    entity = kb.get(entity_id)
    if category == "person":
        return _is_person(entity_id, kb)
    if category == "state":
        return entity is not None and entity.type == "GPE" and entity.country is None
    return True


def _ally_actors(
    doc: Document, sentence: Sentence, actors: list[Actor], alliance: str | None, kb: KnowledgeBase
) -> list[Actor]:
    """ "die Verbündeten", "den Alliierten", "die Staats- und Regierungschefs": the
    alliance named before, as an actor."""
    tokens = doc.tokens
    for actor in actors:
        entity = kb.get(actor.entity_id)
        if entity is not None and entity.kind == "alliance":
            alliance = alliance or entity.id
    if alliance is None:
        return []
    found: list[Actor] = []
    for i in range(sentence.first_token + 1, sentence.last_token):
        leaders = tokens[i].text in ("Regierungschefs", "Regierungschefinnen") and (
            i >= 3 and tokens[i - 2].text == "Staats-" and tokens[i - 1].text == "und"
        )
        if tokens[i].text not in ALLY_NOUNS and not leaders:
            continue
        j = i - (3 if leaders else 1)
        while j > sentence.first_token and tokens[j].pos == "ADJA":
            j -= 1
        if tokens[j].text.lower() not in PLURAL_DETERMINERS:
            continue
        after = tokens[i + 1] if i + 1 < sentence.last_token else None
        if after is not None and (after.text in GENITIVE_ARTICLES or after.pos == "NE"):
            continue  # "die Verbündeten der Ukraine": someone else's allies
        if any(a.first_token <= i < a.last_token for a in actors):
            continue
        found.append(Actor(alliance, i, i + 1, "collective"))
    return found


def _european_actors(doc: Document, sentence: Sentence, actors: list[Actor]) -> list[Actor]:
    """ "die Europäer", "den Europäern": the European Union acting as a whole."""
    tokens = doc.tokens
    return [
        Actor(EUROPEAN_UNION, i, i + 1, "collective")
        for i in range(sentence.first_token + 1, sentence.last_token)
        if tokens[i].text in ("Europäer", "Europäern")
        and tokens[i - 1].text.lower() in ("die", "den")
        and not any(a.first_token <= i < a.last_token for a in actors)
    ]
