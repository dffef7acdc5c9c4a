"""Calendar words and absolute date formats of German (and English) news text.

Shared by ingest (publication dates in headers) and the ``dates`` stage (time
expressions in running text), which must agree on what a date looks like.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    "januar": 1, "jänner": 1, "jan": 1, "january": 1,
    "februar": 2, "feber": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3,
    "freitag": 4, "samstag": 5, "sonnabend": 5, "sonntag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

#: "6. Juni 2021", "6 Juni 2021", "am 1. September"
DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>[0-3]?\d)\.?\s+(?P<month>{_MONTH_ALT})\.?(?:\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
#: "November 18, 2009", "June 6 2021"
MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH_ALT})\.?\s+(?P<day>[0-3]?\d),?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: "05.11.2024", "5.11.24", optionally followed by ", 09:20" or " 09:20 Uhr"
NUMERIC_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)?\d\d)\b"
    r"(?:,?\s+(?P<time>[0-2]?\d[:.][0-5]\d)(?:\s*Uhr)?)?"
)
#: "2024-11-05", optionally with a time "2024-11-05T09:20"
ISO_DATE = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<time>[0-2]\d:[0-5]\d))?"
)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not form one (31 February)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def find_dates(text: str) -> list[tuple[int, int, dt.date, str | None]]:
    """All complete absolute dates in ``text``: (start, end, date, "HH:MM" or None), in order."""
    found: list[tuple[int, int, dt.date, str | None]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, date: dt.date | None, time: str | None) -> None:
        if date is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, end, date, time))

    for m in ISO_DATE.finditer(text):
        date = make_date(int(m["year"]), int(m["month"]), int(m["day"]))
        add(m.start(), m.end(), date, m["time"])
    for m in NUMERIC_DATE.finditer(text):
        time = m["time"].replace(".", ":") if m["time"] else None
        date = make_date(_year(m["year"]), int(m["month"]), int(m["day"]))
        add(m.start(), m.end(), date, time)
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        for m in pattern.finditer(text):
            if m["year"]:
                date = make_date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
                add(m.start(), m.end(), date, None)
    found.sort(key=lambda item: item[0])
    return found
