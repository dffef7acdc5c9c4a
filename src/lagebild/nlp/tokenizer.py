"""German sentence splitting and tokenisation with character offsets (SoMaJo)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from somajo import SoMaJo

from lagebild.model import Token

_LINE = re.compile(r"[^\n]+")
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

    def sentences(self, text: str) -> Iterator[list[Token]]:
        for line in _LINE.finditer(text):
            for offset, chunk in _chunks(line.group(), line.start()):
                if not chunk.strip():
                    continue
                for sent in self._somajo.tokenize_text([chunk]):
                    tokens = [_token(t, offset) for t in sent]
                    if tokens:
                        yield tokens


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
