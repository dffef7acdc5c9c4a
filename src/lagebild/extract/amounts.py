"""The ``amounts`` stage: quantities with value, unit, measure, actor and year.

Works on the tokens of each sentence. A quantity is a *core* (a numeral "1.500",
a number word "fünf", a ratio "jeder dritte", a fraction "zwei Drittel", a
count in a row "das zehnte Jahr in Folge" or a compound "70-minütigen",
"Zwei-Prozent-Ziel"),
optionally widened to the left by qualifiers ("rund", "mehr als", "bis zu",
"um") and to the right by a range ("bis drei"), a magnitude ("Milliarden"), and
a unit: a currency, "Prozent", or the counted noun ("Soldaten", "Länder"). A
percentage keeps its genitive phrase ("fünf Prozent ihres BIP"), which also
names the measure. Numbers that are not quantities are skipped: dates and
years, clock times, ages, ordinals, page and list numbers, phone numbers,
counts of sources, points in time counted from an event ("drei Tage nach dem
Einmarsch"), and a definite repetition of a figure already given ("die fünf
Prozent" after "fünf Prozent").

Vague quantities ("Hunderte", "Tausende", "Dutzende", "mehrere tausend") are
no numbers and give no amount: the annotation guide counts numbers only.
Fractions and ratios ("zwei Drittel", "jeder dritte") are shares and become
percentages. "Mitglieder" are countries when the body they belong to is an
alliance or an intergovernmental organisation of the knowledge base ("32
Nato-Mitglieder"), else persons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lagebild.calendar_de import MONTHS, WEEKDAYS
from lagebild.extract.amounts_en import english_amounts
from lagebild.extract.dates import sentence_time_expressions
from lagebild.extract.numbers import (
    FRACTIONS,
    ORDINALS,
    parse_number_word,
    parse_numeral,
    parse_ordinal_word,
)
from lagebild.kb import KnowledgeBase
from lagebild.model import Amount, Document, Mention, Sentence, TimeExpression, Token
from lagebild.pipeline import Resources

STAGE = "amounts"  # the English rules (amounts_en) record the same stage name
VERSION = "1"

MAGNITUDES: dict[str, float] = {
    "tausend": 1e3, "tsd.": 1e3, "tsd": 1e3,
    "million": 1e6, "millionen": 1e6, "mio.": 1e6, "mio": 1e6,
    "milliarde": 1e9, "milliarden": 1e9, "mrd.": 1e9, "mrd": 1e9,
    "billion": 1e12, "billionen": 1e12, "bio.": 1e12, "bio": 1e12,
}  # fmt: skip
CURRENCIES: dict[str, str] = {
    "dollar": "USD", "us-dollar": "USD", "usd": "USD", "$": "USD", "us$": "USD",
    "euro": "EUR", "eur": "EUR", "€": "EUR",
    "rubel": "RUB", "rub": "RUB", "₽": "RUB",
    "yuan": "CNY", "renminbi": "CNY", "cny": "CNY",
    "pfund": "GBP", "gbp": "GBP", "£": "GBP",
    "yen": "JPY", "jpy": "JPY", "franken": "CHF", "chf": "CHF",
    "hrywnja": "UAH", "hrywnja-": "UAH", "griwna": "UAH", "uah": "UAH", "won": "KRW",
}  # fmt: skip
PERCENT_WORDS = frozenset({"prozent", "%", "prozentsatz"})
POINT_WORDS = frozenset({"prozentpunkt", "prozentpunkte", "prozentpunkten"})
#: Vague plural quantity nouns: no number, so no amount ("Tausende Soldaten").
VAGUE = frozenset({"dutzende", "hunderte", "tausende", "zehntausende", "hunderttausende",
                   "millionen", "milliarden"})  # fmt: skip
#: Indefinite words before "hundert"/"tausend": "mehrere tausend Soldaten" is vague too.
INDEFINITE = frozenset({"mehrere", "einige", "paar", "etliche", "viele", "wenige"})
#: Unit of a counted noun, by the noun's ending (lower case); the first match wins.
NOUN_UNITS: tuple[tuple[str, str], ...] = (
    ("soldaten", "soldiers"), ("soldatinnen", "soldiers"), ("soldat", "soldiers"),
    ("arbeitskräfte", "persons"), ("arbeitskräften", "persons"), ("fachkräfte", "persons"),
    ("fachkräften", "persons"), ("lehrkräfte", "persons"), ("lehrkräften", "persons"),
    ("pflegekräfte", "persons"), ("pflegekräften", "persons"), ("hilfskräfte", "persons"),
    ("hilfskräften", "persons"),
    ("kräfte", "soldiers"), ("kräften", "soldiers"),  # "Spezialkräfte", "Streitkräfte"
    ("kämpfer", "soldiers"), ("truppen", "soldiers"), ("reservisten", "soldiers"),
    ("rekruten", "soldiers"), ("söldner", "soldiers"), ("offiziere", "soldiers"),
    ("mann", "soldiers"),
    ("länder", "countries"), ("staaten", "countries"), ("nationen", "countries"),
    ("land", "countries"), ("staat", "countries"), ("nation", "countries"),
    ("menschen", "persons"), ("personen", "persons"), ("zivilisten", "persons"),
    ("einwohner", "persons"), ("bürger", "persons"), ("flüchtlinge", "persons"),
    ("geflüchtete", "persons"), ("tote", "persons"), ("toten", "persons"),
    ("verletzte", "persons"), ("verletzten", "persons"), ("getötete", "persons"),
    ("getöteten", "persons"), ("gefangenen", "persons"), ("geiseln", "persons"),
    ("opfer", "persons"), ("gefangene", "persons"),
    ("kinder", "persons"), ("mitarbeiter", "persons"), ("beschäftigte", "persons"),
    ("arbeiter", "persons"), ("teilnehmer", "persons"), ("diplomaten", "persons"),
    ("befragten", "persons"), ("menschenleben", "persons"), ("frauen", "persons"),
    ("männer", "persons"), ("männern", "persons"), ("kindern", "persons"),
    ("mädchen", "persons"), ("jugendliche", "persons"), ("jugendlichen", "persons"),
    ("einwohnern", "persons"), ("bürgern", "persons"), ("mitarbeitern", "persons"),
    ("arbeitern", "persons"), ("teilnehmern", "persons"), ("flüchtlingen", "persons"),
    ("militärs", "persons"), ("mitglieder", "members"),
    ("mitgliedern", "members"),
    ("jahre", "years"), ("jahren", "years"), ("jahr", "years"),
    ("monate", "months"), ("monaten", "months"), ("monat", "months"),
    ("wochen", "weeks"), ("woche", "weeks"), ("tage", "days"), ("tagen", "days"),
    ("tag", "days"), ("stunden", "hours"), ("stunde", "hours"),
    ("minuten", "minutes"), ("minute", "minutes"), ("sekunden", "seconds"),
    ("kilometer", "km"), ("kilometern", "km"), ("meter", "m"), ("metern", "m"),
    ("tonnen", "tonnes"), ("tonne", "tonnes"), ("barrel", "barrels"),
)  # fmt: skip
#: Counted nouns that are not quantities of the world: references, counters, times.
SKIP_NOUNS = frozenset({
    "quellen", "quelle", "seiten", "seite", "artikel", "beiträge", "fußnoten", "kommentare",
    "zitate", "verweise", "links", "fotos", "bilder", "mal", "male", "uhr", "grad", "punkte",
    "prozentig", "jahrestag", "jahrhundert", "jahrhunderts", "jahrzehnt",
})  # fmt: skip
#: Words before a number that make it a reference, not a quantity ("Seite 5", "Artikel 5").
REFERENCE_WORDS = frozenset({
    "seite", "s.", "nr.", "nummer", "artikel", "art.", "§", "paragraf", "paragraph", "kapitel",
    "absatz", "abs.", "band", "heft", "ausgabe", "platz", "rang", "resolution", "stufe", "phase",
    "level", "folge", "teil", "tel.", "telefon", "fax", "version", "gruppe", "alter",
})  # fmt: skip
#: Qualifiers before a number: words -> (approximate, qualifier).
QUALIFIERS: dict[tuple[str, ...], tuple[bool, str | None]] = {
    ("rund",): (True, None), ("etwa",): (True, None), ("ca.",): (True, None),
    ("circa",): (True, None), ("zirka",): (True, None), ("ungefähr",): (True, None),
    ("annähernd",): (True, None), ("schätzungsweise",): (True, None), ("um", "die"): (True, None),
    ("knapp",): (True, None), ("fast",): (True, "less_than"), ("beinahe",): (True, "less_than"),
    ("nahezu",): (True, "less_than"), ("gut",): (True, "more_than"),
    ("über",): (False, "more_than"), ("mehr", "als"): (False, "more_than"),
    ("weniger", "als"): (False, "less_than"), ("unter",): (False, "less_than"),
    ("bis", "zu"): (False, "up_to"), ("höchstens",): (False, "up_to"),
    ("maximal",): (False, "up_to"), ("mindestens",): (False, "at_least"),
    ("wenigstens",): (False, "at_least"), ("zumindest",): (False, "at_least"),
    ("um",): (False, "change"),
}  # fmt: skip
#: Nouns whose measure is completed by the phrase after them ("Anteil am BIP").
RELATIONAL_NOUNS = frozenset({"anteil", "quote", "rate", "zahl", "höhe", "wert", "umfang",
                              "volumen", "summe", "betrag", "niveau", "steigerung",
                              "zuwachs", "anstieg", "rückgang"})  # fmt: skip
#: Languages whose number format and unit words the lexicons cover. English differs in
#: both ("1,500" is fifteen hundred, a "billion" is a German "Milliarde"), so English
#: documents get no amounts rather than wrong ones.
AMOUNT_LANGUAGES = frozenset({"de"})
ACTOR_TYPES = frozenset({"PER", "ORG", "GPE"})
#: Words after a number that leave its noun out: "acht davon", "40 weitere".
ELLIPSIS_WORDS = frozenset({"davon", "weitere", "weiteren", "andere", "anderen"})
_COMPARISON = re.compile(
    r"\b(?:gegenüber|als|verglichen\s+mit|im\s+Vergleich\s+zu[mr]?)\s+$", re.IGNORECASE
)
TIME_NOUNS = frozenset({"jahr", "jahres", "jahre", "jahren", "vorjahr", "vorjahres", "monat",
                        "monats", "monate", "woche", "wochen", "tag", "tage", "tagen", "quartal",
                        "quartals", "halbjahr", "wochenende", "zeitraum"})  # fmt: skip
LOCATIVE_PREPOSITIONS = frozenset({"in", "im", "nach", "bei", "beim"})
NOUN_TAGS = frozenset({"NN", "NNA", "NE"})
#: Time expressions that state a duration: their numbers stay quantities ("seit drei Jahren").
DURATION_PREFIX = ("seit", "binnen", "innerhalb", "in den", "für", "über")
#: Units of a span of time: "drei Tage nach dem Einmarsch" dates an event instead.
DURATION_UNITS = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "seconds"})
#: Units of things counted one by one, which "N von ihnen" / "N davon" can refer back to.
COUNT_UNITS = frozenset({"persons", "soldiers", "countries", "items", "members"})
#: Knowledge-base kinds of bodies whose members are states ("32 Nato-Mitglieder").
STATE_BODY_KINDS = frozenset({"alliance", "igo"})
#: Nouns naming a body of states without its name: "Das Bündnis hat 30 Mitglieder".
STATE_BODY_NOUNS = ("bündnis", "bündnisses", "allianz", "staatenbund", "staatengemeinschaft")
#: Time nouns of a count in a row: "das zehnte Jahr in Folge".
ROW_NOUNS: dict[str, str] = {
    "jahr": "years", "jahres": "years", "monat": "months", "monats": "months",
    "woche": "weeks", "tag": "days", "tages": "days",
}  # fmt: skip

_DURATION_COMPOUND = re.compile(
    r"(?P<num>\d+(?:,\d+)?|[a-zäöüß]+?)-?(?P<unit>tägig|stündig|minütig|wöchig|monatig|jährig"
    r"|sekündig)(?:e[nmrs]?)?",
    re.IGNORECASE,
)
_DURATION_UNITS = {"tägig": "days", "stündig": "hours", "minütig": "minutes", "wöchig": "weeks",
                   "monatig": "months", "jährig": "years", "sekündig": "seconds"}  # fmt: skip
#: "Zwei-Prozent-Ziel", "100-Milliarden-Euro-Fonds": a quantity inside a compound noun.
_UNIT_COMPOUND = re.compile(
    r"(?P<num>\d+(?:,\d+)?|[A-Za-zäöüß]+)-(?:(?P<mag>Milliarden|Millionen|Mrd\.|Mio\.)-)?"
    r"(?P<unit>Prozent|Euro|Dollar|US-Dollar|Rubel|Yuan|Pfund)-(?P<noun>[A-ZÄÖÜ][\wäöüß-]*)"
)
_PERSON_ENDINGS = ("in", "er", "ent", "ist", "ant", "or", "ling", "mann", "frau", "chef",
                   "sohn", "tochter", "kind", "e")  # fmt: skip


@dataclass(slots=True)
class Core:
    """A number found in the text, before its context is read."""

    first: int  # token index (inclusive) into the sentence's tokens
    last: int  # token index (exclusive)
    value: float
    unit: str | None = None  # set when the core itself names the unit ("70-minütigen")
    measure: str | None = None
    approximate: bool = False
    qualifier: str | None = None


# --- reading numbers -----------------------------------------------------------------------

_LEADING_ZERO = re.compile(r"0\d+")


def _number_value(token: Token) -> float | None:
    """Value of a cardinal token (numeral or number word); ordinals and codes are None."""
    if token.text[0].isdigit():
        if _LEADING_ZERO.fullmatch(token.text):  # leading zero: a code or phone number
            return None
        return parse_numeral(token.text)
    return parse_number_word(token.text)


def _is_article_ein(token: Token) -> bool:
    return token.text.lower() in ("ein", "eine", "einen", "einem", "einer", "eins")


def _core_at(tokens: Sequence[Token], i: int) -> Core | None:
    token = tokens[i]
    lower = token.text.lower()
    nxt = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
    if m := _UNIT_COMPOUND.fullmatch(token.text):
        value = _word_or_numeral(m["num"])
        if value is not None:
            value *= MAGNITUDES[m["mag"].lower()] if m["mag"] else 1
            unit = "percent" if m["unit"] == "Prozent" else CURRENCIES[m["unit"].lower()]
            return Core(i, i + 1, value, unit=unit, measure=m["noun"])
    if m := _DURATION_COMPOUND.fullmatch(token.text):
        value = _word_or_numeral(m["num"])
        if value is not None and not _is_age(tokens, i, m["unit"].lower()):
            return Core(i, i + 1, value, unit=_DURATION_UNITS[m["unit"].lower()])
        return None
    if lower in ("jeder", "jede", "jedes", "jeden") and nxt in ORDINALS:
        return Core(i, i + 2, round(100 / ORDINALS[nxt], 2), unit="percent")
    if lower == "hälfte" and i > 0 and tokens[i - 1].text.lower() in ("die", "der"):
        return Core(i - 1, i + 1, 50.0, unit="percent")
    if lower in VAGUE or (i > 0 and tokens[i - 1].text.lower() in INDEFINITE):
        return None
    if (row := _count_in_a_row(tokens, i)) is not None:
        return row
    if token.pos.startswith("V"):  # "acht" of "achten", tagged as a verb
        return None
    if _is_article_ein(token) and not _counts_as_one(nxt):
        return None
    value = _number_value(token)
    if value is None:
        return None
    if nxt in FRACTIONS:
        return Core(i, i + 2, round(value * FRACTIONS[nxt] * 100, 2), unit="percent")
    if (
        i + 3 < len(tokens)
        and nxt == "von"
        and (total := _number_value(tokens[i + 2])) is not None
        and total > value
    ):
        return Core(i, i + 3, round(100 * value / total, 2), unit="percent")
    return Core(i, i + 1, value)


def _count_in_a_row(tokens: Sequence[Token], i: int) -> Core | None:
    """ "das zehnte Jahr in Folge": ten years running, an ordinal that counts a duration."""
    if i + 3 >= len(tokens):
        return None
    noun = tokens[i + 1].text.lower()
    if noun not in ROW_NOUNS or tokens[i + 2].text.lower() != "in":
        return None
    if tokens[i + 3].text.lower() != "folge":
        return None
    text = tokens[i].text
    value = int(text[:-1]) if text[:-1].isdigit() and text.endswith(".") else None
    value = value or parse_ordinal_word(text)
    if value is None:
        return None
    return Core(i, i + 4, float(value), unit=ROW_NOUNS[noun], measure=tokens[i + 1].text)


def _word_or_numeral(text: str) -> float | None:
    return parse_numeral(text) if text[0].isdigit() else parse_number_word(text)


def _counts_as_one(next_word: str) -> bool:
    """ "ein" is a number only before a magnitude, fraction or percent ("eine Milliarde")."""
    return next_word in MAGNITUDES or next_word in FRACTIONS or next_word in PERCENT_WORDS


def _is_age(tokens: Sequence[Token], i: int, unit: str) -> bool:
    """ "der 65-Jährige", "die 65-jährige Ministerin": an age, not a duration."""
    if unit != "jährig":
        return False
    if _DURATION_COMPOUND.fullmatch(tokens[i].text)["unit"][0].isupper():  # type: ignore[index]
        return True  # "der 65-Jährige"
    head = next((t for t in tokens[i + 1 : i + 3] if t.pos in NOUN_TAGS), None)
    return head is not None and (head.pos == "NE" or head.text.lower().endswith(_PERSON_ENDINGS))


# --- skipping numbers that are not quantities ----------------------------------------------


def _is_reference(tokens: Sequence[Token], core: Core) -> bool:
    """Page, list and paragraph numbers, clock times, ages, codes."""
    token = tokens[core.first]
    before = tokens[core.first - 1].text.lower() if core.first > 0 else ""
    after = tokens[core.last].text.lower() if core.last < len(tokens) else ""
    after2 = tokens[core.last + 1].text.lower() if core.last + 1 < len(tokens) else ""
    if ":" in token.text or token.text.startswith("+") or "/" in token.text:
        return True
    if (
        before in REFERENCE_WORDS
        or after == "uhr"
        or (after in ("jahre", "jahren") and after2 == "alt")
    ):
        return True
    if before == "(" and after == ")":  # "Kim (40)": an age, or a footnote
        return True
    return core.first == 0 and after in (")", ".")  # list numbering


def _inside_time(start: int, times: Sequence[TimeExpression]) -> bool:
    for expr in times:
        if expr.evidence.start <= start < expr.evidence.end:
            return not expr.text.lower().startswith(DURATION_PREFIX)
    return False


# --- reading the context -------------------------------------------------------------------


def _qualifiers_before(tokens: Sequence[Token], core: Core) -> Core:
    first = core.first
    approximate, qualifier = core.approximate, core.qualifier
    changed = True
    while changed:
        changed = False
        for words, (approx, qual) in QUALIFIERS.items():
            start = first - len(words)
            if start >= 0 and tuple(t.text.lower() for t in tokens[start:first]) == words:
                first = start
                approximate = approximate or approx
                qualifier = qualifier or qual
                changed = True
                break
    return replace(core, first=first, approximate=approximate, qualifier=qualifier)


@dataclass(slots=True)
class Reading:
    """A core read with its range, magnitude and unit."""

    core: Core
    last: int  # exclusive token index of the whole amount
    value_max: float | None
    unit: str
    measure: str | None
    measure_index: int | None  # token index of the measure noun, for the actor
    confidence: float


def _read_range(tokens: Sequence[Token], i: int) -> tuple[float | None, int]:
    """ "bis drei", "– 30", "und 30" (after "zwischen") following a number at ``i``."""
    if i + 1 < len(tokens) and tokens[i].text.lower() in ("bis", "-", "–", "und"):
        upper = _number_value(tokens[i + 1])
        if upper is not None and not _is_article_ein(tokens[i + 1]):
            return upper, i + 2
    return None, i


def _noun_phrase(tokens: Sequence[Token], i: int) -> int | None:
    """Index of the head noun of a phrase starting at ``i`` (determiner, adjectives, noun)."""
    j = i
    while j < len(tokens) and tokens[j].pos in ("ART", "PPOSAT", "PDAT", "PIAT", "ADJA", "ADV",
                                                 "CARD", "APPRART"):  # fmt: skip
        j += 1
    if j < len(tokens) and tokens[j].pos in NOUN_TAGS:
        while j + 1 < len(tokens) and tokens[j + 1].pos == "NE" and tokens[j].pos == "NE":
            j += 1
        return j
    return None


def _genitive_measure(tokens: Sequence[Token], i: int) -> int | None:
    """Head of "der russischen Importe", "ihres BIP", "am BIP" right after a unit."""
    if (
        i < len(tokens)
        and tokens[i].pos in ("ART", "PPOSAT", "APPRART")
        and (tokens[i].pos != "APPRART" or tokens[i].text.lower() in ("am", "beim"))
    ):
        return _noun_phrase(tokens, i)
    if i + 1 < len(tokens) and tokens[i].text.lower() in ("für", "von", "an"):
        return _noun_phrase(tokens, i + 1)
    return None


def _left_measure(tokens: Sequence[Token], first: int, sentence_tokens: int) -> int | None:
    """Nearest common noun to the left in the same clause ("Das Budget stieg auf ...")."""
    for j in range(first - 1, -1, -1):
        if tokens[j].pos in ("$,", "$.", "$(", "KON") or tokens[j].text in ("„", "“", '"'):
            return None
        word = tokens[j].text.lower()
        if tokens[j].pos in ("NN", "NNA") and not _is_unit_word(word) and not _is_time_word(word):
            return j
    return None


def _is_time_word(word: str) -> bool:
    """Months, weekdays and calendar units name when, not what ("im Februar waren es ...")."""
    return word in MONTHS or word in WEEKDAYS or word in TIME_NOUNS


def _is_unit_word(word: str) -> bool:
    """Units and counters of another amount are never the measure of this one."""
    return (
        word in SKIP_NOUNS
        or word in PERCENT_WORDS
        or word in POINT_WORDS
        or word in CURRENCIES
        or word in MAGNITUDES
    )


def _relational_measure(doc: Document, tokens: Sequence[Token], j: int) -> str:
    """ "Anteil am BIP" rather than "Anteil" or "BIP": a relational noun with its phrase."""
    for k in range(j - 1, max(j - 7, -1), -1):
        if tokens[k].pos not in ("ART", "APPRART", "APPR", "ADJA", "NN", "NNA", "NE", "PPOSAT"):
            break
        if tokens[k].text.lower() in RELATIONAL_NOUNS:
            return doc.text[tokens[k].start : tokens[j].end]
    if tokens[j].text.lower() in RELATIONAL_NOUNS:
        head = _genitive_measure(tokens, j + 1)
        if head is not None:
            return doc.text[tokens[j].start : tokens[head].end]
    return tokens[j].text


def _unit_of_noun(token: Token) -> str | None:
    lower = token.text.lower().split("-")[-1]
    for ending, unit in NOUN_UNITS:
        if lower.endswith(ending):
            return unit
    return None


def _read(doc: Document, tokens: Sequence[Token], core: Core) -> Reading | None:
    i = core.last
    value_max, i = _read_range(tokens, i) if core.unit is None else (None, i)
    multiplier = 1.0
    if i < len(tokens) and tokens[i].text.lower() in MAGNITUDES:
        multiplier = MAGNITUDES[tokens[i].text.lower()]
        i += 1
    core.value *= multiplier
    value_max = value_max * multiplier if value_max is not None else None
    if core.unit is not None and core.unit != "percent" and core.measure is None:
        head = _noun_phrase(tokens, i)  # "die 70-minütige Parade": the parade is measured
        if head is not None and tokens[head].pos != "NE":
            return Reading(core, i, value_max, core.unit, tokens[head].text, head, 0.85)
    if core.unit is not None:
        return _with_measure(doc, tokens, core, i, value_max, core.unit, 0.85)
    word = tokens[i].text.lower() if i < len(tokens) else ""
    if word in CURRENCIES:
        return _with_measure(doc, tokens, core, i + 1, value_max, CURRENCIES[word], 0.9)
    if core.first > 0 and tokens[core.first - 1].text.lower() in ("$", "€", "£", "us$"):
        core.first -= 1
        currency = CURRENCIES[tokens[core.first].text.lower()]
        return _with_measure(doc, tokens, core, i, value_max, currency, 0.9)
    if word in PERCENT_WORDS or word in POINT_WORDS:
        unit = "percent" if word in PERCENT_WORDS else "percentage_points"
        return _with_measure(doc, tokens, core, i + 1, value_max, unit, 0.9)
    head = _noun_phrase(tokens, i)
    if (
        head is not None
        and tokens[head].pos != "NE"
        and all(tokens[k].pos == "ADJA" for k in range(i, head))
    ):
        noun = tokens[head]
        if noun.text.lower().split("-")[-1] in SKIP_NOUNS:
            return None
        unit = _unit_of_noun(noun) or "items"
        last, unit = _coordinated_noun(tokens, head, unit)
        confidence = 0.85 if unit != "items" else 0.6
        return Reading(core, last, value_max, unit, noun.text, head, confidence)
    borrowed = _unit_of_target(doc, tokens, i)
    if borrowed is not None:
        return _with_measure(doc, tokens, core, i, value_max, borrowed, 0.7)
    if multiplier > 1 or core.qualifier == "at_least":
        return _with_measure(doc, tokens, core, i, value_max, "count", 0.5)
    return None


#: Words that give the second noun of "N X und … Y" a quantity of its own.
OWN_QUANTIFIERS = frozenset({"diverse", "diversen", "mehrere", "mehreren", "einige", "einigen",
                             "viele", "vielen", "zahlreiche", "zahlreichen", "weitere",
                             "weiteren", "andere", "anderen", "verschiedene", "verschiedenen",
                             "etliche", "etlichen", "wenige", "wenigen"})  # fmt: skip


def _coordinated_noun(tokens: Sequence[Token], head: int, unit: str) -> tuple[int, str]:
    """ "2500 Personen und Organisationen": one count of two kinds of thing. The end of
    the amount and its unit: persons for two kinds of people, else items."""
    if head + 2 >= len(tokens) or tokens[head + 1].text.lower() not in ("und", "sowie", "oder"):
        return head + 1, unit
    other = head + 2
    while other < len(tokens) and tokens[other].pos == "ADJA":
        if tokens[other].text.lower() in OWN_QUANTIFIERS:
            return head + 1, unit  # "40 Nationen und diverse Organisationen": not counted
        other += 1
    if other >= len(tokens) or tokens[other].pos not in ("NN", "NNA"):
        return head + 1, unit
    other_unit = _unit_of_noun(tokens[other]) or "items"
    if other_unit == unit:
        return other + 1, unit
    people = {"persons", "soldiers"}
    return other + 1, "persons" if {unit, other_unit} <= people else "items"


def _unit_of_target(doc: Document, tokens: Sequence[Token], i: int) -> str | None:
    """ "von 20 auf 30 Prozent": the start value shares the unit of the target value."""
    if i + 1 >= len(tokens) or tokens[i].text.lower() not in ("auf", "zu"):
        return None
    target = _core_at(tokens, i + 1)
    if target is None or target.unit is not None:
        return None
    reading = _read(doc, tokens, target)
    return reading.unit if reading is not None and reading.unit != "count" else None


def _with_measure(
    doc: Document,
    tokens: Sequence[Token],
    core: Core,
    end: int,
    value_max: float | None,
    unit: str,
    confidence: float,
) -> Reading:
    if core.measure is not None:
        return Reading(core, end, value_max, unit, core.measure, core.first, confidence)
    head = _genitive_measure(tokens, end)
    if (
        head is None
        and end < len(tokens)
        and tokens[end].pos in ("NN", "NNA")
        and unit == "percent"
    ):
        head = end  # "jeder dritte Deutsche", "zwei von drei Panzern"
    if head is not None and unit in ("percent", "percentage_points"):
        return Reading(core, head + 1, value_max, unit, tokens[head].text, head, confidence)
    if head is not None and tokens[end].text.lower() == "für":
        return Reading(core, end, value_max, unit, tokens[head].text, head, confidence)
    left = _left_measure(tokens, core.first, len(tokens))
    if left is not None:
        return Reading(
            core, end, value_max, unit, _relational_measure(doc, tokens, left), left, confidence
        )
    return Reading(core, end, value_max, unit, None, None, confidence)


# --- actor, speaker and time ---------------------------------------------------------------


def _actor(
    doc: Document, tokens: Sequence[Token], reading: Reading, mentions: Sequence[Mention]
) -> Mention | None:
    """The actor whose quantity this is: named inside the amount, next to the measure noun,
    or else the nearest actor to the left in the sentence."""
    actors = [m for m in mentions if m.type in ACTOR_TYPES and not _is_place(doc, m)]
    start, end = tokens[reading.core.first].start, tokens[reading.last - 1].end
    inside = [m for m in actors if start <= m.start and m.end <= end]
    if inside:
        return inside[0]
    if reading.measure_index is not None:
        noun = tokens[reading.measure_index]
        window_start = tokens[max(reading.measure_index - 2, 0)].start
        near = [m for m in actors if window_start <= m.start and m.end <= noun.end]
        if near:
            return near[-1]
    left = [m for m in actors if m.end <= start]
    return left[-1] if left else None


def _is_place(doc: Document, mention: Mention) -> bool:
    """ "in Den Haag", "nach Brüssel": a place where something happens, not an actor."""
    before = doc.text[max(0, mention.start - 6) : mention.start].split()
    return bool(before) and before[-1].lower() in LOCATIVE_PREPOSITIONS


def _time_of(
    doc: Document, times: Sequence[TimeExpression], start: int, end: int
) -> TimeExpression | None:
    """The dated expression nearest the amount, except a comparison base ("gegenüber dem
    Vorjahr" dates the figure compared with, not this one)."""
    dated = [
        t
        for t in times
        if (t.start_date or t.end_date)
        and not _COMPARISON.search(doc.text, max(0, t.evidence.start - 25), t.evidence.start)
    ]
    if not dated:
        return None
    return min(dated, key=lambda t: max(t.evidence.start - end, start - t.evidence.end, 0))


def _year(expr: TimeExpression) -> int | None:
    if expr.start_date and expr.end_date:
        return expr.start_date.year if expr.start_date.year == expr.end_date.year else None
    bound = expr.start_date or expr.end_date
    return bound.year if bound else None


# --- the stage -----------------------------------------------------------------------------


def _sentence_times(doc: Document, sentence: Sentence) -> list[TimeExpression]:
    if "times" in doc.assigned or doc.times:
        return [t for t in doc.times if sentence.start <= t.evidence.start < sentence.end]
    return sentence_time_expressions(doc, sentence)


def sentence_amounts(
    doc: Document,
    sentence: Sentence,
    kb: KnowledgeBase | None = None,
    counted_before: str | None = None,
) -> list[Amount]:
    """The amounts of one sentence, in text order. ``kb`` tells which bodies have states
    as members; ``counted_before`` is the unit of the last count in earlier sentences,
    which "18 von ihnen" refers back to."""
    tokens = doc.sentence_tokens(sentence)
    times: list[TimeExpression] | None = None  # read only for sentences with a number
    mentions: list[Mention] | None = None
    amounts: list[Amount] = []
    i = 0
    while i < len(tokens):
        core = _core_at(tokens, i)
        if core is None:
            i += 1
            continue
        if times is None:
            times = _sentence_times(doc, sentence)
        reading = _reading_at(doc, tokens, i, core, times)
        if reading is None:
            previous_unit = amounts[-1].unit if amounts else counted_before
            reading = _elliptic_reading(tokens, i, core, times, previous_unit)
        if reading is None:
            i += 1
            continue
        if reading.unit == "members":
            reading.unit = _member_unit(doc, tokens, reading, kb)
        if mentions is None:
            mentions = [m for m in doc.mentions if sentence.start <= m.start < sentence.end]
        amounts.append(_amount(doc, tokens, reading, times, mentions))
        i = max(reading.last, i + 1)
    return amounts


def _member_unit(
    doc: Document, tokens: Sequence[Token], reading: Reading, kb: KnowledgeBase | None
) -> str:
    """Countries for members of an alliance or an intergovernmental body ("Nato-Mitglieder",
    "Mitglieder der EU", or the body named last before), else persons."""
    index = reading.measure_index if reading.measure_index is not None else reading.core.first
    noun = tokens[index]
    orgs = [m for m in doc.mentions if m.type == "ORG"]
    named_by_noun = [m for m in orgs if noun.start <= m.start < noun.end]
    after = [m for m in orgs if noun.end <= m.start < noun.end + 12]  # "Mitglieder der Nato"
    before = [m for m in orgs if m.end <= noun.start]
    bodies = named_by_noun or after or before[-1:]
    if not bodies:
        nouns = [t.text.lower() for t in tokens if t.pos in ("NN", "NNA")]
        return "countries" if any(n.endswith(STATE_BODY_NOUNS) for n in nouns) else "persons"
    if kb is None:
        return "persons"
    body = bodies[0]
    entity = kb.get(body.entity_id)
    return "countries" if entity is not None and entity.kind in STATE_BODY_KINDS else "persons"


def _reading_at(
    doc: Document, tokens: Sequence[Token], i: int, core: Core, times: Sequence[TimeExpression]
) -> Reading | None:
    if _is_reference(tokens, core) or _inside_time(tokens[i].start, times):
        return None
    reading = _read(doc, tokens, _qualifiers_before(tokens, core))
    if reading is not None and _dates_an_event(tokens, reading):
        return None
    return reading


def _dates_an_event(tokens: Sequence[Token], reading: Reading) -> bool:
    """ "Drei Tage nach dem Einmarsch", "zwei Wochen vor der Wahl": a point in time
    counted from an event (a date), not a duration."""
    end = reading.last
    return (
        reading.unit in DURATION_UNITS
        and end + 1 < len(tokens)
        and tokens[end].text.lower() in ("nach", "vor")
        and tokens[end + 1].pos in ("ART", "PPOSAT", "NN", "NE", "ADJA")
    )


def _elliptic_reading(
    tokens: Sequence[Token],
    i: int,
    core: Core,
    times: Sequence[TimeExpression],
    previous_unit: str | None,
) -> Reading | None:
    """A number whose noun is left out: "5 der 27 EU-Staaten", "drei davon", "40 weitere"."""
    if (
        core.unit is not None
        or core.last >= len(tokens)
        or _is_reference(tokens, core)
        or _inside_time(tokens[i].start, times)
    ):
        return None
    core = _qualifiers_before(tokens, core)
    following = tokens[core.last].text.lower()
    after = tokens[core.last + 1].text.lower() if core.last + 1 < len(tokens) else ""
    if following == "von" and after in ("ihnen", "denen") and previous_unit is not None:
        return Reading(core, core.last + 2, None, previous_unit, None, None, 0.6)
    if following in ("der", "von"):
        skip = 2 if following == "von" and core.last + 1 < len(tokens) else 1
        head = _noun_phrase(tokens, core.last + skip)
        if head is not None and tokens[head].pos != "NE":
            unit = _unit_of_noun(tokens[head]) or "items"
            return Reading(core, core.last, None, unit, tokens[head].text, head, 0.6)
    if following in ELLIPSIS_WORDS and previous_unit is not None:
        return Reading(core, core.last, None, previous_unit, None, None, 0.6)
    return None


def _amount(
    doc: Document,
    tokens: Sequence[Token],
    reading: Reading,
    times: Sequence[TimeExpression],
    mentions: Sequence[Mention],
) -> Amount:
    start, end = tokens[reading.core.first].start, tokens[reading.last - 1].end
    actor = _actor(doc, tokens, reading, mentions)
    time = _time_of(doc, times, start, end)
    entity = doc.entities.get(actor.entity_id) if actor else None
    return Amount(
        evidence=doc.evidence(start, end, STAGE, reading.confidence, VERSION),
        text=doc.text[start:end],
        value=reading.core.value,
        unit=reading.unit,
        value_max=reading.value_max,
        approximate=reading.core.approximate,
        qualifier=reading.core.qualifier,
        measure=reading.measure,
        actor_id=actor.entity_id if actor else None,
        actor_name=(entity.name if entity else actor.text) if actor else None,
        cited_by=quote.speaker_id if (quote := doc.quote_at(start)) else None,
        year=_year(time) if time else None,
        period=time.text if time else None,
    )


def find_amounts(doc: Document, kb: KnowledgeBase | None = None) -> list[Amount]:
    """All amounts of a document (tokens and sentences must be present): German by the
    rules of this module, English by :mod:`lagebild.extract.amounts_en`, none for other
    languages (``doc.language`` None counts as German). Without ``kb`` "Mitglieder"
    count persons."""
    if doc.language == "en":
        return english_amounts(doc)
    if doc.language is not None and doc.language not in AMOUNT_LANGUAGES:
        return []
    amounts: list[Amount] = []
    counted_before: str | None = None
    for sentence in doc.sentences:
        for amount in sentence_amounts(doc, sentence, kb, counted_before):
            if not _repeats_earlier(doc, amount, amounts):
                amounts.append(amount)
            if amount.unit in COUNT_UNITS:
                counted_before = amount.unit
    return amounts


_DEFINITE_BEFORE = re.compile(r"\b(?:der|die|das|den|dem|des)\s+$", re.IGNORECASE)


def _repeats_earlier(doc: Document, amount: Amount, earlier: Sequence[Amount]) -> bool:
    """ "die fünf Prozent" after "fünf Prozent": a definite article before a figure the
    article has already given refers back to it; it is not a new quantity."""
    start = amount.evidence.start
    if not _DEFINITE_BEFORE.search(doc.text, max(0, start - 5), start):
        return False
    return any(a.value == amount.value and a.unit == amount.unit for a in earlier)


class AmountExtractor:
    name = STAGE
    assigns = ("amounts",)
    requires = ("tokens", "sentences")

    def __init__(self, resources: Resources | None = None) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        doc.amounts = find_amounts(doc, self.resources.kb if self.resources else None)
        return doc
