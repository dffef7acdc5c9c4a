"""Relations in English articles: the fixed shapes English news states them in.

English reports put who acts first, the predicate next and who is acted on right after
it ("Russia invaded Ukraine", "the EU imposed sanctions on Iran", "Ruritania urged Osterlich
to …"). The reader therefore looks at each sentence's actor mentions (states,
organisations, leaders the entities stage found), joins coordinated ones ("X and Y") into
groups, and reads the words *between* two neighbouring groups against a small set of
anchored patterns. A gap matches whole or not at all, so a relation needs the predicate
to stand alone between its two actors; anything more (a clause boundary, a subordinate
clause, a third actor) and nothing is emitted. Three further shapes:

* mutual: "X and Y signed a pact / met / deepened cooperation" (the group is both sides);
* nominal: "X's war against Y", "the Ruritanian invasion of Y", "talks between X and Y";
* passive: "Y was attacked by X" (sides swapped).

Each relation is a claim of the speaker when it lies inside a quotation (``asserted``
False, ``claimed_by``), hypothetical when its sentence has a modal or a condition
("would", "could", "if"), negated when its clause says "not", "never" or "no". "Its
allies" is the alliance named last before, as in the German reader.

Not read: relations whose actor is only implied ("the invasion of Ukraine"), help whose
recipient stands in another sentence, speech acts (a speaker's warning as ACCUSE),
relative clauses ("X, which attacked Y") and anything after a comma.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lagebild.extract.clauses import last_named_alliance
from lagebild.extract.dates import date_for_span
from lagebild.kb import KnowledgeBase
from lagebild.model import SYMMETRIC_TYPES, Document, Mention, Quote, Relation, Sentence

STAGE = "relations"  # the German rules (relations) record the same stage name
VERSION = "1"

ACTOR_TYPES = frozenset({"PER", "ORG", "GPE"})
#: a word before a group that makes it no subject ("talks with X", "the war in X")
PREPOSITIONS = frozenset({
    "of", "with", "to", "from", "by", "for", "against", "on", "in", "at", "into", "between",
    "than", "about", "over", "towards", "toward", "among", "without", "via", "across",
})  # fmt: skip
#: words after which a pattern's gap has left the clause of its subject
CLAUSE_WORDS = frozenset({
    "that", "which", "who", "whom", "whose", "while", "when", "because", "after", "before",
    "if", "although", "though", "unless", "since", "but", "where", "whether", "said", "says",
})  # fmt: skip
MATERIAL = (
    r"weapons?|arms|drones?|missiles?|rockets?|shells?|ammunition|munitions?|tanks?|jets?|"
    r"aircraft|troops|soldiers|forces|fighters|artillery|equipment|components|chips|"
    r"technology|aid|assistance|money|loans?|funds?|funding|fuel|oil|gas|supplies|systems?"
)
_AUX = (
    r"(?:(?:has|have|had|will|would|could|might|may|can|should|must|did|does|do|is|are|was|"
    r"were|been|being|not|never|also|again|already|now|still|then|reportedly|allegedly|"
    r"\w+ly|n't)\s+){0,4}"
)
#: the subject's forces or government ("Ruritania's army", "Ruritanian troops")
_OWNER = (
    r"(?:'s|’s)?\s+(?:armed forces|forces|troops|army|military|navy|air force|jets|drones|"
    r"missiles|government|president|prime minister|foreign minister|leader|leadership|"
    r"authorities|officials|diplomats)"
)
_DET = r"(?:(?:the|its|their|his|her|neighbouring|neighboring|fellow)\s+)?"
#: what of an actor can be attacked ("attacked Y's ports"; not "attacked Y's claim")
_ATTACKED_THING = (
    r"^(?!\s*(?:'s|’s))|^(?:'s|’s)\s+(?:[\w-]+\s+)?(?:armed forces|forces|troops|army|"
    r"military|navy|ships?|vessels?|positions|bases?|territory|soil|cities|towns|villages|"
    r"capital|ports?|airports?|airfields?|infrastructure|grid|power plants?|embassy|border)\b"
)
#: a first predicate of the same subject before "and" ("supplied drones and helped")
_FIRST = r"(?:\s+(?P<first>[^,;:()]{1,80}?)\s+and)?"


@dataclass(frozen=True, slots=True)
class Pattern:
    type: str
    gap: re.Pattern[str]
    reverse: bool = False  # the group after the gap acts (passive)
    nominal: bool = False  # "X's war against Y": the actor is a possessor or adjective
    after: re.Pattern[str] | None = None  # what must follow the object ("to …")


def _verb(plover: str, verbs: str, tail: str = "", after: str | None = None) -> Pattern:
    """Subject, verb (with its words up to the object), object."""
    gap = re.compile(
        rf"^(?P<owner>{_OWNER})?{_FIRST}\s+{_AUX}(?P<cue>{verbs}){tail}\s+{_DET}$", re.I
    )
    return Pattern(plover, gap, after=re.compile(after, re.I) if after else None)


def _passive(plover: str, participles: str) -> Pattern:
    gap = re.compile(rf"^\s+{_AUX}(?P<cue>{participles})\s+by\s+{_DET}$", re.I)
    return Pattern(plover, gap, reverse=True)


def _nominal(plover: str, nouns: str, preps: str) -> Pattern:
    """ "X's war against Y", "the Ruritanian invasion of Y" (an adjective mention)."""
    gap = re.compile(
        rf"^(?P<possessive>'s|’s)?\s+(?:(?:new|fresh|further|full-scale|renewed|latest|continued|ongoing|"
        rf"military|economic|political|\w+-\w+)\s+){{0,2}}(?P<cue>{nouns})\s+(?:{preps})\s+{_DET}$",
        re.I,
    )
    return Pattern(plover, gap, nominal=True)


_TO_OBJECT = r"^(?:'s)?\s*(?:\w+\s+)?(?:not\s+)?(?:to|for|into)\b"

PATTERNS: tuple[Pattern, ...] = (
    _verb(
        "ASSAULT",
        r"invaded|invades|invade|attacked|attacks|attack|struck|strikes|bombed|"
        r"bombs|bomb|shelled|shells|raided|raids",
        after=_ATTACKED_THING,
    ),
    _verb(
        "ASSAULT",
        r"launched|launches|carried out|fired|fires",
        r"\s+(?:\w+\s+){0,3}(?:attacks?|strikes?|missiles|rockets|drones|raids?)"
        r"\s+(?:on|at|against|into)",
    ),
    _verb(
        "ASSAULT",
        r"waged|wages|waging|started|began",
        r"\s+(?:a\s+)?(?:\w+\s+)?war\s+(?:on|against)",
    ),
    _passive("ASSAULT", r"invaded|attacked|struck|bombed|shelled"),
    _nominal(
        "ASSAULT",
        r"war|invasion|attacks?|assault|aggression|offensive|strikes?|bombing",
        r"against|on|of|in|into",
    ),
    _verb(
        "AID",
        r"supplied|supplies|supply|supplying|armed|arms|arming|equipped|equips|"
        r"helped|helps|help|helping|assisted|assists|financed|finances|funded|funds",
        "",
        None,
    ),
    _verb(
        "AID",
        r"supplied|supplies|supply|delivered|delivers|deliver|sent|sends|send|provided|"
        r"provides|provide|gave|gives|give|shipped|ships|ship|transferred|transfers|pledged|"
        r"pledges|promised|promises|sold|sells|lent|lends|offered|offers",
        rf"\s+(?:[^,;:]{{0,60}}?\b(?:{MATERIAL})\b)[^,;:]{{0,40}}?\s+(?:to|for)",
    ),
    _verb(
        "AID",
        r"supported|supports|support|helped|helps|help|assisted|assists",
        after=rf"^\s+with\s+(?:[\w-]+\s+){{0,3}}(?:{MATERIAL})\b",
    ),
    _verb(  # "X will send Y another air defence system": the recipient first
        "AID",
        r"sent|sends|send|gave|gives|give|sold|sells|sell|lent|lends|lend|offered|offers|offer|"
        r"promised|promises|promise|granted|grants|grant",
        after=rf"^\s+(?:[\w-]+\s+){{0,5}}?(?:{MATERIAL})\b",
    ),
    _passive("AID", r"supplied|armed|helped|funded|financed"),
    _nominal("AID", r"aid|assistance|arms deliveries|deliveries|supplies", r"to|for"),
    _verb(
        "AGREE",
        r"signed|signs|sign|concluded|concludes|reached|reaches|struck|strikes",
        r"\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,3}(?:agreement|deal|pact|treaty|accord|"
        r"memorandum|ceasefire|truce)\s+with",
    ),
    _verb("AGREE", r"agreed|agrees|agree", r"\s+with"),
    _verb(
        "SANCTION",
        r"imposed|imposes|impose|slapped|placed|levied|announced|adopted|"
        r"extended|tightened",
        r"\s+(?:\w+\s+){0,3}(?:sanctions|embargo|export bans?|tariffs)\s+(?:on|against)",
    ),
    _verb(
        "SANCTION",
        r"sanctioned|sanctions|sanction|expelled|expels|expel",
        r"(?:\s+(?:\w+\s+)?diplomats\s+(?:of|from))?",
    ),
    _passive("SANCTION", r"sanctioned"),
    _nominal("SANCTION", r"sanctions|embargo", r"on|against"),
    _verb(
        "ACCUSE",
        r"accused|accuses|accuse|criticised|criticises|criticise|criticized|"
        r"criticizes|criticize|condemned|condemns|condemn|blamed|blames|blame|denounced|"
        r"denounces|denounce|rebuked|rebukes|censured|censures",
    ),
    _passive("ACCUSE", r"accused|criticised|criticized|condemned|blamed|denounced"),
    _nominal("ACCUSE", r"criticism|condemnation", r"of"),
    _verb("THREATEN", r"threatened|threatens|threaten"),
    _verb("THREATEN", r"issued|issues|gave|gives", r"\s+an?\s+ultimatum\s+to"),
    _nominal("THREATEN", r"threats?|ultimatum", r"against|to"),
    _verb(
        "REQUEST",
        r"urged|urges|urge|called on|calls on|call on|called upon|calls upon|"
        r"appealed to|appeals to|demanded|demands|demand|implored|implores",
    ),
    _verb(
        "REQUEST",
        r"pressed|presses|press|pushed|pushes|push|asked|asks|ask|pressured|"
        r"pressures",
        after=_TO_OBJECT,
    ),
    _verb(
        "SUPPORT",
        r"backed|backs|back|supported|supports|support|endorsed|endorses|"
        r"endorse|praised|praises|praise|welcomed|welcomes|welcome|defended|defends",
        after=r"^(?!\s*(?:'s\s+)?(?:\w+\s+){0,2}with\b)",
    ),
    _verb("SUPPORT", r"stands?|stood|standing", r"\s+(?:firmly\s+|squarely\s+)?(?:by|with|behind)"),
    _verb(
        "SUPPORT",
        r"voiced|voices|expressed|expresses|reaffirmed|reaffirms|pledged|pledges",
        r"\s+(?:its\s+|their\s+|his\s+|her\s+)?(?:\w+\s+)?support\s+for",
    ),
    _nominal("SUPPORT", r"support|backing", r"for"),
    _verb(
        "CONSULT",
        r"met|meets|meet|visited|visits|visit|hosted|hosts|host|phoned|phones",
        r"(?:\s+with)?",
    ),
    _verb(
        "CONSULT",
        r"made|makes|paid|pays",
        r"\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}visits?\s+to",
    ),
    _verb(
        "CONSULT",
        r"held|holds|hold|opened|opens|began|begins",
        r"\s+(?:\w+\s+)?(?:talks|consultations|negotiations|a\s+(?:\w+\s+)?(?:call|meeting|"
        r"summit))\s+with",
    ),
    _verb(
        "CONSULT", r"spoke|speaks|talked|talks", r"\s+(?:by\s+(?:phone|telephone)\s+)?(?:with|to)"
    ),
    _verb(
        "COOPERATE",
        r"cooperated|cooperates|cooperate|co-operated|co-operates|worked|works|"
        r"partnered|partners|trained|trains",
        r"\s+(?:closely\s+)?with",
    ),
    _verb("COOPERATE", r"joined|joins|join"),
    _verb(
        "COOPERATE",
        r"held|holds|hold|conducted|conducts|staged|stages",
        r"\s+(?:\w+\s+){0,2}(?:exercises|drills|manoeuvres|maneuvers|patrols)\s+with",
    ),
    _nominal("COOPERATE", r"cooperation|co-operation|partnership|alliance|ties", r"with"),
)

#: what a coordinated group does together ("X and Y signed a pact")
MUTUAL: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (plover, re.compile(rf"^\s+{_AUX}(?P<cue>{cue})", re.I))
    for plover, cue in (
        (
            "AGREE",
            r"(?:signed|sign|signs|concluded|agreed on|agreed to|agreed|reached)"
            r"(?:\s+(?:an?|the)\s+(?:\w+\s+){0,3}(?:agreement|deal|pact|treaty|accord|ceasefire|truce))?"
            r"(?=\s|[.,])",
        ),
        (
            "CONSULT",
            r"(?:met|meet|meets|held talks|hold talks|holds talks|talked|spoke by phone)"
            r"(?=\s|[.,])",
        ),
        (
            "COOPERATE",
            r"(?:deepened|deepen|expanded|expand|strengthened|strengthen|stepped up|"
            r"boosted|intensified|intensify)\s+(?:their\s+)?(?:\w+\s+){0,2}"
            r"(?:cooperation|co-operation|ties|partnership|relations)|(?:held|hold|conducted|"
            r"staged)\s+(?:\w+\s+)?(?:joint\s+)(?:\w+\s+)?(?:exercises|drills|manoeuvres|patrols)"
            r"|(?:cooperate|cooperated|work together|worked together)",
        ),
    )
)
#: "talks between X and Y"
BETWEEN = re.compile(
    r"\b(?P<cue>(?:agreement|deal|pact|treaty|accord|talks|meeting|summit|cooperation|"
    r"co-operation|partnership|exercises|drills)) between\s+(?:the\s+)?$",
    re.I,
)
BETWEEN_TYPES = {"agreement": "AGREE", "deal": "AGREE", "pact": "AGREE", "treaty": "AGREE",
                 "accord": "AGREE", "talks": "CONSULT", "meeting": "CONSULT",
                 "summit": "CONSULT"}  # fmt: skip
HYPOTHETICAL = re.compile(r"\b(?:would|could|might|may|should|if|If|unless|Unless|whether)\b")
NEGATION = re.compile(
    r"\b(?:not(?! only)|never|no|n't|neither|nor|refused to|declined to)\b|n't\b", re.I
)
#: how many sentences back help without a recipient looks for the recipient
ELLIPSIS_WINDOW = 2
_SENT_MATERIAL = re.compile(
    rf"\s+{_AUX}(?P<cue>sent|sends|supplied|supplies|delivered|delivers|provided|provides|"
    rf"shipped|ships|transferred|transfers)\s+(?:[\w-]+\s+){{0,6}}?(?:{MATERIAL})\b",
    re.I,
)
ALLIES = re.compile(r"\b(?:its|their|his|her|the)\s+(?:\w+\s+)?(?:allies|allied states)\b")
_COORDINATION = re.compile(r"^\s*(?:,\s*|,?\s+and\s+|,?\s+as well as\s+|\s*&\s*)(?:the\s+)?$")
_CLAUSE_END = re.compile(r"[,;:.!?()]|\s(?:while|but|whereas|which|who)\s|\s[–—]\s")


@dataclass(frozen=True, slots=True)
class _Actor:
    entity_id: str
    start: int
    end: int
    name: str
    adjective: bool = False


def english_relations(doc: Document, kb: KnowledgeBase) -> list[Relation]:
    """The relations an English document states, one per evidence span and triple."""
    found: dict[str, Relation] = {}
    for n, sentence in enumerate(doc.sentences):
        window = doc.sentences[max(0, n - ELLIPSIS_WINDOW)].start
        # a live list: help without a recipient looks back at the help reported before
        recent = [r for r in found.values() if r.type == "AID" and r.evidence.start >= window]
        for relation in _sentence_relations(doc, kb, sentence, recent):
            if relation.id not in found:
                found[relation.id] = relation
                if relation.type == "AID":
                    recent.append(relation)
    return list(found.values())


def _sentence_relations(
    doc: Document, kb: KnowledgeBase, sentence: Sentence, recent_aid: list[Relation]
) -> Iterator[Relation]:
    groups = _groups(doc.text, _actors(doc, kb, sentence))
    text = doc.text
    for i, group in enumerate(groups):
        before = text[sentence.start : group[0].start]
        after_group = text[group[-1].end : sentence.end]
        following_start = groups[i + 1][0].start if i + 1 < len(groups) else sentence.end
        yield from _elliptic_aid(doc, sentence, group, before, following_start, recent_aid)
        if len(group) > 1 and not group[0].adjective:
            between = BETWEEN.search(before)
            if between is not None:
                plover = BETWEEN_TYPES.get(between["cue"].lower(), "COOPERATE")
                start = sentence.start + between.start()
                yield from _mutual(doc, sentence, group, plover, between["cue"], start)
            elif _is_subject(before):
                for plover, shape in MUTUAL:
                    match = shape.match(after_group)
                    if match is not None:
                        yield from _mutual(doc, sentence, group, plover, match["cue"], None)
                        break
        if i + 1 >= len(groups):
            continue
        following = groups[i + 1]
        gap = text[group[-1].end : following[0].start]
        if any(a.adjective for a in following):
            continue
        for pattern in PATTERNS:
            match = pattern.gap.match(gap)
            if match is None or not _is_predicate(match, group, pattern, before):
                continue
            rest = text[following[-1].end : sentence.end]
            if pattern.after is not None and not pattern.after.match(rest):
                continue
            sources, targets = (following, group) if pattern.reverse else (group, following)
            for source, target in itertools.product(sources, targets):
                if source.entity_id != target.entity_id:
                    yield _relation(doc, sentence, pattern.type, match["cue"], source, target)
            break


def _elliptic_aid(
    doc: Document,
    sentence: Sentence,
    group: list[_Actor],
    before: str,
    next_actor: int,
    recent_aid: list[Relation],
) -> Iterator[Relation]:
    """ "X supplies tanks to Y. Z has also sent artillery.": help whose clause names no
    recipient goes to the recipient of the help reported just before (as in German)."""
    if not recent_aid or any(a.adjective for a in group) or not _is_subject(before):
        return
    end = _clause_end(doc.text, group[-1].end, sentence.end)
    sent = _SENT_MATERIAL.match(doc.text, group[-1].end, end)
    if next_actor < end or sent is None:
        return
    recipient = recent_aid[-1]
    # the recipient stands elsewhere: the evidence is the clause of the subjects
    target = _Actor(recipient.target_id, group[0].start, group[0].end, recipient.target_name)
    for source in group:
        if source.entity_id != target.entity_id:
            yield _relation(doc, sentence, "AID", sent["cue"], source, target)


def _is_predicate(match: re.Match[str], group: list[_Actor], pattern: Pattern, before: str) -> bool:
    """The gap is the subject's own predicate: the subject is no prepositional object and
    a first predicate before "and" leaves the clause nowhere."""
    first = match.groupdict().get("first")
    if first and set(first.lower().split()) & CLAUSE_WORDS:
        return False
    if pattern.nominal:
        # "Russia's war against …" names its actor as a possessor, wherever it stands
        return len(group) == 1 and (match["possessive"] is not None or group[0].adjective)
    if any(a.adjective for a in group) and not match.groupdict().get("owner"):
        return False  # "Ruritanian troops attacked …", not "Ruritanian spending rose …"
    return _is_subject(before)


def _is_subject(before: str) -> bool:
    words = before.lower().split()
    return not words or words[-1] not in PREPOSITIONS


def _mutual(
    doc: Document,
    sentence: Sentence,
    group: list[_Actor],
    plover: str,
    cue: str,
    start: int | None,
) -> Iterator[Relation]:
    for a, b in itertools.combinations(group, 2):
        if a.entity_id != b.entity_id:
            yield _relation(
                doc, sentence, plover, cue, a, b, group[0].start if start is None else start
            )


def _relation(
    doc: Document,
    sentence: Sentence,
    plover: str,
    cue: str,
    source: _Actor,
    target: _Actor,
    start: int | None = None,
) -> Relation:
    if plover in SYMMETRIC_TYPES and target.entity_id < source.entity_id:
        source, target = target, source
    begin = min(source.start, target.start) if start is None else start
    last = max(source.end, target.end)
    end = _clause_end(doc.text, last, sentence.end)
    clause = doc.text[begin:end]
    quote = _enclosing_quote(doc.quotes, begin)
    return Relation(
        evidence=doc.evidence(begin, end, STAGE, 0.6 if quote is None else 0.5, VERSION),
        source_id=source.entity_id,
        type=plover,
        target_id=target.entity_id,
        source_name=source.name,
        target_name=target.name,
        cue=" ".join(cue.lower().split()),
        asserted=quote is None,
        claimed_by=quote.speaker_id if quote is not None else None,
        hypothetical=HYPOTHETICAL.search(doc.text[sentence.start : sentence.end]) is not None,
        negated=NEGATION.search(clause) is not None,
        date=date_for_span(doc, begin, end),
    )


def _clause_end(text: str, start: int, limit: int) -> int:
    """Where the clause that carries a relation ends: at the next punctuation or
    conjunction opening another clause (the evidence is the clause, as in German)."""
    match = _CLAUSE_END.search(text, start, limit)
    end = match.start() if match is not None else limit
    while end > start and text[end - 1] in ' ."”’':
        end -= 1
    return end


def _actors(doc: Document, kb: KnowledgeBase, sentence: Sentence) -> list[_Actor]:
    """The sentence's actors in text order: mentions of states, organisations and people
    (a capital or seat for its state), adjectives only as possessors ("Ruritanian
    forces"), and "its allies" as the alliance named last."""
    found: list[_Actor] = []
    allies = [(m.start(), m.end()) for m in ALLIES.finditer(doc.text, sentence.start, sentence.end)]
    for mention in doc.mentions:
        if not (sentence.start <= mention.start and mention.end <= sentence.end):
            continue
        if any(s <= mention.start < e for s, e in allies):
            continue
        actor = _actor(doc, kb, mention)
        if actor is not None:
            found.append(actor)
    for start, end in allies:
        alliance = last_named_alliance(doc, kb, start)
        if alliance is not None:
            found.append(_Actor(alliance.id, start, end, alliance.name))
    found.sort(key=lambda a: (a.start, -a.end))
    return [a for i, a in enumerate(found) if i == 0 or a.start >= found[i - 1].end]


def _actor(doc: Document, kb: KnowledgeBase, mention: Mention) -> _Actor | None:
    entity_id = mention.entity_id
    entity = doc.entities.get(entity_id)
    provisional = entity is None or entity.provisional
    if provisional and (mention.type != "ORG" and len(mention.text.split()) < 2):
        return None  # a lone unknown capitalised word ("Shahed") is weak evidence of an actor
    known_entity = kb.get(entity_id)
    if known_entity is not None and known_entity.stands_for:
        entity_id = known_entity.stands_for
        known_entity = kb.get(entity_id)
    if (known_entity.type if known_entity is not None else mention.type) not in ACTOR_TYPES:
        return None
    name = (
        known_entity.name if known_entity is not None else (entity.name if entity else mention.text)
    )
    return _Actor(
        entity_id, mention.start, mention.end, name, adjective=mention.kind == "adjective"
    )


def _groups(text: str, actors: list[_Actor]) -> list[list[_Actor]]:
    """Actors joined only by "and" or commas form one group ("Ruritania and Osterlich").
    Commas alone join nothing ("If X attacked Y, Z would …"): a list ends with "and"."""
    groups: list[list[_Actor]] = []
    closed: list[bool] = []
    for actor in actors:
        joint = text[groups[-1][-1].end : actor.start] if groups else ""
        adjective = actor.adjective or (bool(groups) and groups[-1][-1].adjective)
        if groups and _COORDINATION.match(joint) and not adjective:
            groups[-1].append(actor)
            closed[-1] = joint.strip(" ,") != ""
            continue
        groups.append([actor])
        closed.append(True)
    return [g for group, ok in zip(groups, closed, strict=True) for g in _split(group, ok)]


def _split(group: list[_Actor], closed: bool) -> list[list[_Actor]]:
    return [group] if closed else [[actor] for actor in group]


def _enclosing_quote(quotes: list[Quote], offset: int) -> Quote | None:
    inside = [q for q in quotes if q.evidence.start <= offset < q.evidence.end]
    return min(inside, key=lambda q: q.evidence.end - q.evidence.start) if inside else None
