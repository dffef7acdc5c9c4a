"""The analyzer interface and its default implementation."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from lagebild.model import Sentence, Token
from lagebild.nlp.tagger import HanTaTagger
from lagebild.nlp.tokenizer import SoMaJoTokenizer


class Analyzer(Protocol):
    def analyze(self, text: str) -> tuple[list[Token], list[Sentence]]:
        """Tokens with character offsets into ``text``, tags and lemmas, and sentences."""
        ...


class GermanAnalyzer:
    """SoMaJo for tokens and sentences, HanTa for part of speech and lemma."""

    def __init__(self) -> None:
        self.tokenizer = SoMaJoTokenizer()
        self.tagger = HanTaTagger()

    def analyze(self, text: str) -> tuple[list[Token], list[Sentence]]:
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        for sent_tokens in self.tokenizer.sentences(text):
            self.tagger.tag(sent_tokens)
            first = len(tokens)
            tokens.extend(sent_tokens)
            sentences.append(
                Sentence(sent_tokens[0].start, sent_tokens[-1].end, first, len(tokens))
            )
        return tokens, sentences


@lru_cache(maxsize=1)
def default_analyzer() -> GermanAnalyzer:
    return GermanAnalyzer()
