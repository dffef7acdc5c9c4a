"""The speech-cue lexicon: verbs, nouns and markers that report what someone said.

Data in code because every entry is read by a rule in :mod:`lagebild.extract.quotes`
and the two change together. The lists are general German reporting vocabulary
written for this project (no entry is taken from an annotated corpus).
"""

from __future__ import annotations

from collections.abc import Sequence

from lagebild.model import Token

#: Lemmas of verbs that report speech or a written statement. Separable verbs are
#: listed joined ("hinweisen"); :func:`verb_cue` joins "wies ... hin" to match.
SPEECH_VERBS: frozenset[str] = frozenset({
    "sagen", "erklären", "betonen", "warnen", "mahnen", "fordern", "auffordern",
    "kritisieren", "bekräftigen", "unterstreichen", "versichern", "beteuern", "behaupten",
    "meinen", "ergänzen", "hinzufügen", "berichten", "schreiben", "mitteilen",
    "feststellen", "klarstellen", "ankündigen", "andeuten", "hinweisen", "hervorheben",
    "ausführen", "resümieren", "analysieren", "erläutern", "argumentieren", "bestätigen",
    "dementieren", "bestreiten", "einräumen", "zugeben", "kommentieren", "antworten",
    "entgegnen", "erwidern", "verkünden", "bekanntgeben", "twittern", "posten", "nennen",
    "bezeichnen", "beschuldigen", "vorwerfen", "appellieren", "drohen", "androhen",
    "versprechen", "zusagen", "zusichern", "beklagen", "prognostizieren", "vorhersagen",
    "angeben", "melden", "sprechen", "folgern", "schlussfolgern", "urteilen", "bilanzieren",
    "zitieren", "verlangen", "drängen", "anmerken", "bemerken", "beschreiben", "fragen",
    "verneinen", "bejahen", "loben", "begründen", "einwenden", "bedauern",
    "kundtun", "verlautbaren", "heißen", "erinnern", "schildern", "äußern", "unterstellen",
    "anprangern", "vorrechnen", "zurückweisen", "herausstreichen", "werben", "zusammenfassen",
    "formulieren", "verweisen", "vermelden", "durchblicken", "vorschlagen", "anbieten",
    "empfehlen", "raten", "bitten",
    # stated beliefs and expectations: "glaubt, dass …", "geht davon aus, dass …"
    "glauben", "vermuten", "annehmen", "befürchten", "fürchten", "hoffen", "bezweifeln",
    "schätzen", "ausgehen", "verlauten", "erwarten", "rechtfertigen",
    # findings reported from a study or an inquiry: "Die Studie ergab, dass …"
    "ergeben", "zeigen", "belegen", "nahelegen",
})  # fmt: skip

#: (verb lemma, word that completes it) for cues made of a verb and a free word:
#: "macht deutlich", "gab zu bedenken", "brachte zum Ausdruck".
SPEECH_PHRASES: frozenset[tuple[str, str]] = frozenset({
    ("machen", "deutlich"), ("machen", "klar"), ("geben", "bedenken"),
    ("bringen", "Ausdruck"), ("stellen", "klar"), ("stellen", "fest"),
    ("geben", "an"), ("geben", "bekannt"), ("weisen", "hin"), ("weisen", "zurück"),
    ("wenden", "an"), ("erheben", "Vorwürfe"), ("erheben", "Vorwurf"), ("üben", "Kritik"),
})  # fmt: skip

#: Verbs that are no speech cue themselves but give the speaker the floor for the
#: reported sentences after them ("X verteidigte sein Vorgehen. Es sei richtig, …").
FLOOR_VERBS: frozenset[str] = frozenset({"verteidigen", "rechtfertigen", "wenden"})

#: Speech verbs whose complement may be a zu-infinitive that reports the statement
#: ("kündigte an, ... abzuziehen"; "sagte zu, ... zu unterstützen").
ANNOUNCING_VERBS: frozenset[str] = frozenset({
    "ankündigen", "versprechen", "zusagen", "zusichern", "androhen", "drohen",
    "behaupten", "bestreiten", "beteuern", "anbieten", "vorschlagen", "beschuldigen",
    "bekräftigen", "versichern", "fordern", "auffordern", "verlangen", "appellieren",
    "vorwerfen", "erklären", "betonen", "empfehlen", "raten", "bitten", "hoffen", "äußern",
})  # fmt: skip

#: Nouns of "nach Angaben von X", "nach Ansicht des X", "aus Sicht der X".
OPINION_NOUNS: frozenset[str] = frozenset({
    "Angaben", "Ansicht", "Einschätzung", "Worten", "Auffassung", "Meinung", "Darstellung",
    "Aussage", "Aussagen", "Überzeugung", "Informationen", "Schätzung", "Schätzungen",
    "Berechnungen", "Sicht", "Lesart", "Einschätzungen", "Erkenntnissen", "Beobachtung",
    "Überzeugungen", "Interpretation", "Auskunft", "Bericht", "Berichten", "Analyse",
})  # fmt: skip
#: Prepositions that open an opinion-noun marker ("nach Angaben", "aus Sicht").
OPINION_PREPOSITIONS: frozenset[str] = frozenset({"nach", "Nach", "aus", "Aus"})
#: Postposition of "X zufolge".
POSTPOSITION_MARKERS: frozenset[str] = frozenset({"zufolge"})
#: Prepositions of "laut X", "gemäß X" when X is the source of the statement.
SOURCE_PREPOSITIONS: frozenset[str] = frozenset({"laut", "Laut"})

#: Words before a quoted term that make it a name or title, not somebody's words.
TITLE_WORDS: frozenset[str] = frozenset({
    "Titel", "namens", "sogenannte", "sogenannten", "sogenannter", "sogenanntes",
    "Motto", "Slogan", "Operation", "Hashtag", "Stichwort", "Schlagwort", "genannt",
    "genannte", "genannten", "Überschrift", "Name", "Namen",
})  # fmt: skip

#: Nouns that make "auf dem ...", "bei der ..." a venue ("auf dem Nato-Gipfel").
VENUE_HEADS: tuple[str, ...] = (
    "gipfel", "konferenz", "treffen", "pressekonferenz", "parteitag", "forum", "sitzung",
    "tagung", "interview", "rede", "pressestatement", "sendung", "talkshow", "website",
    "plattform", "zeitung", "sender", "fernsehen", "radio", "podcast", "post", "plenum",
    "parlament", "bundestag", "versammlung", "kongress", "briefing",
)  # fmt: skip

#: Nouns after which a short capitalised quotation is a title ("die Zeitung „Kurier“").
MEDIUM_NOUNS: tuple[str, ...] = (
    "zeitung", "magazin", "blatt", "sender", "sendung", "agentur", "buch", "film", "titel",
    "programm", "serie", "podcast", "show", "kanal", "plattform", "portal", "dokument",
    "roman", "werk", "album", "lied", "song", "stück", "studie", "bericht", "gesetz",
)  # fmt: skip
#: Spokesperson nouns: "ein Sprecher des Kremls" speaks for the Kremlin's state.
SPOKESPERSON_PREFIXES: tuple[str, ...] = ("sprecher", "sprecherin")
#: Spokesperson nouns that speak for the government of the article's country.
#: Nouns that name an organisation, or its researchers, without its name ("warnte das
#: Institut", "schreiben die Forscher"), by ending, with the knowledge-base kinds they fit.
ORGANISATION_NOUNS: tuple[tuple[str, frozenset[str]], ...] = (
    ("institut", frozenset({"think_tank"})), ("denkfabrik", frozenset({"think_tank"})),
    ("forscher", frozenset({"think_tank"})), ("forscherinnen", frozenset({"think_tank"})),
    ("analysten", frozenset({"think_tank"})), ("autoren", frozenset({"think_tank"})),
    ("bündnis", frozenset({"alliance"})), ("allianz", frozenset({"alliance"})),
    ("behörde", frozenset({"agency", "government"})), ("ministerium", frozenset({"government"})),
    ("geheimdienst", frozenset({"intelligence"})),
    ("nachrichtendienst", frozenset({"intelligence"})),
    ("armee", frozenset({"military"})), ("streitkräfte", frozenset({"military"})),
    ("konzern", frozenset({"company"})), ("unternehmen", frozenset({"company"})),
    ("hersteller", frozenset({"company"})), ("partei", frozenset({"party"})),
    ("organisation", frozenset({"igo", "alliance", "agency"})),
    # the members speak for their body: "Die Staats- und Regierungschefs fordern …"
    ("regierungschefs", frozenset({"alliance", "igo"})),
    ("mitgliedstaaten", frozenset({"alliance", "igo"})),
    ("mitgliedsstaaten", frozenset({"alliance", "igo"})),
    ("mitgliedsländer", frozenset({"alliance", "igo"})),
    ("verbündeten", frozenset({"alliance"})), ("alliierten", frozenset({"alliance"})),
)  # fmt: skip


def organisation_kinds(noun: str) -> frozenset[str]:
    """Knowledge-base kinds an organisation noun can stand for ("Friedensforschungsinstitut"
    -> think tanks); empty for other nouns."""
    lower = noun.lower()
    for ending, kinds in ORGANISATION_NOUNS:
        if lower.endswith(ending):
            return kinds
    return frozenset()


GOVERNMENT_SPOKESPERSON: frozenset[str] = frozenset({
    "Regierungssprecher", "Regierungssprecherin", "Regierungssprechers",
    "Vize-Regierungssprecher", "Vize-Regierungssprecherin",
})  # fmt: skip

#: Konjunktiv II forms that mark reported speech in context; the umlaut rule in
#: :func:`is_konjunktiv` catches the rest ("kämen", "gäbe", "hätte").
KONJUNKTIV_II: frozenset[str] = frozenset({
    "würde", "würden", "würdest", "könnte", "könnten", "müsste", "müssten", "dürfte",
    "dürften", "möge",
})  # fmt: skip
FINITE_VERB_TAGS: frozenset[str] = frozenset({"VVFIN", "VAFIN", "VMFIN"})
_UMLAUTS = {"ä": "a", "ö": "o", "ü": "u"}
_FIRST_PERSON = frozenset({"ich", "Ich"})

#: Pronouns that can be the subject of a speech verb, with the gender they require.
SUBJECT_PRONOUNS: dict[str, str | None] = {
    "er": "m", "Er": "m", "sie": "f", "Sie": "f",
}  # fmt: skip

#: Opening mark -> closing marks it accepts. Straight marks close themselves.
QUOTE_PAIRS: dict[str, str] = {
    "„": '“"”',
    "“": "”",
    "»": "«",
    "«": "»",
    "‚": "‘’'",
    "‹": "›",
    "›": "‹",
    '"': '"“”',
    "'": "'’",
}
#: Marks that may close a quotation (used to recognise a closing mark whose opener is missing).
CLOSING_MARKS: frozenset[str] = frozenset("“”\"«»‘’'‹›")
#: Marks that may be apostrophes inside words and are only quotes at word edges.
AMBIGUOUS_MARKS: frozenset[str] = frozenset("'’")


def verb_cue(tokens: Sequence[Token], i: int, clause_end: int) -> str | None:
    """The speech cue (joined lemma) of the verb at ``tokens[i]``, or None.

    A finite verb may have its particle later in the clause ("wies ... hin",
    "fügte ... hinzu"); the particle is searched up to ``clause_end``.
    """
    token = tokens[i]
    if not token.pos.startswith("V"):
        return None
    lemma = token.lemma or token.text.lower()
    if token.pos == "VVPP" and i + 1 < len(tokens) and tokens[i + 1].pos == "CARD":
        return None  # "auf geschätzt 149 Milliarden": a hedge on a figure, not a speech act
    if token.pos.endswith("FIN"):
        for j in range(i + 1, clause_end):
            other = tokens[j]
            if other.pos == "PTKVZ" or _clause_final_particle(tokens, j, clause_end):
                joined = other.text.lower() + lemma
                if joined in SPEECH_VERBS:
                    return joined
                if (lemma, other.text.lower()) in SPEECH_PHRASES:
                    return other.text.lower() + lemma
                break
            if {(lemma, other.text), (lemma, other.text.lower())} & SPEECH_PHRASES:
                return f"{other.text.lower()} {lemma}"
            if other.pos.startswith("V") or other.pos in ("$,", "$.", "KOUS"):
                break
    if lemma in SPEECH_VERBS:
        return lemma
    if token.pos.endswith("FIN") and i > 0:
        # verb-final clauses put the particle first: "wie die Bank bekannt gab"
        before = tokens[i - 1].text.lower()
        if before + lemma in SPEECH_VERBS or (lemma, before) in SPEECH_PHRASES:
            return before + lemma
    return None


#: Separable particles the tagger may read as prepositions when they end a clause.
CLAUSE_FINAL_PARTICLES = frozenset({"mit", "an", "aus", "zu", "ein", "vor", "hin", "fest", "auf"})


def _clause_final_particle(tokens: Sequence[Token], j: int, clause_end: int) -> bool:
    """ "teilte das Ministerium mit." — "mit" before punctuation is the verb's particle."""
    if tokens[j].text not in CLAUSE_FINAL_PARTICLES:
        return False
    return j + 1 >= clause_end or tokens[j + 1].pos in ("$,", "$.")


def is_opinion_noun(word: str) -> bool:
    """ "Angaben", "Polizeiangaben", "Nato-Angaben", "Medienberichten"."""
    if word in OPINION_NOUNS:
        return True
    tail = word.rsplit("-", 1)[-1]
    return (tail != word and tail.capitalize() in OPINION_NOUNS) or any(
        word.endswith(noun.lower()) and len(word) > len(noun) + 2 for noun in COMPOUND_OPINION_NOUNS
    )


#: Opinion nouns that also close compounds ("Polizeiangaben", "Regierungsinformationen").
COMPOUND_OPINION_NOUNS: tuple[str, ...] = (
    "Angaben", "Informationen", "Berichten", "Schätzungen", "Einschätzung", "Aussagen",
)  # fmt: skip


def is_konjunktiv(tokens: Sequence[Token], i: int) -> bool:
    """Whether the finite verb at ``tokens[i]`` is in a subjunctive that marks reported speech.

    Konjunktiv I is recognised where it differs from the indicative: the third person
    singular ending in -e ("sei", "habe", "verstoße", "könne"), and "seien". Konjunktiv II
    by a closed list of auxiliaries and modals and by an umlaut the infinitive lacks
    ("kämen" from "kommen", "hätte" from "haben").
    """
    token = tokens[i]
    if token.pos not in FINITE_VERB_TAGS:
        return False
    word = token.text.lower()
    lemma = (token.lemma or "").lower()
    if word in ("sei", "seien", "seiest"):
        return True
    if word in KONJUNKTIV_II:
        return True
    if i > 0 and tokens[i - 1].text in _FIRST_PERSON:
        return False
    if i + 1 < len(tokens) and tokens[i + 1].text in _FIRST_PERSON:
        return False
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1] if lemma.endswith("n") else ""
    if stem and word == stem + "e" and not word.endswith("ee"):
        return True
    if lemma.endswith(("eln", "ern")) and word == lemma[:-3] + lemma[-2] + "e":
        return True  # "handle", "ändre": the -e- of the stem drops
    return _umlaut_konjunktiv_ii(word, lemma)


def _umlaut_konjunktiv_ii(word: str, lemma: str) -> bool:
    if not word.endswith(("e", "en", "est", "et")) or not lemma:
        return False
    umlauts = [ch for ch in word if ch in _UMLAUTS]
    return bool(umlauts) and not any(ch in lemma for ch in umlauts)


#: Heads of noun phrases that speak for the state or body they name ("die Regierung in
#: Warschau", "das Außenministerium in Peking", "die Führung in Pjöngjang").
INSTITUTION_SUFFIXES: tuple[str, ...] = (
    "regierung", "ministerium", "führung", "kabinett", "präsidialamt", "kanzleramt",
    "botschaft", "behörde", "armee", "militär", "streitkräfte", "geheimdienst", "kommando",
)  # fmt: skip


def speaks_for_others(word: str) -> bool:
    """A spokesperson or an institution: its statements are those of what it belongs to."""
    lowered = word.lower().rstrip("s")
    return is_spokesperson(word) or lowered.endswith(INSTITUTION_SUFFIXES)


def is_spokesperson(word: str) -> bool:
    """ "Sprecher", "Kreml-Sprecher", "Sprecherin" (any compound ending in a spokesperson noun)."""
    lowered = word.lower().rstrip("s")
    return lowered.endswith(SPOKESPERSON_PREFIXES) or lowered.endswith("sprecherinnen")
