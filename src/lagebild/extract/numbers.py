"""German numerals and number words: "1.500", "2,5", "fünfundzwanzig", "zweieinhalb".

Shared by the ``amounts`` stage (values) and the ``dates`` stage ("vor drei Tagen").
"""

from __future__ import annotations

import re

_UNITS: dict[str, int] = {
    "null": 0, "ein": 1, "eins": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "zwei": 2,
    "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
}  # fmt: skip
_TEENS: dict[str, int] = {
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}  # fmt: skip
#: Inflected forms that only occur standing alone ("mit zweien", "alle dreie" are too rare).
_SMALL = {**_UNITS, **_TEENS, **_TENS}
_SMALL_ALT = "|".join(sorted(_SMALL, key=len, reverse=True))
#: "dreiundzwanzig": a unit, "und", a ten (compiled once: every token is tried)
_UNIT_AND_TEN = re.compile(rf"(?P<unit>{_SMALL_ALT})und(?P<ten>{_SMALL_ALT})")
_HALF = "einhalb"

#: Fractions: denominator word -> value of one part.
FRACTIONS: dict[str, float] = {
    "hälfte": 1 / 2, "halb": 1 / 2, "drittel": 1 / 3, "viertel": 1 / 4, "fünftel": 1 / 5,
    "sechstel": 1 / 6, "achtel": 1 / 8, "zehntel": 1 / 10,
}  # fmt: skip
#: Ordinal words in "jeder dritte", "jede zweite": the denominator of a ratio.
ORDINALS: dict[str, int] = {
    "zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "sechste": 6, "siebte": 7, "achte": 8,
    "neunte": 9, "zehnte": 10, "zwanzigste": 20, "hundertste": 100,
}  # fmt: skip

_NUMERAL = re.compile(r"(?P<int>\d{1,3}(?:[.\u202f\u00a0 ]\d{3})+|\d+)(?:,(?P<frac>\d+))?")
_DECIMAL_POINT = re.compile(r"(?P<int>\d+)\.(?P<frac>\d{1,2})")


def parse_numeral(text: str) -> float | None:
    """Value of a German numeral: "1.500" -> 1500, "2,5" -> 2.5, "1.234,5" -> 1234.5.

    An English decimal point with one or two digits ("2.5") is read as a
    decimal; three digits after a point are always a thousands group.
    """
    m = _NUMERAL.fullmatch(text)
    if m:
        whole = re.sub(r"\D", "", m["int"])
        return float(f"{whole}.{m['frac']}") if m["frac"] else float(whole)
    m = _DECIMAL_POINT.fullmatch(text)
    if m:
        return float(f"{m['int']}.{m['frac']}")
    return None


def _below_hundred(word: str) -> int | None:
    if word in _SMALL:
        return _SMALL[word]
    m = _UNIT_AND_TEN.fullmatch(word) if "und" in word else None
    if m and m["unit"] in _UNITS and m["ten"] in _TENS and m["unit"] != "null":
        return _UNITS[m["unit"]] + _TENS[m["ten"]]
    return None


def _below_thousand(word: str) -> int | None:
    if "hundert" not in word:
        return _below_hundred(word)
    head, _, rest = word.partition("hundert")
    hundreds = 1 if head in ("", "ein") else _below_hundred(head)
    if hundreds is None or hundreds > 9:
        return None
    tail = 0 if rest == "" else _below_hundred(rest)
    return None if tail is None else hundreds * 100 + tail


#: Ordinals whose stem is not the cardinal plus "te"/"ste".
_IRREGULAR_ORDINALS: dict[str, int] = {"erste": 1, "dritte": 3, "siebte": 7, "achte": 8}


def parse_ordinal_word(word: str) -> int | None:
    """Value of a German ordinal word in any inflection: "zehnten" -> 10,
    "dreißigste" -> 30, "dritte" -> 3, "hundertste" -> 100; else None."""
    word = word.lower()
    if word[-1:] in ("n", "m", "r", "s") and word[:-1].endswith("te"):
        word = word[:-1]
    if word in _IRREGULAR_ORDINALS:
        return _IRREGULAR_ORDINALS[word]
    if not word.endswith("te"):
        return None
    for suffix in ("te", "ste"):  # "sechs-te" keeps its s, "zwanzig-ste" adds one
        stem = word[: -len(suffix)]
        value = parse_number_word(stem) if stem else None
        if value is not None and value >= 2 and value == int(value):
            return int(value)
    return None


def parse_number_word(word: str) -> float | None:
    """Value of a German number word: "fünf" -> 5, "zweihundertdreißig" -> 230,
    "dreitausend" -> 3000, "zweieinhalb" -> 2.5, "anderthalb" -> 1.5; else None."""
    word = word.lower()
    if word == "anderthalb":
        return 1.5
    if word.endswith(_HALF) and len(word) > len(_HALF):
        whole = parse_number_word(word[: -len(_HALF)].rstrip("-") or "ein")
        return None if whole is None else whole + 0.5
    if "tausend" in word:
        head, _, rest = word.partition("tausend")
        thousands = 1 if head in ("", "ein") else _below_thousand(head)
        tail = 0 if rest == "" else _below_thousand(rest)
        if thousands is None or tail is None:
            return None
        return float(thousands * 1000 + tail)
    value = _below_thousand(word)
    return None if value is None else float(value)
