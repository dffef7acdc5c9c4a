"""Amounts in English articles: "about 146 billion dollars", "almost 42 per cent", "$2.5bn".

English is the pipeline's second language, and its figures follow a few fixed shapes, so a
regular expression over each sentence reads them: an optional qualifier ("about", "more
than", "up to"), a number in digits (thousands with commas, decimals with a point) or in
words ("five"), an optional range end ("2 to 3", "2-3"), an optional magnitude ("billion",
"bn") and a unit: per cent, a currency (word or symbol before the number) or a counted noun
from COUNTED. Numbers with no unit (years, page numbers, "one of them") are not amounts.
An ordinal that counts a run of years ("the tenth consecutive year", "the 3rd year in a
row") is that many years.
"""

from __future__ import annotations

import re

from lagebild.model import Amount, Document

STAGE = "amounts"
VERSION = "1"

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
}  # fmt: skip
MAGNITUDES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
              "bn": 1e9, "trillion": 1e12, "tn": 1e12}  # fmt: skip
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "euro": "EUR", "euros": "EUR",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "pound": "GBP",
    "pounds": "GBP", "yuan": "CNY", "yen": "JPY", "won": "KRW",
}  # fmt: skip
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
#: Counted nouns and their unit.
COUNTED = {
    "soldiers": "soldiers", "troops": "soldiers", "fighters": "soldiers",
    "service members": "soldiers", "people": "persons", "persons": "persons",
    "civilians": "persons", "refugees": "persons", "citizens": "persons",
    "countries": "countries", "nations": "countries", "member states": "countries",
    "allies": "countries", "years": "years", "months": "months", "weeks": "weeks",
    "days": "days", "tanks": "items", "drones": "items", "missiles": "items",
    "aircraft": "items", "jets": "items", "warships": "items", "shells": "items",
}  # fmt: skip
#: Qualifier words -> (approximate, qualifier), as in the German stage.
QUALIFIERS = {
    "about": (True, None), "around": (True, None), "roughly": (True, None),
    "approximately": (True, None), "some": (True, None), "an estimated": (True, None),
    "nearly": (True, "less_than"), "almost": (True, "less_than"), "close to": (True, None),
    "more than": (False, "more_than"), "over": (False, "more_than"),
    "less than": (False, "less_than"), "under": (False, "less_than"),
    "fewer than": (False, "less_than"), "up to": (False, "up_to"),
    "at least": (False, "at_least"), "at most": (False, "up_to"),
}  # fmt: skip


def _alternatives(words: object) -> str:
    ordered = sorted(words, key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|{_alternatives(_WORD_NUMBERS)}"
_PATTERN = re.compile(
    rf"""(?<![\w.,$€£¥-])
    (?:(?P<qualifier>{_alternatives(QUALIFIERS)})\s+)?
    (?P<symbol>{_alternatives(CURRENCY_SYMBOLS)})?\s?
    (?P<number>{_NUMBER})
    (?:\s*(?:-|–|to)\s*(?P<upper>{_NUMBER}))?
    (?:\s?(?P<magnitude>{_alternatives(MAGNITUDES)})\b)?
    (?:\s*(?P<percent>%|per\s?cent\b|percent\b)
      |\s+(?P<currency>{_alternatives(CURRENCY_WORDS)})\b
      |\s+(?:(?!(?:of|the|in|and|or|to|for)\b)[a-z-]+\s+){{0,2}}(?P<counted>{_alternatives(COUNTED)})\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)


_ORDINAL_WORDS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15, "twentieth": 20,
    "thirtieth": 30,
}  # fmt: skip
_RUN_UNITS = {"year": "years", "month": "months", "week": "weeks", "day": "days"}
_IN_A_ROW = re.compile(
    rf"""\b(?P<ordinal>{_alternatives(_ORDINAL_WORDS)}|\d+(?:st|nd|rd|th))\s+
    (?:(?:consecutive|straight|successive)\s+(?P<unit>year|month|week|day)\b
      |(?P<unit_row>year|month|week|day)\s+in\s+a\s+row\b)""",
    re.IGNORECASE | re.VERBOSE,
)


def _runs(doc: Document, text: str, offset: int) -> list[Amount]:
    """ "the tenth consecutive year": ten years running."""
    runs = []
    for match in _IN_A_ROW.finditer(text):
        ordinal = match["ordinal"].lower()
        value = _ORDINAL_WORDS.get(ordinal) or int(ordinal[:-2])
        unit = _RUN_UNITS[(match["unit"] or match["unit_row"]).lower()]
        start, end = offset + match.start(), offset + match.end()
        runs.append(
            Amount(
                evidence=doc.evidence(start, end, STAGE, 0.7, VERSION),
                text=doc.text[start:end],
                value=float(value),
                unit=unit,
                cited_by=quote.speaker_id if (quote := doc.quote_at(start)) else None,
            )
        )
    return runs


def _value(text: str) -> float:
    word = " ".join(text.lower().split())
    if word in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[word])
    return float(text.replace(",", ""))


def english_amounts(doc: Document) -> list[Amount]:
    """The amounts of an English document, in text order."""
    amounts = []
    for sentence in doc.sentences:
        text = doc.text[sentence.start : sentence.end]
        found = [_amount(doc, match, sentence.start) for match in _PATTERN.finditer(text)]
        found += _runs(doc, text, sentence.start)
        amounts += sorted((a for a in found if a is not None), key=lambda a: a.evidence.start)
    return amounts


def _amount(doc: Document, match: re.Match[str], offset: int) -> Amount | None:
    symbol, currency = match["symbol"], match["currency"]
    if match["percent"]:
        unit = "percent"
    elif symbol or currency:
        unit = CURRENCY_SYMBOLS.get((symbol or "").lower()) or CURRENCY_WORDS[_key(currency)]
    elif match["counted"]:
        unit = COUNTED[_key(match["counted"])]
    else:
        return None  # a bare number: a year, a rank, a count of nothing named
    scale = MAGNITUDES[match["magnitude"].lower()] if match["magnitude"] else 1.0
    value = _value(match["number"]) * scale
    upper = _value(match["upper"]) * scale if match["upper"] else None
    approximate, qualifier = QUALIFIERS.get(_key(match["qualifier"] or ""), (False, None))
    first = "qualifier" if match["qualifier"] else "symbol" if symbol else "number"
    start = offset + match.start(first)
    end = offset + match.end()
    return Amount(
        evidence=doc.evidence(start, end, STAGE, 0.8, VERSION),
        text=doc.text[start:end],
        value=value,
        unit=unit,
        value_max=upper,
        approximate=approximate,
        qualifier=qualifier,
        cited_by=quote.speaker_id if (quote := doc.quote_at(start)) else None,
    )


def _key(words: str) -> str:
    return " ".join(words.lower().split())
