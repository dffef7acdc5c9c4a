import datetime as dt

from lagebild.calendar_de import find_dates, make_date


def test_german_and_numeric_dates_with_time() -> None:
    text = "Stand: 05.11.2024, 09:20 Uhr. Der Gipfel begann am 6. Juni 2021 in Brüssel."
    found = find_dates(text)
    assert [(d, t) for _, _, d, t in found] == [
        (dt.date(2024, 11, 5), "09:20"),
        (dt.date(2021, 6, 6), None),
    ]
    start, end, _, _ = found[1]
    assert text[start:end] == "6. Juni 2021"


def test_iso_and_english_dates() -> None:
    found = find_dates("Published 2025-06-25T10:15, updated June 26, 2025")
    assert [d for _, _, d, _ in found] == [dt.date(2025, 6, 25), dt.date(2025, 6, 26)]
    assert found[0][3] == "10:15"


def test_impossible_and_incomplete_dates_are_ignored() -> None:
    assert make_date(2024, 2, 31) is None
    assert find_dates("am 31.02.2024 und am 6. Juni") == []
