from __future__ import annotations

import datetime as dt

import pytest

from lagebild.ids import document_id
from lagebild.ingest import UnreadableSource, read_text
from lagebild.ingest.text import first_line_title, header_date

BODY = (
    "Die Verteidigungsminister des Bündnisses haben sich am Donnerstag in Brüssel getroffen. "
    "Sie berieten über die Lage an der Ostflanke und über neue Lieferungen an die Ukraine."
)


@pytest.mark.parametrize(
    ("header", "date", "time"),
    [
        ("6. Juni 2021", dt.date(2021, 6, 6), None),
        ("Von: Erika Beispiel | 05.11.2024, 09:20", dt.date(2024, 11, 5), "09:20"),
        ("Stand: 12.03.2023 17.45 Uhr", dt.date(2023, 3, 12), "17:45"),
        ("Veröffentlicht am 2022-02-24T06:30", dt.date(2022, 2, 24), "06:30"),
        ("Published November 18, 2009", dt.date(2009, 11, 18), None),
    ],
)
def test_publication_date_from_the_header(header: str, date: dt.date, time: str | None) -> None:
    doc = read_text(f"Bündnis berät in Brüssel\n{header}\n\n{BODY}")

    assert (doc.published, doc.published_time) == (date, time)


def test_date_in_a_long_caption_or_late_in_the_text_is_not_the_publication_date() -> None:
    caption = (
        "Vilnius, Litauen - 14. Juli 2019: Soldaten einer multinationalen Einheit stehen "
        "bei einer Übung auf einem Truppenübungsplatz."
    )
    filler = "\n".join(["Weiterer Absatz ohne Datum."] * 15)
    text = f"Titel\n{caption}\n{BODY}\n{filler}\nAm 3. Mai 2020 gab es ein Treffen."

    assert read_text(text).published is None
    assert header_date(text) is None


def test_metadata_date_wins_over_the_header() -> None:
    doc = read_text(f"Titel\n6. Juni 2021\n{BODY}", published=dt.date(2021, 6, 7))
    assert doc.published == dt.date(2021, 6, 7)


def test_language_is_detected_when_missing() -> None:
    french = (
        "Les ministres de la Défense de l'Alliance se sont réunis jeudi à Bruxelles pour "
        "discuter de la situation sur le flanc oriental."
    )
    english = "The defence ministers of the alliance met in Brussels on Thursday to discuss aid."

    assert read_text(BODY).language == "de"
    assert read_text(english).language == "en"
    assert read_text(french).language == "fr"
    assert read_text(BODY, language="en").language == "en"


def test_very_short_text_has_no_language() -> None:
    assert read_text("Nato, 2024").language is None


def test_same_article_gets_the_same_id_whatever_its_line_ends() -> None:
    first = read_text(f"Titel\n{BODY}\n")
    second = read_text(f"Titel\r\n{BODY}  \r\n", source="kopie.txt")

    assert first.id == second.id == document_id(first.text)
    assert first.text == second.text


def test_metadata_is_trimmed_and_empty_text_refused() -> None:
    doc = read_text(BODY, title="  Treffen \n in Brüssel ", outlet="", author=None)

    assert doc.title == "Treffen in Brüssel"
    assert doc.outlet is None
    with pytest.raises(UnreadableSource, match=r"^empty$"):
        read_text(" \n\t\n")


def test_first_line_title() -> None:
    assert first_line_title(f"Treffen in Brüssel\n{BODY}") == "Treffen in Brüssel"
    assert first_line_title(BODY) is None
    assert first_line_title("x" * 250 + "\n" + BODY) is None


def test_dateline_opening_the_first_paragraph_is_the_publication_date() -> None:
    text = (
        "Titel der Meldung\n\nBrüssel, 12. März 2025 – Die Außenminister der Allianz berieten "
        "am Mittwoch über die Lage an der Ostflanke und über weitere Hilfen für die Ukraine.\n"
    )
    assert header_date(text) == (dt.date(2025, 3, 12), None)


def test_a_text_longer_than_the_cap_is_refused_with_its_size() -> None:
    from lagebild.ingest.text import MAX_TEXT_CHARS

    refused = r"^text too long \(2,000,001 characters > 2,000,000\)$"
    with pytest.raises(UnreadableSource, match=refused):
        read_text("a" * (MAX_TEXT_CHARS + 1))
    assert len(read_text("a" * MAX_TEXT_CHARS).text) == MAX_TEXT_CHARS
