"""The ``dates`` stage: time expressions, resolved against the publication date.

Rules are regular expressions over each sentence's text; every rule returns a
resolution (start date, end date, granularity). Candidates of all rules compete
and the longest wins, so "vom 1. bis 3. September" beats "3. September".
Relative expressions ("am Donnerstag", "im Februar") need the publication date
and the tense of the nearest finite verb: past tense picks the latest
occurrence on or before publication, future (``wird``/``soll`` + infinitive)
the first on or after it, plain present the nearer of the two. Without a
publication date only absolute expressions are kept. Vague expressions ("vor
Wochen", "seit Jahren") are kept with both dates None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from lagebild.calendar_de import MONTHS, NUMERIC_DATE, WEEKDAYS, make_date
from lagebild.extract.numbers import parse_number_word
from lagebild.model import Document, Sentence, TimeExpression, Token
from lagebild.pipeline import Resources

STAGE = "dates"
VERSION = "1"

Granularity = Literal["day", "week", "month", "quarter", "year", "range", "time"]
Tense = Literal["past", "future", "present"]
Resolved = tuple[dt.date | None, dt.date | None, Granularity]

_GERMAN_MONTHS = ("januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli",
                  "august", "september", "oktober", "november", "dezember")  # fmt: skip
_MONTH_ANY = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = "|".join(_GERMAN_MONTHS)
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_DAY = r"[0-3]?\d"
_YEAR_TOKEN = re.compile(_YEAR)
_DAYTIME = r"(?:früh|morgen|vormittag|mittag|nachmittag|abend|nacht)"
_PAST_MOD = r"vergangene[nmr]?|letzte[nmrs]?|vorige[nmrs]?"
_NEXT_MOD = r"kommende[nmrs]?|nächste[nmrs]?"
_THIS_MOD = r"diese[nmrs]?|laufende[nmrs]?"
_PART = r"(?:zu\s+)?(?P<part>Anfang|Beginn|Mitte|Ende)"
_UNIT = r"(?P<unit>Tag|Tage|Tagen|Woche|Wochen|Monat|Monate|Monaten|Jahr|Jahre|Jahren)"
_COUNT = r"(?P<count>\d{1,3}|[a-zäöüß]+)"
_SEASONS: dict[str, tuple[int, int]] = {  # first month, number of months
    "frühjahr": (3, 3), "frühling": (3, 3), "sommer": (6, 3), "herbst": (9, 3), "winter": (12, 3),
}  # fmt: skip
_QUARTERS: dict[str, int] = {"ersten": 1, "1.": 1, "zweiten": 2, "2.": 2, "dritten": 3, "3.": 3,
                             "vierten": 4, "4.": 4, "letzten": 4}  # fmt: skip
#: Prepositions that turn a point in time into an open or half-open range.
_RANGE_PREFIX = re.compile(
    r"\b(?P<prep>seit|bis|ab|spätestens)(?:\s+(?:zum|zur|dem|den|in\s+den|in\s+die|Ende|zu))?\s+$",
    re.IGNORECASE,
)
_PRESENT_WERDEN = frozenset({"wird", "werden", "werde", "wirst", "werdet"})
_FINITE_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN"})
#: Words before a bare four-digit number that make it a year even if a noun follows.
_YEAR_PREPOSITIONS = frozenset({"im", "seit", "bis", "ab", "anfang", "mitte", "ende", "jahr",
                                "jahre", "jahres", "frühjahr", "sommer", "herbst",
                                "winter"})  # fmt: skip
_QUANTITY_WORDS = frozenset({"rund", "etwa", "ca.", "circa", "knapp", "fast", "über", "mehr",
                             "als", "weniger", "mindestens", "zu", "gut", "um",
                             "ungefähr"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Context:
    """What relative expressions are resolved against."""

    published: dt.date | None
    tense_at: Callable[[int], Tense]  # tense of the finite verb nearest a character offset


Resolver = Callable[[re.Match[str], Context], Resolved | None]


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: re.Pattern[str]
    resolve: Resolver
    #: Found in every text the pattern matches (a cheap test that lets most sentences
    #: skip the pattern); None: always try the pattern.
    needs: re.Pattern[str] | None = None


# --- calendar arithmetic -------------------------------------------------------------------


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: dt.date, count: int, unit: str) -> dt.date:
    if unit.startswith("tag"):
        return day + dt.timedelta(days=count)
    if unit.startswith("woche"):
        return day + dt.timedelta(weeks=count)
    if unit.startswith("monat"):
        return add_months(day, count)
    return add_months(day, 12 * count)


def _pick(past: dt.date, future: dt.date, published: dt.date, tense: Tense) -> dt.date:
    """The occurrence a sentence of this tense means, given the ones before and after."""
    if tense == "past":
        return past
    if tense == "future":
        return future
    return past if (published - past) <= (future - published) else future


def _part_of(start: dt.date, end: dt.date, part: str) -> tuple[dt.date, dt.date]:
    """First, middle or last third of a period ("Anfang Mai" = 1-10 May, "Ende 2024" =
    September to December: a year is cut at month ends)."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        thirds = {"anfang": (1, 4), "beginn": (1, 4), "mitte": (5, 8), "ende": (9, 12)}
        first, last = thirds[part.lower()]
        return dt.date(start.year, first, 1), month_range(start.year, last)[1]
    days = (end - start).days + 1
    third = days // 3
    key = part.lower()
    if key in ("anfang", "beginn"):
        return start, start + dt.timedelta(days=third - 1)
    if key == "mitte":
        return start + dt.timedelta(days=third), end - dt.timedelta(days=third)
    return end - dt.timedelta(days=third - 1), end


# --- rule resolvers ------------------------------------------------------------------------


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _month_occurrence(month: int, ctx: Context, offset: int) -> tuple[int, int] | None:
    if ctx.published is None:
        return None
    pub = ctx.published
    past_year = pub.year if month <= pub.month else pub.year - 1
    future_year = pub.year if month >= pub.month else pub.year + 1
    past = dt.date(past_year, month, 1)
    future = dt.date(future_year, month, 1)
    chosen = _pick(past, future, pub.replace(day=1), ctx.tense_at(offset))
    return chosen.year, month


def _day_month(day: int, month: int, year: str | None, ctx: Context, offset: int) -> dt.date | None:
    if year:
        return make_date(int(year), month, day)
    if ctx.published is None:
        return None
    pub = ctx.published
    this_year = make_date(pub.year, month, day)
    if this_year is None:
        return None
    past = this_year if this_year <= pub else make_date(pub.year - 1, month, day)
    future = this_year if this_year >= pub else make_date(pub.year + 1, month, day)
    if past is None or future is None:
        return None
    return _pick(past, future, pub, ctx.tense_at(offset))


def _resolve_day_range(m: re.Match[str], ctx: Context) -> Resolved | None:
    month = _month_number(m["month"])
    first = _day_month(int(m["d1"]), month, m["year"], ctx, m.start())
    last = _day_month(int(m["d2"]), month, m["year"], ctx, m.start())
    if first is None or last is None:
        return None
    if first > last:  # "vom 28. bis 2. März" does not occur; a year wrap would be wrong
        return None
    return first, last, "range"


def _resolve_cross_month_range(m: re.Match[str], ctx: Context) -> Resolved | None:
    year = m["y1"] or m["y2"]
    first = _day_month(int(m["d1"]), _month_number(m["m1"]), m["y1"] or year, ctx, m.start())
    last = _day_month(int(m["d2"]), _month_number(m["m2"]), m["y2"] or year, ctx, m.start())
    if first is None or last is None or first > last:
        return None
    return first, last, "range"


def _resolve_year_range(m: re.Match[str], ctx: Context) -> Resolved | None:
    first, last = int(m["y1"]), int(m["y2"])
    if first >= last:
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31), "range"


def _resolve_day_month(m: re.Match[str], ctx: Context) -> Resolved | None:
    date = _day_month(int(m["day"]), _month_number(m["month"]), m["year"], ctx, m.start())
    return (date, date, "day") if date else None


def _resolve_numeric(m: re.Match[str], ctx: Context) -> Resolved | None:
    year = int(m["year"])
    date = make_date(year + 2000 if year < 100 else year, int(m["month"]), int(m["day"]))
    return (date, date, "day") if date else None


def _resolve_month(m: re.Match[str], ctx: Context) -> Resolved | None:
    month = _month_number(m["month"])
    if m["year"]:
        year = int(m["year"])
    else:
        occurrence = _month_occurrence(month, ctx, m.start())
        if occurrence is None:
            return None
        year = occurrence[0]
        modifier = (m.groupdict().get("mod") or "").lower()
        if modifier and ctx.published:
            if re.fullmatch(_PAST_MOD, modifier) and (year, month) >= (
                ctx.published.year,
                ctx.published.month,
            ):
                year -= 1
            elif re.fullmatch(_NEXT_MOD, modifier) and (year, month) <= (
                ctx.published.year,
                ctx.published.month,
            ):
                year += 1
    start, end = month_range(year, month)
    if m.groupdict().get("part"):
        start, end = _part_of(start, end, m["part"])
        return start, end, "range"
    return start, end, "month"


def _resolve_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    year = int(m["year"])
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m.groupdict().get("part"):
        start, end = _part_of(start, end, m["part"])
        return start, end, "range"
    return start, end, "year"


def _relative_index(modifier: str | None) -> int:
    """-1 for "vergangene", +1 for "nächste", 0 for "diese" or none."""
    word = (modifier or "").lower()
    if re.fullmatch(_PAST_MOD, word) or word in ("vorjahr", "vorjahres", "vormonat", "vorwoche"):
        return -1
    if re.fullmatch(_NEXT_MOD, word):
        return 1
    return 0


def _resolve_relative_period(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.published is None:
        return None
    pub = ctx.published
    period = m["period"].lower()
    shift = _relative_index(
        m.groupdict().get("mod") or (period if period.startswith("vor") else "")
    )
    granularity: Granularity
    if "woche" in period:
        start, end = week_range(pub + dt.timedelta(weeks=shift))
        granularity = "week"
    elif "monat" in period:
        shifted = add_months(pub, shift)
        start, end = month_range(shifted.year, shifted.month)
        granularity = "month"
    else:
        start, end = dt.date(pub.year + shift, 1, 1), dt.date(pub.year + shift, 12, 31)
        granularity = "year"
    if m.groupdict().get("part"):
        start, end = _part_of(start, end, m["part"])
        granularity = "range"
    return start, end, granularity


def _resolve_weekend(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.published is None:
        return None
    pub = ctx.published
    shift = _relative_index(m.groupdict().get("mod"))
    this_saturday = week_range(pub)[0] + dt.timedelta(days=5)
    if shift:
        saturday = this_saturday + dt.timedelta(weeks=shift)
    else:
        previous = this_saturday if this_saturday <= pub else this_saturday - dt.timedelta(weeks=1)
        following = (
            this_saturday
            if pub <= this_saturday + dt.timedelta(days=1)
            else (this_saturday + dt.timedelta(weeks=1))
        )
        saturday = _pick(previous, following, pub, ctx.tense_at(m.start()))
    return saturday, saturday + dt.timedelta(days=1), "range"


def _resolve_weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.published is None:
        return None
    pub = ctx.published
    weekday = WEEKDAYS[m["weekday"].lower()]
    shift = _relative_index(m.groupdict().get("mod"))
    past = pub - dt.timedelta(days=(pub.weekday() - weekday) % 7)
    future = pub + dt.timedelta(days=(weekday - pub.weekday()) % 7)
    if shift < 0:
        day = past if past < pub else past - dt.timedelta(weeks=1)
    elif shift > 0:
        day = future if future > pub else future + dt.timedelta(weeks=1)
    elif (m.groupdict().get("mod") or "").lower().startswith("diese"):
        day = week_range(pub)[0] + dt.timedelta(days=weekday)
    else:
        day = _pick(past, future, pub, ctx.tense_at(m.start()))
    return day, day, "day"


_DAY_WORD_OFFSETS = {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2}


def _resolve_day_word(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.published is None:
        return None
    day = ctx.published + dt.timedelta(days=_DAY_WORD_OFFSETS[m["word"].lower()])
    return day, day, "day"


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = parse_number_word(word)
    return int(value) if value is not None and value == int(value) else None


def _resolve_offset(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ "vor drei Tagen", "in einer Woche": a point that many units away from publication."""
    count = _count(m["count"])
    if count is None or ctx.published is None:
        return None
    sign = -1 if m["prep"].lower() == "vor" else 1
    day = _shift(ctx.published, sign * count, m["unit"].lower())
    unit = m["unit"].lower()
    if unit.startswith("tag"):
        return day, day, "day"
    if unit.startswith("woche"):
        return (*week_range(day), "week")
    if unit.startswith("monat"):
        return (*month_range(day.year, day.month), "month")
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"


def _resolve_span(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ "seit drei Jahren", "in den vergangenen zwei Wochen", "binnen 24 Tagen": a range."""
    count = _count(m["count"])
    if count is None or ctx.published is None:
        return None
    backwards = m["prep"].lower() == "seit" or bool(re.fullmatch(_PAST_MOD, (m["mod"] or "")))
    other = _shift(ctx.published, (-count if backwards else count), m["unit"].lower())
    if backwards:
        return other, ctx.published, "range"
    return ctx.published, other, "range"


def _resolve_vague(m: re.Match[str], ctx: Context) -> Resolved | None:
    return None, None, "range"


def _resolve_quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    quarter = _QUARTERS[m["quarter"].lower()]
    if m["year"]:
        year = int(m["year"])
    elif ctx.published is not None:
        occurrence = _month_occurrence(quarter * 3 - 2, ctx, m.start())
        if occurrence is None:
            return None
        year = occurrence[0]
    else:
        return None
    start = dt.date(year, quarter * 3 - 2, 1)
    return start, month_range(year, quarter * 3)[1], "quarter"


def _resolve_season(m: re.Match[str], ctx: Context) -> Resolved | None:
    first_month, months = _SEASONS[m["season"].lower()]
    if m["year"]:
        year = int(m["year"])
    else:
        occurrence = _month_occurrence(first_month, ctx, m.start())
        if occurrence is None:
            return None
        year = occurrence[0]
    start = dt.date(year, first_month, 1)
    end = add_months(start, months) - dt.timedelta(days=1)
    return start, end, "range"


def _rule(
    pattern: str,
    resolve: Resolver,
    flags: int = re.IGNORECASE,
    needs: re.Pattern[str] | None = None,
) -> Rule:
    return Rule(re.compile(pattern, flags), resolve, needs)


# What each rule cannot match without: a digit (days, years), a German month, a period or
# unit word, a weekday, a day word, "Quartal" or a season. The tests are substrings under
# the rule's own case folding, so they hold wherever the rule's pattern matches.
_NEEDS_DIGIT = re.compile(r"\d")
_NEEDS_MONTH = re.compile(_MONTH, re.IGNORECASE)
_NEEDS_PERIOD = re.compile(r"tag|woche|monat|jahr", re.IGNORECASE)
_NEEDS_WEEKDAY = re.compile(_WEEKDAY, re.IGNORECASE)
_NEEDS_DAY_WORD = re.compile(r"gestern|heute|morgen", re.IGNORECASE)
_NEEDS_QUARTER = re.compile(r"quartal", re.IGNORECASE)
_NEEDS_SEASON = re.compile(r"frühjahr|frühling|sommer|herbst|winter", re.IGNORECASE)


RULES: tuple[Rule, ...] = (
    _rule(
        rf"\b(?:(?:vom|von|zwischen\s+dem)\s+)?(?P<d1>{_DAY})\.\s*(?:bis(?:\s+zum)?|und\s+dem|[-–])"
        rf"\s*(?P<d2>{_DAY})\.\s*(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?\b",
        _resolve_day_range,
        needs=_NEEDS_DIGIT,
    ),
    _rule(
        rf"\b(?:vom|von|zwischen\s+dem)\s+(?P<d1>{_DAY})\.\s*(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?"
        rf"\s*(?:bis(?:\s+zum)?|und\s+dem|[-–])\s*(?P<d2>{_DAY})\.\s*(?P<m2>{_MONTH})"
        rf"(?:\s+(?P<y2>{_YEAR}))?\b",
        _resolve_cross_month_range,
        needs=_NEEDS_DIGIT,
    ),
    _rule(
        rf"\b(?:(?:von|zwischen)\s+)?(?:(?:den\s+)?Jahren?\s+)?(?P<y1>{_YEAR})\s*(?:bis|und|[-–])"
        rf"\s*(?P<y2>{_YEAR})\b",
        _resolve_year_range,
        needs=_NEEDS_DIGIT,
    ),
    _rule(
        rf"\b(?:am\s+|dem\s+)?(?:(?:{_WEEKDAY}),?\s+(?:de[mn]\s+)?)?(?P<day>{_DAY})\.?\s+"
        rf"(?P<month>{_MONTH_ANY})\.?(?:\s+(?P<year>{_YEAR}))?\b",
        _resolve_day_month,
        needs=_NEEDS_DIGIT,
    ),
    _rule(rf"(?:\bam\s+)?{NUMERIC_DATE.pattern}", _resolve_numeric, 0, _NEEDS_DIGIT),
    _rule(
        rf"\b(?:{_PART}\s+|im\s+(?:(?P<mod>{_PAST_MOD}|{_NEXT_MOD}|{_THIS_MOD})\s+)?)"
        rf"(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?\b",
        _resolve_month,
        needs=_NEEDS_MONTH,
    ),
    _rule(rf"\b(?P<month>{_MONTH})\s+(?P<year>{_YEAR})\b", _resolve_month, needs=_NEEDS_DIGIT),
    _rule(
        rf"\b(?:{_PART}\s+(?:des\s+Jahres\s+)?|(?:im|in\s+dem)\s+Jahre?\s+)(?P<year>{_YEAR})\b",
        _resolve_year,
        needs=_NEEDS_DIGIT,
    ),
    _rule(
        rf"\b(?:{_PART}\s+)?(?:(?:in\s+)?(?:de[mnrs]|diese[mnrs]?)\s+|im\s+)?"
        rf"(?:(?P<mod>{_PAST_MOD}|{_NEXT_MOD}|{_THIS_MOD})\s+)?"
        rf"(?P<period>Woche|Monat|Monats|Jahr|Jahres|Vorjahr|Vorjahres|Vormonat|Vorwoche)\b",
        lambda m, ctx: (
            _resolve_relative_period(m, ctx)
            if m["mod"] or m["part"] or m["period"].lower().startswith("vor")
            else None
        ),
        needs=_NEEDS_PERIOD,
    ),
    _rule(
        rf"\b(?:(?:am|vom)\s+)?(?:(?P<mod>{_PAST_MOD}|{_NEXT_MOD}|{_THIS_MOD})\s+)?Wochenende\b",
        _resolve_weekend,
        needs=_NEEDS_PERIOD,
    ),
    _rule(
        rf"\b(?:(?:am|vom|in\s+der\s+Nacht\s+zum)\s+)?(?:(?P<mod>{_PAST_MOD}|{_NEXT_MOD}|{_THIS_MOD})"
        rf"\s+)?(?P<weekday>{_WEEKDAY})(?:{_DAYTIME})?\b",
        _resolve_weekday,
        needs=_NEEDS_WEEKDAY,
    ),
    _rule(
        rf"\b(?P<word>vorgestern|gestern|heute|übermorgen|morgen)(?:\s+{_DAYTIME})?\b",
        _resolve_day_word,
        0,
        _NEEDS_DAY_WORD,
    ),
    _rule(
        rf"\b(?P<word>Vorgestern|Gestern|Heute|Übermorgen)(?:\s+{_DAYTIME})?\b",
        _resolve_day_word,
        0,
        _NEEDS_DAY_WORD,
    ),
    _rule(rf"\b(?P<prep>vor|in)\s+{_COUNT}\s+{_UNIT}\b", _resolve_offset, needs=_NEEDS_PERIOD),
    _rule(
        rf"\b(?P<prep>seit|binnen|innerhalb(?:\s+von)?|in\s+den)\s+(?:(?P<mod>{_PAST_MOD}|{_NEXT_MOD})"
        rf"\s+)?{_COUNT}\s+{_UNIT}\b",
        _resolve_span,
        needs=_NEEDS_PERIOD,
    ),
    _rule(
        r"\b(?:(?:vor|seit)\s+(?:(?:einigen|wenigen|mehreren|vielen)\s+)?|in\s+den\s+"
        rf"(?:{_PAST_MOD}|{_NEXT_MOD})\s+)(?:Tagen|Wochen|Monaten|Jahren|Jahrzehnten)\b",
        _resolve_vague,
        needs=_NEEDS_PERIOD,
    ),
    _rule(
        rf"\bim\s+(?P<quarter>ersten|zweiten|dritten|vierten|letzten|[1-4]\.)\s+Quartal"
        rf"(?:\s+(?P<year>{_YEAR}))?\b",
        _resolve_quarter,
        needs=_NEEDS_QUARTER,
    ),
    _rule(
        rf"\b(?:im\s+)?(?P<season>Frühjahr|Frühling|Sommer|Herbst|Winter)\s+(?P<year>{_YEAR})\b",
        _resolve_season,
        needs=_NEEDS_SEASON,
    ),
    _rule(
        r"\bim\s+(?P<season>Frühjahr|Frühling|Sommer|Herbst|Winter)(?P<year>)\b",
        _resolve_season,
        needs=_NEEDS_SEASON,
    ),
)


# --- tense ---------------------------------------------------------------------------------


def _present_forms(lemma: str) -> set[str]:
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1] if lemma.endswith("n") else lemma
    stems = {stem}
    for plain, changed in (("e", "i"), ("e", "ie"), ("a", "ä"), ("au", "äu"), ("o", "ö")):
        index = stem.rfind(plain)
        if index >= 0:
            stems.add(stem[:index] + changed + stem[index + len(plain) :])
    # strong stems double their consonant after the vowel change ("treffen" -> "trifft")
    return {s + ending for s in stems for ending in ("", "e", "st", "t", "en", "et", "est", "n")}


def verb_tense(token: Token, sentence_tokens: list[Token]) -> Tense:
    """Tense a finite verb gives its clause: past, future (werden/modal + infinitive), present."""
    text, lemma = token.text.lower(), token.lemma.lower()
    has_participle = any(t.pos in ("VVPP", "VAPP", "VMPP") for t in sentence_tokens)
    has_infinitive = any(t.pos in ("VVINF", "VAINF", "VMINF", "VVIZU") for t in sentence_tokens)
    if lemma == "werden":
        return "future" if text in _PRESENT_WERDEN else "past"
    if token.pos == "VMFIN":
        if text in _present_forms(lemma) or text in ("soll", "will", "kann", "muss", "darf", "mag"):
            return "future" if has_infinitive else "present"
        return "past"
    if lemma in ("haben", "sein") and has_participle:
        return "past"
    if text in _present_forms(lemma) or text in ("ist", "sind", "hat", "hält", "tritt", "bin"):
        return "present"
    return "past"


def _tense_finder(doc: Document, sentence: Sentence) -> Callable[[int], Tense]:
    tokens = doc.sentence_tokens(sentence)
    finite = [t for t in tokens if t.pos in _FINITE_TAGS]

    def tense_at(offset: int) -> Tense:
        if not finite:
            return "past"
        nearest = min(finite, key=lambda t: abs(t.start - offset))
        return verb_tense(nearest, tokens)

    return tense_at


# --- finding -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    resolved: Resolved


def _rule_candidates(text: str, base: int, ctx: Context) -> list[_Candidate]:
    found = []
    local = Context(ctx.published, lambda offset: ctx.tense_at(base + offset))
    present: dict[re.Pattern[str], bool] = {}
    for rule in RULES:
        if rule.needs is not None:
            seen = present.get(rule.needs)
            if seen is None:
                seen = present[rule.needs] = rule.needs.search(text) is not None
            if not seen:
                continue
        for m in rule.pattern.finditer(text):
            resolved = rule.resolve(m, local)
            if resolved is not None:
                found.append(_Candidate(base + m.start(), base + m.end(), resolved))
    return found


def _is_year_token(tokens: list[Token], index: int) -> bool:
    """A bare four-digit number used as a time ("2024 stieg ..."), not a count ("2000 Soldaten")."""
    token = tokens[index]
    if not _YEAR_TOKEN.fullmatch(token.text):
        return False
    before = tokens[index - 1].text.lower() if index > 0 else ""
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before in _QUANTITY_WORDS:
        return False
    if after is None or before in _YEAR_PREPOSITIONS:
        return True
    return after.pos not in ("NN", "NE", "ADJA", "CARD") and after.text not in ("%", "€", "$")


def _year_candidates(doc: Document, sentence: Sentence) -> list[_Candidate]:
    tokens = doc.sentence_tokens(sentence)
    found = []
    for index, token in enumerate(tokens):
        if _is_year_token(tokens, index):
            year = int(token.text)
            resolved: Resolved = (dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
            found.append(_Candidate(token.start, token.end, resolved))
    return found


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= c.start or c.end <= cand.start for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _with_range_prefix(doc: Document, cand: _Candidate, sentence_start: int) -> _Candidate:
    """ "seit Februar 2022", "bis 2035", "ab Mai": a point becomes an open range."""
    start_date, end_date, granularity = cand.resolved
    if granularity == "range" and doc.text[cand.start : cand.end].lower().startswith(
        ("seit", "vom", "von", "zwischen", "binnen", "innerhalb", "in den", "vor")
    ):
        return cand  # already a range of its own
    m = _RANGE_PREFIX.search(doc.text, max(sentence_start, cand.start - 25), cand.start)
    if m is None:
        return cand
    prep = m["prep"].lower()
    if prep == "seit":
        resolved: Resolved = (start_date, doc.published, "range")
    elif prep == "ab":
        resolved = (start_date, None, "range")
    else:
        resolved = (None, end_date, "range")
    return _Candidate(m.start(), cand.end, resolved)


def sentence_time_expressions(doc: Document, sentence: Sentence) -> list[TimeExpression]:
    """The time expressions of one sentence, resolved, in text order."""
    ctx = Context(doc.published, _tense_finder(doc, sentence))
    text = doc.text[sentence.start : sentence.end]
    candidates = _rule_candidates(text, sentence.start, ctx) + _year_candidates(doc, sentence)
    expressions = []
    for cand in _longest_first(candidates):
        final = _with_range_prefix(doc, cand, sentence.start)
        start_date, end_date, granularity = final.resolved
        confidence = 0.6 if start_date is None and end_date is None else 0.85
        expressions.append(
            TimeExpression(
                evidence=doc.evidence(final.start, final.end, STAGE, confidence, VERSION),
                text=doc.text[final.start : final.end],
                start_date=start_date,
                end_date=end_date,
                granularity=granularity,
            )
        )
    return expressions


def _sentences(doc: Document) -> list[Sentence]:
    if doc.sentences:
        return doc.sentences
    return [Sentence(0, len(doc.text), 0, len(doc.tokens))]


def find_time_expressions(doc: Document) -> list[TimeExpression]:
    """All time expressions of a document (tokens and sentences must be present)."""
    return [expr for sent in _sentences(doc) for expr in sentence_time_expressions(doc, sent)]


def _expression_date(expr: TimeExpression) -> dt.date | None:
    return expr.start_date or expr.end_date


def date_for_span(doc: Document, start: int, end: int) -> dt.date | None:
    """The date a fact at ``start:end`` refers to.

    That is the resolved time expression of the same sentence nearest to the
    span (its first day, or its last for an open range "bis 2035"); without one,
    the publication date. Uses ``doc.times`` when the ``dates`` stage has run.
    """
    dated = _sentence_dates(doc, start)
    if not dated:
        return doc.published
    return _expression_date(min(dated, key=lambda expr: _distance(expr, start, end)))


def statement_date(
    doc: Document, start: int, end: int, cue: tuple[int, int] | None = None
) -> dt.date | None:
    """The day a quotation at ``start:end`` was made.

    Time expressions inside the quoted words date what is said, not when it was said
    ("bis 2035 müssten alle fünf Prozent ausgeben"), and nothing is said after the
    article is published. So this is the expression of the sentence nearest the cue
    (or the quotation) that lies outside the quotation and not after the publication
    date; without one, the publication date.
    """
    near = cue or (start, end)

    def usable(expr: TimeExpression) -> bool:
        inside = start <= expr.evidence.start and expr.evidence.end <= end
        day = _expression_date(expr) or dt.date.min
        return not inside and (doc.published is None or day <= doc.published)

    dated = [expr for expr in _sentence_dates(doc, near[0]) if usable(expr)]
    if not dated:
        return doc.published
    return _expression_date(min(dated, key=lambda expr: _distance(expr, *near)))


def _sentence_dates(doc: Document, start: int) -> list[TimeExpression]:
    sentence = doc.sentence_at(start)
    if sentence is None:
        return []
    if "times" in doc.assigned or doc.times:
        times = [t for t in doc.times if sentence.start <= t.evidence.start < sentence.end]
    else:
        times = sentence_time_expressions(doc, sentence)
    return [t for t in times if _expression_date(t) is not None]


def _distance(expr: TimeExpression, start: int, end: int) -> int:
    return max(expr.evidence.start - end, start - expr.evidence.end, 0)


class DateResolver:
    name = STAGE
    assigns = ("times",)
    requires = ("tokens", "sentences")

    def __init__(self, resources: Resources | None = None) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        doc.times = find_time_expressions(doc)
        return doc


__all__ = [
    "DateResolver",
    "date_for_span",
    "find_time_expressions",
    "sentence_time_expressions",
    "statement_date",
    "verb_tense",
]
