"""The ``quotes`` stage: direct and indirect quotations with resolved speakers.

Direct quotations are found from their marks (:func:`find_quote_spans`), then
attributed by the first rule that applies:

1. a speaker clause after the closing mark ("„…“, sagte X", "„…“, so X",
   "„…“, wird X zitiert");
2. a speaker clause before a colon ("X sagte: „…“", "Laut X: „…“", a label "X: „…“"
   or "Zitat von X: „…“", or the subject of any clause before the colon when the
   quotation is a full sentence);
3. the speaker clause of the previous part of a split quotation ("„A“, sagte X, „B“");
4. reported speech around it ("Belarus werde „immer abhängiger“, sagt X");
5. a speech verb in its clause ("was X als „…“ bezeichnete", "nannte es „…“");
6. the next sentence ("„…“ Das sagte X am Montag.");
7. a full sentence in marks with no speaker clause continues the previous speaker
   of the same or the previous paragraph.

A quotation that none of these attribute is a scare quote and is dropped; so is a
quoted name or title ("mit dem Titel „…“", "in der „Welt am Sonntag“").

Indirect quotations are reported clauses: after a speech verb and a comma ("X sagte,
dass …", "X warnte, Russland verstoße …", "X kündigte an, … zu …"); before an
inserted speaker clause ("…, betonte X", "…, so X", "…, wie X sagte"); clauses with a
source marker ("laut X", "X zufolge", "nach Angaben/Ansicht/Worten von X", "aus
Sicht der X", "Wie X berichtet, …"); the statement after "X resümiert: …"; the
sentence before "Das bestätigte X."; and Konjunktiv sentences that continue the
reported speech of the previous sentence (also a Konjunktiv speech verb whose subject is
no speaker, "Zugleich zeige der Schritt, dass …", and, in narrow contexts, plural past
forms that serve as Konjunktiv II, "Beide Länder arbeiteten … zusammen"). A marker
inside a sentence reports the main clause or conjunct it stands in.

Speakers are entity mentions from the ``entities`` stage (a person before the
organisation or state in the same noun phrase), personal pronouns resolved to the
previous speaker or the nearest person of matching gender who is not named in the
pronoun's own clause (recorded as a ``pronoun`` mention), definite organisation nouns
("das Institut", "die Staats- und Regierungschefs") and documents ("heißt es in dem
Text") resolved to the organisation of a fitting kind named or quoted before, or, for
an unnamed speaker of a speech verb ("sagte ein
Diplomat"), no entity: such quotations are kept with ``speaker_id`` None and a low
confidence, because they are clearly speech, and so are marker clauses with no named
source ("laut Diplomaten", "nach Medienberichten"): what they report is a claim, not a
fact the article asserts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import cast

from lagebild.extract.dates import statement_date
from lagebild.extract.quotes_en import english_quotes
from lagebild.extract.referenced import add_referenced_entities
from lagebild.extract.speech import (
    AMBIGUOUS_MARKS,
    ANNOUNCING_VERBS,
    CLOSING_MARKS,
    FINITE_VERB_TAGS,
    FLOOR_VERBS,
    GOVERNMENT_SPOKESPERSON,
    MEDIUM_NOUNS,
    OPINION_PREPOSITIONS,
    POSTPOSITION_MARKERS,
    QUOTE_PAIRS,
    SOURCE_PREPOSITIONS,
    SUBJECT_PRONOUNS,
    TITLE_WORDS,
    VENUE_HEADS,
    is_konjunktiv,
    is_opinion_noun,
    organisation_kinds,
    speaks_for_others,
    verb_cue,
)
from lagebild.kb import KnowledgeBase
from lagebild.model import Document, EntityType, Mention, Quote, QuoteKind, Token
from lagebild.pipeline import Resources

STAGE = "quotes"
VERSION = "1"

#: Document languages the cue lexicon covers (None: not detected, read as German).
READ_LANGUAGES = frozenset({"de", None})
#: Confidence of a quotation by how its speaker was found.
CONFIDENCE: dict[str, float] = {
    "name": 0.9,
    "metonym": 0.85,
    "role": 0.8,
    "demonym": 0.75,
    "adjective": 0.7,
    "pronoun": 0.75,
    "continued": 0.6,
    "coreferent": 0.55,
    "anonymous": 0.4,
}
#: Factor for a quotation whose closing mark is missing.
UNCLOSED_FACTOR = 0.8
#: Sentences back within which a pronoun or definite noun prefers the last speaker.
SPEAKER_MEMORY = 3
#: Sentences back in which "das Institut" finds the institute it means: a definite noun
#: of a fitting kind names the article's source even when it was named a while ago.
ORGANISATION_MEMORY = 10
#: Tokens of a speaker label before a colon ("Ein Kommissar nach der Festnahme:").
MAX_LABEL_TOKENS = 8
#: Tokens a subject may take between a coordinator and its speech verb.
MAX_SUBJECT_TOKENS = 6
#: A quotation of a name or title has at most this many words.
MAX_TITLE_WORDS = 5

#: Noun-phrase tags; HanTa tags nominalised adjectives ("der Außenbeauftragte") NNA and
#: nominalised infinitives NNI, which catches names that are also verbs ("Blinken").
#: verbs whose second object is a judgement: "nannte den Schritt einen Fehler"
NAMING_VERBS = frozenset({"nennen", "bezeichnen"})
INDEFINITE_ARTICLES = frozenset({"ein", "eine", "einen", "einem", "einer", "eines"})
NP_TAGS = frozenset(
    {"ART", "ADJA", "NN", "NNA", "NNI", "NE", "TRUNC", "CARD", "PPOSAT", "FM", "PIAT", "XY"}
)
NONFINITE_VERB_TAGS = frozenset({"VVPP", "VVINF", "VVIZU", "VAPP", "VAINF", "VMINF", "VMPP"})
SKIPPABLE_ADVERBS = frozenset({"ADV", "PROAV", "PAV", "ADJD", "PTKNEG", "PRF"})
PREPOSITION_TAGS = frozenset({"APPR", "APPRART", "APPO", "KOKOM"})
#: Prepositions after which a mention may still be the speaker when nothing better exists.
SOURCE_OF = frozenset({"aus", "von", "vom"})
NOMINATIVE_ARTICLES = frozenset({"der", "die", "das", "ein", "eine"})
#: Articles that cannot open a subject: a phrase they open is an object.
NON_NOMINATIVE_ARTICLES = frozenset({"den", "dem", "des", "einen", "einem", "eines", "einer"})
GENITIVE_ARTICLES = frozenset({"des", "der", "eines", "einer"})
COORDINATORS = frozenset({"und", "aber", "sondern", "doch", "oder"})
#: Words joining the actors of one subject ("Baerbock und Valtonen", "Paris sowie Berlin").
SUBJECT_JOINERS = frozenset({"und", "sowie"})
#: Nouns of documents an organisation issues ("heißt es in der Erklärung").
DOCUMENT_NOUNS = ("text", "erklärung", "papier", "dokument", "bericht", "mitteilung",
                  "kommuniqué", "kommunique", "resolution", "beschluss", "strategie",
                  "stellungnahme")  # fmt: skip
#: Every knowledge-base kind of organisation (a document's author can be any of them).
ANY_ORGANISATION = frozenset({"alliance", "igo", "government", "agency", "intelligence",
                              "military", "think_tank", "company", "party", "armed_group",
                              "media", "seat"})  # fmt: skip
#: Modal forms that report what others say ("Der Täter soll geschossen haben").
REPORTATIVE_MODALS = frozenset({"soll", "sollen"})
#: Words after an opinion noun that introduce whose statement it is ("Angaben der Polizei").
GENITIVE_OR_VON = frozenset({"von", "vom", "des", "der", "eines", "einer", "aus"})
SUBORDINATOR_TAGS = frozenset({"KOUS", "PWAV", "PRELS", "PWS", "KOUI"})
DETERMINER_TAGS = frozenset({"ART", "PPOSAT"})
TYPE_RANK = {"PER": 0, "ORG": 1, "GPE": 2, "LOC": 3, "OTH": 4}
_PARAGRAPH = re.compile(r"[^\n]+")
_COLON = re.compile(r":\s+")
_TITLE_FUNCTION_WORDS = frozenset({"am", "der", "die", "das", "von", "und", "für", "im", "of",
                                   "the", "and", "des", "zur", "zum"})  # fmt: skip
_NOT_AFTER_OPENER = frozenset(" \t,.;:!?)")


# -- quotation marks -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation in the text; ``start``/``end`` delimit the words inside the marks."""

    open_start: int  # offset of the opening mark (== start if there is none)
    start: int
    end: int
    close_end: int  # offset after the closing mark (== end if it is missing)

    @property
    def closed(self) -> bool:
        return self.close_end > self.end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Outermost quotation spans of ``text`` in reading order.

    Every German and Swiss style is paired; marks nested inside a quotation stay
    part of its text. A quotation still open at the end of its paragraph ends there;
    a closing mark with no opener after "Speaker: " (a headline style) opens after
    the colon.
    """
    spans: list[QuoteSpan] = []
    for paragraph in _PARAGRAPH.finditer(text):
        spans.extend(_paragraph_spans(text, paragraph.start(), paragraph.end()))
    return [s for s in spans if text[s.start : s.end].strip()]


def _paragraph_spans(text: str, begin: int, end: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []
    for pos in range(begin, end):
        mark = text[pos]
        if mark not in QUOTE_PAIRS and mark not in CLOSING_MARKS:
            continue
        depth = _closed_depth(text, pos, begin, stack)
        if depth is not None:
            opener = stack[depth][1]
            del stack[depth:]
            if not stack:
                spans.append(QuoteSpan(opener, opener + 1, pos, pos + 1))
        elif mark in QUOTE_PAIRS and _can_open(text, pos, begin, end):
            stack.append((mark, pos))
        elif not stack and mark not in AMBIGUOUS_MARKS and _can_close(text, pos, begin):
            orphan = _orphan_span(text, begin, pos, spans)
            if orphan is not None:
                spans.append(orphan)
    if stack:
        opener = stack[0][1]
        stop = begin + len(text[begin:end].rstrip())
        if stop > opener + 1:
            spans.append(QuoteSpan(opener, opener + 1, stop, stop))
    return spans


def _closed_depth(text: str, pos: int, begin: int, stack: list[tuple[str, int]]) -> int | None:
    """Depth in ``stack`` of the opener that the mark at ``pos`` closes, or None."""
    mark = text[pos]
    for depth in range(len(stack) - 1, -1, -1):
        opener, at = stack[depth]
        if mark in QUOTE_PAIRS[opener] and pos > at + 1:
            return depth if _can_close(text, pos, begin) else None
    return None


def _can_open(text: str, pos: int, begin: int, end: int) -> bool:
    after = text[pos + 1] if pos + 1 < end else " "
    if after in _NOT_AFTER_OPENER:
        return False
    if text[pos] in AMBIGUOUS_MARKS or text[pos] == '"':
        return pos == begin or not text[pos - 1].isalnum()
    return True


def _can_close(text: str, pos: int, begin: int) -> bool:
    if pos == begin or text[pos - 1].isspace():
        return False
    if text[pos] in AMBIGUOUS_MARKS:
        return pos + 1 >= len(text) or not text[pos + 1].isalnum()
    return True


def _orphan_span(text: str, begin: int, pos: int, spans: list[QuoteSpan]) -> QuoteSpan | None:
    floor = spans[-1].close_end if spans else begin
    colons = list(_COLON.finditer(text, floor, pos))
    if not colons:
        return None
    start = colons[-1].end()
    return QuoteSpan(start, start, pos, pos + 1) if pos > start else None


# -- the stage -----------------------------------------------------------------------


class QuoteAttributor:
    name = STAGE
    assigns = ("quotes",)
    requires = ("tokens", "sentences", "entities")

    def __init__(self, resources: Resources | None = None) -> None:
        self._resources = resources or Resources()

    def __call__(self, doc: Document) -> Document:
        if doc.language == "en":
            doc.quotes = english_quotes(doc)
            return doc
        if doc.language not in READ_LANGUAGES:
            # The cues are German; on other languages they would misfire ("…, so Russia cut").
            doc.quotes = []
            return doc
        reader = _Reader(doc, self._resources.kb)
        doc.quotes = reader.read()
        add_referenced_entities(doc, self._resources.kb, (q.speaker_id for q in doc.quotes))
        if reader.pronoun_mentions:
            doc.mentions = sorted(
                [*doc.mentions, *reader.pronoun_mentions], key=lambda m: (m.start, -m.end)
            )
        return doc


@dataclass(frozen=True, slots=True)
class _Speaker:
    entity_id: str | None
    name: str | None
    span: tuple[int, int] | None
    how: str  # key of CONFIDENCE
    type: str | None = None
    #: the others of a coordinated subject ("die USA und Deutschland kündigten an"):
    #: each is a speaker of the same words
    partners: tuple[_Speaker, ...] = ()


@dataclass(frozen=True, slots=True)
class _Attribution:
    speaker: _Speaker
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    venue: str | None = None


@dataclass(slots=True)
class _Said:
    """A quotation found so far, with where it is (sentence and paragraph index)."""

    quote: Quote
    attribution: _Attribution
    sentence: int
    paragraph: int


@dataclass
class _Reader:
    """Quotations of one document, read sentence by sentence."""

    doc: Document
    kb: KnowledgeBase
    said: list[_Said] = field(default_factory=list)
    pronoun_mentions: list[Mention] = field(default_factory=list)
    #: opening-mark tokens of the direct quotations already read
    done: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        doc = self.doc
        self.tokens: list[Token] = doc.tokens
        self.starts = [t.start for t in doc.tokens]
        self.spans = find_quote_spans(doc.text)
        self.quoted = [False] * len(self.tokens)
        for span in self.spans:
            for i in range(self._tok_from(span.open_start), self._tok_from(span.close_end)):
                self.quoted[i] = True
        self.sentence_of = [0] * len(self.tokens)
        for index, sent in enumerate(doc.sentences):
            for i in range(sent.first_token, sent.last_token):
                self.sentence_of[i] = index
        self.paragraph_starts = [m.start() for m in _PARAGRAPH.finditer(doc.text)]
        self.mentions: list[tuple[int, int, Mention]] = []
        for mention in doc.mentions:
            first = self._tok_from(mention.start)
            last = max(first + 1, self._tok_from(mention.end))
            self.mentions.append((first, last, mention))
        self.mentions.sort(key=lambda item: (item[0], -item[1]))
        self.mentions_at: dict[int, list[tuple[int, int, Mention]]] = {}
        for item in self.mentions:
            self.mentions_at.setdefault(item[0], []).append(item)

    # -- driver ---------------------------------------------------------------------

    def read(self) -> list[Quote]:
        span_at = {self._tok_from(s.open_start): s for s in self.spans}
        for index, sent in enumerate(self.doc.sentences):
            self._indirect(index, sent.first_token, sent.last_token)
            for i in range(sent.first_token, sent.last_token):
                span = span_at.get(i)
                if span is not None and i not in self.done:
                    self.done.add(i)
                    self._direct(span, index)
        self._preterite_continuations()
        kept = _deduplicated([s.quote for s in self.said], self.doc.text)
        partners = {id(s.quote): s.attribution.speaker.partners for s in self.said}
        quotes = []
        for quote in kept:
            quotes.append(quote)
            quotes.extend(_said_also_by(quote, p) for p in partners.get(id(quote), ()))
        return quotes

    def _preterite_continuations(self) -> None:
        """ "Beide Länder arbeiteten enger zusammen": in the plural the Konjunktiv I looks like
        the indicative, so reported speech takes the Konjunktiv II, which for most verbs looks
        like the past tense. Such a sentence continues a speaker's reported speech only when
        it is clearly inside it, in one paragraph: the sentence before names the speaker
        without a quotation and the speaker's reported speech goes on in the next sentence,
        or the reported main clause just before is in the Konjunktiv II ("Beide Länder
        würden … koordinieren")."""
        by_sentence: dict[int, list[_Said]] = {}
        for said in self.said:
            first = self.sentence_of[self._tok_from(said.quote.evidence.start)]
            by_sentence.setdefault(first, []).append(said)
        ends = {said.sentence: said for said in self.said}
        for index, sent in enumerate(self.doc.sentences):
            if (
                index in by_sentence
                or index == 0
                or any(self.quoted[sent.first_token : sent.last_token])
            ):
                continue
            if not self._past_plural(sent.first_token, sent.last_token):
                continue
            paragraph = self._paragraph(sent.start)
            before, after = ends.get(index - 1), by_sentence.get(index + 1, [None])[0]
            if before is not None and before.paragraph != paragraph:
                before = None
            if after is not None and after.paragraph != paragraph:
                after = None
            speaker = None
            if before is not None and self._konjunktiv_ii_clause(before.quote):
                speaker = before.attribution
            elif (
                before is None
                and after is not None
                and self._names(index - 1, after.quote.speaker_id)
                and self._paragraph(self.doc.sentences[index - 1].start) == paragraph
            ):
                speaker = after.attribution
            if speaker is not None:
                last = self._trimmed(sent.first_token, sent.last_token)
                self._add(sent.first_token, last, "indirect", speaker, index, 0.8)

    def _past_plural(self, first: int, last: int) -> bool:
        """Every finite verb of the sentence a plural past form ("hielten", "arbeiteten")."""
        finite = [t for t in self.tokens[first:last] if t.pos in FINITE_VERB_TAGS]
        return bool(finite) and all(
            t.text.lower().endswith("en")
            and t.lemma
            and t.text.lower() != t.lemma.lower()
            and t.text.lower() != t.lemma.lower() + "en"
            for t in finite
        )

    def _konjunktiv_ii_clause(self, quote: Quote) -> bool:
        """A reported main clause whose verb is "würde(n)": the speaker's Konjunktiv II."""
        first, last = self._tok_from(quote.evidence.start), self._tok_from(quote.evidence.end)
        if first >= last or self.tokens[first].pos in SUBORDINATOR_TAGS:
            return False
        finite = next((t for t in self.tokens[first:last] if t.pos in FINITE_VERB_TAGS), None)
        return finite is not None and finite.text.lower() in ("würde", "würden")

    def _names(self, sentence: int, entity_id: str | None) -> bool:
        if sentence < 0 or entity_id is None:
            return False
        sent = self.doc.sentences[sentence]
        return any(
            m.entity_id == entity_id
            for f in range(sent.first_token, sent.last_token)
            for (_f, _l, m) in self.mentions_at.get(f, ())
        )

    # -- indirect speech ------------------------------------------------------------

    def _indirect(self, sentence: int, first: int, last: int) -> None:
        found_before = len(self.said)
        if self._impersonal_continuation(sentence, first, last):
            return
        if self._reported_report(sentence, first, last):
            return
        segments = self._segments(first, last)
        sentence_has_cue = False
        for k, (start, end) in enumerate(segments):
            cues = [
                i for i in range(start, end)
                if not self.quoted[i] and self._cue(i, end) and not self._in_relative(i, start)
            ]  # fmt: skip
            # "Allerdings würden die Maßnahmen analysiert": a passive without its speaker
            # still continues the statement before
            sentence_has_cue = sentence_has_cue or any(
                not self._passive_participle(i, start) for i in cues
            )
            if self._as_reported(sentence, start, end):
                continue
            if k == 0 and self._said_before(sentence, start, end):
                continue
            # "Laut X …", "Nach Angaben von X …" opening the clause govern all of it.
            if self._marker_at(start, end) is not None and self._marker(sentence, start, end):
                continue
            if self._after_cue(sentence, start, end, cues):
                if not any(self.quoted[start:end]):
                    # "Die Nato müsse aufrüsten, betonte er, sie wolle aber …": both sides
                    self._inserted_clause(sentence, start, end)
                continue
            if self._naming(sentence, start, end, cues):
                continue
            if self._inserted_clause(sentence, start, end):
                continue
            if not cues and self._marker(sentence, start, end):
                continue
            if k > 0 and not cues and not self.quoted[start]:
                self._after_colon(sentence, segments[k - 1], start, end)
        if len(self.said) == found_before and not sentence_has_cue:
            self._continued(sentence, first, last)
        if len(self.said) == found_before:
            self._according_to_that(sentence, first, last)

    def _according_to_that(self, sentence: int, first: int, last: int) -> None:
        """ "Demnach haben Kampfjets …": the sentence reports what the source before said."""
        word = next(
            (i for i in range(first, last)
             if self.tokens[i].text in ("Demnach", "demnach") and not self.quoted[i]),
            None,
        )  # fmt: skip
        if word is None or not self._is_clause(first, last):
            return
        token = self.tokens[word]
        previous = self._previous_attribution(sentence)
        speaker = (
            previous.speaker
            if previous is not None
            else _Speaker(None, None, (token.start, token.end), "anonymous")
        )
        attribution = _Attribution(speaker, "demnach", (token.start, token.end))
        self._add(first, self._trimmed(first, last), "indirect", attribution, sentence, 0.9)

    def _said_before(self, sentence: int, start: int, end: int) -> bool:
        """ "<statement>. Das bestätigte X am Abend.": the sentence before is X's."""
        tokens = self.tokens
        if sentence == 0 or start + 1 >= end or tokens[start].text not in ("Das", "Dies"):
            return False
        if tokens[start + 1].pos not in FINITE_VERB_TAGS or not self._cue(start + 1, end):
            return False
        previous = self.doc.sentences[sentence - 1]
        first, last = previous.first_token, previous.last_token
        already = any(
            said.quote.evidence.start < tokens[last - 1].end
            and tokens[first].start < said.quote.evidence.end
            for said in self.said
        )
        if already or any(self.quoted[i] for i in range(first, last)):
            return False
        if self._paragraph(tokens[first].start) != self._paragraph(tokens[start].start):
            return False
        attribution = self._attribution(start + 1, start + 1, end)
        if attribution is None or not self._has_main_clause(first, last):
            return False
        self._add(first, self._trimmed(first, last), "indirect", attribution, sentence - 1)
        return True

    def _as_reported(self, sentence: int, start: int, end: int) -> bool:
        """ "Wie X berichtet, <clause>": the clause after the comma."""
        if self.tokens[start].text not in ("Wie", "wie"):
            return False
        verb = self._clause_verb(start + 1, end)
        comma = verb + 1 if verb is not None else end
        if verb is None or comma >= end or self.tokens[comma].text != ",":
            return False
        attribution = self._attribution(start + 1, verb, comma)
        if attribution is None or not self._is_clause(comma + 1, end):
            return False
        stop = self._clause_end(comma + 1, end)
        self._add(comma + 1, stop, "indirect", attribution, sentence)
        return True

    def _after_cue(self, sentence: int, start: int, end: int, cues: list[int]) -> bool:
        """ "X sagte, dass …", "X warnte, Russland verstoße …", "X kündigte an, … zu …"."""
        found = False
        for verb in cues:
            if (
                verb - 2 >= start
                and self.tokens[verb - 1].text == "so"
                and (self.tokens[verb - 2].text == ",")
            ):
                continue  # "…, so schätzt X, …" is inserted in the statement
            if self._in_as_clause(verb, start):
                continue  # "Putin hat, wie Tass berichtete, erklärt, …": Tass reports Putin
            comma = self._next_comma(verb, end)
            if comma is None or comma + 1 >= end:
                continue
            begin = self._reported_start(verb, comma + 1, end)
            if begin is None:
                continue
            stop = self._clause_end(begin, end)
            attribution = self._attribution(start, verb, comma)
            if attribution is not None and stop - begin >= 2:
                self._add(begin, stop, "indirect", attribution, sentence)
                found = True
        return found

    def _in_as_clause(self, verb: int, start: int) -> bool:
        """Whether the verb ends an inserted "…, wie X berichtete," clause."""
        comma = next(
            (j for j in range(verb - 1, start - 1, -1)
             if self.tokens[j].text == "," and not self.quoted[j]),
            None,
        )  # fmt: skip
        return comma is not None and self.tokens[comma + 1].text == "wie"

    def _impersonal_continuation(self, sentence: int, first: int, last: int) -> bool:
        """ "Man müsse davon ausgehen, dass …" after reported speech: "man" in the
        Konjunktiv is the speaker's own general claim, the whole sentence continues it."""
        tokens = self.tokens
        if tokens[first].text != "Man" or first + 1 >= last:
            return False
        finite = first + 1
        if tokens[finite].pos not in FINITE_VERB_TAGS or not is_konjunktiv(tokens, finite):
            return False
        if any(self.quoted[i] for i in range(first, last)):
            return False
        if any(
            tokens[i].pos == "VVFIN" and tokens[i - 1].text == "," and self._cue(i, last)
            for i in range(first + 2, last)
        ):
            return False  # "Man werde …, erklärte X": a speaker clause of its own
        previous = self._previous_attribution(sentence)
        if previous is None or previous.speaker.entity_id is None:
            return False
        continued = _Attribution(previous.speaker, previous.cue, previous.cue_span, previous.venue)
        self._add(first, self._trimmed(first, last), "indirect", continued, sentence, 0.9)
        return True

    def _in_relative(self, i: int, start: int) -> bool:
        """The verb ends a relative clause ("…, der die Verbündeten gedrängt habe"): it
        says what someone did, it does not report the sentence."""
        j = i - 1
        while j > start and self.tokens[j].text != ",":
            j -= 1
        return j > start and j + 1 < i and self.tokens[j + 1].pos == "PRELS"

    def _naming(self, sentence: int, start: int, end: int, cues: list[int]) -> bool:
        """ "X nannte die Entscheidung einen Fehler", "bezeichnete es als gefährlich",
        "sprach von einer Eskalation": the judgement is what X said."""
        tokens = self.tokens
        for verb in cues:
            lemma = tokens[verb].lemma
            if tokens[verb].pos != "VVFIN" or lemma not in NAMING_VERBS | {"sprechen"}:
                continue
            attribution = self._attribution(start, verb, end)
            if attribution is None or attribution.speaker.entity_id is None:
                continue
            begin = verb + 1
            span = attribution.speaker.span
            if span is not None and span[0] >= tokens[verb].end:
                begin = self._tok_from(span[1])  # "nannte Blinken das Vorgehen …"
            if lemma == "sprechen":
                begin = next(
                    (j for j in range(begin, min(end, begin + 6)) if tokens[j].text == "von"), end
                )
            if begin >= end - 1 or any(self.quoted[j] for j in range(begin, end)):
                continue
            stop = self._clause_end(begin, end)
            if stop - begin >= 2 and self._judgement(lemma, begin, stop):
                self._add(begin, stop, "indirect", attribution, sentence)
                return True
        return False

    def _judgement(self, lemma: str, begin: int, stop: int) -> bool:
        """Whether the words after a naming verb judge something ("X einen Fehler", "als
        gefährlich") rather than list it ("nannte drei Gründe")."""
        tokens = self.tokens
        if lemma == "sprechen":
            after = tokens[begin + 1]
            return after.text.lower() in INDEFINITE_ARTICLES or after.pos in ("ADJA", "NN")
        if tokens[begin].pos not in ("ART", "PDS", "PPER", "PDAT", "PPOSAT", "NE", "NN"):
            return False
        rest = tokens[begin + 1 : stop]
        return any(
            t.text == "als" or t.text.lower() in INDEFINITE_ARTICLES or t.pos == "ADJD"
            for t in rest
        )

    def _reported_start(self, verb: int, begin: int, end: int) -> int | None:
        tokens = self.tokens
        if tokens[begin].text in ("dass", "daß"):
            return begin + 1 if begin + 1 < end else None
        # "erklärte, die Verfassung werde": a relative pronoun needs a noun before the comma
        relative = tokens[begin].pos == "PRELS" and tokens[begin - 2].pos in ("NN", "NE")
        if tokens[begin].pos in SUBORDINATOR_TAGS and (tokens[begin].pos != "PRELS" or relative):
            return None
        clause = range(begin, self._clause_end(begin, end))
        cue = self._cue(verb, end) or ""
        if cue in ANNOUNCING_VERBS and any(tokens[i].pos in ("VVIZU", "PTKZU") for i in clause):
            return begin
        if any(is_konjunktiv(tokens, i) and not self.quoted[i] for i in clause):
            return begin
        # "warnte, autoritäre Staaten rückten zusammen": the comma close after the verb, as a
        # clause after a long object ("nennt den Weg … unumkehrbar, eine …") goes its own way
        near = begin - verb <= 6 or self._no_object_between(verb + 1, begin - 1)
        if cue not in NAMING_VERBS and near and self._verb_second(clause):
            return begin
        return None

    def _no_object_between(self, first: int, comma: int) -> bool:
        """Whether the words between a speech verb and its comma are only its subject and
        adverbials ("erklärte am Mittwoch im Namen der 27 Mitgliedstaaten, …"), with no
        object that a clause after the comma could belong to instead ("nennt den Weg …
        unumkehrbar, …")."""
        in_phrase = False
        for i in range(first, comma):
            token = self.tokens[i]
            if self.quoted[i] or token.pos in FINITE_VERB_TAGS or token.text == ",":
                return False
            article = token.text.lower()
            if token.pos in PREPOSITION_TAGS:
                in_phrase = True
            elif token.pos not in NP_TAGS:
                in_phrase = False
            elif article in NON_NOMINATIVE_ARTICLES and (
                not in_phrase
                or (article not in GENITIVE_ARTICLES and self.tokens[i - 1].pos in ("NN", "NE"))
            ):
                return False  # an object, or one that starts after a prepositional phrase
        return True

    def _verb_second(self, clause: range) -> bool:
        """Whether a clause after a speech verb and its comma is a main clause (finite verb
        after one constituent, not at the end): reported speech whatever its mood. The
        Präteritum of most verbs looks like their Konjunktiv II ("rückten", "lieferten"),
        so the mood alone misses these."""
        tokens = self.tokens
        if len(clause) < 3 or tokens[clause[0]].pos in ("KON", "PTKZU", "ADV", "PAV"):
            return False
        finite = self._first_finite(clause[0], clause[-1] + 1)
        # the tagger takes an article right after a comma for a relative pronoun ("die beiden")
        first = clause[0] + (tokens[clause[0]].pos == "PRELS" and finite > clause[0] + 1)
        before = range(clause[0], finite)
        return (
            0 < len(before) <= 6
            and finite < clause[-1]
            and tokens[finite].pos in FINITE_VERB_TAGS
            and not any(tokens[i].pos in SUBORDINATOR_TAGS or tokens[i].text == ","
                        for i in range(first, finite))
            and not any(self.quoted[i] for i in clause)
        )  # fmt: skip

    def _inserted_clause(self, sentence: int, start: int, end: int) -> bool:
        """ "…, betonte X", "…, so X", "…, wie X warnt" after the reported clause."""
        tokens = self.tokens
        for comma in range(start + 1, end - 1):
            if tokens[comma].text != "," or self.quoted[comma]:
                continue
            after = comma + 1
            attribution: _Attribution | None = None
            if tokens[after].pos in FINITE_VERB_TAGS and self._cue(after, end):
                attribution = self._attribution(after, after, end)
            elif tokens[after].pos in ("VAFIN", "VMFIN"):  # "hatte X gesagt", "soll X gesagt haben"
                participle = self._participle_cue(after + 1, end)
                if participle is not None:
                    attribution = self._attribution(after, participle, end)
            elif tokens[after].text == "so":
                attribution = self._so_attribution(after, end)
            elif tokens[after].text == "wie":
                verb = self._clause_verb(after + 1, end)
                if verb is not None:
                    attribution = self._attribution(after + 1, verb, end)
            if attribution is None or self._clause_resumes(start, comma, end):
                continue
            if self._speaker_clause_before(start, comma):
                continue
            if self._has_main_clause(start, comma):
                self._add(start, self._trimmed(start, comma), "indirect", attribution, sentence)
                return True
            closing = self._next_plain_comma(after, end)
            if closing is not None and self._is_clause(closing + 1, end):
                # "In zehn Jahren, so schätzen die Forscher, sei es so weit": both sides
                self._add(start, self._trimmed(start, end), "indirect", attribution, sentence)
                return True
        return False

    def _speaker_clause_before(self, start: int, comma: int) -> bool:
        """A speech verb with a speaker of its own before the comma ("X sagte, …, betonte
        Y"). A speech verb inside the reported words ("Man habe darüber gesprochen, teilte
        X mit"; "Es sei absurd, Russland zu beschuldigen, sagte X") is part of them."""
        return any(
            not self.quoted[i]
            and self._cue(i, comma)
            and self._attribution(start, i, comma) is not None
            for i in range(start, comma)
        )

    def _clause_resumes(self, start: int, comma: int, end: int) -> bool:
        """ "Putin hat, wie Tass berichtete, erklärt, …": the inserted clause sits inside
        the main clause, whose verb follows it; what precedes it is no statement."""
        closing = self._next_plain_comma(comma + 1, end)
        if closing is None or closing + 1 >= end:
            return False
        resumed = self.tokens[closing + 1].pos
        if resumed in NONFINITE_VERB_TAGS:
            return True
        # the tagger reads "erklärt" after "hat, …," as finite; the auxiliary says otherwise
        finite = [t.pos for t in self.tokens[start:comma] if t.pos in FINITE_VERB_TAGS]
        return resumed.startswith("VV") and finite in (["VAFIN"], ["VMFIN"])

    def _next_plain_comma(self, begin: int, end: int) -> int | None:
        return next(
            (j for j in range(begin, end) if self.tokens[j].text == "," and not self.quoted[j]),
            None,
        )

    def _marker(self, sentence: int, start: int, end: int) -> bool:
        """ "laut X", "X zufolge", "nach Angaben von X", "aus Sicht der X": the clause."""
        for i in range(start, end):
            if self.quoted[i]:
                continue
            found = self._marker_at(i, end)
            if found is None:
                continue
            speaker, marker_start, marker_end, cue = found
            begin, stop = start, end
            if marker_start == start:
                comma = marker_end < end and self.tokens[marker_end].text == ","
                begin = marker_end + (1 if comma else 0)
            else:
                begin, stop = self._marker_clause(start, end, marker_start, marker_end)
            if begin >= stop or not self._is_clause(begin, stop):
                return False
            cue_span = (self.tokens[marker_start].start, self.tokens[marker_end - 1].end)
            attribution = _Attribution(speaker, cue, cue_span)
            self._add(begin, self._trimmed(begin, stop), "indirect", attribution, sentence)
            if stop < end:  # "…, mehrere davon landeten nach japanischen Angaben …"
                self._marker(sentence, stop + 1, end)
            return True
        return False

    def _marker_clause(
        self, start: int, end: int, marker_start: int, marker_end: int
    ) -> tuple[int, int]:
        """The main clause a marker inside the sentence stands in: "hatte … geknüpft und
        erhielt nach eigenen Angaben Garantien" reports the second conjunct only, and
        "feuerten nach eigenen Angaben Raketen ab, mehrere davon landeten …" the first
        clause. A conjunct or clause is split off only when both sides have a finite verb
        and neither is a subordinate clause."""
        begin = start
        for j in range(marker_start - 1, start, -1):
            token = self.tokens[j]
            if self.quoted[j] or not (token.text == "," or token.text in COORDINATORS):
                continue
            if self._main_clause_part(start, j) and self._is_clause(j + 1, marker_start):
                begin = j + 1
                break
        stop = end
        for j in range(marker_end, end - 1):
            if self.tokens[j].text != "," or self.quoted[j]:
                continue
            following = self._next_plain_comma(j + 1, end) or end
            if self._main_clause_part(j + 1, following) and self._is_clause(begin, j):
                stop = j
                break
        return begin, stop

    def _main_clause_part(self, begin: int, end: int) -> bool:
        """A stretch whose first finite verb comes before any subordinator or relative
        pronoun ("mehrere davon landeten …", not "mit denen Russland … umgeht")."""
        for i in range(begin, end):
            token = self.tokens[i]
            if self.quoted[i] or token.pos in SUBORDINATOR_TAGS:
                return False
            if token.pos in FINITE_VERB_TAGS:
                return True
        return False

    def _marker_at(self, i: int, end: int) -> tuple[_Speaker, int, int, str] | None:
        tokens = self.tokens
        word = tokens[i].text
        if word in SOURCE_PREPOSITIONS and tokens[i].pos == "APPR":
            source = i + 1
            if source < end and is_opinion_noun(tokens[source].text):  # "laut Angaben des X"
                if not self._holder_follows(source, end):  # "laut Behördenangaben"
                    span = (tokens[source].start, tokens[source].end)
                    return _Speaker(None, None, span, "anonymous"), i, source + 1, "laut"
                source += 2 if tokens[source + 1].text in ("von", "vom") else 1
            np_end = self._np_end(source, end, dative_stop=True)
            speaker = self._best_mention(source, np_end) or self._marked_source(source, np_end, end)
            return (speaker, i, np_end, "laut") if speaker else None
        if word in POSTPOSITION_MARKERS:
            before = [m for (f, la, m) in self.mentions if la == i]
            if before:
                first = min(f for (f, la, _m) in self.mentions if la == i)
                speaker = self._best_mention(first, i)
                return (speaker, first, i + 1, "zufolge") if speaker else None
            first = self._np_start(i)
            if first < i:  # "neuesten Studien zufolge": an unnamed source
                span = (tokens[first].start, tokens[i - 1].end)
                return _Speaker(None, None, span, "anonymous"), first, i + 1, "zufolge"
            return None
        if word not in OPINION_PREPOSITIONS:
            return None
        for n in range(i + 1, min(i + 4, end)):
            if not is_opinion_noun(tokens[n].text):
                continue
            # "nach Ruttes Worten", "nach Nato-Angaben": the source stands before the noun
            speaker = self._best_mention(i + 1, n + 1)
            if speaker is not None:
                return speaker, i, n + 1, tokens[n].text
            if any(t.text in ("eigenen", "eigener") for t in tokens[i + 1 : n]):
                # "erhielt nach eigenen Angaben": the clause's subject is the source
                own = self._clause_subject(i, n + 1) or self._described_subject(i)
                if own is not None:
                    return own, i, n + 1, tokens[n].text
            if not self._holder_follows(n, end):
                # "nach Medienberichten", "nach bisherigen Angaben": reported, by no one named
                span = (tokens[i + 1].start, tokens[n].end)
                return _Speaker(None, None, span, "anonymous"), i, n + 1, tokens[n].text
            after = n + 1 + (1 if tokens[n + 1].text in ("von", "vom", "aus") else 0)
            np_end = self._np_end(after, end, dative_stop=True)
            speaker = self._best_mention(after, np_end) or self._marked_source(after, np_end, end)
            return (speaker, i, np_end, tokens[n].text) if speaker else None
        return None

    def _clause_subject(self, skip_from: int, skip_to: int) -> _Speaker | None:
        """The first mention of the sentence that no preposition governs, outside a range."""
        sent = self.doc.sentences[self.sentence_of[skip_from]]
        for first, last, _mention in self.mentions:
            if first >= sent.last_token:
                break
            if first < sent.first_token or skip_from <= first < skip_to or self.quoted[first]:
                continue
            if self._governing_preposition(first, sent.first_token) is None:
                return self._best_mention(first, last)
        return None

    def _described_subject(self, before: int) -> _Speaker | None:
        """ "Die Streitkräfte feuerten nach eigenen Angaben": a definite noun opening the
        sentence that names an organisation mentioned before."""
        first = self.doc.sentences[self.sentence_of[before]].first_token
        if first >= before or self.tokens[first].pos != "ART":
            return None
        speaker = self._unnamed(first, min(self._np_end(first, before), before), before)
        return speaker if speaker is not None and speaker.entity_id is not None else None

    def _holder_follows(self, noun: int, end: int) -> bool:
        """Whether a genitive or "von" names whose statement the opinion noun is."""
        after = noun + 1
        if after >= end:
            return False
        token = self.tokens[after]
        if token.text in GENITIVE_OR_VON or token.pos == "NE":
            return True
        # "nach Angaben westlicher Regierungen": a genitive plural without article
        return token.pos == "ADJA" and after + 1 < end and self.tokens[after + 1].pos == "NN"

    def _after_colon(self, sentence: int, previous: tuple[int, int], start: int, end: int) -> None:
        """ "Das Fazit, resümiert X: <statement>" — the statement after a speaker clause."""
        p_start, p_end = previous
        for verb in range(p_end - 1, p_start - 1, -1):
            if self.quoted[verb] or not self._cue(verb, p_end):
                continue
            attribution = self._attribution(p_start, verb, p_end)
            if attribution is not None and self._is_clause(start, end):
                self._add(start, self._trimmed(start, end), "indirect", attribution, sentence)
            return

    def _main_clause_finite(self, first: int, last: int, finite: int) -> int:
        """The main clause's finite verb when a conditional or subordinate clause opens the
        sentence ("Sollte Kiew Belege vorlegen, werde Teheran …", "Wenn …, habe …")."""
        tokens = self.tokens
        opens_with_clause = finite == first or tokens[first].pos == "KOUS"
        if not opens_with_clause:
            return finite
        for comma in range(finite + 1, last - 1):
            if tokens[comma].text == "," and not self.quoted[comma]:
                after = comma + 1
                return after if tokens[after].pos in FINITE_VERB_TAGS else finite
        return finite

    def _passive_participle(self, index: int, start: int) -> bool:
        tokens = self.tokens
        return tokens[index].pos == "VVPP" and any(
            tokens[j].pos == "VAFIN" and tokens[j].lemma == "werden" for j in range(start, index)
        )

    def _reported_report(self, sentence: int, first: int, last: int) -> bool:
        """ "Zugleich zeige der Schritt, dass …": a speech verb in the Konjunktiv whose
        subject is no speaker is itself part of the reported speech before; the whole
        sentence continues the previous speaker."""
        finite = self._first_finite(first, last)
        if finite >= last or self.quoted[finite]:
            return False
        finite = self._main_clause_finite(first, last, finite)
        if not is_konjunktiv(self.tokens, finite) or not self._cue(finite, last):
            return False
        attribution = self._attribution(first, finite, last)
        if attribution is not None and attribution.speaker.entity_id is not None:
            return False
        previous = self._previous_attribution(sentence)
        if previous is None or previous.speaker.entity_id is None:
            return False
        found_before = len(self.said)
        self._continued(sentence, first, last)
        return len(self.said) > found_before

    def _continued(self, sentence: int, first: int, last: int) -> None:
        """A Konjunktiv (or reportative "soll") sentence right after reported speech, or
        right after a sentence with a speech verb, continues it."""
        # The main clause must be reported: its (first) finite verb in the subjunctive,
        # not a "dass"-clause under an indicative verb ("Dies wurde so gedeutet, dass …").
        finite = next(
            (i for i in range(first, last)
             if self.tokens[i].pos in FINITE_VERB_TAGS and not self.quoted[i]),
            None,
        )  # fmt: skip
        if finite is None:
            return
        finite = self._main_clause_finite(first, last, finite)
        reportative = self.tokens[finite].text in REPORTATIVE_MODALS and self._perfect_infinitive(
            finite, last
        )
        if not (is_konjunktiv(self.tokens, finite) or reportative):
            return
        if all(self.quoted[i] for i in range(first, last) if self.tokens[i].pos[:1] != "$"):
            return
        previous = self._previous_attribution(sentence)
        if previous is None:
            return
        continued = _Attribution(previous.speaker, previous.cue, previous.cue_span, previous.venue)
        self._add(first, self._trimmed(first, last), "indirect", continued, sentence, 0.9)

    def _perfect_infinitive(self, finite: int, last: int) -> bool:
        """ "soll geschossen haben", "soll beteiligt sein": "sollen" reports what others
        say with an infinitive of "haben" or "sein"; "soll … gehisst werden" and "soll …
        ermöglichen" state a plan."""
        for j in range(finite + 1, last):
            if self.tokens[j].text == "," and not self.quoted[j]:
                return False
            if self.tokens[j].pos == "VAINF" and self.tokens[j].text in ("haben", "sein"):
                return True
        return False

    def _first_finite(self, first: int, last: int) -> int:
        return next(
            (i for i in range(first, last)
             if self.tokens[i].pos in FINITE_VERB_TAGS and not self.quoted[i]),
            first,
        )  # fmt: skip

    def _previous_attribution(self, sentence: int) -> _Attribution | None:
        """The speaker the sentence before gave the floor to: its quotation's, or the subject
        of its speech verb ("X berichtete über den Marsch. Die Polizei habe …")."""
        if self.said and self.said[-1].sentence == sentence - 1:
            return self.said[-1].attribution
        if sentence == 0:
            return None
        prev = self.doc.sentences[sentence - 1]
        here = self.doc.sentences[sentence]
        if self._paragraph(prev.start) != self._paragraph(here.start):
            return None
        last = self.said[-1] if self.said else None
        if (
            last is not None
            and last.sentence == sentence - 2
            and last.paragraph == self._paragraph(here.start)
            and is_konjunktiv(self.tokens, self._first_finite(here.first_token, here.last_token))
        ):
            # one sentence of the article's own between two reported ones
            return last.attribution
        for i in range(prev.first_token, prev.last_token):
            if self.quoted[i] or self.tokens[i].pos not in FINITE_VERB_TAGS:
                continue
            if self._cue(i, prev.last_token) or self.tokens[i].lemma in FLOOR_VERBS:
                attribution = self._attribution(prev.first_token, i, prev.last_token)
                if attribution is not None and attribution.speaker.how != "anonymous":
                    return attribution
            return None  # only the main verb of the sentence before counts
        return None

    # -- direct quotations ----------------------------------------------------------

    def _direct(self, span: QuoteSpan, sentence: int) -> None:
        if self._is_title(span):
            return
        attribution = (
            self._speaker_after(span)
            or self._speaker_before(span)
            or self._speaker_of_split(span)
            or self._speaker_around(span)
            or self._speaker_in_clause(span)
            or self._speaker_next_sentence(span)
            or self._continuing_speaker(span, sentence)
        )
        if attribution is None:
            return
        factor = 1.0 if span.closed else UNCLOSED_FACTOR
        first, last = self._tok_from(span.start), self._tok_from(span.end)
        self._add(first, last, "direct", attribution, sentence, factor, (span.start, span.end))

    def _is_title(self, span: QuoteSpan) -> bool:
        """ "mit dem Titel „…“", "in der „Welt am Sonntag“": a name, not somebody's words."""
        opener = self._tok_from(span.open_start)
        before = self.tokens[max(0, opener - 3) : opener]
        if any(t.text in TITLE_WORDS for t in before):
            return True
        words = self.doc.text[span.start : span.end].split()
        if (
            words
            and not words[0][:1].islower()  # "„autokratische Allianz“" is a phrase, no name
            and any(
                m.start <= span.start and span.end <= m.end
                for (_f, _l, m) in self.mentions_at.get(opener + 1, ())
            )
        ):
            return True  # the quotation is a name the entities stage knows ("„Ärzte ohne Grenzen“")
        if not words or len(words) > MAX_TITLE_WORDS or not before:
            return False
        capitalised = all(
            w[:1].isupper() or w[:1].isdigit() or w in _TITLE_FUNCTION_WORDS for w in words
        )
        previous = before[-1]
        after_medium = previous.pos == "NN" and previous.text.lower().endswith(MEDIUM_NOUNS)
        # "Berliner Zeitung", "Staphylococcus Aureus": capitalised words and nothing else
        several_names = len(words) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in words)
        return capitalised and (several_names or self._after_preposition(opener) or after_medium)

    def _after_preposition(self, opener: int) -> bool:
        """ "in der „…“", "im „…“", "aus dem „…“": a named medium or work, not words."""
        j = opener - 1
        if j >= 0 and self.tokens[j].pos == "APPRART":
            return True
        return j >= 1 and self.tokens[j].pos in DETERMINER_TAGS and self.tokens[j - 1].pos == "APPR"

    def _speaker_after(self, span: QuoteSpan) -> _Attribution | None:
        i = self._tok_from(span.close_end)
        if not span.closed or i >= len(self.tokens):
            return None
        if self.tokens[i].text in (",", "–", "—", "-"):
            i += 1
        if i >= len(self.tokens) or self.quoted[i]:
            return None
        end = self._clause_limit(i)
        if self.tokens[i].pos in FINITE_VERB_TAGS and self._cue(i, end):
            return self._attribution(i, i, end)
        if self.tokens[i].pos == "VAFIN":  # "„…“, wird X zitiert", "„…“, hatte X gesagt"
            participle = self._participle_cue(i + 1, end)
            if participle is not None:
                return self._attribution(i, participle, end)
        if self.tokens[i].text == "so":
            return self._so_attribution(i, end)
        return None

    def _speaker_before(self, span: QuoteSpan) -> _Attribution | None:
        opener = self._tok_from(span.open_start)
        colon = opener - 1
        if colon < 0 or self.tokens[colon].text != ":":
            return None
        sent = self.doc.sentences[self.sentence_of[colon]]
        start = colon
        while start > sent.first_token and not (
            self._boundary(start - 1) and self.tokens[start - 1].text != ","
        ):
            start -= 1
        for verb in range(start, colon):
            if not self.quoted[verb] and self._cue(verb, colon):
                found = self._attribution(start, verb, colon)
                if found is not None:
                    return found
        for i in range(start, colon):
            marker = None if self.quoted[i] else self._marker_at(i, colon)
            if marker is not None:
                speaker, m_start, m_end, cue = marker
                return _Attribution(
                    speaker, cue, (self.tokens[m_start].start, self.tokens[m_end - 1].end)
                )
        return self._label_speaker(start, colon) or self._colon_subject(span, start, colon)

    def _label_speaker(self, start: int, colon: int) -> _Attribution | None:
        """ "Scholz: „…“", "Zitat von X: „…“", "X zur Lage: „…“": one person, no verb."""
        if colon - start > MAX_LABEL_TOKENS or any(
            self.tokens[i].pos in FINITE_VERB_TAGS for i in range(start, colon)
        ):
            return None
        if self._np_end(start, colon) == colon:
            speaker = self._best_mention(start, colon)
            return _Attribution(speaker) if speaker else None
        people = {m.entity_id for f in range(start, colon) for (_f, _l, m) in
                  self.mentions_at.get(f, ()) if m.type == "PER"}  # fmt: skip
        if len(people) != 1:
            return None
        speaker = self._best_mention(start, colon)
        return _Attribution(speaker) if speaker and speaker.type == "PER" else None

    def _colon_subject(self, span: QuoteSpan, start: int, colon: int) -> _Attribution | None:
        """ "X warb mit den Worten: „<sentence>“": the subject of the clause before the colon."""
        if not self._sentence_like(span):
            return None
        for verb in range(start, colon):
            if self.tokens[verb].pos in FINITE_VERB_TAGS and not self.quoted[verb]:
                # The clause's subject said it; an unnamed one ("Die Bewohner sehen es
                # gelassen:") still stops the quotation from going to the last speaker.
                speaker, _end = self._subject(start, verb, colon)
                return _Attribution(speaker or _Speaker(None, None, None, "anonymous"))
        return None

    def _sentence_like(self, span: QuoteSpan) -> bool:
        """A finite verb and four words or a closing full stop: a statement, not a term."""
        first, last = self._tok_from(span.start), self._tok_from(span.end)
        inner = self.doc.text[span.start : span.end].rstrip()
        full = len(inner.split()) >= 4 or inner.endswith((".", "!", "?"))
        return full and any(t.pos in FINITE_VERB_TAGS for t in self.tokens[first:last])

    def _speaker_next_sentence(self, span: QuoteSpan) -> _Attribution | None:
        """ "„…“ Das sagte X am Montag.": the next sentence names the speaker."""
        i = self._tok_from(span.close_end)
        if not span.closed or i + 1 >= len(self.tokens) or self.quoted[i]:
            return None
        closing_sentence = self.sentence_of[max(0, self._tok_from(span.end) - 1)]
        if self.sentence_of[i] == closing_sentence and self.tokens[i].pos != "$.":
            return None
        if self.tokens[i].pos == "$.":
            i += 1
        if i + 1 >= len(self.tokens) or self.tokens[i].text not in ("Das", "Dies", "So"):
            return None
        end = self._clause_limit(i)
        if self.tokens[i + 1].pos in FINITE_VERB_TAGS and self._cue(i + 1, end):
            return self._attribution(i + 1, i + 1, end)
        return None

    def _speaker_of_split(self, span: QuoteSpan) -> _Attribution | None:
        """ "„A“, sagte X, „B“": B continues the quotation A."""
        opener = self._tok_from(span.open_start)
        if opener < 2 or self.tokens[opener - 1].text != ",":
            return None
        for said in reversed(self.said):
            if said.quote.kind != "direct" or said.quote.cue_span is None:
                continue
            cue_token = self._tok_from(said.quote.cue_span[0])
            between = range(cue_token, opener - 1)
            if self.sentence_of[cue_token] == self.sentence_of[opener] and not any(
                self.quoted[i] or self.tokens[i].text in (",", ":") for i in between
            ):
                return said.attribution
            return None
        return None

    def _speaker_around(self, span: QuoteSpan) -> _Attribution | None:
        """A quotation inside reported speech belongs to its speaker."""
        for said in reversed(self.said):
            quote = said.quote
            if quote.kind == "indirect" and quote.evidence.start <= span.start < quote.evidence.end:
                return said.attribution
        return None

    def _speaker_in_clause(self, span: QuoteSpan) -> _Attribution | None:
        """A speech verb in the quotation's clause, or ending the clause just before it."""
        opener = self._tok_from(span.open_start)
        closer = max(opener, self._tok_from(span.close_end) - 1)
        sent = self.doc.sentences[self.sentence_of[opener]]
        start = opener
        while start > sent.first_token and not self._boundary(start - 1):
            start -= 1
        end = closer + 1
        while end < sent.last_token and not self._boundary(end):
            end += 1
        cues = [v for v in range(start, end) if not self.quoted[v] and self._cue(v, end)]
        if cues and not self._sentence_like(span):
            # "warnt vor „autokratischer Allianz“": a scare-quoted topic, not words
            cues = [v for v in cues if self._term_as_words(opener, v)]
            return self._attribution(start, cues[0], end) if cues else None
        if cues:
            return self._attribution(start, cues[0], end)
        if start - 1 <= sent.first_token or self.tokens[start - 1].text != ",":
            return None
        return self._previous_clause_cue(start - 1, sent.first_token)

    def _term_as_words(self, opener: int, verb: int) -> bool:
        """A quoted term is the speaker's own words when a naming verb introduces it
        ("nannte es „…“", "bezeichnete als „…“") or it follows "als"/"von" ("sprach von
        einer „…“"), not when it is the topic of another verb ("warnte vor „…“")."""
        if self.tokens[verb].lemma in NAMING_VERBS:
            return True
        before = self.tokens[max(0, opener - 3) : opener]
        return any(t.text in ("als", "von", "vom") for t in before)

    def _previous_clause_cue(self, comma: int, floor: int) -> _Attribution | None:
        """ "X beschuldigte, „…“" and "X hob hervor, wie „…“": the cue ends the clause before."""
        start = comma
        while start > floor and not self._boundary(start - 1):
            start -= 1
        last = comma - 1
        if self.tokens[last].pos == "PTKVZ":
            last -= 1
            while last >= start and self.tokens[last].pos not in FINITE_VERB_TAGS:
                last -= 1
        if last >= start and not self.quoted[last] and self._cue(last, comma):
            return self._attribution(start, last, comma)
        return None

    def _continuing_speaker(self, span: QuoteSpan, sentence: int) -> _Attribution | None:
        """A full sentence in marks with no speaker clause goes on with the last speaker."""
        if not self._sentence_like(span) or not self.said:
            return None
        previous = self.said[-1]
        paragraph = self._paragraph(span.open_start)
        if paragraph - previous.paragraph > 1 or sentence - previous.sentence > SPEAKER_MEMORY:
            return None
        if paragraph != previous.paragraph and not self._starts_paragraph(span.open_start):
            return None
        speaker = previous.attribution.speaker
        # speaker_span stays on the mention that named the speaker before
        return _Attribution(
            _Speaker(speaker.entity_id, speaker.name, speaker.span, "continued", speaker.type)
        )

    # -- speakers -------------------------------------------------------------------

    def _attribution(self, start: int, verb: int, end: int) -> _Attribution | None:
        """Speaker, cue and venue of the speech verb at ``verb`` in the clause [start, end)."""
        cue = self._cue(verb, end)
        finite = verb
        if self.tokens[verb].pos not in FINITE_VERB_TAGS:
            finite = next(
                (i for i in range(verb - 1, start - 1, -1)
                 if self.tokens[i].pos in FINITE_VERB_TAGS and not self.quoted[i]),
                verb,
            )  # fmt: skip
        speaker, subject_end = self._subject(start, finite, end)
        if speaker is not None and speaker.entity_id is not None:
            speaker = self._compared_partners(speaker, max(subject_end, finite + 1), verb)
        if speaker is None and self._impersonal_passive(finite, verb):
            # "Ihm wird vorgeworfen, …", "Es wird erwartet, dass …": said, by no one named
            speaker = _Speaker(None, None, None, "anonymous")
        if speaker is None:
            return None
        token = self.tokens[verb]
        venue = self._venue(max(subject_end, finite + 1), end)
        return _Attribution(speaker, cue, (token.start, token.end), venue)

    def _impersonal_passive(self, finite: int, verb: int) -> bool:
        return self.tokens[finite].lemma == "werden" and self.tokens[verb].pos == "VVPP"

    def _so_attribution(self, so: int, end: int) -> _Attribution | None:
        subject = so + 1
        if subject < end and self.tokens[subject].pos in FINITE_VERB_TAGS:
            # "„…“ – so formulierte es X": skip the verb and its "es"
            subject += 2 if subject + 1 < end and self.tokens[subject + 1].text == "es" else 1
        speaker, subject_end = self._midfield_subject(subject, end)
        if speaker is None:
            return None
        token = self.tokens[so]
        return _Attribution(speaker, "so", (token.start, token.end), self._venue(subject_end, end))

    def _subject(self, start: int, finite: int, end: int) -> tuple[_Speaker | None, int]:
        impersonal = self.tokens[finite].lemma == "heißen"
        if impersonal and finite + 1 < end and self.tokens[finite + 1].text == "es":
            return self._impersonal_source(finite + 1, end)
        near = finite
        while near > start and not (
            self.tokens[near - 1].text == "," and not self.quoted[near - 1]
        ):
            near -= 1
        for candidate in (
            lambda: self._prefield_subject(near, finite, strict=True),
            lambda: self._nominative_opening(near, finite),
            lambda: self._midfield_subject(finite + 1, end),
            lambda: self._prefield_subject(start, finite, strict=True),
            lambda: self._prefield_subject(start, finite, strict=False),
        ):
            speaker, subject_end = candidate()
            if speaker is not None:
                speaker = self._apposition(speaker, subject_end, finite)
                return self._with_partners(speaker, subject_end, finite, end)
        unnamed = self._prefield_unnamed(near, finite)
        if unnamed is None and near == finite and near > start:
            # "Hans Berger, Präsident des Gerichts, sagte": an apposition fills the gap
            unnamed = self._prefield_unnamed(start, finite)
        return unnamed, finite + 1

    def _with_partners(
        self, speaker: _Speaker, subject_end: int, finite: int, end: int
    ) -> tuple[_Speaker, int]:
        """The speaker with the actors coordinated to it, when a plural verb says that the
        subject is several ("Baerbock und ihre Kollegin Valtonen erklärten", "kündigten die
        USA und Deutschland an"); a singular verb leaves "und" to other readings."""
        if not _plural_finite(self.tokens[finite]):
            return speaker, subject_end
        limit = finite if subject_end <= finite else end
        partners: list[_Speaker] = []
        j = subject_end
        while j + 1 < limit and self.tokens[j].text in SUBJECT_JOINERS and not self.quoted[j]:
            np_end = self._np_end(j + 1, limit, dative_stop=subject_end > finite)
            partner = self._best_mention(j + 1, np_end) if np_end > j + 1 else None
            if partner is None or partner.type not in TYPE_RANK or partner.type == "OTH":
                break
            if partner.entity_id != speaker.entity_id and partner.entity_id is not None:
                partners.append(partner)
            j = np_end
        if not partners:
            return speaker, subject_end
        return replace(speaker, partners=tuple(partners)), j

    def _compared_partners(self, speaker: _Speaker, begin: int, verb: int) -> _Speaker:
        """ "Harris hat wie Präsident Biden zugesagt, …": who is compared to the speaker in
        the middle of the clause said the same. Not after a noun ("Länder wie Polen" lists
        examples) or a comma ("…, wie Tass berichtete, …" is another source)."""
        for i in range(begin, verb):
            if self.tokens[i].text != "wie" or self.quoted[i]:
                continue
            before = self.tokens[i - 1]
            if before.text == "," or before.pos in NP_TAGS:
                continue
            first = i + 2 if self.tokens[i + 1].text == "auch" else i + 1
            partner = self._best_mention(first, self._np_end(first, verb)) if first < verb else None
            if (
                partner is not None
                and partner.type in ("PER", "ORG", "GPE")
                and partner.entity_id not in (None, speaker.entity_id)
            ):
                return replace(speaker, partners=(*speaker.partners, partner))
        return speaker

    def _nominative_opening(self, near: int, finite: int) -> tuple[_Speaker | None, int]:
        """ "Ein Sprecher des Rates sagte der Zeitung": an unnamed subject opening the clause."""
        if near >= finite or self.tokens[near].text.lower() not in NOMINATIVE_ARTICLES:
            return None, finite
        np_end = min(self._np_end(near, finite), finite)
        # "Ein Sprecher des Ministeriums in Peking warf der Nato … vor": the phrases
        # attached to the noun still belong to the subject before the verb
        if np_end != finite and self._attached_phrases(np_end, finite) != finite:
            return None, finite
        return self._unnamed(near, np_end, finite), finite

    def _prefield_unnamed(self, start: int, finite: int) -> _Speaker | None:
        """ "Ein Sprecher des Ministeriums in Peking sagte": a noun phrase with no name."""
        for i in range(start, finite):
            if self.quoted[i] or self.tokens[i].pos not in ("ART", "PIAT", "NN", "NE"):
                continue
            if self._governing_preposition(i, start) is not None:
                return None
            return self._unnamed(i, min(self._np_end(i, finite), finite), finite)
        return None

    def _impersonal_source(self, es: int, end: int) -> tuple[_Speaker | None, int]:
        """ "hieß es aus dem Weißen Haus": the institution; with no source, unnamed."""
        for i in range(es + 1, end):
            if self.tokens[i].text.lower() in SOURCE_OF | {"in", "im", "bei", "beim"}:
                np_end = self._np_end(i + 1, end)
                speaker = self._best_mention(i + 1, np_end) or self._document_author(i + 1, end)
                if speaker is not None:
                    return speaker, np_end
        token = self.tokens[es]
        return _Speaker(None, None, (token.start, token.end), "anonymous"), es + 1

    def _document_author(self, first: int, end: int) -> _Speaker | None:
        """ "heißt es in dem am Mittwoch verabschiedeten Text": a definite document with no
        author named is the document of the organisation or state quoted last, else of the
        organisation named last; "in ihrer Erklärung" is the organisation named last."""
        determiner = self.tokens[first] if first < end else None
        if determiner is None or not (
            determiner.text.lower() in ("der", "dem", "den", "die") or determiner.pos == "PPOSAT"
        ):
            return None
        noun = next(
            (
                j
                for j in range(first + 1, end)
                # the head, not the noun of an inserted phrase ("dem am Mittwoch … Text")
                if self.tokens[j].pos == "NN"
                and self.tokens[j - 1].pos in ("ART", "ADJA", "PPOSAT")
            ),
            None,
        )
        if noun is None or not self.tokens[noun].text.lower().endswith(DOCUMENT_NOUNS):
            return None
        named = self._named_organisation(first, ANY_ORGANISATION)
        if determiner.pos == "PPOSAT":  # "in ihrer Erklärung": the body just named
            return named
        quoted = self._recent_speaker(self.sentence_of[first], lambda s: s.type in ("ORG", "GPE"))
        return quoted or named

    def _apposition(self, speaker: _Speaker, np_end: int, limit: int) -> _Speaker:
        """ "Die Außenministerin Finnlands, Elina Valtonen, erklärte": the named person."""
        if speaker.type == "PER" or np_end >= limit or self.tokens[np_end].text != ",":
            return speaker
        person = self._best_mention(np_end + 1, self._np_end(np_end + 1, limit))
        return person if person is not None and person.type == "PER" else speaker

    def _prefield_subject(
        self, start: int, finite: int, strict: bool
    ) -> tuple[_Speaker | None, int]:
        """The first noun phrase or pronoun before the verb that no preposition governs."""
        for i in range(start, finite):
            token = self.tokens[i]
            if self.quoted[i]:
                continue
            is_pronoun = token.text in SUBJECT_PRONOUNS and token.pos == "PPER"
            if not is_pronoun and i not in self.mentions_at:
                continue
            preposition = self._governing_preposition(i, start)
            if preposition is not None and (strict or preposition not in SOURCE_OF):
                continue
            if is_pronoun:
                return self._pronoun(i), i + 1
            np_end = min(self._np_end(i, finite), finite)
            speaker = self._best_mention(i, max(np_end, i + 1))
            if speaker is not None:
                return speaker, np_end
        return None, finite

    def _midfield_subject(self, begin: int, end: int) -> tuple[_Speaker | None, int]:
        i, skipped = begin, 0
        while i < end and self.tokens[i].pos in SKIPPABLE_ADVERBS and skipped < 3:
            i, skipped = i + 1, skipped + 1
        if i >= end or self.quoted[i]:
            return None, begin
        token = self.tokens[i]
        if token.text in SUBJECT_PRONOUNS and token.pos == "PPER":
            return self._pronoun(i), i + 1
        if token.pos not in NP_TAGS:
            return None, begin
        np_end = self._np_end(i, end)
        speaker = self._best_mention(i, np_end, dative_stop=True)
        if speaker is not None:
            return speaker, self._np_end(i, end, dative_stop=True)
        # "bezeichnen die 32 Mitgliedstaaten die Volksrepublik als …": the object is no part
        stop = self._np_end(i, end, dative_stop=True)
        return self._unnamed(i, stop, end), stop

    def _unnamed(self, first: int, np_end: int, limit: int) -> _Speaker | None:
        """A speaker with no mention: a spokesperson, a definite noun, or anonymous ("Experten
        sagen", "laut Beobachtern"). An anonymous source still makes the clause a claim, not a
        fact the article asserts, which is what relations inside it need to know."""
        tokens = self.tokens[first:np_end]
        if not any(t.pos in ("NN", "NE") for t in tokens):
            return None
        span = (tokens[0].start, tokens[-1].end)
        if any(speaks_for_others(t.text) for t in tokens):
            # "ein Sprecher des Außenministeriums in Peking" speaks for what the phrase names.
            represented = self._best_mention(first, self._attached_phrases(np_end, limit))
            if represented is not None:
                return _Speaker(represented.entity_id, represented.name, span, "role",
                                represented.type)  # fmt: skip
        if any(t.text in GOVERNMENT_SPOKESPERSON for t in tokens):
            state = self.kb.resolve("Deutschland")
            if state is not None:
                return _Speaker(state.id, state.name, span, "role", state.type)
        head = tokens[-1]
        if tokens[0].text.lower() in ("der", "die", "das"):
            named = self._named_organisation(first, organisation_kinds(head.text))
            if named is not None:
                return _Speaker(named.entity_id, named.name, span, "coreferent", "ORG")
        person_noun = self.kb.role_noun(head.text) is not None
        if tokens[0].text in ("die", "Die") and _names_group(tokens, person_noun):
            group = self._recent_group(self.sentence_of[first])
            if group is not None:
                # "erklärten die beiden Minister": the pair named before, each a speaker
                partners = tuple(replace(p, span=span) for p in group.partners)
                return replace(group, span=span, how="coreferent", partners=partners)
        if tokens[0].text in ("der", "die", "Der", "Die") and person_noun:
            genders = (self._noun_gender(head), None)
            previous = self._recent_speaker(
                self.sentence_of[first],
                lambda s: s.type == "PER" and self._gender(s.entity_id) in genders,
            )
            if previous is not None:
                return _Speaker(previous.entity_id, previous.name, span, "coreferent", "PER")
        return _Speaker(None, None, span, "anonymous")

    def _named_organisation(self, before: int, kinds: frozenset[str]) -> _Speaker | None:
        """ "warnte das Institut", "schreiben die Forscher": the organisation of a fitting
        kind named last in the recent sentences refers back to it."""
        if not kinds:
            return None
        sentence = self.sentence_of[before]
        for first, _last, mention in reversed(self.mentions):
            if first >= before or mention.type != "ORG" or mention.kind == "pronoun":
                continue
            if sentence - self.sentence_of[first] > ORGANISATION_MEMORY:
                return None
            entity = self.kb.get(mention.entity_id)
            if entity is not None and entity.kind in kinds:
                return self._speaker_of(mention)
        return None

    def _marked_source(self, first: int, np_end: int, limit: int) -> _Speaker | None:
        """The source a marker names without a known mention: "nach Angaben der Polizei",
        "laut el-Baradei". Kept as an unresolved speaker; the marker itself is the evidence
        that the clause is reported, so a definite noun or a name is enough here (a bare
        plural, "laut Beobachtern", is not).
        """
        if first >= np_end:
            return None
        unnamed = self._unnamed(first, np_end, limit)
        if unnamed is not None:
            return unnamed
        tokens = self.tokens[first:np_end]
        if all(t.pos in ("NE", "FM") for t in tokens) and tokens[0].text[:1].isupper():
            return _Speaker(None, None, (tokens[0].start, tokens[-1].end), "anonymous")
        return None

    def _attached_phrases(self, np_end: int, limit: int) -> int:
        """End of the prepositional phrases attached to a noun phrase ("in Peking", "aus Kiew")."""
        j = np_end
        while j < limit and self.tokens[j].text in ("in", "im", "aus", "von", "vom"):
            j = self._np_end(j + 1, limit)
        return j

    def _best_mention(self, first: int, last: int, dative_stop: bool = False) -> _Speaker | None:
        """The speaker among the mentions in tokens [first, last): a person before the rest."""
        if dative_stop:
            last = self._np_end(first, last, dative_stop=True)
        found = [
            m for f in range(first, last) for (_f, la, m) in self.mentions_at.get(f, ())
            if la <= last + 1 and m.kind != "pronoun"
        ]  # fmt: skip
        if not found:
            return None
        best = min(found, key=lambda m: (TYPE_RANK.get(m.type, 9), m.start))
        speaker = self._speaker_of(best)
        # "Nato-Generalsekretär Mark Rutte": the span covers every mention of the speaker
        same = [m for m in found if m.entity_id == best.entity_id]
        span = (min(m.start for m in same), max(m.end for m in same))
        return _Speaker(speaker.entity_id, speaker.name, span, speaker.how, speaker.type)

    def _speaker_of(self, mention: Mention) -> _Speaker:
        if mention.kind == "metonym":
            # A capital that speaks ("Peking wies zurück") is its state.
            place = self.kb.get(mention.entity_id)
            state = self.kb.get(place.stands_for) if place and place.stands_for else None
            if state is not None:
                span = (mention.start, mention.end)
                return _Speaker(state.id, state.name, span, "metonym", state.type)
        entity = self.doc.entities.get(mention.entity_id)
        name = entity.name if entity is not None else mention.text
        return _Speaker(mention.entity_id, name, (mention.start, mention.end), mention.kind,
                        mention.type)  # fmt: skip

    def _pronoun(self, i: int) -> _Speaker | None:
        token = self.tokens[i]
        gender = SUBJECT_PRONOUNS[token.text]
        sentence = self.sentence_of[i]
        speaker: _Speaker | None = None
        # A person named earlier in the same sentence is the likeliest referent, then the
        # first person of the sentence before, then the last speaker; a known gender that
        # fits beats an unknown one.
        # In "…, sagte er" the people named in the statement before are not who speaks.
        inserted = i >= 2 and self.tokens[i - 1].pos == "VVFIN" and self.tokens[i - 2].text == ","
        # "Er warf dem Kremlchef vor": a pronoun is never a person named in its own clause
        others = self._co_arguments(i)
        for genders in ((gender,), (None,)):
            speaker = self._referent(token.start, genders, sentence, inserted, others)
            if speaker is not None:
                break
        if speaker is None and gender == "f":
            speaker = self._recent_speaker(sentence, lambda s: s.type in ("ORG", "GPE"))
        if speaker is None or speaker.entity_id is None:
            # "…, da sie befürchten, …" with no one to refer to: still somebody's statement
            return _Speaker(None, None, (token.start, token.end), "anonymous")
        return _Speaker(speaker.entity_id, speaker.name, (token.start, token.end), "pronoun",
                        speaker.type)  # fmt: skip

    def _referent(
        self,
        offset: int,
        genders: tuple[str | None, ...],
        sentence: int,
        inserted: bool,
        others: frozenset[str],
    ) -> _Speaker | None:
        """The first person that fits, in order of likelihood, who is none of ``others``."""
        sentence_start = self.doc.sentences[sentence].start
        person = self._person_of(genders)
        if not inserted:
            found = self._nearest_person(offset, genders, sentence_start)
            if found is not None and found.entity_id not in others:
                return found
        for found in (
            self._first_person(sentence - 1, genders),
            self._recent_speaker(sentence, lambda s: person(s) and s.entity_id not in others),
            self._nearest_person(offset, genders),
        ):
            if found is not None and found.entity_id not in others:
                return found
        return None

    def _co_arguments(self, i: int) -> frozenset[str]:
        """Entities of the people named by name or role in the clause of token ``i``."""
        sent = self.doc.sentences[self.sentence_of[i]]
        begin, end = i, i + 1
        while begin > sent.first_token and not self._boundary(begin - 1):
            begin -= 1
        while end < sent.last_token and not self._boundary(end):
            end += 1
        return frozenset(
            m.entity_id
            for f in range(begin, end)
            if f != i and not self.quoted[f]
            for (_f, _l, m) in self.mentions_at.get(f, ())
            if m.type == "PER" and m.kind != "pronoun"
        )

    def _first_person(self, sentence: int, genders: tuple[str | None, ...]) -> _Speaker | None:
        if sentence < 0:
            return None
        sent = self.doc.sentences[sentence]
        for first, _last, mention in self.mentions:
            if first >= sent.last_token:
                return None
            if (
                first >= sent.first_token
                and mention.type == "PER"
                and not self.quoted[first]
                and self._gender(mention.entity_id) in genders
            ):
                return self._speaker_of(mention)
        return None

    def _person_of(self, genders: tuple[str | None, ...]) -> Callable[[_Speaker], bool]:
        return lambda s: s.type == "PER" and self._gender(s.entity_id) in genders

    def _recent_group(self, sentence: int) -> _Speaker | None:
        """The last coordinated subject of a recent statement, with its partners."""
        for said in reversed(self.said):
            if sentence - said.sentence > SPEAKER_MEMORY:
                return None
            if said.attribution.speaker.partners:
                return said.attribution.speaker
        return None

    def _recent_speaker(self, sentence: int, accept: Callable[[_Speaker], bool]) -> _Speaker | None:
        for said in reversed(self.said):
            if sentence - said.sentence > SPEAKER_MEMORY:
                return None
            speaker = said.attribution.speaker
            if speaker.entity_id is not None and accept(speaker):
                return speaker
        return None

    def _nearest_person(
        self, before: int, genders: tuple[str | None, ...], since: int = 0
    ) -> _Speaker | None:
        for _first, _last, mention in reversed(self.mentions):
            if mention.end > before or mention.type != "PER":
                continue
            if mention.start < since:
                return None
            if self._gender(mention.entity_id) in genders:
                return self._speaker_of(mention)
        return None

    def _gender(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        entity = self.kb.get(entity_id)
        if entity is not None and entity.gender is not None:
            return entity.gender
        roles = [m.text for (_f, _l, m) in self.mentions
                 if m.entity_id == entity_id and m.kind == "role"]  # fmt: skip
        if roles:
            return "f" if roles[-1].rstrip("s").endswith("in") else "m"
        for first, _last, mention in self.mentions:
            # "die Grünen-Politikerin Anna Berger": the noun before the name tells.
            if mention.entity_id == entity_id and first > 0:
                gender = self._noun_gender(self.tokens[first - 1])
                if gender is not None:
                    return gender
        return None

    def _noun_gender(self, token: Token) -> str | None:
        """Gender a noun before a name gives its person: a role noun, "Frau"/"Herr", "-in"."""
        if token.text in ("Frau", "Herr"):
            return "f" if token.text == "Frau" else "m"
        noun = self.kb.role_noun(token.text)
        if noun is not None and noun.gender is not None:
            return noun.gender
        last_part = token.text.rsplit("-", 1)[-1]
        if token.pos == "NN" and len(last_part) > 5 and last_part.endswith("in"):
            return "f"  # feminine agent nouns: "Politikerin", "Sprecherin", "Ministerin"
        return None

    # -- venues ---------------------------------------------------------------------

    def _venue(self, begin: int, end: int) -> str | None:
        """Medium or place: "im Interview mit X", "gegenüber X", "auf dem Gipfel", "in Brüssel"."""
        tokens = self.tokens
        if begin < end and tokens[begin].text in ("dem", "der") and tokens[begin].pos == "ART":
            np_end = self._np_end(begin + 1, end, quoted_ok=True)
            if self._names_medium(begin + 1, np_end):  # "sagte X der Zeitung"
                return self._text(begin, np_end)
        for i in range(begin, end):
            word = tokens[i].text
            if self.quoted[i] and tokens[i].pos not in ("XY", "FM", "$("):
                break
            if word in ("gegenüber", "gemäß") and i + 1 < end:
                return self._text(i + 1, self._np_end(i + 1, end, quoted_ok=True))
            if word not in ("in", "im", "auf", "bei", "beim", "vor") or i + 1 >= end:
                continue
            np_end = self._np_end(i + 1, end, quoted_ok=True)
            if np_end < end and tokens[np_end].text == "mit":
                np_end = self._np_end(np_end + 1, end, quoted_ok=True)
            phrase = self.tokens[i + 1 : np_end]
            heads = [t.text.lower() for t in phrase if t.pos in ("NN", "NE")]
            places = [
                m for (f, la, m) in self.mentions if i < f < np_end and m.type in ("GPE", "ORG")
            ]
            if any(h.endswith(VENUE_HEADS) for h in heads) or (places and np_end > i + 1):
                venue = self._text(i, np_end)
                return venue.rstrip(".") if venue else None
        return None

    def _names_medium(self, first: int, last: int) -> bool:
        """A dative phrase that is an audience or medium, not an object ("warf dem Westen vor")."""
        heads = [t.text.lower() for t in self.tokens[first:last] if t.pos in ("NN", "NE")]
        if any(h.endswith(VENUE_HEADS) or h.endswith(MEDIUM_NOUNS) for h in heads):
            return True
        return any(
            m.type == "ORG"
            for f in range(first, last)
            for (_f, _l, m) in self.mentions_at.get(f, ())
        )

    # -- token helpers --------------------------------------------------------------

    def _cue(self, i: int, end: int) -> str | None:
        return verb_cue(self.tokens, i, end)

    def _segments(self, first: int, last: int) -> list[tuple[int, int]]:
        """The sentence split at colons outside quotations."""
        segments, start = [], first
        for i in range(first, last):
            if self.tokens[i].text == ":" and not self.quoted[i]:
                if i > start:
                    segments.append((start, i))
                start = i + 1
        if start < last:
            segments.append((start, last))
        return segments

    def _next_comma(self, verb: int, end: int) -> int | None:
        for j in range(verb + 1, end):
            if self.quoted[j]:
                continue
            if self.tokens[j].text == ",":
                return j
            if self.tokens[j].pos in FINITE_VERB_TAGS or self.tokens[j].text in (".", ";"):
                return None
        return None

    def _clause_end(self, begin: int, end: int) -> int:
        """End of a reported clause: before a coordinated main verb ("…, und warnte")."""
        tokens = self.tokens
        for j in range(begin + 1, end - 1):
            if tokens[j].text == "," and not self.quoted[j] and self._speaker_clause_at(j + 1, end):
                return self._trimmed(begin, j)  # "…, so X im Fernsehen", "…, sagte X"
            if self.quoted[j] or self.quoted[j + 1] or tokens[j + 1].pos not in FINITE_VERB_TAGS:
                continue
            # "…, und warnte" or "…, erkannte das Gericht nicht an": the matrix clause goes on
            if tokens[j].text in COORDINATORS or (
                tokens[j].text == "," and not is_konjunktiv(tokens, j + 1)
            ):
                return self._trimmed(begin, j)
        for j in range(begin + 1, end):
            # "…, doch der Sprecher erklärte, …": a new speaker clause after a coordinator
            if tokens[j].text in COORDINATORS and not self.quoted[j]:
                verb = self._clause_verb(j + 1, end)
                if verb is not None and verb - j <= MAX_SUBJECT_TOKENS:
                    return self._trimmed(begin, j)
        return self._trimmed(begin, end)

    def _speaker_clause_at(self, i: int, end: int) -> bool:
        """Whether an inserted speaker clause starts at ``i``: "so X", "sagte X"."""
        token = self.tokens[i]
        if self.quoted[i]:
            return False
        if token.text == "so" and i + 1 < end:
            return self.tokens[i + 1].pos in NP_TAGS or self.tokens[i + 1].pos == "PPER"
        return token.pos == "VVFIN" and self._cue(i, end) is not None

    def _trimmed(self, begin: int, end: int) -> int:
        while (
            end > begin + 1
            and self.tokens[end - 1].pos in ("$,", "$.")
            and not self.quoted[end - 1]
        ):
            end -= 1
        while end > begin + 1 and self.tokens[end - 1].text in ("–", "-", "—", "("):
            end -= 1
        return end

    def _is_clause(self, begin: int, end: int) -> bool:
        """A finite verb outside quotation marks: a clause, not a bare noun or a quotation."""
        return any(
            self.tokens[i].pos in FINITE_VERB_TAGS and not self.quoted[i] for i in range(begin, end)
        )

    def _participle_cue(self, begin: int, end: int) -> int | None:
        for j in range(begin, end):
            if self.tokens[j].text == "," or self.quoted[j]:
                return None
            if self.tokens[j].pos == "VVPP" and self._cue(j, end):
                return j
        return None

    def _has_main_clause(self, begin: int, end: int) -> bool:
        """A finite verb outside subordinate clauses ("Auf die Frage, ob … werde" has none)."""
        subordinate = self.tokens[begin].pos in SUBORDINATOR_TAGS
        for i in range(begin, end):
            token = self.tokens[i]
            if self.quoted[i]:
                continue
            if token.text == ",":
                following = self.tokens[i + 1] if i + 1 < end else token
                subordinate = following.pos in SUBORDINATOR_TAGS or following.text in ("dass", "ob")
            elif token.pos in FINITE_VERB_TAGS and not subordinate:
                return True
        return False

    def _clause_verb(self, begin: int, end: int) -> int | None:
        """The finite speech verb that closes a "wie X sagte" clause."""
        for j in range(begin, end):
            if self.tokens[j].text == "," and not self.quoted[j]:
                return None
            if self.tokens[j].pos in FINITE_VERB_TAGS and self._cue(j, end):
                return j
        return None

    def _clause_limit(self, i: int) -> int:
        """Where a speaker clause starting at token ``i`` ends: sentence end or next quotation."""
        sent = self.doc.sentences[self.sentence_of[i]]
        j = i
        while j < sent.last_token and not self.quoted[j] and self.tokens[j].text not in (":", ";"):
            j += 1
        return j

    def _boundary(self, i: int) -> bool:
        return not self.quoted[i] and self.tokens[i].text in (",", ":", ";")

    def _governing_preposition(self, first: int, floor: int) -> str | None:
        """The preposition a noun phrase at ``first`` depends on, if any ("auf Trump")."""
        j = first - 1
        while j >= floor and (self.tokens[j].pos in NP_TAGS or self.tokens[j].text in "()"):
            j -= 1
        if j < floor or self.tokens[j].pos not in PREPOSITION_TAGS:
            return None
        if self.tokens[j].pos == "KOKOM" and (j == floor or self.tokens[j - 1].text == ","):
            return None  # "…, wie X sagte": "wie" opens the clause, X is its subject
        return self.tokens[j].text.lower()

    def _np_end(self, i: int, end: int, dative_stop: bool = False, quoted_ok: bool = False) -> int:
        """End of the noun phrase starting at ``i``; with ``dative_stop`` a second article after a
        name ends it ("Rutte dem Plenum")."""
        j = i
        while j < end:
            token = self.tokens[j]
            if self.quoted[j] and not quoted_ok:
                break
            if token.text in ("und", "oder") and j > i and self.tokens[j - 1].pos == "TRUNC":
                j += 1  # "Staats- und Regierungschefs": one noun, shortened
                continue
            if (
                token.pos not in NP_TAGS
                and token.text not in "()"
                and not (quoted_ok and self.quoted[j])
            ):
                break
            if dative_stop and j > i and token.pos == "ART":
                # only "des"/"der" after a common noun can be a genitive that continues it
                genitive = token.text in ("des", "der") and self.tokens[j - 1].pos == "NN"
                if not genitive:
                    break
            j += 1
        return j

    def _np_start(self, i: int) -> int:
        """Start of the noun phrase that ends right before token ``i`` (``i`` if none)."""
        sentence_start = self.doc.sentences[self.sentence_of[i]].first_token
        j = i
        while j > sentence_start and self.tokens[j - 1].pos in NP_TAGS and not self.quoted[j - 1]:
            j -= 1
        if j < i and not any(t.pos in ("NN", "NE") for t in self.tokens[j:i]):
            return i
        return j

    def _tok_from(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def _paragraph(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def _starts_paragraph(self, offset: int) -> bool:
        index = self._paragraph(offset)
        return index >= 0 and not self.doc.text[self.paragraph_starts[index] : offset].strip()

    def _text(self, first: int, last: int) -> str | None:
        if last <= first:
            return None
        return self.doc.text[self.tokens[first].start : self.tokens[last - 1].end]

    # -- recording ------------------------------------------------------------------

    def _add(
        self,
        first: int,
        last: int,
        kind: QuoteKind,
        attribution: _Attribution,
        sentence: int,
        factor: float = 1.0,
        chars: tuple[int, int] | None = None,
    ) -> None:
        start, end = chars or (self.tokens[first].start, self.tokens[last - 1].end)
        speaker = attribution.speaker
        confidence = round(CONFIDENCE[speaker.how] * factor, 3)
        evidence = self.doc.evidence(start, end, STAGE, confidence, VERSION)
        quote = Quote(
            evidence=evidence,
            text=self.doc.text[start:end],
            kind=kind,
            speaker_id=speaker.entity_id,
            speaker_name=speaker.name,
            speaker_span=speaker.span,
            cue=attribution.cue,
            cue_span=attribution.cue_span,
            venue=attribution.venue,
            date=statement_date(self.doc, start, end, attribution.cue_span),
        )
        paragraph = self._paragraph(start)
        # A quotation of several sentences is remembered at its last one.
        last_sentence = max(sentence, self.sentence_of[max(0, self._tok_from(end) - 1)])
        self.said.append(_Said(quote, attribution, last_sentence, paragraph))
        if speaker.how == "pronoun" and speaker.span is not None:
            self._record_pronoun(speaker, speaker.span)

    def _record_pronoun(self, speaker: _Speaker, span: tuple[int, int]) -> None:
        if speaker.entity_id is None or any(m.start == span[0] for m in self.pronoun_mentions):
            return
        evidence = self.doc.evidence(span[0], span[1], STAGE, CONFIDENCE["pronoun"], VERSION)
        entity_type: EntityType = "PER"
        if speaker.type in ("ORG", "GPE", "LOC"):
            entity_type = cast(EntityType, speaker.type)
        text = self.doc.text[span[0] : span[1]]
        self.pronoun_mentions.append(
            Mention(evidence, text, entity_type, speaker.entity_id, "pronoun")
        )


def _plural_finite(token: Token) -> bool:
    """A third-person plural form ("sagten", "erklären", "sind"): these end in -n, while
    the singular ones ("sagte", "erklärt", "ist", "kann") do not end in -en."""
    word = token.text.lower()
    return word.endswith(("en", "ern", "eln")) or word == "sind"


def _names_group(tokens: list[Token], person_noun: bool) -> bool:
    """ "die beiden Politiker", "die Ministerinnen", "die Außenminister": a plural noun
    phrase of people ("die" before a masculine role noun is plural)."""
    head = tokens[-1].text
    if any(t.text.lower() in ("beiden", "beide") for t in tokens):
        return True
    return head.endswith("innen") or (person_noun and not head.endswith("in"))


def _said_also_by(quote: Quote, partner: _Speaker) -> Quote:
    """The same words attributed to a co-speaker of a coordinated subject."""
    return replace(
        quote,
        speaker_id=partner.entity_id,
        speaker_name=partner.name,
        speaker_span=partner.span,
    )


def _deduplicated(quotes: list[Quote], text: str) -> list[Quote]:
    """One quotation per span; a reported clause that only repeats a direct quotation goes."""
    direct = {_bare(q.text) for q in quotes if q.kind == "direct"}
    seen: set[tuple[int, int]] = set()
    result = []
    for quote in sorted(quotes, key=lambda q: (q.evidence.start, q.kind != "direct")):
        key = (quote.evidence.start, quote.evidence.end)
        if key in seen or (quote.kind == "indirect" and _bare(quote.text) in direct):
            continue
        if quote.kind == "indirect" and _nested_in_own(quote, quotes, text):
            continue
        seen.add(key)
        result.append(quote)
    return result


def _nested_in_own(quote: Quote, quotes: list[Quote], text: str) -> bool:
    """ "sagte er, niemand glaube, dass …": the "dass" clause inside the same speaker's
    report is part of it, not a statement of its own."""
    start, end = quote.evidence.start, quote.evidence.end
    if not text[max(0, start - 5) : start].rstrip().endswith(("dass", "ob")):
        return False
    return quote.speaker_id is not None and any(
        other.kind == "indirect"
        and other.speaker_id == quote.speaker_id
        and other.evidence.start <= start
        and end <= other.evidence.end
        and (other.evidence.start, other.evidence.end) != (start, end)
        for other in quotes
    )


def _bare(text: str) -> str:
    return " ".join(text.translate({ord(c): " " for c in "„“”\"»«‚‘’'‹›"}).split())
