"""German sentence splitting and tokenisation with character offsets (SoMaJo)."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
        self._somajo = SoMaJo(
            "de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True
        )
        _skip_emoji_scan_without_emoji(self._somajo._tokenizer)

    def sentences(self, text: str) -> Iterator[list[Token]]:
        for paragraph_start, paragraph in paragraphs(text):
            for offset, chunk in _chunks(paragraph, paragraph_start):
                if not chunk.strip():
                    continue
                for sent in self._somajo.tokenize_text([chunk]):
                    tokens = [_token(t, offset) for t in sent]
                    if tokens:
                        yield tokens


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
