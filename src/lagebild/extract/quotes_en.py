"""Quotations in English articles: the attribution shapes of English news.

English reports attribute in a handful of fixed shapes, which regular expressions over
each sentence read:

* after the statement: "…, the institute said." / "…, said Jane Doe." / "…, according
  to the IISS." (also with a quotation: "“…,” she said.");
* before it: "Jane Doe said (that) …" / "According to the IISS, …".

The speaker is the best entity mention inside the attribution (a person before an
organisation before a place); "he"/"she"/"they" are the latest person, "the institute" or
"the ministry" (the + a body noun) the latest organisation. An attribution naming no one is
skipped: the stage reports who said what, and the German reader stays the one for German.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lagebild.extract.dates import statement_date
from lagebild.model import Document, Mention, Quote, QuoteKind

STAGE = "quotes"
VERSION = "1"

SPEECH_VERBS = (
    "said", "says", "told", "added", "warned", "stated", "noted", "argued", "wrote",
    "reported", "claimed", "insisted", "explained", "announced", "stressed", "concluded",
    "estimated", "predicted", "cautioned", "acknowledged", "admitted", "declared",
)  # fmt: skip
#: Nouns for a body that speaks ("the institute said"): the latest organisation mention.
BODY_NOUNS = frozenset({
    "institute", "think tank", "ministry", "government", "agency", "alliance", "organisation",
    "organization", "office", "department", "company", "group", "bloc", "commission",
    "council", "kremlin", "army", "military", "report", "study",
})  # fmt: skip
PERSON_PRONOUNS = frozenset({"he", "she"})
_TYPE_RANK = {"PER": 0, "ORG": 1, "GPE": 2, "LOC": 3, "OTH": 4}
_VERB = "|".join(SPEECH_VERBS)
_END = r"[\s.!?]*$"
#: "…, the institute said." "…, the IISS reported on Monday."
_AFTER = re.compile(
    rf"^(?P<msg>.+?),[”\"’]?\s+(?P<who>[^,]{{1,80}}?)\s+(?P<verb>{_VERB})"
    rf"(?:\s+(?:on|in|at|last|this)\s+[^,]{{1,40}})?{_END}"
)
#: "…, said Jane Doe, the minister."
_AFTER_INVERTED = re.compile(
    rf"^(?P<msg>.+?),[”\"’]?\s+(?P<verb>{_VERB})\s+(?P<who>[^.]{{1,80}}?){_END}"
)
_ACCORDING_AFTER = re.compile(
    r"^(?P<msg>.+?),\s+(?P<verb>according to)\s+(?P<who>[^.]{1,120}?)" + _END
)
_ACCORDING_BEFORE = re.compile(
    r"^(?P<verb>According to)\s+(?P<who>[^,]{1,120}),\s+(?P<msg>.+?)" + _END
)
#: "Jane Doe said (on Monday) (that) …"
_BEFORE = re.compile(
    rf"^(?P<who>[^,“\"]{{1,80}}?)\s+(?P<verb>{_VERB})(?:\s+(?:on|in|at)\s+\w+)?"
    rf"(?:\s+that)?\s+(?P<msg>[^“\"].+?){_END}"
)
_QUOTE_MARKS = "“”\"‘’'"
#: "London – " before an article's first sentence
_DATELINE = re.compile(r"[A-Z][\w.\- ]{1,30}\s[–—-]\s")


def english_quotes(doc: Document) -> list[Quote]:
    """The attributed quotations of an English document, in text order."""
    quotes: list[Quote] = []
    for sentence in doc.sentences:
        quote = _sentence_quote(doc, sentence.start, doc.text[sentence.start : sentence.end])
        if quote is not None:
            quotes.append(quote)
    return quotes


def _sentence_quote(doc: Document, offset: int, text: str) -> Quote | None:
    for pattern in (_ACCORDING_BEFORE, _ACCORDING_AFTER, _AFTER_INVERTED, _AFTER, _BEFORE):
        match = pattern.match(text)
        if match is None:
            continue
        who = (offset + match.start("who"), offset + match.end("who"))
        said = (offset + match.start("msg"), offset + match.end("msg"))
        speaker = _speaker(doc, who, said)
        if speaker is None:
            continue
        return _quote(doc, match, offset, speaker, who)
    return None


def _quote(
    doc: Document, match: re.Match[str], offset: int, speaker: Mention, who: tuple[int, int]
) -> Quote | None:
    start, end = offset + match.start("msg"), offset + match.end("msg")
    dateline = _DATELINE.match(doc.text, start, end)
    if dateline and offset == doc.sentences[0].start:
        start = dateline.end()
    opened = doc.text[start] in _QUOTE_MARKS
    while start < end and (doc.text[start] in _QUOTE_MARKS or doc.text[start].isspace()):
        start += 1
    while end > start and (doc.text[end - 1] in _QUOTE_MARKS + ",." or doc.text[end - 1].isspace()):
        end -= 1
    if len(doc.text[start:end].split()) < 3:
        return None  # "Yes, she said."
    kind: QuoteKind = "direct" if opened else "indirect"
    cue = (offset + match.start("verb"), offset + match.end("verb"))
    entity = doc.entities.get(speaker.entity_id)
    return Quote(
        evidence=doc.evidence(start, end, STAGE, 0.75, VERSION),
        text=doc.text[start:end],
        kind=kind,
        speaker_id=speaker.entity_id,
        speaker_name=entity.name if entity else speaker.text,
        speaker_span=who,
        cue=match["verb"].lower(),
        cue_span=cue,
        date=statement_date(doc, start, end, cue),
    )


def _speaker(doc: Document, span: tuple[int, int], said: tuple[int, int]) -> Mention | None:
    """The entity an attribution names: a mention inside it, or what a pronoun or a body
    noun ("the institute") stands for, from before the statement (actors inside what is
    said are what it is about)."""
    inside = [m for m in doc.mentions if span[0] <= m.start and m.end <= span[1]]
    if inside:
        return min(inside, key=lambda m: (_TYPE_RANK.get(m.type, 9), m.start))
    words = doc.text[span[0] : span[1]].lower().split()
    before = min(span[0], said[0])
    if len(words) == 1 and words[0] in PERSON_PRONOUNS:
        return _latest(doc.mentions, before, ("PER",))
    noun = " ".join(words[1:])
    if words and words[0] in ("the", "its") and noun in BODY_NOUNS:
        return _body(doc, before, noun)
    return None


def _body(doc: Document, before: int, noun: str) -> Mention | None:
    """The organisation "the institute" refers to: the latest one named with that noun,
    else the latest one the knowledge base knows, else the latest one."""
    earlier = [m for m in doc.mentions if m.end <= before and m.type == "ORG"]

    def name(m: Mention) -> str:
        entity = doc.entities.get(m.entity_id)
        return (entity.name if entity else m.text).lower()

    for keep in (lambda m: noun in name(m), lambda m: not _provisional(doc, m), lambda m: True):
        chosen = [m for m in earlier if keep(m)]
        if chosen:
            return max(chosen, key=lambda m: m.start)
    return None


def _provisional(doc: Document, mention: Mention) -> bool:
    entity = doc.entities.get(mention.entity_id)
    return entity is None or entity.provisional


def _latest(mentions: Sequence[Mention], before: int, types: tuple[str, ...]) -> Mention | None:
    earlier = [m for m in mentions if m.end <= before and m.type in types]
    return max(earlier, key=lambda m: m.start) if earlier else None
