"""German sentence splitting and tokenisation with character offsets (SoMaJo)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import regex
from somajo import SoMaJo

from lagebild.model import Token

_LINE = re.compile(r"[^\n]+")
_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")
#: A text is hard-wrapped (lines broken inside sentences) when most lines have a
#: width in this range and none is much longer.
WRAP_WIDTH = range(40, 101)
WRAPPED_SHARE = 0.6
#: SoMaJo's cost grows faster than linearly on very long unbroken lines; chunking
#: them at blanks keeps hostile input (one megabyte "sentence") tractable.
MAX_LINE = 5000


class SoMaJoTokenizer:
    """Splits each line (paragraph) of a text into sentences of tokens.

    Lines are tokenised separately because news text puts headlines, datelines and
    captions on lines of their own without a closing full stop.
    """

    def __init__(self) -> None:
        self._somajo = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True)
        self._with_offsets = SoMaJo(
            "de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True
        )
        for somajo in (self._somajo, self._with_offsets):
            _skip_emoji_scan_without_emoji(somajo._tokenizer)
            _skip_patterns_without_required_text(somajo._tokenizer)
            _read_names_as_names(somajo._tokenizer)

    def sentences(self, text: str) -> Iterator[list[Token]]:
        for paragraph_start, paragraph in paragraphs(text):
            for offset, chunk in _chunks(paragraph, paragraph_start):
                if chunk.strip():
                    yield from self._chunk_sentences(chunk, offset)

    def _chunk_sentences(self, chunk: str, offset: int) -> Iterator[list[Token]]:
        """Tokens of one chunk with offsets found by matching their text in the chunk.

        SoMaJo's own offset alignment costs a third of its run time; tokens are almost
        always verbatim substrings separated by blanks, which a left-to-right search
        aligns at once. Where a token's text is not found verbatim (SoMaJo normalised
        it), the chunk is tokenised again with SoMaJo's alignment.
        """
        sentences = list(self._somajo.tokenize_text([chunk]))
        aligned = _align(chunk, sentences, offset)
        if aligned is None:
            try:
                aligned = [
                    [_token(t, offset) for t in sent]
                    for sent in self._with_offsets.tokenize_text([chunk])
                ]
            except AssertionError:
                # SoMaJo's aligner asserts that NFC maps character to character, which fails
                # for composition exclusions (Tibetan, some Indic marks): split at blanks.
                aligned = [_blank_separated(chunk, offset)]
        for tokens in aligned:
            if tokens:
                yield _split_possessives(tokens)


#: An English possessive of a name ("Russia's", "NATO’s"), which SoMaJo's German model
#: keeps as one token.
_POSSESSIVE = regex.compile(r"^(\p{Lu}[\p{L}.-]*)(['’]s)$")


def _split_possessives(tokens: list[Token]) -> list[Token]:
    """ "Russia's war": the name and "'s" as two tokens, so that the knowledge base and
    the tagger see the name (a German clitic like "geht's" starts lower-case and stays)."""
    if not any(t.text.endswith("s") and _POSSESSIVE.match(t.text) for t in tokens):
        return tokens
    result: list[Token] = []
    for token in tokens:
        match = _POSSESSIVE.match(token.text)
        if match is None:
            result.append(token)
            continue
        cut = token.start + len(match.group(1))
        result.append(Token(match.group(1), token.start, cut, space_after=False))
        result.append(Token(match.group(2), cut, token.end, space_after=token.space_after))
    return result


def _read_names_as_names(tokenizer: Any) -> None:
    """Keep names at the end of a sentence apart from the full stop, where SoMaJo's
    abbreviation list would join them.

    The German list holds dictionary abbreviations of adjectives that are spelled like
    countries: "iran.", "italien.", "japan.", "jemen." (iranisch, italienisch, …), and it is
    matched regardless of case, so "SOZ." (sozial) and "AKK." (Akkusativ) are joined too.
    SoMaJo then keeps "aus dem Iran." or "Mitglied der SOZ." as one token, the name is lost
    and the sentence does not end there. In news such names are far more common than the
    abbreviations, so entries spelled like a country (CLDR, German and English) are dropped
    and a word in capitals is never read as an abbreviation. The pattern is rebuilt the way
    SoMaJo builds it.
    """
    tokenizer.abbreviation = _abbreviation_pattern(tokenizer.language[:2])


@lru_cache(maxsize=2)
def _abbreviation_pattern(language: str) -> regex.Pattern[str]:
    """SoMaJo's abbreviation pattern for ``language`` without country names and capitals
    (built once: both SoMaJo instances of a tokenizer get it)."""
    from babel import Locale
    from somajo import utils

    countries = {name.lower() + "." for code in ("de", "en")
                 for name in Locale(code).territories.values()}  # fmt: skip
    entries = utils.read_abbreviation_file(f"abbreviations_{language}.txt", to_lower=True)
    kept = [entry for entry in entries if entry not in countries]
    return regex.compile(
        r"(?<![\p{L}.])(?!(?-i:\p{Lu}{2,})\.)(?:(?:(?:\p{L}\.){2,})|"
        + "|".join(regex.escape(entry) for entry in kept)
        + r")+(?!\p{L}{1,3}\.)",
        regex.IGNORECASE,
    )


#: Every character SoMaJo's emoji splitter reacts to.
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")


def _skip_emoji_scan_without_emoji(tokenizer: Any) -> None:
    """Run SoMaJo's emoji splitter only on tokens that contain an emoji character.

    The splitter tests every grapheme with an uncompiled pattern, which made it half
    of all tokenisation time on news text that has no emoji at all. The result is
    unchanged: without such a character the splitter finds no boundary.
    """
    original = tokenizer._split_emojis

    def split_emojis(node: Any, token_class: str = "emoticon") -> None:
        if _EMOJI.search(node.value.text):
            original(node, token_class)

    tokenizer._split_emojis = split_emojis


_CASELESS = regex.IGNORECASE
#: Text that every match of one of SoMaJo's patterns contains, for the patterns that cost
#: most on news text: (the pattern's hash as read, the test). A token without that text
#: cannot be split by the pattern, so the scan is skipped. Each test was read off the
#: pattern with that hash; a SoMaJo release that changes a pattern runs it untested.
_REQUIRED_TEXT: dict[str, tuple[str, regex.Pattern[str]]] = {
    # every listed token has a "+" or "&" (the list is part of the pattern and its hash)
    "token_with_plus_ampersand": ("7557e6e91d374144", regex.compile(r"[+&]")),
    # ISBNs: ten or more digits, X, blanks or hyphens in a row, starting with a digit
    "isbn": ("7c9d7c87d508d60f", regex.compile(r"[0-9][0-9X -]{9}", _CASELESS)),
    # numeric dates: digits joined by ".", "/" or "-"
    "three_part_date_dmy": ("f2ce1fe4fb063d93", regex.compile(r"\d[./-]\d")),
    "three_part_date_mdy": ("226abfb0a14f375b", regex.compile(r"\d[./-]\d")),
    "three_part_date_year_first": ("5df3ca74803f8fd5", regex.compile(r"\d[./-]\d")),
    "two_part_date": ("6c9a723f76fa2ceb", regex.compile(r"\d[./-]\d")),
    "ordinal": ("24f951b17c68b288", regex.compile(r"\d\.")),
    "nr_abbreviations": ("955ff8fb546d1258", regex.compile(r"nr\.", _CASELESS)),
    "email": ("4d3eef56150f1a7d", regex.compile(r"@| \[at\] ")),
    "xml_declaration": ("ffc751b907d7f8c3", regex.compile(r"<\?")),
    "tag": ("04cfb255c41689de", regex.compile(r"<")),
    "gender_marker": ("8babf0dc52ce8269", regex.compile(r"[*:/]in", _CASELESS)),
    "simple_url": ("0889ce7b59a16d70", regex.compile(r"://|www\.", _CASELESS)),
    "url_without_protocol": (
        "64d714ea66b12ed6",
        regex.compile(
            r"\.(?:de|com|tv|me|net|us|org|at|cc|ly|be|ch|info|live|eu|edu|gov|jpg|png|gif"
            r"|log|txt|xlsx?|docx?|pptx?|pdf)",
            _CASELESS,
        ),
    ),
}


def pattern_hash(pattern: regex.Pattern[str]) -> str:
    """A hash of the pattern that ignores the order of alternatives: SoMaJo joins some
    word lists from sets, whose order differs from process to process."""
    parts = sorted(re.split(r"[|()]", pattern.pattern))
    return hashlib.sha1(f"{pattern.flags}:{parts}".encode()).hexdigest()[:16]


def _skip_patterns_without_required_text(tokenizer: Any) -> None:
    """Let SoMaJo scan a token with one of its costly patterns only when the token
    contains the text every match of that pattern contains (:data:`_REQUIRED_TEXT`).

    SoMaJo tries some seventy patterns on every token; most find nothing in a news
    paragraph, and a few (a list of 168 tokens with "+" or "&", ISBNs, URLs) cost a
    fifth of tokenisation. Without a match the pattern splits nothing, so skipping it
    leaves the tokens unchanged.
    """
    tests = {
        id(pattern): test
        for name, (expected, test) in _REQUIRED_TEXT.items()
        if (pattern := getattr(tokenizer, name, None)) is not None
        and pattern_hash(pattern) == expected
    }
    original = tokenizer._split_matches

    def split_matches(pattern: Any, node: Any, *args: Any, **kwargs: Any) -> None:
        test = tests.get(id(pattern))
        if test is None or test.search(node.value.text):
            original(pattern, node, *args, **kwargs)

    tokenizer._split_matches = split_matches


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each paragraph: a line, or a block of a hard-wrapped text.

    In a hard-wrapped block the line breaks become blanks, which keeps every
    character offset while letting sentences run across lines.
    """
    if not hard_wrapped(text):
        for line in _LINE.finditer(text):
            yield line.start(), line.group()
        return
    for block in _BLOCK.finditer(text):
        yield block.start(), block.group().replace("\n", " ")


def hard_wrapped(text: str) -> bool:
    lengths = [len(line) for line in text.split("\n") if line.strip()]
    if len(lengths) < 3 or max(lengths) > max(WRAP_WIDTH) + 20:
        return False
    return sum(n in WRAP_WIDTH for n in lengths) >= WRAPPED_SHARE * len(lengths)


def _align(chunk: str, sentences: list[list[Any]], offset: int) -> list[list[Token]] | None:
    """Tokens at the positions where their texts occur in order, or None if one does not."""
    result: list[list[Token]] = []
    position = 0
    for sent in sentences:
        tokens = []
        for t in sent:
            start = chunk.find(t.text, position)
            if start < 0 or (not chunk[position:start].isspace() and start != position):
                return None
            position = start + len(t.text)
            tokens.append(
                Token(t.text, start + offset, position + offset, space_after=bool(t.space_after))
            )
        result.append(tokens)
    return result


def _blank_separated(chunk: str, offset: int) -> list[Token]:
    return [
        Token(m.group(), m.start() + offset, m.end() + offset, space_after=m.end() < len(chunk))
        for m in _NON_BLANK.finditer(chunk)
    ]


_NON_BLANK = regex.compile(r"\S+")


def _token(t: object, offset: int) -> Token:
    start, end = t.character_offset  # type: ignore[attr-defined]
    return Token(
        text=t.text,  # type: ignore[attr-defined]
        start=start + offset,
        end=end + offset,
        space_after=bool(t.space_after),  # type: ignore[attr-defined]
    )


def _chunks(line: str, offset: int) -> Iterator[tuple[int, str]]:
    while len(line) > MAX_LINE:
        cut = line.rfind(" ", 0, MAX_LINE)
        cut = cut if cut > 0 else MAX_LINE
        yield offset, line[:cut]
        line, offset = line[cut:], offset + cut
    yield offset, line
