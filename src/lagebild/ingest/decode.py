"""Bytes to text, and the one normalisation every document text gets.

Downstream character offsets refer to the normalised text, so normalisation
changes only what must change: Unicode composition, line ends, trailing blanks
and long runs of blank lines.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from lagebild.ingest.errors import UnreadableSource

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Single-byte Latin code pages a detector confuses on short German text; for
#: German and English news Windows-1252 (a superset of Latin-1's letters) is right.
_WESTERN_GUESSES = frozenset(
    {"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "iso8859_9", "mac_roman", "cp1254"}
)
_MAX_NONPRINTABLE_SHARE = 0.05
REPLACEMENT = "\ufffd"
_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_LINE_RUN = re.compile(r"\n{4,}")


def decode_bytes(data: bytes, declared_charset: str | None = None) -> str:
    """Text of ``data``; raise :class:`UnreadableSource` if it is not text.

    Order: byte-order mark, the charset the source declared, UTF-8, UTF-8 with a few
    broken bytes (replaced by U+FFFD), a detected charset, Windows-1252, Latin-1
    (which never fails).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data, encoding, "BOM"))
    if b"\x00" in data:
        raise UnreadableSource("not a text file (binary content)")
    if declared_charset:
        try:
            return _checked(data.decode(declared_charset))
        except (LookupError, UnicodeDecodeError):
            pass  # servers and meta tags lie; fall through to detection
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return _checked(damaged)
    return _checked(_decode_legacy(data))


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes, each replaced by U+FFFD; None if it is not UTF-8.

    A legacy code page almost never forms valid multi-byte UTF-8 sequences by chance,
    so text with more intact sequences than broken bytes is UTF-8 that was cut or
    mangled somewhere; read as Windows-1252 every umlaut in it would turn to mojibake.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode("utf-8"))
    intact = sum(1 for ch in text if ch > "\x7f" and ch != REPLACEMENT)
    return text if intact > broken else None


def _decode(data: bytes, encoding: str, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableSource(f"invalid {encoding} text despite {why}: {exc.reason}") from None


def _decode_legacy(data: bytes) -> str:
    best = from_bytes(data).best()
    if best is not None and best.encoding not in _WESTERN_GUESSES:
        return str(best)
    for encoding in ("cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")


def _checked(text: str) -> str:
    """``text`` unless it is mostly control characters (a binary file that happened to decode)."""
    if not text:
        return text
    sample = text[:20000]
    odd = sum(
        1
        for ch in sample
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f\v"
    )
    if odd / len(sample) > _MAX_NONPRINTABLE_SHARE:
        raise UnreadableSource("not a text file (binary content)")
    return text


def normalise_text(text: str) -> str:
    """NFC, "\\n" line ends, no trailing blanks on a line, at most two blank lines in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_BLANKS.sub("", text)
    return _BLANK_LINE_RUN.sub("\n\n\n", text)
