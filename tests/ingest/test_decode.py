from __future__ import annotations

import codecs

import pytest

from lagebild.ingest.decode import decode_bytes, normalise_text
from lagebild.ingest.errors import UnreadableSource

GERMAN = "Die Außenministerin äußerte sich in Köln zur Lage an der Grenze. Grüße an alle Zuhörer!"


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "cp1252"])
def test_german_umlauts_survive_every_common_encoding(encoding: str) -> None:
    assert decode_bytes(GERMAN.encode(encoding)) == GERMAN


def test_windows_1252_quotes_and_dashes() -> None:
    text = "„Wir handeln jetzt“ – so die fiktive Sprecherin Anna Körber über das Bündnis."
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_mark_decides_and_is_dropped(bom: bytes, encoding: str) -> None:
    assert decode_bytes(bom + GERMAN.encode(encoding)) == GERMAN


def test_declared_charset_is_used_and_a_wrong_one_ignored() -> None:
    assert decode_bytes(GERMAN.encode("latin-1"), "iso-8859-1") == GERMAN
    assert decode_bytes(GERMAN.encode("utf-8"), "no-such-charset") == GERMAN


def test_cyrillic_legacy_encoding_is_detected() -> None:
    text = "Министерство обороны сообщило сегодня о новых учениях на западе страны."
    assert decode_bytes(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    "data",
    [b"GIF89a\x00\x01\x00\x80\x00\x00", bytes(range(1, 32)) * 20],
)
def test_binary_content_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableSource, match=r"^not a text file \(binary content\)$"):
        decode_bytes(data)


def test_normalise_text_changes_only_what_it_must() -> None:
    raw = "Titel  \r\nZeile\t\r\n\r\n\r\n\r\n\r\nEnde\u00a0\n  eingerückt"
    assert normalise_text(raw) == "Titel\nZeile\n\n\nEnde\u00a0\n  eingerückt"


def test_normalise_text_composes_umlauts() -> None:
    decomposed = "Mu\u0308nchen"
    assert normalise_text(decomposed) == "München"


def test_utf8_with_broken_bytes_keeps_its_umlauts() -> None:
    data = GERMAN.encode("utf-8") + b" \xff\xfe kaputt \xc3 " + "Straße.".encode()

    text = decode_bytes(data)

    assert text.startswith(GERMAN) and text.endswith("Straße.")
    assert text.count("\ufffd") == 3


def test_latin1_is_not_mistaken_for_damaged_utf8() -> None:
    data = GERMAN.encode("latin-1") + " Ã¼ber".encode("latin-1")
    assert decode_bytes(data) == GERMAN + " Ã¼ber"
